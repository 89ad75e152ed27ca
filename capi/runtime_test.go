package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestMain is also the child of TestMinProcs: with
// GOHTTP_TEST_WANT_PROCS set it only checks what the library's init left
// GOMAXPROCS at.
func TestMain(m *testing.M) {
	if want := os.Getenv("GOHTTP_TEST_WANT_PROCS"); want != "" {
		if got := strconv.Itoa(runtime.GOMAXPROCS(0)); got != want {
			fmt.Fprintf(os.Stderr, "GOMAXPROCS = %s, want %s\n", got, want)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestMinProcs loads the library's init in a process allowed one CPU
// only, as a pinned host or a one-CPU container is: GOMAXPROCS is raised
// to minProcs, unless the environment sets it.
func TestMinProcs(t *testing.T) {
	runtime.LockOSThread() // the child inherits this thread's affinity
	defer runtime.UnlockOSThread()
	var old, one [16]uint64
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(old), uintptr(unsafe.Pointer(&old))); e != 0 {
		t.Fatalf("sched_getaffinity: %v", e)
	}
	for i, w := range old { // the first CPU allowed
		if w != 0 {
			one[i] = w & -w
			break
		}
	}
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(one), uintptr(unsafe.Pointer(&one))); e != 0 {
		t.Fatalf("sched_setaffinity: %v", e)
	}
	defer syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(old), uintptr(unsafe.Pointer(&old)))
	for _, c := range []struct{ env, want string }{
		{"", "2"},
		{"GOMAXPROCS=1", "1"},
		{"GOMAXPROCS=3", "3"},
	} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(withoutEnv("GOMAXPROCS"), "GOHTTP_TEST_WANT_PROCS="+c.want)
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("one CPU, environment %q: %v\n%s", c.env, err, out)
		}
	}
}

func withoutEnv(name string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if len(kv) <= len(name) || kv[:len(name)+1] != name+"=" {
			env = append(env, kv)
		}
	}
	return env
}

// TestYieldsDue: a thread calling steadily (no gap over busyGap) yields
// once every yieldEvery; one that calls with gaps never does; Ps are
// counted apart.
func TestYieldsDue(t *testing.T) {
	var y yields
	ms := int64(time.Millisecond)
	count := func(p int, from, to, step int64) (n int) {
		for now := from; now <= to; now += step {
			if y.due(p, now) {
				n++
			}
		}
		return n
	}
	// 100 ms of calls every 0.1 ms on P 0: a yield at each 5 ms.
	if n := count(0, 1000*ms, 1100*ms, ms/10); n != 20 {
		t.Errorf("steady calls for 100 ms: %d yields; want 20", n)
	}
	// Then calls every 2 ms: none (each starts a new run).
	if n := count(0, 1102*ms, 1200*ms, 2*ms); n != 0 {
		t.Errorf("calls 2 ms apart: %d yields; want 0", n)
	}
	// P 1 has its own run: its first calls do not yield at once.
	if n := count(1, 1200*ms, 1204*ms, ms/10); n != 0 {
		t.Errorf("4 ms of steady calls on another P: %d yields; want 0", n)
	}
	// P 66 folds onto P 2: calls alternating between them make one run
	// (2 yields in 10 ms), not two (4).
	n := 0
	for i, now := 0, 1300*ms; now <= 1310*ms; i, now = i+1, now+ms/10 {
		if y.due(2+64*(i%2), now) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("P 2 and P 66 alternating for 10 ms: %d yields; want 2", n)
	}
}
