/* test_bindings.c: the exports that bindings use to mirror http.client's
 * objects: a host's own buffered reader (gohttp_conn_set_transport_file,
 * gohttp_resp_new_file), a response's debug output and _read_status, the
 * CONNECT handshake on a host's socket (gohttp_conn_tunnel), the request
 * buffer, the two halves of getresponse, letting go of the socket, and
 * the TLS session's facts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests.h"

/* mf: a tiny buffered reader of our own, like Python's sock.makefile("rb"),
 * over an in-memory stream (fd < 0) or a socket (fd >= 0). Each fill
 * "receives" at most seg bytes. data[0 .. filled) has been received,
 * data[0 .. pos) handed out to the library: whatever lies past pos is
 * still ours, unread. */
struct mf {
    char *data;
    int64_t len, cap;   /* in-memory: the whole stream; socket: what arrived */
    int64_t filled;     /* received into the reader's buffer */
    int64_t pos;        /* handed out (consumed) */
    int64_t seg;        /* most bytes one receive brings */
    int fd;
    int ops[5];        /* calls per GOHTTP_FILE_* op */
    int bad_ops;       /* calls with an op that is none of them */
    int rc;            /* returned instead of reading when != 0 */
    int overflow;      /* claim one byte more than cap */
    char *out;         /* what write was given */
    int64_t out_len, out_cap;
    int write_rc;
    int writes, closes;
};

static void grow(char **p, int64_t *cap, int64_t need) {
    if (need <= *cap)
        return;
    int64_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    *p = realloc(*p, c);
    *cap = c;
}

/* mf_init makes a reader over the stream s (in memory) or, with fd >= 0,
 * over the socket fd (s is then ignored). */
static void mf_init(struct mf *m, const char *s, int64_t seg, int fd) {
    memset(m, 0, sizeof *m);
    m->seg = seg;
    m->fd = fd;
    if (fd < 0 && s) {
        m->len = strlen(s);
        grow(&m->data, &m->cap, m->len + 1);
        memcpy(m->data, s, m->len + 1);
    }
}

static void mf_done(struct mf *m) {
    if (m->fd >= 0)
        close(m->fd);
    m->fd = -1;
    free(m->data);
    free(m->out);
    m->data = m->out = NULL;
}

/* mf_fill receives once: the count, 0 at the end, or -errno. */
static long mf_fill(struct mf *m) {
    if (m->fd >= 0) {
        grow(&m->data, &m->cap, m->len + m->seg + 1);
        ssize_t k = recv(m->fd, m->data + m->len, m->seg, 0);
        if (k < 0)
            return -errno;
        m->len += (int64_t)k;
        m->filled = m->len;
        return k;
    }
    int64_t k = m->len - m->filled;
    if (k > m->seg)
        k = m->seg;
    m->filled += k;
    return (long)k;
}

static int mf_file(void *u, int op, void *buf, int64_t cap, int64_t *n) {
    struct mf *m = u;
    int64_t got = 0;
    long f;
    if (op < GOHTTP_FILE_READ || op > GOHTTP_FILE_PEEK) {
        m->bad_ops++;
        return GOHTTP_E_CALLBACK;
    }
    m->ops[op]++;
    if (m->rc)
        return m->rc;
    switch (op) {
    case GOHTTP_FILE_READ:
    case GOHTTP_FILE_READLINE:
        while (got < cap) {
            if (m->pos == m->filled) {
                if ((f = mf_fill(m)) < 0)
                    return (int)-f;
                if (f == 0)
                    break;
            }
            int64_t k = m->filled - m->pos;
            if (k > cap - got)
                k = cap - got;
            if (op == GOHTTP_FILE_READLINE) {
                const char *nl = memchr(m->data + m->pos, '\n', k);
                if (nl)
                    k = (int64_t)(nl - (m->data + m->pos)) + 1;
            }
            memcpy(buf + got, m->data + m->pos, k);
            m->pos += k;
            got += k;
            if (op == GOHTTP_FILE_READLINE && ((char *)buf)[got - 1] == '\n')
                break;
        }
        break;
    case GOHTTP_FILE_READ1:
    case GOHTTP_FILE_PEEK:
        if (m->pos == m->filled && (f = mf_fill(m)) < 0)
            return (int)-f;
        got = m->filled - m->pos;
        if (got > cap)
            got = cap;
        memcpy(buf, m->data + m->pos, got);
        if (op == GOHTTP_FILE_READ1)
            m->pos += got;
        break;
    }
    *n = m->overflow ? cap + 1 : got;
    return 0;
}

static int mf_write(void *u, const void *data, int64_t len, int64_t *n) {
    struct mf *m = u;
    m->writes++;
    if (m->write_rc)
        return m->write_rc;
    /* Short writes on purpose: the library must loop. */
    int64_t k = len > 5 ? len / 2 : len;
    if (m->fd >= 0) {
        ssize_t w = send(m->fd, data, k, MSG_NOSIGNAL);
        if (w < 0)
            return errno;
        k = (int64_t)w;
    }
    grow(&m->out, &m->out_cap, m->out_len + k + 1);
    memcpy(m->out + m->out_len, data, k);
    m->out_len += k;
    m->out[m->out_len] = '\0';
    *n = k;
    return 0;
}

static void mf_close(void *u) {
    struct mf *m = u;
    m->closes++;
}

static int mf_calls(const struct mf *m) {
    return m->ops[1] + m->ops[2] + m->ops[3] + m->ops[4] + m->bad_ops;
}

/* CHECK_REST: what the reader still holds, unread, is exactly s. */
#define CHECK_REST(m, s) CHECK_MEM((m)->data + (m)->pos, (m)->len - (m)->pos, s)

/* Debug lines collected, each followed by '\n'. */
struct lines {
    char buf[4096];
    int64_t len;
    int count;
};

static void collect(void *u, const char *line, int64_t len) {
    struct lines *l = u;
    l->count++;
    if (l->len + len + 2 > (int64_t)sizeof l->buf)
        return;
    memcpy(l->buf + l->len, line, len);
    l->len += len;
    l->buf[l->len++] = '\n';
}

