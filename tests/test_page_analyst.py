"""The page an analyst reads: the entities they name by default, offices folded into the people
who hold them, and the money commitments as a table with its CSV made in the page.

Expected values are read off the seed report: Denys Shmyhal is Ukraine's Defense Minister, attested
on 30 November 2025 by The Kyiv Independent; the money rows are those of the money-commitments query.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

pytest.importorskip("playwright")
from bench.browser import chromium_path, offline_page  # noqa: E402
from tests.cli import invoke  # noqa: E402
from tests.test_page import open_page, show_filters  # noqa: E402

if not chromium_path():
    pytest.skip("chromium is not installed", allow_module_level=True)

STRUCTURE = {
    "Post holding",
    "Ministerial post",
    "Government body",
    "Post",
    "Head of state post",
    "Head of government post",
}


def visible_types(page) -> list[str]:
    return page.evaluate(
        "window.pactgraph.nodes.get().filter((n) => !n.hidden).map((n) => window.pactgraph.data.nodes[n.id].type)"
    )


def shown_edge_labels(page) -> set[str]:
    return set(
        page.evaluate(
            """() => { const p = window.pactgraph; return p.edges.get().filter((e) => !e.hidden
                && !p.nodes.get(e.from).hidden && !p.nodes.get(e.to).hidden).map((e) => e.label); }"""
        )
    )


def test_the_default_view_folds_posts_holdings_and_bodies_into_the_people(fresh_exports):
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        types = visible_types(page)
        assert not STRUCTURE & set(types)
        assert {"Country", "Person", "Agreement"} <= set(types)
        # A person links straight to their country through the office.
        assert {"Defense Minister of Ukraine", "Defense Minister of Norway"} <= shown_edge_labels(page)
        page.fill("#search", "Shmyhal")
        page.press("#search", "Enter")
        details = page.inner_text("#details")
        assert "Defense Minister of Ukraine, attested 2025-11-30, per The Kyiv Independent, 2025-11-30" in details
        # The switch shows the full RDF structure, as before.
        show_filters(page)
        page.check("#full-structure")
        assert STRUCTURE & set(visible_types(page)) == {"Post holding", "Ministerial post", "Government body"}
        assert "Defense Minister of Ukraine" not in shown_edge_labels(page)
        page.uncheck("#full-structure")
        assert not STRUCTURE & set(visible_types(page))
        assert log.requests == [] and log.errors == []


def query_rows(fresh_exports) -> list[list[str]]:
    result = invoke("query", "money-commitments", "--data", str(fresh_exports / "pactgraph.trig"), "--format", "csv")
    assert result.exit_code == 0
    return list(csv.reader(io.StringIO(result.output)))


def test_the_money_table_and_its_csv_are_the_money_commitments_query(fresh_exports, tmp_path):
    expected = query_rows(fresh_exports)
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        page.click("#money-toggle")
        assert page.is_visible("#money") and not page.is_visible("#network")
        assert page.locator("#money-table tbody tr").count() == len(expected) - 1
        with page.expect_download() as download:
            page.click("#money-csv")
        saved = tmp_path / "money.csv"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "money-commitments.csv"
        assert list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8")))) == expected
        assert log.requests == [] and log.errors == []


def test_the_money_table_sorts_by_a_column_from_the_keyboard(fresh_exports):
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        page.click("#money-toggle")
        headings = page.locator("#money-table th").all_inner_texts()
        amount = headings.index("Amount as stated")
        page.locator("#money-table th button").nth(amount).focus()
        page.keyboard.press("Enter")

        def figures() -> list[int]:
            # "≈ NOK 6,700,000,000" over its stated words: the figure, as a number
            cells = page.locator(f"#money-table tbody tr td:nth-child({amount + 1})").all_inner_texts()
            return [int(c.splitlines()[0].split(" ")[-1].replace(",", "")) for c in cells if c]

        numbers = figures()
        assert numbers == sorted(numbers) and numbers[0] == 660000000  # "about $660 million"
        assert page.get_attribute(f"#money-table th:nth-child({amount + 1})", "aria-sort") == "ascending"
        page.keyboard.press("Enter")  # the focus stays on the header: again, descending
        assert figures()[0] == 7000000000  # "$7 billion"
        # The CSV follows the table's order, and holds the same rows.
        shown = list(csv.reader(io.StringIO(page.evaluate("window.pactgraph.moneyCsv()"))))
        assert sorted(shown[1:]) == sorted(query_rows(fresh_exports)[1:])
        assert log.requests == [] and log.errors == []


def test_the_csv_quotes_what_csv_must(tmp_path):
    """A label with a comma and quotes, a stated sum with a line break: the page's CSV quotes them
    as the query's CSV does (written for this test; the seed has none)."""
    data = tmp_path / "aid.trig"
    data.write_text(
        """@prefix pact: <https://w3id.org/pactgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/pactgraph/id/> .
pact:Donation rdfs:subClassOf pact:FundingProgramme ; rdfs:label "Donation"@en .
id:status\\/pledged skos:prefLabel "pledged"@en .
<https://w3id.org/pactgraph/graph/aid> {
  id:country\\/NO a pact:Country ; rdfs:label "Norway"@en .
  id:programme\\/aid a pact:Donation ; rdfs:label "Aid \\"A\\", part 1"@en ; pact:funder id:country\\/NO ;
    pact:status id:status\\/pledged ; pact:amount id:programme\\/aid\\/amount .
  id:programme\\/aid\\/amount schema:value 5 ; schema:currency "NOK" ; pact:statedAs "five\\ncrowns" .
}
""",
        encoding="utf-8",
    )
    page_path = tmp_path / "aid.html"
    assert invoke("render", str(data), "-o", str(page_path)).exit_code == 0
    expected = invoke("query", "money-commitments", "--data", str(data), "--format", "csv").output
    assert '"Aid ""A"", part 1"' in expected  # the query's own CSV quotes it
    with offline_page() as (page, log):
        open_page(page, page_path)
        made = page.evaluate("window.pactgraph.moneyCsv()")
        assert '"Aid ""A"", part 1"' in made and '"five\ncrowns"' in made
        assert list(csv.reader(io.StringIO(made))) == list(csv.reader(io.StringIO(expected)))
        assert log.requests == [] and log.errors == []


