package main

/*
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
*/
import "C"

import (
	"crypto/tls"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

func newConn(host *C.gohttp__cchar, hostLen C.int64_t, port C.int, out **C.gohttp_conn, tls bool) C.int {
	if out == nil {
		return fail(C.GOHTTP_E_ARG, "out is NULL")
	}
	*out = nil
	var c *core.Conn
	err := guard(func() error {
		h, err := gostr(host, hostLen, "host")
		if err != nil {
			return err
		}
		c = &core.Conn{
			DefaultPort: core.HTTPPort,
			BlockSize:   core.DefaultBlockSize,
			AutoOpen:    true,
			MaxLine:     core.DefaultMaxLine,
			MaxHeaders:  core.DefaultMaxHeaders,
		}
		if tls {
			c.DefaultPort = core.HTTPSPort
			c.TLSOptions = &core.TLSOptions{}
		}
		return c.SetHost(h, int(port))
	})
	if err != nil {
		return setErr(err)
	}
	b := &connBox{handle: handle{fam: &family{}}, conn: c}
	c.Debug = b.debugLine
	*out = (*C.gohttp_conn)(saveHandle(b))
	return C.GOHTTP_OK
}

// gohttp_conn_new creates a connection to host (http.client's
// HTTPConnection(host, port)). Nothing is sent and nothing is resolved
// until the first request or gohttp_conn_connect. With port -1 (any
// negative port) the port comes from host as http.client parses it
// ("h:8080", "[::1]:8080"; default 80).
//
// Ownership: on success *out is a new handle to free with
// gohttp_conn_free; on failure *out is NULL.
//
// Returns: GOHTTP_OK; GOHTTP_E_INVALID_URL (non-numeric port, control
// characters in host); GOHTTP_E_ARG (host or out NULL, bad length).
//
//gohttp:section connection
//export gohttpgo_conn_new
func gohttpgo_conn_new(host *C.gohttp__cchar, host_len C.int64_t, port C.int, out **C.gohttp_conn) C.int {
	return newConn(host, host_len, port, out, false)
}

// gohttp_conn_new_https is gohttp_conn_new for HTTPS (HTTPSConnection):
// the default port is 443 and the connection verifies the server's
// certificate and host name against the system's roots, with SNI, ALPN
// "http/1.1" and TLS 1.2 or later. Change that with the
// GOHTTP_OPT_TLS_* options.
//
// Ownership: as gohttp_conn_new.
//
// Returns: as gohttp_conn_new.
//
//gohttp:section connection
//export gohttpgo_conn_new_https
func gohttpgo_conn_new_https(host *C.gohttp__cchar, host_len C.int64_t, port C.int, out **C.gohttp_conn) C.int {
	return newConn(host, host_len, port, out, true)
}

// gohttp_conn_free closes the connection and frees the handle. Responses
// obtained from it stay valid and must be freed on their own. NULL is
// accepted and ignored. If another thread is inside a call on the
// connection (or one of its responses), the handle is freed at once and
// the connection closed when that call returns.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE for a handle that is not a live
// connection (nothing is freed).
//
//gohttp:section connection
//export gohttpgo_conn_free
func gohttpgo_conn_free(c *C.gohttp_conn) C.int {
	return freeHandle[*connBox](unsafe.Pointer(c))
}

// optName names an option for messages.
var optNames = map[C.int]string{
	C.GOHTTP_OPT_AUTO_OPEN: "GOHTTP_OPT_AUTO_OPEN", C.GOHTTP_OPT_HTTP_VERSION: "GOHTTP_OPT_HTTP_VERSION",
	C.GOHTTP_OPT_DEFAULT_PORT: "GOHTTP_OPT_DEFAULT_PORT", C.GOHTTP_OPT_BLOCKSIZE: "GOHTTP_OPT_BLOCKSIZE",
	C.GOHTTP_OPT_MAX_LINE: "GOHTTP_OPT_MAX_LINE", C.GOHTTP_OPT_MAX_HEADERS: "GOHTTP_OPT_MAX_HEADERS",
	C.GOHTTP_OPT_MAX_BODY: "GOHTTP_OPT_MAX_BODY", C.GOHTTP_OPT_SOURCE_PORT: "GOHTTP_OPT_SOURCE_PORT",
	C.GOHTTP_OPT_TLS_VERIFY: "GOHTTP_OPT_TLS_VERIFY", C.GOHTTP_OPT_TLS_CHECK_HOSTNAME: "GOHTTP_OPT_TLS_CHECK_HOSTNAME",
	C.GOHTTP_OPT_TLS_MIN_VERSION: "GOHTTP_OPT_TLS_MIN_VERSION", C.GOHTTP_OPT_TLS_MAX_VERSION: "GOHTTP_OPT_TLS_MAX_VERSION",
	C.GOHTTP_OPT_TLS_SYSTEM_ROOTS: "GOHTTP_OPT_TLS_SYSTEM_ROOTS", C.GOHTTP_OPT_NONBLOCKING: "GOHTTP_OPT_NONBLOCKING",
	C.GOHTTP_OPT_TIMEOUT: "GOHTTP_OPT_TIMEOUT", C.GOHTTP_OPT_SOCKET_TIMEOUT: "GOHTTP_OPT_SOCKET_TIMEOUT",
	C.GOHTTP_OPT_DEADLINE: "GOHTTP_OPT_DEADLINE",
	C.GOHTTP_OPT_HOST:     "GOHTTP_OPT_HOST", C.GOHTTP_OPT_SOURCE_HOST: "GOHTTP_OPT_SOURCE_HOST",
	C.GOHTTP_OPT_TLS_CA_FILE: "GOHTTP_OPT_TLS_CA_FILE", C.GOHTTP_OPT_TLS_CA_DIR: "GOHTTP_OPT_TLS_CA_DIR",
	C.GOHTTP_OPT_TLS_CA_PEM: "GOHTTP_OPT_TLS_CA_PEM", C.GOHTTP_OPT_TLS_CERT_FILE: "GOHTTP_OPT_TLS_CERT_FILE",
	C.GOHTTP_OPT_TLS_KEY_FILE: "GOHTTP_OPT_TLS_KEY_FILE", C.GOHTTP_OPT_TLS_CERT_PEM: "GOHTTP_OPT_TLS_CERT_PEM",
	C.GOHTTP_OPT_TLS_KEY_PEM: "GOHTTP_OPT_TLS_KEY_PEM", C.GOHTTP_OPT_TLS_KEY_PASSWORD: "GOHTTP_OPT_TLS_KEY_PASSWORD",
	C.GOHTTP_OPT_TLS_SERVER_NAME: "GOHTTP_OPT_TLS_SERVER_NAME", C.GOHTTP_OPT_TLS_ALPN: "GOHTTP_OPT_TLS_ALPN",
}

// wrongOpt is the error for an option passed to the wrong setopt
// function, or an unknown one (rule 5).
func wrongOpt(opt C.int, fn string) error {
	name, ok := optNames[opt]
	if !ok {
		return badArg("unknown option %d for %s", int(opt), fn)
	}
	want := "gohttp_conn_setopt_int"
	switch {
	case opt >= 200 && opt < 300:
		want = "gohttp_conn_setopt_double"
	case opt >= 300 && opt < 400:
		want = "gohttp_conn_setopt_str"
	}
	return badArg("option %s (%d) is set with %s, not %s", name, int(opt), want, fn)
}

// gohttp_conn_setopt_int sets an option that takes a number
// (GOHTTP_OPT_* 100-199; see their comments for the values):
// AUTO_OPEN (0 or 1), HTTP_VERSION (10 or 11), DEFAULT_PORT, BLOCKSIZE
// (1 to 2^30), MAX_LINE and MAX_HEADERS (> 0), MAX_BODY (>= 0; 0: the
// default, GOHTTP_DEFAULT_MAX_BODY; applies to the responses obtained
// after the call), SOURCE_PORT (0-65535), the TLS flags VERIFY,
// CHECK_HOSTNAME and SYSTEM_ROOTS (0 or 1), TLS_MIN_VERSION and
// TLS_MAX_VERSION (0 for the default, or 0x0301 to 0x0304; a minimum
// below TLS 1.2 counts as TLS 1.2). Verification off lets anyone on the
// path read and change the traffic. NONBLOCKING is reserved and refused.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (an unknown option, one of another
// type, or a value out of range: the message names it);
// GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section connection
//export gohttpgo_conn_setopt_int
func gohttpgo_conn_setopt_int(c *C.gohttp_conn, opt C.int, value C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		v := int64(value)
		name := optNames[opt]
		between := func(lo, hi int64) error {
			if v < lo || v > hi {
				return badArg("%s takes %d to %d, not %d", name, lo, hi, v)
			}
			return nil
		}
		switch opt {
		case C.GOHTTP_OPT_AUTO_OPEN:
			if err := between(0, 1); err != nil {
				return err
			}
			b.conn.AutoOpen = v == 1
		case C.GOHTTP_OPT_HTTP_VERSION:
			if v != 10 && v != 11 {
				return badArg("%s takes 10 or 11, not %d", name, v)
			}
			b.conn.HTTP10 = v == 10
		case C.GOHTTP_OPT_DEFAULT_PORT:
			if err := between(0, 65535); err != nil {
				return err
			}
			b.conn.DefaultPort = int(v)
		case C.GOHTTP_OPT_BLOCKSIZE:
			if err := between(1, 1<<30); err != nil {
				return err
			}
			b.conn.BlockSize = int(v)
		case C.GOHTTP_OPT_MAX_LINE:
			if err := between(1, math.MaxInt32); err != nil {
				return err
			}
			b.conn.MaxLine = int(v)
		case C.GOHTTP_OPT_MAX_HEADERS:
			if err := between(1, math.MaxInt32); err != nil {
				return err
			}
			b.conn.MaxHeaders = int(v)
		case C.GOHTTP_OPT_MAX_BODY:
			if err := between(0, math.MaxInt64); err != nil {
				return err
			}
			b.conn.MaxBody = v
		case C.GOHTTP_OPT_SOURCE_PORT:
			if err := between(0, 65535); err != nil {
				return err
			}
			b.sourcePort = int(v)
			b.applySource()
		case C.GOHTTP_OPT_NONBLOCKING:
			return badArg("%s is not supported yet", name)
		case C.GOHTTP_OPT_TLS_VERIFY, C.GOHTTP_OPT_TLS_CHECK_HOSTNAME, C.GOHTTP_OPT_TLS_SYSTEM_ROOTS,
			C.GOHTTP_OPT_TLS_MIN_VERSION, C.GOHTTP_OPT_TLS_MAX_VERSION:
			return b.setTLSInt(opt, name, v)
		default:
			return wrongOpt(opt, "gohttp_conn_setopt_int")
		}
		return nil
	})
}

