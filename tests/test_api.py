"""The Python API (`import pactgraph`): a dataset from a file, a store or an endpoint; rows of Python
values, a DataFrame, the entity network, the page inline; and the docs notebook, executed."""

from __future__ import annotations

import html
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pactgraph
import pytest
from pactgraph.cli import main
from pactgraph.errors import InputError, RefusedError

from tests.cli import Runner
from tests.serving import oxigraph_server

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed(fresh_exports):
    return pactgraph.open_dataset(fresh_exports / "pactgraph.trig")


def test_a_named_query_gives_rows_of_python_values(seed):
    ministers = seed.query("ministers")
    assert ministers.variables[:5] == ["person", "post", "organisation", "country", "attestedOn"]
    people = {row["person"]: row for row in ministers.records()}
    # "Ukraine's Defense Minister Denys Shmyhal and Norway's Defense Minister Tore O. Sandvik"
    # signed on 30 November 2025 (the report's date line).
    assert set(people) == {"Denys Shmyhal", "Tore O. Sandvik"}
    assert people["Denys Shmyhal"]["country"] == "Ukraine"
    assert people["Denys Shmyhal"]["attestedOn"] == date(2025, 11, 30)
    assert people["Denys Shmyhal"]["sources"] == 1


def test_amounts_are_numbers_as_the_report_states_them(seed):
    money = seed.query("money-commitments").records()
    # "around 6.7 billion Norwegian kroner (about $660 million)": two rows, each as stated.
    donation = {row["currency"]: row for row in money if row["commitment"].startswith("Norway's donation")}
    assert donation["NOK"]["amount"] == Decimal("6700000000") and donation["NOK"]["approximate"] is True
    assert donation["USD"]["amount"] == Decimal("660000000")
    # The UK's pledge to fund "thousands" of drones states no sum: no amount, not a guess.
    pledge = next(row for row in money if row["commitment"].startswith("UK pledge"))
    assert pledge["amount"] is None


def test_rows_are_indexed_and_found_by_name_as_rdflibs_are(seed):
    ministers = seed.query("ministers")
    assert len(ministers) == 2
    first = ministers[0]
    assert first.person == first["person"] == first[0] and first.country == first[3]
    assert [row.person for row in ministers] == [row["person"] for row in ministers.records()]
    assert ministers[-1] == ministers.rows[-1] and ministers[:1] == ministers.rows[:1]
    with pytest.raises(AttributeError, match="'nope' is not a variable of this row .*person, post"):
        _ = first.nope
    with pytest.raises(KeyError, match="'nope'"):
        _ = first["nope"]


def test_a_dataframe_has_the_types_of_its_values(seed):
    pandas = pytest.importorskip("pandas")
    money = seed.query("money-commitments").to_dataframe()
    assert money["amount"].dtype == "float64" and money["eur"].dtype == "float64"
    assert money["status"].dtype == "category" and money["type"].dtype == "category"
    assert money["currency"].dtype == "category" and money["approximate"].dtype == "boolean"
    assert money["sources"].dtype == "int64"
    nok = money[money["currency"] == "NOK"].iloc[0]
    # "around 6.7 billion Norwegian Crowns": 6,700,000,000 / 11.7645 (the ECB's NOK per EUR of 28 Nov 2025)
    assert nok["amount"] == 6.7e9 and nok["eur"] == pytest.approx(569509966.42, abs=0.005)
    assert pandas.isna(money[money["type"] == "Pledge"].iloc[0]["amount"])  # "thousands" of drones: no sum
    ministers = seed.query("ministers").to_dataframe()
    assert str(ministers["attestedOn"].dtype).startswith("datetime64")
    assert set(ministers["attestedOn"]) == {pandas.Timestamp("2025-11-30")}
    # A date as precise as the text: "in 2023" is a year, "on Sunday" (30 Nov 2025) a day.
    dates = seed.query("SELECT ?p ?d WHERE { ?p pact:announcedOn|pact:signedOn ?d } ORDER BY ?d ?p").to_dataframe()
    assert list(dates["d"]) == [
        pandas.Timestamp("2023-01-01"),
        pandas.Timestamp("2025-11-30"),
        pandas.Timestamp("2025-11-30"),
    ]
    assert list(dates["d_precision"]) == ["year", "day", "day"]


def test_a_value_its_datatype_does_not_fit_does_not_break_the_frame(seed):
    pandas = pytest.importorskip("pandas")
    frame = seed.query(
        'SELECT ?n ?d WHERE { VALUES (?n ?d) { ("many"^^xsd:integer "2025-13-45"^^xsd:date) (2 "2025-11-30"^^xsd:date) } }'
    ).to_dataframe()
    assert frame["n"].dtype == "object" and list(frame["n"]) == ["many", 2]  # kept, not made a number
    assert pandas.isna(frame["d"][0]) and frame["d"][1] == pandas.Timestamp("2025-11-30")


