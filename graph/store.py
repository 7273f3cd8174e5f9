"""Stores: where queries run, and reading RDF files.

Three backends answer SPARQL with the same interface, `query(text, union)`, and the same kinds of
result (pyoxigraph's QuerySolutions, QueryBoolean, or a list of triples), so that printing,
serving and comparing results is written once:
- OxigraphBackend: pyoxigraph, in memory (from a file) or persistent on disk (`--location DIR`).
  It starts in milliseconds, where rdflib's SPARQL engine alone takes half a second to import.
- RdflibBackend: rdflib's in-memory Dataset ("memory"), slower, for comparison and small graphs.
- RemoteBackend: any SPARQL 1.1 Protocol endpoint.
Files are parsed by Oxigraph's parsers, never by rdflib's RDF/XML parser (which expands XML
entities without limit), except where the memory backend is asked to parse Turtle-family files.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from . import files
from .errors import InputError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
# File suffix -> Oxigraph format; .rdf/.owl/.xml are RDF/XML.
SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(SUFFIXES))})")
    return fmt


def refuse_xml_entities(path: Path) -> None:
    """XML entity declarations can expand without limit (a few hundred bytes, gigabytes of text),
    and Oxigraph's RDF/XML parser expands them as rdflib's does: such files are refused unread.
    The file is scanned in chunks, so its size does not matter. A file that does not begin as XML
    does (with '<') is refused too: Oxigraph's XML parser would hold all of it in memory (three
    times the size of a file of zeros) before it found out."""
    head = files.read_start(path, 4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    if head and not head.startswith(b"<"):
        raise InputError(f"{path}: not RDF/XML (it does not begin with '<'); check the file or its suffix")
    if files.contains(path, b"<!ENTITY"):
        raise InputError(
            f"{path}: RDF/XML with <!ENTITY> declarations is refused (entities can expand without limit); convert it to Turtle first"
        )


def checked_format(path: Path, whole: bool = True) -> ox.RdfFormat:
    """The file's RDF format, from its suffix, for a regular file (within the size limit, if it is
    to be read whole into memory); RDF/XML with entity declarations is refused."""
    fmt = rdf_format(path)
    files.check_file(path, "rdf" if whole else None)
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_xml_entities(path)
    return fmt


@contextmanager
def reading(path: Path, whole: bool = True) -> Iterator[ox.RdfFormat]:
    """The file's RDF format, checked; parser and file errors inside become an InputError naming
    the file and the parser's message."""
    fmt = checked_format(path, whole)
    try:
        yield fmt
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (SyntaxError, ValueError) as error:
        raise InputError(f"{path}: not valid {fmt.name}: {excerpt_message(error)}") from None
    except MemoryError as error:
        # Oxigraph's parsers refuse a single token (a literal, an IRI) over 16 MB this way.
        raise InputError(f"{path}: cannot be read in memory ({excerpt_message(error)})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or excerpt_message(error)})") from None


def excerpt_message(error: BaseException) -> str:
    """An exception's message on one line, cut to a few hundred characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:300] + "..."


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file."""
    with reading(path) as fmt:
        return list(ox.parse(path=str(path), format=fmt))


def annotations_of(quads: Iterable[ox.Quad]) -> tuple[dict[str, list[dict]], dict, dict]:
    """What the sources among quads (their named graphs) disagree on (none, for data of one
    graph), and the money commitments table, for the page. These are pactgraph's own
    queries, so they run here, without a sandbox."""
    from .query import page_annotations

    store = ox.Store()
    store.extend(quads)
    return page_annotations(OxigraphBackend(store))


def read_quads_from_bytes(ntriples: bytes) -> list[ox.Quad]:
    """Every quad of N-Triples text made by pactgraph itself (a CONSTRUCT's result)."""
    return list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))


def load_store(path: Path) -> ox.Store:
    """An in-memory store of the file. Oxigraph's bulk loader, rather than adding parsed quads,
    makes no Python object per quad: at a million triples, 6 s and 640 MB instead of 9 s and 1 GB."""
    store = ox.Store()
    with reading(path) as fmt:
        store.bulk_load(path=str(path), format=fmt)
    return store


