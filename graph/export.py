"""Stage 4a: serialisations of the built dataset, byte-identical on every run, written atomically.

Formats: Turtle (the merged graph, ontology included), TriG (one named graph per source, the
ontology in its own, PROV-O in the default graph), JSON-LD (the dataset, with a context),
N-Triples (sorted lines), GraphML (the entity network), HTML (the interactive network page).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import paths
from .build import graph_of, merged_graph, source_graph_iri
from .errors import InputError
from .vocab import GRAPH, ONTOLOGY_IRI, PREFIXES
from .writing import write_set

FORMATS = ("ttl", "trig", "jsonld", "nt", "graphml", "html")
PAGE_TITLE = "pactgraph: defence partnerships"


def _turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def _turtle_body(graph: Graph) -> str:
    lines = _turtle(graph).decode("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n")


def _trig(dataset: Dataset) -> bytes:
    """TriG assembled from one stable Turtle serialisation per graph, in IRI order.

    rdflib's own TriG writer orders subjects differently from run to run (checked with two hash
    seeds), while its Turtle writer is stable; TriG is Turtle wrapped in graph blocks."""
    namespaces = sorted((prefix, str(ns)) for prefix, ns in dataset.namespaces() if prefix in PREFIXES)
    parts = ["\n".join(f"@prefix {prefix}: <{ns}> ." for prefix, ns in namespaces)]
    default = graph_of(dataset, dataset.graph(DATASET_DEFAULT_GRAPH_ID))
    if len(default):
        parts.append(_turtle_body(default))
    named = sorted(
        (c for c in dataset.graphs() if c.identifier != DATASET_DEFAULT_GRAPH_ID and len(c)),
        key=lambda c: c.identifier,
    )
    for context in named:
        body = _turtle_body(graph_of(dataset, context))
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        parts.append(f"<{context.identifier}> {{\n{indented}\n}}")
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _ntriples(graph: Graph) -> bytes:
    # rdflib writes N-Triples in store order, which is not stable: sort the lines.
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line)) + "\n").encode("utf-8")


def _canonical_json(value: object) -> object:
    """JSON-LD with nodes sorted by @id and multi-valued properties sorted, so it is stable."""
    if isinstance(value, dict):
        return {key: _canonical_json(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(dataset: Dataset) -> bytes:
    context = {prefix: namespace for prefix, namespace in sorted(PREFIXES.items())}
    text = dataset.serialize(format="json-ld", context=context, auto_compact=True)
    document = _canonical_json(json.loads(text))
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _graphml(graph: Graph) -> bytes:
    import networkx as nx

    from .network import entity_network

    buffer = io.BytesIO()
    # The standard library's writer, always: nx.write_graphml takes lxml's when lxml is installed
    # (the draft extra brings it), which orders the keys differently, and the bytes must not
    # depend on what else is installed.
    nx.readwrite.graphml.write_graphml_xml(entity_network(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def dataset_annotations(dataset: Dataset) -> tuple[dict[str, list[dict]], dict, dict]:
    """What the sources of the dataset disagree on (graph.query.conflicts_by_entity), its money
    commitments table and the sources side by side (graph.compare), computed by Oxigraph over the
    dataset's TriG: the page shows them."""
    import pyoxigraph as ox

    from .store import annotations_of

    return annotations_of(ox.parse(_trig(dataset), format=ox.RdfFormat.TRIG))


def select_source(dataset: Dataset, source_id: str) -> Dataset:
    """A dataset with one source's named graph, its PROV-O description and the ontology."""
    wanted = source_graph_iri(source_id)
    known = sorted(
        str(c.identifier)[len(str(GRAPH)) :] for c in dataset.graphs() if str(c.identifier).startswith(str(GRAPH))
    )
    if source_id not in known:
        raise InputError(f"--source {source_id}: no such source (known: {', '.join(known)})")
    selected = Dataset()
    for prefix, namespace in dataset.namespaces():
        selected.bind(prefix, namespace, replace=True)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph_id = getattr(g, "identifier", g)  # rdflib yields graphs or their names, by version
        if graph_id in (wanted, ONTOLOGY_IRI):
            selected.graph(graph_id).add((s, p, o))
        elif s == wanted:  # the source graph's provenance, from the default graph
            selected.graph(DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
    return selected


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in one of FORMATS."""
    if fmt == "trig":
        return _trig(dataset)
    if fmt == "jsonld":
        return _jsonld(dataset)
    if fmt in ("ttl", "nt"):
        merged = merged_graph(dataset)  # drafts described, never asserted
        return _turtle(merged) if fmt == "ttl" else _ntriples(merged)
    # The network draws drafts too, each node with its number of unreviewed claims.
    drawn = merged_graph(dataset, drafts="asserted")
    if fmt == "graphml":
        return _graphml(drawn)
    if fmt == "html":
        from .render import render_graph

        conflicts, money, compared = dataset_annotations(dataset)
        return render_graph(drawn, PAGE_TITLE, conflicts, money, compared).encode("utf-8")
    raise InputError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")


def export_all(dataset: Dataset, directory: Path, extra: dict[str, bytes] | None = None) -> list[Path]:
    """Write every format to `directory`, as one set, with the `extra` files (name: content) the
    caller adds to it. All are serialised before the first is written, so a failure leaves the
    previous exports as they were."""
    outputs = {f"{paths.EXPORT_STEM}.{fmt}": serialize(dataset, fmt) for fmt in FORMATS}
    return write_set(directory, outputs | (extra or {}))
