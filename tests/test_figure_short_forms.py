"""The short form of a figure (narrow spaces: the app's cells, tables) and a running count that
has one undated report among its dated ones: what each says, and what it must not."""

from __future__ import annotations

from tracker.figures import figure_words, short_figure
from tracker.model import Claim, Quantity


def test_only_a_figure_per_side_says_per_side_in_its_short_form() -> None:
    assert short_figure(Quantity(what="prisoners", value=1000, per="side")) == "1,000 per side"
    assert short_figure(Quantity(what="prisoners", value=1000, per="total")) == "1,000"
    assert short_figure(Quantity(what="prisoners", value=1000)) == "1,000"


def test_the_short_form_of_a_running_count_is_its_latest_figure_with_its_day() -> None:
    count = Quantity(
        what="bodies",
        claims=[Claim(source="a", value=6000, as_of="2025-06-16"), Claim(source="b", value=7000, raw="about 7,000", as_of="2025-07-23")],
    )
    assert short_figure(count) == "about 7,000 by 23 July 2025"
    # The claims' order in the file does not matter: the latest day's figure is the one given.
    assert short_figure(count.model_copy(update={"claims": count.claims[::-1]})) == "about 7,000 by 23 July 2025"


def test_a_count_with_one_undated_report_is_no_running_count() -> None:
    """Without a day for every report, the figures cannot be put in the order they grew: they
    are told as figures the sources give, not as '… by …; then …'."""
    mixed = Quantity(what="bodies", claims=[Claim(source="a", value=6000), Claim(source="b", value=7000, raw="about 7,000", as_of="2025-07-23")])
    assert figure_words(mixed) == "6,000 bodies (b also gives about 7,000)"
    assert short_figure(mixed) == "6,000 or about 7,000"
