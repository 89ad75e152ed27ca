/* test_tls.c: HTTPS against the local servers: a custom CA, the
 * certificate checks (GOHTTP_E_TLS_VERIFY with OpenSSL's reason and
 * code), client certificates, ALPN, versions, SNI, and the options'
 * argument checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"

/* OpenSSL's X509_V_ERR_* numbers, as Python's verify_code reports them. */
enum {
    X509_V_ERR_CERT_HAS_EXPIRED = 10,
    X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT = 18,
    X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20,
    X509_V_ERR_HOSTNAME_MISMATCH = 62,
    X509_V_ERR_IP_ADDRESS_MISMATCH = 64,
};

static gohttp_conn *https_conn(const char *host, int port) {
    gohttp_conn *c = NULL;
    int rc = gohttp_conn_new_https(host, GOHTTP_NUL, port, &c);
    if (!CHECK_RC(rc, GOHTTP_OK))
        return NULL;
    t_track_conn(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 10), GOHTTP_OK);
    return c;
}

/* tlsinfo GETs /tlsinfo and returns the JSON (malloc'd) or NULL. */
static char *tlsinfo(gohttp_conn *c, int64_t *n) {
    gohttp_resp *r = t_request(c, "GET", "/tlsinfo");
    if (!r)
        return NULL;
    CHECK(t_status(r) == 200);
    char *j = t_readall(r, n);
    t_free_resp(r);
    return j;
}

static void test_custom_ca(void) {
    gohttp_conn *c = https_conn("127.0.0.1", P.https);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    int64_t n = 0;
    char *j = tlsinfo(c, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"alpn\":\"http/1.1\"");
    CHECK_CONTAINS(j, n, "\"tls_version\":\"TLS 1.");
    CHECK_CONTAINS(j, n, "\"client_cert_cn\":\"\"");
    free(j);
    /* Keep-alive over TLS, a body, and a chunked response. */
    gohttp_resp *r = t_request(c, "GET", "/chunked?n=3");
    REQUIRE(r);
    CHECK(t_rinfo(r).socket >= 0);
    char *b = t_readall(r, &n);
    CHECK_MEM(b, n, "chunk 0\nchunk 1\nchunk 2\n");
    free(b);
    t_free_resp(r);
    CHECK_RC(gohttp_conn_request(c, "POST", GOHTTP_NUL, "/echo", GOHTTP_NUL, NULL, 0, "secret", 6, 0), GOHTTP_OK);
    r = t_getresponse(c);
    REQUIRE(r);
    b = t_readall(r, &n);
    CHECK_CONTAINS(b, n, "\"body\":\"secret\"");
    char want[64];
    snprintf(want, sizeof want, "[\"Host\",\"127.0.0.1:%d\"]", P.https);
    CHECK_CONTAINS(b, n, want);
    free(b);
    t_free_resp(r);
    t_free_conn(c);

    /* The same CA given as PEM bytes, and the name "localhost" as SNI. */
    FILE *f = fopen(P.ca, "rb");
    REQUIRE(f);
    char pem[16384];
    int64_t pn = (int64_t)fread(pem, 1, sizeof pem, f);
    fclose(f);
    c = https_conn("localhost", P.https);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_PEM, pem, pn), GOHTTP_OK);
    j = tlsinfo(c, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"sni\":\"localhost\"");
    free(j);
    t_free_conn(c);

    /* A plain connection turns into HTTPS with the first TLS option. */
    c = t_conn(P.https);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    j = tlsinfo(c, &n);
    CHECK(j != NULL);
    free(j);
    t_free_conn(c);
}

static void check_verify(const char *host, int port, int set_ca, int code, const char *reason) {
    gohttp_conn *c = https_conn(host, port);
    if (!c)
        return;
    if (set_ca)
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TLS_VERIFY);
    gohttp_error e = {.size = sizeof e};
    CHECK_RC(gohttp_last_error(&e), GOHTTP_OK);
    CHECK(e.code == GOHTTP_E_TLS_VERIFY);
    CHECKF(e.os_error == code, "%s:%d: verify code %d; want %d", host, port, e.os_error, code);
    CHECK_MEM(e.arg, e.arg_len, reason);
    char msg[256];
    snprintf(msg, sizeof msg, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s", reason);
    CHECK_STR(e.message, msg);
    CHECK(t_cinfo(c).connected == 0);
    /* The request path fails the same way. */
    CHECK_RC(gohttp_conn_request(c, "GET", GOHTTP_NUL, "/", GOHTTP_NUL, NULL, 0, NULL, 0, 0), GOHTTP_E_TLS_VERIFY);
    t_free_conn(c);
}

