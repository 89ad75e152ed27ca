package testsrv

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	pkiOnce sync.Once
	pkiVal  *PKI
	pkiErr  error
	pkiDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pkiDir != "" {
		os.RemoveAll(pkiDir)
	}
	os.Exit(code)
}

// testPKI returns a PKI shared by all tests of the package.
func testPKI(t *testing.T) *PKI {
	t.Helper()
	pkiOnce.Do(func() {
		pkiDir, pkiErr = os.MkdirTemp("", "testsrv-pki-")
		if pkiErr == nil {
			pkiVal, pkiErr = NewPKI(pkiDir)
		}
	})
	if pkiErr != nil {
		t.Fatalf("NewPKI: %v", pkiErr)
	}
	return pkiVal
}

func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Lifetime == 0 {
		opts.Lifetime = 30 * time.Second
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func startProxy(t *testing.T, opts ProxyOptions) *Proxy {
	t.Helper()
	if opts.Lifetime == 0 {
		opts.Lifetime = 30 * time.Second
	}
	p, err := StartProxy(opts)
	if err != nil {
		t.Fatalf("StartProxy: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func httpClient(t *testing.T, tlsCfg *tls.Config) *http.Client {
	t.Helper()
	tr := &http.Transport{TLSClientConfig: tlsCfg, Proxy: nil}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", u, err)
	}
	return resp, body
}

func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	c.SetDeadline(time.Now().Add(30 * time.Second))
	t.Cleanup(func() { c.Close() })
	return c
}

func TestPKIFilesAndVerification(t *testing.T) {
	p := testPKI(t)
	for _, f := range []string{p.CAFile, p.LeafCertFile, p.LeafKeyFile, p.ExpiredCertFile, p.ExpiredKeyFile,
		p.WrongHostCertFile, p.WrongHostKeyFile, p.SelfSignedCertFile, p.SelfSignedKeyFile,
		p.ClientCAFile, p.ClientCertFile, p.ClientKeyFile, p.ClientEncKeyFile} {
		if filepath.Dir(f) != p.Dir {
			t.Errorf("%s is not in %s", f, p.Dir)
		}
		if _, err := os.Stat(f); err != nil {
			t.Errorf("missing file: %v", err)
		}
	}
	// The files load as key pairs.
	for _, pair := range [][2]string{{p.LeafCertFile, p.LeafKeyFile}, {p.ClientCertFile, p.ClientKeyFile}, {p.ExpiredCertFile, p.ExpiredKeyFile}} {
		if _, err := tls.LoadX509KeyPair(pair[0], pair[1]); err != nil {
			t.Errorf("LoadX509KeyPair(%s): %v", pair[0], err)
		}
	}
	caPEM, _ := os.ReadFile(p.CAFile)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.pem does not parse")
	}
	verify := func(c *tls.Certificate, name string, usage x509.ExtKeyUsage, roots *x509.CertPool) error {
		_, err := c.Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, KeyUsages: []x509.ExtKeyUsage{usage}})
		return err
	}
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		if err := verify(p.Leaf, name, x509.ExtKeyUsageServerAuth, pool); err != nil {
			t.Errorf("leaf for %s: %v", name, err)
		}
	}
	var inv x509.CertificateInvalidError
	if err := verify(p.Expired, "localhost", x509.ExtKeyUsageServerAuth, pool); !errors.As(err, &inv) || inv.Reason != x509.Expired {
		t.Errorf("expired leaf: got %v, want CertificateInvalidError{Expired}", err)
	}
	var hostErr x509.HostnameError
	if err := verify(p.WrongHost, "localhost", x509.ExtKeyUsageServerAuth, pool); !errors.As(err, &hostErr) {
		t.Errorf("wrong-host leaf: got %v, want HostnameError", err)
	}
	if err := verify(p.WrongHost, WrongHostName, x509.ExtKeyUsageServerAuth, pool); err != nil {
		t.Errorf("wrong-host leaf for its own name: %v", err)
	}
	var ua x509.UnknownAuthorityError
	if err := verify(p.SelfSigned, "localhost", x509.ExtKeyUsageServerAuth, pool); !errors.As(err, &ua) {
		t.Errorf("self-signed leaf: got %v, want UnknownAuthorityError", err)
	}
	if err := verify(p.Client, "", x509.ExtKeyUsageClientAuth, p.ClientCAPool); err != nil {
		t.Errorf("client cert: %v", err)
	}
	if err := verify(p.Client, "", x509.ExtKeyUsageClientAuth, p.CAPool); !errors.As(err, &ua) {
		t.Errorf("client cert against server CA: got %v, want UnknownAuthorityError", err)
	}
	if p.Client.Leaf.Subject.CommonName != ClientCommonName {
		t.Errorf("client CN = %q", p.Client.Leaf.Subject.CommonName)
	}
}

