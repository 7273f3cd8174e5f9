"""Bad input: one clear line naming the file (and the claim), exit code 2, no traceback, and
exports/ left exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pactgraph import paths
from pactgraph.cli import main
from pactgraph.export import FORMATS

from tests.cli import Runner

CLAIMS_FILE = "ukraine-norway-drones.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_broken(corpus: Path):
    out = corpus / "exports"
    shutil.copytree(paths.SOURCE_TREE / "exports", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = Runner().invoke(
        main, ["build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims"), "--out", str(out)]
    )
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before, "a failed build must leave exports/ untouched"
    assert "Traceback" not in result.output + result.stderr
    return result


CASES = {
    "sentence not in source": (
        "claims",
        '    sentence: "Norway will provide a strong production base."',
        '    sentence: "Norway will provide a very strong production base."',
        ["ukraine-norway-drones.yaml", "norway-contributes-production-base", "not in", "copy it from the source"],
    ),
    "unknown entity": (
        "claims",
        "      party: [country/UA, country/NO]",
        "      party: [country/UA, country/NX]",
        ["ukraine-norway-drones.yaml", "agreement-signed", "unknown entity 'country/NX'"],
    ),
    "amount without currency": (
        "claims",
        '{value: 7000000000, currency: USD, stated: "$7 billion"}',
        '{value: 7000000000, stated: "$7 billion"}',
        ["ukraine-norway-drones.yaml", "norway-allocation-next-year", "amount without currency", "ISO 4217"],
    ),
    "impossible date": (
        "claims",
        '      scheduledStart: "2026"',
        '      scheduledStart: "2026-02-30"',
        ["ukraine-norway-drones.yaml", "coproduction-pilot-line", "scheduledStart", "YYYY-MM-DD"],
    ),
    "malformed date": (
        "claims",
        '      scheduledStart: "2026"',
        '      scheduledStart: "spring 2026"',
        ["ukraine-norway-drones.yaml", "coproduction-pilot-line", "scheduledStart", "well-formed date"],
    ),
    "yaml syntax error": (
        "claims",
        "  - id: sandvik\n",
        "  - id: sandvik\n    label: [unclosed\n",
        ["ukraine-norway-drones.yaml", "YAML syntax error", "line "],
    ),
    "yaml alias": (  # nine aliases of nine of ... would stand for 9**12 values in a 1 KB file
        "claims",
        "  - id: sandvik\n",
        "  - id: sandvik\n    aliases: &nine [a, a, a, a, a, a, a, a, a]\n    label: [*nine, *nine]\n",
        ["ukraine-norway-drones.yaml", "YAML error at line 42, column 13", "alias (*nine)", "write the value out"],
    ),
    "yaml nested too deeply": (
        "claims",
        "  - id: sandvik\n",
        "  - id: sandvik\n    label: " + "[" * 5000 + "]" * 5000 + "\n",
        ["ukraine-norway-drones.yaml", "nested too deeply", "fewer levels"],
    ),
    "text no longer matches checksum": (
        "sources",
        "Sources: The Kyiv Independent",
        "Sources: The Kyiv Independent (edited)",
        ["ukraine-norway-drones.txt", "sha256", "ship unchanged"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_in_one_line(corpus, case):
    folder, old, new, expected = CASES[case]
    target = corpus / folder / (CLAIMS_FILE if folder == "claims" else "ukraine-norway-drones.txt")
    edit(target, old, new)
    result = build_broken(corpus)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for fragment in expected:
        assert fragment in lines[0]


def test_shape_violation_names_the_claim_and_exits_1(corpus):
    edit(corpus / "claims" / CLAIMS_FILE, "      party: [country/UA, country/NO]", "      party: [country/UA]")
    result = build_broken(corpus)
    assert result.exit_code == 1
    assert "claim 'agreement-signed'" in result.stderr
    assert "at least two parties" in result.stderr


def test_a_donation_for_a_beneficiary_needs_no_recipient(corpus):
    # pact.ttl: a funding programme gives money "to a recipient or for a beneficiary"; "aid for
    # Ukraine" names only whom it is for.
    edit(corpus / "claims" / CLAIMS_FILE, "      recipient: coalition/uk-led-maritime-coalition\n", "")
    result = Runner().invoke(
        main,
        [
            "build",
            "--sources",
            str(corpus / "sources"),
            "--claims",
            str(corpus / "claims"),
            "--out",
            str(corpus / "out"),
        ],
    )
    assert result.exit_code == 0, result.stderr


def test_a_donation_with_neither_recipient_nor_beneficiary_is_refused(corpus):
    edit(corpus / "claims" / CLAIMS_FILE, "      recipient: coalition/uk-led-maritime-coalition\n", "")
    edit(
        corpus / "claims" / CLAIMS_FILE,
        "      beneficiary: country/UA\n      # The text gives both",
        "      # The text gives both",
    )
    result = build_broken(corpus)
    assert result.exit_code == 1, result.stderr
    assert "claim 'norway-maritime-donation'" in result.stderr
    assert "a donation needs a beneficiary or recipient" in result.stderr


def test_unknown_property_suggests_the_right_one(corpus):
    edit(corpus / "claims" / CLAIMS_FILE, "      signatory: [", "      signatories: [")
    result = build_broken(corpus)
    assert result.exit_code == 2
    assert "unknown property 'signatories' (did you mean 'signatory'?)" in result.stderr


def test_wrongly_resolved_relative_date_is_refused(corpus):
    edit(corpus / "claims" / CLAIMS_FILE, "{stated: next year, rule:", "{value: 2025, stated: next year, rule:")
    result = build_broken(corpus)
    assert result.exit_code == 2
    assert "'next year' resolves to 2026" in result.stderr


def test_a_good_corpus_builds(corpus):
    out = corpus / "out"
    result = Runner().invoke(
        main, ["build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"pactgraph.{f}" for f in FORMATS), "pactgraph.inputs.json"]
    )


def test_check_lists_every_error_in_one_run(corpus):
    # Before (issue 26): build found three mistakes one per run, three builds for three mistakes.
    claims = corpus / "claims" / CLAIMS_FILE
    sentence = "Shmyhal said Ukraine will share its experience and innovations in drone technology."
    bad = [
        ("unknown-property", "programme/ukraine-norway-drone-coproduction", "startedOn: 2025-12-01"),
        ("unknown-entity", "programme/ukraine-norway-drone-coproduction", "participant: person/tore-sandvik"),
        ("bad-date", "agreement/ukraine-norway-drone-coproduction", "signedOn: '01.12.2025'"),
    ]
    text = claims.read_text(encoding="utf-8")
    for claim_id, about, fact in bad:
        text += f'\n  - id: {claim_id}\n    sentence: "{sentence}"\n    about: {about}\n    facts:\n      {fact}\n'
    claims.write_text(text, encoding="utf-8")
    options = ["--sources", str(corpus / "sources"), "--claims", str(corpus / "claims")]
    built = Runner().invoke(main, ["build", *options, "--out", str(corpus / "out")])
    assert built.exit_code == 2 and len(built.stderr.strip().splitlines()) == 1
    result = Runner().invoke(main, ["check", *options])
    assert result.exit_code == 2
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3, lines
    for (claim_id, _, _), line in zip(bad, lines, strict=True):
        assert f"claim '{claim_id}'" in line
    assert "3 errors, 0 shape violations" in result.stderr
