package core

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
)

// The chunked readinto that decodes in the caller's memory
// (readIntoChunkedOwn) against the ordinary one (readIntoChunked): the
// same wire, delivered in the same pieces, must give the same results
// call for call: counts, bytes, errors, partials, trailers, and the state
// later reads see.

// pieceTransport serves data in pieces: a Read stops at every cut, and at
// errAt it fails once with errPiece (then goes on serving).
type pieceTransport struct {
	data    []byte
	cuts    []int // increasing offsets
	errAt   int   // -1: never
	off     int
	errDone bool
	reads   int
}

var errPiece = errors.New("piece: injected failure")

func (t *pieceTransport) Read(p []byte) (int, error) {
	t.reads++
	if t.off == t.errAt && !t.errDone {
		t.errDone = true
		return 0, errPiece
	}
	if t.off >= len(t.data) {
		return 0, io.EOF
	}
	end := len(t.data)
	for _, c := range t.cuts {
		if c > t.off {
			end = min(end, c)
			break
		}
	}
	if t.errAt > t.off && !t.errDone {
		end = min(end, t.errAt)
	}
	n := copy(p, t.data[t.off:end])
	t.off += n
	return n, nil
}
func (t *pieceTransport) Write(p []byte) (int, error) { return len(p), nil }
func (t *pieceTransport) Close() error                { return nil }

const ownHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

// pattern is n body bytes that differ from their neighbours, so a byte
// out of place shows.
func pattern(n, seed int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + (i*7+seed)%26)
	}
	return string(b)
}

// chunks builds a chunked body from sizes, each size line written by line
// (nil: "%x\r\n").
func chunks(sizes []int, line func(i, size int) string, end string) string {
	var b strings.Builder
	for i, n := range sizes {
		if line != nil {
			b.WriteString(line(i, n))
		} else {
			fmt.Fprintf(&b, "%x\r\n", n)
		}
		b.WriteString(pattern(n, i))
		b.WriteString("\r\n")
	}
	b.WriteString(end)
	return b.String()
}

// step is one call of a read sequence and what it gave.
type step struct {
	n       int
	data    string
	err     string
	partial string
}

func (s step) String() string {
	return fmt.Sprintf("n=%d data=%q err=%q partial=%q", s.n, clip(s.data), s.err, clip(s.partial))
}

func clip(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%s...(%d bytes)...%s", s[:16], len(s), s[len(s)-16:])
	}
	return s
}

func stepOf(n int, data []byte, err error) step {
	s := step{n: n, data: string(data)}
	if err != nil {
		s.err = fmt.Sprintf("%T %v", err, err)
		if e, ok := err.(*IncompleteReadError); ok {
			s.partial = string(e.Partial)
		}
	}
	return s
}

// readSeq reads a response of wire (given in pieces as tr says) with
// readinto calls of the sizes in sizes (cycled), own choosing the decoder,
// until the body ends or 200 calls; then, if the response still holds its
// socket, a readline and a read(100) of what follows. It returns every
// call's result and the final state.
func readSeq(t *testing.T, tr *pieceTransport, maxLine int, sizes []int, own bool) []step {
	t.Helper()
	r := NewResponse(tr, "GET")
	if maxLine > 0 {
		r.maxLine = maxLine
	}
	if err := r.Begin(); err != nil {
		t.Fatalf("Begin: %v", err)
	}
	var steps []step
	for i := 0; i < 200 && r.fp != nil; i++ {
		p := make([]byte, sizes[i%len(sizes)])
		var n int
		var err error
		if own {
			n, err = r.ReadInto(p)
		} else {
			n, err = r.readIntoChunked(p)
		}
		steps = append(steps, stepOf(n, p[:n], err))
		if n == 0 && err == nil {
			break
		}
		if err != nil && !errors.Is(err, errPiece) {
			break
		}
	}
	if r.fp != nil {
		line, err := r.Readline(-1)
		steps = append(steps, stepOf(len(line), line, err))
		data, err := r.Read(100)
		steps = append(steps, stepOf(len(data), data, err))
	}
	steps = append(steps, step{data: fmt.Sprintf("end: closed=%v chunkLeft=%d trailersRead=%v trailers=%q",
		r.IsClosed(), r.chunkLeft, r.trailersRead, r.Trailers)})
	return steps
}

