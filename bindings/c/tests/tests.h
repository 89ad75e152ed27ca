/* tests.h: the small runner behind gohttp's C test suite.
 *
 * Each test is a void function listed in test_main.c. Checks do not stop
 * a test (CHECK, CHECK_RC, CHECK_MEM) unless they are REQUIRE_*: those
 * return from the test function. Handles made with the t_* helpers are
 * tracked, so that a test that returns early does not leak into the next
 * one: after each test the runner asserts gohttp_live_handles() == 0, then
 * frees whatever the failed test left behind. */
#ifndef GOHTTP_C_TESTS_H
#define GOHTTP_C_TESTS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "gohttp.h"

/* The local test server's ports and files (from the ports JSON). */
struct test_ports {
    int http, https, https_client_auth, https_expired, https_wrong_host,
        https_self_signed, proxy, stall;
    char ca[1024], client_cert[1024], client_key[1024],
        client_key_encrypted[1024], client_key_password[256];
};
extern struct test_ports P;

/* 1 for a quick run (valgrind): the loops of the heavy tests shrink. */
extern int t_quick;

/* t_wait_child waits up to 10 s for the child process pid to end and
 * stores its wait status in *status: 0. A child still running then is
 * killed and reaped: -1 (it hung). */
int t_wait_child(int pid, int *status);

