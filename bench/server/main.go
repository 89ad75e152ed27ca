// Command server is a minimal, fast HTTP/1.1 server for gohttp's
// benchmarks, so that the server is not what a client benchmark measures.
//
// It listens on 127.0.0.1 only, keeps connections alive, and answers from
// canned responses built once:
//
//	GET /              the 26-byte body of testsrv's /
//	GET /headers?n=H   the body of / after H extra headers "X-Header-NN:
//	                   value number NN, with some text" (H <= 200)
//	GET /bytes?n=N     N bytes of testsrv's pattern ('a' + i%26), N <= 4 GiB
//	                   (the pattern restarts every 52 MiB)
//	GET /chunked?n=K   K chunks "chunk I\n", as testsrv's /chunked
//	GET /chunked?bytes=N&size=C
//	                   N bytes of the pattern in chunks of C bytes (the last
//	                   one shorter), N <= 64 MiB, 1 <= C
//	GET /slow?ms=M     the body of / after waiting M ms (M <= 10000)
//	POST (any path)    the body is read and discarded (Content-Length or
//	                   chunked); the answer is "N\n", N the bytes received
//
// A request with "Connection: close" (or HTTP/1.0 without keep-alive) gets
// "Connection: close" and the socket is closed after the response.
//
// Usage:
//
//	server [-ports FILE] [-lifetime 120s]
//
// Once listening it writes {"host": "127.0.0.1", "http": PORT} to the -ports
// file (a temporary file, then a rename) and exits by itself after
// -lifetime, on SIGINT or SIGTERM, removing the file.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

const (
	rootBody    = "hello from gohttp testsrv\n"
	patternLen  = 26 << 21 // 52 MiB, a whole number of the 26-letter period
	maxBytes    = 4 << 30
	maxChunked  = 64 << 20
	maxHeaders  = 200
	maxChunks   = 100000
	maxBody     = 256 << 20
	maxSlowMS   = 10000
	idleTimeout = 30 * time.Second
	bufSize     = 64 << 10
)

var (
	pattern     []byte // patternLen bytes of 'a' + i%26, built on first use
	patternOnce sync.Once
	chunkedMu   sync.Mutex
	chunked     = map[[2]int][]byte{} // {K, 0} or {N, C} -> whole chunked body
	headersMu   sync.Mutex
	headersResp = map[[2]int][]byte{} // {H, close} -> whole /headers?n=H response
)

func getPattern() []byte {
	patternOnce.Do(func() {
		pattern = make([]byte, patternLen)
		for i := range pattern {
			pattern[i] = byte('a' + i%26)
		}
	})
	return pattern
}

func chunkedBody(k int) []byte {
	chunkedMu.Lock()
	defer chunkedMu.Unlock()
	if b, ok := chunked[[2]int{k, 0}]; ok {
		return b
	}
	var buf bytes.Buffer
	for i := 0; i < k; i++ {
		data := fmt.Sprintf("chunk %d\n", i)
		fmt.Fprintf(&buf, "%x\r\n%s\r\n", len(data), data)
	}
	buf.WriteString("0\r\n\r\n")
	chunked[[2]int{k, 0}] = buf.Bytes()
	return buf.Bytes()
}

// chunkedBytes is n bytes of the pattern in chunks of size bytes, encoded.
func chunkedBytes(n, size int) []byte {
	chunkedMu.Lock()
	defer chunkedMu.Unlock()
	key := [2]int{n, size}
	if b, ok := chunked[key]; ok {
		return b
	}
	p := getPattern()
	buf := make([]byte, 0, n+(n/size+1)*16+8)
	for off := 0; off < n; off += size {
		c := min(size, n-off)
		buf = strconv.AppendInt(buf, int64(c), 16)
		buf = append(buf, "\r\n"...)
		buf = append(buf, p[off:off+c]...)
		buf = append(buf, "\r\n"...)
	}
	buf = append(buf, "0\r\n\r\n"...)
	chunked[key] = buf
	return buf
}

