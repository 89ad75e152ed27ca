// Command capi is gohttp's C ABI: built with -buildmode=c-shared into
// libgohttp.so. It only marshals: it resolves handles, checks and
// converts arguments, calls package core, and maps core's errors to
// GOHTTP_E_* codes. Every export recovers panics.
package main

/*
#cgo CFLAGS: -I${SRCDIR}
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
*/
import "C"

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gohttp/gohttp/core"
	pointer "github.com/mattn/go-pointer"
)

func main() {}

// The header's limits are core's (a compile error if they differ).
const (
	_ = uint64(core.DefaultMaxBody-C.GOHTTP_DEFAULT_MAX_BODY) + uint64(C.GOHTTP_DEFAULT_MAX_BODY-core.DefaultMaxBody)
	_ = uint64(core.MaxFileSize-C.GOHTTP_MAX_FILE_SIZE) + uint64(C.GOHTTP_MAX_FILE_SIZE-core.MaxFileSize)
)

// family is the lock shared by a connection and the responses it
// returned: they share a socket and state, so they count as one handle
// for threading. A call that finds it taken fails with GOHTTP_E_BUSY.
type family struct {
	mu sync.Mutex

	deferMu  sync.Mutex
	deferred []func() // frees that found the family busy
}

// unlock releases the family, first running the frees that were asked for
// while it was held (a Python finalizer on another thread, say), so that a
// busy family never makes a free fail or leak.
func (f *family) unlock() {
	for {
		f.deferMu.Lock()
		d := f.deferred
		f.deferred = nil
		f.deferMu.Unlock()
		for _, fn := range d {
			guard(func() error { fn(); return nil })
		}
		f.mu.Unlock()
		f.deferMu.Lock()
		more := len(f.deferred) > 0
		f.deferMu.Unlock()
		// A free deferred after the check above is run by whoever holds
		// the lock now, or by us if nobody does.
		if !more || !f.mu.TryLock() {
			return
		}
	}
}

// release runs fn under the family's lock: now if it is free, else when
// its holder lets go.
func (f *family) release(fn func()) {
	if f.mu.TryLock() {
		guard(func() error { fn(); return nil })
		f.unlock()
		return
	}
	f.deferMu.Lock()
	f.deferred = append(f.deferred, fn)
	f.deferMu.Unlock()
	// The holder may have finished between TryLock and the append.
	if f.mu.TryLock() {
		f.unlock()
	}
}

// errTable keeps the last error of a handle for each thread that used it,
// as errno is kept: what gohttp_*_lasterror and _errmsg report, and the
// memory their pointers point into, change only with the calling thread's
// own next failure on the handle (or the handle's free), even when
// another thread misuses the handle at the same time.
type errTable struct {
	mu    sync.Mutex
	m     map[C.uintptr_t]*errState
	freed bool // the handle is gone: record nothing more
}

// set records err as the calling thread's last error and returns its code.
func (t *errTable) set(err error) C.int {
	id := C.gohttp__thread_id()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.freed {
		// A call that raced with the handle's free (it found the handle
		// before the free and failed after it): nobody can read the
		// record, so none is kept, or its C memory would leak.
		code, _, _, _, _ := classify(err)
		return code
	}
	if t.m == nil {
		t.m = map[C.uintptr_t]*errState{}
	}
	es := t.m[id]
	if es == nil {
		es = &errState{}
		t.m[id] = es
	}
	return es.set(err)
}

// mine runs f on the calling thread's last error (nil if it has none).
func (t *errTable) mine(f func(es *errState)) {
	id := C.gohttp__thread_id()
	t.mu.Lock()
	defer t.mu.Unlock()
	f(t.m[id])
}

// message returns the calling thread's last error message.
func (t *errTable) message() *C.gohttp__cchar {
	var msg *C.char
	t.mine(func(es *errState) {
		if es != nil {
			msg = es.msg
		}
	})
	if msg == nil {
		return (*C.gohttp__cchar)(staticStr("no error"))
	}
	return (*C.gohttp__cchar)(msg)
}

