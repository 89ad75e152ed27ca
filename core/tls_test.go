package core

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gohttp/gohttp/internal/testsrv"
)

// The TLS tests run against internal/testsrv servers on 127.0.0.1 with a
// certificate hierarchy generated for each test (behaviour.md HC-K1..K3).

func tlsPKI(t *testing.T) *testsrv.PKI {
	t.Helper()
	pki, err := testsrv.NewPKI(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return pki
}

func tlsServer(t *testing.T, opts testsrv.Options) *testsrv.Server {
	t.Helper()
	opts.Lifetime = time.Minute
	s, err := testsrv.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// tlsConn returns an HTTPS connection to host:port with opts.
func tlsConn(t *testing.T, host string, port int, opts *TLSOptions) *Conn {
	t.Helper()
	c, err := NewConn(host, port)
	if err != nil {
		t.Fatal(err)
	}
	c.DefaultPort = HTTPSPort
	c.Timeout = 10 * time.Second
	c.TLSOptions = opts
	t.Cleanup(func() { c.Close() })
	return c
}

// tlsGet sends GET path and reads the whole response.
func tlsGet(c *Conn, path string) (int, []byte, error) {
	if err := c.Request("GET", path, nil, nil, false); err != nil {
		return 0, nil, err
	}
	r, err := c.GetResponse()
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	body, err := r.ReadAll()
	return r.Status, body, err
}

type tlsInfo struct {
	SNI          string `json:"sni"`
	ALPN         string `json:"alpn"`
	TLSVersion   string `json:"tls_version"`
	ClientCertCN string `json:"client_cert_cn"`
}

// tlsGetInfo fetches /tlsinfo and fails the test on any error.
func tlsGetInfo(t *testing.T, c *Conn) tlsInfo {
	t.Helper()
	status, body, err := tlsGet(c, "/tlsinfo")
	if err != nil || status != 200 {
		t.Fatalf("GET /tlsinfo = %d, %v; want 200, nil", status, err)
	}
	var info tlsInfo
	if err := json.Unmarshal(body, &info); err != nil {
		t.Fatalf("/tlsinfo body %q: %v", body, err)
	}
	return info
}

func TestTLSGoodCertificateWithCA(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	c := tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{CAFiles: []string{pki.CAFile}})
	info := tlsGetInfo(t, c)
	// No SNI for an IP address; ALPN http/1.1 by default (HC-K2).
	if info.SNI != "" || info.ALPN != "http/1.1" || info.TLSVersion != "TLS 1.3" {
		t.Errorf("tlsinfo = %+v; want no SNI, ALPN http/1.1, TLS 1.3", info)
	}
	// The connection is kept alive and reused.
	if info2 := tlsGetInfo(t, c); info2 != info {
		t.Errorf("second request: %+v; want %+v", info2, info)
	}
	if n := len(s.Conns()); n != 1 {
		t.Errorf("server saw %d connections; want 1", n)
	}
}

func TestTLSSNIAndALPN(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	for _, tc := range []struct {
		name, host string
		opts       TLSOptions
		want       tlsInfo
	}{
		{"name", "localhost", TLSOptions{}, tlsInfo{SNI: "localhost", ALPN: "http/1.1"}},
		{"server name override", "127.0.0.1", TLSOptions{ServerName: "localhost"}, tlsInfo{SNI: "localhost", ALPN: "http/1.1"}},
		{"no ALPN", "localhost", TLSOptions{ALPN: []string{}}, tlsInfo{SNI: "localhost"}},
		{"ALPN list", "localhost", TLSOptions{ALPN: []string{"h2", "http/1.1"}}, tlsInfo{SNI: "localhost", ALPN: "http/1.1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.CAFiles = []string{pki.CAFile}
			info := tlsGetInfo(t, tlsConn(t, tc.host, s.Port(), &opts))
			info.TLSVersion = ""
			if info != tc.want {
				t.Errorf("tlsinfo = %+v; want %+v", info, tc.want)
			}
		})
	}
}

func TestTLSVerifyFailures(t *testing.T) {
	pki := tlsPKI(t)
	good := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	expired := tlsServer(t, testsrv.Options{Cert: pki.Expired})
	wrong := tlsServer(t, testsrv.Options{Cert: pki.WrongHost})
	self := tlsServer(t, testsrv.Options{Cert: pki.SelfSigned})
	ca := []string{pki.CAFile}
	for _, tc := range []struct {
		name   string
		host   string
		port   int
		opts   TLSOptions
		reason string
		code   int
	}{
		{"expired", "127.0.0.1", expired.Port(), TLSOptions{CAFiles: ca}, "certificate has expired", 10},
		{"wrong IP", "127.0.0.1", wrong.Port(), TLSOptions{CAFiles: ca}, "IP address mismatch, certificate is not valid for '127.0.0.1'.", 64},
		{"wrong name", "localhost", wrong.Port(), TLSOptions{CAFiles: ca}, "Hostname mismatch, certificate is not valid for 'localhost'.", 62},
		{"self-signed", "127.0.0.1", self.Port(), TLSOptions{CAFiles: ca}, "self-signed certificate", 18},
		{"unknown CA", "127.0.0.1", good.Port(), TLSOptions{}, "unable to get local issuer certificate", 20},
		{"other CA", "127.0.0.1", good.Port(), TLSOptions{CAFiles: []string{pki.ClientCAFile}}, "unable to get local issuer certificate", 20},
		// check_hostname off still verifies the chain.
		{"no hostname check, expired", "127.0.0.1", expired.Port(), TLSOptions{CAFiles: ca, NoCheckHostname: true}, "certificate has expired", 10},
		{"no hostname check, self-signed", "127.0.0.1", self.Port(), TLSOptions{CAFiles: ca, NoCheckHostname: true}, "self-signed certificate", 18},
		{"no hostname check, unknown CA", "127.0.0.1", good.Port(), TLSOptions{NoCheckHostname: true}, "unable to get local issuer certificate", 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			c := tlsConn(t, tc.host, tc.port, &opts)
			_, _, err := tlsGet(c, "/")
			var ve *TLSVerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("GET = %v (%T); want a *TLSVerifyError", err, err)
			}
			if ve.Reason != tc.reason || ve.Code != tc.code {
				t.Errorf("Reason, Code = %q, %d; want %q, %d", ve.Reason, ve.Code, tc.reason, tc.code)
			}
			want := "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + tc.reason
			if err.Error() != want {
				t.Errorf("Error() = %q; want %q", err.Error(), want)
			}
			if c.Connected() {
				t.Error("connected after a failed handshake")
			}
		})
	}
}

