"""A synthetic partnership corpus in pactgraph's vocabulary, at any size, for store benchmarks.

    python bench/corpus.py 1000000 -o /tmp/corpus-1m.trig

Laid out as `pactgraph build` lays out its TriG: each report's facts, claims and sentences in a
graph of its own, described in the default graph (prov:wasDerivedFrom its document), the ontology
in its own graph, and the reference list of countries, ministries and posts in another. In it:
agreements with parties, signatories, dates and statuses; production, donation, allocation and
pledge programmes with amounts and rates; contributions; announcements; coalitions with their
leaders, members and funding; invasions and support relations with their trends; dates resolved
from words ("on Thursday") with the rule used; Ukraine among the countries; and several reports of
one event: a quarter of the events are reported again by a later report, which half the time
disagrees (another signing date, another amount) and which is now and then a wire copy of another
report. So that every named query has rows to find at every size (bench/stores.py checks it).
Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pactgraph import paths  # noqa: E402

BASE = "https://w3id.org/pactgraph/"
PACT = BASE + "ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
STATUSES = ["announced", "aimed", "planned", "negotiating", "signed", "pledged", "in-production", "delivered"]
WEAPONS = ["drone", "interceptor-drone", "long-range-attack-drone", "naval-drone", "reconnaissance-drone"]
KINDS = ["co-production-agreement", "memorandum-of-understanding", "letter-of-intent", "framework-agreement"]
CONTRIBUTIONS = ["experience-and-innovation", "production-capacity", "research-and-development", "funding"]


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + local)


def p(term: str) -> ox.NamedNode:
    return ox.NamedNode(PACT + term)


def text(value: str, lang: str | None = "en") -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


DCTERMS = "http://purl.org/dc/terms/"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
SKOS_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
REPORTS_PER_SOURCE = 20  # events a report tells of
COPY_EVERY = 10  # every tenth report is a wire copy of the report before it


class Sources:
    """The reports: each described once, in its own graph, when it first tells of something."""

    def __init__(self):
        self.described: set[int] = set()

    def graph(self, k: int) -> ox.NamedNode:
        return ox.NamedNode(f"{BASE}graph/s{k}")

    def document(self, k: int) -> ox.NamedNode:
        return n(f"id/source/s{k}")

    def describe(self, k: int, date: str) -> list[ox.Quad]:
        if k in self.described:
            return []
        self.described.add(k)
        graph, source, publisher = self.graph(k), self.document(k), n(f"id/publisher/pub{k % 7}")
        quads = [
            ox.Quad(graph, RDF_TYPE, ox.NamedNode("http://www.w3.org/ns/prov#Entity"), ox.DefaultGraph()),
            ox.Quad(graph, PROV_DERIVED, source, ox.DefaultGraph()),
            ox.Quad(graph, ox.NamedNode(DCTERMS + "source"), source, ox.DefaultGraph()),
        ]
        facts = [
            (source, RDF_TYPE, p("SourceDocument")),
            (source, LABEL, text(f"Report {k}")),
            (source, ox.NamedNode(DCTERMS + "publisher"), publisher),
            (source, ox.NamedNode(DCTERMS + "issued"), typed(date, "date")),
            (source, ox.NamedNode(DCTERMS + "language"), text("en", None)),
            (source, p("sha256"), text(f"{k:064x}", None)),
            (publisher, RDF_TYPE, p("Publisher")),
            (publisher, LABEL, text(f"Publisher {k % 7}", None)),
        ]
        if k % COPY_EVERY == COPY_EVERY - 1:  # a wire copy: counts with its original, not beside it
            facts.append((source, ox.NamedNode(DCTERMS + "source"), self.document(k - 1)))
        return quads + [ox.Quad(*triple, graph) for triple in facts]


def _claim(k: int, name: str, about, properties: list[str], sentence_text: str, offset: int) -> list[tuple]:
    """A claim of report k about `about`, asserting `properties`, citing one sentence."""
    source = n(f"id/source/s{k}")
    claim, sentence = n(f"id/claim/s{k}/{name}"), n(f"id/source/s{k}/chars/{offset}-{offset + 80}")
    return [
        (claim, RDF_TYPE, p("Claim")),
        (claim, p("claimAbout"), about),
        *[(claim, p("assertsProperty"), p(prop)) for prop in properties],
        (claim, p("evidence"), sentence),
        (claim, PROV_DERIVED, source),
        (sentence, RDF_TYPE, p("SourceSentence")),
        (sentence, ox.NamedNode(OA + "exact"), text(sentence_text, None)),
        (sentence, ox.NamedNode(OA + "start"), typed(str(offset), "integer")),
        (sentence, ox.NamedNode(OA + "end"), typed(str(offset + 80), "integer")),
        (sentence, ox.NamedNode(DCTERMS + "isPartOf"), source),
    ]


def _money(node, value: int, day: str) -> list[tuple]:
    """A stated amount in USD, and its value in EUR as the build derives it (graph/exchange.py), at
    a nominal rate: the shape of the data, not the ECB's figures."""
    euros = ox.NamedNode(f"{node.value}/in-eur-{day}")
    return [
        (node, RDF_TYPE, ox.NamedNode(SCHEMA + "MonetaryAmount")),
        (node, ox.NamedNode(SCHEMA + "value"), typed(f"{value}000000.0", "decimal")),
        (node, ox.NamedNode(SCHEMA + "currency"), text("USD", None)),
        (euros, RDF_TYPE, p("ConvertedAmount")),
        (euros, RDF_TYPE, ox.NamedNode(SCHEMA + "MonetaryAmount")),
        (euros, p("convertedFrom"), node),
        (euros, ox.NamedNode(SCHEMA + "value"), typed(f"{value * 862000}.0", "decimal")),
        (euros, ox.NamedNode(SCHEMA + "currency"), text("EUR", None)),
        (euros, p("exchangeRate"), typed("1.16", "decimal")),
        (euros, p("rateDate"), typed(day, "date")),
        (euros, p("rateFor"), typed(day, "date")),
        (euros, p("conversionRule"), n("id/resolution-rule/ecb-reference-rate")),
    ]


