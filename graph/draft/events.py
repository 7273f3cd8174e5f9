"""Drafting, stage 2a: event mentions. The words that make a sentence an event (a signing, a sale, a
pledge, talks, a delivery), its kind, its status as the verb gives it (negated, future or done), and
the weapon it is about, read from the word lists of graph/lexicon/events.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import is_headline
from .linking import ONE_SIDED_ROLES, PARTY_KEYS

if TYPE_CHECKING:
    from .lexicon import Lexicon

import re
from dataclasses import dataclass, field, replace

PRODUCTION = {"ProductionProgramme", "CoProduction", "LicensedProduction"}
# "a U.K.-led maritime coalition for Ukraine"
_LED_COALITION = re.compile(
    r"(?P<leader>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-led\s+(?:[\w-]+\s+){0,3}?(?:coalition|initiative)(?:\s+(?:for|supporting)\s+(?P<for>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?"
)
# "A coalition of countries led by Latvia and the United Kingdom"
_COALITION_LED_BY = re.compile(
    r"\bcoalition(?:\s+of\s+(?:[\w-]+\s+){0,2}?countries)?,?\s+led\s+by\s+(?P<leaders>(?:the\s+)?[A-Z][^,.;]*?)(?=\s+(?:will|would|has|have|is|are|to|said|plans?)\b|[,.;]|$)"
)
# "now counts 18 members, including Sweden, the Netherlands, Denmark and Lithuania"
_MEMBERS_INCLUDING = re.compile(
    r"\b(?:members|countries|allies|nations)\b[^.;]*?\b(?:including|include|includes|such as)\b"
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
    promised: bool = False  # pledged in the future tense ("will provide"): its dates are to come
    # Bought under a contract said to be signed ("plans to buy ... under a contract signed in June"):
    # ordered, and the contract's date is the contract's, not the order's.
    under_signed_contract: bool = False
    # Said to be done as well ("Rheinmetall is also building plants in Ukraine"): another deed of
    # the same parties, not the one before restated.
    also: bool = False
    years: set = field(default_factory=set)  # years before the report's its sentence dates it to ("in 2021")
    goods: set = field(default_factory=set)  # lemmas of the goods its clauses name ("frigate"), for "the frigate"
    # The order a contract signed for goods makes (Roles.purchase_under): what a later sentence says
    # the contract is worth or counts is the order's.
    order: Event | None = None
    # The sentence each fact was read in (key, value as text) -> index: its claim cites that one.
    read_in: dict = field(default_factory=dict)
    # The parties sentences below a headline's event named themselves ("Indonesia and Turkey signed
    # a contract"): no stand-ins for a company (coreference.headline_country_is_its_company).
    named_below: set = field(default_factory=set)

    def add(self, key: str, value, sentence: int | None = None) -> None:
        """Add a fact, read in `sentence` (by default the last sentence the event was seen in)."""
        values = self.facts.setdefault(key, [])
        where = sentence if sentence is not None else (self.sentences[-1] if self.sentences else self.sentence)
        if key in PARTY_KEYS and value_ref(value) in {value_ref(v) for v in values}:
            # "Kyiv" (the capital for its government) and "Ukraine": one party, by its name if given
            if isinstance(value, str) and value not in values:
                values[:] = [value if value_ref(v) == value else v for v in values]
                self.read_in[(key, value)] = where
            return
        if key in {"amount", "quantity"} and isinstance(value, dict) and value.get("value") is not None:
            # "5 billion euro" in a headline, "5 billion euros" below: one sum, told twice
            same = ("value", "currency", "per")
            told = next(
                (v for v in values if isinstance(v, dict) and all(v.get(k) == value.get(k) for k in same)), None
            )
            if told is not None:
                # ("SEK 7 billion" in a headline, "about 7 billion Swedish crowns" below: about)
                if value.get("approximate") and not told.get("approximate"):
                    values[values.index(told)] = value
                    self.read_in[(key, str(value))] = where
                return
        if value not in values:
            values.append(value)
            self.read_in.setdefault((key, str(value)), where)

    def sentence_of(self, key: str, value) -> int:
        return self.read_in.get((key, str(value)), self.sentence)

    def advance(self, status: str, progression: list[str], always: bool = False) -> None:
        """Take `status` if it is further along `progression` than the event's (or `always`)."""
        rank = {name: i for i, name in enumerate(progression)}
        if always or rank.get(status, -1) > rank.get(self.status, -1):
            self.status = status
            self.facts["status"] = [f"status/{status}"]

    def drop(self, refs: set[str], keys) -> None:
        """Take `refs` out of the event: out of its parties and of its facts under `keys` (a fact
        left with no value goes)."""
        self.parties = [p for p in self.parties if value_ref(p[0]) not in refs]
        self.names = [name for _, name in self.parties]
        for key in set(keys) & set(self.facts):
            self.facts[key] = [v for v in self.facts[key] if value_ref(v) not in refs]
            if not self.facts[key]:
                del self.facts[key]

    def part(self, facts: dict, parties: list, reason: str) -> Event:
        """An event of its own split off this one (a share, a sum of another deed): these facts and
        parties, the rest as this event's."""
        return replace(
            self,
            facts=facts,
            parties=parties,
            names=[name for _, name in parties],
            sentences=list(self.sentences),
            reasons=[*self.reasons, reason],
            read_in=dict(self.read_in),
            dated=set(self.dated),
            named_below=set(self.named_below),
        )

    def party_refs(self) -> set[str]:
        return {value_ref(v) for v, _ in self.parties}

    def merge(self, other: Event, progression: list[str]) -> None:
        """Take in what a later sentence says of this event; its status only moves forward."""
        for key, values in other.facts.items():
            if key == "status" or (key in ONE_SIDED_ROLES and key in self.facts):
                continue  # "the government approved the investment": the approver is not a funder
            for value in values:
                self.add(key, value, other.sentence_of(key, value))
        # A headline's tense is loose ("Canada buys", "Spain to send"): the report's sentence says it.
        headline = self.sentence == 0 and self.sentences == [0]
        if other.status != "announced":
            self.advance(other.status, progression, always=headline)
        known = self.party_refs()
        if self.sentence == 0:
            self.named_below |= other.party_refs()
        self.parties += [p for p in other.parties if (p[0]["ref"] if isinstance(p[0], dict) else p[0]) not in known]
        self.names = [name for _, name in self.parties]
        self.sentences += [i for i in other.sentences if i not in self.sentences]
        self.reasons.append(f"sentence {other.sentence + 1} says more of it ({other.reasons[0]})")
        self.kind = self.kind or other.kind
        self.order = self.order or other.order
        self.goods |= other.goods


