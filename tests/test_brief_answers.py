"""The brief's answers: an answer follows what it answers when the story tells both, and is
told in its own place when what it answers is not in the story."""

from __future__ import annotations

from pathlib import Path

from conftest import append_to_june as _append, may_to_june_story as _story

from tracker.report.story import brief_lines, brief_order

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_an_answer_to_a_position_the_story_does_not_tell_is_told_in_its_own_place(data_dir: Path) -> None:
    # Russia's precondition is the same at both rounds: no item of the story. Ukraine's refusal
    # of it, first on record in June, is still an item of the brief, not dropped with nothing to
    # follow.
    _append(data_dir, "ukraine", (
        "  - id: no-preconditions\n    topic: ceasefire\n    kind: rejection\n    status: rejected\n"
        "    summary: No preconditions to a ceasefire.\n"
        "    responds_to:\n      - {party: russia, position: ceasefire-preconditions}\n"
        "    evidence:\n      - {source: src-b}\n"
    ))  # fmt: skip
    story = _story(data_dir)
    assert "ceasefire-preconditions" not in [item.id for item in story.items]
    order = brief_order(story)
    assert sorted(item.id for item in order) == sorted(item.id for item in story.items)
    assert "no-preconditions" in [item.id for item in order]
    assert any("No preconditions to a ceasefire" in line for line in brief_lines(story))


def test_an_answer_follows_what_it_answers(data_dir: Path) -> None:
    _append(data_dir, "ukraine", (
        "  - id: no-local-ceasefire\n    topic: ceasefire\n    kind: rejection\n    status: rejected\n"
        "    summary: Short ceasefires only prolong the war.\n"
        "    responds_to:\n      - {party: russia, position: local-ceasefire}\n"
        "    evidence:\n      - {source: src-old}\n"
    ))  # fmt: skip
    sources = data_dir / "sources.yaml"
    sources.write_text(sources.read_text().rstrip("\n") + "\n  - {id: src-old, outlet: Outlet Old, title: Report Old, published: 2025-05-01, url: https://example.org/old}\n")
    ids = [item.id for item in brief_order(_story(data_dir))]
    # Cited by no outlet of June, the refusal would come last on its own: it follows the offer.
    assert ids.index("no-local-ceasefire") == ids.index("local-ceasefire") + 1
    assert len(ids) == len(set(ids)) == 4


def test_an_answer_to_another_rounds_position_is_told_in_its_own_place(data_dir: Path) -> None:
    """Only an answer at the same round follows what it answers: Russia's June refusal of the
    May agreement is not an answer to its June item (carried out), and keeps its own place."""
    _append(data_dir, "russia", (
        f"  - id: no-more-exchanges\n    topic: prisoners\n    kind: rejection\n    status: rejected\n"
        f"    summary: No further exchange on those terms.\n"
        f"    responds_to:\n      - {{party: joint, position: exchange-1000, round: {MAY}}}\n"
        f"    evidence:\n      - {{source: src-old}}\n"
    ))  # fmt: skip
    sources = data_dir / "sources.yaml"
    sources.write_text(sources.read_text().rstrip("\n") + "\n  - {id: src-old, outlet: Outlet Old, title: Report Old, published: 2025-05-01, url: https://example.org/old}\n")
    ids = [item.id for item in brief_order(_story(data_dir))]
    assert "exchange-1000" in ids and ids[-1] == "no-more-exchanges", ids
