/* test_response.c: response metadata, headers, buffers, and the read
 * functions against the local server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"

static int64_t length_of(gohttp_resp *r) {
    int64_t len = -99;
    len = t_rinfo(r).length;
    return len;
}

static int isclosed_of(gohttp_resp *r) {
    int x = -1;
    x = t_rinfo(r).isclosed;
    return x;
}

static int will_close_of(gohttp_resp *r) {
    int x = -1;
    x = t_rinfo(r).will_close;
    return x;
}

/* Duplicated fields are joined with ", " and kept in order. */
static void test_headers(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/response-headers?X-Dup=one&X-Other=o&x-dup=two&X-Dup=three");
    REQUIRE(r);
    char buf[256];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_getheader(r, "X-Dup", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "one, two, three");
    /* Case-insensitive names. */
    CHECK_RC(gohttp_resp_getheader(r, "x-DUP", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "one, two, three");
    CHECK_RC(gohttp_resp_getheader(r, "content-length", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "3");
    /* name_len counts bytes. */
    CHECK_RC(gohttp_resp_getheader(r, "X-Otherwise", 7, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "o");

    /* Missing: GOHTTP_NOTFOUND with *n = 0 (the caller supplies its
     * default), whatever the buffer, a size query included; the buffer is
     * left alone. */
    n = 99;
    memset(buf, 'z', sizeof buf);
    CHECK_RC(gohttp_resp_getheader(r, "X-Missing", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0 && buf[0] == 'z');
    n = 99;
    CHECK_RC(gohttp_resp_getheader(r, "X-Missing", GOHTTP_NUL, buf, 3, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    n = 99;
    CHECK_RC(gohttp_resp_getheader(r, "X-Missing", GOHTTP_NUL, NULL, 0, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    /* A name given with its length: "X-Dupe" cut to 5 bytes is X-Dup. */
    CHECK_RC(gohttp_resp_getheader(r, "X-Dupe", 5, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "one, two, three");
    CHECK_RC(gohttp_resp_getheader(r, "X-Dupe", 6, buf, sizeof buf, &n), GOHTTP_NOTFOUND);

    /* Too small: GOHTTP_E_RANGE with the size needed, then success. */
    n = 0;
    CHECK_RC(gohttp_resp_getheader(r, "X-Dup", GOHTTP_NUL, buf, 5, &n), GOHTTP_E_RANGE);
    CHECK(n == 15);
    n = 0;
    CHECK_RC(gohttp_resp_getheader(r, "X-Dup", GOHTTP_NUL, NULL, 0, &n), GOHTTP_E_RANGE);
    CHECK(n == 15);
    char exact[15];
    CHECK_RC(gohttp_resp_getheader(r, "X-Dup", GOHTTP_NUL, exact, n, &n), GOHTTP_OK);
    CHECK_MEM(exact, n, "one, two, three");
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_RANGE); /* the last failure is still recorded */

    /* header_at: received order, duplicates included, until NOTFOUND. */
    static const char *const want[][2] = {
        {"Server", "gohttp-testsrv"},
        {"Content-Type", "text/plain; charset=utf-8"},
        {"X-Dup", "one"},
        {"X-Other", "o"},
        {"x-dup", "two"},
        {"X-Dup", "three"},
        {"Content-Length", "3"},
    };
    int64_t count = 0;
    for (int64_t i = 0; i < 100; i++) {
        char name[64], value[64];
        int64_t nn = 0, vn = 0;
        int rc = gohttp_resp_header_at(r, i, name, sizeof name, &nn, value, sizeof value, &vn);
        if (rc == GOHTTP_NOTFOUND) {
            CHECK(nn == 0 && vn == 0);
            break;
        }
        if (!CHECK_RC(rc, GOHTTP_OK))
            break;
        count++;
        if (i < 7) {
            CHECK_MEM(name, nn, want[i][0]);
            CHECK_MEM(value, vn, want[i][1]);
        }
    }
    CHECK(count == 7);
    char name[64], value[64];
    int64_t nn = 99, vn = 99;
    /* Past the end: GOHTTP_NOTFOUND (not an error), far past it too. */
    CHECK_RC(gohttp_resp_header_at(r, 7, name, sizeof name, &nn, value, sizeof value, &vn), GOHTTP_NOTFOUND);
    CHECK(nn == 0 && vn == 0);
    CHECK_RC(gohttp_resp_header_at(r, INT64_MAX, name, sizeof name, &nn, value, sizeof value, &vn), GOHTTP_NOTFOUND);
    CHECK_RC(gohttp_resp_header_at(r, 7, NULL, 0, &nn, NULL, 0, &vn), GOHTTP_NOTFOUND);
    CHECK_RC(gohttp_resp_header_at(r, (int64_t)-1, name, sizeof name, &nn, value, sizeof value, &vn), GOHTTP_E_ARG);
    /* Bad buffers: a negative capacity, NULL with a capacity, no counts. */
    CHECK_RC(gohttp_resp_header_at(r, 0, name, -1, &nn, value, sizeof value, &vn), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_header_at(r, 0, name, sizeof name, &nn, NULL, 5, &vn), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_header_at(r, 0, name, sizeof name, NULL, value, sizeof value, &vn), GOHTTP_E_ARG);
    /* Either buffer too small: GOHTTP_E_RANGE with both sizes. */
    CHECK_RC(gohttp_resp_header_at(r, 1, name, 3, &nn, value, sizeof value, &vn), GOHTTP_E_RANGE);
    CHECK(nn == 12 && vn == 25);
    /* Nothing is copied when either does not fit. */
    memset(name, 'z', sizeof name);
    CHECK_RC(gohttp_resp_header_at(r, 1, name, sizeof name, &nn, value, 4, &vn), GOHTTP_E_RANGE);
    CHECK(nn == 12 && vn == 25 && name[0] == 'z');
    CHECK_RC(gohttp_resp_header_at(r, 1, NULL, 0, &nn, NULL, 0, &vn), GOHTTP_E_RANGE);
    CHECK(nn == 12 && vn == 25);
    char n12[12], v25[25];
    CHECK_RC(gohttp_resp_header_at(r, 1, n12, nn, &nn, v25, vn, &vn), GOHTTP_OK);
    CHECK_MEM(n12, nn, "Content-Type");
    CHECK_MEM(v25, vn, "text/plain; charset=utf-8");

    /* rawheaders: the lines as received, with the blank line. */
    const char *raw = "Server: gohttp-testsrv\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "X-Dup: one\r\nX-Other: o\r\nx-dup: two\r\nX-Dup: three\r\nContent-Length: 3\r\n\r\n";
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, 10, &n), GOHTTP_E_RANGE);
    CHECK(n == (int64_t)strlen(raw));
    char *rb = malloc(n);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, rb, n, &n), GOHTTP_OK);
    CHECK_MEM(rb, n, raw);
    free(rb);

    /* reason */
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, 1, &n), GOHTTP_E_RANGE);
    CHECK(n == 2);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, 2, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "OK");

    /* No trailers: the body is not chunked. */
    n = 99;
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    /* A what of gohttp_conn_get is not one of gohttp_resp_get. */
    CHECK_RC(gohttp_resp_get(r, GOHTTP_CONN_HOST, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_resp_get(r, 0, buf, sizeof buf, &n), GOHTTP_E_ARG);
    t_free_resp(r);

    /* Other statuses and reasons. */
    static const struct { const char *url; int status; const char *reason; } st[] = {
        {"/status/404", 404, "Not Found"},
        {"/status/201", 201, "Created"},
        {"/status/204", 204, "No Content"},
        {"/status/418", 418, "I'm a teapot"}, /* the server's own phrase */
        {"/status/599", 599, "Unknown"},
    };
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        r = t_request(c, "GET", st[i].url);
        REQUIRE(r);
        CHECK(t_status(r) == st[i].status);
        n = 99;
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, st[i].reason);
        char *b = t_readall(r, &n);
        free(b);
        t_free_resp(r);
    }
    t_free_conn(c);
}

