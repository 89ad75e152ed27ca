/* test_transport.c: the host transport (callbacks over a socket the test
 * owns), responses on a caller transport (gohttp_resp_new), and CONNECT
 * tunnels. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests.h"

struct tp {
    int fd;
    int reads, writes, closes;
    int read_rc;   /* returned by read instead of reading when != 0 */
    int write_rc;
    int read_overflow; /* report more bytes than cap */
};

static int tp_read(void *u, void *buf, int64_t cap, int64_t *n) {
    struct tp *t = u;
    t->reads++;
    if (t->read_rc)
        return t->read_rc;
    if (t->fd < 0)
        return EBADF;
    ssize_t k = recv(t->fd, buf, cap, 0);
    if (k < 0)
        return errno;
    *n = (int64_t)k;
    if (t->read_overflow)
        *n = cap + 1;
    return 0;
}

static int tp_write(void *u, const void *data, int64_t len, int64_t *n) {
    struct tp *t = u;
    t->writes++;
    if (t->write_rc)
        return t->write_rc;
    if (t->fd < 0)
        return EBADF;
    /* Short writes on purpose: the library must loop. */
    int64_t chunk = len > 7 ? len / 2 : len;
    ssize_t k = send(t->fd, data, chunk, MSG_NOSIGNAL);
    if (k < 0)
        return errno;
    *n = (int64_t)k;
    return 0;
}

static void tp_close(void *u) {
    struct tp *t = u;
    t->closes++;
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
}

static void tp_open(struct tp *t, int port) {
    memset(t, 0, sizeof *t);
    t->fd = t_connect_tcp(port);
    CHECK(t->fd >= 0);
}

static void test_host_transport(void) {
    struct tp t;
    tp_open(&t, P.http);
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
    struct gohttp_conn_info ci = t_cinfo(c);
    CHECK(ci.connected == 1 && ci.socket == -1); /* a host transport has no descriptor */
    /* Several requests over it (keep-alive), bodies both ways. */
    for (int i = 0; i < 3; i++) {
        gohttp_resp *r = NULL;
        if (i == 1) {
            CHECK_RC(gohttp_conn_request(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, NULL, 0,
                                         "through the host transport", GOHTTP_NUL, 0), GOHTTP_OK);
            r = t_getresponse(c);
        } else {
            r = t_request(c, "GET", i ? "/chunked?n=5" : "/bytes?n=100000");
        }
        REQUIRE(r);
        int fd = 0;
        fd = (int)t_rinfo(r).socket;
        CHECK(fd == -1);
        int64_t n = 0;
        char *b = t_readall(r, &n);
        if (i == 0)
            CHECK(b && n == 100000 && t_pattern_ok(b, n, 0));
        if (i == 1)
            CHECK_CONTAINS(b, n, "\"body\":\"through the host transport\"");
        if (i == 2)
            CHECK_CONTAINS(b, n, "chunk 4\n");
        free(b);
        t_free_resp(r);
    }
    CHECK(t.reads > 0 && t.writes > 3 && t.closes == 0);
    t_free_conn(c);
    CHECKF(t.closes == 1, "close called %d times; want 1", t.closes);

    /* A response that closes the connection owns the transport: close is
     * called once, when the last holder lets go. */
    tp_open(&t, P.http);
    c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
    gohttp_resp *r = t_request(c, "GET", "/close");
    REQUIRE(r);
    CHECK(t_cinfo(c).connected == 0);
    CHECKF(t.closes == 0, "close called %d times while the response still reads", t.closes);
    int64_t n = 0;
    char *b = t_readall(r, &n);
    CHECK_CONTAINS(b, n, "this body ends");
    free(b);
    CHECK(t.closes == 1);
    t_free_resp(r);
    t_free_conn(c);
    CHECKF(t.closes == 1, "close called %d times; want 1", t.closes);

    /* Freeing the connection while its response still reads: one close,
     * after both are gone. */
    tp_open(&t, P.http);
    c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
    r = t_request(c, "GET", "/bytes?n=10");
    REQUIRE(r);
    t_free_conn(c);
    t_free_resp(r);
    CHECKF(t.closes == 1, "close called %d times; want 1", t.closes);

    /* A new transport replaces (and closes) the previous one. */
    struct tp t2;
    tp_open(&t, P.http);
    tp_open(&t2, P.http);
    c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, NULL, &t2), GOHTTP_OK);
    CHECK(t.closes == 1);
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200 && t2.writes > 0 && t.writes == 0);
    t_free_resp(r);
    /* conn_close lets go of it (close callback NULL: nothing to call). */
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK(t2.closes == 0);
    close(t2.fd);
    /* Without a transport the next request connects natively again. */
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    int fd = -1;
    fd = (int)t_rinfo(r).socket;
    CHECK(fd >= 0);
    t_free_resp(r);
    t_free_conn(c);
    CHECK(t.closes == 1);
}

