"""gohttp.client: a drop-in for http.client, on gohttp's Go core.

Every public name of http.client is here with the same signature. The
exception classes, HTTPMessage, parse_headers and the status constants are
http.client's own objects, so ``except http.client.IncompleteRead`` catches
gohttp's too. The protocol (request framing, validation, status and header
parsing, body framing, the connection's state machine) runs in libgohttp;
this module converts arguments and raises exceptions.
"""

import collections.abc
import ctypes
import io
import socket
import ssl
import sys
import weakref
from ctypes import byref, c_char_p, c_int, c_int64, c_void_p

import http
import http.client as _hc

from . import _ffi
from . import _tls  # records what ssl.SSLContext objects load (see _tls)
from ._ffi import lib
from ._install import _counts
from ._ffi import RequestCancelled  # noqa: F401  (gohttp's own: see cancel())

# The exceptions, HTTPMessage and helpers are http.client's own objects.
from http.client import (  # noqa: F401
    HTTPException, NotConnected, UnknownProtocol, UnknownTransferEncoding,
    UnimplementedFileMode, IncompleteRead, InvalidURL,
    ImproperConnectionState, CannotSendRequest, CannotSendHeader,
    ResponseNotReady, BadStatusLine, LineTooLong, RemoteDisconnected, error,
    HTTPMessage, parse_headers, HTTP_PORT, HTTPS_PORT,
)

__all__ = ["HTTPResponse", "HTTPConnection",
           "HTTPException", "NotConnected", "UnknownProtocol",
           "UnknownTransferEncoding", "UnimplementedFileMode",
           "IncompleteRead", "InvalidURL", "ImproperConnectionState",
           "CannotSendRequest", "CannotSendHeader", "ResponseNotReady",
           "BadStatusLine", "LineTooLong", "RemoteDisconnected", "error",
           "responses"]


def _status_enum():
    """http.HTTPStatus as Python 3.13 has it. Older Pythons lack some codes
    and aliases and have pre-RFC 9110 phrases; gohttp behaves as 3.13
    everywhere, so there it builds the same enum from the core's table."""
    import enum
    table = _ffi.status_table()
    have = {(m.value, n, m.phrase) for n, m in http.HTTPStatus.__members__.items()}
    if have == {(c, n, p) for c, n, p, _, _ in table}:
        return http.HTTPStatus

    class _Status(enum.IntEnum):
        def __new__(cls, value, phrase, description=""):
            obj = int.__new__(cls, value)
            obj._value_ = value
            obj.phrase = phrase
            obj.description = description
            return obj

    # Canonical names first, so that a repeated value becomes an alias.
    names = [(n, (c, p, d)) for c, n, p, d, alias in table if not alias]
    names += [(n, (c, p, d)) for c, n, p, d, alias in table if alias]
    cls = _Status("HTTPStatus", names)
    cls.__module__ = __name__
    return cls


HTTPStatus = _status_enum()
globals().update(HTTPStatus.__members__)
responses = {v: v.phrase for v in HTTPStatus.__members__.values()}

_UNKNOWN = "UNKNOWN"
_MAXLINE = 65536
_MAXHEADERS = 100
_HEADER_BUF = 16384
_READ_CHUNK = 65536

_METHODS_EXPECTING_BODY = {"PATCH", "POST", "PUT"}

_CS_IDLE = "Idle"
_CS_REQ_STARTED = "Request-started"
_CS_REQ_SENT = "Request-sent"
_STATES = (_CS_IDLE, _CS_REQ_STARTED, _CS_REQ_SENT)


# Reads up to this size go straight into a result allocated up front; a
# larger one (a Content-Length or amt the server or caller chose) is read
# by the core into memory that grows with the data received, so a hostile
# Content-Length cannot make gohttp allocate it before the bytes arrive
# (python/cpython#119451, behaviour.md HC-T3).
_MAX_DIRECT = 16 << 20
_DEFAULT_BLOCKSIZE = 8192  # http.client's, and the library's
# The longest timeout, in seconds, the library is given itself (about 31
# years); longer ones go through Python's socket (_set_core_timeout).
_MAX_CORE_TIMEOUT = 1e9

_NOT_APPLIED = object()
_UNSET = object()

# Bytes other than CR and LF at which str.splitlines, and so the email
# parser, ends a line (as latin-1 text), and NUL, which the library's
# field list refuses (see HTTPResponse._plain_message).
_LINE_SPLITTERS = b"\x00\x0b\x0c\x1c\x1d\x1e\x85"

_NO_DEBUG = _ffi.DEBUG_FN()  # a NULL callback
_DEBUG_PRINT = _ffi.DEBUG_FN(
    lambda user, line, n: print(ctypes.string_at(line, n).decode("utf-8", "surrogateescape")))

if sys.implementation.name == "cpython":
    _PyBytes_FromStringAndSize = ctypes.pythonapi.PyBytes_FromStringAndSize
    _PyBytes_FromStringAndSize.restype = ctypes.py_object
    _PyBytes_FromStringAndSize.argtypes = (c_void_p, ctypes.c_ssize_t)
    _BYTES_DATA = bytes.__basicsize__ - 1  # offset of ob_sval

    def _new_bytes(size):
        """A new bytes object of size bytes, not yet filled, and the address
        of its data, for the library to read into before anyone else sees
        it (what C code does with PyBytes_FromStringAndSize(NULL, n)).
        Small ones are made by bytes(size), which costs less than a call
        through ctypes and is always a new object from 2 bytes up; the
        zero-filling it does would cost more than the call for large ones."""
        if 2 <= size <= 65536:
            data = bytes(size)
        else:
            data = _PyBytes_FromStringAndSize(None, size)
        return data, id(data) + _BYTES_DATA

    def _finish(data, n):
        return data if n == len(data) else data[:n]
else:  # pragma: no cover - other interpreters
    def _new_bytes(size):
        buf = ctypes.create_string_buffer(max(size, 1))
        return buf, ctypes.addressof(buf)

    def _finish(buf, n):
        return buf.raw[:n]


_c_char_from_buffer = ctypes.c_char.from_buffer
_addressof = ctypes.addressof


def _copy_out(fn, h, check, buf=None):
    """The bytes of a size-query call fn(h, buf, cap, &n): into buf when
    they fit, else into a buffer of the size the library asks for. Returns
    the call's own code (OK, NOTFOUND) and the bytes; errors go to check."""
    n = c_int64()
    rc = fn(h, buf, 0 if buf is None else len(buf), byref(n))
    if rc == _ffi.E_RANGE:
        buf = ctypes.create_string_buffer(n.value)
        rc = fn(h, buf, n.value, byref(n))
    if rc < 0:
        check(rc)
    return rc, (buf.raw[:n.value] if n.value else b"")


def _conn_get(what):
    """A _copy_out function for gohttp_conn_get(what)."""
    return lambda h, b, c, n: lib.gohttp_conn_get(h, what, b, c, n)


def _resp_get(what):
    """A _copy_out function for gohttp_resp_get(what)."""
    return lambda h, b, c, n: lib.gohttp_resp_get(h, what, b, c, n)


_NO_BODY_FN = _ffi.BODY_FN()  # a NULL body callback


def _host_opt(hb, port):
    """The text of GOHTTP_OPT_HOST for a host and a port (-1: from the
    host), parsed back as http.client's _get_hostport parses it."""
    return hb if port < 0 else hb + b":" + str(port).encode("ascii")


def _bytes_of(b):
    """The bytes of a bytes-like object, without a copy for bytes."""
    if isinstance(b, bytes):
        return b
    return memoryview(b).tobytes()


def _encode_text(s):
    """str to the UTF-8 bytes the core validates (surrogates kept)."""
    return s.encode("utf-8", "surrogatepass")


def _encode_body(data, name="data"):
    # http.client's _encode, with its message.
    try:
        return data.encode("latin-1")
    except UnicodeEncodeError as err:
        raise UnicodeEncodeError(
            err.encoding, err.object, err.start, err.end,
            "%s (%.20r) is not valid Latin-1. Use %s.encode('utf-8') "
            "if you want to send it encoded in UTF-8." %
            (name.title(), data[err.start:err.end], name)) from None


def _header_value(v):
    """putheader's value conversion; None when it must take the slow path."""
    if hasattr(v, "encode"):
        try:
            return v.encode("latin-1")
        except UnicodeEncodeError:
            return None
    if isinstance(v, int):
        return str(v).encode("ascii")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return _bytes_of(v)
    return None


class _Stream:
    """Feeds a Python body (file-like or iterable) to the core's body
    callback, piece by piece, as http.client's _send_output iterates it.
    The body is only looked at once the header block is sent, so that a
    bad body fails at the same moment as in http.client."""

    def __init__(self, conn, body):
        self.conn = conn
        self.body = body
        self.it = None
        self.exc = None
        self.keep = None
        self.fn = _ffi.BODY_FN(self._next)

    def _iterator(self):
        body = self.body
        if hasattr(body, "read"):
            return self.conn._read_readable(body)
        try:
            memoryview(body)
        except TypeError:
            try:
                return iter(body)
            except TypeError:
                raise TypeError("message_body should be a bytes-like "
                                "object or an iterable, got %r" % type(body))
        return iter((body,))

    def _next(self, user, data, n):
        try:
            if self.it is None:
                self.it = self._iterator()
            chunk = next(self.it)
        except StopIteration:
            return 0
        except BaseException as e:  # re-raised by the caller
            self.exc = e
            return -1
        try:
            b = _bytes_of(chunk)
        except BaseException as e:
            self.exc = e
            return -1
        self.keep = ctypes.create_string_buffer(b, len(b)) if b else None
        data[0] = ctypes.cast(self.keep, c_void_p) if b else None
        n[0] = len(b)
        return 1