static gohttp_conn *file_conn(struct mf *m) {
    gohttp_conn *c = t_conn(P.http);
    if (!c)
        return NULL;
    if (!CHECK_RC(t_set_transport_file(c, mf_file, mf_write, mf_close, m), GOHTTP_OK)) {
        t_free_conn(c);
        return NULL;
    }
    return c;
}

static int get(gohttp_conn *c, const char *url) {
    return gohttp_conn_request(c, "GET", GOHTTP_NUL, url, GOHTTP_NUL, NULL, 0, NULL, 0, 0);
}

static char *expected_get(char *out, int64_t cap, const char *url, int port) {
    snprintf(out, cap, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\n\r\n", url, port);
    return out;
}

#define R_LEN "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\n"
#define R_LEN_BODY "hello"
#define R_CHUNKED "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define R_CHUNKED_BODY "5\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
#define R_LINES "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"
#define R_LINES_BODY "line1\nline2\n"

/* Responses read through the host's reader take exactly their own bytes:
 * after each, the next response (or "extradata") is still in the reader. */
static void test_transport_file(void) {
    static const char stream[] = R_LEN R_LEN_BODY R_CHUNKED R_CHUNKED_BODY R_LINES R_LINES_BODY "extradata";
    static const int64_t segs[] = {1, 7, 64};
    for (size_t si = 0; si < sizeof segs / sizeof segs[0]; si++) {
        int64_t seg = segs[si];
        struct mf m;
        mf_init(&m, stream, seg, -1);
        gohttp_conn *c = file_conn(&m);
        if (!c) {
            mf_done(&m);
            return;
        }
        int state = -1, connected = -1;
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(connected == 1 && state == GOHTTP_STATE_IDLE);
        CHECK(mf_calls(&m) == 0);

        /* Content-Length, keep-alive: the head, then the body in pieces. */
        CHECK_RC(get(c, "/a"), GOHTTP_OK);
        char want[256];
        CHECK_MEM(m.out, m.out_len, expected_get(want, sizeof want, "/a", P.http));
        gohttp_resp *r = t_getresponse(c);
        if (r) {
            CHECKF(m.pos == (int64_t)strlen(R_LEN), "seg %zu: %zu bytes taken for the head; want %zu", seg, m.pos,
                   strlen(R_LEN));
            char buf[16];
            int64_t n = 0;
            CHECK_RC(gohttp_resp_read(r, buf, 3, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, "hel");
            CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, "lo");
            CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK(n == 0);
            int closed = 0;
            closed = t_rinfo(r).isclosed;
            CHECK(closed == 1);
            CHECK_REST(&m, R_CHUNKED R_CHUNKED_BODY R_LINES R_LINES_BODY "extradata");
            t_free_resp(r);
        }

        /* Chunked, with a trailer. */
        m.out_len = 0;
        CHECK_RC(get(c, "/b"), GOHTTP_OK);
        CHECK_MEM(m.out, m.out_len, expected_get(want, sizeof want, "/b", P.http));
        r = t_getresponse(c);
        if (r) {
            CHECK_REST(&m, R_CHUNKED_BODY R_LINES R_LINES_BODY "extradata");
            int64_t n = 0;
            char *b = t_readall(r, &n);
            CHECK_MEM(b, n, "hello world");
            free(b);
            char tr[64];
            CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, tr, sizeof tr, &n), GOHTTP_OK);
            CHECK_MEM(tr, n, "X-T: 1\r\n");
            CHECK_REST(&m, R_LINES R_LINES_BODY "extradata");
            t_free_resp(r);
        }

        /* readline, peek and read1 on a body: none takes a byte past it. */
        CHECK_RC(get(c, "/c"), GOHTTP_OK);
        r = t_getresponse(c);
        if (r) {
            char buf[64];
            int64_t n = 0;
            CHECK_RC(gohttp_resp_readline(r, -1, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, "line1\n");
            int64_t before = m.pos;
            CHECK_RC(gohttp_resp_peek(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK(n > 0 && memcmp(buf, "line2\n", n < 6 ? n : 6) == 0);
            CHECK(m.pos == before); /* peek consumes nothing */
            CHECK_RC(gohttp_resp_read1(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK(n > 0 && n <= 6);
            int64_t n2 = 0;
            char *b = t_readall(r, &n2);
            if (b && n + n2 < (int64_t)sizeof buf) {
                memcpy(buf + n, b, n2);
                CHECK_MEM(buf, n + n2, "line2\n");
            }
            free(b);
            CHECK_REST(&m, "extradata");
            t_free_resp(r);
        }
        CHECK(m.bad_ops == 0);
        CHECK(m.ops[GOHTTP_FILE_READLINE] > 0 && m.ops[GOHTTP_FILE_READ] > 0);
        CHECK(m.closes == 0);
        t_free_conn(c);
        CHECKF(m.closes == 1, "close called %d times; want 1", m.closes);
        CHECK_REST(&m, "extradata");
        mf_done(&m);
    }

    /* Argument checks. */
    struct mf m;
    mf_init(&m, "", 8, -1);
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    CHECK_RC(t_set_transport_file(c, NULL, mf_write, mf_close, &m), GOHTTP_E_ARG);
    CHECK_RC(t_set_transport_file(c, mf_file, NULL, mf_close, &m), GOHTTP_E_ARG);
    CHECK_RC(t_set_transport_file(NULL, mf_file, mf_write, mf_close, &m), GOHTTP_E_BADHANDLE);
    CHECK(t_cinfo(c).connected == 0);
    /* close may be NULL. */
    CHECK_RC(t_set_transport_file(c, mf_file, mf_write, NULL, &m), GOHTTP_OK);
    t_free_conn(c);
    CHECK(m.closes == 0 && mf_calls(&m) == 0);
    mf_done(&m);

    /* The callback's failures: errno, timeout, another code, a count
     * larger than cap. A connection error (ConnectionResetError, as
     * Python names ECONNRESET) closes the connection, as http.client's
     * getresponse does; the others leave it open. */
    static const struct { int rc, overflow, code, os_error, closes; const char *msg; } cases[] = {
        {ECONNRESET, 0, GOHTTP_E_OS, ECONNRESET, 1, "[Errno 104] Connection reset by peer"},
        {EPIPE, 0, GOHTTP_E_OS, EPIPE, 1, "[Errno 32] Broken pipe"},
        {EIO, 0, GOHTTP_E_OS, EIO, 0, "[Errno 5] Input/output error"},
        {GOHTTP_E_TIMEOUT, 0, GOHTTP_E_TIMEOUT, 0, 0, "timed out"},
        {-99, 0, GOHTTP_E_CALLBACK, 0, 0, NULL},
        {0, 1, GOHTTP_E_CALLBACK, 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_init(&m, R_LEN R_LEN_BODY, 8, -1);
        c = file_conn(&m);
        if (!c) {
            mf_done(&m);
            return;
        }
        m.rc = cases[i].rc;
        m.overflow = cases[i].overflow;
        CHECK_RC(get(c, "/"), GOHTTP_OK);
        gohttp_resp *r = NULL;
        CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), cases[i].code);
        CHECK(r == NULL);
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECK(e.code == cases[i].code);
        CHECKF(e.os_error == cases[i].os_error, "case %zu: os_error %d; want %d", i, e.os_error,
               cases[i].os_error);
        if (cases[i].msg)
            CHECK_STR(t_errmsg(), cases[i].msg);
        int connected = t_cinfo(c).connected;
        CHECKF(connected == !cases[i].closes && m.closes == cases[i].closes,
               "case %zu: connected %d, close called %d times", i, connected, m.closes);
        t_free_conn(c);
        CHECKF(m.closes == 1, "case %zu: close called %d times; want 1", i, m.closes);
        mf_done(&m);
    }
    /* A write failure: OSError with its errno. */
    mf_init(&m, "", 8, -1);
    c = file_conn(&m);
    REQUIRE(c);
    m.write_rc = EPIPE;
    CHECK_RC(get(c, "/"), GOHTTP_E_OS);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.os_error == EPIPE);
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);
}

/* make_file_resp makes a response on m with gohttp_resp_new_file. */
static gohttp_resp *make_file_resp(struct mf *m, const char *method) {
    gohttp_resp *r = NULL;
    if (!CHECK_RC(t_resp_new_file(mf_file, mf_close, m, method, GOHTTP_NUL, &r), GOHTTP_OK))
        return NULL;
    t_track_resp(r);
    return r;
}

#define DEBUG_LINES "reply: 'HTTP/1.1 200 OK\\r\\n'\nheader: Content-Length: 5\nheader: X-A: 1\n"

static void test_resp_new_file(void) {
    for (int head = 0; head < 2; head++) {
        struct mf m;
        mf_init(&m, R_LEN R_LEN_BODY "extradata", 3, -1);
        gohttp_resp *r = make_file_resp(&m, head ? "HEAD" : "GET");
        if (!r) {
            mf_done(&m);
            return;
        }
        CHECK(gohttp_live_handles() == 1);
        struct lines dl;
        memset(&dl, 0, sizeof dl);
        CHECK_RC(gohttp_resp_set_debug(r, 1, collect, &dl), GOHTTP_OK);
        CHECK(mf_calls(&m) == 0); /* nothing read before begin */
        struct gohttp_resp_info info = {.size = sizeof info};
        CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
        CHECK(info.status == 200 && info.version == 11 && info.will_close == 0 && info.head_copied == 0);
        CHECK(info.length == (head ? 0 : 5));
        int64_t hn = 0;
        const char *h = t_resp_get(r, GOHTTP_RESP_REASON, &hn);
        CHECK_MEM(h, hn, "OK");
        h = t_resp_get(r, GOHTTP_RESP_RAW_HEADERS, &hn);
        CHECK_MEM(h, hn, "Content-Length: 5\r\nX-A: 1\r\n\r\n");
        CHECK(info.reason_len == 2 && info.headers_len == hn);
        CHECKF(m.pos == (int64_t)strlen(R_LEN), "%zu bytes taken for the head; want %zu", m.pos, strlen(R_LEN));
        CHECK_MEM(dl.buf, dl.len, DEBUG_LINES);
        CHECK(dl.count == 3);
        int64_t n = 0;
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, head ? "" : "hello");
        free(b);
        CHECK_REST(&m, head ? R_LEN_BODY "extradata" : "extradata");
        CHECK(dl.count == 3); /* the body is not reported */
        CHECK(m.closes == 1); /* read to its end: it let go of the reader */
        t_free_resp(r);
        CHECK(m.closes == 1 && m.bad_ops == 0);
        mf_done(&m);
    }

    /* Level 0 turns the output off again. */
    struct mf m;
    mf_init(&m, R_LEN R_LEN_BODY, 64, -1);
    gohttp_resp *r = make_file_resp(&m, "GET");
    if (r) {
        struct lines dl;
        memset(&dl, 0, sizeof dl);
        CHECK_RC(gohttp_resp_set_debug(r, 1, collect, &dl), GOHTTP_OK);
        CHECK_RC(gohttp_resp_set_debug(r, 0, collect, &dl), GOHTTP_OK);
        CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_OK);
        CHECK(dl.count == 0);
        t_free_resp(r);
    }
    mf_done(&m);

    /* Without a callback the lines go to stdout. */
    mf_init(&m, R_LEN R_LEN_BODY, 64, -1);
    r = make_file_resp(&m, "GET");
    if (r) {
        CHECK_RC(gohttp_resp_set_debug(r, 2, NULL, NULL), GOHTTP_OK);
        int p[2];
        REQUIRE(pipe(p) == 0);
        fflush(stdout);
        int saved = dup(1);
        REQUIRE(saved >= 0);
        dup2(p[1], 1);
        close(p[1]);
        int rc = gohttp_resp_begin(r, NULL);
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        char out[1024];
        int64_t o = 0;
        for (ssize_t k; o < (int64_t)sizeof out && (k = read(p[0], out + o, sizeof out - o)) > 0;)
            o += (int64_t)k;
        close(p[0]);
        CHECK_RC(rc, GOHTTP_OK);
        CHECK_MEM(out, o, DEBUG_LINES);
        t_free_resp(r);
    }
    mf_done(&m);

    /* A bad status line; the reader's error codes. */
    mf_init(&m, "nonsense\r\nextradata", 4, -1);
    r = make_file_resp(&m, "GET");
    if (r) {
        CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_E_BAD_STATUS_LINE);
        gohttp_error e = {.size = sizeof e};
        CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
        CHECK_MEM(e.arg, e.arg_len, "nonsense\r\n");
        CHECK_REST(&m, "extradata");
        t_free_resp(r);
        CHECK(m.closes == 1);
    }
    mf_done(&m);
    static const struct { int rc, code, os_error; } cases[] = {
        {ECONNRESET, GOHTTP_E_OS, ECONNRESET},
        {GOHTTP_E_TIMEOUT, GOHTTP_E_TIMEOUT, 0},
        {-7, GOHTTP_E_CALLBACK, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_init(&m, R_LEN R_LEN_BODY, 64, -1);
        m.rc = cases[i].rc;
        r = make_file_resp(&m, "GET");
        if (r) {
            CHECK_RC(gohttp_resp_begin(r, NULL), cases[i].code);
            gohttp_error e = {.size = sizeof e};
            CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
            CHECKF(e.os_error == cases[i].os_error, "case %zu: os_error %d; want %d", i, e.os_error,
                   cases[i].os_error);
            t_free_resp(r);
            CHECK(m.closes == 1);
        }
        mf_done(&m);
    }
    /* The end of the stream before a status line: RemoteDisconnected. */
    mf_init(&m, "", 64, -1);
    r = make_file_resp(&m, "GET");
    if (r) {
        CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_E_REMOTE_DISCONNECTED);
        t_free_resp(r);
    }
    mf_done(&m);

    /* Argument checks: nothing is created. */
    mf_init(&m, "", 64, -1);
    r = (gohttp_resp *)&m;
    CHECK_RC(t_resp_new_file(NULL, mf_close, &m, "GET", 3, &r), GOHTTP_E_ARG);
    CHECK_RC(t_resp_new_file(mf_file, mf_close, &m, "GET", 3, NULL), GOHTTP_E_ARG);
    r = (gohttp_resp *)&m;
    CHECK_RC(t_resp_new_file(mf_file, mf_close, &m, NULL, 0, &r), GOHTTP_E_ARG);
    CHECK(r == NULL);
    CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "method");
    CHECK(gohttp_live_handles() == 0);
    CHECK_RC(gohttp_resp_set_debug(NULL, 1, collect, NULL), GOHTTP_E_BADHANDLE);
    CHECK(m.closes == 0 && mf_calls(&m) == 0);
    mf_done(&m);
}

