"""HTTPS, proxies and tunnels: gohttp.client against the local test server
(examples/server, built as <build>/bin/testsrv), next to the standard
library's http.client and ssl doing the same where that makes sense.

Rows: HC-J1..J4 (tunnels), HC-K1..K3 (HTTPS), HC-T3 (set_tunnel hardening).

The server is started once for the module with its certificates generated
at start-up, listening on 127.0.0.1, unless GOHTTP_TEST_PORTS names the
ports file of one already running (scripts/lib.sh's start_server). The
binary is found next to the gohttp package under test
(<build>/python/gohttp -> <build>/bin/testsrv), else in <repo>/build/bin.
gohttp itself is found as the other tests find it: GOHTTP_PYTHONPATH, else
<repo>/build/python first on sys.path.
"""

import base64
import contextlib
import ctypes
import http.client
import importlib
import json
import os
import shutil
import socket
import ssl
import textwrap
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def _import_gohttp():
    env = os.environ.get("GOHTTP_PYTHONPATH")
    entries = env.split(os.pathsep) if env else [os.path.join(REPO, "build", "python")]
    for entry in reversed([e for e in entries if e]):
        entry = os.path.abspath(entry)
        if entry not in sys.path:
            sys.path.insert(0, entry)
    return importlib.import_module("gohttp.client")


gohttp = _import_gohttp()

P = {}          # the ports file of the running server
_server = None  # the server this module started, if any
_tmp = None


def _testsrv_binary():
    pkg = os.path.dirname(os.path.abspath(gohttp.__file__))
    for cand in (os.path.join(pkg, "..", "..", "bin", "testsrv"),
                 os.path.join(REPO, "build", "bin", "testsrv")):
        if os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    raise RuntimeError("testsrv not found next to %s or in %s/build/bin: run ./build.sh"
                       % (pkg, REPO))


