"""Facts of the seed article, checked in the graph itself: typed values, vague wording kept vague,
derived values recorded as derived, places resolved to countries."""

from __future__ import annotations

from pactgraph.vocab import ID, PACT, RDF, SCHEMA, XSD
from rdflib import Literal


def test_the_agreement_is_signed_and_the_uk_talks_are_not(merged):
    assert (ID["agreement/ukraine-norway-drone-coproduction"], PACT.status, ID["status/signed"]) in merged
    talks = ID["programme/uk-ukraine-interceptor-drone-production"]
    assert set(merged.objects(talks, PACT.status)) == {ID["status/negotiating"]}


def test_rate_of_two_thousand_a_month_is_typed(merged):
    rate = merged.value(ID["programme/uk-ukraine-interceptor-drone-production"], PACT.productionRate)
    assert merged.value(rate, SCHEMA.value) == Literal("2000.0", datatype=XSD.decimal)
    assert merged.value(rate, PACT.per) == Literal("P1M", datatype=XSD.duration)


def test_thousands_is_not_a_number(merged):
    quantity = merged.value(ID["programme/uk-long-range-attack-drone-funding"], PACT.quantity)
    assert merged.value(quantity, SCHEMA.value) is None
    assert merged.value(quantity, PACT.statedAs) == Literal("thousands")


def test_conversion_stated_in_the_text_is_a_second_amount(merged):
    donation = ID["programme/norway-maritime-coalition-donation"]
    amounts = {
        (str(merged.value(m, SCHEMA.currency)), merged.value(m, SCHEMA.value), merged.value(m, PACT.approximate))
        for m in merged.objects(donation, PACT.amount)
    }
    assert amounts == {
        ("NOK", Literal("6700000000.0", datatype=XSD.decimal), Literal(True)),
        ("USD", Literal("660000000.0", datatype=XSD.decimal), Literal(True)),
    }


def test_next_year_resolves_to_2026_and_is_recorded_as_derived(merged):
    allocation = ID["programme/norway-ukraine-defence-allocation-2026"]
    assert merged.value(allocation, PACT.plannedFor) == Literal("2026", datatype=XSD.gYear)
    resolutions = [r for r in merged.subjects(PACT.ofProperty, PACT.plannedFor)]
    assert len(resolutions) == 1
    (resolution,) = resolutions
    assert merged.value(resolution, PACT.statedAs) == Literal("next year")
    assert merged.value(resolution, PACT.relativeTo) == Literal("2025-11-30", datatype=XSD.date)
    assert merged.value(resolution, PACT.resolutionRule) == ID["resolution-rule/relative-to-publication-date"]


def test_capitals_resolve_to_countries(merged):
    assert merged.value(ID["programme/uk-long-range-attack-drone-funding"], PACT.funder) == ID["country/GB"]
    assert merged.value(ID["programme/norway-maritime-coalition-donation"], PACT.announcedBy) == ID["country/NO"]
    stated = {str(merged.value(r, PACT.statedAs)) for r in merged.subjects(RDF.type, PACT.Resolution)}
    assert {"Oslo", "London"} <= stated


def test_ministers_reach_their_country_only_through_a_post(merged):
    person = ID["person/denys-shmyhal"]
    assert not set(merged.objects(person, PACT.bodyOf))
    holding = merged.value(None, PACT.holder, person)
    body = merged.value(merged.value(holding, PACT.post), PACT.postIn)
    assert merged.value(body, PACT.bodyOf) == ID["country/UA"]


def test_every_claim_cites_a_sentence_that_is_in_its_source(built):
    for claim in built.claims:
        for evidence in claim.evidence:
            assert claim.source.text[evidence.start : evidence.end] == evidence.quote
