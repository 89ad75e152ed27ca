/* bench_c.c: libgohttp from C, against libcurl's easy API (when built
 * with -DHAVE_CURL) and a raw blocking socket (the ceiling).
 *
 *   bench_c PORT [ROUNDS [SMALL_OPS [BIG_OPS [HEADERS_OPS [CHUNKED_OPS [POST_OPS]]]]]]
 *   bench_c --curl-version      (the libcurl it runs with, if any)
 *
 * PORT is bench/server's (127.0.0.1). Five benchmarks, each a fixed
 * number of requests per round on one kept-alive connection:
 *   small    GET / (26-byte body): request, response, body read
 *            (libgohttp: gohttp_conn_getresponse with
 *            GOHTTP_GETRESPONSE_BODY, the documented two-call small GET)
 *   headers  GET /headers?n=50 (53 header fields, the 26-byte body), every
 *            field seen (libgohttp: GOHTTP_RESP_FIELDS with
 *            gohttp_resp_get, each name and value walked; libcurl: a
 *            header callback; raw: the head scanned line by line)
 *   big      GET /bytes?n=16777216, the body read in 64 KiB pieces and
 *            dropped (curl: CURLOPT_BUFFERSIZE 64 KiB, a write callback
 *            that drops the data)
 *   chunked  GET /chunked?bytes=16777216&size=16384: 16 MiB in 16 KiB
 *            chunks, read in 64 KiB pieces and dropped
 *   post     POST /sink with a 1 MiB body (libgohttp: gohttp_conn_request;
 *            libcurl: CURLOPT_POSTFIELDS, its "Expect: 100-continue"
 *            removed since bench/server does not answer it); the server
 *            answers "1048576\n"
 * The raw socket client sends a canned request, scans for the end of the
 * head, and reads Content-Length or chunked framing minimally: what no
 * client on a blocking socket can beat.
 *
 * In each round the clients run back to back, the first rotating from
 * round to round. Printed: a Markdown table of the medians over the rounds
 * of requests/s or MB/s (wall) and CPU microseconds per request
 * (CLOCK_PROCESS_CPUTIME_ID: every thread of this process, the Go
 * runtime's included), the medians of the per-round ratios, and the
 * targets of libgohttp (on the wall rows) marked met or missed. Under
 * the missed targets, their profile: each client's CPU per request split
 * into the calling thread's (CLOCK_THREAD_CPUTIME_ID) and the other
 * threads' (the Go runtime's, for libgohttp).
 *
 * Built by scripts/bench.sh. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include "gohttp.h"
#ifdef HAVE_CURL
#include <curl/curl.h>
#endif

#define BIG_SIZE (16 * 1024 * 1024)
#define POST_SIZE (1024 * 1024)
#define PIECE (64 * 1024)
#define MAX_ROUNDS 64
#define MAX_CLIENTS 3
#define HEADER_FIELDS 53 /* /headers?n=50: Server, Content-Type, Content-Length and 50 */

static int port;
static char piece[PIECE];
static char *post_body;

static double now(clockid_t clk) {
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *msg) {
    fprintf(stderr, "bench_c: %s: %s\n", what, msg);
    exit(1);
}

/* -- the benchmarks ---------------------------------------------------------- */

enum { SMALL, HEADERS, BIG, CHUNKED, POST, NBENCH };
static const char *bench_name[NBENCH] = {
    "small GET, keep-alive", "50 headers, each seen", "download 16 MiB",
    "chunked 16 MiB (16 KiB chunks)", "POST 1 MiB",
};
static const char *bench_path[NBENCH] = {
    "/", "/headers?n=50", "/bytes?n=16777216", "/chunked?bytes=16777216&size=16384", "/sink",
};
/* The body length each response must have. */
static const size_t bench_expect[NBENCH] = {26, 26, BIG_SIZE, BIG_SIZE, 8};
/* Bytes moved per request for the MB/s rows (0: a requests/s row). */
static const double bench_bytes[NBENCH] = {0, 0, BIG_SIZE, BIG_SIZE, POST_SIZE};

