"""TLS for gohttp.client.HTTPSConnection: an ``ssl.SSLContext`` mapped onto
libgohttp's TLS options (``gohttp_conn_set_tls_str`` / ``_int``).

The handshake runs in the library (Go's crypto/tls), not in OpenSSL, so a
context is read, never used: its settings are copied into the connection
when it is created.

What is copied:

- ``verify_mode``: ``CERT_NONE`` turns verification off (as
  ``ssl._create_unverified_context()`` does); ``CERT_OPTIONAL`` and
  ``CERT_REQUIRED`` verify, as OpenSSL does on the client side.
- ``check_hostname``.
- ``minimum_version`` / ``maximum_version`` (and ``OP_NO_TLSv1_2`` /
  ``OP_NO_TLSv1_3`` in ``options``). TLS 1.0 and 1.1 are never offered:
  a lower minimum counts as TLS 1.2.
- The trusted CAs, the client certificate chain and the ALPN protocols,
  as recorded (below).

Recording. A context cannot be asked which CA files, directories or
client certificate it loaded, nor its ALPN list. So importing
``gohttp.client`` wraps four methods of ``ssl.SSLContext`` (the class
itself, so every context made afterwards, including those of
``ssl.create_default_context()`` and ``ssl._create_unverified_context()``):
``load_verify_locations``, ``load_cert_chain``,
``set_default_verify_paths`` (which ``load_default_certs`` calls) and
``set_alpn_protocols``. Each wrapper calls the original unchanged (same
arguments, same result, same exceptions) and then notes what was loaded
in the context's ``_gohttp_tls`` attribute. Hence:

- ``cafile`` / ``capath`` / ``cadata`` reach the library (file names made
  absolute; the files are read when a connection connects, and parsed
  once while they do not change; ``cadata`` as PEM text or DER bytes).
  Like OpenSSL, the library then trusts only them, plus the system's
  roots if the context also loaded the default certificates. A capath
  may use any file names (OpenSSL wants hashed ones).
- ``load_cert_chain(certfile, keyfile, password)`` reaches it, with the
  password (a callable is called once, by OpenSSL, and its answer kept).
  Encrypted keys may use legacy PEM or PKCS #8 (PBES2) encryption.
- ``set_alpn_protocols`` reaches it. Without it the library offers
  "http/1.1" (http.client offers it only in its default context).
- When nothing was loaded, the system's roots are trusted (Go finds
  them). ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` are honoured as OpenSSL
  honours them: each replaces the default file or directory.

A context made before ``gohttp.client`` was imported (or by a class that
is not ``ssl.SSLContext``) has no record: its CAs are taken from
``get_ca_certs()`` (what it loaded from files and data; not a ``capath``,
which OpenSSL reads lazily), or the system's roots when that is empty;
its client certificate cannot be known and is not sent.

Not mapped: ciphers, ``verify_flags`` (CRLs, strict mode),
``post_handshake_auth`` (crypto/tls has no TLS 1.3 post-handshake
authentication), session tickets and keylog files.
"""

import functools
import os
import ssl

from . import _ffi
from ._ffi import lib

__all__ = ["apply_context", "default_https_context"]

_ATTR = "_gohttp_tls"

_TLS12, _TLS13 = 0x0303, 0x0304


class _Loaded:
    """What a context loaded, as far as the library needs to know."""

    __slots__ = ("system", "cafiles", "capaths", "cadata", "chain", "alpn")

    def __init__(self):
        self.system = False   # set_default_verify_paths / load_default_certs
        self.cafiles = []     # absolute file names, bytes
        self.capaths = []     # absolute directory names, bytes
        self.cadata = []      # PEM text or DER certificates, bytes
        self.chain = None     # (certfile, keyfile or None, password or None), bytes
        self.alpn = None      # list of protocol names, bytes


def _loaded(ctx):
    rec = ctx.__dict__.get(_ATTR)
    if rec is None:
        rec = _Loaded()
        setattr(ctx, _ATTR, rec)
    return rec


def _path(p):
    return os.path.abspath(os.fsencode(p))


def _password_bytes(pw):
    if pw is None:
        return None
    if isinstance(pw, str):
        return pw.encode("utf-8")
    return bytes(pw)


