# Type information for gohttp.client, the drop-in for http.client.
#
# The signatures are http.client's (Python 3.13, with the older HTTPS
# arguments on 3.11 and before); bindings/python/tests/test_stubs.py checks
# them against the module on every tested Python. Written in syntax that
# Python 3.8's type checkers read.

import email.message
import enum
import io
import socket
import ssl
import sys
from typing import (IO, Any, Dict, Iterable, Iterator, List,
                    Mapping, Optional, Tuple, Type, TypeVar, Union, overload)

# The exceptions, HTTPMessage and parse_headers are http.client's own.
from http.client import (
    BadStatusLine as BadStatusLine,
    CannotSendHeader as CannotSendHeader,
    CannotSendRequest as CannotSendRequest,
    HTTPException as HTTPException,
    HTTPMessage as HTTPMessage,
    ImproperConnectionState as ImproperConnectionState,
    IncompleteRead as IncompleteRead,
    InvalidURL as InvalidURL,
    LineTooLong as LineTooLong,
    NotConnected as NotConnected,
    RemoteDisconnected as RemoteDisconnected,
    ResponseNotReady as ResponseNotReady,
    UnimplementedFileMode as UnimplementedFileMode,
    UnknownProtocol as UnknownProtocol,
    UnknownTransferEncoding as UnknownTransferEncoding,
    error as error,
    parse_headers as parse_headers,
)

_T = TypeVar("_T")
# What a request body or send() accepts: bytes-like data, str (sent as
# latin-1), a readable file object, or an iterable of bytes-like items.
_Buffer = Union[bytes, bytearray, memoryview]
_DataType = Union[_Buffer, str, IO[bytes], IO[str], Iterable[_Buffer]]
_HeaderValue = Union[str, bytes, int]

__all__: List[str]

HTTP_PORT: int
HTTPS_PORT: int


class HTTPStatus(enum.IntEnum):
    """The status codes and phrases of Python 3.13, on every Python."""
    @property
    def phrase(self) -> str: ...
    @property
    def description(self) -> str: ...
    CONTINUE = 100
    SWITCHING_PROTOCOLS = 101
    PROCESSING = 102
    EARLY_HINTS = 103
    OK = 200
    CREATED = 201
    ACCEPTED = 202
    NON_AUTHORITATIVE_INFORMATION = 203
    NO_CONTENT = 204
    RESET_CONTENT = 205
    PARTIAL_CONTENT = 206
    MULTI_STATUS = 207
    ALREADY_REPORTED = 208
    IM_USED = 226
    MULTIPLE_CHOICES = 300
    MOVED_PERMANENTLY = 301
    FOUND = 302
    SEE_OTHER = 303
    NOT_MODIFIED = 304
    USE_PROXY = 305
    TEMPORARY_REDIRECT = 307
    PERMANENT_REDIRECT = 308
    BAD_REQUEST = 400
    UNAUTHORIZED = 401
    PAYMENT_REQUIRED = 402
    FORBIDDEN = 403
    NOT_FOUND = 404
    METHOD_NOT_ALLOWED = 405
    NOT_ACCEPTABLE = 406
    PROXY_AUTHENTICATION_REQUIRED = 407
    REQUEST_TIMEOUT = 408
    CONFLICT = 409
    GONE = 410
    LENGTH_REQUIRED = 411
    PRECONDITION_FAILED = 412
    CONTENT_TOO_LARGE = 413
    URI_TOO_LONG = 414
    UNSUPPORTED_MEDIA_TYPE = 415
    RANGE_NOT_SATISFIABLE = 416
    EXPECTATION_FAILED = 417
    IM_A_TEAPOT = 418
    MISDIRECTED_REQUEST = 421
    UNPROCESSABLE_CONTENT = 422
    LOCKED = 423
    FAILED_DEPENDENCY = 424
    TOO_EARLY = 425
    UPGRADE_REQUIRED = 426
    PRECONDITION_REQUIRED = 428
    TOO_MANY_REQUESTS = 429
    REQUEST_HEADER_FIELDS_TOO_LARGE = 431
    UNAVAILABLE_FOR_LEGAL_REASONS = 451
    INTERNAL_SERVER_ERROR = 500
    NOT_IMPLEMENTED = 501
    BAD_GATEWAY = 502
    SERVICE_UNAVAILABLE = 503
    GATEWAY_TIMEOUT = 504
    HTTP_VERSION_NOT_SUPPORTED = 505
    VARIANT_ALSO_NEGOTIATES = 506
    INSUFFICIENT_STORAGE = 507
    LOOP_DETECTED = 508
    NOT_EXTENDED = 510
    NETWORK_AUTHENTICATION_REQUIRED = 511
    REQUEST_ENTITY_TOO_LARGE = 413
    REQUEST_URI_TOO_LONG = 414
    REQUESTED_RANGE_NOT_SATISFIABLE = 416
    UNPROCESSABLE_ENTITY = 422


