"""Differential test harness: the standard library's ``http.client`` against
``gohttp.client``.

Standard library only; runs on Python 3.8 and later.

A *case* is a scripted server (see ``scripted.py``) plus a *client program*:
a function ``client(mod, host, port, rec)`` that drives ``mod`` (either
``http.client`` or ``gohttp.client``) against the server and records every
operation's outcome with ``rec`` (a ``Recorder``).  ``run_case(case, mod)``
returns the outcome: a dict with the recorded results, the bytes the server
received on each scripted connection, and the bytes received on connections
beyond the script.  A test asserts

    run_case(case, http.client) == run_case(case, gohttp.client)

and prints a unified diff of the two outcomes when they differ.

Reference behaviour is CPython 3.13's.  A case marked ``since=(3, 13)``
(always together with the behaviour.md row that changed, section 1.T) gets
its reference outcome, when the running interpreter is older, from the
reference Python, CPython 3.13.0 (``find_reference_python``; never another
version): the stdlib side of the same case runs there in a
subprocess (``child_main``) and the outcome comes back as a Python literal
(``repr``/``ast.literal_eval``).

A case may carry ``expect_gohttp``: an explicit outcome that replaces the
stdlib reference, for the few rows where gohttp deliberately adopts the
hardening that came after 3.13.0 (behaviour.md HC-T3).  Expected outcomes may
contain the matchers ``ANY``, ``Match(regex)`` and ``AnyOf(...)``.

Environment:

``GOHTTP_DIFF_SELFTEST=1``
    The "gohttp" side is the standard library's ``http.client`` too (the
    harness checking itself: every case must be deterministic).  On an
    interpreter older than a case's ``since`` both sides come from the
    reference Python, in two separate runs.  For ``expect_gohttp`` cases the
    stdlib reference is run twice and compared with itself.
``GOHTTP_PYTHONPATH``
    ``os.pathsep``-separated folders put first on ``sys.path`` before
    ``gohttp`` is imported.  Unset: ``<repo>/build/python`` (found relative
    to this file) is put first instead, so a ``PYTHONPATH`` set by the
    Makefile keeps working too (it only comes after).
``GOHTTP_REFERENCE_PYTHON``
    Interpreter to use as the reference; it must be CPython 3.13.0
    (default: pyenv's 3.13.0, else python3.13 on PATH).

Command line (development tools, not tests):

``python3.X difftest.py --audit [test_module]``
    Run every case's stdlib side locally and under the reference Python and
    list the cases whose outcome differs, with their ``since`` marks.
``python3.X difftest.py --show CASE [test_module]``
    Print the stdlib outcome of one case.
"""

import ast
import difflib
import http.client
import importlib
import os
import pprint
import re
import shutil
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from scripted import ScriptedServer  # noqa: E402

SELFTEST = os.environ.get("GOHTTP_DIFF_SELFTEST", "") not in ("", "0")
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_GOHTTP_PATH = os.path.join(REPO, "build", "python")
VERSION = sys.version_info[:2]
CHILD_MARK = "=====DIFFTEST-OUTCOMES====="
DEFAULT_TIMEOUT = 5

__all__ = [
    "Case", "Recorder", "run_case", "check_case", "register", "REGISTRY",
    "ANY", "Match", "AnyOf", "same", "candidate_module", "SELFTEST",
]


# ---------------------------------------------------------------------------
# matchers usable inside expect_gohttp outcomes

class _AnyType:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __repr__(self):
        return "ANY"

    __hash__ = None


ANY = _AnyType()


class Match:
    """Equal to any str that ``re.search`` finds ``pattern`` in."""

    def __init__(self, pattern):
        self.pattern = pattern

    def __eq__(self, other):
        return isinstance(other, str) and re.search(self.pattern, other) is not None

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "Match(%r)" % (self.pattern,)

    __hash__ = None


class AnyOf:
    """Equal to anything equal to one of ``alternatives``."""

    def __init__(self, *alternatives):
        self.alternatives = alternatives

    def __eq__(self, other):
        return any(a == other for a in self.alternatives)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "AnyOf(%s)" % ", ".join(map(repr, self.alternatives))

    __hash__ = None


def same(expected, actual):
    """Type-strict equality of outcomes (True != 1, 1.0 != 1, [] != ()),
    honouring the matchers ANY, Match and AnyOf on the expected side."""
    if isinstance(expected, AnyOf):
        return any(same(alt, actual) for alt in expected.alternatives)
    if isinstance(expected, (_AnyType, Match)):
        return expected == actual
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, dict):
        return (list(expected) == list(actual)
                and all(same(expected[k], actual[k]) for k in expected))
    if isinstance(expected, (list, tuple)):
        return (len(expected) == len(actual)
                and all(same(e, a) for e, a in zip(expected, actual)))
    return expected == actual


