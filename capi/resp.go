package main

/*
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
*/
import "C"

import (
	"bytes"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

func newRespHandle(b *connBox, r *core.Response) *C.gohttp_resp {
	rb := &respBox{handle: handle{fam: b.fam}, resp: r}
	return (*C.gohttp_resp)(saveHandle(rb))
}

// fillInfo fills the caller's gohttp_resp_info, up to its size (checked
// by the caller).
func fillInfo(r *core.Response, info *C.struct_gohttp_resp_info, copied bool, bodyLen int64) {
	var v C.struct_gohttp_resp_info
	v.size = info.size
	v.flags = info.flags
	v.status = C.int(r.Status)
	v.version = C.int(r.Version)
	v.will_close = cbool(r.WillClose)
	v.chunked = cbool(r.Chunked)
	v.has_length = cbool(r.HasLength)
	v.length = -1
	if r.HasLength {
		v.length = C.int64_t(r.Length)
	}
	v.closed = cbool(r.Closed())
	v.isclosed = cbool(r.IsClosed())
	v.head_copied = cbool(copied)
	v.reason_len = C.int64_t(len(r.Reason))
	v.headers_len = C.int64_t(len(r.RawHeaders))
	v.body_len = C.int64_t(bodyLen)
	v.socket = C.int64_t(r.Fd())
	n := min(int64(info.size), int64(unsafe.Sizeof(v)))
	copyToC(unsafe.Pointer(info), unsafe.Pointer(&v), int64(n))
}

// gohttp_conn_getresponse reads the status line and headers of the
// response to the request sent (http.client's getresponse), skipping
// interim 100 Continue responses. If the response will close the
// connection, the socket passes to the response and the next request
// reconnects.
//
// With info (set info->size; may be NULL) the call also reports the new
// response, and with head (head_cap bytes; may be NULL with 0) it copies
// the reason phrase followed by the raw header block into head when they
// fit together (info->head_copied = 1, their lengths in info->reason_len
// and info->headers_len; otherwise 0 and gohttp_resp_get fetches them).
// With GOHTTP_GETRESPONSE_BODY in info->flags (set by the caller), a body
// of known length that has already arrived whole and fits after them is
// copied too and consumed, as gohttp_resp_read would (info->body_len is
// its length, else -1): a small keep-alive GET is then two calls,
// gohttp_conn_request and gohttp_conn_getresponse. With
// GOHTTP_GETRESPONSE_PEEK_BODY instead, such a body of a response that
// keeps the connection (will_close 0) is copied the same way but not
// consumed: the response stays unread, its reads return the
// body again, and it keeps the connection until it is read (a binding
// that serves reads from its copy, as http.client's state machine
// needs). With GOHTTP_GETRESPONSE_READ_PREVIOUS, the connection's
// previous response, if it is still unread and its whole body has
// arrived, is first read to its end and dropped (for a caller that used
// its peeked copy); otherwise the call fails with
// GOHTTP_E_RESPONSE_NOT_READY as without the flag.
//
// Ownership: on success *out is a new response handle to free with
// gohttp_resp_free (on failure NULL); head is the caller's.
//
// Returns: GOHTTP_OK; GOHTTP_E_RESPONSE_NOT_READY (no request sent, or the
// previous response is unread); GOHTTP_E_REMOTE_DISCONNECTED (the server
// closed without answering: the connection is closed, retry on it);
// GOHTTP_E_BAD_STATUS_LINE; GOHTTP_E_UNKNOWN_PROTOCOL;
// GOHTTP_E_LINE_TOO_LONG; GOHTTP_E_HTTP (too many headers);
// GOHTTP_E_TIMEOUT; GOHTTP_E_OS; GOHTTP_E_CANCELLED; GOHTTP_E_BADHANDLE;
// GOHTTP_E_ARG (out NULL, info->size too small, head without info);
// GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable info head
//gohttp:dir info=inout
//export gohttpgo_conn_getresponse
func gohttpgo_conn_getresponse(c *C.gohttp_conn, out **C.gohttp_resp, info *C.struct_gohttp_resp_info, head unsafe.Pointer, head_cap C.int64_t) C.int {
	if out != nil {
		*out = nil
	}
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if out == nil {
			return badArg("out is NULL")
		}
		dst, err := outBuf(head, head_cap)
		if err != nil {
			return err
		}
		if info == nil {
			if head != nil {
				return badArg("head is given without info to report its lengths")
			}
		} else if _, err := structSize(info.size, unsafe.Sizeof(C.struct_gohttp_resp_info{}), "gohttp_resp_info"); err != nil {
			return err
		}
		if info != nil && info.flags&C.GOHTTP_GETRESPONSE_READ_PREVIOUS != 0 {
			b.conn.ReadPendingBody()
		}
		r, err := b.conn.GetResponse()
		if err != nil {
			return err
		}
		*out = newRespHandle(b, r)
		if info == nil {
			return nil
		}
		copied := len(r.Reason)+len(r.RawHeaders) <= len(dst)
		bodyLen := int64(-1)
		if copied {
			k := copy(dst, r.Reason)
			k += copy(dst[k:], r.RawHeaders)
			switch {
			case info.flags&C.GOHTTP_GETRESPONSE_PEEK_BODY != 0:
				// A copy; the response stays unread. (Not of a response
				// that will close: it would keep its socket open until
				// read, where reading it closes the socket at once.)
				if !r.WillClose {
					if got, ok := r.PeekBody(dst[k:]); ok {
						bodyLen = int64(got)
					}
				}
			case info.flags&C.GOHTTP_GETRESPONSE_BODY != 0:
				// Whole in the buffer: copied, then consumed as read()
				// would (no I/O).
				if got, ok := r.PeekBody(dst[k:]); ok && r.DiscardBuffered() {
					bodyLen = int64(got)
				}
			}
		}
		fillInfo(r, info, copied, bodyLen)
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
//gohttp:section response
//export gohttpgo_resp_free
func gohttpgo_resp_free(r *C.gohttp_resp) C.int {
	return freeHandle[*respBox](unsafe.Pointer(r))
}

// gohttp_resp_close closes the response (its part of the socket) without
// freeing the handle: http.client's close(). Reads then return no data.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section response
//export gohttpgo_resp_close
func gohttpgo_resp_close(r *C.gohttp_resp) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		b.resp.Close()
		b.pending = nil // reads after close() return no data
		return nil
	})
}

