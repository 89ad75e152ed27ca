package main

/*
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
*/
import "C"

import (
	"crypto/tls"
	"io"
	"math"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/gohttp/gohttp/core"
	pointer "github.com/mattn/go-pointer"
)

func newConn(host *C.gohttp__cchar, hostLen C.size_t, port C.int, out **C.gohttp_conn, tls bool) C.int {
	if out == nil {
		return C.GOHTTP_E_ARG
	}
	*out = nil
	var err error
	var c *core.Conn
	err = guard(func() error {
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
		// No handle exists to carry the message; it is kept for
		// gohttp_last_create_error.
		return setCreateErr(err)
	}
	b := &connBox{handle: handle{fam: &family{}}, conn: c}
	c.Debug = b.debugLine
	*out = (*C.gohttp_conn)(saveHandle(b))
	return C.GOHTTP_OK
}

// gohttp_conn_new creates a connection to host (http.client's
// HTTPConnection(host, port)). Nothing is sent and nothing is resolved
// until the first request or gohttp_conn_connect. host is (host,
// host_len); host_len may be GOHTTP_STRLEN. With port < 0 the port comes
// from host as http.client parses it ("h:8080", "[::1]:8080"; default 80).
// On success *out is a new handle to free with gohttp_conn_free; on
// failure *out is NULL and gohttp_create_errmsg() describes why.
//
// Returns: GOHTTP_OK; GOHTTP_E_INVALID_URL (non-numeric port, control
// characters in host); GOHTTP_E_ARG (host or out NULL).
//
//export gohttpgo_conn_new
func gohttpgo_conn_new(host *C.gohttp__cchar, host_len C.size_t, port C.int, out **C.gohttp_conn) C.int {
	return newConn(host, host_len, port, out, false)
}

// gohttp_conn_new_https is gohttp_conn_new for HTTPS (HTTPSConnection):
// the default port is 443 and the connection verifies the server's
// certificate and host name against the system's roots, with SNI, ALPN
// "http/1.1" and TLS 1.2 or later. Change that with gohttp_conn_set_tls_*.
//
// Returns: as gohttp_conn_new.
//
//export gohttpgo_conn_new_https
func gohttpgo_conn_new_https(host *C.gohttp__cchar, host_len C.size_t, port C.int, out **C.gohttp_conn) C.int {
	return newConn(host, host_len, port, out, true)
}

// createErrs holds, per thread, why the last handle creation failed.
var createErrs errTable

func setCreateErr(err error) C.int { return createErrs.set(err) }

// gohttp_create_errmsg describes why the calling thread's last
// gohttp_conn_new, gohttp_conn_new_https or gohttp_resp_new failed. The
// string stays valid until the thread's next failed creation.
//
//export gohttpgo_create_errmsg
func gohttpgo_create_errmsg() *C.gohttp__cchar {
	return createErrs.message()
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
//export gohttpgo_conn_free
func gohttpgo_conn_free(c *C.gohttp_conn) C.int {
	return freeHandle[*connBox](unsafe.Pointer(c))
}

// gohttp_conn_errmsg describes the calling thread's last failed call on c
// (each thread has its own, as with errno). The string belongs to c and
// stays valid until the thread's next failed call on c or c's free; do
// not free it.
//
// Returns: the message, "no error" if no call failed, or a static
// "bad handle" text when c is not a live connection.
//
//export gohttpgo_conn_errmsg
func gohttpgo_conn_errmsg(c *C.gohttp_conn) *C.gohttp__cchar {
	return errmsgOf[*connBox](unsafe.Pointer(c))
}

// gohttp_conn_lasterror fills *out with the details of the calling
// thread's last failed call on c (code, errno, exception argument,
// partial data). The pointers in *out belong to c and stay valid until
// the thread's next failed call on c or c's free.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (out NULL).
//
//export gohttpgo_conn_lasterror
func gohttpgo_conn_lasterror(c *C.gohttp_conn, out *C.gohttp_error) C.int {
	return lasterrorOf[*connBox](unsafe.Pointer(c), out)
}

// gohttp_conn_set_timeout sets the timeout of each socket operation
// (connect, each send, each receive) from the next connect on, in seconds.
// A negative value means none (block forever); 0 makes every blocking
// operation time out at once. The default is none.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (NaN).
//
//export gohttpgo_conn_set_timeout
func gohttpgo_conn_set_timeout(c *C.gohttp_conn, seconds C.double) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		d, err := timeoutOf(seconds)
		if err == nil {
			b.conn.Timeout = d
		}
		return err
	})
}

