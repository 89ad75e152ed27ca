package core

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
)

// In-memory transports for the parser tests. Every parser is fed the same
// wire bytes in four ways (feedModes): all at once, one byte per Read
// (iotest.OneByteReader), and "strict" variants of both that never hand
// out a byte past the end of the message and fail the test on any Read
// after it (unless the message is delimited by EOF). The strict variants
// hold back the trailing bytes a test appends, so they stay unread.

// feedMode says how a memTransport hands out its bytes.
type feedMode int

const (
	feedWhole   feedMode = iota // message and trailing bytes, as much as asked
	feedOneByte                 // iotest.OneByteReader over message and trailing bytes
	feedStrict                  // the message only; a Read after its end fails the test
	feedStrictOneByte
)

var feedModes = []feedMode{feedWhole, feedOneByte, feedStrict, feedStrictOneByte}

func (m feedMode) String() string {
	return [...]string{"whole", "onebyte", "strict", "strict-onebyte"}[m]
}

// memTransport is a Transport over fixed bytes. Writes are recorded.
type memTransport struct {
	t      testing.TB
	r      io.Reader
	msg    []byte // the message; for the strict modes, all that is served
	extra  []byte // bytes after the message
	eofOK  bool   // the message ends at EOF: reading at its end is expected
	strict bool

	mu      sync.Mutex
	pos     int // bytes served (strict modes)
	written bytes.Buffer
	closed  bool
	pastEnd int // Reads attempted after the end of the message
}

// newMemTransport returns a transport serving msg then extra in mode m.
// eofOK says the message is delimited by EOF (read until close, or a
// truncated message), so a Read at its end is legitimate.
func newMemTransport(t testing.TB, m feedMode, msg, extra string, eofOK bool) *memTransport {
	mt := &memTransport{t: t, msg: []byte(msg), extra: []byte(extra), eofOK: eofOK}
	switch m {
	case feedWhole:
		mt.r = bytes.NewReader([]byte(msg + extra))
	case feedOneByte:
		mt.r = iotest.OneByteReader(bytes.NewReader([]byte(msg + extra)))
	case feedStrict:
		mt.strict = true
		mt.r = &boundedReader{mt: mt}
	case feedStrictOneByte:
		mt.strict = true
		mt.r = iotest.OneByteReader(&boundedReader{mt: mt})
	}
	return mt
}

// boundedReader serves mt.msg and nothing after it.
type boundedReader struct{ mt *memTransport }

func (b *boundedReader) Read(p []byte) (int, error) {
	mt := b.mt
	mt.mu.Lock()
	defer mt.mu.Unlock()
	if mt.closed {
		mt.t.Errorf("Read on a closed transport")
		return 0, net.ErrClosed
	}
	if mt.pos >= len(mt.msg) {
		mt.pastEnd++
		if !mt.eofOK {
			mt.t.Errorf("Read(%d bytes) after the last byte of the message %q", len(p), mt.msg)
		}
		return 0, io.EOF
	}
	n := copy(p, mt.msg[mt.pos:])
	mt.pos += n
	return n, nil
}

func (mt *memTransport) Read(p []byte) (int, error) { return mt.r.Read(p) }

func (mt *memTransport) Write(p []byte) (int, error) {
	mt.mu.Lock()
	defer mt.mu.Unlock()
	if mt.closed {
		return 0, &OSError{Errno: syscall.EBADF, Err: net.ErrClosed}
	}
	return mt.written.Write(p)
}

func (mt *memTransport) Close() error {
	mt.mu.Lock()
	defer mt.mu.Unlock()
	mt.closed = true
	return nil
}

func (mt *memTransport) isClosed() bool {
	mt.mu.Lock()
	defer mt.mu.Unlock()
	return mt.closed
}

