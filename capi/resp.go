package main

/*
#include <stdlib.h>
#include "helpers.h"
*/
import "C"

import (
	"bytes"
	"strconv"
	"unsafe"

	"github.com/gohttp/gohttp/core"
	pointer "github.com/mattn/go-pointer"
)

func newRespHandle(b *connBox, r *core.Response) *C.gohttp_resp {
	rb := &respBox{handle: handle{fam: b.fam}, resp: r}
	return (*C.gohttp_resp)(saveHandle(rb))
}

// gohttp_conn_getresponse reads the status line and headers of the
// response to the request sent (http.client's getresponse), skipping
// interim 100 Continue responses. On success *out is a new response
// handle (free it with gohttp_resp_free); the body is read with
// gohttp_resp_read and friends. If the response will close the
// connection, the socket passes to the response and the next request
// reconnects.
//
// Returns: GOHTTP_OK; GOHTTP_E_RESPONSE_NOT_READY (no request sent, or the
// previous response is unread); GOHTTP_E_REMOTE_DISCONNECTED (the server
// closed without answering: the connection is closed, retry on it);
// GOHTTP_E_BAD_STATUS_LINE; GOHTTP_E_UNKNOWN_PROTOCOL;
// GOHTTP_E_LINE_TOO_LONG; GOHTTP_E_HTTP (too many headers);
// GOHTTP_E_TIMEOUT; GOHTTP_E_OS; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_conn_getresponse
func gohttpgo_conn_getresponse(c *C.gohttp_conn, out **C.gohttp_resp) C.int {
	return gohttpgo_conn_getresponse_info(c, out, nil, nil, 0)
}

// gohttp_conn_getresponse_info is gohttp_conn_getresponse that also
// fills *meta (if not NULL) and copies the reason phrase followed by the
// raw header block into buf, so that a binding learns everything about
// the new response in one call. When buf is too small, meta->truncated is
// 1 and the call still succeeds.
//
// Returns: as gohttp_conn_getresponse.
//
//export gohttpgo_conn_getresponse_info
func gohttpgo_conn_getresponse_info(c *C.gohttp_conn, out **C.gohttp_resp, meta *C.gohttp_resp_info, buf *C.char, cap C.size_t) C.int {
	if out != nil {
		*out = nil
	}
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if out == nil {
			return badArg("out is NULL")
		}
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		r, err := b.conn.GetResponse()
		if err != nil {
			return err
		}
		if meta != nil {
			fillMeta(r, meta, dst)
		}
		*out = newRespHandle(b, r)
		return nil
	})
}

// gohttp_conn_response makes the response to the request sent without
// reading it (the first half of gohttp_conn_getresponse), for bindings
// whose response objects are built by a class of the caller's before the
// head is read (http.client's response_class). gohttp_resp_begin then
// reads the head and does the rest of getresponse: the connection goes
// back to Idle and closes or keeps the response, and a failure closes the
// response (and the connection, for a connection error).
//
// Returns: GOHTTP_OK; GOHTTP_E_RESPONSE_NOT_READY; GOHTTP_E_OS (the
// socket went away); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (out NULL).
//
//export gohttpgo_conn_response
func gohttpgo_conn_response(c *C.gohttp_conn, out **C.gohttp_resp) C.int {
	if out != nil {
		*out = nil
	}
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if out == nil {
			return badArg("out is NULL")
		}
		r, err := b.conn.NewResponse()
		if err != nil {
			return err
		}
		*out = newRespHandle(b, r)
		return nil
	})
}

