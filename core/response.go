package core

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"sync/atomic"
)

// fpBufferSize is the buffer of the reader each response puts on the
// socket, io.DEFAULT_BUFFER_SIZE as in http.client's sock.makefile("rb").
// Bytes it buffered past the end of a response are dropped with it, as
// in http.client.
const fpBufferSize = 8192

// maxKeptScratch is the largest head scratch buffer a connection keeps
// for its next response; a larger one (a peer sent a huge head) is
// dropped, so that what one peer sent does not stay allocated.
const maxKeptScratch = 16 << 10

// headMem is the reading memory a connection lends its responses, one at
// a time: the reader's buffer on the library's own socket (fpBufferSize
// bytes; nil on a host's File) and a scratch buffer the head's lines are
// gathered in. A response takes it when it is made and gives it back
// when it lets go of its socket (closeConn, which sets fp to nil): from
// then on the response reads nothing through it, so the connection's
// next response resets and reuses it. A response that outlives its
// connection's interest (will_close, a released socket) keeps it until
// it lets go of its socket, like any other. Nothing handed to a caller
// points into it: the head is copied out of the scratch into the
// response's own memory, and the reader's methods return their own
// copies of what they buffered.
type headMem struct {
	br      *bufio.Reader
	scratch []byte
}

// Response is a response being read: http.client.HTTPResponse. The
// exported fields are valid once GetResponse returned it.
type Response struct {
	Status  int
	Reason  string // latin-1 text
	Version int    // 10 or 11
	Headers Headers
	// RawHeaders holds the header lines exactly as received, with the
	// blank line that ended them.
	RawHeaders []byte
	// Chunked tells whether the body uses chunked transfer coding.
	Chunked bool
	// Length is the number of body bytes left when HasLength is set
	// (http.client's length; None when HasLength is false). As in
	// http.client, read(-1) can drive it below zero.
	Length    int64
	HasLength bool
	// WillClose tells whether the connection closes after this response.
	WillClose bool
	// Trailers are the trailer fields of a chunked body, once read.
	Trailers Headers

	chunkLeft int64 // -1: no current chunk (None)
	method    string
	sock      *sock
	fp        reader      // nil once the response let go of its socket
	fpGone    atomic.Bool // fp is None: isclosed()
	closed    bool        // close() was called (IOBase.closed)

	maxLine, maxHeaders int
	maxBody             int64
	poisoned            bool // gave up the socket mid-body (TooLargeError)
	looseEnds           bool // a head line ended in a bare LF or held a bare CR
	debug               func(string)
	begun               bool
	trailersRead        bool  // a chunked body was read to its end
	conn                *Conn // set from Conn.NewResponse until Begin ends
	mem                 *headMem
	home                *Conn // where mem goes back to; nil: nowhere
}

// newResponse makes a response reading from s with c's limits and debug
// setting; it borrows c's reading memory (see headMem). c is nil for a
// response of its own (NewResponse).
func newResponse(s *sock, method string, c *Conn) *Response {
	r := &Response{
		method:    method,
		sock:      s,
		chunkLeft: -1,
	}
	var mem *headMem
	if c != nil {
		r.maxLine, r.maxHeaders, r.maxBody = c.MaxLine, c.MaxHeaders, c.MaxBody
		if c.DebugLevel > 0 {
			r.debug = c.Debug
		}
		mem = c.spare.Swap(nil)
		r.home = c
	}
	r.fp, r.mem = newReader(s, mem)
	if r.maxLine <= 0 {
		r.maxLine = DefaultMaxLine
	}
	if r.maxHeaders <= 0 {
		r.maxHeaders = DefaultMaxHeaders
	}
	if r.maxBody <= 0 {
		r.maxBody = DefaultMaxBody
	}
	r.maxBody = min(r.maxBody, 1<<62) // limit+1 must not overflow
	return r
}

// NewResponse returns a response that reads from t, a stream positioned
// at a response (http.client's HTTPResponse(sock)); Begin reads its head.
// method is the request method ("HEAD" reads no body).
func NewResponse(t Transport, method string) *Response {
	return newResponse(newSock(t, 0), method, nil)
}

// Begin reads the status line and headers, skipping interim 100
// responses: http.client's begin(). Once the headers are read it does
// nothing.
func (r *Response) Begin() error {
	if r.begun {
		return nil
	}
	if r.fp == nil {
		return &OSError{Errno: 9, Err: io.ErrClosedPipe}
	}
	err := r.begin()
	if c := r.conn; c != nil {
		return c.finishResponse(r, err)
	}
	return err
}

