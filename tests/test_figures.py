"""Figures: when two versions of a figure agree, and how one is said in words."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.diff import ChangeClass, FieldChange, classify_field
from tracker.figures import amount_words, amounts_agree, common_point, figure_words, figures_agree, short_figure
from tracker.model import Claim, Quantity


def q(**fields) -> Quantity:
    return Quantity(what=fields.pop("what", "bodies"), **fields)


def claims(*amounts: dict, what: str = "bodies", unit: str | None = None) -> Quantity:
    return Quantity(what=what, unit=unit, claims=[Claim(source=f"src-{i}", **a) for i, a in enumerate(amounts)])


# --- compatibility --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ({"value": 30}, {"value": 30}, True),
        ({"value": 30}, {"min": 30}, True),  # '30' and 'at least 30'
        ({"value": 30}, {"min": 31}, False),
        ({"value": 30}, {"max": 30}, True),
        ({"value": 30}, {"max": 29}, False),
        ({"value": 6000}, {"value": 12000}, False),
        ({"value": 20}, {"min": 18, "max": 25}, True),  # a value inside a range
        ({"value": 26}, {"min": 18, "max": 25}, False),
        ({"min": 18, "max": 25}, {"max": 25}, True),  # the same upper end, one without a lower
        ({"min": 18, "max": 25}, {"max": 24}, False),  # another upper end: another band
        ({"min": 18, "max": 25}, {"min": 26, "max": 30}, False),
        ({"min": 60}, {"max": 60}, True),  # they meet at one point
        ({"min": 61}, {"max": 60}, False),
        ({"min": 30}, {"min": 60}, False),  # another floor: at least 30 is not at least 60
        ({"min": 30}, {"min": 30, "max": 90}, True),
        ({"scope": "all"}, {"scope": "all"}, True),
        ({"scope": "all"}, {"value": 1000}, False),  # all-for-all is not a number
        ({"scope": "all"}, {"min": 1}, False),
        ({"value": dt.date(2025, 6, 20)}, {"max": dt.date(2025, 6, 30)}, True),
        ({"value": dt.date(2025, 7, 1)}, {"max": dt.date(2025, 6, 30)}, False),
        ({"value": 30}, {"value": dt.date(2025, 6, 30)}, False),  # a number never agrees with a date
    ],
)
def test_amounts_agree_when_one_could_be_a_less_precise_report_of_the_other(first: dict, second: dict, agree: bool) -> None:
    a, b = q(**first), q(**second)
    assert amounts_agree(a, b) is agree
    assert amounts_agree(b, a) is agree  # symmetric
    assert figures_agree(a, b) is agree


def test_figures_with_claims_agree_when_every_claim_meets_one_on_the_other_side() -> None:
    thirty = q(what="length", value=30, unit="days")
    # A second source writes 'at least 30' where the first wrote 30: the same figure.
    assert figures_agree(thirty, claims({"value": 30}, {"min": 30}, what="length", unit="days"))
    # A second source giving 12,000 where all said 6,000: a contest, but 6,000 can still be true.
    assert figures_agree(q(value=6000), claims({"value": 6000}, {"value": 12000}))
    # The same contested claims in another order, or one more source for one of them: the same.
    contested = claims({"value": 6000}, {"value": 12000})
    assert figures_agree(contested, claims({"value": 12000}, {"value": 6000}, {"value": 6000}))
    # Settled on one figure of a contest (the US plan's 27 or 20 points, then 20): no move.
    assert figures_agree(contested, q(value=6000))
    assert figures_agree(q(value=12000), contested)
    # A figure none of the contest's claims allows: a move.
    assert not figures_agree(contested, q(value=8000))
    assert not figures_agree(claims({"value": 8000}, {"value": 9000}), contested)
    # Sources that agree are all of the figure: '30' and 'at least 30' do not allow 31.
    assert not figures_agree(claims({"value": 30}, {"min": 30}, what="length", unit="days"), q(what="length", value=31, unit="days"))


def test_figures_in_other_units_or_bases_do_not_agree() -> None:
    assert not figures_agree(q(value=30, unit="days"), q(value=30, unit="hours"))
    assert not figures_agree(q(value=1000, per="side"), q(value=1000, per="total"))
    assert figures_agree(q(value=1000, per="side"), q(value=1000, per="side"))


def test_a_figure_given_at_one_round_only_does_not_agree() -> None:
    assert not figures_agree(None, q(value=1))
    assert not figures_agree(q(value=1), None)
    assert figures_agree(None, None)


def test_a_figure_change_is_substance_only_when_it_no_longer_agrees() -> None:
    def change(old: Quantity | None, new: Quantity | None) -> ChangeClass:
        dump = lambda x: x.model_dump(mode="json", exclude_defaults=True) if x else None  # noqa: E731
        return classify_field(FieldChange("quantities[bodies]", dump(old), dump(new)))

    assert change(q(value=30), q(min=30)) is ChangeClass.record
    assert change(q(value=6000), q(value=12000)) is ChangeClass.substance
    assert change(None, q(value=6000)) is ChangeClass.record  # first given: new evidence, not a move from none
    assert change(q(value=30, raw="thirty"), q(value=30, raw="30")) is ChangeClass.record


def test_common_point() -> None:
    assert common_point([q(max=60), q(min=60), q(value=60)]) == 60
    assert common_point([q(max=60), q(min=50)]) is None  # a range in common, not a point
    assert common_point([q(scope="all"), q(value=1)]) is None
    # The tightest bounds, whichever amount gives them: at least 30 and exactly 60 meet at 60.
    assert common_point([q(min=30), q(value=60)]) == common_point([q(value=60), q(min=30)]) == 60
    assert common_point([q(max=90), q(value=60)]) == common_point([q(value=60), q(max=90)]) == 60


# --- words ----------------------------------------------------------------------------------------


def test_a_figure_in_words() -> None:
    assert figure_words(q(value=6000)) == "6,000 bodies"
    assert figure_words(q(what="prisoners", scope="all")) == "all prisoners"
    assert figure_words(q(what="prisoners", scope="all", raw="all-for-all")) == "all-for-all"
    assert figure_words(q(what="length", min=30, unit="days")) == "at least 30 days"
    assert figure_words(q(what="length", min=30, unit="days", raw="a minimum 30-day ceasefire")) == "at least 30 days"
    assert figure_words(q(what="length", min=2, max=3, unit="days", raw="2 to 3 days")) == "2 to 3 days"
    assert figure_words(q(what="released", value=1000, per="side")) == "1,000 released per side"
    assert figure_words(q(what="dates", min=dt.date(2025, 6, 20), max=dt.date(2025, 6, 30))) == "20 to 30 June 2025"
    assert figure_words(q(what="dates", min=dt.date(2025, 6, 20), max=dt.date(2026, 6, 30))) == "20 June 2025 to 30 June 2026"
    assert figure_words(q(what="handed over", max=dt.date(2025, 5, 28))) == "by 28 May 2025"
    assert figure_words(q(what="children named", value=339)) == "339"  # the caller names what it counts


def test_a_maximum_worded_as_under_is_said_as_under() -> None:
    """A maximum of 24 that the source words 'under the age of 25' is 'under 25', not ≤24."""
    age = q(what="age", max=24, unit="years", raw="young detainees under the age of 25")
    assert figure_words(age) == "under 25 years"
    assert short_figure(age) == "under 25 years"  # no symbol the source did not use
    assert amount_words(q(what="age", max=24, unit="years"), "years") == "at most 24 years"


def test_a_contested_figure_in_words_says_what_the_sources_say() -> None:
    bodies = Quantity(
        what="bodies",
        claims=[
            Claim(source="dw", value=6000),
            Claim(source="npr", value=6000),
            Claim(source="newslooks", value=12000),
        ],
    )
    names = {"dw": "DW", "npr": "NPR", "newslooks": "Newslooks"}
    assert figure_words(bodies, names.get) == "6,000 bodies (Newslooks also gives 12,000)"
    assert short_figure(bodies) == "6,000 or 12,000"
    meeting = Quantity(
        what="duration",
        unit="minutes",
        claims=[
            Claim(source="dw", max=60, raw="under an hour"),
            Claim(source="npr", min=60, raw="just over an hour"),
            Claim(source="newslooks", value=60, raw="an hour"),
        ],
    )
    assert figure_words(meeting) == "about an hour (also reported as under an hour, just over an hour)"
    assert short_figure(meeting) == "about an hour"
    ceasefire = claims({"value": 30}, {"min": 30}, what="length", unit="days")
    assert figure_words(ceasefire) == "30 days (also reported as at least 30 days)"


def _claim(per=None, as_of=None, **amount):
    from types import SimpleNamespace

    return SimpleNamespace(value=amount.get("value"), min=amount.get("min"), max=amount.get("max"), scope=amount.get("scope"), per=per, as_of=as_of)


@pytest.mark.parametrize(
    ("claim", "figure_per", "counted"),
    [
        (_claim("total", value=12000), "side", (6000, None, None)),
        (_claim("total", value=7), "side", (3.5, None, None)),  # halved exactly, not rounded
        (_claim("side", value=6000), "total", (12000, None, None)),
        (_claim("total", min=100, max=300), "side", (None, 50, 150)),
        (_claim("total", value=12000), "total", (12000, None, None)),  # counted alike: as it is
        (_claim(None, value=12000), "side", (12000, None, None)),  # the claim says nothing: as it is
        (_claim("total", value=12000), None, (12000, None, None)),  # the figure says nothing
    ],
)
def test_a_claim_is_counted_as_its_figure_counts(claim, figure_per: str | None, counted: tuple) -> None:
    from tracker.agreement import per_side

    amount = per_side(claim, _claim(figure_per))
    assert (amount.value, amount.min, amount.max) == counted
    assert all(type(v) is type(c) for v, c in zip((amount.value, amount.min, amount.max), counted))


def test_a_running_count_given_for_different_days_is_not_contested() -> None:
    from types import SimpleNamespace

    from tracker.agreement import claims_differ

    def figure(*claims):
        return SimpleNamespace(claims=list(claims), per=None)

    day, later = dt.date(2025, 6, 9), dt.date(2025, 6, 20)
    assert not claims_differ(figure(_claim(value=1000, as_of=day), _claim(value=1200, as_of=later)))
    assert claims_differ(figure(_claim(value=1000, as_of=day), _claim(value=1200, as_of=day)))
    assert claims_differ(figure(_claim(value=1000, as_of=day), _claim(value=1200)))  # one undated: compared
    assert not claims_differ(figure(_claim(value=1000)))  # one claim disagrees with nothing
    total_and_side = [_claim("total", value=12000), _claim(value=6000)]
    assert not claims_differ(SimpleNamespace(claims=total_and_side, per="side"))  # 12,000 in all is 6,000 a side
    assert claims_differ(SimpleNamespace(claims=total_and_side, per=None))


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ({}, {}, True),  # two claims without an amount: nothing to disagree on
        ({"scope": "all"}, {}, False),
        ({"value": 30}, {}, False),
    ],
)
def test_an_amount_not_given_agrees_only_with_another_not_given(first: dict, second: dict, agree: bool) -> None:
    from tracker.agreement import amounts_agree as agree_rule

    a, b = _claim(**first), _claim(**second)
    assert agree_rule(a, b) is agree and agree_rule(b, a) is agree


def test_a_claim_counted_per_side_keeps_what_it_counts() -> None:
    from tracker.agreement import per_side

    assert per_side(_claim("total", scope="all"), _claim("side")).scope == "all"
    assert per_side(_claim("total", max=300), _claim("side")).max == 150


def test_a_contested_figure_names_the_speaker_who_gave_it_not_only_the_outlet() -> None:
    """'(Ukrainska Pravda also gives 20)' put an outlet's name on Zelensky's count."""
    plan = Quantity(what="points", claims=[
        Claim(source="axar", value=27, speaker="Yuri Ushakov"),
        Claim(source="up", value=20, speaker="Volodymyr Zelensky"),
        Claim(source="newslooks", value=20),
    ])  # fmt: skip
    outlets = {"axar": "Axar", "up": "Ukrainska Pravda", "newslooks": "Newslooks"}
    said = figure_words(plan, lambda source: outlets[source])
    assert said == "20 points (Yuri Ushakov in Axar also gives 27)"
    plan = plan.model_copy(update={"claims": plan.claims[:2]})
    assert "(Volodymyr Zelensky in Ukrainska Pravda also gives 20)" in figure_words(plan, lambda source: outlets[source])


def test_an_outlet_named_with_parentheses_is_bracketed_inside_the_figures_aside() -> None:
    """'(Rustavi 2 (Guardian report) also gives …)' closed its parentheses twice."""
    children = Quantity(what="children", claims=[Claim(source="nl", value=339), Claim(source="r2", value=400, raw="nearly 400")])
    outlets = {"nl": "Newslooks", "r2": "Rustavi 2 (Guardian report)"}
    said = figure_words(children, lambda source: outlets[source])
    assert said.endswith("(Rustavi 2 [Guardian report] also gives nearly 400)")
    assert said.count("(") == said.count(")") == 1


def test_a_source_wording_that_is_approximate_is_kept_up_to_its_limit_in_words() -> None:
    """'about 30 people on each side' (six words, APPROX_RAW_WORDS) stays as the source says it;
    a seventh word makes it a sentence, and the figure is worded from its values."""
    from tracker.figures import APPROX_RAW_WORDS

    six = "about 30 people on each side"
    assert len(six.split()) == APPROX_RAW_WORDS
    assert amount_words(q(value=30, raw=six)) == six
    assert amount_words(q(value=30, raw=six + " today")) == "30"


def test_what_is_counted_is_named_once_and_only_a_per_side_figure_says_so() -> None:
    # What is counted is added to a figure's words where they do not name it already.
    assert figure_words(q(value=6000, raw="the remains of 6,000 Ukrainian soldiers")) == "6,000 bodies"
    nearly = claims({"value": 400, "raw": "nearly 400 children"}, {"value": 400, "raw": "nearly 400 children"}, {"value": 339}, what="children")
    assert figure_words(nearly) == "nearly 400 children (src-2 also gives 339)"  # not 'nearly 400 children children'
    assert figure_words(q(what="released", value=2000, per="total")) == "2,000 released"
    assert figure_words(q(what="released", value=1000, per="side")) == "1,000 released per side"


def test_a_running_count_is_told_in_the_order_of_its_days_whatever_the_order_of_its_claims() -> None:
    later = Claim(source="src-b", value=7000, as_of=dt.date(2025, 7, 23))
    earlier = Claim(source="src-a", value=6000, as_of=dt.date(2025, 6, 16))
    count = Quantity(what="bodies", claims=[later, earlier])
    assert figure_words(count) == "6,000 bodies by 16 June 2025; then 7,000 bodies by 23 July 2025"


def test_the_lead_figure_keeps_the_approximate_words_of_the_sources_that_give_it() -> None:
    """'105 minutes (also reported as less than two hours)' dropped TRT's 'about'."""
    length = claims(
        {"max": 120, "raw": "less than two hours"}, {"value": 105, "raw": "about 1 hour and 45 minutes"}, what="duration", unit="minutes"
    )
    assert figure_words(length) == "about 1 hour and 45 minutes (also reported as less than two hours)"
    # One source giving the value exactly: the exact figure leads.
    exact = claims({"max": 120, "raw": "less than two hours"}, {"value": 105, "raw": "about 1 hour and 45 minutes"}, {"value": 105}, what="duration", unit="minutes")
    assert figure_words(exact).startswith("105 minutes")
