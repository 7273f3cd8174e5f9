"""How many keys and clicks the review page (pactgraph review SOURCE --web) needs for one report.

    python bench/review_keys.py [--report bench/draft_corpus/dev/sources/d03-brazil-gripen.txt]

A fresh workspace (pactgraph init --example) gets the report (247 words), its drafts are made, and
headless chromium (the network blocked) reviews them as a reader of the report decided, draft by
draft, written below before the run: the drafts at 0.9 or more accepted in one go, each other draft
accepted or rejected with one key, and those that miss an entity corrected (added to a role: a
click, the entity's reference, Enter; for a role the draft lacks, its name and Tab first). It prints the keys, clicks and characters typed, and how long the scripted
run took; a person reads as well, which no script measures.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The reader's decisions on the drafts left under 0.9, by the start of the draft's id: a (accept),
# r (reject), or an entity to add to a role before accepting. Written from the report's text.
DECISIONS = {
    "gaviao-peixoto": "r",  # a place: Saab's plant in Gavião Peixoto
    "saab": "a",
    "gripen": "r",  # the jet, not an organisation
    "br-brazilian-air-force": "a",
    "brazil-purchase": ("seller", "organisation/saab"),  # correction 1: the jets come from Saab
    "saab-contract": ("party", "country/BR"),  # correction 2: the minister signed for Brazil
    "sweden-saab-agreement": "r",  # a technology-transfer agreement of 2013, not this report's deed
    "brazil-training-programme": "r",
    "colombia-contract": ("party", "organisation/saab"),  # correction 3: Colombia's contract is with Saab
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, default=ROOT / "bench/draft_corpus/dev/sources/d03-brazil-gripen.txt")
    args = parser.parse_args()
    from pactgraph.review_web import ReviewState, serve_review
    from pactgraph.sources import load_sources
    from playwright.sync_api import expect

    from bench.browser import offline_page

    pactgraph = [sys.executable, "-m", "pactgraph.cli"]
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "ws"
        subprocess.run([*pactgraph, "init", "--example", str(workspace)], check=True, capture_output=True)
        meta = (args.report.parent / (args.report.stem + ".meta.yaml")).read_text(encoding="utf-8")
        publisher = re.search(r"^publisher: (.+)$", meta, re.M).group(1)
        published = re.search(r"^published: '?([\d-]+)'?$", meta, re.M).group(1)
        run = {"cwd": workspace, "check": True, "capture_output": True}
        subprocess.run(
            [*pactgraph, "add", str(args.report), "--id", "r", "--publisher", publisher, "--published", published],
            **run,
        )
        subprocess.run([*pactgraph, "draft", "r"], **run)
        words = len(args.report.read_text(encoding="utf-8").split())
        sources = load_sources(workspace / "sources")
        state = ReviewState(sources["r"], sources, workspace / "claims", workspace / "drafts")
        started, ready = {}, threading.Event()
        threading.Thread(
            target=serve_review,
            args=(state, 0, False, lambda url, server: (started.update(url=url, server=server), ready.set())),
            daemon=True,
        ).start()
        ready.wait(10)
        url = started["url"].rstrip("/")
        keys = clicks = typed = 0
        with offline_page(allow=url) as (page, log):
            page.goto(url + "/")
            page.wait_for_selector(".draft")
            drafted = page.locator(".draft").count()
            began = time.perf_counter()
            page.keyboard.press("A")  # all at 0.9 or more
            keys += 1
            expect(page.locator("#status")).to_contain_text("accepted")
            in_one_go = int(re.search(r"accepted (\d+)", page.locator("#status").inner_text()).group(1))
            expect(page.locator(".draft")).to_have_count(drafted - in_one_go)
            while page.locator(".draft").count():
                card = page.locator(".draft.current")
                draft_id = card.get_attribute("data-id")
                # (the longest start that fits: "saab-contract" before "saab")
                starts = [start for start in DECISIONS if draft_id.startswith(start)]
                decision = DECISIONS[max(starts, key=len)] if starts else "a"
                left = page.locator(".draft").count()
                if isinstance(decision, tuple):
                    role, entity = decision
                    adding = card.locator(f'input[data-key="{role}"]')
                    if adding.count():  # the role's "(add)" field
                        field = adding.last
                        field.click()
                        clicks += 1
                    else:  # a role the draft has none of: its name, then the value
                        card.locator('input[data-new="key"]').click()
                        page.keyboard.type(role)
                        page.keyboard.press("Tab")
                        field = card.locator('input[data-new="value"]')
                        clicks, typed, keys = clicks + 1, typed + len(role), keys + 1
                    field.type(entity)
                    field.press("Enter")
                    typed, keys = typed + len(entity), keys + 1
                else:
                    page.keyboard.press(decision)
                    keys += 1
                try:
                    expect(page.locator(".draft")).to_have_count(left - 1)
                except AssertionError:
                    print(f"{draft_id}: not done: {page.locator('#status').inner_text()}")
                    return 1
            took = time.perf_counter() - began
        started["server"].shutdown()
        accepted = (workspace / "claims" / "r.yaml").read_text(encoding="utf-8").count("\n  - id: ")
        corrected = sum(isinstance(d, tuple) for d in DECISIONS.values())
        print(f"{args.report.name}: {words} words, {drafted} drafts; {accepted} claims accepted, {corrected} corrected")
        print(
            f"keys: {keys} (one a draft, 'A' for all at 0.9 or more, Enter after a correction); clicks: {clicks}; "
            f"characters typed: {typed}"
        )
        print(f"the scripted run took {took:.1f} s in headless chromium (a person also reads the report)")
        if log.requests or log.errors:
            print(f"the page asked the network for {log.requests} or failed with {log.errors}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
