package core

import (
	"syscall"
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
// A wait that is known to block therefore tells the runtime so up front,
// as the runtime does for its own blocking waits: entersyscallblock hands
// the P back at once, so sysmon finds every P idle and sleeps, and
// exitsyscall takes an idle P again when the wait ends. Against the same
// server the other threads now burn about 50 µs a request. The price is
// paid by waits that end within microseconds (client and server sharing
// one CPU): the hand-off and sysmon's wake-up on the way out add about
// 3 µs to such a wait. A first phase of 20 µs as an ordinary system call
// was measured too: it kept short waits as cheap as before but made long
// ones cost about twice as much (sysmon stays awake through the phase,
// which the kernel's timer slack stretches to about 70 µs), and long
// waits are what a real server gives.
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
