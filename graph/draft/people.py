"""Drafting, stage 2b: who acts. The people of a sentence with their offices and countries, and its
organisations, as claims of the draft (a mixin of writing.Drafter).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..sources import slugify
from .lexicon import _alternation
from .mentions import (
    _NAME_PARTICLES,
    Mention,
    Office,
    OrgMention,
    PersonMention,
    _person_name,
    acts_as_company,
    surname,
)

# What follows a name cut short at a particle ("Ursula von" + " der Leyen"): more particles, the surname.
_AFTER_PARTICLE = re.compile(rf"(?:\s+(?:{'|'.join(sorted(_NAME_PARTICLES))}))*\s+[A-Z][\w'-]+")
# The full stops of an initialism ("U.S."), dropped from a slug: us-treasury, not u-s-treasury.
_INITIALISM_STOPS = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\.)|(?<=\b[A-Z]\.[A-Z])\.")


# A name of two to four capitalised words before a comma, at a sentence's or clause's start.
_NAME_BEFORE_COMMA = re.compile(r"(?:^|(?<=[,;:\"“] )|(?<=\band ))(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3})(?=,)")


def _joined_organisations(doc) -> list:
    """The sentence's entities, with an organisation's name the tagger cut in two at "for the" or
    "of the" put back together ("The Kiel Institute" + "the World Economy": "The Kiel Institute for
    the World Economy")."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    joined = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        after = ents[i + 1] if i + 1 < len(ents) else None
        between = doc[ent.end : after.start].text.lower() if after is not None else ""
        if ent.label_ == "ORG" and after is not None and after.label_ == "ORG" and between in {"for", "of"}:
            joined.append(Span(doc, ent.start, after.end, label="ORG"))
            i += 2
            continue
        joined.append(ent)
        i += 1
    return joined


class PeopleReader:
    """The people, offices and organisations of each sentence (see writing.Drafter)."""

    def titled_name(self, ent) -> tuple[str, int] | None:
        """The name and its start in an ORG entity that is an office's title and a person's name
        ("Defence Minister Denys Shmyhal" after "Ukraine's"), or a name and its country in a list
        of holders of a title ("defence ministers, ..., Guido Crosetto of Italy"): spaCy's label,
        not an organisation."""
        if ent.label_ != "ORG":
            return None
        match = self.offices.title_then_name.fullmatch(ent.text)
        name = _person_name(match.group("name")) if match else None
        if name:
            return name, ent.start_char + match.start("name")
        listed = re.fullmatch(r"(?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}) of [A-Z].*", ent.text)
        if (
            listed
            and self.offices.of_country.match(ent.text[len(listed.group("name")) :])
            and self.offices.plural_list.search(ent.doc.text[: ent.start_char])
        ):
            name = _person_name(listed.group("name"))
            return (name, ent.start_char) if name else None
        return None

    def names_in(self, doc, sentence: str) -> list[tuple[str, int, object]]:
        """The people's names of a sentence: spaCy's PERSON entities, the names inside ORG entities
        that are a title and a name, and the names an office's title stands beside that spaCy did
        not tag ("Ukraine's Minister of Defence, Rustem Umerov"; "defence ministers, Gen Nakatani
        of Japan, John Healey of Britain"): (name, start, its root token or None)."""
        found = []
        for ent in doc.ents:
            if self.awarded(ent):
                continue  # "awarded Lockheed Martin a contract": a company (named_makers)
            titled = self.titled_name(ent)
            if ent.label_ == "ORG" and titled is None and self.named_before(ent.text):
                titled = (ent.text, ent.start_char)  # "signed by Sandvik and ...": the tagger's ORG
            if ent.label_ != "PERSON" and titled is None:
                continue
            name, start = titled or (_person_name(ent.text), ent.start_char)
            # "Ursula von der Leyen", the tagger having stopped at the particle: the surname after it
            follows = _AFTER_PARTICLE.match(sentence[ent.end_char :])
            if name and name.split()[-1] in _NAME_PARTICLES and follows:
                name += sentence[ent.end_char : ent.end_char + follows.end()]
            for prefix in (self.offices.title_start, self.offices.rank):
                # "Emir Tamim bin Hamad Al Thani", "Marshal Tonny Harjono": the title or rank is not the name
                cut = prefix.match(name) if name else None
                if cut and len(name[cut.end() :].split()) >= 2:
                    name, start = name[cut.end() :], start + cut.end()
            if (
                name is None
                or name in self.lex.country_names
                or name in self.lex.demonyms
                or self.offices.only_titles.match(name)
            ):
                continue
            if self.organisation_like(name, sentence[start + len(name) :]):
                continue
            found.append((name, start, ent.root))
        taken = [(start, start + len(name)) for name, start, _ in found]
        for match in self.offices.beside_title.finditer(sentence):
            name, start = match.group("name"), match.start("name")
            # "Minister of National Defence Wladyslaw Kosiniak-Kamysz", the tagger having taken only
            # the family name: the whole name beside the title replaces it.
            full = _person_name(name)
            if full and len(full.split()) >= 2:
                end = start + len(full)
                inside = [(s, e) for s, e in taken if start <= s and e <= end and (s, e) != (start, end)]
                found = [item for item in found if (item[1], item[1] + len(item[0])) not in inside]
                taken = [t for t in taken if t not in inside]
            if not any(s <= start < e or start <= s < start + len(name) for s, e in taken):
                name = _person_name(name)
                if name and len(name.split()) >= 2 and not self.organisation_like(name, sentence[start + len(name) :]):
                    span = doc.char_span(start, start + len(name), alignment_mode="expand")
                    found.append((name, start, span.root if span is not None else None))
                    taken.append((start, start + len(name)))
        # "Rustem Umerov, the secretary of Ukraine's National Security and Defense Council": a name
        # spaCy did not tag, that an office in apposition follows.
        for match in _NAME_BEFORE_COMMA.finditer(sentence):
            name, start = _person_name(match.group("name")), match.start("name")
            end = start + len(name or "")
            if (
                name is None
                or len(name.split()) < 2
                or any(s < end and start < e for s, e in taken)
                # (a name the tagger took for places or organisations, "Oleksandr" ORG "Syrskyi" GPE,
                # is one all the same when a country's office follows it)
                or any(e.start_char < end and start < e.end_char and e.label_ == "PERSON" for e in doc.ents)
                or name in self.lex.country_names
                or self.offices.only_titles.match(name)
                or self.organisation_like(name, sentence[end:])
            ):
                continue
            office, _ = self.offices.read(sentence, start, end)
            # (an office of no country named is the report's: "Constantin Spinu, state secretary")
            if self.home_or_code(office):
                span = doc.char_span(start, end, alignment_mode="expand")
                found.append((name, start, span.root if span is not None else None))
                taken.append((start, end))
        return sorted(found, key=lambda item: item[1])

    def home_or_code(self, office) -> str | None:
        """The country an office read beside a name is of: the one its words name, else the
        report's (its dateline's); None when there is no office."""
        return None if office is None else office.code or self.home or self.agency_home

    def organisation_like(self, name: str, after: str) -> bool:
        """Whether a name spaCy calls a person's is an organisation's: its words are a company's
        ("Polska Grupa Zbrojeniowa (PGZ)", "Kramatorsk Heavy Duty Machine Tool Plant"), or its
        initials follow it in brackets."""
        words = name.split()
        suffixes = set(self.lex.organisations["company_suffixes"])
        if words[0] in self.lex.organisations["ship_prefixes"]:
            return True  # "INS Vikrant": a ship
        if any(w.lower().strip(".,") in suffixes for w in words[1:]):
            return True
        # ... or the capitalised words it runs into end as a company's ("Kramatorsk Heavy" of
        # "Kramatorsk Heavy Duty Machine Tool Plant"; not a headline's "Rutte Says NATO Industry Must Act").
        run = re.match(r"(?:[ \t]+[A-Z][\w-]*){1,4}", after)
        if run and run.group(0).split()[-1].lower().strip(".,") in suffixes:
            return True
        bracket = re.match(r"\s*\(([A-Z]{2,9})\)", after)
        initials = "".join(w[0] for w in words if w[0].isupper())
        return bool(bracket and bracket.group(1) == initials)

    def people_in(self, doc, sentence: str, orgs: list[OrgMention]) -> list[PersonMention]:
        found = []
        titles = self.offices.titles
        for name, start, root in self.names_in(doc, sentence):
            end = start + len(name)
            office, counterpart = self.offices.read(sentence, start, end)
            if office is None or office.code is None:
                # "Micael Johansson, president and CEO of Saab", "..., Saab's chief executive": an
                # office in the organisation named after the name (not Sweden's president).
                office = self.office_in_organisation_after(sentence, end, orgs) or office
                # "Saab chief executive Micael Johansson": an office in the organisation named before it.
                for org in orgs:
                    match = re.fullmatch(rf"(?:'s|’s)?\s+(?P<title>(?i:{titles}))\s*,?\s*", sentence[org.end : start])
                    if org.titled and match:
                        spec = self.lex.office_by_title[match.group("title").lower()]
                        office = Office(spec, match.group("title"), None, organisation=org.ref)
                # "EDGE Chief Executive Hamad Al Marar", where the tagger missed "EDGE" this time:
                # an organisation the report has named, right before the title.
                named = {}
                for full, ref in self.org_names.items():  # "EDGE" for "EDGE Group" too
                    words = full.split()
                    named.update({" ".join(words[:k]): ref for k in range(1, len(words) + 1)} | {full: ref})
                match = named and re.search(
                    rf"(?<![\w-])(?P<org>{_alternation(named)})(?:'s|’s)?\s+(?P<title>(?i:{titles}))\s*,?\s*$",
                    sentence[:start],
                )
                if (office is None or office.organisation is None) and match:
                    spec = self.lex.office_by_title[match.group("title").lower()]
                    if spec.get("of_organisation"):
                        office = Office(spec, match.group("title"), None, organisation=named[match.group("org")])
            person = self.person(name, start, end, sentence, office)
            if person is None:
                continue
            person.token = root
            if counterpart and office is None:
                before = [p for p in found if p.office is not None]
                other = before[-1] if before else (self.last_person if self.last_person is not person else None)
                if other is not None and other.office is not None:
                    code, words = counterpart
                    person.office = Office(other.office.spec, other.office.title, code, stated=words)
                    person.counterpart_of = other.ref
            elif office is not None:
                person.office = self.joined_office(office, found, sentence, start)
            found.append(person)
        return found

    def office_in_organisation_after(self, sentence: str, end: int, orgs: list[OrgMention]) -> Office | None:
        """The office that follows a name in apposition and belongs to an organisation the sentence
        names: "X, chief executive of Saab", "X, president and CEO of Saab" (the organisation's
        title of the two), "X, Saab's chief executive"."""
        for org in (o for o in orgs if o.start > end and not o.ref.startswith("body/")):
            between = sentence[end : org.start]
            match = self.offices.title_of_organisation.fullmatch(between)
            if match is None:
                after = self.offices.organisations_title.match(sentence, org.end)
                match = after if after and re.fullmatch(r"\s*,\s*(?:(?i:the)\s+)?", between) else None
                if match is None:
                    continue
            said = [t for t in (match.groupdict().get("first"), match.group("title")) if t]
            specs = [self.lex.office_by_title[t.lower()] for t in said]
            # Of "president and chief executive", the title an organisation has (the last such).
            chosen = max(range(len(said)), key=lambda i: (bool(specs[i].get("of_organisation")), i))
            return Office(specs[chosen], said[chosen], None, organisation=org.ref)
        return None

    def joined_office(self, office, found: list, sentence: str, start: int):
        """A title with no country joined by "and" to a titled name of one holds an office of that
        country too ("U.S. Secretary of State Marco Rubio and Defense Secretary Pete Hegseth")."""
        before = found[-1] if found else None
        if (
            office.code is not None
            or office.organisation is not None
            or before is None
            or before.office is None
            or before.office.code is None
            or not re.fullmatch(rf"\s*,?\s*and\s+{re.escape(office.title)}\s*,?\s*", sentence[before.end : start])
        ):
            return office
        return self.offices.in_country(office, before.office.code)

    def named_before(self, name: str) -> PersonMention | None:
        """The person this report named before under `name`, in full or by surname alone."""
        for earlier in self.people.values():
            if name == earlier.label or (len(name.split()) == 1 and surname(earlier.label) == name):
                return earlier
        for earlier in self.people.values():
            # "Endo" after "Endo Kazuya": a name written family name first.
            if len(name.split()) == 1 and earlier.label.split()[0] == name and len(earlier.label.split()) == 2:
                return earlier
        return None

    def person(self, name: str, start: int, end: int, sentence: str, office: Office | None) -> PersonMention | None:
        # A surname alone is the person of this article with that surname, if any.
        earlier = self.named_before(name)
        if earlier is not None:
            return PersonMention(earlier.ref, earlier.label, name, start, end, earlier.known)
        known = self.known.person(name)
        if known is not None:
            mention = PersonMention(known.ref, known.label, name, start, end, True)
            if name != known.label and name not in known.aliases and len(name.split()) > 1:
                self.claim(
                    sentence,
                    known.ref,
                    0.75,
                    f"person: {name!r} is a spelling of {known.label!r} (rapidfuzz, transliterations folded)",
                    aliases=[name],
                )
            self.people[known.ref] = mention
            return mention
        if len(name.split()) == 1 and office is None:
            return None  # "Boost", "Shmyhal" with no full name before: not enough to propose a person
        ref = f"person/{slugify(name)}"
        mention = PersonMention(ref, name, name, start, end, False)
        self.people[ref] = mention
        self.claim(
            sentence,
            ref,
            0.85,
            "person: a PERSON name (spaCy) with a first name and surname",
            type="Person",
            label=name,
        )
        return mention

    def office_claims(self, person: PersonMention, sentence: str, deferred: bool = False) -> None:
        """The claims of the office a person holds, as the words around the name say. An office
        whose country is only the report's (its dateline) waits for the report's end: a later
        mention that names the country ("Polish ... Defence Minister X") says it instead."""
        office = person.office
        if office is not None and office.organisation is None and office.spec.get("of_organisation"):
            # "Chief Executive Armin Papperger attended" after "Rheinmetall said": the organisation
            # the report named last.
            if self.last_org is None:
                return
            office = person.office = replace(office, organisation=self.last_org, inferred=True)
        if office is not None and office.organisation is not None:
            self.executive_claims(person, office, sentence)
            return
        if office is not None and office.code is None and self.home is not None:
            # "Defence Minister Richard Marles" in a report filed in Canberra: the country of the
            # report, when the words name none (said as the reason, at a lower confidence).
            office = person.office = self.offices.in_country(office, self.home, inferred=True)
        if (
            office is not None
            and not deferred
            and (office.code is None or (office.inferred and office.code == self.home))
        ):
            # Whose office it is waits for the report's end: a later mention may name the country,
            # and a report with no dateline may name only one (see Drafter.finish).
            self.offices_to_infer.append((person, sentence))
            return
        if office is None or office.code is None:
            return
        spec = office.spec
        code = office.code
        country_ref = self.country(code, sentence, code)
        office_slug = slugify(spec["label"])
        small = {"of", "the", "and", "for", "on", "in"}  # "Minister of Defence", not "Minister Of Defence"
        title = " ".join(
            w if w.isupper() or (i and w.lower() in small) else w[:1].upper() + w[1:]
            for i, w in enumerate(office.title.split())
        )
        country = self.country_name(code)
        post = f"post/{code.lower()}-{office_slug}"
        how = (
            "his counterpart: the other person's office, this adjective's country"
            if person.counterpart_of
            else "office title beside the name"
        )
        confidence = 0.7 if person.counterpart_of else 0.75 if office.inferred else 0.85
        if office.inferred:
            how = "an office with no country named: " + (
                "the country of the national news agency that filed the report"
                if code == self.agency_home and code != self.home
                else "the country the report was filed in"
                if code == self.home
                else "the only country the report names"
            )
        if self.new(post):
            facts = {}
            if spec.get("body"):
                body = f"body/{code.lower()}-{slugify(spec['body'])}"
                if self.new(body):
                    self.claim(
                        sentence,
                        body,
                        confidence,
                        f"government body of the office ({how})",
                        type="GovernmentBody",
                        label=f"{spec['body']} of {country}",
                        facts={"bodyOf": country_ref},
                    )
                facts["postIn"] = body
            else:
                facts["postOf"] = country_ref
            self.claim(
                sentence,
                post,
                confidence,
                f"office: {office.title!r} ({how})",
                type=spec["class"],
                label=f"{title} of {country}",
                facts=facts,
            )
        self.holding_claim(
            person, post, f"{code.lower()}-{office_slug}", f"{title} of {country}", sentence, confidence, f" ({how})"
        )

    def executive_claims(self, person: PersonMention, office: Office, sentence: str) -> None:
        """An office in an organisation ("Saab chief executive X"): a post in it, and its holder."""
        spec = office.spec
        org_slug = office.organisation.split("/", 1)[1]
        post = f"post/{org_slug}-{slugify(spec['label'])}"
        org_name = self._name_of(office.organisation)
        where = "the organisation the report named last" if office.inferred else "beside the organisation's name"
        if self.new(post):
            self.claim(
                sentence,
                post,
                0.75,
                f"office: {office.title!r} {where}",
                type=spec["class"],
                label=f"{spec['label']} of {org_name}",
                facts={"postIn": office.organisation},
            )
        self.holding_claim(
            person, post, f"{org_slug}-{slugify(spec['label'])}", f"{spec['label']} of {org_name}", sentence, 0.75
        )

    def holding_claim(
        self, person: PersonMention, post: str, slug: str, office: str, sentence: str, confidence: float, how: str = ""
    ) -> None:
        """The claim that `person` holds `post` (declared with its label when new), attested as of
        the publication, in the words that name the office."""
        holding = f"holding/{person.ref.split('/', 1)[1]}-{slug}"
        keys = {"type": "PostHolding", "label": f"{person.label} as {office}"} if self.new(holding) else {}
        words = person.office.stated or person.office.title
        self.claim(
            sentence,
            holding,
            confidence,
            f"office held: {person.office.title!r} beside {person.stated!r}{how}",
            facts={
                "holder": person.ref,
                "post": post,
                "attestedOn": {"stated": words, "rule": "as-of-publication-date"},
            },
            **keys,
        )

    # -- organisations ----------------------------------------------------------------------------

    def organisations_in(self, doc, sentence: str, countries: list[Mention]) -> tuple[list[OrgMention], set[int]]:
        """Organisations named in the sentence, and the starts of country mentions that only say
        where an organisation is based ("Germany's Rheinmetall", "Swedish defence company Saab")."""
        words = self.lex.organisations
        found = []
        consumed: set[int] = set()
        not_orgs = {w.lower() for w in words["not_organisations"]} | {w.lower() for w in words["platforms"]}
        titles = self.offices.titles
        for ent in sorted([*_joined_organisations(doc), *self.named_makers(doc)], key=lambda e: e.start):
            if ent.label_ != "ORG" or self.titled_name(ent) is not None:
                continue
            name = re.sub(r"^(?:the|The)\s+", "", ent.text).strip()
            name = re.sub(r"(?:'s|’s)$", "", name)
            name = re.sub(
                r"\s*\([A-Z][A-Za-z]{1,9}$", "", name
            )  # "... Requirements List (PURL": the bracket is not the name's
            if not name or name.lower() in not_orgs or name in self.lex.country_names or name in self.lex.demonyms:
                continue
            if self.abbreviations.get(name, ("", ""))[0] is None:
                continue  # the abbreviation of a weapon's name
            if name in self.lex.system_origins[1] or name.removesuffix("s") in self.lex.system_origins[1]:
                continue  # "Germany, which also ordered Patriots": a weapon system (graph/lexicon/systems.yaml)
            maker = False
            if self.not_an_actor(ent, name, sentence):
                # "four more Saab Gripen E fighter jets": the product's maker, named before it, acts.
                ent = self.maker_before_product(ent)
                if ent is None:
                    continue
                name, maker = ent.text, True
            window = max(0, ent.start_char - 60)
            if (
                self.known.person(name) is not None
                or self.named_before(name) is not None
                or any(
                    window + m.start("name") == ent.start_char
                    for m in self.offices.beside_title.finditer(sentence[window : ent.end_char])
                )
                # ... or one that a country's office follows ("Oleksandr Syrskyi, Ukraine's
                # commander-in-chief": "Oleksandr" tagged an organisation, "Syrskyi" a place)
                or any(
                    m.start("name") == ent.start_char
                    and self.home_or_code(self.offices.read(sentence, m.start("name"), m.end("name"))[0])
                    for m in _NAME_BEFORE_COMMA.finditer(sentence, ent.start_char)
                )
            ):
                continue  # "Ukraine's Minister of Defense, Denys Shmyhal": a person the tagger took for an organisation
            if name in self.lex.capitals or name in self.capital_codes or name in self.lex.seats:
                continue
            lowered = name.lower()
            # "reports the Kyiv Independent", "told Reuters": who reports, not who partners.
            head = ent.root.head
            media_word, media_after, media_before = self.lex.media
            if (
                media_word.search(lowered)
                or name in self.news_agencies
                # "Defence Express, a Ukrainian defence news outlet", "news outlet Defence Express"
                or media_after.match(sentence, ent.end_char)
                or media_before.search(sentence[: ent.start_char])
                # (a subject after the verb, "reports the Kyiv Independent"; one before it, "Saab
                # said", is the organisation speaking)
                or (
                    head.lemma_ in words["reporting_verbs"]
                    and (
                        ent.root.dep_ in {"dobj", "pobj", "dative"}
                        or (ent.root.dep_ == "nsubj" and ent.root.i > head.i)
                    )
                )
            ):
                continue
            # "Finance" of "Finance Minister Lars Klingbeil", "Defence Readiness" of "Defence
            # Readiness and Industry Minister": words of a title, not an organisation.
            # ... so too after a demonym ("British Defence" of "British Defence Secretary John Healey")
            words_on = sentence[ent.start_char :]
            demonym = words_on.split(" ", 1)[0]
            if demonym in self.lex.demonyms or demonym in self.lex.country_names:
                words_on = words_on[len(demonym) :].lstrip()
            if re.match(rf"(?i:{titles})\b", words_on) and not self.org_names.get(name):
                continue
            # "S-400 Triumf", "F/A-18 Super Hornet", "3SM Tyrfing": a model designation, a weapon's name.
            if re.search(r"(?:^|[\s/-])(?:[A-Z]{1,3}[-/]?\d{1,4}[A-Z]{0,3}|\d{1,3}[A-Z]{1,4})(?:$|[\s/-])", name):
                continue
            name = self.alliance_names.get(name, name)  # "EU": the European Union
            # "Patriot air defence systems", "IRIS-T", "Leopard 2": a product's name (describing a
            # thing, or with a model designation after it), not an organisation.
            if (
                not maker
                and ent.root.dep_ == "compound"
                and head.pos_ == "NOUN"
                and head.text.islower()
                and head.lower_ not in self.lex.title_words  # "Dassault Aviation chairman": its officer
                and head.lower_ not in self.lex.office_by_title
            ):
                continue
            if re.match(r"-[A-Za-z0-9]|\s+\d", sentence[ent.end_char : ent.end_char + 3]):
                continue
            titled = re.match(
                rf"\s*(?:'s|’s)?\s*(?i:{titles}|{_alternation(self.lex.title_words)})\b", sentence[ent.end_char :]
            )
            if titled and re.search(rf"\b(?:{_alternation(words['body_words'])})\b", lowered):
                continue  # "French Armed Forces Minister": part of a title
            inside = [m for m in countries if ent.start_char <= m.start and m.end <= ent.end_char]
            code = inside[0].code if inside else None
            based = None
            if code is None:
                for mention in countries:
                    gap = sentence[mention.end : ent.start_char]
                    # Words that describe the organisation ("Swedish defence company Saab"), not a
                    # preposition or conjunction between two names ("for Ukraine from BAE Systems").
                    between = [t for t in doc if mention.end <= t.idx and t.idx + len(t) <= ent.start_char]
                    if (
                        mention.end <= ent.start_char
                        and re.fullmatch(r"(?:'s|’s|'|’)?\s+(?:[a-z][\w-]*\s+){0,3}(?:the\s+)?", gap)
                        # ("state-owned", "Kyiv-based": the end of a hyphenated word describes it)
                        and not any(
                            t.pos_ in {"ADP", "CCONJ", "SCONJ", "VERB", "AUX"}
                            and not (t.i and doc[t.i - 1].text == "-")
                            for t in between
                        )
                    ):
                        based = mention
            body = re.search(rf"\b(?:{_alternation(words['body_words'])})\b", lowered)
            if body and code is None and based is not None:
                # "Finland's defence ministry": the ministry of that country, which acts through it
                # (the country is not only where it is based).
                code, based = based.code, None
            if based is not None:
                consumed.add(based.start)
            if body:
                if code is None:
                    continue  # "the Defence Ministry" of no named country: left to the reviewer
                cls = "GovernmentBody"
                ref = f"body/{code.lower()}-{slugify(_INITIALISM_STOPS.sub('', name))}"
            else:
                last = lowered.split()[-1].strip(".")
                cls = (
                    "Company"
                    if last in words["company_suffixes"]
                    or re.search(
                        r"\b(?:company|manufacturer|maker|firm|group|contractor)\b",
                        sentence[max(0, ent.start_char - 40) : ent.start_char].lower(),
                    )
                    else "Organisation"
                )
                # "U.S. Treasury" -> us-treasury: an initialism's full stops are no word breaks.
                ref = "organisation/" + slugify(_INITIALISM_STOPS.sub("", name))
            earlier = self.same_organisation(name)
            after_the = ent.text.lower().startswith("the ") or sentence[: ent.start_char].lower().endswith("the ")
            if earlier is None and after_the and re.fullmatch(r"(?:(?i:the)\s+)?[A-Z][a-z]+", ent.text):
                continue  # "the Commission said", with no name in full before: which one, the reviewer knows
            if earlier is not None:
                ref = earlier  # "PGZ" after "Polska Grupa Zbrojeniowa (PGZ)", "Hyundai" after "Hyundai Rotem"
            elif name in self.abbreviations:
                # "TKMS" in a headline over "Thyssenkrupp Marine Systems (TKMS)": the same
                # organisation, declared from the sentence that gives its name in full.
                full, where = self.abbreviations[name]
                earlier = ref = f"organisation/{slugify(full)}"
                self.org_names[full] = ref
                if not self.known.has(ref) and self.new(ref):
                    self.claim(
                        where,
                        ref,
                        0.7,
                        "organisation: a name with its abbreviation in brackets",
                        type=cls,
                        label=full,
                        aliases=[name],
                    )
            abbreviation = re.match(r"\s*\(([A-Z][A-Za-z]{1,9})\)", sentence[ent.end_char :])
            if abbreviation and earlier is None:
                self.org_names[abbreviation.group(1)] = ref
            self.org_names.setdefault(name, ref)
            known = self.known.named(
                name,
                (
                    "Organisation",
                    "Company",
                    "StateOwnedCompany",
                    "ResearchInstitute",
                    "Agency",
                    "GovernmentBody",
                    "MediaOrganisation",
                ),
            )
            if known is not None:
                ref, is_known = known.ref, True
            else:
                is_known = self.known.has(ref)
            if earlier is not None:
                is_known = True  # declared by this report already
            if not is_known and self.new(ref):
                facts = {}
                if cls == "GovernmentBody":
                    facts["bodyOf"] = self.country(code, sentence, code)
                elif based is not None:
                    facts["basedIn"] = self.country(based.code, sentence, based.stated)
                self.claim(
                    sentence,
                    ref,
                    0.7,
                    f"organisation: an ORG name (spaCy), a {cls} by its words",
                    type=cls,
                    label=name,
                    facts=facts,
                    **({"aliases": [abbreviation.group(1)]} if abbreviation else {}),
                )
            if based is not None:
                self.org_based.setdefault(ref, based.code)
            elif cls != "GovernmentBody" and inside:
                # "Turkish Aerospace", "Saudi Arabian Military Industries": a company its name says
                # the country of, which a headline's country may stand for.
                self.org_based.setdefault(ref, inside[0].code)
            mention = OrgMention(ref, name, cls, ent.start_char, ent.end_char, is_known, code, ent.root)
            mention.titled = bool(titled)
            found.append(mention)
        return found, consumed

    def maker_before_product(self, ent):
        """The first words of a product's name that name its maker ("Saab" of "Saab Gripen", "Lockheed
        Martin" of "Lockheed Martin F-16"), as an ORG span: a name the workspace knows as an
        organisation, or that the report shows acting as a company; else None."""
        from spacy.tokens import Span

        start = ent.start + (ent[0].lower_ == "the")
        doc = ent.doc
        # "10 Airbus H225 helicopters", "Hanwha K9 howitzers": the model after the name is the
        # product; the name before it, its maker (the tagger may have cut the name short: "Lockheed"
        # of "Lockheed Martin F-35A").
        for end in range(ent.end, min(ent.end + 2, len(doc) - 1) + 1):
            if end > ent.end and not (doc[end - 1].is_title and doc[end - 1].pos_ == "PROPN"):
                break
            if end < len(doc) and re.fullmatch(r"[A-Z]{0,4}-?\d{1,4}[A-Z]{0,3}", doc[end].text):
                return Span(doc, start, end, label="ORG")
        for end in range(ent.end - 1, start, -1):
            words = ent.doc[start:end].text
            if (
                self.org_names.get(words)
                or self.known.named(words, ("Organisation", "Company", "StateOwnedCompany")) is not None
                or acts_as_company(self.report_text, words, self.lex)
            ):
                return Span(ent.doc, start, end, label="ORG")
        return None

    def awarded(self, ent) -> bool:
        """Whether a name is who a contract is awarded to ("awarded Lockheed Martin a contract", "was
        awarded to Tatra", "Lockheed Martin has been awarded a contract"): a company, whatever the
        tagger calls it (the small model calls unknown companies people)."""
        root = ent.root
        if ent.label_ not in {"PERSON", "ORG", "GPE", "NORP", "PRODUCT"} or ent.text in self.lex.country_names:
            return False
        if root.dep_ == "pobj" and root.head.lower_ == "to":
            root = root.head
        return (
            root.dep_ in {"dative", "dobj", "nsubjpass"}
            and root.head.lemma_.lower() in self.awarding_verbs
            and any(c.lemma_.lower() in self.awarded_nouns for c in root.head.subtree)
        )

    def _hung_on(self, ent, preposition: str):
        """The word a name the tagger calls a place or a person hangs on as the object of
        `preposition` ("from Kongsberg", "with ARTEC"), when it is no country, capital or seat the
        lexicon knows; else None."""
        root = ent.root
        if ent.label_ not in {"GPE", "PERSON", "LOC"} or root.dep_ != "pobj" or root.head.lower_ != preposition:
            return None
        name = ent.text
        if name in self.lex.country_names or name in self.lex.capitals or name in self.lex.seats:
            return None
        if name in self.capital_codes or name in self.lex.demonyms:
            return None
        return root.head.head

    def sold_from(self, ent) -> bool:
        """Whether a name the tagger calls a place or a person is who goods are bought from ("ordered
        20 drones from Kongsberg"): after "from" on a verb of buying."""
        verb = self._hung_on(ent, "from")
        return verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in self.buying_verbs

    def contracted(self, ent) -> bool:
        """Whether a name the tagger calls a person or a place is who a contract or an order is with
        ("signed a 2.9 billion euro contract with ARTEC"): a company (the small model calls unknown
        companies people), unless a person the graph knows."""
        document = self._hung_on(ent, "with")
        return (
            document is not None
            and document.pos_ == "NOUN"
            and document.lemma_.lower() in self.lex.organisations["contract_nouns"]
            and self.known.person(ent.text) is None
        )

    def listed_with(self, ent) -> bool:
        """Whether a name the tagger calls a person is listed with a company, as one ("agreements with
        Turkey's Baykar and Otokar"): joined to an organisation's name, no title beside it, and no
        person the graph knows."""
        root = ent.root
        return (
            ent.label_ == "PERSON"
            and root.dep_ == "conj"
            and root.head.ent_type_ == "ORG"
            and self.known.person(ent.text) is None
            and not self.offices.read(ent.doc.text, ent.start_char, ent.end_char)[0]
        )

    def named_makers(self, doc) -> list:
        """Names the tagger missed that a noun of industry introduces ("state arms company
        Romarm", "weapons maker Condor"), as ORG spans: the capitalised words right after it; and
        the names whose role says they are companies (awarded a contract, bought from)."""
        from spacy.tokens import Span

        by_role = [
            Span(doc, e.start, e.end, label="ORG")
            for e in doc.ents
            if e.label_ != "ORG" and (self.awarded(e) or self.sold_from(e) or self.contracted(e) or self.listed_with(e))
        ]
        # ... and a name the tagger did not tag at all ("awarded Raytheon a contract")
        for token in doc:
            if token.pos_ == "PROPN" and not token.ent_type_ and token.is_title:
                start = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"])
                span = Span(doc, start, token.i + 1, label="ORG")
                if self.awarded(span):
                    by_role.append(span)
        # ... and the abbreviation of an organisation read before, given in brackets after its name
        # ("Hindustan Aeronautics Limited (HAL)"), where the tagger does not tag it ("HAL had earlier
        # ordered 99 F404 engines"); not a programme's ("Official Security Assistance (OSA)")
        if self.abbreviations:
            by_role += [
                Span(doc, t.i, t.i + 1, label="ORG")
                for t in doc
                if t.text in self.abbreviations
                and not t.ent_type_
                and (self.abbreviations[t.text][0] or None) in self.org_names
            ]

        makers = set(self.lex.organisations["maker_nouns"])
        titles = set(self.lex.title_words)
        # Words tagged as an organisation already; a name tagged as a place or a person after
        # "company" is the company's (the small model tags unknown names as places).
        tagged = {t.i for ent in doc.ents if ent.label_ == "ORG" for t in ent}
        places = set(self.lex.country_names) | set(self.lex.capitals)
        found = []
        for token in doc:
            if token.lower_ not in makers or token.i + 1 >= len(doc):
                continue
            end = token.i + 1
            while (
                end < len(doc)
                # ("Brazilian company SIATT": a name in capitals the tagger took for a verb)
                and ((doc[end].pos_ == "PROPN" and doc[end].is_title) or (doc[end].is_upper and len(doc[end]) > 2))
                and end not in tagged
                and doc[end].text not in places
            ):
                end += 1
            if end > token.i + 1 and doc[token.i + 1].lower_ not in titles:
                found.append(Span(doc, token.i + 1, end, label="ORG"))
        return found + by_role + self.makers_by_country(doc)

    def makers_by_country(self, doc) -> list:
        """Names a country's adjective or possessive introduces, that the tagger missed, ran the
        adjective into or took for places ("with Norwegian Kongsberg and German Diehl Defence",
        "Turkey's Baykar and Italy's Leonardo signed"), where a party stands (acts_as_party):
        companies of that country. Not a title and its holder ("German Chancellor Friedrich
        Merz"), a body ("the Ukrainian Armed Forces"), a person ("Ukraine's Zelensky"), a place, a
        programme ("Britain's Operation Interflex") nor a product ("Polish Piorun missiles")."""
        from spacy.tokens import Span

        demonyms = {d for d in self.lex.demonyms if " " not in d and d.isalpha()}
        not_names = (
            set(self.lex.title_words)
            | set(self.state_nouns)
            | {w for phrase in self.lex.organisations["body_words"] for w in phrase.split()}
        )
        makers = set(self.lex.organisations["maker_nouns"])
        found = []
        for token in doc:
            # "Norwegian Kongsberg", or "Turkey's Baykar" (the country's name and its "'s")
            owner = (
                token.text in {"'s", "’s"}
                and token.i > 0
                and any(e.end == token.i and e.text in self.lex.country_names for e in doc.ents if e.label_ == "GPE")
            )
            if not (token.text in demonyms or owner) or token.i + 1 >= len(doc):
                continue
            start = end = token.i + 1
            # "Russia's arms exporter Rosoboronexport", "Sweden's defence group Saab": the words that
            # say what the company is stand between
            described = next(
                (i + 1 for i in range(start, min(start + 3, len(doc))) if doc[i].lower_ in makers),
                None,
            )
            if described is not None and all(t.is_lower for t in doc[start:described]):
                start = end = described
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and doc[end].ent_type_ != "ORG":
                end += 1
            run = doc[start:end]
            if (
                not len(run)
                or any(t.lower_ in not_names for t in run)
                or run.text in self.lex.country_names
                or f"{token.text} {run[0].text}" in self.lex.country_names  # "Czech Republic"
                or (owner and any(t.ent_type_ == "PERSON" for t in run))  # "Ukraine's Zelensky"
                # a place the tagger tagged (after "Turkey's" the small model tags companies as
                # places too, so there only a capital is one)
                or any(t.ent_type_ in ({"LOC", "NORP"} if owner else {"GPE", "LOC", "NORP"}) for t in run)
                or run.text in self.lex.capitals
                or run[0].lower_ in self.lex.organisations["programme_openers"]  # "Britain's Operation Interflex"
                or run.text in self.lex.demonyms
                or self.known.person(run.text) is not None
                or (run[-1].dep_ == "compound" and run[-1].head.pos_ == "NOUN")
                or any(t.ent_type_ == "PERSON" and t.ent_iob_ == "B" and t.i > token.i + 1 for t in run)
                or (end < len(doc) and doc[end].like_num)
                or not self.acts_as_party(run.root)
            ):
                continue
            found.append(Span(doc, run.start, run.end, label="ORG"))
        return found

    def acts_as_party(self, token) -> bool:
        """Whether a name stands where a party of a deal does: one signs, says, supplies ("Turkey's
        Baykar and Italy's Leonardo signed"), or is dealt with ("with Israel's Rafael"); not a thing
        that does something else ("Israel's Iron Dome intercepted the drones")."""
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if token.dep_ == "pobj":
            return token.head.lower_ in {"with", "from", "by"}
        verb = token.head
        return token.dep_ in {"nsubj", "nsubjpass"} and (
            verb.lemma_.lower() in self.lex.organisations["reporting_verbs"]
            or verb.lemma_.lower() in self.events_reader.verbs
        )

    def same_organisation(self, name: str) -> str | None:
        """The organisation this report named before under a longer or shorter name: its
        abbreviation given in brackets ("Polska Grupa Zbrojeniowa (PGZ)"), or the first words of its
        name ("Hyundai" after "Hyundai Rotem"), or its head noun alone ("the Commission" after "the
        European Commission")."""
        if name in self.org_names:
            return self.org_names[name]
        words = name.split()
        for earlier, ref in self.org_names.items():
            theirs = earlier.split()
            if len(words) < len(theirs) and theirs[: len(words)] == words:
                return ref
        for earlier, ref in self.org_names.items():
            # "the Commission" after "the European Commission": the head noun alone.
            if len(words) == 1 and len(earlier.split()) >= 2 and earlier.split()[-1] == name:
                return ref
        return None

    def not_an_actor(self, ent, name: str, sentence: str) -> bool:
        """Whether an ORG name is not an organisation that acts in the report: a product ("the
        KAAN fighter jets", "Gripen"), a ship ("INS Vikrant"), a place after "in" or "at", or
        someone's place of work in an attribution ("an analyst at the Ifo Institute")."""
        words = self.lex.organisations
        after = sentence[ent.end_char : ent.end_char + 40]
        following = re.match(r"[\s-]*(?:[A-Z0-9][\w-]*\s+){0,2}([a-z][\w-]*)", after)
        products = set(words["product_words"]) | self.goods
        if following and following.group(1) in products:
            return True
        if name in self.product_names and self.known.named(name, ("Organisation", "Company")) is None:
            return True  # "the Gripen", "KAAN will fly": named a product elsewhere in the report
        if name.split()[-1].lower() in words["programme_heads"] or (
            len(name.split()) > 1 and name.split()[0].lower() in words["programme_openers"]
        ):
            return True  # "Prioritized Ukraine Requirements List", "Operation Interflex": a programme's name
        if name.split()[-1].lower() in words["affiliation_words"]:
            return True  # "... on X. Analysts said": people, not an organisation
        if self.lex.amount_in_name.search(name):
            return True  # "France 16.2 billion": a country and its share
        if name.split()[0] in words["ship_prefixes"]:
            return True
        before = sentence[max(0, ent.start_char - 40) : ent.start_char].lower()
        if re.search(rf"\b(?:{_alternation(words['affiliation_words'])})\s+(?:at|from|of|with)\s+(?:the\s+)?$", before):
            return True
        named = re.search(
            rf"([\w-]+),?\s+(?:{_alternation(words['naming_words'])})\s+(?:the\s+)?$",
            sentence[max(0, ent.start_char - 60) : ent.start_char].lower(),
        )
        if named and named.group(1) in products:
            return True  # "88 Boxer vehicles, known locally as Vilkas": the goods' other name (not a venture's)
        if re.search(r"\b(?:in|at|near)\s+$", before) and not self.org_names.get(name):
            # "its plant in Gavião Peixoto", "at the Thessaloniki International Fair": a place.
            return (
                self.known.named(name, ("Organisation", "Company")) is None
                and name.split()[-1].lower().strip(".") not in words["company_suffixes"]
            )
        return False

    # -- a sentence -------------------------------------------------------------------------------
