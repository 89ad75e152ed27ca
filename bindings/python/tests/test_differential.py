"""Differential tests: ``http.client`` (CPython 3.13 behaviour) against
``gohttp.client``.

Each case is a scripted raw-socket server (``scripted.py``) plus a client
program run once with each module; the recorded outcomes (every operation's
result or exception, response state, and the exact bytes the server
received per connection) must be equal.  Row IDs refer to the catalogue
``docs/behaviour.md`` in the repository.

Run with ``run_tests.py`` (or ``python -m unittest test_differential``).
See ``difftest.py`` for ``GOHTTP_DIFF_SELFTEST`` and ``GOHTTP_PYTHONPATH``.

Version-sensitive cases carry ``since=(3, N)`` plus the row that changed
(behaviour.md 1.T); their reference comes from CPython 3.13.0 (the
reference, see ``difftest.find_reference_python``) when the running one is
older.  The few deliberate gohttp hardenings
(behaviour.md HC-T3) carry ``expect_gohttp``; they are listed in
``EXPECT_GOHTTP_CASES`` at the end of this file.  So do the cases of
ambiguous framing, after which gohttp does not reuse the connection
(section 13, ``AMBIGUOUS_FRAMING_CASES``).
"""

import contextlib
import http.client
import io
import os
import socket
import sys
import unittest
import array

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from difftest import (ANY, AnyOf, Case, Match, check_case,  # noqa: E402
                      register)

MODULE = "test_differential"
CASES = []


def add(name, rows, script, client, **kw):
    case = register(Case(name, rows, script, client, **kw), MODULE)
    CASES.append(case)
    return case


R = ("recv_request",)


def S(data):
    return ("send", data)


def resp(status_line=b"HTTP/1.1 200 OK", headers=(), body=b""):
    """Build response bytes: status line, header lines, blank line, body."""
    out = status_line + b"\r\n"
    for h in headers:
        out += h + b"\r\n"
    return out + b"\r\n" + body


def ok(body=b"ok", extra_headers=()):
    return resp(b"HTTP/1.1 200 OK",
                list(extra_headers) + [b"Content-Length: %d" % len(body)],
                body)


def chunked(body_wire, extra_headers=()):
    return resp(b"HTTP/1.1 200 OK",
                list(extra_headers) + [b"Transfer-Encoding: chunked"],
                body_wire)


# ---------------------------------------------------------------------------
# generic client programs

def reply_case(name, rows, response, ops=(("read",),), method="GET", url="/",
               final_state=True, script=None, doc="", **kw):
    """Server: receive one request, send ``response`` in one send, end.
    Client: request(method, url), getresponse(), ``ops``, state."""
    def client(mod, host, port, rec):
        c = rec.connect()
        rec.request(c, method, url)
        r = rec.getresponse(c)
        if r is not None:
            rec.ops(r, list(ops) + ([("state",)] if final_state else []))
    if script is None:
        script = [[R, S(response)]]
    return add(name, rows, script, client, doc=doc, **kw)


def sequence_case(name, rows, script, requests, ops=(("read",),), doc="",
                  **kw):
    """One HTTPConnection; for each (method, url) in ``requests``: request,
    getresponse, ``ops``, state, and whether ``conn.sock`` is None."""
    def client(mod, host, port, rec):
        c = rec.connect()
        for i, (method, url) in enumerate(requests):
            rec.request(c, method, url, label="request#%d" % i)
            r = rec.getresponse(c, label="getresponse#%d" % i)
            if r is not None:
                rec.ops(r, list(ops) + [("state",)])
            rec.note("sock is None #%d" % i, c.sock is None)
    return add(name, rows, script, client, doc=doc, **kw)


def request_case(name, rows, call, response=None, script=None, doc="",
                 getresponse=True, **kw):
    """Server: receive one request, answer ``response`` (default: 200 with
    body 'ok').  Client: ``call(mod, conn, rec)`` sends the request; then
    getresponse and read().  The server records the exact bytes sent."""
    def client(mod, host, port, rec):
        c = rec.connect()
        call(mod, c, rec)
        if getresponse:
            r = rec.getresponse(c)
            if r is not None:
                rec.ops(r, [("read",)])
    if script is None:
        script = [[R, S(response if response is not None else ok())]]
    return add(name, rows, script, client, doc=doc, **kw)


def simple_request(*args, **kw):
    """request_case call that does one conn.request(*args, **kw)."""
    def call(mod, c, rec):
        rec.request(c, *args, **kw)
    return call


def local_case(name, rows, fn, doc="", **kw):
    """No server connection: ``fn(mod, rec)`` exercises the module."""
    def client(mod, host, port, rec):
        fn(mod, rec)
    return add(name, rows, [], client, doc=doc, **kw)


FINAL = ok(b"final", [b"X-Final: 1"])
C100 = b"HTTP/1.1 100 Continue\r\n\r\n"

# ===========================================================================
# 1. Status lines (HC-L1..L5, HC-H2, HC-H3, HC-Q3, HC-Q6..Q8)

