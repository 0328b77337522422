"""A figure checked against its own words: the numbers in `raw` must agree with value/min/max.

A curator types `value: 340` beside `raw: a list of 339 names`, and a reader is shown both.
This module reads the numbers a short text holds and says when a figure's amount contradicts
them. It reads:

- digits, with thousands separators (`6,000`, `6 000`, `6'000`) and decimals (`1.5`), and a
  following `thousand`/`million` (`1.2 million`); ordinals (`20th`) are not amounts;
- number words from zero to twenty, the tens (`thirty`, `twenty-five`), and those times
  `hundred`/`thousand`/`million` (`six thousand`); `a`/`an` before a unit of time (`an hour`);
- `all` (and `all-for-all`), which is `scope: all`.

The rule, chosen to accept an honest encoding and refuse a contradiction:

- `value: V` agrees when V is one of the numbers in the text;
- `min`/`max`: each bound given is one of the numbers, except that a number after a strict
  word may be off by one in the strict direction: "under 25" is `max: 24` or `max: 25`,
  "over 60" is `min: 60` or `min: 61`;
- a bound word decides the side: "at least 30", "over", "more than", "a minimum" call for
  `min`, "under", "less than", "up to", "at most" for `max`; a figure giving the other bound,
  or only a `value`, for that number is a mismatch;
- a text saying `all` with no number of its own is `scope: all`; `scope: all` beside a text
  that gives a number and never says all is a mismatch;
- a unit of time in the text is converted to the figure's `unit` ("less than two hours" is
  `max: 120` with `unit: minutes`); months and years are not converted, so not checked;
- "24- to 48-hour": a number left hanging takes the unit of the next;
- a length worked out from clock times ("from 8.37 p.m. to 9.16 p.m.", or two 24-hour times
  "14:20 ... 15:14") is not checked; nor is
  a figure whose bounds are dates (its text names days and months: "from 20th
  to 30th of June"); nor is a text without any number ("barely a week" in a figure of days
  is left to the curator).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tracker.problems import cut, quote

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Minutes in each unit of time that converts exactly; months and years do not.
_TIME = {"minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080}
_LOWER = ("at least", "a minimum of", "a minimum", "minimum of", "minimum", "no fewer than", "no less than", "more than", "over", "above", "upwards of", "in excess of", "exceeding")
_UPPER = ("at most", "a maximum of", "a maximum", "maximum of", "maximum", "no more than", "up to", "less than", "fewer than", "under", "below", "within")
_STRICT = ("more than", "over", "above", "in excess of", "exceeding", "less than", "fewer than", "under", "below")

_HANDING = {"hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "give", "gave", "given", "pass", "passed", "take", "took", "taken", "taking"}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<digits>\d{1,3}(?:(?:,|\u00a0|\u202f|'| )\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|st\b|nd\b|rd\b|th\b)"
    rf"|\b(?P<word>(?:{_WORD})(?:-(?:{'|'.join(_UNITS)}))?)\b"
    r"|\b(?P<article>an?|half an?)\s+(?=(?:minute|min|hour|hr|day|week)s?\b)",
    re.IGNORECASE,
)
_HALF_AFTER = re.compile(r"(?:(?:\s+|\s*-\s*)and(?:\s+|\s*-\s*)a(?:\s+|\s*-\s*)half|\s*\u00bd|\s+1/2)(?![\w/])", re.IGNORECASE)
"""'two and a half', 'two-and-a-half', '2 1/2', '2½': a half more."""
_SCALE_AFTER = re.compile(r"\s*(?:-\s*)?(hundred|thousand|million)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*-?\s*(minute|min|hour|hr|day|week|month|year)s?\b", re.IGNORECASE)
_ALL = re.compile(r"\ball\b", re.IGNORECASE)
_HANGING = re.compile(r"-\s+(?:to|or|and)\s", re.IGNORECASE)
_CLOCK = re.compile(
    r"\d[.:]\d\d\s*(?:a\.?m\.?|p\.?m\.?)|\d{4}\s*(?:GMT|UTC)\b"
    r"|\b(?:[01]?\d|2[0-3]):[0-5]\d\b.*\b(?:[01]?\d|2[0-3]):[0-5]\d\b",  # two 24-hour times: "14:20 ... 15:14"
    re.IGNORECASE | re.DOTALL,
)
_JOINED = re.compile(r"\s*(?:,|and|,\s*and)?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    text: str
    """As the text writes it, e.g. `6,000` or `two hours`."""
    side: str | None
    """'min' or 'max' when a bound word comes before it ('at least', 'under'), else None."""
    strict: bool
    """The bound word excludes the number ('under 25'), so it may be off by one."""


def numbers_in(raw: str, unit: str | None = None) -> list[Number]:
    """The amounts `raw` writes, converted to `unit` where the text names a unit of time."""
    found: list[Number] = []
    timed: list[Number] = []  # the numbers with a unit of time, to join "1 hour and 45 minutes"
    previous_end = 0
    hanging: set[int] = set()
    want = _time_unit(unit)
    if want is not None and _CLOCK.search(raw):
        return []  # a length worked out from clock times ("from 8.37 p.m. to 9.16"): not checked
    read_to = 0
    for match in _NUMBER.finditer(raw):
        if match.start() < read_to:
            continue  # the '1/2' of '2 1/2', read with the 2
        value = _read(match)
        end = match.end()
        if not match.group("article") and (half := _HALF_AFTER.match(raw, end)):
            value += 0.5
            end = read_to = half.end()
        if match.group("article"):
            if want is None:
                continue  # "an hour" in a figure without a unit of time: nothing to compare with
            value = 0.5 if match.group("article").lower().startswith("half") else 1
        elif scale := _SCALE_AFTER.match(raw, end):
            value *= _SCALES[scale.group(1).lower()]
            end = scale.end()
        text = raw[match.start() : end].strip()
        if (after := _UNIT_AFTER.match(raw, end)) and want is not None:
            written = after.group(1).lower()
            if written not in _TIME:
                continue  # months or years against a unit of time: not comparable, not checked
            value = value * _TIME[written] / want
            text = raw[match.start() : after.end()].strip()
            # "24- to 48-hour": the number left hanging takes this one's unit
            found = [Number(n.value * _TIME[written] / want, f"{n.text} {written}s", n.side, n.strict) if i in hanging else n for i, n in enumerate(found)]
            hanging.clear()
        elif want is not None and _HANGING.match(raw, end):
            hanging.add(len(found))
        side, strict = _bound_before(raw[: match.start()])
        number = Number(value, text, side, strict)
        previous = found[-1] if found and timed and timed[-1] is found[-1] else None
        if after and want is not None and previous is not None and _JOINED.fullmatch(raw[previous_end:match.start()]):
            # "1 hour and 45 minutes": one amount, written in two units
            found.append(Number(previous.value + value, f"{previous.text} {raw[previous_end:match.start()].strip()} {text}".replace("  ", " "), previous.side, previous.strict))
        found.append(number)
        if after and want is not None:
            timed.append(number)
            previous_end = after.end()
    return found


def mismatch(amount: dict[str, Any], unit: str | None = None) -> tuple[str, str] | None:
    """Where a figure's amount contradicts its own `raw` text: (the field at fault, the message),
    or None when it agrees or cannot be checked. `amount` holds the figure's fields as read."""
    raw = amount.get("raw")
    if not isinstance(raw, str) or not raw.strip():
        return None
    bounds = {k: amount.get(k) for k in ("value", "min", "max")}
    given = {k: v for k, v in bounds.items() if v is not None}
    if any(isinstance(v, (dt.date, str)) for v in given.values()):
        return None  # a date, or a value that is already an error of its own
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in given.values()):
        return None
    numbers = numbers_in(raw, unit)
    says_all = bool(_ALL.search(raw))
    if amount.get("scope") == "all":
        if numbers and not says_all:
            return "scope", f"`scope: all` does not agree with `raw`: {quote(raw)} gives {_listed(numbers)}, not all"
        return None
    if not numbers:
        if says_all and given:
            field, value = next(iter(given.items()))
            return field, f"{field} {_fmt(value)} does not agree with `raw`: {quote(raw)} says all (`scope: all`)"
        return None
    for field, value in given.items():
        fits = [n for n in numbers if _fits(n, field, value)]
        if not fits:
            return field, f"{field} {_fmt(value)} does not agree with `raw`: {quote(raw)} gives {_listed(numbers)}"
        if field == "value" and all(n.side for n in fits):
            n = fits[0]
            return field, f"value {_fmt(value)} does not agree with `raw`: {quote(raw)} gives {quote(n.text)} as a bound, so `{n.side}`"
        if field != "value" and all(n.side not in (None, field) for n in fits):
            n = fits[0]
            return field, f"{field} {_fmt(value)} does not agree with `raw`: {quote(raw)} gives {quote(n.text)} as a bound, so `{n.side}`"
    return None


