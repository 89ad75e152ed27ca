"""get.py: one GET request with gohttp.client, the drop-in for http.client.

    python3 get.py [host[:port]] [path]      (default 127.0.0.1:8080 /)
"""
import sys

from gohttp import client  # instead of: from http import client

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8080"
path = sys.argv[2] if len(sys.argv) > 2 else "/"

conn = client.HTTPConnection(host, timeout=10)
conn.request("GET", path, headers={"User-Agent": "gohttp-example/1"})
resp = conn.getresponse()
print("HTTP/%s %d %s" % ("1.0" if resp.version == 10 else "1.1", resp.status, resp.reason))
for name, value in resp.getheaders():
    print("%s: %s" % (name, value))
print()
sys.stdout.write(resp.read().decode("utf-8", "replace"))
conn.close()
