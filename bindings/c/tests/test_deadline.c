/* test_deadline.c: timeouts that hold under signals, the total request
 * deadline (GOHTTP_OPT_DEADLINE), cancelling from another thread
 * (gohttp_conn_cancel), and the fork guard against
 * children made without pthread_atfork (_Fork, raw clone).
 *
 * Time bounds here only catch a hang, and the servers make sure that a
 * regression fails rather than hangs: a "silent" server gives up after
 * 5 s (the scripted server's receive timeout) and closes, so a call that
 * should have timed out or been cancelled ends with
 * GOHTTP_E_REMOTE_DISCONNECTED instead. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests.h"

/* glibc 2.34+ has _Fork (no pthread_atfork handlers run); declared here
 * weak so that an older glibc links and the test skips that case. */
extern pid_t _Fork(void) __attribute__((weak));

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* A server that reads one request and never answers; it gives up (and
 * closes) after 5 s without a byte from the client. */
static const script_step silent_steps[] = {{SS_READ, NULL, 0}, {SS_DRAIN, NULL, 0}};

/* -- signals ----------------------------------------------------------- */

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) {
    (void)sig;
    alarms++;
}

/* A periodic signal must not restart the timeout: with a 1 s timeout and
 * SIGALRM every 0.2 s (handler installed with SA_RESTART, and SA_ONSTACK
 * as the header requires), getresponse against a silent server still
 * times out. ITIMER_REAL signals the process; Linux gives such a signal
 * to the main thread first (this one, blocked in the library) when it
 * does not block it. */
static void test_timeout_under_signals(void) {
    script *s = script_start(silent_steps, 2);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 1.0), GOHTTP_OK);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    REQUIRE(sigaction(SIGALRM, &sa, &old) == 0);
    struct itimerval it = {{0, 200000}, {0, 200000}}, off = {{0, 0}, {0, 0}};
    alarms = 0;
    setitimer(ITIMER_REAL, &it, NULL);

    gohttp_resp *r = NULL;
    int rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    double t0 = t_now();
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    double took = t_now() - t0;

    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);
    CHECK_RC(rc, GOHTTP_E_TIMEOUT);
    CHECK(r == NULL);
    CHECKF(alarms >= 2, "only %d SIGALRM delivered while waiting", (int)alarms);
    CHECKF(took < 4.5, "the 1 s timeout ended the call after %.2f s", took);
    if (r)
        gohttp_resp_free(r);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    t_free_conn(c);
    script_free(s);
}

/* -- the total deadline -------------------------------------------------- */

/* A server that sends the head, then one body byte every 0.2 s: each read
 * is quick, so only a deadline on the whole request ends it. */
static void test_total_deadline(void) {
    enum { DRIP = 20 };
    script_step steps[3 + 2 * DRIP];
    int64_t k = 0;
    steps[k++] = (script_step){SS_READ, NULL, 0};
    steps[k++] = (script_step){SS_SEND, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", 0};
    for (int i = 0; i < DRIP; i++) {
        steps[k++] = (script_step){SS_SLEEP, NULL, 200};
        steps[k++] = (script_step){SS_SEND, "x", 1};
    }
    steps[k++] = (script_step){SS_CLOSE, NULL, 0};
    script *s = script_start(steps, k);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 5.0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, 0.8), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, NAN), GOHTTP_E_ARG);
    gohttp_resp *r = t_request(c, "GET", "/");
    if (r) {
        char buf[64];
        int64_t n = 0;
        double t0 = t_now();
        CHECK_RC(gohttp_resp_readall(r, buf, sizeof buf, &n), GOHTTP_E_TIMEOUT);
        CHECKF(t_now() - t0 < 3.5, "the deadline of 0.8 s ended the body after %.2f s", t_now() - t0);
        CHECK_CONTAINS(t_errmsg(), strlen(t_errmsg()), "deadline");
        t_free_resp(r);
    }
    t_free_conn(c);
    script_free(s);

    /* The deadline counts from each request's start: requests that each
     * take less than it pass, however long the connection lives. */
    c = t_conn(P.http);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, 2.0), GOHTTP_OK);
    for (int i = 0; i < 3; i++) {
        r = t_request(c, "GET", "/slow?ms=700");
        REQUIRE(r);
        CHECK(t_status(r) == 200);
        int64_t n = 0;
        free(t_readall(r, &n));
        t_free_resp(r);
    }
    /* ... and one that takes longer fails, then the next works. */
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, 0.3), GOHTTP_OK);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/slow?ms=3000", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
             GOHTTP_OK);
    r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_TIMEOUT);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, -1), GOHTTP_OK);
    r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* -- cancel ---------------------------------------------------------------- */

