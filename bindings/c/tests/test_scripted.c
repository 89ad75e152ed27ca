/* test_scripted.c: responses only a scripted server gives: broken bodies
 * (IncompleteRead), bad status lines, limits, interim responses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"

/* serve runs steps, makes a connection to the scripted server, sends
 * GET / and returns the response (NULL if getresponse failed, its code in
 * *rc). */
typedef struct {
    script *s;
    gohttp_conn *c;
} session;

static gohttp_resp *open_session(session *ss, const script_step *steps, int64_t n, int max_line,
                                 int max_headers, int *rc) {
    gohttp_resp *r = NULL;
    ss->c = NULL;
    ss->s = script_start(steps, n);
    *rc = GOHTTP_E_INTERNAL;
    if (!ss->s)
        return NULL;
    ss->c = t_conn(script_port(ss->s));
    if (!ss->c)
        return NULL;
    if (max_line > 0) /* 0: the default */
        CHECK_RC(gohttp_conn_setopt_int(ss->c, GOHTTP_OPT_MAX_LINE, max_line), GOHTTP_OK);
    if (max_headers > 0)
        CHECK_RC(gohttp_conn_setopt_int(ss->c, GOHTTP_OPT_MAX_HEADERS, max_headers), GOHTTP_OK);
    if (!CHECK_RC(gohttp_conn_request(ss->c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK))
        return NULL;
    *rc = gohttp_conn_getresponse(ss->c, &r, NULL, NULL, 0);
    if (*rc == GOHTTP_OK)
        t_track_resp(r);
    return r;
}

static void close_session(session *ss, gohttp_resp *r) {
    if (r)
        t_free_resp(r);
    if (ss->c)
        t_free_conn(ss->c);
    script_free(ss->s);
}

static void check_resp_err(int code, const char *partial, int64_t expected, const char *msg) {
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_RC(e.code, code);
    if (partial)
        CHECK_MEM(e.partial, e.partial_len, partial);
    CHECKF(e.expected == expected, "lasterror.expected = %lld; want %lld", (long long)e.expected, (long long)expected);
    if (msg)
        CHECK_STR(e.message, msg);
    CHECK_STR(t_errmsg(), e.message);
}

static void test_incomplete_content_length(void) {
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 0},
        {SS_CLOSE, NULL, 0},
    };
    session ss;
    int rc;
    gohttp_resp *r = open_session(&ss, steps, 2, 0, 0, &rc);
    CHECK_RC(rc, GOHTTP_OK);
    if (r) {
        char buf[64];
        int64_t n = 77;
        CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_E_INCOMPLETE_READ);
        check_resp_err(GOHTTP_E_INCOMPLETE_READ, "hello", 5, "IncompleteRead(5 bytes read, 5 more expected)");
        CHECK_STR(gohttp_strerror(GOHTTP_E_INCOMPLETE_READ), "incomplete read");
        int closed = 0;
        closed = t_rinfo(r).isclosed;
        CHECK(closed == 1);
        /* The error stays until the thread's next failing call. */
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECK(e.code == GOHTTP_E_INCOMPLETE_READ && e.partial_len == 5);
    }
    close_session(&ss, r);

    /* read(n) (readinto) returns what there is, as http.client's does:
     * a short count and then the end, no error. */
    r = open_session(&ss, steps, 2, 0, 0, &rc);
    if (r) {
        char buf[64];
        int64_t n = 0;
        CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "hello");
        CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK(n == 0);
    }
    close_session(&ss, r);

    /* read_amt(amt) the same. */
    r = open_session(&ss, steps, 2, 0, 0, &rc);
    if (r) {
        char buf[64];
        int64_t n = 0;
        CHECK_RC(gohttp_resp_read_amt(r, 8, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "hello");
    }
    close_session(&ss, r);
}

static void test_incomplete_chunked(void) {
    static const struct {
        const char *wire;
        const char *partial_all;   /* readall's partial */
        const char *partial_read;  /* read(100)'s partial */
    } cases[] = {
        /* The body ends after a whole chunk: IncompleteRead(b'hello'). */
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "hello", "hello"},
        /* It ends inside the second chunk: the whole chunks read so far. */
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\nwor", "hello", "hello"},
        /* It ends inside the first chunk: IncompleteRead(b''). */
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhello", "", ""},
        /* A chunk size that is not hex. */
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n", "abc", "abc"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int mode = 0; mode < 2; mode++) {
            script_step steps[] = {{SS_REPLY, cases[i].wire, 0}, {SS_CLOSE, NULL, 0}};
            session ss;
            int rc;
            gohttp_resp *r = open_session(&ss, steps, 2, 0, 0, &rc);
            CHECK_RC(rc, GOHTTP_OK);
            if (r) {
                char buf[100];
                int64_t n = 77;
                if (mode == 0) {
                    CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_E_INCOMPLETE_READ);
                    check_resp_err(GOHTTP_E_INCOMPLETE_READ, cases[i].partial_all, -1, NULL);
                } else {
                    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_E_INCOMPLETE_READ);
                    CHECK(n == 0);
                    check_resp_err(GOHTTP_E_INCOMPLETE_READ, cases[i].partial_read, -1, NULL);
                }
                /* A bad chunk size closes the response (an early end
                 * does not, as in http.client). */
                int closed = 0;
                closed = t_rinfo(r).isclosed;
                if (i == 3)
                    CHECK(closed == 1);
            }
            close_session(&ss, r);
        }
    }
}

