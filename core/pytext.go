package core

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the few Python text rules that http.client's observable
// behaviour depends on: repr() of bytes and of str (error messages and the
// debug output), int() as applied to header and chunk-size text, and
// str.isspace for latin-1 text.

// pyReprBytes returns Python's repr() of b, e.g. b'GET / HTTP/1.1\r\n'.
func pyReprBytes(b []byte) string {
	quote := byte('\'')
	if strings.IndexByte(string(b), '\'') >= 0 && strings.IndexByte(string(b), '"') < 0 {
		quote = '"'
	}
	var sb strings.Builder
	sb.Grow(len(b) + 3)
	sb.WriteByte('b')
	sb.WriteByte(quote)
	for _, c := range b {
		switch {
		case c == quote || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			sb.WriteString(`\x`)
			sb.WriteByte(hexLower[c>>4])
			sb.WriteByte(hexLower[c&15])
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(quote)
	return sb.String()
}

const hexLower = "0123456789abcdef"

// pyReprLatin1 returns Python's repr() of the str that b decodes to as
// ISO-8859-1, the way http.client decodes status lines and headers.
func pyReprLatin1(b string) string {
	runes := make([]rune, len(b))
	for i := 0; i < len(b); i++ {
		runes[i] = rune(b[i])
	}
	return pyReprRunes(runes)
}

// pyReprStr returns Python's repr() of the str that s (UTF-8) encodes.
// Invalid UTF-8 bytes are shown as they would be after a latin-1 decode.
func pyReprStr(s string) string {
	runes := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			r = rune(s[i])
			n = 1
		}
		runes = append(runes, r)
		i += n
	}
	return pyReprRunes(runes)
}

func pyReprRunes(rs []rune) string {
	hasSingle, hasDouble := false, false
	for _, r := range rs {
		hasSingle = hasSingle || r == '\''
		hasDouble = hasDouble || r == '"'
	}
	quote := '\''
	if hasSingle && !hasDouble {
		quote = '"'
	}
	var sb strings.Builder
	sb.WriteRune(quote)
	for _, r := range rs {
		switch {
		case r == quote || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r < 0x7f && r >= 0x20:
			sb.WriteRune(r)
		case pyPrintable(r):
			sb.WriteRune(r)
		case r <= 0xff:
			sb.WriteString(`\x`)
			sb.WriteByte(hexLower[r>>4])
			sb.WriteByte(hexLower[r&15])
		case r <= 0xffff:
			sb.WriteString(`\u`)
			sb.WriteString(leftPad(strconv.FormatInt(int64(r), 16), 4))
		default:
			sb.WriteString(`\U`)
			sb.WriteString(leftPad(strconv.FormatInt(int64(r), 16), 8))
		}
	}
	sb.WriteRune(quote)
	return sb.String()
}

// pyPrintable approximates str.isprintable for one character: letters,
// marks, numbers, punctuation and symbols; no separators but the space.
func pyPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// pyIsSpaceLatin1 reports whether the latin-1 character c is whitespace
// for Python's str.isspace (and so for str.split() and str.strip()).
func pyIsSpaceLatin1(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0:
		return true
	}
	return false
}

// pyIsSpaceInt is the whitespace int() strips from a latin-1 str: ASCII
// whitespace plus U+0085 and U+00A0 (U+001C..U+001F are str.isspace() but
// int('\x1c5') raises ValueError).
func pyIsSpaceInt(c byte) bool { return pyIsSpaceASCII(c) || c == 0x85 || c == 0xa0 }

// pyIsSpaceASCII is Py_ISSPACE, the whitespace rule of bytes objects.
func pyIsSpaceASCII(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// pyInt parses s the way Python's int(s, base) does for base 10 or 16:
// surrounding whitespace (isSpace decides which), an optional sign, for
// base 16 an optional 0x prefix, and single underscores between digits.
// Values beyond int64 saturate; ok is false where Python raises
// ValueError.
func pyInt(s string, base int, isSpace func(byte) bool) (v int64, ok bool) {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	underscoreOK := false // an underscore may follow a digit or the 0x prefix
	if base == 16 && len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		underscoreOK = true
	}
	digits := 0
	var u uint64
	saturated := false
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c == '_' {
			if !underscoreOK || k+1 == len(s) {
				return 0, false
			}
			underscoreOK = false
			continue
		}
		d := hexDigit(c)
		if d < 0 || d >= base {
			return 0, false
		}
		digits++
		underscoreOK = true
		if !saturated {
			nu := u*uint64(base) + uint64(d)
			if nu/uint64(base) != u || nu > 1<<63-1 {
				saturated = true
			} else {
				u = nu
			}
		}
	}
	if digits == 0 {
		return 0, false
	}
	if saturated {
		u = 1<<63 - 1
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// asciiLower lower-cases ASCII letters only, as Python's str.lower does for
// the ASCII header names http.client compares.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for k := i; k < len(b); k++ {
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
