"""Real users of http.client, unchanged, on top of gohttp.install().

urllib.request, xmlrpc.client, urllib3 and requests talk to local servers
on 127.0.0.1 (plain HTTP, HTTPS with a CA made at run time, a CONNECT
proxy; see realservers.py) while gohttp.install() has put gohttp.client in
the place of http.client.  Every test checks what the client library got
and that gohttp carried the requests: gohttp.stats()['requests'] grew (or
stats()['fallback'], for requests a forked child hands to the standard
library).

urllib3 and requests are imported only in subprocesses, so that each case
chooses whether they are imported before or after install(); everything
that forks runs in a subprocess too.  Their tests are skipped, with a note
on stderr, on a Python where they are not installed.

GOHTTP_REAL_CLIENTS_STDLIB=1 runs the same tests with the standard library
left in place and no counter checks: it shows the tests themselves are
right.
"""

import contextlib
import gc
import http.client
import importlib.util
import json
import os
import signal
import ssl
import subprocess
import sys
import textwrap
import unittest
import urllib.error
import urllib.request
import warnings
import xmlrpc.client

import realservers
from realservers import HOST, pattern

STDLIB = os.environ.get("GOHTTP_REAL_CLIENTS_STDLIB") == "1"
HAVE = {name: importlib.util.find_spec(name) is not None for name in ("urllib3", "requests")}

if STDLIB:
    gohttp = None
else:
    for _entry in reversed(realservers.gohttp_path()):
        if _entry not in sys.path:
            sys.path.insert(0, _entry)
    import gohttp


def install():
    if not STDLIB:
        gohttp.install()


def uninstall():
    if not STDLIB:
        gohttp.uninstall()


def count(key="requests"):
    return 0 if STDLIB else gohttp.stats()[key]


SRV = APP = RPC = None  # realservers.TestServer, AppServer, XMLRPCServer


def setUpModule():
    global SRV, APP, RPC
    missing = [name for name, ok in sorted(HAVE.items()) if not ok]
    if missing:
        sys.stderr.write("\ntest_real_clients: %s not installed for %s: their tests are skipped\n"
                         % (" and ".join(missing), sys.executable))
    if STDLIB:
        sys.stderr.write("\ntest_real_clients: GOHTTP_REAL_CLIENTS_STDLIB=1: the standard library, "
                         "no counter checks\n")
    try:
        SRV = realservers.TestServer()
        APP = realservers.AppServer()
        RPC = realservers.XMLRPCServer()
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    global SRV, APP, RPC
    for s in (RPC, APP, SRV):
        if s is not None:
            s.close()
    SRV = APP = RPC = None


NO_CA_ENV = ("SSL_CERT_FILE", "SSL_CERT_DIR")
PROXY_ENV = ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
             "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@contextlib.contextmanager
