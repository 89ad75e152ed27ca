/* C helpers for the Go exports: calls through caller function pointers
 * (Go cannot call a C function pointer itself) and the fork guard. */
#include <pthread.h>
#include <stdio.h>
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
