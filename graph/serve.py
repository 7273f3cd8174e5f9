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
import hashlib
import io
import ipaddress
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import socket
import struct
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
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
REFUSED_LINGER_SECONDS = 0.5  # the same, for a connection refused as one too many
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
# A connection waiting this long for its request may be closed to make room; a younger one is not:
# a client that has just connected sends its request within milliseconds, and closing it then (50
# clients from one address, past its 32) reset requests in flight rather than answer 503.
EVICT_AFTER_SECONDS = 0.1


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
    max_memory: int = 2_000_000_000  # bytes a worker may take beyond the data it holds; 0 for no limit
    max_client_connections: int = 32  # connections from one address at once


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


class _ResultFile:
    """Where a worker writes a result: memory up to INLINE bytes, then a file of its own in the
    server's spool directory, which the server opens and streams from after the worker has gone
    on to the next query (a slow reader holds a file, never a worker). Refuses to grow past `cap`
    bytes (0: no cap)."""

    INLINE = 4 * PIECE

    def __init__(self, cap: int, spool: Path):
        self.cap, self.spool, self.size = cap, spool, 0
        self.memory: io.BytesIO | None = io.BytesIO()
        self.file = None  # a named file in the spool, once the result outgrows memory

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.cap and self.size > self.cap:
            raise ResultTooLarge
        if self.memory is not None and self.size > self.INLINE:
            self.file = tempfile.NamedTemporaryFile(dir=self.spool, prefix="result-", delete=False)  # noqa: SIM115
            self.file.write(self.memory.getvalue())
            self.memory = None
        return (self.memory or self.file).write(data)

    def flush(self) -> None:
        pass

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
            Path(self.file.name).unlink(missing_ok=True)


def _answer(
    backend, text: str, accept: str | None, config: ServeConfig, spool: Path
) -> tuple[Reply, _ResultFile | None]:
    """The reply to one query: a head, and the result (None for an error)."""
    import pyoxigraph as ox

    from .errors import PactError, RefusedError
    from .prefixes import PREFIXES
    from .query import query_errors, run_query

    output = _ResultFile(config.max_result, spool)
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
        output.discard()
        return text_reply(403 if isinstance(error, RefusedError) else 400, str(error)), None
    except ResultTooLarge:
        output.discard()
        message = (
            f"the result is over the limit of {config.max_result:,} bytes (--max-result); "
            "narrow the query or add LIMIT, or export the graph instead"
        )
        return text_reply(403, message), None
    except BaseException:
        output.discard()
        raise
    charset = "" if media == "application/ld+json" else "; charset=utf-8"
    return Reply(200, media + charset, b""), output


def _limit_memory(extra: int) -> None:
    """Let this process take `extra` bytes of address space beyond what it holds now (the store
    loaded, the query thread's stack reserved): past that, an allocation fails, and the worker ends
    (Oxigraph aborts) or reports it (Python's MemoryError)."""
    if not extra:
        return
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        held = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (held + extra, resource.RLIM_INFINITY))


def _worker_main(sock: socket.socket, config: ServeConfig, spool: Path) -> None:
    """One worker: deny itself the network, open the store, then answer requests until the socket
    closes. Nothing a query says can undo the first step. Queries run on a thread with a large
    stack (graph.sandbox.on_large_stack), under the memory limit."""
    # A crash or an allocation that fails is reported by the server in one line of its log, not
    # by a Rust backtrace from each worker.
    os.environ["RUST_BACKTRACE"] = "0"
    try:
        if not config.allow_service:
            from .sandbox import deny_network

            deny_network()  # before any data is read: parsers too may try to fetch (JSON-LD contexts)
        from .store import open_backend

        backend = open_backend(config.store, config.data, config.location)
    except Exception as error:  # reported to the server, which stops with it
        _send_frame(sock, _FAILED, str(error).encode("utf-8", "replace")[:2000])
        return
    from .sandbox import on_large_stack

    def answer_until_closed() -> None:
        try:
            _answer_queries(sock, backend, config, spool)
        except MemoryError:  # outside a query's answer (reading the next request, say)
            os._exit(OUT_OF_MEMORY_EXIT)

    on_large_stack(answer_until_closed)


