"""include/gohttp.h is plain C that an FFI's cdef can read (DESIGN.md:
no cgo boilerplate, no GoString): its declarations, with the preprocessor
lines taken out (integer #defines kept), go through cffi's parser, and the
library answers through them. Runs where cffi is installed (scripts/test.sh
names those interpreters in $GOHTTP_CFFI_PYTHONS, for the skip message of
the others, and lists the test as skipped when none has it)."""

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


def cdef_source(header):
    """The header as cdef takes it: no #include/#if, integer #defines."""
    out = []
    for line in header.splitlines():
        if line.startswith("#"):
            m = re.match(r"#define (GOHTTP_\w+)\s+(-?\d+|0x[0-9a-fA-F]+)\b", line)
            if m:
                out.append("#define %s %s" % m.groups())
            continue
        if line.startswith('extern "C"') or line.strip() == "}":
            continue
        out.append(line)
    return "\n".join(out)


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
        with open(os.path.join(ROOT, "include", "gohttp.h")) as f:
            header = f.read()
        self.assertNotIn("GoString", header)
        self.assertNotIn("_cgo", header)
        ffi = cffi.FFI()
        ffi.cdef(cdef_source(header))
        import gohttp._ffi as gffi
        lib = ffi.dlopen(gffi.library_path())
        self.assertEqual(ffi.string(lib.gohttp_version()).decode(), gffi.version())
        self.assertEqual(lib.GOHTTP_E_FORKED, -6)
        out = ffi.new("gohttp_conn **")
        self.assertEqual(lib.gohttp_conn_new(b"127.0.0.1:8080", 14, -1, out), 0)
        port = ffi.new("int *")
        self.assertEqual(lib.gohttp_conn_port(out[0], port), 0)
        self.assertEqual(port[0], 8080)
        self.assertEqual(lib.gohttp_conn_free(out[0]), 0)
        info = ffi.new("gohttp_resp_info *")
        self.assertEqual(ffi.sizeof(info[0]), ffi.sizeof("gohttp_resp_info"))


if __name__ == "__main__":
    unittest.main()
