-- The Lua tests: luajit bindings/lua/tests/run.lua [NAME...]
-- Runs every test in bindings/lua/tests/test_*.lua (each file returns a
-- list of {name, function}) against the test server named by
-- GOHTTP_TEST_PORTS, checks that no handle is left once all are
-- collected, and ends with "N passed, N failed".
--
-- With GOHTTP_LUA_CALLS=FILE, every call the module makes into the
-- library is recorded in FILE as "name arity" lines (the library is
-- wrapped as ffi.load returns it), for scripts/lua_abi_check.py to
-- compare with include/gohttp.json.
local ffi = require("ffi")

local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*)/[^/]*$")) or "."
package.path = dir .. "/../?.lua;" .. dir .. "/?.lua;" .. package.path

local calls_file = os.getenv("GOHTTP_LUA_CALLS")
local calls = {}
if calls_file then
  local real_load = ffi.load
  ffi.load = function(...)
    local lib = real_load(...)
    local wrapped = {}
    return setmetatable({}, {__index = function(_, k)
      local v = lib[k] -- raises for a name the cdef lacks, as the library would
      if type(v) ~= "cdata" then return v end
      local w = wrapped[k]
      if not w then
        w = function(...)
          calls[k .. " " .. select("#", ...)] = true
          return v(...)
        end
        wrapped[k] = w
      end
      return w
    end})
  end
end

local only = {}
for _, a in ipairs(arg) do only[a] = true end

local files = {}
local p = assert(io.popen('ls "' .. dir .. '"'))
for name in p:lines() do
  if name:match("^test_.*%.lua$") then files[#files + 1] = name end
end
p:close()
table.sort(files)
assert(#files > 0, "no test files in " .. dir)

local passed, failed = 0, 0
for _, file in ipairs(files) do
  local tests = dofile(dir .. "/" .. file)
  for _, t in ipairs(tests) do
    local name = file:gsub("%.lua$", "") .. "." .. t[1]
    if next(only) == nil or only[t[1]] or only[name] then
      local ok, err = xpcall(t[2], function(e) return debug.traceback(tostring(e), 2) end)
      if ok then
        passed = passed + 1
        print("ok   " .. name)
      else
        failed = failed + 1
        print("FAIL " .. name .. ": " .. tostring(err))
      end
      collectgarbage()
    end
  end
end

-- Last: every handle the tests made is gone once collected.
if next(only) == nil then
  local gohttp = require("gohttp")
  collectgarbage()
  collectgarbage()
  local live = gohttp.live_handles()
  if live == 0 then
    passed = passed + 1
    print("ok   run.no_handle_left_after_all_tests")
  else
    failed = failed + 1
    print("FAIL run.no_handle_left_after_all_tests: gohttp_live_handles() = " .. live)
  end
end

if calls_file then
  local f = assert(io.open(calls_file, "w"))
  local lines = {}
  for k in pairs(calls) do lines[#lines + 1] = k end
  table.sort(lines)
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
end

print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