// openResponse is http.client's HTTPResponse(sock, method=method).begin()
// over t. On error the response is closed, as getresponse does.
func openResponse(t Transport, method string) (*Response, error) {
	r := NewResponse(t, method)
	if err := r.Begin(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// errTransport fails every Read with err.
type errTransport struct{ err error }

func (e errTransport) Read([]byte) (int, error)    { return 0, e.err }
func (e errTransport) Write(p []byte) (int, error) { return len(p), nil }
func (e errTransport) Close() error                { return nil }

func TestMapNetErr(t *testing.T) {
	timeoutErr := &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}
	tests := []struct {
		name string
		in   error
		want string
	}{
		{"nil", nil, "<nil>"},
		{"EOF stays", io.EOF, "EOF"},
		{"deadline is TimeoutError", timeoutErr, "timed out"},
		{"errno kept", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "[Errno 104] Connection reset by peer"},
		{"closed is EBADF", net.ErrClosed, "[Errno 9] Bad file descriptor"},
	}
	for _, tt := range tests {
		got := mapNetErr(tt.in)
		s := "<nil>"
		if got != nil {
			s = got.Error()
		}
		if s != tt.want {
			t.Errorf("%s: mapNetErr = %q; want %q", tt.name, s, tt.want)
		}
	}
	if !errors.Is(mapNetErr(timeoutErr), ErrTimeout) {
		t.Errorf("mapNetErr(timeout) is not ErrTimeout")
	}
	var oe *OSError
	if err := mapNetErr(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}); !errors.As(err, &oe) || oe.Errno != syscall.ECONNREFUSED {
		t.Errorf("mapNetErr(ECONNREFUSED) = %v; want *OSError{ECONNREFUSED}", err)
	}
}

func TestSockRefcount(t *testing.T) {
	mt := newMemTransport(t, feedWhole, "", "", true)
	s := newSock(mt, 0)
	s.ref()
	if err := s.release(); err != nil || mt.isClosed() {
		t.Fatalf("first release: err %v, closed %v; want nil, false", err, mt.isClosed())
	}
	if err := s.release(); err != nil || !mt.isClosed() {
		t.Fatalf("last release: err %v, closed %v; want nil, true", err, mt.isClosed())
	}
}

// TestTransportReadError checks that an error from the transport in the
// middle of a head is returned as is, not taken for EOF.
func TestTransportReadError(t *testing.T) {
	boom := &OSError{Errno: syscall.ECONNRESET, Err: errors.New("reset")}
	_, err := openResponse(errTransport{boom}, "GET")
	if err != boom {
		t.Fatalf("begin over a failing transport = %v; want %v", err, boom)
	}
	// Mid-line: part of a status line, then a reset.
	r := io.MultiReader(bytes.NewReader([]byte("HTTP/1.1 200")), errReader{boom})
	_, err = openResponse(readerTransport{r}, "GET")
	if err != boom {
		t.Fatalf("begin over a transport reset mid-line = %v; want %v", err, boom)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// readerTransport adapts an io.Reader.
type readerTransport struct{ io.Reader }

func (readerTransport) Write(p []byte) (int, error) { return len(p), nil }
func (readerTransport) Close() error                { return nil }

// localListener listens on 127.0.0.1 and is closed when the test ends.
func localListener(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

func listenerPort(ln net.Listener) int {
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	n, _ := strconv.Atoi(p)
	return n
}

// waitDone waits for a server goroutine, failing the test after 30 s (a hang).
func waitDone(t testing.TB, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("server goroutine did not finish")
	}
}

// tbRecorder records Errorf calls instead of failing the test.
type tbRecorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *tbRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, format)
}

// TestStrictTransportCatchesOverread checks the checker: reading a body
// delimited by EOF from a strict transport told the message has a known
// end must be reported, and the trailing bytes are never served.
func TestStrictTransportCatchesOverread(t *testing.T) {
	for _, m := range []feedMode{feedStrict, feedStrictOneByte} {
		rec := &tbRecorder{TB: t}
		mt := newMemTransport(rec, m, "HTTP/1.1 200 OK\r\n\r\nbody", "NEXT", false)
		r, err := openResponse(mt, "GET")
		if err != nil {
			t.Fatalf("%v: begin: %v", m, err)
		}
		body, err := r.ReadAll()
		if string(body) != "body" || err != nil {
			t.Errorf("%v: ReadAll = %q, %v; want \"body\", nil", m, body, err)
		}
		if len(rec.errors) == 0 || mt.pastEnd == 0 {
			t.Errorf("%v: a read past the end was not reported", m)
		}
	}
}
