"""ctypes declarations for libgohttp, and the mapping of its error codes
to the exceptions http.client raises. Marshalling only: every protocol
decision is the library's."""

import ctypes
import errno as _errno
import os
import socket
import ssl
from ctypes import (CFUNCTYPE, POINTER, Structure, byref, c_char, c_char_p,
                    c_double, c_int, c_int64, c_size_t, c_void_p)
import http.client as _hc

STRLEN = ctypes.c_size_t(-1).value

OK = 0
NOTFOUND = 1
E_INTERNAL = -1
E_BADHANDLE = -2
E_ARG = -3
E_BUSY = -4
E_RANGE = -5
E_FORKED = -6
E_CANCELLED = -7
E_HTTP = -10
E_NOT_CONNECTED = -11
E_INVALID_URL = -12
E_UNKNOWN_PROTOCOL = -13
E_INCOMPLETE_READ = -14
E_CANNOT_SEND_REQUEST = -15
E_CANNOT_SEND_HEADER = -16
E_RESPONSE_NOT_READY = -17
E_BAD_STATUS_LINE = -18
E_LINE_TOO_LONG = -19
E_REMOTE_DISCONNECTED = -20
E_VALUE = -21
E_ENCODE = -22
E_RUNTIME = -23
E_OVERFLOW = -24
E_TOO_LARGE = -25
E_OS = -30
E_TIMEOUT = -31
E_DNS = -32
E_TLS = -33
E_TLS_VERIFY = -34
E_TUNNEL = -35
E_CALLBACK = -36

SKIP_HOST = 0x1
SKIP_ACCEPT_ENCODING = 0x2
ENCODE_CHUNKED = 0x4
HEADER_NAME_BYTES = 0x1
BODY_NONE, BODY_BYTES, BODY_STREAM = 0, 1, 2

TLS_CA_FILE, TLS_CA_DIR, TLS_CA_PEM, TLS_CERT_FILE, TLS_KEY_FILE = 1, 2, 3, 4, 5
TLS_CERT_PEM, TLS_KEY_PEM, TLS_KEY_PASSWORD, TLS_SERVER_NAME, TLS_ALPN = 6, 7, 8, 9, 10
TLSINFO_PEER_CERT, TLSINFO_VERSION, TLSINFO_CIPHER, TLSINFO_ALPN = 1, 2, 3, 4
TLS_VERIFY, TLS_CHECK_HOSTNAME, TLS_MIN_VERSION, TLS_MAX_VERSION, TLS_SYSTEM_ROOTS = 1, 2, 3, 4, 5


class Header(Structure):
    _fields_ = [("name", c_char_p), ("name_len", c_size_t),
                ("value", c_char_p), ("value_len", c_size_t),
                ("flags", c_int)]


class Error(Structure):
    _fields_ = [("code", c_int), ("sys_errno", c_int), ("expected", c_int64),
                ("message", c_char_p), ("arg", c_void_p), ("arg_len", c_size_t),
                ("partial", c_void_p), ("partial_len", c_size_t)]


class RespInfo(Structure):
    _fields_ = [("status", c_int), ("version", c_int), ("will_close", c_int),
                ("chunked", c_int), ("length", c_int64), ("reason_len", c_size_t),
                ("headers_len", c_size_t), ("truncated", c_int),
                ("closed", c_int), ("isclosed", c_int), ("has_length", c_int)]


BODY_FN = CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p), POINTER(c_size_t))
DEBUG_FN = CFUNCTYPE(None, c_void_p, c_void_p, c_size_t)
READ_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t, POINTER(c_size_t))
WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t, POINTER(c_size_t))
CLOSE_FN = CFUNCTYPE(None, c_void_p)
FILE_FN = CFUNCTYPE(c_int, c_void_p, c_int, c_void_p, c_size_t, POINTER(c_size_t))
FILE_READ, FILE_READLINE, FILE_READ1, FILE_PEEK = 1, 2, 3, 4


def _find_library():
    path = os.environ.get("GOHTTP_LIBRARY")
    if path:
        if not os.path.exists(path):
            raise ImportError("GOHTTP_LIBRARY=%r does not exist" % path)
        return path
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libgohttp.so")
    if os.path.exists(here):
        return here
    raise ImportError(
        "gohttp: libgohttp.so was not found next to %s and GOHTTP_LIBRARY is "
        "not set. Build it with `make` (or ./build.sh) in the gohttp source "
        "tree and use build/python, or set GOHTTP_LIBRARY to the library's "
        "path." % os.path.dirname(os.path.abspath(__file__)))


_P = c_void_p
_S = c_size_t
_B = c_char_p
_PS = POINTER(c_size_t)
_PI = POINTER(c_int)