/* gohttp_resp_read_status: one status line, as tunnel code reads a
 * proxy's answer itself. */
static void test_read_status(void) {
    static const char line[] = "HTTP/1.1 200 Connection established\r\n";
    struct mf m;
    mf_init(&m, "HTTP/1.1 200 Connection established\r\nX-P: 1\r\n\r\nrest", 5, -1);
    gohttp_resp *r = make_file_resp(&m, "GET");
    if (!r) {
        mf_done(&m);
        return;
    }
    char buf[128];
    int64_t n = 0;
    CHECK_RC(gohttp_resp_read_status(r, buf, 10, &n), GOHTTP_E_RANGE);
    CHECK(n == (int64_t)strlen(line));
    CHECK(m.pos == (int64_t)strlen(line)); /* the line, and nothing after it */
    CHECK_RC(gohttp_resp_read_status(r, NULL, 0, &n), GOHTTP_E_RANGE);
    CHECK(n == (int64_t)strlen(line));
    CHECK_RC(gohttp_resp_read_status(r, buf, strlen(line), &n), GOHTTP_OK);
    CHECK_MEM(buf, n, line);
    CHECK_REST(&m, "X-P: 1\r\n\r\nrest");
    CHECK_RC(gohttp_resp_read_status(r, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK_REST(&m, "X-P: 1\r\n\r\nrest"); /* a refused call reads nothing */
    /* The next line is no status line. */
    CHECK_RC(gohttp_resp_read_status(r, buf, sizeof buf, &n), GOHTTP_E_BAD_STATUS_LINE);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_MEM(e.arg, e.arg_len, "X-P: 1\r\n");
    CHECK_REST(&m, "\r\nrest");
    t_free_resp(r);
    mf_done(&m);

    /* The version and status as sent, one space after each, the reason
     * with its line end; HTTP/1.0 and a bare LF. */
    static const struct { const char *in, *out; } cases[] = {
        {"HTTP/1.0 407 Proxy Authentication Required\r\n", "HTTP/1.0 407 Proxy Authentication Required\r\n"},
        {"HTTP/1.1   200    OK  \n", "HTTP/1.1 200 OK  \n"},
        {"HTTP/1.1 502 Bad Gateway\r\nX: y\r\n\r\n", "HTTP/1.1 502 Bad Gateway\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mf_init(&m, cases[i].in, 64, -1);
        r = make_file_resp(&m, "GET");
        if (r) {
            CHECK_RC(gohttp_resp_read_status(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, cases[i].out);
            CHECK(m.pos == (int64_t)strcspn(cases[i].in, "\n") + 1);
            t_free_resp(r);
        }
        mf_done(&m);
    }
    /* Bad lines, and the end of the stream. */
    static const struct { const char *in; int code; } bad[] = {
        {"SSH-2.0-OpenSSH\r\n", GOHTTP_E_BAD_STATUS_LINE},
        {"HTTP/1.1 abc OK\r\n", GOHTTP_E_BAD_STATUS_LINE},
        {"HTTP/1.1 99 Low\r\n", GOHTTP_E_BAD_STATUS_LINE},
        {"", GOHTTP_E_REMOTE_DISCONNECTED},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mf_init(&m, bad[i].in, 64, -1);
        r = make_file_resp(&m, "GET");
        if (r) {
            CHECK_RC(gohttp_resp_read_status(r, buf, sizeof buf, &n), bad[i].code);
            t_free_resp(r);
        }
        mf_done(&m);
    }
    /* A connection's response whose body is done has let go of its
     * socket: no status line to read. */
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    int64_t bn = 0;
    char *b = t_readall(r, &bn);
    CHECK_MEM(b, bn, "abc");
    free(b);
    CHECK_RC(gohttp_resp_read_status(r, buf, sizeof buf, &n), GOHTTP_E_OS);
    t_free_resp(r);
    t_free_conn(c);
    CHECK_RC(gohttp_resp_read_status(NULL, buf, sizeof buf, &n), GOHTTP_E_BADHANDLE);
}

#define PROXY_OK "HTTP/1.1 200 Connection established\r\nX-P: 1\r\n\r\n"

/* gohttp_conn_tunnel: the CONNECT handshake on a socket the host opened. */
static void test_conn_tunnel(void) {
    /* Not connected; connected without a tunnel. */
    struct mf m;
    mf_init(&m, "", 8, -1);
    gohttp_conn *c = t_conn(P.proxy);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_E_NOT_CONNECTED);
    CHECK_RC(gohttp_conn_set_tunnel(c, "target.example", GOHTTP_NUL, 8443, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_E_NOT_CONNECTED);
    CHECK_RC(gohttp_conn_set_tunnel(c, NULL, 0, -1, NULL, 0), GOHTTP_OK);
    CHECK_RC(t_set_transport_file(c, mf_file, mf_write, mf_close, &m), GOHTTP_OK);
    CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_E_VALUE);
    CHECK(m.out_len == 0 && mf_calls(&m) == 0);
    t_free_conn(c);
    CHECK_RC(gohttp_conn_tunnel(NULL), GOHTTP_E_BADHANDLE);
    mf_done(&m);

    /* The CONNECT on the wire, the proxy's answer read exactly: what
     * follows it (the tunnel's first response) stays in the reader. */
    static const char after[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    mf_init(&m, PROXY_OK "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokextradata", 6, -1);
    c = t_conn(P.proxy);
    REQUIRE(c);
    gohttp_header hs[] = {{"Proxy-Authorization", GOHTTP_NUL, "Basic eDp5", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_set_tunnel(c, "target.example", GOHTTP_NUL, 8443, hs, 1), GOHTTP_OK);
    CHECK_RC(t_set_transport_file(c, mf_file, mf_write, mf_close, &m), GOHTTP_OK);
    CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_OK);
    CHECK_MEM(m.out, m.out_len,
              "CONNECT target.example:8443 HTTP/1.1\r\nProxy-Authorization: Basic eDp5\r\n"
              "Host: target.example:8443\r\n\r\n");
    CHECKF(m.pos == (int64_t)strlen(PROXY_OK), "%zu bytes taken for the proxy's answer; want %zu", m.pos, strlen(PROXY_OK));
    char buf[256];
    int64_t n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "X-P: 1\r\n\r\n");
    int state = -1, connected = -1;
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(connected == 1 && state == GOHTTP_STATE_IDLE && m.closes == 0);
    /* A request inside the tunnel names the tunnel's end. */
    m.out_len = 0;
    CHECK_RC(get(c, "/x"), GOHTTP_OK);
    CHECK_MEM(m.out, m.out_len, "GET /x HTTP/1.1\r\nHost: target.example:8443\r\nAccept-Encoding: identity\r\n\r\n");
    gohttp_resp *r = t_getresponse(c);
    if (r) {
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, "ok");
        free(b);
        t_free_resp(r);
    }
    CHECK(m.pos == (int64_t)(strlen(PROXY_OK) + strlen(after)));
    CHECK_REST(&m, "extradata");
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);

    /* A 407: GOHTTP_E_TUNNEL, and the connection closes. */
    mf_init(&m, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\n\r\nextradata", 9, -1);
    c = t_conn(P.proxy);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_set_tunnel(c, "target.example", GOHTTP_NUL, 8443, NULL, 0), GOHTTP_OK);
    CHECK_RC(t_set_transport_file(c, mf_file, mf_write, mf_close, &m), GOHTTP_OK);
    CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_E_TUNNEL);
    CHECK_STR(t_errmsg(), "Tunnel connection failed: 407 Proxy Authentication Required");
    CHECK_MEM(m.out, m.out_len, "CONNECT target.example:8443 HTTP/1.1\r\nHost: target.example:8443\r\n\r\n");
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(connected == 0);
    CHECKF(m.closes == 1, "close called %d times after the refusal; want 1", m.closes);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "Proxy-Authenticate: Basic realm=\"p\"\r\n\r\n");
    CHECK_REST(&m, "extradata");
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);

    /* The test server's CONNECT proxy, over a TCP socket of ours read
     * through our reader. */
    int fd = t_connect_tcp(P.proxy);
    REQUIRE(fd >= 0);
    mf_init(&m, NULL, 5, fd);
    c = t_conn(P.proxy);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, P.http, NULL, 0), GOHTTP_OK);
    CHECK_RC(t_set_transport_file(c, mf_file, mf_write, mf_close, &m), GOHTTP_OK);
    if (CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_OK)) {
        char want[128];
        snprintf(want, sizeof want, "CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", P.http, P.http);
        CHECK_MEM(m.out, m.out_len, want);
        const char *end = m.data ? memmem(m.data, m.len, "\r\n\r\n", 4) : NULL;
        CHECK(end && m.pos == (int64_t)(end - m.data) + 4);
        CHECK(m.len >= 12 && memcmp(m.data, "HTTP/1.1 200", 12) == 0);
        r = t_request(c, "GET", "/echo");
        if (r) {
            char *b = t_readall(r, &n);
            snprintf(want, sizeof want, "[\"Host\",\"127.0.0.1:%d\"]", P.http);
            CHECK_CONTAINS(b, n, want);
            free(b);
            t_free_resp(r);
        }
    }
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);

    /* A NULL host removes the tunnel: the next request has no CONNECT. */
    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 2);
    REQUIRE(s);
    c = t_conn(script_port(s));
    if (c) {
        CHECK_RC(gohttp_conn_set_tunnel(c, "target.example", GOHTTP_NUL, 8443, hs, 1), GOHTTP_OK);
        CHECK_RC(gohttp_conn_set_tunnel(c, NULL, 0, -1, NULL, 0), GOHTTP_OK);
        r = t_request(c, "GET", "/plain");
        if (r) {
            char *b = t_readall(r, &n);
            CHECK_MEM(b, n, "ok");
            free(b);
            t_free_resp(r);
        }
        CHECK_RC(gohttp_conn_tunnel(c), GOHTTP_E_VALUE); /* connected, no tunnel */
        t_free_conn(c);
    }
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, NULL, NULL);
    char want[256];
    CHECK_MEM(rec, rn, expected_get(want, sizeof want, "/plain", script_port(s)));
    script_free(s);
}