def _install():
    """Wraps ssl.SSLContext's loading methods to record their arguments."""
    cls = ssl.SSLContext
    if getattr(cls.load_verify_locations, "_gohttp_recording", False):
        return

    def wrap(orig):
        def deco(f):
            f = functools.wraps(orig)(f)
            f._gohttp_recording = True
            return f
        return deco

    load_verify_locations = cls.load_verify_locations
    load_cert_chain = cls.load_cert_chain
    set_default_verify_paths = cls.set_default_verify_paths
    set_alpn_protocols = cls.set_alpn_protocols

    @wrap(load_verify_locations)
    def _load_verify_locations(self, cafile=None, capath=None, cadata=None):
        result = load_verify_locations(self, cafile, capath, cadata)
        rec = _loaded(self)
        if cafile is not None:
            rec.cafiles.append(_path(cafile))
        if capath is not None:
            rec.capaths.append(_path(capath))
        if cadata is not None:
            rec.cadata.append(cadata.encode("ascii") if isinstance(cadata, str) else bytes(cadata))
        return result

    @wrap(load_cert_chain)
    def _load_cert_chain(self, certfile, keyfile=None, password=None):
        given = []
        pw = password
        if callable(password):
            def pw():
                value = password()
                given[:] = [value]
                return value
        result = load_cert_chain(self, certfile, keyfile, pw)
        if callable(password):
            password = given[0] if given else None
        _loaded(self).chain = (_path(certfile), None if keyfile is None else _path(keyfile),
                               _password_bytes(password))
        return result

    @wrap(set_default_verify_paths)
    def _set_default_verify_paths(self):
        result = set_default_verify_paths(self)
        _loaded(self).system = True
        return result

    @wrap(set_alpn_protocols)
    def _set_alpn_protocols(self, alpn_protocols):
        result = set_alpn_protocols(self, alpn_protocols)
        _loaded(self).alpn = [bytes(p, "ascii") if isinstance(p, str) else bytes(p)
                              for p in alpn_protocols]
        return result

    cls.load_verify_locations = _load_verify_locations
    cls.load_cert_chain = _load_cert_chain
    cls.set_default_verify_paths = _set_default_verify_paths
    cls.set_alpn_protocols = _set_alpn_protocols


_install()


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


def _version(v, op_min, op_max):
    """A TLSVersion as the library's number: 0 for MINIMUM_SUPPORTED and
    MAXIMUM_SUPPORTED, else clamped to TLS 1.0 .. TLS 1.3."""
    v = int(v)
    if v < 0:
        return 0
    return min(max(v, op_min), op_max)


def apply_context(conn, context):
    """Copies context (an ssl.SSLContext, or None for http.client's
    default) into the TLS options of conn, a new HTTPSConnection."""
    h = conn._h

    def set_str(option, value):
        conn._check(lib.gohttp_conn_set_tls_str(h, option, value, len(value)))

    def set_int(option, value):
        conn._check(lib.gohttp_conn_set_tls_int(h, option, int(value)))

    def ca_file(f):
        set_str(_ffi.TLS_CA_FILE, os.fsencode(f))

    def ca_dir(d):
        set_str(_ffi.TLS_CA_DIR, os.fsencode(d))

    def system_roots():
        env = _env_roots()
        if env is None:
            return False
        if env[0]:
            ca_file(env[0])
        if env[1]:
            ca_dir(env[1])
        return True

    if context is None:
        system_roots()
        if conn._http_vsn != 11:
            set_str(_ffi.TLS_ALPN, b"")  # http.client offers ALPN only for HTTP/1.1
        return

    verify = getattr(context, "verify_mode", ssl.CERT_REQUIRED) != ssl.CERT_NONE
    rec = getattr(context, "__dict__", {}).get(_ATTR)
    if not verify:
        set_int(_ffi.TLS_VERIFY, 0)
    elif not getattr(context, "check_hostname", True):
        set_int(_ffi.TLS_CHECK_HOSTNAME, 0)

    options = getattr(context, "options", 0)
    lo = _version(getattr(context, "minimum_version", -2), 0x0301, _TLS13)
    hi = _version(getattr(context, "maximum_version", -1), 0x0301, _TLS13)
    if options & getattr(ssl, "OP_NO_TLSv1_3", 0) and (hi == 0 or hi > _TLS12):
        hi = _TLS12
    if options & getattr(ssl, "OP_NO_TLSv1_2", 0) and not options & getattr(ssl, "OP_NO_TLSv1_3", 0):
        lo = max(lo, _TLS13)
    if lo:
        set_int(_ffi.TLS_MIN_VERSION, lo)
    if hi:
        set_int(_ffi.TLS_MAX_VERSION, hi)

    if verify:
        if rec is None:
            # Not recorded: the certificates it holds (from files and
            # data, not from a capath).
            ders = context.get_ca_certs(binary_form=True) if hasattr(context, "get_ca_certs") else []
            if ders:
                set_str(_ffi.TLS_CA_PEM, b"".join(ders))
            else:
                system_roots()
        elif rec.cafiles or rec.capaths or rec.cadata:
            for f in rec.cafiles:
                ca_file(f)
            for d in rec.capaths:
                ca_dir(d)
            for data in rec.cadata:
                set_str(_ffi.TLS_CA_PEM, data)
            if rec.system and not system_roots():
                set_int(_ffi.TLS_SYSTEM_ROOTS, 1)
        else:
            system_roots()

    if rec is not None and rec.chain is not None:
        certfile, keyfile, password = rec.chain
        set_str(_ffi.TLS_CERT_FILE, certfile)
        if keyfile is not None:
            set_str(_ffi.TLS_KEY_FILE, keyfile)
        if password is not None:
            set_str(_ffi.TLS_KEY_PASSWORD, password)

    if rec is not None and rec.alpn is not None:
        set_str(_ffi.TLS_ALPN, b",".join(rec.alpn))
    elif conn._http_vsn != 11:
        set_str(_ffi.TLS_ALPN, b"")
