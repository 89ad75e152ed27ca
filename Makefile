# gohttp: `make` builds, `make demo` runs the examples against a local
# server, `make test` runs every test (Go, C, Python), `make test-long`
# the soak (DURATION=seconds, default 180), `make bench` runs
# the benchmarks, `make install PREFIX=...` installs the C library.
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

.PHONY: all build header demo test test-long test-go test-c test-python test-header bench install clean

all: build

build:
	./build.sh

# Regenerate the committed header after changing capi/.
header:
	./build.sh header

demo: build
	scripts/demo.sh

test: build
	scripts/test.sh

# A soak, not part of make test: 16 threads of healthy and hostile
# exchanges for DURATION seconds (default 180), resources checked flat.
test-long: build
	scripts/soak.sh

test-go:
	scripts/test.sh go

test-c: build
	scripts/test.sh c

test-python: build
	scripts/test.sh python

bench: build
	scripts/bench.sh

install: build
	scripts/install.sh "$(DESTDIR)" "$(PREFIX)" "$(LIBDIR)" "$(INCLUDEDIR)"

clean:
	rm -rf build
