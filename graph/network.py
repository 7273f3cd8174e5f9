"""Stage 4b: the entity network, a networkx view of the graph for GraphML, the page and analysis.

Nodes are instances of the classes the ontology marks `pact:shownInNetwork true` (countries,
people, agreements, programmes, ...). Edges are the object properties between them, labelled in
words. Literal values, concepts (status, weapon type) and value nodes (amounts, rates) become
node attributes, so that a date or an amount is a detail of a node, never a node of its own.
A graph that uses none of those classes (any other RDF) falls back to every typed resource.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import chain

import networkx as nx
import numpy as np
from rdflib import Graph, Literal, URIRef

from .vocab import DCTERMS, OA, PACT, RDF, RDFS, SCHEMA, SKOS, XSD

SKIPPED_PREDICATES = {RDF.type, RDFS.label, SKOS.prefLabel}
COUNTRY_TYPE = "Country"
DATED = (XSD.date, XSD.gYear, XSD.gYearMonth)
# Graphs up to this many nodes get a full force-directed layout; larger ones lay out a backbone of
# their best-connected nodes that way and place the rest beside their neighbours (see layout()).
SPRING_LIMIT = 300


# Where people's data keeps names, in order of preference: SKOS, RDFS, schema.org, FOAF, Dublin Core.
LABEL_PROPERTIES = (
    SKOS.prefLabel,
    RDFS.label,
    SCHEMA.name,
    URIRef("http://xmlns.com/foaf/0.1/name"),
    DCTERMS.title,
)


def _label(graph: Graph, node: URIRef) -> str:
    for predicate in LABEL_PROPERTIES:
        label = graph.value(node, predicate)
        if label is not None:
            return str(label)
    return _local(node)


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
    parts += [str(value).removesuffix(".0")] if value is not None else []
    parts += [str(unit)] if unit is not None else []
    parts += [f"per {per}"] if per is not None else []
    notes = ["approximate"] if graph.value(node, PACT.approximate) == Literal(True) else []
    notes += [f"stated: {stated}"] if stated is not None else []
    return " ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")


def network_classes(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(PACT.shownInNetwork, Literal(True)) if isinstance(c, URIRef)}


@cache
def _ontology_terms() -> frozenset[URIRef]:
    """What pactgraph's own ontology describes (its classes, properties and concepts)."""
    from .build import read_ontology_graph

    return frozenset(s for s in read_ontology_graph().subjects() if isinstance(s, URIRef))


def _entity_classes(graph: Graph) -> dict[URIRef, URIRef]:
    """Each network node and its most specific shown class."""
    shown = network_classes(graph)
    typed = [(n, c) for n, c in graph.subject_objects(RDF.type) if isinstance(n, URIRef) and isinstance(c, URIRef)]
    if not any(c in shown for _, c in typed):
        # Not pactgraph data: every typed resource of the file is a node, but not the terms of
        # pactgraph's ontology, which was added to the file's triples to name classes.
        terms = _ontology_terms()
        typed = [(n, c) for n, c in typed if n not in terms]
        shown = {c for _, c in typed}
    class_of: dict[URIRef, URIRef] = {}
    for node, cls in sorted(typed):
        if cls in shown and (node not in class_of or (cls, RDFS.subClassOf, class_of[node]) in graph):
            class_of[node] = cls
    return class_of