// gohttp_conn_set_deadline sets a total deadline for each request, in
// seconds, as curl's --max-time: name resolution, connect, CONNECT
// tunnel, TLS handshake, sending the request and reading the response's
// head and body must all be done within it. The clock starts when a
// request starts (gohttp_conn_putrequest, gohttp_conn_request,
// gohttp_conn_start_request, or a gohttp_conn_connect or gohttp_conn_send
// made while the connection is Idle) and runs until the next request
// starts; it covers the responses' reads too. Past it, the blocked or
// next operation fails with GOHTTP_E_TIMEOUT (its message says the
// request deadline was exceeded). The per-operation timeout
// (gohttp_conn_set_timeout) still applies; whichever ends first wins. A
// negative or infinite value means none (the default); 0 fails every
// request at once. The new value applies from the next request.
//
// On the native socket the wait itself ends at the deadline. A host
// transport (gohttp_conn_set_transport) cannot be waited on: there the
// deadline is checked before each call of its read and write callbacks,
// so one slow callback is not cut short.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (NaN).
//
//export gohttpgo_conn_set_deadline
func gohttpgo_conn_set_deadline(c *C.gohttp_conn, seconds C.double) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		d, err := timeoutOf(seconds)
		if err == nil {
			b.conn.TotalTimeout = d
		}
		return err
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
// receive, resolve or connect fails with GOHTTP_E_CANCELLED instead (once).
// This way a cancel that races with the call it means to stop, arriving
// just before the call blocks, is not lost.
//
// On the native socket a blocked wait ends at once. A host transport
// (callbacks) cannot be interrupted: the cancel is seen before its next
// read or write callback.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE (c is not a live connection).
//
//export gohttpgo_conn_cancel
func gohttpgo_conn_cancel(c *C.gohttp_conn) C.int {
	b, ok := pointer.Restore(unsafe.Pointer(c)).(*connBox)
	if !ok {
		return C.GOHTTP_E_BADHANDLE
	}
	// Not withConn: the family's lock is what the blocked call holds.
	// Cancel touches only the connection's cancel state, which has its
	// own lock and is never held across a wait.
	if err := guard(func() error { b.conn.Cancel(); return nil }); err != nil {
		return C.GOHTTP_E_INTERNAL
	}
	return C.GOHTTP_OK
}

// timeoutOf converts a C timeout in seconds: negative or infinite is none
// (0 in core), 0 is "at once" (the shortest timeout).
func timeoutOf(seconds C.double) (time.Duration, error) {
	s := float64(seconds)
	switch {
	case math.IsNaN(s):
		return 0, badArg("timeout is NaN")
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

// gohttp_conn_set_socket_timeout changes the timeout of the open socket's
// operations now, in seconds (negative: none), as Python code does with
// conn.sock.settimeout(); gohttp_conn_set_timeout applies from the next
// connect. A host transport keeps its own timeouts.
//
// Returns: GOHTTP_OK; GOHTTP_E_NOT_CONNECTED (no socket);
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (NaN).
//
//export gohttpgo_conn_set_socket_timeout
func gohttpgo_conn_set_socket_timeout(c *C.gohttp_conn, seconds C.double) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		d, err := timeoutOf(seconds)
		if err != nil {
			return err
		}
		return b.conn.SetSocketTimeout(d)
	})
}

// gohttp_conn_fileno stores the open socket's file descriptor in *fd, or -1
// when there is none (not connected, or a host transport). The descriptor
// stays the library's: do not close it.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (fd NULL).
//
//export gohttpgo_conn_fileno
func gohttpgo_conn_fileno(c *C.gohttp_conn, fd *C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if fd == nil {
			return badArg("fd is NULL")
		}
		*fd = C.int(b.conn.Fileno())
		return nil
	})
}

// gohttp_conn_set_source_address binds the next connect's socket to
// (host, port) first, as http.client's source_address does; port 0 picks
// any. A NULL host removes the binding.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (port out of range).
//
//export gohttpgo_conn_set_source_address
func gohttpgo_conn_set_source_address(c *C.gohttp_conn, host *C.gohttp__cchar, host_len C.size_t, port C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if host == nil {
			b.conn.SourceAddress = ""
			return nil
		}
		h, err := gostr(host, host_len, "host")
		if err != nil {
			return err
		}
		if port < 0 || port > 65535 {
			return badArg("source port %d out of range", int(port))
		}
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		b.conn.SourceAddress = h + ":" + strconv.Itoa(int(port))
		return nil
	})
}

// gohttp_conn_set_blocksize sets the size of the pieces read from a
// streamed body source (http.client's blocksize; default 8192).
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (0).
//
//export gohttpgo_conn_set_blocksize
func gohttpgo_conn_set_blocksize(c *C.gohttp_conn, size C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if size == 0 || uint64(size) > 1<<30 {
			return badArg("blocksize %d out of range", uint64(size))
		}
		b.conn.BlockSize = int(size)
		return nil
	})
}

