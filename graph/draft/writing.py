"""Drafting, stage 4: writing the drafts. One article is read sentence after sentence by a Drafter
(its people, organisations, events and roles: people.py, roles.py), and its events linked to the
graph's (linking.py); then every proposal becomes a draft claim citing its sentence, with its
confidence and the rule that proposed it, written as YAML for graph/drafts/.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..sources import Source, slugify
from .events import Event, value_ref
from .lexicon import (
    BATCH,
    LONGEST_SENTENCE,
    MIN_CONFIDENCE,
    SET_ASIDE_BELOW,
    Lexicon,
    _alternation,
    is_headline,
    is_parsed,
    lexicon,
    pipeline,
)
from .linking import DATE_KEYS, Known, repointed
from .mentions import Mention, OrgMention, PersonMention, acts_as_company
from .people import PeopleReader
from .roles import EventRoles

# What an event's own claim says of it; every other fact of an event is a claim of its own.
EVENT_ITSELF = {"status", "agreementKind"}
EVENT_PREFIXES = ("agreement/", "programme/", "coalition/")


class Drafter(PeopleReader, EventRoles):
    """Reads one source's sentences in order and proposes its claims."""

    def __init__(
        self, source: Source, known: Known, lex: Lexicon, home: str | None = None, agency_home: str | None = None
    ):
        self.source = source
        # The country the report was filed in (its dateline), for an office that names none.
        self.home = home
        # The country of the national news agency that filed it, if one did: its officials it names
        # with no country (see finish)
        self.agency_home = agency_home
        self.originals: dict[str, str] = {}  # a sentence as read (its dateline blanked) -> as written
        self.known = known
        self.lex = lex
        self.offices, self.events_reader = lex.readers()
        capital_codes = known.capitals()
        self.capital_codes = capital_codes
        self.capitals = lex.capital_pattern(capital_codes)
        self.claims: list[dict] = []
        self.declared: set[str] = set()  # refs this draft declares
        self.people: dict[str, PersonMention] = {}  # ref -> first full mention
        # People whose office's country is only the report's, with the sentence: claimed at the end
        # unless a later mention names it.
        self.offices_to_infer: list[tuple[PersonMention, str]] = []
        self.events: list[Event] = []
        self.last_person: PersonMention | None = None
        # The countries that were subjects so far, in order (not those of quoted speech): the last is
        # what "it" and "the country" stand for, the last of a region what "the Nordic country" does.
        self.subject_countries: list[Mention] = []
        # The sentence and the countries of the latest subject naming two or more ("Japan, the
        # United Kingdom and Italy launched ...").
        self.acting_countries: tuple[int, list] | None = None
        self.currencies_named: list[str] = []  # the currencies of the amounts so far, named in full
        self.countries_named: set[str] = set()  # the codes of the countries the report names, in any form
        self.ids: set[str] = set()
        self.coalitions: list[tuple[str, str]] = []  # (ref, label) of each coalition named so far
        self._led_by: dict[str, set[str]] = {}  # each coalition's leaders so far
        self._coalitions: list[str] = []  # those of the sentence being read
        self._orgs: list[OrgMention] = []
        self._money_spans: list[tuple[int, int]] = []  # where the sentence being read names money
        self._ordered_under: Event | None = None  # the purchase a contract just read orders
        self.last_org: str | None = None  # the organisation (not a government body) named last
        # "Thyssenkrupp Marine Systems (TKMS)" anywhere in the report: a headline's "TKMS" is it too.
        self.abbreviations: dict[str, tuple[str | None, str]] = {}
        self.product_names: set[str] = set()  # names the report gives products ("Gripen E fighter jets")
        self.report_text = ""  # the whole report, for what a name does anywhere in it
        self.org_names: dict[str, str] = {}  # each organisation's name (and abbreviation) so far -> ref
        self.headline_first = False  # whether the report opens with a headline
        self.org_based: dict[str, str] = {}
        self.news_agencies = set(lex.organisations["news_agencies"])
        self.alliance_names = dict(
            lex.organisations["alliance_names"]
        )  # an organisation -> the code of the country it is said to be of
        events = lex.events
        self.default_class = dict(events["default_class"])
        self.money_class = events["money_class"]
        self.pledging_verbs = set(events["pledging_verbs"])
        self.delivering_classes = set(events["delivering_classes"])
        self.given_when_past = set(events["given_when_past"])
        self.making_now = set(events["making_now"])
        self.criticism_verbs = set(events["criticism_verbs"])
        self.country_descriptions = list(events["country_descriptions"])
        self.regions = {name: set(codes) for name, codes in lex.countries_data["regions"].items()}
        self.description_pattern = re.compile(
            rf"the (?:(?P<region>{'|'.join(sorted(self.regions, key=len, reverse=True))}) |[\w-]+ )?"
            rf"(?:{'|'.join(self.country_descriptions)})"
        )
        self.document_nouns = list(events["document_nouns"])
        self.order_nouns = set(events["order_nouns"])
        self.total_verbs = set(lex.quantities["total_verbs"])
        self.batch_before = re.compile(rf"\b(?i:{'|'.join(lex.quantities['batch_words'])})\s+$")
        self.channel_prepositions = set(events["channel_prepositions"])
        self.goods = set(events["goods"])
        self.party_nouns = set(events["state_nouns"]) | set(events["industry_nouns"]) | set(events["people_nouns"])
        self.progression = list(events["progression"])
        self.party_anaphora = [p.lower() for p in events["party_anaphora"]]
        self.state_nouns = set(events["state_nouns"])
        self.body_words = {w for w in lex.organisations["body_words"] if " " not in w}
        self.reporting_verbs = set(lex.organisations["reporting_verbs"])
        self.receiving_verbs = set(events["receiving_verbs"])
        self.selling_words = set(events["selling_words"])
        self.supplying_verbs = set(events["supplying_verbs"])
        self.new_matter = list(events["new_matter"])
        self.programme_nouns = set(events["programme_nouns"])
        self.production_sites = set(events["production_sites"])
        self.also_words = set(events["also_words"])
        self.new_words = set(events["new_words"])
        self.rivalry_verbs = set(events["rivalry_verbs"])
        self.background_words = set(events["background_words"])
        self.background_nouns = set(events["background_nouns"])
        self.deeds_under_agreements = set(events["deeds_under_agreements"])
        self.stake_nouns = set(events["stake_nouns"])
        self.source_prepositions = set(events["source_prepositions"])
        self.civil_topics = set(events["civil_topics"])
        self.goods_family = {good: name for name, goods in events["goods_families"].items() for good in goods}
        self.means_prepositions = set(events["means_prepositions"])
        self.source_nouns = set(events["source_nouns"])
        self.funding_verbs = set(events["funding_verbs"])
        self.choosing_verbs = set(events["choosing_verbs"])
        self.intent_documents = set(events["intent_documents"])
        self.awarding_verbs = set(events["awarding_verbs"])
        self.awarded_nouns = set(events["awarded_nouns"])
        self.winning_verbs = set(events["winning_verbs"])
        self.company_anaphora = set(events["company_anaphora"])
        self.buying_verbs = {verb for verb, status in events["statuses"]["verbs"].items() if status == "ordered"}
        self._new_matter = False  # whether the sentence being read opens another matter ("Separately, ...")

    # -- claims -----------------------------------------------------------------------------------

    def claim(self, sentence: str, about: str, confidence: float, reason: str, named: str = "", **keys) -> dict:
        """Propose a claim; its id is made from what it is about (and `named`, the fact it gives)."""
        base = slugify(" ".join(filter(None, [about.split("/", 1)[1], named]))) or "claim"
        claim_id, n = base, 2
        while claim_id in self.ids:
            claim_id, n = f"{base}-{n}", n + 1
        self.ids.add(claim_id)
        if isinstance(sentence, str):
            sentence = self.originals.get(sentence, sentence)  # cited as written
        claim = {"id": claim_id, "sentence": sentence, "about": about}
        order = ("type", "label", "aliases", "same_as", "facts")  # as curated claims are written
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
            item = self.lex.countries_data.get("wikidata", {}).get(code)
            self.claim(
                sentence,
                ref,
                0.9,
                f"country: {stated!r} is {name} in countryinfo"
                + (f", Wikidata {item}" if item else " (add its Wikidata item as same_as)"),
                type="Country",
                label=name,
                same_as=f"wd:{item}" if item else None,
                facts={"iso3166Alpha2": code},
            )
        return ref

    def country_name(self, code: str) -> str:
        entity = self.known.entities.get(f"country/{code}")
        if entity and entity.label:
            return entity.label
        return self.lex.country[code].name if code in self.lex.country else code

    def org_label(self, ref: str) -> str:
        """An organisation's name: as this report named it, else as the workspace has it."""
        named = next((name for name, r in self.org_names.items() if r == ref), None)
        entity = self.known.entities.get(ref)
        return named or (entity.label if entity and entity.label else ref.split("/", 1)[1])

    # -- people -----------------------------------------------------------------------------------

    def finish(self, sentences: list[str]) -> list[dict]:
        home = self.home_of_offices()
        for person, sentence in self.offices_to_infer if home else []:
            if not any(c["about"].startswith(f"holding/{person.ref.split('/', 1)[1]}-") for c in self.claims):
                if person.office.code is None or person.office.inferred:
                    person.office = self.offices.in_country(person.office, home, inferred=True)
                self.office_claims(person, sentence, deferred=True)
        self.carry_beneficiaries()
        for event in self.events:
            self.event_claim(event, sentences)
        self.merge_short_names()
        return self.claims

    def home_of_offices(self) -> str | None:
        """Whose an office with no country named is, at the report's end: the dateline's country
        where the report names it or names none; else that of the national news agency that filed
        it, where the report names that ("KUALA LUMPUR, Oct 31 (PTI) - India and the United States
        signed ..., Defence Minister Rajnath Singh said": India's; but "MOSCOW (Xinhua) - Russia and
        India ..., President Vladimir Putin": Russia's); else the only country a report with no
        dateline names ("Foreign Minister Andrii Sybiha" in a report that names only Kyiv)."""
        named = self.countries_named
        if self.home is not None and (self.home in named or self.home == self.agency_home):
            return self.home
        if self.agency_home is not None and (self.agency_home in named or not named):
            return self.agency_home
        if self.home is not None:
            return self.home if not named else None
        return next(iter(named)) if len(named) == 1 else None

    def carry_beneficiaries(self) -> None:
        """Aid that names whom it is for once and then only who gives ("Denmark has given Ukraine
        aid worth 70 billion kroner. In December, it pledged a further 4.2 billion"; "Sweden alone
        will provide 470 million kronor"): a gift or pledge that names none is for the one the
        funding before it was for, when that was one. (Not an allocation: a budget may be spent at
        home, "Oslo approved a package for air defence".)"""
        funding = self.events_reader.funding
        before = None
        for event in self.events:
            if event.cls not in funding:
                continue
            named = event.facts.get("beneficiary", []) + event.facts.get("recipient", [])
            if named:
                before = event.facts.get("beneficiary") if len(event.facts.get("beneficiary", [])) == 1 else None
            elif (
                before
                and event.cls in {"Pledge", "Donation", "Grant"}
                and event.facts.get("funder")
                and before[0] not in event.facts["funder"]
            ):
                event.add("beneficiary", before[0])
                event.reasons.append("beneficiary: that of the funding before, as this one names none")
                event.confidence = min(event.confidence, 0.7)

    def merge_short_names(self) -> None:
        """An organisation named short before it is named in full ("UAE's EDGE" in a headline, "EDGE
        Group" below) is one organisation: the short name becomes an alias of the full one, and
        every claim refers to the full one. (A short name after the full one is read as it, see
        PeopleReader.same_organisation.)"""
        declared = {c["about"]: c for c in self.claims if c["about"].startswith("organisation/") and c.get("label")}
        renamed: dict[str, str] = {}
        for short_ref, short in declared.items():
            words = short["label"].split()
            longer = [
                c
                for ref, c in declared.items()
                if ref != short_ref
                and len(c["label"].split()) > len(words)
                and c["label"].split()[: len(words)] == words
            ]
            if len(longer) == 1:  # one organisation it can be; two ("Airbus Defence", "Airbus Helicopters"), none
                renamed[short_ref] = longer[0]["about"]
                aliases = longer[0].setdefault("aliases", [])
                if short["label"] not in aliases:
                    aliases.append(short["label"])
        if not renamed:
            return
        # The posts in them, and their holdings, are named after the full name too.
        for claim in self.claims:
            organisation = (claim.get("facts") or {}).get("postIn")
            if claim["about"].startswith("post/") and organisation in renamed:
                short, full = (ref.split("/", 1)[1] for ref in (organisation, renamed[organisation]))
                old = claim["about"].split("/", 1)[1]
                new = f"post/{full}-{old[len(short) + 1 :]}"
                if old.startswith(f"{short}-") and not any(c["about"] == new for c in self.claims):
                    renamed[claim["about"]] = new
        for claim in self.claims:
            post = (claim.get("facts") or {}).get("post")
            if claim["about"].startswith("holding/") and post in renamed:
                old, new = (ref.split("/", 1)[1] for ref in (post, renamed[post]))
                renamed[claim["about"]] = claim["about"].replace(old, new)

        kept = []
        for claim in self.claims:
            if claim["about"] in renamed and claim["about"].startswith("organisation/"):
                continue  # the short name's own declaration: it is an alias now
            claim["about"] = repointed(claim["about"], renamed)
            if "facts" in claim:
                claim["facts"] = repointed(claim["facts"], renamed)
            kept.append(claim)
        self.claims = kept

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
        # A claim per fact: the event itself (its class, status and kind), then each role, amount,
        # quantity and date on its own, citing the sentence it was read in, so that a reviewer takes
        # what is right and leaves what is not (a right funder is not lost with a wrong date), and
        # each is as sure as facts of its kind have turned out to be (calibrated()).
        # The event's own claim carries too what the shapes require of its class (an agreement's
        # parties, a pledge's funder and beneficiary), so that it can be accepted alone.
        required = self.lex.required_facts.get(event.cls, []) if keys else []
        own = EVENT_ITSELF.union(*required)
        itself = {key: values for key, values in event.facts.items() if key in own}
        lacking = self.lacking(event, itself, required)
        quoted = [sentences[i] for i in dict.fromkeys(event.sentences)]
        self.claim(
            _one_or_many(quoted),
            ref,
            event.confidence,
            "; ".join([*event.reasons, reason, *([lacking] if lacking else [])]),
            facts={key: _one_or_many(values) for key, values in itself.items()},
            **keys,
        )
        for key, values in event.facts.items():
            if key in own:
                continue
            for value in values:
                said = [r for r in event.reasons if r.startswith(f"{key}:")]
                where = event.sentence_of(key, value)
                self.claim(
                    sentences[where],
                    ref,
                    event.confidence,
                    "; ".join([f"{key} of {label!r}, read in sentence {where + 1}", *said]),
                    named=key,
                    facts={key: value},
                )

    def lacking(self, event: Event, facts: dict[str, list], required: list[frozenset[str]]) -> str:
        """What the shapes require of the event that the report does not give (a second party, a
        weapon type): said in the reason, for the reviewer to add before accepting it."""
        missing = [" or ".join(sorted(group)) for group in required if not group & set(facts) and group != {"label"}]
        if event.cls == "Agreement" and len(facts.get("party", [])) == 1:
            missing.append("a second party")
        return f"needs {', '.join(missing)} before it can be accepted (ontology/shapes.ttl)" if missing else ""

    def resolved_dates(self, facts: dict[str, list]) -> dict[str, list]:
        """The facts with each relative date resolved as the build will ("on Monday", published on
        a Tuesday: the day before), for comparing with the dates the graph has."""
        from ..resolve import resolve

        def value(date):
            if isinstance(date, dict) and "value" not in date and date.get("rule") and date.get("stated"):
                resolved = resolve(date["rule"], str(date["stated"]), self.source.published)
                return {**date, "value": resolved} if resolved else date
            return date

        return {key: [value(v) for v in values] if key in DATE_KEYS else values for key, values in facts.items()}

    def _name_of(self, value) -> str:
        ref = value_ref(value)
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


