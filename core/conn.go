// Package core is gohttp's HTTP/1.1 client: Python's http.client, rebuilt
// in Go with the same wire behaviour and the same state machine.
//
// The connection's states are http.client's:
//
//	(null)
//	  |
//	  | NewConn
//	  v
//	Idle
//	  |
//	  | PutRequest
//	  v
//	Request-started
//	  |
//	  | ( PutHeader )*  EndHeaders
//	  v
//	Request-sent
//	  |\_____________________________
//	  |                              | GetResponse returns a response
//	  | GetResponse returns a        | whose WillClose is false: the
//	  | response that will close     | connection keeps it as pending
//	  v                              v
//	Idle                            Idle (Response pending)
//	                                 |
//	                                 | the response is read to its end
//	                                 | or closed; the next request reuses
//	                                 v the socket
//	                                Idle
//
// A new request may be started while a pending response is unread; its
// response cannot be fetched (ResponseNotReady) until the pending one is
// closed. When a response will close the connection, the socket passes to
// the response and the next request connects anew.
package core

import (
	"bytes"
	"crypto/tls"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Defaults, as http.client has them.
const (
	HTTPPort  = 80
	HTTPSPort = 443
	// DefaultMaxLine is http.client's _MAXLINE: the longest status line,
	// header line, chunk-size line or trailer line accepted.
	DefaultMaxLine = 65536
	// DefaultMaxHeaders is http.client's _MAXHEADERS: header lines per
	// block, the blank terminator included. It also bounds trailer lines
	// and interim 100 responses (later CPython hardening, behaviour.md
	// HC-T3).
	DefaultMaxHeaders = 100
	// DefaultBlockSize is the read size for file-like request bodies.
	DefaultBlockSize = 8192
	// DefaultMaxBody bounds what one read of a response collects in
	// memory (read(), read(amt), readline()): more is a TooLargeError.
	// http.client has no bound and would meet MemoryError; a Go program
	// cannot survive running out of memory, so gohttp stops first.
	DefaultMaxBody = 1 << 30
)

type connState int

const (
	stateIdle connState = iota
	stateReqStarted
	stateReqSent
)

// State names as http.client prints them in exception arguments.
func (s connState) String() string {
	return [...]string{"Idle", "Request-started", "Request-sent"}[s]
}

// Conn is one HTTP/1.1 client connection, http.client.HTTPConnection.
// Its exported fields may be changed between requests; Timeout, TLS and
// SourceAddress apply from the next connect.
type Conn struct {
	Host        string
	Port        int
	DefaultPort int
	// Timeout bounds each socket operation (connect, each send, each
	// receive), not the request as a whole; 0 means block forever.
	Timeout time.Duration
	// TotalTimeout bounds each request as a whole, curl's --max-time:
	// name resolution, connect, tunnel, TLS handshake, sending, and
	// reading the response's head and body, from the start of the
	// request (PutRequest, or a Connect or Send made while Idle) until
	// the next request starts. Past it, an operation fails with
	// ErrDeadline (a timeout). 0 means none. Each operation is also
	// bounded by Timeout, whichever ends first.
	TotalTimeout time.Duration
	// SourceAddress is "host:port" to bind before connecting, or "".
	SourceAddress string
	// BlockSize is the read size for streamed request bodies.
	BlockSize int
	// AutoOpen makes Send connect when there is no socket; without it
	// Send fails with ErrNotConnected.
	AutoOpen bool
	// HTTP10 makes the connection speak HTTP/1.0 (http.client's
	// _http_vsn = 10): no Host or Accept-Encoding, no chunk framing.
	HTTP10 bool
	// DebugLevel > 0 sends http.client's debug lines to Debug.
	DebugLevel int
	Debug      func(line string)
	// MaxLine and MaxHeaders are http.client's _MAXLINE and _MAXHEADERS.
	MaxLine    int
	MaxHeaders int
	// MaxBody bounds the bytes one read of a response collects in memory
	// (0: DefaultMaxBody); reads into a caller's buffer are not bounded.
	MaxBody int64
	// TLS, when set, makes this an HTTPS connection with exactly this
	// configuration (ServerName defaults to the host). TLSOptions is the
	// alternative for callers that describe TLS as an ssl.SSLContext would;
	// TLS wins when both are set.
	TLS        *tls.Config
	TLSOptions *TLSOptions
	// Dial, when set, supplies the transport instead of a TCP connect (a
	// host-provided transport). It is called on each connect.
	Dial func() (Transport, error)

	sock   *sock
	ctl    ioControl // cancel and total deadline; see Cancel
	state  connState
	method string
	// head holds the request lines buffered since PutRequest, each with
	// its CRLF (http.client's _buffer). Its memory is reused from request
	// to request: the message is built and sent in it.
	head     []byte
	hostBuf  []byte // the automatic Host value, reused likewise
	response *Response
	// unbegun is the response NewResponse made whose head is not read
	// yet: until its Begin (or its Close), no other one is made.
	unbegun *Response
	// spare is the reading memory the last response gave back (see
	// headMem); atomic because a response may be read, and let go of its
	// socket, on another goroutine than the connection's.
	spare atomic.Pointer[headMem]

	tunnelHost      string
	tunnelPort      int
	tunnelHeaders   []Header
	proxyRaw        []byte
	proxyHeadersSet bool
}

// NewConn returns an unconnected connection to host. With port < 0 the
// port is taken from host as http.client does: "h:8080", "[::1]:8080",
// "h:" (default port), else the default; a non-numeric port is an
// InvalidURLError, and so is a host containing control characters or
// spaces (CVE-2019-18348).
func NewConn(host string, port int) (*Conn, error) {
	c := &Conn{
		DefaultPort: HTTPPort,
		BlockSize:   DefaultBlockSize,
		AutoOpen:    true,
		MaxLine:     DefaultMaxLine,
		MaxHeaders:  DefaultMaxHeaders,
	}
	if err := c.SetHost(host, port); err != nil {
		return nil, err
	}
	return c, nil
}

// SetHost sets Host and Port from host and port as NewConn does.
func (c *Conn) SetHost(host string, port int) error {
	h, p, err := splitHostPort(host, port, c.DefaultPort)
	if err != nil {
		return err
	}
	if i := indexAnyCtl(h, true); i >= 0 {
		return &InvalidURLError{Msg: "URL can't contain control characters. " + pyReprStr(h) +
			" (found at least " + pyReprStr(h[i:i+1]) + ")"}
	}
	c.Host, c.Port = h, p
	return nil
}

// splitHostPort is http.client's _get_hostport.
func splitHostPort(host string, port, defaultPort int) (string, int, error) {
	if port < 0 {
		i := strings.LastIndexByte(host, ':')
		j := strings.LastIndexByte(host, ']')
		if i > j {
			p, ok := pyInt(host[i+1:], 10, pyIsSpaceInt)
			switch {
			case ok && p >= -1<<31 && p < 1<<31:
				port = int(p)
			case ok:
				port = 1 << 31 // fails at connect with OverflowError, as in Python
			case host[i+1:] == "":
				port = defaultPort
			default:
				return "", 0, &InvalidURLError{Msg: "nonnumeric port: '" + host[i+1:] + "'"}
			}
			host = host[:i]
		} else {
			port = defaultPort
		}
	}
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	return host, port, nil
}

// indexAnyCtl returns the index of the first byte http.client refuses in a
// URL or host ([\x00-\x20\x7f]), or in a method ([\x00-\x1f]) when url is
// false; -1 if none.
func indexAnyCtl(s string, url bool) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || (url && (c == 0x20 || c == 0x7f)) {
			return i
		}
	}
	return -1
}

