/* test_handles.c: handles, argument checks, return codes, versions. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests.h"

/* Harmless callbacks for the calls below (never reached with a bad handle). */
static int no_body(void *u, const void **d, int64_t *n) { (void)u; (void)d; (void)n; return 0; }
static void no_debug(void *u, const char *l, int64_t n) { (void)u; (void)l; (void)n; }
static int no_read(void *u, void *b, int64_t c, int64_t *n) { (void)u; (void)b; (void)c; *n = 0; return 0; }
static int no_write(void *u, const void *d, int64_t l, int64_t *n) { (void)u; (void)d; *n = l; return 0; }
static void no_close(void *u) { (void)u; }

/* call_conn calls conn function i on c with otherwise valid arguments;
 * *name gets its name. Returns 1 when i is past the last one. */
static int call_conn(int i, gohttp_conn *c, const char **name, int *rc) {
    char buf[64];
    int64_t n = 0;
    gohttp_resp *r = NULL;
    struct gohttp_resp_info info = {.size = sizeof info};
    struct gohttp_conn_info cinfo = {.size = sizeof cinfo};
    gohttp_header h = {"X-A", GOHTTP_NUL, "1", GOHTTP_NUL, 0};
    gohttp_transport t = {.size = sizeof t, .read = no_read, .write = no_write, .close = no_close};
    const char *vals[] = {"a"};
    int64_t lens[] = {1};
#define C(nm, call) case __COUNTER__ - base: *name = nm; *rc = (call); return 0;
    enum { base = __COUNTER__ + 1 };
    switch (i) {
    C("gohttp_conn_free", gohttp_conn_free(c))
    C("gohttp_conn_setopt_int", gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 100))
    C("gohttp_conn_setopt_int(unknown)", gohttp_conn_setopt_int(c, 199, 1))
    C("gohttp_conn_setopt_double", gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 1.0))
    C("gohttp_conn_setopt_str", gohttp_conn_setopt_str(c, GOHTTP_OPT_SOURCE_HOST, "127.0.0.1", GOHTTP_NUL))
    C("gohttp_conn_setopt_str(TLS)", gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_SERVER_NAME, "x", 1))
    C("gohttp_conn_set_tunnel", gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, 1, NULL, 0))
    C("gohttp_conn_connect", gohttp_conn_connect(c))
    C("gohttp_conn_close", gohttp_conn_close(c))
    C("gohttp_conn_cancel", gohttp_conn_cancel(c))
    C("gohttp_conn_info", gohttp_conn_info(c, &cinfo))
    C("gohttp_conn_get(HOST)", gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n))
    C("gohttp_conn_get(PROXY_HEADERS)", gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n))
    C("gohttp_conn_request", gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, &h, 1, NULL, 0, 0))
    C("gohttp_conn_putrequest", gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0))
    C("gohttp_conn_putheader", gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals, lens, 1))
    C("gohttp_conn_endheaders", gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0))
    C("gohttp_conn_endheaders(body_fn)", gohttp_conn_endheaders(c, NULL, 0, no_body, NULL, 0))
    C("gohttp_conn_send", gohttp_conn_send(c, "x", 1))
    C("gohttp_conn_getresponse", gohttp_conn_getresponse(c, &r, NULL, NULL, 0))
    C("gohttp_conn_getresponse(info)", gohttp_conn_getresponse(c, &r, &info, buf, sizeof buf))
    C("gohttp_conn_set_transport", gohttp_conn_set_transport(c, &t))
    C("gohttp_conn_set_transport(NULL)", gohttp_conn_set_transport(c, NULL))
    C("gohttp_conn_set_debug", gohttp_conn_set_debug(c, 1, no_debug, NULL))
    C("gohttp_conn_tunnel", gohttp_conn_tunnel(c))
    C("gohttp_conn_release_socket", gohttp_conn_release_socket(c))
    C("gohttp_conn_response", gohttp_conn_response(c, &r))
    default:
        return 1;
    }
#undef C
}

static int call_resp(int i, gohttp_resp *r, const char **name, int *rc) {
    char buf[64], buf2[64];
    int64_t n = 0, n2 = 0;
    struct gohttp_resp_info info = {.size = sizeof info};
#define C(nm, call) case __COUNTER__ - base: *name = nm; *rc = (call); return 0;
    enum { base = __COUNTER__ + 1 };
    switch (i) {
    C("gohttp_resp_free", gohttp_resp_free(r))
    C("gohttp_resp_close", gohttp_resp_close(r))
    C("gohttp_resp_begin", gohttp_resp_begin(r, &info))
    C("gohttp_resp_info", gohttp_resp_info(r, &info))
    C("gohttp_resp_get(REASON)", gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, &n))
    C("gohttp_resp_get(RAW_HEADERS)", gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, sizeof buf, &n))
    C("gohttp_resp_get(TRAILERS)", gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, sizeof buf, &n))
    C("gohttp_resp_getheader", gohttp_resp_getheader(r, "Server", GOHTTP_NUL, buf, sizeof buf, &n))
    C("gohttp_resp_header_at", gohttp_resp_header_at(r, 0, buf, sizeof buf, &n, buf2, sizeof buf2, &n2))
    C("gohttp_resp_read", gohttp_resp_read(r, buf, sizeof buf, &n))
    C("gohttp_resp_readall", gohttp_resp_readall(r, buf, sizeof buf, &n))
    C("gohttp_resp_read_amt", gohttp_resp_read_amt(r, 10, buf, sizeof buf, &n))
    C("gohttp_resp_read1", gohttp_resp_read1(r, buf, sizeof buf, &n))
    C("gohttp_resp_peek", gohttp_resp_peek(r, buf, sizeof buf, &n))
    C("gohttp_resp_readline", gohttp_resp_readline(r, -1, buf, sizeof buf, &n))
    C("gohttp_resp_read_status", gohttp_resp_read_status(r, buf, sizeof buf, &n))
    C("gohttp_resp_set_debug", gohttp_resp_set_debug(r, 1, no_debug, NULL))
    default:
        return 1;
    }