/* gohttp_conn_buffered: http.client's _buffer between putrequest and
 * endheaders. */
static void test_conn_buffered(void) {
    struct mf m;
    mf_init(&m, "HTTP/1.1 204 No Content\r\n\r\nextradata", 64, -1);
    gohttp_conn *c = file_conn(&m);
    if (!c) {
        mf_done(&m);
        return;
    }
    char buf[512];
    int64_t n = 99;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, NULL, 0, &n), GOHTTP_OK);
    CHECK(n == 0);
    REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/x", GOHTTP_NUL, 0), GOHTTP_OK);
    REQUIRE_RC(t_putheader(c, "X-A", GOHTTP_NUL, "1", GOHTTP_NUL), GOHTTP_OK);
    const char *vals[] = {"a", "b"};
    int64_t lens[] = {1, GOHTTP_NUL};
    REQUIRE_RC(gohttp_conn_putheader(c, "X-M", GOHTTP_NUL, vals, lens, 2), GOHTTP_OK);
    char want[256];
    snprintf(want, sizeof want,
             "GET /x HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\nX-A: 1\r\nX-M: a\r\n\tb\r\n",
             P.http);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, NULL, 0, &n), GOHTTP_E_RANGE);
    CHECK(n == (int64_t)strlen(want));
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, strlen(want) - 1, &n), GOHTTP_E_RANGE);
    CHECK(n == (int64_t)strlen(want));
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, strlen(want), &n), GOHTTP_OK);
    CHECK_MEM(buf, n, want);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, sizeof buf, NULL), GOHTTP_E_ARG);
    CHECK(m.out_len == 0); /* nothing sent yet */
    REQUIRE_RC(gohttp_conn_endheaders(c, NULL, 0, NULL, NULL, 0), GOHTTP_OK);
    n = 99;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    /* What was buffered is what went out, with the blank line. */
    char sent[300];
    snprintf(sent, sizeof sent, "%s\r\n", want);
    CHECK_MEM(m.out, m.out_len, sent);
    gohttp_resp *r = t_getresponse(c);
    if (r) {
        CHECK(t_status(r) == 204);
        t_free_resp(r);
    }
    CHECK_REST(&m, "extradata");
    /* With the skips: the request line alone. */
    REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "", 0, GOHTTP_SKIP_HOST | GOHTTP_SKIP_ACCEPT_ENCODING),
               GOHTTP_OK);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_BUFFERED, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, n, "POST / HTTP/1.1\r\n");
    CHECK_RC(gohttp_conn_get(NULL, GOHTTP_CONN_BUFFERED, buf, sizeof buf, &n), GOHTTP_E_BADHANDLE);
    t_free_conn(c);
    mf_done(&m);
}

