package core_test

import (
	"bufio"
	"fmt"
	"net"
	"strings"

	"github.com/gohttp/gohttp/core"
)

// serveOnce answers one request on a fresh 127.0.0.1 listener and returns
// its address.
func serveOnce(reply string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		defer ln.Close()
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil || line == "\r\n" {
				break
			}
		}
		c.Write([]byte(reply))
	}()
	return ln.Addr().String()
}

// A GET request and its response, as with http.client.
func Example() {
	addr := serveOnce("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
	conn, err := core.NewConn(addr, -1) // port from "host:port"
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	err = conn.Request("GET", "/", []core.RequestHeader{
		{Name: []byte("User-Agent"), Value: []byte("example")},
	}, nil, false)
	if err != nil {
		panic(err)
	}
	resp, err := conn.GetResponse()
	if err != nil {
		panic(err)
	}
	body, err := resp.ReadAll()
	if err != nil {
		panic(err)
	}
	ct, _ := resp.Headers.Join("content-type")
	fmt.Println(resp.Status, resp.Reason, ct, string(body))
	// Output: 200 OK text/plain hello
}

// Errors are typed after http.client's exceptions.
func Example_errors() {
	addr := serveOnce("HTTP/2.0 200 OK\r\n\r\n")
	conn, _ := core.NewConn(addr, -1)
	defer conn.Close()
	conn.Request("GET", "/", nil, nil, false)
	_, err := conn.GetResponse()
	if e, ok := err.(*core.UnknownProtocolError); ok {
		fmt.Println("UnknownProtocol:", e.Version)
	}
	_, err = core.NewConn("example.org:http", -1)
	fmt.Println(strings.TrimPrefix(err.Error(), "core: "))
	// Output:
	// UnknownProtocol: HTTP/2.0
	// nonnumeric port: 'http'
}