# request() goes step by step for a class that overrides one of these.
_STEP_METHODS = ("putrequest", "putheader", "endheaders", "send", "_send_output",
                 "_create_connection", "_send_request", "_tunnel")
_SLOW_CLASSES = {}


class HTTPConnection:
    """http.client.HTTPConnection, on gohttp's core."""

    _http_vsn = 11
    _http_vsn_str = "HTTP/1.1"

    response_class = None  # set below to HTTPResponse
    default_port = HTTP_PORT
    auto_open = 1
    debuglevel = 0
    # gohttp's own knob: the most bytes one read() or readline() of a
    # response collects (None: the library's default, 1 GiB); past it the
    # read raises MemoryError and the connection is closed.
    max_body_size = None

    _new = staticmethod(lambda *a: lib.gohttp_conn_new(*a))

    @staticmethod
    def _is_textIO(stream):
        """Test whether a file-like object is a text or a binary stream."""
        return isinstance(stream, io.TextIOBase)

    @staticmethod
    def _get_content_length(body, method):
        """The Content-Length http.client sends for body, or None when the
        body must be chunk-encoded (a file, an iterable)."""
        if body is None:
            if method.upper() in _METHODS_EXPECTING_BODY:
                return 0
            return None
        if hasattr(body, "read"):
            return None
        try:
            return memoryview(body).nbytes
        except TypeError:
            pass
        if isinstance(body, str):
            return len(body)
        return None

    _create_connection = staticmethod(socket.create_connection)

    def __init__(self, host, port=None, timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address=None, blocksize=8192):
        # Plain attributes are set past this class's __setattr__, which
        # has nothing to do for them (a subclass's own __setattr__ is
        # still called, as http.client's __init__ would call it).
        cls = type(self)
        put = object.__setattr__ if cls.__setattr__ is HTTPConnection.__setattr__ else setattr
        put(self, "_h", None)
        h = c_void_p()
        hb = _encode_text(host)
        p = -1 if port is None else int(port)
        rc = self._new(hb, len(hb), p, byref(h))
        if rc:
            raise _ffi.create_error(rc)
        put(self, "_h", h)
        put(self, "_hdrbuf", ctypes.create_string_buffer(_HEADER_BUF))
        # getresponse's out arguments, made once (see getresponse).
        put(self, "_gr", _getresponse_args())
        put(self, "_selfref", weakref.ref(self))
        put(self, "_debug_cb", None)
        put(self, "_sock_view", None)
        put(self, "_transport", None)
        if cls.default_port != self._base_default_port:
            self._check(lib.gohttp_conn_setopt_int(h, _ffi.OPT_DEFAULT_PORT, cls.default_port))
            ho = _host_opt(hb, p)
            self._check(lib.gohttp_conn_setopt_str(h, _ffi.OPT_HOST, ho, len(ho)))
        if self._http_vsn != 11:
            self._check(lib.gohttp_conn_setopt_int(h, _ffi.OPT_HTTP_VERSION, self._http_vsn))
        if cls.auto_open != 1:
            self._check(lib.gohttp_conn_setopt_int(h, _ffi.OPT_AUTO_OPEN, 1 if cls.auto_open else 0))
        if cls.host is not HTTPConnection.host:
            # A subclass with its own host attribute (urllib3 keeps it as
            # _dns_host) gets it assigned, as http.client's __init__ does.
            self.host = _copy_out(_conn_get(_ffi.CONN_HOST), h, self._check,
                                  self._hdrbuf)[1].decode("utf-8", "surrogatepass")
        # The library's own defaults (no timeout, no source address, 8 KiB
        # blocks, debug level 0) are not set again: urllib.request makes a
        # connection for every request.
        d = self.__dict__
        d["_core_timeout"] = -1.0
        self.timeout = timeout
        if source_address is None and cls.source_address is HTTPConnection.source_address:
            d["_source_address"] = None
        else:
            self.source_address = source_address
        if blocksize == _DEFAULT_BLOCKSIZE and cls.blocksize is HTTPConnection.blocksize:
            d["_blocksize"] = blocksize
        else:
            self.blocksize = blocksize
        d["_tunnel_host"] = None
        put(self, "_tunnel_port", None)
        put(self, "_tunnel_headers", {})
        put(self, "_raw_proxy_headers", None)
        put(self, "_method", None)
        # http.client's list of request lines waiting for endheaders: the
        # library keeps the lines it sends; this list shows them to code
        # that looks (and request() goes step by step when code replaced
        # it, so that its append sees every line).
        put(self, "_buffer", [])

    _base_default_port = HTTP_PORT

    @property
    def _tunnel_host(self):
        return self.__dict__["_tunnel_host"]

    @_tunnel_host.setter
    def _tunnel_host(self, value):
        # urllib3 resets it when it closes a connection.
        self.__dict__["_tunnel_host"] = value
        if value is None and self._h is not None:
            self._check(lib.gohttp_conn_set_tunnel(self._h, None, 0, -1, None, 0))

    def _wrap_ipv6(self, ip):
        if b":" in ip and ip[0] != b"["[0]:
            return b"[" + ip + b"]"
        return ip

    def _get_hostport(self, host, port):
        # http.client's parsing, which urllib3 and others call directly.
        return _hc.HTTPConnection._get_hostport(self, host, port)

    def _validate_host(self, host):
        # The library validates the host when the connection is made.
        return _hc.HTTPConnection._validate_host(self, host)

    def _slow_request(self):
        """Whether request() must go step by step through methods that
        code may override or look at, as http.client's does."""
        cls = type(self)
        slow = _SLOW_CLASSES.get(cls)
        if slow is None:
            slow = (any(getattr(cls, name) is not getattr(HTTPConnection, name)
                        for name in _STEP_METHODS)
                    or cls.connect not in _OWN_CONNECTS)
            _SLOW_CLASSES[cls] = slow
        d = self.__dict__
        return (slow or "_create_connection" in d or type(d.get("_buffer")) is not list
                or d.get("_buffer") or self._py_tls or "_odd_timeout" in d)

    # -- plumbing ---------------------------------------------------------

    def _check(self, rc, callback_exc=None):
        if rc:
            t = self._transport
            if callback_exc is None and t is not None:
                callback_exc = t.take_exc()
            raise _ffi.conn_error(rc, self._h, callback_exc)

    def __del__(self):
        d = self.__dict__
        h, d["_h"] = d.get("_h"), None
        if h is not None and lib is not None:
            # Collecting a connection is not close(): as in http.client, a
            # response still being read keeps the socket, so the handle is
            # freed with that response.
            r, info = self.__dict__.get("_response"), _ffi.RespInfo()
            if (r is not None and getattr(r, "_h", None) is not None
                    and lib.gohttp_resp_info(r._h, byref(info)) == 0
                    and not info.isclosed):
                r._conn_h = h
                return
            lib.gohttp_conn_free(h)

    def _conn_info(self):
        info = _ffi.ConnInfo()
        self._check(lib.gohttp_conn_info(self._h, byref(info)))
        return info

    def _fileno(self):
        return self._conn_info().socket

    def _state(self):
        info = self._conn_info()
        return _STATES[info.state], bool(info.connected)

    # -- attributes kept in the core -----------------------------------------

    @property
    def host(self):
        raw = _copy_out(_conn_get(_ffi.CONN_HOST), self._h, self._check, self._hdrbuf)[1]
        return raw.decode("utf-8", "surrogatepass")

    @host.setter
    def host(self, value):
        ho = _host_opt(_encode_text(value), self.port)
        self._check(lib.gohttp_conn_setopt_str(self._h, _ffi.OPT_HOST, ho, len(ho)))

    @property
    def port(self):
        return self._conn_info().port

    @port.setter
    def port(self, value):
        ho = _host_opt(_encode_text(self.host), int(value))
        self._check(lib.gohttp_conn_setopt_str(self._h, _ffi.OPT_HOST, ho, len(ho)))

    @property
    def timeout(self):
        return self._timeout

    @timeout.setter
    def timeout(self, value):
        d = self.__dict__  # (the shim's own names: past __setattr__)
        d["_timeout"] = value
        d["_applied_default"] = _NOT_APPLIED
        if value is socket._GLOBAL_DEFAULT_TIMEOUT:
            d.pop("_odd_timeout", None)
            self._refresh_default_timeout()
        else:
            self._set_core_timeout(value)

    def _set_core_timeout(self, t):
        # http.client keeps any value as its timeout and hands it to
        # socket.create_connection when it connects, and socket.settimeout
        # decides then what it means or what to raise: a negative number,
        # NaN, infinity, a huge one, a str or a sentinel (urllib3 sets its
        # own default sentinel, then connects its own socket). The library
        # takes a plain number of seconds; for any other value the
        # connection is made in Python (_python_socket), where
        # create_connection raises exactly what http.client's does, at
        # the same step.
        # (urllib3 sets the timeout twice a request, mostly to the same
        # value: the library is only told of a change.)
        d = self.__dict__
        if t is None or (type(t) in (int, float, bool) and 0 <= t <= _MAX_CORE_TIMEOUT):
            d.pop("_odd_timeout", None)
            secs = -1.0 if t is None else float(t)
            if d.get("_core_timeout") != secs:
                self._check(lib.gohttp_conn_setopt_double(self._h, _ffi.OPT_TIMEOUT, secs))
                d["_core_timeout"] = secs
        else:
            d["_odd_timeout"] = True

    def _refresh_default_timeout(self):
        # http.client's socket takes socket.getdefaulttimeout() when it is
        # created; the core connects lazily, so the default is re-read
        # before each call that may connect (one Python call when unchanged).
        if self._timeout is socket._GLOBAL_DEFAULT_TIMEOUT:
            t = socket.getdefaulttimeout()
            if self._applied_default is _NOT_APPLIED or t != self._applied_default:
                self._set_core_timeout(t)
                self.__dict__["_applied_default"] = t

    @property
    def source_address(self):
        return self._source_address

    @source_address.setter
    def source_address(self, value):
        self._source_address = value
        if value is None:
            self._check(lib.gohttp_conn_setopt_str(self._h, _ffi.OPT_SOURCE_HOST, None, 0))
        else:
            host, port = value
            hb = _encode_text(host)
            self._check(lib.gohttp_conn_setopt_int(self._h, _ffi.OPT_SOURCE_PORT, int(port)))
            self._check(lib.gohttp_conn_setopt_str(self._h, _ffi.OPT_SOURCE_HOST, hb, len(hb)))

    @property
    def blocksize(self):
        return self._blocksize

    @blocksize.setter
    def blocksize(self, value):
        self._blocksize = value
        self._check(lib.gohttp_conn_setopt_int(self._h, _ffi.OPT_BLOCKSIZE, int(value)))

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name == "auto_open" and self.__dict__.get("_h") is not None:
            self._check(lib.gohttp_conn_setopt_int(self._h, _ffi.OPT_AUTO_OPEN, 1 if value else 0))
        elif name == "_http_vsn" and self.__dict__.get("_h") is not None:
            self._check(lib.gohttp_conn_setopt_int(self._h, _ffi.OPT_HTTP_VERSION, value))
        elif name == "debuglevel" and self.__dict__.get("_h") is not None:
            self._apply_debug()

    @property
    def sock(self):
        # A socket of the caller's that the library still uses is the
        # answer without asking the library (urllib3 looks at conn.sock
        # eight times a request): the library lets go of a transport only
        # by closing it (t.closed), by conn.sock = None, or by passing it
        # to a response that will close it, and the last two make the
        # connection forget it (_transport).
        t = self._transport
        if t is not None and not t.closed:
            return t.sock
        _, connected = self._state()
        if not connected:
            return None
        # One view per socket: a reconnect gets a fresh one (and timeout).
        fd = self._fileno()
        view = self._sock_view
        if view is None or view._fd != fd:
            view = self._sock_view = _SocketView(self, fd)
        return view

    @sock.setter
    def sock(self, value):
        if value is None:
            # The connection forgets its socket; a response being read
            # keeps it, as its makefile keeps a Python socket open.
            self._check(lib.gohttp_conn_release_socket(self._h))
            self._transport = None
            self._response = None
            return
        # A socket the caller opened (as urllib3-style subclasses do in
        # connect()): the core's bytes go through it from now on.
        t = _HostTransport(value, self)
        self._check(lib.gohttp_conn_set_transport(self._h, byref(t.transport)))
        self._transport = t

    # -- debug output -----------------------------------------------------

    def set_debuglevel(self, level):
        self.debuglevel = level

    _applied_debug = 0  # the library's level

    def _apply_debug(self):
        level = self.debuglevel
        if level == self._applied_debug and (level <= 0 or self._debug_cb is not None):
            return  # (urllib sets level 0 on every connection)
        if level > 0 and self._debug_cb is None:
            def emit(user, line, n):
                print(ctypes.string_at(line, n).decode("utf-8", "surrogateescape"))
            self._debug_cb = _ffi.DEBUG_FN(emit)
        # Level 0 before any output (urllib sets it on every connection):
        # no callback is needed, and ctypes wants a NULL of the right type.
        cb = self._debug_cb if self._debug_cb is not None else _NO_DEBUG
        self._check(lib.gohttp_conn_set_debug(self._h, int(level), cb, None))
        self.__dict__["_applied_debug"] = level

    # -- tunnels ------------------------------------------------------------

    def set_tunnel(self, host, port=None, headers=None):
        hs = dict(headers) if headers else {}
        arr = (_ffi.Header * max(len(hs), 1))()
        keep = []
        for i, (k, v) in enumerate(hs.items()):
            kb, vb = str(k).encode("latin-1"), str(v).encode("latin-1")
            keep += [kb, vb]
            arr[i] = _ffi.Header(kb, len(kb), vb, len(vb), 0)
        hb = _encode_text(host)
        self._check(lib.gohttp_conn_set_tunnel(
            self._h, hb, len(hb), -1 if port is None else int(port), arr, len(hs)))
        # The attributes as http.client 3.13 sets them (urllib3 reads them).
        self.__dict__["_tunnel_host"], self._tunnel_port = self._get_hostport(host, port)
        if not any(k.lower() == "host" for k in hs):
            hs["Host"] = "%s:%d" % (self._tunnel_host.encode("idna").decode("ascii"),
                                    self._tunnel_port)
        self._tunnel_headers = hs

    def get_proxy_response_headers(self):
        rc, raw = _copy_out(_conn_get(_ffi.CONN_PROXY_HEADERS), self._h, self._check, self._hdrbuf)
        if rc == _ffi.NOTFOUND:
            return None
        return _hc.parse_headers(io.BytesIO(raw))

    # -- connection -----------------------------------------------------------

    _py_tls = False  # HTTPSConnection: Python's ssl carries the TLS

    def _python_socket(self):
        """Whether the socket is made in Python (by an overridden or
        assigned _create_connection, or for Python's ssl) rather than by
        the library."""
        return ("_create_connection" in self.__dict__
                or type(self)._create_connection is not HTTPConnection._create_connection
                or self._py_tls or "_odd_timeout" in self.__dict__)

    def connect(self):
        """Connect to the host and port specified in __init__."""
        sys.audit("http.client.connect", self, self.host, self.port) if hasattr(sys, "audit") else None
        if self._python_socket():
            self._connect_python()
            return
        self._refresh_default_timeout()
        self._check(lib.gohttp_conn_connect(self._h))

    def _connect_python(self):
        # As http.client: the socket is Python's, and the tunnel runs on it.
        timeout = self.timeout
        self.sock = self._create_connection((self.host, self.port), timeout, self.source_address)
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, AttributeError):
            pass
        if self._tunnel_host:
            self._tunnel()

    def _tunnel(self):
        """Runs the CONNECT set by set_tunnel on the socket already open
        (http.client's _tunnel; urllib3 calls it after opening the socket)."""
        t = self._transport
        if t is not None and not t.closed:
            t.new_reader()  # the proxy's answer, read as http.client reads it
        self._check(lib.gohttp_conn_tunnel(self._h))
        rc, raw = _copy_out(_conn_get(_ffi.CONN_PROXY_HEADERS), self._h, self._check, self._hdrbuf)
        self._raw_proxy_headers = None if rc == _ffi.NOTFOUND else raw

    # How many times close() has run: a response made before the last one
    # may have been closed by it (HTTPResponse.closed).
    _close_epoch = 0

    def close(self):
        """Close the connection to the HTTP server."""
        self.__dict__["_close_epoch"] = self._close_epoch + 1
        self._forget_peeked_copy()
        if self._h is not None:
            self._check(lib.gohttp_conn_close(self._h))

    def _forget_peeked_copy(self):
        # The response the connection holds is closed (or cancelled) by
        # the library: its reads must go there, not to its copy.
        r = self.__dict__.get("_response")
        if r is not None and r._pre is not None:
            r._forget_copy()

    def _connect_if_overridden(self):
        # A connect() of a subclass's (to set up its own socket), or a
        # socket made in Python, is done here, where http.client would
        # connect from send(); the library connects its own sockets.
        if ((type(self).connect not in _OWN_CONNECTS or self._python_socket())
                and self.sock is None):
            if not self.auto_open:
                raise NotConnected()
            self.connect()

    def send(self, data):
        """Send `data' to the server: bytes-like, a file-like object with
        .read(), or an iterable of bytes-like objects."""
        self._refresh_default_timeout()
        self._connect_if_overridden()
        if self.debuglevel > 0 and hasattr(data, "read"):
            # The core prints each block; http.client prints these first.
            print("send:", repr(data))
            print("sending a readable")
            if self._is_textIO(data):
                print("encoding file using iso-8859-1")
        if hasattr(data, "read"):
            quiet = self.debuglevel > 0
            if quiet:  # http.client prints no "send:" line per block
                self._check(lib.gohttp_conn_set_debug(self._h, 0, self._debug_cb, None))
                self.__dict__["_applied_debug"] = 0
            try:
                for block in self._blocks(data):
                    self._send_bytes(_bytes_of(block))
            finally:
                if quiet:
                    self._apply_debug()
            return
        try:
            b = _bytes_of(data)
        except TypeError:
            if isinstance(data, collections.abc.Iterable):
                for d in data:
                    self._send_bytes(_bytes_of(d))
                return
            raise TypeError("data should be a bytes-like object "
                            "or an iterable, got %r" % type(data))
        self._send_bytes(b)

    def _send_bytes(self, b):
        t = self._transport
        if t is not None and t.in_send:
            # Called back from the library's write through an overriding
            # send(): the bytes go to the socket.
            t.sock.sendall(b)
            return
        self._check(lib.gohttp_conn_send(self._h, b, len(b)))

    def _read_readable(self, readable):
        if self.debuglevel > 0:
            print("reading a readable")
            if self._is_textIO(readable):
                print("encoding file using iso-8859-1")
        return self._blocks(readable)

    def _blocks(self, readable):
        """The blocks of a file-like body, blocksize at a time, text
        encoded as ISO-8859-1 (http.client's send and _read_readable)."""
        encode = self._is_textIO(readable)
        while True:
            block = readable.read(self.blocksize)
            if not block:
                return
            yield block.encode("iso-8859-1") if encode else block

    # -- request, step by step ------------------------------------------------

    def putrequest(self, method, url, skip_host=False, skip_accept_encoding=False):
        """Send a request to the server (buffered until endheaders)."""
        mb, ub = _encode_text(method), _encode_text(url)
        flags = (_ffi.SKIP_HOST if skip_host else 0) | (_ffi.SKIP_ACCEPT_ENCODING if skip_accept_encoding else 0)
        rc = lib.gohttp_conn_putrequest(self._h, mb, len(mb), ub, len(ub), flags)
        if rc == _ffi.E_ENCODE:
            ("%s %s %s" % (method, url or "/", self._http_vsn_str)).encode("ascii")
        self._check(rc)
        self._method = method
        _counts["requests"] += 1
        # The lines the library buffered (request line, Host,
        # Accept-Encoding), shown in _buffer as http.client keeps them.
        _, raw = _copy_out(_conn_get(_ffi.CONN_BUFFERED), self._h, self._check, self._hdrbuf)
        buf = self._buffer
        del buf[:]
        for line in raw.split(b"\r\n")[:-1]:
            buf.append(line)

    def putheader(self, header, *values):
        """Send a request header line to the server."""
        try:
            if hasattr(header, "encode"):
                hb = header.encode("ascii")
            else:
                hb = header
            vs = []
            for v in values:
                if hasattr(v, "encode"):
                    vs.append(v.encode("latin-1"))
                elif isinstance(v, int):
                    vs.append(str(v).encode("ascii"))
                else:
                    vs.append(v)
        except UnicodeEncodeError:
            if self._state()[0] != _CS_REQ_STARTED:
                raise CannotSendHeader() from None
            raise
        if not isinstance(hb, (bytes, bytearray)):
            if self._state()[0] != _CS_REQ_STARTED:
                raise CannotSendHeader()
            _hc._is_legal_header_name(hb)  # raises TypeError as http.client
            raise TypeError("header name must be bytes or str")
        hb = bytes(hb)
        if len(vs) == 1:
            v = vs[0]
            if not isinstance(v, bytes):
                v = _bytes_of(v)
            self._check_name(lib.gohttp_conn_putheader(self._h, hb, len(hb), (c_char_p * 1)(v),
                                                       (c_int64 * 1)(len(v)), 1), hb)
            self._buffer.append(hb + b": " + v)
            return
        bs = [_bytes_of(v) for v in vs]
        arr = (c_char_p * max(len(bs), 1))(*bs)
        lens = (c_int64 * max(len(bs), 1))(*[len(b) for b in bs])
        self._check_name(lib.gohttp_conn_putheader(self._h, hb, len(hb), arr, lens, len(bs)), hb)
        self._buffer.append(hb + b": " + b"\r\n\t".join(bs))

    def _check_name(self, rc, name):
        if rc == _ffi.E_ENCODE:
            # A bytes name the library refuses as not ASCII: raised as
            # encoding it to ASCII would.
            i = next(k for k, c in enumerate(name) if c >= 0x80)
            raise UnicodeEncodeError("ascii", name.decode("latin-1"), i, i + 1,
                                     "ordinal not in range(128)")
        self._check(rc)

    def endheaders(self, message_body=None, *, encode_chunked=False):
        """Indicate that the last header line has been sent to the server,
        then send the body, if any."""
        self._refresh_default_timeout()
        self._connect_if_overridden()
        self._send_output(message_body, encode_chunked=encode_chunked)

    def _send_output(self, message_body=None, encode_chunked=False):
        """Send the buffered request lines, then the body if any (the
        library frames it), and clear the buffer."""
        flags = _ffi.ENCODE_CHUNKED if encode_chunked else 0
        if message_body is None:
            self._check(lib.gohttp_conn_endheaders(self._h, None, 0, _NO_BODY_FN, None, flags))
            del self._buffer[:]
            return
        if not hasattr(message_body, "read"):
            try:
                b = _bytes_of(message_body)
            except TypeError:
                pass
            else:
                self._check(lib.gohttp_conn_endheaders(self._h, b, len(b), _NO_BODY_FN, None, flags))
                del self._buffer[:]
                return
        st = self._state()[0]
        if st != _CS_REQ_STARTED:
            raise CannotSendHeader()
        stream = _Stream(self, message_body)
        rc = lib.gohttp_conn_endheaders(self._h, None, 0, stream.fn, None, flags)
        del self._buffer[:]
        self._check(rc, stream.exc)

    # -- request, whole ---------------------------------------------------------

    def request(self, method, url, body=None, headers={}, *,
                encode_chunked=False):
        """Send a complete request to the server."""
        self._refresh_default_timeout()
        if self._slow_request():
            return self._send_request(method, url, body, headers, encode_chunked)
        fast = isinstance(method, str) and isinstance(url, str)
        if headers:
            items = list(headers.items())
            n = len(items)
            arr = (_ffi.Header * n)()
        else:
            items = ()
            n = 0
            arr = None
        keep = []
        for i, (k, v) in enumerate(items):
            if isinstance(k, str):
                try:
                    kb, flag = k.encode("ascii"), 0
                except UnicodeEncodeError:
                    fast = False
                    break
            elif isinstance(k, (bytes, bytearray)):
                kb, flag = bytes(k), _ffi.HEADER_NAME_BYTES
            else:
                fast = False
                break
            vb = _header_value(v)
            if vb is None:
                fast = False
                break
            keep.append(kb)
            keep.append(vb)
            arr[i] = _ffi.Header(kb, len(kb), vb, len(vb), flag)
        flags = _ffi.ENCODE_CHUNKED if encode_chunked else 0
        bb = None
        if fast and body is not None:
            if isinstance(body, str):
                try:
                    bb = body.encode("latin-1")
                except UnicodeEncodeError:
                    fast = False
            elif hasattr(body, "read"):
                fast = False
            else:
                try:
                    bb = _bytes_of(body)
                except TypeError:
                    fast = False
        if fast and self.debuglevel > 0 and self._debug_cb is None:
            self._apply_debug()
        if not fast:
            return self._send_request(method, url, body, headers, encode_chunked)
        mb = method.encode("utf-8", "surrogatepass")
        ub = url.encode("utf-8", "surrogatepass")
        rc = lib.gohttp_conn_request(self._h, mb, len(mb), ub, len(ub), arr, n,
                                     bb, 0 if bb is None else len(bb), flags)
        if rc:
            if rc == _ffi.E_ENCODE:
                ("%s %s %s" % (method, url or "/", self._http_vsn_str)).encode("ascii")
            self._check(rc)
        # (past __setattr__, which has nothing to do for this name)
        self.__dict__["_method"] = method
        _counts["requests"] += 1

    def _send_request(self, method, url, body, headers, encode_chunked):
        # http.client's _send_request, step by step through the methods a
        # subclass may override (putrequest, putheader, endheaders) and a
        # _buffer that code may have replaced, so that errors surface in
        # the same order: the way for every request the one-call path
        # above does not take (and a subclass's own _send_request is
        # called instead, as http.client's request() calls it).
        header_names = frozenset(k.lower() for k in headers)
        skips = {}
        if "host" in header_names:
            skips["skip_host"] = 1
        if "accept-encoding" in header_names:
            skips["skip_accept_encoding"] = 1
        self.putrequest(method, url, **skips)
        if "content-length" not in header_names:
            if "transfer-encoding" not in header_names:
                encode_chunked = False
                content_length = self._get_content_length(body, method)
                if content_length is None:
                    if body is not None:
                        if self.debuglevel > 0:
                            print("Unable to determine size of %r" % body)
                        encode_chunked = True
                        self.putheader("Transfer-Encoding", "chunked")
                else:
                    self.putheader("Content-Length", str(content_length))
        else:
            encode_chunked = False
        for hdr, value in headers.items():
            self.putheader(hdr, value)
        if isinstance(body, str):
            body = _encode_body(body, "body")
        self.endheaders(body, encode_chunked=encode_chunked)

    def getresponse(self):
        """Get the response from the server."""
        t = self._transport
        if t is not None and not t.closed:
            t.new_reader()  # each response reads through its own makefile
        rc_cls = self.response_class
        if rc_cls is not HTTPResponse and not _plain_response_class(rc_cls):
            prev = self.__dict__.get("_response")
            if prev is not None and prev._pre is not None:
                prev._sync()
            return self._getresponse_via_class(rc_cls)
        max_body = self.max_body_size
        if max_body is not None:
            self._check(lib.gohttp_conn_setopt_int(self._h, _ffi.OPT_MAX_BODY, max_body))
        # The out arguments are the connection's, taken for the call: a
        # second thread on the same connection (which gets GOHTTP_E_BUSY)
        # or a call nested in a transport callback makes its own.
        d = self.__dict__
        g = d.pop("_gr", None)
        alone = g is not None  # (else another getresponse is under way)
        if not alone:
            g = _getresponse_args()
        r, info, rref, iref, buf = g
        # A small body that has arrived with the head comes back with it,
        # left unread in the library (see HTTPResponse._pre); a previous
        # response whose copy read() has handed out is read to its end
        # first, as it would have been.
        flags = _ffi.GETRESPONSE_PEEK_BODY if t is None and max_body is None else 0
        # (Only for a call alone on the connection: one in another thread
        # may have read a response the connection does not show yet.)
        prev = d.get("_response")
        prev_read = alone and prev is not None and prev._pre is not None and prev._pre_read
        if prev_read:
            flags |= _ffi.GETRESPONSE_READ_PREVIOUS
        info.flags = flags
        rc = lib.gohttp_conn_getresponse(self._h, rref, iref, buf, _HEADER_BUF)
        if rc:
            d["_gr"] = g
            self._check(rc)
        if prev_read:
            prev._forget_copy()
        resp = rc_cls._from_handle(r.value, info, buf, d["_method"],
                                   self.debuglevel)
        rd = resp.__dict__
        if info.body_len >= 0:
            start = info.reason_len + info.headers_len
            rd["_pre"] = buf[start:start + info.body_len]
        if t is not None:
            rd["_transport"] = t
        if max_body is not None:
            rd["_max_body"] = max_body
        rd["_conn_ref"] = d["_selfref"]
        rd["_epoch"] = self._close_epoch
        # http.client's connection holds its pending response (__response),
        # so dropping the caller's reference neither frees nor closes it.
        # (Stored past __setattr__, which has nothing to do for this name.)
        if info.will_close:
            # The socket passes to the response: conn.sock is None.
            d["_response"] = None
            d["_transport"] = None
        else:
            d["_response"] = resp
        d["_gr"] = g
        return resp

    def _getresponse_via_class(self, cls):
        # http.client's getresponse for a response_class of the caller's:
        # the object is made first, then begin() reads the head.
        h = c_void_p()
        self._check(lib.gohttp_conn_response(self._h, byref(h)))
        pending = _Pending(h, self._transport)
        if self.debuglevel > 0:
            response = cls(pending, self.debuglevel, method=self._method)
        else:
            response = cls(pending, method=self._method)
        try:
            response.begin()
        except BaseException:
            response.close()
            raise
        if response.will_close:
            self._response = None
            self._transport = None  # the socket passed to the response
        else:
            self._response = response
        return response


    # -- deadline and cancel (gohttp's own, not in http.client) -------------

    def set_deadline(self, seconds):
        """Bound each request as a whole, as curl's --max-time does: connect,
        TLS handshake, sending, and reading the response's head and body
        must be done within ``seconds`` of the request's start (until the
        next request starts). Past it the blocked call raises TimeoutError,
        as a timeout does. ``timeout`` still bounds each socket operation;
        whichever ends first wins. None removes the deadline (the default).
        On a socket assigned to ``conn.sock`` the deadline is checked
        between the library's reads and writes, not during them."""
        s = -1.0 if seconds is None else float(seconds)
        if s != s:
            raise ValueError("deadline is NaN")
        self._check(lib.gohttp_conn_setopt_double(self._h, _ffi.OPT_DEADLINE, s))

    def cancel(self):
        """Stop the call blocked on this connection (request, getresponse,
        or a read of its response) from another thread. That call raises
        gohttp.client.RequestCancelled, an OSError with errno ECANCELED, and
        the socket is closed; the next request reconnects. With nothing
        blocked, the connection's next blocking call raises it instead
        (once), so a cancel that races with the call it means to stop is
        not lost. Safe to call from any thread at any time; it never
        waits for the blocked call."""
        h = self._h
        if h is not None:
            self._forget_peeked_copy()
            lib.gohttp_conn_cancel(h)


