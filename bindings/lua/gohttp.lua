-- gohttp for LuaJIT: http.client's connection and response objects over
-- libgohttp's C ABI 1.0, through the FFI. Marshalling only: every
-- protocol decision is the library's.
--
--   local gohttp = require("gohttp")
--   local conn = gohttp.connect("127.0.0.1", 8080, {timeout = 10})
--   conn:request("GET", "/")
--   local resp = conn:getresponse()
--   print(resp.status, resp.reason, resp:read())
--   conn:close()
--
-- The declarations come from include/gohttp.cdef.h, loaded unchanged
-- (GOHTTP_CDEF names another copy); the library is GOHTTP_LIBRARY, else
-- build/lib/libgohttp.so.1 of the source tree this file is in, else the
-- system's libgohttp.so.1.
--
-- Every call blocks the calling thread (see the README for where that is
-- the wrong model). Errors are raised as gohttp.Error objects: fields
-- code (a GOHTTP_E_* number), name ("GOHTTP_E_OS"), message and
-- os_error (errno for GOHTTP_E_OS, else 0); tostring() gives all three.
local ffi = require("ffi")

local M = {}

-- The folder of this file, to find the source tree's cdef and library.
local function module_dir()
  local src = debug.getinfo(1, "S").source
  if src:sub(1, 1) ~= "@" then return "." end
  return src:sub(2):match("^(.*)/[^/]*$") or "."
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function load_cdef()
  local dir = module_dir()
  local path = os.getenv("GOHTTP_CDEF")
  local tried = {}
  if path then
    if not exists(path) then error("gohttp: GOHTTP_CDEF=" .. path .. " does not exist", 0) end
  else
    for _, p in ipairs({dir .. "/../../include/gohttp.cdef.h", dir .. "/gohttp.cdef.h",
                        "/usr/local/include/gohttp.cdef.h", "/usr/include/gohttp.cdef.h"}) do
      tried[#tried + 1] = p
      if exists(p) then path = p break end
    end
  end
  if not path then
    error("gohttp: gohttp.cdef.h not found (tried " .. table.concat(tried, ", ") ..
          "); set GOHTTP_CDEF to its path", 0)
  end
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  ffi.cdef(text)
  return path
end

local function load_library()
  local path = os.getenv("GOHTTP_LIBRARY")
  if path then
    if not exists(path) then error("gohttp: GOHTTP_LIBRARY=" .. path .. " does not exist", 0) end
    return ffi.load(path), path
  end
  local built = module_dir() .. "/../../build/lib/libgohttp.so.1"
  if exists(built) then return ffi.load(built), built end
  local ok, lib = pcall(ffi.load, "libgohttp.so.1")
  if ok then return lib, "libgohttp.so.1" end
  error("gohttp: libgohttp.so.1 was not found (not in " .. built .. ", nor by the system's " ..
        "loader: " .. tostring(lib) .. "). Build it with `make` in the gohttp source tree, " ..
        "or set GOHTTP_LIBRARY to its path", 0)
end

M.cdef_path = load_cdef()
local C, library_path = load_library()
M.C = C -- the raw functions and constants, for what this module does not wrap
M.library_path = library_path

local OK, NOTFOUND, E_RANGE = C.GOHTTP_OK, C.GOHTTP_NOTFOUND, C.GOHTTP_E_RANGE
local NUL = C.GOHTTP_NUL

---------------------------------------------------------------- errors

local Error = {}
Error.__index = Error
Error.__tostring = function(e)
  return string.format("%s (%d): %s", e.name, e.code, e.message)
end
M.Error = Error

local errbuf = ffi.new("gohttp_error")

local function cstr(p, len)
  if p == nil then return nil end
  if len then return ffi.string(p, len) end
  return ffi.string(p)
end

-- The calling thread's last error, copied out at once: its pointers are
-- valid only until the next call into the library.
local function last_error(code)
  errbuf.size = ffi.sizeof(errbuf)
  local e = setmetatable({code = code, os_error = 0}, Error)
  if C.gohttp_last_error(errbuf) == OK and errbuf.code == code then
    e.os_error = errbuf.os_error
    e.message = cstr(errbuf.message)
    if errbuf.arg ~= nil then e.arg = ffi.string(errbuf.arg, errbuf.arg_len) end
    if errbuf.partial ~= nil then e.partial = ffi.string(errbuf.partial, errbuf.partial_len) end
    if errbuf.expected >= 0 then e.expected = tonumber(errbuf.expected) end
  end
  e.name = cstr(C.gohttp_errname(code)) or ("GOHTTP_E_" .. code)
  e.message = e.message or cstr(C.gohttp_strerror(code)) or e.name
  return e
end

local function raise(e) error(e, 0) end

-- check(rc): rc when it is not an error, else raises the last error.
local function check(rc)
  if rc < 0 then raise(last_error(rc)) end
  return rc
end

-- An error the module finds itself, before or after calling the library.
local function new_error(code, msg)
  return setmetatable({code = code, name = cstr(C.gohttp_errname(code)), message = msg, os_error = 0}, Error)
end

local function arg_error(msg) raise(new_error(C.GOHTTP_E_ARG, msg)) end

---------------------------------------------------------------- data out

-- A reused buffer for results that usually fit (heads, headers, lines).
local SMALL = 16384
local small = ffi.new("char[?]", SMALL)
local n_out = ffi.new("int64_t[1]")
local n_out2 = ffi.new("int64_t[1]")

-- fetch(fn, h[, a[, b]]): calls fn(h, a, b, buf, cap, n) (as many of a
-- and b as given) by rule 3 and returns the result as a string, or nil
-- for GOHTTP_NOTFOUND. A result too big for the small buffer is kept by
-- the library and fetched again with a buffer of the size it asked for.
local function call(fn, h, a, b, buf, cap)
  if a == nil then return fn(h, buf, cap, n_out) end
  if b == nil then return fn(h, a, buf, cap, n_out) end
  return fn(h, a, b, buf, cap, n_out)
end

local function fetch(fn, h, a, b)
  local rc = call(fn, h, a, b, small, SMALL)
  if rc == OK then return ffi.string(small, n_out[0]) end
  if rc == NOTFOUND then return nil end
  if rc ~= E_RANGE then check(rc) end
  local size = tonumber(n_out[0])
  local buf = ffi.new("char[?]", size)
  check(call(fn, h, a, b, buf, size))
  return ffi.string(buf, n_out[0])
end

---------------------------------------------------------------- responses

local Response = {}
Response.__index = Response
M.Response = Response

local info = ffi.new("struct gohttp_resp_info")

local function resp_handle(self)
  local h = self._h
  if h == nil then
    raise(new_error(C.GOHTTP_E_BADHANDLE, "the response is closed"))
  end
  return h
end

-- resp:info(): the library's gohttp_resp_info now, as a table.
function Response:info()
  info.size = ffi.sizeof(info)
  check(C.gohttp_resp_info(resp_handle(self), info))
  return {status = info.status, version = info.version, will_close = info.will_close ~= 0,
          chunked = info.chunked ~= 0, length = info.has_length ~= 0 and tonumber(info.length) or nil,
          closed = info.closed ~= 0, isclosed = info.isclosed ~= 0}
end

-- resp:getheader(name[, default]): the header's value (several joined
-- with ", "), or default (nil).
function Response:getheader(name, default)
  if self._h == nil then
    -- Closed: answer from the copy close() kept.
    local vals = {}
    local lname = name:lower()
    for _, kv in ipairs(self._headers) do
      if kv[1]:lower() == lname then vals[#vals + 1] = kv[2] end
    end
    if #vals == 0 then return default end
    return table.concat(vals, ", ")
  end
  local v = fetch(C.gohttp_resp_getheader, self._h, name, #name)
  if v == nil then return default end
  return v
end

-- resp:getheaders(): every header as {name, value} pairs, in order.
function Response:getheaders()
  if self._headers then return self._headers end
  local h = resp_handle(self)
  local out = {}
  local i = 0
  while true do
    local rc = C.gohttp_resp_header_at(h, i, small, SMALL / 4, n_out, small + SMALL / 4, SMALL - SMALL / 4, n_out2)
    if rc == NOTFOUND then break end
    if rc == OK then
      out[#out + 1] = {ffi.string(small, n_out[0]), ffi.string(small + SMALL / 4, n_out2[0])}
    elseif rc == E_RANGE then
      local nb = ffi.new("char[?]", n_out[0] + 1)
      local vb = ffi.new("char[?]", n_out2[0] + 1)
      check(C.gohttp_resp_header_at(h, i, nb, n_out[0] + 1, n_out, vb, n_out2[0] + 1, n_out2))
      out[#out + 1] = {ffi.string(nb, n_out[0]), ffi.string(vb, n_out2[0])}
    else
      check(rc)
    end
    i = i + 1
  end
  return out
end

-- resp:read([n]): up to n bytes of the body, or all of it; "" at the end
-- (and after close, as http.client).
function Response:read(n)
  if self._h == nil then return "" end
  if n == nil or n < 0 then return fetch(C.gohttp_resp_readall, self._h) end
  if n == 0 then return "" end
  local buf = n <= SMALL and small or ffi.new("char[?]", n)
  local rc = C.gohttp_resp_read(self._h, buf, n, n_out)
  check(rc)
  return ffi.string(buf, n_out[0])
end

-- resp:readline([limit]): one line with its "\n" ("" at the end).
function Response:readline(limit)
  if self._h == nil then return "" end
  return fetch(C.gohttp_resp_readline, self._h, limit or -1)
end

-- resp:trailers(): the trailer lines of a chunked body as received
-- ("Name: value\r\n" each), or nil before the body was read to its end.
function Response:trailers()
  return fetch(C.gohttp_resp_get, resp_handle(self), C.GOHTTP_RESP_TRAILERS)
end

-- resp:close(): closes and frees the response. Its status, reason and
-- headers stay readable; read() returns "".
function Response:close()
  local h = self._h
  if h == nil then return end
  local ok, hs = pcall(self.getheaders, self)
  self._headers = ok and hs or {}
  self._h = nil
  ffi.gc(h, nil)
  local rc = C.gohttp_resp_close(h)
  C.gohttp_resp_free(h)
  self._conn = nil
  check(rc)
end

Response.free = Response.close

---------------------------------------------------------------- connections

local Connection = {}
Connection.__index = Connection
M.Connection = Connection

local function conn_handle(self)
  local h = self._h
  if h == nil then
    raise(new_error(C.GOHTTP_E_BADHANDLE, "the connection is closed"))
  end
  return h
end

-- conn:setopt(name, value): a GOHTTP_OPT_* option by its lower-case name
-- ("timeout", "tls_ca_file", ...); the setopt function is chosen by the
-- option's number (rule 5), booleans are 1 and 0.
function Connection:setopt(name, value)
  local h = conn_handle(self)
  local ok, opt = pcall(function() return C["GOHTTP_OPT_" .. tostring(name):upper()] end)
  if not ok or type(opt) ~= "number" then arg_error("unknown option " .. tostring(name)) end
  if opt >= 100 and opt < 200 then
    if type(value) == "boolean" then value = value and 1 or 0 end
    if type(value) ~= "number" then arg_error("option " .. name .. " takes an integer or a boolean") end
    check(C.gohttp_conn_setopt_int(h, opt, value))
  elseif opt >= 200 and opt < 300 then
    if type(value) ~= "number" then arg_error("option " .. name .. " takes a number (seconds)") end
    check(C.gohttp_conn_setopt_double(h, opt, value))
  elseif value == nil then
    check(C.gohttp_conn_setopt_str(h, opt, nil, 0)) -- NULL: back to the default
  else
    if type(value) ~= "string" then arg_error("option " .. name .. " takes a string") end
    check(C.gohttp_conn_setopt_str(h, opt, value, #value))
  end
end

-- gohttp.connect(host[, port[, opts]]): a connection (nothing is sent
-- until the first request). port nil: from host ("h:8080"), else 80 or
-- 443. opts: https = true, and any option by name (timeout, deadline,
-- tls_ca_file, http_version, ...).
function M.connect(host, port, opts)
  opts = opts or {}
  if type(host) ~= "string" then arg_error("host must be a string") end
  local out = ffi.new("gohttp_conn*[1]")
  local new = opts.https and C.gohttp_conn_new_https or C.gohttp_conn_new
  check(new(host, #host, port or -1, out))
  local self = setmetatable({_h = ffi.gc(out[0], C.gohttp_conn_free), host = host}, Connection)
  for k, v in pairs(opts) do
    if k ~= "https" then
      local ok, err = pcall(self.setopt, self, k, v)
      if not ok then self:close() error(err, 0) end
    end
  end
  return self
end

-- gohttp.HTTPConnection(host[, port[, opts]]), gohttp.HTTPSConnection.
function M.HTTPConnection(host, port, opts) return M.connect(host, port, opts) end
function M.HTTPSConnection(host, port, opts)
  local o = {https = true}
  for k, v in pairs(opts or {}) do o[k] = v end
  return M.connect(host, port, o)
end

-- headers: {name = value, ...} or {{name, value}, ...} as a list of
-- {name, value} strings (the list keeps the strings the C structs point
-- to alive during the call).
local function header_list(headers)
  local list = {}
  if headers == nil then return list end
  for k, v in pairs(headers) do
    if type(k) == "number" then
      list[#list + 1] = {tostring(v[1]), tostring(v[2])}
    else
      list[#list + 1] = {tostring(k), tostring(v)}
    end
  end
  -- pairs() has no order: keep one (a list keeps the caller's).
  if #headers == 0 then table.sort(list, function(a, b) return a[1] < b[1] end) end
  return list
end

local function has_header(list, name)
  for _, kv in ipairs(list) do
    if kv[1]:lower() == name then return true end
  end
  return false
end

-- Sends a request whose body is a function returning the next piece
-- (a string) or nil at the end, through gohttp_conn_endheaders's body
-- callback. Without a Content-Length header the body is chunked, as
-- http.client does for an iterable.
local function send_streamed(h, method, url, list, bodyfn)
  local flags = 0
  if not has_header(list, "content-length") and not has_header(list, "transfer-encoding") then
    list[#list + 1] = {"Transfer-Encoding", "chunked"}
    flags = C.GOHTTP_ENCODE_CHUNKED
  end
  check(C.gohttp_conn_putrequest(h, method, #method, url, #url, 0))
  local vals = ffi.new("const char*[1]")
  local lens = ffi.new("int64_t[1]")
  for _, kv in ipairs(list) do
    vals[0] = kv[2]
    lens[0] = #kv[2]
    check(C.gohttp_conn_putheader(h, kv[1], #kv[1], vals, lens, 1))
  end
  -- No Lua error may unwind across the library (rule 8): the callback
  -- catches everything, keeps the error and returns -1; it is raised
  -- again once the library has returned.
  local piece, failure -- piece stays referenced until the next call
  local cb = ffi.cast("gohttp_body_fn", function(_, data, len)
    local ok, p = pcall(bodyfn)
    if not ok then failure = p return -1 end
    if p == nil then piece = nil return 0 end
    if type(p) ~= "string" then
      failure = new_error(C.GOHTTP_E_ARG, "a body function must return a string or nil, not " .. type(p))
      return -1
    end
    piece = p
    data[0] = ffi.cast("const void *", p)
    len[0] = #p
    return 1
  end)
  local rc = C.gohttp_conn_endheaders(h, nil, 0, cb, nil, flags)
  cb:free()
  piece = nil
  if failure ~= nil then error(failure, 0) end
  check(rc)
end
-- A callback may not run from a C call made by compiled code: keep the
-- caller interpreted.
jit.off(send_streamed)

-- conn:request(method, url[, body[, headers]]): sends a request. body is
-- nil, a string, or a function returning the next piece or nil at the
-- end (streamed, chunked unless headers give a Content-Length).
function Connection:request(method, url, body, headers)
  local h = conn_handle(self)
  if type(method) ~= "string" or type(url) ~= "string" then arg_error("method and url must be strings") end
  local list = header_list(headers)
  if type(body) == "function" then
    return send_streamed(h, method, url, list, body)
  end
  if body ~= nil and type(body) ~= "string" then arg_error("body must be a string, a function or nil") end
  local hs = ffi.new("gohttp_header[?]", #list)
  for i, kv in ipairs(list) do
    local x = hs[i - 1]
    x.name, x.name_len, x.value, x.value_len = kv[1], #kv[1], kv[2], #kv[2]
  end
  local rc
  if body == nil then
    rc = C.gohttp_conn_request(h, method, #method, url, #url, hs, #list, nil, 0, 0) -- NULL, 0: no body
  else
    rc = C.gohttp_conn_request(h, method, #method, url, #url, hs, #list, body, #body, 0)
  end
  check(rc)
end

-- conn:getresponse(): the response to the request sent. The reason and
-- headers come in the same call when they fit the small buffer.
function Connection:getresponse()
  local h = conn_handle(self)
  local out = ffi.new("gohttp_resp*[1]")
  info.size = ffi.sizeof(info)
  info.flags = 0
  check(C.gohttp_conn_getresponse(h, out, info, small, SMALL))
  local r = ffi.gc(out[0], C.gohttp_resp_free)
  local resp = setmetatable({_h = r, _conn = self, status = info.status, version = info.version,
                             will_close = info.will_close ~= 0, chunked = info.chunked ~= 0,
                             length = info.has_length ~= 0 and tonumber(info.length) or nil}, Response)
  if info.head_copied ~= 0 then
    resp.reason = ffi.string(small, info.reason_len)
  else
    resp.reason = fetch(C.gohttp_resp_get, r, C.GOHTTP_RESP_REASON) or ""
  end
  return resp
end

-- conn:connect(): connects now (a request connects by itself).
function Connection:connect()
  check(C.gohttp_conn_connect(conn_handle(self)))
end

-- conn:close(): closes the socket and frees the connection.
function Connection:close()
  local h = self._h
  if h == nil then return end
  self._h = nil
  ffi.gc(h, nil)
  local rc = C.gohttp_conn_close(h)
  C.gohttp_conn_free(h)
  check(rc)
end

Connection.free = Connection.close

---------------------------------------------------------------- library

function M.version() return ffi.string(C.gohttp_version()) end
function M.version_number() return C.gohttp_version_number() end
function M.strerror(code) return cstr(C.gohttp_strerror(code)) end
function M.errname(code) return cstr(C.gohttp_errname(code)) end
function M.status_phrase(status) return cstr(C.gohttp_status_phrase(status)) end
-- The handles alive in the library (connections and responses).
function M.live_handles() return tonumber(C.gohttp_live_handles()) end

return M
