"""Disagreements an analyst can trust, on six short reports of one signing written for these tests
(tests/data/test_disagreements/), with every expected row worked out by hand from their texts.

- kyiv-daily (30 Nov 2025): a co-production agreement signed in Kyiv on Sunday by Defence Minister
  Denys Shmyhal and Norway's Defence Minister Tore O. Sandvik; the drones produced in Norway.
- wire-copy (1 Dec): a republished copy of kyiv-daily (copy_of): the same account, not a second one.
- state-post (1 Dec): "an agreement on drones" signed, no signatory named; Shmyhal is prime minister.
- oslo-letter (2 Dec): a letter of intent signed, no signatory, no date; the place of production
  "not given".
- profile (3 Dec): Shmyhal was prime minister until July 2025, and is defence minister now.
- follow-up (4 Dec): the co-production agreement "signed last weekend", its date taken from
  kyiv-daily (rule value-from-another-source): recorded for it, but not its own evidence.

Before (issue 26): conflicts missed the post (state-post names no signatory) and the place of
production said not to be given; a former post made a phantom conflict and a signed-agreements row
no report gives; the accounts with no signatory were missing from signed-agreements; corroboration
counted the profile's former post as agreeing that Shmyhal is prime minister.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from pactgraph import paths

from tests.cli import invoke

DATA = Path(__file__).parent / "data" / "test_disagreements"


def copied(root: Path) -> Path:
    """The five reports and their claims under `root`, with the countries' reference."""
    shutil.copytree(DATA / "sources", root / "sources")
    shutil.copytree(DATA / "claims", root / "claims")
    for path in paths.SOURCES.glob("countries-reference.*"):
        shutil.copy(path, root / "sources")
    shutil.copy(paths.CLAIMS / "countries-reference.yaml", root / "claims")
    return root


def rows(trig: str, name: str, store: str = "oxigraph") -> list[dict]:
    result = invoke("query", "--store", store, "--data", trig, "--format", "csv", name)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_conflicts_compare_posts_at_a_date_and_list_what_is_not_given(trig, store):
    found = {
        (r["thing"], r["property"], r["value"], r["source"], r["published"], r["soft"])
        for r in rows(trig, "conflicts", store)
    }
    assert found == {
        # Prime minister in one account, defence minister in others, within days: whether or not
        # state-post names a signatory. The profile's former post (until July) is no disagreement.
        ("Denys Shmyhal", "post", "Defence Minister of Ukraine", "Kyiv Daily", "2025-11-30", ""),
        ("Denys Shmyhal", "post", "Defence Minister of Ukraine", "Wire Copy", "2025-12-01", ""),
        ("Denys Shmyhal", "post", "Defence Minister of Ukraine", "Weekly Profile", "2025-12-03", ""),
        ("Denys Shmyhal", "post", "Prime Minister of Ukraine", "State Post", "2025-12-01", ""),
        ("Ukraine–Norway drone agreement", "agreementKind", "co-production agreement", "Kyiv Daily", "2025-11-30", ""),
        ("Ukraine–Norway drone agreement", "agreementKind", "co-production agreement", "Wire Copy", "2025-12-01", ""),
        ("Ukraine–Norway drone agreement", "agreementKind", "agreement", "State Post", "2025-12-01", ""),
        ("Ukraine–Norway drone agreement", "agreementKind", "letter of intent", "Oslo Letter", "2025-12-02", ""),
        (
            "Ukraine–Norway drone agreement",
            "agreementKind",
            "co-production agreement",
            "Follow-up Weekly",
            "2025-12-04",
            "",
        ),
        # Norway, against "did not say where": a soft disagreement.
        ("Ukraine–Norway drone production", "productionLocation", "Norway", "Kyiv Daily", "2025-11-30", "yes"),
        ("Ukraine–Norway drone production", "productionLocation", "Norway", "Wire Copy", "2025-12-01", "yes"),
        ("Ukraine–Norway drone production", "productionLocation", "not specified", "Oslo Letter", "2025-12-02", "yes"),
    }


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_signed_agreements_lists_every_account_of_a_signing(trig, store):
    found = [
        (r["kind"], r["signedOn"], r["signatory"], r["post"], r["signedFor"], r["sources"])
        for r in rows(trig, "signed-agreements", store)
    ]
    assert sorted(found) == sorted(
        [
            # kyiv-daily's account (its copy is the same source): its date, its signatories, their posts.
            ("co-production agreement", "2025-11-30", "Denys Shmyhal", "Defence Minister of Ukraine", "Ukraine", "1"),
            ("co-production agreement", "2025-11-30", "Tore O. Sandvik", "Defence Minister of Norway", "Norway", "1"),
            # state-post's and oslo-letter's accounts name no signatory and no date: rows of their own,
            # with no date borrowed from another report, and no post.
            ("agreement", "", "", "", "", "1"),
            ("letter of intent", "", "", "", "", "1"),
            # follow-up's account: the kind it gives; the date it took from kyiv-daily is not its own.
            ("co-production agreement", "", "", "", "", "1"),
        ]
    )