/* gohttp_conn_getresponse with info and a head buffer, and
 * gohttp_resp_info: everything in one call. */
static void test_info(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=10", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    gohttp_resp *r = NULL;
    struct gohttp_resp_info info;
    char buf[512];
    memset(&info, 0x55, sizeof info);
    info.size = sizeof info;
    info.flags = 0;
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, &info, buf, sizeof buf), GOHTTP_OK);
    t_track_resp(r);
    const char *raw = "Server: gohttp-testsrv\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\n\r\n";
    int64_t rawlen = (int64_t)strlen(raw);
    CHECK(info.status == 200 && info.version == 11 && info.will_close == 0 && info.chunked == 0);
    CHECK(info.length == 10 && info.has_length == 1);
    CHECK(info.closed == 0 && info.isclosed == 0 && info.head_copied == 1 && info.reserved == 0);
    CHECK(info.reason_len == 2 && info.headers_len == rawlen);
    CHECK(info.body_len == -1 && info.socket >= 0);
    CHECK_MEM(buf, info.reason_len, "OK");
    CHECK_MEM(buf + info.reason_len, info.headers_len, raw);

    char body[4];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_read(r, body, 4, &n), GOHTTP_OK);
    CHECK_MEM(body, n, "abcd");
    /* gohttp_resp_info reports the state as it is now. */
    memset(&info, 0x55, sizeof info);
    info.size = sizeof info;
    CHECK_RC(gohttp_resp_info(r, &info), GOHTTP_OK);
    CHECK(info.length == 6 && info.reason_len == 2 && info.headers_len == rawlen);
    CHECK(info.head_copied == 0 && info.body_len == -1 && info.isclosed == 0);
    char rest[16];
    CHECK_RC(gohttp_resp_read(r, rest, sizeof rest, &n), GOHTTP_OK);
    CHECK_MEM(rest, n, "efghij");
    CHECK_RC(gohttp_resp_info(r, &info), GOHTTP_OK);
    CHECK(info.length == 0 && info.isclosed == 1 && info.closed == 0 && info.socket == -1);
    CHECK_RC(gohttp_resp_close(r), GOHTTP_OK);
    CHECK_RC(gohttp_resp_info(r, &info), GOHTTP_OK);
    CHECK(info.closed == 1 && info.isclosed == 1);
    t_free_resp(r);

    /* A head buffer too small: nothing copied (head_copied 0), and
     * gohttp_resp_get fetches the reason and headers. */
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/chunked?n=1", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    memset(buf, 'z', sizeof buf);
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, &info, buf, 3), GOHTTP_OK);
    t_track_resp(r);
    CHECK(info.head_copied == 0 && buf[0] == 'z');
    CHECK(info.chunked == 1 && info.length == -1 && info.has_length == 0 && info.body_len == -1);
    int64_t hn = 0;
    const char *h = t_resp_get(r, GOHTTP_RESP_RAW_HEADERS, &hn);
    CHECK(h && hn == info.headers_len);
    CHECK_CONTAINS(h, hn, "Transfer-Encoding: chunked\r\n");
    n = 0;
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "chunk 0\n");
    free(b);
    t_free_resp(r);
    /* info NULL with head NULL is fine; head without info is not (its
     * lengths could not be reported). */
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, buf, sizeof buf), GOHTTP_E_ARG);
    CHECK(r == NULL);
    CHECK_RC(gohttp_conn_getresponse(c, NULL, &info, buf, sizeof buf), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_getresponse(c, &r, &info, buf, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_getresponse(c, &r, &info, NULL, 10), GOHTTP_E_ARG);
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_OK);
    t_track_resp(r);
    t_free_resp(r);

    /* GOHTTP_GETRESPONSE_BODY: a small body that has arrived whole is
     * copied after the head and consumed; a keep-alive GET in two calls. */
    for (int i = 0; i < 3; i++) {
        REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=10", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
                   GOHTTP_OK);
        struct gohttp_resp_info bi = {.size = sizeof bi, .flags = GOHTTP_GETRESPONSE_BODY};
        REQUIRE_RC(gohttp_conn_getresponse(c, &r, &bi, buf, sizeof buf), GOHTTP_OK);
        t_track_resp(r);
        CHECK(bi.head_copied == 1 && bi.headers_len == rawlen);
        /* The body may not have arrived with the head: then it is read. */
        if (bi.body_len >= 0) {
            CHECK(bi.body_len == 10 && bi.length == 0 && bi.isclosed == 1);
            CHECK_MEM(buf + bi.reason_len + bi.headers_len, bi.body_len, "abcdefghij");
            CHECK_RC(gohttp_resp_read(r, rest, sizeof rest, &n), GOHTTP_OK);
            CHECK(n == 0);
        } else {
            t_note("the body came after the head (iteration %d)", i);
            CHECK_RC(gohttp_resp_read(r, rest, sizeof rest, &n), GOHTTP_OK);
            CHECK_MEM(rest, n, "abcdefghij");
        }
        t_free_resp(r);
    }
    /* GOHTTP_GETRESPONSE_PEEK_BODY: copied the same way, but the response
     * stays unread and holds the connection (the next getresponse is not
     * ready) until it is read, or until GOHTTP_GETRESPONSE_READ_PREVIOUS
     * reads it on the next getresponse. */
    gohttp_resp *prev = NULL;
    for (int i = 0; i < 4; i++) {
        REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=10", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
                   GOHTTP_OK);
        struct gohttp_resp_info pi = {.size = sizeof pi, .flags = GOHTTP_GETRESPONSE_PEEK_BODY};
        if (prev) {
            CHECK_RC(gohttp_conn_getresponse(c, &r, &pi, buf, sizeof buf), GOHTTP_E_RESPONSE_NOT_READY);
            pi.flags |= GOHTTP_GETRESPONSE_READ_PREVIOUS;
        }
        int prev_read = 0;
        if (prev && i == 3) {
            /* (read as usual, READ_PREVIOUS then has nothing to do) */
            CHECK_RC(gohttp_resp_read(prev, rest, sizeof rest, &n), GOHTTP_OK);
            CHECK_MEM(rest, n, "abcdefghij");
            prev_read = 1;
        }
        REQUIRE_RC(gohttp_conn_getresponse(c, &r, &pi, buf, sizeof buf), GOHTTP_OK);
        t_track_resp(r);
        if (prev) {
            struct gohttp_resp_info old = {.size = sizeof old};
            CHECK_RC(gohttp_resp_info(prev, &old), GOHTTP_OK);
            CHECK(old.isclosed == 1 && old.length == 0);
            if (!prev_read) { /* read by READ_PREVIOUS: nothing left */
                CHECK_RC(gohttp_resp_read(prev, rest, sizeof rest, &n), GOHTTP_OK);
                CHECK(n == 0);
            }
            t_free_resp(prev);
            prev = NULL;
        }
        if (pi.body_len < 0) {
            t_note("the body came after the head (peek, iteration %d)", i);
            CHECK_RC(gohttp_resp_read(r, rest, sizeof rest, &n), GOHTTP_OK);
            CHECK_MEM(rest, n, "abcdefghij");
            t_free_resp(r);
            continue;
        }
        CHECK(pi.body_len == 10 && pi.length == 10 && pi.isclosed == 0);
        CHECK_MEM(buf + pi.reason_len + pi.headers_len, pi.body_len, "abcdefghij");
        if (i == 0) { /* unread: its reads still give the body */
            CHECK_RC(gohttp_resp_read(r, rest, sizeof rest, &n), GOHTTP_OK);
            CHECK_MEM(rest, n, "abcdefghij");
            t_free_resp(r);
            continue;
        }
        prev = r;
    }
    if (prev)
        t_free_resp(prev);
    /* ... but not one that does not fit after the head. */
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=500", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    struct gohttp_resp_info bi = {.size = sizeof bi, .flags = GOHTTP_GETRESPONSE_BODY};
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, &bi, buf, sizeof buf), GOHTTP_OK);
    t_track_resp(r);
    CHECK(bi.head_copied == 1 && bi.body_len == -1 && bi.length == 500);
    b = t_readall(r, &n);
    CHECK(n == 500 && t_pattern_ok(b, n, 0));
    free(b);
    t_free_resp(r);
    t_free_conn(c);
}