func TestTLSVerifyOff(t *testing.T) {
	pki := tlsPKI(t)
	for _, cert := range []*tls.Certificate{pki.SelfSigned, pki.Expired, pki.WrongHost} {
		s := tlsServer(t, testsrv.Options{Cert: cert})
		c := tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{NoVerify: true})
		tlsGetInfo(t, c)
	}
}

func TestTLSNoCheckHostname(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.WrongHost})
	tlsGetInfo(t, tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{CAFiles: []string{pki.CAFile}, NoCheckHostname: true}))
	tlsGetInfo(t, tlsConn(t, "localhost", s.Port(), &TLSOptions{CAFiles: []string{pki.CAFile}, NoCheckHostname: true}))
}

func TestTLSVersions(t *testing.T) {
	pki := tlsPKI(t)
	ca := []string{pki.CAFile}
	modern := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	tls12 := tlsServer(t, testsrv.Options{Cert: pki.Leaf, MaxVersion: tls.VersionTLS12})
	old := tlsServer(t, testsrv.Options{Cert: pki.Leaf, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})

	info := tlsGetInfo(t, tlsConn(t, "127.0.0.1", modern.Port(), &TLSOptions{CAFiles: ca, MinVersion: tls.VersionTLS13}))
	if info.TLSVersion != "TLS 1.3" {
		t.Errorf("min 1.3: version %q; want TLS 1.3", info.TLSVersion)
	}
	info = tlsGetInfo(t, tlsConn(t, "127.0.0.1", modern.Port(), &TLSOptions{CAFiles: ca, MaxVersion: tls.VersionTLS12}))
	if info.TLSVersion != "TLS 1.2" {
		t.Errorf("max 1.2: version %q; want TLS 1.2", info.TLSVersion)
	}
	tlsGetInfo(t, tlsConn(t, "127.0.0.1", tls12.Port(), &TLSOptions{CAFiles: ca}))

	// A TLS 1.3 minimum against a TLS 1.2 server fails the handshake.
	_, _, err := tlsGet(tlsConn(t, "127.0.0.1", tls12.Port(), &TLSOptions{CAFiles: ca, MinVersion: tls.VersionTLS13}), "/")
	var te *TLSError
	if !errors.As(err, &te) || te.Reason != "TLSV1_ALERT_PROTOCOL_VERSION" {
		t.Errorf("min 1.3 against a 1.2 server: %v; want a TLSError TLSV1_ALERT_PROTOCOL_VERSION", err)
	}
	// TLS 1.0 and 1.1 are never offered, even when asked for.
	for _, min := range []uint16{0, tls.VersionTLS10, tls.VersionTLS11} {
		_, _, err := tlsGet(tlsConn(t, "127.0.0.1", old.Port(), &TLSOptions{CAFiles: ca, MinVersion: min}), "/")
		if !errors.As(err, &te) {
			t.Errorf("min %#x against a TLS 1.0-1.1 server: %v; want a TLSError", min, err)
		}
	}
}

