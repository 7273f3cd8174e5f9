"""Shared fixtures: one fresh build per test session, its exports, and an Oxigraph store over them."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from pactgraph import paths


def pytest_configure(config):
    # Queries of large files keep stores in the user's cache directory (graph.cache): the tests'
    # go to a directory of their own, never the user's.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="pactgraph-test-cache-")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ.get("XDG_CACHE_HOME", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def built():
    from pactgraph.build import build

    return build()


@pytest.fixture(scope="session")
def fresh_exports(built, tmp_path_factory) -> Path:
    from pactgraph.export import export_all

    directory = tmp_path_factory.mktemp("exports")
    export_all(built.dataset, directory)
    return directory


@pytest.fixture(scope="session")
def store(fresh_exports):
    from pactgraph.store import OxigraphBackend

    return OxigraphBackend.from_file(fresh_exports / "pactgraph.trig")


@pytest.fixture(scope="session")
def merged(built):
    from pactgraph.build import merged_graph

    return merged_graph(built.dataset)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the shipped sources and claims, for tests that break them."""
    shutil.copytree(paths.SOURCES, tmp_path / "sources")
    shutil.copytree(paths.CLAIMS, tmp_path / "claims")
    return tmp_path


@pytest.fixture(scope="session")
def trig(tmp_path_factory) -> str:
    """The six short reports of one signing (tests/data/test_disagreements), built: their TriG."""
    from tests.cli import invoke
    from tests.test_disagreements import copied

    root = copied(tmp_path_factory.mktemp("disagreements"))
    result = invoke(
        "build", "--sources", str(root / "sources"), "--claims", str(root / "claims"), "--out", str(root / "out")
    )
    assert result.exit_code == 0, result.stderr
    return str(root / "out" / "pactgraph.trig")
