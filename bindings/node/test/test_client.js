'use strict';
// HTTPConnection and HTTPResponse against the test server (global.test
// and global.PORTS come from run.js).
const assert = require('assert');
const net = require('net');
const os = require('os');
const gohttp = require('..');

const { HTTPConnection, errors, constants: C } = gohttp;
const HOST = PORTS.host || '127.0.0.1';

function conn(options = {}) {
  return new HTTPConnection(HOST, PORTS.http, { timeout: 30, ...options });
}

function pattern(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = 97 + (i % 26);
  return b;
}

// A port nothing listens on: bound, then closed.
function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('GET, synchronous', () => {
  const c = conn();
  c.request('GET', '/echo?x=1', null, { 'X-Test': 'sync' });
  const r = c.getresponse();
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.reason, 'OK');
  assert.strictEqual(r.version, 11);
  assert.strictEqual(r.getheader('content-type'), 'application/json');
  assert.strictEqual(r.getheader('X-Missing', 'none'), 'none');
  assert.deepStrictEqual(r.getheaders().find(([n]) => n === 'Content-Type'), ['Content-Type', 'application/json']);
  const body = JSON.parse(r.read().toString());
  assert.strictEqual(body.method, 'GET');
  assert.strictEqual(body.path, '/echo?x=1');
  assert.deepStrictEqual(body.headers.find(([n]) => n === 'X-Test'), ['X-Test', 'sync']);
  assert.strictEqual(r.read().length, 0);
  r.close();
  c.close();
});

test('GET, asynchronous, on a kept-alive connection', async () => {
  const c = conn();
  for (let i = 0; i < 3; i++) {
    await c.requestAsync('GET', `/bytes?n=${100000 + i}`);
    const r = await c.getresponseAsync();
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.getheader('Content-Length'), String(100000 + i));
    const body = await r.readAsync();
    assert.ok(body.equals(pattern(100000 + i)));
    r.close();
  }
  c.close();
});

test('read(n) returns at most n bytes, then an empty Buffer at the end', async () => {
  const c = conn();
  c.request('GET', '/bytes?n=1000');
  const r = c.getresponse();
  const parts = [];
  for (let i = 0; i < 100; i++) {
    const b = r.read(300);
    assert.ok(b.length <= 300);
    if (b.length === 0) break;
    parts.push(b);
  }
  assert.ok(Buffer.concat(parts).equals(pattern(1000)));
  r.close();
  await c.requestAsync('GET', '/bytes?n=70000');
  const r2 = await c.getresponseAsync();
  const a = await r2.readAsync(5);
  assert.strictEqual(a.toString(), 'abcde');
  const rest = await r2.readAsync();
  assert.ok(Buffer.concat([a, rest]).equals(pattern(70000)));
  r2.close();
  c.close();
});

test('POST with a body of bytes', () => {
  const c = conn();
  c.request('POST', '/echo', Buffer.from('héllo', 'utf8'), [['Content-Type', 'text/plain']]);
  const r = c.getresponse();
  const body = JSON.parse(r.read().toString());
  r.close();
  assert.strictEqual(body.method, 'POST');
  assert.strictEqual(body.body, 'héllo');
  assert.strictEqual(body.body_len, 6);
  assert.deepStrictEqual(body.headers.find(([n]) => n === 'Content-Length'), ['Content-Length', '6']);
  c.close();
});

test('streamed POST from a function, sync and async (the body callback)', async () => {
  const c = conn();
  for (const mode of ['sync', 'async']) {
    let i = 0;
    const next = () => (i < 50 ? `piece ${i++};` : null);
    if (mode === 'sync') c.request('POST', '/echo', next);
    else await c.requestAsync('POST', '/echo', next);
    const r = mode === 'sync' ? c.getresponse() : await c.getresponseAsync();
    const body = JSON.parse((mode === 'sync' ? r.read() : await r.readAsync()).toString());
    let want = '';
    for (let k = 0; k < 50; k++) want += `piece ${k};`;
    assert.strictEqual(body.body, want, mode);
    assert.strictEqual(body.chunked, true, mode);
    assert.deepStrictEqual(body.headers.find(([n]) => n === 'Transfer-Encoding'), ['Transfer-Encoding', 'chunked']);
    r.close();
  }
  c.close();
});

test('streamed POST from an iterable with Content-Length, and from an async iterable', async () => {
  const c = conn();
  c.request('POST', '/echo', [Buffer.from('ab'), 'cd', new Uint8Array([101, 102])], { 'Content-Length': '6' });
  const r = c.getresponse();
  let body = JSON.parse(r.read().toString());
  r.close();
  assert.strictEqual(body.body, 'abcdef');
  assert.strictEqual(body.chunked, false);
  async function* slowPieces() {
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield `p${i}`;
    }
  }
  await c.requestAsync('POST', '/echo', slowPieces());
  const r2 = await c.getresponseAsync();
  body = JSON.parse((await r2.readAsync()).toString());
  r2.close();
  assert.strictEqual(body.body, 'p0p1p2p3p4');
  assert.strictEqual(body.chunked, true);
  c.close();
});

test('an exception in the body source fails the call, is rethrown, and does not cross the library', async () => {
  const c = conn();
  const boom = new Error('source failed');
  let i = 0;
  assert.throws(() => c.request('POST', '/echo', () => { if (i++ > 2) throw boom; return 'x'; }), (e) => e === boom);
  c.close();
  const c2 = conn();
  i = 0;
  await assert.rejects(c2.requestAsync('POST', '/echo', () => { if (i++ > 2) throw boom; return 'x'; }), (e) => e === boom);
  c2.close();
  const c3 = conn();
  assert.throws(() => c3.request('POST', '/echo', () => Promise.resolve('x')), TypeError);
  c3.close();
});

