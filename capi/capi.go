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
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gohttp/gohttp/core"
	pointer "github.com/mattn/go-pointer"
)

func main() {}

// exportsMap is the hash of exports.map the library was linked with
// (build.sh sets it so that a changed version script relinks).
var exportsMap string

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

	// last is the last failure of a call on the family's handles, for
	// gohttp_conn_last_error (read and written under mu).
	last error

	deferMu  sync.Mutex
	deferred []closer // frees that found the family busy
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
		for _, c := range d {
			guard(func() error { c.closeBox(); return nil })
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

// closer is what freeing a handle closes.
type closer interface{ closeBox() }

// release closes c under the family's lock: now if it is free, else when
// its holder lets go.
func (f *family) release(c closer) {
	if f.mu.TryLock() {
		guard(func() error { c.closeBox(); return nil })
		f.unlock()
		return
	}
	f.deferMu.Lock()
	f.deferred = append(f.deferred, c)
	f.deferMu.Unlock()
	// The holder may have finished between TryLock and the append.
	if f.mu.TryLock() {
		f.unlock()
	}
}

// setErr records err as the calling thread's last error (rule 9), in C
// memory that gohttp_last_error hands out, and returns its code. The
// texts are copied into C memory here, by Go: C never reads Go memory
// (Memcheck cannot follow the Go heap, and C has no business there).
func setErr(err error) C.int {
	code, errno, arg, partial, expected := classify(err)
	msg := message(err)
	C.gohttp__set_error(code, C.int(errno), C.int64_t(expected), C.CString(msg),
		cText(arg), C.int64_t(len(arg)), cText(partial), C.int64_t(len(partial)))
	return code
}

// cText copies b into malloc'd C memory with a NUL after it (NULL for a
// nil b); the receiver frees it.
func cText(b []byte) *C.char {
	if b == nil {
		return nil
	}
	p := (*C.char)(C.malloc(C.size_t(len(b) + 1)))
	if p == nil {
		return nil
	}
	dst := unsafe.Slice((*byte)(unsafe.Pointer(p)), len(b)+1)
	copy(dst, b)
	dst[len(b)] = 0
	return p
}

// copyToC copies the n first bytes of the Go value at src into the
// caller's memory at dst, by Go (C never reads Go memory).
func copyToC(dst, src unsafe.Pointer, n int64) {
	copy(unsafe.Slice((*byte)(dst), n), unsafe.Slice((*byte)(src), n))
}

// fail records a failure that has no Go error behind it (a bad handle).
func fail(code C.int, msg string) C.int { return setErr(&codeError{code, msg}) }

// codeError is a failure decided in capi with its own code.
type codeError struct {
	code C.int
	msg  string
}

func (e *codeError) Error() string { return e.msg }

// message is err's text without the packages' internal prefixes.
func message(err error) string {
	var bodyErr *core.BodyError
	if errors.As(err, &bodyErr) {
		return "request body: " + message(bodyErr.Err)
	}
	m := err.Error()
	for {
		switch {
		case strings.HasPrefix(m, "core: "):
			m = m[len("core: "):]
		case strings.HasPrefix(m, "capi: "):
			m = m[len("capi: "):]
		default:
			return m
		}
	}
}

// argError is a bad argument from C (GOHTTP_E_ARG).
type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

func badArg(format string, a ...any) error { return &argError{fmt.Sprintf(format, a...)} }

// rangeError reports a buffer too small; need is the size required.
type rangeError struct{ need int }

func (e *rangeError) Error() string {
	return fmt.Sprintf("buffer too small: %d bytes needed", e.need)
}

// callbackError reports a failed caller callback.
type callbackError struct{ rc int }

func (e *callbackError) Error() string {
	return fmt.Sprintf("callback failed with %d", e.rc)
}

type internalError struct{ v any }

func (e *internalError) Error() string { return fmt.Sprintf("internal error: %v", e.v) }

var errBusy = errors.New("handle in use by another thread")

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
		codeErr   *codeError
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
	case errors.As(err, &codeErr):
		return codeErr.code, 0, nil, nil, -1
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

// handle is what every handle kind has: its family's lock.
type handle struct {
	fam *family
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
	// the source address options, combined into conn.SourceAddress
	sourceHost *string
	sourcePort int
	// hdrs is gohttp_conn_request's view of the caller's headers, its
	// memory reused from call to call (see viewHeaders).
	hdrs []core.RequestHeader
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

// kindName names a handle kind for messages.
func kindName[B boxed]() string {
	var b B
	if _, ok := any(b).(*respBox); ok {
		return "response"
	}
	return "connection"
}

// restore resolves a handle of kind B; ok is false (and the failure
// recorded) for NULL, unknown and wrong-kind handles.
func restore[B boxed](p unsafe.Pointer) (B, C.int) {
	var zero B
	if p == nil {
		return zero, fail(C.GOHTTP_E_BADHANDLE, "the "+kindName[B]()+" handle is NULL")
	}
	v := pointer.Restore(p)
	b, ok := v.(B)
	if !ok {
		if v == nil {
			return zero, fail(C.GOHTTP_E_BADHANDLE, "not a live "+kindName[B]()+" handle")
		}
		return zero, fail(C.GOHTTP_E_BADHANDLE, "the handle is not a "+kindName[B]())
	}
	return b, C.GOHTTP_OK
}

// with resolves a handle of kind B, takes its family's lock, runs f and
// records its error for the calling thread. A handle of another kind is
// GOHTTP_E_BADHANDLE.
func with[B boxed](p unsafe.Pointer, f func(b B) error) C.int {
	maybeYield()
	b, rc := restore[B](p)
	if rc != C.GOHTTP_OK {
		return rc
	}
	h := b.base()
	if !h.fam.mu.TryLock() {
		return setErr(errBusy)
	}
	defer h.fam.unlock()
	if err := guard(func() error { return f(b) }); err != nil {
		h.fam.last = err
		return setErr(err)
	}
	return C.GOHTTP_OK
}

// withConn is with for connection handles, withResp for responses.
func withConn(p unsafe.Pointer, f func(b *connBox) error) C.int { return with(p, f) }
func withResp(p unsafe.Pointer, f func(b *respBox) error) C.int { return with(p, f) }

// notFound is returned by a call body that found nothing: the call
// returns GOHTTP_NOTFOUND, which is not an error and is not recorded.
var notFound = errors.New("not found")

// withConnNF and withRespNF are withConn and withResp for calls that may
// return GOHTTP_NOTFOUND (f returns notFound).
func withConnNF(p unsafe.Pointer, f func(b *connBox) error) C.int {
	return withNF(p, f)
}
func withRespNF(p unsafe.Pointer, f func(b *respBox) error) C.int {
	return withNF(p, f)
}

func withNF[B boxed](p unsafe.Pointer, f func(b B) error) C.int {
	found := true
	rc := with(p, func(b B) error {
		err := f(b)
		if err == notFound {
			found = false
			return nil
		}
		return err
	})
	if rc == C.GOHTTP_OK && !found {
		return C.GOHTTP_NOTFOUND
	}
	return rc
}

// freeHandle frees a handle of kind B: NULL is accepted; a handle that is
// not live is GOHTTP_E_BADHANDLE and nothing is freed. The handle leaves
// the registry at once; its close runs under the family's lock, now or
// when the call another thread is in returns.
func freeHandle[B boxed](p unsafe.Pointer) C.int {
	if p == nil {
		return C.GOHTTP_OK
	}
	b, rc := restore[B](p)
	if rc != C.GOHTTP_OK {
		return rc
	}
	if !dropHandle(p) {
		return fail(C.GOHTTP_E_BADHANDLE, "not a live "+kindName[B]()+" handle")
	}
	h := b.base()
	h.fam.release(b)
	return C.GOHTTP_OK
}

// Marshalling helpers.

// Lengths and capacities from C are int64_t. No length is ever converted
// to a narrower type: every length is used in full or refused
// (GOHTTP_E_ARG) before the data is touched.

// maxText is the most bytes of text the library copies from one argument
// (a method, URL, header name or value, host, option): GOHTTP_MAX_TEXT.
const maxText = C.GOHTTP_MAX_TEXT

// maxView is the largest caller buffer used in place (request bodies,
// gohttp_conn_send, output buffers): no process has more address space
// (2^47 bytes of user space with 4-level page tables), and Go cannot view
// more (unsafe.Slice stops at 2^48).
const maxView = 1 << 47

// cLen resolves GOHTTP_NUL and checks n against limit.
func cLen(p unsafe.Pointer, n C.int64_t, limit int64, what string) (int, error) {
	if n == C.GOHTTP_NUL {
		n = C.int64_t(C.strlen((*C.char)(p)))
	} else if n < 0 {
		return 0, badArg("%s length %d is negative (only -1, GOHTTP_NUL, is allowed)", what, int64(n))
	}
	if int64(n) > limit {
		return 0, badArg("%s length %d is larger than %d", what, int64(n), limit)
	}
	return int(n), nil
}

// gobytes copies (p, n) into Go memory; n == GOHTTP_NUL means
// NUL-terminated. NULL is nil (with length 0 or GOHTTP_NUL).
func gobytes(p *C.gohttp__cchar, n C.int64_t, what string) ([]byte, error) {
	b, err := textView(p, n, what)
	return bytes.Clone(b), err
}

func gostr(p *C.gohttp__cchar, n C.int64_t, what string) (string, error) {
	if p == nil {
		return "", badArg("%s is NULL", what)
	}
	k, err := cLen(unsafe.Pointer(p), n, maxText, what)
	if err != nil {
		return "", err
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(p)), k)), nil // one copy
}

