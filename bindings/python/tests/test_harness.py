"""Self-checks of the differential harness (scripted.py, difftest.py).

These need neither gohttp nor self-test mode: they prove that the harness
notices differences, records bytes faithfully and stays bounded.
"""

import http.client
import os
import re
import socket
import sys
import time
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import difftest  # noqa: E402
from difftest import ANY, AnyOf, Case, Match, run_case  # noqa: E402
from scripted import ScriptedServer, request_end  # noqa: E402

import test_differential  # noqa: E402

# The behaviour catalogue the cases cite, in the repository.
SPEC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))),
                    "docs", "behaviour.md")


class RequestEndTest(unittest.TestCase):

    def test_plain(self):
        req = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        self.assertEqual(request_end(req + b"NEXT"), len(req))
        self.assertIsNone(request_end(req[:-2]))

    def test_content_length(self):
        req = b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n"
        self.assertIsNone(request_end(req + b"ab"))
        self.assertEqual(request_end(req + b"abcX"), len(req) + 3)

    def test_chunked(self):
        head = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        body = b"3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n"
        self.assertEqual(request_end(head + body + b"X"), len(head + body))
        self.assertIsNone(request_end(head + body[:-2]))
        trailer = b"3\r\nabc\r\n0\r\nT: 1\r\n\r\n"
        self.assertEqual(request_end(head + trailer), len(head + trailer))

    def test_bad_chunk_size_ends_at_data(self):
        data = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
        self.assertEqual(request_end(data), len(data))


class ScriptedServerTest(unittest.TestCase):

    def test_records_and_extra_connections(self):
        script = [[("recv_request",), ("send", b"HTTP/1.1 200 OK\r\n"
                                                b"Content-Length: 1\r\n\r\nx")]]
        with ScriptedServer(script) as srv:
            a = socket.create_connection((srv.host, srv.port), timeout=5)
            a.sendall(b"GET /a HTTP/1.1\r\n\r\n")
            self.assertTrue(a.recv(100).endswith(b"x"))
            a.sendall(b"late")
            a.close()
            b = socket.create_connection((srv.host, srv.port), timeout=5)
            b.sendall(b"extra")
            self.assertEqual(b.recv(100), b"")   # half-closed at once
            b.close()
        self.assertEqual(srv.received, [b"GET /a HTTP/1.1\r\n\r\nlate"])
        self.assertEqual(srv.extra, [b"extra"])

    def test_unaccepted_connection_is_none_and_close_is_quick(self):
        # close() must not wait for the accept loop's deadline (300 s
        # here); the bound catches that wait, never a slow machine.
        t0 = time.monotonic()
        srv = ScriptedServer([[("recv_request",)], [("recv_request",)]],
                             server_deadline=300)
        srv.close()
        srv.close()   # idempotent
        self.assertEqual(srv.received, [None, None])
        self.assertLess(time.monotonic() - t0, 60)

    def test_connection_deadline_bounds_a_silent_client(self):
        # The client neither sends nor closes: the connection's 0.3 s
        # deadline ends it (EOF here), long before the client's own 30 s
        # timeout and the server's deadline (120 s).
        with ScriptedServer([[("recv_until_close",)]], conn_deadline=0.3,
                            server_deadline=120) as srv:
            s = socket.create_connection((srv.host, srv.port), timeout=30)
            try:
                self.assertEqual(s.recv(100), b"")
            finally:
                s.close()


class NormalisationTest(unittest.TestCase):

    def test_exception_class_names(self):
        self.assertEqual(difftest.exc_class_name(ValueError), "ValueError")
        self.assertEqual(difftest.exc_class_name(http.client.BadStatusLine),
                         "http.client.BadStatusLine")
        info = difftest.exc_info(http.client.IncompleteRead(b"ab", 3))
        self.assertEqual(info[0], "http.client.IncompleteRead")
        self.assertIn(("partial", b"ab"), info[3])
        self.assertIn(("expected", 3), info[3])

    def test_comparison_is_type_strict(self):
        same = difftest.same
        self.assertFalse(same(difftest.norm(b"a"),
                              difftest.norm(bytearray(b"a"))))
        self.assertFalse(same(difftest.norm(1), difftest.norm(True)))
        self.assertFalse(same([("x", 0)], [("x", False)]))
        self.assertFalse(same((1,), [1]))
        self.assertFalse(same({"a": 1.0}, {"a": 1}))
        self.assertTrue(same({"a": [(1, b"x", None)]}, {"a": [(1, b"x", None)]}))
        self.assertEqual(difftest.norm(http.client.OK),
                         ("int-subclass", "HTTPStatus", 200))

    def test_port_scrub(self):
        out = difftest._scrub({"a": [b"Host: h:4321\r\n", "x:4321"]}, 4321)
        self.assertEqual(out, {"a": [b"Host: h:<PORT>\r\n", "x:<PORT>"]})

    def test_matchers(self):
        same = difftest.same
        self.assertTrue(same({"k": [("ValueError", ANY)]},
                             {"k": [("ValueError", "anything")]}))
        self.assertTrue(same([Match(r"more than 100")],
                             ["got more than 100 x"]))
        self.assertFalse(same([Match(r"more than 100")], ["got 99"]))
        self.assertFalse(same([Match(r"x")], [b"x"]))
        self.assertTrue(same(AnyOf({"a": 1}, {"a": 2}), {"a": 2}))
        self.assertFalse(same(AnyOf({"a": 1}, {"a": 2}), {"a": 3}))
        self.assertFalse(same(AnyOf({"a": 1}), {"a": True}))


