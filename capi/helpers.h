/* Private to capi: C helpers that the Go exports call. Not installed. */
#ifndef GOHTTP_HELPERS_H
#define GOHTTP_HELPERS_H
#include "gohttp_types.h"

/* Private typedefs through which cgo emits const-qualified parameters;
 * internal/genheader writes them as "const char *" and so on. */
typedef const char gohttp__cchar;
typedef const void gohttp__cvoid;
typedef const gohttp_header gohttp__cheader;
typedef const int64_t gohttp__cint64;
typedef const char *const gohttp__cstrp;
typedef const gohttp_transport gohttp__ctransport;

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
int gohttp__call_body(gohttp_body_fn f, void *u, const void **d, int64_t *n);
void gohttp__call_debug(gohttp_debug_fn f, void *u, const char *l, int64_t n);
int gohttp__call_read(gohttp_read_fn f, void *u, void *b, int64_t c, int64_t *n);
int gohttp__call_write(gohttp_write_fn f, void *u, const void *d, int64_t l, int64_t *n);
int gohttp__call_file(gohttp_file_fn f, void *u, int op, void *b, int64_t c, int64_t *n);
void gohttp__call_close(gohttp_close_fn f, void *u);

/* The calling thread's last error, kept in C memory (a pthread key whose
 * destructor frees it when the thread exits). set copies every byte. */
/* Records the calling thread's last error, taking ownership of msg, arg
 * and partial (malloc'd, NUL-terminated, NULL when absent). */
void gohttp__set_error(int code, int os_error, int64_t expected, char *msg, char *arg, int64_t arg_len,
                       char *partial, int64_t partial_len);
int gohttp__get_error(gohttp_error *out);
void gohttp__clear_error(void);
#endif
