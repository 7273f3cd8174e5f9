"""Stage 5: SPARQL over the built graph: named competency queries, files or ad-hoc text.

Queries run on Oxigraph over the exported TriG with the union of all graphs as the default graph.
They never read files or URLs: Oxigraph's FROM and FROM NAMED only select graphs already in the
store, and updates (LOAD, ...) are not queries. They never reach the network either, and that is
not read from their text: a local query runs in a child process that the operating system denies
every network socket (graph.sandbox), unless the caller passes allow_service.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import starmap
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from . import files, paths
from .errors import InputError, QueryError, RefusedError, excerpt
from .prefixes import PREFIXES, compact_iri

OUTPUT_FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
# What the engine recurses over is bounded before it sees a query (see query_shape). Oxigraph's
# parser and evaluator recurse once per level of a chain (1+1+..., UNION after UNION, a path's steps,
# a collection's items) and per level of nesting; on an 8 MB stack a chain of some 2,600 projections
# or 9,300 '!' overflowed it (a crash, measured by bench/query_limits.py). Queries run on a thread
# with a stack of QUERY_STACK bytes (virtual memory: only what is used is taken), on which no query
# within MAX_TOKENS tokens comes near the end. rdflib's parser gives up past a few dozen levels of
# nesting (a RecursionError, reported as such).
MAX_NESTING = 256
MAX_TOKENS = 50_000
TOKENS_VARIABLE = "PACTGRAPH_MAX_QUERY_TOKENS"
QUERY_STACK = 256 << 20
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_BRACKETS = re.compile(r"[(){}\[\]]")
# A token, for the bound on what the engine recurses over: a run of letters, digits and the other
# characters of names, or any other character but white space.
_TOKEN = re.compile(r"[\w$?:@]+|[^\w\s$?:@]")
# Tokens that link what stands beside them at one level: operators, separators, the keywords that
# join or wrap groups, and brackets opened at that level.
_LINKS = frozenset("+-*/|^!=<>&,;.({[") | {
    "union",
    "optional",
    "minus",
    "filter",
    "bind",
    "graph",
    "service",
    "in",
    "exists",
}
_FROM_WORD = re.compile(r"(?<![\w?$:.\-])from(?![\w:\-])", re.IGNORECASE)
CHUNK = 1 << 16  # bytes per piece of streamed output


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str

    @property
    def question(self) -> str:
        return question_of(self.text)


def question_of(text: str) -> str:
    """The plain-English question in a query's opening comment lines."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(line for line in lines if line)


