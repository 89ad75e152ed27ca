/* bench_c.c: libgohttp from C, and the same work with libcurl's easy API
 * when built with -DHAVE_CURL.
 *
 *   bench_c PORT [ROUNDS [SMALL_OPS [BIG_OPS]]]
 *   bench_c --curl-version      (the libcurl it runs with, if any)
 *
 * PORT is bench/server's (127.0.0.1). Two benchmarks, each a fixed number
 * of requests per round on one kept-alive connection:
 *   small  GET / (26-byte body): request, response, body read
 *   big    GET /bytes?n=16777216, the body read in 64 KiB pieces and
 *          dropped (curl: CURLOPT_BUFFERSIZE 64 KiB, a write callback
 *          that drops the data)
 * In each round the clients run back to back, the first alternating from
 * round to round. Printed: a Markdown table of the medians over the rounds
 * of requests/s or MB/s (wall) and CPU microseconds per request
 * (CLOCK_PROCESS_CPUTIME_ID: every thread of this process, the Go
 * runtime's included), and the median of the per-round ratios.
 *
 * Built by scripts/bench.sh. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gohttp.h"
#ifdef HAVE_CURL
#include <curl/curl.h>
#endif

#define BIG_SIZE (16 * 1024 * 1024)
#define PIECE (64 * 1024)
#define MAX_ROUNDS 64

static int port;
static char piece[PIECE];

static double now(clockid_t clk) {
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *msg) {
    fprintf(stderr, "bench_c: %s: %s\n", what, msg);
    exit(1);
}

/* -- gohttp -------------------------------------------------------------- */

static gohttp_conn *g_conn;

/* g_err is the calling thread's last error message. */
static const char *g_err(void) {
    static gohttp_error e;
    e.size = sizeof e;
    return gohttp_last_error(&e) == GOHTTP_OK ? e.message : "(no message)";
}

