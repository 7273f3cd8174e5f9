"""Drafting, stage 2g: which event a sentence tells more of. The headline's deed and the first
sentence that tells of it; "the deal", "the frigate", "the new boats" and the event they name;
a share of a sum given just before; a signing told after the agreement; the officials who sign
for a party's company (a mixin of writing.Drafter, through roles.EventRoles).
"""

from __future__ import annotations

import re

from .events import PRODUCTION, Event, value_ref
from .linking import DATE_KEYS, PARTY_KEYS
from .mentions import Mention, PersonMention, _canonical


def _sums(event) -> set[tuple[str, str]]:
    """The sums an event names, as (value, currency)."""
    return {
        (str(a["value"]), a.get("currency"))
        for a in event.facts.get("amount", [])
        if isinstance(a, dict) and a.get("value") is not None
    }


def _sums_differ(these: set[tuple[str, str]], those: set[tuple[str, str]]) -> bool:
    """Whether two sets of sums both name money and none of it alike: no sum of one within a tenth
    of a sum of the other in the same currency (a headline rounds "$10.8 million" to "$11 million")."""
    return bool(these and those) and not any(
        c1 == c2 and abs(float(v1) - float(v2)) <= 0.1 * max(float(v1), float(v2))
        for v1, c1 in these
        for v2, c2 in those
    )


def of_another_year(event, earlier) -> bool:
    """Whether an event is dated to years before the report's that an earlier one is not dated to
    ("Romania signed a contract with Hanwha for 54 howitzers in 2024", below this year's order from
    Hanwha): the same parties' deed of another year, not the earlier one told again."""
    stated = earlier.years | {str(v)[:4] for key in DATE_KEYS for v in earlier.facts.get(key, []) if isinstance(v, str)}
    return bool(event.years) and not event.years & stated