def draft_claims(
    source: Source, known: Known, nlp=None, calibrate: bool = True, aside: list | None = None
) -> list[dict]:
    """The draft claims of one source, in the claims format (plus confidence and reason); without
    `calibrate`, with the rules' own confidences, every claim (to measure them, bench/calibrate.py).
    Calibrated, the claims of kinds right less often than SET_ASIDE_BELOW are set aside, and the events
    among them appended to `aside` (to point a reviewer at their sentences)."""
    from ..sentences import sentences

    nlp = nlp or pipeline()
    lex = lexicon()
    numbered = sentences(source.text)
    texts = [s.text for s in numbered]
    # What is read: the report's sentences without its furniture (bylines, credits, captions), and
    # the first without the dateline that opens the body, whose place says where it was filed.
    read = list(texts)
    home = agency = None
    for index, text in enumerate(texts[:6]):
        dateline = lex.read_dateline(text)
        if dateline is not None:
            end, home = dateline
            agency = lex.agency_country(text)  # (a national agency's, whatever city it filed in)
            # Cut off, not blanked: the model reads a run of spaces as a word, and the name after it
            # ("Rheinmetall has received an order") went unrecognised.
            read[index] = text[end:]
            break
    if texts and is_headline(texts[0]):
        read[0] = lex.headline_with_article(read[0])  # a headline, its dropped article put back
    drafter = Drafter(source, known, lex, home=home, agency_home=agency)
    drafter.originals = {read[i]: texts[i] for i in range(len(texts)) if read[i] != texts[i]}
    products = set(lex.organisations["product_words"]) | drafter.goods
    drafter.abbreviations = abbreviations_in(texts, products)
    drafter.report_text = "\n".join(texts)
    drafter.product_names = product_names_in(drafter.report_text, products, lex)
    readable = [i for i, text in enumerate(read) if is_parsed(text) and not lex.is_furniture(text)]
    for index, doc in zip(readable, nlp.pipe((read[i] for i in readable), batch_size=BATCH), strict=True):
        drafter.read(index, read[index], doc)
    proposed = [c for c in drafter.finish(texts) if c["confidence"] >= MIN_CONFIDENCE]
    if not calibrate:
        return proposed
    kept, events_aside = set_aside(calibrated(proposed, lex.calibration), SET_ASIDE_BELOW)
    if aside is not None:
        aside.extend(events_aside)
    return kept