// fill copies the calling thread's last error into out.
func (t *errTable) fill(out *C.gohttp_error) {
	t.mine(func(es *errState) {
		if es == nil {
			es = &errState{}
		}
		es.fill(out)
	})
}

// clear frees every thread's record; the handle is being freed.
func (t *errTable) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, es := range t.m {
		es.clear()
	}
	t.m = nil
	t.freed = true
}

// errState is one last error, kept in C memory so that the pointers
// gohttp_*_lasterror hands out never point into Go memory.
type errState struct {
	code     C.int
	errno    C.int
	expected int64
	msg      *C.char
	arg      *C.char
	argLen   int
	partial  *C.char
	partLen  int
}

func (e *errState) clear() {
	for _, p := range []*C.char{e.msg, e.arg, e.partial} {
		if p != nil {
			C.free(unsafe.Pointer(p))
		}
	}
	*e = errState{}
}

// cbytes copies b into C memory (never NULL, so that empty is not "none").
func cbytes(b []byte) *C.char {
	p := (*C.char)(C.malloc(C.size_t(len(b) + 1)))
	dst := unsafe.Slice((*byte)(unsafe.Pointer(p)), len(b)+1)
	copy(dst, b) // in Go: C never reads Go memory
	dst[len(b)] = 0
	return p
}

// set records err as the handle's last error and returns its code.
func (e *errState) set(err error) C.int {
	e.clear()
	code, errno, arg, partial, expected := classify(err)
	e.code, e.errno, e.expected = code, C.int(errno), expected
	msg := err.Error()
	e.msg = cbytes([]byte(msg))
	if arg != nil {
		e.arg, e.argLen = cbytes(arg), len(arg)
	}
	if partial != nil {
		e.partial, e.partLen = cbytes(partial), len(partial)
	}
	return code
}

// fill stores the error in the caller's *out. The stores are made in C:
// a pointer stored by Go code passes the garbage collector's write
// barrier, which reads the slot's old value, and a caller's out struct is
// commonly uninitialised (valgrind then reports the runtime reading it).
func (e *errState) fill(out *C.gohttp_error) {
	msg := e.msg
	if msg == nil {
		msg = staticStr("no error")
	}
	C.gohttp__fill_error(out, e.code, e.errno, C.int64_t(e.expected), msg,
		e.arg, C.size_t(e.argLen), e.partial, C.size_t(e.partLen))
}

// argError is a bad argument from C (GOHTTP_E_ARG).
type argError struct{ msg string }

func (e *argError) Error() string { return "capi: " + e.msg }

func badArg(format string, a ...any) error { return &argError{fmt.Sprintf(format, a...)} }

// rangeError reports a buffer too small; need is the size required.
type rangeError struct{ need int }

func (e *rangeError) Error() string {
	return fmt.Sprintf("capi: buffer too small: %d bytes needed", e.need)
}

// callbackError reports a failed caller callback.
type callbackError struct{ rc int }

func (e *callbackError) Error() string {
	return fmt.Sprintf("capi: callback failed with %d", e.rc)
}

type internalError struct{ v any }

func (e *internalError) Error() string { return fmt.Sprintf("capi: internal error: %v", e.v) }

var errBusy = errors.New("capi: handle in use by another thread")