def value_ref(value) -> str:
    """The reference of a role's value: a reference, or a reference with the words it was read from
    ({"ref": "country/UA", "stated": "Kyiv", ...})."""
    return value["ref"] if isinstance(value, dict) else value


def _preposition_of(token) -> str | None:
    """The preposition whose object a name is, or is part of ("to Ukraine", "through NATO's list",
    "from Norway and Sweden"), lower-cased; None when it is not the object of one."""
    node = token
    if node is None:
        return None
    while node.dep_ in {"conj", "appos", "compound", "amod", "poss"} and node.head.i != node.i:
        node = node.head
    return node.head.lower_ if node.dep_ == "pobj" else None


def stands_for_its_people(token) -> bool:
    """Whether a demonym is used as a noun, for its country's people and so its state: the subject
    ("The Dutch will fund drones"), or a headline's "Dutch to fund 500 million euros", which the
    parser hangs its verb on."""
    return token is not None and (
        token.dep_ in {"nsubj", "nsubjpass"}
        or (token.dep_ == "ROOT" and any(c.dep_ == "xcomp" for c in token.children))
    )


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
        self.possibility = set(events["possibility"])
        self.considering = set(events["considering"])
        self.negation_phrases = [{"words": p} for p in events["negation"]["phrases"]]
        self.talk_nouns = set(events["negation"]["talk_nouns"])
        self.kinds = events["kinds"]
        self.phrase_index = word_index(self.phrases)
        self.kind_index = word_index(self.kinds)
        self.funding = set(events["funding"])
        self.totals = set(lex.quantities["totals"])
        self.nouns = events["nouns"]
        self.kind_nouns = events["agreement_kind_nouns"]
        self.anaphora = [a.lower() for a in events["anaphora"]]
        # A sentence that opens on the event before ("The contribution, ...", "The deal was ...").
        self._opening_anaphora = re.compile(
            r"\s*(?:" + "|".join(re.escape(a) for a in self.anaphora if " " in a) + r")\b"
        )
        self.weapons = events["weapon_types"]
        self.weapon_index = word_index(self.weapons)
        self.event_heads = set(events["event_heads"])
        self.not_kinds = dict(events["not_kinds"])
        self.goods = set(events["goods"])
        # Goods named as known already ("the systems", "these jets"): those of a deed told before.
        self.definite_goods = re.compile(
            rf"\b(?:the|these|those)\s+(?:[\w-]+\s+)?(?:{'|'.join(map(re.escape, sorted(self.goods)))})(?:s|es)?\b"
        )
        self.site_verbs = set(events["site_verbs"])
        self.service_sites = set(events["service_sites"])
        self.production_sites = set(events["production_sites"])
        self.site_only_verbs = set(events["site_only_verbs"])

    def triggers(self, doc) -> dict[int, tuple[str, str]]:
        """Token index -> (status, what was read), for each status word or phrase."""
        lemmas = _lemmas(doc)
        found: dict[int, tuple[str, str]] = {}
        covered: set[int] = set()
        for start, end, entry in _find_sequences(lemmas, self.phrase_index):
            head = doc[start] if doc[start].pos_ in {"VERB", "AUX", "NOUN"} else doc[start:end].root
            if head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
                head = head.head  # "was in talks with Saab to buy aircraft": the verb the talks are of
            found[head.i] = (entry["status"], " ".join(t.text for t in doc[start:end]))
            covered.update(range(start, end))
        for token in doc:
            if token.i in covered or token.pos_ not in {"VERB"}:
                continue
            status = self.verbs.get(token.lemma_.lower())
            if token.lemma_.lower() in self.site_only_verbs and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in self.production_sites and not self.serving(c)
                for c in token.children
            ):
                continue  # "opened talks": no deed of its own
            if token.dep_ == "amod" and token.head.lemma_.lower() in self.totals:
                continue  # "bringing its planned fleet to six boats": what a total is, no deed
            if status:
                found[token.i] = (status, token.text)
        return found

    def possible(self, token) -> bool:
        """Whether a verb says what may happen ("may supply", "could order", "is considering
        buying"), not what will."""
        if any(c.dep_ == "aux" and c.lower_ in self.possibility for c in token.children):
            return True
        return any(node.i != token.i and node.lemma_.lower() in self.considering for node in _ancestors_and_self(token))

    def negated(self, doc, token) -> bool:
        lemmas = _lemmas(doc)
        before = " ".join(lemmas[max(0, token.i - 3) : token.i])
        if any(" ".join(p["words"]) in before for p in self.negation_phrases):
            return True
        # A headline's verb the parser takes for a noun ("Switzerland rejects offer to buy German
        # tanks back", "rejects" a subject): a verb of refusing before the deed refuses it.
        if is_headline(doc.text) and any(
            lemma in self.negation_verbs and doc[i].tag_ in {"NNS", "VBZ"}
            for i, lemma in enumerate(lemmas[: token.i])
            if doc[i].text.lower().endswith("s")
        ):
            return True
        # "Talks between Switzerland and Germany on buying back tanks stalled last year": talks that
        # end, whatever the parser hangs the ending verb on, are no deed.
        talks = next((a for a in _ancestors_and_self(token) if a.lemma_.lower() in self.talk_nouns), None)
        if talks is not None and any(
            t.pos_ == "VERB" and t.lemma_.lower() in self.negation_verbs and t.i > talks.i for t in doc
        ):
            return True
        for node in _ancestors_and_self(token):
            if any(child.dep_ == "neg" or child.lower_ in self.negation_words for child in node.children):
                # "will not be delivered until 2034": not before then, so then
                return not any(c.dep_ == "prep" and c.lower_ == "until" for c in node.children)
            if node.i != token.i and node.lemma_.lower() in self.negation_verbs:
                return True
        return False

    def is_future(self, token) -> bool:
        return (
            any(child.dep_ == "aux" and child.lower_ in self.future for child in token.children)
            or (token.dep_ == "xcomp" and token.head.lemma_ == "go")
            # "Australia is to buy submarines", "the jets are to be delivered in 2028": a plan
            or (
                token.dep_ == "xcomp"
                and token.head.lemma_ == "be"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            )
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
            # ... and a bare verb listed after it ("Russia and Belarus to hold joint drills, deliver
            # Oreshnik missile"), however the parser hangs the two
            or (
                token.tag_ in {"VB", "VBP"}
                and is_headline(token.doc.text)
                and any(t.lower_ == "to" and t.dep_ == "aux" and t.i < token.i for t in token.doc)
            )
        )

    def of_goods(self, word) -> bool:
        """Whether a word of handing over is of goods ("will transfer six destroyers", "the transfer
        of six destroyer escorts"): what it hands over is a good, or is described by one."""
        handed = [c for c in word.children if c.dep_ == "dobj"] + [
            o for p in word.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ]
        return any(
            {o.lemma_.lower(), *(c.lemma_.lower() for c in o.children if c.dep_ in {"compound", "amod"})} & self.goods
            for o in handed
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
            word = doc[start].lower_
            if word in self.not_kinds and start + 1 < len(doc) and doc[start + 1].lower_ == self.not_kinds[word]:
                continue  # "according to": no accord
            if entry.get("site") and not self.site_built(doc[start:_end].root):
                continue
            if entry.get("of_goods") and not self.of_goods(doc[start]):
                continue  # "the transfer of technology": no goods handed over
            if entry["class"] in PRODUCTION and any(c.dep_ == "dobj" and self.serving(c) for c in doc[start].children):
                continue  # "build a maintenance centre for them": a site that serves goods, not production
            if start in tokens or any(i in tokens for i in range(start, _end)):
                found.append((start, entry))
        return found

    def site_built(self, token) -> bool:
        """Whether a plant or line is what a verb builds or opens ("set up an assembly line", "broke
        ground on a plant", "began building a factory"), and makes goods (not "a maintenance plant")."""
        verb = token.head.head if token.dep_ == "pobj" else token.head
        return (
            token.dep_ in {"dobj", "pobj", "nsubjpass"}
            and verb.lemma_.lower() in self.site_verbs
            and not self.serving(token)
        )

    def serving(self, token) -> bool:
        """Whether a site serves goods rather than makes them ("a maintenance plant", "a repair
        facility", "a training centre")."""
        return any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in self.service_sites for c in token.lefts)

    def weapon_in(self, doc, within: set[int] | None = None) -> tuple[str, str] | None:
        """The first weapon named in the sentence (its type, its words), or in the tokens `within`."""
        lemmas = _lemmas(doc)
        found = []
        for start, end, entry in _find_sequences(lemmas, self.weapon_index):
            if within is not None and start not in within:
                continue
            last = doc[end - 1]
            # "drone detection radars", "drone coalition": the drone describes another thing.
            if last.dep_ == "compound" and last.head.i >= end and last.head.pos_ == "NOUN":
                continue
            found.append((start, end, entry))
        if not found:
            return None
        start, end, entry = min(found, key=lambda f: f[0])
        return entry["type"], doc[start:end].text

    def opens_on_anaphora(self, sentence: str) -> bool:
        """Whether a sentence opens on words that refer back to the event before ("The contribution,
        about 680 million Canadian dollars, ...")."""
        return bool(self._opening_anaphora.match(sentence.lower()))

    def anaphoric(self, doc) -> bool:
        """Whether the sentence refers back to the event before: "the deal", "the new contract"
        (a word may stand between), "it" as a subject, or the goods named before ("The additional
        jets are worth about 3.3 billion reais")."""
        lower = " " + doc.text.lower() + " "
        if any(re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", lower) for a in self.anaphora if len(a) > 4):
            return True  # "The contract, worth about $1 billion, ...": a comma after it too
        if any(
            re.search(rf" {a.split()[0]} [\w-]+ {re.escape(a.split()[1])} ", lower)
            for a in self.anaphora
            if len(a.split()) == 2
        ):
            return True
        return any(t.lower_ in {"it", "this", "they"} and t.dep_ in {"nsubj", "nsubjpass"} for t in doc) or any(
            t.lemma_.lower() in self.goods
            and t.dep_ in {"nsubj", "nsubjpass"}
            and any(c.lower_ in {"the", "these", "those"} for c in t.children if c.dep_ == "det")
            for t in doc
        )


# -- one article ----------------------------------------------------------------------------------
