/* test_limits.c: nothing a server or a caller does takes the process down.
 * Endless bodies and lines end in GOHTTP_E_TOO_LARGE, CA files that never
 * end or block are refused. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"

#define SMALL_LIMIT (1 << 20)

static char flood_x[16384];
static char flood_chunk[6 + 4096 + 2 + 1];

static void init_floods(void) {
    memset(flood_x, 'x', sizeof flood_x);
    memcpy(flood_chunk, "1000\r\n", 6);
    memset(flood_chunk + 6, 'x', 4096);
    memcpy(flood_chunk + 6 + 4096, "\r\n", 3);
}

enum { RD_READALL, RD_READ_AMT, RD_READLINE };
static const char *const rd_names[] = {"readall", "read_amt(10^12)", "readline(-1)"};

static int read_big(gohttp_resp *r, int how, char *buf, int64_t cap, int64_t *n) {
    switch (how) {
    case RD_READALL:
        return gohttp_resp_readall(r, buf, cap, n);
    case RD_READ_AMT:
        return gohttp_resp_read_amt(r, (int64_t)1000000000000LL, buf, cap, n);
    default:
        return gohttp_resp_readline(r, -1, buf, cap, n);
    }
}

/* A server that never ends its body: each way of reading the whole of it
 * into the library fails with GOHTTP_E_TOO_LARGE, the connection is
 * closed, and the next request on it connects anew. */
static void test_endless_bodies(void) {
    init_floods();
    static const struct {
        const char *name, *head, *piece;
        int64_t piece_len;
    } servers[] = {
        {"close-delimited", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", flood_x, sizeof flood_x},
        {"huge Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n", flood_x, sizeof flood_x},
        {"endless chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", flood_chunk, sizeof flood_chunk - 1},
    };
    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
        for (int how = RD_READALL; how <= RD_READLINE; how++) {
            t_note("%s, %s", servers[i].name, rd_names[how]);
            const script_step steps[] = {
                {SS_REPLY, servers[i].head, 0},
                {SS_FLOOD, servers[i].piece, servers[i].piece_len},
                {SS_REPLY, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0},
                {SS_DRAIN, NULL, 0},
            };
            script *s = script_start(steps, 4);
            REQUIRE(s);
            gohttp_conn *c = t_conn(script_port(s));
            if (!c) {
                script_free(s);
                return;
            }
            CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_BODY, SMALL_LIMIT), GOHTTP_OK);
            gohttp_resp *r = t_request(c, "GET", "/");
            if (r) {
                char buf[4096];
                int64_t n = 99;
                CHECK_RC(read_big(r, how, buf, sizeof buf, &n), GOHTTP_E_TOO_LARGE);
                gohttp_error e = {.size = sizeof e};
                CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
                CHECK_RC(e.code, GOHTTP_E_TOO_LARGE);
                CHECK_CONTAINS(e.message, strlen(e.message), "larger than the limit of 1048576 bytes");
                int v = 0;
                v = t_rinfo(r).will_close;
                CHECK(v == 1);
                v = t_rinfo(r).isclosed;
                CHECK(v == 1);
                /* Nothing more comes out of it. */
                CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_OK);
                CHECK(n == 0);
                t_free_resp(r);
                /* The next request connects anew and gets its own answer. */
                r = t_request(c, "GET", "/next");
                if (r) {
                    CHECK(t_status(r) == 200);
                    int64_t bn = 0;
                    char *body = t_readall(r, &bn);
                    CHECK_MEM(body, bn, "ok");
                    free(body);
                    t_free_resp(r);
                }
            }
            t_free_conn(c);
            int nconn = 0;
            script_finish(s, NULL, NULL, &nconn);
            CHECKF(nconn == 2, "connections = %d; want 2", nconn);
            script_free(s);
        }
    }
}

/* The limit is exact: a body of max_body bytes is read, one more byte is
 * too much; 0 restores the default and a negative limit is refused. */
