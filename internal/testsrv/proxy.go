package testsrv

import (
	"bufio"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ProxyHeader is the extra header line the proxy sends in its 200 response
// to a successful CONNECT.
const ProxyHeader = "X-Proxy: gohttp-testsrv"

// ProxyRealm is the realm in the proxy's Proxy-Authenticate challenge.
const ProxyRealm = "gohttp"

// ProxyDialTimeout bounds the proxy's connection to a CONNECT target.
const ProxyDialTimeout = 5 * time.Second

// ProxyOptions configures StartProxy.
type ProxyOptions struct {
	// Addr is the listen address; it must be a loopback host. Empty means
	// DefaultAddr.
	Addr string
	// Username and Password, when Username is non-empty, are the Basic
	// credentials every CONNECT must carry in Proxy-Authorization.
	Username, Password string
	// Lifetime is how long the proxy runs before closing itself; zero
	// means DefaultLifetime.
	Lifetime time.Duration
	// IdleTimeout bounds how long the proxy waits for a CONNECT request
	// head; zero means DefaultIdleTimeout. Established tunnels have no
	// idle timeout and end with Close or the lifetime.
	IdleTimeout time.Duration
}

// ProxyRequest is one request head the proxy received.
type ProxyRequest struct {
	// ConnID numbers proxy connections in accept order, starting at 1.
	ConnID int
	// Raw is the exact bytes of the request line and headers, including
	// the blank line that ends them.
	Raw []byte
	// Method is the request method, normally "CONNECT".
	Method string
	// Target is the request-target, e.g. "127.0.0.1:8443".
	Target string
	// Proto is the protocol version from the request line.
	Proto string
	// Headers holds the header fields in received order and original case.
	Headers [][2]string
	// Status is the status code the proxy answered with.
	Status int
}

// Header returns the first value of the named header field, matched
// case-insensitively, or "" when absent.
func (r *ProxyRequest) Header(name string) string {
	for _, kv := range r.Headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// Proxy is an HTTP CONNECT proxy that tunnels only to loopback targets.
//
// A CONNECT to 127.0.0.1, ::1 or localhost is answered with
// "HTTP/1.1 200 Connection established", the ProxyHeader line and a blank
// line, after which bytes are spliced both ways. Missing or wrong
// credentials (when configured) get 407 with
// `Proxy-Authenticate: Basic realm="gohttp"`, other targets get 403, a
// failed dial gets 502 and non-CONNECT methods get 405; after any error
// response the proxy closes the connection.
type Proxy struct {
	opts ProxyOptions
	lc   lifecycle

	mu       sync.Mutex
	nextID   int
	requests []ProxyRequest
}

// StartProxy starts a Proxy with opts and returns once it is listening.
func StartProxy(opts ProxyOptions) (*Proxy, error) {
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	p := &Proxy{opts: opts}
	p.lc.init(ln, opts.Lifetime, p.Close)
	p.lc.wg.Add(1)
	go p.lc.acceptLoop(p.serveConn)
	return p, nil
}

// Addr returns the listening address as host:port.
func (p *Proxy) Addr() string { return p.lc.ln.Addr().String() }

// Port returns the listening TCP port.
func (p *Proxy) Port() int { return p.lc.port() }

// URL returns the proxy URL, "http://ADDR", without credentials.
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// Close stops the listener, closes every connection and tunnel and waits
// for the proxy's goroutines to finish. It is safe to call more than once.
func (p *Proxy) Close() error { return p.lc.close() }

// Done returns a channel that is closed once the proxy starts closing.
func (p *Proxy) Done() <-chan struct{} { return p.lc.done }

// Requests returns copies of every request head received so far, in order.
func (p *Proxy) Requests() []ProxyRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]ProxyRequest, len(p.requests))
	for i, r := range p.requests {
		r.Raw = copyBytes(r.Raw)
		r.Headers = copyPairs(r.Headers)
		out[i] = r
	}
	return out
}

// Reset forgets the recorded requests.
func (p *Proxy) Reset() {
	p.mu.Lock()
	p.requests = nil
	p.mu.Unlock()
}

