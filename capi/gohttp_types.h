/* gohttp: Python's http.client as a C library.
 *
 * The types, constants and callback signatures of the C API. This part of
 * the header is written by hand; build.sh appends the function
 * declarations, generated from the exports in capi/, with their comments.
 *
 * Conventions
 *   - Every function that can fail returns int: GOHTTP_OK (0) or a
 *     negative GOHTTP_E_* code. A few return a positive status that is not
 *     an error (GOHTTP_NOTFOUND). Codes are never renumbered.
 *   - After a failure, gohttp_conn_errmsg / gohttp_resp_errmsg describe it
 *     and gohttp_conn_lasterror / gohttp_resp_lasterror give its details
 *     (errno, the partial data of an incomplete read, ...). Like errno,
 *     the last error is kept per thread (and per handle).
 *   - Text and data go in as (pointer, length) pairs; a length of
 *     GOHTTP_STRLEN means "NUL-terminated, use strlen". Data comes out
 *     into buffers the caller owns: pass the buffer and its capacity, and
 *     get the length written (or, with GOHTTP_E_RANGE, the length needed)
 *     in *n. The library never asks the caller to free memory.
 *   - Lengths are used exactly: every length is used in full or refused
 *     with GOHTTP_E_ARG before the data is touched, never cut. Text that
 *     the library copies (method, URL, header names and values, hosts,
 *     TLS options) may be up to GOHTTP_MAX_TEXT bytes; data used in place
 *     during the call (request bodies, gohttp_conn_send) any length a
 *     buffer can have (up to 2^47 bytes).
 *   - A capacity is only an upper bound: any capacity at least the size
 *     needed works, however large (SIZE_MAX included), and is never an
 *     error; reads fill at most what the body gives.
 *   - Handles (gohttp_conn *, gohttp_resp *) are opaque. NULL, unknown and
 *     wrong-kind handles give GOHTTP_E_BADHANDLE. The free functions accept
 *     NULL. Using a handle after freeing it is undefined, as with any
 *     pointer, once its address has been reused.
 *   - Threads: a handle may be used from any thread, but not from two
 *     threads at once; a connection and the responses it returned count as
 *     one handle. A call that would overlap another gets GOHTTP_E_BUSY.
 *   - Memory that grows with what a server sends is bounded: a read that
 *     collects a result in the library (gohttp_resp_readall,
 *     gohttp_resp_read_amt, gohttp_resp_readline) fails with
 *     GOHTTP_E_TOO_LARGE past the connection's body limit
 *     (gohttp_conn_set_max_body, default GOHTTP_DEFAULT_MAX_BODY), and
 *     the connection is then closed; lines and header blocks are bounded
 *     by gohttp_conn_set_limits; CA, certificate and key files must be
 *     regular files of at most GOHTTP_MAX_FILE_SIZE bytes. Reads into a
 *     caller's buffer (gohttp_resp_read) need no limit.
 *   - I/O blocks the calling thread. The timeout (gohttp_conn_set_timeout)
 *     bounds each socket operation, as in http.client; the deadline
 *     (gohttp_conn_set_deadline) bounds a whole request, as curl's
 *     --max-time. Both are measured on a monotonic clock from the start of
 *     the operation or request, and hold across signals (EINTR) and
 *     partial reads and writes: a wait resumes with the time left, never
 *     with a fresh timeout. gohttp_conn_cancel, from any thread, ends a
 *     blocked call with GOHTTP_E_CANCELLED.
 *
 * Threads, signals and fork
 *   The library embeds the Go runtime, which runs its own threads in the
 *   host process from the moment the library is loaded. What a host must
 *   do:
 *   - Install every signal handler with SA_ONSTACK. Go code runs on small
 *     goroutine stacks; a signal that arrives while a thread is inside a
 *     gohttp call runs its handler on the current stack unless SA_ONSTACK
 *     sends it to the thread's alternate signal stack (which Go sets up).
 *     A handler without it can overflow that stack and corrupt the Go
 *     heap, or make the runtime abort with "non-Go code set up signal
 *     handler without SA_ONSTACK flag". Handlers installed before the
 *     library is loaded get SA_ONSTACK added by the runtime; later ones
 *     do not. SA_RESTART is fine either way: gohttp retries interrupted
 *     waits with the time left.
 *   - Leave the runtime's signals alone: at load the Go runtime installs
 *     handlers for SIGSEGV, SIGBUS and SIGFPE (faults in Go code become
 *     Go panics; faults in C code are passed to the handler that was
 *     there before), SIGPIPE, and SIGURG (goroutine preemption; set
 *     GODEBUG=asyncpreemptoff=1 if the host needs SIGURG for itself). A
 *     host that replaces them must chain to the previous handler, with
 *     SA_ONSTACK. All other signals keep the host's handlers. gohttp
 *     itself never raises SIGPIPE (writes use MSG_NOSIGNAL).
 *   - fork(): the Go runtime's threads do not exist in a child, so the
 *     library cannot be used there. Every function returns
 *     GOHTTP_E_FORKED in a child (string functions a fixed text,
 *     gohttp_live_handles -1) without entering Go, whether the child was
 *     made by fork(), _Fork() or a raw clone() (the check
 *     reads a MADV_WIPEONFORK page, a few ns per call). Handles inherited
 *     from the parent are unusable in the child: a child that needs HTTP
 *     must exec a program of its own. The parent is unaffected.
 *   - Never dlclose the library: a Go runtime cannot be unloaded (the
 *     library is marked NODELETE, so dlclose leaves it in place).
 *   - Another Go c-shared library (or c-archive) in the same process
 *     brings a second Go runtime: each has its own threads, heap and
 *     garbage collector, and both install the signal handlers above. It
 *     works for most pairs, but the signal handlers chain through each
 *     other, and GOMAXPROCS and memory limits apply to each separately.
 *   The environment variables the embedded Go runtime reads, once, when
 *   the library is loaded: GOMAXPROCS (threads running Go code at once;
 *   default: the CPUs available), GOGC and GOMEMLIMIT (garbage collector
 *   pacing and a soft limit on the library's memory), GODEBUG (runtime
 *   and standard-library settings, e.g. asyncpreemptoff=1,
 *   tlsrsakex=1), and GOTRACEBACK (what a fatal error prints).
 *   What gohttp guarantees: different handles may be used from different
 *   threads at once; one handle from two threads gets GOHTTP_E_BUSY,
 *   never corruption (gohttp_conn_cancel and gohttp_resp_cancel are the
 *   exceptions: made to be called while another thread is inside);
 *   nothing the library does raises a signal in the host; a bad server
 *   gets an error code, and no call blocks past its timeout or deadline
 *   or after a cancel (host transports: see gohttp_conn_set_deadline);
 *   a Go allocation failure (out of memory) is fatal to the process, as
 *   malloc failing is for many C libraries, which is why memory that
 *   grows with what a peer sends is bounded.
 */
