"""Talking to SPARQL servers (push, query --endpoint) with bounds a hostile or broken server cannot
stretch: a deadline for the whole exchange, and a limit on the size of the answer.

A socket timeout only bounds each read, so a server that sends a byte every few seconds would hold
a command forever; here a watchdog shuts the connection down when the deadline passes, wherever the
exchange is (connecting, sending, reading the headers or the body). A server that floods gets its
answer cut at the limit with a one-line error, not a MemoryError.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

from graph.errors import InputError

RESULT_LIMIT = 256_000_000  # bytes of query results read from an endpoint
REPLY_LIMIT = 1_000_000  # bytes of the answer to a push (a status message)
TIMEOUT = 120.0  # seconds for one request and its whole answer


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str


class _Watch:
    """Shuts down every socket opened under it once `seconds` have passed."""

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def add(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv or send at once
        except OSError:
            pass

    def __enter__(self) -> _Watch:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def _watched(base: type[http.client.HTTPConnection], watch: _Watch) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watch.add(self.sock)

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req, context=self._context)


def check_endpoint(endpoint: str) -> str:
    if not endpoint.startswith(("http://", "https://")):
        raise InputError(f"{endpoint[:200]}: an endpoint is an http:// or https:// URL")
    return endpoint


def _read_bounded(stream, limit: int, url: str) -> bytes:
    parts, size = [], 0
    while chunk := stream.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise InputError(f"{url}: the answer is over {limit:,} bytes; pactgraph stopped reading it")
        parts.append(chunk)
    return b"".join(parts)


def exchange(
    request: urllib.request.Request, *, limit: int = RESULT_LIMIT, timeout: float = TIMEOUT, handlers=()
) -> Answer:
    """Send `request` and read the whole answer, within `timeout` seconds in all and `limit` bytes.
    HTTP errors raise urllib's HTTPError with the (bounded) body already read into `.body`."""
    url = request.full_url[:200]
    with _Watch(timeout) as watch:
        opener = urllib.request.build_opener(_HTTPHandler(watch), _HTTPSHandler(watch), *handlers)
        try:
            with opener.open(request, timeout=timeout) as response:
                answer = Answer(_read_bounded(response, limit, url), response.headers.get_content_type())
            if watch.expired:  # the watchdog's shutdown reads as an early end of the answer
                raise OSError("deadline")
            return answer
        except urllib.error.HTTPError as error:
            try:
                error.body = _read_bounded(error, REPLY_LIMIT, url)
            except (OSError, http.client.HTTPException):
                error.body = b""
            raise
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            if watch.expired:
                raise InputError(f"{url}: no complete answer within {timeout:g} s; gave up") from None
            reason = getattr(error, "reason", None) or error
            raise InputError(f"{url}: cannot reach the endpoint ({' '.join(str(reason).split())[:200]})") from None


def error_text(error: urllib.error.HTTPError) -> str:
    """The body of an error answer, on one line, cut short."""
    return " ".join(getattr(error, "body", b"").decode("utf-8", "replace").split())[:300]
