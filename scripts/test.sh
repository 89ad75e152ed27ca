#!/usr/bin/env bash
# make test: every test, Go, C and Python (on each installed Python 3.8+).
# Then CPython's own test_httplib against gohttp.client, the wheel (built,
# installed offline into a fresh venv per Python and used there) and the
# README's examples, and the Lua binding under LuaJIT. With an argument
# (go, c, python, httplib, wheel, header, symbols, abi, lua) only that
# part runs.
#
# Skips are loud: every part prints a line "SKIP WHERE: TEST: REASON" for
# each test it did not run, and the run ends with the list of them all.
# A tool the tests need (cmake, pkg-config, openssl, valgrind, luajit) is
# installed when missing (scripts/lib.sh need_tool), not skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
only=${1:-all}
failed=()
SKIPS=$(mktemp /tmp/gohttp-skips.XXXXXX)
PARTLOG=$SKIPS.part

run() { # run NAME CMD...: run a part, remember a failure and its skips, go on.
  local name=$1 rc; shift
  echo "== $name"
  # Not a pipeline: the part runs in this shell (start_server's
  # SERVER_PID stays visible to the EXIT trap).
  "$@" > >(tee "$PARTLOG") 2>&1
  rc=$?
  wait $! 2>/dev/null
  grep -a '^SKIP ' "$PARTLOG" >>"$SKIPS"
  if [ "$rc" = 0 ]; then echo "== $name: ok"; else echo "== $name: FAILED"; failed+=("$name"); fi
  echo
}

report_skips() {
  local n
  n=$(grep -c . "$SKIPS")
  if [ "$n" = 0 ]; then
    echo "== skipped: none"
  else
    echo "== skipped: $n (what did not run, and why)"
    sed 's/^SKIP /  /' "$SKIPS"
  fi
  echo
  rm -f "$SKIPS" "$PARTLOG"
}

header_fresh() {
  local f py
  for f in gohttp.h gohttp.cdef.h gohttp.json; do
    if ! cmp -s $B/include/$f include/$f; then
      echo "include/$f is stale: run 'make header' and commit it"
      diff -u include/$f $B/include/$f | head -n 40
      return 1
    fi
  done
  echo "include/gohttp.h, gohttp.cdef.h and gohttp.json match capi/"
  # cffi's ffi.cdef() takes gohttp.cdef.h unchanged, and the library
  # answers through it. (LuaJIT's ffi.cdef() check: bindings/lua adds it
  # here, with the same file.)
  py=$(command -v python3)
  "$py" -c 'import cffi' 2>/dev/null || { echo "python3 has no cffi: python3 -m pip install cffi"; return 1; }
  GOHTTP_LIB=$B/lib/libgohttp.so.1 "$py" - <<'PYEOF' || return 1
import os, cffi
ffi = cffi.FFI()
ffi.cdef(open("include/gohttp.cdef.h").read())
lib = ffi.dlopen(os.environ["GOHTTP_LIB"])
v = ffi.string(lib.gohttp_version()).decode()
assert v.startswith("1.0.0 (go"), v
assert lib.gohttp_version_number() == 10000
print("cffi: ffi.cdef(gohttp.cdef.h) ok; gohttp_version() = %s" % v)
PYEOF
}

symbols_clean() {
  local bad lib=$B/lib/libgohttp.so.1 want got
  bad=$(nm -D --defined-only $lib | awk '{print $3}' | grep -v '^gohttp_[a-z]' | grep -v '^GOHTTP_1\.0$' || true)
  if [ -n "$bad" ]; then echo "symbols other than gohttp_* exported:"; echo "$bad" | head; return 1; fi
  objdump -p $lib | grep -q 'SONAME *libgohttp.so.1$' || { echo "the soname is not libgohttp.so.1"; return 1; }
  # Every exported function carries the version node GOHTTP_1.0.
  bad=$(objdump -T $lib | awk '$NF ~ /^gohttp_/ && $(NF-1) != "GOHTTP_1.0" {print $NF}')
  if [ -n "$bad" ]; then echo "exported without the version node GOHTTP_1.0:"; echo "$bad" | head; return 1; fi
  # The exported functions are exactly the header's (include/gohttp.json).
  want=$(python3 -c 'import json; print("\n".join(sorted(f["name"] for f in json.load(open("include/gohttp.json"))["functions"])))')
  got=$(nm -D --defined-only $lib | awk '$3 ~ /^gohttp_/ {print $3}' | sed 's/@.*//' | sort -u)
  if [ "$want" != "$got" ]; then
    echo "the exported functions differ from the header's declarations (< header, > library):"
    diff <(echo "$want") <(echo "$got")
    return 1
  fi
  echo "exported: the $(echo "$got" | wc -l) functions of the header, each @GOHTTP_1.0; $(objdump -p $lib | grep SONAME | tr -s ' ')"
}

abi_check() { scripts/abi_check.sh; }

