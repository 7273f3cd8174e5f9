"""Stage 6: the interactive network page, one self-contained HTML file.

vis-network (the copy that ships inside pyvis), its CSS, our script and the graph's data are all
written into the page, which fetches nothing. The node and edge lists are built directly: pyvis'
own add_node/from_nx path is quadratic (about 25 s for 10,000 nodes) and turns tooltips into raw
HTML. Text reaches the page only as JSON inside a script element, escaped so that it cannot close
that element, and the page script shows it with textContent.
"""

from __future__ import annotations

import gc
import html
import importlib.util
import json
import math
import re
from collections import Counter
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np

from . import paths
from .errors import InputError
from .network import COUNTRY_TYPE, Fact, Folding, label_box, layout, neighbours, partners, spread_labels
from .prefixes import compact_iri

VIS_VERSION = "vis-9.1.2"
_PLACEHOLDER = re.compile(r"/\*\{\{([A-Z_]+)\}\}\*/")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
MIN_SIZE, MAX_EXTRA_SIZE = 8.0, 22.0
# What a node of the page's data is when a field is left out (graph/templates/network.js fills these in).
NODE_DEFAULTS = {
    "status": "",
    "years": [],
    "details": [],
    "aliases": [],
    "conflicts": [],
    "independent": 0,
    "sourceIds": [],
    "unreviewed": 0,
    "structural": False,
    "offices": [],
    "facts": [],
    "compare": None,  # the sources side by side, for a node more than one source speaks of
}
# Above this many nodes the page draws the countries and the PROGRESSIVE_CORE best-connected
# entities first (vis-network spends seconds on an object per node at 100,000).
PROGRESSIVE_ABOVE = 20_000
PROGRESSIVE_CORE = 2000
# Up to this many nodes, the page is read label by label: nodes are moved apart until no two
# labels overlap (a quadratic pass; larger networks are read by search and neighbourhood).
SPREAD_LIMIT = 300


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, read from the pyvis package (without importing pyvis,
    which would pull in IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("pyvis is not installed: pip install pyvis (it carries the vis-network library)")
    lib = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / VIS_VERSION
    # The source map it names is not shipped; a browser's developer tools would try to fetch it.
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", (lib / "vis-network.min.js").read_text(encoding="utf-8"))
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():
        raise InputError(f"{lib}: vis-network cannot be inlined (it contains a closing tag)")
    return script, style


@cache
def _template(name: str) -> str:
    return (paths.TEMPLATES / name).read_text(encoding="utf-8")


def _class_styles(types: list[str]) -> list[dict]:
    config = json.loads(_template("classes.json"))
    known, fallback = config["classes"], config["fallback"]
    group_of = {name: group for group, names in config["groups"].items() for name in names}
    order = {group: i for i, group in enumerate(config["groups"])}
    counts = Counter(types)
    styles, extra = [], 0
    for name in sorted(counts):
        style = known.get(name)
        if style is None:
            style, extra = fallback[extra % len(fallback)], extra + 1
        group = group_of.get(name, "Other")
        styles.append(
            {"name": name, "color": style["color"], "shape": style["shape"], "count": counts[name], "group": group}
        )
    # The legend's order: by group (actors, events, money, places, offices, other), then by name.
    return sorted(styles, key=lambda s: (order.get(s["group"], len(order)), s["name"]))


@contextmanager
def _without_cyclic_gc():
    """The page's data are a few million small lists and dicts, all alive until the page is written:
    the cyclic garbage collector, set off again and again by their allocation, walks them each time
    (a second of the four it took to write a page of 100,000 nodes). Nothing here makes cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_cyclic_gc()
def page_data(
    network: nx.MultiDiGraph,
    facts: dict[str, list[Fact]] | None = None,
    years: dict[str, list[int]] | None = None,
    title: str = "pactgraph",
    hostile: frozenset[str] = frozenset(),
    conflicts: dict[str, list[dict]] | None = None,
    folding: Folding | None = None,
    money: dict | None = None,
    events: list[tuple[str, str, str, str, str]] | None = None,
    progressive_above: int | None = None,
    compared: dict | None = None,
) -> dict:
    """Everything the page shows, as JSON-able data; nodes are referred to by index. `conflicts`
    (from graph.query.conflicts_by_entity) marks the nodes the sources disagree on."""
    facts = facts or {}
    folding = folding or Folding(frozenset(), (), {})
    ids = list(network.nodes)
    index = {node: i for i, node in enumerate(ids)}
    adjacent = neighbours(network)
    edge_table = _edge_table(network, index)
    degree = _degrees(edge_table["flat"], ids)
    # Each source document once, for the page's sources filter; and how many independent sources
    # stand behind each node (a wire copy counts with its original; a draft is no source).
    documents = sorted({f.document for node_facts in facts.values() for f in node_facts if f.document})
    source_index = {document: i for i, document in enumerate(documents)}
    source_labels = {f.document: f.source.split("): ", 1)[-1] for fs in facts.values() for f in fs if f.document}
    independent = {node: len({f.independent for f in fs if f.independent}) for node, fs in facts.items()}
    positions = _positions(network, adjacent, folding, independent, degree)
    fields = _node_fields(
        network,
        ids,
        positions,
        degree,
        {
            "years": years or {},
            "conflicts": conflicts or {},
            "independent": independent,
            "sourceIds": {
                node: sorted({source_index[f.document] for f in fs if f.document}) for node, fs in facts.items()
            },
            "facts": {
                node: [{"properties": list(f.properties), "source": f.source, "sentence": f.sentence} for f in fs]
                for node, fs in facts.items()
            },
            "structural": dict.fromkeys(folding.structural, True),
            "offices": {node: list(offices) for node, offices in folding.offices.items()},
            "compare": {node: _comparison(c) for node, c in (compared or {}).items() if node in index},
        },
    )
    dense, sparse = fields
    all_years = sorted({y for node_years in sparse["years"].values() for y in node_years})
    large = len(ids) > (PROGRESSIVE_ABOVE if progressive_above is None else progressive_above)
    page = {
        "title": title,
        # The analyst's view: a person linked straight to the country of each office held (in
        # place of the post, holding and body nodes, which the full structure view shows).
        "officeLinks": [[index[person], index[target], office] for person, target, office in folding.links],
        # The money commitments table (the money-commitments query's answer), when known.
        "money": money or {"columns": [], "rows": []},
        "sources": [source_labels[document] for document in documents],
        # A large network starts with its countries and best-connected entities; a neighbourhood
        # is added when a node is found or clicked.
        "progressive": {"core": PROGRESSIVE_CORE} if large else False,
        # The timeline: [node, what happened, start, end (ISO days, end excluded), date as given].
        "events": [[index[node], kind, start, end, given] for node, kind, start, end, given in events or []],
        "classes": _class_styles(dense["type"]),
        "statuses": sorted(set(sparse["status"].values())),
        "years": [all_years[0], all_years[-1]] if all_years else [],
        "hostile": sorted(hostile),
    }
    if large:
        # Partners are worked out in the page for the one country asked about; nodes and edges go
        # as columns, each string once (a page of 100,000 nodes is half the size).
        page["partners"] = None
        page["countries"] = sorted(
            (i for i, kind in enumerate(dense["type"]) if kind == COUNTRY_TYPE), key=lambda i: (dense["label"][i], i)
        )
        page["columns"] = _columns(dense, sparse)
        page["edgeTable"] = edge_table
    else:
        page["nodes"] = _rows(dense, sparse)
        flat, labels = edge_table["flat"], edge_table["labels"]
        page["edges"] = [[u, v, labels[k]] for u, v, k in zip(flat[0::3], flat[1::3], flat[2::3], strict=True)]
        page["partners"] = {
            str(index[country]): [
                {"partner": index[partner], "via": [index[v] for v in via]} for partner, via in entries
            ]
            for country, entries in partners(network, adjacent, hostile).items()
        }
    return page


def _comparison(comparison) -> dict:
    """A graph.compare.Comparison as the page reads it: the columns' headings, and each property's
    row, whether the sources differ on it, and its cells ({"v": values, "s": [sentence, ...]} or None)."""
    return {
        "columns": [column.heading for column in comparison.columns],
        "rows": [
            [
                row.property,
                row.differs,
                [
                    None if c is None else {"v": c.values, "t": c.text, "s": [s[0] for s in c.sentences]}
                    for c in row.cells
                ],
            ]
            for row in comparison.rows
        ],
    }


# Node attributes that are not listed among a node's details (they are shown as its name and kind).
_NOT_DETAILS = frozenset({"label", "type", "altLabel"})


def _node_fields(
    network: nx.MultiDiGraph,
    ids: list[str],
    positions: dict[str, tuple[float, float]],
    degree: dict[str, int],
    by_node: dict[str, dict[str, object]],
) -> tuple[dict[str, list], dict[str, dict[int, object]]]:
    """Every node's fields as columns: dense (a list a field, in `ids` order: iri, label, type, x,
    y, size) and sparse (a field's {node index: value} for the nodes whose value is not its
    default, NODE_DEFAULTS). `by_node` gives sparse fields' values by node, as worked out elsewhere.
    Built a column at a time: a dict a node costs a second at 100,000 nodes."""
    attributes = [network.nodes[node] for node in ids]
    top = max(degree.values(), default=1) or 1
    dense = {
        "iri": [compact_iri(node) or node for node in ids],
        "label": [a.get("label", node) for node, a in zip(ids, attributes, strict=True)],
        "type": [a.get("type", "Thing") for a in attributes],
        "x": [positions[node][0] for node in ids],
        "y": [positions[node][1] for node in ids],
        "size": [node_size(degree[node], top) for node in ids],
    }
    sparse: dict[str, dict[int, object]] = {key: {} for key in NODE_DEFAULTS}
    for i, a in enumerate(attributes):
        if a.keys() - _NOT_DETAILS:
            sparse["details"][i] = [
                [key, (compact_iri(value) if value.startswith("http") else None) or value]
                for key, value in sorted((k, str(v)) for k, v in a.items() if k not in _NOT_DETAILS)
            ]
            status = str(a.get("status", "")).split("; ")[0]
            unreviewed = int(a.get("unreviewedClaims", 0))
            if status:
                sparse["status"][i] = status
            if unreviewed:
                sparse["unreviewed"][i] = unreviewed
        aliases = [alias for alias in str(a.get("altLabel", "")).split("; ") if alias]
        if aliases:
            sparse["aliases"][i] = aliases
    index = {node: i for i, node in enumerate(ids)}
    for key, values in by_node.items():
        sparse[key].update(
            (index[node], value) for node, value in values.items() if node in index and value != NODE_DEFAULTS[key]
        )
    return dense, {key: dict(sorted(values.items())) for key, values in sparse.items()}


def _rows(dense: dict[str, list], sparse: dict[str, dict[int, object]]) -> list[dict]:
    """The nodes as a list of objects, fields at their defaults left out (a small page's form)."""
    rows = [dict(zip(dense, values, strict=True)) for values in zip(*dense.values(), strict=True)]
    for key, values in sparse.items():
        for i, value in values.items():
            rows[i][key] = value
    return rows


def _columns(dense: dict[str, list], sparse: dict[str, dict[int, object]]) -> dict:
    """The nodes as columns (a large page's form): types and IRI namespaces by index, the sparse
    fields as the indices of the nodes that have them and their values."""
    types = sorted(set(dense["type"]))
    type_index = {t: i for i, t in enumerate(types)}
    prefixes: dict[str, int] = {}
    iri_prefix, iri_local = [], []
    for iri in dense["iri"]:
        cut = max(iri.rfind("/"), iri.rfind("#"), iri.rfind(":")) + 1
        iri_prefix.append(prefixes.setdefault(iri[:cut], len(prefixes)))
        iri_local.append(iri[cut:])
    return {
        "label": dense["label"],
        "types": types,
        "type": [type_index[t] for t in dense["type"]],
        "iriPrefixes": list(prefixes),
        "iriPrefix": iri_prefix,
        "iriLocal": iri_local,
        "x": dense["x"],
        "y": dense["y"],
        "size": dense["size"],
        "sparse": {key: {"i": list(values), "v": list(values.values())} for key, values in sparse.items() if values},
    }


def _edge_table(network: nx.MultiDiGraph, index: dict[str, int]) -> dict:
    """Edges as one flat list of numbers (from, to, label index, ...) and the labels once, in
    network.edges() order. The walk goes through network.adjacency()'s plain dicts: networkx's
    edge views take twice as long on a multigraph."""
    labels: dict[str, int] = {}
    flat: list[int] = []
    for u, targets in network.adjacency():
        i = index[u]
        for v, keyed in targets.items():
            j = index[v]
            for key, data in keyed.items():
                flat += (i, j, labels.setdefault(data.get("label", key), len(labels)))
    return {"labels": list(labels), "flat": flat}


def _degrees(flat: list[int], ids: list[str]) -> dict[str, int]:
    """Each node's degree (edges in and out, as networkx counts them) from the flat edge table."""
    ends = np.asarray(flat, dtype=np.int64).reshape(-1, 3)[:, :2]
    return dict(zip(ids, np.bincount(ends.ravel(), minlength=len(ids)).tolist(), strict=True))


def node_size(degree: int, top: int) -> float:
    return round(MIN_SIZE + MAX_EXTRA_SIZE * math.sqrt(degree / top), 1)


def shown_label(label: str, independent: int) -> str:
    """A node's label as the page draws it: with the number of its sources when more than one."""
    return f"{label}\n{independent} sources" if independent >= 2 else label


def _positions(
    network: nx.MultiDiGraph,
    adjacent: dict[str, set[str]],
    folding: Folding,
    independent: dict[str, int],
    degree: dict[str, int],
) -> dict[str, tuple[float, float]]:
    """Page coordinates of every node. The layout is made for what the analyst sees first:
    structure folded (a person beside the countries of their offices), countries spread on a
    circle; and, up to SPREAD_LIMIT nodes, nodes moved apart until no two labels overlap. A
    folded node sits by the entity it describes, for the full structure view."""
    if folding.structural or folding.links:
        seen = {
            n: {m for m in near if m not in folding.structural}
            for n, near in adjacent.items()
            if n not in folding.structural
        }
        for person, target, _ in folding.links:
            seen[person].add(target)
            seen[target].add(person)
    else:
        seen = adjacent  # nothing folded (someone else's data, a synthetic network): as it is
    countries = [n for n in seen if network.nodes[n].get("type") == "Country"]
    positions = layout(network, adjacent=seen, anchors=countries)
    small = len(positions) <= SPREAD_LIMIT
    # A small network is laid out tight and then spread just enough for its labels, so that the
    # first view, fitted to the page, shows them at a size that can be read.
    scale = 45.0 * math.sqrt(len(positions)) if small else max(500.0, 40.0 * math.sqrt(len(network)))
    points = {node: (x * scale, y * scale) for node, (x, y) in positions.items()}
    if small:
        top = max(degree.values(), default=1) or 1
        boxes = {
            n: label_box(
                shown_label(str(network.nodes[n].get("label", n)), independent.get(n, 0)), node_size(degree[n], top)
            )
            for n in points
        }
        points = spread_labels(points, boxes)
    for order, node in enumerate(sorted(folding.structural)):
        anchor = next((m for m in sorted(adjacent[node]) if m in points), None)
        x, y = points.get(anchor, (0.0, 0.0))
        angle = 2 * math.pi * (order % 8) / 8
        points[node] = (x + 60 * math.cos(angle), y + 60 * math.sin(angle))
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in points.items()}