// same reads wire both ways, in the pieces cuts make, and fails on the
// first difference.
func same(t *testing.T, name, wire string, cuts []int, errAt, maxLine int, sizes []int) {
	t.Helper()
	mk := func() *pieceTransport {
		return &pieceTransport{data: []byte(wire), cuts: cuts, errAt: errAt}
	}
	want := readSeq(t, mk(), maxLine, sizes, false)
	got := readSeq(t, mk(), maxLine, sizes, true)
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g step
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("%s (cuts %v, error at %d, reads of %v): call %d\n got  %v\n want %v", name, cuts, errAt, sizes, i, g, w)
		}
	}
}

// chunkedCases are bodies (after the head) with what the decoder must get
// right; maxLine 0 is the default.
var chunkedCases = []struct {
	name    string
	body    string
	maxLine int
}{
	{"plain", chunks([]int{1000, 1, 3000, 17, 5000, 2, 4096}, nil, "0\r\n\r\n"), 0},
	{"one big chunk", chunks([]int{20000}, nil, "0\r\n\r\n"), 0},
	{"extensions", chunks([]int{900, 4000, 3, 7000}, func(i, n int) string {
		return fmt.Sprintf("%x;name=%d;q=\"a;b\"\r\n", n, i)
	}, "0;last=1\r\n\r\n"), 0},
	{"python int forms", chunks([]int{1500, 2500, 3500, 4500, 100}, func(i, n int) string {
		return []string{"  %x  \r\n", "0x%x\r\n", "%X\r\n", "000%x\r\n", "+%x\t\r\n"}[i%5]
	}, "0\r\n\r\n"), 0},
	{"bare LF", chunks([]int{3000, 6000, 10}, func(i, n int) string { return fmt.Sprintf("%x\n", n) }, "0\n\n"), 0},
	{"trailers", chunks([]int{4000, 9000}, nil, "0\r\nX-One: 1\r\nX-Two: two\r\n\r\n"), 0},
	{"bytes after the body", chunks([]int{5000, 5000}, nil, "0\r\n\r\nHTTP/1.1 200 OK\r\nGarbage: yes\r\n\r\n"+strings.Repeat("z", 9000)), 0},
	{"no final CRLF", chunks([]int{6000, 4000}, nil, "0\r\n"), 0},
	{"ends after data", chunks([]int{6000, 4000}, nil, ""), 0},
	{"malformed size", chunks([]int{7000, 3000}, nil, "zz\r\n"+pattern(100, 9)+"\r\n0\r\n\r\n"), 0},
	{"negative size", chunks([]int{7000, 3000}, nil, "-5\r\nabcde\r\n0\r\n\r\n"), 0},
	{"empty size line", chunks([]int{7000, 3000}, nil, "\r\n"), 0},
	{"long size line", chunks([]int{3000, 4000}, func(i, n int) string {
		if i == 1 {
			return fmt.Sprintf("%x;%s\r\n", n, strings.Repeat("e", 200))
		}
		return fmt.Sprintf("%x\r\n", n)
	}, "0\r\n\r\n"), 100},
	{"size line of maxLine", chunks([]int{3000, 4000}, func(i, n int) string {
		return fmt.Sprintf("%x;%s\r\n", n, strings.Repeat("e", 100-len(fmt.Sprintf("%x;", n))-2))
	}, "0\r\n\r\n"), 100},
	{"long trailer", chunks([]int{8000}, nil, "0\r\nX: "+strings.Repeat("t", 300)+"\r\n\r\n"), 100},
	{"huge size", "ffffffffffffffffffff\r\n" + pattern(12000, 3), 0},
	{"CRLF not checked", "1000\r\n" + pattern(4096, 1) + "XY" + "2000\r\n" + pattern(8192, 2) + "\r\n0\r\n\r\n", 0},
}

