-- Requests and responses: a GET, headers both ways, keep-alive, statuses.
local gohttp = require("gohttp")
local H = require("helpers")

local function conn() return gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30}) end

return {
  {"get", function()
    local c = conn()
    c:request("GET", "/")
    local r = c:getresponse()
    assert(r.status == 200, "status " .. tostring(r.status))
    assert(r.reason == "OK", "reason " .. tostring(r.reason))
    assert(r.version == 11)
    assert(r.length == 26, "length " .. tostring(r.length))
    assert(r:read() == "hello from gohttp testsrv\n")
    assert(r:read() == "", "read at the end gives \"\"")
    r:close()
    c:close()
  end},

  {"request_headers_sent_in_order", function()
    local c = conn()
    c:request("GET", "/echo", nil, {{"X-First", "1"}, {"X-Second", "two"}, {"X-Num", 3}})
    local r = c:getresponse()
    local echo = H.json(r:read())
    assert(echo.method == "GET" and echo.path == "/echo")
    local names = {}
    for _, kv in ipairs(echo.headers) do names[#names + 1] = kv[1] end
    -- Host and Accept-Encoding are the library's, then the caller's in order.
    assert(table.concat(names, ",") == "Host,Accept-Encoding,X-First,X-Second,X-Num", table.concat(names, ","))
    assert(H.echo_header(echo, "Host") == "127.0.0.1:" .. H.HTTP)
    assert(H.echo_header(echo, "X-Num") == "3")
    assert(echo.body_len == 0 and not echo.chunked)
    c:close()
  end},

  {"request_headers_as_map", function()
    local c = conn()
    c:request("GET", "/echo", nil, {["X-A"] = "a", ["Host"] = "example.test"})
    local echo = H.json(c:getresponse():read())
    assert(H.echo_header(echo, "X-A") == "a")
    -- A Host given by the caller replaces the automatic one.
    assert(H.echo_header(echo, "Host") == "example.test", H.echo_header(echo, "Host"))
    c:close()
  end},

  {"response_headers", function()
    local c = conn()
    c:request("GET", "/response-headers?X-One=1&X-Dup=a&X-Dup=b")
    local r = c:getresponse()
    assert(r:getheader("x-one") == "1", "getheader is case-insensitive")
    assert(r:getheader("X-Dup") == "a, b", "repeated headers join with \", \": " .. tostring(r:getheader("X-Dup")))
    assert(r:getheader("X-Missing") == nil)
    assert(r:getheader("X-Missing", "dflt") == "dflt")
    assert(r:getheader("Content-Type") == "text/plain; charset=utf-8")
    local hs = r:getheaders()
    local seen = {}
    for _, kv in ipairs(hs) do seen[#seen + 1] = kv[1] .. "=" .. kv[2] end
    local all = table.concat(seen, ";")
    assert(all:find("X-One=1;X-Dup=a;X-Dup=b", 1, true), all)
    assert(all:find("Content-Length=3", 1, true), all)
    assert(r:read() == "ok\n")
    r:close()
    -- Closed: the headers stay readable, the body is gone.
    assert(r:getheader("x-dup") == "a, b")
    assert(#r:getheaders() == #hs)
    assert(r:read() == "")
    assert(r.status == 200)
    c:close()
  end},

  {"long_header_name", function()
    -- A name larger than the module's share of its small buffer for
    -- names takes the E_RANGE path of gohttp_resp_header_at.
    local long = "X-" .. ("n"):rep(6000)
    local c = conn()
    c:request("GET", "/response-headers?" .. long .. "=v")
    local r = c:getresponse()
    assert(r.status == 200, r.status)
    assert(r:getheader(long) == "v")
    local found
    for _, kv in ipairs(r:getheaders()) do if kv[1] == long then found = kv[2] end end
    assert(found == "v")
    c:close()
  end},

  {"keep_alive", function()
    local c = conn()
    for i = 1, 5 do
      c:request("POST", "/echo", "body " .. i, {["Content-Type"] = "text/plain"})
      local r = c:getresponse()
      assert(r.status == 200 and not r.will_close)
      local echo = H.json(r:read())
      assert(echo.body == "body " .. i and echo.body_len == #("body " .. i))
      assert(H.echo_header(echo, "Content-Length") == tostring(#("body " .. i)))
    end
    c:close()
  end},

  {"empty_body", function()
    local c = conn()
    c:request("POST", "/echo", "")
    local echo = H.json(c:getresponse():read())
    assert(H.echo_header(echo, "Content-Length") == "0", "an empty body is sent as Content-Length: 0")
    c:close()
  end},

  {"status", function()
    local c = conn()
    c:request("GET", "/status/404")
    local r = c:getresponse()
    assert(r.status == 404 and r.reason == "Not Found", r.status .. " " .. r.reason)
    r:read()
    c:request("HEAD", "/")
    r = c:getresponse()
    assert(r.status == 200 and r:read() == "")
    c:close()
  end},

  {"https", function()
    local c = gohttp.connect("localhost", H.HTTPS, {https = true, tls_ca_file = H.CA, timeout = 30})
    c:request("GET", "/echo")
    local r = c:getresponse()
    assert(r.status == 200)
    assert(H.json(r:read()).path == "/echo")
    c:close()
    -- Without the test CA the server's certificate is refused.
    c = gohttp.HTTPSConnection("localhost", H.HTTPS, {timeout = 30})
    local err = H.raises(c.request, c, "GET", "/")
    assert(err.code == gohttp.C.GOHTTP_E_TLS_VERIFY, tostring(err))
    c:close()
  end},

  {"http_version_option_and_info", function()
    local c = gohttp.HTTPConnection("127.0.0.1:" .. H.HTTP, nil, {http_version = 10, blocksize = 4096})
    c:request("GET", "/echo")
    local r = c:getresponse()
    local echo = H.json(r:read())
    assert(echo.proto == "HTTP/1.0", echo.proto)
    local i = r:info()
    assert(i.status == 200 and i.will_close)
    c:close()
  end},
}
