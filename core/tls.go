package core

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// TLSOptions describes an HTTPS connection's TLS settings, the parts of
// Python's ssl.SSLContext that http.client users set. The zero value is
// the safe default: the system's roots, certificate and hostname checks
// on, SNI, ALPN "http/1.1", TLS 1.2 or later.
type TLSOptions struct {
	// CAFiles, CADirs and CAData name the trusted CAs. When any is set
	// they replace the system's roots (as load_verify_locations does on a
	// context that never loaded the default certificates), unless
	// SystemRoots is set as well. CAFiles are PEM files; every regular
	// file in each of CADirs is read as PEM (OpenSSL's capath wants
	// hashed names; any name does here); each CAData entry is PEM text or
	// DER certificates, one or more back to back (Python's cadata as str
	// or bytes).
	CAFiles []string
	CADirs  []string
	CAData  [][]byte
	// SystemRoots keeps the system's roots trusted beside CAFiles, CADirs
	// and CAData (a context that ran load_default_certs and then
	// load_verify_locations). Without any of those it changes nothing:
	// the system's roots are the default.
	SystemRoots bool
	// A client certificate chain: CertFile or CertData (PEM), and its key
	// from KeyFile or KeyData (PEM), or from the certificate's own PEM
	// when both are empty, as load_cert_chain allows. KeyPassword
	// decrypts an encrypted key: legacy PEM encryption ("Proc-Type:
	// 4,ENCRYPTED") or PKCS #8 ("ENCRYPTED PRIVATE KEY", PBES2).
	CertFile, KeyFile string
	CertData, KeyData []byte
	KeyPassword       []byte
	// NoVerify turns certificate verification off entirely (CERT_NONE).
	// Anyone on the path can then read and change the traffic.
	NoVerify bool
	// NoCheckHostname keeps chain verification but accepts a certificate
	// for any name (check_hostname = False).
	NoCheckHostname bool
	// MinVersion and MaxVersion are tls.VersionTLS1x values; 0 means
	// TLS 1.2 and the newest supported. A MinVersion below TLS 1.2 counts
	// as TLS 1.2: older versions are never offered.
	MinVersion, MaxVersion uint16
	// ServerName overrides the name sent in SNI and checked in the
	// certificate; "" means the host (or the tunnel's host).
	ServerName string
	// ALPN lists the protocols offered; nil means ["http/1.1"] and an
	// empty, non-nil list offers none.
	ALPN []string
}

// TLSError is Python's ssl.SSLError: the handshake failed, or the peer
// ended the session with an alert. Reason is OpenSSL's name for the
// failure where there is one ("TLSV13_ALERT_CERTIFICATE_REQUIRED",
// "WRONG_VERSION_NUMBER"), the ssl.SSLError.reason attribute.
type TLSError struct {
	Reason string
	Err    error
}

func (e *TLSError) Error() string {
	if e.Reason != "" {
		return "[SSL: " + e.Reason + "] " + e.Err.Error()
	}
	return "[SSL] " + e.Err.Error()
}
func (e *TLSError) Unwrap() error { return e.Err }

// TLSVerifyError is ssl.SSLCertVerificationError: the server's
// certificate was refused. Reason names why, in OpenSSL's words
// ("certificate has expired", "unable to get local issuer certificate",
// "Hostname mismatch, certificate is not valid for 'x'."), and Code is
// OpenSSL's X509_V_ERR_* number for it (verify_code; 1, "unspecified",
// where OpenSSL has no match).
type TLSVerifyError struct {
	Reason string
	Code   int
	Err    error
}

func (e *TLSVerifyError) Error() string {
	return "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + e.Reason
}
func (e *TLSVerifyError) Unwrap() error { return e.Err }

// OpenSSL's X509_V_ERR_* codes for the reasons gohttp names.
const (
	x509ErrUnspecified         = 1
	x509ErrNotYetValid         = 9
	x509ErrExpired             = 10
	x509ErrSelfSigned          = 18
	x509ErrSelfSignedInChain   = 19
	x509ErrUnableToGetIssuer   = 20
	x509ErrChainTooLong        = 22
	x509ErrInvalidCA           = 24
	x509ErrInvalidPurpose      = 26
	x509ErrPermittedViolation  = 47
	x509ErrUnsupportedNameForm = 51
	x509ErrHostnameMismatch    = 62
	x509ErrIPAddressMismatch   = 64
)

