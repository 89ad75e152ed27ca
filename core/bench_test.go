package core

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
)

// Benchmarks of the parser, the chunked decoder and the request writer,
// with allocations per operation: go test -run '^$' -bench . -benchmem ./core
// (make bench runs them and writes the numbers to bench/RESULTS.md).

// loopTransport serves the same bytes again for each response and
// discards what is written.
type loopTransport struct {
	data []byte
	r    bytes.Reader
}

func (t *loopTransport) Read(p []byte) (int, error) { return t.r.Read(p) }
func (t *loopTransport) Write(p []byte) (int, error) {
	return len(p), nil
}
func (t *loopTransport) Close() error { return nil }
func (t *loopTransport) rewind()      { t.r.Reset(t.data) }

func headWith(nHeaders int) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\n")
	for i := 0; i < nHeaders; i++ {
		fmt.Fprintf(&b, "X-Header-%02d: value number %d, with some text\r\n", i, i)
	}
	b.WriteString("Content-Length: 0\r\n\r\n")
	return b.String()
}

func chunkedWire(total, chunk int) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
	piece := strings.Repeat("x", chunk)
	for n := 0; n < total; n += chunk {
		fmt.Fprintf(&b, "%x\r\n%s\r\n", chunk, piece)
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

func benchResponse(b *testing.B, wire string, read func(*Response) error) {
	benchResponseOn(b, &loopTransport{data: []byte(wire)}, len(wire), read)
}

// benchResponseOn reads a response of size bytes from t, rewound each
// time, with read.
func benchResponseOn(b *testing.B, t interface {
	Transport
	rewind()
}, size int, read func(*Response) error) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		t.rewind()
		r := NewResponse(t, "GET")
		if err := r.Begin(); err != nil {
			b.Fatal(err)
		}
		if err := read(r); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

func BenchmarkParseHead(b *testing.B) {
	for _, n := range []int{3, 50} {
		b.Run(fmt.Sprintf("%dheaders", n), func(b *testing.B) {
			benchResponse(b, headWith(n), func(r *Response) error { return nil })
		})
	}
}

func BenchmarkChunked(b *testing.B) {
	wire := chunkedWire(1<<20, 16<<10)
	b.Run("ReadAll", func(b *testing.B) {
		benchResponse(b, wire, func(r *Response) error {
			body, err := r.ReadAll()
			if err == nil && len(body) != 1<<20 {
				err = fmt.Errorf("read %d bytes", len(body))
			}
			return err
		})
	})
	b.Run("ReadInto64K", func(b *testing.B) {
		benchResponse(b, wire, readInto64K(1<<20))
	})
}

// cappedTransport is loopTransport giving at most 64 KiB per Read, as a
// socket's receive does, and counting the reads.
type cappedTransport struct {
	loopTransport
	reads int
}

func (t *cappedTransport) Read(p []byte) (int, error) {
	t.reads++
	return t.r.Read(p[:min(len(p), 64<<10)])
}

// BenchmarkChunkedReads is ReadInto64K with reads of at most 64 KiB,
// reporting the reads from the transport per 64 KiB of wire (a socket
// reading 64 KiB pieces makes 1).
func BenchmarkChunkedReads(b *testing.B) {
	wire := chunkedWire(1<<20, 16<<10)
	t := &cappedTransport{loopTransport: loopTransport{data: []byte(wire)}}
	benchResponseOn(b, t, len(wire), readInto64K(1<<20))
	b.ReportMetric(float64(t.reads)/float64(b.N)/(float64(len(wire))/(64<<10)), "reads/64KiB")
}

func BenchmarkContentLength(b *testing.B) {
	body := strings.Repeat("y", 1<<20)
	wire := "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n" + body
	b.Run("ReadAll", func(b *testing.B) {
		benchResponse(b, wire, func(r *Response) error {
			_, err := r.ReadAll()
			return err
		})
	})
	b.Run("ReadAllInto", func(b *testing.B) {
		buf := make([]byte, 1<<20)
		benchResponse(b, wire, func(r *Response) error {
			_, _, err := r.ReadAllInto(buf)
			return err
		})
	})
}

func BenchmarkRequestWrite(b *testing.B) {
	headers := []RequestHeader{
		{Name: []byte("User-Agent"), Value: []byte("bench/1.0")},
		{Name: []byte("Accept"), Value: []byte("*/*")},
		{Name: []byte("Content-Type"), Value: []byte("application/json")},
	}
	body := &Body{Data: []byte(`{"hello": "world"}`)}
	t := &loopTransport{}
	c := &Conn{Host: "127.0.0.1", Port: 8080, DefaultPort: 80, AutoOpen: true}
	c.SetTransport(t)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := c.Request("POST", "/echo", headers, body, false); err != nil {
			b.Fatal(err)
		}
		c.state = stateIdle // no response is read: the next request may start
	}
}

var _ io.Reader = (*loopTransport)(nil)

// BenchmarkExchange is a small GET on a kept-alive connection to a local
// server, the way a client repeats it: Request, GetResponse, the body
// read whole. Its allocations are what each request costs once the
// connection's reading memory is reused (the server's goroutine, in the
// same process, allocates nothing per request).
func BenchmarkExchange(b *testing.B) {
	for _, n := range []int{3, 50} {
		b.Run(fmt.Sprintf("%dheaders", n), func(b *testing.B) {
			wire := []byte(strings.Replace(headWith(n), "Content-Length: 0", "Content-Length: 26", 1) +
				"abcdefghijklmnopqrstuvwxyz")
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			go func() {
				s, err := ln.Accept()
				if err != nil {
					return
				}
				defer s.Close()
				buf := make([]byte, 4096)
				for {
					// Each request is one small write of the client's,
					// ending in a blank line.
					k, err := s.Read(buf)
					if err != nil {
						return
					}
					if !bytes.HasSuffix(buf[:k], []byte("\r\n\r\n")) {
						panic(fmt.Sprintf("request in pieces: %q", buf[:k]))
					}
					if _, err := s.Write(wire); err != nil {
						return
					}
				}
			}()
			c, err := NewConn(ln.Addr().String(), -1)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			body := make([]byte, 64)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := c.Request("GET", "/", nil, nil, false); err != nil {
					b.Fatal(err)
				}
				r, err := c.GetResponse()
				if err != nil {
					b.Fatal(err)
				}
				if got, done, err := r.ReadAllInto(body); err != nil || !done || got != 26 {
					b.Fatalf("ReadAllInto = %d, %v, %v; want 26, true, nil", got, done, err)
				}
			}
		})
	}
}

// readInto64K reads a body of want bytes to its end with ReadInto in
// pieces of 64 KiB.
func readInto64K(want int) func(*Response) error {
	buf := make([]byte, 64<<10)
	return func(r *Response) error {
		total := 0
		for {
			n, err := r.ReadInto(buf)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
			total += n
		}
		if total != want {
			return fmt.Errorf("read %d bytes", total)
		}
		return nil
	}
}