func (c *Conn) debugf(parts ...string) {
	if c.DebugLevel > 0 && c.Debug != nil {
		c.Debug(strings.Join(parts, " "))
	}
}

// Connected reports whether the connection has a socket.
func (c *Conn) Connected() bool { return c.sock != nil && !c.sock.dead }

// StateName returns the state as http.client names it.
func (c *Conn) StateName() string { return c.state.String() }

// Connect opens the socket (running the CONNECT tunnel and the TLS
// handshake where configured). An open socket is replaced. Called while
// Idle, it starts a request's total deadline (see TotalTimeout).
func (c *Conn) Connect() error {
	if c.state == stateIdle {
		c.armDeadline()
	}
	return c.connect()
}

func (c *Conn) connect() error {
	if err := c.ctl.check(); err != nil {
		return err
	}
	var t Transport
	if c.Dial != nil {
		tr, err := c.Dial()
		if err != nil {
			return err
		}
		t = tr
	} else {
		bs, err := dial(c.Host, c.Port, c.Timeout, c.SourceAddress, &c.ctl)
		if err != nil {
			return err
		}
		t = bs
	}
	s := newSock(t, c.Timeout)
	s.ctl = &c.ctl
	if c.tunnelHost != "" {
		if err := c.tunnel(s); err != nil {
			s.release()
			if _, refused := err.(*TunnelError); refused {
				c.Close() // as http.client does before raising
			}
			return err
		}
	}
	if c.TLS != nil || c.TLSOptions != nil {
		ts, err := c.handshake(s)
		if err != nil {
			s.release()
			return err
		}
		s = ts
	}
	if c.sock != nil {
		c.sock.release()
	}
	c.sock = s
	return nil
}