CONTINUE: HTTPStatus
SWITCHING_PROTOCOLS: HTTPStatus
PROCESSING: HTTPStatus
EARLY_HINTS: HTTPStatus
OK: HTTPStatus
CREATED: HTTPStatus
ACCEPTED: HTTPStatus
NON_AUTHORITATIVE_INFORMATION: HTTPStatus
NO_CONTENT: HTTPStatus
RESET_CONTENT: HTTPStatus
PARTIAL_CONTENT: HTTPStatus
MULTI_STATUS: HTTPStatus
ALREADY_REPORTED: HTTPStatus
IM_USED: HTTPStatus
MULTIPLE_CHOICES: HTTPStatus
MOVED_PERMANENTLY: HTTPStatus
FOUND: HTTPStatus
SEE_OTHER: HTTPStatus
NOT_MODIFIED: HTTPStatus
USE_PROXY: HTTPStatus
TEMPORARY_REDIRECT: HTTPStatus
PERMANENT_REDIRECT: HTTPStatus
BAD_REQUEST: HTTPStatus
UNAUTHORIZED: HTTPStatus
PAYMENT_REQUIRED: HTTPStatus
FORBIDDEN: HTTPStatus
NOT_FOUND: HTTPStatus
METHOD_NOT_ALLOWED: HTTPStatus
NOT_ACCEPTABLE: HTTPStatus
PROXY_AUTHENTICATION_REQUIRED: HTTPStatus
REQUEST_TIMEOUT: HTTPStatus
CONFLICT: HTTPStatus
GONE: HTTPStatus
LENGTH_REQUIRED: HTTPStatus
PRECONDITION_FAILED: HTTPStatus
CONTENT_TOO_LARGE: HTTPStatus
URI_TOO_LONG: HTTPStatus
UNSUPPORTED_MEDIA_TYPE: HTTPStatus
RANGE_NOT_SATISFIABLE: HTTPStatus
EXPECTATION_FAILED: HTTPStatus
IM_A_TEAPOT: HTTPStatus
MISDIRECTED_REQUEST: HTTPStatus
UNPROCESSABLE_CONTENT: HTTPStatus
LOCKED: HTTPStatus
FAILED_DEPENDENCY: HTTPStatus
TOO_EARLY: HTTPStatus
UPGRADE_REQUIRED: HTTPStatus
PRECONDITION_REQUIRED: HTTPStatus
TOO_MANY_REQUESTS: HTTPStatus
REQUEST_HEADER_FIELDS_TOO_LARGE: HTTPStatus
UNAVAILABLE_FOR_LEGAL_REASONS: HTTPStatus
INTERNAL_SERVER_ERROR: HTTPStatus
NOT_IMPLEMENTED: HTTPStatus
BAD_GATEWAY: HTTPStatus
SERVICE_UNAVAILABLE: HTTPStatus
GATEWAY_TIMEOUT: HTTPStatus
HTTP_VERSION_NOT_SUPPORTED: HTTPStatus
VARIANT_ALSO_NEGOTIATES: HTTPStatus
INSUFFICIENT_STORAGE: HTTPStatus
LOOP_DETECTED: HTTPStatus
NOT_EXTENDED: HTTPStatus
NETWORK_AUTHENTICATION_REQUIRED: HTTPStatus
REQUEST_ENTITY_TOO_LARGE: HTTPStatus
REQUEST_URI_TOO_LONG: HTTPStatus
REQUESTED_RANGE_NOT_SATISFIABLE: HTTPStatus
UNPROCESSABLE_ENTITY: HTTPStatus

responses: Dict[int, str]


