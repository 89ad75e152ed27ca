package testsrv

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for Options fields left zero.
const (
	// DefaultIdleTimeout is how long a connection may sit idle (or take to
	// send a request) before the server closes it.
	DefaultIdleTimeout = 30 * time.Second
	// DefaultMaxBodyBytes is the largest request body the server accepts.
	DefaultMaxBodyBytes = 16 << 20
	// DefaultMaxRecordBytes is how many received bytes are recorded per
	// connection (and per request) before recording is truncated.
	DefaultMaxRecordBytes = 8 << 20
	// HandshakeTimeout bounds the TLS handshake of each connection.
	HandshakeTimeout = 10 * time.Second
)

// HandlerFunc answers a request that Options.Handlers routes to it. It must
// write one complete raw HTTP response (status line, headers, blank line and
// body) to w, which the server flushes afterwards, and reports whether the
// connection may be used for another request (it is kept only if the request
// also allows it). A handler must not call the server's Close.
type HandlerFunc func(w io.Writer, r *RecordedRequest) (keepAlive bool)

// Options configures Start.
type Options struct {
	// Addr is the listen address; it must be a loopback host (127.0.0.1,
	// ::1 or localhost). Empty means DefaultAddr, an ephemeral port on
	// 127.0.0.1.
	Addr string
	// Cert, when non-nil, makes the server speak TLS with this certificate.
	// When nil the server is plain HTTP.
	Cert *tls.Certificate
	// RequireClientCert makes the TLS handshake fail unless the client
	// presents a certificate that verifies against ClientCAs.
	RequireClientCert bool
	// ClientCAs is the pool client certificates are verified against. When
	// non-nil and RequireClientCert is false, a client certificate is
	// requested and verified if given but not required.
	ClientCAs *x509.CertPool
	// NextProtos is the ALPN protocol list offered by a TLS server. Empty
	// means []string{"http/1.1"}.
	NextProtos []string
	// MinVersion and MaxVersion bound the TLS versions (tls.VersionTLS12
	// etc.); zero means the crypto/tls defaults.
	MinVersion, MaxVersion uint16
	// Lifetime is how long the server runs before closing itself; zero
	// means DefaultLifetime.
	Lifetime time.Duration
	// IdleTimeout is the per-connection idle and request-read timeout; zero
	// means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxBodyBytes is the largest accepted request body; larger ones get
	// 413 and the connection is closed. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxRecordBytes caps the raw bytes recorded per connection and per
	// request; zero means DefaultMaxRecordBytes.
	MaxRecordBytes int
	// Handlers maps exact request paths (without query) to custom raw
	// handlers, consulted before the built-in routes.
	Handlers map[string]HandlerFunc
}

// RecordedRequest is one request as the server received it.
type RecordedRequest struct {
	// ConnID identifies the connection (see ConnInfo.ID); IDs start at 1.
	ConnID int
	// Seq is the request's index on its connection, starting at 0.
	Seq int
	// Method is the request method exactly as sent.
	Method string
	// Target is the request-target exactly as sent (path and query, or an
	// absolute URI).
	Target string
	// Proto is the protocol version from the request line, e.g. "HTTP/1.1".
	Proto string
	// Headers holds the header fields in received order with their
	// original name case; values have surrounding whitespace trimmed.
	Headers [][2]string
	// Body is the decoded request body (chunked framing removed).
	Body []byte
	// Chunked reports whether the body used chunked transfer coding.
	Chunked bool
	// Trailers holds the trailer fields of a chunked body, in order.
	Trailers [][2]string
	// Raw is the exact bytes of this request (line, headers and framed
	// body), possibly truncated to Options.MaxRecordBytes.
	Raw []byte
	// ServerName is the TLS SNI name of the connection ("" for plain or no SNI).
	ServerName string
	// ALPN is the negotiated ALPN protocol of the connection.
	ALPN string
}

