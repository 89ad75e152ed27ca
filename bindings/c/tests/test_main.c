/* test_main.c: runs gohttp's C test suite.
 *
 *   gohttp_c_tests PORTS_JSON [--quick] [NAME...]
 *
 * PORTS_JSON is the file `testsrv -ports FILE` wrote (the server must be
 * running). --quick (or GOHTTP_C_TESTS_QUICK=1) shrinks the heavy tests,
 * for valgrind. NAMEs select tests whose names start with them.
 * One line per test, then "N passed, N failed"; the exit status is 1 if
 * any test failed. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"

struct test_ports P;
int t_quick;

static int cur_failures;
static const char *cur_name;

void t_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    cur_failures++;
    if (cur_failures > 20)
        return; /* one broken loop must not flood the output */
    printf("  # %s: %s:%d: ", cur_name ? cur_name : "?", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

int t_check(int ok, const char *file, int line, const char *expr) {
    if (!ok)
        t_fail(file, line, "check failed: %s", expr);
    return ok;
}

int t_checkf(int ok, const char *file, int line, const char *fmt, ...) {
    if (ok)
        return 1;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    t_fail(file, line, "%s", msg);
    return 0;
}

void t_note(const char *fmt, ...) {
    va_list ap;
    printf("  # %s: ", cur_name ? cur_name : "?");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

int t_check_rc(const char *file, int line, const char *expr, int got, int want) {
    if (got == want)
        return 1;
    t_fail(file, line, "%s = %d (%s); want %d (%s)", expr, got, gohttp_strerror(got),
           want, gohttp_strerror(want));
    return 0;
}

/* quote writes a C-escaped, shortened copy of (p, n) into out. */
static const char *quote(char *out, size_t cap, const void *p, size_t n) {
    const unsigned char *s = p;
    size_t o = 0;
    if (!p)
        return "(null)";
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        unsigned char ch = s[i];
        if (ch == '\r') { out[o++] = '\\'; out[o++] = 'r'; }
        else if (ch == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
        else if (ch == '\t') { out[o++] = '\\'; out[o++] = 't'; }
        else if (ch == '\\' || ch == '"') { out[o++] = '\\'; out[o++] = (char)ch; }
        else if (ch < 0x20 || ch >= 0x7f) o += (size_t)snprintf(out + o, cap - o, "\\x%02x", ch);
        else out[o++] = (char)ch;
    }
    if (o + 8 >= cap)
        o += (size_t)snprintf(out + o, cap - o, "...");
    out[o] = '\0';
    return out;
}

int t_check_mem(const char *file, int line, const char *expr,
                const void *got, size_t got_len, const char *want, size_t want_len) {
    char a[400], b[400];
    if (got && got_len == want_len && memcmp(got, want, want_len) == 0)
        return 1;
    if (!got && want_len == 0)
        return 1;
    t_fail(file, line, "%s = \"%s\" (%zu bytes); want \"%s\" (%zu bytes)", expr,
           quote(a, sizeof a, got, got_len), got_len, quote(b, sizeof b, want, want_len), want_len);
    return 0;
}

int t_check_contains(const char *file, int line, const char *expr,
                     const char *hay, size_t hay_len, const char *needle) {
    char a[400];
    if (hay && memmem(hay, hay_len, needle, strlen(needle)))
        return 1;
    t_fail(file, line, "%s = \"%s\" does not contain \"%s\"", expr,
           quote(a, sizeof a, hay, hay_len), needle);
    return 0;
}

/* Tracked handles (see tests.h). */
#define MAX_TRACKED 256
static const void *tracked[MAX_TRACKED];
static int tracked_kind[MAX_TRACKED]; /* 1 conn, 2 resp */

static void track(const void *h, int kind) {
    if (!h)
        return;
    for (int i = 0; i < MAX_TRACKED; i++) {
        if (!tracked[i]) {
            tracked[i] = h;
            tracked_kind[i] = kind;
            return;
        }
    }
}
void t_track_conn(gohttp_conn *c) { track(c, 1); }
void t_track_resp(gohttp_resp *r) { track(r, 2); }
void t_untrack(const void *h) {
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] == h)
            tracked[i] = NULL;
}

/* cleanup frees what a test left behind, responses first. */
static int cleanup(void) {
    int n = 0;
    for (int kind = 2; kind >= 1; kind--) {
        for (int i = 0; i < MAX_TRACKED; i++) {
            if (!tracked[i] || tracked_kind[i] != kind)
                continue;
            if (kind == 2)
                gohttp_resp_free((gohttp_resp *)tracked[i]);
            else
                gohttp_conn_free((gohttp_conn *)tracked[i]);
            tracked[i] = NULL;
            n++;
        }
    }
    return n;
}

