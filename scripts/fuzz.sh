#!/usr/bin/env bash
# Runs each Go fuzz target briefly (FUZZTIME, default 3s each), seeds and
# all, so that make test exercises them beyond their seed corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-3s}
for pkg in ./core; do
  for f in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz $pkg $f ($t)"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg" >/tmp/gohttp-fuzz.log 2>&1 || { cat /tmp/gohttp-fuzz.log; exit 1; }
  done
done
