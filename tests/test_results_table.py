"""The table for people, made from the engine's TSV text: the same as reading each term in Python."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pactgraph.prefixes import PREFIXES
from pactgraph.query import compact, format_results, named_queries


def term_by_term(results) -> str:
    """The table as it was made before, a Python object a term: the reference."""
    variables = [v.value for v in results.variables]
    rows = [[compact(solution[v]) for v in variables] for solution in results]
    widths = [max([len(v)] + [len(row[i]) for row in rows]) for i, v in enumerate(variables)]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])] + [line(row) for row in rows]
    return "\n".join([*out, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"]) + "\n"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> ox.Store:
    from bench.corpus import write

    path = tmp_path_factory.mktemp("corpus") / "corpus.trig"
    write(20_000, path)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


def run(store: ox.Store, text: str):
    return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_reads_the_same_on_the_seed_and_a_synthetic_corpus(name, store, synthetic):
    text = named_queries()[name].text
    for data in (store.store, synthetic):
        assert format_results(run(data, text), "table").decode() == term_by_term(run(data, text))


@pytest.mark.parametrize(
    "text",
    [
        # Escapes of every kind, a language tag, a datatype, IRIs in and out of the prefixes, a blank node.
        r"""SELECT ?a ?b ?c ?d ?e ?f WHERE { BIND(5 AS ?a) BIND("tab\there \"quoted\" back\\slash \u00e9 \U0001F600 it's"@en AS ?b)
            BIND(<https://w3id.org/pactgraph/id/country/UA> AS ?c) BIND(<http://example.org/x> AS ?d) ?e <http://example.org/p> ?o
            BIND("7000000000.0"^^xsd:decimal AS ?f) }""",
        "SELECT ?a WHERE { VALUES ?a { 1 UNDEF 2 } }",  # an unbound cell is a row of its own
        "SELECT ?a ?b WHERE { VALUES (?a ?b) { (UNDEF UNDEF) ('x' UNDEF) } }",
        "SELECT * WHERE {}",  # one row of no columns
        "SELECT ?x WHERE { FILTER(false) }",  # none
        'SELECT ?a WHERE { BIND("trailing spaces   " AS ?a) }',
        'SELECT ?a ?b WHERE { BIND("" AS ?a) BIND("2025-11-30"^^xsd:date AS ?b) }',
        "SELECT ?a WHERE { BIND(true AS ?a) }",
        # Literals only, no escapes: the text is read by whole-text passes, which must not take a
        # value's own "@en", "^^<...>" or "<...>" for a tag, a datatype or an IRI.
        """SELECT ?a ?b ?c ?d WHERE { VALUES (?a ?b ?c ?d) {
            ("@nb"@en "y"@en "x"@en-GB "<https://w3id.org/pactgraph/id/country/UA>")
            ("mail@en" "w"@nb "z"^^<http://example.org/type> 'a^^<b>')
            ("ends with @en"@nb ""@en 1.5e0 "trailing   "@en)
            (UNDEF "2025-11-30"^^xsd:date "2025"^^xsd:gYear "<>"@EN) } }""",
        # Escapes and no IRI: read a cell at a time.
        r"""SELECT ?a ?b WHERE { VALUES (?a ?b) { ("tab\there \"quoted\"@en" "back\\slash"@en) ("x"@en "\"@en\"") } }""",
        'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("Шмигаль"@uk "Sandvik — Norge"@nb) ("" UNDEF) } }',
    ],
)
def test_awkward_values_read_the_same(text):
    store = ox.Store()
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://example.org/p"), ox.Literal("o")))
    assert format_results(run(store, text), "table").decode() == term_by_term(run(store, text))
