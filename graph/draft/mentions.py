"""Drafting, stage 1: mentions. Countries and capitals, people and their offices, money, quantities
and rates, and dates, each as precise as the text gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .events import _ancestors_and_self
from .lexicon import Lexicon, _alternation


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
    inferred: bool = False  # the country or organisation is not in the words: the report's (see people.py)


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
    in_range: bool = False  # an end of a range ("between $1 billion and $1.5 billion"): no sum of its own

    def fact(self) -> dict:
        """The amount as a claim gives it (graph/claims/README.md)."""
        value = {"value": _canonical(self.value), "currency": self.currency}
        if self.approximate:
            value["approximate"] = True
        value["stated"] = self.stated
        return value


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
    past: bool = False  # its verb is past ("pledged in December"): it cannot be ahead of the report


def acts_as_company(text: str, name: str, lex: Lexicon) -> bool:
    """Whether a report shows `name` acting as a company does: saying ("Saab said"), owning
    ("Saab's"), or introduced by a noun of industry ("defence company Saab")."""
    name = re.escape(name)
    return bool(
        re.search(rf"\b{name}(?:'s|’s|\s+(?:{lex.company_speech})\b)|\b(?:{lex.company_makers})\s+{name}\b", text)
    )


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
    while root.dep_ == "appos" and root.head.i != root.i:
        root = root.head  # "in Hyderabad, India": the country beside a town is where too
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

    # A name the tagger ran into a sum ("Ukraine 80 billion" of "has given Ukraine 80 billion
    # crowns") names no organisation or law that holds the country.
    named = [e for e in doc.ents if not lex.amount_in_name.search(e.text)]
    for match in lex.country_pattern.finditer(text):
        start, end = match.span()
        if _inside(named, start, end, {"PERSON", "ORG", "WORK_OF_ART", "FAC", "EVENT", "LAW"}):
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
        ranks = _alternation(lex.ranks)
        rank = rf"(?:(?i:{ranks})\.?\s+)?"
        # A rank before a name is no part of it ("army chief General Asim Munir").
        self.rank = re.compile(rf"^(?i:{ranks})\.?\s+(?=[A-Z])")
        # ... nor is a title the tagger took into it ("Emir Tamim bin Hamad Al Thani").
        self.title_start = re.compile(rf"^(?i:{titles})\s+(?=[A-Z])")
        self.only_titles = re.compile(rf"^(?:(?i:{titles}|{ranks})\.?(?:\s+|$))+$")  # "Emir Sheikh": no name
        self.title_then_name = re.compile(rf"(?i:{titles})\s+{rank}(?P<name>\S+(?:\s+\S+)+)")
        mods = _alternation(lex.office_modifiers)
        stale = _alternation(lex.not_current)
        country = _alternation(lex.country_names)
        demonym = _alternation(lex.demonyms)
        holder = rf"(?:(?P<country>{country})(?:'s|’s)?\s+|(?P<dem>{demonym})\s+)"
        # "Polish Deputy Prime Minister and Defence Minister X": the country is the second title's too.
        also = rf"(?:(?:(?i:{mods})\s+)*(?i:{titles})\s+(?i:and)\s+)?"
        self.before = re.compile(
            rf"(?:(?i:(?P<stale>{stale}))\s+)?{holder}?(?:(?i:the|a)\s+)?(?:(?i:(?P<stale_after>{stale}))\s+)?{also}"
            rf"(?:(?i:{mods})\s+)*(?P<title>(?i:{titles}))"
            rf"(?:\s+(?i:of)\s+(?P<country2>{country}))?\s*,?\s*(?:(?i:{ranks})\.?\s*)?$"
        )
        self.after = re.compile(
            rf"^\s*,\s*(?:(?i:the|a)\s+)?(?:(?i:(?P<stale>{stale}))\s+)?{holder}?"
            rf"(?:(?i:(?P<stale_after>{stale}))\s+)?(?:(?i:{mods})\s+)*"
            rf"(?P<title>(?i:{titles}))(?:\s+(?i:of|for)\s+(?P<country2>{country}))?(?![\w-])"
            # "Ben Wallace, Britain's defence secretary until 2023": an office held no longer
            rf"(?P<ended>\s+(?i:until|till)\b)?"
        )
        # A name beside a title that spaCy may not tag: "Minister of Defence, Rustem Umerov",
        # "Deputy Defence Minister Paweł Bejda"; or after a plural title's list, "Gen Nakatani of Japan".
        name = (
            r"(?P<name>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|al|bin|el))*"
            r"\s+(?:(?:al|el)-)?[A-Z][\w'’-]+)"
        )
        self.beside_title = re.compile(rf"(?<![\w-])(?i:{titles})(?:\s*,)?\s+{rank}{name}")
        self.plural_list = re.compile(rf"(?i:(?P<title>{titles}))s\b[^.;]*$")
        self.of_country = re.compile(rf"^\s+of\s+(?P<country>{country})\b")
        # "Rustem Umerov, secretary of Ukraine's National Security and Defense Council", "head of
        # Ukraine's presidential office, Andriy Yermak": a title "X of the Y" with the country's
        # possessive for "the".
        self.split_titles = {
            (m.group(1), m.group(2)): title
            for title in lex.office_by_title
            if (m := re.fullmatch(r"(.+?) of the (.+)", title))
        }
        possessed = (
            rf"(?P<head>(?i:{_alternation({h for h, _ in self.split_titles})}))\s+of\s+(?P<country>{country})(?:'s|’s)"
            rf"\s+(?P<rest>(?i:{_alternation({r for _, r in self.split_titles})}))(?![\w-])"
        )
        self.possessed_after = re.compile(rf"^\s*,\s*(?:(?i:the)\s+)?{possessed}")
        # ", president and CEO of " Saab; Saab "'s chief executive": an organisation's office in
        # apposition after a name (people.PeopleReader.office_in_organisation_after)
        self.title_of_organisation = re.compile(
            rf"\s*,\s*(?:(?i:the)\s+)?(?:(?P<first>(?i:{titles}))\s+(?i:and)\s+)?(?P<title>(?i:{titles}))"
            rf"\s+(?i:of)\s+(?:(?i:the)\s+)?"
        )
        self.organisations_title = re.compile(rf"(?:'s|’s)\s+(?P<title>(?i:{titles}))(?![\w-])")
        self.possessed_before = re.compile(rf"(?:(?i:the)\s+)?{possessed}\s*,?\s*$")
        counterpart = _alternation(lex.counterparts)
        self.counterpart = re.compile(
            rf"(?:(?P<dem>{demonym})|(?P<country>{country})(?:'s|’s)?)\s+(?i:{counterpart})\s*,?\s*$"
        )

    def _office(self, match) -> Office | None:
        if match.group("stale") or match.group("stale_after") or match.groupdict().get("ended"):
            # "former defence minister", "Britain's shadow defence secretary", "defence secretary
            # until 2023": not the office now
            return None
        spec = self.lex.office_by_title[match.group("title").lower()]
        name = match.group("country") or match.group("country2")
        code = self.lex.country_names.get(name) if name else None
        if match.group("dem"):
            code = self.lex.demonyms[match.group("dem")]
        return self.in_country(Office(spec, match.group("title"), None), code)

    def in_country(self, office: Office, code: str | None, inferred: bool = False) -> Office:
        """The office in the country `code`, as that country names it (India's Defence Secretary is
        the ministry's senior civil servant, the United Kingdom's its minister)."""
        other = self.lex.country_titles.get(code, {}).get(office.title.lower())
        spec = self.lex.office_by_title[other] if other else office.spec
        return replace(office, spec=spec, code=code, inferred=inferred or office.inferred)

    def read(self, text: str, start: int, end: int) -> tuple[Office | None, tuple[str, str] | None]:
        """The office of the person named at [start, end), or the country code of a counterpart
        and the words that say it ("his Norwegian counterpart"), as far as the words around the
        name say."""
        window = text[max(0, start - 120) : start]
        match = self.possessed_before.search(window) or self.possessed_after.match(text[end : end + 160])
        if match:
            title = self.split_titles.get((match.group("head").lower(), match.group("rest").lower()))
            if title:
                spec = self.lex.office_by_title[title]
                return Office(spec, title, self.lex.country_names[match.group("country")]), None
        match = self.before.search(window)
        if match:
            return self._office(match), None
        match = self.after.match(text[end : end + 160])
        if match:
            return self._office(match), None
        # "The three countries' defence ministers, Gen Nakatani of Japan, John Healey of Britain ...":
        # a plural title, and each name's own country after it.
        plural, of_country = self.plural_list.search(text[:start]), self.of_country.match(text[end : end + 60])
        if plural and of_country:
            spec = self.lex.office_by_title[plural.group("title").lower()]
            code = self.lex.country_names.get(of_country.group("country"))
            return Office(spec, plural.group("title"), code), None
        match = self.counterpart.search(window)
        if match:
            code = self.lex.demonyms.get(match.group("dem") or "") or self.lex.country_names.get(
                match.group("country") or ""
            )
            return None, ((code, match.group(0).strip(" ,")) if code else None)
        return None, None


_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "bin", "al", "la", "le", "du"}
# A particle joined to the name it comes before ("Abdel Fattah al-Sisi", "Hassan el-Amin")
_PARTICLE_JOINED = re.compile(r"(?:al|el|ul|ad|as|ash|at|az|ar|an|bin|ibn|ben|de|di|da)-[A-Z]")


def _person_name(text: str) -> str | None:
    """A PERSON entity's text as a name, or None when it is not one ("Boost", "Drones")."""
    name = re.sub(r"(?:'s|’s)$", "", text.strip()).strip(" ,.")
    words = name.split()
    if not words or any(ch.isdigit() for ch in name):
        return None
    if not all(w[0].isupper() or w in _NAME_PARTICLES or _PARTICLE_JOINED.match(w) for w in words):
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

    parsed = parse_number(re.sub(r"^a\s+", "one ", text).strip() or "x")
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
            if not mult and lex.weight_after.match(text, match.end()):
                continue  # "2,000-pound bombs": a weight, not a sum
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
    # "between $1 billion and $1.5 billion", "$1 billion to $1.5 billion": a range is no sum (as
    # "three to five submarines" is no count)
    for low, high in zip(found, found[1:], strict=False):
        joined = text[low.end : high.start]
        if re.fullmatch(r"\s*(?:to|-|–)\s*", joined) or (
            re.fullmatch(r"\s*and\s*", joined) and re.search(r"\bbetween\s+$", text[: low.start])
        ):
            low.in_range = high.in_range = True
    return found


