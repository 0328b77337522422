"""Figures: whether two of them agree, and how to say one in words.

A figure (a `Quantity`) is an exact value, a range (`min`/`max`, either end open), `scope: all`,
or, where the sources disagree, one `Claim` per source. Each of these stands for a set of values:
`30` for {30}, `at least 30` for [30, ∞), `all` for itself alone. Two amounts *agree* when one
could be a less precise report of the other (see amounts_agree): `30` and `at least 30` agree,
`6,000` and `12,000` do not, nor `at least 30` and `at least 60`. Two figures agree
when every claim of each agrees with some claim of the other: a second source that reports a
figure compatible with the first is a change in the record, not in what the party holds.

The words are for readers: '6,000 bodies (Newslooks also gives 12,000)', 'about an hour
(also reported as under an hour, just over an hour)', 'under 25' for a maximum of 24 that the
source words as 'under the age of 25'. `short_figure` is the symbolic form for narrow spaces.

Pure functions over the model; shared by the reports and the app.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from tracker.agreement import _bounds, _kind, amounts_agree, claims_differ, per_side
from tracker.model import Claim, Quantity, _Amount, _fmt

# --- agreement --------------------------------------------------------------------------------
# Whether two amounts agree (amounts_agree) and whether a figure's sources differ (claims_differ)
# are tracker.agreement's, which Quantity.contested answers by; the rest of the rule is here.


def _amounts(quantity: Quantity) -> Sequence[_Amount]:
    return quantity.claims or (quantity,)


def figures_agree(old: Quantity | None, new: Quantity | None) -> bool:
    """Whether two versions of a figure can both be true: the same unit and basis (per side or
    in total), and every claim of each agrees with some claim of the other. A contested figure
    is one of its claims, not all of them (its sources cannot all be right): it agrees where one
    of its claims does, so a contest settled on one of its figures, or a second source giving
    another, is no move. A figure given at one round only does not agree with its absence."""
    if old is None or new is None:
        return old is new
    if old.unit != new.unit or old.per != new.per:
        return False
    mine, theirs = _amounts(old), _amounts(new)
    olds = [[a] for a in mine] if old.contested else [mine]
    news = [[b] for b in theirs] if new.contested else [theirs]
    return any(_all_meet(a, b) for a in olds for b in news)


def _all_meet(mine: Sequence[_Amount], theirs: Sequence[_Amount]) -> bool:
    """Every amount of each agrees with some amount of the other."""
    return all(any(amounts_agree(a, b) for b in theirs) for a in mine) and all(
        any(amounts_agree(b, a) for a in mine) for b in theirs
    )


def common_point(amounts: Sequence[_Amount]) -> Any:
    """The one value every amount allows, when their sets meet in exactly one point (`under an
    hour`, `an hour`, `just over an hour` meet at 60 minutes); else None."""
    low = high = None
    for amount in amounts:
        bounds = _bounds(amount)
        if not isinstance(bounds, tuple):
            return None
        lo, hi = bounds
        if lo is not None and (low is None or lo > low):
            low = lo
        if hi is not None and (high is None or hi < high):
            high = hi
    if low is None or high is None or _kind(low) != _kind(high) or low != high:
        return None
    return low


# --- words ------------------------------------------------------------------------------------

_UNDER = re.compile(r"\b(under|below|less than|fewer than|younger than)\b", re.IGNORECASE)
_OVER = re.compile(r"\b(over|above|more than|older than)\b", re.IGNORECASE)
SHORT_RAW_WORDS = 5
"""A source's own wording is used as it is when it is this many words or fewer ('under an
hour', '2 to 3 days'); a longer one ('the remains of 6,000 Ukrainian soldiers') is a sentence,
not a figure, and the figure is worded from its values. A wording with digits in it is used
only when it is as short as SHORT_RAW_DIGITS words ('1,000-for-1,000', '14-member delegation'):
'a minimum 30-day ceasefire' reads better as 'at least 30 days'."""
SHORT_RAW_DIGITS = 2

_APPROXIMATE = re.compile(r"\b(about|around|approximately|roughly|nearly|almost|barely|some|up to|close to|more than|over|fewer than|less than|under|at least|at most|dozens|hundreds|thousands)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
APPROX_RAW_WORDS = 6
"""A source's wording that makes its figure approximate ('about 30 people', 'nearly 400') is
kept as it is up to this many words: no face makes an approximate figure exact, nor a bound of
a word ('nearly 400' is not 'at most 400')."""


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def _value(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return _fmt(value)


def _span(low: Any, high: Any) -> str:
    """'18 to 25', '20 to 30 June 2025'."""
    if isinstance(low, dt.date) and isinstance(high, dt.date) and (low.year, low.month) == (high.year, high.month):
        return f"{low.day} to {_value(high)}"
    return f"{_value(low)} to {_value(high)}"


def _with_unit(text: str, value: Any, unit: str | None) -> str:
    if not unit:
        return text
    if unit == "minutes" and value == 60:
        return {"60": "an hour", "about 60": "about an hour"}.get(text, f"{text} {unit}")
    return f"{text} {unit}"


def amount_words(amount: _Amount, unit: str | None = None, prefer_raw: bool = True) -> str:
    """One amount in words (see _amount_words), never less approximate than its source: where the
    source's wording is approximate ('nearly 400', 'about 30 people') and the words worked out
    from the values would drop that ('at most 400', '30'), the source's wording is used."""
    words = _amount_words(amount, unit, prefer_raw)
    raw = " ".join(amount.raw.split()) if amount.raw else ""
    if not raw or len(raw.split()) > APPROX_RAW_WORDS:
        return words
    approximate = _APPROXIMATE.search(raw)
    if approximate and approximate.group(0).casefold() not in words.casefold():
        return raw
    # Numbers the source did not say ('1 to 2 days' for '24- to 48-hour ceasefires'): its words.
    said, worked_out = set(_NUMBER.findall(raw.replace(",", ""))), set(_NUMBER.findall(words.replace(",", "")))
    if said and worked_out and not worked_out & said:
        return raw
    return words


