"""A minimal HTTP/1.1 client on a plain socket: the ceiling of make bench.

bench/bench_python.py runs it beside http.client and gohttp.client. It
does the same exchanges with as little Python as it can: the request head
is formatted and sent with socket.sendall(), the response is read with
socket.recv_into() into one 64 KiB buffer (or straight into the caller's
buffer for the body), the head is split into a list of (name, value)
pairs, and Content-Length and chunked bodies are framed. It has none of
http.client's checks and is not meant for anything but this benchmark:
the interface is the part of http.client's that the benchmark uses.
"""

import socket

BUF = 64 * 1024


class RawResponse:
    def __init__(self, conn, status, headers, length, chunked):
        self.conn = conn
        self.status = status
        self.headers = headers
        self.length = length  # bytes left of a Content-Length body
        self.chunked = chunked
        self.chunk_left = 0  # bytes left of the current chunk
        self.done = (length == 0) and not chunked

    def getheaders(self):
        return self.headers

    def _chunk(self):
        """Bytes left of the current chunk, reading the next chunk's size
        line (and the trailers after the last one) when needed; 0 at the end."""
        if self.chunk_left:
            return self.chunk_left
        if self.done:
            return 0
        c = self.conn
        line = c.readline()
        size = int(line.split(b";", 1)[0], 16)
        if size == 0:
            while c.readline():  # trailers, up to the blank line
                pass
            self.done = True
            return 0
        self.chunk_left = size
        return size

    def readinto(self, b):
        """Read up to len(b) bytes of the body into b; 0 at its end."""
        mv = memoryview(b).cast("B")
        if self.chunked:
            left = self._chunk()
            if not left:
                return 0
            n = self.conn.recv_into(mv[:left])
            self.chunk_left -= n
            if not self.chunk_left:
                self.conn.skip(2)  # the CRLF after the chunk's data
            return n
        if self.length is None:
            raise ValueError("no Content-Length and not chunked")
        if not self.length:
            return 0
        n = self.conn.recv_into(mv[:self.length])
        self.length -= n
        self.done = not self.length
        return n

    def read(self):
        """The whole body."""
        c = self.conn
        if not self.chunked:
            n = self.length
            if n <= c.end - c.start:  # all buffered
                out = bytes(c.view[c.start:c.start + n])
                c.start += n
            else:
                out = bytearray(n)
                c.readexact(memoryview(out))
            self.length = 0
            self.done = True
            return out
        parts = []
        while True:
            left = self._chunk()
            if not left:
                return b"".join(parts)
            part = bytearray(left)
            c.readexact(memoryview(part))
            parts.append(part)
            self.chunk_left = 0
            c.skip(2)


class RawConnection:
    def __init__(self, host, port, timeout=30):
        self.host = host
        self.port = port
        self.sock = socket.create_connection((host, port), timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray(BUF)
        self.view = memoryview(self.buf)
        self.start = self.end = 0  # the unread bytes are buf[start:end]
        self.host_header = ("Host: %s:%d\r\n" % (host, port)).encode("ascii")

    def close(self):
        self.sock.close()

    # -- the read buffer --------------------------------------------------
    def fill(self):
        """Read more bytes into the buffer (at least one)."""
        if self.start == self.end:
            self.start = self.end = 0
        elif self.end == BUF:
            n = self.end - self.start
            self.buf[:n] = self.buf[self.start:self.end]
            self.start, self.end = 0, n
            if n == BUF:
                raise ValueError("response head line longer than 64 KiB")
        n = self.sock.recv_into(self.view[self.end:])
        if not n:
            raise ConnectionError("the server closed the connection")
        self.end += n

    def readline(self):
        """The next line, without its CRLF."""
        while True:
            i = self.buf.find(b"\r\n", self.start, self.end)
            if i >= 0:
                line = bytes(self.view[self.start:i])
                self.start = i + 2
                return line
            self.fill()

    def skip(self, n):
        while self.end - self.start < n:
            self.fill()
        self.start += n

    def recv_into(self, mv):
        """Up to len(mv) bytes: the buffered ones first, else one recv."""
        have = self.end - self.start
        if have:
            n = min(have, len(mv))
            mv[:n] = self.view[self.start:self.start + n]
            self.start += n
            return n
        n = self.sock.recv_into(mv)
        if not n:
            raise ConnectionError("the server closed the connection")
        return n

    def readexact(self, mv):
        got, total = 0, len(mv)
        while got < total:
            got += self.recv_into(mv[got:])

    # -- the exchange -----------------------------------------------------
    def request(self, method, path, body=None):
        head = b"%s %s HTTP/1.1\r\n%sAccept-Encoding: identity\r\n" % (
            method.encode("ascii"), path.encode("ascii"), self.host_header)
        if body is not None:
            head += b"Content-Length: %d\r\n" % len(body)
        self.sock.sendall(head + b"\r\n")
        if body:
            self.sock.sendall(body)

    def getresponse(self):
        while True:
            i = self.buf.find(b"\r\n\r\n", self.start, self.end)
            if i >= 0:
                break
            self.fill()
        lines = bytes(self.view[self.start:i]).split(b"\r\n")
        self.start = i + 4
        status = int(lines[0][9:12])
        headers = []
        length, chunked = None, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name, value = name.decode("latin-1"), value.strip().decode("latin-1")
            headers.append((name, value))
            lname = name.lower()
            if lname == "content-length":
                length = int(value)
            elif lname == "transfer-encoding":
                chunked = "chunked" in value.lower()
        return RawResponse(self, status, headers, length, chunked)


# The name the benchmark uses for every contender.
HTTPConnection = RawConnection
