/* gohttp: Python's http.client as a C library (C ABI 1.0).
 *
 * libgohttp.so.1. This part of the header (types, constants, callback
 * signatures and the paragraph opening each section) is written by hand
 * in capi/gohttp_types.h; internal/genheader adds the function
 * declarations, generated from the exports in capi/, with their comments.
 * include/gohttp.cdef.h (for cffi's and LuaJIT's ffi.cdef) and
 * include/gohttp.json (for binding generators) come from the same source.
 *
 * Rules (docs/abi.md); every function follows them.
 *   1. Results. Every function that can fail returns int: GOHTTP_OK (0),
 *      a positive result that is not an error (GOHTTP_NOTFOUND: no such
 *      header, an index past the end, no TLS session), or a negative
 *      GOHTTP_E_* code. Codes are never renumbered.
 *   2. Text and data in are a pointer and a signed 64-bit length:
 *      (const char *s, int64_t len) for text, (const void *p, int64_t
 *      len) for binary data. A length of -1 (GOHTTP_NUL) means
 *      NUL-terminated. Any other negative length is GOHTTP_E_ARG; so is
 *      text longer than GOHTTP_MAX_TEXT. Lengths are used in full or
 *      refused, never cut. A NULL pointer is allowed only with length 0
 *      (or -1), where the function says what it means.
 *   3. Data out goes into a buffer the caller owns: (void *buf, int64_t
 *      cap, int64_t *n). On success *n is the count written. When the
 *      result does not fit, the call returns GOHTTP_E_RANGE with *n the
 *      size needed, and nothing is lost: a read keeps its result and the
 *      next read of any kind delivers it first. buf = NULL, cap = 0 is a
 *      size query (GOHTTP_E_RANGE and the size, or GOHTTP_OK with *n = 0
 *      for an empty result). A capacity is only an upper bound: any
 *      capacity at least the size needed works. A negative capacity, or
 *      buf = NULL with cap > 0, is GOHTTP_E_ARG. The library never asks
 *      the caller to free memory.
 *   4. Iteration counts from 0; an index past the end returns
 *      GOHTTP_NOTFOUND.
 *   5. Options are set with one function per value type:
 *      gohttp_conn_setopt_int, _double and _str. Their numbers are
 *      disjoint by type (int 100-199, double 200-299, text 300-399), so an
 *      option passed to the wrong function, or an unknown one, fails with
 *      GOHTTP_E_ARG naming it.
 *   6. Structs that grow start with int64_t size, which the caller sets to
 *      sizeof the struct it was compiled with; the library fills only the
 *      fields that fit. A size smaller than the 1.0 struct is GOHTTP_E_ARG.
 *   7. Pointer parameters carry a direction: GOHTTP_IN, GOHTTP_OUT or
 *      GOHTTP_INOUT, empty macros that C ignores and generators read.
 *      Handles and the callbacks' void *user carry none.
 *   8. Callbacks receive the caller's void *user first. No callback may
 *      unwind across the library (longjmp, a C++ exception, a LuaJIT
 *      error): a binding catches everything inside its callback and
 *      returns a failure code.
 *   9. Errors. The last error is kept per thread, like errno:
 *      gohttp_last_error(&err) fills a gohttp_error (growable) with the
 *      portable code, the OS error number beside it, the message, the
 *      exception's argument and, for an incomplete read, the partial data.
 *      gohttp_strerror(code) describes a code in English;
 *      gohttp_errname(code) returns its macro name ("GOHTTP_E_TIMEOUT").
 *  10. Handles (gohttp_conn *, gohttp_resp *) are opaque. NULL, unknown
 *      and wrong-kind handles give GOHTTP_E_BADHANDLE; free functions
 *      accept NULL. Using a handle after freeing it is undefined, as with
 *      any pointer, once its address has been reused.
 *  11. Sockets are reported as int64_t (large enough for a Windows
 *      SOCKET); -1 when there is none.
 *  12. Platforms. Built and tested on Linux x86-64 (glibc). No Linux
 *      constant is part of the ABI.
 *
 * Also
 *   - Threads: a handle may be used from any thread, but not from two
 *     threads at once; a connection and the responses it returned count as
 *     one handle. A call that would overlap another gets GOHTTP_E_BUSY.
 *   - Memory that grows with what a server sends is bounded: a read that
 *     collects a result in the library (gohttp_resp_readall,
 *     gohttp_resp_readline) fails with GOHTTP_E_TOO_LARGE past the
 *     connection's body limit (GOHTTP_OPT_MAX_BODY, default
 *     GOHTTP_DEFAULT_MAX_BODY), and the connection is then closed; lines
 *     and header blocks are bounded by GOHTTP_OPT_MAX_LINE and
 *     GOHTTP_OPT_MAX_HEADERS; CA, certificate and key files must be
 *     regular files of at most GOHTTP_MAX_FILE_SIZE bytes. Reads into a
 *     caller's buffer (gohttp_resp_read) need no limit.
 *   - I/O blocks the calling thread. GOHTTP_OPT_TIMEOUT bounds each
 *     socket operation, as in http.client; GOHTTP_OPT_DEADLINE bounds a
 *     whole request, as curl's --max-time. Both are measured on a
 *     monotonic clock from the start of the operation or request, and
 *     hold across signals (EINTR) and partial reads and writes: a wait
 *     resumes with the time left, never with a fresh timeout.
 *     gohttp_conn_cancel, from any thread, ends a blocked call with
 *     GOHTTP_E_CANCELLED.
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
 *   default: the CPUs available, but at least 2), GOGC and GOMEMLIMIT (garbage collector
 *   pacing and a soft limit on the library's memory; without GOGC the
 *   library sets 50), GODEBUG (runtime
 *   and standard-library settings, e.g. asyncpreemptoff=1,
 *   tlsrsakex=1), and GOTRACEBACK (what a fatal error prints).
 *   A thread that calls the library steadily gives the Go scheduler a
 *   turn inside a call once every 5 ms (about 20 us), which keeps the
 *   runtime's monitor thread from taking the thread's P and waking
 *   every 20 us afterwards.
 *   What gohttp guarantees: different handles may be used from different
 *   threads at once; one handle from two threads gets GOHTTP_E_BUSY,
 *   never corruption (gohttp_conn_cancel is the exception: made
 *   to be called while another thread is inside);
 *   nothing the library does raises a signal in the host; a bad server
 *   gets an error code, and no call blocks past its timeout or deadline
 *   or after a cancel (host transports: see GOHTTP_OPT_DEADLINE);
 *   a Go allocation failure (out of memory) is fatal to the process, as
 *   malloc failing is for many C libraries, which is why memory that
 *   grows with what a peer sends is bounded.
 */