class EventCoreference:
    """Which event a sentence tells more of (see the module's note)."""

    def same_event(self, event: Event, lowered: str, what: str) -> Event | None:
        """The event before that this one restates: "the deal", "the investment" of the same kind,
        or the same kind and status between the same parties (a headline and its first sentence).
        A licensed production restates a production: the more specific kind is kept."""
        # ("Lockheed" in a headline is the "Lockheed Martin" the report names in full: merge_short_names)
        longer = {r for e in self.events for r in e.party_refs()} | event.party_refs()

        def whole(refs: set[str]) -> set[str]:
            return {
                next((o for o in longer if r.startswith("organisation/") and o.startswith(r + "-")), r) for r in refs
            }

        refs = whole(event.party_refs())
        sums_here = {(str(_canonical(m.value)), m.currency) for m in self._money}  # (the event takes them later)
        goods_known = self.events_reader.definite_goods.search(lowered) is not None  # "the systems"
        for earlier in reversed(self.events):
            if self._new_matter and not (earlier.sentence == 0 and self.headline_first):
                continue  # "Separately, ...": another matter than the one before (the headline's may be it)
            if earlier.sentence == event.sentence or event.sentence in earlier.sentences:
                # two deeds of one sentence ("delivers ... as Kyiv requests more") are two events,
                # whichever event before one of them restates
                continue
            family = {earlier.cls, event.cls}
            # A headline's "Japan gives Philippines radars" (a pledge, by its tense) is the donation
            # the report goes on to tell of; a headline's money given is the funding below it that
            # names the same sum ("Norway to give $7 billion to Ukraine" over "plans to allocate 85
            # billion crowns ($7 billion)").
            headline_gift = (
                earlier.sentence == 0
                and earlier.sentences == [0]
                and (
                    family == {"Pledge", "Donation"}
                    or (family <= self.events_reader.funding and _sums(earlier) & sums_here)
                )
            )
            if (
                earlier.cls != event.cls
                and not (family <= PRODUCTION and "ProductionProgramme" in family)
                and not headline_gift
            ):
                continue
            if family == {"TrainingProgramme"} and {earlier.status, event.status} == {"planned", "delivered"}:
                # "has trained more than 80,000 soldiers since 2022" and "will train another 15,000
                # next year": the same mission's two batches, one trained, one to come
                continue
            if (
                earlier.sentence == 0
                and family <= self.events_reader.funding
                and _sums_differ(_sums(earlier), sums_here)
            ):
                # "Dutch to fund 500 million euros" over "The Netherlands has so far provided more than
                # 6 billion euros": other money, another deed than the headline's
                continue
            same = False
            if (
                re.search(rf"\b(?:the|this|that)\s+(?:[\w-]+\s+)?{re.escape(what.split()[-1])}\b", lowered)
                and not event.also  # "The council also approved the purchase of 156 helicopters": another
            ):
                same = True
            if re.match(r"\s*(?:under|as part of|within)\s+(?:the|this|that)\s+[\w-]+\s*,", lowered):
                same = True  # "Under the plan, Quantum Systems will build the drones": the event before, continued
            theirs = whole(earlier.party_refs())
            # "Norway ordered four submarines ... in 2021", under a report of an order made now: the
            # same parties' deed of another year, not this one told again.
            another_year = of_another_year(event, earlier)
            # A headline and the sentence under it; or the first sentence that tells of a headline's
            # deed at all ("Ottawa buys GlobalEye" over "... was in talks with Saab to buy GlobalEye").
            # (a report with no headline has none: its first sentence is one of its own)
            headline = (
                earlier.sentence == 0
                and self.headline_first
                and (event.sentence <= 2 or (earlier.sentences == [0] and not event.also))
            )
            # "Poland ordered 180 K2 tanks", after its order of two GlobalEye aircraft: other goods,
            # another deed of the same parties
            other_goods = self.other_goods(event.goods, earlier.goods)
            if (
                refs
                and theirs
                and (refs <= theirs or theirs <= refs)
                and (earlier.status == event.status or headline)
                and not event.also
                and not another_year
                and not other_goods
            ):
                same = True
            if earlier.cls == event.cls and refs and theirs and refs <= theirs and goods_known and not event.also:
                # "Switzerland's plan to buy five Patriot units ... has been delayed", then "Switzerland
                # ordered the systems in 2022": the goods known already, the same purchase, whatever its year
                same = True
            if headline and earlier.status == event.status and refs & theirs and not event.also and not another_year:
                same = True  # "Canada buys vehicles for Ukraine from US maker" over its first sentence
            if headline and self.headline_stands_for(earlier, event) and not another_year:
                same = True
            if same:
                if (earlier.cls == "ProductionProgramme" or headline_gift) and event.cls != earlier.cls:
                    earlier.cls = event.cls
                return earlier
        return None

    def other_goods(self, these: set[str], those: set[str]) -> bool:
        """Whether two deeds' goods (lemmas) are other goods: each in families of goods, and the
        families apart ("tank" and "aircraft"; not "fighter" and "jet", nor "systems")."""
        family = self.goods_family
        if not these or not those or not all(g in family for g in these | those):
            return False
        return not {family[g] for g in these} & {family[g] for g in those}

    def of_another_subject(self, doc, last: Event, subjects: list[Mention]) -> bool:
        """Whether a sentence that starts no event is about another country than the event before
        ("Turkey's defence industry exports reached 7.1 billion dollars in 2024", after Indonesia's
        order from Dassault): its subject is a country that is no party of that event, nor the home
        of a company that is, and it names no event before ("the deal")."""
        if not subjects or self.events_reader.anaphoric(doc):
            return False
        theirs = last.party_refs()
        theirs |= {f"country/{self.org_based[ref]}" for ref in theirs if ref in self.org_based}
        return not any(f"country/{m.code}" in theirs for m in subjects)

    def referred_to(self, doc, index: int) -> Event | None:
        """The event a sentence that opens on goods named before refers to ("The frigate, worth
        around 1 billion euros, will be built at Salamis": the frigate's purchase): the latest, of
        the last few sentences, whose clauses named those goods."""
        recent = [e for e in reversed(self.events) if index - e.sentences[-1] <= 4]
        # "The ministry said the new boats would be delivered by 2034", after a paragraph on an
        # order of 2021: the goods the report is about now (its lead's), not those of a year before.
        new_goods = any(
            t.lower_ in self.new_words and t.dep_ == "amod" and t.head.lemma_.lower() in self.goods for t in doc
        )
        if new_goods and any(e.years for e in recent):
            return next((e for e in self.events if not e.years and e.cls in self.delivering_classes), None)
        if len(doc) < 2 or doc[0].lower_ not in {"the", "this", "these"}:
            return None
        head = next((t for t in doc if t.dep_ in {"nsubj", "nsubjpass"} and t.i <= 4), None)
        if head is None or head.lemma_.lower() not in self.goods:
            return None
        return next((e for e in recent if head.lemma_.lower() in e.goods), None)

    def headline_stands_for(self, headline: Event, event: Event) -> bool:
        """Whether a headline's event is `event`, its countries standing for the companies the report
        names ("Saudi Arabia, South Korea agree to co-develop missile defence" over "Saudi Arabia's
        GAMI and South Korea's LIG Nex1 signed ..."), or the rest being its parties too ("Finland to
        buy air defence from Israel" over "Finland has decided to buy ... from Israel's Rafael")."""
        theirs = headline.party_refs()
        based = {f"country/{self.org_based[r]}" for r in event.party_refs() if r in self.org_based}
        return (
            self.headline_first
            and headline.sentence == 0
            and headline.sentences == [0]
            and bool(theirs & based)
            and theirs <= based | event.party_refs()
        )

    def headline_country_is_its_company(self, event: Event, body: Event) -> None:
        """ "Romania signs gunpowder plant deal with Rheinmetall" over "Romania's state arms company
        Romarm and Germany's Rheinmetall signed...": the headline's country stands for its company,
        which the report names; the country is no party of its own."""
        parties = event.party_refs()
        based = {self.org_based.get(ref) for ref in parties if ref.startswith("organisation/")} - {None}
        stand_ins = {f"country/{code}" for code in based} & parties - body.party_refs() - event.named_below
        if not stand_ins:
            return
        company = {f"country/{self.org_based[ref]}": ref for ref in body.party_refs() if ref in self.org_based}
        event.parties = [p for p in event.parties if (p[0]["ref"] if isinstance(p[0], dict) else p[0]) not in stand_ins]
        event.names = [name for _, name in event.parties]
        for key in PARTY_KEYS & set(event.facts):
            # The company takes the country's role ("from France" -> "from France's Naval Group").
            kept = [company.get(value_ref(v), v) for v in event.facts[key]]
            event.facts[key] = list(dict.fromkeys(v for v in kept if isinstance(v, str))) + [
                v for v in kept if not isinstance(v, str)
            ]
        event.reasons.append("the headline's country stands for its company the report names")

    def officials_for_companies(self, event: Event, earlier: Event, officials: set[str]) -> None:
        """ "Economy Minister Radu Miruta and Rheinmetall board member Ingo Kunitz signed the
        agreement", of an agreement Romania's Romarm and Rheinmetall signed: an official of a country
        whose company is a party acts on its side; the country is no party of its own."""
        companies = {self.org_based.get(ref) for ref in earlier.party_refs()} - {None}
        sides = {ref for ref in officials - earlier.party_refs() if ref.split("/", 1)[1] in companies}
        if not sides:
            return
        event.drop(sides, PARTY_KEYS)
        event.reasons.append("an official of a country whose company is a party acts on its side")

    def shares_of_before(self, index: int) -> None:
        """ "The Commission allocated 150 billion euros to 18 member states. Romania will receive 16.6
        billion euros, France 16.2 billion": money a country is to receive, told with no giver just
        after a larger sum given, is its share of that sum: of its kind and status, from its giver."""
        before = [e for e in self.events if e.sentence < index]
        if not before:
            return
        whole = before[-1]
        givers = whole.facts.get("funder", [])
        if whole.cls not in self.events_reader.funding or not givers or index - whole.sentences[-1] > 1:
            return
        largest = max((a.get("value", 0) for a in whole.facts.get("amount", []) if isinstance(a, dict)), default=0)
        for event in self.events:
            amounts = [a.get("value", 0) for a in event.facts.get("amount", []) if isinstance(a, dict)]
            if (
                event.sentence != index
                or not event.receiving
                or "funder" in event.facts
                or "beneficiary" not in event.facts
                or not amounts
                or max(amounts) >= largest
            ):
                continue
            event.cls, event.status = whole.cls, whole.status
            event.facts["status"] = [f"status/{whole.status}"]
            for giver in givers:
                event.add("funder", giver, index)
            event.parties += [p for p in whole.parties if value_ref(p[0]) in set(map(value_ref, givers))]
            event.names = [name for _, name in event.parties]
            event.reasons.append(f"a share of the sum of sentence {whole.sentence + 1}, from its giver")

    def sum_of_the_one_before(self, index: int, sentence: str, doc, left: list) -> None:
        """ "The contribution, about 680 million Canadian dollars, is part of the 2 billion dollars
        Ottawa announced": a sum no deed of the sentence takes, in a sentence that opens on the event
        before ("The contribution", "The deal"), is that event's."""
        before = [e for e in self.events if e.sentence < index]
        if not left or not before or not self.events_reader.opens_on_anaphora(sentence):
            return
        event = before[-1]
        if index not in event.sentences:
            event.sentences.append(index)
        for amount in left:
            event.add("amount", amount.fact(), index)
        event.reasons.append(f"sentence {index + 1} says what it is worth")

    def signed_by(self, agreement: Event, index: int, doc, groups, people: list[PersonMention]) -> None:
        """The signatories of the agreement before, from a sentence that refers back to it and says
        who signed ("The document was signed in Berlin by X and Y", "It was signed by X")."""
        if not people or not self.events_reader.anaphoric(doc):
            return
        for top, members in groups.items():
            status, _ = self.status_of(doc, top, members)
            signers = [p.ref for p in people if self._acts(p, doc[top])]
            if status == "signed" and signers:
                agreement.sentences.append(index)
                for ref in signers:
                    agreement.add("signatory", ref)
                agreement.reasons.append(f"sentence {index + 1} says who signed it")
                return
