"""A scripted raw-socket HTTP server for the differential tests.

Standard library only; runs on Python 3.8 and later.

A *script* is a list of per-connection scripts.  The first accepted
connection runs ``script[0]``, the second ``script[1]`` and so on.  Each
connection script is a list of steps (tuples):

``("recv_request",)`` or ``("recv_request", idle)``
    Read until one complete request has arrived: the header block plus a
    ``Content-Length`` body, or a chunked body ending with the last chunk and
    the (empty or not) trailer section.  Gives up after ``idle`` seconds
    (default ``IDLE_TIMEOUT``) without new data, at EOF, or at the
    connection deadline.
``("send", b"...")``
    ``sendall`` the bytes.  Errors (the peer went away) are ignored; the
    connection is then considered dead and later steps do nothing.
``("sleep", seconds)``
    Sleep.  Do not use this to race the client.
``("close",)``
    Close the socket now (abortive if unread data is pending: the kernel
    may answer further client data with RST, so use it with care).
``("shutdown_write",)``
    ``shutdown(SHUT_WR)``: the client sees EOF, the server keeps reading.
``("recv_until_close",)``
    Read (and record) until the client closes or the deadline passes.
``("recv_bytes", n)``
    Read until ``n`` more bytes have been received (or EOF/deadline/idle).

When a connection script ends without ``close``, the server half-closes
(``SHUT_WR``), reads and records everything until the client closes (or the
deadline passes) and then closes.  This graceful end keeps outcomes
deterministic: the client sees a clean EOF instead of a reset, and every
byte it sends is recorded.

Everything received on each connection is recorded in order
(``server.received[i]``, bytes, or None if connection ``i`` was never
accepted).  An accepted connection beyond the script is half-closed at once
(the client sees EOF immediately) and what it sends is recorded in
``server.extra``.

Bounded: each connection has a total deadline (``conn_deadline``, default
5 s), the accept loop stops by itself after ``server_deadline`` (default
20 s), and ``close()`` stops accepting, joins every thread and closes every
socket.
"""

import select
import socket
import threading
import time

IDLE_TIMEOUT = 1.0
CONN_DEADLINE = 5.0
SERVER_DEADLINE = 20.0

__all__ = ["ScriptedServer", "request_end", "IDLE_TIMEOUT", "CONN_DEADLINE"]


def _header_block_end(buf):
    """Index just past the blank line ending the header block, or -1."""
    i = buf.find(b"\r\n\r\n")
    j = buf.find(b"\n\n")
    ends = []
    if i >= 0:
        ends.append(i + 4)
    if j >= 0:
        ends.append(j + 2)
    return min(ends) if ends else -1


def _find_line(buf, pos):
    """Return (line_without_eol, next_pos) or (None, pos) if incomplete."""
    k = buf.find(b"\n", pos)
    if k < 0:
        return None, pos
    line = buf[pos:k]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line, k + 1


def request_end(buf):
    """Return the length of the first complete request in ``buf``.

    Returns None when more data is needed.  A request whose framing cannot
    be understood (bad chunk size, bad Content-Length) ends where the data
    available so far ends.
    """
    end = _header_block_end(buf)
    if end < 0:
        return None
    head = buf[:end]
    lines = head.replace(b"\r\n", b"\n").split(b"\n")[1:]
    chunked = False
    length = None
    for line in lines:
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        name = name.strip().lower()
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"content-length" and length is None:
            try:
                length = int(value.strip())
            except ValueError:
                length = 0
    if chunked:
        pos = end
        while True:
            line, nxt = _find_line(buf, pos)
            if line is None:
                return None
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                return len(buf)
            pos = nxt
            if size <= 0:
                # trailer section: lines until an empty one
                while True:
                    line, nxt = _find_line(buf, pos)
                    if line is None:
                        return None
                    pos = nxt
                    if not line:
                        return pos
            if len(buf) < pos + size + 2:
                return None
            pos += size + 2
    if length is not None and length > 0:
        if len(buf) < end + length:
            return None
        return end + length
    return end