def named_queries(directory: Path = paths.QUERIES, own: Path | None = None) -> dict[str, NamedQuery]:
    """The shipped named queries, and a workspace's `own` beside them (one of its own of the same
    name as a shipped one is the one used, in that workspace)."""
    found = {}
    for folder in (directory, own):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.rq")):
                found[path.stem] = NamedQuery(path.stem, path, path.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def looks_like_sparql(argument: str) -> bool:
    return any(c.isspace() for c in argument) or "{" in argument


class ResolvedQuery(NamedTuple):
    text: str
    path: Path | None  # the file it was read from; None for query text given as it is


def resolve_query(
    argument: str,
    directory: Path = paths.QUERIES,
    own: Path | None = None,
    listing: str = "see: pactgraph query --list",
) -> ResolvedQuery:
    """The SPARQL text for NAME (a named query, the workspace's `own` first), FILE (a path) or the
    query text itself. `listing`: where a user who named none finds the named queries."""
    if re.fullmatch(r"[\w.-]{1,200}", argument):
        for folder in (own, directory):
            named = folder / f"{argument}.rq" if folder is not None else None
            if named is not None and named.is_file():  # one file read, not every query's
                return ResolvedQuery(named.read_text(encoding="utf-8"), named)
    if argument.endswith(".rq") or (not looks_like_sparql(argument) and "/" in argument):
        path = Path(argument)
        return ResolvedQuery(files.read_text(path, "query"), path)
    if not looks_like_sparql(argument):
        names = sorted(named_queries(directory, own))
        near = difflib.get_close_matches(argument, names, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise InputError(f"{excerpt(argument)} is not a named query, a .rq file or SPARQL ({hint}{listing})")
    return ResolvedQuery(argument, None)


@contextmanager
def naming_file(path: Path | None) -> Iterator[None]:
    """Errors in the text of a query read from `path` begin with the file's name, as every error
    about a file does; errors in query text given as it is need no name."""
    try:
        yield
    except QueryError as error:
        if path is None:
            raise
        raise QueryError(f"{path}: {error}") from None


def unescaped(text: str) -> str:
    """The query with its \\u and \\U escapes decoded, as SPARQL decodes them before parsing."""
    return _ESCAPE.sub(lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), text)


@dataclass(frozen=True)
class QueryShape:
    """How much a query would make the engine recurse, counted over its text (every character:
    strings, IRIs and comments too, so that no reading of the text can hide a chain in them):
    `tokens` bounds the depth of anything the engine builds from it; `nesting` is the deepest
    nesting of brackets; `chain` the most tokens that link items at one level of brackets (the
    longest chain of operators, UNIONs, path steps, triple patterns or groups side by side)."""

    tokens: int
    nesting: int
    chain: int

    def cause(self) -> str:
        """What is large about the query, in words, from the measures; or that nothing is over
        the limits under which the engine has stack to spare (MAX_TOKENS, MAX_NESTING)."""
        if self.tokens <= MAX_TOKENS and self.nesting <= MAX_NESTING:
            return (
                f"nothing in it is over the limits: {self.tokens:,} tokens, brackets {self.nesting} deep, "
                f"its longest chain {self.chain:,}"
            )
        if self.nesting * 8 >= self.chain:
            return f"it nests brackets {self.nesting:,} deep"
        return f"it has a chain of {self.chain:,} operators, UNIONs, path steps or patterns at one level"


def query_shape(text: str, stop_after: int | None = None) -> QueryShape:
    """The QueryShape of `text`, with its \\u escapes decoded first, as SPARQL decodes them. With
    `stop_after`, the count stops at the token after that many (a server need not read a whole
    megabyte of query to refuse it)."""
    tokens = depth = deepest = 0
    links = [0]  # linking tokens at each open level of brackets
    chain = 0
    for match in _TOKEN.finditer(unescaped(text)):
        tokens += 1
        if stop_after is not None and tokens > stop_after:
            break
        lexeme = match.group(0)
        if lexeme in ")}]":
            chain = max(chain, links.pop()) if len(links) > 1 else chain
            depth = max(0, depth - 1)
            continue
        if lexeme.lower() in _LINKS:
            links[-1] += 1
        if lexeme in "({[":
            depth += 1
            deepest = max(deepest, depth)
            links.append(0)
    return QueryShape(tokens, deepest, max(chain, *links))


def max_tokens() -> int:
    """The limit on a query's tokens: MAX_TOKENS, or $PACTGRAPH_MAX_QUERY_TOKENS."""
    import os

    given = os.environ.get(TOKENS_VARIABLE, "")
    if not given:
        return MAX_TOKENS
    if not given.isdigit():
        raise InputError(f"{TOKENS_VARIABLE}={excerpt(given)} is not a number of tokens")
    return int(given)


def check_shape(text: str) -> QueryShape:
    """Refuse a query the engine would recurse over too deeply, naming the limit; its shape else."""
    limit = max_tokens()
    shape = query_shape(text, stop_after=limit)
    if shape.nesting > MAX_NESTING:
        raise QueryError(
            f"the query nests brackets {shape.nesting} deep, over the limit of {MAX_NESTING} (simplify the query)"
        )
    if shape.tokens > limit:
        raise QueryError(
            f"the query has more than {limit:,} tokens, the limit: {shape.cause()} "
            f"(split the query, use prefixes for long IRIs, or set {TOKENS_VARIABLE})"
        )
    return shape


def names_its_dataset(text: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause, read from rdflib's parse of it (its syntax
    tree, not its text). Only queries that could contain the keyword are parsed; one that rdflib
    cannot parse is taken to name none, and so sees the union of all graphs."""
    # Only text that could hold the keyword is parsed (rdflib's parser takes 0.1 s to import). A
    # line that begins with '#' is a comment or inside a long string, never a keyword: an IRI
    # cannot span lines. Escapes could spell the keyword, so text with any is parsed.
    # The keyword stands alone: "from" inside a name (?from, prov:wasDerivedFrom) is not it.
    code = (line for line in re.split(r"[\r\n]", text) if not line.lstrip(" \t").startswith("#"))
    if not any(_FROM_WORD.search(line) for line in code) and "\\u" not in text.lower():
        return False
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        # SPARQL ends a comment at CR as well as LF; rdflib only at LF. A CR is whitespace
        # everywhere else but inside a long string, which holds no keyword either way.
        parsed = parseQuery(text.replace("\r", "\n"))
    except Exception:  # noqa: BLE001 (rdflib raises many types; Oxigraph's parser has the last word)
        return False
    return "datasetClause" in parsed[1]


def run_query(backend, text: str):
    """Run one SPARQL query on a backend of graph.store; raises InputError with the parser's
    position for malformed SPARQL. Results: QuerySolutions, QueryBoolean, or a list of triples,
    evaluated lazily: consume them inside `query_errors()` too.

    This runs in the calling process: whether the query may reach the network is decided by the
    process (see query_output and graph.sandbox), not here."""
    check_shape(text)
    # A query that names its dataset (FROM, FROM NAMED) gets exactly those graphs of the store;
    # neither store loads a FROM IRI, so FROM <file:///etc/passwd> is simply an empty graph.
    union = not names_its_dataset(text)
    with query_errors(text):
        return backend.query(text, union)


@contextmanager
def query_errors(text: str) -> Iterator[None]:
    """Errors of running a query, or of reading its results, as one-line InputErrors."""
    try:
        yield
    except SyntaxError as error:
        if is_update(text):
            raise RefusedError(
                "this is a SPARQL Update; pactgraph only runs queries and never changes the graph"
            ) from None
        raise QueryError(f"malformed SPARQL: {parser_message(error, text)}") from None
    except RecursionError:
        raise QueryError("the query is nested too deeply for this store (simplify it)") from None
    except re.error as error:  # rdflib's store runs REGEX with Python's re
        raise QueryError(f"the query's regular expression is not valid: {excerpt(str(error))}") from None
    except (RuntimeError, ValueError) as error:  # the engine could not evaluate it (an unbound SERVICE name, say)
        raise InputError(f"query failed: {' '.join(str(error).split())[:300]}") from None
    except OSError as error:  # a SERVICE call refused by the sandbox, or one allowed that failed
        from .sandbox import NETWORK_HINT, network_denied

        reason = " ".join(str(error).split())[:200]
        if network_denied():
            raise RefusedError(f"query failed: {reason}; {NETWORK_HINT}") from None
        raise InputError(f"query failed: {reason}") from None


def answer(backend, text: str, fmt: str = "table") -> bytes:
    """The query's results, formatted (see format_results)."""
    results = run_query(backend, text)
    with query_errors(text):
        return format_results(results, fmt)


def parser_message(error: SyntaxError, text: str = "") -> str:
    """A parser's message on one line: an undeclared prefix named, the wrong query form said in
    words, and any list of expected characters (Oxigraph lists Unicode ranges) cut short."""
    message = " ".join(str(error).split())
    position = re.match(r"error at (\d+):(\d+)", message)
    at = f"error at {position.group(1)}:{position.group(2)}: " if position else ""
    if "Prefix not found" in message:
        name = _prefix_before(text, int(position.group(1)), int(position.group(2))) if position else None
        if name is not None:
            return f"{at}the prefix {name}: is not declared (add PREFIX {name}: <...> before the query)"
        return f"{at}a prefix is not declared (add PREFIX name: <...> before the query)"
    if message.endswith("expected CONSTRUCT"):  # Oxigraph names the last of the forms it tried
        return f"{at}expected a query: SELECT, CONSTRUCT, ASK or DESCRIBE"
    message = re.sub(r"expected one of (.{100}).*", r"expected one of \1 ...", message)
    return message if len(message) <= 400 else message[:400] + "..."


def _prefix_before(text: str, line: int, column: int) -> str | None:
    lines = re.split(r"\r\n|\r|\n", text)
    if not 0 < line <= len(lines):
        return None
    found = re.findall(r"([A-Za-z][\w.-]*|):[\w.-]*", lines[line - 1][: max(column - 1, 0)])
    return found[-1] if found else None


def open_data(
    path: Path | None = None, store: str = "oxigraph", location: Path | None = None, endpoint: str | None = None
):
    """The backend to query: a remote endpoint, a persistent Oxigraph store, or a data file
    (default exports/pactgraph.trig) loaded into the chosen in-memory store."""
    from . import store as stores

    if endpoint:
        return stores.RemoteBackend(endpoint)
    return stores.open_backend(store, path, location)


def check_sources(data: Path | None, store: str, location: Path | None, endpoint: str | None = None) -> None:
    """Refuse options that contradict each other, rather than silently ignoring one."""
    given = [name for name, value in (("--data", data), ("--location", location), ("--endpoint", endpoint)) if value]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} name two different datasets: give one of them")
    if store != "oxigraph" and (location or endpoint):
        raise InputError(f"--store {store} reads a --data file; {given[0]} is queried as it is (drop --store)")


