/* C helpers for the Go exports: calls through caller function pointers
 * (Go cannot call a C function pointer itself) and the fork guard. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "helpers.h"

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

/* The fork guard. The Go runtime does not survive fork(): a child must
 * not enter it. Every exported function first reads *gohttp__alive
 * (gohttp__is_forked in helpers.h), which is 1 in the process that loaded
 * the library and 0 in any child, however it was made:
 *   - it points into a page marked MADV_WIPEONFORK, which the kernel
 *     gives every child as zeros: fork(), vfork-less posix_spawn, glibc's
 *     _Fork() and a raw clone() without CLONE_VM, none of which need run
 *     pthread_atfork handlers. One load per call.
 *   - where madvise refuses (a kernel before 4.14, some sandboxes) it
 *     points to alive_fallback, which a pthread_atfork child handler
 *     clears, and each call also compares getpid() with the pid recorded
 *     at load, for the children that skip the handlers.
 * Threads (clone with CLONE_VM) share the page and are not children. */
static volatile int alive_fallback = 1;
volatile int *gohttp__alive = &alive_fallback;
int gohttp__check_pid;
static pid_t loaded_pid;

static void atfork_child(void) { alive_fallback = 0; }

__attribute__((constructor)) static void init_fork_guard(void) {
	long size = sysconf(_SC_PAGESIZE);
	if (size <= 0)
		size = 4096;
	void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED && madvise(p, (size_t)size, MADV_WIPEONFORK) == 0) {
		*(volatile int *)p = 1;
		gohttp__alive = p;
	} else {
		if (p != MAP_FAILED)
			munmap(p, (size_t)size);
		loaded_pid = getpid();
		gohttp__check_pid = 1;
	}
	pthread_atfork(NULL, NULL, atfork_child);
}

int gohttp__forked_slow(void) { return getpid() != loaded_pid; }

int gohttp__call_body(gohttp_body_fn f, void *u, const void **d, int64_t *n) { return f(u, d, n); }

void gohttp__call_debug(gohttp_debug_fn f, void *u, const char *l, int64_t n) {
	if (f) {
		f(u, l, n);
		return;
	}
	fwrite(l, 1, (size_t)n, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

int gohttp__call_read(gohttp_read_fn f, void *u, void *b, int64_t c, int64_t *n) { return f(u, b, c, n); }
int gohttp__call_write(gohttp_write_fn f, void *u, const void *d, int64_t l, int64_t *n) { return f(u, d, l, n); }
int gohttp__call_file(gohttp_file_fn f, void *u, int op, void *b, int64_t c, int64_t *n) { return f(u, op, b, c, n); }
void gohttp__call_close(gohttp_close_fn f, void *u) { if (f) f(u); }

/* The per-thread last error (rule 9). One record per thread that ever
 * failed a call, freed by the key's destructor when the thread exits. */
struct last_error {
	int code, os_error;
	int64_t expected;
	char *msg, *arg, *partial;
	int64_t arg_len, partial_len;
};

static pthread_key_t error_key;
static pthread_once_t error_once = PTHREAD_ONCE_INIT;

static void error_clear(struct last_error *e) {
	free(e->msg);
	free(e->arg);
	free(e->partial);
	memset(e, 0, sizeof *e);
}

static void error_free(void *p) {
	if (p) {
		error_clear(p);
		free(p);
	}
}

static void error_key_init(void) { pthread_key_create(&error_key, error_free); }

void gohttp__set_error(int code, int os_error, int64_t expected, char *msg, char *arg, int64_t arg_len,
                       char *partial, int64_t partial_len) {
	pthread_once(&error_once, error_key_init);
	struct last_error *e = pthread_getspecific(error_key);
	if (!e) {
		e = calloc(1, sizeof *e);
		if (!e || pthread_setspecific(error_key, e) != 0) {
			free(e);
			free(msg);
			free(arg);
			free(partial);
			return;
		}
	}
	error_clear(e);
	e->code = code;
	e->os_error = os_error;
	e->expected = expected;
	e->msg = msg;
	e->arg = arg;
	e->arg_len = arg ? arg_len : 0;
	e->partial = partial;
	e->partial_len = partial ? partial_len : 0;
}

/* Clears the calling thread's last error (GOHTTP_OK, "no error"). */
void gohttp__clear_error(void) {
	pthread_once(&error_once, error_key_init);
	struct last_error *e = pthread_getspecific(error_key);
	if (e)
		error_clear(e);
}

/* The fields of gohttp_error that fit in out->size are filled. */
int gohttp__get_error(gohttp_error *out) {
	pthread_once(&error_once, error_key_init);
	struct last_error *e = pthread_getspecific(error_key);
	static const struct last_error none;
	if (!e)
		e = (struct last_error *)&none;
	gohttp_error v;
	memset(&v, 0, sizeof v);
	v.size = out->size;
	v.code = e->code;
	v.os_error = e->os_error;
	v.expected = e->code == GOHTTP_E_INCOMPLETE_READ ? e->expected : -1;
	v.message = e->msg ? e->msg : "no error";
	v.arg = e->arg;
	v.arg_len = e->arg_len;
	v.partial = e->partial;
	v.partial_len = e->partial_len;
	memcpy(out, &v, (size_t)out->size < sizeof v ? (size_t)out->size : sizeof v);
	return GOHTTP_OK;
}
