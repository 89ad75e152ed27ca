/* test_request.c: sending requests: request, the step API, streamed
 * bodies, state and validation errors, connect errors, debug output. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"

/* echo sends method url with headers and body to /echo-like url and
 * returns the JSON body (malloc'd) or NULL. */
static char *echo(gohttp_conn *c, const char *method, const char *url, const gohttp_header *hs,
                  int64_t nh, const char *body, int64_t body_len, int flags, int64_t *n) {
    int rc = gohttp_conn_request(c, method, GOHTTP_NUL, url, GOHTTP_NUL, hs, nh, body, body_len, flags);
    if (!CHECK_RC(rc, GOHTTP_OK)) {
        t_note("%s", t_errmsg());
        return NULL;
    }
    gohttp_resp *r = t_getresponse(c);
    if (!r)
        return NULL;
    CHECK(t_status(r) == 200);
    char *out = t_readall(r, n);
    t_free_resp(r);
    return out;
}

static void test_get(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    int st = 0, v = 0;
    st = t_rinfo(r).status;
    CHECK(st == 200);
    v = t_rinfo(r).version;
    CHECK(v == 11);
    int64_t n = 0;
    char *body = t_readall(r, &n);
    CHECK_MEM(body, n, "hello from gohttp testsrv\n");
    free(body);
    t_free_resp(r);
    t_free_conn(c);
}

/* Several requests on one connection reuse its socket (keep-alive). */
static void test_keepalive_reuse(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    int first_fd = -2;
    for (int i = 0; i < 5; i++) {
        gohttp_resp *r = t_request(c, "GET", i % 2 ? "/bytes?n=5000" : "/chunked?n=4");
        REQUIRE(r);
        int fd = -1;
        fd = (int)t_rinfo(r).socket;
        CHECK(fd >= 0);
        if (i == 0)
            first_fd = fd;
        CHECKF(fd == first_fd, "request %d used fd %d; the first used %d", i, fd, first_fd);
        int64_t n = 0;
        char *body = t_readall(r, &n);
        CHECK(body && n == (i % 2 ? 5000 : (int64_t)strlen("chunk 0\nchunk 1\nchunk 2\nchunk 3\n")));
        free(body);
        int state = -1, connected = -1;
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_IDLE && connected == 1);
        t_free_resp(r);
    }
    t_free_conn(c);

    /* Proof from the server side: one connection, three requests. */
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n", 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 4);
    REQUIRE(s);
    c = t_conn(script_port(s));
    for (int i = 0; c && i < 3; i++) {
        gohttp_resp *r = t_request(c, "GET", "/");
        if (!r)
            break;
        int64_t n = 0;
        char *body = t_readall(r, &n);
        char want[2] = {(char)('a' + i), 0};
        CHECK_MEM(body, n, want);
        free(body);
        t_free_resp(r);
    }
    if (c)
        t_free_conn(c);
    int nreq = 0, nconn = 0;
    script_finish(s, NULL, &nreq, &nconn);
    CHECKF(nreq == 3 && nconn == 1, "server saw %d requests on %d connections; want 3 on 1", nreq, nconn);
    script_free(s);
}

/* Automatic headers and their order (HC-D5, HC-E1..E3). */
static void test_request_headers_and_body(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    char want[256];
    int64_t n = 0;
    gohttp_header hs[] = {
        {"X-First", GOHTTP_NUL, "1", GOHTTP_NUL, 0},
        {"x-second", GOHTTP_NUL, "two words", GOHTTP_NUL, 0},
        {"X-Len-Counted", 7, "abcdef", 3, 0}, /* "X-Len-C": "abc" */
    };
    char *j = echo(c, "POST", "/echo", hs, 3, "hello", 5, 0, &n);
    REQUIRE(j);
    snprintf(want, sizeof want,
             "\"headers\":[[\"Host\",\"127.0.0.1:%d\"],[\"Accept-Encoding\",\"identity\"],"
             "[\"Content-Length\",\"5\"],[\"X-First\",\"1\"],[\"x-second\",\"two words\"],"
             "[\"X-Len-C\",\"abc\"]]", P.http);
    CHECK_CONTAINS(j, n, want);
    CHECK_CONTAINS(j, n, "\"method\":\"POST\"");
    CHECK_CONTAINS(j, n, "\"body\":\"hello\"");
    CHECK_CONTAINS(j, n, "\"chunked\":false");
    free(j);

    /* POST, PUT, PATCH without a body get Content-Length: 0; GET none. */
    const char *methods[] = {"POST", "PUT", "PATCH", "GET", "DELETE", "patch"};
    for (int i = 0; i < 6; i++) {
        j = echo(c, methods[i], "/echo", NULL, 0, NULL, 0, 0, &n);
        REQUIRE(j);
        if (i < 3 || i == 5)
            CHECK_CONTAINS(j, n, "[\"Content-Length\",\"0\"]");
        else
            CHECKF(!memmem(j, n, "Content-Length", 14), "%s without a body sent Content-Length", methods[i]);
        free(j);
    }
    /* A body of length 0 (not NULL) is a body: Content-Length: 0. */
    j = echo(c, "GET", "/echo", NULL, 0, "", 0, 0, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "[\"Content-Length\",\"0\"]");
    free(j);

    /* The caller's Host and Accept-Encoding replace the automatic ones,
     * in the caller's position and case. */
    gohttp_header own[] = {
        {"X-Before", GOHTTP_NUL, "b", GOHTTP_NUL, 0},
        {"host", GOHTTP_NUL, "example.org", GOHTTP_NUL, 0},
        {"ACCEPT-ENCODING", GOHTTP_NUL, "gzip", GOHTTP_NUL, 0},
    };
    j = echo(c, "GET", "/echo", own, 3, NULL, 0, 0, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"headers\":[[\"X-Before\",\"b\"],[\"host\",\"example.org\"],[\"ACCEPT-ENCODING\",\"gzip\"]]");
    free(j);

    /* A caller Content-Length is used as given, and a binary body with
     * NULs goes out whole. */
    gohttp_header cl[] = {{"Content-Length", GOHTTP_NUL, "3", GOHTTP_NUL, 0}};
    j = echo(c, "PUT", "/echo", cl, 1, "a\0b", 3, 0, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"body_len\":3");
    CHECK_CONTAINS(j, n, "[\"Content-Length\",\"3\"]]");
    free(j);

    /* An absolute URL sets Host from its netloc (HC-E1). */
    j = echo(c, "GET", "http://example.net:81/echo", NULL, 0, NULL, 0, 0, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "[\"Host\",\"example.net:81\"]");
    free(j);
    t_free_conn(c);
}