func TestTLSClientCertificate(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf, RequireClientCert: true, ClientCAs: pki.ClientCAPool})
	ca := []string{pki.CAFile}
	read := func(name string) []byte {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	combined := filepath.Join(t.TempDir(), "combined.pem")
	if err := os.WriteFile(combined, append(read(pki.ClientCertFile), read(pki.ClientKeyFile)...), 0o600); err != nil {
		t.Fatal(err)
	}
	pkcs8 := filepath.Join(t.TempDir(), "pkcs8.key")
	if err := os.WriteFile(pkcs8, tlsEncryptPKCS8(t, pki.Client.PrivateKey, "pw"), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		opts TLSOptions
	}{
		{"files", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pki.ClientKeyFile}},
		{"key in the certificate file", TLSOptions{CertFile: combined}},
		{"PEM data", TLSOptions{CertData: read(pki.ClientCertFile), KeyData: read(pki.ClientKeyFile)}},
		{"legacy encrypted key", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pki.ClientEncKeyFile, KeyPassword: []byte(testsrv.KeyPassword)}},
		{"PKCS #8 encrypted key", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pkcs8, KeyPassword: []byte("pw")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.CAFiles = ca
			info := tlsGetInfo(t, tlsConn(t, "127.0.0.1", s.Port(), &opts))
			if info.ClientCertCN != testsrv.ClientCommonName {
				t.Errorf("client_cert_cn = %q; want %q", info.ClientCertCN, testsrv.ClientCommonName)
			}
		})
	}

	// Without a certificate, the TLS 1.3 server refuses the first request
	// with an alert: ssl.SSLError TLSV13_ALERT_CERTIFICATE_REQUIRED, as
	// Python reports it.
	_, _, err := tlsGet(tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{CAFiles: ca}), "/")
	var te *TLSError
	if !errors.As(err, &te) || te.Reason != "TLSV13_ALERT_CERTIFICATE_REQUIRED" ||
		!strings.HasPrefix(err.Error(), "[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required") {
		t.Errorf("no client certificate: %v; want TLSError TLSV13_ALERT_CERTIFICATE_REQUIRED", err)
	}

	// Bad keys fail the connect with a TLSError.
	for _, tc := range []struct {
		name string
		opts TLSOptions
	}{
		{"no password", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pki.ClientEncKeyFile}},
		{"wrong password", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pki.ClientEncKeyFile, KeyPassword: []byte("wrong")}},
		{"PKCS #8 wrong password", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pkcs8, KeyPassword: []byte("wrong")}},
		{"PKCS #8 no password", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pkcs8}},
		{"key of another certificate", TLSOptions{CertFile: pki.ClientCertFile, KeyFile: pki.LeafKeyFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.CAFiles = ca
			c := tlsConn(t, "127.0.0.1", s.Port(), &opts)
			err := c.Connect()
			if !errors.As(err, &te) {
				t.Errorf("Connect = %v (%T); want a *TLSError", err, err)
			}
		})
	}
}

