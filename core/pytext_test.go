package core

import (
	"math"
	"testing"
)

// The expectations below were produced by CPython 3.13.0 on the same
// inputs: int(s, 10) on str, int(s, 16) on bytes, and repr().
// scripts/check_go_tables.py checks every table here against CPython
// 3.13.0 (applying gohttp's saturation at MaxInt64 and its latin-1
// rendering of invalid UTF-8, the two documented differences).

func TestPyIntBase10(t *testing.T) {
	// int(s) on the latin-1 str of a header value (Content-Length, HC-N2).
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"42", 42, true},
		{" 42 ", 42, true},
		{"\t42\n", 42, true},
		{"\x0b5\x0c", 5, true},
		{"\x855\xa0", 5, true}, // U+0085 and U+00A0 are int() whitespace
		{"+7", 7, true},
		{"-7", -7, true},
		{"007", 7, true},
		{"1_000", 1000, true},
		{"0_0", 0, true},
		{"9223372036854775807", math.MaxInt64, true},
		// Python's ints are unbounded; pyInt saturates (documented).
		{"9223372036854775808", math.MaxInt64, true},
		{"99999999999999999999999", math.MaxInt64, true},
		{"-99999999999999999999999", -math.MaxInt64, true},
		{"1__0", 0, false},
		{"_1", 0, false},
		{"1_", 0, false},
		{"+_1", 0, false},
		{"", 0, false},
		{"   ", 0, false},
		{"+", 0, false},
		{"-", 0, false},
		{"--1", 0, false},
		{" + 1", 0, false},
		{"4 2", 0, false},
		{"0x10", 0, false},
		{"1e3", 0, false},
		{"3.0", 0, false},
		{"12\x00", 0, false},
		{"\xa0", 0, false},
		{"\xb2", 0, false}, // superscript two is a digit but not decimal
	}
	for _, tt := range tests {
		got, ok := pyInt(tt.in, 10, pyIsSpaceLatin1)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pyInt(%q, 10) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPyIntBase10NotSplitWhitespace(t *testing.T) {
	// int() strips only ASCII whitespace plus U+0085 and U+00A0 from a
	// latin-1 str; U+001C..U+001F are str.isspace() but int() refuses
	// them: int('\x1c5') raises ValueError.
	for _, in := range []string{"\x1c5", "5\x1f", "\x1d5\x1e"} {
		if got, ok := pyInt(in, 10, pyIsSpaceInt); ok {
			t.Errorf("pyInt(%q, 10, pyIsSpaceInt) = %d, true; want ValueError", in, got)
		}
	}
	if got, ok := pyInt("\x85\xa0 5\t", 10, pyIsSpaceInt); got != 5 || !ok {
		t.Errorf("pyInt(%q, 10, pyIsSpaceInt) = %d, %v; want 5, true", "\x85\xa0 5\t", got, ok)
	}
}

func TestPyIntBase16(t *testing.T) {
	// int(line, 16) on the bytes of a chunk-size line (HC-N6): only ASCII
	// whitespace is stripped.
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"ff", 255, true},
		{"FF", 255, true},
		{"fF", 255, true},
		{" a ", 10, true},
		{"12\r\n", 18, true},
		{"\x0b5\r\n", 5, true},
		{" 0 ", 0, true},
		{"0x1f", 31, true},
		{"0X1F", 31, true},
		{"-0x1f", -31, true},
		{"+0x1f", 31, true},
		{"0x_1", 1, true},
		{"f_f", 255, true},
		{"7fffffffffffffff", math.MaxInt64, true},
		{"8000000000000000", math.MaxInt64, true},     // Python: 9223372036854775808
		{"ffffffffffffffffffff", math.MaxInt64, true}, // Python: 1208925819614629174706175
		{"-ffffffffffffffffffff", -math.MaxInt64, true},
		{"0x", 0, false},
		{"0x__1", 0, false},
		{"_f", 0, false},
		{"f_", 0, false},
		{"1 ;", 0, false},
		{"g", 0, false},
		{"\x1c5", 0, false},
		{"5\x85", 0, false}, // bytes: 0x85 is not whitespace
		{"0xx1", 0, false},
		{"00x1", 0, false},
		{"x1", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := pyInt(tt.in, 16, pyIsSpaceASCII)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pyInt(%q, 16) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPyIsSpace(t *testing.T) {
	// str.isspace() over latin-1, and Py_ISSPACE for bytes.
	latin1 := map[byte]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
		0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true, 0x85: true, 0xa0: true}
	ascii := map[byte]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}
	for c := 0; c < 256; c++ {
		if got := pyIsSpaceLatin1(byte(c)); got != latin1[byte(c)] {
			t.Errorf("pyIsSpaceLatin1(%#x) = %v; want %v", c, got, latin1[byte(c)])
		}
		if got := pyIsSpaceASCII(byte(c)); got != ascii[byte(c)] {
			t.Errorf("pyIsSpaceASCII(%#x) = %v; want %v", c, got, ascii[byte(c)])
		}
	}
}