reply_case("status_basic", "HC-L2 HC-P1 HC-P3",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 2"], b"hi"))
reply_case("status_tab_separated", "HC-L2",
           b"HTTP/1.1\t200\tTab\tSeparated\r\nContent-Length: 3\r\n\r\ntab")
reply_case("status_leading_spaces", "HC-L2",
           b"   HTTP/1.1   201   Created  \r\nContent-Length: 3\r\n\r\nnew")
reply_case("status_two_parts", "HC-L2",
           b"HTTP/1.1 202\r\nContent-Length: 4\r\n\r\nacc!")
reply_case("status_trailing_space_no_reason", "HC-L2",
           b"HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n")
reply_case("status_reason_inner_spaces", "HC-L2",
           b"HTTP/1.1 200  Very   Fine  Indeed \r\nContent-Length: 1\r\n\r\nx")
reply_case("status_reason_latin1", "HC-L1 HC-L2",
           b"HTTP/1.1 200 Caf\xe9 \xff\x80\r\nContent-Length: 1\r\n\r\ny")
reply_case("status_reason_bare_cr", "HC-L1 HC-L2",
           b"HTTP/1.1 200 OK\rContent-Length: 9\r\nContent-Length: 3\r\n\r\nabcdef",
           doc="a bare CR inside the status line stays in the reason")
reply_case("status_reason_nul", "HC-L2",
           b"HTTP/1.1 200 O\x00K\r\nContent-Length: 1\r\n\r\nn")
reply_case("status_lowercase_http", "HC-L3 HC-Q6",
           b"http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
reply_case("status_http2", "HC-L3 HC-Q3",
           b"HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")
reply_case("status_http2_no_minor", "HC-L3 HC-Q3",
           b"HTTP/2 204\r\n\r\n")
reply_case("status_http1_no_minor", "HC-L3 HC-Q3",
           b"HTTP/1 200 OK\r\nContent-Length: 0\r\n\r\n")
reply_case("status_http09", "HC-L3 HC-N4",
           b"HTTP/0.9 200 OK\r\nContent-Length: 3\r\n\r\nold")
reply_case("status_http10", "HC-L3 HC-N4",
           b"HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nten!")
reply_case("status_http12", "HC-L3",
           b"HTTP/1.2 200 OK\r\nContent-Length: 3\r\n\r\n1.2")
reply_case("status_plus200", "HC-L4",
           b"HTTP/1.1 +200 OK\r\nContent-Length: 4\r\n\r\nplus")
reply_case("status_underscore", "HC-L4",
           b"HTTP/1.1 2_00 OK\r\nContent-Length: 5\r\n\r\nunder")
reply_case("status_099", "HC-L4 HC-Q6", b"HTTP/1.1 099 Low\r\n\r\n")
reply_case("status_1000", "HC-L4 HC-Q6", b"HTTP/1.1 1000 High\r\n\r\n")
reply_case("status_plus20", "HC-L4 HC-Q6", b"HTTP/1.1 +20 Short\r\n\r\n")
reply_case("status_nonnumeric", "HC-L4 HC-Q6", b"HTTP/1.1 OK 200\r\n\r\n")
reply_case("status_999", "HC-L4",
           b"HTTP/1.1 999 Custom\r\nContent-Length: 3\r\n\r\n999")
reply_case("status_version_only", "HC-L2 HC-Q6", b"HTTP/1.1\r\n\r\n")
reply_case("status_garbage", "HC-L3 HC-Q6",
           b"garbage here\r\nContent-Length: 0\r\n\r\n")
reply_case("status_only_crlf", "HC-L2 HC-Q6",
           b"\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
reply_case("status_empty_reply", "HC-L1 HC-Q8", None, script=[[R]],
           doc="the server half-closes without a byte: RemoteDisconnected")
reply_case("status_no_crlf_at_eof", "HC-L1 HC-M1", b"HTTP/1.1 200 OK")
reply_case("status_bare_lf", "HC-L1 HC-M1",
           b"HTTP/1.1 200 OK\nContent-Length: 2\n\nlf")
reply_case("status_line_overlong", "HC-L1 HC-S1 HC-Q7",
           b"HTTP/1.1 200 " + b"A" * 65536 + b"\r\nContent-Length: 0\r\n\r\n")
reply_case("status_line_exactly_max", "HC-L1 HC-S1",
           b"HTTP/1.1 200 " + b"B" * (65536 - 15) + b"\r\n"
           b"Content-Length: 2\r\n\r\nok",
           ops=(("read",), ("attr", "reason")),
           doc="a 65536-byte status line (CRLF included) is accepted")

# interim responses
reply_case("continue_then_200", "HC-L5 HC-H2", C100 + FINAL)
reply_case("continue_with_headers", "HC-L5 HC-H2",
           b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\nX-More: 2\r\n\r\n" + FINAL,
           doc="the interim response's headers are not merged into the final")
reply_case("continue_five", "HC-L5", C100 * 5 + FINAL)
reply_case("continue_99_then_200", "HC-L5 HC-T3", C100 * 99 + FINAL,
           doc="99 interim responses reach the final one, also under the "
               "post-3.13.0 limit")
reply_case("continue_bare_lf", "HC-L5 HC-M1",
           b"HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: 1\n\nz")
reply_case("continue_then_eof", "HC-L5 HC-Q8", C100)
reply_case("continue_interim_99_header_lines", "HC-L5 HC-S2",
           b"HTTP/1.1 100 Continue\r\n" + b"X-I: v\r\n" * 99 + b"\r\n" + FINAL)
reply_case("continue_interim_100_header_lines", "HC-L5 HC-S2 HC-M2",
           b"HTTP/1.1 100 Continue\r\n" + b"X-I: v\r\n" * 100 + b"\r\n" + FINAL)
reply_case("continue_interim_long_header", "HC-L5 HC-S1 HC-Q7",
           b"HTTP/1.1 100 Continue\r\nX: " + b"a" * 65536 + b"\r\n\r\n" + FINAL)
reply_case("continue_bad_status_after", "HC-L5 HC-L4",
           C100 + b"HTTP/1.1 20 OK\r\n\r\n")
reply_case("continue_http10_final", "HC-L5 HC-L3",
           b"HTTP/1.0 100 Continue\r\n\r\n"
           b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold")
reply_case("status_101_final", "HC-H3 HC-N3",
           b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
           b"Connection: Upgrade\r\n\r\n")
reply_case("status_102_final_with_cl", "HC-H3 HC-N3",
           b"HTTP/1.1 102 Processing\r\nContent-Length: 5\r\n\r\n")
sequence_case(
    "status_103_then_200_buffer_dropped", "HC-H3 HC-N3 HC-N5",
    [[R, S(b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
           + ok(b"first")),
      R, S(ok(b"second"))]],
    [("GET", "/a"), ("GET", "/b")],
    doc="103 is returned as the final response (length 0, keep-alive); the "
        "200 that arrived in the same segment sits in the closed response's "
        "buffer and is dropped, so the second request gets 'second'")

# ===========================================================================
# 2. Response headers (HC-M1..M5, HC-P2..P4, HC-A6)


def hdr_case(name, rows, header_block, body=b"ok", ops=(("read",),), **kw):
    return reply_case(name, rows, b"HTTP/1.1 200 OK\r\n" + header_block + body,
                      ops=ops, **kw)


hdr_case("headers_mixed_lf_crlf", "HC-M1",
         b"X-A: 1\nX-B: 2\r\nContent-Length: 2\n\n")
hdr_case("headers_folded", "HC-M3",
         b"X-Fold: first\r\n  second\r\n\tthird\r\nContent-Length: 2\r\n\r\n",
         ops=(("getheader", "x-fold"), ("read",)))
hdr_case("headers_duplicates", "HC-M5 HC-P2 HC-P3",
         b"Set-Cookie: a=1\r\nX-Dup: a\r\nSet-Cookie: b=2\r\nx-dup: b\r\n"
         b"Content-Length: 2\r\n\r\n",
         ops=(("getheader", "set-cookie"), ("getheader", "X-DUP"),
              ("msg", "get_all", "x-dup"), ("read",)))
hdr_case("getheader_default_variants", "HC-P2",
         b"X-Present: yes\r\nX-Empty:\r\nContent-Length: 2\r\n\r\n",
         ops=(("getheader", "X-Missing"), ("getheader", "X-Missing", "dflt"),
              ("getheader", "X-Missing", ["a", "b"]),
              ("getheader", "X-Missing", ("t",)),
              ("getheader", "X-Missing", 42),
              ("getheader", "X-Missing", ""),
              ("getheader", "X-Missing", []),
              ("getheader", "X-Present", "dflt"),
              ("getheader", "x-present"),
              ("getheader", "X-Empty", "dflt"), ("read",)))
hdr_case("headers_trailing_whitespace_kept", "HC-M3",
         b"X-Sp:   spaced   \r\nX-Tab:\tv\t\r\nContent-Length: 2 \r\n\r\n",
         ops=(("getheader", "X-Sp"), ("getheader", "X-Tab"), ("read",)))
hdr_case("headers_latin1_values", "HC-M3",
         b"X-Utf8: caf\xc3\xa9\r\nX-Latin: \xe9t\xe9\r\nX-High: \xff\x80\r\n"
         b"Content-Length: 2\r\n\r\n",
         ops=(("getheader", "x-utf8"), ("read",)))
hdr_case("headers_latin1_name", "HC-M3",
         b"X-\xc4rger: v\r\nContent-Length: 2\r\n\r\n")
hdr_case("headers_no_colon_drops_rest", "HC-M4",
         b"X-A: 1\r\nNoColonHere\r\nContent-Length: 5\r\nX-B: 2\r\n\r\n",
         body=b"hello", ops=(("defects",), ("read",)),
         doc="the line without colon and every later header (Content-Length "
             "too) are dropped: the body is read to EOF")
hdr_case("headers_space_before_colon", "HC-M4",
         b"X-A: 1\r\nX-Bad :v\r\nContent-Length: 5\r\n\r\n", body=b"hello",
         ops=(("defects",), ("read",)))
hdr_case("headers_space_inside_name", "HC-M4",
         b"X-A: 1\r\nX Y: 2\r\nContent-Length: 5\r\n\r\n", body=b"hello",
         ops=(("defects",), ("read",)))
hdr_case("headers_empty_name", "HC-M4",
         b": x\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n",
         ops=(("defects",), ("read",)))
hdr_case("headers_from_first_line", "HC-M4",
         b"From nobody Mon Jan  1 00:00:00 2024\r\nX-A: 1\r\n"
         b"Content-Length: 2\r\n\r\n",
         ops=(("defects",), ("msg", "get_unixfrom"), ("read",)))
hdr_case("headers_from_middle_line", "HC-M4",
         b"X-A: 1\r\nFrom nobody\r\nContent-Length: 2\r\n\r\n",
         ops=(("defects",), ("msg", "get_unixfrom"), ("read",)))
hdr_case("headers_first_line_continuation", "HC-M3 HC-M4",
         b" leading: x\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n",
         ops=(("defects",), ("read",)))
hdr_case("headers_bare_cr_splits_line", "HC-M1 HC-M4",
         b"X-A: foo\rContent-Length: 5\r\nX-B: 2\r\n\r\n", body=b"hello",
         doc="the email parser splits on a bare CR: the hidden "
             "Content-Length becomes a real header")
hdr_case("headers_bare_cr_in_value", "HC-M1 HC-M4",
         b"X-A: a\rb\r\nContent-Length: 2\r\n\r\n",
         ops=(("defects",), ("read",)),
         doc="'b' after the bare CR is a line without colon: the rest of the "
             "headers is dropped")
hdr_case("headers_99_fields", "HC-M2 HC-S2",
         b"".join(b"X-N%d: %d\r\n" % (i, i) for i in range(98))
         + b"Content-Length: 2\r\n\r\n")
hdr_case("headers_100_fields", "HC-M2 HC-S2",
         b"".join(b"X-N%d: %d\r\n" % (i, i) for i in range(99))
         + b"Content-Length: 2\r\n\r\n")
hdr_case("header_line_overlong", "HC-M2 HC-S1 HC-Q7",
         b"X-Long: " + b"a" * 65536 + b"\r\nContent-Length: 2\r\n\r\n")
hdr_case("header_line_exactly_max", "HC-M2 HC-S1",
         b"X-Long: " + b"b" * (65536 - 10) + b"\r\nContent-Length: 2\r\n\r\n",
         ops=(("read",),))
hdr_case("headers_case_preserved", "HC-M5 HC-P3",
         b"content-TYPE: text/x\r\nCONTENT-LENGTH: 2\r\nx-MiXeD: v\r\n\r\n",
         ops=(("getheader", "Content-Type"), ("getheader", "x-mixed"),
              ("read",)))
hdr_case("headers_empty_values", "HC-M3",
         b"X-E1:\r\nX-E2: \r\nX-E3:\t\r\nContent-Length: 2\r\n\r\n",
         ops=(("getheader", "X-E2", "d"), ("read",)))
hdr_case("headers_colons_in_value", "HC-M3",
         b"X-URL: http://h:1/p?q=a:b\r\nX-Colons:::\r\nContent-Length: 2\r\n\r\n")
hdr_case("headers_nul_in_value", "HC-M3",
         b"X-N: a\x00b\r\nContent-Length: 2\r\n\r\n")
hdr_case("headers_folded_content_length", "HC-M3 HC-N2",
         b"X-A: 1\r\n Content-Length: 5\r\n\r\n", body=b"hello",
         doc="a folded 'Content-Length' is part of X-A, not a header")
reply_case("headers_eof_without_blank_line", "HC-M1",
           b"HTTP/1.1 200 OK\r\nX-A: 1\r\n")
hdr_case("headers_info_getcode_geturl", "HC-P4 HC-A6",
         b"X-A: 1\r\nX-A: 2\r\nContent-Length: 2\r\n\r\n",
         ops=(("info",), ("getcode",), ("geturl",),
              ("msg", "getallmatchingheaders", "X-A"), ("msg", "keys"),
              ("read",)))


def _manual_response(mod, host, port, rec):
    sock = rec.track(socket.create_connection((host, port), timeout=5))
    r = rec.do("HTTPResponse(sock)", mod.HTTPResponse, sock, method="GET")
    if r is None:
        return
    rec.track(r)
    rec.ops(r, [("getheader", "X-A"), ("getheaders",), ("attr", "status"),
                ("attr", "length")])
    rec.do("begin()", r.begin)
    rec.ops(r, [("state",), ("read",), ("state",)])


add("response_constructed_directly", "HC-P5 HC-P1 HC-P2",
    [[S(ok(b"direct", [b"X-A: 1"]))]], _manual_response,
    doc="HTTPResponse(sock) is public: attributes are 'UNKNOWN' and "
        "getheader raises ResponseNotReady() until begin()")

# ===========================================================================
# 3. Framing (HC-N1..N7)

reply_case("chunked_basic", "HC-N1 HC-N6",
           chunked(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"))
reply_case("chunked_extensions", "HC-N6",
           chunked(b"5;name=val\r\nhello\r\n3;a;b=\"c\"\r\n!!!\r\n0;last\r\n\r\n"))
sequence_case("chunked_trailers_then_reuse", "HC-N6",
              [[R, S(chunked(b"3\r\nabc\r\n0\r\nX-T: 1\r\nY-T: 2\r\n\r\n")),
                R, S(ok(b"next"))]],
              [("GET", "/1"), ("GET", "/2")],
              doc="trailers are read and discarded, not added to headers")
reply_case("chunked_uppercase_te", "HC-N1",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: CHUNKED"],
                b"2\r\nok\r\n0\r\n\r\n"))
reply_case("te_gzip_chunked_not_chunked", "HC-N1",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: gzip, chunked"],
                b"5\r\nhello\r\n0\r\n\r\n"),
           doc="only an exact 'chunked' counts: the raw chunks are the body")
reply_case("te_chunked_trailing_space", "HC-N1 HC-M3",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: chunked "],
                b"2\r\nok\r\n0\r\n\r\n"))
reply_case("te_duplicate_first_wins", "HC-N1",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: identity",
                                     b"Transfer-Encoding: chunked",
                                     b"Content-Length: 3"],
                b"3\r\nabc\r\n0\r\n\r\n"))
reply_case("te_xchunked", "HC-N1",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: xchunked",
                                     b"Content-Length: 4"], b"4\r\nabcd"))
reply_case("te_chunked_identity_list", "HC-N1",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: chunked, identity"],
                b"1\r\nz\r\n0\r\n\r\n"))
reply_case("te_obs_folded", "HC-N1 HC-M3",
           resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding:\r\n chunked"],
                b"1\r\nq\r\n0\r\n\r\n"))
reply_case("te_space_before_colon", "HC-N1 HC-M4",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 1",
                                     b"Transfer-Encoding : chunked"],
                b"1\r\nw\r\n0\r\n\r\n"),
           ops=(("defects",), ("read",)))