// timeoutOf converts a C timeout in seconds: negative or infinite is none
// (0 in core), 0 is "at once" (the shortest timeout).
func timeoutOf(seconds C.double, name string) (time.Duration, error) {
	s := float64(seconds)
	switch {
	case math.IsNaN(s):
		return 0, badArg("%s is NaN", name)
	case s < 0 || math.IsInf(s, 1):
		return 0, nil
	case s == 0:
		return time.Nanosecond, nil
	case s > 1e9:
		return time.Duration(1e9) * time.Second, nil
	}
	d := time.Duration(s * float64(time.Second))
	if d <= 0 {
		d = time.Nanosecond
	}
	return d, nil
}

// gohttp_conn_setopt_double sets an option that takes seconds
// (GOHTTP_OPT_* 200-299). A negative or infinite value means none; 0
// makes every blocking operation time out at once.
//
// GOHTTP_OPT_TIMEOUT bounds each socket operation (connect, each send,
// each receive) from the next connect on, as http.client's timeout.
// GOHTTP_OPT_SOCKET_TIMEOUT changes the open socket's timeout now, as
// Python code does with conn.sock.settimeout() (a host transport keeps
// its own). GOHTTP_OPT_DEADLINE bounds each request as a whole, as curl's
// --max-time: name resolution, connect, CONNECT tunnel, TLS handshake,
// sending the request and reading the response's head and body must all
// be done within it. Its clock starts when a request starts
// (gohttp_conn_putrequest, gohttp_conn_request, or a gohttp_conn_connect
// or gohttp_conn_send made while the connection is Idle) and runs until
// the next request starts; past it, the blocked or next operation fails
// with GOHTTP_E_TIMEOUT (its message says the request deadline was
// exceeded). The new value applies from the next request. On the native
// socket the wait itself ends at the deadline; a host transport cannot
// be waited on, so there the deadline is checked before each call of its
// read and write callbacks.
//
// Returns: GOHTTP_OK; GOHTTP_E_NOT_CONNECTED (SOCKET_TIMEOUT without a
// socket); GOHTTP_E_ARG (NaN, an unknown option or one of another type);
// GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section connection
//export gohttpgo_conn_setopt_double
func gohttpgo_conn_setopt_double(c *C.gohttp_conn, opt C.int, value C.double) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		switch opt {
		case C.GOHTTP_OPT_TIMEOUT, C.GOHTTP_OPT_SOCKET_TIMEOUT, C.GOHTTP_OPT_DEADLINE:
		default:
			return wrongOpt(opt, "gohttp_conn_setopt_double")
		}
		d, err := timeoutOf(value, optNames[opt])
		if err != nil {
			return err
		}
		switch opt {
		case C.GOHTTP_OPT_TIMEOUT:
			b.conn.Timeout = d
		case C.GOHTTP_OPT_DEADLINE:
			b.conn.TotalTimeout = d
		default:
			return b.conn.SetSocketTimeout(d)
		}
		return nil
	})
}

