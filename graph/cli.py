"""The `pactgraph` command: a thin layer that parses arguments and calls the library.

Modules are imported inside each command, so that `pactgraph query` starts without rdflib or
pySHACL. Errors the user can fix print one line and exit 2 (bad input) or 1 (shape violations).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT, InputError, PactError, excerpt

CONTEXT = {"help_option_names": ["-h", "--help"]}


def reports_errors(command):
    """Print a PactError as one line on stderr and exit with its code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PactError as error:
            for line in str(error).splitlines():
                click.echo(f"pactgraph: {line}", err=True)
            sys.exit(error.exit_code)
        except OSError as error:  # a path the system refuses (a name too long, say), met anywhere
            from .files import excerpt_path

            name = f"{excerpt_path(error.filename)}: " if error.filename else ""
            click.echo(f"pactgraph: {name}{error.strerror or error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except MemoryError:
            click.echo("pactgraph: ran out of memory (the input, or the answer, is too large)", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def workspace_option(command):
    """--workspace DIR: the workspace to work in (else $PACTGRAPH_WORKSPACE, else the one at or
    above the current folder)."""
    return click.option(
        "--workspace",
        "workspace_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="The workspace to work in  [default: $PACTGRAPH_WORKSPACE, else the one at or above this folder].",
    )(command)


def directory_option(name: str, help: str):
    """An option naming one of a workspace's folders (sources, claims, drafts) for this command
    alone; by default the workspace's own."""

    def decorate(command):
        return click.option(
            f"--{name}",
            f"{name}_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help=f"{help}  [default: the workspace's {name}/]",
        )(command)

    return decorate


sources_option = directory_option("sources", "Directory of source texts and their *.meta.yaml.")
drafts_option = directory_option("drafts", "Directory of draft claims (one YAML file per source).")
claims_option = directory_option("claims", "Directory of claims files (*.yaml).")


def corpus_options(command):
    """--sources, --claims and --workspace, shared by every command that builds from claims."""
    return workspace_option(sources_option(claims_option(command)))


class Folders:
    """The folders a command works on: those given by option, else its workspace's, found only when
    one is needed (a command given every folder it reads needs no workspace)."""

    def __init__(self, workspace_dir: Path | None, writing: bool = False, **given: Path | None):
        self.workspace_dir, self.writing, self.given = workspace_dir, writing, given
        self._workspace = None

    @property
    def workspace(self):
        if self._workspace is None:
            from .workspace import find, find_for_writing

            self._workspace = (find_for_writing if self.writing else find)(self.workspace_dir)
        return self._workspace

    def __getattr__(self, name: str) -> Path:
        given = self.__dict__["given"]
        if name not in given:
            raise AttributeError(name)
        return given[name] if given[name] is not None else getattr(self.workspace, name)


def dataset(data: Path | None, workspace_dir: Path | None, drafts: bool = False) -> Path:
    """The RDF file a command reads: --data, else the workspace's exports (with `drafts`, those with
    the drafts). Exports older than the workspace's sources, claims or drafts are read all the same,
    with a line on stderr that says so."""
    from .store import data_file

    if data is not None:
        return data_file(data)
    from .workspace import find

    workspace = find(workspace_dir)
    path = data_file(workspace.data(drafts), built_by="pactgraph build" + (" --include-drafts" if drafts else ""))
    stale = workspace.stale(drafts)
    if stale:
        again = "pactgraph build" + (" --include-drafts" if drafts else "")
        click.echo(f"pactgraph: warning: {stale}; this answer may be out of date ({again})", err=True)
    return path


def include_drafts_option(command):
    return click.option(
        "--include-drafts",
        is_flag=True,
        help="Read the exports with the drafts (pactgraph build --include-drafts), marked unreviewed.",
    )(command)


def _built_and_validated(sources_dir: Path, claims_dir: Path):
    from .build import validated
    from .claims import load_claims
    from .sources import load_sources

    sources = load_sources(sources_dir)
    return validated(sources, load_claims(claims_dir, sources))


def allow_service_option(command):
    return click.option("--allow-service", is_flag=True, help="Let SERVICE clauses fetch from remote endpoints.")(
        command
    )


def query_timeout_option(shown: str, help_text: str):
    """--timeout for a command that runs a query (no limit by default)."""
    return click.option("--timeout", type=click.FloatRange(min=0), default=0, show_default=shown, help=help_text)


def user_option(command):
    return click.option(
        "--user",
        metavar="NAME",
        help="User for an endpoint that asks for a password (HTTP digest or basic); the password comes "
        "from $PACTGRAPH_PASSWORD, the endpoint host's entry in ~/.netrc, or a prompt.",
    )(command)


def endpoint_credentials(endpoint: str | None, user: str | None):
    """The remote.Credentials of --user for --endpoint, or None without --user."""
    if user is None:
        return None
    if not endpoint:
        raise InputError("--user is the user of an --endpoint: give --endpoint URL too")
    from .remote import credentials_for

    return credentials_for(endpoint, user)


class OneLineErrors(click.Group):
    """Usage errors (a bad option value, a missing argument) as one line, like every other error,
    instead of click's usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            context = getattr(error, "ctx", None)
            hint = f" (see: {context.command_path} -h)" if context is not None else ""
            click.echo(f"pactgraph: {error.format_message()}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("pactgraph: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=OneLineErrors, context_settings=CONTEXT)
@click.version_option(package_name="pactgraph", prog_name="pactgraph")
def main():
    """pactgraph: a knowledge graph of defence partnerships.

    \b
    Example:
      pactgraph build && pactgraph query money-commitments
    """
    quiet_libraries()


def quiet_libraries() -> None:
    """rdflib logs a warning with a traceback for every literal that is not of its datatype
    ("x"^^xsd:date, in someone else's file), and warns of odd booleans: the literal is kept as
    written, so for the user these are noise, and a traceback on stderr looks like a crash."""
    import logging
    import warnings

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module="rdflib.term")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Start from the shipped seed graph (its report, claims and exports).")
@reports_errors
def init(directory: Path, example: bool):
    """Make a workspace in DIRECTORY: your own sources, claims, drafts, queries and exports.

    A workspace is a folder marked by pactgraph.toml. Every command run in it, or in a folder under
    it, works on it (or give --workspace DIR, or set $PACTGRAPH_WORKSPACE). It starts with the
    countries reference (countries, capitals, codes); --example adds the seed report of 30 November
    2025 and builds its exports, to try the commands on.

    \b
    Examples:
      pactgraph init drone-deals && cd drone-deals
      pactgraph init --example try-pactgraph
    """
    from .workspace import init as make

    workspace = make(directory, example=example)
    click.echo(f"made a workspace in {workspace.root} (pactgraph.toml, sources/, claims/, drafts/, queries/, exports/)")
    if example:
        from .build import validated
        from .claims import load_claims
        from .export import export_all
        from .sources import load_sources
        from .workspace import INPUTS, inputs_of

        sources = load_sources(workspace.sources)
        built = validated(sources, load_claims(workspace.claims, sources))
        read = inputs_of(workspace.sources, workspace.claims)
        export_all(
            built.dataset, workspace.exports, {INPUTS: (json.dumps(read, indent=1, sort_keys=True) + "\n").encode()}
        )
        click.echo(f"built the seed graph into {workspace.exports}")
    click.echo(f"next: cd {directory} && pactgraph add REPORT.txt --publisher NAME --published YYYY-MM-DD")


@main.command()
@workspace_option
@reports_errors
def status(workspace_dir: Path | None):
    """Show the workspace: each source, its claims and drafts, and whether the exports are current.

    \b
    Example:
      pactgraph status
    """
    from .workspace import find, survey

    workspace = find(workspace_dir)
    rows, exports = survey(workspace)
    click.echo(f"workspace {workspace.root}")
    if rows:
        width = max(len(row.source) for row in rows)
        click.echo(f"{'source'.ljust(width)}  published   claims  drafted  drafts left")
        for row in rows:
            drafted = "yes" if row.drafted else "no"
            click.echo(
                f"{row.source.ljust(width)}  {row.published:<10}  {row.claims:>6}  {drafted:>7}  {row.drafts_left:>11}"
            )
    else:
        click.echo("no sources yet (pactgraph add REPORT.txt --publisher NAME --published YYYY-MM-DD)")
    for line in exports:
        click.echo(line)


@main.command()
@corpus_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the exports to.  [default: the workspace's exports/, or exports/drafts/ with --include-drafts]",
)
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Add the unreviewed drafts, each source's in a graph of its own, marked unreviewed.",
)
@drafts_option
@reports_errors
def build(sources_dir, claims_dir, out_dir, include_drafts, drafts_dir, workspace_dir):
    """Build the graph from sources and claims, validate it, and write every export.

    Writes pactgraph.ttl, .trig, .jsonld, .nt, .graphml and .html (the network page, which opens
    offline in any browser) into the workspace's exports/, wherever in the workspace it is run.
    Nothing is written unless the whole build and validation succeed.

    \b
    Examples:
      pactgraph build
      pactgraph build --include-drafts
    """
    from .export import export_all
    from .review import settle
    from .workspace import INPUTS, inputs_of

    folders = Folders(workspace_dir, writing=out_dir is None, sources=sources_dir, claims=claims_dir, drafts=drafts_dir)
    sources_dir, claims_dir = folders.sources, folders.claims
    drafts_dir = folders.drafts if (include_drafts or drafts_dir is not None or out_dir is None) else None
    if drafts_dir is not None:
        settle(claims_dir, drafts_dir)  # a review killed part way is completed or cleared first
    built = _built_and_validated(sources_dir, claims_dir)
    if include_drafts:
        from .build import build as build_dataset
        from .build import merged_graph, source_graphs
        from .validate import conformance_violations

        built = build_dataset(sources_dir, claims_dir, drafts_dir=drafts_dir)
        drafts = sum(claim.draft for claim in built.claims)
        # Drafts are proposals: what they lack is the reviewer's to fix, not a reason to refuse them.
        violations = conformance_violations(
            merged_graph(built.dataset, drafts="asserted"), built.origin, source_graphs(built.dataset)
        )
        for violation in violations:
            click.echo(f"warning: unreviewed draft: {violation} (fix it when reviewing)", err=True)
        click.echo(f"included {drafts} unreviewed draft claims, each source's in graph/draft/<source>")
    out_dir = out_dir or folders.workspace.exports_of(include_drafts)
    # What the exports were built from, so that a query can tell when they are older than the workspace.
    read = inputs_of(sources_dir, claims_dir, drafts_dir if include_drafts else None)
    manifest = {INPUTS: (json.dumps(read, indent=1, sort_keys=True) + "\n").encode()}
    written = export_all(built.dataset, out_dir, manifest)
    quads = len(built.dataset)
    click.echo(f"built {quads} triples from {len(built.claims)} claims in {len(built.sources)} sources")
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@corpus_options
@reports_errors
def check(sources_dir, claims_dir, workspace_dir):
    """List every error in the workspace's claims, in one run (build stops at the first).

    Each error is one line naming the file and the claim; then each shape violation of what the
    other claims build. Exit codes: 0 none, 1 shape violations only, 2 errors.

    \b
    Example:
      pactgraph check
    """
    from .build import problems

    folders = Folders(workspace_dir, sources=sources_dir, claims=claims_dir)
    errors, violations = problems(folders.sources, folders.claims)
    for line in errors + violations:
        click.echo(line)
    if errors or violations:
        click.echo(f"{len(errors)} errors, {len(violations)} shape violations", err=True)
        sys.exit(EXIT_BAD_INPUT if errors else 1)
    click.echo("no errors: every claim would build, and the graph conforms to ontology/shapes.ttl")


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@corpus_options
@reports_errors
def validate(file: Path | None, sources_dir, claims_dir, workspace_dir):
    """Check FILE (any RDF file), or a fresh build of the claims, against the SHACL shapes.

    Exit codes: 0 conforms, 1 violations, 2 unreadable input. The ontology is added to FILE's
    triples before checking, so subclass targets work.

    \b
    Example:
      pactgraph validate exports/pactgraph.ttl
    """
    if file is None:
        folders = Folders(workspace_dir, sources=sources_dir, claims=claims_dir)
        _built_and_validated(folders.sources, folders.claims)
        click.echo("conforms: the graph built from the claims satisfies ontology/shapes.ttl")
        return
    from .build import named_graphs_of, read_with_ontology
    from .errors import ValidationError
    from .store import read_quads
    from .validate import require_conformance

    quads = read_quads(file)  # once, for the whole graph and for each source's
    sources = named_graphs_of(quads)
    merged = sources is None and documents_behind(quads) > 1
    if merged:
        # The sources' graphs merged into one (Turtle, N-Triples): sources that disagree cannot be
        # told from one source that contradicts itself, so "one value per source" is not checked.
        sources = []
    try:
        require_conformance(read_with_ontology(file, quads), str(file), sources=sources)
    except ValidationError as error:
        if sources is None or merged:
            hint = "this file has no graph per source: validate the TriG export, which keeps each source's values apart"
            raise ValidationError(f"{error}\n{hint}") from None
        raise
    if merged:
        click.echo(
            f"conforms: {file}, except what this format cannot carry: it merges its sources' graphs, so one value "
            f"per source is not checked here (validate the TriG export, {file.with_suffix('.trig').name}, for that)"
        )
        return
    click.echo(f"conforms: {file}")


def documents_behind(quads) -> int:
    """How many source documents the claims of an RDF file rest on (pact:Claim prov:wasDerivedFrom)."""
    from .vocab import PACT

    claim_type, derived = str(PACT.Claim), "http://www.w3.org/ns/prov#wasDerivedFrom"
    claims = {
        q.subject for q in quads if q.predicate.value.endswith("#type") and getattr(q.object, "value", "") == claim_type
    }
    return len({q.object for q in quads if q.predicate.value == derived and q.subject in claims})


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "trig", "jsonld", "nt", "graphml", "html"]),
    required=True,
    help="Output format.",
)
@click.option("--source", "source_id", help="Only this source's named graph (with the ontology and its provenance).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@corpus_options
@reports_errors
def export(fmt: str, source_id: str | None, output: Path | None, sources_dir, claims_dir, workspace_dir):
    """Write one format, of the whole graph or one source's graph.

    \b
    Example:
      pactgraph export --format trig --source ukraine-norway-drones -o ukraine.trig
    """
    from .export import select_source, serialize
    from .writing import write_atomically

    folders = Folders(workspace_dir, sources=sources_dir, claims=claims_dir)
    dataset = _built_and_validated(folders.sources, folders.claims).dataset
    if source_id:
        dataset = select_source(dataset, source_id)
    data = serialize(dataset, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        click.echo(f"wrote {output}", err=True)


def data_option(purpose: str):
    """--data FILE, the RDF file a command works on (`purpose` completes "RDF file ..."), else the
    workspace's exports, with the drafts if --include-drafts; and --workspace."""

    def decorate(command):
        command = click.option(
            "--data",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"RDF file {purpose}  [default: the workspace's exports/pactgraph.trig].",
        )(command)
        return workspace_option(include_drafts_option(command))

    return decorate


def own_queries(workspace_dir: Path | None) -> Path | None:
    """The workspace's own named queries, if there is a workspace and it has some."""
    from .workspace import NoWorkspace, find

    try:
        return find(workspace_dir).queries
    except NoWorkspace:
        return None


def store_options(command):
    """--store, --location and --data, shared by the commands that query a store."""
    command = data_option("to load and query")(command)
    command = click.option(
        "--location",
        type=click.Path(file_okay=False, path_type=Path),
        help="Directory of a persistent Oxigraph store (see pactgraph load).",
    )(command)
    return click.option(
        "--store",
        "store_kind",
        type=click.Choice(["oxigraph", "memory"]),
        default="oxigraph",
        show_default=True,
        help="oxigraph (fast, Rust) or memory (rdflib's in-memory store).",
    )(command)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--store",
    "store_kind",
    type=click.Choice(["oxigraph"]),
    default="oxigraph",
    show_default=True,
    help="Only a persistent store can be loaded.",
)
@click.option(
    "--location",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory of the Oxigraph store (created if needed).",
)
@reports_errors
def load(files: tuple[Path, ...], store_kind: str, location: Path):
    """Bulk-load RDF files into a persistent Oxigraph store, with a progress bar.

    All or nothing: if any file is bad, the store stays as it was.

    \b
    Example:
      pactgraph load exports/pactgraph.trig --location store/
      pactgraph query --location store/ money-commitments
    """
    from .store import bulk_load

    total = sum(path.stat().st_size for path in files if path.is_file())
    # The bar is for people watching; in a pipe or a log it would only add a "loading" line.
    hidden = not sys.stderr.isatty()
    with click.progressbar(length=total, label="loading", file=sys.stderr, show_pos=False, hidden=hidden) as bar:
        size = bulk_load(list(files), location, bar.update)
    click.echo(f"{location}: {size} quads")


@main.command()
@click.argument("query", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their questions.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table for people; csv, tsv or json (SPARQL 1.1 results) for machines.",
)
@store_options
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL endpoint instead (SPARQL 1.1 Protocol).")
@user_option
@query_timeout_option(
    "0, none; 120 s for --endpoint", "Seconds the query may take (for --endpoint: the whole answer); 0 for no limit."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Load a large --data file in memory for this query, rather than keep a store of it on disk "
    "(in $XDG_CACHE_HOME/pactgraph, for files of 16 MB or more).",
)
@allow_service_option
@reports_errors
def query(
    query: str | None,
    list_queries: bool,
    fmt: str,
    data: Path | None,
    location: Path | None,
    store_kind: str,
    endpoint: str | None,
    user: str | None,
    timeout: float,
    no_cache: bool,
    allow_service: bool,
    workspace_dir: Path | None,
    include_drafts: bool,
):
    """Run a SPARQL query: a NAME from --list, a FILE, or the query text itself.

    The default graph is the union of all graphs; common prefixes (pact:, schema:, country:, ...)
    are predeclared. Malformed SPARQL exits 2 with the parser's position.

    \b
    Examples:
      pactgraph query --list
      pactgraph query signed-agreements
      pactgraph query --format csv 'SELECT ?c WHERE { ?c a pact:Country }'
    """
    from . import query as q

    own = own_queries(workspace_dir)
    if list_queries:
        named = q.named_queries(own=own)
        width = max(len(name) for name in named)
        for item in named.values():
            click.echo(f"{item.name.ljust(width)}  {item.question}")
        return
    if not query:
        raise InputError("give a query NAME, FILE or SPARQL text (see: pactgraph query --list)")
    resolved = q.resolve_query(query, own=own)
    q.check_sources(data, store_kind, location, endpoint)
    if location is None and endpoint is None:
        data = dataset(data, workspace_dir, include_drafts)
    credentials = endpoint_credentials(endpoint, user)
    output = q.query_output(
        resolved.text,
        fmt,
        data=data,
        store=store_kind,
        location=location,
        endpoint=endpoint,
        allow_service=allow_service,
        timeout=timeout,
        cache=not no_cache,
        credentials=credentials,
    )
    with q.naming_file(resolved.path):
        for chunk in output:
            sys.stdout.buffer.write(chunk)


@main.command()
@click.argument("thing")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="table for people; csv for a spreadsheet (a column per source).",
)
@data_option("to compare in")
@reports_errors
def compare(thing: str, fmt: str, data: Path | None, workspace_dir, include_drafts):
    """Compare what each source says of THING, side by side.

    THING is an IRI (agreement/ukraine-norway-drone-coproduction), or a label or part of one. One
    column per source (publisher, date), one row per property; "≠" marks (csv: differs=yes) a
    property on which the sources give different values. The named query `compare` gives the same
    rows, with each source's sentence, for every thing.

    \b
    Examples:
      pactgraph compare "drone co-production agreement"
      pactgraph compare agreement/ukraine-norway-drone-coproduction --format csv > compare.csv
    """
    from .cache import backend_for_file
    from .compare import compare_rows, comparisons, find_thing
    from .store import data_file

    backend = backend_for_file(data_file(dataset(data, workspace_dir, include_drafts)))
    found = find_thing(comparisons(compare_rows(backend)), thing)
    click.echo(found.csv() if fmt == "csv" else found.table(), nl=False)


@main.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Page to write.")
@data_option("a query runs on")
@click.option("--title", default="pactgraph", show_default=True, help="Title shown on the page.")
@query_timeout_option("0, none", "Seconds a query may take; 0 for no limit.")
@allow_service_option
@reports_errors
def render(source, output, data, title, timeout, allow_service, workspace_dir, include_drafts):
    """Draw SOURCE as an interactive network page that works offline.

    SOURCE is an RDF file (.ttl, .trig, .nt, .nq, .jsonld, .rdf) or a CONSTRUCT query: a named
    query, a .rq file or the query text, run on --data.

    \b
    Examples:
      pactgraph render exports/pactgraph.ttl -o everything.html
      pactgraph render 'CONSTRUCT { ?s ?p ?o } WHERE { ?s pact:funder ?o ; ?p ?o }' -o funders.html
    """
    from .query import looks_like_sparql
    from .render import render_graph, render_quads
    from .store import SUFFIXES, read_quads
    from .writing import write_atomically

    path = Path(source)
    if path.suffix.lower() in SUFFIXES and not looks_like_sparql(source):
        # Read once, for the drawing, the sources' disagreements and the money.
        page = render_quads(read_quads(path), title)
    else:
        from . import query as q
        from .build import read_ontology_graph

        resolved = q.resolve_query(source, own=own_queries(workspace_dir))
        data = dataset(data, workspace_dir, include_drafts)
        with q.naming_file(resolved.path):
            graph = q.construct_graph(resolved.text, data, allow_service=allow_service, timeout=timeout or None)
        graph += read_ontology_graph()  # class names, and which classes are nodes
        page = render_graph(graph, title)
    write_atomically(output, page.encode("utf-8"))
    click.echo(f"wrote {output}")


@main.command()
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="Graph Store endpoint (gsp, e.g. http://localhost:7878/store) or update endpoint (update).",
)
@click.option(
    "--protocol",
    type=click.Choice(["gsp", "update"]),
    default="gsp",
    show_default=True,
    help="SPARQL 1.1 Graph Store HTTP Protocol, or SPARQL 1.1 Update.",
)
@data_option("to send")
@user_option
@click.option(
    "--no-provenance",
    is_flag=True,
    help="Leave out the descriptions of the source graphs (otherwise sent as the named graph "
    "https://w3id.org/pactgraph/graph/meta/provenance); queries then cite no documents.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=120.0,
    show_default=True,
    help="Seconds each request and its whole answer may take.",
)
@reports_errors
def push(endpoint, protocol, data, user, no_provenance, timeout, workspace_dir, include_drafts):
    """Send the graph to a SPARQL server, one named graph per source (each replaced if present).

    \b
    Examples:
      pactgraph push --endpoint http://localhost:3030/pactgraph/data            # Fuseki
      pactgraph push --endpoint http://localhost:7878/update --protocol update  # any SPARQL Update endpoint
      PACTGRAPH_PASSWORD=... pactgraph push --user dba \\
          --endpoint http://localhost:8890/sparql-graph-crud-auth                # Virtuoso
    """
    from .push import push as send
    from .store import read_quads

    credentials = endpoint_credentials(endpoint, user)
    quads = read_quads(dataset(data, workspace_dir, include_drafts))
    for pushed in send(
        quads, endpoint, protocol, timeout=timeout, credentials=credentials, provenance=not no_provenance
    ):
        click.echo(f"{pushed.graph}: {pushed.triples} triples")


@main.command()
@store_options
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; anything but loopback exposes the data."
)
@click.option(
    "--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one)."
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this Host name (repeatable); by default only the bound address's own names.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds a query may take, its result sent included; 0 for no limit.",
)
@click.option(
    "--client-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a client has to send a request, and to take each piece of a response.",
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body, in bytes.",
)
@click.option(
    "--max-result",
    default=100_000_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Largest response, in bytes; 0 for no limit.",
)
@click.option(
    "--max-connections",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Connections served at once (past it, the oldest idle one is closed to make room).",
)
@click.option(
    "--max-client-connections",
    default=32,
    show_default=True,
    type=click.IntRange(min=1),
    help="Connections from one address at once.",
)
@click.option(
    "--max-memory",
    default="2GB",
    show_default=True,
    metavar="SIZE",
    help="Memory a query worker may take beyond the data it holds (bytes, or 500MB, 4GB); 0 for no limit.",
)
@click.option("--cors", metavar="ORIGIN", help="Allow pages on ORIGIN to query (no CORS headers otherwise).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes.")
@allow_service_option
@reports_errors
def serve(
    data,
    location,
    store_kind,
    host,
    port,
    allow_hosts,
    timeout,
    client_timeout,
    max_body,
    max_result,
    max_connections,
    max_client_connections,
    max_memory,
    cors,
    workers,
    allow_service,
    workspace_dir,
    include_drafts,
):
    """Serve the graph over the SPARQL 1.1 Protocol, read-only, with a query page at /.

    Queries go to /sparql (GET ?query=, POST application/sparql-query, or a POST form). Results
    follow the Accept header: JSON, XML, CSV or TSV; Turtle, JSON-LD or N-Triples for CONSTRUCT and
    DESCRIBE. Updates get 403, a query past --timeout is stopped with 503, a malformed one gets 400.
    Only the bound address's Host names are answered, and queries from other sites' pages are
    refused unless --cors names the site.

    \b
    Example:
      pactgraph serve --port 7878 &
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?c a pact:Country }' localhost:7878/sparql
    """
    import logging

    from .files import parse_size
    from .query import check_sources
    from .serve import ServeConfig
    from .serve import serve as run_server

    check_sources(data, store_kind, location)
    if location is None:
        data = dataset(data, workspace_dir, include_drafts)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = ServeConfig(
        store=store_kind,
        data=data,
        location=location,
        host=host,
        port=port,
        timeout=timeout,
        client_timeout=client_timeout,
        max_body=max_body,
        max_result=max_result,
        max_connections=max_connections,
        max_client_connections=max_client_connections,
        max_memory=parse_size(max_memory, "--max-memory"),
        cors=cors,
        allow_hosts=tuple(allow_hosts),
        workers=workers,
        allow_service=allow_service,
    )

    def ready(bound_host: str, bound_port: int) -> None:
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        click.echo(
            f"pactgraph: serving SPARQL at http://{shown}:{bound_port}/sparql (query page at /); Ctrl-C stops",
            err=True,
        )

    run_server(config, ready)