STORE_KINDS = ("oxigraph", "memory")


class OxigraphBackend:
    """pyoxigraph: in memory, or persistent in a directory."""

    kind = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def from_file(cls, path: Path) -> OxigraphBackend:
        return cls(load_store(path))

    @classmethod
    def open(cls, location: Path) -> OxigraphBackend:
        """The persistent store at `location`, read-only."""
        recover_store(location)
        if not is_store(location):
            raise InputError(
                f"{location}: no Oxigraph store here (create one with: pactgraph load FILE --location {location})"
            )
        return cls(open_store(location, read_only=True))

    def query(self, text: str, union: bool):
        from .prefixes import PREFIXES

        return self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)


class RdflibBackend:
    """rdflib's in-memory Dataset, configured never to load FROM graphs from files or URLs."""

    kind = "memory"

    def __init__(self, dataset):
        import rdflib.plugins.sparql as sparql

        # rdflib would otherwise fetch FROM <url> graphs, local files included.
        sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = dataset

    @classmethod
    def from_file(cls, path: Path) -> RdflibBackend:
        from rdflib import Dataset

        formats = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}
        fmt = formats.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"{path}: the memory store reads {', '.join(sorted(formats))} files")
        data = files.read_bytes(path, "rdf")
        dataset = Dataset()
        try:
            dataset.parse(data=data, format=fmt)
        except Exception as error:  # rdflib raises many unrelated types for bad input
            raise InputError(f"{path}: not valid {fmt}: {excerpt_message(error)}") from None
        return cls(dataset)

    def query(self, text: str, union: bool):
        from pyparsing import ParseException

        from .prefixes import PREFIXES

        self.dataset.default_union = union
        try:
            result = self.dataset.query(text, initNs=PREFIXES)
        except ParseException as error:
            raise SyntaxError(f"error at {error.lineno}:{error.col}: {error.msg}") from None
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            data = result.graph.serialize(format="nt", encoding="utf-8")
            return [_canonical_triple(quad.triple) for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        document = json.loads(result.serialize(format="json"))
        for row in document.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("datatype") == XSD_DECIMAL:
                    term["value"] = canonical_decimal(term["value"])
        return ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)


def canonical_decimal(lexical: str) -> str:
    """An xsd:decimal in its canonical form (XSD 1.1), as Oxigraph writes it: rdflib keeps the
    lexical form it read ("7000000000.0"), Oxigraph its value ("7000000000"), and the stores must
    print the same answers."""
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical  # not a decimal at all: left as written
    if not number.is_finite():
        return lexical
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _canonical_triple(triple: ox.Triple) -> ox.Triple:
    term = triple.object
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_DECIMAL:
        term = ox.Literal(canonical_decimal(term.value), datatype=term.datatype)
    return ox.Triple(triple.subject, triple.predicate, term)