// gohttp_conn_set_limits sets the longest line (status, header, chunk
// size, trailer; http.client's _MAXLINE, default 65536) and the most
// header lines per block, counting the blank one (_MAXHEADERS, default
// 100; it also bounds trailers and interim 100 responses). A value <= 0
// keeps the current one.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_set_limits
func gohttpgo_conn_set_limits(c *C.gohttp_conn, max_line C.int, max_headers C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if max_line > 0 {
			b.conn.MaxLine = int(max_line)
		}
		if max_headers > 0 {
			b.conn.MaxHeaders = int(max_headers)
		}
		return nil
	})
}

// gohttp_conn_set_max_body sets the most bytes that one read collecting a
// result in the library may hold (gohttp_resp_readall, _read_amt,
// _readline) for the responses obtained after the call: a body or line
// longer than that fails the read with GOHTTP_E_TOO_LARGE and closes the
// connection (the next request reconnects), where http.client would run
// out of memory. 0 restores the default, GOHTTP_DEFAULT_MAX_BODY (1 GiB).
// Reads into the caller's buffer (gohttp_resp_read) are not limited.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (max_body < 0); GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_set_max_body
func gohttpgo_conn_set_max_body(c *C.gohttp_conn, max_body C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if max_body < 0 {
			return badArg("max_body %d is negative", int64(max_body))
		}
		b.conn.MaxBody = int64(max_body)
		return nil
	})
}

// gohttp_conn_set_auto_open turns lazy connecting on (1, the default) or
// off (0: sending without gohttp_conn_connect fails with
// GOHTTP_E_NOT_CONNECTED), as http.client's auto_open.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_set_auto_open
func gohttpgo_conn_set_auto_open(c *C.gohttp_conn, on C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.AutoOpen = on != 0
		return nil
	})
}

// gohttp_conn_set_http_version selects HTTP/1.1 (11, the default) or
// HTTP/1.0 (10: no automatic Host or Accept-Encoding, bodies never
// chunk-framed), as http.client's _http_vsn.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (another value).
//
//export gohttpgo_conn_set_http_version
func gohttpgo_conn_set_http_version(c *C.gohttp_conn, version C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		switch version {
		case 10, 11:
			b.conn.HTTP10 = version == 10
			return nil
		}
		return badArg("HTTP version %d is not 10 or 11", int(version))
	})
}

// gohttp_conn_set_default_port sets the port that the Host header leaves
// out (http.client's default_port: 80, or 443 for HTTPS).
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_set_default_port
func gohttpgo_conn_set_default_port(c *C.gohttp_conn, port C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.DefaultPort = int(port)
		return nil
	})
}

// gohttp_conn_set_host changes the host and port to connect to, as
// gohttp_conn_new parses them (port < 0: from host), for the next connect.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_INVALID_URL; GOHTTP_E_ARG.
//
//export gohttpgo_conn_set_host
func gohttpgo_conn_set_host(c *C.gohttp_conn, host *C.gohttp__cchar, host_len C.size_t, port C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		h, err := gostr(host, host_len, "host")
		if err != nil {
			return err
		}
		return b.conn.SetHost(h, int(port))
	})
}

// gohttp_conn_set_debug sets the debug level (http.client's
// set_debuglevel): above 0, the library reports what it sends and
// receives in http.client's format ("send: b'...'", "reply: '...'",
// "header: Name: value"), one line per call of fn(user, line, len). With
// fn NULL, lines go to stdout. user is passed through untouched.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_set_debug
func gohttpgo_conn_set_debug(c *C.gohttp_conn, level C.int, fn C.gohttp_debug_fn, user unsafe.Pointer) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.DebugLevel = int(level)
		b.debugFn, b.debugUser = fn, user
		return nil
	})
}

func (b *connBox) debugLine(line string) {
	p := C.CString(line)
	defer C.free(unsafe.Pointer(p))
	C.gohttp__call_debug(b.debugFn, b.debugUser, p, C.size_t(len(line)))
}

// cTransport is a host-provided transport: C callbacks.
type cTransport struct {
	read  C.gohttp_read_fn
	write C.gohttp_write_fn
	close C.gohttp_close_fn
	user  unsafe.Pointer
	buf   *C.char
	cap   int
	done  bool
}

// transportErr is the error a transport callback's rc stands for. A
// positive errno is the OSError the host's socket raised, so that core
// treats ECONNRESET and the like as the connection errors they are
// (getresponse then closes the connection, as http.client does).
func transportErr(rc C.int) error {
	switch {
	case rc == C.GOHTTP_E_TIMEOUT:
		return core.ErrTimeout
	case rc > 0:
		return &core.OSError{Errno: syscall.Errno(rc), Err: &callbackError{rc: int(rc)}}
	default:
		return &callbackError{rc: int(rc)}
	}
}

