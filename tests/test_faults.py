"""Killed at any step, `pactgraph build` and `pactgraph load` leave the old state or the new one,
never a mix, and the next command cleans up what the killed run left.

The kill is injected with a Python audit hook in the command's own process: it counts the file
system steps the command takes (opening a file to write, renaming, removing, making a directory,
calling into libc) and sends itself SIGKILL just before the Nth, for every N, so that no window is
missed however short (on main before this test, a kill at the third rename left .ttl and .trig new
and the other four old; a kill between load's two renames left no store at all)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pactgraph import paths

from tests.cli import invoke
from tests.test_bad_input import CLAIMS_FILE, edit

ROOT = Path(__file__).resolve().parent.parent

HARNESS = r"""
import os, signal, sys
events, under, kill_at = set(sys.argv[1].split(",")), sys.argv[2], int(sys.argv[3])
force_fallback = sys.argv[4] == "fallback"
count = 0

def writes(args):
    mode, flags = (args + (None, None))[1:3]
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))

def hook(event, args):
    global count
    if event not in events:
        return
    if event != "ctypes.call_function":
        if not args or not str(args[0]).startswith(under) or (event == "open" and not writes(args)):
            return
    count += 1
    if count == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

import atexit
atexit.register(lambda: print(f"steps: {count}", file=sys.stderr))
if force_fallback:
    import errno, pactgraph.store
    def no_exchange(first, second):
        raise OSError(errno.EINVAL, "no RENAME_EXCHANGE here")
    pactgraph.store._exchange = no_exchange
sys.addaudithook(hook)
from pactgraph.cli import main
sys.argv = ["pactgraph", *sys.argv[5:]]
main()
"""

BUILD_EVENTS = "open,os.rename,os.remove,os.mkdir"
LOAD_EVENTS = "open,os.rename,os.remove,os.mkdir,os.rmdir,shutil.rmtree,ctypes.call_function"


def killed_run(events: str, under: Path, kill_at: int, *args: str, fallback: bool = False):
    command = [sys.executable, "-c", HARNESS, events, str(under), str(kill_at), "fallback" if fallback else "-", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def steps_of(result: subprocess.CompletedProcess) -> int:
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stderr.rsplit("steps: ", 1)[1].split()[0])


def visible_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.startswith(".")}


def build_into(directory: Path, sources: Path, claims: Path) -> dict[str, bytes]:
    result = invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(directory))
    assert result.exit_code == 0, result.stderr
    return visible_files(directory)


def test_build_killed_at_any_step_leaves_the_old_exports_or_the_new(tmp_path, corpus):
    # The old set: a build of a different corpus (one label changed), so old and new differ in every file.
    edit(corpus / "claims" / CLAIMS_FILE, "label: Tore O. Sandvik", "label: Tore Sandvik")
    old = build_into(tmp_path / "old", corpus / "sources", corpus / "claims")
    new = build_into(tmp_path / "new", paths.SOURCES, paths.CLAIMS)
    assert all(old[name] != new[name] for name in new)

    target = tmp_path / "exports"
    shutil.copytree(tmp_path / "old", target)
    steps = steps_of(killed_run(BUILD_EVENTS, target, 0, "build", "--out", str(target)))
    assert steps >= 13  # six files and a journal written, six renames, the journal removed

    outcomes = []
    for kill_at in range(1, steps + 1):
        shutil.rmtree(target)
        shutil.copytree(tmp_path / "old", target)
        result = killed_run(BUILD_EVENTS, target, kill_at, "build", "--out", str(target))
        assert result.returncode == -signal.SIGKILL, f"step {kill_at}: not killed ({result.stderr[-500:]})"
        # The next command that reads the exports (here, a query) finds one whole set.
        after = invoke("query", "--data", str(target / "pactgraph.trig"), "ASK { ?s ?p ?o }")
        assert after.exit_code == 0, after.stderr
        files = visible_files(target)
        assert files in (old, new), f"killed at step {kill_at}: a mix of old and new exports"
        assert not [p.name for p in target.iterdir() if p.name.startswith(".")], f"step {kill_at}: leftovers"
        outcomes.append("new" if files == new else "old")
    assert "old" in outcomes and "new" in outcomes  # killed before and after the commit point


def store_size(location: Path) -> int:
    result = invoke("query", "--location", str(location), "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert result.exit_code == 0, f"no store at {location}: {result.stderr}"
    return int(result.output.split()[1])


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two renames"])
def test_load_killed_at_any_step_leaves_the_old_store_or_the_new(tmp_path, fresh_exports, fallback):
    trig, ttl = str(fresh_exports / "pactgraph.trig"), str(fresh_exports / "pactgraph.ttl")
    stores = tmp_path / "stores"
    seed = stores / "seed"
    assert invoke("load", trig, "--location", str(seed)).exit_code == 0
    old_size = store_size(seed)
    location = stores / "store"
    shutil.copytree(seed, location)
    steps = steps_of(killed_run(LOAD_EVENTS, stores, 0, "load", ttl, "--location", str(location), fallback=fallback))
    new_size = store_size(location)
    assert new_size > old_size

    outcomes = set()
    for kill_at in range(1, steps + 1):
        shutil.rmtree(location)
        shutil.copytree(seed, location)
        result = killed_run(LOAD_EVENTS, stores, kill_at, "load", ttl, "--location", str(location), fallback=fallback)
        assert result.returncode == -signal.SIGKILL, f"step {kill_at}: not killed ({result.stderr[-500:]})"
        size = store_size(location)  # the next command finds a store, old or new
        assert size in (old_size, new_size), f"killed at step {kill_at}: {size} quads"
        outcomes.add("new" if size == new_size else "old")
        # The next load removes what the killed one left beside the store.
        assert invoke("load", trig, "--location", str(location)).exit_code == 0
        left = sorted(
            p.name for p in stores.iterdir() if p.name not in ("seed", "store") and not p.name.endswith(".lock")
        )
        assert left == [], f"killed at step {kill_at}: {left} left behind"
    assert outcomes == {"old", "new"}