// gohttp_conn_setopt_str sets an option that takes text or bytes
// (GOHTTP_OPT_* 300-399) to (value, len); the library copies it. A NULL
// value puts the option back to its default (for the CA options: removes
// every CA of that kind).
//
// GOHTTP_OPT_HOST changes the host and port to connect to from the next
// connect, parsed as gohttp_conn_new parses them ("h:8080"; no port: the
// default port). GOHTTP_OPT_SOURCE_HOST binds the next connect's socket
// to that address first (with GOHTTP_OPT_SOURCE_PORT), as http.client's
// source_address. The TLS options (see the TLS section): files are read
// when the connection connects (CA files and directories are parsed once
// and reused while they keep their size and modification time), and a
// missing or bad file fails the connect: a file must be a regular file
// (a FIFO or a device gives GOHTTP_E_TLS at once; in a CA directory such
// entries are skipped) of at most GOHTTP_MAX_FILE_SIZE bytes (larger
// gives GOHTTP_E_TOO_LARGE). GOHTTP_OPT_TLS_ALPN is a comma-separated
// list ("h2,http/1.1"); "" offers no ALPN.
//
// Returns: GOHTTP_OK; GOHTTP_E_INVALID_URL (HOST with a bad port or
// control characters); GOHTTP_E_ARG (an unknown option or one of another
// type, an empty file name, a NUL byte in a file name, an ALPN protocol
// empty or longer than 255 bytes, control characters in the server name);
// GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section connection
//export gohttpgo_conn_setopt_str
func gohttpgo_conn_setopt_str(c *C.gohttp_conn, opt C.int, value *C.gohttp__cchar, len C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		name, known := optNames[opt]
		if !known || opt < 300 || opt >= 400 {
			return wrongOpt(opt, "gohttp_conn_setopt_str")
		}
		unset := value == nil
		v, err := gobytes(value, len, name)
		if err != nil {
			return err
		}
		if !unset && v == nil {
			v = []byte{}
		}
		switch opt {
		case C.GOHTTP_OPT_HOST:
			if unset {
				return badArg("%s cannot be unset", name)
			}
			return b.conn.SetHost(string(v), -1)
		case C.GOHTTP_OPT_SOURCE_HOST:
			if unset {
				b.sourceHost = nil
			} else {
				s := string(v)
				b.sourceHost = &s
			}
			b.applySource()
			return nil
		}
		return b.setTLSStr(opt, name, v, unset)
	})
}

