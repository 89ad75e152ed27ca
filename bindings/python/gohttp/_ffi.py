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

NUL = -1

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

# Options (gohttp_conn_setopt_int / _double / _str).
OPT_AUTO_OPEN, OPT_HTTP_VERSION, OPT_DEFAULT_PORT, OPT_BLOCKSIZE = 100, 101, 102, 103
OPT_MAX_LINE, OPT_MAX_HEADERS, OPT_MAX_BODY, OPT_SOURCE_PORT = 104, 105, 106, 107
DEFAULT_MAX_BODY = 1 << 30  # GOHTTP_DEFAULT_MAX_BODY
OPT_TLS_VERIFY, OPT_TLS_CHECK_HOSTNAME, OPT_TLS_MIN_VERSION = 108, 109, 110
OPT_TLS_MAX_VERSION, OPT_TLS_SYSTEM_ROOTS = 111, 112
OPT_TIMEOUT, OPT_SOCKET_TIMEOUT, OPT_DEADLINE = 200, 201, 202
GETRESPONSE_BODY, GETRESPONSE_PEEK_BODY, GETRESPONSE_READ_PREVIOUS = 0x1, 0x2, 0x4
OPT_HOST, OPT_SOURCE_HOST, OPT_TLS_CA_FILE, OPT_TLS_CA_DIR, OPT_TLS_CA_PEM = 300, 301, 302, 303, 304
OPT_TLS_CERT_FILE, OPT_TLS_KEY_FILE, OPT_TLS_CERT_PEM, OPT_TLS_KEY_PEM = 305, 306, 307, 308
OPT_TLS_KEY_PASSWORD, OPT_TLS_SERVER_NAME, OPT_TLS_ALPN = 309, 310, 311

# gohttp_conn_get / gohttp_resp_get.
CONN_HOST, CONN_PROXY_HEADERS, CONN_BUFFERED = 1, 2, 3
CONN_TLS_PEER_CERT, CONN_TLS_VERSION, CONN_TLS_CIPHER, CONN_TLS_ALPN = 4, 5, 6, 7
RESP_REASON, RESP_RAW_HEADERS, RESP_TRAILERS, RESP_FIELDS = 101, 102, 103, 104


class Header(Structure):
    _fields_ = [("name", c_char_p), ("name_len", c_int64),
                ("value", c_char_p), ("value_len", c_int64),
                ("flags", c_int)]


class Error(Structure):
    _fields_ = [("size", c_int64), ("code", c_int), ("os_error", c_int), ("expected", c_int64),
                ("message", c_char_p), ("arg", c_void_p), ("arg_len", c_int64),
                ("partial", c_void_p), ("partial_len", c_int64)]

    def __init__(self):
        super().__init__()
        self.size = ctypes.sizeof(Error)


class ConnInfo(Structure):
    _fields_ = [("size", c_int64), ("port", c_int), ("state", c_int), ("connected", c_int),
                ("http_version", c_int), ("default_port", c_int), ("reserved", c_int),
                ("socket", c_int64)]

    def __init__(self):
        super().__init__()
        self.size = ctypes.sizeof(ConnInfo)


class RespInfo(Structure):
    _fields_ = [("size", c_int64), ("flags", c_int), ("status", c_int), ("version", c_int),
                ("will_close", c_int), ("chunked", c_int), ("has_length", c_int),
                ("closed", c_int), ("isclosed", c_int), ("head_copied", c_int),
                ("reserved", c_int), ("length", c_int64), ("reason_len", c_int64),
                ("headers_len", c_int64), ("body_len", c_int64), ("socket", c_int64)]

    def __init__(self):
        super().__init__()
        self.size = ctypes.sizeof(RespInfo)


BODY_FN = CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p), POINTER(c_int64))
DEBUG_FN = CFUNCTYPE(None, c_void_p, c_void_p, c_int64)
READ_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_int64, POINTER(c_int64))
WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p, c_int64, POINTER(c_int64))
CLOSE_FN = CFUNCTYPE(None, c_void_p)
FILE_FN = CFUNCTYPE(c_int, c_void_p, c_int, c_void_p, c_int64, POINTER(c_int64))
FILE_READ, FILE_READLINE, FILE_READ1, FILE_PEEK = 1, 2, 3, 4


class Transport(Structure):
    _fields_ = [("size", c_int64), ("user", c_void_p), ("read", READ_FN),
                ("write", WRITE_FN), ("close", CLOSE_FN), ("file", FILE_FN)]

    def __init__(self, **kw):
        super().__init__(**kw)
        self.size = ctypes.sizeof(Transport)


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
_L = c_int64
_B = c_char_p
_PL = POINTER(c_int64)

