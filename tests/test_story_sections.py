"""The story's sections at their edges: a legend that explains 'new' when something is new, a
demand refused at both rounds with no refusal on record, a move told by its substance alone,
figures first given together, a refusal that stands at both rounds, an agreement carried from
a round after the first, and one carried out before the first round that then moves."""

from __future__ import annotations

from pathlib import Path

from conftest import append_to_june as _append, copy_round_as, may_to_june_story as _story

from tracker.diff import compare_rounds
from tracker.loader import load_dataset
from tracker.report.story import Section, build_story, terms_used

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def _edit(data_dir: Path, round_id: str, party: str, old: str, new: str) -> None:
    path = data_dir / "rounds" / round_id / f"{party}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _only(story, position_id: str):
    [item] = [item for item in story.items if item.id == position_id]
    return item


def test_the_legend_explains_new_when_something_is_new(data_dir: Path) -> None:
    assert "new" not in dict(terms_used(_story(data_dir)))
    _append(data_dir, "ukraine", "  - id: offer-late\n    topic: prisoners\n    kind: offer\n    summary: An offer.\n    put_forward: 2025-05-20\n    evidence:\n      - {source: src-b}\n")
    story = _story(data_dir)
    assert _only(story, "offer-late").section is Section.new
    assert "new" in dict(terms_used(story))


def test_a_demand_refused_at_both_rounds_with_no_refusal_on_record_is_rejected_again_by_no_one(data_dir: Path) -> None:
    for round_id in (MAY, JUNE):
        _edit(data_dir, round_id, "ukraine", "    kind: demand\n", "    kind: demand\n    status: rejected\n")
    item = _only(_story(data_dir), "ceasefire-30-day")
    assert item.section is Section.rejected_again
    assert item.detail == ""
    assert item.text == "Ukraine's demand rejected again: A full and unconditional ceasefire of at least 30 days."


def test_a_move_is_told_by_its_substance_alone(data_dir: Path) -> None:
    # Withdrawn at June, and its figure given as 'at least 30' (a change of record): the move.
    _edit(data_dir, JUNE, "ukraine", "    kind: demand\n", "    kind: demand\n    status: withdrawn\n")
    item = _only(_story(data_dir), "ceasefire-30-day")
    assert item.section is Section.moved
    assert item.detail == "status: stated → withdrawn"


def test_the_legend_explains_carried_out_when_only_a_new_position_was_carried_out(data_dir: Path) -> None:
    # Russia's alone: a commitment first on record at June, done between the rounds, and no change.
    _append(data_dir, "russia", "  - id: bodies-returned\n    topic: remains\n    kind: commitment\n    summary: Return bodies of the fallen.\n    status: implemented\n    status_date: 2025-05-20\n    evidence:\n      - {source: src-b}\n")
    dataset = load_dataset(data_dir)
    story = build_story(dataset, compare_rounds(dataset, MAY, JUNE).filtered(parties=["russia"]))
    assert [item.id for item in story.section(Section.carried_out)] == ["bodies-returned"]
    assert story.tally.substance == story.tally.moved == 0
    assert "carried out" in dict(terms_used(story))


def test_figures_first_given_together_are_named_in_a_list(data_dir: Path) -> None:
    _edit(data_dir, JUNE, "ukraine", "    quantities:\n", (
        "    quantities:\n      - {what: monitors, value: 100}\n      - {what: deadline, value: 2025-07-01}\n"
    ))  # fmt: skip
    item = _only(_story(data_dir), "ceasefire-30-day")
    assert item.section is Section.figures_given
    assert item.detail == "monitors, deadline"
    # The labels stand once, beside their figures; a date says what it is the date of.
    assert item.text.startswith("A figure first on record for Ukraine's demand: ")
    assert item.text.endswith(" — 100 monitors; deadline: 1 July 2025.")


def test_a_refusal_on_record_at_both_rounds_is_not_itself_rejected_again(data_dir: Path) -> None:
    refusal = "  - id: no-truce\n    topic: ceasefire\n    kind: rejection\n    status: rejected\n    summary: No truce.\n    evidence:\n      - {source: src-b}\n"
    for round_id in (MAY, JUNE):
        path = data_dir / "rounds" / round_id / "russia.yaml"
        path.write_text(path.read_text().rstrip("\n") + "\n" + refusal)
    story = _story(data_dir)
    assert "no-truce" not in [item.id for item in story.items]
    assert story.tally.rejected_again == 0


def test_an_agreement_carried_from_a_round_after_the_first_is_new(data_dir: Path) -> None:
    # July carries June's agreement over; compared with May, it was reached since: new.
    july = "2025-07-01-istanbul"
    folder = copy_round_as(data_dir, JUNE, july)
    round_file = folder / "round.yaml"
    round_file.write_text(round_file.read_text().replace("  - id: remains-6000\n", f"  - id: remains-6000\n    carried_from: {JUNE}\n"))
    dataset = load_dataset(data_dir)
    story = build_story(dataset, compare_rounds(dataset, MAY, july))
    assert _only(story, "remains-6000").section is Section.agreed


def test_an_agreement_carried_out_before_the_first_round_that_moves_is_a_move_not_carried_out_again(data_dir: Path) -> None:
    # Carried out by May already, and the June record gives another figure: it moved, and the
    # tally counts it as a move, not as carried out between the rounds.
    _edit(data_dir, MAY, "round", "    status: agreed\n    quantities:\n      - {what: prisoners, value: 1000", "    status: implemented\n    status_date: 2025-05-16\n    quantities:\n      - {what: prisoners, value: 1200")
    story = _story(data_dir)
    item = _only(story, "exchange-1000")
    assert item.section is Section.moved, item
    assert story.tally.moved == 1 and story.tally.carried_out == 0
    assert "carried out" not in item.text
