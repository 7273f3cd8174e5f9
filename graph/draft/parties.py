"""Drafting, stage 2e: who takes part in an event and in which role. The parties an event mention
names (countries, their capitals and demonyms, organisations, the countries of the officials who
act), the subject that acts, and the roles each plays: buyer and seller, funder and beneficiary,
supplier and recipient, signatory (a mixin of writing.Drafter, through roles.EventRoles).
"""

from __future__ import annotations

import re

from .events import (
    PRODUCTION,
    Event,
    _ancestors_and_self,
    _preposition_of,
    stands_for_its_people,
    value_ref,
)
from .mentions import (
    Mention,
    PersonMention,
)


def _gapped(token) -> bool:
    """Whether a name stands in a clause whose verb is left out, beside the subject's ("Estonia will
    receive its first systems in 2026, Latvia in 2027"): after a comma or "and", no preposition
    before it, and no verb after it."""
    if token is None or token.i == 0 or token.doc[token.i - 1].text not in {",", "and"}:
        return False
    return _preposition_of(token) is None and not any(t.pos_ in {"VERB", "AUX"} for t in token.doc[token.i :])


class PartyRoles:
    """Who takes part in an event, and as what (see roles.EventRoles.event)."""

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
            first = subject.left_edge
            # A headline's subjects joined by a comma ("Norway, Germany order submarines"): the
            # parser makes the first a modifier of the verb, but both act.
            doc = verb.doc
            while first.i >= 2 and doc[first.i - 1].text == "," and doc[first.i - 2].pos_ == "PROPN":
                top = next((t for t in _ancestors_and_self(doc[first.i - 2]) if t.head.i == node.i), None)
                if top is None or top.dep_ not in {"npadvmod", "nmod", "dep"} or top.i > first.i:
                    break
                first = top.left_edge
            # Not whom the subject is for ("The initiative to buy ammunition for Ukraine delivered
            # 1.8 million shells": Ukraine delivers nothing).
            # ... nor who is named in a clause that describes it ("The fund, managed by the DFC, will
            # invest": the DFC does not).
            span = range(first.idx, subject.right_edge.idx + len(subject.right_edge))
            described = self.described(doc, verb.i)
            countries = [
                m
                for m in countries
                if _preposition_of(m.token) not in {"for", "to", "from", "with"}
                and (m.token is None or m.token.i not in described)
            ]
            orgs = [o for o in self._orgs if o.token is None or o.token.i not in described]
            self._subject_refs = {
                m.ref for m in countries if m.start in span and (m.via != "demonym" or stands_for_its_people(m.token))
            } | {o.ref for o in orgs if o.start in span and not o.titled}
            # "The Czech-led initiative ... delivered 1.8 million shells": the coalition acts (its
            # leader for it, see event).
            led = next((ref for start, ref in self._coalition_starts.items() if start in span), None)
            if led is not None:
                return led
            for mention in countries:
                if mention.start in span and (
                    mention.via != "demonym"
                    or mention.token.head.lemma_.lower() in self.state_nouns
                    or stands_for_its_people(mention.token)
                ):
                    return mention.value()
            for person in people:
                if person.start in span:
                    return person.ref
            for org in orgs:
                if org.start in span and not org.titled:
                    return org.ref
            words = " ".join(t.lower_ for t in subject.subtree)
            # "The coalition", "the drone coalition", "A coalition of countries led by Latvia and
            # the United Kingdom": the coalition named last (or just now).
            if subject.lemma_.lower() in {"coalition", "initiative"} and self.coalitions:
                return self.coalitions[-1][0]
            if words in self.company_anaphora and self.last_org is not None:
                self._subject_refs = {self.last_org}
                return self.last_org  # "the company had delivered": the organisation named last
            if subject.lower_ in {"he", "she"} and self.last_person is not None:
                return self.last_person.ref
            # "it", or a description of the country named before ("the Nordic country", "the
            # kingdom", "the Baltic state").
            described = self.description_pattern.fullmatch(words)
            saying = node.head if node.dep_ == "ccomp" else None
            if (
                subject.lower_ in {"it", "they"}
                and saying is not None
                and saying.lemma_.lower() in self.reporting_verbs
            ):
                # "Dassault said it had signed ...": "it" is who says so.
                sayer = next((c for c in saying.children if c.dep_ == "nsubj"), None)
                said = range(sayer.left_edge.idx, sayer.right_edge.idx + len(sayer.right_edge)) if sayer else range(0)
                for org in self._orgs:
                    if org.start in said and not org.titled:
                        self._subject_refs = {org.ref}
                        return org.ref
                for mention in countries:
                    if mention.start in said and mention.via != "demonym":
                        self._subject_refs = {mention.ref}
                        return mention.value()
                if sayer is not None and sayer.pos_ == "PROPN":
                    return None  # said by a name not read as an actor: not the country named before
            if subject.lower_ in {"it", "they"} or described:
                # The country that is the subject of another clause of this sentence, else of the
                # sentences before.
                here = next(
                    (
                        m
                        for m in countries
                        if m.token is not None and m.token.dep_ == "nsubj" and m.via in {"name", "capital"}
                    ),
                    None,
                )
                before = [here] if here is not None else []
                before += reversed(self.subject_countries)
                region = described.group("region") if described else None
                if region:
                    # "the Nordic country": the last of the region's (not Ukraine, named since)
                    before = [m for m in before if m.code in self.regions[region]]
                if before:
                    return before[0].value()
            return None
        return None

    def event_parties(self, event: Event, index, sentence, doc, top_token, members, countries, people, orgs, kinds):
        """Who takes part in the event, with the subject that acts, the countries that take part only
        as an acting official's, and the countries named that are not in the background; None when
        no one does."""
        cls, status = event.cls, event.status
        top = top_token.i
        # Who takes part: named countries (capitals for their governments), organisations, and the
        # countries of the people who act; a country only named as a place is where, not who.
        # "The European Union will lend Ukraine 90 billion euros ..., EU leaders agreed": the deed
        # embedded under the status verb has a doer of its own.
        # (a complement clause, not a clause beside it: "US delivers Patriot systems as Kyiv requests more")
        doers = [
            doc[i]
            for i in members
            if i != top
            and doc[i].dep_ == "ccomp"
            and doc[i].head.i == top
            and any(c.dep_ in {"nsubj", "nsubjpass"} for c in doc[i].children)
        ]
        subject = (self.subject_value(doers[0], countries, people) if doers else None) or self.subject_value(
            top_token, countries, people
        )
        parties: list[tuple[object, str, object]] = []  # (value, name, token)

        def add(value, name, token):
            ref = value_ref(value)
            if all((p[0]["ref"] if isinstance(p[0], dict) else p[0]) != ref for p in parties):
                parties.append((value, name, token))

        # (nor those of a relative clause that says something of another thing than the deed's own:
        # "a move that would diversify its air force away from U.S. suppliers"; but "approved a
        # budget that sets aside 11.5 billion euros for Ukraine" says what is approved)
        aside = {
            t.i
            for token in doc
            if token.dep_ == "relcl"
            and top not in {t.i for t in token.subtree}
            and token.i not in members
            and not (token.head.head.i in {top, *members} and token.head.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"})
            for t in token.subtree
        }
        outside = (
            self.background(doc, top_token, members) | self.other_deeds(doc, top) | self.described(doc, top) | aside
        )
        countries = [m for m in countries if m.token is None or m.token.i not in outside]
        orgs = [o for o in orgs if o.token is None or o.token.i not in outside]
        for mention in countries:
            if mention.place or self.is_channel(mention.token) or self.reports(mention.token, top_token):
                continue
            if re.search(r"\bnot\s+(?:(?:to|for|from|with|by|the)\s+)*$", sentence[: mention.start]):
                continue  # "will send Patriot interceptors to the United States ..., not to Ukraine"
            if mention.via == "capital" and not mention.known_capital:
                event.reasons.append(
                    f"{mention.stated!r} stands for {self.country_name(mention.code)}: its capital in country data, "
                    "not under that name in the graph's reference (add the name there to record the capital-for-government rule)"
                )
            if mention.via == "demonym" and not (
                mention.token is not None
                and (
                    {mention.token.head.lemma_.lower(), mention.token.head.lower_} & self.party_nouns
                    or stands_for_its_people(mention.token)
                )
            ):
                continue
            if (
                mention.token is not None
                and mention.token.dep_ in {"compound", "amod", "nmod"}
                and mention.token.head.lemma_.lower() in self.goods
                and mention.token.head.dep_ not in {"compound", "nmod", "amod"}  # "the US submarine industrial base"
            ):
                continue  # "US weapons for Ukraine", "German tanks": where the goods come from, no party
            self.country(mention.code, sentence, mention.stated)
            add(mention.value(), self.country_name(mention.code), mention.token)
        signing = cls == "Agreement" and status in {"signed", "agreed"}
        # "have set up a joint venture, Leonardo Rheinmetall Military Vehicles": the venture's
        # name is the venture, not a party to it.
        last_words = [doc[start + len(entry["words"]) - 1] for start, entry in kinds]
        kind_ends = {t.idx + len(t) for t in last_words}
        orgs = [
            o
            for o in orgs
            if not any(
                re.fullmatch(r",\s*(?:(?:called|named|known as)\s+)?(?:the\s+)?", sentence[e : o.start])
                for e in kind_ends
                if e <= o.start
            )
        ]
        for org in orgs:
            # An organisation named only in a title ("Saab's head of aeronautics") is a party when
            # its officer signs: he signs for it.
            if (
                org.cls != "GovernmentBody"
                and (not org.titled or signing)
                and not self.is_channel(org.token)
                and not self.reports(org.token, top_token)
            ):
                add(org.ref, org.label, org.token)
        if isinstance(subject, str) and subject.startswith("coalition/"):
            # "The coalition also plans to train ...": a coalition is no actor (ontology/shapes.ttl);
            # the country that leads it acts for it.
            for leader in sorted(self._led_by.get(subject, ())):
                add(leader, self.country_name(leader.split("/", 1)[1]), top_token)
                self._subject_refs.add(leader)
        officials = set()  # the countries that take part only as an acting official's
        for person in people:
            # "signed by Svyrydenko and ...": a person named again by surname acts in the office the
            # report gave her first.
            first = self.people.get(person.ref)
            office = person.office or (first.office if first is not None else None)
            if office is not None and office.code and self._acts(person, top_token):
                if f"country/{office.code}" not in {value_ref(p[0]) for p in parties}:
                    officials.add(f"country/{office.code}")
                add(self.country(office.code, sentence, office.code), self.country_name(office.code), person.token)
            elif office is not None and office.organisation and signing and self._acts(person, top_token):
                # "signed by SAMI chief executive Walid Abukhaled": an officer signs for his company
                add(office.organisation, self.org_label(office.organisation), person.token)
        if isinstance(subject, str) and subject.startswith("person/"):
            holder = self.people.get(subject)
            if holder is not None and holder.office is not None and holder.office.code:
                add(f"country/{holder.office.code}", self.country_name(holder.office.code), top_token)
        elif subject is not None:
            ref = value_ref(subject)
            if ref.startswith("country/"):
                add(subject, self.country_name(ref.split("/", 1)[1]), top_token)
            elif ref.startswith("organisation/"):
                # "the company had delivered": the organisation named last, named here or before
                label = next((o.label for o in orgs if o.ref == ref), None) or self.org_label(ref)
                add(subject, label, top_token)
        lowered = sentence.lower()
        phrase = next((phrase for phrase in self.party_anaphora if phrase in lowered), None)
        # "the two countries": the parties of the event before, or, for two, of the report's first
        # event of two (the pair it is about, not a pair of a background deed told since: "Germany
        # last year also ordered 35 F-35A jets from the United States. The two countries signed the
        # Trinity House agreement", in a report on Britain and Germany); as the doer before the
        # verb, with whomever else the sentence names ("The two countries are also jointly
        # developing a missile with Kongsberg and Diehl Defence").
        # "The two leaders", "the two ministers": the countries of the last two officials named.
        acting = phrase and (not parties or lowered.index(phrase) < top_token.idx)
        officials_named = acting and re.search(r"\b(?:leaders|presidents|ministers)\b", phrase)
        homes = (
            list(dict.fromkeys(p.office.code for p in self.people.values() if p.office and p.office.code))
            if officials_named
            else []
        )
        if len(homes) >= 2:
            for code in homes[-2:]:
                add(f"country/{code}", self.country_name(code), None)
            event.reasons.append("parties: the countries of the two officials named last")
        elif self.events and acting:
            pairs = [e for e in self.events if len(e.parties) == 2] if re.search(r"\b(?:two|both)\b", phrase) else []
            for value, name in (pairs[0] if pairs else self.events[-1]).parties:
                add(value, name, None)
            event.reasons.append("parties: those of the event before")
        if (
            not parties
            and cls == "Agreement"
            and status == "signed"
            and self.acting_countries
            and index - self.acting_countries[0] <= 4
            and re.match(rf"\s*(?:the|this|that)\s+(?:[\w-]+\s+)?(?:{'|'.join(self.document_nouns)})\b", lowered)
        ):
            # "The treaty establishing the organisation was signed in December 2023", after "Japan, the
            # United Kingdom and Italy launched ...": the countries that act in the report signed it.
            for value in self.acting_countries[1]:
                ref = value_ref(value)
                add(value, self.country_name(ref.split("/", 1)[1]), None)
            event.reasons.append("parties: the countries that act together in the sentences before")
            event.confidence = 0.65
        if not parties:
            return None
        return parties, subject, officials, countries

    def roles(self, event, doc, top_token, subject, parties, countries, people) -> None:
        cls = event.cls

        subject_ref = value_ref(subject) if subject is not None else None
        if isinstance(subject_ref, str) and subject_ref.startswith("person/"):
            holder = self.people.get(subject_ref)
            subject_ref = f"country/{holder.office.code}" if holder and holder.office and holder.office.code else None

        def is_subject(value) -> bool:
            return value_ref(value) == subject_ref or value_ref(value) in self._subject_refs

        if cls == "Agreement":
            for value, _, _ in parties:
                event.add("party", value)
            if event.status in {"signed", "agreed"}:
                signers = [p.ref for p in people if self._acts(p, top_token)]
                # "The contract was signed by X and Y": the agent's people sign, and only they.
                # (those named after "by": the parser hangs a second one on the verb at times)
                by = [child.i for child in top_token.children if child.dep_ == "agent"]
                background = self.background_words | self.background_nouns
                by_agent = [
                    p.ref
                    for p in people
                    if by
                    and p.token is not None
                    and p.token.i > by[0]
                    and not any(a.lower_ in background for a in p.token.ancestors)  # "in the presence of"
                ]
                signers = by_agent or signers
                if isinstance(subject, str) and subject.startswith("person/"):
                    signers.insert(0, subject)
                for ref in dict.fromkeys(signers):
                    event.add("signatory", ref)
        elif cls in self.events_reader.funding:
            for coalition in self._coalitions:
                event.add("recipient", coalition)
            for value, _, token in parties:
                ref = value_ref(value)
                # The country the money is for is its beneficiary ("has given Ukraine aid", "funds
                # drones for Ukraine"); a coalition or fund it is paid into, its recipient (as the
                # reviewed seed records them). Who receives money ("Romania will receive 16.6 billion
                # euros") is never who gives it.
                if event.receiving and is_subject(value):
                    event.add("beneficiary" if ref.startswith("country/") else "recipient", value)
                elif event.receiving and _preposition_of(token) == "from":
                    event.add("funder", value)  # "received 2 billion euros in aid from Germany"
                elif (
                    is_subject(value)
                    or (
                        # with no subject read, the first party gives, unless the money goes to it
                        subject_ref is None
                        and not event.facts.get("funder")
                        and _preposition_of(token) not in {"to", "for"}
                    )
                    # ... and all by whom it is done ("The fund was launched by Latvia and Britain")
                    or (_preposition_of(token) == "by" and not event.receiving)
                ):
                    event.add("funder", value)
                elif ref.startswith("country/"):
                    event.add("beneficiary", value)
                else:
                    event.add("recipient", value)
        elif cls == "Purchase" and event.selling:
            # "The State Department approved the sale of launchers to Poland": the subject sells;
            # of two that talk on a sale, the one the goods are said to be from ("India and France
            # are in talks on the sale of 26 French-made jets").
            origin = self.goods_origin(doc, countries, parties)
            for value, _, token in parties:
                if (
                    _preposition_of(token) == "to"
                    or (not is_subject(value) and subject_ref is not None)
                    or (origin is not None and value_ref(value) != origin)
                ):
                    event.add("buyer", value)
                else:
                    event.add("seller", value)
        elif cls == "Purchase":
            # "from South Korea's Hyundai Rotem": the company sells; the country is where it is from.
            makers = {value_ref(v) for v, _, t in parties if value_ref(v).startswith("organisation/")}
            # Of two that talk on or sign for a purchase, the one the goods come from sells ("Egypt
            # and France held talks on the purchase of 30 Rafale jets"); two that buy ("Germany and
            # Norway ordered Type 212 submarines") buy together, whoever makes the boats.
            bought = top_token.pos_ == "VERB" and top_token.lemma_.lower() in self.buying_verbs
            origin = (
                None
                if makers or bought
                else self.goods_origin(doc, countries, parties) or self.system_maker(doc, parties)
            )
            for value, _, token in parties:
                if value_ref(value) == origin and _preposition_of(token) not in {"for", "to"}:
                    event.add("seller", value)
                elif is_subject(value) or (
                    # with no subject read, the first party buys, unless goods are bought from it or
                    # for it ("the initiative to buy ammunition for Ukraine")
                    subject_ref is None
                    and not event.facts.get("buyer")
                    and _preposition_of(token) not in {"from", "for", "to"}
                ):
                    event.add("buyer", value)
                elif _preposition_of(token) in {"for", "to"} and value_ref(value).startswith("country/"):
                    # "bought vehicles for Ukraine", "a contract to supply missiles to Ukraine"
                    event.add("beneficiary", value)
                elif not (
                    makers and value_ref(value).startswith("country/") and token is not None and token.dep_ == "poss"
                ):
                    event.add("seller", value)
        elif cls == "Delivery":
            # "Ukraine requested five systems", "Kyiv has received tanks": the subject receives.
            asked = event.status == "requested" or event.receiving
            # "The launchers will be delivered in 2027, bringing Estonia's total to 12": goods
            # delivered with no one said to deliver them go to whom the sentence names
            unsaid = any(c.dep_ in {"nsubjpass", "auxpass"} for c in top_token.children) and not any(
                c.dep_ == "agent" for c in top_token.children
            )
            for value, _, token in parties:
                if unsaid and not asked and _preposition_of(token) not in {"from", "by", "with"}:
                    event.add("recipient", value)
                    continue
                # (with no subject read, as in "Kyiv to receive Gripen jets", the first party not
                # named after "from" receives)
                acting = is_subject(value) or (
                    subject_ref is None
                    and event.receiving
                    and not event.facts.get("recipient")
                    and _preposition_of(token) not in {"from", "by", "with"}
                )
                if (asked and (acting or _gapped(token))) or (
                    not asked and (_preposition_of(token) == "to" or (subject_ref is not None and not acting))
                ):
                    event.add("recipient", value)
                elif value_ref(value) not in {value_ref(v) for v in event.facts.get("recipient", [])}:
                    # Who hands it over: a company sells, a state (or coalition) gives (the
                    # ontology's Delivery: pact:seller or pact:funder, and pact:recipient).
                    event.add("seller" if value_ref(value).startswith("organisation/") else "funder", value)
        elif cls == "Coalition":
            for value, _, token in parties:
                if _preposition_of(token) == "for":
                    event.add("supports", value)
                else:
                    event.add("member", value)
        elif cls == "TrainingProgramme":
            # "Ukrainian pilots are being trained ... by Lockheed Martin": who is trained in the
            # passive is trained, not a trainer.
            trained = {t.i for c in top_token.children if c.dep_ == "nsubjpass" for t in c.subtree}
            for value, _, token in parties:
                if trained:
                    inside = is_subject(value) or (token is not None and token.i in trained)
                    event.add("beneficiary" if inside else "participant", value)
                elif is_subject(value) or (subject_ref is None and not event.facts.get("participant")):
                    event.add("participant", value)
                else:
                    event.add("beneficiary", value)
        else:
            for value, _, token in parties:
                # "building plants in Ukraine, Latvia and Germany": where; "builds submarines for
                # Israel": for whom. Neither produces.
                if (
                    (cls in PRODUCTION or cls == "JointVenture")
                    and value_ref(value).startswith("country/")
                    and _preposition_of(token) in {"in", "for"}
                ):
                    continue
                event.add("participant", value)
        if cls in PRODUCTION or cls == "JointVenture":  # a joint venture's plant is somewhere too
            for mention in countries:
                if (
                    (mention.place or mention.token is not None and mention.token.dep_ == "conj")
                    and _preposition_of(mention.token) == "in"
                    and mention.via == "name"
                ) or (
                    # "a new Lithuanian shell plant": where the plant is
                    mention.via == "demonym"
                    and mention.token is not None
                    and mention.token.dep_ in {"amod", "compound"}
                    and mention.token.head.lemma_.lower() in self.production_sites
                ):
                    event.add("productionLocation", self.country(mention.code, doc.text, mention.stated))

    def is_channel(self, token) -> bool:
        """Whether a name is the channel of an event rather than a party to it: the object of
        "through" or "via", or a part of one ("through NATO's list")."""
        return _preposition_of(token) in self.channel_prepositions

    def _acts(self, person: PersonMention, verb) -> bool:
        """Whether a person takes part in what `verb` says, rather than reporting it ("X said")."""
        token = person.token
        if token is None:
            return True
        # "..., Ukraine's Minister of Defense, Denys Shmyhal, said": the name stands beside the subject.
        while token.dep_ in {"appos", "compound"} and token.head.i != token.i:
            token = token.head
        if token.dep_ in {"nsubj"} and token.head.lemma_.lower() in self.reporting_verbs and token.head.i != verb.i:
            return False
        # ("..., Philippine Department of National Defense spokesperson Arsenio Andolong said",
        # however the parser hangs the name on the subject of saying)
        return not self.reports(person.token, verb)

    def reports(self, token, verb) -> bool:
        """Whether a name only reports what another does ("Saudi Arabia's GAMI said Chinese drone maker
        AVIC would build a factory"): it is the subject of a verb of saying, and the deed has a
        subject of its own, a name, or says by whom it was done; or it is what a deed is told
        "according to". ("Poland said it would buy", "... said the country would buy": it buys.)"""
        if token is None:
            return False
        source = token
        while source.dep_ in {"appos", "compound", "conj"} and source.head.i != source.i:
            source = source.head
        if source.dep_ == "pobj" and source.head.lower_ == "to" and source.head.head.lower_ == "according":
            return True  # "according to the Stockholm International Peace Research Institute": a source
        doc = token.doc
        # ", the General Authority for Military Industries (GAMI) said in a statement": a name
        # between the last comma and a verb of saying tells the deed, however the parser hung them.
        comma = max((t.i for t in doc[: token.i] if t.text == ","), default=None)
        after = next((t for t in doc[token.i + 1 :] if t.pos_ in {"VERB", "AUX"}), None)
        told_after_comma = (
            comma is not None
            and after is not None
            and after.i > verb.i
            and after.lemma_.lower() in self.reporting_verbs
            # (only the name between: not "..., France 16.2 billion and Hungary 15 billion, officials said")
            and not any(t.pos_ in {"VERB", "AUX", "NUM", "CCONJ"} or t.like_num for t in doc[comma + 1 : after.i])
        )
        while (
            token.dep_ in {"appos", "compound", "poss", "conj", "amod", "nmod", "pobj", "prep"}
            and token.head.i != token.i
        ):
            token = token.head
        saying = after if told_after_comma else token.head
        if not told_after_comma and (
            token.dep_ != "nsubj" or saying.lemma_.lower() not in self.reporting_verbs or saying.i == verb.i
        ):
            return False
        # "The agreement was signed ... by A and B, GAMI said": the deed names who did it
        if any(c.dep_ == "agent" for c in verb.children):
            return True
        own = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return bool(own) and own[0].pos_ == "PROPN" and own[0].i not in {t.i for t in token.subtree}

    def goods_origin(self, doc, countries, parties) -> str | None:
        """The party the goods are said to come from by a demonym before them ("26 French-made
        Rafale jets", "South Korean K2 tanks"), when two or more parties leave it unsaid; else None."""
        refs = {value_ref(v) for v, _, _ in parties}
        if len(refs) < 2:
            return None
        for mention in countries:
            if mention.via != "demonym" or mention.token is None or f"country/{mention.code}" not in refs:
                continue
            node = mention.token
            for _ in range(3):  # "French" -> "made" -> "jets"
                if node.i > mention.token.i and node.pos_ == "NOUN" and node.lemma_.lower() in self.goods:
                    return f"country/{mention.code}"
                if node.head.i == node.i or node.dep_ not in {"amod", "compound", "npadvmod", "nmod"}:
                    break
                node = node.head
        return None

    def system_maker(self, doc, parties) -> str | None:
        """The party whose industry makes the weapon system a sentence names ("Rafale": France), when
        it is the only such party of two or more; else None. Read for a purchase two talk on or
        sign for, not for a sale whose seller the sentence names ("The United States approved the
        sale of Patriot systems to Germany": the subject sells)."""
        refs = {value_ref(v) for v, _, _ in parties}
        pattern, origin = self.lex.system_origins
        makers = {f"country/{origin[m.group(1)]}" for m in pattern.finditer(doc.text)} & refs
        return next(iter(makers)) if len(refs) > 1 and len(makers) == 1 else None

    def made_for(self, event: Event, doc, verb, countries, parties: list) -> list:
        """ "Naval Group will build four frigates for Greece", "agreed that Mitsubishi Heavy
        Industries will build 11 frigates for the Australian navy": a company that makes goods for a
        country (or its forces) sells them to it; the event is a purchase, and its parties the two.
        The parties kept, as `parties` (unchanged when the words say no such thing)."""
        makers = {
            o.ref
            for c in verb.children
            if c.dep_ in {"nsubj", "agent"}
            for o in self._orgs
            if o.token is not None and o.token.i in {t.i for t in c.subtree}
        }
        goods = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in self.goods]
        ends = {verb.i} | {g.i for g in goods}
        buyers = {
            f"country/{m.code}"
            for m in countries
            if m.token is not None and any(a.lower_ == "for" and a.head.i in ends for a in m.token.ancestors)
        }
        sellers = makers & set(map(value_ref, event.facts.get("participant", [])))
        if not goods or not sellers or not buyers or len(buyers) > 1:
            return parties
        event.cls = "Purchase"
        event.facts.pop("participant", None)
        event.facts.pop("productionLocation", None)
        for ref in sorted(sellers):
            event.add("seller", ref)
        for ref in sorted(buyers):
            event.add("buyer", self.country(ref.split("/", 1)[1], doc.text, ref.split("/", 1)[1]))
        event.reasons.append("a company makes goods for a country: it sells them to it")
        kept = [p for p in parties if value_ref(p[0]) in sellers | buyers]
        kept += [
            (ref, self.country_name(ref.split("/", 1)[1]), None) for ref in buyers - {value_ref(p[0]) for p in kept}
        ]
        return kept

    @staticmethod
    def can_announce(subject) -> bool:
        """Whether a subject can be an event's announcer: not a coalition, which is no actor
        (ontology/shapes.ttl; its leader acts for it as a party)."""
        return subject is not None and not value_ref(subject).startswith("coalition/")
