"""Sources side by side (`pactgraph compare THING`, the named query `compare`), on the six short
reports of one signing in tests/data/test_disagreements, each expected cell read off their texts:

- kyiv-daily (30 Nov 2025): "a drone co-production agreement in Kyiv on Sunday", signed by Denys
  Shmyhal and Tore O. Sandvik; "The drones will be produced in Norway."
- state-post (1 Dec): "signed an agreement on drones": no place, day or signatory.
- wire-copy (1 Dec): a republished copy of kyiv-daily, a column of its own that says so.
- oslo-letter (2 Dec): "a letter of intent"; "did not say where the drones will be produced".
- follow-up (4 Dec): "The co-production agreement ... signed last weekend": its day taken from
  kyiv-daily, and said so.
"""

from __future__ import annotations

import csv
import io

from tests.cli import invoke, one_line_error

# `trig`: the reports, built (tests/conftest.py).
AGREEMENT = "agreement/ua-no-drone-agreement"


def table(trig: str, thing: str) -> list[list[str]]:
    result = invoke("compare", thing, "--data", trig, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def test_a_column_per_source_in_order_of_publication_a_copy_said_so(trig):
    assert table(trig, AGREEMENT)[0] == [
        "property",
        "differs",
        "Kyiv Daily, 2025-11-30 (kyiv-daily)",
        "State Post, 2025-12-01 (state-post)",
        "Wire Copy, 2025-12-01 (wire-copy, copy of kyiv-daily)",
        "Oslo Letter, 2025-12-02 (oslo-letter)",
        "Follow-up Weekly, 2025-12-04 (follow-up)",
    ]


def test_a_row_per_property_and_what_the_sources_differ_on_marked(trig):
    rows = {row[0]: row[1:] for row in table(trig, AGREEMENT)[1:]}
    assert rows["agreementKind"] == [
        "yes",
        "co-production agreement",
        "agreement",
        "co-production agreement",
        "letter of intent",
        "co-production agreement",
    ]
    # Every account says the two countries signed: no difference.
    assert rows["party"] == ["", *["Norway; Ukraine"] * 5]
    assert rows["status"] == ["", *["signed"] * 5]
    # Only the Kyiv Daily (and its copy) names the signatories and Kyiv; the others say nothing of them.
    assert rows["signatory"] == ["", "Denys Shmyhal; Tore O. Sandvik", "", "Denys Shmyhal; Tore O. Sandvik", "", ""]
    assert rows["signedAt"] == ["", "Kyiv", "", "Kyiv", "", ""]
    # "signed last weekend": the follow-up's day is the Kyiv Daily's, taken from it, and no difference.
    assert rows["signedOn"] == ["", "2025-11-30", "", "2025-11-30", "", "2025-11-30 (taken from kyiv-daily)"]


def test_what_a_source_says_it_does_not_give_differs_from_a_value(trig):
    rows = {row[0]: row[1:] for row in table(trig, "Ukraine–Norway drone production")[1:]}
    assert rows["productionLocation"] == ["yes", "Norway", "Norway", "(not given)"]


def test_the_table_for_people_marks_the_differences(trig):
    result = invoke("compare", AGREEMENT, "--data", trig)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Ukraine–Norway drone agreement (agreement:ua-no-drone-agreement): 5 sources"
    assert "≠ agreementKind" in lines and "  party" in lines and "    [4] letter of intent" in lines


def test_the_query_gives_each_cell_its_sentence(trig):
    result = invoke("query", "--data", trig, "--format", "csv", "compare")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    letter = [r for r in rows if r["property"] == "agreementKind" and r["source"] == "oslo-letter"]
    assert {r["sentence"] for r in letter} == {
        "Norway and Ukraine have signed a letter of intent on drone production, the Norwegian ministry said."
    }
    assert {r["value"] for r in letter} == {"letter of intent"}


def test_a_name_of_nothing_or_of_two_things_is_one_line(trig):
    line = one_line_error(*_run(trig, "nothing like it"))
    assert "no thing of that name or IRI has a source" in line
    line = one_line_error(*_run(trig, "drone"))
    assert "'drone' names 2 things" in line and "agreement:ua-no-drone-agreement" in line


def _run(trig: str, thing: str) -> tuple[str, int]:
    result = invoke("compare", thing, "--data", trig)
    return result.stderr, result.exit_code