_DECLS = {
    "gohttp_strerror": (c_char_p, [c_int]),
    "gohttp_version": (c_char_p, []),
    "gohttp_version_number": (c_int, []),
    "gohttp_live_handles": (c_int64, []),
    "gohttp_create_errmsg": (c_char_p, []),
    "gohttp_status_phrase": (c_char_p, [c_int]),
    "gohttp_status_at": (c_int, [c_size_t, POINTER(c_int), POINTER(c_char_p), POINTER(c_char_p), POINTER(c_char_p), POINTER(c_int)]),
    "gohttp_conn_new": (c_int, [_B, _S, c_int, POINTER(_P)]),
    "gohttp_conn_new_https": (c_int, [_B, _S, c_int, POINTER(_P)]),
    "gohttp_conn_free": (c_int, [_P]),
    "gohttp_conn_errmsg": (c_char_p, [_P]),
    "gohttp_conn_lasterror": (c_int, [_P, POINTER(Error)]),
    "gohttp_conn_set_timeout": (c_int, [_P, c_double]),
    "gohttp_conn_set_socket_timeout": (c_int, [_P, c_double]),
    "gohttp_conn_set_deadline": (c_int, [_P, c_double]),
    "gohttp_conn_cancel": (c_int, [_P]),
    "gohttp_resp_cancel": (c_int, [_P]),
    "gohttp_go_version": (c_char_p, []),
    "gohttp_conn_fileno": (c_int, [_P, _PI]),
    "gohttp_conn_set_source_address": (c_int, [_P, _B, _S, c_int]),
    "gohttp_conn_set_blocksize": (c_int, [_P, _S]),
    "gohttp_conn_set_limits": (c_int, [_P, c_int, c_int]),
    "gohttp_conn_set_max_body": (c_int, [_P, c_int64]),
    "gohttp_conn_set_auto_open": (c_int, [_P, c_int]),
    "gohttp_conn_set_http_version": (c_int, [_P, c_int]),
    "gohttp_conn_set_default_port": (c_int, [_P, c_int]),
    "gohttp_conn_set_host": (c_int, [_P, _B, _S, c_int]),
    "gohttp_conn_set_debug": (c_int, [_P, c_int, DEBUG_FN, _P]),
    "gohttp_conn_set_transport": (c_int, [_P, READ_FN, WRITE_FN, CLOSE_FN, _P]),
    "gohttp_conn_set_transport_file": (c_int, [_P, FILE_FN, WRITE_FN, CLOSE_FN, _P]),
    "gohttp_conn_tunnel": (c_int, [_P]),
    "gohttp_conn_buffered": (c_int, [_P, _P, _S, _PS]),
    "gohttp_conn_release_socket": (c_int, [_P]),
    "gohttp_conn_tls_info": (c_int, [_P, c_int, _P, _S, _PS]),
    "gohttp_conn_response": (c_int, [_P, POINTER(_P)]),
    "gohttp_conn_set_tls_str": (c_int, [_P, c_int, _B, _S]),
    "gohttp_conn_set_tls_int": (c_int, [_P, c_int, c_int64]),
    "gohttp_conn_host": (c_int, [_P, _P, _S, _PS]),
    "gohttp_conn_port": (c_int, [_P, _PI]),
    "gohttp_conn_state": (c_int, [_P, _PI, _PI]),
    "gohttp_conn_connect": (c_int, [_P]),
    "gohttp_conn_close": (c_int, [_P]),
    "gohttp_conn_set_tunnel": (c_int, [_P, _B, _S, c_int, POINTER(Header), _S]),
    "gohttp_conn_proxy_headers": (c_int, [_P, _P, _S, _PS]),
    "gohttp_conn_putrequest": (c_int, [_P, _B, _S, _B, _S, c_int]),
    "gohttp_conn_putheader": (c_int, [_P, _B, _S, _B, _S]),
    "gohttp_conn_putheader_values": (c_int, [_P, _B, _S, POINTER(c_char_p), _PS, _S]),
    "gohttp_conn_endheaders": (c_int, [_P, _B, _S, c_int]),
    "gohttp_conn_endheaders_stream": (c_int, [_P, BODY_FN, _P, c_int]),
    "gohttp_conn_send": (c_int, [_P, _B, _S]),
    "gohttp_conn_request": (c_int, [_P, _B, _S, _B, _S, POINTER(Header), _S, _B, _S, c_int]),
    "gohttp_conn_start_request": (c_int, [_P, _B, _S, _B, _S, POINTER(Header), _S, c_int, _S, _B, c_int, _PI]),
    "gohttp_conn_getresponse": (c_int, [_P, POINTER(_P)]),
    "gohttp_conn_getresponse_info": (c_int, [_P, POINTER(_P), POINTER(RespInfo), _P, _S]),
    "gohttp_resp_new": (c_int, [READ_FN, CLOSE_FN, _P, _B, _S, POINTER(_P)]),
    "gohttp_resp_new_file": (c_int, [FILE_FN, CLOSE_FN, _P, _B, _S, POINTER(_P)]),
    "gohttp_resp_read_status": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_set_debug": (c_int, [_P, c_int, DEBUG_FN, _P]),
    "gohttp_resp_begin": (c_int, [_P, POINTER(RespInfo), _P, _S]),
    "gohttp_resp_free": (c_int, [_P]),
    "gohttp_resp_close": (c_int, [_P]),
    "gohttp_resp_errmsg": (c_char_p, [_P]),
    "gohttp_resp_lasterror": (c_int, [_P, POINTER(Error)]),
    "gohttp_resp_getinfo": (c_int, [_P, POINTER(RespInfo), _P, _S]),
    "gohttp_resp_isclosed": (c_int, [_P, _PI]),
    "gohttp_resp_fileno": (c_int, [_P, _PI]),
    "gohttp_resp_rawheaders": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_reason": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_getheader": (c_int, [_P, _B, _S, _B, _S, _P, _S, _PS]),
    "gohttp_resp_read": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_readinto": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_readall": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_read_amt": (c_int, [_P, c_int64, _P, _S, _PS]),
    "gohttp_resp_read1": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_peek": (c_int, [_P, _P, _S, _PS]),
    "gohttp_resp_readline": (c_int, [_P, c_int64, _P, _S, _PS]),
    "gohttp_resp_trailers": (c_int, [_P, _P, _S, _PS]),
}