def _file_op(fp, op, buf, cap, n):
    """One read of the library's on a host reader (sock.makefile("rb")),
    the same call http.client makes on its fp."""
    if op == _ffi.FILE_READLINE:
        data = fp.readline(cap)
    elif op == _ffi.FILE_READ1:
        data = fp.read1(cap)
    elif op == _ffi.FILE_PEEK:
        # The library peeks to take a whole head at once; a reader that
        # cannot (a test double's BytesIO) holds nothing for it, and the
        # head is read line by line. (peek() on the response checks for
        # itself, and raises what http.client's would.)
        peek = getattr(fp, "peek", None)
        data = peek(cap)[:cap] if peek is not None else b""
    else:
        data = fp.read(cap)
    if data:
        ctypes.memmove(buf, data, len(data))
    n[0] = len(data)


_PLAIN_RESPONSE = {}


def _getresponse_args():
    """gohttp_conn_getresponse's out arguments: a handle, an info struct,
    references to both, and the buffer the head (and a small body) is
    copied into."""
    r, info = c_void_p(), _ffi.RespInfo()
    return r, info, byref(r), byref(info), ctypes.create_string_buffer(_HEADER_BUF)


def _class_attr(cls, name):
    """The object name stands for in cls's dictionary or the nearest
    base's, unbound."""
    for c in cls.__mro__:
        if name in c.__dict__:
            return c.__dict__[name]
    return None