struct blocked {
    gohttp_conn *c;
    gohttp_resp *r;   /* for body reads */
    int rc;
    double took;
    int err_code;     /* the thread's gohttp_last_error after the call */
    char err_msg[256];
};

static void keep_last_error(struct blocked *b) {
    gohttp_error e = {.size = sizeof e};
    if (gohttp_last_error(&e) == GOHTTP_OK) {
        b->err_code = e.code;
        snprintf(b->err_msg, sizeof b->err_msg, "%s", e.message);
    }
}

static void *getresponse_thread(void *arg) {
    struct blocked *b = arg;
    gohttp_resp *r = NULL;
    double t0 = t_now();
    b->rc = gohttp_conn_request(b->c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (b->rc == GOHTTP_OK)
        b->rc = gohttp_conn_getresponse(b->c, &r, NULL, NULL, 0);
    b->took = t_now() - t0;
    keep_last_error(b);
    if (r)
        gohttp_resp_free(r);
    return NULL;
}

static void *read_thread(void *arg) {
    struct blocked *b = arg;
    char buf[64];
    int64_t n = 0;
    double t0 = t_now();
    b->rc = gohttp_resp_readall(b->r, buf, sizeof buf, &n);
    b->took = t_now() - t0;
    keep_last_error(b);
    return NULL;
}

/* gohttp_conn_cancel from another thread ends a getresponse blocked on a
 * silent server with GOHTTP_E_CANCELLED, without waiting for the
 * handle's lock (a locked call elsewhere on the handle gets BUSY, the
 * cancel does not); the socket is closed and the next request works. */
static void test_cancel_blocked(void) {
    script *s = script_start(silent_steps, 2);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, -1), GOHTTP_OK); /* nothing but the cancel ends it */
    struct blocked b = {c, NULL, 1, 0, 0, ""};
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, getresponse_thread, &b) == 0);
    /* Wait until the thread holds the handle (a locked call gets BUSY). */
    struct gohttp_conn_info ci = {.size = sizeof ci};
    int busy = 0;
    for (int i = 0; i < 500 && !busy; i++) {
        busy = gohttp_conn_info(c, &ci) == GOHTTP_E_BUSY;
        if (!busy)
            sleep_ms(2);
    }
    CHECK(busy);
    sleep_ms(100);
    double t0 = t_now();
    CHECK_RC(gohttp_conn_cancel(c), GOHTTP_OK);
    pthread_join(th, NULL);
    double after = t_now() - t0;
    CHECK_RC(b.rc, GOHTTP_E_CANCELLED);
    CHECKF(after < 3, "the blocked call returned %.2f s after the cancel", after);
    CHECK_STR(gohttp_strerror(GOHTTP_E_CANCELLED), "operation cancelled");
    /* The cancelled thread's last error says so; this thread's is the
     * overlap it saw while waiting. */
    CHECK_RC(b.err_code, GOHTTP_E_CANCELLED);
    CHECK_CONTAINS(b.err_msg, strlen(b.err_msg), "cancel");
    CHECK_RC(t_errcode(), GOHTTP_E_BUSY);
    CHECK(t_cinfo(c).connected == 0);
    int nconn = 0;
    script_finish(s, NULL, NULL, &nconn);
    CHECK(nconn == 1);
    script_free(s);

    /* The connection is usable again: a request to a live server. */
    char host[32];
    snprintf(host, sizeof host, "127.0.0.1:%d", P.http);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_HOST, host, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    /* A response is not a connection: the wrong kind of handle. */
    CHECK_RC(gohttp_conn_cancel((gohttp_conn *)(void *)r), GOHTTP_E_BADHANDLE);
    t_free_resp(r);
    t_free_conn(c);
    CHECK_RC(gohttp_conn_cancel(NULL), GOHTTP_E_BADHANDLE);
}

