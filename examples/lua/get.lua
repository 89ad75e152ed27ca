-- get.lua: one GET request with gohttp from LuaJIT.
--
--   LUA_PATH="bindings/lua/?.lua;;" luajit examples/lua/get.lua [host[:port]] [path]
--
-- (default 127.0.0.1:8080 /; `make serve` runs a server there). gohttp.lua
-- finds include/gohttp.cdef.h and build/lib/libgohttp.so.1 of its source
-- tree, or GOHTTP_CDEF and GOHTTP_LIBRARY name them.
local gohttp = require("gohttp")

local host = arg[1] or "127.0.0.1:8080"
local path = arg[2] or "/"

local conn = gohttp.connect(host, nil, {timeout = 10})
local ok, err = pcall(function()
  conn:request("GET", path, nil, {["User-Agent"] = "gohttp-example/1"})
  local resp = conn:getresponse()
  print(("HTTP/%s %d %s"):format(resp.version == 10 and "1.0" or "1.1", resp.status, resp.reason))
  for _, h in ipairs(resp:getheaders()) do
    print(h[1] .. ": " .. h[2])
  end
  print()
  io.write(resp:read())
end)
conn:close()
if not ok then
  -- err is a gohttp.Error: err.code, err.name, err.message, err.os_error.
  io.stderr:write("get.lua: ", tostring(err), "\n")
  os.exit(1)
end
