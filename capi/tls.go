package main

/*
#include "helpers.h"
*/
import "C"

import (
	"strings"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

// setTLS runs set on the connection's TLS options. A connection made by
// gohttp_conn_new has none: they are created, and TLS so turned on, only
// when set succeeds.
func (b *connBox) setTLS(set func(o *core.TLSOptions) error) error {
	o := b.conn.TLSOptions
	if o == nil {
		o = &core.TLSOptions{}
	}
	if err := set(o); err != nil {
		return err
	}
	b.conn.TLSOptions = o
	return nil
}

// checkPath refuses a file name that cannot name a file.
func checkPath(p, what string) error {
	if p == "" {
		return badArg("%s is empty", what)
	}
	if strings.IndexByte(p, 0) >= 0 {
		return badArg("%s contains a NUL byte", what)
	}
	return nil
}

// checkServerName refuses control characters and spaces in an SNI name.
func checkServerName(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return badArg("server name contains a control character or space")
		}
	}
	return nil
}

// alpnList splits a comma-separated ALPN list; "" is the empty list.
func alpnList(s string) ([]string, error) {
	protos := []string{}
	if s != "" {
		protos = strings.Split(s, ",")
	}
	for _, p := range protos {
		if p == "" || len(p) > 255 {
			return nil, badArg("ALPN protocol %q must be 1 to 255 bytes", p)
		}
	}
	return protos, nil
}

// gohttp_conn_set_tls_str sets one of the connection's TLS options that
// take text or bytes: option is a GOHTTP_TLS_* number for this function
// (GOHTTP_TLS_CA_FILE ... GOHTTP_TLS_ALPN) and (value, len) its value;
// len may be GOHTTP_STRLEN. A NULL value puts the option back to its
// default (for the CA options: removes every CA of that kind). The CA
// options add to a list, and the CAs listed replace the system roots
// unless GOHTTP_TLS_SYSTEM_ROOTS is 1. GOHTTP_TLS_ALPN is a
// comma-separated list ("h2,http/1.1"); "" offers no ALPN. The library
// copies value. Files are read when the connection connects (CA files and
// directories are parsed once and reused while they keep their size and
// modification time), and a missing or bad file fails the connect: a
// file must be a regular file (a FIFO or a device such as /dev/zero gives
// GOHTTP_E_TLS at once instead of blocking or never ending; in a CA
// directory such entries are skipped) of at most GOHTTP_MAX_FILE_SIZE
// bytes (larger gives GOHTTP_E_TOO_LARGE). The
// options apply from the next connect. On a
// connection made by gohttp_conn_new (plain HTTP), the first
// gohttp_conn_set_tls_* call turns TLS on, with the defaults of
// gohttp_conn_new_https for every option not set; the default port stays
// 80. TLS cannot be turned off again.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (unknown option, an empty file name,
// a NUL byte in a file name, an ALPN protocol empty or longer than 255
// bytes, control characters in the server name); GOHTTP_E_BADHANDLE;
// GOHTTP_E_BUSY.
//
//export gohttpgo_conn_set_tls_str
func gohttpgo_conn_set_tls_str(c *C.gohttp_conn, option C.int, value *C.gohttp__cchar, len C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		unset := value == nil
		v, err := gobytes(value, len)
		if err != nil {
			return err
		}
		if !unset && v == nil {
			v = []byte{}
		}
		s := string(v)
		return b.setTLS(func(o *core.TLSOptions) error {
			switch option {
			case C.GOHTTP_TLS_CA_FILE:
				if unset {
					o.CAFiles = nil
					return nil
				}
				if err := checkPath(s, "CA file name"); err != nil {
					return err
				}
				o.CAFiles = append(o.CAFiles, s)
			case C.GOHTTP_TLS_CA_DIR:
				if unset {
					o.CADirs = nil
					return nil
				}
				if err := checkPath(s, "CA directory name"); err != nil {
					return err
				}
				o.CADirs = append(o.CADirs, s)
			case C.GOHTTP_TLS_CA_PEM:
				if unset {
					o.CAData = nil
					return nil
				}
				o.CAData = append(o.CAData, v)
			case C.GOHTTP_TLS_CERT_FILE:
				if !unset {
					if err := checkPath(s, "certificate file name"); err != nil {
						return err
					}
				}
				o.CertFile = s
			case C.GOHTTP_TLS_KEY_FILE:
				if !unset {
					if err := checkPath(s, "key file name"); err != nil {
						return err
					}
				}
				o.KeyFile = s
			case C.GOHTTP_TLS_CERT_PEM:
				o.CertData = v
			case C.GOHTTP_TLS_KEY_PEM:
				o.KeyData = v
			case C.GOHTTP_TLS_KEY_PASSWORD:
				o.KeyPassword = v
			case C.GOHTTP_TLS_SERVER_NAME:
				if err := checkServerName(s); err != nil {
					return err
				}
				o.ServerName = s
			case C.GOHTTP_TLS_ALPN:
				if unset {
					o.ALPN = nil
					return nil
				}
				protos, err := alpnList(s)
				if err != nil {
					return err
				}
				o.ALPN = protos
			default:
				return badArg("unknown TLS option %d for gohttp_conn_set_tls_str", int(option))
			}
			return nil
		})
	})
}

