/* t_util.c: helpers shared by the tests, and the scripted server. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

double t_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *t_errmsg(void) {
    static __thread char msg[1024];
    gohttp_error e = {.size = sizeof e};
    if (gohttp_last_error(&e) != GOHTTP_OK || !e.message)
        return "(gohttp_last_error failed)";
    snprintf(msg, sizeof msg, "%s", e.message);
    return msg;
}

int t_errcode(void) {
    gohttp_error e = {.size = sizeof e};
    if (gohttp_last_error(&e) != GOHTTP_OK)
        return GOHTTP_E_INTERNAL;
    return e.code;
}

gohttp_error t_lasterr(void) {
    gohttp_error e = {.size = sizeof e};
    if (gohttp_last_error(&e) != GOHTTP_OK)
        t_fail(__FILE__, __LINE__, "gohttp_last_error failed");
    return e;
}

gohttp_conn *t_conn(int port) {
    gohttp_conn *c = NULL;
    int rc = gohttp_conn_new("127.0.0.1", GOHTTP_NUL, port, &c);
    if (rc != GOHTTP_OK) {
        t_fail(__FILE__, __LINE__, "gohttp_conn_new(127.0.0.1, %d) = %d: %s", port, rc,
               t_errmsg());
        return NULL;
    }
    t_track_conn(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0), GOHTTP_OK);
    return c;
}

void t_free_conn(gohttp_conn *c) {
    t_untrack(c);
    CHECK_RC(gohttp_conn_free(c), GOHTTP_OK);
}

void t_free_resp(gohttp_resp *r) {
    t_untrack(r);
    CHECK_RC(gohttp_resp_free(r), GOHTTP_OK);
}

gohttp_resp *t_getresponse(gohttp_conn *c) {
    gohttp_resp *r = NULL;
    int rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        t_fail(__FILE__, __LINE__, "gohttp_conn_getresponse = %d (%s): %s", rc,
               gohttp_strerror(rc), t_errmsg());
        return NULL;
    }
    t_track_resp(r);
    return r;
}

gohttp_resp *t_request(gohttp_conn *c, const char *method, const char *url) {
    int rc = gohttp_conn_request(c, method, GOHTTP_NUL, url, GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc != GOHTTP_OK) {
        t_fail(__FILE__, __LINE__, "gohttp_conn_request(%s %s) = %d (%s): %s", method, url, rc,
               gohttp_strerror(rc), t_errmsg());
        return NULL;
    }
    return t_getresponse(c);
}

int t_set_transport(gohttp_conn *c, gohttp_read_fn rd, gohttp_write_fn wr, gohttp_close_fn cl, void *user) {
    gohttp_transport t = {.size = sizeof t, .user = user, .read = rd, .write = wr, .close = cl};
    return gohttp_conn_set_transport(c, &t);
}

int t_set_transport_file(gohttp_conn *c, gohttp_file_fn f, gohttp_write_fn wr, gohttp_close_fn cl, void *user) {
    gohttp_transport t = {.size = sizeof t, .user = user, .write = wr, .close = cl, .file = f};
    return gohttp_conn_set_transport(c, &t);
}

int t_resp_new(gohttp_read_fn rd, gohttp_close_fn cl, void *user, const char *method, int64_t method_len,
               gohttp_resp **out) {
    gohttp_transport t = {.size = sizeof t, .user = user, .read = rd, .close = cl};
    return gohttp_resp_new(&t, method, method_len, out);
}

int t_resp_new_file(gohttp_file_fn f, gohttp_close_fn cl, void *user, const char *method, int64_t method_len,
                    gohttp_resp **out) {
    gohttp_transport t = {.size = sizeof t, .user = user, .close = cl, .file = f};
    return gohttp_resp_new(&t, method, method_len, out);
}

int t_putheader(gohttp_conn *c, const char *name, int64_t name_len, const char *value, int64_t value_len) {
    const char *values[1] = {value};
    int64_t lens[1] = {value_len};
    return gohttp_conn_putheader(c, name, name_len, values, lens, 1);
}

char *t_readall(gohttp_resp *r, int64_t *n) {
    int64_t need = 0;
    *n = 0;
    int rc = gohttp_resp_readall(r, NULL, 0, &need);
    if (rc != GOHTTP_OK && rc != GOHTTP_E_RANGE) {
        t_fail(__FILE__, __LINE__, "gohttp_resp_readall = %d (%s): %s", rc, gohttp_strerror(rc),
               t_errmsg());
        return NULL;
    }
    char *buf = malloc((size_t)need + 1);
    if (rc == GOHTTP_E_RANGE) {
        rc = gohttp_resp_readall(r, buf, need, n);
        if (rc != GOHTTP_OK) {
            t_fail(__FILE__, __LINE__, "gohttp_resp_readall(%lld) = %d (%s): %s", (long long)need,
                   rc, gohttp_strerror(rc), t_errmsg());
            free(buf);
            return NULL;
        }
    }
    buf[*n] = '\0';
    return buf;
}

struct gohttp_resp_info t_rinfo(gohttp_resp *r) {
    struct gohttp_resp_info info = {.size = sizeof info};
    int rc = gohttp_resp_info(r, &info);
    if (rc != GOHTTP_OK) {
        t_fail(__FILE__, __LINE__, "gohttp_resp_info = %d (%s): %s", rc, gohttp_strerror(rc),
               t_errmsg());
        memset(&info, 0, sizeof info);
    }
    return info;
}

struct gohttp_conn_info t_cinfo(gohttp_conn *c) {
    struct gohttp_conn_info info = {.size = sizeof info};
    int rc = gohttp_conn_info(c, &info);
    if (rc != GOHTTP_OK) {
        t_fail(__FILE__, __LINE__, "gohttp_conn_info = %d (%s): %s", rc, gohttp_strerror(rc),
               t_errmsg());
        memset(&info, 0, sizeof info);
    }
    return info;
}

int t_status(gohttp_resp *r) {
    struct gohttp_resp_info info = {.size = sizeof info};
    if (gohttp_resp_info(r, &info) != GOHTTP_OK)
        return 0;
    return info.status;
}

static char *getbuf; /* one buffer: call from one thread at a time */
static int64_t getcap;