/* Ports JSON: a flat object; find "key": and read what follows. */
static char *json;

static const char *json_value(const char *key) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static int json_int(const char *key) {
    const char *p = json_value(key);
    return p ? atoi(p) : 0;
}

static void json_str(const char *key, char *out, size_t cap) {
    const char *p = json_value(key);
    size_t o = 0;
    out[0] = '\0';
    if (!p || *p != '"')
        return;
    for (p++; *p && *p != '"' && o + 1 < cap; p++) {
        if (*p == '\\' && p[1])
            p++; /* paths here hold no escapes beyond \\ and \" */
        out[o++] = *p;
    }
    out[o] = '\0';
}

static int load_ports(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "gohttp_c_tests: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = fread(json = calloc(1, cap + 1), 1, cap, f);
    fclose(f);
    json[n] = '\0';
    P.http = json_int("http");
    P.https = json_int("https");
    P.https_client_auth = json_int("https_client_auth");
    P.https_expired = json_int("https_expired");
    P.https_wrong_host = json_int("https_wrong_host");
    P.https_self_signed = json_int("https_self_signed");
    P.proxy = json_int("proxy");
    P.stall = json_int("stall");
    json_str("ca", P.ca, sizeof P.ca);
    json_str("client_cert", P.client_cert, sizeof P.client_cert);
    json_str("client_key", P.client_key, sizeof P.client_key);
    json_str("client_key_encrypted", P.client_key_encrypted, sizeof P.client_key_encrypted);
    json_str("client_key_password", P.client_key_password, sizeof P.client_key_password);
    free(json);
    json = NULL;
    if (!P.http || !P.proxy || !P.stall) {
        fprintf(stderr, "gohttp_c_tests: %s lacks the http, proxy or stall port\n", path);
        return -1;
    }
    return 0;
}

static const test_case *const suites[] = {
    handle_tests, request_tests, response_tests, scripted_tests,
    transport_tests, binding_tests, tls_tests, thread_tests, limit_tests, deadline_tests,
};

/* selected: a test runs when a NAME argument is a prefix of its name (or
 * no NAME is given), unless a "!PREFIX" argument excludes it. */
static int selected(const char *name, int argc, char **argv) {
    int any = 0, hit = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-')
            continue;
        if (a[0] == '!') {
            if (strncmp(name, a + 1, strlen(a + 1)) == 0)
                return 0;
            continue;
        }
        any = 1;
        if (strncmp(name, a, strlen(a)) == 0)
            hit = 1;
    }
    return hit || !any;
}

int main(int argc, char **argv) {
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s PORTS_JSON [--quick] [NAME...] [!NAME...]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Our own sockets (scripted server, host transport) write to peers
     * that may be gone; report EPIPE instead of dying. */
    signal(SIGPIPE, SIG_IGN);
    const char *q = getenv("GOHTTP_C_TESTS_QUICK");
    t_quick = q && *q && strcmp(q, "0") != 0;
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--quick") == 0)
            t_quick = 1;
    if (load_ports(argv[1]) != 0)
        return 2;

    int passed = 0, failed = 0;
    for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++) {
        for (const test_case *t = suites[s]; t->name; t++) {
            if (!selected(t->name, argc, argv))
                continue;
            cur_name = t->name;
            cur_failures = 0;
            double t0 = t_now();
            t->fn();
            int64_t live = gohttp_live_handles();
            if (live != 0) {
                t_fail(__FILE__, __LINE__, "gohttp_live_handles() = %lld after the test; want 0",
                       (long long)live);
            }
            int left = cleanup();
            if (live != 0 && gohttp_live_handles() != 0) {
                /* Untracked leaks: later tests would all fail on them. */
                t_note("%lld handles still live after cleanup of %d", (long long)gohttp_live_handles(), left);
            }
            double ms = (t_now() - t0) * 1000;
            if (cur_failures == 0) {
                passed++;
                printf("ok   %s (%.0f ms)\n", t->name, ms);
            } else {
                failed++;
                printf("FAIL %s (%.0f ms)\n", t->name, ms);
            }
            fflush(stdout);
        }
    }
    cur_name = "exit";
    int64_t live = gohttp_live_handles();
    if (live != 0) {
        printf("FAIL live handles at exit: %lld\n", (long long)live);
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