@main.command()
@click.argument("text_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--publisher", help="The publisher, as the text or page gives it (a page's site name by default).")
@click.option(
    "--published",
    metavar="DATE",
    help="Publication date as precise as known: YYYY-MM-DD, YYYY-MM or YYYY (a page's own date by default).",
)
@click.option("--published-note", metavar="TEXT", help='How the date was found or inferred ("the page says Monday").')
@click.option("--title", help="Title (default: the text's first line).")
@click.option("--url", help="Where the text was found.")
@click.option("--note", help="Anything a reader of the source should know (page furniture, provenance).")
@click.option("--id", "source_id", help="The source's id (default: from the title).")
@click.option("--language", default="en", show_default=True, help="The text's language (BCP 47).")
@click.option(
    "--copy-of", metavar="ID", help="The source this text republishes (a wire copy): it is not an independent source."
)
@sources_option
@workspace_option
@reports_errors
def add(
    text_file,
    publisher,
    published,
    published_note,
    title,
    url,
    note,
    source_id,
    language,
    copy_of,
    sources_dir,
    workspace_dir,
):
    """Register a source: copy its text unchanged and write its metadata and SHA-256.

    FILE is the report's text (UTF-8), or a saved web page (.html): its article's text and its
    title, date, site name and URL are read from it (page furniture left out), and the text is
    what is stored, in the workspace's sources/. Then draft its claims (pactgraph draft ID) or
    write them by hand in the workspace's claims/ID.yaml (see the claims format in the README).

    \b
    Examples:
      pactgraph add report.txt --publisher "Reuters" --published 2025-12-01 --url https://...
      pactgraph add saved-article.html
    """
    from .sources import add_source

    folders = Folders(workspace_dir, writing=True, sources=sources_dir)
    source = add_source(
        text_file,
        folders.sources,
        publisher=publisher,
        published=published,
        title=title,
        url=url,
        note=note,
        source_id=source_id,
        language=language,
        published_note=published_note,
        copy_of=copy_of,
    )
    click.echo(f"added {source.id}: {source.text_path} and {source.meta_path.name} (sha256 {source.sha256[:12]}...)")
    claims_file = folders.workspace.claims / f"{source.id}.yaml" if sources_dir is None else f"claims/{source.id}.yaml"
    click.echo(f"next: pactgraph draft {source.id} (or pactgraph sentences {source.id}, and write {claims_file})")


