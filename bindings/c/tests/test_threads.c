/* test_threads.c: many threads on their own connections, two threads on
 * one handle (GOHTTP_E_BUSY, never corruption), and fork(). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests.h"

struct worker {
    int id, requests;
    int ok, failures;
    int64_t max_live;
    char first_error[256];
};

static void worker_fail(struct worker *w, const char *what, int rc, const char *msg) {
    if (w->failures++ == 0)
        snprintf(w->first_error, sizeof w->first_error, "thread %d: %s = %d (%s): %s", w->id, what, rc,
                 gohttp_strerror(rc), msg);
}

static void *worker_main(void *arg) {
    struct worker *w = arg;
    gohttp_conn *c = NULL;
    int rc = gohttp_conn_new("127.0.0.1", GOHTTP_NUL, P.http, &c);
    if (rc != GOHTTP_OK) {
        worker_fail(w, "gohttp_conn_new", rc, t_errmsg());
        return NULL;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10);
    char url[64], buf[512];
    for (int i = 0; i < w->requests; i++) {
        int64_t want = (int64_t)(1 + (w->id * 131 + i * 17) % 400), n = 0;
        snprintf(url, sizeof url, "/bytes?n=%lld", (long long)want);
        rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, url, GOHTTP_NUL, NULL, 0, NULL, 0, 0);
        if (rc != GOHTTP_OK) {
            worker_fail(w, "gohttp_conn_request", rc, t_errmsg());
            gohttp_conn_close(c);
            continue;
        }
        gohttp_resp *r = NULL;
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
        if (rc != GOHTTP_OK) {
            worker_fail(w, "gohttp_conn_getresponse", rc, t_errmsg());
            gohttp_conn_close(c);
            continue;
        }
        rc = gohttp_resp_readall(r, buf, sizeof buf, &n);
        struct gohttp_resp_info info = {.size = sizeof info};
        int st = gohttp_resp_info(r, &info) == GOHTTP_OK ? info.status : 0;
        if (rc != GOHTTP_OK || st != 200 || n != want || !t_pattern_ok(buf, n, 0))
            worker_fail(w, "gohttp_resp_readall", rc, rc ? t_errmsg() : "wrong status or body");
        else
            w->ok++;
        int64_t live = gohttp_live_handles();
        if (live > w->max_live)
            w->max_live = live;
        rc = gohttp_resp_free(r);
        if (rc != GOHTTP_OK)
            worker_fail(w, "gohttp_resp_free", rc, "");
    }
    rc = gohttp_conn_free(c);
    if (rc != GOHTTP_OK)
        worker_fail(w, "gohttp_conn_free", rc, "");
    return NULL;
}

/* 8 threads x 1000 keep-alive requests, each thread on its own connection. */
static void test_many_threads(void) {
    enum { NT = 8 };
    int per = t_quick ? 25 : 1000;
    struct worker w[NT];
    pthread_t th[NT];
    double t0 = t_now();
    for (int i = 0; i < NT; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].id = i;
        w[i].requests = per;
        REQUIRE(pthread_create(&th[i], NULL, worker_main, &w[i]) == 0);
    }
    int ok = 0;
    int64_t max_live = 0;
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
        if (w[i].max_live > max_live)
            max_live = w[i].max_live;
        CHECKF(w[i].failures == 0, "%d failures; first: %s", w[i].failures, w[i].first_error);
    }
    double took = t_now() - t0;
    CHECKF(ok == NT * per, "%d of %d requests succeeded", ok, NT * per);
    /* Each thread holds at most a connection and a response. */
    CHECKF(max_live <= 2 * NT, "up to %lld live handles seen; want <= %d", (long long)max_live, 2 * NT);
    CHECK(gohttp_live_handles() == 0);
    t_note("%d requests in %.2f s (%.0f/s)", NT * per, took, NT * per / took);
}

