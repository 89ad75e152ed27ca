/* demo_chunked_download.c: download a chunked response into a file.
 *
 * The local server's /chunked?n=50 sends 50 chunks; gohttp_resp_read
 * hides the chunk framing and hands out the data in pieces of the
 * buffer's size until it returns 0 bytes.
 *
 *   demo_chunked_download PORTS_JSON   (the file testsrv -ports wrote)
 *
 * Build: cc demo_chunked_download.c $(pkg-config --cflags --libs gohttp) */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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
    int port = json_int(argv[1], "http");
    gohttp_conn *c = NULL;
    gohttp_resp *r = NULL;
    if (gohttp_conn_new("127.0.0.1", GOHTTP_NUL, port, &c) != GOHTTP_OK) {
        fprintf(stderr, "demo_chunked_download: %s\n", errmsg());
        return 1;
    }
    gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10.0);
    int rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/chunked?n=50", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0);
    if (rc != GOHTTP_OK) {
        fprintf(stderr, "demo_chunked_download: %s: %s\n", gohttp_strerror(rc), errmsg());
        gohttp_conn_free(c);
        return 1;
    }
    struct gohttp_resp_info info = {.size = sizeof info};
    gohttp_resp_info(r, &info);
    char te[64];
    int64_t n = 0;
    if (gohttp_resp_getheader(r, "Transfer-Encoding", GOHTTP_NUL, te, sizeof te - 1, &n) != GOHTTP_OK) {
        te[0] = '-'; /* GOHTTP_NOTFOUND: no such header */
        n = 1;
    }
    te[n] = '\0';
    printf("status %d, Transfer-Encoding: %s, length %s\n", info.status, te,
           info.has_length ? "known" : "unknown until the last chunk");

    char path[] = "/tmp/gohttp-download-XXXXXX";
    int fd = mkstemp(path);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!out) {
        perror("demo_chunked_download: temporary file");
        gohttp_resp_free(r);
        gohttp_conn_free(c);
        return 1;
    }
    char buf[100]; /* smaller than the body, to take several reads */
    int64_t total = 0;
    int reads = 0;
    for (;;) {
        rc = gohttp_resp_read(r, buf, sizeof buf, &n);
        if (rc != GOHTTP_OK) {
            fprintf(stderr, "demo_chunked_download: %s: %s\n", gohttp_strerror(rc), errmsg());
            break;
        }
        if (n == 0)
            break; /* the last chunk was read */
        fwrite(buf, 1, (size_t)n, out);
        total += n;
        reads++;
    }
    fclose(out);
    struct stat st;
    if (rc == GOHTTP_OK && stat(path, &st) == 0)
        printf("wrote %lld bytes in %d reads to %s: its size is %lld bytes (removing it)\n", (long long)total, reads, path,
               (long long)st.st_size);
    unlink(path);
    gohttp_resp_free(r);
    gohttp_conn_free(c);
    return rc == GOHTTP_OK ? 0 : 1;
}