def test_answers_and_the_dataset_as_rdflib_terms(seed, fresh_exports):
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import XSD

    row = seed.query("SELECT ?c ?code WHERE { ?c pact:iso3166Alpha2 ?code } ORDER BY ?code").to_rdflib()[0]
    assert row.c == URIRef("https://w3id.org/pactgraph/id/country/GB") and row["code"] == Literal("GB")
    when = seed.query("ministers").to_rdflib()[0].attestedOn
    assert when == Literal("2025-11-30", datatype=XSD.date)
    countries = seed.query("CONSTRUCT { ?c a pact:Country } WHERE { ?c a pact:Country }").to_rdflib()
    assert isinstance(countries, Graph) and len(countries) == 5
    dataset = seed.to_rdflib()
    assert isinstance(dataset, Dataset)
    exported = Dataset()
    exported.parse(fresh_exports / "pactgraph.trig", format="trig")
    names = {g.identifier for g in dataset.graphs()}
    assert names == {g.identifier for g in exported.graphs()}
    for name in names:
        assert len(dataset.graph(name)) == len(exported.graph(name)), name


def test_api_errors_speak_of_arguments_not_flags(seed, tmp_path, monkeypatch):
    with pytest.raises(InputError, match=r"^open_dataset: path='nope.trig' is no file \(give path= ") as error:
        pactgraph.open_dataset("nope.trig")
    with pytest.raises(InputError, match=r"^open_dataset: location=.* holds no Oxigraph store"):
        pactgraph.open_dataset(location=tmp_path / "nothing")
    monkeypatch.delenv("PACTGRAPH_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"^open_dataset: no pactgraph workspace at or above .*give workspace= one"):
        pactgraph.open_dataset()
    with pytest.raises(InputError, match=r"pactgraph.named_queries\(\) lists them"):
        seed.query("ministerz")
    messages = [str(error.value)]
    for call in (lambda: pactgraph.open_dataset(location=tmp_path / "x"), lambda: seed.query("nope")):
        with pytest.raises(InputError) as raised:
            call()
        messages.append(str(raised.value))
    assert not [m for m in messages if re.search(r"(^|\s)--[a-z]", m)], messages


def test_ask_construct_and_ad_hoc_queries(seed):
    assert seed.query("ASK { country:UA a pact:Country }") is True
    assert seed.query("ASK { country:UA a pact:Person }") is False
    countries = seed.query("CONSTRUCT { ?c a pact:Country } WHERE { ?c a pact:Country }")
    assert countries.variables == ["subject", "predicate", "object"] and len(countries) == 5
    codes = seed.query("SELECT ?code WHERE { ?c pact:iso3166Alpha2 ?code } ORDER BY ?code")
    assert [row[0] for row in codes] == ["GB", "NO", "RU", "UA", "US"]


def test_a_query_has_no_network_and_bad_sparql_is_one_message(seed, tmp_path):
    with pytest.raises(RefusedError, match=r"without network access.*allow_service=True in Python"):
        seed.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(InputError, match="^malformed SPARQL: error at 1:"):
        seed.query("SELECT ?s WHERE { ?s")
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s WHERE { ?s", encoding="utf-8")
    with pytest.raises(InputError, match=f"^{re.escape(str(broken))}: malformed SPARQL: error at 1:"):
        seed.query(str(broken))


def test_allow_service_lets_a_query_reach_an_endpoint(fresh_exports, tmp_path):
    trig = fresh_exports / "pactgraph.trig"
    with oxigraph_server(tmp_path / "remote") as url:
        assert Runner().invoke(main, ["push", "--endpoint", f"{url}/store", "--data", str(trig)]).exit_code == 0
        allowed = pactgraph.open_dataset(trig, allow_service=True)
        rows = allowed.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{url}/query> {{ ?c a pact:Country }} }}")
        assert rows.rows == [(5,)]


def test_dataframe_when_pandas_is_there_and_a_clear_error_when_not(seed, monkeypatch):
    pandas = pytest.importorskip("pandas")
    frame = seed.query("weapon-types").to_dataframe()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == seed.query("weapon-types").variables
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError, match="pip install pandas"):
        seed.query("weapon-types").to_dataframe()


def test_a_table_in_a_notebook_is_escaped(seed):
    shown = seed.query('SELECT ?x WHERE { BIND("<script>alert(1)</script> & co" AS ?x) }')._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in shown


def test_the_network_is_the_one_the_exports_hold(seed, fresh_exports):
    network = seed.network()
    exported = nx.read_graphml(fresh_exports / "pactgraph.graphml")
    assert set(network.nodes) == set(exported.nodes)
    assert network.number_of_edges() == exported.number_of_edges()
    assert network.nodes["https://w3id.org/pactgraph/id/country/UA"]["label"] == "Ukraine"


