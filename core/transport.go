package core

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Transport carries a connection's bytes. The native transport is a TCP
// (or TLS) socket; a host program may supply its own (a Python socket, an
// event loop's stream, a test harness) with SetTransport.
type Transport interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	Close() error
}

// sock is a Transport shared by a connection and the responses read from
// it. Like a Python socket with makefile() objects open, it is really
// closed only when its last holder lets go.
type sock struct {
	t       Transport
	timeout time.Duration // per operation; 0 means none
	// ctl is the connection's cancel and total deadline (its own for a
	// NewResponse transport).
	ctl *ioControl
	// dead is set when a cancel closed the transport under its holders:
	// the connection then drops the socket as if it were closed.
	dead bool

	mu     sync.Mutex
	refs   int
	closed bool
}

func newSock(t Transport, timeout time.Duration) *sock {
	return &sock{t: t, timeout: timeout, refs: 1, ctl: &ioControl{}}
}

// kill closes the transport now, whoever else holds the socket: after a
// cancel the stream is at an unknown point and must not be reused.
func (s *sock) kill() {
	s.mu.Lock()
	s.dead = true
	first := !s.closed
	s.closed = true
	s.mu.Unlock()
	if first {
		s.t.Close()
	}
}

// failed closes the socket for good when err is a cancel, and returns err.
func (s *sock) failed(err error) error {
	if err == ErrCancelled {
		s.kill()
	}
	return err
}

func (s *sock) ref() *sock {
	s.mu.Lock()
	s.refs++
	s.mu.Unlock()
	return s
}

// release drops one reference and closes the transport with the last.
func (s *sock) release() error {
	s.mu.Lock()
	s.refs--
	last := s.refs == 0 && !s.closed
	if last {
		s.closed = true
	}
	s.mu.Unlock()
	if last {
		return s.t.Close()
	}
	return nil
}

// abort closes the transport now, whoever else still holds the socket:
// after a response gave up in the middle of a body, nothing more on it
// can be read in order. The holders' releases then close nothing.
func (s *sock) abort() {
	s.mu.Lock()
	was := s.closed
	s.closed = true
	s.mu.Unlock()
	if !was {
		s.t.Close()
	}
}

type readDeadliner interface{ SetReadDeadline(time.Time) error }
type writeDeadliner interface{ SetWriteDeadline(time.Time) error }

// Read reads with the per-operation timeout of http.client's socket,
// within the request's deadline, unless cancelled. A native socket waits
// for both itself; for any other transport they are checked before each
// call (a net.Conn also gets the earlier of the two as its deadline).
func (s *sock) Read(p []byte) (int, error) {
	if s.dead {
		return 0, &OSError{Errno: syscall.EBADF, Err: ErrCancelled}
	}
	if err := s.ctl.check(); err != nil {
		return 0, s.failed(err)
	}
	if d, ok := s.t.(readDeadliner); ok {
		if dl, _ := s.ctl.deadline(s.timeout); !dl.IsZero() {
			d.SetReadDeadline(dl)
		}
	}
	n, err := s.t.Read(p)
	return n, s.failed(mapIOErr(err))
}

// mapIOErr is mapNetErr that keeps gohttp's own cancel and deadline
// errors as they are through the layers (TLS) that wrap them.
func mapIOErr(err error) error {
	switch {
	case err == nil || err == io.EOF:
		return err
	case errors.Is(err, ErrCancelled):
		return ErrCancelled
	case errors.Is(err, ErrDeadline):
		return ErrDeadline
	}
	return mapNetErr(err)
}

// writeAll is sendall: it writes all of p or fails.
func (s *sock) writeAll(p []byte) error {
	if s.dead {
		return &OSError{Errno: syscall.EBADF, Err: ErrCancelled}
	}
	for len(p) > 0 {
		if err := s.ctl.check(); err != nil {
			return s.failed(err)
		}
		if d, ok := s.t.(writeDeadliner); ok {
			if dl, _ := s.ctl.deadline(s.timeout); !dl.IsZero() {
				d.SetWriteDeadline(dl)
			}
		}
		n, err := s.t.Write(p)
		if err != nil {
			return s.failed(mapIOErr(err))
		}
		if n <= 0 {
			return io.ErrShortWrite
		}
		p = p[n:]
	}
	return nil
}

// native returns the blocking socket under s (through TLS, if any), or nil
// for a transport the caller supplied.
func (s *sock) native() *blockingSock {
	t := any(s.t)
	if nc, ok := t.(interface{ NetConn() net.Conn }); ok {
		t = nc.NetConn()
		if tc, ok := t.(transportConn); ok {
			t = tc.s.t
		}
	}
	bs, _ := t.(*blockingSock)
	return bs
}

// Fd returns the operating-system descriptor of the socket, or -1 for a
// transport that has none.
func (s *sock) Fd() int {
	if bs := s.native(); bs != nil {
		return bs.Fd()
	}
	t := any(s.t) // a net.Conn from Conn.Dial, perhaps under TLS
	if nc, ok := t.(interface{ NetConn() net.Conn }); ok {
		t = nc.NetConn()
	}
	sc, ok := t.(syscall.Conn)
	if !ok {
		return -1
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return -1
	}
	fd := -1
	raw.Control(func(f uintptr) { fd = int(f) })
	return fd
}