// gohttp_conn_set_tls_int sets one of the connection's TLS options that
// take a number: option is a GOHTTP_TLS_* number for this function.
// GOHTTP_TLS_VERIFY, GOHTTP_TLS_CHECK_HOSTNAME and GOHTTP_TLS_SYSTEM_ROOTS
// take 0 or 1. Verification off (GOHTTP_TLS_VERIFY 0, Python's
// CERT_NONE) lets anyone on the path read and change the traffic;
// hostname checking off (check_hostname = False) still verifies the
// chain but accepts a certificate for any name. GOHTTP_TLS_MIN_VERSION
// and GOHTTP_TLS_MAX_VERSION take a TLS version number, 0x0301 (TLS 1.0)
// to 0x0304 (TLS 1.3), or 0 for the default: TLS 1.2 at least, and the
// newest supported at most. A minimum below TLS 1.2 counts as TLS 1.2:
// older versions are never offered. The options apply from the next
// connect; on a plain connection the first call turns TLS on (see
// gohttp_conn_set_tls_str).
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (unknown option or value out of
// range); GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//export gohttpgo_conn_set_tls_int
func gohttpgo_conn_set_tls_int(c *C.gohttp_conn, option C.int, value C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		v := int64(value)
		flag := func(set func(bool)) error {
			if v != 0 && v != 1 {
				return badArg("TLS option %d takes 0 or 1, not %d", int(option), v)
			}
			set(v == 1)
			return nil
		}
		version := func(set func(uint16)) error {
			if v != 0 && (v < 0x0301 || v > 0x0304) {
				return badArg("TLS version %#x is not 0 or 0x0301 to 0x0304", v)
			}
			set(uint16(v))
			return nil
		}
		return b.setTLS(func(o *core.TLSOptions) error {
			switch option {
			case C.GOHTTP_TLS_VERIFY:
				return flag(func(on bool) { o.NoVerify = !on })
			case C.GOHTTP_TLS_CHECK_HOSTNAME:
				return flag(func(on bool) { o.NoCheckHostname = !on })
			case C.GOHTTP_TLS_SYSTEM_ROOTS:
				return flag(func(on bool) { o.SystemRoots = on })
			case C.GOHTTP_TLS_MIN_VERSION:
				return version(func(x uint16) { o.MinVersion = x })
			case C.GOHTTP_TLS_MAX_VERSION:
				return version(func(x uint16) { o.MaxVersion = x })
			}
			return badArg("unknown TLS option %d for gohttp_conn_set_tls_int", int(option))
		})
	})
}