reply_case("chunk_size_invalid", "HC-N6 HC-N7",
           chunked(b"zz\r\nhello\r\n0\r\n\r\n"))
reply_case("chunk_size_invalid_after_data", "HC-N6 HC-N7",
           chunked(b"5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n"))
reply_case("chunk_size_0x_prefix", "HC-N6",
           chunked(b"0x5\r\nhello\r\n0\r\n\r\n"))
reply_case("chunk_size_underscore", "HC-N6",
           chunked(b"1_0\r\n0123456789abcdef\r\n0\r\n\r\n"))
reply_case("chunk_size_spaces", "HC-N6",
           chunked(b" 5 \r\nhello\r\n 0 \r\n\r\n"))
reply_case("chunk_size_plus", "HC-N6", chunked(b"+5\r\nhello\r\n0\r\n\r\n"))
reply_case("chunk_size_uppercase_hex_zeros", "HC-N6",
           chunked(b"000A\r\n0123456789\r\n000\r\n\r\n"))
reply_case("chunk_size_nul", "HC-N6", chunked(b"5\x00\r\nhello\r\n0\r\n\r\n"))
reply_case("chunk_missing_crlf_after_data", "HC-N6",
           chunked(b"5\r\nhelloXX3\r\nabc\r\n0\r\n\r\n"),
           doc="the 2 bytes after chunk data are discarded unchecked")
reply_case("chunk_size_line_overlong", "HC-N6 HC-S1 HC-Q7",
           chunked(b"0" * 65537 + b"5\r\nhello\r\n0\r\n\r\n"))
reply_case("chunk_extension_long_ok", "HC-N6 HC-S1",
           chunked(b"5;" + b"e" * 60000 + b"\r\nhello\r\n0\r\n\r\n"))
reply_case("chunked_eof_before_trailer", "HC-N6",
           chunked(b"5\r\nhello\r\n0\r\n"))
reply_case("chunked_eof_mid_chunk", "HC-N6 HC-N7", chunked(b"5\r\nhel"))
reply_case("chunked_eof_after_chunk", "HC-N6 HC-N7",
           chunked(b"3\r\nabc\r\n5\r\nhel"))
reply_case("chunked_eof_no_last_chunk", "HC-N6 HC-N7",
           chunked(b"3\r\nabc\r\n"))
reply_case("trailer_line_overlong", "HC-N6 HC-S1 HC-Q7",
           chunked(b"2\r\nok\r\n0\r\nX-T: " + b"t" * 65536 + b"\r\n\r\n"))
reply_case("trailers_100_lines", "HC-N6 HC-S3 HC-T3",
           chunked(b"2\r\nok\r\n0\r\n" + b"X-T: 1\r\n" * 100 + b"\r\n"),
           doc="100 trailer lines are fine both in 3.13.0 and under the "
               "post-3.13.0 limit")