def gapped_amounts(text: str, money: list[Money], countries: list[Mention], lex: Lexicon) -> list[tuple[str, Money]]:
    """ "Romania will receive 16.6 billion euros, France 16.2 billion and Hungary 16.2 billion": an
    amount right after a country, the verb left out (and often its currency: then in the currency
    of the sum before it), is that country's. (country code, amount) for each."""
    found = []
    for mention in countries:
        match = lex.bare_amount.match(text, mention.end)
        earlier = [m for m in money if m.end <= mention.start]
        if not earlier or mention.via != "name":
            continue
        # ... or with its currency ("Denmark will contribute 500 million kroner and Sweden 300
        # million kronor")
        stated = next((m for m in money if m.start > mention.end and not text[mention.end : m.start].strip()), None)
        if stated is not None:
            found.append((mention.code, stated))
            continue
        if match is None:
            continue
        number = _number(match.group("figure"))
        if number is None:
            continue
        number *= lex.multipliers[match.group("mult").lower()]
        stated = match.group(0).strip()
        start = match.start("figure")
        found.append((mention.code, Money(number, earlier[-1].currency, stated, False, start, match.end())))
    return found


def settle_currencies(
    money: list[Money], country_codes: set[str], named_before: list[str], home: str | None = None
) -> list[Money]:
    """Each amount in a bare shared name ("80 billion crowns") given the currency of the one country
    in its sentence that has one of the name's currencies, else the one the report last named in full
    (`named_before`), else that of the country the report was filed in (`home`, its dateline), else
    the name's usual one."""
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
            elif home is not None and len(at_home := set(get_territory_currencies(home)) & set(amount.shared_by)) == 1:
                amount = replace(amount, currency=at_home.pop())
        settled.append(amount)
    return settled


