package core

import "io"

// The chunked readinto on the library's own buffer (bufReader) decodes in
// the caller's memory: the stream is received straight into p (one socket
// read fills as much of p as the kernel holds, not one 8 KiB buffer at a
// time), and the chunk framing is taken out in place, so each body byte is
// copied once from the socket into p. The reader's semantics do not
// change: what is received and belongs after what the call returns (the
// last chunk, the trailers, a size line this decoder leaves to
// http.client's rules, what comes after the body) is put back in front of
// the reader (spliceReader), and the rest of the call runs the ordinary
// decoder (readIntoChunked) on exactly the stream it would have seen, so
// every error and every partial is the one it gives.

// ownReadMin is the smallest readinto that decodes in the caller's
// memory; a smaller one goes through the reader's buffer.
const ownReadMin = fpBufferSize

// maxEmptyReads bounds the reads in a row that bring nothing and no error.
const maxEmptyReads = 100

// readIntoChunkedOwn is readIntoChunked on the library's own reader.
func (r *Response) readIntoChunkedOwn(b bufReader, p []byte) (int, error) {
	filled := 0 // body bytes delivered in p[:filled]
	// portionLeft is chunkLeft when this call began on the current chunk:
	// http.client leaves chunk_left there when reading the chunk fails.
	portionLeft := r.chunkLeft
	done := 0         // bytes of the chunks (or parts) ended in this call
	ws, we := 0, 0    // p[ws:we]: received stream bytes not yet decoded
	var pending error // an error that came with the last bytes received
	empty := 0        // reads in a row that brought nothing
	for filled < len(p) {
		if left := r.chunkLeft; left > 0 {
			if ws < we {
				k := we - ws // never more than len(p)-filled, as ws >= filled
				if int64(k) > left {
					k = int(left)
				}
				if ws != filled {
					copy(p[filled:], p[ws:ws+k])
				}
				filled += k
				ws += k
				r.chunkLeft -= int64(k)
				if r.chunkLeft == 0 {
					done = filled
				}
				continue
			}
		} else {
			// A chunk header: the two bytes after the data (taken
			// unseen, as http.client does) unless this is the first,
			// then the size line.
			skip := 0
			if left == 0 {
				skip = 2
			}
			if we-ws > skip {
				start := ws + skip
				end := min(we, start+r.maxLine+1)
				i := indexByte(p[start:end], '\n')
				if i >= 0 {
					size, ok := r.chunkSizeOf(p[start : start+i+1])
					if !ok {
						return r.readIntoChunkedRest(b, p, filled, ws, we, pending)
					}
					r.chunkLeft = size
					portionLeft = size
					done = filled
					ws = start + i + 1
					continue
				}
				if end-start > r.maxLine {
					return r.readIntoChunkedRest(b, p, filled, ws, we, pending)
				}
			}
		}
		// More of the stream is needed.
		if ws == we {
			ws, we = filled, filled // received data then lands in place
		} else if we == len(p) {
			copy(p[filled:], p[ws:we])
			we -= ws - filled
			ws = filled
			if we == len(p) { // a header fills what p has left
				return r.readIntoChunkedRest(b, p, filled, ws, we, pending)
			}
		}
		err := pending
		pending = nil
		if err == nil {
			var n int
			n, err = b.Read(p[we:])
			we += n
			if n > 0 {
				empty = 0
				pending = err
				continue
			}
			if err == nil {
				if empty++; empty < maxEmptyReads {
					continue
				}
				err = io.ErrNoProgress
			}
		}
		if r.chunkLeft > 0 {
			// The stream broke off (or failed) inside chunk data: as
			// readIntoChunked's short read of the chunk.
			r.chunkLeft = portionLeft
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				err = &IncompleteReadError{Expected: -1}
			}
			return 0, wrapPartialInto(err, p[:done])
		}
		return r.readIntoChunkedRest(b, p, filled, ws, we, err)
	}
	return filled, nil
}

// chunkSizeOf parses a whole size line (its '\n' included) as
// readChunkSize does, for a size this decoder goes on with: ok is false
// for a line too long, a bad or negative size, and the last chunk (0),
// all of which readChunkSize handles.
func (r *Response) chunkSizeOf(line []byte) (int64, bool) {
	if len(line) > r.maxLine {
		return 0, false
	}
	v, ok := parseChunkSize(line)
	return v, ok && v > 0
}

