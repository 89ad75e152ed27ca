// Command server runs gohttp's local test servers for demos and tests.
//
// It listens on loopback only, on ephemeral ports (the plain HTTP server on
// -http-port when that is given): a plain HTTP server, an
// HTTPS server with a CA-signed certificate, an HTTPS server that requires a
// client certificate, HTTPS servers with an expired, a wrong-host and a
// self-signed certificate, an HTTP CONNECT proxy and a stall listener that
// accepts connections and never answers. The certificates are generated at
// start-up into -dir.
//
// Usage:
//
//	server [-dir DIR] [-ports FILE] [-lifetime 300s] [-stdin-exit]
//	       [-proxy-user USER -proxy-pass PASS] [-host 127.0.0.1]
//	       [-http-port PORT]
//
// Once every listener is up, the port numbers and certificate paths are
// written as one JSON object to the -ports file (atomically: a temporary
// file in the same directory, then a rename), and one line per listener is
// printed to stderr. The program exits by itself after -lifetime, on SIGINT
// or SIGTERM, and, with -stdin-exit, when standard input reaches EOF. On
// exit it removes the ports file and, when -dir was not given, the
// generated certificate directory. It exits with status 0 in all these
// cases and 1 when it cannot start.
//
// Example from a shell script:
//
//	go build -o build/testsrv ./examples/server
//	rm -f build/ports.json
//	build/testsrv -ports build/ports.json -lifetime 120s & pid=$!
//	while [ ! -s build/ports.json ]; do sleep 0.1; done
//	... run examples using build/ports.json ...
//	kill $pid; wait $pid
//
// For trying the README's examples by hand (make serve):
//
//	build/bin/testsrv -http-port 8080 -lifetime 1h
package main

import (
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
	"syscall"
	"time"

	"github.com/gohttp/gohttp/internal/testsrv"
)

// ports is the JSON document written to the -ports file.
type ports struct {
	Host               string `json:"host"`
	HTTP               int    `json:"http"`
	HTTPS              int    `json:"https"`
	HTTPSClientAuth    int    `json:"https_client_auth"`
	HTTPSExpired       int    `json:"https_expired"`
	HTTPSWrongHost     int    `json:"https_wrong_host"`
	HTTPSSelfSigned    int    `json:"https_self_signed"`
	Proxy              int    `json:"proxy"`
	Stall              int    `json:"stall"`
	ProxyUser          string `json:"proxy_user"`
	ProxyPass          string `json:"proxy_pass"`
	Dir                string `json:"dir"`
	CA                 string `json:"ca"`
	ClientCA           string `json:"client_ca"`
	ClientCert         string `json:"client_cert"`
	ClientKey          string `json:"client_key"`
	ClientKeyEncrypted string `json:"client_key_encrypted"`
	ClientKeyPassword  string `json:"client_key_password"`
	PID                int    `json:"pid"`
}

func main() {
	os.Exit(run())
}