_ABBREVIATED = re.compile(
    r"((?:[A-Z][\w&.'-]*\s+(?:(?:of|for|and|de|der)\s+)?){1,6}[A-Z][\w&.'-]*)\s+\(([A-Z][A-Za-z]{1,9})\)"
)


def abbreviations_in(texts: list[str], products: set[str]) -> dict[str, tuple[str | None, str]]:
    """Abbreviations a report gives in brackets after a name, whose capitals are the name's
    initials in order ("Thyssenkrupp Marine Systems (TKMS)", "General Authority for Military
    Industries (GAMI)"): abbreviation -> (the name, the sentence that gives both); the name is None
    where it is a weapon's ("National Advanced Surface-to-Air Missile Systems (NASAMS)")."""
    found = {}
    for sentence, match in ((text, match) for text in texts for match in _ABBREVIATED.finditer(text)):
        words = match.group(1).split()
        short = match.group(2)
        for begin in range(len(words)):
            name = words[begin:]
            if name[0] in {"of", "for", "and", "de", "der"}:
                continue
            initials = [w[0] for w in name if w[0].isupper()]
            letters = short.upper()
            # The abbreviation's letters come in order from the name, from its first letter on, and
            # take in the initial of each of its capitalised words (TKMS: Thyssen-K-rupp Marine Systems).
            rest = iter(" ".join(name).upper())
            if any(w.lower().strip(".,") in products for w in name[:-1]):
                found.setdefault(short, (None, sentence))  # "... Missile Systems (NASAMS)": a weapon's name
                break
            if initials[0] == letters[0] and all(c in rest for c in letters) and all(i in letters for i in initials):
                found.setdefault(short, (" ".join(name), sentence))
                break
    return found