/* -- gohttp -------------------------------------------------------------- */

static gohttp_conn *g_conn;
static char g_head[4096];
static char g_fields[16384];

/* g_err is the calling thread's last error message. */
static const char *g_err(void) {
    static gohttp_error e;
    e.size = sizeof e;
    return gohttp_last_error(&e) == GOHTTP_OK ? e.message : "(no message)";
}

static void g_open(int bench) {
    (void)bench;
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%d", port);
    if (gohttp_conn_new(host, GOHTTP_NUL, -1, &g_conn) != GOHTTP_OK)
        die("gohttp_conn_new", g_err());
    gohttp_conn_setopt_double(g_conn, GOHTTP_OPT_TIMEOUT, 30.0);
}

static void g_close(void) {
    gohttp_conn_free(g_conn);
    g_conn = NULL;
}

/* g_fields_seen walks GOHTTP_RESP_FIELDS (name NUL value NUL ...) and
 * returns the number of fields. */
static int g_fields_seen(gohttp_resp *r) {
    int64_t n = 0;
    if (gohttp_resp_get(r, GOHTTP_RESP_FIELDS, g_fields, sizeof g_fields, &n) != GOHTTP_OK)
        die("gohttp_resp_get FIELDS", g_err());
    int fields = 0;
    size_t name_len = 0, value_len = 0;
    for (const char *p = g_fields, *end = g_fields + n; p < end; fields++) {
        name_len = strlen(p);
        p += name_len + 1;
        if (p >= end)
            die("gohttp", "GOHTTP_RESP_FIELDS: a name without a value");
        value_len = strlen(p);
        p += value_len + 1;
    }
    return fields;
}

/* One exchange; returns the response body's length. */
static size_t g_exchange(int bench) {
    gohttp_resp *r = NULL;
    int post = bench == POST;
    int rc = gohttp_conn_request(g_conn, post ? "POST" : "GET", GOHTTP_NUL, bench_path[bench], GOHTTP_NUL,
                                 NULL, 0, post ? post_body : NULL, post ? POST_SIZE : 0, 0);
    if (rc != GOHTTP_OK)
        die("gohttp request", g_err());
    struct gohttp_resp_info info = {.size = sizeof info};
    if (bench == SMALL || bench == POST) {
        /* A small body that has arrived comes with the head. */
        info.flags = GOHTTP_GETRESPONSE_BODY;
        rc = gohttp_conn_getresponse(g_conn, &r, &info, g_head, sizeof g_head);
    } else {
        rc = gohttp_conn_getresponse(g_conn, &r, &info, NULL, 0);
    }
    if (rc != GOHTTP_OK)
        die("gohttp getresponse", g_err());
    if (info.status != 200)
        die("gohttp", "status is not 200");
    if (bench == HEADERS && g_fields_seen(r) != HEADER_FIELDS)
        die("gohttp", "wrong number of header fields");
    size_t total = 0;
    if (info.body_len >= 0) {
        total = (size_t)info.body_len;
    } else {
        int64_t n = 0;
        for (;;) {
            rc = gohttp_resp_read(r, piece, sizeof piece, &n);
            if (rc != GOHTTP_OK)
                die("gohttp read", g_err());
            if (n == 0)
                break;
            total += (size_t)n;
        }
    }
    gohttp_resp_free(r);
    return total;
}

/* -- libcurl ------------------------------------------------------------- */

#ifdef HAVE_CURL
static CURL *c_easy;
static struct curl_slist *c_no_expect;
static size_t c_got;
static int c_fields;

static size_t c_write(char *data, size_t size, size_t nmemb, void *user) {
    (void)data;
    (void)user;
    c_got += size * nmemb;
    return size * nmemb;
}

/* c_header sees each line of the head: the status line, every field,
 * the blank line. */