// classify maps an error to its code and the exception's payload.
func classify(err error) (code C.int, errno int, arg []byte, partial []byte, expected int64) {
	expected = -1
	var (
		httpErr   *core.HTTPError
		urlErr    *core.InvalidURLError
		protoErr  *core.UnknownProtocolError
		incErr    *core.IncompleteReadError
		stateErr  *core.StateError
		statusErr *core.BadStatusLineError
		longErr   *core.LineTooLongError
		valErr    *core.ValueError
		encErr    *core.EncodeError
		rtErr     *core.RuntimeError
		ovErr     *core.OverflowError
		bigErr    *core.TooLargeError
		osErr     *core.OSError
		dnsErr    *core.DNSError
		tlsErr    *core.TLSError
		verErr    *core.TLSVerifyError
		tunErr    *core.TunnelError
		bodyErr   *core.BodyError
		argErr    *argError
		rngErr    *rangeError
		cbErr     *callbackError
		intErr    *internalError
	)
	switch {
	case errors.As(err, &argErr):
		return C.GOHTTP_E_ARG, 0, nil, nil, -1
	case errors.As(err, &rngErr):
		return C.GOHTTP_E_RANGE, 0, nil, nil, -1
	case errors.As(err, &cbErr):
		if cbErr.rc > 0 {
			return C.GOHTTP_E_OS, cbErr.rc, nil, nil, -1
		}
		return C.GOHTTP_E_CALLBACK, 0, nil, nil, -1
	case errors.As(err, &intErr):
		return C.GOHTTP_E_INTERNAL, 0, nil, nil, -1
	case err == errBusy:
		return C.GOHTTP_E_BUSY, 0, nil, nil, -1
	case errors.Is(err, core.ErrCancelled):
		return C.GOHTTP_E_CANCELLED, 0, nil, nil, -1
	case errors.As(err, &bodyErr):
		var inner *callbackError
		if errors.As(bodyErr.Err, &inner) && inner.rc > 0 {
			return C.GOHTTP_E_OS, inner.rc, nil, nil, -1
		}
		return C.GOHTTP_E_CALLBACK, 0, nil, nil, -1
	case errors.As(err, &incErr):
		return C.GOHTTP_E_INCOMPLETE_READ, 0, nil, incErr.Partial, incErr.Expected
	case errors.As(err, &stateErr):
		switch stateErr.Kind {
		case core.CannotSendRequest:
			return C.GOHTTP_E_CANNOT_SEND_REQUEST, 0, []byte(stateErr.State), nil, -1
		case core.CannotSendHeader:
			return C.GOHTTP_E_CANNOT_SEND_HEADER, 0, nil, nil, -1
		}
		var a []byte
		if stateErr.State != "" {
			a = []byte(stateErr.State)
		}
		return C.GOHTTP_E_RESPONSE_NOT_READY, 0, a, nil, -1
	case errors.As(err, &statusErr):
		return C.GOHTTP_E_BAD_STATUS_LINE, 0, []byte(statusErr.Line), nil, -1
	case errors.As(err, &longErr):
		return C.GOHTTP_E_LINE_TOO_LONG, 0, []byte(longErr.What), nil, -1
	case errors.Is(err, core.ErrRemoteDisconnected):
		return C.GOHTTP_E_REMOTE_DISCONNECTED, 0, nil, nil, -1
	case errors.Is(err, core.ErrNotConnected):
		return C.GOHTTP_E_NOT_CONNECTED, 0, nil, nil, -1
	case errors.Is(err, core.ErrTimeout):
		return C.GOHTTP_E_TIMEOUT, 0, nil, nil, -1
	case errors.As(err, &httpErr):
		return C.GOHTTP_E_HTTP, 0, []byte(httpErr.Msg), nil, -1
	case errors.As(err, &urlErr):
		return C.GOHTTP_E_INVALID_URL, 0, []byte(urlErr.Msg), nil, -1
	case errors.As(err, &protoErr):
		return C.GOHTTP_E_UNKNOWN_PROTOCOL, 0, []byte(protoErr.Version), nil, -1
	case errors.As(err, &valErr):
		return C.GOHTTP_E_VALUE, 0, []byte(valErr.Msg), nil, -1
	case errors.As(err, &encErr):
		return C.GOHTTP_E_ENCODE, encErr.Pos, []byte(encErr.Field), nil, -1
	case errors.As(err, &rtErr):
		return C.GOHTTP_E_RUNTIME, 0, []byte(rtErr.Msg), nil, -1
	case errors.As(err, &bigErr):
		return C.GOHTTP_E_TOO_LARGE, 0, []byte(bigErr.What), nil, -1
	case errors.As(err, &ovErr):
		return C.GOHTTP_E_OVERFLOW, 0, []byte(ovErr.Msg), nil, -1
	case errors.As(err, &tunErr):
		return C.GOHTTP_E_TUNNEL, 0, []byte(tunErr.Error()), nil, -1
	case errors.As(err, &verErr):
		return C.GOHTTP_E_TLS_VERIFY, verErr.Code, []byte(verErr.Reason), nil, -1
	case errors.As(err, &tlsErr):
		return C.GOHTTP_E_TLS, 0, []byte(tlsErr.Err.Error()), nil, -1
	case errors.As(err, &dnsErr):
		return C.GOHTTP_E_DNS, dnsErr.Code, []byte(dnsErr.Msg), nil, -1
	case errors.As(err, &osErr):
		return C.GOHTTP_E_OS, int(osErr.Errno), nil, nil, -1
	}
	return C.GOHTTP_E_OS, 0, nil, nil, -1
}

