"""Two reviews at once, or a review killed at any step, never lose a claim nor add one twice.

Before (issue 28): two `review --accept A` and `--accept B` run at once lost a claim from both files
in 3 rounds of 40 while the other printed "accepted"; the same id accepted twice at once was added
twice (X and X-2); a kill at the second rename left the claim in both files and a .tmp for good,
and the retry appended a duplicate; `--accept X --reject X` said "rejected X" and left X accepted.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pactgraph import paths

from tests.cli import command, folder_options, one_line_error
from tests.test_faults import HARNESS, ROOT

SOURCE = "ukraine-norway-drones"
SENTENCE = "Shmyhal said Ukraine will share its experience and innovations in drone technology."
OTHER = "Norway will provide a strong production base."
DRAFTS = {
    "draft-a": ("person/denys-shmyhal", "Shmyhal"),
    "draft-b": ("country/UA", "Ukraine"),
    "draft-c": ("country/NO", "Norway"),
}


def write_drafts(directory: Path) -> None:
    claims = [
        {"id": key, "sentence": SENTENCE if key != "draft-c" else OTHER, "about": about, "aliases": [alias]}
        | {"confidence": 0.9, "reason": "written for the test"}
        for key, (about, alias) in DRAFTS.items()
    ]
    directory.mkdir(exist_ok=True)
    text = yaml.safe_dump({"source": SOURCE, "claims": claims}, sort_keys=False)
    (directory / f"{SOURCE}.yaml").write_text("# Drafts for the test.\n" + text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path) -> Path:
    for name in ("sources", "claims"):
        shutil.copytree(paths.PACKAGE / name, tmp_path / name)
    write_drafts(tmp_path / "drafts")
    return tmp_path


def options(corpus: Path) -> list[str]:
    return folder_options(corpus)


def review_process(corpus: Path, *args: str) -> subprocess.Popen:
    argv = [sys.executable, "-m", "pactgraph.cli", "review", SOURCE, *args, *options(corpus)]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ids_in(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [claim["id"] for claim in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]]


def state(corpus: Path) -> tuple[list[str], list[str]]:
    """The draft ids among the claims, and the drafts left."""
    claims = [i for i in ids_in(corpus / "claims" / f"{SOURCE}.yaml") if i.startswith("draft-")]
    return claims, ids_in(corpus / "drafts" / f"{SOURCE}.yaml")


def leftovers(corpus: Path) -> list[str]:
    return [p.name for d in ("claims", "drafts") for p in (corpus / d).glob(".*")]


def test_two_reviews_at_once_both_land(corpus):
    claims_file = corpus / "claims" / f"{SOURCE}.yaml"
    original = claims_file.read_bytes()
    for _ in range(10):
        claims_file.write_bytes(original)
        write_drafts(corpus / "drafts")
        first = review_process(corpus, "--accept", "draft-a")
        second = review_process(corpus, "--accept", "draft-b")
        outputs = [process.communicate(timeout=60) for process in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outputs
        assert [out for out, _ in outputs] == ["accepted draft-a\n", "accepted draft-b\n"]
        accepted, left = state(corpus)
        assert sorted(accepted) == ["draft-a", "draft-b"] and left == ["draft-c"]
        assert not leftovers(corpus)


def test_the_same_draft_accepted_twice_at_once_lands_once(corpus):
    claims_file = corpus / "claims" / f"{SOURCE}.yaml"
    original = claims_file.read_bytes()
    for _ in range(10):
        claims_file.write_bytes(original)
        write_drafts(corpus / "drafts")
        processes = [review_process(corpus, "--accept", "draft-a") for _ in range(2)]
        outputs = [process.communicate(timeout=60) for process in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
        assert [out for out, _ in outputs] == ["accepted draft-a\n"] * 2
        accepted, left = state(corpus)
        assert accepted == ["draft-a"] and left == ["draft-b", "draft-c"]


def test_accepting_and_rejecting_one_draft_is_refused(corpus):
    before = state(corpus)
    result = command("review", SOURCE, "--accept", "draft-a", "--reject", "draft-a", *options(corpus))
    assert "both accepted and rejected" in one_line_error(result.stderr, result.returncode)
    assert state(corpus) == before


REVIEW_EVENTS = "open,os.rename,os.remove"


def test_a_review_killed_at_any_step_leaves_the_old_state_or_the_new_and_the_retry_is_clean(corpus):
    claims_file = corpus / "claims" / f"{SOURCE}.yaml"
    original = claims_file.read_bytes()
    args = ["review", SOURCE, "--accept", "draft-a", *options(corpus)]

    def run(kill_at: int) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-c", HARNESS, REVIEW_EVENTS, str(corpus), str(kill_at), "-", *args]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)

    steps = int(run(0).stderr.rsplit("steps: ", 1)[1].split()[0])
    assert steps >= 5  # two files and a journal written, two renames, the journal removed
    old, new = ([], ["draft-a", "draft-b", "draft-c"]), (["draft-a"], ["draft-b", "draft-c"])
    outcomes = []
    for kill_at in range(1, steps + 1):
        claims_file.write_bytes(original)
        write_drafts(corpus / "drafts")
        for stale in leftovers(corpus):
            for directory in ("claims", "drafts"):
                (corpus / directory / stale).unlink(missing_ok=True)
        result = run(kill_at)
        assert result.returncode == -signal.SIGKILL, f"step {kill_at}: not killed ({result.stderr[-500:]})"
        # The next review completes or clears what the killed one left, and finds one state.
        listing = command("review", SOURCE, "--list", *options(corpus))
        assert listing.returncode == 0, listing.stderr
        found = state(corpus)
        assert found in (old, new), f"killed at step {kill_at}: {found}"
        outcomes.append("new" if found == new else "old")
        # The retry is clean: the claim once, nothing left behind.
        retry = command(*args)
        assert retry.returncode == 0 and retry.stdout == "accepted draft-a\n", retry.stderr
        assert state(corpus) == new and not leftovers(corpus), f"step {kill_at}: {state(corpus)} {leftovers(corpus)}"
    assert "old" in outcomes and "new" in outcomes


def test_accept_above_a_confidence_accepts_those_and_leaves_the_rest(corpus):
    path = corpus / "drafts" / f"{SOURCE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"][2]["confidence"] = 0.5  # draft-c
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = command("review", SOURCE, "--accept-above", "0.8", *options(corpus))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["accepted draft-a", "accepted draft-b", "1 drafts left to review"]
    assert state(corpus) == (["draft-a", "draft-b"], ["draft-c"])
