/* get.c: one GET request with gohttp, printed like curl -i.
 *
 *   get [host[:port]] [path]      (default 127.0.0.1:8080 /)
 *
 * Build: cc get.c $(pkg-config --cflags --libs gohttp) -o get */
#include <stdio.h>
#include <stdlib.h>
#include "gohttp.h"

static int fail(gohttp_conn *c, gohttp_resp *r, int rc, const char *what) {
    gohttp_error err = {.size = sizeof err};
    gohttp_last_error(&err);
    fprintf(stderr, "get: %s: %s (%s)\n", what, err.message, gohttp_errname(rc));
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return 1;
}

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "127.0.0.1:8080";
    const char *path = argc > 2 ? argv[2] : "/";
    gohttp_conn *c = NULL;
    gohttp_resp *r = NULL;
    int rc = gohttp_conn_new(host, GOHTTP_NUL, -1, &c);
    if (rc != GOHTTP_OK)
        return fail(NULL, NULL, rc, "new");
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0);

    gohttp_header headers[] = {{"User-Agent", GOHTTP_NUL, "gohttp-example/1", GOHTTP_NUL, 0}};
    rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, path, GOHTTP_NUL, headers, 1, NULL, 0, 0);
    if (rc != GOHTTP_OK)
        return fail(c, NULL, rc, "request");
    /* The reason phrase and the raw headers come with the response when
     * they fit in head. */
    struct gohttp_resp_info info = {.size = sizeof info};
    char head[8192];
    rc = gohttp_conn_getresponse(c, &r, &info, head, sizeof head);
    if (rc != GOHTTP_OK)
        return fail(c, NULL, rc, "getresponse");
    char reason[256];
    int64_t n = 0;
    if (gohttp_resp_get(r, GOHTTP_RESP_REASON, reason, sizeof reason - 1, &n) != GOHTTP_OK)
        n = 0;
    reason[n] = '\0';
    printf("HTTP/%s %d %s\n", info.version == 10 ? "1.0" : "1.1", info.status, reason);

    for (int64_t i = 0;; i++) {
        char name[256], value[4096];
        int64_t nn = 0, vn = 0;
        rc = gohttp_resp_header_at(r, i, name, sizeof name, &nn, value, sizeof value, &vn);
        if (rc == GOHTTP_NOTFOUND)
            break;
        if (rc == GOHTTP_OK)
            printf("%.*s: %.*s\n", (int)nn, name, (int)vn, value);
    }
    printf("\n");

    char buf[16384];
    for (;;) {
        rc = gohttp_resp_read(r, buf, sizeof buf, &n);
        if (rc != GOHTTP_OK)
            return fail(c, r, rc, "read");
        if (n == 0)
            break;
        fwrite(buf, 1, (size_t)n, stdout);
    }
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return 0;
}