// SetTransport gives the connection a transport the caller opened, as
// assigning http.client's conn.sock does; an open socket is closed.
func (c *Conn) SetTransport(t Transport) {
	if c.sock != nil {
		c.sock.release()
	}
	c.sock = newSock(t, 0)
	c.sock.ctl = &c.ctl
}

// SetSocketTimeout changes the timeout of the open socket's operations,
// as Python code does with conn.sock.settimeout() (urllib3 sets its read
// timeout that way); Timeout applies from the next connect. It fails with
// ErrNotConnected when there is no socket.
func (c *Conn) SetSocketTimeout(d time.Duration) error {
	if !c.Connected() {
		return ErrNotConnected
	}
	return c.sock.setTimeout(d)
}

// Fileno returns the open socket's descriptor, or -1 when there is none
// (not connected, or a transport without one).
func (c *Conn) Fileno() int {
	if !c.Connected() {
		return -1
	}
	return c.sock.Fd()
}

// State returns 0 (Idle), 1 (Request-started) or 2 (Request-sent).
func (c *Conn) State() int { return int(c.state) }

// Close closes the socket and any pending response and returns to Idle.
// The connection stays usable: the next request reconnects.
func (c *Conn) Close() error {
	c.state = stateIdle
	c.head = c.head[:0]
	var err error
	if c.sock != nil {
		err = c.sock.release()
		c.sock = nil
	}
	if r := c.response; r != nil {
		c.response = nil
		r.Close()
	}
	return err
}

// ReleaseSocket makes the connection let go of its socket without closing
// the response being read from it, which keeps its own hold: what Python
// code does with conn.sock.close(); conn.sock = None after getresponse
// (urllib does). The socket closes when the response is done with it.
func (c *Conn) ReleaseSocket() {
	c.state = stateIdle
	c.head = c.head[:0]
	if c.sock != nil {
		c.sock.release()
		c.sock = nil
	}
	c.response = nil
}

// Send sends data as it is, connecting first if needed (http.client's
// send). It ignores the connection state.
func (c *Conn) Send(data []byte) error {
	if c.sock != nil && c.sock.dead {
		// A cancel closed it: as after close(), the next send reconnects.
		c.sock.release()
		c.sock = nil
	}
	if c.state == stateIdle {
		c.armDeadline()
	}
	if c.sock == nil {
		if !c.AutoOpen {
			return ErrNotConnected
		}
		if err := c.connect(); err != nil {
			return err
		}
	}
	if c.DebugLevel > 0 {
		c.debugf("send:", pyReprBytes(data))
	}
	return c.sock.writeAll(data)
}