func fillMeta(r *core.Response, meta *C.gohttp_resp_info, dst []byte) {
	meta.status = C.int(r.Status)
	meta.version = C.int(r.Version)
	meta.will_close = cbool(r.WillClose)
	meta.chunked = cbool(r.Chunked)
	meta.length = -1
	meta.has_length = cbool(r.HasLength)
	if r.HasLength {
		meta.length = C.int64_t(r.Length)
	}
	meta.closed = cbool(r.Closed())
	meta.isclosed = cbool(r.IsClosed())
	meta.reason_len = C.size_t(len(r.Reason))
	meta.headers_len = C.size_t(len(r.RawHeaders))
	meta.truncated = 0
	if len(r.Reason)+len(r.RawHeaders) > len(dst) {
		meta.truncated = 1
		return
	}
	n := copy(dst, r.Reason)
	copy(dst[n:], r.RawHeaders)
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// gohttp_resp_new makes a response that reads a server's reply from a
// transport the caller provides (http.client's HTTPResponse(sock)): read
// and close as for gohttp_conn_set_transport, user passed through, method
// the request's method ("HEAD" reads no body). Nothing is read until
// gohttp_resp_begin. Free the handle with gohttp_resp_free, which calls
// close.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (read, method or out NULL).
//
//export gohttpgo_resp_new
func gohttpgo_resp_new(read C.gohttp_read_fn, close C.gohttp_close_fn, user unsafe.Pointer, method *C.gohttp__cchar, method_len C.size_t, out **C.gohttp_resp) C.int {
	if out == nil || read == nil {
		return C.GOHTTP_E_ARG
	}
	*out = nil
	var r *core.Response
	err := guard(func() error {
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		r = core.NewResponse(&cTransport{read: read, close: close, user: user}, m)
		return nil
	})
	if err != nil {
		return setCreateErr(err)
	}
	*out = (*C.gohttp_resp)(saveHandle(&respBox{handle: handle{fam: &family{}}, resp: r}))
	return C.GOHTTP_OK
}

// gohttp_resp_new_file is gohttp_resp_new for a host that reads its
// socket through a buffered reader of its own (see gohttp_file_fn): the
// response takes exactly its own bytes from file, and what follows stays
// in the host's reader (http.client's HTTPResponse(sock) on
// sock.makefile("rb")).
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (file, method or out NULL).
//
//export gohttpgo_resp_new_file
func gohttpgo_resp_new_file(file C.gohttp_file_fn, close C.gohttp_close_fn, user unsafe.Pointer, method *C.gohttp__cchar, method_len C.size_t, out **C.gohttp_resp) C.int {
	if out == nil || file == nil {
		return C.GOHTTP_E_ARG
	}
	*out = nil
	var r *core.Response
	err := guard(func() error {
		m, err := gostr(method, method_len, "method")
		if err != nil {
			return err
		}
		r = core.NewResponse(&cFileTransport{cTransport: cTransport{close: close, user: user}, file: file}, m)
		return nil
	})
	if err != nil {
		return setCreateErr(err)
	}
	*out = (*C.gohttp_resp)(saveHandle(&respBox{handle: handle{fam: &family{}}, resp: r}))
	return C.GOHTTP_OK
}

// gohttp_resp_set_debug makes a response made by gohttp_resp_new or
// gohttp_resp_new_file report what it reads (http.client's
// HTTPResponse(sock, debuglevel)): with level above 0, the status line and
// headers in http.client's format, one line per call of fn(user, line,
// len); with fn NULL, to stdout. Responses from gohttp_conn_getresponse
// follow their connection's gohttp_conn_set_debug.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_resp_set_debug
func gohttpgo_resp_set_debug(r *C.gohttp_resp, level C.int, fn C.gohttp_debug_fn, user unsafe.Pointer) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if level <= 0 {
			b.resp.SetDebug(nil)
			return nil
		}
		b.resp.SetDebug(func(line string) {
			p := C.CString(line)
			defer C.free(unsafe.Pointer(p))
			C.gohttp__call_debug(fn, user, p, C.size_t(len(line)))
		})
		return nil
	})
}

// gohttp_resp_begin reads the status line and headers of a response made
// by gohttp_resp_new (http.client's begin()), and fills *info (if not
// NULL) and buf as gohttp_conn_getresponse_info does. Once the headers
// are read it only reports them again.
//
// Returns: as gohttp_conn_getresponse.
//
//export gohttpgo_resp_begin
func gohttpgo_resp_begin(r *C.gohttp_resp, info *C.gohttp_resp_info, buf *C.char, cap C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		if err := b.resp.Begin(); err != nil {
			return err
		}
		if info != nil {
			fillMeta(b.resp, info, dst)
		}
		return nil
	})
}

// gohttp_resp_free closes the response and frees the handle. NULL is
// accepted and ignored. If another thread is inside a call on the
// response's connection, the handle is freed at once and the response
// closed when that call returns.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE (nothing is freed).
//
//export gohttpgo_resp_free
func gohttpgo_resp_free(r *C.gohttp_resp) C.int {
	return freeHandle[*respBox](unsafe.Pointer(r))
}

// gohttp_resp_close closes the response (its part of the socket) without
// freeing the handle: http.client's close(). Reads then return no data.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE.
//
//export gohttpgo_resp_close
func gohttpgo_resp_close(r *C.gohttp_resp) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		b.resp.Close()
		b.pending = nil // reads after close() return no data
		return nil
	})
}

