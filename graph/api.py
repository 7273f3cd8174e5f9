"""pactgraph from Python, for notebooks: open a dataset, ask it questions, draw it.

    import pactgraph
    data = pactgraph.open_dataset()                       # exports/pactgraph.trig
    data.query("ministers").to_dataframe()                # a named query, as a pandas DataFrame
    data.query("SELECT ?c WHERE { ?c a pact:Country }")   # or any SPARQL text: rows
    rows = data.query("ministers"); rows[0].person        # rows by index, values by name or position
    data.to_rdflib()                                      # the whole dataset as an rdflib Dataset
    data.network()                                        # the entities as a networkx MultiDiGraph
    data.page()                                           # the network page, inline in Jupyter

A file or a store is queried as on the command line: in a forked child that has no network (so a
SERVICE clause cannot reach out, graph.sandbox), the notebook keeping its own. An endpoint is
queried over HTTP, with a user's password from $PACTGRAPH_PASSWORD, ~/.netrc or a prompt.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from . import paths, remote
from .errors import InputError
from .export import PAGE_TITLE
from .prefixes import BASE
from .query import answer, naming_file, resolve_query
from .store import OxigraphBackend, RemoteBackend, data_file, is_store

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


class Row(tuple):
    """One row of an answer: a tuple of values, each also found by its variable's name, as a key or
    an attribute (`row[0]`, `row["person"]`, `row.person`), as rdflib's result rows are. A variable
    named as a tuple's method (`?count`, `?index`) is found by key: `row["count"]`."""

    def __new__(cls, values, index: dict[str, int]):
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self._index:
                raise KeyError(f"{key!r} is not a variable of this row (its variables: {', '.join(self._index)})")
            key = self._index[key]
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(error.args[0]) from None

    def asdict(self) -> dict:
        """The row as a dictionary, variable to value."""
        return {name: tuple.__getitem__(self, i) for name, i in self._index.items()}


# Columns whose text is one of a few values (a status, a class, a kind, a currency): categoricals.
CATEGORY_SUFFIXES = ("status", "type", "kind", "currency")
_TEMPORAL = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year", XSD + "dateTime": "time"}