def setUpModule():
    global _server, _tmp
    ports = os.environ.get("GOHTTP_TEST_PORTS")
    if not ports:
        _tmp = tempfile.mkdtemp(prefix="gohttp-tls-")
        ports = os.path.join(_tmp, "ports.json")
        _server = subprocess.Popen(
            [_testsrv_binary(), "-ports", ports, "-lifetime", "120s",
             "-proxy-user", "gohttp", "-proxy-pass", "s3cret"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not (os.path.exists(ports) and os.path.getsize(ports)):
            if _server.poll() is not None or time.monotonic() > deadline:
                tearDownModule()
                raise RuntimeError("testsrv did not start")
            time.sleep(0.05)
    with open(ports) as f:
        P.update(json.load(f))


def tearDownModule():
    global _server
    if _server is not None:
        _server.terminate()
        try:
            _server.wait(10)
        except subprocess.TimeoutExpired:
            _server.kill()
            _server.wait()
        _server = None
    if _tmp is not None:
        shutil.rmtree(_tmp, ignore_errors=True)


HOST = "127.0.0.1"


def ca_context(**kw):
    return ssl.create_default_context(cafile=P["ca"], **kw)


def proxy_auth():
    """The Proxy-Authorization header the proxy wants ({} if none)."""
    if not P.get("proxy_user"):
        return {}
    cred = ("%s:%s" % (P["proxy_user"], P["proxy_pass"])).encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(cred).decode()}


def fetch(mod, port, path="/tlsinfo", host=HOST, context=None, timeout=10, tunnel=None):
    """GET path over HTTPS with module mod; returns (status, body)."""
    if tunnel is not None:
        conn = mod.HTTPSConnection(HOST, P["proxy"], context=context, timeout=timeout)
        conn.set_tunnel(*tunnel)
    else:
        conn = mod.HTTPSConnection(host, port, context=context, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def tlsinfo(mod, port, **kw):
    status, body = fetch(mod, port, **kw)
    if status != 200:
        raise AssertionError("GET /tlsinfo: %d %r" % (status, body))
    return json.loads(body.decode())


def outcome(f):
    """What f() gave: ("ok", value) or the exception's class and the
    attributes Python's ssl sets."""
    try:
        return ("ok", f())
    except Exception as e:
        return (type(e), getattr(e, "verify_code", None), getattr(e, "verify_message", None),
                getattr(e, "reason", None))


@contextlib.contextmanager
def environ(**kw):
    old = {k: os.environ.get(k) for k in kw}
    try:
        for k, v in kw.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


NO_CA_ENV = dict(SSL_CERT_FILE=None, SSL_CERT_DIR=None)

# http.client's default context offers ALPN "http/1.1" since 3.10; gohttp
# follows 3.13 on every Python.
OLD_ALPN = sys.version_info < (3, 10)


class HTTPSTests(unittest.TestCase):
    """HC-K1..K3: the context's settings reach the core; failures raise
    what ssl raises."""

    def same(self, f):
        """Runs f with http.client and gohttp.client; the outcomes must be
        equal. Returns gohttp's."""
        want = outcome(lambda: f(http.client))
        got = outcome(lambda: f(gohttp))
        self.assertEqual(got, want)
        return got

    def test_good_certificate_custom_ca(self):
        # A context of the caller's is used by Python's ssl, as it is: the
        # same handshake as http.client's (no ALPN unless it sets some).
        info = tlsinfo(gohttp, P["https"], context=ca_context())
        self.assertEqual(info, tlsinfo(http.client, P["https"], context=ca_context()))
        self.assertEqual(info["sni"], "")  # none for an IP address
        self.same(lambda m: fetch(m, P["https"], path="/", context=ca_context())[0])

    def test_default_context_alpn_sni_and_ssl_cert_file(self):
        # No context: http.client's default (HC-K2), whose roots
        # SSL_CERT_FILE replaces as in OpenSSL; ALPN http/1.1; SNI.
        with environ(SSL_CERT_FILE=P["ca"], SSL_CERT_DIR=None):
            want = tlsinfo(http.client, P["https"], host="localhost")
            got = tlsinfo(gohttp, P["https"], host="localhost")
        if OLD_ALPN:
            want["alpn"] = "http/1.1"
        self.assertEqual(got, want)
        self.assertEqual((got["sni"], got["alpn"]), ("localhost", "http/1.1"))

    def test_ssl_cert_dir(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        shutil.copy(P["ca"], os.path.join(d, "ca.pem"))
        # A missing file is skipped, as OpenSSL skips it.
        with environ(SSL_CERT_FILE=os.path.join(d, "none.pem"), SSL_CERT_DIR=d):
            tlsinfo(gohttp, P["https"])
        # Nothing found: OpenSSL trusts nothing (a verify error); gohttp
        # fails the connect too, rather than trust the system's roots.
        with environ(SSL_CERT_FILE=os.path.join(d, "none.pem"), SSL_CERT_DIR=os.path.join(d, "none")):
            self.assertRaises(ssl.SSLCertVerificationError, fetch, http.client, P["https"])
            self.assertRaises(FileNotFoundError, fetch, gohttp, P["https"])

    def test_verify_failures(self):
        cases = [
            ("expired", P["https_expired"], HOST, ca_context, 10),
            ("wrong IP", P["https_wrong_host"], HOST, ca_context, 64),
            ("wrong name", P["https_wrong_host"], "localhost", ca_context, 62),
            ("self-signed", P["https_self_signed"], HOST, ca_context, 18),
            ("self-signed, system roots", P["https_self_signed"], HOST, ssl.create_default_context, 18),
            ("unknown CA", P["https"], HOST, ssl.create_default_context, 20),
            ("unknown CA, default context", P["https"], HOST, lambda: None, 20),
        ]
        for name, port, host, ctx, code in cases:
            with self.subTest(name), environ(**NO_CA_ENV):
                got = self.same(lambda m: fetch(m, port, path="/", host=host, context=ctx()))
                self.assertEqual(got[:2], (ssl.SSLCertVerificationError, code))

    def test_verify_error_attributes(self):
        with self.assertRaises(ssl.SSLCertVerificationError) as cm:
            fetch(gohttp, P["https_wrong_host"], host="localhost", context=ca_context())
        e = cm.exception
        self.assertIsInstance(e, ssl.SSLError)
        self.assertEqual(e.verify_message, "Hostname mismatch, certificate is not valid for 'localhost'.")
        self.assertEqual((e.verify_code, e.reason, e.library), (62, "CERTIFICATE_VERIFY_FAILED", "SSL"))
        self.assertTrue(str(e).startswith(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch"), str(e))

    def test_client_certificate(self):
        port = P["https_client_auth"]
        # Without a certificate the server refuses with an alert.
        got = self.same(lambda m: fetch(m, port, context=ca_context()))
        self.assertEqual(got[0], ssl.SSLError)
        self.assertEqual(got[3], "TLSV13_ALERT_CERTIFICATE_REQUIRED")

        keys = [
            ("plain key", P["client_key"], None),
            ("encrypted key, str password", P["client_key_encrypted"], P["client_key_password"]),
            ("encrypted key, bytes password", P["client_key_encrypted"], P["client_key_password"].encode()),
            ("encrypted key, callable password", P["client_key_encrypted"], lambda: P["client_key_password"]),
        ]
        for name, key, password in keys:
            with self.subTest(name):
                def f(m):
                    ctx = ca_context()
                    ctx.load_cert_chain(P["client_cert"], key, password)
                    return tlsinfo(m, port, context=ctx)["client_cert_cn"]
                self.assertEqual(self.same(f), ("ok", "gohttp-test-client"))

    def test_key_in_certificate_file(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        both = os.path.join(d, "both.pem")
        with open(both, "wb") as out:
            for name in (P["client_cert"], P["client_key"]):
                with open(name, "rb") as f:
                    out.write(f.read())

        def f(m):
            ctx = ca_context()
            ctx.load_cert_chain(both)
            return tlsinfo(m, P["https_client_auth"], context=ctx)["client_cert_cn"]
        self.assertEqual(self.same(f), ("ok", "gohttp-test-client"))

    @unittest.skipUnless(shutil.which("openssl"), "needs the openssl command")
    def test_pkcs8_encrypted_key(self):
        # What "openssl genpkey -aes256" and OpenSSL 3 write by default.
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        key = os.path.join(d, "pkcs8.key")
        subprocess.check_call(["openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", P["client_key"],
                               "-out", key, "-passout", "pass:pw"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def f(m):
            ctx = ca_context()
            ctx.load_cert_chain(P["client_cert"], key, "pw")
            return tlsinfo(m, P["https_client_auth"], context=ctx)["client_cert_cn"]
        self.assertEqual(self.same(f), ("ok", "gohttp-test-client"))

    def test_verify_off(self):
        # CERT_NONE: any certificate (HC-K3), like ssl's unverified context.
        for port in (P["https_self_signed"], P["https_expired"], P["https_wrong_host"]):
            with self.subTest(port=port):
                self.assertEqual(self.same(lambda m: fetch(m, port, path="/",
                                                           context=ssl._create_unverified_context())[0]),
                                 ("ok", 200))

        def cert_none(m):
            ctx = ca_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return fetch(m, P["https_self_signed"], path="/", context=ctx)[0]
        self.assertEqual(self.same(cert_none), ("ok", 200))

    def test_unverified_default_hook(self):
        # Replacing ssl._create_default_https_context turns verification
        # off for context=None (HC-K2).
        saved = ssl._create_default_https_context
        ssl._create_default_https_context = ssl._create_unverified_context
        try:
            if OLD_ALPN:
                got = outcome(lambda: tlsinfo(gohttp, P["https_self_signed"], host="localhost"))
            else:
                got = self.same(lambda m: tlsinfo(m, P["https_self_signed"], host="localhost"))
        finally:
            ssl._create_default_https_context = saved
        self.assertEqual((got[1]["sni"], got[1]["alpn"]), ("localhost", "http/1.1"))
        with environ(**NO_CA_ENV):
            self.assertRaises(ssl.SSLCertVerificationError, fetch, gohttp, P["https_self_signed"])

    def test_check_hostname_off(self):
        def f(port, host):
            def g(m):
                ctx = ca_context()
                ctx.check_hostname = False
                return fetch(m, port, path="/", host=host, context=ctx)[0]
            return g
        self.assertEqual(self.same(f(P["https_wrong_host"], HOST)), ("ok", 200))
        self.assertEqual(self.same(f(P["https_wrong_host"], "localhost")), ("ok", 200))
        # The chain is still verified.
        self.assertEqual(self.same(f(P["https_expired"], HOST))[:2], (ssl.SSLCertVerificationError, 10))

    def test_versions(self):
        def f(attr, version):
            def g(m):
                ctx = ca_context()
                setattr(ctx, attr, version)
                return tlsinfo(m, P["https"], context=ctx)["tls_version"]
            return g
        self.assertEqual(self.same(f("minimum_version", ssl.TLSVersion.TLSv1_3)), ("ok", "TLS 1.3"))
        self.assertEqual(self.same(f("maximum_version", ssl.TLSVersion.TLSv1_2)), ("ok", "TLS 1.2"))

        def no_tls13(m):
            ctx = ca_context()
            ctx.options |= ssl.OP_NO_TLSv1_3
            return tlsinfo(m, P["https"], context=ctx)["tls_version"]
        self.assertEqual(self.same(no_tls13), ("ok", "TLS 1.2"))

    def test_alpn_from_context(self):
        def f(protocols):
            def g(m):
                ctx = ca_context()
                ctx.set_alpn_protocols(protocols)
                return tlsinfo(m, P["https"], context=ctx)["alpn"]
            return g
        self.assertEqual(self.same(f(["h2", "http/1.1"])), ("ok", "http/1.1"))
        # Nothing the server speaks: its no_application_protocol alert.
        self.assertEqual(self.same(f(["h2"]))[0], ssl.SSLError)

    def test_ca_sources(self):
        with open(P["ca"]) as f:
            pem = f.read()
        der = ssl.PEM_cert_to_DER_cert(pem)
        for name, load in [("cadata str", dict(cadata=pem)), ("cadata bytes (DER)", dict(cadata=der))]:
            with self.subTest(name):
                def g(m):
                    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                    ctx.load_verify_locations(**load)
                    return fetch(m, P["https"], path="/", context=ctx)[0]
                self.assertEqual(self.same(g), ("ok", 200))

        # A capath: OpenSSL wants hashed names there, with a caller's
        # context gohttp too (its TLS is Python's).
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        shutil.copy(P["ca"], os.path.join(d, "test-ca.pem"))

        def capath(m):
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(capath=d)
            return fetch(m, P["https"], path="/", context=ctx)[0]
        self.same(capath)

        # The default certificates and a CA file: both trusted.
        def both(m):
            ctx = ssl.create_default_context()
            ctx.load_verify_locations(P["ca"])
            return fetch(m, P["https"], path="/", context=ctx)[0]
        self.assertEqual(self.same(both), ("ok", 200))

    def test_import_changes_nothing_in_ssl(self):
        # Importing gohttp (and using it) leaves the ssl module and
        # SSLContext exactly as they were.
        code = textwrap.dedent("""
            import ssl, sys
            def snap():
                return (dict(vars(ssl)), dict(vars(ssl.SSLContext)))
            before = snap()
            import gohttp, gohttp.client
            gohttp.install(); gohttp.uninstall()
            after = snap()
            for b, a in zip(before, after):
                assert set(b) == set(a), set(b) ^ set(a)
                for k in b:
                    assert b[k] is a[k], k
            print("unchanged")
        """)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        out = subprocess.run([sys.executable, "-c", code], env=env, timeout=120,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(out.stdout.decode().strip(), "unchanged", out.stdout.decode())

    def test_context_made_before_import(self):
        # Nothing is recorded on contexts: one made before gohttp was
        # imported works as any other (a subprocess, so that it really
        # is made first).
        code = textwrap.dedent("""
            import ssl, sys
            ctx = ssl.create_default_context(cafile=sys.argv[1])
            from gohttp import client
            conn = client.HTTPSConnection("127.0.0.1", int(sys.argv[2]), context=ctx, timeout=30)
            conn.request("GET", "/")
            print(conn.getresponse().status)
        """)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        out = subprocess.run([sys.executable, "-c", code, P["ca"], str(P["https"])], env=env,
                             timeout=120, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(out.stdout.decode().strip(), "200", out.stdout.decode())

    def test_socket_tls_details(self):
        # Without a context the TLS runs in the library; conn.sock answers
        # what an SSLSocket answers, as http.client's does.
        def details(m):
            conn = m.HTTPSConnection("localhost", P["https"], timeout=30)
            try:
                conn.connect()
                s = conn.sock
                cert = s.getpeercert()
                return (s.getpeercert(binary_form=True), cert["subject"], cert["subjectAltName"],
                        cert["notAfter"], s.version(), s.selected_alpn_protocol(),
                        s.cipher()[1:], s.getpeername())
            finally:
                conn.close()
        with environ(SSL_CERT_FILE=P["ca"], SSL_CERT_DIR=None):
            got, want = details(gohttp), details(http.client)
        if OLD_ALPN:  # gohttp offers ALPN as 3.10+ does
            want = want[:5] + ("http/1.1",) + want[6:]
        self.assertEqual(got[:7], want[:7])
        self.assertEqual(got[7][0], want[7][0])

    def test_https_to_plain_http(self):
        got = self.same(lambda m: fetch(m, P["http"], path="/", context=ca_context()))
        self.assertEqual((got[0], got[3]), (ssl.SSLError, "WRONG_VERSION_NUMBER"))

    def test_handshake_timeout(self):
        start = time.monotonic()
        got = self.same(lambda m: fetch(m, P["stall"], context=ca_context(), timeout=0.3))
        self.assertEqual(got[0], socket.timeout)  # TimeoutError on 3.10+
        self.assertLess(time.monotonic() - start, 10)

    def test_ca_file_removed_after_loading(self):
        # A caller's context holds what it loaded: removing the file
        # afterwards changes nothing, as in http.client.
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d)
        ca = os.path.join(d, "ca.pem")
        shutil.copy(P["ca"], ca)
        ctxs = []

        def f(m):
            ctx = ssl.create_default_context(cafile=ca)
            ctxs.append(ctx)
            return ctx
        ctx_std, ctx_go = f(None), f(None)
        os.remove(ca)
        self.assertEqual(fetch(gohttp, P["https"], path="/", context=ctx_go)[0],
                         fetch(http.client, P["https"], path="/", context=ctx_std)[0])


@unittest.skipIf(sys.version_info >= (3, 12), "key_file/cert_file/check_hostname were removed in 3.12")
class LegacyArgumentsTests(unittest.TestCase):
    """HC-K4: on Python 3.11 and older, HTTPSConnection keeps key_file,
    cert_file and check_hostname, as that Python's http.client does."""

    def both(self, f):
        import warnings
        outs = []
        for mod in (http.client, gohttp):
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                outs.append((outcome(lambda: f(mod)), [x.category for x in w]))
        self.assertEqual(outs[0], outs[1])
        return outs[1]

    def test_cert_file_key_file_client_auth(self):
        def get(mod):
            conn = mod.HTTPSConnection(HOST, P["https_client_auth"], P["client_key"],
                                       P["client_cert"], context=ca_context())
            try:
                conn.request("GET", "/tlsinfo")
                r = conn.getresponse()
                return r.status, json.loads(r.read().decode())["client_cert_cn"]
            finally:
                conn.close()
        out = self.both(get)
        self.assertEqual(out[0][0], "ok")
        self.assertIn(DeprecationWarning, out[1])

    def test_check_hostname_false_accepts_wrong_host(self):
        def get(mod):
            conn = mod.HTTPSConnection(HOST, P["https_wrong_host"], context=ca_context(),
                                       check_hostname=False)
            try:
                conn.request("GET", "/")
                return conn.getresponse().status
            finally:
                conn.close()
        self.assertEqual(self.both(get)[0], ("ok", 200))

    def test_check_hostname_needs_verification(self):
        def make(mod):
            ctx = ssl._create_unverified_context()
            mod.HTTPSConnection(HOST, P["https"], context=ctx, check_hostname=True)
        out = self.both(make)
        self.assertIs(out[0][0], ValueError)


class CAPITests(unittest.TestCase):
    """gohttp_conn_setopt_str / _int with the TLS options through ctypes:
    argument checks, and TLS turned on for a connection made by
    gohttp_conn_new."""

    def setUp(self):
        from gohttp import _ffi
        self.ffi, self.lib = _ffi, _ffi.lib
        self.handles = []

    def tearDown(self):
        for h in self.handles:
            self.lib.gohttp_conn_free(h)

    def new(self, https, port):
        h = ctypes.c_void_p()
        new = self.lib.gohttp_conn_new_https if https else self.lib.gohttp_conn_new
        self.assertEqual(new(HOST.encode(), len(HOST), port, ctypes.byref(h)), 0)
        self.handles.append(h)
        return h

    def get(self, h):
        """Sends GET /tlsinfo on h and returns gohttp_conn_getresponse's code."""
        rc = self.lib.gohttp_conn_request(h, b"GET", 3, b"/tlsinfo", 8, None, 0, None, 0, 0)
        if rc:
            return rc
        r = ctypes.c_void_p()
        rc = self.lib.gohttp_conn_getresponse(h, ctypes.byref(r), None, None, 0)
        if rc == 0:
            self.lib.gohttp_resp_free(r)
        return rc

    def test_arguments(self):
        f = self.ffi
        h = self.new(True, P["https"])
        s, i = self.lib.gohttp_conn_setopt_str, self.lib.gohttp_conn_setopt_int
        for option, value in [(0, b"x"), (99, b"x"), (f.OPT_TLS_VERIFY, b"1"),
                              (f.OPT_TLS_CA_FILE, b""), (f.OPT_TLS_CA_DIR, b"a\0b"),
                              (f.OPT_TLS_ALPN, b"h2,,http/1.1"), (f.OPT_TLS_ALPN, b"x" * 256),
                              (f.OPT_TLS_SERVER_NAME, b"a b")]:
            with self.subTest(option=option, value=value[:20]):
                self.assertEqual(s(h, option, value, len(value)), f.E_ARG)
        for option, value in [(0, 1), (99, 1), (f.OPT_TLS_CA_FILE, 1), (f.OPT_TLS_VERIFY, 2),
                              (f.OPT_TLS_CHECK_HOSTNAME, -1),
                              (f.OPT_TLS_SYSTEM_ROOTS, 7), (f.OPT_TLS_MIN_VERSION, 0x0300),
                              (f.OPT_TLS_MAX_VERSION, 0x0305), (f.OPT_TLS_MIN_VERSION, 771 << 32)]:
            with self.subTest(option=option, value=value):
                self.assertEqual(i(h, option, value), f.E_ARG)
        self.assertEqual(s(None, f.OPT_TLS_CA_FILE, b"x", 1), f.E_BADHANDLE)
        self.assertEqual(i(None, f.OPT_TLS_VERIFY, 1), f.E_BADHANDLE)
        # NULL resets an option: the CA file given, then taken back.
        ca = P["ca"].encode()
        self.assertEqual(s(h, f.OPT_TLS_CA_FILE, ca, f.NUL), 0)
        self.assertEqual(s(h, f.OPT_TLS_CA_FILE, None, 0), 0)
        with environ(**NO_CA_ENV):
            self.assertEqual(self.get(h), f.E_TLS_VERIFY)
        err = f.Error()
        self.lib.gohttp_last_error(ctypes.byref(err))
        self.assertEqual(err.os_error, 20)  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        self.lib.gohttp_conn_close(h)  # the failed request left it in Request-sent
        self.assertEqual(s(h, f.OPT_TLS_CA_FILE, ca, len(ca)), 0)
        self.assertEqual(self.get(h), 0)

    def test_tls_on_plain_connection(self):
        f = self.ffi
        h = self.new(False, P["https"])
        # A failed call does not turn TLS on.
        self.assertEqual(self.lib.gohttp_conn_setopt_int(h, 99, 1), f.E_ARG)
        self.assertEqual(self.get(h), f.E_REMOTE_DISCONNECTED)  # plain HTTP to a TLS port
        self.lib.gohttp_conn_close(h)
        ca = P["ca"].encode()
        self.assertEqual(self.lib.gohttp_conn_setopt_str(h, f.OPT_TLS_CA_FILE, ca, len(ca)), 0)
        self.assertEqual(self.get(h), 0)


class TunnelTests(unittest.TestCase):
    """HC-J1..J4 through the test server's CONNECT proxy."""

    def tunnel_conn(self, mod, port, headers=None, https=False, context=None):
        if https:
            conn = mod.HTTPSConnection(HOST, P["proxy"], context=context, timeout=10)
        else:
            conn = mod.HTTPConnection(HOST, P["proxy"], timeout=10)
        conn.set_tunnel("localhost", port, headers=headers)
        self.addCleanup(conn.close)
        return conn

    def test_plain_http_through_tunnel(self):
        results = []
        for mod in (http.client, gohttp):
            conn = self.tunnel_conn(mod, P["http"], headers=proxy_auth())
            conn.request("GET", "/echo")
            r = conn.getresponse()
            echo = json.loads(r.read().decode())
            results.append((r.status, echo["headers"]))
        self.assertEqual(results[1][0], 200)
        self.assertIn(["Host", "localhost:%d" % P["http"]], results[1][1])
        if sys.version_info >= (3, 12):  # the Host of 3.12's CONNECT
            self.assertEqual(results[1], results[0])

    def test_proxy_response_headers(self):
        conn = self.tunnel_conn(gohttp, P["http"], headers=proxy_auth())
        self.assertIsNone(conn.get_proxy_response_headers())
        conn.request("GET", "/")
        conn.getresponse().read()
        h = conn.get_proxy_response_headers()
        self.assertIsInstance(h, http.client.HTTPMessage)
        self.assertEqual(h["X-Proxy"], "gohttp-testsrv")

    def test_407(self):
        if not P.get("proxy_user"):
            self.skipTest("the shared test server's proxy wants no credentials")
        for mod in (http.client, gohttp):
            with self.subTest(mod.__name__):
                conn = self.tunnel_conn(mod, P["http"])
                with self.assertRaises(OSError) as cm:
                    conn.request("GET", "/")
                e = cm.exception
                self.assertIs(type(e), OSError)
                self.assertEqual(e.args, ("Tunnel connection failed: 407 Proxy Authentication Required",))
                self.assertIsNone(conn.sock)
                if hasattr(conn, "get_proxy_response_headers"):  # 3.12+ in http.client
                    h = conn.get_proxy_response_headers()
                    self.assertEqual(h["Proxy-Authenticate"], 'Basic realm="gohttp"')

    def test_wrong_credentials(self):
        if not P.get("proxy_user"):
            self.skipTest("the shared test server's proxy wants no credentials")
        bad = {"Proxy-Authorization": "Basic " + base64.b64encode(b"gohttp:wrong").decode()}
        conn = self.tunnel_conn(gohttp, P["http"], headers=bad)
        self.assertRaises(OSError, conn.request, "GET", "/")

    def test_https_through_tunnel(self):
        # SNI and the hostname check use the tunnel's host (HC-J4).
        infos = []
        for mod in (http.client, gohttp):
            conn = self.tunnel_conn(mod, P["https"], headers=proxy_auth(), https=True, context=ca_context())
            conn.request("GET", "/tlsinfo")
            infos.append(json.loads(conn.getresponse().read().decode()))
        self.assertEqual(infos[1]["sni"], "localhost")
        infos[1]["alpn"] = infos[0]["alpn"]  # http.client offers none in a user context
        self.assertEqual(infos[1], infos[0])

        def wrong(m):
            conn = self.tunnel_conn(m, P["https_wrong_host"], headers=proxy_auth(), https=True,
                                    context=ca_context())
            conn.request("GET", "/")
        want, got = outcome(lambda: wrong(http.client)), outcome(lambda: wrong(gohttp))
        self.assertEqual(got, want)
        self.assertEqual(got[:3], (ssl.SSLCertVerificationError, 62,
                                   "Hostname mismatch, certificate is not valid for 'localhost'."))

    def test_set_tunnel_on_open_connection(self):
        for mod in (http.client, gohttp):
            with self.subTest(mod.__name__):
                conn = mod.HTTPConnection(HOST, P["http"], timeout=10)
                self.addCleanup(conn.close)
                conn.connect()
                with self.assertRaises(RuntimeError) as cm:
                    conn.set_tunnel("localhost", 443)
                self.assertEqual(str(cm.exception), "Can't set up tunnel for established connection")

    def test_set_tunnel_control_characters(self):
        # Later CPython hardening (HC-T3).
        conn = gohttp.HTTPConnection(HOST, P["proxy"])
        self.assertRaises(ValueError, conn.set_tunnel, "local\r\nhost", 80)
        self.assertRaises(ValueError, conn.set_tunnel, "localhost", 80, {"X": "a\r\nB: c"})


if __name__ == "__main__":
    unittest.main()