// gohttp_resp_info fills *info (set info->size first) with the
// response's status, version, will_close, chunked, body length left (-1
// if unknown), closed and isclosed, the lengths of the reason and the
// raw headers, and its socket (-1 for none), as they are now.
// head_copied is 0 and body_len -1.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (info NULL or
// info->size too small); GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:dir info=inout
//export gohttpgo_resp_info
func gohttpgo_resp_info(r *C.gohttp_resp, info *C.struct_gohttp_resp_info) C.int {
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		if info == nil {
			return badArg("info is NULL")
		}
		if _, err := structSize(info.size, unsafe.Sizeof(C.struct_gohttp_resp_info{}), "gohttp_resp_info"); err != nil {
			return err
		}
		fillInfo(b.resp, info, false, -1)
		return nil
	})
}

// gohttp_resp_getheader copies the value of header name into buf, the
// values of repeated fields joined with ", " (http.client's getheader).
// Names match case-insensitively.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND (no such header; *n = 0);
// GOHTTP_E_RANGE (*n is the size needed); GOHTTP_E_BADHANDLE;
// GOHTTP_E_ARG; GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_getheader
func gohttpgo_resp_getheader(r *C.gohttp_resp, name *C.gohttp__cchar, name_len C.int64_t, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withRespNF(unsafe.Pointer(r), func(b *respBox) error {
		nm, err := gostr(name, name_len, "name")
		if err != nil {
			return err
		}
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		// The values joined with ", " (Headers.Join), copied straight
		// into buf.
		need, found := 0, 0
		for _, h := range b.resp.Headers {
			if strings.EqualFold(h.Name, nm) {
				if found > 0 {
					need += 2
				}
				need += len(h.Value)
				found++
			}
		}
		if found == 0 {
			return notFound
		}
		*n = C.int64_t(need)
		if int64(need) > int64(cap) {
			return &rangeError{need: need}
		}
		dst := unsafe.Slice((*byte)(buf), need)
		k := 0
		for _, h := range b.resp.Headers {
			if strings.EqualFold(h.Name, nm) {
				if k > 0 {
					k += copy(dst[k:], ", ")
				}
				k += copy(dst[k:], h.Value)
			}
		}
		return nil
	})
}