@main.command()
@click.argument("source")
@sources_option
@workspace_option
@reports_errors
def sentences(source: str, sources_dir, workspace_dir):
    """Print a source's sentences, numbered: a claim may cite `sentence: 4`.

    SOURCE is a source id (of the workspace's sources) or a text file.

    \b
    Example:
      pactgraph sentences ukraine-norway-drones
    """
    from . import files
    from .sentences import sentences as split
    from .sources import META_SUFFIX, load_source

    if sources_dir is None and Path(source).suffix and files.is_file(Path(source)):
        text = files.read_text(Path(source), "text")  # a text file: no workspace needed
    else:
        sources_dir = Folders(workspace_dir, sources=sources_dir).sources
        meta = sources_dir / f"{source}{META_SUFFIX}"
        if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", source) and meta.is_file():
            text = load_source(meta).text
        elif Path(source).suffix:
            text = files.read_text(Path(source), "text")
        else:
            known = ", ".join(sorted(p.name[: -len(META_SUFFIX)] for p in sources_dir.glob(f"*{META_SUFFIX}")))
            raise InputError(f"{excerpt(source)} is not a source in {sources_dir} (known: {known}) nor a text file")
    numbered = split(text)
    width = len(str(len(numbered)))
    for sentence in numbered:
        click.echo(f"{str(sentence.number).rjust(width)}  {sentence.text}")