// Begun reports whether the headers have been read.
func (r *Response) Begun() bool { return r.begun }

func (r *Response) debugf(parts ...string) {
	if r.debug != nil {
		r.debug(strings.Join(parts, " "))
	}
}

// closeConn is http.client's _close_conn: the response lets go of the
// socket; isclosed() becomes true.
func (r *Response) closeConn() {
	if r.fp == nil {
		return
	}
	r.fp = nil
	r.fpGone.Store(true)
	r.giveBack()
	r.sock.release()
}

// giveBack returns the reading memory to the connection once the
// response reads nothing more through it (fp is nil).
func (r *Response) giveBack() {
	mem := r.mem
	r.mem = nil
	if mem == nil || r.home == nil {
		return
	}
	if cap(mem.scratch) > maxKeptScratch {
		mem.scratch = nil
	}
	if mem.br != nil {
		mem.br.Reset(nil) // buffered bytes are dropped, as with a new reader
	}
	r.home.spare.Store(mem)
}

// IsClosed reports whether the response has let go of its socket
// (isclosed()). It is safe to call from any goroutine.
func (r *Response) IsClosed() bool { return r.fpGone.Load() }

// Closed reports whether Close was called (the io "closed" attribute);
// reading a body to its end does not set it.
func (r *Response) Closed() bool { return r.closed }

// Close closes the response and releases its socket.
func (r *Response) Close() {
	r.closed = true
	r.closeConn()
}

// Method returns the request method the response answers.
func (r *Response) Method() string { return r.method }

// ChunkLeft returns the bytes left in the current chunk, or -1 (None).
func (r *Response) ChunkLeft() int64 { return r.chunkLeft }

// Fd returns the socket's file descriptor, or -1 when there is none.
func (r *Response) Fd() int {
	if r.fp == nil {
		return -1
	}
	return r.sock.Fd()
}

func (r *Response) begin() error {
	var version, reason string
	var status int
	for interim := 0; ; interim++ {
		var err error
		version, status, reason, err = r.readStatus()
		if err != nil {
			return err
		}
		if status != 100 {
			break
		}
		if interim >= r.maxHeaders {
			// Later CPython bounds interim responses (behaviour.md HC-T3).
			return &HTTPError{Msg: "got more than " + itoa(r.maxHeaders) + " interim responses"}
		}
		skipped, _, err := readHeaderLines(r.fp, r.maxLine, r.maxHeaders, "header line")
		if err != nil {
			return err
		}
		r.noteLineEnds(skipped...)
		if r.debug != nil {
			parts := make([]string, len(skipped))
			for i, l := range skipped {
				parts[i] = pyReprBytes(l)
			}
			r.debugf("headers:", "["+strings.Join(parts, ", ")+"]")
		}
	}
	r.Status = status
	r.Reason = pyStrip(reason)
	switch {
	case version == "HTTP/1.0" || version == "HTTP/0.9":
		r.Version = 10
	case strings.HasPrefix(version, "HTTP/1."):
		r.Version = 11
	default:
		return &UnknownProtocolError{Version: version}
	}
	// The block is gathered in the connection's scratch buffer, then
	// copied twice, at its exact size: the bytes (RawHeaders) and the text
	// the fields are substrings of.
	raw, err := appendHeaderBlock(r.scratch(), r.fp, r.maxLine, r.maxHeaders, "header line", nil)
	r.keepScratch(raw)
	if err != nil {
		return err
	}
	r.noteLineEnds(raw)
	text := string(raw)
	r.RawHeaders = make([]byte, len(raw))
	copy(r.RawHeaders, raw)
	r.Headers = parseHeaderText(text)
	r.begun = true
	if r.debug != nil {
		for _, h := range r.Headers {
			r.debugf("header:", h.Name+":", h.Value)
		}
	}
	if te, ok := r.Headers.get("transfer-encoding"); ok && asciiEqualFold(te, "chunked") {
		r.Chunked = true
		r.chunkLeft = -1
	}
	r.WillClose = r.checkClose()
	if cl, ok := r.Headers.get("content-length"); ok && cl != "" && !r.Chunked {
		if v, ok := pyInt(cl, 10, pyIsSpaceInt); ok && v >= 0 {
			r.Length, r.HasLength = v, true
		}
	}
	if status == 204 || status == 304 || (status >= 100 && status < 200) || r.method == "HEAD" {
		r.Length, r.HasLength = 0, true
	}
	if !r.WillClose && !r.Chunked && !r.HasLength {
		r.WillClose = true
	}
	if r.ambiguousFraming() {
		r.WillClose = true
	}
	return nil
}

