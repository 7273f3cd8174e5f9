"""Drafting, stage 2c: which words of a sentence are an event's own. A deed's clause, less the
clauses of their own joined to it or hung on it ("..., and the government has approved ...";
"..., though funding has not been secured"), less what it says in the background ("since it bought
...", "TKMS, which was spun off in October") or of other deeds and things (a relative clause about
another thing, a rival's deed): only what is left names the deed's parties, money, counts and dates
(a mixin of writing.Drafter, through roles.EventRoles).
"""

from __future__ import annotations

from .events import _ancestors_and_self
from .lexicon import lexicon
from .mentions import DateMention


def _own_clause(token, joined_as: frozenset[str] = frozenset({"conj"})) -> bool:
    """A verb joined to another by "and" (or as `joined_as` says) that has a subject of its own
    ("..., and the government has approved the purchase"): a deed of its own, not more of the first.
    (Not a verb of saying: "..., and officials in Oslo said the first drones could be built" says more
    of the first; "..., the ministry said, under a contract worth 36 billion pesos" hangs the event's
    words on the saying.)"""
    return (
        token.dep_ in joined_as
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
        and token.lemma_.lower() not in lexicon().organisations["reporting_verbs"]
    )


# How a clause of its own hangs on a deed, as the parser has it: beside it, or under it.
_BESIDE_A_DEED = frozenset({"conj", "parataxis", "advcl"})
_HUNG_ON_A_DEED = frozenset({"ccomp", "parataxis"})


# Subordinators that set a clause against the one it hangs on: another deed, not more of the first.
_CONTRASTING = frozenset({"while", "whereas"})


def _adverbial_of_its_own(token) -> bool:
    """A finite adverbial clause with a subject of its own beside a deed ("..., though funding has
    not been secured"; "as Manila steps up efforts"): its words are not the deed's. (Not an
    infinitive's subject: "a contract for Mitsubishi to build frigates" is the deed's.) A saying set
    against the deed is one too: "..., while Norway said it would contribute 1.5 billion crowns"."""
    if token.dep_ != "advcl":
        return False
    children = {(c.dep_, c.lower_) for c in token.children}  # (the parser's children, read once)
    if not any(dep in {"nsubj", "nsubjpass"} for dep, _ in children) or ("aux", "to") in children:
        return False
    return token.lemma_.lower() not in lexicon().organisations["reporting_verbs"] or any(
        dep == "mark" and word in _CONTRASTING for dep, word in children
    )


def _conjoined_head(token):
    """The first of the names joined to `token` by "and" or commas ("Italy" in "Japan, the United
    Kingdom and Italy": Japan)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _segment(doc, i: int) -> range:
    """The part of a sentence between semicolons that token `i` stands in: a headline's "Canada to
    fund weapons for Ukraine; Ottawa buys GlobalEye" is two, whatever the parser hangs on what."""
    stops = [t.i for t in doc if t.text == ";"]
    start = max((s + 1 for s in stops if s < i), default=0)
    end = min((s for s in stops if s > i), default=len(doc))
    return range(start, end)


def clause_of(doc, top) -> set[int]:
    """The tokens of the clause an event's word stands in: the subtree of the verb that governs it,
    less the clauses of their own joined to it; all of the sentence when there are none; never
    past a semicolon. (An adverbial clause of its own is one: "India signed a deal for 26 jets worth
    7 billion euros, while Indonesia has ordered 42": Indonesia's order has none of India's.)"""
    head = next((t for t in _ancestors_and_self(top) if _own_clause(t) or _adverbial_of_its_own(t)), None)
    tokens = {t.i for t in head.subtree} if head is not None else set(range(len(doc)))
    for token in doc:
        if _own_clause(token) and (head is None or token.i != head.i) and top.i not in {t.i for t in token.subtree}:
            tokens -= {t.i for t in token.subtree}
    return tokens & set(_segment(doc, top.i))


