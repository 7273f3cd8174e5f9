"""Stage 4b: the entity network, a networkx view of the graph for GraphML and the network page.

Nodes are instances of the classes the ontology marks `pact:shownInNetwork true` (countries,
people, agreements, programmes, ...). Edges are the object properties between them, labelled in
words. Literal values, concepts (status, weapon type) and value nodes (amounts, rates) become
node attributes, so that a date or an amount is a detail of a node, never a node of its own.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph, Literal, URIRef

from graph.vocab import PACT, RDF, RDFS, SCHEMA, SKOS

# Claims and their evidence describe the graph rather than the world; they stay out of the network.
SKIPPED_PREDICATES = {RDF.type, RDFS.label}


def _label(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, SKOS.prefLabel) or graph.value(node, RDFS.label)
    return str(label) if label is not None else str(node).rsplit("/", 1)[-1]


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value_node_text(graph: Graph, node: URIRef) -> str:
    """An amount or quantity in words: 'NOK 6700000000 (approximate; stated: around 6.7 ...)'."""
    value = graph.value(node, SCHEMA.value)
    currency = graph.value(node, SCHEMA.currency)
    unit = graph.value(node, SCHEMA.unitText)
    per = graph.value(node, PACT.per)
    stated = graph.value(node, PACT.statedAs)
    parts = [str(currency)] if currency is not None else []
    parts += [str(value)] if value is not None else []
    parts += [str(unit)] if unit is not None else []
    parts += [f"per {per}"] if per is not None else []
    notes = ["approximate"] if graph.value(node, PACT.approximate) == Literal(True) else []
    notes += [f"stated: {stated}"] if stated is not None else []
    return " ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")


def network_classes(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(PACT.shownInNetwork, Literal(True)) if isinstance(c, URIRef)}


def entity_network(graph: Graph) -> nx.MultiDiGraph:
    """The entity network of `graph` (which must include the ontology), built in sorted order so
    that its serialisations are byte-identical on every run."""
    shown = network_classes(graph)
    class_of: dict[URIRef, URIRef] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in shown and isinstance(node, URIRef):
            # The most specific class wins: a Donation is also declared a FundingProgramme subclass.
            if node not in class_of or (cls, RDFS.subClassOf, class_of[node]) in graph:
                class_of[node] = cls
    network = nx.MultiDiGraph()
    for node in sorted(class_of):
        attributes: dict[str, list[str]] = {}
        for predicate, obj in sorted(graph.predicate_objects(node)):
            if predicate in SKIPPED_PREDICATES or obj in class_of:
                continue
            key = _local(predicate)
            if isinstance(obj, Literal):
                text = str(obj)
            elif (obj, RDF.type, SKOS.Concept) in graph:
                text = _label(graph, obj)
            elif (
                isinstance(obj, URIRef) and (obj, SCHEMA.value, None) in graph or (obj, SCHEMA.unitText, None) in graph
            ):
                text = _value_node_text(graph, obj)
            else:
                text = str(obj)
            attributes.setdefault(key, []).append(text)
        network.add_node(
            str(node),
            label=_label(graph, node),
            type=_label(graph, class_of[node]),
            **{key: "; ".join(values) for key, values in sorted(attributes.items())},
        )
    for node in sorted(class_of):
        for predicate, obj in sorted(graph.predicate_objects(node)):
            if obj in class_of and predicate not in SKIPPED_PREDICATES:
                network.add_edge(str(node), str(obj), key=_local(predicate), label=_label(graph, predicate))
    return network
