"""Stage 7: SPARQL over HTTP, the SPARQL 1.1 Protocol, read-only and safe by default.

HTTP is framed by h11 (a well-kept HTTP/1.1 library): chunked bodies are decoded, conflicting
Content-Length headers are refused (and so, here, is Content-Length beside Transfer-Encoding), and a
request's body is always read to its end or the connection closed, so a body never runs as a second
request. Connections are served by asyncio, each under deadlines: a request must arrive whole
within --client-timeout of the connection being ready for one (which also ends idle and slow-loris
connections), and a client must take each piece of a response within the same time. Only
--max-connections are served at once.

Queries run in a pool of worker processes, each holding the store open and denied the network by
the operating system before it reads any data (graph.sandbox). A query that runs past --timeout is
ended by ending its process (a running query cannot be interrupted), and a fresh worker takes its
place. A worker writes a result to a spooled temporary file, refused past --max-result, then
streams it through a local socket; the server passes it on piece by piece, so what it buffers per
connection stays at a piece or two, however large the result and however slow the client.

Requests are answered only for the server's own Host names (a DNS-rebinding page cannot read the
graph), and queries from other sites' pages are refused unless --cors names that origin.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import multiprocessing
import pickle
import signal
import socket
import struct
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import h11

from . import paths

log = logging.getLogger("pactgraph.serve")

# Result media types, by preference when the client accepts anything.
SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
QUERY_PATHS = ("/sparql", "/query")
PIECE = 1 << 16  # bytes per piece of a streamed result
MAX_HEAD = 16_384  # bytes of request line and headers
# The SPARQL Protocol's parameters that name a query's dataset (the server does not take them).
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
LINGER_BYTES = 16_000_000  # what is read and dropped after an early error, so that the client hears it
LINGER_SECONDS = 2.0
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


@dataclass(frozen=True)
class ServeConfig:
    store: str = "oxigraph"
    data: Path | None = None
    location: Path | None = None
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query; 0 for none
    max_body: int = 1_000_000  # bytes of a request body
    max_result: int = 100_000_000  # bytes of a response; 0 for none
    client_timeout: float = 10.0  # seconds for a request to arrive, and for each piece of a response to go
    max_connections: int = 200
    cors: str | None = None
    allow_hosts: tuple[str, ...] = ()  # Host names answered besides the bound address's own
    workers: int = 2
    queue_wait: float = 5.0  # seconds a request waits for a free worker before a 503
    allow_service: bool = False


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


READ_ONLY = text_reply(403, "this endpoint is read-only: updates are refused")
TOO_MANY_CONNECTIONS = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 32\r\n"
    b"Connection: close\r\n\r\ntoo many connections; try again\n"
)


def choose(accept: str | None, offered: dict[str, str]) -> str:
    """The offered media type the Accept header prefers (q-values honoured); the first offered
    when the header is missing, says */*, or names nothing we offer."""
    best, best_q = None, 0.0
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for item in fields[1:]:
            if item.startswith("q="):
                try:
                    q = float(item[2:])
                except ValueError:
                    q = 0.0
        candidates = (
            [media] if media in offered else list(offered)[:1] if media in ("*/*", "application/*", "text/*") else []
        )
        for candidate in candidates:
            score = q - position * 1e-6  # earlier wins among equals
            if q > 0 and score > best_q:
                best, best_q = candidate, score
    return best or next(iter(offered))


# -- frames between the server and its workers --------------------------------------------------
# One byte of kind, four of length, the payload. A reply is a head (JSON: status, type, length),
# then data frames, then an end frame.

_FRAME = struct.Struct(">cI")
_READY, _FAILED, _REQUEST, _HEAD, _DATA, _END = b"R", b"F", b"Q", b"H", b"D", b"E"


def _send_frame(sock: socket.socket, kind: bytes, payload: bytes = b"") -> None:
    sock.sendall(_FRAME.pack(kind, len(payload)) + payload)


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    parts, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _receive_frame(sock: socket.socket) -> tuple[bytes, bytes]:
    kind, size = _FRAME.unpack(_receive_exactly(sock, _FRAME.size))
    return kind, _receive_exactly(sock, size)


async def _read_frame(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    kind, size = _FRAME.unpack(await reader.readexactly(_FRAME.size))
    return kind, await reader.readexactly(size)


# -- worker processes -----------------------------------------------------------------------------


class ResultTooLarge(Exception):
    pass


class _CappedFile:
    """A spooled temporary file that refuses to grow past `cap` bytes (0: no cap)."""

    def __init__(self, cap: int):
        self.file = tempfile.SpooledTemporaryFile(max_size=4 * PIECE)  # noqa: SIM115 (closed by the worker)
        self.cap, self.size = cap, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.cap and self.size > self.cap:
            raise ResultTooLarge
        return self.file.write(data)

    def flush(self) -> None:
        pass


def _answer(backend, text: str, accept: str | None, max_result: int) -> tuple[Reply, _CappedFile | None]:
    """The reply to one query: a head, and the result in a spooled file (None for an error)."""
    import pyoxigraph as ox

    from .errors import PactError, RefusedError
    from .prefixes import PREFIXES
    from .query import query_errors, run_query

    output = _CappedFile(max_result)
    try:
        results = run_query(backend, text)
        with query_errors(text):
            if isinstance(results, (ox.QueryTriples, list)):
                media = choose(accept, GRAPH_TYPES)
                fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
                prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
                ox.serialize(results, output=output, format=fmt, prefixes=prefixes)
            else:
                media = choose(accept, SOLUTION_TYPES)
                results.serialize(output=output, format=getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media]))
    except PactError as error:
        output.file.close()
        return text_reply(403 if isinstance(error, RefusedError) else 400, str(error)), None
    except ResultTooLarge:
        output.file.close()
        message = (
            f"the result is over the limit of {max_result:,} bytes (--max-result); "
            "narrow the query or add LIMIT, or export the graph instead"
        )
        return text_reply(403, message), None
    charset = "" if media == "application/ld+json" else "; charset=utf-8"
    output.file.seek(0)
    return Reply(200, media + charset, b""), output


def _worker_main(sock: socket.socket, config: ServeConfig) -> None:
    """One worker: deny itself the network, open the store, then answer requests until the socket
    closes. Nothing a query says can undo the first step."""
    try:
        if not config.allow_service:
            from .sandbox import deny_network

            deny_network()  # before any data is read: parsers too may try to fetch (JSON-LD contexts)
        from .store import open_backend

        backend = open_backend(config.store, config.data, config.location)
    except Exception as error:  # reported to the server, which stops with it
        _send_frame(sock, _FAILED, str(error).encode("utf-8", "replace")[:2000])
        return
    _send_frame(sock, _READY)
    while True:
        try:
            kind, payload = _receive_frame(sock)
        except (EOFError, OSError):
            return
        text, accept = pickle.loads(payload)  # noqa: S301 (from the server, over a private socket)
        try:
            reply, result = _answer(backend, text, accept, config.max_result)
        except Exception as error:  # a bug, not the user's query: keep serving
            reply, result = text_reply(500, f"internal error: {type(error).__name__}: {error}"), None
        length = result.size if result else len(reply.body)
        head = {"status": reply.status, "type": reply.content_type, "length": length}
        try:
            _send_frame(sock, _HEAD, json.dumps(head).encode())
            if result is None:
                _send_frame(sock, _DATA, reply.body)
            else:
                with result.file:
                    while piece := result.file.read(PIECE):
                        _send_frame(sock, _DATA, piece)
            _send_frame(sock, _END)
        except OSError:
            return


class Busy(Exception):
    """No worker became free in time."""


class TimeLimit(Exception):
    """The query ran past the time limit and its worker was ended."""


class WorkerDied(Exception):
    """The worker ended under the query (a crash in the engine)."""


@dataclass(eq=False)  # each worker is itself: hashed by identity
class Worker:
    process: multiprocessing.process.BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def end(self) -> None:
        self.writer.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


@dataclass
class Result:
    """A worker's answer: its head, and its pieces to be read with `pieces()` (which gives the
    worker back when done, or after `discard()`)."""

    status: int
    content_type: str
    length: int
    pool: WorkerPool
    worker: Worker
    done: bool = field(default=False)

    async def pieces(self) -> AsyncIterator[bytes]:
        try:
            while True:
                kind, payload = await _read_frame(self.worker.reader)
                if kind == _END:
                    self.done = True
                    self.pool.give_back(self.worker)
                    return
                yield payload
        except (asyncio.IncompleteReadError, ConnectionError):
            self.done = True
            self.pool.lost(self.worker)

    async def discard(self) -> None:
        """Read the rest and drop it, so the worker is free again (a local socket: fast)."""
        if not self.done:
            async for _ in self.pieces():
                pass


class WorkerPool:
    def __init__(self, config: ServeConfig):
        self.config = config
        # forkserver: workers are forked from a clean single-threaded process, also the ones that
        # replace a timed-out worker while the server runs.
        self.context = multiprocessing.get_context("forkserver")
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(max(1, self.config.workers))))
        for worker in workers:
            self.give_back(worker)

    async def _spawn(self) -> Worker:
        from .errors import InputError

        ours, theirs = socket.socketpair()
        process = self.context.Process(target=_worker_main, args=(theirs, self.config), daemon=True)
        await asyncio.get_running_loop().run_in_executor(None, process.start)
        theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours, limit=2 * PIECE)
        worker = Worker(process, reader, writer)
        try:
            kind, payload = await _read_frame(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            kind, payload = _FAILED, b"the query worker stopped while opening the data"
        if kind != _READY:
            worker.end()
            raise InputError(payload.decode("utf-8", "replace"))
        self.workers.add(worker)
        return worker

    def give_back(self, worker: Worker) -> None:
        if self.closed:
            worker.end()
        else:
            self.idle.put_nowait(worker)

    def lost(self, worker: Worker) -> None:
        """End a worker that timed out or died, and start another in its place."""
        worker.end()
        self.workers.discard(worker)
        if not self.closed:
            task = asyncio.get_running_loop().create_task(self._replace())
            task.add_done_callback(lambda t: t.exception() and log.error("worker: %s", t.exception()))

    async def _replace(self) -> None:
        self.give_back(await self._spawn())

    async def run(self, text: str, accept: str | None) -> Result:
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.config.queue_wait)
        except TimeoutError:
            raise Busy from None
        try:
            payload = pickle.dumps((text, accept))
            worker.writer.write(_FRAME.pack(_REQUEST, len(payload)) + payload)
            await worker.writer.drain()
            kind, head = await asyncio.wait_for(_read_frame(worker.reader), self.config.timeout or None)
        except TimeoutError:
            self.lost(worker)
            raise TimeLimit from None
        except (asyncio.IncompleteReadError, ConnectionError):
            self.lost(worker)
            raise WorkerDied from None
        fields = json.loads(head)
        return Result(fields["status"], fields["type"], fields["length"], self, worker)

    def close(self) -> None:
        self.closed = True
        for worker in list(self.workers):
            worker.end()


# -- HTTP -------------------------------------------------------------------------------------------


def query_page() -> bytes:
    from .query import named_queries
    from .render import script_json

    queries = [{"name": q.name, "question": q.question, "text": q.text} for q in named_queries().values()]
    page = (paths.TEMPLATES / "query.html").read_text(encoding="utf-8")
    return page.replace("/*{{QUERIES}}*/", script_json(queries)).encode("utf-8")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    return name == "localhost" or (_is_ip(name) and ipaddress.ip_address(name.strip("[]")).is_loopback)


