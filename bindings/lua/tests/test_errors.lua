-- Errors: raised as gohttp.Error objects with code, name and message.
local gohttp = require("gohttp")
local H = require("helpers")
local C = gohttp.C

return {
  {"connection_refused", function()
    local c = gohttp.connect("127.0.0.1", H.unused_port())
    local err = H.raises(c.request, c, "GET", "/")
    assert(getmetatable(err) == gohttp.Error, "a gohttp.Error: " .. tostring(err))
    assert(err.code == C.GOHTTP_E_OS, "code " .. tostring(err.code))
    assert(err.name == "GOHTTP_E_OS")
    assert(err.os_error == H.ECONNREFUSED, "os_error " .. tostring(err.os_error))
    assert(err.message:find("[Errno " .. H.ECONNREFUSED .. "]", 1, true), err.message)
    assert(err.message:lower():find("refused", 1, true), err.message)
    assert(tostring(err) == "GOHTTP_E_OS (-30): " .. err.message, tostring(err))
    -- conn:connect() fails the same way.
    err = H.raises(c.connect, c)
    assert(err.code == C.GOHTTP_E_OS and err.os_error == H.ECONNREFUSED)
    c:close()
  end},

  {"timeout", function()
    -- The stall server accepts and never answers: the option reaches the
    -- library and the read times out (the bound only catches a hang).
    local c = gohttp.connect("127.0.0.1", H.STALL, {timeout = 0.3})
    c:request("GET", "/")
    local err = H.raises(c.getresponse, c)
    assert(err.code == C.GOHTTP_E_TIMEOUT and err.name == "GOHTTP_E_TIMEOUT", tostring(err))
    c:close()
  end},

  {"unknown_option", function()
    local before = gohttp.live_handles()
    local err = H.raises(gohttp.connect, "127.0.0.1", H.HTTP, {no_such_option = 1})
    assert(err.code == C.GOHTTP_E_ARG and err.message:find("no_such_option", 1, true), tostring(err))
    -- An option of the wrong type is the library's GOHTTP_E_ARG.
    err = H.raises(gohttp.connect, "127.0.0.1", H.HTTP, {timeout = "soon"})
    assert(err.code == C.GOHTTP_E_ARG and err.message:find("timeout", 1, true), tostring(err))
    err = H.raises(gohttp.connect, "127.0.0.1", H.HTTP, {tls_ca_file = 5})
    assert(err.code == C.GOHTTP_E_ARG and err.message:find("tls_ca_file", 1, true), tostring(err))
    -- An option the library refuses: its own message.
    err = H.raises(gohttp.connect, "127.0.0.1", H.HTTP, {http_version = 12})
    assert(err.code == C.GOHTTP_E_ARG, tostring(err))
    -- The reserved non-blocking mode is refused in 1.0.
    err = H.raises(gohttp.connect, "127.0.0.1", H.HTTP, {nonblocking = true})
    assert(err.code == C.GOHTTP_E_ARG, tostring(err))
    assert(gohttp.live_handles() == before, "a failed connect frees its handle")
  end},

  {"bad_url_and_port", function()
    local err = H.raises(gohttp.connect, "127.0.0.1:notaport")
    assert(err.code == C.GOHTTP_E_INVALID_URL, tostring(err))
    local c = gohttp.connect("127.0.0.1", H.HTTP)
    err = H.raises(c.request, c, "GET", nil)
    assert(err.code == C.GOHTTP_E_ARG, tostring(err))
    err = H.raises(c.request, c, "GET", "/", nil, {["X-Bad"] = "a\r\nb"})
    assert(err.code == C.GOHTTP_E_VALUE, tostring(err))
    c:close()
  end},

  {"state_errors", function()
    local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
    local err = H.raises(c.getresponse, c)
    assert(err.code == C.GOHTTP_E_RESPONSE_NOT_READY, tostring(err))
    c:close()
    err = H.raises(c.request, c, "GET", "/")
    assert(err.code == C.GOHTTP_E_BADHANDLE and err.message:find("closed"), tostring(err))
  end},
}