def test_the_inline_page_is_the_page_in_a_sandboxed_frame(seed, fresh_exports):
    page = seed.page()
    shown = page._repr_html_()
    assert re.fullmatch(r'<iframe sandbox="allow-scripts" srcdoc="[^"]*" style="[^"]*"></iframe>', shown)
    inner = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert inner == page.html
    # The same page pactgraph build writes, its Content-Security-Policy with it.
    assert inner == (fresh_exports / "pactgraph.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in inner


def test_a_store_and_an_endpoint_answer_as_the_file(seed, fresh_exports, tmp_path):
    trig = str(fresh_exports / "pactgraph.trig")
    assert Runner().invoke(main, ["load", trig, "--location", str(tmp_path / "store")]).exit_code == 0
    stored = pactgraph.open_dataset(location=tmp_path / "store")
    with oxigraph_server(tmp_path / "remote") as url:
        assert Runner().invoke(main, ["push", "--endpoint", f"{url}/store", "--data", trig]).exit_code == 0
        served = pactgraph.open_dataset(endpoint=f"{url}/query")
        for name in pactgraph.named_queries():
            expected = seed.query(name)
            assert stored.query(name) == expected, name
            assert served.query(name).variables == expected.variables, name
            assert sorted(map(repr, served.query(name))) == sorted(map(repr, expected)), name
        # The network and the page from the endpoint: its graphs read back, provenance and all.
        assert set(served.network().edges(keys=True)) == set(seed.network().edges(keys=True))
        assert served.page().html == seed.page().html


def test_one_dataset_at_a_time(fresh_exports):
    with pytest.raises(InputError, match="two different datasets"):
        pactgraph.open_dataset(fresh_exports / "pactgraph.trig", endpoint="http://127.0.0.1:1/sparql")
    with pytest.raises(InputError, match="give endpoint too"):
        pactgraph.open_dataset(fresh_exports / "pactgraph.trig", user="dba")


def test_the_notebook_runs_and_shows_what_the_report_says(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "docs" / "pactgraph.ipynb", as_version=4)
    # ipc: the kernel's channels are sockets in a private directory, not loopback TCP ports.
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))
    NotebookClient(notebook, km=kernel, timeout=300, resources={"metadata": {"path": str(ROOT / "docs")}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    # A cell's printed text may arrive in several stream messages ("26 entities," then " 31 relations"
    # on a busy machine): joined per cell as printed.
    shown = "\n".join(
        "".join(o.get("text", "") for o in cell.outputs)
        + "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code"
    )
    assert "Denys Shmyhal" in shown and "Tore O. Sandvik" in shown  # the ministers who signed
    assert "6,700,000,000.00" in shown  # around 6.7 billion Norwegian kroner
    # ... in euros: 6,700,000,000 / 11.7645, the ECB's NOK per EUR of 28 Nov 2025 (the report: Sunday 30 Nov)
    assert "569,509,966.42" in shown
    # The pivot by funder and status, in millions of euros: the donation stated in crowns and in dollars
    # counts once, (569,509,966.42 + 570,638,077.12) / 2 = 570,074,021.77; the planned $7 billion /
    # 1.1566 = 6,052,222,030.09; the UK's pledge of "thousands" of drones has no sum (NaN, not 0).
    pivot = next(
        o["data"]["text/plain"]
        for o in outputs
        if "funder" in o.get("data", {}).get("text/plain", "")
        and "announced" in o["data"]["text/plain"]
        and "commitment" not in o["data"]["text/plain"]
    )
    assert re.search(r"^Norway\s+570\.10\s+6,052\.20\s+NaN$", pivot, flags=re.M), pivot
    assert re.search(r"^United Kingdom\s+NaN\s+NaN\s+NaN", pivot, flags=re.M), pivot
    assert re.search(r"^\d+ entities, \d+ relations$", shown, flags=re.M)
    # The page, inline: the one the build wrote beside the data, Content-Security-Policy and all.
    frame = re.search(r'<iframe sandbox="allow-scripts" srcdoc="([^"]*)"', shown)
    assert frame and html.unescape(frame.group(1)) == (ROOT / "exports" / "pactgraph.html").read_text(encoding="utf-8")


def test_the_inline_page_works_offline_in_chromium(seed, tmp_path):
    from bench.browser import chromium_path, offline_page

    if not chromium_path():
        pytest.skip("chromium is not installed")
    notebook = tmp_path / "notebook.html"  # an output cell, as Jupyter puts it in its page
    notebook.write_text(f"<!DOCTYPE html><html><body>{seed.page(height=600)._repr_html_()}</body></html>", "utf-8")
    with offline_page() as (page, log):
        page.goto(notebook.as_uri())
        frame = page.frames[1]
        frame.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        assert frame.evaluate("window.pactgraph.data.nodes.length") == seed.network().number_of_nodes()
        # Sandboxed: the page's scripts run, but cannot reach the notebook around them.
        assert (
            frame.evaluate(
                "(() => { try { return window.parent.document.title, 'reached'; } catch (e) { return 'kept out'; } })()"
            )
            == "kept out"
        )
    assert log.requests == [] and log.errors == [], (log.requests, log.errors)
