/* test_handles.c: handles, argument checks, return codes, versions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests.h"

/* Harmless callbacks for the calls below (never reached with a bad handle). */
static int no_body(void *u, const char **d, int64_t *n) { (void)u; (void)d; (void)n; return 0; }
static void no_debug(void *u, const char *l, int64_t n) { (void)u; (void)l; (void)n; }
static int no_read(void *u, char *b, int64_t c, int64_t *n) { (void)u; (void)b; (void)c; *n = 0; return 0; }
static int no_write(void *u, const char *d, int64_t l, int64_t *n) { (void)u; (void)d; *n = l; return 0; }
static void no_close(void *u) { (void)u; }

/* call_conn calls conn function i on c with otherwise valid arguments;
 * *name gets its name. Returns 1 when i is past the last one. */
static int call_conn(int i, gohttp_conn *c, const char **name, int *rc) {
    char buf[64];
    int64_t n = 0;
    int x = 0;
    gohttp_error e = {.size = sizeof e};
    gohttp_resp *r = NULL;
    struct gohttp_resp_info info = {.size = sizeof info};
    gohttp_header h = {"X-A", GOHTTP_NUL, "1", GOHTTP_NUL, 0};
    const char *vals[] = {"a"};
    int64_t lens[] = {1};
#define C(nm, call) case __COUNTER__ - base: *name = nm; *rc = (call); return 0;
    enum { base = __COUNTER__ + 1 };
    switch (i) {
    C("gohttp_conn_free", gohttp_conn_free(c))
    C("gohttp_conn_lasterror", gohttp_last_error(&e))
    C("gohttp_conn_set_timeout", gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 1.0))
    C("gohttp_conn_set_source_address", gohttp_conn_set_source_address(c, "127.0.0.1", GOHTTP_NUL, 0))
    C("gohttp_conn_set_blocksize", gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 100))
    C("gohttp_conn_set_limits", gohttp_conn_set_limits(c, 100, 10))
    C("gohttp_conn_set_auto_open", gohttp_conn_setopt_int(c, GOHTTP_OPT_AUTO_OPEN, 1))
    C("gohttp_conn_set_http_version", gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 11))
    C("gohttp_conn_set_default_port", gohttp_conn_setopt_int(c, GOHTTP_OPT_DEFAULT_PORT, 80))
    C("gohttp_conn_set_host", gohttp_conn_set_host(c, "127.0.0.1", GOHTTP_NUL, 1))
    C("gohttp_conn_set_debug", gohttp_conn_set_debug(c, 1, no_debug, NULL))
    C("gohttp_conn_set_transport", gohttp_conn_set_transport(c, no_read, no_write, no_close, NULL))
    C("gohttp_conn_host", gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n))
    C("gohttp_conn_port", gohttp_conn_port(c, &x))
    C("gohttp_conn_state", gohttp_conn_state(c, &x, NULL))
    C("gohttp_conn_connect", gohttp_conn_connect(c))
    C("gohttp_conn_close", gohttp_conn_close(c))
    C("gohttp_conn_set_tunnel", gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, 1, NULL, 0))
    C("gohttp_conn_proxy_headers", gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n))
    C("gohttp_conn_putrequest", gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0))
    C("gohttp_conn_putheader", t_putheader(c, "X-A", GOHTTP_NUL, "1", GOHTTP_NUL))
    C("gohttp_conn_putheader_values", gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals, lens, 1))
    C("gohttp_conn_endheaders", gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0))
    C("gohttp_conn_endheaders_stream", gohttp_conn_endheaders(c, NULL, 0, no_body, NULL, 0))
    C("gohttp_conn_send", gohttp_conn_send(c, "x", 1))
    C("gohttp_conn_request", gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, &h, 1, NULL, 0, 0))
    C("gohttp_conn_request_stream", gohttp_conn_request_stream(c, "POST", GOHTTP_NUL, "/", GOHTTP_NUL, &h, 1, no_body, NULL, 0))
    C("gohttp_conn_start_request", gohttp_conn_start_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, &h, 1, GOHTTP_BODY_NONE, 0, NULL, 0, &x))
    C("gohttp_conn_getresponse", gohttp_conn_getresponse(c, &r, NULL, NULL, 0))
    C("gohttp_conn_getresponse_info", gohttp_conn_getresponse(c, &r, &info, buf, sizeof buf))
    C("gohttp_conn_set_tls_str", gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_SERVER_NAME, "x", 1))
    C("gohttp_conn_set_tls_int", gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_VERIFY, 1))
    default:
        return 1;
    }
