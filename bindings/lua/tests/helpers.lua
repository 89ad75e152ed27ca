-- Shared by the Lua tests: the test server's ports, a port nobody
-- listens on, and a small JSON decoder for /echo's answers.
local ffi = require("ffi")

local H = {}

-- The ports file `testsrv -ports FILE` wrote (scripts/lib.sh start_server
-- exports its path as GOHTTP_TEST_PORTS).
local function read_ports()
  local path = os.getenv("GOHTTP_TEST_PORTS")
  assert(path, "GOHTTP_TEST_PORTS is not set: run the tests with scripts/test.sh lua")
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end
local ports = read_ports()
function H.port(name)
  local p = ports:match('"' .. name .. '"%s*:%s*(%d+)')
  assert(p, "no port " .. name .. " in GOHTTP_TEST_PORTS")
  return tonumber(p)
end
function H.field(name)
  local v = ports:match('"' .. name .. '"%s*:%s*"([^"]*)"')
  assert(v, "no " .. name .. " in GOHTTP_TEST_PORTS")
  return v
end
H.HTTP = H.port("http")
H.HTTPS = H.port("https")
H.CA = H.field("ca")
H.STALL = H.port("stall")

ffi.cdef [[
struct gohttp_test_sockaddr_in { uint16_t family; uint16_t port; uint32_t addr; uint8_t zero[8]; };
int socket(int domain, int type, int protocol);
int bind(int fd, const struct gohttp_test_sockaddr_in *addr, uint32_t len);
int getsockname(int fd, struct gohttp_test_sockaddr_in *addr, uint32_t *len);
int close(int fd);
]]

-- A loopback port that was free a moment ago (bound, then closed): a
-- connection to it is refused.
function H.unused_port()
  assert(ffi.os == "Linux", "unused_port knows Linux's sockaddr_in only")
  local fd = ffi.C.socket(2, 1, 0) -- AF_INET, SOCK_STREAM
  assert(fd >= 0, "socket() failed")
  local sa = ffi.new("struct gohttp_test_sockaddr_in")
  sa.family = 2
  sa.addr = 0x0100007f -- 127.0.0.1 in network order on little-endian
  assert(ffi.abi("le"), "unused_port assumes a little-endian machine")
  local len = ffi.new("uint32_t[1]", ffi.sizeof(sa))
  assert(ffi.C.bind(fd, sa, len[0]) == 0, "bind() failed")
  assert(ffi.C.getsockname(fd, sa, len) == 0, "getsockname() failed")
  ffi.C.close(fd)
  local p = sa.port
  return bit.bor(bit.rshift(p, 8), bit.lshift(bit.band(p, 0xff), 8))
end

-- ECONNREFUSED's number on the platforms the tests run on.
H.ECONNREFUSED = ({Linux = 111, OSX = 61})[ffi.os]

-- The body /bytes?n=N sends: "abc...z" repeated.
function H.pattern(n)
  local az = "abcdefghijklmnopqrstuvwxyz"
  return (az:rep(math.floor(n / 26) + 1)):sub(1, n)
end

-- A JSON decoder for the server's answers (objects, arrays, strings with
-- escapes, numbers, true, false, null).
function H.json(s)
  local pos = 1
  local value
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local function fail(what) error(("bad JSON at %d: %s in %q"):format(pos, what, s:sub(1, 200)), 0) end
  local esc = {['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t"}
  local function str()
    pos = pos + 1
    local out = {}
    while true do
      local c = s:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1 return table.concat(out) end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        if e == "u" then
          local cp = tonumber(s:sub(pos + 2, pos + 5), 16) or fail("bad \\u")
          if cp < 0x80 then out[#out + 1] = string.char(cp)
          elseif cp < 0x800 then out[#out + 1] = string.char(0xc0 + bit.rshift(cp, 6), 0x80 + bit.band(cp, 0x3f))
          else out[#out + 1] = string.char(0xe0 + bit.rshift(cp, 12), 0x80 + bit.band(bit.rshift(cp, 6), 0x3f), 0x80 + bit.band(cp, 0x3f)) end
          pos = pos + 6
        else
          out[#out + 1] = esc[e] or fail("bad escape")
          pos = pos + 2
        end
      else
        local j = s:find('["\\]', pos) or fail("unterminated string")
        out[#out + 1] = s:sub(pos, j - 1)
        pos = j
      end
    end
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local t = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return t end
      while true do
        ws()
        if s:sub(pos, pos) ~= '"' then fail("key expected") end
        local k = str()
        ws()
        if s:sub(pos, pos) ~= ":" then fail("':' expected") end
        pos = pos + 1
        t[k] = value()
        ws()
        c = s:sub(pos, pos)
        pos = pos + 1
        if c == "}" then return t end
        if c ~= "," then fail("',' or '}' expected") end
      end
    elseif c == "[" then
      pos = pos + 1
      local t = {}
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return t end
      while true do
        t[#t + 1] = value()
        ws()
        c = s:sub(pos, pos)
        pos = pos + 1
        if c == "]" then return t end
        if c ~= "," then fail("',' or ']' expected") end
      end
    elseif c == '"' then
      return str()
    elseif s:sub(pos, pos + 3) == "true" then pos = pos + 4 return true
    elseif s:sub(pos, pos + 4) == "false" then pos = pos + 5 return false
    elseif s:sub(pos, pos + 3) == "null" then pos = pos + 4 return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos) or fail("value expected")
      pos = pos + #num
      return tonumber(num)
    end
  end
  local v = value()
  ws()
  if pos <= #s then fail("trailing data") end
  return v
end

-- The value of the first header called name in /echo's list of pairs.
function H.echo_header(echo, name)
  for _, kv in ipairs(echo.headers) do
    if kv[1]:lower() == name:lower() then return kv[2] end
  end
end

-- raises(fn): the error fn raised (it must raise).
function H.raises(fn, ...)
  local ok, err = pcall(fn, ...)
  assert(not ok, "no error was raised")
  return err
end

return H
