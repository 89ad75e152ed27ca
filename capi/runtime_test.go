package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
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