// gohttp_resp_cancel is gohttp_conn_cancel for the connection r reads
// from, for when that connection's handle is gone (a response outlives
// its connection's free) or for a response made with gohttp_resp_new
// (whose read callback is checked for a cancel before each call). It
// may be called from any thread while another is blocked on r.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE (r is not a live response).
//
//export gohttpgo_resp_cancel
func gohttpgo_resp_cancel(r *C.gohttp_resp) C.int {
	b, ok := pointer.Restore(unsafe.Pointer(r)).(*respBox)
	if !ok {
		return C.GOHTTP_E_BADHANDLE
	}
	// Not withResp: the family's lock is what the blocked call holds.
	if err := guard(func() error { b.resp.Cancel(); return nil }); err != nil {
		return C.GOHTTP_E_INTERNAL
	}
	return C.GOHTTP_OK
}

// gohttp_resp_errmsg describes the calling thread's last failed call on
// r (each thread has its own, as with errno). The string belongs to r and
// stays valid until the thread's next failed call on r or r's free.
//
// Returns: the message, "no error", or a static text for a bad handle.
//
//export gohttpgo_resp_errmsg
func gohttpgo_resp_errmsg(r *C.gohttp_resp) *C.gohttp__cchar {
	return errmsgOf[*respBox](unsafe.Pointer(r))
}

// gohttp_resp_lasterror fills *out with the details of the last failed
// call on r; for GOHTTP_E_INCOMPLETE_READ, out->partial holds the bytes
// read and out->expected the bytes missing (-1 if unknown). Each thread
// has its own last error. The pointers belong to r and stay valid until
// the thread's next failed call on r or r's free.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_lasterror
func gohttpgo_resp_lasterror(r *C.gohttp_resp, out *C.gohttp_error) C.int {
	return lasterrorOf[*respBox](unsafe.Pointer(r), out)
}

// gohttp_resp_getinfo fills *meta with the response's status, version,
// will_close, chunked and length left (-1 if unknown), as they are now,
// and copies the reason phrase and raw headers into buf as
// gohttp_conn_getresponse_info does.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_getinfo
func gohttpgo_resp_getinfo(r *C.gohttp_resp, meta *C.gohttp_resp_info, buf *C.char, cap C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if meta == nil {
			return badArg("meta is NULL")
		}
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		fillMeta(b.resp, meta, dst)
		return nil
	})
}

func respInt(r *C.gohttp_resp, out *C.int, f func(*core.Response) int) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if out == nil {
			return badArg("out is NULL")
		}
		*out = C.int(f(b.resp))
		return nil
	})
}

// gohttp_resp_status stores the status code (e.g. 200) in *status.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_status
func gohttpgo_resp_status(r *C.gohttp_resp, status *C.int) C.int {
	return respInt(r, status, func(x *core.Response) int { return x.Status })
}

// gohttp_resp_version stores 10 (HTTP/1.0 or 0.9) or 11 (HTTP/1.x) in
// *version.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_version
func gohttpgo_resp_version(r *C.gohttp_resp, version *C.int) C.int {
	return respInt(r, version, func(x *core.Response) int { return x.Version })
}

// gohttp_resp_will_close stores 1 in *will_close if the connection closes
// after this response, else 0.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_will_close
func gohttpgo_resp_will_close(r *C.gohttp_resp, will_close *C.int) C.int {
	return respInt(r, will_close, func(x *core.Response) int { return int(cbool(x.WillClose)) })
}

// gohttp_resp_isclosed stores 1 in *closed once the response has let go of
// the socket (its body was read to the end, or it was closed): http.client's
// isclosed().
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_isclosed
func gohttpgo_resp_isclosed(r *C.gohttp_resp, closed *C.int) C.int {
	return respInt(r, closed, func(x *core.Response) int { return int(cbool(x.IsClosed())) })
}

// gohttp_resp_length stores the number of body bytes left in *length, or
// -1 when unknown (chunked, or delimited by the connection's close).
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_length
func gohttpgo_resp_length(r *C.gohttp_resp, length *C.int64_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if length == nil {
			return badArg("length is NULL")
		}
		*length = -1
		if b.resp.HasLength {
			*length = C.int64_t(b.resp.Length)
		}
		return nil
	})
}