/* Growable structs (rule 6): a size smaller than the 1.0 struct is
 * GOHTTP_E_ARG (and nothing is written); a larger one, from a program
 * compiled against a later header, is filled up to the 1.0 fields and
 * the bytes after them are left alone. */
static void test_growable_structs(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    union {
        struct gohttp_resp_info ri;
        struct gohttp_conn_info ci;
        gohttp_error e;
        gohttp_transport t;
        unsigned char bytes[512];
    } u;
    static const int64_t small[] = {0, 8, -1, INT64_MIN};

    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        memset(&u, 0x77, sizeof u);
        u.ri.size = small[i];
        CHECK_RC(gohttp_resp_info(r, &u.ri), GOHTTP_E_ARG);
        CHECK(u.bytes[8] == 0x77);
        memset(&u, 0x77, sizeof u);
        u.ci.size = small[i];
        CHECK_RC(gohttp_conn_info(c, &u.ci), GOHTTP_E_ARG);
        CHECK(u.bytes[8] == 0x77);
        memset(&u, 0x77, sizeof u);
        u.e.size = small[i];
        CHECK_RC(gohttp_last_error(&u.e), GOHTTP_E_ARG);
        CHECK(u.bytes[8] == 0x77);
    }
    /* One byte short of each 1.0 struct. */
    memset(&u, 0, sizeof u);
    u.ri.size = sizeof(struct gohttp_resp_info) - 1;
    CHECK_RC(gohttp_resp_info(r, &u.ri), GOHTTP_E_ARG);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "size");
    u.ci.size = sizeof(struct gohttp_conn_info) - 1;
    CHECK_RC(gohttp_conn_info(c, &u.ci), GOHTTP_E_ARG);
    u.e.size = sizeof(gohttp_error) - 1;
    CHECK_RC(gohttp_last_error(&u.e), GOHTTP_E_ARG);
    struct gohttp_resp_info gi = {.size = sizeof gi - 8};
    gohttp_resp *r2 = NULL;
    int64_t n = 0;
    free(t_readall(r, &n));
    t_free_resp(r);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_getresponse(c, &r2, &gi, NULL, 0), GOHTTP_E_ARG);
    CHECK(r2 == NULL);
    REQUIRE_RC(gohttp_conn_getresponse(c, &r2, NULL, NULL, 0), GOHTTP_OK);
    t_track_resp(r2);
    CHECK_RC(gohttp_resp_begin(r2, &gi), GOHTTP_E_ARG);
    u.t.size = sizeof(gohttp_transport) - 1;
    CHECK_RC(gohttp_conn_set_transport(c, &u.t), GOHTTP_E_ARG);
    gohttp_resp *r3 = NULL;
    CHECK_RC(gohttp_resp_new(&u.t, "GET", 3, &r3), GOHTTP_E_ARG);
    CHECK(r3 == NULL);

    /* Larger: filled, and nothing written past the 1.0 struct. */
    memset(&u, 0x77, sizeof u);
    u.ri.size = sizeof u;
    CHECK_RC(gohttp_resp_info(r2, &u.ri), GOHTTP_OK);
    CHECK(u.ri.status == 200 && u.ri.size == (int64_t)sizeof u);
    CHECK(u.bytes[sizeof(struct gohttp_resp_info)] == 0x77 && u.bytes[sizeof u - 1] == 0x77);
    memset(&u, 0x77, sizeof u);
    u.ci.size = sizeof u;
    CHECK_RC(gohttp_conn_info(c, &u.ci), GOHTTP_OK);
    CHECK(u.ci.port == P.http && u.ci.http_version == 11);
    CHECK(u.bytes[sizeof(struct gohttp_conn_info)] == 0x77);
    memset(&u, 0x77, sizeof u);
    u.e.size = sizeof u;
    CHECK_RC(gohttp_last_error(&u.e), GOHTTP_OK);
    CHECK(u.e.code == GOHTTP_E_ARG && u.e.message != NULL);
    CHECK(u.bytes[sizeof(gohttp_error)] == 0x77);
    free(t_readall(r2, &n));
    t_free_resp(r2);
    t_free_conn(c);
}

