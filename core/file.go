package core

import (
	"bufio"
	"bytes"
	"io"
	"slices"
)

// File is a buffered reader that the host program owns over a socket it
// owns: Python's sock.makefile("rb"). A transport that also implements
// File is read through it, one call per read http.client makes on its
// fp, so a response never takes a byte past its own end: what follows the
// message (the next response, a TLS handshake after a CONNECT, data the
// host reads itself) stays in the host's reader.
//
// Each method stores its bytes in p and returns their count; 0 with a nil
// error is the end of the stream.
type File interface {
	// ReadFull fills p, short only at the end of the stream
	// (BufferedReader.readinto).
	ReadFull(p []byte) (int, error)
	// ReadLine reads up to and including a '\n', at most len(p) bytes
	// (readline(len(p))).
	ReadLine(p []byte) (int, error)
	// Read1 reads at most len(p) bytes with at most one read from the
	// socket (read1(len(p))).
	Read1(p []byte) (int, error)
	// Peek copies up to len(p) bytes that the reader holds, without
	// consuming them, reading the socket once if it holds none (peek()).
	Peek(p []byte) (int, error)
}

// fileChunk is the size of the pieces a host File is asked for when a
// read has no natural size (read to the end, an unbounded line).
const fileChunk = 64 << 10

// reader is what a response reads its head and body through: the
// operations of Python's BufferedReader that http.client uses on its fp.
// bufReader serves the library's own sockets; fileReader a host's File.
// The slices its methods return are the caller's own, never views of the
// reader's buffer: that buffer passes to the connection's next response
// once this one lets go of the socket (see headMem), while a caller may
// still hold what it read.
type reader interface {
	// read is read(n) for n >= 0: n bytes, fewer only at the end. Memory
	// grows with the data received, not with n. (read(-1), to the end, is
	// Response.fpRead's: it asks for one byte past its memory limit.)
	read(n int64) ([]byte, error)
	// readInto is readinto(p): fills p, short only at the end.
	readInto(p []byte) (int, error)
	// read1 is read1(n): what is buffered, else at most one socket read.
	read1(n int64) ([]byte, error)
	// peek is peek(): what is buffered, after at most one socket read.
	peek() ([]byte, error)
	// readLine is readline(limit): it stops after '\n', after limit
	// bytes, or at the end; an error is returned only when nothing was
	// read.
	readLine(limit int) ([]byte, error)
}

// bufReader reads through the library's own buffer.
type bufReader struct{ *bufio.Reader }

func (b bufReader) read(n int64) ([]byte, error) {
	first := n
	if first > 64<<10 {
		first = 64 << 10
	}
	buf := make([]byte, 0, first)
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			next := int64(cap(buf)) * 2
			if next > n {
				next = n
			}
			nb := make([]byte, len(buf), next)
			copy(nb, buf)
			buf = nb
		}
		m, err := b.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if err == io.EOF {
				break
			}
			return buf, err
		}
	}
	return buf, nil
}

func (b bufReader) readInto(p []byte) (int, error) {
	n, err := io.ReadFull(b.Reader, p)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return n, err
}

func (b bufReader) read1(n int64) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if err := b.fillOnce(); err != nil {
		return nil, err
	}
	m := int64(b.Buffered())
	if n > 0 && n < m {
		m = n
	}
	out := make([]byte, m)
	b.Read(out)
	return out, nil
}

func (b bufReader) peek() ([]byte, error) {
	if err := b.fillOnce(); err != nil {
		return nil, err
	}
	p, _ := b.Peek(b.Buffered())
	return append([]byte(nil), p...), nil
}

// fillOnce reads the socket once when nothing is buffered; the end of the
// stream leaves the buffer empty without an error.
func (b bufReader) fillOnce() error {
	if b.Buffered() == 0 {
		if _, err := b.Peek(1); err != nil && b.Buffered() == 0 && err != io.EOF {
			return err
		}
	}
	return nil
}

func (b bufReader) readLine(limit int) ([]byte, error) { return readLine(b.Reader, limit) }

func (b bufReader) appendLine(dst []byte, limit int) ([]byte, error) {
	return appendLine(dst, b.Reader, limit)
}

// fileReader reads through a host's File, asking it for exactly what
// http.client would ask its fp for.
type fileReader struct{ f File }

func (h fileReader) read(n int64) ([]byte, error) {
	var buf []byte
	for int64(len(buf)) < n {
		want := int64(fileChunk)
		if n-int64(len(buf)) < want {
			want = n - int64(len(buf))
		}
		if int64(cap(buf)-len(buf)) < want {
			nb := make([]byte, len(buf), max(2*cap(buf), len(buf)+int(want)))
			copy(nb, buf)
			buf = nb
		}
		m, err := h.f.ReadFull(buf[len(buf) : len(buf)+int(want)])
		buf = buf[:len(buf)+m]
		if err != nil {
			return buf, err
		}
		if int64(m) < want {
			break
		}
	}
	if buf == nil {
		buf = []byte{}
	}
	return buf, nil
}