def _amount_words(amount: _Amount, unit: str | None = None, prefer_raw: bool = True) -> str:
    """One amount in words: '6,000', '18 to 25 years', 'at least 30 days', 'under 25' (a
    maximum of 24 worded 'under the age of 25'), or the source's own short wording."""
    raw = " ".join(amount.raw.split()) if amount.raw else ""
    if prefer_raw and raw and len(raw.split()) <= (SHORT_RAW_DIGITS if any(c.isdigit() for c in raw) else SHORT_RAW_WORDS):
        return raw
    if amount.scope == "all":
        return "all"
    if amount.value is not None:
        return _with_unit(_value(amount.value), amount.value, unit)
    low, high = amount.min, amount.max
    if low is not None and high is not None:
        return _with_unit(_span(low, high), high, unit)
    if high is not None:
        if isinstance(high, int) and _UNDER.search(raw) and _fmt(high + 1) in raw:
            return _with_unit(f"under {_fmt(high + 1)}", high, unit)
        word = "by" if isinstance(high, dt.date) else "at most"
        return _with_unit(f"{word} {_value(high)}", high, unit)
    if low is not None:
        if isinstance(low, int) and _OVER.search(raw) and _fmt(low - 1) in raw:
            return _with_unit(f"over {_fmt(low - 1)}", low, unit)
        word = "from" if isinstance(low, dt.date) else "at least"
        return _with_unit(f"{word} {_value(low)}", low, unit)
    return raw or "?"


def _named(quantity: Quantity, words: str) -> str:
    """'6,000 bodies' where what is counted is one word and no unit is given; else as it is."""
    what = " ".join(quantity.what.split())
    if quantity.unit or " " in what or words in ("", "?"):
        return words
    if words == "all":
        return f"all {what}"
    dated = any(isinstance(v, dt.date) for a in _amounts(quantity) for v in (a.value, a.min, a.max))
    if not dated and any(ch.isdigit() for ch in words) and what not in words:
        return f"{words} {what}"
    return words


