"""How long does `pactgraph query NAME` take, start-up included, on the seed graph?

Runs every named query as a user would (a new process each time) and, in the same run, the same
query through the obvious alternative, rdflib (parse exports/pactgraph.trig into a Dataset, run the
query with rdflib's SPARQL engine), as the baseline; and the floor: a new Python process that
imports pyoxigraph, loads the file and prints the query's results as TSV, nothing else. Prints
medians with their ranges side by side, with the load average before and after.

    python bench/query_startup.py [--repeat N]

Run `pactgraph build` first. The target is at most 0.15 s per named query on the seed graph.
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
TARGET_SECONDS = 0.15

RDFLIB_BASELINE = """
import sys
from rdflib import Dataset
from pactgraph.prefixes import PREFIXES
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format="trig")
query = "".join(f"PREFIX {p}: <{ns}>\\n" for p, ns in PREFIXES.items()) + open(sys.argv[2]).read()
for row in dataset.query(query):
    pass
"""
ENGINE_FLOOR = """
import sys
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG)
prefixes = dict(line.split(" ", 1) for line in sys.argv[3].splitlines())
results = store.query(open(sys.argv[2]).read(), prefixes=prefixes, use_default_graph_as_union=True)
sys.stdout.buffer.write(results.serialize(format=ox.QueryResultsFormat.TSV))
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per query (median reported)")
    args = parser.parse_args()
    data = ROOT / "exports" / "pactgraph.trig"
    if not data.exists():
        sys.exit("exports/pactgraph.trig is missing: run `pactgraph build` first")
    pactgraph = shutil.which("pactgraph") or sys.exit("pactgraph is not on PATH: pip install -e . first")
    queries = sorted((ROOT / "graph" / "queries").glob("*.rq"))
    sys.path.insert(0, str(ROOT))
    from pactgraph.prefixes import PREFIXES

    from bench.measure import figure, machine

    prefixes = "\n".join(f"{p} {ns}" for p, ns in PREFIXES.items())
    print(f"wall time, new process each, start-up included: median of {args.repeat} runs (range)")
    print(machine("before"))
    print(f"{'query':<22} {'pactgraph':>26} {'engine alone (floor)':>26} {'rdflib':>26}")
    worst = 0.0
    for query in queries:
        ours, floor, baseline = [], [], []
        for _ in range(args.repeat):  # in turn, so that a drift of the machine falls on all three
            ours.append(wall([pactgraph, "query", query.stem]))
            floor.append(wall([sys.executable, "-c", ENGINE_FLOOR, str(data), str(query), prefixes]))
            baseline.append(wall([sys.executable, "-c", RDFLIB_BASELINE, str(data), str(query)]))
        worst = max(worst, statistics.median(ours))
        print(f"{query.stem:<22} {figure(ours, 's', 3):>26} {figure(floor, 's', 3):>26} {figure(baseline, 's', 3):>26}")
    print(
        f"slowest named query: {worst:.3f} s ({'within' if worst <= TARGET_SECONDS else 'over'} the {TARGET_SECONDS} s target)"
    )
    print(machine("after"))


if __name__ == "__main__":
    main()
