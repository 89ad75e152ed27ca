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

# need_tool CMD PACKAGE WHY: make sure CMD exists. A missing tool the
# tests need is installed, not skipped: as root with apt-get, the Debian
# PACKAGE is installed (after saying so); otherwise this fails, naming
# the package to install.
need_tool() {
  local cmd=$1 pkg=$2 why=$3
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$cmd is missing ($why): installing the Debian package $pkg (apt-get update; apt-get install -y $pkg)"
    if { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"; } >/tmp/gohttp-apt.log 2>&1 \
       && command -v "$cmd" >/dev/null 2>&1; then
      echo "$cmd installed: $(command -v "$cmd")"
      return 0
    fi
    tail -n 20 /tmp/gohttp-apt.log
    echo "installing $pkg failed: install it ($cmd is needed: $why)"
    return 1
  fi
  echo "$cmd is missing ($why): install the package $pkg (Debian: apt-get install $pkg) and run again"
  return 1
}
