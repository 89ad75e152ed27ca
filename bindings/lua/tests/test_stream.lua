-- Streamed request bodies: a Lua function gives the pieces through the
-- library's body callback.
local gohttp = require("gohttp")
local H = require("helpers")

local function pieces(list)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

return {
  {"streamed_post_chunked", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    c:request("POST", "/echo", pieces({"one,", "", "two,", "three"}))
    local r = c:getresponse()
    assert(r.status == 200)
    local echo = H.json(r:read())
    assert(echo.chunked, "a body without Content-Length is sent chunked")
    assert(echo.body == "one,two,three", echo.body)
    assert(H.echo_header(echo, "Transfer-Encoding") == "chunked")
    c:close()
  end},

  {"streamed_post_with_length", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    c:request("PUT", "/echo", pieces({"abc", "def"}), {["Content-Length"] = "6"})
    local echo = H.json(c:getresponse():read())
    assert(not echo.chunked and echo.method == "PUT")
    assert(echo.body == "abcdef" and H.echo_header(echo, "Content-Length") == "6")
    c:close()
  end},

  {"streamed_post_large", function()
    -- 200 pieces of 5000 bytes, each a fresh string (collected as it goes).
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    local n, sent = 0, {}
    c:request("POST", "/echo", function()
      n = n + 1
      if n > 200 then return nil end
      local p = string.char(65 + n % 26):rep(5000)
      sent[#sent + 1] = p
      collectgarbage("step")
      return p
    end)
    local echo = H.json(c:getresponse():read())
    assert(echo.body_len == 200 * 5000, echo.body_len)
    assert(echo.body == table.concat(sent))
    -- The connection is reusable after a streamed request.
    c:request("GET", "/")
    assert(c:getresponse():read() == "hello from gohttp testsrv\n")
    c:close()
  end},

  {"streamed_posts_in_a_hot_loop", function()
    -- Enough iterations for LuaJIT to compile the caller's loop: the
    -- callback must still run (never from compiled code), and each
    -- request frees its callback slot.
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    for i = 1, 300 do
      c:request("POST", "/echo", pieces({"n=", tostring(i)}))
      local r = c:getresponse()
      local body = r:read()
      assert(body:find('"body":"n=' .. i .. '"', 1, true), body)
      r:close()
    end
    c:close()
  end},

  {"body_function_error_is_raised_after_the_call", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    local calls = 0
    local err = H.raises(c.request, c, "POST", "/echo", function()
      calls = calls + 1
      if calls == 2 then error({mine = true}) end
      return "x"
    end)
    assert(type(err) == "table" and err.mine, "the body function's own error comes back: " .. tostring(err))
    -- As in http.client, the connection is left mid-request: the next
    -- request is refused until it is closed.
    err = H.raises(c.request, c, "POST", "/echo", "x")
    assert(err.code == gohttp.C.GOHTTP_E_CANNOT_SEND_REQUEST, tostring(err))
    c:close()
    c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    err = H.raises(c.request, c, "POST", "/echo", function() error("plain text", 0) end)
    assert(err == "plain text", tostring(err))
    c:close()
    -- A fresh connection works after the aborted requests.
    c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    c:request("POST", "/echo", pieces({"fine"}))
    assert(H.json(c:getresponse():read()).body == "fine")
    c:close()
  end},

  {"body_function_bad_piece", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    local err = H.raises(c.request, c, "POST", "/echo", function() return 42 end)
    assert(err.code == gohttp.C.GOHTTP_E_ARG and err.message:find("string or nil", 1, true), tostring(err))
    c:close()
  end},
}
