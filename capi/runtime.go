package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"
	_ "unsafe" // go:linkname
)

// The embedded runtime's settings that differ from a Go program's
// defaults, each only when the host's environment does not set its own.

// gcPercent is the Go collector's target for the library's own heap when
// the host's environment does not set one (GOGC): a new cycle starts when
// the heap has grown by half since the last, not doubled (Go's default,
// 100). The library's heap is small and short-lived (a response's head,
// a connection's buffers), so this keeps the process's peak memory about
// 2 MiB lower over a long run of requests at no CPU cost that the
// benchmarks could measure. It changes nothing for the host's own memory;
// GOGC in the environment (GOGC=100 for Go's default) still decides.
const gcPercent = 50

// minProcs is the fewest Ps (GOMAXPROCS) the library runs with when the
// environment does not set GOMAXPROCS. Go's default is the CPUs the
// process may use (its affinity mask, or its cgroup's CPU limit), which
// is 1 for a host pinned to one CPU or in a one-CPU container. A
// library's Go code only ever runs on its callers' threads, and each of
// them keeps its P in the system-call state while it waits in ppoll and
// between calls (after an export returns). With one P there is then no
// idle P, and sysmon, the runtime's monitor thread, takes the P away from
// any such thread that stays more than one of its ticks, which keeps
// sysmon ticking every 20 µs and makes the thread's next call take a P
// back the slow way: a small GET with client and server on one CPU spent
// about 2.5 µs of its 20 µs a request there (bench/RESULTS.md). With a
// second P idle, sysmon leaves a P in a system call alone for 10 ms and
// backs off to its long sleep. A second P also lets a second calling
// thread run while the first is in a system call, instead of waiting for
// sysmon to free the only P. It costs nothing when unused: a P is a
// scheduling slot, not a thread.
const minProcs = 2

func init() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMAXPROCS"); !set && runtime.GOMAXPROCS(0) < minProcs {
		runtime.GOMAXPROCS(minProcs)
	}
}

// The runtime's monitor thread, sysmon, takes the P (the right to run Go
// code) from a thread that has held it for 10 ms without the scheduler
// running anything on it. A thread that calls the library often never
// runs the scheduler: each export runs on the caller's thread, and
// between calls the thread keeps its P in the system-call state. So
// every 10 to 20 ms sysmon took the P away (and woke another thread to
// hand it to), the caller's next call then had to get a P back the slow
// way, and sysmon, having taken a P, went back to waking every 20 µs
// and slowed down again over the next milliseconds: a small GET from
// Python on one CPU spent about 1.2 µs of its 17 in the runtime's other
// threads and its main thread more in the slow way back (bench/
// RESULTS.md).
//
// maybeYield, at the start of the calls that take a handle, lets the
// scheduler run once on the calling thread's P when the thread has been
// calling the library steadily (no gap of busyGap between two calls) for
// yieldEvery: runtime.Gosched, which on the caller's thread (locked to
// its goroutine, as every export's is) costs about 20 µs of CPU in
// context switches, once every 5 ms of steady calls. sysmon then never
// sees a P that has run one goroutine for 10 ms, and sleeps up to 10 ms
// at a time instead: the small GET above went from 17.2 to about 16 µs a request.
// A thread that calls now and then does not yield: there a yield would
// cost more than sysmon does, and a call that waited for a slow server
// has handed its P back already (core/syswait.go), which reschedules.
const (
	yieldEvery = 5 * time.Millisecond
	busyGap    = time.Millisecond
)

// yields holds, for each P (by its id, folded into the arrays for a very
// large GOMAXPROCS), when maybeYield last yielded or began a run of
// steady calls there (at), and when it was last called there (last), in
// nanoseconds since epoch.
type yields struct {
	at, last [64]atomic.Int64
}

var (
	procYields yields
	epoch      = time.Now()
)

// due records a call on P p at now and reports whether it should yield.
func (y *yields) due(p int, now int64) bool {
	p %= len(y.at)
	if now-y.last[p].Swap(now) > int64(busyGap) {
		y.at[p].Store(now) // a new run of calls
		return false
	}
	if now-y.at[p].Load() >= int64(yieldEvery) {
		y.at[p].Store(now)
		return true
	}
	return false
}

//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

func maybeYield() {
	p := procPin()
	procUnpin()
	if procYields.due(p, int64(time.Since(epoch))) { // (monotonic)
		runtime.Gosched()
	}
}