def _plain_response_class(cls):
    """Whether cls builds its responses as HTTPResponse does (the class
    gohttp.install() puts in http.client, say), so that getresponse can
    take the fast path."""
    plain = _PLAIN_RESPONSE.get(cls)
    if plain is None:
        # (Looked up on the classes' dictionaries: _from_handle is a
        # classmethod, which getattr binds anew to each class, so that
        # two lookups are never the same object.)
        plain = (isinstance(cls, type) and issubclass(cls, HTTPResponse)
                 and all(_class_attr(cls, n) is _class_attr(HTTPResponse, n)
                         for n in ("__init__", "begin", "_from_handle", "_set_head")))
        _PLAIN_RESPONSE[cls] = plain
    return plain


class _HostTransport:
    """A Python socket lent to the core. It is used as http.client uses a
    socket: sendall() to send, and for each response a reader from
    makefile("rb") on which the core makes exactly the calls http.client
    would (readline, read(n), ...), so the bytes after a response stay in
    the socket for the next reader. Test doubles written for http.client
    (a FakeSocket with sendall and makefile) work too. An exception raised
    there is kept and re-raised by the gohttp call that needed the bytes."""

    def __init__(self, sock, conn=None):
        self.sock = sock
        self.fp = None
        self.exc = None
        self.closed = False
        self.in_send = False
        # A connection whose send() is overridden (or patched) sees every
        # byte the library writes, as http.client's send() does.
        self.conn = weakref.ref(conn) if conn is not None else None
        self.file_fn = _ffi.FILE_FN(self._file)
        self.write_fn = _ffi.WRITE_FN(self._write)
        self.close_fn = _ffi.CLOSE_FN(self._close)
        self.transport = _ffi.Transport(file=self.file_fn, write=self.write_fn,
                                        close=self.close_fn)

    def take_exc(self):
        exc, self.exc = self.exc, None
        return exc

    def new_reader(self):
        """A fresh makefile("rb") for the next response, as http.client's
        HTTPResponse makes one."""
        self.fp = self.sock.makefile("rb")
        return self.fp

    def _fail(self, e):
        self.exc = e
        if isinstance(e, socket.timeout):
            return _ffi.E_TIMEOUT
        if isinstance(e, OSError) and e.errno:
            return e.errno
        return _ffi.E_CALLBACK

    def _file(self, user, op, buf, cap, n):
        try:
            fp = self.fp
            if fp is None:
                fp = self.new_reader()
            _file_op(fp, op, buf, cap, n)
            return 0
        except BaseException as e:
            return self._fail(e)

    def _write(self, user, data, length, n):
        try:
            conn = self.conn() if self.conn is not None else None
            if conn is not None and ("send" in conn.__dict__
                                     or type(conn).send is not HTTPConnection.send):
                self.in_send = True
                try:
                    conn.send(ctypes.string_at(data, length))
                finally:
                    self.in_send = False
            else:
                self.sock.sendall(ctypes.string_at(data, length))
            n[0] = length
            return 0
        except BaseException as e:
            return self._fail(e)

    def _close(self, user):
        self.closed = True
        for obj in (self.fp, self.sock):
            try:
                if obj is not None:
                    obj.close()
            except BaseException:
                pass


