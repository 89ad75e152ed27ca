-- Reading bodies: chunked downloads, large bodies, read(n), readline.
local gohttp = require("gohttp")
local H = require("helpers")

local function get(path)
  local c = gohttp.connect("127.0.0.1", H.HTTP, {timeout = 30})
  c:request("GET", path)
  return c, c:getresponse()
end

local function chunk_lines(n)
  local t = {}
  for i = 0, n - 1 do t[#t + 1] = "chunk " .. i .. "\n" end
  return table.concat(t)
end

return {
  {"chunked_download_read_all", function()
    local c, r = get("/chunked?n=300")
    assert(r.status == 200 and r.chunked and r.length == nil)
    assert(r:read() == chunk_lines(300))
    c:close()
  end},

  {"chunked_download_readline", function()
    local c, r = get("/chunked?n=5")
    local lines = {}
    for _ = 1, 10 do
      local l = r:readline()
      if l == "" then break end
      lines[#lines + 1] = l
    end
    assert(#lines == 5 and lines[1] == "chunk 0\n" and lines[5] == "chunk 4\n")
    c:close()
  end},

  {"chunked_download_read_n", function()
    local c, r = get("/chunked?n=40")
    local got = {}
    for _ = 1, 1000 do
      local p = r:read(7)
      assert(#p <= 7)
      if p == "" then break end
      got[#got + 1] = p
    end
    assert(table.concat(got) == chunk_lines(40))
    c:close()
  end},

  {"large_body", function()
    local n = 300000
    local c, r = get("/bytes?n=" .. n)
    assert(r.length == n)
    local first = r:read(100000)
    assert(#first == 100000)
    local rest = r:read()
    assert(first .. rest == H.pattern(n))
    c:close()
  end},

  {"readline_long", function()
    -- A line longer than the module's small buffer (E_RANGE, then the
    -- kept line in a buffer of its size).
    local c, r = get("/bytes?n=50000")
    assert(r:readline() == H.pattern(50000))
    assert(r:readline() == "")
    c:close()
  end},

  {"trailers", function()
    local c, r = get("/chunked?n=4&trailers=1")
    assert(r:trailers() == nil, "no trailers before the end of the body")
    assert(r:read() == chunk_lines(4))
    assert(r:trailers() == "X-Chunk-Count: 4\r\n", tostring(r:trailers()))
    c:close()
  end},

  {"readline_limit", function()
    local c, r = get("/chunked?n=2")
    assert(r:readline(3) == "chu")
    assert(r:readline() == "nk 0\n")
    assert(r:read() == "chunk 1\n")
    c:close()
  end},
}
