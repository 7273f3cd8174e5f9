"""Stage 7: SPARQL over HTTP, the SPARQL 1.1 Protocol, read-only and safe by default.

Queries run in a small pool of worker processes, each holding the store open. A query that runs
past the time limit is ended by ending its process (a running Oxigraph or rdflib query cannot be
interrupted from another thread), and a fresh worker takes its place. Requests beyond what the pool
can take within a few seconds get a clean 503. The HTTP side is the standard library's threading
server; it binds 127.0.0.1 unless told otherwise, refuses every update with 403, limits request
bodies, sends CORS headers only for an origin the user names, and serves an offline query page.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from graph import paths

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


@dataclass(frozen=True)
class ServeConfig:
    store: str = "oxigraph"
    data: Path | None = None
    location: Path | None = None
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query; 0 for none
    max_body: int = 1_000_000  # bytes
    cors: str | None = None
    workers: int = 2
    queue_wait: float = 5.0  # seconds a request waits for a free worker before a 503
    allow_service: bool = False


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


READ_ONLY = text_reply(403, "this endpoint is read-only: updates are refused")


def choose(accept: str | None, offered: dict[str, str]) -> str:
    """The offered media type the Accept header prefers (q-values honoured); the first offered
    when the header is missing, says */*, or names nothing we offer."""
    best, best_q = None, 0.0
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
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


# -- worker processes -------------------------------------------------------------------------------


def _answer(backend, text: str, accept: str | None, allow_service: bool) -> Reply:
    import pyoxigraph as ox

    from graph.errors import PactError, RefusedError
    from graph.prefixes import PREFIXES
    from graph.query import run_query

    try:
        results = run_query(backend, text, allow_service=allow_service)
    except PactError as error:
        return text_reply(403 if isinstance(error, RefusedError) else 400, str(error))
    if isinstance(results, (ox.QueryTriples, list)):
        media = choose(accept, GRAPH_TYPES)
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        body = ox.serialize(results, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
    else:
        media = choose(accept, SOLUTION_TYPES)
        body = results.serialize(format=getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media]))
    charset = "" if media == "application/ld+json" else "; charset=utf-8"
    return Reply(200, media + charset, body)


def _worker_main(connection, config: ServeConfig) -> None:
    """One worker: open the store, then answer (query, accept) requests until the pipe closes."""
    import sys

    # No worker ever opens a network connection, whatever a query or a library tries.
    if not config.allow_service:

        def no_network(event: str, _args) -> None:
            if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
                raise PermissionError(f"pactgraph serve: {event} refused in a query worker")

        sys.addaudithook(no_network)
    try:
        from graph.store import open_backend

        backend = open_backend(config.store, config.data, config.location)
    except Exception as error:  # reported to the parent, which stops with it
        connection.send(("failed", str(error)))
        return
    connection.send(("ready", None))
    while True:
        try:
            text, accept = connection.recv()
        except EOFError:
            return
        try:
            reply = _answer(backend, text, accept, config.allow_service)
        except Exception as error:  # a bug, not the user's query: keep serving
            reply = text_reply(500, f"internal error: {type(error).__name__}: {error}")
        connection.send(reply)


class Busy(Exception):
    """No worker became free in time."""


class TimeLimit(Exception):
    """The query ran past the time limit and its worker was ended."""


class WorkerPool:
    def __init__(self, config: ServeConfig):
        self.config = config
        # forkserver: workers are forked from a clean single-threaded process, also the ones that
        # replace a timed-out worker while the server's threads are running.
        self.context = multiprocessing.get_context("forkserver")
        self.idle: queue.Queue = queue.Queue()
        self.closed = False
        starting = [self._spawn() for _ in range(max(1, config.workers))]
        for process, connection in starting:
            self._await_ready(process, connection)

    def _spawn(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, self.config), daemon=True)
        process.start()
        child.close()
        return process, parent

    def _await_ready(self, process, connection) -> None:
        from graph.errors import InputError

        state, detail = connection.recv()
        if state != "ready":
            process.join()
            raise InputError(detail)
        self.idle.put((process, connection))

    def _replace(self) -> None:
        def start() -> None:
            if not self.closed:
                self._await_ready(*self._spawn())

        threading.Thread(target=start, daemon=True).start()

    def run(self, text: str, accept: str | None) -> Reply:
        try:
            process, connection = self.idle.get(timeout=self.config.queue_wait)
        except queue.Empty:
            raise Busy from None
        limit = self.config.timeout or None
        try:
            connection.send((text, accept))
            if connection.poll(limit):
                reply = connection.recv()
                self.idle.put((process, connection))
                return reply
            timed_out = True
        except (EOFError, OSError):
            timed_out = False  # the worker died under the query
        process.kill()
        process.join()
        connection.close()
        self._replace()
        if timed_out:
            raise TimeLimit
        return text_reply(500, "the query worker stopped unexpectedly; it has been replaced, try again")

    def close(self) -> None:
        self.closed = True
        while not self.idle.empty():
            process, connection = self.idle.get_nowait()
            connection.close()
            process.kill()
            process.join()


# -- HTTP -------------------------------------------------------------------------------------------

_UPDATE_START = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
# With IRIs, strings and comments already blanked out.
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[\w.-]*:|BASE)\s*", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether `text` is a SPARQL Update (its first keyword after the prologue is an update verb)."""
    from graph.query import keywords_only

    body = keywords_only(text)
    while match := _PROLOGUE.match(body):
        body = body[match.end() :]
    return bool(_UPDATE_START.match(body))


def query_page() -> bytes:
    from graph.query import named_queries
    from graph.render import script_json

    queries = [{"name": q.name, "question": q.question, "text": q.text} for q in named_queries().values()]
    page = (paths.TEMPLATES / "query.html").read_text(encoding="utf-8")
    return page.replace("/*{{QUERIES}}*/", script_json(queries)).encode("utf-8")