static void test_max_body_edges(void) {
    static char at[200], over[200];
    snprintf(at, sizeof at, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    snprintf(over, sizeof over, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789A");
    const script_step steps[] = {
        {SS_REPLY, at, 0},
        {SS_REPLY, over, 0},
        {SS_CLOSE, NULL, 0},
    };
    script *s = script_start(steps, 3);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    if (c) {
        CHECK(GOHTTP_DEFAULT_MAX_BODY == 1073741824);
        CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_BODY, -1), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_BODY, 0), GOHTTP_OK);
        CHECK_RC(gohttp_conn_setopt_int(NULL, GOHTTP_OPT_MAX_BODY, 10), GOHTTP_E_BADHANDLE);
        CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_MAX_BODY, 10), GOHTTP_OK);
        char buf[64];
        int64_t n = 0;
        gohttp_resp *r = t_request(c, "GET", "/a");
        if (r) {
            CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, "0123456789");
            t_free_resp(r);
        }
        r = t_request(c, "GET", "/b");
        if (r) {
            CHECK_RC(gohttp_resp_read_amt(r, -1, buf, sizeof buf, &n), GOHTTP_E_TOO_LARGE);
            t_free_resp(r);
        }
        t_free_conn(c);
    }
    script_free(s);
    CHECK_STR(gohttp_strerror(GOHTTP_E_TOO_LARGE), "larger than a memory limit allows");
}

/* connect_with_ca connects to the HTTPS server trusting the CA file path,
 * returns the code, and copies the message into msg. */
static int connect_with_ca(int option, const char *path, char *msg, int64_t msg_cap) {
    gohttp_conn *c = NULL;
    if (!CHECK_RC(gohttp_conn_new_https("127.0.0.1", GOHTTP_NUL, P.https, &c), GOHTTP_OK))
        return GOHTTP_E_INTERNAL;
    t_track_conn(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10), GOHTTP_OK);
    if (option == GOHTTP_OPT_TLS_CA_FILE || option == GOHTTP_OPT_TLS_CA_DIR) {
        CHECK_RC(gohttp_conn_setopt_str(c, option, path, GOHTTP_NUL), GOHTTP_OK);
    } else {
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
        CHECK_RC(gohttp_conn_setopt_str(c, option, path, GOHTTP_NUL), GOHTTP_OK);
    }
    double t0 = t_now();
    int rc = gohttp_conn_connect(c);
    CHECKF(t_now() - t0 < 10, "connect took %.1f s", t_now() - t0);
    snprintf(msg, msg_cap, "%s", t_errmsg());
    t_free_conn(c);
    return rc;
}

/* A CA, certificate or key file that is a device, a FIFO or larger than
 * GOHTTP_MAX_FILE_SIZE fails the connect at once, with a clear error. */