def no_ca_env():
    saved = {k: os.environ.pop(k) for k in NO_CA_ENV if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def opener(*handlers):
    """urllib's opener, without proxies from the environment."""
    if not any(isinstance(h, urllib.request.ProxyHandler) for h in handlers):
        handlers = (urllib.request.ProxyHandler({}),) + handlers
    return urllib.request.build_opener(*handlers)


def ca_context(cafile=None):
    return ssl.create_default_context(cafile=cafile or SRV.ports["ca"])


class Installed(unittest.TestCase):
    """gohttp.install() around each test."""

    def setUp(self):
        install()
        self.addCleanup(uninstall)

    @contextlib.contextmanager
    def carried(self, at_least=1, key="requests"):
        """The block must make gohttp carry at least at_least requests."""
        before = count(key)
        yield
        if not STDLIB:
            grew = count(key) - before
            self.assertGreaterEqual(grew, at_least, "gohttp.stats()[%r] grew by %d" % (key, grew))


class UrllibTests(Installed):

    def get(self, url, *handlers, **kw):
        with opener(*handlers).open(url, timeout=30, **kw) as r:
            return r.status, r.geturl(), r.headers, r.read()

    def test_get(self):
        with self.carried(1):
            status, url, headers, body = self.get(APP.url + "/hello")
        self.assertEqual((status, url, body), (200, APP.url + "/hello", b"hello"))
        self.assertEqual(headers["Content-Length"], "5")

    def test_large_body(self):
        n = 5 * 1024 * 1024 + 7
        with self.carried(1):
            body = self.get(APP.url + "/bytes?n=%d" % n)[3]
        self.assertEqual(len(body), n)
        self.assertTrue(body == pattern(n))

    def test_post(self):
        with self.carried(1):
            body = self.get(APP.url + "/echo", data=b"a=1&b=x+y")[3]
        doc = json.loads(body.decode())
        headers = dict(doc["headers"])
        self.assertEqual((doc["method"], doc["body"], doc["chunked"]), ("POST", "a=1&b=x+y", False))
        self.assertEqual(headers["Content-Type"], "application/x-www-form-urlencoded")
        self.assertEqual(headers["Content-Length"], "9")

    def test_chunked_upload_from_iterable(self):
        req = urllib.request.Request(APP.url + "/echo", data=iter([b"ab", b"", b"cde", b"f" * 70000]),
                                     headers={"Content-Type": "application/octet-stream"})
        with self.carried(1):
            body = self.get(req)[3]
        doc = json.loads(body.decode())
        headers = dict(doc["headers"])
        self.assertTrue(doc["chunked"])
        self.assertEqual(doc["body"], "abcde" + "f" * 70000)
        self.assertEqual(headers.get("Transfer-Encoding"), "chunked")
        self.assertNotIn("Content-Length", headers)

    def test_redirects(self):
        for code in (301, 302, 303, 307):
            with self.subTest(code=code), self.carried(2):
                status, url, _, body = self.get(APP.url + "/redirect/%d?to=/echo" % code)
                self.assertEqual((status, url), (200, APP.url + "/echo"))
                self.assertEqual(json.loads(body.decode())["method"], "GET")
        # A POST answered with 302 or 303 goes on as a GET.
        for code in (302, 303):
            with self.subTest(code=code, method="POST"), self.carried(2):
                status, url, _, body = self.get(APP.url + "/redirect/%d?to=/echo" % code, data=b"x=1")
                self.assertEqual((status, url), (200, APP.url + "/echo"))
                self.assertEqual(json.loads(body.decode())["method"], "GET")

    def test_http_error_body(self):
        for code in (404, 500):
            with self.subTest(code=code), self.carried(1):
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    self.get(APP.url + "/status/%d" % code)
                e = cm.exception
                try:
                    self.assertEqual(e.code, code)
                    self.assertEqual(e.headers["X-Status"], str(code))
                    self.assertEqual(e.read(), ("status %d body" % code).encode())
                finally:
                    e.close()

    def test_https_verified(self):
        url = "https://%s:%d/tlsinfo" % (HOST, SRV.ports["https"])
        with self.carried(1):
            status, _, _, body = self.get(url, urllib.request.HTTPSHandler(context=ca_context()))
        self.assertEqual(status, 200)
        self.assertIn(json.loads(body.decode())["tls_version"], ("TLS 1.2", "TLS 1.3"))
        with self.carried(1):  # urlopen's own context argument
            with urllib.request.urlopen(url, context=ca_context(), timeout=30) as r:
                self.assertEqual(r.status, 200)
                r.read()

    def test_https_refused(self):
        url = "https://%s:%d/tlsinfo" % (HOST, SRV.ports["https"])
        cases = [("default context", urllib.request.HTTPSHandler()),
                 ("wrong CA", urllib.request.HTTPSHandler(context=ca_context(SRV.ports["client_ca"])))]
        for name, handler in cases:
            with self.subTest(name), no_ca_env():
                with self.assertRaises(urllib.error.URLError) as cm:
                    self.get(url, handler)
                self.assertIsInstance(cm.exception.reason, ssl.SSLCertVerificationError)
                self.assertEqual(cm.exception.reason.verify_code, 20)  # unable to get local issuer

    def test_proxy_tunnel(self):
        url = "https://localhost:%d/tlsinfo" % SRV.ports["https"]
        with self.carried(1):
            status, _, _, body = self.get(url, urllib.request.ProxyHandler({"https": SRV.proxy_url()}),
                                          urllib.request.HTTPSHandler(context=ca_context()))
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body.decode())["sni"], "localhost")
        if SRV.ports.get("proxy_user"):
            # Wrong credentials: the proxy's 407 shows the tunnel was asked for.
            bad = "http://%s:wrong@%s:%d" % (SRV.ports["proxy_user"], HOST, SRV.ports["proxy"])
            with warnings.catch_warnings():
                # http.client before 3.12 leaves the socket of a failed
                # tunnel to the garbage collector.
                warnings.simplefilter("ignore", ResourceWarning)
                with self.assertRaises(urllib.error.URLError) as cm:
                    self.get(url, urllib.request.ProxyHandler({"https": bad}),
                             urllib.request.HTTPSHandler(context=ca_context()))
                reason = str(cm.exception.reason)
                del cm
                gc.collect()
            self.assertIn("407", reason)


