"""The app's pieces that are plain functions, at their edges: the compare screen's counts and rows,
the round bar's choice of rounds, a cut summary and the problems a notification names. Each is
checked here without a Pilot, where a bug of one off or a flipped test shows at once."""

from __future__ import annotations

from pathlib import Path

from conftest import GOOD_DATA, TEST_JUNE as JUNE

from tracker.app.change_list import TopicHeading, compare_rows, counts_text
from tracker.app.render import PROBLEMS_SHOWN, problems_summary, short_summary
from tracker.app.screens.browse import rounds_that_fit
from tracker.diff import Bucket
from tracker.loader import load_dataset
from tracker.problems import Problem
from tracker.report.grouping import Entry


def test_counts_name_every_bucket_and_the_brief_form_only_those_with_something() -> None:
    assert counts_text((3, 1, 0, 2), unchanged_hidden=False).plain == "+3 added  −1 removed  ~0 changed  =2 unchanged  "
    assert counts_text((3, 1, 0, 2), unchanged_hidden=False, brief=True).plain == "+3 added  −1 removed  =2 unchanged  "
    assert counts_text((0, 0, 1, 0), unchanged_hidden=True, brief=True).plain == "~1 changed  "


def test_the_unchanged_are_said_hidden_only_when_there_are_some_to_hide() -> None:
    assert counts_text((1, 0, 0, 2), unchanged_hidden=True).plain.endswith("=2 unchanged (hidden)  ")
    assert counts_text((1, 0, 0, 1), unchanged_hidden=True).plain.endswith("=1 unchanged (hidden)  ")
    assert counts_text((1, 0, 0, 0), unchanged_hidden=True).plain.endswith("=0 unchanged  ")
    assert counts_text((1, 0, 0, 2), unchanged_hidden=False).plain.endswith("=2 unchanged  ")


def test_an_empty_bucket_is_dim_and_one_with_something_in_its_colour() -> None:
    text = counts_text((1, 0, 0, 0), unchanged_hidden=False)
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles == {"+1 added": "green", "−0 removed": "dim", "~0 changed": "dim", "=0 unchanged": "dim"}


def _groups():
    """Two topics of the test data's June round: one with an added and an unchanged position,
    one with an unchanged position alone."""
    dataset = load_dataset(GOOD_DATA)
    by_id = {p.id: p for p in dataset.rounds[JUNE].positions}
    ceasefire = [
        (Entry(Bucket.added, by_id["local-ceasefire"]), "short local ceasefires to collect the dead"),
        (Entry(Bucket.unchanged, by_id["ceasefire-preconditions"]), "no ceasefire before mobilisation stops"),
    ]
    remains = [(Entry(Bucket.unchanged, by_id["remains-6000"]), "hand over the bodies of the fallen")]
    return [("ceasefire", ceasefire), ("remains", remains)]


def test_the_rows_show_the_unchanged_only_when_asked_and_a_topic_only_with_something_to_show() -> None:
    groups = _groups()
    hidden = compare_rows(groups, show_unchanged=False)
    assert hidden == [TopicHeading("ceasefire", (1, 0, 0, 1)), groups[0][1][0][0]]
    shown = compare_rows(groups, show_unchanged=True)
    assert [r.topic if isinstance(r, TopicHeading) else r.position.id for r in shown] == [
        "ceasefire", "local-ceasefire", "ceasefire-preconditions", "remains", "remains-6000",
    ]
    assert shown[3] == TopicHeading("remains", (0, 0, 0, 1))


def test_a_search_keeps_the_rows_with_every_word_and_counts_only_them() -> None:
    groups = _groups()
    rows = compare_rows(groups, show_unchanged=True, query="Ceasefire STOPS")
    assert rows == [TopicHeading("ceasefire", (0, 0, 0, 1)), groups[0][1][1][0]]
    assert compare_rows(groups, show_unchanged=True, query="ceasefire nowhere") == []


def test_a_summary_that_fits_its_width_exactly_is_not_cut() -> None:
    assert short_summary("abcde fghij", 11) == "abcde fghij"
    assert short_summary("abcde fghij", 10) == "abcde…"
    # A cut at a space leaves the whole word before it; no word ends late enough: cut inside one.
    assert short_summary("abcdefgh ijklmnop", 12) == "abcdefgh…"
    assert short_summary("ab cdefghijklmnop", 12) == "ab cdefghij…"
    assert short_summary("abc defghijklmnop", 9) == "abc defg…"  # space at 3, the third of 9: not past it
    assert short_summary("abcd efghijklmnop", 9) == "abcd…"
    assert short_summary("abcde, fghij", 8) == "abcde…"  # the comma before the cut goes too
    # A cut that falls just before a space already ends a word: it keeps that word.
    assert short_summary("aaaa bbbb cccc", 10) == "aaaa bbbb…"


def _problems(n: int) -> list[Problem]:
    return [Problem(Path(f"f{i}.yaml"), i + 1, 1, "", f"problem {i}") for i in range(n)]


def test_a_notification_names_the_first_problems_and_counts_the_rest() -> None:
    assert PROBLEMS_SHOWN == 2
    assert problems_summary(_problems(2)).splitlines() == ["f0.yaml:1:1: error: problem 0", "f1.yaml:2:1: error: problem 1"]
    lines = problems_summary(_problems(3)).splitlines()
    assert lines[:2] == ["f0.yaml:1:1: error: problem 0", "f1.yaml:2:1: error: problem 1"]
    assert lines[2] == "… and 1 more (tracker validate lists them all)"
    assert problems_summary(_problems(7)).splitlines()[-1].startswith("… and 5 more")


def test_the_round_bar_fits_rounds_up_to_its_room_exactly() -> None:
    labels = [f"round-{i:03}" for i in range(10)]  # 10 cells each with its space; 100 in all
    assert rounds_that_fit(labels, 5, 100) == list(range(10))  # all fit exactly: no marks
    assert rounds_that_fit(labels, 5, 99) == [2, 3, 4, 5, 6, 7, 8]  # 70, and 20 kept for the marks
    assert rounds_that_fit(labels, 5, 40) == [5, 6]  # the later side first, exactly at the room
    assert rounds_that_fit(labels, 5, 39) == [5]
    assert rounds_that_fit(labels, 5, 50) == [4, 5, 6]
    assert rounds_that_fit(labels, 5, 49) == [5, 6]
    assert rounds_that_fit(labels, 9, 40) == [8, 9]  # at the last round: the earlier side grows
    assert rounds_that_fit(labels, 0, 40) == [0, 1]
    # The first round reached from the second when the later side cannot grow.
    assert rounds_that_fit([*labels[:2], "a round whose label is long"], 1, 40) == [0, 1]
    assert rounds_that_fit([], 0, 80) == []
