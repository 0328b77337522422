"""A round as people name it: '2 June 2025, Istanbul (second round)', and the words that find it.

One home for the names of rounds, so that the command line and the app's command palette take
the same ones: `tracker diff may june` and the palette's "july" or "third" find the same rounds.
The palette matches these names fuzzily as the user types; the command line needs one round
per name, so it matches whole words (a month, a day, a year, the place, the round's place in
the order) and says which rounds a name could be when it fits more than one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any, Protocol


class Dataset(Protocol):
    """What naming a round reads of tracker.dataset.Dataset (which asks this module for a round
    by name: the Protocol keeps the two from importing each other)."""

    rounds: Mapping[str, Any]

    def round_ids(self) -> list[str]: ...

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

LATEST = ("latest", "last")
"""Words for the latest round."""

FILLER = ("round", "the", "of", "in", "at")
"""Words that name no round in particular: "the third round", "round of 2 June"."""


def ordinal(number: int) -> str:
    """'first', 'second', … 'twelfth', then '13th'."""
    return ORDINALS[number - 1] if number <= len(ORDINALS) else _numeric_ordinal(number)


def round_name(dataset: Dataset, round_id: str) -> str:
    """A round as people ask for it: '2 June 2025, Istanbul (second round)', so it is found by
    its place, its month or its place in the order as well as by its date."""
    ids = dataset.round_ids()
    rnd = dataset.rounds[round_id].round
    return f"{rnd.date.day} {rnd.date:%B %Y}, {rnd.place} ({ordinal(ids.index(round_id) + 1)} round)"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    return _fold(text).replace(",", " ").replace("(", " ").replace(")", " ").split()


def _numeric_ordinal(number: int) -> str:
    """'1st', '2nd', '13th'."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _word_fits(word: str, dataset: Dataset, round_id: str, position: int) -> bool:
    """Whether one typed word names something of the round: its day, month (or the month's
    first three letters or more), year, a word of its place, or its place in the order."""
    rnd = dataset.rounds[round_id].round
    if word in FILLER:
        return True
    if word in LATEST:
        return position == len(dataset.rounds)
    if word in (ordinal(position), _numeric_ordinal(position)):
        return True
    if word.isdigit():
        return int(word) in (rnd.date.day, rnd.date.year) and len(word) in (1, 2, 4)
    month = MONTHS[rnd.date.month - 1]
    if len(word) >= 3 and month.startswith(word.rstrip(".")):
        return True
    place = _words(rnd.place)
    return word in place or (len(word) >= 3 and any(p.startswith(word) for p in place))


def rounds_named(dataset: Dataset, name: str) -> list[str]:
    """The rounds every word of `name` fits ('june', '2 june', 'third', 'july 2025', 'last'),
    in order; empty when a word names nothing, or the name has no words."""
    words = _words(name)
    if not words or all(word in FILLER for word in words):
        return []
    ids = dataset.round_ids()
    return [rid for index, rid in enumerate(ids, start=1) if all(_word_fits(w, dataset, rid, index) for w in words)]