// Buffered returns the request lines buffered since PutRequest (the
// request line and header lines, each followed by CRLF): what http.client
// keeps in its _buffer until endheaders.
func (c *Conn) Buffered() []byte {
	if len(c.head) == 0 {
		return nil
	}
	return append([]byte(nil), c.head...)
}

// forgetClosedResponse drops a pending response that has been read or
// closed, as http.client does at the start of putrequest and getresponse.
func (c *Conn) forgetClosedResponse() {
	if c.response != nil && (c.response.IsClosed() || c.response.sock.dead) {
		if c.response.poisoned && c.sock != nil {
			// The response gave up on the socket mid-body (TooLargeError):
			// nothing more can be read from it, so the next request
			// connects anew.
			c.sock.release()
			c.sock = nil
		}
		c.response = nil
	}
}

// PutRequest starts a request: http.client's putrequest. It validates
// method (no [\x00-\x1f]) and url (no [\x00-\x20\x7f]; "" means "/"),
// buffers the request line, and adds Host and Accept-Encoding unless told
// to skip them. Nothing is sent yet.
func (c *Conn) PutRequest(method, url string, skipHost, skipAcceptEncoding bool) error {
	c.forgetClosedResponse()
	if c.state != stateIdle {
		return &StateError{Kind: CannotSendRequest, State: c.state.String()}
	}
	c.armDeadline()
	c.state = stateReqStarted
	if i := indexAnyCtl(method, false); i >= 0 {
		return &ValueError{Msg: "method can't contain control characters. " + pyReprStr(method) +
			" (found at least " + pyReprStr(method[i:i+1]) + ")"}
	}
	c.method = method
	if url == "" {
		url = "/"
	}
	if i := indexAnyCtl(url, true); i >= 0 {
		return &InvalidURLError{Msg: "URL can't contain control characters. " + pyReprStr(url) +
			" (found at least " + pyReprStr(url[i:i+1]) + ")"}
	}
	// The request line is method + " " + url + " " + version; the
	// version is ASCII.
	if i := indexNonASCII(method); i >= 0 {
		return &EncodeError{Field: "request line", Pos: i}
	}
	if i := indexNonASCII(url); i >= 0 {
		return &EncodeError{Field: "request line", Pos: len(method) + 1 + i}
	}
	c.head = append(c.head[:0], method...)
	c.head = append(append(c.head, ' '), url...)
	c.head = append(append(c.head, ' '), c.versionString()...)
	c.head = append(c.head, '\r', '\n')
	if c.HTTP10 {
		return nil
	}
	if !skipHost {
		host, err := c.appendHostHeader(c.hostBuf[:0], url)
		if err != nil {
			return err
		}
		c.hostBuf = host
		if err := c.PutHeader([]byte("Host"), host); err != nil {
			return err
		}
	}
	if !skipAcceptEncoding {
		if err := c.PutHeader([]byte("Accept-Encoding"), []byte("identity")); err != nil {
			return err
		}
	}
	return nil
}

func (c *Conn) versionString() string {
	if c.HTTP10 {
		return "HTTP/1.0"
	}
	return "HTTP/1.1"
}

// indexNonASCII returns the index of the first byte >= 0x80 in s, or -1.
func indexNonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return i
		}
	}
	return -1
}

