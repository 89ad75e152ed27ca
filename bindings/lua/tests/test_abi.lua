-- The cdef as LuaJIT reads it agrees with include/gohttp.json: struct
-- layouts, constant values, and every function resolves in the library.
-- (scripts/lua_abi_check.py checks the module's calls and their arity.)
local ffi = require("ffi")
local gohttp = require("gohttp")
local H = require("helpers")

local function description()
  local path = os.getenv("GOHTTP_JSON") or (gohttp.cdef_path:gsub("%.cdef%.h$", ".json"))
  local f = assert(io.open(path, "rb"), "cannot open " .. path)
  local text = f:read("*a")
  f:close()
  return H.json(text)
end
local desc = description()

return {
  {"struct_layouts", function()
    assert(#desc.structs >= 4)
    for _, s in ipairs(desc.structs) do
      assert(ffi.sizeof(s.name) == s.size, ("sizeof(%s): LuaJIT %d, JSON %d"):format(s.name, ffi.sizeof(s.name), s.size))
      for _, fld in ipairs(s.fields) do
        local off = ffi.offsetof(s.name, fld.name)
        assert(off == fld.offset, ("%s.%s: offset %s in LuaJIT, %d in JSON"):format(s.name, fld.name, tostring(off), fld.offset))
      end
    end
  end},

  {"constants", function()
    assert(#desc.constants > 50)
    for _, c in ipairs(desc.constants) do
      -- Text constants (GOHTTP_VERSION) are not enums in the cdef.
      if type(c.value) == "number" then
        local ok, v = pcall(function() return gohttp.C[c.name] end)
        assert(ok and v == c.value, ("%s: %s in the cdef, %d in JSON"):format(c.name, tostring(v), c.value))
      end
    end
  end},

  {"functions_resolve", function()
    assert(#desc.functions > 30)
    for _, fn in ipairs(desc.functions) do
      local ok, err = pcall(function() return gohttp.C[fn.name] end)
      assert(ok, fn.name .. ": " .. tostring(err))
    end
  end},

  {"callbacks", function()
    for _, cb in ipairs(desc.callbacks) do
      assert(ffi.sizeof(cb.name) == ffi.sizeof("void *"), cb.name)
    end
  end},
}