/* isclosed, will_close, length and fileno as a body is read. */
static void test_transitions(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=100");
    REQUIRE(r);
    int fd = -1;
    CHECK(length_of(r) == 100 && isclosed_of(r) == 0 && will_close_of(r) == 0);
    fd = (int)t_rinfo(r).socket;
    CHECK(fd >= 0);
    char buf[128];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_read(r, buf, 40, &n), GOHTTP_OK);
    CHECK(n == 40 && t_pattern_ok(buf, n, 0));
    CHECK(length_of(r) == 60 && isclosed_of(r) == 0);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 60 && t_pattern_ok(buf, n, 40));
    CHECK(length_of(r) == 0 && isclosed_of(r) == 1);
    fd = (int)t_rinfo(r).socket;
    CHECK(fd == -1);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);

    /* Connection: close: will_close, the socket passes to the response. */
    r = t_request(c, "GET", "/close");
    REQUIRE(r);
    CHECK(will_close_of(r) == 1 && length_of(r) == -1 && isclosed_of(r) == 0);
    int state = -1, connected = -1;
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "this body ends when the server closes the connection\n");
    free(b);
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);
    /* The next request reconnects by itself. */
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);

    /* HEAD: length 0, nothing to read, closed once read. */
    r = t_request(c, "HEAD", "/bytes?n=100");
    REQUIRE(r);
    CHECK(length_of(r) == 0);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0 && isclosed_of(r) == 1);
    t_free_resp(r);

    /* 204: length 0. */
    r = t_request(c, "GET", "/status/204");
    REQUIRE(r);
    CHECK(length_of(r) == 0 && will_close_of(r) == 0);
    b = t_readall(r, &n);
    CHECK(b && n == 0);
    free(b);
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);

    /* Closing a response early: the rest is dropped; the connection must
     * open a new socket, and does so by itself. */
    r = t_request(c, "GET", "/bytes?n=100000");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read(r, buf, 10, &n), GOHTTP_OK);
    CHECK_RC(gohttp_resp_close(r), GOHTTP_OK);
    CHECK(isclosed_of(r) == 1);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    CHECK_RC(gohttp_resp_close(r), GOHTTP_OK); /* twice is fine */
    t_free_resp(r);
    t_free_conn(c);
}

