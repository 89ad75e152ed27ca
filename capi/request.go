package main

/*
#include "helpers.h"
*/
import "C"

import (
	"io"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

// gohttp_conn_request sends a whole request (http.client's request):
// method, url, the nheaders headers in order, and a body of body_len bytes
// (body NULL with length 0: none). Host and Accept-Encoding are added
// unless the headers hold them; Content-Length is added for a body (and
// as 0 for POST, PUT and PATCH without one) unless the headers hold
// Content-Length or Transfer-Encoding. flags may hold
// GOHTTP_ENCODE_CHUNKED, honoured only with a caller Transfer-Encoding
// header, as in http.client. The connection is opened first if needed.
// A body of unknown length is sent with gohttp_conn_putrequest,
// gohttp_conn_putheader and gohttp_conn_endheaders with a body callback.
//
// Ownership: nothing is kept: the body is read during the call only.
//
// Returns: GOHTTP_OK; the codes of gohttp_conn_putrequest,
// gohttp_conn_putheader and gohttp_conn_endheaders.
//
//gohttp:section request
//gohttp:nullable headers body
//export gohttpgo_conn_request
func gohttpgo_conn_request(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.int64_t, url *C.gohttp__cchar, url_len C.int64_t, headers *C.gohttp__cheader, nheaders C.int64_t, body *C.gohttp__cvoid, body_len C.int64_t, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		m, err := gomethod(method, method_len)
		if err != nil {
			return err
		}
		u, err := gostr(url, url_len, "url")
		if err != nil {
			return err
		}
		hs, err := b.viewHeaders(headers, nheaders)
		defer clear(hs) // views of the caller's memory: none outlives the call
		if err != nil {
			return err
		}
		var bd core.Body
		bp, err := bytesBodyInto(&bd, body, body_len)
		if err != nil {
			return err
		}
		return b.conn.Request(m, u, hs, bp, flags&C.GOHTTP_ENCODE_CHUNKED != 0)
	})
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
// GOHTTP_E_ARG; GOHTTP_E_BUSY.
//
//gohttp:section request
//export gohttpgo_conn_putrequest
func gohttpgo_conn_putrequest(c *C.gohttp_conn, method *C.gohttp__cchar, method_len C.int64_t, url *C.gohttp__cchar, url_len C.int64_t, flags C.int) C.int {
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

// gohttp_conn_putheader adds a header to the request being built
// (http.client's putheader(name, *values)): values[i] has value_lens[i]
// bytes (GOHTTP_NUL allowed) for i < nvalues; value_lens NULL means every
// value is NUL-terminated. Several values are sent as continuation lines
// ("name: v1\r\n\tv2"); none gives "name: ".
//
// Returns: GOHTTP_OK; GOHTTP_E_CANNOT_SEND_HEADER (no request started);
// GOHTTP_E_VALUE ("Invalid header name"/"Invalid header value": a CR or LF
// not followed by a blank, a colon or leading blank in the name);
// GOHTTP_E_ENCODE (non-ASCII name); GOHTTP_E_BADHANDLE; GOHTTP_E_ARG;
// GOHTTP_E_BUSY.
//
//gohttp:section request
//gohttp:nullable values value_lens
//export gohttpgo_conn_putheader
func gohttpgo_conn_putheader(c *C.gohttp_conn, name *C.gohttp__cchar, name_len C.int64_t, values *C.gohttp__cstrp, value_lens *C.gohttp__cint64, nvalues C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		if name == nil {
			return badArg("name is NULL")
		}
		n, err := gobytes(name, name_len, "header name")
		if err != nil {
			return err
		}
		if nvalues < 0 || int64(nvalues) > 1<<20 {
			return badArg("value count %d is out of range", int64(nvalues))
		}
		if nvalues > 0 && values == nil {
			return badArg("values is NULL with count %d", int64(nvalues))
		}
		var vs [][]byte
		if nvalues > 0 {
			ps := unsafe.Slice((**C.gohttp__cchar)(unsafe.Pointer(values)), int(nvalues))
			var ls []C.int64_t
			if value_lens != nil {
				ls = unsafe.Slice((*C.int64_t)(unsafe.Pointer(value_lens)), int(nvalues))
			}
			vs = make([][]byte, nvalues)
			for i := range ps {
				if ps[i] == nil {
					return badArg("value %d is NULL", i)
				}
				l := C.int64_t(C.GOHTTP_NUL)
				if ls != nil {
					l = ls[i]
				}
				if vs[i], err = gobytes(ps[i], l, "header value"); err != nil {
					return err
				}
				if vs[i] == nil {
					vs[i] = []byte{}
				}
			}
		}
		return b.conn.PutHeader(n, vs...)
	})
}

