"""Talking to SPARQL servers (push, query --endpoint) with bounds a hostile or broken server cannot
stretch: a deadline for the whole exchange, and a limit on the size of the answer.

A user's password (--user) comes from $PACTGRAPH_PASSWORD, ~/.netrc or a prompt, never from the
command line (where other users see it in the process list) and never into a message; urllib answers
the server's challenge, HTTP digest (Virtuoso) or basic (Fuseki, GraphDB), and only then.

A socket timeout only bounds each read, so a server that sends a byte every few seconds would hold
a command forever; here a watchdog shuts the connection down when the deadline passes, wherever the
exchange is (connecting, sending, reading the headers or the body). A server that floods gets its
answer cut at the limit with a one-line error, not a MemoryError.
"""

from __future__ import annotations

import http.client
import netrc
import os
import re
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import InputError

RESULT_LIMIT = 256_000_000  # bytes of query results read from an endpoint
REPLY_LIMIT = 1_000_000  # bytes of the answer to a push (a status message)
TIMEOUT = 120.0  # seconds for one request and its whole answer
PASSWORD_VARIABLE = "PACTGRAPH_PASSWORD"  # noqa: S105 (the name of the variable, not a password)


@dataclass(frozen=True)
class Credentials:
    """A user and password for an endpoint; `origin` says where the password came from, for the
    message when the server refuses it. The password is kept out of repr()."""

    user: str
    password: str = field(repr=False)
    origin: str = ""


def terminal_prompt(text: str) -> str | None:
    """A password typed on the terminal, not echoed; None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(text, stream=sys.stderr)


def credentials_for(endpoint: str, user: str, ask: Callable[[str], str | None] | None = terminal_prompt) -> Credentials:
    """`user`'s password for `endpoint`: from $PACTGRAPH_PASSWORD, else from the ~/.netrc entry of
    the endpoint's host with that login, else from `ask` (by default the terminal, if any)."""
    if not user:
        raise InputError("--user: give a user name")
    if (password := os.environ.get(PASSWORD_VARIABLE)) is not None:
        return Credentials(user, password, f"${PASSWORD_VARIABLE}")
    host = urllib.parse.urlsplit(check_endpoint(endpoint)).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        entry = None
    except (netrc.NetrcParseError, OSError) as error:
        raise InputError(f"~/.netrc: {' '.join(str(error).split())[:200]} (fix or remove the file)") from None
    if entry and entry[0] == user and entry[2] is not None:
        return Credentials(user, entry[2], "~/.netrc")
    if ask is not None and (password := ask(f"Password for {user} at {host}: ")) is not None:
        return Credentials(user, password, "the prompt")
    raise InputError(
        f"no password for user {user!r} at {host}: set ${PASSWORD_VARIABLE}, add a ~/.netrc line "
        f"'machine {host} login {user} password ...', or run in a terminal to be asked"
    )


def _origin(url: str) -> tuple[str, str]:
    """The scheme and host:port to which _auth_handlers gives the password."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _auth_handlers(url: str, credentials: Credentials | None) -> tuple[urllib.request.BaseHandler, ...]:
    if credentials is None:
        return ()
    scheme, netloc = _origin(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{scheme}://{netloc}/", credentials.user, credentials.password)
    # Digest is tried before basic (urllib's handler order): each answers only its own challenge.
    return urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)


def _refused(url: str, credentials: Credentials | None) -> str:
    if credentials is None:
        return f"{url}: the endpoint asks for a user and password (HTTP 401): pass --user NAME"
    return (
        f"{url}: the endpoint refused user {credentials.user!r} with the password from {credentials.origin} "
        "(HTTP 401): check the user and password"
    )


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


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http:// or https:// URL: urllib would also follow one to
    ftp://, so an endpoint could send pactgraph to an FTP server anywhere its machine can reach."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise InputError(
                f"{req.full_url[:200]}: the endpoint redirects to {newurl[:200]}, which is not an http:// or "
                "https:// URL; pactgraph does not follow it"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_endpoint(endpoint: str) -> str:
    """`endpoint` if it is an http(s) URL without a user or password in it (a password there would
    be printed in errors and kept in the shell's history); InputError else, which never shows one."""
    parts = urllib.parse.urlsplit(endpoint) if endpoint.startswith(("http://", "https://")) else None
    if parts is None:
        shown = re.sub(r"//[^/@]*@", "//***@", endpoint[:200])
        raise InputError(f"{shown}: an endpoint is an http:// or https:// URL")
    if "@" in parts.netloc:
        shown = urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))[:200]
        raise InputError(
            f"{shown}: the endpoint URL carries a user or password; give the user with --user NAME (user= in "
            "Python) and the password through $PACTGRAPH_PASSWORD, ~/.netrc or the prompt, never in the URL"
        )
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
    request: urllib.request.Request,
    *,
    limit: int = RESULT_LIMIT,
    timeout: float = TIMEOUT,
    handlers=(),
    credentials: Credentials | None = None,
) -> Answer:
    """Send `request` and read the whole answer, within `timeout` seconds in all and `limit` bytes,
    answering an authentication challenge with `credentials`. A refused or missing password is an
    InputError; other HTTP errors raise urllib's HTTPError with the (bounded) body read into `.body`."""
    url = request.full_url[:200]
    with _Watch(timeout) as watch:
        opener = urllib.request.build_opener(
            _HTTPHandler(watch),
            _HTTPSHandler(watch),
            _Redirects(),
            *_auth_handlers(request.full_url, credentials),
            *handlers,
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                answer = Answer(_read_bounded(response, limit, url), response.headers.get_content_type())
            if watch.expired:  # the watchdog's shutdown reads as an early end of the answer
                raise OSError("deadline")
            return answer
        except urllib.error.HTTPError as error:
            if error.code == 401 and _origin(str(error.filename)) != _origin(request.full_url):
                raise InputError(
                    f"{url}: redirected to {str(error.filename)[:200]}, which asks for a password; pactgraph "
                    "sends a password only to the endpoint given (give that URL as the endpoint if you trust it)"
                ) from None
            if error.code == 401:
                raise InputError(_refused(url, credentials)) from None
            if 300 <= error.code < 400:  # a redirect not followed: urllib says why in the reason, not the body
                reason = " ".join(str(error.reason).split())[:300]
                raise InputError(f"{url}: HTTP {error.code} redirect not followed: {reason}") from None
            try:
                error.body = _read_bounded(error, REPLY_LIMIT, url)
            except (OSError, http.client.HTTPException):
                error.body = b""
            raise
        except ValueError as error:  # urllib: a challenge in a scheme it does not speak (NTLM, Negotiate)
            raise InputError(f"{url}: cannot authenticate ({' '.join(str(error).split())[:200]})") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            if watch.expired:
                raise InputError(f"{url}: no complete answer within {timeout:g} s; gave up") from None
            reason = getattr(error, "reason", None) or error
            raise InputError(f"{url}: cannot reach the endpoint ({' '.join(str(reason).split())[:200]})") from None


def error_text(error: urllib.error.HTTPError) -> str:
    """The body of an error answer, on one line, cut short."""
    return " ".join(getattr(error, "body", b"").decode("utf-8", "replace").split())[:300]