def _fits(number: Number, field: str, value: float) -> bool:
    if _same(number.value, value):
        return True
    if not number.strict:
        return False
    if number.side == "max":
        return _same(number.value - 1, value)
    if number.side == "min":
        return _same(number.value + 1, value)
    return False


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _read(match: re.Match[str]) -> float:
    if digits := match.group("digits"):
        return float(re.sub(r"[,\u00a0\u202f' ]", "", digits))
    word = match.group("word")
    if word is None:
        return 1.0
    parts = word.lower().split("-")
    total = _TENS.get(parts[0], _UNITS.get(parts[0], 0))
    if len(parts) > 1 and parts[0] in _TENS | {"twenty": 20}:
        total += _UNITS.get(parts[1], 0)
    elif len(parts) > 1:
        return float(_UNITS.get(parts[1], 0))  # "one-two": not a compound; read the last
    return float(total)


def _bound_before(before: str) -> tuple[str | None, bool]:
    words_before = before.lower().split()
    tail = " ".join(words_before[-4:])
    if tail.endswith("over") and len(words_before) > 1 and words_before[-2] in _HANDING:
        return None, False  # "hand over 6,000 bodies": a verb, not a bound
    for words, side in ((_LOWER, "min"), (_UPPER, "max")):
        for phrase in words:
            # The bound word ends right before the number, maybe with "the age of" between, and
            # starts a word. Tested on the text: the tail's words are joined by single spaces.
            if phrase in tail and _ends_with_bound(tail, phrase):
                return side, phrase in _STRICT
    return None, False


_BETWEEN = ("", " the age of", " a", " an")
"""What may come between a bound word and its number ("over the age of 60", "under an hour")."""


def _ends_with_bound(tail: str, phrase: str) -> bool:
    for between in _BETWEEN:
        if tail.endswith(phrase + between):
            start = len(tail) - len(phrase) - len(between)
            if start == 0 or not (tail[start - 1].isalnum() or tail[start - 1] == "_"):
                return True
    return False


def _time_unit(unit: str | None) -> float | None:
    word = (unit or "").strip().lower()
    return _TIME.get(word[:-1] if word.endswith("s") else word)


def _fmt(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cut(f"{value:,}" if isinstance(value, int) else str(value))


def _listed(numbers: list[Number]) -> str:
    return ", ".join(dict.fromkeys(n.text for n in numbers))