// readIntoChunkedRest ends a readIntoChunkedOwn that stopped at a chunk
// header with filled body bytes in p: the undecoded bytes p[ws:we] and
// err (an error that came after them) go back in front of the reader,
// and readIntoChunked reads the rest of p.
func (r *Response) readIntoChunkedRest(b bufReader, p []byte, filled, ws, we int, err error) (int, error) {
	if ws < we || err != nil {
		r.fp = &spliceReader{head: append([]byte(nil), p[ws:we]...), err: err, b: b}
	}
	n, err := r.readIntoChunked(p[filled:])
	r.unsplice()
	if err != nil {
		if e, ok := err.(*IncompleteReadError); ok {
			// Its partial counts from p[filled:]; the call's from p.
			return 0, &IncompleteReadError{Partial: append(append([]byte{}, p[:filled]...), e.Partial...), Expected: -1}
		}
		return 0, err
	}
	return filled + n, nil
}

// unsplice goes back to the library's own reader once the bytes put back
// in front of it are read.
func (r *Response) unsplice() {
	if s, ok := r.fp.(*spliceReader); ok && len(s.head) == 0 && s.err == nil {
		r.fp = s.b
	}
}

// spliceReader is a bufReader with bytes (and then an error) in front of
// it: what readIntoChunkedOwn received and did not use. It reads as if
// head were at the front of the bufReader's buffer, and err came after
// them as a failed socket read (returned once).
type spliceReader struct {
	head []byte
	err  error
	b    bufReader
}

// takeErr returns the pending error once.
func (s *spliceReader) takeErr() error {
	err := s.err
	s.err = nil
	return err
}

// takeFailure is takeErr with the end of the stream (io.EOF) as nil.
func (s *spliceReader) takeFailure() error {
	if err := s.takeErr(); err != io.EOF {
		return err
	}
	return nil
}

func (s *spliceReader) read(n int64) ([]byte, error) {
	if len(s.head) == 0 && s.err == nil {
		return s.b.read(n)
	}
	k := int(min(n, int64(len(s.head))))
	out := append(make([]byte, 0, k), s.head[:k]...)
	s.head = s.head[k:]
	if int64(k) == n {
		return out, nil
	}
	if s.err != nil {
		return out, s.takeFailure()
	}
	more, err := s.b.read(n - int64(k))
	return append(out, more...), err
}

func (s *spliceReader) readInto(p []byte) (int, error) {
	k := copy(p, s.head)
	s.head = s.head[k:]
	if k == len(p) {
		return k, nil
	}
	if s.err != nil {
		if err := s.takeErr(); err != io.EOF && err != io.ErrUnexpectedEOF {
			return k, err
		}
		return k, nil
	}
	n, err := s.b.readInto(p[k:])
	return k + n, err
}

func (s *spliceReader) read1(n int64) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if len(s.head) > 0 {
		// What is "buffered": head, then the reader's buffer.
		k := int64(len(s.head))
		if n >= 0 && n < k {
			k = n
		}
		out := append([]byte(nil), s.head[:k]...)
		s.head = s.head[k:]
		if more := int64(s.b.Buffered()); len(s.head) == 0 && s.err == nil && more > 0 && (n < 0 || n > k) {
			if n >= 0 {
				more = min(more, n-k)
			}
			out = append(out, make([]byte, more)...)
			s.b.Read(out[k:])
		}
		return out, nil
	}
	if s.err != nil {
		if err := s.takeFailure(); err != nil {
			return nil, err
		}
		return []byte{}, nil
	}
	return s.b.read1(n)
}

func (s *spliceReader) peek() ([]byte, error) {
	if len(s.head) > 0 {
		buffered, _ := s.b.Peek(s.b.Buffered())
		return append(append([]byte(nil), s.head...), buffered...), nil
	}
	if s.err != nil {
		if err := s.takeFailure(); err != nil {
			return nil, err
		}
		return []byte{}, nil
	}
	return s.b.peek()
}

func (s *spliceReader) readLine(limit int) ([]byte, error) {
	var line []byte
	if len(s.head) > 0 {
		k := min(limit, len(s.head))
		if i := indexByte(s.head[:k], '\n'); i >= 0 {
			k = i + 1
		}
		line = append(line, s.head[:k]...)
		s.head = s.head[k:]
		if len(line) == limit || line[len(line)-1] == '\n' {
			return line, nil
		}
	}
	if s.err != nil {
		err := s.takeErr()
		if !isEOF(err) {
			return line, err // a failure mid-line is an error
		}
		if len(line) > 0 {
			return line, nil
		}
		return nil, err
	}
	line, err := s.b.appendLine(line, limit-len(line))
	if len(line) == 0 {
		return nil, err
	}
	if isEOF(err) {
		err = nil
	}
	return line, err
}