func (t *cTransport) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n C.size_t
	rc := C.gohttp__call_read(t.read, t.user, (*C.char)(unsafe.Pointer(&p[0])), C.size_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if n == 0 {
		return 0, io.EOF
	}
	if uint64(n) > uint64(len(p)) {
		return 0, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
	}
	return int(n), nil
}

// maxWritePiece is the most bytes one Write hands to the write callback.
const maxWritePiece = 256 << 10

func (t *cTransport) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if t.write == nil {
		return 0, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
	}
	// The callback gets C memory: Go memory may not be kept by C. It is
	// copied a bounded piece at a time (the caller of Write sends the
	// rest), so a huge send neither mallocs its whole size nor copies it
	// again after each short write.
	if len(p) > maxWritePiece {
		p = p[:maxWritePiece]
	}
	if t.cap < len(p) {
		if t.buf != nil {
			C.free(unsafe.Pointer(t.buf))
		}
		t.cap = len(p)
		if t.cap < 16<<10 {
			t.cap = 16 << 10
		}
		t.buf = (*C.char)(C.malloc(C.size_t(t.cap)))
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(t.buf)), len(p)), p)
	var n C.size_t
	rc := C.gohttp__call_write(t.write, t.user, t.buf, C.size_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if uint64(n) > uint64(len(p)) {
		return 0, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
	}
	return int(n), nil
}

func (t *cTransport) Close() error {
	if !t.done {
		t.done = true
		C.gohttp__call_close(t.close, t.user)
		if t.buf != nil {
			C.free(unsafe.Pointer(t.buf))
			t.buf = nil
		}
	}
	return nil
}

// gohttp_conn_set_transport gives the connection a socket the caller owns,
// as assigning http.client's conn.sock does: from now on its bytes go
// through read and write (with user passed through), and close is called
// once the library is done with it (when the connection closes, or after
// the last response using it). The connection's previous socket, if any,
// is closed. TLS and tunnels are not applied to such a transport: give an
// already secured one.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (read or write NULL).
//
//export gohttpgo_conn_set_transport
func gohttpgo_conn_set_transport(c *C.gohttp_conn, read C.gohttp_read_fn, write C.gohttp_write_fn, close C.gohttp_close_fn, user unsafe.Pointer) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if read == nil || write == nil {
			return badArg("read and write callbacks are required")
		}
		b.conn.SetTransport(&cTransport{read: read, write: write, close: close, user: user})
		return nil
	})
}

// cFileTransport is a host transport whose reads go through a host
// buffered reader (core.File), so that responses read exactly.
type cFileTransport struct {
	cTransport
	file C.gohttp_file_fn
}

func (t *cFileTransport) call(op C.int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n C.size_t
	rc := C.gohttp__call_file(t.file, t.user, op, (*C.char)(unsafe.Pointer(&p[0])), C.size_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if int(n) > len(p) {
		return 0, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
	}
	return int(n), nil
}

func (t *cFileTransport) Read(p []byte) (int, error) {
	n, err := t.call(C.GOHTTP_FILE_READ1, p)
	if err == nil && n == 0 && len(p) > 0 {
		err = io.EOF
	}
	return n, err
}
func (t *cFileTransport) ReadFull(p []byte) (int, error) { return t.call(C.GOHTTP_FILE_READ, p) }
func (t *cFileTransport) ReadLine(p []byte) (int, error) { return t.call(C.GOHTTP_FILE_READLINE, p) }
func (t *cFileTransport) Read1(p []byte) (int, error)    { return t.call(C.GOHTTP_FILE_READ1, p) }
func (t *cFileTransport) Peek(p []byte) (int, error)     { return t.call(C.GOHTTP_FILE_PEEK, p) }

// gohttp_conn_set_transport_file is gohttp_conn_set_transport for a host
// that reads its socket through a buffered reader of its own (Python's
// sock.makefile("rb")): responses are read through file, one call for
// each read http.client makes, so bytes after a response stay in the
// host's reader. write and close are as for gohttp_conn_set_transport.
// Bindings use it; C programs rarely need it.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (file or write NULL).
//
//export gohttpgo_conn_set_transport_file
func gohttpgo_conn_set_transport_file(c *C.gohttp_conn, file C.gohttp_file_fn, write C.gohttp_write_fn, close C.gohttp_close_fn, user unsafe.Pointer) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if file == nil || write == nil {
			return badArg("file and write callbacks are required")
		}
		b.conn.SetTransport(&cFileTransport{cTransport: cTransport{write: write, close: close, user: user}, file: file})
		return nil
	})
}

// gohttp_conn_tunnel sends the CONNECT request set by
// gohttp_conn_set_tunnel on the socket already open and reads the proxy's
// answer (http.client's _tunnel): for hosts that open the socket
// themselves, with gohttp_conn_set_transport, and then set up the tunnel.
// A refusal closes the connection.
//
// Returns: GOHTTP_OK; GOHTTP_E_TUNNEL; GOHTTP_E_NOT_CONNECTED; GOHTTP_E_VALUE
// (no tunnel set); the I/O and parsing codes of gohttp_conn_getresponse;
// GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_tunnel
func gohttpgo_conn_tunnel(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error { return b.conn.Tunnel() })
}

