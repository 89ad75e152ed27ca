"""TLS for gohttp.client.HTTPSConnection. A connection takes one of two
paths, chosen when it is made:

- **No context** (``HTTPSConnection(host)``, as http.client's own default
  context): the library does TLS in Go's crypto/tls, with what
  ``ssl.create_default_context()`` would give: certificate chain and host
  name verified against the system's roots (``SSL_CERT_FILE`` and
  ``SSL_CERT_DIR`` honoured as OpenSSL honours them), SNI, ALPN
  ``http/1.1``, TLS 1.2 or newer. This is the fast path: no Python code
  runs per byte.
- **A context of the caller's** (``context=ctx``, or a replaced
  ``ssl._create_default_https_context``): Python's own ``ssl`` carries the
  TLS, exactly as in http.client: the socket is made by
  ``_create_connection``, the tunnel runs on it, and
  ``ctx.wrap_socket(sock, server_hostname=...)`` secures it; the library
  then reads and writes through that ``SSLSocket``. Everything the
  context holds is honoured (its CAs, client certificate, ciphers,
  ``verify_flags``, post-handshake authentication, keylog), because
  OpenSSL is the one using it. It costs what http.client's TLS costs,
  plus a call from the library into Python per read.

A context cannot be asked which files it loaded or whether it holds a
client certificate, so it is never translated into the library's options:
it is used as it is. Importing gohttp changes nothing in ``ssl``.
"""

import os
import ssl

from . import _ffi
from ._ffi import lib

__all__ = ["apply_context", "default_https_context"]


def default_https_context(http_vsn):
    """The context http.client would make for context=None, or None when
    that is ssl.create_default_context() (the library's defaults are the
    same, without the cost of loading the system's roots in Python). A
    replaced ssl._create_default_https_context (such as
    ssl._create_unverified_context) is called, as http.client calls it."""
    hook = ssl._create_default_https_context
    if hook is ssl.create_default_context:
        return None
    ctx = hook()
    if http_vsn == 11:
        ctx.set_alpn_protocols(["http/1.1"])
    if ctx.post_handshake_auth is not None:
        ctx.post_handshake_auth = True
    return ctx


def _env_roots():
    """The CA file and directory OpenSSL's default paths give when
    SSL_CERT_FILE or SSL_CERT_DIR is set (each replaces its default;
    missing ones are skipped), or None when neither is: the library then
    uses the system's roots, which Go finds on its own."""
    paths = ssl.get_default_verify_paths()
    env_file = os.environ.get(paths.openssl_cafile_env)
    env_dir = os.environ.get(paths.openssl_capath_env)
    if not env_file and not env_dir:
        return None
    cafile = env_file or paths.openssl_cafile
    capath = env_dir or paths.openssl_capath
    found = (cafile if os.path.isfile(cafile) else None,
             capath if os.path.isdir(capath) else None)
    if found == (None, None):
        # OpenSSL would trust nothing; fail the connect (file not found)
        # rather than trust the system's roots.
        return cafile, None
    return found


def apply_context(conn, context):
    """Chooses the TLS path of conn, a new HTTPSConnection: the library's
    own TLS for context None, Python's ssl with the caller's context."""
    conn._py_tls = context is not None
    if context is not None:
        return
    h = conn._h

    def set_str(option, value):
        conn._check(lib.gohttp_conn_setopt_str(h, option, value, len(value)))

    env = _env_roots()
    if env is not None:
        if env[0]:
            set_str(_ffi.OPT_TLS_CA_FILE, os.fsencode(env[0]))
        if env[1]:
            set_str(_ffi.OPT_TLS_CA_DIR, os.fsencode(env[1]))
    if conn._http_vsn != 11:
        set_str(_ffi.OPT_TLS_ALPN, b"")  # http.client offers ALPN only for HTTP/1.1


def decode_cert(der):
    """The dictionary SSLSocket.getpeercert() gives for a certificate,
    made by the ssl module's own decoder."""
    import tempfile
    pem = ssl.DER_cert_to_PEM_cert(der)
    fd, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(pem)
        return ssl._ssl._test_decode_cert(path)
    finally:
        os.unlink(path)
