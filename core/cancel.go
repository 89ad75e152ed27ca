package core

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ErrCancelled reports that Cancel stopped the operation. The socket it
// ran on is closed; the connection reconnects on its next request.
var ErrCancelled = errors.New("core: operation cancelled")

// ErrDeadline reports that a request ran past its total deadline
// (Conn.TotalTimeout). It is a timeout: errors.Is(ErrDeadline, ErrTimeout)
// holds, so callers that handle timeouts handle it too.
var ErrDeadline error = deadlineError{}

type deadlineError struct{}

func (deadlineError) Error() string        { return "timed out (request deadline exceeded)" }
func (deadlineError) Is(target error) bool { return target == ErrTimeout }

// ioControl is what a connection's blocking operations share with the
// threads that may stop them: a pending cancel and the wake-up of the
// wait under way, and the request's total deadline.
//
// A cancel is sticky: Cancel sets pending, and the blocked operation (or,
// when none is blocked, the next one) takes it and fails with
// ErrCancelled. Dropping a cancel that finds nothing blocked would lose
// the race every canceller has with the call it means to stop (the call
// may be about to block), so it is kept until some operation reports it.
//
// The wait registers how to wake it (write to the socket's eventfd, or
// cancel a resolver's context) before it looks at pending, and Cancel
// sets pending before it looks at the registration: whichever comes
// second sees the other, so no cancel is lost. The wake function is
// called under mu, and a wait unregisters under mu before its eventfd can
// be closed, so Cancel never writes to a closed (or reused) descriptor.
type ioControl struct {
	pending atomic.Bool
	mu      sync.Mutex
	wake    func()

	// total is the request's deadline (zero: none). Only the thread
	// running the connection's calls reads or writes it.
	total time.Time
}

// Cancel stops the operation blocked on c, or the next one. It may be
// called from any goroutine or thread, at any time.
func (c *ioControl) Cancel() {
	if c == nil {
		return
	}
	c.pending.Store(true)
	c.mu.Lock()
	if c.wake != nil {
		c.wake()
	}
	c.mu.Unlock()
}

// take reports and clears a pending cancel.
func (c *ioControl) take() bool {
	return c != nil && c.pending.Load() && c.pending.CompareAndSwap(true, false)
}

// begin registers wake for the wait about to start; it fails with
// ErrCancelled, registering nothing, when a cancel is pending.
func (c *ioControl) begin(wake func()) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	c.wake = wake
	c.mu.Unlock()
	if c.take() {
		c.end()
		return ErrCancelled
	}
	return nil
}

// end unregisters the wait's wake-up.
func (c *ioControl) end() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.wake = nil
	c.mu.Unlock()
}

// check fails with ErrCancelled when a cancel is pending and with
// ErrDeadline when the request's deadline has passed; it starts every
// operation, so that a cancel or a deadline holds even against a peer
// that always has data ready, and on host transports, which cannot be
// waited on (there it is the only check: between two callbacks).
func (c *ioControl) check() error {
	if c == nil {
		return nil
	}
	if c.take() {
		return ErrCancelled
	}
	if !c.total.IsZero() && !time.Now().Before(c.total) {
		return ErrDeadline
	}
	return nil
}

// deadline returns when an operation starting now must end, given its
// per-operation timeout (0: none), and the error to report then:
// ErrTimeout for the operation's own timeout, ErrDeadline for the
// request's. The zero time means no limit.
func (c *ioControl) deadline(timeout time.Duration) (time.Time, error) {
	var dl time.Time
	if timeout > 0 {
		dl = time.Now().Add(timeout)
	}
	if c != nil && !c.total.IsZero() && (dl.IsZero() || c.total.Before(dl)) {
		return c.total, ErrDeadline
	}
	return dl, ErrTimeout
}

// Cancel stops the call blocked on the connection or on a response it
// returned, from any goroutine or thread: the call fails with
// ErrCancelled and the socket is closed (the next request connects
// anew). With no call blocked, the next blocking operation fails that
// way instead (see ioControl). On a native socket the wait ends at once;
// a host transport (Dial, SetTransport) is checked between its calls.
func (c *Conn) Cancel() { c.ctl.Cancel() }

// Cancel is Conn.Cancel for the connection this response reads from
// (or, for NewResponse, for its own transport).
func (r *Response) Cancel() { r.sock.ctl.Cancel() }

// armDeadline starts the total deadline of a request: TotalTimeout from
// now, or none.
func (c *Conn) armDeadline() {
	if c.TotalTimeout > 0 {
		c.ctl.total = time.Now().Add(c.TotalTimeout)
	} else {
		c.ctl.total = time.Time{}
	}
}