class XMLRPCTests(Installed):

    def proxy(self, url=None):
        p = xmlrpc.client.ServerProxy(url or RPC.url, allow_none=True, use_builtin_types=True)
        self.addCleanup(p("close"))
        return p

    def test_calls(self):
        p = self.proxy()
        value = {"list": [1, 2.5, "\u00e9t\u00e9", None, True], "bytes": b"\x00\xff", "nested": {"a": []}}
        with self.carried(3):
            self.assertEqual(p.add(2, 3), 5)
            self.assertEqual(p.echo(value), value)
            self.assertEqual(p.add("a", "b"), "ab")

    def test_fault(self):
        p = self.proxy()
        with self.carried(1):
            with self.assertRaises(xmlrpc.client.Fault) as cm:
                p.fail(42, "boom")
        self.assertEqual((cm.exception.faultCode, cm.exception.faultString), (42, "boom"))
        with self.carried(1):  # the connection goes on after a fault
            self.assertEqual(p.add(1, 1), 2)

    def test_multicall(self):
        p = self.proxy()
        m = xmlrpc.client.MultiCall(p)
        m.add(1, 2)
        m.echo("x")
        m.fail(7, "no")
        with self.carried(1):
            results = m()
        self.assertEqual(results[0], 3)
        self.assertEqual(results[1], "x")
        with self.assertRaises(xmlrpc.client.Fault) as cm:
            results[2]
        self.assertEqual(cm.exception.faultCode, 7)

    def test_large_response(self):
        p = self.proxy()
        n = 6 * 1024 * 1024
        with self.carried(1):
            got = p.big(n)
        self.assertEqual(len(got), n)
        self.assertEqual(got, "x" * n)

    def test_protocol_error(self):
        p = self.proxy(RPC.url.replace("/RPC2", "/nowhere"))
        with self.carried(1):
            with self.assertRaises(xmlrpc.client.ProtocolError) as cm:
                p.add(1, 2)
        self.assertEqual(cm.exception.errcode, 404)


@unittest.skipIf(STDLIB, "checks gohttp.install() itself")
class InstallTests(unittest.TestCase):

    def test_install_uninstall(self):
        import http as http_pkg
        orig_mod = sys.modules["http.client"]
        orig_cls = orig_mod.HTTPConnection
        install()
        try:
            # The installed module carries gohttp's classes (thin
            # subclasses of its own, so that uninstall can find them).
            installed = sys.modules["http.client"]
            self.assertIsNot(installed, orig_mod)
            self.assertIs(http_pkg.client, installed)
            self.assertTrue(issubclass(installed.HTTPConnection, gohttp.client.HTTPConnection))
            self.assertTrue(issubclass(installed.HTTPResponse, gohttp.client.HTTPResponse))
            self.assertIs(installed.IncompleteRead, orig_mod.IncompleteRead)
            self.assertTrue(gohttp.installed())
            before = count()
            with self.assertRaises(urllib.error.HTTPError) as cm:  # urllib uses gohttp's classes
                opener().open(APP.url + "/status/404", timeout=30)
            cm.exception.close()
            self.assertGreater(count(), before)
        finally:
            uninstall()
        self.assertIs(sys.modules["http.client"], orig_mod)
        self.assertIs(http_pkg.client, orig_mod)
        self.assertIs(orig_mod.HTTPConnection, orig_cls)
        self.assertIs(http.client, orig_mod)
        self.assertFalse(gohttp.installed())
        before = count()
        with opener().open(APP.url + "/hello", timeout=30) as r:
            self.assertEqual(r.read(), b"hello")
        self.assertEqual(count(), before, "a request after uninstall() went through gohttp")


# ---------------------------------------------------------------------------
# Subprocesses

