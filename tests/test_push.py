"""Pushing to a real `oxigraph serve` on loopback, then querying it back through --endpoint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.query import named_queries
from graph.store import RemoteBackend
from tests.answers import answer
from tests.serving import oxigraph_server


@pytest.mark.parametrize(("protocol", "path"), [("gsp", "store"), ("update", "update")])
def test_push_then_query_back_gives_the_local_answers(fresh_exports, store, tmp_path, protocol, path):
    runner = CliRunner()
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
        assert count.output.split()[1] == str(len(store.store) - 8)  # all but the 8 default-graph triples


def test_unreachable_endpoint_is_one_line(fresh_exports):
    result = CliRunner().invoke(
        main, ["push", "--endpoint", "http://127.0.0.1:9/store", "--data", str(fresh_exports / "pactgraph.trig")]
    )
    assert result.exit_code == 2 and "cannot reach the endpoint" in result.stderr
    result = CliRunner().invoke(main, ["query", "--endpoint", "ftp://example.org/sparql", "ministers"])
    assert result.exit_code == 2 and "http:// or https://" in result.stderr


def test_remote_syntax_errors_give_the_users_own_line(tmp_path):
    # The prefixes sent along with the query must not shift the line the endpoint reports.
    query = tmp_path / "bad.rq"
    query.write_text("# a comment\nSELECT ?s\nWHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    with oxigraph_server(tmp_path / "remote") as url:
        local = CliRunner().invoke(main, ["query", str(query)])
        remote = CliRunner().invoke(main, ["query", "--endpoint", f"{url}/query", str(query)])
    assert local.exit_code == remote.exit_code == 2
    assert "error at 6:1" in local.stderr and "error at 6:1" in remote.stderr, remote.stderr