// ambiguousFraming reports a head whose end, or whose body's end, another
// parser may place elsewhere: Content-Length together with
// Transfer-Encoding, Content-Length values that disagree, or line ends
// other than CRLF. http.client reads such a response as it does any
// other; gohttp reads it the same way but does not reuse the connection
// after it (as curl does), so that a misread cannot poison the next
// response (request smuggling). RFC 9112 sections 6.3 and 2.2.
func (r *Response) ambiguousFraming() bool {
	if r.looseEnds {
		return true
	}
	hasCL, hasTE := false, false
	first := ""
	for _, h := range r.Headers {
		switch {
		case asciiEqualFold(h.Name, "transfer-encoding"):
			hasTE = true
		case asciiEqualFold(h.Name, "content-length"):
			hasCL = true
			for rest, more := h.Value, true; more; {
				var part string
				part, rest, more = strings.Cut(rest, ",")
				part = strings.Trim(part, " \t")
				switch {
				case first == "":
					first = part
				case part != first:
					return true
				}
			}
		}
	}
	return hasCL && hasTE
}

// noteLineEnds records a head line that ends in a bare LF or holds a
// bare CR (which http.client's header parser takes as a line end).
func (r *Response) noteLineEnds(lines ...[]byte) {
	for _, l := range lines {
		// Every LF must end a CRLF, and every CR start one.
		for len(l) > 0 {
			lf := bytes.IndexByte(l, '\n')
			if lf < 0 {
				if bytes.IndexByte(l, '\r') >= 0 {
					r.looseEnds = true
				}
				break
			}
			if lf == 0 || bytes.IndexByte(l[:lf], '\r') != lf-1 {
				r.looseEnds = true // a bare LF, or a bare CR before it
				return
			}
			l = l[lf+1:]
		}
		if r.looseEnds {
			return
		}
	}
}

// scratch is the connection's scratch buffer, emptied, for reading head
// lines into; keepScratch keeps it (grown perhaps) for the next use.
func (r *Response) scratch() []byte {
	if r.mem == nil {
		return nil
	}
	return r.mem.scratch[:0]
}

func (r *Response) keepScratch(b []byte) {
	if r.mem != nil { // nil once the response let go of its socket
		r.mem.scratch = b[:0]
	}
}

// readStatus is http.client's _read_status.
func (r *Response) readStatus() (version string, status int, reason string, err error) {
	b, err := appendLineFrom(r.scratch(), r.fp, r.maxLine+1)
	r.keepScratch(b)
	if err != nil && !isEOF(err) {
		return "", 0, "", err
	}
	if len(b) > r.maxLine {
		return "", 0, "", &LineTooLongError{What: "status line", Limit: r.maxLine}
	}
	if i := indexByte(b, '\n'); i >= 0 && (i == 0 || b[i-1] != '\r') {
		r.looseEnds = true // a bare CR here is only text of the reason
	}
	if r.debug != nil {
		r.debugf("reply:", pyReprLatin1(string(b)))
	}
	if len(b) == 0 {
		return "", 0, "", ErrRemoteDisconnected
	}
	parts, n := pySplit2(b)
	var vb, sb, rb []byte
	switch n {
	case 3:
		vb, sb, rb = parts[0], parts[1], parts[2]
	case 2:
		vb, sb = parts[0], parts[1]
	}
	if len(vb) < 5 || string(vb[:5]) != "HTTP/" {
		line := string(b)
		r.closeConn()
		return "", 0, "", &BadStatusLineError{Line: line}
	}
	v, ok := pyInt(string(sb), 10, pyIsSpaceLatin1)
	if !ok || v < 100 || v > 999 {
		return "", 0, "", &BadStatusLineError{Line: string(b)}
	}
	return internText(vb), int(v), internText(rb), nil
}

// internText is string(b) without a copy for the commonest versions and
// reasons.
func internText(b []byte) string {
	switch string(b) {
	case "HTTP/1.1":
		return "HTTP/1.1"
	case "HTTP/1.0":
		return "HTTP/1.0"
	case "OK\r\n":
		return "OK\r\n"
	}
	return string(b)
}