// appendHostHeader appends the automatic Host value (behaviour.md HC-E1)
// to dst: the netloc of an absolute http URL, else the tunnel's or the
// connection's host with IPv6 bracketed, the zone dropped, and the port
// unless it is the default.
func (c *Conn) appendHostHeader(dst []byte, url string) ([]byte, error) {
	if strings.HasPrefix(url, "http") {
		netloc, err := urlNetloc(url)
		if err != nil {
			return nil, err
		}
		if netloc != "" {
			return stripIPv6Zone(append(dst, idnaEncode(netloc)...)), nil
		}
	}
	host, port := c.Host, c.Port
	if c.tunnelHost != "" {
		host, port = c.tunnelHost, c.tunnelPort
	}
	enc := idnaEncode(host)
	if strings.Contains(host, ":") {
		// _wrap_ipv6, then _strip_ipv6_iface; a '%' in a host without
		// ':' is sent as it is.
		if enc[0] != '[' {
			dst = append(append(append(dst, '['), enc...), ']')
		} else {
			dst = append(dst, enc...)
		}
		dst = stripIPv6Zone(dst)
	} else {
		dst = append(dst, enc...)
	}
	if port == c.DefaultPort {
		return dst, nil
	}
	return strconv.AppendInt(append(dst, ':'), int64(port), 10), nil
}

// stripIPv6Zone is http.client's _strip_ipv6_iface: everything from '%'
// on is dropped and the bracket closed again (a port after it is lost, as
// in http.client). Where http.client asserts (a '%' in a netloc that does
// not start with '['), the zone is dropped and no bracket added.
func stripIPv6Zone(b []byte) []byte {
	if i := bytes.IndexByte(b, '%'); i >= 0 {
		if b[0] != '[' {
			return b[:i:i]
		}
		return append(b[:i:i], ']')
	}
	return b
}

// urlNetloc is the netloc urllib.parse.urlsplit finds in url, with its
// "Invalid IPv6 URL" checks.
func urlNetloc(url string) (string, error) {
	rest := url
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIIAlpha(url[0]) {
		ok := true
		for k := 0; k < i; k++ {
			ch := url[k]
			if !(isASCIIAlpha(ch) || (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.') {
				ok = false
				break
			}
		}
		if ok {
			rest = url[i+1:]
		}
	}
	if !strings.HasPrefix(rest, "//") {
		return "", nil
	}
	rest = rest[2:]
	end := len(rest)
	for _, d := range "/?#" {
		if k := strings.IndexRune(rest, d); k >= 0 && k < end {
			end = k
		}
	}
	netloc := rest[:end]
	open, close := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
	if open != close {
		return "", &ValueError{Msg: "Invalid IPv6 URL"}
	}
	if open {
		if err := checkBracketedNetloc(netloc); err != nil {
			return "", err
		}
	}
	return netloc, nil
}

func isASCIIAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// checkBracketedNetloc is urllib.parse's _check_bracketed_netloc.
func checkBracketedNetloc(netloc string) error {
	hp := netloc
	if i := strings.LastIndexByte(hp, '@'); i >= 0 {
		hp = hp[i+1:]
	}
	before, bracketed, found := strings.Cut(hp, "[")
	var hostname string
	if found {
		if before != "" {
			return &ValueError{Msg: "Invalid IPv6 URL"}
		}
		h, port, _ := strings.Cut(bracketed, "]")
		if port != "" && !strings.HasPrefix(port, ":") {
			return &ValueError{Msg: "Invalid IPv6 URL"}
		}
		hostname = h
	} else {
		hostname, _, _ = strings.Cut(hp, ":")
	}
	if strings.HasPrefix(hostname, "v") {
		// IPvFuture: v<hex>.<anything>
		dot := strings.IndexByte(hostname, '.')
		if dot < 2 || dot == len(hostname)-1 {
			return &ValueError{Msg: "IPvFuture address is invalid"}
		}
		for k := 1; k < dot; k++ {
			if hexDigit(hostname[k]) < 0 {
				return &ValueError{Msg: "IPvFuture address is invalid"}
			}
		}
		return nil
	}
	ip, err := netipParse(hostname)
	if err != nil {
		return &ValueError{Msg: pyReprStr(hostname) + " does not appear to be an IPv4 or IPv6 address"}
	}
	if ip.IP.To4() != nil && !strings.Contains(hostname, ":") {
		return &ValueError{Msg: "An IPv4 address cannot be in brackets"}
	}
	return nil
}

// PutHeader adds a header line: http.client's putheader. The name must
// match [^:\s][^:\r\n]* (else ValueError "Invalid header name b'...'"),
// and no value may hold a CR or LF that does not start a folded line
// (else "Invalid header value b'...'"). Several values are joined with
// CRLF HT, as continuation lines.
func (c *Conn) PutHeader(name []byte, values ...[]byte) error {
	if c.state != stateReqStarted {
		return &StateError{Kind: CannotSendHeader}
	}
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return &EncodeError{Field: "header name", Pos: i}
		}
	}
	if !legalHeaderName(name) {
		return &ValueError{Msg: "Invalid header name " + pyReprBytes(name)}
	}
	for _, v := range values {
		if illegalHeaderValue(v) {
			return &ValueError{Msg: "Invalid header value " + pyReprBytes(v)}
		}
	}
	c.head = append(append(c.head, name...), ':', ' ')
	for i, v := range values {
		if i > 0 {
			c.head = append(c.head, '\r', '\n', '\t')
		}
		c.head = append(c.head, v...)
	}
	c.head = append(c.head, '\r', '\n')
	return nil
}

