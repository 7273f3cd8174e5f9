"""Make graph/lexicon/calibration.yaml: how often draft claims turn out right, on the calibration part.

    python bench/calibrate.py [--set bench/draft_corpus/calib]

Every report of the set is drafted with the rules' own confidences; each draft claim is judged right
or not against the gold (as bench/draft_eval.py judges it), and grouped by what it is about (a
person, a post, a holding, an agreement, a programme, ...) and the rules' confidence. The chance that
a claim of a group is right is (right + 1) / (claims + 2); a group of fewer than 5 claims is left
out, and its claims take the figure of the next wider group (an event's class and status, its status,
its class, its kind; then all claims). Drafting then gives each claim its group's figure as its
confidence.

The calibration part (bench/draft_corpus/calib) is one no rule was written from: on the development
part, whose reports the rules were fitted to, claims are right more often than on reports never seen
(claims the development part put at 0.7-0.8 were right 79% of the time there, 75% on the calibration
part before it was first used, 55% on the test part), so figures measured there would promise a
reviewer more than the drafts deliver. The test part is never used here: its reliability table
(`python bench/draft_eval.py --set bench/draft_corpus/test`) checks the figures on reports they
were not made from.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from pactgraph import paths  # noqa: E402
from pactgraph.draft import Known, draft_claims  # noqa: E402
from pactgraph.draft.writing import claim_kinds  # noqa: E402
from pactgraph.sources import load_sources  # noqa: E402
from pactgraph.yamlfile import load_yaml_mapping  # noqa: E402

from bench.draft_eval import claim_right, compact_gold_facts, facts_of  # noqa: E402

SMALLEST_GROUP = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "draft_corpus" / "calib")
    args = parser.parse_args()
    known = Known(paths.CLAIMS)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for source_id, source in sorted(load_sources(args.set / "sources").items()):
        gold_file = load_yaml_mapping(args.set / "gold" / f"{source_id}.yaml")
        gold = facts_of(gold_file["claims"], source, known) if "claims" in gold_file else compact_gold_facts(gold_file)
        drafted = draft_claims(source, known, calibrate=False)
        for claim in drafted:
            right = claim_right(claim, gold, source, known, drafted)
            raw = f"{claim['confidence']:.2f}"
            for kind in [*claim_kinds(claim), "any"]:
                for group in (raw, "any"):
                    counts[kind][group][0] += right
                    counts[kind][group][1] += 1
    # A group of fewer than SMALLEST_GROUP claims says too little: it is left out, and its claims
    # take the next wider group's figure (drafting looks from the narrowest group to the widest).
    table: dict[str, dict[str, float]] = {}
    for kind, groups in sorted(counts.items()):
        kept = {raw: (right, total) for raw, (right, total) in groups.items() if total >= SMALLEST_GROUP}
        if kept:
            table[kind] = {raw: round((right + 1) / (total + 2), 2) for raw, (right, total) in sorted(kept.items())}
        print(f"{kind:<24}" + "  ".join(f"{raw}: {r}/{t}" for raw, (r, t) in sorted(groups.items())))
    header = (
        "# The measured chance that a draft claim is right, by what it is about and the rules' own\n"
        f"# confidence: made by `python bench/calibrate.py` from bench/draft_corpus/{args.set.name}\n"
        "# (its counts printed there); drafting gives each claim its group's figure. Do not edit by hand.\n"
    )
    (paths.LEXICON / "calibration.yaml").write_text(header + yaml.safe_dump(table, sort_keys=True), encoding="utf-8")
    print(f"wrote {paths.LEXICON / 'calibration.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