/* encode_chunked is honoured only with a caller Transfer-Encoding (HC-E3). */
static void test_encode_chunked(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    int64_t n = 0;
    gohttp_header te[] = {{"Transfer-Encoding", GOHTTP_NUL, "chunked", GOHTTP_NUL, 0}};
    char *j = echo(c, "POST", "/echo", te, 1, "chunky body", 11, GOHTTP_ENCODE_CHUNKED, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"chunked\":true");
    CHECK_CONTAINS(j, n, "\"body\":\"chunky body\"");
    CHECKF(!memmem(j, n, "Content-Length", 14), "Content-Length sent with a caller Transfer-Encoding");
    free(j);
    /* Without the caller's Transfer-Encoding: a Content-Length body. */
    j = echo(c, "POST", "/echo", NULL, 0, "plain", 5, GOHTTP_ENCODE_CHUNKED, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"chunked\":false");
    CHECK_CONTAINS(j, n, "[\"Content-Length\",\"5\"]");
    CHECK_CONTAINS(j, n, "\"body\":\"plain\"");
    free(j);
    t_free_conn(c);

    /* The wire bytes: one upper-case hex chunk, then the last chunk. */
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 204 No Content\r\n\r\n", 0},
    };
    script *s = script_start(steps, 1);
    REQUIRE(s);
    c = t_conn(script_port(s));
    char body[26];
    for (int i = 0; i < 26; i++)
        body[i] = (char)('a' + i);
    if (c) {
        CHECK_RC(gohttp_conn_request(c, "POST", 4, "/up", 3, te, 1, body, 26, GOHTTP_ENCODE_CHUNKED), GOHTTP_OK);
        gohttp_resp *r = t_getresponse(c);
        if (r) {
            CHECK(t_status(r) == 204);
            t_free_resp(r);
        }
        t_free_conn(c);
    }
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, NULL, NULL);
    char want[200];
    snprintf(want, sizeof want,
             "POST /up HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\n"
             "Transfer-Encoding: chunked\r\n\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
             script_port(s));
    CHECK_MEM(rec, rn, want);
    script_free(s);
}

struct pieces {
    const char *const *parts;
    int n, i, calls, fail_at;
};

static int next_piece(void *user, const void **data, int64_t *len) {
    struct pieces *p = user;
    p->calls++;
    if (p->fail_at && p->calls == p->fail_at)
        return -7;
    if (p->i >= p->n)
        return 0;
    *data = p->parts[p->i];
    *len = (int64_t)strlen(p->parts[p->i]);
    p->i++;
    return 1;
}

/* stream_request sends a request whose body comes from a callback, as
 * ABI 0's gohttp_conn_request_stream did: putrequest, the headers, then
 * Transfer-Encoding: chunked and chunk framing unless the headers give
 * Content-Length (what http.client does for an iterable body). */
static int stream_request(gohttp_conn *c, const char *method, const char *url, const gohttp_header *hs,
                          int64_t nh, gohttp_body_fn fn, void *user) {
    int rc = gohttp_conn_putrequest(c, method, GOHTTP_NUL, url, GOHTTP_NUL, 0);
    int has_length = 0;
    for (int64_t i = 0; rc == GOHTTP_OK && i < nh; i++) {
        rc = t_putheader(c, hs[i].name, hs[i].name_len, hs[i].value, hs[i].value_len);
        has_length |= strcmp(hs[i].name, "Content-Length") == 0;
    }
    if (rc == GOHTTP_OK && !has_length)
        rc = t_putheader(c, "Transfer-Encoding", GOHTTP_NUL, "chunked", GOHTTP_NUL);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_endheaders(c, NULL, 0, fn, user, has_length ? 0 : GOHTTP_ENCODE_CHUNKED);
    return rc;
}