class RemoteBackend:
    """A SPARQL 1.1 Protocol endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph server, Neptune, ...)."""

    kind = "remote"
    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

    def __init__(self, endpoint: str, timeout: float | None = None, limit: int | None = None, credentials=None):
        from . import remote  # HTTP client modules: only for endpoints

        self.endpoint = remote.check_endpoint(endpoint)
        self.timeout = remote.TIMEOUT if timeout is None else timeout
        self.limit = remote.RESULT_LIMIT if limit is None else limit
        self.credentials = credentials  # remote.Credentials, for an endpoint that asks for a password

    def query(self, text: str, union: bool):
        import urllib.error
        import urllib.parse
        import urllib.request

        from . import remote
        from .prefixes import PREFIXES

        # The endpoint knows nothing of our prefixes: declare the ones the query does not, all on
        # the query's first line, so that the line numbers of the endpoint's error messages are
        # the user's own (and columns on that line are shifted back).
        declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, flags=re.I)}
        header = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items() if p.lower() not in declared)
        # A form, not a body of type application/sparql-query: Virtuoso 7 waits on the latter
        # until the client gives up, and every SPARQL 1.1 server takes the form.
        request = urllib.request.Request(  # noqa: S310 (checked to be http or https)
            self.endpoint,
            data=urllib.parse.urlencode({"query": header + text}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": self.ACCEPT},
            method="POST",
        )
        try:
            answer = remote.exchange(request, limit=self.limit, timeout=self.timeout, credentials=self.credentials)
        except urllib.error.HTTPError as error:
            message = remote.error_text(error)
            if error.code == 400:
                raise SyntaxError(
                    _shift_first_line(message, len(header)) or "the endpoint rejected the query"
                ) from None
            raise InputError(f"{self.endpoint}: HTTP {error.code}: {message}") from None
        try:
            if answer.content_type == "application/n-triples":
                return [quad.triple for quad in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
            # Read through once here: the results are read lazily, and an error in them met later
            # would be taken for an error in the user's query ("malformed SPARQL").
            results = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
            if not isinstance(results, ox.QueryBoolean):
                for _ in results:
                    pass
            return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise InputError(f"{self.endpoint}: the answer is not SPARQL results ({excerpt_message(error)})") from None
        except MemoryError:
            raise InputError(f"{self.endpoint}: the answer is too large to hold in memory") from None


def _shift_first_line(message: str, offset: int) -> str:
    """An endpoint's error message with positions on line 1 moved back by `offset` columns, the
    length of the prefix declarations sent before the user's query (Oxigraph writes 1:C, Jena
    "line 1, column C")."""

    def shift(match: re.Match) -> str:
        column = int(match.group(2)) - offset
        return match.group(0) if column < 1 else match.group(1) + str(column)

    message = re.sub(r"(\b1:)(\d+)", shift, message, count=1)
    return re.sub(r"([Ll]ine 1, column )(\d+)", shift, message, count=1)


def data_file(path: Path, built_by: str | None = None) -> Path:
    """`path`, checked to exist (the exports, written by `built_by`, or a file the user gave)."""
    from . import paths

    if path.name.startswith(paths.EXPORT_STEM + "."):
        from .writing import recover_exports

        recover_exports(path.parent)  # a build killed mid-way is completed before its files are read
    if not files.exists(path):
        if built_by:
            raise InputError(f"{path}: not built yet (run {built_by} first)")
        raise InputError(f"{files.excerpt_path(path)}: no such file")
    return path


def open_backend(kind: str, data: Path | None = None, location: Path | None = None):
    """The backend a command asked for: --store oxigraph with --location DIR (persistent), or
    over --data FILE (in memory); --store memory over --data FILE."""
    if kind == "oxigraph" and location is not None:
        return OxigraphBackend.open(location)
    if data is None:
        raise InputError("no data to query: give --data FILE or --location DIR")
    data = data_file(data)
    if kind == "memory":
        return RdflibBackend.from_file(data)
    return OxigraphBackend.from_file(data)


def to_rdflib_term(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # Oxigraph types plain literals as xsd:string (RDF 1.1); rdflib keeps them untyped.
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"unsupported RDF term {term!r}")


def to_rdflib_graph(quads: list[ox.Quad]):
    """All quads as one rdflib Graph (graph names dropped)."""
    from rdflib import Graph

    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object)))
    return graph


class _CountingReader:
    """A binary file that reports how many bytes were read, for a progress bar."""

    def __init__(self, stream, report):
        self.stream, self.report = stream, report

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.report(len(chunk))
        return chunk

    def readinto(self, buffer):
        count = self.stream.readinto(buffer)
        self.report(count or 0)
        return count


def is_store(location: Path) -> bool:
    return (location / "CURRENT").is_file()


