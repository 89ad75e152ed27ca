"""The shim's own tests: what gohttp.client must do beyond byte-for-byte
parity with http.client (that is test_differential.py's job).

- the module surface (names, the stdlib's exception classes and helpers,
  status constants and ``responses`` as Python 3.13 has them);
- the host transport: a socket set as ``conn.sock`` or opened by a
  urllib3-style ``connect()`` override carries the bytes, and exceptions
  raised inside it come out unchanged;
- ``HTTPResponse(sock)`` built directly on a connected socket;
- threads: parallel connections, the GIL released while blocked;
- misuse: one connection used from two threads, responses used after
  ``close()``/``del``, handles freed (leak check), ``fork()``;
- debug output, big bodies and the reading API, timeouts and errors of
  the network layer.

Everything runs on 127.0.0.1, bounded by timeouts, and closes every socket
and joins every thread it starts. Standard library only; Python 3.8+.

Finding gohttp: as the differential suite (``difftest.setup_gohttp_path``):
``$GOHTTP_PYTHONPATH``, else ``<repo>/build/python``. If gohttp cannot be
imported every test here fails (none is skipped). Under
``GOHTTP_DIFF_SELFTEST=1`` (harness self-check, no gohttp) they are skipped.
"""

import contextlib
import errno
import gc
import http
import http.client
import importlib
import io
import os
import re
import socket
import sys
import threading
import time
import unittest
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import difftest  # noqa: E402
from scripted import ScriptedServer, request_end  # noqa: E402

LOCALHOST = "127.0.0.1"
TIMEOUT = 5.0          # per socket operation, for requests that must work
JOIN = 10.0            # the longest any helper thread may take
HANG = 20.0            # a bound on a call that must end (100x its timeout):
                       # catches a hang, never a slow machine

_gohttp = None
_gohttp_error = None


def gohttp():
    """(gohttp.client, gohttp._ffi); raises when gohttp cannot be imported,
    so that the tests fail rather than skip."""
    global _gohttp, _gohttp_error
    if _gohttp is None and _gohttp_error is None:
        difftest.setup_gohttp_path()
        try:
            client = importlib.import_module("gohttp.client")
            ffi = importlib.import_module("gohttp._ffi")
            _gohttp = (client, ffi)
        except Exception as e:  # ImportError, OSError from ctypes, ...
            _gohttp_error = "%s: %s" % (type(e).__name__, e)
    if _gohttp is None:
        raise RuntimeError(
            "gohttp.client cannot be imported (%s); sys.path[0:3]=%r. Build "
            "it first (make or ./build.sh) or set GOHTTP_PYTHONPATH."
            % (_gohttp_error, sys.path[:3]))
    return _gohttp


def live_handles():
    return gohttp()[1].lib.gohttp_live_handles()


class ShimTestCase(unittest.TestCase):
    """Base class: ``self.gohttp`` is gohttp.client, ``self.ffi``
    gohttp._ffi."""

    @classmethod
    def setUpClass(cls):
        if difftest.SELFTEST:
            raise unittest.SkipTest("GOHTTP_DIFF_SELFTEST: the shim's own "
                                    "tests need gohttp")
        cls.gohttp, cls.ffi = gohttp()

    def closing(self, obj):
        """Closes obj (socket, connection, response, server) at cleanup."""
        self.addCleanup(obj.close)
        return obj

    def connection(self, srv, timeout=TIMEOUT):
        """A gohttp connection to srv, closed at cleanup."""
        return self.closing(self.gohttp.HTTPConnection(srv.host, srv.port,
                                                       timeout=timeout))


# ---------------------------------------------------------------------------
# servers

def response(body=b"", status=b"200 OK", headers=()):
    head = [b"HTTP/1.1 " + status, b"Content-Length: %d" % len(body)]
    head += list(headers)
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def chunked(data, sizes=(1, 4096, 65536, 100000, 7, 262144)):
    """data as a chunked body, in chunks of the given sizes (cycled)."""
    out = []
    pos = i = 0
    while pos < len(data):
        n = sizes[i % len(sizes)]
        part = data[pos:pos + n]
        out.append(b"%x\r\n%s\r\n" % (len(part), part))
        pos += n
        i += 1
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def request_path(req):
    return req.split(b" ", 2)[1]


def echo_path(req):
    """The default answer: the path three times, keep-alive."""
    return response(request_path(req) * 3)


class KeepAliveServer:
    """An HTTP/1.1 server on 127.0.0.1 port 0 that answers every request
    on every connection with ``respond(request_bytes)`` (a full response;
    None closes the connection) until the client closes. It records
    ``(peer_port, request_bytes)`` for each request in ``requests``, and
    ``close()`` stops it, closes every socket and joins every thread."""

    def __init__(self, respond=echo_path):
        self.respond = respond
        self.requests = []
        self.accepted = []          # peer ports, in accept order
        self.got_request = threading.Event()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []
        self._socks = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.listener.bind((LOCALHOST, 0))
            self.listener.listen(64)
            self.listener.settimeout(0.05)
        except OSError:
            self.listener.close()
            raise
        self.host = LOCALHOST
        self.port = self.listener.getsockname()[1]
        t = threading.Thread(target=self._accept_loop, name="ka-accept",
                             daemon=True)
        self._threads.append(t)
        t.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                sock, addr = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(0.05)
            t = threading.Thread(target=self._serve, args=(sock, addr[1]),
                                 name="ka-conn", daemon=True)
            with self._lock:
                if self._stop.is_set():
                    sock.close()
                    return
                self.accepted.append(addr[1])
                self._socks.append(sock)
                self._threads.append(t)
            t.start()

    def _serve(self, sock, port):
        buf = b""
        try:
            while not self._stop.is_set():
                n = request_end(buf)
                if n is None:
                    try:
                        data = sock.recv(65536)
                    except socket.timeout:
                        continue
                    except OSError:
                        return
                    if not data:
                        return
                    buf += data
                    continue
                req, buf = buf[:n], buf[n:]
                with self._lock:
                    self.requests.append((port, req))
                self.got_request.set()
                answer = self.respond(req)
                if answer is None:
                    return
                sock.settimeout(TIMEOUT)
                try:
                    sock.sendall(answer)
                except OSError:
                    return
                sock.settimeout(0.05)
        finally:
            sock.close()

    def wait(self, seconds):
        """Sleeps up to seconds, or less if the server is closed."""
        self._stop.wait(seconds)

    def close(self):
        self._stop.set()
        self.listener.close()
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(JOIN)
        with self._lock:
            for s in self._socks:
                s.close()


