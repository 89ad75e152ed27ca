#!/usr/bin/env bash
# wheel_test.sh: the wheel installs offline and works, on every Python.
#
#   scripts/wheel_test.sh PORTS.json
#
# Builds the wheel (scripts/make_wheel.py, as `make wheel` does) into
# $B/dist, checks its RECORD and WHEEL and that a second build is
# identical byte for byte, then for
# each Python 3.8+ that scripts/pythons.sh lists: makes a fresh venv
# (python -m venv, whose pip comes from ensurepip), runs
# `pip install --no-index` on the wheel, and with the venv's Python in
# isolated mode (-I: no PYTHONPATH, no current directory, no user site)
# checks that gohttp is imported from the venv, that the installed files
# match the RECORD pip wrote, that py.typed and the stubs are there, and does a
# GET and a POST against the local test server named by PORTS.json.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

[ $# -eq 1 ] || { echo "usage: scripts/wheel_test.sh PORTS.json" >&2; exit 2; }
PORTS=$1
HTTP=$(port_of http) || { echo "wheel_test: cannot read the http port from $PORTS"; exit 1; }

wheel=$(python3 scripts/make_wheel.py) || { echo "wheel_test: make_wheel.py failed"; exit 1; }
[ -f "$wheel" ] || { echo "wheel_test: make_wheel.py printed '$wheel', which is not a file"; exit 1; }
echo "wheel: $wheel"
case $(basename "$wheel") in
  gohttp-*-py3-none-manylinux_2_*_x86_64.whl) ;;
  *) echo "wheel_test: unexpected wheel name $(basename "$wheel")"; exit 1 ;;
esac

# The tag's glibc is the newest GLIBC_ symbol version the library needs.
glibc=$(objdump -T "$B/python/gohttp/libgohttp.so" | grep -o 'GLIBC_2\.[0-9][0-9.]*' | sort -V | tail -n 1)
want=manylinux_2_$(echo "$glibc" | cut -d. -f2)_x86_64
case $(basename "$wheel") in
  *-py3-none-$want.whl) echo "libgohttp.so needs up to $glibc: tag $want" ;;
  *) echo "wheel_test: libgohttp.so needs $glibc, so the tag should be $want"; exit 1 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
again=$(python3 scripts/make_wheel.py --out "$tmp/again" 2>/dev/null) || { echo "wheel_test: second build failed"; exit 1; }
if ! cmp -s "$wheel" "$again"; then
  echo "wheel_test: two builds of the wheel differ"
  exit 1
fi
echo "a second build is identical"

# The wheel's own RECORD (pip writes a new one when it installs, so this
# is checked in the zip): every file listed once with its sha256 and size.
python3 - "$wheel" <<'EOF' || { echo "wheel_test: the wheel's RECORD is wrong"; exit 1; }
import base64, csv, hashlib, io, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zf:
    names = zf.namelist()
    record = [n for n in names if n.endswith(".dist-info/RECORD")]
    assert len(record) == 1, record
    rows = list(csv.reader(io.StringIO(zf.read(record[0]).decode("utf-8"))))
    listed = [r[0] for r in rows]
    assert sorted(listed) == sorted(names), set(listed) ^ set(names)
    for name, digest, size in rows:
        if name == record[0]:
            assert digest == "" and size == "", (name, digest, size)
            continue
        data = zf.read(name)
        want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == want and int(size) == len(data), name
    wheel_meta = zf.read(record[0].replace("RECORD", "WHEEL")).decode()
    tag = sys.argv[1].rsplit("/", 1)[-1][:-4].split("-", 2)[2]
    assert "Tag: %s\n" % tag in wheel_meta, (tag, wheel_meta)
print("RECORD lists all %d files with their sha256; WHEEL has Tag: %s" % (len(names), tag))
EOF

check=$(cat <<'EOF'
import hashlib, base64, json, os, sys
from importlib import metadata

venv, port = sys.argv[1], int(sys.argv[2])
import gohttp
from gohttp import client
pkg = os.path.dirname(os.path.realpath(gohttp.__file__))
assert pkg.startswith(os.path.realpath(venv) + os.sep), "gohttp imported from %s, not the venv" % pkg
for f in ("py.typed", "__init__.pyi", "client.pyi", "libgohttp.so"):
    assert os.path.isfile(os.path.join(pkg, f)), "%s missing from the installed package" % f

dist = metadata.distribution("gohttp")
assert dist.version == gohttp.__version__, (dist.version, gohttp.__version__)
checked = 0
for f in dist.files:
    if f.hash is None:
        continue
    with open(f.locate(), "rb") as fh:
        data = fh.read()
    digest = base64.urlsafe_b64encode(hashlib.new(f.hash.mode, data).digest()).rstrip(b"=").decode()
    assert digest == f.hash.value and len(data) == f.size, "%s does not match RECORD" % f
    checked += 1
assert checked >= 8, "only %d files listed with hashes in RECORD" % checked
lic = [f for f in dist.files if f.name == "LICENSE"]
assert lic and "MIT License" in lic[0].read_text(), "no MIT LICENSE in the dist-info"

conn = client.HTTPConnection("127.0.0.1", port, timeout=30)
conn.request("GET", "/")
resp = conn.getresponse()
body = resp.read()
assert resp.status == 200 and body, (resp.status, body)
conn.request("POST", "/echo", body=b"hello", headers={"Content-Type": "text/plain"})
resp = conn.getresponse()
echo = json.loads(resp.read())
assert resp.status == 200 and echo["method"] == "POST" and echo["body"] == "hello", echo
conn.close()
print("python %d.%d: gohttp %s from %s, %d files match RECORD, GET / -> %d, POST /echo ok"
      % (sys.version_info[:2] + (gohttp.__version__, pkg, checked, 200)))
EOF
)

rc=0 found=0
for py in $(scripts/pythons.sh); do
  found=1
  v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  venv=$tmp/venv-$v
  if ! "$py" -c 'import ensurepip' 2>/dev/null; then
    echo "!!! wheel_test: $py has no ensurepip: its venvs get no pip, the wheel cannot be installed there. FAILED"
    rc=1
    continue
  fi
  if ! "$py" -m venv "$venv" >"$tmp/venv.log" 2>&1; then
    cat "$tmp/venv.log"
    echo "!!! wheel_test: python $v: python -m venv failed"
    rc=1
    continue
  fi
  if [ ! -x "$venv/bin/pip" ]; then
    echo "!!! wheel_test: python $v: the venv has no pip (ensurepip did not run)"
    rc=1
    continue
  fi
  if ! env -u PYTHONPATH "$venv/bin/python" -m pip install --no-index --no-cache-dir \
         --disable-pip-version-check -q "$wheel" >"$tmp/pip.log" 2>&1; then
    cat "$tmp/pip.log"
    echo "!!! wheel_test: python $v: pip install --no-index failed"
    rc=1
    continue
  fi
  (cd "$tmp" && env -u PYTHONPATH -u GOHTTP_LIBRARY "$venv/bin/python" -I -c "$check" "$venv" "$HTTP") || {
    echo "!!! wheel_test: python $v: the installed package failed"
    rc=1
  }
done
[ $found = 1 ] || { echo "wheel_test: no Python 3.8+ found"; exit 1; }
exit $rc
