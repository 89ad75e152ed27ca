"""Local servers for test_real_clients.py (all on 127.0.0.1, port 0).

- TestServer: the project's Go test server (<build>/bin/testsrv, see
  internal/testsrv) for HTTPS with a CA made at run time and the CONNECT
  proxy; reused from GOHTTP_TEST_PORTS when that names a running one, as
  test_tls.py does.
- AppServer: a small threaded HTTP/1.1 server for what testsrv has no
  route for: redirects, a connection counter, chunked uploads.
- XMLRPCServer: SimpleXMLRPCServer with a few functions and multicall.

This module has no test in it (unittest's discovery skips it) and does
not import gohttp.
"""

import base64
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import tempfile
import threading
import time
import urllib.parse
import xmlrpc.client
import xmlrpc.server

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
HOST = "127.0.0.1"


def gohttp_path():
    """The sys.path entries that find gohttp: GOHTTP_PYTHONPATH, else
    <repo>/build/python (as the other tests find it)."""
    env = os.environ.get("GOHTTP_PYTHONPATH")
    entries = env.split(os.pathsep) if env else [os.path.join(REPO, "build", "python")]
    return [os.path.abspath(e) for e in entries if e]


def pattern(n):
    """n bytes of a fixed pattern (what AppServer's /bytes sends)."""
    block = bytes(range(256)) * 256
    reps, rest = divmod(n, len(block))
    return block * reps + block[:rest]


# ---------------------------------------------------------------------------
# testsrv

def _testsrv_binary():
    for path in gohttp_path():
        cand = os.path.join(path, "..", "bin", "testsrv")
        if os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    cand = os.path.join(REPO, "build", "bin", "testsrv")
    if os.access(cand, os.X_OK):
        return cand
    raise RuntimeError("testsrv not found next to gohttp or in %s/build/bin: run ./build.sh" % REPO)


class TestServer:
    """The Go test server; .ports is its ports file's JSON (http, https,
    proxy, ca, client_ca, proxy_user, proxy_pass, ...)."""

    def __init__(self, lifetime="600s"):
        self.proc = None
        self.tmp = None
        ports = os.environ.get("GOHTTP_TEST_PORTS")
        if not ports:
            self.tmp = tempfile.mkdtemp(prefix="gohttp-real-")
            ports = os.path.join(self.tmp, "ports.json")
            self.proc = subprocess.Popen(
                [_testsrv_binary(), "-ports", ports, "-lifetime", lifetime,
                 "-proxy-user", "gohttp", "-proxy-pass", "s3cret"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 20
            while not (os.path.exists(ports) and os.path.getsize(ports)):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("testsrv did not start")
                time.sleep(0.05)
        with open(ports) as f:
            self.ports = json.load(f)

    def proxy_url(self):
        """http://[user:pass@]127.0.0.1:PORT for the CONNECT proxy."""
        p = self.ports
        cred = ""
        if p.get("proxy_user"):
            cred = "%s:%s@" % (urllib.parse.quote(p["proxy_user"]), urllib.parse.quote(p["proxy_pass"]))
        return "http://%s%s:%d" % (cred, HOST, p["proxy"])

    def proxy_headers(self):
        p = self.ports
        if not p.get("proxy_user"):
            return {}
        cred = ("%s:%s" % (p["proxy_user"], p["proxy_pass"])).encode()
        return {"Proxy-Authorization": "Basic " + base64.b64encode(cred).decode()}

    def close(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


# ---------------------------------------------------------------------------
# AppServer

class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle keep-alive connection ends after this

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        with self.server.lock:
            self.server.connections += 1
            self.conn_id = self.server.connections

    def _body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts), True
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n), False

    def _send(self, status, body, ctype="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        body, chunked = self._body()
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        path = url.path
        if path == "/hello":
            return self._send(200, b"hello")
        if path == "/echo":
            doc = {"method": self.command, "path": self.path,
                   "headers": [[k, v] for k, v in self.headers.items()],
                   "body": body.decode("latin-1"), "chunked": chunked}
            return self._send(200, json.dumps(doc).encode(), "application/json")
        if path == "/conn":  # which connection carried this request
            return self._send(200, json.dumps({"conn": self.conn_id}).encode(), "application/json")
        if path == "/bytes":
            return self._send(200, pattern(int(q.get("n", "1024"))), "application/octet-stream")
        if path.startswith("/redirect/"):
            code = int(path.rsplit("/", 1)[1])
            return self._send(code, b"moved", headers=[("Location", q.get("to", "/hello"))])
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            return self._send(code, ("status %d body" % code).encode(), headers=[("X-Status", str(code))])
        return self._send(404, b"no such route")

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _route


class AppServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """Routes: /hello; /echo (JSON of method, path, headers, body, and
    whether the body came chunked); /conn (JSON {"conn": N}, the number of
    the connection that carried it, from 1); /bytes?n=N (pattern(N));
    /redirect/CODE?to=PATH; /status/CODE (a short body). Anything else 404."""

    daemon_threads = True

    def __init__(self):
        self.lock = threading.Lock()
        self.connections = 0
        super().__init__((HOST, 0), _Handler)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                       name="AppServer", daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://%s:%d" % (HOST, self.server_address[1])

    def close(self):
        self.shutdown()
        self.server_close()
        self.thread.join(10)


# ---------------------------------------------------------------------------
# XMLRPCServer

class XMLRPCServer(socketserver.ThreadingMixIn, xmlrpc.server.SimpleXMLRPCServer):
    """Functions: add(a, b), echo(x), fail(code, text) (a Fault), big(n)
    (a string of n characters); multicall."""

    daemon_threads = True

    def __init__(self):
        super().__init__((HOST, 0), logRequests=False, allow_none=True, use_builtin_types=True)
        self.register_function(lambda a, b: a + b, "add")
        self.register_function(lambda x: x, "echo")
        self.register_function(self._fail, "fail")
        self.register_function(lambda n: "x" * n, "big")
        self.register_multicall_functions()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                       name="XMLRPCServer", daemon=True)
        self.thread.start()

    @staticmethod
    def _fail(code, text):
        raise xmlrpc.client.Fault(code, text)

    @property
    def url(self):
        return "http://%s:%d/RPC2" % (HOST, self.server_address[1])

    def close(self):
        self.shutdown()
        self.server_close()
        self.thread.join(10)