OVERLAPS = """() => {
  const p = window.pactgraph;
  const ids = p.nodes.get().filter((n) => !n.hidden).map((n) => n.id);
  // vis-network's box of a drawn node holds its shape and its label, in canvas coordinates.
  const boxes = ids.map((id) => p.network.getBoundingBox(id));
  let overlaps = 0;
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const x = boxes[a], y = boxes[b];
    if (x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom) overlaps++;
  }
  const widest = Math.max(...boxes.map((box) => box.right - box.left));
  return { shown: ids.length, overlaps: overlaps, widest: widest, scale: p.network.getScale() };
}"""


@pytest.fixture(scope="module")
def three_source_page(tmp_path_factory) -> Path:
    from tests.test_many_sources import assemble

    root = tmp_path_factory.mktemp("three-sources")
    sources, claims = assemble(root)
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(root / "out"))
    assert result.exit_code == 0
    return root / "out" / "pactgraph.html"


@pytest.fixture(scope="module")
def synthetic_300_page(tmp_path_factory) -> Path:
    from pactgraph.render import page_data, render_page

    from bench.synthetic import partnership_network

    network, years = partnership_network(300, 900)
    path = tmp_path_factory.mktemp("synthetic") / "page.html"
    path.write_text(render_page(page_data(network, years=years, title="synthetic")), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["seed", "three sources", "300 synthetic nodes"])
def test_no_two_labels_overlap_in_the_first_view(fresh_exports, three_source_page, synthetic_300_page, which):
    """Measured: 0 overlapping pairs of labels on the seed (21 nodes shown), the three-source
    corpus (13) and a synthetic network of 300 nodes (300); before labels were laid out, the seed
    had 20 pairs."""
    path = {"seed": fresh_exports / "pactgraph.html", "three sources": three_source_page}.get(which, synthetic_300_page)
    with offline_page() as (page, log):
        open_page(page, path)
        measured = page.evaluate(OVERLAPS)
        assert measured["shown"] >= 10
        assert measured["widest"] > 80  # the boxes hold the labels, not only the shapes (at most 60 wide)
        assert measured["overlaps"] == 0
        if which != "300 synthetic nodes":
            assert measured["scale"] > 0.6  # fitted to the page, and still large enough to read
        assert log.errors == []