// gomethod is gostr for a request method: the common ones are not
// copied.
func gomethod(p *C.gohttp__cchar, n C.int64_t) (string, error) {
	if p != nil && n >= 0 && n <= 7 {
		switch m := unsafe.Slice((*byte)(unsafe.Pointer(p)), int(n)); string(m) {
		case "GET":
			return "GET", nil
		case "POST":
			return "POST", nil
		case "HEAD":
			return "HEAD", nil
		case "PUT":
			return "PUT", nil
		case "DELETE":
			return "DELETE", nil
		case "OPTIONS":
			return "OPTIONS", nil
		case "PATCH":
			return "PATCH", nil
		}
	}
	return gostr(p, n, "method")
}

// dataView views (p, n) in place, without a copy, for data only read
// while the call runs; n == GOHTTP_NUL means NUL-terminated. NULL is
// allowed with length 0.
func dataView(p unsafe.Pointer, n C.int64_t, what string) ([]byte, error) {
	if p == nil {
		if n == 0 || n == C.GOHTTP_NUL {
			return []byte{}, nil
		}
		return nil, badArg("%s is NULL with length %d", what, int64(n))
	}
	k, err := cLen(p, n, maxView, what)
	if err != nil {
		return nil, err
	}
	if k == 0 {
		return []byte{}, nil
	}
	return unsafe.Slice((*byte)(p), k), nil
}