OUT_OF_MEMORY_EXIT = 75  # a worker's exit status when it runs out of memory outside a query


def _answer_queries(sock: socket.socket, backend, config: ServeConfig, spool: Path) -> None:
    _limit_memory(config.max_memory)
    _send_frame(sock, _READY)
    while True:
        try:
            kind, payload = _receive_frame(sock)
        except (EOFError, OSError):
            return
        text, accept = pickle.loads(payload)  # noqa: S301 (from the server, over a private socket)
        retire = False
        try:
            reply, result = _answer(backend, text, accept, config, spool)
        except MemoryError:
            # Python ran out within the limit: say so, and let the server replace this worker,
            # whose heap may be left in pieces.
            reply, result, retire = text_reply(503, OUT_OF_MEMORY.format(limit=config.max_memory)), None, True
        except Exception as error:  # a bug, not the user's query: keep serving
            reply, result = text_reply(500, f"internal error: {type(error).__name__}: {error}"), None
        inline = result is None or result.file is None
        head = {
            "status": reply.status,
            "type": reply.content_type,
            "length": (result.size if result else len(reply.body)),
            "file": None if inline else result.file.name,
            "retire": retire,
        }
        try:
            _send_frame(sock, _HEAD, json.dumps(head).encode())
            if result is None:
                _send_frame(sock, _DATA, reply.body)
            elif inline:
                _send_frame(sock, _DATA, result.memory.getvalue())
            else:
                result.file.close()  # the server opens it by name, and removes it
            _send_frame(sock, _END)
        except OSError:
            if result is not None:
                result.discard()
            return
        if retire:
            return


OUT_OF_MEMORY = (
    "the query needed more memory than a query worker may take ({limit:,} bytes, --max-memory) and was stopped"
)


def query_digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class Busy(Exception):
    """No worker became free in time."""


class WorkerStopped(Exception):
    """The query's worker was ended: `cause` is "time" (past the time limit), "memory" (past the
    memory limit) or "crash" (the engine crashed)."""

    def __init__(self, cause: str, detail: str = "", again: bool = False):
        super().__init__(cause)
        self.cause = cause
        self.detail = detail  # for a crash: what in the query was large, as measured
        self.again = again  # refused without running: the same query stopped a worker a moment ago


@dataclass(eq=False)  # each worker is itself: hashed by identity
class Worker:
    process: multiprocessing.process.BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def end(self) -> str | int | None:
        """Stop the process (if it still runs) and wait for it, without holding up the server;
        returns how it ended before it was stopped here, if it did: the name of the signal that
        ended it, or its exit status."""
        self.writer.close()
        loop = asyncio.get_running_loop()
        # A worker that crashed or ran out of memory is ending by itself: wait for that (a while: it
        # may be writing out what happened), so that the signal that ended it is known.
        await loop.run_in_executor(None, self.process.join, 3)
        code = self.process.exitcode
        if code is None:
            self.process.kill()
            await loop.run_in_executor(None, self.process.join, 5)
        from .sandbox import signal_name

        return signal_name(-code) if code is not None and code < 0 else code


@dataclass
class Result:
    """A worker's answer: its head, and its pieces to be read with `pieces()`: in memory, or from
    the file the worker left in the spool."""

    status: int
    content_type: str
    length: int
    data: bytes = b""
    file: io.BufferedReader | None = None
    retire: bool = False  # the worker ran out of memory: it is replaced
    started: float = 0.0  # when a worker took the query (the event loop's clock)

    async def pieces(self) -> AsyncIterator[bytes]:
        if self.file is None:
            for start in range(0, len(self.data), PIECE):
                yield self.data[start : start + PIECE]
            return
        with self.file:
            while piece := self.file.read(PIECE):
                yield piece

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