/* gohttp_conn_response + gohttp_resp_begin: getresponse in two halves. */
static void test_conn_response(void) {
    static const char head1[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
    static const char head2[] = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\n";
    struct mf m;
    mf_init(&m, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbyeextradata", 10, -1);
    gohttp_conn *c = file_conn(&m);
    if (!c) {
        mf_done(&m);
        return;
    }
    gohttp_resp *r = (gohttp_resp *)&m, *r2 = NULL;
    CHECK_RC(gohttp_conn_response(c, &r), GOHTTP_E_RESPONSE_NOT_READY); /* nothing sent */
    CHECK(r == NULL);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_MEM(e.arg, e.arg_len, "Idle");
    CHECK_RC(gohttp_conn_response(c, NULL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_response(NULL, &r), GOHTTP_E_BADHANDLE);

    /* Keep-alive. */
    REQUIRE_RC(get(c, "/1"), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_response(c, &r), GOHTTP_OK);
    t_track_resp(r);
    int state = -1, connected = -1;
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_REQUEST_SENT && connected == 1);
    CHECK(mf_calls(&m) == 0); /* the head is not read yet */
    /* A second one before the first is read. */
    CHECK_RC(gohttp_conn_response(c, &r2), GOHTTP_E_RESPONSE_NOT_READY);
    CHECK(r2 == NULL);
    if (r2) {
        t_track_resp(r2);
    }
    struct gohttp_resp_info info = {.size = sizeof info};
    char buf[128];
    CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
    CHECK(info.status == 200 && info.will_close == 0 && info.length == 2 && info.head_copied == 0);
    CHECK(m.pos == (int64_t)strlen(head1));
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_IDLE && connected == 1);
    /* The connection keeps it as pending: another response is not ready. */
    CHECK_RC(gohttp_conn_response(c, &r2), GOHTTP_E_RESPONSE_NOT_READY);
    int64_t n = 0;
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "ok");
    free(b);
    t_free_resp(r);

    /* Connection: close: begin closes the connection; the response keeps
     * the reader until its body is read. */
    REQUIRE_RC(get(c, "/2"), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_response(c, &r), GOHTTP_OK);
    t_track_resp(r);
    CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_OK);
    CHECK(info.will_close == 1 && info.head_copied == 0);
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
    CHECK(m.closes == 0);
    b = t_readall(r, &n);
    CHECK_MEM(b, n, "bye");
    free(b);
    CHECK(m.closes == 1);
    CHECK(m.pos == (int64_t)(strlen(head1) + 2 + strlen(head2) + 3));
    CHECK_REST(&m, "extradata");
    t_free_resp(r);
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);

    /* A bad status line in begin: the error, and the response is closed. */
    mf_init(&m, "garbage\r\n", 64, -1);
    c = file_conn(&m);
    if (!c) {
        mf_done(&m);
        return;
    }
    REQUIRE_RC(get(c, "/3"), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_response(c, &r), GOHTTP_OK);
    t_track_resp(r);
    CHECK_RC(gohttp_resp_begin(r, &info), GOHTTP_E_BAD_STATUS_LINE);
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_MEM(e.arg, e.arg_len, "garbage\r\n");
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    CHECK_RC(gohttp_resp_info(r, &info), GOHTTP_OK);
    CHECK(info.closed == 1 && info.isclosed == 1);
    CHECK_RC(gohttp_resp_read(r, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK(n == 0);
    /* As in http.client, the connection stays in Request-sent. */
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(state == GOHTTP_STATE_REQUEST_SENT);
    t_free_resp(r);
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);

    /* A connection error in begin closes the connection too. */
    mf_init(&m, "", 64, -1);
    c = file_conn(&m);
    if (!c) {
        mf_done(&m);
        return;
    }
    REQUIRE_RC(get(c, "/4"), GOHTTP_OK);
    REQUIRE_RC(gohttp_conn_response(c, &r), GOHTTP_OK);
    t_track_resp(r);
    m.rc = ECONNRESET;
    CHECK_RC(gohttp_resp_begin(r, NULL), GOHTTP_E_OS);
    state = t_cinfo(c).state;
    connected = t_cinfo(c).connected;
    CHECK(connected == 0 && state == GOHTTP_STATE_IDLE);
    CHECK(m.closes == 1);
    t_free_resp(r);
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);
}

