import pytest
from pactgraph.resolve import ResolutionError, resolve
from pactgraph.sources import Published

PUBLISHED = Published("2025-11-30")  # a Sunday


@pytest.mark.parametrize(
    ("rule", "stated", "expected"),
    [
        ("relative-to-publication-date", "next year", "2026"),
        ("relative-to-publication-date", "Last year", "2024"),
        ("year-from-publication-date", "November 30", "2025-11-30"),
        ("year-from-publication-date", "on March 3", "2025-03-03"),
        ("as-of-publication-date", "his counterpart", "2025-11-30"),
        ("capital-for-government", "Oslo", None),
        # Sunday 30 November 2025: the Monday before is the 24th, the Friday after the 5th of December.
        ("weekday-before-publication-date", "on Monday", "2025-11-24"),
        ("weekday-before-publication-date", "Sunday", "2025-11-30"),
        ("weekday-before-publication-date", "last Saturday", "2025-11-29"),
        ("weekday-after-publication-date", "on Friday", "2025-12-05"),
        ("weekday-after-publication-date", "next Monday", "2025-12-01"),
        ("month-in-publication-year", "in July", "2025-07"),
        ("month-in-publication-year", "early March", "2025-03"),
        ("season-in-publication-year", "this spring", "2025"),
        # Written in November 2025: a January to come is 2026's, a December to come this year's.
        ("month-after-publication-date", "in January", "2026-01"),
        ("month-after-publication-date", "December", "2025-12"),
        ("month-after-publication-date", "November", "2025-11"),
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
        ("weekday-before-publication-date", "on Funday"),
        ("month-in-publication-year", "in Smarch"),
        ("season-in-publication-year", "in the rainy season"),
    ],
)
def test_unresolvable_wording_is_refused(rule, stated):
    with pytest.raises(ResolutionError):
        resolve(rule, stated, PUBLISHED)


def test_a_source_dated_by_month_resolves_years_but_not_weekdays():
    month = Published("2025-11")
    assert resolve("relative-to-publication-date", "next year", month) == "2026"
    assert resolve("as-of-publication-date", "now", month) == "2025-11"
    with pytest.raises(ResolutionError, match="needs the day of publication"):
        resolve("weekday-before-publication-date", "on Monday", month)


def test_an_abbreviated_month_resolves_as_the_month():
    published = Published.parse("2025-12-02")
    assert resolve("year-from-publication-date", "Nov. 30", published) == "2025-11-30"
    assert resolve("year-from-publication-date", "on Sept. 11", published) == "2025-09-11"
