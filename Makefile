# gohttp: `make` builds, `make demo` runs the examples against a local
# server, `make serve` runs that server on a fixed port, `make test` runs
# every test (Go, C, Python, the wheel), `make test-long` the soak
# (DURATION=seconds, default 180), `make bench` runs the benchmarks
# (written to build/bench/RESULTS.md; `make bench UPDATE=1` writes the
# tracked bench/RESULTS.md; BENCH_SCALE=0.3 for a shorter run),
# `make install PREFIX=...` installs the C library, `make wheel` builds
# the Python wheel into build/dist.
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

# make serve: the example server's plain HTTP port, and how long it runs.
PORT ?= 8080
LIFETIME ?= 1h

.PHONY: all build header demo serve wheel test test-long test-go test-c test-python test-wheel test-node test-header bench install clean

all: build

build:
	./build.sh

# Regenerate the committed header after changing capi/.
header:
	./build.sh header

demo: build
	scripts/demo.sh

# The local server of the demo and the tests, its plain HTTP listener on
# 127.0.0.1:$(PORT) (the other listeners on free ports, printed at start).
# Stops on Ctrl-C or after $(LIFETIME).
serve: build
	build/bin/testsrv -http-port $(PORT) -lifetime $(LIFETIME)

# The Python wheel, with the standard library only (scripts/make_wheel.py):
# build/dist/gohttp-VERSION-py3-none-manylinux_2_Y_x86_64.whl
wheel: build
	python3 scripts/make_wheel.py

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

test-wheel: build
	scripts/test.sh wheel

test-node: build
	scripts/test.sh node

test-header: build
	scripts/test.sh header

# make bench: every benchmark (scripts/bench.sh), a few minutes.
bench: build
	UPDATE="$(UPDATE)" scripts/bench.sh

install: build
	scripts/install.sh "$(DESTDIR)" "$(PREFIX)" "$(LIBDIR)" "$(INCLUDEDIR)"

clean:
	rm -rf build