#undef C
}

/* check_bad_conn: every conn function refuses c, and the thread's last
 * error says so. */
static void check_bad_conn(gohttp_conn *c, const char *what) {
    const char *name;
    int rc, i;
    for (i = 0; call_conn(i, c, &name, &rc) == 0; i++)
        CHECKF(rc == (c == NULL && i == 0 ? GOHTTP_OK : GOHTTP_E_BADHANDLE), /* free(NULL) is fine */ "%s(%s) = %d (%s); want GOHTTP_E_BADHANDLE", name, what, rc,
               gohttp_strerror(rc));
    CHECKF(i >= 27, "only %d conn functions tried", i);
    CHECK_RC(t_errcode(), GOHTTP_E_BADHANDLE);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "connection");
}

static void check_bad_resp(gohttp_resp *r, const char *what) {
    const char *name;
    int rc, i;
    for (i = 0; call_resp(i, r, &name, &rc) == 0; i++)
        CHECKF(rc == (r == NULL && i == 0 ? GOHTTP_OK : GOHTTP_E_BADHANDLE), "%s(%s) = %d (%s); want GOHTTP_E_BADHANDLE", name, what, rc,
               gohttp_strerror(rc));
    CHECKF(i >= 17, "only %d resp functions tried", i);
    CHECK_RC(t_errcode(), GOHTTP_E_BADHANDLE);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "response");
}

static void test_null_handles(void) {
    check_bad_conn(NULL, "NULL");
    check_bad_resp(NULL, "NULL");
    /* The free functions accept NULL. */
    CHECK_RC(gohttp_conn_free(NULL), GOHTTP_OK);
    CHECK_RC(gohttp_resp_free(NULL), GOHTTP_OK);
}

static void test_unknown_handles(void) {
    int on_stack = 0;
    void *heap = malloc(64);
    check_bad_conn((gohttp_conn *)&on_stack, "stack pointer");
    check_bad_resp((gohttp_resp *)&on_stack, "stack pointer");
    check_bad_conn((gohttp_conn *)heap, "heap pointer");
    check_bad_resp((gohttp_resp *)heap, "heap pointer");
    check_bad_conn((gohttp_conn *)(uintptr_t)0x1234, "0x1234");
    check_bad_resp((gohttp_resp *)(uintptr_t)0x1234, "0x1234");
    free(heap);
    CHECK(gohttp_live_handles() == 0);
}

/* A response handle passed as a connection (and the reverse) is refused,
 * and nothing happens to it: it still works afterwards. */
static void test_wrong_kind_handles(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(gohttp_live_handles() == 2);
    check_bad_conn((gohttp_conn *)r, "a resp handle");
    check_bad_resp((gohttp_resp *)c, "a conn handle");
    CHECK(gohttp_live_handles() == 2);
    /* Both still work. */
    int64_t n = 0;
    char *body = t_readall(r, &n);
    CHECK_MEM(body, n, "hello from gohttp testsrv\n");
    free(body);
    struct gohttp_conn_info ci = t_cinfo(c);
    CHECK(ci.state == GOHTTP_STATE_IDLE && ci.connected == 1);
    t_free_resp(r);
    t_free_conn(c);
}

/* A freed handle's address, right after the free, is a bad handle; a
 * second free is refused without touching the heap. */
static void test_freed_handles(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    t_untrack(r);
    CHECK_RC(gohttp_resp_free(r), GOHTTP_OK);
    check_bad_resp(r, "a freed resp");
    CHECK_RC(gohttp_resp_free(r), GOHTTP_E_BADHANDLE);
    t_untrack(c);
    CHECK_RC(gohttp_conn_free(c), GOHTTP_OK);
    check_bad_conn(c, "a freed conn");
    CHECK_RC(gohttp_conn_free(c), GOHTTP_E_BADHANDLE);
    CHECK(gohttp_live_handles() == 0);
    /* The heap is still sound: new handles work. */
    c = t_conn(P.http);
    REQUIRE(c);
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* Freeing a connection leaves its responses valid; each is freed alone. */
static void test_free_order(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=100");
    REQUIRE(r);
    t_free_conn(c);
    CHECK(gohttp_live_handles() == 1);
    CHECK(t_rinfo(r).status == 200);
    /* The connection closed the pending response with itself, as
     * http.client's close() does: the body is gone. */
    char buf[200];
    int64_t n = 99;
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);
}

