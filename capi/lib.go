package main

/*
#include "helpers.h"
*/
import "C"

import (
	"runtime"
	"unsafe"

	"github.com/gohttp/gohttp/core"
)

// codes describes every return code: its macro name and an English text.
var codes = map[C.int][2]string{
	C.GOHTTP_OK:                    {"GOHTTP_OK", "no error"},
	C.GOHTTP_NOTFOUND:              {"GOHTTP_NOTFOUND", "not found"},
	C.GOHTTP_E_INTERNAL:            {"GOHTTP_E_INTERNAL", "internal error in gohttp"},
	C.GOHTTP_E_BADHANDLE:           {"GOHTTP_E_BADHANDLE", "bad handle"},
	C.GOHTTP_E_ARG:                 {"GOHTTP_E_ARG", "bad argument"},
	C.GOHTTP_E_BUSY:                {"GOHTTP_E_BUSY", "handle in use by another thread"},
	C.GOHTTP_E_RANGE:               {"GOHTTP_E_RANGE", "buffer too small"},
	C.GOHTTP_E_FORKED:              {"GOHTTP_E_FORKED", "called in a child process after fork"},
	C.GOHTTP_E_CANCELLED:           {"GOHTTP_E_CANCELLED", "operation cancelled"},
	C.GOHTTP_E_HTTP:                {"GOHTTP_E_HTTP", "HTTP protocol error"},
	C.GOHTTP_E_NOT_CONNECTED:       {"GOHTTP_E_NOT_CONNECTED", "not connected"},
	C.GOHTTP_E_INVALID_URL:         {"GOHTTP_E_INVALID_URL", "invalid URL"},
	C.GOHTTP_E_UNKNOWN_PROTOCOL:    {"GOHTTP_E_UNKNOWN_PROTOCOL", "unknown protocol version"},
	C.GOHTTP_E_INCOMPLETE_READ:     {"GOHTTP_E_INCOMPLETE_READ", "incomplete read"},
	C.GOHTTP_E_CANNOT_SEND_REQUEST: {"GOHTTP_E_CANNOT_SEND_REQUEST", "cannot send request now"},
	C.GOHTTP_E_CANNOT_SEND_HEADER:  {"GOHTTP_E_CANNOT_SEND_HEADER", "cannot send header now"},
	C.GOHTTP_E_RESPONSE_NOT_READY:  {"GOHTTP_E_RESPONSE_NOT_READY", "response not ready"},
	C.GOHTTP_E_BAD_STATUS_LINE:     {"GOHTTP_E_BAD_STATUS_LINE", "bad status line"},
	C.GOHTTP_E_LINE_TOO_LONG:       {"GOHTTP_E_LINE_TOO_LONG", "line too long"},
	C.GOHTTP_E_REMOTE_DISCONNECTED: {"GOHTTP_E_REMOTE_DISCONNECTED", "remote end closed connection without response"},
	C.GOHTTP_E_VALUE:               {"GOHTTP_E_VALUE", "invalid value"},
	C.GOHTTP_E_ENCODE:              {"GOHTTP_E_ENCODE", "text is not ASCII"},
	C.GOHTTP_E_RUNTIME:             {"GOHTTP_E_RUNTIME", "not possible in this state"},
	C.GOHTTP_E_OVERFLOW:            {"GOHTTP_E_OVERFLOW", "number out of range"},
	C.GOHTTP_E_TOO_LARGE:           {"GOHTTP_E_TOO_LARGE", "larger than a memory limit allows"},
	C.GOHTTP_E_OS:                  {"GOHTTP_E_OS", "operating system error"},
	C.GOHTTP_E_TIMEOUT:             {"GOHTTP_E_TIMEOUT", "timed out"},
	C.GOHTTP_E_DNS:                 {"GOHTTP_E_DNS", "name resolution failed"},
	C.GOHTTP_E_TLS:                 {"GOHTTP_E_TLS", "TLS error"},
	C.GOHTTP_E_TLS_VERIFY:          {"GOHTTP_E_TLS_VERIFY", "certificate verification failed"},
	C.GOHTTP_E_TUNNEL:              {"GOHTTP_E_TUNNEL", "tunnel connection failed"},
	C.GOHTTP_E_CALLBACK:            {"GOHTTP_E_CALLBACK", "callback failed"},
	C.GOHTTP_WANT_READ:             {"GOHTTP_WANT_READ", "waiting to read (reserved)"},
	C.GOHTTP_WANT_WRITE:            {"GOHTTP_WANT_WRITE", "waiting to write (reserved)"},
}

// gohttp_strerror describes a return code in plain English ("timed
// out", "bad handle").
//
// Ownership: the string is static; do not free it.
//
// Returns: a NUL-terminated string, "unknown error" for an unknown code.
//
//gohttp:section errors
//export gohttpgo_strerror
func gohttpgo_strerror(code C.int) *C.gohttp__cchar {
	d, ok := codes[code]
	if !ok {
		return (*C.gohttp__cchar)(staticStr("unknown error"))
	}
	return (*C.gohttp__cchar)(staticStr(d[1]))
}