// gohttp_conn_buffered copies the request lines buffered since
// gohttp_conn_putrequest and not sent yet (the request line and each
// header line, each followed by CRLF) into buf: what http.client shows in
// its _buffer, for bindings that mirror it.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_buffered
func gohttpgo_conn_buffered(c *C.gohttp_conn, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		return copyOut(b.conn.Buffered(), buf, cap, n)
	})
}

// gohttp_conn_host copies the host the connection goes to (brackets of an
// IPv6 literal removed) into buf and its length into *n.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_host
func gohttpgo_conn_host(c *C.gohttp_conn, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		return copyOut([]byte(b.conn.Host), buf, cap, n)
	})
}

// gohttp_conn_port stores the port the connection goes to in *port.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (port NULL).
//
//export gohttpgo_conn_port
func gohttpgo_conn_port(c *C.gohttp_conn, port *C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if port == nil {
			return badArg("port is NULL")
		}
		*port = C.int(b.conn.Port)
		return nil
	})
}

// gohttp_conn_state stores the connection's state in *state:
// GOHTTP_STATE_IDLE, _REQUEST_STARTED or _REQUEST_SENT; and in
// *connected (if not NULL) 1 when it has a socket.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (state NULL).
//
//export gohttpgo_conn_state
func gohttpgo_conn_state(c *C.gohttp_conn, state *C.int, connected *C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if state == nil {
			return badArg("state is NULL")
		}
		*state = C.int(b.conn.State())
		if connected != nil {
			*connected = 0
			if b.conn.Connected() {
				*connected = 1
			}
		}
		return nil
	})
}

// gohttp_conn_connect connects now (http.client's connect): resolves the
// host, tries each address in turn within the timeout, runs the CONNECT
// tunnel and the TLS handshake where set. An open socket is replaced.
//
// Returns: GOHTTP_OK; GOHTTP_E_OS (with errno: ECONNREFUSED, ...);
// GOHTTP_E_TIMEOUT; GOHTTP_E_DNS; GOHTTP_E_TUNNEL; GOHTTP_E_TLS;
// GOHTTP_E_TLS_VERIFY (a CA, certificate or key file that is not a
// regular file is GOHTTP_E_TLS); GOHTTP_E_TOO_LARGE (such a file is larger
// than GOHTTP_MAX_FILE_SIZE); GOHTTP_E_OVERFLOW (port out of range); the errors
// of reading the proxy's reply; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_connect
func gohttpgo_conn_connect(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error { return b.conn.Connect() })
}

// gohttp_conn_close closes the socket and any pending response, and
// returns the connection to Idle; the next request reconnects.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_close
func gohttpgo_conn_close(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.Close()
		return nil
	})
}

// gohttp_conn_release_socket makes the connection let go of its socket
// without closing the response being read from it (which keeps its own
// hold until it is closed or read to the end): what Python code means by
// conn.sock.close() and conn.sock = None after getresponse. The next
// request connects again.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_conn_release_socket
func gohttpgo_conn_release_socket(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.ReleaseSocket()
		return nil
	})
}

// gohttp_conn_tls_info copies one fact about the TLS session of the open
// socket into buf (what is one of GOHTTP_TLSINFO_*): what Python's
// SSLSocket reports through getpeercert, version, cipher and
// selected_alpn_protocol.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND (no socket, no TLS of the
// library's, or no peer certificate); GOHTTP_E_RANGE (*n is the size
// needed); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (unknown what).
//
//export gohttpgo_conn_tls_info
func gohttpgo_conn_tls_info(c *C.gohttp_conn, what C.int, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	found := true
	rc := withConn(unsafe.Pointer(c), func(b *connBox) error {
		if n == nil {
			return badArg("n is NULL")
		}
		st, ok := b.conn.TLSState()
		var data []byte
		switch what {
		case C.GOHTTP_TLSINFO_PEER_CERT:
			if ok && len(st.PeerCertificates) > 0 {
				data = st.PeerCertificates[0].Raw
			} else {
				ok = false
			}
		case C.GOHTTP_TLSINFO_VERSION:
			data = []byte(core.TLSVersionName(st.Version))
		case C.GOHTTP_TLSINFO_CIPHER:
			data = []byte(tls.CipherSuiteName(st.CipherSuite) + " " + strconv.Itoa(core.CipherBits(st.CipherSuite)))
		case C.GOHTTP_TLSINFO_ALPN:
			data = []byte(st.NegotiatedProtocol)
		default:
			return badArg("unknown TLS info %d", int(what))
		}
		if !ok {
			found = false
			*n = 0
			return nil
		}
		return copyOut(data, buf, cap, n)
	})
	if rc == C.GOHTTP_OK && !found {
		return C.GOHTTP_NOTFOUND
	}
	return rc
}

