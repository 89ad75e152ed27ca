#!/usr/bin/env bash
# scripts/node_deps.sh: make sure the Node binding's dependency (koffi) is
# installed in bindings/node/node_modules, from the committed lock file
# (npm ci). Fails, naming what to install, when node or npm is missing.
set -uo pipefail
cd "$(dirname "$0")/../bindings/node"
if ! command -v node >/dev/null 2>&1; then
  echo "node is missing: the Node binding needs Node.js 18 or later with npm (Debian: apt-get install nodejs npm)"
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "node $(node --version) is too old: the Node binding needs Node.js 18 or later"
  exit 1
fi
if node -e 'require("koffi")' >/dev/null 2>&1; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: it installs koffi for the Node binding (Debian: apt-get install npm)"
  exit 1
fi
echo "bindings/node/node_modules has no koffi: installing it from the npm registry (npm ci, versions pinned by bindings/node/package-lock.json)"
if ! npm ci --no-audit --no-fund >/tmp/gohttp-npm.log 2>&1; then
  tail -n 20 /tmp/gohttp-npm.log
  echo "npm ci failed: install koffi by hand (cd bindings/node && npm ci)"
  exit 1
fi
node -e 'require("koffi")' || { echo "koffi was installed but does not load"; exit 1; }
echo "koffi $(node -p 'require("koffi").version') installed in bindings/node/node_modules"
