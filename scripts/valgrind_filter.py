"""valgrind_filter.py: the verdict of scripts/valgrind.sh on a Memcheck log.

    python3 scripts/valgrind_filter.py LOG GO_PACKAGES [--suite-rc N]
    python3 scripts/valgrind_filter.py LOG GO_PACKAGES --expect REGEX ...

GO_PACKAGES is a file with the import path of every Go package linked
into libgohttp (`go list -deps ./capi`), one a line.

A report is left out as Go runtime noise only when it is proven to be
the runtime's own goroutine-stack traffic, which Memcheck cannot follow
(Go's -tags valgrind annotations need a newer Valgrind than Debian's):

  - an invalid read or write (or a syscall argument pointing at
    unaddressable memory) whose innermost frame is Go code in libgohttp
    and whose address Memcheck describes as "in a rw- anonymous segment"
    (memory the Go runtime mapped itself: its heap and goroutine stacks).
    An address in or near a malloc'd block, or on a thread's stack, is
    reported whatever the frame.
  - an uninitialised value (a conditional jump, a use, or a syscall
    argument) whose innermost frame is Go code in libgohttp AND whose
    origin (--track-origins) is a stack allocation by Go code: a value that
    passed through a goroutine stack. Go code deciding on C memory the
    caller never wrote has a malloc (or C stack) origin and is reported.

A frame is Go code when it is in the libgohttp object and its name starts
with the import path of a linked Go package and a dot (runtime.memmove,
net.(*Resolver).lookupIP, internal/godebug.lookup,
github.com/gohttp/gohttp/core.pyReprBytes, main.withConn), or is a cgo
export wrapper (_cgoexp_*) or one of the Go assembly bodies named without a
package (internal/bytealg's indexbytebody, ..., the runtime's aeshashbody). gcc's clones (f.constprop.0, f.isra.0, f.part.0,
f.cold) and versioned glibc names (memcpy@@GLIBC_2.14) are C.

Exit status: 0 when the run is clean (no real report, no definite leak,
the suite passed); 1 otherwise. With --expect, 0 when every REGEX matches
the text of some report that was NOT left out (the self-test of the
filter: planted C-side errors must come through).
"""

import argparse
import os
import re
import sys

FRAME = re.compile(r"^\s+(?:at|by) 0x[0-9A-Fa-f]+: (.+?)(?: \((?:in (.+)|([^()]*:\d+))\))?$")
ERROR = re.compile(r"^(Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|"
                   r"Mismatched free|Source and destination overlap|Jump to the invalid|"
                   r"Process terminating|Argument '|.*are definitely lost in loss record)")
GCC_CLONE = re.compile(r"\.(constprop|isra|part|cold|lto_priv|localalias)(\.\d+)*$|@")
# Go assembly bodies named without a package: internal/bytealg's, and the
# runtime's AES map hash (runtime/asm_amd64.s), which a map or switch on a
# Go string reaches.
BYTEALG_ASM = {"indexbytebody", "memeqbody", "cmpbody", "countbody", "indexbody",
               "aeshashbody"}
ANON = re.compile(r"^Address 0x[0-9A-Fa-f]+ is in a rw- anonymous segment$")


def read_records(path):
    records, cur = [], []
    for line in open(path, errors="replace"):
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
    return records


class GoFrames:
    def __init__(self, packages):
        # Longest paths first, so that "net/http" is tried before "net".
        self.prefixes = sorted({p + "." for p in packages} | {"main."}, key=len, reverse=True)

    def is_go(self, frame):
        name, obj = frame
        if not obj or not os.path.basename(obj).startswith("libgohttp.so"):
            return False
        if GCC_CLONE.search(name):
            return False
        if name.startswith("_cgoexp_") or name in BYTEALG_ASM:
            return True
        return any(name.startswith(p) for p in self.prefixes)


def frames_of(lines):
    out = []
    for l in lines:
        m = FRAME.match(l)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def classify(rec, go):
    """'noise:<kind>' for proven Go runtime noise, or None for a real report."""
    head = rec[0]
    origin_at = next((i for i, l in enumerate(rec) if "Uninitialised value was created by" in l), None)
    body = rec[1:origin_at] if origin_at is not None else rec[1:]
    frames = frames_of(body)
    if not frames or not go.is_go(frames[0]):
        return None
    uninit = head.startswith(("Conditional jump", "Use of uninitialised")) or \
        (head.startswith("Syscall param") and "uninitialised" in head)
    if uninit:
        if origin_at is None or "by a stack allocation" not in rec[origin_at]:
            return None
        origin = frames_of(rec[origin_at + 1:])
        if origin and go.is_go(origin[0]):
            return "noise:uninitialised value on a goroutine stack"
        return None
    if head.startswith(("Invalid read", "Invalid write", "Syscall param")):
        addr = [l.strip() for l in rec if l.strip().startswith("Address 0x")]
        if len(addr) == 1 and ANON.match(addr[0]):
            kind = re.sub(r" (of size \d+|points to .*)$", "", head)
            kind = re.sub(r"^Syscall param .*", "Syscall param", kind)
            return "noise:" + kind
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("packages")
    ap.add_argument("--suite-rc", type=int, default=0)
    ap.add_argument("--expect", action="append", default=[])
    args = ap.parse_args()
    with open(args.packages) as f:
        packages = [l.strip() for l in f if l.strip()]
    if not packages:
        print("valgrind.sh: no Go package list in %s" % args.packages)
        return 1
    go = GoFrames(packages)

    noise, real, possible, definite = {}, [], 0, None
    for rec in read_records(args.log):
        head = rec[0]
        for l in rec:
            m = re.match(r"\s*definitely lost: ([\d,]+) bytes", l)
            if m:
                definite = int(m.group(1).replace(",", ""))
        if "are possibly lost in loss record" in head:
            possible += 1
        if not ERROR.match(head):
            continue
        kind = classify(rec, go)
        if kind:
            noise[kind[6:]] = noise.get(kind[6:], 0) + 1
        else:
            real.append(rec)

    if args.expect:
        ok = True
        texts = ["\n".join(r) for r in real]
        for rx in args.expect:
            hit = any(re.search(rx, t) for t in texts)
            print("valgrind.sh: self-test: %s: %s" % (
                "reported" if hit else "MISSED (the filter hides it)", rx))
            ok = ok and hit
        if not ok:
            print("valgrind.sh: self-test: what was reported:")
            for rec in real[:10]:
                print("    " + "\n    ".join(rec[:14]) + "\n")
        return 0 if ok else 1

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
        print("valgrind.sh: FAIL: %d memory error(s) not proven to be Go runtime stack traffic:" % len(real))
        for rec in real[:10]:
            print("    " + "\n    ".join(rec[:14]))
            print()
    if args.suite_rc != 0:
        ok = False
        print("valgrind.sh: FAIL: the test suite under valgrind ended with status %d%s" % (
            args.suite_rc, " (test failures)" if args.suite_rc == 1 else " (crash or timeout)"))
    print("valgrind.sh: %s" % ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