class HTTPResponse(io.BufferedIOBase):
    msg: HTTPMessage
    headers: HTTPMessage
    version: int
    debuglevel: int
    fp: Any
    closed: bool
    status: int
    code: int
    reason: str
    chunked: bool
    chunk_left: Optional[int]
    length: Optional[int]
    will_close: bool
    url: Optional[str]

    def __init__(self, sock: socket.socket, debuglevel: int = ...,
                 method: Optional[str] = ..., url: Optional[str] = ...) -> None: ...
    def begin(self) -> None: ...
    @overload
    def getheader(self, name: str) -> Optional[str]: ...
    @overload
    def getheader(self, name: str, default: _T) -> Union[str, _T]: ...
    def getheaders(self) -> List[Tuple[str, str]]: ...
    def info(self) -> email.message.Message: ...
    def geturl(self) -> str: ...
    def getcode(self) -> int: ...
    def read(self, amt: Optional[int] = ...) -> bytes: ...
    def readinto(self, b: Union[bytearray, memoryview]) -> int: ...
    def read1(self, n: int = ...) -> bytes: ...
    def peek(self, n: int = ...) -> bytes: ...
    def readline(self, limit: int = ...) -> bytes: ...  # type: ignore[override]
    def __iter__(self) -> Iterator[bytes]: ...
    def __next__(self) -> bytes: ...
    def readable(self) -> bool: ...
    def isclosed(self) -> bool: ...
    def close(self) -> None: ...
    def flush(self) -> None: ...
    def fileno(self) -> int: ...


class HTTPConnection:
    default_port: int
    auto_open: int
    debuglevel: int
    response_class: Type[HTTPResponse]
    host: str
    port: int
    timeout: Optional[float]
    source_address: Optional[Tuple[str, int]]
    blocksize: int
    # The library's socket (a small stand-in with fileno, settimeout,
    # gettimeout, setblocking and close) or a socket you assigned.
    sock: Any

    def __init__(self, host: str, port: Optional[int] = ...,
                 timeout: Optional[float] = ...,
                 source_address: Optional[Tuple[str, int]] = ...,
                 blocksize: int = ...) -> None: ...
    def set_debuglevel(self, level: int) -> None: ...
    def set_tunnel(self, host: str, port: Optional[int] = ...,
                   headers: Optional[Mapping[str, str]] = ...) -> None: ...
    def get_proxy_response_headers(self) -> Optional[HTTPMessage]: ...
    def connect(self) -> None: ...
    def close(self) -> None: ...
    def send(self, data: _DataType) -> None: ...
    def putrequest(self, method: str, url: str, skip_host: bool = ...,
                   skip_accept_encoding: bool = ...) -> None: ...
    def putheader(self, header: Union[str, bytes], *values: _HeaderValue) -> None: ...
    def endheaders(self, message_body: Optional[_DataType] = ..., *,
                   encode_chunked: bool = ...) -> None: ...
    def request(self, method: str, url: str, body: Optional[_DataType] = ...,
                headers: Mapping[str, _HeaderValue] = ..., *,
                encode_chunked: bool = ...) -> None: ...
    def getresponse(self) -> HTTPResponse: ...
    # gohttp's own, not in http.client:
    max_body_size: Optional[int]
    def set_deadline(self, seconds: Optional[float]) -> None: ...
    def cancel(self) -> None: ...


class RequestCancelled(OSError):
    """Raised by a call that HTTPConnection.cancel() stopped (gohttp's own)."""


class HTTPSConnection(HTTPConnection):
    if sys.version_info >= (3, 12):
        def __init__(self, host: str, port: Optional[int] = ..., *,
                     timeout: Optional[float] = ...,
                     source_address: Optional[Tuple[str, int]] = ...,
                     context: Optional[ssl.SSLContext] = ...,
                     blocksize: int = ...) -> None: ...
    else:
        def __init__(self, host: str, port: Optional[int] = ...,
                     key_file: Optional[str] = ..., cert_file: Optional[str] = ...,
                     timeout: Optional[float] = ...,
                     source_address: Optional[Tuple[str, int]] = ..., *,
                     context: Optional[ssl.SSLContext] = ...,
                     check_hostname: Optional[bool] = ...,
                     blocksize: int = ...) -> None: ...
