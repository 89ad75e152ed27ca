B=${GOHTTP_BUILD:-build}
# Shared by the scripts: start and stop the local test server.
# start_server sets SERVER_PID and PORTS (a JSON file) and exports
# GOHTTP_TEST_PORTS; the server also stops by itself after its lifetime.
start_server() {
  PORTS=$(mktemp -d)/ports.json
  $B/bin/testsrv -ports "$PORTS" -lifetime "${1:-600s}" 2>"${PORTS%.json}.log" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    [ -s "$PORTS" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "${PORTS%.json}.log" >&2; echo "test server failed to start" >&2; return 1; }
    sleep 0.05
  done
  [ -s "$PORTS" ] || { echo "test server did not start in 10 s" >&2; return 1; }
  export GOHTTP_TEST_PORTS="$PORTS"
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  unset GOHTTP_TEST_PORTS
}

port_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$PORTS" "$1"; }