static void test_live_handles(void) {
    CHECK(gohttp_live_handles() == 0);
    gohttp_conn *c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = t_conn(P.http);
        REQUIRE(c[i]);
        CHECK(gohttp_live_handles() == i + 1);
    }
    gohttp_resp *r = t_request(c[0], "GET", "/");
    REQUIRE(r);
    CHECK(gohttp_live_handles() == 4);
    t_free_resp(r);
    CHECK(gohttp_live_handles() == 3);
    for (int i = 0; i < 3; i++)
        t_free_conn(c[i]);
    CHECK(gohttp_live_handles() == 0);
}

/* NULL out-pointers are GOHTTP_E_ARG (and nothing is leaked). */
static void test_null_out_pointers(void) {
    gohttp_conn *c = NULL;
    CHECK_RC(gohttp_conn_new("127.0.0.1", GOHTTP_NUL, 80, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_new(NULL, 0, 80, &c), GOHTTP_E_ARG);
    CHECK(c == NULL);
    CHECK_RC(gohttp_conn_new_https("127.0.0.1", GOHTTP_NUL, 443, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_new_https(NULL, 0, 443, &c), GOHTTP_E_ARG);
    CHECK(gohttp_live_handles() == 0);

    c = t_conn(P.http);
    REQUIRE(c);
    char buf[64];
    int64_t n = 0;
    gohttp_header hs[1] = {{"X-A", GOHTTP_NUL, "1", GOHTTP_NUL, 0}};
    const char *vals[1] = {"v"};
    int64_t lens[1] = {1};
    CHECK_RC(gohttp_last_error(NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, NULL, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_info(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    /* A NULL HOST puts the host back as gohttp_conn_new gave it; a NULL
     * value with a length is refused. */
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, NULL, 4), GOHTTP_E_ARG);
    /* (NULL, 0) removes the tunnel (test_bindings.c); a NULL host with a
     * length is refused. */
    CHECK_RC(gohttp_conn_set_tunnel(c, NULL, 4, 80, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_tunnel(c, "h", GOHTTP_NUL, 80, NULL, 2), GOHTTP_E_ARG);
    gohttp_transport t = {.size = sizeof t, .read = NULL, .write = no_write, .close = no_close};
    CHECK_RC(gohttp_conn_set_transport(c, &t), GOHTTP_E_ARG);
    t.read = no_read;
    t.write = NULL;
    CHECK_RC(gohttp_conn_set_transport(c, &t), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putrequest(c, NULL, 0, "/", GOHTTP_NUL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, NULL, 0, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, NULL, 0, NULL, 0, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 3, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 5, 0), GOHTTP_E_ARG);
    gohttp_header null_name[1] = {{NULL, 0, "1", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, null_name, 1, NULL, 0, 0), GOHTTP_E_ARG);
    gohttp_header null_value[1] = {{"X-A", GOHTTP_NUL, NULL, 3, 0}};
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, null_value, 1, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, hs, 1, NULL, 0, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK); /* back to Idle */
    gohttp_resp *r = (gohttp_resp *)buf;
    CHECK_RC(gohttp_conn_getresponse(c, NULL, NULL, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 10), GOHTTP_E_ARG);
    CHECK(r == NULL); /* *out is cleared first */
    /* The step API with NULLs. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    CHECK_RC(t_putheader(c, NULL, 0, "v", 1), GOHTTP_E_ARG);
    CHECK_RC(t_putheader(c, "X-A", GOHTTP_NUL, NULL, 4), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, NULL, 0, vals, lens, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, NULL, lens, 1), GOHTTP_E_ARG);
    /* value_lens NULL: every value is NUL-terminated. */
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals, NULL, 1), GOHTTP_OK);
    const char *null_vals[1] = {NULL};
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, null_vals, lens, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 5, NULL, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_endheaders(c, "body", 4, no_body, NULL, 0), GOHTTP_E_ARG); /* both */
    CHECK_RC(gohttp_conn_send(c, NULL, 3), GOHTTP_E_ARG);
    /* The refused calls changed nothing: the request goes out as built. */
    REQUIRE_RC(t_putheader(c, "Content-Length", GOHTTP_NUL, "0", 1), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);

    int64_t len = 0;
    gohttp_error e = {.size = sizeof e};
    int64_t n2 = 0;
    CHECK_RC(gohttp_resp_info(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_getheader(r, NULL, 0, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_getheader(r, "Server", GOHTTP_NUL, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_header_at(r, 0, buf, sizeof buf, NULL, buf, sizeof buf, &n2), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_header_at(r, 0, buf, sizeof buf, &n, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_read(r, NULL, 10, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_read1(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_peek(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_ARG);
    /* The failed reads consumed nothing: the body is all there. */
    len = t_rinfo(r).length;
    CHECK(len > 0);
    int64_t got = 0;
    char *body = t_readall(r, &got);
    CHECK(body && got == (int64_t)len);
    free(body);
    t_free_resp(r);
    t_free_conn(c);
}

/* The whole-body reads (readall, read_amt, readline) with a NULL count or
 * a NULL buffer are GOHTTP_E_ARG, and like every refused call they must
 * leave the body unread. */
static void test_null_args_keep_body(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    static const char *const names[] = {"readall(n NULL)", "read_amt(n NULL)", "readline(n NULL)",
                                        "readall(buf NULL, cap 10)"};
    for (int i = 0; i < 4; i++) {
        gohttp_resp *r = t_request(c, "GET", "/bytes?n=100");
        REQUIRE(r);
        char buf[200];
        int64_t n = 0;
        int rc = i == 0   ? gohttp_resp_readall(r, buf, sizeof buf, NULL)
                 : i == 1 ? gohttp_resp_read_amt(r, 5, buf, sizeof buf, NULL)
                 : i == 2 ? gohttp_resp_readline(r, -1, buf, sizeof buf, NULL)
                          : gohttp_resp_readall(r, NULL, 10, &n);
        CHECK_RC(rc, GOHTTP_E_ARG);
        int64_t len = -1;
        len = t_rinfo(r).length;
        CHECKF(len == 100, "BUG: %s was refused with GOHTTP_E_ARG but consumed %lld body bytes "
               "(capi/resp.go reads the body before copyOut checks n and buf)", names[i], (long long)(100 - len));
        t_free_resp(r);
    }
    /* The same for a result kept after GOHTTP_E_RANGE. */
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=100");
    REQUIRE(r);
    char buf[100];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_readall(r, buf, 10, &n), GOHTTP_E_RANGE);
    CHECK(n == 100);
    CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    n = 0;
    CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECKF(n == 100 && t_pattern_ok(buf, n, 0), "BUG: the result kept after GOHTTP_E_RANGE was lost by a "
           "refused retry: readall gave %zu bytes (capi/resp.go deliver drops it on GOHTTP_E_ARG)", n);
    t_free_resp(r);
    t_free_conn(c);
}

/* gohttp_strerror and gohttp_errname for every code: distinct English
 * texts, the macro names, static strings; unknown codes. */
static void test_strerror(void) {
    static const struct { int code; const char *name, *text; } names[] = {
        {GOHTTP_OK, "GOHTTP_OK", "no error"},
        {GOHTTP_NOTFOUND, "GOHTTP_NOTFOUND", "not found"},
        {GOHTTP_WANT_READ, "GOHTTP_WANT_READ", "waiting to read (reserved)"},
        {GOHTTP_WANT_WRITE, "GOHTTP_WANT_WRITE", "waiting to write (reserved)"},
        {GOHTTP_E_INTERNAL, "GOHTTP_E_INTERNAL", "internal error in gohttp"},
        {GOHTTP_E_BADHANDLE, "GOHTTP_E_BADHANDLE", "bad handle"},
        {GOHTTP_E_ARG, "GOHTTP_E_ARG", "bad argument"},
        {GOHTTP_E_BUSY, "GOHTTP_E_BUSY", "handle in use by another thread"},
        {GOHTTP_E_RANGE, "GOHTTP_E_RANGE", "buffer too small"},
        {GOHTTP_E_FORKED, "GOHTTP_E_FORKED", "called in a child process after fork"},
        {GOHTTP_E_CANCELLED, "GOHTTP_E_CANCELLED", "operation cancelled"},
        {GOHTTP_E_HTTP, "GOHTTP_E_HTTP", "HTTP protocol error"},
        {GOHTTP_E_NOT_CONNECTED, "GOHTTP_E_NOT_CONNECTED", "not connected"},
        {GOHTTP_E_INVALID_URL, "GOHTTP_E_INVALID_URL", "invalid URL"},
        {GOHTTP_E_UNKNOWN_PROTOCOL, "GOHTTP_E_UNKNOWN_PROTOCOL", "unknown protocol version"},
        {GOHTTP_E_INCOMPLETE_READ, "GOHTTP_E_INCOMPLETE_READ", "incomplete read"},
        {GOHTTP_E_CANNOT_SEND_REQUEST, "GOHTTP_E_CANNOT_SEND_REQUEST", "cannot send request now"},
        {GOHTTP_E_CANNOT_SEND_HEADER, "GOHTTP_E_CANNOT_SEND_HEADER", "cannot send header now"},
        {GOHTTP_E_RESPONSE_NOT_READY, "GOHTTP_E_RESPONSE_NOT_READY", "response not ready"},
        {GOHTTP_E_BAD_STATUS_LINE, "GOHTTP_E_BAD_STATUS_LINE", "bad status line"},
        {GOHTTP_E_LINE_TOO_LONG, "GOHTTP_E_LINE_TOO_LONG", "line too long"},
        {GOHTTP_E_REMOTE_DISCONNECTED, "GOHTTP_E_REMOTE_DISCONNECTED", "remote end closed connection without response"},
        {GOHTTP_E_VALUE, "GOHTTP_E_VALUE", "invalid value"},
        {GOHTTP_E_ENCODE, "GOHTTP_E_ENCODE", "text is not ASCII"},
        {GOHTTP_E_RUNTIME, "GOHTTP_E_RUNTIME", "not possible in this state"},
        {GOHTTP_E_OVERFLOW, "GOHTTP_E_OVERFLOW", "number out of range"},
        {GOHTTP_E_TOO_LARGE, "GOHTTP_E_TOO_LARGE", "larger than a memory limit allows"},
        {GOHTTP_E_OS, "GOHTTP_E_OS", "operating system error"},
        {GOHTTP_E_TIMEOUT, "GOHTTP_E_TIMEOUT", "timed out"},
        {GOHTTP_E_DNS, "GOHTTP_E_DNS", "name resolution failed"},
        {GOHTTP_E_TLS, "GOHTTP_E_TLS", "TLS error"},
        {GOHTTP_E_TLS_VERIFY, "GOHTTP_E_TLS_VERIFY", "certificate verification failed"},
        {GOHTTP_E_TUNNEL, "GOHTTP_E_TUNNEL", "tunnel connection failed"},
        {GOHTTP_E_CALLBACK, "GOHTTP_E_CALLBACK", "callback failed"},
    };
    int64_t count = (int64_t)(sizeof names / sizeof names[0]);
    for (int64_t i = 0; i < count; i++) {
        const char *s = gohttp_strerror(names[i].code);
        CHECKF(s && strcmp(s, names[i].text) == 0, "gohttp_strerror(%d) = \"%s\"; want \"%s\"",
               names[i].code, s ? s : "(null)", names[i].text);
        const char *nm = gohttp_errname(names[i].code);
        CHECKF(nm && strcmp(nm, names[i].name) == 0, "gohttp_errname(%d) = \"%s\"; want \"%s\"",
               names[i].code, nm ? nm : "(null)", names[i].name);
        /* Static: the same pointer every time. */
        CHECK(gohttp_strerror(names[i].code) == s);
        CHECK(gohttp_errname(names[i].code) == nm);
        for (int64_t j = 0; j < i; j++)
            CHECKF(strcmp(s, names[j].text) != 0, "codes %d and %d share the text \"%s\"",
                   names[i].code, names[j].code, s);
    }
    /* Every code in the header's range that is not listed is unknown. */
    for (int code = -40; code <= 4; code++) {
        int known = 0;
        for (int64_t i = 0; i < count; i++)
            known |= names[i].code == code;
        if (!known) {
            CHECKF(strcmp(gohttp_strerror(code), "unknown error") == 0, "gohttp_strerror(%d) = \"%s\"",
                   code, gohttp_strerror(code));
            CHECKF(gohttp_errname(code) == NULL, "gohttp_errname(%d) = \"%s\"; want NULL", code,
                   gohttp_errname(code));
        }
    }
    CHECK_STR(gohttp_strerror(-12345), "unknown error");
    CHECK_STR(gohttp_strerror(12345), "unknown error");
    CHECK_STR(gohttp_strerror(INT32_MIN), "unknown error");
    CHECK(gohttp_errname(INT32_MIN) == NULL && gohttp_errname(INT32_MAX) == NULL);
}

static void test_version(void) {
    char want[64];
    snprintf(want, sizeof want, "%s (go", GOHTTP_VERSION);
    CHECK(strncmp(gohttp_version(), want, strlen(want)) == 0);
    CHECK(gohttp_version() == gohttp_version());
    CHECK(gohttp_version_number() ==
          GOHTTP_VERSION_MAJOR * 10000 + GOHTTP_VERSION_MINOR * 100 + GOHTTP_VERSION_PATCH);
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", GOHTTP_VERSION_MAJOR, GOHTTP_VERSION_MINOR, GOHTTP_VERSION_PATCH);
    CHECK_STR(GOHTTP_VERSION, v);
    CHECK(GOHTTP_ABI == GOHTTP_VERSION_MAJOR);
}

static void test_status_table(void) {
    CHECK_STR(gohttp_status_phrase(200), "OK");
    CHECK_STR(gohttp_status_phrase(404), "Not Found");
    CHECK_STR(gohttp_status_phrase(413), "Content Too Large"); /* 3.13's phrase */
    CHECK_STR(gohttp_status_phrase(418), "I'm a Teapot");
    CHECK(gohttp_status_phrase(299) == NULL);
    CHECK(gohttp_status_phrase(-1) == NULL);
    CHECK(gohttp_status_phrase(200) == gohttp_status_phrase(200));
    /* The table (bindings carry their own copy of the names and
     * descriptions): Python 3.13's HTTPStatus has 62 codes. */
    int known = 0;
    for (int code = -1; code <= 1000; code++) {
        const char *p = gohttp_status_phrase(code);
        if (p) {
            known++;
            CHECKF(code >= 100 && code <= 599 && p[0] != '\0', "gohttp_status_phrase(%d) = \"%s\"", code, p);
        }
    }
    CHECKF(known == 62, "%d status codes have a phrase; want 62", known);
    CHECK(gohttp_status_phrase(INT32_MIN) == NULL && gohttp_status_phrase(INT32_MAX) == NULL);
}

static void test_create_errors(void) {
    gohttp_conn *c = (gohttp_conn *)&c;
    CHECK_RC(gohttp_conn_new("example.com:abc", GOHTTP_NUL, -1, &c), GOHTTP_E_INVALID_URL);
    CHECK(c == NULL);
    CHECK_STR(t_errmsg(), "nonnumeric port: 'abc'");
    c = (gohttp_conn *)&c;
    CHECK_RC(gohttp_conn_new_https("bad host", GOHTTP_NUL, -1, &c), GOHTTP_E_INVALID_URL);
    CHECK(c == NULL);
    CHECK_STR(t_errmsg(),
              "URL can't contain control characters. 'bad host' (found at least ' ')");
    CHECK_RC(gohttp_conn_new("h\r\nX: y", GOHTTP_NUL, 80, &c), GOHTTP_E_INVALID_URL);
    /* A success leaves the message of the last failure in place. */
    c = t_conn(P.http);
    REQUIRE(c);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "control characters");
    t_free_conn(c);
    /* Host parsing, as http.client's _get_hostport. */
    static const struct { const char *host; int port; const char *want_host; int want_port; int https; } hp[] = {
        {"example.com", -1, "example.com", 80, 0},
        {"example.com", -1, "example.com", 443, 1},
        {"example.com:8080", -1, "example.com", 8080, 0},
        {"example.com:", -1, "example.com", 80, 0},
        {"[::1]:8080", -1, "::1", 8080, 0},
        {"[::1]", -1, "::1", 80, 0},
        {"example.com", 1234, "example.com", 1234, 0},
    };
    for (size_t i = 0; i < sizeof hp / sizeof hp[0]; i++) {
        int rc = hp[i].https ? gohttp_conn_new_https(hp[i].host, GOHTTP_NUL, hp[i].port, &c)
                             : gohttp_conn_new(hp[i].host, GOHTTP_NUL, hp[i].port, &c);
        CHECK_RC(rc, GOHTTP_OK);
        if (rc != GOHTTP_OK)
            continue;
        char buf[64];
        int64_t n = 0;
        int port = 0;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, hp[i].want_host);
        port = t_cinfo(c).port;
        CHECKF(port == hp[i].want_port, "port of %s = %d; want %d", hp[i].host, port, hp[i].want_port);
        CHECK_RC(gohttp_conn_free(c), GOHTTP_OK);
    }
    /* host_len counts bytes: "127.0.0.1:xyz" cut to "127.0.0.1". */
    CHECK_RC(gohttp_conn_new("127.0.0.1:xyz", 9, -1, &c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_free(c), GOHTTP_OK);
}

/* gohttp_last_error: "no error" in a thread that never failed, then the
 * last failure, per thread. */
static void *fresh_thread_error(void *arg) {
    gohttp_error *e = arg;
    int rc = gohttp_last_error(e);
    return rc == GOHTTP_OK ? e : NULL;
}

static void test_errmsg_lasterror(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_error e;
    memset(&e, 0x55, sizeof e);
    e.size = sizeof e;
    pthread_t th;
    void *ok = NULL;
    REQUIRE(pthread_create(&th, NULL, fresh_thread_error, &e) == 0);
    pthread_join(th, &ok);
    CHECK(ok == &e);
    CHECK(e.code == GOHTTP_OK && e.size == sizeof e && e.expected == -1);
    CHECK_STR(e.message, "no error");
    CHECK(e.arg == NULL && e.arg_len == 0);
    CHECK(e.partial == NULL && e.partial_len == 0);
    CHECK(e.os_error == 0);

    CHECK_RC(t_putheader(c, "X", 1, "y", 1), GOHTTP_E_CANNOT_SEND_HEADER);
    CHECK_STR(t_errmsg(), "cannot send header");
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_CANNOT_SEND_HEADER);
    CHECK(e.arg == NULL); /* CannotSendHeader() has no args */
    /* A successful call does not clear the last error (as errno). */
    CHECK(t_cinfo(c).port == P.http);
    CHECK_STR(t_errmsg(), "cannot send header");
    /* Another thread's failures are its own. */
    REQUIRE(pthread_create(&th, NULL, fresh_thread_error, &e) == 0);
    pthread_join(th, &ok);
    CHECK(ok == &e && e.code == GOHTTP_OK);
    CHECK_RC(t_errcode(), GOHTTP_E_CANNOT_SEND_HEADER);
    /* The next failure replaces it. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_ARG);
    CHECK_CONTAINS(e.message, strlen(e.message), "BLOCKSIZE");
    t_free_conn(c);
    /* A bad handle and a bad argument record the last error too. */
    CHECK_RC(gohttp_conn_close(NULL), GOHTTP_E_BADHANDLE);
    CHECK_RC(t_errcode(), GOHTTP_E_BADHANDLE);
    CHECK_RC(gohttp_conn_new("h", -5, 80, NULL), GOHTTP_E_ARG);
    CHECK_RC(t_errcode(), GOHTTP_E_ARG);
}

/* gohttp_conn_last_error: a connection's last failure, read from any
 * thread (for runtimes that run each blocking call on a pool thread). */
struct conn_err_arg {
    gohttp_conn *c;
    gohttp_error e;
    char msg[64]; /* e.message is the thread's: copied before it ends */
    int rc;
};

static void *fail_on_conn(void *p) {
    struct conn_err_arg *a = p;
    a->rc = t_putheader(a->c, "X", 1, "y", 1); /* no request started */
    return NULL;
}

static void *read_conn_error(void *p) {
    struct conn_err_arg *a = p;
    a->e.size = sizeof a->e;
    a->rc = gohttp_conn_last_error(a->c, &a->e);
    snprintf(a->msg, sizeof a->msg, "%s", a->rc == GOHTTP_OK ? a->e.message : "");
    return NULL;
}

static void test_conn_last_error(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_error e;
    memset(&e, 0x55, sizeof e);
    e.size = sizeof e;
    /* No failure yet. */
    CHECK_RC(gohttp_conn_last_error(c, &e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_OK && e.expected == -1);
    CHECK_STR(e.message, "no error");
    /* A failure on one thread, read from another. */
    struct conn_err_arg a = {.c = c};
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, fail_on_conn, &a) == 0);
    pthread_join(th, NULL);
    CHECK_RC(a.rc, GOHTTP_E_CANNOT_SEND_HEADER);
    REQUIRE(pthread_create(&th, NULL, read_conn_error, &a) == 0);
    pthread_join(th, NULL);
    CHECK_RC(a.rc, GOHTTP_OK);
    CHECK(a.e.code == GOHTTP_E_CANNOT_SEND_HEADER);
    CHECK_STR(a.msg, "cannot send header");
    /* The next failure replaces the record; successes leave it. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 0), GOHTTP_E_ARG);
    CHECK(t_cinfo(c).port == P.http);
    CHECK_RC(gohttp_conn_last_error(c, &e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_ARG);
    CHECK_CONTAINS(e.message, strlen(e.message), "BLOCKSIZE");
    /* Arguments. */
    CHECK_RC(gohttp_conn_last_error(c, NULL), GOHTTP_E_ARG);
    gohttp_error small = {.size = 8};
    CHECK_RC(gohttp_conn_last_error(c, &small), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_last_error(NULL, &e), GOHTTP_E_BADHANDLE);
    t_free_conn(c);
}

/* Options (rule 5): one setopt per type; an unknown option, or one given
 * to the setopt of another type, is GOHTTP_E_ARG with a message naming
 * it, and changes nothing. */
static void test_options(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    static const int unknown[] = {0, 1, 99, 114, 199, 203, 299, 312, 399, 400, -1, INT32_MAX, INT32_MIN};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        int o = unknown[i];
        CHECKF(gohttp_conn_setopt_int(c, o, 1) == GOHTTP_E_ARG, "setopt_int(%d)", o);
        CHECKF(strstr(t_errmsg(), "option") != NULL, "setopt_int(%d): \"%s\"", o, t_errmsg());
        CHECKF(gohttp_conn_setopt_double(c, o, 1.0) == GOHTTP_E_ARG, "setopt_double(%d)", o);
        CHECKF(gohttp_conn_setopt_str(c, o, "1", 1) == GOHTTP_E_ARG, "setopt_str(%d)", o);
    }
    /* Every option of each type, given to the two other setopts. */
    static const int ints[] = {GOHTTP_OPT_AUTO_OPEN, GOHTTP_OPT_HTTP_VERSION, GOHTTP_OPT_DEFAULT_PORT,
                               GOHTTP_OPT_BLOCKSIZE, GOHTTP_OPT_MAX_LINE, GOHTTP_OPT_MAX_HEADERS,
                               GOHTTP_OPT_MAX_BODY, GOHTTP_OPT_SOURCE_PORT, GOHTTP_OPT_TLS_VERIFY,
                               GOHTTP_OPT_TLS_CHECK_HOSTNAME, GOHTTP_OPT_TLS_MIN_VERSION,
                               GOHTTP_OPT_TLS_MAX_VERSION, GOHTTP_OPT_TLS_SYSTEM_ROOTS, GOHTTP_OPT_NONBLOCKING};
    static const int doubles[] = {GOHTTP_OPT_TIMEOUT, GOHTTP_OPT_SOCKET_TIMEOUT, GOHTTP_OPT_DEADLINE};
    static const int strs[] = {GOHTTP_OPT_HOST, GOHTTP_OPT_SOURCE_HOST, GOHTTP_OPT_TLS_CA_FILE,
                               GOHTTP_OPT_TLS_CA_DIR, GOHTTP_OPT_TLS_CA_PEM, GOHTTP_OPT_TLS_CERT_FILE,
                               GOHTTP_OPT_TLS_KEY_FILE, GOHTTP_OPT_TLS_CERT_PEM, GOHTTP_OPT_TLS_KEY_PEM,
                               GOHTTP_OPT_TLS_KEY_PASSWORD, GOHTTP_OPT_TLS_SERVER_NAME, GOHTTP_OPT_TLS_ALPN};
    char name[64];
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        CHECKF(gohttp_conn_setopt_double(c, ints[i], 1.0) == GOHTTP_E_ARG, "setopt_double(%d)", ints[i]);
        CHECKF(gohttp_conn_setopt_str(c, ints[i], "1", 1) == GOHTTP_E_ARG, "setopt_str(%d)", ints[i]);
        CHECKF(strstr(t_errmsg(), "GOHTTP_OPT_") != NULL, "setopt_str(%d): \"%s\"", ints[i], t_errmsg());
    }
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        CHECKF(gohttp_conn_setopt_int(c, doubles[i], 1) == GOHTTP_E_ARG, "setopt_int(%d)", doubles[i]);
        CHECKF(gohttp_conn_setopt_str(c, doubles[i], "1", 1) == GOHTTP_E_ARG, "setopt_str(%d)", doubles[i]);
    }
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        CHECKF(gohttp_conn_setopt_int(c, strs[i], 1) == GOHTTP_E_ARG, "setopt_int(%d)", strs[i]);
        CHECKF(gohttp_conn_setopt_double(c, strs[i], 1.0) == GOHTTP_E_ARG, "setopt_double(%d)", strs[i]);
    }
    /* The message names the option. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TIMEOUT, 1), GOHTTP_E_ARG);
    snprintf(name, sizeof name, "GOHTTP_OPT_TIMEOUT");
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), name);
    CHECK_RC(gohttp_conn_setopt_double(c, 250, 1.0), GOHTTP_E_ARG);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "250");
    /* Reserved in 1.0. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_NONBLOCKING, 1), GOHTTP_E_ARG);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "not supported yet");
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_NONBLOCKING, 0), GOHTTP_E_ARG);
    /* Values out of range. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_AUTO_OPEN, 2), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, ((int64_t)1 << 30) + 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, INT64_MIN), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_BODY, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_DEFAULT_PORT, INT64_MAX), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_SOURCE_PORT, 65536), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, NAN), GOHTTP_E_ARG);
    /* Nothing changed: the connection works as before. */
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    int64_t n = 0;
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "abc");
    free(b);
    t_free_resp(r);
    struct gohttp_conn_info ci = t_cinfo(c);
    CHECK(ci.http_version == 11 && ci.default_port == 80 && ci.port == P.http);
    t_free_conn(c);
}

