"""bench/stores.py's cap stops a query inside the engine, where no Python handler runs, and the
bench goes on with the next query in a fresh process."""

from __future__ import annotations

import json

from bench.corpus import write
from bench.stores import in_subprocess

# So short that every run is past it (a run takes far longer than a microsecond): the test needs
# no query to be slow, and no clock to be read.
NO_TIME = 1e-6


def test_each_query_past_the_cap_is_stopped_where_it_ran_and_the_next_goes_on(tmp_path):
    corpus, kept = tmp_path / "corpus.trig", tmp_path / "oxigraph.json"
    write(10_000, corpus)
    figures = in_subprocess("oxigraph", corpus, 1, NO_TIME, ("csv", "json"), kept, ["sources", "ministers"])
    # Each stopped in its first run (pactgraph's, in the first format); the engine's run of the same
    # query is not run, and the second query was measured by a process of its own.
    stopped = {"rows": None, "csv": {"ours": [NO_TIME], "engine": [], "capped": ["ours"]}}
    assert figures["queries"] == {"sources": stopped, "ministers": stopped}
    assert "running" not in figures
    assert len(figures["load"]) == len(figures["export"]) == 1  # a resumed process does not time its load
    assert json.loads(kept.read_text()) == figures