class _Conn:
    """One accepted connection running one connection script."""

    def __init__(self, server, sock, steps, index, deadline):
        self.server = server
        self.sock = sock
        self.steps = steps
        self.index = index
        self.deadline = time.monotonic() + deadline
        self.data = bytearray()      # everything received
        self.pos = 0                 # start of not-yet-consumed data
        self.eof = False
        self.dead = False            # socket closed or broken
        self.idle_timeouts = 0       # recv_request/recv_bytes that gave up
        self.thread = threading.Thread(
            target=self._run, name="scripted-conn-%s" % index, daemon=True)

    # -- low level -----------------------------------------------------

    def _remaining(self):
        return self.deadline - time.monotonic()

    def _recv_some(self, wait):
        """Receive once, waiting at most ``wait`` seconds.  True if data."""
        if self.eof or self.dead:
            return False
        wait = min(wait, self._remaining())
        if wait <= 0:
            return False
        try:
            r, _, _ = select.select([self.sock], [], [], wait)
        except (OSError, ValueError):
            self.dead = True
            return False
        if not r:
            return False
        try:
            chunk = self.sock.recv(65536)
        except OSError:
            # ECONNRESET and friends count as EOF
            self.eof = True
            return False
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    # -- steps -----------------------------------------------------------

    def recv_request(self, idle=None):
        idle = IDLE_TIMEOUT if idle is None else idle
        while True:
            n = request_end(bytes(self.data[self.pos:]))
            if n is not None:
                self.pos += n
                return
            if not self._recv_some(idle):
                # idle timeout, EOF or deadline: consume what we have
                if not (self.eof or self.dead):
                    self.idle_timeouts += 1
                self.pos = len(self.data)
                return

    def recv_bytes(self, n, idle=None):
        idle = IDLE_TIMEOUT if idle is None else idle
        target = self.pos + n
        while len(self.data) < target:
            if not self._recv_some(idle):
                if not (self.eof or self.dead):
                    self.idle_timeouts += 1
                break
        self.pos = min(target, len(self.data))

    def recv_until_close(self):
        while not (self.eof or self.dead) and self._remaining() > 0:
            self._recv_some(self._remaining())
        self.pos = len(self.data)

    def send(self, payload):
        if self.dead:
            return
        try:
            self.sock.settimeout(max(self._remaining(), 0.01))
            self.sock.sendall(payload)
        except OSError:
            self.dead = True

    def shutdown_write(self):
        if self.dead:
            return
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self):
        if not self.dead:
            self.dead = True
            try:
                self.sock.close()
            except OSError:
                pass

    def _run(self):
        try:
            for step in self.steps:
                if self.dead:
                    break
                op, args = step[0], step[1:]
                if op == "recv_request":
                    self.recv_request(*args)
                elif op == "send":
                    self.send(args[0])
                elif op == "sleep":
                    time.sleep(min(args[0], max(self._remaining(), 0)))
                elif op == "close":
                    self.close()
                elif op == "shutdown_write":
                    self.shutdown_write()
                elif op == "recv_until_close":
                    self.recv_until_close()
                elif op == "recv_bytes":
                    self.recv_bytes(*args)
                else:
                    raise ValueError("unknown script step %r" % (step,))
            if not self.dead:
                # graceful end: half-close, record the rest, close
                self.shutdown_write()
                self.recv_until_close()
        finally:
            self.close()


class ScriptedServer:
    """Serve ``script`` on 127.0.0.1 (or ::1) port 0 from a thread."""

    def __init__(self, script, conn_deadline=CONN_DEADLINE,
                 server_deadline=SERVER_DEADLINE, family=socket.AF_INET):
        self.script = [list(steps) for steps in script]
        self.conn_deadline = conn_deadline
        self.family = family
        self._conns = []
        self._extras = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        addr = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.listener.bind((addr, 0))
            self.listener.listen(32)
        except OSError:
            self.listener.close()
            self._wake_r.close()
            self._wake_w.close()
            raise
        self.host = addr
        self.port = self.listener.getsockname()[1]
        self._deadline = time.monotonic() + server_deadline
        self._thread = threading.Thread(
            target=self._accept_loop, name="scripted-accept", daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _handle(self, sock):
        sock.setblocking(True)
        with self._lock:
            index = len(self._conns) + len(self._extras)
            n = len(self._conns)
            if n < len(self.script):
                conn = _Conn(self, sock, self.script[n], n, self.conn_deadline)
                self._conns.append(conn)
            else:
                # beyond the script: half-close at once, record the rest
                conn = _Conn(self, sock, [], "extra-%d" % index,
                             self.conn_deadline)
                self._extras.append(conn)
        conn.thread.start()

    def _accept_loop(self):
        try:
            while not self._stop.is_set() and time.monotonic() < self._deadline:
                wait = self._deadline - time.monotonic()
                if wait <= 0:
                    break
                try:
                    r, _, _ = select.select([self.listener, self._wake_r],
                                            [], [], wait)
                except (OSError, ValueError):
                    break
                if self._wake_r in r or not r:
                    continue
                try:
                    sock, _ = self.listener.accept()
                except OSError:
                    continue
                self._handle(sock)
        finally:
            pass  # the listener is closed by close()

    def close(self):
        """Stop accepting, wait for every connection script, close all."""
        if self._stop.is_set():
            return
        self._stop.set()
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        self._thread.join(5)
        self._wake_r.close()
        self._wake_w.close()
        # connections already completed by the kernel but not yet accepted
        try:
            self.listener.setblocking(False)
            while True:
                try:
                    sock, _ = self.listener.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                self._handle(sock)
        finally:
            self.listener.close()
        for conn in self._conns + self._extras:
            conn.thread.join(self.conn_deadline + 2)
            conn.close()

    @property
    def received(self):
        """Bytes received per scripted connection (None: never accepted)."""
        out = [bytes(c.data) for c in self._conns]
        out += [None] * (len(self.script) - len(out))
        return out

    @property
    def idle_timeouts(self):
        """How many receive steps gave up waiting (not at EOF)."""
        return sum(c.idle_timeouts for c in self._conns + self._extras)

    @property
    def extra(self):
        """Bytes received on each connection accepted beyond the script."""
        return [bytes(c.data) for c in self._extras]