/* Failure reporting. */
void t_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int t_check(int ok, const char *file, int line, const char *expr);
int t_checkf(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int t_check_rc(const char *file, int line, const char *expr, int got, int want);
int t_check_mem(const char *file, int line, const char *expr,
                const void *got, size_t got_len, const char *want, size_t want_len);
int t_check_contains(const char *file, int line, const char *expr,
                     const char *hay, size_t hay_len, const char *needle);
/* t_note prints an informational line (indented) under the current test. */
void t_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(c) t_check(!!(c), __FILE__, __LINE__, #c)
#define CHECKF(c, ...) t_checkf(!!(c), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_RC(expr, want) t_check_rc(__FILE__, __LINE__, #expr, (expr), (want))
/* CHECK_MEM compares (p, n) with the string literal or C string s. */
#define CHECK_MEM(p, n, s) t_check_mem(__FILE__, __LINE__, #p, (p), (n), (s), strlen(s))
#define CHECK_STR(p, s) t_check_mem(__FILE__, __LINE__, #p, (p), (p) ? strlen(p) : 0, (s), strlen(s))
#define CHECK_CONTAINS(p, n, s) t_check_contains(__FILE__, __LINE__, #p, (p), (n), (s))
#define REQUIRE(c) do { if (!CHECK(c)) return; } while (0)
#define REQUIRE_RC(expr, want) do { if (!CHECK_RC(expr, want)) return; } while (0)

/* Tracked handles. t_conn connects nothing: it makes a connection to
 * 127.0.0.1:port with a 10 s timeout. t_request sends method url with no
 * body and returns the response (NULL after reporting a failure). */
gohttp_conn *t_conn(int port);
void t_track_conn(gohttp_conn *c);
void t_track_resp(gohttp_resp *r);
void t_untrack(const void *h);
void t_free_conn(gohttp_conn *c);   /* frees, checks GOHTTP_OK, untracks */
void t_free_resp(gohttp_resp *r);
gohttp_resp *t_getresponse(gohttp_conn *c);
gohttp_resp *t_request(gohttp_conn *c, const char *method, const char *url);
/* Host transports from separate callbacks (a gohttp_transport made on
 * the stack): read or file, write, close (may be NULL), user. */
int t_set_transport(gohttp_conn *c, gohttp_read_fn rd, gohttp_write_fn wr, gohttp_close_fn cl, void *user);
int t_set_transport_file(gohttp_conn *c, gohttp_file_fn f, gohttp_write_fn wr, gohttp_close_fn cl, void *user);
int t_resp_new(gohttp_read_fn rd, gohttp_close_fn cl, void *user, const char *method, int64_t method_len,
               gohttp_resp **out);
int t_resp_new_file(gohttp_file_fn f, gohttp_close_fn cl, void *user, const char *method, int64_t method_len,
                    gohttp_resp **out);
/* t_putheader is gohttp_conn_putheader with one value. */
int t_putheader(gohttp_conn *c, const char *name, int64_t name_len, const char *value, int64_t value_len);

/* t_readall reads the whole body with gohttp_resp_readall into a buffer
 * it mallocs (NUL-terminated; free it), its length in *n. NULL on error. */
char *t_readall(gohttp_resp *r, int64_t *n);
/* t_status returns the response's status code (0 on error). */
int t_status(gohttp_resp *r);
/* t_rinfo and t_cinfo return gohttp_resp_info / gohttp_conn_info (with
 * size set; status/port 0 after reporting a failure). */
struct gohttp_resp_info t_rinfo(gohttp_resp *r);
struct gohttp_conn_info t_cinfo(gohttp_conn *c);
/* The calling thread's last error (gohttp_last_error): t_errmsg returns
 * its message (a copy, valid until the thread's next t_err* call),
 * t_errcode its code; t_lasterr fills the whole struct. */
const char *t_errmsg(void);
int t_errcode(void);
gohttp_error t_lasterr(void);
/* t_resp_get and t_conn_get fetch a gohttp_resp_get / gohttp_conn_get
 * fact (size query, then the copy) into one shared buffer valid until
 * the next call of either (NUL-terminated, its length in *n);
 * NULL, *n = 0, unless both calls agree and succeed. */
const char *t_resp_get(gohttp_resp *r, int what, int64_t *n);
const char *t_conn_get(gohttp_conn *c, int what, int64_t *n);
/* t_pattern_ok tells whether buf holds testsrv's /bytes pattern from
 * offset off ('a' + i % 26). */
int t_pattern_ok(const char *buf, size_t n, size_t off);
/* t_unused_port returns a 127.0.0.1 port nothing listens on. */
int t_unused_port(void);
/* t_connect_tcp connects a blocking TCP socket to 127.0.0.1:port. */
int t_connect_tcp(int port);
double t_now(void);

/* A scripted server: a listening socket on 127.0.0.1 and a thread that
 * runs a list of steps, for responses the real server cannot give
 * (broken bodies, bad status lines, ...). Everything received is
 * recorded. Accept and receive time out after 5 s. */
enum {
    SS_READ,   /* accept if needed, then read one whole request */
    SS_SEND,   /* accept if needed, then send data */
    SS_REPLY,  /* SS_READ then SS_SEND */
    SS_CLOSE,  /* close the current connection (the next step accepts anew) */
    SS_DRAIN,  /* read until the client closes, then close */
    SS_SLEEP,  /* sleep len milliseconds */
    SS_FLOOD   /* send data (len bytes, 0: strlen) over and over until the
                  client closes, a send times out, or 1 GiB went out;
                  then close the connection */
};
typedef struct {
    int action;
    const char *data;  /* for SS_SEND/SS_REPLY */
    size_t len;        /* 0: strlen(data); milliseconds for SS_SLEEP */
} script_step;
typedef struct script script;
script *script_start(const script_step *steps, size_t nsteps);
int script_port(const script *s);
/* script_finish waits for the thread and returns what it received (owned
 * by s until script_free), its length in *n, and the requests read in
 * *nreq and connections accepted in *nconn (both may be NULL). */
const char *script_finish(script *s, int64_t *n, int *nreq, int *nconn);
void script_free(script *s);

/* Test lists, one per file. */
typedef struct {
    const char *name;
    void (*fn)(void);
    int flags;
} test_case;
#define T_HEAVY 1  /* runs smaller in a quick run */

extern const test_case handle_tests[];
extern const test_case request_tests[];
extern const test_case response_tests[];
extern const test_case scripted_tests[];
extern const test_case transport_tests[];
extern const test_case thread_tests[];
extern const test_case tls_tests[];
extern const test_case limit_tests[];
extern const test_case binding_tests[];
extern const test_case deadline_tests[];

#endif