// gohttp_resp_header_at copies the name and value of header field index
// (from 0, in received order, duplicates included: getheaders()) into
// name and value. Iterate until GOHTTP_NOTFOUND.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND (index past the end; *name_n =
// *value_n = 0); GOHTTP_E_RANGE (either does not fit: *name_n and
// *value_n hold the sizes needed, nothing is copied); GOHTTP_E_ARG
// (negative index, bad buffers); GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable name value
//export gohttpgo_resp_header_at
func gohttpgo_resp_header_at(r *C.gohttp_resp, index C.int64_t, name unsafe.Pointer, name_cap C.int64_t, name_n *C.int64_t, value unsafe.Pointer, value_cap C.int64_t, value_n *C.int64_t) C.int {
	return withRespNF(unsafe.Pointer(r), func(b *respBox) error {
		if name_n == nil || value_n == nil {
			return badArg("name_n or value_n is NULL")
		}
		*name_n, *value_n = 0, 0
		if index < 0 {
			return badArg("header index %d is negative", int64(index))
		}
		if _, err := outBuf(name, name_cap); err != nil {
			return err
		}
		if _, err := outBuf(value, value_cap); err != nil {
			return err
		}
		if int64(index) >= int64(len(b.resp.Headers)) {
			return notFound
		}
		h := b.resp.Headers[index]
		*name_n, *value_n = C.int64_t(len(h.Name)), C.int64_t(len(h.Value))
		if int64(len(h.Name)) > int64(name_cap) || int64(len(h.Value)) > int64(value_cap) {
			return &rangeError{need: max(len(h.Name), len(h.Value))}
		}
		copyOutString(h.Name, name, name_cap, name_n)
		return copyOutString(h.Value, value, value_cap, value_n)
	})
}

