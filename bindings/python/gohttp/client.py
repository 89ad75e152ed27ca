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
import sys
from ctypes import byref, c_char_p, c_int, c_size_t, c_void_p

import http
import http.client as _hc

from . import _ffi
from . import _tls  # records what ssl.SSLContext objects load (see _tls)
from ._ffi import lib

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

_NOT_APPLIED = object()

if sys.implementation.name == "cpython":
    _PyBytes_FromStringAndSize = ctypes.pythonapi.PyBytes_FromStringAndSize
    _PyBytes_FromStringAndSize.restype = ctypes.py_object
    _PyBytes_FromStringAndSize.argtypes = (c_void_p, ctypes.c_ssize_t)
    _BYTES_DATA = bytes.__basicsize__ - 1  # offset of ob_sval

    def _new_bytes(size):
        """A new bytes object of size bytes, not yet filled, and the address
        of its data, for the library to read into before anyone else sees
        it (what C code does with PyBytes_FromStringAndSize(NULL, n))."""
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


def _copy_out(fn, h, check, buf=None):
    """The bytes of a size-query call fn(h, buf, cap, &n): into buf when
    they fit, else into a buffer of the size the library asks for. Returns
    the call's own code (OK, NOTFOUND) and the bytes; errors go to check."""
    n = c_size_t()
    rc = fn(h, buf, 0 if buf is None else len(buf), byref(n))
    if rc == _ffi.E_RANGE:
        buf = ctypes.create_string_buffer(n.value)
        rc = fn(h, buf, n.value, byref(n))
    if rc < 0:
        check(rc)
    return rc, (buf.raw[:n.value] if n.value else b"")


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