func run() int {
	dir := flag.String("dir", "", "directory for the generated PEM files (default: a new temporary directory, removed on exit)")
	portsFile := flag.String("ports", "", "write listener ports and certificate paths as JSON to this file once all listeners are up")
	lifetime := flag.Duration("lifetime", 300*time.Second, "exit by itself after this long")
	stdinExit := flag.Bool("stdin-exit", false, "exit when standard input reaches EOF")
	proxyUser := flag.String("proxy-user", "", "require this Basic user name on the CONNECT proxy")
	proxyPass := flag.String("proxy-pass", "", "password for -proxy-user")
	host := flag.String("host", "127.0.0.1", "loopback host to listen on: 127.0.0.1, ::1 or localhost")
	httpPort := flag.Int("http-port", 0, "port of the plain HTTP server (default 0: a free port chosen by the system)")
	flag.Parse()

	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "testsrv: "+format+"\n", args...) }
	if flag.NArg() > 0 {
		logf("unexpected arguments: %v", flag.Args())
		return 1
	}
	if *lifetime <= 0 {
		logf("-lifetime must be positive")
		return 1
	}
	if *httpPort < 0 || *httpPort > 65535 {
		logf("-http-port must be 0..65535, not %d", *httpPort)
		return 1
	}
	if *proxyPass != "" && *proxyUser == "" {
		logf("-proxy-pass needs -proxy-user")
		return 1
	}

	// A stale ports file must not be mistaken for this run's.
	if *portsFile != "" {
		if err := os.Remove(*portsFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			logf("removing old ports file: %v", err)
			return 1
		}
	}

	pkiDir := *dir
	if pkiDir == "" {
		d, err := os.MkdirTemp("", "gohttp-testsrv-")
		if err != nil {
			logf("%v", err)
			return 1
		}
		pkiDir = d
		defer os.RemoveAll(d)
	}
	pki, err := testsrv.NewPKI(pkiDir)
	if err != nil {
		logf("generating certificates: %v", err)
		return 1
	}

	// The servers outlive the program's own deadline slightly, so the
	// program's timer is what normally ends the run.
	srvLifetime := *lifetime + 5*time.Second
	addr := joinHostPort(*host, 0)
	var closers []func() error
	defer func() {
		for i := len(closers) - 1; i >= 0; i-- {
			_ = closers[i]()
		}
	}()
	var dones []<-chan struct{}

	startServer := func(name string, opts testsrv.Options) (*testsrv.Server, bool) {
		if opts.Addr == "" {
			opts.Addr = addr
		}
		opts.Lifetime = srvLifetime
		s, err := testsrv.Start(opts)
		if err != nil {
			logf("starting %s server: %v", name, err)
			return nil, false
		}
		closers = append(closers, s.Close)
		dones = append(dones, s.Done())
		logf("%-18s listening on %s (%s)", name, s.Addr(), s.URL())
		return s, true
	}

	p := ports{
		Host:               *host,
		ProxyUser:          *proxyUser,
		ProxyPass:          *proxyPass,
		Dir:                pki.Dir,
		CA:                 pki.CAFile,
		ClientCA:           pki.ClientCAFile,
		ClientCert:         pki.ClientCertFile,
		ClientKey:          pki.ClientKeyFile,
		ClientKeyEncrypted: pki.ClientEncKeyFile,
		ClientKeyPassword:  testsrv.KeyPassword,
		PID:                os.Getpid(),
	}
	for _, spec := range []struct {
		name string
		opts testsrv.Options
		port *int
	}{
		{"http", testsrv.Options{Addr: joinHostPort(*host, *httpPort)}, &p.HTTP},
		{"https", testsrv.Options{Cert: pki.Leaf}, &p.HTTPS},
		{"https_client_auth", testsrv.Options{Cert: pki.Leaf, RequireClientCert: true, ClientCAs: pki.ClientCAPool}, &p.HTTPSClientAuth},
		{"https_expired", testsrv.Options{Cert: pki.Expired}, &p.HTTPSExpired},
		{"https_wrong_host", testsrv.Options{Cert: pki.WrongHost}, &p.HTTPSWrongHost},
		{"https_self_signed", testsrv.Options{Cert: pki.SelfSigned}, &p.HTTPSSelfSigned},
	} {
		s, ok := startServer(spec.name, spec.opts)
		if !ok {
			return 1
		}
		*spec.port = s.Port()
	}

	px, err := testsrv.StartProxy(testsrv.ProxyOptions{Addr: addr, Username: *proxyUser, Password: *proxyPass, Lifetime: srvLifetime})
	if err != nil {
		logf("starting proxy: %v", err)
		return 1
	}
	closers = append(closers, px.Close)
	dones = append(dones, px.Done())
	p.Proxy = px.Port()
	auth := "no auth"
	if *proxyUser != "" {
		auth = "Basic auth as " + *proxyUser
	}
	logf("%-18s listening on %s (CONNECT proxy, %s)", "proxy", px.Addr(), auth)

	st, err := testsrv.StartStall(testsrv.StallOptions{Addr: addr, Lifetime: srvLifetime})
	if err != nil {
		logf("starting stall listener: %v", err)
		return 1
	}
	closers = append(closers, st.Close)
	dones = append(dones, st.Done())
	p.Stall = st.Port()
	logf("%-18s listening on %s (accepts, never answers)", "stall", st.Addr())

	if *portsFile != "" {
		if err := writeAtomically(*portsFile, p); err != nil {
			logf("writing ports file: %v", err)
			return 1
		}
		defer os.Remove(*portsFile)
		logf("ports written to %s", *portsFile)
	}
	logf("CA certificate: %s; exiting after %s", pki.CAFile, *lifetime)

	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigc)

	stdinEOF := make(chan struct{})
	if *stdinExit {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(stdinEOF)
		}()
	}

	serverDown := make(chan struct{}, len(dones))
	for _, d := range dones {
		go func() {
			<-d
			serverDown <- struct{}{}
		}()
	}

	timer := time.NewTimer(*lifetime)
	defer timer.Stop()
	select {
	case <-timer.C:
		logf("lifetime of %s reached, exiting", *lifetime)
	case sig := <-sigc:
		logf("received %v, exiting", sig)
	case <-stdinEOF:
		logf("standard input closed, exiting")
	case <-serverDown:
		logf("a listener stopped unexpectedly, exiting")
	}
	return 0
}

// joinHostPort returns the listen address for host and port (0: a port
// chosen by the system).
func joinHostPort(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// writeAtomically writes v as JSON to path via a temporary file in the same
// directory and a rename, so readers never see a partial file.
func writeAtomically(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