func goHeaders(h *C.gohttp__cheader, n C.size_t) ([]core.RequestHeader, error) {
	if n == 0 {
		return nil, nil
	}
	if h == nil {
		return nil, badArg("headers is NULL with count %d", uint64(n))
	}
	if uint64(n) > 1<<20 {
		return nil, badArg("header count %d is too large", uint64(n))
	}
	src := unsafe.Slice(h, int(n))
	out := make([]core.RequestHeader, len(src))
	for i := range src {
		name, err := gobytes(src[i].name, src[i].name_len)
		if err != nil {
			return nil, err
		}
		if src[i].name == nil {
			return nil, badArg("header %d has a NULL name", i)
		}
		value, err := gobytes(src[i].value, src[i].value_len)
		if err != nil {
			return nil, err
		}
		if src[i].value == nil {
			value = []byte{}
		}
		out[i] = core.RequestHeader{Name: name, Value: value, NameIsBytes: src[i].flags&C.GOHTTP_HEADER_NAME_BYTES != 0}
	}
	return out, nil
}

// gohttp_conn_set_tunnel makes the connection go through an HTTP CONNECT
// proxy (http.client's set_tunnel): the connection's host and port are
// the proxy's; host/port (port < 0: from host) name the end of the tunnel,
// and headers (such as Proxy-Authorization) are sent with the CONNECT,
// with "Host: host:port" added unless given. The headers are copied.
// A NULL host with length 0 removes the tunnel.
//
// Returns: GOHTTP_OK; GOHTTP_E_RUNTIME (the connection is already open);
// GOHTTP_E_INVALID_URL (bad port); GOHTTP_E_VALUE (control characters in
// host or headers); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_set_tunnel
func gohttpgo_conn_set_tunnel(c *C.gohttp_conn, host *C.gohttp__cchar, host_len C.size_t, port C.int, headers *C.gohttp__cheader, nheaders C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if host == nil && host_len == 0 {
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

// gohttp_conn_proxy_headers copies the raw header lines of the proxy's
// reply to the last CONNECT (get_proxy_response_headers) into buf.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND when no CONNECT was sent (*n = 0);
// GOHTTP_E_RANGE; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_proxy_headers
func gohttpgo_conn_proxy_headers(c *C.gohttp_conn, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	found := true
	rc := withConn(unsafe.Pointer(c), func(b *connBox) error {
		raw, ok := b.conn.ProxyResponseHeaders()
		found = ok
		return copyOut(raw, buf, cap, n)
	})
	if rc == C.GOHTTP_OK && !found {
		return C.GOHTTP_NOTFOUND
	}
	return rc
}

// gohttp_conn_putrequest starts a request (http.client's putrequest):
// the request line for method and url ("" means "/"), then Host and
// Accept-Encoding unless flags has GOHTTP_SKIP_HOST or
// GOHTTP_SKIP_ACCEPT_ENCODING. Nothing is sent until
// gohttp_conn_endheaders.
//
// Returns: GOHTTP_OK; GOHTTP_E_CANNOT_SEND_REQUEST (not Idle; the state
// name is the error's arg); GOHTTP_E_VALUE (control characters in
// method); GOHTTP_E_INVALID_URL (control characters or spaces in url);
// GOHTTP_E_ENCODE (non-ASCII method or url); GOHTTP_E_BADHANDLE;
// GOHTTP_E_ARG.
//
//export gohttpgo_conn_putrequest
func gohttpgo_conn_putrequest(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.size_t, url *C.gohttp__cchar, url_len C.size_t, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		u, err := gostr(url, url_len, "url")
		if err != nil {
			return err
		}
		return b.conn.PutRequest(m, u, flags&C.GOHTTP_SKIP_HOST != 0, flags&C.GOHTTP_SKIP_ACCEPT_ENCODING != 0)
	})
}

// gohttp_conn_putheader adds the header "name: value" to the request
// being built (http.client's putheader with one value).
//
// Returns: GOHTTP_OK; GOHTTP_E_CANNOT_SEND_HEADER (no request started);
// GOHTTP_E_VALUE ("Invalid header name"/"Invalid header value": a CR or LF
// not followed by a blank, a colon or leading blank in the name);
// GOHTTP_E_ENCODE (non-ASCII name); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_putheader
func gohttpgo_conn_putheader(c *C.gohttp_conn, name *C.gohttp__cchar, name_len C.size_t, value *C.gohttp__cchar, value_len C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		n, err := gobytes(name, name_len)
		if err != nil {
			return err
		}
		if name == nil {
			return badArg("name is NULL")
		}
		v, err := gobytes(value, value_len)
		if err != nil {
			return err
		}
		return b.conn.PutHeader(n, v)
	})
}