/* A cancel with nothing blocked is kept: the next blocking operation
 * fails with GOHTTP_E_CANCELLED, once; the one after works. */
static void test_cancel_before(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    t_free_resp(r);
    CHECK_RC(gohttp_conn_cancel(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_cancel(c), GOHTTP_OK); /* two cancels are one */
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0),
             GOHTTP_E_CANCELLED);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

/* A body read blocked mid-body, on a response that owns the socket (it
 * will close the connection), is cancelled with gohttp_conn_cancel, which
 * covers every response of the connection. */
static void test_cancel_body(void) {
    static const script_step steps[] = {
        {SS_READ, NULL, 0},
        {SS_SEND, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 10\r\n\r\nab", 0},
        {SS_DRAIN, NULL, 0},
    };
    script *s = script_start(steps, 3);
    REQUIRE(s);
    gohttp_conn *c = t_conn(script_port(s));
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    CHECK(t_rinfo(r).will_close == 1);
    struct blocked b = {NULL, r, 1, 0, 0, ""};
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, read_thread, &b) == 0);
    sleep_ms(200);
    CHECK_RC(gohttp_conn_cancel(c), GOHTTP_OK);
    pthread_join(th, NULL);
    CHECK_RC(b.rc, GOHTTP_E_CANCELLED);
    CHECK_RC(b.err_code, GOHTTP_E_CANCELLED);
    CHECK(b.took < 4);
    t_free_resp(r);
    t_free_conn(c);
    script_free(s);
}

/* A host transport cannot be interrupted; the cancel and the deadline are
 * checked between its callbacks. */
struct slow_tp {
    gohttp_conn *c;
    int reads, closes, cancel_at;
};

static int slow_read(void *u, void *buf, int64_t cap, int64_t *n) {
    struct slow_tp *t = u;
    static const char head[] = "HTTP/1.1 200 OK\r\n";
    (void)cap;
    t->reads++;
    if (t->cancel_at && t->reads == t->cancel_at)
        gohttp_conn_cancel(t->c); /* from inside the call: no lock taken */
    sleep_ms(50);
    ((char *)buf)[0] = t->reads <= (int)sizeof head - 1 ? head[t->reads - 1] : 'X';
    *n = 1;
    return t->reads > 400 ? -1 : 0;
}

static int slow_write(void *u, const void *data, int64_t len, int64_t *n) {
    (void)u;
    (void)data;
    *n = len;
    return 0;
}

static void slow_close(void *u) { ((struct slow_tp *)u)->closes++; }

static void test_host_transport_deadline_and_cancel(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    struct slow_tp t = {c, 0, 0, 0};
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, 0.5), GOHTTP_OK);
    gohttp_transport tp = {.size = sizeof tp, .user = &t, .read = slow_read, .write = slow_write,
                           .close = slow_close};
    REQUIRE_RC(gohttp_conn_set_transport(c, &tp), GOHTTP_OK);
    gohttp_resp *r = NULL;
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_TIMEOUT);
    CHECKF(t.reads >= 3 && t.reads < 100, "%d reads before the deadline of 0.5 s", t.reads);

    /* Cancelled during the 5th read: the 6th is never made, and the
     * transport is closed, once. */
    struct slow_tp t2 = {c, 0, 0, 5};
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_DEADLINE, -1), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    CHECK(t.closes == 1);
    tp.user = &t2;
    REQUIRE_RC(gohttp_conn_set_transport(c, &tp), GOHTTP_OK);
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    r = NULL;
    CHECK_RC(gohttp_conn_getresponse(c, &r, NULL, NULL, 0), GOHTTP_E_CANCELLED);
    CHECK(t2.reads == 5);
    CHECK(t2.closes == 1);
    t_free_conn(c);
    CHECK(t2.closes == 1);
}

