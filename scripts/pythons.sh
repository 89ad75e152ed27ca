#!/usr/bin/env bash
# Lists the installed Python interpreters, 3.8 and newer, one per minor
# version: pyenv's if present, else python3.X on PATH, else python3.
set -u
seen=" "
emit() {
  local py=$1 v
  v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2]) if sys.version_info >= (3, 8) else None' 2>/dev/null) || return
  [ -n "$v" ] && [ "$v" != None ] || return
  case $seen in *" $v "*) return ;; esac
  seen="$seen$v "
  echo "$py"
}
if [ -n "${GOHTTP_PYTHONS:-}" ]; then
  for py in $GOHTTP_PYTHONS; do emit "$py"; done
  exit 0
fi
root=${PYENV_ROOT:-$HOME/.pyenv}
for d in "$root"/versions/3.*; do
  [ -x "$d/bin/python3" ] && emit "$d/bin/python3"
done
for v in 8 9 10 11 12 13 14; do
  command -v "python3.$v" >/dev/null 2>&1 && emit "$(command -v python3.$v)"
done
command -v python3 >/dev/null 2>&1 && emit "$(command -v python3)"
exit 0