#ifndef GOHTTP_TYPES_H
#define GOHTTP_TYPES_H

#include <stddef.h>
#include <stdint.h>

#define GOHTTP_VERSION_MAJOR 0
#define GOHTTP_VERSION_MINOR 1
#define GOHTTP_VERSION_PATCH 0
#define GOHTTP_VERSION "0.1.0"
/* GOHTTP_ABI is the soname's major version: libgohttp.so.GOHTTP_ABI. */
#define GOHTTP_ABI 0

/* A length argument meaning "the text is NUL-terminated". */
#define GOHTTP_STRLEN ((size_t)-1)

/* What gohttp_conn_tls_info reports about the TLS session of the open
 * socket. */
#define GOHTTP_TLSINFO_PEER_CERT 1  /* the server's certificate, DER */
#define GOHTTP_TLSINFO_VERSION   2  /* "TLSv1.3", "TLSv1.2" */
#define GOHTTP_TLSINFO_CIPHER    3  /* the cipher suite's IANA name, a space, its key bits */
#define GOHTTP_TLSINFO_ALPN      4  /* the protocol ALPN selected ("" for none) */

/* The longest text or data the library copies from one argument: a
 * method, URL, header name or value, host, TLS option (1 GiB). */
#define GOHTTP_MAX_TEXT 1073741824

