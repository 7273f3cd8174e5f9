"""What every bench prints beside its figures: medians with their ranges, and how busy the machine was.

The machine the benches run on is shared: a figure taken while the load average is above the number
of cores measures the neighbours as much as pactgraph, and is flagged as not publishable.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time


def load_average() -> float:
    """The one-minute load average."""
    return os.getloadavg()[0]


def cores() -> int:
    return os.cpu_count() or 1


def figure(samples: list[float], unit: str, digits: int = 2) -> str:
    """'1.23 s (range 1.20-1.31)': the median of the samples and their range."""
    low, high = min(samples), max(samples)
    return f"{statistics.median(samples):.{digits}f} {unit} (range {low:.{digits}f}-{high:.{digits}f})"


def process_figures(argv: list[str], what: str, **popen) -> tuple[float, float]:
    """Wall-clock seconds and peak RSS (MB) of a fresh process running `argv`, its own children
    included (wait4 reports the largest of them); its output is dropped."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, **popen)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{what} failed (status {status})")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def engine_results(store, text: str):
    """The floor of a query: `text` run by pyoxigraph alone on `store`, with pactgraph's prefixes and
    over the union of its graphs, as pactgraph runs it; the caller serialises the results in Rust."""
    from pactgraph.prefixes import PREFIXES

    return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)


def machine(when: str) -> str:
    """'load average 0.62 on 2 cores (before)', with a warning when the machine is busy."""
    load = load_average()
    line = f"load average {load:.2f} on {cores()} cores ({when})"
    if load > cores():
        line += f"\nWARNING: load average {load:.2f} is above {cores()} cores: the machine is busy, figures are not publishable"
    return line
