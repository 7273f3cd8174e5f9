"""Drafting, stage 3: linking to the workspace. The entities and events the reviewed claims already
declare (read from the claims files: drafting needs no build), to link a report's names to them, and
an event to one of the graph's only on evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ONE_SIDED_ROLES = {"funder", "beneficiary", "recipient", "buyer", "seller"}
# Properties that name who takes part in an event, for linking a report's event to the graph's.
PARTY_KEYS = {"party", "participant", "funder", "beneficiary", "recipient", "buyer", "seller", "member"}
# What tells two accounts of events apart when they agree on kind and parties: when, how much, where.
DATE_KEYS = ("signedOn", "announcedOn", "plannedFor", "scheduledStart")
PLACE_KEYS = ("signedAt", "productionLocation")


def _plain(value):
    """A fact's value as a claim gives it: a ref, a date, or the value of {value: ..., stated: ...}."""
    return value.get("value", value.get("ref")) if isinstance(value, dict) else value


def repointed(value, renamed: dict[str, str]):
    """`value` (a claim, or part of one) with every reference in `renamed` replaced by its new one;
    a list left naming one thing twice names it once."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, dict):
        return {key: repointed(item, renamed) for key, item in value.items()}
    if isinstance(value, list):
        items = [repointed(item, renamed) for item in value]
        return [item for i, item in enumerate(items) if item not in items[:i]]
    return value


def _amounts(values) -> set[tuple[str, float]]:
    found = set()
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, dict) and isinstance(value.get("currency"), str):
            try:
                found.add((value["currency"], float(value.get("value"))))
            except (TypeError, ValueError):
                continue
    return found


def _dates_agree(one: str, other: str) -> bool:
    """Whether two dates as precise as their texts can be the same day ("2025-11" and "2025-11-30")."""
    one, other = str(one), str(other)
    return one.startswith(other) or other.startswith(one)


@dataclass
class KnownEvent:
    """What the graph records of an event, to tell whether a report's event is the same one."""

    roles: dict[str, set[str]] = field(default_factory=dict)
    dates: dict[str, set[str]] = field(default_factory=dict)
    amounts: set[tuple[str, float]] = field(default_factory=set)
    places: dict[str, set[str]] = field(default_factory=dict)
    weapons: set[str] = field(default_factory=set)


@dataclass
class KnownEntity:
    ref: str
    type: str | None
    label: str | None
    aliases: set[str] = field(default_factory=set)