// tlsEncryptPKCS8 encrypts key as OpenSSL's "openssl pkcs8 -topk8 -v2
// aes-256-cbc -v2prf hmacWithSHA256" does.
func tlsEncryptPKCS8(t *testing.T, key any, password string) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	salt, iv := make([]byte, 16), make([]byte, 16)
	rand.Read(salt)
	rand.Read(iv)
	k, err := pbkdf2.Key(sha256.New, password, salt, 2048, 32)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(k)
	pad := 16 - len(der)%16
	plain := append(der, []byte(strings.Repeat(string(rune(pad)), pad))...)
	enc := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(enc, plain)
	mustRaw := func(v any) asn1.RawValue {
		b, err := asn1.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return asn1.RawValue{FullBytes: b}
	}
	kdf := pbkdf2Params{Salt: salt, Rounds: 2048, KeyLength: 32,
		PRF: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}, Parameters: asn1.NullRawValue}}
	params := pbes2Params{
		KDF:    pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: mustRaw(kdf)},
		Cipher: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}, Parameters: mustRaw(iv)},
	}
	info := encryptedPrivateKeyInfo{Algo: pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: mustRaw(params)}, Data: enc}
	out, err := asn1.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: out})
}

func TestTLSCASources(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	caPEM, err := os.ReadFile(pki.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "any-name.crt"), caPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "subdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts TLSOptions
	}{
		{"PEM data", TLSOptions{CAData: [][]byte{caPEM}}},
		{"DER data", TLSOptions{CAData: [][]byte{pki.ClientCA.Raw, pki.CA.Raw}}},
		{"DER back to back", TLSOptions{CAData: [][]byte{append(append([]byte{}, pki.ClientCA.Raw...), pki.CA.Raw...)}}},
		{"directory", TLSOptions{CADirs: []string{dir}}},
		{"two files", TLSOptions{CAFiles: []string{pki.ClientCAFile, pki.CAFile}}},
		{"with system roots", TLSOptions{CAFiles: []string{pki.CAFile}, SystemRoots: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			tlsGetInfo(t, tlsConn(t, "127.0.0.1", s.Port(), &opts))
		})
	}

	// A missing file is the OSError open() gives; a file without
	// certificates, or data that is none, an SSLError.
	err = tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{CAFiles: []string{filepath.Join(dir, "missing.pem")}}).Connect()
	var oe *OSError
	if !errors.As(err, &oe) || oe.Errno != syscall.ENOENT {
		t.Errorf("missing CA file: %v; want OSError ENOENT", err)
	}
	var te *TLSError
	for _, opts := range []*TLSOptions{
		{CAFiles: []string{pki.LeafKeyFile}},
		{CAData: [][]byte{[]byte("not a certificate")}},
		{CAData: [][]byte{[]byte("-----BEGIN NOTHING-----\n-----END NOTHING-----\n")}},
	} {
		if err := tlsConn(t, "127.0.0.1", s.Port(), opts).Connect(); !errors.As(err, &te) {
			t.Errorf("%+v: Connect = %v; want a TLSError", opts, err)
		}
	}
}

func TestTLSToPlainServer(t *testing.T) {
	s := tlsServer(t, testsrv.Options{})
	err := tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{}).Connect()
	var te *TLSError
	if !errors.As(err, &te) || te.Reason != "WRONG_VERSION_NUMBER" {
		t.Errorf("TLS to a plain HTTP server: %v; want TLSError WRONG_VERSION_NUMBER", err)
	}
}

func TestTLSHandshakeTimeout(t *testing.T) {
	st, err := testsrv.StartStall(testsrv.StallOptions{Lifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := tlsConn(t, "127.0.0.1", st.Port(), &TLSOptions{})
	c.Timeout = 200 * time.Millisecond
	start := time.Now()
	err = c.Connect()
	if err != ErrTimeout {
		t.Fatalf("Connect = %v; want ErrTimeout", err)
	}
	if d := time.Since(start); d > 20*time.Second { // only a hang
		t.Errorf("timed out after %v; want about 200ms", d)
	}
	if c.Connected() {
		t.Error("connected after a handshake timeout")
	}
}

func TestTLSEOFDuringHandshake(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.(*net.TCPConn).CloseWrite()
			buf := make([]byte, 4096)
			for {
				if _, err := c.Read(buf); err != nil {
					break
				}
			}
			c.Close()
		}
	}()
	err = tlsConn(t, "127.0.0.1", ln.Addr().(*net.TCPAddr).Port, &TLSOptions{}).Connect()
	var te *TLSError
	if !errors.As(err, &te) || te.Reason != "UNEXPECTED_EOF_WHILE_READING" {
		t.Errorf("EOF in the handshake: %v; want TLSError UNEXPECTED_EOF_WHILE_READING", err)
	}
}