class HTTPConnection:
    """http.client.HTTPConnection, on gohttp's core."""

    _http_vsn = 11
    _http_vsn_str = "HTTP/1.1"

    response_class = None  # set below to HTTPResponse
    default_port = HTTP_PORT
    auto_open = 1
    debuglevel = 0

    _new = staticmethod(lambda *a: lib.gohttp_conn_new(*a))

    @staticmethod
    def _is_textIO(stream):
        return _hc.HTTPConnection._is_textIO(stream)

    @staticmethod
    def _get_content_length(body, method):
        return _hc.HTTPConnection._get_content_length(body, method)

    def __init__(self, host, port=None, timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address=None, blocksize=8192):
        self._h = None
        h = c_void_p()
        hb = _encode_text(host)
        p = -1 if port is None else int(port)
        rc = self._new(hb, len(hb), p, byref(h))
        if rc:
            raise _ffi.create_error(rc)
        self._h = h
        self._hdrbuf = ctypes.create_string_buffer(_HEADER_BUF)
        self._debug_cb = None
        self._sock_view = None
        self._transport = None
        cls = type(self)
        if cls.default_port != self._base_default_port:
            self._check(lib.gohttp_conn_set_default_port(h, cls.default_port))
            self._check(lib.gohttp_conn_set_host(h, hb, len(hb), p))
        if self._http_vsn != 11:
            self._check(lib.gohttp_conn_set_http_version(h, self._http_vsn))
        if cls.auto_open != 1:
            self._check(lib.gohttp_conn_set_auto_open(h, 1 if cls.auto_open else 0))
        self.timeout = timeout
        self.source_address = source_address
        self.blocksize = blocksize
        self._tunnel_host = None
        self._tunnel_port = None
        self._tunnel_headers = {}
        self._method = None

    _base_default_port = HTTP_PORT

    # -- plumbing ---------------------------------------------------------

    def _check(self, rc, callback_exc=None):
        if rc:
            t = self._transport
            if callback_exc is None and t is not None:
                callback_exc = t.take_exc()
            raise _ffi.conn_error(rc, self._h, callback_exc)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h is not None and lib is not None:
            # Collecting a connection is not close(): as in http.client, a
            # response still being read keeps the socket, so the handle is
            # freed with that response.
            r, c = self.__dict__.get("_response"), c_int()
            if (r is not None and getattr(r, "_h", None) is not None
                    and lib.gohttp_resp_isclosed(r._h, byref(c)) == 0
                    and not c.value):
                r._conn_h = h
                return
            lib.gohttp_conn_free(h)

    def _fileno(self):
        fd = c_int()
        self._check(lib.gohttp_conn_fileno(self._h, byref(fd)))
        return fd.value

    def _state(self):
        st, connected = c_int(), c_int()
        self._check(lib.gohttp_conn_state(self._h, byref(st), byref(connected)))
        return _STATES[st.value], bool(connected.value)

    # -- attributes kept in the core -----------------------------------------

    @property
    def host(self):
        raw = _copy_out(lib.gohttp_conn_host, self._h, self._check, self._hdrbuf)[1]
        return raw.decode("utf-8", "surrogatepass")

    @host.setter
    def host(self, value):
        hb = _encode_text(value)
        self._check(lib.gohttp_conn_set_host(self._h, hb, len(hb), self.port))

    @property
    def port(self):
        p = c_int()
        self._check(lib.gohttp_conn_port(self._h, byref(p)))
        return p.value

    @port.setter
    def port(self, value):
        hb = _encode_text(self.host)
        self._check(lib.gohttp_conn_set_host(self._h, hb, len(hb), int(value)))

    @property
    def timeout(self):
        return self._timeout

    @timeout.setter
    def timeout(self, value):
        self._timeout = value
        self._applied_default = _NOT_APPLIED
        if value is socket._GLOBAL_DEFAULT_TIMEOUT:
            self._refresh_default_timeout()
        else:
            self._set_core_timeout(value)

    def _set_core_timeout(self, t):
        self._check(lib.gohttp_conn_set_timeout(self._h, -1.0 if t is None else float(t)))

    def _refresh_default_timeout(self):
        # http.client's socket takes socket.getdefaulttimeout() when it is
        # created; the core connects lazily, so the default is re-read
        # before each call that may connect (one Python call when unchanged).
        if self._timeout is socket._GLOBAL_DEFAULT_TIMEOUT:
            t = socket.getdefaulttimeout()
            if self._applied_default is _NOT_APPLIED or t != self._applied_default:
                self._set_core_timeout(t)
                self._applied_default = t

    @property
    def source_address(self):
        return self._source_address

    @source_address.setter
    def source_address(self, value):
        self._source_address = value
        if value is None:
            self._check(lib.gohttp_conn_set_source_address(self._h, None, 0, 0))
        else:
            host, port = value
            hb = _encode_text(host)
            self._check(lib.gohttp_conn_set_source_address(self._h, hb, len(hb), int(port)))

    @property
    def blocksize(self):
        return self._blocksize

    @blocksize.setter
    def blocksize(self, value):
        self._blocksize = value
        self._check(lib.gohttp_conn_set_blocksize(self._h, int(value)))

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name == "auto_open" and self.__dict__.get("_h") is not None:
            self._check(lib.gohttp_conn_set_auto_open(self._h, 1 if value else 0))
        elif name == "_http_vsn" and self.__dict__.get("_h") is not None:
            self._check(lib.gohttp_conn_set_http_version(self._h, value))
        elif name == "debuglevel" and self.__dict__.get("_h") is not None:
            self._apply_debug()

    @property
    def sock(self):
        _, connected = self._state()
        if not connected:
            return None
        t = self._transport
        if t is not None and not t.closed:
            return t.sock
        # One view per socket: a reconnect gets a fresh one (and timeout).
        fd = self._fileno()
        view = self._sock_view
        if view is None or view._fd != fd:
            view = self._sock_view = _SocketView(self, fd)
        return view

    @sock.setter
    def sock(self, value):
        if value is None:
            self._check(lib.gohttp_conn_close(self._h))
            return
        # A socket the caller opened (as urllib3-style subclasses do in
        # connect()): the core's bytes go through it from now on.
        t = _HostTransport(value)
        self._check(lib.gohttp_conn_set_transport(self._h, t.read_fn, t.write_fn,
                                                  t.close_fn, None))
        self._transport = t

    # -- debug output -----------------------------------------------------

    def set_debuglevel(self, level):
        self.debuglevel = level

    def _apply_debug(self):
        level = self.debuglevel
        if level > 0 and self._debug_cb is None:
            def emit(user, line, n):
                print(ctypes.string_at(line, n).decode("utf-8", "surrogateescape"))
            self._debug_cb = _ffi.DEBUG_FN(emit)
        self._check(lib.gohttp_conn_set_debug(self._h, int(level), self._debug_cb, None))

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
        self._tunnel_host = host
        self._tunnel_port = port
        self._tunnel_headers = hs

    def get_proxy_response_headers(self):
        rc, raw = _copy_out(lib.gohttp_conn_proxy_headers, self._h, self._check, self._hdrbuf)
        if rc == _ffi.NOTFOUND:
            return None
        return _hc.parse_headers(io.BytesIO(raw))

    # -- connection -----------------------------------------------------------

    def connect(self):
        """Connect to the host and port specified in __init__."""
        sys.audit("http.client.connect", self, self.host, self.port) if hasattr(sys, "audit") else None
        self._refresh_default_timeout()
        self._check(lib.gohttp_conn_connect(self._h))

    def close(self):
        """Close the connection to the HTTP server."""
        if self._h is not None:
            self._check(lib.gohttp_conn_close(self._h))

    def _connect_if_overridden(self):
        # A subclass that overrides connect() (to set up its own socket) is
        # called here, where http.client would call it from send().
        if type(self).connect is not HTTPConnection.connect and self.sock is None:
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
            self._check(lib.gohttp_conn_putheader(self._h, hb, len(hb), v, len(v)))
            return
        bs = [_bytes_of(v) for v in vs]
        arr = (c_char_p * max(len(bs), 1))(*bs)
        lens = (c_size_t * max(len(bs), 1))(*[len(b) for b in bs])
        self._check(lib.gohttp_conn_putheader_values(self._h, hb, len(hb), arr, lens, len(bs)))

    def endheaders(self, message_body=None, *, encode_chunked=False):
        """Indicate that the last header line has been sent to the server,
        then send the body, if any."""
        self._refresh_default_timeout()
        self._connect_if_overridden()
        flags = _ffi.ENCODE_CHUNKED if encode_chunked else 0
        if message_body is None:
            self._check(lib.gohttp_conn_endheaders(self._h, None, 0, flags))
            return
        if not hasattr(message_body, "read"):
            try:
                b = _bytes_of(message_body)
            except TypeError:
                pass
            else:
                self._check(lib.gohttp_conn_endheaders(self._h, b, len(b), flags))
                return
        st = self._state()[0]
        if st != _CS_REQ_STARTED:
            raise CannotSendHeader()
        stream = _Stream(self, message_body)
        rc = lib.gohttp_conn_endheaders_stream(self._h, stream.fn, None, flags)
        self._check(rc, stream.exc)

    # -- request, whole ---------------------------------------------------------

    def request(self, method, url, body=None, headers={}, *,
                encode_chunked=False):
        """Send a complete request to the server."""
        self._refresh_default_timeout()
        items = list(headers.items())
        n = len(items)
        arr = (_ffi.Header * max(n, 1))()
        keep = []
        fast = isinstance(method, str) and isinstance(url, str)
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
        if fast and type(self).connect is not HTTPConnection.connect:
            fast = False
        if fast and self.debuglevel > 0 and self._debug_cb is None:
            self._apply_debug()
        if not fast:
            return self._send_request(method, url, body, headers, encode_chunked)
        mb, ub = _encode_text(method), _encode_text(url)
        rc = lib.gohttp_conn_request(self._h, mb, len(mb), ub, len(ub), arr, n,
                                     bb, 0 if bb is None else len(bb), flags)
        if rc == _ffi.E_ENCODE:
            ("%s %s %s" % (method, url or "/", self._http_vsn_str)).encode("ascii")
        self._check(rc)
        self._method = method

    def _send_request(self, method, url, body, headers, encode_chunked):
        # The exact path: http.client's _send_request step by step, so that
        # errors surface in the same order.
        names = []
        keep = []
        for k in headers:
            if isinstance(k, str):
                kb, flag = _encode_text(k), 0
            elif isinstance(k, (bytes, bytearray)):
                kb, flag = bytes(k), _ffi.HEADER_NAME_BYTES
            else:
                kb, flag = _encode_text(str(k)), _ffi.HEADER_NAME_BYTES
            keep.append(kb)
            names.append(_ffi.Header(kb, len(kb), None, 0, flag))
        arr = (_ffi.Header * max(len(names), 1))(*names)
        if body is None:
            kind, blen = _ffi.BODY_NONE, 0
        elif hasattr(body, "read"):
            kind, blen = _ffi.BODY_STREAM, 0
        else:
            try:
                blen, kind = memoryview(body).nbytes, _ffi.BODY_BYTES
            except TypeError:
                if isinstance(body, str):
                    kind, blen = _ffi.BODY_BYTES, len(body)
                else:
                    kind, blen = _ffi.BODY_STREAM, 0
        repr_b = None
        if kind == _ffi.BODY_STREAM and self.debuglevel > 0:
            repr_b = repr(body).encode("utf-8", "replace")
        mb, ub = _encode_text(method), _encode_text(url)
        chunked = c_int()
        rc = lib.gohttp_conn_start_request(
            self._h, mb, len(mb), ub, len(ub), arr, len(names), kind, blen,
            repr_b, _ffi.ENCODE_CHUNKED if encode_chunked else 0, byref(chunked))
        if rc == _ffi.E_ENCODE:
            ("%s %s %s" % (method, url or "/", self._http_vsn_str)).encode("ascii")
        self._check(rc)
        self._method = method
        for hdr, value in headers.items():
            self.putheader(hdr, value)
        if isinstance(body, str):
            body = _encode_body(body, "body")
        self.endheaders(body, encode_chunked=bool(chunked.value))

    def getresponse(self):
        """Get the response from the server."""
        r = c_void_p()
        info = _ffi.RespInfo()
        rc = lib.gohttp_conn_getresponse_info(self._h, byref(r), byref(info),
                                              self._hdrbuf, _HEADER_BUF)
        self._check(rc)
        resp = self.response_class._from_handle(r, info, self._hdrbuf, self._method,
                                                self.debuglevel)
        resp._transport = self._transport
        # http.client's connection holds its pending response (__response),
        # so dropping the caller's reference neither frees nor closes it.
        self._response = None if info.will_close else resp
        return resp

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
        self._check(lib.gohttp_conn_set_deadline(self._h, s))

    def cancel(self):
        """Stop the call blocked on this connection (request, getresponse,
        or a read of its response) from another thread. That call raises
        gohttp._ffi.RequestCancelled, an OSError with errno ECANCELED, and
        the socket is closed; the next request reconnects. With nothing
        blocked, the connection's next blocking call raises it instead
        (once), so a cancel that races with the call it means to stop is
        not lost. Safe to call from any thread at any time; it never
        waits for the blocked call."""
        h = self._h
        if h is not None:
            lib.gohttp_conn_cancel(h)