// headersResponse is the response of /headers?n=h.
func headersResponse(h int, close bool) []byte {
	headersMu.Lock()
	defer headersMu.Unlock()
	key := [2]int{h, 0}
	if close {
		key[1] = 1
	}
	if b, ok := headersResp[key]; ok {
		return b
	}
	b := head("200 OK", "text/plain; charset=utf-8", len(rootBody), close)
	b = b[:len(b)-2] // before the blank line
	for i := 0; i < h; i++ {
		b = fmt.Appendf(b, "X-Header-%02d: value number %d, with some text\r\n", i, i)
	}
	b = append(b, "\r\n"...)
	b = append(b, rootBody...)
	headersResp[key] = b
	return b
}

// writePattern writes n bytes of the pattern, restarting it as needed.
func writePattern(w *bufio.Writer, n int) error {
	p := getPattern()
	for n > 0 {
		c := min(n, len(p))
		if _, err := w.Write(p[:c]); err != nil {
			return err
		}
		n -= c
	}
	return nil
}

// head returns a status line and headers up to the blank line; length -1
// means chunked.
func head(status string, ctype string, length int, close bool) []byte {
	b := make([]byte, 0, 160)
	b = append(b, "HTTP/1.1 "...)
	b = append(b, status...)
	b = append(b, "\r\nServer: gohttp-bench\r\nContent-Type: "...)
	b = append(b, ctype...)
	if length >= 0 {
		b = append(b, "\r\nContent-Length: "...)
		b = strconv.AppendInt(b, int64(length), 10)
	} else {
		b = append(b, "\r\nTransfer-Encoding: chunked"...)
	}
	if close {
		b = append(b, "\r\nConnection: close"...)
	}
	return append(b, "\r\n\r\n"...)
}

var (
	rootKeep  = append(head("200 OK", "text/plain; charset=utf-8", len(rootBody), false), rootBody...)
	rootClose = append(head("200 OK", "text/plain; charset=utf-8", len(rootBody), true), rootBody...)
)

type request struct {
	method, target string
	http10         bool
	length         int64 // -1 if none
	chunked        bool
	close          bool
}

// readRequest reads one request head. io.EOF means the client closed
// between requests.
func readRequest(r *bufio.Reader) (*request, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		if err == io.EOF && len(line) == 0 {
			return nil, io.EOF
		}
		return nil, err
	}
	line = bytes.TrimRight(line, "\r\n")
	m, rest, ok1 := bytes.Cut(line, []byte(" "))
	t, proto, ok2 := bytes.Cut(rest, []byte(" "))
	if !ok1 || !ok2 {
		return nil, errors.New("bad request line")
	}
	req := &request{method: string(m), target: string(t), length: -1}
	req.http10 = string(proto) == "HTTP/1.0"
	keepAlive10 := false
	for n := 0; ; n++ {
		if n > 200 {
			return nil, errors.New("too many headers")
		}
		h, err := r.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			continue
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			v, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || v < 0 {
				return nil, errors.New("bad Content-Length")
			}
			req.length = v
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			req.chunked = bytes.Contains(bytes.ToLower(value), []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			lv := bytes.ToLower(value)
			if bytes.Contains(lv, []byte("close")) {
				req.close = true
			}
			if bytes.Contains(lv, []byte("keep-alive")) {
				keepAlive10 = true
			}
		}
	}
	if req.http10 && !keepAlive10 {
		req.close = true
	}
	return req, nil
}

// readBody reads and discards the request body, returning its size.
func readBody(r *bufio.Reader, req *request) (int64, error) {
	if req.chunked {
		var total int64
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				return total, err
			}
			line = bytes.TrimRight(line, "\r\n")
			if i := bytes.IndexByte(line, ';'); i >= 0 {
				line = line[:i]
			}
			size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
			if err != nil || size < 0 || total+size > maxBody {
				return total, errors.New("bad chunk size")
			}
			if size == 0 {
				for { // trailers up to the blank line
					t, err := r.ReadSlice('\n')
					if err != nil {
						return total, err
					}
					if len(bytes.TrimRight(t, "\r\n")) == 0 {
						return total, nil
					}
				}
			}
			if _, err := r.Discard(int(size)); err != nil {
				return total, err
			}
			total += size
			if _, err := r.Discard(2); err != nil {
				return total, err
			}
		}
	}
	if req.length > 0 {
		if req.length > maxBody {
			return 0, errors.New("body too large")
		}
		n, err := r.Discard(int(req.length))
		return int64(n), err
	}
	return 0, nil
}