/* fetch runs a data-out call twice: a size query, then the copy. */
static const char *fetch(void *h, int what, int conn, int64_t *n) {
    int64_t need = 0;
    *n = 0;
    int rc = conn ? gohttp_conn_get(h, what, NULL, 0, &need) : gohttp_resp_get(h, what, NULL, 0, &need);
    if (rc == GOHTTP_OK) {
        if (!getbuf) {
            getbuf = malloc(1);
            getcap = 0;
        }
        getbuf[0] = '\0';
        return getbuf;
    }
    if (rc != GOHTTP_E_RANGE)
        return NULL;
    if (need + 1 > getcap) {
        free(getbuf);
        getbuf = malloc((size_t)need + 1);
        getcap = need + 1;
    }
    int64_t got = -1;
    rc = conn ? gohttp_conn_get(h, what, getbuf, need, &got) : gohttp_resp_get(h, what, getbuf, need, &got);
    if (rc != GOHTTP_OK || got != need)
        return NULL;
    getbuf[got] = '\0';
    *n = got;
    return getbuf;
}

const char *t_resp_get(gohttp_resp *r, int what, int64_t *n) { return fetch(r, what, 0, n); }
const char *t_conn_get(gohttp_conn *c, int what, int64_t *n) { return fetch(c, what, 1, n); }

int t_pattern_ok(const char *buf, size_t n, size_t off) {
    for (size_t i = 0; i < n; i++)
        if (buf[i] != (char)('a' + (off + i) % 26))
            return 0;
    return 1;
}

