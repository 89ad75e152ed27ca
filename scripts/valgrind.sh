#!/usr/bin/env bash
# valgrind.sh: the C test suite under valgrind's Memcheck, in quick mode
# (the thread tests shrink; everything else runs), in well under 3 minutes.
#
#   scripts/valgrind.sh [PORTS_JSON] [TEST...]
#
# Without PORTS_JSON it uses $GOHTTP_TEST_PORTS or starts the local server.
# TEST names (prefixes) select tests, as for gohttp_c_tests.
#
# It fails when Memcheck reports
#   - a definitely lost block (--errors-for-leak-kinds=definite), or
#   - a memory error that is not the Go runtime's own stack traffic.
# Memcheck cannot follow the Go runtime's goroutine stacks (Go's
# -tags valgrind annotations need a newer Valgrind than Debian's 3.19, which
# crashes on them), so it reports reads and writes that Go code makes on
# those stacks, in memory the runtime mapped itself, as invalid, and values
# it copied there as uninitialised. Those reports are counted and left out
# when both hold: the innermost frame is Go code (a package-qualified name
# such as runtime.copystack or net.(*Dialer).DialContext) and, for a read or
# write, the address is in an anonymous mapping, not in a malloc'd block;
# an uninitialised value is also left out when it was created on a Go
# stack (--track-origins), wherever it is used.
# An overrun of a caller's C buffer, even by runtime.memmove, touches a
# malloc'd block or the C stack and still fails the run. The suppressions
# for the runtime's own C allocations are in bindings/c/tests/valgrind.supp.
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
# Test failures under valgrind are printed; the plain run of the suite
# (scripts/test.sh c) is what judges them. This script judges memory.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if ! command -v valgrind >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "valgrind.sh: installing valgrind"
    apt-get install -y -q valgrind >/dev/null || { echo "valgrind.sh: apt-get install valgrind failed"; exit 1; }
  else
    echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)"
    exit 1
  fi
fi
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