static void test_bad_status_lines(void) {
    static const struct {
        const char *wire;
        int code;
        const char *arg;
    } cases[] = {
        {"HTTX/1.1 200 OK\r\n\r\n", GOHTTP_E_BAD_STATUS_LINE, "HTTX/1.1 200 OK\r\n"},
        {"HTTP/1.1 abc OK\r\n\r\n", GOHTTP_E_BAD_STATUS_LINE, "HTTP/1.1 abc OK\r\n"},
        {"HTTP/1.1 99 Low\r\n\r\n", GOHTTP_E_BAD_STATUS_LINE, "HTTP/1.1 99 Low\r\n"},
        {"HTTP/1.1 1000 High\r\n\r\n", GOHTTP_E_BAD_STATUS_LINE, "HTTP/1.1 1000 High\r\n"},
        {"garbage\r\n", GOHTTP_E_BAD_STATUS_LINE, "garbage\r\n"},
        {"HTTP/2.0 200 OK\r\n\r\n", GOHTTP_E_UNKNOWN_PROTOCOL, "HTTP/2.0"},
        {"HTTP/3 200 OK\r\n\r\n", GOHTTP_E_UNKNOWN_PROTOCOL, "HTTP/3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        script_step steps[] = {{SS_REPLY, cases[i].wire, 0}, {SS_CLOSE, NULL, 0}};
        session ss;
        int rc;
        gohttp_resp *r = open_session(&ss, steps, 2, 0, 0, &rc);
        CHECK(r == NULL);
        CHECK_RC(rc, cases[i].code);
        if (ss.c) {
            gohttp_error e = {.size = sizeof e};
            CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
            CHECK(e.code == cases[i].code);
            CHECK_MEM(e.arg, e.arg_len, cases[i].arg);
        }
        close_session(&ss, r);
    }
    CHECK(gohttp_live_handles() == 0);
}

/* The server closes without answering: RemoteDisconnected, the
 * connection is closed, and the next request reconnects. */
static void test_remote_disconnected(void) {
    static const script_step steps[] = {
        {SS_READ, NULL, 0},
        {SS_CLOSE, NULL, 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain", 0},
        {SS_DRAIN, NULL, 0},
    };
    session ss;
    int rc;
    gohttp_resp *r = open_session(&ss, steps, 4, 0, 0, &rc);
    CHECK(r == NULL);
    CHECK_RC(rc, GOHTTP_E_REMOTE_DISCONNECTED);
    if (ss.c) {
        CHECK_STR(t_errmsg(), "Remote end closed connection without response");
        int state = -1, connected = -1;
        state = t_cinfo(ss.c).state;
        connected = t_cinfo(ss.c).connected;
        CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
        r = t_request(ss.c, "GET", "/");
        if (r) {
            int64_t n = 0;
            char *b = t_readall(r, &n);
            CHECK_MEM(b, n, "again");
            free(b);
        }
    }
    close_session(&ss, r);
}

static void test_limits(void) {
    char longhdr[400], wire[600];
    memset(longhdr, 'v', sizeof longhdr);
    longhdr[sizeof longhdr - 1] = '\0';
    static const struct { const char *fmt; const char *what; int max_line; } lines[] = {
        {"HTTP/1.1 200 OK\r\nX-Long: %s\r\nContent-Length: 0\r\n\r\n", "header line", 100},
        {"HTTP/1.1 200 OK%s\r\n\r\n", "status line", 100},
    };
    for (int64_t i = 0; i < 2; i++) {
        snprintf(wire, sizeof wire, lines[i].fmt, longhdr);
        script_step steps[] = {{SS_REPLY, wire, 0}, {SS_CLOSE, NULL, 0}};
        session ss;
        int rc;
        gohttp_resp *r = open_session(&ss, steps, 2, lines[i].max_line, 0, &rc);
        CHECK(r == NULL);
        CHECK_RC(rc, GOHTTP_E_LINE_TOO_LONG);
        if (ss.c) {
            gohttp_error e = {.size = sizeof e};
            CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
            CHECK_MEM(e.arg, e.arg_len, lines[i].what);
            char msg[100];
            snprintf(msg, sizeof msg, "got more than 100 bytes when reading %s", lines[i].what);
            CHECK_STR(e.message, msg);
        }
        close_session(&ss, r);
    }

    /* In the body: a chunk-size line and a trailer line. */
    static const struct { const char *wire; const char *what; } body[] = {
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001\r\nx\r\n0\r\n\r\n",
         "chunk size"},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n"
         "X-Trailer: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\r\n\r\n",
         "trailer line"},
    };
    for (int64_t i = 0; i < 2; i++) {
        script_step steps[] = {{SS_REPLY, body[i].wire, 0}, {SS_CLOSE, NULL, 0}};
        session ss;
        int rc;
        gohttp_resp *r = open_session(&ss, steps, 2, 100, 0, &rc);
        CHECK_RC(rc, GOHTTP_OK);
        if (r) {
            char buf[64];
            int64_t n = 0;
            CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_E_LINE_TOO_LONG);
            gohttp_error e = {.size = sizeof e};
            CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
            CHECK_MEM(e.arg, e.arg_len, body[i].what);
        }
        close_session(&ss, r);
    }

    /* Too many header lines: HTTPException("got more than 5 headers"). */
    static const script_step many[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n\r\n", 0},
        {SS_CLOSE, NULL, 0},
    };
    session ss;
    int rc;
    gohttp_resp *r = open_session(&ss, many, 2, 0, 5, &rc);
    CHECK(r == NULL);
    CHECK_RC(rc, GOHTTP_E_HTTP);
    if (ss.c) {
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECK_MEM(e.arg, e.arg_len, "got more than 5 headers");
    }
    close_session(&ss, r);
    /* Within the limit: fine. */
    r = open_session(&ss, many, 2, 0, 7, &rc);
    CHECK_RC(rc, GOHTTP_OK);
    close_session(&ss, r);
}

