'use strict';
// The Node binding's tests against the project's test server:
//   node --expose-gc test/run.js PORTS_JSON
// (PORTS_JSON is the file `testsrv -ports FILE` wrote; $GOHTTP_TEST_PORTS
// when no argument is given). Prints each test, then "N passed, N failed".
const fs = require('fs');
const path = require('path');

const portsFile = process.argv[2] || process.env.GOHTTP_TEST_PORTS;
if (!portsFile) {
  console.error('usage: node test/run.js PORTS_JSON (from testsrv -ports FILE)');
  process.exit(2);
}
const ports = JSON.parse(fs.readFileSync(portsFile, 'utf8'));

const TIME_BOUND = 60000; // only catches a hang
const tests = [];
global.test = (name, fn) => tests.push({ name, fn });
global.PORTS = ports;

for (const f of fs.readdirSync(__dirname).filter((f) => f.startsWith('test_') && f.endsWith('.js')).sort()) {
  require(path.join(__dirname, f));
}

(async () => {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    let timer;
    const bound = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result after ${TIME_BOUND / 1000} s`)), TIME_BOUND);
    });
    try {
      await Promise.race([Promise.resolve().then(t.fn), bound]);
      passed++;
      console.log(`ok   ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n     ${(e && e.stack) || e}`.replace(/\n/g, '\n     '));
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
