"""Stage 5: SPARQL over the built graph: named competency queries, files or ad-hoc text.

Queries run on Oxigraph over the exported TriG with the union of all graphs as the default graph.
They never read files or URLs: Oxigraph's FROM and FROM NAMED only select graphs already in the
store, updates (LOAD, ...) are not queries, and SERVICE is refused unless the caller opts in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph import paths
from graph.errors import InputError, RefusedError
from graph.prefixes import PREFIXES, compact_iri

OUTPUT_FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
# Comments, strings and IRIs, which may contain the word SERVICE harmlessly.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:-])", re.IGNORECASE)


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


def named_queries(directory: Path = paths.QUERIES) -> dict[str, NamedQuery]:
    return {
        path.stem: NamedQuery(path.stem, path, path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.rq"))
    }


def resolve_query(argument: str, directory: Path = paths.QUERIES) -> str:
    """The SPARQL text for NAME (a named query), FILE (a path) or the query text itself."""
    named = directory / f"{argument}.rq"
    if re.fullmatch(r"[\w.-]+", argument) and named.is_file():  # one file read, not every query's
        return named.read_text(encoding="utf-8")
    path = Path(argument)
    if argument.endswith(".rq") or (not any(c.isspace() for c in argument) and "/" in argument):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"{argument}: cannot read the query file ({error.strerror})") from None
    if not any(c.isspace() for c in argument):
        raise InputError(f"{argument!r} is not a named query, a .rq file or SPARQL (see: pactgraph query --list)")
    return argument


def keywords_only(text: str) -> str:
    """The query with its comments, strings and IRIs blanked out, leaving keywords and names."""
    return _NOT_KEYWORDS.sub(" ", text)


def run_query(backend, text: str, *, allow_service: bool = False):
    """Run one SPARQL query on a backend of graph.store; raises InputError with the parser's
    position for malformed SPARQL. Results: QuerySolutions, QueryBoolean, or a list of triples."""
    keywords = keywords_only(text)
    if not allow_service and _SERVICE.search(keywords):
        raise RefusedError("query uses SERVICE, which would fetch from the network (pass --allow-service to permit it)")
    # A query that names its dataset (FROM, FROM NAMED) gets exactly those graphs of the store;
    # neither store loads a FROM IRI, so FROM <file:///etc/passwd> is simply an empty graph.
    union = not _FROM.search(keywords)
    try:
        return backend.query(text, union)
    except SyntaxError as error:
        message = " ".join(str(error).split())
        raise InputError(f"malformed SPARQL: {message}") from None
    except OSError as error:  # e.g. a SERVICE call that was allowed but failed
        raise InputError(f"query failed: {' '.join(str(error).split())}") from None


def open_data(
    path: Path | None = None, store: str = "oxigraph", location: Path | None = None, endpoint: str | None = None
):
    """The backend to query: a remote endpoint, a persistent Oxigraph store, or a data file
    (default exports/pactgraph.trig) loaded into the chosen in-memory store."""
    from graph import store as stores

    if endpoint:
        return stores.RemoteBackend(endpoint)
    return stores.open_backend(store, path, location)


def compact(term) -> str:
    """A term as a person reads it: prefixed IRIs, literal values without quotes."""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(v)] + [len(row[i]) for row in rows]) for i, v in enumerate(variables)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])] + [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_results(results, fmt: str = "table") -> bytes:
    """SELECT/ASK results as a table or SPARQL results CSV/TSV/JSON; CONSTRUCT/DESCRIBE as Turtle
    (table) or N-Triples (csv/tsv/json have no graph form, so they get N-Triples too)."""
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format {fmt!r} (choose one of {', '.join(OUTPUT_FORMATS)})")
    if isinstance(results, (ox.QueryTriples, list)):
        rdf = ox.RdfFormat.TURTLE if fmt == "table" else ox.RdfFormat.N_TRIPLES
        return ox.serialize(results, format=rdf, prefixes=PREFIXES if fmt == "table" else None)
    if fmt != "table":
        return results.serialize(format=_RESULT_FORMATS[fmt])
    if isinstance(results, ox.QueryBoolean):
        return b"yes\n" if bool(results) else b"no\n"
    variables = [v.value for v in results.variables]
    rows = [[compact(solution[v]) for v in variables] for solution in results]
    return _table(variables, rows).encode("utf-8")


def construct_graph(backend, text: str, *, allow_service: bool = False):
    """The result of a CONSTRUCT or DESCRIBE query as an rdflib Graph, with the types and labels of
    the resources it mentions added from the store, so that it can be drawn with names and classes."""
    from graph.store import to_rdflib_graph

    results = run_query(backend, text, allow_service=allow_service)
    if not isinstance(results, (ox.QueryTriples, list)):
        raise InputError("a CONSTRUCT or DESCRIBE query is needed here (it returns a graph; SELECT and ASK do not)")
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in results]
    named = sorted({t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)})
    if named:
        values = " ".join(f"<{iri}>" for iri in named)
        extra = backend.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ rdf:type rdfs:label skos:prefLabel }} ?s ?p ?o }}",
            True,
        )
        quads += [ox.Quad(t.subject, t.predicate, t.object) for t in extra]
    return to_rdflib_graph(quads)