func queryInt(target, name string, def, hi int) int {
	_, q, ok := bytes.Cut([]byte(target), []byte("?"))
	if !ok {
		return def
	}
	for _, kv := range bytes.Split(q, []byte("&")) {
		k, v, _ := bytes.Cut(kv, []byte("="))
		if string(k) == name {
			n, err := strconv.Atoi(string(v))
			if err != nil || n < 0 {
				return def
			}
			return min(n, hi)
		}
	}
	return def
}

func path(target string) string {
	if i := bytes.IndexByte([]byte(target), '?'); i >= 0 {
		return target[:i]
	}
	return target
}

// respond writes the response to req into w.
func respond(w *bufio.Writer, req *request, received int64) {
	p := path(req.target)
	switch {
	case req.method == "POST" || req.method == "PUT":
		body := strconv.AppendInt(nil, received, 10)
		body = append(body, '\n')
		w.Write(head("200 OK", "text/plain", len(body), req.close))
		w.Write(body)
	case p == "/":
		if req.close {
			w.Write(rootClose)
		} else {
			w.Write(rootKeep)
		}
	case p == "/slow":
		time.Sleep(time.Duration(queryInt(req.target, "ms", 0, maxSlowMS)) * time.Millisecond)
		if req.close {
			w.Write(rootClose)
		} else {
			w.Write(rootKeep)
		}
	case p == "/headers":
		w.Write(headersResponse(queryInt(req.target, "n", 50, maxHeaders), req.close))
	case p == "/bytes":
		n := queryInt(req.target, "n", 1024, maxBytes)
		w.Write(head("200 OK", "application/octet-stream", n, req.close))
		if req.method != "HEAD" {
			writePattern(w, n)
		}
	case p == "/chunked":
		body, ctype := []byte(nil), "text/plain; charset=utf-8"
		if n := queryInt(req.target, "bytes", -1, maxChunked); n >= 0 {
			body = chunkedBytes(n, max(1, queryInt(req.target, "size", 16<<10, maxChunked)))
			ctype = "application/octet-stream"
		} else {
			body = chunkedBody(queryInt(req.target, "n", 3, maxChunks))
		}
		w.Write(head("200 OK", ctype, -1, req.close))
		if req.method != "HEAD" {
			w.Write(body)
		}
	default:
		w.Write(head("404 Not Found", "text/plain", 10, req.close))
		w.WriteString("not found\n")
	}
}

func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReaderSize(c, bufSize)
	w := bufio.NewWriterSize(c, bufSize)
	for {
		c.SetReadDeadline(time.Now().Add(idleTimeout))
		req, err := readRequest(r)
		if err != nil {
			return
		}
		n, err := readBody(r, req)
		if err != nil {
			return
		}
		respond(w, req, n)
		// Flush unless another pipelined request is already waiting.
		if req.close || r.Buffered() == 0 {
			if w.Flush() != nil {
				return
			}
		}
		if req.close {
			return
		}
	}
}

func writePorts(file string, port int) error {
	b, _ := json.Marshal(map[string]any{"host": "127.0.0.1", "http": port})
	tmp, err := os.CreateTemp(filepath.Dir(file), ".ports-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	tmp.Close()
	return os.Rename(tmp.Name(), file)
}

func main() {
	portsFile := flag.String("ports", "", "write {\"http\": PORT} to this JSON file")
	lifetime := flag.Duration("lifetime", 120*time.Second, "exit after this long")
	flag.Parse()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench server:", err)
		os.Exit(1)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	exit := func() {
		if *portsFile != "" {
			os.Remove(*portsFile)
		}
		os.Exit(0)
	}
	if *portsFile != "" {
		if err := writePorts(*portsFile, port); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
	}
	fmt.Fprintf(os.Stderr, "bench server: http://127.0.0.1:%d (exits in %s)\n", port, *lifetime)
	time.AfterFunc(*lifetime, exit)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-sig; exit() }()

	for {
		c, err := ln.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			fmt.Fprintln(os.Stderr, "bench server:", err)
			return
		}
		go serve(c)
	}
}