@main.command()
@click.argument("text", required=False)
@store_options
@reports_errors
def entities(text: str | None, data, location, store_kind, workspace_dir, include_drafts):
    """List the graph's entities (reference, kind, name, aliases), or those nearest to TEXT.

    A claim refers to an entity by its reference (person/denys-shmyhal). TEXT may be a name as a
    report spells it: near spellings, aliases and capitals standing for their countries are found.

    \b
    Examples:
      pactgraph entities
      pactgraph entities Shmigal
    """
    from .entities import find, read_entities
    from .query import check_sources, open_data

    check_sources(data, store_kind, location)
    if location is None:
        data = dataset(data, workspace_dir, include_drafts)
    listed = read_entities(open_data(data, store_kind, location))
    if text is None:
        rows = [(entity, "") for entity in listed]
    else:
        rows = [(entity, f"  ({why})") for entity, _, why in find(listed, text)]
        if not rows:
            click.echo(f"no entity is near {text!r}; a new one needs a claim with a type (see graph/claims/README.md)")
            return
    width = max(len(entity.ref) for entity, _ in rows)
    kinds = max(len(entity.kind) for entity, _ in rows)
    for entity, why in rows:
        also = f"  also: {', '.join(entity.aliases)}" if entity.aliases else ""
        click.echo(f"{entity.ref.ljust(width)}  {entity.kind.ljust(kinds)}  {entity.label}{also}{why}")