// gohttp_conn_putheader_values adds a header with several values, sent as
// continuation lines (http.client's putheader(name, *values)): values[i]
// has lens[i] bytes (GOHTTP_STRLEN allowed), for i < count.
//
// Returns: as gohttp_conn_putheader.
//
//export gohttpgo_conn_putheader_values
func gohttpgo_conn_putheader_values(c *C.gohttp_conn, name *C.gohttp__cchar, name_len C.size_t, values **C.gohttp__cchar, lens *C.gohttp__csize, count C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		n, err := gobytes(name, name_len)
		if err != nil {
			return err
		}
		if name == nil {
			return badArg("name is NULL")
		}
		if count > 0 && (values == nil || lens == nil) {
			return badArg("values or lens is NULL")
		}
		if uint64(count) > 1<<20 {
			return badArg("too many values")
		}
		var vs [][]byte
		if count > 0 {
			ps := unsafe.Slice(values, int(count))
			ls := unsafe.Slice((*C.size_t)(unsafe.Pointer(lens)), int(count))
			vs = make([][]byte, count)
			for i := range ps {
				if ps[i] == nil {
					return badArg("value %d is NULL", i)
				}
				if vs[i], err = gobytes(ps[i], ls[i]); err != nil {
					return err
				}
			}
		}
		return b.conn.PutHeader(n, vs...)
	})
}

func bytesBody(body *C.gohttp__cchar, bodyLen C.size_t) (*core.Body, error) {
	if body == nil {
		if bodyLen != 0 {
			return nil, badArg("body is NULL with length %d", uint64(bodyLen))
		}
		return nil, nil
	}
	// The body is only read while the call runs (core keeps no reference
	// to it after EndHeaders), so it is used in place, not copied.
	data, err := dataView(body, bodyLen, "body")
	if err != nil {
		return nil, err
	}
	return &core.Body{Data: data}, nil
}

func streamBody(fn C.gohttp_body_fn, user unsafe.Pointer) *core.Body {
	return &core.Body{Next: func() ([]byte, error) {
		var data *C.char
		var n C.size_t
		rc := C.gohttp__call_body(fn, user, &data, &n)
		switch {
		case rc < 0:
			return nil, &callbackError{rc: int(rc)}
		case rc == 0:
			return nil, io.EOF
		case n == 0:
			return []byte{}, nil
		case data == nil || uint64(n) > maxView:
			return nil, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
		}
		// Valid until the next call of fn; core sends it before that.
		return unsafe.Slice((*byte)(unsafe.Pointer(data)), int(n)), nil
	}}
}

// gohttp_conn_endheaders ends the header block and sends it, then the
// body (http.client's endheaders): body of body_len bytes, or none if body
// is NULL. With GOHTTP_ENCODE_CHUNKED in flags the body is sent as one
// chunk followed by the last chunk (give Transfer-Encoding yourself).
// The connection is opened first if needed.
//
// Returns: GOHTTP_OK; GOHTTP_E_CANNOT_SEND_HEADER; GOHTTP_E_NOT_CONNECTED;
// the connect errors of gohttp_conn_connect; GOHTTP_E_OS, GOHTTP_E_TIMEOUT
// while sending; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_endheaders
func gohttpgo_conn_endheaders(c *C.gohttp_conn, body *C.gohttp__cchar, body_len C.size_t, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		bd, err := bytesBody(body, body_len)
		if err != nil {
			return err
		}
		return b.conn.EndHeaders(bd, flags&C.GOHTTP_ENCODE_CHUNKED != 0)
	})
}

// gohttp_conn_endheaders_stream is gohttp_conn_endheaders with a streamed
// body: fn(user, &data, &len) is called for each piece until it returns
// 0. With GOHTTP_ENCODE_CHUNKED each piece is sent as one chunk.
//
// Returns: as gohttp_conn_endheaders; GOHTTP_E_CALLBACK when fn aborted.
//
//export gohttpgo_conn_endheaders_stream
func gohttpgo_conn_endheaders_stream(c *C.gohttp_conn, fn C.gohttp_body_fn, user unsafe.Pointer, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if fn == nil {
			return badArg("body callback is NULL")
		}
		return b.conn.EndHeaders(streamBody(fn, user), flags&C.GOHTTP_ENCODE_CHUNKED != 0)
	})
}

// gohttp_conn_send sends len bytes of data as they are (http.client's
// send), connecting first if needed. It ignores the request state.
//
// Returns: GOHTTP_OK; GOHTTP_E_NOT_CONNECTED; connect and send errors;
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_send
func gohttpgo_conn_send(c *C.gohttp_conn, data *C.gohttp__cchar, len C.size_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		d, err := dataView(data, len, "data")
		if err != nil {
			return err
		}
		return b.conn.Send(d)
	})
}

