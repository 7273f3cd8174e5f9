"""The page on a laptop (1366 x 768, the commonest screen), in headless chromium with the network
blocked: the network's share of the width, labels large enough to read, a legend of the classes
present in groups, panels that fold and come back, a timeline that labels and spreads its marks and
never scrolls, the sources side by side, and the money table formatted with its totals in EUR.

Expected values come from the reports: the three-source corpus (tests/data/test_many_sources)
disagrees on the kind of document (Kiev Morning Herald: "a letter of intent"), the place (Oslo
Business Review: "in Oslo") and the day (the Herald: Monday 1 December); the seed's amounts, in EUR,
are worked out in tests/test_money.py and tests/data/test_hand_answers.yaml.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

pytest.importorskip("playwright")
from bench.browser import chromium_path, offline_page  # noqa: E402
from tests.cli import invoke  # noqa: E402
from tests.test_page import open_page  # noqa: E402

if not chromium_path():
    pytest.skip("chromium is not installed", allow_module_level=True)

LAPTOP = (1366, 768)
# The smallest label drawn, in screen pixels: vis-network's font size of each shown node times the zoom.
LABEL_PIXELS = """() => { const p = window.pactgraph;
  const ids = p.nodes.get().filter((n) => !n.hidden).map((n) => n.id);
  return Math.min(...ids.map((id) => p.network.body.nodes[id].labelModule.fontOptions.size)) * p.network.getScale(); }"""
# Pairs of timeline marks that cover each other.
MARK_OVERLAPS = """() => { const boxes = [...document.querySelectorAll('#timeline-strip .event')].map((b) => b.getBoundingClientRect());
  let n = 0;
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const x = boxes[a], y = boxes[b];
    if (x.left < y.right - 0.5 && y.left < x.right - 0.5 && x.top < y.bottom - 0.5 && y.top < x.bottom - 0.5) n++;
  }
  return n; }"""


def width(page, selector: str) -> float:
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().width")


@pytest.fixture(scope="module")
def three_source_page(tmp_path_factory) -> Path:
    from tests.test_many_sources import assemble

    root = tmp_path_factory.mktemp("three-sources")
    sources, claims = assemble(root)
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(root / "out"))
    assert result.exit_code == 0, result.stderr
    return root / "out" / "pactgraph.html"


@pytest.mark.parametrize("which", ["seed", "three sources"])
def test_the_network_has_most_of_the_width_and_labels_can_be_read(fresh_exports, three_source_page, which):
    path = fresh_exports / "pactgraph.html" if which == "seed" else three_source_page
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, path)
        assert width(page, "#network") >= 0.6 * LAPTOP[0]
        assert page.evaluate(LABEL_PIXELS) >= 11
        assert log.requests == [] and log.errors == []


def test_the_panels_fold_away_and_come_back(fresh_exports):
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        assert not page.is_visible("#controls") and page.is_visible("#details")
        folded = width(page, "#network")
        page.click("#controls-toggle")
        assert page.is_visible("#source-filter") and width(page, "#network") < folded
        page.click("#controls-toggle")
        assert not page.is_visible("#controls") and width(page, "#network") == folded
        page.click("#details-toggle")
        assert not page.is_visible("#details") and width(page, "#network") == LAPTOP[0]
        page.click("#details-toggle")
        assert page.is_visible("#details")
        assert log.errors == []


def test_the_legend_shows_the_classes_present_in_groups(fresh_exports):
    """The seed's analyst view: 5 countries, 2 people, a coalition; an agreement, 3 production
    programmes, 3 contributions, a cooperation, an invasion and a support relation; an allocation, a
    donation and a pledge. Its posts, holdings and bodies are folded into the people who hold them."""
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")

        def legend() -> dict[str, list[str]]:
            return page.evaluate(
                """() => Object.fromEntries([...document.querySelectorAll('#legend .group')].filter((g) => !g.hidden)
                     .map((g) => [g.querySelector('.group-name').textContent,
                                  [...g.querySelectorAll('label')].filter((l) => !l.hidden).map((l) => l.textContent.trim())]))"""
            )

        assert legend() == {
            "Actors": ["Coalition (1)", "Country (5)", "Person (2)"],
            "Events": [
                "Agreement (1)",
                "Contribution (3)",
                "Cooperation (1)",
                "Invasion (1)",
                "Production programme (3)",
                "Support relation (1)",
            ],
            "Money": ["Allocation (1)", "Donation (1)", "Pledge (1)"],
        }
        assert (
            page.is_visible("#legend")
            and page.evaluate("document.querySelector('#legend').getBoundingClientRect().bottom") < 150
        )
        page.evaluate("window.pactgraph.showStructure(true)")
        assert legend()["Offices"] == ["Ministerial post (2)", "Post holding (2)"]
        assert "Government body (2)" in legend()["Actors"]
        assert log.errors == []


def test_the_timeline_labels_and_spreads_its_marks_without_scrolling(fresh_exports):
    """The seed dates 8 events; four of them on 30 November 2025 (the agreement signed, the
    co-production announced, the two ministers attested)."""
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        marks = page.locator("#timeline-strip .event").count()
        labels = page.locator("#timeline-strip .mark-label").all_inner_texts()
        assert marks == page.evaluate("window.pactgraph.data.events.length") and len(labels) == marks
        assert "Denys Shmyhal" in labels and "Norway's donation to the U.K.-led maritime coalition" in labels
        assert page.evaluate(MARK_OVERLAPS) == 0
        box = page.evaluate(
            "(() => { const t = document.getElementById('timeline'); return [t.scrollHeight, t.clientHeight, t.scrollWidth, t.clientWidth]; })()"
        )
        assert box[0] <= box[1] and box[2] <= box[3]
        assert log.errors == []


def test_a_hundred_marks_fit_without_scrolling(tmp_path):
    """A hundred dated events: forty on one day, sixty over two years."""
    from pactgraph.render import page_data, render_page

    from bench.synthetic import partnership_network

    network, years = partnership_network(120, 200)
    nodes = list(network.nodes)
    day = dt.date(2025, 11, 30)
    events = [
        (nodes[i], "signed", day.isoformat(), (day + dt.timedelta(days=1)).isoformat(), "2025-11-30") for i in range(40)
    ]
    for i in range(60):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=12 * i)
        events.append(
            (
                nodes[40 + i],
                "announced",
                start.isoformat(),
                (start + dt.timedelta(days=1)).isoformat(),
                start.isoformat(),
            )
        )
    path = tmp_path / "page.html"
    path.write_text(render_page(page_data(network, years=years, events=events, title="hundred")), encoding="utf-8")
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, path)
        assert page.locator("#timeline-strip .event").count() == 100
        assert page.evaluate(MARK_OVERLAPS) == 0
        box = page.evaluate(
            "(() => { const t = document.getElementById('timeline'); return [t.scrollHeight, t.clientHeight, t.scrollWidth, t.clientWidth]; })()"
        )
        assert box[0] <= box[1] and box[2] <= box[3]
        assert page.evaluate("document.getElementById('timeline').getBoundingClientRect().height") < 0.3 * LAPTOP[1]
        assert log.errors == []


def test_the_sources_side_by_side(three_source_page, tmp_path):
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, three_source_page)
        page.fill("#search", "co-production agreement")
        page.press("#search", "Enter")
        page.click("#compare-open")
        assert page.is_visible("#compare") and not page.is_visible("#network")
        headings = page.locator("#compare thead th").all_inner_texts()
        assert [h.replace("\n", " ") for h in headings] == [
            "Property",
            "Nordic Wire Service, 2025-11-30 (nordic-wire)",
            "Regional Post, 2025-11-30 (regional-post, copy of nordic-wire)",
            "Oslo Business Review, 2025-12 (oslo-review)",
            "Kiev Morning Herald, 2025-12-01 (kiev-herald)",
        ]
        differing = page.locator("#compare tbody tr.differs th").all_inner_texts()
        assert [d.lstrip("\u2260 ").strip() for d in differing] == ["agreementKind", "signedAt", "signedOn"]
        # The cells that say otherwise than the other sources.
        assert sorted(page.locator("#compare td.odd").all_inner_texts()) == ["2025-12-01", "Oslo", "letter of intent"]
        page.locator("#compare td.odd button", has_text="Oslo").click()
        assert (
            "Ukraine and Norway have signed a co-production agreement for drones in Oslo, according to the Norwegian defence ministry."
            in page.inner_text("#compare-sentence")
        )
        made = page.evaluate("window.pactgraph.compareCsv()")
        page.click("#compare-close")
        assert page.is_visible("#network")
        assert log.requests == [] and log.errors == []
    trig = three_source_page.parent / "pactgraph.trig"
    cli = invoke("compare", "agreement/ukraine-norway-drone-coproduction", "--data", str(trig), "--format", "csv")
    assert list(csv.reader(io.StringIO(made))) == list(csv.reader(io.StringIO(cli.stdout)))


def test_the_money_table_is_formatted_with_totals_in_euros(fresh_exports):
    with offline_page(viewport=LAPTOP) as (page, log):
        open_page(page, fresh_exports / "pactgraph.html")
        page.click("#money-toggle")
        headings = page.locator("#money-table th").all_inner_texts()
        assert headings[:5] == ["Commitment", "Type", "Funder", "Amount as stated", "EUR (ECB rate)"]
        assert page.evaluate(
            "(() => { const t = document.getElementById('money-table'); return t.getBoundingClientRect().right <= document.getElementById('money').getBoundingClientRect().right; })()"
        )
        assert (
            page.evaluate(
                "Math.max(...[...document.querySelectorAll('#money-table th')].map((th) => th.getBoundingClientRect().height))"
            )
            < 30
        )
        rows = [r.split("\t") for r in page.locator("#money-table tbody tr").all_inner_texts()]
        donation = next(r for r in rows if "NOK" in r[3])
        # "around 6.7 billion Norwegian Crowns", approximate; 6,700,000,000 / 11.7645 = 569,509,966.42
        assert donation[3].splitlines() == [
            "\u2248 NOK 6,700,000,000",
            "\u201caround 6.7 billion Norwegian Crowns\u201d",
        ]
        assert donation[4] == "569,509,966"
        funders = [r.split("\t") for r in page.locator("#money-by-funder tbody tr").all_inner_texts()]
        # Norway: the donation once, (569,509,966.42 + 570,638,077.12) / 2 = 570,074,021.77, and the
        # allocation, 6,052,222,030.09: 6,622,296,051.86. The UK's pledge of "thousands" of drones: no sum.
        assert funders == [["Norway", "6,622,296,052", "2", "0"], ["United Kingdom", "", "1", "1"]]
        statuses = {
            r.split("\t")[0]: r.split("\t")[1:] for r in page.locator("#money-by-status tbody tr").all_inner_texts()
        }
        assert statuses["announced"] == ["570,074,022", "1", "0"] and statuses["planned"] == ["6,052,222,030", "1", "0"]
        eur = headings.index("EUR (ECB rate)")
        page.locator("#money-table th button").nth(eur).click()
        column = page.locator(f"#money-table tbody tr td:nth-child({eur + 1})").all_inner_texts()
        assert [c for c in column if c] == ["569,509,966", "570,638,077", "6,052,222,030"]
        assert log.requests == [] and log.errors == []