def query_output(
    text: str,
    fmt: str = "table",
    *,
    data: Path | None = None,
    store: str = "oxigraph",
    location: Path | None = None,
    endpoint: str | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
    cache: bool = True,
    credentials=None,
) -> Iterator[bytes]:
    """Run a query and yield its formatted results in pieces. A local query runs in a child process
    without network access (unless allow_service), ended after `timeout` seconds; an endpoint's
    query runs on the endpoint, and its whole answer must arrive within `timeout` seconds. A large
    data file is queried through a store kept for it on disk, unless not `cache` (graph.cache). An
    endpoint that asks for a password is given `credentials` (remote.Credentials)."""
    check_sources(data, store, location, endpoint)
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format {fmt!r} (choose one of {', '.join(OUTPUT_FORMATS)})")
    if endpoint:
        from . import store as stores

        yield answer(stores.RemoteBackend(endpoint, timeout=timeout or None, credentials=credentials), text, fmt)
        return
    if cache and store == "oxigraph" and location is None:
        # Made here, not in the query's process: loading a file is not running a query, and a
        # store a query was stopped in the middle of building would be built again next time.
        from .cache import store_for_file
        from .store import data_file

        location = store_for_file(data_file(data))
        data = None if location is not None else data
    yield from run_in_sandbox(
        text, _local_output, text, fmt, data, store, location, network=allow_service, timeout=timeout or None
    )


