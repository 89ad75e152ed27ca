'use strict';
// gohttp for Node: http.client's HTTPConnection and HTTPResponse over
// libgohttp, through koffi. Marshalling only; every protocol decision is
// the library's. Each blocking call has a synchronous form (it blocks
// the event loop) and an ...Async form that runs on a worker thread of
// libuv's pool (koffi's .async calls) and returns a promise. The calls
// of one connection and its responses run one at a time (the library
// refuses overlapping calls on one handle with GOHTTP_E_BUSY), in the
// order they were made.
const os = require('os');
const koffi = require('koffi');
const { load } = require('./ffi');

const X = load();
const fn = X.fn;
const C = X.C;
const RESP_INFO_SIZE = koffi.sizeof(X.structs.gohttp_resp_info);
const ERROR_SIZE = koffi.sizeof(X.structs.gohttp_error);
const HEAD_CAP = 16384; // reason, header block and a small body in one call

const ERRNO_NAMES = {};
for (const [name, num] of Object.entries(os.constants.errno)) ERRNO_NAMES[num] = ERRNO_NAMES[num] || name;

// ---- errors

// GohttpError: code (the GOHTTP_E_* number), name (its macro name),
// message (gohttp_last_error's), osError / osErrorName (errno for
// GOHTTP_E_OS: 111, "ECONNREFUSED"), arg, expected and partial
// (IncompleteRead). Each code has its subclass (errors.OSError, ...).
class GohttpError extends Error {
  constructor(code, message, detail) {
    super(message);
    Object.defineProperty(this, 'name', { value: fn.gohttp_errname(code), enumerable: false, writable: true, configurable: true });
    this.code = code;
    if (detail) Object.assign(this, detail);
  }
}
const ACRONYMS = new Set(['OS', 'TLS', 'HTTP', 'DNS', 'URL']);
const errors = { GohttpError };
const errorByCode = {};
for (const [name, value] of Object.entries(C)) {
  if (!name.startsWith('GOHTTP_E_')) continue;
  const cls = name.slice(9).split('_').map((w) => (ACRONYMS.has(w) ? w : w[0] + w.slice(1).toLowerCase())).join('') + 'Error';
  errorByCode[value] = errors[cls] = { [cls]: class extends GohttpError {} }[cls];
}

function copyOut(ptr, len) {
  if (!ptr || len <= 0) return Buffer.alloc(0);
  return Buffer.from(new Uint8Array(koffi.view(ptr, Number(len))));
}

function makeError(rc, err) {
  const Cls = errorByCode[rc] || GohttpError;
  if (!err || err.code !== rc) return new Cls(rc, fn.gohttp_strerror(rc));
  const detail = {};
  if (err.os_error) {
    detail.osError = err.os_error;
    if (rc === C.GOHTTP_E_OS) detail.osErrorName = ERRNO_NAMES[err.os_error];
  }
  if (err.arg) detail.arg = copyOut(err.arg, err.arg_len).toString('latin1');
  if (rc === C.GOHTTP_E_INCOMPLETE_READ) {
    detail.partial = copyOut(err.partial, err.partial_len);
    detail.expected = err.expected < 0 ? null : err.expected;
  }
  return new Cls(rc, err.message, detail);
}

// lastError(rc): the error of a call that just failed on this thread.
function lastError(rc) {
  const err = { size: ERROR_SIZE };
  fn.gohttp_last_error(err);
  return makeError(rc, err);
}

function check(rc) {
  if (rc < 0) throw lastError(rc);
  return rc;
}

// An asynchronous call returns only its result, and the worker thread
// that ran it is not the one a second call would run on, so its
// thread's last error cannot be asked for. The connection's can:
// gohttp_conn_last_error keeps the last failure of a connection and its
// responses, whichever thread made the call. (The calls of a connection
// are queued, so nothing else runs on it in between.)
function callAsync(f, ...args) {
  return new Promise((resolve, reject) => {
    f.async(...args, (err, rc) => (err ? reject(err) : resolve(rc)));
  });
}

// asyncChecker(connHandle) checks a result of an asynchronous call on
// that connection (or on one of its responses).
function asyncChecker(connHandle) {
  return (rc) => {
    if (rc < 0) {
      const err = { size: ERROR_SIZE };
      const ok = connHandle && fn.gohttp_conn_last_error(connHandle, err) === 0;
      throw makeError(rc, ok ? err : null);
    }
    return rc;
  };
}

// ---- marshalling