class _Pending:
    """What getresponse passes to a response_class of the caller's: the
    library's response to the request sent, for HTTPResponse.__init__ to
    take over (http.client passes the socket)."""

    __slots__ = ("h", "transport")

    def __init__(self, h, transport):
        self.h = h
        self.transport = transport


class _SocketView:
    """What conn.sock shows while connected: enough of a socket for code
    that checks it, polls its fileno() (urllib3 does, to see whether a
    kept-alive connection was dropped) or sets its timeout (urllib3 sets
    the read timeout so); the socket itself stays in the library."""

    def __init__(self, conn, fd):
        self._conn = conn
        self._fd = fd
        t = conn.timeout
        if t is socket._GLOBAL_DEFAULT_TIMEOUT:
            t = conn._applied_default  # what the socket got at connect
            if t is _NOT_APPLIED:
                t = socket.getdefaulttimeout()
        self._timeout = t

    def _call(self, name, *args):
        # A socket object over the library's descriptor, for the calls that
        # only ask or set socket options; detached again, so that it never
        # closes the descriptor or changes its blocking mode.
        s = socket.socket(fileno=self.fileno())
        try:
            return getattr(s, name)(*args)
        finally:
            s.detach()

    def getsockname(self):
        return self._call("getsockname")

    def getpeername(self):
        return self._call("getpeername")

    def getsockopt(self, *args):
        return self._call("getsockopt", *args)

    def setsockopt(self, *args):
        return self._call("setsockopt", *args)

    @property
    def family(self):
        return self._call("__getattribute__", "family")

    @property
    def type(self):
        return self._call("__getattribute__", "type")

    def fileno(self):
        return self._conn._fileno()

    def settimeout(self, value):
        t = -1.0 if value is None else float(value)
        self._conn._check(lib.gohttp_conn_setopt_double(self._conn._h, _ffi.OPT_SOCKET_TIMEOUT, t))
        self._timeout = value

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self.settimeout(None if flag else 0.0)

    def close(self):
        # socket.close() with a response's makefile still open: the
        # descriptor stays until the response is done with it.
        self._conn._check(lib.gohttp_conn_release_socket(self._conn._h))
        self._conn._response = None

    # -- TLS, for a connection whose TLS runs in the library: what an
    # ssl.SSLSocket answers (urllib3 and certificate pinning read these).

    def _tls(self, what):
        rc, data = _copy_out(_conn_get(what), self._conn._h, self._conn._check)
        return None if rc == _ffi.NOTFOUND else data

    def getpeercert(self, binary_form=False):
        der = self._tls(_ffi.CONN_TLS_PEER_CERT)
        if der is None:
            if self._tls(_ffi.CONN_TLS_VERSION) is None:
                raise AttributeError("getpeercert: the connection has no TLS")
            return None
        if binary_form:
            return der
        if not self._conn._tls_verified():
            return {}  # as ssl: an unverified certificate is not decoded
        return _tls.decode_cert(der)

    def version(self):
        v = self._tls(_ffi.CONN_TLS_VERSION)
        return v.decode("ascii") if v else None

    def cipher(self):
        c = self._tls(_ffi.CONN_TLS_CIPHER)
        if not c:
            return None
        name, bits = c.decode("ascii").rsplit(" ", 1)
        return name, self.version(), int(bits)

    def selected_alpn_protocol(self):
        p = self._tls(_ffi.CONN_TLS_ALPN)
        return p.decode("ascii") if p else None

    def compression(self):
        return None

    @property
    def server_hostname(self):
        if self._tls(_ffi.CONN_TLS_VERSION) is None:
            raise AttributeError("server_hostname")
        return self._conn._tunnel_host or self._conn.host

    def __repr__(self):
        return "<gohttp socket fd=%d of %r>" % (self.fileno(), self._conn)


