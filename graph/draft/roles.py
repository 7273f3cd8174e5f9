"""Drafting, stage 2d: events, sentence after sentence. Each sentence's event mentions become events,
read in stages (EventRoles.event): whether a deed is told, the words that are its own, the kinds
they name, its class and status; then who takes part (parties.py) and what an agreement signed sets
up (agreements.py); its money, quantities and dates are attached here, from the sentence and from
the sentences that continue it ("the deal", "the document", "the Nordic country") (a mixin of
writing.Drafter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sources import slugify
from .agreements import AgreementDeeds
from .clauses import (
    _HUNG_ON_A_DEED,
    ClauseReader,
    _adverbial_of_its_own,
    _conjoined_head,
    _in,
    _own_clause,
    _quoted,
    _segment,
    _token_at,
    clause_of,
)
from .coreference import EventCoreference
from .events import (
    _COALITION_LED_BY,
    _LED_COALITION,
    _MEMBERS_INCLUDING,
    PRODUCTION,
    Event,
    _ancestors_and_self,
    _preposition_of,
    value_ref,
)
from .lexicon import is_headline
from .mentions import (
    DateMention,
    Mention,
    _canonical,
    _inside,
    countries_in,
    dates_in,
    gapped_amounts,
    money_in,
    quantities_in,
    settle_currencies,
)
from .parties import PartyRoles

# Classes of money a verb gives by itself ("earmark", "allocate", "lend", "invest", "donate"): the
# event is of the verb's kind whatever the money pays for; a pledge is not ("pledged to send mines"
# is a delivery).
MONEY_VERB_CLASSES = {"Allocation", "Loan", "Investment", "Donation", "Grant"}


@dataclass
class KindsFound:
    """The kinds of event an event's words name (token index, kind entry), by the part they play
    (see EventRoles.event_kinds)."""

    kinds: list  # all the event's own, once those named as purpose or counterpart are set apart
    under: list  # agreements the deed is done under ("will buy helicopters under a contract")
    money_verb: list  # the verb's own kind, where the verb gives money ("earmark", "lend")
    others: list  # the kinds that are no agreement
    agreements: list
    deeds: list  # what an agreement signed sets up ("an agreement to form a joint venture")
    expanding: bool  # money given to make goods ("$800 million to expand submarine production")


@dataclass
class EventClass:
    """The class an event is drafted as, its agreement kind and status, the words they come from
    (for the reason given), and what the verb says of the subject (see EventRoles.event_class)."""

    cls: str
    kind: str | None
    what: str  # the words the class comes from
    status: str
    words: str  # the words the status comes from
    won: bool = False  # the subject won the contract: it sells
    order_received: bool = False  # "received an order": won, not goods received
    signed_under: object = None  # the signed contract a purchase falls under (a token)
    promised: bool = False  # money promised in the future tense: pledged


class EventRoles(PartyRoles, AgreementDeeds, ClauseReader, EventCoreference):
    """Events, their roles and their details, sentence after sentence (see writing.Drafter)."""

    def read(self, index: int, sentence: str, doc) -> None:
        lex = self.lex
        if index == 0:  # a headline: a line of its own with no full stop
            self.headline_first = is_headline(sentence)
        money = money_in(sentence, lex)
        taken = [(m.start, m.end) for m in money]
        self._money_spans = taken
        self._money = money  # the sentence's sums (its events take them after they are matched)
        self._ordered_under = None
        self._deed_under = None  # the deed an agreement of this sentence sets up (deed_under)
        countries = [
            m
            for m in countries_in(doc, lex, self.capitals, self.capital_codes)
            if not any(s <= m.start < e for s, e in taken)  # "Norwegian crowns" is money, not Norway
        ]
        money = settle_currencies(money, {m.code for m in countries}, self.currencies_named, self.home)
        shares = gapped_amounts(sentence, money, countries, lex)
        self.currencies_named += [m.currency for m in money if not m.shared_by]
        countries, self._coalitions = self.coalitions_in(sentence, countries)
        orgs, consumed = self.organisations_in(doc, sentence, countries)
        countries = [m for m in countries if m.start not in consumed]
        # A capital named as a place ("met in Kyiv") names its country too, though it acts for none.
        self.countries_named.update(
            self.capital_codes.get(m.group(1)) or lex.capitals[m.group(1)]
            for m in self.capitals.finditer(sentence)
            if not _inside(doc.ents, m.start(), m.end(), {"PERSON", "ORG", "WORK_OF_ART", "FAC", "EVENT"})
        )
        for mention in countries:
            self.countries_named.add(mention.code)
            if mention.via == "name":
                # Every country the report names is one of its countries (an actor, a party, a
                # place), whether or not an event of it is drafted.
                self.country(mention.code, sentence, mention.stated)
        people = self.people_in(doc, sentence, orgs)
        named = [org.ref for org in orgs if not org.ref.startswith("body/")]
        self.last_org = named[-1] if named else self.last_org
        for person in people:
            self.office_claims(person, sentence)
        quantities = [q for q in quantities_in(doc, lex, taken) if not self.a_total(doc, q)]
        opening = sentence.strip().lower()
        self._new_matter = any(re.match(rf"{re.escape(w)}\b", opening) for w in self.new_matter)
        groups = self.groups(doc)
        dates = dates_in(doc, lex)
        self._dates = dates
        made = False

        # "The money comes from the 6.5 billion crowns the Danish parliament approved in October
        # ..., under which Copenhagen pays Ukrainian factories": a sum a deed's clause describes is
        # that deed's, not another's of the sentence (those deeds are read first).
        def described_sum(top: int):
            head = doc[top].head
            if doc[top].dep_ not in {"relcl", "acl"}:
                return None
            if head.dep_ == "appos":
                head = head.head  # ("the 6.5 billion crowns the Danish parliament approved", misparsed)
            return next((m for m in money if m.start <= head.idx < m.end), None)

        claimed: list = []
        used: list = []  # the sums the sentence's events took
        for top, members in sorted(groups.items(), key=lambda item: described_sum(item[0]) is None):
            event = self.event(index, sentence, doc, top, members, countries, people, orgs, bool(money))
            if event is None:
                continue
            made = True
            status, _ = self.status_of(doc, top, members)
            if event.under_signed_contract:
                status = "ordered"
            clause = self.event_clause(doc, top, members)
            described = described_sum(top)
            within = [described] if described else [m for m in money if _in(doc, m.start, clause) and m not in claimed]
            claimed += [described] if described else []
            used += within
            counted = [q for q in quantities if _in(doc, q.start, clause)]
            own = self.own_dates(doc, doc[top], members, [d for d in dates if _in(doc, d.start, clause)])
            order = self._ordered_under
            # "signed a contract for 180 tanks worth $6.5 billion": the tanks and the money are the
            # order's; the contract counts none and costs nothing of its own.
            self.attach(
                event, sentence, doc, [] if order is not None else within, counted, own, countries, status, clause
            )
            if shares and event.cls in self.events_reader.funding:
                self.share_out(event, shares, countries)
            if event.cls in self.events_reader.funding and len(within) >= 2 and order is None:
                self.split_by_deed(event, doc, within, countries)
                self.split_by_receiver(event, doc, within, countries)
            if order is not None:
                self.attach(order, sentence, doc, within, counted, [], countries, "ordered", clause)
                self._ordered_under = None
            if self._deed_under is not None:
                # "signed a contract for the licensed production of 240 engines": what is made counts them
                self.attach(self._deed_under, sentence, doc, [], counted, [], countries, None)
                self._deed_under = None
        if made:
            self.shares_of_before(index)
            self.sum_of_the_one_before(index, sentence, doc, [m for m in money if m not in used])
        last = self.events[-1] if self.events else None
        # "The agreement was signed on Nov. 30": the agreement named last, though another event
        # came between.
        if not made and re.search(
            rf"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:{'|'.join(self.document_nouns)})\b", sentence.lower()
        ):
            last = next(
                (e for e in reversed(self.events) if e.cls == "Agreement" and index - e.sentences[-1] <= 6), last
            )
        # "The frigate, worth around 1 billion euros, ...": the event of the goods it names, though
        # another came between.
        referred = self.referred_to(doc, index) if not made else None
        last = referred or last
        # A sentence that starts no event may say more of the one just before it (or of the one
        # whose goods it names, however far back).
        subjects = [
            m
            for m in countries
            if m.token is not None
            and m.via != "demonym"
            and (
                m.token.dep_ in {"nsubj", "nsubjpass"}
                or (m.token.dep_ == "poss" and m.token.head.dep_ in {"nsubj", "nsubjpass"})
            )
        ]
        follows = (
            not made
            and not self._new_matter
            and last is not None
            and (referred is not None or index - last.sentences[-1] <= (6 if last.cls == "Agreement" else 3))
            and (referred is not None or not self.of_another_subject(doc, last, subjects))
        )
        if follows and last.cls == "Agreement":
            self.signed_by(last, index, doc, groups, people)
        # "The money will be part of the Nansen programme, which totals 275 billion crowns": a sum a
        # relative clause gives is what it describes, not the event's; so is the budget money is
        # taken from ("funded from the UK's 3 billion pound annual military aid budget").
        described = {t.i for r in doc if r.dep_ == "relcl" or self.money_source(r) for t in r.subtree}
        money = [m for m in money if getattr(_token_at(doc, m.start), "i", None) not in described]
        if follows and (money or quantities or dates):
            # "The deal covers £3 billion a year", "production could begin next year": more about
            # the event before, not a new one.
            kinds = {entry["class"] for _, entry in self.events_reader.kinds_in(doc, set(range(len(doc))))}
            making = PRODUCTION | {"JointVenture"}
            delivering = "Delivery" in kinds and (last.cls in self.delivering_classes or last.order is not None)
            if delivering and last.cls == "Agreement" and last.order is not None:
                last = last.order  # "Deliveries are scheduled to start in 2026": of what the contract ordered
            if (
                self.events_reader.anaphoric(doc)
                or last.cls in kinds
                or (kinds & making and last.cls in making)
                or delivering
            ):
                said = None
                for top in groups:
                    said, _ = self.status_of(doc, top, groups[top])
                    subject = self.subject_value(doc[top], countries, people)
                    if said == "announced" and self.can_announce(subject):
                        last.add("announcedBy", subject)
                last = self.another_batch(last, index, said, quantities) or last
                last.sentences.append(index)
                last.reasons.append(f"sentence {index + 1} refers back to it")
                root = next(t for t in doc if t.dep_ == "ROOT")
                if last.order is not None:
                    # "The deal is valued at $2.6 billion": the contract's order costs it
                    if index not in last.order.sentences:
                        last.order.sentences.append(index)  # (its claims cite this sentence)
                    self.attach(last.order, sentence, doc, money, quantities, [], countries, None)
                    money, quantities = [], []
                self.attach(
                    last, sentence, doc, money, quantities, self.own_dates(doc, root, [], dates), countries, said
                )
                last.confidence = min(last.confidence, 0.7)
        # ... or whose institution is ("Norway's parliament approved ..."): "the Nordic country" next.
        # ('"Ukraine needs more air defence now," the minister said': a quote's subject is the
        # speaker's words, not the country the report goes on about)
        subjects = [m for m in subjects if not _quoted(m.token)]
        if subjects:
            self.subject_countries.append(subjects[0])
        # "Japan, the United Kingdom and Italy launched ...": countries that act together.
        together = [
            m
            for m in countries
            if m.token is not None and m.via == "name" and _conjoined_head(m.token).dep_ in {"nsubj", "nsubjpass"}
        ]
        if len({m.code for m in together}) >= 2:
            self.acting_countries = (index, list({m.code: m.value() for m in together}.values()))
        for person in people:
            if person.office is not None or person.token is not None and person.token.dep_ in {"nsubj", "nsubjpass"}:
                self.last_person = person

    def of_civil_matters(self, doc, agreements: list) -> bool:
        """Whether the agreements an event names are only on matters no defence report records ("on
        trade and energy", "on visas"): what they are on, and all of it, is a civil matter."""
        topics = [
            o
            for start, _ in agreements
            for p in doc[start].children
            if p.dep_ == "prep" and p.lower_ in {"on", "in", "for", "regarding", "concerning"}
            for o in p.children
            if o.dep_ == "pobj"
        ]
        topics += [c for o in topics for c in o.conjuncts]
        return bool(topics) and all(t.lemma_.lower() in self.civil_topics for t in topics)

    def another_batch(self, last: Event, index: int, said: str | None, quantities) -> Event | None:
        """A training programme's batch to come after those trained, or the reverse, told of a
        sentence that refers back to it with a count of its own ("The mission has trained more than
        80,000 soldiers", then "The mission ... will train another 15,000 next year"): the same
        programme's parties, an event of its own; else None."""
        if last.cls != "TrainingProgramme" or not quantities or {last.status, said} != {"planned", "delivered"}:
            return None
        batch = Event(last.cls, said, index, None, sentences=[], confidence=last.confidence)
        for key in ("participant", "beneficiary"):
            for value in last.facts.get(key, []):
                batch.add(key, value)
        batch.facts["status"] = [f"status/{said}"]
        batch.parties, batch.names = list(last.parties), list(last.names)
        batch.reasons.append(f"status {said!r}: another batch of the programme of sentence {last.sentence + 1}")
        self.events.append(batch)
        return batch

    def coalitions_in(self, sentence: str, countries: list[Mention]) -> tuple[list[Mention], list[str]]:
        """ "a U.K.-led maritime coalition for Ukraine": a coalition, led by one country, for
        another. The leader is the coalition's, not a party of the sentence's other events."""
        found = []
        self._coalition_starts: dict[int, str] = {}
        for match in _LED_COALITION.finditer(sentence):
            # The country just before "-led" ("The Czech-led initiative": Czech, named by its adjective too).
            leader = next((m for m in countries if m.end == match.end("leader")), None)
            if leader is None:
                continue
            countries = [m for m in countries if m is not leader]
            label = sentence[leader.start : match.end()]
            supported = next((m for m in countries if match.start("for") >= 0 and m.start == match.start("for")), None)
            known = self.known.named(label, ("Coalition",), cutoff=92)
            ref = known.ref if known else f"coalition/{slugify(label)}"
            # "Sweden joins the Latvia-led drone coalition": a member.
            joining = re.search(r"\bjoin(?:s|ed|ing)?\s+(?:the\s+|a\s+)?$", sentence[: match.start()])
            members = [m for m in countries if joining and m.end <= joining.start() and m.via != "demonym"]
            countries = [m for m in countries if m not in members]
            facts = {}
            self._led_by.setdefault(ref, set()).add(f"country/{leader.code}")
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
            self._coalition_starts[match.start()] = ref
        countries = self.coalition_led_by(sentence, countries, found)
        if self.coalitions and re.search(r"\b(?:coalition|initiative)\b", sentence, re.I):
            listed = _MEMBERS_INCLUDING.search(sentence)
            members = [m for m in countries if listed and m.start >= listed.end() and m.via == "name"]
            if members:
                # "The drone coalition ... now counts 18 members, including Sweden, the Netherlands ...".
                ref = found[-1] if found else self.coalitions[-1][0]
                self.claim(
                    sentence,
                    ref,
                    0.8,
                    "coalition: the countries a sentence about it lists among its members",
                    facts={"member": [self.country(m.code, sentence, m.stated) for m in members]},
                )
                countries = [m for m in countries if m not in members]
        return countries, found

    def coalition_led_by(self, sentence: str, countries: list[Mention], found: list[str]) -> list[Mention]:
        """ "A coalition of countries led by Latvia and the United Kingdom": the coalition the report
        named already (its headline's "Latvia-led drone coalition"), else a new one, led by each."""
        match = _COALITION_LED_BY.search(sentence)
        if match is None:
            return countries
        leaders = [m for m in countries if match.start("leaders") <= m.start < match.end("leaders") and m.via == "name"]
        if not leaders:
            return countries
        codes = {m.code for m in leaders}
        ref = next(
            (r for r, _ in reversed(self.coalitions) if any(f"country/{c}" in self._led_by.get(r, ()) for c in codes)),
            None,
        )
        keys = {}
        if ref is None:
            label = f"{'–'.join(self.country_name(m.code) for m in leaders)}-led coalition"
            ref = f"coalition/{slugify(label)}"
            if self.new(ref):
                keys = {"type": "Coalition", "label": label}
            self.coalitions.append((ref, label))
        # A coalition is led by one country (ontology/shapes.ttl): a second leader named ("led by
        # Latvia and the United Kingdom") is not drafted as one; the reviewer may record co-leaders.
        new_leaders = [] if self._led_by.get(ref) or len(leaders) > 1 else leaders
        if new_leaders or keys:
            self.claim(
                sentence,
                ref,
                0.8,
                "coalition: 'a coalition ... led by <countries>'",
                facts={"ledBy": [self.country(m.code, sentence, m.stated) for m in new_leaders]} if new_leaders else {},
                **keys,
            )
            self._led_by.setdefault(ref, set()).update(f"country/{m.code}" for m in new_leaders)
        found.append(ref)
        return [m for m in countries if m not in leaders]

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
                and node.head.i != node.i
            ):
                if _own_clause(node) or _adverbial_of_its_own(node) or node.head.i not in _segment(doc, i):
                    break  # "..., and the government has approved the purchase of launchers": a deed of its own
                if self.own_relative_clause(node) or (
                    node.dep_ == "relcl"
                    and any(c.dep_ == "nsubj" and c.tag_ == "PRP" for c in node.children)
                    # (not goods told as bought: "received the first of three frigates it ordered")
                    and node.lemma_.lower() not in self.buying_verbs
                ):
                    # "a memorandum under which Airbus was to assemble the jets", "asked for the
                    # tanks to replace those it sent to Ukraine": another deed
                    break
                if self.own_object_deed(node, triggers):
                    break  # "has pledged 3 billion pounds ... and has trained 50,000 recruits": two deeds
                node = node.head
                if node.i in triggers:
                    top = node
            groups.setdefault(top.i, []).append(i)
        return groups

    @staticmethod
    def budget_year(verb) -> bool:
        """Whether money is said to be for a year ("for 2026"), on the verb or what it governs."""
        return any(
            t.lower_ == "for" and any(c.dep_ == "pobj" and re.fullmatch(r"(?:19|20)\d\d", c.text) for c in t.children)
            for t in verb.subtree
        )

    def is_future(self, token) -> bool:
        """ "will sign", "Ukraine will use the money to buy": a future or modal auxiliary on the
        verb or on the verb it completes."""
        node = token
        for _ in range(4):
            if self.events_reader.is_future(node):
                return True
            if node.dep_ not in {"xcomp", "advcl", "conj"} or node.head.i == node.i or _own_clause(node):
                return False
            node = node.head
        return False

    def status_of(self, doc, top: int, members: list[int]) -> tuple[str, str]:
        status, words = self._triggers[top]
        verb = doc[top]
        # "Talks between Poland and South Korea on buying 180 tanks continued": the buying is talked of
        talks = next(
            (a for a in verb.ancestors if a.lemma_.lower() in self.events_reader.talk_nouns and a.pos_ == "NOUN"), None
        )
        if talks is not None and verb.tag_ == "VBG":
            return "negotiating", f"{talks.text} on {verb.text}"
        if status in self.events_reader.made_future and self.is_future(doc[top]):
            return "planned", f"will {words}"
        paid_nothing = verb.lemma_.lower() == "pay" and not self._money_spans  # ("paid for ammunition")
        if (
            verb.lemma_.lower() in self.given_when_past
            and not paid_nothing
            and (
                verb.tag_ == "VBD"
                or (verb.tag_ == "VBN" and any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children))
            )
        ):
            return "delivered", verb.text
        # "Rheinmetall is building plants", "TKMS builds submarines", "began building a factory":
        # making now, not a plan.
        if verb.lemma_.lower() in self.making_now and (
            verb.tag_ in {"VBZ", "VBP"}
            or (verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children))
            # "frigates, being built by BAE Systems", "are being assembled in Poland"
            or (verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children))
            or (
                verb.dep_ == "xcomp"
                and verb.head.lemma_.lower() in {"begin", "start"}
                and verb.head.tag_ in {"VBD", "VBZ", "VBP", "VBN"}
            )
        ):
            return "in-production", verb.text
        return status, words

    def event(self, index, sentence, doc, top, members, countries, people, orgs, money_here=False) -> Event | None:
        """The event a sentence's mention tells (its verb `top`, with the status words `members`), its
        roles filled: the event before when it is the same one told again, None when the words
        propose none. Read in stages: whether a deed is told at all (no_deed), the words that are the
        event's own (event_tokens), the kinds they name (event_kinds), the class and status these make
        (event_class, then corrected_class), who takes part (event_parties), then the roles."""
        reader = self.events_reader
        self._orgs = orgs
        top_token = doc[top]
        if self.no_deed(doc, top_token, members):
            return None
        status, words = self.status_of(doc, top, members)
        tokens = self.event_tokens(doc, top_token, members)
        found = self.event_kinds(doc, top_token, members, tokens, money_here)
        chosen = self.event_class(doc, top_token, members, tokens, found, status, words, countries, money_here)
        if chosen is None:
            return None
        chosen = self.corrected_class(doc, top_token, tokens, found, chosen, money_here)
        if chosen is None:
            return None
        cls, kind, what, status, words = chosen.cls, chosen.kind, chosen.what, chosen.status, chosen.words
        kinds = found.kinds
        event = Event(cls, status, index, kind, sentences=[index])
        totals = self.total_clauses(doc)
        event.goods = {doc[i].lemma_.lower() for i in tokens - totals if doc[i].lemma_.lower() in self.goods}
        event.promised = chosen.promised
        event.under_signed_contract = chosen.signed_under is not None
        event.also = any(c.dep_ == "advmod" and c.lower_ in self.also_words for c in top_token.children)
        # The verb that governs, not one it governs; or the verb a phrase of status governs ("is
        # set to receive").
        event.receiving = (top_token.lemma_.lower() in self.receiving_verbs and not chosen.order_received) or any(
            c.dep_ == "xcomp" and c.lemma_.lower() in self.receiving_verbs for c in top_token.children
        )
        # ... or is awarded the contract ("Lockheed Martin has been awarded a $9.8 billion contract")
        awarded_to_subject = top_token.lemma_.lower() in self.awarding_verbs and (
            any(c.dep_ == "nsubjpass" and c.lemma_.lower() not in self.awarded_nouns for c in top_token.children)
            # (not "A contract ... was awarded to Tatra"); a headline drops the "was" ("Lockheed Martin
            # awarded $4.5 billion contract"), and tells an award made in the present ("Army awards ...")
            or (
                index == 0
                and self.headline_first
                and top_token.tag_ in {"VBD", "VBN"}
                and not any(c.dep_ in {"dative", "iobj"} for c in top_token.children)
            )
        )
        event.selling = any(doc[k[0]].lemma_.lower() in self.selling_words for k in kinds) or (
            cls == "Purchase" and (chosen.won or awarded_to_subject)
        )
        event.reasons.append(f"status {status!r} from {words!r}; {cls} from {what!r}")
        found_parties = self.event_parties(
            event, index, sentence, doc, top_token, members, countries, people, orgs, kinds
        )
        if found_parties is None:
            return None
        parties, subject, officials, countries = found_parties
        if cls in PRODUCTION and self.makes_goods_before(event, doc, top_token, subject):
            return None
        self.roles(event, doc, top_token, subject, parties, countries, people)
        if cls == "ProductionProgramme":
            making = next((doc[k] for k, e in kinds if e["class"] == cls and doc[k].pos_ == "VERB"), top_token)
            parties = self.made_for(event, doc, making, countries, parties)
        if not event.facts:
            return None
        event.facts["status"] = [f"status/{status}"]
        if kind:
            event.facts["agreementKind"] = [f"agreement-kind/{kind}"]
        if status == "announced" and self.can_announce(subject):
            event.add("announcedBy", subject)
        event.names = [p[1] for p in parties]
        event.parties = [(p[0], p[1]) for p in parties]
        event.confidence = 0.8 if len(parties) >= 2 or cls in reader.funding else 0.65
        # "Norway ordered four submarines in 2021": a year before the report's, a deed of its own.
        clause = self.event_clause(doc, top, members)
        published = str(self.source.published)[:4]
        event.years = {
            d.value[:4]
            for d in self.own_dates(doc, top_token, members, [d for d in self._dates if _in(doc, d.start, clause)])
            if d.value and not d.intended and d.value[:4] < published
        }
        if cls == "Agreement" and status in {"signed", "agreed"}:
            self.purchase_under(event, index, doc, top_token, subject, parties, countries, people)
            if found.deeds:
                self.deed_under(event, found.deeds[0][1], index, doc, top_token, subject, parties, countries, people)
        earlier = self.same_event(event, sentence.lower(), what)
        if earlier is not None:
            self.officials_for_companies(event, earlier, officials)
            earlier.merge(event, self.progression)
            if earlier.sentence == 0 and self.headline_first:
                self.headline_country_is_its_company(earlier, event)
            return earlier
        self.events.append(event)
        return event

    def no_deed(self, doc, top_token, members) -> bool:
        """Whether the mention at `top_token` tells no deed: one not done, one that may be, one
        criticised, one said of a thing."""
        reader = self.events_reader
        top = top_token.i
        if any(reader.negated(doc, doc[i]) for i in members):
            return True  # "did not sign", "refused to buy": no deed
        if reader.possible(top_token):
            return True  # "companies may supply equipment": what may be, no plan
        if any(c.lower_ == "what" and c.dep_ in {"dobj", "nsubj", "nsubjpass"} for c in top_token.children):
            return True  # "countries will have to choose what they buy with it": no deal, whatever is bought
        if any(
            a.lemma_.lower() in self.criticism_verbs and ";" not in doc[min(a.i, top) : max(a.i, top)].text
            for a in top_token.ancestors
        ):
            return True  # "Moscow criticised Germany for supplying missiles": criticism relayed, no event proposed
        if (
            top_token.dep_ == "acl"
            and top_token.tag_ == "VBN"
            and top_token.head.pos_ in {"NOUN", "PROPN", "NUM"}  # ("a deal worth $8.1 billion signed in 2022")
            and not any(c.dep_ in {"agent", "nsubj"} for c in top_token.children)
            and top_token.head.lemma_.lower() not in self.state_nouns
            # (a participle takes no object: "Romania's Supreme Council ... approved on Tuesday the
            # purchase of ...", parsed so, is the council's deed)
            and not any(c.dep_ == "dobj" for c in top_token.children)
        ):
            # "aid delivered after the signing can count as...": said of a thing ("The package,
            # funded by the Netherlands and Denmark, ..." says who did it: a deed; so does "the 6.5
            # billion crowns the Danish parliament approved", however parsed)
            return True
        return False

    def event_tokens(self, doc, top_token, members) -> set[int]:
        """The words of a sentence that are the event's own: the mention's and those it governs, not
        its subject's, nor those of clauses and phrases that tell something else."""
        top = top_token.i
        tokens = {t.i for i in members for t in doc[i].subtree} | set(members)
        if top_token.dep_ == "relcl" and not self.own_relative_clause(top_token):
            # "a military aid package Spain pledged": the package is what was pledged (not "an
            # agreement under which Naval Group will build a frigate": the deed is the building)
            tokens |= {t.i for t in top_token.head.subtree}
        # "The coalition plans to send drones": the subject acts; what it does is the event. (The
        # subject of a passive is what was done: "The contract was signed by...")
        for i in members:
            for child in doc[i].children:
                if child.dep_ == "nsubj":
                    tokens -= {t.i for t in child.subtree}
                # "The contract is being fulfilled in full, the fourth and fifth sets will be
                # delivered": a clause of its own the parser hangs on the deed says something else
                if child.i not in members and (_own_clause(child, _HUNG_ON_A_DEED) or _adverbial_of_its_own(child)):
                    tokens -= {t.i for t in child.subtree}
        # A relative clause says something of a thing ("180 tanks, of which 100 have been
        # delivered"): its kind words are not this event's.
        # So does a participle with a doer of its own ("frigates, being built by BAE Systems, will be
        # delivered in 2034"; not "the 2 billion pounds of aid set aside for Ukraine").
        for token in doc:
            describes = token.dep_ == "relcl" or (
                token.dep_ == "acl" and token.tag_ in {"VBN", "VBG"} and any(c.dep_ == "agent" for c in token.children)
            )
            if describes and top not in {t.i for t in token.subtree}:
                tokens -= {t.i for t in token.subtree}
        tokens &= self.own_part(doc, top, clause_of(doc, top_token))
        # "Including a special fund for the armed forces, Germany will spend...", "after signing a deal
        # with France, ...": a kind named in the background is not this event's.
        tokens -= self.background_phrases(doc, top_token, members)
        # "granted Britain a licence to build the drone", "a licence to make shells": the deed is
        # done under the licence it is given by, licensed production.
        licence = self.licence_for(doc, top_token)
        if licence is not None:
            tokens.add(licence.i)
        return tokens

    def event_kinds(self, doc, top_token, members, tokens: set[int], money_here: bool) -> KindsFound:
        """The kinds of event the event's words name, sorted by the part each plays: what money is
        given for, what a deed is done under, what an agreement sets up."""
        reader = self.events_reader
        top = top_token.i
        # (not a kind said not to be: "in talks over the purchase of jets, though no deal is imminent")
        kinds = [k for k in reader.kinds_in(doc, tokens) if not any(c.lower_ == "no" for c in doc[k[0]].children)]
        if (
            kinds
            and all(k[1]["class"] == "ProductionProgramme" and doc[k[0]].pos_ == "VERB" for k in kinds)
            and not (reader.weapon_in(doc) or any(t.lemma_.lower() in self.goods for t in doc))
        ):
            kinds = []  # "build a maintenance plant": production of what defence reports count, or none
        # "Copenhagen pays Ukrainian factories to produce weapons", "has paid $800 million to expand
        # submarine production": what money is paid for is not the payment's kind.
        # So too money pledged to buy ("have pledged more than 3 billion dollars to buy U.S. weapons
        # for Ukraine"): a pledge, whatever it buys.
        expanding = False  # money given to make goods (below)
        if top_token.lemma_.lower() in self.pledging_verbs or (
            money_here and reader.funding & {k[1]["class"] for k in kinds if k[0] == top}
        ):
            # (the purpose the verb's, or its money's: "$800 million to expand production")
            given = [c for c in top_token.children if c.dep_ == "dobj"]
            purpose = {
                t.i
                for c in [*top_token.children, *(g for o in given for g in o.children)]
                if (c.dep_ in {"advcl", "xcomp"} or (c.dep_ == "acl" and c.head.i != top))
                and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
                for t in c.subtree
            }
            bought = PRODUCTION | ({"Purchase", "Delivery"} if money_here else set())
            expanding = any(k[0] in purpose and k[1]["class"] in PRODUCTION for k in kinds)
            # ... so too what the money goes to, when money is given ("will contribute 500 million
            # kroner to a joint fund for Ukrainian drone production": others make the drones)
            if money_here:
                purpose |= {
                    t.i
                    for c in top_token.children
                    if c.dep_ == "prep" and c.lower_ in {"to", "into"}
                    for t in c.subtree
                }
            kinds = [k for k in kinds if k[0] not in purpose or k[1]["class"] not in bought]
        # "Sweden pledged money to the drone coalition": a kind named as the counterpart (after
        # to, from or with) is not the event's, nor is the status verb's own kind when another
        # word names one ("pledged to send mines" is a delivery, "an aid package Spain pledged" a
        # donation).
        counterparts = [
            k for k in kinds if doc[k[0]].dep_ == "pobj" and doc[k[0]].head.lower_ in {"to", "from", "with"}
        ]
        kinds = [k for k in kinds if k not in counterparts] or kinds
        # A coalition is the event only where it is what is done ("formed a coalition"), not where
        # money or goods go to it ("would spend 10 million euros on drones for the coalition").
        kinds = [k for k in kinds if k[1]["class"] != "Coalition" or doc[k[0]].dep_ == "dobj"]
        # "plans to buy 12 jets ... under a contract signed in June", "will buy helicopters under a
        # contract", "to buy 25 jets in 5 billion euro deal": the contract is what the deed falls
        # under; the deed is the purchase.
        under = [
            k
            for k in kinds
            if k[1]["class"] == "Agreement"
            and doc[k[0]].dep_ == "pobj"
            and doc[k[0]].head.lower_ in {"under", "within", "in"}
        ]
        # ... so too goods received under one ("Ukraine is set to receive 150 jets from Sweden under
        # a letter of intent"): the goods' delivery, though no other word names a kind.
        receiving_goods = any(
            doc[i].lemma_.lower() in self.receiving_verbs - {"ask", "request"} for i in [top, *members]
        ) and any(t.lemma_.lower() in self.goods and t.pos_ == "NOUN" for t in doc)
        kinds = [k for k in kinds if k not in under] or ([] if receiving_goods else kinds)
        # "to buy 96 Apache helicopters under EU SAFE loans", "with money borrowed under the SAFE
        # instrument": the money goods are paid with is how the deed is paid, not the deed (not
        # where money is given to buy them: "will provide $30 million to buy radars for Ukraine
        # through a NATO trust fund" is a pledge).
        giving = any(doc[i].lemma_.lower() in self.pledging_verbs | self.funding_verbs for i in [top, *members])
        if not giving and any(k[1]["class"] in PRODUCTION | {"Purchase", "Delivery"} for k in kinds):
            kinds = [
                k
                for k in kinds
                if k[1]["class"] not in reader.funding
                or not any(a.dep_ == "prep" and a.lower_ in self.means_prepositions for a in doc[k[0]].ancestors)
            ]
        own = [k for k in kinds if k[0] == top]
        # Money the verb itself gives ("has earmarked 500 million in aid", "will lend 500 million
        # euros ... to expand production"): the verb's kind, whatever the money is for (below).
        money_verb = [k for k in own if k[1]["class"] in MONEY_VERB_CLASSES]
        if not money_verb:
            kinds = [k for k in kinds if k not in own] or kinds
        others = [k for k in kinds if k[1]["class"] != "Agreement"]
        agreements = [k for k in kinds if k[1]["class"] == "Agreement"]
        # What an agreement signed sets up ("a joint venture agreement", "an agreement to form a
        # joint venture", "a licence to build"): an event of its own (see deed_under).
        deeds = [k for k in others if k[1]["class"] in self.deeds_under_agreements]
        return KindsFound(kinds, under, money_verb, others, agreements, deeds, expanding)

    def event_class(
        self,
        doc,
        top_token,
        members,
        tokens: set[int],
        found: KindsFound,
        status: str,
        words: str,
        countries,
        money_here,
    ) -> EventClass | None:
        """The class of the event, its kind and its status, from the kinds its words name, its verb
        and its money; None when they make no event."""
        reader = self.events_reader
        top = top_token.i
        kinds, money_verb, others, agreements = found.kinds, found.money_verb, found.others, found.agreements
        expanding = found.expanding
        # "Rheinmetall has received an order from the German armed forces": an order received is
        # one won, not goods received.
        order_received = top_token.lemma_.lower() in {"receive", "obtain", "get"} and any(
            c.dep_ == "dobj" and c.lemma_.lower() in self.awarded_nouns for c in top_token.children
        )
        if order_received and status == "delivered":
            status, words = "ordered", f"{words} (an order)"
        won = top_token.lemma_.lower() in self.winning_verbs or order_received
        if won and not (agreements or any(k[1]["class"] == "Purchase" for k in others)):
            return None  # "secured 5 billion euros in funding", "won approval": no contract won
        chosen = (
            top_token.dep_ in {"xcomp", "advcl"}
            and top_token.head.lemma_.lower() in self.choosing_verbs
            and any(k[1]["class"] in PRODUCTION | {"Delivery"} for k in kinds)
        )
        if chosen:
            # "Australia has chosen Mitsubishi Heavy Industries to build 11 frigates": an order
            # planned, the chooser buying from the maker chosen.
            cls, kind, what, status, words = "Purchase", None, "a maker chosen", "planned", top_token.head.text
        elif agreements and top_token.lemma_.lower() in self.awarding_verbs:
            # "The Pentagon awarded Lockheed Martin a contract to produce interceptors": an order,
            # the awarder buying and the company awarded selling.
            cls, kind, what = "Purchase", None, f"a {doc[agreements[0][0]].text} awarded"
        elif won:
            # "Rheinmetall has won a contract from the Netherlands", "secured an order from Romania":
            # an order, the winner selling (see event.selling below).
            cls, kind, what = "Purchase", None, "a contract won"
        elif agreements and status in {"signed", "agreed", "negotiating", "planned", "approved", "announced"}:
            start, entry = max(agreements, key=lambda k: len(k[1]["words"]))
            cls, kind = "Agreement", entry.get("agreement_kind")
            if kind == "agreement" and any(k[1]["class"] == "CoProduction" for k in others):
                kind = "co-production-agreement"
            what = " ".join(entry["words"])
        elif status == "signed" and others:
            # "signed the order with Saab", "signed for deliveries of jets": what is signed is a
            # document, a contract (an order too, see purchase_under).
            cls, kind, what = "Agreement", "contract", f"a signed {doc[others[0][0]].text}"
        elif others:
            # "the 2 billion pounds of military aid set aside for Ukraine", "has earmarked 500 million
            # euros in military aid": money set aside is an allocation, whatever it is set aside as.
            set_aside = money_verb or [
                k
                for k in others
                if k[1]["class"] == "Allocation" and doc[k[0]].tag_ == "VBN" and doc[k[0]].dep_ in {"acl", "amod"}
            ]
            start, entry = min(set_aside or others, key=lambda k: (-len(k[1]["words"]), abs(k[0] - top)))
            cls, kind = entry["class"], None
            if (
                cls == "Pledge"
                and status != "pledged"
                and any(k[1]["class"] in reader.funding - {"Pledge"} for k in others)
            ):
                cls = next(k[1]["class"] for k in others if k[1]["class"] in reader.funding - {"Pledge"})
            if cls == "ProductionProgramme" and any(k[1]["class"] == "LicensedProduction" for k in others):
                cls = "LicensedProduction"  # "will assemble jets at its plant under a licence from Saab"
            what = " ".join(entry["words"])
        elif (
            money_here
            and top_token.lemma_.lower() == "pay"
            and any(
                t.lemma_.lower() in self.goods
                and any(a.lower_ == "for" and (a.head.i == top or a.head.head.i == top) for a in t.ancestors)
                for t in doc
            )
            # ... unless it pays for another ("will pay for weapons for Ukraine"): that funds them.
            and not any(_preposition_of(m.token) == "for" for m in countries if m.token is not None)
        ):
            # "Denmark will pay 1.2 billion kroner for 18 howitzers": money paid for goods buys them
            # (paid, they are bought: ordered, not yet delivered).
            cls, kind, what = "Purchase", None, "money paid for goods"
            if status == "delivered":
                status = "ordered"
        elif top_token.lemma_.lower() in self.pledging_verbs and (money_here or self.goods_given(doc, top_token)):
            # Money given: promised, or, when given already ("has given"), a donation made; goods
            # given, with what they are worth ("will give the Philippines five radar systems worth
            # 1.6 billion yen"), a donation, made or to come.
            goods = self.goods_given(doc, top_token)
            cls = "Donation" if status == "delivered" or goods else "Pledge"
            what = "goods given" if goods else "a sum of money given"
            if cls == "Donation" and not goods and expanding:
                # "has paid a further $800 million to the United States to expand submarine
                # production": money put into another's making of goods, invested in it.
                cls, what = "Investment", "money paid to make goods"
            # "Britain has committed 2 billion pounds to the programme": money set aside for a
            # programme, no gift to another.
            to = [p.children for p in top_token.children if p.dep_ == "prep" and p.lower_ in {"to", "into", "for"}]
            if cls == "Pledge" and any(
                o.dep_ == "pobj" and o.lemma_.lower() in self.programme_nouns for c in to for o in c
            ):
                cls, what = "Allocation", "money committed to a programme"
            kind = None
        elif status in self.default_class:
            if not self.names_goods(doc, tokens):
                return None  # "ordered a review of the pact", "had asked for permission": no goods, no deal
            cls, kind, what = self.default_class[status], None, f"the verb {words!r}"
        elif money_here and self.goods_of_a_worth(doc, tokens):
            # "is negotiating with KAI for 12 more FA-50 aircraft worth about 36 billion pesos": the
            # sum is what goods counted are worth, a purchase, not money set aside.
            cls, kind, what = "Purchase", None, "goods of a stated worth"
        elif money_here:
            cls, kind, what = self.money_class, None, "a sum of money"
        elif any(doc[i].lemma_.lower() in self.receiving_verbs - {"ask", "request"} for i in [top, *members]) and any(
            t.lemma_.lower() in self.goods and t.pos_ == "NOUN" for t in doc
        ):
            # "Kyiv is set to receive 20 Patriot launchers from Germany": goods received, delivered.
            cls, kind, what = "Delivery", None, "goods received"
        else:
            return None  # a status with nothing named: no event to propose
        if cls in PRODUCTION and any(
            doc[i].lemma_.lower() in self.funding_verbs for i in [top, *members] if i in _segment(doc, top)
        ):
            # "will jointly fund the production of 100,000 drones for Ukraine", "agreed to finance the
            # production of long-range weapons": who funds making goods pays for them, and makes none
            cls, kind, what = "Pledge", None, "money to make goods"
            status = "pledged" if status == "agreed" else status
        return EventClass(cls, kind, what, status, words, won=won, order_received=order_received)

    def corrected_class(
        self, doc, top_token, tokens: set[int], found: KindsFound, chosen: EventClass, money_here
    ) -> EventClass | None:
        """The class and status chosen, corrected by what the words around say: a share of a trade is
        no delivery, a stake bought an investment, a year's aid budget an allocation, what a signed
        contract covers ordered...; None when they make no event."""
        cls, kind, what, status, words = chosen.cls, chosen.kind, chosen.what, chosen.status, chosen.words
        under = found.under
        if cls == "Agreement" and self.of_civil_matters(doc, found.agreements):
            return None  # "The two leaders are expected to sign agreements on trade and energy": no defence
        if (
            cls == "Agreement"
            and found.agreements
            and all(doc[start].tag_ == "NNS" for start, _ in found.agreements)
            and any(c.dep_ == "prep" and c.lower_ == "since" for c in top_token.children)
        ):
            # "has signed contracts worth more than 50 billion dollars with U.S. and South Korean
            # companies since 2022": many deeds of years, told as their sum, no one event
            return None
        handed = [c for c in top_token.children if c.dep_ == "dobj"]
        if cls == "Delivery" and handed and all(c.lower_ in {"%", "percent"} for c in handed):
            # "China supplied 81% of Pakistan's arms imports": a share of a trade, no goods delivered
            return None
        bought_company = any(o.token is not None and o.token.i == c.i for c in handed for o in self._orgs)
        if cls == "Purchase" and (any(c.lemma_.lower() in self.stake_nouns for c in handed) or bought_company):
            # "EDGE acquired a 50 percent stake in SIATT", "Baykar bought Italian aircraft maker
            # Piaggio Aerospace": a company or a share of one bought, money put into it (made when
            # bought, as an order of goods is placed), not goods
            cls, kind, what = "Investment", None, "a company or a stake bought"
            status = "delivered" if status == "ordered" else status
        if cls == "Donation" and status == "pledged":
            cls = "Pledge"  # "has pledged 3 billion pounds a year in military aid": aid promised, a pledge
        if cls in {"Donation", "Pledge"} and money_here and self.budget_year(top_token):
            # "announced 10 billion crowns in military aid for 2026", "the 2 billion dollars in aid
            # Ottawa announced for 2025": a year's aid budget, money set aside, not a gift made.
            cls, what = "Allocation", f"{what} for a year"
        # "plans to buy 12 jets ... under a contract signed in June": what a signed contract covers
        # is ordered, whatever the verb's tense.
        signed_under = self.signed(doc[k[0]] for k in under) if cls == "Purchase" else None
        if signed_under is not None and status in {"planned", "aimed", "negotiating"}:
            status, words = "ordered", f"under a {signed_under.text} signed"
        else:
            signed_under = None
        # "Sweden will provide 470 million kronor": money promised is pledged, its dates to come;
        # so is aid of a sum ("will provide 38 billion euros in military aid").
        if (
            cls == "Donation"
            and money_here
            and status == "planned"
            and top_token.lemma_.lower() in self.pledging_verbs
            # the sum itself given (not "will give the Philippines five radars worth ...", "an aid
            # package worth 90 million euros"), or given the receiver with ("will provide Ukraine
            # with a further 1.9 billion euros")
            and any(
                (c.dep_ == "dobj" or (c.dep_ == "pobj" and c.head.lower_ == "with" and c.head.head.i == top_token.i))
                and any(s <= c.idx < e for s, e in self._money_spans)
                for c in [*top_token.children, *(g for p in top_token.children for g in p.children)]
            )
        ):
            cls = "Pledge"
        promised = cls == "Pledge" and status == "planned" and top_token.lemma_.lower() in self.pledging_verbs
        if promised:
            status, words = "pledged", f"{words} (money promised)"
        if (
            cls == "Delivery"
            and status == "delivered"
            and any(
                c.dep_ == "relcl" and c.lemma_.lower() in self.buying_verbs
                for t in doc
                if t.i in tokens and t.lemma_.lower() in self.goods
                for c in t.children
            )
        ):
            # "Greece received the first of three frigates it ordered in 2022": a purchase delivered.
            cls, what = "Purchase", "goods received that were bought"
        if cls == "LicensedProduction" and status == "delivered" and self.licence_for(doc, top_token, given=True):
            # "Lithuania gave Rheinmetall a licence to make shells": the licence given, the making to come
            status, words = "planned", f"a licence {words}"
        return EventClass(
            cls,
            kind,
            what,
            status,
            words,
            chosen.won,
            chosen.order_received,
            signed_under=signed_under,
            promised=promised,
        )

    def share_out(self, event: Event, shares: list, countries: list[Mention]) -> None:
        """ "Romania will receive 16.6 billion euros, France 16.2 billion and Hungary 16.2 billion",
        "Denmark will contribute 500 million kroner and Sweden 300 million kronor": each country
        after the first, with the sum beside it, is a funding of its own, of the same kind, in the
        role of the subject the verb left out is said of."""
        roles = ("beneficiary", "recipient", "funder")
        subjects = {f"country/{m.code}" for m in countries if m.token is not None and m.token.dep_ == "nsubj"}
        sharing = {f"country/{code}" for code, _ in shares}
        said_of = next((k for k in roles if subjects & set(map(value_ref, event.facts.get(k, [])))), None)
        for code, amount in shares:
            ref = f"country/{code}"
            held = next((k for k in roles if ref in map(value_ref, event.facts.get(k, []))), None)
            if held is None:
                continue
            role = said_of if said_of is not None and ref not in subjects else held
            if role == held and len(event.facts[held]) < 2:
                continue
            together = set(map(value_ref, event.facts[role]))
            facts = {k: list(v) for k, v in event.facts.items() if k != "amount"}
            facts[held] = [v for v in facts[held] if value_ref(v) not in sharing]
            facts[role] = [v for v in event.facts[held] if value_ref(v) == ref]
            facts = {k: v for k, v in facts.items() if v}
            facts["amount"] = [amount.fact()]
            parties = [p for p in event.parties if value_ref(p[0]) == ref or value_ref(p[0]) not in together]
            share = event.part(facts, parties, f"its own sum beside it ({amount.stated!r}), the verb left out")
            event.drop({ref}, {held})
            event.facts["amount"] = [a for a in event.facts.get("amount", []) if str(a) != str(amount.fact())]
            self.events.append(share)

    def total_clauses(self, doc) -> set[int]:
        """The tokens of the clauses that bring a fleet or stock to a total ("bringing its planned
        fleet to six boats"): what they name is no goods of the deed."""
        return {
            t.i
            for verb in doc
            if verb.lemma_.lower() in self.total_verbs
            and any(c.dep_ == "dobj" and c.lemma_.lower() in self.events_reader.totals for c in verb.children)
            for t in verb.subtree
        }

    def a_total(self, doc, quantity) -> bool:
        """Whether a count is the total a deed brings a fleet or stock to ("bringing its fleet to 40",
        "will bring the Dutch F-35 fleet to 72 aircraft"), not a count of the event's goods (but
        "bringing their joint order to ten boats" counts the order's)."""
        token = _token_at(doc, quantity.start)
        counted = token.head if token is not None and token.dep_ in {"nummod", "compound"} else token
        if counted is None or counted.dep_ != "pobj" or counted.head.lower_ != "to":
            return False
        verb = counted.head.head
        return verb.lemma_.lower() in self.total_verbs and any(
            c.dep_ == "dobj" and c.lemma_.lower() in self.events_reader.totals for c in verb.children
        )

    def split_by_deed(self, event: Event, doc, money: list, countries: list[Mention]) -> None:
        """ "approved a draft budget that raises defence spending to 82.7 billion euros, and sets
        aside 11.5 billion euros for military support to Ukraine": sums that deeds joined by "and"
        each take are each a funding of their own, of the same kind and status, for whom their own
        deed names."""

        def deed_of(amount):
            token = _token_at(doc, amount.start)
            return next((a for a in _ancestors_and_self(token) if a.pos_ == "VERB"), None) if token else None

        by_deed: dict[int, list] = {}
        for amount in money:
            deed = deed_of(amount)
            if deed is None:
                return
            by_deed.setdefault(deed.i, []).append(amount)
        if len(by_deed) < 2:
            return
        first, *later = sorted(by_deed)
        for i in later:
            deed = doc[i]
            if deed.dep_ != "conj" or deed.head.i not in by_deed:
                continue
            own = {t.i for t in deed.subtree}
            theirs = {
                f"country/{m.code}"
                for m in countries
                if m.token is not None and m.token.i in own and _preposition_of(m.token) in {"for", "to"}
            }
            facts = {k: list(v) for k, v in event.facts.items() if k not in {"amount", "beneficiary", "recipient"}}
            facts["amount"] = [a.fact() for a in by_deed[i]]
            if theirs:
                facts["beneficiary"] = [v for v in event.facts.get("beneficiary", []) if value_ref(v) in theirs]
            parties = [
                p
                for p in event.parties
                if value_ref(p[0]) not in set(map(value_ref, event.facts.get("beneficiary", []))) - theirs
            ]
            part = event.part(facts, parties, f"its own deed's sum ({by_deed[i][0].stated!r}), joined by 'and'")
            taken = {str(a.fact()) for a in by_deed[i]}
            event.facts["amount"] = [a for a in event.facts.get("amount", []) if str(a) not in taken]
            event.drop(theirs, {"beneficiary", "recipient"})
            self.events.append(part)

    def split_by_receiver(self, event: Event, doc, money: list, countries: list[Mention]) -> None:
        """ "Norway will give 1.5 billion crowns to Ukraine's air defence and 2 billion crowns to
        Moldova", "... to Ukraine, 2 billion to Moldova": sums each followed by whom they go to are
        each a funding of its own, of the same kind and status. (A sum in brackets after another is
        the same sum converted: it goes with it.)"""
        role = next((k for k in ("beneficiary", "recipient") if len(event.facts.get(k, [])) >= 2), None)
        if role is None:
            return
        text = doc.text
        sums = []  # [first sum, its conversions...] in the order written
        for amount in sorted(money, key=lambda m: m.start):
            if sums and re.fullmatch(
                r"\s*\(\s*(?:about|around|roughly|some|approximately)?\s*", text[sums[-1][-1].end : amount.start]
            ):
                sums[-1].append(amount)
            else:
                sums.append([amount])
        if len(sums) < 2:
            return
        receivers = set(map(value_ref, event.facts[role]))
        goes_to = []  # the one receiver after each sum, before the next
        for n, (first, *_) in enumerate(sums):
            end = sums[n + 1][0].start if n + 1 < len(sums) else len(text)
            after = {
                f"country/{m.code}"
                for m in countries
                if m.token is not None and first.end <= m.start < end and f"country/{m.code}" in receivers
            }
            if len(after) != 1:
                return
            goes_to.append(after.pop())
        if len(set(goes_to)) != len(goes_to) or set(goes_to) != receivers:
            return
        stated = {str(a.fact()) for group in sums[1:] for a in group}
        for group, ref in zip(sums[1:], goes_to[1:], strict=True):
            facts = {k: list(v) for k, v in event.facts.items() if k not in {"amount", role}}
            facts["amount"] = [a.fact() for a in group]
            facts[role] = [v for v in event.facts[role] if value_ref(v) == ref]
            parties = [p for p in event.parties if value_ref(p[0]) == ref or value_ref(p[0]) not in receivers]
            self.events.append(event.part(facts, parties, f"its own sum ({group[0].stated!r}) and whom it goes to"))
        event.facts["amount"] = [a for a in event.facts.get("amount", []) if str(a) not in stated]
        event.drop(set(goes_to[1:]), {role})

    def makes_goods_before(self, event: Event, doc, top_token, subject) -> bool:
        """ "Kramatorsk Heavy Duty Machine Tool Plant will build the guns": making goods an event
        before has named ("the guns", "them") is how that event is done, not a programme of its own;
        the maker is that purchase's seller when it names none."""
        goods = [c for c in top_token.children if c.dep_ in {"dobj", "nsubjpass"}]
        if not goods or not (
            goods[0].lower_ in {"them", "it"}
            or (
                any(d.lower_ in {"the", "these"} for d in goods[0].children if d.dep_ == "det")
                # goods, not the making itself ("were discussing the joint production of fighters")
                and not self.events_reader.kinds_in(doc, {goods[0].i})
            )
        ):
            return False
        earlier = self.referred_to(doc, event.sentence) or next(
            (e for e in reversed(self.events) if e.cls in self.delivering_classes), None
        )
        if earlier is None or event.sentence - earlier.sentences[-1] > 3:
            return False
        # The company of the subject ("Ukrainian manufacturer Kramatorsk..."), not its country.
        maker = next((ref for ref in sorted(self._subject_refs) if ref.startswith("organisation/")), None)
        if earlier.cls == "Purchase" and not earlier.facts.get("seller") and maker is not None:
            earlier.sentences.append(event.sentence)
            earlier.add("seller", maker)
            earlier.reasons.append(f"sentence {event.sentence + 1} names who makes its goods")
        return True

    def goods_given(self, doc, verb) -> bool:
        """Whether a verb of giving gives goods ("will provide the Philippines with five patrol
        vessels", "gave Ukraine 18 howitzers")."""
        given = [c for c in verb.children if c.dep_ == "dobj"]
        given += [
            o for p in verb.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children if o.dep_ == "pobj"
        ]
        # (not what the money is to do: "$800 million to expand submarine production" gives no submarines)
        purposes = {
            t.i
            for g in given
            for c in g.children
            if c.dep_ == "acl" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
            for t in c.subtree
        }
        return any(self.names_goods(doc, {t.i for t in g.subtree} - purposes, weapons=False) for g in given)

    def names_goods(self, doc, tokens: set[int], weapons: bool = True) -> bool:
        """Whether the words of an event name goods: a thing defence makes ("systems", "shells"), a
        weapon named in the sentence (with `weapons`), or things counted ("96 Apaches")."""

        def money(token) -> bool:
            return any(start <= token.idx < end for start, end in self._money_spans)

        return bool(weapons and self.events_reader.weapon_in(doc)) or any(
            doc[i].lemma_.lower() in self.goods
            or (doc[i].dep_ == "nummod" and doc[i].head.pos_ in {"NOUN", "PROPN"} and not money(doc[i].head))
            for i in tokens
            if not money(doc[i])
        )

    def goods_of_a_worth(self, doc, tokens: set[int]) -> bool:
        """Whether the words of an event count goods and say what they are worth ("12 aircraft
        worth 36 billion pesos")."""
        return any(
            doc[i].lemma_.lower() in self.goods
            and any(c.dep_ == "nummod" for c in doc[i].children)
            and any(c.lower_ == "worth" for c in doc[i].children)
            for i in tokens
        )

    def attach(self, event, sentence, doc, money, quantities, dates, countries, status=None, clause=None) -> None:
        """Add a sentence's money, quantities, weapon and dates to `event`; `status`: what this
        sentence says of it (its dates say when that happened, or is to happen); `clause`: the
        tokens that are the event's, where its weapon is named (all the sentence's when None)."""
        cls = event.cls
        # What a plant, a venture or a training mission costs is its amount too ("a project worth
        # more than 180 million euros"); a coalition is its members' money, told as their pledges.
        if money and cls != "Coalition":
            for amount in money:
                if not amount.in_range:
                    event.add("amount", amount.fact())
        if cls != "Agreement":
            for quantity in quantities:
                if cls != "Delivery" and self.batch_before.search(doc.text[: quantity.start]):
                    continue  # "The first three ships will be built in Japan": a batch, not the order's count
                value = {"value": _canonical(quantity.value)} if quantity.value is not None else {}
                value["unit"] = quantity.unit
                if quantity.per:
                    value["per"] = quantity.per
                value["stated"] = quantity.stated
                event.add("productionRate" if quantity.per and cls in PRODUCTION else "quantity", value)
        weapon = self.events_reader.weapon_in(doc, clause)
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
        from ..resolve import ResolutionError, resolve

        programme = event.cls != "Agreement"
        if date.reported:
            return None  # "the ministry said on Monday": when it was said, not when it was done
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
        if ahead and date.past and date.rule is not None:
            return None  # "in December, it pledged": a month of the year before, which no rule resolves
        if date.starts and programme:
            return "scheduledStart"
        if date.intended:
            # "by March" written in October is next March: no rule resolves it, so it is left to the reviewer.
            behind = value[: len(value)] < str(self.source.published)[: len(value)] if value else True
            return "plannedFor" if programme and not behind else None
        if ahead:
            return "plannedFor" if programme else None
        key = self.lex.dates["property_by_status"].get(status or event.status)
        if event.promised and key == "announcedOn":
            key = "plannedFor"  # "will provide ... The first deliveries are expected in September"
        if key == "plannedFor" and not ahead and date.rule is not None and date.rule.startswith("relative"):
            return None  # "under a licence agreed last year", "will provide ... this year": no date to plan for
        if key in {"plannedFor", "scheduledStart"} and not programme:
            return None
        if key == "signedOn" and programme:
            return "announcedOn"
        return key

    # -- the article's claims ---------------------------------------------------------------------