_DECLS = {
    "gohttp_version": (c_char_p, []),
    "gohttp_version_number": (c_int, []),
    "gohttp_strerror": (c_char_p, [c_int]),
    "gohttp_errname": (c_char_p, [c_int]),
    "gohttp_last_error": (c_int, [POINTER(Error)]),
    "gohttp_status_phrase": (c_char_p, [c_int]),
    "gohttp_live_handles": (c_int64, []),
    "gohttp_conn_new": (c_int, [_B, _L, c_int, POINTER(_P)]),
    "gohttp_conn_new_https": (c_int, [_B, _L, c_int, POINTER(_P)]),
    "gohttp_conn_free": (c_int, [_P]),
    "gohttp_conn_setopt_int": (c_int, [_P, c_int, c_int64]),
    "gohttp_conn_setopt_double": (c_int, [_P, c_int, c_double]),
    "gohttp_conn_setopt_str": (c_int, [_P, c_int, _B, _L]),
    "gohttp_conn_set_tunnel": (c_int, [_P, _B, _L, c_int, POINTER(Header), _L]),
    "gohttp_conn_connect": (c_int, [_P]),
    "gohttp_conn_close": (c_int, [_P]),
    "gohttp_conn_cancel": (c_int, [_P]),
    "gohttp_conn_info": (c_int, [_P, POINTER(ConnInfo)]),
    "gohttp_conn_get": (c_int, [_P, c_int, _P, _L, _PL]),
    "gohttp_conn_request": (c_int, [_P, _B, _L, _B, _L, POINTER(Header), _L, _B, _L, c_int]),
    "gohttp_conn_putrequest": (c_int, [_P, _B, _L, _B, _L, c_int]),
    "gohttp_conn_putheader": (c_int, [_P, _B, _L, POINTER(c_char_p), _PL, _L]),
    "gohttp_conn_endheaders": (c_int, [_P, _B, _L, BODY_FN, _P, c_int]),
    "gohttp_conn_send": (c_int, [_P, _B, _L]),
    "gohttp_conn_getresponse": (c_int, [_P, POINTER(_P), POINTER(RespInfo), _P, _L]),
    "gohttp_resp_free": (c_int, [_P]),
    "gohttp_resp_close": (c_int, [_P]),
    "gohttp_resp_info": (c_int, [_P, POINTER(RespInfo)]),
    "gohttp_resp_getheader": (c_int, [_P, _B, _L, _P, _L, _PL]),
    "gohttp_resp_get": (c_int, [_P, c_int, _P, _L, _PL]),
    "gohttp_resp_read": (c_int, [_P, _P, _L, _PL]),
    "gohttp_resp_read1": (c_int, [_P, _P, _L, _PL]),
    "gohttp_resp_peek": (c_int, [_P, _P, _L, _PL]),
    "gohttp_resp_readline": (c_int, [_P, c_int64, _P, _L, _PL]),
    "gohttp_resp_readall": (c_int, [_P, _P, _L, _PL]),
    "gohttp_conn_set_transport": (c_int, [_P, POINTER(Transport)]),
    "gohttp_resp_new": (c_int, [POINTER(Transport), _B, _L, POINTER(_P)]),
    "gohttp_resp_begin": (c_int, [_P, POINTER(RespInfo)]),
    "gohttp_conn_set_debug": (c_int, [_P, c_int, DEBUG_FN, _P]),
    "gohttp_conn_tunnel": (c_int, [_P]),
    "gohttp_conn_release_socket": (c_int, [_P]),
    "gohttp_conn_response": (c_int, [_P, POINTER(_P)]),
    "gohttp_resp_read_status": (c_int, [_P, _P, _L, _PL]),
    "gohttp_resp_read_amt": (c_int, [_P, c_int64, _P, _L, _PL]),
    "gohttp_resp_set_debug": (c_int, [_P, c_int, DEBUG_FN, _P]),
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
    """The library's version ("1.0.0")."""
    return lib.gohttp_version().decode("ascii").split(" ", 1)[0]


def go_version():
    """The Go toolchain the library was built with ("go1.26.8"): its
    crypto/tls and net are compiled in (see SECURITY.md)."""
    full = lib.gohttp_version().decode("ascii")
    return full[full.index("(") + 1:full.rindex(")")]


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


def _tls_error(msg, argu, err):
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


def _tls_verify_error(msg, argu, err):
    e = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s" % argu)
    e.verify_message = argu
    e.verify_code = err.os_error or 1  # OpenSSL's X509_V_ERR_* code
    e.reason = "CERTIFICATE_VERIFY_FAILED"
    e.library = "SSL"
    return e


def _os_error(msg, argu, err):
    if err.os_error:
        return OSError(err.os_error, os.strerror(err.os_error))
    return OSError(msg)


def _arg(err):
    return _text(err.arg, err.arg_len).decode("latin-1") if err.arg else None


# The exception http.client would raise for each code: a function of the
# error's message, its argument (UTF-8 text) and the gohttp_error itself.
# This table, not the library's English gohttp_strerror, names them.
EXCEPTIONS = {
    E_INCOMPLETE_READ: lambda m, a, e: _hc.IncompleteRead(
        _text(e.partial, e.partial_len), None if e.expected < 0 else e.expected),
    E_CANNOT_SEND_REQUEST: lambda m, a, e: _hc.CannotSendRequest(_arg(e)),
    E_CANNOT_SEND_HEADER: lambda m, a, e: _hc.CannotSendHeader(),
    E_RESPONSE_NOT_READY: lambda m, a, e: _hc.ResponseNotReady(_arg(e)) if e.arg else _hc.ResponseNotReady(),
    E_BAD_STATUS_LINE: lambda m, a, e: _hc.BadStatusLine(_arg(e) or ""),
    E_LINE_TOO_LONG: lambda m, a, e: _hc.LineTooLong(_arg(e)),
    E_REMOTE_DISCONNECTED: lambda m, a, e: _hc.RemoteDisconnected("Remote end closed connection without response"),
    E_UNKNOWN_PROTOCOL: lambda m, a, e: _hc.UnknownProtocol(_arg(e)),
    E_INVALID_URL: lambda m, a, e: _hc.InvalidURL(a),
    E_HTTP: lambda m, a, e: _hc.HTTPException(a),
    E_NOT_CONNECTED: lambda m, a, e: _hc.NotConnected(),
    E_VALUE: lambda m, a, e: ValueError(a),
    E_RUNTIME: lambda m, a, e: RuntimeError(a),
    E_OVERFLOW: lambda m, a, e: OverflowError(a),
    # More than a memory limit allows, where http.client would run out
    # of memory.
    E_TOO_LARGE: lambda m, a, e: MemoryError(m),
    E_TIMEOUT: lambda m, a, e: socket.timeout("timed out"),
    E_DNS: lambda m, a, e: socket.gaierror(e.os_error, a),
    E_TUNNEL: lambda m, a, e: OSError(a),
    E_TLS_VERIFY: _tls_verify_error,
    E_TLS: _tls_error,
    E_OS: _os_error,
    E_CANCELLED: lambda m, a, e: RequestCancelled(),
    E_FORKED: lambda m, a, e: RuntimeError(
        "gohttp: the library cannot be used in a child process after fork(); "
        "create connections after forking"),
    E_BUSY: lambda m, a, e: RuntimeError("gohttp: connection used from two threads at once"),
    E_BADHANDLE: lambda m, a, e: ValueError("gohttp: operation on a freed connection or response"),
    E_ARG: lambda m, a, e: ValueError(m),
    E_INTERNAL: lambda m, a, e: SystemError(m),
}


def exception_for(code, err, callback_exc=None):
    """Returns the exception http.client would raise for a failure."""
    if callback_exc is not None and code in (E_CALLBACK, E_OS, E_TIMEOUT):
        return callback_exc
    msg = err.message.decode("utf-8", "surrogateescape") if err.message else ""
    argu = _text(err.arg, err.arg_len).decode("utf-8", "surrogateescape") if err.arg else ""
    make = EXCEPTIONS.get(code)
    if make is not None:
        return make(msg, argu, err)
    return OSError(msg or "gohttp error %d" % code)


def last_error():
    """The calling thread's last error (gohttp_last_error)."""
    err = Error()
    lib.gohttp_last_error(byref(err))
    return err


def error(code, callback_exc=None):
    """The exception for a failed call, from the thread's last error."""
    if code in (E_BUSY, E_FORKED):
        return exception_for(code, Error(), callback_exc)
    return exception_for(code, last_error(), callback_exc)


# The handle argument is kept for the call sites; the last error is the
# calling thread's (rule 9 of the C ABI), whatever the handle.
def conn_error(code, handle=None, callback_exc=None):
    return error(code, callback_exc)


resp_error = conn_error


def create_error(code):
    err = last_error()
    if code == E_INVALID_URL:
        return _hc.InvalidURL(err.message.decode("utf-8", "surrogateescape"))
    return exception_for(code, err)


def status_table():
    """The core's status table: (code, name, phrase, description, alias),
    written into the package by the build (no library call at import)."""
    from ._built import TABLE
    return TABLE