// gohttp_resp_get copies one fact about the response into buf (what is a
// GOHTTP_RESP_* value): the reason phrase, the raw header block as
// received (with the blank line that ended it), or the raw trailer lines
// of a chunked body (http.client discards them; gohttp keeps them).
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND (*n = 0: TRAILERS of a body that
// is not chunked or not read to its end); GOHTTP_E_RANGE (*n is the size
// needed); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (unknown what);
// GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_get
func gohttpgo_resp_get(r *C.gohttp_resp, what C.int, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withRespNF(unsafe.Pointer(r), func(b *respBox) error {
		if _, err := checkOut(buf, cap, n); err != nil {
			return err
		}
		var data []byte
		switch what {
		case C.GOHTTP_RESP_REASON:
			return copyOutString(b.resp.Reason, buf, cap, n)
		case C.GOHTTP_RESP_RAW_HEADERS:
			data = b.resp.RawHeaders
		case C.GOHTTP_RESP_TRAILERS:
			if !b.resp.Chunked || !b.resp.TrailersRead() {
				return notFound
			}
			for _, h := range b.resp.Trailers {
				data = append(data, h.Name...)
				data = append(data, ':', ' ')
				data = append(data, h.Value...)
				data = append(data, '\r', '\n')
			}
		case C.GOHTTP_RESP_FIELDS:
			// Copied straight into buf, once every field is known to
			// fit and to hold no NUL.
			need := 0
			for _, h := range b.resp.Headers {
				if strings.IndexByte(h.Name, 0) >= 0 || strings.IndexByte(h.Value, 0) >= 0 {
					return &core.ValueError{Msg: "a header field holds a NUL byte"}
				}
				need += len(h.Name) + len(h.Value) + 2
			}
			*n = C.int64_t(need)
			if int64(need) > int64(cap) {
				return &rangeError{need: need}
			}
			dst := unsafe.Slice((*byte)(buf), need)
			k := 0
			for _, h := range b.resp.Headers {
				k += copy(dst[k:], h.Name)
				dst[k] = 0
				k += copy(dst[k+1:], h.Value) + 1
				dst[k] = 0
				k++
			}
			return nil
		default:
			return badArg("unknown what %d for gohttp_resp_get (a GOHTTP_RESP_* value)", int(what))
		}
		return copyOut(data, buf, cap, n)
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
func (b *respBox) deliver(data []byte, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) error {
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
// Returns: GOHTTP_OK; GOHTTP_E_INCOMPLETE_READ (the body broke off;
// gohttp_last_error has the partial bytes); GOHTTP_E_LINE_TOO_LONG;
// GOHTTP_E_TIMEOUT; GOHTTP_E_OS; GOHTTP_E_CANCELLED; GOHTTP_E_BADHANDLE;
// GOHTTP_E_ARG; GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_read
func gohttpgo_resp_read(r *C.gohttp_resp, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		dst, err := checkOut(buf, cap, n)
		if err != nil {
			return err
		}
		kept := b.takePending(int64(len(dst)))
		k := copy(dst, kept)
		if k == len(dst) {
			*n = C.int64_t(k)
			return nil
		}
		got, err := b.resp.ReadInto(dst[k:])
		if err != nil {
			b.unread(kept)
			return err
		}
		*n = C.int64_t(k + got)
		return nil
	})
}

// gohttp_resp_readall reads the whole rest of the body (http.client's
// read()). If it does not fit in cap bytes, the call returns
// GOHTTP_E_RANGE with the size needed in *n, and the data is kept: it
// comes first in the next read call, and the next gohttp_resp_readall
// with a buffer that large returns exactly it (buf NULL, cap 0 asks the
// size).
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE; GOHTTP_E_INCOMPLETE_READ (the body
// ended early; gohttp_last_error has the partial bytes and the count
// missing); GOHTTP_E_TOO_LARGE (the result would pass the connection's
// body limit, GOHTTP_OPT_MAX_BODY: what was read is dropped and the
// connection closed); GOHTTP_E_LINE_TOO_LONG; GOHTTP_E_TIMEOUT;
// GOHTTP_E_OS; GOHTTP_E_CANCELLED; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG;
// GOHTTP_E_BUSY.
//
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_readall
func gohttpgo_resp_readall(r *C.gohttp_resp, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
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
				*n = C.int64_t(got)
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

// gohttp_resp_read1 reads at most cap bytes with at most one read from the
// socket (http.client's read1(cap)): bytes kept by an earlier
// GOHTTP_E_RANGE if there are any, else whatever is buffered, else what
// one receive brings.
//
// Returns: as gohttp_resp_read.
//
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_read1
func gohttpgo_resp_read1(r *C.gohttp_resp, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		dst, err := checkOut(buf, cap, n)
		if err != nil {
			return err
		}
		if len(b.pending) > 0 && len(dst) > 0 {
			*n = C.int64_t(copy(dst, b.takePending(int64(len(dst)))))
			return nil
		}
		data, err := b.resp.Read1(int64(len(dst)))
		if err != nil {
			return err
		}
		*n = C.int64_t(copy(dst, data))
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
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_peek
func gohttpgo_resp_peek(r *C.gohttp_resp, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
	if n != nil {
		*n = 0
	}
	return withResp(unsafe.Pointer(r), func(b *respBox) error {
		dst, err := checkOut(buf, cap, n)
		if err != nil {
			return err
		}
		if len(b.pending) > 0 {
			*n = C.int64_t(copy(dst, b.pending))
			return nil
		}
		data, err := b.resp.Peek(int64(len(dst)))
		if err != nil {
			return err
		}
		*n = C.int64_t(copy(dst, data))
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
//gohttp:section response
//gohttp:nullable buf
//export gohttpgo_resp_readline
func gohttpgo_resp_readline(r *C.gohttp_resp, limit C.int64_t, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
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

// Bindings only.

// gohttp_conn_response makes the response to the request sent without
// reading it (the first half of gohttp_conn_getresponse), for bindings
// whose response objects are built by a class of the caller's before the
// head is read (http.client's response_class). gohttp_resp_begin then
// reads the head and does the rest of getresponse: the connection goes
// back to Idle and closes or keeps the response, and a failure closes the
// response (and the connection, for a connection error).
//
// Ownership: on success *out is a new response handle to free with
// gohttp_resp_free.
//
// Returns: GOHTTP_OK; GOHTTP_E_RESPONSE_NOT_READY; GOHTTP_E_OS (the
// socket went away); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (out NULL);
// GOHTTP_E_BUSY.
//
//gohttp:section bindings
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

// gohttp_conn_tunnel sends the CONNECT request set by
// gohttp_conn_set_tunnel on the socket already open and reads the proxy's
// answer (http.client's _tunnel): for hosts that open the socket
// themselves, with gohttp_conn_set_transport, and then set up the tunnel.
// A refusal closes the connection.
//
// Returns: GOHTTP_OK; GOHTTP_E_TUNNEL; GOHTTP_E_NOT_CONNECTED; GOHTTP_E_VALUE
// (no tunnel set); the I/O and parsing codes of gohttp_conn_getresponse;
// GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section bindings
//export gohttpgo_conn_tunnel
func gohttpgo_conn_tunnel(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error { return b.conn.Tunnel() })
}

// gohttp_conn_release_socket makes the connection let go of its socket
// without closing the response being read from it (which keeps its own
// hold until it is closed or read to the end): what Python code means by
// conn.sock.close() and conn.sock = None after getresponse. The next
// request connects again.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section bindings
//export gohttpgo_conn_release_socket
func gohttpgo_conn_release_socket(c *C.gohttp_conn) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		b.conn.ReleaseSocket()
		return nil
	})
}

// gohttp_resp_read_status reads one status line from a response made by
// gohttp_resp_new (http.client's _read_status, which tunnel code calls to
// read a proxy's answer itself) and copies "VERSION STATUS REASON" into
// buf: the version and the status as sent, one space after each, then
// the reason as sent, with its line end. A line that does not fit is kept
// for the next gohttp_resp_read_status.
//
// Returns: GOHTTP_OK; GOHTTP_E_RANGE (*n is the size needed);
// GOHTTP_E_REMOTE_DISCONNECTED; GOHTTP_E_BAD_STATUS_LINE;
// GOHTTP_E_LINE_TOO_LONG; I/O codes; GOHTTP_E_BADHANDLE; GOHTTP_E_ARG;
// GOHTTP_E_BUSY.
//
//gohttp:section bindings
//gohttp:nullable buf
//export gohttpgo_resp_read_status
func gohttpgo_resp_read_status(r *C.gohttp_resp, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
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

// gohttp_resp_read_amt is http.client's read(amt) collected in the
// library, for bindings whose amt may be larger than a buffer they want
// to allocate up front: memory grows with the data received, under the
// body limit (GOHTTP_OPT_MAX_BODY). amt < 0 is http.client's read(-1),
// which ignores Content-Length and reads to EOF. A result larger than cap
// is kept as gohttp_resp_readall keeps it.
//
// Returns: as gohttp_resp_readall.
//
//gohttp:section bindings
//gohttp:nullable buf
//export gohttpgo_resp_read_amt
func gohttpgo_resp_read_amt(r *C.gohttp_resp, amt C.int64_t, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) C.int {
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

// gohttp_resp_set_debug makes a response made by gohttp_resp_new report
// what it reads (http.client's HTTPResponse(sock, debuglevel)): with
// level above 0, the status line and headers in http.client's format, one
// line per call of fn(user, line, len); with fn NULL, to stdout.
// Responses from gohttp_conn_getresponse follow their connection's
// gohttp_conn_set_debug.
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY.
//
//gohttp:section bindings
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
			C.gohttp__call_debug(fn, user, p, C.int64_t(len(line)))
		})
		return nil
	})
}
