"""Derived values: the rules by which a wording in the text becomes a value, and their checks.

A claim may give a value as `{value: ..., stated: "next year", rule: relative-to-publication-date}`.
For the rules that can be computed from the source's publication date, the build computes the
value, fills it in when the claim leaves it out, and refuses a claim whose value disagrees.
The other rules (capital-for-government, date-of-following-announcement) are curators' judgements:
the value must be given, and the graph records the rule beside it.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}
_MONTH_DAY = re.compile(r"^(?:on\s+)?([a-z]+)\s+(\d{1,2})$")


class ResolutionError(ValueError):
    """The wording cannot be resolved by the rule; the message says why."""


def _year_from_publication(stated: str, published: dt.date) -> str:
    match = _MONTH_DAY.match(stated.strip().lower())
    if not match or match.group(1) not in MONTHS:
        raise ResolutionError(f"{stated!r} is not a month and day such as 'November 30'")
    try:
        return dt.date(published.year, MONTHS[match.group(1)], int(match.group(2))).isoformat()
    except ValueError:
        raise ResolutionError(f"{stated!r} is not a day of {published.year}") from None


def _relative_to_publication(stated: str, published: dt.date) -> str:
    offset = RELATIVE_YEARS.get(stated.strip().lower())
    if offset is None:
        raise ResolutionError(f"{stated!r} is not one of {', '.join(repr(k) for k in RELATIVE_YEARS)}")
    return str(published.year + offset)


def _as_of_publication(stated: str, published: dt.date) -> str:
    return published.isoformat()


# Rule slug (a concept under id/resolution-rule/ in ontology/pact.ttl) -> computation.
COMPUTED_RULES = {
    "year-from-publication-date": _year_from_publication,
    "relative-to-publication-date": _relative_to_publication,
    "as-of-publication-date": _as_of_publication,
}


def resolve(rule: str, stated: str, published: dt.date) -> str | None:
    """The lexical value `stated` resolves to under `rule`, or None if the rule is not computed."""
    compute = COMPUTED_RULES.get(rule)
    return None if compute is None else compute(stated, published)
