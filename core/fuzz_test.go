package core

import (
	"bytes"
	"strings"
	"testing"
)

// The fuzz targets parse arbitrary bytes from in-memory transports, so
// each run is bounded by its input: no sockets, no timers. scripts/fuzz.sh
// runs each for a few seconds; go test runs the seeds.

// fuzzMaxInput bounds inputs so that the one-byte feeds stay quick.
const fuzzMaxInput = 1 << 16

// fuzzOpen parses a response head from data fed in mode m and describes
// the outcome: the head (descHead) or the error (descErr).
func fuzzOpen(t *testing.T, data []byte, method string, m feedMode) (*Response, string) {
	mt := newMemTransport(t, m, string(data), "", true)
	r, err := openResponse(mt, method)
	if err != nil {
		return nil, descErr(err)
	}
	return r, descHead(r)
}

// describeRead renders a body read: data or error.
func describeRead(b []byte, err error) string {
	if err != nil {
		return descErr(err)
	}
	return pyReprBytes(b)
}

func addResponseSeeds(f *testing.F) {
	for _, c := range responseCases {
		f.Add([]byte(c.wire + c.extra))
	}
	for _, c := range read1PeekCases {
		f.Add([]byte(c.wire + c.extra))
	}
}

// FuzzStatusLine: begin() never panics, accepts only what http.client
// accepts (status 100..999, version 10 or 11), and does not depend on how
// the bytes arrive.
func FuzzStatusLine(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\n\r\n",
		"HTTP/1.0 404 Not Found\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
		" \tHTTP/1.1\t+2_00\t OK \r\n\r\n",
		"HTTP/2.0 200 OK\r\n\r\n",
		"http/1.1 200 OK\r\n",
		"HTTP/1.1 099\r\n",
		"HTTP/1.1 1000 X\r\n",
		"HTTP/1.1\x1c200\x85OK\xa0\r\n\r\n",
		"",
		"\r\n",
		"HTTP/1.1",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		r, whole := fuzzOpen(t, data, "GET", feedWhole)
		if r != nil {
			if r.Status < 100 || r.Status > 999 {
				t.Errorf("status %d accepted from %q", r.Status, data)
			}
			if r.Version != 10 && r.Version != 11 {
				t.Errorf("version %d from %q", r.Version, data)
			}
			if r.Status == 100 {
				t.Errorf("interim 100 returned as final from %q", data)
			}
			r.Close()
		}
		r1, onebyte := fuzzOpen(t, data, "GET", feedOneByte)
		if r1 != nil {
			r1.Close()
		}
		if whole != onebyte {
			t.Errorf("begin(%q) = %s fed whole, %s fed one byte at a time", data, whole, onebyte)
		}
	})
}