go_tests() {
  local ref
  # The tables are checked against their generator (gen_tables.py) and
  # the hand-written ones against CPython itself (check_go_tables.py)
  # where CPython 3.13.0 is installed; without it the Go tests still run,
  # and the skips are listed.
  if ref=$(scripts/reference_python.sh 2>/dev/null); then
    "$ref" scripts/gen_tables.py --check || return 1
    "$ref" scripts/check_go_tables.py --check || return 1
  else
    echo "SKIP go: gen_tables --check: CPython 3.13.0, the tables' reference, is not installed"
    echo "SKIP go: check_go_tables --check: CPython 3.13.0, the tables' reference, is not installed"
  fi
  go vet ./... || return 1
  go test -count=1 -json ./... 2>&1 | python3 scripts/go_test_report.py || return 1
  scripts/fuzz.sh
}

c_tests() {
  start_server 600s || return 1
  local rc=0
  $B/bin/gohttp_c_tests "$PORTS" || rc=1
  scripts/valgrind.sh "$PORTS" || rc=1
  scripts/install_test.sh "$PORTS" || rc=1
  scripts/c_api_coverage.sh || rc=1
  stop_server
  return $rc
}

python_tests() {
  local rc=0 found=0 py cffi=""
  need_tool openssl openssl "test_tls makes certificates with it" || return 1
  # cffi is installed for some interpreters only: test_cdef runs there and
  # its skip on the others names them.
  for py in $(scripts/pythons.sh); do
    "$py" -c 'import cffi' 2>/dev/null && cffi="$cffi $("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  done
  [ -n "$cffi" ] || echo "SKIP python: test_cdef: no installed Python has cffi (python3 -m pip install cffi, for one of them)"
  export GOHTTP_CFFI_PYTHONS=${cffi# }
  for py in $(scripts/pythons.sh); do
    found=1
    echo "-- $py"
    PYTHONPATH=$B/python "$py" bindings/python/tests/run_tests.py || rc=1
  done
  [ $found = 1 ] || { echo "no Python 3.8+ found"; return 1; }
  return $rc
}

httplib_tests() { # CPython's own test_httplib against gohttp.client, on each Python
  local py
  py=$(scripts/pythons.sh | head -n 1)
  [ -n "$py" ] || { echo "no Python 3.8+ found"; return 1; }
  GOHTTP_PYTHONPATH=$B/python "$py" bindings/python/tests/httplib_suite.py
}

wheel_tests() {
  start_server 600s || return 1
  local rc=0
  scripts/wheel_test.sh "$PORTS" || rc=1
  echo "-- the README's examples"
  scripts/readme_test.sh "$PORTS" || rc=1
  stop_server
  return $rc
}

lua_tests() { # the LuaJIT binding (bindings/lua) and its example
  need_tool luajit luajit "the Lua binding's tests run under LuaJIT" || return 1
  start_server 600s || return 1
  local rc=0 calls
  calls=$(mktemp /tmp/gohttp-lua-calls.XXXXXX)
  export GOHTTP_LIBRARY=$B/lib/libgohttp.so.1
  # The module's calls into the library are recorded, then checked
  # against include/gohttp.json.
  GOHTTP_LUA_CALLS=$calls luajit bindings/lua/tests/run.lua || rc=1
  python3 scripts/lua_abi_check.py "$calls" || rc=1
  rm -f "$calls"
  echo "-- examples/lua/get.lua"
  local out
  if out=$(LUA_PATH="bindings/lua/?.lua;;" luajit examples/lua/get.lua "127.0.0.1:$(port_of http)" / 2>&1) \
     && grep -q '^HTTP/1.1 200 OK' <<<"$out" && grep -q '^hello from gohttp testsrv' <<<"$out"; then
    echo "examples/lua/get.lua: ok"
  else
    echo "examples/lua/get.lua failed:"; echo "$out"; rc=1
  fi
  unset GOHTTP_LIBRARY
  stop_server
  return $rc
}

node_tests() { # the Node binding (koffi) and its example, on the local server
  scripts/node_deps.sh || return 1
  start_server 600s || return 1
  local rc=0
  (cd bindings/node && node --expose-gc test/run.js "$PORTS") || rc=1
  echo "-- examples/node/get.js"
  local out
  out=$(node examples/node/get.js "127.0.0.1:$(port_of http)" /echo 2>&1)
  if printf '%s\n' "$out" | head -n 1 | grep -q '^HTTP/1.1 200 OK' && printf '%s' "$out" | grep -q '"method":"GET"'; then
    echo "examples/node/get.js: ok"
  else
    printf '%s\n' "$out" | head -n 20
    echo "examples/node/get.js: FAILED"
    rc=1
  fi
  stop_server
  return $rc
}

trap stop_server EXIT
case $only in
  all) run header header_fresh; run symbols symbols_clean; run abi abi_check; run go go_tests; run c c_tests; run python python_tests; run httplib httplib_tests; run wheel wheel_tests; run lua lua_tests; run node node_tests ;;
  go) run go go_tests ;;
  c) run c c_tests ;;
  python) run python python_tests ;;
  httplib) run httplib httplib_tests ;;
  wheel) run wheel wheel_tests ;;
  node) run node node_tests ;;
  header) run header header_fresh ;;
  symbols) run symbols symbols_clean ;;
  abi) run abi abi_check ;;
  lua) run lua lua_tests ;;
  *) echo "usage: scripts/test.sh [go|c|python|httplib|wheel|lua|node|header|symbols|abi]"; exit 2 ;;
esac

report_skips
if [ ${#failed[@]} -gt 0 ]; then
  echo "make test: FAILED: ${failed[*]}"
  exit 1
fi
echo "make test: all passed"