test('a refused connection: GOHTTP_E_OS with ECONNREFUSED', async () => {
  const port = await closedPort();
  const c = new HTTPConnection('127.0.0.1', port, { timeout: 30 });
  let err;
  try { c.request('GET', '/'); } catch (e) { err = e; }
  assert.ok(err instanceof errors.OSError, String(err));
  assert.ok(err instanceof gohttp.GohttpError);
  assert.ok(err instanceof Error);
  assert.strictEqual(err.code, C.GOHTTP_E_OS);
  assert.strictEqual(err.name, 'GOHTTP_E_OS');
  assert.strictEqual(err.osError, os.constants.errno.ECONNREFUSED);
  assert.strictEqual(err.osErrorName, 'ECONNREFUSED');
  assert.match(err.message, /refused/i);
  c.close();
  const c2 = new HTTPConnection('127.0.0.1', port, { timeout: 30 });
  // Asynchronous calls carry the details too (gohttp_conn_last_error).
  await assert.rejects(c2.requestAsync('GET', '/'), (e) => e instanceof errors.OSError && e.code === C.GOHTTP_E_OS
    && e.name === 'GOHTTP_E_OS' && e.osError === os.constants.errno.ECONNREFUSED
    && e.osErrorName === 'ECONNREFUSED' && /refused/i.test(e.message));
  c2.close();
});

test('errors from the library: a bad option, a closed connection, a bad port', () => {
  assert.throws(() => conn({ httpVersion: 12 }), (e) => e instanceof errors.ArgError && e.code === C.GOHTTP_E_ARG);
  assert.throws(() => new HTTPConnection('127.0.0.1:notaport'), (e) => e.code === C.GOHTTP_E_INVALID_URL);
  const c = conn();
  c.close();
  assert.throws(() => c.request('GET', '/'), (e) => e.code === C.GOHTTP_E_BADHANDLE);
  c.close(); // twice is harmless
});

test('a chunked download, sync and async', async () => {
  const c = conn();
  c.request('GET', '/chunked?n=200');
  const r = c.getresponse();
  assert.strictEqual(r.chunked, true);
  assert.strictEqual(r.length, null);
  let want = '';
  for (let i = 0; i < 200; i++) want += `chunk ${i}\n`;
  assert.strictEqual(r.read().toString(), want);
  r.close();
  await c.requestAsync('GET', '/chunked?n=5&delay_ms=20');
  const r2 = await c.getresponseAsync();
  const parts = [];
  for (let i = 0; i < 1000; i++) {
    const b = await r2.readAsync(4);
    if (b.length === 0) break;
    parts.push(b);
  }
  assert.strictEqual(Buffer.concat(parts).toString(), 'chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n');
  r2.close();
  c.close();
});

test('the event loop runs while an async call waits on /slow', async () => {
  const c = conn();
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  try {
    await c.requestAsync('GET', '/slow?ms=1000');
    const r = await c.getresponseAsync();
    assert.strictEqual(r.status, 200);
    await r.readAsync();
    r.close();
  } finally {
    clearInterval(timer);
  }
  // The timer fires while the response is awaited: the loop was free.
  assert.ok(ticks > 0, `timer ticks during the wait: ${ticks}`);
  c.close();
});

test('async calls on one connection run in order, one at a time; a sync call meanwhile is refused', async () => {
  const c = conn();
  const p1 = c.requestAsync('GET', '/bytes?n=10');
  const p2 = c.getresponseAsync();
  assert.throws(() => c.request('GET', '/'), (e) => e instanceof errors.BusyError && e.code === C.GOHTTP_E_BUSY);
  await p1;
  const r = await p2;
  assert.strictEqual((await r.readAsync()).toString(), 'abcdefghij');
  r.close();
  // Connections are independent: several at once.
  const conns = [conn(), conn(), conn()];
  const bodies = await Promise.all(conns.map(async (k, i) => {
    await k.requestAsync('GET', `/bytes?n=${i + 1}`);
    const kr = await k.getresponseAsync();
    const b = (await kr.readAsync()).toString();
    kr.close();
    return b;
  }));
  assert.deepStrictEqual(bodies, ['a', 'ab', 'abc']);
  for (const k of conns) k.close();
  c.close();
});

test('status codes and a HEAD', () => {
  const c = conn();
  c.request('GET', '/status/404');
  const r = c.getresponse();
  assert.strictEqual(r.status, 404);
  assert.strictEqual(r.reason, 'Not Found');
  r.read();
  c.request('HEAD', '/bytes?n=50');
  const h = c.getresponse();
  assert.strictEqual(h.status, 200);
  assert.strictEqual(h.read().length, 0);
  r.close();
  h.close();
  c.close();
});

test('no handle leaks: gohttp_live_handles() is 0 after closing, and after dropping unclosed objects', async () => {
  assert.strictEqual(gohttp.liveHandles(), 0);
  const c = conn();
  c.request('GET', '/');
  const r = c.getresponse();
  assert.ok(gohttp.liveHandles() >= 2);
  r.close();
  r.close();
  c.close();
  assert.strictEqual(gohttp.liveHandles(), 0);
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  (() => {
    const d = conn();
    d.request('GET', '/');
    d.getresponse(); // dropped unread and unclosed
  })();
  assert.ok(gohttp.liveHandles() >= 2);
  for (let i = 0; i < 50 && gohttp.liveHandles() > 0; i++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.strictEqual(gohttp.liveHandles(), 0);
});