func legalHeaderName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch b[0] {
	case ':', ' ', '\t', '\n', '\r', '\f', '\v':
		return false
	}
	for _, ch := range b[1:] {
		if ch == ':' || ch == '\r' || ch == '\n' {
			return false
		}
	}
	return true
}

// illegalHeaderValue is http.client's \n(?![ \t])|\r(?![ \t\n]).
func illegalHeaderValue(v []byte) bool {
	for i, ch := range v {
		var next byte
		if i+1 < len(v) {
			next = v[i+1]
		}
		switch ch {
		case '\n':
			if next != ' ' && next != '\t' {
				return true
			}
		case '\r':
			if next != ' ' && next != '\t' && next != '\n' {
				return true
			}
		}
	}
	return false
}

// Body is a request body. A nil *Body is no body at all (Python's None).
// EndHeaders and Request are done with Data, and with each piece Next
// returned, by the time they return (or call Next again): callers may
// lend memory they reuse afterwards.
type Body struct {
	// Data is a body of known length, used when Next is nil.
	Data []byte
	// Length is the body's length when Data is nil and Next is nil: for
	// StartRequest, which frames a body it does not send.
	Length int64
	// Next, when set, streams the body: each call returns the next piece,
	// and io.EOF (with no data) at the end. Its length is unknown, so
	// Request chunk-encodes it unless the caller framed it.
	Next func() ([]byte, error)
	// Repr describes the body in the debug line "Unable to determine size
	// of ..."; "" gives a generic description.
	Repr string
}

// EndHeaders finishes the header block and sends it, then the body:
// http.client's endheaders. With encodeChunked (and HTTP/1.1) each
// non-empty piece of the body is sent as one chunk and the 0 chunk ends
// it; empty pieces are skipped.
func (c *Conn) EndHeaders(body *Body, encodeChunked bool) error {
	if c.state != stateReqStarted {
		return &StateError{Kind: CannotSendHeader}
	}
	c.state = stateReqSent
	return c.sendOutput(body, encodeChunked)
}