// Handles.

// handle is what every handle kind has: its family's lock and the last
// errors of the threads that used it.
type handle struct {
	fam  *family
	errs errTable
}

func (h *handle) base() *handle { return h }

// boxed is a handle kind: the value behind a gohttp_conn * or a
// gohttp_resp *.
type boxed interface {
	base() *handle
	closeBox() // what freeing the handle closes
}

type connBox struct {
	handle
	conn *core.Conn
	// debug callback
	debugFn   C.gohttp_debug_fn
	debugUser unsafe.Pointer
}

func (b *connBox) closeBox() { b.conn.Close() }

type respBox struct {
	handle
	resp *core.Response
	// pending holds body bytes read but not yet delivered: a result kept
	// after GOHTTP_E_RANGE. They come first in whatever read is next.
	pending []byte
	// keptStatus is a status line gohttp_resp_read_status read but could
	// not deliver; the next gohttp_resp_read_status returns it.
	keptStatus []byte
}

func (b *respBox) closeBox() { b.resp.Close() }

var (
	liveMu sync.Mutex
	live   = map[unsafe.Pointer]bool{}
	nLive  atomic.Int64
)

func saveHandle(v any) unsafe.Pointer {
	p := pointer.Save(v)
	liveMu.Lock()
	live[p] = true
	liveMu.Unlock()
	nLive.Add(1)
	return p
}

// dropHandle removes p if it is live, atomically, and frees its address;
// it reports whether p was live (so a double free is caught, not passed
// to free(3)).
func dropHandle(p unsafe.Pointer) bool {
	liveMu.Lock()
	ok := live[p]
	delete(live, p)
	liveMu.Unlock()
	if ok {
		pointer.Unref(p)
		nLive.Add(-1)
	}
	return ok
}

// guard runs f with panics turned into internal errors.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &internalError{r}
		}
	}()
	return f()
}

// with resolves a handle of kind B, takes its family's lock, runs f and
// records its error for the calling thread. A handle of another kind is
// GOHTTP_E_BADHANDLE.
func with[B boxed](p unsafe.Pointer, f func(b B) error) C.int {
	b, ok := pointer.Restore(p).(B)
	if !ok {
		return C.GOHTTP_E_BADHANDLE
	}
	h := b.base()
	if !h.fam.mu.TryLock() {
		return h.errs.set(errBusy)
	}
	defer h.fam.unlock()
	if err := guard(func() error { return f(b) }); err != nil {
		return h.errs.set(err)
	}
	return C.GOHTTP_OK
}

// withConn is with for connection handles, withResp for responses.
func withConn(p unsafe.Pointer, f func(b *connBox) error) C.int { return with(p, f) }
func withResp(p unsafe.Pointer, f func(b *respBox) error) C.int { return with(p, f) }

