"""go_test_report.py: reads `go test -json` on stdin and prints what a
plain `go test` prints (each package's ok/FAIL line, the output of failed
tests), plus one line per skipped test with its reason:

    SKIP go: PACKAGE TestName: REASON

Exits 1 when a test or package failed or the stream has no result."""

import json
import re
import sys

out = {}          # (package, test) -> [output lines]
failed_any = False
results = 0
skips = []
for raw in sys.stdin:
    try:
        ev = json.loads(raw)
    except ValueError:
        sys.stdout.write(raw)       # build errors come as plain text
        failed_any = True
        continue
    pkg, test, act = ev.get("Package", ""), ev.get("Test"), ev.get("Action")
    if act == "output":
        if test is None:
            line = ev["Output"]
            # Package lines: "ok ...", "FAIL ...", "? ... [no test files]", panics.
            if not re.match(r"^(PASS|FAIL)?\n$", line) and not line.startswith("coverage:"):
                sys.stdout.write(line)
        else:
            out.setdefault((pkg, test), []).append(ev["Output"])
    elif act in ("pass", "fail", "skip"):
        results += 1
        if act == "fail":
            failed_any = True
            if test is not None:
                sys.stdout.write("".join(l for l in out.get((pkg, test), [])
                                         if not l.startswith(("=== RUN", "=== PAUSE", "=== CONT", "=== NAME"))))
        elif act == "skip" and test is not None:
            lines = [l.strip() for l in out.get((pkg, test), [])
                     if l.strip() and not l.lstrip().startswith(("=== ", "--- SKIP"))]
            reason = " ".join(re.sub(r"^\S+\.go:\d+: ", "", l) for l in lines) or "(no reason given)"
            skips.append("SKIP go: %s %s: %s" % (pkg, test, reason))
        if test is not None:
            out.pop((pkg, test), None)
for s in skips:
    print(s)
sys.exit(1 if failed_any or not results else 0)
