"""Exports: the formats agree with each other, a rebuild is byte-identical, exports/ is current."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from pactgraph.export import FORMATS, select_source, serialize
from pactgraph.store import read_quads, to_rdflib_graph
from pactgraph.vocab import GRAPH, ONTOLOGY_IRI, PACT, RDF
from rdflib import BNode, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parent.parent


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lines = [f"- {t}" for t in sorted(only_expected)[:10]] + [f"+ {t}" for t in sorted(only_actual)[:10]]
        pytest.fail("graphs differ:\n" + "\n".join(lines))


def test_turtle_parsed_by_oxigraph_equals_rdflibs_parse(fresh_exports):
    path = fresh_exports / "pactgraph.ttl"
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = to_rdflib_graph(read_quads(path))
    assert len(by_rdflib) > 1000
    assert_isomorphic(by_rdflib, by_oxigraph)


@pytest.mark.parametrize("name", ["ttl", "nt", "trig", "jsonld"])
def test_every_format_holds_the_same_triples(fresh_exports, merged, name):
    # Parsed by Oxigraph: rdflib's JSON-LD parser rewrites "7000000000"^^xsd:decimal as "7000000000.0".
    assert_isomorphic(merged, to_rdflib_graph(read_quads(fresh_exports / f"pactgraph.{name}")))


def test_no_blank_nodes_anywhere(merged):
    assert not [t for t in merged if any(isinstance(term, BNode) for term in t)]


def test_trig_has_one_named_graph_per_source_with_prov(fresh_exports, built):
    quads = read_quads(fresh_exports / "pactgraph.trig")
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs == {str(GRAPH[s]) for s in built.sources} | {str(ONTOLOGY_IRI)}
    prov = {(q.subject.value, q.predicate.value) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    for source in built.sources:
        assert (str(GRAPH[source]), "http://www.w3.org/ns/prov#wasDerivedFrom") in prov


def test_jsonld_has_a_context(fresh_exports):
    document = json.loads((fresh_exports / "pactgraph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["pact"] == str(PACT._NS)


def test_graphml_is_the_entity_network(fresh_exports, merged):
    network = nx.read_graphml(fresh_exports / "pactgraph.graphml")
    shown = set(merged.subjects(PACT.shownInNetwork, None))
    entities = {s for s, cls in merged.subject_objects(RDF.type) if cls in shown}
    assert network.number_of_nodes() == len(entities)
    ukraine = network.nodes["https://w3id.org/pactgraph/id/country/UA"]
    assert ukraine["label"] == "Ukraine" and ukraine["type"] == "Country"
    donation = network.nodes["https://w3id.org/pactgraph/id/programme/norway-maritime-coalition-donation"]
    assert "NOK 6700000000 (approximate" in donation["amount"] and donation["status"] == "announced"
    labels = {data["label"] for _, _, data in network.edges(data=True)}
    assert {"party", "signatory", "funder", "led by"} <= labels


def test_select_source_keeps_one_source(built):
    selected = select_source(built.dataset, "ukraine-norway-drones")
    names = {str(g.identifier) for g in selected.graphs() if len(g)}
    assert str(GRAPH["countries-reference"]) not in names
    assert str(GRAPH["ukraine-norway-drones"]) in names


def test_rebuild_is_byte_identical_under_another_hash_seed(fresh_exports, tmp_path):
    # A second build in a fresh interpreter with another hash seed: set and dict order differ there.
    script = "import sys, pathlib; from pactgraph.build import build; from pactgraph.export import export_all; export_all(build().dataset, pathlib.Path(sys.argv[1]))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, env=env, cwd=ROOT)
    for fmt in FORMATS:
        name = f"pactgraph.{fmt}"
        assert (tmp_path / name).read_bytes() == (fresh_exports / name).read_bytes(), f"{name} differs between builds"


def test_committed_exports_equal_a_fresh_build(fresh_exports):
    for fmt in FORMATS:
        name = f"pactgraph.{fmt}"
        committed = ROOT / "exports" / name
        assert committed.is_file(), f"exports/{name} is missing: run pactgraph build and commit it"
        assert committed.read_bytes() == (fresh_exports / name).read_bytes(), (
            f"exports/{name} is stale: run `pactgraph build` and commit exports/"
        )


def test_serialize_rejects_unknown_format(built):
    from pactgraph.errors import InputError

    with pytest.raises(InputError):
        serialize(built.dataset, "rdfxml")


def test_graphml_bytes_do_not_depend_on_lxml_being_installed(built, monkeypatch):
    # networkx writes GraphML with lxml when it can; the draft extra installs lxml, the main
    # install does not: committed exports must be the same bytes in both.
    pytest.importorskip("lxml")
    with_lxml_installed = serialize(built.dataset, "graphml")
    monkeypatch.setattr(nx.readwrite.graphml, "lxmletree", None, raising=False)
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    assert serialize(built.dataset, "graphml") == with_lxml_installed
