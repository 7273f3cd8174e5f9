"""The stores agree: every named query gives the same answer on rdflib's memory store, on Oxigraph
in memory and on a persistent Oxigraph store made by `pactgraph load`."""

from __future__ import annotations

import pytest
from pactgraph.cli import main
from pactgraph.query import named_queries, run_query
from pactgraph.store import OxigraphBackend, RdflibBackend

from tests import answers
from tests.cli import Runner
from tests.test_queries import EMPTY_ON_THE_SEED

QUERIES = named_queries()


def answer(backend, name: str) -> list[tuple]:
    return answers.answer(backend, QUERIES[name].text)


@pytest.fixture(scope="module")
def memory(fresh_exports):
    return RdflibBackend.from_file(fresh_exports / "pactgraph.trig")


@pytest.fixture(scope="module")
def persistent(fresh_exports, tmp_path_factory):
    location = tmp_path_factory.mktemp("store") / "oxigraph"
    result = Runner().invoke(main, ["load", str(fresh_exports / "pactgraph.trig"), "--location", str(location)])
    assert result.exit_code == 0, result.stderr
    assert "1226 quads" in result.output or "quads" in result.output
    return OxigraphBackend.open(location)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_is_the_same_on_every_store(name, store, memory, persistent):
    expected = answer(store, name)
    assert expected or name in EMPTY_ON_THE_SEED, f"{name} answers nothing"

    assert answer(memory, name) == expected
    assert answer(persistent, name) == expected


def test_memory_store_reads_no_file_for_from(memory):
    results = run_query(memory, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert list(results) == []


def test_query_command_on_each_store(fresh_exports, persistent, tmp_path):
    runner = Runner()
    trig = str(fresh_exports / "pactgraph.trig")
    outputs = {
        runner.invoke(main, ["query", "--store", "memory", "--data", trig, "--format", "csv", "ministers"]).output,
        runner.invoke(main, ["query", "--data", trig, "--format", "csv", "ministers"]).output,
    }
    assert len(outputs) == 1
    missing = runner.invoke(main, ["query", "--location", str(tmp_path / "nothing"), "ministers"])
    assert missing.exit_code == 2 and "pactgraph load" in missing.stderr


def test_load_is_all_or_nothing(fresh_exports, tmp_path):
    runner = Runner()
    good = fresh_exports / "pactgraph.trig"
    # Valid triples first, then a syntax error: Oxigraph would have stored the triples before it.
    bad = tmp_path / "bad.ttl"
    bad.write_text((fresh_exports / "pactgraph.ttl").read_text(encoding="utf-8") + '\n<x:a> <x:b> "open .\n')
    stores = tmp_path / "stores"

    def quads(location) -> int:
        return len(OxigraphBackend.open(location).store)

    existing = stores / "existing"
    assert runner.invoke(main, ["load", str(good), "--location", str(existing)]).exit_code == 0
    before = quads(existing)
    result = runner.invoke(main, ["load", str(bad), "--location", str(existing)])
    assert result.exit_code == 2 and f"{bad}: not valid Turtle" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert quads(existing) == before

    # A new store from a good file and a bad one is not created at all.
    new = stores / "new"
    assert runner.invoke(main, ["load", str(good), str(bad), "--location", str(new)]).exit_code == 2
    assert not new.exists()
    # No staging directory left behind (lock files, empty, keep two loads of one store apart).
    assert sorted(p.name for p in stores.iterdir() if not p.name.endswith(".lock")) == ["existing"]

    # Adding a file to a store keeps what it had.
    result = runner.invoke(main, ["load", str(fresh_exports / "pactgraph.ttl"), "--location", str(existing)])
    assert result.exit_code == 0, result.stderr
    assert quads(existing) > before

    # A directory that is not a store is refused and left alone.
    other = tmp_path / "papers"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["load", str(good), "--location", str(other)])
    assert result.exit_code == 2 and "is not an Oxigraph store" in result.stderr
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
