#!/usr/bin/env bash
# Runs each Go fuzz target briefly (FUZZTIME, default 10000 inputs each),
# seeds and all, so that make test exercises them beyond their seed
# corpora. A count rather than a duration: with a short duration, go test
# can fail with "context deadline exceeded" when the deadline passes
# while a worker is busy with an input (seen under load).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-10000x}
for pkg in ./core; do
  for f in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz $pkg $f ($t)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg" >/tmp/gohttp-fuzz.log 2>&1 || { cat /tmp/gohttp-fuzz.log; exit 1; }
  done
done
