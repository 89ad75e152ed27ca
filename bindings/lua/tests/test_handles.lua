-- Handles: freed by close, or by the garbage collector, never twice.
local gohttp = require("gohttp")
local H = require("helpers")

local function full_gc()
  collectgarbage()
  collectgarbage()
end

return {
  {"close_frees", function()
    full_gc()
    local base = gohttp.live_handles()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    assert(gohttp.live_handles() == base + 1)
    c:request("GET", "/")
    local r = c:getresponse()
    assert(gohttp.live_handles() == base + 2)
    r:read()
    r:close()
    r:close() -- twice is fine
    assert(gohttp.live_handles() == base + 1)
    c:close()
    c:close()
    assert(gohttp.live_handles() == base)
    -- free() is close() by another name.
    c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    c:request("GET", "/")
    r = c:getresponse()
    assert(gohttp.live_handles() == base + 2)
    r:free()
    c:free()
    assert(gohttp.live_handles() == base)
  end},

  {"gc_frees", function()
    full_gc()
    local base = gohttp.live_handles()
    for _ = 1, 20 do
      local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
      c:request("GET", "/chunked?n=3")
      local r = c:getresponse()
      r:readline() -- left unread, unclosed
    end
    assert(gohttp.live_handles() >= base)
    full_gc()
    assert(gohttp.live_handles() == base, "live handles " .. gohttp.live_handles() .. ", want " .. base)
  end},

  {"response_outlives_closed_connection", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    c:request("GET", "/bytes?n=10")
    local r = c:getresponse()
    c:close()
    -- As in http.client, closing the connection closes its response:
    -- reading it gives "", and its handle is still freed once.
    assert(r:read() == "")
    assert(r:info().closed)
    r:close()
  end},

  {"no_handle_leaks", function()
    -- Everything the tests so far made is gone once collected (run.lua
    -- checks again after the last test).
    full_gc()
    assert(gohttp.live_handles() == 0, "live handles: " .. gohttp.live_handles())
  end},
}
