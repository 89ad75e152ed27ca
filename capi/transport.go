package main

/*
#include <stdlib.h>
#include "helpers.h"
*/
import "C"

import (
	"io"
	"syscall"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

// cTransport is a host-provided transport: C callbacks.
type cTransport struct {
	read  C.gohttp_read_fn
	write C.gohttp_write_fn
	close C.gohttp_close_fn
	user  unsafe.Pointer
	buf   unsafe.Pointer
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
	var n C.int64_t
	rc := C.gohttp__call_read(t.read, t.user, unsafe.Pointer(&p[0]), C.int64_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if n == 0 {
		return 0, io.EOF
	}
	if n < 0 || int64(n) > int64(len(p)) {
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
			C.free(t.buf)
		}
		t.cap = len(p)
		if t.cap < 16<<10 {
			t.cap = 16 << 10
		}
		t.buf = C.malloc(C.size_t(t.cap))
	}
	copy(unsafe.Slice((*byte)(t.buf), len(p)), p)
	var n C.int64_t
	rc := C.gohttp__call_write(t.write, t.user, t.buf, C.int64_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if n < 0 || int64(n) > int64(len(p)) {
		return 0, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
	}
	return int(n), nil
}

func (t *cTransport) Close() error {
	if !t.done {
		t.done = true
		C.gohttp__call_close(t.close, t.user)
		if t.buf != nil {
			C.free(t.buf)
			t.buf = nil
		}
	}
	return nil
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
	var n C.int64_t
	rc := C.gohttp__call_file(t.file, t.user, op, unsafe.Pointer(&p[0]), C.int64_t(len(p)), &n)
	if rc != 0 {
		return 0, transportErr(rc)
	}
	if n < 0 || int64(n) > int64(len(p)) {
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

// goTransport checks a gohttp_transport and makes the core's transport
// from it; write tells whether write is required.
func goTransport(t *C.gohttp__ctransport, write bool) (core.Transport, error) {
	if t == nil {
		return nil, badArg("transport is NULL")
	}
	if _, err := structSize(t.size, unsafe.Sizeof(C.gohttp_transport{}), "gohttp_transport"); err != nil {
		return nil, err
	}
	if t.read == nil && t.file == nil {
		return nil, badArg("the transport needs a read or a file callback")
	}
	if write && t.write == nil {
		return nil, badArg("the transport needs a write callback")
	}
	ct := cTransport{read: t.read, write: t.write, close: t.close, user: t.user}
	if t.file != nil {
		return &cFileTransport{cTransport: ct, file: t.file}, nil
	}
	return &ct, nil
}

// gohttp_conn_set_transport gives the connection a socket the caller owns,
// as assigning http.client's conn.sock does: from now on its bytes go
// through t's callbacks (with t->user passed through), and t->close is
// called once the library is done with it (when the connection closes,
// or after the last response using it). With t->file, responses are read
// through the host's buffered reader, exactly as far as each goes. The
// connection's previous socket, if any, is closed. TLS and tunnels are
// not applied to such a transport: give an already secured one. t NULL
// closes the socket, and the next request connects the library's own.
//
// Ownership: *t is copied; t->user must stay valid until t->close is
// called.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (t->size too small,
// no read or file callback, no write callback); GOHTTP_E_BUSY.
//
//gohttp:section transport
//gohttp:nullable t
//export gohttpgo_conn_set_transport
func gohttpgo_conn_set_transport(c *C.gohttp_conn, t *C.gohttp__ctransport) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if t == nil {
			b.conn.Close()
			return nil
		}
		tr, err := goTransport(t, true)
		if err != nil {
			return err
		}
		b.conn.SetTransport(tr)
		return nil
	})
}

// gohttp_resp_new makes a response that reads a server's reply from a
// transport the caller provides (http.client's HTTPResponse(sock)):
// t->read, or t->file to read exactly through the host's buffered reader;
// t->write is not used. method is the request's method ("HEAD" reads no
// body). Nothing is read until gohttp_resp_begin.
//
// Ownership: on success *out is a new handle to free with
// gohttp_resp_free, which calls t->close; *t is copied.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (t, method or out NULL, t->size too
// small, no read or file callback).
//
//gohttp:section transport
//export gohttpgo_resp_new
func gohttpgo_resp_new(t *C.gohttp__ctransport, method *C.gohttp__cchar, method_len C.int64_t, out **C.gohttp_resp) C.int {
	if out == nil {
		return fail(C.GOHTTP_E_ARG, "out is NULL")
	}
	*out = nil
	var r *core.Response
	err := guard(func() error {
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		tr, err := goTransport(t, false)
		if err != nil {
			return err
		}
		r = core.NewResponse(tr, m)
		return nil
	})
	if err != nil {
		return setErr(err)
	}
	*out = (*C.gohttp_resp)(saveHandle(&respBox{handle: handle{fam: &family{}}, resp: r}))
	return C.GOHTTP_OK
}

// gohttp_resp_begin reads the status line and headers of a response made
// by gohttp_resp_new or gohttp_conn_response (http.client's begin()) and
// fills *info when it is not NULL (head_copied is 0: fetch the reason and
// headers with gohttp_resp_get). Once the head is read it only reports
// it again.
//
// Returns: GOHTTP_OK; the codes of gohttp_conn_getresponse.
//
//gohttp:section transport
//gohttp:nullable info
//gohttp:dir info=inout
//export gohttpgo_resp_begin
func gohttpgo_resp_begin(r *C.gohttp_resp, info *C.struct_gohttp_resp_info) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if info != nil {
			if _, err := structSize(info.size, unsafe.Sizeof(C.struct_gohttp_resp_info{}), "gohttp_resp_info"); err != nil {
				return err
			}
		}
		if err := b.resp.Begin(); err != nil {
			return err
		}
		if info != nil {
			fillInfo(b.resp, info, false, -1)
		}
		return nil
	})
}

// gohttp_conn_set_debug sets the debug level (http.client's
// set_debuglevel): above 0, the library reports what it sends and
// receives in http.client's format ("send: b'...'", "reply: '...'",
// "header: Name: value"), one line per call of fn(user, line, len). With
// fn NULL, lines go to stdout.
//
// Ownership: user is passed through untouched; fn and user must stay
// valid while the level is above 0.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section debug
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
	C.gohttp__call_debug(b.debugFn, b.debugUser, p, C.int64_t(len(line)))
}
