'use strict';
// ffi.js: koffi declarations of libgohttp, generated at load time from
// include/gohttp.json (the machine-readable ABI: functions, parameter
// types, the direction of each pointer, which length belongs to which
// pointer, the struct layouts). koffi reads no header; what it needs to
// know per parameter (in, out, in/out) is the JSON's "direction".
// Marshalling only: every protocol decision is the library's.
const fs = require('fs');
const path = require('path');
const koffi = require('koffi');

const ROOT = path.join(__dirname, '..', '..');

function firstExisting(paths) {
  for (const p of paths) if (p && fs.existsSync(p)) return p;
  return null;
}

// The ABI description: $GOHTTP_JSON, a copy beside this file, or the
// repository's include/gohttp.json.
function specPath() {
  const p = firstExisting([process.env.GOHTTP_JSON, path.join(__dirname, 'gohttp.json'),
    path.join(ROOT, 'include', 'gohttp.json')]);
  if (!p) throw new Error('gohttp: gohttp.json not found (set GOHTTP_JSON, or run from the gohttp repository)');
  return p;
}

// The library: $GOHTTP_LIB, the build tree's, or the soname on the
// loader's path.
function libraryPath(spec) {
  const soname = spec.soname || 'libgohttp.so.1';
  return firstExisting([process.env.GOHTTP_LIB,
    path.join(ROOT, process.env.GOHTTP_BUILD || 'build', 'lib', soname)]) || soname;
}

const PRIMITIVES = new Set(['int', 'int64_t', 'double', 'void', 'char', 'uint8_t']);

// parseType('const char *const *') -> {base: 'char', stars: 2}
function parseType(t) {
  const words = t.replace(/\*/g, ' * ').split(/\s+/).filter((w) => w && w !== 'const' && w !== 'struct');
  const stars = words.filter((w) => w === '*').length;
  const base = words.filter((w) => w !== '*').join(' ');
  return { base, stars };
}

function generate(spec) {
  const opaque = {};
  for (const name of spec.opaque_types || []) opaque[name] = koffi.opaque(name);
  const protos = {};
  const structs = {};
  const structSpec = {};
  for (const s of spec.structs || []) structSpec[parseType(s.name).base] = s;

  // A callback's parameters are all raw pointers or numbers: koffi cannot
  // marshal out-parameters of a JS callback, so the binding reads and
  // writes what they point to itself (koffi.decode / koffi.encode).
  function callbackParam(t) {
    const { base, stars } = parseType(t);
    if (stars > 0) return 'void *';
    if (PRIMITIVES.has(base)) return base;
    throw new Error(`gohttp.json: callback parameter type ${t} unknown`);
  }
  for (const cb of spec.callbacks || []) {
    protos[cb.name] = koffi.proto(cb.name, cb.returns, cb.params.map((p) => callbackParam(p.type)));
  }

  // A struct field: a pointer with a length beside it (X and X_len) is
  // bytes, kept as a raw pointer (koffi would read a char * up to a NUL).
  function fieldType(f, fields) {
    const { base, stars } = parseType(f.type);
    if (protos[base] && stars === 0) return koffi.pointer(protos[base]);
    if (stars === 0) {
      if (PRIMITIVES.has(base)) return base;
      throw new Error(`gohttp.json: field type ${f.type} unknown`);
    }
    const hasLen = fields.some((g) => g.name === `${f.name}_len`);
    if (base === 'char' && stars === 1 && !hasLen) return 'const char *';
    return 'void *';
  }
  for (const s of spec.structs || []) {
    const name = parseType(s.name).base; // "struct gohttp_conn_info" -> gohttp_conn_info
    const members = {};
    for (const f of s.fields) members[f.name] = fieldType(f, s.fields);
    structs[name] = koffi.struct(name, members);
    for (const f of s.fields) {
      if (koffi.offsetof(structs[name], f.name) !== f.offset) {
        throw new Error(`gohttp.json: ${s.name}.${f.name} is at ${f.offset}, koffi puts it at ${koffi.offsetof(structs[name], f.name)}`);
      }
    }
    if (koffi.sizeof(structs[name]) !== s.size) {
      throw new Error(`gohttp.json: ${s.name} is ${s.size} bytes, koffi lays it out in ${koffi.sizeof(structs[name])}`);
    }
  }

  function baseType(base) {
    if (opaque[base]) return opaque[base];
    if (structs[base]) return structs[base];
    if (PRIMITIVES.has(base)) return base;
    throw new Error(`gohttp.json: type ${base} unknown`);
  }

  // A function parameter, with its direction.
  function paramType(p) {
    const { base, stars } = parseType(p.type);
    if (protos[base] && stars === 0) return koffi.pointer(protos[base]);
    if (stars === 0) return baseType(base);
    if (p.kind === 'handle' || p.kind === 'user') return koffi.pointer(baseType(base));
    let t;
    if (base === 'void' && stars === 1) t = 'void *'; // a Buffer: koffi passes its memory
    else if (base === 'char' && stars === 1) t = 'const char *'; // a Buffer, with its length
    else {
      t = baseType(base);
      for (let i = 0; i < stars; i++) t = koffi.pointer(t);
    }
    let dir = p.direction;
    // Rule 6: a growable struct carries its size in, whatever else it
    // carries out, so koffi must copy it both ways.
    if (dir === 'out' && structSpec[base] && structSpec[base].growable) dir = 'inout';
    if (dir === 'out') return koffi.out(t);
    if (dir === 'inout') return koffi.inout(t);
    return t;
  }

  return { opaque, protos, structs, paramType };
}

// load() -> {spec, lib, fn, C, structs, protos}: fn.NAME is the koffi
// function for every function in the JSON (with fn.NAME.async), C every
// constant by its full name.
function load() {
  const spec = JSON.parse(fs.readFileSync(specPath(), 'utf8'));
  const gen = generate(spec);
  const lib = koffi.load(libraryPath(spec));
  const fn = {};
  for (const f of spec.functions) {
    fn[f.name] = lib.func(f.name, f.returns === 'const char *' ? 'const char *' : f.returns,
      f.params.map((p) => gen.paramType(p)));
  }
  const C = {};
  for (const c of spec.constants || []) C[c.name] = c.value;
  return { spec, lib, fn, C, structs: gen.structs, protos: gen.protos };
}

module.exports = { load, parseType, specPath, libraryPath };