// freeHandle frees a handle of kind B: NULL is accepted; a handle that is
// not live is GOHTTP_E_BADHANDLE and nothing is freed. The handle leaves
// the registry at once; its close runs under the family's lock, now or
// when the call another thread is in returns.
func freeHandle[B boxed](p unsafe.Pointer) C.int {
	if p == nil {
		return C.GOHTTP_OK
	}
	b, ok := pointer.Restore(p).(B)
	if !ok || !dropHandle(p) {
		return C.GOHTTP_E_BADHANDLE
	}
	h := b.base()
	h.fam.release(func() {
		b.closeBox()
		h.errs.clear()
	})
	return C.GOHTTP_OK
}

// errmsgOf is the calling thread's last error message on a handle of kind
// B, or a static text for a bad handle.
func errmsgOf[B boxed](p unsafe.Pointer) *C.gohttp__cchar {
	b, ok := pointer.Restore(p).(B)
	if !ok {
		return gohttpgo_strerror(C.GOHTTP_E_BADHANDLE)
	}
	return b.base().errs.message()
}

// lasterrorOf fills out with the calling thread's last error on a handle
// of kind B.
func lasterrorOf[B boxed](p unsafe.Pointer, out *C.gohttp_error) C.int {
	b, ok := pointer.Restore(p).(B)
	if !ok {
		return C.GOHTTP_E_BADHANDLE
	}
	if out == nil {
		return C.GOHTTP_E_ARG
	}
	b.base().errs.fill(out)
	return C.GOHTTP_OK
}

// Marshalling helpers.

// Lengths and capacities from C are size_t, 64 bits; Go's int is 64
// bits too, but C.GoBytes takes a C int (32 bits). No length is ever
// converted to a narrower type: every length is used in full or refused
// (GOHTTP_E_ARG) before the data is touched.

// maxText is the most bytes of text or data the library copies from one
// argument (a method, URL, header name or value, host, TLS option):
// GOHTTP_MAX_TEXT.
const maxText = C.GOHTTP_MAX_TEXT

// maxView is the largest caller buffer used in place (request bodies,
// gohttp_conn_send, output buffers): no process has more address space
// (2^47 bytes of user space with 4-level page tables), and Go cannot view
// more (unsafe.Slice stops at 2^48).
const maxView = 1 << 47

// cLen resolves GOHTTP_STRLEN and checks n against limit.
func cLen(p *C.gohttp__cchar, n C.size_t, limit uint64, what string) (int, error) {
	if n == C.GOHTTP_STRLEN {
		n = C.strlen((*C.char)(unsafe.Pointer(p)))
	}
	if uint64(n) > limit {
		return 0, badArg("%s length %d is larger than %d", what, uint64(n), limit)
	}
	return int(n), nil
}

// gobytes copies (p, n) into Go memory; n == GOHTTP_STRLEN means
// NUL-terminated. NULL is nil (with length 0 or GOHTTP_STRLEN).
func gobytes(p *C.gohttp__cchar, n C.size_t) ([]byte, error) {
	if p == nil {
		if n == 0 || n == C.GOHTTP_STRLEN {
			return nil, nil
		}
		return nil, badArg("NULL data with length %d", uint64(n))
	}
	k, err := cLen(p, n, maxText, "text")
	if err != nil {
		return nil, err
	}
	return bytes.Clone(unsafe.Slice((*byte)(unsafe.Pointer(p)), k)), nil
}

func gostr(p *C.gohttp__cchar, n C.size_t, what string) (string, error) {
	if p == nil {
		return "", badArg("%s is NULL", what)
	}
	if n != C.GOHTTP_STRLEN && uint64(n) > maxText {
		return "", badArg("%s length %d is larger than %d", what, uint64(n), uint64(maxText))
	}
	b, err := gobytes(p, n)
	return string(b), err
}

// dataView views (p, n) in place, without a copy, for data only read
// while the call runs; n == GOHTTP_STRLEN means NUL-terminated. p must
// not be NULL.
func dataView(p *C.gohttp__cchar, n C.size_t, what string) ([]byte, error) {
	if p == nil {
		if n == 0 {
			return []byte{}, nil
		}
		return nil, badArg("%s is NULL with length %d", what, uint64(n))
	}
	k, err := cLen(p, n, maxView, what)
	if err != nil {
		return nil, err
	}
	if k == 0 {
		return []byte{}, nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), k), nil
}