@main.command()
@data_option("to analyse")
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many central entities to list."
)
@click.option(
    "--path", "path_ends", nargs=2, metavar="FROM TO", help="Also print the shortest path between two entities."
)
@reports_errors
def network(data: Path | None, top: int, path_ends: tuple[str, str] | None, workspace_dir, include_drafts):
    """Analyse the entity network: partners, central entities, shortest paths.

    Prints each country's partner countries and what links them (agreements, programmes,
    coalitions, with their status), the most central entities by betweenness, and with --path
    the shortest chain of relations between two entities named by (part of) their label.

    \b
    Example:
      pactgraph network --path "Tore O. Sandvik" "United Kingdom"
    """
    from . import network as net
    from .build import read_with_ontology

    graph = read_with_ontology(dataset(data, workspace_dir, include_drafts))
    entities = net.entity_network(graph)
    label = dict(entities.nodes(data="label"))
    kind = dict(entities.nodes(data="type"))
    # Both ends found before anything is printed: a name that matches nothing is one line of error.
    ends = [net.find_node(entities, name) for name in path_ends] if path_ends else None

    def status(node: str) -> str:
        value = entities.nodes[node].get("status") or entities.nodes[node].get("trend")
        return f" ({value})" if value else ""

    click.echo("Partners (countries linked through a shared agreement, programme, coalition, ...)")
    for country, entries in net.partners(entities, hostile=net.hostile_types(graph)).items():
        click.echo(f"  {label[country]}")
        if not entries:
            click.echo("    (none in this graph)")
        for partner, via in entries:
            click.echo(f"    {label[partner]}")
            for link in via:
                click.echo(f"      {kind[link]}: {label[link]}{status(link)}")
    click.echo(f"\nMost central entities (betweenness centrality, top {top})")
    for node, score in net.central_entities(entities, top):
        click.echo(f"  {score:.3f}  {label[node]} ({kind[node]})")
    if ends:
        start, end = ends
        steps = net.shortest_path(entities, start, end)
        click.echo(f"\nShortest path from {label[start]} to {label[end]}")
        if not steps:
            click.echo("  (not connected)")
        for node, relation in steps:
            click.echo(f"  {label[node]} ({kind[node]})")
            if relation:
                click.echo(f"    -- {relation} --")