def _per(quantity: Quantity, words: str) -> str:
    return f"{words} per side" if quantity.per == "side" else words


SourceName = Callable[[str], str]


def figure_words(quantity: Quantity, source_name: SourceName | None = None, noun: bool = True) -> str:
    """A figure in words, as of when its sources gave it: a running count's figures in the order
    of their days ('6,000 by 16 June 2025; then about 7,000 by 23 July 2025'), and a figure kept
    from an earlier report with that report's day ('30 days, as last reported on 2 June 2025'). See
    _figure_words for the rest."""
    days = list(dict.fromkeys(c.as_of for c in quantity.claims))
    if len(days) > 1 and None not in days:
        parts = []
        for day in sorted(days):
            claims = [c for c in quantity.claims if c.as_of == day]
            one = quantity.model_copy(update={"claims": claims} if len(claims) > 1 else {"claims": [], **_amount_of(claims[0]), "raw": claims[0].raw})
            parts.append(f"{_figure_words(one, source_name, noun)} by {_value(day)}")
        words = "; then ".join(parts)
        return f"{words}, as last reported on {_value(quantity.as_of)}" if quantity.as_of is not None else words
    when = f", as last reported on {_value(quantity.as_of)}" if quantity.as_of is not None else ""
    return _figure_words(quantity, source_name, noun, when)


def _amount_of(claim: Claim) -> dict[str, Any]:
    return {"value": claim.value, "min": claim.min, "max": claim.max, "scope": claim.scope}


def _claim_words(claim: Claim, quantity: Quantity, prefer_raw: bool = True) -> str:
    """One source's figure in words; a total beside a figure per side (or the other way) says so."""
    words = amount_words(claim, quantity.unit, prefer_raw=prefer_raw)
    if claim.per is not None and quantity.per is not None and claim.per != quantity.per:
        words += " in all" if claim.per == "total" else " a side"
    return words


def giver(claim: Claim, source_name: SourceName) -> str:
    """Who gives a claim's figure: its speaker in the source where the source names one
    ('Volodymyr Zelensky in Ukrainska Pravda'), else the source ('Newslooks'). The figure is
    the speaker's, not the outlet's."""
    name = source_name(claim.source)
    return f"{claim.speaker} in {name}" if claim.speaker else name


