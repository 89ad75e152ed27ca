/* demo_tunnel.c: a request through an HTTP CONNECT proxy.
 *
 * The connection goes to the proxy; gohttp_conn_set_tunnel names where
 * the tunnel leads (here the local HTTP server), as http.client's
 * set_tunnel does. The proxy's own reply headers stay available.
 *
 *   demo_tunnel PORTS_JSON      (the file testsrv -ports wrote)
 *
 * Build: cc demo_tunnel.c $(pkg-config --cflags --libs gohttp) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gohttp.h"

/* The calling thread's last error message (gohttp_last_error). */
static const char *errmsg(void) {
    static gohttp_error e;
    e.size = sizeof e;
    gohttp_last_error(&e);
    return e.message;
}

static int json_int(const char *path, const char *key) {
    char text[8192], pat[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(text, pat);
    return p ? atoi(p + strlen(pat)) : 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORTS_JSON\n", argv[0]);
        return 2;
    }
    int proxy = json_int(argv[1], "proxy"), target = json_int(argv[1], "http");
    gohttp_conn *c = NULL;
    gohttp_resp *r = NULL;
    if (gohttp_conn_new("127.0.0.1", GOHTTP_NUL, proxy, &c) != GOHTTP_OK) {
        fprintf(stderr, "demo_tunnel: %s\n", errmsg());
        return 1;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0);
    int rc = gohttp_conn_set_tunnel(c, "127.0.0.1", GOHTTP_NUL, target, NULL, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_tunnel: %s: %s\n", gohttp_strerror(rc), errmsg());
        gohttp_conn_free(c);
        return 1;
    }
    printf("proxy 127.0.0.1:%d -> tunnel to 127.0.0.1:%d\n", proxy, target);

    char proxy_headers[1024];
    int64_t n = 0;
    if (gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, proxy_headers, sizeof proxy_headers - 1, &n) != GOHTTP_OK)
        n = 0;
    proxy_headers[n] = '\0';
    printf("the proxy's reply headers:\n%s", proxy_headers);

    int status = 0;
    char body[1024];
    struct gohttp_resp_info ri = {.size = sizeof ri};
    gohttp_resp_info(r, &ri);
    status = ri.status;
    rc = gohttp_resp_readall(r, body, sizeof body - 1, &n);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_tunnel: %s: %s\n", gohttp_strerror(rc), errmsg());
        n = 0;
    }
    body[n] = '\0';
    printf("through the tunnel: %d, %s", status, body);
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return rc == GOHTTP_OK ? 0 : 1;
}