def entity_network(graph: Graph) -> nx.MultiDiGraph:
    """The entity network of `graph` (which should include the ontology, for class labels), built
    in sorted order so that its serialisations are byte-identical on every run."""
    class_of = _entity_classes(graph)
    network = nx.MultiDiGraph()
    # Claims a machine proposed and no one has reviewed (pactgraph build --include-drafts).
    unreviewed: dict[URIRef, int] = {}
    for claim in graph.subjects(RDF.type, PACT.DraftClaim):
        about = graph.value(claim, PACT.claimAbout)
        unreviewed[about] = unreviewed.get(about, 0) + 1
    edges = []  # added after every node, so that node order (and GraphML) is sorted
    for node in sorted(class_of):
        attributes: dict[str, list[str]] = {}
        for predicate, obj in sorted(graph.predicate_objects(node)):
            if predicate in SKIPPED_PREDICATES:
                continue
            if obj in class_of:
                edges.append((str(node), str(obj), _local(predicate), _label(graph, predicate)))
                continue
            if isinstance(obj, Literal):
                text = str(obj)
            elif (obj, RDF.type, SKOS.Concept) in graph:
                text = _label(graph, obj)
            elif (obj, SCHEMA.value, None) in graph or (obj, SCHEMA.unitText, None) in graph:
                text = _value_node_text(graph, obj)
            elif any((obj, p, None) in graph for p in LABEL_PROPERTIES):
                text = _label(graph, obj)  # a named thing not drawn as a node, such as a city
            else:
                text = str(obj)
            attributes.setdefault(_local(predicate), []).append(text)
        if node in unreviewed:
            attributes["unreviewedClaims"] = [str(unreviewed[node])]
        network.add_node(
            str(node),
            label=_label(graph, node),
            type=_label(graph, class_of[node]),
            **{key: "; ".join(values) for key, values in sorted(attributes.items())},
        )
    for source, target, key, label in edges:
        network.add_edge(source, target, key=key, label=label)
    return network


@dataclass(frozen=True)
class Fact:
    """What one claim says about a node, and the sentence it rests on."""

    properties: tuple[str, ...]
    source: str
    sentence: str
    document: str = ""  # the source document's IRI
    independent: str = ""  # the document it counts as (a copy counts as its original); "" for a draft


def node_facts(graph: Graph, network: nx.MultiDiGraph) -> dict[str, list[Fact]]:
    """For each network node, the claims about it: properties asserted, source title, quote."""
    facts: dict[str, list[Fact]] = {}
    for claim, subject in sorted(graph.subject_objects(PACT.claimAbout)):
        if str(subject) not in network:
            continue
        properties = tuple(sorted(_label(graph, p) for p in graph.objects(claim, PACT.assertsProperty)))
        draft = (claim, RDF.type, PACT.DraftClaim) in graph
        for evidence in sorted(graph.objects(claim, PACT.evidence)):
            document = graph.value(evidence, DCTERMS.isPartOf)
            source = _source_text(graph, document)
            if draft:  # a machine's proposal, said so wherever it is shown
                source = f"UNREVIEWED DRAFT (confidence {graph.value(claim, PACT.confidence)}): {source}"
            original = graph.value(document, DCTERMS.source) if document is not None else None
            independent = "" if draft or document is None else str(original or document)
            fact = Fact(properties, source, str(graph.value(evidence, OA.exact)), str(document or ""), independent)
            facts.setdefault(str(subject), []).append(fact)
    return facts


def _source_text(graph: Graph, document: URIRef | None) -> str:
    """'The Kyiv Independent, 2025-11-30': publisher and date, else the title."""
    if document is None:
        return ""
    publisher = graph.value(document, DCTERMS.publisher)
    issued = graph.value(document, DCTERMS.issued)
    if publisher is None:
        return _label(graph, document)
    return _label(graph, publisher) + (f", {issued}" if issued is not None else "")


_YEAR = re.compile(r"^(-?\d{4,})")


def node_years(graph: Graph, network: nx.MultiDiGraph) -> dict[str, list[int]]:
    """Years of each node's dates (signed, announced, planned, ...), for filtering by year. A date
    that is not one ("x"^^xsd:date, in someone else's file) has no year."""
    years: dict[str, set[int]] = {}
    for node in network:
        for obj in graph.objects(URIRef(node), None):
            match = _YEAR.match(str(obj)) if isinstance(obj, Literal) and obj.datatype in DATED else None
            if match:
                years.setdefault(node, set()).add(int(match.group(1)))
    return {node: sorted(values) for node, values in years.items()}