QUARANTINE_SECONDS = 60.0  # how long a query that stopped a worker is refused without running
_REMEMBERED = 10_000  # queries remembered for that


class WorkerPool:
    """`config.workers` query processes. Whatever ends one (a crash, the memory limit, the time
    limit), another is started in its place at once, however many end together, and tried again
    until it starts; a query that ended a worker is refused without running for QUARANTINE_SECONDS
    (eight clients sending it again and again cannot keep the workers from everyone else)."""

    def __init__(self, config: ServeConfig, spool: Path):
        self.config, self.spool = config, spool
        self.size = max(1, config.workers)
        # forkserver: workers are forked from a clean single-threaded process, also the ones that
        # replace a stopped worker while the server runs.
        self.context = multiprocessing.get_context("forkserver")
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.starting = 0
        self.tasks: set[asyncio.Task] = set()  # replacements under way (held here: asyncio keeps weak references)
        self.stopped_by: dict[bytes, tuple[WorkerStopped, float]] = {}  # a query's digest: what it did, and when
        self.closed = False

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self.give_back(worker)

    async def _spawn(self) -> Worker:
        from .errors import InputError

        ours, theirs = socket.socketpair()
        process = self.context.Process(target=_worker_main, args=(theirs, self.config, self.spool), daemon=True)
        await asyncio.get_running_loop().run_in_executor(None, process.start)
        theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours, limit=2 * PIECE)
        worker = Worker(process, reader, writer)
        try:
            kind, payload = await _read_frame(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            kind, payload = _FAILED, b"the query worker stopped while opening the data"
        if kind != _READY:
            await worker.end()
            raise InputError(payload.decode("utf-8", "replace"))
        self.workers.add(worker)
        return worker

    def live(self) -> int:
        """Workers running now (busy or idle)."""
        return sum(worker.process.is_alive() for worker in self.workers)

    def give_back(self, worker: Worker) -> None:
        if self.closed:
            self._in_background(worker.end())
        else:
            self.idle.put_nowait(worker)

    def _in_background(self, work) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _lose(self, worker: Worker) -> str | int | None:
        """End a worker that was stopped or died, start another in its place, and return the
        signal that ended it, if any."""
        self.workers.discard(worker)
        self._refill()
        return await worker.end()

    def _refill(self) -> None:
        while not self.closed and len(self.workers) + self.starting < self.size:
            self.starting += 1
            self._in_background(self._replace())

    async def _replace(self) -> None:
        wait = 0.1
        try:
            while not self.closed:
                try:
                    worker = await self._spawn()
                except Exception as error:  # noqa: BLE001 (logged, and tried again: the pool must refill)
                    log.error("a query worker did not start (%s); trying again in %.1f s", error, wait)
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, 5.0)
                    continue
                self.give_back(worker)
                return
        finally:
            self.starting -= 1

    def stopped_before(self, digest: bytes) -> WorkerStopped | None:
        """What the query of this digest did to a worker less than QUARANTINE_SECONDS ago, if it
        did: it is refused without running (and cheaply: before its text is even measured)."""
        seen = self.stopped_by.get(digest)
        if seen is None:
            return None
        stopped, when = seen
        if time.monotonic() - when > QUARANTINE_SECONDS:
            del self.stopped_by[digest]
            return None
        return WorkerStopped(stopped.cause, stopped.detail, again=True)

    async def _stopped(self, digest: bytes, text: str, cause: str) -> WorkerStopped:
        """Remember that the query ended a worker, and say how."""
        detail = ""
        if cause == "crash":
            from .query import query_shape

            loop = asyncio.get_running_loop()
            detail = (await loop.run_in_executor(None, query_shape, text, 1_000_000)).cause()
        stopped = WorkerStopped(cause, detail)
        log.warning(
            "a query worker was stopped (%s%s); another takes its place", cause, f": {detail}" if detail else ""
        )
        if len(self.stopped_by) >= _REMEMBERED:
            del self.stopped_by[next(iter(self.stopped_by))]  # the oldest
        self.stopped_by[digest] = (stopped, time.monotonic())
        return stopped

    async def run(self, text: str, digest: bytes, accept: str | None) -> Result:
        """The result of the query `text` (whose digest is `digest`, see query_digest), from the
        first worker free; Busy if none is free in time, WorkerStopped if it ended its worker."""
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.config.queue_wait)
        except TimeoutError:
            raise Busy from None
        if (stopped := self.stopped_before(digest)) is not None:
            # The same query ended a worker while this one waited for one: not run again.
            self.give_back(worker)
            raise stopped
        started = asyncio.get_running_loop().time()
        try:
            payload = pickle.dumps((text, accept))
            worker.writer.write(_FRAME.pack(_REQUEST, len(payload)) + payload)
            await worker.writer.drain()
            result = await asyncio.wait_for(self._receive(worker), self.config.timeout or None)
            result.started = started
        except TimeoutError:
            await self._lose(worker)
            raise await self._stopped(digest, text, "time") from None
        except (asyncio.IncompleteReadError, ConnectionError):
            ended_by = await self._lose(worker)
            # Oxigraph aborts when an allocation fails; Python's MemoryError outside a query ends
            # the worker with OUT_OF_MEMORY_EXIT.
            cause = "memory" if ended_by in ("SIGABRT", OUT_OF_MEMORY_EXIT) else "crash"
            raise await self._stopped(digest, text, cause) from None
        if result.retire:
            await self._stopped(digest, text, "memory")
            await self._lose(worker)
        else:
            self.give_back(worker)
        return result

    async def _receive(self, worker: Worker) -> Result:
        kind, head = await _read_frame(worker.reader)
        fields = json.loads(head)
        parts = []
        while True:
            kind, payload = await _read_frame(worker.reader)
            if kind == _END:
                break
            parts.append(payload)
        result = Result(fields["status"], fields["type"], fields["length"], b"".join(parts))
        if fields["file"]:
            path = Path(fields["file"])
            result.file = path.open("rb")
            path.unlink()  # open, so the server can stream it; gone from the spool
        result.retire = fields["retire"]
        return result

    def close(self) -> None:
        self.closed = True
        for worker in list(self.workers):
            worker.writer.close()
            if worker.process.is_alive():
                worker.process.kill()


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