#undef C
}

static int call_resp(int i, gohttp_resp *r, const char **name, int *rc) {
    char buf[64], buf2[64];
    int64_t n = 0, n2 = 0;
    int x = 0;
    int64_t len = 0;
    gohttp_error e = {.size = sizeof e};
    struct gohttp_resp_info info = {.size = sizeof info};
#define C(nm, call) case __COUNTER__ - base: *name = nm; *rc = (call); return 0;
    enum { base = __COUNTER__ + 1 };
    switch (i) {
    C("gohttp_resp_free", gohttp_resp_free(r))
    C("gohttp_resp_close", gohttp_resp_close(r))
    C("gohttp_resp_lasterror", gohttp_last_error(&e))
    C("gohttp_resp_begin", gohttp_resp_begin(r, &info, buf, sizeof buf))
    C("gohttp_resp_getinfo", gohttp_resp_getinfo(r, &info, buf, sizeof buf))
    C("gohttp_resp_status", gohttp_resp_status(r, &x))
    C("gohttp_resp_version", gohttp_resp_version(r, &x))
    C("gohttp_resp_will_close", gohttp_resp_will_close(r, &x))
    C("gohttp_resp_isclosed", gohttp_resp_isclosed(r, &x))
    C("gohttp_resp_length", gohttp_resp_length(r, &len))
    C("gohttp_resp_fileno", gohttp_resp_fileno(r, &x))
    C("gohttp_resp_reason", gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, &n))
    C("gohttp_resp_rawheaders", gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, sizeof buf, &n))
    C("gohttp_resp_getheader", gohttp_resp_getheader(r, "Server", GOHTTP_NUL, buf, sizeof buf, &n))
    C("gohttp_resp_header_count", gohttp_resp_header_count(r, &n))
    C("gohttp_resp_header_at", gohttp_resp_header_at(r, 0, buf, sizeof buf, &n, buf2, sizeof buf2, &n2))
    C("gohttp_resp_trailers", gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, sizeof buf, &n))
    C("gohttp_resp_read", gohttp_resp_read(r, buf, sizeof buf, &n))
    C("gohttp_resp_readinto", gohttp_resp_read(r, buf, sizeof buf, &n))
    C("gohttp_resp_readall", gohttp_resp_readall(r, buf, sizeof buf, &n))
    C("gohttp_resp_read_amt", gohttp_resp_read_amt(r, 10, buf, sizeof buf, &n))
    C("gohttp_resp_read1", gohttp_resp_read1(r, buf, sizeof buf, &n))
    C("gohttp_resp_peek", gohttp_resp_peek(r, buf, sizeof buf, &n))
    C("gohttp_resp_readline", gohttp_resp_readline(r, -1, buf, sizeof buf, &n))
    default:
        return 1;
    }
#undef C
}

/* check_bad_conn: every conn function refuses c, and the errmsg is static. */
static void check_bad_conn(gohttp_conn *c, const char *what) {
    const char *name;
    int rc, i;
    for (i = 0; call_conn(i, c, &name, &rc) == 0; i++)
        CHECKF(rc == (c == NULL && i == 0 ? GOHTTP_OK : GOHTTP_E_BADHANDLE), /* free(NULL) is fine */ "%s(%s) = %d (%s); want GOHTTP_E_BADHANDLE", name, what, rc,
               gohttp_strerror(rc));
    CHECKF(i >= 32, "only %d conn functions tried", i);
    CHECK_STR(t_errmsg(), "bad handle");
}