// outBuf views the caller's buffer as a Go slice (no copy), checking the
// data-out rule: a negative capacity, or NULL with a capacity, is
// GOHTTP_E_ARG. A capacity is only an upper bound: one larger than any
// buffer can be counts as maxView.
func outBuf(buf unsafe.Pointer, cap C.int64_t) ([]byte, error) {
	if cap < 0 {
		return nil, badArg("capacity %d is negative", int64(cap))
	}
	if buf == nil {
		if cap != 0 {
			return nil, badArg("buffer is NULL with capacity %d", int64(cap))
		}
		return nil, nil
	}
	return unsafe.Slice((*byte)(buf), int(min(int64(cap), maxView))), nil
}

// checkOut checks an output triple before anything is read, so that a
// refused call consumes nothing.
func checkOut(buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) ([]byte, error) {
	if n == nil {
		return nil, badArg("n is NULL")
	}
	return outBuf(buf, cap)
}

// copyOutString is copyOut for text held as a string (no copy of it is
// made in Go).
func copyOutString(s string, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) error {
	*n = C.int64_t(len(s))
	if int64(len(s)) > int64(cap) {
		return &rangeError{need: len(s)}
	}
	if len(s) > 0 {
		copy(unsafe.Slice((*byte)(buf), len(s)), s)
	}
	return nil
}

// copyOut stores data in the caller's buffer and its length in *n; when
// it does not fit, *n is the size needed and the error is a rangeError.
// Any capacity >= len(data) works. The triple must have passed checkOut.
func copyOut(data []byte, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) error {
	*n = C.int64_t(len(data))
	if int64(len(data)) > int64(cap) {
		return &rangeError{need: len(data)}
	}
	if len(data) > 0 {
		copy(unsafe.Slice((*byte)(buf), len(data)), data)
	}
	return nil
}

// out is checkOut then copyOut, for results computed without I/O.
func out(data []byte, buf unsafe.Pointer, cap C.int64_t, n *C.int64_t) error {
	if _, err := checkOut(buf, cap, n); err != nil {
		return err
	}
	return copyOut(data, buf, cap, n)
}

// structSize checks the size field of a growable struct (rule 6):
// at least the 1.0 size; the library fills min(size, its own size).
func structSize(size C.int64_t, min1 uintptr, what string) (int, error) {
	if int64(size) < int64(min1) {
		return 0, badArg("%s.size is %d, smaller than the 1.0 struct (%d): set it to sizeof(%s)", what, int64(size), min1, what)
	}
	return int(min(int64(size), int64(min1))), nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
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