/* Two threads on ONE connection: one runs requests, the other keeps
 * calling the same handle. The overlap is refused with GOHTTP_E_BUSY,
 * never corrupts anything, and a retry succeeds. */
struct shared {
    gohttp_conn *c;
    gohttp_resp *volatile last_resp;
    volatile int done;
    int iterations;
    long busy_a, busy_b, calls_b, bad_b, ok_a, bad_a;
    char first_error[256];
};

/* Retry a call refused with GOHTTP_E_BUSY, yielding the processor in
 * between (a spin without it can starve the holder under valgrind's
 * one-thread-at-a-time scheduler). */
#define RETRY(sh, counter, call) \
    for (;;) { int rc_ = (call); if (rc_ != GOHTTP_E_BUSY) { rc = rc_; break; } (sh)->counter++; sched_yield(); }

static void *runner_a(void *arg) {
    struct shared *sh = arg;
    static char buf[20000];
    int rc;
    for (int i = 0; i < sh->iterations; i++) {
        RETRY(sh, busy_a, gohttp_conn_request(sh->c, "GET", GOHTTP_NUL, "/bytes?n=20000", GOHTTP_NUL,
                                              NULL, 0, NULL, 0, 0));
        if (rc != GOHTTP_OK)
            goto bad;
        gohttp_resp *r = NULL;
        RETRY(sh, busy_a, gohttp_conn_getresponse(sh->c, &r, NULL, NULL, 0));
        if (rc != GOHTTP_OK)
            goto bad;
        sh->last_resp = r;
        int64_t n = 0;
        RETRY(sh, busy_a, gohttp_resp_readall(r, buf, sizeof buf, &n));
        if (rc != GOHTTP_OK || n != sizeof buf || !t_pattern_ok(buf, n, 0)) {
            if (!sh->first_error[0])
                snprintf(sh->first_error, sizeof sh->first_error, "readall = %d, %lld bytes", rc, (long long)n);
            sh->bad_a++;
        } else {
            sh->ok_a++;
        }
        sh->last_resp = NULL;
        RETRY(sh, busy_a, gohttp_resp_free(r));
        if (rc != GOHTTP_OK)
            goto bad;
        continue;
    bad:
        if (!sh->first_error[0])
            snprintf(sh->first_error, sizeof sh->first_error, "iteration %d: %d (%s)", i, rc, gohttp_strerror(rc));
        sh->bad_a++;
        RETRY(sh, busy_a, gohttp_conn_close(sh->c));
    }
    sh->done = 1;
    return NULL;
}

static void *hammer_b(void *arg) {
    struct shared *sh = arg;
    while (!sh->done) {
        struct gohttp_conn_info ci = {.size = sizeof ci};
        int rc = gohttp_conn_info(sh->c, &ci);
        sh->calls_b += 2;
        if (rc == GOHTTP_E_BUSY)
            sh->busy_b++;
        else if (rc != GOHTTP_OK || ci.port != P.http || ci.state < 0 || ci.state > 2)
            sh->bad_b++;
        char host[64];
        int64_t hn = 0;
        rc = gohttp_conn_get(sh->c, GOHTTP_CONN_HOST, host, sizeof host, &hn);
        if (rc == GOHTTP_E_BUSY)
            sh->busy_b++;
        else if (rc != GOHTTP_OK || hn != 9 || memcmp(host, "127.0.0.1", 9) != 0)
            sh->bad_b++;
        /* The responses of the connection share its lock. The pointer may
         * be freed under us; that is fine only because the handle table
         * answers GOHTTP_E_BADHANDLE for it (nothing else reuses the
         * address while this test runs: no other thread makes handles). */
        gohttp_resp *r = sh->last_resp;
        if (r) {
            struct gohttp_resp_info ri = {.size = sizeof ri};
            rc = gohttp_resp_info(r, &ri);
            sh->calls_b++;
            if (rc == GOHTTP_E_BUSY)
                sh->busy_b++;
            else if (rc == GOHTTP_OK && ri.status != 200)
                sh->bad_b++;
        }
    }
    return NULL;
}