def _token_at(doc, offset: int):
    """The token of `doc` that the character at `offset` is in, or None."""
    return next((t for t in doc if t.idx <= offset < t.idx + len(t)), None)


def _quoted(token) -> bool:
    """Whether a token is inside quotation marks its sentence opens before it and has not closed."""
    before = token.doc.text[: token.idx]
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


def _in(doc, start: int, tokens: set[int]) -> bool:
    """Whether the mention that starts at `start` (a character offset) is in `tokens`."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is None or span.start in tokens


class ClauseReader:
    """What of a sentence is an event's own (see the module's note)."""

    def own_dates(self, doc, top_token, members, dates: list[DateMention]) -> list[DateMention]:
        """The dates of the event of `top_token`: not those of a clause about something else ("TKMS,
        which was spun off in October", "since the scheme began in August", "after the agreement
        entered into force on September 11")."""
        outside = self.background(doc, top_token, members)
        # (not a participle that describes a thing: "to receive jets under a letter of intent
        # signed on Wednesday" says when the letter was signed, not when the jets come)
        describing = {
            i for i in members if i != top_token.i and doc[i].dep_ == "acl" and doc[i].head.pos_ in {"NOUN", "PROPN"}
        }
        governing = {t.i for t in top_token.ancestors} | {top_token.i} | (set(members) - describing)
        words = self.background_words
        own = []
        for date in dates:
            span = doc.char_span(date.start, date.end, alignment_mode="expand")
            if span is None or span.root.i in outside:
                continue
            path = [t for t in _ancestors_and_self(span.root) if t.i not in governing]
            # "TKMS, which was spun off in October", "a contract signed the previous day"; but "the
            # first to arrive in 2027" says when the event's goods come.
            if any(t.dep_ in {"relcl", "acl"} and t.tag_ in {"VBD", "VBN", "VBZ", "VBP"} for t in path):
                continue
            if any(c.dep_ in {"mark", "prep"} and c.lower_ in words for t in path for c in t.children):
                continue  # "since the scheme began in August": the clause that "since" opens
            own.append(date)
        return own

    def background(self, doc, top_token, members) -> set[int]:
        """The tokens of the sentence that are background to the event of `top_token`, whoever
        they name taking no part in it: its background phrases (`background_phrases`), and a clause
        of its own that does not govern the event."""
        governing = {t.i for t in top_token.ancestors} | {top_token.i} | set(members)
        outside = self.background_phrases(doc, top_token, members)
        outside |= self.clauses_of_their_own(doc, top_token, members) - governing
        for token in doc:
            if token.i in governing or token.i in outside:
                continue
            if self.own_relative_clause(token) and not any(t.i in members for t in token.subtree):
                # What a document provides, another doing it ("a memorandum under which Airbus was
                # to assemble the aircraft"): who does that is no party of the signing.
                outside |= {t.i for t in token.subtree}
        outside |= set(range(len(doc))) - clause_of(doc, top_token) - set(members)
        clause = top_token
        while clause.dep_ == "xcomp" and clause.head.i != clause.i:
            clause = clause.head  # "was to assemble"
        opener = next(
            (c for c in clause.children if c.dep_ == "mark" and c.lower_ in self.background_words),
            next((a for a in clause.ancestors if a.dep_ == "prep" and a.lower_ in self.background_words), None),
        )
        if opener is not None:
            # "Turkey has been shut out of the F-35 programme since it bought S-400 systems": a deed
            # told as background is its own clause's; the sentence around it takes no part.
            outside |= set(range(len(doc))) - {t.i for t in (clause if opener.dep_ == "mark" else opener).subtree}
        elif self.own_relative_clause(clause):
            # "a memorandum under which Airbus was to assemble the aircraft in Spain": Airbus's deed;
            # who signed the memorandum takes no part in it, nor do its dates.
            outside |= set(range(len(doc))) - {t.i for t in clause.subtree}
        # A semicolon joins two statements ("US approves arms sale to Taiwan; China protests"),
        # however the parser hangs them together: the other one is not this event's.
        stops = [t.i for t in doc if t.text == ";"]
        if stops:
            begin = max((i for i in stops if i < top_token.i), default=-1)
            end = min((i for i in stops if i > top_token.i), default=len(doc))
            outside |= {t.i for t in doc if (t.i < begin or t.i > end) and t.i not in members}
        return outside

    def clauses_of_their_own(self, doc, top_token, members) -> set[int]:
        """The clauses of the sentence with a subject of their own that neither govern the event of
        `top_token` nor hold it ("Colombia signed a contract, and talks with Peru are continuing";
        "..., as the government presented a budget raising defence spending to 21.4 billion euros"):
        whom they name takes no part, and their money, counts and dates are not the event's."""
        governing = {t.i for t in top_token.ancestors} | {top_token.i} | set(members)
        outside: set[int] = set()
        for token in doc:
            if (
                token.i not in governing
                and token.i not in outside
                and token.pos_ in {"VERB", "AUX"}
                and (_own_clause(token, _BESIDE_A_DEED) or _adverbial_of_its_own(token))
                and not any(t.i in members for t in token.subtree)
            ):
                outside |= {t.i for t in token.subtree}
        return outside

    def background_phrases(self, doc, top_token, members) -> set[int]:
        """The tokens of what a preposition or subordinator of background opens ("since Russia's
        invasion", "including a special fund"), of a noun of another deed ("invasion", "war") or a verb
        of rivalry ("competing with Boeing"), with their dependents: never the event's."""
        # Asked for the same event three times (its kinds, its parties, its money): read once.
        memo = doc.user_data.setdefault("pactgraph-background", {})
        key = (top_token.i, tuple(members))
        if key in memo:
            return set(memo[key])
        governing = {t.i for t in top_token.ancestors} | {top_token.i} | set(members)
        outside: set[int] = set()
        for token in doc:
            if token.i not in governing and (
                (token.lower_ in self.background_words and token.dep_ in {"prep", "mark", "advmod", "pobj", "pcomp"})
                or self.money_source(token)
                or (token.lemma_.lower() in self.background_nouns and token.pos_ == "NOUN")
                or (token.lemma_.lower() in self.rivalry_verbs and token.pos_ == "VERB")
            ):
                outside |= {t.i for t in token.subtree}
        memo[key] = frozenset(outside)
        return outside

    def money_source(self, token) -> bool:
        """Whether a preposition opens the budget or fund money is taken from ("funded from the UK's
        3 billion pound annual military aid budget", "under the EU's 150 billion euro SAFE
        instrument", "part of a 100 billion euro special fund"): its sum is the budget's, not the
        event's."""
        return (
            (token.lower_ in self.source_prepositions or (token.lower_ == "of" and token.head.lemma_.lower() == "part"))
            and token.dep_ == "prep"
            and any(c.dep_ == "pobj" and c.lemma_.lower() in self.source_nouns for c in token.children)
        )

    def event_clause(self, doc, top: int, members) -> set[int]:
        """The tokens whose money, counts and dates are the event's at `top`: its clause, less the
        deeds joined to it (own_part) and what the clause says in its background ("after signing a
        deal for 26 jets")."""
        clause = self.own_part(doc, top, clause_of(doc, doc[top])) - self.background_phrases(doc, doc[top], members)
        return clause - self.clauses_of_their_own(doc, doc[top], members)

    def own_part(self, doc, top: int, clause: set[int]) -> set[int]:
        """The part of a clause that is the deed at `top`'s, where the clause joins deeds that each
        have an object of their own (see own_object_deed)."""
        return clause - self.other_deeds(doc, top)

    def other_deeds(self, doc, top: int) -> set[int]:
        """The tokens of the other deeds of `top`'s sentence whose words are not its: of a deed told
        inside its subject, or in whose subject it is told (a headline's "Greece to buy frigate
        from France, signs deal with Israel"); and of deeds joined to it that each have an object of
        their own: the joined verb's subtree, for the verb it is joined to; for the joined verb,
        all the verb it is joined to governs but their shared subject ("Rheinmetall opened a line
        last year, and has delivered 300,000 rounds to Ukraine": Ukraine takes no part in the
        line)."""
        # Asked for four times an event (its clause twice, its kinds, its parties): read once.
        memo = doc.user_data.setdefault("pactgraph-other-deeds", {})
        if top in memo:
            return set(memo[top])
        others: set[int] = set()
        for i in self._triggers:
            # "Greece to buy frigate from France, signs deal with Israel": a deed told inside the
            # subject of another (a headline's two deeds) has none of the other's words.
            verb = doc[i]
            subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if i != top and subject is not None and top in {t.i for t in subject.subtree}:
                others |= {i} | {
                    t.i
                    for c in verb.children
                    if c.i != subject.i and c.dep_ not in {"aux", "punct", "cc"}
                    for t in c.subtree
                }
        # ... and, for the other deed, none of the one told in its subject ("signs deal with Israel")
        # (a name that does a deed, not a thing with a purpose: "The initiative to buy ammunition
        # for Ukraine delivered shells" delivers to Ukraine)
        subject = next((c for c in doc[top].children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.text[:1].isupper() and subject.left_edge.i == subject.i:
            inside = {t.i for t in subject.subtree}
            for i in self._triggers:
                if i in inside and i != subject.i and doc[i].dep_ in {"relcl", "acl"}:
                    others |= {t.i for t in doc[i].subtree}
        for token in doc:
            if not self.own_object_deed(token, self._triggers):
                continue
            apart = {t.i for t in token.subtree}
            if top not in apart:
                others |= apart
                continue
            for child in token.head.children:
                if child.i != token.i and child.dep_ not in {"nsubj", "nsubjpass", "aux", "auxpass", "cc", "punct"}:
                    others |= {t.i for t in child.subtree}
        memo[top] = frozenset(others)
        return others

    @staticmethod
    def described(doc, top: int) -> set[int]:
        """The tokens of clauses that describe the subject of the deed at `top` ("The fund, managed
        by the DFC and a Ukrainian state agency, will invest"): who they name takes no part in it."""
        subjects = [c for t in _ancestors_and_self(doc[top]) for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # (not its purpose: "The initiative to buy ammunition for Ukraine delivered shells" to Ukraine)
        clauses = [
            c
            for s in subjects[:1]
            for c in s.subtree
            if c.dep_ in {"acl", "relcl"} and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]
        return {t.i for c in clauses if top not in {t.i for t in c.subtree} for t in c.subtree}

    def is_state_body(self, token) -> bool:
        """Whether a noun names a body of a state ("Armament Agency", "defence ministry", "the
        government")."""
        words = {t.lower_ for t in token.subtree} | {token.lemma_.lower()}
        return token.lemma_.lower() in self.state_nouns or bool(words & self.body_words)

    @staticmethod
    def own_object_deed(token, triggers) -> bool:
        """A status verb joined by "and" to another, each with an object of its own: a deed of its
        own, though it shares the subject ("has pledged 3 billion pounds and has trained 50,000
        recruits"; not "signed and ratified the treaty")."""
        return (
            token.dep_ == "conj"
            and token.i in triggers
            and token.head.i in triggers
            and any(c.dep_ == "dobj" for c in token.children)
            and any(c.dep_ == "dobj" for c in token.head.children)
        )

    @staticmethod
    def own_relative_clause(token) -> bool:
        """Whether a verb heads a relative clause whose subject is a name ("under which Airbus was to
        assemble the aircraft"): a deed of another, not the deed of the clause it describes."""
        return token.dep_ == "relcl" and any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "PROPN" for c in token.children
        )