/* -- fork guard ------------------------------------------------------------ */

static pid_t spawn_clone(void) { return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); }
static pid_t spawn_fork_nohandlers(void) { return _Fork(); }

/* In a child made by spawn (which skips pthread_atfork handlers) every
 * call returns GOHTTP_E_FORKED at once; it must not enter Go (where it
 * would hang). The wait on the child is bounded. */
static void check_child(pid_t (*spawn)(void), const char *how) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = spawn();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int bits = 0;
        gohttp_conn *c2 = NULL;
        struct gohttp_conn_info ci = {.size = sizeof ci};
        if (gohttp_conn_info(c, &ci) != GOHTTP_E_FORKED) bits |= 1;
        if (gohttp_conn_new("127.0.0.1", GOHTTP_NUL, P.http, &c2) != GOHTTP_E_FORKED) bits |= 2;
        if (gohttp_conn_request(c, "GET", 3, "/", 1, NULL, 0, NULL, 0, 0) != GOHTTP_E_FORKED) bits |= 4;
        if (gohttp_conn_cancel(c) != GOHTTP_E_FORKED) bits |= 8;
        if (gohttp_live_handles() != -1) bits |= 16;
        if (write(fds[1], &bits, sizeof bits) != (ssize_t)sizeof bits)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    int status = 0;
    if (t_wait_child(pid, &status) != 0) {
        t_fail(__FILE__, __LINE__, "the child made by %s hung inside the library (killed after 10 s)", how);
    } else {
        int bits = -1;
        CHECKF(read(fds[0], &bits, sizeof bits) == (ssize_t)sizeof bits, "%s: no verdict from the child", how);
        CHECKF(bits == 0, "%s: in the child, calls with bits 0x%x did not return GOHTTP_E_FORKED", how, bits);
    }
    close(fds[0]);
    /* The parent goes on as before. */
    gohttp_resp *r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(c);
}

static void test_fork_without_atfork(void) {
    check_child(spawn_clone, "clone(SIGCHLD)");
    if (_Fork)
        check_child(spawn_fork_nohandlers, "_Fork()");
    else
        t_note("this C library has no _Fork(); only the raw clone was tried");
}

/* The library's version, then the Go toolchain it was built with:
 * "1.0.0 (go1.26.8)". */
static void test_go_version(void) {
    const char *v = gohttp_version();
    REQUIRE(v);
    char want[64];
    snprintf(want, sizeof want, "%s (", GOHTTP_VERSION);
    CHECKF(strncmp(v, want, strlen(want)) == 0, "gohttp_version() = %s", v);
    const char *go = strchr(v, '(');
    REQUIRE(go);
    CHECKF(strncmp(go + 1, "go", 2) == 0 || strncmp(go + 1, "devel", 5) == 0, "gohttp_version() = %s", v);
    CHECK(v[strlen(v) - 1] == ')');
    CHECK(gohttp_version_number() ==
          GOHTTP_VERSION_MAJOR * 10000 + GOHTTP_VERSION_MINOR * 100 + GOHTTP_VERSION_PATCH);
}

const test_case deadline_tests[] = {
    {"deadline_timeout_under_signals", test_timeout_under_signals, 0},
    {"deadline_total", test_total_deadline, 0},
    {"deadline_cancel_blocked", test_cancel_blocked, 0},
    {"deadline_cancel_before", test_cancel_before, 0},
    {"deadline_cancel_body", test_cancel_body, 0},
    {"deadline_host_transport", test_host_transport_deadline_and_cancel, 0},
    {"fork_without_atfork", test_fork_without_atfork, 0},
    {"go_version", test_go_version, 0},
    {NULL, NULL, 0},
};
