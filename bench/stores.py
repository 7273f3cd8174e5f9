"""rdflib's memory store against Oxigraph, side by side, on synthetic partnership corpora.

    python bench/stores.py [--sizes 10000,100000,1000000] [--repeat 5] [--rdflib-repeat 3] [--cap 60]

For each size it writes a corpus (bench/corpus.py) and measures, each store in a fresh process:
load (parse the Turtle file into the store; for Oxigraph also the parse alone, to show what bounds
the load), Turtle export, every named query's median time (all results consumed), and the
process's peak memory. Three stores: rdflib's memory store, Oxigraph in memory (what `pactgraph
query` and `serve` use over a file) and Oxigraph on disk (what `pactgraph load --location` makes);
the ratio column is rdflib's time over in-memory Oxigraph's. The issue's targets at 1M triples,
Oxigraph store: load <= 3 s, export <= 1 s, every named query <= 100 ms median, and at least 10
times the memory store on load and 30 times on export.
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
        # "oxigraph" is in memory, as `pactgraph query` and `serve` use it over a file;
        # "oxigraph-disk" is a persistent store, as `pactgraph load --location` makes.
        directory = tempfile.TemporaryDirectory(dir=corpus.parent) if store_kind == "oxigraph-disk" else None
        start = time.perf_counter()
        store = ox.Store(directory.name) if directory else ox.Store()
        store.bulk_load(path=str(corpus), format=ox.RdfFormat.TURTLE)
        store.flush()
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


STORES = {"memory": "memory (rdflib)", "oxigraph": "oxigraph", "oxigraph-disk": "oxigraph disk"}


def report(size: int, triples: int, figures: dict[str, dict]) -> list[str]:
    """A table: one column per store, then rdflib's time over in-memory Oxigraph's."""
    memory, oxigraph = figures["memory"], figures["oxigraph"]
    lines = [
        f"\n{size:,} triples requested ({triples:,} written)",
        f"{'':26}" + "".join(f"{STORES[kind]:>16}" for kind in figures) + f"{'ratio':>9}",
    ]

    def row(name: str, cells: list[str], ratio: str = "") -> None:
        lines.append(f"{name:26}" + "".join(f"{cell:>16}" for cell in cells) + f"{ratio:>9}")

    for step in ("load", "export"):
        ratio = f"{memory[step] / oxigraph[step]:.1f}x"
        row(step if step == "load" else "export Turtle", [seconds(f[step]) for f in figures.values()], ratio)
        if step == "load":
            row("  parse alone, no store", [seconds(f["parse"]) if "parse" in f else "" for f in figures.values()])
    for name in memory["queries"]:
        results = [f["queries"][name] for f in figures.values()]
        cells = [("> " if r["rows"] is None else "") + seconds(r["median"]) for r in results]
        slow, fast = memory["queries"][name], oxigraph["queries"][name]
        row(f"  {name}", cells, "" if slow["rows"] is None else f"{slow['median'] / fast['median']:.1f}x")
        counts = {r["rows"] for r in results if r["rows"] is not None}
        if len(counts) > 1:
            lines.append(f"  !! {name}: the stores return different numbers of rows: {sorted(counts)}")
    row("peak memory", [f"{f['peak_mb']:.0f} MB" for f in figures.values()])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on Oxigraph (median)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per query on rdflib (median)")
    parser.add_argument("--cap", type=int, default=60, help="seconds after which an rdflib query is stopped")
    parser.add_argument(
        "--measure",
        nargs=2,
        metavar=("STORE", "CORPUS"),
        help=f"measure one store ({', '.join(STORES)}) on a corpus file (bench/corpus.py) and print the figures as JSON",
    )
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
            figures = {
                kind: in_subprocess(kind, corpus, args.rdflib_repeat if kind == "memory" else args.repeat, args.cap)
                for kind in STORES
            }
            print("\n".join(report(size, triples, figures)), flush=True)
            memory, oxigraph = figures["memory"], figures["oxigraph"]
            if size >= 1_000_000:
                slowest = max(q["median"] for q in oxigraph["queries"].values())
                print(
                    f"targets at {size:,}: load {oxigraph['load']:.2f} s (<= 3 s), export {oxigraph['export']:.2f} s "
                    f"(<= 1 s), slowest query {slowest * 1000:.0f} ms (<= 100 ms), load ratio "
                    f"{memory['load'] / oxigraph['load']:.0f}x (>= 10x), export ratio {memory['export'] / oxigraph['export']:.0f}x (>= 30x)"
                )


if __name__ == "__main__":
    main()