// gohttp_resp_fileno stores the socket's file descriptor in *fd, or -1
// when the response has no socket (closed, or a host transport).
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_fileno
func gohttpgo_resp_fileno(r *C.gohttp_resp, fd *C.int) C.int {
	return respInt(r, fd, func(x *core.Response) int { return x.Fd() })
}

// gohttp_resp_reason copies the reason phrase (latin-1 bytes) into buf.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_reason
func gohttpgo_resp_reason(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		return copyOut([]byte(b.resp.Reason), buf, cap, n)
	})
}

// gohttp_resp_rawheaders copies the header lines exactly as received,
// with the blank line that ended them, into buf (for bindings that build
// their own header object).
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_rawheaders
func gohttpgo_resp_rawheaders(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		return copyOut(b.resp.RawHeaders, buf, cap, n)
	})
}

// gohttp_resp_getheader copies the value of header name into buf, the
// values of repeated fields joined with ", " (http.client's getheader).
// Names match case-insensitively. When there is none, dflt (if not NULL,
// dflt_len bytes or GOHTTP_STRLEN) is copied instead and the call returns
// GOHTTP_NOTFOUND.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND; GOHTTP_E_RANGE (*n is the size
// needed); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_getheader
func gohttpgo_resp_getheader(r *C.gohttp_resp, name *C.gohttp__cchar, name_len C.size_t, dflt *C.gohttp__cchar, dflt_len C.size_t, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	found := true
	rc := withResp(unsafe.Pointer(r), func(b *respBox) error {
		nm, err := gostr(name, name_len, "name")
		if err != nil {
			return err
		}
		v, ok := b.resp.Headers.Join(nm)
		if !ok {
			found = false
			d, err := gobytes(dflt, dflt_len)
			if err != nil {
				return err
			}
			v = string(d)
		}
		return copyOut([]byte(v), buf, cap, n)
	})
	if rc == C.GOHTTP_OK && !found {
		return C.GOHTTP_NOTFOUND
	}
	return rc
}

// gohttp_resp_header_count stores the number of header fields in *count.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_header_count
func gohttpgo_resp_header_count(r *C.gohttp_resp, count *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if count == nil {
			return badArg("count is NULL")
		}
		*count = C.size_t(len(b.resp.Headers))
		return nil
	})
}

// gohttp_resp_header_at copies the name and value of header field index
// (0-based, in received order, duplicates included: getheaders()) into
// name_buf and value_buf.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (both *name_n and *value_n hold the
// sizes needed); GOHTTP_E_ARG (index out of range); GOHTTP_E_BADHANDLE.
//
//export gohttpgo_resp_header_at
func gohttpgo_resp_header_at(r *C.gohttp_resp, index C.size_t, name_buf *C.char, name_cap C.size_t, name_n *C.size_t, value_buf *C.char, value_cap C.size_t, value_n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if uint64(index) >= uint64(len(b.resp.Headers)) {
			return badArg("header index %d out of range", uint64(index))
		}
		if name_n == nil || value_n == nil {
			return badArg("length pointer is NULL")
		}
		h := b.resp.Headers[index]
		*name_n, *value_n = C.size_t(len(h.Name)), C.size_t(len(h.Value))
		if !fits(len(h.Name), name_cap) || !fits(len(h.Value), value_cap) {
			return &rangeError{need: len(h.Name) + len(h.Value)}
		}
		if err := copyOut([]byte(h.Name), name_buf, name_cap, name_n); err != nil {
			return err
		}
		return copyOut([]byte(h.Value), value_buf, value_cap, value_n)
	})
}

// gohttp_resp_trailers copies the raw trailer lines of a chunked body
// (available once the body has been read to its end) into buf.
// http.client discards them; gohttp keeps them.
//
// Returns: GOHTTP_OK (*n = 0 when there are none); GOHTTP_E_RANGE;
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_trailers
func gohttpgo_resp_trailers(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		var raw []byte
		for _, h := range b.resp.Trailers {
			raw = append(raw, h.Name...)
			raw = append(raw, ':', ' ')
			raw = append(raw, h.Value...)
			raw = append(raw, '\r', '\n')
		}
		return copyOut(raw, buf, cap, n)
	})
}

// Kept results. A read that collects its result in the library
// (gohttp_resp_readall, _read_amt, _readline) and finds the caller's
// buffer too small keeps the result and returns GOHTTP_E_RANGE. The kept
// bytes are the next bytes of the body: every read call, whichever it
// is, takes from them first, so that no call can deliver body bytes out
// of order. Retrying the same call with a large enough buffer returns
// exactly the kept result.