// tlsPlainTransport hides a net.Conn's deadlines: a host-provided transport.
type tlsPlainTransport struct{ c net.Conn }

func (p tlsPlainTransport) Read(b []byte) (int, error)  { return p.c.Read(b) }
func (p tlsPlainTransport) Write(b []byte) (int, error) { return p.c.Write(b) }
func (p tlsPlainTransport) Close() error                { return p.c.Close() }

func TestTLSOverHostTransport(t *testing.T) {
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	c := tlsConn(t, "localhost", s.Port(), &TLSOptions{CAFiles: []string{pki.CAFile}})
	c.Dial = func() (Transport, error) {
		nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.Port()))
		return tlsPlainTransport{nc}, err
	}
	if info := tlsGetInfo(t, c); info.SNI != "localhost" {
		t.Errorf("SNI = %q; want localhost", info.SNI)
	}
}

func TestTLSGoConfig(t *testing.T) {
	// Conn.TLS, a crypto/tls configuration, wins over TLSOptions; its
	// ServerName defaults to the host.
	pki := tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	c := tlsConn(t, "localhost", s.Port(), nil)
	c.TLS = &tls.Config{RootCAs: pki.CAPool}
	if info := tlsGetInfo(t, c); info.SNI != "localhost" || info.ALPN != "" {
		t.Errorf("tlsinfo = %+v; want SNI localhost and no ALPN", info)
	}
}

func TestDecryptKeyErrors(t *testing.T) {
	// Garbage in an "ENCRYPTED PRIVATE KEY" block is an error, not a panic.
	for _, der := range [][]byte{nil, {0x30, 0x00}, {0x30, 0x03, 0x02, 0x01, 0x01}} {
		block := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: der})
		if _, err := decryptKey(block, []byte("pw")); err == nil {
			t.Errorf("decryptKey(%x) succeeded; want an error", der)
		}
	}
	// A block that is no key is skipped ("EC PARAMETERS" before the key).
	in := "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" +
		"-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
	out, err := decryptKey([]byte(in), nil)
	if err != nil || !strings.HasPrefix(string(out), "-----BEGIN EC PRIVATE KEY-----") {
		t.Errorf("decryptKey = %q, %v; want the EC PRIVATE KEY block", out, err)
	}
}

func TestTLSCAFileChanges(t *testing.T) {
	// Parsed CA files are kept between connections, but a file that
	// changes is read again.
	pki, other := tlsPKI(t), tlsPKI(t)
	s := tlsServer(t, testsrv.Options{Cert: pki.Leaf})
	ca := filepath.Join(t.TempDir(), "ca.pem")
	write := func(src string, mtime time.Time) {
		data, err := os.ReadFile(src)
		if err == nil {
			err = os.WriteFile(ca, data, 0o644)
		}
		if err == nil {
			err = os.Chtimes(ca, mtime, mtime)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	connect := func() error {
		return tlsConn(t, "127.0.0.1", s.Port(), &TLSOptions{CAFiles: []string{ca}}).Connect()
	}
	write(pki.CAFile, time.Now().Add(-time.Hour))
	for i := 0; i < 2; i++ {
		if err := connect(); err != nil {
			t.Fatalf("connect %d: %v", i, err)
		}
	}
	write(other.CAFile, time.Now())
	var ve *TLSVerifyError
	if err := connect(); !errors.As(err, &ve) {
		t.Errorf("after the CA file changed: %v; want a TLSVerifyError", err)
	}
	os.Remove(ca)
	var oe *OSError
	if err := connect(); !errors.As(err, &oe) || oe.Errno != syscall.ENOENT {
		t.Errorf("after the CA file was removed: %v; want OSError ENOENT", err)
	}
}