def _altered_module():
    """http.client with one deliberate difference: read() upper-cases."""
    mod = types.ModuleType("altered_http_client")
    mod.__dict__.update(vars(http.client))

    class Resp(http.client.HTTPResponse):
        def read(self, amt=None):
            return super().read(amt).upper()

    class Conn(http.client.HTTPConnection):
        response_class = Resp

    mod.HTTPConnection = Conn
    mod.HTTPResponse = Resp
    return mod


class HarnessDetectsDifferencesTest(unittest.TestCase):

    def _case(self):
        def client(mod, host, port, rec):
            c = rec.connect()
            rec.request(c, "GET", "/")
            r = rec.getresponse(c)
            if r is not None:
                rec.ops(r, [("read",)])
        return Case("harness_probe", "HC-O1",
                    [[("recv_request",),
                      ("send", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                               b"hello")]], client)

    def test_same_module_same_outcome(self):
        case = self._case()
        self.assertTrue(difftest.same(run_case(case, http.client),
                                      run_case(case, http.client)))

    def test_altered_module_is_caught_with_a_readable_diff(self):
        case = self._case()
        a = run_case(case, http.client)
        b = run_case(case, _altered_module())
        self.assertFalse(difftest.same(a, b))
        diff = difftest.diff_outcomes(a, b, "ref", "alt")
        self.assertIn("-    ('read()', 'ok', b'hello')", diff)
        self.assertIn("+    ('read()', 'ok', b'HELLO')", diff)

    def test_outcome_round_trips_through_literal_eval(self):
        import ast
        case = test_differential.CASES[0]
        out = run_case(case, http.client)
        self.assertTrue(difftest.same(ast.literal_eval(repr(out)), out))


class CaseCatalogueTest(unittest.TestCase):

    def test_count_and_unique_names(self):
        names = [c.name for c in test_differential.CASES]
        self.assertGreaterEqual(len(names), 120)
        self.assertEqual(len(names), len(set(names)))

    def test_every_case_cites_rows(self):
        for c in test_differential.CASES:
            self.assertTrue(c.rows, c.name)
            for row in c.rows:
                self.assertRegex(row, r"^HC-[A-Z]\d+$", c.name)

    def test_rows_exist_in_behaviour_md(self):
        with open(SPEC, encoding="utf-8") as f:
            rows = re.findall(r"^\|\s*(HC-[A-Z]\d+)\s*\|", f.read(), re.M)
        known = set(rows)
        self.assertGreaterEqual(len(known), 90, SPEC)
        self.assertEqual(len(rows), len(known), "a row ID appears twice in " + SPEC)
        for c in test_differential.CASES:
            for row in c.rows:
                self.assertIn(row, known, "%s cites unknown row" % c.name)

    def test_expect_gohttp_cases_are_few_and_hardening(self):
        exp = test_differential.EXPECT_GOHTTP_CASES
        self.assertLessEqual(len(exp), 6)
        ambiguous = test_differential.AMBIGUOUS_FRAMING_CASES
        for c in test_differential.CASES:
            if c.expect_gohttp is not None and c.name not in ambiguous:
                self.assertIn("HC-T3", c.rows, c.name)
                self.assertTrue(c.name.startswith("hardening_"), c.name)

    def test_ambiguous_framing_outcomes_force_will_close(self):
        # The deliberate difference of section 13: each explicit outcome
        # says will_close True wherever the response's state is recorded.
        for name in test_differential.AMBIGUOUS_FRAMING_CASES:
            case = [c for c in test_differential.CASES if c.name == name][0]
            states = [r[2] for r in case.expect_gohttp["results"]
                      if r[1] == "state"]
            self.assertTrue(states, name)
            for st in states:
                self.assertIn(("will_close", True), st, name)

    def test_version_sensitive_cases_cite_a_row_and_a_version(self):
        for name, since, rows in test_differential.VERSION_SENSITIVE_CASES:
            self.assertTrue((3, 8) < since <= (3, 13), name)
            self.assertTrue(rows, name)


if __name__ == "__main__":
    unittest.main()
