"""The README's pictures of the network page, taken again after the page changes.

    python docs/screenshots.py

Headless chromium, network blocked, 1366 x 768 pixels (the commonest laptop screen): the seed graph
as it first opens (docs/page-seed.png), with Norway's donation found by the search box
(docs/pactgraph-network.png) and its money table (docs/page-money.png), built from the committed
claims; and the three reports of one signing that the many-sources tests use
(tests/data/test_many_sources), with the signed agreement found (docs/page-three-sources.png) and
its sources side by side, the Oslo Business Review's place clicked (docs/page-compare.png).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pactgraph import paths  # noqa: E402

from bench.browser import offline_page  # noqa: E402

DOCS = ROOT / "docs"
THREE_SOURCES = ROOT / "tests" / "data" / "test_many_sources"


def build(sources: Path, claims: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "pactgraph.cli", "build", "--sources", str(sources), "--claims", str(claims)]
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True, cwd=ROOT)
    return out / "pactgraph.html"


LAPTOP = (1366, 768)


def shoot(page_path: Path, picture: Path, search: str | None = None, clicks: tuple[str, ...] = ()) -> None:
    with offline_page(viewport=LAPTOP) as (page, log):
        page.goto(page_path.as_uri())
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
        if search:
            page.fill("#search", search)
            page.press("#search", "Enter")
        for selector in clicks:
            page.locator(selector).first.click()
        page.screenshot(path=str(picture))
        if log.requests or log.errors:
            raise SystemExit(f"{page_path}: the page made requests {log.requests} or errors {log.errors}")
    print(f"{picture.relative_to(ROOT)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed = build(paths.SOURCES, paths.CLAIMS, Path(tmp) / "seed")
        shoot(seed, DOCS / "page-seed.png")
        shoot(seed, DOCS / "pactgraph-network.png", "Norway's donation")
        shoot(seed, DOCS / "page-money.png", clicks=("#money-toggle",))
        sources, claims = Path(tmp) / "sources", Path(tmp) / "claims"
        shutil.copytree(THREE_SOURCES / "sources", sources)
        shutil.copytree(THREE_SOURCES / "claims", claims)
        # The reference list of countries and capitals, as the tests add it.
        for path in paths.SOURCES.glob("countries-reference.*"):
            shutil.copy(path, sources)
        shutil.copy(paths.CLAIMS / "countries-reference.yaml", claims)
        three = build(sources, claims, Path(tmp) / "three")
        shoot(three, DOCS / "page-three-sources.png", "co-production agreement")
        shoot(
            three,
            DOCS / "page-compare.png",
            "co-production agreement",
            ("#compare-open", "#compare td.odd button >> text=Oslo"),
        )


if __name__ == "__main__":
    main()
