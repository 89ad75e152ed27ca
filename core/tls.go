package core

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// TLSOptions describes an HTTPS connection's TLS settings, the parts of
// Python's ssl.SSLContext that http.client users set. The zero value is
// the safe default: the system's roots, certificate and hostname checks
// on, SNI, ALPN "http/1.1", TLS 1.2 or later.
type TLSOptions struct {
	// CAFile, CADir and CAData replace the system roots when any is set
	// (as load_verify_locations does in a fresh default context).
	CAFile string
	CADir  string
	CAData []byte
	// A client certificate: files or PEM bytes; KeyPassword decrypts a
	// legacy encrypted PEM key.
	CertFile, KeyFile string
	CertData, KeyData []byte
	KeyPassword       string
	// NoVerify turns certificate verification off entirely (CERT_NONE).
	// Anyone on the path can then read and change the traffic.
	NoVerify bool
	// NoCheckHostname keeps chain verification but accepts a certificate
	// for any name (check_hostname = False).
	NoCheckHostname bool
	// MinVersion and MaxVersion are tls.VersionTLS1x values; 0 means
	// TLS 1.2 and the newest supported.
	MinVersion, MaxVersion uint16
	// ServerName overrides the name sent in SNI and checked in the
	// certificate; "" means the host (or the tunnel's host).
	ServerName string
	// ALPN lists the protocols offered; nil means ["http/1.1"].
	ALPN []string
}

// TLSError is Python's ssl.SSLError: the handshake failed.
type TLSError struct{ Err error }

func (e *TLSError) Error() string { return "[SSL] " + e.Err.Error() }
func (e *TLSError) Unwrap() error { return e.Err }

// TLSVerifyError is ssl.SSLCertVerificationError: the server's
// certificate was refused. Reason names why, in OpenSSL's words
// ("certificate has expired", "unable to get local issuer certificate",
// "Hostname mismatch, certificate is not valid for 'x'.").
type TLSVerifyError struct {
	Reason string
	Err    error
}

func (e *TLSVerifyError) Error() string {
	return "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + e.Reason
}
func (e *TLSVerifyError) Unwrap() error { return e.Err }

// Config builds the crypto/tls configuration for these options.
func (o *TLSOptions) Config() (*tls.Config, error) {
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		ServerName: o.ServerName,
	}
	if o.MinVersion != 0 {
		cfg.MinVersion = o.MinVersion
	}
	if o.MaxVersion != 0 {
		cfg.MaxVersion = o.MaxVersion
	}
	if o.ALPN != nil {
		cfg.NextProtos = append([]string(nil), o.ALPN...)
	}
	if o.CAFile != "" || o.CADir != "" || o.CAData != nil {
		pool := x509.NewCertPool()
		if o.CAFile != "" {
			data, err := os.ReadFile(o.CAFile)
			if err != nil {
				return nil, mapFileErr(err)
			}
			if !pool.AppendCertsFromPEM(data) {
				return nil, &TLSError{Err: fmt.Errorf("no certificate found in CA file %q", o.CAFile)}
			}
		}
		if o.CADir != "" {
			entries, err := os.ReadDir(o.CADir)
			if err != nil {
				return nil, mapFileErr(err)
			}
			for _, e := range entries {
				if data, err := os.ReadFile(filepath.Join(o.CADir, e.Name())); err == nil {
					pool.AppendCertsFromPEM(data)
				}
			}
		}
		if o.CAData != nil && !pool.AppendCertsFromPEM(o.CAData) {
			return nil, &TLSError{Err: errors.New("no certificate found in CA data")}
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
		// Verify the chain ourselves, without the name.
		cfg.InsecureSkipVerify = true
		roots := cfg.RootCAs
		cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			certs := make([]*x509.Certificate, len(raw))
			for i, b := range raw {
				c, err := x509.ParseCertificate(b)
				if err != nil {
					return err
				}
				certs[i] = c
			}
			if len(certs) == 0 {
				return errors.New("no certificate")
			}
			inter := x509.NewCertPool()
			for _, c := range certs[1:] {
				inter.AddCert(c)
			}
			_, err := certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
			return err
		}
	}
	return cfg, nil
}

func (o *TLSOptions) clientCert() (tls.Certificate, error) {
	certPEM, keyPEM := o.CertData, o.KeyData
	var err error
	if o.CertFile != "" {
		if certPEM, err = os.ReadFile(o.CertFile); err != nil {
			return tls.Certificate{}, mapFileErr(err)
		}
	}
	if o.KeyFile != "" {
		if keyPEM, err = os.ReadFile(o.KeyFile); err != nil {
			return tls.Certificate{}, mapFileErr(err)
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
// with password if it uses legacy PEM encryption.
func decryptKey(data []byte, password string) ([]byte, error) {
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return data, nil
		}
		if b.Type == "CERTIFICATE" {
			continue
		}
		//lint:ignore SA1019 legacy PEM encryption is what such keys use.
		if x509.IsEncryptedPEMBlock(b) { //nolint:staticcheck
			if password == "" {
				return nil, &TLSError{Err: errors.New("private key is encrypted and no password was given")}
			}
			der, err := x509.DecryptPEMBlock(b, []byte(password)) //nolint:staticcheck
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
// connection's) in SNI and in the certificate check, within the
// connection's timeout.
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
		cfg.ServerName = c.Host
		if c.tunnelHost != "" {
			cfg.ServerName = c.tunnelHost
		}
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
	return &sock{t: tc, timeout: s.timeout, refs: 1}, nil
}

// mapTLSErr names why a handshake failed, in the terms of Python's ssl.
func mapTLSErr(err error, host string) error {
	if e := mapNetErr(err); e == ErrTimeout {
		return e
	} else if _, ok := e.(*OSError); ok {
		return e
	}
	var (
		hostErr    x509.HostnameError
		authErr    x509.UnknownAuthorityError
		invalidErr x509.CertificateInvalidError
		verifyErr  *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &hostErr):
		return &TLSVerifyError{Reason: "Hostname mismatch, certificate is not valid for '" + host + "'.", Err: err}
	case errors.As(err, &authErr):
		reason := "unable to get local issuer certificate"
		if authErr.Cert != nil && authErr.Cert.Issuer.String() == authErr.Cert.Subject.String() {
			reason = "self-signed certificate"
		}
		return &TLSVerifyError{Reason: reason, Err: err}
	case errors.As(err, &invalidErr):
		reason := invalidErr.Error()
		if invalidErr.Reason == x509.Expired {
			reason = "certificate has expired"
		}
		return &TLSVerifyError{Reason: reason, Err: err}
	case errors.As(err, &verifyErr):
		return &TLSVerifyError{Reason: verifyErr.Err.Error(), Err: err}
	}
	return &TLSError{Err: err}
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