def test_edge_labels_show_when_zoomed_in(fresh_exports):
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        assert page.evaluate("window.pactgraph.edgeLabelsShown()") is False
        box = page.locator("#network").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(12):
            page.mouse.wheel(0, -300)
        page.wait_for_function("window.pactgraph.network.getScale() >= 1.6")
        assert page.evaluate("window.pactgraph.edgeLabelsShown()") is True
        assert log.errors == []


def test_details_are_readable_beside_their_names(three_source_page):
    """Each value in a node's details gets the width of the panel, not a column one letter wide
    (a disagreement's values, beside "agreementKind", were wrapped a letter a line)."""
    with offline_page() as (page, log):
        open_page(page, three_source_page)
        page.fill("#search", "co-production agreement")
        page.press("#search", "Enter")
        assert "Sources disagree" in page.inner_text("#details")
        widths = page.evaluate(
            "[...document.querySelectorAll('#details dd')].map((dd) => dd.getBoundingClientRect().width)"
        )
        assert widths and min(widths) > 150
        assert log.errors == []


def test_sources_side_by_side_their_count_on_the_node_and_a_filter(three_source_page):
    """The three-source corpus: the signing is reported by Nordic Wire Service, its copy in
    Regional Post, Kiev Morning Herald and Oslo Business Review: three independent sources (the
    copy counts with its original), read off the sources' metadata."""
    with offline_page() as (page, log):
        open_page(page, three_source_page)
        label = "Ukraine–Norway drone co-production agreement"
        index = page.evaluate(f"window.pactgraph.data.nodes.findIndex((n) => n.label === {label!r})")
        drawn = page.evaluate(f"window.pactgraph.nodes.get({index}).label")
        assert drawn.startswith("\u26a0 ") and drawn.endswith("\n3 sources")
        page.fill("#search", "co-production agreement")
        page.press("#search", "Enter")
        assert "Sources (3 independent sources)" in page.inner_text("#details")
        headings = page.locator("#details .by-source h4").all_inner_texts()
        assert headings == sorted(set(headings), key=headings.index)  # each source once
        assert {h.split(",")[0] for h in headings} == {
            "Nordic Wire Service",
            "Regional Post",
            "Kiev Morning Herald",
            "Oslo Business Review",
        }
        # The filter: with every source but the Kiev Morning Herald hidden, what only the others
        # say goes (the Herald alone names the Prime Minister post; Fjordvik comes from others).
        show_filters(page)
        sources = page.evaluate("window.pactgraph.data.sources")
        for s, name in enumerate(sources):
            if not name.startswith("Kiev Morning Herald"):
                page.uncheck(f"input[data-source='{s}']")
        visible = page.evaluate(
            "window.pactgraph.nodes.get().filter((n) => !n.hidden).map((n) => window.pactgraph.data.nodes[n.id].label)"
        )
        assert label in visible and "Denys Shmyhal" in visible
        assert "Fjordvik Defence Systems" not in visible
        assert log.requests == [] and log.errors == []


def test_brushing_2023_leaves_the_donation_announcement_and_its_neighbours(fresh_exports):
    """The seed dates one event in 2023: "Earlier in 2023, Oslo announced it would donate ... to a
    U.K.-led maritime coalition for Ukraine." Its neighbours, from the claims: Norway (funder,
    announcer), the coalition (recipient), Ukraine (beneficiary), and Norway's aim to help produce
    naval drones, part of this support."""
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        strip = page.locator("#timeline-strip").bounding_box()
        start = page.evaluate("window.pactgraph.timeline.x('2023-01-01')")
        end = page.evaluate("window.pactgraph.timeline.x('2024-01-01')")
        y = strip["y"] + strip["height"] - 6  # below the marks, on the axis
        page.mouse.move(strip["x"] + start + 1, y)
        page.mouse.down()
        page.mouse.move(strip["x"] + (start + end) / 2, y)
        page.mouse.move(strip["x"] + end - 1, y)
        page.mouse.up()
        visible = page.evaluate(
            "window.pactgraph.nodes.get().filter((n) => !n.hidden).map((n) => window.pactgraph.data.nodes[n.id].label)"
        )
        assert sorted(visible) == sorted(
            [
                "Norway's donation to the U.K.-led maritime coalition",
                "Norway",
                "U.K.-led maritime coalition for Ukraine",
                "Ukraine",
                "Norway's aim to help produce naval drones in Ukraine",
            ]
        )
        period = page.inner_text("#timeline-period")  # a brush by mouse is as exact as its pixels
        assert period.startswith("2023-01-0") and " to 2023-12-" in period and period.endswith(": 5 nodes")
        page.click("#timeline-clear")
        assert page.evaluate("window.pactgraph.shown()") == 21
        assert log.requests == [] and log.errors == []


