/* demo_post_file.c: upload a file with a streamed body.
 *
 * The body is pulled from a callback piece by piece
 * (gohttp_conn_endheaders with a body callback), so the file is never held in memory
 * whole; with no Content-Length given, it goes out chunk-encoded. The
 * local server's /echo route answers with what it received.
 *
 *   demo_post_file PORTS_JSON      (the file testsrv -ports wrote)
 *
 * Build: cc demo_post_file.c $(pkg-config --cflags --libs gohttp) */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gohttp.h"

/* json_int finds "key": NUMBER in a small flat JSON object. */
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

/* The body source: the next block of the file on each call. */
struct upload {
    FILE *f;
    char block[64]; /* small on purpose, to show several chunks */
    int pieces;
};

static int next_block(void *user, const void **data, int64_t *len) {
    struct upload *u = user;
    size_t n = fread(u->block, 1, sizeof u->block, u->f);
    if (n == 0)
        return ferror(u->f) ? -1 : 0; /* -1 aborts the request, 0 ends the body */
    u->pieces++;
    *data = u->block;
    *len = (int64_t)n;
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORTS_JSON\n", argv[0]);
        return 2;
    }
    int port = json_int(argv[1], "http");

    /* A temporary file to upload. */
    char path[] = "/tmp/gohttp-upload-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    FILE *f = fdopen(fd, "w+b");
    for (int i = 1; i <= 4; i++)
        fprintf(f, "line %d of the file being uploaded\n", i);
    rewind(f);

    gohttp_conn *c = NULL;
    if (gohttp_conn_new("127.0.0.1", GOHTTP_NUL, port, &c) != GOHTTP_OK) {
        fprintf(stderr, "demo_post_file: %s\n", errmsg());
        return 1;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0);

    struct upload up = {f, {0}, 0};
    gohttp_header headers[] = {{"Content-Type", GOHTTP_NUL, "text/plain", GOHTTP_NUL, 0}};
    gohttp_resp *r = NULL;
    /* Step by step, as http.client's putrequest, putheader, endheaders. */
    int rc = gohttp_conn_putrequest(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, 0);
    const char *chunked[] = {"chunked"};
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_putheader(c, headers[0].name, GOHTTP_NUL, &headers[0].value, NULL, 1);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_putheader(c, "Transfer-Encoding", GOHTTP_NUL, chunked, NULL, 1);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_endheaders(c, NULL, 0, next_block, &up, GOHTTP_ENCODE_CHUNKED);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_post_file: %s: %s\n", gohttp_strerror(rc), errmsg());
        gohttp_conn_free(c);
        fclose(f);
        unlink(path);
        return 1;
    }
    printf("uploaded %s in %d pieces (chunked)\n", path, up.pieces);

    /* The answer: read it whole, asking for its size first. */
    int status = 0;
    int64_t need = 0, n = 0;
    struct gohttp_resp_info ri = {.size = sizeof ri};
    gohttp_resp_info(r, &ri);
    status = ri.status;
    rc = gohttp_resp_readall(r, NULL, 0, &need);
    char *body = malloc(need + 1);
    if (rc == GOHTTP_E_RANGE)
        rc = gohttp_resp_readall(r, body, need, &n);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_post_file: %s: %s\n", gohttp_strerror(rc), errmsg());
        n = 0;
    }
    body[n] = '\0';
    printf("server answered %d; /echo saw:\n%s", status, body);

    free(body);
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    fclose(f);
    unlink(path);
    return rc == GOHTTP_OK ? 0 : 1;
}
