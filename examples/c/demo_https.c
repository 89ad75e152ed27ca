/* demo_https.c: HTTPS with a private certificate authority.
 *
 * The local HTTPS server's certificate is signed by a test CA that no
 * system trusts; GOHTTP_OPT_TLS_CA_FILE makes the connection trust that CA
 * (instead of the system roots), and the certificate and host name are
 * verified against it as usual. Without it the connect fails with
 * GOHTTP_E_TLS_VERIFY, which the demo shows first.
 *
 *   demo_https PORTS_JSON      (the file testsrv -ports wrote)
 *
 * Build: cc demo_https.c $(pkg-config --cflags --libs gohttp) */
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

static char text[8192];

/* json_value finds "key": in the small flat JSON object in text. */
static const char *json_value(const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(text, pat);
    if (!p)
        return "";
    for (p += strlen(pat); *p == ' '; p++)
        ;
    return p;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORTS_JSON\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    int port = atoi(json_value("https"));
    char ca[1024] = "";
    const char *p = json_value("ca");
    if (*p == '"')
        sscanf(p + 1, "%1023[^\"]", ca);

    /* 1. With the system roots only: the test CA is unknown. */
    gohttp_conn *c = NULL;
    gohttp_resp *r = NULL;
    if (gohttp_conn_new_https("localhost", GOHTTP_NUL, port, &c) != GOHTTP_OK) {
        fprintf(stderr, "demo_https: %s\n", errmsg());
        return 1;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0);
    int rc = gohttp_conn_connect(c);
    printf("without the test CA: %s: %s\n", gohttp_strerror(rc), errmsg());

    /* 2. Trusting the test CA. */
    rc = gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, ca, GOHTTP_NUL);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/tlsinfo", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_https: %s: %s\n", gohttp_strerror(rc), errmsg());
        gohttp_conn_free(c);
        return 1;
    }
    int status = 0;
    char body[1024];
    int64_t n = 0;
    struct gohttp_resp_info ri = {.size = sizeof ri};
    gohttp_resp_info(r, &ri);
    status = ri.status;
    rc = gohttp_resp_readall(r, body, sizeof body - 1, &n);
    if (rc != GOHTTP_OK)
        n = 0;
    body[n] = '\0';
    printf("with GOHTTP_OPT_TLS_CA_FILE %s:\nhttps://localhost:%d/tlsinfo -> %d %s", ca, port, status, body);
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return rc == GOHTTP_OK ? 0 : 1;
}
