"""Do numbering and drafting grow with the length of a report, not its square?

    python bench/long_reports.py [--sizes 80000,800000] [--repeat 3] [--whole-up-to 100000]

Each size is made of two texts: the development set's sentences in paragraphs, repeated to that
many characters, each sentence told apart by a number ("paragraphs"); and words with no full stop
at all ("run-on"). For each:

- numbering: pactgraph.sentences.sentences, beside pySBD given the whole text at once (how the text
  was read before it was read a window at a time; only up to --whole-up-to characters, as it grows
  with the square of the text);
- drafting: `pactgraph draft SOURCE` in a fresh process, wall-clock and peak RSS, beside the floor:
  a fresh process that loads the same pipeline, numbers the text and has spaCy parse the sentences
  drafting parses, and nothing else.

Figures are medians with their ranges over --repeat runs, with the load average beside them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pactgraph import sentences as numbering  # noqa: E402
from pactgraph.sources import add_source, load_sources  # noqa: E402

from bench.draft_speed import DRAFT_SET, cold  # noqa: E402
from bench.measure import figure, machine, process_figures  # noqa: E402

FLOOR = """
import sys
from pathlib import Path
from pactgraph.draft import BATCH, is_parsed, pipeline
from pactgraph.sentences import sentences
nlp = pipeline()
texts = [s.text for s in sentences(Path(sys.argv[1]).read_text(encoding="utf-8"))]
for _ in nlp.pipe(filter(is_parsed, texts), batch_size=BATCH):
    pass
"""


def texts_of(size: int, written: list[str]) -> dict[str, str]:
    """The texts of `size` characters, the paragraphs made of the `written` sentences."""
    paragraphs, length, n = [], 0, 0
    while length < size:
        paragraph = " ".join(f"({n + i}) {written[(n + i) % len(written)]}" for i in range(5))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        n += 5
    run_on = "Norway and Ukraine will build drones" + " and shells" * (size // 11)
    return {"paragraphs": "\n\n".join(paragraphs)[:size], "run-on": run_on[:size]}


def timed(function, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        numbering.sentences.cache_clear()
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def floor(path: Path, repeat: int) -> tuple[list[float], list[float]]:
    runs = [
        process_figures([sys.executable, "-c", FLOOR, str(path)], f"the floor on {path}", cwd=ROOT)
        for _ in range(repeat)
    ]
    return [seconds for seconds, _ in runs], [peak for _, peak in runs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="80000,800000", help="characters of each text (comma-separated)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--whole-up-to", type=int, default=100_000, help="largest text pySBD is timed on whole")
    args = parser.parse_args()
    written = [
        s.text for source in load_sources(DRAFT_SET / "sources").values() for s in numbering.sentences(source.text)
    ]
    print(machine("before"))
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            for kind, text in texts_of(size, written).items():
                found = numbering.sentences(text)
                print(f"\n{kind}, {len(text):,} characters, {len(found):,} sentences:")
                print(f"  numbering: {figure(timed(lambda t=text: numbering.sentences(t), args.repeat), 's')}")
                if len(text) <= args.whole_up_to:
                    whole = timed(lambda t=text: numbering._segmenter().segment(t), args.repeat)
                    print(f"  pySBD given the whole text: {figure(whole, 's')}")
                path = Path(scratch) / f"{kind}-{size}.txt"
                path.write_text(text, encoding="utf-8")
                source = add_source(
                    path, Path(scratch) / "sources", publisher="Bench", published="2025-12-01", source_id=path.stem
                )
                seconds, peaks = cold(source, args.repeat)
                print(f"  pactgraph draft: {figure(seconds, 's')}, peak {figure(peaks, 'MB', 0)}")
                seconds, peaks = floor(path, args.repeat)
                print(f"  floor (load, number, spaCy parses): {figure(seconds, 's')}, peak {figure(peaks, 'MB', 0)}")
    print()
    print(machine("after"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
