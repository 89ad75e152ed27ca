/* valgrind_planted.c: the self-test of scripts/valgrind.sh's filter.
 *
 * A small program linked to libgohttp that calls into it and makes four
 * real memory errors on purpose. valgrind.sh runs it under Memcheck and
 * fails unless its filter reports every one of them: a filter that
 * left any of them out as "Go runtime noise" would hide the same
 * mistake in a caller (or in capi) during the real run.
 *
 *   1. C reads malloc'd memory it never wrote and branches on it.
 *   2. C writes one byte past a malloc'd block.
 *   3. Go branches on C memory the caller never wrote: a method string
 *      in an uninitialised malloc'd buffer, which putrequest checks
 *      byte by byte for control characters.
 *   4. Go writes past a caller's malloc'd buffer: gohttp_conn_get
 *      (GOHTTP_CONN_HOST) told that a 4-byte buffer holds 64.
 *
 * Not part of the library or its tests; no server is needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gohttp.h"

/* Kept out of line (and its result used) so that the compiler keeps the
 * reads, writes and branches below. */
__attribute__((noinline)) static int planted_uninit_branch(const char *p) {
    if (p[3] == 'x') /* 1: p[3] was never written */
        return 1;
    return 0;
}

__attribute__((noinline)) static void planted_heap_overrun(char *p, size_t n) {
    p[n] = 'z'; /* 2: one past the block */
}

int main(void) {
    int hits = 0;
    char *a = malloc(8);
    if (!a)
        return 2;
    hits += planted_uninit_branch(a);
    free(a);

    char *b = malloc(16);
    if (!b)
        return 2;
    planted_heap_overrun(b, 16);
    free(b);

    gohttp_conn *c = NULL;
    if (gohttp_conn_new("example.com", GOHTTP_NUL, 80, &c) != GOHTTP_OK) {
        gohttp_error e = {.size = sizeof e};
        gohttp_last_error(&e);
        fprintf(stderr, "planted: gohttp_conn_new failed: %s\n", e.message);
        return 2;
    }
    char *method = malloc(6); /* 3: never written */
    if (!method)
        return 2;
    hits += gohttp_conn_putrequest(c, method, 6, "/", GOHTTP_NUL, 0) == GOHTTP_OK;
    free(method);

    char *small = malloc(4);
    int64_t n = 0;
    if (!small)
        return 2;
    hits += gohttp_conn_get(c, GOHTTP_CONN_HOST, small, 64, &n) == GOHTTP_OK; /* 4: 11 bytes into 4 */
    free(small);
    gohttp_conn_free(c);
    printf("planted: done (%d)\n", hits);
    return 0;
}
