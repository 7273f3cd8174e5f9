"""A synthetic partnership corpus in pactgraph's vocabulary, at any size, for store benchmarks.

    python bench/corpus.py 1000000 -o /tmp/corpus-1m.ttl

Countries, ministries, posts and ministers; agreements with parties, signatories, dates and
statuses; production, donation, allocation and pledge programmes with amounts and rates;
contributions; sources, claims and their evidence sentences; and the ontology, so that every named
query has something to find. One Turtle file, one graph. Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import paths  # noqa: E402

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


def corpus(target: int, seed: int = 1):
    """Yield about `target` triples (the ontology included)."""
    rng = random.Random(seed)
    ontology = list(ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE))
    yield from (q.triple for q in ontology)
    count = len(ontology)
    countries = [f"C{i:03d}" for i in range(200)]
    for code in countries:
        c = n(f"id/country/{code}")
        body, post = n(f"id/body/{code}-mod"), n(f"id/post/{code}-defence-minister")
        for triple in [
            (c, RDF_TYPE, p("Country")),
            (c, LABEL, text(f"Country {code}")),
            (c, p("iso3166Alpha2"), text(code[:2], None)),
            (body, RDF_TYPE, p("GovernmentBody")),
            (body, LABEL, text(f"Ministry of Defence of {code}")),
            (body, p("bodyOf"), c),
            (post, RDF_TYPE, p("MinisterialPost")),
            (post, LABEL, text(f"Defence Minister of {code}")),
            (post, p("postIn"), body),
        ]:
            yield ox.Triple(*triple)
            count += 1
    unit = 0
    while count < target:
        unit += 1
        year = rng.randint(2014, 2027)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        a, b = rng.sample(countries, 2)
        source = n(f"id/source/s{unit // 20}")
        agreement = n(f"id/agreement/a{unit}")
        triples = [
            (agreement, RDF_TYPE, p("Agreement")),
            (agreement, LABEL, text(f"Agreement {unit} between {a} and {b}")),
            (agreement, p("agreementKind"), n(f"id/agreement-kind/{rng.choice(KINDS)}")),
            (agreement, p("status"), n(f"id/status/{rng.choice(STATUSES)}")),
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
        kind = rng.choice(["ProductionProgramme", "Donation", "Allocation", "Pledge"])
        programme, amount = n(f"id/programme/g{unit}"), n(f"id/programme/g{unit}/amount/usd")
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
                (rate, RDF_TYPE, ox.NamedNode("https://schema.org/QuantitativeValue")),
                (rate, ox.NamedNode("https://schema.org/value"), typed(f"{rng.randint(10, 5000)}.0", "decimal")),
                (rate, ox.NamedNode("https://schema.org/unitText"), text("drones", None)),
                (rate, p("per"), typed("P1M", "duration")),
            ]
        else:
            triples += [
                (programme, p("funder"), n(f"id/country/{a}")),
                (programme, p("beneficiary"), n(f"id/country/{b}")),
                (programme, p("amount"), amount),
                (amount, RDF_TYPE, ox.NamedNode("https://schema.org/MonetaryAmount")),
                (amount, ox.NamedNode("https://schema.org/value"), typed(f"{rng.randint(1, 9000)}000000.0", "decimal")),
                (amount, ox.NamedNode("https://schema.org/currency"), text("USD", None)),
            ]
        contribution = n(f"id/contribution/k{unit}")
        triples += [
            (contribution, RDF_TYPE, p("Contribution")),
            (contribution, LABEL, text(f"Contribution {unit} of {b}")),
            (contribution, p("contributor"), n(f"id/country/{b}")),
            (contribution, p("contributesTo"), agreement),
            (contribution, p("contributionKind"), n(f"id/contribution-kind/{rng.choice(CONTRIBUTIONS)}")),
        ]
        if unit % 20 == 1:
            publisher = n(f"id/publisher/pub{unit % 7}")
            triples += [
                (source, RDF_TYPE, p("SourceDocument")),
                (source, LABEL, text(f"Report {unit // 20}")),
                (source, ox.NamedNode("http://purl.org/dc/terms/publisher"), publisher),
                (source, ox.NamedNode("http://purl.org/dc/terms/issued"), typed(date, "date")),
                (source, ox.NamedNode("http://purl.org/dc/terms/language"), text("en", None)),
                (source, p("sha256"), text(f"{unit:064x}", None)),
                (publisher, RDF_TYPE, p("Publisher")),
                (publisher, LABEL, text(f"Publisher {unit % 7}", None)),
            ]
        claim, sentence = n(f"id/claim/s{unit // 20}/c{unit}"), n(f"id/source/s{unit // 20}/chars/{unit}-{unit + 80}")
        triples += [
            (claim, RDF_TYPE, p("Claim")),
            (claim, p("claimAbout"), agreement),
            (claim, p("assertsProperty"), p("status")),
            (claim, p("evidence"), sentence),
            (claim, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), source),
            (sentence, RDF_TYPE, p("SourceSentence")),
            (
                sentence,
                ox.NamedNode("http://www.w3.org/ns/oa#exact"),
                text(f"{a} and {b} signed agreement {unit}.", None),
            ),
            (sentence, ox.NamedNode("http://www.w3.org/ns/oa#start"), typed(str(unit), "integer")),
            (sentence, ox.NamedNode("http://www.w3.org/ns/oa#end"), typed(str(unit + 80), "integer")),
            (sentence, ox.NamedNode("http://purl.org/dc/terms/isPartOf"), source),
        ]
        for triple in triples:
            yield ox.Triple(*triple)
        count += len(triples)


def write(target: int, path: Path, seed: int = 1) -> int:
    triples = list(corpus(target, seed))
    from graph.prefixes import PREFIXES

    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    return len(triples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int, help="about how many triples")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    print(f"{args.output}: {write(args.triples, args.output)} triples")


if __name__ == "__main__":
    main()