static void test_tls_files(void) {
    char dir[] = "/tmp/gohttp-limits.XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    char fifo[256], big[256];
    snprintf(fifo, sizeof fifo, "%s/fifo.pem", dir);
    snprintf(big, sizeof big, "%s/big.pem", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0 && ftruncate(fd, (off_t)GOHTTP_MAX_FILE_SIZE + 1) == 0); /* sparse */
    if (fd >= 0)
        close(fd);
    static const struct {
        int option;
        int which; /* 0: /dev/zero, 1: FIFO, 2: too large */
        int want;
    } cases[] = {
        {GOHTTP_OPT_TLS_CA_FILE, 0, GOHTTP_E_TLS},
        {GOHTTP_OPT_TLS_CA_FILE, 1, GOHTTP_E_TLS},
        {GOHTTP_OPT_TLS_CA_FILE, 2, GOHTTP_E_TOO_LARGE},
        {GOHTTP_OPT_TLS_CERT_FILE, 0, GOHTTP_E_TLS},
        {GOHTTP_OPT_TLS_CERT_FILE, 1, GOHTTP_E_TLS},
        {GOHTTP_OPT_TLS_CERT_FILE, 2, GOHTTP_E_TOO_LARGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = cases[i].which == 0 ? "/dev/zero" : cases[i].which == 1 ? fifo : big;
        t_note("option %d, %s", cases[i].option, path);
        char msg[512];
        CHECK_RC(connect_with_ca(cases[i].option, path, msg, sizeof msg), cases[i].want);
        if (cases[i].want == GOHTTP_E_TLS)
            CHECK_CONTAINS(msg, strlen(msg), "is not a regular file");
        else
            CHECK_CONTAINS(msg, strlen(msg), "larger than the limit of 16777216 bytes");
    }
    /* A CA directory holding them skips them and still loads the real CA. */
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/ca.pem'", P.ca, dir);
    CHECK(system(cmd) == 0);
    char msg[512];
    CHECK_RC(connect_with_ca(GOHTTP_OPT_TLS_CA_DIR, dir, msg, sizeof msg), GOHTTP_OK);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* A transport that counts what is written without looking at it. */
static int count_write(void *user, const void *data, int64_t len, int64_t *n) {
    (void)data;
    *(int64_t *)user += len;
    *n = len;
    return 0;
}
static int eof_read(void *user, void *buf, int64_t cap, int64_t *n) {
    (void)user, (void)buf, (void)cap;
    *n = 0;
    return 0;
}
static void no_close(void *user) { (void)user; }
static int count_transport(gohttp_conn *c, int64_t *count) {
    gohttp_transport t = {.size = sizeof t, .user = count, .read = eof_read, .write = count_write,
                          .close = no_close};
    return gohttp_conn_set_transport(c, &t);
}

#define GiB ((int64_t)1 << 30)

/* gohttp_conn_send sends exactly the length it is given, 2^31 and
 * 2^32 + 31 included (a sparse read-only mapping: no memory is used). */
static void test_send_exact_lengths(void) {
    if (t_quick) {
        t_note("quick run: the 6 GiB of sends are left out");
        return;
    }
    int64_t map_len = 4 * GiB + 4096;
    void *m = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    REQUIRE(m != MAP_FAILED);
    const int64_t lens[] = {2 * GiB, 4 * GiB + 31};
    for (int64_t i = 0; i < 2; i++) {
        gohttp_conn *c = t_conn(80);
        if (!c)
            break;
        int64_t count = 0;
        CHECK_RC(count_transport(c, &count), GOHTTP_OK);
        CHECK_RC(gohttp_conn_send(c, m, lens[i]), GOHTTP_OK);
        CHECKF(count == lens[i], "sent %lld bytes; want %lld", (long long)count, (long long)lens[i]);
        t_free_conn(c);
    }
    munmap(m, map_len);
}

/* Lengths no copy may take, or no buffer can have, are refused with
 * GOHTTP_E_ARG before the data is touched: the buffer here has 8 bytes.
 * Text longer than GOHTTP_MAX_TEXT, data longer than any address space,
 * and every negative length but GOHTTP_NUL (-1) are refused. */
static void test_refused_lengths(void) {
    static const char small[8] = "abcdefg";
    const int64_t text_lens[] = {(int64_t)1 << 31, ((int64_t)1 << 32) + 31, GOHTTP_MAX_TEXT + (int64_t)1,
                                 INT64_MAX, -2, INT64_MIN};
    const int64_t data_lens[] = {(int64_t)1 << 48, INT64_MAX, -2, INT64_MIN};
    gohttp_conn *c = t_conn(80);
    REQUIRE(c);
    int64_t count = 0;
    CHECK_RC(count_transport(c, &count), GOHTTP_OK);
    for (size_t i = 0; i < sizeof text_lens / sizeof text_lens[0]; i++) {
        int64_t L = text_lens[i];
        t_note("text length %lld", (long long)L);
        CHECK_RC(gohttp_conn_putrequest(c, small, L, "/", GOHTTP_NUL, 0), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, small, L, 0), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_request(c, small, L, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_ARG);
        gohttp_header h[1] = {{"X-A", GOHTTP_NUL, small, L, 0}};
        CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, h, 1, NULL, 0, 0), GOHTTP_E_ARG);
        h[0].name = small, h[0].name_len = L, h[0].value = "v", h[0].value_len = 1;
        CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, h, 1, NULL, 0, 0), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_set_tunnel(c, small, L, 443, NULL, 0), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_SERVER_NAME, small, L), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_SOURCE_HOST, small, L), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, small, L), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_PEM, small, L), GOHTTP_E_ARG);
        gohttp_resp *r2 = NULL;
        gohttp_transport t = {.size = sizeof t, .read = eof_read};
        CHECK_RC(gohttp_resp_new(&t, small, L, &r2), GOHTTP_E_ARG);
        CHECK(r2 == NULL);
        gohttp_conn *c2 = NULL;
        CHECK_RC(gohttp_conn_new(small, L, 80, &c2), GOHTTP_E_ARG);
        CHECK(c2 == NULL);
        /* putheader needs a request started. */
        REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
        const char *v1[1] = {"v"};
        const char *vals[2] = {"ok", small};
        int64_t lens[2] = {2, L};
        CHECK_RC(gohttp_conn_putheader(c, small, L, v1, NULL, 1), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals + 1, lens + 1, 1), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, vals, lens, 2), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
        CHECK_RC(count_transport(c, &count), GOHTTP_OK);
    }
    /* Negative counts of headers and values. */
    gohttp_header h[1] = {{"X-A", GOHTTP_NUL, "v", GOHTTP_NUL, 0}};
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, h, -1, NULL, 0, 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_set_tunnel(c, "h", GOHTTP_NUL, 443, h, -1), GOHTTP_E_ARG);
    REQUIRE_RC(gohttp_conn_putrequest(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
    const char *v1[1] = {"v"};
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, v1, NULL, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_putheader(c, "X-A", GOHTTP_NUL, NULL, NULL, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK_RC(count_transport(c, &count), GOHTTP_OK);
    for (size_t i = 0; i < sizeof data_lens / sizeof data_lens[0]; i++) {
        int64_t L = data_lens[i];
        t_note("data length %lld", (long long)L);
        CHECK_RC(gohttp_conn_send(c, small, L), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_request(c, "POST", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, small, L, 0),
                 GOHTTP_E_ARG);
        REQUIRE_RC(gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/", GOHTTP_NUL, 0), GOHTTP_OK);
        CHECK_RC(gohttp_conn_endheaders(c, small, L, NULL, NULL, 0), GOHTTP_E_ARG);
        CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
        CHECK_RC(count_transport(c, &count), GOHTTP_OK);
    }
    CHECKF(count == 0, "%lld bytes sent; want none", (long long)count);
    /* GOHTTP_NUL is allowed for data too: a C string body. */
    CHECK_RC(gohttp_conn_send(c, "abc", GOHTTP_NUL), GOHTTP_OK);
    CHECK(count == 3);
    t_free_conn(c);
}

/* A capacity is only an upper bound: any capacity at least the size
 * needed works, up to INT64_MAX, in every getter; a negative one, or a
 * NULL buffer with a capacity, is GOHTTP_E_ARG. */
static void test_huge_capacities(void) {
    static const char reply[] = "HTTP/1.1 200 Fine\r\nX-A: one\r\nContent-Length: 5\r\n\r\nhello";
    const script_step steps[] = {{SS_REPLY, reply, 0}, {SS_REPLY, reply, 0}, {SS_REPLY, reply, 0},
                                 {SS_REPLY, reply, 0}, {SS_DRAIN, NULL, 0}};
    script *s = script_start(steps, 5);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    const int64_t caps[] = {INT64_MAX, INT64_MAX - 1, (int64_t)1 << 62, ((int64_t)1 << 47) + 1};
    for (int64_t i = 0; c && i < 4; i++) {
        int64_t cap = caps[i];
        t_note("capacity %lld", (long long)cap);
        /* The buffers are large enough for what is written; cap says more. */
        char buf[512], buf2[64];
        int64_t n = 0, n2 = 0;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, cap, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "127.0.0.1");
        n = 7;
        CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, buf, cap, &n), GOHTTP_NOTFOUND);
        CHECK(n == 0);
        REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
        gohttp_resp *r = NULL;
        struct gohttp_resp_info info = {.size = sizeof info};
        REQUIRE_RC(gohttp_conn_getresponse(c, &r, &info, buf, cap), GOHTTP_OK);
        t_track_resp(r);
        CHECK(info.head_copied == 1);
        CHECK_MEM(buf, info.reason_len, "Fine");
        /* Negative capacities and NULL buffers with a capacity. */
        const int64_t bad[] = {-1, -2, INT64_MIN};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_resp_getheader(r, "x-a", GOHTTP_NUL, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_HOST, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_resp_peek(r, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_resp_read(r, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_resp_readall(r, buf, bad[k], &n), GOHTTP_E_ARG);
            CHECK_RC(gohttp_resp_readline(r, -1, buf, bad[k], &n), GOHTTP_E_ARG);
        }
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, NULL, 1, &n), GOHTTP_E_ARG);
        CHECK_RC(gohttp_resp_read(r, NULL, 5, &n), GOHTTP_E_ARG);
        CHECK_RC(gohttp_resp_read1(r, NULL, cap, &n), GOHTTP_E_ARG);
        CHECK_RC(gohttp_resp_read(r, buf, 5, NULL), GOHTTP_E_ARG);
        /* A size query on the reads: nothing consumed. */
        CHECK_RC(gohttp_resp_readall(r, NULL, 0, &n), GOHTTP_E_RANGE);
        CHECK(n == 5);
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_REASON, buf, cap, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "Fine");
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_RAW_HEADERS, buf, cap, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "X-A: one\r\nContent-Length: 5\r\n\r\n");
        CHECK_RC(gohttp_resp_getheader(r, "x-a", GOHTTP_NUL, buf, cap, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "one");
        CHECK_RC(gohttp_resp_getheader(r, "x-b", GOHTTP_NUL, buf, cap, &n), GOHTTP_NOTFOUND);
        CHECK(n == 0);
        CHECK_RC(gohttp_resp_header_at(r, 0, buf, cap, &n, buf2, cap, &n2), GOHTTP_OK);
        CHECK_MEM(buf, n, "X-A");
        CHECK_MEM(buf2, n2, "one");
        CHECK_RC(gohttp_resp_get(r, GOHTTP_RESP_TRAILERS, buf, cap, &n), GOHTTP_NOTFOUND);
        CHECK(n == 0);
        CHECK_RC(gohttp_resp_peek(r, buf, cap, &n), GOHTTP_OK);
        CHECK_MEM(buf, n, "hello");
        /* Each read call in turn (the body has 5 bytes: none writes more). */
        switch (i) {
        case 0:
            CHECK_RC(gohttp_resp_readall(r, buf, cap, &n), GOHTTP_OK);
            break;
        case 1:
            CHECK_RC(gohttp_resp_read(r, buf, cap, &n), GOHTTP_OK);
            break;
        case 2:
            CHECK_RC(gohttp_resp_read_amt(r, -1 + 6, buf, cap, &n), GOHTTP_OK);
            break;
        default:
            CHECK_RC(gohttp_resp_read1(r, buf, cap, &n), GOHTTP_OK);
            break;
        }
        CHECK_MEM(buf, n, "hello");
        CHECK_RC(gohttp_resp_readline(r, -1, buf, cap, &n), GOHTTP_OK);
        CHECK(n == 0);
        t_free_resp(r);
    }
    if (c)
        t_free_conn(c);
    script_free(s);
}