// serializeHeaders writes fields back as "Name: value\r\n" lines and a
// blank line.
func serializeHeaders(h Headers) []byte {
	var b bytes.Buffer
	for _, f := range h {
		b.WriteString(f.Name + ": " + f.Value + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// FuzzParseHeaderBlock: ParseHeaderBlock never panics; every name is a
// non-empty run of printable ASCII other than ':' (so it never holds ':'
// or starts with SP/HT); no value ends with CR or LF, and any CR or LF in
// a value starts a continuation line; writing the fields back out and
// parsing again gives the same fields.
func FuzzParseHeaderBlock(f *testing.F) {
	for _, c := range headerCases {
		f.Add([]byte(c.block))
	}
	f.Fuzz(func(t *testing.T, block []byte) {
		if len(block) > fuzzMaxInput {
			return
		}
		h := ParseHeaderBlock(block)
		for _, fl := range h {
			if fl.Name == "" {
				t.Fatalf("empty name from %q", block)
			}
			for i := 0; i < len(fl.Name); i++ {
				if c := fl.Name[i]; c < 0x21 || c > 0x7e || c == ':' {
					t.Fatalf("name %q has byte %#x (from %q)", fl.Name, c, block)
				}
			}
			if !bytes.Contains(block, []byte(fl.Name+":")) {
				t.Fatalf("name %q: not in the block %q", fl.Name, block)
			}
			v := fl.Value
			if strings.HasSuffix(v, "\r") || strings.HasSuffix(v, "\n") {
				t.Fatalf("value %q ends with a line break (from %q)", v, block)
			}
			for i := 0; i < len(v); i++ {
				if v[i] != '\r' && v[i] != '\n' {
					continue
				}
				j := i + 1
				if v[i] == '\r' && j < len(v) && v[j] == '\n' {
					j++
				}
				if j >= len(v) || (v[j] != ' ' && v[j] != '\t') {
					t.Fatalf("value %q: line break not followed by a continuation (from %q)", v, block)
				}
				i = j - 1
			}
		}
		again := ParseHeaderBlock(serializeHeaders(h))
		if len(again) != len(h) {
			t.Fatalf("re-parsed %d fields; want %d (%q from %q)", len(again), len(h), h, block)
		}
		for i := range h {
			if again[i] != h[i] {
				t.Fatalf("field %d re-parsed as %q; want %q (from %q)", i, again[i], h[i], block)
			}
		}
	})
}

// FuzzChunkedBody decodes arbitrary chunked bodies: read() gives the same
// result fed whole or one byte at a time, and when it succeeds, reading
// the same body with read(n), readinto and readline gives the same bytes.
func FuzzChunkedBody(f *testing.F) {
	for _, s := range []string{
		"5\r\nhello\r\n0\r\n\r\n",
		"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
		" 0x2 \r\nab\r\n+2\r\ncd\r\n0_2\r\nef\r\n0\r\n\r\n",
		"5\r\nhelloXX0\r\n\r\n",
		"zz\r\n",
		"-1\r\nabc",
		"5\r\nhel",
		"3\r\nab\n\r\n2\r\nc\n\r\n0\r\n\r\n",
		"2\nhi\n0\n\n",
		"",
	} {
		f.Add([]byte(s), uint8(3))
	}
	const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	f.Fuzz(func(t *testing.T, body []byte, n uint8) {
		if len(body) > fuzzMaxInput {
			return
		}
		wire := append([]byte(head), body...)
		step := int64(n%16) + 1
		readAll := func(m feedMode) (string, []byte, bool) {
			r, desc := fuzzOpen(t, wire, "GET", m)
			if r == nil {
				t.Fatalf("begin failed: %s", desc)
			}
			defer r.Close()
			b, err := r.ReadAll()
			if err == nil && !r.IsClosed() {
				t.Errorf("read() succeeded but isclosed() is false")
			}
			return describeRead(b, err), b, err == nil
		}
		whole, data, ok := readAll(feedWhole)
		if onebyte, _, _ := readAll(feedOneByte); onebyte != whole {
			t.Fatalf("read() of %q = %s fed whole, %s one byte at a time", body, whole, onebyte)
		}
		if !ok {
			return
		}
		for _, op := range []string{"read", "readinto", "readline"} {
			r, _ := fuzzOpen(t, wire, "GET", feedOneByte)
			var got []byte
			for i := 0; ; i++ {
				if i > len(wire)+2 {
					t.Fatalf("%s(%d) loop made no progress on %q", op, step, body)
				}
				var b []byte
				var err error
				switch op {
				case "read":
					b, err = r.Read(step)
				case "readinto":
					buf := make([]byte, step)
					var k int
					k, err = r.ReadInto(buf)
					b = buf[:k]
				case "readline":
					b, err = r.Readline(-1)
				}
				if err != nil {
					t.Fatalf("%s(%d) on %q: %s after %q; read() gave %q", op, step, body, descErr(err), got, data)
				}
				if len(b) == 0 {
					break
				}
				got = append(got, b...)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("%s(%d) on %q gave %q; read() gave %q", op, step, body, got, data)
			}
			if !r.IsClosed() {
				t.Errorf("%s(%d) reached the end but isclosed() is false", op, step)
			}
			r.Close()
		}
	})
}

// FuzzResponse parses whole responses and reads their bodies: the result
// does not depend on how the bytes arrive, a successful read() closes the
// response, and a body of known length comes back at exactly that length.
func FuzzResponse(f *testing.F) {
	addResponseSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			return
		}
		run := func(m feedMode, method string) string {
			r, head := fuzzOpen(t, data, method, m)
			if r == nil {
				return head
			}
			defer r.Close()
			known := r.HasLength && !r.Chunked
			length := r.Length
			b, err := r.ReadAll()
			if err == nil {
				if !r.IsClosed() {
					t.Errorf("read() succeeded but isclosed() is false")
				}
				if known && int64(len(b)) != length {
					t.Errorf("read() gave %d bytes; Content-Length said %d", len(b), length)
				}
				if method == "HEAD" && len(b) != 0 {
					t.Errorf("HEAD read() gave %d bytes", len(b))
				}
			}
			return head + " " + describeRead(b, err)
		}
		for _, method := range []string{"GET", "HEAD"} {
			whole := run(feedWhole, method)
			if onebyte := run(feedOneByte, method); onebyte != whole {
				t.Fatalf("%s %q: %s fed whole, %s one byte at a time", method, data, whole, onebyte)
			}
		}
	})
}
