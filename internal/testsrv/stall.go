package testsrv

import (
	"net"
	"sync/atomic"
	"time"
)

// StallOptions configures StartStall.
type StallOptions struct {
	// Addr is the listen address; it must be a loopback host. Empty means
	// DefaultAddr.
	Addr string
	// Lifetime is how long the listener runs before closing itself and all
	// its connections; zero means DefaultLifetime.
	Lifetime time.Duration
}

// Stall is a TCP listener that accepts connections and never writes to
// them. It reads and discards whatever clients send, so a client's TLS
// handshake or request write completes locally and then waits forever for
// an answer, which makes it suitable for handshake and read timeout tests.
// Connections are closed only by the client, Close or the lifetime.
type Stall struct {
	lc       lifecycle
	accepted atomic.Int64
	received atomic.Int64
}

// StartStall starts a Stall listener with opts.
func StartStall(opts StallOptions) (*Stall, error) {
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	s := &Stall{}
	s.lc.init(ln, opts.Lifetime, s.Close)
	s.lc.wg.Add(1)
	go s.lc.acceptLoop(func(c net.Conn) {
		s.accepted.Add(1)
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			s.received.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	return s, nil
}

// Addr returns the listening address as host:port.
func (s *Stall) Addr() string { return s.lc.ln.Addr().String() }

// Port returns the listening TCP port.
func (s *Stall) Port() int { return s.lc.port() }

// Close stops the listener, closes every held connection and waits for the
// goroutines to finish. It is safe to call more than once.
func (s *Stall) Close() error { return s.lc.close() }

// Done returns a channel that is closed once the listener starts closing.
func (s *Stall) Done() <-chan struct{} { return s.lc.done }

// Accepted returns how many connections have been accepted so far.
func (s *Stall) Accepted() int { return int(s.accepted.Load()) }

// Received returns how many bytes clients have sent so far, over all
// connections.
func (s *Stall) Received() int64 { return s.received.Load() }