static void test_request_stream(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    static const char *const parts[] = {"stream", "", "ed ", "body"};
    struct pieces p = {parts, 4, 0, 0, 0};
    CHECK_RC(stream_request(c, "POST", "/echo", NULL, 0, next_piece, &p), GOHTTP_OK);
    CHECK(p.calls == 5); /* 4 pieces and the end */
    gohttp_resp *r = t_getresponse(c);
    REQUIRE(r);
    int64_t n = 0;
    char *j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "\"chunked\":true");
    CHECK_CONTAINS(j, n, "[\"Transfer-Encoding\",\"chunked\"]");
    CHECK_CONTAINS(j, n, "\"body\":\"streamed body\"");
    free(j);
    t_free_resp(r);

    /* With a caller Content-Length the stream is sent as it is. */
    gohttp_header cl[] = {{"Content-Length", GOHTTP_NUL, "13", GOHTTP_NUL, 0}};
    struct pieces p2 = {parts, 4, 0, 0, 0};
    CHECK_RC(stream_request(c, "PUT", "/echo", cl, 1, next_piece, &p2), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "\"chunked\":false");
    CHECK_CONTAINS(j, n, "\"body\":\"streamed body\"");
    free(j);
    t_free_resp(r);

    /* An empty stream: just the last chunk. */
    struct pieces p3 = {parts, 0, 0, 0, 0};
    CHECK_RC(stream_request(c, "POST", "/echo", NULL, 0, next_piece, &p3), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "\"body_len\":0");
    CHECK_CONTAINS(j, n, "\"chunked\":true");
    free(j);
    t_free_resp(r);

    /* The callback aborts: GOHTTP_E_CALLBACK; close, and the connection
     * works again. */
    struct pieces p4 = {parts, 4, 0, 0, 3};
    CHECK_RC(stream_request(c, "POST", "/echo", NULL, 0, next_piece, &p4), GOHTTP_E_CALLBACK);
    CHECK(p4.calls == 3);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_CALLBACK);
    CHECK_CONTAINS(e.message, strlen(e.message), "-7");
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    /* A body and a body callback together are refused. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    struct pieces p5 = {parts, 4, 0, 0, 0};
    CHECK_RC(gohttp_conn_endheaders(c, "x", 1, next_piece, &p5, 0), GOHTTP_E_ARG);
    CHECK(p5.calls == 0);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* The step API: putrequest, putheader(_values), endheaders, send. */
static void test_step_api(void) {
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 3);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    int state = -1, connected = -1;
    if (c) {
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
        CHECK_RC(gohttp_conn_putrequest(c, "PUT", GOHTTP_NUL, "", GOHTTP_NUL,
                                        GOHTTP_SKIP_ACCEPT_ENCODING), GOHTTP_OK);
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_REQUEST_STARTED && connected == 0);
        const char *vals[] = {"first", "second", "third-cut"};
        int64_t lens[] = {GOHTTP_NUL, 6, 5};
        CHECK_RC(gohttp_conn_putheader(c, "X-Multi", GOHTTP_NUL, vals, lens, 3), GOHTTP_OK);
        CHECK_RC(gohttp_conn_putheader(c, "X-None", GOHTTP_NUL, NULL, NULL, 0), GOHTTP_OK);
        CHECK_RC(t_putheader(c, "X-Fold", GOHTTP_NUL, "a\r\n b", GOHTTP_NUL), GOHTTP_OK);
        CHECK_RC(t_putheader(c, "Content-Length", GOHTTP_NUL, "5", 1), GOHTTP_OK);
        CHECK_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_OK);
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_REQUEST_SENT && connected == 1);
        CHECK_RC(gohttp_conn_send(c, "hel", 3), GOHTTP_OK);
        CHECK_RC(gohttp_conn_send(c, "lo", GOHTTP_NUL), GOHTTP_OK);
        gohttp_resp *r = t_getresponse(c);
        if (r) {
            int64_t n = 0;
            char *b = t_readall(r, &n);
            CHECK_MEM(b, n, "ok");
            free(b);
            t_free_resp(r);
        }
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_IDLE && connected == 1);
        /* skip_host, and a body given to endheaders. */
        CHECK_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/x", GOHTTP_NUL, GOHTTP_SKIP_HOST), GOHTTP_OK);
        CHECK_RC(t_putheader(c, "Content-Length", GOHTTP_NUL, "4", 1), GOHTTP_OK);
        CHECK_RC(gohttp_conn_endheaders(c, "body", 4, NULL, NULL, 0), GOHTTP_OK);
        r = t_getresponse(c);
        if (r) {
            int64_t n = 0;
            char *b = t_readall(r, &n);
            free(b);
            t_free_resp(r);
        }
        t_free_conn(c);
    }
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, NULL, NULL);
    char want[400];
    snprintf(want, sizeof want,
             "PUT / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Multi: first\r\n\tsecond\r\n\tthird\r\n"
             "X-None: \r\nX-Fold: a\r\n b\r\nContent-Length: 5\r\n\r\nhello"
             "POST /x HTTP/1.1\r\nAccept-Encoding: identity\r\nContent-Length: 4\r\n\r\nbody",
             script_port(s));
    CHECK_MEM(rec, rn, want);
    script_free(s);
}