// applySource combines the source options into the core's "host:port".
func (b *connBox) applySource() {
	if b.sourceHost == nil {
		b.conn.SourceAddress = ""
		return
	}
	h := *b.sourceHost
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	b.conn.SourceAddress = h + ":" + strconv.Itoa(b.sourcePort)
}

// gohttp_conn_set_tunnel makes the connection go through an HTTP CONNECT
// proxy (http.client's set_tunnel): the connection's host and port are
// the proxy's; host/port (port -1: from host) name the end of the tunnel,
// and the nheaders headers (such as Proxy-Authorization) are sent with
// the CONNECT, with "Host: host:port" added unless given. The headers are
// copied. A NULL host (length 0 or -1) removes the tunnel.
//
// Returns: GOHTTP_OK; GOHTTP_E_RUNTIME (the connection is already open);
// GOHTTP_E_INVALID_URL (bad port); GOHTTP_E_VALUE (control characters in
// host or headers); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//gohttp:section connection
//gohttp:nullable host headers
//export gohttpgo_conn_set_tunnel
func gohttpgo_conn_set_tunnel(c *C.gohttp_conn, host *C.gohttp__cchar, host_len C.int64_t, port C.int, headers *C.gohttp__cheader, nheaders C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if host == nil && (host_len == 0 || host_len == C.GOHTTP_NUL) {
			b.conn.ClearTunnel()
			return nil
		}
		h, err := gostr(host, host_len, "host")
		if err != nil {
			return err
		}
		hs, err := goHeaders(headers, nheaders)
		if err != nil {
			return err
		}
		th := make([]core.Header, len(hs))
		for i, x := range hs {
			th[i] = core.Header{Name: string(x.Name), Value: string(x.Value)}
		}
		return b.conn.SetTunnel(h, int(port), th)
	})
}