class HTTPResponse(io.BufferedIOBase):
    """http.client.HTTPResponse, reading through gohttp's core."""

    _n = None

    def __init__(self, sock, debuglevel=0, method=None, url=None):
        self._h = None
        self._method = method
        self.debuglevel = debuglevel
        self.url = url
        self.code = self.status = self.version = self.reason = _UNKNOWN
        self._raw_headers = None
        self._msg = _UNSET
        self._headers = None
        self._fields = None
        self._buf = None
        self._begun = False
        self._cb_exc = None
        if isinstance(sock, _Pending):
            # Made by HTTPConnection.getresponse for its response_class:
            # the library's response to the request sent, not read yet.
            self._h = sock.h
            self._transport = sock.transport
            self._pyfp = sock.transport.fp if sock.transport is not None else None
            return
        # A response read from a socket the caller holds (http.client's
        # public constructor): the core reads through sock.makefile("rb"),
        # exactly as far as the response goes.
        self._pyfp = sock.makefile("rb")

        def file(user, op, buf, cap, n):
            try:
                _file_op(self._pyfp, op, buf, cap, n)
                return 0
            except BaseException as e:
                self._cb_exc = e
                return _ffi.E_CALLBACK

        def close(user):
            fp, self._pyfp = self._pyfp, None
            if fp is not None:
                fp.close()

        self._callbacks = (_ffi.FILE_FN(file), _ffi.CLOSE_FN(close))
        t = _ffi.Transport(file=self._callbacks[0], close=self._callbacks[1])
        h = c_void_p()
        mb = _encode_text(method or "")
        rc = lib.gohttp_resp_new(byref(t), mb, len(mb), byref(h))
        if rc:
            raise _ffi.create_error(rc)
        self._h = h
        if debuglevel > 0:
            self._check(lib.gohttp_resp_set_debug(h, int(debuglevel), _DEBUG_PRINT, None))

    def _read_status(self):
        """http.client's _read_status: one status line, as (version, status,
        reason); tunnel code reads a proxy's answer with it."""
        raw = self._fetch(lib.gohttp_resp_read_status).decode("latin-1")
        version, status, reason = raw.split(" ", 2)
        return version, int(status), reason

    def begin(self):
        if self._begun:
            return
        info = _ffi.RespInfo()
        rc = lib.gohttp_resp_begin(self._h, byref(info))
        self._check(rc)
        self._msg = _UNSET
        self._headers = None
        self._fields = None
        self._set_head(info, None)

    # What a response made by getresponse starts with (_from_handle sets
    # the rest; __init__ sets all of them).
    _cb_exc = None
    _buf = None
    _msg = _UNSET
    _headers = None
    _fields = None

    @classmethod
    def _from_handle(cls, h, info, buf, method, debuglevel):
        self = cls.__new__(cls)
        d = self.__dict__
        d["_h"] = h
        d["_method"] = method
        d["debuglevel"] = debuglevel
        self._set_head(info, buf)
        return self

    def _set_head(self, info, buf):
        d = self.__dict__
        d["code"] = d["status"] = info.status
        d["version"] = info.version
        if not info.head_copied:
            d["reason"] = self._fetch(_resp_get(_ffi.RESP_REASON)).decode("latin-1")
            d["_raw_headers"] = self._fetch(_resp_get(_ffi.RESP_RAW_HEADERS))
        else:
            rlen = info.reason_len
            raw = buf[:rlen + info.headers_len]
            d["reason"] = raw[:rlen].decode("latin-1")
            d["_raw_headers"] = raw[rlen:]
        # The body's length as the head gave it, for a read() before any
        # other read (the common case), which then needs no _info() call.
        d["_whole"] = (info.length if info.has_length and not info.chunked
                       and 0 <= info.length <= _MAX_DIRECT else -1)
        d["_begun"] = True

    def _fetch(self, fn):
        return _copy_out(fn, self._h, self._check)[1]

    _transport = None

    def _check(self, rc):
        if rc:
            exc, self._cb_exc = self._cb_exc, None
            if exc is None and self._transport is not None:
                exc = self._transport.take_exc()
            raise _ffi.resp_error(rc, self._h, exc)

    # A small body that arrived with the head (getresponse's
    # GOHTTP_GETRESPONSE_PEEK_BODY): _pre is a copy of it while the
    # library still holds it unread, so that read() of the whole body, a
    # small GET's last step, needs no call. http.client's state machine
    # is the library's: the response stays unread there (it holds the
    # connection, the next getresponse is not ready) until the library
    # reads it. read() hands the copy out and marks it (_pre_read); the
    # next getresponse has the library read it (READ_PREVIOUS), and any
    # other use of the response first has it read there (_sync), so that
    # every other answer (isclosed, length, reads, close) is the
    # library's.
    _pre = None
    _pre_read = False

    def _sync(self):
        """Hands the response back to the library: what read() served
        from the copy is read there (no I/O: it is buffered), and the copy
        is dropped."""
        if self._pre_read and self._h is not None:
            # (Forgotten only once read: a call that fails, another
            # thread's on the connection say, leaves the copy as it was.)
            self._read_into_new(lib.gohttp_resp_readall, len(self._pre))
            self._whole = -1
        self._forget_copy()

    def _forget_copy(self):
        d = self.__dict__
        d.pop("_pre", None)
        d.pop("_pre_read", None)

    def __del__(self):
        h = getattr(self, "_h", None)
        if h is not None and lib is not None:
            if self._pre is not None:
                try:
                    self._sync()  # read, so that the connection stays usable
                except Exception:
                    pass
            self._h = None
            lib.gohttp_resp_free(h)
        ch = self.__dict__.get("_conn_h")
        if ch is not None and lib is not None:
            self._conn_h = None
            lib.gohttp_conn_free(ch)

    # -- headers ----------------------------------------------------------------

    # http.client sets headers and msg to the same HTTPMessage in begin();
    # they are separate attributes (urllib sets msg to the reason), and
    # getheader, getheaders and info() read headers. The message is built
    # from the raw header block on first use.

    @property
    def headers(self):
        h = self._headers
        if h is None and self._raw_headers is not None:
            h = self._plain_message()
            if h is None:
                h = parse_headers(io.BytesIO(self._raw_headers))
            self._headers = h
        return h

    def _plain_message(self):
        """The HTTPMessage that parse_headers would build from the raw
        header block, made from the fields the library parsed, when the
        block is plain: every line a field on a line of its own, ended by
        LF or CRLF, then a blank line; nothing the email parser would split
        a line at or take as a continuation, an envelope or a defect; no
        line or count past http.client's limits; and a Content-Type that
        does not make the parser look for parts. The email feed parser
        then adds nothing to the fields but an empty payload, and the two
        messages are equal attribute for attribute (test_shim's
        PlainMessageTest). Building it costs about 1 µs against 70 for
        parse_headers on 50 fields, and .msg, .headers and info() are what
        urllib, urllib3 and requests read. None when the block is not
        plain: parse_headers then builds it."""
        raw = self._raw_headers
        lines = raw.count(b"\n")
        if (len(raw) > _hc._MAXLINE or lines > _hc._MAXHEADERS
                or not (raw.endswith((b"\n\n", b"\n\r\n")) or raw in (b"\n", b"\r\n"))
                or raw.count(b"\r") != raw.count(b"\r\n")
                or len(raw.translate(None, _LINE_SPLITTERS)) != len(raw)):
            return None
        fields = self._field_list()
        # One field per line (the blank one aside): a continuation, an
        # envelope line or one the parser stops at would make fewer.
        if fields is None or len(fields) != lines - 1:
            return None
        m = HTTPMessage()
        m._headers = list(fields)
        m._payload = ""
        if m.get_content_maintype() in ("multipart", "message"):
            return None
        return m

    @headers.setter
    def headers(self, value):
        self._headers = value

    @property
    def msg(self):
        m = self._msg
        return self.headers if m is _UNSET else m

    @msg.setter
    def msg(self, value):
        self._msg = value

    # getheader and getheaders read the fields the library parsed (the
    # names and values HTTPMessage would hold) until code has the
    # HTTPMessage built (.headers, .msg, info()) or replaced, which they
    # then read, as http.client's do.

    def _field_list(self):
        f = self._fields
        if f is None:
            # The fields are never longer than the raw block they come
            # from, so one call with room for that many bytes is enough.
            size = len(self._raw_headers) + 1
            data, addr = _new_bytes(size)
            n = c_int64()
            rc = lib.gohttp_resp_get(self._h, _ffi.RESP_FIELDS, addr, size, byref(n))
            if rc == _ffi.E_RANGE:  # (never, as said; but exact if it were)
                data, addr = _new_bytes(n.value)
                rc = lib.gohttp_resp_get(self._h, _ffi.RESP_FIELDS, addr, n.value, byref(n))
            if rc == _ffi.E_VALUE:  # a NUL inside a field: the email parser's reading
                return None
            self._check(rc)
            parts = _finish(data, n.value).decode("latin-1").split("\0")
            f = self._fields = list(zip(parts[0:-1:2], parts[1::2]))
        return f

    def getheader(self, name, default=None):
        fields = None
        if self._headers is None:
            if self._raw_headers is None:
                raise ResponseNotReady()
            fields = self._field_list()
        if fields is None:
            if self.headers is None:
                raise ResponseNotReady()
            headers = self.headers.get_all(name) or default
        else:
            lname = name.lower()
            headers = [v for k, v in fields if k.lower() == lname] or default
        if isinstance(headers, str) or not hasattr(headers, "__iter__"):
            return headers
        return ", ".join(headers)

    def getheaders(self):
        if self._headers is None:
            if self._raw_headers is None:
                raise ResponseNotReady()
            fields = self._field_list()
            if fields is not None:
                return list(fields)
        if self.headers is None:
            raise ResponseNotReady()
        return list(self.headers.items())

    def info(self):
        return self.headers

    def geturl(self):
        return self.url

    def getcode(self):
        return self.status

    # -- live framing attributes ------------------------------------------------

    def _info(self):
        if self._pre is not None:
            self._sync()
        info = _ffi.RespInfo()
        self._check(lib.gohttp_resp_info(self._h, byref(info)))
        return info

    @property
    def length(self):
        if not self._begun:
            return _UNKNOWN
        info = self._info()
        return info.length if info.has_length else None

    @property
    def chunked(self):
        if not self._begun:
            return _UNKNOWN
        return bool(self._info().chunked)

    @property
    def will_close(self):
        if not self._begun:
            return _UNKNOWN
        return bool(self._info().will_close)

    @property
    def closed(self):
        if self._known_closed or io.BufferedIOBase.closed.__get__(self):
            return True
        d = self.__dict__
        if d.get("_closing"):
            return False  # (see close())
        # The library closes a response of getresponse's for close() (its
        # own, known above), for the connection's close() and when a
        # tunnel's proxy refuses a connect: with neither since the
        # response was made, it is open (urllib3 asks before each read).
        ref = d.get("_conn_ref")
        conn = ref() if ref is not None else None
        if (conn is not None and d.get("_epoch") == conn._close_epoch
                and conn.__dict__.get("_tunnel_host") is None):
            return False
        c = self._h is not None and bool(self._info().closed)
        if c:
            self.__dict__["_known_closed"] = True
        return c

    @property
    def chunk_left(self):
        return _UNKNOWN if not self._begun else None

    @property
    def fp(self):
        # A response on a Python socket reads through that socket's
        # makefile("rb"), which code may wrap or read itself; on the
        # library's own socket, the response stands for its reader.
        if self._h is None or self.isclosed():
            return None
        pyfp = self.__dict__.get("_pyfp")
        return self if pyfp is None else pyfp

    @fp.setter
    def fp(self, value):
        if self._pre is not None:
            self._sync()
        self.__dict__.pop("_known_isclosed", None)
        if "_pyfp" in self.__dict__ and self.__dict__["_pyfp"] is not None and value is not None:
            self._pyfp = value
            t = self.__dict__.get("_transport")
            if t is not None:
                t.fp = value
            return
        if value is None:
            if self._h is not None:
                self._check(lib.gohttp_resp_close(self._h))
            return
        raise AttributeError("gohttp: fp can only be replaced on a response "
                             "read from a Python socket")

    # -- reading --------------------------------------------------------------

    def _scratch(self, size):
        if self._buf is None or len(self._buf) < size:
            self._buf = ctypes.create_string_buffer(max(size, _READ_CHUNK))
        return self._buf

    def _read_sized(self, fn, *args, size=_READ_CHUNK):
        """Calls a read function whose result may be larger than the
        buffer; the core keeps it for a second call with the size needed."""
        buf = self._scratch(size)
        n = c_int64()
        rc = fn(self._h, *args, buf, len(buf), byref(n))
        if rc == _ffi.E_RANGE:
            data, addr = _new_bytes(n.value)
            self._check(fn(self._h, *args, addr, n.value, byref(n)))
            return _finish(data, n.value)
        self._check(rc)
        return ctypes.string_at(buf, n.value)

    _whole = -1  # see _set_head

    def read(self, amt=None):
        pre = self._pre
        if pre is not None:
            if amt is None and not self._pre_read and not lib._forked:
                d = self.__dict__
                d["_pre_read"] = d["_known_isclosed"] = True
                return pre
            self._sync()
        if amt is None:
            data = self._read_all()
            # read() of the whole body lets go of the socket at its end
            # (http.client's _close_conn), which isclosed() then knows.
            self.__dict__["_known_isclosed"] = True
            return data
        amt = int(amt)
        self._whole = -1
        if 0 <= amt <= _MAX_DIRECT:
            # read(amt) and readinto() follow the same rules (HC-O2, HC-O3).
            return self._read_into_new(lib.gohttp_resp_read, amt)
        return self._read_sized(lib.gohttp_resp_read_amt, amt,
                                size=min(max(amt, 0), 1 << 20))

    def _read_all(self):
        whole = self._whole
        if whole >= 0:
            self._whole = -1
            data, addr = _new_bytes(whole)
            n = c_int64()
            rc = lib.gohttp_resp_readall(self._h, addr, whole, byref(n))
            if rc:
                self._check(rc)
            return _finish(data, n.value)
        info = self._info()
        if info.has_length and not info.chunked and 0 <= info.length <= _MAX_DIRECT:
            # The whole body, read by the core straight into the result.
            return self._read_into_new(lib.gohttp_resp_readall, info.length)
        if info.chunked or not info.has_length:
            return self._read_to_end()
        return self._read_sized(lib.gohttp_resp_readall)

    def _read_to_end(self):
        """read() of a body whose length is not known ahead (chunked, or
        ended by close): read into Python memory in growing pieces, one
        library call each, so that the library holds nothing while the
        body arrives (http.client's _read_chunked collects pieces the same
        way). The connection's max_body_size (default 1 GiB) bounds it as
        it bounds the library's own reads: past it, MemoryError, and the
        connection is closed."""
        limit = self._max_body if self._max_body is not None else _ffi.DEFAULT_MAX_BODY
        pieces = []
        total = 0
        size = _READ_CHUNK
        n = c_int64()
        while True:
            data, addr = _new_bytes(size)
            rc = lib.gohttp_resp_read(self._h, addr, size, byref(n))
            if rc:
                try:
                    self._check(rc)
                except IncompleteRead as e:
                    # The complete chunks of this read() come first, as in
                    # http.client's IncompleteRead(b''.join(value)).
                    raise IncompleteRead(b"".join(pieces) + e.partial, e.expected) from None
            got = n.value
            if got == 0:
                break
            total += got
            if total > limit:
                pieces = None
                self._abort()
                raise MemoryError("response body larger than %d bytes (max_body_size)" % limit)
            pieces.append(_finish(data, got))
            if got == size and size < (4 << 20):
                size *= 2
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    _max_body = None  # the connection's max_body_size when the response was made
    _conn_ref = None  # a weak reference to that connection

    def _abort(self):
        # Past a memory limit the rest of the body is never read: the
        # socket is closed at once (through the connection, which holds
        # it too), so that it carries nothing into a next response.
        conn = self._conn_ref() if self._conn_ref is not None else None
        if conn is not None and conn.__dict__.get("_response") is self:
            conn.close()
        self.close()

    def _read_into_new(self, fn, size):
        data, addr = _new_bytes(size)
        n = c_int64()
        self._check(fn(self._h, addr, size, byref(n)))
        return _finish(data, n.value)

    def readinto(self, b):
        # The common case (a writable, contiguous buffer) without the cast
        # and the array type; anything else goes the long way, which also
        # raises what http.client raises.
        if self._pre is not None:
            self._sync()
        try:
            mv = memoryview(b)
            size = mv.nbytes
            if size:
                c = _c_char_from_buffer(mv)
                addr = _addressof(c)
            else:
                addr = None
        except (TypeError, ValueError, BufferError):
            return self._readinto_checked(b)
        self._whole = -1
        n = c_int64()
        rc = lib.gohttp_resp_read(self._h, addr, size, byref(n))
        if rc:
            self._check(rc)
        return n.value

    def _readinto_checked(self, b):
        # What readinto() refuses, refused as http.client does: where its
        # path for the framing first touches b (a chunked body, or a
        # Content-Length one shorter than b, wraps b in a memoryview
        # first), and not at all on a closed response or after HEAD.
        try:
            mv = memoryview(b)
            ok = not mv.readonly and mv.c_contiguous
        except TypeError:
            mv, ok = None, False
        if not ok:
            info = self._info()
            if info.isclosed or self._method == "HEAD":
                return self._readinto_checked(bytearray(0))
            wrapped = info.chunked or (info.has_length and len(b) > info.length)
            if mv is None and wrapped:
                memoryview(b)  # raises http.client's TypeError
            raise TypeError("readinto() argument must be read-write bytes-like "
                            "object, not %s" % ("memoryview" if wrapped else type(b).__name__))
        mv = mv.cast("B")
        n = c_int64()
        size = len(mv)
        if size == 0:
            cbuf = None
        else:
            cbuf = (ctypes.c_char * size).from_buffer(mv)
        self._whole = -1
        self._check(lib.gohttp_resp_read(self._h, cbuf, size, byref(n)))
        return n.value

    def read1(self, n=-1):
        if self._pre is not None:
            self._sync()
        if n is None or n < 0:
            size = _READ_CHUNK
        else:
            size = n
        buf = self._scratch(max(size, 1))
        out = c_int64()
        self._whole = -1
        self._check(lib.gohttp_resp_read1(self._h, buf, size, byref(out)))
        return ctypes.string_at(buf, out.value)

    def peek(self, n=-1):
        if self._pre is not None:
            self._sync()
        fp = self.__dict__.get("_pyfp")
        if fp is None and self._transport is not None:
            fp = self._transport.fp
        if (fp is not None and not hasattr(fp, "peek") and self._method != "HEAD"
                and not self.isclosed()):
            # http.client's peek() calls fp.peek: the same AttributeError
            # (for a chunked body, http.client reads the chunk's size line
            # first).
            fp.peek
        buf = self._scratch(_READ_CHUNK)
        out = c_int64()
        self._check(lib.gohttp_resp_peek(self._h, buf, len(buf), byref(out)))
        return ctypes.string_at(buf, out.value)

    def readline(self, limit=-1):
        if self._pre is not None:
            self._sync()
        if limit is None:
            limit = -1
        # The hot path of line iteration: one call, a reused buffer and
        # length, the line sliced out of the buffer.
        buf = self._buf
        if buf is None:
            buf = self._buf = ctypes.create_string_buffer(_READ_CHUNK)
        n = self._n
        if n is None:
            n = self._n = c_int64()
            self._nref = byref(n)
        self._whole = -1
        rc = lib.gohttp_resp_readline(self._h, limit, buf, len(buf), self._nref)
        if rc:
            if rc != _ffi.E_RANGE:
                self._check(rc)
            data, addr = _new_bytes(n.value)
            self._check(lib.gohttp_resp_readline(self._h, limit, addr, n.value, self._nref))
            return _finish(data, n.value)
        return buf[:n.value]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readable(self):
        return True

    # A response that has let go of its socket, or is closed, stays so:
    # once the library says it is, later questions (urllib3 asks after
    # every read) are answered without a call. (Assigning fp, which
    # http.client allows, forgets it.)
    _known_isclosed = _known_closed = False

    def isclosed(self):
        if self._known_isclosed:
            return True
        c = bool(self._info().isclosed)
        if c:
            self.__dict__["_known_isclosed"] = True
        return c

    def close(self):
        d = self.__dict__
        try:
            if self._pre is not None:
                self._sync()
            # io's close() asks closed (through flush()) before it sets its
            # flag: the answer then is the flag's, and the library is not
            # asked (urllib3 closes every response).
            d["_closing"] = True
            try:
                super().close()
            finally:
                d.pop("_closing", None)
        finally:
            if getattr(self, "_h", None) is not None:
                self._check(lib.gohttp_resp_close(self._h))
            t = self.__dict__.get("_transport")
            fp = self.__dict__.get("_pyfp")
            if t is not None and fp is not None:
                # A response on a lent socket closes the reader it was read
                # through (its makefile), as http.client's does.
                self._pyfp = None
                fp.close()

    def flush(self):
        super().flush()

    def fileno(self):
        fd = self._info().socket
        if fd < 0:
            raise AttributeError("'NoneType' object has no attribute 'fileno'")
        return fd