/* endheaders with a body callback, and the implicit headers a binding
 * computes itself (ABI 0's start_request), against /echo. */
static void test_endheaders_stream_and_start_request(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    static const char *const parts[] = {"one,", "two"};
    struct pieces p = {parts, 2, 0, 0, 0};
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    REQUIRE_RC(t_putheader(c, "Transfer-Encoding", GOHTTP_NUL, "chunked", GOHTTP_NUL), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, next_piece, &p, GOHTTP_ENCODE_CHUNKED), GOHTTP_OK);
    gohttp_resp *r = t_getresponse(c);
    REQUIRE(r);
    int64_t n = 0;
    char *j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "\"chunked\":true");
    CHECK_CONTAINS(j, n, "\"body\":\"one,two\"");
    free(j);
    t_free_resp(r);

    /* A streamed body: the binding adds Transfer-Encoding and asks for
     * chunk framing. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    REQUIRE_RC(t_putheader(c, "Transfer-Encoding", GOHTTP_NUL, "chunked", GOHTTP_NUL), GOHTTP_OK);
    REQUIRE_RC(t_putheader(c, "X-Kind", GOHTTP_NUL, "stream", GOHTTP_NUL), GOHTTP_OK);
    struct pieces p2 = {parts, 2, 0, 0, 0};
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, next_piece, &p2, GOHTTP_ENCODE_CHUNKED), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "[\"Transfer-Encoding\",\"chunked\"],[\"X-Kind\",\"stream\"]");
    CHECK_CONTAINS(j, n, "\"body\":\"one,two\"");
    free(j);
    t_free_resp(r);

    /* Bytes body: the binding gives Content-Length. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "PUT", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0), GOHTTP_OK);
    REQUIRE_RC(t_putheader(c, "Content-Length", GOHTTP_NUL, "3", GOHTTP_NUL), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_endheaders(c, "xyz", 3, NULL, NULL, 0), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "[\"Content-Length\",\"3\"]");
    CHECK_CONTAINS(j, n, "\"body\":\"xyz\"");
    free(j);
    t_free_resp(r);

    /* No body, POST: Content-Length: 0; a caller Host skips the automatic one. */
    gohttp_header host[] = {{"Host", GOHTTP_NUL, "h.example", GOHTTP_NUL, 0}};
    REQUIRE_RC(gohttp_conn_request(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, host, 1, NULL, 0, 0), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    j = t_readall(r, &n);
    CHECK_CONTAINS(j, n, "\"headers\":[[\"Accept-Encoding\",\"identity\"],[\"Content-Length\",\"0\"],[\"Host\",\"h.example\"]]");
    free(j);
    t_free_resp(r);

    t_free_conn(c);

    /* A name flagged as Python bytes does not count as "host" (HC-E1):
     * the automatic Host is sent too. */
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 204 No Content\r\n\r\n", 0},
        {SS_REPLY, "HTTP/1.1 204 No Content\r\n\r\n", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 3);
    REQUIRE(s);
    c = t_conn(script_port(s));
    if (c) {
        gohttp_header bhost[] = {{"Host", GOHTTP_NUL, "h.example", GOHTTP_NUL, GOHTTP_HEADER_NAME_BYTES},
                                 {"Host", GOHTTP_NUL, "h.example", GOHTTP_NUL, 0}};
        for (int k = 0; k < 2; k++) {
            REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, bhost + k, 1, NULL, 0, 0),
                       GOHTTP_OK);
            r = t_getresponse(c);
            if (r)
                t_free_resp(r);
        }
        t_free_conn(c);
    }
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, NULL, NULL);
    char want[300];
    snprintf(want, sizeof want,
             "GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\nHost: h.example\r\n\r\n"
             "GET / HTTP/1.1\r\nAccept-Encoding: identity\r\nHost: h.example\r\n\r\n",
             script_port(s));
    CHECK_MEM(rec, rn, want);
    script_free(s);
}

static void check_err(int code, const char *arg) {
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_RC(e.code, code);
    if (arg)
        CHECK_MEM(e.arg, e.arg_len, arg);
    else
        CHECKF(e.arg == NULL, "lasterror.arg = \"%.*s\"; want NULL", (int)e.arg_len, e.arg);
}

