#!/usr/bin/env bash
# make demo: start the local server, run each example against it, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
start_server 120s
trap stop_server EXIT
HTTP=$(port_of http)
echo "== local server on 127.0.0.1:$HTTP"
echo
echo "== C: $B/bin/get 127.0.0.1:$HTTP /"
$B/bin/get "127.0.0.1:$HTTP" /
echo
echo "== Python: examples/python/get.py 127.0.0.1:$HTTP /"
PYTHONPATH=$B/python python3 examples/python/get.py "127.0.0.1:$HTTP" /
for ex in $B/bin/demo_*; do
  [ -x "$ex" ] || continue
  echo
  echo "== C: $ex"
  "$ex" "$PORTS"
done
for ex in examples/python/demo_*.py; do
  [ -f "$ex" ] || continue
  echo
  echo "== Python: $ex"
  PYTHONPATH=$B/python python3 "$ex" "$PORTS"
done
echo
echo "demo: done"