def drafting_options(command):
    """--sources, --claims, --drafts and --workspace, for draft and review."""
    return drafts_option(corpus_options(command))


@main.command()
@click.argument("source_ids", metavar="SOURCE...", nargs=-1, required=True)
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Articles drafted at once.")
@click.option("--force", is_flag=True, help="Replace drafts not yet reviewed.")
@drafting_options
@reports_errors
def draft(source_ids, jobs, force, sources_dir, claims_dir, drafts_dir, workspace_dir):
    """Draft claims for registered sources, for a person to review: the workspace's drafts/SOURCE.yaml.

    Each draft claim cites its sentence, with a confidence and the rule that proposed it. Drafts
    are not facts: build leaves them out (unless --include-drafts), and review moves the ones a
    person accepts into claims/SOURCE.yaml.

    \b
    Examples:
      pactgraph draft kyiv-chronicle-drones
      pactgraph draft report-one report-two --jobs 2
    """
    from .draft import draft_sources
    from .sources import load_sources
    from .writing import write_set

    folders = Folders(workspace_dir, writing=True, sources=sources_dir, claims=claims_dir, drafts=drafts_dir)
    sources_dir, claims_dir, drafts_dir = folders.sources, folders.claims, folders.drafts
    sources = load_sources(sources_dir)
    unknown = [s for s in source_ids if s not in sources]
    if unknown:
        raise InputError(
            f"{unknown[0]!r} is not a source in {sources_dir} (known: {', '.join(sorted(sources))}; register it with pactgraph add)"
        )
    pending = [s for s in dict.fromkeys(source_ids) if (drafts_dir / f"{s}.yaml").exists()]
    if pending and not force:
        raise InputError(
            f"{drafts_dir / (pending[0] + '.yaml')}: drafts not yet reviewed (pactgraph review {pending[0]}, or --force to replace them)"
        )
    drafted = draft_sources([sources[s] for s in dict.fromkeys(source_ids)], claims_dir, jobs)
    written = write_set(drafts_dir, {f"{sid}.yaml": text.encode("utf-8") for sid, text in drafted.items()})
    for path in written:
        count = path.read_text(encoding="utf-8").count("\n- id: ")
        click.echo(f"drafted {count} claims: {path} (review with: pactgraph review {path.stem})")


