/* soak.c: make test-long. 16 threads, each with its own connections, run
 * a mix of healthy and hostile exchanges for DURATION seconds against
 * the local test server (healthy routes, /close, /slow, the stall port,
 * HTTPS with its CA and with an expired certificate) and against a
 * hostile server in this program (bad status lines, bodies cut short,
 * bad chunk sizes, silent closes, resets, too many header lines). Every
 * exchange must end with its expected result: success for the healthy
 * ones, the right error code for the hostile ones, never
 * GOHTTP_E_INTERNAL, a crash or a hang.
 *
 * Resources are sampled with every worker joined: after a warm-up (a
 * tenth of the run, at least 5 s), which is the baseline, and at the end.
 * The run fails when, at the end, compared with the baseline:
 *   - gohttp_live_handles() is not 0 (a handle leaked),
 *   - open file descriptors grew by more than 2 (a socket leaked),
 *   - OS threads grew by more than 8 (the Go runtime may start a few more
 *     Ms as load shifts; a leak per request would be thousands),
 *   - RSS grew by more than 32 MiB + 25 % (a leak of per-request memory
 *     over minutes of requests; the Go heap's own variation is smaller).
 *
 *   soak HTTP_PORT STALL_PORT HTTPS_PORT HTTPS_EXPIRED_PORT CA_FILE
 * (scripts/soak.sh builds it, starts the test server and runs it.)
 * Environment: DURATION (seconds, default 180), SOAK_THREADS (default 16).
 * Only the public header is used. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "gohttp.h"

static int http_port, stall_port, https_port, expired_port, hostile_port, refused_port;
static const char *ca_file;
static volatile int stop_flag;
static pthread_mutex_t report_mu = PTHREAD_MUTEX_INITIALIZER;
static long failures;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...) {
    va_list ap;
    pthread_mutex_lock(&report_mu);
    if (++failures <= 20) {
        fprintf(stderr, "soak: FAIL: ");
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    pthread_mutex_unlock(&report_mu);
}

/* ---- the hostile server ------------------------------------------------ */

/* Each connection: read the request head, then misbehave as the path
 * /h/N says. */
static const char *const hostile_replies[] = {
    /* 0 */ "garbage\r\n\r\n",
    /* 1 */ "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
    /* 2 */ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\nzz\r\n",
    /* 3 */ "",                                         /* close at once */
    /* 4 */ NULL,                                       /* 150 header lines */
    /* 5 */ NULL,                                       /* reset (SO_LINGER 0) */
    /* 6 */ "HTTP/9.9 200 OK\r\n\r\n",
};
#define HOSTILE_KINDS 7

static void *hostile_conn(void *arg) {
    int fd = (int)(intptr_t)arg;
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    char buf[4096];
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t k = recv(fd, buf + got, sizeof buf - 1 - got, 0);
        if (k <= 0)
            break;
        got += (size_t)k;
        buf[got] = 0;
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    buf[got] = 0;
    int kind = 0;
    char *p = strstr(buf, " /h/");
    if (p)
        kind = atoi(p + 4) % HOSTILE_KINDS;
    if (kind == 4) {
        char big[8192];
        size_t n = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 150 && n < sizeof big - 32; i++)
            n += (size_t)snprintf(big + n, sizeof big - n, "X-%d: v\r\n", i);
        n += (size_t)snprintf(big + n, sizeof big - n, "\r\n");
        send(fd, big, n, MSG_NOSIGNAL);
    } else if (kind == 5) {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    } else {
        send(fd, hostile_replies[kind], strlen(hostile_replies[kind]), MSG_NOSIGNAL);
    }
    close(fd);
    return NULL;
}

static int hostile_listener;

static void *hostile_accept(void *arg) {
    (void)arg;
    while (!stop_flag) {
        int fd = accept(hostile_listener, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED)
                continue;
            break;
        }
        pthread_t th;
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&th, &at, hostile_conn, (void *)(intptr_t)fd) != 0)
            close(fd);
        pthread_attr_destroy(&at);
    }
    return NULL;
}

static int listen_local(int do_listen, int *port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || (do_listen && listen(fd, 256) != 0) ||
        getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        close(fd);
        return -1;
    }
    /* accept() wakes every second to see stop_flag. */
    struct timeval tv = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    *port = ntohs(a.sin_port);
    return fd;
}

/* ---- the exchanges ------------------------------------------------------ */

