package testsrv

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultLifetime is how long a server runs when its options leave Lifetime
// zero. After its lifetime a server closes itself as if Close were called.
const DefaultLifetime = 2 * time.Minute

// DefaultAddr is the listen address used when options leave Addr empty.
const DefaultAddr = "127.0.0.1:0"

// Parsing limits shared by Server and Proxy.
const (
	// MaxLineBytes is the longest request line, header line or chunk-size
	// line accepted, including its line terminator.
	MaxLineBytes = 8 << 10
	// MaxHeaderBytes is the most header bytes (all field lines together)
	// accepted in one request head.
	MaxHeaderBytes = 64 << 10
	// MaxHeaderCount is the most header fields accepted in one request head.
	MaxHeaderCount = 200
)

// listenLoopback listens on addr, which must name a loopback host.
func listenLoopback(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("testsrv: bad listen address %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("testsrv: refusing to listen on non-loopback address %q", addr)
	}
	return net.Listen("tcp", addr)
}

// isLoopbackHost reports whether host is one of the loopback names the
// servers accept: localhost, 127.0.0.1 or ::1.
func isLoopbackHost(host string) bool {
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// lifecycle is the shared listener/connection bookkeeping of every server.
type lifecycle struct {
	ln       net.Listener
	done     chan struct{}
	once     sync.Once
	closeErr error
	timer    *time.Timer
	wg       sync.WaitGroup

	cmu   sync.Mutex
	conns map[net.Conn]struct{}
}

func (l *lifecycle) init(ln net.Listener, lifetime time.Duration, closeFn func() error) {
	l.ln = ln
	l.done = make(chan struct{})
	l.conns = make(map[net.Conn]struct{})
	if lifetime <= 0 {
		lifetime = DefaultLifetime
	}
	l.cmu.Lock()
	l.timer = time.AfterFunc(lifetime, func() { _ = closeFn() })
	l.cmu.Unlock()
}

// track registers c as active; it reports false (and closes c) when the
// server is already closed.
func (l *lifecycle) track(c net.Conn) bool {
	l.cmu.Lock()
	defer l.cmu.Unlock()
	select {
	case <-l.done:
		_ = c.Close()
		return false
	default:
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *lifecycle) untrack(c net.Conn) {
	l.cmu.Lock()
	delete(l.conns, c)
	l.cmu.Unlock()
	_ = c.Close()
}

func (l *lifecycle) close() error {
	l.once.Do(func() {
		l.cmu.Lock()
		l.timer.Stop()
		close(l.done)
		l.closeErr = l.ln.Close()
		for c := range l.conns {
			_ = c.Close()
		}
		l.cmu.Unlock()
		l.wg.Wait()
	})
	return l.closeErr
}

func (l *lifecycle) closed() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// acceptLoop accepts connections until the listener closes, running serve
// for each one in its own goroutine.
func (l *lifecycle) acceptLoop(serve func(net.Conn)) {
	defer l.wg.Done()
	var delay time.Duration
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if l.closed() || errors.Is(err, net.ErrClosed) {
				return
			}
			// Temporary failure (e.g. too many open files): back off.
			if delay == 0 {
				delay = 5 * time.Millisecond
			} else if delay < time.Second {
				delay *= 2
			}
			select {
			case <-time.After(delay):
			case <-l.done:
				return
			}
			continue
		}
		delay = 0
		if !l.track(c) {
			continue
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer l.untrack(c)
			serve(c)
		}()
	}
}