// gohttp_conn_connect connects now (http.client's connect): resolves the
// host, tries each address in turn within the timeout, runs the CONNECT
// tunnel and the TLS handshake where set. An open socket is replaced.
//
// Returns: GOHTTP_OK; GOHTTP_E_OS (with the OS error: ECONNREFUSED, ...);
// GOHTTP_E_TIMEOUT; GOHTTP_E_DNS; GOHTTP_E_TUNNEL; GOHTTP_E_TLS;
// GOHTTP_E_TLS_VERIFY (a CA, certificate or key file that is not a
// regular file is GOHTTP_E_TLS); GOHTTP_E_TOO_LARGE (such a file is
// larger than GOHTTP_MAX_FILE_SIZE); GOHTTP_E_OVERFLOW (port out of
// range); GOHTTP_E_CANCELLED; the errors of reading the proxy's reply;
// GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section connection
//export gohttpgo_conn_connect
func gohttpgo_conn_connect(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error { return b.conn.Connect() })
}

// gohttp_conn_close closes the socket and any pending response, and
// returns the connection to Idle; the next request reconnects.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section connection
//export gohttpgo_conn_close
func gohttpgo_conn_close(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.Close()
		return nil
	})
}

// gohttp_conn_cancel stops the call blocked on c, or on a response c
// returned, from any thread. It does not wait for the handle's lock and
// never returns GOHTTP_E_BUSY: it is meant to be called while another
// thread is inside gohttp_conn_getresponse, gohttp_resp_read, and so on.
// The blocked call returns GOHTTP_E_CANCELLED promptly, and the socket is
// closed (a pending response on it is dropped; the next request connects
// anew). Nothing leaks: the handles stay valid and are freed as usual.
//
// A cancel is kept until a blocking operation reports it: when no call is
// blocked, the next operation on c or its responses that would send,
// receive, resolve or connect fails with GOHTTP_E_CANCELLED instead
// (once), so a cancel that races with the call it means to stop is not
// lost. On the native socket a blocked wait ends at once; a host
// transport cannot be interrupted: the cancel is seen before its next
// read or write callback.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE (c is not a live connection).
//
//gohttp:section connection
//export gohttpgo_conn_cancel
func gohttpgo_conn_cancel(c *C.gohttp_conn) C.int {
	b, rc := restore[*connBox](unsafe.Pointer(c))
	if rc != C.GOHTTP_OK {
		return rc
	}
	// Not withConn: the family's lock is what the blocked call holds.
	// Cancel touches only the connection's cancel state, which has its
	// own lock and is never held across a wait.
	if err := guard(func() error { b.conn.Cancel(); return nil }); err != nil {
		return setErr(err)
	}
	return C.GOHTTP_OK
}

