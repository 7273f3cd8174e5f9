"""The vocabulary: graph/vocab.py matches the ontology, every term is documented and shaped, and
the data uses only declared terms."""

from __future__ import annotations

from pactgraph import paths
from pactgraph.vocab import DCTERMS, OA, ORG, OWL, PACT, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from rdflib import Graph, URIRef
from rdflib.namespace import SH

ONTOLOGY = Graph().parse(paths.ONTOLOGY, format="turtle")
SHAPES = Graph().parse(paths.SHAPES, format="turtle")
PACT_NS = str(PACT._NS)
# External vocabularies whose terms the data may use as they are.
KNOWN_EXTERNAL = (
    str(RDF),
    str(RDFS),
    str(OWL),
    str(SKOS),
    str(SCHEMA),
    str(PROV),
    str(ORG),
    str(OA),
    str(DCTERMS),
    str(XSD),
)


def ontology_terms() -> set[URIRef]:
    return {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(PACT_NS)}


def test_defined_namespace_matches_the_ontology():
    declared = {str(name) for name in PACT.__annotations__}
    in_ontology = {str(term)[len(PACT_NS) :] for term in ontology_terms()}
    assert declared == in_ontology


def test_every_ontology_term_and_concept_has_a_label_and_a_comment():
    terms = ontology_terms() | set(ONTOLOGY.subjects(RDF.type, SKOS.Concept))
    undocumented = [t for t in terms if not (ONTOLOGY.value(t, RDFS.label) and ONTOLOGY.value(t, RDFS.comment))]
    assert not undocumented


def test_every_class_has_a_shape():
    classes = set(ONTOLOGY.subjects(RDF.type, OWL.Class))
    targeted = set(SHAPES.objects(None, SH.targetClass))
    assert classes - targeted == set()


def test_pact_terms_are_aligned_to_external_vocabularies():
    for cls in ONTOLOGY.subjects(RDF.type, OWL.Class):
        parents = set(ONTOLOGY.objects(cls, RDFS.subClassOf)) | set(ONTOLOGY.objects(cls, SKOS.closeMatch))
        assert parents, f"{cls} is not aligned to anything"


def test_data_uses_only_declared_terms(merged):
    declared = ontology_terms()

    def known(term: URIRef) -> bool:
        return term in declared if str(term).startswith(PACT_NS) else str(term).startswith(KNOWN_EXTERNAL)

    predicates = {p for p in merged.predicates()}
    classes = {o for o in merged.objects(None, RDF.type)}
    assert {t for t in predicates | classes if not known(t)} == set()
