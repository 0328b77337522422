"""Every problem in one pass, figures checked against their own words, and what can still be shown.

A curator fixes a file once: schema errors, unknown references and figures that contradict
their `raw` text are all reported by the same load, wherever in the file they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.figure_check import mismatch, numbers_in
from tracker.loader import bundled_data_dir, load_dataset
from tracker.problems import DataError

from conftest import GOOD_DATA
from test_loader import JUNE, MAY, problems_of, replace


def test_a_bad_status_and_an_unknown_source_in_one_round_file_are_both_reported(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "status: agreed", "status: agred")
    replace(data_dir, f"{JUNE}/round.yaml", "    evidence:\n      - {source: src-a}\n  - id: remains", "    evidence:\n      - {source: src-q}\n  - id: remains")
    found = problems_of(data_dir)
    assert [(f, field) for f, _, _, field, _ in found] == [
        (f"{JUNE}/round.yaml", "agreements[0].evidence[0].source"),
        (f"{JUNE}/round.yaml", "agreements[1].status"),
    ]
    assert "unknown source 'src-q'" in found[0][4]
    assert "'agred' is not one of" in found[1][4]


def test_a_round_file_that_fails_its_schema_still_has_every_reference_and_figure_checked(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "outcome: New exchanges agreed.\n", "")  # required: the round fails
    replace(data_dir, f"{JUNE}/round.yaml", "mediators: [turkey]", "mediators: [turky]")
    replace(data_dir, f"{JUNE}/round.yaml", "{source: src-b, min: 60, raw: over an hour}", "{source: src-b, min: 90, raw: over an hour}")
    replace(data_dir, f"{JUNE}/round.yaml", "{what: prisoners, value: 1000, per: side}", "{what: prisoners, value: 1000, per: side, raw: 100 each}")
    replace(data_dir, f"{JUNE}/round.yaml", "parties: [ukraine, russia]\n    summary: Hand", "parties: [ukraine, rusia]\n    summary: Hand")
    fields = [field for _, _, _, field, _ in problems_of(data_dir)]
    assert fields == [
        "outcome",
        "mediators[0]",
        "duration.claims[1].min",
        "agreements[0].quantities[0].value",
        "agreements[1].parties[1]",
    ]


def test_a_position_with_a_schema_error_still_has_its_references_checked(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "kind: offer", "kind: ofer")
    replace(data_dir, f"{JUNE}/russia.yaml", "    conditions:\n      - {position: ceasefire-preconditions}", "    conditions:\n      - {position: no-such-thing, party: ukraine}")
    path = data_dir / JUNE / "russia.yaml"
    text = path.read_text()
    path.write_text(text[: text.rindex("{source: src-b}")] + "{source: src-z}\n")  # the second position's
    found = [(line, field, message.split(" (")[0]) for _, line, _, field, message in problems_of(data_dir)]
    assert found == [
        (10, "positions[1].kind", "'ofer' is not one of demand, precondition, proposal, offer, concession, rejection, red_line, commitment or agreement"),
        (15, "positions[1].conditions[0]", "no position 'no-such-thing' of 'ukraine' in round '2025-06-02-istanbul'"),
        (17, "positions[1].evidence[0].source", "unknown source 'src-z': add it to the source catalogue"),
    ]


def test_a_figure_that_contradicts_its_own_words_is_an_error_naming_both(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "min: 2, max: 3, unit: days, raw: 2 to 3 days", "min: 2, max: 4, unit: days, raw: 2 to 3 days")
    [(_, line, col, field, message)] = problems_of(data_dir)
    assert (line, field) == (13, "positions[1].quantities[0].max")
    assert message == "max 4 does not agree with `raw`: '2 to 3 days' gives 2, 3 days"


def test_the_bundled_data_passes_the_figure_checks() -> None:
    dataset = load_dataset(bundled_data_dir())  # raises DataError on any mismatch
    worded = [
        (amount.model_dump(), quantity.unit)
        for data in dataset.rounds.values()
        for position in data.positions
        for quantity in position.quantities
        for amount in (quantity, *quantity.claims)
        if amount.raw
    ]
    # The check had figures with their words to hold to them, and every one agrees.
    assert len(worded) >= 10
    assert [(amount["raw"], mismatch(amount, unit)) for amount, unit in worded if mismatch(amount, unit)] == []


@pytest.mark.parametrize(
    ("amount", "unit"),
    [
        ({"value": 339, "raw": "a list of 339 names"}, None),
        ({"min": 2, "max": 3, "raw": "two to three days"}, "days"),
        ({"max": 24, "raw": "under the age of 25"}, "years"),
        ({"max": 25, "raw": "under the age of 25"}, "years"),
        ({"min": 30, "raw": "at least 30"}, None),
        ({"min": 60, "raw": "just over an hour"}, "minutes"),
        ({"max": 120, "raw": "less than two hours"}, "minutes"),
        ({"value": 6000, "raw": "six thousand bodies"}, None),
        ({"value": 6000, "raw": "hand over 6,000 bodies"}, None),
        ({"value": 6000, "raw": "6,000 bodies, perhaps more than 6,000"}, None),  # said bare once: a value
        ({"min": 30, "raw": "at least 30 days, never under 30"}, "days"),  # given on its own side once: a bound
        ({"value": 1000, "raw": "1,000-for-1,000"}, None),
        ({"value": 25, "raw": "twenty-five"}, None),
        ({"value": 1_200_000, "raw": "1.2 million"}, None),
        ({"scope": "all", "raw": "all-for-all"}, None),
        ({"scope": "all", "raw": "a full exchange of prisoners"}, None),
        ({"value": 60, "raw": "barely an hour"}, "minutes"),
        ({"value": 105, "raw": "about 1 hour and 45 minutes"}, "minutes"),
        ({"min": 1, "max": 2, "raw": "24- to 48-hour ceasefires"}, "days"),
        ({"value": 39, "raw": "starting around 8.37 p.m. (1737GMT) and ending around 9.16 (1816GMT)"}, "minutes"),
        ({"value": 54, "raw": "близько 14:20. Вже о 15:14 сторони завершили розмову"}, "minutes"),
        ({"min": "2025-06-20", "max": "2025-06-30", "raw": "from 20th to 30th of June"}, None),
    ],
)
def test_honest_encodings_agree(amount: dict, unit: str | None) -> None:
    assert mismatch(amount, unit) is None


@pytest.mark.parametrize(
    ("amount", "unit", "field", "says"),
    [
        ({"value": 340, "raw": "a list of 339 names"}, None, "value", "gives 339"),
        ({"max": 23, "raw": "under the age of 25"}, "years", "max", "gives 25"),
        ({"max": 30, "raw": "at least 30"}, None, "max", "'30' as a bound, so `min`"),
        ({"value": 30, "raw": "at least 30"}, None, "value", "'30' as a bound, so `min`"),
        ({"min": 25, "raw": "under 25"}, None, "min", "'25' as a bound, so `max`"),
        ({"value": 5000, "raw": "six thousand bodies"}, None, "value", "gives six thousand"),
        ({"max": 60, "raw": "less than two hours"}, "minutes", "max", "gives two hours"),
        ({"value": 100, "raw": "about 1 hour and 45 minutes"}, "minutes", "value", "1 hour and 45 minutes"),
        ({"value": 1000, "raw": "all-for-all"}, None, "value", "says all"),
        ({"scope": "all", "raw": "1,000 prisoners"}, None, "scope", "gives 1,000, not all"),
    ],
)
def test_contradictions_are_caught(amount: dict, unit: str | None, field: str, says: str) -> None:
    found = mismatch(amount, unit)
    assert found is not None
    assert found[0] == field
    assert says in found[1]


def test_a_bound_word_counts_only_as_a_whole_word_right_before_its_number() -> None:
    assert [(n.side, n.strict) for n in numbers_in("a takeover 30")] == [(None, False)]
    assert [(n.side, n.strict) for n in numbers_in("(over 30")] == [("min", True)]
    assert [(n.side, n.strict) for n in numbers_in("at least an hour", "minutes")] == [("min", False)]
    assert [(n.side, n.strict) for n in numbers_in("Under  the age of 25")] == [("max", True)]
    assert [(n.side, n.strict) for n in numbers_in("under 5 of 30")] == [("max", True), (None, False)]


def test_numbers_are_read_as_written() -> None:
    assert [n.value for n in numbers_in("from 18 to 25 years old")] == [18, 25]
    assert [n.value for n in numbers_in("6 000 and 12,000.5")] == [6000, 12000.5]
    assert [n.value for n in numbers_in("on the 20th")] == []  # an ordinal is a day, not an amount
    # A tens word alone or with its unit; two units joined ('one-two') are no compound: the last.
    assert [n.value for n in numbers_in("twenty or thirty, forty-five, not one-two")] == [20, 30, 45, 2]
    assert [(n.value, n.side, n.strict) for n in numbers_in("under an hour", "minutes")] == [(60, "max", True)]


# --- what can still be shown ------------------------------------------------------------------


def test_a_broken_round_leaves_the_others_to_show(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "kind: offer", "kind: ofer")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    partial = info.value.partial
    assert partial is not None
    assert list(partial.rounds) == ["2025-05-16-istanbul"]
    assert partial.rounds["2025-05-16-istanbul"].positions


def test_a_broken_catalogue_leaves_nothing_to_show(data_dir: Path) -> None:
    replace(data_dir, "parties.yaml", "role: party", "role: partie")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    assert info.value.partial is None


def test_valid_rounds_are_whole_in_the_partial_dataset(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/round.yaml", "place: Istanbul", "place: [Istanbul]")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    partial = info.value.partial
    assert list(partial.rounds) == ["2025-06-02-istanbul"]
    whole = load_dataset(GOOD_DATA).rounds["2025-06-02-istanbul"]
    assert partial.rounds["2025-06-02-istanbul"].keys() == whole.keys()


def _bound_before_by_regex_alone(before: str) -> tuple[str | None, bool]:
    """The rule as it read before the words were looked for ahead of each pattern."""
    import re

    from tracker import figure_check as fc

    words_before = before.lower().split()
    tail = " ".join(words_before[-4:])
    if tail.endswith("over") and len(words_before) > 1 and words_before[-2] in fc._HANDING:
        return None, False
    for words, side in ((fc._LOWER, "min"), (fc._UPPER, "max")):
        for phrase in words:
            if re.search(rf"\b{re.escape(phrase)}(?:\s+the\s+age\s+of|\s+a|\s+an)?\s*$", tail):
                return side, phrase in fc._STRICT
    return None, False


def test_the_bound_word_is_read_the_same_with_the_words_looked_for_first() -> None:
    from itertools import product

    from tracker.figure_check import _LOWER, _UPPER, _bound_before

    phrases = [*_LOWER, *_UPPER, "hand over", "the", "age of", "Over", "UNDER the age of", "minimums", "within an", "a", ""]
    tails = [" ".join(p).strip() for p in product(["", "prisoners", "handed"], phrases, ["", " the age of", " a", " an", " years"])]
    assert len(tails) > 300
    assert [_bound_before(t) for t in tails] == [_bound_before_by_regex_alone(t) for t in tails]
    assert _bound_before("aged under") == ("max", True)


@pytest.mark.parametrize(
    ("raw", "minutes", "text"),
    [
        ("more than two-and-a-half hours", 150, "two-and-a-half hours"),
        ("about 2 1/2 hours", 150, "2 1/2 hours"),
        ("two and a half hours", 150, "two and a half hours"),
        ("2½ hours", 150, "2½ hours"),
    ],
)
def test_a_half_written_after_a_number_is_read_with_it(raw: str, minutes: int, text: str) -> None:
    """Bloomberg's 'more than two-and-a-half hours' was read as 2 hours and refused a figure of
    150 minutes; AP's '2 1/2 hours' as three numbers."""
    [number] = numbers_in(raw, "minutes")
    assert (number.value, number.text) == (minutes, text)
    assert mismatch({"value": minutes, "raw": raw} if "more" not in raw else {"min": minutes, "raw": raw}, "minutes") is None
