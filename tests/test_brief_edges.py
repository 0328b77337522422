"""The story and its brief at their edges: a brief that only just fits and one that overflows,
and an outcome carried out on a round's own day."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import append_to_june as _append, may_to_june_story as _story

from tracker.diff import compare_rounds
from tracker.loader import load_dataset
from tracker.report.story import BRIEF_LINES, Section, brief_lines, brief_order, build_story

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"
# The test data's May to June brief: one line of outcome, one of tally, the rest for its items.
ROOM = 12 - 2


def _with_items(data_dir: Path, count: int):
    """The May to June story with `count` items: the test data's own, then Ukraine's offers
    first on record, cited by no outlet of June (so the brief tells them last)."""
    before = len(_story(data_dir).items)
    sources = data_dir / "sources.yaml"
    sources.write_text(sources.read_text().rstrip("\n") + "\n  - {id: src-old, outlet: Outlet Old, title: Report Old, published: 2025-05-01, url: https://example.org/old}\n")
    for number in range(count - before):
        _append(data_dir, "ukraine", f"  - id: offer-{number}\n    topic: prisoners\n    kind: offer\n    summary: Offer number {number}.\n    evidence:\n      - {{source: src-old}}\n")
    story = _story(data_dir)
    assert len(story.items) == count
    return story


def test_a_brief_that_just_fits_tells_every_item(data_dir: Path) -> None:
    story = _with_items(data_dir, ROOM)
    lines = brief_lines(story)
    assert len(lines) == BRIEF_LINES == 12  # "at most twelve lines", as the README says
    assert lines[1:-1] == [item.text for item in brief_order(story)]
    assert not any(line.startswith("And ") for line in lines)  # never "and 0 more"


def test_a_brief_one_item_over_counts_what_it_leaves_out(data_dir: Path) -> None:
    story = _with_items(data_dir, ROOM + 1)
    lines = brief_lines(story)
    assert len(lines) == BRIEF_LINES
    order = brief_order(story)
    # What most outlets reported stays (the agreement, the exchange carried out); the least is
    # squeezed out, two items for the one line that counts them.
    assert lines[1:-2] == [item.text for item in order[: ROOM - 1]]
    assert [item.section for item in order[:3]] == [Section.agreed, Section.carried_out, Section.first_on_record]
    assert [item.id for item in order[ROOM - 1 :]] == ["offer-6", "offer-7"]
    assert lines[-2] == "And 2 more items: tracker diff gives the whole comparison."
    assert lines[-1].startswith("Tally: 1 agreed, 1 carried out")


def test_a_long_brief_counts_items_not_lines(data_dir: Path) -> None:
    story = _with_items(data_dir, ROOM + 7)
    lines = brief_lines(story)
    assert len(lines) == BRIEF_LINES
    assert lines[-2].startswith("And 8 more items:")


@pytest.mark.parametrize(
    ("day", "section"),
    [
        ("2025-05-16", Section.first_on_record),  # on May's own day: before the comparison began
        ("2025-05-17", Section.carried_out),
        ("2025-06-02", Section.carried_out),  # on June's own day: in it
    ],
)
def test_carried_out_between_the_rounds_counts_from_the_day_after_the_first(data_dir: Path, day: str, section: Section) -> None:
    _append(data_dir, "russia", f"  - id: bodies-returned\n    topic: remains\n    kind: commitment\n    summary: Return bodies of the fallen.\n    status: implemented\n    status_date: {day}\n    evidence:\n      - {{source: src-b}}\n")
    [item] = [item for item in _story(data_dir).items if item.id == "bodies-returned"]
    assert item.section is section


def test_carried_out_in_one_day_is_not_in_stages(data_dir: Path) -> None:
    """A start and an end on the same day are one day: 'on 25 May', not 'in stages'."""
    path = data_dir / "rounds" / JUNE / "round.yaml"
    path.write_text(path.read_text().replace("status_date: 2025-05-25", "status_since: 2025-05-25\n    status_date: 2025-05-25"))
    [item] = [item for item in _story(data_dir).items if item.id == "exchange-1000"]
    assert item.text == "Carried out on 25 May 2025, as agreed by Ukraine and Russia: Exchange 1,000 prisoners for 1,000 — 1,000 prisoners per side."


@pytest.mark.parametrize(("published", "reach"), [("2025-05-16", 0), ("2025-05-17", 1)])
def test_a_report_of_the_first_rounds_own_day_is_not_one_of_the_later_rounds(data_dir: Path, published: str, reach: int) -> None:
    sources = data_dir / "sources.yaml"
    sources.write_text(sources.read_text().rstrip("\n") + f"\n  - {{id: src-day, outlet: Outlet Day, title: Report Day, published: {published}, url: https://example.org/day}}\n")
    _append(data_dir, "ukraine", "  - id: offer-day\n    topic: prisoners\n    kind: offer\n    summary: An offer.\n    evidence:\n      - {source: src-day}\n")
    [item] = [item for item in _story(data_dir).items if item.id == "offer-day"]
    assert item.reach == reach


def test_a_brief_read_backwards_still_heads_with_the_later_round(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    lines = brief_lines(build_story(dataset, compare_rounds(dataset, JUNE, MAY)))
    assert lines[:2] == [
        "Read backwards: the later round comes first.",
        "2 June 2025, Istanbul (since 16 May 2025, Istanbul): New exchanges agreed.",
    ]


def test_a_brief_over_several_rounds_heads_with_each_later_rounds_outcome(data_dir: Path) -> None:
    """From May to July, June's outcome and July's, in time, the first saying since when; a round
    held the same day as one compared (Ankara, 1 July) but not compared is not among them."""
    from conftest import copy_round_as

    july = "2025-07-01-istanbul"
    copy_round_as(data_dir, JUNE, july)
    ankara = copy_round_as(data_dir, JUNE, "2025-07-01-ankara") / "round.yaml"
    ankara.write_text(ankara.read_text().replace("New exchanges agreed.", "Talks in Ankara.").replace("place: Istanbul", "place: Ankara"))
    dataset = load_dataset(data_dir)
    lines = brief_lines(build_story(dataset, compare_rounds(dataset, MAY, july)))
    assert lines[:2] == [
        "Since 16 May 2025, Istanbul: 2 June 2025, Istanbul: New exchanges agreed.",
        "1 July 2025, Istanbul: New exchanges agreed.",
    ]
    assert not any("Ankara" in line for line in lines)


def test_a_brief_with_nothing_to_tell_says_so(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    lines = brief_lines(build_story(dataset, compare_rounds(dataset, JUNE, JUNE)))
    assert lines == [
        "2 June 2025, Istanbul (since 2 June 2025, Istanbul): New exchanges agreed.",
        "Nothing was agreed, carried out, moved, rejected again or put on record.",
        "Tally: 0 moved in substance; 5 unchanged.",
    ]



def _position_at(data_dir: Path, round_id: str, figures: dict[str, int]) -> None:
    path = data_dir / "rounds" / round_id / "ukraine.yaml"
    quantities = "".join(f"      - {{what: {what}, value: {value}}}\n" for what, value in figures.items())
    sources = (data_dir / "sources.yaml").read_text()
    source = sources.split("  - id: ", 1)[1].split(",", 1)[0].split("\n", 1)[0].strip()
    yaml = f"  - id: counted\n    topic: prisoners\n    kind: demand\n    summary: A demand with figures.\n    quantities:\n{quantities}    evidence:\n      - {{source: {source}}}\n"
    path.write_text(path.read_text().rstrip("\n") + "\n" + yaml)


def test_a_figure_first_given_is_the_figure_its_line_shows(data_dir: Path) -> None:
    # The story names the figures given for the first time; the line must show those, not the
    # position's first figures, which the earlier round already gave.
    _position_at(data_dir, MAY, {"first count": 1, "second count": 2})
    _position_at(data_dir, JUNE, {"first count": 1, "second count": 2, "new count": 3})
    item = next(i for i in _story(data_dir).items if i.id == "counted")
    assert item.section is Section.figures_given and item.detail == "new count"
    assert "new count: 3" in item.text
    assert "first count" not in item.text and "second count" not in item.text