# ---------------------------------------------------------------------------
# normalisation of recorded values

_EXC_MODULE_ALIASES = {"builtins": ""}


def exc_class_name(t):
    """'ValueError' for builtins, 'http.client.BadStatusLine' otherwise."""
    mod = _EXC_MODULE_ALIASES.get(t.__module__, t.__module__)
    return t.__qualname__ if not mod else "%s.%s" % (mod, t.__qualname__)


def exc_info(e):
    """A comparable description of an exception."""
    extra = []
    if isinstance(e, http.client.IncompleteRead):
        extra.append(("partial", norm(e.partial)))
        extra.append(("expected", norm(e.expected)))
    if isinstance(e, http.client.BadStatusLine):
        extra.append(("line", norm(getattr(e, "line", None))))
    if isinstance(e, http.client.UnknownProtocol):
        extra.append(("version", norm(getattr(e, "version", None))))
    if isinstance(e, OSError):
        extra.append(("errno", norm(e.errno)))
    try:
        text = str(e)
    except Exception as inner:  # pragma: no cover - defensive
        text = "<str() raised %s>" % type(inner).__name__
    return (exc_class_name(type(e)), text, norm(e.args), tuple(extra))


def norm(v):
    """Turn a value into a comparable, literal_eval-able form."""
    if v is None or type(v) in (bool, str, bytes, float):
        return v
    if isinstance(v, str):
        return ("str-subclass", type(v).__name__, str(v))
    if isinstance(v, bytes):
        return ("bytes-subclass", type(v).__name__, bytes(v))
    if isinstance(v, int):
        if type(v) is int:
            return v
        return ("int-subclass", type(v).__name__, int(v))
    if isinstance(v, bytearray):
        return ("bytearray", bytes(v))
    if isinstance(v, memoryview):
        return ("memoryview", v.tobytes())
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, tuple):
        return tuple(norm(x) for x in v)
    if isinstance(v, dict):
        return ("dict", [(norm(k), norm(x)) for k, x in v.items()])
    if isinstance(v, BaseException):
        return ("exception",) + exc_info(v)
    if hasattr(v, "items") and hasattr(v, "get_all"):   # HTTPMessage
        return ("message", type(v).__name__, [norm(x) for x in v.items()])
    return ("object", type(v).__name__)