func TestEncryptedClientKey(t *testing.T) {
	p := testPKI(t)
	data, err := os.ReadFile(p.ClientEncKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "EC PRIVATE KEY" {
		t.Fatalf("bad PEM block in %s", p.ClientEncKeyFile)
	}
	if !strings.Contains(string(data), "Proc-Type: 4,ENCRYPTED") || !strings.Contains(string(data), "DEK-Info: AES-256-CBC,") {
		t.Errorf("missing legacy encryption headers:\n%s", data)
	}
	//lint:ignore SA1019 testing legacy PEM encryption on purpose.
	if !x509.IsEncryptedPEMBlock(block) { //nolint:staticcheck
		t.Fatal("block is not encrypted")
	}
	//lint:ignore SA1019 testing legacy PEM encryption on purpose.
	der, err := x509.DecryptPEMBlock(block, []byte(KeyPassword)) //nolint:staticcheck
	if err != nil {
		t.Fatalf("DecryptPEMBlock: %v", err)
	}
	key, err := x509.ParseECPrivateKey(der)
	if err != nil {
		t.Fatalf("ParseECPrivateKey: %v", err)
	}
	if !key.Equal(p.Client.PrivateKey.(*ecdsa.PrivateKey)) {
		t.Error("decrypted key differs from the client key")
	}
	// The decrypted key pairs with the client certificate file.
	certPEM, _ := os.ReadFile(p.ClientCertFile)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Errorf("X509KeyPair with decrypted key: %v", err)
	}
	//lint:ignore SA1019 testing legacy PEM encryption on purpose.
	if der2, err := x509.DecryptPEMBlock(block, []byte("wrong")); err == nil { //nolint:staticcheck
		if k2, err := x509.ParseECPrivateKey(der2); err == nil && k2.Equal(key) {
			t.Error("wrong password decrypted the key")
		}
	}
}

func TestPlainRoutes(t *testing.T) {
	s := startServer(t, Options{})
	c := httpClient(t, nil)
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") || s.Port() == 0 || s.URL() != "http://"+s.Addr() {
		t.Fatalf("Addr=%q Port=%d URL=%q", s.Addr(), s.Port(), s.URL())
	}

	resp, body := get(t, c, s.URL()+"/")
	if resp.StatusCode != 200 || string(body) != RootBody || resp.ContentLength != int64(len(RootBody)) {
		t.Errorf("GET /: %d %q cl=%d", resp.StatusCode, body, resp.ContentLength)
	}

	resp, body = get(t, c, s.URL()+"/chunked?n=4")
	if resp.StatusCode != 200 || len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("/chunked: %d TE=%v", resp.StatusCode, resp.TransferEncoding)
	}
	if want := "chunk 0\nchunk 1\nchunk 2\nchunk 3\n"; string(body) != want {
		t.Errorf("/chunked body %q, want %q", body, want)
	}
	_, body = get(t, c, s.URL()+"/chunked")
	if strings.Count(string(body), "chunk ") != 3 {
		t.Errorf("/chunked default body %q", body)
	}

	resp, body = get(t, c, s.URL()+"/bytes?n=100000")
	if resp.ContentLength != 100000 || !bytes.Equal(body, Pattern(100000)) {
		t.Errorf("/bytes: cl=%d len=%d equal=%v", resp.ContentLength, len(body), bytes.Equal(body, Pattern(100000)))
	}

	for _, code := range []int{200, 201, 404, 418, 500, 503} {
		resp, body = get(t, c, fmt.Sprintf("%s/status/%d", s.URL(), code))
		if resp.StatusCode != code || string(body) != fmt.Sprintf("%d %s\n", code, reasonPhrase(code)) {
			t.Errorf("/status/%d: %d %q", code, resp.StatusCode, body)
		}
	}
	resp, body = get(t, c, s.URL()+"/status/204")
	if resp.StatusCode != 204 || len(body) != 0 {
		t.Errorf("/status/204: %d %q", resp.StatusCode, body)
	}

	resp, body = get(t, c, s.URL()+"/close")
	if resp.StatusCode != 200 || resp.ContentLength != -1 || !resp.Close || string(body) != CloseBody {
		t.Errorf("/close: %d cl=%d close=%v body=%q", resp.StatusCode, resp.ContentLength, resp.Close, body)
	}

	start := time.Now()
	resp, body = get(t, c, s.URL()+"/slow?ms=80")
	if el := time.Since(start); el < 80*time.Millisecond || resp.StatusCode != 200 || string(body) != "slept 80 ms\n" {
		t.Errorf("/slow: %v %d %q", el, resp.StatusCode, body)
	}

	resp, body = get(t, c, s.URL()+"/tlsinfo")
	if string(body) != `{"sni":"","alpn":"","tls_version":"","client_cert_cn":""}`+"\n" {
		t.Errorf("/tlsinfo on plain server: %q", body)
	}

	resp, _ = get(t, c, s.URL()+"/response-headers?Set-Cookie=a%3D1&Set-Cookie=b%3D2&X-Test=yes")
	if got := resp.Header.Values("Set-Cookie"); len(got) != 2 || got[0] != "a=1" || got[1] != "b=2" || resp.Header.Get("X-Test") != "yes" {
		t.Errorf("/response-headers: %v", resp.Header)
	}

	resp, body = get(t, c, s.URL()+"/nope")
	if resp.StatusCode != 404 {
		t.Errorf("/nope: %d %q", resp.StatusCode, body)
	}

	req, _ := http.NewRequest("HEAD", s.URL()+"/bytes?n=10", nil)
	hr, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	hr.Body.Close()
	if hr.ContentLength != 10 {
		t.Errorf("HEAD /bytes: cl=%d", hr.ContentLength)
	}

	// net/http's transport kept its connection alive across requests.
	if n := len(s.Conns()); n > 3 {
		t.Errorf("expected connection reuse, got %d connections", n)
	}
}