func (l *lifecycle) port() int {
	if a, ok := l.ln.Addr().(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// httpError is a request parsing failure with the status to answer.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.msg) }

func errStatus(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// errCleanEOF reports that the peer closed before sending any byte of a new
// request.
var errCleanEOF = errors.New("testsrv: connection closed between requests")

// teeReader reads lines and fixed-size blocks from a bufio.Reader and keeps
// a copy of every consumed byte (up to a cap) in cur.
type teeReader struct {
	br        *bufio.Reader
	cur       bytes.Buffer
	max       int
	truncated bool
}

func (t *teeReader) keep(p []byte) {
	room := t.max - t.cur.Len()
	if room < len(p) {
		t.truncated = true
		if room <= 0 {
			return
		}
		p = p[:room]
	}
	t.cur.Write(p)
}

// readLine reads one line of at most limit bytes including the terminator
// and returns it without the trailing CRLF (or bare LF).
func (t *teeReader) readLine(limit int, tooLong int) (string, error) {
	var line []byte
	for {
		frag, err := t.br.ReadSlice('\n')
		t.keep(frag)
		line = append(line, frag...)
		if len(line) > limit {
			return "", errStatus(tooLong, "line too long")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return string(line), err
		}
		break
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return string(line), nil
}

func (t *teeReader) readFull(n int64) ([]byte, error) {
	buf := make([]byte, 0, min(n, 1<<20))
	chunk := make([]byte, 32<<10)
	for n > 0 {
		c := chunk
		if int64(len(c)) > n {
			c = c[:n]
		}
		m, err := t.br.Read(c)
		t.keep(c[:m])
		buf = append(buf, c[:m]...)
		n -= int64(m)
		if err != nil && n > 0 {
			return buf, err
		}
	}
	return buf, nil
}

// requestHead is a parsed request line plus header section.
type requestHead struct {
	method  string
	target  string
	proto   string
	headers [][2]string
}

func (h *requestHead) get(name string) string {
	for _, kv := range h.headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

func (h *requestHead) values(name string) []string {
	var vs []string
	for _, kv := range h.headers {
		if strings.EqualFold(kv[0], name) {
			vs = append(vs, kv[1])
		}
	}
	return vs
}

// hasToken reports whether any comma-separated element of the named
// header equals token (case-insensitively).
func (h *requestHead) hasToken(name, token string) bool {
	for _, v := range h.values(name) {
		for _, e := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(e), token) {
				return true
			}
		}
	}
	return false
}

// readHead reads a request line and header section. It returns errCleanEOF
// when the peer closed before sending anything.
func readHead(t *teeReader) (*requestHead, error) {
	var line string
	var err error
	// RFC 9112 section 2.2: ignore at least one empty line before the request line.
	for i := 0; ; i++ {
		line, err = t.readLine(MaxLineBytes, 414)
		if err != nil {
			if t.cur.Len() == 0 && line == "" {
				return nil, errCleanEOF
			}
			return nil, err
		}
		if line != "" || i >= 4 {
			break
		}
	}
	parts := strings.Split(line, " ")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return nil, errStatus(400, "malformed request line")
	}
	h := &requestHead{method: parts[0], target: parts[1], proto: parts[2]}
	if h.proto != "HTTP/1.1" && h.proto != "HTTP/1.0" {
		if strings.HasPrefix(h.proto, "HTTP/") {
			return nil, errStatus(505, "unsupported protocol version %q", h.proto)
		}
		return nil, errStatus(400, "malformed protocol %q", h.proto)
	}
	total := 0
	for {
		hl, err := t.readLine(MaxLineBytes, 431)
		if err != nil {
			return nil, err
		}
		if hl == "" {
			return h, nil
		}
		total += len(hl) + 2
		if total > MaxHeaderBytes || len(h.headers) >= MaxHeaderCount {
			return nil, errStatus(431, "header section too large")
		}
		if hl[0] == ' ' || hl[0] == '\t' {
			return nil, errStatus(400, "obsolete line folding is not accepted")
		}
		name, value, ok := strings.Cut(hl, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, errStatus(400, "malformed header line")
		}
		h.headers = append(h.headers, [2]string{name, strings.Trim(value, " \t")})
	}
}

// parseContentLength checks all Content-Length values of h agree and
// returns the length, or -1 when there is none.
func parseContentLength(h *requestHead) (int64, error) {
	vals := h.values("Content-Length")
	if len(vals) == 0 {
		return -1, nil
	}
	n := int64(-1)
	for _, v := range vals {
		for _, e := range strings.Split(v, ",") {
			e = strings.TrimSpace(e)
			m, err := strconv.ParseInt(e, 10, 64)
			if err != nil || m < 0 || e == "" || e[0] == '+' {
				return 0, errStatus(400, "bad Content-Length %q", v)
			}
			if n >= 0 && m != n {
				return 0, errStatus(400, "conflicting Content-Length values")
			}
			n = m
		}
	}
	return n, nil
}

func copyPairs(in [][2]string) [][2]string {
	if in == nil {
		return nil
	}
	return append([][2]string(nil), in...)
}

func copyBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

var reasons = map[int]string{
	100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
	200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
	204: "No Content", 205: "Reset Content", 206: "Partial Content",
	300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
	304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
	400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
	404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
	407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict",
	410: "Gone", 411: "Length Required", 412: "Precondition Failed",
	413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
	416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a teapot",
	421: "Misdirected Request", 422: "Unprocessable Content", 425: "Too Early",
	426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
	431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
	500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
	503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
}

// reasonPhrase returns the standard reason phrase for status, or "Unknown".
func reasonPhrase(status int) string {
	if r, ok := reasons[status]; ok {
		return r
	}
	return "Unknown"
}
