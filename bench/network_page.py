"""How fast is the network page at scale, beside pyvis' default path?

    python bench/network_page.py [--nodes 10000] [--edges 30000] [--repeat 5] [--skip-pyvis]

On a synthetic partnership network (bench/synthetic.py) it measures, in one run:
- writing the page: pactgraph's render (layout with networkx, node and edge data built directly)
  against pyvis' default path (Network(cdn_resources="in_line").from_nx(...).write_html(...));
- time until each page is drawn and interactive in headless chromium, network blocked: pactgraph's
  first drawing, and pyvis' end of physics stabilisation (capped).
Targets from the issue: write at most 1 s, interactive within 3 s, at 10,000 nodes and 30,000 edges.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import chromium_path, offline_page  # noqa: E402
from bench.synthetic import partnership_network  # noqa: E402
from graph.render import page_data, render_page  # noqa: E402

PYVIS_CAP_SECONDS = 120


def write_ours(network, years, path: Path) -> float:
    start = time.perf_counter()
    path.write_text(render_page(page_data(network, years=years, title="synthetic partnerships")), encoding="utf-8")
    return time.perf_counter() - start


def write_pyvis(network, path: Path) -> float:
    from pyvis.network import Network

    start = time.perf_counter()
    page = Network(cdn_resources="in_line", directed=True)
    page.from_nx(network)
    page.write_html(str(path), notebook=False, open_browser=False)
    return time.perf_counter() - start


def interactive_ours(path: Path) -> tuple[float, float, int, list[str]]:
    """Seconds from navigation to first drawing; seconds a search then takes; requests attempted."""
    with offline_page() as (page, log):
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
        drawn = page.evaluate("window.pactgraphReadyAt") / 1000
        start = time.perf_counter()
        page.fill("#search", "Country 3")
        page.press("#search", "Enter")
        page.wait_for_function("document.getElementById('status-line').textContent.startsWith('Found')")
        return drawn, time.perf_counter() - start, len(log.requests), log.errors


def interactive_pyvis(path: Path) -> tuple[float | None, int]:
    with offline_page() as (page, log):
        start = time.perf_counter()
        try:
            # Not waiting for "load": pyvis' page holds the main thread while physics stabilises.
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_function(
                "document.getElementById('loadingBar') && document.getElementById('loadingBar').style.display === 'none'",
                timeout=PYVIS_CAP_SECONDS * 1000,
                polling=250,
            )
        except Exception:  # Playwright's TimeoutError: still stabilising at the cap
            return None, len(log.requests)
        return time.perf_counter() - start, len(log.requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of pactgraph's writer (median reported)")
    parser.add_argument("--skip-pyvis", action="store_true", help="leave out pyvis (its path takes tens of seconds)")
    args = parser.parse_args()

    network, years = partnership_network(args.nodes, args.edges)
    print(f"synthetic network: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, pyvis_path = Path(tmp) / "pactgraph.html", Path(tmp) / "pyvis.html"
        ours_write = statistics.median(write_ours(network, years, ours_path) for _ in range(args.repeat))
        pyvis_write = None if args.skip_pyvis else write_pyvis(network, pyvis_path)
        browser = chromium_path() is not None
        if browser:
            drawn, search, requests, errors = interactive_ours(ours_path)
            pyvis_ready, pyvis_requests = (None, 0) if args.skip_pyvis else interactive_pyvis(pyvis_path)

        def seconds(value: float | None, cap: str = "skipped") -> str:
            return f"{value:.2f} s" if value is not None else cap

        print(f"{'':34}{'pactgraph':>14}{'pyvis default':>16}")
        print(
            f"{'write the page (median of ' + str(args.repeat) + ')':34}{seconds(ours_write):>14}"
            f"{seconds(pyvis_write):>16}   target <= 1 s"
        )
        print(
            f"{'page size':34}{ours_path.stat().st_size / 1e6:>12.1f} MB"
            f"{(pyvis_path.stat().st_size / 1e6 if pyvis_write else 0):>14.1f} MB"
        )
        if browser:
            capped = "skipped" if args.skip_pyvis else f"> {PYVIS_CAP_SECONDS} s"
            print(
                f"{'drawn and interactive (chromium)':34}{seconds(drawn):>14}{seconds(pyvis_ready, capped):>16}   target <= 3 s"
            )
            print(f"{'a search, then focus':34}{seconds(search):>14}")
            print(f"{'network requests attempted':34}{requests:>14}{'' if args.skip_pyvis else pyvis_requests:>16}")
            if errors:
                print(f"console errors on pactgraph's page: {errors}")
        else:
            print("chromium not found: browser figures skipped (apt-get install chromium)")


if __name__ == "__main__":
    main()
