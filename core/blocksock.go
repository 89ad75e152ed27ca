package core

import (
	"io"
	"net"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

// blockingSock is a connected TCP socket driven with system calls on the
// calling thread, as Python's socket module does: a C or Python caller
// that blocks in gohttp waits in ppoll(2) on its own thread, not in Go's
// network poller on another.
//
// Every send and receive is non-blocking (MSG_DONTWAIT; the descriptor's
// own mode is left alone, so a host that wraps fileno() sees what it
// set). When the socket is not ready the call waits in ppoll(2) on the
// socket and on an eventfd, with the time left until the operation's
// deadline: the per-operation timeout (http.client's semantics, fixed
// when the operation starts) or the request's total deadline, whichever
// comes first. A signal (EINTR) or a spurious wake-up polls again with
// what is left, never with a fresh timeout, so a periodic signal cannot
// keep a call alive (PEP 475's rule).
//
// Cancel writes to the eventfd. The wait runs inside Go (an export
// blocks in ppoll on the caller's thread) rather than in the C wrapper
// outside Go: it keeps every export's contract (one call, one result) and
// needs no resumable core, while the deadline is held across EINTR and a
// cancel wakes any wait (connect, send, receive, TLS) at once. Waiting
// outside Go would not save the runtime's CPU either: a thread that has
// returned from an export keeps its P in the system-call state, which
// keeps sysmon awake just the same (syswait.go says what the wait does
// about it). The
// eventfd is used rather than shutdown(2) on the socket from the
// cancelling thread because the cancelling thread then never touches the
// socket's descriptor, which its owner may be closing (and the kernel
// reusing) at that moment, and because shutdown does not wake a connect
// in progress.
//
// Writes use MSG_NOSIGNAL, so a closed peer is EPIPE, never SIGPIPE in
// the host process.
type blockingSock struct {
	fd      int
	wakeFd  int           // the eventfd Cancel writes to
	timeout time.Duration // per operation; 0 means none
	ctl     *ioControl
	closed  bool
	// longWait: the socket's last wait of each kind took longer than
	// longWaitAfter for its kind, so the next one is expected to block
	// too (syswait.go says why it matters).
	longWait [2]bool
	// sent: the last call was a send, so the next wait to receive is for
	// the peer's answer (waitAnswer).
	sent bool
}

// The kinds of wait, each with its own record of how long the last one
// took: for the peer's answer to what was sent (a slow server's time to
// its first byte), or for anything else (more of a body, room to send).
const (
	waitAnswer = iota
	waitStream
)

const (
	pollIn  = 0x1
	pollOut = 0x4
)

type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

// newBlockingSock wraps fd (a socket) and opens its eventfd.
func newBlockingSock(fd int, ctl *ioControl) (*blockingSock, error) {
	const efdCloexec, efdNonblock = 0x80000, 0x800
	efd, _, e := syscall.RawSyscall(syscall.SYS_EVENTFD2, 0, efdCloexec|efdNonblock, 0)
	if e != 0 {
		return nil, mapNetErr(e)
	}
	return &blockingSock{fd: fd, wakeFd: int(efd), ctl: ctl}, nil
}

func (s *blockingSock) setTimeout(d time.Duration) error {
	s.timeout = d
	return nil
}

// wakeUp is the wait's wake-up for Cancel: it makes the eventfd readable.
func (s *blockingSock) wakeUp() {
	one := uint64(1)
	syscall.Write(s.wakeFd, (*[8]byte)(unsafe.Pointer(&one))[:])
}

// wait blocks until the socket is ready for events (or has an error or a
// hang-up, which the next call reports), the deadline dl passes (then it
// fails with late), or the operation is cancelled.
func (s *blockingSock) wait(events int16, dl time.Time, late error) error {
	if err := s.ctl.begin(s.wakeUp); err != nil {
		return err
	}
	defer s.ctl.end()
	kind := waitStream
	if events == pollIn && s.sent {
		kind = waitAnswer
	}
	start := time.Now()
	defer func() { s.longWait[kind] = time.Since(start) > longWaitAfter[kind] }()
	for {
		var tsp *syscall.Timespec
		var ts syscall.Timespec
		if !dl.IsZero() {
			left := time.Until(dl) // monotonic
			if left <= 0 {
				return late
			}
			ts = syscall.NsecToTimespec(int64(left))
			tsp = &ts
		}
		pfds := [2]pollFd{{fd: int32(s.fd), events: events}, {fd: int32(s.wakeFd), events: pollIn}}
		var n int
		var e syscall.Errno
		if s.longWait[kind] {
			n, e = ppollBlocking(&pfds[0], 2, tsp)
		} else {
			n, e = ppoll(&pfds[0], 2, tsp)
		}
		switch {
		case e == syscall.EINTR:
			continue // poll again with the time left
		case e != 0:
			return mapNetErr(e)
		case n == 0:
			continue // the loop's top decides whether time is up
		}
		if pfds[1].revents != 0 {
			var buf [8]byte
			syscall.Read(s.wakeFd, buf[:])
			if s.ctl.take() {
				return ErrCancelled
			}
		}
		if pfds[0].revents != 0 {
			return nil
		}
	}
}

func (s *blockingSock) Read(p []byte) (int, error) {
	if s.closed {
		return 0, &OSError{Errno: syscall.EBADF, Err: syscall.EBADF}
	}
	if len(p) == 0 {
		return 0, nil
	}
	var dl time.Time
	var late error
	for {
		n, _, e := syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(s.fd),
			uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), syscall.MSG_DONTWAIT, 0, 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.EAGAIN:
			if late == nil { // the operation's deadline is fixed once
				dl, late = s.ctl.deadline(s.timeout)
			}
			if err := s.wait(pollIn, dl, late); err != nil {
				return 0, err
			}
			continue
		case e != 0:
			return 0, mapNetErr(e)
		case n == 0:
			s.sent = false
			return 0, io.EOF
		}
		s.sent = false
		return int(n), nil
	}
}