def product_names_in(text: str, products: set[str], lex: Lexicon) -> set[str]:
    """Names a report gives a product ("Gripen" of "four more Saab Gripen E fighter jets", "KAAN" of
    "48 KAAN fifth-generation fighter jets", "GlobalEye" of "GlobalEye airborne early-warning
    aircraft"), so that "the Gripen" or "KAAN will fly" elsewhere in it is no organisation either: a
    capitalised word right before a product noun (a model's letters, hyphenated words and words that
    describe products between), which the report never shows acting as a company does."""
    nouns = _alternation(products)
    described = _alternation(lex.organisations["product_descriptors"])
    named = {
        match.group(1)
        for match in re.finditer(
            rf"\b([A-Z][A-Za-z]+)(?:\s+[A-Z]{{1,2}})?(?:\s+(?:[a-z]+-[\w-]+|{described}))*\s+(?:{nouns})\b", text
        )
    }
    return {name for name in named if not acts_as_company(text, name, lex)}


def claim_kinds(claim: dict) -> list[str]:
    """What a draft claim is about, as calibration groups them, from the narrowest group to the
    widest: the kind of its entity (person, post, holding, organisation, ...); for an event, its
    class and status, its status, its class, then its kind ("Purchase ordered", "status ordered",
    "Purchase", "programme"); for a fact of an event, which fact ("event funder"), then any fact of an
    event ("event fact")."""
    kind = claim["about"].split("/", 1)[0]
    if not claim["about"].startswith(EVENT_PREFIXES):
        return [kind]
    facts = claim.get("facts") or {}
    if not claim.get("type") and "status" not in facts:  # a fact of an event, a claim of its own
        of_event = [key for key in facts if key not in EVENT_ITSELF]
        return [f"event {of_event[0]}", "event fact"] if of_event else [kind]
    status = facts.get("status")
    status = status.split("/", 1)[1] if isinstance(status, str) else None
    cls = claim.get("type")
    groups = [f"{cls} {status}" if cls and status else None, f"status {status}" if status else None, cls, kind]
    return [group for group in groups if group]