/* Results kept after GOHTTP_E_RANGE are the next body bytes: every read
 * call delivers them first, so the body comes out in order, once. */
enum { OP_READ, OP_READINTO, OP_READ_AMT, OP_READALL, OP_READ1, OP_PEEK, OP_READLINE, N_OPS };
static const char *const op_names[] = {"read", "readinto", "read_amt(3)", "readall", "read1", "peek", "readline"};

static int do_op(gohttp_resp *r, int op, char *buf, int64_t cap, int64_t *n) {
    switch (op) {
    case OP_READ:
        return gohttp_resp_read(r, buf, cap, n);
    case OP_READINTO:
        return gohttp_resp_read(r, buf, cap, n);
    case OP_READ_AMT:
        return gohttp_resp_read_amt(r, 3, buf, cap, n);
    case OP_READALL:
        return gohttp_resp_readall(r, buf, cap, n);
    case OP_READ1:
        return gohttp_resp_read1(r, buf, cap, n);
    case OP_PEEK:
        return gohttp_resp_peek(r, buf, cap, n);
    default:
        return gohttp_resp_readline(r, -1, buf, cap, n);
    }
}

/* kept_by: how the result was kept. */
enum { KEPT_READLINE, KEPT_READ_AMT, KEPT_READALL, N_KEPT };

