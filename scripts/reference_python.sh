#!/usr/bin/env bash
# Prints the reference interpreter: CPython 3.13.0, the Python whose
# http.client the Go tables (scripts/gen_tables.py and
# scripts/check_go_tables.py) and the differential suite
# (bindings/python/tests/difftest.py) take their answers from.
# $GOHTTP_REFERENCE_PYTHON wins; otherwise pyenv's 3.13.0, then python3.13
# on PATH, each checked to be 3.13.0. Exits 1, saying what to install,
# when there is none: nothing falls back to another version.
set -u
want=3.13.0
check() {
  [ "$("$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3], sys.implementation.name)' 2>/dev/null)" = "$want cpython" ]
}
if [ -n "${GOHTTP_REFERENCE_PYTHON:-}" ]; then
  check "$GOHTTP_REFERENCE_PYTHON" && { echo "$GOHTTP_REFERENCE_PYTHON"; exit 0; }
  echo "reference_python.sh: GOHTTP_REFERENCE_PYTHON=$GOHTTP_REFERENCE_PYTHON is not CPython $want" >&2
  exit 1
fi
for py in "${PYENV_ROOT:-$HOME/.pyenv}/versions/$want/bin/python3" "$(command -v python3.13 2>/dev/null)"; do
  [ -n "$py" ] && [ -x "$py" ] && check "$py" && { echo "$py"; exit 0; }
done
echo "reference_python.sh: CPython $want (the reference of the tables and the differential suite) is not installed: install it (pyenv install $want) or set GOHTTP_REFERENCE_PYTHON" >&2
exit 1