class _HostTransport:
    """A Python socket lent to the core. It is used as http.client uses a
    socket: sendall() to send, and a makefile("rb") reader to receive, so
    the test doubles written for http.client (a FakeSocket with sendall and
    makefile) work too. An exception raised there is kept and re-raised by
    the gohttp call that needed the bytes."""

    def __init__(self, sock):
        self.sock = sock
        self.fp = None
        self.exc = None
        self.closed = False
        self.read_fn = _ffi.READ_FN(self._read)
        self.write_fn = _ffi.WRITE_FN(self._write)
        self.close_fn = _ffi.CLOSE_FN(self._close)

    def take_exc(self):
        exc, self.exc = self.exc, None
        return exc

    def _fail(self, e):
        self.exc = e
        if isinstance(e, socket.timeout):
            return _ffi.E_TIMEOUT
        if isinstance(e, OSError) and e.errno:
            return e.errno
        return _ffi.E_CALLBACK

    def _read(self, user, buf, cap, n):
        try:
            fp = self.fp
            if fp is None:
                fp = self.fp = self.sock.makefile("rb")
            view = memoryview((ctypes.c_char * cap).from_address(buf)).cast("B")
            got = fp.readinto1(view)
            n[0] = got or 0
            return 0
        except BaseException as e:
            return self._fail(e)

    def _write(self, user, data, length, n):
        try:
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