@dataclass(eq=False)
class Client:
    """One connection, as the server counts them: from which address, and whether it is waiting
    for a request (idle, or still sending one), so that it may be closed to make room."""

    address: str
    writer: asyncio.StreamWriter
    since: float  # when it began to wait for its request (the event loop's clock)
    waiting: bool = True
    sending: bool = False  # part of a request has come (a slow one, or one not yet read whole)


class SparqlServer:
    def __init__(self, config: ServeConfig, pool: WorkerPool, page: bytes):
        self.config, self.pool, self.page = config, pool, page
        self.hosts = HostPolicy.of(config.host, config.port)
        self.clients: dict[Client, None] = {}  # in the order they connected
        self.server: asyncio.base_events.Server | None = None

    @property
    def connections(self) -> int:
        return len(self.clients)

    async def listen(self) -> tuple[str, int]:
        self.server = await asyncio.start_server(
            self.connection, self.config.host, self.config.port, limit=MAX_HEAD, backlog=128
        )
        host, port = self.server.sockets[0].getsockname()[:2]
        self.hosts = HostPolicy.of(self.config.host, port, self.config.allow_hosts)
        return host, port

    # -- one connection ---------------------------------------------------------------------------

    def _admit(self, client: Client) -> bool:
        """Make room for a new connection, if the limits call for it, by closing the oldest that is
        waiting for a request (its address's, when that address is at its limit): idle sockets, kept
        open or reopened as they close, then cannot keep a new client out. False if every
        connection is busy with a request."""
        same = [c for c in self.clients if c.address == client.address]
        if len(same) >= self.config.max_client_connections:
            candidates = same
        elif len(self.clients) >= self.config.max_connections:
            candidates = list(self.clients)
        else:
            candidates = None
        if candidates is not None:
            # Idle ones first, then those still sending a request (slow-loris or not), oldest first;
            # none that has only just connected.
            old = asyncio.get_running_loop().time() - EVICT_AFTER_SECONDS
            candidates = [c for c in candidates if c.waiting and c.since <= old]
            victim = next((c for c in candidates if not c.sending), None)
            victim = victim or next(iter(candidates), None)
            if victim is None:
                return False
            self.clients.pop(victim, None)
            _reset(victim.writer)
        self.clients[client] = None
        return True

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.transport.set_write_buffer_limits(high=PIECE)
        peer = writer.get_extra_info("peername")
        client = Client(str(peer[0]) if peer else "-", writer, asyncio.get_running_loop().time())
        try:
            if not self._admit(client):
                writer.write(TOO_MANY_CONNECTIONS)
                # Heard, not reset: what the client is sending is read and dropped a moment (a
                # request at most), so that closing does not reset it before it reads the 503.
                await self._linger(writer, reader, REFUSED_LINGER_SECONDS, MAX_HEAD + self.config.max_body)
                return
            await self._serve_requests(reader, writer, peer, client)
        except (ConnectionError, TimeoutError, h11.LocalProtocolError, asyncio.IncompleteReadError):
            _reset(writer)  # a stalled or broken client: drop what is buffered for it
        finally:
            self.clients.pop(client, None)
            writer.close()

    async def _serve_requests(self, reader, writer, peer, client: Client) -> None:
        loop = asyncio.get_running_loop()
        http = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        while True:
            client.waiting, client.sending, client.since = True, False, loop.time()
            deadline = loop.time() + self.config.client_timeout
            try:
                event = await self._next_event(http, reader, deadline, client)
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
            client.waiting = False
            request = Request(event)
            reply, result = await self._handle(http, reader, writer, request, deadline)
            if result is not None:
                await self._stream(
                    http, writer, request, result, result.started + (self.config.timeout or float("inf"))
                )
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

    async def _next_event(
        self, http: h11.Connection, reader: asyncio.StreamReader, deadline: float, client: Client | None = None
    ):
        loop = asyncio.get_running_loop()
        while True:
            event = http.next_event()
            if event is not h11.NEED_DATA:
                return event
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            data = await asyncio.wait_for(reader.read(PIECE), remaining)
            if client is not None and data:
                client.sending = True
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
            except h11.RemoteProtocolError as error:  # a chunk size that is not one, say
                return text_reply(400, f"bad request body: {error}")
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
        from .errors import QueryError
        from .query import check_shape

        digest = query_digest(text)
        if (stopped := self.pool.stopped_before(digest)) is not None:
            return self._stopped(stopped), None
        try:
            # What the engine would recurse over, bounded before a worker sees it (on a thread: a
            # megabyte of query takes a moment to measure).
            await asyncio.get_running_loop().run_in_executor(None, check_shape, text)
        except QueryError as error:
            return text_reply(400, str(error)), None
        try:
            return None, await self.pool.run(text, digest, request.header("accept"))
        except Busy:
            return text_reply(503, "busy: no query worker became free in time; try again"), None
        except WorkerStopped as stopped:
            return self._stopped(stopped), None

    def _stopped(self, stopped: WorkerStopped) -> Reply:
        """The reply to a query whose worker was ended (or that did so a moment ago)."""
        if stopped.cause == "time":
            status, what = 503, f"ran past the time limit of {self.config.timeout:g} s (--timeout)"
        elif stopped.cause == "memory":
            status, what = (
                503,
                f"needed more memory than a query worker may take ({self.config.max_memory:,} bytes, --max-memory)",
            )
        else:
            status, what = (
                500,
                f"crashed the query engine ({stopped.detail}), or ended its worker in a way not told apart",
            )
        if stopped.again:
            return text_reply(
                status,
                f"refused: this query {what} less than {QUARANTINE_SECONDS:g} s ago, and is not run again until then",
            )
        return text_reply(status, f"the query {what}; its worker was stopped and has been replaced")

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
        elif request.header("sec-fetch-site") in (None, "same-origin", "none"):
            # No Origin: a program (curl), the server's own page, or an address the user typed or
            # bookmarked ("none"). A link, a GET form, a frame or window.open from another site's
            # page says cross-site or same-site, and its query is refused like a POST's: it would
            # run a query (with --allow-service, reach out) on that page's say.
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
            # No other site may frame the query page or a result (clickjacking, reading by frame).
            ("Content-Security-Policy", "frame-ancestors 'none'"),
            ("X-Frame-Options", "DENY"),
            ("Server", "pactgraph"),
        ]
        if close:
            headers.append(("Connection", "close"))
        return headers + self._cors_headers(request)

    async def _drain(self, writer: asyncio.StreamWriter, left: float | None = None) -> None:
        """Wait until the client has taken what was written, for --client-timeout at most (and
        at most `left` seconds, the time left to the response's deadline)."""
        wait = self.config.client_timeout if left is None else min(self.config.client_timeout, left)
        if wait <= 0:
            raise TimeoutError
        await asyncio.wait_for(writer.drain(), wait)

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

    async def _stream(self, http, writer, request: Request, result: Result, deadline: float) -> None:
        """Pass a result on, piece by piece, each piece sent before the next is read. The worker
        has gone on already; the whole response must be taken by `deadline` (--timeout from when
        the query was handed to a worker), else the connection is dropped."""
        loop = asyncio.get_running_loop()
        headers = self._headers(result.content_type, result.length, request, close=False)
        try:
            writer.write(http.send(h11.Response(status_code=result.status, headers=headers)))
            async for piece in result.pieces():
                if request.method != "HEAD":
                    writer.write(http.send(h11.Data(data=piece)))
                    await self._drain(writer, deadline - loop.time())  # a client that stalls is dropped here
            writer.write(http.send(h11.EndOfMessage()))
            await self._drain(writer, deadline - loop.time())
        finally:
            result.close()

    async def _linger(
        self,
        writer: asyncio.StreamWriter,
        reader: asyncio.StreamReader,
        seconds: float = LINGER_SECONDS,
        limit: int = LINGER_BYTES,
    ) -> None:
        """Before closing on a request whose body was not read, read and drop what the client is
        still sending (within bounds): closing with unread data makes the kernel reset the
        connection, and the client would see a broken pipe instead of the reply."""
        with contextlib.suppress(Exception):
            await self._drain(writer)
            if writer.can_write_eof():
                writer.write_eof()
            loop = asyncio.get_running_loop()
            deadline, dropped = loop.time() + seconds, 0
            while dropped < limit and (left := deadline - loop.time()) > 0:
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

    spool = Path(tempfile.mkdtemp(prefix="pactgraph-serve-"))  # results too large to pass in memory
    pool = WorkerPool(config, spool)
    server = SparqlServer(config, pool, query_page())
    try:
        await pool.start()
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
        shutil.rmtree(spool, ignore_errors=True)


def serve(config: ServeConfig, ready: Callable[[str, int], None] = lambda host, port: None) -> None:
    """Open the workers, bind (port 0 picks a free one), call `ready(host, port)`, and serve until
    SIGINT or SIGTERM."""
    asyncio.run(_serve(config, ready))
