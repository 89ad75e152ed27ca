"""check_go_tables.py: checks the hand-written Go test tables whose
expectations are CPython 3.13.0's against CPython 3.13.0 itself.

    python3.13 scripts/check_go_tables.py          check, exit 1 on a difference
    python3.13 scripts/check_go_tables.py --check  the same (as gen_tables.py)

core/response_cases_test.go is generated (scripts/gen_tables.py); the
tables checked here are written by hand in the Go tests, so this script
reads each one's rows (inputs and expected values) from the Go source,
computes the expected value with CPython 3.13.0's own http.client, codecs
and builtins, and names every row that differs. A row it cannot read is
an error, never a skip: the Go literals are read by a small, strict
parser of the few forms these tables use.

Tables (Go test, what CPython computes):
  core/conn_test.go     requestCases: the sock.sendall calls of
                        HTTPConnection(host, port).request(...)
                        TestRequestValidation: putrequest, putheader and
                        HTTPConnection(host) errors
  core/pytext_test.go   int(s, 10), int(b, 16), str/bytes.isspace(),
                        repr(), bytes.lower()
  core/idna_test.go     s.encode("punycode"), s.encode("idna")
  core/headers_test.go  headerCases: email.parser with HTTPMessage (and
                        http.client.parse_headers); TestReadHeaderLines:
                        http.client._read_headers

Go strings are bytes; where Python takes a str the bytes are decoded as
the Go side takes them (UTF-8 for hosts, methods, URLs and header names
given to putheader; latin-1 for header values given to request() and for
the str a header value or status line becomes), as noted at each table.
gohttp's deliberate differences (an int saturates at +-MaxInt64; invalid
UTF-8 in pyReprStr shows as latin-1) are applied here, in the open.
"""

import argparse
import codecs
import email.parser
import http.client
import io
import os
import re
import sys

REFERENCE = (3, 13, 0)
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MAXINT64 = (1 << 63) - 1


class TableError(Exception):
    """A table cannot be read: the checker fails rather than skip it."""


# ---------------------------------------------------------------- Go literals

TOKEN = re.compile(r'''
    (?P<ws>[ \t\r\n]+|//[^\n]*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<rune>'(?:[^'\\\n]|\\[^\n][^']*)')
  | (?P<int>0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
  | (?P<punct>[{}()\[\],:&+\-*])
''', re.VERBOSE)

ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


def go_unquote(lit, quote):
    """The bytes of a Go interpreted string (quote '"') or rune literal."""
    body, out, i = lit[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in ESCAPES and (e != "'" or quote == "'") and (e != '"' or quote == '"'):
            out.append(ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2:i + 4], 16))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(body[i + 2:i + 2 + n], 16)).encode("utf-8")
            i += 2 + n
        elif e in "01234567":
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        else:
            raise TableError("unknown escape \\%s in %s" % (e, lit))
    return bytes(out)


class Tokens:
    """The tokens of src from pos, read as the parser asks for them (the
    rest of the file after a table need not be readable)."""

    def __init__(self, src, pos):
        self.src, self.pos, self.toks, self.starts = src, pos, [], []

    def __getitem__(self, i):
        while len(self.toks) <= i and self.pos < len(self.src):
            m = TOKEN.match(self.src, self.pos)
            if not m:
                raise TableError("cannot read Go source at %r" % self.src[self.pos:self.pos + 40])
            self.pos = m.end()
            if m.lastgroup != "ws":
                self.toks.append((m.lastgroup, m.group()))
                self.starts.append(m.start())
        return self.toks[i] if i < len(self.toks) else (None, None)

    def line(self, i):
        """The line number of token i (or of the end of what was read)."""
        self[i]
        at = self.starts[i] if i < len(self.starts) else self.pos
        return self.src.count("\n", 0, at) + 1


class Pieces(list):
    """pieces(...): a streamed body, an iterator of bytes in Python."""


CALLS = {
    # Helpers of the Go tests, done again here (their Go source is
    # small and read by eye: see the table's test file).
    "headerLinesBlock": lambda n: b"".join(b"H%d: v\r\n" % i for i in range(n)),
    "strings.Repeat": lambda s, n: s * n,
    "pieces": lambda *ps: Pieces(ps),
}
NAMES = {"true": True, "false": False, "nil": None, "math.MaxInt64": MAXINT64}