static void g_open(void) {
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

/* One GET; returns the body length. */
static size_t g_get(const char *path) {
    gohttp_resp *r = NULL;
    int rc = gohttp_conn_request(g_conn, "GET", 3, path, GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc != GOHTTP_OK)
        die("gohttp request", g_err());
    struct gohttp_resp_info info = {.size = sizeof info};
    rc = gohttp_conn_getresponse(g_conn, &r, &info, NULL, 0);
    if (rc != GOHTTP_OK)
        die("gohttp getresponse", g_err());
    if (info.status != 200)
        die("gohttp", "status is not 200");
    size_t total = 0;
    int64_t n = 0;
    for (;;) {
        rc = gohttp_resp_read(r, piece, sizeof piece, &n);
        if (rc != GOHTTP_OK)
            die("gohttp read", g_err());
        if (n == 0)
            break;
        total += (size_t)n;
    }
    gohttp_resp_free(r);
    return total;
}

/* -- libcurl ------------------------------------------------------------- */

#ifdef HAVE_CURL
static CURL *c_easy;
static char c_url_small[64], c_url_big[64];
static size_t c_got;

static size_t c_write(char *data, size_t size, size_t nmemb, void *user) {
    (void)data;
    (void)user;
    c_got += size * nmemb;
    return size * nmemb;
}

static void c_open(void) {
    c_easy = curl_easy_init();
    if (!c_easy)
        die("curl_easy_init", "failed");
    curl_easy_setopt(c_easy, CURLOPT_WRITEFUNCTION, c_write);
    curl_easy_setopt(c_easy, CURLOPT_BUFFERSIZE, (long)PIECE);
    curl_easy_setopt(c_easy, CURLOPT_PROXY, "");  /* ignore *_proxy variables */
    curl_easy_setopt(c_easy, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c_easy, CURLOPT_NOSIGNAL, 1L);
}

static void c_close(void) {
    curl_easy_cleanup(c_easy);
    c_easy = NULL;
}

static size_t c_get(const char *url) {
    c_got = 0;
    curl_easy_setopt(c_easy, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(c_easy);
    if (rc != CURLE_OK)
        die("curl_easy_perform", curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(c_easy, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        die("curl", "status is not 200");
    return c_got;
}
#endif

/* -- the benchmarks ---------------------------------------------------------- */

enum { SMALL, BIG, NBENCH };
static const char *bench_name[NBENCH] = {"small GET, keep-alive", "download 16 MiB"};

typedef struct {
    const char *name;
    void (*open)(void);
    void (*close)(void);
    size_t (*get)(int bench);
} client;

static size_t g_bench(int bench) {
    return bench == SMALL ? g_get("/") : g_get("/bytes?n=16777216");
}

#ifdef HAVE_CURL
static size_t c_bench(int bench) {
    return c_get(bench == SMALL ? c_url_small : c_url_big);
}
#endif

static const client clients[] = {
    {"libgohttp", g_open, g_close, g_bench},
#ifdef HAVE_CURL
    {"libcurl", c_open, c_close, c_bench},
#endif
};
#define NCLIENTS ((int)(sizeof clients / sizeof clients[0]))

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

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--curl-version") == 0) {
#ifdef HAVE_CURL
        printf("%s\n", curl_version_info(CURLVERSION_NOW)->version);
        return 0;
#else
        return 1;
#endif
    }
    if (argc < 2) {
        fprintf(stderr, "usage: bench_c PORT [ROUNDS [SMALL_OPS [BIG_OPS]]]\n");
        return 2;
    }
    port = atoi(argv[1]);
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    int ops[NBENCH] = {argc > 3 ? atoi(argv[3]) : 20000, argc > 4 ? atoi(argv[4]) : 24};
    size_t expect[NBENCH] = {26, BIG_SIZE};
    if (rounds < 1 || rounds > MAX_ROUNDS || ops[SMALL] < 1 || ops[BIG] < 1) {
        fprintf(stderr, "bench_c: bad ROUNDS or OPS\n");
        return 2;
    }
#ifdef HAVE_CURL
    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(c_url_small, sizeof c_url_small, "http://127.0.0.1:%d/", port);
    snprintf(c_url_big, sizeof c_url_big, "http://127.0.0.1:%d/bytes?n=%d", port, BIG_SIZE);
#endif

    static double wall[NBENCH][4][MAX_ROUNDS], cpu[NBENCH][4][MAX_ROUNDS];
    for (int b = 0; b < NBENCH; b++) {
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < NCLIENTS; k++) {
                int ci = r % 2 ? NCLIENTS - 1 - k : k;
                const client *cl = &clients[ci];
                cl->open();
                if (cl->get(b) != expect[b]) /* connect and warm up */
                    die(cl->name, "wrong body length");
                double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
                for (int i = 0; i < ops[b]; i++)
                    if (cl->get(b) != expect[b])
                        die(cl->name, "wrong body length");
                double c1 = now(CLOCK_PROCESS_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
                cl->close();
                wall[b][ci][r] = w1 - w0;
                cpu[b][ci][r] = c1 - c0;
            }
        }
    }

    printf("| benchmark | metric |");
    for (int ci = 0; ci < NCLIENTS; ci++)
        printf(" %s |", clients[ci].name);
    printf(NCLIENTS == 2 ? " libgohttp vs libcurl: median of the per-round ratios (lowest–highest) |\n|---|---|---:|---:|---|\n" : "\n|---|---|---:|\n");
    for (int b = 0; b < NBENCH; b++) {
        double w[4], c[4];
        for (int ci = 0; ci < NCLIENTS; ci++) {
            w[ci] = median(wall[b][ci], rounds);
            c[ci] = median(cpu[b][ci], rounds);
        }
        for (int m = 0; m < 2; m++) {
            if (m == 0)
                printf("| %s (×%d) | %s |", bench_name[b], ops[b], b == BIG ? "MB/s (wall)" : "requests/s (wall)");
            else
                printf("| | CPU µs per request |");
            for (int ci = 0; ci < NCLIENTS; ci++) {
                double v = m == 0 ? (b == BIG ? (double)BIG_SIZE * ops[b] / w[ci] / 1e6 : ops[b] / w[ci])
                                  : c[ci] * 1e6 / ops[b];
                printf(v >= 100 ? " %.0f |" : " %.1f |", v);
            }
            if (NCLIENTS == 2) {
                /* ratio > 1: libgohttp better; per round, then the median */
                double rr[MAX_ROUNDS], lo = 1e300, hi = 0;
                for (int r = 0; r < rounds; r++) {
                    rr[r] = m == 0 ? wall[b][1][r] / wall[b][0][r] : cpu[b][1][r] / cpu[b][0][r];
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
            }
            printf("\n");
        }
    }
    printf("\nMedians of %d rounds, the clients interleaved (the first to run alternating); "
           "ratios > 1 favour libgohttp, \"within noise\" when some rounds favour each.", rounds);
#ifdef HAVE_CURL
    printf(" libcurl %s.\n", curl_version_info(CURLVERSION_NOW)->version);
    curl_global_cleanup();
#else
    printf(" libcurl: not built (its dev package was missing).\n");
#endif
    return 0;
}
