"""Every named query finds the rows a person wrote down from the source text
(tests/data/test_hand_answers.yaml): expected answers that do not come from the code they check,
unlike graph/queries/*.csv, which tests/regenerate_expected.py rewrites from the code's output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from graph import paths
from graph.query import format_results, named_queries, run_query

HAND = yaml.safe_load((Path(__file__).parent / "data" / "test_hand_answers.yaml").read_text(encoding="utf-8"))
SOURCE = (paths.SOURCES / "ukraine-norway-drones.txt").read_text(encoding="utf-8")
QUERIES = named_queries()


def test_every_named_query_has_hand_written_rows():
    assert sorted(HAND) == sorted(QUERIES)
    assert all(HAND[name] for name in HAND if name != "conflicts")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_finds_the_hand_written_rows(store, name):
    output = format_results(run_query(store, QUERIES[name].text), "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(output)))
    if not HAND[name]:  # written down as nothing: the answer must be nothing
        assert rows == [], f"{name}: {rows[:3]}"
    for expected in HAND[name]:
        wanted = {column: str(value) for column, value in expected.items() if column != "because"}
        assert set(wanted) <= set(rows[0]), f"{name}: no column {sorted(set(wanted) - set(rows[0]))}"
        found = [row for row in rows if all(row[column] == value for column, value in wanted.items())]
        assert found, f"{name}: no row with {wanted} (from: {expected.get('because', wanted.get('sentence'))})"
        if "sentence" in wanted:  # the offsets are where the sentence stands in the source
            start = SOURCE.index(wanted["sentence"])
            assert (found[0]["start"], found[0]["end"]) == (str(start), str(start + len(wanted["sentence"])))