#ifndef GOHTTP_TYPES_H
#define GOHTTP_TYPES_H

#include <stdint.h>

#define GOHTTP_VERSION_MAJOR 1
#define GOHTTP_VERSION_MINOR 0
#define GOHTTP_VERSION_PATCH 0
#define GOHTTP_VERSION "1.0.0"
/* GOHTTP_ABI is the soname's major version: libgohttp.so.GOHTTP_ABI. */
#define GOHTTP_ABI 1

/* Direction marks of pointer parameters (rule 7): empty for C. */
#define GOHTTP_IN
#define GOHTTP_OUT
#define GOHTTP_INOUT

/* A length meaning "the text is NUL-terminated" (rule 2). */
#define GOHTTP_NUL (-1)

/* The longest text the library copies from one argument: a method, URL,
 * header name or value, host, option (1 GiB). */
#define GOHTTP_MAX_TEXT 1073741824

/* The default of GOHTTP_OPT_MAX_BODY: 1 GiB. */
#define GOHTTP_DEFAULT_MAX_BODY 1073741824

/* The largest CA, certificate or key file read (16 MiB). */
#define GOHTTP_MAX_FILE_SIZE 16777216

/* A connection to one server: http.client.HTTPConnection. */
typedef struct gohttp_conn gohttp_conn;
/* A response being read: http.client.HTTPResponse. */
typedef struct gohttp_resp gohttp_resp;
/* Reserved for connection pools (a later gohttp_pool_new and
 * gohttp_pool_conn_new); nothing in 1.0 takes it. */
