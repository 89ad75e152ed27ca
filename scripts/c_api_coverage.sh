#!/usr/bin/env bash
# c_api_coverage.sh: every function declared in include/gohttp.h is called
# somewhere in the C test suite (bindings/c/tests), so that a new export
# cannot arrive untested.
set -euo pipefail
cd "$(dirname "$0")/.."
fns=$(grep -E '^[a-z].*[ *]gohttp_[a-z0-9_]+\(' include/gohttp.h | sed -E 's/.*[ *](gohttp_[a-z0-9_]+)\(.*/\1/' | sort -u)
missing=()
for f in $fns; do
  grep -q "\\b$f(" bindings/c/tests/*.c || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "c_api_coverage.sh: not called by bindings/c/tests: ${missing[*]}"
  exit 1
fi
echo "c_api_coverage.sh: all $(echo "$fns" | wc -l) functions of include/gohttp.h are called by the C tests"