// pySplit2 is bytes.split(None, 2) for latin-1 text: up to three fields,
// the third with the rest of the line, its trailing whitespace included,
// as in Python.
func pySplit2(s []byte) (parts [3][]byte, n int) {
	i := 0
	for {
		for i < len(s) && pyIsSpaceLatin1(s[i]) {
			i++
		}
		if i == len(s) {
			return parts, n
		}
		if n == 2 {
			parts[n] = s[i:]
			return parts, n + 1
		}
		j := i
		for j < len(s) && !pyIsSpaceLatin1(s[j]) {
			j++
		}
		parts[n] = s[i:j]
		n++
		i = j
	}
}

// pyStrip is str.strip() for latin-1 text.
func pyStrip(s string) string {
	i, j := 0, len(s)
	for i < j && pyIsSpaceLatin1(s[i]) {
		i++
	}
	for j > i && pyIsSpaceLatin1(s[j-1]) {
		j--
	}
	return s[i:j]
}

// checkClose is http.client's _check_close (behaviour.md HC-N4).
func (r *Response) checkClose() bool {
	conn, hasConn := r.Headers.get("connection")
	if r.Version == 11 {
		return hasConn && containsFoldASCII(conn, "close")
	}
	if ka, ok := r.Headers.get("keep-alive"); ok && ka != "" {
		return false
	}
	if hasConn && containsFoldASCII(conn, "keep-alive") {
		return false
	}
	if pc, ok := r.Headers.get("proxy-connection"); ok && containsFoldASCII(pc, "keep-alive") {
		return false
	}
	return true
}

// The fp* helpers give the response's buffered reader the semantics of
// Python's BufferedReader, which http.client's reading rules assume.

// fpRead is BufferedReader.read(n): n bytes, fewer only at EOF; n == -1
// reads to EOF and a smaller n is a ValueError. Memory grows with the data
// received, not with n, and never past limit bytes: more is a
// TooLargeError.
func (r *Response) fpRead(n, limit int64) ([]byte, error) {
	if n < -1 {
		return nil, &ValueError{Msg: "read length must be non-negative or -1"}
	}
	want := n
	if n == -1 || n > limit {
		want = limit + 1 // one byte past the limit tells it was passed
	}
	buf, err := r.fp.read(want)
	if err != nil {
		return buf, err
	}
	if int64(len(buf)) > limit {
		return nil, r.tooLarge("response body", r.maxBody)
	}
	return buf, nil
}

func (r *Response) fpReadAll() ([]byte, error) { return r.fpRead(-1, r.maxBody) }

// tooLarge gives up on the response: what was read is dropped, the
// socket is closed at once (so the connection does not carry the rest of
// the body into the next response), and the connection reconnects on its
// next request.
func (r *Response) tooLarge(what string, limit int64) error {
	r.poisoned = true
	r.WillClose = true
	if r.fp != nil {
		r.sock.abort()
	}
	r.closeConn()
	return &TooLargeError{What: what, Limit: limit}
}

func (r *Response) fpReadInto(p []byte) (int, error) { return r.fp.readInto(p) }

func (r *Response) fpRead1(n int64) ([]byte, error) { return r.fp.read1(n) }

func (r *Response) fpPeek() ([]byte, error) { return r.fp.peek() }

// fpReadline is BufferedReader.readline(limit); limit < 0 is unbounded
// but for the response's body limit: a line longer than that is a
// TooLargeError.
func (r *Response) fpReadline(limit int64) ([]byte, error) {
	if limit == 0 {
		return nil, nil
	}
	lim := limit
	if limit < 0 || limit > r.maxBody {
		lim = r.maxBody + 1
	}
	line, err := r.fp.readLine(int(lim))
	if isEOF(err) {
		err = nil
	}
	if err == nil && int64(len(line)) > r.maxBody {
		return nil, r.tooLarge("line", r.maxBody)
	}
	return line, err
}

// safeRead is http.client's _safe_read: exactly amt bytes or
// IncompleteRead(data, missing).
// At most limit bytes are collected (TooLargeError).
func (r *Response) safeRead(amt, limit int64) ([]byte, error) {
	data, err := r.fpRead(amt, limit)
	if err != nil {
		return nil, err
	}
	if amt >= 0 && int64(len(data)) < amt {
		return nil, &IncompleteReadError{Partial: data, Expected: amt - int64(len(data))}
	}
	return data, nil
}