func TestEchoAndRawRecording(t *testing.T) {
	s := startServer(t, Options{})
	c := dialRaw(t, s.Addr())
	req1 := "POST /echo?x=1 HTTP/1.1\r\nHost: localhost\r\nX-Mixed-CASE: One\r\naccept: */*\r\nX-Dup: a\r\nX-Dup: b\r\nContent-Length: 5\r\n\r\nhello"
	req2 := "PUT /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"
	req3 := "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
	// Pipelined on one connection.
	if _, err := io.WriteString(c, req1+req2+req3); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	type echo struct {
		Method   string      `json:"method"`
		Path     string      `json:"path"`
		Proto    string      `json:"proto"`
		Headers  [][2]string `json:"headers"`
		Body     string      `json:"body"`
		BodyLen  int         `json:"body_len"`
		Chunked  bool        `json:"chunked"`
		Trailers [][2]string `json:"trailers"`
	}
	readEcho := func() echo {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("ReadResponse: %v", err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
		}
		var e echo
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
			t.Fatalf("decode: %v", err)
		}
		return e
	}
	e1 := readEcho()
	wantHeaders := [][2]string{{"Host", "localhost"}, {"X-Mixed-CASE", "One"}, {"accept", "*/*"}, {"X-Dup", "a"}, {"X-Dup", "b"}, {"Content-Length", "5"}}
	if e1.Method != "POST" || e1.Path != "/echo?x=1" || e1.Body != "hello" || e1.BodyLen != 5 || e1.Chunked || fmt.Sprint(e1.Headers) != fmt.Sprint(wantHeaders) {
		t.Errorf("echo 1: %+v", e1)
	}
	e2 := readEcho()
	if e2.Method != "PUT" || e2.Body != "abcde" || e2.BodyLen != 5 || !e2.Chunked || len(e2.Trailers) != 1 || e2.Trailers[0] != [2]string{"X-Trailer", "t"} {
		t.Errorf("echo 2: %+v", e2)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != RootBody || !resp.Close {
		t.Errorf("third response: %q close=%v", body, resp.Close)
	}
	// The server closes after Connection: close.
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("after Connection: close: n=%d err=%v, want EOF", n, err)
	}

	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("recorded %d requests, want 3", len(reqs))
	}
	for i, want := range []string{req1, req2, req3} {
		if string(reqs[i].Raw) != want {
			t.Errorf("request %d raw = %q, want %q", i, reqs[i].Raw, want)
		}
		if reqs[i].Seq != i || reqs[i].ConnID != reqs[0].ConnID {
			t.Errorf("request %d: seq=%d conn=%d", i, reqs[i].Seq, reqs[i].ConnID)
		}
	}
	if reqs[0].Header("x-mixed-case") != "One" || reqs[0].Path() != "/echo" || reqs[0].Query() != "x=1" {
		t.Errorf("request 0 helpers: %q %q %q", reqs[0].Header("x-mixed-case"), reqs[0].Path(), reqs[0].Query())
	}
	conns := s.Conns()
	if len(conns) != 1 || string(conns[0].Raw) != req1+req2+req3 || conns[0].Requests != 3 || conns[0].TLS {
		t.Errorf("conns: %+v", conns)
	}
	s.Reset()
	if len(s.Requests()) != 0 || len(s.Conns()) != 0 {
		t.Error("Reset did not clear records")
	}
}

