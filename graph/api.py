"""pactgraph from Python, for notebooks: open a dataset, ask it questions, draw it.

    import pactgraph
    data = pactgraph.open_dataset()                       # exports/pactgraph.trig
    data.query("ministers").to_dataframe()                # a named query, as a pandas DataFrame
    data.query("SELECT ?c WHERE { ?c a pact:Country }")   # or any SPARQL text: rows
    data.network()                                        # the entities as a networkx MultiDiGraph
    data.page()                                           # the network page, inline in Jupyter

A file or a store is queried as on the command line: in a forked child that has no network (so a
SERVICE clause cannot reach out, graph.sandbox), the notebook keeping its own. An endpoint is
queried over HTTP, with a user's password from $PACTGRAPH_PASSWORD, ~/.netrc or a prompt.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from . import paths, remote
from .errors import InputError
from .export import PAGE_TITLE
from .prefixes import BASE
from .query import answer, naming_file, resolve_query
from .store import OxigraphBackend, RemoteBackend, data_file

XSD = "http://www.w3.org/2001/XMLSchema#"
# Literal datatypes read as Python values; every other literal is its text.
_NUMBERS = {XSD + name: int for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger")}
_NUMBERS |= {XSD + "decimal": Decimal, XSD + "double": float, XSD + "float": float}
# Cells of a table shown in a notebook, at most: a larger answer is cut there, and says so.
SHOWN_ROWS = 200


def python_value(term):
    """An RDF term as a Python value: an IRI as its string, a number as int, Decimal or float, a
    boolean as bool, a date as date or datetime; any other literal as its text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
    datatype = term.datatype.value
    try:
        if datatype in _NUMBERS:
            return _NUMBERS[datatype](term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return date.fromisoformat(term.value)
        if datatype == XSD + "dateTime":
            return datetime.fromisoformat(term.value)
    except ValueError:  # a malformed value (a date with a time zone, say) stays text
        pass
    return term.value


@dataclass(frozen=True)
class Results:
    """The answer to a query: its variables and rows of Python values (None where unbound). An
    ASK query's answer is a bool instead; a CONSTRUCT's rows are (subject, predicate, object)."""

    variables: list[str]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"<pactgraph results: {len(self.rows)} rows of {', '.join(self.variables)}>"

    def records(self) -> list[dict]:
        """The rows as dictionaries, variable to value."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame (pandas is not a dependency of pactgraph: pip install pandas)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_dataframe needs pandas, which pactgraph does not install: pip install pandas"
            ) from None
        return pandas.DataFrame.from_records(self.rows, columns=self.variables)

    def _repr_html_(self) -> str:
        # Every value escaped: the text of a report must not become markup in the notebook.
        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join(
            "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in self.rows[:SHOWN_ROWS]
        )
        more = f"<p>{len(self.rows) - SHOWN_ROWS} more rows not shown</p>" if len(self.rows) > SHOWN_ROWS else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self.rows)} rows</p>{more}"


@dataclass(frozen=True)
class Page:
    """The network page; shown inline in Jupyter in a sandboxed frame (scripts only: it cannot
    reach the notebook, and its own Content-Security-Policy forbids every request)."""

    html: str
    height: int = 700

    def __repr__(self) -> str:
        return "<pactgraph page: shown inline in Jupyter; .save(path) writes it>"

    def _repr_html_(self) -> str:
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ccc"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        from .writing import write_atomically

        write_atomically(Path(path), self.html.encode("utf-8"))
        return Path(path)


def _results_of(data: bytes) -> Results | bool:
    if data.startswith(b"{"):  # SPARQL results in JSON; a graph's answer is N-Triples
        results = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        variables = [v.value for v in results.variables]
        return Results(variables, [tuple(python_value(row[v]) for v in variables) for row in results])
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    rows = [(python_value(q.subject), python_value(q.predicate), python_value(q.object)) for q in triples]
    return Results(["subject", "predicate", "object"], rows)


class Dataset:
    """A pactgraph dataset: a file or a store queried here, or a SPARQL endpoint. Open one with
    open_dataset()."""

    def __init__(self, backend, description: str, timeout: float | None = None, allow_service: bool = False):
        self.backend = backend
        self.description = description
        self.timeout = timeout
        self.allow_service = allow_service

    def __repr__(self) -> str:
        return f"<pactgraph dataset {self.description}>"

    def query(self, query: str) -> Results | bool:
        """Run a named query (see named_queries()), a .rq file or SPARQL text; the default graph is
        the union of all graphs and pactgraph's prefixes are declared, as on the command line."""
        text, path = resolve_query(query)
        with naming_file(path):
            if isinstance(self.backend, RemoteBackend):
                return _results_of(answer(self.backend, text, "json"))
            from .query import run_in_sandbox

            # The store is already in memory (or open): the forked child inherits it.
            chunks = run_in_sandbox(
                text, _answer_chunks, self.backend, text, network=self.allow_service, timeout=self.timeout
            )
            return _results_of(b"".join(chunks))

    def quads(self) -> list[ox.Quad]:
        """Every quad of the dataset; from an endpoint, those of pactgraph's graphs, with the
        descriptions of the source graphs (pushed as a graph of their own) back in the default graph
        (a server keeps graphs of its own, which are left out)."""
        if not isinstance(self.backend, RemoteBackend):
            return list(self.backend.store)
        from .push import PROVENANCE_GRAPH

        rows = self.backend.query(
            f'SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{BASE}")) }}', False
        )
        default = ox.DefaultGraph()
        return [
            ox.Quad(row["s"], row["p"], row["o"], default if row["g"].value == PROVENANCE_GRAPH else row["g"])
            for row in rows
        ]

    def network(self):
        """The entities and their relations as a networkx MultiDiGraph (nodes: IRIs, with label and
        type; edges: the relations, keyed by property), as the page draws them."""
        from .build import graph_with_ontology
        from .network import entity_network

        return entity_network(graph_with_ontology(self.quads()))

    def page(self, title: str = PAGE_TITLE, height: int = 700) -> Page:
        """The interactive network page (the one `pactgraph build` writes), to show inline in a
        notebook or .save() as a file."""
        from .render import render_quads

        return Page(render_quads(self.quads(), title), height)


def _answer_chunks(backend, text: str):
    yield answer(backend, text, "json")


def open_dataset(
    path: str | Path | None = None,
    *,
    location: str | Path | None = None,
    endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
    workspace: str | Path | None = None,
    include_drafts: bool = False,
) -> Dataset:
    """Open a dataset: an RDF file (`path`), a store made by `pactgraph load` (`location`), a SPARQL
    endpoint (`endpoint`, with `user` if it asks for a password: from `password`, else
    $PACTGRAPH_PASSWORD, ~/.netrc or a prompt; keep passwords out of notebooks), or by default the
    exports of a workspace (`workspace`, else $PACTGRAPH_WORKSPACE, else the one at or above the
    current folder; with `include_drafts`, the exports with the drafts). Exports older than their
    workspace are opened with a warning (warnings.warn) that says so. Queries stop after `timeout`
    seconds (an endpoint's: 120 s unless given); a file's or a store's run without the network
    unless `allow_service`."""
    given = [name for name, value in (("path", path), ("location", location), ("endpoint", endpoint)) if value]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} name two different datasets: give one of them")
    if user is not None and not endpoint:
        raise InputError("user is the user of an endpoint: give endpoint too")
    if endpoint:
        credentials = None
        if user is not None:
            credentials = (
                remote.Credentials(user, password, "the password argument")
                if password is not None
                else remote.credentials_for(endpoint, user, ask=_ask)
            )
        return Dataset(RemoteBackend(endpoint, timeout=timeout, credentials=credentials), endpoint)
    if location is not None:
        return Dataset(OxigraphBackend.open(Path(location)), str(location), timeout, allow_service)
    from .cache import store_for_file

    if path is None:
        import warnings

        from .workspace import find

        found = find(Path(workspace) if workspace is not None else None)
        file = data_file(found.data(include_drafts), built_by="build() or pactgraph build")
        if stale := found.stale(include_drafts):
            warnings.warn(f"{stale}: the answers may be out of date (build again)", stacklevel=2)
    else:
        file = data_file(Path(path))
    cached = store_for_file(file)  # a large file: its store on disk, as `pactgraph query --data` keeps
    if cached is not None:
        return Dataset(OxigraphBackend.open(cached), str(file), timeout, allow_service)
    return Dataset(OxigraphBackend.from_file(file), str(file), timeout, allow_service)


def _ask(prompt: str) -> str:
    # getpass works in a terminal and, through the kernel, in Jupyter (a password box).
    import getpass

    return getpass.getpass(prompt)


def named_queries() -> dict[str, str]:
    """The named queries: name to the question each answers."""
    from .query import named_queries as queries

    return {name: item.question for name, item in queries(paths.QUERIES).items()}
