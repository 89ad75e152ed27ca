package main

import (
	"os"
	"runtime"
	"runtime/debug"
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
