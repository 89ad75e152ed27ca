package core

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// lineFile is a host File over data with BufferedReader's readline(n):
// up to and including a '\n', at most len(p) bytes. It counts the calls
// and the bytes asked for, and fails with fail once data runs out, if
// set.
type lineFile struct {
	r     *bufio.Reader
	calls int
	asked int
	fail  error
}

func newLineFile(data string) *lineFile {
	return &lineFile{r: bufio.NewReader(strings.NewReader(data))}
}

func (f *lineFile) ReadLine(p []byte) (int, error) {
	f.calls++
	f.asked += len(p)
	n := 0
	for n < len(p) {
		c, err := f.r.ReadByte()
		if err != nil {
			if n == 0 && f.fail != nil {
				return 0, f.fail
			}
			break
		}
		p[n] = c
		n++
		if c == '\n' {
			break
		}
	}
	return n, nil
}

func (f *lineFile) ReadFull(p []byte) (int, error) {
	f.calls++
	return io.ReadFull(f.r, p)
}

func (f *lineFile) Read1(p []byte) (int, error) { panic("Read1") }

// Peek gives what a reader with a buffer of f.r's size holds: up to the
// buffer's size (the buffer is filled once when empty).
func (f *lineFile) Peek(p []byte) (int, error) {
	f.calls++
	if f.r.Buffered() == 0 {
		f.r.Peek(1) // one fill
	}
	b, _ := f.r.Peek(min(f.r.Buffered(), len(p)))
	return copy(p, b), nil
}

// lineOnly is a fileReader without appendBlock, so that
// appendHeaderBlock reads it line by line.
type lineOnly struct{ h fileReader }

func (l lineOnly) read(n int64) ([]byte, error)       { return l.h.read(n) }
func (l lineOnly) readInto(p []byte) (int, error)     { return l.h.readInto(p) }
func (l lineOnly) read1(n int64) ([]byte, error)      { return l.h.read1(n) }
func (l lineOnly) peek() ([]byte, error)              { return l.h.peek() }
func (l lineOnly) readLine(limit int) ([]byte, error) { return l.h.readLine(limit) }

// TestFileHeaderBlock: a header block taken whole from a host File is
// what the line-by-line loop makes of it, for blocks within and past the
// limits and buffers that hold all, part or none of the block: the same
// bytes, the same line ends, the same error, and the host's reader left
// at the same place. A block the reader holds is taken in two calls.
func TestFileHeaderBlock(t *testing.T) {
	const maxLine, maxHeaders = 100, 5
	line := func(n int, end string) string { return strings.Repeat("h", n-len(end)) + end }
	blocks := []string{
		"\r\n", "\n", "",
		"A: b\r\n\r\n",
		"A: b\nC: d\r\n\n",
		line(maxLine, "\r\n") + "\r\n",
		line(maxLine+1, "\r\n") + "\r\n",
		line(maxLine+50, "\n") + "\r\n",
		strings.Repeat("A: b\r\n", maxHeaders-1) + "\r\n",
		strings.Repeat("A: b\r\n", maxHeaders) + "\r\n",
		strings.Repeat("A: b\r\n", maxHeaders+3) + "\r\n",
		"A: b\r\nno end",
		"A: b\rC: d\r\n\r\n",
	}
	for _, block := range blocks {
		for _, bufSize := range []int{16, 64, 4096} {
			wire := block + "BODY"
			var got [2]string
			var rest [2]string
			var ends [2][]int
			var errs [2]error
			var calls [2]int
			for i := range 2 {
				f := &lineFile{r: bufio.NewReaderSize(strings.NewReader(wire), bufSize)}
				var r reader = fileReader{f}
				if i == 1 {
					r = lineOnly{fileReader{f}}
					if _, ok := r.(blockReader); ok {
						t.Fatal("lineOnly takes blocks whole")
					}
				}
				out, err := appendHeaderBlock([]byte("pre"), r, maxLine, maxHeaders, "header line",
					func(end int) { ends[i] = append(ends[i], end) })
				got[i], errs[i], calls[i] = string(out), err, f.calls
				left, _ := io.ReadAll(f.r)
				rest[i] = string(left)
			}
			name := fmt.Sprintf("block %q, buffer %d", block, bufSize)
			if got[0] != got[1] || rest[0] != rest[1] || fmt.Sprint(errs[0]) != fmt.Sprint(errs[1]) ||
				fmt.Sprint(ends[0]) != fmt.Sprint(ends[1]) {
				t.Errorf("%s: whole %q %v %v, rest %q; line by line %q %v %v, rest %q", name,
					got[0], errs[0], ends[0], rest[0], got[1], errs[1], ends[1], rest[1])
			}
			if bufSize == 4096 && errs[1] == nil && strings.HasSuffix(got[1], "\n") && calls[0] != 2 {
				t.Errorf("%s: %d calls to the host; want 2", name, calls[0])
			}
		}
	}
}

