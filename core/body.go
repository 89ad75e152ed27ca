package core

// The body of a response is read through one reader per framing, chosen
// by the head: chunked (Transfer-Encoding: chunked), length (a
// Content-Length, or none at all for HEAD, 1xx, 204 and 304) and close
// (the body ends when the server closes). Each implements http.client's
// read methods for its framing, with http.client's bookkeeping and quirks
// (behaviour.md HC-O*); what all share (a response that let go of its
// socket reads nothing, nor does the answer to HEAD) is done once, in the
// exported methods below.
type body interface {
	read(amt int64) ([]byte, error) // read(amt); amt < 0 reads to EOF
	readAll() ([]byte, error)       // read()
	readInto(p []byte) (int, error) // readinto(p)
	read1(n int64) ([]byte, error)  // read1(n)
	peek() ([]byte, error)          // peek()
	readline(limit int64) ([]byte, error)
}

type (
	chunkedBody struct{ r *Response }
	lengthBody  struct{ r *Response }
	closeBody   struct{ r *Response }
)

// framing is the reader for the response's framing. Before the head is
// read, a response reads as if delimited by close, as http.client's does.
func (r *Response) framing() body {
	switch {
	case r.Chunked:
		return chunkedBody{r}
	case r.HasLength:
		return lengthBody{r}
	}
	return closeBody{r}
}

// Read is read(amt) for amt >= 0, and read(-1) (which, as in
// http.client, ignores Content-Length and reads to EOF) for amt < 0.
func (r *Response) Read(amt int64) ([]byte, error) {
	if r.fp == nil {
		return nil, nil
	}
	if r.method == "HEAD" {
		r.closeConn()
		return nil, nil
	}
	return r.framing().read(amt)
}

// ReadAll is read() without an argument: the whole rest of the body.
func (r *Response) ReadAll() ([]byte, error) {
	if r.fp == nil {
		return nil, nil
	}
	if r.method == "HEAD" {
		r.closeConn()
		return nil, nil
	}
	return r.framing().readAll()
}

// ReadAllInto is ReadAll for a body of known length that fits in p: it
// reads the body straight into p and returns its length. ok is false (and
// nothing is read) when the body is chunked, of unknown or negative
// length, or longer than p; use ReadAll then.
func (r *Response) ReadAllInto(p []byte) (n int, ok bool, err error) {
	if r.fp == nil || r.method == "HEAD" {
		n, err := r.ReadAll()
		return len(n), true, err
	}
	if r.Chunked || !r.HasLength || r.Length < 0 || r.Length > int64(len(p)) {
		return 0, false, nil
	}
	want := int(r.Length)
	got, err := r.fpReadInto(p[:want])
	if err != nil {
		return 0, true, err
	}
	if got < want {
		r.closeConn()
		return 0, true, &IncompleteReadError{Partial: append([]byte{}, p[:got]...), Expected: int64(want - got)}
	}
	r.Length = 0
	r.closeConn()
	return got, true, nil
}

// PeekBody copies the whole body into p without reading it: only a body
// of known length (not chunked, not after HEAD) that fits in p and has
// all arrived in the response's buffer already, on the library's own
// socket. The response is unread as before; it reports whether it
// copied.
func (r *Response) PeekBody(p []byte) (int, bool) {
	b, ok := r.wholeInBuffer()
	if !ok || r.Length > int64(len(p)) {
		return 0, false
	}
	data, err := b.Peek(int(r.Length))
	if err != nil {
		return 0, false
	}
	return copy(p, data), true
}

// DiscardBuffered reads a body PeekBody could copy to its end without
// keeping it, for a caller that has its copy: the response is then as
// after read(), closed. It reports false, doing nothing, for any other
// body.
func (r *Response) DiscardBuffered() bool {
	b, ok := r.wholeInBuffer()
	if !ok {
		return false
	}
	if _, err := b.Discard(int(r.Length)); err != nil {
		return false // (never: the bytes are buffered)
	}
	r.Length = 0
	r.closeConn()
	return true
}

// wholeInBuffer returns the response's buffer when its body has a known
// length and has all arrived in it.
func (r *Response) wholeInBuffer() (bufReader, bool) {
	if r.fp == nil || r.method == "HEAD" || r.Chunked || !r.HasLength || r.Length < 0 {
		return bufReader{}, false
	}
	b, ok := r.fp.(bufReader)
	if !ok || int64(b.Buffered()) < r.Length {
		return bufReader{}, false
	}
	return b, true
}

// ReadInto is readinto(p): it fills p as far as the body allows and
// returns the count.
func (r *Response) ReadInto(p []byte) (int, error) {
	if r.fp == nil {
		return 0, nil
	}
	if r.method == "HEAD" {
		r.closeConn()
		return 0, nil
	}
	return r.framing().readInto(p)
}

// Read1 is read1(n): at most one read from the socket (n < 0: any
// amount), clipped to the body.
func (r *Response) Read1(n int64) ([]byte, error) {
	if r.fp == nil || r.method == "HEAD" {
		return nil, nil
	}
	return r.framing().read1(n)
}

// Peek is peek(n): buffered body bytes without consuming them; it may
// return more than n (n is ignored, as in http.client), and never fails
// on a broken chunked body.
func (r *Response) Peek(n int64) ([]byte, error) {
	if r.fp == nil || r.method == "HEAD" {
		return nil, nil
	}
	return r.framing().peek()
}

// Readline is readline(limit) (limit < 0: no limit). On a chunked body it
// is io.IOBase.readline over Peek and Read, so lines span chunks, quirks
// included.
func (r *Response) Readline(limit int64) ([]byte, error) {
	if r.fp == nil || r.method == "HEAD" {
		return nil, nil
	}
	return r.framing().readline(limit)
}