class SilentServer:
    """A listening socket that never accepts: connections complete in the
    kernel's backlog and then nothing is ever answered."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind((LOCALHOST, 0))
        self.listener.listen(8)
        self.host = LOCALHOST
        self.port = self.listener.getsockname()[1]

    def close(self):
        self.listener.close()


def join_all(test, threads):
    for t in threads:
        t.join(JOIN)
    test.assertFalse(any(t.is_alive() for t in threads), "a thread hung")

# http.HTTPStatus as CPython 3.13.0 has it:
# name -> (value, phrase, description), in definition order (the first name
# of a value is the canonical one).
STATUS_313 = {
    'CONTINUE': (100, 'Continue', 'Request received, please continue'),
    'SWITCHING_PROTOCOLS': (101, 'Switching Protocols',
        'Switching to new protocol; obey Upgrade header'),
    'PROCESSING': (102, 'Processing', ''),
    'EARLY_HINTS': (103, 'Early Hints', ''),
    'OK': (200, 'OK', 'Request fulfilled, document follows'),
    'CREATED': (201, 'Created', 'Document created, URL follows'),
    'ACCEPTED': (202, 'Accepted',
        'Request accepted, processing continues off-line'),
    'NON_AUTHORITATIVE_INFORMATION': (203, 'Non-Authoritative Information',
        'Request fulfilled from cache'),
    'NO_CONTENT': (204, 'No Content', 'Request fulfilled, nothing follows'),
    'RESET_CONTENT': (205, 'Reset Content',
        'Clear input form for further input'),
    'PARTIAL_CONTENT': (206, 'Partial Content', 'Partial content follows'),
    'MULTI_STATUS': (207, 'Multi-Status', ''),
    'ALREADY_REPORTED': (208, 'Already Reported', ''),
    'IM_USED': (226, 'IM Used', ''),
    'MULTIPLE_CHOICES': (300, 'Multiple Choices',
        'Object has several resources -- see URI list'),
    'MOVED_PERMANENTLY': (301, 'Moved Permanently',
        'Object moved permanently -- see URI list'),
    'FOUND': (302, 'Found', 'Object moved temporarily -- see URI list'),
    'SEE_OTHER': (303, 'See Other', 'Object moved -- see Method and URL list'),
    'NOT_MODIFIED': (304, 'Not Modified',
        'Document has not changed since given time'),
    'USE_PROXY': (305, 'Use Proxy',
        'You must use proxy specified in Location to access this resource'),
    'TEMPORARY_REDIRECT': (307, 'Temporary Redirect',
        'Object moved temporarily -- see URI list'),
    'PERMANENT_REDIRECT': (308, 'Permanent Redirect',
        'Object moved permanently -- see URI list'),
    'BAD_REQUEST': (400, 'Bad Request',
        'Bad request syntax or unsupported method'),
    'UNAUTHORIZED': (401, 'Unauthorized',
        'No permission -- see authorization schemes'),
    'PAYMENT_REQUIRED': (402, 'Payment Required',
        'No payment -- see charging schemes'),
    'FORBIDDEN': (403, 'Forbidden',
        'Request forbidden -- authorization will not help'),
    'NOT_FOUND': (404, 'Not Found', 'Nothing matches the given URI'),
    'METHOD_NOT_ALLOWED': (405, 'Method Not Allowed',
        'Specified method is invalid for this resource'),
    'NOT_ACCEPTABLE': (406, 'Not Acceptable',
        'URI not available in preferred format'),
    'PROXY_AUTHENTICATION_REQUIRED': (407, 'Proxy Authentication Required',
        'You must authenticate with this proxy before proceeding'),
    'REQUEST_TIMEOUT': (408, 'Request Timeout',
        'Request timed out; try again later'),
    'CONFLICT': (409, 'Conflict', 'Request conflict'),
    'GONE': (410, 'Gone',
        'URI no longer exists and has been permanently removed'),
    'LENGTH_REQUIRED': (411, 'Length Required',
        'Client must specify Content-Length'),
    'PRECONDITION_FAILED': (412, 'Precondition Failed',
        'Precondition in headers is false'),
    'CONTENT_TOO_LARGE': (413, 'Content Too Large', 'Content is too large'),
    'REQUEST_ENTITY_TOO_LARGE': (413, 'Content Too Large',
        'Content is too large'),
    'URI_TOO_LONG': (414, 'URI Too Long', 'URI is too long'),
    'REQUEST_URI_TOO_LONG': (414, 'URI Too Long', 'URI is too long'),
    'UNSUPPORTED_MEDIA_TYPE': (415, 'Unsupported Media Type',
        'Entity body in unsupported format'),
    'RANGE_NOT_SATISFIABLE': (416, 'Range Not Satisfiable',
        'Cannot satisfy request range'),
    'REQUESTED_RANGE_NOT_SATISFIABLE': (416, 'Range Not Satisfiable',
        'Cannot satisfy request range'),
    'EXPECTATION_FAILED': (417, 'Expectation Failed',
        'Expect condition could not be satisfied'),
    'IM_A_TEAPOT': (418, "I'm a Teapot",
        'Server refuses to brew coffee because it is a teapot.'),
    'MISDIRECTED_REQUEST': (421, 'Misdirected Request',
        'Server is not able to produce a response'),
    'UNPROCESSABLE_CONTENT': (422, 'Unprocessable Content', ''),
    'UNPROCESSABLE_ENTITY': (422, 'Unprocessable Content', ''),
    'LOCKED': (423, 'Locked', ''),
    'FAILED_DEPENDENCY': (424, 'Failed Dependency', ''),
    'TOO_EARLY': (425, 'Too Early', ''),
    'UPGRADE_REQUIRED': (426, 'Upgrade Required', ''),
    'PRECONDITION_REQUIRED': (428, 'Precondition Required',
        'The origin server requires the request to be conditional'),
    'TOO_MANY_REQUESTS': (429, 'Too Many Requests',
        'The user has sent too many requests in a given amount of time '
        '("rate limiting")'),
    'REQUEST_HEADER_FIELDS_TOO_LARGE': (431, 'Request Header Fields Too Large',
        'The server is unwilling to process the request because its header '
        'fields are too large'),
    'UNAVAILABLE_FOR_LEGAL_REASONS': (451, 'Unavailable For Legal Reasons',
        'The server is denying access to the resource as a consequence of a '
        'legal demand'),
    'INTERNAL_SERVER_ERROR': (500, 'Internal Server Error',
        'Server got itself in trouble'),
    'NOT_IMPLEMENTED': (501, 'Not Implemented',
        'Server does not support this operation'),
    'BAD_GATEWAY': (502, 'Bad Gateway',
        'Invalid responses from another server/proxy'),
    'SERVICE_UNAVAILABLE': (503, 'Service Unavailable',
        'The server cannot process the request due to a high load'),
    'GATEWAY_TIMEOUT': (504, 'Gateway Timeout',
        'The gateway server did not receive a timely response'),
    'HTTP_VERSION_NOT_SUPPORTED': (505, 'HTTP Version Not Supported',
        'Cannot fulfill request'),
    'VARIANT_ALSO_NEGOTIATES': (506, 'Variant Also Negotiates', ''),
    'INSUFFICIENT_STORAGE': (507, 'Insufficient Storage', ''),
    'LOOP_DETECTED': (508, 'Loop Detected', ''),
    'NOT_EXTENDED': (510, 'Not Extended', ''),
    'NETWORK_AUTHENTICATION_REQUIRED': (511, 'Network Authentication Required',
        'The client needs to authenticate to gain network access'),
}


# ---------------------------------------------------------------------------
# module surface (HC-A1..A7, HC-Q)

EXCEPTIONS = [
    "HTTPException", "NotConnected", "UnknownProtocol",
    "UnknownTransferEncoding", "UnimplementedFileMode", "IncompleteRead",
    "InvalidURL", "ImproperConnectionState", "CannotSendRequest",
    "CannotSendHeader", "ResponseNotReady", "BadStatusLine", "LineTooLong",
    "RemoteDisconnected",
]


class ModuleSurfaceTest(ShimTestCase):

    def test_all_names_exist(self):
        for name in http.client.__all__:
            with self.subTest(name=name):
                self.assertTrue(hasattr(self.gohttp, name), name)
        self.assertEqual(self.gohttp.__all__, http.client.__all__)
        for name in ("HTTPMessage", "parse_headers", "HTTP_PORT",
                     "HTTPS_PORT", "HTTPConnection", "HTTPResponse"):
            self.assertTrue(hasattr(self.gohttp, name), name)

    def test_exceptions_are_the_stdlib_classes(self):
        for name in EXCEPTIONS:
            with self.subTest(name=name):
                self.assertIs(getattr(self.gohttp, name),
                              getattr(http.client, name))
        self.assertIs(self.gohttp.error, http.client.HTTPException)
        self.assertIs(self.gohttp.error, self.gohttp.HTTPException)
        self.assertIs(self.gohttp.HTTPMessage, http.client.HTTPMessage)
        self.assertIs(self.gohttp.parse_headers, http.client.parse_headers)
        self.assertEqual((self.gohttp.HTTP_PORT, self.gohttp.HTTPS_PORT),
                         (80, 443))
        self.assertTrue(issubclass(self.gohttp.RemoteDisconnected,
                                   ConnectionResetError))

    def test_stdlib_except_clause_catches_gohttp_errors(self):
        script = [[("recv_request",), ("send", b"HTTP/1.1 200 OK\r\n"
                                       b"Content-Length: 10\r\n\r\nabc"),
                   ("close",)],
                  [("recv_request",), ("close",)]]
        with ScriptedServer(script) as srv:
            conn = self.connection(srv)
            conn.request("GET", "/")
            resp = conn.getresponse()
            try:
                resp.read()
            except http.client.IncompleteRead as e:
                self.assertEqual((e.partial, e.expected), (b"abc", 7))
            else:
                self.fail("no IncompleteRead")
            resp.close()
            conn.request("GET", "/")
            try:
                conn.getresponse()
            except http.client.RemoteDisconnected as e:
                self.assertIsInstance(e, ConnectionResetError)
            else:
                self.fail("no RemoteDisconnected")

    def test_headers_are_stdlib_http_message(self):
        with ScriptedServer([[("recv_request",), ("send", response(
                b"x", headers=[b"X-A: 1", b"X-A: 2"]))]]) as srv:
            conn = self.connection(srv)
            conn.request("GET", "/")
            resp = self.closing(conn.getresponse())
            self.assertIs(type(resp.msg), http.client.HTTPMessage)
            self.assertIs(resp.headers, resp.msg)
            self.assertEqual(resp.msg.get_all("x-a"), ["1", "2"])
            self.assertEqual(resp.read(), b"x")
            conn.close()   # before the server waits for the client to go

    def test_status_constants_as_python_313(self):
        mod = self.gohttp
        canonical = {}
        for name, (value, phrase, description) in STATUS_313.items():
            canonical.setdefault(value, name)
            with self.subTest(name=name):
                const = getattr(mod, name)
                self.assertIsInstance(const, int)
                self.assertEqual(int(const), value)
                self.assertEqual(const.phrase, phrase)
                self.assertEqual(const.description, description)
                self.assertEqual(const.name, canonical[value])
                self.assertIs(const, getattr(mod, canonical[value]))
        self.assertEqual(len(canonical), 62)
        # RFC 9110 phrases and their aliases (new in 3.13)
        self.assertIs(mod.CONTENT_TOO_LARGE, mod.REQUEST_ENTITY_TOO_LARGE)
        self.assertIs(mod.URI_TOO_LONG, mod.REQUEST_URI_TOO_LONG)
        self.assertIs(mod.RANGE_NOT_SATISFIABLE,
                      mod.REQUESTED_RANGE_NOT_SATISFIABLE)
        self.assertIs(mod.UNPROCESSABLE_CONTENT, mod.UNPROCESSABLE_ENTITY)
        # added in 3.9
        self.assertEqual((mod.EARLY_HINTS, mod.IM_A_TEAPOT, mod.TOO_EARLY),
                         (103, 418, 425))
        if sys.version_info >= (3, 13):
            for name in STATUS_313:
                self.assertIs(getattr(mod, name), getattr(http.client, name))

    def test_responses_as_python_313(self):
        responses = self.gohttp.responses
        expected = {}
        for value, phrase, _ in STATUS_313.values():
            expected.setdefault(value, phrase)
        self.assertEqual(len(responses), 62)
        self.assertEqual({int(k): v for k, v in responses.items()}, expected)
        self.assertEqual(responses[413], "Content Too Large")
        self.assertEqual(responses[414], "URI Too Long")
        self.assertEqual(responses[416], "Range Not Satisfiable")
        self.assertEqual(responses[422], "Unprocessable Content")
        self.assertEqual(responses[self.gohttp.OK], "OK")
        with self.assertRaises(KeyError):
            responses[999]
        for key in responses:
            self.assertIsInstance(key, int)
        if sys.version_info >= (3, 13):
            self.assertEqual(responses, http.client.responses)



# ---------------------------------------------------------------------------
# the host transport (DESIGN: "host-provided (read, write, close callbacks)
# for runtimes that own the socket")

class WrappedSocket:
    """A socket look-alike over a real socket, whose recv_into/send can be
    told to raise a given exception object."""

    def __init__(self, sock):
        self.sock = sock
        self.recv_exc = None
        self.send_exc = None
        self.closed = 0

    def recv_into(self, buf, nbytes=0):
        if self.recv_exc is not None:
            raise self.recv_exc
        return self.sock.recv_into(buf, nbytes)

    def send(self, data):
        if self.send_exc is not None:
            raise self.send_exc
        return self.sock.send(data)

    def sendall(self, data):
        if self.send_exc is not None:
            raise self.send_exc
        return self.sock.sendall(data)

    def makefile(self, mode="rb", *a, **kw):
        # As socket.makefile does: a buffered reader over recv_into, so
        # that recv_exc reaches whoever reads (http.client reads so).
        wrapped = self

        class Raw(io.RawIOBase):
            def readable(self):
                return True

            def readinto(self, b):
                return wrapped.recv_into(b)

        return io.BufferedReader(Raw())

    def fileno(self):
        return self.sock.fileno()

    def settimeout(self, t):
        self.sock.settimeout(t)

    def close(self):
        self.closed += 1
        self.sock.close()


class HostTransportTest(ShimTestCase):

    def test_sock_set_before_request_is_used(self):
        srv = self.closing(KeepAliveServer())
        conn = self.connection(srv)
        sock = self.closing(socket.create_connection((srv.host, srv.port),
                                                     TIMEOUT))
        local_port = sock.getsockname()[1]
        conn.sock = sock
        self.assertIs(conn.sock, sock)
        for path in (b"/one", b"/two", b"/three"):
            conn.request("GET", path.decode())
            resp = conn.getresponse()
            self.assertEqual(resp.read(), path * 3)
            self.assertIs(conn.sock, sock)   # keep-alive over that socket
        self.assertEqual(srv.accepted, [local_port])
        self.assertEqual([p for p, _ in srv.requests], [local_port] * 3)
        self.assertEqual(srv.requests[0][1],
                         b"GET /one HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                         b"Accept-Encoding: identity\r\n\r\n" % srv.port)
        conn.close()                         # as http.client: closes it
        self.assertEqual(sock.fileno(), -1)
        self.assertIsNone(conn.sock)

    def test_sock_passes_to_a_response_that_will_close(self):
        # As in http.client: a response that will close takes the socket
        # (conn.sock is None at once, the response still reads), and the
        # next request connects anew.
        def respond(req):
            if request_path(req) == b"/close":
                return response(b"bye", headers=[b"Connection: close"])
            return echo_path(req)
        srv = self.closing(KeepAliveServer(respond))
        for mod in (http.client, self.gohttp):
            with self.subTest(mod=mod.__name__):
                conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
                self.addCleanup(conn.close)
                sock = self.closing(socket.create_connection((srv.host, srv.port), TIMEOUT))
                conn.sock = sock
                conn.request("GET", "/close")
                resp = conn.getresponse()
                self.assertIsNone(conn.sock)
                self.assertFalse(resp.isclosed())
                self.assertEqual(resp.read(), b"bye")
                self.assertEqual(sock.fileno(), -1)
                conn.request("GET", "/next")
                self.assertIsNotNone(conn.sock)
                self.assertIsNot(conn.sock, sock)
                self.assertEqual(conn.getresponse().read(), b"/next" * 3)

    def test_urllib3_style_connect_override(self):
        srv = self.closing(KeepAliveServer())
        opened = []

        class Conn(self.gohttp.HTTPConnection):
            def connect(self):
                sock = socket.create_connection((self.host, self.port),
                                                self.timeout,
                                                self.source_address)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                opened.append(sock)
                self.sock = sock

        conn = self.closing(Conn(srv.host, srv.port, timeout=TIMEOUT))
        for path in (b"/a", b"/b"):
            conn.request("GET", path.decode(), body=b"xyz")
            self.assertIs(conn.sock, opened[-1])
            self.assertEqual(conn.getresponse().read(), path * 3)
        self.assertEqual(len(opened), 1)
        self.assertEqual([p for p, _ in srv.requests],
                         [opened[0].getsockname()[1]] * 2)
        self.assertTrue(srv.requests[0][1].endswith(
            b"Content-Length: 3\r\n\r\nxyz"))
        conn.close()
        self.assertEqual(opened[0].fileno(), -1)
        # the next request connects again through the override
        conn.request("GET", "/c")
        self.assertEqual(conn.getresponse().read(), b"/c" * 3)
        self.assertEqual(len(opened), 2)
        conn.close()

    def test_urllib3_style_connect_timeout(self):
        srv = self.closing(SilentServer())

        class Conn(self.gohttp.HTTPConnection):
            def connect(self):
                self.sock = socket.create_connection((self.host, self.port),
                                                     self.timeout)

        conn = self.closing(Conn(srv.host, srv.port, timeout=0.2))
        t0 = time.monotonic()
        conn.request("GET", "/")
        with self.assertRaises(socket.timeout) as cm:
            conn.getresponse()
        self.assertLess(time.monotonic() - t0, HANG)
        if sys.version_info >= (3, 10):
            self.assertIsInstance(cm.exception, TimeoutError)

    def test_exception_in_socket_recv_propagates(self):
        srv = self.closing(KeepAliveServer())
        sock = WrappedSocket(socket.create_connection((srv.host, srv.port),
                                                      TIMEOUT))
        self.addCleanup(sock.close)
        conn = self.connection(srv)
        conn.sock = sock
        conn.request("GET", "/first")
        self.assertEqual(conn.getresponse().read(), b"/first" * 3)
        boom = ConnectionResetError(errno.ECONNRESET, "reset by the test")
        sock.recv_exc = boom
        conn.request("GET", "/second")
        with self.assertRaises(ConnectionResetError) as cm:
            conn.getresponse()
        self.assertIs(cm.exception, boom)

    def test_exception_in_socket_send_propagates(self):
        class Boom(Exception):
            pass

        srv = self.closing(KeepAliveServer())
        sock = WrappedSocket(socket.create_connection((srv.host, srv.port),
                                                      TIMEOUT))
        self.addCleanup(sock.close)
        conn = self.connection(srv)
        conn.sock = sock
        sock.send_exc = boom = Boom("not an OSError")
        with self.assertRaises(Boom) as cm:
            conn.request("GET", "/")
        self.assertIs(cm.exception, boom)
        broken = BrokenPipeError(errno.EPIPE, "gone")
        conn.close()
        conn.sock = sock2 = WrappedSocket(
            socket.create_connection((srv.host, srv.port), TIMEOUT))
        self.addCleanup(sock2.close)
        sock2.send_exc = broken
        with self.assertRaises(BrokenPipeError) as cm:
            conn.request("GET", "/")
        self.assertIs(cm.exception, broken)

    def test_exception_while_reading_body_propagates(self):
        body = b"z" * 300000
        srv = self.closing(KeepAliveServer(lambda req: response(body)))
        sock = WrappedSocket(socket.create_connection((srv.host, srv.port),
                                                      TIMEOUT))
        self.addCleanup(sock.close)
        conn = self.connection(srv)
        conn.sock = sock
        conn.request("GET", "/")
        resp = self.closing(conn.getresponse())
        self.assertEqual(resp.read(10), b"z" * 10)
        boom = OSError(errno.EIO, "the test's I/O error")
        sock.recv_exc = boom
        with self.assertRaises(OSError) as cm:
            resp.read()
        self.assertIs(cm.exception, boom)


# ---------------------------------------------------------------------------
# HTTPResponse(sock) on a socket the caller holds (HC-P5)

class DirectResponseTest(ShimTestCase):

    RAW = (b"HTTP/1.1 201 Created Here\r\nX-One: 1\r\nX-Two: two\r\n"
           b"Content-Length: 11\r\n\r\nhello world")

    def outcome(self, mod, method, raw=RAW):
        with ScriptedServer([[("recv_request",), ("send", raw)]]) as srv:
            sock = socket.create_connection((srv.host, srv.port), TIMEOUT)
            try:
                sock.sendall(b"%s / HTTP/1.1\r\nHost: x\r\n\r\n"
                             % method.encode())
                resp = mod.HTTPResponse(sock, method=method)
                before = (resp.status, resp.reason, resp.version)
                resp.begin()
                out = [before, resp.status, resp.reason, resp.version,
                       resp.getheaders(), resp.getheader("x-two"),
                       resp.length, resp.will_close, resp.chunked,
                       resp.read(5), resp.read(), resp.isclosed()]
                resp.close()
                out.append(resp.closed)
                return out
            finally:
                sock.close()

    def test_direct_response(self):
        for method in ("GET", "HEAD"):
            with self.subTest(method=method):
                got = self.outcome(self.gohttp, method)
                self.assertEqual(got, self.outcome(http.client, method))
                if method == "GET":
                    self.assertEqual(got[1:4], [201, "Created Here", 11])
                    self.assertEqual(got[9:11], [b"hello", b" world"])

    def test_direct_response_chunked(self):
        raw = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               + chunked(b"0123456789" * 1000, sizes=(3, 1000, 77)))
        self.assertEqual(self.outcome(self.gohttp, "GET", raw),
                         self.outcome(http.client, "GET", raw))

    def test_direct_response_socketpair(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        b.sendall(b"HTTP/1.0 404 Nope\r\nA: b\r\n\r\nbody until close")
        b.shutdown(socket.SHUT_WR)
        resp = self.closing(self.gohttp.HTTPResponse(a, method="GET"))
        resp.begin()
        self.assertEqual((resp.status, resp.reason, resp.version),
                         (404, "Nope", 10))
        self.assertTrue(resp.will_close)
        self.assertIsNone(resp.length)
        self.assertEqual(resp.read(), b"body until close")



# ---------------------------------------------------------------------------
# threads (DESIGN: "the GIL is released during every blocking call")

class ThreadsTest(ShimTestCase):

    def test_parallel_connections(self):
        srv = self.closing(KeepAliveServer())
        errors = []
        counts = [0] * 4

        def worker(i):
            conn = self.gohttp.HTTPConnection(srv.host, srv.port,
                                              timeout=TIMEOUT)
            try:
                for j in range(200):
                    path = "/t%d/r%d/%s" % (i, j, "x" * (j % 50))
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    body = resp.read()
                    if (resp.status, body, resp.isclosed()) != \
                            (200, path.encode() * 3, True):
                        errors.append((path, resp.status, body))
                        return
                    counts[i] += 1
            except Exception as e:
                errors.append(e)
            finally:
                conn.close()

        threads = [threading.Thread(target=worker, args=(i,))
                   for i in range(4)]
        for t in threads:
            t.start()
        join_all(self, threads)
        self.assertEqual(errors, [])
        self.assertEqual(counts, [200] * 4)
        self.assertEqual(len(srv.requests), 800)
        self.assertEqual(len(srv.accepted), 4)   # keep-alive throughout

    def test_gil_released_while_blocked(self):
        # The server answers only when this thread tells it to, after
        # running Python code while the worker is blocked in the library.
        # A worker holding the GIL through its blocking call would stop
        # this thread (and the server's) until its timeout fired: the loop
        # would then see the worker finished, with a timeout, not b"late".
        release = threading.Event()

        def slow(req):
            release.wait(JOIN * 3)
            return response(b"late")

        srv = self.closing(KeepAliveServer(slow))
        conn = self.connection(srv)
        result = []

        def worker():
            try:
                conn.request("GET", "/")
                result.append(conn.getresponse().read())
            except Exception as e:
                result.append(e)

        t = threading.Thread(target=worker)
        t.start()
        self.assertTrue(srv.got_request.wait(TIMEOUT))
        alive = sum(1 for _ in range(2000) if t.is_alive() and not result)
        release.set()
        join_all(self, [t])
        self.assertEqual(result, [b"late"])
        self.assertEqual(alive, 2000,
                         "the worker finished while this thread ran")


# ---------------------------------------------------------------------------
# misuse

BUSY = re.compile("two threads")


class MisuseTest(ShimTestCase):

    def test_connection_busy_in_another_thread(self):
        release = threading.Event()

        def respond(req):
            if request_path(req) == b"/slow":
                release.wait(2.0)
            return echo_path(req)

        srv = self.closing(KeepAliveServer(respond))
        self.addCleanup(release.set)
        conn = self.connection(srv)
        result = []

        def worker():
            try:
                conn.request("GET", "/slow")
                resp = conn.getresponse()
                result.append((resp.status, resp.read()))
            except Exception as e:
                result.append(e)

        t = threading.Thread(target=worker)
        t.start()
        self.assertTrue(srv.got_request.wait(TIMEOUT))
        time.sleep(0.2)   # the worker is now blocked in getresponse()
        calls = {
            "request": lambda: conn.request("GET", "/intruder"),
            "putrequest": lambda: conn.putrequest("GET", "/intruder"),
            "getresponse": conn.getresponse,
            "connect": conn.connect,
            "close": conn.close,
            "send": lambda: conn.send(b"intruder"),
            "sock": lambda: conn.sock,
            "host": lambda: conn.host,
        }
        try:
            for name, call in calls.items():
                with self.subTest(call=name):
                    with self.assertRaisesRegex(RuntimeError, BUSY):
                        call()
        finally:
            release.set()
            join_all(self, [t])
        self.assertEqual(result, [(200, b"/slow" * 3)])
        self.assertEqual([request_path(r) for _, r in srv.requests],
                         [b"/slow"])
        # the connection is still in order
        conn.request("GET", "/after")
        self.assertEqual(conn.getresponse().read(), b"/after" * 3)
        self.assertEqual(len(srv.accepted), 1)

    def test_connection_hammered_from_two_threads(self):
        srv = self.closing(KeepAliveServer())
        conn = self.connection(srv, 1.0)
        outcomes = []
        bad = []

        def worker(i):
            for j in range(60):
                path = "/h%d_%d" % (i, j)
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    body = resp.read()
                except RuntimeError as e:
                    outcomes.append("busy")
                    if not BUSY.search(str(e)):
                        bad.append(e)
                except (http.client.HTTPException, socket.timeout) as e:
                    # the state machine refusing (CannotSendRequest,
                    # ResponseNotReady) or a stuck exchange timing out
                    outcomes.append(type(e).__name__)
                except Exception as e:
                    bad.append(e)
                else:
                    outcomes.append("ok")
                    if body != path.encode() * 3:
                        bad.append((path, body))

        threads = [threading.Thread(target=worker, args=(i,))
                   for i in range(2)]
        for t in threads:
            t.start()
        join_all(self, threads)
        self.assertEqual(bad, [])
        self.assertEqual(len(outcomes), 120)
        # (It may well wedge: a thread whose getresponse() found the
        # connection busy leaves its response unread, and every later
        # request gets CannotSendRequest, as with http.client.)
        # close() puts it back in order, as http.client's does
        conn.close()
        conn.request("GET", "/clean")
        self.assertEqual(conn.getresponse().read(), b"/clean" * 3)

    def after_close_outcome(self, mod, will_close):
        extra = [b"Connection: close"] if will_close else []
        script = [[("recv_request",),
                   ("send", response(b"0123456789", headers=extra))]]
        with ScriptedServer(script) as srv:
            conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            conn.request("GET", "/")
            resp = conn.getresponse()
            first = resp.read(3)
            conn.close()
            out = [first, resp.isclosed(), resp.closed, resp.read(2),
                   resp.read(), resp.isclosed(), resp.closed]
            resp.close()
            out += [resp.isclosed(), resp.closed, resp.read()]
            conn.close()
            return out

    def test_response_after_connection_close(self):
        for will_close in (False, True):
            with self.subTest(will_close=will_close):
                self.assertEqual(
                    self.after_close_outcome(self.gohttp, will_close),
                    self.after_close_outcome(http.client, will_close))

    def dropped_pending_outcome(self, mod):
        script = [[("recv_request",), ("send", response(b"first")),
                   ("recv_request",), ("send", response(b"second"))]]
        with ScriptedServer(script) as srv:
            conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            try:
                conn.request("GET", "/1")
                conn.getresponse()          # unread, and dropped at once
                gc.collect()
                conn.request("GET", "/2")
                try:
                    conn.getresponse()
                except http.client.ResponseNotReady as e:
                    return repr(e)
                return "no exception"
            finally:
                conn.close()

    def test_dropped_pending_response_stays_pending(self):
        # http.client's connection holds its unread keep-alive response:
        # dropping the caller's reference must not close it (HC-G2).
        self.assertEqual(self.dropped_pending_outcome(self.gohttp),
                         self.dropped_pending_outcome(http.client))

    def test_response_outlives_connection(self):
        srv = self.closing(KeepAliveServer(
            lambda req: response(b"k" * 100000)))
        conn = self.gohttp.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        resp = self.closing(conn.getresponse())
        self.assertEqual(resp.read(10), b"k" * 10)
        del conn
        gc.collect()
        self.assertEqual(resp.read(), b"k" * 99990)
        self.assertTrue(resp.isclosed())

    def test_calls_after_explicit_del(self):
        srv = self.closing(KeepAliveServer())
        conn = self.gohttp.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
        conn.request("GET", "/")
        resp = conn.getresponse()
        conn.__del__()          # the handle is freed; the object lives on
        resp.__del__()
        for call in (lambda: conn.request("GET", "/"), conn.getresponse,
                     conn.connect, lambda: conn.putrequest("GET", "/"),
                     lambda: conn.send(b"x"), lambda: conn.host,
                     lambda: conn.set_tunnel("example.com"),
                     resp.read, lambda: resp.read(1), resp.readline,
                     lambda: resp.readinto(bytearray(4)), resp.peek,
                     resp.read1, resp.isclosed, resp.fileno,
                     lambda: resp.length):
            with self.assertRaises(ValueError):
                call()
        conn.close()            # no-ops, as is a second __del__
        conn.__del__()
        resp.__del__()
        del conn, resp
        gc.collect()

    def test_no_handle_leak(self):
        gc.collect()
        start = live_handles()
        srv = self.closing(KeepAliveServer())
        for _ in range(3):
            conn = self.gohttp.HTTPConnection(srv.host, srv.port,
                                              timeout=TIMEOUT)
            conn.request("GET", "/read")
            conn.getresponse().read()
            conn.request("GET", "/unread")
            resp = conn.getresponse()          # dropped unread
            conn.set_debuglevel(1)
            with contextlib.redirect_stdout(io.StringIO()):
                conn.request("POST", "/body", body=iter([b"a", b"b"]))
            conn.set_debuglevel(0)
            del resp
            with self.assertRaises(http.client.ResponseNotReady):
                conn.getresponse()
            self.assertGreater(live_handles(), start)
            del conn                            # unclosed
            # a host-provided socket, with the callbacks' reference cycles
            sock = socket.create_connection((srv.host, srv.port), TIMEOUT)
            conn = self.gohttp.HTTPConnection(srv.host, srv.port)
            conn.sock = sock
            conn.request("GET", "/host")
            resp = conn.getresponse()
            resp.read()
            conn.close()
            del conn, resp, sock
            # a response on a socket the caller holds
            a, b = socket.socketpair()
            b.sendall(response(b"direct"))
            resp = self.gohttp.HTTPResponse(a, method="GET")
            resp.begin()
            self.assertEqual(resp.read(), b"direct")
            a.close()
            b.close()
            del resp
            # failures
            with self.assertRaises(http.client.InvalidURL):
                self.gohttp.HTTPConnection("bad host\n")
            conn = self.gohttp.HTTPConnection(srv.host, 1, timeout=TIMEOUT)
            with self.assertRaises(OSError):
                conn.request("GET", "/")
            del conn
        gc.collect()
        self.assertEqual(live_handles(), start)


# ---------------------------------------------------------------------------
# fork (DESIGN: "every export must check ... whether it runs in a forked
# child ... and return a clear error there ... it never hangs")

@unittest.skipUnless(hasattr(os, "fork"), "the platform has no fork()")
class ForkTest(ShimTestCase):

    def run_in_child(self, fn):
        """Runs fn() in a forked child; returns what it wrote (str). The
        child ends with os._exit; it is killed after 10 s (a failure)."""
        rfd, wfd = os.pipe()
        with warnings.catch_warnings():
            # 3.12+: "This process is multi-threaded, use of fork() may
            # lead to deadlocks in the child." (the Go runtime's threads)
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                os.close(rfd)
                os.write(wfd, fn().encode("utf-8", "replace"))
                code = 0
            except BaseException as e:
                try:
                    os.write(wfd, ("child failed: %r" % (e,)).encode())
                except BaseException:
                    pass
            finally:
                os._exit(code)
        os.close(wfd)
        chunks = []
        deadline = time.monotonic() + 10
        status = None
        try:
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                    self.fail("the forked child hung (killed after 10 s)")
                time.sleep(0.01)
            while True:
                data = os.read(rfd, 65536)
                if not data:
                    break
                chunks.append(data)
        finally:
            os.close(rfd)
        out = b"".join(chunks).decode()
        self.assertEqual(status, 0, out)
        return out

    def test_requests_in_forked_child_raise(self):
        srv = self.closing(KeepAliveServer())
        conn = self.connection(srv)
        conn.request("GET", "/parent")
        resp = conn.getresponse()
        self.assertEqual(resp.read(2), b"/p")   # connected, response open
        gohttp_client = self.gohttp

        def child():
            lines = []
            t0 = time.monotonic()
            calls = [
                ("inherited request", lambda: conn.request("GET", "/child")),
                ("inherited getresponse", conn.getresponse),
                ("inherited response read", resp.read),
                ("new connection", lambda: gohttp_client.HTTPConnection(
                    srv.host, srv.port, timeout=1).request("GET", "/new")),
            ]
            for name, call in calls:
                try:
                    call()
                except RuntimeError as e:
                    ok = "fork" in str(e)
                    lines.append("%s: %s" % (name, "ok" if ok else repr(e)))
                except BaseException as e:
                    lines.append("%s: %r" % (name, e))
                else:
                    lines.append("%s: no error" % name)
            lines.append("elapsed %.3f" % (time.monotonic() - t0))
            return "\n".join(lines)

        out = self.run_in_child(child).splitlines()
        self.assertEqual(out[:-1], ["inherited request: ok",
                                    "inherited getresponse: ok",
                                    "inherited response read: ok",
                                    "new connection: ok"])
        self.assertLess(float(out[-1].split()[1]), 2.0, "not prompt")
        # The parent goes on as before: the child sent nothing.
        self.assertEqual(resp.read(), (b"/parent" * 3)[2:])
        conn.request("GET", "/again")
        self.assertEqual(conn.getresponse().read(), b"/again" * 3)
        self.assertEqual([request_path(r) for _, r in srv.requests],
                         [b"/parent", b"/again"])


# ---------------------------------------------------------------------------
# debug output (HC-R)

class DebugOutputTest(ShimTestCase):

    def debug_lines(self, mod, reply, method="GET", body=None, headers=None):
        if callable(body):
            body = body()
        with ScriptedServer([[("recv_request",), ("send", reply)]]) as srv:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
                conn.set_debuglevel(1)
                try:
                    conn.request(method, "/path", body=body,
                                 headers=headers or {"X-Test": "yes"})
                    resp = conn.getresponse()
                    data = resp.read()
                    resp.close()
                finally:
                    conn.close()
            text = out.getvalue().replace(":%d" % srv.port, ":PORT")
            text = re.sub(r" at 0x[0-9a-fA-F]+>", " at 0xADDR>", text)
        return text.splitlines(), data

    def check(self, reply, **kw):
        std = self.debug_lines(http.client, reply, **kw)
        got = self.debug_lines(self.gohttp, reply, **kw)
        self.assertEqual(got, std)
        self.assertTrue(any(l.startswith("reply: ") for l in std[0]))
        return got

    def test_get_with_body(self):
        lines, data = self.check(response(b"hello", headers=[
            b"X-Folded: a\r\n b", b"Server: scripted"]))
        self.assertEqual(data, b"hello")
        self.assertIn("header: Server: scripted", lines)

    def test_chunked_response(self):
        lines, data = self.check(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n"
            + chunked(b"abcdefghij" * 10, sizes=(7, 30)) [:-2]
            + b"Trailer: t\r\n\r\n")
        self.assertEqual(data, b"abcdefghij" * 10)

    def test_interim_100_continue(self):
        self.check(b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n"
                   + response(b"done"), method="POST", body=b"payload")

    def test_chunked_request_body(self):
        self.check(response(b"ok"), method="POST",
                   body=lambda: iter([b"one", b"", b"three"]))


# ---------------------------------------------------------------------------
# big bodies and the reading API (HC-O), against http.client on the same
# server

MIB = 1 << 20


class WholeReadTest(ShimTestCase):
    """read() of a whole Content-Length body is read by the library
    straight into a new bytes object (made by bytes(n) when small, else
    uninitialised): every size gives its own object, with the body's
    bytes, that no later read changes."""

    def test_sizes_around_the_switch(self):
        sizes = [0, 1, 2, 3, 100, 65535, 65536, 65537, 200000]

        def respond(req):
            n = int(request_path(req).decode()[1:])
            return response(bytes((i * 7 + n) % 256 for i in range(n)))

        with KeepAliveServer(respond) as srv:
            conn = self.gohttp.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            try:
                got = []
                for n in sizes + sizes:
                    conn.request("GET", "/%d" % n)
                    got.append((n, conn.getresponse().read()))
                for n, body in got:
                    self.assertEqual(body, bytes((i * 7 + n) % 256 for i in range(n)), n)
                small = [b for n, b in got if n >= 2]
                self.assertEqual(len({id(b) for b in small}), len(small))
            finally:
                conn.close()


def _message_state(m):
    """An HTTPMessage's attributes, comparable between two messages: the
    defects by class, parts (a multipart payload) by their own state."""
    state = dict(vars(m))
    state["defects"] = [type(d) for d in m.defects]
    if isinstance(m._payload, list):
        state["_payload"] = [_message_state(p) for p in m._payload]
    return state


class PlainMessageTest(ShimTestCase):
    """.msg, .headers and info() of a response whose header block is plain
    are built from the library's fields (HTTPResponse._plain_message), not
    by parse_headers: they must equal parse_headers' message attribute for
    attribute, and blocks that are not plain must still go to
    parse_headers."""

    def messages(self, block):
        """(gohttp's message, whether it was built without parse_headers,
        http.client's message) for a response with this header block."""
        wire = b"HTTP/1.1 200 OK\r\n" + block
        msgs = []
        for mod in (self.gohttp, http.client):
            a, b = socket.socketpair()
            try:
                a.sendall(wire)
                a.shutdown(socket.SHUT_WR)
                r = mod.HTTPResponse(b)
                r.begin()
                if mod is self.gohttp:
                    plain = r._plain_message() is not None
                msgs.append(r.msg)
                r.close()
            finally:
                a.close()
                b.close()
        return msgs[0], plain, msgs[1]

    def check(self, block):
        ours, plain, theirs = self.messages(block)
        self.assertEqual(_message_state(ours), _message_state(theirs), block)
        self.assertEqual(list(ours.items()), list(theirs.items()), block)
        return plain

    def test_plain_blocks_skip_parse_headers(self):
        blocks = [
            b"\r\n",
            b"Content-Length: 0\r\n\r\n",
            b"Content-Type: text/html; charset=utf-8\r\nContent-Length: 0\r\n\r\n",
            b"A:b\nB:\t c \n\n",
            b"X-A: 1\r\nx-a: 2\r\nX-Colons: a:b::c\r\nX-Latin: \xe9\xff\r\n\r\n",
            b"".join(b"X-Header-%02d: value number %d, with some text\r\n" % (i, i)
                     for i in range(50)) + b"Content-Length: 0\r\n\r\n",
        ]
        for block in blocks:
            self.assertTrue(self.check(block), block)

    def test_blocks_that_are_not_plain(self):
        blocks = [
            b"X-A: 1\r\n folded\r\n\r\n",                   # continuation
            b"From nobody\r\nX-A: 1\r\n\r\n",                # envelope
            b"Bad Name: 1\r\nX-A: 2\r\n\r\n",                # parser stops
            b": empty\r\nX-A: 2\r\n\r\n",                    # empty name
            b"X-A: 1\rX-B: 2\r\n\r\n",                         # lone CR
            b"X-A: 1\x0bX-B: 2\r\n\r\n",                       # splitlines
            b"X-A: 1\x85X-B: 2\r\n\r\n",
            b"X-A: a\x00b\r\n\r\n",                             # NUL
            b"Content-Type: multipart/mixed; boundary=x\r\n\r\n",
            b"Content-Type: MESSAGE/rfc822\r\n\r\n",
            b"Content-Type: message/delivery-status\r\n\r\n",
            b"X-A: 1\r\n",                                       # cut short
        ]
        for block in blocks:
            self.assertFalse(self.check(block), block)

    def test_generated_blocks(self):
        # Blocks put together from pieces that are plain and pieces that
        # are not: every one must come out as http.client's, by either
        # path, and the plain ones (a good share) by the fast one.
        import random
        rnd = random.Random(2026)
        names = [b"Content-Length", b"X-A", b"x-a", b"Content-Type", b"From", b"Bad Name",
                 b"", b"X-\xe9", b"X;Y", b"~!#$%&'*+-.^_`|"]
        seps = [b": ", b":", b":\t", b":  ", b" :"]
        values = [b"0", b"text/plain", b"multipart/x; boundary=b", b"message/x", b"a:b",
                  b"trail ", b"\xe9", b"a\rb", b"a\x0cb", b"a\x1db", b"", b"(x)\t"]
        ends = [b"\r\n", b"\r\n", b"\n", b"\r"]
        plain = 0
        for _ in range(300):
            lines = []
            for _ in range(rnd.randrange(0, 6)):
                if rnd.random() < 0.08:
                    lines.append(rnd.choice([b" cont", b"\tcont"]) + rnd.choice(ends))
                else:
                    lines.append(rnd.choice(names) + rnd.choice(seps) + rnd.choice(values)
                                 + rnd.choice(ends))
            block = b"".join(lines) + rnd.choice([b"\r\n", b"\n"])
            plain += self.check(block)
        self.assertGreater(plain, 30)


class BigBodyTest(ShimTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = os.urandom(8 * MIB)
        lines = []
        size = i = 0
        while size < 2 * MIB:
            line = b"line %d %s\n" % (i, b"=" * (i * 7 % 201))
            lines.append(line)
            size += len(line)
            i += 1
        lines.append(b"no newline at the end")
        cls.text = b"".join(lines)

    def reply(self, body, how):
        if how == "length":
            return response(body)
        return (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked(body))

    def both(self, body, how, reader):
        """reader(resp) run by http.client then by gohttp.client against
        the same scripted server (one connection each); returns both
        results, after checking the status and that the response ended."""
        reply = self.reply(body, how)
        script = [[("recv_request",), ("send", reply)]] * 2
        results = []
        with ScriptedServer(script, conn_deadline=15) as srv:
            for mod in (http.client, self.gohttp):
                conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
                try:
                    conn.request("GET", "/big")
                    resp = conn.getresponse()
                    self.assertEqual(resp.status, 200)
                    results.append(reader(resp))
                    self.assertEqual(resp.read(), b"")
                    self.assertTrue(resp.isclosed())
                    resp.close()
                finally:
                    conn.close()
        return results

    def check(self, reader, body=None):
        """Runs reader with both modules, for a Content-Length body and a
        chunked one; returns gohttp's results {framing: result}."""
        body = self.data if body is None else body
        results = {}
        for how in ("length", "chunked"):
            with self.subTest(framing=how):
                std, got = self.both(body, how, reader)
                if isinstance(got, str) or isinstance(std, str):
                    self.assertEqual(got, std)   # a reader's complaint
                self.assertTrue(got == std, "gohttp differs from http.client")
                results[how] = got
        return results

    def test_read_all(self):
        for _, got in self.check(lambda r: r.read()).items():
            self.assertTrue(got == self.data)

    def test_read_amt_loop(self):
        def reader(resp):
            sizes, parts = [], []
            for amt in (0, 1, 65537, 65537, 1000000, 3, 8192, 8192, 0):
                b = resp.read(amt)
                sizes.append(len(b))
                parts.append(b)
            while True:
                b = resp.read(77777)
                sizes.append(len(b))
                parts.append(b)
                if not b:
                    break
            return sizes, b"".join(parts)

        for _, (sizes, data) in self.check(reader).items():
            self.assertTrue(data == self.data)

    def test_readinto_rejects_as_http_client(self):
        # Each argument readinto() refuses, with the exception type and
        # message http.client gives (which depend on the framing); on a
        # Content-Length body, the body is whole afterwards. (On a chunked
        # one http.client's refusals can come after it read a chunk's
        # head, or the first element of a strided view, and what it reads
        # next is then off by those bytes; gohttp refuses before reading,
        # so only the refusals are compared there.)
        import array

        def reader(resp):
            out = []
            bads = [b"x" * 10, memoryview(b"x" * 10), "text", None, 3]
            if not resp.chunked:
                bads.append(memoryview(bytearray(20))[::2])
            for bad in bads:
                try:
                    out.append(("ok", resp.readinto(bad)))
                except Exception as e:
                    out.append((type(e).__name__, str(e)))
            if resp.chunked:
                resp.read()  # to the end, not compared
                return out
            buf = array.array("i", [0] * 4)
            out.append(("ok", resp.readinto(buf), buf.tobytes()))
            out.append(("ok", resp.readinto(bytearray(0))))
            return out, resp.read()

        self.check(reader, body=self.data[:100000])

    def test_readinto_bytearray_and_memoryview(self):
        def reader(resp):
            counts = []
            out = bytearray()
            buf = bytearray(100000)
            big = bytearray(3 * MIB)
            view = memoryview(bytearray(70000))[1000:61000]
            for target in (buf, view, big):
                n = resp.readinto(target)
                counts.append(n)
                out += target[:n]
            while True:
                n = resp.readinto(view)
                counts.append(n)
                if not n:
                    break
                out += view[:n]
            return counts, bytes(out)

        for _, (counts, data) in self.check(reader).items():
            self.assertTrue(data == self.data)
            self.assertEqual(counts[:2], [100000, 60000])

    def test_read1_and_peek(self):
        def reader(resp):
            out = bytearray()
            while True:
                p = resp.peek(10)
                b = resp.read1(50000)
                if not b:
                    break
                if len(b) > 50000:
                    return "read1 returned %d > 50000 bytes" % len(b)
                if not p or not (b.startswith(p) or p.startswith(b)):
                    return "peek %r does not match read1 %r" % (p[:20], b[:20])
                out += b
            return bytes(out)

        for _, got in self.check(reader).items():
            self.assertIsInstance(got, bytes, got)
            self.assertTrue(got == self.data)

    def test_iterate_lines(self):
        for _, lines in self.check(list, body=self.text).items():
            self.assertTrue(b"".join(lines) == self.text)
            self.assertEqual(lines[-1], b"no newline at the end")

    def test_readline_with_limit(self):
        # Chunked: http.client's readline(limit) is io.IOBase's, which
        # applies the limit to each peek(), not to the whole line, so a
        # line may reach 2 * limit - 1 bytes, and where lines split depends
        # on how much the socket had buffered: only the text and that bound
        # are compared there.
        def reader(resp):
            out = []
            while True:
                line = resp.readline(100)
                if not line:
                    break
                out.append(line)
            if resp.chunked:
                return b"".join(out), all(len(l) < 200 for l in out)
            return b"".join(out), out

        for how, (text, lines) in self.check(reader, body=self.text).items():
            self.assertTrue(text == self.text)
            if how == "length":
                self.assertLessEqual(max(map(len, lines)), 100)
            else:
                self.assertIs(lines, True)


# ---------------------------------------------------------------------------
# timeouts and network errors (HC-B3, HC-Q9)

class NetworkErrorTest(ShimTestCase):

    def test_timeout_on_silent_server(self):
        srv = self.closing(SilentServer())
        conn = self.connection(srv, 0.2)
        t0 = time.monotonic()
        conn.request("GET", "/")
        with self.assertRaises(socket.timeout) as cm:
            conn.getresponse()
        elapsed = time.monotonic() - t0
        self.assertGreaterEqual(elapsed, 0.15)   # not before its time
        self.assertLess(elapsed, HANG)
        if sys.version_info >= (3, 10):
            self.assertIsInstance(cm.exception, TimeoutError)
        self.assertEqual(str(cm.exception), "timed out")

    def test_timeout_is_per_operation_while_reading_body(self):
        script = [[("recv_request",), ("send", b"HTTP/1.1 200 OK\r\n"
                                       b"Content-Length: 100\r\n\r\nabc"),
                   ("sleep", 0.7)]]
        with ScriptedServer(script) as srv:
            conn = self.connection(srv, 0.2)
            conn.request("GET", "/")
            resp = self.closing(conn.getresponse())
            self.assertEqual(resp.read(3), b"abc")
            t0 = time.monotonic()
            with self.assertRaises(socket.timeout):
                resp.read()
            # socket.timeout, not the IncompleteRead of the server's close
            # 0.7 s later: the timeout is per read. The bound only
            # catches a hang.
            self.assertLess(time.monotonic() - t0, HANG)
            conn.close()

    def test_connection_refused(self):
        # a bound, not listening socket: its port refuses connections
        holder = self.closing(socket.socket(socket.AF_INET,
                                            socket.SOCK_STREAM))
        holder.bind((LOCALHOST, 0))
        port = holder.getsockname()[1]
        outcomes = []
        for mod in (http.client, self.gohttp):
            conn = mod.HTTPConnection(LOCALHOST, port, timeout=TIMEOUT)
            try:
                with self.assertRaises(ConnectionRefusedError) as cm:
                    conn.request("GET", "/")
            finally:
                conn.close()
            e = cm.exception
            outcomes.append((type(e), e.errno, e.args))
        self.assertEqual(outcomes[1], outcomes[0])
        self.assertEqual(outcomes[1][1], errno.ECONNREFUSED)

    def test_dns_failure(self):
        for mod in (http.client, self.gohttp):
            with self.subTest(mod=mod.__name__):
                conn = mod.HTTPConnection("no-such-host.gohttp-test.invalid",
                                          timeout=TIMEOUT)
                t0 = time.monotonic()
                try:
                    with self.assertRaises(socket.gaierror) as cm:
                        conn.request("GET", "/")
                finally:
                    conn.close()
                self.assertIsInstance(cm.exception.errno, int)
                self.assertLess(time.monotonic() - t0, 15)


if __name__ == "__main__":
    unittest.main()


class HostileLengthTest(ShimTestCase):
    """A Content-Length far beyond what arrives is not allocated up front
    (python/cpython#119451, adopted as behaviour.md HC-T3): memory grows
    with the bytes received."""

    def test_huge_content_length_is_not_preallocated(self):
        import tracemalloc
        reply = b"HTTP/1.1 200 OK\r\nContent-Length: 900000000\r\n\r\nabc"
        with ScriptedServer([[("recv_request",), ("send", reply), ("close",)]]) as srv:
            conn = self.connection(srv)
            conn.request("GET", "/")
            resp = conn.getresponse()
            tracemalloc.start()
            try:
                with self.assertRaises(http.client.IncompleteRead) as cm:
                    resp.read()
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            self.assertEqual(cm.exception.partial, b"abc")
            self.assertEqual(cm.exception.expected, 900000000 - 3)
            self.assertLess(peak, 64 << 20, "read() allocated %d bytes up front" % peak)

    def test_huge_amt_is_not_preallocated(self):
        import tracemalloc
        reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc"
        with ScriptedServer([[("recv_request",), ("send", reply), ("close",)]]) as srv:
            conn = self.connection(srv)
            conn.request("GET", "/")
            resp = conn.getresponse()
            tracemalloc.start()
            try:
                data = resp.read(800000000)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            self.assertEqual(data, b"abc")
            self.assertLess(peak, 64 << 20, "read(amt) allocated %d bytes up front" % peak)


class MaxBodySizeTest(ShimTestCase):
    """A read that would collect more than max_body_size bytes raises
    MemoryError (what http.client meets on an endless body) and closes
    the connection; the next request connects anew."""

    def test_reads_past_the_limit(self):
        self.assertIsNone(self.gohttp.HTTPConnection.max_body_size)
        body = b"x" * 5000  # no newline: one endless line too
        for how in ("read()", "read(10**12)", "readline()"):
            with self.subTest(how):
                reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + body
                ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                with ScriptedServer([[("recv_request",), ("send", reply), ("close",)],
                                     [("recv_request",), ("send", ok), ("close",)]]) as srv:
                    conn = self.connection(srv)
                    conn.max_body_size = 1000
                    conn.request("GET", "/")
                    resp = conn.getresponse()
                    with self.assertRaises(MemoryError):
                        if how == "read()":
                            resp.read()
                        elif how == "readline()":
                            resp.readline()
                        else:
                            resp.read(10**12)
                    self.assertTrue(resp.isclosed())
                    conn.request("GET", "/next")
                    self.assertEqual(conn.getresponse().read(), b"ok")
                    conn.close()

    def test_within_the_limit(self):
        reply = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"y" * 1000
        with ScriptedServer([[("recv_request",), ("send", reply), ("close",)]]) as srv:
            conn = self.connection(srv)
            conn.max_body_size = 1000
            conn.request("GET", "/")
            self.assertEqual(conn.getresponse().read(), b"y" * 1000)
            conn.close()


class SocketViewTest(ShimTestCase):
    """conn.sock for the library's own socket: a real fileno() that select
    can poll (urllib3 checks dropped connections so), and settimeout()
    that applies to the open socket at once (urllib3 sets its read timeout
    so), as with http.client's socket."""

    def test_settimeout_applies_to_the_open_socket(self):
        srv = self.closing(SilentServer())
        for mod in (http.client, self.gohttp):
            with self.subTest(mod=mod.__name__):
                conn = mod.HTTPConnection(srv.host, srv.port)  # no timeout
                self.addCleanup(conn.close)
                conn.connect()
                conn.sock.settimeout(0.2)
                self.assertEqual(conn.sock.gettimeout(), 0.2)
                conn.request("GET", "/")
                t0 = time.monotonic()
                with self.assertRaises(socket.timeout):
                    conn.getresponse()
                self.assertLess(time.monotonic() - t0, 5)

    def test_fileno_can_be_polled(self):
        import select
        reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        script = [[("recv_request",), ("send", reply), ("sleep", 0.3), ("close",)]]
        with ScriptedServer(script) as srv:
            conn = self.connection(srv)
            conn.request("GET", "/")
            resp = conn.getresponse()
            self.assertEqual(resp.read(), b"ok")
            fd = conn.sock.fileno()
            self.assertGreaterEqual(fd, 0)
            # Idle and open: not readable. Once the server closes: readable.
            self.assertEqual(select.select([conn.sock], [], [], 0)[0], [])
            r, _, _ = select.select([conn.sock], [], [], 5)
            self.assertEqual(r, [conn.sock])


class FakeSocketTest(ShimTestCase):
    """The test double of CPython's test_httplib: an object with only
    sendall() and makefile() assigned to conn.sock. gohttp uses a lent
    socket through those two methods, as http.client does."""

    class FakeSocket:
        def __init__(self, text):
            self.text = text
            self.data = b""

        def sendall(self, data):
            self.data += data

        def makefile(self, mode, bufsize=None):
            if mode not in ("r", "rb"):
                raise ValueError(mode)
            return io.BytesIO(self.text)

        def close(self):
            pass

    def run_with(self, mod, text, method="GET", body=None):
        conn = mod.HTTPConnection("example.com")
        sock = self.FakeSocket(text)
        conn.sock = sock
        conn.request(method, "/x", body=body, headers={"X-A": "1"})
        resp = conn.getresponse()
        return (resp.status, resp.reason, resp.getheaders(), resp.read(), sock.data)

    def test_same_as_http_client(self):
        cases = [
            (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "GET", None),
            (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
             "POST", b"body"),
            (b"HTTP/1.0 404 Not Found\r\nX-Y: z\r\n\r\nclose-delimited", "PUT", None),
        ]
        for text, method, body in cases:
            with self.subTest(text=text[:20]):
                self.assertEqual(self.run_with(http.client, text, method, body),
                                 self.run_with(self.gohttp, text, method, body))


class OddTimeoutTest(ShimTestCase):
    """http.client keeps any value as its timeout and hands it to
    socket.create_connection when it connects: a bad one raises there,
    at request(), with socket.settimeout's own exception, and setting it
    never fails (urllib3 sets a sentinel of its own and connects its own
    socket). gohttp.client must do the same."""

    class Seconds:
        def __float__(self):
            return 1.0

    class Index:
        def __index__(self):
            return 5

    def outcome(self, mod, srv, value):
        conn = mod.HTTPConnection(srv.host, srv.port)
        self.addCleanup(conn.close)
        conn.timeout = value  # never raises
        # socket.create_connection leaves the socket whose settimeout()
        # failed to the collector, which warns about it: not ours.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                conn.request("GET", "/x")
                return ("ok", conn.getresponse().read())
            except Exception as e:
                # (A second request on the connection would meet
                # CannotSendRequest in both, but in another state: README,
                # differences.)
                return (type(e), str(e))
            finally:
                gc.collect()

    def test_same_outcome_as_http_client(self):
        values = [-1, -0.5, float("nan"), float("inf"), 10 ** 30, 1e300, "5", 1j,
                  object(), self.Seconds(), self.Index(), True, 0.5, 2 * 10 ** 9, None]
        with KeepAliveServer() as srv:
            for value in values:
                with self.subTest(value=value):
                    self.assertEqual(self.outcome(self.gohttp, srv, value),
                                     self.outcome(http.client, srv, value))

    def test_constructor_and_back_to_default(self):
        with KeepAliveServer() as srv:
            for mod in (http.client, self.gohttp):
                conn = mod.HTTPConnection(srv.host, srv.port, timeout=-1)
                self.addCleanup(conn.close)
                with self.assertRaisesRegex(ValueError, "out of range"):
                    conn.request("GET", "/x")
                conn.close()
                conn.timeout = socket._GLOBAL_DEFAULT_TIMEOUT
                conn.request("GET", "/x")
                self.assertEqual(conn.getresponse().read(), b"/x/x/x")


class PeekedBodyTest(ShimTestCase):
    """A small body that arrives with its head comes back with
    getresponse (HTTPResponse._pre) and read() hands it out without a
    library call; every other use of the response first has the library
    read it. Whatever the order of calls, the result must be
    http.client's: each script below runs on both and the outcomes are
    compared step by step."""

    def run_script(self, mod, srv, steps):
        conn = mod.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
        self.addCleanup(conn.close)
        out = []
        resp = {}
        for step in steps:
            op, *args = step
            try:
                if op == "req":
                    conn.request(args[1] if len(args) > 1 else "GET", args[0])
                    got = None
                elif op == "get":
                    resp[args[0]] = conn.getresponse()
                    got = resp[args[0]].status
                elif op == "close":
                    conn.close()
                    got = None
                elif op == "del":
                    del resp[args[0]]
                    gc.collect()
                    got = None
                elif op == "close_r":
                    resp[args[0]].close()
                    got = None
                else:
                    r = resp[args[0]]
                    if op == "readinto":
                        b = bytearray(args[1])
                        n = r.readinto(b)
                        got = bytes(b[:n])
                    elif op in ("length", "closed", "will_close"):
                        got = getattr(r, op)
                    else:
                        got = getattr(r, op)(*args[1:])
            except Exception as e:
                got = (type(e).__name__, str(e))
            out.append((step, got))
        return out

    def check(self, steps, respond=echo_path):
        with KeepAliveServer(respond) as srv:
            ours = self.run_script(self.gohttp, srv, steps)
        with KeepAliveServer(respond) as srv:
            theirs = self.run_script(http.client, srv, steps)
        self.assertEqual(ours, theirs)

    def test_sequences(self):
        scripts = [
            # read, then the next exchange (the library reads it then)
            [("req", "/a"), ("get", 1), ("read", 1), ("isclosed", 1), ("read", 1),
             ("req", "/b"), ("get", 2), ("read", 2), ("isclosed", 1), ("read", 1)],
            # not read: the next getresponse is not ready, until it is
            [("req", "/a"), ("get", 1), ("req", "/b"), ("get", 2), ("read", 1),
             ("get", 2), ("read", 2)],
            # other reads of a peeked body
            [("req", "/abcdef"), ("get", 1), ("read", 1, 3), ("read", 1), ("read", 1)],
            [("req", "/abcdef"), ("get", 1), ("readinto", 1, 4), ("readinto", 1, 100), ("isclosed", 1)],
            [("req", "/abcdef"), ("get", 1), ("readline", 1), ("readline", 1)],
            [("req", "/abcdef"), ("get", 1), ("read1", 1, 2), ("peek", 1), ("read", 1)],
            [("req", "/abcdef"), ("get", 1), ("length", 1), ("read", 1), ("length", 1), ("closed", 1)],
            [("req", "/abcdef"), ("get", 1), ("read", 1, 0), ("length", 1), ("read", 1)],
            # closed before or after reading; the connection closed
            [("req", "/a"), ("get", 1), ("close_r", 1), ("read", 1), ("isclosed", 1)],
            [("req", "/a"), ("get", 1), ("read", 1), ("close_r", 1), ("read", 1), ("closed", 1)],
            [("req", "/a"), ("get", 1), ("close",), ("read", 1), ("isclosed", 1),
             ("req", "/b"), ("get", 2), ("read", 2)],
            [("req", "/a"), ("get", 1), ("read", 1), ("close",), ("read", 1),
             ("req", "/b"), ("get", 2), ("read", 2)],
            # dropped after read(): the connection goes on
            [("req", "/a"), ("get", 1), ("read", 1), ("del", 1), ("req", "/b"), ("get", 2), ("read", 2)],
            # HEAD, then a GET
            [("req", "/a", "HEAD"), ("get", 1), ("read", 1), ("req", "/b"), ("get", 2), ("read", 2)],
        ]
        for steps in scripts:
            with self.subTest(steps=steps):
                self.check(steps)

    def test_will_close(self):
        # A response that will close is not peeked: read() closes its
        # socket at once, as http.client's does.
        def respond(req):
            return response(b"bye", headers=[b"Connection: close"])
        self.check([("req", "/a"), ("get", 1), ("read", 1), ("isclosed", 1)], respond)
        with KeepAliveServer(respond) as srv:
            conn = self.gohttp.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            self.addCleanup(conn.close)
            conn.request("GET", "/")
            r = conn.getresponse()
            self.assertIsNone(r._pre)
            self.assertEqual(r.read(), b"bye")

    def test_peeked_and_used(self):
        # The common case takes the copy (else the tests above test
        # nothing of it), and the library reads the body when the next
        # getresponse comes.
        with KeepAliveServer() as srv:
            conn = self.gohttp.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            self.addCleanup(conn.close)
            peeked = 0
            for i in range(20):
                conn.request("GET", "/x%d" % i)
                r = conn.getresponse()
                peeked += r._pre is not None
                self.assertEqual(r.read(), b"/x%d" % i * 3)
            self.assertGreater(peeked, 10)
            self.assertEqual(len(srv.accepted), 1)


class PlainResponseClassTest(ShimTestCase):
    """A response_class that only subclasses HTTPResponse (as the classes
    gohttp.install() puts in http.client do) takes getresponse's one-call
    path; one that overrides begin() gets the object made first and its
    begin() called, as http.client does."""

    def test_subclass_paths(self):
        client = self.gohttp
        plain = type("HTTPResponse", (client.HTTPResponse,), {})
        began = []

        class Own(client.HTTPResponse):
            def begin(self):
                began.append(self)
                return super().begin()

        with KeepAliveServer() as srv:
            conn = client.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
            self.addCleanup(conn.close)
            via_class = client.HTTPConnection._getresponse_via_class
            calls = []

            def spy(self, cls):
                calls.append(cls)
                return via_class(self, cls)
            client.HTTPConnection._getresponse_via_class = spy
            try:
                for cls in (plain, Own):
                    conn.response_class = cls
                    conn.request("GET", "/a")
                    r = conn.getresponse()
                    self.assertIs(type(r), cls)
                    self.assertEqual(r.read(), b"/a/a/a")
            finally:
                client.HTTPConnection._getresponse_via_class = via_class
            self.assertEqual(calls, [Own])
            self.assertEqual(len(began), 1)


class DefaultTimeoutTest(ShimTestCase):
    """With the default timeout, http.client's socket takes
    socket.getdefaulttimeout() when it is created, i.e. at connect time,
    not when the HTTPConnection is made."""

    def test_default_read_at_connect(self):
        srv = self.closing(SilentServer())
        old = socket.getdefaulttimeout()
        self.addCleanup(socket.setdefaulttimeout, old)
        for mod in (http.client, self.gohttp):
            with self.subTest(mod=mod.__name__):
                socket.setdefaulttimeout(None)
                conn = mod.HTTPConnection(srv.host, srv.port)
                self.addCleanup(conn.close)
                socket.setdefaulttimeout(0.2)
                conn.request("GET", "/")
                result = []

                def wait():
                    try:
                        conn.getresponse()
                        result.append("answered")
                    except BaseException as e:
                        result.append(e)

                t = threading.Thread(target=wait)
                t.start()
                t.join(5)
                if t.is_alive():  # no timeout applied: unblock, then fail
                    srv.close()
                    t.join(JOIN)
                    self.fail("the default timeout set before connect was not applied")
                self.assertIsInstance(result[0], socket.timeout)
