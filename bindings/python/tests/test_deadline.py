"""gohttp's deadlines and cancel from Python (beyond http.client):

- ``HTTPConnection.cancel()`` from another thread stops a blocked
  ``getresponse``; the call raises ``gohttp._ffi.RequestCancelled`` (an
  OSError, errno ECANCELED) and the next request reconnects;
- ``HTTPConnection.set_deadline(s)`` bounds a whole request: a server that
  sends one byte every 0.2 s never trips the per-operation timeout, but
  the deadline ends the read;
- the timeout holds while an interval timer interrupts the wait with a
  signal (http.client's PEP 475 behaviour).

Servers are local sockets on 127.0.0.1 in helper threads. A time bound
here only catches a hang; every "silent" server gives up after
``SILENT`` seconds and closes, so a broken cancel or timeout fails
(RemoteDisconnected) rather than hangs.
"""

import errno
import importlib
import os
import signal
import socket
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import difftest  # noqa: E402

SILENT = 8.0   # a silent server's patience, then it closes
JOIN = 20.0    # the longest any helper thread may take


def load():
    difftest.setup_gohttp_path()
    return (importlib.import_module("gohttp.client"),
            importlib.import_module("gohttp._ffi"))


class Server:
    """A one-connection server: ``handler(conn, got_request)`` runs in a
    thread on the accepted socket; ``got_request`` is set once the
    request's head has arrived."""

    def __init__(self, handler, connections=1):
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(4)
        self.lsock.settimeout(SILENT)
        self.port = self.lsock.getsockname()[1]
        self.got_request = threading.Event()
        self.handler = handler
        self.connections = connections
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        for _ in range(self.connections):
            try:
                c, _ = self.lsock.accept()
            except OSError:
                return
            with c:
                c.settimeout(SILENT)
                try:
                    buf = b""
                    while b"\r\n\r\n" not in buf:
                        data = c.recv(4096)
                        if not data:
                            break
                        buf += data
                    self.got_request.set()
                    self.handler(c)
                except OSError:
                    pass

    def close(self):
        self.lsock.close()
        self.thread.join(JOIN)


def silent(c):
    """Never answers; returns when the client closes or SILENT passes."""
    while c.recv(4096):
        pass


def answer(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


def drip(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n")
    for _ in range(40):
        time.sleep(0.2)
        c.sendall(b"x")


class DeadlineTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if difftest.SELFTEST:
            raise unittest.SkipTest("GOHTTP_DIFF_SELFTEST: needs gohttp")
        cls.client, cls.ffi = load()

    def serve(self, handler, connections=1):
        s = Server(handler, connections)
        self.addCleanup(s.close)
        return s

    def test_cancel_from_another_thread(self):
        s = self.serve(silent)
        conn = self.client.HTTPConnection("127.0.0.1", s.port, timeout=None)
        self.addCleanup(conn.close)
        outcome = []

        def blocked():
            try:
                conn.request("GET", "/")
                conn.getresponse()
                outcome.append(None)
            except BaseException as e:  # noqa: B902 - reported below
                outcome.append(e)

        t = threading.Thread(target=blocked)
        t.start()
        self.assertTrue(s.got_request.wait(JOIN))
        time.sleep(0.1)          # let getresponse block
        conn.cancel()
        t.join(JOIN)
        self.assertFalse(t.is_alive(), "getresponse did not return after cancel()")
        self.assertEqual(len(outcome), 1)
        e = outcome[0]
        self.assertIsInstance(e, self.ffi.RequestCancelled)
        self.assertIsInstance(e, OSError)
        self.assertNotIsInstance(e, (TimeoutError, ConnectionError))
        self.assertEqual(e.errno, errno.ECANCELED)
        self.assertIsNone(conn.sock)  # the socket is closed

    def test_cancel_with_nothing_blocked(self):
        s = self.serve(answer, connections=1)
        conn = self.client.HTTPConnection("127.0.0.1", s.port, timeout=JOIN)
        self.addCleanup(conn.close)
        conn.cancel()            # kept for the next blocking call
        with self.assertRaises(self.ffi.RequestCancelled):
            conn.request("GET", "/")
        conn.close()
        conn.request("GET", "/")
        r = conn.getresponse()
        self.assertEqual((r.status, r.read()), (200, b"ok"))

    def test_total_deadline(self):
        s = self.serve(drip)
        conn = self.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
        self.addCleanup(conn.close)
        conn.set_deadline(1.0)
        start = time.monotonic()
        conn.request("GET", "/")
        r = conn.getresponse()
        with self.assertRaises(socket.timeout):
            r.read()
        self.assertLess(time.monotonic() - start, 6.0)  # 8 s of drip otherwise
        r.close()
        with self.assertRaises(ValueError):
            conn.set_deadline(float("nan"))
        conn.set_deadline(None)

    @unittest.skipIf(sys.version_info < (3, 10),
                     "CPython installs signal handlers with SA_ONSTACK only "
                     "from 3.10 (bpo-43390); gohttp requires it")
    def test_timeout_under_interval_timer(self):
        s = self.serve(silent)
        conn = self.client.HTTPConnection("127.0.0.1", s.port, timeout=1.0)
        self.addCleanup(conn.close)
        fired = []
        old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
        self.addCleanup(signal.signal, signal.SIGALRM, old)
        signal.setitimer(signal.ITIMER_REAL, 0.2, 0.2)
        try:
            conn.request("GET", "/")
            start = time.monotonic()
            with self.assertRaises(socket.timeout):
                conn.getresponse()
            took = time.monotonic() - start
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
        self.assertLess(took, SILENT - 1)
        # The signals arrived during the wait; Python runs the handler once
        # for all of them, when the library call returns.
        self.assertGreaterEqual(len(fired), 1)

    def test_go_version(self):
        self.assertTrue(self.ffi.go_version().startswith(("go", "devel")))


if __name__ == "__main__":
    unittest.main()