/* open_fds counts the process's open descriptors. */
static int open_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the directory's own */
}

/* gohttp_conn_release_socket: the connection lets go, the response keeps
 * reading, the next request connects anew. */
static void test_release_socket(void) {
    /* Warm up (the Go runtime's own descriptors exist from here on). */
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    if (r)
        t_free_resp(r);
    t_free_conn(c);
    int fds0 = open_fds();

    static const script_step steps[] = {
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 0},
        {SS_CLOSE, NULL, 0},
        {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 4);
    REQUIRE(s);
    c = t_conn(script_port(s));
    gohttp_resp *r2 = NULL;
    if (c)
        r = t_request(c, "GET", "/1");
    if (c && r) {
        int fd1 = -1, fd = -1, state = -1, connected = -1, will_close = -1;
        will_close = t_rinfo(r).will_close;
        CHECK(will_close == 0);
        fd1 = (int)t_cinfo(c).socket;
        CHECK(fd1 >= 0);
        CHECK_RC(gohttp_conn_release_socket(c), GOHTTP_OK);
        state = t_cinfo(c).state;
        connected = t_cinfo(c).connected;
        CHECK(state == GOHTTP_STATE_IDLE && connected == 0);
        fd = (int)t_cinfo(c).socket;
        CHECK(fd == -1);
        fd = (int)t_rinfo(r).socket;
        CHECK(fd == fd1); /* the response still holds it */
        CHECK_RC(gohttp_conn_release_socket(c), GOHTTP_OK); /* no socket: nothing to do */
        /* The next request connects again, while the first socket is
         * still open: a new descriptor, a new connection. */
        r2 = t_request(c, "GET", "/2");
        if (r2) {
            int fd2 = -1;
            fd2 = (int)t_cinfo(c).socket;
            CHECKF(fd2 >= 0 && fd2 != fd1, "fileno %d after the release; the released one is %d", fd2, fd1);
        }
        int64_t n = 0;
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, "0123456789");
        free(b);
        t_free_resp(r);
        if (r2) {
            b = t_readall(r2, &n);
            CHECK_MEM(b, n, "ok");
            free(b);
            t_free_resp(r2);
        }
    }
    if (c)
        t_free_conn(c);
    int nreq = 0, nconn = 0;
    int64_t rn = 0;
    const char *rec = script_finish(s, &rn, &nreq, &nconn);
    CHECKF(nreq == 2 && nconn == 2, "the server saw %d requests on %d connections; want 2 on 2", nreq, nconn);
    char want[512], w2[256];
    expected_get(want, sizeof want, "/1", script_port(s));
    strcat(want, expected_get(w2, sizeof w2, "/2", script_port(s)));
    CHECK_MEM(rec, rn, want);
    script_free(s);
    CHECKF(open_fds() == fds0, "%d descriptors open; %d before", open_fds(), fds0);

    /* On a host's reader: the release leaves the reader open until the
     * response is read to its end; then close is called once. */
    struct mf m;
    mf_init(&m, R_LEN R_LEN_BODY "extradata", 16, -1);
    c = file_conn(&m);
    if (!c) {
        mf_done(&m);
        return;
    }
    CHECK_RC(get(c, "/"), GOHTTP_OK);
    r = t_getresponse(c);
    if (r) {
        CHECK_RC(gohttp_conn_release_socket(c), GOHTTP_OK);
        CHECK(m.closes == 0);
        int64_t n = 0;
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, R_LEN_BODY);
        free(b);
        CHECK(m.closes == 1);
        CHECK_REST(&m, "extradata");
        t_free_resp(r);
    }
    /* The next request has no socket of the host's any more: it connects
     * natively to the connection's host (the test server). */
    r = t_request(c, "GET", "/bytes?n=4");
    if (r) {
        int64_t n = 0;
        char *b = t_readall(r, &n);
        CHECK_MEM(b, n, "abcd");
        free(b);
        t_free_resp(r);
    }
    t_free_conn(c);
    CHECK(m.closes == 1);
    mf_done(&m);
    CHECK_RC(gohttp_conn_release_socket(NULL), GOHTTP_E_BADHANDLE);
}

