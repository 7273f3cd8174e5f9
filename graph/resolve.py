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

from .sources import Published

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
# Wire copy abbreviates them ("Nov. 30", "Sept. 11").
MONTHS |= {name[:3]: number for name, number in MONTHS.items() if len(name) > 4} | {"sept": 9}
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}
WEEKDAYS = {
    name: number for number, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
# "November 30" and "30 November" (and "November 30th").
_MONTH_DAY = re.compile(
    r"^(?:on\s+)?(?:the\s+)?(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?)$"
)
_WEEKDAY = re.compile(r"^(?:(?:on|last|this|next|coming|the)\s+)*([a-z]+)$")
_MONTH = re.compile(r"^(?:(?:in|on|during|by|since|from|this|early|mid|late|the|end\s+of|start\s+of)\s+)*([a-z]+)$")
_SEASON = re.compile(r"^(?:(?:in|during|by|this|the|early|late|coming)\s+)*([a-z]+)$")


class ResolutionError(ValueError):
    """The wording cannot be resolved by the rule; the message says why."""


def _words(stated: str) -> str:
    return " ".join(stated.strip().lower().replace("-", " ").split())


def _day(published: Published, stated: str) -> dt.date:
    if published.day is None:
        raise ResolutionError(
            f"{stated!r} needs the day of publication, and the source is dated only {published} (give the value instead)"
        )
    return published.day


def _year_from_publication(stated: str, published: Published) -> str:
    match = _MONTH_DAY.match(_words(stated))
    month, day = (
        (match.group(1), match.group(2))
        if match and match.group(1)
        else (match and match.group(4), match and match.group(3))
    )
    if not match or month not in MONTHS:
        raise ResolutionError(f"{stated!r} is not a month and day such as 'November 30'")
    try:
        return dt.date(published.year, MONTHS[month], int(day)).isoformat()
    except ValueError:
        raise ResolutionError(f"{stated!r} is not a day of {published.year}") from None


def _relative_to_publication(stated: str, published: Published) -> str:
    offset = RELATIVE_YEARS.get(_words(stated))
    if offset is None:
        raise ResolutionError(f"{stated!r} is not one of {', '.join(repr(k) for k in RELATIVE_YEARS)}")
    return str(published.year + offset)


def _as_of_publication(stated: str, published: Published) -> str:
    return published.text


def _weekday(stated: str) -> int:
    match = _WEEKDAY.match(_words(stated))
    if not match or match.group(1) not in WEEKDAYS:
        raise ResolutionError(f"{stated!r} is not a weekday such as 'on Monday'")
    return WEEKDAYS[match.group(1)]


def _weekday_before_publication(stated: str, published: Published) -> str:
    day = _day(published, stated)
    return (day - dt.timedelta(days=(day.weekday() - _weekday(stated)) % 7)).isoformat()


def _weekday_after_publication(stated: str, published: Published) -> str:
    day = _day(published, stated)
    return (day + dt.timedelta(days=(_weekday(stated) - day.weekday()) % 7)).isoformat()


def _month_in_publication_year(stated: str, published: Published) -> str:
    match = _MONTH.match(_words(stated))
    if not match or match.group(1) not in MONTHS:
        raise ResolutionError(f"{stated!r} is not a month without a year, such as 'in July'")
    return f"{published.year}-{MONTHS[match.group(1)]:02d}"


def _month_after_publication(stated: str, published: Published) -> str:
    """ "will start in January", written in December: the next January, not the one past."""
    month = int(_month_in_publication_year(stated, published)[5:])
    if len(published.text) < 7:
        raise ResolutionError(
            f"{stated!r} needs the month of publication, and the source is dated only {published} (give the value instead)"
        )
    year = published.year + (1 if month < int(published.text[5:7]) else 0)
    return f"{year}-{month:02d}"


def _season_in_publication_year(stated: str, published: Published) -> str:
    match = _SEASON.match(_words(stated))
    if not match or match.group(1) not in SEASONS:
        raise ResolutionError(f"{stated!r} is not a season without a year, such as 'this spring'")
    return str(published.year)


# Rule slug (a concept under id/resolution-rule/ in ontology/pact.ttl) -> computation.
COMPUTED_RULES = {
    "year-from-publication-date": _year_from_publication,
    "relative-to-publication-date": _relative_to_publication,
    "as-of-publication-date": _as_of_publication,
    "weekday-before-publication-date": _weekday_before_publication,
    "weekday-after-publication-date": _weekday_after_publication,
    "month-in-publication-year": _month_in_publication_year,
    "month-after-publication-date": _month_after_publication,
    "season-in-publication-year": _season_in_publication_year,
}


def resolve(rule: str, stated: str, published: Published) -> str | None:
    """The lexical value `stated` resolves to under `rule`, or None if the rule is not computed."""
    compute = COMPUTED_RULES.get(rule)
    return None if compute is None else compute(stated, published)
