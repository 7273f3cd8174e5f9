"""The entity network: partners, centrality, paths, layout, and the render and network commands."""

from __future__ import annotations

import json
import math
import re
from collections import Counter

import networkx as nx
import pytest
from pactgraph import network as net
from pactgraph.cli import main
from pactgraph.render import page_data

from bench.synthetic import partnership_network
from tests.cli import Runner


@pytest.fixture(scope="module")
def entities(merged):
    return net.entity_network(merged)


def labels(entities, nodes):
    return [entities.nodes[n]["label"] for n in nodes]


def test_partners_are_countries_sharing_a_node_and_enemies_are_not_partners(entities, merged):
    partners = net.partners(entities, hostile=net.hostile_types(merged))
    ukraine = dict(partners["https://w3id.org/pactgraph/id/country/UA"])
    assert labels(entities, ukraine) == ["Norway", "United Kingdom", "United States"]
    via_uk = labels(entities, ukraine["https://w3id.org/pactgraph/id/country/GB"])
    assert "UK–Ukraine interceptor drone production" in via_uk
    assert partners["https://w3id.org/pactgraph/id/country/RU"] == []
    # Without the ontology's hostile mark, the invasion would make Russia a "partner".
    assert "https://w3id.org/pactgraph/id/country/RU" in dict(
        net.partners(entities)["https://w3id.org/pactgraph/id/country/UA"]
    )


def test_central_entities(entities):
    ranked = net.central_entities(entities, 3)
    assert entities.nodes[ranked[0][0]]["label"] == "Ukraine"
    assert ranked[0][1] > ranked[1][1] > 0


def test_shortest_path_and_finding_nodes(entities):
    start, end = net.find_node(entities, "Tore O. Sandvik"), net.find_node(entities, "united kingdom")
    steps = net.shortest_path(entities, start, end)
    assert [entities.nodes[n]["label"] for n, _ in steps][0] == "Tore O. Sandvik"
    assert steps[-1] == (end, None) and len(steps) >= 3
    from pactgraph.errors import InputError

    assert entities.nodes[net.find_node(entities, "sandvik")]["label"] == "Tore O. Sandvik"
    tie = nx.MultiDiGraph()
    tie.add_node("a", label="Pledge A")
    tie.add_node("b", label="Pledge B")
    with pytest.raises(InputError, match=r"matches 2 entities \('Pledge A', 'Pledge B'\)"):
        net.find_node(tie, "pledge")
    # Two countries contain "United": neither is picked silently.
    with pytest.raises(InputError, match="'United' matches 3 entities"):
        net.find_node(entities, "United")
    with pytest.raises(InputError, match="no entity is named"):
        net.find_node(entities, "Atlantis")


def test_large_layout_is_linear_complete_and_repeatable():
    network, _ = partnership_network(nodes=3000, edges=9000)
    first, second = net.layout(network), net.layout(network)
    assert first == second
    assert set(first) == set(network)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())


def test_nodes_beyond_the_backbone_sit_by_their_neighbours_one_level_closer():
    # Two placed nodes; "middle" touches both, "next" only "middle", "far" only "next"; 95 islands
    # reach none of them. Spread: 1.5 / sqrt(100 nodes) = 0.15 (hand worked).
    adjacent = {
        "left": {"middle"},
        "right": {"middle"},
        "middle": {"left", "right", "next"},
        "next": {"middle", "far"},
        "far": {"next"},
        **{f"island {i}": set() for i in range(95)},
    }
    nodes = sorted(adjacent)
    placed = net._place_by_levels(nodes, adjacent, {"left": (-1.0, 0.0), "right": (1.0, 2.0)}, 7)
    xy = dict(zip(nodes, placed, strict=True))
    assert tuple(xy["left"]) == (-1.0, 0.0) and tuple(xy["right"]) == (1.0, 2.0)
    # A jitter of 0.5 to 1.5 spreads around the mean of the neighbours on the level before.
    for node, mean in (("middle", (0.0, 1.0)), ("next", xy["middle"]), ("far", xy["next"])):
        assert 0.5 * 0.15 - 1e-9 <= math.dist(xy[node], mean) <= 1.5 * 0.15 + 1e-9
    # Unreached nodes go on a circle of radius 1.3, each at its own place.
    islands = [tuple(xy[f"island {i}"]) for i in range(95)]
    assert all(math.dist(p, (0, 0)) == pytest.approx(1.3) for p in islands) and len(set(islands)) == 95