// Config builds the crypto/tls configuration for these options. It reads
// the files named, so a connection sees them as they are when it
// connects; what it parses (CA pools, the client certificate) is reused
// while the files and directories keep their size and modification time.
func (o *TLSOptions) Config() (*tls.Config, error) {
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		ServerName: o.ServerName,
	}
	if o.MinVersion > tls.VersionTLS12 {
		cfg.MinVersion = o.MinVersion
	}
	if o.MaxVersion != 0 {
		cfg.MaxVersion = o.MaxVersion
	}
	if o.ALPN != nil {
		cfg.NextProtos = append([]string(nil), o.ALPN...)
	}
	if !o.NoVerify {
		pool, err := o.rootPool()
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	if o.CertFile != "" || o.CertData != nil {
		cert, err := o.clientCert()
		if err != nil {
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	switch {
	case o.NoVerify:
		cfg.InsecureSkipVerify = true
	case o.NoCheckHostname:
		// crypto/tls checks the chain and the name together; check the
		// chain alone here.
		cfg.InsecureSkipVerify = true
		roots := cfg.RootCAs
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			return verifyChain(cs.PeerCertificates, roots)
		}
	}
	return cfg, nil
}

// sourceCache keeps what was built from files and data (CA pools,
// client certificates), so that connections naming the same sources
// (every connection of a Python program with one context, say) read and
// parse them once. An entry is used while each file and directory keeps
// its size and modification time. It holds at most maxSourceCache
// entries and starts afresh when full.
var sourceCache struct {
	sync.Mutex
	m map[string]sourceEntry
}

type sourceEntry struct {
	v      any
	stamps string
}

const maxSourceCache = 32

// sourceKey names a set of sources: key identifies them (file names, and
// data by its SHA-256) and stamps their files' current state.
type sourceKey struct{ key, stamps strings.Builder }

func (k *sourceKey) file(tag, name string) {
	fmt.Fprintf(&k.key, "\x00%s:%s", tag, name)
	if fi, err := os.Stat(name); err == nil {
		fmt.Fprintf(&k.stamps, "%d/%d ", fi.Size(), fi.ModTime().UnixNano())
	} else {
		k.stamps.WriteString("? ")
	}
}

func (k *sourceKey) data(tag string, b []byte) {
	if b != nil {
		fmt.Fprintf(&k.key, "\x00%s:%x", tag, sha256.Sum256(b))
	}
}

// cached returns what build made from the sources k names, calling it
// when they are new or changed. Errors are not kept.
func cached[T any](k *sourceKey, build func() (T, error)) (T, error) {
	key, stamps := k.key.String(), k.stamps.String()
	sourceCache.Lock()
	e, ok := sourceCache.m[key]
	sourceCache.Unlock()
	if ok && e.stamps == stamps {
		return e.v.(T), nil
	}
	v, err := build()
	if err != nil {
		return v, err
	}
	sourceCache.Lock()
	if sourceCache.m == nil || len(sourceCache.m) >= maxSourceCache {
		sourceCache.m = make(map[string]sourceEntry)
	}
	sourceCache.m[key] = sourceEntry{v, stamps}
	sourceCache.Unlock()
	return v, nil
}

// rootPool returns the trusted CAs, or nil for the system's roots.
func (o *TLSOptions) rootPool() (*x509.CertPool, error) {
	if len(o.CAFiles) == 0 && len(o.CADirs) == 0 && len(o.CAData) == 0 {
		return nil, nil
	}
	var k sourceKey
	k.key.WriteString("roots")
	if o.SystemRoots {
		k.key.WriteString("+system")
	}
	for _, f := range o.CAFiles {
		k.file("file", f)
	}
	for _, d := range o.CADirs {
		k.file("dir", d)
	}
	for _, d := range o.CAData {
		k.data("data", d)
	}
	return cached(&k, o.buildRootPool)
}

// buildRootPool reads and parses the CA sources.
func (o *TLSOptions) buildRootPool() (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if o.SystemRoots {
		if sys, err := x509.SystemCertPool(); err == nil {
			pool = sys
		}
	}
	for _, f := range o.CAFiles {
		data, err := readPEMFile(f, "CA file")
		if err != nil {
			return nil, err
		}
		if !pool.AppendCertsFromPEM(data) {
			return nil, &TLSError{Err: fmt.Errorf("no certificate found in CA file %q", f)}
		}
	}
	for _, d := range o.CADirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			return nil, mapFileErr(err)
		}
		for _, e := range entries {
			if !e.Type().IsRegular() && e.Type()&os.ModeSymlink == 0 {
				continue
			}
			// Entries that cannot be read, are not regular files or are
			// too large are skipped, as unreadable ones always were.
			if data, err := readPEMFile(filepath.Join(d, e.Name()), "CA file"); err == nil {
				pool.AppendCertsFromPEM(data)
			}
		}
	}
	for _, data := range o.CAData {
		if err := appendCAData(pool, data); err != nil {
			return nil, err
		}
	}
	return pool, nil
}