typedef struct gohttp_pool gohttp_pool;

//@section library Library
/* The library's version and the status phrase table. These functions
 * never fail and may be called at any time from any thread. */

//@section connection Connections
/* A connection (http.client's HTTPConnection) is created with
 * gohttp_conn_new or gohttp_conn_new_https and freed with
 * gohttp_conn_free. Nothing is resolved or sent until the first request
 * or gohttp_conn_connect. Settings are options (rule 5): the numbers below
 * say which setopt function takes them. gohttp_conn_info and
 * gohttp_conn_get report the connection's state. */

/* Options for gohttp_conn_setopt_int (100-199). */
#define GOHTTP_OPT_AUTO_OPEN          100  /* 1 (default): connect lazily; 0: sending unconnected is GOHTTP_E_NOT_CONNECTED */
#define GOHTTP_OPT_HTTP_VERSION       101  /* 11 (default) or 10 (no automatic Host, bodies never chunk-framed) */
#define GOHTTP_OPT_DEFAULT_PORT       102  /* the port the Host header leaves out (80, 443 for HTTPS) */
#define GOHTTP_OPT_BLOCKSIZE          103  /* piece size read from a streamed body source (default 8192) */
#define GOHTTP_OPT_MAX_LINE           104  /* longest status, header, chunk-size or trailer line (default 65536) */
#define GOHTTP_OPT_MAX_HEADERS        105  /* most header lines per block, the blank one counted (default 100) */
#define GOHTTP_OPT_MAX_BODY           106  /* most bytes one collecting read may hold; 0: GOHTTP_DEFAULT_MAX_BODY */
#define GOHTTP_OPT_SOURCE_PORT        107  /* local port to bind before connecting (0: any) */
#define GOHTTP_OPT_TLS_VERIFY         108  /* 1 (default): verify the certificate chain; 0: DON'T (insecure) */
#define GOHTTP_OPT_TLS_CHECK_HOSTNAME 109  /* 1 (default): the certificate must name the host */
#define GOHTTP_OPT_TLS_MIN_VERSION    110  /* 0x0303 = TLS 1.2 (default), 0x0304 = TLS 1.3 */
#define GOHTTP_OPT_TLS_MAX_VERSION    111  /* 0 (default): the newest supported */
#define GOHTTP_OPT_TLS_SYSTEM_ROOTS   112  /* 1: trust the system roots besides the CA options; 0 (default): only them */
#define GOHTTP_OPT_NONBLOCKING        113  /* reserved: non-blocking calls; GOHTTP_E_ARG ("not supported yet") in 1.0 */

/* Options for gohttp_conn_setopt_double (200-299), in seconds. */
#define GOHTTP_OPT_TIMEOUT            200  /* each socket operation, from the next connect; < 0: none (default) */
#define GOHTTP_OPT_SOCKET_TIMEOUT     201  /* the open socket's operations, now (socket.settimeout) */
#define GOHTTP_OPT_DEADLINE           202  /* each request as a whole (curl's --max-time); < 0: none (default) */

/* Options for gohttp_conn_setopt_str (300-399). A NULL value puts the
 * option back to its default. */