/* tls_info_str fetches a text fact into buf (NUL-terminated). */
static int tls_info_str(gohttp_conn *c, int what, char *buf, int64_t cap, int64_t *n) {
    int rc = gohttp_conn_get(c, what, buf, cap - 1, n);
    buf[rc == GOHTTP_OK ? *n : 0] = '\0';
    return rc;
}

static void check_tls_facts(gohttp_conn *c, const char *version) {
    /* The peer certificate, DER: a SEQUENCE whose length fills it. */
    int64_t n = 0;
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_PEER_CERT, NULL, 0, &n), GOHTTP_E_RANGE);
    int64_t need = n;
    REQUIRE(need > 4);
    unsigned char *der = malloc(need);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_PEER_CERT, (char *)der, need - 1, &n), GOHTTP_E_RANGE);
    CHECK(n == need);
    if (CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_PEER_CERT, (char *)der, need, &n), GOHTTP_OK)) {
        CHECK(n == need && der[0] == 0x30);
        int64_t len = 0, hdr = 2;
        if (der[1] & 0x80) {
            for (int i = 0; i < (der[1] & 0x7f) && hdr < n; i++)
                len = len << 8 | der[hdr++];
        } else {
            len = der[1];
        }
        CHECKF(hdr + len == n, "DER length %zu + %zu; got %zu bytes", hdr, len, n);
    }
    free(der);

    char buf[256];
    CHECK_RC(tls_info_str(c, GOHTTP_CONN_TLS_VERSION, buf, sizeof buf, &n), GOHTTP_OK);
    if (version)
        CHECK_MEM(buf, strlen(buf), version);
    else
        CHECKF(strcmp(buf, "TLSv1.3") == 0 || strcmp(buf, "TLSv1.2") == 0, "version \"%s\"", buf);
    CHECK_RC(tls_info_str(c, GOHTTP_CONN_TLS_CIPHER, buf, sizeof buf, &n), GOHTTP_OK);
    const char *sp = strrchr(buf, ' ');
    CHECKF(strncmp(buf, "TLS_", 4) == 0 && sp && sp[1] && strspn(sp + 1, "0123456789") == strlen(sp + 1) &&
               atoi(sp + 1) >= 128,
           "cipher \"%s\"", buf);
    if (version && strcmp(version, "TLSv1.2") == 0)
        CHECKF(strncmp(buf, "TLS_ECDHE_", 10) == 0, "TLS 1.2 cipher \"%s\"", buf);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_CIPHER, buf, 3, &n), GOHTTP_E_RANGE);
    CHECK_RC(tls_info_str(c, GOHTTP_CONN_TLS_ALPN, buf, sizeof buf, &n), GOHTTP_OK);
    CHECK_MEM(buf, strlen(buf), "http/1.1");
    CHECK_RC(gohttp_conn_get(c, 0, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, 99, buf, sizeof buf, &n), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_VERSION, buf, sizeof buf, NULL), GOHTTP_E_ARG);
}

