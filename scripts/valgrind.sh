#!/usr/bin/env bash
# valgrind.sh: the C test suite under valgrind's Memcheck, in quick mode
# (the thread tests shrink; everything else runs), in well under 3 minutes.
#
#   scripts/valgrind.sh [PORTS_JSON] [TEST...]
#
# Without PORTS_JSON it uses $GOHTTP_TEST_PORTS or starts the local server.
# TEST names (prefixes) select tests, as for gohttp_c_tests.
#
# It fails when
#   - Memcheck reports a definitely lost block (--errors-for-leak-kinds=definite),
#   - Memcheck reports a memory error not proven to be the Go runtime's own
#     goroutine-stack traffic (scripts/valgrind_filter.py says exactly what
#     is left out: an access by Go code to memory the runtime mapped
#     itself, or an uninitialised value that Go code uses and Go code
#     created on a goroutine stack; Go code is named by the import paths
#     of the packages linked into libgohttp, not guessed),
#   - a test of the suite fails under valgrind, or the suite crashes, or
#   - the filter's self-test fails: scripts/valgrind_planted.c, built here
#     and linked to libgohttp, makes four real errors (C branching on and
#     writing past malloc'd memory, Go branching on a caller's unwritten
#     buffer and writing past a caller's buffer), and each must be
#     reported.
# The suppressions for the runtime's own C allocations are in
# bindings/c/tests/valgrind.supp.
#
# The TLS tests are left out ('!tls_'): Memcheck intermittently reports
# values that crypto/tls decrypted (and the lengths parsed from them) as
# uninitialised when C reads them -- a value-tracking artefact of the
# data passing through goroutine stacks, seen with and without Go's
# assembly (GODEBUG=cpu.all=off). The C boundary those tests cross is the
# same as the plain-HTTP tests', which run here; the TLS tests run in the
# plain suite.
#
# The library under test is built again with its symbol table (build.sh
# strips it) so that reports name functions; the code is the same.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_tool valgrind valgrind "the C suite runs under Memcheck" || exit 1
[ -x "$B/bin/gohttp_c_tests" ] || { echo "valgrind.sh: $B/bin/gohttp_c_tests is missing: run ./build.sh"; exit 1; }

# 1. The library with symbols.
types=capi/gohttp_types.h
ABI=$(sed -n 's/^#define GOHTTP_ABI \([0-9]*\).*/\1/p' "$types")
VG=$B/valgrind
mkdir -p "$VG"
CGO_ENABLED=1 go build -buildmode=c-shared -trimpath \
  -ldflags "-w -extldflags '-Wl,-soname,libgohttp.so.$ABI -Wl,--version-script=$PWD/capi/exports.map'" \
  -o "$VG/libgohttp.so.$ABI" ./capi || { echo "valgrind.sh: building the library failed"; exit 1; }
rm -f "$VG"/*.h
go list -deps ./capi >"$VG/gopkgs.txt" || { echo "valgrind.sh: go list -deps ./capi failed"; exit 1; }
VGOPTS=(--tool=memcheck --fair-sched=yes --error-limit=no --track-origins=yes --leak-check=full
  --errors-for-leak-kinds=definite --show-leak-kinds=definite,possible
  --child-silent-after-fork=yes --num-callers=40
  --suppressions=bindings/c/tests/valgrind.supp)

# 2. The filter's self-test: planted errors must be reported.
CC=${CC:-$(command -v cc || command -v gcc)}
"$CC" -std=c99 -O0 -g -Wall -Wno-maybe-uninitialized -Iinclude -o "$VG/planted" scripts/valgrind_planted.c \
  -L"$VG" -l:libgohttp.so.$ABI -Wl,-rpath,"$(cd "$VG" && pwd)" || { echo "valgrind.sh: building scripts/valgrind_planted.c failed"; exit 1; }
PLOG=$VG/planted.log
timeout 120 valgrind "${VGOPTS[@]}" --log-file="$PLOG" "$VG/planted" >"$VG/planted.out" 2>&1
grep -q '^planted: done' "$VG/planted.out" || { echo "valgrind.sh: the planted program did not finish:"; cat "$VG/planted.out"; exit 1; }
python3 scripts/valgrind_filter.py "$PLOG" "$VG/gopkgs.txt" \
  --expect 'Conditional jump[^\n]*\n\s+at 0x[0-9A-F]+: planted_uninit_branch .*\n(.*\n)*.*created by a heap allocation' \
  --expect 'Invalid write of size 1\n\s+at 0x[0-9A-F]+: planted_heap_overrun (.*\n)*.*0 bytes after a block of size 16' \
  --expect '(Conditional jump|Use of uninit)[^\n]*\n\s+at 0x[0-9A-F]+: github.com/gohttp/gohttp/core\.(.*\n)*.*created by a heap allocation\n.*malloc' \
  --expect 'Invalid write[^\n]*\n\s+at 0x[0-9A-F]+: runtime\.memmove (.*\n)*.*bytes (inside|after) a block of size 4 ' \
  || { echo "valgrind.sh: FAILED: the filter hides planted errors (log: $PLOG)"; exit 1; }

# 3. The server.
if [ $# -gt 0 ] && [ -f "$1" ]; then
  PORTS=$1
  shift
elif [ -n "${GOHTTP_TEST_PORTS:-}" ] && [ -f "$GOHTTP_TEST_PORTS" ]; then
  PORTS=$GOHTTP_TEST_PORTS
else
  start_server 300s || exit 1
  trap stop_server EXIT
fi

# 4. The run. The test binary's RUNPATH points at $B/lib; LD_LIBRARY_PATH
# comes first, so it loads the library with symbols.
LOG=$(mktemp /tmp/gohttp-valgrind.XXXXXX)
OUT=$LOG.out
echo "valgrind.sh: Memcheck on $B/bin/gohttp_c_tests --quick (log: $LOG)"
start=$(date +%s)
# GOGC=off: no garbage collection during the run. Collection shrinks and
# frees goroutine stacks and hands their memory to new objects, and
# Memcheck, which cannot follow goroutine stacks, then reports the Go
# runtime's own use of that memory, often with no origin to tell it from
# a real error (about one run in four, more under load). Memcheck cannot
# see a use of freed Go memory either way (the Go heap is not malloc's),
# so nothing it could find is lost; the suite's memory stays small.
GOGC=off LD_LIBRARY_PATH="$VG" timeout 170 valgrind "${VGOPTS[@]}" --log-file="$LOG" \
  "$B/bin/gohttp_c_tests" "$PORTS" --quick '!tls_' "$@" >"$OUT" 2>&1
suite_rc=$?
echo "SKIP valgrind: the tls_* C tests under Memcheck: crypto/tls data through goroutine stacks reads as uninitialised (they run in the plain C suite)"
echo "valgrind.sh: $(( $(date +%s) - start )) s; suite: $(tail -n 1 "$OUT")"
grep '^FAIL' "$OUT" | sed 's/^/valgrind.sh: under valgrind: /'

# 5. The verdict. (GOHTTP_VALGRIND_KEEP=1 keeps the log.)
python3 scripts/valgrind_filter.py "$LOG" "$VG/gopkgs.txt" --suite-rc "$suite_rc"
rc=$?
[ $rc = 0 ] && [ -z "${GOHTTP_VALGRIND_KEEP:-}" ] && rm -f "$LOG" "$OUT"
exit $rc