static void test_interim_and_http10(void) {
    /* 100 Continue responses are skipped. */
    static const script_step cont[] = {
        {SS_REPLY, "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
                   "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_DRAIN, NULL, 0},
    };
    session ss;
    int rc;
    gohttp_resp *r = open_session(&ss, cont, 2, 0, 0, &rc);
    CHECK_RC(rc, GOHTTP_OK);
    if (r) {
        CHECK(t_status(r) == 200);
        char buf[64];
        int64_t n = 0;
        CHECK_RC(gohttp_resp_getheader(r, "X-Interim", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, "ok");
        free(b);
    }
    close_session(&ss, r);

    /* HTTP/1.0 without a length: read until the server closes. */
    static const script_step h10[] = {
        {SS_REPLY, "HTTP/1.0 200 Fine \xe9t\xe9\r\nX-Fold: first\r\n second\r\n\r\nbody until close", 0},
        {SS_CLOSE, NULL, 0},
    };
    r = open_session(&ss, h10, 2, 0, 0, &rc);
    CHECK_RC(rc, GOHTTP_OK);
    if (r) {
        int v = 0, wc = 0;
        int64_t len = 0;
        v = t_rinfo(r).version;
        CHECK(v == 10);
        wc = t_rinfo(r).will_close;
        CHECK(wc == 1);
        len = t_rinfo(r).length;
        CHECK(len == -1);
        char buf[64];
        int64_t n = 0;
        /* The reason is latin-1 bytes as received; the folded value keeps
         * its line break (compat32). */
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "Fine \xe9t\xe9");
        CHECK_RC(gohttp_resp_getheader(r, "x-fold", GOHTTP_NUL, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "first\r\n second");
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, "body until close");
        free(b);
    }
    close_session(&ss, r);

    /* http.client's read(-1) quirk: it reads to EOF past Content-Length,
     * and the length goes negative. */
    static const script_step over[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhelloEXTRA", 0},
        {SS_CLOSE, NULL, 0},
    };
    r = open_session(&ss, over, 2, 0, 0, &rc);
    CHECK_RC(rc, GOHTTP_OK);
    if (r) {
        char buf[64];
        int64_t n = 0;
        CHECK_RC(gohttp_resp_read_amt(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "helloEXTRA");
        struct gohttp_resp_info info = {.size = sizeof info};
        CHECK_RC(gohttp_resp_info(r, &info), GOHTTP_OK);
        CHECK(info.has_length == 1 && info.length == -5);
    }
    close_session(&ss, r);
}

const test_case scripted_tests[] = {
    {"scripted_incomplete_content_length", test_incomplete_content_length, 0},
    {"scripted_incomplete_chunked", test_incomplete_chunked, 0},
    {"scripted_bad_status_lines", test_bad_status_lines, 0},
    {"scripted_remote_disconnected", test_remote_disconnected, 0},
    {"scripted_limits", test_limits, 0},
    {"scripted_interim_http10_read_minus_one", test_interim_and_http10, 0},
    {NULL, NULL, 0},
};