/* gohttp_conn_tls_info: what Python's SSLSocket tells about the session. */
static void test_tls_info(void) {
    for (int v12 = 0; v12 < 2; v12++) {
        gohttp_conn *c = NULL;
        REQUIRE_RC(gohttp_conn_new_https("127.0.0.1", GOHTTP_NUL, P.https, &c), GOHTTP_OK);
        t_track_conn(c);
        CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10), GOHTTP_OK);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
        if (v12)
            CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MAX_VERSION, 0x0303), GOHTTP_OK);
        char buf[64];
        int64_t n = 99;
        /* No socket yet. */
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_VERSION, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
        CHECK(n == 0);
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_PEER_CERT, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
        CHECK_RC(gohttp_conn_get(c, 99, buf, sizeof buf, &n), GOHTTP_E_ARG);
        REQUIRE_RC(gohttp_conn_connect(c), GOHTTP_OK);
        check_tls_facts(c, v12 ? "TLSv1.2" : NULL);
        /* The same after a request on the kept-alive socket. */
        gohttp_resp *r = t_request(c, "GET", "/tlsinfo");
        if (r) {
            char *b = t_readall(r, &n);
            if (v12)
                CHECK_CONTAINS(b, n, "\"tls_version\":\"TLS 1.2\"");
            free(b);
            t_free_resp(r);
        }
        check_tls_facts(c, v12 ? "TLSv1.2" : NULL);
        CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_ALPN, buf, sizeof buf, &n), GOHTTP_NOTFOUND);
        t_free_conn(c);
    }

    /* No ALPN offered: "" (Python's None). */
    gohttp_conn *c = NULL;
    REQUIRE_RC(gohttp_conn_new_https("127.0.0.1", GOHTTP_NUL, P.https, &c), GOHTTP_OK);
    t_track_conn(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_ALPN, "", 0), GOHTTP_OK);
    if (CHECK_RC(gohttp_conn_connect(c), GOHTTP_OK)) {
        char buf[64];
        int64_t n = 99;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_TLS_ALPN, buf, sizeof buf, &n), GOHTTP_OK);
        CHECK(n == 0);
    }
    t_free_conn(c);

    /* Plain HTTP: no TLS session. */
    c = t_conn(P.http);
    REQUIRE(c);
    REQUIRE_RC(gohttp_conn_connect(c), GOHTTP_OK);
    static const int whats[] = {GOHTTP_CONN_TLS_PEER_CERT, GOHTTP_CONN_TLS_VERSION, GOHTTP_CONN_TLS_CIPHER,
                                GOHTTP_CONN_TLS_ALPN};
    for (size_t i = 0; i < sizeof whats / sizeof whats[0]; i++) {
        char buf[64];
        int64_t n = 99;
        CHECK_RC(gohttp_conn_get(c, whats[i], buf, sizeof buf, &n), GOHTTP_NOTFOUND);
        CHECK(n == 0);
    }
    char buf[64];
    int64_t n = 0;
    CHECK_RC(gohttp_conn_get(c, 99, buf, sizeof buf, &n), GOHTTP_E_ARG);
    t_free_conn(c);
    CHECK_RC(gohttp_conn_get(NULL, GOHTTP_CONN_TLS_VERSION, buf, sizeof buf, &n), GOHTTP_E_BADHANDLE);
}

const test_case binding_tests[] = {
    {"bindings_transport_file", test_transport_file, 0},
    {"bindings_resp_new_file", test_resp_new_file, 0},
    {"bindings_resp_read_status", test_read_status, 0},
    {"bindings_conn_tunnel", test_conn_tunnel, 0},
    {"bindings_conn_buffered", test_conn_buffered, 0},
    {"bindings_conn_response", test_conn_response, 0},
    {"bindings_release_socket", test_release_socket, 0},
    /* tls_ first: scripts/valgrind.sh leaves the TLS tests out by name. */
    {"tls_info_session", test_tls_info, 0},
    {NULL, NULL, 0},
};