func (c *Conn) sendOutput(body *Body, encodeChunked bool) error {
	// A small byte body rides in the same write as the header block when
	// nothing observes the two sends apart (no debug output).
	inline := body != nil && body.Next == nil && c.DebugLevel <= 0 &&
		!(encodeChunked && !c.HTTP10) && len(body.Data) > 0 && len(body.Data) <= 16<<10
	// The message is built in the buffered lines' memory, which is kept
	// for the next request (unless a huge head made it large): nothing
	// holds the message once Send returned.
	msg := append(c.head, '\r', '\n')
	if inline {
		msg = append(msg, body.Data...)
	}
	c.head = nil // the message's while it is sent
	err := c.Send(msg)
	if c.head == nil && cap(msg) <= maxKeptHead {
		c.head = msg[:0]
	}
	if err != nil {
		return err
	}
	if body == nil || inline {
		return nil
	}
	chunked := encodeChunked && !c.HTTP10
	next := body.Next
	if next == nil {
		done := false
		next = func() ([]byte, error) {
			if done {
				return nil, io.EOF
			}
			done = true
			return body.Data, nil
		}
	}
	for {
		piece, err := next()
		if err == io.EOF && len(piece) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return &BodyError{Err: err}
		}
		if len(piece) == 0 {
			c.debugf("Zero length chunk ignored")
			continue
		}
		if chunked {
			framed := make([]byte, 0, len(piece)+20)
			framed = strconv.AppendUint(framed, uint64(len(piece)), 16)
			upperHex(framed)
			framed = append(framed, '\r', '\n')
			framed = append(append(framed, piece...), '\r', '\n')
			piece = framed
		}
		if err := c.Send(piece); err != nil {
			return err
		}
	}
	if chunked {
		return c.Send([]byte("0\r\n\r\n"))
	}
	return nil
}

// maxKeptHead is the most request-head memory a connection keeps between
// requests.
const maxKeptHead = 16 << 10

func upperHex(b []byte) {
	for i, ch := range b {
		if ch >= 'a' && ch <= 'f' {
			b[i] = ch - 'a' + 'A'
		}
	}
}

// RequestHeader is one caller header for Request. NameIsBytes marks a
// name given as bytes in Python: http.client compares only str names
// against "host", "content-length" and so on, so such a name never
// suppresses an automatic header.
type RequestHeader struct {
	Name        []byte
	Value       []byte
	NameIsBytes bool
}

// methodsExpectingBody get "Content-Length: 0" when sent without a body.
var methodsExpectingBody = map[string]bool{"PATCH": true, "POST": true, "PUT": true}

// StartRequest is the first half of Request: PutRequest with the skips the
// caller's header names imply, then the automatic Content-Length or
// Transfer-Encoding (behaviour.md HC-E3). It returns whether the body must
// be chunk-encoded. names are the caller's header names (see
// RequestHeader.NameIsBytes for isBytes).
func (c *Conn) StartRequest(method, url string, names [][]byte, isBytes []bool, body *Body, encodeChunked bool) (bool, error) {
	has := func(want string) bool {
		for i, n := range names {
			if (isBytes == nil || !isBytes[i]) && len(n) == len(want) && asciiEqualFold(string(n), want) {
				return true
			}
		}
		return false
	}
	return c.startRequest(method, url, has, body, encodeChunked)
}

// startRequest is StartRequest with has telling whether the caller gives
// a header of that (lower-case) name.
func (c *Conn) startRequest(method, url string, has func(string) bool, body *Body, encodeChunked bool) (bool, error) {
	if err := c.PutRequest(method, url, has("host"), has("accept-encoding")); err != nil {
		return false, err
	}
	if has("content-length") {
		return false, nil
	}
	if has("transfer-encoding") {
		return encodeChunked, nil
	}
	switch {
	case body == nil:
		if methodsExpectingBody[strings.ToUpper(method)] {
			return false, c.PutHeader([]byte("Content-Length"), []byte("0"))
		}
		return false, nil
	case body.Next == nil:
		n := int64(len(body.Data))
		if body.Data == nil {
			n = body.Length
		}
		var digits [20]byte
		return false, c.PutHeader([]byte("Content-Length"), strconv.AppendInt(digits[:0], n, 10))
	default:
		if c.DebugLevel > 0 {
			repr := body.Repr
			if repr == "" {
				repr = "<streamed body>"
			}
			c.debugf("Unable to determine size of " + repr)
		}
		return true, c.PutHeader([]byte("Transfer-Encoding"), []byte("chunked"))
	}
}