// -- chunked ------------------------------------------------------------------

func (b chunkedBody) read(amt int64) ([]byte, error) { return b.r.readChunked(amt, true) }
func (b chunkedBody) readAll() ([]byte, error)       { return b.r.readChunked(0, false) }

func (b chunkedBody) readInto(p []byte) (int, error) {
	r := b.r
	r.unsplice()
	if own, ok := r.fp.(bufReader); ok && len(p) >= ownReadMin {
		return r.readIntoChunkedOwn(own, p)
	}
	return r.readIntoChunked(p)
}

func (b chunkedBody) readline(limit int64) ([]byte, error) {
	return b.r.ioBaseReadline(limit)
}

func (b chunkedBody) read1(n int64) ([]byte, error) {
	r := b.r
	left, err := r.getChunkLeft()
	if err != nil {
		return nil, err
	}
	if left < 0 || n == 0 {
		return nil, nil
	}
	if !(n >= 0 && n <= left) {
		n = left
	}
	data, err := r.fpRead1(n)
	if err != nil {
		return nil, err
	}
	r.chunkLeft -= int64(len(data))
	if len(data) == 0 {
		return nil, &IncompleteReadError{Partial: []byte{}, Expected: -1}
	}
	return data, nil
}

func (b chunkedBody) peek() ([]byte, error) {
	r := b.r
	left, err := r.getChunkLeft()
	if err != nil {
		if _, ok := err.(*IncompleteReadError); ok {
			return nil, nil
		}
		return nil, err
	}
	if left < 0 {
		return nil, nil
	}
	p, err := r.fpPeek()
	if err != nil {
		return nil, err
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	return p, nil
}

// -- Content-Length -----------------------------------------------------------
// r.Length is the bytes left. http.client's read(-1) reads to EOF and
// subtracts what it got, so Length can go negative; the later reads keep
// http.client's arithmetic on it.

// took does a length body's bookkeeping after a read that asked for asked
// bytes and got got: nothing for a non-empty ask means the body ended.
func (b lengthBody) took(got int, asked int64) {
	r := b.r
	if got == 0 && asked != 0 {
		r.closeConn()
		return
	}
	r.Length -= int64(got)
	if r.Length == 0 {
		r.closeConn()
	}
}

func (b lengthBody) read(amt int64) ([]byte, error) {
	r := b.r
	if amt > r.Length {
		amt = r.Length
	}
	s, err := r.fpRead(amt, r.maxBody)
	if err != nil {
		return nil, err
	}
	b.took(len(s), amt)
	return s, nil
}

func (b lengthBody) readAll() ([]byte, error) {
	r := b.r
	s, err := r.safeRead(r.Length, r.maxBody)
	if err != nil {
		if _, ok := err.(*IncompleteReadError); ok {
			r.closeConn()
		}
		return nil, err
	}
	r.Length = 0
	r.closeConn()
	return s, nil
}

func (b lengthBody) readInto(p []byte) (int, error) {
	r := b.r
	if int64(len(p)) > r.Length {
		// A negative length (after read(-1)) slices from the end, as
		// memoryview(b)[0:length] does in http.client.
		end := r.Length
		if end < 0 {
			end = max(0, int64(len(p))+end)
		}
		p = p[:end]
	}
	n, err := r.fpReadInto(p)
	if err != nil {
		return n, err
	}
	b.took(n, int64(len(p)))
	return n, nil
}

func (b lengthBody) read1(n int64) ([]byte, error) {
	r := b.r
	if n < 0 || n > r.Length {
		n = r.Length
	}
	data, err := r.fpRead1(n)
	if err != nil {
		return nil, err
	}
	b.took(len(data), n)
	return data, nil
}

func (b lengthBody) peek() ([]byte, error) { return b.r.fpPeek() }

func (b lengthBody) readline(limit int64) ([]byte, error) {
	r := b.r
	if limit < 0 || limit > r.Length {
		limit = r.Length
	}
	line, err := r.fpReadline(limit)
	if err != nil {
		return nil, err
	}
	b.took(len(line), limit)
	return line, nil
}

// -- until close --------------------------------------------------------------

// took ends a close-delimited body when a read that asked for something
// got nothing.
func (b closeBody) took(got int, asked int64) {
	if got == 0 && asked != 0 {
		b.r.closeConn()
	}
}

func (b closeBody) read(amt int64) ([]byte, error) {
	s, err := b.r.fpRead(amt, b.r.maxBody)
	if err != nil {
		return nil, err
	}
	b.took(len(s), amt)
	return s, nil
}

func (b closeBody) readAll() ([]byte, error) {
	s, err := b.r.fpReadAll()
	if err != nil {
		return nil, err
	}
	b.r.closeConn()
	return s, nil
}

func (b closeBody) readInto(p []byte) (int, error) {
	n, err := b.r.fpReadInto(p)
	if err != nil {
		return n, err
	}
	b.took(n, int64(len(p)))
	return n, nil
}

func (b closeBody) read1(n int64) ([]byte, error) {
	data, err := b.r.fpRead1(n)
	if err != nil {
		return nil, err
	}
	b.took(len(data), n)
	return data, nil
}

func (b closeBody) peek() ([]byte, error) { return b.r.fpPeek() }

func (b closeBody) readline(limit int64) ([]byte, error) {
	line, err := b.r.fpReadline(limit)
	if err != nil {
		return nil, err
	}
	b.took(len(line), limit)
	return line, nil
}
