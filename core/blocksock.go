package core

import (
	"io"
	"net"
	"strconv"
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

// connectBlocking opens a TCP connection to ip:port from the calling
// thread, as socket.create_connection does for one address: a socket with
// TCP_NODELAY, bound to local if given, connected within timeout (0: no
// limit; the wait is a poll(2) on this thread, not Go's network poller).
func connectBlocking(ip net.IPAddr, port int, timeout time.Duration, local *net.TCPAddr) (*blockingSock, error) {
	family := syscall.AF_INET
	if ip.IP.To4() == nil {
		family = syscall.AF_INET6
	}
	sa, err := sockaddr(family, ip.IP, port, ip.Zone)
	if err != nil {
		return nil, err
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC|syscall.SOCK_NONBLOCK, syscall.IPPROTO_TCP)
	if err != nil {
		return nil, mapNetErr(err)
	}
	fail := func(err error) (*blockingSock, error) {
		syscall.Close(fd)
		return nil, mapNetErr(err)
	}
	syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	if local != nil {
		lfamily := family
		lsa, err := sockaddr(lfamily, local.IP, local.Port, local.Zone)
		if err != nil {
			return fail(err)
		}
		if err := syscall.Bind(fd, lsa); err != nil {
			return fail(err)
		}
	}
	err = syscall.Connect(fd, sa)
	if err == syscall.EINPROGRESS || err == syscall.EINTR {
		if err := pollWritable(fd, timeout); err != nil {
			syscall.Close(fd)
			return nil, err
		}
		soerr, gerr := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_ERROR)
		if gerr != nil {
			return fail(gerr)
		}
		if soerr != 0 {
			return fail(syscall.Errno(soerr))
		}
	} else if err != nil {
		return fail(err)
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		return fail(err)
	}
	s := &blockingSock{fd: fd}
	if err := s.setTimeout(timeout); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return s, nil
}

func sockaddr(family int, ip net.IP, port int, zone string) (syscall.Sockaddr, error) {
	if family == syscall.AF_INET {
		sa := &syscall.SockaddrInet4{Port: port}
		if ip4 := ip.To4(); ip4 != nil {
			copy(sa.Addr[:], ip4)
		}
		return sa, nil
	}
	sa := &syscall.SockaddrInet6{Port: port}
	if ip16 := ip.To16(); ip16 != nil {
		copy(sa.Addr[:], ip16)
	}
	if zone != "" {
		if n, err := strconv.Atoi(zone); err == nil {
			sa.ZoneId = uint32(n)
		} else if ifi, err := net.InterfaceByName(zone); err == nil {
			sa.ZoneId = uint32(ifi.Index)
		} else {
			return nil, &OSError{Errno: syscall.EINVAL, Err: err}
		}
	}
	return sa, nil
}

// pollWritable waits until fd's connect finishes, at most timeout (0: no
// limit), in poll(2) on the calling thread.
func pollWritable(fd int, timeout time.Duration) error {
	type pollFd struct {
		fd      int32
		events  int16
		revents int16
	}
	const pollOut = 0x4
	deadline := time.Now().Add(timeout)
	for {
		pfd := pollFd{fd: int32(fd), events: pollOut}
		var tsp uintptr
		var ts syscall.Timespec
		if timeout > 0 {
			left := time.Until(deadline)
			if left <= 0 {
				return ErrTimeout
			}
			ts = syscall.NsecToTimespec(int64(left))
			tsp = uintptr(unsafe.Pointer(&ts))
		}
		n, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1, tsp, 0, 0, 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e != 0:
			return mapNetErr(e)
		case n == 0:
			return ErrTimeout
		}
		return nil
	}
}