static void test_read_functions(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    char buf[70000];
    int64_t n = 0;

    /* readinto == read. */
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=30");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read(r, buf, 26, &n), GOHTTP_OK);
    CHECK(n == 26 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_read(r, buf, 26, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "abcd");
    CHECK_RC(gohttp_resp_read(r, buf, 26, &n), GOHTTP_OK);
    CHECK(n == 0);
    /* A zero-capacity read reads nothing and is not the end. */
    t_free_resp(r);
    r = t_request(c, "GET", "/bytes?n=5");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read(r, buf, 0, &n), GOHTTP_OK);
    CHECK(n == 0 && isclosed_of(r) == 0);
    CHECK_RC(gohttp_resp_read(r, NULL, 0, &n), GOHTTP_OK);
    CHECK(n == 0 && isclosed_of(r) == 0);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "abcde");
    t_free_resp(r);

    /* readall: too small gives the size; the data waits for a buffer that
     * large; then the body is done. */
    r = t_request(c, "GET", "/bytes?n=1000");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_readall(r, buf, 10, &n), GOHTTP_E_RANGE);
    CHECK(n == 1000);
    CHECK(length_of(r) == 0); /* read from the socket already */
    CHECK_RC(gohttp_resp_readall(r, buf, 999, &n), GOHTTP_E_RANGE);
    CHECK(n == 1000);
    CHECK_RC(gohttp_resp_readall(r, buf, 1000, &n), GOHTTP_OK);
    CHECK(n == 1000 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_readall(r, buf, 1000, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);

    /* read_amt: read(amt) with the Content-Length clip; a result larger
     * than the buffer waits as for readall. */
    r = t_request(c, "GET", "/bytes?n=100");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read_amt(r, 30, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 30 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_read_amt(r, 50, buf, 20, &n), GOHTTP_E_RANGE);
    CHECK(n == 50);
    CHECK_RC(gohttp_resp_read_amt(r, 50, buf, 50, &n), GOHTTP_OK);
    CHECK(n == 50 && t_pattern_ok(buf, n, 30));
    CHECK_RC(gohttp_resp_read_amt(r, 1000000, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 20 && t_pattern_ok(buf, n, 80));
    CHECK(isclosed_of(r) == 1);
    CHECK_RC(gohttp_resp_read_amt(r, 10, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);
    /* read_amt on a chunked body, across chunks. */
    r = t_request(c, "GET", "/chunked?n=3");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read_amt(r, 10, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "chunk 0\nch");
    CHECK_RC(gohttp_resp_read_amt(r, 100, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "unk 1\nchunk 2\n");
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);
    /* read(amt < -1) is refused as BufferedReader does; read(-1) reads
     * to the end of the stream (here the server closes). */
    r = t_request(c, "GET", "/close?n=5");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_read_amt(r, -2, buf, sizeof buf, &n), GOHTTP_E_VALUE);
    CHECK_RC(gohttp_resp_read_amt(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "abcde");
    t_free_resp(r);

    /* read1: at most one receive, at most cap bytes. */
    r = t_request(c, "GET", "/bytes?n=200000");
    REQUIRE(r);
    int64_t total = 0;
    int calls = 0, ok = 1;
    for (;;) {
        if (!CHECK_RC(gohttp_resp_read1(r, buf, 50000, &n), GOHTTP_OK))
            break;
        if (n == 0)
            break;
        ok &= n <= 50000 && t_pattern_ok(buf, n, total);
        total += n;
        calls++;
    }
    CHECK(ok && total == 200000 && calls >= 4);
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);

    /* peek does not consume; the bytes come back from read. */
    r = t_request(c, "GET", "/bytes?n=20");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_peek(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n >= 1 && n <= 20 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_peek(r, buf, 3, &n), GOHTTP_OK);
    CHECK(n == 3 && t_pattern_ok(buf, n, 0));
    CHECK(length_of(r) == 20);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 20 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_peek(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);

    /* read on chunked bodies crosses chunks; trailers at the end. */
    r = t_request(c, "GET", "/chunked?n=12&trailers=1");
    REQUIRE(r);
    CHECK(length_of(r) == -1);
    char *whole = NULL;
    int64_t wl = 0;
    for (;;) {
        if (!CHECK_RC(gohttp_resp_read(r, buf, 7, &n), GOHTTP_OK))
            break;
        if (n == 0)
            break;
        whole = realloc(whole, wl + n);
        memcpy(whole + wl, buf, n);
        wl += n;
    }
    char want[256] = "";
    for (int i = 0; i < 12; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "chunk %d\n", i);
    CHECK_MEM(whole, wl, want);
    free(whole);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, 5, &n), GOHTTP_E_RANGE);
    CHECK(n == strlen("X-Chunk-Count: 12\r\n"));
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, n, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "X-Chunk-Count: 12\r\n");
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);
    /* The socket is reused after a chunked body with trailers. */
    r = t_request(c, "GET", "/chunked?n=2&trailers=1");
    REQUIRE(r);
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "chunk 0\nchunk 1\n");
    free(b);
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "X-Chunk-Count: 2\r\n");
    t_free_resp(r);
    t_free_conn(c);
}