_ORDINAL = re.compile(
    r"\d*(?:1st|2nd|3rd|[04-9]th|1[1-3]th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
)


def _cardinal(token) -> bool:
    """Whether a word is a number that counts ("two", "2,000"), not one that orders ("first",
    "4th"), which spaCy's like_num also takes."""
    return token.like_num and token.ent_type_ != "ORDINAL" and not _ORDINAL.fullmatch(token.lower_)


_SPELLED = set(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred".split()
)


# Words between the numbers of a range ("three to five", "10-12", "between 10 and 12").
_RANGE_WORDS = {"to", "and", "-", "–", "or"}


def _closes_range(doc, token) -> bool:
    """Whether `token` is the last number of a range ("five" of "three to five")."""
    if token.i < 2 or doc[token.i - 1].lower_ not in _RANGE_WORDS:
        return False
    first = doc[token.i - 2]
    return first.like_num or first.lower_ in _SPELLED


def _opens_range(doc, token) -> bool:
    """Whether `token` is the first number of a range ("three" of "three to five")."""
    return (
        token.i + 2 < len(doc)
        and doc[token.i + 1].lower_ in _RANGE_WORDS
        and (doc[token.i + 2].like_num or doc[token.i + 2].lower_ in _SPELLED)
    )


def quantities_in(doc, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Counted things ("2,000 interceptor drones every month", "1.5 million shells", "two
    battalions") and vague ones kept as words ("thousands of long-range attack drones")."""
    text = doc.text
    rates = [(per, phrase) for per, phrases in lex.quantities["rates"].items() for phrase in phrases]
    rates.sort(key=lambda item: -len(item[1]))
    not_units = {u.lower() for u in lex.quantities["not_units"]}
    unit_skip = {w.lower() for w in lex.quantities["not_unit_words"]}
    units_before_of = {u.lower() for u in lex.quantities["not_units_before_of"]}
    vague = sorted(lex.quantities["vague"], key=len, reverse=True)
    vague_before_figure = set(lex.quantities["vague_before_figure"])
    # (a share is one where the words say so: the model tags "246 Redback" a percentage)
    date_spans = [
        (e.start_char, e.end_char)
        for e in doc.ents
        if e.label_ in {"DATE", "TIME", "ORDINAL"} or (e.label_ == "PERCENT" and re.search(r"%|\bper\s?cent", e.text))
    ]
    found: list[Quantity] = []

    def clear(start, end):
        return not any(s < end and start < e for s, e in [*taken, *date_spans])

    def unit_of(noun) -> tuple[int, int] | None:
        """The counted noun with the words that say what it is ("long-range attack drones")."""
        if noun.pos_ not in {"NOUN", "PROPN"} or noun.lower_ in not_units or noun.lemma_.lower() in not_units:
            return None
        if noun.lower_ in units_before_of and noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "of":
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
        if token.i > 0 and (doc[token.i - 1].lower_ in _SPELLED or _cardinal(doc[token.i - 1])):
            continue  # the second word of "two thousand", read with the first (not "the first eight")
        if _closes_range(doc, token) or _opens_range(doc, token):
            continue  # "three to five submarines": a range, read below
        before = doc[token.i - 1] if token.i > 0 else None
        if (
            before is not None
            and before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and not (before.dep_ in {"dative", "iobj", "nsubj"} and before.head.pos_ in {"VERB", "AUX"})
        ):
            # a model's designation ("Leopard 2 tanks", "Patriot 3"), not a count; a name that
            # belongs to the verb ("send Ukraine four tanks") is no part of it.
            continue
        words = [token]
        while words[-1].i + 1 < len(doc) and (
            doc[words[-1].i + 1].lower_ in _SPELLED | set(lex.multipliers) | {"thousand", "million", "billion"}
        ):
            words.append(doc[words[-1].i + 1])
        following = doc[words[-1].i + 1] if words[-1].i + 1 < len(doc) else None
        if following is not None and following.lower_ in not_units:
            continue  # "a 155mm shell factory", "a 10-year plan": a measure, not a count
        head = words[-1].head if words[-1].head.i > words[-1].i else token.head
        if head.i <= words[-1].i:
            continue
        # "18 more F-16 jets": the parser counts the model's designation; the jets are counted.
        while head.pos_ == "NUM" and not head.like_num and head.head.i > head.i:
            head = head.head
        figure = " ".join(w.text for w in words if w.lower_ not in lex.multipliers)
        number = _number(figure)
        if number is None:
            continue
        for word in words:
            if word.lower_ in lex.multipliers and word.lower_ not in {"k", "m", "b"}:
                number *= lex.multipliers[word.lower_]
        span = unit_of(head)
        # the figure is no date; the words after it may hold an ordinal ("48 fifth-generation jets")
        figure_end = words[-1].idx + len(words[-1])
        if span is None or not clear(token.idx, figure_end) or any(s < span[1] and token.idx < e for s, e in taken):
            continue
        if span[0] < figure_end:  # "the first eight howitzers": what is counted comes after the figure
            span = (doc[words[-1].i + 1].idx, span[1])
        per, end = rate_after(span[1])
        start = token.idx
        if before is not None and before.lower_ in vague_before_figure:
            # "several hundred drones", "a few thousand shells": no number, the words kept
            number = None
            start = doc[before.i - 1].idx if before.i and doc[before.i - 1].lower_ == "a" else before.idx
        found.append(Quantity(number, text[start:end], text[span[0] : span[1]], per, start, end))
    # "three to five submarines", "between 10 and 12 jets": a range is no number; its words are kept.
    for token in doc:
        if not (token.like_num or token.lower_ in _SPELLED) or not _opens_range(doc, token):
            continue
        last = doc[token.i + 2]
        head = next((t.head for t in (last, token) if t.head.i > last.i), None)
        while head is not None and head.pos_ == "NUM" and head.head.i > head.i:
            head = head.head
        span = unit_of(head) if head is not None else None
        first = doc[token.i - 1] if token.i > 0 and doc[token.i - 1].lower_ == "between" else token
        if span is None or not clear(first.idx, span[1]):
            continue
        per, end = rate_after(span[1])
        stated = text[first.idx : last.idx + len(last)]
        found.append(Quantity(None, stated, text[span[0] : span[1]], per, first.idx, end))
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
# Wire copy abbreviates months before a day ("Nov. 30", "Sept 11").
_MONTH_SHORT = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_DAY_MONTH = re.compile(
    r"\b(?:("
    + "|".join(_MONTH_NAMES)
    + "|"
    + _MONTH_SHORT
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
    start_adjectives = set(lex.dates["start_adjectives"])
    deeds = set(lex.dates["announcing_verbs"])
    reporting = set(lex.organisations["reporting_verbs"])
    found: list[DateMention] = []
    # A relative word spaCy leaves untagged ("Today, Ukraine and Norway signed ..."): a date too.
    tagged = {t.i for ent in doc.ents for t in ent}
    untagged = [doc[t.i : t.i + 1] for t in doc if t.i not in tagged and t.lower_ in relative and not t.ent_type_]
    for ent in sorted([*(e for e in doc.ents if e.label_ == "DATE"), *untagged], key=lambda e: e.start):
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
        # "start in 2026", "will start to produce drones in 2026", "the first are due in 2026",
        # "deliveries from 2032": the start of something.
        starts = (
            any(v.lemma_.lower() in start_verbs for v in verbs)
            or any(t.lemma_.lower() in start_adjectives for t in _ancestors_and_self(ent.root))
            # ("is due in 2029", "to be ready in 2035": the parser hangs the date on the verb)
            or any(c.dep_ == "acomp" and c.lemma_.lower() in start_adjectives for v in verbs for c in v.children)
            or bool(re.search(r"\bfrom\s+$", before))
        )
        # "said on Thursday": when it was said. "announced on Thursday" is the announcement itself.
        reported = verb is not None and verb.lemma_.lower() in reporting and verb.lemma_.lower() not in deeds
        if (
            reported
            and ent.end <= verb.i
            and "," in doc[ent.end : verb.i].text
            and any(t.pos_ == "VERB" for t in doc[: ent.start])
        ):
            # "signed an agreement today, the minister said": the end of the clause before the
            # speaker, though the parser hangs it on "said".
            reported = False
        # The parser often hangs "said on Tuesday it had allocated..." on the later verb: the
        # words say whose date it is.
        near = [t for t in doc[max(0, ent.start - 3) : ent.start] if t.lower_ != "on"][-2:]
        reported = reported or any(
            t.pos_ == "VERB" and t.lemma_.lower() in reporting - deeds and t.i >= ent.start - 3 for t in near
        )
        past = (
            verb is not None
            and verb.tag_ in {"VBD", "VBN"}
            and not any(
                c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "shall", "would", "'ll", "be", "is", "are"}
                for c in verb.children
            )
        )
        rel = next((phrase for phrase in relative if re.search(rf"\b{phrase}\b", words)), None)
        if rel:
            at = text.lower().index(rel, start)
            found.append(
                DateMention(
                    text[at : at + len(rel)], None, relative[rel], at, at + len(rel), starts, reported, past=past
                )
            )
            continue
        # "said on Thursday" is past; "will meet on Friday", "next Friday", "will start in January"
        # and "with the first to arrive in March" are to come.
        ahead = "next" in words or (
            verb is not None
            and any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll", "to"} for c in verb.children)
        )
        weekday = next((w for w in weekdays if re.fullmatch(rf"(?:on\s+|this\s+|next\s+|last\s+)?{w}", words)), None)
        if weekday:
            before = text[max(0, start - 3) : start]
            if before.lower() == "on ":
                start -= 3
            rule = "weekday-after-publication-date" if ahead else "weekday-before-publication-date"
            found.append(DateMention(text[start:end], None, rule, start, end, starts, reported, intended, past))
            continue
        season = next((s for s in seasons if re.search(rf"\b{s}\b", words)), None)
        year = _YEAR.search(ent.text)
        if season and not year:
            found.append(
                DateMention(ent.text, None, "season-in-publication-year", start, end, starts, reported, intended, past)
            )
            continue
        day_month = _DAY_MONTH.search(ent.text)
        month = _MONTH_WORD.search(ent.text)
        if day_month and year:
            parsed = _parse_date(day_month.group(0) + " " + year.group(0))
            if parsed:
                found.append(
                    DateMention(ent.text, parsed.isoformat(), None, start, end, starts, reported, intended, past)
                )
            continue
        if day_month:
            stated = day_month.group(0)
            at = start + day_month.start()
            found.append(
                DateMention(
                    stated, None, "year-from-publication-date", at, at + len(stated), starts, reported, past=past
                )
            )
            continue
        if month and year:
            number = _MONTH_NAMES.index(month.group(1).lower()) + 1
            found.append(
                DateMention(
                    ent.text, f"{year.group(0)}-{number:02d}", None, start, end, starts, reported, intended, past
                )
            )
            continue
        if year and re.fullmatch(
            r"(?:(?:in|by|early|mid|late|the end of|end of|the start of|the beginning of|earlier in|later in|since)\s+)*\d{4}",
            words,
        ):
            at = start + year.start()
            found.append(DateMention(year.group(0), year.group(0), None, at, at + 4, starts, reported, intended, past))
            continue
        if month and re.fullmatch(r"(?:(?:in|by|early|mid|late|this|next)\s+)*[a-z]+", words):
            at = start + month.start()
            stated = month.group(0)
            rule = "month-after-publication-date" if ahead else "month-in-publication-year"
            found.append(DateMention(stated, None, rule, at, at + len(stated), starts, reported, intended, past))
    return found


def _parse_date(text: str):
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


# -- events: what was done about a partnership, and how far along it is -------------------------