def _figure_words(quantity: Quantity, source_name: SourceName | None = None, noun: bool = True, when: str = "") -> str:
    """A figure in words, with what the sources say when they word it otherwise or disagree:

    - '6,000 bodies (Newslooks also gives 12,000)': figures that cannot both be true, the one
      most sources give first;
    - 'about an hour (also reported as under an hour, just over an hour)': figures that all allow
      one value;
    - '18 to 25 years (also reported as under 25)': figures that overlap.

    Without `noun`, what it counts is left to the caller ('6,000', not '6,000 bodies'). `when`
    (', as last reported on …') follows the figure most sources give, before who gives what else."""
    _noun = _named if noun else (lambda quantity, words: words)
    if not quantity.claims:
        amount = quantity.claims[0] if quantity.claims else quantity
        words = amount_words(amount, quantity.unit)
        if amount.raw and words == " ".join(amount.raw.split()):
            return words + when  # the source's own wording says it all ('1,000-for-1,000', 'some 30 people')
        return _per(quantity, _noun(quantity, words)) + when
    name = source_name or (lambda source: source)
    groups: dict[str, list[Claim]] = {}
    for claim in quantity.claims:
        groups.setdefault(_claim_words(claim, quantity, prefer_raw=False), []).append(claim)
    # The figure most sources give first (a source that gives two figures counts for each).
    ranked = sorted(groups, key=lambda words: -len({c.source for c in groups[words]}))
    claims = [per_side(c, quantity) for c in quantity.claims]  # as the figure counts: per side or in all
    agree = not claims_differ(quantity.model_copy(update={"as_of": None}))
    if agree:
        point = common_point(claims)
        # The claims that give the lead's value exactly are the lead: not listed again.
        wordings = list(dict.fromkeys(
            _claim_words(c, quantity) for c, a in zip(quantity.claims, claims) if point is None or a.value != point or c.per not in (None, quantity.per)
        ))  # fmt: skip
        # 'about' an hour where some say under and some over; '30 days' where one source says
        # 30 and another at least 30.
        either_side = any(c.min is None and c.max is not None and c.max == point for c in claims) and any(
            c.max is None and c.min is not None and c.min == point for c in claims
        )
        # Where every source of the lead's value gives it in approximate words, they stay: 'about
        # 1 hour and 45 minutes', not '105 minutes'.
        exact = [c for c, a in zip(quantity.claims, claims) if point is not None and a.value == point]
        approximate = exact[0] if exact and all(c.raw and _APPROXIMATE.search(c.raw) for c in exact) else None
        if approximate is not None and not either_side:
            lead = _noun(quantity, amount_words(approximate, quantity.unit))
            others = [w for w in wordings if w != lead]
        elif point is not None:
            lead = _with_unit(f"about {_value(point)}" if either_side else _value(point), point, quantity.unit)
            lead = _noun(quantity, lead)
            others = [w for w in wordings if w != lead]
        else:
            lead = _noun(quantity, ranked[0])
            others = [w for w in wordings if w not in (ranked[0], lead)]
        return f"{_per(quantity, lead)}{when} {_aside('also reported as ' + ', '.join(others))}" if others else _per(quantity, lead) + when
    lead = _noun(quantity, ranked[0])
    also = []
    for words in ranked[1:]:
        sources = list(dict.fromkeys(giver(c, name) for c in groups[words]))
        also.append(f"{' and '.join(sources)} also {'give' if len(sources) > 1 else 'gives'} {words}")
    return f"{_per(quantity, lead)}{when} {_aside('; '.join(also))}"


def _aside(text: str) -> str:
    """Words in parentheses, any parentheses of their own made brackets, as a style guide would:
    '(Volodymyr Zelensky in Rustavi 2 [Guardian report] also gives nearly 400)'."""
    return "(" + text.replace("(", "[").replace(")", "]") + ")"


def short_figure(quantity: Quantity) -> str:
    """The short form for narrow spaces, in words that mean what the long form says: 'at least
    30 days', 'under 25 years', '6,000 or 12,000', 'about 60 minutes', 'about 7,000 by 23 July
    2025' (a running count: its latest figure). No symbol stands for a word the source did not
    use: 'nearly 400' stays 'nearly 400', an exact count has no '≈'."""
    unit = f" {quantity.unit}" if quantity.unit else ""
    per = " per side" if quantity.per == "side" else ""
    if not quantity.claims:
        words = amount_words(quantity, quantity.unit)
        return words if quantity.raw and words == " ".join(quantity.raw.split()) else f"{words}{per}"
    days = sorted({c.as_of for c in quantity.claims if c.as_of is not None})
    if len(days) > 1 and len(days) == len({c.as_of for c in quantity.claims}):
        latest = [c for c in quantity.claims if c.as_of == days[-1]]
        one = quantity.model_copy(update={"claims": latest} if len(latest) > 1 else {"claims": [], **_amount_of(latest[0]), "raw": latest[0].raw})
        return f"{short_figure(one)} by {_value(days[-1])}"
    claims = [per_side(c, quantity) for c in quantity.claims]
    if not claims_differ(quantity):
        point = common_point(claims)
        if point is not None:
            either_side = any(c.max == point and c.min is None for c in claims) and any(c.min == point and c.max is None for c in claims)
            exact = any(c.value == point for c in claims) and not either_side
            return _with_unit(_value(point) if exact else f"about {_value(point)}", point, quantity.unit) + per
    counts: dict[str, set[str]] = {}
    for claim in quantity.claims:
        counts.setdefault(_claim_words(claim, quantity, prefer_raw=False).removesuffix(unit), set()).add(claim.source)
    ranked = sorted(counts, key=lambda text: -len(counts[text]))
    return f"{' or '.join(ranked)}{unit}{per}"