def _is_event_itself(claim: dict) -> bool:
    return claim["about"].startswith(EVENT_PREFIXES) and not claim_kinds(claim)[0].startswith("event ")


def calibrated(claims: list[dict], table: dict) -> list[dict]:
    """Each claim's confidence as the measured chance that a claim of its group, proposed at that
    raw confidence by the rules, is right: graph/lexicon/calibration.yaml, made on the calibration
    part of bench/draft_corpus (reports no rule was written from) by bench/calibrate.py, which keeps
    only groups large enough to tell (a claim takes the narrowest of its groups the table has). The rules' own figure is kept in the
    reason, for whoever tunes them. A fact of an event is no surer than the event (a funder of a
    pledge that is not one is not right)."""
    events: dict[str, float] = {}
    for claim in claims:
        raw = f"{claim['confidence']:.2f}"
        measured = next(
            (
                table[group].get(raw, table[group].get("any"))
                for group in [*claim_kinds(claim), "any"]
                if group in table and (raw in table[group] or "any" in table[group])
            ),
            None,
        )
        if measured is not None:
            claim["confidence"] = round(float(measured), 2)
            claim["reason"] = f"{claim['reason']} (the rules' confidence {raw})"
        if _is_event_itself(claim):
            events.setdefault(claim["about"], claim["confidence"])
        elif claim["about"] in events:
            claim["confidence"] = min(claim["confidence"], events[claim["about"]])
    return claims


