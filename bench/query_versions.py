"""A named query as it is now against the same query at an earlier commit, on one store: the same
answer (byte for byte, CSV) and the engine's time for each, in turn.

    python bench/corpus.py 1000000 -o corpus.trig
    python bench/query_versions.py --data corpus.trig --against f4df328 ukraine-partners corroboration
    python bench/query_versions.py --location STORE --against f4df328 ukraine-partners

The store is Oxigraph in memory over the file, or with --location a store made by `pactgraph load`
(or kept by the query cache). The query is timed alone: pyoxigraph, results serialised in Rust.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from pactgraph.paths import QUERIES  # noqa: E402
from pactgraph.query import named_queries  # noqa: E402
from pactgraph.store import load_store  # noqa: E402

from bench.measure import engine_results, figure, machine  # noqa: E402


def text_at(revision: str, name: str) -> str:
    path = (QUERIES / f"{name}.rq").relative_to(ROOT).as_posix()
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True, text=True, check=True
    ).stdout


def timed(store: ox.Store, text: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    answer = engine_results(store, text).serialize(format=ox.QueryResultsFormat.CSV)
    return time.perf_counter() - start, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="named queries")
    parser.add_argument("--data", type=Path, help="an RDF file, loaded in memory (bench/corpus.py writes one)")
    parser.add_argument("--against", required=True, help="the git revision to compare with")
    parser.add_argument("--location", type=Path, help="query this store on disk instead of the file in memory")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if (args.data is None) == (args.location is None):
        parser.error("give --data FILE or --location STORE")
    store = ox.Store.read_only(str(args.location)) if args.location else load_store(args.data)
    print(f"{'on disk' if args.location else 'in memory'}; medians of {args.repeat} runs, in turn")
    print(machine("before"))
    for name in args.names:
        before, now = text_at(args.against, name), named_queries()[name].text
        times: dict[str, list[float]] = {"before": [], "now": []}
        answers: dict[str, bytes] = {}
        for _ in range(args.repeat):
            for label, text in (("before", before), ("now", now)):
                seconds, answers[label] = timed(store, text)
                times[label].append(seconds)
        same = "same answer" if answers["before"] == answers["now"] else "ANSWERS DIFFER"
        rows = answers["now"].count(b"\n") - 1
        print(
            f"{name:22} {rows:8} rows  {same}  {args.against}: {figure(times['before'], 's', 3)}  now: {figure(times['now'], 's', 3)}"
        )
    print(machine("after"))


if __name__ == "__main__":
    main()
