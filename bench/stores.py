"""pactgraph's queries against the bare engine, per store, on synthetic partnership corpora.

    python bench/stores.py [--sizes 10000,100000,1000000] [--repeat 3] [--rdflib-repeat 3] [--cap 60]
                           [--skip-rdflib] [--skip-disk] [--cli] [--queries A,B] [--keep DIR]
    python bench/stores.py --sizes N --report-from DIR

For each size it writes a corpus (bench/corpus.py, TriG, every named query has rows in it) and
measures, each store in a fresh process:
- load (the TriG file into the store) and TriG export, and the process's peak memory;
- every named query, in every output format the CLI offers, as pactgraph runs it
  (graph.query.answer: checks, the query, the results formatted) beside the bare engine on the same
  store: pyoxigraph's query with its results serialised in Rust (CSV, TSV, JSON; for pactgraph's
  table, TSV, the engine's nearest form), and the overhead of ours over the engine's;
- the on-disk store (what `pactgraph load` makes: bulk load, then optimize): the engine's time for
  each query (CSV), beside the in-memory one's (pactgraph's overhead does not depend on the store);
- rdflib's memory store, as the baseline pactgraph left (CSV only; --skip-rdflib at large sizes).
With --cli, for each named query in a fresh `pactgraph` process: the second `query --data FILE`
(served from the store kept in the cache, graph.cache) beside `query --location STORE` on a store
made by `pactgraph load`, and beside the floor, a process running the query with pyoxigraph alone
on the same store, each with its peak memory.
With --keep DIR, each store's figures are written to DIR as they are taken, so that a long run
(an hour at 10M) stopped half-way still leaves them; --report-from DIR prints their report.
A run of a query past --cap seconds is stopped and shown as such. On Oxigraph that ends the
measuring process (the engine gives no handler a chance inside a query), and a fresh one goes on
with the next query.

Every figure is a median with its range over --repeat runs (ours and the engine's taken in turn),
or for a query under a third of a second, as many runs as fill about a second (at most 99);
the load average is printed before and after each size, and a busy machine is flagged. The bench
fails if a named query returns no rows at some size. Targets (issue 12): at 1M, pactgraph's overhead
over the engine <= 10% on every named query and format; on-disk within 4 times in-memory; the
second `--data` query within 1.5 times the on-disk store's own and under 200 MB.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

BENCH = [sys.executable, str(Path(__file__).resolve())]  # this bench, run again in a child process
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import engine_results, machine, process_figures  # noqa: E402

STORES = {"memory": "rdflib memory", "oxigraph": "oxigraph", "oxigraph-disk": "oxigraph disk"}
FORMATS = ("table", "csv", "tsv", "json")


def timed(function, *args, **kwargs) -> tuple[float, object]:
    """Seconds `function(*args, **kwargs)` takes, and what it returns."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def measure(
    store_kind: str,
    corpus: Path,
    repeat: int,
    cap: float,
    formats: tuple[str, ...] = FORMATS,
    kept: Path | None = None,
    only: list[str] | None = None,
    resume: bool = False,
) -> dict:
    """Run in a fresh process: load, export and query with one store; return the figures.
    With `kept`, the figures so far are written there after each step, so that a run of an hour
    stopped or failing half-way still leaves what it measured (--keep, --report-from); with `resume`
    too, the figures there are added to, and the store is loaded once without timing it. With
    `only`, those named queries alone.
    A query past `cap` seconds on rdflib (pure Python) is stopped by an alarm and the next one goes
    on. On Oxigraph the alarm ends the process: the engine does not return to Python until a query
    that sorts or groups has its first result, so no handler would run. Before each run that may be
    long, the query, format and kind are noted in `kept` as "running", so that in_subprocess knows
    which one was stopped."""
    from pactgraph.query import answer

    figures: dict = json.loads(kept.read_text()) if resume else {"load": [], "export": []}
    loads = 1 if resume else repeat
    timings = {"load": [], "export": []}
    engine = None
    signal.signal(signal.SIGALRM, over_cap if store_kind == "memory" else signal.SIG_DFL)
    if store_kind == "memory":
        from pactgraph.store import RdflibBackend

        for _ in range(loads):
            seconds, backend = timed(RdflibBackend.from_file, corpus)
            timings["load"].append(seconds)
            timings["export"].append(timed(backend.dataset.serialize, format="trig")[0])
        formats = ("csv",)
    else:
        import pyoxigraph as ox
        from pactgraph.store import OxigraphBackend, bulk_load, open_store

        # The on-disk stores live until the process ends (the last one is queried). One ended by the
        # cap cannot remove them; they are in the corpus's directory, which bench/stores.py removes.
        scratch = Path(tempfile.mkdtemp(dir=corpus.parent))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        for run in range(loads):
            if store_kind == "oxigraph":
                store = ox.Store()
                seconds, _ = timed(store.bulk_load, path=str(corpus), format=ox.RdfFormat.TRIG)
            else:  # as `pactgraph load` makes it: all or nothing, flushed and optimized
                seconds, _ = timed(bulk_load, [corpus], scratch / f"store-{run}")
                store = open_store(scratch / f"store-{run}", read_only=True)
            timings["load"].append(seconds)
            timings["export"].append(timed(store.dump, format=ox.RdfFormat.TRIG)[0])
        backend = OxigraphBackend(store)
        # pactgraph's table has no counterpart in the engine: TSV, its nearest form, is the floor.
        serialised = {"table": ox.QueryResultsFormat.TSV, "csv": ox.QueryResultsFormat.CSV}
        serialised |= {"tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}

        def engine(text: str, fmt: str) -> bytes:
            return engine_results(store, text).serialize(format=serialised[fmt])

    if not resume:
        figures |= timings
    keep(figures, kept)
    figures.setdefault("queries", {})
    if store_kind == "oxigraph-disk":  # the engine alone: the overhead is ours whatever the store
        ours, formats = None, ("csv",)
    else:
        ours = partial(answer, backend)
    for name, query in chosen_queries(only).items():

        def running(fmt: str, kind: str, name: str = name) -> None:
            figures["running"] = {"query": name, "format": fmt, "kind": kind}
            keep(figures, kept)

        figures["queries"][name] = _query(query.text, ours, engine, formats, repeat, cap, running)
        figures.pop("running", None)
        keep(figures, kept)
    return figures


def chosen_queries(only: list[str] | None) -> dict:
    """The named queries, or those of them in `only` (a name not among them is an error)."""
    from pactgraph.query import named_queries

    named = named_queries()
    unknown = set(only or ()) - set(named)
    if unknown:
        raise SystemExit(f"--queries: no named query {', '.join(sorted(unknown))}")
    return {name: query for name, query in named.items() if not only or name in only}


def keep(figures: dict, kept: Path | None) -> None:
    """Note the process's peak memory so far in the figures (or the peak of an earlier process that
    took them, if higher), and write them to `kept` whole (a new file moved over the old one)."""
    now = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_mb"] = max(figures.get("peak_mb", 0.0), now)
    if kept is not None:
        partial_file = kept.with_suffix(".part")
        partial_file.write_text(json.dumps(figures))
        partial_file.replace(kept)


class OverCap(Exception):
    """A query past the cap (not TimeoutError: that is an OSError, which pactgraph reports as the
    query's failure)."""


SHORT = 1.0  # seconds of runs wanted of a short query
MOST_ROUNDS = 99


def rounds_for(seconds: float) -> int:
    """Rounds of runs for a query that takes `seconds`: enough to fill about a second, at most 99.
    The median of 3 runs of a 6 ms query moved by a tenth from one run of the bench to the next,
    as large as the 10% the overhead is held to."""
    return min(MOST_ROUNDS, int(SHORT / max(seconds, 1e-6)))


def over_cap(signum, frame):
    raise OverCap


def _query(text: str, ours, engine, formats, repeat: int, cap: float, running) -> dict:
    """{format: {"ours": [s...], "engine": [s...], "capped": [...]}, "rows": n} for one query:
    `ours(text, fmt)` and `engine(text, fmt)` (either may be None) in turn, so that a drift of the
    machine falls on both; `repeat` rounds, or for a short query as many as fill about a second
    (rounds_for). An alarm goes off after `cap` seconds of a run: if it raises OverCap (rdflib),
    the run is reported as stopped and the other kind still runs. `running(fmt, kind)` is called
    before each run that may be long: each of the first `repeat` rounds, and every round of a query
    that needs no more."""
    entry: dict = {"rows": None}
    for fmt in formats:
        entry[fmt] = samples = {"ours": [], "engine": []}
        capped = set()  # the kinds stopped at the cap: the other still runs, once at least
        rounds = done = 0
        while done < max(rounds, repeat):
            for kind, run in (("ours", ours), ("engine", engine)):
                if run is None or kind in capped:
                    continue
                if done < repeat or rounds <= repeat:
                    running(fmt, kind)
                signal.setitimer(signal.ITIMER_REAL, cap)
                try:
                    seconds, printed = timed(run, text, fmt)
                except OverCap:
                    samples[kind] = [float(cap)]
                    capped.add(kind)
                    continue
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                samples[kind].append(seconds)
                if fmt == "csv":
                    entry["rows"] = printed.count(b"\n") - 1
            done += 1
            if done == 1 and not capped:
                rounds = rounds_for(max(s[0] for s in samples.values() if s))
        samples["capped"] = sorted(capped)
    return entry


def in_subprocess(
    store_kind: str, corpus: Path, repeat: int, cap: float, formats: tuple[str, ...], kept: Path, only: list[str] | None
) -> dict:
    """measure() in a fresh process; its figures as it left them in `kept`. When the alarm of a
    query past the cap ends that process (Oxigraph), the query is noted there as stopped in the
    format and kind it was running (the rest of it is not run), and a fresh process goes on with
    the queries after it. The stopped run's memory is not in the peak."""
    names = list(chosen_queries(only))
    command = [*BENCH, "--measure", store_kind, str(corpus), "--repeat", str(repeat)]
    command += ["--cap", str(cap), "--formats", ",".join(formats), "--kept", str(kept)]
    figures: dict = {}
    while True:
        rest = [name for name in names if name not in figures.get("queries", {})]
        if figures and not rest:
            return figures
        resume = ["--resume"] if figures else []
        ended = subprocess.run([*command, "--queries", ",".join(rest), *resume], stdout=subprocess.DEVNULL, cwd=ROOT)
        if ended.returncode != -signal.SIGALRM:
            ended.check_returncode()  # any other failure stops the bench
            return json.loads(kept.read_text())
        figures = json.loads(kept.read_text())
        stopped = figures.pop("running")  # the alarm only goes off during a run, after its note
        samples = {"ours": [], "engine": [], "capped": [stopped["kind"]]}
        samples[stopped["kind"]] = [float(cap)]
        figures["queries"][stopped["query"]] = {"rows": None, stopped["format"]: samples}
        kept.write_text(json.dumps(figures))


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def spread(samples: list[float]) -> str:
    """A median and its range, in ms or s."""
    if len(samples) == 1:
        return f"{seconds(samples[0])} (1 run)"
    return f"{seconds(statistics.median(samples))} ({seconds(min(samples))}-{seconds(max(samples))})"


def overhead(samples: dict) -> float | None:
    """Ours over the engine's, or None when either was stopped at the cap."""
    if samples["capped"] or not samples["ours"] or not samples["engine"]:
        return None
    return statistics.median(samples["ours"]) / statistics.median(samples["engine"]) - 1


def shown(samples: list[float], capped: bool) -> str:
    return f"> {seconds(samples[0])} (stopped)" if capped else spread(samples) if samples else "-"


def report(size: int, quads: int | None, figures: dict[str, dict]) -> tuple[list[str], list[tuple]]:
    """The size's tables, and (overhead, query, format) for every in-memory Oxigraph measurement."""
    lines = [
        f"\n{size:,} quads requested" + ("" if quads is None else f" ({quads:,} written)"),
        f"{'':16}" + "".join(f"{STORES[k]:>30}" for k in figures),
    ]
    for step in ("load", "export"):
        lines.append(
            f"{step if step == 'load' else 'export TriG':16}"
            + "".join(f"{spread(f[step]):>30}" for f in figures.values())
        )
    lines.append(f"{'peak memory':16}" + "".join(f"{f['peak_mb']:>27.0f} MB" for f in figures.values()))
    lines.append(
        "\nquery, format, rows: in memory, pactgraph | bare engine | overhead; for csv, the engine on "
        "disk and on disk over in memory; rdflib (pactgraph on it)"
    )
    overheads = []
    # A run stopped half-way (--report-from) has figures for some queries only.
    disk_queries = figures.get("oxigraph-disk", {}).get("queries", {})
    rdflib_queries = figures.get("memory", {}).get("queries", {})
    for name, entry in figures.get("oxigraph", {}).get("queries", {}).items():
        for fmt in [f for f in FORMATS if f in entry]:
            samples = entry[fmt]
            ratio = overhead(samples)
            if ratio is not None:
                overheads.append((ratio, name, fmt))
            ours, engine = (shown(samples[k], k in samples["capped"]) for k in ("ours", "engine"))
            rows = "?" if entry["rows"] is None else entry["rows"]
            line = f"  {name:20} {fmt:5} {rows:>7}  {ours} | {engine} | {'-' if ratio is None else f'{ratio:+.1%}'}"
            if fmt == "csv" and name in disk_queries:
                on_disk = disk_queries[name]["csv"]
                stopped = "engine" in on_disk["capped"]
                line += f"   disk {shown(on_disk['engine'], stopped)}"
                if samples["engine"] and "engine" not in samples["capped"]:
                    slower = statistics.median(on_disk["engine"]) / statistics.median(samples["engine"])
                    line += f" {'> ' if stopped else ''}{slower:.1f}x"
            if fmt == "csv" and name in rdflib_queries:
                slow = rdflib_queries[name]["csv"]
                line += f"   rdflib {shown(slow['ours'], bool(slow['capped']))}"
            lines.append(line)
    return lines, overheads


def cli_figures(corpus: Path, repeat: int, scratch: Path, only: list[str] | None) -> list[str]:
    """Each named query through the command: `--data FILE` a second time (the cached store) beside
    `--location STORE` (a store made by pactgraph load), in fresh processes, with peak memory; and
    the floor: a process that opens the same store with pyoxigraph alone and writes the engine's CSV."""
    from pactgraph.cache import CACHE_ABOVE

    environment = {**os.environ, "XDG_CACHE_HOME": str(scratch / "cache")}
    store = scratch / "store"
    pactgraph = [sys.executable, "-m", "pactgraph.cli"]
    subprocess.run(
        [*pactgraph, "load", str(corpus), "--location", str(store)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=environment,
    )
    command = [*pactgraph, "query", "sources", "--data", str(corpus), "--format", "csv"]
    first, _ = timed(subprocess.run, command, check=True, capture_output=True, cwd=ROOT, env=environment)
    cached = corpus.stat().st_size >= CACHE_ABOVE
    made = (
        f"the first --data query made the cached store in {seconds(first)}"
        if cached
        else "the file is below the cache's threshold: --data loads it in memory"
    )
    lines = [
        f"\ncommand line, csv; {made}; the engine alone (pyoxigraph on the store, in a process of its own) is the floor",
        f"  {'query':20} {'--data FILE (second on)':>26} {'--location STORE':>26} {'engine alone':>26}  ratio"
        "   peak memory (data, location, engine)",
    ]
    worst = 0.0
    for name in chosen_queries(only):
        kinds = {
            "data": [*pactgraph, "query", name, "--data", str(corpus), "--format", "csv"],
            "location": [*pactgraph, "query", name, "--location", str(store), "--format", "csv"],
            "engine": [*BENCH, "--engine-query", name, str(store)],
        }
        timings = {kind: [] for kind in kinds}
        peaks = dict.fromkeys(kinds, 0.0)
        for _ in range(repeat):
            for kind, run in kinds.items():
                took, peak = process_figures(run, f"{kind} {name}", cwd=ROOT, env=environment)
                timings[kind].append(took)
                peaks[kind] = max(peaks[kind], peak)
        ratio = statistics.median(timings["data"]) / statistics.median(timings["location"])
        worst = max(worst, ratio)
        lines.append(
            f"  {name:20}"
            + "".join(f" {spread(timings[kind]):>26}" for kind in kinds)
            + f"  {ratio:4.2f}x   "
            + ", ".join(f"{peaks[kind]:.0f} MB" for kind in kinds)
        )
    lines.append(f"  largest ratio {worst:.2f}x (target <= 1.5x)")
    return lines


def engine_query(name: str, location: Path) -> None:
    """The floor of `pactgraph query NAME --location STORE --format csv`: the named query on the
    store opened read-only with pyoxigraph alone, its CSV serialised in Rust to standard output."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(location))
    results = engine_results(store, chosen_queries([name])[name].text)
    results.serialize(sys.stdout.buffer, format=ox.QueryResultsFormat.CSV)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement on Oxigraph (median and range)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs of each measurement on rdflib")
    parser.add_argument(
        "--cap",
        type=float,
        default=60,
        help="seconds after which a run of a query is stopped (on Oxigraph, with the rest of that query)",
    )
    parser.add_argument("--formats", default=",".join(FORMATS), help="output formats to time (all by default)")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave out rdflib's store (hours at 10M)")
    parser.add_argument("--cli-only", action="store_true", help="only the command line's figures (see --cli)")
    parser.add_argument("--skip-disk", action="store_true", help="leave out the on-disk store")
    parser.add_argument("--queries", help="only these named queries (comma-separated; all by default)")
    parser.add_argument("--cli", action="store_true", help="also time the command line: --data (cached) and --location")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep each store's figures in DIR as they are taken (SIZE-STORE.json)"
    )
    parser.add_argument(
        "--report-from", type=Path, metavar="DIR", help="print the report of figures kept in DIR, measuring nothing"
    )
    parser.add_argument("--measure", nargs=2, metavar=("STORE", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--kept", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--resume", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine-query", nargs=2, metavar=("NAME", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_query:
        engine_query(args.engine_query[0], Path(args.engine_query[1]))
        return 0
    only = args.queries.split(",") if args.queries else None
    chosen_queries(only)  # a name that is not a named query stops the bench before it measures
    if args.measure:
        formats = tuple(args.formats.split(","))
        measure(args.measure[0], Path(args.measure[1]), args.repeat, args.cap, formats, args.kept, only, args.resume)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.report_from:
        for size in sizes:
            kept = {kind: args.report_from / f"{size}-{kind}.json" for kind in STORES}
            figures = {kind: json.loads(path.read_text()) for kind, path in kept.items() if path.exists()}
            print("\n".join(report(size, None, figures)[0]))
        return 0

    from bench.corpus import write

    empty = []
    print("medians of --repeat runs (range); each store in a fresh process; ours and the engine's in turn")
    with tempfile.TemporaryDirectory() as tmp:
        keep_in = args.keep or Path(tmp)
        keep_in.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            print(machine("before"), flush=True)
            corpus = Path(tmp) / f"corpus-{size}.trig"
            quads = write(size, corpus)
            if not args.cli_only:
                skipped = {"memory"} if args.skip_rdflib else set()
                kinds = [k for k in STORES if k not in skipped | ({"oxigraph-disk"} if args.skip_disk else set())]
                figures = {
                    kind: in_subprocess(
                        kind,
                        corpus,
                        args.rdflib_repeat if kind == "memory" else args.repeat,
                        args.cap,
                        tuple(args.formats.split(",")),
                        keep_in / f"{size}-{kind}.json",
                        only,
                    )
                    for kind in kinds
                }
                lines, overheads = report(size, quads, figures)
                print("\n".join(lines), flush=True)
                empty += [f"{name} at {size:,}" for name, q in figures["oxigraph"]["queries"].items() if q["rows"] == 0]
                worst = max(overheads, default=(float("nan"), "none measured", ""))
                print(f"largest overhead at {size:,}: {worst[0]:+.1%} ({worst[1]}, {worst[2]}); target <= +10% at 1M")
            if args.cli or args.cli_only:
                print("\n".join(cli_figures(corpus, args.repeat, Path(tmp) / f"cli-{size}", only)), flush=True)
            print(machine("after"), flush=True)
            corpus.unlink()
    if empty:
        print(f"FAILED: named queries with no rows: {', '.join(empty)} (bench/corpus.py must give them some)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
