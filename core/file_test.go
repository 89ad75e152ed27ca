package core

import (
	"bufio"
	"bytes"
	"errors"
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

func (f *lineFile) ReadFull(p []byte) (int, error) { panic("ReadFull") }
func (f *lineFile) Read1(p []byte) (int, error)    { panic("Read1") }
func (f *lineFile) Peek(p []byte) (int, error)     { panic("Peek") }

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