def _scrub(v, port):
    """Replace ':<port>' by ':<PORT>' everywhere (ports differ per run)."""
    s_old, s_new = ":%d" % port, ":<PORT>"
    b_old, b_new = s_old.encode(), s_new.encode()
    if isinstance(v, str):
        return v.replace(s_old, s_new)
    if isinstance(v, bytes):
        return v.replace(b_old, b_new)
    if isinstance(v, list):
        return [_scrub(x, port) for x in v]
    if isinstance(v, tuple):
        return tuple(_scrub(x, port) for x in v)
    if isinstance(v, dict):
        return {k: _scrub(x, port) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------
# the recorder handed to client programs

class Recorder:
    """Records the outcome of each operation a client program performs.

    ``do(label, fn, *args, **kw)`` calls ``fn`` and records its normalised
    return value, or the exception (class, str, args, and partial/expected,
    line, version or errno).  It returns the value, or None when ``fn``
    raised; ``rec.failed`` tells which.  Objects created through the
    recorder (``connect``, ``getresponse``, ``track``) are closed at the end
    of the case.
    """

    def __init__(self, mod, host, port):
        self.mod = mod
        self.host = host
        self.port = port
        self.results = []
        self.failed = False
        self._objs = []

    # bookkeeping
    def track(self, obj):
        self._objs.append(obj)
        return obj

    def cleanup(self):
        for obj in reversed(self._objs):
            try:
                obj.close()
            except Exception:
                pass
        self._objs = []

    # recording
    def note(self, label, value):
        self.results.append((label, "ok", norm(value)))

    def do(self, label, fn, *args, **kw):
        try:
            value = fn(*args, **kw)
        except Exception as e:
            self.failed = True
            self.results.append((label, "raise", exc_info(e)))
            return None
        self.failed = False
        self.results.append((label, "ok", norm(value)))
        return value

    def connect(self, host=None, port=None, timeout=DEFAULT_TIMEOUT,
                cls=None, label=None, **kw):
        """Create ``mod.HTTPConnection(host, port, timeout=...)``.

        Construction errors are recorded (and None is returned).
        """
        cls = cls or self.mod.HTTPConnection
        host = self.host if host is None else host
        port = self.port if port is None else port
        args = (host,) if port is False else (host, port)
        conn = self.do(label or "HTTPConnection", cls, *args,
                       timeout=timeout, **kw)
        if conn is not None:
            self.track(conn)
        return conn

    def state(self, r, label="state"):
        """Record the response's public state."""
        def safe(fn):
            try:
                return norm(fn())
            except Exception as e:
                return ("raise",) + exc_info(e)
        items = []
        for attr in ("status", "reason", "version", "will_close",
                     "length", "chunked"):
            items.append((attr, safe(lambda a=attr: getattr(r, a))))
        items.append(("isclosed", safe(r.isclosed)))
        items.append(("closed", safe(lambda: r.closed)))
        items.append(("getheaders", safe(r.getheaders)))
        self.results.append((label, "state", tuple(items)))

    def getresponse(self, conn, label="getresponse"):
        """``conn.getresponse()``, recording the exception or the state."""
        r = self.do(label, conn.getresponse)
        if self.failed:
            return None
        self.track(r)
        self.state(r, label + ".state")
        return r

    def request(self, conn, *args, **kw):
        label = kw.pop("label", "request")
        return self.do(label, conn.request, *args, **kw)

    def ops(self, r, ops):
        """Run a list of read operations on a response; see ``run_ops``."""
        run_ops(self, r, ops)


def _label(name, args):
    return "%s(%s)" % (name, ", ".join(repr(a) for a in args))


def run_ops(rec, r, ops):
    """Run read/accessor operations given as tuples.

    ``("read",)``, ``("read", n)``, ``("read1",)``, ``("read1", n)``,
    ``("peek",)``, ``("peek", n)``, ``("readline",)``, ``("readline", n)``,
    ``("readinto", size)`` (records (return value, buffer contents)),
    ``("iter",)`` (``list(r)``), ``("next",)``, ``("getheader", name[,
    default])``, ``("getheaders",)``, ``("isclosed",)``, ``("closed",)``,
    ``("close",)``, ``("state",)``, ``("attr", name)``, ``("defects",)``
    (class names of ``r.msg.defects``), ``("info",)``, ``("getcode",)``,
    ``("geturl",)``, ``("readable",)``, ``("flush",)``, ``("msg", method,
    *args)`` (calls an ``HTTPMessage`` method on ``r.msg``).
    """
    for op in ops:
        name, args = op[0], tuple(op[1:])
        label = _label(name, args)
        if name in ("read", "read1", "peek", "readline", "getheader",
                    "getheaders", "isclosed", "close", "info", "getcode",
                    "geturl", "readable", "flush"):
            rec.do(label, getattr(r, name), *args)
        elif name == "readinto":
            buf = bytearray(args[0])

            def _readinto(buf=buf):
                n = r.readinto(buf)
                return (n, bytes(buf))
            rec.do(label, _readinto)
        elif name == "iter":
            rec.do(label, lambda: list(r))
        elif name == "next":
            rec.do(label, lambda: next(r))
        elif name == "closed":
            rec.do(label, lambda: r.closed)
        elif name == "state":
            rec.state(r)
        elif name == "attr":
            rec.do(label, getattr, r, args[0])
        elif name == "msg":
            rec.do(label, lambda: getattr(r.msg, args[0])(*args[1:]))
        elif name == "defects":
            rec.do(label, lambda: [type(d).__name__ for d in r.msg.defects])
        else:
            raise ValueError("unknown op %r" % (op,))


# ---------------------------------------------------------------------------
# cases

class Case:
    """One differential case.

    ``script``: the server script (list of per-connection step lists).
    ``client``: ``client(mod, host, port, rec)``.
    ``rows``: behaviour.md row IDs.
    ``since``: (major, minor) of the first CPython with the reference
    behaviour; older interpreters get the reference from CPython 3.13.0.
    ``expect_gohttp``: explicit outcome replacing the stdlib reference.
    ``ipv6``: serve on ::1 instead of 127.0.0.1.
    ``allow_idle``: the script may hit a receive idle timeout (otherwise
    self-test mode flags it as a timing-dependent script).
    ``local_reference``: the outcome differs across CPython versions on
    purpose and gohttp must match the *running* interpreter (e.g. the
    socket.timeout class, distinct from TimeoutError before 3.10); only
    informs ``--audit``.
    """

    def __init__(self, name, rows, script, client, since=None,
                 expect_gohttp=None, doc="", ipv6=False, allow_idle=False,
                 local_reference=False):
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise ValueError("bad case name %r" % name)
        if isinstance(rows, str):
            rows = tuple(rows.split())
        self.name = name
        self.rows = tuple(rows)
        self.script = script
        self.client = client
        self.since = tuple(since) if since else None
        self.expect_gohttp = expect_gohttp
        self.doc = doc
        self.ipv6 = ipv6
        self.allow_idle = allow_idle
        self.local_reference = local_reference
        self.module = None

    def needs_newer_reference(self):
        return self.since is not None and VERSION < self.since

    def description(self):
        text = "%s [%s]" % (self.name, ", ".join(self.rows))
        if self.doc:
            text += ": " + self.doc
        if self.since:
            text += (" (version-sensitive: reference is CPython %d.%d+ "
                     "behaviour; on older interpreters it comes from the "
                     "reference CPython 3.13.0 in a subprocess)" % self.since)
        if self.expect_gohttp is not None:
            text += " (deliberate gohttp hardening: explicit expect_gohttp)"
        return text


REGISTRY = {}


def register(case, module_name):
    key = (module_name, case.name)
    if key in REGISTRY:
        raise ValueError("duplicate case name %r" % case.name)
    case.module = module_name
    REGISTRY[key] = case
    return case


def cases_of(module_name):
    return [c for (m, _), c in REGISTRY.items() if m == module_name]


def ipv6_available():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        return False
    try:
        s.bind(("::1", 0))
        return True
    except OSError:
        return False
    finally:
        s.close()


LAST_RUN = {"idle_timeouts": 0}


def run_case(case, mod):
    """Run ``case`` with module ``mod``; return the outcome dict."""
    family = socket.AF_INET6 if case.ipv6 else socket.AF_INET
    server = ScriptedServer(case.script, family=family)
    rec = Recorder(mod, server.host, server.port)
    try:
        try:
            case.client(mod, server.host, server.port, rec)
        except Exception as e:
            rec.results.append(("<client program>", "raise", exc_info(e)))
        finally:
            rec.cleanup()
    finally:
        server.close()
    LAST_RUN["idle_timeouts"] = server.idle_timeouts
    outcome = {
        "results": rec.results,
        "received": server.received,
        "extra": server.extra,
    }
    return _scrub(outcome, server.port)


def format_outcome(outcome):
    lines = []
    for key in ("results", "received", "extra"):
        lines.append("%s:" % key)
        for item in outcome.get(key, []):
            text = pprint.pformat(item, width=100)
            lines.extend("    " + t for t in text.splitlines())
    return lines


def diff_outcomes(expected, actual, expected_name, actual_name):
    a = format_outcome(expected)
    b = format_outcome(actual)
    diff = list(difflib.unified_diff(a, b, expected_name, actual_name,
                                     lineterm="", n=3))
    if not diff:
        # equal text but unequal values (e.g. matchers); show both
        diff = ["--- %s" % expected_name] + a + ["+++ %s" % actual_name] + b
    return "\n".join(diff)


# ---------------------------------------------------------------------------
# the module under test

_candidate = None
_candidate_error = None


def setup_gohttp_path():
    env = os.environ.get("GOHTTP_PYTHONPATH")
    entries = env.split(os.pathsep) if env else [DEFAULT_GOHTTP_PATH]
    for entry in reversed([e for e in entries if e]):
        entry = os.path.abspath(entry)
        if entry not in sys.path:
            sys.path.insert(0, entry)


def candidate_module():
    """``gohttp.client`` (or ``http.client`` in self-test mode).

    Raises RuntimeError (with the import error) when gohttp cannot be
    imported and self-test mode is off: the tests then fail, never skip.
    """
    global _candidate, _candidate_error
    if SELFTEST:
        return http.client
    if _candidate is None and _candidate_error is None:
        setup_gohttp_path()
        try:
            _candidate = importlib.import_module("gohttp.client")
        except Exception as e:  # ImportError, OSError from ctypes, ...
            _candidate_error = "%s: %s" % (type(e).__name__, e)
    if _candidate is None:
        raise RuntimeError(
            "gohttp.client cannot be imported (%s); sys.path[0:3]=%r. Build "
            "it first (make), set GOHTTP_PYTHONPATH, or set "
            "GOHTTP_DIFF_SELFTEST=1 to run the harness against http.client "
            "alone." % (_candidate_error, sys.path[0:3]))
    return _candidate


# ---------------------------------------------------------------------------
# the reference Python, for version-sensitive cases

# CPython 3.13.0: the http.client the Go tables were generated from
# (scripts/gen_tables.py) and the one this suite compares with. Never the
# newest interpreter that happens to be installed: a later 3.13.x or 3.14
# answers some cases differently.
REFERENCE = (3, 13, 0)
_ref_python = None


def _probe(exe):
    """(major, minor, micro) of CPython exe, or None."""
    try:
        out = subprocess.run(
            [exe, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3], "
                        "sys.implementation.name)"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60,
            universal_newlines=True)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    m = re.match(r"^(\d+)\.(\d+)\.(\d+) cpython$", out.stdout.strip())
    return tuple(int(x) for x in m.groups()) if m else None


def find_reference_python():
    """(executable, (major, minor)) of the reference, CPython 3.13.0.

    ``GOHTTP_REFERENCE_PYTHON`` wins; otherwise pyenv's 3.13.0 (under
    ``$PYENV_ROOT`` or ``~/.pyenv``), ``python3.13`` on PATH and the running
    interpreter are probed, and the first that is CPython 3.13.0 is used.
    Raises RuntimeError, saying what to install, when there is none: the
    tests that need it fail rather than compare with another version.
    """
    global _ref_python
    if _ref_python is not None:
        return _ref_python
    want = ".".join(map(str, REFERENCE))
    env = os.environ.get("GOHTTP_REFERENCE_PYTHON")
    if env:
        if _probe(env) != REFERENCE:
            raise RuntimeError("GOHTTP_REFERENCE_PYTHON=%r is not CPython %s "
                               "(the reference)" % (env, want))
        _ref_python = (env, REFERENCE[:2])
        return _ref_python
    candidates = []
    for root in (os.environ.get("PYENV_ROOT"), os.path.expanduser("~/.pyenv")):
        if root:
            candidates.append(os.path.join(root, "versions", want, "bin", "python3"))
    candidates.append(shutil.which("python3.13"))
    candidates.append(sys.executable)
    for exe in candidates:
        if exe and os.access(exe, os.X_OK) and _probe(exe) == REFERENCE:
            _ref_python = (exe, REFERENCE[:2])
            return _ref_python
    raise RuntimeError(
        "the differential suite's reference, CPython %s, is not installed "
        "(looked at %s): install it (pyenv install %s) or set "
        "GOHTTP_REFERENCE_PYTHON" % (want, ", ".join(c for c in candidates if c), want))


_child_cache = {}


def subprocess_outcomes(module_name, repeat=1):
    """Outcomes of every case of ``module_name`` that needs a newer
    reference, computed by the reference Python (CPython 3.13.0):
    {name: [outcome, ...]}."""
    key = (module_name, repeat)
    if key in _child_cache:
        return _child_cache[key]
    names = [c.name for c in cases_of(module_name)
             if c.needs_newer_reference()]
    _child_cache[key] = _run_child(module_name, names, repeat)
    return _child_cache[key]


def _run_child(module_name, names, repeat):
    exe, version = find_reference_python()
    if not names:
        return {}
    code = ("import sys; sys.path.insert(0, %r); import difftest; "
            "difftest.child_main()" % HERE)
    env = dict(os.environ)
    env["GOHTTP_DIFF_CHILD"] = "1"
    env.pop("PYTHONHOME", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run(
        [exe, "-c", code, module_name, str(repeat)] + names,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE, env=env,
        timeout=300, universal_newlines=True)
    if proc.returncode != 0 or CHILD_MARK not in proc.stdout:
        raise RuntimeError(
            "reference subprocess %s (Python %d.%d) failed with rc=%s:\n%s\n%s"
            % (exe, version[0], version[1], proc.returncode,
               proc.stdout[-2000:], proc.stderr[-4000:]))
    payload = proc.stdout.split(CHILD_MARK, 1)[1]
    result = ast.literal_eval(payload.strip())
    result["__python__"] = (exe, version)
    return result


def child_main():
    """Entry point of the reference subprocess (see ``_run_child``)."""
    module_name, repeat = sys.argv[1], int(sys.argv[2])
    names = sys.argv[3:]
    importlib.import_module(module_name)
    cases = {c.name: c for c in cases_of(module_name)}
    out = {}
    for name in names:
        out[name] = [run_case(cases[name], http.client)
                     for _ in range(repeat)]
    sys.stdout.write("\n" + CHILD_MARK + "\n" + repr(out) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# the check run by each test

def _reference_label(case):
    if case.needs_newer_reference():
        exe, v = find_reference_python()
        return "http.client (Python %d.%d, %s)" % (v[0], v[1], exe)
    return "http.client (Python %d.%d)" % VERSION


def check_case(tc, case):
    """Assert the candidate's outcome equals the reference (or
    ``expect_gohttp``).  ``tc`` is the unittest.TestCase."""
    if case.ipv6 and not ipv6_available():
        tc.skipTest("IPv6 loopback (::1) not available")
    if case.needs_newer_reference():
        exe, v = find_reference_python()
        if v < case.since:
            tc.fail("case %s needs CPython %d.%d+ behaviour, newer than the "
                    "reference CPython %d.%d (%s)" % ((case.name,) + case.since + v + (exe,)))

    if SELFTEST:
        # both sides are the standard library: check determinism
        if case.needs_newer_reference():
            first, second = subprocess_outcomes(case.module, 2)[case.name]
        else:
            first = run_case(case, http.client)
            if LAST_RUN["idle_timeouts"] and not case.allow_idle:
                tc.fail("case %s: a server receive step timed out waiting "
                        "for the client (timing-dependent script)" % case.name)
            second = run_case(case, http.client)
        if not same(first, second):
            tc.fail("case %s is not deterministic (self-test, %s):\n%s" % (
                case.name, _reference_label(case),
                diff_outcomes(first, second, "run 1", "run 2")))
        if case.expect_gohttp is not None:
            # the expectation must at least have the reference's shape
            exp = case.expect_gohttp
            alts = exp.alternatives if isinstance(exp, AnyOf) else (exp,)
            for alt in alts:
                tc.assertEqual(sorted(alt), sorted(first),
                               "expect_gohttp of %s is malformed" % case.name)
        return

    mod = candidate_module()
    if case.expect_gohttp is not None:
        expected = case.expect_gohttp
        expected_name = "expect_gohttp (deliberate hardening, %s)" % (
            ", ".join(case.rows))
    elif case.needs_newer_reference():
        expected = subprocess_outcomes(case.module, 1)[case.name][0]
        expected_name = _reference_label(case)
    else:
        expected = run_case(case, http.client)
        expected_name = _reference_label(case)
    actual = run_case(case, mod)
    if not same(expected, actual):
        tc.fail("gohttp differs from %s in case %s [%s]:\n%s" % (
            expected_name, case.name, ", ".join(case.rows),
            diff_outcomes(expected, actual, expected_name,
                          "%s (Python %d.%d)" % ((mod.__name__,) + VERSION))))


# ---------------------------------------------------------------------------
# development tools

def _audit(module_name):
    importlib.import_module(module_name)
    cases = cases_of(module_name)
    exe, v = find_reference_python()
    print("local Python %d.%d vs reference %d.%d (%s)" % (VERSION + v + (exe,)))
    ref = _run_child(module_name, [c.name for c in cases], 1)
    bad = 0
    for c in cases:
        local = run_case(c, http.client)
        equal = same(ref[c.name][0], local)
        mark = "since=%s" % (c.since,) if c.since else "unmarked"
        if not equal:
            status = "DIFFERS"
            if c.expect_gohttp is not None:
                status += " (expect_gohttp case: reference unused)"
            elif c.local_reference:
                status += " (compared with the running Python on purpose)"
            elif c.since is None or VERSION >= c.since:
                status += " (needs a since mark!)"
                bad += 1
            print("%-45s %-16s %s" % (c.name, mark, status))
            print("    " + diff_outcomes(ref[c.name][0], local,
                                         "reference", "local").replace(
                                             "\n", "\n    "))
        elif c.since and VERSION < c.since:
            print("%-45s %-16s same as reference (mark not needed here)"
                  % (c.name, mark))
    print("%d case(s) differ without a matching since mark" % bad)
    return 1 if bad else 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--audit":
        module = argv[1] if len(argv) > 1 else "test_differential"
        return _audit(module)
    if argv and argv[0] == "--show":
        module = argv[2] if len(argv) > 2 else "test_differential"
        importlib.import_module(module)
        case = {c.name: c for c in cases_of(module)}[argv[1]]
        print(case.description())
        print("\n".join(format_outcome(run_case(case, http.client))))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    import difftest as _self   # use the importable module, not __main__
    sys.exit(_self.main())