static void test_readline(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    char buf[256];
    int64_t n = 0;
    gohttp_resp *r = t_request(c, "GET", "/chunked?n=3");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "chunk 0\n");
    CHECK_RC(gohttp_resp_readline(r, 3, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "chu");
    /* A line longer than the buffer: the size, then the line. */
    CHECK_RC(gohttp_resp_readline(r, -1, buf, 2, &n), GOHTTP_E_RANGE);
    CHECK(n == 5);
    CHECK_RC(gohttp_resp_readline(r, -1, buf, 5, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "nk 1\n");
    CHECK_RC(gohttp_resp_readline(r, 0, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0 && isclosed_of(r) == 0);
    CHECK_RC(gohttp_resp_readline(r, 100, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "chunk 2\n");
    CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0 && isclosed_of(r) == 1);
    t_free_resp(r);

    /* Content-Length body: the last line has no newline; the length
     * bounds the line. */
    r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_readline(r, 6, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "hello ");
    CHECK(length_of(r) == 20);
    CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "from gohttp testsrv\n");
    CHECK(isclosed_of(r) == 1);
    t_free_resp(r);
    r = t_request(c, "GET", "/bytes?n=30");
    REQUIRE(r);
    CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 30 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    t_free_resp(r);
    t_free_conn(c);
}

/* Switching between the retry-able reads: a kept result belongs to the
 * operation that made it. */
static void test_pending_results(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=52");
    REQUIRE(r);
    char buf[64];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_read_amt(r, 26, buf, 4, &n), GOHTTP_E_RANGE);
    CHECK(n == 26);
    CHECK_RC(gohttp_resp_read_amt(r, 26, buf, 26, &n), GOHTTP_OK);
    CHECK(n == 26 && t_pattern_ok(buf, n, 0));
    CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 26 && t_pattern_ok(buf, n, 26));
    t_free_resp(r);
    t_free_conn(c);
}