static int listen_any(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int t_unused_port(void) {
    int port = 0, fd = listen_any(&port);
    if (fd >= 0)
        close(fd); /* nothing listens there now (until someone binds it) */
    return port;
}

int t_connect_tcp(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The scripted server. */
struct script {
    int lfd, port;
    pthread_t th;
    const script_step *steps;
    size_t nsteps;
    char *rec;        /* everything received */
    size_t rec_len, rec_cap;
    char *in;         /* received on the current connection, not yet parsed */
    size_t in_len, in_cap;
    int nreq, nconn;
};

static void append(char **buf, size_t *len, size_t *cap, const char *p, size_t n) {
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1)
            c *= 2;
        *buf = realloc(*buf, c);
        *cap = c;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static void set_timeouts(int fd) {
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* request_len returns the length of the first complete request in (p, n),
 * or 0 if it is not all there yet. */
static size_t request_len(const char *p, size_t n) {
    const char *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end)
        return 0;
    size_t head = (size_t)(end - p) + 4;
    long clen = 0;
    int chunked = 0;
    for (const char *l = p; l < p + head; ) {
        const char *eol = memmem(l, (size_t)(p + head - l), "\r\n", 2);
        if (!eol)
            break;
        if ((size_t)(eol - l) > 15 && strncasecmp(l, "Content-Length:", 15) == 0)
            clen = atol(l + 15);
        if ((size_t)(eol - l) > 18 && strncasecmp(l, "Transfer-Encoding:", 18) == 0 &&
            memmem(l, (size_t)(eol - l), "chunked", 7))
            chunked = 1;
        l = eol + 2;
    }
    if (chunked) {
        if (n - head >= 5 && memcmp(p + head, "0\r\n\r\n", 5) == 0)
            return head + 5;
        const char *z = memmem(p + head, n - head, "\r\n0\r\n\r\n", 7);
        return z ? (size_t)(z - p) + 7 : 0;
    }
    return n - head >= (size_t)clen ? head + (size_t)clen : 0;
}

static int read_request(script *s, int fd) {
    char tmp[16384];
    for (;;) {
        size_t k = request_len(s->in, s->in_len);
        if (k) {
            append(&s->rec, &s->rec_len, &s->rec_cap, s->in, k);
            memmove(s->in, s->in + k, s->in_len - k);
            s->in_len -= k;
            s->nreq++;
            return 0;
        }
        ssize_t got = recv(fd, tmp, sizeof tmp, 0);
        if (got <= 0)
            return -1;
        append(&s->in, &s->in_len, &s->in_cap, tmp, (size_t)got);
    }
}

static void *script_main(void *arg) {
    script *s = arg;
    int fd = -1;
    char tmp[16384];
    for (size_t i = 0; i < s->nsteps; i++) {
        const script_step *st = &s->steps[i];
        if (fd < 0 && st->action != SS_SLEEP && st->action != SS_CLOSE) {
            fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
            if (fd < 0)
                break;
            set_timeouts(fd);
            s->nconn++;
            s->in_len = 0;
        }
        switch (st->action) {
        case SS_READ:
        case SS_REPLY:
            if (read_request(s, fd) != 0)
                goto out;
            if (st->action == SS_READ)
                break;
            /* fall through */
        case SS_SEND: {
            size_t len = st->len ? st->len : strlen(st->data);
            for (size_t off = 0; off < len;) {
                ssize_t w = send(fd, st->data + off, len - off, MSG_NOSIGNAL);
                if (w <= 0)
                    goto out;
                off += (size_t)w;
            }
            break;
        }
        case SS_CLOSE:
            if (fd >= 0)
                close(fd);
            fd = -1;
            break;
        case SS_DRAIN:
            for (;;) {
                ssize_t got = recv(fd, tmp, sizeof tmp, 0);
                if (got <= 0)
                    break;
                append(&s->rec, &s->rec_len, &s->rec_cap, tmp, (size_t)got);
            }
            close(fd);
            fd = -1;
            break;
        case SS_SLEEP:
            usleep((useconds_t)(st->len * 1000));
            break;
        case SS_FLOOD: {
            size_t len = st->len ? st->len : strlen(st->data);
            for (size_t total = 0; total < ((size_t)1 << 30); total += len) {
                for (size_t off = 0; off < len;) {
                    ssize_t w = send(fd, st->data + off, len - off, MSG_NOSIGNAL);
                    if (w <= 0)
                        goto flooded;
                    off += (size_t)w;
                }
            }
        flooded:
            close(fd);
            fd = -1;
            break;
        }
        }
    }
out:
    if (fd >= 0)
        close(fd);
    return NULL;
}

script *script_start(const script_step *steps, size_t nsteps) {
    script *s = calloc(1, sizeof *s);
    s->steps = steps;
    s->nsteps = nsteps;
    s->lfd = listen_any(&s->port);
    if (s->lfd < 0) {
        t_fail(__FILE__, __LINE__, "scripted server: cannot listen: %s", strerror(errno));
        free(s);
        return NULL;
    }
    set_timeouts(s->lfd); /* accept gives up after 5 s */
    pthread_create(&s->th, NULL, script_main, s);
    return s;
}

int script_port(const script *s) { return s ? s->port : 0; }

const char *script_finish(script *s, int64_t *n, int *nreq, int *nconn) {
    if (!s) {
        if (n)
            *n = 0;
        return "";
    }
    if (s->lfd >= 0) {
        pthread_join(s->th, NULL);
        close(s->lfd);
        s->lfd = -1;
    }
    if (n)
        *n = (int64_t)s->rec_len;
    if (nreq)
        *nreq = s->nreq;
    if (nconn)
        *nconn = s->nconn;
    return s->rec ? s->rec : "";
}

void script_free(script *s) {
    if (!s)
        return;
    script_finish(s, NULL, NULL, NULL);
    free(s->rec);
    free(s->in);
    free(s);
}

int t_wait_child(int pid, int *status) {
    for (int i = 0; i < 1000; i++) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w != 0)
            return 0;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, status, 0);
    return -1;
}