class Known:
    """The entities the reviewed claims already declare, read from the claims files (not the built
    graph: drafting must not need a build), to link a report's names to them."""

    def __init__(self, claims_dir: Path | None):
        from ..yamlfile import load_yaml_mapping

        self.entities: dict[str, KnownEntity] = {}
        self.capital_of: dict[str, str] = {}  # city ref -> country ref
        self.events: dict[str, KnownEvent] = {}  # event ref -> its parties by role, dates, amounts, places
        files = sorted(claims_dir.glob("*.yaml")) if claims_dir and claims_dir.is_dir() else []
        for path in files:
            for raw in load_yaml_mapping(path).get("claims") or []:
                if not isinstance(raw, dict) or not isinstance(raw.get("about"), str):
                    continue
                entity = self.entities.setdefault(raw["about"], KnownEntity(raw["about"], None, None))
                if raw.get("type"):
                    entity.type = raw["type"]
                if isinstance(raw.get("label"), str):
                    entity.label = entity.label or raw["label"]
                aliases = raw.get("aliases") or []
                entity.aliases.update(aliases if isinstance(aliases, list) else [aliases])
                facts = raw.get("facts") or {}
                capital = facts.get("capital") if isinstance(facts, dict) else None
                if isinstance(capital, str):
                    self.capital_of[capital] = raw["about"]
                if isinstance(facts, dict):
                    self._remember_event(raw["about"], facts)

    def _remember_event(self, ref: str, facts: dict) -> None:
        def each(key):
            values = facts[key]
            return values if isinstance(values, list) else [values]

        event = None
        for key in facts:
            if key in PARTY_KEYS or key in DATE_KEYS or key in PLACE_KEYS or key in ("amount", "weaponType"):
                event = self.events.setdefault(ref, KnownEvent())
                break
        if event is None:
            return
        for key in PARTY_KEYS & set(facts):
            event.roles.setdefault(key, set()).update(v for v in map(_plain, each(key)) if isinstance(v, str))
        for key in set(DATE_KEYS) & set(facts):
            event.dates.setdefault(key, set()).update(str(_plain(v)) for v in each(key) if _plain(v) is not None)
        for key in set(PLACE_KEYS) & set(facts):
            event.places.setdefault(key, set()).update(v for v in map(_plain, each(key)) if isinstance(v, str))
        if "amount" in facts:
            event.amounts |= _amounts(facts["amount"])
        if "weaponType" in facts:
            event.weapons.update(v for v in map(_plain, each("weaponType")) if isinstance(v, str))

    def matching(self, cls: str, facts: dict[str, list]) -> tuple[str | None, str]:
        """The event of the graph this report's event is, with the evidence that says so, or None.
        Linked only on evidence: the same kind; the same parties, each in the same role (not a
        subset: "a Ukraine agreement" is not the Ukraine–Norway agreement), two of them at least;
        something more that both give alike (a date, an amount, a place, a weapon), for the same
        funder pledges to the same country again and again; and nothing that contradicts it
        (another date of the same kind, no amount or weapon in common where both give them, another
        place). Exactly one such event, else none. Returns the event (or None) and, in words, the
        evidence (or why no event of the graph is it)."""
        roles = {
            key: {v for v in map(_plain, values) if isinstance(v, str)}
            for key, values in facts.items()
            if key in PARTY_KEYS
        }
        parties = set().union(*roles.values()) if roles else set()
        if len(parties) < 2:
            return None, "fewer than two parties named, too few to tell it is an event the graph has"
        found, near = [], []
        for ref, known in self.events.items():
            entity = self.entities.get(ref)
            if not entity or entity.type != cls or set().union(*known.roles.values(), set()) != parties:
                continue
            if any(known.roles.get(key, refs) != refs for key, refs in roles.items()):
                continue
            evidence = [f"the same kind ({cls}) and parties in the same roles ({', '.join(sorted(roles))})"]
            differences = []
            for key in DATE_KEYS:
                mine = {str(_plain(v)) for v in facts.get(key, []) if _plain(v) is not None}
                theirs = known.dates.get(key, set())
                if mine and theirs:
                    if not any(_dates_agree(a, b) for a in mine for b in theirs):
                        differences.append(f"{key} {sorted(mine)[0]} against {sorted(theirs)[0]}")
                    else:
                        evidence.append(f"the same {key} ({sorted(mine)[0]})")
            mine_amounts = _amounts(facts.get("amount", []))
            if mine_amounts and known.amounts:
                common = {
                    (c, v)
                    for c, v in mine_amounts
                    for k, w in known.amounts
                    if c == k and abs(v - w) <= 0.05 * max(v, w)
                }
                if not common:
                    (c, v), (k, w) = sorted(mine_amounts)[0], sorted(known.amounts)[0]
                    differences.append(f"amount {c} {v:,.0f} against {k} {w:,.0f}")
                else:
                    currency, value = sorted(common)[0]
                    evidence.append(f"the same amount ({currency} {value:,.0f})")
            for key in PLACE_KEYS:
                mine = {v for v in map(_plain, facts.get(key, [])) if isinstance(v, str)}
                theirs = known.places.get(key, set())
                if mine and theirs:
                    if mine & theirs:
                        evidence.append(f"the same {key} ({sorted(mine & theirs)[0]})")
                    else:
                        differences.append(f"{key} {sorted(mine)[0]} against {sorted(theirs)[0]}")
            weapons = {v for v in map(_plain, facts.get("weaponType", [])) if isinstance(v, str)}
            if weapons and known.weapons:
                if weapons & known.weapons:
                    evidence.append(f"the same weapon ({sorted(weapons & known.weapons)[0]})")
                else:
                    differences.append(f"weapon {sorted(weapons)[0]} against {sorted(known.weapons)[0]}")
            if not differences and len(evidence) > 1:
                found.append((ref, "; ".join(evidence)))
            elif differences:
                near.append(f"{ref} differs ({'; '.join(differences)})")
            else:
                near.append(f"{ref} has nothing more in common (a date, an amount, a place, a weapon)")
        if len(found) == 1:
            return found[0]
        if found:
            return None, f"{len(found)} events of the graph fit as well ({', '.join(ref for ref, _ in found)})"
        if near:
            return (
                None,
                f"the graph's {'; '.join(near)} (same kind and parties; link it when reviewing if it is the same)",
            )
        return None, "no event of the graph has the same kind and parties in the same roles"

    def has(self, ref: str) -> bool:
        return ref in self.entities and self.entities[ref].type is not None

    def capitals(self) -> dict[str, str]:
        """Names of capitals the graph records (Kiev, an alias of Kyiv) -> country code."""
        found = {}
        for city, country in self.capital_of.items():
            entity = self.entities.get(city)
            if entity and country.startswith("country/"):
                for name in {entity.label, *entity.aliases} - {None}:
                    found[name] = country.split("/", 1)[1]
        return found

    def of_type(self, *types: str) -> list[KnownEntity]:
        return [e for e in self.entities.values() if e.type in types and e.label]

    def person(self, name: str) -> KnownEntity | None:
        """The known person `name` is (a full name, a surname alone, a transliteration: Shmigal ->
        Denys Shmyhal), or None."""
        from rapidfuzz import fuzz

        from ..entities import _fold, nearness

        best, best_score = None, 0.0
        for entity in self.of_type("Person"):
            for known_name in {entity.label, *entity.aliases}:
                if known_name.casefold() == name.casefold():
                    score = 101.0
                elif len(name.split()) == 1:
                    # One word is a surname alone, near one of the name's words, not inside one:
                    # "HAL" (Hindustan Aeronautics) is in "Shmyhal", and no one.
                    score = max(
                        fuzz.ratio(word, other)
                        for word, words in ((name.casefold(), known_name.casefold()), (_fold(name), _fold(known_name)))
                        for other in words.split()
                    )
                else:
                    score = nearness(name, known_name)
                if len(name.split()) > 1 and len(known_name.split()) > 1:
                    # Two full names must agree on the surname, not only a first name.
                    surname = fuzz.ratio(_fold(name.split()[-1]), _fold(known_name.split()[-1]))
                    score = min(score, surname + 10)
                if score > best_score:
                    best, best_score = entity, score
        return best if best_score >= 88 else None

    def named(self, name: str, types: tuple[str, ...], cutoff: float = 90) -> KnownEntity | None:
        from rapidfuzz import fuzz

        best, best_score = None, 0.0
        for entity in self.of_type(*types):
            for known_name in {entity.label, *entity.aliases}:
                score = fuzz.WRatio(name.casefold(), known_name.casefold())
                if score > best_score:
                    best, best_score = entity, score
        return best if best_score >= cutoff else None


# -- what one sentence mentions -------------------------------------------------------------------