// gohttp_conn_request sends a whole request (http.client's request):
// method, url, the nheaders headers in order, and a body of body_len bytes
// (body NULL: none). Host and Accept-Encoding are added unless the
// headers hold them; Content-Length is added for a body (and as 0 for
// POST, PUT and PATCH without one) unless the headers hold Content-Length
// or Transfer-Encoding. flags may hold GOHTTP_ENCODE_CHUNKED, honoured
// only with a caller Transfer-Encoding header, as in http.client.
//
// Returns: the codes of gohttp_conn_putrequest, gohttp_conn_putheader and
// gohttp_conn_endheaders.
//
//export gohttpgo_conn_request
func gohttpgo_conn_request(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.size_t, url *C.gohttp__cchar, url_len C.size_t, headers *C.gohttp__cheader, nheaders C.size_t, body *C.gohttp__cchar, body_len C.size_t, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		u, err := gostr(url, url_len, "url")
		if err != nil {
			return err
		}
		hs, err := goHeaders(headers, nheaders)
		if err != nil {
			return err
		}
		bd, err := bytesBody(body, body_len)
		if err != nil {
			return err
		}
		return b.conn.Request(m, u, hs, bd, flags&C.GOHTTP_ENCODE_CHUNKED != 0)
	})
}

// gohttp_conn_request_stream is gohttp_conn_request with a streamed body
// of unknown length, pulled from fn(user, &data, &len) piece by piece: it
// is sent chunk-encoded ("Transfer-Encoding: chunked") unless the headers
// hold Content-Length or Transfer-Encoding.
//
// Returns: as gohttp_conn_request; GOHTTP_E_CALLBACK when fn aborted.
//
//export gohttpgo_conn_request_stream
func gohttpgo_conn_request_stream(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.size_t, url *C.gohttp__cchar, url_len C.size_t, headers *C.gohttp__cheader, nheaders C.size_t, fn C.gohttp_body_fn, user unsafe.Pointer, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if fn == nil {
			return badArg("body callback is NULL")
		}
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		u, err := gostr(url, url_len, "url")
		if err != nil {
			return err
		}
		hs, err := goHeaders(headers, nheaders)
		if err != nil {
			return err
		}
		return b.conn.Request(m, u, hs, streamBody(fn, user), flags&C.GOHTTP_ENCODE_CHUNKED != 0)
	})
}

// gohttp_conn_start_request is the first half of gohttp_conn_request, for
// bindings that send the caller's headers one by one: putrequest with the
// skips that the header names imply, then the automatic Content-Length or
// Transfer-Encoding for a body of kind body_kind (GOHTTP_BODY_*) and
// body_len bytes. Only the names of headers are used. body_repr (may be
// NULL) describes a streamed body in the debug output. *encode_chunked
// receives whether gohttp_conn_endheaders must get GOHTTP_ENCODE_CHUNKED.
//
// Returns: as gohttp_conn_putrequest and gohttp_conn_putheader.
//
//export gohttpgo_conn_start_request
func gohttpgo_conn_start_request(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.size_t, url *C.gohttp__cchar, url_len C.size_t, headers *C.gohttp__cheader, nheaders C.size_t, body_kind C.int, body_len C.size_t, body_repr *C.gohttp__cchar, flags C.int, encode_chunked *C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if encode_chunked == nil {
			return badArg("encode_chunked is NULL")
		}
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		u, err := gostr(url, url_len, "url")
		if err != nil {
			return err
		}
		hs, err := goHeaders(headers, nheaders)
		if err != nil {
			return err
		}
		names := make([][]byte, len(hs))
		isBytes := make([]bool, len(hs))
		for i, h := range hs {
			names[i], isBytes[i] = h.Name, h.NameIsBytes
		}
		var bd *core.Body
		switch body_kind {
		case C.GOHTTP_BODY_NONE:
		case C.GOHTTP_BODY_BYTES:
			if uint64(body_len) > 1<<50 {
				return badArg("body length too large")
			}
			bd = &core.Body{Length: int64(body_len)}
		case C.GOHTTP_BODY_STREAM:
			bd = &core.Body{Next: func() ([]byte, error) { return nil, io.EOF }}
			if body_repr != nil {
				bd.Repr = C.GoString((*C.char)(unsafe.Pointer(body_repr)))
			}
		default:
			return badArg("unknown body kind %d", int(body_kind))
		}
		chunked, err := b.conn.StartRequest(m, u, names, isBytes, bd, flags&C.GOHTTP_ENCODE_CHUNKED != 0)
		*encode_chunked = 0
		if chunked {
			*encode_chunked = 1
		}
		return err
	})
}