def test_corroboration_does_not_count_a_post_said_to_have_ended(trig):
    found = {
        (r["thing"], r["property"], r["value"]): (r["sources"], r["publishers"]) for r in rows(trig, "corroboration")
    }
    # Prime minister now: state-post alone; the profile says it ended in July.
    assert found[("Denys Shmyhal as Prime Minister of Ukraine", "post", "Prime Minister of Ukraine")] == (
        "1",
        "State Post",
    )
    assert found[("Denys Shmyhal as Prime Minister of Ukraine", "heldUntil", "2025-07")] == ("1", "Weekly Profile")
    # Defence minister: kyiv-daily (with its copy, one source) and the profile.
    assert found[("Denys Shmyhal as Defence Minister of Ukraine", "post", "Defence Minister of Ukraine")] == (
        "2",
        "Kyiv Daily; Weekly Profile",
    )


def test_a_value_taken_from_another_source_is_not_its_own_evidence(trig):
    found = {
        (r["thing"], r["property"], r["value"]): (r["sources"], r["publishers"]) for r in rows(trig, "corroboration")
    }
    # The signing's date: kyiv-daily gives it (its copy is the same source); follow-up took it from
    # kyiv-daily, so it does not stand behind it a second time.
    assert found[("Ukraine–Norway drone agreement", "signedOn", "2025-11-30")] == ("1", "Kyiv Daily")
    # The kind follow-up gives itself does count.
    assert found[("Ukraine–Norway drone agreement", "agreementKind", "co-production agreement")] == (
        "2",
        "Follow-up Weekly; Kyiv Daily",
    )


@pytest.mark.parametrize(
    "value, says",
    [
        ('{value: "2025-11-30", stated: signed last weekend, rule: value-from-another-source}', "needs rule"),
        (
            '{value: "2025-11-30", stated: signed last weekend, rule: value-from-another-source, from: no-such}',
            "is not another source",
        ),
        (
            '{value: "2025-11-30", stated: signed last weekend, rule: value-from-another-source, from: follow-up}',
            "is not another source",
        ),
    ],
)
def test_a_borrowed_value_names_the_source_it_came_from(tmp_path, value, says):
    from tests.cli import command, one_line_error

    path = copied(tmp_path) / "claims" / "follow-up.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            '{value: "2025-11-30", stated: signed last weekend, rule: value-from-another-source, from: kyiv-daily}',
            value,
        ),
        encoding="utf-8",
    )
    result = command(
        "build",
        "--sources",
        str(tmp_path / "sources"),
        "--claims",
        str(tmp_path / "claims"),
        "--out",
        str(tmp_path / "out"),
    )
    assert says in one_line_error(result.stderr, result.returncode)
