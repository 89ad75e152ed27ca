package testsrv

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RootBody is the body served for GET /.
const RootBody = "hello from gohttp testsrv\n"

// CloseBody is the default body of /close.
const CloseBody = "this body ends when the server closes the connection\n"

// Route limits.
const (
	// MaxChunks is the most chunks /chunked sends.
	MaxChunks = 10000
	// MaxPatternBytes is the most bytes /bytes (and /close?n=) sends.
	MaxPatternBytes = 64 << 20
	// MaxSlow is the longest wait of /slow and of /chunked's delay_ms.
	MaxSlow = 10 * time.Second
)

// PatternByte returns byte i of the deterministic data served by /bytes:
// the lowercase alphabet repeated ('a' + i%26).
func PatternByte(i int) byte { return byte('a' + i%26) }

// Pattern returns the first n bytes of the deterministic data served by
// /bytes?n=N.
func Pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = PatternByte(i)
	}
	return b
}

// writePattern writes n pattern bytes to w.
func writePattern(w *bufio.Writer, n int) error {
	block := Pattern(26 * 2048) // multiple of 26, so every block starts with 'a'
	for n > 0 {
		m := min(n, len(block))
		if _, err := w.Write(block[:m]); err != nil {
			return err
		}
		n -= m
	}
	return nil
}

// queryPairs parses a raw query into ordered, unescaped pairs.
func queryPairs(raw string) [][2]string {
	var out [][2]string
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

func queryGet(pairs [][2]string, name string) (string, bool) {
	for _, kv := range pairs {
		if kv[0] == name {
			return kv[1], true
		}
	}
	return "", false
}

// queryInt returns the named integer parameter clamped to [lo, hi], def
// when absent, or ok=false when it is not a number.
func queryInt(pairs [][2]string, name string, def, lo, hi int) (int, bool) {
	v, present := queryGet(pairs, name)
	if !present || v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, false
	}
	return max(lo, min(n, hi)), true
}

// writeHead writes a status line, the Server header, hdrs and the blank line.
func writeHead(w *bufio.Writer, status int, hdrs [][2]string) {
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nServer: gohttp-testsrv\r\n", status, reasonPhrase(status))
	for _, kv := range hdrs {
		w.WriteString(kv[0])
		w.WriteString(": ")
		w.WriteString(kv[1])
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
}

// connHeader appends the Connection header the response needs.
func connHeader(req *request, hdrs [][2]string) [][2]string {
	if !req.keepAlive {
		return append(hdrs, [2]string{"Connection", "close"})
	}
	if req.Proto == "HTTP/1.0" {
		return append(hdrs, [2]string{"Connection", "keep-alive"})
	}
	return hdrs
}

// respond writes a complete response with Content-Length (omitting the body
// for HEAD, and both for 204/304) and reports whether to keep the connection.
func respond(w *bufio.Writer, req *request, status int, ctype string, body []byte, extra ...[2]string) bool {
	var hdrs [][2]string
	noBody := status == 204 || status == 304 || (status >= 100 && status < 200)
	if !noBody && ctype != "" {
		hdrs = append(hdrs, [2]string{"Content-Type", ctype})
	}
	hdrs = append(hdrs, extra...)
	if !noBody {
		hdrs = append(hdrs, [2]string{"Content-Length", strconv.Itoa(len(body))})
	}
	hdrs = connHeader(req, hdrs)
	writeHead(w, status, hdrs)
	if !noBody && req.Method != "HEAD" {
		w.Write(body)
	}
	return req.keepAlive
}

const textPlain = "text/plain; charset=utf-8"

// sleep waits d or until the server closes; it reports whether the full
// time elapsed.
func (s *Server) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.lc.done:
		return false
	}
}