func bytesBody(body *C.gohttp__cvoid, bodyLen C.int64_t) (*core.Body, error) {
	return bytesBodyInto(new(core.Body), body, bodyLen)
}

// bytesBodyInto is bytesBody filling bd, a Body of the caller's: it
// returns bd, or nil for no body.
func bytesBodyInto(bd *core.Body, body *C.gohttp__cvoid, bodyLen C.int64_t) (*core.Body, error) {
	if body == nil {
		if bodyLen != 0 {
			return nil, badArg("body is NULL with length %d", int64(bodyLen))
		}
		return nil, nil
	}
	// The body is only read while the call runs (core keeps no reference
	// to it after EndHeaders), so it is used in place, not copied.
	data, err := dataView(unsafe.Pointer(body), bodyLen, "body")
	if err != nil {
		return nil, err
	}
	bd.Data = data
	return bd, nil
}

func streamBody(fn C.gohttp_body_fn, user unsafe.Pointer) *core.Body {
	return &core.Body{Next: func() ([]byte, error) {
		var data unsafe.Pointer
		var n C.int64_t
		rc := C.gohttp__call_body(fn, user, &data, &n)
		switch {
		case rc < 0:
			return nil, &callbackError{rc: int(rc)}
		case rc == 0:
			return nil, io.EOF
		case n == 0:
			return []byte{}, nil
		case data == nil || n < 0 || int64(n) > maxView:
			return nil, &callbackError{rc: int(C.GOHTTP_E_CALLBACK)}
		}
		// Valid until the next call of fn; core sends it before that.
		return unsafe.Slice((*byte)(data), int(n)), nil
	}}
}

// gohttp_conn_endheaders ends the header block and sends it, then the
// body (http.client's endheaders): body_len bytes of body, or, with
// body_fn, the pieces body_fn(user, &data, &len) gives until it returns
// 0; no body when both are NULL. With GOHTTP_ENCODE_CHUNKED in flags each
// piece (a bytes body is one piece) is sent as a chunk, followed by the
// last chunk (give Transfer-Encoding yourself). The connection is opened
// first if needed.
//
// Ownership: nothing is kept: body and the pieces are read during the
// call only.
//
// Returns: GOHTTP_OK; GOHTTP_E_CANNOT_SEND_HEADER; GOHTTP_E_NOT_CONNECTED;
// the connect errors of gohttp_conn_connect; GOHTTP_E_OS, GOHTTP_E_TIMEOUT
// while sending; GOHTTP_E_CALLBACK (body_fn aborted); GOHTTP_E_CANCELLED;
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG (body and body_fn both given);
// GOHTTP_E_BUSY.
//
//gohttp:section request
//gohttp:nullable body
//export gohttpgo_conn_endheaders
func gohttpgo_conn_endheaders(c *C.gohttp_conn, body *C.gohttp__cvoid, body_len C.int64_t, body_fn C.gohttp_body_fn, user unsafe.Pointer, flags C.int) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		chunked := flags&C.GOHTTP_ENCODE_CHUNKED != 0
		if body_fn != nil {
			if body != nil || body_len != 0 {
				return badArg("body and body_fn are both given")
			}
			return b.conn.EndHeaders(streamBody(body_fn, user), chunked)
		}
		bd, err := bytesBody(body, body_len)
		if err != nil {
			return err
		}
		return b.conn.EndHeaders(bd, chunked)
	})
}

// gohttp_conn_send sends len bytes of data as they are (http.client's
// send), connecting first if needed. It ignores the request state.
//
// Returns: GOHTTP_OK; GOHTTP_E_NOT_CONNECTED; connect and send errors;
// GOHTTP_E_BADHANDLE; GOHTTP_E_ARG; GOHTTP_E_BUSY.
//
//gohttp:section request
//export gohttpgo_conn_send
func gohttpgo_conn_send(c *C.gohttp_conn, data *C.gohttp__cvoid, len C.int64_t) C.int {
	return withConn(unsafe.Pointer(c), func(b *connBox) error {
		d, err := dataView(unsafe.Pointer(data), len, "data")
		if err != nil {
			return err
		}
		return b.conn.Send(d)
	})
}