def run_in_sandbox(text: str, produce, *args, network: bool = False, timeout: float | None = None) -> Iterator[bytes]:
    """graph.sandbox.run_isolated for the query `text`: a crash of the engine is reported with what
    in the query was too large, as measured (query_shape), not guessed."""
    from .sandbox import EngineCrashed, run_isolated

    try:
        yield from run_isolated(produce, *args, network=network, timeout=timeout)
    except EngineCrashed as error:
        raise crash_error(error, text) from None


def crash_error(error, text: str) -> InputError:
    """The one-line error for a query whose process crashed (`error`, a sandbox.EngineCrashed)."""
    if error.signal_name is None:
        return InputError(str(error))
    shape = query_shape(text)
    if shape.tokens <= MAX_TOKENS and shape.nesting <= MAX_NESTING:
        return InputError(f"{error} ({shape.cause()}): this is a fault of the engine or of the machine's memory")
    return InputError(
        f"{error}: {shape.cause()} ({shape.tokens:,} tokens; the limits are {MAX_NESTING} levels of brackets "
        f"and {MAX_TOKENS:,} tokens): simplify that part of the query"
    )


def _local_output(text: str, fmt: str, data: Path | None, store: str, location: Path | None) -> Iterator[bytes]:
    formatted = answer(open_data(data, store, location), text, fmt)
    for start in range(0, len(formatted), CHUNK):
        yield formatted[start : start + CHUNK]


def compact(term) -> str:
    """A term as a person reads it: prefixed IRIs, literal values without quotes."""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


def _table(variables: list[str], columns: list[list[str]], count: int) -> str:
    """A table for people: a column a variable, each as wide as its widest cell, then the count of
    rows. Built with C-level passes (str.format over zipped columns), not a Python call per cell."""
    widths = [max(len(v), max(map(len, column), default=0)) for v, column in zip(variables, columns, strict=True)]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    rows = map(str.rstrip, starmap(line.format, zip(*columns, strict=True))) if columns else [""] * count
    header = [line.format(*variables).rstrip(), line.format(*("-" * w for w in widths)).rstrip()]
    return "\n".join([*header, *rows, f"({count} row{'s' if count != 1 else ''})"]) + "\n"