func (p *Proxy) record(r ProxyRequest) {
	p.mu.Lock()
	p.requests = append(p.requests, r)
	p.mu.Unlock()
}

// checkAuth reports whether the request carries the configured credentials.
func (p *Proxy) checkAuth(h *requestHead) bool {
	if p.opts.Username == "" {
		return true
	}
	v := h.get("Proxy-Authorization")
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return false
	}
	dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil {
		return false
	}
	want := []byte(p.opts.Username + ":" + p.opts.Password)
	return subtle.ConstantTimeCompare(dec, want) == 1
}

func (p *Proxy) serveConn(c net.Conn) {
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.mu.Unlock()

	_ = c.SetReadDeadline(time.Now().Add(p.opts.IdleTimeout))
	br := bufio.NewReaderSize(c, 16<<10)
	t := &teeReader{br: br, max: MaxHeaderBytes + 2*MaxLineBytes}
	h, err := readHead(t)
	if err != nil {
		if he, ok := err.(*httpError); ok {
			p.record(ProxyRequest{ConnID: id, Raw: copyBytes(t.cur.Bytes()), Status: he.status})
			p.fail(c, he.status, he.msg, nil)
		}
		return
	}
	rec := ProxyRequest{ConnID: id, Raw: copyBytes(t.cur.Bytes()), Method: h.method, Target: h.target, Proto: h.proto, Headers: h.headers}
	reject := func(status int, msg string, extra [][2]string) {
		rec.Status = status
		p.record(rec)
		p.fail(c, status, msg, extra)
	}
	if h.method != "CONNECT" {
		reject(405, "this proxy only supports CONNECT", [][2]string{{"Allow", "CONNECT"}})
		return
	}
	if !p.checkAuth(h) {
		reject(407, "proxy authentication required", [][2]string{{"Proxy-Authenticate", `Basic realm="` + ProxyRealm + `"`}})
		return
	}
	host, port, err := net.SplitHostPort(h.target)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 {
		reject(400, "CONNECT target must be host:port", nil)
		return
	}
	if !isLoopbackHost(host) {
		reject(403, "CONNECT target must be 127.0.0.1, ::1 or localhost", nil)
		return
	}
	d := net.Dialer{Timeout: ProxyDialTimeout}
	up, err := d.Dial("tcp", net.JoinHostPort(host, port))
	if err != nil {
		reject(502, "cannot reach target: "+err.Error(), nil)
		return
	}
	if !p.lc.track(up) {
		return
	}
	defer p.lc.untrack(up)
	rec.Status = 200
	p.record(rec)
	_ = c.SetReadDeadline(time.Time{})
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n"+ProxyHeader+"\r\n\r\n"); err != nil {
		return
	}
	// Forward anything the client sent right after the request head.
	if n := br.Buffered(); n > 0 {
		buf, _ := br.Peek(n)
		if _, err := up.Write(buf); err != nil {
			return
		}
	}
	splice(c, up)
}

// fail writes an error response and closes the connection's write side.
func (p *Proxy) fail(c net.Conn, status int, msg string, extra [][2]string) {
	body := msg + "\n"
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	var sb strings.Builder
	fmt.Fprintf(&sb, "HTTP/1.1 %d %s\r\nServer: gohttp-testsrv\r\n", status, reasonPhrase(status))
	for _, kv := range extra {
		sb.WriteString(kv[0] + ": " + kv[1] + "\r\n")
	}
	fmt.Fprintf(&sb, "Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
	if _, err := io.WriteString(c, sb.String()); err == nil {
		lingerClose(c, c)
	}
}

// splice copies bytes both ways between a and b until both directions end,
// half-closing each side when its source reaches EOF.
func splice(a, b net.Conn) {
	var wg sync.WaitGroup
	cp := func(dst, src net.Conn) {
		defer wg.Done()
		_, err := io.Copy(dst, src)
		if hc, ok := dst.(interface{ CloseWrite() error }); ok && err == nil {
			_ = hc.CloseWrite()
		} else {
			_ = dst.Close()
			_ = src.Close()
		}
	}
	wg.Add(2)
	go cp(a, b)
	go cp(b, a)
	wg.Wait()
}