# 2. The server.
if [ $# -gt 0 ] && [ -f "$1" ]; then
  PORTS=$1
  shift
elif [ -n "${GOHTTP_TEST_PORTS:-}" ] && [ -f "$GOHTTP_TEST_PORTS" ]; then
  PORTS=$GOHTTP_TEST_PORTS
else
  start_server 300s || exit 1
  trap stop_server EXIT
fi

# 3. The run. The test binary's RUNPATH points at $B/lib; LD_LIBRARY_PATH
# comes first, so it loads the library with symbols.
LOG=$(mktemp /tmp/gohttp-valgrind.XXXXXX)
OUT=$LOG.out
echo "valgrind.sh: Memcheck on $B/bin/gohttp_c_tests --quick (log: $LOG)"
start=$(date +%s)
LD_LIBRARY_PATH="$VG" timeout 170 valgrind --tool=memcheck --fair-sched=yes --error-limit=no --track-origins=yes --leak-check=full \
  --errors-for-leak-kinds=definite --show-leak-kinds=definite,possible \
  --child-silent-after-fork=yes --num-callers=40 \
  --suppressions=bindings/c/tests/valgrind.supp \
  --log-file="$LOG" \
  "$B/bin/gohttp_c_tests" "$PORTS" --quick '!tls_' "$@" >"$OUT" 2>&1
suite_rc=$?
echo "valgrind.sh: $(( $(date +%s) - start )) s; suite: $(tail -n 1 "$OUT")"
grep '^FAIL' "$OUT" | sed 's/^/valgrind.sh: under valgrind: /'

# 4. The verdict. (GOHTTP_VALGRIND_KEEP=1 keeps the log.)
python3 - "$LOG" "$suite_rc" <<'PY'
import re
import sys

log_path, suite_rc = sys.argv[1], int(sys.argv[2])
records, cur = [], []
for line in open(log_path, errors="replace"):
    m = re.match(r"==\d+== ?(.*)$", line.rstrip("\n"))
    if not m:
        continue
    text = m.group(1)
    if not text.strip():
        if cur:
            records.append(cur)
        cur = []
    elif not re.match(r"Thread \d+:$", text):
        cur.append(text)
if cur:
    records.append(cur)

FRAME = re.compile(r"^\s+(?:at|by) 0x[0-9A-Fa-f]+: (.+?)(?: \((?:in |[^()]*:\d+\)).*)?$")
ERROR = re.compile(r"^(Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|"
                   r"Mismatched free|Source and destination overlap|Jump to the invalid|"
                   r"Process terminating|Argument '|.*are definitely lost in loss record)")

def is_go(name):
    # Go functions are package-qualified (runtime.memmove, main.withConn,
    # github.com/.../core.(*Conn).Send); cgo's export wrappers and a few
    # assembly bodies of internal/bytealg are not.
    return "." in name or name.startswith("_cgoexp_") or re.fullmatch(r"[a-z]+body", name) is not None

noise, real, possible = {}, [], 0
definite = None
for rec in records:
    head = rec[0]
    for l in rec:
        m = re.match(r"\s*definitely lost: ([\d,]+) bytes", l)
        if m:
            definite = int(m.group(1).replace(",", ""))
    if "are possibly lost in loss record" in head:
        possible += 1
    if not ERROR.match(head):
        continue
    frames = [FRAME.match(l).group(1) for l in rec[1:] if FRAME.match(l)]
    top = frames[0] if frames else "???"
    go_mem = any(("anonymous segment" in l) or ("stack" in l and "Address" in l) for l in rec)
    if head.startswith(("Invalid read", "Invalid write", "Syscall param")):
        # An access: ignored only in Go code, and only to memory the
        # runtime mapped itself (a goroutine stack), never a malloc'd block.
        if is_go(top) and go_mem:
            kind = re.sub(r" (of size \d+|points to .*)$", "", head)
            kind = re.sub(r"^Syscall param .*", "Syscall param", kind)
            noise[kind] = noise.get(kind, 0) + 1
            continue
    elif head.startswith(("Conditional jump", "Use of uninitialised")):
        # A decision on a value Memcheck thinks undefined: ignored in Go
        # code, and anywhere when the value comes from a Go stack frame
        # (--track-origins), as data that passed through a goroutine stack
        # on its way into a caller's buffer does. A value from C memory
        # nobody wrote (a count larger than what was copied, say) has a C
        # origin and still fails.
        origin = None
        for i, l in enumerate(rec):
            if "Uninitialised value was created by" in l:
                later = [FRAME.match(x) for x in rec[i + 1:]]
                later = [m.group(1) for m in later if m]
                origin = later[0] if later else "???"
                break
        if is_go(top) or (origin is not None and is_go(origin)):
            kind = "uninitialised value"
            noise[kind] = noise.get(kind, 0) + 1
            continue
    real.append(rec)

ok = True
if definite is None:
    print("valgrind.sh: no leak summary in the log: valgrind did not finish (crash or timeout)")
    ok = False
elif definite:
    print("valgrind.sh: FAIL: %d bytes definitely lost" % definite)
    ok = False
else:
    print("valgrind.sh: no definitely lost blocks (%d possibly lost records not suppressed)" % possible)
if noise:
    print("valgrind.sh: ignored Go runtime stack reports: " +
          ", ".join("%s x%d" % (k, v) for k, v in sorted(noise.items())))
if real:
    ok = False
    print("valgrind.sh: FAIL: %d memory error(s) outside the Go runtime's stacks:" % len(real))
    for rec in real[:10]:
        print("    " + "\n    ".join(rec[:14]))
        print()
if suite_rc not in (0, 1):
    ok = False
    print("valgrind.sh: FAIL: the suite ended with status %d (crash or timeout)" % suite_rc)
print("valgrind.sh: %s" % ("ok" if ok else "FAILED"))
sys.exit(0 if ok else 1)
PY
rc=$?
[ $rc = 0 ] && [ -z "${GOHTTP_VALGRIND_KEEP:-}" ] && rm -f "$LOG" "$OUT"
exit $rc
