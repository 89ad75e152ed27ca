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

// get is Get for a lower-case ASCII name, as the library looks up the
// fields that frame a response, folding ASCII letters only.
func (h Headers) get(lower string) (string, bool) {
	for _, f := range h {
		if asciiEqualFold(f.Name, lower) {
			return f.Value, true
		}
	}
	return "", false
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

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }

// readHeaderLines is http.client's _read_headers: raw lines up to and
// including the blank line (or EOF), each at most maxLine bytes (else
// LineTooLong with what), at most maxHeaders lines counting the blank one
// (else HTTPException "got more than N headers").
func readHeaderLines(r reader, maxLine, maxHeaders int, what string) (lines [][]byte, raw []byte, err error) {
	// Each line is a view of its bytes in raw.
	var ends []int
	raw, err = appendHeaderBlock(nil, r, maxLine, maxHeaders, what, func(end int) { ends = append(ends, end) })
	start := 0
	for _, end := range ends {
		lines = append(lines, raw[start:end:end])
		start = end
	}
	return lines, raw, err
}

// appendHeaderBlock is readHeaderLines appending the lines to dst (the
// library's own buffer appends them there without a copy of its own); it
// calls line (when not nil) with the end of each line in dst, the blank
// one included.
func appendHeaderBlock(dst []byte, r reader, maxLine, maxHeaders int, what string, line func(end int)) ([]byte, error) {
	if br, ok := r.(blockReader); ok {
		start := len(dst)
		out, whole, err := br.appendBlock(dst, maxLine, maxHeaders)
		if err != nil {
			return out, err
		}
		if whole {
			if line != nil {
				for i := start; i < len(out); {
					i += bytes.IndexByte(out[i:], '\n') + 1
					line(i)
				}
			}
			return out, nil
		}
	}
	for n := 1; ; n++ {
		start := len(dst)
		var err error
		dst, err = appendLineFrom(dst, r, maxLine+1)
		if err != nil && !isEOF(err) {
			return dst, err
		}
		if len(dst)-start > maxLine {
			return dst, &LineTooLongError{What: what, Limit: maxLine}
		}
		if line != nil {
			line(len(dst))
		}
		if n > maxHeaders {
			return dst, &HTTPError{Msg: "got more than " + itoa(maxHeaders) + " headers"}
		}
		if isBlankLine(dst[start:]) {
			return dst, nil
		}
	}
}

// blockReader is a reader that can take a whole header block at once
// when it already holds all of it (see fileReader.appendBlock): whole
// reports that it did, and then dst holds what the line-by-line loop of
// appendHeaderBlock would have put there, with nothing else read.
type blockReader interface {
	appendBlock(dst []byte, maxLine, maxHeaders int) (out []byte, whole bool, err error)
}

// lineAppender is a reader that can append a line to a buffer of the
// caller's (see appendLine).
type lineAppender interface {
	appendLine(dst []byte, limit int) ([]byte, error)
}

// appendLineFrom appends a line of at most limit bytes read from r to
// dst: straight into dst when r can (lineAppender), else as readLine
// gives it.
func appendLineFrom(dst []byte, r reader, limit int) ([]byte, error) {
	if app, ok := r.(lineAppender); ok {
		return app.appendLine(dst, limit)
	}
	line, err := r.readLine(limit)
	return append(dst, line...), err
}

// asciiEqualFold reports whether s, lower-cased as Python's str.lower
// does for ASCII letters, equals lower (which is lower-case already).
// Unlike strings.EqualFold it folds nothing outside ASCII: latin-1 text
// held as bytes is not UTF-8.
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// containsFoldASCII is strings.Contains(asciiLower(s), lower).
func containsFoldASCII(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if asciiEqualFold(s[i:i+len(lower)], lower) {
			return true
		}
	}
	return false
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
	return parseHeaderText(string(block))
}

// parseHeaderText is ParseHeaderBlock on text it may keep: names and
// values are substrings of it (a value with its continuation lines is
// one run of text).
func parseHeaderText(text string) Headers {
	out := make(Headers, 0, strings.Count(text, "\n"))
	// The field being gathered is text[start:colon] and, after its first
	// line's leading blanks, text[value:end] up to the end of its last
	// continuation line.
	start, colon, value, end := -1, 0, 0, 0
	for pos := 0; pos < len(text); {
		n := lineLen(text[pos:])
		line := text[pos : pos+n]
		if !headerLineStart(line) {
			break
		}
		switch {
		case line[0] == ' ' || line[0] == '\t':
			// A continuation of the field being gathered (or of none).
			end = pos + n
		case strings.HasPrefix(line, "From "), line[0] == ':':
			// An envelope line, or an empty name: never a field.
			out = appendField(out, text, start, colon, value, end)
			start = -1
		default:
			out = appendField(out, text, start, colon, value, end)
			start, end = pos, pos+n
			colon = pos + strings.IndexByte(line, ':')
			value = colon + 1
			for value < end && (text[value] == ' ' || text[value] == '\t') {
				value++
			}
		}
		pos += n
	}
	return appendField(out, text, start, colon, value, end)
}

// appendField appends the field parseHeaderText gathered, if any, its
// value without trailing CR and LF.
func appendField(out Headers, text string, start, colon, value, end int) Headers {
	if start < 0 {
		return out
	}
	for end > value && (text[end-1] == '\r' || text[end-1] == '\n') {
		end--
	}
	return append(out, Header{Name: text[start:colon], Value: text[value:end]})
}

// lineLen is the length of the first line of s with its line end: CRLF,
// a lone CR or a lone LF (all of s when it has none).
func lineLen(s string) int {
	nl := strings.IndexByte(s, '\n')
	seg := s
	if nl >= 0 {
		seg = s[:nl]
	}
	if cr := strings.IndexByte(seg, '\r'); cr >= 0 {
		if cr+1 < len(s) && s[cr+1] == '\n' {
			return cr + 2
		}
		return cr + 1
	}
	if nl >= 0 {
		return nl + 1
	}
	return len(s)
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