def _one_or_many(values: list):
    """A fact's values as the claims format writes them: one value alone, several as a list."""
    return values[0] if len(values) == 1 else values


def events_of(claims: list[dict]) -> list[dict]:
    """The draft claims about each event taken together, as one claim of the event with all its
    facts (and all the sentences they cite): how a reader sees the event the claims propose."""
    events: dict[str, dict] = {}
    for claim in claims:
        if not claim["about"].startswith(EVENT_PREFIXES):
            continue
        event = events.setdefault(
            claim["about"], {"id": claim["id"], "about": claim["about"], "sentences": [], "facts": {}}
        )
        for key in ("type", "label", "confidence", "reason"):
            if key in claim and key not in event:
                event[key] = claim[key]
        for sentence in claim["sentence"] if isinstance(claim["sentence"], list) else [claim["sentence"]]:
            if sentence not in event["sentences"]:
                event["sentences"].append(sentence)
        for key, value in (claim.get("facts") or {}).items():
            values = event["facts"].setdefault(key, [])
            values += [v for v in (value if isinstance(value, list) else [value]) if v not in values]
    for event in events.values():
        sentences = event.pop("sentences")
        event["sentence"] = _one_or_many(sentences)
        event["facts"] = {key: _one_or_many(vs) for key, vs in event["facts"].items()}
    return list(events.values())