/* http.client's ImproperConnectionState errors, with the state names. */
static void test_state_errors(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_RESPONSE_NOT_READY);
    CHECK(r == NULL);
    check_err(GOHTTP_E_RESPONSE_NOT_READY, "Idle");
    CHECK_STR(t_errmsg(), "response not ready (Idle)");
    CHECK_RC(t_putheader(c, "X", 1, "y", 1), GOHTTP_E_CANNOT_SEND_HEADER);
    check_err(GOHTTP_E_CANNOT_SEND_HEADER, NULL);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_E_CANNOT_SEND_HEADER);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 0, next_piece, NULL, 0), GOHTTP_E_CANNOT_SEND_HEADER);

    REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_E_CANNOT_SEND_REQUEST);
    check_err(GOHTTP_E_CANNOT_SEND_REQUEST, "Request-started");
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
             GOHTTP_E_CANNOT_SEND_REQUEST);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_RESPONSE_NOT_READY);
    check_err(GOHTTP_E_RESPONSE_NOT_READY, "Request-started");
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_E_CANNOT_SEND_REQUEST);
    check_err(GOHTTP_E_CANNOT_SEND_REQUEST, "Request-sent");
    CHECK_RC(t_putheader(c, "X", 1, "y", 1), GOHTTP_E_CANNOT_SEND_HEADER);
    CHECK_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_E_CANNOT_SEND_HEADER);
    gohttp_resp *r1 = t_getresponse(c);
    REQUIRE(r1);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_RESPONSE_NOT_READY);
    check_err(GOHTTP_E_RESPONSE_NOT_READY, "Idle");

    /* A new request may go out while r1 is unread, but its response
     * waits until r1 is done (ResponseNotReady('Request-sent')). */
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=3", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_RESPONSE_NOT_READY);
    check_err(GOHTTP_E_RESPONSE_NOT_READY, "Request-sent");
    int64_t n = 0;
    char *b = t_readall(r1, &n);
    CHECK_MEM(b, n, "hello from gohttp testsrv\n");
    free(b);
    gohttp_resp *r2 = t_getresponse(c);
    REQUIRE(r2);
    b = t_readall(r2, &n);
    CHECK_MEM(b, n, "abc");
    free(b);
    t_free_resp(r1);
    t_free_resp(r2);

    /* close() returns to Idle from any state. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    int state = -1, connected = -1;
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    t_free_resp(r);
    t_free_conn(c);
}

/* Validation errors carry http.client's messages as their arg. */
static void test_validation_errors(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    static const struct { const char *method, *url; int code; const char *arg; } req[] = {
        {"GE\rT", "/", GOHTTP_E_VALUE, "method can't contain control characters. 'GE\\rT' (found at least '\\r')"},
        {"GET\n", "/", GOHTTP_E_VALUE, "method can't contain control characters. 'GET\\n' (found at least '\\n')"},
        {"GET", "/a b", GOHTTP_E_INVALID_URL, "URL can't contain control characters. '/a b' (found at least ' ')"},
        {"GET", "/x\r\nHost: evil", GOHTTP_E_INVALID_URL,
         "URL can't contain control characters. '/x\\r\\nHost: evil' (found at least '\\r')"},
        {"GET", "/\x7f", GOHTTP_E_INVALID_URL, "URL can't contain control characters. '/\\x7f' (found at least '\\x7f')"},
        {"GET", "/caf\xc3\xa9", GOHTTP_E_ENCODE, "request line"},
        {"G\xc3\x89T", "/", GOHTTP_E_ENCODE, "request line"},
    };
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
        CHECK_RC(gohttp_conn_putrequest(c, req[i].method, GOHTTP_NUL, req[i].url, GOHTTP_NUL, 0), req[i].code);
        check_err(req[i].code, req[i].arg);
        /* As in http.client the state moved to Request-started first. */
        int state = -1;
        state = t_cinfo(c).state;
        CHECK(state == GOHTTP_STATE_REQUEST_STARTED);
        CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
        /* The same through gohttp_conn_request. */
        CHECK_RC(gohttp_conn_request(c, req[i].method, GOHTTP_NUL, req[i].url, GOHTTP_NUL, NULL, 0, NULL, 0, 0),
                 req[i].code);
        CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    }
    /* Methods may hold spaces and DEL (HC-D1 obs). */
    CHECK_RC(gohttp_conn_putrequest(c, "GET X\x7f", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);

    static const struct { const char *name, *value; int code; const char *arg; } hdr[] = {
        {"X:Y", "v", GOHTTP_E_VALUE, "Invalid header name b'X:Y'"},
        {" X", "v", GOHTTP_E_VALUE, "Invalid header name b' X'"},
        {"", "v", GOHTTP_E_VALUE, "Invalid header name b''"},
        {"X\r\nY", "v", GOHTTP_E_VALUE, "Invalid header name b'X\\r\\nY'"},
        {"X-A", "a\nb", GOHTTP_E_VALUE, "Invalid header value b'a\\nb'"},
        {"X-A", "a\rb", GOHTTP_E_VALUE, "Invalid header value b'a\\rb'"},
        {"X-A", "a\r\nInjected: 1", GOHTTP_E_VALUE, "Invalid header value b'a\\r\\nInjected: 1'"},
        {"X-\xc3\xa9", "v", GOHTTP_E_ENCODE, "header name"},
        {"X Y", "internal spaces pass", GOHTTP_OK, NULL},
        {"X-A", "obs\r\n\tfold", GOHTTP_OK, NULL},
        {"X-A", "latin-1 \xe9 value", GOHTTP_OK, NULL},
    };
    REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
    for (size_t i = 0; i < sizeof hdr / sizeof hdr[0]; i++) {
        CHECK_RC(t_putheader(c, hdr[i].name, GOHTTP_NUL, hdr[i].value, GOHTTP_NUL), hdr[i].code);
        if (hdr[i].code != GOHTTP_OK)
            check_err(hdr[i].code, hdr[i].arg);
    }
    /* putheader_values checks every value. */
    const char *vals[] = {"ok", "bad\nvalue"};
    int64_t lens[] = {GOHTTP_NUL, GOHTTP_NUL};
    CHECK_RC(gohttp_conn_putheader(c, "X-V", GOHTTP_NUL, vals, lens, 2), GOHTTP_E_VALUE);
    check_err(GOHTTP_E_VALUE, "Invalid header value b'bad\\nvalue'");
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);

    /* Through request: a bad caller header fails before anything is sent. */
    gohttp_header bad[] = {{"X-Ok", GOHTTP_NUL, "1", GOHTTP_NUL, 0},
                           {"X-Bad", GOHTTP_NUL, "1\r\n2", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, bad, 2, NULL, 0, 0), GOHTTP_E_VALUE);
    check_err(GOHTTP_E_VALUE, "Invalid header value b'1\\r\\n2'");
    CHECK(t_cinfo(c).connected == 0);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    t_free_conn(c);
}

