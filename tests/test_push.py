"""Pushing to a real `oxigraph serve` on loopback, then querying it back through --endpoint."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pactgraph import push as push_module
from pactgraph.cli import main
from pactgraph.errors import InputError
from pactgraph.query import named_queries
from pactgraph.store import RemoteBackend, read_quads

from tests.answers import answer
from tests.cli import Runner
from tests.serving import oxigraph_server


@pytest.mark.parametrize(("protocol", "path"), [("gsp", "store"), ("update", "update")])
def test_push_then_query_back_gives_the_local_answers(fresh_exports, store, tmp_path, protocol, path):
    runner = Runner()
    with oxigraph_server(tmp_path / "remote") as url:
        push = [
            "push",
            "--endpoint",
            f"{url}/{path}",
            "--protocol",
            protocol,
            "--data",
            str(fresh_exports / "pactgraph.trig"),
        ]
        result = runner.invoke(main, push)
        assert result.exit_code == 0, result.stderr
        assert "https://w3id.org/pactgraph/graph/ukraine-norway-drones: " in result.output
        for name, query in named_queries().items():
            remote = runner.invoke(main, ["query", "--endpoint", f"{url}/query", "--format", "csv", name])
            assert remote.exit_code == 0, remote.stderr
            assert answer(RemoteBackend(f"{url}/query"), query.text) == answer(store, query.text), name
        # Pushing again replaces the graphs rather than doubling them.
        assert runner.invoke(main, push).exit_code == 0
        count = runner.invoke(
            main,
            [
                "query",
                "--endpoint",
                f"{url}/query",
                "--format",
                "csv",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            ],
        )
        # Every triple, the 8 descriptions of the source graphs in a named graph of their own.
        assert count.output.split()[1] == str(len(store.store))
        described = RemoteBackend(f"{url}/query").query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{push_module.PROVENANCE_GRAPH}> {{ ?s ?p ?o }} }}", False
        )
        assert int(next(iter(described))["n"].value) == 8


def test_nothing_goes_to_a_servers_default_graph(fresh_exports):
    quads = read_quads(fresh_exports / "pactgraph.trig")
    default = [quad.triple for quad in quads if isinstance(quad.graph_name, ox.DefaultGraph)]
    graphs = push_module.by_graph(quads)
    assert graphs[push_module.PROVENANCE_GRAPH] == default and len(default) == 8
    assert sum(map(len, graphs.values())) == len(quads)
    without = push_module.by_graph(quads, provenance=False)
    assert push_module.PROVENANCE_GRAPH not in without and sum(map(len, without.values())) == len(quads) - 8


def test_unreachable_endpoint_is_one_line(fresh_exports):
    result = Runner().invoke(
        main, ["push", "--endpoint", "http://127.0.0.1:9/store", "--data", str(fresh_exports / "pactgraph.trig")]
    )
    assert result.exit_code == 2 and "cannot reach the endpoint" in result.stderr
    result = Runner().invoke(main, ["query", "--endpoint", "ftp://example.org/sparql", "ministers"])
    assert result.exit_code == 2 and "http:// or https://" in result.stderr


def test_remote_syntax_errors_give_the_users_own_line(tmp_path):
    # The prefixes sent along with the query must not shift the line the endpoint reports.
    query = tmp_path / "bad.rq"
    query.write_text("# a comment\nSELECT ?s\nWHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    with oxigraph_server(tmp_path / "remote") as url:
        local = Runner().invoke(main, ["query", str(query)])
        remote = Runner().invoke(main, ["query", "--endpoint", f"{url}/query", str(query)])
    assert local.exit_code == remote.exit_code == 2
    assert "error at 6:1" in local.stderr and "error at 6:1" in remote.stderr, remote.stderr


def test_update_push_in_chunks_replaces_each_graph_whole(fresh_exports, store, tmp_path, monkeypatch):
    # Graphs larger than a chunk go in several requests; pushing twice must still not double them.
    monkeypatch.setattr(push_module, "INSERT_CHUNK", 100)
    quads = read_quads(fresh_exports / "pactgraph.trig")
    with oxigraph_server(tmp_path / "remote") as url:
        for _ in range(2):
            pushed = push_module.push(quads, f"{url}/update", protocol="update")
        remote = RemoteBackend(f"{url}/query")
        named = [graph for graph in pushed if graph.graph != "default"]
        assert max(graph.triples for graph in named) > 100  # so some graph did go in chunks
        for graph in named:
            count = remote.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.graph}> {{ ?s ?p ?o }} }}", False)
            assert int(next(iter(count))["n"].value) == graph.triples, graph.graph


def test_update_push_never_leaves_a_graph_dropped_and_empty(fresh_exports, tmp_path, monkeypatch):
    quads = read_quads(fresh_exports / "pactgraph.trig")
    with oxigraph_server(tmp_path / "remote") as url:
        pushed = push_module.push(quads, f"{url}/update", protocol="update")
        first = next(graph for graph in pushed if graph.graph != "default")
        # Push again, the connection failing right after the request that drops the first graph.
        send, dropped = push_module._send, []

        def send_until_a_drop(request, timeout, credentials=None):
            if dropped:
                raise InputError(f"{request.full_url}: cannot reach the endpoint (connection reset)")
            dropped.extend([True] if b"DROP SILENT GRAPH" in request.data else [])
            send(request, timeout, credentials)

        monkeypatch.setattr(push_module, "_send", send_until_a_drop)
        with pytest.raises(InputError):
            push_module.push(quads, f"{url}/update", protocol="update")
        count = RemoteBackend(f"{url}/query").query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{first.graph}> {{ ?s ?p ?o }} }}", False
        )
        assert int(next(iter(count))["n"].value) == first.triples