func TestPyReprBytes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "b''"},
		{"GET / HTTP/1.1\r\n", "b'GET / HTTP/1.1\\r\\n'"},
		{"it's", "b\"it's\""},
		{"say \"hi\"", "b'say \"hi\"'"},
		{"both ' and \"", "b'both \\' and \"'"},
		{"back\\slash", "b'back\\\\slash'"},
		{"\x00\x01\x1f\x7f\x80\xff", "b'\\x00\\x01\\x1f\\x7f\\x80\\xff'"},
		{"tab\there", "b'tab\\there'"},
		{"\x0b\x0c", "b'\\x0b\\x0c'"},
		{"~ !", "b'~ !'"},
		{"X-\xe9: v", "b'X-\\xe9: v'"},
	}
	for _, tt := range tests {
		if got := pyReprBytes([]byte(tt.in)); got != tt.want {
			t.Errorf("pyReprBytes(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestPyReprLatin1(t *testing.T) {
	// repr(b.decode("iso-8859-1")), as http.client prints status lines.
	tests := []struct{ in, want string }{
		{"", "''"},
		{"HTTP/1.1 200 OK\r\n", "'HTTP/1.1 200 OK\\r\\n'"},
		{"it's", "\"it's\""},
		{"say \"hi\"", "'say \"hi\"'"},
		{"both ' and \"", "'both \\' and \"'"},
		{"back\\slash", "'back\\\\slash'"},
		{"\x00\x1f\x7f", "'\\x00\\x1f\\x7f'"},
		{"\x80\x85\x9f\xa0\xa1\xad\xe9\xff", "'\\x80\\x85\\x9f\\xa0\u00a1\\xad\u00e9\u00ff'"},
		{"caf\xe9", "'caf\u00e9'"},
	}
	for _, tt := range tests {
		if got := pyReprLatin1(tt.in); got != tt.want {
			t.Errorf("pyReprLatin1(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestPyReprStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"HTTP/1.1 200 OK\r\n", "'HTTP/1.1 200 OK\\r\\n'"},
		{"it's", "\"it's\""},
		{"say \"hi\"", "'say \"hi\"'"},
		{"both ' and \"", "'both \\' and \"'"},
		{"back\\slash", "'back\\\\slash'"},
		{"\x00\x1f\x7f", "'\\x00\\x1f\\x7f'"},
		{"\u0080\u0085\u009f\u00a0\u00a1\u00ad\u00e9\u00ff", "'\\x80\\x85\\x9f\\xa0\u00a1\\xad\u00e9\u00ff'"},
		{"caf\u00e9", "'caf\u00e9'"},
		{"\u2028\u2029", "'\\u2028\\u2029'"},
		{"\u00a0\u3000", "'\\xa0\\u3000'"},
		{"\ue000", "'\\ue000'"},
		{"\U0001f600", "'\U0001f600'"},
		{"\U000e0001", "'\\U000e0001'"},
		{"\u0301", "'\u0301'"},
		{"\u200b", "'\\u200b'"},
		{"\ufeff", "'\\ufeff'"},
		{"\U0010ffff", "'\\U0010ffff'"},
		{"\u0378", "'\\u0378'"},
		{"\u65e5\u672c", "'\u65e5\u672c'"},
		{"\u0100\u00d7", "'\u0100\u00d7'"},
		// Invalid UTF-8 bytes are shown as their latin-1 characters.
		{"a\xffb", "'a\u00ffb'"},
		{"\xc3(", "'\u00c3('"},
		{"\xe9t\xe9", "'\u00e9t\u00e9'"},
	}
	for _, tt := range tests {
		if got := pyReprStr(tt.in); got != tt.want {
			t.Errorf("pyReprStr(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestASCIILower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"chunked", "chunked"},
		{"ChUnKeD", "chunked"},
		{"KEEP-ALIVE", "keep-alive"},
		{"\xc9T\xc9", "\xc9t\xc9"}, // latin-1 letters are left alone
	}
	for _, tt := range tests {
		if got := asciiLower(tt.in); got != tt.want {
			t.Errorf("asciiLower(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