reply_case("cl_spaces", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length:   3  "], b"abcdef"))
reply_case("cl_plus_sign", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: +3"], b"abcdef"))
reply_case("cl_underscore", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 1_0"], b"0123456789XY"))
reply_case("cl_negative", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: -1"], b"to-eof"))
reply_case("cl_invalid", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: abc"], b"to-eof!"))
reply_case("cl_empty", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length:"], b"eof"))
reply_case("cl_comma_list", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 3, 3"], b"abc"))
reply_case("cl_duplicates_first_wins", "HC-N2 HC-M5",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 3",
                                     b"Content-Length: 10"], b"abcdefghij"),
           ops=(("getheader", "content-length"), ("read",)))
reply_case("cl_with_chunked", "HC-N1 HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 100",
                                     b"Transfer-Encoding: chunked"],
                b"3\r\nabc\r\n0\r\n\r\n"))
reply_case("cl_huge_short_body", "HC-N2 HC-N7 HC-O1 HC-T3",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 2097152"], b"hello"),
           doc="IncompleteRead(b'hello', 2097147) with or without the "
               "post-3.13.0 incremental read")
reply_case("bytes_beyond_cl", "HC-N5 HC-O1",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 3"], b"abcdef"),
           ops=(("read",), ("read",), ("read", 5)))
sequence_case(
    "bytes_beyond_cl_then_reuse", "HC-N5 HC-G2",
    [[R, S(resp(b"HTTP/1.1 200 OK", [b"Content-Length: 0"],
                b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL")),
      R, S(ok(b"GOOD"))]],
    [("GET", "/1"), ("GET", "/2")],
    doc="a smuggled response after Content-Length: 0 in the same segment is "
        "dropped with the first response's buffer; request 2 gets GOOD")
reply_case("close_delimited_body", "HC-N4 HC-O1",
           resp(b"HTTP/1.1 200 OK", [b"X-A: 1"], b"until the end"))
reply_case("close_delimited_read_amt", "HC-N4 HC-O2",
           resp(b"HTTP/1.1 200 OK", [], b"0123456789"),
           ops=(("read", 3), ("read", 100), ("isclosed",), ("read", 10),
                ("isclosed",)))
sequence_case("head_with_cl_then_reuse", "HC-N3 HC-O1",
              [[R, S(resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"])),
                R, S(ok(b"after-head"))]],
              [("HEAD", "/"), ("GET", "/")])
sequence_case("head_chunked_then_reuse", "HC-N3",
              [[R, S(resp(b"HTTP/1.1 200 OK", [b"Transfer-Encoding: chunked"])),
                R, S(ok(b"after"))]],
              [("HEAD", "/"), ("GET", "/")])
sequence_case("status_204_then_reuse", "HC-N3",
              [[R, S(resp(b"HTTP/1.1 204 No Content", [b"Content-Length: 5"])),
                R, S(ok(b"next"))]],
              [("DELETE", "/x"), ("GET", "/y")])
sequence_case("status_304_then_reuse", "HC-N3",
              [[R, S(resp(b"HTTP/1.1 304 Not Modified",
                          [b"ETag: \"x\"", b"Content-Length: 99"])),
                R, S(ok(b"next"))]],
              [("GET", "/x"), ("GET", "/y")])
sequence_case("status_304_chunked_reads_body", "HC-N1 HC-N3 HC-O1",
              [[R, S(resp(b"HTTP/1.1 304 Not Modified",
                          [b"Transfer-Encoding: chunked"],
                          b"3\r\nabc\r\n0\r\n\r\n")),
                R, S(ok(b"next"))]],
              [("GET", "/x"), ("GET", "/y")],
              doc="length is 0 but chunked stays True, and read() takes the "
                  "chunked path: the 304 'body' is read")
sequence_case("keepalive_three_requests", "HC-N4 HC-G3",
              [[R, S(ok(b"one")), R, S(chunked(b"3\r\ntwo\r\n0\r\n\r\n")),
                R, S(ok(b"three"))]],
              [("GET", "/1"), ("POST", "/2"), ("GET", "/3")])
sequence_case("http10_closes", "HC-N4 HC-G3",
              [[R, S(resp(b"HTTP/1.0 200 OK", [b"Content-Length: 1"], b"a"))],
               [R, S(resp(b"HTTP/1.0 200 OK", [b"Content-Length: 1"], b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
sequence_case("http10_keep_alive_header", "HC-N4",
              [[R, S(resp(b"HTTP/1.0 200 OK", [b"Keep-Alive: timeout=5",
                                               b"Content-Length: 1"], b"a")),
                R, S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
sequence_case("http10_connection_keep_alive", "HC-N4",
              [[R, S(resp(b"HTTP/1.0 200 OK", [b"Connection: Keep-Alive",
                                               b"Content-Length: 1"], b"a")),
                R, S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
sequence_case("http10_proxy_connection_keep_alive", "HC-N4",
              [[R, S(resp(b"HTTP/1.0 200 OK", [b"Proxy-Connection: keep-alive",
                                               b"Content-Length: 1"], b"a")),
                R, S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
reply_case("http10_keep_alive_without_length", "HC-N4",
           resp(b"HTTP/1.0 200 OK", [b"Connection: keep-alive"], b"eof-body"))
sequence_case("http11_connection_close", "HC-N4 HC-G3",
              [[R, S(ok(b"a", [b"Connection: close"]))], [R, S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
sequence_case("http11_connection_xclosex", "HC-N4",
              [[R, S(ok(b"a", [b"Connection: xclosex"]))], [R, S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
reply_case("http11_connection_keep_alive_close", "HC-N4",
           ok(b"kc", [b"Connection: keep-alive, CLOSE"]))
sequence_case("http11_proxy_connection_close_ignored", "HC-N4",
              [[R, S(ok(b"a", [b"Proxy-Connection: close"])), R,
                S(ok(b"b"))]],
              [("GET", "/1"), ("GET", "/2")])
reply_case("http11_keep_alive_without_length", "HC-N4",
           resp(b"HTTP/1.1 200 OK", [b"Connection: keep-alive"], b"eof"))

# ===========================================================================
# 4. Reading API (HC-O1..O9)

BODY10 = ok(b"abcdefghij")
reply_case("read_amt_sequence", "HC-O2",
           BODY10, ops=(("read", 3), ("read", 0), ("isclosed",),
                        ("read", 100), ("isclosed",), ("read", 5), ("read",)))
reply_case("read_none_explicit", "HC-O1", ok(b"explicit"),
           ops=(("read", None),))
reply_case("read_minus1_ignores_cl", "HC-O2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 5"], b"helloEXTRA"),
           ops=(("read", -1), ("read",)), since=(3, 10),
           doc="read(-1) reads to EOF past Content-Length (3.8/3.9 raised "
               "ValueError from bytearray(-1))")
reply_case("readinto_basic", "HC-O3",
           BODY10, ops=(("readinto", 4), ("readinto", 0), ("readinto", 100),
                        ("isclosed",), ("readinto", 3)))
reply_case("readinto_close_delimited", "HC-O3",
           resp(b"HTTP/1.1 200 OK", [], b"0123456"),
           ops=(("readinto", 5), ("readinto", 5), ("readinto", 5),
                ("isclosed",)))
reply_case("read1_known_length", "HC-O4 HC-T2",
           BODY10, ops=(("read1", 2), ("read1",), ("isclosed",), ("read1",)),
           since=(3, 13),
           doc="read1 closes the response when the length reaches 0 "
               "(3.13, python/cpython#113199)")
reply_case("read1_zero_and_negative", "HC-O4",
           BODY10, ops=(("read1", 0), ("read1", -5), ("read",)))
reply_case("read1_close_delimited", "HC-O4",
           resp(b"HTTP/1.1 200 OK", [], b"streamed"),
           ops=(("read1", 3), ("read1",), ("read1",), ("isclosed",)))
reply_case("peek_returns_beyond_cl", "HC-O5 HC-N5",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 5"], b"helloEXTRA"),
           ops=(("peek",), ("peek", 2), ("read", 2), ("peek", 1), ("read",),
                ("peek",)),
           doc="non-chunked peek() returns the whole buffer, even bytes past "
               "Content-Length")
reply_case("readline_known_length", "HC-O6 HC-T2",
           ok(b"l1\nline2\nl3"),
           ops=(("readline",), ("readline", 2), ("readline",), ("readline",),
                ("isclosed",), ("readline",)), since=(3, 13),
           doc="readline closes at the end of a known length (3.13)")
reply_case("readline_limit_and_cl_clip", "HC-O6",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 6"], b"abcdef\nrest\n"),
           ops=(("readline", 0), ("readline", 4), ("readline", 100),
                ("read",)))
reply_case("readline_close_delimited", "HC-O6",
           resp(b"HTTP/1.1 200 OK", [], b"a\nb\r\nc"),
           ops=(("readline",), ("readline",), ("readline",), ("readline",),
                ("isclosed",)))
reply_case("iterate_known_length", "HC-O7 HC-T2", ok(b"x\ny\nz"),
           ops=(("iter",), ("isclosed",), ("next",)), since=(3, 13),
           doc="iteration uses readline, which closes at the end (3.13)")
reply_case("iterate_close_delimited", "HC-O7",
           resp(b"HTTP/1.1 200 OK", [], b"one\ntwo\n\nfour"),
           ops=(("iter",), ("isclosed",)))
reply_case("short_body_read_incomplete", "HC-O1 HC-N7 HC-Q4",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"], b"hello"))
reply_case("short_body_read_amt_no_error", "HC-O2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"], b"hello"),
           ops=(("read", 10), ("isclosed",), ("read", 5), ("isclosed",)))
reply_case("short_body_readinto", "HC-O3",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"], b"hello"),
           ops=(("readinto", 8), ("readinto", 8), ("isclosed",)))
reply_case("short_body_readline_read1", "HC-O4 HC-O6",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"], b"ab\ncd"),
           ops=(("readline",), ("read1",), ("read1",), ("isclosed",)))
reply_case("response_close_then_reads", "HC-O8 HC-O9",
           ok(b"closed-early"),
           ops=(("read", 2), ("close",), ("closed",), ("isclosed",),
                ("read",), ("read", 3), ("read1",), ("peek",),
                ("readline",), ("readinto", 4)))
reply_case("response_readable_flush", "HC-O9", ok(b"rf"),
           ops=(("readable",), ("flush",), ("read",), ("closed",)))


def _with_response(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/")
    r = rec.getresponse(c)
    if r is None:
        return
    with r as entered:
        rec.note("__enter__ returns self", entered is r)
        rec.ops(r, [("read", 2)])
    rec.ops(r, [("closed",), ("isclosed",), ("read",)])


add("response_context_manager", "HC-O8", [[R, S(ok(b"with-body"))]],
    _with_response)
reply_case("head_read_methods", "HC-O1 HC-O4 HC-O5 HC-O6 HC-N3",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 4"]), method="HEAD",
           ops=(("peek",), ("read1",), ("readline",), ("readinto", 4),
                ("isclosed",), ("read",), ("isclosed",)))

CHUNKS = chunked(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
reply_case("chunked_read_amt", "HC-O2 HC-N6",
           CHUNKS, ops=(("read", 0), ("read", 3), ("read", 4), ("read", 100),
                        ("isclosed",), ("read", 5)))
reply_case("chunked_readinto", "HC-O3 HC-N6",
           CHUNKS, ops=(("readinto", 3), ("readinto", 20), ("readinto", 5),
                        ("isclosed",)))
reply_case("chunked_read1", "HC-O4 HC-N6",
           CHUNKS, ops=(("read1", 2), ("read1",), ("read1", 0), ("read1",),
                        ("read1",), ("isclosed",)))
reply_case("chunked_peek", "HC-O5 HC-N6",
           CHUNKS, ops=(("peek",), ("read", 4), ("peek", 1), ("read", 1),
                        ("peek",), ("read",), ("peek",)))
reply_case("chunked_readline_spans_chunks", "HC-O6 HC-N6",
           chunked(b"5\r\nab\ncd\r\n5\r\nef\ngh\r\n0\r\n\r\n"),
           ops=(("readline",), ("readline",), ("readline",), ("readline",),
                ("isclosed",)))
reply_case("chunked_iterate", "HC-O7 HC-N6",
           chunked(b"4\r\na\nb\n\r\n2\r\nc\n\r\n0\r\n\r\n"), ops=(("iter",),))
reply_case("chunked_read1_eof_mid_chunk", "HC-O4 HC-N7",
           chunked(b"5\r\nhe"), ops=(("read1",), ("read1",), ("read1",)))
reply_case("chunked_readinto_eof_mid_chunk", "HC-O3 HC-N7",
           chunked(b"3\r\nabc\r\n5\r\nhe"), ops=(("readinto", 10),))
reply_case("chunked_peek_bad_size", "HC-O5 HC-N6",
           chunked(b"xyz\r\n"), ops=(("peek",), ("read",)))

# ===========================================================================
# 5. Request emission (HC-D1..D5, HC-E1..E3, HC-F1..F3, HC-C4)

request_case("req_get_default", "HC-D1 HC-D5 HC-E1 HC-E2",
             simple_request("GET", "/index.html?q=1"))
request_case("req_head", "HC-D1 HC-E3", simple_request("HEAD", "/h"),
             response=resp(b"HTTP/1.1 200 OK", [b"Content-Length: 7"]))
request_case("req_post_bytes", "HC-D4 HC-E3",
             simple_request("POST", "/p", body=b"a=1&b=2"))
request_case("req_put_str_latin1", "HC-D4 HC-E3",
             simple_request("PUT", "/s", body="caf\xe9 \xff"))
request_case("req_patch_bytearray", "HC-E3 HC-F1",
             simple_request("PATCH", "/b", body=bytearray(b"patch!")))
request_case("req_post_memoryview_array", "HC-E3 HC-F1",
             simple_request("POST", "/m", body=array.array("H", [1, 2, 3])),
             doc="Content-Length is nbytes (6), the buffer is sent as is")
request_case("req_post_none", "HC-E3", simple_request("POST", "/n"))
request_case("req_put_none", "HC-E3", simple_request("PUT", "/n"))
request_case("req_lowercase_patch_none", "HC-E3",
             simple_request("patch", "/n"),
             doc="method.upper() is checked: 'patch' gets Content-Length: 0")
request_case("req_delete_none", "HC-E3", simple_request("DELETE", "/n"))
request_case("req_get_with_body", "HC-E3",
             simple_request("GET", "/g", body=b"x"))
request_case("req_post_empty_bytes", "HC-E3",
             simple_request("POST", "/e", body=b""))
request_case("req_post_empty_str", "HC-E3",
             simple_request("POST", "/e", body=""))
request_case("req_headers_order_and_case", "HC-D4 HC-D5",
             simple_request("POST", "/o", body=b"xyz",
                            headers={"X-b": "1", "x-A": "2",
                                     "Content-Type": "text/plain",
                                     "X-Empty": ""}))
request_case("req_user_host_header_position", "HC-D4 HC-D5 HC-E1",
             simple_request("GET", "/", headers={"X-First": "1",
                                                 "hOsT": "example.com:1234",
                                                 "X-Last": "2"}))
request_case("req_user_accept_encoding", "HC-D4 HC-E2",
             simple_request("GET", "/", headers={"accept-encoding": "gzip"}))
request_case("req_user_content_length", "HC-D4 HC-E3",
             simple_request("POST", "/", body=b"abc",
                            headers={"Content-Length": "3"}))
request_case("req_user_content_length_int", "HC-D2 HC-E3",
             simple_request("POST", "/", body=b"abc",
                            headers={"Content-Length": 3}))
request_case("req_absolute_url_with_port", "HC-E1",
             simple_request("GET", "http://example.org:8080/path?x=1"))
request_case("req_absolute_url_default_port", "HC-E1",
             simple_request("GET", "http://example.org/p"))
request_case("req_absolute_https_url", "HC-E1",
             simple_request("GET", "https://secure.example/p"))
request_case("req_absolute_url_userinfo", "HC-E1",
             simple_request("GET", "http://user:pw@example.org:81/"),
             doc="the whole netloc, userinfo included, becomes the Host")
request_case("req_absolute_url_ipv6", "HC-E1",
             simple_request("GET", "http://[::1]:8080/x"))
request_case("req_absolute_url_ipv6_zone", "HC-E1", since=(3, 11),
             call=simple_request("GET", "http://[fe80::1%25eth0]:8080/x"),
             doc="the zone is stripped (and with it the port) "
                 "(_strip_ipv6_iface, 3.11+)")
request_case("req_non_http_absolute_url", "HC-E1",
             simple_request("GET", "ftp://files.example/f"))
request_case("req_absolute_url_idna_host", "HC-E1 HC-D1",
             simple_request("GET", "http://b\xfccher.example/"), script=[],
             doc="the request line is ASCII-encoded before Host is built, so "
                 "a non-ASCII absolute URL raises UnicodeEncodeError")
request_case("req_empty_url", "HC-D1", simple_request("GET", ""))


def _ipv6_client(host_fmt, with_port):
    def client(mod, host, port, rec):
        if with_port:
            c = rec.connect(host_fmt, port)
        else:
            c = rec.connect(host_fmt % port, False)
        if c is None:
            return
        rec.note("host, port", (c.host, c.port == port))
        rec.request(c, "GET", "/v6")
        r = rec.getresponse(c)
        if r is not None:
            rec.ops(r, [("read",)])
    return client


add("req_ipv6_host_header", "HC-E1 HC-B1", [[R, S(ok(b"v6"))]],
    _ipv6_client("::1", True), ipv6=True,
    doc="HTTPConnection('::1', port): Host: [::1]:port")
add("req_ipv6_bracketed_host_string", "HC-E1 HC-B1", [[R, S(ok(b"v6"))]],
    _ipv6_client("[::1]:%d", False), ipv6=True,
    doc="HTTPConnection('[::1]:port'): brackets stripped, port parsed")
add("req_ipv6_bracketed_host_and_port", "HC-E1 HC-B1 HC-T2",
    [[R, S(ok(b"v6"))]], _ipv6_client("[::1]", True), ipv6=True,
    since=(3, 13),
    doc="HTTPConnection('[::1]', port): brackets stripped too (3.13; 3.12 "
        "kept them and could not connect)")


def _generator_body():
    yield b"ab"
    yield b""
    yield bytearray(b"cde")
    yield memoryview(b"f")


request_case("req_generator_body_chunked", "HC-E3 HC-F1 HC-F2",
             lambda mod, c, rec: rec.request(c, "POST", "/gen",
                                             body=_generator_body()),
             doc="unknown length: Transfer-Encoding: chunked, empty chunks "
                 "skipped, upper-case hex sizes")
request_case("req_list_body_chunked", "HC-E3 HC-F1 HC-F2",
             simple_request("PUT", "/list",
                            body=[b"0123456789", b"x" * 26, b""]))
request_case("req_bytesio_body_chunked", "HC-E3 HC-F1",
             lambda mod, c, rec: rec.request(
                 c, "POST", "/f", body=io.BytesIO(b"file data")))
request_case("req_stringio_body_latin1", "HC-F1",
             lambda mod, c, rec: rec.request(
                 c, "POST", "/t", body=io.StringIO("caf\xe9\nline2")))
request_case("req_stringio_body_not_latin1", "HC-F1 HC-Q9",
             lambda mod, c, rec: rec.request(
                 c, "POST", "/t", body=io.StringIO("euro \u20ac")),
             script=[[("recv_until_close",)]], getresponse=False,
             doc="the headers are already sent when the text file's data "
                 "fails to encode")
request_case("req_file_body_with_user_cl", "HC-E3 HC-F1",
             lambda mod, c, rec: rec.request(
                 c, "POST", "/f", body=io.BytesIO(b"12345678"),
                 headers={"Content-Length": "8"}))
def _blocksize_client(mod, host, port, rec):
    c = rec.connect(blocksize=3)
    rec.request(c, "POST", "/f", body=io.BytesIO(b"abcdefgh"))
    r = rec.getresponse(c)
    if r is not None:
        rec.ops(r, [("read",)])
    rec.note("blocksize", c.blocksize)


add("req_blocksize_file_chunks", "HC-F1 HC-F3 HC-B1", [[R, S(ok())]],
    _blocksize_client, doc="blocksize=3: the file is read 3 bytes at a time")
request_case("req_encode_chunked_with_user_te", "HC-E3 HC-F2",
             lambda mod, c, rec: rec.request(
                 c, "POST", "/c", body=iter([b"abc", b"de"]),
                 headers={"Transfer-Encoding": "chunked"},
                 encode_chunked=True))
request_case("req_user_te_prechunked_raw", "HC-E3",
             simple_request("POST", "/c", body=b"3\r\nabc\r\n0\r\n\r\n",
                            headers={"Transfer-Encoding": "chunked"}),
             doc="user TE without encode_chunked: the body goes out as given")
request_case("req_bytes_encode_chunked_true", "HC-E3",
             simple_request("POST", "/c", body=b"abc", encode_chunked=True),
             doc="neither CL nor TE given: encode_chunked is overwritten, "
                 "bytes still get Content-Length")
request_case("req_user_cl_with_iterable", "HC-E3",
             simple_request("POST", "/c", body=[b"ab", b"cd"],
                            headers={"Content-Length": "4"},
                            encode_chunked=True),
             doc="a user Content-Length forces encode_chunked=False")


def _putheader_values(mod, c, rec):
    rec.do("putrequest", c.putrequest, "GET", "/multi")
    rec.do("putheader multi", c.putheader, "X-Multi", "a", "b", 3)
    rec.do("putheader bytes", c.putheader, b"X-Bytes", b"raw\xff")
    rec.do("putheader int", c.putheader, "X-Int", 42)
    rec.do("putheader latin1", c.putheader, "X-Latin", "\xe9t\xe9")
    rec.do("putheader fold", c.putheader, "X-Fold", "a\r\n b", "c\n\td")
    rec.do("putheader none", c.putheader, "X-None")
    rec.do("endheaders", c.endheaders)


request_case("req_putheader_values", "HC-D1 HC-D2 HC-D3", _putheader_values)


def _skip_auto_headers(mod, c, rec):
    rec.do("putrequest", c.putrequest, "GET", "/skip", skip_host=True,
           skip_accept_encoding=True)
    rec.do("endheaders", c.endheaders)


request_case("req_skip_host_and_accept_encoding", "HC-D1 HC-E1 HC-E2",
             _skip_auto_headers)


def _endheaders_body(mod, c, rec):
    rec.do("putrequest", c.putrequest, "POST", "/eb")
    rec.do("putheader", c.putheader, "Content-Length", "4")
    rec.do("endheaders", c.endheaders, b"body")


request_case("req_endheaders_message_body", "HC-D3", _endheaders_body)


def _endheaders_chunked(mod, c, rec):
    rec.do("putrequest", c.putrequest, "POST", "/ec")
    rec.do("putheader", c.putheader, "Transfer-Encoding", "chunked")
    rec.do("endheaders", c.endheaders, iter([b"ab", b"", b"cdef"]),
           encode_chunked=True)


request_case("req_endheaders_encode_chunked", "HC-D3 HC-F2",
             _endheaders_chunked)


def _send_after_headers(mod, c, rec):
    rec.do("putrequest", c.putrequest, "POST", "/raw")
    rec.do("putheader", c.putheader, "Content-Length", "17")
    rec.do("endheaders", c.endheaders)
    rec.do("send bytes", c.send, b"raw-")
    rec.do("send iterable", c.send, [b"it", bytearray(b"er")])
    rec.do("send file", c.send, io.BytesIO(b"file-"))
    rec.do("send text file", c.send, io.StringIO("t\xe9xt"))


request_case("req_send_variants", "HC-C4", _send_after_headers)


def _send_bad_type(mod, c, rec):
    rec.do("send int", c.send, 12345)
    rec.do("request", c.request, "GET", "/after")


request_case("req_send_bad_type", "HC-C4 HC-Q9", _send_bad_type)
request_case("req_body_int_typeerror", "HC-F1 HC-Q9",
             simple_request("POST", "/int", body=12345),
             script=[[("recv_until_close",)]], getresponse=False,
             doc="the header block (with TE: chunked) is sent before the "
                 "TypeError")


def _invalid_methods(mod, c, rec):
    for m in ("GET\r\nX: y", "GE\tT", "GET\x00", "\x1fGET"):
        rec.do("request %r" % m, c.request, m, "/")
        rec.do("close", c.close)
    rec.do("request 'GÉT'", c.request, "G\xc9T", "/")
    rec.do("close", c.close)
    rec.do("request 'M E\\x7fTHOD'", c.request, "M E\x7fTHOD", "/ok")


request_case("req_method_validation", "HC-D1 HC-Q9", _invalid_methods,
             doc="control characters raise ValueError; space and DEL pass; "
                 "non-ASCII raises UnicodeEncodeError")


def _invalid_urls(mod, c, rec):
    for u in ("/a\r\nX-Injected: 1", "/a b", "/a\tb", "/a\x7f", "/\x00",
              "http://h/\n"):
        rec.do("request %r" % u, c.request, "GET", u)
        rec.do("close", c.close)
    rec.do("request '/caf\\xe9'", c.request, "GET", "/caf\xe9")
    rec.do("close", c.close)
    rec.do("request ok", c.request, "GET", "/%0d%0a?x=[]{}|")


request_case("req_url_validation", "HC-D1 HC-Q9", _invalid_urls)


def _invalid_header_names(mod, c, rec):
    rec.do("putrequest", c.putrequest, "GET", "/names")
    for name in ("X:Y", " X", "X\r\nY", "", ":", "X\n", "\tX"):
        rec.do("putheader %r" % name, c.putheader, name, "v")
    for name in ("X Y", "X\tY", "X\x00Y", "X\x7f", b"X-Bytes", "X-Ok"):
        rec.do("putheader %r" % (name,), c.putheader, name, "ok")
    rec.do("putheader non-ascii name", c.putheader, "X-\xe9", "v")
    rec.do("endheaders", c.endheaders)


request_case("req_header_name_validation", "HC-D2 HC-Q9",
             _invalid_header_names)


def _invalid_header_values(mod, c, rec):
    rec.do("putrequest", c.putrequest, "GET", "/values")
    for value in ("a\r\nX-Injected: 1", "a\rb", "a\nb", "a\r\n", "\r",
                  b"a\r\nb", "a\n\r b"):
        rec.do("putheader %r" % (value,), c.putheader, "X-V", value)
    for value in ("a\r\n b", "a\n\tb", "a\x00b", "\x7f\x01", "a\r\n\tb"):
        rec.do("putheader %r" % (value,), c.putheader, "X-Ok", value)
    rec.do("putheader euro", c.putheader, "X-E", "\u20ac")
    rec.do("putheader second bad", c.putheader, "X-2", "ok", "b\rad")
    rec.do("endheaders", c.endheaders)


request_case("req_header_value_validation", "HC-D2 HC-Q9",
             _invalid_header_values)
request_case("req_header_injection_via_request", "HC-D2 HC-D4",
             simple_request("GET", "/", headers={"X": "v\r\nHost: evil"}),
             script=[],
             doc="the ValueError comes before any connection is made")
request_case("req_body_str_not_latin1", "HC-D4 HC-Q9",
             simple_request("POST", "/", body="price: 5\u20ac"), script=[])
request_case("req_header_value_bytes", "HC-D2",
             simple_request("GET", "/", headers={"X-B": b"\xff\x00v"}))


def _http10_subclass(mod, host, port, rec):
    class Conn10(mod.HTTPConnection):
        _http_vsn = 10
        _http_vsn_str = "HTTP/1.0"
    c10 = rec.track(Conn10(host, port, timeout=5))
    rec.request(c10, "POST", "/ten", body=[b"3\r\nabc\r\n", b"0\r\n\r\n"])
    r = rec.getresponse(c10)
    if r is not None:
        rec.ops(r, [("read",)])


add("req_http10_subclass", "HC-B2 HC-F2 HC-E1",
    [[R, S(resp(b"HTTP/1.0 200 OK", [b"Content-Length: 2"], b"10"))]],
    _http10_subclass,
    doc="_http_vsn=10: no Host/Accept-Encoding; TE: chunked is added but "
        "the (here pre-chunked) body goes out raw, not chunk-encoded again")


def _debug_output(mod, host, port, rec):
    c = rec.connect()
    c.set_debuglevel(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rec.request(c, "POST", "/dbg", body=[b"ab", b""],
                    headers={"X-D": "1"})
        r = rec.getresponse(c)
        if r is not None:
            rec.ops(r, [("read",)])
    rec.note("stdout", out.getvalue())
    rec.note("debuglevel", c.debuglevel)


add("debuglevel_output", "HC-B4 HC-R1 HC-R3 HC-R4 HC-R6",
    [[R, S(ok(b"dbg", [b"X-Srv: 1"]))]], _debug_output)


def _debug_continue(mod, host, port, rec):
    c = rec.connect()
    c.set_debuglevel(2)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rec.request(c, "POST", "/dbg", body=io.StringIO("t"),
                    headers={"Content-Length": "1"})
        r = rec.getresponse(c)
        if r is not None:
            rec.ops(r, [("read",)])
    rec.note("stdout", out.getvalue())


add("debuglevel_interim_and_readable", "HC-R1 HC-R2 HC-R5",
    [[R, S(b"HTTP/1.1 100 Continue\r\nX-I: y\r\n\r\n" + FINAL)]],
    _debug_continue, since=(3, 11),
    doc="'reading a readable' (3.11; earlier 'sendIng a read()able')")

# ===========================================================================
# 6. Construction (HC-B1, HC-B2)


def _ctor_hostports(mod, rec):
    specs = [("example.org", None), ("example.org:8080", None),
             ("example.org:", None), ("[::1]", None), ("[::1]:8080", None),
             ("::1", None), ("example.org", 8081), ("h:abc", None),
             ("h:+81", None), ("bad host", None), ("bad\x00host", None),
             ("h:8080", 9090), ("", None), ("h:1_0", None)]
    for host, port in specs:
        def make(host=host, port=port):
            c = mod.HTTPConnection(host, port)
            return (c.host, c.port)
        rec.do("HTTPConnection(%r, %r)" % (host, port), make)


local_case("ctor_host_port_parsing", "HC-B1", _ctor_hostports)


def _ctor_bracketed_with_port(mod, rec):
    for host, port in (("[::1]", 8080), ("[fe80::1%eth0]", 81)):
        def make(host=host, port=port):
            c = mod.HTTPConnection(host, port)
            return (c.host, c.port)
        rec.do("HTTPConnection(%r, %r)" % (host, port), make)


local_case("ctor_bracketed_host_with_port", "HC-B1 HC-T2",
           _ctor_bracketed_with_port, since=(3, 13),
           doc="brackets are stripped even when a port is given (3.13)")


def _ctor_attributes(mod, rec):
    c = mod.HTTPConnection("example.org", 8080, timeout=1.5,
                           source_address=("127.0.0.1", 0), blocksize=100)
    for attr in ("host", "port", "timeout", "source_address", "blocksize",
                 "sock", "debuglevel", "default_port", "auto_open"):
        rec.do("attr %s" % attr, getattr, c, attr)
    rec.note("response_class is HTTPResponse",
             c.response_class is mod.HTTPResponse)
    d = mod.HTTPConnection("example.org")
    rec.note("default timeout is the sentinel",
             d.timeout is socket._GLOBAL_DEFAULT_TIMEOUT)
    rec.note("port default", d.port)
    rec.do("close before connect", d.close)


local_case("ctor_attributes", "HC-B1 HC-B2 HC-B3", _ctor_attributes)


# ===========================================================================
# 7. Connection state machine (HC-G1..G3, HC-H1, HC-C2, HC-C3)

def _state_putrequest_twice(mod, host, port, rec):
    c = rec.connect()
    rec.do("putrequest", c.putrequest, "GET", "/1")
    rec.do("putrequest again", c.putrequest, "GET", "/2")
    rec.do("getresponse", c.getresponse)
    rec.do("endheaders", c.endheaders)
    rec.do("endheaders again", c.endheaders)
    rec.do("putheader after send", c.putheader, "X", "y")
    r = rec.getresponse(c, "getresponse#2")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_put_sequence_errors", "HC-G1 HC-D1 HC-D2 HC-D3 HC-H1",
    [[R, S(ok())]], _state_putrequest_twice,
    doc="CannotSendRequest('Request-started'), "
        "ResponseNotReady('Request-started'), CannotSendHeader()")


def _state_idle_errors(mod, host, port, rec):
    c = rec.connect()
    rec.do("getresponse idle", c.getresponse)
    rec.do("putheader idle", c.putheader, "X", "y")
    rec.do("endheaders idle", c.endheaders)
    rec.note("sock is None", c.sock is None)


add("state_idle_errors", "HC-G1 HC-H1 HC-D2 HC-D3", [], _state_idle_errors)


def _state_request_while_sent(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    rec.request(c, "GET", "/2", label="request again")
    r = rec.getresponse(c)
    if r is not None:
        rec.ops(r, [("read",)])
    rec.request(c, "GET", "/3", label="request#3")
    r = rec.getresponse(c, "getresponse#3")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_request_while_request_sent", "HC-G1 HC-D1",
    [[R, S(ok(b"1")), R, S(ok(b"3"))]], _state_request_while_sent)


def _state_overlap(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    r1 = rec.getresponse(c, "getresponse#1")
    rec.request(c, "GET", "/2", label="request#2 (r1 unread)")
    rec.do("getresponse#2 while r1 unread", c.getresponse)
    if r1 is not None:
        rec.ops(r1, [("read",)])
    r2 = rec.getresponse(c, "getresponse#2")
    if r2 is not None:
        rec.ops(r2, [("read",)])


add("state_overlap_unread_response", "HC-G2 HC-H1",
    [[R, S(ok(b"first")), R, S(ok(b"second"))]], _state_overlap,
    doc="a new request may be sent while a response is unread; getresponse "
        "raises ResponseNotReady('Request-sent') until it is closed")


def _state_getresponse_twice(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/")
    r = rec.getresponse(c)
    rec.do("getresponse again", c.getresponse)
    if r is not None:
        rec.ops(r, [("read",)])
    rec.do("getresponse after read", c.getresponse)


add("state_getresponse_twice", "HC-G1 HC-H1", [[R, S(ok(b"once"))]],
    _state_getresponse_twice)


def _state_server_closes(mod, host, port, rec):
    c = rec.connect()
    for i in range(3):
        rec.request(c, "GET", "/%d" % i, label="request#%d" % i)
        r = rec.getresponse(c, "getresponse#%d" % i)
        if r is not None:
            rec.ops(r, [("read",)])
        rec.note("sock is None #%d" % i, c.sock is None)


add("state_server_closes_keepalive", "HC-H1 HC-Q8 HC-C2 HC-C3",
    [[R, S(ok(b"first"))], [R, S(ok(b"again"))]], _state_server_closes,
    doc="the server half-closes a kept-alive connection: request 2 is sent, "
        "getresponse raises RemoteDisconnected and closes; request 3 "
        "connects afresh")


def _state_auto_open(mod, host, port, rec):
    c = rec.connect()
    c.auto_open = 0
    rec.request(c, "GET", "/")
    rec.note("sock is None", c.sock is None)
    rec.do("close", c.close)
    rec.do("send", c.send, b"x")
    c.auto_open = 1
    rec.request(c, "GET", "/open", label="request auto_open=1")
    r = rec.getresponse(c, "getresponse#2")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_auto_open_0", "HC-C3 HC-Q2", [[R, S(ok(b"opened"))]],
    _state_auto_open)


def _state_close_then_reuse(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    r = rec.getresponse(c, "getresponse#1")
    if r is not None:
        rec.ops(r, [("read",)])
    rec.do("close", c.close)
    rec.note("sock is None", c.sock is None)
    rec.do("close again", c.close)
    rec.request(c, "GET", "/2", label="request#2")
    r = rec.getresponse(c, "getresponse#2")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_close_then_reuse", "HC-C2", [[R, S(ok(b"one"))],
                                         [R, S(ok(b"two"))]],
    _state_close_then_reuse)


def _state_close_pending(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    r = rec.getresponse(c, "getresponse#1")
    rec.do("conn.close with unread response", c.close)
    if r is not None:
        rec.ops(r, [("isclosed",), ("closed",), ("read",)])


add("state_close_with_pending_response", "HC-C2 HC-O1",
    [[R, S(ok(b"pending"))]], _state_close_pending)


def _state_response_close_then_reuse(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    r = rec.getresponse(c, "getresponse#1")
    if r is not None:
        rec.ops(r, [("read", 2), ("close",)])
    rec.request(c, "GET", "/2", label="request#2")
    r = rec.getresponse(c, "getresponse#2")
    if r is not None:
        rec.ops(r, [("read",)])
    rec.note("sock is None", c.sock is None)


add("state_response_closed_early_then_reuse", "HC-G2 HC-H1 HC-O8",
    [[R, S(ok(b"unread-rest")), R, S(ok(b"second"))]],
    _state_response_close_then_reuse,
    doc="closing a half-read keep-alive response drops its buffer; the "
        "socket is reused for the next request")


def _state_will_close_handoff(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    r = rec.getresponse(c)
    rec.note("sock is None after will_close", c.sock is None)
    if r is not None:
        rec.ops(r, [("read",)])
    rec.request(c, "GET", "/2", label="request#2")
    r2 = rec.getresponse(c, "getresponse#2")
    if r2 is not None:
        rec.ops(r2, [("read",)])


add("state_will_close_socket_handoff", "HC-G3 HC-H1",
    [[R, S(ok(b"bye", [b"Connection: close"]))], [R, S(ok(b"new"))]],
    _state_will_close_handoff)


def _state_after_error(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    rec.do("getresponse (unknown protocol)", c.getresponse)
    rec.request(c, "GET", "/2", label="request after UnknownProtocol")
    rec.do("getresponse again", c.getresponse)
    rec.do("close", c.close)
    rec.request(c, "GET", "/3", label="request after close")
    r = rec.getresponse(c, "getresponse#3")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_after_unknown_protocol", "HC-H1 HC-G1 HC-L3",
    [[R, S(b"HTTP/9 200 OK\r\n\r\n")], [R, S(ok(b"recovered"))]],
    _state_after_error,
    doc="a non-ConnectionError from begin() leaves the state Request-sent: "
        "the next request raises CannotSendRequest, getresponse reads on "
        "(here EOF: RemoteDisconnected, which closes)")


def _state_after_line_too_long(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/1")
    rec.do("getresponse", c.getresponse)
    rec.note("sock is None", c.sock is None)
    rec.do("close", c.close)
    rec.request(c, "GET", "/2", label="request#2")
    r = rec.getresponse(c, "getresponse#2")
    if r is not None:
        rec.ops(r, [("read",)])


add("state_after_header_limit", "HC-H1 HC-M2",
    [[R, S(b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 101 + b"\r\n")],
     [R, S(ok(b"fine"))]], _state_after_line_too_long)

# ===========================================================================
# 8. Attacks: smuggling, splitting, injection, oversize (HC-M*, HC-N*, HC-S*)

sequence_case(
    "smuggle_cl_and_te_then_reuse", "HC-N1 HC-N2 HC-N5",
    [[R, S(resp(b"HTTP/1.1 200 OK", [b"Content-Length: 45",
                                     b"Transfer-Encoding: chunked"],
                b"0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL")),
      R, S(ok(b"GOOD"))]],
    [("GET", "/1"), ("GET", "/2")],
    doc="chunked wins over Content-Length; the smuggled response in the "
        "same segment is dropped")
sequence_case(
    "smuggle_double_cl_then_reuse", "HC-N2 HC-N5",
    [[R, S(resp(b"HTTP/1.1 200 OK", [b"Content-Length: 0",
                                     b"Content-Length: 44"],
                b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nEVIL")),
      R, S(ok(b"GOOD"))]],
    [("GET", "/1"), ("GET", "/2")])
reply_case("smuggle_te_chunked_bare_cr", "HC-M1 HC-N1",
           resp(b"HTTP/1.1 200 OK",
                [b"X-A: 1\rTransfer-Encoding: chunked", b"Content-Length: 3"],
                b"3\r\nabc\r\n0\r\n\r\n"),
           doc="a bare CR hides Transfer-Encoding inside X-A's line, yet the "
               "email parser splits it out and it wins")
reply_case("smuggle_lf_only_header", "HC-M1 HC-N2",
           b"HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 2\r\n\r\nokEXTRA")
reply_case("smuggle_nul_in_cl", "HC-N2",
           resp(b"HTTP/1.1 200 OK", [b"Content-Length: 2\x003"], b"okEXTRA"))
reply_case("many_long_headers", "HC-M2 HC-S1 HC-S2",
           b"HTTP/1.1 200 OK\r\n"
           + b"".join(b"X-L%02d: %s\r\n" % (i, b"v" * 4000) for i in range(60))
           + b"Content-Length: 2\r\n\r\nok",
           ops=(("getheader", "x-l59"), ("read",)))
reply_case("response_body_with_crlf_injection_like_data", "HC-O1",
           ok(b"\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: evil\r\n\r\n"))

# ===========================================================================
# 9. Timeouts and refused connections (HC-B3, HC-Q9)


def _timeout_no_answer(mod, host, port, rec):
    c = rec.connect(timeout=0.3)
    rec.request(c, "GET", "/slow")
    rec.do("getresponse", c.getresponse)
    rec.note("sock is None", c.sock is None)


add("timeout_no_answer", "HC-B3 HC-H1 HC-Q9",
    [[R, ("recv_until_close",)]], _timeout_no_answer, local_reference=True,
    doc="socket.timeout('timed out') - TimeoutError itself since 3.10, "
        "compared on the running interpreter so that 'except "
        "socket.timeout' keeps working on 3.8/3.9; the connection is kept "
        "(not a ConnectionError)")


def _timeout_mid_body(mod, host, port, rec):
    c = rec.connect(timeout=0.3)
    rec.request(c, "GET", "/slow-body")
    r = rec.getresponse(c)
    if r is not None:
        rec.ops(r, [("read",)])


add("timeout_mid_body", "HC-B3 HC-O1 HC-Q9",
    [[R, S(resp(b"HTTP/1.1 200 OK", [b"Content-Length: 10"], b"par")),
      ("recv_until_close",)]], _timeout_mid_body, local_reference=True,
    doc="socket.timeout from read() (the class of the running interpreter)")


def _refused(mod, host, port, rec):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    dead_port = s.getsockname()[1]
    s.close()
    c = rec.track(mod.HTTPConnection("127.0.0.1", dead_port, timeout=5))
    rec.do("request to closed port", c.request, "GET", "/")
    rec.note("sock is None", c.sock is None)
    rec.do("connect again", c.connect)


add("connection_refused", "HC-C1 HC-Q9", [], _refused)

# ===========================================================================
# 10. Tunnels (HC-J1..J3)

PROXY_OK = b"HTTP/1.1 200 Connection established\r\nX-Proxy: p\r\n\r\n"


def tunnel_case(name, rows, tunnel_args, proxy_reply=PROXY_OK,
                then=ok(b"tunnelled"), **kw):
    def client(mod, host, port, rec):
        c = rec.connect()
        rec.note("proxy headers before", c.get_proxy_response_headers()
                 if hasattr(c, "get_proxy_response_headers") else "n/a")
        rec.do("set_tunnel", c.set_tunnel, *tunnel_args[0], **tunnel_args[1])
        rec.request(c, "GET", "/in-tunnel")
        request_failed = rec.failed
        if hasattr(c, "get_proxy_response_headers"):
            rec.do("get_proxy_response_headers",
                   c.get_proxy_response_headers)
        if not request_failed:
            r = rec.getresponse(c)
            if r is not None:
                rec.ops(r, [("read",)])
    script = [[R, S(proxy_reply)]
              + ([R, S(then)] if then is not None else [])]
    return add(name, rows, script, client, **kw)


tunnel_case("tunnel_basic", "HC-J1 HC-J2 HC-J3 HC-T1",
            (("target.example", 8443), {}), since=(3, 12),
            doc="CONNECT over HTTP/1.1 with an automatic Host (3.12)")
tunnel_case("tunnel_default_port_and_headers", "HC-J1 HC-J2 HC-T1",
            (("target.example",), {"headers": {
                "Proxy-Authorization": "Basic dXNlcjpwdw==",
                "X-Latin": "\xe9"}}), since=(3, 12))
tunnel_case("tunnel_user_host_header", "HC-J1 HC-T1",
            (("target.example:8080",), {"headers": {"host": "custom:1"}}),
            since=(3, 12))
tunnel_case("tunnel_idna_host", "HC-J1 HC-J2 HC-E1 HC-T1",
            (("b\xfccher.example", 8443), {}), since=(3, 12))
tunnel_case("tunnel_ipv6_host", "HC-J2 HC-T2",
            (("::1", 8443), {}), since=(3, 13),
            doc="IPv6 is bracketed in the CONNECT line (3.13) but the "
                "automatic Host header is not (3.13.0 quirk)")
tunnel_case("tunnel_refused_407", "HC-J2 HC-J3 HC-T1",
            (("target.example", 443), {}),
            proxy_reply=b"HTTP/1.1 407 Proxy Authentication Required  \r\n"
                        b"Proxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n",
            then=None, since=(3, 12),
            doc="OSError('Tunnel connection failed: 407 Proxy Authentication "
                "Required'); the proxy headers stay available")


def _tunnel_after_connect(mod, host, port, rec):
    c = rec.connect()
    rec.request(c, "GET", "/")
    r = rec.getresponse(c)
    if r is not None:
        rec.ops(r, [("read",)])
    rec.do("set_tunnel on open connection", c.set_tunnel, "t.example", 80)


add("tunnel_set_after_connect", "HC-J1", [[R, S(ok())]],
    _tunnel_after_connect)

# ===========================================================================
# 11. Module surface (HC-A1..A4, HC-A7, HC-Q*)

EXC_NAMES = ["HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol",
             "UnknownTransferEncoding", "UnimplementedFileMode",
             "IncompleteRead", "ImproperConnectionState", "CannotSendRequest",
             "CannotSendHeader", "ResponseNotReady", "BadStatusLine",
             "LineTooLong", "RemoteDisconnected"]


def _module_surface(mod, rec):
    rec.note("HTTP_PORT", (mod.HTTP_PORT, mod.HTTPS_PORT))
    rec.note("error is HTTPException", mod.error is mod.HTTPException)
    rec.note("__all__", list(mod.__all__))
    rec.note("exception classes are the stdlib's",
             [(n, getattr(mod, n) is getattr(http.client, n))
              for n in EXC_NAMES])
    rec.note("RemoteDisconnected MRO",
             [k.__name__ for k in mod.RemoteDisconnected.__mro__])
    rec.note("responses", [(int(k), v) for k, v in sorted(
        mod.responses.items()) if int(k) not in (413, 414, 416, 422)])
    rec.do("responses[999]", lambda: mod.responses[999])
    rec.note("OK constant", (int(mod.OK), type(mod.OK).__name__,
                             int(mod.NOT_FOUND)))
    rec.note("IncompleteRead str/repr", (
        str(mod.IncompleteRead(b"abc", 3)), repr(mod.IncompleteRead(b"ab")),
        mod.IncompleteRead(b"x").args))
    rec.note("BadStatusLine('')", (mod.BadStatusLine("").line,
                                   mod.BadStatusLine("").args))
    rec.note("LineTooLong", str(mod.LineTooLong("header line")))
    rec.note("UnknownProtocol", (mod.UnknownProtocol("HTTP/3").version,))


local_case("module_surface", "HC-A1 HC-A2 HC-A3 HC-A4 HC-A7 HC-Q1 HC-Q3 "
           "HC-Q4 HC-Q6 HC-Q7 HC-Q8", _module_surface, since=(3, 9),
           doc="responses table (62 entries since 3.9)")


def _module_rfc9110(mod, rec):
    rec.note("phrases", [mod.responses[c] for c in (413, 414, 416, 422)])
    rec.do("aliases", lambda: [int(getattr(mod, n)) for n in (
        "CONTENT_TOO_LARGE", "URI_TOO_LONG", "RANGE_NOT_SATISFIABLE",
        "UNPROCESSABLE_CONTENT")])


local_case("module_rfc9110_phrases", "HC-A2 HC-A3 HC-T2", _module_rfc9110,
           since=(3, 13), doc="RFC 9110 phrases and alias constants (3.13)")

# ===========================================================================
# 12. Deliberate gohttp hardening (behaviour.md HC-T3): explicit
# expect_gohttp outcomes.  The stdlib 3.13.0 reference differs on purpose.
# Messages are matched loosely (upstream python/cpython#150741 uses
# "got more than 100 interim responses" / "got more than 100 trailers").

GET_SENT = (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\n"
            b"Accept-Encoding: identity\r\n\r\n")
CONN_OK = ("HTTPConnection", "ok", ("object", "HTTPConnection"))
REQ_OK = ("request", "ok", None)


def _httpexc(pattern):
    return ("http.client.HTTPException", Match(pattern), (Match(pattern),),
            ())


# python/cpython#150743: more than 100 interim responses -> HTTPException.
reply_case(
    "hardening_101_interim_responses", "HC-L5 HC-S3 HC-T3",
    C100 * 101 + FINAL,
    doc="3.13.0 skips any number of 100 Continue; gohttp stops at 100",
    expect_gohttp={
        "results": [CONN_OK, REQ_OK,
                    ("getresponse", "raise",
                     _httpexc(r"more than 100 (interim|headers|responses)"))],
        "received": [GET_SENT], "extra": []})

# python/cpython#150743, endless variant (bounded here: 150 then EOF).
reply_case(
    "hardening_endless_interim_responses", "HC-L5 HC-S3 HC-T3",
    C100 * 150,
    doc="3.13.0 reads all 150 and raises RemoteDisconnected at EOF; gohttp "
        "raises HTTPException after 100",
    expect_gohttp={
        "results": [CONN_OK, REQ_OK,
                    ("getresponse", "raise",
                     _httpexc(r"more than 100 (interim|headers|responses)"))],
        "received": [GET_SENT], "extra": []})

_TRAILER_STATE = (
    ("status", 200), ("reason", "OK"), ("version", 11), ("will_close", False),
    ("length", None), ("chunked", True), ("isclosed", False),
    ("closed", False), ("getheaders", [("Transfer-Encoding", "chunked")]))

# python/cpython#150743: trailer lines limited to 100 -> HTTPException.
reply_case(
    "hardening_101_trailer_lines", "HC-N6 HC-S3 HC-T3",
    chunked(b"2\r\nok\r\n0\r\n" + b"X-T: 1\r\n" * 101 + b"\r\n"),
    final_state=False,
    doc="3.13.0 discards any number of trailer lines; gohttp stops at 100",
    expect_gohttp={
        "results": [CONN_OK, REQ_OK,
                    ("getresponse", "ok", ("object", "HTTPResponse")),
                    ("getresponse.state", "state", _TRAILER_STATE),
                    ("read()", "raise",
                     _httpexc(r"more than 100 (trailer|headers|lines)"))],
        "received": [GET_SENT], "extra": []})


# gohttp hardening (README "Differences"): a negative chunk size is a bad
# size like any other.  http.client accepts int('-2', 16) and hands -2 to
# BufferedReader.read, which raises ValueError('read length must be
# non-negative or -1') (and '-1' reads raw to EOF, hanging on keep-alive).
reply_case(
    "hardening_chunk_size_negative", "HC-N6 HC-N7 HC-T3",
    chunked(b"-2\r\nhello\r\n0\r\n\r\n"),
    final_state=False,
    doc="3.13 lets ValueError escape read(); gohttp raises IncompleteRead(b'')",
    expect_gohttp={
        "results": [CONN_OK, REQ_OK,
                    ("getresponse", "ok", ("object", "HTTPResponse")),
                    ("getresponse.state", "state", _TRAILER_STATE),
                    ("read()", "raise",
                     ("http.client.IncompleteRead", "IncompleteRead(0 bytes read)",
                      (b"",), (("partial", b""), ("expected", None))))],
        "received": [GET_SENT], "extra": []})


# python/cpython#146211: CR/LF/control characters in set_tunnel host or
# headers raise ValueError.  Upstream raises from _tunnel() (at connect,
# after the TCP connection is made, before any byte is sent); raising from
# set_tunnel() itself (no connection at all) is accepted as well.
def _tunnel_injection(host, headers):
    def client(mod, h, p, rec):
        c = rec.connect()
        rec.do("set_tunnel", c.set_tunnel, host, 8443, headers)
        if rec.failed:
            return
        # a user Host header keeps putrequest() away from the tunnel host,
        # so 3.13.0 really sends the CONNECT with the injected bytes
        rec.request(c, "GET", "/", headers={"Host": "target.example"})
        if not rec.failed:
            r = rec.getresponse(c)
            if r is not None:
                rec.ops(r, [("read",)])
    return client


def _tunnel_expect():
    valueerror = ("ValueError", ANY, ANY, ())
    # upstream: _tunnel() raises once connected, before sending a byte
    at_connect = {"results": [CONN_OK, ("set_tunnel", "ok", None),
                              ("request", "raise", valueerror)],
                  "received": [b""], "extra": []}
    # also accepted: request() rejects it before connecting ...
    at_request = {"results": [CONN_OK, ("set_tunnel", "ok", None),
                              ("request", "raise", valueerror)],
                  "received": [None], "extra": []}
    # ... or set_tunnel() rejects it at once
    at_set_tunnel = {"results": [CONN_OK, ("set_tunnel", "raise", valueerror)],
                     "received": [None], "extra": []}
    return AnyOf(at_connect, at_request, at_set_tunnel)


add("hardening_tunnel_host_crlf", "HC-J1 HC-J2 HC-T3",
    [[R, S(PROXY_OK), R, S(ok())]],
    _tunnel_injection("target.example\r\nX-Injected: 1", None),
    expect_gohttp=_tunnel_expect(),
    doc="3.13.0 sends the CR/LF into the CONNECT request")
add("hardening_tunnel_header_crlf", "HC-J1 HC-J2 HC-T3",
    [[R, S(PROXY_OK), R, S(ok())]],
    _tunnel_injection("target.example",
                      {"X-Evil": "v\r\nX-Injected: 1"}),
    expect_gohttp=_tunnel_expect(),
    doc="3.13.0 sends the CR/LF into the CONNECT request")

# ===========================================================================
# 13. Deliberate difference (README "Differences"): after a response whose
# framing is ambiguous -- Content-Length with Transfer-Encoding,
# Content-Length values that disagree, line ends other than CRLF in the
# head -- gohttp does not reuse the connection (will_close is forced, as
# curl does), so a misread body cannot become the next response.  The
# response itself is read exactly as http.client reads it.  Each outcome
# below is http.client's with will_close True (and, where the case sends
# a second request, that request on a new connection).

AMBIGUOUS_FRAMING_CASES = []


def _ambiguous(name, outcome):
    case = [c for c in CASES if c.name == name][0]
    case.expect_gohttp = outcome
    AMBIGUOUS_FRAMING_CASES.append(name)


# cl_duplicates_first_wins: Content-Length values that disagree.
_ambiguous('cl_duplicates_first_wins', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 3),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '3'), ('Content-Length', '10')]))),
             ("getheader('content-length')", 'ok', '3, 10'),
             ('read()', 'ok', b'abc'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '3'), ('Content-Length', '10')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# cl_with_chunked: Content-Length with Transfer-Encoding.
_ambiguous('cl_with_chunked', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '100'),
                 ('Transfer-Encoding', 'chunked')]))),
             ('read()', 'ok', b'abc'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '100'),
                 ('Transfer-Encoding', 'chunked')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# continue_bare_lf: bare LF line ends.
_ambiguous('continue_bare_lf', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 1),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders', [('Content-Length', '1')]))),
             ('read()', 'ok', b'z'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders', [('Content-Length', '1')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# headers_bare_cr_splits_line: a bare CR, which splits the header line.
_ambiguous('headers_bare_cr_splits_line', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 5),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('X-A', 'foo'),
                 ('Content-Length', '5'),
                 ('X-B', '2')]))),
             ('read()', 'ok', b'hello'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('X-A', 'foo'),
                 ('Content-Length', '5'),
                 ('X-B', '2')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# headers_mixed_lf_crlf: bare LF line ends.
_ambiguous('headers_mixed_lf_crlf', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 2),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'),
                 ('X-B', '2'),
                 ('Content-Length', '2')]))),
             ('read()', 'ok', b'ok'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'),
                 ('X-B', '2'),
                 ('Content-Length', '2')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# smuggle_cl_and_te_then_reuse: Content-Length with Transfer-Encoding; the next request goes out on a
# new connection, which the script does not answer (RemoteDisconnected),
# and the smuggled response is never read.
_ambiguous('smuggle_cl_and_te_then_reuse', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request#0', 'ok', None),
             ('getresponse#0', 'ok', ('object', 'HTTPResponse')),
             ('getresponse#0.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '45'),
                 ('Transfer-Encoding', 'chunked')]))),
             ('read()', 'ok', b''),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '45'),
                 ('Transfer-Encoding', 'chunked')]))),
             ('sock is None #0', 'ok', True),
             ('request#1', 'ok', None),
             ('getresponse#1',
              'raise',
              ('http.client.RemoteDisconnected',
               'Remote end closed connection without response',
               ('Remote end closed connection without response',),
               (('line', "''"), ('errno', None)))),
             ('sock is None #1', 'ok', True)],
 'received': [b'GET /1 HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-'
              b'Encoding: identity\r\n\r\n'],
 'extra': [b'GET /2 HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-Enco'
           b'ding: identity\r\n\r\n']})

# smuggle_double_cl_then_reuse: Content-Length values that disagree; the next request goes out on a
# new connection, which the script does not answer (RemoteDisconnected),
# and the smuggled response is never read.
_ambiguous('smuggle_double_cl_then_reuse', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request#0', 'ok', None),
             ('getresponse#0', 'ok', ('object', 'HTTPResponse')),
             ('getresponse#0.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '0'), ('Content-Length', '44')]))),
             ('read()', 'ok', b''),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Content-Length', '0'), ('Content-Length', '44')]))),
             ('sock is None #0', 'ok', True),
             ('request#1', 'ok', None),
             ('getresponse#1',
              'raise',
              ('http.client.RemoteDisconnected',
               'Remote end closed connection without response',
               ('Remote end closed connection without response',),
               (('line', "''"), ('errno', None)))),
             ('sock is None #1', 'ok', True)],
 'received': [b'GET /1 HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-'
              b'Encoding: identity\r\n\r\n'],
 'extra': [b'GET /2 HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-Enco'
           b'ding: identity\r\n\r\n']})

# smuggle_lf_only_header: a bare LF line end.
_ambiguous('smuggle_lf_only_header', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 2),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'), ('Content-Length', '2')]))),
             ('read()', 'ok', b'ok'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'), ('Content-Length', '2')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# smuggle_te_chunked_bare_cr: a bare CR hiding Transfer-Encoding, with Content-Length.
_ambiguous('smuggle_te_chunked_bare_cr', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'),
                 ('Transfer-Encoding', 'chunked'),
                 ('Content-Length', '3')]))),
             ('read()', 'ok', b'abc'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', None),
               ('chunked', True),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('X-A', '1'),
                 ('Transfer-Encoding', 'chunked'),
                 ('Content-Length', '3')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# status_bare_lf: bare LF line ends.
_ambiguous('status_bare_lf', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 2),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders', [('Content-Length', '2')]))),
             ('read()', 'ok', b'lf'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders', [('Content-Length', '2')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# te_duplicate_first_wins: Content-Length with Transfer-Encoding.
_ambiguous('te_duplicate_first_wins', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 3),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Transfer-Encoding', 'identity'),
                 ('Transfer-Encoding', 'chunked'),
                 ('Content-Length', '3')]))),
             ('read()', 'ok', b'3\r\n'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Transfer-Encoding', 'identity'),
                 ('Transfer-Encoding', 'chunked'),
                 ('Content-Length', '3')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})

# te_xchunked: Content-Length with Transfer-Encoding.
_ambiguous('te_xchunked', {'results': [('HTTPConnection', 'ok', ('object', 'HTTPConnection')),
             ('request', 'ok', None),
             ('getresponse', 'ok', ('object', 'HTTPResponse')),
             ('getresponse.state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 4),
               ('chunked', False),
               ('isclosed', False),
               ('closed', False),
               ('getheaders',
                [('Transfer-Encoding', 'xchunked'),
                 ('Content-Length', '4')]))),
             ('read()', 'ok', b'4\r\na'),
             ('state',
              'state',
              (('status', 200),
               ('reason', 'OK'),
               ('version', 11),
               ('will_close', True),
               ('length', 0),
               ('chunked', False),
               ('isclosed', True),
               ('closed', False),
               ('getheaders',
                [('Transfer-Encoding', 'xchunked'),
                 ('Content-Length', '4')])))],
 'received': [b'GET / HTTP/1.1\r\nHost: 127.0.0.1:<PORT>\r\nAccept-E'
              b'ncoding: identity\r\n\r\n'],
 'extra': []})


EXPECT_GOHTTP_CASES = [c.name for c in CASES if c.expect_gohttp is not None
                       and c.name not in AMBIGUOUS_FRAMING_CASES]
VERSION_SENSITIVE_CASES = [(c.name, c.since, c.rows) for c in CASES
                           if c.since is not None]

# ===========================================================================
# the unittest glue


class DifferentialTest(unittest.TestCase):
    """One test per case: gohttp.client must match http.client (3.13)."""

    maxDiff = None


def _make_test(case):
    def test(self):
        check_case(self, case)
    test.__name__ = "test_" + case.name
    test.__doc__ = case.description()
    return test


for _case in CASES:
    setattr(DifferentialTest, "test_" + _case.name, _make_test(_case))
del _case


if __name__ == "__main__":
    unittest.main()