static void test_connect_errors(void) {
    /* Connection refused: GOHTTP_E_OS with errno ECONNREFUSED. */
    gohttp_conn *c = t_conn(t_unused_port());
    REQUIRE(c);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_OS);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECKF(e.os_error == ECONNREFUSED, "os_error = %d; want ECONNREFUSED (%d)", e.os_error, ECONNREFUSED);
    /* The message is Python's str(ConnectionRefusedError): libc's text. */
    char want_msg[128];
    snprintf(want_msg, sizeof want_msg, "[Errno %d] %s", ECONNREFUSED, strerror(ECONNREFUSED));
    CHECKF(strcmp(e.message, want_msg) == 0, "message \"%s\"; want \"%s\" as Python prints it "
           "(core.OSError uses Go's lower-case errno text)", e.message, want_msg);
    /* The lazy connect of a request fails the same way, in endheaders. */
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_OS);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.os_error == ECONNREFUSED);
    t_free_conn(c);

    /* A port out of range fails at connect: OverflowError. */
    c = t_conn(70000);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_OVERFLOW);
    check_err(GOHTTP_E_OVERFLOW, "getsockaddrarg: port must be 0-65535.");
    t_free_conn(c);

    /* auto_open off: NotConnected until connect. */
    c = t_conn(P.http);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_AUTO_OPEN, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
             GOHTTP_E_NOT_CONNECTED);
    CHECK_RC(gohttp_conn_send(c, "x", 1), GOHTTP_E_NOT_CONNECTED);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_OK);
    struct gohttp_conn_info ci = t_cinfo(c);
    CHECK(ci.connected == 1 && ci.state == GOHTTP_STATE_IDLE && ci.socket >= 0);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);

    /* A name that does not resolve: GOHTTP_E_DNS (or a timeout where no
     * resolver answers). */
    CHECK_RC(gohttp_conn_new("nonexistent.invalid", GOHTTP_NUL, 80, &c), GOHTTP_OK);
    t_track_conn(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 3), GOHTTP_OK);
    int rc = gohttp_conn_connect(c);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    if (rc == GOHTTP_E_DNS)
        CHECKF(e.os_error < 0, "DNS error errno %d; want a negative EAI_* code", e.os_error);
    else
        CHECKF(rc == GOHTTP_E_TIMEOUT, "connect(nonexistent.invalid) = %d (%s): %s; want GOHTTP_E_DNS",
               rc, gohttp_strerror(rc), e.message);
    t_free_conn(c);
}

/* Timeouts are per socket operation: the stall port accepts and never
 * answers. */