function latin1(s, what) {
  if (Buffer.isBuffer(s)) return s;
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string or a Buffer`);
  return Buffer.from(s, 'latin1');
}

function asBuffer(b) {
  if (Buffer.isBuffer(b)) return b;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  if (ArrayBuffer.isView(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (b instanceof ArrayBuffer) return Buffer.from(b);
  return null;
}

function headerList(headers) {
  if (headers == null) return [];
  const entries = headers instanceof Map || Array.isArray(headers) ? [...headers] : Object.entries(headers);
  return entries.map(([name, value]) => [latin1(String(name), 'a header name'), latin1(String(value), 'a header value')]);
}

// The body kinds: none, bytes, a source the body callback pulls from (a
// function returning the next piece, null at the end, or an iterable),
// or an async iterable (requestAsync only).
function bodyKind(body) {
  if (body == null) return ['none', null];
  const b = asBuffer(body);
  if (b) return ['bytes', b];
  if (typeof body === 'function') return ['pull', body];
  if (typeof body[Symbol.iterator] === 'function') {
    const it = body[Symbol.iterator]();
    return ['pull', () => { const r = it.next(); return r.done ? null : r.value; }];
  }
  if (typeof body[Symbol.asyncIterator] === 'function') return ['async', body];
  throw new TypeError('body must be a string, a Buffer, a typed array, a function, an iterable or an async iterable');
}

// bodyCallback(next): a gohttp_body_fn over next(). No exception may
// unwind across the library: one thrown by next() (or a bad piece) is
// kept in state.error, the callback returns -1 (the call fails with
// GOHTTP_E_CALLBACK), and the caller rethrows it.
function bodyCallback(next, state) {
  return (user, dataPtr, lenPtr) => {
    try {
      for (;;) {
        const v = next();
        if (v == null) return 0;
        if (typeof v.then === 'function') {
          throw new TypeError('the body function returned a promise: give requestAsync an async iterable instead');
        }
        const piece = asBuffer(v);
        if (!piece) throw new TypeError('a body piece must be a string, a Buffer or a typed array');
        if (piece.length === 0) continue;
        state.keep = piece; // valid until the next call, as the library needs
        koffi.encode(dataPtr, 'void *', koffi.address(piece));
        koffi.encode(lenPtr, 'int64_t', piece.length);
        return 1;
      }
    } catch (e) {
      state.error = e;
      return -1;
    }
  };
}

function optionNumber(key) {
  if (typeof key === 'number') return key;
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/^GOHTTP_OPT_/, '');
  for (const name of [`GOHTTP_OPT_${snake}`, `GOHTTP_OPT_TLS_${snake}`]) if (name in C) return C[name];
  throw new TypeError(`unknown option ${key}`);
}

// ---- handles: freed by close(), or by the garbage collector's
// FinalizationRegistry when an object is dropped unclosed; never twice.
const registry = new FinalizationRegistry(({ free, h }) => free(h));

class Handle {
  constructor(h, free) {
    this.h = h;
    this.free = free;
    registry.register(this, { free, h }, this);
  }

  release() {
    if (this.h === null) return;
    const h = this.h;
    this.h = null;
    registry.unregister(this);
    this.free(h);
  }
}

// ---- connections

class HTTPConnection {
  // new HTTPConnection(host, port, {https, timeout, deadline, caFile, ...}):
  // port null or undefined takes it from host ("h:8080") or the default.
  // Any other option is a GOHTTP_OPT_* name in camelCase (tlsVerify,
  // caFile, serverName, httpVersion, ...), booleans as 1 and 0.
  constructor(host, port, options = {}) {
    if (port !== null && typeof port === 'object') [port, options] = [undefined, port];
    const hb = latin1(host, 'host');
    const out = [null];
    check(fn[options.https ? 'gohttp_conn_new_https' : 'gohttp_conn_new'](hb, hb.length, port == null ? -1 : port, out));
    this._handle = new Handle(out[0], fn.gohttp_conn_free);
    this._queue = Promise.resolve();
    this._pending = 0;
    this._head = Buffer.alloc(HEAD_CAP);
    try {
      for (const [key, value] of Object.entries(options)) {
        if (key !== 'https' && value !== undefined) this.setopt(key, value);
      }
    } catch (e) {
      this._handle.release(); // a bad option: nothing is left behind
      throw e;
    }
  }

  get _h() {
    if (this._handle.h === null) throw new errors.BadhandleError(C.GOHTTP_E_BADHANDLE, 'the connection is closed');
    return this._handle.h;
  }

  // A synchronous call may not overtake queued asynchronous ones.
  _sync() {
    this._idle();
    return this._h;
  }

  _idle() {
    if (this._pending > 0) {
      throw new errors.BusyError(C.GOHTTP_E_BUSY, 'an asynchronous call is pending on this connection: await it first');
    }
  }

  // _run(task): run task after the connection's earlier asynchronous calls.
  _run(task) {
    this._pending++;
    const p = this._queue.then(task);
    const done = () => { this._pending--; };
    this._queue = p.then(done, done);
    return p;
  }

  setopt(key, value) {
    const opt = optionNumber(key);
    const h = this._sync();
    if (typeof value === 'boolean') value = value ? 1 : 0;
    if (opt >= 300) {
      const b = value == null ? null : latin1(String(value), 'an option');
      check(fn.gohttp_conn_setopt_str(h, opt, b, b ? b.length : 0));
    } else if (opt >= 200) {
      check(fn.gohttp_conn_setopt_double(h, opt, Number(value)));
    } else {
      check(fn.gohttp_conn_setopt_int(h, opt, Number(value)));
    }
  }

  connect() { check(fn.gohttp_conn_connect(this._sync())); }

  connectAsync() { return this._run(async () => asyncChecker(this._h)(await callAsync(fn.gohttp_conn_connect, this._h))); }

  // cancel(): ends a blocked call (sync elsewhere, or async) with
  // GOHTTP_E_CANCELLED; safe while a call is running.
  cancel() { if (this._handle.h !== null) check(fn.gohttp_conn_cancel(this._handle.h)); }

  _prepare(method, url, body, headers) {
    const m = latin1(method, 'method');
    const u = latin1(url, 'url');
    const hs = headerList(headers);
    const [kind, value] = bodyKind(body);
    return { m, u, hs, kind, value };
  }

  _headerStructs(hs) {
    return hs.map(([n, v]) => ({ name: n, name_len: n.length, value: v, value_len: v.length, flags: 0 }));
  }

  // The steps of http.client's _send_request for a streamed body: the
  // library's putrequest, putheader and endheaders; Transfer-Encoding:
  // chunked when no length is given, as http.client does.
  _startStreamed(h, r) {
    const names = new Set(r.hs.map(([n]) => n.toString('latin1').toLowerCase()));
    let flags = 0;
    if (names.has('host')) flags |= C.GOHTTP_SKIP_HOST;
    if (names.has('accept-encoding')) flags |= C.GOHTTP_SKIP_ACCEPT_ENCODING;
    check(fn.gohttp_conn_putrequest(h, r.m, r.m.length, r.u, r.u.length, flags));
    let chunked = false;
    if (!names.has('content-length') && !names.has('transfer-encoding')) {
      chunked = true;
      this._putheader(h, 'Transfer-Encoding', 'chunked');
    }
    for (const [n, v] of r.hs) this._putheader(h, n, v);
    return chunked;
  }

  _putheader(h, name, value) {
    const n = latin1(name, 'a header name');
    const v = latin1(value, 'a header value');
    check(fn.gohttp_conn_putheader(h, n, n.length, [v], [v.length], 1));
  }

  // request(method, url, body, headers): body is a string (UTF-8), a
  // Buffer or typed array, a function returning the next piece (null at
  // the end) or an iterable of pieces; headers an object, a Map or an
  // array of [name, value].
  request(method, url, body = null, headers = {}) {
    const h = this._sync();
    const r = this._prepare(method, url, body, headers);
    if (r.kind === 'async') throw new TypeError('an async iterable body needs requestAsync');
    if (r.kind !== 'pull') {
      const hs = this._headerStructs(r.hs);
      check(fn.gohttp_conn_request(h, r.m, r.m.length, r.u, r.u.length, hs.length ? hs : null, hs.length,
        r.value, r.value ? r.value.length : 0, 0));
      return;
    }
    const chunked = this._startStreamed(h, r);
    const state = {};
    const rc = fn.gohttp_conn_endheaders(h, null, 0, bodyCallback(r.value, state), null,
      chunked ? C.GOHTTP_ENCODE_CHUNKED : 0);
    if (state.error) throw state.error;
    check(rc);
  }

  requestAsync(method, url, body = null, headers = {}) {
    const r = this._prepare(method, url, body, headers);
    return this._run(async () => {
      const h = this._h;
      if (r.kind !== 'pull' && r.kind !== 'async') {
        const hs = this._headerStructs(r.hs);
        asyncChecker(h)(await callAsync(fn.gohttp_conn_request, h, r.m, r.m.length, r.u, r.u.length,
          hs.length ? hs : null, hs.length, r.value, r.value ? r.value.length : 0, 0));
        return;
      }
      // putrequest and putheader only buffer: they run here, at once.
      const chunked = this._startStreamed(h, r);
      if (r.kind === 'pull') {
        // The library pulls the pieces through the body callback, which
        // koffi runs on this (the main) thread while the worker waits.
        const state = {};
        const rc = await callAsync(fn.gohttp_conn_endheaders, h, null, 0, bodyCallback(r.value, state), null,
          chunked ? C.GOHTTP_ENCODE_CHUNKED : 0);
        if (state.error) throw state.error;
        asyncChecker(h)(rc);
        return;
      }
      // An async iterable cannot feed the body callback (a callback
      // returns its piece at once; it cannot await one): the head is sent
      // by endheaders and each piece by gohttp_conn_send, framed as a
      // chunk when the request is chunked.
      asyncChecker(h)(await callAsync(fn.gohttp_conn_endheaders, h, null, 0, null, null, 0));
      try {
        for await (const v of r.value) {
          const piece = asBuffer(v);
          if (!piece) throw new TypeError('a body piece must be a string, a Buffer or a typed array');
          if (piece.length === 0) continue;
          const data = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
          asyncChecker(h)(await callAsync(fn.gohttp_conn_send, h, data, data.length));
        }
        if (chunked) asyncChecker(h)(await callAsync(fn.gohttp_conn_send, h, Buffer.from('0\r\n\r\n'), 5));
      } catch (e) {
        fn.gohttp_conn_close(h); // the request is cut short: the next one reconnects
        throw e;
      }
    });
  }

  getresponse() {
    const h = this._sync();
    const out = [null];
    const info = { size: RESP_INFO_SIZE, flags: C.GOHTTP_GETRESPONSE_BODY };
    check(fn.gohttp_conn_getresponse(h, out, info, this._head, HEAD_CAP));
    return new HTTPResponse(this, out[0], info, this._head);
  }

  getresponseAsync() {
    return this._run(async () => {
      const out = [null];
      const info = { size: RESP_INFO_SIZE, flags: C.GOHTTP_GETRESPONSE_BODY };
      asyncChecker(this._h)(await callAsync(fn.gohttp_conn_getresponse, this._h, out, info, this._head, HEAD_CAP));
      return new HTTPResponse(this, out[0], info, this._head);
    });
  }

  // close(): closes the socket and frees the connection (after the
  // asynchronous calls still queued, which a cancel ends).
  close() {
    if (this._handle.h === null) return;
    if (this._pending > 0) {
      fn.gohttp_conn_cancel(this._handle.h);
      this._queue.then(() => this._handle.release());
      return;
    }
    this._handle.release();
  }
}

// ---- responses

// fetch(f, args...): the data-out rule (rule 3): a first try with a
// buffer, then once more with the size the library asked for.
function getBytes(f, h, ...pre) {
  let buf = Buffer.alloc(256);
  const n = [0];
  let rc = f(h, ...pre, buf, buf.length, n);
  if (rc === C.GOHTTP_E_RANGE) {
    buf = Buffer.alloc(n[0]);
    rc = f(h, ...pre, buf, buf.length, n);
  }
  if (rc === C.GOHTTP_NOTFOUND) return null;
  check(rc);
  return buf.subarray(0, n[0]);
}

class HTTPResponse {
  constructor(conn, h, info, head) {
    this._conn = conn; // one handle with the connection: same queue
    this._handle = new Handle(h, fn.gohttp_resp_free);
    this.status = info.status;
    this.version = info.version;
    this.chunked = !!info.chunked;
    this.will_close = !!info.will_close;
    this.length = info.has_length ? info.length : null;
    this._pre = null;
    if (info.head_copied) {
      const end = info.reason_len + info.headers_len;
      this.reason = head.toString('latin1', 0, info.reason_len);
      if (info.body_len >= 0) this._pre = Buffer.from(head.subarray(end, end + info.body_len));
    } else {
      this.reason = getBytes(fn.gohttp_resp_get, h, C.GOHTTP_RESP_REASON).toString('latin1');
    }
    this._headers = [];
    for (let i = 0; ; i++) {
      const pair = this._headerAt(h, i);
      if (!pair) break;
      this._headers.push(pair);
    }
  }

  _headerAt(h, i) {
    let nb = Buffer.alloc(128);
    let vb = Buffer.alloc(512);
    const nn = [0];
    const vn = [0];
    let rc = fn.gohttp_resp_header_at(h, i, nb, nb.length, nn, vb, vb.length, vn);
    if (rc === C.GOHTTP_E_RANGE) {
      nb = Buffer.alloc(nn[0]);
      vb = Buffer.alloc(vn[0]);
      rc = fn.gohttp_resp_header_at(h, i, nb, nb.length, nn, vb, vb.length, vn);
    }
    if (rc === C.GOHTTP_NOTFOUND) return null;
    check(rc);
    return [nb.toString('latin1', 0, nn[0]), vb.toString('latin1', 0, vn[0])];
  }

  get _h() {
    if (this._handle.h === null) throw new errors.BadhandleError(C.GOHTTP_E_BADHANDLE, 'the response is closed');
    return this._handle.h;
  }

  get closed() { return this._handle.h === null; }

  // getheader(name, default): the values of every header called name,
  // joined with ", " (the library's getheader), or default.
  getheader(name, dflt = null) {
    this._conn._idle();
    const nb = latin1(name, 'a header name');
    const v = getBytes(fn.gohttp_resp_getheader, this._h, nb, nb.length);
    return v === null ? dflt : v.toString('latin1');
  }

  getheaders() { return this._headers.map((p) => p.slice()); }

  // The body copied with the head (GOHTTP_GETRESPONSE_BODY) comes first.
  _fromPre(n) {
    if (!this._pre) return null;
    const pre = this._pre;
    if (n === undefined || n === null || n < 0 || n >= pre.length) {
      this._pre = null;
      return pre;
    }
    this._pre = pre.subarray(n);
    return pre.subarray(0, n);
  }

  // read([n]): up to n bytes (fewer only at the end: an empty Buffer);
  // without n, the rest of the body.
  read(n) {
    if (this.closed) return Buffer.alloc(0);
    this._conn._idle();
    const pre = this._fromPre(n);
    if (pre && n != null && n >= 0) return pre;
    const rest = this._readCall(n, (f, ...args) => f(...args), check);
    return pre ? Buffer.concat([pre, rest]) : rest;
  }

  readAsync(n) {
    return this._conn._run(async () => {
      if (this.closed) return Buffer.alloc(0);
      const pre = this._fromPre(n);
      if (pre && n != null && n >= 0) return pre;
      const rest = await this._readCall(n, callAsync, asyncChecker(this._conn._h));
      return pre ? Buffer.concat([pre, rest]) : rest;
    });
  }

  // _readCall(n, call, chk): one gohttp_resp_read(n), or the rest with
  // gohttp_resp_readall (a second call when the first buffer was small).
  _readCall(n, call, chk) {
    const h = this._h;
    const out = [0];
    if (n != null && n >= 0) {
      const buf = Buffer.allocUnsafe(n);
      const finish = (rc) => { chk(rc); return buf.subarray(0, out[0]); };
      const rc = call(fn.gohttp_resp_read, h, buf, n, out);
      return rc instanceof Promise ? rc.then(finish) : finish(rc);
    }
    let buf = Buffer.allocUnsafe(this.length !== null && this.length >= 0 ? this.length : 65536);
    const finish = (rc) => {
      chk(rc);
      return out[0] < buf.length / 2 ? Buffer.from(buf.subarray(0, out[0])) : buf.subarray(0, out[0]);
    };
    const again = (rc) => {
      if (rc !== C.GOHTTP_E_RANGE) return finish(rc);
      buf = Buffer.allocUnsafe(out[0]);
      const rc2 = call(fn.gohttp_resp_readall, h, buf, buf.length, out);
      return rc2 instanceof Promise ? rc2.then(finish) : finish(rc2);
    };
    const rc = call(fn.gohttp_resp_readall, h, buf, buf.length, out);
    return rc instanceof Promise ? rc.then(again) : again(rc);
  }

  // close(): closes the response and frees its handle.
  close() {
    if (this._handle.h === null) return;
    if (this._conn._pending > 0) {
      this._conn._queue.then(() => this.close());
      return;
    }
    fn.gohttp_resp_close(this._handle.h);
    this._handle.release();
  }
}

module.exports = {
  HTTPConnection,
  HTTPResponse,
  errors,
  GohttpError,
  constants: C,
  version: () => fn.gohttp_version(),
  liveHandles: () => fn.gohttp_live_handles(),
  statusPhrase: (status) => fn.gohttp_status_phrase(status),
  ffi: X,
};
