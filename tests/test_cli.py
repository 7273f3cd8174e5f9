"""The command line, driven in-process with CliRunner as a user would type it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pactgraph.cli import main

from tests.cli import Runner

DATA = Path(__file__).parent / "data"


@pytest.fixture
def run(fresh_exports):
    def invoke(*args: str):
        result = Runner().invoke(main, list(args))
        assert "Traceback" not in result.output + result.stderr
        return result

    invoke.trig = str(fresh_exports / "pactgraph.trig")
    return invoke


def test_every_command_has_help_with_an_example(run):
    for command in main.commands:
        result = run(command, "-h")
        assert result.exit_code == 0
        assert "Example" in result.output


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and "pactgraph, version" in result.output


def test_query_list_shows_questions(run):
    result = run("query", "--list")
    assert result.exit_code == 0
    assert "signed-agreements" in result.output and "Who signed which agreement" in result.output


def test_query_table(run):
    result = run("query", "--data", run.trig, "signed-agreements")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["agreement", "kind", "signedOn", "signatory", "post", "signedFor", "sources", "drafts"]
    assert any("Tore O. Sandvik" in line and "Norway" in line for line in lines)
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_csv_and_tsv(run, fmt):
    result = run("query", "--data", run.trig, "--format", fmt, "ministers")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.output), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0][0] in ("person", "?person")
    assert len(rows) == 3


def test_query_json_is_sparql_results_json(run):
    result = run("query", "--data", run.trig, "--format", "json", "SELECT ?c WHERE { ?c a pact:Country }")
    document = json.loads(result.output)
    assert document["head"]["vars"] == ["c"]
    assert len(document["results"]["bindings"]) == 5


def test_query_file(run, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a pact:Claim }", encoding="utf-8")
    result = run("query", "--data", run.trig, "--format", "csv", str(query))
    assert result.output.split() == ["n", "42"]  # 27 in the report, 15 in the reference (countries, capitals)


def test_ask_and_construct(run):
    assert run("query", "--data", run.trig, "ASK { country:UA a pact:Country }").output == "yes\n"
    result = run("query", "--data", run.trig, "CONSTRUCT { ?c a pact:Country } WHERE { ?c a pact:Country }")
    assert "country:UA a pact:Country" in result.output


def test_malformed_sparql_gives_position_and_exit_2(run):
    result = run("query", "--data", run.trig, "SELECT ?x WHERE { ?x a }")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "malformed SPARQL: error at 1:" in result.stderr


def test_errors_in_a_query_file_name_the_file(run, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE {\n  ?x a\n}\n", encoding="utf-8")
    result = run("query", "--data", run.trig, str(query))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"pactgraph: {query}: malformed SPARQL: error at ")
    query.write_text("SELECT * WHERE " + "{" * 300 + "}" * 300, encoding="utf-8")
    result = run("render", "--data", run.trig, "-o", str(tmp_path / "page.html"), str(query))
    assert result.exit_code == 2 and result.stderr.startswith(f"pactgraph: {query}: the query nests brackets 300 deep")
    assert not (tmp_path / "page.html").exists()


def test_unknown_query_name(run):
    result = run("query", "--data", run.trig, "no-such-query")
    assert result.exit_code == 2 and "pactgraph query --list" in result.stderr


def test_missing_data_file_says_to_build(run, tmp_path):
    result = run("query", "--data", str(tmp_path / "none.trig"), "ministers")
    assert result.exit_code == 2 and "none.trig: no such file" in result.stderr
    # A workspace not built yet: its exports are not there.
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    result = run("query", "--workspace", str(tmp_path / "ws"), "ministers")
    assert result.exit_code == 2 and "not built yet (run pactgraph build first)" in result.stderr


def test_service_is_refused_without_opt_in(run):
    result = run("query", "--data", run.trig, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 2 and "SERVICE" in result.stderr and "--allow-service" in result.stderr
    # The word inside a string or an IRI is not a SERVICE clause.
    result = run("query", "--data", run.trig, 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) }')
    assert result.exit_code == 0


def test_from_reads_no_file(run):
    result = run(
        "query", "--data", run.trig, "--format", "csv", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
    )
    assert result.exit_code == 0
    assert "root" not in result.output and result.output.strip() in ("s,p,o", "o,p,s")


@pytest.mark.parametrize("before", [" ", " # a comment ended by CR\r", " # a comment\n", "\t"])
def test_from_selects_a_graph_of_the_dataset(run, before):
    # The reference graph declares the 5 countries; the one agreement is in the report's graph.
    graph = "<https://w3id.org/pactgraph/graph/countries-reference>"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a pact:Agreement }"
    assert run("query", "--data", run.trig, "--format", "csv", query).output.split() == ["n", "1"]
    query = f"SELECT (COUNT(*) AS ?n){before}FROM {graph} WHERE {{ ?s a pact:Country }}"
    assert run("query", "--data", run.trig, "--format", "csv", query).output.split() == ["n", "5"]
    query = f"SELECT (COUNT(*) AS ?n){before}FROM {graph} WHERE {{ ?s a pact:Agreement }}"
    assert run("query", "--data", run.trig, "--format", "csv", query).output.split() == ["n", "0"]


def test_validate_exit_codes(run, fresh_exports, tmp_path):
    good = run("validate", str(fresh_exports / "pactgraph.ttl"))
    assert good.exit_code == 0 and "conforms" in good.output
    bad = run("validate", str(DATA / "test_cli_one_party_agreement.ttl"))
    assert bad.exit_code == 1 and "at least two parties" in bad.stderr
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is not turtle", encoding="utf-8")
    unreadable = run("validate", str(garbage))
    assert unreadable.exit_code == 2 and "garbage.ttl" in unreadable.stderr
    assert run("validate", str(tmp_path / "missing.ttl")).exit_code == 2


def test_validate_refuses_xml_entity_expansion_quickly():
    # In a subprocess with a timeout: were the entities expanded, this would run for minutes.
    command = [sys.executable, "-m", "pactgraph.cli", "validate", str(DATA / "test_cli_entity_expansion.rdf")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "<!ENTITY>" in result.stderr


def test_validate_without_file_checks_the_claims(run):
    result = run("validate")
    assert result.exit_code == 0 and "conforms" in result.output


def test_export_one_source_to_a_file(run, tmp_path):
    out = tmp_path / "ukraine.trig"
    result = run("export", "--format", "trig", "--source", "ukraine-norway-drones", "-o", str(out))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<https://w3id.org/pactgraph/graph/ukraine-norway-drones> {" in text
    assert "graph/countries-reference> {" not in text


def test_export_to_stdout_and_unknown_source(run):
    result = run("export", "--format", "nt")
    assert result.exit_code == 0 and result.output.count("\n") > 1000
    result = run("export", "--format", "ttl", "--source", "nope")
    assert result.exit_code == 2 and "known: countries-reference, ukraine-norway-drones" in result.stderr