// getChunkLeft is http.client's _get_chunk_left: the bytes left in the
// current chunk, reading the next chunk header when needed; -1 after the
// last chunk (and its trailers) has been read.
func (r *Response) getChunkLeft() (int64, error) {
	left := r.chunkLeft
	if left <= 0 {
		if left == 0 {
			// The two bytes after chunk data are taken as the CRLF
			// without looking at them, as in http.client.
			if _, err := r.safeRead(2, 2); err != nil {
				return 0, err
			}
		}
		size, err := r.readChunkSize()
		if err != nil {
			return 0, err
		}
		if size == 0 {
			if err := r.readTrailers(); err != nil {
				return 0, err
			}
			r.closeConn()
			size = -1
		}
		r.chunkLeft = size
		left = size
	}
	return left, nil
}

// readChunkSize is http.client's _read_next_chunk_size: a line of at most
// MaxLine bytes, chunk extensions after ';' dropped, the rest parsed as
// Python's int(line, 16) does. A bad size closes the connection and is
// IncompleteRead(b”). A negative size is refused as a bad size too
// (http.client would read to EOF): see the README's differences.
func (r *Response) readChunkSize() (int64, error) {
	line, err := r.fp.readLine(r.maxLine + 1)
	if err != nil && !isEOF(err) {
		return 0, err
	}
	if len(line) > r.maxLine {
		return 0, &LineTooLongError{What: "chunk size", Limit: r.maxLine}
	}
	v, ok := parseChunkSize(line)
	if !ok {
		r.closeConn()
		return 0, &IncompleteReadError{Partial: []byte{}, Expected: -1}
	}
	return v, nil
}

// parseChunkSize is http.client's reading of a chunk-size line: the hex
// number before any ';' (extensions are ignored), with Python int()'s
// leniency; ok is false for a bad or negative size.
func parseChunkSize(line []byte) (int64, bool) {
	if i := indexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	v, ok := pyInt(string(line), 16, pyIsSpaceASCII)
	return v, ok && v >= 0
}

// readTrailers reads the trailer section after the last chunk. http.client
// discards it; gohttp keeps it in Trailers. EOF before it is tolerated.
// Each line is bounded by MaxLine ("trailer line"), and at most
// MaxHeaders trailer lines are read (later CPython hardening,
// behaviour.md HC-T3; 3.13.0 reads any number).
func (r *Response) readTrailers() error {
	var raw []byte
	for n := 0; ; n++ {
		line, err := r.fp.readLine(r.maxLine + 1)
		if err != nil && !isEOF(err) {
			return err
		}
		if len(line) > r.maxLine {
			return &LineTooLongError{What: "trailer line", Limit: r.maxLine}
		}
		if isBlankLine(line) {
			break
		}
		if n >= r.maxHeaders {
			return &HTTPError{Msg: "got more than " + itoa(r.maxHeaders) + " trailer lines"}
		}
		raw = append(raw, line...)
	}
	r.Trailers = ParseHeaderBlock(raw)
	r.trailersRead = true
	return nil
}

// readChunked is http.client's _read_chunked; bounded tells whether amt
// applies (read(amt)) or not (read()).
func (r *Response) readChunked(amt int64, bounded bool) ([]byte, error) {
	var value []byte
	for {
		left, err := r.getChunkLeft()
		if err != nil {
			return nil, wrapPartial(err, value)
		}
		if left < 0 {
			return value, nil
		}
		last := bounded && amt <= left // this call ends inside (or at the end of) the chunk
		want := left
		if last {
			want = amt
		}
		before := len(value)
		if budget := r.maxBody - int64(len(value)); want < 0 || want > budget {
			// read(-1) reads the raw stream to its end, as http.client's
			// does; past the memory limit safeRead fails with
			// TooLargeError (or IncompleteRead if the body ends first).
			data, err := r.safeRead(want, budget)
			if err != nil {
				return nil, wrapPartial(err, value)
			}
			value = append(value, data...)
		} else {
			// The chunk's data goes straight into the result: one copy,
			// and memory that grows with what arrives, not with the
			// chunk size the peer announced.
			var got int64
			value, got, err = r.appendBody(value, want)
			if err != nil {
				return nil, wrapPartial(err, value[:before])
			}
			if got < want {
				return nil, wrapPartial(&IncompleteReadError{Partial: value[before:], Expected: want - got}, value[:before])
			}
		}
		if last {
			r.chunkLeft = left - amt
			return value, nil
		}
		if bounded {
			amt -= left
		}
		r.chunkLeft = 0
	}
}