class Parser:
    """Reads one Go expression of the forms the tables use: strings (as
    bytes), runes and ints, + and -, true/false/nil, math.MaxInt64,
    composite literals ([]T{...}, T{...}, &T{...}, map[K]V{...}, {...})
    with or without keys, []byte(s), and the calls in CALLS."""

    def __init__(self, toks):
        self.toks, self.i = toks, 0

    def peek(self, k=0):
        return self.toks[self.i + k]

    def take(self, want=None):
        tok = self.peek()
        if tok[0] is None or (want is not None and tok[1] != want):
            raise TableError("expected %r, found %r" % (want, tok[1]))
        self.i += 1
        return tok

    def expr(self):
        v = self.term()
        while self.peek()[1] in ("+", "-", "*"):
            op = self.take()[1]
            w = self.term()
            if op == "+" and type(v) is type(w) and isinstance(v, (bytes, int)):
                v = v + w
            elif op == "-" and isinstance(v, int) and isinstance(w, int):
                v = v - w
            elif op == "*" and isinstance(v, int) and isinstance(w, int):
                v = v * w
            else:
                raise TableError("cannot apply %s to %r and %r" % (op, v, w))
        return v

    def typename(self):
        """Skips a type ([]T, map[K]V, *T, T, pkg.T); returns its text."""
        parts = []
        while True:
            kind, text = self.peek()
            if text == "[":
                self.take("[")
                if self.peek()[1] != "]":
                    parts.append("[" + self.take()[1])
                self.take("]")
                parts.append("[]")
            elif text == "*":
                parts.append(self.take()[1])
            elif text == "map":
                self.take()
                self.take("[")
                k = self.typename()
                self.take("]")
                parts.append("map[%s]" % k)
            elif kind == "ident":
                parts.append(self.take()[1])
                return "".join(parts)
            else:
                raise TableError("cannot read a type at %r" % text)

    def term(self):
        kind, text = self.peek()
        if text == "-":
            self.take()
            v = self.term()
            if not isinstance(v, int):
                raise TableError("cannot negate %r" % (v,))
            return -v
        if text == "&":
            self.take()
            return self.term()
        if text == "{":
            return self.composite()
        if kind == "str":
            self.take()
            return go_unquote(text, '"')
        if kind == "raw":
            self.take()
            return text[1:-1].replace("\r", "").encode("utf-8")
        if kind == "rune":
            self.take()
            b = go_unquote(text, "'")
            return ord(b.decode("utf-8"))
        if kind == "int":
            self.take()
            return int(text.replace("_", ""), 0 if text[:2].lower() == "0x" else 10)
        if text == "[" or text == "map" or kind == "ident":
            if kind == "ident" and text in NAMES:
                self.take()
                return NAMES[text]
            if kind == "ident" and self.peek(1)[1] == "(":
                name = self.take()[1]
                args = self.args()
                if name not in CALLS:
                    raise TableError("unknown call %s(...)" % name)
                return CALLS[name](*args)
            t = self.typename()
            if self.peek()[1] == "(":  # a conversion: []byte(s), string(b)
                (arg,) = self.args()
                if t not in ("[]byte", "string") or not isinstance(arg, bytes):
                    raise TableError("unknown conversion %s(%r)" % (t, arg))
                return arg
            return self.composite()
        raise TableError("cannot read a value at %r" % text)

    def args(self):
        self.take("(")
        out = []
        while self.peek()[1] != ")":
            out.append(self.expr())
            if self.peek()[1] != ")":
                self.take(",")
        self.take(")")
        return out

    def composite(self):
        """{a, b} as a list, {k: v, ...} as a list of (key, value)."""
        self.take("{")
        items, keyed = [], None
        while self.peek()[1] != "}":
            if self.peek()[0] == "ident" and self.peek(1)[1] == ":":
                key = self.take()[1]
                self.take(":")
                item = (key, self.expr())
                is_keyed = True
            else:
                v = self.expr()
                if self.peek()[1] == ":":
                    self.take(":")
                    item, is_keyed = (v, self.expr()), True
                else:
                    item, is_keyed = v, False
            if keyed is not None and keyed != is_keyed:
                raise TableError("mixed keyed and positional elements")
            keyed = is_keyed
            items.append(item)
            if self.peek()[1] != "}":
                self.take(",")
        self.take("}")
        return Keyed(items) if keyed else items


class Keyed(list):
    """The (key, value) pairs of a keyed composite literal."""


def struct_fields(decl):
    """Field names, in order, of a struct type's body: `a, b string; c int`
    or one field list a line, comments allowed."""
    names = []
    for part in re.split(r"[;\n]", re.sub(r"//[^\n]*", "", decl)):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+\S", part)
        if not m:
            raise TableError("cannot read struct field %r" % part)
        names += [n.strip() for n in m.group(1).split(",")]
    return names


