package core

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gohttp/gohttp/internal/testsrv"
)

// The tunnel tests run http.client's _tunnel (behaviour.md HC-J1..J4)
// through internal/testsrv's CONNECT proxy, or through a scripted one
// where the proxy's reply must be exact.

func tunProxy(t *testing.T, user, pass string) *testsrv.Proxy {
	t.Helper()
	p, err := testsrv.StartProxy(testsrv.ProxyOptions{Username: user, Password: pass, Lifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// tunConn returns a connection to the proxy tunnelled to host:port.
func tunConn(t *testing.T, proxy int, host string, port int, headers []Header) *Conn {
	t.Helper()
	c, err := NewConn("127.0.0.1", proxy)
	if err != nil {
		t.Fatal(err)
	}
	c.Timeout = 10 * time.Second
	if err := c.SetTunnel(host, port, headers); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// tunScripted runs a one-connection proxy that reads the CONNECT head,
// sends reply and then echoes nothing; the head arrives on the channel.
func tunScripted(t *testing.T, reply string) (int, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		var head strings.Builder
		for {
			line, err := br.ReadString('\n')
			head.WriteString(line)
			if err != nil || line == "\r\n" {
				break
			}
		}
		got <- head.String()
		io.WriteString(c, reply)
		c.(*net.TCPConn).CloseWrite()
		io.Copy(io.Discard, c)
	}()
	return ln.Addr().(*net.TCPAddr).Port, got
}

func TestTunnelPlainHTTP(t *testing.T) {
	s := tlsServer(t, testsrv.Options{})
	p := tunProxy(t, "", "")
	c := tunConn(t, p.Port(), "localhost", s.Port(), nil)
	if _, ok := c.ProxyResponseHeaders(); ok {
		t.Error("ProxyResponseHeaders before any CONNECT: ok = true")
	}
	status, _, err := tlsGet(c, "/echo")
	if err != nil || status != 200 {
		t.Fatalf("GET = %d, %v; want 200", status, err)
	}
	port := strconv.Itoa(s.Port())
	reqs := p.Requests()
	if len(reqs) != 1 {
		t.Fatalf("proxy saw %d requests; want 1", len(reqs))
	}
	want := "CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n"
	if string(reqs[0].Raw) != want {
		t.Errorf("CONNECT = %q; want %q", reqs[0].Raw, want)
	}
	// The request's Host is the tunnel's end (HC-J4).
	if got := s.Requests()[0].Header("Host"); got != "localhost:"+port {
		t.Errorf("Host = %q; want localhost:%s", got, port)
	}
	raw, ok := c.ProxyResponseHeaders()
	if !ok || string(raw) != testsrv.ProxyHeader+"\r\n\r\n" {
		t.Errorf("ProxyResponseHeaders = %q, %v; want %q", raw, ok, testsrv.ProxyHeader+"\r\n\r\n")
	}
	// A second request reuses the tunnel.
	if status, _, err := tlsGet(c, "/echo"); err != nil || status != 200 {
		t.Fatalf("second GET = %d, %v; want 200", status, err)
	}
	if n := len(p.Requests()); n != 1 {
		t.Errorf("proxy saw %d CONNECTs after two requests; want 1", n)
	}
}

func TestTunnelProxyAuthentication(t *testing.T) {
	s := tlsServer(t, testsrv.Options{})
	p := tunProxy(t, "user", "pass")
	port := strconv.Itoa(s.Port())

	// Refused: OSError("Tunnel connection failed: 407 ..."), the
	// connection closed and Idle, the proxy's headers kept (HC-J2, HC-J3).
	c := tunConn(t, p.Port(), "127.0.0.1", s.Port(), nil)
	_, _, err := tlsGet(c, "/")
	var te *TunnelError
	if !errors.As(err, &te) || te.Status != 407 || te.Reason != "Proxy Authentication Required" {
		t.Fatalf("GET = %v; want TunnelError 407 Proxy Authentication Required", err)
	}
	if want := "Tunnel connection failed: 407 Proxy Authentication Required"; err.Error() != want {
		t.Errorf("Error() = %q; want %q", err.Error(), want)
	}
	if c.Connected() || c.StateName() != "Idle" {
		t.Errorf("after a refused CONNECT: connected %v, state %s; want false, Idle", c.Connected(), c.StateName())
	}
	raw, ok := c.ProxyResponseHeaders()
	if h := ParseHeaderBlock(raw); !ok || !strings.Contains(string(raw), "Proxy-Authenticate: Basic realm=\"gohttp\"\r\n") {
		t.Errorf("ProxyResponseHeaders = %q, %v (%v); want the 407's headers", raw, ok, h)
	}

	// Accepted with Proxy-Authorization, sent before the automatic Host.
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pass"))
	c = tunConn(t, p.Port(), "127.0.0.1", s.Port(), []Header{{Name: "Proxy-Authorization", Value: auth}})
	if status, _, err := tlsGet(c, "/"); err != nil || status != 200 {
		t.Fatalf("GET with credentials = %d, %v; want 200", status, err)
	}
	reqs := p.Requests()
	want := "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nProxy-Authorization: " + auth + "\r\nHost: 127.0.0.1:" + port + "\r\n\r\n"
	if got := string(reqs[len(reqs)-1].Raw); got != want {
		t.Errorf("CONNECT = %q; want %q", got, want)
	}
}

func TestTunnelHTTPS(t *testing.T) {
	pki := tlsPKI(t)
	good := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	wrong := tlsServer(t, testsrv.Options{Cert: pki.WrongHost})
	p := tunProxy(t, "", "")

	// SNI and the certificate check use the tunnel's host (HC-J4).
	c := tunConn(t, p.Port(), "localhost", good.Port(), nil)
	c.DefaultPort = HTTPSPort
	c.TLSOptions = &TLSOptions{CAFiles: []string{pki.CAFile}}
	if info := tlsGetInfo(t, c); info.SNI != "localhost" || info.ALPN != "http/1.1" {
		t.Errorf("tlsinfo through the tunnel = %+v; want SNI localhost, ALPN http/1.1", info)
	}

	c = tunConn(t, p.Port(), "localhost", wrong.Port(), nil)
	c.TLSOptions = &TLSOptions{CAFiles: []string{pki.CAFile}}
	_, _, err := tlsGet(c, "/")
	var ve *TLSVerifyError
	if !errors.As(err, &ve) || ve.Reason != "Hostname mismatch, certificate is not valid for 'localhost'." {
		t.Errorf("wrong host through the tunnel: %v; want a hostname mismatch for 'localhost'", err)
	}
}

func TestTunnelRequestLine(t *testing.T) {
	for _, tc := range []struct {
		name    string
		host    string
		port    int
		headers []Header
		http10  bool
		want    string
	}{
		// IPv6 is bracketed in the request line (3.13); the automatic
		// Host is not, as in 3.13.0 (HC-J2 obs).
		{"IPv6", "::1", 8443, nil, false, "CONNECT [::1]:8443 HTTP/1.1\r\nHost: ::1:8443\r\n\r\n"},
		{"IPv6 bracketed", "[::1]:8443", -1, nil, false, "CONNECT [::1]:8443 HTTP/1.1\r\nHost: ::1:8443\r\n\r\n"},
		{"port from host", "example.com:8080", -1, nil, false, "CONNECT example.com:8080 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"},
		{"default port", "example.com", -1, nil, false, "CONNECT example.com:80 HTTP/1.1\r\nHost: example.com:80\r\n\r\n"},
		{"IDNA", "bücher.example", 443, nil, false, "CONNECT xn--bcher-kva.example:443 HTTP/1.1\r\nHost: xn--bcher-kva.example:443\r\n\r\n"},
		{"Host given", "example.com", 443, []Header{{Name: "host", Value: "other"}, {Name: "X-A", Value: "1"}}, false,
			"CONNECT example.com:443 HTTP/1.1\r\nhost: other\r\nX-A: 1\r\n\r\n"},
		{"HTTP/1.0", "example.com", 443, nil, true, "CONNECT example.com:443 HTTP/1.0\r\nHost: example.com:443\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port, got := tunScripted(t, "HTTP/1.1 200 OK\r\n\r\n")
			c := tunConn(t, port, tc.host, tc.port, tc.headers)
			c.HTTP10 = tc.http10
			if err := c.Connect(); err != nil {
				t.Fatalf("Connect = %v", err)
			}
			if head := <-got; head != tc.want {
				t.Errorf("CONNECT = %q; want %q", head, tc.want)
			}
		})
	}
}

func TestTunnelProxyReply(t *testing.T) {
	long := strings.Repeat("a", DefaultMaxLine+1)
	many := strings.Repeat("X: y\r\n", DefaultMaxHeaders)
	for _, tc := range []struct {
		name, reply string
		check       func(error) bool
		headers     string // ProxyResponseHeaders afterwards; "-" for none
	}{
		{"200 with headers", "HTTP/1.0 200 Connection established\r\nA: b\r\n\r\n", func(e error) bool { return e == nil }, "A: b\r\n\r\n"},
		{"403", "HTTP/1.1 403  Forbidden \r\nA: b\r\n\r\n", func(e error) bool {
			return e != nil && e.Error() == "Tunnel connection failed: 403 Forbidden"
		}, "A: b\r\n\r\n"},
		{"201 is a failure", "HTTP/1.1 201 Created\r\n\r\n", func(e error) bool {
			var te *TunnelError
			return errors.As(e, &te) && te.Status == 201
		}, "\r\n"},
		{"no reply", "", func(e error) bool { return e == ErrRemoteDisconnected }, "-"},
		{"bad status line", "SPAM\r\n\r\n", func(e error) bool {
			var be *BadStatusLineError
			return errors.As(e, &be)
		}, "-"},
		{"long status line", long + "\r\n", func(e error) bool {
			var le *LineTooLongError
			return errors.As(e, &le) && le.What == "status line"
		}, "-"},
		{"long header line", "HTTP/1.1 200 OK\r\n" + long + "\r\n\r\n", func(e error) bool {
			var le *LineTooLongError
			return errors.As(e, &le) && le.What == "header line"
		}, "-"},
		{"too many headers", "HTTP/1.1 200 OK\r\n" + many + "\r\n", func(e error) bool {
			var he *HTTPError
			return errors.As(e, &he) && he.Msg == "got more than 100 headers"
		}, "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port, _ := tunScripted(t, tc.reply)
			c := tunConn(t, port, "example.com", 443, nil)
			err := c.Connect()
			if !tc.check(err) {
				t.Errorf("Connect = %v (%T)", err, err)
			}
			raw, ok := c.ProxyResponseHeaders()
			if tc.headers == "-" {
				if ok {
					t.Errorf("ProxyResponseHeaders = %q, true; want none", raw)
				}
			} else if !ok || string(raw) != tc.headers {
				t.Errorf("ProxyResponseHeaders = %q, %v; want %q", raw, ok, tc.headers)
			}
			if err != nil && c.Connected() {
				t.Error("connected after a failed CONNECT")
			}
		})
	}
}

func TestSetTunnelErrors(t *testing.T) {
	s := tlsServer(t, testsrv.Options{})
	c, err := NewConn("127.0.0.1", s.Port())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Connect(); err != nil {
		t.Fatal(err)
	}
	err = c.SetTunnel("example.com", 443, nil)
	var re *RuntimeError
	if !errors.As(err, &re) || re.Msg != "Can't set up tunnel for established connection" {
		t.Errorf("SetTunnel on an open connection = %v; want RuntimeError", err)
	}
	c.Close()

	// Control characters in the host or a header (HC-T3); a bad port.
	for _, tc := range []struct {
		host    string
		port    int
		headers []Header
		want    string
	}{
		{"exa\r\nmple.com", 443, nil, "*core.ValueError"},
		{"example.com", 443, []Header{{Name: "X-A", Value: "1\r\nInjected: yes"}}, "*core.ValueError"},
		{"example.com", 443, []Header{{Name: "Bad:Name", Value: "1"}}, "*core.ValueError"},
		{"example.com:https", -1, nil, "*core.InvalidURLError"},
	} {
		err := c.SetTunnel(tc.host, tc.port, tc.headers)
		if got := fmt.Sprintf("%T", err); got != tc.want {
			t.Errorf("SetTunnel(%q, %d, %v) = %v; want a %s", tc.host, tc.port, tc.headers, err, tc.want)
		}
	}
	if h, _ := c.TunnelHost(); h != "" {
		t.Errorf("TunnelHost = %q after failed SetTunnel calls; want none", h)
	}
}