# TSV results (SPARQL 1.1) write terms as Turtle does: <iri>, "text"@lang or "text"^^<type>, bare
# numbers and booleans, _:blank. The string escapes of Turtle, and what they stand for.
_TSV_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_TAB = ord("\t")
_ROWS_AS_CELLS = bytes.maketrans(b"\n", b"\t")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _tsv_value(cell: str) -> str:
    """A TSV cell as a person reads it (what compact() gives for the term it writes)."""
    if cell.startswith('"'):
        value = cell[1 : cell.rfind('"')]
        if "\\" in value:
            value = _TSV_ESCAPE.sub(
                lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None else _ESCAPED[m.group(3)], value
            )
        return value
    if cell.startswith("<") and not cell.startswith("<<"):
        return compact_iri(cell[1:-1]) or cell
    return cell  # a number, a boolean, a blank node, or unbound ("")


def _readable_cells(body: bytes) -> list[str]:
    """Every cell of a TSV body (its lines after the header, in UTF-8, each ending with a newline)
    as a person reads it, row after row.

    Results of literals only (most listings) are read with a few passes over the whole text at C
    speed. With no backslash in the text, no value holds a quote, a tab or a newline, so every quote
    opens or closes a literal: one at the start of a cell opens one; one followed by a language tag
    or a datatype (which ends at the next tab) closes one. An opening quote cannot be followed by a
    tag and then a tab: its literal closes first. So each distinct tag or datatype is cut from its
    closing quote by replacing it everywhere at once, and then every quote is deleted. Text with
    escapes, IRIs or quoted triples is read a distinct cell at a time (_tsv_value), about 3.5 us a
    row; the passes take well under 1 us."""
    if b"\\" not in body:
        cells = body.translate(_ROWS_AS_CELLS)  # rows are read as one run of cells
        for marker in (b'"@', b'"^^<'):
            position = 0
            while (start := cells.find(marker, position)) != -1:
                position = start + 1
                if start == 0 or cells[start - 1] == _TAB:  # an opening quote
                    continue
                suffix = cells[start : cells.index(b"\t", start)]
                cells = cells.replace(suffix + b"\t", b'"\t')
        # What is left of "<" is an IRI or a quoted triple if a cell begins with it (else a value's own).
        if b"<" not in cells or not (cells.startswith(b"<") or b"\t<" in cells):
            return cells[:-1].translate(None, b'"').decode("utf-8").split("\t")
    cells = body[:-1].decode("utf-8").replace("\n", "\t").split("\t")
    readable = {cell: _tsv_value(cell) for cell in set(cells)}  # each distinct cell read once
    return list(map(readable.__getitem__, cells))


def _table_of_solutions(results) -> str:
    """SELECT results as a table, from the engine's own TSV serialisation (a Python object a term
    took up to a third of a large listing's time)."""
    header, _, body = results.serialize(format=ox.QueryResultsFormat.TSV).partition(b"\n")
    # Every line ends with a newline; a line of one unbound cell is empty, but a row. Values' own
    # tabs and newlines are escaped.
    count = body.count(b"\n")
    variables = [v[1:] for v in header.decode("utf-8").split("\t")] if header else []
    if not variables or not count:
        return _table(variables, [[] for _ in variables], count)
    values = _readable_cells(body)
    return _table(variables, [values[i :: len(variables)] for i in range(len(variables))], count)


def format_results(results, fmt: str = "table") -> bytes:
    """SELECT/ASK results as a table or SPARQL results CSV/TSV/JSON; CONSTRUCT/DESCRIBE as Turtle
    (table) or N-Triples (csv/tsv/json have no graph form, so they get N-Triples too). The output
    always ends with a newline."""
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format {fmt!r} (choose one of {', '.join(OUTPUT_FORMATS)})")
    if isinstance(results, (ox.QueryTriples, list)):
        rdf = ox.RdfFormat.TURTLE if fmt == "table" else ox.RdfFormat.N_TRIPLES
        return _ending_with_newline(ox.serialize(results, format=rdf, prefixes=PREFIXES if fmt == "table" else None))
    if fmt != "table":
        return _ending_with_newline(results.serialize(format=_RESULT_FORMATS[fmt]))
    if isinstance(results, ox.QueryBoolean):
        return b"yes\n" if bool(results) else b"no\n"
    return _table_of_solutions(results).encode("utf-8")


