"""The wheel: it installs the import package `pactgraph` (from the source folder graph/), with its
data, the ontology and the command, and no top-level `graph` package to collide with another."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the build backend (setuptools, a test dependency) is already here, and
    # nothing is fetched.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("pactgraph-*.whl")
    return built


def test_the_wheel_holds_pactgraph_and_no_graph_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"pactgraph"}, tops
    for needed in ("cli.py", "api.py", "queries/ministers.rq", "templates/network.js", "ontology/pact.ttl"):
        assert f"pactgraph/{needed}" in names, needed
    assert "ontology/shapes.ttl" in "\n".join(names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "pactgraph = pactgraph.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_from_the_wheel_pactgraph_imports_and_answers(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (target / "pactgraph").is_dir() and not (target / "graph").exists()
    # -S: none of this environment's own install of pactgraph (an editable one); its dependencies
    # come from the environment's site-packages, after the wheel's.
    path = os.pathsep.join([str(target), *site.getsitepackages()])
    script = (
        "import importlib.util, sys, pactgraph; from pactgraph import paths; "
        "assert importlib.util.find_spec('graph') is None, 'a graph package'; "
        f"data = pactgraph.open_dataset({str(ROOT / 'exports' / 'pactgraph.trig')!r}); "
        "print(pactgraph.__file__); print(paths.ONTOLOGY); "
        "print(sorted(row[0] for row in data.query('ministers')))"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    module, ontology, people = result.stdout.splitlines()
    assert module.startswith(str(target)) and ontology.startswith(str(target))
    assert people == "['Denys Shmyhal', 'Tore O. Sandvik']"
