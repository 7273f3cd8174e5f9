"""rdflib's memory store against Oxigraph, side by side, on synthetic partnership corpora.

    python bench/stores.py [--sizes 10000,100000,1000000] [--repeat 5] [--rdflib-repeat 3] [--cap 60]

For each size it writes a corpus (bench/corpus.py) and measures, each store in a fresh process:
load (parse the Turtle file into the store; for Oxigraph also the parse alone, to show what bounds
the load), Turtle export, every named query's median time (all results consumed), and the
process's peak memory. The issue's targets at 1M triples, Oxigraph store: load <= 3 s, export
<= 1 s, every named query <= 100 ms median, and at least 10 times the memory store on load and 30
times on export.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(store_kind: str, corpus: Path, repeat: int, cap: int) -> dict:
    """Run in a fresh process: load, export and query with one store; return the figures."""
    from graph.prefixes import PREFIXES
    from graph.query import named_queries

    figures: dict = {"queries": {}}
    if store_kind == "memory":
        from rdflib import Dataset
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        start = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(corpus, format="turtle")
        figures["load"] = time.perf_counter() - start
        start = time.perf_counter()
        dataset.graph(DATASET_DEFAULT_GRAPH_ID).serialize(format="turtle")
        figures["export"] = time.perf_counter() - start

        def run(text: str) -> int:
            # rdflib is pure Python, so an alarm can end a query that runs past the cap.
            signal.alarm(cap)
            try:
                return len(list(dataset.query(text, initNs=PREFIXES)))
            finally:
                signal.alarm(0)
    else:
        import pyoxigraph as ox

        # What bounds the load: the parser alone, every triple made a Python object and dropped.
        start = time.perf_counter()
        for _ in ox.parse(path=str(corpus), format=ox.RdfFormat.TURTLE):
            pass
        figures["parse"] = time.perf_counter() - start
        start = time.perf_counter()
        # In memory, as `pactgraph query` and `serve` use it over a file; a persistent store
        # (pactgraph load --location) measured here loads and dumps about twice as slowly.
        store = ox.Store()
        store.bulk_load(path=str(corpus), format=ox.RdfFormat.TURTLE)
        figures["load"] = time.perf_counter() - start
        start = time.perf_counter()
        store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        figures["export"] = time.perf_counter() - start

        def run(text: str) -> int:
            return len(list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)))

    def over_cap(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, over_cap)
    for name, query in named_queries().items():
        times, rows = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                rows = run(query.text)
            except TimeoutError:
                times, rows = [float(cap)], None  # reported as "> cap"
                break
            times.append(time.perf_counter() - start)
        figures["queries"][name] = {"median": statistics.median(times), "rows": rows}
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def in_subprocess(store_kind: str, corpus: Path, repeat: int, cap: int) -> dict:
    command = [
        sys.executable,
        __file__,
        "--measure",
        store_kind,
        str(corpus),
        "--repeat",
        str(repeat),
        "--cap",
        str(cap),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.splitlines()[-1])


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def report(size: int, triples: int, memory: dict, oxigraph: dict) -> list[str]:
    lines = [
        f"\n{size:,} triples requested ({triples:,} written)",
        f"{'':26}{'memory (rdflib)':>16}{'oxigraph':>12}{'ratio':>9}",
    ]

    def row(name: str, slow: float, fast: float) -> None:
        lines.append(f"{name:26}{seconds(slow):>16}{seconds(fast):>12}{slow / fast:>8.1f}x")

    row("load", memory["load"], oxigraph["load"])
    lines.append(f"{'  parse alone, no store':26}{'':>16}{seconds(oxigraph['parse']):>12}")
    row("export Turtle", memory["export"], oxigraph["export"])
    for name in memory["queries"]:
        slow, fast = memory["queries"][name], oxigraph["queries"][name]
        if slow["rows"] is None:
            lines.append(f"{'  ' + name:26}{'> ' + seconds(slow['median']):>16}{seconds(fast['median']):>12}{'':>9}")
            continue
        row(f"  {name}", slow["median"], fast["median"])
        if slow["rows"] != fast["rows"]:
            lines.append(f"  !! {name}: {slow['rows']} rows on rdflib, {fast['rows']} on Oxigraph")
    lines.append(f"{'peak memory':26}{memory['peak_mb']:>13.0f} MB{oxigraph['peak_mb']:>9.0f} MB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on Oxigraph (median)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per query on rdflib (median)")
    parser.add_argument("--cap", type=int, default=60, help="seconds after which an rdflib query is stopped")
    parser.add_argument("--measure", nargs=2, metavar=("STORE", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]), args.repeat, args.cap)))
        return

    from bench.corpus import write

    print("median times; each store in a fresh process; queries consume all their results")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{size}.ttl"
            triples = write(size, corpus)
            memory = in_subprocess("memory", corpus, args.rdflib_repeat, args.cap)
            oxigraph = in_subprocess("oxigraph", corpus, args.repeat, args.cap)
            print("\n".join(report(size, triples, memory, oxigraph)), flush=True)
            if size >= 1_000_000:
                slowest = max(q["median"] for q in oxigraph["queries"].values())
                print(
                    f"targets at {size:,}: load {oxigraph['load']:.2f} s (<= 3 s), export {oxigraph['export']:.2f} s "
                    f"(<= 1 s), slowest query {slowest * 1000:.0f} ms (<= 100 ms), load ratio "
                    f"{memory['load'] / oxigraph['load']:.0f}x (>= 10x), export ratio {memory['export'] / oxigraph['export']:.0f}x (>= 30x)"
                )


if __name__ == "__main__":
    main()