def neighbours(network: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each node's neighbours, ignoring direction. A plain dict of sets: networkx's to_undirected()
    copies every attribute and takes over a second at 30,000 edges."""
    adjacent: dict[str, set[str]] = {node: set() for node in network}
    for u, targets in network.adj.items():  # faster than network.edges() on a multigraph
        for v in targets:
            if u != v:
                adjacent[u].add(v)
                adjacent[v].add(u)
    return adjacent


def hostile_types(graph: Graph) -> frozenset[str]:
    """Labels of the classes the ontology marks `pact:hostile true` (an invasion links enemies)."""
    return frozenset(_label(graph, c) for c in graph.subjects(PACT.hostile, Literal(True)) if isinstance(c, URIRef))


def partners(
    network: nx.MultiDiGraph, adjacent: dict[str, set[str]] | None = None, hostile: frozenset[str] = frozenset()
) -> dict[str, list[tuple[str, list[str]]]]:
    """For each country, the countries it shares an agreement, programme or other node with, and
    the nodes it shares: {country: [(partner, [shared node, ...])]}, all sorted by label. Nodes
    whose type is in `hostile` (see hostile_types) make no partners. `adjacent` is
    neighbours(network), when the caller has it already."""
    adjacent = adjacent if adjacent is not None else neighbours(network)
    kind = dict(network.nodes(data="type"))
    label = dict(network.nodes(data="label"))

    def by_label(node: str) -> tuple[str, str]:
        return label[node], node

    result = {}
    for country in sorted((n for n in network if kind[n] == COUNTRY_TYPE), key=by_label):
        via: dict[str, set[str]] = {}
        for link in adjacent[country]:
            if kind[link] == COUNTRY_TYPE or kind[link] in hostile:
                continue
            for other in adjacent[link]:
                if other != country and kind[other] == COUNTRY_TYPE:
                    via.setdefault(other, set()).add(link)
        result[country] = [
            (p, sorted(links, key=by_label)) for p, links in sorted(via.items(), key=lambda i: by_label(i[0]))
        ]
    return result


def central_entities(network: nx.MultiDiGraph, count: int = 10) -> list[tuple[str, float]]:
    """The `count` nodes with the highest betweenness centrality (ties by label)."""
    centrality = nx.betweenness_centrality(_simple_graph(neighbours(network), list(network)))
    ranked = sorted(centrality.items(), key=lambda item: (-item[1], network.nodes[item[0]]["label"]))
    return ranked[:count]


def find_node(network: nx.MultiDiGraph, name: str) -> str:
    """The node labelled `name` (case-insensitively), else the one node whose label contains it.
    Where several contain it, the shortest is chosen only if the others all contain its whole label
    ("Sandvik" is the person, not "Sandvik as Minister"); otherwise the name is ambiguous and the
    matches are listed, never one picked silently ("United" is United Kingdom or United States)."""
    from .errors import InputError, excerpt

    wanted = name.casefold()
    labels = {node: str(label) for node, label in network.nodes(data="label")}
    # A name is a label or an alias a source gave (skos:altLabel): "Shmigal" is Denys Shmyhal.
    names = {
        node: [labels[node], *filter(None, str(data.get("altLabel", "")).split("; "))]
        for node, data in network.nodes(data=True)
    }
    exact = sorted(node for node in labels if node == name or any(n.casefold() == wanted for n in names[node]))
    matches = exact or sorted(
        (node for node in labels if any(wanted in n.casefold() for n in names[node])),
        key=lambda n: (len(labels[n]), n),
    )
    if not matches:
        raise InputError(f"no entity is named {excerpt(name)} (try part of a label, such as 'Sandvik')")
    if len(matches) == 1:
        return matches[0]
    shortest = labels[matches[0]].casefold()
    longer = [labels[other].casefold() for other in matches[1:]]
    if not exact and all(shortest in label and label != shortest for label in longer):
        return matches[0]
    shown = ", ".join(repr(labels[n]) for n in matches[:5]) + (", ..." if len(matches) > 5 else "")
    raise InputError(f"{excerpt(name)} matches {len(matches)} entities ({shown}); give more of the name")


def shortest_path(network: nx.MultiDiGraph, source: str, target: str) -> list[tuple[str, str | None]]:
    """The shortest path between two nodes, ignoring edge direction: [(node, label of the edge to the
    next node)], the last edge label None. Empty if they are not connected."""
    undirected = nx.Graph()
    undirected.add_nodes_from(network)
    for u, v, label in sorted(network.edges(data="label")):
        if not undirected.has_edge(u, v):
            undirected.add_edge(u, v, label=label)
    try:
        path = nx.shortest_path(undirected, source, target)
    except nx.NetworkXNoPath:
        return []
    return [
        (node, undirected.edges[node, path[i + 1]]["label"] if i + 1 < len(path) else None)
        for i, node in enumerate(path)
    ]


def layout(
    network: nx.MultiDiGraph,
    seed: int = 7,
    adjacent: dict[str, set[str]] | None = None,
    anchors: list[str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for every node, deterministic for a given graph.

    A force-directed layout (networkx's spring_layout) costs about n² per iteration: 1 s at 500
    nodes, minutes at 10,000. Up to SPRING_LIMIT nodes it is used as it is; above, it lays out a
    backbone of the best-connected nodes, and every other node is placed near the mean of its
    neighbours one step closer to the backbone (breadth-first, a level at a time). That is linear in
    the size of the graph and keeps each programme beside its countries."""
    adjacent = adjacent if adjacent is not None else neighbours(network)
    nodes = sorted(adjacent)
    if len(nodes) <= SPRING_LIMIT:
        return _spring(_simple_graph(adjacent, nodes), seed, anchors) if nodes else {}
    by_degree = sorted(nodes, key=lambda n: (-len(adjacent[n]), n))
    backbone = by_degree[: SPRING_LIMIT // 2]
    spring = _spring(_simple_graph(adjacent, backbone), seed)
    xy = _place_by_levels(nodes, adjacent, spring, seed)
    return dict(zip(nodes, map(tuple, xy.tolist()), strict=True))


def _place_by_levels(
    nodes: list[str], adjacent: dict[str, set[str]], placed: dict[str, tuple[float, float]], seed: int
) -> np.ndarray:
    """Coordinates (one row a node, in `nodes` order): the `placed` nodes where they are; each other
    node, level by level of a breadth-first walk from them, at the mean of its neighbours on the
    level before, moved a little in a random direction; nodes out of their reach on a circle around.
    Arrays, not Python loops: 0.05 s at 100,000 nodes and 300,000 edges, against 0.6 s."""
    position = {node: i for i, node in enumerate(nodes)}
    # The neighbour lists as two arrays, one entry a (node, neighbour) pair.
    counts = np.fromiter((len(adjacent[n]) for n in nodes), dtype=np.int64, count=len(nodes))
    near = np.fromiter(map(position.__getitem__, chain.from_iterable(map(adjacent.__getitem__, nodes))), dtype=np.int64)
    node_of = np.repeat(np.arange(len(nodes)), counts)
    level = np.full(len(nodes), -1)
    xy = np.zeros((len(nodes), 2))
    start = np.array([position[n] for n in placed], dtype=np.int64)
    level[start] = 0
    xy[start] = [placed[n] for n in placed]
    rng = np.random.default_rng(seed)
    spread = 1.5 / math.sqrt(len(nodes))
    step = 0
    while True:
        step += 1
        # Pairs from an unplaced node to a node of the level before.
        reach = (level[near] == step - 1) & (level[node_of] == -1)
        if not reach.any():
            break
        fresh, inverse = np.unique(node_of[reach], return_inverse=True)
        total = np.zeros((len(fresh), 2))
        np.add.at(total, inverse, xy[near[reach]])
        mean = total / np.bincount(inverse, minlength=len(fresh))[:, None]
        angle = rng.uniform(0, 2 * math.pi, len(fresh))
        radius = spread * (0.5 + rng.random(len(fresh)))
        xy[fresh] = mean + radius[:, None] * np.column_stack((np.cos(angle), np.sin(angle)))
        level[fresh] = step
    rest = np.flatnonzero(level == -1)  # components without a backbone node
    angle = 2 * math.pi * np.arange(len(rest)) / max(len(rest), 1)
    xy[rest] = 1.3 * np.column_stack((np.cos(angle), np.sin(angle)))
    return xy


def _spring(graph: nx.Graph, seed: int, anchors: list[str] | None = None) -> dict[str, tuple[float, float]]:
    # Three times networkx's default spacing: labelled nodes need room to be read.
    spacing = 3.0 / math.sqrt(max(graph.number_of_nodes(), 1))
    anchors = sorted(a for a in (anchors or []) if a in graph)
    if len(anchors) >= 2 and len(anchors) < graph.number_of_nodes():
        # Countries spread on a circle, held there: what links them is laid out between them.
        start = {
            a: (math.cos(2 * math.pi * i / len(anchors)), math.sin(2 * math.pi * i / len(anchors)))
            for i, a in enumerate(anchors)
        }
        positions = nx.spring_layout(graph, k=spacing, pos=start, fixed=anchors, iterations=80, seed=seed)
    else:
        positions = nx.spring_layout(graph, k=spacing, iterations=60, seed=seed)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


# The page draws a label under its node, in 14-pixel type, wrapped at LABEL_WIDTH pixels.
LABEL_WIDTH = 150
_CHAR_WIDTH, _LINE_HEIGHT, _LABEL_GAP, _MARGIN = 8.0, 18.0, 6.0, 8.0


def label_lines(label: str, width: float = LABEL_WIDTH) -> int:
    """How many lines a label wraps to at `width` pixels (words kept whole, as the page wraps; a
    line break in the label starts a line)."""
    total = 0
    for text in label.split("\n"):
        lines, line = 1, 0.0
        for word in text.split():
            length = len(word) * _CHAR_WIDTH
            if line and line + _CHAR_WIDTH + length > width:
                lines, line = lines + 1, length
            else:
                line += (_CHAR_WIDTH if line else 0) + length
        total += lines
    return total


def label_box(label: str, size: float) -> tuple[float, float, float, float]:
    """The box a node and its label take, around the node's centre: (left, top, right, bottom), a
    little larger than the page draws them."""
    width = max(2 * size, min(LABEL_WIDTH, len(label) * _CHAR_WIDTH)) + 2 * _MARGIN
    below = size + _LABEL_GAP + label_lines(label) * _LINE_HEIGHT + _MARGIN
    return -width / 2, -size - _MARGIN, width / 2, below


def spread_labels(
    points: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float, float]], rounds: int = 600
) -> dict[str, tuple[float, float]]:
    """Move nodes apart until no two boxes overlap: each overlapping pair is pushed apart along the
    axis where they overlap least, half each way, all pairs at once in a round (numpy; quadratic
    in the nodes, for the pages of up to a few hundred nodes that are read label by label)."""
    nodes = sorted(points)
    if len(nodes) < 2:
        return dict(points)
    xy = np.array([points[n] for n in nodes], dtype=float)
    box = np.array([boxes[n] for n in nodes], dtype=float)  # left, top, right, bottom offsets
    upper = np.triu(np.ones((len(nodes), len(nodes)), dtype=bool), k=1)
    for _ in range(rounds):
        left, top = xy[:, 0] + box[:, 0], xy[:, 1] + box[:, 1]
        right, bottom = xy[:, 0] + box[:, 2], xy[:, 1] + box[:, 3]
        dx = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        dy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        clash = upper & (dx > 0) & (dy > 0)
        if not clash.any():
            break
        i, j = np.nonzero(clash)
        along_x = dx[i, j] < dy[i, j]
        # Which way: away from each other (ties, a node exactly on another, by index).
        sx = np.where(xy[i, 0] >= xy[j, 0], 1.0, -1.0)
        sy = np.where(xy[i, 1] >= xy[j, 1], 1.0, -1.0)
        push = np.zeros((len(i), 2))
        push[along_x, 0] = (dx[i, j][along_x] / 2 + 0.5) * sx[along_x]
        push[~along_x, 1] = (dy[i, j][~along_x] / 2 + 0.5) * sy[~along_x]
        step = np.zeros_like(xy)
        np.add.at(step, i, push)
        np.add.at(step, j, -push)
        xy += step
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, xy, strict=True)}


