"""Every named query finds the rows a person wrote down from the source text
(tests/data/test_hand_answers.yaml): expected answers that do not come from the code they check,
unlike graph/queries/*.csv, which tests/regenerate_expected.py rewrites from the code's output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from pactgraph import paths
from pactgraph.query import format_results, named_queries, run_query

HAND = yaml.safe_load((Path(__file__).parent / "data" / "test_hand_answers.yaml").read_text(encoding="utf-8"))
SOURCE = (paths.SOURCES / "ukraine-norway-drones.txt").read_text(encoding="utf-8")
QUERIES = named_queries()


def test_every_named_query_has_hand_written_rows():
    assert sorted(HAND) == sorted(QUERIES)
    assert all(HAND[name] for name in HAND if name != "conflicts")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_finds_the_hand_written_rows(store, name):
    output = format_results(run_query(store, QUERIES[name].text), "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(output)))
    if not HAND[name]:  # written down as nothing: the answer must be nothing
        assert rows == [], f"{name}: {rows[:3]}"
    for expected in HAND[name]:
        wanted = {column: str(value) for column, value in expected.items() if column != "because"}
        assert set(wanted) <= set(rows[0]), f"{name}: no column {sorted(set(wanted) - set(rows[0]))}"
        found = [row for row in rows if all(row[column] == value for column, value in wanted.items())]
        assert found, f"{name}: no row with {wanted} (from: {expected.get('because', wanted.get('sentence'))})"
        if "sentence" in wanted:  # the offsets are where the sentence stands in the source
            start = SOURCE.index(wanted["sentence"])
            assert (found[0]["start"], found[0]["end"]) == (str(start), str(start + len(wanted["sentence"])))


COALITION_WITHOUT_FUNDING = """
@prefix pact: <https://w3id.org/pactgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://example.org/> .
ex:ga prov:wasDerivedFrom ex:a . ex:gb prov:wasDerivedFrom ex:b . ex:gc prov:wasDerivedFrom ex:c .
ex:ga { ex:quiet a pact:Coalition ; rdfs:label "A coalition no one funds" .
        ex:funded a pact:Coalition ; rdfs:label "A funded coalition" . }
ex:gb { ex:gift pact:recipient ex:funded ; rdfs:label "A gift" ; pact:funder ex:x ; pact:amount ex:m1 .
        ex:x rdfs:label "Donor" . ex:m1 schema:value 5.0 ; schema:currency "EUR" . }
ex:gc { ex:gift pact:amount ex:m2 . ex:m2 schema:value 6.0 ; schema:currency "EUR" . }
"""


def test_a_coalition_no_one_funds_counts_its_own_source_not_every_amount_of_the_graph(tmp_path):
    """Hand worked: the unfunded coalition is given by one document (a); the two amounts of the
    other's funding, by b and c, one each. (The provenance of an amount was once looked up with
    the funding unbound, and gave the unfunded coalition both amounts' sources.)"""
    import pyoxigraph as ox
    from pactgraph.store import OxigraphBackend

    store = ox.Store()
    store.load(COALITION_WITHOUT_FUNDING.encode(), format=ox.RdfFormat.TRIG)
    printed = format_results(run_query(OxigraphBackend(store), named_queries()["coalitions"].text), "csv")
    rows = {(r["coalition"], r["amount"]): r["sources"] for r in csv.DictReader(io.StringIO(printed.decode()))}
    assert rows == {
        ("A coalition no one funds", ""): "1",
        ("A funded coalition", "5"): "1",
        ("A funded coalition", "6"): "1",
    }