def corpus(target: int, seed: int = 1):
    """Yield about `target` quads (the ontology included)."""
    rng = random.Random(seed)
    ontology_graph = ox.NamedNode(BASE + "ontology")
    ontology = list(ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE))
    yield from (ox.Quad(q.subject, q.predicate, q.object, ontology_graph) for q in ontology)
    count = len(ontology)
    sources = Sources()
    reference = sources.graph(-1)  # the list of countries, ministries and posts
    for quad in sources.describe(-1, "2026-11-30"):
        yield quad
        count += 1
    countries = ["UA"] + [f"C{i:03d}" for i in range(199)]
    for code in countries:
        c = n(f"id/country/{code}")
        body, post = n(f"id/body/{code}-mod"), n(f"id/post/{code}-defence-minister")
        for triple in [
            (c, RDF_TYPE, p("Country")),
            (c, LABEL, text("Ukraine" if code == "UA" else f"Country {code}")),
            (c, p("iso3166Alpha2"), text(code[:2], None)),
            (body, RDF_TYPE, p("GovernmentBody")),
            (body, LABEL, text(f"Ministry of Defence of {code}")),
            (body, p("bodyOf"), c),
            (post, RDF_TYPE, p("MinisterialPost")),
            (post, LABEL, text(f"Defence Minister of {code}")),
            (post, p("postIn"), body),
        ]:
            yield ox.Quad(*triple, reference)
            count += 1
    unit = 0
    while count < target:
        unit += 1
        year = rng.randint(2014, 2027)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        a, b = rng.sample(countries, 2)
        if unit % 10 == 0 and "UA" not in (a, b):  # Ukraine a party to one event in ten, at least
            a = "UA"
        k = unit // REPORTS_PER_SOURCE
        quads = sources.describe(k, date)
        agreement = n(f"id/agreement/a{unit}")
        status = rng.choice(STATUSES)
        triples = [
            (agreement, RDF_TYPE, p("Agreement")),
            (agreement, LABEL, text(f"Agreement {unit} between {a} and {b}")),
            (agreement, p("agreementKind"), n(f"id/agreement-kind/{rng.choice(KINDS)}")),
            (agreement, p("status"), n(f"id/status/{status}")),
            (agreement, p("party"), n(f"id/country/{a}")),
            (agreement, p("party"), n(f"id/country/{b}")),
            (agreement, p("signedOn"), typed(date, "date")),
        ]
        for side in (a, b):
            person, holding = n(f"id/person/p{unit}-{side}"), n(f"id/holding/h{unit}-{side}")
            triples += [
                (person, RDF_TYPE, p("Person")),
                (person, LABEL, text(f"Minister {unit} of {side}")),
                (holding, RDF_TYPE, p("PostHolding")),
                (holding, LABEL, text(f"Minister {unit} as minister of {side}")),
                (holding, p("holder"), person),
                (holding, p("post"), n(f"id/post/{side}-defence-minister")),
                (holding, p("attestedOn"), typed(date, "date")),
                (agreement, p("signatory"), person),
            ]
        # Every fiftieth event funds a coalition led by one country in support of another.
        coalition = n(f"id/coalition/k{unit}") if unit % 50 == 0 else None
        kind = "Donation" if coalition else rng.choice(["ProductionProgramme", "Donation", "Allocation", "Pledge"])
        programme, amount = n(f"id/programme/g{unit}"), n(f"id/programme/g{unit}/amount/usd")
        value = rng.randint(1, 9000)
        triples += [
            (programme, RDF_TYPE, p(kind)),
            (programme, LABEL, text(f"Programme {unit} of {a}")),
            (programme, p("status"), n(f"id/status/{rng.choice(STATUSES)}")),
            (programme, p("participant"), n(f"id/country/{a}")),
            (programme, p("underAgreement"), agreement),
            (programme, p("weaponType"), n(f"id/weapon-type/{rng.choice(WEAPONS)}")),
        ]
        if kind == "ProductionProgramme":
            rate = n(f"id/programme/g{unit}/productionRate/r")
            triples += [
                (programme, p("productionRate"), rate),
                (rate, RDF_TYPE, ox.NamedNode(SCHEMA + "QuantitativeValue")),
                (rate, ox.NamedNode(SCHEMA + "value"), typed(f"{rng.randint(10, 5000)}.0", "decimal")),
                (rate, ox.NamedNode(SCHEMA + "unitText"), text("drones", None)),
                (rate, p("per"), typed("P1M", "duration")),
            ]
        else:
            triples += [
                (programme, p("funder"), n(f"id/country/{a}")),
                (programme, p("beneficiary"), n(f"id/country/{b}")),
                (programme, p("amount"), amount),
                *_money(amount, value, date),
            ]
        if kind == "Donation":  # announced by the donor, on the day
            triples += [
                (programme, p("announcedBy"), n(f"id/country/{a}")),
                (programme, p("announcedOn"), typed(date, "date")),
            ]
        if coalition:
            c = rng.choice(countries)
            triples += [
                (coalition, RDF_TYPE, p("Coalition")),
                (coalition, LABEL, text(f"{a}-led coalition {unit} for {b}")),
                (coalition, p("ledBy"), n(f"id/country/{a}")),
                (coalition, p("supports"), n(f"id/country/{b}")),
                (coalition, p("member"), n(f"id/country/{a}")),
                (coalition, p("member"), n(f"id/country/{c}")),
                (programme, p("recipient"), coalition),
            ]
        if unit % 100 == 0:  # the war around it: an invasion, and a country's support for the invaded
            invasion, support = n(f"id/invasion/i{unit}"), n(f"id/support/u{unit}")
            helper = rng.choice(countries)
            triples += [
                (invasion, RDF_TYPE, p("Invasion")),
                (invasion, LABEL, text(f"{a}'s invasion {unit} of {b}")),
                (invasion, p("invader"), n(f"id/country/{a}")),
                (invasion, p("invaded"), n(f"id/country/{b}")),
                (support, RDF_TYPE, p("SupportRelation")),
                (support, LABEL, text(f"{helper}'s support {unit} to {b}")),
                (support, p("supporter"), n(f"id/country/{helper}")),
                (support, p("supported"), n(f"id/country/{b}")),
                (support, p("trend"), n(f"id/trend/{rng.choice(['growing', 'reduced'])}")),
            ]
        contribution = n(f"id/contribution/k{unit}")
        triples += [
            (contribution, RDF_TYPE, p("Contribution")),
            (contribution, LABEL, text(f"Contribution {unit} of {b}")),
            (contribution, p("contributor"), n(f"id/country/{b}")),
            (contribution, p("contributesTo"), agreement),
            (contribution, p("contributionKind"), n(f"id/contribution-kind/{rng.choice(CONTRIBUTIONS)}")),
        ]
        triples += _claim(k, f"c{unit}", agreement, ["status"], f"{a} and {b} signed agreement {unit}.", unit)
        if unit % 5 == 0:  # a date the report gave in words, and how it was resolved
            claim, resolution = n(f"id/claim/s{k}/d{unit}"), n(f"id/claim/s{k}/d{unit}/resolution/signedOn")
            triples += _claim(k, f"d{unit}", agreement, ["signedOn"], f"They signed it on Thursday ({unit}).", unit + 1)
            triples += [
                (claim, p("hasResolution"), resolution),
                (resolution, RDF_TYPE, p("Resolution")),
                (resolution, p("ofProperty"), p("signedOn")),
                (resolution, p("statedAs"), text("on Thursday", None)),
                (resolution, p("resolutionRule"), n("id/resolution-rule/weekday-before-publication-date")),
                (resolution, p("resolvedValue"), typed(date, "date")),
                (resolution, p("relativeTo"), typed(date, "date")),
            ]
        quads += [ox.Quad(*triple, sources.graph(k)) for triple in triples]
        if unit % 4 == 0:  # reported again by a later report, which every other time disagrees
            later = k + 1 + unit % 3
            disagrees = unit % 8 == 0
            again = [
                (agreement, RDF_TYPE, p("Agreement")),
                (agreement, LABEL, text(f"Agreement {unit} between {a} and {b}")),
                (agreement, p("party"), n(f"id/country/{a}")),
                (agreement, p("party"), n(f"id/country/{b}")),
                (agreement, p("status"), n(f"id/status/{status}")),
                (agreement, p("signedOn"), typed(f"{year}-{date[5:7]}-{int(date[8:]) + disagrees:02d}", "date")),
                *_claim(later, f"c{unit}", agreement, ["signedOn"], f"{a} and {b} signed deal {unit}.", unit),
            ]
            if kind != "ProductionProgramme":
                other = n(f"id/programme/g{unit}/amount/usd-s{later}")
                again += [(programme, p("amount"), other), *_money(other, value + disagrees, date)]
            quads += sources.describe(later, date)
            quads += [ox.Quad(*triple, sources.graph(later)) for triple in again]
        yield from quads
        count += len(quads)


def write(target: int, path: Path, seed: int = 1) -> int:
    """Write the corpus to `path` as TriG, streamed (10M quads as Python objects would take
    gigabytes); return the number of quads."""
    from pactgraph.prefixes import PREFIXES

    written = 0

    def counted():
        nonlocal written
        for quad in corpus(target, seed):
            written += 1
            yield quad

    ox.serialize(counted(), output=str(path), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int, help="about how many quads")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    print(f"{args.output}: {write(args.triples, args.output)} quads")


if __name__ == "__main__":
    main()
