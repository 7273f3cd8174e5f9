"""`pactgraph serve`, started for real on a free loopback port and queried by SPARQLWrapper, a client
nobody here wrote, and by plain HTTP where the status code is the point."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from pactgraph.query import is_update
from pactgraph.serve import choose
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

from tests.serving import ConnectionRecorder, pactgraph_server


@pytest.fixture(scope="module")
def server(fresh_exports):
    with pactgraph_server("--data", str(fresh_exports / "pactgraph.trig"), "--timeout", "2", "--workers", "2") as url:
        yield url


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


def test_select_as_json_and_csv_through_sparqlwrapper(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("SELECT ?label WHERE { ?c a pact:Country ; rdfs:label ?label } ORDER BY ?label")
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings] == ["Norway", "Russia", "Ukraine", "United Kingdom", "United States"]
    client.setReturnFormat(CSV)
    client.setMethod(POST)
    assert client.query().convert().decode("utf-8").splitlines()[:2] == ["label", "Norway"]


def test_construct_as_turtle_through_sparqlwrapper(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a pact:Country ; rdfs:label ?l }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 5


def test_named_query_over_http_matches_the_command_line(server, store):
    from pactgraph.query import format_results, named_queries, run_query

    query = named_queries()["money-commitments"].text
    status, headers, body = http(f"{server}/sparql", form(query), {"Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body == format_results(run_query(store, query), "csv").decode("utf-8")


def test_content_negotiation(server):
    query = form("ASK { country:UA a pact:Country }")
    for accept, media in [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ]:
        status, headers, _ = http(f"{server}/sparql", query, {"Accept": accept})
        assert status == 200 and headers["Content-Type"].startswith(media)
    status, headers, body = http(
        f"{server}/sparql", form("CONSTRUCT WHERE { country:UA ?p ?o }"), {"Accept": "application/ld+json"}
    )
    assert headers["Content-Type"] == "application/ld+json" and body.startswith("[")


def test_updates_are_refused_with_403(server):
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert http(f"{server}/sparql", insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert http(f"{server}/sparql", urllib.parse.urlencode({"update": insert}).encode())[0] == 403
    assert http(f"{server}/sparql", form(insert))[0] == 403
    assert http(f"{server}/sparql?" + urllib.parse.urlencode({"query": "PREFIX a: <urn:a#> DROP ALL"}))[0] == 403
    assert http(f"{server}/sparql", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "PUT")[0] == 403
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(insert)
    client.setMethod(POST)
    with pytest.raises(Exception, match="403|Forbidden|Unauthorized"):
        client.query()


def test_files_and_urls_are_never_read(server):
    recorder = ConnectionRecorder()
    probe = f"http://127.0.0.1:{recorder.port}/data"
    try:
        for query in [
            "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
            f"SELECT * FROM <{probe}> WHERE {{ ?s ?p ?o }}",
            f"SELECT * WHERE {{ SERVICE <{probe}> {{ ?s ?p ?o }} }}",
            f"LOAD <{probe}>",
            "LOAD <file:///etc/passwd>",
        ]:
            status, _, body = http(f"{server}/sparql", form(query))
            assert status in (200, 403), (query, status, body)
            assert "root:" not in body and '"bindings":[]' in body or status == 403
        assert recorder.connections() == 0, "the server connected to the probe URL"
    finally:
        recorder.close()


def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = http(f"{server}/sparql", form(runaway))
    assert status == 503 and "time limit of 2 s" in body
    assert http(f"{server}/sparql", form("ASK { ?s ?p ?o }"))[0] == 200


def test_malformed_query_gets_400_with_the_parsers_message(server):
    status, _, body = http(f"{server}/sparql", form("SELECT ?x WHERE { ?x a }"))
    assert status == 400 and "malformed SPARQL: error at 1:" in body


def test_request_body_limit(server):
    status, _, body = http(f"{server}/sparql", b"x" * 1_000_001, {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_no_cors_unless_asked_and_the_query_page(server):
    status, headers, page = http(f"{server}/")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    assert "money-commitments" in page and "connect-src 'self'" in page
    assert (
        "http://" not in page.split("<script")[0] and "https://" not in page.split('<script type="application/json"')[0]
    )


def test_memory_store_with_cors(fresh_exports):
    with pactgraph_server(
        "--store", "memory", "--data", str(fresh_exports / "pactgraph.trig"), "--cors", "https://yasgui.example"
    ) as url:
        status, headers, body = http(
            f"{url}/sparql",
            form("SELECT ?c WHERE { ?c a pact:Country }"),
            {"Accept": "text/csv", "Origin": "https://yasgui.example"},
        )
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
        assert len(body.splitlines()) == 6


def test_fifty_concurrent_clients_for_ten_seconds(server):
    statuses: dict[int | str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + 10

    def client() -> None:
        while time.monotonic() < deadline:  # bounded in time; each request has its own timeout
            try:
                status = http(f"{server}/sparql", form("SELECT ?c WHERE { ?c a pact:Country }"))[0]
            except (OSError, urllib.error.URLError) as error:  # counted, not lost with its thread
                status = f"{type(error).__name__}: {getattr(error, 'reason', error)}"
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Every request is answered, with its result or a clean 503 (busy), never an error or a hang.
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.get(200, 0) >= 50
    assert http(f"{server}/sparql", form("ASK { ?s ?p ?o }"))[0] == 200  # still up


def test_accept_header_choice_and_update_detection():
    offered = {"application/sparql-results+json": "JSON", "text/csv": "CSV"}
    assert choose(None, offered) == "application/sparql-results+json"
    assert choose("text/csv;q=0.9, application/sparql-results+json;q=0.5", offered) == "text/csv"
    assert choose("image/png", offered) == "application/sparql-results+json"
    assert is_update("PREFIX x: <urn:x#>\n# comment\nINSERT DATA { <a:b> <a:c> <a:d> }")
    assert not is_update('SELECT ("INSERT" AS ?x) WHERE {}')