def set_aside(claims: list[dict], floor: float) -> tuple[list[dict], list[dict]]:
    """The claims to draft, and those set aside: claims of a kind right less often than `floor`
    on the development part (calibration.yaml), with the facts of an event set aside. A reviewer
    is pointed at the sentences of the events set aside, to read them; the rest are dropped."""
    low_events = {c["about"] for c in claims if _is_event_itself(c) and c["confidence"] < floor}
    kept = [c for c in claims if c["confidence"] >= floor and c["about"] not in low_events]
    aside = [c for c in claims if _is_event_itself(c) and c["about"] in low_events]
    return kept, aside


def drafts_yaml(source: Source, claims: list[dict], aside: list[dict] = ()) -> str:
    import yaml

    from ..sentences import sentences

    header = (
        f"# Draft claims for {source.id}, proposed by pactgraph draft: NOT REVIEWED.\n"
        f"# Each cites its sentence, with the rule that proposed it and how sure it is. Review with\n"
        f"# `pactgraph review {source.id}`: an accepted claim moves to graph/claims/{source.id}.yaml.\n"
    )
    numbered = sentences(source.text)  # numbered once: a long report takes a while
    unread = [str(s.number) for s in numbered if not is_parsed(s.text)]
    if unread:
        more = f" and {len(unread) - 20:,} more" if len(unread) > 20 else ""
        header += (
            f"# Not read, being over {LONGEST_SENTENCE:,} characters (a table, a list or run-on text): "
            f"sentence{'s' if len(unread) > 1 else ''} {', '.join(unread[:20])}{more}. Claim what they state by hand.\n"
        )
    if aside:
        header += (
            f"# Set aside, as drafts of their kind were right less than {SET_ASIDE_BELOW:.0%} of the time: read\n"
            "# these sentences and claim what they state by hand.\n"
        )
        number_of = {s.text: s.number for s in reversed(numbered)}  # a sentence written twice: the first
        for event in aside:
            cited = event["sentence"] if isinstance(event["sentence"], str) else event["sentence"][0]
            number = number_of.get(cited)
            status = str((event.get("facts") or {}).get("status", "")).split("/")[-1]
            what = " ".join(filter(None, [event.get("type", "event"), f"({status})" if status else None]))
            shown = cited if len(cited) <= 90 else cited[:87] + "..."
            article = "an" if what[0] in "AEIOU" else "a"
            header += f"#   sentence {number}: {article} {what}? {shown!r} (measured {event['confidence']:.2f})\n"
    body = {"source": source.id, "claims": claims}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)


_WORKER: dict = {}


def _init_worker(claims_dir) -> None:
    _WORKER["known"] = Known(claims_dir)
    _WORKER["nlp"] = pipeline()


def _draft_one(source: Source) -> tuple[str, str]:
    aside: list[dict] = []
    claims = draft_claims(source, _WORKER["known"], _WORKER["nlp"], aside=aside)
    return source.id, drafts_yaml(source, claims, aside)


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