def test_writing_a_page_leaves_the_garbage_collector_as_it_was():
    import gc

    network, years = partnership_network(nodes=50, edges=100)
    page_data(network, years=years)
    assert gc.isenabled()
    gc.disable()
    try:
        page_data(network, years=years)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_page_data_for_a_synthetic_network():
    network, years = partnership_network(nodes=1000, edges=3000)
    data = page_data(network, years=years)
    ids = list(network.nodes)
    # Every edge of the page joins the nodes the network joins, with the network's label.
    drawn = sorted((ids[u], ids[v], label) for u, v, label in data["edges"])
    assert drawn == sorted((u, v, d.get("label", k)) for u, v, k, d in network.edges(keys=True, data=True))
    # Each node keeps its label, class and years, and sits at a finite, distinct position.
    for node, shown in zip(ids, data["nodes"], strict=True):
        assert (shown["label"], shown["type"]) == (network.nodes[node]["label"], network.nodes[node]["type"])
        assert shown.get("years", []) == years.get(node, [])  # left out when there are none
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == 1000 and all(math.isfinite(c) for p in positions for c in p)
    # The best-connected node is drawn largest; classes count every node once.
    degree = dict(network.degree())
    biggest = max(range(len(ids)), key=lambda i: data["nodes"][i]["size"])
    assert degree[ids[biggest]] == max(degree.values())
    assert {c["name"]: c["count"] for c in data["classes"]} == dict(Counter(network.nodes[n]["type"] for n in network))
    # Partners as the analysis computes them, by index.
    expected = net.partners(network)
    for country, entries in data["partners"].items():
        assert [(ids[e["partner"]], [ids[v] for v in e["via"]]) for e in entries] == [
            (partner, via) for partner, via in expected[ids[int(country)]]
        ]
    json.dumps(data)


def test_network_command(fresh_exports):
    result = Runner().invoke(
        main, ["network", "--data", str(fresh_exports / "pactgraph.trig"), "--top", "3", "--path", "Sandvik", "Russia"]
    )
    assert result.exit_code == 0, result.stderr
    out = result.output
    ukraine_block = out.split("\n  Ukraine\n", 1)[1].split("\n  United Kingdom\n", 1)[0]
    assert re.findall(r"^    (\S.*)$", ukraine_block, flags=re.M) == ["Norway", "United Kingdom", "United States"]
    assert "Agreement: Ukraine–Norway drone co-production agreement (signed)" in ukraine_block
    assert "Most central entities (betweenness centrality, top 3)\n  " in out
    assert "Shortest path from Tore O. Sandvik to Russia" in out and "-- invader --" in out


def test_network_command_errors(fresh_exports, tmp_path):
    runner = Runner()
    result = runner.invoke(
        main, ["network", "--data", str(fresh_exports / "pactgraph.trig"), "--path", "Atlantis", "Norway"]
    )
    assert result.exit_code == 2 and "no entity is named 'Atlantis'" in result.stderr
    result = runner.invoke(main, ["network", "--data", str(tmp_path / "none.trig")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def page_nodes(path):
    html = path.read_text(encoding="utf-8")
    raw = re.search(r'id="graph-data">(.*?)</script>', html, flags=re.S).group(1)
    return json.loads(raw)["nodes"]


def test_render_a_file_and_a_construct_query(fresh_exports, tmp_path):
    runner = Runner()
    page = tmp_path / "all.html"
    result = runner.invoke(main, ["render", str(fresh_exports / "pactgraph.ttl"), "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    assert len(page_nodes(page)) == len(page_nodes(fresh_exports / "pactgraph.html"))

    funders = tmp_path / "funders.html"
    query = "CONSTRUCT { ?p pact:funder ?c } WHERE { ?p pact:funder ?c }"
    result = runner.invoke(
        main,
        ["render", query, "-o", str(funders), "--data", str(fresh_exports / "pactgraph.trig"), "--title", "Funders"],
    )
    assert result.exit_code == 0, result.stderr
    nodes = page_nodes(funders)
    assert {n["label"] for n in nodes if n["type"] == "Country"} == {"Norway", "United Kingdom"}
    assert len(nodes) == 5  # 2 funders; a donation, an allocation and a pledge
    assert "<title>Funders</title>" in funders.read_text(encoding="utf-8")


def test_render_refuses_a_select(fresh_exports, tmp_path):
    result = Runner().invoke(
        main,
        [
            "render",
            "signed-agreements",
            "-o",
            str(tmp_path / "x.html"),
            "--data",
            str(fresh_exports / "pactgraph.trig"),
        ],
    )
    assert result.exit_code == 2 and "CONSTRUCT" in result.stderr
    assert not (tmp_path / "x.html").exists()
