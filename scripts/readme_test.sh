#!/usr/bin/env bash
# readme_test.sh: the README's C and Python examples run as written.
#
#   scripts/readme_test.sh PORTS.json
#
# Takes the README's C program (the ```c block with main) and its Python
# program (the ```python block that makes an HTTPConnection), points them
# at the test server named by PORTS.json instead of `make serve`'s
# 127.0.0.1:8080 (the only change made to them: port 8080 may be taken on
# a shared machine), and runs them: the C program built against the build
# tree, then again as the README's Installing section says, against a
# `make install` into a temporary prefix with pkg-config and an rpath;
# the Python program with PYTHONPATH=build/python. Each must exit with 0
# and print the answer of the server's / or /echo route.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

[ $# -eq 1 ] || { echo "usage: scripts/readme_test.sh PORTS.json" >&2; exit 2; }
PORTS=$1
HTTP=$(port_of http) || { echo "readme_test: cannot read the http port from $PORTS"; exit 1; }
CC=${CC:-$(command -v cc || command -v gcc)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - README.md "$tmp" "$HTTP" <<'EOF' || exit 1
import re, sys
readme, out, port = sys.argv[1], sys.argv[2], sys.argv[3]
blocks = re.findall(r"^```(\w+)\n(.*?)^```", open(readme, encoding="utf-8").read(), re.S | re.M)
c = [b for lang, b in blocks if lang == "c" and "int main" in b]
py = [b for lang, b in blocks if lang == "python" and "HTTPConnection(" in b]
if len(c) != 1 or len(py) != 1:
    sys.exit("readme_test: expected one C program and one Python program in %s, found %d and %d"
             % (readme, len(c), len(py)))
for name, text, old, new in (("prog.c", c[0], '"127.0.0.1:8080"', '"127.0.0.1:%s"' % port),
                             ("prog.py", py[0], '"127.0.0.1", 8080', '"127.0.0.1", %s' % port)):
    if old not in text:
        sys.exit("readme_test: the README's %s example no longer uses %s (make serve's "
                 "address): update it or this test" % (name.split(".")[1], old))
    open("%s/%s" % (out, name), "w").write(text.replace(old, new))

# "The C API at a glance" lists exactly the header's functions, grouped
# as the header's sections, in their order.
sections, sec = [], None
for line in open("include/gohttp.h", encoding="utf-8"):
    m = re.match(r"/\* (\w[\w ]*?) =+ \*/", line)
    if m:
        sec = (m.group(1).lower(), [])
        sections.append(sec)
        continue
    m = re.match(r"^[a-z].*?[ *](gohttp_[a-z0-9_]+)\(", line)
    if m and sec:
        sec[1].append(m.group(1))
text = open(readme, encoding="utf-8").read()
start = text.index("### The C API at a glance")
rows = re.findall(r"^\| ([A-Za-z][A-Za-z ]*?) \| (.*) \|$", text[start:text.index("\n### ", start + 1)], re.M)
table = [(name.lower(), re.findall(r"`(gohttp_[a-z0-9_]+)`", fns)) for name, fns in rows if name != "section"]
if table != sections:
    sys.exit("readme_test: the README's C API table differs from include/gohttp.h's sections:\n  README: %r\n  header: %r"
             % (table, sections))
print("readme_test: the C API table lists the header's %d functions in its %d sections"
      % (sum(len(f) for _, f in sections), len(sections)))
EOF

rc=0
echo "-- C example, built against the build tree"
if "$CC" -std=c99 -Wall -Wextra -Werror -Iinclude "$tmp/prog.c" -L"$B/lib" -lgohttp \
     -Wl,-rpath,"$(cd "$B/lib" && pwd)" -o "$tmp/prog"; then
  out=$("$tmp/prog") && [ -n "$out" ] && echo "$out" || { echo "readme_test: the C example failed"; rc=1; }
else
  echo "readme_test: the C example does not compile"; rc=1
fi

echo "-- C example, after make install, as the Installing section builds it"
prefix=$tmp/prefix
if scripts/install.sh "" "$prefix" "$prefix/lib" "$prefix/include" >/dev/null &&
   PKG_CONFIG_PATH=$prefix/lib/pkgconfig "$CC" "$tmp/prog.c" \
     $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs gohttp) \
     -Wl,-rpath,"$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --variable=libdir gohttp)" \
     -o "$tmp/prog-installed"; then
  out=$(env -u LD_LIBRARY_PATH "$tmp/prog-installed") && [ -n "$out" ] && echo "$out" || {
    echo "readme_test: the installed C example failed"; rc=1; }
  if env -u LD_LIBRARY_PATH "$CC" "$tmp/prog.c" -I"$prefix/include" -L"$prefix/lib" -lgohttp -o "$tmp/prog-norpath" &&
     env -u LD_LIBRARY_PATH "$tmp/prog-norpath" >/dev/null 2>&1; then
    echo "note: $prefix/lib is found without an rpath here"
  elif LD_LIBRARY_PATH=$prefix/lib "$tmp/prog-norpath" >/dev/null; then
    echo "without an rpath the program needs LD_LIBRARY_PATH, as the README says: ok"
  else
    echo "readme_test: the example built without an rpath fails even with LD_LIBRARY_PATH"; rc=1
  fi
else
  echo "readme_test: installing into $prefix or building against it failed"; rc=1
fi

echo "-- Python example"
out=$(PYTHONPATH=$B/python python3 "$tmp/prog.py") && echo "$out" | grep -q '^200 OK' && echo "$out" | grep -q '"body":"hello"' &&
  echo "$out" || { echo "$out"; echo "readme_test: the Python example failed"; rc=1; }
exit $rc