static size_t c_header(char *data, size_t size, size_t nmemb, void *user) {
    (void)user;
    size_t n = size * nmemb;
    if (n > 2 && memchr(data, ':', n) != NULL && memcmp(data, "HTTP/", n < 5 ? n : 5) != 0)
        c_fields++;
    return n;
}

static void c_open(int bench) {
    char url[96];
    c_easy = curl_easy_init();
    if (!c_easy)
        die("curl_easy_init", "failed");
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, bench_path[bench]);
    curl_easy_setopt(c_easy, CURLOPT_URL, url);
    curl_easy_setopt(c_easy, CURLOPT_WRITEFUNCTION, c_write);
    curl_easy_setopt(c_easy, CURLOPT_HEADERFUNCTION, c_header);
    curl_easy_setopt(c_easy, CURLOPT_BUFFERSIZE, (long)PIECE);
    curl_easy_setopt(c_easy, CURLOPT_PROXY, "");  /* ignore *_proxy variables */
    curl_easy_setopt(c_easy, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c_easy, CURLOPT_NOSIGNAL, 1L);
    if (bench == POST) {
        curl_easy_setopt(c_easy, CURLOPT_POSTFIELDS, post_body);
        curl_easy_setopt(c_easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)POST_SIZE);
        curl_easy_setopt(c_easy, CURLOPT_HTTPHEADER, c_no_expect);
    }
}

static void c_close(void) {
    curl_easy_cleanup(c_easy);
    c_easy = NULL;
}