@dataclass(frozen=True)
class HostPolicy:
    """Which Host headers the server answers: the names of the address it is bound to, and those
    --allow-host adds. A page on attacker.example whose name was made to point at 127.0.0.1 (DNS
    rebinding) sends `Host: attacker.example` and is refused."""

    names: frozenset[str]
    any_ip: bool  # bound to every interface: any address literal (no DNS name can be an IP literal)
    port: int

    @classmethod
    def of(cls, host: str, port: int, extra: tuple[str, ...] = ()) -> HostPolicy:
        bound = host.lower()
        names = {bound, f"[{bound}]" if ":" in bound else bound, *(name.lower() for name in extra)}
        wildcard = bound in ("0.0.0.0", "::", "")  # noqa: S104 (comparing, not binding)
        if wildcard or _is_loopback(bound):
            names.update(LOOPBACK_NAMES)
        if wildcard:
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        return cls(frozenset(names), wildcard, port)

    def allows(self, host_header: str | None) -> bool:
        if host_header is None:  # HTTP/1.0 without Host: not a browser
            return True
        host = host_header.strip().lower()
        if host.startswith("["):  # an IPv6 literal, [::1]:7878
            name, _, rest = host.partition("]")
            name, port = name + "]", rest.removeprefix(":")
        else:
            name, _, port = host.partition(":")
        if port and (not port.isdigit() or int(port) != self.port):
            return False
        return name in self.names or (self.any_ip and _is_ip(name))