@dataclass(frozen=True)
class Results:
    """The answer to a query: its variables and rows (None where unbound), each row a `Row` of Python
    values found by position, key or attribute. `len`, indexing and iteration work on the rows.
    An ASK query's answer is a bool instead; a CONSTRUCT's rows are (subject, predicate, object)."""

    variables: list[str]
    rows: list[Row]
    terms: list[tuple] = field(default_factory=list, repr=False, compare=False)  # the RDF terms of each row
    graph: bool = False  # the answer of a CONSTRUCT or DESCRIBE

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<pactgraph results: {len(self.rows)} rows of {', '.join(self.variables)}>"

    def records(self) -> list[dict]:
        """The rows as dictionaries, variable to value."""
        return [row.asdict() for row in self.rows]

    def to_rdflib(self):
        """The answer as rdflib terms: a CONSTRUCT's as an rdflib Graph, a SELECT's as rows of
        URIRef, Literal and BNode (None where unbound), found by position, key or attribute."""
        from .store import to_rdflib_term

        if self.graph:
            from rdflib import Graph

            graph = Graph()
            for triple in self.terms:
                graph.add(tuple(to_rdflib_term(term) for term in triple))
            return graph
        index = {name: i for i, name in enumerate(self.variables)}
        return [Row([None if t is None else to_rdflib_term(t) for t in row], index) for row in self.terms]

    def to_dataframe(self):
        """The rows as a pandas DataFrame, typed by the RDF datatypes of each column (pandas is not a
        dependency of pactgraph: pip install pandas):

        - numbers: int64 (Int64 with missing values) for integers, float64 for decimals such as
          amounts (records() keeps them exact, as Decimal);
        - dates: datetime64. A partial date (xsd:gYear 2026, xsd:gYearMonth 2026-11) is the first day
          of its year or month, and a column `<name>_precision` (day, month or year) says which it is;
        - true/false: the nullable boolean type;
        - statuses, classes, kinds and currencies (a column named ...status, ...type, ...kind,
          currency): categoricals;
        - IRIs and other text: str (object)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_dataframe needs pandas, which pactgraph does not install: pip install pandas"
            ) from None
        columns: dict[str, object] = {}
        for i, name in enumerate(self.variables):
            terms = [row[i] for row in self.terms] if self.terms else []
            values = [row[i] for row in self.rows]
            columns.update(_typed_column(pandas, name, values, terms))
        return pandas.DataFrame(columns, index=pandas.RangeIndex(len(self.rows)))

    def _repr_html_(self) -> str:
        # Every value escaped: the text of a report must not become markup in the notebook.
        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join(
            "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in self.rows[:SHOWN_ROWS]
        )
        more = f"<p>{len(self.rows) - SHOWN_ROWS} more rows not shown</p>" if len(self.rows) > SHOWN_ROWS else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self.rows)} rows</p>{more}"


def _typed_column(pandas, name: str, values: list, terms: list) -> dict[str, object]:
    """One column of a DataFrame (and, for partial dates, its precision), typed by its terms."""
    present = [t for t in terms if t is not None]
    datatypes = {t.datatype.value if isinstance(t, ox.Literal) else None for t in present}
    # A value its datatype does not fit (python_value kept it as text) leaves the column as it is.
    typed = all(v is None or isinstance(v, (int, float, Decimal)) for v in values)
    if present and typed and datatypes <= set(_NUMBERS):
        if datatypes <= {d for d, kind in _NUMBERS.items() if kind is int}:
            return {name: pandas.array(values, dtype="Int64" if len(present) < len(terms) else "int64")}
        return {name: pandas.array([None if v is None else float(v) for v in values], dtype="float64")}
    if present and datatypes <= set(_TEMPORAL):
        precision = [None if t is None else _TEMPORAL[t.datatype.value] for t in terms]
        starts = [None if t is None else _period_start(t) for t in terms]
        # A date that is not one ("2025-13-45") is NaT; times in several zones are all in UTC.
        series = pandas.Series(starts, dtype="object")
        try:
            column = {name: pandas.to_datetime(series, errors="coerce", format="ISO8601")}
        except ValueError:
            column = {name: pandas.to_datetime(series, errors="coerce", format="ISO8601", utc=True)}
        if set(precision) - {None, "day", "time"}:
            column[f"{name}_precision"] = pandas.Categorical(precision, categories=["year", "month", "day", "time"])
        return column
    if present and datatypes == {XSD + "boolean"} and all(v is None or isinstance(v, bool) for v in values):
        return {name: pandas.array(values, dtype="boolean")}
    if name.lower().endswith(CATEGORY_SUFFIXES):
        return {name: pandas.Categorical(values)}
    return {name: pandas.Series(values, dtype="object")}


def _period_start(term: ox.Literal) -> str:
    """The first day of a date as precise as the text: 2026 -> 2026-01-01, 2026-11 -> 2026-11-01."""
    text = term.value
    kind = _TEMPORAL[term.datatype.value]
    return {"year": f"{text[:4]}-01-01", "month": f"{text[:7]}-01"}.get(kind, text)


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
        terms = [tuple(row[v] for v in variables) for row in results]
    else:
        variables = ["subject", "predicate", "object"]
        terms = [(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    index = {name: i for i, name in enumerate(variables)}
    rows = [Row([python_value(term) for term in row], index) for row in terms]
    return Results(variables, rows, terms, graph=not data.startswith(b"{"))


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
        text, path = resolve_query(query, listing="pactgraph.named_queries() lists them")
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

    def to_rdflib(self):
        """The dataset as an rdflib Dataset: each source's named graph, the ontology's, and the
        default graph (the descriptions of the source graphs), with pactgraph's prefixes bound."""
        from rdflib import Dataset as RdflibDataset
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        from .prefixes import PREFIXES
        from .store import to_rdflib_term

        dataset = RdflibDataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, replace=True)
        graphs: dict = {}
        for quad in self.quads():
            name = quad.graph_name
            if name not in graphs:
                default = isinstance(name, ox.DefaultGraph)
                graphs[name] = dataset.graph(DATASET_DEFAULT_GRAPH_ID if default else to_rdflib_term(name))
            graphs[name].add(
                (to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object))
            )
        return dataset

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
        try:
            backend = OxigraphBackend.open(Path(location))
        except InputError:
            if is_store(Path(location)):
                raise
            raise InputError(
                f"open_dataset: location={str(location)!r} holds no Oxigraph store (give path= an RDF file "
                "instead, or make a store of one with the command pactgraph load)"
            ) from None
        return Dataset(backend, str(location), timeout, allow_service)
    from .cache import backend_for_file

    if path is None:
        import warnings

        from .workspace import SETTINGS, VARIABLE, NoWorkspace, find

        try:
            found = find(Path(workspace) if workspace is not None else None)
        except NoWorkspace:
            if workspace is not None:
                where = f"workspace={str(workspace)!r} is not a pactgraph workspace"
            elif os.environ.get(VARIABLE):
                where = f"${VARIABLE}={os.environ[VARIABLE]!r} is not a pactgraph workspace"
            else:
                where = f"no pactgraph workspace at or above {Path.cwd()}"
            raise InputError(
                f"open_dataset: {where} (a folder with {SETTINGS}): give workspace= one, or path= an RDF file "
                "such as its exports/pactgraph.trig"
            ) from None
        file = data_file(found.data(include_drafts), built_by="build() or pactgraph build")
        if stale := found.stale(include_drafts):
            warnings.warn(f"{stale}: the answers may be out of date (build again)", stacklevel=2)
    else:
        try:
            file = data_file(Path(path))
        except InputError:
            raise InputError(
                f"open_dataset: path={str(path)!r} is no file (give path= an RDF file such as exports/pactgraph.trig, "
                "location= a store or endpoint= a SPARQL endpoint)"
            ) from None
    return Dataset(backend_for_file(file), str(file), timeout, allow_service)


def _ask(prompt: str) -> str:
    # getpass works in a terminal and, through the kernel, in Jupyter (a password box).
    import getpass

    return getpass.getpass(prompt)


def named_queries() -> dict[str, str]:
    """The named queries: name to the question each answers."""
    from .query import named_queries as queries

    return {name: item.question for name, item in queries(paths.QUERIES).items()}