static void check_bad_resp(gohttp_resp *r, const char *what) {
    const char *name;
    int rc, i;
    for (i = 0; call_resp(i, r, &name, &rc) == 0; i++)
        CHECKF(rc == (r == NULL && i == 0 ? GOHTTP_OK : GOHTTP_E_BADHANDLE), "%s(%s) = %d (%s); want GOHTTP_E_BADHANDLE", name, what, rc,
               gohttp_strerror(rc));
    CHECKF(i >= 24, "only %d resp functions tried", i);
    CHECK_STR(t_errmsg(), "bad handle");
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
    int state = -1, connected = -1;
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_IDLE && connected == 1);
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
    int st = 0;
    st = t_rinfo(r).status;
    CHECK(st == 200);
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
    CHECK_RC(gohttp_conn_lasterror(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, NULL, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_port(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_state(c, NULL, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_host(c, NULL, 0, 80), GOHTTP_E_ARG);
    /* (NULL, 0) removes the tunnel (test_bindings.c); a NULL host with a
     * length is refused. */
    CHECK_RC(gohttp_conn_set_tunnel(c, NULL, 4, 80, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_tunnel(c, "h", GOHTTP_NUL, 80, NULL, 2), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_transport(c, NULL, no_write, no_close, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_transport(c, no_read, NULL, no_close, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putrequest(c, NULL, 0, "/", GOHTTP_NUL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, NULL, 0, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, NULL, 0, NULL, 0, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 3, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 5, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_request_stream(c, "POST", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, NULL, 0), GOHTTP_E_ARG);
    gohttp_header null_name[1] = {{NULL, 0, "1", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, null_name, 1, NULL, 0, 0), GOHTTP_E_ARG);
    int chunked = 0;
    CHECK_RC(gohttp_conn_start_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, hs, 1, GOHTTP_BODY_NONE, 0, NULL, 0, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_start_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, hs, 1, 99, 0, NULL, 0, &chunked), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK); /* back to Idle */
    gohttp_resp *r = (gohttp_resp *)buf;
    CHECK_RC(gohttp_conn_getresponse(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 10), GOHTTP_E_ARG);
    CHECK(r == NULL); /* *out is cleared first */
    /* The step API with NULLs. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    CHECK_RC(t_putheader(c, NULL, 0, "v", 1), GOHTTP_E_ARG);
    CHECK_RC(t_putheader(c, "X-A", GOHTTP_NUL, NULL, 4), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, NULL, 0, vals, lens, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, NULL, lens, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals, NULL, 1), GOHTTP_E_ARG);
    const char *null_vals[1] = {NULL};
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, null_vals, lens, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 5, NULL, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_send(c, NULL, 3), GOHTTP_E_ARG);
    /* The refused calls changed nothing: the request goes out as built. */
    REQUIRE_RC(t_putheader(c, "Content-Length", GOHTTP_NUL, "0", 1), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);

    int64_t len = 0;
    gohttp_error e = {.size = sizeof e};
    int64_t n2 = 0;
    CHECK_RC(gohttp_resp_lasterror(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_getinfo(r, NULL, buf, sizeof buf), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_status(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_version(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_will_close(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_isclosed(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_length(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_fileno(r, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_getheader(r, NULL, 0, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_getheader(r, "Server", GOHTTP_NUL, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_header_count(r, NULL), GOHTTP_E_ARG);
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

static void test_strerror(void) {
    static const struct { int code; const char *name; } names[] = {
        {GOHTTP_OK, "no error"},
        {GOHTTP_NOTFOUND, "not found"},
        {GOHTTP_E_INTERNAL, "internal error"},
        {GOHTTP_E_BADHANDLE, "bad handle"},
        {GOHTTP_E_ARG, "bad argument"},
        {GOHTTP_E_BUSY, "handle busy in another thread"},
        {GOHTTP_E_RANGE, "buffer too small"},
        {GOHTTP_E_FORKED, "called in a forked child"},
        {GOHTTP_E_CANCELLED, "cancelled"},
        {GOHTTP_E_HTTP, "HTTPException"},
        {GOHTTP_E_NOT_CONNECTED, "NotConnected"},
        {GOHTTP_E_INVALID_URL, "InvalidURL"},
        {GOHTTP_E_UNKNOWN_PROTOCOL, "UnknownProtocol"},
        {GOHTTP_E_INCOMPLETE_READ, "IncompleteRead"},
        {GOHTTP_E_CANNOT_SEND_REQUEST, "CannotSendRequest"},
        {GOHTTP_E_CANNOT_SEND_HEADER, "CannotSendHeader"},
        {GOHTTP_E_RESPONSE_NOT_READY, "ResponseNotReady"},
        {GOHTTP_E_BAD_STATUS_LINE, "BadStatusLine"},
        {GOHTTP_E_LINE_TOO_LONG, "LineTooLong"},
        {GOHTTP_E_REMOTE_DISCONNECTED, "RemoteDisconnected"},
        {GOHTTP_E_VALUE, "ValueError"},
        {GOHTTP_E_ENCODE, "UnicodeEncodeError"},
        {GOHTTP_E_RUNTIME, "RuntimeError"},
        {GOHTTP_E_OVERFLOW, "OverflowError"},
        {GOHTTP_E_OS, "OSError"},
        {GOHTTP_E_TIMEOUT, "timed out"},
        {GOHTTP_E_DNS, "name resolution failed"},
        {GOHTTP_E_TLS, "SSLError"},
        {GOHTTP_E_TLS_VERIFY, "SSLCertVerificationError"},
        {GOHTTP_E_TUNNEL, "tunnel connection failed"},
        {GOHTTP_E_CALLBACK, "callback failed"},
        {GOHTTP_E_TOO_LARGE, "MemoryError"},
    };
    int64_t count = sizeof names / sizeof names[0];
    for (int64_t i = 0; i < count; i++) {
        const char *s = gohttp_strerror(names[i].code);
        CHECKF(s && strcmp(s, names[i].name) == 0, "gohttp_strerror(%d) = \"%s\"; want \"%s\"",
               names[i].code, s ? s : "(null)", names[i].name);
        /* Static: the same pointer every time. */
        CHECK(gohttp_strerror(names[i].code) == s);
        for (int64_t j = 0; j < i; j++)
            CHECKF(strcmp(s, names[j].name) != 0, "codes %d and %d share the name \"%s\"",
                   names[i].code, names[j].code, s);
    }
    /* Every code in the header's range that is not listed is unknown. */
    for (int code = -40; code <= 2; code++) {
        int known = 0;
        for (int64_t i = 0; i < count; i++)
            known |= names[i].code == code;
        if (!known)
            CHECKF(strcmp(gohttp_strerror(code), "unknown error") == 0, "gohttp_strerror(%d) = \"%s\"",
                   code, gohttp_strerror(code));
    }
    CHECK_STR(gohttp_strerror(-12345), "unknown error");
    CHECK_STR(gohttp_strerror(12345), "unknown error");
    CHECK_STR(gohttp_strerror(INT32_MIN), "unknown error");
}

static void test_version(void) {
    CHECK_STR(gohttp_version(), GOHTTP_VERSION);
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
    int64_t i, canonical = 0, aliases = 0;
    int prev = 0, code = 0, alias = 0;
    const char *name = NULL, *phrase = NULL, *desc = NULL;
    for (i = 0; gohttp_status_at(i, &code, &name, &phrase, &desc, &alias) == GOHTTP_OK; i++) {
        REQUIRE(name && phrase && desc);
        CHECKF(code >= prev, "status table out of order at %zu: %d after %d", i, code, prev);
        prev = code;
        if (alias) {
            aliases++;
        } else {
            canonical++;
            CHECKF(gohttp_status_phrase(code) && strcmp(gohttp_status_phrase(code), phrase) == 0,
                   "phrase of %d: table \"%s\", gohttp_status_phrase \"%s\"", code, phrase,
                   gohttp_status_phrase(code) ? gohttp_status_phrase(code) : "(null)");
        }
        if (code == 404) {
            CHECK_STR(name, "NOT_FOUND");
            CHECK_STR(desc, "Nothing matches the given URI");
        }
        if (i > 1000)
            break;
    }
    /* Python 3.13's HTTPStatus: 62 codes plus 4 aliases (HC-A2). */
    CHECKF(canonical == 62, "%zu canonical entries; want 62", canonical);
    CHECKF(aliases == 4, "%zu aliases; want 4", aliases);
    CHECK_RC(gohttp_status_at(i, &code, NULL, NULL, NULL, NULL), GOHTTP_NOTFOUND);
    CHECK_RC(gohttp_status_at((int64_t)-1, NULL, NULL, NULL, NULL, NULL), GOHTTP_NOTFOUND);
    /* Every out-pointer may be NULL. */
    CHECK_RC(gohttp_status_at(0, NULL, NULL, NULL, NULL, NULL), GOHTTP_OK);
    CHECK_RC(gohttp_status_at(0, &code, NULL, NULL, NULL, NULL), GOHTTP_OK);
    CHECK(code == 100);
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

/* errmsg and lasterror: "no error" at first, then the last failure, with
 * its strings owned by the handle. */
static void test_errmsg_lasterror(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_error e = {.size = sizeof e};
    memset(&e, 0x55, sizeof e);
    CHECK_STR(t_errmsg(), "no error");
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_OK);
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
    int port = 0;
    port = t_cinfo(c).port;
    CHECK_STR(t_errmsg(), "cannot send header");
    /* The next failure replaces it. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_BLOCKSIZE, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_ARG);
    CHECK_CONTAINS(e.message, strlen(e.message), "blocksize");
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
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_LINE, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_HEADERS, -5), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 12), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_HTTP_VERSION, 9), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_source_address(c, "127.0.0.1", GOHTTP_NUL, 70000), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_source_address(c, "127.0.0.1", GOHTTP_NUL, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_source_address(c, "127.0.0.1", GOHTTP_NUL, 0), GOHTTP_OK);
    /* A request with these settings works (source bound to 127.0.0.1). */
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    CHECK_RC(gohttp_conn_set_source_address(c, NULL, 0, 0), GOHTTP_OK);

    /* set_host: takes effect at the next connect; port from the host. */
    char hostport[64], buf[64];
    int64_t n = 0;
    int port = 0;
    snprintf(hostport, sizeof hostport, "localhost:%d", P.http);
    CHECK_RC(gohttp_conn_set_host(c, hostport, GOHTTP_NUL, -1), GOHTTP_OK);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "localhost");
    port = t_cinfo(c).port;
    CHECK(port == P.http);
    CHECK_RC(gohttp_conn_set_host(c, "h:port", GOHTTP_NUL, -1), GOHTTP_E_INVALID_URL);
    CHECK_RC(gohttp_conn_set_host(c, "a b", GOHTTP_NUL, 80), GOHTTP_E_INVALID_URL);
    /* A refused set_host changes nothing. */
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "localhost");
    /* conn_host with a small buffer: GOHTTP_E_RANGE and the size. */
    n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, 3, &n), GOHTTP_E_RANGE);
    CHECK(n == strlen("localhost"));
    n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, NULL, 0, &n), GOHTTP_E_RANGE);
    CHECK(n == strlen("localhost"));
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
    {"errmsg_lasterror", test_errmsg_lasterror, 0},
    {"conn_settings", test_conn_settings, 0},
    {NULL, NULL, 0},
};