def _simple_graph(adjacent: dict[str, set[str]], nodes: list[str]) -> nx.Graph:
    """The undirected simple graph on `nodes`, built in sorted order (so layouts are repeatable)."""
    keep = set(nodes)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((u, v) for u in sorted(nodes) for v in sorted(adjacent[u]) if v in keep and u < v)
    return graph


# Classes that describe an entity rather than being one an analyst names: a post, someone's holding
# of it, the government body it belongs to. The page folds them into the people who hold the posts.
STRUCTURAL_CLASSES = (PACT.Post, PACT.PostHolding, PACT.GovernmentBody)


@dataclass(frozen=True)
class Folding:
    """The analyst's view of a network: which nodes are structure, the direct links that replace
    them (a person to the country or organisation of each office they hold, labelled with the
    office), and the offices, in words, for each holder's details."""

    structural: frozenset[str]
    links: tuple[tuple[str, str, str], ...]  # (person, country or organisation, office label)
    offices: dict[str, tuple[str, ...]]  # person -> "Defence Minister of Ukraine, attested 2025-11-30, per ..."


def fold_structure(graph: Graph, network: nx.MultiDiGraph, facts: dict[str, list[Fact]] | None = None) -> Folding:
    """Posts, post holdings and government bodies folded into the people who hold the posts."""
    structural_classes = set()
    for root in STRUCTURAL_CLASSES:
        structural_classes |= {root, *graph.transitive_subjects(RDFS.subClassOf, root)}
    structural = {
        node for node in network if any(c in structural_classes for c in graph.objects(URIRef(node), RDF.type))
    }
    links: dict[tuple[str, str, str], None] = {}
    offices: dict[str, list[str]] = {}
    facts = facts or {}
    for holding in sorted(structural):
        iri = URIRef(holding)
        person, post = graph.value(iri, PACT.holder), graph.value(iri, PACT.post)
        if person is None or post is None or str(person) not in network:
            continue
        office = _label(graph, post)
        country = graph.value(post, PACT.postOf)
        organisation = graph.value(post, PACT.postIn)
        if country is None and organisation is not None:
            country = graph.value(organisation, PACT.bodyOf)  # a ministry's country
            if country is None:
                country = organisation  # an executive's company
        if country is not None and str(country) in network and str(country) not in structural:
            links[(str(person), str(country), office)] = None
        dates = sorted({str(d) for p in (PACT.attestedOn, PACT.heldFrom) for d in graph.objects(iri, p)})
        sources = sorted({f.source for f in facts.get(holding, [])})
        words = (
            office
            + (f", attested {', '.join(dates)}" if dates else "")
            + (f", per {'; '.join(sources)}" if sources else "")
        )
        offices.setdefault(str(person), []).append(words)
    return Folding(
        frozenset(structural),
        tuple(links),
        {person: tuple(sorted(set(words))) for person, words in offices.items()},
    )


