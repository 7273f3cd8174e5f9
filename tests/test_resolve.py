import datetime as dt

import pytest

from graph.resolve import ResolutionError, resolve

PUBLISHED = dt.date(2025, 11, 30)


@pytest.mark.parametrize(
    ("rule", "stated", "expected"),
    [
        ("relative-to-publication-date", "next year", "2026"),
        ("relative-to-publication-date", "Last year", "2024"),
        ("year-from-publication-date", "November 30", "2025-11-30"),
        ("year-from-publication-date", "on March 3", "2025-03-03"),
        ("as-of-publication-date", "his counterpart", "2025-11-30"),
        ("capital-for-government", "Oslo", None),
    ],
)
def test_rules(rule, stated, expected):
    assert resolve(rule, stated, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("rule", "stated"),
    [
        ("relative-to-publication-date", "soon"),
        ("year-from-publication-date", "February 30"),
        ("year-from-publication-date", "Smarch 3"),
    ],
)
def test_unresolvable_wording_is_refused(rule, stated):
    with pytest.raises(ResolutionError):
        resolve(rule, stated, PUBLISHED)