// Header returns the first value of the named header field, matched
// case-insensitively, or "" when absent.
func (r *RecordedRequest) Header(name string) string {
	for _, kv := range r.Headers {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// Path returns the path part of Target without the query string. For an
// absolute-form target it returns the URI's path.
func (r *RecordedRequest) Path() string {
	p, _ := splitTarget(r.Target)
	return p
}

// Query returns the raw query part of Target (after '?'), or "".
func (r *RecordedRequest) Query() string {
	_, q := splitTarget(r.Target)
	return q
}

func (r *RecordedRequest) clone() RecordedRequest {
	c := *r
	c.Headers = copyPairs(r.Headers)
	c.Trailers = copyPairs(r.Trailers)
	c.Body = copyBytes(r.Body)
	c.Raw = copyBytes(r.Raw)
	return c
}

// ConnInfo describes one accepted connection.
type ConnInfo struct {
	// ID numbers connections in accept order, starting at 1.
	ID int
	// RemoteAddr is the client's address.
	RemoteAddr string
	// TLS reports whether the connection is served over TLS.
	TLS bool
	// ServerName is the SNI name from the ClientHello ("" if none was sent).
	ServerName string
	// OfferedALPN is the ALPN protocol list from the ClientHello.
	OfferedALPN []string
	// ALPN is the negotiated ALPN protocol ("" if none).
	ALPN string
	// TLSVersion is the negotiated version name, e.g. "TLS 1.3".
	TLSVersion string
	// ClientCertCN is the common name of the verified client certificate.
	ClientCertCN string
	// HandshakeError is the server-side TLS handshake error, if any.
	HandshakeError string
	// Raw is every byte received on the connection after TLS decryption,
	// possibly truncated to Options.MaxRecordBytes.
	Raw []byte
	// Requests is how many complete requests were read on the connection.
	Requests int
	// Closed reports whether the server has finished with the connection.
	Closed bool
}

func (c *ConnInfo) clone() ConnInfo {
	d := *c
	d.OfferedALPN = append([]string(nil), c.OfferedALPN...)
	d.Raw = copyBytes(c.Raw)
	return d
}

// Server is a small raw HTTP/1.1 server that records what it receives.
//
// Built-in routes (matched on the path, any method unless noted; HEAD gets
// the same head without a body):
//
//	/                 200, short text body with Content-Length.
//	/echo             200 application/json: {"method","path","proto","headers":[[name,value],...],
//	                  "body","body_len","chunked"}; path is the raw request-target and
//	                  headers keep received order and case.
//	/chunked?n=K      200 chunked body of K chunks (default 3, max 10000) "chunk i\n", i from 0;
//	                  &delay_ms=D sleeps D ms before each chunk; &trailers=1 adds a trailer field.
//	/bytes?n=N        N bytes (default 1024, max 64 MiB) of Pattern data with Content-Length.
//	/status/NNN       that status with a short text body; no body for 204, 304 and 1xx.
//	                  1xx (except 101) is followed by a final 200 unless &final=0;
//	                  101 is sent and the connection closed.
//	/close            HTTP/1.1 200 with Connection: close and no Content-Length; the body
//	                  (default text, or &n=N Pattern bytes) ends when the server closes.
//	/slow?ms=M        waits M ms (max 10000) before answering; &stage=body sends the head
//	                  first and waits before the body.
//	/tlsinfo          200 JSON {"sni","alpn","tls_version","client_cert_cn"}.
//	/response-headers?Name=value&...  200 with each query pair added as a response header, in order.
//
// Anything else gets 404. Absolute-form targets ("http://host/path") are
// routed by their path. "Expect: 100-continue" is answered with an interim
// 100 before the body is read. Connections persist until the client closes,
// sends "Connection: close" (or is HTTP/1.0 without keep-alive), idles for
// IdleTimeout, or the server closes.
type Server struct {
	opts      Options
	tlsConfig *tls.Config
	lc        lifecycle

	mu       sync.Mutex
	nextID   int
	conns    []*ConnInfo
	requests []*RecordedRequest
}

// Start starts a Server with opts and returns once it is listening.
func Start(opts Options) (*Server, error) {
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	s := &Server{opts: opts}
	if opts.Cert != nil {
		cfg := &tls.Config{
			Certificates: []tls.Certificate{*opts.Cert},
			NextProtos:   opts.NextProtos,
			MinVersion:   opts.MinVersion,
			MaxVersion:   opts.MaxVersion,
		}
		if len(cfg.NextProtos) == 0 {
			cfg.NextProtos = []string{"http/1.1"}
		}
		switch {
		case opts.RequireClientCert && opts.ClientCAs == nil:
			return nil, errors.New("testsrv: RequireClientCert needs ClientCAs")
		case opts.RequireClientCert:
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
			cfg.ClientCAs = opts.ClientCAs
		case opts.ClientCAs != nil:
			cfg.ClientAuth = tls.VerifyClientCertIfGiven
			cfg.ClientCAs = opts.ClientCAs
		}
		s.tlsConfig = cfg
	} else if opts.RequireClientCert {
		return nil, errors.New("testsrv: RequireClientCert needs a TLS Cert")
	}
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	s.lc.init(ln, opts.Lifetime, s.Close)
	s.lc.wg.Add(1)
	go s.lc.acceptLoop(s.serveConn)
	return s, nil
}

// Addr returns the listening address as host:port, e.g. "127.0.0.1:40123".
func (s *Server) Addr() string { return s.lc.ln.Addr().String() }

// Port returns the listening TCP port.
func (s *Server) Port() int { return s.lc.port() }

// URL returns the base URL of the server, "http://ADDR" or "https://ADDR".
func (s *Server) URL() string {
	if s.tlsConfig != nil {
		return "https://" + s.Addr()
	}
	return "http://" + s.Addr()
}

// Close stops the listener, closes every connection and waits for the
// server's goroutines to finish. It is safe to call more than once.
func (s *Server) Close() error { return s.lc.close() }

// Done returns a channel that is closed once the server starts closing,
// whether through Close or its lifetime.
func (s *Server) Done() <-chan struct{} { return s.lc.done }

// Requests returns copies of all complete requests received so far, in the
// order they were read.
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedRequest, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// Conns returns copies of the records of all connections accepted so far,
// in accept order, including each connection's raw received bytes.
func (s *Server) Conns() []ConnInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ConnInfo, len(s.conns))
	for i, c := range s.conns {
		out[i] = c.clone()
	}
	return out
}

