"""How good are the drafts? Precision, recall and F1 per kind of fact, against gold written by hand.

    python bench/draft_eval.py [--set bench/draft_set] [--errors]
    python bench/draft_eval.py --set bench/draft_corpus/test      # the four figures of issue 25, and the reliability table

The development set (bench/draft_set/) holds news-style reports written for this purpose, each with
its gold claims in the claims format (gold/<id>.yaml). Every report is drafted as `pactgraph draft`
drafts it, with the entities of the reviewed graph (graph/claims) known, and the facts of draft and
gold are compared as sets, per report:

- countries: every country either refers to;
- people and offices: each person declared or renamed, and each (holder, post) held;
- organisations: each organisation (not the government bodies of offices);
- agreements and statuses: each event as (class, status, its parties);
- money: (value, currency, approximate); quantities: (value or the words, per);
- dates: (property, the value, computed from the publication date where a rule gives it);
- relations: (class of the event, role, who), for every role an event gives (party, funder, ...).

An event's draft is several claims (the event, then each of its facts); a claim is judged with the
class the draft gives the event. Kinds of draft set aside as seldom right (calibration.yaml) are not
judged: `--every-claim` judges what the rules propose, none set aside.

"Review time saved" counts the draft claims a reviewer can accept as they stand (every fact they
propose is in the gold), and the gold facts the drafts give right, at the 45-60 minutes an article
takes by hand.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pactgraph import paths  # noqa: E402
from pactgraph.draft import PARTY_KEYS, Known, draft_claims  # noqa: E402
from pactgraph.draft.writing import EVENT_PREFIXES  # noqa: E402
from pactgraph.resolve import resolve  # noqa: E402
from pactgraph.sources import load_sources  # noqa: E402
from pactgraph.yamlfile import load_yaml_mapping  # noqa: E402

KINDS = (
    "countries",
    "people and offices",
    "organisations",
    "agreements and statuses",
    "money",
    "quantities",
    "dates",
    "relations",
)
ENTITY_KINDS = ("countries", "people and offices", "organisations")
DATE_PROPERTIES = {"signedOn", "announcedOn", "plannedFor", "scheduledStart"}
ROLE_PROPERTIES = PARTY_KEYS | {"signatory", "ledBy", "supports", "productionLocation", "announcedBy", "weaponType"}
ORGANISATION_TYPES = {
    "Organisation",
    "Company",
    "StateOwnedCompany",
    "ResearchInstitute",
    "Agency",
    "MediaOrganisation",
}
# Targets of issue 10, on this set: (kind or group, measure, threshold).
TARGETS = [
    ("entities", "F1", 0.90),
    ("money", "F1", 0.90),
    ("dates", "F1", 0.90),
    ("relations and statuses", "recall", 0.75),
    ("relations and statuses", "precision", 0.85),
]


def _ref(value) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("ref"), str):
        return value["ref"]
    return value if isinstance(value, str) and "/" in value and " " not in value else None


def _values(value) -> list:
    return value if isinstance(value, list) else [value]


def compact_gold_facts(gold: dict) -> dict[str, set]:
    """The facts of a compact gold file (bench/draft_corpus/README.md), as facts_of gives them."""

    def ref(value) -> str:
        value = "NO" if value is False else str(value)  # YAML 1.1 reads a bare NO (Norway) as false
        return value if "/" in value else f"country/{value}"

    found: dict[str, set] = {kind: set() for kind in KINDS}
    found["countries"] = {ref(code) for code in gold.get("countries") or []}
    found["people and offices"] = {("person", f"person/{slug}") for slug in gold.get("people") or []}
    found["people and offices"] |= {
        ("holds", f"person/{p}", f"post/{post}") for p, post in (gold.get("holds") or {}).items()
    }
    found["organisations"] = {f"organisation/{slug}" for slug in gold.get("organisations") or []}
    for event in gold.get("events") or []:
        cls = event["class"]
        parties = frozenset(ref(v) for key in PARTY_KEYS for v in event.get(key, []))
        found["agreements and statuses"].add((cls, f"status/{event['status']}", parties))
        for amount in event.get("amount", []):
            found["money"].add((round(float(amount["value"]), 2), amount["currency"], bool(amount.get("approximate"))))
        for key in ("quantity", "productionRate"):
            for quantity in event.get(key, []):
                found["quantities"].add((quantity.get("value", quantity.get("stated")), quantity.get("per")))
        for key in DATE_PROPERTIES & set(event):
            found["dates"].add((key, str(event[key])))
        for key in ROLE_PROPERTIES & set(event):
            for value in _values(event[key]):
                found["relations"].add((cls, key, f"weapon-type/{value}" if key == "weaponType" else ref(value)))
    return found


def facts_of(claims: list[dict], source, known: Known, declared: dict | None = None) -> dict[str, set]:
    """The facts of a claims list, by kind, as comparable keys; `declared` gives the types other
    claims of the draft give things."""
    types: dict[str, str] = {ref: e.type for ref, e in known.entities.items() if e.type} | (declared or {})
    merged: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    found: dict[str, set] = {kind: set() for kind in KINDS}
    for claim in claims:
        about = claim["about"]
        if claim.get("type"):
            types[about] = claim["type"]
        for key, value in (claim.get("facts") or {}).items():
            merged[about][key].extend(_values(value))
        if claim.get("type") == "Person" or (about.startswith("person/") and claim.get("aliases")):
            found["people and offices"].add(("person", about))
    for claim in claims:
        for ref in [claim["about"]] + [_ref(v) for vs in (claim.get("facts") or {}).values() for v in _values(vs)]:
            if ref and ref.startswith("country/"):
                found["countries"].add(ref)
            if ref and ref.startswith("person/") and ref != claim["about"]:
                found["people and offices"].add(("person", ref))  # a holder, a signatory: named by the report
            if ref and types.get(ref) in ORGANISATION_TYPES:
                found["organisations"].add(ref)
    for about, facts in merged.items():
        cls = types.get(about)
        if facts.get("holder") and facts.get("post"):
            found["people and offices"].add(("holds", _ref(facts["holder"][0]), _ref(facts["post"][0])))
        parties = frozenset(_ref(v) for key in PARTY_KEYS for v in facts.get(key, []))
        for status in facts.get("status", []):
            found["agreements and statuses"].add((cls, status, parties))
        for amount in facts.get("amount", []):
            found["money"].add((round(float(amount["value"]), 2), amount["currency"], bool(amount.get("approximate"))))
        for key in ("quantity", "productionRate"):
            for quantity in facts.get(key, []):
                found["quantities"].add((quantity.get("value", quantity.get("stated")), quantity.get("per")))
        for key in DATE_PROPERTIES & set(facts):
            for value in facts[key]:
                if isinstance(value, dict):
                    value = value.get("value") or resolve(value["rule"], value["stated"], source.published)
                found["dates"].add((key, str(value)))
        for key in ROLE_PROPERTIES & set(facts):
            for value in facts[key]:
                found["relations"].add((cls, key, _ref(value)))
    return found


def claim_right(claim: dict, gold: dict[str, set], source, known: Known, draft: list[dict] = ()) -> bool:
    """Whether every fact a draft claim proposes is among the gold facts. The classes of the things
    it names are those the draft gives them (a fact of an event is one claim, its class another)."""
    declared = {c["about"]: c["type"] for c in draft if c.get("type")}
    own = facts_of([claim], source, known, declared)
    return all(own[kind] <= gold[kind] for kind in KINDS if kind != "agreements and statuses") and all(
        any(cls == g[0] and status == g[1] for g in gold["agreements and statuses"])
        for cls, status, _ in own["agreements and statuses"]
    )


def scores(right: int, drafted: int, gold: int) -> tuple[float, float, float]:
    precision = right / drafted if drafted else 1.0
    recall = right / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# What events, money and relations are, in issue 25's figures: the events with their statuses and
# parties, what they cost, their quantities and dates, and who is in which role.
EVENT_KINDS = ("agreements and statuses", "money", "quantities", "dates", "relations")
ISSUE_25_TARGETS = [
    ("all facts fully right (recall)", 0.60),
    ("events, money and relations fully right (recall)", 0.50),
    ("precision of draft claims", 0.90),
    ("precision of draft claims about events", 0.80),
    ("who holds which office (recall)", 0.85),
]


def report_issue_25(totals, holds, claims, events, judged) -> int:
    """The four figures of issue 25 (recall of all facts and of events, precision of the draft
    claims overall and on events, recall of who holds which office), and the reliability table:
    the draft claims by confidence, and how many of them are right."""
    all_right, all_gold = sum(totals[k][0] for k in KINDS), sum(totals[k][2] for k in KINDS)
    event_right, event_gold = sum(totals[k][0] for k in EVENT_KINDS), sum(totals[k][2] for k in EVENT_KINDS)
    figures = {
        "all facts fully right (recall)": (all_right, all_gold),
        "events, money and relations fully right (recall)": (event_right, event_gold),
        "precision of draft claims": claims,
        "precision of draft claims about events": events,
        "who holds which office (recall)": tuple(holds),
    }
    met_all = True
    for name, threshold in ISSUE_25_TARGETS:
        right, total = figures[name]
        value = right / total if total else 1.0
        met_all &= value >= threshold
        print(
            f"{name:<52}{value:6.2f}  ({right} of {total}; target {threshold:.2f}: {'met' if value >= threshold else 'NOT MET'})"
        )
    print("\nreliability: draft claims by confidence, and how many are right")
    print(f"{'confidence':<14}{'claims':>8}{'right':>8}{'share':>8}")
    edges = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    for low, high in zip(edges, edges[1:], strict=False):
        here = [right for confidence, right in judged if low <= confidence < high]
        if here:
            shown = f"{low:.1f}-{min(high, 1.0):.1f}"
            print(f"{shown:<14}{len(here):>8}{sum(here):>8}{sum(here) / len(here):>8.2f}")
    return 0 if met_all else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "draft_set", help="the development set")
    parser.add_argument("--errors", action="store_true", help="print each fact drafted wrong or missed")
    parser.add_argument(
        "--every-claim",
        action="store_true",
        help="judge every claim the rules propose, none set aside (what the rules read, as the tests check)",
    )
    args = parser.parse_args()
    sources = load_sources(args.set / "sources")
    known = Known(paths.CLAIMS)
    totals = {kind: [0, 0, 0] for kind in KINDS}  # right, drafted, gold
    claims_right = claims_total = 0
    holds = [0, 0]  # who holds which office: right, gold
    events_right = events_total = 0  # draft claims about events (agreements, programmes, coalitions)
    judged: list[tuple[float, bool]] = []  # each draft claim's confidence, and whether it is right
    for source_id, source in sorted(sources.items()):
        gold_file = load_yaml_mapping(args.set / "gold" / f"{source_id}.yaml")
        drafted = draft_claims(source, known, calibrate=not args.every_claim)
        gold = facts_of(gold_file["claims"], source, known) if "claims" in gold_file else compact_gold_facts(gold_file)
        draft = facts_of(drafted, source, known)
        gold_holds = {f for f in gold["people and offices"] if f[0] == "holds"}
        holds[0] += len(gold_holds & draft["people and offices"])
        holds[1] += len(gold_holds)
        for kind in KINDS:
            totals[kind][0] += len(draft[kind] & gold[kind])
            totals[kind][1] += len(draft[kind])
            totals[kind][2] += len(gold[kind])
            if args.errors:
                for fact in sorted(draft[kind] - gold[kind], key=str):
                    print(f"{source_id}: {kind}: drafted wrongly: {fact}")
                for fact in sorted(gold[kind] - draft[kind], key=str):
                    print(f"{source_id}: {kind}: missed: {fact}")
        claims_total += len(drafted)
        for claim in drafted:
            right = claim_right(claim, gold, source, known, drafted)
            claims_right += right
            judged.append((claim["confidence"], right))
            if claim["about"].startswith(EVENT_PREFIXES):
                events_total += 1
                events_right += right
            if args.errors and not right:
                print(
                    f"{source_id}: claim {claim['id']} ({claim['confidence']:.2f}, {claim['reason'][:80]}) is not right"
                )
    groups = {
        "entities": ENTITY_KINDS,
        "relations and statuses": ("agreements and statuses", "relations"),
    }
    rows = [(kind, *totals[kind]) for kind in KINDS]
    rows += [(name, *(sum(totals[k][i] for k in members) for i in range(3))) for name, members in groups.items()]
    rows.append(("all facts", *(sum(totals[k][i] for k in KINDS) for i in range(3))))
    print(
        f"Drafts of {len(sources)} reports in {args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set}, against gold claims written by hand\n"
    )
    print(f"{'kind of fact':<26}{'gold':>6}{'drafted':>9}{'right':>7}{'precision':>11}{'recall':>8}{'F1':>7}")
    measured = {}
    for name, right, drafted, gold in rows:
        p, r, f = scores(right, drafted, gold)
        measured[name] = {"precision": p, "recall": r, "F1": f}
        print(f"{name:<26}{gold:>6}{drafted:>9}{right:>7}{p:>11.2f}{r:>8.2f}{f:>7.2f}")
    print()
    if "claims" not in gold_file:  # a corpus with compact gold: the figures of issue 25
        return report_issue_25(totals, holds, (claims_right, claims_total), (events_right, events_total), judged)
    met_all = True
    for name, measure, threshold in TARGETS:
        value = measured[name][measure]
        met = value >= threshold
        met_all &= met
        print(f"target: {name} {measure} >= {threshold:.2f}: {value:.2f} {'met' if met else 'NOT MET'}")
    right_facts = sum(totals[k][0] for k in KINDS)
    gold_total = sum(totals[k][2] for k in KINDS)
    print(
        f"\nreview: {claims_right} of {claims_total} draft claims ({claims_right / max(claims_total, 1):.0%}) can be "
        f"accepted as drafted; the drafts give {right_facts} of {gold_total} gold facts ({right_facts / gold_total:.0%}) "
        f"right, about {45 * right_facts / gold_total:.0f}-{60 * right_facts / gold_total:.0f} of the 45-60 minutes an "
        "article takes by hand, before the time spent reviewing."
    )
    return 0 if met_all else 1


if __name__ == "__main__":
    sys.exit(main())
