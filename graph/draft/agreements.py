"""Drafting, stage 2f: what an agreement signed sets up. A contract signed for goods is an order of
them too; an agreement to form a joint venture or to make goods under licence is a deed of its own
under it (a mixin of writing.Drafter, through roles.EventRoles).
"""

from __future__ import annotations

from .coreference import of_another_year
from .events import (
    Event,
    _preposition_of,
    value_ref,
)


class AgreementDeeds:
    """The deeds an agreement signed sets up, and the licence a deed is done under (see
    roles.EventRoles.event)."""

    def purchase_under(self, agreement: Event, index, doc, top_token, subject, parties, countries, people) -> None:
        """A contract signed for goods ("signed a contract for 180 tanks from Hyundai Rotem") is an
        order of them too: a purchase, its buyer the party that signs, its seller the one the goods
        come from (or the other party), ordered."""
        goods = [t for t in doc if t.lemma_.lower() in self.goods and t.pos_ == "NOUN"]
        # "Hanwha has signed a contract with Romania to supply 54 howitzers": the signer supplies
        supplier = supplied_by = None
        for token in goods:
            supplying = next(
                (
                    a
                    for a in token.ancestors
                    if a.lemma_.lower() in self.supplying_verbs
                    and a.dep_ in {"acl", "xcomp", "advcl"}
                    and a.head.i in {top_token.i, *(c.i for c in top_token.children)}
                ),
                None,
            )
            # (a company: "Ukraine and Norway signed an agreement to produce drones" sell nothing);
            # or the company the supplying verb names as its own doer ("Japan and Australia signed a
            # contract for Mitsubishi Heavy Industries to build 11 frigates")
            doer = next(
                (
                    o.ref
                    for c in (supplying.children if supplying is not None else [])
                    if c.dep_ == "nsubj"
                    for o in self._orgs
                    if o.token is not None and o.token.i in {t.i for t in c.subtree}
                ),
                None,
            )
            if doer is not None and doer in {value_ref(v) for v, _, _ in parties}:
                supplier, supplied_by = doer, supplying
            elif supplying is not None and subject is not None and value_ref(subject).startswith("organisation/"):
                supplier, supplied_by = value_ref(subject), supplying
        # "a contract for 180 tanks", "an agreement to buy 48 jets from Turkey"
        ordered = [
            t
            for t in goods
            if any(a.lower_ == "for" for a in t.ancestors)
            or t.head.lower_ == "for"
            # (however parsed: "for 180 more K2 tanks worth 6.5 billion dollars", the tanks made the
            # subject of "worth")
            or (t.left_edge.i > 0 and doc[t.left_edge.i - 1].lower_ == "for")
            or any(a.lemma_.lower() in self.buying_verbs and a.dep_ in {"acl", "xcomp", "advcl"} for a in t.ancestors)
            or supplier is not None
        ]
        if not ordered:
            self.order_signed(agreement, index, top_token)
            return
        status = "planned" if agreement.kind in self.intent_documents else "ordered"
        purchase = Event("Purchase", status, index, None, sentences=[index])
        purchase.reasons.append(f"{status}: a {agreement.kind or 'contract'} signed for {ordered[0].text!r}")
        sellers = [v for v, _, t in parties if t is not None and _preposition_of(t) in {"from", "with"}]
        if supplier is not None:
            sellers = [v for v, _, _ in parties if value_ref(v) == supplier]
        # "... signed a letter of intent for Kyiv to buy 150 jets": who buys is the buying verb's
        # subject; the other signatories sell.
        buying = next(
            (a for t in ordered for a in t.ancestors if a.lemma_.lower() in self.buying_verbs and a.pos_ == "VERB"),
            None,
        )
        doers = [c for c in buying.children if c.dep_ == "nsubj"] if buying is not None else []
        named = {m.code for m in countries if m.token is not None and doers and m.token.i == doers[0].i}
        if named and not sellers:
            sellers = [v for v, _, _ in parties if value_ref(v) not in {f"country/{c}" for c in named}]
        # "India and France signed an agreement for 26 jets for the Indian Navy": both sign; the
        # goods are for India's forces, so India buys them from the other.
        # (or "for the Royal Australian Navy" after the verb that supplies them)
        receiving_ends = {g.i for g in ordered} | ({supplied_by.i} if supplied_by is not None else set())
        forces = {
            m.code
            for m in countries
            if m.token is not None and any(a.lower_ == "for" and a.head.i in receiving_ends for a in m.token.ancestors)
        }
        origin = self.goods_origin(doc, countries, parties) or self.system_maker(doc, parties)
        if not sellers and origin is not None:
            # "India and France signed a deal for 26 French-made jets": the country they are from sells.
            sellers = [v for v, _, _ in parties if value_ref(v) == origin]
        if not sellers and len(forces) == 1:
            sellers = [v for v, _, _ in parties if value_ref(v) != f"country/{next(iter(forces))}"]
            sellers = [v for v in sellers if value_ref(v).startswith("country/")]
        # Not the country a company is of ("South Korea's Hyundai Rotem"); the country of a state
        # body is ("Poland's Armament Agency").
        buyers = [
            value
            for value, _, token in parties
            if value_ref(value).startswith("country/")
            and not any(value_ref(s) == value_ref(value) for s in sellers)
            and (token is None or token.dep_ != "poss" or self.is_state_body(token.head))
        ]
        if len(forces) == 1:
            buyers = [v for v in buyers if value_ref(v) == f"country/{next(iter(forces))}"] or buyers
        companies = [v for v, _, _ in parties if value_ref(v).startswith("organisation/")]
        if not buyers and companies and sellers and all(value_ref(s).startswith("country/") for s in sellers):
            # "EDGE signed a deal with Indonesia's defence ministry for 10 naval vessels": the
            # company sells, the state it signs with buys.
            buyers, sellers = sellers, companies
        for value in buyers:
            purchase.add("buyer", value)
        for value in sellers:
            purchase.add("seller", value)
        # A buyer with no seller named ("signed contracts worth 2.1 billion hryvnias for 3,000
        # drones with three domestic producers") orders all the same; a seller alone does not say
        # who buys.
        if not purchase.facts.get("buyer") or not (purchase.facts.get("seller") or len(parties) == 1):
            return
        purchase.facts["status"] = [f"status/{status}"]
        purchase.parties = [p for p in agreement.parties]
        purchase.names = list(agreement.names)
        purchase.confidence = 0.75
        purchase.years = set(agreement.years)
        purchase.goods = set(agreement.goods)
        # "Brazil will buy four more jets" in the lead, "the minister signed the order" below: the
        # purchase the report named before, now ordered, not a second one (not one of another year).
        buyers = {value_ref(v) for v in purchase.facts["buyer"]}
        earlier = next(
            (
                e
                for e in reversed(self.events)
                if e.cls == "Purchase"
                and index - e.sentences[-1] <= 6
                and buyers & {value_ref(v) for v in e.facts.get("buyer", [])}
                and not of_another_year(purchase, e)
            ),
            None,
        )
        if earlier is not None:
            earlier.merge(purchase, self.progression)
            if earlier.sentence == 0 and self.headline_first:
                self.headline_country_is_its_company(earlier, purchase)  # "from Turkey": from Turkish Aerospace
            self._ordered_under = agreement.order = earlier
            return
        self.events.append(purchase)
        self._ordered_under = agreement.order = purchase

    def order_signed(self, agreement: Event, index: int, top_token) -> None:
        """ "Brazil's Air Force will buy four more Gripen jets", then "Defence Minister José Múcio
        Monteiro signed the order with Saab": the purchase named before, now ordered (what the
        sentence says it costs or counts is the order's)."""
        signed = [
            c
            for c in top_token.children
            if c.dep_ in {"dobj", "nsubjpass"}
            and c.lemma_.lower() in self.order_nouns
            and any(d.lower_ in {"the", "this", "that"} for d in c.children if d.dep_ == "det")
        ]
        if not signed:
            return
        ours = agreement.party_refs()
        earlier = next(
            (
                e
                for e in reversed(self.events)
                if e.cls == "Purchase"
                and index - e.sentences[-1] <= 6
                and {value_ref(v) for k in ("buyer", "seller") for v in e.facts.get(k, [])} & ours
            ),
            None,
        )
        if earlier is None:
            return
        earlier.advance("ordered", self.progression)
        earlier.sentences.append(index)
        earlier.reasons.append(f"ordered: sentence {index + 1} says {signed[0].text!r} was signed")
        self._ordered_under = agreement.order = earlier

    def deed_under(self, agreement: Event, entry: dict, index, doc, top_token, subject, parties, countries, people):
        """An agreement signed to set something up ("Romarm and Rheinmetall signed a joint venture
        agreement to build a plant", "signed an agreement to form a joint venture with Condor"): what
        it sets up is an event of its own, its parties taking part: a venture agreed, a licensed or
        joint production planned."""
        cls = entry["class"]
        status = "agreed" if cls == "JointVenture" else "planned"
        deed = Event(cls, status, index, None, sentences=[index])
        deed.reasons.append(f"{status}: a {agreement.kind or 'agreement'} signed for a {' '.join(entry['words'])!r}")
        if cls == "Delivery":
            # "signed an agreement for the transfer of six destroyer escorts to the Philippine
            # Navy": the country the goods go to receives them, the other hands them over.
            handed = {below.i for t in doc if t.lemma_.lower() == entry["words"][0] for below in t.subtree}
            receiving = {
                f"country/{m.code}"
                for m in countries
                if m.token is not None and m.token.i in handed and _preposition_of(m.token) == "to"
            }
            for value, _, _ in parties:
                ref = value_ref(value)
                role = "recipient" if ref in receiving else "seller" if ref.startswith("organisation/") else "funder"
                deed.add(role, value)
        else:
            self.roles(deed, doc, top_token, subject, parties, countries, people)
        if not deed.facts.get("participant") and not (
            deed.facts.get("recipient") and deed.facts.get("funder", deed.facts.get("seller"))
        ):
            return
        deed.facts["status"] = [f"status/{status}"]
        deed.parties = list(agreement.parties)
        deed.names = list(agreement.names)
        deed.confidence = 0.75
        headline = next((e for e in self.events if e.cls == cls and self.headline_stands_for(e, deed)), None)
        if headline is not None:
            headline.merge(deed, self.progression)
            self.headline_country_is_its_company(headline, deed)
            self._deed_under = headline
        elif not any(e.cls == cls and e.party_refs() & deed.party_refs() for e in self.events):
            self.events.append(deed)
            self._deed_under = deed

    def licence_for(self, doc, verb, given: bool = False):
        """The licence a deed is done under when the deed is what the licence is to do: "a licence to
        build" (the deed describes the licence) or "gave Rheinmetall a licence to make" (the deed is
        the purpose of giving it); None otherwise. Given, the licence `verb` gives ("gave Rheinmetall
        a licence to make shells"), if it gives one for a deed."""
        if given:
            held = [c for c in verb.children if c.dep_ == "dobj"]
            deeds = [c for c in verb.children if c.dep_ in {"advcl", "xcomp"}] + [
                c for t in held for c in t.children if c.dep_ == "acl"
            ]
            return self.licence_for(doc, deeds[0]) if deeds else None
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            held = [verb.head]
        elif verb.dep_ in {"advcl", "xcomp"}:
            held = [c for c in verb.head.children if c.dep_ == "dobj"]
        else:
            return None
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None
        for token in held:
            if any(k[1]["class"] == "LicensedProduction" for k in self.events_reader.kinds_in(doc, {token.i})):
                return token
        return None

    def signed(self, documents):
        """The first of the documents said to be signed ("a contract worth 36 billion pesos signed
        in June"; not "a contract to be signed"), or None."""
        for document in documents:
            for t in document.subtree:
                if (
                    t.dep_ == "acl"
                    and t.tag_ == "VBN"
                    and self.events_reader.verbs.get(t.lemma_.lower()) == "signed"
                    and not any(c.dep_ in {"aux", "auxpass"} for c in t.children)
                ):
                    return document
        return None
