"""Figures in words at their edges: a date range over two months, a day every source allows,
a disputed figure with a unit or per side in short, and a running count whose figures are
bounds or `all` rather than exact values."""

from __future__ import annotations

import datetime as dt

from tracker.figures import amount_words, common_point, figure_words, short_figure
from tracker.model import Claim, Quantity

JUNE_20, JULY_5 = dt.date(2025, 6, 20), dt.date(2025, 7, 5)


def test_a_date_range_over_two_months_names_both_months() -> None:
    assert amount_words(Quantity(what="window", min=JUNE_20, max=JULY_5)) == "20 June 2025 to 5 July 2025"
    assert amount_words(Quantity(what="window", min=JUNE_20, max=dt.date(2025, 6, 30))) == "20 to 30 June 2025"


def test_a_day_every_source_allows_is_that_day() -> None:
    deadline = Quantity(what="deadline", claims=[Claim(source="a", max=JUNE_20), Claim(source="b", min=JUNE_20)])
    assert common_point(deadline.claims) == JUNE_20
    assert short_figure(deadline) == "about 20 June 2025"


def test_a_disputed_figure_in_short_keeps_its_unit_and_its_basis() -> None:
    length = Quantity(what="length", unit="days", claims=[Claim(source="a", value=30), Claim(source="b", value=60)])
    assert short_figure(length) == "30 or 60 days"
    exchange = Quantity(what="prisoners", per="side", claims=[Claim(source="a", value=500), Claim(source="b", value=1000)])
    assert short_figure(exchange) == "500 or 1,000 per side"


def test_a_running_count_of_bounds_and_all_says_each_as_its_source_gave_it() -> None:
    count = Quantity(
        what="prisoners",
        claims=[
            Claim(source="a", min=1000, as_of="2025-06-16"),
            Claim(source="b", max=1200, as_of="2025-07-23"),
            Claim(source="c", scope="all", as_of="2025-08-01"),
        ],
    )
    assert figure_words(count) == (
        "at least 1,000 prisoners by 16 June 2025; then at most 1,200 prisoners by 23 July 2025; then all prisoners by 1 August 2025"
    )


def test_a_minimum_worded_over_one_less_is_said_over_that_number() -> None:
    older = Quantity(what="age", min=18, raw="men over the age of 17 years")
    assert amount_words(older) == "over 17"
    # a wording with 'over' that does not name one less is read as the minimum itself
    assert amount_words(Quantity(what="age", min=18, raw="men over the age of 18 years")) == "at least 18"