// MaxFileSize bounds a CA, certificate or key file read into memory:
// larger is a TooLargeError (the biggest CA bundles are well under 1 MiB).
const MaxFileSize = 16 << 20

// readPEMFile reads a CA, certificate or key file (what names it in
// errors). Only regular files are read: a FIFO would block the connect
// past its timeout and a device such as /dev/zero never ends, so both
// are refused. It reads at most MaxFileSize bytes.
func readPEMFile(name, what string) ([]byte, error) {
	// O_NONBLOCK: opening a FIFO must not wait for a writer.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, mapFileErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, mapFileErr(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, &TLSError{Err: fmt.Errorf("%s %q is not a regular file", what, name)}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, mapFileErr(err)
	}
	if len(data) > MaxFileSize {
		return nil, &TooLargeError{What: what + " " + strconv.Quote(name), Limit: MaxFileSize}
	}
	return data, nil
}

// appendCAData adds the certificates of data, PEM text or DER, to pool.
func appendCAData(pool *x509.CertPool, data []byte) error {
	if bytes.Contains(data, []byte("-----BEGIN")) {
		if !pool.AppendCertsFromPEM(data) {
			return &TLSError{Err: errors.New("no certificate found in CA data")}
		}
		return nil
	}
	certs, err := x509.ParseCertificates(data)
	if err != nil || len(certs) == 0 {
		return &TLSError{Err: fmt.Errorf("CA data is neither PEM nor DER certificates: %v", err)}
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	return nil
}

// verifyChain checks a server's chain against roots (nil: the system's)
// without its name, for check_hostname = False.
func verifyChain(certs []*x509.Certificate, roots *x509.CertPool) error {
	if len(certs) == 0 {
		return errors.New("tls: server sent no certificate")
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	if _, err := certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter}); err != nil {
		return &tls.CertificateVerificationError{UnverifiedCertificates: certs, Err: err}
	}
	return nil
}

// clientCert returns the client certificate and its decrypted key.
func (o *TLSOptions) clientCert() (tls.Certificate, error) {
	var k sourceKey
	k.key.WriteString("cert")
	if o.CertFile != "" {
		k.file("cert", o.CertFile)
	}
	if o.KeyFile != "" {
		k.file("key", o.KeyFile)
	}
	k.data("certdata", o.CertData)
	k.data("keydata", o.KeyData)
	k.data("password", o.KeyPassword)
	return cached(&k, o.loadClientCert)
}

func (o *TLSOptions) loadClientCert() (tls.Certificate, error) {
	certPEM, keyPEM := o.CertData, o.KeyData
	var err error
	if o.CertFile != "" {
		if certPEM, err = readPEMFile(o.CertFile, "certificate file"); err != nil {
			return tls.Certificate{}, err
		}
	}
	if o.KeyFile != "" {
		if keyPEM, err = readPEMFile(o.KeyFile, "key file"); err != nil {
			return tls.Certificate{}, err
		}
	}
	if keyPEM == nil {
		keyPEM = certPEM // key in the certificate file, as load_cert_chain allows
	}
	keyPEM, err = decryptKey(keyPEM, o.KeyPassword)
	if err != nil {
		return tls.Certificate{}, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, &TLSError{Err: err}
	}
	return cert, nil
}