func TestRawResponses(t *testing.T) {
	s := startServer(t, Options{})
	exchange := func(req string) string {
		c := dialRaw(t, s.Addr())
		io.WriteString(c, req)
		out, _ := io.ReadAll(c)
		return string(out)
	}
	// Connection: close on every request so ReadAll terminates.
	if got := exchange("GET /status/103 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 103 Early Hints\r\n") || !strings.Contains(got, "\r\n\r\nHTTP/1.1 200 OK\r\n") {
		t.Errorf("/status/103: %q", got)
	}
	if got := exchange("GET /status/100?final=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); got != "HTTP/1.1 100 Continue\r\nServer: gohttp-testsrv\r\n\r\n" {
		t.Errorf("/status/100?final=0: %q", got)
	}
	if got := exchange("GET /status/304 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); got != "HTTP/1.1 304 Not Modified\r\nServer: gohttp-testsrv\r\nConnection: close\r\n\r\n" {
		t.Errorf("/status/304: %q", got)
	}
	want := "HTTP/1.1 200 OK\r\nServer: gohttp-testsrv\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" + CloseBody
	if got := exchange("GET /close HTTP/1.1\r\nHost: x\r\n\r\n"); got != want {
		t.Errorf("/close: %q", got)
	}
	if got := exchange("HEAD /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); !strings.Contains(got, "Transfer-Encoding: chunked\r\n") || !strings.HasSuffix(got, "\r\n\r\n") {
		t.Errorf("HEAD /chunked: %q", got)
	}
	if got := exchange("GET /chunked?n=2&trailers=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); !strings.HasSuffix(got, "\r\n\r\n8\r\nchunk 0\n\r\n8\r\nchunk 1\n\r\n0\r\nX-Chunk-Count: 2\r\n\r\n") {
		t.Errorf("/chunked trailers: %q", got)
	}
	// HTTP/1.0 without keep-alive closes after the response.
	if got := exchange("GET / HTTP/1.0\r\n\r\n"); !strings.HasSuffix(got, RootBody) || !strings.Contains(got, "Connection: close\r\n") {
		t.Errorf("HTTP/1.0: %q", got)
	}
	// Malformed requests.
	if got := exchange("GARBAGE\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 400 ") {
		t.Errorf("garbage: %q", got)
	}
	if got := exchange("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"); !strings.HasPrefix(got, "HTTP/1.1 400 ") {
		t.Errorf("conflicting CL: %q", got)
	}
	if got := exchange("GET / HTTP/1.1\r\nX-Big: " + strings.Repeat("a", MaxLineBytes) + "\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 431 ") {
		t.Errorf("huge header: %.60q", got)
	}
	if got := exchange("GET /" + strings.Repeat("a", MaxLineBytes) + " HTTP/1.1\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 414 ") {
		t.Errorf("huge request line: %.60q", got)
	}
}