/* Return codes. Each error stands for one Python exception, named here,
 * so that a binding raises exactly what http.client would. */
#define GOHTTP_OK                       0
#define GOHTTP_NOTFOUND                 1   /* not an error: no such header */
#define GOHTTP_E_INTERNAL              -1   /* a bug in gohttp (caught) */
#define GOHTTP_E_BADHANDLE             -2   /* NULL, unknown or wrong-kind handle */
#define GOHTTP_E_ARG                   -3   /* an argument the library can check is wrong */
#define GOHTTP_E_BUSY                  -4   /* the handle is in use by another thread */
#define GOHTTP_E_RANGE                 -5   /* buffer too small; *n is the size needed */
#define GOHTTP_E_FORKED                -6   /* called in a child after fork(), _Fork() or clone() */
#define GOHTTP_E_CANCELLED             -7   /* gohttp_conn_cancel stopped the call; the socket is closed */
#define GOHTTP_E_HTTP                 -10   /* http.client.HTTPException */
#define GOHTTP_E_NOT_CONNECTED        -11   /* NotConnected */
#define GOHTTP_E_INVALID_URL          -12   /* InvalidURL */
#define GOHTTP_E_UNKNOWN_PROTOCOL     -13   /* UnknownProtocol(version) */
#define GOHTTP_E_INCOMPLETE_READ      -14   /* IncompleteRead(partial, expected) */
#define GOHTTP_E_CANNOT_SEND_REQUEST  -15   /* CannotSendRequest(state) */
#define GOHTTP_E_CANNOT_SEND_HEADER   -16   /* CannotSendHeader() */
#define GOHTTP_E_RESPONSE_NOT_READY   -17   /* ResponseNotReady(state) */
#define GOHTTP_E_BAD_STATUS_LINE      -18   /* BadStatusLine(line) */
#define GOHTTP_E_LINE_TOO_LONG        -19   /* LineTooLong(what) */
#define GOHTTP_E_REMOTE_DISCONNECTED  -20   /* RemoteDisconnected */
#define GOHTTP_E_VALUE                -21   /* ValueError */
#define GOHTTP_E_ENCODE               -22   /* UnicodeEncodeError: text must be ASCII */
#define GOHTTP_E_RUNTIME              -23   /* RuntimeError */
#define GOHTTP_E_OVERFLOW             -24   /* OverflowError (port out of range) */
#define GOHTTP_E_TOO_LARGE            -25   /* MemoryError: more data than a memory limit allows */
#define GOHTTP_E_OS                   -30   /* OSError; lasterror gives errno */
#define GOHTTP_E_TIMEOUT              -31   /* TimeoutError ("timed out") */
#define GOHTTP_E_DNS                  -32   /* socket.gaierror; errno is the EAI_* code */
#define GOHTTP_E_TLS                  -33   /* ssl.SSLError */
#define GOHTTP_E_TLS_VERIFY           -34   /* ssl.SSLCertVerificationError */
#define GOHTTP_E_TUNNEL               -35   /* OSError("Tunnel connection failed: ...") */
#define GOHTTP_E_CALLBACK             -36   /* a caller's callback reported failure */

/* The default of gohttp_conn_set_max_body: 1 GiB. */
#define GOHTTP_DEFAULT_MAX_BODY 1073741824

/* The largest CA, certificate or key file read (16 MiB). */
#define GOHTTP_MAX_FILE_SIZE 16777216