def _ending_with_newline(data: bytes) -> bytes:
    return data if not data or data.endswith(b"\n") else data + b"\n"


def construct_graph(
    text: str,
    data: Path | None = None,
    *,
    allow_service: bool = False,
    store: str = "oxigraph",
    location=None,
    timeout: float | None = None,
):
    """The result of a CONSTRUCT or DESCRIBE query as an rdflib Graph, with the types and labels of
    the resources it mentions added from the store, so that it can be drawn with names and classes.
    The query runs in a child process without network access (unless allow_service), ended after
    `timeout` seconds."""
    from .store import read_quads_from_bytes, to_rdflib_graph

    ntriples = b"".join(
        run_in_sandbox(text, _construct_ntriples, text, data, store, location, network=allow_service, timeout=timeout)
    )
    return to_rdflib_graph(read_quads_from_bytes(ntriples))


def _construct_ntriples(text: str, data: Path | None, store: str, location: Path | None) -> Iterator[bytes]:
    backend = open_data(data, store, location)
    results = run_query(backend, text)
    if not isinstance(results, (ox.QueryTriples, list)):
        raise InputError("a CONSTRUCT or DESCRIBE query is needed here (it returns a graph; SELECT and ASK do not)")
    with query_errors(text):
        triples = list(results)
    named = sorted({t.value for q in triples for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)})
    if named:
        values = " ".join(f"<{iri}>" for iri in named)
        triples += backend.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ rdf:type rdfs:label skos:prefLabel }} ?s ?p ?o }}",
            True,
        )
    yield ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def is_update(text: str) -> bool:
    """Whether `text` parses as a SPARQL Update (by rdflib's parser: its syntax tree, not a keyword
    in its text). Asked only of text that failed to parse as a query, to say why it is refused:
    updates never run here, as no store is ever asked to run one."""
    from rdflib.plugins.sparql.parser import parseUpdate

    if query_shape(text).nesting > MAX_NESTING:
        return False
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 (not an update, whatever rdflib raised)
        return False
    return True


def conflicts_by_entity(backend) -> dict[str, list[dict]]:
    """What the sources disagree on, by entity IRI, from the named query `conflicts`:
    {iri: [{"property": p, "values": [{"value": v, "sources": ["Publisher, date", ...]}, ...]}]}."""
    text = (paths.QUERIES / "conflicts.rq").read_text(encoding="utf-8")
    found: dict[str, dict[str, dict[str, list[str]]]] = {}
    for row in backend.query(text, True):
        values = found.setdefault(row["entity"].value, {}).setdefault(row["property"].value, {})
        values.setdefault(row["value"].value, []).append(f"{row['source'].value}, {row['published'].value}")
    return {
        iri: [
            {"property": prop, "values": [{"value": v, "sources": sorted(s)} for v, s in sorted(values.items())]}
            for prop, values in sorted(properties.items())
        ]
        for iri, properties in found.items()
    }


def money_table(backend) -> dict:
    """The money commitments table of the page: the named query money-commitments, its columns and
    rows as `pactgraph query money-commitments --format csv` prints them."""
    import csv
    import io

    text = (paths.QUERIES / "money-commitments.rq").read_text(encoding="utf-8")
    printed = format_results(run_query(backend, text), "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(printed)))
    return {"columns": rows[0] if rows else [], "rows": rows[1:]}


def page_annotations(backend) -> tuple[dict[str, list[dict]], dict, dict]:
    """What the page shows beside the network: the sources' disagreements, the money table, and
    the sources side by side of each thing that more than one source speaks of."""
    from .compare import compare_rows, comparisons

    compared = {thing: c for thing, c in comparisons(compare_rows(backend)).items() if len(c.columns) > 1}
    return conflicts_by_entity(backend), money_table(backend), compared