static void test_kept_results_come_first(void) {
    static const char body[] = "line1\nline2\nrest";
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\nline1\nline2\nrest";
    /* What each op returns first, after each way of keeping. */
    static const char *const want[N_KEPT][N_OPS] = {
        /* kept "line1\n" */
        {"line1\nline2\nrest", "line1\nline2\nrest", "lin", "line1\nline2\nrest", "line1\n", "line1\n", "line1\n"},
        /* kept "line1\nli" (read_amt(8)) */
        {"line1\nline2\nrest", "line1\nline2\nrest", "lin", "line1\nline2\nrest", "line1\nli", "line1\nli", "line1\n"},
        /* kept the whole body (readall) */
        {"line1\nline2\nrest", "line1\nline2\nrest", "lin", "line1\nline2\nrest", body, body, "line1\n"},
    };
    script_step steps[N_KEPT * N_OPS + 1];
    for (int i = 0; i < N_KEPT * N_OPS; i++)
        steps[i] = (script_step){SS_REPLY, reply, 0};
    steps[N_KEPT * N_OPS] = (script_step){SS_DRAIN, NULL, 0};
    script *s = script_start(steps, N_KEPT * N_OPS + 1);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    for (int kept = 0; c && kept < N_KEPT; kept++) {
        for (int op = 0; op < N_OPS; op++) {
            t_note("kept by %s, then %s", kept == KEPT_READLINE ? "readline" : kept == KEPT_READ_AMT ? "read_amt(8)" : "readall",
                   op_names[op]);
            gohttp_resp *r = t_request(c, "GET", "/");
            if (!r)
                break;
            char small[2], buf[64];
            int64_t n = 0;
            int rc = kept == KEPT_READLINE ? gohttp_resp_readline(r, -1, small, sizeof small, &n)
                   : kept == KEPT_READ_AMT ? gohttp_resp_read_amt(r, 8, small, sizeof small, &n)
                                           : gohttp_resp_readall(r, small, sizeof small, &n);
            CHECK_RC(rc, GOHTTP_E_RANGE);
            CHECK(n == (kept == KEPT_READLINE ? 6 : kept == KEPT_READ_AMT ? 8 : 16));
            /* The kept bytes come first in whatever read is next. */
            CHECK_RC(do_op(r, op, buf, sizeof buf, &n), GOHTTP_OK);
            CHECK_MEM(buf, n, want[kept][op]);
            /* And the body comes out whole, in order. */
            char all[64];
            int64_t total = op == OP_PEEK ? 0 : n;
            memcpy(all, buf, total);
            int64_t rest = 0;
            char *tail = t_readall(r, &rest);
            if (tail && total + rest <= (int64_t)sizeof all) {
                memcpy(all + total, tail, rest);
                CHECK_MEM(all, total + rest, body);
            }
            free(tail);
            t_free_resp(r);
        }
    }
    if (c)
        t_free_conn(c);
    script_free(s);
}

const test_case limit_tests[] = {
    {"limit_kept_results_come_first", test_kept_results_come_first, 0},
    {"limit_send_exact_lengths", test_send_exact_lengths, T_HEAVY},
    {"limit_refused_lengths", test_refused_lengths, 0},
    {"limit_huge_capacities", test_huge_capacities, 0},
    {"limit_endless_bodies", test_endless_bodies, 0},
    {"limit_max_body_edges", test_max_body_edges, 0},
    {"limit_tls_files", test_tls_files, 0},
    {NULL, NULL, 0},
};