static void test_busy_one_handle(void) {
    struct shared sh;
    memset(&sh, 0, sizeof sh);
    sh.iterations = t_quick ? 20 : 300;
    sh.c = t_conn(P.http);
    REQUIRE(sh.c);
    pthread_t a, b;
    REQUIRE(pthread_create(&b, NULL, hammer_b, &sh) == 0);
    REQUIRE(pthread_create(&a, NULL, runner_a, &sh) == 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    CHECKF(sh.bad_a == 0, "%ld bad iterations; first: %s", sh.bad_a, sh.first_error);
    CHECKF(sh.ok_a == sh.iterations, "%ld of %d requests read correctly", sh.ok_a, sh.iterations);
    CHECKF(sh.bad_b == 0, "%ld wrong answers to the second thread", sh.bad_b);
    CHECKF(sh.busy_a + sh.busy_b > 0, "no GOHTTP_E_BUSY seen in %ld overlapping calls", sh.calls_b);
    t_note("busy: runner %ld, hammer %ld of %ld calls", sh.busy_a, sh.busy_b, sh.calls_b);
    /* The connection is intact. */
    gohttp_resp *r = t_request(sh.c, "GET", "/");
    REQUIRE(r);
    CHECK(t_status(r) == 200);
    t_free_resp(r);
    t_free_conn(sh.c);
}

struct blocker {
    gohttp_conn *c;
    int rc;
};

static void *block_in_getresponse(void *arg) {
    struct blocker *bl = arg;
    gohttp_resp *r = NULL;
    do /* the main thread may be inside a call on the handle right now */
        bl->rc = gohttp_conn_getresponse(bl->c, &r, NULL, NULL, 0);
    while (bl->rc == GOHTTP_E_BUSY);
    if (r)
        gohttp_resp_free(r);
    return NULL;
}

/* Deterministic overlaps while another thread blocks inside the
 * connection: calls on it and on one of its responses are GOHTTP_E_BUSY;
 * frees succeed at once (the close waits for the running call). */
static void test_busy_free(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r1 = t_request(c, "GET", "/");
    REQUIRE(r1);
    int64_t n = 0;
    char *b = t_readall(r1, &n);
    free(b);
    REQUIRE_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/slow?ms=1500", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_OK);
    struct blocker bl = {c, 1};
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, block_in_getresponse, &bl) == 0);
    /* Wait until the thread is inside getresponse (the server answers
     * 1.5 s after the request). */
    struct gohttp_conn_info ci = {.size = sizeof ci};
    struct gohttp_resp_info ri = {.size = sizeof ri};
    int rc = GOHTTP_OK;
    for (int i = 0; i < 200 && rc != GOHTTP_E_BUSY; i++) {
        usleep(5 * 1000);
        rc = gohttp_conn_info(c, &ci);
    }
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(rc, GOHTTP_E_BUSY);
    CHECK_RC(gohttp_conn_info(c, &ci), GOHTTP_E_BUSY);
    CHECK_RC(gohttp_resp_info(r1, &ri), GOHTTP_E_BUSY);
    /* Each thread has its own last error: this one's is the overlap,
     * readable while the other thread still holds the handle. */
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK_RC(e.code, GOHTTP_E_BUSY);
    CHECK(strstr(e.message, "another thread") != NULL);
    CHECK(strstr(t_errmsg(), "another thread") != NULL);
    CHECK(gohttp_live_handles() == 2);
    /* Freeing never fails for a busy family: the handles go at once. */
    t_untrack(r1);
    CHECK_RC(gohttp_resp_free(r1), GOHTTP_OK);
    CHECK(gohttp_live_handles() == 1);
    CHECK_RC(gohttp_resp_info(r1, &ri), GOHTTP_E_BADHANDLE);
    t_untrack(c);
    CHECK_RC(gohttp_conn_free(c), GOHTTP_OK);
    CHECK_RC(gohttp_conn_info(c, &ci), GOHTTP_E_BADHANDLE);
    pthread_join(th, NULL);
    /* The running call finished normally (its response was freed by the
     * thread), and nothing is left. */
    CHECK_RC(bl.rc, GOHTTP_OK);
    CHECK(gohttp_live_handles() == 0);
}

