package core

import (
	"bufio"
	"bytes"
	"strings"
)

// Header is one response header field as http.client's HTTPMessage keeps
// it: the name as received and the value after compat32's rules (leading
// blanks of the first line dropped, trailing CR/LF dropped, continuation
// lines kept with their line breaks). Both are latin-1 text held as bytes.
type Header struct {
	Name  string
	Value string
}

// Headers is a header block in received order, duplicates included.
type Headers []Header

// Get returns the first value whose name matches name case-insensitively
// (HTTPMessage.get), and whether there was one.
func (h Headers) Get(name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns every value whose name matches name case-insensitively,
// in received order (HTTPMessage.get_all).
func (h Headers) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Join returns the matching values joined with ", " as
// HTTPResponse.getheader does, and whether any matched.
func (h Headers) Join(name string) (string, bool) {
	vs := h.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	return strings.Join(vs, ", "), true
}

// readLine reads one line of at most limit bytes, as BufferedReader's
// readline(limit) does: it stops after '\n', after limit bytes, or at EOF.
// An error is returned only when nothing was read.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	line, err := appendLine(nil, r, limit)
	if len(line) == 0 {
		return nil, err
	}
	return line, err
}

// appendLine is readLine appending the line to dst: dst comes back
// unchanged, with the error, when nothing was read.
func appendLine(dst []byte, r *bufio.Reader, limit int) ([]byte, error) {
	start := len(dst)
	for len(dst)-start < limit {
		b, err := r.Peek(1)
		if len(b) == 0 {
			if err != nil && !isEOF(err) {
				return dst, err // a timeout or reset mid-line is an error
			}
			if len(dst) > start {
				return dst, nil
			}
			return dst, err
		}
		n := r.Buffered()
		if n > limit-(len(dst)-start) {
			n = limit - (len(dst) - start)
		}
		chunk, _ := r.Peek(n)
		if i := indexByte(chunk, '\n'); i >= 0 {
			dst = append(dst, chunk[:i+1]...)
			r.Discard(i + 1)
			return dst, nil
		}
		dst = append(dst, chunk...)
		r.Discard(n)
	}
	return dst, nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// readHeaderLines is http.client's _read_headers: raw lines up to and
// including the blank line (or EOF), each at most maxLine bytes (else
// LineTooLong with what), at most maxHeaders lines counting the blank one
// (else HTTPException "got more than N headers").
func readHeaderLines(r reader, maxLine, maxHeaders int, what string) (lines [][]byte, raw []byte, err error) {
	// The lines are read one after the other into raw (the library's own
	// buffer appends them there without a copy of its own); each line is
	// a view of its bytes.
	app, direct := r.(lineAppender)
	if direct {
		raw = make([]byte, 0, 1024)
	}
	for {
		var line []byte
		if direct {
			start := len(raw)
			raw, err = app.appendLine(raw, maxLine+1)
			line = raw[start:len(raw):len(raw)]
		} else {
			line, err = r.readLine(maxLine + 1)
			raw = append(raw, line...)
		}
		if err != nil && !isEOF(err) {
			return lines, raw, err
		}
		if len(line) > maxLine {
			return lines, raw, &LineTooLongError{What: what, Limit: maxLine}
		}
		lines = append(lines, line)
		if len(lines) > maxHeaders {
			return lines, raw, &HTTPError{Msg: "got more than " + itoa(maxHeaders) + " headers"}
		}
		if isBlankLine(line) {
			return lines, raw, nil
		}
	}
}

// lineAppender is a reader that can append a line to a buffer of the
// caller's (see appendLine).
type lineAppender interface {
	appendLine(dst []byte, limit int) ([]byte, error)
}

func isBlankLine(line []byte) bool {
	return len(line) == 0 || (len(line) == 1 && line[0] == '\n') ||
		(len(line) == 2 && line[0] == '\r' && line[1] == '\n')
}

// ParseHeaderBlock turns raw header lines into fields exactly as
// http.client does through email.parser with the compat32 policy:
//   - the text is split into lines at CRLF, CR or LF (so a bare CR inside
//     a line starts a new one);
//   - the header section ends at the first line that is neither
//     "From ", a name of printable ASCII other than ':' followed by ':'
//     (an empty name included), nor a continuation starting with SP/HT;
//     that line and everything after it are dropped;
//   - "From " lines, lines with an empty name, and continuation lines
//     that follow no field are skipped;
//   - a value is its first line after ':' without leading SP/HT, plus
//     its continuation lines, with trailing CR/LF removed.
func ParseHeaderBlock(block []byte) Headers {
	text := string(block)
	lines := make([]string, 0, bytes.Count(block, []byte{'\n'})+1)
	for len(text) > 0 {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			lines = append(lines, text)
			break
		}
		end := i + 1
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			end++
		}
		lines = append(lines, text[:end])
		text = text[end:]
	}
	n := 0
	for ; n < len(lines); n++ {
		if !headerLineStart(lines[n]) {
			break
		}
	}
	lines = lines[:n]

	out := make(Headers, 0, n)
	// A field is lines[start:end]: its first line and its continuations.
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		first := lines[start]
		i := strings.IndexByte(first, ':')
		v := strings.TrimLeft(first[i+1:], " \t")
		if end > start+1 {
			v += strings.Join(lines[start+1:end], "")
		}
		out = append(out, Header{Name: first[:i], Value: strings.TrimRight(v, "\r\n")})
		start = -1
	}
	for j, line := range lines {
		if line[0] == ' ' || line[0] == '\t' {
			continue // a continuation of the field being gathered (or of none)
		}
		flush(j)
		if strings.HasPrefix(line, "From ") {
			continue // an envelope line, never a field
		}
		if line[0] == ':' {
			continue
		}
		start = j
	}
	flush(len(lines))
	return out
}

// headerLineStart is email.feedparser's headerRE:
// ^(From |[\041-\071\073-\176]*:|[\t ]).
func headerLineStart(line string) bool {
	if strings.HasPrefix(line, "From ") || line[0] == ' ' || line[0] == '\t' {
		return true
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ':' {
			return true
		}
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
