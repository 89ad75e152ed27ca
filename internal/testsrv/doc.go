// Package testsrv provides local servers for gohttp's tests and demos.
//
// Everything here uses only the Go standard library and listens only on
// loopback addresses (127.0.0.1 by default, or ::1 / localhost when asked).
// Every server stops when its Close method is called and also closes itself
// after a lifetime deadline, so a forgotten server cannot outlive a test run
// by much.
//
// The pieces are:
//
//   - NewPKI, which generates a throw-away certificate hierarchy at run time
//     (ECDSA P-256) and writes it as PEM files: a CA, a good leaf for
//     localhost/127.0.0.1/::1, an expired leaf, a leaf for the wrong host, a
//     self-signed leaf, a client CA and a client certificate (with a plain and
//     a legacy-encrypted private key).
//   - Start, which runs a small hand-written HTTP/1.1 server (plain or TLS)
//     that records the exact bytes it receives and serves a fixed set of
//     routes useful for client tests (/echo, /chunked, /bytes, /status/NNN,
//     /close, /slow, /tlsinfo and more).
//   - StartProxy, which runs an HTTP CONNECT proxy with optional Basic
//     credentials that only tunnels to loopback targets.
//   - StartStall, which runs a TCP listener that accepts connections and
//     never writes to them.
package testsrv