HTTPConnection.response_class = HTTPResponse


class HTTPSConnection(HTTPConnection):
    """http.client.HTTPSConnection, with TLS in gohttp's core."""

    default_port = HTTPS_PORT
    _base_default_port = HTTPS_PORT
    _new = staticmethod(lambda *a: lib.gohttp_conn_new_https(*a))

    if sys.version_info >= (3, 12):
        def __init__(self, host, port=None, *, timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                     source_address=None, context=None, blocksize=8192):
            super().__init__(host, port, timeout, source_address, blocksize=blocksize)
            if context is None:
                context = _tls.default_https_context(self._http_vsn)
            self.__dict__["_context"] = context  # None: the library's defaults
            _tls.apply_context(self, context)
    else:
        # Python 3.11 and older keep the deprecated key_file, cert_file and
        # check_hostname arguments (behaviour.md HC-K4); code written for
        # those versions passes them, positionally too.
        def __init__(self, host, port=None, key_file=None, cert_file=None,
                     timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None,
                     *, context=None, check_hostname=None, blocksize=8192):
            super().__init__(host, port, timeout, source_address, blocksize=blocksize)
            if key_file is not None or cert_file is not None or check_hostname is not None:
                import warnings
                warnings.warn("key_file, cert_file and check_hostname are "
                              "deprecated, use a custom context instead.",
                              DeprecationWarning, 2)
                import ssl
                if context is None:
                    context = ssl._create_default_https_context()
                if check_hostname is None:
                    check_hostname = context.check_hostname
                if check_hostname and context.verify_mode == ssl.CERT_NONE:
                    raise ValueError("check_hostname needs a SSL context with "
                                     "either CERT_OPTIONAL or CERT_REQUIRED")
                if key_file or cert_file:
                    context.load_cert_chain(cert_file, key_file)
                context.check_hostname = check_hostname
            if context is None:
                context = _tls.default_https_context(self._http_vsn)
            self.__dict__["_context"] = context
            _tls.apply_context(self, context)

    def connect(self):
        """Connect to a host on a given (SSL) port."""
        if not self._python_socket():
            return HTTPConnection.connect(self)
        if hasattr(sys, "audit"):
            sys.audit("http.client.connect", self, self.host, self.port)
        self._connect_python()
        server_hostname = self._tunnel_host if self._tunnel_host else self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname)

    def _tls_verified(self):
        return True  # the library's TLS always verifies without a context

    @property
    def _context(self):
        # With context=None the library's own defaults apply (those of
        # ssl.create_default_context()); the SSLContext http.client would
        # hold is made only for code that looks at it.
        ctx = self.__dict__.get("_context")
        if ctx is None:
            ctx = ssl.create_default_context()
            if self._http_vsn == 11:
                ctx.set_alpn_protocols(["http/1.1"])
            if ctx.post_handshake_auth is not None:
                ctx.post_handshake_auth = True
            self.__dict__["_context"] = ctx
        return ctx

    @_context.setter
    def _context(self, value):
        self.__dict__["_context"] = value
        _tls.apply_context(self, value)


__all__.append("HTTPSConnection")
_OWN_CONNECTS = (HTTPConnection.connect, HTTPSConnection.connect)