// Write sends all of p, as Python's sendall does: the timeout bounds the
// whole send, not each piece of it. It returns less than len(p) only with
// an error.
func (s *blockingSock) Write(p []byte) (int, error) {
	if s.closed {
		return 0, &OSError{Errno: syscall.EBADF, Err: syscall.EBADF}
	}
	var dl time.Time
	var late error
	sent := 0
	for sent < len(p) {
		n, _, e := syscall.Syscall6(syscall.SYS_SENDTO, uintptr(s.fd),
			uintptr(unsafe.Pointer(&p[sent])), uintptr(len(p)-sent),
			syscall.MSG_NOSIGNAL|syscall.MSG_DONTWAIT, 0, 0)
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.EAGAIN:
			if late == nil {
				dl, late = s.ctl.deadline(s.timeout)
			}
			if err := s.wait(pollOut, dl, late); err != nil {
				return sent, err
			}
			continue
		case e != 0:
			return sent, mapNetErr(e)
		}
		sent += int(n)
	}
	s.sent = true
	return sent, nil
}

func (s *blockingSock) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	syscall.Close(s.wakeFd)
	return mapNetErr(syscall.Close(s.fd))
}

// Fd returns the socket's descriptor.
func (s *blockingSock) Fd() int { return s.fd }

// connectBlocking opens a TCP connection to ip:port from the calling
// thread, as socket.create_connection does for one address: a socket with
// TCP_NODELAY, bound to local if given, connected within timeout (0: no
// limit) and the request's deadline; the wait is a ppoll(2) on this
// thread, not Go's network poller, and Cancel ends it.
func connectBlocking(ip net.IPAddr, port int, timeout time.Duration, local *net.TCPAddr, ctl *ioControl) (*blockingSock, error) {
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
	s, err := newBlockingSock(fd, ctl)
	if err != nil {
		syscall.Close(fd)
		return nil, err
	}
	s.timeout = timeout
	fail := func(err error) (*blockingSock, error) {
		s.Close()
		return nil, mapNetErr(err)
	}
	syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	if local != nil {
		lsa, err := sockaddr(family, local.IP, local.Port, local.Zone)
		if err != nil {
			return fail(err)
		}
		if err := syscall.Bind(fd, lsa); err != nil {
			return fail(err)
		}
	}
	err = syscall.Connect(fd, sa)
	if err == syscall.EINPROGRESS || err == syscall.EINTR {
		dl, late := ctl.deadline(timeout)
		if err := s.wait(pollOut, dl, late); err != nil {
			return fail(err)
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
	// The descriptor is left blocking, as a Python socket without a
	// timeout is, for hosts that use fileno(); gohttp's own calls do not
	// depend on its mode.
	if err := syscall.SetNonblock(fd, false); err != nil {
		return fail(err)
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