// route serves req and reports whether the connection may be reused.
func (s *Server) route(w *bufio.Writer, req *request) bool {
	path, rawQuery := splitTarget(req.Target)
	q := queryPairs(rawQuery)
	if h, ok := s.opts.Handlers[path]; ok {
		rr := req.RecordedRequest.clone()
		keep := h(w, &rr)
		return keep && req.keepAlive
	}
	head := req.Method == "HEAD"
	switch {
	case path == "/":
		return respond(w, req, 200, textPlain, []byte(RootBody))

	case path == "/echo":
		headers := req.Headers
		if headers == nil {
			headers = [][2]string{}
		}
		trailers := req.Trailers
		if trailers == nil {
			trailers = [][2]string{}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(struct {
			Method   string      `json:"method"`
			Path     string      `json:"path"`
			Proto    string      `json:"proto"`
			Headers  [][2]string `json:"headers"`
			Body     string      `json:"body"`
			BodyLen  int         `json:"body_len"`
			Chunked  bool        `json:"chunked"`
			Trailers [][2]string `json:"trailers"`
		}{req.Method, req.Target, req.Proto, headers, string(req.Body), len(req.Body), req.Chunked, trailers})
		return respond(w, req, 200, "application/json", buf.Bytes())

	case path == "/chunked":
		n, ok := queryInt(q, "n", 3, 0, MaxChunks)
		delay, ok2 := queryInt(q, "delay_ms", 0, 0, int(MaxSlow/time.Millisecond))
		if !ok || !ok2 {
			return respond(w, req, 400, textPlain, []byte("bad n or delay_ms\n"))
		}
		_, trailers := queryGet(q, "trailers")
		if req.Proto == "HTTP/1.0" {
			// HTTP/1.0 clients do not understand chunked coding.
			var body []byte
			for i := 0; i < n; i++ {
				body = fmt.Appendf(body, "chunk %d\n", i)
			}
			return respond(w, req, 200, textPlain, body)
		}
		hdrs := [][2]string{{"Content-Type", textPlain}, {"Transfer-Encoding", "chunked"}}
		if trailers {
			hdrs = append(hdrs, [2]string{"Trailer", "X-Chunk-Count"})
		}
		writeHead(w, 200, connHeader(req, hdrs))
		if head {
			return req.keepAlive
		}
		for i := 0; i < n; i++ {
			if delay > 0 {
				if w.Flush() != nil || !s.sleep(time.Duration(delay)*time.Millisecond) {
					return false
				}
			}
			data := fmt.Sprintf("chunk %d\n", i)
			fmt.Fprintf(w, "%x\r\n%s\r\n", len(data), data)
		}
		w.WriteString("0\r\n")
		if trailers {
			fmt.Fprintf(w, "X-Chunk-Count: %d\r\n", n)
		}
		w.WriteString("\r\n")
		return req.keepAlive

	case path == "/bytes":
		n, ok := queryInt(q, "n", 1024, 0, MaxPatternBytes)
		if !ok {
			return respond(w, req, 400, textPlain, []byte("bad n\n"))
		}
		writeHead(w, 200, connHeader(req, [][2]string{{"Content-Type", "application/octet-stream"}, {"Content-Length", strconv.Itoa(n)}}))
		if !head {
			if writePattern(w, n) != nil {
				return false
			}
		}
		return req.keepAlive

	case strings.HasPrefix(path, "/status/"):
		code, err := strconv.Atoi(strings.TrimPrefix(path, "/status/"))
		if err != nil || code < 100 || code > 599 {
			return respond(w, req, 400, textPlain, []byte("status must be 100..599\n"))
		}
		return s.status(w, req, code, q)

	case path == "/close":
		n, ok := queryInt(q, "n", -1, 0, MaxPatternBytes)
		if !ok {
			return respond(w, req, 400, textPlain, []byte("bad n\n"))
		}
		writeHead(w, 200, [][2]string{{"Content-Type", textPlain}, {"Connection", "close"}})
		if !head {
			if n < 0 {
				w.WriteString(CloseBody)
			} else {
				_ = writePattern(w, n)
			}
		}
		return false

	case path == "/slow":
		ms, ok := queryInt(q, "ms", 1000, 0, int(MaxSlow/time.Millisecond))
		if !ok {
			return respond(w, req, 400, textPlain, []byte("bad ms\n"))
		}
		body := []byte(fmt.Sprintf("slept %d ms\n", ms))
		if stage, _ := queryGet(q, "stage"); stage == "body" {
			writeHead(w, 200, connHeader(req, [][2]string{{"Content-Type", textPlain}, {"Content-Length", strconv.Itoa(len(body))}}))
			if head {
				return req.keepAlive
			}
			if w.Flush() != nil || !s.sleep(time.Duration(ms)*time.Millisecond) {
				return false
			}
			w.Write(body)
			return req.keepAlive
		}
		if !s.sleep(time.Duration(ms) * time.Millisecond) {
			return false
		}
		return respond(w, req, 200, textPlain, body)

	case path == "/tlsinfo":
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(struct {
			SNI          string `json:"sni"`
			ALPN         string `json:"alpn"`
			TLSVersion   string `json:"tls_version"`
			ClientCertCN string `json:"client_cert_cn"`
		}{req.info.ServerName, req.info.ALPN, req.info.TLSVersion, req.info.ClientCertCN})
		return respond(w, req, 200, "application/json", buf.Bytes())

	case path == "/response-headers":
		var extra [][2]string
		for _, kv := range q {
			if strings.ContainsAny(kv[0]+kv[1], "\r\n") || kv[0] == "" || strings.ContainsAny(kv[0], " \t:") {
				return respond(w, req, 400, textPlain, []byte("bad header in query\n"))
			}
			switch strings.ToLower(kv[0]) {
			case "content-length", "transfer-encoding", "connection":
				continue
			}
			extra = append(extra, kv)
		}
		return respond(w, req, 200, textPlain, []byte("ok\n"), extra...)
	}
	return respond(w, req, 404, textPlain, []byte("not found\n"))
}

// status serves /status/NNN.
func (s *Server) status(w *bufio.Writer, req *request, code int, q [][2]string) bool {
	switch {
	case code == 101:
		writeHead(w, 101, [][2]string{{"Connection", "Upgrade"}, {"Upgrade", "gohttp-test"}})
		return false
	case code < 200:
		var hdrs [][2]string
		if code == 103 {
			hdrs = append(hdrs, [2]string{"Link", "</style.css>; rel=preload; as=style"})
		}
		writeHead(w, code, hdrs)
		if final, _ := queryGet(q, "final"); final == "0" {
			return req.keepAlive
		}
		return respond(w, req, 200, textPlain, []byte(fmt.Sprintf("final response after %d\n", code)))
	}
	var extra [][2]string
	switch {
	case code == 401:
		extra = append(extra, [2]string{"WWW-Authenticate", `Basic realm="gohttp"`})
	case code >= 300 && code < 400 && code != 304:
		extra = append(extra, [2]string{"Location", "/"})
	}
	return respond(w, req, code, textPlain, []byte(fmt.Sprintf("%d %s\n", code, reasonPhrase(code))), extra...)
}