// gohttp_conn_info fills *info (set info->size first) with the
// connection's port, state (GOHTTP_STATE_*), whether a socket is open,
// the socket's descriptor (-1 for none or a host transport: the library
// owns it, do not close it), the HTTP version and the default port.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (info NULL or
// info->size too small); GOHTTP_E_BUSY.
//
//gohttp:section connection
//gohttp:dir info=inout
//export gohttpgo_conn_info
func gohttpgo_conn_info(c *C.gohttp_conn, info *C.struct_gohttp_conn_info) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if info == nil {
			return badArg("info is NULL")
		}
		n, err := structSize(info.size, unsafe.Sizeof(C.struct_gohttp_conn_info{}), "gohttp_conn_info")
		if err != nil {
			return err
		}
		var v C.struct_gohttp_conn_info
		v.size = info.size
		v.port = C.int(b.conn.Port)
		v.state = C.int(b.conn.State())
		v.connected = cbool(b.conn.Connected())
		v.http_version = 11
		if b.conn.HTTP10 {
			v.http_version = 10
		}
		v.default_port = C.int(b.conn.DefaultPort)
		v.socket = C.int64_t(b.conn.Fileno())
		copyToC(unsafe.Pointer(info), unsafe.Pointer(&v), int64(n))
		return nil
	})
}