// Reset forgets the recorded requests and connections. Connection IDs keep
// increasing.
func (s *Server) Reset() {
	s.mu.Lock()
	s.conns = nil
	s.requests = nil
	s.mu.Unlock()
}

// recordingConn records bytes read through it into a ConnInfo.
type recordingConn struct {
	net.Conn
	s   *Server
	rec *ConnInfo
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.s.mu.Lock()
		if room := c.s.opts.MaxRecordBytes - len(c.rec.Raw); room > 0 {
			c.rec.Raw = append(c.rec.Raw, p[:min(n, room)]...)
		}
		c.s.mu.Unlock()
	}
	return n, err
}

// request is a parsed request plus routing state.
type request struct {
	RecordedRequest
	head      *requestHead
	keepAlive bool
	info      ConnInfo // snapshot of the connection's TLS details
}

func (s *Server) serveConn(c net.Conn) {
	s.mu.Lock()
	s.nextID++
	rec := &ConnInfo{ID: s.nextID, RemoteAddr: c.RemoteAddr().String(), TLS: s.tlsConfig != nil}
	s.conns = append(s.conns, rec)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		rec.Closed = true
		s.mu.Unlock()
	}()

	conn := c
	if s.tlsConfig != nil {
		cfg := s.tlsConfig.Clone()
		cfg.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			s.mu.Lock()
			rec.ServerName = h.ServerName
			rec.OfferedALPN = append([]string(nil), h.SupportedProtos...)
			s.mu.Unlock()
			return nil, nil
		}
		tc := tls.Server(c, cfg)
		ctx, cancel := context.WithTimeout(context.Background(), HandshakeTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		st := tc.ConnectionState()
		s.mu.Lock()
		rec.ALPN = st.NegotiatedProtocol
		if st.Version != 0 {
			rec.TLSVersion = tls.VersionName(st.Version)
		}
		if len(st.PeerCertificates) > 0 {
			rec.ClientCertCN = st.PeerCertificates[0].Subject.CommonName
		}
		if err != nil {
			rec.HandshakeError = err.Error()
		}
		s.mu.Unlock()
		if err != nil {
			return
		}
		conn = tc
	}

	s.mu.Lock()
	info := rec.clone()
	s.mu.Unlock()
	br := bufio.NewReaderSize(&recordingConn{Conn: conn, s: s, rec: rec}, 16<<10)
	bw := bufio.NewWriterSize(conn, 32<<10)
	for seq := 0; ; seq++ {
		_ = conn.SetReadDeadline(time.Now().Add(s.opts.IdleTimeout))
		req, err := s.readRequest(br, bw, conn, rec, seq)
		if err != nil {
			var he *httpError
			if errors.As(err, &he) {
				_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
				body := he.msg + "\n"
				fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\nServer: gohttp-testsrv\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
					he.status, reasonPhrase(he.status), len(body), body)
				if bw.Flush() == nil {
					lingerClose(conn, c)
				}
			}
			return
		}
		_ = conn.SetReadDeadline(time.Time{})
		_ = conn.SetWriteDeadline(time.Now().Add(s.opts.IdleTimeout))
		req.info = info
		keep := s.route(bw, req)
		if err := bw.Flush(); err != nil || !keep {
			if err == nil {
				lingerClose(conn, c)
			}
			return
		}
	}
}

