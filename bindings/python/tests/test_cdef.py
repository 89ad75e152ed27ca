"""include/gohttp.cdef.h, the header's declarations for an FFI's cdef
(DESIGN.md: no cgo boilerplate, no GoString), goes through cffi's parser
unchanged, and the library answers through it. Runs where cffi is
installed (scripts/test.sh names those interpreters in
$GOHTTP_CFFI_PYTHONS, for the skip message of the others, and lists the
test as skipped when none has it)."""

import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

try:
    import cffi
except ImportError:  # not every interpreter has it
    cffi = None


def _no_cffi_reason():
    here = "%d.%d" % sys.version_info[:2]
    others = os.environ.get("GOHTTP_CFFI_PYTHONS", "").split()
    if others:
        return ("cffi is not installed for Python %s; the cdef test runs under "
                "Python %s, which has it" % (here, ", ".join(others)))
    return "cffi is not installed for Python %s" % here


@unittest.skipIf(cffi is None, _no_cffi_reason())
class CdefTest(unittest.TestCase):
    def test_header_parses_and_links(self):
        with open(os.path.join(ROOT, "include", "gohttp.cdef.h")) as f:
            cdef = f.read()
        self.assertNotIn("GoString", cdef)
        self.assertNotIn("_cgo", cdef)
        self.assertNotIn("#", cdef)
        ffi = cffi.FFI()
        ffi.cdef(cdef)
        import gohttp._ffi as gffi
        lib = ffi.dlopen(gffi.library_path())
        self.assertEqual(ffi.string(lib.gohttp_version()).decode().split()[0], gffi.version())
        self.assertEqual(lib.GOHTTP_E_FORKED, -6)
        self.assertEqual(lib.GOHTTP_NUL, -1)
        out = ffi.new("gohttp_conn **")
        self.assertEqual(lib.gohttp_conn_new(b"127.0.0.1:8080", lib.GOHTTP_NUL, -1, out), 0)
        info = ffi.new("struct gohttp_conn_info *")
        info.size = ffi.sizeof("struct gohttp_conn_info")
        self.assertEqual(lib.gohttp_conn_info(out[0], info), 0)
        self.assertEqual(info.port, 8080)
        self.assertEqual(info.socket, -1)
        self.assertEqual(lib.gohttp_conn_setopt_double(out[0], lib.GOHTTP_OPT_AUTO_OPEN, 1.0),
                         lib.GOHTTP_E_ARG)
        err = ffi.new("gohttp_error *")
        err.size = ffi.sizeof("gohttp_error")
        self.assertEqual(lib.gohttp_last_error(err), 0)
        self.assertIn("GOHTTP_OPT_AUTO_OPEN", ffi.string(err.message).decode())
        self.assertEqual(ffi.string(lib.gohttp_errname(err.code)), b"GOHTTP_E_ARG")
        self.assertEqual(lib.gohttp_conn_free(out[0]), 0)


if __name__ == "__main__":
    unittest.main()
