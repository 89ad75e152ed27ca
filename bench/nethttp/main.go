// Command nethttp is the Go net/http contender of make bench
// (bench/bench_python.py runs it): the same exchanges as the Python
// contenders, made with Go's own HTTP client on one kept-alive connection,
// for reference.
//
// Usage:
//
//	nethttp -port PORT -path PATH -mode MODE -ops N [-expect BYTES] [-post BYTES]
//
// MODE is one of:
//
//	read      GET PATH, the body read whole (io.ReadAll)
//	readinto  GET PATH, the body read into one 64 KiB buffer, piece by piece
//	headers   GET PATH, every header visited, the body read whole
//	post      POST PATH with a body of -post bytes (Content-Length), the
//	          answer read whole
//
// One untimed warm-up exchange opens the connection, then N timed ones.
// It prints one JSON object: wall_s and cpu_s (user + system time of the
// whole process) of the timed part, and maxrss_kb (the peak resident set).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"syscall"
	"time"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func maxRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss // KiB on Linux
}

func main() {
	port := flag.Int("port", 0, "the server's port on 127.0.0.1")
	path := flag.String("path", "/", "the request target")
	mode := flag.String("mode", "read", "read, readinto, headers or post")
	ops := flag.Int("ops", 1000, "timed exchanges")
	expect := flag.Int64("expect", -1, "the body's expected length (-1: any)")
	post := flag.Int("post", 1<<20, "the POST body's length")
	flag.Parse()
	if *port <= 0 || *ops <= 0 || *ops > 100000000 {
		fmt.Fprintln(os.Stderr, "nethttp: -port and -ops (1..1e8) are needed")
		os.Exit(2)
	}
	url := fmt.Sprintf("http://127.0.0.1:%d%s", *port, *path)
	tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	body := bytes.Repeat([]byte("x"), *post)
	buf := make([]byte, 64<<10)

	one := func() error {
		var resp *http.Response
		var err error
		if *mode == "post" {
			resp, err = client.Post(url, "application/octet-stream", bytes.NewReader(body))
		} else {
			resp, err = client.Get(url)
		}
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("%s: status %d", *path, resp.StatusCode)
		}
		var n int64
		switch *mode {
		case "readinto":
			for {
				k, err := resp.Body.Read(buf)
				n += int64(k)
				if err == io.EOF {
					break
				}
				if err != nil {
					return err
				}
			}
		case "headers", "read", "post":
			if *mode == "headers" {
				count := 0
				for _, vs := range resp.Header {
					count += len(vs)
				}
				if count == 0 {
					return fmt.Errorf("%s: no headers", *path)
				}
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			n = int64(len(b))
		default:
			return fmt.Errorf("unknown mode %q", *mode)
		}
		if *expect >= 0 && n != *expect {
			return fmt.Errorf("%s: %d bytes, expected %d", *path, n, *expect)
		}
		return nil
	}

	if err := one(); err != nil {
		fmt.Fprintln(os.Stderr, "nethttp:", err)
		os.Exit(1)
	}
	c0, w0 := cpuSeconds(), time.Now()
	for i := 0; i < *ops; i++ {
		if err := one(); err != nil {
			fmt.Fprintln(os.Stderr, "nethttp:", err)
			os.Exit(1)
		}
	}
	wall, cpu := time.Since(w0).Seconds(), cpuSeconds()-c0
	out, _ := json.Marshal(map[string]any{"wall_s": wall, "cpu_s": cpu, "maxrss_kb": maxRSS()})
	fmt.Println(string(out))
}