/* Callback failures map to codes: errno, timeout, other. */
static void test_transport_errors(void) {
    static const struct { int rc; int code; int os_error; } cases[] = {
        {ECONNRESET, GOHTTP_E_OS, ECONNRESET},
        {GOHTTP_E_TIMEOUT, GOHTTP_E_TIMEOUT, 0},
        {-99, GOHTTP_E_CALLBACK, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tp t;
        tp_open(&t, P.http);
        gohttp_conn *c = t_conn(P.http);
        REQUIRE(c);
        REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
        t.read_rc = cases[i].rc;
        REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
        gohttp_resp *r = NULL;
        CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), cases[i].code);
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECKF(e.os_error == cases[i].os_error, "read rc %d: os_error %d; want %d", cases[i].rc, e.os_error,
               cases[i].os_error);
        t_free_conn(c);
        CHECKF(t.closes == 1, "read rc %d: close called %d times; want 1", cases[i].rc, t.closes);

        /* The same from write. */
        tp_open(&t, P.http);
        c = t_conn(P.http);
        REQUIRE(c);
        REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
        t.write_rc = cases[i].rc == ECONNRESET ? EPIPE : cases[i].rc;
        CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), cases[i].code);
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        if (cases[i].rc == ECONNRESET)
            CHECK(e.os_error == EPIPE);
        t_free_conn(c);
        CHECK(t.closes == 1);
    }
    /* A read that claims more than it was given is refused. */
    struct tp t;
    tp_open(&t, P.http);
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(t_set_transport(c, tp_read, tp_write, tp_close, &t), GOHTTP_OK);
    t.read_overflow = 1;
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    gohttp_resp *r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_CALLBACK);
    t_free_conn(c);
    CHECK(t.closes == 1);
}

/* gohttp_resp_new/gohttp_resp_begin: a response read from a transport the
 * caller gives (http.client's HTTPResponse(sock)). */