struct worker {
    int id;
    unsigned seed;
    gohttp_conn *keep; /* a keep-alive connection to the healthy server */
    long done, by_kind[16];
    char *buf;
};
#define BUFSZ (1 << 20)

static gohttp_conn *new_conn(int port, int https, double timeout) {
    gohttp_conn *c = NULL;
    int rc = https ? gohttp_conn_new_https("127.0.0.1", GOHTTP_NUL, port, &c)
                   : gohttp_conn_new("127.0.0.1", GOHTTP_NUL, port, &c);
    if (rc != GOHTTP_OK) {
        gohttp_error e = {.size = sizeof e};
        gohttp_last_error(&e);
        fail("gohttp_conn_new(%d) = %d: %s", port, rc, e.message);
        return NULL;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, timeout);
    if (https)
        gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, ca_file, GOHTTP_NUL);
    return c;
}

/* get: one request on c; returns the code of the first call that failed
 * (GOHTTP_OK if none), the body length in *len and the status in *status.
 * After a failure the connection is closed, as http.client's users do. */
static int get(struct worker *w, gohttp_conn *c, const char *method, const char *path,
               const char *body, int64_t blen, int64_t *len, int *status) {
    gohttp_resp *r = NULL;
    *len = 0;
    int rc = gohttp_conn_request(c, method, GOHTTP_NUL, path, GOHTTP_NUL, NULL, 0, body, blen, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        gohttp_conn_close(c);
        return rc;
    }
    struct gohttp_resp_info info = {.size = sizeof info};
    if (status && gohttp_resp_info(r, &info) == GOHTTP_OK)
        *status = info.status;
    rc = gohttp_resp_readall(r, w->buf, BUFSZ, len);
    gohttp_resp_free(r);
    if (rc != GOHTTP_OK)
        gohttp_conn_close(c);
    return rc;
}

static void expect(struct worker *w, const char *what, int rc, int want) {
    if (rc == GOHTTP_E_INTERNAL || (want == GOHTTP_OK) != (rc == GOHTTP_OK) ||
        (want != 1 && want != GOHTTP_OK && rc != want))
        fail("thread %d: %s: %d (%s); want %d (%s)", w->id, what, rc, gohttp_strerror(rc), want,
             want == 1 ? "any error" : gohttp_strerror(want));
}