static void test_timeouts(void) {
    gohttp_conn *c = t_conn(P.stall);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 0.3), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    double t0 = t_now();
    gohttp_resp *r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_TIMEOUT);
    double took = t_now() - t0;
    /* Not before its time; the upper bound only catches a hang. */
    CHECKF(took >= 0.25 && took < 30, "timed out after %.2f s; want about 0.3", took);
    CHECK(r == NULL);
    CHECK_STR(t_errmsg(), "timed out");
    /* A timeout is not a ConnectionError: the state stays Request-sent. */
    int state = -1;
    state = t_cinfo(c).state;
    CHECK(state == GOHTTP_STATE_REQUEST_SENT);
    t_free_conn(c);

    /* A slow body: the head arrives, the body read times out. */
    c = t_conn(P.http);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 0.2), GOHTTP_OK);
    r = t_request(c, "GET", "/slow?ms=1500&stage=body");
    REQUIRE(r);
    char buf[64];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_E_TIMEOUT);
    CHECK_STR(t_errmsg(), "timed out");
    t_free_resp(r);
    /* A timeout of 0 fails every blocking operation at once. */
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TIMEOUT);
    /* The timeout applies from the next connect: a generous one works. */
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 5), GOHTTP_OK);
    r = t_request(c, "GET", "/slow?ms=50");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* GOHTTP_OPT_SOCKET_TIMEOUT changes the open socket's timeout now
 * (conn.sock.settimeout), gohttp_conn_info shows its descriptor. */
static void test_socket_timeout_and_fileno(void) {
    gohttp_conn *c = t_conn(P.stall);
    REQUIRE(c);
    int fd = 0;
    fd = (int)t_cinfo(c).socket;
    CHECK(fd == -1);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_SOCKET_TIMEOUT, 0.2), GOHTTP_E_NOT_CONNECTED);
    CHECK_RC(gohttp_conn_info(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, -1), GOHTTP_OK); /* none at connect */
    REQUIRE_RC(gohttp_conn_connect(c), GOHTTP_OK);
    fd = (int)t_cinfo(c).socket;
    CHECK(fd >= 0);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_SOCKET_TIMEOUT, 0.0 / 0.0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_SOCKET_TIMEOUT, 0.25), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    double t0 = t_now();
    gohttp_resp *r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_TIMEOUT);
    double took = t_now() - t0;
    CHECKF(took >= 0.2 && took < 30, "timed out after %.2f s; want about 0.25", took);
    t_free_conn(c);
}

/* gohttp_conn_send ignores the state, as http.client's send does. */
static void test_send_raw(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    char req[128];
    snprintf(req, sizeof req, "GET /bytes?n=4 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", P.http);
    CHECK_RC(gohttp_conn_send(c, req, GOHTTP_NUL), GOHTTP_OK);
    gohttp_resp *r = NULL;
    /* Nothing was "sent" as far as the state machine knows. */
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_RESPONSE_NOT_READY);
    CHECK_RC(gohttp_conn_send(c, "", 0), GOHTTP_OK);
    t_free_conn(c);
}

struct lines {
    char text[8192];
    int64_t len;
    int count;
    int bad_user;
};

static void collect(void *user, const char *line, int64_t len) {
    struct lines *l = user;
    if (!l) {
        return;
    }
    if (l->len + len + 2 < (int64_t)sizeof l->text) {
        memcpy(l->text + l->len, line, len);
        l->len += len;
        l->text[l->len++] = '\n';
        l->text[l->len] = '\0';
    }
    if (memchr(line, '\n', len))
        l->bad_user = 1;
    l->count++;
}

static void test_debug(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    struct lines *l = calloc(1, sizeof *l);
    CHECK_RC(gohttp_conn_set_debug(c, 1, collect, l), GOHTTP_OK);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    int64_t n = 0;
    char *b = t_readall(r, &n);
    free(b);
    t_free_resp(r);
    char want[512];
    snprintf(want, sizeof want,
             "send: b'GET / HTTP/1.1\\r\\nHost: 127.0.0.1:%d\\r\\nAccept-Encoding: identity\\r\\n\\r\\n'\n"
             "reply: 'HTTP/1.1 200 OK\\r\\n'\n"
             "header: Server: gohttp-testsrv\n"
             "header: Content-Type: text/plain; charset=utf-8\n"
             "header: Content-Length: 26\n", P.http);
    CHECK_MEM(l->text, l->len, want);
    CHECK(!l->bad_user);

    /* A streamed body: the chunks show in the debug output. */
    l->len = 0;
    l->text[0] = '\0';
    static const char *const parts[] = {"ab"};
    struct pieces p = {parts, 1, 0, 0, 0};
    CHECK_RC(stream_request(c, "POST", "/echo", NULL, 0, next_piece, &p), GOHTTP_OK);
    CHECK_CONTAINS(l->text, l->len, "send: b'2\\r\\nab\\r\\n'\n");
    CHECK_CONTAINS(l->text, l->len, "send: b'0\\r\\n\\r\\n'\n");
    r = t_getresponse(c);
    if (r)
        t_free_resp(r);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);

    /* Level 0 turns it off. */
    CHECK_RC(gohttp_conn_set_debug(c, 0, collect, l), GOHTTP_OK);
    int before = l->count;
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    t_free_resp(r);
    CHECK(l->count == before);

    /* With no callback the lines go to stdout. */
    fflush(stdout);
    char path[] = "/tmp/gohttp-debug-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    int saved = dup(1);
    dup2(fd, 1);
    CHECK_RC(gohttp_conn_set_debug(c, 1, NULL, NULL), GOHTTP_OK);
    r = t_request(c, "GET", "/");
    if (r) {
        b = t_readall(r, &n);
        free(b);
        t_free_resp(r);
    }
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    char out[2048];
    ssize_t k = pread(fd, out, sizeof out - 1, 0);
    close(fd);
    unlink(path);
    out[k > 0 ? k : 0] = '\0';
    CHECK_CONTAINS(out, strlen(out), "send: b'GET / HTTP/1.1\\r\\n");
    CHECK_CONTAINS(out, strlen(out), "\nreply: 'HTTP/1.1 200 OK\\r\\n'\nheader: Server: gohttp-testsrv\n");
    free(l);
    t_free_conn(c);
}