def test_clicking_an_event_selects_its_node_and_shows_its_sentences(fresh_exports):
    with offline_page() as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        page.click("#timeline-strip .event[aria-label^='announced 2023']")
        assert page.inner_text("#details h2") == "Norway's donation to the U.K.-led maritime coalition"
        assert "Earlier in 2023, Oslo announced it would donate" in page.inner_text("#details")
        donation = page.evaluate(
            'window.pactgraph.data.nodes.findIndex((n) => n.label === "Norway\'s donation to the U.K.-led maritime coalition")'
        )
        assert page.evaluate("window.pactgraph.network.getSelectedNodes()") == [donation]
        # A year is a span: the 2023 mark is as wide as the year on the axis.
        width = page.evaluate(
            "document.querySelector(\"#timeline-strip .event[aria-label^='announced 2023']\").offsetWidth"
        )
        year = page.evaluate("window.pactgraph.timeline.x('2024-01-01') - window.pactgraph.timeline.x('2023-01-01')")
        assert abs(width - year) <= 2
        # Keyboard: the marks are buttons.
        page.focus("#timeline-strip .event[aria-label^='scheduled to start 2026']")
        page.keyboard.press("Enter")
        assert page.inner_text("#details h2") == "Ukraine–Norway drone co-production"
        assert log.errors == []


def test_a_large_page_starts_with_the_best_connected_and_adds_what_is_found(tmp_path):
    """A page past the progressive threshold (lowered here to 100 nodes, and its core to 100)
    draws the countries and best-connected first; a node found by search is drawn with its
    neighbours. Its nodes and edges travel as columns, and a country's partners are worked out
    in the page: the same as graph.network.partners gives."""
    from pactgraph.network import partners
    from pactgraph.render import NODE_DEFAULTS, page_data, render_page

    from bench.synthetic import partnership_network

    network, years = partnership_network(3000, 9000)
    ids = list(network.nodes)
    data = page_data(network, years=years, title="progressive", progressive_above=100)
    assert "columns" in data and "nodes" not in data and data["partners"] is None
    # The same nodes as a small page sends them as objects, once the page has read the columns.
    rows = [{**NODE_DEFAULTS, **node} for node in page_data(network, years=years)["nodes"]]
    data["progressive"] = {"core": 100}
    path = tmp_path / "page.html"
    path.write_text(render_page(data), encoding="utf-8")
    with offline_page() as (page, log):
        open_page(page, path)
        assert page.evaluate("window.pactgraph.data.nodes") == rows
        assert page.evaluate("window.pactgraph.data.edges.length") == network.number_of_edges()
        drawn = page.evaluate("window.pactgraph.nodes.length")
        countries = sum(1 for n in ids if network.nodes[n]["type"] == "Country")
        assert drawn <= 100 + countries
        # The least-connected node is not drawn at first; search finds it, and draws its neighbourhood.
        least = min(range(len(ids)), key=lambda i: (network.degree(ids[i]), i))
        label = network.nodes[ids[least]]["label"]
        assert page.evaluate(f"window.pactgraph.inView[{least}]") == 0
        page.fill("#search", label)
        page.press("#search", "Enter")
        assert page.inner_text("#details h2") == label
        assert page.evaluate(f"window.pactgraph.inView[{least}]") == 1
        assert page.evaluate(f"window.pactgraph.nodes.get({least}).hidden") is not True
        assert page.evaluate("window.pactgraph.nodes.length") > drawn
        # Partners of the first country, worked out in the page.
        country = next(n for n in ids if network.nodes[n]["type"] == "Country")
        page.select_option("#partners-of", str(ids.index(country)))
        expected = [network.nodes[p]["label"] for p, _ in partners(network)[country]]
        listed = page.locator("#details > ul > li").evaluate_all(
            "(items) => items.map((li) => li.firstChild.textContent)"
        )
        assert listed == expected and expected
        assert log.requests == [] and log.errors == []
