"""Every named query returns its expected answer (graph/queries/<name>.csv) on the seed graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pactgraph import paths
from pactgraph.query import format_results, named_queries, run_query

QUERIES = named_queries()
# The shipped graph is one report (and the reference list): it cannot disagree with itself, so
# `conflicts` answers nothing here; tests/test_many_sources.py checks it on reports that do.
EMPTY_ON_THE_SEED = {"conflicts"}


def test_at_least_twelve_named_queries_each_with_a_question_and_an_expected_answer():
    assert len(QUERIES) >= 12
    for query in QUERIES.values():
        assert query.question.endswith("?") or "?" in query.question, f"{query.path} must open with its question"
        assert (paths.QUERIES / f"{query.name}.csv").is_file(), f"{query.name} has no expected answer beside it"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_gives_expected_answer(store, name):
    expected = (paths.QUERIES / f"{name}.csv").read_text(encoding="utf-8")
    actual = format_results(run_query(store, QUERIES[name].text), "csv").decode("utf-8").replace("\r\n", "\n")
    assert actual == expected, f"{name}: answer changed; if correct, run python tests/regenerate_expected.py"
    if name in EMPTY_ON_THE_SEED:
        assert len(expected.splitlines()) == 1, f"{name}: the seed has nothing to disagree with"
    else:
        assert len(expected.splitlines()) > 1, f"{name}: an empty answer tests nothing"


def test_json_output_is_sparql_results_json(store):
    document = json.loads(format_results(run_query(store, QUERIES["money-commitments"].text), "json"))
    assert document["head"]["vars"][:3] == ["commitment", "type", "funder"]
    amounts = [b["amount"] for b in document["results"]["bindings"] if "amount" in b]
    assert {a["datatype"] for a in amounts} == {"http://www.w3.org/2001/XMLSchema#decimal"}


def test_statuses_are_kept_as_stated(store):
    rows = run_query(store, QUERIES["programmes-by-status"].text)
    status = {str(row["programme"].value): row["status"].value for row in rows}
    assert status["UK–Ukraine interceptor drone production"] == "negotiating"
    assert status["UK pledge to fund long-range attack drones for Ukraine"] == "pledged"
    assert status["Norway's planned allocation for Ukraine's defence sector"] == "planned"


@pytest.mark.parametrize("name", sorted(set(QUERIES) - {"corroboration", "compare"}))
def test_named_query_answers_on_a_merged_file_too(fresh_exports, name):
    # A merged Turtle file has no graph per source: the same rows, with no sources to count or name
    # (corroboration and compare, which are about sources, have nothing to say there).
    from pactgraph.store import OxigraphBackend

    def rows(path) -> list[list[str]]:
        text = format_results(run_query(OxigraphBackend.from_file(path), QUERIES[name].text), "csv").decode("utf-8")
        table = list(csv.reader(io.StringIO(text)))
        keep = [i for i, column in enumerate(table[0]) if column not in ("sources", "publishers")]
        return [[row[i] for i in keep] for row in table]

    assert rows(fresh_exports / "pactgraph.ttl") == rows(fresh_exports / "pactgraph.trig")
