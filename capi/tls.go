package main

/*
#include "helpers.h"
*/
import "C"

import (
	"strings"

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

// setTLSStr sets a text TLS option (gohttp_conn_setopt_str).
func (b *connBox) setTLSStr(opt C.int, name string, v []byte, unset bool) error {
	s := string(v)
	return b.setTLS(func(o *core.TLSOptions) error {
		switch opt {
		case C.GOHTTP_OPT_TLS_CA_FILE:
			if unset {
				o.CAFiles = nil
				return nil
			}
			if err := checkPath(s, "CA file name"); err != nil {
				return err
			}
			o.CAFiles = append(o.CAFiles, s)
		case C.GOHTTP_OPT_TLS_CA_DIR:
			if unset {
				o.CADirs = nil
				return nil
			}
			if err := checkPath(s, "CA directory name"); err != nil {
				return err
			}
			o.CADirs = append(o.CADirs, s)
		case C.GOHTTP_OPT_TLS_CA_PEM:
			if unset {
				o.CAData = nil
				return nil
			}
			o.CAData = append(o.CAData, v)
		case C.GOHTTP_OPT_TLS_CERT_FILE:
			if !unset {
				if err := checkPath(s, "certificate file name"); err != nil {
					return err
				}
			}
			o.CertFile = s
		case C.GOHTTP_OPT_TLS_KEY_FILE:
			if !unset {
				if err := checkPath(s, "key file name"); err != nil {
					return err
				}
			}
			o.KeyFile = s
		case C.GOHTTP_OPT_TLS_CERT_PEM:
			o.CertData = v
		case C.GOHTTP_OPT_TLS_KEY_PEM:
			o.KeyData = v
		case C.GOHTTP_OPT_TLS_KEY_PASSWORD:
			o.KeyPassword = v
		case C.GOHTTP_OPT_TLS_SERVER_NAME:
			if err := checkServerName(s); err != nil {
				return err
			}
			o.ServerName = s
		case C.GOHTTP_OPT_TLS_ALPN:
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
			return wrongOpt(opt, "gohttp_conn_setopt_str")
		}
		return nil
	})
}

// setTLSInt sets a numeric TLS option (gohttp_conn_setopt_int).
func (b *connBox) setTLSInt(opt C.int, name string, v int64) error {
	flag := func(set func(bool)) error {
		if v != 0 && v != 1 {
			return badArg("%s takes 0 or 1, not %d", name, v)
		}
		set(v == 1)
		return nil
	}
	version := func(set func(uint16)) error {
		if v != 0 && (v < 0x0301 || v > 0x0304) {
			return badArg("%s: TLS version %#x is not 0 or 0x0301 to 0x0304", name, v)
		}
		set(uint16(v))
		return nil
	}
	return b.setTLS(func(o *core.TLSOptions) error {
		switch opt {
		case C.GOHTTP_OPT_TLS_VERIFY:
			return flag(func(on bool) { o.NoVerify = !on })
		case C.GOHTTP_OPT_TLS_CHECK_HOSTNAME:
			return flag(func(on bool) { o.NoCheckHostname = !on })
		case C.GOHTTP_OPT_TLS_SYSTEM_ROOTS:
			return flag(func(on bool) { o.SystemRoots = on })
		case C.GOHTTP_OPT_TLS_MIN_VERSION:
			return version(func(x uint16) { o.MinVersion = x })
		case C.GOHTTP_OPT_TLS_MAX_VERSION:
			return version(func(x uint16) { o.MaxVersion = x })
		}
		return wrongOpt(opt, "gohttp_conn_setopt_int")
	})
}