// decryptKey returns the first private-key PEM block of data, decrypted
// with password if it is encrypted (legacy PEM or PKCS #8).
func decryptKey(data, password []byte) ([]byte, error) {
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return data, nil // let tls.X509KeyPair say what is wrong
		}
		if !strings.HasSuffix(b.Type, "PRIVATE KEY") {
			continue // certificates, "EC PARAMETERS", ...
		}
		if b.Type == "ENCRYPTED PRIVATE KEY" {
			if password == nil {
				return nil, &TLSError{Err: errors.New("private key is encrypted and no password was given")}
			}
			der, err := decryptPKCS8(b.Bytes, password)
			if err != nil {
				return nil, &TLSError{Err: fmt.Errorf("decrypting private key: %w", err)}
			}
			return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
		}
		//lint:ignore SA1019 legacy PEM encryption is what such keys use.
		if x509.IsEncryptedPEMBlock(b) { //nolint:staticcheck
			if password == nil {
				return nil, &TLSError{Err: errors.New("private key is encrypted and no password was given")}
			}
			der, err := x509.DecryptPEMBlock(b, password) //nolint:staticcheck
			if err != nil {
				return nil, &TLSError{Err: fmt.Errorf("decrypting private key: %w", err)}
			}
			return pem.EncodeToMemory(&pem.Block{Type: b.Type, Bytes: der}), nil
		}
		return pem.EncodeToMemory(b), nil
	}
}

func mapFileErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return mapNetErr(pe.Err)
	}
	return err
}

// handshake runs TLS over s, naming the tunnel's host (or the
// connection's) in SNI and in the certificate check. With a timeout, each
// read and write of the handshake is bounded by it, as on any socket
// (and on a net.Conn from Dial, the handshake as a whole).
func (c *Conn) handshake(s *sock) (*sock, error) {
	var cfg *tls.Config
	if c.TLS != nil {
		cfg = c.TLS.Clone()
	} else {
		var err error
		if cfg, err = c.TLSOptions.Config(); err != nil {
			return nil, err
		}
	}
	if cfg.ServerName == "" {
		host := c.Host
		if c.tunnelHost != "" {
			host = c.tunnelHost
		}
		cfg.ServerName = idnaEncode(host)
	}
	nc, ok := s.t.(net.Conn)
	if !ok {
		nc = transportConn{s}
	}
	tc := tls.Client(nc, cfg)
	if c.Timeout > 0 {
		tc.SetDeadline(time.Now().Add(c.Timeout))
	}
	if err := tc.Handshake(); err != nil {
		return nil, mapTLSErr(err, cfg.ServerName)
	}
	tc.SetDeadline(time.Time{})
	return &sock{t: tlsTransport{tc}, timeout: s.timeout, refs: 1, ctl: s.ctl}, nil
}

// TLSState describes the TLS session of the open socket, and false when
// the connection has no socket or no TLS of the library's.
func (c *Conn) TLSState() (tls.ConnectionState, bool) {
	if c.sock == nil {
		return tls.ConnectionState{}, false
	}
	t, ok := c.sock.t.(tlsTransport)
	if !ok {
		return tls.ConnectionState{}, false
	}
	return t.ConnectionState(), true
}

// TLSVersionName is the protocol name Python's ssl reports ("TLSv1.3").
func TLSVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS10:
		return "TLSv1"
	}
	return ""
}

// CipherBits is the secret key size of a cipher suite, as Python's
// SSLSocket.cipher() reports it.
func CipherBits(id uint16) int {
	name := tls.CipherSuiteName(id)
	switch {
	case strings.Contains(name, "AES_128"):
		return 128
	case strings.Contains(name, "AES_256"), strings.Contains(name, "CHACHA20"):
		return 256
	case strings.Contains(name, "3DES"):
		return 168
	}
	return 0
}

// tlsTransport is an established TLS session. Its reads and writes
// report the peer's alerts (a server refusing a missing client
// certificate answers the first request with one) as TLSErrors.
type tlsTransport struct{ *tls.Conn }

func (t tlsTransport) Read(p []byte) (int, error) {
	n, err := t.Conn.Read(p)
	return n, mapAlert(err)
}

