"""Many sources, one graph: four reports of one signing (tests/data/test_many_sources, written for
these tests), one a copy of another, which disagree on the kind of document, the day, the place,
the amount and a signatory's office, and spell names differently. They build without a validation
error; every named query gives one row per distinct answer, the same bytes on every store, with
the number of independent sources behind it; `conflicts` lists exactly the disagreements written
into the reports; aliases and capitals find their entities."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pactgraph import paths
from pactgraph.query import OUTPUT_FORMATS, named_queries
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from tests.cli import invoke, one_line_error

CORPUS = Path(__file__).parent / "data" / "test_many_sources"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
QUERIES = sorted(named_queries())


def assemble(root: Path) -> tuple[Path, Path]:
    """The reports with the shipped reference list of countries and capitals, as one corpus."""
    sources, claims = root / "sources", root / "claims"
    shutil.copytree(CORPUS / "sources", sources)
    shutil.copytree(CORPUS / "claims", claims)
    for path in paths.SOURCES.glob("countries-reference.*"):
        shutil.copy(path, sources)
    shutil.copy(paths.CLAIMS / "countries-reference.yaml", claims)
    return sources, claims


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many")
    sources, claims = assemble(root)
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(root / "out"))
    assert result.exit_code == 0, result.stderr  # no validation error, though the sources disagree
    store = root / "store"
    assert invoke("load", str(root / "out" / "pactgraph.trig"), "--location", str(store)).exit_code == 0
    return root


def answer(built: Path, name: str, fmt: str = "csv", store: str = "oxigraph") -> str:
    where = (
        ["--location", str(built / "store")]
        if store == "on disk"
        else ["--store", store, "--data", str(built / "out" / "pactgraph.trig")]
    )
    result = invoke("query", *where, "--format", fmt, name)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def rows(built: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(answer(built, name))))


def test_every_named_query_has_expectations():
    assert sorted(EXPECTED) == QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_rows_and_source_counts_are_as_written_by_hand(built, name):
    expected = EXPECTED[name]
    found = rows(built, name)
    scope = {k: expected[k] for k in ("thing", "about", "source") if k in expected}  # one entity's rows
    found = [row for row in found if all(row[k] == v for k, v in scope.items())]
    assert len(found) == expected["rows"], f"{name}: {len(found)} rows: {found[:20]}"
    for wanted in expected.get("expect", []):
        wanted = {column: str(value) for column, value in wanted.items()}
        assert [row for row in found if all(row[c] == v for c, v in wanted.items())], f"{name}: no row {wanted}"


@pytest.mark.parametrize("name", QUERIES)
def test_rows_are_distinct_and_the_same_on_every_store(built, name):
    for fmt in OUTPUT_FORMATS:
        outputs = {store: answer(built, name, fmt, store) for store in ("oxigraph", "memory", "on disk")}
        assert len(set(outputs.values())) == 1, f"{name} --format {fmt} differs between stores"
    lines = answer(built, name).splitlines()[1:]
    assert [line for line, count in Counter(lines).items() if count > 1] == [], f"{name} repeats rows"


def test_conflicts_lists_exactly_the_written_disagreements(built):
    found = {(r["thing"], r["property"], r["value"], r["source"]) for r in rows(built, "conflicts")}
    written = {(e["thing"], e["property"], str(e["value"]), e["source"]) for e in EXPECTED["conflicts"]["expect"]}
    assert found == written


def test_names_are_found_by_alias_and_capital(built):
    trig = str(built / "out" / "pactgraph.trig")
    first = invoke("entities", "--data", trig, "Shmigal").stdout.splitlines()[0]
    assert first.startswith("person/denys-shmyhal") and "Denys Shmyhal" in first and "alias" in first
    found = invoke("entities", "--data", trig, "Kiev").stdout
    assert found.splitlines()[0].startswith("city/kyiv")
    assert "country/UA" in found and "its capital Kyiv" in found
    path = invoke("network", "--data", trig, "--path", "Shmigal", "Oslo Business")
    assert path.exit_code == 2  # Oslo Business Review is a publisher, not an entity of the network
    path = invoke("network", "--data", trig, "--path", "Shmigal", "Fjordvik")
    assert path.exit_code == 0 and "Shortest path from Denys Shmyhal to Fjordvik Defence Systems" in path.stdout


def test_shmigal_is_found_in_the_shipped_graph_too():
    # No source of the shipped graph spells it so: the nearness of the names finds him.
    first = invoke("entities", "Shmigal").stdout.splitlines()[0]
    assert first.startswith("person/denys-shmyhal")


def test_a_source_that_gives_two_kinds_is_still_refused(tmp_path):
    # One value per source: sources may differ, one source may not contradict itself.
    sources, claims = assemble(tmp_path)
    herald = claims / "kiev-herald.yaml"
    text = herald.read_text(encoding="utf-8")
    herald.write_text(
        text.replace(
            "agreementKind: agreement-kind/letter-of-intent",
            "agreementKind: [agreement-kind/letter-of-intent, agreement-kind/agreement]",
        ),
        encoding="utf-8",
    )
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "kiev-herald.yaml: claim 'letter-of-intent'" in result.stderr and "agreementKind" in result.stderr


def test_another_sources_spelling_is_its_name_for_the_thing_not_an_error(tmp_path):
    # Before (issue 24): "Denis Shmigal" as a label in one report and "Denys Shmyhal" in another
    # stopped the build, and the alias it asked for was refused (not in the cited sentence).
    sources, claims = assemble(tmp_path)
    herald = claims / "kiev-herald.yaml"
    text = herald.read_text(encoding="utf-8")
    herald.write_text(
        text.replace("    aliases: [Denis Shmigal, Shmigal]", "    label: Denis Shmigal"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    dataset = Dataset()
    dataset.parse(out / "pactgraph.trig", format="trig")
    person = URIRef("https://w3id.org/pactgraph/id/person/denys-shmyhal")
    herald_graph = dataset.graph(URIRef("https://w3id.org/pactgraph/graph/kiev-herald"))
    # The first source (by publication) names him; the herald's spelling is the herald's name for him.
    assert (person, SKOS.altLabel, Literal("Denis Shmigal", lang="en")) in herald_graph
    labels = {str(o) for _, _, o, _ in dataset.quads((person, RDFS.label, None, None))}
    assert labels == {"Denys Shmyhal"}
    found = invoke("entities", "Shmigal", "--data", str(out / "pactgraph.trig"))
    assert found.exit_code == 0 and found.output.startswith("person/denys-shmyhal") and "Denis Shmigal" in found.output


def test_one_source_gives_one_name_per_thing(tmp_path):
    sources, claims = assemble(tmp_path)
    herald = claims / "kiev-herald.yaml"
    text = herald.read_text(encoding="utf-8")
    second = "  - id: second-name\n    sentence: 2\n    about: person/denys-shmyhal\n    label: Shmigal\n\n"
    text = text.replace("    aliases: [Denis Shmigal, Shmigal]", "    label: Denis Shmigal")
    herald.write_text(text.replace("  - id: kyiv-spelling", second + "  - id: kyiv-spelling"), encoding="utf-8")
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(tmp_path / "out"))
    line = one_line_error(result.stderr, result.exit_code)
    assert "claim 'second-name'" in line and "already named 'Denis Shmigal' in this source" in line
    assert "give this spelling under aliases:" in line


def test_the_page_marks_the_conflicts_and_shows_each_value_with_its_sources(built):
    from tests.test_page import open_page

    pytest.importorskip("playwright")
    from bench.browser import chromium_path, offline_page

    if not chromium_path():
        pytest.skip("chromium is not installed")
    with offline_page() as (page, log):
        open_page(page, built / "out" / "pactgraph.html")
        marked = page.evaluate("window.pactgraph.data.nodes.filter((n) => n.conflicts.length).map((n) => n.label)")
        assert sorted(marked) == [
            "Denys Shmyhal",
            "Norway's investment in the drone co-production",
            "Ukraine–Norway drone co-production agreement",
        ]
        # The badge is on the drawn label.
        index = page.evaluate("window.pactgraph.data.nodes.findIndex((n) => n.label === 'Denys Shmyhal')")
        assert page.evaluate(f"window.pactgraph.nodes.get({index}).label").startswith("\u26a0")
        page.fill("#search", "Shmigal")  # found by an alias
        page.press("#search", "Enter")
        details = page.inner_text("#details")
        assert "Sources disagree" in details
        assert (
            "Defence Minister of Ukraine \u2014 Nordic Wire Service, 2025-11-30; Regional Post, 2025-11-30" in details
        )
        assert "Prime Minister of Ukraine \u2014 Kiev Morning Herald, 2025-12-01" in details
        assert log.requests == [] and log.errors == []


@pytest.mark.parametrize("fmt", ["trig", "ttl", "nt", "jsonld"])
def test_every_export_of_sources_that_disagree_validates(built, fmt):
    # Before (issue 26): `pactgraph validate exports/pactgraph.ttl` exited 1 once two sources
    # disagreed, though the export is the tool's own: Turtle merges the sources' graphs.
    result = invoke("validate", str(built / "out" / f"pactgraph.{fmt}"))
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("conforms:")
    if fmt in ("ttl", "nt"):  # no graph per source: what cannot be checked is said, and where to check it
        assert "one value per source is not checked here (validate the TriG export, pactgraph.trig" in line