def read_table(path, opener, fields=None):
    """The rows of the table whose literal starts at the regex `opener`
    (ending just before the literal's '{'), as dicts by field name. A
    `[]struct{...}` type in the opener gives the field names; otherwise
    `fields` does."""
    src = open(os.path.join(ROOT, path), encoding="utf-8").read()
    found = list(re.finditer(opener, src))
    if len(found) != 1:
        raise TableError("%s: %d matches for %r; want 1" % (path, len(found), opener))
    m = found[0]
    if fields is None:
        fields = struct_fields(m.group("fields"))
    p = Parser(Tokens(src, m.end()))
    try:
        rows = p.composite()
    except (TableError, ValueError, IndexError, TypeError) as e:
        raise TableError("%s:%d: table %s: %s" % (path, p.toks.line(p.i), m.group("name"), e))
    out = []
    for k, row in enumerate(rows):
        if isinstance(row, Keyed):
            d = dict(row)
            if list(d) != fields:
                raise TableError("%s: row %d has fields %s; want %s" % (path, k, list(d), fields))
        elif isinstance(row, (list, tuple)) and len(row) == len(fields):
            d = dict(zip(fields, row))
        elif len(fields) == 1 and not isinstance(row, (list, tuple)):
            d = {fields[0]: row}
        else:
            raise TableError("%s: row %d does not have the %d fields %s: %r" % (path, k, len(fields), fields, row))
        out.append(d)
    if not out:
        raise TableError("%s: the table %r is empty" % (path, opener))
    return path, m.group("name"), out


def test_table(test):
    """An opener for the `tests := []struct{...}{` table of func test."""
    return (r"func (?P<name>%s)\(t \*testing\.T\) \{[^{}]*?tests := \[\]struct\s*\{(?P<fields>[^{}]*)\}(?=\{)"
            % re.escape(test))


def struct_table(name):
    """An opener for `name := []struct{...}{` or `var name = []struct {...}{`."""
    return r"(?:var\s+|\b)(?P<name>%s)\s*:?=\s*\[\]struct\s*\{(?P<fields>[^{}]*)\}(?=\{)" % re.escape(name)


# ---------------------------------------------------------------- checks

class Report:
    def __init__(self):
        self.rows = self.bad = 0
        self.per_table = {}

    def row(self, where, label, got, want):
        self.rows += 1
        self.per_table[where] = self.per_table.get(where, 0) + 1
        if got != want:
            self.bad += 1
            print("%s: %s: CPython %d.%d.%d gives %r; the table says %r" % (
                where, label, *sys.version_info[:3], got, want))


class FakeSock:
    """A socket that records every sendall call."""

    def __init__(self):
        self.sends = []

    def sendall(self, data):
        self.sends.append(bytes(data))

    def close(self):
        pass


class HTTP10Connection(http.client.HTTPConnection):
    _http_vsn = 10
    _http_vsn_str = "HTTP/1.0"


def u8(b):
    return b.decode("utf-8")


def l1(b):
    return b.decode("iso-8859-1")


def py_err(e):
    """conn_test.go's pyErrText, for a Python exception (None: "ok")."""
    if e is None:
        return "ok"
    if isinstance(e, UnicodeEncodeError):
        return "UnicodeEncodeError: position %d" % e.start
    if isinstance(e, http.client.InvalidURL):
        return "InvalidURL: %s" % e
    if isinstance(e, (http.client.CannotSendRequest, http.client.CannotSendHeader,
                      http.client.ResponseNotReady)):
        return repr(e)
    if type(e) is ValueError:
        return "ValueError: %s" % e
    return "unexpected %r" % (e,)


def attempt(f, *args):
    try:
        f(*args)
    except Exception as e:  # every kind is rendered, the unexpected too
        return py_err(e)
    return "ok"