static void test_verify_failures(void) {
    /* Our CA is not among the system roots. */
    check_verify("127.0.0.1", P.https, 0, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                 "unable to get local issuer certificate");
    check_verify("127.0.0.1", P.https_expired, 1, X509_V_ERR_CERT_HAS_EXPIRED, "certificate has expired");
    check_verify("127.0.0.1", P.https_self_signed, 1, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
                 "self-signed certificate");
    check_verify("127.0.0.1", P.https_wrong_host, 1, X509_V_ERR_IP_ADDRESS_MISMATCH,
                 "IP address mismatch, certificate is not valid for '127.0.0.1'.");
    check_verify("localhost", P.https_wrong_host, 1, X509_V_ERR_HOSTNAME_MISMATCH,
                 "Hostname mismatch, certificate is not valid for 'localhost'.");

    /* check_hostname off: the chain is still verified, any name passes. */
    gohttp_conn *c = https_conn("127.0.0.1", P.https_wrong_host);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_CHECK_HOSTNAME, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_OK);
    t_free_conn(c);
    c = https_conn("127.0.0.1", P.https_self_signed);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_CHECK_HOSTNAME, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TLS_VERIFY);
    /* verify off (CERT_NONE): anything goes. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_VERIFY, 0), GOHTTP_OK);
    int64_t n = 0;
    char *j = tlsinfo(c, &n);
    CHECK(j != NULL);
    free(j);
    t_free_conn(c);
    /* A plain HTTP server is not TLS. */
    c = https_conn("127.0.0.1", P.http);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_VERIFY, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TLS);
    t_free_conn(c);
    /* A missing CA file fails the connect. */
    c = https_conn("127.0.0.1", P.https);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, "/nonexistent/ca.pem", GOHTTP_NUL), GOHTTP_OK);
    int rc = gohttp_conn_connect(c);
    CHECKF(rc != GOHTTP_OK, "connect with a missing CA file succeeded");
    t_free_conn(c);
}

static void test_client_cert(void) {
    /* Without a certificate the server refuses the handshake. */
    gohttp_conn *c = https_conn("127.0.0.1", P.https_client_auth);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    gohttp_resp *r = NULL;
    int rc = gohttp_conn_request(c, "GET", GOHTTP_NUL, "/tlsinfo", GOHTTP_NUL, NULL, 0, NULL, 0, 0);
    if (rc == GOHTTP_OK)
        rc = gohttp_conn_getresponse(c, &r, NULL, NULL, 0); /* TLS 1.3 reports the alert late */
    CHECKF(rc == GOHTTP_E_TLS || rc == GOHTTP_E_OS || rc == GOHTTP_E_REMOTE_DISCONNECTED,
           "no client certificate: %d (%s): %s", rc, gohttp_strerror(rc), t_errmsg());
    if (r)
        gohttp_resp_free(r);
    t_free_conn(c);

    /* Files, then the encrypted key with its password, then PEM bytes. */
    for (int mode = 0; mode < 3; mode++) {
        c = https_conn("127.0.0.1", P.https_client_auth);
        REQUIRE(c);
        CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
        if (mode < 2) {
            CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CERT_FILE, P.client_cert, GOHTTP_NUL), GOHTTP_OK);
            CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_KEY_FILE, mode ? P.client_key_encrypted : P.client_key,
                                             GOHTTP_NUL), GOHTTP_OK);
            if (mode)
                CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_KEY_PASSWORD, P.client_key_password, GOHTTP_NUL),
                         GOHTTP_OK);
        } else {
            char cert[16384], key[16384];
            FILE *f = fopen(P.client_cert, "rb");
            REQUIRE(f);
            int64_t cn = (int64_t)fread(cert, 1, sizeof cert, f);
            fclose(f);
            f = fopen(P.client_key, "rb");
            REQUIRE(f);
            int64_t kn = (int64_t)fread(key, 1, sizeof key, f);
            fclose(f);
            CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CERT_PEM, cert, cn), GOHTTP_OK);
            CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_KEY_PEM, key, kn), GOHTTP_OK);
        }
        int64_t n = 0;
        char *j = tlsinfo(c, &n);
        CHECKF(j != NULL, "client certificate mode %d: %s", mode, t_errmsg());
        if (j)
            CHECK_CONTAINS(j, n, "\"client_cert_cn\":\"gohttp-test-client\"");
        free(j);
        t_free_conn(c);
    }
    /* The encrypted key without its password fails. */
    c = https_conn("127.0.0.1", P.https_client_auth);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CERT_FILE, P.client_cert, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_KEY_FILE, P.client_key_encrypted, GOHTTP_NUL), GOHTTP_OK);
    CHECK(gohttp_conn_connect(c) != GOHTTP_OK);
    t_free_conn(c);
}

