"""A synthetic partnership network, shaped like pactgraph's entity network, at any size.

    from bench.synthetic import partnership_network
    network, years = partnership_network(nodes=10_000, edges=30_000)

Countries are few and well connected; agreements, programmes, contributions and people hang off
them, as in the seed graph. Deterministic for a given seed.
"""

from __future__ import annotations

import random

import networkx as nx

# (type, share of nodes, statuses it may have)
KINDS = [
    ("Country", 0.02, [""]),
    ("Person", 0.12, [""]),
    ("Agreement", 0.22, ["signed", "negotiating", "announced"]),
    ("Production programme", 0.20, ["planned", "negotiating", "in production", "aimed"]),
    ("Donation", 0.10, ["announced", "delivered"]),
    ("Pledge", 0.08, ["pledged"]),
    ("Coalition", 0.02, [""]),
    ("Contribution", 0.24, [""]),
]
# Relations from each kind of node to a country, and between other kinds.
TO_COUNTRY = {
    "Person": "citizen of",
    "Agreement": "party",
    "Production programme": "participant",
    "Donation": "funder",
    "Pledge": "funder",
    "Coalition": "led by",
    "Contribution": "contributor",
}
OTHER = [
    ("Agreement", "Person", "signatory"),
    ("Production programme", "Agreement", "under agreement"),
    ("Contribution", "Agreement", "contributes to"),
    ("Donation", "Coalition", "recipient"),
]


def partnership_network(nodes: int = 10_000, edges: int = 30_000, seed: int = 1) -> tuple[nx.MultiDiGraph, dict]:
    rng = random.Random(seed)
    network = nx.MultiDiGraph()
    by_kind: dict[str, list[str]] = {}
    years: dict[str, list[int]] = {}
    for kind, share, statuses in KINDS:
        count = max(2, round(nodes * share))
        for i in range(count):
            node = f"https://example.org/{kind.lower().replace(' ', '-')}/{i}"
            status = rng.choice(statuses)
            attributes = {"label": f"{kind} {i}", "type": kind}
            if status:
                attributes["status"] = status
            network.add_node(node, **attributes)
            by_kind.setdefault(kind, []).append(node)
            if kind != "Country":
                years[node] = [rng.randint(2014, 2027)]
    countries = by_kind["Country"]
    weights = [1 / (rank + 1) for rank in range(len(countries))]  # a few countries take most ties
    sources = [n for n in network if network.nodes[n]["type"] != "Country"]
    for node in sources:  # every node is tied to at least one country
        network.add_edge(node, rng.choices(countries, weights)[0], label=TO_COUNTRY[network.nodes[node]["type"]])
    for _ in range(edges - len(sources)):  # (number_of_edges() is linear in a MultiDiGraph)
        if rng.random() < 0.5:
            node = rng.choice(sources)
            network.add_edge(node, rng.choices(countries, weights)[0], label=TO_COUNTRY[network.nodes[node]["type"]])
        else:
            kind, target, label = rng.choice(OTHER)
            network.add_edge(rng.choice(by_kind[kind]), rng.choice(by_kind[target]), label=label)
    return network, years