def script_json(data: object) -> str:
    """JSON that is safe inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def render_page(data: dict) -> str:
    """The page's HTML for `page_data(...)`."""
    vis_script, vis_style = _vis_assets()
    parts = {
        "TITLE": html.escape(data["title"]),
        "VIS_CSS": vis_style,
        "VIS_JS": vis_script,
        "APP_JS": _template("network.js"),
        "DATA": script_json(data),
    }
    # One pass over the template: a placeholder-like string inside a part is never expanded.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _template("network.html"))


def render_quads(quads: list, title: str = "pactgraph") -> str:
    """The page for a dataset's quads (an RDF file's, or an endpoint's graphs): drawn with the
    ontology's class names, with what its sources disagree on and its money commitments."""
    from .build import graph_with_ontology
    from .store import annotations_of

    conflicts, money, compared = annotations_of(quads)
    return render_graph(graph_with_ontology(quads), title, conflicts, money, compared)


def render_graph(
    graph,
    title: str = "pactgraph",
    conflicts: dict[str, list[dict]] | None = None,
    money: dict | None = None,
    compared: dict | None = None,
) -> str:
    """The page for an rdflib graph (which should include the ontology, for class labels), with the
    sources' disagreements on its entities, the money commitments table and the sources side by
    side (graph.compare.Comparison by IRI) when known."""
    from .network import entity_network, fold_structure, hostile_types, node_facts, node_years, timeline_events

    network = entity_network(graph)
    if network.number_of_nodes() == 0:
        raise InputError("nothing to draw: the graph has no typed resources")
    facts = node_facts(graph, network)
    folding = fold_structure(graph, network, facts)
    data = page_data(
        network,
        facts,
        node_years(graph, network),
        title,
        hostile_types(graph),
        conflicts,
        folding,
        money,
        timeline_events(graph, network, folding),
        compared=compared,
    )
    return render_page(data)