func (h fileReader) readInto(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return h.f.ReadFull(p)
}

func (h fileReader) read1(n int64) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if n < 0 || n > fileChunk {
		n = fileChunk
	}
	buf := make([]byte, n)
	m, err := h.f.Read1(buf)
	return buf[:m], err
}

func (h fileReader) peek() ([]byte, error) {
	buf := make([]byte, fileChunk)
	m, err := h.f.Peek(buf)
	return buf[:m:m], err
}

func (h fileReader) readLine(limit int) ([]byte, error) {
	// The line is read straight into the slice returned, asking the host
	// for no more than that slice has room for: a header line takes one
	// callback and one small allocation, where a piece of fileChunk bytes
	// for each line made a long head allocate megabytes (and the
	// collector run for them). The host's readline(n) stops at n bytes
	// mid-line and the next call goes on from there, so a longer line
	// only takes more calls, with room doubled each time.
	if limit <= 0 {
		return nil, io.EOF
	}
	line := make([]byte, 0, min(limit, firstLinePiece))
	for len(line) < limit {
		if len(line) == cap(line) {
			line = slices.Grow(line, min(limit, 2*cap(line))-len(line))
		}
		want := min(limit, cap(line)) - len(line)
		piece := line[len(line) : len(line)+want]
		m, err := h.f.ReadLine(piece)
		line = line[:len(line)+m]
		if err != nil {
			if len(line) > 0 {
				return line, err // a failure mid-line is an error
			}
			return nil, err
		}
		if m < want || (m > 0 && piece[m-1] == '\n') {
			break
		}
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	return line, nil
}

// appendBlock takes a whole header block with two calls to the host,
// where reading it line by line takes one for each line: it peeks at
// what the host's reader holds, and when a complete block is there (each
// line ended by '\n' and within maxLine, no more than maxHeaders lines,
// then a blank one), it reads exactly those bytes, which are the ones the
// lines would have been. Otherwise it reads nothing (whole is false) and
// the caller reads line by line, which also reports a line too long or
// too many of them as http.client does, after reading what it reads. A
// failure of the peek is the failure the first line's read would have
// met (it would have waited the same way).
func (h fileReader) appendBlock(dst []byte, maxLine, maxHeaders int) ([]byte, bool, error) {
	start := len(dst)
	dst = slices.Grow(dst, peekRoom)
	room := dst[start : start+peekRoom]
	n, err := h.f.Peek(room)
	if err != nil {
		return dst, false, err
	}
	held := room[:n]
	end := -1
	for pos, lines := 0, 1; lines <= maxHeaders; lines++ {
		nl := bytes.IndexByte(held[pos:], '\n')
		if nl < 0 || nl+1 > maxLine {
			break
		}
		line := held[pos : pos+nl+1]
		pos += nl + 1
		if isBlankLine(line) {
			end = pos
			break
		}
	}
	if end < 0 {
		return dst, false, nil
	}
	m, err := h.f.ReadFull(room[:end])
	if err == nil && m != end {
		err = &HTTPError{Msg: "the host's reader gave " + itoa(m) + " of the " + itoa(end) + " bytes it held"}
	}
	if err != nil {
		return dst, false, err
	}
	return dst[:start+end], true, nil
}

// peekRoom is the most appendBlock looks at: the default buffer of
// Python's makefile("rb") (io.DEFAULT_BUFFER_SIZE). Larger blocks are
// read line by line.
const peekRoom = 8 << 10

// firstLinePiece is the room readLine asks a host File to fill first:
// most lines of a head fit.
const firstLinePiece = 256

// newReader is the reader a response uses on s: the host's File when
// the transport is one, else a buffer of the library's own. On the
// library's own socket that buffer is mem's when the connection lent one
// (reset: nothing it held is read), else a new one that mem keeps for
// the connection's next responses. A host's transport (a C callback)
// fills the buffer with code of its own, which memory checkers such as
// valgrind's Memcheck follow while they cannot follow the Go runtime's
// use of its memory: there each response gets a fresh buffer, as it
// always did, so that no long-lived Go memory is written from outside
// Go. It returns the memory the response holds from now on (see
// headMem).
func newReader(s *sock, mem *headMem) (reader, *headMem) {
	if mem == nil {
		mem = &headMem{}
	}
	if f, ok := s.t.(File); ok {
		return fileReader{f}, mem
	}
	if s.native() == nil {
		return bufReader{bufio.NewReaderSize(s, fpBufferSize)}, mem
	}
	if mem.br == nil {
		mem.br = bufio.NewReaderSize(s, fpBufferSize)
	} else {
		mem.br.Reset(s)
	}
	return bufReader{mem.br}, mem
}