static void test_resp_new(void) {
    static const char wire[] = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: b\r\n\r\nhello world";
    for (int head = 0; head < 2; head++) {
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
        REQUIRE(send(sv[0], wire, sizeof wire - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof wire - 1));
        close(sv[0]);
        struct tp t;
        memset(&t, 0, sizeof t);
        t.fd = sv[1];
        gohttp_resp *r = NULL;
        REQUIRE_RC(t_resp_new(tp_read, tp_close, &t, head ? "HEAD" : "GET", GOHTTP_NUL, &r), GOHTTP_OK);
        t_track_resp(r);
        CHECK(gohttp_live_handles() == 1);
        CHECK(t.reads == 0); /* nothing read before begin */
        struct gohttp_resp_info info = {.size = sizeof info};
        char buf[128];
        REQUIRE_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
        CHECK(info.status == 200 && info.version == 11 && info.head_copied == 0 && info.body_len == -1);
        CHECK(info.length == (head ? 0 : 11) && info.reason_len == 2);
        int64_t n = 0;
        const char *raw = t_resp_get(r, GOHTTP_RESP_RAW_HEADERS, &n);
        CHECK_MEM(raw, n, "Content-Length: 11\r\nX-A: b\r\n\r\n");
        CHECK(info.headers_len == n);
        /* A second begin only reports again. */
        memset(&info, 0, sizeof info);
        info.size = sizeof info;
        int reads = t.reads;
        CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
        CHECK(info.status == 200 && info.reason_len == 2 && t.reads == reads);
        CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_OK);
        CHECK_RC(gohttp_resp_getheader(r, "x-a", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "b");
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, head ? "" : "hello world");
        free(b);
        t_free_resp(r);
        CHECKF(t.closes == 1, "close called %d times; want 1", t.closes);
    }
    /* Begin on garbage: BadStatusLine; the handle stays and is freed. */
    int sv[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    REQUIRE(send(sv[0], "nonsense\r\n", 10, MSG_NOSIGNAL) == 10);
    close(sv[0]);
    struct tp t;
    memset(&t, 0, sizeof t);
    t.fd = sv[1];
    gohttp_resp *r = NULL;
    REQUIRE_RC(t_resp_new(tp_read, tp_close, &t, "GET", 3, &r), GOHTTP_OK);
    t_track_resp(r);
    CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_E_BAD_STATUS_LINE);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_MEM(e.arg, e.arg_len, "nonsense\r\n");
    t_free_resp(r);
    CHECK(t.closes == 1);
    if (t.fd >= 0)
        close(t.fd);

    /* Argument checks; nothing is created. */
    CHECK_RC(t_resp_new(NULL, tp_close, &t, "GET", 3, &r), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_new(NULL, "GET", 3, &r), GOHTTP_E_ARG);
    CHECK_RC(t_resp_new(tp_read, tp_close, &t, "GET", 3, NULL), GOHTTP_E_ARG);
    r = (gohttp_resp *)&t;
    CHECK_RC(t_resp_new(tp_read, tp_close, &t, NULL, 0, &r), GOHTTP_E_ARG);
    CHECK(r == NULL);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "method");
    CHECK(gohttp_live_handles() == 0);
    /* begin on a connection's response: it has its headers already. */
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    struct gohttp_resp_info info = {.size = sizeof info};
    CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
    CHECK(info.status == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* CONNECT through the local proxy to the local server. */
static void test_tunnel(void) {
    gohttp_conn *c = t_conn(P.proxy);
    REQUIRE(c);
    char buf[512];
    int64_t n = 99;
    REQUIRE_RC(gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, P.http, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    gohttp_resp *r = t_request(c, "GET", "/echo");
    REQUIRE(r);
    char *b = t_readall(r, &n);
    char want[64];
    snprintf(want, sizeof want, "[\"Host\",\"127.0.0.1:%d\"]", P.http);
    CHECK_CONTAINS(b, n, want);
    free(b);
    t_free_resp(r);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "X-Proxy: gohttp-testsrv\r\n\r\n");
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, 3, &n), GOHTTP_E_RANGE);
    CHECK(n == strlen("X-Proxy: gohttp-testsrv\r\n\r\n"));
    /* Keep-alive inside the tunnel. */
    r = t_request(c, "GET", "/bytes?n=7");
    REQUIRE(r);
    b = t_readall(r, &n);
    CHECK_MEM(b, n, "abcdefg");
    free(b);
    t_free_resp(r);
    /* Too late to set a tunnel on an open connection. */
    CHECK_RC(gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, P.http, NULL, 0), GOHTTP_E_RUNTIME);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_MEM(e.arg, e.arg_len, "Can't set up tunnel for established connection");
    t_free_conn(c);

    /* The proxy refuses other hosts: OSError("Tunnel connection failed"). */
    c = t_conn(P.proxy);
    REQUIRE(c);
    REQUIRE_RC(gohttp_conn_set_tunnel(c, "example.com", GOHTTP_NUL, 80, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_TUNNEL);
    CHECK_STR(t_errmsg(), "Tunnel connection failed: 403 Forbidden");
    struct gohttp_conn_info ci = t_cinfo(c);
    CHECK(ci.connected == 0 && ci.state == GOHTTP_STATE_IDLE);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_CONTAINS(buf, n, "Content-Length:");

    /* Argument validation. */
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_set_tunnel(c, "a b", GOHTTP_NUL, 80, NULL, 0), GOHTTP_E_VALUE);
    CHECK_RC(gohttp_conn_set_tunnel(c, "host:port", GOHTTP_NUL, -1, NULL, 0), GOHTTP_E_INVALID_URL);
    gohttp_header bad[] = {{"X-Bad", GOHTTP_NUL, "a\r\nb", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_set_tunnel(c, "h", GOHTTP_NUL, 80, bad, 1), GOHTTP_E_VALUE);
    gohttp_header badname[] = {{"X:Bad", GOHTTP_NUL, "v", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_set_tunnel(c, "h", GOHTTP_NUL, 80, badname, 1), GOHTTP_E_VALUE);
    t_free_conn(c);
}

/* The CONNECT request on the wire, and a 407 from a scripted proxy. */
static void test_tunnel_wire(void) {
    static const script_step steps[] = {
        {SS_READ, NULL, 0},
        {SS_SEND, "HTTP/1.1 200 Connection established\r\nX-P: 1\r\n\r\n", 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 4);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    if (c) {
        gohttp_header hs[] = {{"Proxy-Authorization", GOHTTP_NUL, "Basic eDp5", GOHTTP_NUL, 0}};
        CHECK_RC(gohttp_conn_set_tunnel(c, "target.example:8080", GOHTTP_NUL, -1, hs, 1), GOHTTP_OK);
        char host[64];
        int64_t n = 0;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, host, sizeof host, &n), GOHTTP_OK);
        CHECK_MEM(host, n, "127.0.0.1"); /* the proxy */
        gohttp_resp *r = t_request(c, "GET", "/x");
        if (r) {
            char *b = t_readall(r, &n);
            CHECK_MEM(b, n, "ok");
            free(b);
            t_free_resp(r);
        }
        t_free_conn(c);
    }
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, NULL, NULL);
    CHECK_MEM(rec, rn,
              "CONNECT target.example:8080 HTTP/1.1\r\nProxy-Authorization: Basic eDp5\r\n"
              "Host: target.example:8080\r\n\r\n"
              "GET /x HTTP/1.1\r\nHost: target.example:8080\r\nAccept-Encoding: identity\r\n\r\n");
    script_free(s);

    static const script_step refuse[] = {
        {SS_READ, NULL, 0},
        {SS_SEND, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n", 0},
        {SS_CLOSE, NULL, 0},
    };
    s = script_start(refuse, 3);
    REQUIRE(s);
    c = t_conn(script_port(s));
    if (c) {
        CHECK_RC(gohttp_conn_set_tunnel(c, "[::1]", GOHTTP_NUL, 443, NULL, 0), GOHTTP_OK);
        CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TUNNEL);
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECK_STR(e.message, "Tunnel connection failed: 407 Proxy Authentication Required");
        char buf[256];
        int64_t n = 0;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "Proxy-Authenticate: Basic realm=\"x\"\r\n\r\n");
        t_free_conn(c);
    }
    rec = script_finish(s, &rn, NULL, NULL);
    /* http.client brackets the address in the request line only. */
    CHECK_MEM(rec, rn, "CONNECT [::1]:443 HTTP/1.1\r\nHost: ::1:443\r\n\r\n");
    script_free(s);
}

const test_case transport_tests[] = {
    {"transport_host_callbacks", test_host_transport, 0},
    {"transport_callback_errors", test_transport_errors, 0},
    {"transport_resp_new_begin", test_resp_new, 0},
    {"tunnel_local_proxy", test_tunnel, 0},
    {"tunnel_wire_and_refusal", test_tunnel_wire, 0},
    {NULL, NULL, 0},
};