def bulk_load(files: list[Path], location: Path, report=lambda count: None) -> int:
    """Parse `files` with Oxigraph and bulk-load them into the persistent store at `location`
    (created if needed); `report(n)` is called as each n bytes are read. Returns the store's size.

    All or nothing, even if killed: the files go into a staging store beside `location` (a
    hard-linked backup of the existing store, so cheap even for a large one, or a new store), which
    then trades places with `location` in one atomic exchange of directory names. At every moment
    `location` holds a whole store, the old one or the new; what a killed load leaves beside it is
    removed by the next one."""
    for path in files:  # every file checked before anything is written
        checked_format(path, whole=False)
    if location.exists() and not is_store(location) and (not location.is_dir() or any(location.iterdir())):
        raise InputError(
            f"{location}: exists and is not an Oxigraph store; give a new or empty directory, or a store made by pactgraph load"
        )
    location.parent.mkdir(parents=True, exist_ok=True)
    with _store_lock(location):
        _recover_store(location)
        _remove_leftovers(location)
        staging = Path(tempfile.mkdtemp(prefix=f".{location.name}{_STAGING}", dir=location.parent))
        try:
            if is_store(location):
                staging.rmdir()  # a backup goes into a directory of its own making
                open_store(location, read_only=True).backup(str(staging))
            size = _load_into(staging, files, report)
            _swap_in(location, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return size


def _load_into(location: Path, files: list[Path], report) -> int:
    store = open_store(location, read_only=False)
    try:
        for path in files:
            with reading(path, whole=False) as fmt, path.open("rb") as stream:
                store.bulk_load(_CountingReader(stream, report), format=fmt)
        store.flush()
        # Compacts what the bulk loader wrote: queries on the store are 20-30% faster, for about
        # a third of the load's time, paid once (the store is then only read).
        store.optimize()
        return len(store)
    finally:
        # Closes the store now, error or not: its directory is about to move or go, and an open
        # store keeps a lock on it for as long as a traceback keeps this frame.
        del store


def open_store(location: Path, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(location)) if read_only else ox.Store(str(location))
    except OSError as error:
        raise InputError(f"{location}: cannot open the Oxigraph store ({' '.join(str(error).split())})") from None


# Directories beside a store at L: .L.loading-XXXX (a load's staging store, or after the exchange
# the old store on its way out) and .L.replaced-XXXX (the old store, where names cannot be
# exchanged and two renames are needed). A lock file .L.lock keeps two loads apart.
_STAGING, _RETIRED = ".loading-", ".replaced-"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _sibling(location: Path, kind: str) -> str:
    return f".{location.name}{kind}"


@contextmanager
def _store_lock(location: Path) -> Iterator[None]:
    descriptor = os.open(location.parent / f".{location.name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _exchange(first: Path, second: Path) -> None:
    """Swap two directories' names in one step (Linux renameat2 RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))


def _swap_in(location: Path, replacement: Path) -> None:
    """Put `replacement` at `location`, and remove what was there only once the new store is in
    place. Where the file system cannot exchange names, two renames are made, and a kill between
    them is repaired by _recover_store (the old store goes back)."""
    if not location.exists() or not any(location.iterdir()):
        replacement.rename(location)  # rename replaces an empty directory in one step
        return
    try:
        _exchange(replacement, location)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        retired = location.with_name(replacement.name.replace(_STAGING, _RETIRED))
        location.rename(retired)
        replacement.rename(location)
        shutil.rmtree(retired)
        return
    shutil.rmtree(replacement)  # now the old store


def _recover_store(location: Path) -> None:
    """After a load killed between its two renames (where names could not be exchanged), put the
    old store back."""
    if location.exists():
        return
    retired = sorted(location.parent.glob(_sibling(location, _RETIRED) + "*"))
    if retired:
        retired[-1].rename(location)


def _remove_leftovers(location: Path) -> None:
    for kind in (_STAGING, _RETIRED):
        for leftover in location.parent.glob(_sibling(location, kind) + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


def recover_store(location: Path) -> None:
    """Repair what a killed load left at `location`, unless a load is running now (it repairs
    itself first)."""
    lock = location.parent / f".{location.name}.lock"
    if location.exists() or not lock.exists():
        return
    descriptor = os.open(lock, os.O_RDWR | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return
    try:
        _recover_store(location)
        _remove_leftovers(location)
    finally:
        os.close(descriptor)
