package core

import (
	"syscall"
	"time"
	"unsafe" // also what go:linkname needs
)

// A thread in an ordinary system call keeps its P (its right to run Go
// code) in the system-call state, and while a P is in that state with
// nothing else to run, sysmon, the runtime's monitor thread, stays awake
// for up to 10 ms deciding whether to take it, waking every 20 µs at
// first. A caller waiting in ppoll for a slow server paid for that busy
// monitor thread during every wait: against a server answering in 20 ms
// the other threads of the process burned about 250 µs a request, and
// the process as a whole 2.7 times http.client's CPU (bench/RESULTS.md,
// "CPU while waiting").
//
// A wait that is expected to block therefore tells the runtime so up
// front, as the runtime does for its own blocking waits:
// entersyscallblock hands the P back at once, so sysmon finds every P
// idle and sleeps, and exitsyscall takes an idle P again when the wait
// ends. Against the same server the other threads now burn about 50 µs
// a request. The hand-off has a price of its own, about 3 µs a wait (the
// P goes to the idle list and sysmon is woken on the way out), which
// waits that end within microseconds would pay for nothing: a small GET
// with client and server sharing one CPU waits about 10 µs each time,
// and its CPU per request grew by a tenth. So a socket uses the blocking
// form when its last wait of the same kind was long (longWaitAfter), and
// the ordinary form otherwise: a slow server's waits for its answer are
// long one after the other, a fast server's and a download's short. A first phase of 20 µs as an
// ordinary system call before every blocking one was measured too: it
// made the long waits cost about twice as much (sysmon stays awake
// through the phase, which the kernel's timer slack stretches to about
// 70 µs).
//
// entersyscallblock and exitsyscall are runtime functions that Go keeps
// callable from outside the runtime with these signatures (their
// declarations say "Do not remove or change the type signature",
// go.dev/issue/67401).

//go:linkname entersyscallblock runtime.entersyscallblock
func entersyscallblock()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()

// ppollBlocking is ppoll(2) on fds with the timeout ts (nil: none) for a
// wait expected to block. Between the two runtime calls the goroutine
// has no P, so nothing here may allocate, grow the stack or be
// instrumented: the function is nosplit and makes only the raw system
// call, which is assembly.
//
//go:nosplit
//go:norace
func ppollBlocking(fds *pollFd, nfds int, ts *syscall.Timespec) (int, syscall.Errno) {
	entersyscallblock()
	n, _, e := syscall.RawSyscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(fds)), uintptr(nfds), uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	exitsyscall()
	return int(n), e
}

// longWaitAfter is how long a wait of each kind must take for the next
// one of its kind on the same socket to be expected to block. For the
// peer's answer, about five of sysmon's first ticks, whose cost passes
// that of the hand-off: a slow server is slow at every answer. For the
// rest, 1 ms: within a download the socket runs dry now and then for a
// few hundred µs at most, and a hand-off on each wait after one of them
// cost the runtime's other threads about 400 µs per 16 MiB read (more
// than the sysmon ticks it saved), while a stream that trickles (events
// seconds apart) waits far longer.
var longWaitAfter = [2]time.Duration{
	waitAnswer: 100 * time.Microsecond,
	waitStream: time.Millisecond,
}

// ppoll is ppoll(2) as an ordinary system call, for a wait expected to
// end soon.
func ppoll(fds *pollFd, nfds int, ts *syscall.Timespec) (int, syscall.Errno) {
	n, _, e := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(fds)), uintptr(nfds), uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	return int(n), e
}