// setTimeout changes the per-operation timeout of the open socket, as
// Python's sock.settimeout does (0: none). It applies from the next
// operation.
func (s *sock) setTimeout(d time.Duration) error {
	s.timeout = d
	if bs := s.native(); bs != nil {
		return bs.setTimeout(d)
	}
	return nil
}

// ErrTimeout is Python's TimeoutError ("timed out"): one socket operation
// (connect, send or receive) took longer than the connection's timeout.
var ErrTimeout = errors.New("timed out")

// OSError is an operating-system error with its errno, as Python's OSError
// subclasses carry it (ConnectionRefusedError is errno ECONNREFUSED, ...).
type OSError struct {
	Errno syscall.Errno
	Err   error
}

// Error reads like Python's OSError: "[Errno 111] Connection refused"
// (Go's errno texts are the C library's, lower-cased).
func (e *OSError) Error() string {
	text := e.Errno.Error()
	if text != "" && text[0] >= 'a' && text[0] <= 'z' {
		text = string(text[0]-'a'+'A') + text[1:]
	}
	return "[Errno " + strconv.Itoa(int(e.Errno)) + "] " + text
}
func (e *OSError) Unwrap() error { return e.Err }

// DNSError is Python's socket.gaierror; Code is the EAI_* value
// (negative, as glibc defines it) and Msg its gai_strerror text.
type DNSError struct {
	Code int
	Msg  string
	Host string
}

func (e *DNSError) Error() string { return "[Errno " + strconv.Itoa(e.Code) + "] " + e.Msg }

// mapNetErr turns Go's network errors into the errors http.client users
// see: timeouts, errno-carrying OSErrors, and io.EOF left as is.
func mapNetErr(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return &OSError{Errno: errno, Err: err}
	}
	if errors.Is(err, net.ErrClosed) {
		return &OSError{Errno: syscall.EBADF, Err: err}
	}
	return err
}

func isEOF(err error) bool { return err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) }

// dial is socket.create_connection: resolve host, then try each address in
// turn, each attempt bounded by timeout, binding source if given. The
// connect runs on the calling thread (connectBlocking).
func dial(host string, port int, timeout time.Duration, source string, ctl *ioControl) (*blockingSock, error) {
	if port < 0 || port > 65535 {
		return nil, &OverflowError{Msg: "getsockaddrarg: port must be 0-65535."}
	}
	var ips []net.IPAddr
	if ip, err := netipParse(host); err == nil {
		ips = []net.IPAddr{ip}
	} else if ips, err = resolve(host, timeout, ctl); err != nil {
		return nil, err
	}
	var local *net.TCPAddr
	if source != "" {
		a, err := net.ResolveTCPAddr("tcp", source)
		if err != nil {
			return nil, mapDNSErr(err, source)
		}
		local = a
	}
	var last error
	for _, ip := range ips {
		s, err := connectBlocking(ip, port, timeout, local, ctl)
		if err == nil {
			return s, nil
		}
		last = err
		if err == ErrCancelled || err == ErrDeadline {
			break // no other address gets a chance
		}
	}
	if last == nil {
		last = &DNSError{Code: -2, Msg: "Name or service not known", Host: host}
	}
	return nil, last
}

// resolve looks host up within timeout and the request's deadline; a
// cancel ends the lookup.
func resolve(host string, timeout time.Duration, ctl *ioControl) ([]net.IPAddr, error) {
	if err := ctl.check(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dl, late := ctl.deadline(timeout)
	if !dl.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, dl)
		defer cancel()
	}
	if err := ctl.begin(cancel); err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	ctl.end()
	if err != nil {
		if ctl.take() {
			return nil, ErrCancelled
		}
		if e := mapDNSErr(err, host); e != ErrTimeout {
			return nil, e
		}
		return nil, late
	}
	return ips, nil
}

func netipParse(host string) (net.IPAddr, error) {
	h, zone := host, ""
	for i := 0; i < len(host); i++ {
		if host[i] == '%' {
			h, zone = host[:i], host[i+1:]
			break
		}
	}
	ip := net.ParseIP(h)
	if ip == nil {
		return net.IPAddr{}, errors.New("not an IP literal")
	}
	return net.IPAddr{IP: ip, Zone: zone}, nil
}

func mapDNSErr(err error, host string) error {
	var de *net.DNSError
	if errors.As(err, &de) {
		switch {
		case de.IsTimeout:
			return ErrTimeout
		case de.IsNotFound:
			return &DNSError{Code: -2, Msg: "Name or service not known", Host: host}
		case de.IsTemporary:
			return &DNSError{Code: -3, Msg: "Temporary failure in name resolution", Host: host}
		}
		return &DNSError{Code: -4, Msg: "Non-recoverable failure in name resolution", Host: host}
	}
	return mapNetErr(err)
}
