"""The Markdown reports at their edges: a speaker cited without a quote, a round with nothing to
list, the conditions a changed position lost and gained."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD_DATA, copy_round_as, edit

from tracker.loader import load_dataset
from tracker.report.comparison import compare
from tracker.report.markdown import diff_markdown, position_markdown, positions_markdown

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    return root


def test_a_speaker_cited_without_a_quote_is_named_as_the_speaker(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "rounds" / MAY / "ukraine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("        quote: We want a ceasefire.\n", ""), encoding="utf-8")
    dataset = load_dataset(root)
    page = position_markdown(dataset, dataset.rounds[MAY].by_key()[("ukraine", "ceasefire-30-day")])
    evidence = page[page.index("## Evidence") :]
    assert "speaker: Rustem Umerov" in evidence and "“" not in evidence


def test_a_round_shown_with_nothing_to_list_says_0_positions() -> None:
    dataset = load_dataset(GOOD_DATA)
    assert "\n0 positions on record.\n" in positions_markdown(dataset, JUNE, [], "party Türkiye")
    one = positions_markdown(dataset, JUNE, dataset.rounds[JUNE].positions[:1])
    assert "\n1 position on record.\n" in one


def test_conditions_lost_are_marked_minus_and_those_gained_plus(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for round_id, condition in ((MAY, "Mobilisation stops first"), (JUNE, "Western arms deliveries end")):
        path = root / "rounds" / round_id / "russia.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    evidence:\n", f"    conditions:\n      - {condition}\n    evidence:\n", 1), encoding="utf-8")
    page = diff_markdown(compare(load_dataset(root), MAY, JUNE))
    assert "**conditions:** − Mobilisation stops first" in page
    assert "**conditions:** + Western arms deliveries end" in page


def test_a_party_filter_says_the_joint_agreements_it_leaves_out() -> None:
    dataset = load_dataset(GOOD_DATA)
    page = diff_markdown(compare(dataset, MAY, JUNE, parties=["russia"]))
    assert "\nOnly party Russia (the joint agreements Russia is party to are left out: add --party joint).\n" in page
    assert "\nOnly parties Russia, Joint.\n" in diff_markdown(compare(dataset, MAY, JUNE, parties=["russia", "joint"]))


def test_the_re_sourced_positions_list_the_parties_first_and_the_joint_agreements_last(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    july = copy_round_as(root, JUNE, "2025-07-01-istanbul")
    # A second source for a party's position and a note on a joint agreement: no move.
    edit(july / "russia.yaml", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n      - {source: src-a}\n")
    edit(july / "round.yaml", "    summary: Hand over the bodies of the fallen.\n    status: agreed\n", "    summary: Hand over the bodies of the fallen.\n    status: agreed\n    notes: Both outlets report it.\n")
    page = diff_markdown(compare(load_dataset(root), JUNE, "2025-07-01-istanbul"))
    section = page[page.index("## Re-sourced") :].split("\n\n")[2].splitlines()
    assert section == ["- Russia: `ceasefire-preconditions`", "- Joint: `remains-6000`"], section


def test_a_position_back_after_a_gap_says_so_before_its_figures(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA.parent / "events", root)
    path = root / "rounds" / "2025-07-23-istanbul" / "russia.yaml"
    edit(path, "    summary: Each side drafts a memorandum on a settlement.\n", "    summary: Each side drafts a memorandum on a settlement.\n    quantities:\n      - {what: drafts, value: 2}\n")
    page = diff_markdown(compare(load_dataset(root), JUNE, "2025-07-23-istanbul"))
    row = next(line for line in page.splitlines() if line.startswith("| + returned | Russia |"))
    assert row.endswith("| back after a gap: last on record 16 May 2025, Istanbul<br>**drafts:** 2 |"), row


def test_a_figure_that_became_contested_says_so_with_who_gives_which(tmp_path: Path) -> None:
    """A changed figure the June sources disagree on is flagged in its change line, after the
    words that say who gives which."""
    root = _copy(tmp_path)
    path = root / "rounds" / JUNE / "ukraine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - {what: ceasefire length, min: 30, unit: days}\n",
        "      - what: ceasefire length\n        unit: days\n        claims:\n"
        "          - {value: 15, source: src-a}\n          - {value: 20, source: src-b}\n", 1), encoding="utf-8")  # fmt: skip
    page = diff_markdown(compare(load_dataset(root), MAY, JUNE))
    [line] = [line for line in page.splitlines() if "ceasefire-30-day" in line]
    assert "**ceasefire length:** 30 days → 15 days (Outlet B also gives 20 days) ⚠ contested<br>" in line