func (t tlsTransport) Write(p []byte) (int, error) {
	n, err := t.Conn.Write(p)
	return n, mapAlert(err)
}

// mapAlert turns a TLS alert, received or sent, into a TLSError and
// leaves any other error as it is.
func mapAlert(err error) error {
	var oe *net.OpError
	if err == nil || !errors.As(err, &oe) || (oe.Op != "remote error" && oe.Op != "local error") {
		return err
	}
	if oe.Op == "remote error" {
		if v := reflect.ValueOf(oe.Err); v.Kind() == reflect.Uint8 {
			if reason, ok := alertReasons[uint8(v.Uint())]; ok {
				text := strings.ToLower(strings.ReplaceAll(reason, "_", " "))
				if strings.HasPrefix(reason, "-") {
					// OpenSSL's name, which Python's ssl does not know.
					reason, text = "", text[1:]
				}
				return &TLSError{Reason: reason, Err: fmt.Errorf("%s (%w)", text, err)}
			}
		}
	}
	return &TLSError{Err: err}
}

// alertReasons are OpenSSL's reason names for alerts received from the
// peer, by alert number (RFC 8446 section 6); the text of the error is
// the name in lower case, as OpenSSL prints it. A leading "-" marks a
// name missing from Python's table (ssl.SSLError.reason is None there).
var alertReasons = map[uint8]string{
	10:  "SSLV3_ALERT_UNEXPECTED_MESSAGE",
	20:  "SSLV3_ALERT_BAD_RECORD_MAC",
	21:  "TLSV1_ALERT_DECRYPTION_FAILED",
	22:  "TLSV1_ALERT_RECORD_OVERFLOW",
	30:  "SSLV3_ALERT_DECOMPRESSION_FAILURE",
	40:  "SSLV3_ALERT_HANDSHAKE_FAILURE",
	42:  "SSLV3_ALERT_BAD_CERTIFICATE",
	43:  "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
	44:  "SSLV3_ALERT_CERTIFICATE_REVOKED",
	45:  "SSLV3_ALERT_CERTIFICATE_EXPIRED",
	46:  "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
	47:  "SSLV3_ALERT_ILLEGAL_PARAMETER",
	48:  "TLSV1_ALERT_UNKNOWN_CA",
	49:  "TLSV1_ALERT_ACCESS_DENIED",
	50:  "TLSV1_ALERT_DECODE_ERROR",
	51:  "TLSV1_ALERT_DECRYPT_ERROR",
	60:  "TLSV1_ALERT_EXPORT_RESTRICTION",
	70:  "TLSV1_ALERT_PROTOCOL_VERSION",
	71:  "TLSV1_ALERT_INSUFFICIENT_SECURITY",
	80:  "TLSV1_ALERT_INTERNAL_ERROR",
	86:  "TLSV1_ALERT_INAPPROPRIATE_FALLBACK",
	90:  "TLSV1_ALERT_USER_CANCELLED",
	100: "TLSV1_ALERT_NO_RENEGOTIATION",
	109: "TLSV13_ALERT_MISSING_EXTENSION",
	110: "TLSV1_UNSUPPORTED_EXTENSION",
	111: "TLSV1_CERTIFICATE_UNOBTAINABLE",
	112: "TLSV1_UNRECOGNIZED_NAME",
	113: "TLSV1_BAD_CERTIFICATE_STATUS_RESPONSE",
	114: "TLSV1_BAD_CERTIFICATE_HASH_VALUE",
	115: "TLSV1_ALERT_UNKNOWN_PSK_IDENTITY",
	116: "TLSV13_ALERT_CERTIFICATE_REQUIRED",
	120: "-TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
}

