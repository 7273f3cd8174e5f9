"""Stage 6: the interactive network page, one self-contained HTML file.

vis-network (the copy that ships inside pyvis), its CSS, our script and the graph's data are all
written into the page, which fetches nothing. The node and edge lists are built directly: pyvis'
own add_node/from_nx path is quadratic (about 25 s for 10,000 nodes) and turns tooltips into raw
HTML. Text reaches the page only as JSON inside a script element, escaped so that it cannot close
that element, and the page script shows it with textContent.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import networkx as nx

from graph import paths
from graph.errors import InputError
from graph.network import COUNTRY_TYPE, Fact, Folding, label_box, layout, neighbours, partners, spread_labels
from graph.prefixes import compact_iri

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
    counts = Counter(types)
    styles, extra = [], 0
    for name in sorted(counts):
        style = known.get(name)
        if style is None:
            style, extra = fallback[extra % len(fallback)], extra + 1
        styles.append({"name": name, "color": style["color"], "shape": style["shape"], "count": counts[name]})
    return styles


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
) -> dict:
    """Everything the page shows, as JSON-able data; nodes are referred to by index. `conflicts`
    (from graph.query.conflicts_by_entity) marks the nodes the sources disagree on."""
    facts, years, conflicts = facts or {}, years or {}, conflicts or {}
    folding = folding or Folding(frozenset(), (), {})
    ids = list(network.nodes)
    index = {node: i for i, node in enumerate(ids)}
    adjacent = neighbours(network)
    # Each source document once, for the page's sources filter; and how many independent sources
    # stand behind each node (a wire copy counts with its original; a draft is no source).
    documents = sorted({f.document for node_facts in facts.values() for f in node_facts if f.document})
    source_index = {document: i for i, document in enumerate(documents)}
    source_labels = {f.document: f.source.split("): ", 1)[-1] for fs in facts.values() for f in fs if f.document}
    independent = {node: len({f.independent for f in fs if f.independent}) for node, fs in facts.items()}
    positions = _positions(network, adjacent, folding, independent)
    degree = dict(network.degree())
    top = max(degree.values(), default=1) or 1
    nodes = []
    for node in ids:
        attributes = network.nodes[node]
        x, y = positions[node]
        entry = {
            "iri": compact_iri(node) or node,
            "label": attributes.get("label", node),
            "type": attributes.get("type", "Thing"),
            "x": x,
            "y": y,
            "size": node_size(degree[node], top),
            "status": str(attributes.get("status", "")).split("; ")[0],
            "years": years.get(node, []),
            "details": [
                [key, (compact_iri(value) if value.startswith("http") else None) or value]
                for key, value in sorted((k, str(v)) for k, v in attributes.items())
                if key not in ("label", "type", "altLabel")
            ],
            "aliases": [a for a in str(attributes.get("altLabel", "")).split("; ") if a],
            "conflicts": conflicts.get(node, []),
            "independent": independent.get(node, 0),
            "sourceIds": sorted({source_index[f.document] for f in facts.get(node, []) if f.document}),
            "unreviewed": int(attributes.get("unreviewedClaims", 0)),
            "structural": node in folding.structural,
            "offices": list(folding.offices.get(node, ())),
            "facts": [
                {"properties": list(f.properties), "source": f.source, "sentence": f.sentence}
                for f in facts.get(node, [])
            ],
        }
        # A field at its default is left out (the page fills it in): at 100,000 nodes, that is
        # megabytes of empty lists and zeros.
        nodes.append(
            {key: value for key, value in entry.items() if key not in NODE_DEFAULTS or value != NODE_DEFAULTS[key]}
        )
    all_years = sorted({y for node in nodes for y in node.get("years", ())})
    large = len(ids) > (PROGRESSIVE_ABOVE if progressive_above is None else progressive_above)
    # network.edges() walks the multigraph faster than its adjacency views (0.7 s against 1.2 s at
    # 300,000 edges), in the same order.
    edges = [[index[u], index[v], data.get("label", key)] for u, v, key, data in network.edges(keys=True, data=True)]
    page = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
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
        "classes": _class_styles([n["type"] for n in nodes]),
        "statuses": sorted({n["status"] for n in nodes if n.get("status")}),
        "years": [all_years[0], all_years[-1]] if all_years else [],
        "hostile": sorted(hostile),
    }
    if large:
        # Partners are worked out in the page for the one country asked about; nodes and edges go
        # as columns, each string once (a page of 100,000 nodes is half the size).
        page["partners"] = None
        page["countries"] = sorted(
            (i for i, n in enumerate(nodes) if n["type"] == COUNTRY_TYPE), key=lambda i: (nodes[i]["label"], i)
        )
        page["columns"] = _columns(nodes)
        page["edgeTable"] = _edge_table(edges)
        del page["nodes"], page["edges"]
    else:
        page["partners"] = {
            str(index[country]): [
                {"partner": index[partner], "via": [index[v] for v in via]} for partner, via in entries
            ]
            for country, entries in partners(network, adjacent, hostile).items()
        }
    return page


def _columns(nodes: list[dict]) -> dict:
    """Nodes as columns: the fields every node has as lists (types and IRI namespaces by index),
    the others sparse (the nodes that have them, and their values)."""
    types = sorted({n["type"] for n in nodes})
    type_index = {t: i for i, t in enumerate(types)}
    prefixes: dict[str, int] = {}
    iri_prefix, iri_local = [], []
    for n in nodes:
        cut = max(n["iri"].rfind("/"), n["iri"].rfind("#"), n["iri"].rfind(":")) + 1
        iri_prefix.append(prefixes.setdefault(n["iri"][:cut], len(prefixes)))
        iri_local.append(n["iri"][cut:])
    sparse: dict[str, dict[str, list]] = {}
    for i, n in enumerate(nodes):
        for key, value in n.items():
            if key not in ("iri", "label", "type", "x", "y", "size"):
                column = sparse.setdefault(key, {"i": [], "v": []})
                column["i"].append(i)
                column["v"].append(value)
    return {
        "label": [n["label"] for n in nodes],
        "types": types,
        "type": [type_index[n["type"]] for n in nodes],
        "iriPrefixes": list(prefixes),
        "iriPrefix": iri_prefix,
        "iriLocal": iri_local,
        "x": [n["x"] for n in nodes],
        "y": [n["y"] for n in nodes],
        "size": [n["size"] for n in nodes],
        "sparse": sparse,
    }


def _edge_table(edges: list[list]) -> dict:
    """Edges as one flat list of numbers (from, to, label index, ...) and the labels once."""
    labels: dict[str, int] = {}
    flat = []
    for u, v, label in edges:
        flat += (u, v, labels.setdefault(label, len(labels)))
    return {"labels": list(labels), "flat": flat}


def node_size(degree: int, top: int) -> float:
    return round(MIN_SIZE + MAX_EXTRA_SIZE * math.sqrt(degree / top), 1)


def shown_label(label: str, independent: int) -> str:
    """A node's label as the page draws it: with the number of its sources when more than one."""
    return f"{label}\n{independent} sources" if independent >= 2 else label


def _positions(
    network: nx.MultiDiGraph, adjacent: dict[str, set[str]], folding: Folding, independent: dict[str, int]
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
        degree = dict(network.degree())
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


def render_graph(
    graph, title: str = "pactgraph", conflicts: dict[str, list[dict]] | None = None, money: dict | None = None
) -> str:
    """The page for an rdflib graph (which should include the ontology, for class labels), with the
    sources' disagreements on its entities and the money commitments table when known."""
    from graph.network import entity_network, fold_structure, hostile_types, node_facts, node_years, timeline_events

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
    )
    return render_page(data)
