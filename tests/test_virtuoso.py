"""Push and query against Debian's Virtuoso 7 (virtuoso-opensource), with HTTP digest authentication:
each protocol it takes, every named query read back, a wrong password.

Virtuoso is started in the foreground with a configuration of its own, on free loopback ports, once
for this module. Skipped only where it is not installed and CI is unset; .ci/run installs it.
"""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from pactgraph import push as push_module
from pactgraph.cli import main
from pactgraph.query import named_queries
from pactgraph.remote import Credentials
from pactgraph.store import OxigraphBackend, RemoteBackend, read_quads

from tests.answers import answer
from tests.cli import Runner, command, one_line_error
from tests.serving import VIRTUOSO_PASSWORD, VIRTUOSO_USER, virtuoso_binary, virtuoso_server

DURATION = "http://www.w3.org/2001/XMLSchema#duration"

if not virtuoso_binary():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the Virtuoso tests: apt-get install virtuoso-opensource (.ci/run does)")
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)", allow_module_level=True)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PACTGRAPH_PASSWORD", VIRTUOSO_PASSWORD)


def remote(url: str) -> RemoteBackend:
    # The authenticated endpoint takes queries too: the round trip is digest all the way.
    return RemoteBackend(f"{url}/sparql-auth", credentials=Credentials(VIRTUOSO_USER, VIRTUOSO_PASSWORD))


def graph_sizes(backend) -> dict[str, int]:
    rows = backend.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", False)
    return {
        row["g"].value: int(row["n"].value) for row in rows if row["g"].value.startswith("https://w3id.org/pactgraph/")
    }


def without_durations(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [q for q in quads if not (isinstance(q.object, ox.Literal) and q.object.datatype.value == DURATION)]


def test_graph_store_push_with_digest_then_every_named_query_as_locally(virtuoso, fresh_exports, store, password):
    push = ["push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth", "--user", VIRTUOSO_USER]
    push += ["--data", str(fresh_exports / "pactgraph.trig")]
    for _ in range(2):  # the second push replaces every graph rather than adding to it
        result = Runner().invoke(main, push)
        assert result.exit_code == 0, result.stderr
    quads = read_quads(fresh_exports / "pactgraph.trig")
    expected = {name: len(triples) for name, triples in push_module.by_graph(quads).items()}
    assert graph_sizes(remote(virtuoso)) == expected
    for name, query in named_queries().items():
        here, there = answer(store, query.text), answer(remote(virtuoso), query.text)
        if name == "production-rates":
            # Virtuoso 7 cannot hold an xsd:duration: "P1M" (a month) is read back as 1. The one
            # known difference, checked as such, so that a Virtuoso that fixes it shows here.
            column = [v.value for v in store.query(query.text, True).variables].index("per")
            assert ("literal", "P1M", DURATION) in [row[column] for row in here]
            here = [
                tuple(("literal", "1", DURATION) if v == ("literal", "P1M", DURATION) else v for v in row)
                for row in here
            ]
        assert there == here, name
    cli = Runner().invoke(
        main, ["query", "--endpoint", f"{virtuoso}/sparql-auth", "--user", VIRTUOSO_USER, "ministers"]
    )
    assert cli.exit_code == 0 and "Denys Shmyhal" in cli.output, cli.stderr


def test_update_push_with_digest_in_chunks_then_every_named_query_as_locally(virtuoso, fresh_exports, monkeypatch):
    # Virtuoso's SPARQL Update refuses an xsd:duration outright (SR553), so this round trip sends the
    # seed without its one duration; the next test shows the refusal.
    monkeypatch.setattr(push_module, "INSERT_CHUNK", 100)  # several requests per graph
    quads = without_durations(read_quads(fresh_exports / "pactgraph.trig"))
    assert len(quads) == len(read_quads(fresh_exports / "pactgraph.trig")) - 1
    credentials = Credentials(VIRTUOSO_USER, VIRTUOSO_PASSWORD)
    for _ in range(2):
        pushed = push_module.push(quads, f"{virtuoso}/sparql-auth", "update", credentials=credentials)
    assert max(graph.triples for graph in pushed) > 100
    assert graph_sizes(remote(virtuoso)) == {graph.graph: graph.triples for graph in pushed}
    local = OxigraphBackend(ox.Store())
    local.store.extend(quads)
    for name, query in named_queries().items():
        assert answer(remote(virtuoso), query.text) == answer(local, query.text), name


def test_update_push_of_a_duration_is_refused_by_virtuoso_in_one_line(virtuoso, fresh_exports, password):
    result = command(
        "push",
        "--endpoint",
        f"{virtuoso}/sparql-auth",
        "--protocol",
        "update",
        "--user",
        VIRTUOSO_USER,
        "--data",
        str(fresh_exports / "pactgraph.trig"),
    )
    line = one_line_error(result.stderr, result.returncode)
    assert "SR553" in line and "xsd:duration" in line


@pytest.mark.parametrize("endpoint", ["sparql-graph-crud-auth", "sparql-auth"])
def test_a_wrong_password_is_one_line_and_never_printed(virtuoso, fresh_exports, endpoint):
    wrong = "not-the-Password-42"
    data = ["--data", str(fresh_exports / "pactgraph.trig")]
    for args in (
        [
            "push",
            "--endpoint",
            f"{virtuoso}/{endpoint}",
            "--protocol",
            "gsp" if "crud" in endpoint else "update",
            *data,
        ],
        ["query", "--endpoint", f"{virtuoso}/sparql-auth", "ministers"],
    ):
        result = command(*args, "--user", VIRTUOSO_USER, env={"PACTGRAPH_PASSWORD": wrong})
        line = one_line_error(result.stderr, result.returncode)
        assert "refused user 'dba'" in line and "$PACTGRAPH_PASSWORD" in line, line
        assert wrong not in result.stdout + result.stderr
        # Without --user: told what to pass.
        result = command(*args, env={"PACTGRAPH_PASSWORD": wrong})
        assert "pass --user NAME" in one_line_error(result.stderr, result.returncode)
