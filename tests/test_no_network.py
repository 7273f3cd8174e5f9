"""No query reaches the network, however SERVICE is spelled: a corpus of encodings, each run by
every command that runs a query (query on each store, render with a CONSTRUCT, serve on each
store), against a listener on loopback that counts connections. The answer must be zero.

On main before this test, `#\\rSERVICE` (a comment ends at CR), `FILTER(1<2)SERVICE#>\\n<iri>` and
`\\u0053ERVICE` (with --store memory) passed the keyword filter and the engine connected out.
"""

from __future__ import annotations

import sys
import urllib.parse

import pytest

from tests.cli import invoke, one_line_error
from tests.serving import ConnectionRecorder, pactgraph_server
from tests.test_serve import http

# Graph patterns that call the endpoint at {url}; each is used in SELECT and CONSTRUCT queries.
PATTERNS = {
    "plain": "SERVICE <{url}> {{ ?s ?p ?o }}",
    "comment ended by CR": "#\rSERVICE <{url}> {{ ?s ?p ?o }}",
    "comment ended by CRLF": "# a comment\r\nSERVICE <{url}> {{ ?s ?p ?o }}",
    "comment ended by LF": "# a comment\nSERVICE <{url}> {{ ?s ?p ?o }}",
    "less-than read as an IRI": "FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }}",
    "hash inside an IRI before it": "?x <urn:a#b> ?y . SERVICE <{url}> {{ ?s ?p ?o }}",
    "u escape": "\\u0053ERVICE <{url}> {{ ?s ?p ?o }}",
    "U escape": "\\U00000053ERVICE <{url}> {{ ?s ?p ?o }}",
    "escaped IRI": "SERVICE <http\\u003A//127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}",
    "mixed case": "sErViCe <{url}> {{ ?s ?p ?o }}",
    "silent": "SERVICE SILENT <{url}> {{ ?s ?p ?o }}",
    "nested groups": "{{ {{ {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "optional": "?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "union": "{{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "minus": "?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "filter exists": "?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "filter not exists": "?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "variable endpoint": "VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }}",
    "bound variable endpoint": "BIND(<{url}> AS ?endpoint) SERVICE ?endpoint {{ ?s ?p ?o }}",
    "subquery": "{{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "graph": "GRAPH ?g {{ ?a ?b ?c }} SERVICE <{url}> {{ ?s ?p ?o }}",
    "prefixed endpoint": "SERVICE remote:sparql {{ ?s ?p ?o }}",
    "relative IRI and BASE": "SERVICE <sparql> {{ ?s ?p ?o }}",
}


def queries(port: int, form: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}/sparql"
    prologue = f"BASE <http://127.0.0.1:{port}/>\nPREFIX remote: <http://127.0.0.1:{port}/>\n"
    head = "SELECT * WHERE" if form == "select" else "CONSTRUCT { ?s ?p ?o } WHERE"
    return {name: f"{prologue}{head} {{ {p.format(url=url, port=port)} }}" for name, p in PATTERNS.items()}


def test_the_corpus_is_large_enough():
    assert len(PATTERNS) >= 15


@pytest.fixture
def recorder():
    listener = ConnectionRecorder()
    yield listener
    listener.close()


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_query_command_never_connects(fresh_exports, recorder, store):
    for name, text in queries(recorder.port, "select").items():
        result = invoke("query", "--store", store, "--data", str(fresh_exports / "pactgraph.trig"), text)
        assert result.exit_code in (0, 2), (name, result.exit_code)
        if result.exit_code:
            one_line_error(result.stderr, result.exit_code)
        assert recorder.connections() == 0, f"{store}: {name!r} connected to the listener"


def test_query_on_a_persistent_store_never_connects(fresh_exports, recorder, tmp_path):
    location = tmp_path / "store"
    assert invoke("load", str(fresh_exports / "pactgraph.trig"), "--location", str(location)).exit_code == 0
    for name, text in queries(recorder.port, "select").items():
        result = invoke("query", "--location", str(location), text)
        assert result.exit_code in (0, 2), (name, result.exit_code)
        assert recorder.connections() == 0, f"{name!r} connected to the listener"


def test_render_of_a_construct_never_connects(fresh_exports, recorder, tmp_path):
    for name, text in queries(recorder.port, "construct").items():
        result = invoke(
            "render", text, "-o", str(tmp_path / "page.html"), "--data", str(fresh_exports / "pactgraph.trig")
        )
        assert result.exit_code in (0, 2), (name, result.exit_code)
        assert recorder.connections() == 0, f"render: {name!r} connected to the listener"


@pytest.mark.parametrize("store", ["oxigraph", "memory", "on disk"])
def test_serve_never_connects(fresh_exports, recorder, store, tmp_path):
    data = ["--data", str(fresh_exports / "pactgraph.trig")]
    if store == "on disk":
        assert invoke("load", data[1], "--location", str(tmp_path / "store")).exit_code == 0
        data, store = ["--location", str(tmp_path / "store")], "oxigraph"
    with pactgraph_server("--store", store, *data, "--timeout", "5") as url:
        for form in ("select", "construct"):
            for name, text in queries(recorder.port, form).items():
                status, _, body = http(f"{url}/sparql", urllib.parse.urlencode({"query": text}).encode())
                assert status in (200, 400, 403), (name, status, body)
                assert recorder.connections() == 0, f"serve {store}: {name!r} connected to the listener"


def test_the_listener_does_count_connections(recorder):
    # The check above can fail: with the network allowed, the same query does connect.
    text = queries(recorder.port, "select")["plain"]
    result = invoke("query", "--allow-service", "--timeout", "20", "--data", "exports/pactgraph.trig", text)
    assert result.exit_code == 2 and "query failed" in result.stderr
    assert recorder.connections() >= 1


def test_without_the_guard_a_query_is_refused_not_run_unguarded(fresh_exports, recorder, monkeypatch):
    # As on a system without libseccomp: the import of its binding fails in the query's process.
    monkeypatch.setitem(sys.modules, "pyseccomp", None)
    text = queries(recorder.port, "select")["plain"]
    result = invoke("query", "--data", str(fresh_exports / "pactgraph.trig"), text)
    assert "cannot deny queries the network" in one_line_error(result.stderr, result.exit_code)
    assert recorder.connections() == 0


def test_a_query_process_cannot_open_a_local_socket_either(tmp_path):
    # Before: the sandbox let AF_UNIX sockets through, so on a host running nscd (or systemd-resolved)
    # a SERVICE host name went to the resolver's local socket, which looked it up on the network.
    # A stand-in resolver here counts what reaches it.
    import socket

    from pactgraph.sandbox import run_isolated

    path = str(tmp_path / "resolver.socket")
    resolver = socket.socket(socket.AF_UNIX)
    resolver.bind(path)
    resolver.listen(4)
    resolver.settimeout(0.5)

    def reach(kind: str):
        try:
            if kind == "unix":
                with socket.socket(socket.AF_UNIX) as client:
                    client.connect(path)
            else:
                socket.socketpair()
        except OSError as error:
            yield f"refused: {error.strerror}".encode()
            return
        yield b"reached"

    try:
        assert b"".join(run_isolated(reach, "unix")) == b"refused: Network is unreachable"
        assert b"".join(run_isolated(reach, "pair")) == b"refused: Network is unreachable"
        with pytest.raises(TimeoutError):
            resolver.accept()  # nothing reached the stand-in resolver
        # Without the sandbox (--allow-service), the same code does reach it: the test can fail.
        assert b"".join(run_isolated(reach, "unix", network=True)) == b"reached"
    finally:
        resolver.close()