// takePending removes and returns the first k kept bytes (all of them
// when k < 0 or k is larger).
func (b *respBox) takePending(k int64) []byte {
	p := b.pending
	if k < 0 || k >= int64(len(p)) {
		b.pending = nil
		return p
	}
	b.pending = p[k:]
	return p[:k]
}

// unread puts data back in front of the kept bytes: a call that failed
// after taking them loses nothing.
func (b *respBox) unread(data []byte) {
	if len(data) == 0 {
		return
	}
	b.pending = append(append(make([]byte, 0, len(data)+len(b.pending)), data...), b.pending...)
}

// deliver hands a result to the caller, or keeps it in front of the kept
// bytes when the buffer is too small (or any other failure): data is
// never lost.
func (b *respBox) deliver(data []byte, buf *C.char, cap C.size_t, n *C.size_t) error {
	if err := copyOut(data, buf, cap, n); err != nil {
		b.unread(data)
		return err
	}
	return nil
}

// gohttp_resp_read reads up to cap body bytes into buf and stores the
// count in *n (http.client's read(cap), which is also readinto): it
// returns fewer only at the end of the body. *n == 0 with GOHTTP_OK means
// the body is done. Bytes kept by an earlier GOHTTP_E_RANGE come first.
//
// Returns: GOHTTP_OK; GOHTTP_E_INCOMPLETE_READ (a chunked body broke off;
// lasterror has the partial bytes); GOHTTP_E_LINE_TOO_LONG;
// GOHTTP_E_TIMEOUT; GOHTTP_E_OS; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_read
func gohttpgo_resp_read(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return gohttpgo_resp_readinto(r, buf, cap, n)
}

// gohttp_resp_readinto is gohttp_resp_read under http.client's other name.
//
// Returns: as gohttp_resp_read.
//
//export gohttpgo_resp_readinto
func gohttpgo_resp_readinto(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if n == nil {
			return badArg("n is NULL")
		}
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		kept := b.takePending(int64(len(dst)))
		k := copy(dst, kept)
		if k == len(dst) {
			*n = C.size_t(k)
			return nil
		}
		got, err := b.resp.ReadInto(dst[k:])
		if err != nil {
			b.unread(kept)
			return err
		}
		*n = C.size_t(k + got)
		return nil
	})
}

// gohttp_resp_read_status reads one status line from a response made by
// gohttp_resp_new_file or gohttp_resp_new (http.client's _read_status,
// which tunnel code calls to read a proxy's answer itself) and copies
// "VERSION STATUS REASON" into buf: the version and the status as sent,
// one space after each, then the reason as sent, with its line end. A
// line that does not fit is kept for the next gohttp_resp_read_status.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_REMOTE_DISCONNECTED; GOHTTP_E_BAD_STATUS_LINE;
// GOHTTP_E_LINE_TOO_LONG; I/O codes; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_read_status
func gohttpgo_resp_read_status(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		line := b.keptStatus
		b.keptStatus = nil
		if line == nil {
			version, status, reason, err := b.resp.ReadStatus()
			if err != nil {
				return err
			}
			line = []byte(version + " " + strconv.Itoa(status) + " " + reason)
		}
		if err := copyOut(line, buf, cap, n); err != nil {
			b.keptStatus = line
			return err
		}
		return nil
	})
}

// checkOut refuses a bad output buffer before anything is read, so that a
// refused call consumes no body.
func checkOut(buf *C.char, cap C.size_t, n *C.size_t) ([]byte, error) {
	if n == nil {
		return nil, badArg("n is NULL")
	}
	return outBuf(buf, cap)
}

// gohttp_resp_readall reads the whole rest of the body (http.client's
// read()). If it does not fit in cap bytes, the call returns
// GOHTTP_E_RANGE with the size needed in *n, and the data is kept: it
// comes first in the next read call, and the next gohttp_resp_readall
// with a buffer that large returns exactly it.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE; GOHTTP_E_INCOMPLETE_READ (the body
// ended early; lasterror has the partial bytes and the count missing);
// GOHTTP_E_TOO_LARGE (the result would pass the connection's body limit,
// gohttp_conn_set_max_body: what was read is dropped and the connection
// closed); GOHTTP_E_LINE_TOO_LONG; GOHTTP_E_TIMEOUT; GOHTTP_E_OS;
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG.
//
//export gohttpgo_resp_readall
func gohttpgo_resp_readall(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		dst, err := checkOut(buf, cap, n)
		if err != nil {
			return err
		}
		kept := b.takePending(-1)
		if kept == nil {
			// A body of known length that fits goes straight into buf.
			got, done, err := b.resp.ReadAllInto(dst)
			if done {
				*n = C.size_t(got)
				return err
			}
		}
		rest, err := b.resp.ReadAll()
		if err != nil {
			b.unread(kept)
			return err
		}
		return b.deliver(append(kept, rest...), buf, cap, n)
	})
}