def check_requests(rep):
    # Hosts, methods and URLs are Python str (UTF-8 in Go); header names
    # are str, or bytes where isBytes; header values are str, their Go
    # bytes read as latin-1 (putheader encodes str values as latin-1).
    path, name, rows = read_table("core/conn_test.go", struct_table("requestCases"))
    for r in rows:
        hs = {}
        for h in r["headers"]:
            if len(h) != 3:
                raise TableError("%s: %s: header %r is not {name, value, isBytes}" % (path, r["name"], h))
            key = h[0] if h[2] else u8(h[0])
            if key in hs:
                raise TableError("%s: %s: header %r twice (a dict cannot hold it)" % (path, r["name"], key))
            hs[key] = l1(h[1])
        body = r["body"]
        if isinstance(body, Pieces):
            body = iter(list(body))
        elif isinstance(body, Keyed):
            d = dict(body)
            if list(d) != ["Data"]:
                raise TableError("%s: %s: body %r is not &Body{Data: ...}" % (path, r["name"], body))
            body = d["Data"]
        elif body is not None:
            raise TableError("%s: %s: unknown body %r" % (path, r["name"], body))
        cls = HTTP10Connection if r["http10"] else http.client.HTTPConnection
        conn = cls(u8(r["host"]), None if r["port"] == -1 else r["port"])
        conn.sock = FakeSock()
        conn.request(u8(r["method"]), u8(r["url"]), body, hs, encode_chunked=r["encodeChunked"])
        rep.row("%s %s" % (path, name), u8(r["name"]), conn.sock.sends, list(r["sends"]))


def check_validation(rep):
    path = "core/conn_test.go"
    _, name, rows = read_table(path, struct_table("requests"))
    for r in rows:
        conn = http.client.HTTPConnection("example.com")
        got = attempt(conn.putrequest, u8(r["method"]), u8(r["url"]))
        rep.row("%s %s" % (path, name), "putrequest(%r, %r)" % (r["method"], r["url"]), got, u8(r["want"]))
        # The state moved to Request-started before the checks.
        got = attempt(conn.putrequest, "GET", "/")
        rep.row("%s %s" % (path, name), "putrequest after putrequest(%r, %r)" % (r["method"], r["url"]),
                got, "CannotSendRequest('Request-started')")
    _, name, rows = read_table(path, struct_table("headers"))
    for r in rows:
        conn = http.client.HTTPConnection("example.com")
        conn.putrequest("GET", "/")
        got = attempt(conn.putheader, u8(r["name"]), u8(r["value"]))
        rep.row("%s %s" % (path, name), "putheader(%r, %r)" % (r["name"], r["value"]), got, u8(r["want"]))
    _, name, rows = read_table(path, struct_table("hosts"))
    for r in rows:
        got = attempt(http.client.HTTPConnection, u8(r["host"]))
        rep.row("%s %s" % (path, name), "HTTPConnection(%r)" % r["host"], got, u8(r["want"]))


def saturate(v):
    return max(-MAXINT64, min(MAXINT64, v))


def int_or_fail(s, base):
    """(int(s, base) saturated, True), or (0, False) on ValueError."""
    try:
        return saturate(int(s, base)), True
    except ValueError:
        return 0, False


def check_pytext(rep):
    path = "core/pytext_test.go"
    # int(s, 10) on the latin-1 str of a header value.
    _, name, rows = read_table(path, test_table("TestPyIntBase10"))
    for r in rows:
        rep.row("%s %s" % (path, name), "int(%r, 10)" % l1(r["in"]), int_or_fail(l1(r["in"]), 10), (r["want"], r["ok"]))
    # int(b, 16) on bytes.
    _, name, rows = read_table(path, test_table("TestPyIntBase16"))
    for r in rows:
        rep.row("%s %s" % (path, name), "int(%r, 16)" % r["in"], int_or_fail(r["in"], 16), (r["want"], r["ok"]))
    # int() refuses U+001C..U+001F, takes U+0085 and U+00A0.
    opener = r"func (?P<name>TestPyIntBase10NotSplitWhitespace)\(t \*testing\.T\) \{[^{}]*?range \[\]string(?=\{)"
    _, name, rows = read_table(path, opener, fields=["in"])
    for r in rows:
        rep.row("%s %s" % (path, name), "int(%r)" % l1(r["in"]), int_or_fail(l1(r["in"]), 10)[1], False)
    m = re.search(r'pyInt\((".*?"), 10, pyIsSpaceInt\); got != (\d+) \|\| !ok', open(os.path.join(ROOT, path)).read())
    if not m:
        raise TableError("%s: TestPyIntBase10NotSplitWhitespace: the accepted case is not found" % path)
    s = l1(go_unquote(m.group(1), '"'))
    rep.row("%s %s" % (path, name), "int(%r)" % s, int_or_fail(s, 10), (int(m.group(2)), True))
    # str.isspace() over latin-1, bytes.isspace() per byte.
    for var, test in (("latin1", lambda c: chr(c).isspace()), ("ascii", lambda c: bytes([c]).isspace())):
        _, name, rows = read_table(path, r"(?P<name>%s) := map\[byte\]bool(?=\{)" % var, fields=["c", "v"])
        want = {r["c"]: r["v"] for r in rows}
        if set(want.values()) != {True}:
            raise TableError("%s: %s lists a false entry" % (path, var))
        got = {c: True for c in range(256) if test(c)}
        rep.row("%s TestPyIsSpace" % path, var, sorted(got), sorted(want))
    # repr(bytes), repr(latin-1 str), repr(str).
    for test, conv in (("TestPyReprBytes", lambda b: b), ("TestPyReprLatin1", l1), ("TestPyReprStr", utf8_or_latin1)):
        _, name, rows = read_table(path, test_table(test))
        for r in rows:
            v = conv(r["in"])
            rep.row("%s %s" % (path, name), "repr(%r)" % (v,), repr(v), u8(r["want"]))
    # bytes.lower(): ASCII letters only.
    _, name, rows = read_table(path, test_table("TestASCIILower"))
    for r in rows:
        rep.row("%s %s" % (path, name), "%r.lower()" % r["in"], r["in"].lower(), r["want"])


