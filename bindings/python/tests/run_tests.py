"""Run every test in this folder with unittest.

Usage:  python3.X run_tests.py [-v] [-k PATTERN ...] [-f]

Prints the unittest report, then one line per skipped test,

    SKIP python3.X: TEST_ID: REASON

and a final line of exactly the form

    python3.X: N passed, N failed, N skipped

and exits non-zero on any failure or error (errors count as failed).

Finding gohttp: the tests put ``$GOHTTP_PYTHONPATH`` (os.pathsep-separated)
first on sys.path, or ``<repo>/build/python`` when it is unset; a
``PYTHONPATH`` exported by the Makefile works as well.  Set
``GOHTTP_DIFF_SELFTEST=1`` to run the differential harness with the
standard library on both sides (no gohttp needed).
"""

import argparse
import os
import sys
import unittest
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))


class _CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("-f", "--failfast", action="store_true")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only run tests whose name contains PATTERN")
    args = parser.parse_args(argv)

    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    # unclosed sockets/files are bugs in a test or in the module under test
    warnings.simplefilter("default", ResourceWarning)

    loader = unittest.TestLoader()
    if args.patterns and hasattr(loader, "testNamePatterns"):
        loader.testNamePatterns = ["*%s*" % p for p in args.patterns]
    suite = loader.discover(HERE, pattern="test*.py", top_level_dir=HERE)

    runner = unittest.TextTestRunner(
        stream=sys.stderr, verbosity=2 if args.verbose else 1,
        failfast=args.failfast, resultclass=_CountingResult)
    result = runner.run(suite)

    failed = len(result.failures) + len(result.errors) \
        + len(getattr(result, "unexpectedSuccesses", []))
    skipped = len(result.skipped)
    passed = result.passed
    sys.stderr.flush()
    for test, reason in result.skipped:
        print("SKIP python%d.%d: %s: %s" % (sys.version_info[0], sys.version_info[1],
                                            test.id(), " ".join(str(reason).split())))
    print("python%d.%d: %d passed, %d failed, %d skipped" % (
        sys.version_info[0], sys.version_info[1], passed, failed, skipped))
    sys.stdout.flush()
    return 1 if failed or not result.testsRun else 0


if __name__ == "__main__":
    sys.exit(main())