class Request:
    """What the handler needs of an h11 request."""

    def __init__(self, event: h11.Request):
        self.method = event.method.decode("ascii", "replace")
        self.target = event.target.decode("ascii", "replace")
        self.headers: dict[str, str] = {}
        self.repeated: set[str] = set()
        for name, value in event.headers:
            key = name.decode("latin-1").lower()
            if key in self.headers:
                self.repeated.add(key)
            self.headers[key] = value.decode("latin-1")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class SparqlServer:
    def __init__(self, config: ServeConfig, pool: WorkerPool, page: bytes):
        self.config, self.pool, self.page = config, pool, page
        self.hosts = HostPolicy.of(config.host, config.port)
        self.connections = 0
        self.server: asyncio.base_events.Server | None = None

    async def listen(self) -> tuple[str, int]:
        self.server = await asyncio.start_server(
            self.connection, self.config.host, self.config.port, limit=MAX_HEAD, backlog=128
        )
        host, port = self.server.sockets[0].getsockname()[:2]
        self.hosts = HostPolicy.of(self.config.host, port, self.config.allow_hosts)
        return host, port

    # -- one connection ---------------------------------------------------------------------------

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.transport.set_write_buffer_limits(high=PIECE)
        peer = writer.get_extra_info("peername")
        self.connections += 1
        try:
            if self.connections > self.config.max_connections:
                writer.write(TOO_MANY_CONNECTIONS)
                return
            await self._serve_requests(reader, writer, peer)
        except (ConnectionError, TimeoutError, h11.LocalProtocolError, asyncio.IncompleteReadError):
            _reset(writer)  # a stalled or broken client: drop what is buffered for it
        finally:
            self.connections -= 1
            writer.close()

    async def _serve_requests(self, reader, writer, peer) -> None:
        loop = asyncio.get_running_loop()
        http = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        while True:
            deadline = loop.time() + self.config.client_timeout
            try:
                event = await self._next_event(http, reader, deadline)
            except TimeoutError:
                if http.their_state is h11.SEND_BODY or http.client_is_waiting_for_100_continue:
                    await self._send_whole(http, writer, text_reply(408, "the request did not arrive in time"), True)
                return
            except h11.RemoteProtocolError as error:
                if http.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                    # h11 says 431 for any head too long; a request line that alone is too long is a 414.
                    if error.error_status_hint == 431 and b"\n" not in http.trailing_data[0]:
                        reply = text_reply(
                            414, f"the request line is over {MAX_HEAD:,} bytes: send a long query by POST"
                        )
                    else:
                        reply = text_reply(error.error_status_hint or 400, f"bad request: {error}")
                    await self._send_whole(http, writer, reply, close=True)
                    # A head too long (414, 431) is refused while the client is still sending it.
                    await self._linger(writer, reader)
                return
            if not isinstance(event, h11.Request):
                return  # the client closed the connection
            request = Request(event)
            reply, result = await self._handle(http, reader, writer, request, deadline)
            if result is not None:
                await self._stream(http, writer, request, result)
            elif reply is not None:
                await self._send_whole(http, writer, reply, close=False, request=request)
            status = result.status if result is not None else reply.status if reply is not None else "-"
            log.info("%s %s %s %s", peer[0] if peer else "-", request.method, request.target[:200], status)
            if http.their_state is not h11.DONE:
                await self._linger(writer, reader)
                return
            if http.our_state is h11.MUST_CLOSE:
                return
            http.start_next_cycle()

    async def _next_event(self, http: h11.Connection, reader: asyncio.StreamReader, deadline: float):
        loop = asyncio.get_running_loop()
        while True:
            event = http.next_event()
            if event is not h11.NEED_DATA:
                return event
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            data = await asyncio.wait_for(reader.read(PIECE), remaining)
            http.receive_data(data)

    async def _read_body(self, http, reader, writer, request: Request, deadline: float) -> bytes | Reply:
        """The whole body, or a Reply that refuses it (too large, or late)."""
        declared = request.header("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.config.max_body:
            return self._too_large()
        if http.they_are_waiting_for_100_continue:
            writer.write(http.send(h11.InformationalResponse(status_code=100, headers=[])))
        parts, size = [], 0
        while True:
            try:
                event = await self._next_event(http, reader, deadline)
            except TimeoutError:
                return text_reply(408, "the request body did not arrive in time")
            if isinstance(event, h11.EndOfMessage):
                return b"".join(parts)
            if isinstance(event, h11.Data):
                size += len(event.data)
                if size > self.config.max_body:
                    return self._too_large()
                parts.append(bytes(event.data))
            elif isinstance(event, h11.ConnectionClosed):
                return text_reply(400, "the connection closed before the body ended")

    def _too_large(self) -> Reply:
        return text_reply(413, f"request body over the limit of {self.config.max_body:,} bytes")

    async def _handle(self, http, reader, writer, request: Request, deadline: float):
        """(a reply, None) or (None, a worker's result to stream)."""
        if "content-length" in request.headers and "transfer-encoding" in request.headers:
            return text_reply(400, "a request may not have both Content-Length and Transfer-Encoding"), None
        if "host" in request.repeated:
            return text_reply(400, "more than one Host header"), None
        url = urlsplit(request.target)
        # A target in absolute form ("GET http://name/sparql") names the host the request is for,
        # in place of the Host header (RFC 9112, 3.2.2): both must be names of this server.
        if not self.hosts.allows(request.header("host")) or (url.netloc and not self.hosts.allows(url.netloc)):
            return (
                text_reply(
                    421,
                    "this server does not answer to that Host name (it answers to the address it is bound to; "
                    "start it with --allow-host NAME to add one)",
                ),
                None,
            )
        body = await self._read_body(http, reader, writer, request, deadline)
        if isinstance(body, Reply):
            return body, None
        if request.method == "OPTIONS":
            return self._preflight(request), None
        if request.method in ("PUT", "DELETE", "PATCH"):
            return READ_ONLY, None
        if request.method not in ("GET", "HEAD", "POST"):
            return text_reply(405, f"method {request.method[:20]} is not served here"), None
        if url.path == "/" and request.method != "POST" and not url.query:
            return Reply(200, "text/html; charset=utf-8", self.page), None
        if url.path not in QUERY_PATHS:
            return text_reply(404, f"no such resource: {url.path[:200]} (queries go to /sparql)"), None
        refusal = self._cross_site(request)
        if refusal:
            return refusal, None
        text = self._query_text(request, url.query, body)
        if isinstance(text, Reply):
            return text, None
        from .query import MAX_NESTING, nesting_depth

        if nesting_depth(text) > MAX_NESTING:
            return text_reply(400, f"the query nests brackets deeper than {MAX_NESTING} (simplify it)"), None
        try:
            return None, await self.pool.run(text, request.header("accept"))
        except Busy:
            return text_reply(503, "busy: no query worker became free in time; try again"), None
        except TimeLimit:
            return text_reply(
                503, f"the query ran past the time limit of {self.config.timeout:g} s and was stopped"
            ), None
        except WorkerDied:
            return text_reply(500, "the query worker stopped under this query (a crash); it has been replaced"), None

    def _query_text(self, request: Request, query_string: str, body: bytes) -> str | Reply:
        params = parse_qs(query_string, keep_blank_values=True)
        if request.method == "POST":
            media = (request.header("content-type") or "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                return READ_ONLY
            if media == "application/sparql-query":
                if refusal := self._dataset_refusal(params):
                    return refusal
                text = body.decode("utf-8", "replace")
                return text if text.strip() else self._no_query()
            if media != "application/x-www-form-urlencoded":
                return text_reply(415, "send application/sparql-query or application/x-www-form-urlencoded")
            params = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        if "update" in params:
            return READ_ONLY
        return self._one_query(params)

    def _one_query(self, params: dict[str, list[str]]) -> str | Reply:
        """The query= of a request; refused when there is more than one (which would the server run?)."""
        if len(params.get("query", [])) > 1:
            return text_reply(400, "more than one query= parameter: send one query a request")
        if refusal := self._dataset_refusal(params):
            return refusal
        text = (params.get("query") or [None])[0]
        return text if text else self._no_query()

    @staticmethod
    def _dataset_refusal(params: dict[str, list[str]]) -> Reply | None:
        """A refusal of a request that names its dataset by parameter, which the server would
        otherwise ignore, answering over every graph."""
        named = next((name for name in DATASET_PARAMETERS if name in params), None)
        if named is None:
            return None
        return text_reply(400, f"{named} is not supported here: name the graphs in the query with FROM or FROM NAMED")

    @staticmethod
    def _no_query() -> Reply:
        return text_reply(400, "no query: send query=... (GET or form POST) or an application/sparql-query body")

    def _cross_site(self, request: Request) -> Reply | None:
        """A refusal for a query sent by another site's page, unless --cors names that site. Pages
        of other sites can make browsers POST forms and fire no-cors fetches; they send Origin
        (and Sec-Fetch-Site), which say where the request came from."""
        origin = request.header("origin")
        own = f"http://{request.header('host')}"
        if origin is not None:
            if origin == own or (self.config.cors and origin == self.config.cors):
                return None
        else:
            site = request.header("sec-fetch-site")
            navigation = request.header("sec-fetch-mode") == "navigate" and request.method == "GET"
            if site in (None, "same-origin", "none") or navigation:
                return None
        return text_reply(
            403, "refused: a query from another site's page (start the server with --cors ORIGIN to allow one)"
        )

    def _cors_headers(self, request: Request | None) -> list[tuple[str, str]]:
        origin = request.header("origin") if request else None
        if self.config.cors and origin == self.config.cors:
            return [("Access-Control-Allow-Origin", self.config.cors), ("Vary", "Origin")]
        return []

    def _preflight(self, request: Request) -> Reply:
        headers = [("Allow", "GET, HEAD, POST, OPTIONS")]
        if self._cors_headers(request):
            headers += [
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type, Accept"),
            ]
        return Reply(204, "text/plain", b"", tuple(headers))

    def _headers(self, content_type: str, length: int, request: Request | None, close: bool) -> list:
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(length)),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Server", "pactgraph"),
        ]
        if close:
            headers.append(("Connection", "close"))
        return headers + self._cors_headers(request)

    async def _drain(self, writer: asyncio.StreamWriter) -> None:
        await asyncio.wait_for(writer.drain(), self.config.client_timeout)

    async def _send_whole(self, http, writer, reply: Reply, close: bool, request: Request | None = None) -> None:
        close = close or http.their_state is not h11.DONE  # a body left unread: the connection ends
        body = b"" if reply.status == 204 else reply.body
        headers = self._headers(reply.content_type, len(body), request, close) + list(reply.headers)
        if reply.status == 204:
            headers = [h for h in headers if h[0] != "Content-Length"]
        writer.write(http.send(h11.Response(status_code=reply.status, headers=headers)))
        if body and (request is None or request.method != "HEAD"):
            writer.write(http.send(h11.Data(data=body)))
        writer.write(http.send(h11.EndOfMessage()))
        await self._drain(writer)

    async def _stream(self, http, writer, request: Request, result: Result) -> None:
        """Pass a worker's result on, piece by piece, each piece sent before the next is read."""
        headers = self._headers(result.content_type, result.length, request, close=False)
        try:
            writer.write(http.send(h11.Response(status_code=result.status, headers=headers)))
            async for piece in result.pieces():
                if request.method != "HEAD":
                    writer.write(http.send(h11.Data(data=piece)))
                    await self._drain(writer)  # a client that stalls is dropped here
            writer.write(http.send(h11.EndOfMessage()))
            await self._drain(writer)
        finally:
            await result.discard()

    async def _linger(self, writer: asyncio.StreamWriter, reader: asyncio.StreamReader) -> None:
        """Before closing on a request whose body was not read, read and drop what the client is
        still sending (within bounds): closing with unread data makes the kernel reset the
        connection, and the client would see a broken pipe instead of the reply."""
        with contextlib.suppress(Exception):
            await self._drain(writer)
            if writer.can_write_eof():
                writer.write_eof()
            loop = asyncio.get_running_loop()
            deadline, dropped = loop.time() + LINGER_SECONDS, 0
            while dropped < LINGER_BYTES and (left := deadline - loop.time()) > 0:
                chunk = await asyncio.wait_for(reader.read(PIECE), left)
                if not chunk:
                    break
                dropped += len(chunk)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Drop a connection at once, with what is queued for it: a reset (SO_LINGER 0), not a close,
    after which the kernel would go on trying to deliver megabytes to a client that reads nothing."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _serve(config: ServeConfig, ready: Callable[[str, int], None]) -> None:
    from .errors import InputError

    pool = WorkerPool(config)
    await pool.start()
    server = SparqlServer(config, pool, query_page())
    try:
        try:
            host, port = await server.listen()
        except OSError as error:
            raise InputError(f"cannot listen on {config.host}:{config.port} ({error.strerror})") from None
        ready(host, port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        await stop.wait()
    finally:
        if server.server is not None:
            server.server.close()
        pool.close()


def serve(config: ServeConfig, ready: Callable[[str, int], None] = lambda host, port: None) -> None:
    """Open the workers, bind (port 0 picks a free one), call `ready(host, port)`, and serve until
    SIGINT or SIGTERM."""
    asyncio.run(_serve(config, ready))
