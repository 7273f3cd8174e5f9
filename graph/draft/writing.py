"""Drafting, stage 4: writing the drafts. One article is read sentence after sentence by a Drafter
(its people, organisations, events and roles: people.py, roles.py), and its events linked to the
graph's (linking.py); then every proposal becomes a draft claim citing its sentence, with its
confidence and the rule that proposed it, written as YAML for graph/drafts/.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..sources import Source, slugify
from .events import Event
from .lexicon import BATCH, LONGEST_SENTENCE, MIN_CONFIDENCE, Lexicon, is_parsed, lexicon, pipeline
from .linking import DATE_KEYS, Known, repointed
from .mentions import Mention, OrgMention, PersonMention
from .people import PeopleReader
from .roles import EventRoles


class Drafter(PeopleReader, EventRoles):
    """Reads one source's sentences in order and proposes its claims."""

    def __init__(self, source: Source, known: Known, lex: Lexicon, home: str | None = None):
        self.source = source
        # The country the report was filed in (its dateline), for an office that names none.
        self.home = home
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
        self.events: list[Event] = []
        self.last_person: PersonMention | None = None
        self.last_subject_country: Mention | None = None
        self.currencies_named: list[str] = []  # the currencies of the amounts so far, named in full
        self.ids: set[str] = set()
        self.coalitions: list[tuple[str, str]] = []  # (ref, label) of each coalition named so far
        self._coalitions: list[str] = []  # those of the sentence being read
        self._orgs: list[OrgMention] = []
        self.last_org: str | None = None  # the organisation (not a government body) named last
        # "Thyssenkrupp Marine Systems (TKMS)" anywhere in the report: a headline's "TKMS" is it too.
        self.abbreviations: dict[str, tuple[str | None, str]] = {}
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
        self.document_nouns = list(events["document_nouns"])
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

    # -- people -----------------------------------------------------------------------------------

    def finish(self, sentences: list[str]) -> list[dict]:
        self.carry_beneficiaries()
        for event in self.events:
            self.event_claim(event, sentences)
        self.merge_short_names()
        return self.claims

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
        from ..resolve import resolve

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


def draft_claims(source: Source, known: Known, nlp=None, calibrate: bool = True) -> list[dict]:
    """The draft claims of one source, in the claims format (plus confidence and reason); without
    `calibrate`, with the rules' own confidences (to measure them, bench/calibrate.py)."""
    from ..sentences import sentences

    nlp = nlp or pipeline()
    lex = lexicon()
    numbered = sentences(source.text)
    texts = [s.text for s in numbered]
    # What is read: the report's sentences without its furniture (bylines, credits, captions), and
    # the first without the dateline that opens the body, whose place says where it was filed.
    read = list(texts)
    home = None
    for index, text in enumerate(texts[:6]):
        dateline = lex.read_dateline(text)
        if dateline is not None:
            end, home = dateline
            read[index] = " " * end + text[end:]
            break
    drafter = Drafter(source, known, lex, home=home)
    drafter.originals = {read[i]: texts[i] for i in range(len(texts)) if read[i] != texts[i]}
    drafter.abbreviations = abbreviations_in(texts, set(lex.organisations["product_words"]) | drafter.goods)
    readable = [i for i, text in enumerate(read) if is_parsed(text) and not lex.is_furniture(text)]
    for index, doc in zip(readable, nlp.pipe((read[i] for i in readable), batch_size=BATCH), strict=True):
        drafter.read(index, read[index], doc)
    proposed = [c for c in drafter.finish(texts) if c["confidence"] >= MIN_CONFIDENCE]
    return calibrated(proposed, lex.calibration) if calibrate else proposed


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


def claim_kind(claim: dict) -> str:
    """What a draft claim is about, as calibration groups them: the kind of its entity (person,
    post, holding, organisation, agreement, programme, ...)."""
    return claim["about"].split("/", 1)[0]


def calibrated(claims: list[dict], table: dict) -> list[dict]:
    """Each claim's confidence as the measured chance that a claim of its kind, proposed at that
    raw confidence by the rules, is right: graph/lexicon/calibration.yaml, made on the development
    part of bench/draft_corpus by bench/calibrate.py. The rules' own figure is kept as `rule_confidence`
    in the reason, for whoever tunes them."""
    for claim in claims:
        raw = claim["confidence"]
        by_kind = table.get(claim_kind(claim)) or {}
        measured = by_kind.get(f"{raw:.2f}", by_kind.get("any", table.get("any", {}).get(f"{raw:.2f}")))
        if measured is not None:
            claim["confidence"] = round(float(measured), 2)
            claim["reason"] = f"{claim['reason']} (the rules' confidence {raw:.2f})"
    return claims


def drafts_yaml(source: Source, claims: list[dict]) -> str:
    import yaml

    from ..sentences import sentences

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