@main.command()
@click.argument("source_id", metavar="SOURCE")
@click.option("--list", "list_only", is_flag=True, help="Only show the drafts, each beside its sentence.")
@click.option("--accept", "accepted", metavar="ID", multiple=True, help="Accept this draft claim as it stands.")
@click.option("--reject", "rejected", metavar="ID", multiple=True, help="Drop this draft claim.")
@click.option(
    "--web",
    is_flag=True,
    help="Review in the browser: a page on 127.0.0.1 with the report and each draft as a form, keys to "
    "accept, reject, edit and link. It writes what this command writes. Stop it with Ctrl-C.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="With --web: the port (0: any free one).",
)
@click.option(
    "--link",
    "links",
    metavar="DRAFT=ENTITY",
    multiple=True,
    help="Point this draft at an entity the graph already has (agreement/..., person/...) instead of the new "
    "one it proposes, in every draft of the source; before any --accept.",
)
@click.option(
    "--accept-above",
    type=click.FloatRange(0, 1),
    metavar="P",
    help="Accept every draft whose confidence (its measured chance of being right) is P or more; "
    "those the build would refuse stay drafts.",
)
@drafting_options
@reports_errors
def review(
    source_id,
    list_only,
    accepted,
    rejected,
    web,
    port,
    links,
    accept_above,
    sources_dir,
    claims_dir,
    drafts_dir,
    workspace_dir,
):
    """Review a source's drafts: each beside its sentence, with its confidence, for yes / no / edit.

    y accepts the claim as drafted (it moves to the workspace's claims/SOURCE.yaml, where git diff
    shows it), n drops it, e opens it in your editor ($EDITOR) and accepts your edit, s leaves it for
    later, q stops. --accept and --reject do the same without asking; --accept-above P accepts all
    drafts at confidence P or more (a confidence is the measured chance that a draft of its kind is
    right: at 0.9, about nine in ten).

    \b
    Examples:
      pactgraph review kyiv-chronicle-drones
      pactgraph review kyiv-chronicle-drones --accept kyiv-chronicle-drones-agreement --reject boost
      pactgraph review kyiv-chronicle-drones --accept-above 0.9
      pactgraph review kyiv-chronicle-drones --web
      pactgraph review kyiv-chronicle-drones --link ukraine-norway-agreement-kyiv-chronicle-drones=agreement/ukraine-norway-drone-coproduction
    """
    from .review import accept, claim_text, drop, link, parse_edit, read_drafts, settle
    from .sources import load_sources

    folders = Folders(workspace_dir, writing=not list_only, sources=sources_dir, claims=claims_dir, drafts=drafts_dir)
    sources_dir, claims_dir, drafts_dir = folders.sources, folders.claims, folders.drafts
    settle(claims_dir, drafts_dir)
    sources = load_sources(sources_dir)
    if source_id not in sources:
        raise InputError(f"{source_id!r} is not a source in {sources_dir} (known: {', '.join(sorted(sources))})")
    source = sources[source_id]
    if web:
        if links or accepted or rejected or accept_above is not None or list_only:
            raise InputError(
                "--web reviews in the browser: give it without --list, --accept, --reject, --link or --accept-above"
            )
        from .review_web import ReviewState, serve_review

        read_drafts(source, drafts_dir)  # one line now if there is nothing to review
        state = ReviewState(source, sources, claims_dir, drafts_dir)
        try:
            serve_review(
                state, port, ready=lambda url, _server: click.echo(f"reviewing {source_id} at {url} (Ctrl-C to stop)")
            )
        except OSError as error:
            raise InputError(f"--port {port}: cannot listen on 127.0.0.1 ({error.strerror or error})") from None
        except KeyboardInterrupt:
            click.echo("stopped")
        return
    for pair in links:
        draft_id, equals, entity = pair.partition("=")
        if not equals or not draft_id.strip() or "/" not in entity:
            raise InputError(
                f"--link {excerpt(pair)}: give DRAFT=ENTITY, a draft's id and an entity such as agreement/..."
            )
        click.echo(link(source, draft_id.strip(), entity.strip(), claims_dir, drafts_dir))
    if links and not (accepted or rejected or accept_above is not None):
        return
    both = sorted(set(accepted) & set(rejected))
    if both:
        raise InputError(f"{both[0]!r} is both accepted and rejected: give it to one of --accept and --reject")
    if accept_above is not None:
        if accepted or rejected:
            raise InputError("--accept-above accepts by confidence: give it without --accept or --reject")
        refused = 0
        for item in read_drafts(source, drafts_dir):
            if item.confidence < accept_above:
                continue
            try:
                click.echo(f"accepted {accept(source, item, claims_dir, drafts_dir, sources=sources)}")
            except InputError as error:
                refused += 1
                click.echo(f"pactgraph: {error}", err=True)
        left = read_drafts(source, drafts_dir) if (drafts_dir / f"{source_id}.yaml").is_file() else []
        click.echo(f"{len(left)} drafts left to review" + (f"; {refused} refused, kept as drafts" if refused else ""))
        if refused:
            sys.exit(EXIT_BAD_INPUT)
        return
    if accepted or rejected:
        from .review import Draft, claim_ids

        drafts = read_drafts(source, drafts_dir) if (drafts_dir / f"{source_id}.yaml").is_file() else []
        by_id = {d.id: d for d in drafts}
        done = claim_ids(claims_dir / f"{source_id}.yaml")
        for claim_id in dict.fromkeys((*accepted, *rejected)):
            if claim_id not in by_id and not (claim_id in accepted and claim_id in done):
                known = f"drafts: {', '.join(by_id)}" if by_id else "it has no drafts left"
                raise InputError(f"{claim_id!r} is not a draft of {source_id} ({known})")
        for claim_id in dict.fromkeys(accepted):
            # A draft another review accepted a moment ago is reported as accepted, not again.
            draft = by_id.get(claim_id, Draft({"id": claim_id}))
            click.echo(f"accepted {accept(source, draft, claims_dir, drafts_dir, sources=sources)}")
        gone: set[str] = set()
        for claim_id in dict.fromkeys(rejected):
            if claim_id in gone:
                continue  # a fact of an event rejected before it
            with_it = drop(source, by_id[claim_id], drafts_dir, claims_dir)
            gone.update(with_it)
            click.echo(f"rejected {claim_id}{_and_its_facts(with_it)}")
        return
    drafts = read_drafts(source, drafts_dir)
    gone: set[str] = set()  # facts of an event rejected
    for number, item in enumerate(drafts, 1):
        if item.id in gone:
            continue
        click.echo(f"\n[{number}/{len(drafts)}] {item.id}  confidence {item.confidence:.2f}  ({item.reason})")
        for sentence in item.sentences():
            click.echo(f"  sentence: {sentence}")
        click.echo(claim_text(item.as_claim()).rstrip("\n"))
        if list_only:
            continue
        answer = click.prompt("accept? [y]es / [n]o / [e]dit / [s]kip / [q]uit", default="s", show_default=False)
        answer = answer.strip().lower()[:1]
        if answer == "q":
            break
        if answer == "y":
            click.echo(f"accepted {accept(source, item, claims_dir, drafts_dir, sources=sources)}")
        elif answer == "n":
            with_it = drop(source, item, drafts_dir, claims_dir)
            gone.update(with_it)
            click.echo(f"rejected {item.id}{_and_its_facts(with_it)}")
        elif answer == "e":
            edited = click.edit(claim_text(item.as_claim()), extension=".yaml")
            if edited is None:
                click.echo("not edited: left for later")
                continue
            click.echo(
                f"accepted {accept(source, item, claims_dir, drafts_dir, parse_edit(edited, item), sources=sources)} (edited)"
            )


def _and_its_facts(ids: list[str]) -> str:
    return f", and with it the {len(ids)} drafts of its facts ({', '.join(ids)})" if ids else ""


if __name__ == "__main__":
    main()