# The dates the timeline shows, and what each says happened.
TIMELINE_KINDS = {
    PACT.signedOn: "signed",
    PACT.announcedOn: "announced",
    PACT.scheduledStart: "scheduled to start",
    PACT.plannedFor: "planned for",
    PACT.attestedOn: "attested",
}
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _period(text: str) -> tuple[str, str] | None:
    """The span a date covers, as ISO days [start, end): a day is a day, "2025-11" its month,
    "2026" its year (a year is a span, not a day)."""
    match = _PERIOD.match(text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            start = dt.date(int(year), int(month), int(day))
            return start.isoformat(), (start + dt.timedelta(days=1)).isoformat()
        if month:
            start = dt.date(int(year), int(month), 1)
            end = dt.date(int(year) + (start.month == 12), start.month % 12 + 1, 1)
            return start.isoformat(), end.isoformat()
        return f"{year}-01-01", f"{int(year) + 1:04d}-01-01"
    except ValueError:
        return None


def timeline_events(
    graph: Graph, network: nx.MultiDiGraph, folding: Folding | None = None
) -> list[tuple[str, str, str, str, str]]:
    """Every dated event of the network's nodes: (node, what happened, start, end, the date as
    given), in date order. A post holding's date is its holder's, for the view that folds it."""
    events = set()
    for node in network:
        iri = URIRef(node)
        shown = node
        if folding is not None and node in folding.structural:
            holder = graph.value(iri, PACT.holder)
            if holder is None or str(holder) not in network:
                continue
            shown = str(holder)
        for predicate, kind in TIMELINE_KINDS.items():
            for value in graph.objects(iri, predicate):
                period = _period(str(value)) if isinstance(value, Literal) else None
                if period:
                    events.add((shown, kind, period[0], period[1], str(value)))
    return sorted(events, key=lambda e: (e[2], e[3], e[1], e[0]))
