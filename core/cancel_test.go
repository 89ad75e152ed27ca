package core

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// silentServer accepts one connection per handler slot, reads, and never
// answers (until the client closes or 10 s pass).
func silentServer(t *testing.T, n int) *testServer {
	hs := make([]func(net.Conn), n)
	for i := range hs {
		hs[i] = func(nc net.Conn) { io.Copy(io.Discard, nc) }
	}
	return startServer(t, hs...)
}

// TestCancelBlockedGetResponse: Cancel from another goroutine ends a
// GetResponse blocked on a silent server with ErrCancelled, closes the
// socket, and the next request connects anew.
func TestCancelBlockedGetResponse(t *testing.T) {
	s := startServer(t,
		func(nc net.Conn) { io.Copy(io.Discard, nc) },
		func(nc net.Conn) {
			br := bufio.NewReader(nc)
			readRequest(br)
			io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		})
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10 * time.Second // only to end a hang
	defer c.Close()
	if err := c.Request("GET", "/", nil, nil, false); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		c.Cancel() // touches nothing the blocked call holds
	}()
	_, err := c.GetResponse()
	if err != ErrCancelled {
		t.Fatalf("GetResponse = %v; want ErrCancelled", err)
	}
	if c.Connected() {
		t.Error("still connected after a cancel")
	}
	if status, body, err := get(c, "/"); err != nil || status != 200 || body != "ok" {
		t.Fatalf("next request = %d %q %v; want 200 \"ok\"", status, body, err)
	}
	if s.accepts() != 2 {
		t.Errorf("accepted %d connections; want 2", s.accepts())
	}
}

// TestCancelBeforeCall: a cancel with nothing blocked fails the next
// blocking operation, once.
func TestCancelBeforeCall(t *testing.T) {
	s := startServer(t, func(nc net.Conn) {
		br := bufio.NewReader(nc)
		readRequest(br)
		io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
	})
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10 * time.Second // only to end a hang
	defer c.Close()
	c.Cancel()
	if err := c.Request("GET", "/", nil, nil, false); err != ErrCancelled {
		t.Fatalf("Request after Cancel = %v; want ErrCancelled", err)
	}
	if s.accepts() != 0 {
		t.Errorf("a cancelled request connected")
	}
	c.Close()
	if status, body, err := get(c, "/"); err != nil || status != 200 || body != "ok" {
		t.Fatalf("next request = %d %q %v; want 200 \"ok\"", status, body, err)
	}
}

// TestCancelBodyRead: a cancel ends a body read blocked mid-body; the
// connection forgets the response and reconnects.
func TestCancelBodyRead(t *testing.T) {
	s := startServer(t, func(nc net.Conn) {
		br := bufio.NewReader(nc)
		readRequest(br)
		io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab")
		io.Copy(io.Discard, nc)
	}, func(nc net.Conn) {
		br := bufio.NewReader(nc)
		readRequest(br)
		io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
	})
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10 * time.Second // only to end a hang
	defer c.Close()
	if err := c.Request("GET", "/", nil, nil, false); err != nil {
		t.Fatal(err)
	}
	r, err := c.GetResponse()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		r.Cancel()
	}()
	if _, err := r.ReadAll(); !errors.Is(err, ErrCancelled) {
		t.Fatalf("ReadAll = %v; want ErrCancelled", err)
	}
	if status, body, err := get(c, "/"); err != nil || status != 200 || body != "ok" {
		t.Fatalf("next request = %d %q %v; want 200 \"ok\"", status, body, err)
	}
}

// TestTotalDeadline: a server that sends a byte every 100 ms never trips
// the per-operation timeout, but the total deadline ends the request.
func TestTotalDeadline(t *testing.T) {
	s := startServer(t, func(nc net.Conn) {
		br := bufio.NewReader(nc)
		readRequest(br)
		io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n")
		for i := 0; i < 200; i++ {
			if _, err := nc.Write([]byte{'x'}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10 * time.Second // only to end a hang
	defer c.Close()
	c.Timeout = 5 * time.Second
	c.TotalTimeout = 400 * time.Millisecond
	start := time.Now()
	_, _, err := get(c, "/")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrDeadline) {
		t.Fatalf("get = %v; want ErrDeadline (a timeout)", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the deadline of 400ms ended the request after %v", d)
	}
}

// TestTotalDeadlineRestartsPerRequest: the deadline counts from each
// request's start, not from the connection's.
func TestTotalDeadlineRestartsPerRequest(t *testing.T) {
	s := startServer(t, func(nc net.Conn) {
		br := bufio.NewReader(nc)
		for i := 0; i < 2; i++ {
			if _, err := readRequest(br); err != nil {
				return
			}
			io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	c, _ := NewConn("127.0.0.1", s.port())
	c.Timeout = 10 * time.Second // only to end a hang
	defer c.Close()
	c.TotalTimeout = 300 * time.Millisecond
	for i := 0; i < 2; i++ {
		if status, _, err := get(c, "/"); err != nil || status != 200 {
			t.Fatalf("request %d = %d %v", i, status, err)
		}
		time.Sleep(400 * time.Millisecond) // longer than the deadline, between requests
	}
}

// TestTotalDeadlineHostTransport: a host transport is checked between its
// calls.
func TestTotalDeadlineHostTransport(t *testing.T) {
	c, _ := NewConn("example.invalid", 80)
	c.TotalTimeout = 200 * time.Millisecond
	c.SetTransport(&slowTransport{})
	if err := c.Request("GET", "/", nil, nil, false); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetResponse()
	if !errors.Is(err, ErrDeadline) {
		t.Fatalf("GetResponse = %v; want ErrDeadline", err)
	}
}

// slowTransport answers one header byte per read, 50 ms apart, forever.
type slowTransport struct{ n int }

func (s *slowTransport) Read(p []byte) (int, error) {
	time.Sleep(50 * time.Millisecond)
	s.n++
	if s.n > 200 {
		return 0, io.EOF
	}
	line := "HTTP/1.1 200 OK\r\n"
	if s.n <= len(line) {
		p[0] = line[s.n-1]
	} else {
		p[0] = 'X'
	}
	return 1, nil
}
func (s *slowTransport) Write(p []byte) (int, error) { return len(p), nil }
func (s *slowTransport) Close() error                { return nil }

// TestCancelConnectAndResolve: a pending cancel stops a connect before it
// starts, with no socket left behind.
func TestCancelConnect(t *testing.T) {
	s := silentServer(t, 1)
	c, _ := NewConn("127.0.0.1", s.port())
	c.Cancel()
	if err := c.Connect(); err != ErrCancelled {
		t.Fatalf("Connect = %v; want ErrCancelled", err)
	}
	if c.Connected() {
		t.Error("connected after a cancelled connect")
	}
	c.Close()
}