PRELUDE = r'''
import json, os, signal, sys, traceback
sys.path[:0] = json.loads(os.environ["GOHTTP_RC_PATH"])
P = json.loads(os.environ["GOHTTP_RC_PORTS"])
APP = os.environ["GOHTTP_RC_APP"]
APP_PORT = int(APP.rsplit(":", 1)[1])
PROXY_URL = os.environ["GOHTTP_RC_PROXY_URL"]
PROXY_HEADERS = json.loads(os.environ["GOHTTP_RC_PROXY_HEADERS"])
STDLIB = os.environ.get("GOHTTP_REAL_CLIENTS_STDLIB") == "1"
if STDLIB:
    def install(): pass
    def uninstall(): pass
    def count(key="requests"): return 0
else:
    import gohttp
    install, uninstall = gohttp.install, gohttp.uninstall
    def count(key="requests"): return gohttp.stats()[key]

def check_count(before, at_least, key="requests"):
    if not STDLIB:
        grew = count(key) - before
        assert grew >= at_least, "gohttp.stats()[%r] grew by %d, want >= %d" % (key, grew, at_least)

def pattern(n):
    block = bytes(range(256)) * 256
    reps, rest = divmod(n, len(block))
    return block * reps + block[:rest]

def urllib_get(path, data=None):
    import urllib.request
    op = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with op.open(APP + path, data=data, timeout=30) as r:
        return r.read()

def in_child(f):
    """Runs f in a forked child (bounded by an alarm); f's return value
    comes back through a pipe; an exception fails the child."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(r)
            signal.alarm(100)
            os.write(w, json.dumps(f()).encode())
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    assert status == 0, "forked child failed: wait status %d" % status
    return json.loads(b"".join(chunks).decode())
'''


@unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
class SubprocessCase(unittest.TestCase):

    def run_child(self, code, python_args=(), timeout=120):
        env = {k: v for k, v in os.environ.items() if k not in NO_CA_ENV + PROXY_ENV}
        env.update(GOHTTP_RC_PATH=json.dumps(realservers.gohttp_path()),
                   GOHTTP_RC_PORTS=json.dumps(SRV.ports),
                   GOHTTP_RC_APP=APP.url,
                   GOHTTP_RC_PROXY_URL=SRV.proxy_url(),
                   GOHTTP_RC_PROXY_HEADERS=json.dumps(SRV.proxy_headers()),
                   PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.Popen([sys.executable] + list(python_args) + ["-c", PRELUDE + textwrap.dedent(code)],
                                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the child and anything it forked
            out, err = proc.communicate()
            self.fail("the subprocess did not finish in %d s\nstdout:\n%s\nstderr:\n%s"
                      % (timeout, out.decode(errors="replace"), err.decode(errors="replace")))
        if proc.returncode != 0:
            self.fail("the subprocess exited with %d\nstdout:\n%s\nstderr:\n%s"
                      % (proc.returncode, out.decode(errors="replace")[-4000:],
                         err.decode(errors="replace")[-8000:]))
        return out.decode()


@unittest.skipUnless(HAVE["urllib3"], "urllib3 is not installed for this Python")
class Urllib3Tests(SubprocessCase):

    def test_plain(self):
        self.run_child(r'''
            install()
            import urllib3
            n0 = count()
            pm = urllib3.PoolManager(retries=False, timeout=30)
            r = pm.request("GET", APP + "/hello")
            assert (r.status, r.data) == (200, b"hello"), (r.status, r.data)

            r = pm.request("POST", APP + "/echo", fields={"a": "1", "b": "x y"}, encode_multipart=False)
            doc = json.loads(r.data.decode())
            assert doc["body"] == "a=1&b=x+y", doc
            assert dict(doc["headers"])["Content-Type"] == "application/x-www-form-urlencoded", doc

            value = {"k": [1, 2, "\u00e9"]}
            r = pm.request("POST", APP + "/echo", body=json.dumps(value).encode(),
                           headers={"Content-Type": "application/json"})
            doc = json.loads(r.data.decode())
            assert json.loads(doc["body"]) == value, doc

            n = 3 * 1024 * 1024 + 1
            r = pm.request("GET", APP + "/bytes?n=%d" % n, preload_content=False)
            parts = list(r.stream(65536))
            r.release_conn()
            assert len(parts) > 1 and b"".join(parts) == pattern(n), len(parts)

            def gen():
                yield b"ab"
                yield b"cd" * 40000
            r = pm.urlopen("POST", APP + "/echo", body=gen(), chunked=True,
                           headers={"Content-Type": "application/octet-stream"})
            doc = json.loads(r.data.decode())
            assert doc["chunked"] and doc["body"] == "ab" + "cd" * 40000, doc["headers"]

            r = pm.request("GET", APP + "/redirect/302?to=/hello", redirect=True, retries=3)
            assert (r.status, r.data) == (200, b"hello"), (r.status, r.data)
            r = pm.request("GET", APP + "/status/404")
            assert (r.status, r.data) == (404, b"status 404 body"), (r.status, r.data)

            # keep-alive: one PoolManager, one connection
            pm2 = urllib3.PoolManager(retries=False, timeout=30)
            conns = [json.loads(pm2.request("GET", APP + "/conn").data.decode())["conn"] for _ in range(5)]
            assert len(set(conns)) == 1, conns
            check_count(n0, 13)  # 1 + 1 + 1 + 1 + 1 + 2 (redirect) + 1 + 5
        ''')

    def test_https_and_proxy(self):
        self.run_child(r'''
            install()
            import urllib3
            n0 = count()
            url = "https://127.0.0.1:%d/tlsinfo" % P["https"]
            pm = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=P["ca"], retries=False, timeout=30)
            r = pm.request("GET", url)
            assert r.status == 200 and json.loads(r.data.decode())["tls_version"].startswith("TLS"), r.data
            for _ in range(3):
                r = pm.request("GET", "https://127.0.0.1:%d/echo" % P["https"])
                assert r.status == 200, r.status

            bad = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=P["client_ca"], retries=False, timeout=30)
            try:
                bad.request("GET", url)
                raise AssertionError("a certificate from an unknown CA was accepted")
            except urllib3.exceptions.SSLError as e:
                assert "CERTIFICATE_VERIFY_FAILED" in str(e), repr(e)

            proxy = urllib3.ProxyManager("http://127.0.0.1:%d" % P["proxy"], proxy_headers=PROXY_HEADERS, cert_reqs="CERT_REQUIRED",
                                         ca_certs=P["ca"], retries=False, timeout=30)
            r = proxy.request("GET", "https://localhost:%d/tlsinfo" % P["https"])
            assert r.status == 200 and json.loads(r.data.decode())["sni"] == "localhost", r.data
            check_count(n0, 5)
        ''')


    def test_defaults(self):
        # As most code calls it: no timeout, no retries given. urllib3
        # then sets its own default-timeout sentinel as conn.timeout and
        # connects its own socket, so http.client never reads it.
        self.run_child(r'''
            install()
            import urllib3
            n0 = count()
            r = urllib3.PoolManager().request("GET", APP + "/hello")
            assert (r.status, r.data) == (200, b"hello"), (r.status, r.data)
            host, port = APP[len("http://"):].rsplit(":", 1)
            pool = urllib3.HTTPConnectionPool(host, int(port))
            for _ in range(3):
                r = pool.request("GET", "/hello")
                assert (r.status, r.data) == (200, b"hello"), (r.status, r.data)
            if hasattr(urllib3, "request"):  # urllib3 2's module-level helper
                r = urllib3.request("GET", APP + "/hello")
                assert (r.status, r.data) == (200, b"hello"), (r.status, r.data)
            check_count(n0, 4)
        ''')


@unittest.skipUnless(HAVE["requests"], "requests is not installed for this Python")
class RequestsTests(SubprocessCase):

    def test_defaults(self):
        # requests.get(url), as most code calls it: no timeout, no session.
        self.run_child(r'''
            install()
            import requests
            n0 = count()
            r = requests.get(APP + "/hello")
            assert (r.status_code, r.text) == (200, "hello"), r
            assert r.headers["Content-Length"] == "5", r.headers
            check_count(n0, 1)
        ''')

    def test_plain(self):
        self.run_child(r'''
            install()
            import requests
            n0 = count()
            s = requests.Session()
            s.trust_env = False
            r = s.get(APP + "/hello", timeout=30)
            assert (r.status_code, r.text) == (200, "hello"), r

            doc = s.post(APP + "/echo", data={"a": "1", "b": "x y"}, timeout=30).json()
            assert doc["body"] == "a=1&b=x+y", doc
            assert dict(doc["headers"])["Content-Type"] == "application/x-www-form-urlencoded", doc

            value = {"k": [1, 2, "\u00e9"]}
            doc = s.post(APP + "/echo", json=value, timeout=30).json()
            assert json.loads(doc["body"]) == value and dict(doc["headers"])["Content-Type"] == "application/json", doc

            n = 3 * 1024 * 1024 + 1
            with s.get(APP + "/bytes?n=%d" % n, stream=True, timeout=30) as r:
                parts = list(r.iter_content(65536))
            assert len(parts) > 1 and b"".join(parts) == pattern(n), len(parts)

            def gen():
                yield b"ab"
                yield b"cd" * 40000
            doc = s.post(APP + "/echo", data=gen(), timeout=30).json()
            assert doc["chunked"] and doc["body"] == "ab" + "cd" * 40000, doc["headers"]

            r = s.get(APP + "/redirect/301?to=/redirect/307%3Fto%3D/hello", timeout=30)
            assert (r.status_code, r.text) == (200, "hello"), r
            assert [h.status_code for h in r.history] == [301, 307], r.history
            r = s.get(APP + "/status/404", timeout=30)
            assert (r.status_code, r.text) == (404, "status 404 body"), r

            s2 = requests.Session()
            s2.trust_env = False
            conns = [s2.get(APP + "/conn", timeout=30).json()["conn"] for _ in range(5)]
            assert len(set(conns)) == 1, conns
            check_count(n0, 14)  # 1 + 1 + 1 + 1 + 1 + 3 (redirects) + 1 + 5
        ''')

    def test_https_and_proxy(self):
        self.run_child(r'''
            install()
            import requests
            n0 = count()
            s = requests.Session()
            s.trust_env = False
            url = "https://127.0.0.1:%d/tlsinfo" % P["https"]
            r = s.get(url, verify=P["ca"], timeout=30)
            assert r.status_code == 200 and r.json()["tls_version"].startswith("TLS"), r.text
            try:
                s.get(url, verify=P["client_ca"], timeout=30)
                raise AssertionError("a certificate from an unknown CA was accepted")
            except requests.exceptions.SSLError as e:
                assert "CERTIFICATE_VERIFY_FAILED" in str(e), repr(e)
            try:
                s.get(url, timeout=30)  # the default trust store
                raise AssertionError("a certificate from the run-time CA was trusted by default")
            except requests.exceptions.SSLError:
                pass
            r = s.get("https://localhost:%d/tlsinfo" % P["https"], verify=P["ca"],
                      proxies={"https": PROXY_URL}, timeout=30)
            assert r.status_code == 200 and r.json()["sni"] == "localhost", r.text
            check_count(n0, 2)
        ''')


@unittest.skipUnless(HAVE["urllib3"], "urllib3 is not installed for this Python")
class ImportedBeforeInstallTests(SubprocessCase):

    def test_urllib3_and_requests_imported_first(self):
        self.run_child(r'''
            import urllib3
            try:
                import requests
            except ImportError:
                requests = None
            install()
            n0 = count()
            pm = urllib3.PoolManager(retries=False, timeout=30)
            r = pm.request("GET", APP + "/hello")
            assert (r.status, r.data) == (200, b"hello"), r.data
            pm2 = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=P["ca"], retries=False, timeout=30)
            r = pm2.request("GET", "https://127.0.0.1:%d/tlsinfo" % P["https"])
            assert r.status == 200, r.status
            want = 2
            if requests is not None:
                s = requests.Session()
                s.trust_env = False
                assert s.get(APP + "/hello", timeout=30).text == "hello"
                assert s.get("https://127.0.0.1:%d/" % P["https"], verify=P["ca"], timeout=30).status_code == 200
                want += 2
            check_count(n0, want)

            uninstall()
            n1 = count()
            r = urllib3.PoolManager(retries=False, timeout=30).request("GET", APP + "/hello")
            assert (r.status, r.data) == (200, b"hello"), r.data
            if requests is not None:
                assert requests.get(APP + "/hello", timeout=30).text == "hello"
            assert count() == n1, "requests after uninstall() went through gohttp"
        ''')


class ForkTests(SubprocessCase):
    """The library loads on first use; a child forked after that hands the
    requests of an installed gohttp to the standard library
    (stats()['fallback']), while direct gohttp.client use raises
    RuntimeError there."""

    def test_os_fork(self):
        self.run_child(r'''
            import http.client
            install()
            assert urllib_get("/hello") == b"hello"  # the library is loaded now
            n0 = count()

            def child():
                f0 = count("fallback")
                assert urllib_get("/hello") == b"hello"
                assert urllib_get("/bytes?n=200000") == pattern(200000)
                doc = json.loads(urllib_get("/echo", data=b"k=v").decode())
                assert doc["body"] == "k=v", doc
                c = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
                c.request("GET", "/hello")
                assert c.getresponse().read() == b"hello"
                c.close()
                return count("fallback") - f0
            fallback = in_child(child)
            assert STDLIB or fallback >= 4, fallback

            assert urllib_get("/hello") == b"hello"  # the parent still uses gohttp
            check_count(n0, 1)
        ''')

    @unittest.skipIf(STDLIB, "checks gohttp.client itself")
    def test_direct_use_after_fork_raises(self):
        self.run_child(r'''
            import gohttp.client
            c = gohttp.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
            c.request("GET", "/hello")
            assert c.getresponse().read() == b"hello"
            c.close()

            def child():
                c = None
                try:
                    c = gohttp.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
                    c.request("GET", "/hello")
                    c.getresponse().read()
                except RuntimeError as e:
                    return str(e)
                finally:
                    if c is not None:
                        c.close()
                raise AssertionError("gohttp.client worked in a child forked after the library loaded")
            print(in_child(child))
        ''')

    def test_multiprocessing_fork_pool(self):
        self.run_child(r'''
            import multiprocessing, signal
            install()

            def fetch(i):
                f0 = count("fallback")
                body = urllib_get("/bytes?n=%d" % (1000 + i))
                return body == pattern(1000 + i), count("fallback") - f0, os.getpid()

            if __name__ == "__main__":
                assert urllib_get("/hello") == b"hello"
                ctx = multiprocessing.get_context("fork")
                with ctx.Pool(2, initializer=signal.alarm, initargs=(100,)) as pool:
                    results = pool.map_async(fetch, range(6), chunksize=1).get(100)
                assert all(ok for ok, _, _ in results), results
                assert STDLIB or all(f >= 1 for _, f, _ in results), results
                assert os.getpid() not in {pid for _, _, pid in results}
        ''')

    def test_preforking_server(self):
        self.run_child(r'''
            import http.client, urllib.request
            install()
            assert urllib_get("/hello") == b"hello"
            n0 = count()

            def worker():
                f0 = count("fallback")
                for i in range(3):
                    assert urllib_get("/bytes?n=%d" % (5000 + i)) == pattern(5000 + i)
                    c = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
                    c.request("POST", "/echo", body=b"x" * (10 + i))
                    doc = json.loads(c.getresponse().read().decode())
                    c.close()
                    assert doc["body"] == "x" * (10 + i), doc
                return count("fallback") - f0

            # two children at once, as a preforking server runs them
            pids = []
            for k in range(2):
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    code = 1
                    try:
                        os.close(r)
                        signal.alarm(100)
                        got = worker()
                        assert STDLIB or got >= 6, got
                        code = 0
                    except BaseException:
                        traceback.print_exc()
                    finally:
                        os._exit(code)
                os.close(w)
                os.close(r)
                pids.append(pid)
            for pid in pids:
                _, status = os.waitpid(pid, 0)
                assert status == 0, "worker failed: wait status %d" % status
            assert urllib_get("/hello") == b"hello"
            check_count(n0, 1)
        ''')

    @unittest.skipIf(sys.version_info < (3, 12), "the fork DeprecationWarning is new in 3.12")
    def test_no_fork_warning_before_first_request(self):
        # The library (and its threads) load on the first request, not at
        # import or install(): os.fork does not warn before that.  (-W error
        # makes any DeprecationWarning of the import fatal; os.fork's own
        # warning cannot be made an error, so it is recorded.)
        self.run_child(r'''
            import warnings
            if not STDLIB:
                import gohttp.client
            install()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                pid = os.fork()
            if pid == 0:
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            assert status == 0, status
            caught = [str(w.message) for w in caught]
            assert not caught, caught

            def child():  # the library loads in a child forked before it loaded
                n = count() + count("fallback")
                assert urllib_get("/hello") == b"hello"
                return count() + count("fallback") - n
            grew = in_child(child)
            assert STDLIB or grew >= 1, grew
        ''', python_args=["-W", "error::DeprecationWarning"])


if __name__ == "__main__":
    unittest.main()