// mapTLSErr names why a handshake with host failed, in the terms of
// Python's ssl: a timeout and OS errors stay what they are, a refused
// certificate is a TLSVerifyError, anything else a TLSError.
func mapTLSErr(err error, host string) error {
	// The socket's own errors, wrapped by crypto/tls or not.
	var oe *OSError
	switch e := mapNetErr(err); {
	case errors.Is(err, ErrCancelled):
		return ErrCancelled
	case errors.Is(err, ErrDeadline):
		return ErrDeadline
	case e == ErrTimeout || errors.Is(err, ErrTimeout):
		return ErrTimeout
	case errors.As(e, &oe):
		return oe
	}
	if ve := verifyError(err, host); ve != nil {
		return ve
	}
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &rh):
		// The server does not speak TLS (plain HTTP on an HTTPS port).
		return &TLSError{Reason: "WRONG_VERSION_NUMBER", Err: fmt.Errorf("wrong version number (%w)", err)}
	case isEOF(err):
		return &TLSError{Reason: "UNEXPECTED_EOF_WHILE_READING", Err: fmt.Errorf("EOF occurred in violation of protocol (%w)", err)}
	}
	if te := mapAlert(err); te != err {
		return te
	}
	return &TLSError{Err: err}
}

// verifyError returns the TLSVerifyError for a certificate refused while
// connecting to host, or nil if err is about something else.
func verifyError(err error, host string) *TLSVerifyError {
	var (
		hostErr    x509.HostnameError
		authErr    x509.UnknownAuthorityError
		invalidErr x509.CertificateInvalidError
		verifyErr  *tls.CertificateVerificationError
	)
	var peer []*x509.Certificate
	if errors.As(err, &verifyErr) {
		peer = verifyErr.UnverifiedCertificates
	}
	ve := func(code int, reason string) *TLSVerifyError {
		return &TLSVerifyError{Reason: reason, Code: code, Err: err}
	}
	switch {
	case errors.As(err, &hostErr):
		if net.ParseIP(host) != nil {
			return ve(x509ErrIPAddressMismatch, "IP address mismatch, certificate is not valid for '"+host+"'.")
		}
		return ve(x509ErrHostnameMismatch, "Hostname mismatch, certificate is not valid for '"+host+"'.")
	case errors.As(err, &authErr):
		if authErr.Cert != nil && selfSigned(authErr.Cert) {
			return ve(x509ErrSelfSigned, "self-signed certificate")
		}
		for i, c := range peer {
			if i > 0 && selfSigned(c) {
				return ve(x509ErrSelfSignedInChain, "self-signed certificate in certificate chain")
			}
		}
		return ve(x509ErrUnableToGetIssuer, "unable to get local issuer certificate")
	case errors.As(err, &invalidErr):
		switch invalidErr.Reason {
		case x509.Expired:
			if invalidErr.Cert != nil && time.Now().Before(invalidErr.Cert.NotBefore) {
				return ve(x509ErrNotYetValid, "certificate is not yet valid")
			}
			return ve(x509ErrExpired, "certificate has expired")
		case x509.NotAuthorizedToSign:
			return ve(x509ErrInvalidCA, "invalid CA certificate")
		case x509.IncompatibleUsage:
			return ve(x509ErrInvalidPurpose, "unsupported certificate purpose")
		case x509.TooManyIntermediates:
			return ve(x509ErrChainTooLong, "certificate chain too long")
		case x509.CANotAuthorizedForThisName:
			return ve(x509ErrPermittedViolation, "permitted subtree violation")
		case x509.UnconstrainedName:
			return ve(x509ErrUnsupportedNameForm, "unsupported name constraint type")
		}
		return ve(x509ErrUnspecified, invalidErr.Error())
	case verifyErr != nil:
		return ve(x509ErrUnspecified, verifyErr.Err.Error())
	}
	return nil
}

// selfSigned reports whether c names itself as issuer and carries its
// own signature.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// transportConn lets crypto/tls run over a host-provided transport.
type transportConn struct{ s *sock }

func (t transportConn) Read(p []byte) (int, error)       { return t.s.t.Read(p) }
func (t transportConn) Write(p []byte) (int, error)      { return t.s.t.Write(p) }
func (t transportConn) Close() error                     { return t.s.t.Close() }
func (t transportConn) LocalAddr() net.Addr              { return dummyAddr{} }
func (t transportConn) RemoteAddr() net.Addr             { return dummyAddr{} }
func (t transportConn) SetDeadline(time.Time) error      { return nil }
func (t transportConn) SetReadDeadline(time.Time) error  { return nil }
func (t transportConn) SetWriteDeadline(time.Time) error { return nil }

type dummyAddr struct{}

func (dummyAddr) Network() string { return "host" }
func (dummyAddr) String() string  { return "host-transport" }
