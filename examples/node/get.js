// get.js: one GET request with gohttp's Node binding (koffi).
//
//     node examples/node/get.js [host[:port]] [path]    (default 127.0.0.1:8080 /)
//
// Start a server to ask with `make serve`. The binding needs koffi:
// scripts/node_deps.sh installs it (npm ci in bindings/node).
'use strict';
const { HTTPConnection } = require('../../bindings/node');

async function main() {
  const host = process.argv[2] || '127.0.0.1:8080';
  const path = process.argv[3] || '/';
  const conn = new HTTPConnection(host, null, { timeout: 10 });
  try {
    // The Async calls run on a worker thread: the event loop stays free.
    await conn.requestAsync('GET', path, null, { 'User-Agent': 'gohttp-example/1' });
    const resp = await conn.getresponseAsync();
    console.log(`HTTP/${resp.version === 10 ? '1.0' : '1.1'} ${resp.status} ${resp.reason}`);
    for (const [name, value] of resp.getheaders()) console.log(`${name}: ${value}`);
    console.log();
    process.stdout.write((await resp.readAsync()).toString('utf8'));
    resp.close();
  } finally {
    conn.close();
  }
}

main().catch((err) => {
  // err.code is the GOHTTP_E_* number, err.name its name ("GOHTTP_E_OS").
  console.error(`${err.name}: ${err.message}`);
  process.exit(1);
});