def _latin1_replace(e):
    # gohttp's pyReprStr: each byte that is not valid UTF-8 is shown as
    # the latin-1 character of the same value.
    return l1(e.object[e.start:e.end]), e.end


codecs.register_error("gohttp-latin1", _latin1_replace)


def utf8_or_latin1(b):
    return b.decode("utf-8", "gohttp-latin1")


def check_idna(rep):
    path = "core/idna_test.go"
    _, name, rows = read_table(path, test_table("TestPunycode"))
    for r in rows:
        rep.row("%s %s" % (path, name), r["name"].decode(), u8(r["in"]).encode("punycode"), r["want"])
    _, name, rows = read_table(path, test_table("TestIDNAEncode"))
    for r in rows:
        rep.row("%s %s" % (path, name), "%r.encode('idna')" % u8(r["in"]), u8(r["in"]).encode("idna"), r["want"])


def check_headers(rep):
    path = "core/headers_test.go"
    _, name, rows = read_table(path, struct_table("headerCases"))
    for r in rows:
        want = [tuple(p) for p in r["want"]]
        if any(len(p) != 2 for p in want):
            raise TableError("%s: %s: want %r is not (name, value) pairs" % (path, r["name"], want))
        msg = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(l1(r["block"]))
        got = [(k.encode("iso-8859-1"), v.encode("iso-8859-1")) for k, v in msg.items()]
        rep.row("%s %s" % (path, name), r["name"].decode(), got, want)
        msg = http.client.parse_headers(io.BufferedReader(io.BytesIO(r["block"])))
        got = [(k.encode("iso-8859-1"), v.encode("iso-8859-1")) for k, v in msg.items()]
        rep.row("%s %s" % (path, name), r["name"].decode() + " (parse_headers)", got, want)
    _, name, rows = read_table(path, test_table("TestReadHeaderLines"))
    for r in rows:
        label = r["name"].decode()
        data = r["in"]
        # The test follows a block with "BODY" unless the row is about
        # the end of the stream.
        if "EOF" not in label and label != "empty":
            data += b"BODY"
        try:
            lines = http.client._read_headers(io.BufferedReader(io.BytesIO(data)))
            got = (len(lines), "")
        except http.client.HTTPException as e:
            got = (0, repr(e))
        want = (r["lines"] if not r["err"] else 0, u8(r["err"]))
        rep.row("%s %s" % (path, name), label, got, want)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="check (the default; for symmetry with gen_tables.py)")
    ap.parse_args()
    if sys.version_info[:3] != REFERENCE or sys.implementation.name != "cpython":
        sys.exit("check_go_tables.py: run it with CPython %d.%d.%d (scripts/reference_python.sh), not %s %s"
                 % (*REFERENCE, sys.implementation.name, sys.version.split()[0]))
    rep = Report()
    try:
        for check in (check_requests, check_validation, check_pytext, check_idna, check_headers):
            check(rep)
    except TableError as e:
        sys.exit("check_go_tables.py: cannot read a table: %s" % e)
    for where, n in rep.per_table.items():
        print("  %-45s %4d rows" % (where, n))
    if rep.bad:
        sys.exit("check_go_tables.py: %d of %d rows differ from CPython %d.%d.%d" % (rep.bad, rep.rows, *REFERENCE))
    print("check_go_tables.py: %d rows of the Go tables agree with CPython %d.%d.%d" % (rep.rows, *REFERENCE))


if __name__ == "__main__":
    main()
