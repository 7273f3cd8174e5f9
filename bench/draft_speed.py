"""How fast does pactgraph draft read reports, beside spaCy alone parsing the same texts (the floor)?

    python bench/draft_speed.py [--articles 120] [--repeat 3]

- cold: `pactgraph draft SOURCE` for one article in a fresh process (Python start-up, imports and
  loading the pipeline included), wall-clock;
- warm: articles drafted a second with the pipeline loaded, with --jobs 1 and 2 (forked workers that
  share the loaded pipeline), beside spaCy alone parsing the same sentences in as many processes;
- memory: the peak of the processes' proportional set size (PSS: a page shared by the workers
  counted once), summed over the parent and its workers, and the cold command's peak RSS.

The articles are the development set's reports (bench/draft_set), repeated to --articles. Figures
are medians with their ranges over --repeat runs, with the load average beside them; a run taken
while the load is above the number of cores is flagged.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pactgraph import paths  # noqa: E402
from pactgraph.draft import draft_sources, pipeline  # noqa: E402
from pactgraph.sentences import sentences  # noqa: E402
from pactgraph.sources import load_sources  # noqa: E402

from bench.measure import figure, machine, process_figures  # noqa: E402

DRAFT_SET = ROOT / "bench" / "draft_set"


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(p) for p in listing.read().split()]
    except OSError:
        return []


class PeakMemory:
    """The peak of the summed PSS of this process and its children, sampled every 20 ms."""

    def __init__(self):
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = os.getpid()
        while not self._stop.is_set():
            total = _pss_kb(me) + sum(_pss_kb(child) for child in _children(me))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


_NLP = {}


def _parse(texts: list[str]) -> int:
    return sum(1 for _ in _NLP["nlp"].pipe(texts))


def spacy_alone(nlp, articles: list[list[str]], jobs: int) -> float:
    """Seconds spaCy alone takes to parse the articles' sentences, an article a task, in `jobs`
    processes forked after the pipeline is loaded (as pactgraph draft's workers are)."""
    _NLP["nlp"] = nlp
    start = time.perf_counter()
    if jobs == 1:
        for texts in articles:
            _parse(texts)
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            list(pool.imap(_parse, articles, chunksize=1))
    return time.perf_counter() - start


def cold(source, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds and peak RSS (MB) of `pactgraph draft SOURCE` in a fresh process."""
    source_id = source.id
    seconds, peaks = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(repeat):
            drafts = Path(scratch) / "drafts"
            shutil.rmtree(drafts, ignore_errors=True)
            argv = [
                sys.executable,
                "-m",
                "pactgraph.cli",
                "draft",
                source_id,
                "--sources",
                str(source.meta_path.parent),
                "--drafts",
                str(drafts),
            ]
            elapsed, peak = process_figures(argv, f"pactgraph draft {source_id}", cwd=ROOT)
            seconds.append(elapsed)
            peaks.append(peak)
    return seconds, peaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=120, help="articles drafted in each warm run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument(
        "--seed",
        action="store_true",
        help="draft the seed report (378 words) repeated, not the short development reports",
    )
    args = parser.parse_args()
    sources = list(load_sources(DRAFT_SET / "sources").values())
    if args.seed:
        sources = [load_sources(paths.SOURCES)["ukraine-norway-drones"]]
    batch = [sources[i % len(sources)] for i in range(args.articles)]
    words = sum(len(s.text.split()) for s in batch)
    print(
        f"draft speed: {len(batch)} articles ({words} words) from {'the seed report' if args.seed else DRAFT_SET.relative_to(ROOT)}, "
        f"{machine('before')}"
    )

    seconds, peaks = cold(sources[0], args.repeat)
    print(
        f"cold, one article (pactgraph draft, a fresh process): {figure(seconds, 's')}, peak RSS {figure(peaks, 'MB', 0)}"
    )

    nlp = pipeline()
    articles = [[s.text for s in sentences(source.text)] for source in batch]
    draft_sources(batch[:2], paths.CLAIMS, 1)  # warm the lexicon and the caches
    for jobs in (1, 2):
        ours, floor, memory = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            draft_sources(batch, paths.CLAIMS, jobs)
            ours.append(len(batch) / (time.perf_counter() - start))
            floor.append(len(batch) / spacy_alone(nlp, articles, jobs))
            # Memory in runs of their own: reading /proc/*/smaps_rollup every 20 ms slows the
            # processes it reads, and spaCy alone is timed without it.
            with PeakMemory() as peak:
                draft_sources(batch, paths.CLAIMS, jobs)
            memory.append(peak.peak_kb / 1024)
        ratio = statistics.median(floor) / statistics.median(ours)
        print(
            f"warm, --jobs {jobs}: {figure(ours, 'articles/s', 1)}; spaCy alone, same texts: "
            f"{figure(floor, 'articles/s', 1)} (pactgraph takes {ratio:.2f} times spaCy's time); "
            f"peak PSS of all processes {figure(memory, 'MB', 0)}"
        )
    print(machine("after"))
    print(f"this process's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