var readSizes = [][]int{{8192}, {9000}, {65536}, {8192, 100, 20000, 8192 + 7}}

// TestChunkedOwnWhole: every case in one piece and in pieces of a few
// fixed sizes.
func TestChunkedOwnWhole(t *testing.T) {
	for _, c := range chunkedCases {
		wire := ownHead + c.body
		for _, piece := range []int{0, 1, 7, 100, 4096, 8192, 16384} {
			var cuts []int
			if piece > 0 {
				for o := piece; o < len(wire); o += piece {
					cuts = append(cuts, o)
				}
			}
			for _, sizes := range readSizes {
				same(t, c.name, wire, cuts, -1, c.maxLine, sizes)
			}
		}
	}
}

// TestChunkedOwnSplits: the wire split in two at every offset, so every
// header, extension, trailer and data boundary falls between two reads.
func TestChunkedOwnSplits(t *testing.T) {
	for _, c := range chunkedCases {
		wire := ownHead + c.body
		if len(wire) > 30000 {
			continue
		}
		for at := 1; at < len(wire); at++ {
			// Every offset near a line end or an extension, a few in
			// between.
			near := strings.ContainsAny(wire[max(0, at-12):min(len(wire), at+12)], "\n;")
			if !near && at%97 != 0 {
				continue
			}
			same(t, c.name, wire, []int{at}, -1, c.maxLine, readSizes[0])
			same(t, c.name, wire, []int{at, at + 5}, -1, c.maxLine, readSizes[3])
		}
	}
}

// TestChunkedOwnTruncated: the stream ends at every offset (EOF in a size
// line, in data, in the CRLF after it, in the trailers).
func TestChunkedOwnTruncated(t *testing.T) {
	body := chunks([]int{3000, 5, 6000}, func(i, n int) string {
		return fmt.Sprintf("%x;x=%d\r\n", n, i)
	}, "0\r\nX-T: 1\r\n\r\n")
	wire := ownHead + body
	for end := len(ownHead); end <= len(wire); end++ {
		cut := wire[:end]
		same(t, "truncated", cut, nil, -1, 0, readSizes[0])
		same(t, "truncated", cut, []int{len(ownHead) + 3000}, -1, 0, readSizes[2])
	}
}

// TestChunkedOwnFailure: a read fails (as a timeout would) at every
// offset, and reading goes on after it.
func TestChunkedOwnFailure(t *testing.T) {
	body := chunks([]int{3000, 5, 6000}, nil, "0\r\nX-T: 1\r\n\r\n")
	wire := ownHead + body
	for at := len(ownHead); at <= len(wire); at++ {
		same(t, "failure", wire, nil, at, 0, readSizes[0])
		same(t, "failure", wire, []int{at + 2}, at, 0, readSizes[3])
	}
}

// TestChunkedOwnRandom: random bodies in random pieces.
func TestChunkedOwnRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	rounds := 300
	if testing.Short() {
		rounds = 30
	}
	for round := 0; round < rounds; round++ {
		var sizes []int
		for n := rng.Intn(12) + 1; n > 0; n-- {
			sizes = append(sizes, []int{1, 2, rng.Intn(50) + 1, rng.Intn(5000) + 1, rng.Intn(20000) + 1}[rng.Intn(5)])
		}
		body := chunks(sizes, func(i, n int) string {
			if rng.Intn(3) == 0 {
				return fmt.Sprintf("%x;e=%d\r\n", n, rng.Intn(1000))
			}
			return fmt.Sprintf("%x\r\n", n)
		}, []string{"0\r\n\r\n", "0\r\nA: b\r\n\r\n", "0\r\n\r\nafter", "0\r\n"}[rng.Intn(4)])
		wire := ownHead + body
		if rng.Intn(4) == 0 {
			wire = wire[:len(ownHead)+rng.Intn(len(body))]
		}
		var cuts []int
		for o := rng.Intn(9000) + 1; o < len(wire); o += rng.Intn(9000) + 1 {
			cuts = append(cuts, o)
		}
		reads := []int{8192 + rng.Intn(70000), rng.Intn(9000) + 1, 8192}
		same(t, fmt.Sprintf("random %d", round), wire, cuts, -1, 0, reads)
	}
}

