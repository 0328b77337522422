"""Whether figures agree: the one rule every face follows (through `Quantity.contested`).

An amount stands for a set of values: `30` for {30}, `at least 30` for [30, ∞), `all` for itself.
Two amounts agree when one could be a less precise report of the other; a figure's sources
differ (the figure is contested) only when their figures cannot all be true. Kept apart from
the model, which uses it, and from the words (tracker.figures), which tell what it decides; it
reads amounts by their fields alone (`value`, `min`, `max`, `scope`), so it imports nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple


class Amount(NamedTuple):
    """An amount as the rule reads it: a claim counted otherwise (see per_side)."""

    value: Any
    min: Any
    max: Any
    scope: Any
    raw: Any = None


_APPROXIMATELY = re.compile(r"\b(nearly|almost|about|around|some|roughly|approximately)\s+(\d[\d,]*)", re.IGNORECASE)
SPREAD = {"nearly": (0.9, 1.0), "almost": (0.9, 1.0)}
"""How far an approximate number may be from what it rounds: 'nearly 400' is 360 to 400, 'about
7,000' (and 'around', 'some', 'roughly') 6,300 to 7,700."""
AROUND = (0.9, 1.1)


def _approximate(amount: Any) -> tuple[float, float] | None:
    """The range an amount stands for when its source's words make its number approximate
    ('nearly 400', 'around 7,000 bodies'): a tenth either way, below only for 'nearly'."""
    raw = getattr(amount, "raw", None)
    found = _APPROXIMATELY.search(raw) if raw else None
    if found is None:
        return None
    number = int(found.group(2).replace(",", ""))
    if number not in (amount.value, amount.max, amount.min):
        return None
    low, high = SPREAD.get(found.group(1).casefold(), AROUND)
    return (number * low, number * high)


def _bounds(amount: Any) -> tuple[Any, Any] | str | None:
    """The set an amount stands for: 'all', (low, high) with None for an open end, or None when
    it gives no amount at all."""
    if amount.scope == "all":
        return "all"
    if amount.value is not None:
        return (amount.value, amount.value)
    if amount.min is not None or amount.max is not None:
        return (amount.min, amount.max)
    return None


def _kind(value: Any) -> str:
    return "date" if isinstance(value, dt.date) else "number"


def amounts_agree(a: Any, b: Any) -> bool:
    """Whether one amount could be a less precise report of the other: their sets of values
    meet, and an end that both give is the same end. `30` agrees with `at least 30` and with
    `18 to 35`; `at least 30` does not agree with `at least 60` (another floor), nor `18 to 25`
    with `18 to 24`. A number its source words as approximate ('nearly 400') stands for a range
    (see _approximate): 339 does not agree with 'nearly 400'. `all` agrees only with `all`; a date never agrees with a number."""
    near_a, near_b = _approximate(a), _approximate(b)
    if near_a is not None or near_b is not None:  # an approximate number: do the ranges meet?
        first, second = near_a or _bounds(a), near_b or _bounds(b)
        if not isinstance(first, tuple) or not isinstance(second, tuple) or any(isinstance(v, dt.date) for v in (*first, *second)):
            return False
        low = max((v for v in (first[0], second[0]) if v is not None), default=None)
        high = min((v for v in (first[1], second[1]) if v is not None), default=None)
        return low is None or high is None or low <= high
    first, second = _bounds(a), _bounds(b)
    if first is None or second is None:
        return first is second
    if isinstance(first, str) or isinstance(second, str):
        return first == second
    ends = [v for v in (*first, *second) if v is not None]
    if len({_kind(v) for v in ends}) > 1:
        return False
    exact = a.value is not None or b.value is not None
    if not exact and any(x is not None and y is not None and x != y for x, y in zip(first, second)):
        return False
    low = max((v for v in (first[0], second[0]) if v is not None), default=None)
    high = min((v for v in (first[1], second[1]) if v is not None), default=None)
    return low is None or high is None or low <= high


def per_side(claim: Any, quantity: Any) -> Any:
    """A claim as the figure counts: a total where the figure is per side, halved (the talks have
    two sides: 12,000 in total is 6,000 a side), and the other way round."""
    if claim.per is None or quantity.per is None or claim.per == quantity.per:
        return claim
    factor = 0.5 if claim.per == "total" else 2

    def scaled(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            result = value * factor
            return int(result) if float(result).is_integer() else result
        return value

    return Amount(scaled(claim.value), scaled(claim.min), scaled(claim.max), claim.scope, getattr(claim, "raw", None))


def claims_differ(quantity: Any) -> bool:
    """The one rule for a contested figure, which every face follows: its sources give figures
    that cannot all be true. `30 days` and `at least 30 days`, or `less than two hours` and `105
    minutes`, are one figure worded twice: they agree, and are not contested. A total beside a
    figure per side is compared as the figure counts (see per_side); figures of a running count
    given for different days (`as_of`) are a count that grew, not a disagreement."""
    claims = quantity.claims
    if len(claims) < 2:
        return False
    amounts = [per_side(c, quantity) for c in claims]
    return not all(
        amounts_agree(amounts[i], amounts[j])
        for i in range(len(claims))
        for j in range(i + 1, len(claims))
        if claims[i].as_of is None or claims[j].as_of is None or claims[i].as_of == claims[j].as_of
    )