#define GOHTTP_OPT_HOST               300  /* host to connect to, "host[:port]" parsed as gohttp_conn_new does */
#define GOHTTP_OPT_SOURCE_HOST        301  /* local address to bind before connecting (NULL: none) */
#define GOHTTP_OPT_TLS_CA_FILE        302  /* adds a PEM file of trusted CAs */
#define GOHTTP_OPT_TLS_CA_DIR         303  /* adds a directory of PEM CA files (every file is read) */
#define GOHTTP_OPT_TLS_CA_PEM         304  /* adds trusted CAs: PEM text, or DER certificates back to back */
#define GOHTTP_OPT_TLS_CERT_FILE      305  /* client certificate chain, PEM file */
#define GOHTTP_OPT_TLS_KEY_FILE       306  /* client private key, PEM file */
#define GOHTTP_OPT_TLS_CERT_PEM       307  /* client certificate chain, PEM bytes */
#define GOHTTP_OPT_TLS_KEY_PEM        308  /* client private key, PEM bytes */
#define GOHTTP_OPT_TLS_KEY_PASSWORD   309  /* password of an encrypted private key */
#define GOHTTP_OPT_TLS_SERVER_NAME    310  /* name for SNI and the certificate check */
#define GOHTTP_OPT_TLS_ALPN           311  /* comma-separated protocols; "" offers none */

/* One request header (gohttp_conn_request, gohttp_conn_set_tunnel). The lengths may be GOHTTP_NUL. flags is 0 from C;
 * bindings may set GOHTTP_HEADER_NAME_BYTES. Not growable: it is an
 * array element. */
typedef struct gohttp_header {
    const char *name;
    int64_t name_len;
    const char *value;
    int64_t value_len;
    int flags;
} gohttp_header;

/* Connection states, as gohttp_conn_info reports them. */
#define GOHTTP_STATE_IDLE             0
#define GOHTTP_STATE_REQUEST_STARTED  1
#define GOHTTP_STATE_REQUEST_SENT     2

/* What gohttp_conn_get copies out. */
#define GOHTTP_CONN_HOST           1  /* the host connected to (IPv6 brackets removed) */
#define GOHTTP_CONN_PROXY_HEADERS  2  /* the raw header lines of the proxy's reply to the last CONNECT */
#define GOHTTP_CONN_BUFFERED       3  /* the request lines buffered and not sent yet, each with CRLF */
#define GOHTTP_CONN_TLS_PEER_CERT  4  /* the server's certificate, DER */
#define GOHTTP_CONN_TLS_VERSION    5  /* "TLSv1.3", "TLSv1.2" */
#define GOHTTP_CONN_TLS_CIPHER     6  /* the cipher suite's IANA name, a space, its key bits */
#define GOHTTP_CONN_TLS_ALPN       7  /* the protocol ALPN selected ("" for none) */

/* What gohttp_conn_info reports (growable: rule 6). The struct has no
 * typedef: its name is the function's, as with struct stat and stat(). */
struct gohttp_conn_info {
    int64_t size;          /* in: sizeof(gohttp_conn_info) */
    int port;              /* the port connected to */
    int state;             /* GOHTTP_STATE_* */
    int connected;         /* 1 when a socket is open */
    int http_version;      /* 10 or 11 (GOHTTP_OPT_HTTP_VERSION) */
    int default_port;      /* GOHTTP_OPT_DEFAULT_PORT */
    int reserved;          /* 0 */
    int64_t socket;        /* the open socket's descriptor, -1 for none or a host transport */
};

//@section request Requests
/* A request is sent whole with gohttp_conn_request, or step by step as
 * http.client does: gohttp_conn_putrequest, gohttp_conn_putheader for
 * each header, gohttp_conn_endheaders with the body (bytes, or pieces
 * from a callback). gohttp_conn_send writes raw bytes. */

/* Flags for gohttp_conn_request, gohttp_conn_putrequest and
 * gohttp_conn_endheaders. */
#define GOHTTP_SKIP_HOST             0x1  /* no automatic Host header */
#define GOHTTP_SKIP_ACCEPT_ENCODING  0x2  /* no automatic Accept-Encoding */
#define GOHTTP_ENCODE_CHUNKED        0x4  /* http.client's encode_chunked=True */

/* A streamed request body. Each call stores the next piece in *data and
 * *len and returns 1; it returns 0 at the end and a negative value to
 * abort the request (the call then fails with GOHTTP_E_CALLBACK). The
 * piece must stay valid until the next call. Empty pieces are skipped. */
