/* get.c: one GET request with gohttp, printed like curl -i.
 *
 *   get [host[:port]] [path]      (default 127.0.0.1:8080 /)
 *
 * Build: cc get.c $(pkg-config --cflags --libs gohttp) -o get */
#include <stdio.h>
#include <stdlib.h>
#include "gohttp.h"

static int fail(gohttp_conn *c, gohttp_resp *r, int rc, const char *what) {
    fprintf(stderr, "get: %s: %s (%s)\n", what,
            r ? gohttp_resp_errmsg(r) : gohttp_conn_errmsg(c), gohttp_strerror(rc));
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return 1;
}

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "127.0.0.1:8080";
    const char *path = argc > 2 ? argv[2] : "/";
    gohttp_conn *c = NULL;
    gohttp_resp *r = NULL;
    int rc = gohttp_conn_new(host, GOHTTP_STRLEN, -1, &c);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "get: %s\n", gohttp_create_errmsg());
        return 1;
    }
    gohttp_conn_set_timeout(c, 10.0);

    gohttp_header headers[] = {{"User-Agent", GOHTTP_STRLEN, "gohttp-example/1", GOHTTP_STRLEN, 0}};
    rc = gohttp_conn_request(c, "GET", GOHTTP_STRLEN, path, GOHTTP_STRLEN, headers, 1, NULL, 0, 0);
    if (rc != GOHTTP_OK)
        return fail(c, NULL, rc, "request");
    rc = gohttp_conn_getresponse(c, &r);
    if (rc != GOHTTP_OK)
        return fail(c, NULL, rc, "getresponse");

    int status = 0, version = 0;
    char reason[256];
    size_t n = 0;
    gohttp_resp_status(r, &status);
    gohttp_resp_version(r, &version);
    if (gohttp_resp_reason(r, reason, sizeof reason - 1, &n) != GOHTTP_OK)
        n = 0;
    reason[n] = '\0';
    printf("HTTP/%s %d %s\n", version == 10 ? "1.0" : "1.1", status, reason);

    size_t count = 0;
    gohttp_resp_header_count(r, &count);
    for (size_t i = 0; i < count; i++) {
        char name[256], value[4096];
        size_t nn = 0, vn = 0;
        if (gohttp_resp_header_at(r, i, name, sizeof name, &nn, value, sizeof value, &vn) == GOHTTP_OK)
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
        fwrite(buf, 1, n, stdout);
    }
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return 0;
}
