package core

import (
	"bufio"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Memory bounds: a server that never ends a body (or a line) makes a read
// that collects into memory fail with TooLargeError, not grow until the
// Go runtime dies; the socket is closed at once and the next request
// connects anew.

const testMaxBody = 1 << 20

// endless answers one request with head, then writes piece forever, until
// the client goes away (the write fails).
func endless(head, piece string) func(net.Conn) {
	return func(nc net.Conn) {
		if _, err := readRequest(bufio.NewReader(nc)); err != nil {
			return
		}
		if _, err := nc.Write([]byte(head)); err != nil {
			return
		}
		p := []byte(strings.Repeat(piece, max(1, 16384/len(piece))))
		for {
			if _, err := nc.Write(p); err != nil {
				return
			}
		}
	}
}

// okServer answers one request with a small keep-alive response.
func okServer(nc net.Conn) {
	br := bufio.NewReader(nc)
	if _, err := readRequest(br); err != nil {
		return
	}
	nc.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
	readRequest(br) // until the client closes
}

const (
	closeHead   = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
	lengthHead  = "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n"
	chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
)

// chunk is one 4096-byte chunk of 'x' with its framing.
var chunk = "1000\r\n" + strings.Repeat("x", 4096) + "\r\n"

// chunkLines is one chunk of short lines.
var chunkLines = "1000\r\n" + strings.Repeat("xxxxxxx\n", 512) + "\r\n"

func TestEndlessBodiesAreBounded(t *testing.T) {
	reads := []struct {
		name string
		read func(r *Response) error
	}{
		{"read()", func(r *Response) error { _, err := r.ReadAll(); return err }},
		{"read(10**12)", func(r *Response) error { _, err := r.Read(1e12); return err }},
		{"read(-1)", func(r *Response) error { _, err := r.Read(-1); return err }},
		{"readline()", func(r *Response) error { _, err := r.Readline(-1); return err }},
		{"readline(10**12)", func(r *Response) error { _, err := r.Readline(1e12); return err }},
	}
	servers := []struct{ name, head, piece string }{
		{"close-delimited", closeHead, "x"},
		{"huge Content-Length", lengthHead, "x"},
		{"endless chunked", chunkedHead, chunk},
	}
	for _, sv := range servers {
		for _, rd := range reads {
			t.Run(sv.name+"/"+rd.name, func(t *testing.T) {
				s := startServer(t, endless(sv.head, sv.piece), okServer)
				c, _ := NewConn("127.0.0.1", s.port())
				c.Timeout = 10e9
				c.MaxBody = testMaxBody
				defer c.Close()
				if err := c.Request("GET", "/", nil, nil, false); err != nil {
					t.Fatalf("Request: %v", err)
				}
				r, err := c.GetResponse()
				if err != nil {
					t.Fatalf("GetResponse: %v", err)
				}
				err = rd.read(r)
				var tl *TooLargeError
				if !errors.As(err, &tl) || tl.Limit != testMaxBody {
					t.Fatalf("%s = %v; want TooLargeError with limit %d", rd.name, err, testMaxBody)
				}
				if !r.IsClosed() || !r.WillClose {
					t.Errorf("IsClosed, WillClose = %v, %v; want true, true", r.IsClosed(), r.WillClose)
				}
				// The next request reconnects: the rest of the endless
				// body is not read as its response.
				status, body, err := get(c, "/next")
				if err != nil || status != 200 || body != "ok" {
					t.Errorf("next request = %d, %q, %v; want 200, \"ok\", nil", status, body, err)
				}
				if s.accepts() != 2 {
					t.Errorf("connections = %d; want 2", s.accepts())
				}
			})
		}
	}
}

// Lines are bounded on chunked bodies too, where readline walks the
// chunks; short lines there are read as usual.
func TestEndlessChunkedLines(t *testing.T) {
	s := startServer(t, endless(chunkedHead, chunkLines))
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10e9
	c.MaxBody = testMaxBody
	defer c.Close()
	if err := c.Request("GET", "/", nil, nil, false); err != nil {
		t.Fatalf("Request: %v", err)
	}
	r, err := c.GetResponse()
	if err != nil {
		t.Fatalf("GetResponse: %v", err)
	}
	for i := 0; i < 1000; i++ {
		line, err := r.Readline(-1)
		if err != nil || string(line) != "xxxxxxx\n" {
			t.Fatalf("line %d = %q, %v; want \"xxxxxxx\\n\", nil", i, line, err)
		}
	}
	var tl *TooLargeError
	if _, err := r.ReadAll(); !errors.As(err, &tl) {
		t.Fatalf("ReadAll = %v; want TooLargeError", err)
	}
}

// A body of exactly the limit is read; one byte more is refused.
func TestBodyLimitEdge(t *testing.T) {
	for _, tc := range []struct {
		n       int
		chunked bool
		ok      bool
	}{{testMaxBody, false, true}, {testMaxBody + 1, false, false}, {testMaxBody, true, true}, {testMaxBody + 1, true, false}} {
		body := strings.Repeat("y", tc.n)
		var wire string
		if tc.chunked {
			half := tc.n / 2
			wire = chunkedHead + hexLen(half) + "\r\n" + body[:half] + "\r\n" + hexLen(tc.n-half) + "\r\n" + body[half:] + "\r\n0\r\n\r\n"
		} else {
			wire = closeHead + body
		}
		r := NewResponse(newMemTransport(t, feedWhole, wire, "", true), "GET")
		r.maxBody = testMaxBody
		if err := r.Begin(); err != nil {
			t.Fatalf("Begin: %v", err)
		}
		got, err := r.ReadAll()
		if tc.ok && (err != nil || len(got) != tc.n) {
			t.Errorf("%d bytes (chunked %v): ReadAll = %d bytes, %v; want all, nil", tc.n, tc.chunked, len(got), err)
		}
		var tl *TooLargeError
		if !tc.ok && !errors.As(err, &tl) {
			t.Errorf("%d bytes (chunked %v): ReadAll = %d bytes, %v; want TooLargeError", tc.n, tc.chunked, len(got), err)
		}
	}
}

func TestDefaultMaxBody(t *testing.T) {
	r := NewResponse(newMemTransport(t, feedWhole, "", "", true), "GET")
	if r.maxBody != DefaultMaxBody || DefaultMaxBody != 1<<30 {
		t.Errorf("maxBody = %d; want DefaultMaxBody = 1 GiB", r.maxBody)
	}
}

func hexLen(n int) string {
	const digits = "0123456789abcdef"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 16 {
		b = append([]byte{digits[n%16]}, b...)
	}
	return string(b)
}

// CA, certificate and key files: a FIFO or a device is refused at once
// (it would block or never end), and a file past MaxFileSize is a
// TooLargeError; none of them is read without bound.
func TestTLSFilesAreBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxFileSize + 1) // sparse: no disk used
	f.Close()
	cases := []struct {
		name string
		opts TLSOptions
		load func(o *TLSOptions) error
		want string // "regular" or "large"
	}{
		{"CA /dev/zero", TLSOptions{CAFiles: []string{"/dev/zero"}}, rootPoolErr, "regular"},
		{"CA FIFO", TLSOptions{CAFiles: []string{fifo}}, rootPoolErr, "regular"},
		{"CA too large", TLSOptions{CAFiles: []string{big}}, rootPoolErr, "large"},
		{"cert FIFO", TLSOptions{CertFile: fifo}, certErr, "regular"},
		{"cert /dev/zero", TLSOptions{CertFile: "/dev/zero"}, certErr, "regular"},
		{"key FIFO", TLSOptions{CertFile: big, KeyFile: fifo}, certErr, "large"},
		{"key /dev/zero", TLSOptions{KeyFile: "/dev/zero", CertData: []byte("x")}, certErr, "regular"},
	}
	for _, tc := range cases {
		done := make(chan error, 1)
		go func() { done <- tc.load(&tc.opts) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: loading did not return (blocked)", tc.name)
		}
		var tl *TooLargeError
		var te *TLSError
		switch {
		case tc.want == "large" && !errors.As(err, &tl):
			t.Errorf("%s: err = %v; want TooLargeError", tc.name, err)
		case tc.want == "regular" && (!errors.As(err, &te) || !strings.Contains(err.Error(), "not a regular file")):
			t.Errorf("%s: err = %v; want TLSError \"... is not a regular file\"", tc.name, err)
		}
	}
	// A CA directory skips such entries instead of blocking on them.
	os.WriteFile(filepath.Join(dir, "junk.pem"), []byte("not a certificate"), 0o600)
	o := TLSOptions{CADirs: []string{dir}}
	done := make(chan error, 1)
	go func() { done <- rootPoolErr(&o) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("CA directory with a FIFO: loading did not return (blocked)")
	}
}