// outBuf views the caller's buffer as a Go slice (no copy). A capacity is
// only an upper bound: one larger than any buffer can be counts as
// maxView.
func outBuf(buf *C.char, cap C.size_t) ([]byte, error) {
	if buf == nil {
		if cap != 0 {
			return nil, badArg("buffer is NULL with capacity %d", uint64(cap))
		}
		return nil, nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(min(uint64(cap), maxView))), nil
}

// fits tells whether n bytes fit in a capacity of cap.
func fits(n int, cap C.size_t) bool { return uint64(n) <= uint64(cap) }

// copyOut stores data in the caller's buffer and its length in *n; when
// it does not fit, *n is the size needed and the error is a rangeError.
// Any capacity >= len(data) works.
func copyOut(data []byte, buf *C.char, cap C.size_t, n *C.size_t) error {
	if n == nil {
		return badArg("length pointer is NULL")
	}
	*n = C.size_t(len(data))
	if !fits(len(data), cap) {
		return &rangeError{need: len(data)}
	}
	if buf == nil {
		if len(data) == 0 {
			return nil
		}
		return badArg("buffer is NULL with capacity %d", uint64(cap))
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(buf)), len(data)), data)
	return nil
}

var (
	staticMu   sync.Mutex
	staticStrs = map[string]*C.char{}
)

// staticStr returns a C copy of s that lives as long as the process.
func staticStr(s string) *C.char {
	staticMu.Lock()
	defer staticMu.Unlock()
	if p, ok := staticStrs[s]; ok {
		return p
	}
	p := C.CString(s)
	staticStrs[s] = p
	return p
}

var errNames = map[C.int]string{
	C.GOHTTP_OK:                    "no error",
	C.GOHTTP_NOTFOUND:              "not found",
	C.GOHTTP_E_INTERNAL:            "internal error",
	C.GOHTTP_E_BADHANDLE:           "bad handle",
	C.GOHTTP_E_ARG:                 "bad argument",
	C.GOHTTP_E_BUSY:                "handle busy in another thread",
	C.GOHTTP_E_RANGE:               "buffer too small",
	C.GOHTTP_E_FORKED:              "called in a forked child",
	C.GOHTTP_E_CANCELLED:           "cancelled",
	C.GOHTTP_E_HTTP:                "HTTPException",
	C.GOHTTP_E_NOT_CONNECTED:       "NotConnected",
	C.GOHTTP_E_INVALID_URL:         "InvalidURL",
	C.GOHTTP_E_UNKNOWN_PROTOCOL:    "UnknownProtocol",
	C.GOHTTP_E_INCOMPLETE_READ:     "IncompleteRead",
	C.GOHTTP_E_CANNOT_SEND_REQUEST: "CannotSendRequest",
	C.GOHTTP_E_CANNOT_SEND_HEADER:  "CannotSendHeader",
	C.GOHTTP_E_RESPONSE_NOT_READY:  "ResponseNotReady",
	C.GOHTTP_E_BAD_STATUS_LINE:     "BadStatusLine",
	C.GOHTTP_E_LINE_TOO_LONG:       "LineTooLong",
	C.GOHTTP_E_REMOTE_DISCONNECTED: "RemoteDisconnected",
	C.GOHTTP_E_VALUE:               "ValueError",
	C.GOHTTP_E_ENCODE:              "UnicodeEncodeError",
	C.GOHTTP_E_RUNTIME:             "RuntimeError",
	C.GOHTTP_E_OVERFLOW:            "OverflowError",
	C.GOHTTP_E_TOO_LARGE:           "MemoryError",
	C.GOHTTP_E_OS:                  "OSError",
	C.GOHTTP_E_TIMEOUT:             "timed out",
	C.GOHTTP_E_DNS:                 "name resolution failed",
	C.GOHTTP_E_TLS:                 "SSLError",
	C.GOHTTP_E_TLS_VERIFY:          "SSLCertVerificationError",
	C.GOHTTP_E_TUNNEL:              "tunnel connection failed",
	C.GOHTTP_E_CALLBACK:            "callback failed",
}

