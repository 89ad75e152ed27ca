package core

import (
	"bytes"
	"strconv"
	"strings"
)

// SetTunnel makes the connection go through an HTTP CONNECT tunnel:
// http.client's set_tunnel. The connection's own Host/Port are the
// proxy's; host and port (port < 0: parsed from host) name the end of the
// tunnel. headers are sent with the CONNECT, and "Host: host:port" is
// added unless one is given. It fails with a RuntimeError once a socket is
// open, and with a ValueError for control characters in the host or the
// headers (later CPython hardening, behaviour.md HC-T3).
func (c *Conn) SetTunnel(host string, port int, headers []Header) error {
	if c.sock != nil {
		return &RuntimeError{Msg: "Can't set up tunnel for established connection"}
	}
	h, p, err := splitHostPort(host, port, c.DefaultPort)
	if err != nil {
		return err
	}
	for i := 0; i < len(h); i++ {
		if h[i] < 0x20 || h[i] == 0x7f || h[i] == ' ' {
			return &ValueError{Msg: "Tunnel host can't contain control characters. " + pyReprStr(h)}
		}
	}
	hs := make([]Header, 0, len(headers)+1)
	hasHost := false
	for _, hd := range headers {
		if !legalHeaderName([]byte(hd.Name)) {
			return &ValueError{Msg: "Invalid tunnel header name " + pyReprStr(hd.Name)}
		}
		for i := 0; i < len(hd.Value); i++ {
			if ch := hd.Value[i]; ch == '\r' || ch == '\n' || ch == 0 {
				return &ValueError{Msg: "Invalid tunnel header value " + pyReprStr(hd.Value)}
			}
		}
		hasHost = hasHost || asciiLower(hd.Name) == "host"
		hs = append(hs, hd)
	}
	if !hasHost {
		hs = append(hs, Header{Name: "Host", Value: idnaEncode(h) + ":" + strconv.Itoa(p)})
	}
	c.tunnelHost, c.tunnelPort, c.tunnelHeaders = h, p, hs
	return nil
}

// TunnelHost returns the tunnel's host and port, or "" when none is set.
func (c *Conn) TunnelHost() (string, int) { return c.tunnelHost, c.tunnelPort }

// ProxyResponseHeaders returns the raw header lines of the proxy's answer
// to the last CONNECT (get_proxy_response_headers), and false when no
// CONNECT has been sent.
func (c *Conn) ProxyResponseHeaders() ([]byte, bool) {
	if !c.proxyHeadersSet {
		return nil, false
	}
	return c.proxyRaw, true
}

// tunnel is http.client's _tunnel, run on a fresh socket: one send of the
// CONNECT request, then the proxy's status line and headers read with the
// usual limits. A status other than 200 closes the connection and fails
// with "Tunnel connection failed: <code> <reason>".
func (c *Conn) tunnel(s *sock) error {
	host := idnaEncode(c.tunnelHost)
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	var req bytes.Buffer
	req.WriteString("CONNECT " + host + ":" + strconv.Itoa(c.tunnelPort) + " " + c.versionString() + "\r\n")
	for _, h := range c.tunnelHeaders {
		req.WriteString(h.Name + ": " + h.Value + "\r\n")
	}
	req.WriteString("\r\n")
	if c.DebugLevel > 0 {
		c.debugf("send:", pyReprBytes(req.Bytes()))
	}
	if err := s.writeAll(req.Bytes()); err != nil {
		return err
	}
	r := newResponse(s.ref(), c.method, c)
	r.debug = nil
	defer r.Close()
	_, status, reason, err := r.readStatus()
	if err != nil {
		return err
	}
	lines, raw, err := readHeaderLines(r.fp, r.maxLine, r.maxHeaders, "header line")
	if err != nil {
		return err
	}
	for _, l := range lines {
		if c.DebugLevel > 0 {
			c.debugf("header:", string(l))
		}
	}
	c.proxyRaw, c.proxyHeadersSet = raw, true
	if status != 200 {
		return &TunnelError{Status: status, Reason: pyStrip(reason)}
	}
	return nil
}

// Tunnel runs the CONNECT handshake on the socket already open: http.client's
// _tunnel, for hosts that open the socket themselves and then call it
// (urllib3's connect does). A refusal closes the connection, as Connect does.
func (c *Conn) Tunnel() error {
	if c.sock == nil {
		return ErrNotConnected
	}
	if c.tunnelHost == "" {
		return &ValueError{Msg: "no tunnel is set"}
	}
	err := c.tunnel(c.sock)
	if _, refused := err.(*TunnelError); refused {
		c.Close()
	}
	return err
}

// ClearTunnel forgets the tunnel set by SetTunnel (urllib3 resets
// _tunnel_host when it closes a connection).
func (c *Conn) ClearTunnel() {
	c.tunnelHost, c.tunnelPort, c.tunnelHeaders = "", 0, nil
}