// gohttp_errname returns the macro name of a return code
// ("GOHTTP_E_TIMEOUT"), for logs and for bindings that map codes to
// their own names.
//
// Ownership: the string is static; do not free it.
//
// Returns: a NUL-terminated string; NULL for an unknown code.
//
//gohttp:section errors
//export gohttpgo_errname
func gohttpgo_errname(code C.int) *C.gohttp__cchar {
	d, ok := codes[code]
	if !ok {
		return nil
	}
	return (*C.gohttp__cchar)(staticStr(d[0]))
}

// gohttp_last_error fills *err with the details of the calling thread's
// last failed call (rule 9): the code, the OS error number, the message,
// the exception's argument and, for GOHTTP_E_INCOMPLETE_READ, the partial
// data and the count still expected. Set err->size to sizeof(gohttp_error)
// first. A thread with no failure gets code GOHTTP_OK and "no error".
//
// Ownership: the pointers in *err belong to the library and stay valid
// until the thread's next call into the library; copy what you keep.
//
// Returns: GOHTTP_OK; GOHTTP_E_ARG (err NULL, or err->size too small).
//
//gohttp:section errors
//gohttp:dir err=inout
//export gohttpgo_last_error
func gohttpgo_last_error(err *C.gohttp_error) C.int {
	if err == nil {
		return C.GOHTTP_E_ARG
	}
	if int64(err.size) < int64(unsafe.Sizeof(C.gohttp_error{})) {
		return C.GOHTTP_E_ARG
	}
	return C.gohttp__get_error(err)
}

// gohttp_conn_last_error fills *err with the details of the last failed
// call on the connection or on a response it returned, whichever thread
// made it: for runtimes that run blocking calls on a pool of threads
// (koffi's and Deno's async calls, a thread pool of the host's), where
// the failing thread cannot be asked afterwards. A connection whose calls
// never failed gets code GOHTTP_OK and "no error". Set err->size first.
//
// Ownership: as gohttp_last_error (it also becomes the calling thread's
// last error).
//
// Returns: GOHTTP_OK; GOHTTP_E_BADHANDLE; GOHTTP_E_BUSY (a call on the
// connection is running); GOHTTP_E_ARG (err NULL, or err->size too small).
//
//gohttp:section errors
//gohttp:dir err=inout
//export gohttpgo_conn_last_error
func gohttpgo_conn_last_error(c *C.gohttp_conn, err *C.gohttp_error) C.int {
	if err == nil || int64(err.size) < int64(unsafe.Sizeof(C.gohttp_error{})) {
		return C.GOHTTP_E_ARG
	}
	b, rc := restore[*connBox](unsafe.Pointer(c))
	if rc != C.GOHTTP_OK {
		return rc
	}
	fam := b.base().fam
	if !fam.mu.TryLock() {
		return setErr(errBusy)
	}
	last := fam.last
	fam.unlock()
	if last == nil {
		C.gohttp__clear_error()
	} else {
		setErr(last)
	}
	return C.gohttp__get_error(err)
}

// gohttp_version returns the library's version and the Go toolchain it
// was built with: "1.0.0 (go1.26.8)". crypto/tls, crypto/x509 and net are
// compiled into the library from that toolchain, so a Go security release
// that touches them needs a new build of gohttp.
//
// Ownership: the string is static; do not free it.
//
//gohttp:section library
//export gohttpgo_version
func gohttpgo_version() *C.gohttp__cchar {
	return (*C.gohttp__cchar)(staticStr(C.GOHTTP_VERSION + " (" + runtime.Version() + ")"))
}

// gohttp_version_number returns the version as MAJOR*10000 + MINOR*100 +
// PATCH (10000 for 1.0.0), to compare with the header's
// GOHTTP_VERSION_* macros.
//
//gohttp:section library
//export gohttpgo_version_number
func gohttpgo_version_number() C.int {
	return C.GOHTTP_VERSION_MAJOR*10000 + C.GOHTTP_VERSION_MINOR*100 + C.GOHTTP_VERSION_PATCH
}

// gohttp_status_phrase returns the reason phrase of an HTTP status code
// as Python 3.13's http.client.responses has it ("Not Found").
//
// Ownership: the string is static; do not free it.
//
// Returns: the phrase; NULL for a code it does not know.
//
//gohttp:section library
//export gohttpgo_status_phrase
func gohttpgo_status_phrase(status C.int) *C.gohttp__cchar {
	p, ok := core.StatusPhrase(int(status))
	if !ok {
		return nil
	}
	return (*C.gohttp__cchar)(staticStr(p))
}

// gohttp_live_handles returns how many connection and response handles
// exist (created and not yet freed), so that tests can check for leaks.
//
// Returns: the count (-1 in a child process after fork).
//
//gohttp:section bindings
//export gohttpgo_live_handles
func gohttpgo_live_handles() C.int64_t { return C.int64_t(nLive.Load()) }