// TestChunkedOwnReadsLarge: a body received in large pieces is read in as
// few socket reads as the pieces allow, not 8 KiB at a time.
func TestChunkedOwnReadsLarge(t *testing.T) {
	wire := chunkedWire(1<<20, 16<<10)
	tr := &pieceTransport{data: []byte(wire), errAt: -1}
	for o := 64 << 10; o < len(wire); o += 64 << 10 {
		tr.cuts = append(tr.cuts, o)
	}
	r := NewResponse(tr, "GET")
	if err := r.Begin(); err != nil {
		t.Fatal(err)
	}
	p := make([]byte, 64<<10)
	var got bytes.Buffer
	for i := 0; i < 1000; i++ {
		n, err := r.ReadInto(p)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		got.Write(p[:n])
	}
	if got.Len() != 1<<20 || strings.Trim(got.String(), "x") != "" {
		t.Fatalf("read %d bytes", got.Len())
	}
	// 17 pieces of 64 KiB; with 8 KiB reads it would be about 130.
	if tr.reads > 40 {
		t.Errorf("%d reads from the transport for %d bytes", tr.reads, len(wire))
	}
}

// TestSpliceReader: bytes put back in front of the reader read as if they
// were buffered: read, readinto, read1, peek, readline, and the error
// after them.
func TestSpliceReader(t *testing.T) {
	mk := func(head string, err error) *spliceReader {
		tr := &pieceTransport{data: []byte("rest\nof it"), errAt: -1}
		rd, _ := newReader(newSock(tr, 0), nil)
		return &spliceReader{head: []byte(head), err: err, b: rd.(bufReader)}
	}
	s := mk("ab\ncd", nil)
	if line, err := s.readLine(100); string(line) != "ab\n" || err != nil {
		t.Fatalf("readLine: %q %v", line, err)
	}
	if line, err := s.readLine(100); string(line) != "cdrest\n" || err != nil {
		t.Fatalf("readLine across: %q %v", line, err)
	}
	s = mk("abc", nil)
	if data, err := s.read(5); string(data) != "abcre" || err != nil {
		t.Fatalf("read: %q %v", data, err)
	}
	s = mk("abc", nil)
	p := make([]byte, 20)
	if n, err := s.readInto(p); string(p[:n]) != "abcrest\nof it" || err != nil {
		t.Fatalf("readInto: %q %v", p[:n], err)
	}
	s = mk("abc", nil)
	if data, err := s.read1(2); string(data) != "ab" || err != nil {
		t.Fatalf("read1: %q %v", data, err)
	}
	if data, err := s.peek(); string(data) != "c" || err != nil {
		t.Fatalf("peek: %q %v", data, err)
	}
	if data, err := s.read1(-1); string(data) != "c" || err != nil {
		t.Fatalf("read1 of the rest of head: %q %v", data, err)
	}
	if data, err := s.read1(-1); string(data) != "rest\nof it" || err != nil {
		t.Fatalf("read1 after head: %q %v", data, err)
	}
	s = mk("ab", errPiece)
	if line, err := s.readLine(100); string(line) != "ab" || err != errPiece {
		t.Fatalf("readLine to the error: %q %v", line, err)
	}
	if line, err := s.readLine(100); string(line) != "rest\n" || err != nil {
		t.Fatalf("readLine after the error: %q %v", line, err)
	}
	s = mk("ab", io.EOF)
	if n, err := s.readInto(p); n != 2 || err != nil {
		t.Fatalf("readInto to EOF: %d %v", n, err)
	}
	if data, err := s.read1(5); string(data) != "rest\n" || err != nil {
		t.Fatalf("read1 after EOF: %q %v", data, err)
	}
}