def _forked_stub(res):
    if res is c_char_p:
        return lambda *a: b"gohttp: used after fork()"
    return lambda *a: E_FORKED


class _Lib:
    """libgohttp, loaded on first use rather than at import: loading starts
    the Go runtime's threads, and a process that imports gohttp and then
    forks (a preforking server, multiprocessing) must not have them yet.
    Each function is looked up, declared and cached on first access."""

    def __init__(self):
        self._cdll = None
        self._pid = None      # the process that loaded the library
        self._forked = False  # True in a child forked after loading

    def _load(self):
        if self._cdll is None:
            self._cdll = ctypes.CDLL(_find_library())
            self._pid = os.getpid()
        return self._cdll

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        res, args = _DECLS.get(name, (None, None))
        if self._forked:
            fn = _forked_stub(res)
        else:
            fn = getattr(self._load(), name)
            if res is not None:
                fn.restype = res
                fn.argtypes = args
        self.__dict__[name] = fn
        return fn

    def has(self, name):
        return hasattr(self._load(), name)

    @property
    def loaded(self):
        return self._cdll is not None


lib = _Lib()


def library_path():
    """The path of the libgohttp.so this package uses."""
    return _find_library()


def loaded():
    """Whether this process has loaded libgohttp (and so runs Go threads)."""
    return lib.loaded


def forked_after_load():
    """Whether this is a child process forked after libgohttp was loaded,
    where the library cannot be entered."""
    return lib._forked or (lib._pid is not None and lib._pid != os.getpid())


def _after_fork_in_child():
    # The library's own fork check runs in Go, after cgo's entry, which may
    # wait forever for runtime threads that do not exist in the child; so
    # in a child forked from Python the library is not entered at all. A
    # library never loaded is simply loaded fresh by the child when used.
    if not lib.loaded:
        return
    lib._forked = True
    for name in list(lib.__dict__):
        if not name.startswith("_"):
            del lib.__dict__[name]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def version():
    return lib.gohttp_version().decode("ascii")


def go_version():
    """The Go toolchain the library was built with ("go1.26.8"): its
    crypto/tls and net are compiled in (see SECURITY.md)."""
    return lib.gohttp_go_version().decode("ascii")


class RequestCancelled(OSError):
    """Raised by the call that HTTPConnection.cancel() stopped (or, when
    nothing was blocked, by the connection's next blocking call). An
    OSError with errno ECANCELED, so code that handles a failed socket
    (``except OSError``) handles it too; not a TimeoutError and not a
    ConnectionError, so nothing retries it as a timeout or a dropped
    connection. The connection's socket is closed; the next request
    reconnects."""

    def __init__(self, *args):
        if not args:
            args = (_errno.ECANCELED, "Operation cancelled")
        super().__init__(*args)


def _text(ptr, n):
    return ctypes.string_at(ptr, n) if ptr and n else b""


def _lasterror(getter, handle):
    err = Error()
    getter(handle, byref(err))
    return err