/* Copy-out functions write nothing past the capacity they are given, and
 * nothing at all when they answer GOHTTP_E_RANGE. */
#define CANARY 0xA5
static unsigned char guard_buf[8192];

static void guard_fill(void) { memset(guard_buf, CANARY, sizeof guard_buf); }

/* guard_check: bytes [from, sizeof guard_buf) must still be the canary. */
static int guard_check(int64_t from, const char *what) {
    for (int64_t i = from; i < (int64_t)sizeof guard_buf; i++)
        if (guard_buf[i] != CANARY)
            return CHECKF(0, "%s wrote byte %zu (written from %zu on)", what, i, from);
    return 1;
}

#define G ((char *)guard_buf)

static void test_buffers_never_overrun(void) {
    gohttp_conn *c = t_conn(P.proxy);
    REQUIRE(c);
    REQUIRE_RC(gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, P.http, NULL, 0), GOHTTP_OK);
    gohttp_resp *r = t_request(c, "GET", "/chunked?n=40&trailers=1");
    REQUIRE(r);
    int64_t n = 0, need = 0, vn = 0;
    int rc;
    /* Each size-queried function: too small, then exact. */
    for (int f = 0; f < 7; f++) {
        const char *what = "?";
        for (int pass = 0; pass < 2; pass++) {
            int64_t cap = pass == 0 ? 3 : need; /* everything here is longer than 3 bytes */
            guard_fill();
            switch (f) {
            case 0: what = "gohttp_conn_host"; rc = gohttp_conn_get(c, GOHTTP_CONN_HOST, G, cap, &n); break;
            case 1: what = "gohttp_conn_proxy_headers"; rc = gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, G, cap, &n); break;
            case 2: what = "gohttp_resp_reason"; rc = gohttp_resp_get(r, GOHTTP_RESP_REASON, G, pass ? cap : 1, &n); break;
            case 3: what = "gohttp_resp_rawheaders"; rc = gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, G, cap, &n); break;
            case 4: what = "gohttp_resp_getheader"; rc = gohttp_resp_getheader(r, "Transfer-Encoding", GOHTTP_NUL, G, cap, &n); break;
            case 5: what = "gohttp_resp_getheader(Server)"; rc = gohttp_resp_getheader(r, "Server", GOHTTP_NUL, G, cap, &n); break;
            default: what = "gohttp_resp_header_at"; rc = gohttp_resp_header_at(r, 1, G, cap, &n, G + 100, pass ? vn : 3, &vn); break;
            }
            if (pass == 0) {
                CHECKF(rc == GOHTTP_E_RANGE, "%s(cap 3) = %d", what, rc);
                guard_check(0, what);
                need = n;
            } else {
                CHECKF(rc == GOHTTP_OK || rc == GOHTTP_NOTFOUND, "%s(cap %zu) = %d", what, cap, rc);
                if (f == 6)
                    guard_check(100 + vn, what), CHECK(guard_buf[n] == CANARY && n < 100);
                else
                    guard_check(n, what);
            }
        }
    }
    /* A missing header: GOHTTP_NOTFOUND writes nothing. */
    guard_fill();
    CHECK_RC(gohttp_resp_getheader(r, "X-None", GOHTTP_NUL, G, sizeof guard_buf, &n), GOHTTP_NOTFOUND);
    CHECK(n == 0);
    guard_check(0, "gohttp_resp_getheader(missing)");

    /* The reads: never past cap. */
    static const char *const names[] = {"read", "read again", "read1", "peek", "readline", "read_amt", "readall"};
    for (int f = 0; f < 7; f++) {
        guard_fill();
        int64_t cap = 5;
        n = 0;
        switch (f) {
        case 0: rc = gohttp_resp_read(r, G, cap, &n); break;
        case 1: rc = gohttp_resp_read(r, G, cap, &n); break;
        case 2: rc = gohttp_resp_read1(r, G, cap, &n); break;
        case 3: rc = gohttp_resp_peek(r, G, cap, &n); break;
        case 4: rc = gohttp_resp_readline(r, -1, G, cap, &n); break;
        case 5: rc = gohttp_resp_read_amt(r, 9, G, cap, &n); break;
        default: rc = gohttp_resp_readall(r, G, cap, &n); break;
        }
        if (f >= 4 && (f > 4 || rc == GOHTTP_E_RANGE)) {
            CHECKF(rc == GOHTTP_E_RANGE && n > cap, "%s(cap 5) = %d, n %zu", names[f], rc, n);
            guard_check(0, names[f]);
            /* Take the kept result with the exact size. */
            int64_t want = n;
            guard_fill();
            rc = f == 4 ? gohttp_resp_readline(r, -1, G, want, &n)
               : f == 5 ? gohttp_resp_read_amt(r, 9, G, want, &n)
                        : gohttp_resp_readall(r, G, want, &n);
            CHECKF(rc == GOHTTP_OK && n == want, "%s(cap %zu) = %d, n %zu", names[f], want, rc, n);
        } else {
            CHECKF(rc == GOHTTP_OK && n <= cap, "%s(cap 5) = %d, n %zu", names[f], rc, n);
        }
        guard_check(n, names[f]);
    }
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, G, 3, &n), GOHTTP_E_RANGE);
    guard_fill();
    need = n;
    CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, G, need, &n), GOHTTP_OK);
    guard_check(need, "gohttp_resp_trailers");
    t_free_resp(r);

    /* getresponse's head: one that does not fit writes nothing; an exact
     * one writes exactly the reason and the headers. */
    struct gohttp_resp_info info = {.size = sizeof info};
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=10", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    guard_fill();
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, &info, G, 10), GOHTTP_OK);
    t_track_resp(r);
    CHECK(info.head_copied == 0);
    guard_check(0, "gohttp_conn_getresponse(head too small)");
    int64_t full = info.reason_len + info.headers_len;
    free(t_readall(r, &n));
    t_free_resp(r);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=10", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    guard_fill();
    info.flags = GOHTTP_GETRESPONSE_BODY; /* the body does not fit after the head */
    REQUIRE_RC(gohttp_conn_getresponse(c, &r, &info, G, full), GOHTTP_OK);
    t_track_resp(r);
    CHECK(info.head_copied == 1 && info.body_len == -1);
    guard_check(full, "gohttp_conn_getresponse");
    free(t_readall(r, &n));
    t_free_resp(r);
    t_free_conn(c);
}

const test_case response_tests[] = {
    {"response_headers", test_headers, 0},
    {"response_growable_structs", test_growable_structs, 0},
    {"response_info", test_info, 0},
    {"response_transitions", test_transitions, 0},
    {"response_read_functions", test_read_functions, 0},
    {"response_readline", test_readline, 0},
    {"response_pending_results", test_pending_results, 0},
    {"response_buffers_never_overrun", test_buffers_never_overrun, 0},
    {NULL, NULL, 0},
};