typedef int (*gohttp_body_fn)(void *user, const void **data, int64_t *len);

//@section response Responses
/* gohttp_conn_getresponse reads a response's head and returns a handle
 * (free it with gohttp_resp_free) whose body is read with the read
 * functions; all follow the data-out rule (rule 3), and a result kept
 * after GOHTTP_E_RANGE comes first in the next read of any kind. */

/* struct gohttp_resp_info's flags (in, for gohttp_conn_getresponse): copy a small
 * body that has arrived whole into head after the reason and headers, and
 * consume it (BODY) or leave the response unread (PEEK_BODY); first read
 * the previous response's body to its end if it has arrived whole
 * (READ_PREVIOUS). */
#define GOHTTP_GETRESPONSE_BODY           0x1
#define GOHTTP_GETRESPONSE_PEEK_BODY      0x2
#define GOHTTP_GETRESPONSE_READ_PREVIOUS  0x4

/* What gohttp_resp_get copies out. */
#define GOHTTP_RESP_REASON       101  /* the reason phrase (latin-1 bytes) */
#define GOHTTP_RESP_RAW_HEADERS  102  /* the header lines as received, with the blank line */
#define GOHTTP_RESP_TRAILERS     103  /* the trailer lines of a chunked body, once read to its end */
#define GOHTTP_RESP_FIELDS       104  /* the parsed header fields, in order: each name, a NUL, its
                                         value, a NUL (latin-1 bytes, the names and values
                                         http.client's HTTPMessage holds); GOHTTP_E_VALUE when
                                         a name or value holds a NUL itself */

/* What gohttp_conn_getresponse, gohttp_resp_begin and gohttp_resp_info
 * report about a response (growable: rule 6; no typedef, as
 * struct gohttp_conn_info). */
struct gohttp_resp_info {
    int64_t size;          /* in: sizeof(gohttp_resp_info) */
    int flags;             /* in (getresponse): GOHTTP_GETRESPONSE_* */
    int status;            /* e.g. 200 */
    int version;           /* 10 for HTTP/1.0 (and 0.9), 11 for HTTP/1.x */
    int will_close;        /* 1 if the connection closes after this response */
    int chunked;           /* 1 if the body is chunked */
    int has_length;        /* 1 if length is known (it can then be negative
                              after http.client's read(-1) quirk) */
    int closed;            /* 1 once gohttp_resp_close (or the connection's
                              close) closed it: Python's io "closed" */
    int isclosed;          /* 1 once it let go of the socket (isclosed()) */
    int head_copied;       /* getresponse: 1 if head holds the reason then
                              the raw headers; 0: fetch them with gohttp_resp_get */
    int reserved;          /* 0 */
    int64_t length;        /* body bytes left, or -1 if unknown */
    int64_t reason_len;    /* the reason phrase's length */
    int64_t headers_len;   /* the raw header block's length */
    int64_t body_len;      /* getresponse with GOHTTP_GETRESPONSE_(PEEK_)BODY: the
                              body's length in head after them, else -1 */
    int64_t socket;        /* the socket's descriptor, -1 for none */
};

//@section tls TLS options
/* HTTPS is TLS in the library (Go's crypto/tls): gohttp_conn_new_https
 * verifies the server's certificate and host name against the system's
 * roots, with SNI, ALPN "http/1.1" and TLS 1.2 or later. The
 * GOHTTP_OPT_TLS_* options change that from the next connect; on a
 * connection made by gohttp_conn_new, the first TLS option set turns TLS
 * on (the default port stays 80). TLS cannot be turned off again. The CA
 * options add to a list, and the CAs listed replace the system roots
 * unless GOHTTP_OPT_TLS_SYSTEM_ROOTS is 1. What the session negotiated is
 * read with gohttp_conn_get (GOHTTP_CONN_TLS_*). */

//@section transport Host transports
/* A host may carry the bytes itself (a socket of its own, a TLS library
 * of its own, a test double): gohttp_conn_set_transport gives a
 * connection a gohttp_transport, and gohttp_resp_new reads one response
 * from one (http.client's HTTPResponse(sock)). */

/* A transport's read stores up to cap bytes in buf and the count in *n
 * (0 means the peer closed); write sends up to len bytes and stores the
 * count in *n. Both return 0 on success, a positive OS error number
 * (ECONNRESET, ...) for an OS error, GOHTTP_E_TIMEOUT for a timeout, or
 * another negative value for any other failure (GOHTTP_E_CALLBACK).
 * close is called once, when the library is done with the transport. */
typedef int (*gohttp_read_fn)(void *user, void *buf, int64_t cap, int64_t *n);
typedef int (*gohttp_write_fn)(void *user, const void *data, int64_t len, int64_t *n);
typedef void (*gohttp_close_fn)(void *user);

/* A host's buffered reader over a socket the host owns (Python's
 * sock.makefile("rb")): the library asks it for exactly what a response
 * needs, so no byte past the response is taken from the host. op says
 * what to read into buf (at most cap bytes; store the count in *n, 0 for
 * the end of the stream):
 *   GOHTTP_FILE_READ      cap bytes, fewer only at the end (readinto);
 *   GOHTTP_FILE_READLINE  up to and including a '\n' (readline(cap));
 *   GOHTTP_FILE_READ1     what is buffered, else one read (read1(cap));
 *   GOHTTP_FILE_PEEK      copy of what is buffered, not consumed, after
 *                         one read if nothing is (peek()).
 * Besides the response's own peek, the library peeks before a header
 * block: when all of it is buffered it is taken with one READ of its
 * exact size instead of a READLINE per line (the same bytes). A reader
 * that cannot peek may answer 0 there; the block is then read line by
 * line.
 * Return codes as for gohttp_read_fn. */
#define GOHTTP_FILE_READ     1
#define GOHTTP_FILE_READLINE 2
#define GOHTTP_FILE_READ1    3
#define GOHTTP_FILE_PEEK     4
typedef int (*gohttp_file_fn)(void *user, int op, void *buf, int64_t cap, int64_t *n);

/* A host transport (growable: rule 6). read or file is required (with
 * file, responses are read exactly through the host's buffered reader,
 * and read is not used); write is required for a connection; close may
 * be NULL. user is passed to each. */
typedef struct gohttp_transport {
    int64_t size;          /* in: sizeof(gohttp_transport) */
    void *user;
    gohttp_read_fn read;
    gohttp_write_fn write;
    gohttp_close_fn close;
    gohttp_file_fn file;
} gohttp_transport;

//@section debug Debug output
/* http.client's set_debuglevel: the lines it would print. */

/* Debug output: one line, without its newline, valid during the call.
 * With no callback, lines go to the C library's stdout. */
typedef void (*gohttp_debug_fn)(void *user, const char *line, int64_t len);

//@section errors Errors
/* Return codes (rule 1), the per-thread last error (rule 9) and the
 * functions that describe a code. Each error stands for one Python
 * exception, so that a binding raises exactly what http.client would;
 * the Python names are in the Python binding, not here. */

#define GOHTTP_OK                       0
#define GOHTTP_NOTFOUND                 1   /* not an error: no such header, index past the end, no TLS */
#define GOHTTP_E_INTERNAL              -1   /* a bug in gohttp (caught) */
#define GOHTTP_E_BADHANDLE             -2   /* NULL, unknown or wrong-kind handle */
#define GOHTTP_E_ARG                   -3   /* an argument the library can check is wrong */
#define GOHTTP_E_BUSY                  -4   /* the handle is in use by another thread */
#define GOHTTP_E_RANGE                 -5   /* buffer too small; *n is the size needed */
#define GOHTTP_E_FORKED                -6   /* called in a child after fork(), _Fork() or clone() */
#define GOHTTP_E_CANCELLED             -7   /* gohttp_conn_cancel stopped the call; the socket is closed */
#define GOHTTP_E_HTTP                 -10   /* a protocol error (too many headers, ...) */
#define GOHTTP_E_NOT_CONNECTED        -11   /* not connected and GOHTTP_OPT_AUTO_OPEN is 0 */
#define GOHTTP_E_INVALID_URL          -12   /* bad URL, host or port */
#define GOHTTP_E_UNKNOWN_PROTOCOL     -13   /* the status line's version is not HTTP/1.x */
#define GOHTTP_E_INCOMPLETE_READ      -14   /* the body ended early (partial data in gohttp_error) */
#define GOHTTP_E_CANNOT_SEND_REQUEST  -15   /* a request is already in progress */
#define GOHTTP_E_CANNOT_SEND_HEADER   -16   /* no request started */
#define GOHTTP_E_RESPONSE_NOT_READY   -17   /* no request sent, or the previous response is unread */
#define GOHTTP_E_BAD_STATUS_LINE      -18   /* the status line is malformed */
#define GOHTTP_E_LINE_TOO_LONG        -19   /* a line is longer than GOHTTP_OPT_MAX_LINE */
#define GOHTTP_E_REMOTE_DISCONNECTED  -20   /* the server closed without answering */
#define GOHTTP_E_VALUE                -21   /* a bad value (control characters in a header, ...) */
#define GOHTTP_E_ENCODE               -22   /* text must be ASCII */
#define GOHTTP_E_RUNTIME              -23   /* not possible in this state */
#define GOHTTP_E_OVERFLOW             -24   /* port out of range */
#define GOHTTP_E_TOO_LARGE            -25   /* more data than a memory limit allows */
#define GOHTTP_E_OS                   -30   /* an OS error; gohttp_error.os_error has its number */
#define GOHTTP_E_TIMEOUT              -31   /* timed out */
#define GOHTTP_E_DNS                  -32   /* name resolution failed; os_error is the EAI_* code */
#define GOHTTP_E_TLS                  -33   /* TLS failed */
#define GOHTTP_E_TLS_VERIFY           -34   /* the server's certificate was not accepted */
#define GOHTTP_E_TUNNEL               -35   /* the proxy refused the CONNECT */
#define GOHTTP_E_CALLBACK             -36   /* a caller's callback reported failure */

/* Reserved for non-blocking calls (GOHTTP_OPT_NONBLOCKING): positive
 * results telling what to wait for. Never returned in 1.0. */
#define GOHTTP_WANT_READ                2
#define GOHTTP_WANT_WRITE               3

/* Details of the calling thread's last failure (growable: rule 6). The
 * pointers stay valid until the thread's next call into the library. */
typedef struct gohttp_error {
    int64_t size;          /* in: sizeof(gohttp_error) */
    int code;              /* the GOHTTP_E_* code, or GOHTTP_OK if none */
    int os_error;          /* errno for GOHTTP_E_OS, EAI_* for GOHTTP_E_DNS, OpenSSL's
                              X509_V_ERR_* code for GOHTTP_E_TLS_VERIFY, the offset
                              of the first non-ASCII byte for GOHTTP_E_ENCODE, else 0 */
    int64_t expected;      /* IncompleteRead: bytes still expected, -1 for None */
    const char *message;   /* NUL-terminated English description */
    const char *arg;       /* the exception's argument: the status line (BadStatusLine),
                              version (UnknownProtocol), state name (CannotSendRequest,
                              ResponseNotReady), "header line" etc. (LineTooLong);
                              NULL when there is none */
    int64_t arg_len;
    const char *partial;   /* IncompleteRead: the bytes read before the body ended */
    int64_t partial_len;
} gohttp_error;

//@section bindings For bindings
/* Functions that language bindings need to mirror http.client exactly
 * (Python's shim uses them); C programs rarely do. They follow the same
 * rules and are as stable as the rest of 1.0. */

/* gohttp_header.flags: the name was a Python bytes object, which
 * http.client does not count when it looks for Host, Content-Length ... */
#define GOHTTP_HEADER_NAME_BYTES     0x1

//@end
#endif /* GOHTTP_TYPES_H */
