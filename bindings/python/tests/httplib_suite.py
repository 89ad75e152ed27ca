"""Run CPython's own test_httplib against gohttp.client.

Usage:  python3 httplib_suite.py [-v] [PYTHON ...]

For each interpreter (the arguments, else those scripts/pythons.sh lists)
this loads that interpreter's ``test.test_httplib``, replaces the module's
global ``client`` (it does ``from http import client``) with
gohttp.client, and runs it with unittest in a child process.  The set of
tests that fail or error is compared with httplib_expected.txt: a test
that fails and is not listed there fails the run, and so does a listed
test that passes (the list must stay honest), or a listed test that does
not exist.  One line per interpreter:

    test_httplib (3.X): N passed, N failed (N expected), N skipped

then the skipped tests with their reasons.  Tests that want a resource
(``support.requires('network')``, ``'walltime'``) are skipped: no test
here reaches beyond 127.0.0.1.  An interpreter without the ``test``
package is reported loudly and not counted; the run fails when no
interpreter could run the suite.

GOHTTP_HTTPLIB_STDLIB=1 leaves the standard library in place (the
expected-failures file is then not used: every test must pass), to check
the runner itself.  gohttp is found as the other tests find it:
GOHTTP_PYTHONPATH, else <repo>/build/python.

Each test is bounded by a deadline (GOHTTP_HTTPLIB_TEST_TIMEOUT seconds,
default 60): a test that hangs ends the child, which is reported with the
test's name and counts as a failure.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
EXPECTED = os.path.join(HERE, "httplib_expected.txt")
STDLIB = os.environ.get("GOHTTP_HTTPLIB_STDLIB") == "1"


# ---------------------------------------------------------------------------
# The expected-failures file

def _version_matches(spec, version):
    """spec: '*', '3.X', '3.X+', '3.X-3.Y' or a comma list of those;
    version: (major, minor)."""
    def parse(s):
        major, minor = s.split(".")
        return int(major), int(minor)
    for part in spec.split(","):
        part = part.strip()
        if part == "*":
            return True
        if part.endswith("+"):
            if version >= parse(part[:-1]):
                return True
        elif "-" in part:
            lo, hi = part.split("-")
            if parse(lo) <= version <= parse(hi):
                return True
        elif version == parse(part):
            return True
    return False


def load_expected(version, path=EXPECTED):
    """Returns ({test: reason} expected to fail, {test: reason} not to
    run), for version (major, minor).  Raises ValueError on a bad line."""
    fail, skip = {}, {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 3)
            if len(parts) < 4 or parts[0] not in ("fail", "skip") or not parts[3].strip():
                raise ValueError("%s:%d: want 'fail|skip VERSIONS Class.test reason', got %r"
                                 % (path, n, line))
            kind, versions, test, reason = parts
            try:
                matches = _version_matches(versions, version)
            except ValueError:
                raise ValueError("%s:%d: bad versions %r" % (path, n, versions))
            if test.count(".") != 1:
                raise ValueError("%s:%d: name a test as Class.test_name, got %r" % (path, n, test))
            if matches:
                target = fail if kind == "fail" else skip
                if test in target:
                    raise ValueError("%s:%d: %s listed twice for this version" % (path, n, test))
                target[test] = reason
    return fail, skip


# ---------------------------------------------------------------------------
# The child: runs the suite in one interpreter, writes a JSON report.

def _short(test):
    """'test.test_httplib.Class.test_x' (or a subtest's id) -> 'Class.test_x'."""
    tid = test.id() if hasattr(test, "id") else str(test)
    tid = tid.split(" ", 1)[0]  # a subtest's id carries its parameters after a space
    parts = tid.split(".")
    return ".".join(parts[-2:])


def child_main(report_path, progress_path, skip_json):
    import faulthandler
    import unittest
    import warnings

    skip = json.loads(skip_json)
    out = {"version": "%d.%d" % sys.version_info[:2]}
    try:
        from test import support
        import test.test_httplib as th
    except Exception as e:  # noqa: a missing test package is reported, not raised
        out["missing"] = "%s: %s" % (type(e).__name__, e)
        with open(report_path, "w") as f:
            json.dump(out, f)
        return 0
    support.use_resources = []  # no 'network', no 'walltime': those tests skip
    support.verbose = False
    if not STDLIB:
        env = os.environ.get("GOHTTP_PYTHONPATH")
        entries = env.split(os.pathsep) if env else [os.path.join(REPO, "build", "python")]
        for entry in reversed([e for e in entries if e]):
            sys.path.insert(0, os.path.abspath(entry))
        import gohttp.client
        if not hasattr(th, "client"):
            raise RuntimeError("test.test_httplib has no global 'client' to replace")
        th.client = gohttp.client
    out["client"] = th.client.__name__

    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(th)
    tests = []

    def flatten(s):
        for t in s:
            if isinstance(t, unittest.TestSuite):
                flatten(t)
            else:
                tests.append(t)
    flatten(suite)
    out["tests"] = sorted({_short(t) for t in tests})
    timeout = float(os.environ.get("GOHTTP_HTTPLIB_TEST_TIMEOUT", "60"))
    progress = open(progress_path, "w")

    class Result(unittest.TestResult):
        def startTest(self, test):
            progress.write(_short(test) + "\n")
            progress.flush()
            faulthandler.dump_traceback_later(timeout, exit=True)
            super().startTest(test)

        def stopTest(self, test):
            faulthandler.cancel_dump_traceback_later()
            super().stopTest(test)

    run = unittest.TestSuite()
    for t in tests:
        name = _short(t)
        if name in skip:
            setattr(t, t._testMethodName,
                    unittest.skip("not run (httplib_expected.txt): " + skip[name])(
                        lambda *a, **k: None))
        run.addTest(t)
    result = Result()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run.run(result)
    faulthandler.cancel_dump_traceback_later()

    failed = {}
    for test, tb in result.failures + result.errors:
        failed.setdefault(_short(test), tb)
    for test in getattr(result, "unexpectedSuccesses", []):
        failed.setdefault(_short(test), "unexpected success of an expectedFailure test")
    skipped = {}
    for test, reason in result.skipped:
        if _short(test) not in failed:  # a failing subtest beside a skipped one: failed
            skipped.setdefault(_short(test), reason)
    out.update(run=result.testsRun, failed=failed, skipped=skipped)
    with open(report_path, "w") as f:
        json.dump(out, f)
    return 0


# ---------------------------------------------------------------------------
# The parent: one child per interpreter, then the comparison.

def pythons():
    out = subprocess.run([os.path.join(REPO, "scripts", "pythons.sh")], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    return out.split()


def run_one(py, verbose):
    """Runs the suite under py; returns (ok, ran) and prints the summary."""
    tmp = tempfile.mkdtemp(prefix="gohttp-httplib-")
    report, progress = os.path.join(tmp, "report.json"), os.path.join(tmp, "progress")
    try:
        vers = subprocess.run([py, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
        version = tuple(int(x) for x in vers.split("."))
        try:
            expected, skip = load_expected(version)
        except ValueError as e:
            print("test_httplib (%s): FAILED: %s" % (vers, e))
            return False, False
        if STDLIB:
            expected, skip = {}, {}
        # Generous: the suite takes about a second; a hang is caught per
        # test by the child's own deadline first.
        per_test = float(os.environ.get("GOHTTP_HTTPLIB_TEST_TIMEOUT", "60"))
        env = dict(os.environ)
        if env.get("GOHTTP_PYTHONPATH"):  # the child runs elsewhere: absolute paths
            env["GOHTTP_PYTHONPATH"] = os.pathsep.join(
                os.path.abspath(e) for e in env["GOHTTP_PYTHONPATH"].split(os.pathsep) if e)
        try:
            proc = subprocess.run(
                [py, os.path.abspath(__file__), "--child", report, progress, json.dumps(skip)],
                cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                universal_newlines=True, timeout=max(per_test * 20, 600))
            output, rc = proc.stdout, proc.returncode
        except subprocess.TimeoutExpired as e:
            output, rc = (e.stdout or ""), "timeout"
        if rc != 0 or not os.path.exists(report):
            last = ""
            if os.path.exists(progress):
                with open(progress) as f:
                    lines = f.read().split()
                last = lines[-1] if lines else ""
            print("test_httplib (%s): FAILED: the child ended with %s%s" % (
                vers, rc, " during %s (hung or crashed)" % last if last else ""))
            print(output[-6000:])
            return False, True
        with open(report) as f:
            rep = json.load(f)
        if "missing" in rep:
            print("!" * 72)
            print("test_httplib (%s): NOT RUN: %s has no test.test_httplib (%s)" % (vers, py, rep["missing"]))
            print("!" * 72)
            return True, False

        tests = set(rep["tests"])
        failed = rep["failed"]
        unexpected = sorted(set(failed) - set(expected))
        passing = sorted(t for t in expected if t in tests and t not in failed and t not in rep["skipped"])
        missing = sorted(t for t in list(expected) + list(skip) if t not in tests)
        n_exp = len(set(failed) & set(expected))
        n_skipped = len(rep["skipped"])
        n_passed = rep["run"] - len(failed) - n_skipped
        print("test_httplib (%s): %d passed, %d failed (%d expected), %d skipped%s" % (
            vers, n_passed, len(failed), n_exp, n_skipped,
            "  [client=%s]" % rep["client"]))
        for t in sorted(rep["skipped"]):
            print("SKIP test_httplib (%s): %s: %s" % (vers, t, rep["skipped"][t]))
        if verbose:
            for t in sorted(set(failed) & set(expected)):
                print("    expected failure %s: %s" % (t, expected[t]))
        for t in unexpected:
            print("    UNEXPECTED FAILURE %s:" % t)
            print("        " + failed[t].rstrip().replace("\n", "\n        "))
        for t in passing:
            print("    UNEXPECTED PASS %s (listed: %s): remove it from httplib_expected.txt"
                  % (t, expected[t]))
        for t in missing:
            print("    LISTED BUT NO SUCH TEST %s in this Python's test_httplib" % t)
        return not (unexpected or passing or missing), True
    finally:
        for name in os.listdir(tmp):
            os.remove(os.path.join(tmp, name))
        os.rmdir(tmp)


def main(argv):
    if argv[:1] == ["--child"]:
        return child_main(*argv[1:4])
    verbose = "-v" in argv
    pys = [a for a in argv if a != "-v"] or pythons()
    ok_all, ran_any = True, False
    for py in pys:
        ok, ran = run_one(py, verbose)
        ok_all = ok_all and ok
        ran_any = ran_any or ran
    if not ran_any:
        print("test_httplib: no interpreter could run CPython's test_httplib")
        return 1
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