func TestCustomHandlerExpectAndLimits(t *testing.T) {
	s := startServer(t, Options{
		MaxBodyBytes: 10,
		Handlers: map[string]HandlerFunc{
			"/raw": func(w io.Writer, r *RecordedRequest) bool {
				io.WriteString(w, "HTTP/1.1 299 Custom\r\nContent-Length: 3\r\n\r\nraw")
				return true
			},
		},
	})
	c := dialRaw(t, s.Addr())
	br := bufio.NewReader(c)
	io.WriteString(c, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
	line, _ := br.ReadString('\n')
	if line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("expected 100 Continue, got %q", line)
	}
	br.ReadString('\n')
	io.WriteString(c, "hi")
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after 100-continue: %v %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	io.WriteString(c, "GET /raw HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err = http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 299 {
		t.Fatalf("custom handler: %v %v", resp, err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "raw" {
		t.Errorf("custom body %q", b)
	}
	io.WriteString(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
	resp, err = http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 413 {
		t.Fatalf("oversize body: %v %v", resp, err)
	}
	c2 := dialRaw(t, s.Addr())
	io.WriteString(c2, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(c2), nil)
	if err != nil || resp.StatusCode != 413 {
		t.Fatalf("oversize chunked body: %v %v", resp, err)
	}
}

func TestIdleTimeoutAndLifetime(t *testing.T) {
	// The idle close comes first (0.1 s), the lifetime's close of the
	// whole server 30x later; the bounds only catch a hang.
	s := startServer(t, Options{IdleTimeout: 100 * time.Millisecond, Lifetime: 3 * time.Second})
	c := dialRaw(t, s.Addr())
	c.SetReadDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("read on an idle connection: %v; want EOF (closed by the idle timeout)", err)
	}
	select {
	case <-s.Done():
		t.Error("the server had already stopped: the idle timeout did not close the connection")
	default:
	}
	select {
	case <-s.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("server did not close itself after its lifetime")
	}
	if err := s.Close(); err != nil {
		t.Logf("Close after lifetime: %v", err)
	}
	if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
		c.Close()
		t.Error("dial succeeded after lifetime")
	}
}

func TestCloseEndsSlowRequests(t *testing.T) {
	s := startServer(t, Options{})
	c := dialRaw(t, s.Addr())
	io.WriteString(c, "GET /slow?ms=10000 HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(50 * time.Millisecond)
	// Close ends the request at once: the connection is closed without
	// its response (a Close that waited for the handler would let the
	// response through).
	s.Close()
	c.SetReadDeadline(time.Now().Add(60 * time.Second))
	if data, err := io.ReadAll(c); len(data) != 0 || err != nil {
		t.Errorf("after Close the connection gave %q, %v; want EOF without a response", data, err)
	}
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("connection still open after Close")
	}
}

func TestListenRefusesNonLoopback(t *testing.T) {
	if _, err := Start(Options{Addr: "0.0.0.0:0"}); err == nil {
		t.Error("Start on 0.0.0.0 succeeded")
	}
	if _, err := StartProxy(ProxyOptions{Addr: ":0"}); err == nil {
		t.Error("StartProxy on :0 succeeded")
	}
	if _, err := StartStall(StallOptions{Addr: "10.0.0.1:0"}); err == nil {
		t.Error("StartStall on 10.0.0.1 succeeded")
	}
}

func TestIPv6Loopback(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln.Close()
	p := testPKI(t)
	s := startServer(t, Options{Addr: "[::1]:0", Cert: p.Leaf})
	c := httpClient(t, &tls.Config{RootCAs: p.CAPool, NextProtos: []string{"http/1.1"}})
	_, body := get(t, c, s.URL()+"/tlsinfo")
	var info map[string]string
	json.Unmarshal(body, &info)
	if info["sni"] != "" || info["alpn"] != "http/1.1" {
		t.Errorf("tlsinfo over ::1: %s", body)
	}
}

func TestTLSServer(t *testing.T) {
	p := testPKI(t)
	s := startServer(t, Options{Cert: p.Leaf})
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	c := httpClient(t, &tls.Config{RootCAs: p.CAPool, NextProtos: []string{"http/1.1"}})
	port := s.Port()
	_, body := get(t, c, fmt.Sprintf("https://localhost:%d/tlsinfo", port))
	var info struct {
		SNI, ALPN, TLSVersion, ClientCertCN string
	}
	var raw map[string]string
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	info.SNI, info.ALPN, info.TLSVersion, info.ClientCertCN = raw["sni"], raw["alpn"], raw["tls_version"], raw["client_cert_cn"]
	if info.SNI != "localhost" || info.ALPN != "http/1.1" || info.TLSVersion != "TLS 1.3" || info.ClientCertCN != "" {
		t.Errorf("tlsinfo: %s", body)
	}

	// crypto/tls directly: SNI and ALPN are recorded per connection.
	s.Reset()
	tc, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", s.Addr(), &tls.Config{
		RootCAs: p.CAPool, ServerName: "localhost", NextProtos: []string{"h2", "http/1.1"},
	})
	if err != nil {
		t.Fatalf("tls dial: %v", err)
	}
	if tc.ConnectionState().NegotiatedProtocol != "http/1.1" {
		t.Errorf("negotiated %q", tc.ConnectionState().NegotiatedProtocol)
	}
	io.WriteString(tc, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	out, _ := io.ReadAll(tc)
	tc.Close()
	if !strings.HasSuffix(string(out), RootBody) {
		t.Errorf("response over tls: %q", out)
	}
	conns := s.Conns()
	if len(conns) != 1 {
		t.Fatalf("conns: %d", len(conns))
	}
	ci := conns[0]
	if !ci.TLS || ci.ServerName != "localhost" || ci.ALPN != "http/1.1" || fmt.Sprint(ci.OfferedALPN) != "[h2 http/1.1]" || ci.TLSVersion != "TLS 1.3" {
		t.Errorf("conn info: %+v", ci)
	}
	if string(ci.Raw) != "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" {
		t.Errorf("raw (decrypted) bytes: %q", ci.Raw)
	}
	if r := s.Requests(); len(r) != 1 || r[0].ServerName != "localhost" || r[0].ALPN != "http/1.1" {
		t.Errorf("requests: %+v", r)
	}

	// Dialing by IP sends no SNI; no ALPN offered means none negotiated.
	s.Reset()
	tc, err = tls.Dial("tcp", s.Addr(), &tls.Config{RootCAs: p.CAPool, MaxVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatalf("tls dial by IP: %v", err)
	}
	io.WriteString(tc, "GET /tlsinfo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	out, _ = io.ReadAll(tc)
	tc.Close()
	if !strings.HasSuffix(string(out), `{"sni":"","alpn":"","tls_version":"TLS 1.2","client_cert_cn":""}`+"\n") {
		t.Errorf("tlsinfo by IP: %q", out)
	}
}

func TestTLSBadCertificates(t *testing.T) {
	p := testPKI(t)
	cases := []struct {
		name  string
		cert  *tls.Certificate
		check func(error) bool
	}{
		{"expired", p.Expired, func(err error) bool {
			var e x509.CertificateInvalidError
			return errors.As(err, &e) && e.Reason == x509.Expired
		}},
		{"wrong-host", p.WrongHost, func(err error) bool {
			var e x509.HostnameError
			return errors.As(err, &e)
		}},
		{"self-signed", p.SelfSigned, func(err error) bool {
			var e x509.UnknownAuthorityError
			return errors.As(err, &e)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, Options{Cert: tc.cert})
			c := httpClient(t, &tls.Config{RootCAs: p.CAPool})
			resp, err := c.Get(fmt.Sprintf("https://localhost:%d/", s.Port()))
			if err == nil {
				resp.Body.Close()
				t.Fatal("request succeeded")
			}
			if !tc.check(err) {
				t.Errorf("unexpected error type %T: %v", errors.Unwrap(err), err)
			}
			var ve *tls.CertificateVerificationError
			if !errors.As(err, &ve) {
				t.Errorf("error is not a CertificateVerificationError: %v", err)
			}
		})
	}
}

func TestClientCertificate(t *testing.T) {
	p := testPKI(t)
	s := startServer(t, Options{Cert: p.Leaf, RequireClientCert: true, ClientCAs: p.ClientCAPool})

	noCert := httpClient(t, &tls.Config{RootCAs: p.CAPool})
	if resp, err := noCert.Get(s.URL() + "/"); err == nil {
		resp.Body.Close()
		t.Fatal("request without client certificate succeeded")
	}
	// A certificate from the wrong CA is rejected too.
	wrong := httpClient(t, &tls.Config{RootCAs: p.CAPool, Certificates: []tls.Certificate{*p.Leaf}})
	if resp, err := wrong.Get(s.URL() + "/"); err == nil {
		resp.Body.Close()
		t.Fatal("request with a certificate from the wrong CA succeeded")
	}

	withCert := httpClient(t, &tls.Config{RootCAs: p.CAPool, Certificates: []tls.Certificate{*p.Client}})
	resp, body := get(t, withCert, s.URL()+"/tlsinfo")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"client_cert_cn":"`+ClientCommonName+`"`) {
		t.Errorf("tlsinfo with client cert: %d %s", resp.StatusCode, body)
	}
	// The key files on disk work the same way.
	kp, err := tls.LoadX509KeyPair(p.ClientCertFile, p.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	fromFiles := httpClient(t, &tls.Config{RootCAs: p.CAPool, Certificates: []tls.Certificate{kp}})
	if resp, _ := get(t, fromFiles, s.URL()+"/"); resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}

	// The server records a refused handshake when its side of it ends,
	// which can be after the client has seen the refusal (TLS 1.3 sends
	// the alert after the client's Finished): wait for the records, with
	// a bound that only catches a hang.
	var failed, ok int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		failed, ok = 0, 0
		for _, ci := range s.Conns() {
			if ci.HandshakeError != "" {
				failed++
			} else if ci.ClientCertCN == ClientCommonName {
				ok++
			}
		}
		if (failed >= 2 && ok >= 2) || time.Now().After(deadline) {
			break
		}
	}
	if failed < 2 || ok < 2 {
		t.Errorf("handshake records: failed=%d ok=%d: %+v", failed, ok, s.Conns())
	}

	if _, err := Start(Options{Cert: p.Leaf, RequireClientCert: true}); err == nil {
		t.Error("RequireClientCert without ClientCAs was accepted")
	}
}

// connectRaw sends a CONNECT request on a new connection and returns the
// connection, a reader positioned after the response head, and the head.
func connectRaw(t *testing.T, proxyAddr, req string) (net.Conn, *bufio.Reader, string) {
	t.Helper()
	c := dialRaw(t, proxyAddr)
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	var head strings.Builder
	for {
		line, err := br.ReadString('\n')
		head.WriteString(line)
		if err != nil || line == "\r\n" {
			break
		}
	}
	return c, br, head.String()
}

func TestProxy(t *testing.T) {
	p := testPKI(t)
	origin := startServer(t, Options{})
	tlsOrigin := startServer(t, Options{Cert: p.Leaf})
	px := startProxy(t, ProxyOptions{Username: "user", Password: "pa:ss"})
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pa:ss"))

	// Without credentials: 407 with a challenge, then the proxy closes.
	noAuth := fmt.Sprintf("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", origin.Addr(), origin.Addr())
	_, br, head := connectRaw(t, px.Addr(), noAuth)
	if !strings.HasPrefix(head, "HTTP/1.1 407 Proxy Authentication Required\r\n") || !strings.Contains(head, "\r\nProxy-Authenticate: Basic realm=\"gohttp\"\r\n") {
		t.Errorf("407 head: %q", head)
	}
	io.ReadAll(br) // body, then EOF when the proxy closes
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("after 407: %v, want EOF", err)
	}

	// Wrong credentials: 407 as well.
	_, _, head = connectRaw(t, px.Addr(), fmt.Sprintf("CONNECT %s HTTP/1.1\r\nProxy-Authorization: Basic %s\r\n\r\n", origin.Addr(), base64.StdEncoding.EncodeToString([]byte("user:bad"))))
	if !strings.HasPrefix(head, "HTTP/1.1 407 ") {
		t.Errorf("wrong credentials: %q", head)
	}

	// With credentials: 200 and a working tunnel to the plain origin.
	okReq := fmt.Sprintf("CONNECT %s HTTP/1.1\r\nHost: %s\r\nProxy-Authorization: %s\r\nUser-Agent: raw-test\r\n\r\n", origin.Addr(), origin.Addr(), auth)
	c, br, head := connectRaw(t, px.Addr(), okReq)
	if head != "HTTP/1.1 200 Connection established\r\n"+ProxyHeader+"\r\n\r\n" {
		t.Fatalf("CONNECT head: %q", head)
	}
	io.WriteString(c, "GET /echo HTTP/1.1\r\nHost: tunnelled\r\n\r\n")
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("through tunnel: %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `["Host","tunnelled"]`) {
		t.Errorf("echo through tunnel: %s", body)
	}
	c.Close()

	// TLS through the tunnel, with SNI recorded by the origin.
	c, br, head = connectRaw(t, px.Addr(), fmt.Sprintf("CONNECT localhost:%d HTTP/1.1\r\nProxy-Authorization: %s\r\n\r\n", tlsOrigin.Port(), auth))
	if !strings.HasPrefix(head, "HTTP/1.1 200 ") || br.Buffered() != 0 {
		t.Fatalf("CONNECT to tls origin: %q", head)
	}
	tc := tls.Client(c, &tls.Config{RootCAs: p.CAPool, ServerName: "localhost", NextProtos: []string{"http/1.1"}})
	io.WriteString(tc, "GET /tlsinfo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	out, _ := io.ReadAll(tc)
	if !strings.Contains(string(out), `"sni":"localhost","alpn":"http/1.1"`) {
		t.Errorf("tls through tunnel: %q", out)
	}
	tc.Close()

	// net/http as a client of the proxy (it uses CONNECT for https).
	pu, _ := url.Parse(px.URL())
	pu.User = url.UserPassword("user", "pa:ss")
	tr := &http.Transport{Proxy: http.ProxyURL(pu), TLSClientConfig: &tls.Config{RootCAs: p.CAPool}}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	r2, err := hc.Get(fmt.Sprintf("https://localhost:%d/", tlsOrigin.Port()))
	if err != nil {
		t.Fatalf("net/http via proxy: %v", err)
	}
	b2, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if string(b2) != RootBody {
		t.Errorf("net/http via proxy body %q", b2)
	}

	// Forbidden target and wrong method.
	_, _, head = connectRaw(t, px.Addr(), "CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: "+auth+"\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 403 ") {
		t.Errorf("non-loopback target: %q", head)
	}
	_, _, head = connectRaw(t, px.Addr(), "GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 405 ") {
		t.Errorf("GET to proxy: %q", head)
	}

	reqs := px.Requests()
	if len(reqs) < 7 {
		t.Fatalf("recorded %d proxy requests", len(reqs))
	}
	if string(reqs[0].Raw) != noAuth || reqs[0].Status != 407 || reqs[0].Method != "CONNECT" || reqs[0].Target != origin.Addr() {
		t.Errorf("record 0: %+v", reqs[0])
	}
	if string(reqs[2].Raw) != okReq || reqs[2].Status != 200 || reqs[2].Header("user-agent") != "raw-test" {
		t.Errorf("record 2: %+v", reqs[2])
	}
	last := reqs[len(reqs)-1]
	if last.Status != 405 || last.Method != "GET" {
		t.Errorf("last record: %+v", last)
	}
	var sawNetHTTP bool
	for _, r := range reqs {
		if r.Status == 200 && r.Header("Proxy-Authorization") == auth && r.Target == fmt.Sprintf("localhost:%d", tlsOrigin.Port()) {
			sawNetHTTP = true
		}
	}
	if !sawNetHTTP {
		t.Errorf("no successful CONNECT from net/http recorded: %+v", reqs)
	}
}

func TestProxyWithoutCredentialsAndBadTarget(t *testing.T) {
	px := startProxy(t, ProxyOptions{})
	// A port nobody listens on: 502.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	_, _, head := connectRaw(t, px.Addr(), "CONNECT "+dead+" HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 502 ") {
		t.Errorf("dead target: %q", head)
	}
	_, _, head = connectRaw(t, px.Addr(), "CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 400 ") {
		t.Errorf("target without port: %q", head)
	}
	// Close tears down established tunnels.
	stall, err := StartStall(StallOptions{Lifetime: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer stall.Close()
	c, br, head := connectRaw(t, px.Addr(), "CONNECT "+stall.Addr()+" HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(head, "HTTP/1.1 200 ") {
		t.Fatalf("CONNECT to stall: %q", head)
	}
	_ = c
	px.Close()
	if _, err := br.ReadByte(); err == nil {
		t.Error("tunnel still open after proxy Close")
	}
}

func TestStall(t *testing.T) {
	st, err := StartStall(StallOptions{Lifetime: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := net.DialTimeout("tcp", st.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(200 * time.Millisecond))
	tc := tls.Client(c, &tls.Config{ServerName: "localhost"})
	err = tc.Handshake()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("handshake against stall: %v, want timeout", err)
	}
	if st.Accepted() != 1 {
		t.Errorf("Accepted = %d", st.Accepted())
	}
	deadline := time.Now().Add(30 * time.Second)
	for st.Received() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st.Received() == 0 {
		t.Error("ClientHello bytes not counted")
	}

	c2, err := net.DialTimeout("tcp", st.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	done := make(chan error, 1)
	go func() {
		c2.SetReadDeadline(time.Now().Add(60 * time.Second))
		_, err := c2.Read(make([]byte, 1))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	st.Close()
	select {
	case err := <-done:
		if err != io.EOF {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Errorf("read after Close timed out instead of ending")
			}
		}
	case <-time.After(90 * time.Second):
		t.Fatal("stall connection not closed by Close")
	}
}

func TestStallLifetime(t *testing.T) {
	st, err := StartStall(StallOptions{Lifetime: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := net.DialTimeout("tcp", st.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read: %v, want EOF at lifetime", err)
	}
	<-st.Done()
}
