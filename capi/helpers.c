/* C helpers for the Go exports: calls through caller function pointers
 * (Go cannot call a C function pointer itself) and the fork guard. */
#include <pthread.h>
#include <stdio.h>
#include "helpers.h"

/* The Go runtime does not survive fork(): a child must not enter it
 * beyond reading this flag, which a pthread_atfork handler sets. */
static volatile int forked;
static void atfork_child(void) { forked = 1; }
__attribute__((constructor)) static void init_fork_guard(void) {
	pthread_atfork(NULL, NULL, atfork_child);
}
int gohttp__is_forked(void) { return forked; }

/* The calling thread, to keep each thread's last error apart. */
uintptr_t gohttp__thread_id(void) { return (uintptr_t)pthread_self(); }

int gohttp__call_body(gohttp_body_fn f, void *u, const char **d, size_t *n) { return f(u, d, n); }

void gohttp__call_debug(gohttp_debug_fn f, void *u, const char *l, size_t n) {
	if (f) {
		f(u, l, n);
		return;
	}
	fwrite(l, 1, n, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

int gohttp__call_read(gohttp_read_fn f, void *u, char *b, size_t c, size_t *n) { return f(u, b, c, n); }
int gohttp__call_write(gohttp_write_fn f, void *u, const char *d, size_t l, size_t *n) { return f(u, d, l, n); }
int gohttp__call_file(gohttp_file_fn f, void *u, int op, char *b, size_t c, size_t *n) { return f(u, op, b, c, n); }
void gohttp__call_close(gohttp_close_fn f, void *u) { if (f) f(u); }

/* gohttp__fill_error stores a handle's last error in the caller's struct
 * (in C: see errState.fill). */
void gohttp__fill_error(gohttp_error *out, int code, int sys_errno, int64_t expected, const char *message,
                        const char *arg, size_t arg_len, const char *partial, size_t partial_len) {
    out->code = code;
    out->sys_errno = sys_errno;
    out->expected = expected;
    out->message = message;
    out->arg = arg;
    out->arg_len = arg_len;
    out->partial = partial;
    out->partial_len = partial_len;
}
