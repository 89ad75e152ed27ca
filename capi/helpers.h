/* Private to capi: C helpers that the Go exports call. Not installed. */
#ifndef GOHTTP_HELPERS_H
#define GOHTTP_HELPERS_H
#include "gohttp_types.h"

/* Private typedefs through which cgo emits const-qualified parameters;
 * build.sh writes them as "const char *" and so on in gohttp.h. */
typedef const char gohttp__cchar;
typedef const gohttp_header gohttp__cheader;
typedef const size_t gohttp__csize;

/* The fork guard (helpers.c): 1 in a child process of the one that
 * loaded the library. */
extern volatile int *gohttp__alive;
extern int gohttp__check_pid;
int gohttp__forked_slow(void);
static inline int gohttp__is_forked(void) {
	if (__builtin_expect(*gohttp__alive == 0, 0))
		return 1;
	return gohttp__check_pid && gohttp__forked_slow();
}
uintptr_t gohttp__thread_id(void);
int gohttp__call_body(gohttp_body_fn f, void *u, const char **d, size_t *n);
void gohttp__call_debug(gohttp_debug_fn f, void *u, const char *l, size_t n);
int gohttp__call_read(gohttp_read_fn f, void *u, char *b, size_t c, size_t *n);
int gohttp__call_write(gohttp_write_fn f, void *u, const char *d, size_t l, size_t *n);
int gohttp__call_file(gohttp_file_fn f, void *u, int op, char *b, size_t c, size_t *n);
void gohttp__call_close(gohttp_close_fn f, void *u);
void gohttp__fill_error(gohttp_error *out, int code, int sys_errno, int64_t expected, const char *message,
                        const char *arg, size_t arg_len, const char *partial, size_t partial_len);
#endif