def exception_for(code, err, callback_exc=None):
    """Returns the exception http.client would raise for a failure."""
    if callback_exc is not None and code in (E_CALLBACK, E_OS, E_TIMEOUT):
        return callback_exc
    msg = err.message.decode("utf-8", "surrogateescape") if err.message else ""
    arg = _text(err.arg, err.arg_len).decode("latin-1") if err.arg else None
    argu = _text(err.arg, err.arg_len).decode("utf-8", "surrogateescape") if err.arg else ""
    if code == E_INCOMPLETE_READ:
        expected = None if err.expected < 0 else err.expected
        return _hc.IncompleteRead(_text(err.partial, err.partial_len), expected)
    if code == E_CANNOT_SEND_REQUEST:
        return _hc.CannotSendRequest(arg)
    if code == E_CANNOT_SEND_HEADER:
        return _hc.CannotSendHeader()
    if code == E_RESPONSE_NOT_READY:
        return _hc.ResponseNotReady(arg) if arg else _hc.ResponseNotReady()
    if code == E_BAD_STATUS_LINE:
        return _hc.BadStatusLine(arg or "")
    if code == E_LINE_TOO_LONG:
        return _hc.LineTooLong(arg)
    if code == E_REMOTE_DISCONNECTED:
        return _hc.RemoteDisconnected("Remote end closed connection without response")
    if code == E_UNKNOWN_PROTOCOL:
        return _hc.UnknownProtocol(arg)
    if code == E_INVALID_URL:
        return _hc.InvalidURL(argu)
    if code == E_HTTP:
        return _hc.HTTPException(argu)
    if code == E_NOT_CONNECTED:
        return _hc.NotConnected()
    if code == E_VALUE:
        return ValueError(argu)
    if code == E_RUNTIME:
        return RuntimeError(argu)
    if code == E_OVERFLOW:
        return OverflowError(argu)
    if code == E_TOO_LARGE:
        # More than a memory limit allows, where http.client would run
        # out of memory.
        return MemoryError(msg)
    if code == E_TIMEOUT:
        return socket.timeout("timed out")
    if code == E_DNS:
        return socket.gaierror(err.sys_errno, argu)
    if code == E_TUNNEL:
        return OSError(argu)
    if code == E_TLS_VERIFY:
        e = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s" % argu)
        e.verify_message = argu
        e.verify_code = err.sys_errno or 1  # OpenSSL's X509_V_ERR_* code
        e.reason = "CERTIFICATE_VERIFY_FAILED"
        e.library = "SSL"
        return e
    if code == E_TLS:
        # The message is "[SSL: REASON] text" (OpenSSL's reason name, as
        # ssl.SSLError carries it) or "[SSL] text".
        text = msg if msg.startswith("[SSL") else "[SSL] %s" % argu
        end = text.find("]")
        reason = text[6:end] if text.startswith("[SSL: ") and end > 6 else None
        if reason == "UNEXPECTED_EOF_WHILE_READING":
            e = ssl.SSLEOFError(ssl.SSL_ERROR_EOF, text)
        else:
            e = ssl.SSLError(1, text)
        e.reason = reason
        e.library = "SSL"
        return e
    if callback_exc is not None and code in (E_CALLBACK, E_OS, E_TIMEOUT):
        return callback_exc
    if code == E_OS:
        if err.sys_errno:
            return OSError(err.sys_errno, os.strerror(err.sys_errno))
        return OSError(msg)
    if code == E_CANCELLED:
        return RequestCancelled()
    if code == E_FORKED:
        return RuntimeError("gohttp: the library cannot be used in a child "
                            "process after fork(); create connections after forking")
    if code == E_BUSY:
        return RuntimeError("gohttp: connection used from two threads at once")
    if code == E_BADHANDLE:
        return ValueError("gohttp: operation on a freed connection or response")
    if code == E_ARG:
        return ValueError(msg)
    if code == E_INTERNAL:
        return SystemError(msg)
    return OSError(msg or lib.gohttp_strerror(code).decode())


def conn_error(code, handle, callback_exc=None):
    if code in (E_BADHANDLE, E_BUSY, E_FORKED):
        return exception_for(code, Error(), callback_exc)
    return exception_for(code, _lasterror(lib.gohttp_conn_lasterror, handle), callback_exc)


def resp_error(code, handle, callback_exc=None):
    if code in (E_BADHANDLE, E_BUSY, E_FORKED):
        return exception_for(code, Error(), callback_exc)
    return exception_for(code, _lasterror(lib.gohttp_resp_lasterror, handle), callback_exc)


def create_error(code):
    msg = lib.gohttp_create_errmsg().decode("utf-8", "surrogateescape")
    if msg.startswith("core: "):
        msg = msg[len("core: "):]
    if code == E_INVALID_URL:
        return _hc.InvalidURL(msg)
    err = Error()
    err.message = msg.encode()
    return exception_for(code, err)


def status_table():
    """The core's status table: (code, name, phrase, description, alias),
    written into the package by the build (no library call at import)."""
    from ._built import TABLE
    return TABLE
