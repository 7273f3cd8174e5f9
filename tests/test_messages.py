"""What a new user ran into, on main before these tests: someone else's RDF drawn as pactgraph's
ontology, messages that misled or ran to hundreds of characters, options silently ignored, output
without a final newline, and answers that differed from store to store."""

from __future__ import annotations

import json
import re

import pytest
from pactgraph.query import OUTPUT_FORMATS, named_queries

from tests.cli import command, invoke, one_line_error
from tests.serving import oxigraph_server

FOAF = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/people/> .
ex:ada a foaf:Person ; foaf:name "Ada Lovelace" ; foaf:knows ex:charles .
ex:charles a foaf:Person ; foaf:name "Charles Babbage" ; foaf:knows ex:mary .
ex:mary a foaf:Person ; foaf:name "Mary Somerville" .
"""


@pytest.fixture
def foaf(tmp_path):
    path = tmp_path / "people.ttl"
    path.write_text(FOAF, encoding="utf-8")
    return path


def page_nodes(path):
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="graph-data">(.*?)</script>', html, flags=re.S).group(1))["nodes"]


def test_someone_elses_rdf_is_drawn_as_its_own_data(foaf, tmp_path):
    page = tmp_path / "people.html"
    assert invoke("render", str(foaf), "-o", str(page)).exit_code == 0
    assert sorted(n["label"] for n in page_nodes(page)) == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    result = invoke("network", "--data", str(foaf), "--path", "Ada", "Mary")
    assert result.exit_code == 0, result.stderr
    assert "  1.000  Charles Babbage (Person)" in result.output  # between the other two
    assert "Shortest path from Ada Lovelace to Mary Somerville" in result.output


def test_an_undeclared_prefix_is_named_in_a_short_line(fresh_exports):
    result = invoke("query", "--data", str(fresh_exports / "pactgraph.trig"), "SELECT * WHERE { ?s foo:bar ?o }")
    line = one_line_error(result.stderr, result.exit_code)
    assert "the prefix foo: is not declared" in line and len(line) < 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "this is a SPARQL Update"),
        ("SELEC ?x WHERE { ?x ?p ?o }", "expected a query: SELECT, CONSTRUCT, ASK or DESCRIBE"),
        ("SELECT ?x WHERE { ?x ?p ?o }", "a CONSTRUCT or DESCRIBE query is needed here"),
    ],
)
def test_render_says_what_is_wrong_with_a_query(fresh_exports, tmp_path, text, expected):
    result = invoke("render", text, "-o", str(tmp_path / "x.html"), "--data", str(fresh_exports / "pactgraph.trig"))
    assert expected in one_line_error(result.stderr, result.exit_code)
    assert not (tmp_path / "x.html").exists()


def test_render_of_a_missing_file_says_so(tmp_path):
    result = invoke("render", str(tmp_path / "nosuch.ttl"), "-o", str(tmp_path / "x.html"))
    line = one_line_error(result.stderr, result.exit_code)
    assert "nosuch.ttl: no such file" in line and "query" not in line


def test_a_misspelt_query_name_gets_a_suggestion():
    result = invoke("query", "money-commitment")
    assert "did you mean 'money-commitments'?" in one_line_error(result.stderr, result.exit_code)


def test_a_remote_syntax_error_has_the_users_own_column(tmp_path):
    text = "SELECT ?s WHERE { ?s ?p }"  # the error is at the closing brace, near column 25 of line 1
    with oxigraph_server(tmp_path / "remote") as url:
        local = invoke("query", text)
        remote = invoke("query", "--endpoint", f"{url}/query", text)
    position = re.compile(r"error at (\d+):(\d+)")
    local_line, local_column = map(int, position.search(local.stderr).groups())
    assert (local_line, local_column) in ((1, 25), (1, 26))
    assert position.search(remote.stderr).groups() == (str(local_line), str(local_column)), remote.stderr


def test_network_path_errors_come_before_any_output(fresh_exports):
    trig = str(fresh_exports / "pactgraph.trig")
    result = invoke("network", "--data", trig, "--path", "Atlantis", "Narnia")
    assert "no entity is named 'Atlantis'" in one_line_error(result.stderr, result.exit_code)
    assert result.stdout == ""
    result = invoke("network", "--data", trig, "--path", "Norway", "United")
    line = one_line_error(result.stderr, result.exit_code)
    assert "'United' matches" in line and "'United Kingdom'" in line and "'United States'" in line
    assert result.stdout == ""


@pytest.mark.parametrize("top", ["-3", "0"])
def test_network_top_must_be_positive(fresh_exports, top):
    result = invoke("network", "--data", str(fresh_exports / "pactgraph.trig"), "--top", top)
    assert "--top" in one_line_error(result.stderr, result.exit_code)


TWO_DATASETS, STORE_OF_A_FILE = "name two different datasets", "reads a --data file"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "--location", "{store}", "--data", "{trig}", "ministers"], TWO_DATASETS),
        (["query", "--store", "memory", "--location", "{store}", "ministers"], STORE_OF_A_FILE),
        (["query", "--endpoint", "http://127.0.0.1:9/sparql", "--data", "{trig}", "ministers"], TWO_DATASETS),
        (["serve", "--location", "{store}", "--data", "{trig}"], TWO_DATASETS),
        (["serve", "--store", "memory", "--location", "{store}"], STORE_OF_A_FILE),
    ],
    ids=lambda value: " ".join(a for a in value if a.startswith("--")) if isinstance(value, list) else "",
)
def test_conflicting_options_are_refused(fresh_exports, tmp_path, args, expected):
    filled = [a.format(store=tmp_path, trig=fresh_exports / "pactgraph.trig") for a in args]
    result = command(*filled, timeout=30)  # a server that ignored an option would serve, not exit
    assert expected in one_line_error(result.stderr, result.returncode)


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
@pytest.mark.parametrize("text", ["ASK { ?s ?p ?o }", "SELECT ?c WHERE { ?c a pact:Country }"])
def test_every_output_ends_with_a_newline(fresh_exports, fmt, text):
    result = invoke("query", "--data", str(fresh_exports / "pactgraph.trig"), "--format", fmt, text)
    assert result.exit_code == 0 and result.output.endswith("\n")


@pytest.fixture(scope="module")
def persistent(fresh_exports, tmp_path_factory):
    location = tmp_path_factory.mktemp("persistent") / "store"
    assert invoke("load", str(fresh_exports / "pactgraph.trig"), "--location", str(location)).exit_code == 0
    return location


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_prints_the_same_bytes_on_every_store(fresh_exports, persistent, name):
    trig = str(fresh_exports / "pactgraph.trig")
    for fmt in OUTPUT_FORMATS:
        outputs = {
            "oxigraph": invoke("query", "--data", trig, "--format", fmt, name).output,
            "memory": invoke("query", "--store", "memory", "--data", trig, "--format", fmt, name).output,
            "on disk": invoke("query", "--location", str(persistent), "--format", fmt, name).output,
        }
        assert len(set(outputs.values())) == 1, f"{name} --format {fmt} differs between stores"