// Request sends a whole request: http.client's request(). Headers are
// sent in the order given, after the automatic ones.
func (c *Conn) Request(method, url string, headers []RequestHeader, body *Body, encodeChunked bool) error {
	has := func(want string) bool {
		for _, h := range headers {
			if !h.NameIsBytes && len(h.Name) == len(want) && asciiEqualFold(string(h.Name), want) {
				return true
			}
		}
		return false
	}
	chunked, err := c.startRequest(method, url, has, body, encodeChunked)
	if err != nil {
		return err
	}
	for _, h := range headers {
		if err := c.PutHeader(h.Name, h.Value); err != nil {
			return err
		}
	}
	return c.EndHeaders(body, chunked)
}

// ReadPendingBody reads the body of the response the connection still
// holds (a kept-alive one not read to its end) to its end when all of it
// has arrived, dropping it, as Response.DiscardBuffered: for a caller
// that has its copy (Response.PeekBody). With no such response, or one
// whose body has not all arrived, it does nothing, and GetResponse then
// reports ResponseNotReady as it would.
func (c *Conn) ReadPendingBody() {
	c.forgetClosedResponse()
	if r := c.response; r != nil {
		r.DiscardBuffered()
	}
}

// GetResponse reads the response to the request sent: http.client's
// getresponse. A connection error while reading the head closes the
// connection; any other error closes only the response and leaves the
// connection in Request-sent, as http.client does.
func (c *Conn) GetResponse() (*Response, error) {
	r, err := c.NewResponse()
	if err != nil {
		return nil, err
	}
	if err := r.Begin(); err != nil {
		return nil, err
	}
	return r, nil
}

// NewResponse makes the response to the request sent without reading
// anything: the first half of http.client's getresponse, for hosts whose
// response objects are made by a class of their own before begin() runs.
// Its Begin reads the head and then does the connection's part: the
// state goes back to Idle, and the connection closes (will_close) or
// keeps the response as pending.
func (c *Conn) NewResponse() (*Response, error) {
	c.forgetClosedResponse()
	if u := c.unbegun; u != nil && u.conn == c && !u.IsClosed() {
		// The response made for this request has not read its head:
		// a second one would read the same bytes.
		return nil, &StateError{Kind: ResponseNotReady, State: c.state.String()}
	}
	c.unbegun = nil
	if c.state != stateReqSent || c.response != nil {
		return nil, &StateError{Kind: ResponseNotReady, State: c.state.String()}
	}
	if c.sock == nil || c.sock.dead {
		// The socket went away (closed by the caller between EndHeaders
		// and here); http.client fails on None.makefile with an
		// AttributeError. Report it as the lost connection it is.
		return nil, &OSError{Errno: 9, Err: io.ErrClosedPipe}
	}
	r := newResponse(c.sock.ref(), c.method, c)
	r.conn = c
	c.unbegun = r
	return r, nil
}

// finishResponse is the end of getresponse, after r's head was read (err
// nil) or failed.
func (c *Conn) finishResponse(r *Response, err error) error {
	r.conn = nil
	if c.unbegun == r {
		c.unbegun = nil
	}
	if err != nil {
		if isConnectionError(err) || err == ErrCancelled {
			c.Close()
		}
		r.Close()
		return err
	}
	c.state = stateIdle
	if r.WillClose {
		c.Close()
	} else {
		c.response = r
	}
	return nil
}

// isConnectionError is Python's isinstance(err, ConnectionError):
// RemoteDisconnected and the ECONNRESET/EPIPE/ECONNREFUSED/ECONNABORTED
// OS errors.
func isConnectionError(err error) bool {
	if err == ErrRemoteDisconnected {
		return true
	}
	if oe, ok := err.(*OSError); ok {
		switch oe.Errno {
		case 32, 103, 104, 108, 111: // EPIPE, ECONNABORTED, ECONNRESET, ESHUTDOWN, ECONNREFUSED
			return true
		}
	}
	return false
}

// Pending returns the response the connection still holds (read but not
// finished), or nil.
func (c *Conn) Pending() *Response { return c.response }
