package core

import (
	"io"
	"net"
	"syscall"
	"time"
	"unsafe"
)

// blockingSock is a connected TCP socket driven with blocking system calls
// on the calling thread, as Python's socket module does: a C or Python
// caller that blocks in gohttp then costs one read(2) or send(2), not a
// round trip through Go's network poller and another thread. Timeouts are
// per operation (SO_RCVTIMEO / SO_SNDTIMEO), http.client's semantics.
// Writes use MSG_NOSIGNAL, so a closed peer is EPIPE, never SIGPIPE in
// the host process.
type blockingSock struct {
	fd     int
	closed bool
}

// newBlockingSock takes over c's descriptor; c is closed.
func newBlockingSock(c net.Conn, timeout time.Duration) (*blockingSock, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil, syscall.EINVAL
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd := -1
	var derr error
	raw.Control(func(f uintptr) { fd, derr = syscall.Dup(int(f)) })
	c.Close()
	if derr != nil {
		return nil, mapNetErr(derr)
	}
	syscall.CloseOnExec(fd)
	if err := syscall.SetNonblock(fd, false); err != nil {
		syscall.Close(fd)
		return nil, mapNetErr(err)
	}
	s := &blockingSock{fd: fd}
	if err := s.setTimeout(timeout); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return s, nil
}

func (s *blockingSock) setTimeout(d time.Duration) error {
	tv := syscall.NsecToTimeval(int64(d))
	if d > 0 && tv.Sec == 0 && tv.Usec == 0 {
		tv.Usec = 1 // 0 would mean "no timeout"
	}
	for _, opt := range []int{syscall.SO_RCVTIMEO, syscall.SO_SNDTIMEO} {
		if err := syscall.SetsockoptTimeval(s.fd, syscall.SOL_SOCKET, opt, &tv); err != nil {
			return mapNetErr(err)
		}
	}
	return nil
}

func (s *blockingSock) Read(p []byte) (int, error) {
	if s.closed {
		return 0, &OSError{Errno: syscall.EBADF, Err: syscall.EBADF}
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(s.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return 0, ErrTimeout
		case err != nil:
			return 0, mapNetErr(err)
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (s *blockingSock) Write(p []byte) (int, error) {
	if s.closed {
		return 0, &OSError{Errno: syscall.EBADF, Err: syscall.EBADF}
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, _, e := syscall.Syscall6(syscall.SYS_SENDTO, uintptr(s.fd),
			uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), syscall.MSG_NOSIGNAL, 0, 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.EAGAIN:
			return 0, ErrTimeout
		case e != 0:
			return 0, mapNetErr(e)
		}
		return int(n), nil
	}
}

func (s *blockingSock) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return mapNetErr(syscall.Close(s.fd))
}

// Fd returns the socket's descriptor.
func (s *blockingSock) Fd() int { return s.fd }