// TestFileReadLine: readline(limit) through a host File gives what
// BufferedReader.readline(limit) gives, line after line, for lines
// around the sizes at which it asks for more room; a short line takes
// one call and asks for little room.
func TestFileReadLine(t *testing.T) {
	var lines []string
	for _, n := range []int{0, 1, 2, 100, 254, 255, 256, 257, 511, 512, 513, 1000, 5000, 70000} {
		lines = append(lines, strings.Repeat("x", n)+"\r\n", strings.Repeat("y", n)+"\n")
	}
	data := strings.Join(lines, "") + "no end"
	for _, limit := range []int{1, 2, 255, 256, 257, 1000, 65537} {
		f := newLineFile(data)
		h := fileReader{f}
		want := bufio.NewReader(strings.NewReader(data))
		for i := 0; ; i++ {
			got, err := h.readLine(limit)
			// BufferedReader.readline(limit): up to '\n' or limit bytes.
			var exp []byte
			for len(exp) < limit {
				c, e := want.ReadByte()
				if e != nil {
					break
				}
				exp = append(exp, c)
				if c == '\n' {
					break
				}
			}
			if len(exp) == 0 {
				if err != io.EOF || got != nil {
					t.Fatalf("limit %d, line %d: got %q, %v; want the end (io.EOF)", limit, i, got, err)
				}
				break
			}
			if err != nil || !bytes.Equal(got, exp) {
				t.Fatalf("limit %d, line %d: got %d bytes (%v), want %d", limit, i, len(got), err, len(exp))
			}
		}
	}
	f := newLineFile("Content-Type: text/plain\r\n")
	if got, err := (fileReader{f}).readLine(65537); err != nil || string(got) != "Content-Type: text/plain\r\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	if f.calls != 1 || f.asked > firstLinePiece {
		t.Errorf("a short line took %d calls asking for %d bytes; want 1 call and at most %d", f.calls, f.asked, firstLinePiece)
	}
}

// TestFileReadLineError: a failure before anything is read is the
// error; after part of a line, the part comes back with it.
func TestFileReadLineError(t *testing.T) {
	boom := errors.New("boom")
	f := newLineFile("")
	f.fail = boom
	if got, err := (fileReader{f}).readLine(100); got != nil || err != boom {
		t.Fatalf("got %q, %v; want nil, boom", got, err)
	}
	f = newLineFile(strings.Repeat("z", firstLinePiece))
	f.fail = boom
	if got, err := (fileReader{f}).readLine(1000); len(got) != firstLinePiece || err != boom {
		t.Fatalf("got %d bytes, %v; want %d, boom", len(got), err, firstLinePiece)
	}
	if got, err := (fileReader{newLineFile("abc")}).readLine(0); got != nil || err != io.EOF {
		t.Fatalf("limit 0: got %q, %v; want nil, io.EOF", got, err)
	}
}