static void one_exchange(struct worker *w) {
    int kind = (int)(rand_r(&w->seed) % 12);
    char path[64];
    int64_t len = 0;
    int status = 0, rc;
    gohttp_conn *c;
    w->by_kind[kind]++;
    switch (kind) {
    case 0: /* keep-alive GET */
    case 1:
        rc = get(w, w->keep, "GET", "/", NULL, 0, &len, &status);
        expect(w, "GET /", rc, GOHTTP_OK);
        if (rc == GOHTTP_OK && (status != 200 || len == 0))
            fail("thread %d: GET / gave %d with %lld bytes", w->id, status, (long long)len);
        break;
    case 2: { /* a larger body, keep-alive */
        int64_t n = 1 + rand_r(&w->seed) % 300000;
        snprintf(path, sizeof path, "/bytes?n=%lld", (long long)n);
        rc = get(w, w->keep, "GET", path, NULL, 0, &len, &status);
        expect(w, path, rc, GOHTTP_OK);
        if (rc == GOHTTP_OK && len != n)
            fail("thread %d: %s gave %lld bytes", w->id, path, (long long)len);
        break;
    }
    case 3: /* chunked with trailers, then a POST */
        rc = get(w, w->keep, "GET", "/chunked?n=40&trailers=1", NULL, 0, &len, &status);
        expect(w, "chunked", rc, GOHTTP_OK);
        rc = get(w, w->keep, "POST", "/echo", "soak body", 9, &len, &status);
        expect(w, "POST /echo", rc, GOHTTP_OK);
        break;
    case 4: /* the body ends with the connection: its own connection */
        if (!(c = new_conn(http_port, 0, 10)))
            break;
        rc = get(w, c, "GET", "/close?n=5000", NULL, 0, &len, &status);
        expect(w, "/close", rc, GOHTTP_OK);
        gohttp_conn_free(c);
        break;
    case 5: /* a server that never answers */
        if (!(c = new_conn(stall_port, 0, 0.05)))
            break;
        rc = get(w, c, "GET", "/", NULL, 0, &len, &status);
        expect(w, "stall", rc, GOHTTP_E_TIMEOUT);
        gohttp_conn_free(c);
        break;
    case 6: /* a body that stalls after the head */
        if (!(c = new_conn(http_port, 0, 0.05)))
            break;
        rc = get(w, c, "GET", "/slow?ms=400&stage=body", NULL, 0, &len, &status);
        expect(w, "slow body", rc, GOHTTP_E_TIMEOUT);
        gohttp_conn_free(c);
        break;
    case 7: { /* a response abandoned half read, and its connection freed */
        gohttp_resp *r = NULL;
        if (!(c = new_conn(http_port, 0, 10)))
            break;
        rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/bytes?n=2000000", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
        if (rc == GOHTTP_OK)
            rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
        expect(w, "abandon", rc, GOHTTP_OK);
        if (r) {
            gohttp_resp_read(r, w->buf, 1000, &len);
            if (rand_r(&w->seed) & 1)
                gohttp_conn_free(c), c = NULL; /* the response outlives its connection */
            gohttp_resp_free(r);
        }
        gohttp_conn_free(c);
        break;
    }
    case 8: { /* the hostile server */
        static const int want[HOSTILE_KINDS] = {
            GOHTTP_E_BAD_STATUS_LINE, GOHTTP_E_INCOMPLETE_READ, GOHTTP_E_INCOMPLETE_READ,
            GOHTTP_E_REMOTE_DISCONNECTED, GOHTTP_E_HTTP, 1, GOHTTP_E_UNKNOWN_PROTOCOL};
        int k = (int)(rand_r(&w->seed) % HOSTILE_KINDS);
        if (!(c = new_conn(hostile_port, 0, 10)))
            break;
        snprintf(path, sizeof path, "/h/%d", k);
        rc = get(w, c, "GET", path, NULL, 0, &len, &status);
        expect(w, path, rc, want[k]);
        gohttp_conn_free(c);
        break;
    }
    case 9: /* refused */
        if (!(c = new_conn(refused_port, 0, 10)))
            break;
        rc = gohttp_conn_connect(c);
        expect(w, "refused", rc, GOHTTP_E_OS);
        gohttp_conn_free(c);
        break;
    case 10: /* HTTPS, verified */
        if (!(c = new_conn(https_port, 1, 10)))
            break;
        rc = get(w, c, "GET", "/", NULL, 0, &len, &status);
        expect(w, "https", rc, GOHTTP_OK);
        if (rc == GOHTTP_OK)
            expect(w, "https again", get(w, c, "GET", "/bytes?n=70000", NULL, 0, &len, &status), GOHTTP_OK);
        gohttp_conn_free(c);
        break;
    case 11: /* HTTPS, an expired certificate */
        if (!(c = new_conn(expired_port, 1, 10)))
            break;
        rc = gohttp_conn_connect(c);
        expect(w, "https expired", rc, GOHTTP_E_TLS_VERIFY);
        gohttp_conn_free(c);
        break;
    }
    w->done++;
}

static double phase_end;

static void *worker_main(void *arg) {
    struct worker *w = arg;
    w->keep = new_conn(http_port, 0, 10);
    if (!w->keep)
        return NULL;
    while (!stop_flag && now() < phase_end)
        one_exchange(w);
    gohttp_conn_free(w->keep);
    w->keep = NULL;
    return NULL;
}

/* ---- resources ---------------------------------------------------------- */

struct sample {
    long rss_kib, fds, threads;
    int64_t live;
};

static struct sample take_sample(void) {
    struct sample s = {0, 0, 0, gohttp_live_handles()};
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, "VmRSS:", 6))
            s.rss_kib = atol(line + 6);
        else if (!strncmp(line, "Threads:", 8))
            s.threads = atol(line + 8);
    }
    if (f)
        fclose(f);
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.')
            s.fds++;
    if (d)
        closedir(d);
    s.fds--; /* the directory's own descriptor */
    return s;
}

static void print_sample(const char *what, struct sample s) {
    printf("soak: %-9s rss %ld KiB, %ld fds, %ld threads, %lld live handles\n", what, s.rss_kib, s.fds,
           s.threads, (long long)s.live);
    fflush(stdout);
}