/* Flags for gohttp_conn_putrequest and the request functions. */
#define GOHTTP_SKIP_HOST             0x1  /* no automatic Host header */
#define GOHTTP_SKIP_ACCEPT_ENCODING  0x2  /* no automatic Accept-Encoding */
#define GOHTTP_ENCODE_CHUNKED        0x4  /* http.client's encode_chunked=True */

/* Body kinds for gohttp_conn_start_request. */
#define GOHTTP_BODY_NONE    0  /* no body (Python's None) */
#define GOHTTP_BODY_BYTES   1  /* a body of known length */
#define GOHTTP_BODY_STREAM  2  /* a body of unknown length (file, iterable, callback) */

/* gohttp_header.flags */
#define GOHTTP_HEADER_NAME_BYTES     0x1  /* name was a Python bytes object (see gohttp_conn_request) */

/* Connection states, as gohttp_conn_state reports them. */
#define GOHTTP_STATE_IDLE             0
#define GOHTTP_STATE_REQUEST_STARTED  1
#define GOHTTP_STATE_REQUEST_SENT     2

/* Options for gohttp_conn_set_tls_str. A NULL value puts the option back
 * to its default. The three CA options add to a list; the CAs listed
 * replace the system roots unless GOHTTP_TLS_SYSTEM_ROOTS is 1. */
#define GOHTTP_TLS_CA_FILE       1  /* adds a PEM file of trusted CAs */
#define GOHTTP_TLS_CA_DIR        2  /* adds a directory of PEM CA files (every file is read) */
#define GOHTTP_TLS_CA_PEM        3  /* adds trusted CAs: PEM text, or DER certificates back to back */
#define GOHTTP_TLS_CERT_FILE     4  /* client certificate chain, PEM file */
#define GOHTTP_TLS_KEY_FILE      5  /* client private key, PEM file */
#define GOHTTP_TLS_CERT_PEM      6  /* client certificate chain, PEM bytes */
#define GOHTTP_TLS_KEY_PEM       7  /* client private key, PEM bytes */
#define GOHTTP_TLS_KEY_PASSWORD  8  /* password of an encrypted private key */
#define GOHTTP_TLS_SERVER_NAME   9  /* name for SNI and the certificate check */
#define GOHTTP_TLS_ALPN         10  /* comma-separated protocols; "" offers none */

/* Options for gohttp_conn_set_tls_int. */
#define GOHTTP_TLS_VERIFY         1  /* 1 (default): verify the certificate chain; 0: DON'T (insecure) */
#define GOHTTP_TLS_CHECK_HOSTNAME 2  /* 1 (default): the certificate must name the host */
#define GOHTTP_TLS_MIN_VERSION    3  /* 0x0303 = TLS 1.2 (default), 0x0304 = TLS 1.3 */
#define GOHTTP_TLS_MAX_VERSION    4  /* 0 (default): the newest supported */
#define GOHTTP_TLS_SYSTEM_ROOTS   5  /* 1: trust the system roots besides the CA options; 0 (default): only them */

/* A connection to one server: http.client.HTTPConnection. */
typedef struct gohttp_conn gohttp_conn;
/* A response being read: http.client.HTTPResponse. */
typedef struct gohttp_resp gohttp_resp;

/* One request header. The lengths may be GOHTTP_STRLEN. flags is 0 from
 * C; bindings may set GOHTTP_HEADER_NAME_BYTES. */
typedef struct gohttp_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
    int flags;
} gohttp_header;

/* Details of the last failure on a handle. Every pointer is owned by the
 * handle and stays valid until the next call on it or its free. */
