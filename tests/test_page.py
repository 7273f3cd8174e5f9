"""The network page, opened in Debian's chromium with every network request blocked.

Skipped only where chromium (or Playwright) is truly absent and CI is unset; in CI, .ci/run installs
chromium and these run for real.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from pactgraph.cli import main

from bench.browser import chromium_path
from tests.cli import Runner

try:
    import playwright  # noqa: F401

    HAVE_PLAYWRIGHT = True
except ImportError:
    HAVE_PLAYWRIGHT = False

if not (chromium_path() and HAVE_PLAYWRIGHT):
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install chromium and playwright (.ci/run does)")
    pytest.skip("chromium or playwright is not installed", allow_module_level=True)

from bench.browser import offline_page  # noqa: E402

PAYLOAD_LINE = 'Payload: <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">'
PAYLOAD_LABEL = "<script>window.__pwned = 3</script><img src=y onerror=window.__pwned=4>"


def open_page(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)


def show_filters(page) -> None:
    """Unfold the filters (the page folds them at first on a screen under 1600 pixels wide)."""
    if not page.is_visible("#controls"):
        page.click("#controls-toggle")


def node_index(page, iri: str) -> int:
    return page.evaluate("(iri) => window.pactgraph.data.nodes.findIndex((n) => n.iri === iri)", iri)


@pytest.fixture(scope="module")
def seed_page(fresh_exports) -> Path:
    return fresh_exports / "pactgraph.html"


def test_canvas_is_drawn_with_every_node_and_nothing_is_fetched(seed_page, fresh_exports):
    entities = nx.read_graphml(fresh_exports / "pactgraph.graphml").number_of_nodes()
    with offline_page() as (page, log):
        open_page(page, seed_page)
        assert page.evaluate("window.pactgraph.data.nodes.length") == entities
        # The analyst's view: posts, post holdings and bodies folded into the people (six in the seed).
        folded = page.evaluate("window.pactgraph.data.nodes.filter((n) => n.structural).length")
        assert folded == 6
        assert page.evaluate("window.pactgraph.shown()") == entities - folded
        assert page.inner_text("#count") == f"{entities - folded} of {entities} nodes shown"
        painted = page.evaluate(
            """() => {
                const canvas = document.querySelector('#network canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
                return painted;
            }"""
        )
        assert painted > 5000, "the network canvas is blank"
        assert log.requests == [] and log.errors == []


def test_search_focuses_a_node_and_shows_its_sources(seed_page):
    with offline_page() as (page, log):
        open_page(page, seed_page)
        page.fill("#search", "sandvik")
        page.press("#search", "Enter")
        sandvik = node_index(page, "person:tore-o-sandvik")
        assert page.evaluate("window.pactgraph.network.getSelectedNodes()") == [sandvik]
        assert page.inner_text("#details h2") == "Tore O. Sandvik"
        assert "He spoke after signing an agreement" in page.inner_text("#details blockquote")
        centre = page.evaluate("window.pactgraph.network.getViewPosition()")
        node = page.evaluate("(i) => window.pactgraph.network.getPosition(i)", sandvik)
        assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
        assert page.inner_text("#status-line") == "Found Tore O. Sandvik."
        page.fill("#search", "no such thing")
        page.press("#search", "Enter")
        assert page.inner_text("#status-line").startswith("No shown node matches")
        assert log.errors == []


def test_filters_hide_nodes(seed_page):
    with offline_page() as (page, log):
        open_page(page, seed_page)
        total = page.evaluate("window.pactgraph.shown()")
        people = page.evaluate("window.pactgraph.data.nodes.filter((n) => n.type === 'Person').length")
        show_filters(page)
        page.uncheck("input[data-class='Person']")
        assert page.evaluate("window.pactgraph.shown()") == total - people
        folded = page.evaluate("window.pactgraph.data.nodes.filter((n) => n.structural).length")
        assert page.evaluate("window.pactgraph.nodes.get().filter((n) => n.hidden).length") == people + folded
        page.check("input[data-class='Person']")
        planned = page.evaluate("window.pactgraph.data.nodes.filter((n) => n.status === 'planned').length")
        assert planned == 2
        page.uncheck("input[data-status='planned']")
        assert page.evaluate("window.pactgraph.shown()") == total - planned
        page.check("input[data-status='planned']")
        page.fill("#year-from", "2026")
        before_2026 = page.evaluate(
            "window.pactgraph.data.nodes.filter((n) => !n.structural && n.years.length && n.years.every((y) => y < 2026)).length"
        )
        assert before_2026 > 0
        assert page.evaluate("window.pactgraph.shown()") == total - before_2026
        assert log.errors == []


def test_clicking_a_node_highlights_its_neighbourhood(seed_page):
    with offline_page() as (page, log):
        open_page(page, seed_page)
        norway = node_index(page, "country:NO")
        point = page.evaluate(
            "(i) => { const n = window.pactgraph.network; return n.canvasToDOM(n.getPosition(i)); }", norway
        )
        box = page.locator("#network").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert page.inner_text("#details h2") == "Norway"
        colours = page.evaluate("window.pactgraph.nodes.get().map((n) => n.color && n.color.background)")
        russia = node_index(page, "country:RU")
        assert colours[russia] == "#e6e6e6", "a node outside the neighbourhood is dimmed"
        assert colours[norway] != "#e6e6e6"
        assert log.errors == []


def test_partners_of_a_country(seed_page):
    with offline_page() as (page, log):
        open_page(page, seed_page)
        ukraine = node_index(page, "country:UA")
        page.select_option("#partners-of", str(ukraine))
        text = page.inner_text("#details")
        assert text.startswith("Partners of Ukraine")
        for partner in ("Norway", "United Kingdom", "United States"):
            assert partner in text
        assert "Agreement: Ukraine–Norway drone co-production agreement (signed)" in text
        # An invasion links Russia to Ukraine, but makes no partner: Russia is not listed at all.
        assert "Russia" not in text
        shown = page.evaluate("window.pactgraph.shown()")
        assert 4 < shown < page.evaluate("window.pactgraph.data.nodes.length")
        page.select_option("#partners-of", "")
        entities = page.evaluate("window.pactgraph.data.nodes.filter((n) => !n.structural).length")
        assert page.evaluate("window.pactgraph.shown()") == entities
        assert log.errors == []


@pytest.fixture(scope="module")
def payload_page(tmp_path_factory) -> Path:
    """A page built from a source whose text and claims carry script payloads."""
    from pactgraph import paths

    root = tmp_path_factory.mktemp("payload")
    shutil.copytree(paths.SOURCES, root / "sources")
    shutil.copytree(paths.CLAIMS, root / "claims")
    text_path = root / "sources" / "countries-reference.txt"
    text = text_path.read_text(encoding="utf-8") + PAYLOAD_LINE + "\n"
    text_path.write_text(text, encoding="utf-8")
    meta = root / "sources" / "countries-reference.meta.yaml"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text(encoding="utf-8")), encoding="utf-8")
    with (root / "claims" / "countries-reference.yaml").open("a", encoding="utf-8") as claims:
        claims.write(
            "\n  - id: payload\n"
            f"    sentence: '{PAYLOAD_LINE}'\n"
            "    about: country/XX\n"
            "    type: Country\n"
            f"    label: '{PAYLOAD_LABEL}'\n"
            "    same_as: wd:Q1\n"
            "    facts:\n"
            "      iso3166Alpha2: XX\n"
            "\n  - id: payload-donation\n"
            f"    sentence: '{PAYLOAD_LINE}'\n"
            "    about: programme/payload\n"
            "    type: Donation\n"
            f"    label: '{PAYLOAD_LABEL}'\n"
            "    facts:\n"
            "      funder: country/XX\n"
            "      recipient: country/XX\n"
            "      amount: {value: 1, currency: USD, stated: '<script>window.__pwned = 1</script>'}\n"
            "      status: status/pledged\n"
            "      announcedOn: '2025'\n"
        )
    out = root / "exports"
    result = Runner().invoke(
        main, ["build", "--sources", str(root / "sources"), "--claims", str(root / "claims"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return out / "pactgraph.html"


def test_script_payload_in_a_source_stays_text(payload_page):
    html = payload_page.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    with offline_page() as (page, log):
        open_page(page, payload_page)
        index = page.evaluate("window.pactgraph.data.nodes.findIndex((n) => n.iri === 'country:XX')")
        assert index >= 0
        page.fill("#search", "window.__pwned = 3")
        page.press("#search", "Enter")
        assert page.inner_text("#details h2") == PAYLOAD_LABEL
        assert PAYLOAD_LINE in page.inner_text("#details blockquote")
        page.select_option("#partners-of", str(index))
        page.click("#money-toggle")  # the money table shows the payload's label and words as text
        assert PAYLOAD_LABEL in page.inner_text("#money") and "<script>window.__pwned = 1</script>" in page.inner_text(
            "#money"
        )
        page.click("#money-table th button")  # sorting redraws the rows
        page.click("#money-close")
        marks = page.evaluate("[...document.querySelectorAll('#timeline-strip .event')].map((m) => m.title)")
        assert any(PAYLOAD_LABEL in title for title in marks)  # the timeline names it as text
        page.click("#timeline-strip .event[title*='pwned']")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert (
            page.evaluate(
                "document.querySelectorAll('#details img, #details script, #money img, #money script').length"
            )
            == 0
        )
        assert log.requests == [] and log.errors == []


def test_the_query_page_of_the_server_runs_a_named_query(fresh_exports):
    from tests.serving import pactgraph_server

    with pactgraph_server("--data", str(fresh_exports / "pactgraph.trig")) as url:
        with offline_page(allow=url) as (page, log):
            page.goto(url + "/")
            page.select_option("#named", label="ministers")
            assert "which post" in page.inner_text("#question")
            page.click("#run")
            page.wait_for_selector("#results table")
            assert page.locator("#results tr").count() == 3
            assert "Tore O. Sandvik" in page.inner_text("#results")
            assert log.requests == [] and log.errors == []
