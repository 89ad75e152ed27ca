package core

import (
	"errors"
	"fmt"
	"strconv"
)

// The sentinel errors and error types below are named after the
// http.client exception each one stands for, so that every binding can
// raise exactly what http.client would.

// HTTPError is the base error: http.client.HTTPException. Errors that have
// no more specific class (too many headers, too many interim responses)
// are plain *HTTPError values.
type HTTPError struct{ Msg string }

func (e *HTTPError) Error() string { return "core: " + e.Msg }

// ErrNotConnected is http.client.NotConnected: auto-open is off and there
// is no socket.
var ErrNotConnected = errors.New("core: not connected")

// InvalidURLError is http.client.InvalidURL.
type InvalidURLError struct{ Msg string }

func (e *InvalidURLError) Error() string { return "core: " + e.Msg }

// UnknownProtocolError is http.client.UnknownProtocol; Version is the
// version text of the status line.
type UnknownProtocolError struct{ Version string }

func (e *UnknownProtocolError) Error() string {
	return "core: unknown protocol " + pyReprStr(e.Version)
}

// IncompleteReadError is http.client.IncompleteRead: Partial holds the
// bytes read before the body ended and Expected the number still missing,
// or -1 where http.client says None.
type IncompleteReadError struct {
	Partial  []byte
	Expected int64
}

func (e *IncompleteReadError) Error() string {
	if e.Expected >= 0 {
		return fmt.Sprintf("core: IncompleteRead(%d bytes read, %d more expected)", len(e.Partial), e.Expected)
	}
	return fmt.Sprintf("core: IncompleteRead(%d bytes read)", len(e.Partial))
}

// StateError is one of http.client's ImproperConnectionState subclasses.
// State holds the state name carried in the exception's args, or "" where
// http.client raises it without arguments.
type StateError struct {
	Kind  StateErrorKind
	State string
}

// StateErrorKind names the ImproperConnectionState subclass.
type StateErrorKind int

// The ImproperConnectionState subclasses.
const (
	CannotSendRequest StateErrorKind = iota + 1
	CannotSendHeader
	ResponseNotReady
)

func (e *StateError) Error() string {
	name := [...]string{"", "cannot send request", "cannot send header", "response not ready"}[e.Kind]
	if e.State == "" {
		return "core: " + name
	}
	return "core: " + name + " (" + e.State + ")"
}

// BadStatusLineError is http.client.BadStatusLine; Line is the status line
// as received, CRLF included, decoded as latin-1.
type BadStatusLineError struct{ Line string }

func (e *BadStatusLineError) Error() string { return "core: bad status line " + pyReprStr(e.Line) }

// LineTooLongError is http.client.LineTooLong; What is "status line",
// "header line", "chunk size" or "trailer line".
type LineTooLongError struct {
	What  string
	Limit int
}

func (e *LineTooLongError) Error() string {
	return "core: got more than " + strconv.Itoa(e.Limit) + " bytes when reading " + e.What
}

// ErrRemoteDisconnected is http.client.RemoteDisconnected: the server
// closed the connection before sending a status line.
var ErrRemoteDisconnected = errors.New("core: Remote end closed connection without response")

// ValueError is Python's ValueError, raised for control characters in the
// method, an invalid header name or value, and a bad set_tunnel host.
type ValueError struct{ Msg string }

func (e *ValueError) Error() string { return "core: " + e.Msg }

// OverflowError is Python's OverflowError, raised by connect when the
// port is outside 0..65535.
type OverflowError struct{ Msg string }

func (e *OverflowError) Error() string { return "core: " + e.Msg }

// EncodeError is Python's UnicodeEncodeError: text that must be ASCII
// (the request line, a header name) is not. Field names the part.
type EncodeError struct {
	Field string
	Pos   int
}

func (e *EncodeError) Error() string {
	return fmt.Sprintf("core: %s is not ASCII (byte %d)", e.Field, e.Pos)
}

// RuntimeError is Python's RuntimeError (set_tunnel on an open connection).
type RuntimeError struct{ Msg string }

func (e *RuntimeError) Error() string { return "core: " + e.Msg }

// TunnelError is the OSError http.client raises when a proxy refuses a
// CONNECT: "Tunnel connection failed: 407 Proxy Authentication Required".
type TunnelError struct {
	Status int
	Reason string
}

func (e *TunnelError) Error() string {
	return fmt.Sprintf("Tunnel connection failed: %d %s", e.Status, e.Reason)
}

// BodyError reports that the caller's body source failed; Err is what it
// returned.
type BodyError struct{ Err error }

func (e *BodyError) Error() string { return "core: request body: " + e.Err.Error() }
func (e *BodyError) Unwrap() error { return e.Err }

// TooLargeError reports data that would take more memory than its limit
// allows: a response body or line read into memory (Conn.MaxBody), or a
// CA, certificate or key file (MaxFileSize). It stands for Python's
// MemoryError, which http.client would meet first. A response that fails
// with it has closed its connection.
type TooLargeError struct {
	What  string // "response body", "line", "CA file ..."
	Limit int64
}

func (e *TooLargeError) Error() string {
	return "core: " + e.What + " is larger than the limit of " + strconv.FormatInt(e.Limit, 10) + " bytes"
}