/* run_phase runs every worker for secs seconds and joins them. */
static long run_phase(struct worker *w, int nt, double secs) {
    pthread_t *th = calloc((size_t)nt, sizeof *th);
    long before = 0, after = 0;
    for (int i = 0; i < nt; i++)
        before += w[i].done;
    phase_end = now() + secs;
    for (int i = 0; i < nt; i++)
        if (pthread_create(&th[i], NULL, worker_main, &w[i]) != 0) {
            fail("pthread_create failed");
            th[i] = 0;
        }
    for (int i = 0; i < nt; i++)
        if (th[i])
            pthread_join(th[i], NULL);
    free(th);
    for (int i = 0; i < nt; i++)
        after += w[i].done;
    return after - before;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: soak HTTP_PORT STALL_PORT HTTPS_PORT HTTPS_EXPIRED_PORT CA_FILE\n");
        return 2;
    }
    http_port = atoi(argv[1]);
    stall_port = atoi(argv[2]);
    https_port = atoi(argv[3]);
    expired_port = atoi(argv[4]);
    ca_file = argv[5];
    double duration = getenv("DURATION") ? atof(getenv("DURATION")) : 180;
    int nt = getenv("SOAK_THREADS") ? atoi(getenv("SOAK_THREADS")) : 16;
    if (duration < 10 || nt < 1 || nt > 256) {
        fprintf(stderr, "soak: DURATION must be >= 10 s, SOAK_THREADS 1..256\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);

    hostile_listener = listen_local(1, &hostile_port);
    int refused_fd = listen_local(0, &refused_port); /* bound, not listening: refuses */
    if (hostile_listener < 0 || refused_fd < 0) {
        perror("soak: local sockets");
        return 2;
    }
    pthread_t acceptors[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&acceptors[i], NULL, hostile_accept, NULL);

    struct worker *w = calloc((size_t)nt, sizeof *w);
    for (int i = 0; i < nt; i++) {
        w[i].id = i;
        w[i].seed = 0x5eed0000u + (unsigned)i;
        w[i].buf = malloc(BUFSZ);
    }
    double warm = duration / 10 < 5 ? 5 : duration / 10;
    printf("soak: %d threads, %.0f s (warm-up %.0f s); gohttp %s\n", nt, duration, warm, gohttp_version());
    print_sample("start", take_sample());
    long n = run_phase(w, nt, warm);
    struct sample base = take_sample();
    print_sample("baseline", base);
    printf("soak: warm-up: %ld exchanges\n", n);

    /* The main run, in slices, with a progress line after each. */
    double left = duration - warm, t0 = now();
    long total = 0;
    while (left > 0.5 && failures == 0) {
        double slice = left < 30 ? left : 30;
        total += run_phase(w, nt, slice);
        left = duration - warm - (now() - t0);
        char what[32];
        snprintf(what, sizeof what, "%.0f s", now() - t0 + warm);
        print_sample(what, take_sample());
    }
    struct sample end = take_sample();
    print_sample("end", end);

    stop_flag = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(acceptors[i], NULL);
    close(hostile_listener);
    close(refused_fd);
    long kinds[16] = {0};
    for (int i = 0; i < nt; i++) {
        for (int k = 0; k < 16; k++)
            kinds[k] += w[i].by_kind[k];
        free(w[i].buf);
    }
    free(w);
    printf("soak: %ld exchanges after the warm-up; by kind, whole run:", total);
    for (int k = 0; k < 12; k++)
        printf(" %ld", kinds[k]);
    printf("\n");

    int ok = failures == 0;
    if (total == 0) {
        printf("soak: FAIL: no exchange ran after the warm-up\n");
        ok = 0;
    }
    if (end.live != 0) {
        printf("soak: FAIL: %lld live handles at the end; want 0\n", (long long)end.live);
        ok = 0;
    }
    if (end.fds > base.fds + 2) {
        printf("soak: FAIL: open descriptors grew from %ld to %ld\n", base.fds, end.fds);
        ok = 0;
    }
    if (end.threads > base.threads + 8) {
        printf("soak: FAIL: threads grew from %ld to %ld\n", base.threads, end.threads);
        ok = 0;
    }
    if (end.rss_kib > base.rss_kib + 32 * 1024 + base.rss_kib / 4) {
        printf("soak: FAIL: RSS grew from %ld KiB to %ld KiB\n", base.rss_kib, end.rss_kib);
        ok = 0;
    }
    if (failures)
        printf("soak: FAIL: %ld exchanges ended unexpectedly (first ones above)\n", failures);
    printf("soak: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
