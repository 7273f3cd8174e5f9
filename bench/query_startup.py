"""How long does `pactgraph query NAME` take, start-up included, on the seed graph?

Runs every named query as a user would (a new process each time) and, in the same run, the same
query through the obvious alternative, rdflib (parse exports/pactgraph.trig into a Dataset, run the
query with rdflib's SPARQL engine), as the baseline. Prints median wall times side by side.

    python bench/query_startup.py [--repeat N]

Run `pactgraph build` first. The issue's target is at most 0.3 s per named query.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.3

RDFLIB_BASELINE = """
import sys
from rdflib import Dataset
from graph.prefixes import PREFIXES
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format="trig")
query = "".join(f"PREFIX {p}: <{ns}>\\n" for p, ns in PREFIXES.items()) + open(sys.argv[2]).read()
for row in dataset.query(query):
    pass
"""


def wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per query (median reported)")
    args = parser.parse_args()
    data = ROOT / "exports" / "pactgraph.trig"
    if not data.exists():
        sys.exit("exports/pactgraph.trig is missing: run `pactgraph build` first")
    pactgraph = shutil.which("pactgraph") or sys.exit("pactgraph is not on PATH: pip install -e . first")
    queries = sorted((ROOT / "graph" / "queries").glob("*.rq"))
    print(f"median wall time of {args.repeat} runs, new process each, start-up included")
    print(f"{'query':<22} {'pactgraph (s)':>14} {'rdflib (s)':>11} {'speed-up':>9}  target {TARGET_SECONDS} s")
    worst = 0.0
    for query in queries:
        ours = wall([pactgraph, "query", query.stem], args.repeat)
        baseline = wall([sys.executable, "-c", RDFLIB_BASELINE, str(data), str(query)], args.repeat)
        worst = max(worst, ours)
        verdict = "ok" if ours <= TARGET_SECONDS else "OVER"
        print(f"{query.stem:<22} {ours:>14.3f} {baseline:>11.3f} {baseline / ours:>8.1f}x  {verdict}")
    print(
        f"slowest named query: {worst:.3f} s ({'within' if worst <= TARGET_SECONDS else 'over'} the {TARGET_SECONDS} s target)"
    )


if __name__ == "__main__":
    main()
