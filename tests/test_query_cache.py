"""`pactgraph query --data FILE` on a large file: a store kept on disk in the user's cache directory,
keyed by the SHA-256 of the file's content, reused while the file is unchanged (graph.cache)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from pactgraph import cache

from tests.cli import invoke

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?c a pact:Country }"


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    """A cache of our own, and every file counted as large (the seed's TriG is 300 KB)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "CACHE_ABOVE", 1)
    return tmp_path / "cache" / "pactgraph" / "stores"


@pytest.fixture
def data(fresh_exports, tmp_path) -> Path:
    path = tmp_path / "data" / "graph.trig"
    path.parent.mkdir()
    shutil.copy(fresh_exports / "pactgraph.trig", path)
    return path


def countries(path: Path, *options: str) -> str:
    result = invoke("query", "--format", "csv", "--data", str(path), *options, QUERY)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1]


def stores(home: Path) -> list[str]:
    return sorted(p.name for p in home.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_the_first_query_keeps_a_store_named_by_the_file_digest_and_the_second_reuses_it(cache_home, data, monkeypatch):
    # Five countries in the seed graph (Ukraine, Norway, the UK, the US, Russia).
    assert countries(data, "--no-cache") == "5" and not cache_home.exists()
    assert countries(data) == "5"
    assert stores(cache_home) == [hashlib.sha256(data.read_bytes()).hexdigest()]

    def no_second_load(*args, **kwargs):
        raise AssertionError("the store was loaded again")

    monkeypatch.setattr("pactgraph.store.bulk_load", no_second_load)
    monkeypatch.setattr(cache, "file_digest", no_second_load)  # an unchanged file is not even hashed
    assert countries(data) == "5"


def test_a_changed_file_gets_a_new_store_and_the_stale_one_goes(cache_home, data):
    assert countries(data) == "5"
    old = stores(cache_home)
    with data.open("a", encoding="utf-8") as stream:
        stream.write("\n<https://w3id.org/pactgraph/id/country/XX> a pact:Country .\n")
    assert countries(data) == "6"
    assert stores(cache_home) == [hashlib.sha256(data.read_bytes()).hexdigest()] != old


def test_the_cache_is_bounded_least_recently_used_first(cache_home, data, monkeypatch):
    other = data.with_name("other.trig")
    other.write_text(data.read_text(encoding="utf-8") + "\n# another file\n", encoding="utf-8")
    assert countries(data) == "5" and countries(other) == "5"
    assert len(stores(cache_home)) == 2
    # Room for one store only: querying the first file again keeps it and removes the other's.
    monkeypatch.setattr(cache, "CACHE_BYTES", 1)
    assert countries(data) == "5"
    assert stores(cache_home) == [hashlib.sha256(data.read_bytes()).hexdigest()]


def test_small_files_are_loaded_in_memory_as_before(cache_home, data, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_ABOVE", data.stat().st_size + 1)
    assert countries(data) == "5"
    assert not cache_home.exists()


def test_a_cache_that_cannot_be_written_leaves_the_query_in_memory(tmp_path, data, monkeypatch):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would go\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(cache, "CACHE_ABOVE", 1)
    result = invoke("query", "--format", "csv", "--data", str(data), QUERY)
    assert result.exit_code == 0 and result.stdout.splitlines()[1] == "5"
    assert "loading it in memory" in result.stderr and len(result.stderr.splitlines()) == 1


def test_the_cache_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_directory() == tmp_path / "pactgraph" / "stores"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the specification says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_directory() == tmp_path / "home" / ".cache" / "pactgraph" / "stores"


def test_a_malformed_large_file_is_one_line_and_leaves_no_store(cache_home, tmp_path):
    from tests.cli import one_line_error

    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    result = invoke("query", "--data", str(bad), QUERY)
    line = one_line_error(result.stderr, result.exit_code)
    assert "bad.ttl" in line
    assert stores(cache_home) == []