/* Calling the library from inside a callback: the same connection is
 * busy (no deadlock), another connection works. */
struct reentry {
    gohttp_conn *self, *other;
    int calls, self_rc, other_rc;
};

static int reentrant_piece(void *user, const void **data, int64_t *len) {
    struct reentry *re = user;
    if (re->calls++ > 0)
        return 0;
    struct gohttp_conn_info ci = {.size = sizeof ci};
    re->self_rc = gohttp_conn_info(re->self, &ci);
    gohttp_resp *r = NULL;
    re->other_rc = gohttp_conn_request(re->other, "GET", 3, "/", 1, NULL, 0, NULL, 0, 0);
    if (re->other_rc == GOHTTP_OK)
        re->other_rc = gohttp_conn_getresponse(re->other, &r, NULL, NULL, 0);
    gohttp_resp_free(r);
    *data = "x";
    *len = 1;
    return 1;
}

static void reentrant_debug(void *user, const char *line, int64_t len) {
    struct reentry *re = user;
    (void)line;
    (void)len;
    struct gohttp_conn_info ci = {.size = sizeof ci};
    if (gohttp_conn_info(re->self, &ci) != GOHTTP_E_BUSY)
        re->self_rc = 99;
}

static void free_from_debug(void *user, const char *line, int64_t len) {
    struct reentry *re = user;
    (void)line;
    (void)len;
    if (re->calls++ == 0)
        re->self_rc = gohttp_conn_free(re->self);
}

static void test_callback_reentry(void) {
    struct reentry re = {t_conn(P.http), t_conn(P.http), 0, 1, 1};
    REQUIRE(re.self && re.other);
    CHECK_RC(stream_request(re.self, "POST", "/echo", NULL, 0, reentrant_piece, &re), GOHTTP_OK);
    CHECK_RC(re.self_rc, GOHTTP_E_BUSY);
    CHECK_RC(re.other_rc, GOHTTP_OK);
    gohttp_resp *r = t_getresponse(re.self);
    REQUIRE(r);
    int64_t n = 0;
    char *b = t_readall(r, &n);
    CHECK_CONTAINS(b, n, "\"body\":\"x\"");
    free(b);
    t_free_resp(r);
    re.self_rc = 0;
    CHECK_RC(gohttp_conn_set_debug(re.self, 1, reentrant_debug, &re), GOHTTP_OK);
    r = t_request(re.self, "GET", "/");
    REQUIRE(r);
    CHECK(re.self_rc == 0);
    t_free_resp(r);
    t_free_conn(re.self);

    /* Freeing the connection from inside its own callback: the handle
     * goes at once, the connection closes when the call returns. */
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    t_untrack(c);
    re.self = c;
    re.calls = 0;
    CHECK_RC(gohttp_conn_set_debug(c, 1, free_from_debug, &re), GOHTTP_OK);
    int rc = gohttp_conn_request(c, "GET", 3, "/", 1, NULL, 0, NULL, 0, 0);
    CHECK(re.calls == 1 && re.self_rc == GOHTTP_OK);
    CHECKF(rc == GOHTTP_OK, "the request whose connection was freed in its callback: %d", rc);
    struct gohttp_conn_info ci = {.size = sizeof ci};
    CHECK_RC(gohttp_conn_info(c, &ci), GOHTTP_E_BADHANDLE);
    CHECK(gohttp_live_handles() == 1); /* re.other */
    t_free_conn(re.other);
}

const test_case request_tests[] = {
    {"request_socket_timeout_and_fileno", test_socket_timeout_and_fileno, 0},
    {"request_get", test_get, 0},
    {"request_keepalive_reuse", test_keepalive_reuse, 0},
    {"request_headers_and_body", test_request_headers_and_body, 0},
    {"request_encode_chunked", test_encode_chunked, 0},
    {"request_stream", test_request_stream, 0},
    {"request_step_api", test_step_api, 0},
    {"request_endheaders_stream_start_request", test_endheaders_stream_and_start_request, 0},
    {"request_state_errors", test_state_errors, 0},
    {"request_validation_errors", test_validation_errors, 0},
    {"request_connect_errors", test_connect_errors, 0},
    {"request_timeouts", test_timeouts, 0},
    {"request_send_raw", test_send_raw, 0},
    {"request_debug_output", test_debug, 0},
    {"request_callback_reentry", test_callback_reentry, 0},
    {NULL, NULL, 0},
};
