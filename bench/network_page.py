"""How fast is the network page at scale, beside pyvis' default path?

    python bench/network_page.py [--nodes 10000] [--edges 30000] [--repeat 3] [--skip-pyvis]

On a synthetic partnership network (bench/synthetic.py) it measures, --repeat times each:
- writing the page: pactgraph's page_data and render_page, file written, against pyvis' default path
  (Network(cdn_resources="in_line").from_nx(...).write_html(...), once: it takes tens of seconds);
  beside it, the floor of any writer of the same data: json.dumps of it alone;
- time until each page is drawn and interactive in headless chromium, network blocked: pactgraph's
  first drawing, and pyvis' end of physics stabilisation (capped); then a search and its focus.
Figures are medians with their ranges; the load average is printed before and after, and a busy
machine is flagged. Targets from the issues: at 10,000 nodes and 30,000 edges, written in <= 1 s and
interactive in <= 3 s; at 100,000 nodes and 300,000 edges, <= 2.5 s, <= 16 MB and <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pactgraph.render import page_data, render_page  # noqa: E402

from bench.browser import chromium_path, offline_page  # noqa: E402
from bench.measure import figure, machine  # noqa: E402
from bench.synthetic import partnership_network  # noqa: E402

PYVIS_CAP_SECONDS = 120


def write_ours(network, years, path: Path) -> tuple[float, float]:
    """Seconds to write the page; seconds json.dumps alone takes on the same data (the floor)."""
    start = time.perf_counter()
    data = page_data(network, years=years, title="synthetic partnerships")
    path.write_text(render_page(data), encoding="utf-8")
    written = time.perf_counter() - start
    start = time.perf_counter()
    json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return written, time.perf_counter() - start


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
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (median and range reported)")
    parser.add_argument("--skip-pyvis", action="store_true", help="leave out pyvis (its path takes tens of seconds)")
    args = parser.parse_args()

    network, years = partnership_network(args.nodes, args.edges)
    print(f"synthetic network: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    print(machine("before"))
    browser = chromium_path() is not None
    written, floor, drawn, search, requests, errors = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, pyvis_path = Path(tmp) / "pactgraph.html", Path(tmp) / "pyvis.html"
        for _ in range(args.repeat):
            seconds, dumps = write_ours(network, years, ours_path)
            written.append(seconds)
            floor.append(dumps)
            if browser:
                first, found, attempted, messages = interactive_ours(ours_path)
                drawn.append(first)
                search.append(found)
                requests.append(attempted)
                errors += messages
        size = ours_path.stat().st_size / 1e6
        pyvis_write = pyvis_ready = None
        if not args.skip_pyvis:
            pyvis_write = write_pyvis(network, pyvis_path)
            pyvis_ready, pyvis_requests = interactive_pyvis(pyvis_path) if browser else (None, 0)

    def once(value: float | None, cap: str = "skipped") -> str:
        return f"{value:.2f} s" if value is not None else cap

    print(f"medians of {args.repeat} runs (range)")
    print(f"write the page:          {figure(written, 's')}   pyvis default {once(pyvis_write)}")
    print(f"  json.dumps alone:      {figure(floor, 's')}   (the floor of any writer of this data)")
    print(f"page size:               {size:.1f} MB")
    if browser:
        capped = "skipped" if args.skip_pyvis else f"> {PYVIS_CAP_SECONDS} s"
        print(f"drawn and interactive:   {figure(drawn, 's')}   pyvis default {once(pyvis_ready, capped)}")
        print(f"a search, then focus:    {figure(search, 's')}")
        print(f"network requests:        {max(requests)}" + ("" if args.skip_pyvis else f"   pyvis {pyvis_requests}"))
        if errors:
            print(f"console errors on pactgraph's page: {sorted(set(errors))}")
    else:
        print("chromium not found: browser figures skipped (apt-get install chromium)")
    print(machine("after"))


if __name__ == "__main__":
    main()