/* After fork(), the child may not use the library: every call returns
 * GOHTTP_E_FORKED at once (it must not hang). */
static void test_fork(void) {
    gohttp_conn *c = t_conn(P.http);
    REQUIRE(c);
    gohttp_resp *r = t_request(c, "GET", "/");
    REQUIRE(r);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int bits = 0;
        struct gohttp_conn_info ci = {.size = sizeof ci};
        gohttp_transport t = {.size = sizeof t};
        gohttp_conn *c2 = NULL;
        gohttp_resp *r2 = NULL;
        char buf[16];
        int64_t n = 0;
        gohttp_error e = {.size = sizeof e};
        if (gohttp_conn_info(c, &ci) != GOHTTP_E_FORKED) bits |= 1;
        if (gohttp_conn_new("127.0.0.1", GOHTTP_NUL, P.http, &c2) != GOHTTP_E_FORKED) bits |= 2;
        if (gohttp_conn_request(c, "GET", 3, "/", 1, NULL, 0, NULL, 0, 0) != GOHTTP_E_FORKED) bits |= 4;
        if (gohttp_resp_read(r, buf, sizeof buf, &n) != GOHTTP_E_FORKED) bits |= 8;
        if (gohttp_conn_free(c) != GOHTTP_E_FORKED) bits |= 16;
        if (gohttp_resp_free(r) != GOHTTP_E_FORKED) bits |= 32;
        if (gohttp_last_error(&e) != GOHTTP_E_FORKED) bits |= 64;
        if (gohttp_conn_new_https("h", 1, 443, &c2) != GOHTTP_E_FORKED) bits |= 128;
        if (gohttp_resp_new(&t, "GET", 3, &r2) != GOHTTP_E_FORKED) bits |= 256;
        if (strstr(gohttp_strerror(GOHTTP_E_FORKED), "fork") == NULL) bits |= 512;
        if (write(fds[1], &bits, sizeof bits) != (ssize_t)sizeof bits)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    int status = 0;
    if (t_wait_child(pid, &status) != 0) {
        t_fail(__FILE__, __LINE__, "the forked child hung inside the library (killed after 10 s)");
    } else {
        /* (Under valgrind the exit status is valgrind's; the verdict
         * comes through the pipe.) */
        CHECKF(WIFEXITED(status), "child: %s %d",
               WIFEXITED(status) ? "exit status" : "signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        int bits = -1;
        CHECK(read(fds[0], &bits, sizeof bits) == (ssize_t)sizeof bits);
        /* bit i: check i in the child (conn_info, conn_new, request,
         * resp_read, conn_free, resp_free, last_error, new_https, resp_new,
         * strerror) did not give GOHTTP_E_FORKED. */
        CHECKF(bits == 0, "in the child, calls with bits 0x%x did not return GOHTTP_E_FORKED", bits);
    }
    close(fds[0]);
    /* The parent goes on as before. */
    int64_t n = 0;
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "hello from gohttp testsrv\n");
    free(b);
    t_free_resp(r);
    r = t_request(c, "GET", "/bytes?n=3");
    REQUIRE(r);
    b = t_readall(r, &n);
    CHECK_MEM(b, n, "abc");
    free(b);
    t_free_resp(r);
    t_free_conn(c);
}

const test_case thread_tests[] = {
    {"threads_busy_free_and_family", test_busy_free, 0},
    {"threads_two_on_one_handle", test_busy_one_handle, T_HEAVY},
    {"threads_8x1000_keepalive", test_many_threads, T_HEAVY},
    {"fork_child_gets_forked", test_fork, 0},
    {NULL, NULL, 0},
};