static void test_tls_options(void) {
    gohttp_conn *c = https_conn("127.0.0.1", P.https);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MAX_VERSION, 0x0303), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_ALPN, "", 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_SERVER_NAME, "localhost", GOHTTP_NUL), GOHTTP_OK);
    int64_t n = 0;
    char *j = tlsinfo(c, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"tls_version\":\"TLS 1.2\"");
    CHECK_CONTAINS(j, n, "\"alpn\":\"\"");
    CHECK_CONTAINS(j, n, "\"sni\":\"localhost\"");
    free(j);
    /* Options apply from the next connect. */
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MIN_VERSION, 0x0304), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MAX_VERSION, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_ALPN, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_close(c), GOHTTP_OK);
    j = tlsinfo(c, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"tls_version\":\"TLS 1.3\"");
    CHECK_CONTAINS(j, n, "\"alpn\":\"http/1.1\"");
    free(j);
    /* Removing the CA brings back the system roots: verify fails. */
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, NULL, 0), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TLS_VERIFY);
    /* The CA and the system roots together. */
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_SYSTEM_ROOTS, 1), GOHTTP_OK);
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_OK);

    /* Argument checks. */
    CHECK_RC(gohttp_conn_setopt_str(c, 999, "x", 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_VERIFY + 100, "x", 1), GOHTTP_E_ARG);
    /* An option given to the setopt of another type. */
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_VERIFY, "0", 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_CA_FILE, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TLS_MIN_VERSION, 771.0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, 999, 1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_VERIFY, 2), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_CHECK_HOSTNAME, -1), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MIN_VERSION, 0x0305), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_int(c, GOHTTP_OPT_TLS_MAX_VERSION, 0x0300), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, "", 0), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, "a\0b", 3), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_ALPN, "h2,,http/1.1", GOHTTP_NUL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_SERVER_NAME, "bad\r\nname", GOHTTP_NUL), GOHTTP_E_ARG);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_PEM, NULL, 5), GOHTTP_E_ARG);
    t_free_conn(c);
}

/* HTTPS through the local CONNECT proxy: the TLS handshake runs inside
 * the tunnel with SNI (and the certificate check) for the tunnelled host,
 * not the proxy. */
static void test_https_through_tunnel(void) {
    gohttp_conn *c = https_conn("127.0.0.1", P.proxy);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_str(c, GOHTTP_OPT_TLS_CA_FILE, P.ca, GOHTTP_NUL), GOHTTP_OK);
    /* make test's server runs its proxy without credentials. */
    REQUIRE_RC(gohttp_conn_set_tunnel(c, "localhost", GOHTTP_NUL, P.https, NULL, 0), GOHTTP_OK);
    int64_t n = 0;
    char *j = tlsinfo(c, &n);
    REQUIRE(j);
    CHECK_CONTAINS(j, n, "\"sni\":\"localhost\"");
    CHECK_CONTAINS(j, n, "\"alpn\":\"http/1.1\"");
    free(j);
    int64_t hn = 0;
    char hb[4096];
    CHECK_RC(gohttp_conn_get(c, GOHTTP_CONN_PROXY_HEADERS, hb, sizeof hb, &hn), GOHTTP_OK);
    CHECK_CONTAINS(hb, hn, "X-Proxy: gohttp-testsrv");
    t_free_conn(c);
}

/* A server that accepts and never answers: the handshake is bounded by
 * the connection's timeout. */
static void test_handshake_timeout(void) {
    gohttp_conn *c = https_conn("127.0.0.1", P.stall);
    REQUIRE(c);
    CHECK_RC(gohttp_conn_setopt_double(c, GOHTTP_OPT_TIMEOUT, 0.3), GOHTTP_OK);
    double t0 = t_now();
    CHECK_RC(gohttp_conn_connect(c), GOHTTP_E_TIMEOUT);
    double dt = t_now() - t0;
    CHECKF(dt < 30.0, "the handshake timeout took %.2f s (a hang?)", dt);
    CHECK(t_cinfo(c).connected == 0);
    t_free_conn(c);
}

const test_case tls_tests[] = {
    {"tls_https_through_tunnel", test_https_through_tunnel, 0},
    {"tls_handshake_timeout", test_handshake_timeout, 0},
    {"tls_custom_ca", test_custom_ca, 0},
    {"tls_verify_failures", test_verify_failures, 0},
    {"tls_client_certificates", test_client_cert, 0},
    {"tls_options", test_tls_options, 0},
    {NULL, NULL, 0},
};
