-- The library's describing functions.
local gohttp = require("gohttp")
local C = gohttp.C

return {
  {"version", function()
    assert(gohttp.version():match("^1%.%d+%.%d+ "), gohttp.version())
    assert(gohttp.version_number() >= 10000 and gohttp.version_number() < 20000)
  end},

  {"codes", function()
    assert(gohttp.errname(C.GOHTTP_E_TIMEOUT) == "GOHTTP_E_TIMEOUT")
    assert(gohttp.errname(C.GOHTTP_E_OS) == "GOHTTP_E_OS")
    assert(#gohttp.strerror(C.GOHTTP_E_TIMEOUT) > 0)
    assert(gohttp.status_phrase(404) == "Not Found")
    assert(gohttp.status_phrase(299) == nil)
  end},
}