func rootPoolErr(o *TLSOptions) error { _, err := o.buildRootPool(); return err }
func certErr(o *TLSOptions) error     { _, err := o.loadClientCert(); return err }

// Ambiguous framing (Content-Length with Transfer-Encoding, Content-Length
// values that disagree, bare LF or CR line ends in the head) forces
// will_close: the next request goes out on a new connection, so a
// misread body cannot become the next response. A clean head keeps the
// connection.
func TestAmbiguousFramingClosesConnection(t *testing.T) {
	cases := []struct {
		name, reply, body string
		reuse             bool
	}{
		{"clean", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok", true},
		{"CL and TE", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "ok", false},
		{"duplicate CL disagreeing", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\nok", "ok", false},
		{"CL list disagreeing", "HTTP/1.1 200 OK\r\nContent-Length: 2, 7\r\n\r\nok", "", false},
		{"duplicate CL agreeing", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", "ok", true},
		{"bare LF in a header", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nok", "ok", false},
		{"bare LF status line", "HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok", "ok", false},
		{"bare CR in a header", "HTTP/1.1 200 OK\r\nX-A: 1\rContent-Length: 2\r\n\r\nok", "ok", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			serve := func(nc net.Conn) {
				br := bufio.NewReader(nc)
				for {
					if _, err := readRequest(br); err != nil {
						return
					}
					if _, err := nc.Write([]byte(tc.reply)); err != nil {
						return
					}
				}
			}
			s := startServer(t, serve, serve)
			c, _ := NewConn("127.0.0.1", s.port())
			c.Timeout = 10e9
			defer c.Close()
			for i := 0; i < 2; i++ {
				if err := c.Request("GET", "/", nil, nil, false); err != nil {
					t.Fatalf("Request %d: %v", i, err)
				}
				r, err := c.GetResponse()
				if err != nil {
					t.Fatalf("GetResponse %d: %v", i, err)
				}
				if r.WillClose == tc.reuse {
					t.Errorf("WillClose = %v; want %v", r.WillClose, !tc.reuse)
				}
				if tc.body != "" {
					if b, err := r.ReadAll(); string(b) != tc.body || err != nil {
						t.Errorf("ReadAll = %q, %v; want %q, nil", b, err, tc.body)
					}
				}
				r.Close()
			}
			want := 2
			if tc.reuse {
				want = 1
			}
			if s.accepts() != want {
				t.Errorf("connections = %d; want %d", s.accepts(), want)
			}
		})
	}
}