static size_t c_exchange(int bench) {
    c_got = 0;
    c_fields = 0;
    CURLcode rc = curl_easy_perform(c_easy);
    if (rc != CURLE_OK)
        die("curl_easy_perform", curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(c_easy, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        die("curl", "status is not 200");
    if (bench == HEADERS && c_fields != HEADER_FIELDS)
        die("curl", "wrong number of header fields");
    return c_got;
}
#endif

/* -- raw socket ------------------------------------------------------------ */

static int r_fd = -1;
static char r_req[256];
static int r_req_len;
static char r_buf[PIECE];       /* bytes received and not yet consumed: */
static size_t r_off, r_have;    /* r_buf[r_off:r_have] */

static void r_open(int bench) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (r_fd < 0 || connect(r_fd, (struct sockaddr *)&a, sizeof a) != 0)
        die("raw connect", strerror(errno));
    int one = 1;
    setsockopt(r_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {30, 0};
    setsockopt(r_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(r_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (bench == POST)
        r_req_len = snprintf(r_req, sizeof r_req,
                             "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\n"
                             "Content-Length: %d\r\n\r\n", bench_path[bench], port, POST_SIZE);
    else
        r_req_len = snprintf(r_req, sizeof r_req,
                             "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: identity\r\n\r\n",
                             bench_path[bench], port);
    r_off = r_have = 0;
}

static void r_close(void) {
    close(r_fd);
    r_fd = -1;
}

/* r_fill receives more bytes after r_buf[r_have], moving the unconsumed
 * ones to the front first. */
static void r_fill(void) {
    if (r_off > 0) {
        memmove(r_buf, r_buf + r_off, r_have - r_off);
        r_have -= r_off;
        r_off = 0;
    }
    if (r_have == sizeof r_buf)
        die("raw", "a line longer than the buffer");
    ssize_t n = recv(r_fd, r_buf + r_have, sizeof r_buf - r_have, 0);
    if (n <= 0)
        die("raw recv", n == 0 ? "connection closed" : strerror(errno));
    r_have += (size_t)n;
}

/* r_line returns the next line (its CRLF replaced by NULs) and consumes it. */
static char *r_line(void) {
    for (size_t scanned = r_off;;) {
        for (; scanned + 1 < r_have; scanned++) {
            if (r_buf[scanned] == '\r' && r_buf[scanned + 1] == '\n') {
                char *line = r_buf + r_off;
                r_buf[scanned] = r_buf[scanned + 1] = 0;
                r_off = scanned + 2;
                return line;
            }
        }
        size_t done = scanned - r_off;
        r_fill();
        scanned = r_off + done;
    }
}

static void r_send_all(void) {
    struct iovec iov[2] = {{r_req, (size_t)r_req_len}, {post_body, POST_SIZE}};
    int cnt = post_body && strncmp(r_req, "POST", 4) == 0 ? 2 : 1;
    struct iovec *v = iov;
    while (cnt > 0) {
        ssize_t n = writev(r_fd, v, cnt);
        if (n < 0)
            die("raw send", strerror(errno));
        while (cnt > 0 && (size_t)n >= v->iov_len) {
            n -= (ssize_t)v->iov_len;
            v++;
            cnt--;
        }
        if (cnt > 0) {
            v->iov_base = (char *)v->iov_base + n;
            v->iov_len -= (size_t)n;
        }
    }
}

static size_t r_exchange(int bench) {
    r_send_all();
    /* The head: a status line, fields until the blank line. */
    char *status = r_line();
    if (strncmp(status, "HTTP/1.1 200 ", 13) != 0)
        die("raw", "status is not 200");
    long long length = -1;
    int chunked = 0, fields = 0;
    for (;;) {
        char *line = r_line();
        if (*line == 0)
            break;
        fields++;
        if (strncasecmp(line, "content-length:", 15) == 0)
            length = atoll(line + 15);
        else if (strncasecmp(line, "transfer-encoding:", 18) == 0)
            chunked = 1;
    }
    if (bench == HEADERS && fields != HEADER_FIELDS)
        die("raw", "wrong number of header fields");
    size_t total = 0;
    if (!chunked) {
        if (length < 0)
            die("raw", "no Content-Length");
        size_t left = (size_t)length, buffered = r_have - r_off;
        size_t take = buffered < left ? buffered : left;
        r_off += take;
        left -= take;
        total += take;
        while (left > 0) {
            ssize_t n = recv(r_fd, piece, left < sizeof piece ? left : sizeof piece, 0);
            if (n <= 0)
                die("raw recv", n == 0 ? "connection closed" : strerror(errno));
            left -= (size_t)n;
            total += (size_t)n;
        }
    } else {
        for (;;) {
            size_t size = (size_t)strtoull(r_line(), NULL, 16);
            if (size == 0) {
                while (*r_line() != 0) /* trailer fields */
                    ;
                break;
            }
            total += size;
            while (size > 0) {
                if (r_off == r_have) {
                    r_off = r_have = 0;
                    r_fill();
                }
                size_t buffered = r_have - r_off, take = buffered < size ? buffered : size;
                r_off += take;
                size -= take;
            }
            if (*r_line() != 0)
                die("raw", "no CRLF after a chunk");
        }
    }
    if (r_off != r_have)
        die("raw", "bytes after the response");
    r_off = r_have = 0;
    return total;
}

/* -- the run ----------------------------------------------------------------- */

typedef struct {
    const char *name;
    void (*open)(int bench);
    void (*close)(void);
    size_t (*exchange)(int bench);
} client;

static const client clients[] = {
    {"libgohttp", g_open, g_close, g_exchange},
#ifdef HAVE_CURL
    {"libcurl", c_open, c_close, c_exchange},
#endif
    {"raw socket", r_open, r_close, r_exchange},
};
#define NCLIENTS ((int)(sizeof clients / sizeof clients[0]))
#define G 0
#ifdef HAVE_CURL
#define C 1
#else
#define C (-1)
#endif
#define R (NCLIENTS - 1)

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(const double *v, int n) {
    double s[MAX_ROUNDS];
    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double wall[NBENCH][MAX_CLIENTS][MAX_ROUNDS], cpu[NBENCH][MAX_CLIENTS][MAX_ROUNDS];
/* The calling thread's CPU, for the profiles of misses. */
static double tcpu[NBENCH][MAX_CLIENTS][MAX_ROUNDS];
static int rounds;

/* ratio prints libgohttp against client o on metric m (0 wall, 1 CPU):
 * the median of the per-round ratios (> 1: libgohttp better), the lowest
 * and highest, and returns the median. */
static double ratio(int b, int o, int m) {
    double rr[MAX_ROUNDS] = {0}, lo = 1e300, hi = 0;
    for (int r = 0; r < rounds; r++) {
        rr[r] = m == 0 ? wall[b][o][r] / wall[b][G][r] : cpu[b][o][r] / cpu[b][G][r];
        lo = rr[r] < lo ? rr[r] : lo;
        hi = rr[r] > hi ? rr[r] : hi;
    }
    double x = median(rr, rounds);
    if (lo < 1 && hi > 1) /* the rounds disagree: no clear winner */
        printf(" %.2f× %s (%.2f–%.2f), within noise |", x >= 1 ? x : 1 / x,
               m == 0 ? (x >= 1 ? "faster" : "slower") : (x >= 1 ? "less CPU" : "more CPU"), lo, hi);
    else if (x >= 1)
        printf(" **%.2f× %s** (%.2f–%.2f) |", x, m == 0 ? "faster" : "less CPU", lo, hi);
    else
        printf(" %.2f× %s (%.2f–%.2f) |", 1 / x, m == 0 ? "slower" : "more CPU", lo, hi);
    return x;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--curl-version") == 0) {
#ifdef HAVE_CURL
        printf("%s\n", curl_version_info(CURLVERSION_NOW)->version);
        return 0;
#else
        return 1;
#endif
    }
    if (argc < 2 || argc > 8) {
        fprintf(stderr, "usage: bench_c PORT [ROUNDS [SMALL_OPS [BIG_OPS [HEADERS_OPS [CHUNKED_OPS [POST_OPS]]]]]]\n");
        return 2;
    }
    port = atoi(argv[1]);
    rounds = argc > 2 ? atoi(argv[2]) : 5;
    int ops[NBENCH] = {
        argc > 3 ? atoi(argv[3]) : 20000, argc > 5 ? atoi(argv[5]) : 10000, argc > 4 ? atoi(argv[4]) : 24,
        argc > 6 ? atoi(argv[6]) : 24,    argc > 7 ? atoi(argv[7]) : 400,
    };
    int bad = port < 1 || port > 65535 || rounds < 1 || rounds > MAX_ROUNDS;
    for (int b = 0; b < NBENCH; b++)
        bad |= ops[b] < 1;
    if (bad) {
        fprintf(stderr, "bench_c: bad PORT, ROUNDS (1..%d) or OPS (>= 1)\n", MAX_ROUNDS);
        return 2;
    }
    post_body = malloc(POST_SIZE);
    if (!post_body)
        die("malloc", "out of memory");
    for (int i = 0; i < POST_SIZE; i++)
        post_body[i] = (char)('a' + i % 26);
#ifdef HAVE_CURL
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c_no_expect = curl_slist_append(NULL, "Expect:");
#endif

    for (int b = 0; b < NBENCH; b++) {
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < NCLIENTS; k++) {
                int ci = (k + r) % NCLIENTS;
                const client *cl = &clients[ci];
                cl->open(b);
                if (cl->exchange(b) != bench_expect[b]) /* connect and warm up */
                    die(cl->name, "wrong body length");
                double t0 = now(CLOCK_THREAD_CPUTIME_ID);
                double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
                for (int i = 0; i < ops[b]; i++)
                    if (cl->exchange(b) != bench_expect[b])
                        die(cl->name, "wrong body length");
                double c1 = now(CLOCK_PROCESS_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
                tcpu[b][ci][r] = now(CLOCK_THREAD_CPUTIME_ID) - t0;
                cl->close();
                wall[b][ci][r] = w1 - w0;
                cpu[b][ci][r] = c1 - c0;
            }
        }
    }

    printf("| benchmark | metric |");
    for (int ci = 0; ci < NCLIENTS; ci++)
        printf(" %s |", clients[ci].name);
    if (C >= 0)
        printf(" libgohttp vs libcurl |");
    printf(" libgohttp vs raw socket | target (libgohttp, wall) | |\n|---|---|");
    for (int ci = 0; ci < NCLIENTS; ci++)
        printf("---:|");
    printf(C >= 0 ? "---|---|---|---|\n" : "---|---|---|\n");
    double missed[NBENCH] = {0}; /* the ratio of each missed target */
    for (int b = 0; b < NBENCH; b++) {
        double w[MAX_CLIENTS], c[MAX_CLIENTS];
        for (int ci = 0; ci < NCLIENTS; ci++) {
            w[ci] = median(wall[b][ci], rounds);
            c[ci] = median(cpu[b][ci], rounds);
        }
        for (int m = 0; m < 2; m++) {
            if (m == 0)
                printf("| %s (×%d) | %s |", bench_name[b], ops[b], bench_bytes[b] > 0 ? "MB/s (wall)" : "requests/s (wall)");
            else
                printf("| | CPU µs per request |");
            for (int ci = 0; ci < NCLIENTS; ci++) {
                double v = m == 0 ? (bench_bytes[b] > 0 ? bench_bytes[b] * ops[b] / w[ci] / 1e6 : ops[b] / w[ci])
                                  : c[ci] * 1e6 / ops[b];
                printf(v >= 100 ? " %.0f |" : " %.1f |", v);
            }
            double vs_curl = C >= 0 ? ratio(b, C, m) : 0;
            double vs_raw = ratio(b, R, m);
            if (m == 1) {
                printf(" | |\n");
                continue;
            }
            /* The targets: downloads against the raw socket, the rest
             * against libcurl. */
            int against_raw = b == BIG || b == CHUNKED;
            double want = against_raw ? 0.95 : 1.0, x = against_raw ? vs_raw : vs_curl;
            printf(" ≥ %.2f× %s |", want, against_raw ? "raw socket" : "libcurl");
            if (!against_raw && C < 0)
                printf(" not measured (no libcurl) |\n");
            else if (x >= want)
                printf(" met (%.2f×) |\n", x);
            else {
                printf(" **missed** (%.2f×: %.0f%% short) |\n", x, (1 - x / want) * 100);
                missed[b] = x;
            }
        }
    }
    int any = 0;
    for (int b = 0; b < NBENCH; b++)
        any |= missed[b] > 0;
    if (any) {
        printf("\nProfiles of the missed targets: CPU µs per request (medians over the "
               "rounds), the calling thread's (its user and kernel time: the library's "
               "code and its system calls) and the process's other threads' (the Go "
               "runtime's, for libgohttp: its monitor thread, which wakes while a "
               "thread holds a P in a system call, and its collector).\n\n"
               "| benchmark | client | calling thread | other threads | all |\n"
               "|---|---|---:|---:|---:|\n");
        for (int b = 0; b < NBENCH; b++) {
            if (missed[b] <= 0)
                continue;
            for (int ci = 0; ci < NCLIENTS; ci++) {
                double th = median(tcpu[b][ci], rounds) * 1e6 / ops[b];
                double all = median(cpu[b][ci], rounds) * 1e6 / ops[b];
                double other = all - th;
                printf("| %s | %s | %.1f | %.1f | %.1f |\n", ci == 0 ? bench_name[b] : "",
                       clients[ci].name, th, other > 0 ? other : 0, all);
            }
        }
    }
    printf("\nMedians of %d rounds, the clients interleaved (the first to run rotating); "
           "ratios > 1 favour libgohttp, \"within noise\" when some rounds favour each; "
           "a target is judged on the median of the per-round wall ratios.", rounds);
#ifdef HAVE_CURL
    printf(" libcurl %s.\n", curl_version_info(CURLVERSION_NOW)->version);
    curl_slist_free_all(c_no_expect);
    curl_global_cleanup();
#else
    printf(" libcurl: not built (its dev package was missing).\n");
#endif
    free(post_body);
    return 0;
}