// gohttp_resp_read_amt is read(amt) for bindings whose amt may be larger
// than a buffer they want to allocate up front; amt < 0 is http.client's
// read(-1), which ignores Content-Length and reads to EOF. A result larger
// than cap is kept as gohttp_resp_readall keeps it.
//
// Returns: as gohttp_resp_readall.
//
//export gohttpgo_resp_read_amt
func gohttpgo_resp_read_amt(r *C.gohttp_resp, amt C.int64_t, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		kept := b.takePending(int64(amt))
		data := kept
		if amt < 0 || int64(len(kept)) < int64(amt) {
			more := int64(amt) // -1: to EOF; below -1: ValueError
			if amt >= 0 {
				more = int64(amt) - int64(len(kept))
			}
			rest, err := b.resp.Read(more)
			if err != nil {
				b.unread(kept)
				return err
			}
			data = append(kept, rest...)
		}
		return b.deliver(data, buf, cap, n)
	})
}

// gohttp_resp_read1 reads at most cap bytes with at most one read from the
// socket (http.client's read1(cap)): bytes kept by an earlier
// GOHTTP_E_RANGE if there are any, else whatever is buffered, else what
// one receive brings.
//
// Returns: as gohttp_resp_read.
//
//export gohttpgo_resp_read1
func gohttpgo_resp_read1(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if n == nil {
			return badArg("n is NULL")
		}
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		if len(b.pending) > 0 && len(dst) > 0 {
			*n = C.size_t(copy(dst, b.takePending(int64(len(dst)))))
			return nil
		}
		data, err := b.resp.Read1(int64(len(dst)))
		if err != nil {
			return err
		}
		*n = C.size_t(copy(dst, data))
		return nil
	})
}

// gohttp_resp_peek copies up to cap body bytes that are already buffered
// (bytes kept by an earlier GOHTTP_E_RANGE if there are any; else after
// at most one read from the socket when none are) into buf without
// consuming them: http.client's peek().
//
// Returns: as gohttp_resp_read.
//
//export gohttpgo_resp_peek
func gohttpgo_resp_peek(r *C.gohttp_resp, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if n == nil {
			return badArg("n is NULL")
		}
		dst, err := outBuf(buf, cap)
		if err != nil {
			return err
		}
		if len(b.pending) > 0 {
			*n = C.size_t(copy(dst, b.pending))
			return nil
		}
		data, err := b.resp.Peek(int64(len(dst)))
		if err != nil {
			return err
		}
		*n = C.size_t(copy(dst, data))
		return nil
	})
}

// gohttp_resp_readline reads one line of the body, its '\n' included,
// of at most limit bytes (limit < 0: no limit): http.client's
// readline(limit). *n == 0 with GOHTTP_OK means the body is done. A line
// longer than cap gives GOHTTP_E_RANGE and is kept, as in
// gohttp_resp_readall.
//
// Returns: as gohttp_resp_readall.
//
//export gohttpgo_resp_readline
func gohttpgo_resp_readline(r *C.gohttp_resp, limit C.int64_t, buf *C.char, cap C.size_t, n *C.size_t) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		// The line may end inside the kept bytes.
		end := int64(len(b.pending))
		if limit >= 0 && int64(limit) < end {
			end = int64(limit)
		}
		if i := bytes.IndexByte(b.pending[:end], '\n'); i >= 0 {
			end = int64(i) + 1
		}
		kept := b.takePending(end)
		data := kept
		ended := len(kept) > 0 && kept[len(kept)-1] == '\n'
		if !ended && (limit < 0 || int64(len(kept)) < int64(limit)) {
			more := int64(-1)
			if limit >= 0 {
				more = int64(limit) - int64(len(kept))
			}
			rest, err := b.resp.Readline(more)
			if err != nil {
				b.unread(kept)
				return err
			}
			data = append(kept, rest...)
		}
		return b.deliver(data, buf, cap, n)
	})
}
