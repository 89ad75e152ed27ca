package core

import (
	"errors"
	"syscall"
	"testing"
	"time"
)

// TestWaitForms: a socket's wait works the same in both of its forms (an
// ordinary system call, or one that hands the runtime's P back first):
// it ends when data arrives, when its deadline passes, and when the
// operation is cancelled; and the form of the next wait follows how long
// the last one took.
func TestWaitForms(t *testing.T) {
	errLate := errors.New("late")
	for _, long := range []bool{false, true} {
		fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Close(fds[1])
		s, err := newBlockingSock(fds[0], &ioControl{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		far := time.Now().Add(10 * time.Second) // only to end a hang

		// Data arrives later: the wait ends, and was long.
		s.longWait[waitStream] = long
		go func() {
			time.Sleep(20 * time.Millisecond)
			syscall.Write(fds[1], []byte("x"))
		}()
		if err := s.wait(pollIn, far, errLate); err != nil {
			t.Fatalf("long=%v: wait for data = %v", long, err)
		}
		if !s.longWait[waitStream] {
			t.Errorf("long=%v: a 20 ms wait did not count as long", long)
		}
		var b [1]byte
		syscall.Read(fds[0], b[:])

		// Data is there already: the wait is short, and the next one is
		// expected to be short too.
		syscall.Write(fds[1], []byte("y"))
		if err := s.wait(pollIn, far, errLate); err != nil {
			t.Fatalf("long=%v: wait with data ready = %v", long, err)
		}
		syscall.Read(fds[0], b[:])
		if s.longWait[waitStream] {
			t.Errorf("long=%v: a wait with data ready counted as long", long)
		}

		// The first wait after a send is for the answer, with a record
		// of its own, which this wait alone updates.
		s.longWait = [2]bool{}
		if _, err := s.Write([]byte("q")); err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(20 * time.Millisecond)
			syscall.Write(fds[1], []byte("z"))
		}()
		if _, err := s.Read(b[:]); err != nil {
			t.Fatal(err)
		}
		if !s.longWait[waitAnswer] || s.longWait[waitStream] || s.sent {
			t.Errorf("long=%v: after an answer 20 ms late: records %v, sent %v; want the answer's long only, sent cleared", long, s.longWait, s.sent)
		}
		syscall.Read(fds[1], b[:]) // the "q"

		// The deadline passes.
		s.longWait[waitStream] = long
		if err := s.wait(pollIn, time.Now().Add(30*time.Millisecond), errLate); err != errLate {
			t.Fatalf("long=%v: wait past its deadline = %v; want the late error", long, err)
		}

		// A cancel from another goroutine.
		s.longWait[waitStream] = long
		go func() {
			time.Sleep(20 * time.Millisecond)
			s.ctl.Cancel()
		}()
		if err := s.wait(pollIn, far, errLate); err != ErrCancelled {
			t.Fatalf("long=%v: cancelled wait = %v; want ErrCancelled", long, err)
		}
	}
}