def make_handler(pool: WorkerPool, config: ServeConfig, page: bytes):
    class Handler(BaseHTTPRequestHandler):
        server_version = "pactgraph"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
            log.info("%s %s", self.address_string(), format % args)

        def send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
                self.send_header("Vary", "Origin")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)

        def execute(self, text: str | None) -> None:
            if not text:
                self.send(
                    text_reply(400, "no query: send query=... (GET or form POST) or an application/sparql-query body")
                )
            elif is_update(text):
                self.send(READ_ONLY)
            else:
                try:
                    self.send(pool.run(text, self.headers.get("Accept")))
                except Busy:
                    self.send(text_reply(503, "busy: no query worker became free in time; try again"))
                except TimeLimit:
                    self.send(
                        text_reply(503, f"the query ran past the time limit of {config.timeout:g} s and was stopped")
                    )

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urlsplit(self.path)
            params = parse_qs(url.query, keep_blank_values=True)
            if url.path == "/" and not params:
                self.send(Reply(200, "text/html; charset=utf-8", page))
            elif url.path in QUERY_PATHS:
                if "update" in params:
                    self.send(READ_ONLY)
                else:
                    self.execute((params.get("query") or [None])[0])
            else:
                self.send(text_reply(404, f"no such resource: {url.path} (queries go to /sparql)"))

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path not in QUERY_PATHS:
                self.send(text_reply(404, f"no such resource: {url.path} (queries go to /sparql)"))
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self.send(text_reply(400, "a POST needs a valid Content-Length"))
                return
            if length > config.max_body:
                self.close_connection = True
                self.send(text_reply(413, f"request body over the limit of {config.max_body} bytes"))
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                self.send(READ_ONLY)
            elif media == "application/sparql-query":
                self.execute(body)
            elif media == "application/x-www-form-urlencoded":
                form = parse_qs(body, keep_blank_values=True)
                if "update" in form:
                    self.send(READ_ONLY)
                else:
                    self.execute((form.get("query") or [None])[0])
            else:
                self.send(text_reply(415, "send application/sparql-query or application/x-www-form-urlencoded"))

        def refuse_write(self) -> None:
            self.send(READ_ONLY)

        do_PUT = do_DELETE = do_PATCH = refuse_write

        def do_OPTIONS(self) -> None:  # noqa: N802
            self.send_response(204)
            self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
            self.send_header("Content-Length", "0")
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.end_headers()

    return Handler


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def start(config: ServeConfig) -> tuple[SparqlServer, WorkerPool]:
    """Open the workers and bind the server (port 0 picks a free one); call serve_forever() on it."""
    pool = WorkerPool(config)
    try:
        server = SparqlServer((config.host, config.port), make_handler(pool, config, query_page()))
    except OSError as error:
        pool.close()
        from graph.errors import InputError

        raise InputError(f"cannot listen on {config.host}:{config.port} ({error.strerror})") from None
    return server, pool
