package core

import (
	"bufio"
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
	var line []byte
	for len(line) < limit {
		b, err := r.Peek(1)
		if len(b) == 0 {
			if err != nil && !isEOF(err) {
				return line, err // a timeout or reset mid-line is an error
			}
			if len(line) > 0 {
				return line, nil
			}
			return nil, err
		}
		n := r.Buffered()
		if n > limit-len(line) {
			n = limit - len(line)
		}
		chunk, _ := r.Peek(n)
		if i := indexByte(chunk, '\n'); i >= 0 {
			line = append(line, chunk[:i+1]...)
			r.Discard(i + 1)
			return line, nil
		}
		line = append(line, chunk...)
		r.Discard(n)
	}
	return line, nil
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
func readHeaderLines(r reader, maxLine, maxHeaders int, what string) ([][]byte, error) {
	var lines [][]byte
	for {
		line, err := r.readLine(maxLine + 1)
		if err != nil && !isEOF(err) {
			return lines, err
		}
		if len(line) > maxLine {
			return lines, &LineTooLongError{What: what, Limit: maxLine}
		}
		lines = append(lines, line)
		if len(lines) > maxHeaders {
			return lines, &HTTPError{Msg: "got more than " + itoa(maxHeaders) + " headers"}
		}
		if isBlankLine(line) {
			return lines, nil
		}
	}
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
	var lines []string
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

	var out Headers
	var cur []string
	flush := func() {
		if cur == nil {
			return
		}
		first := cur[0]
		i := strings.IndexByte(first, ':')
		v := strings.TrimLeft(first[i+1:], " \t") + strings.Join(cur[1:], "")
		out = append(out, Header{Name: first[:i], Value: strings.TrimRight(v, "\r\n")})
		cur = nil
	}
	for _, line := range lines {
		if line[0] == ' ' || line[0] == '\t' {
			if cur != nil {
				cur = append(cur, line)
			}
			continue
		}
		flush()
		if strings.HasPrefix(line, "From ") {
			continue // an envelope line, never a field
		}
		if line[0] == ':' {
			continue
		}
		cur = []string{line}
	}
	flush()
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