// appendBody reads up to n bytes of body onto value, straight into its
// spare capacity, and returns it with the count read (short only at the
// end of the stream). value grows by doubling as the data arrives, so a
// large n that the peer does not follow with data costs nothing.
func (r *Response) appendBody(value []byte, n int64) ([]byte, int64, error) {
	var got int64
	for got < n {
		if len(value) == cap(value) {
			nb := make([]byte, len(value), max(2*cap(value), 16<<10))
			copy(nb, value)
			value = nb
		}
		room := min(int64(cap(value)-len(value)), n-got)
		m, err := r.fp.readInto(value[len(value) : len(value)+int(room)])
		value = value[:len(value)+m]
		got += int64(m)
		if err != nil {
			return value, got, err
		}
		if int64(m) < room {
			break
		}
	}
	return value, got, nil
}

// wrapPartial turns an IncompleteRead raised inside a chunked read into
// IncompleteRead(bytes read in this call), as http.client does.
func wrapPartial(err error, value []byte) error {
	if _, ok := err.(*IncompleteReadError); ok {
		if value == nil {
			value = []byte{}
		}
		return &IncompleteReadError{Partial: value, Expected: -1}
	}
	return err
}

func (r *Response) readIntoChunked(p []byte) (int, error) {
	total := 0
	orig := p
	for {
		left, err := r.getChunkLeft()
		if err != nil {
			return 0, wrapPartialInto(err, orig[:total])
		}
		if left < 0 {
			return total, nil
		}
		if int64(len(p)) <= left {
			n, err := r.safeReadInto(p)
			if err != nil {
				return 0, wrapPartialInto(err, orig[:total])
			}
			r.chunkLeft = left - int64(n)
			return total + n, nil
		}
		n, err := r.safeReadInto(p[:left])
		if err != nil {
			return 0, wrapPartialInto(err, orig[:total])
		}
		p = p[n:]
		total += n
		r.chunkLeft = 0
	}
}

func wrapPartialInto(err error, filled []byte) error {
	if _, ok := err.(*IncompleteReadError); ok {
		return &IncompleteReadError{Partial: append([]byte{}, filled...), Expected: -1}
	}
	return err
}

func (r *Response) safeReadInto(p []byte) (int, error) {
	n, err := r.fpReadInto(p)
	if err != nil {
		return n, err
	}
	if n < len(p) {
		return n, &IncompleteReadError{Partial: append([]byte{}, p[:n]...), Expected: int64(len(p) - n)}
	}
	return n, nil
}

// ioBaseReadline is CPython's IOBase.readline: peek(1) to see how far the
// line goes (never past limit counted from the start of the peek), then
// read that much, until a newline, limit, or end of body.
func (r *Response) ioBaseReadline(limit int64) ([]byte, error) {
	var buf []byte
	for limit < 0 || int64(len(buf)) < limit {
		nreadahead := int64(1)
		ahead, err := r.Peek(1)
		if err != nil {
			return nil, err
		}
		if len(ahead) > 0 {
			var n int64
			for {
				if n >= int64(len(ahead)) || (limit >= 0 && n >= limit) {
					break
				}
				n++
				if ahead[n-1] == '\n' {
					break
				}
			}
			nreadahead = n
		}
		b, err := r.Read(nreadahead)
		if err != nil {
			return nil, err
		}
		if int64(len(buf))+int64(len(b)) > r.maxBody {
			return nil, r.tooLarge("line", r.maxBody)
		}
		if len(b) == 0 {
			break
		}
		buf = append(buf, b...)
		if buf[len(buf)-1] == '\n' {
			break
		}
	}
	return buf, nil
}

// SetDebug makes the response report what it reads, as http.client's
// HTTPResponse(sock, debuglevel) does ("reply: ...", "header: ..."), one
// line per call of fn; nil turns it off.
func (r *Response) SetDebug(fn func(string)) { r.debug = fn }

// ReadStatus reads one status line: http.client's _read_status, which
// tunnel code that reads a proxy's answer itself calls. reason keeps its
// line end, as in http.client.
func (r *Response) ReadStatus() (version string, status int, reason string, err error) {
	if r.fp == nil {
		return "", 0, "", &OSError{Errno: 9, Err: io.ErrClosedPipe}
	}
	return r.readStatus()
}

// TrailersRead tells whether a chunked body was read to its end, so that
// Trailers holds its trailer section (possibly empty).
func (r *Response) TrailersRead() bool { return r.trailersRead }

// Buffered reports how many bytes of the response can be read without
// I/O: what the library's own buffer holds (0 on a host's reader).
func (r *Response) Buffered() int {
	if b, ok := r.fp.(bufReader); ok {
		return b.Buffered()
	}
	return 0
}