/* Setters: their argument checks and effects. */
static void test_conn_settings(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, NAN), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, -1), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 1e300), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 5), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 3), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_LINE, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_HEADERS, -5), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_LINE, 65536), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_HEADERS, 100), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 12), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 9), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_SOURCE_PORT, 70000), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_SOURCE_PORT, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_SOURCE_PORT, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_SOURCE_HOST, "127.0.0.1", GOHTTP_NUL), GOHTTP_OK);
    /* A request with these settings works (source bound to 127.0.0.1). */
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_SOURCE_HOST, NULL, 0), GOHTTP_OK);

    /* GOHTTP_OPT_HOST: takes effect at the next connect; port from the host. */
    char hostport[64], buf[64];
    int64_t n = 0;
    int port = 0;
    snprintf(hostport, sizeof hostport, "localhost:%d", P.http);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, hostport, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "localhost");
    port = t_cinfo(c).port;
    CHECK(port == P.http);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, "h:port", GOHTTP_NUL), GOHTTP_E_INVALID_URL);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, "a b", GOHTTP_NUL), GOHTTP_E_INVALID_URL);
    /* A refused HOST changes nothing. */
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "localhost");
    /* conn_host with a small buffer: GOHTTP_E_RANGE and the size. */
    n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, 3, &n), GOHTTP_E_RANGE);
    CHECK(n == 9);
    n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, NULL, 0, &n), GOHTTP_E_RANGE);
    CHECK(n == 9);
    /* Unknown whats, and one of gohttp_resp_get. */
    CHECK_RC(gohttp_conn_get(c, 0, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, 8, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_RESP_REASON, buf, sizeof buf, &n), GOHTTP_E_ARG);
    /* Nothing buffered while Idle; the request lines after putrequest. */
    n = 99;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    /* No TLS: the TLS facts are NOTFOUND. */
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_VERSION, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    r = t_request(c, "GET", "/echo");
    REQUIRE(r);
    int64_t len = 0;
    char *body = t_readall(r, &len);
    snprintf(buf, sizeof buf, "[\"Host\",\"localhost:%d\"]", P.http);
    CHECK_CONTAINS(body, len, buf);
    free(body);
    t_free_resp(r);

    /* default_port: the Host header leaves out the port equal to it. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_DEFAULT_PORT, P.http), GOHTTP_OK);
    r = t_request(c, "GET", "/echo");
    REQUIRE(r);
    body = t_readall(r, &len);
    CHECK_CONTAINS(body, len, "[\"Host\",\"localhost\"]");
    free(body);
    t_free_resp(r);

    /* HTTP/1.0: no Host, no Accept-Encoding. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 10), GOHTTP_OK);
    r = t_request(c, "GET", "/echo");
    REQUIRE(r);
    body = t_readall(r, &len);
    CHECK_CONTAINS(body, len, "\"proto\":\"HTTP/1.0\"");
    CHECK_CONTAINS(body, len, "\"headers\":[]");
    free(body);
    t_free_resp(r);
    t_free_conn(c);
}

const test_case handle_tests[] = {
    {"handles_null", test_null_handles, 0},
    {"handles_unknown", test_unknown_handles, 0},
    {"handles_wrong_kind", test_wrong_kind_handles, 0},
    {"handles_freed_and_double_free", test_freed_handles, 0},
    {"handles_free_order", test_free_order, 0},
    {"handles_live_count", test_live_handles, 0},
    {"args_null_out_pointers", test_null_out_pointers, 0},
    {"args_refused_reads_keep_body", test_null_args_keep_body, 0},
    {"strerror_every_code", test_strerror, 0},
    {"version", test_version, 0},
    {"status_table", test_status_table, 0},
    {"create_errors_and_hostport", test_create_errors, 0},
    {"last_error_per_thread", test_errmsg_lasterror, 0},
    {"last_error_per_connection", test_conn_last_error, 0},
    {"conn_settings", test_conn_settings, 0},
    {"conn_options", test_options, 0},
    {NULL, NULL, 0},
};