// readRequest reads one request including its body.
func (s *Server) readRequest(br *bufio.Reader, bw *bufio.Writer, conn net.Conn, rec *ConnInfo, seq int) (*request, error) {
	t := &teeReader{br: br, max: s.opts.MaxRecordBytes}
	h, err := readHead(t)
	if err != nil {
		return nil, err
	}
	req := &request{head: h}
	req.ConnID = rec.ID
	req.Seq = seq
	req.Method, req.Target, req.Proto = h.method, h.target, h.proto
	req.Headers = h.headers
	if h.proto == "HTTP/1.1" {
		req.keepAlive = !h.hasToken("Connection", "close")
	} else {
		req.keepAlive = h.hasToken("Connection", "keep-alive") && !h.hasToken("Connection", "close")
	}

	te := h.values("Transfer-Encoding")
	cl, err := parseContentLength(h)
	if err != nil {
		return nil, err
	}
	if len(te) > 0 {
		codings := strings.Split(strings.Join(te, ","), ",")
		if !strings.EqualFold(strings.TrimSpace(codings[len(codings)-1]), "chunked") {
			return nil, errStatus(400, "unsupported Transfer-Encoding %q", strings.Join(te, ", "))
		}
		req.Chunked = true
		// A message with both is suspect (RFC 9112 6.3): serve it, then close.
		if cl >= 0 {
			req.keepAlive = false
		}
	} else if cl > s.opts.MaxBodyBytes {
		return nil, errStatus(413, "request body of %d bytes exceeds limit of %d", cl, s.opts.MaxBodyBytes)
	}

	hasBody := req.Chunked || cl > 0
	if hasBody && h.proto == "HTTP/1.1" && h.hasToken("Expect", "100-continue") {
		if _, err := bw.WriteString("HTTP/1.1 100 Continue\r\n\r\n"); err != nil {
			return nil, err
		}
		if err := bw.Flush(); err != nil {
			return nil, err
		}
	}
	if req.Chunked {
		if err := s.readChunked(t, req); err != nil {
			return nil, err
		}
	} else if cl > 0 {
		body, err := t.readFull(cl)
		if err != nil {
			return nil, err
		}
		req.Body = body
	} else {
		req.Body = []byte{}
	}
	req.Raw = t.cur.Bytes()

	s.mu.Lock()
	req.ServerName = rec.ServerName
	req.ALPN = rec.ALPN
	rec.Requests++
	stored := req.RecordedRequest.clone()
	s.requests = append(s.requests, &stored)
	s.mu.Unlock()
	return req, nil
}

func (s *Server) readChunked(t *teeReader, req *request) error {
	var body []byte
	for {
		line, err := t.readLine(MaxLineBytes, 400)
		if err != nil {
			return err
		}
		sizeStr, _, _ := strings.Cut(line, ";")
		sizeStr = strings.TrimSpace(sizeStr)
		size, err := strconv.ParseUint(sizeStr, 16, 63)
		if err != nil || sizeStr == "" {
			return errStatus(400, "bad chunk size line %q", line)
		}
		if int64(len(body))+int64(size) > s.opts.MaxBodyBytes {
			return errStatus(413, "chunked request body exceeds limit of %d bytes", s.opts.MaxBodyBytes)
		}
		if size == 0 {
			break
		}
		data, err := t.readFull(int64(size))
		if err != nil {
			return err
		}
		body = append(body, data...)
		crlf, err := t.readLine(MaxLineBytes, 400)
		if err != nil {
			return err
		}
		if crlf != "" {
			return errStatus(400, "missing CRLF after chunk data")
		}
	}
	total := 0
	for {
		line, err := t.readLine(MaxLineBytes, 431)
		if err != nil {
			return err
		}
		if line == "" {
			break
		}
		total += len(line)
		if total > MaxHeaderBytes {
			return errStatus(431, "trailer section too large")
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			return errStatus(400, "malformed trailer line")
		}
		req.Trailers = append(req.Trailers, [2]string{name, strings.Trim(value, " \t")})
	}
	if body == nil {
		body = []byte{}
	}
	req.Body = body
	return nil
}

// splitTarget returns the path and raw query of a request-target.
func splitTarget(target string) (path, query string) {
	if i := strings.Index(target, "://"); i > 0 && !strings.HasPrefix(target, "/") {
		rest := target[i+3:]
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			target = rest[j:]
		} else {
			target = "/"
		}
		if strings.HasPrefix(target, "?") {
			target = "/" + target
		}
	}
	path, query, _ = strings.Cut(target, "?")
	if i := strings.IndexByte(query, '#'); i >= 0 {
		query = query[:i]
	}
	return path, query
}

// lingerClose half-closes conn (sending TLS close_notify and a TCP FIN on
// raw) and then discards what the client still sends for a short while, so
// that closing with unread input does not reset the connection before the
// client has read the response.
func lingerClose(conn, raw net.Conn) {
	if tc, ok := conn.(*tls.Conn); ok {
		_ = tc.CloseWrite()
	}
	if hc, ok := raw.(interface{ CloseWrite() error }); ok {
		_ = hc.CloseWrite()
	}
	_ = conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	_, _ = io.CopyN(io.Discard, conn, 4<<20)
}