// gohttp_conn_get copies one fact about the connection into buf (what is
// a GOHTTP_CONN_* value): the host, the proxy's reply headers to the last
// CONNECT (get_proxy_response_headers), the request lines buffered since
// gohttp_conn_putrequest and not sent yet (http.client's _buffer), and
// what the TLS session of the open socket negotiated (what Python's
// SSLSocket reports through getpeercert, version, cipher and
// selected_alpn_protocol).
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND (*n = 0: PROXY_HEADERS before a
// CONNECT; a TLS fact without a socket, without the library's TLS, or
// without a peer certificate); GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (unknown what); GOHTTP_E_BUSY.
//
//gohttp:section connection
//gohttp:nullable buf
//export gohttpgo_conn_get
func gohttpgo_conn_get(c *C.gohttp_conn, what C.int, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withConnNF(unsafe.Pointer(c), func(b *connBox) error {
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		var data []byte
		switch what {
		case C.GOHTTP_CONN_HOST:
			data = []byte(b.conn.Host)
		case C.GOHTTP_CONN_PROXY_HEADERS:
			raw, ok := b.conn.ProxyResponseHeaders()
			if !ok {
				return notFound
			}
			data = raw
		case C.GOHTTP_CONN_BUFFERED:
			data = b.conn.Buffered()
		case C.GOHTTP_CONN_TLS_PEER_CERT, C.GOHTTP_CONN_TLS_VERSION, C.GOHTTP_CONN_TLS_CIPHER, C.GOHTTP_CONN_TLS_ALPN:
			st, ok := b.conn.TLSState()
			if !ok {
				return notFound
			}
			switch what {
			case C.GOHTTP_CONN_TLS_PEER_CERT:
				if len(st.PeerCertificates) == 0 {
					return notFound
				}
				data = st.PeerCertificates[0].Raw
			case C.GOHTTP_CONN_TLS_VERSION:
				data = []byte(core.TLSVersionName(st.Version))
			case C.GOHTTP_CONN_TLS_CIPHER:
				data = []byte(tls.CipherSuiteName(st.CipherSuite) + " " + strconv.Itoa(core.CipherBits(st.CipherSuite)))
			default:
				data = []byte(st.NegotiatedProtocol)
			}
		default:
			return badArg("unknown what %d for gohttp_conn_get (a GOHTTP_CONN_* value)", int(what))
		}
		return copyOut(data, buf, cap, n)
	})
}

// goHeaders copies the caller's headers into Go memory.
func goHeaders(h *C.gohttp__cheader, n C.int64_t) ([]core.RequestHeader, error) {
	return convHeaders(nil, h, n, gobytes)
}

// viewHeaders views the caller's headers in place, for a call whose core
// function keeps no reference to them (core.Conn.Request copies them into
// the request head): the slice is the connection's, reused from call to
// call, and the caller clears it before the call returns.
func (b *connBox) viewHeaders(h *C.gohttp__cheader, n C.int64_t) ([]core.RequestHeader, error) {
	hs, err := convHeaders(b.hdrs[:0], h, n, textView)
	if cap(hs) <= 64 {
		b.hdrs = hs[:0]
	}
	return hs, err
}

// textView is gobytes without the copy: (p, n) viewed in place, under the
// same checks.
func textView(p *C.gohttp__cchar, n C.int64_t, what string) ([]byte, error) {
	if p == nil {
		if n == 0 || n == C.GOHTTP_NUL {
			return nil, nil
		}
		return nil, badArg("%s is NULL with length %d", what, int64(n))
	}
	k, err := cLen(unsafe.Pointer(p), n, maxText, what)
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), k), nil
}

// convHeaders appends the caller's n headers to out, each name and value
// converted by conv.
func convHeaders(out []core.RequestHeader, h *C.gohttp__cheader, n C.int64_t, conv func(*C.gohttp__cchar, C.int64_t, string) ([]byte, error)) ([]core.RequestHeader, error) {
	if n == 0 {
		return nil, nil
	}
	if n < 0 {
		return nil, badArg("header count %d is negative", int64(n))
	}
	if h == nil {
		return nil, badArg("headers is NULL with count %d", int64(n))
	}
	if int64(n) > 1<<20 {
		return nil, badArg("header count %d is too large", int64(n))
	}
	src := unsafe.Slice(h, int(n))
	out = slices.Grow(out, len(src))
	for i := range src {
		if src[i].name == nil {
			return out, badArg("header %d has a NULL name", i)
		}
		name, err := conv(src[i].name, src[i].name_len, "header name")
		if err != nil {
			return out, err
		}
		value, err := conv(src[i].value, src[i].value_len, "header value")
		if err != nil {
			return out, err
		}
		if value == nil {
			value = []byte{}
		}
		out = append(out, core.RequestHeader{Name: name, Value: value, NameIsBytes: src[i].flags&C.GOHTTP_HEADER_NAME_BYTES != 0})
	}
	return out, nil
}