typedef struct gohttp_error {
    int code;              /* the GOHTTP_E_* code, or GOHTTP_OK if none */
    int sys_errno;         /* errno for GOHTTP_E_OS, EAI_* for GOHTTP_E_DNS, OpenSSL's
                              X509_V_ERR_* code for GOHTTP_E_TLS_VERIFY, the offset
                              of the first non-ASCII byte for GOHTTP_E_ENCODE, else 0 */
    int64_t expected;      /* IncompleteRead: bytes still expected, -1 for None */
    const char *message;   /* NUL-terminated description */
    const char *arg;       /* the exception's argument: the status line (BadStatusLine),
                              version (UnknownProtocol), state name (CannotSendRequest,
                              ResponseNotReady), "header line" etc. (LineTooLong);
                              NULL when there is none */
    size_t arg_len;
    const char *partial;   /* IncompleteRead: the bytes read before the body ended */
    size_t partial_len;
} gohttp_error;

/* What gohttp_conn_getresponse_info reports about a new response. */
typedef struct gohttp_resp_info {
    int status;            /* e.g. 200 */
    int version;           /* 10 for HTTP/1.0 (and 0.9), 11 for HTTP/1.x */
    int will_close;        /* 1 if the connection closes after this response */
    int chunked;           /* 1 if the body is chunked */
    int64_t length;        /* body bytes left, or -1 if unknown (see has_length) */
    size_t reason_len;     /* the reason phrase is buf[0 .. reason_len) */
    size_t headers_len;    /* the raw header block follows it */
    int truncated;         /* 1 if buf was too small for both: fetch them with
                              gohttp_resp_reason and gohttp_resp_rawheaders */
    int closed;            /* 1 once gohttp_resp_close (or the connection's close)
                              closed it: Python's io "closed" attribute */
    int isclosed;          /* 1 once it let go of the socket (http.client's isclosed()) */
    int has_length;        /* 1 if length is known; it can then be negative
                              after http.client's read(-1) quirk */
} gohttp_resp_info;

/* A streamed request body. Each call stores the next piece in *data and
 * *len and returns 1; it returns 0 at the end and a negative value to
 * abort the request (the call then fails with GOHTTP_E_CALLBACK). The
 * piece must stay valid until the next call. Empty pieces are skipped. */
typedef int (*gohttp_body_fn)(void *user, const char **data, size_t *len);

/* Debug output: one line, without its newline, valid during the call.
 * With no callback, lines go to the C library's stdout. */
typedef void (*gohttp_debug_fn)(void *user, const char *line, size_t len);

/* A host-provided transport. read stores up to cap bytes in buf and the
 * count in *n (0 means the peer closed); write sends up to len bytes and
 * stores the count in *n. Both return 0 on success, a positive errno value
 * (ECONNRESET, ...) for an OS error, GOHTTP_E_TIMEOUT for a timeout, or
 * another negative value for any other failure (GOHTTP_E_CALLBACK). close
 * is called once, when the library is done with the transport. */
typedef int (*gohttp_read_fn)(void *user, char *buf, size_t cap, size_t *n);
typedef int (*gohttp_write_fn)(void *user, const char *data, size_t len, size_t *n);
typedef void (*gohttp_close_fn)(void *user);

/* A host-provided buffered reader over a socket the host owns (Python's
 * sock.makefile("rb")), for gohttp_conn_set_transport_file and
 * gohttp_resp_new_file: the library asks it for exactly what a response
 * needs, so no byte past the response is taken from the host. op says
 * what to read into buf (at most cap bytes; store the count in *n, 0 for
 * the end of the stream):
 *   GOHTTP_FILE_READ      cap bytes, fewer only at the end (readinto);
 *   GOHTTP_FILE_READLINE  up to and including a '\n' (readline(cap));
 *   GOHTTP_FILE_READ1     what is buffered, else one read (read1(cap));
 *   GOHTTP_FILE_PEEK      copy of what is buffered, not consumed, after
 *                         one read if nothing is (peek()).
 * Return codes as for gohttp_read_fn. */
#define GOHTTP_FILE_READ     1
#define GOHTTP_FILE_READLINE 2
#define GOHTTP_FILE_READ1    3
#define GOHTTP_FILE_PEEK     4
typedef int (*gohttp_file_fn)(void *user, int op, char *buf, size_t cap, size_t *n);

#endif /* GOHTTP_TYPES_H */