class _SocketView:
    """What conn.sock shows while connected: enough of a socket for code
    that checks it, polls its fileno() (urllib3 does, to see whether a
    kept-alive connection was dropped) or sets its timeout (urllib3 sets
    the read timeout so); the socket itself stays in the library."""

    def __init__(self, conn, fd):
        self._conn = conn
        self._fd = fd
        self._timeout = conn.timeout

    def fileno(self):
        fd = c_int()
        self._conn._check(lib.gohttp_conn_fileno(self._conn._h, byref(fd)))
        return fd.value

    def settimeout(self, value):
        t = -1.0 if value is None else float(value)
        self._conn._check(lib.gohttp_conn_set_socket_timeout(self._conn._h, t))
        self._timeout = value

    def gettimeout(self):
        t = self._timeout
        if t is socket._GLOBAL_DEFAULT_TIMEOUT:
            t = socket.getdefaulttimeout()
        return t

    def setblocking(self, flag):
        self.settimeout(None if flag else 0.0)

    def close(self):
        self._conn.close()

    def __repr__(self):
        return "<gohttp socket fd=%d of %r>" % (self.fileno(), self._conn)


class HTTPResponse(io.BufferedIOBase):
    """http.client.HTTPResponse, reading through gohttp's core."""

    _n = None

    def __init__(self, sock, debuglevel=0, method=None, url=None):
        # A response read from a socket the caller holds (http.client's
        # public constructor): the core reads through sock.makefile("rb").
        self._h = None
        self._pyfp = sock.makefile("rb")
        self._cb_exc = None

        def read(user, buf, cap, n):
            try:
                data = self._pyfp.read1(cap)
            except BaseException as e:
                self._cb_exc = e
                return -1
            ctypes.memmove(buf, data, len(data))
            n[0] = len(data)
            return 0

        def close(user):
            fp, self._pyfp = self._pyfp, None
            if fp is not None:
                fp.close()

        self._callbacks = (_ffi.READ_FN(read), _ffi.CLOSE_FN(close))
        h = c_void_p()
        mb = _encode_text(method or "")
        rc = lib.gohttp_resp_new(self._callbacks[0], self._callbacks[1], None,
                                 mb, len(mb), byref(h))
        if rc:
            raise _ffi.create_error(rc)
        self._h = h
        self._method = method
        self.debuglevel = debuglevel
        self.url = url
        self.code = self.status = self.version = self.reason = _UNKNOWN
        self._raw_headers = None
        self._msg = None
        self._buf = None
        self._begun = False

    def begin(self):
        if self._begun:
            return
        info = _ffi.RespInfo()
        buf = ctypes.create_string_buffer(_HEADER_BUF)
        rc = lib.gohttp_resp_begin(self._h, byref(info), buf, _HEADER_BUF)
        self._check(rc)
        self._set_head(info, buf)

    @classmethod
    def _from_handle(cls, h, info, buf, method, debuglevel):
        self = cls.__new__(cls)
        self._h = h
        self._method = method
        self.debuglevel = debuglevel
        self._cb_exc = None
        self._buf = None
        self._set_head(info, buf)
        return self

    def _set_head(self, info, buf):
        self.code = self.status = info.status
        self.version = info.version
        self._msg = None
        if info.truncated:
            self.reason = self._fetch(lib.gohttp_resp_reason).decode("latin-1")
            self._raw_headers = self._fetch(lib.gohttp_resp_rawheaders)
        else:
            raw = buf.raw[:info.reason_len + info.headers_len]
            self.reason = raw[:info.reason_len].decode("latin-1")
            self._raw_headers = raw[info.reason_len:]
        self._begun = True

    def _fetch(self, fn):
        return _copy_out(fn, self._h, self._check)[1]

    _transport = None

    def _check(self, rc):
        if rc:
            exc, self._cb_exc = self._cb_exc, None
            if exc is None and self._transport is not None:
                exc = self._transport.take_exc()
            raise _ffi.resp_error(rc, self._h, exc)

    def __del__(self):
        h = getattr(self, "_h", None)
        if h is not None and lib is not None:
            self._h = None
            lib.gohttp_resp_free(h)
        ch = self.__dict__.get("_conn_h")
        if ch is not None and lib is not None:
            self._conn_h = None
            lib.gohttp_conn_free(ch)

    # -- headers ----------------------------------------------------------------

    @property
    def msg(self):
        if self._msg is None and self._raw_headers is not None:
            self._msg = parse_headers(io.BytesIO(self._raw_headers))
        return self._msg

    @msg.setter
    def msg(self, value):
        self._msg = value

    headers = msg

    def getheader(self, name, default=None):
        if self.msg is None:
            raise ResponseNotReady()
        headers = self.msg.get_all(name) or default
        if isinstance(headers, str) or not hasattr(headers, "__iter__"):
            return headers
        return ", ".join(headers)

    def getheaders(self):
        if self.msg is None:
            raise ResponseNotReady()
        return list(self.msg.items())

    def info(self):
        return self.msg

    def geturl(self):
        return self.url

    def getcode(self):
        return self.status

    # -- live framing attributes ------------------------------------------------

    def _info(self):
        info = _ffi.RespInfo()
        self._check(lib.gohttp_resp_getinfo(self._h, byref(info), None, 0))
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
        if io.BufferedIOBase.closed.__get__(self):
            return True
        return self._h is not None and bool(self._info().closed)

    @property
    def chunk_left(self):
        return _UNKNOWN if not self._begun else None

    @property
    def fp(self):
        return None if self.isclosed() else self

    # -- reading --------------------------------------------------------------

    def _scratch(self, size):
        if self._buf is None or len(self._buf) < size:
            self._buf = ctypes.create_string_buffer(max(size, _READ_CHUNK))
        return self._buf

    def _read_sized(self, fn, *args, size=_READ_CHUNK):
        """Calls a read function whose result may be larger than the
        buffer; the core keeps it for a second call with the size needed."""
        buf = self._scratch(size)
        n = c_size_t()
        rc = fn(self._h, *args, buf, len(buf), byref(n))
        if rc == _ffi.E_RANGE:
            data, addr = _new_bytes(n.value)
            self._check(fn(self._h, *args, addr, n.value, byref(n)))
            return _finish(data, n.value)
        self._check(rc)
        return ctypes.string_at(buf, n.value)

    def read(self, amt=None):
        if amt is None:
            info = self._info()
            if info.has_length and not info.chunked and 0 <= info.length <= _MAX_DIRECT:
                # The whole body, read by the core straight into the result.
                return self._read_into_new(lib.gohttp_resp_readall, info.length)
            return self._read_sized(lib.gohttp_resp_readall)
        amt = int(amt)
        if 0 <= amt <= _MAX_DIRECT:
            # read(amt) and readinto() follow the same rules (HC-O2, HC-O3).
            return self._read_into_new(lib.gohttp_resp_readinto, amt)
        return self._read_sized(lib.gohttp_resp_read_amt, amt,
                                size=min(max(amt, 0), 1 << 20))

    def _read_into_new(self, fn, size):
        data, addr = _new_bytes(size)
        n = c_size_t()
        self._check(fn(self._h, addr, size, byref(n)))
        return _finish(data, n.value)

    def readinto(self, b):
        mv = memoryview(b).cast("B")
        n = c_size_t()
        if mv.readonly:
            raise TypeError("readinto() argument must be read-write bytes-like object")
        size = len(mv)
        if size == 0:
            cbuf = None
        else:
            cbuf = (ctypes.c_char * size).from_buffer(mv)
        self._check(lib.gohttp_resp_readinto(self._h, cbuf, size, byref(n)))
        return n.value

    def read1(self, n=-1):
        if n is None or n < 0:
            size = _READ_CHUNK
        else:
            size = n
        buf = self._scratch(max(size, 1))
        out = c_size_t()
        self._check(lib.gohttp_resp_read1(self._h, buf, size, byref(out)))
        return ctypes.string_at(buf, out.value)

    def peek(self, n=-1):
        buf = self._scratch(_READ_CHUNK)
        out = c_size_t()
        self._check(lib.gohttp_resp_peek(self._h, buf, len(buf), byref(out)))
        return ctypes.string_at(buf, out.value)

    def readline(self, limit=-1):
        if limit is None:
            limit = -1
        # The hot path of line iteration: one call, a reused buffer and
        # length, the line sliced out of the buffer.
        buf = self._buf
        if buf is None:
            buf = self._buf = ctypes.create_string_buffer(_READ_CHUNK)
        n = self._n
        if n is None:
            n = self._n = c_size_t()
            self._nref = byref(n)
        rc = _resp_readline(self._h, limit, buf, len(buf), self._nref)
        if rc:
            if rc != _ffi.E_RANGE:
                self._check(rc)
            data, addr = _new_bytes(n.value)
            self._check(_resp_readline(self._h, limit, addr, n.value, self._nref))
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

    def isclosed(self):
        c = c_int()
        self._check(lib.gohttp_resp_isclosed(self._h, byref(c)))
        return bool(c.value)

    def close(self):
        try:
            super().close()
        finally:
            if getattr(self, "_h", None) is not None:
                self._check(lib.gohttp_resp_close(self._h))

    def flush(self):
        super().flush()

    def fileno(self):
        fd = c_int()
        self._check(lib.gohttp_resp_fileno(self._h, byref(fd)))
        if fd.value < 0:
            raise AttributeError("'NoneType' object has no attribute 'fileno'")
        return fd.value



HTTPConnection.response_class = HTTPResponse
_resp_readline = lib.gohttp_resp_readline


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
            self._context = context  # None: the library's defaults, http.client's own
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
            self._context = context
            _tls.apply_context(self, context)


__all__.append("HTTPSConnection")