// gohttp_strerror names a return code: "IncompleteRead", "bad handle",
// ... The string is static; do not free it.
//
// Returns: a NUL-terminated string, "unknown error" for an unknown code.
//
//export gohttpgo_strerror
func gohttpgo_strerror(code C.int) *C.gohttp__cchar {
	name, ok := errNames[code]
	if !ok {
		name = "unknown error"
	}
	return (*C.gohttp__cchar)(staticStr(name))
}

// gohttp_version returns the library's version, "MAJOR.MINOR.PATCH"
// (GOHTTP_VERSION of the header it was built with). The string is static.
//
//export gohttpgo_version
func gohttpgo_version() *C.gohttp__cchar {
	return (*C.gohttp__cchar)(staticStr(C.GOHTTP_VERSION))
}

// gohttp_go_version returns the version of the Go toolchain the library
// was built with ("go1.26.8"). crypto/tls, crypto/x509 and net are
// compiled into the library from that toolchain, so a Go security
// release that touches them needs a new build of gohttp. The string is
// static.
//
//export gohttpgo_go_version
func gohttpgo_go_version() *C.gohttp__cchar {
	return (*C.gohttp__cchar)(staticStr(runtime.Version()))
}

// gohttp_version_number returns the version as MAJOR*10000 + MINOR*100 +
// PATCH, to compare with the header's GOHTTP_VERSION_* macros.
//
//export gohttpgo_version_number
func gohttpgo_version_number() C.int {
	return C.GOHTTP_VERSION_MAJOR*10000 + C.GOHTTP_VERSION_MINOR*100 + C.GOHTTP_VERSION_PATCH
}

// gohttp_live_handles returns how many connection and response handles
// exist (created and not yet freed), so that tests can check for leaks.
//
//export gohttpgo_live_handles
func gohttpgo_live_handles() C.int64_t { return C.int64_t(nLive.Load()) }

// gohttp_status_phrase returns the reason phrase of an HTTP status code as
// Python 3.13's http.client.responses has it ("Not Found"), or NULL for a
// code it does not know. The string is static.
//
//export gohttpgo_status_phrase
func gohttpgo_status_phrase(code C.int) *C.gohttp__cchar {
	p, ok := core.StatusPhrase(int(code))
	if !ok {
		return nil
	}
	return (*C.gohttp__cchar)(staticStr(p))
}

// gohttp_status_at reads entry index (0-based) of the status table, in the
// order of Python 3.13's http.HTTPStatus: its code, NAME, phrase,
// description, and whether the name is an alias (REQUEST_URI_TOO_LONG).
// The strings are static. Any out-pointer may be NULL.
//
// Returns: GOHTTP_OK; GOHTTP_NOTFOUND past the last entry.
//
//export gohttpgo_status_at
func gohttpgo_status_at(index C.size_t, code *C.int, name **C.gohttp__cchar, phrase **C.gohttp__cchar, description **C.gohttp__cchar, alias *C.int) C.int {
	if uint64(index) >= uint64(len(core.StatusTable)) {
		return C.GOHTTP_NOTFOUND
	}
	e := core.StatusTable[index]
	if code != nil {
		*code = C.int(e.Code)
	}
	if name != nil {
		*name = (*C.gohttp__cchar)(staticStr(e.Name))
	}
	if phrase != nil {
		*phrase = (*C.gohttp__cchar)(staticStr(e.Phrase))
	}
	if description != nil {
		*description = (*C.gohttp__cchar)(staticStr(e.Description))
	}
	if alias != nil {
		*alias = cbool(e.Alias)
	}
	return C.GOHTTP_OK
}
