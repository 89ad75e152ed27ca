'use strict';
// The koffi declarations are generated from include/gohttp.json when the
// module loads: every function and struct of the JSON is declared, with
// the JSON's layout (ffi.js refuses a struct koffi lays out otherwise).
const assert = require('assert');
const koffi = require('koffi');
const gohttp = require('..');

const { spec, fn, structs, C } = gohttp.ffi;

test('every function of gohttp.json is declared, every struct has the JSON layout', () => {
  assert.ok(spec.functions.length > 30);
  for (const f of spec.functions) assert.strictEqual(typeof fn[f.name], 'function', f.name);
  for (const s of spec.structs) {
    const name = s.name.replace(/^struct\s+/, '');
    assert.strictEqual(koffi.sizeof(structs[name]), s.size, s.name);
    for (const f of s.fields) assert.strictEqual(koffi.offsetof(structs[name], f.name), f.offset, `${s.name}.${f.name}`);
  }
  assert.strictEqual(C.GOHTTP_E_OS, -30);
  assert.strictEqual(fn.gohttp_errname(C.GOHTTP_E_TIMEOUT), 'GOHTTP_E_TIMEOUT');
  assert.match(gohttp.version(), /^1\.\d+\.\d+/);
  assert.strictEqual(fn.gohttp_version_number() >= 10000, true);
  assert.strictEqual(gohttp.statusPhrase(404), 'Not Found');
});

test('every GOHTTP_E_* code has its Error subclass, named by gohttp_errname', () => {
  for (const [name, code] of Object.entries(C)) {
    if (!name.startsWith('GOHTTP_E_')) continue;
    const Cls = Object.values(gohttp.errors).find((k) => k !== gohttp.GohttpError && new k(code, 'x').name === name);
    assert.ok(Cls, name);
    const e = new Cls(code, 'm');
    assert.ok(e instanceof gohttp.GohttpError && e instanceof Error);
    assert.strictEqual(e.code, code);
  }
});
