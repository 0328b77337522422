"""The text report at its edges: a comparison where nothing happened, a count of one or none,
conditions gained and lost, and the re-sourced positions of the parties and the joint ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TEST_JUNE as JUNE, TEST_MAY as MAY, copy_round_as, edit

from tracker.cli import main

JULY = "2025-07-01-istanbul"


@pytest.fixture
def text(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """The plain text `tracker --data <fixture copy> ARGS` prints (exit 0)."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)

    def text(*args: str) -> str:
        assert main(["--data", str(data_dir), *args]) == 0
        return capsys.readouterr().out

    return text


def test_a_comparison_where_nothing_happened_does_not_say_that_nothing_moved_besides(text) -> None:
    out = text("diff", JUNE, JUNE)
    assert "In all: 0 moved in substance; 5 unchanged" in out
    assert "No differences; --all lists the unchanged." in out
    assert "Moved in substance:" not in out  # nothing happened: no section says what did not
    # Where something happened but nothing moved, it is said.
    assert "Moved in substance: nothing besides what was carried out" in text("diff", MAY, JUNE)


def test_a_rounds_positions_are_counted_in_words(text) -> None:
    assert f"{JUNE} · 0 positions\n" in text("show", JUNE, "--party", "turkey")
    assert f"{MAY} · 1 position\n" in text("show", MAY, "--party", "russia")
    assert f"{MAY} · 4 positions\n" in text("show", MAY)


def test_conditions_gained_are_marked_plus_and_those_lost_minus(text, data_dir: Path) -> None:
    rounds = data_dir / "rounds"
    edit(rounds / MAY / "ukraine.yaml", "    evidence:\n      - source: src-a\n", "    conditions:\n      - Prisoners first\n    evidence:\n      - source: src-a\n")
    edit(rounds / JUNE / "ukraine.yaml", "    evidence:\n", "    conditions:\n      - Monitoring by Türkiye\n    evidence:\n")
    out = text("diff", MAY, JUNE)
    assert "      conditions: + Monitoring by Türkiye\n" in out
    assert "      conditions: - Prisoners first\n" in out


def test_a_condition_only_gained_or_only_lost_is_told_and_not_called_reordered(text, data_dir: Path) -> None:
    edit(data_dir / "rounds" / JUNE / "ukraine.yaml", "    evidence:\n", "    conditions:\n      - Monitoring by Türkiye\n    evidence:\n")
    out = text("diff", MAY, JUNE)
    assert "      conditions: + Monitoring by Türkiye\n" in out and "reordered" not in out
    out = text("diff", JUNE, MAY)
    assert "      conditions: - Monitoring by Türkiye\n" in out and "reordered" not in out


@pytest.mark.parametrize(("summary", "told"), [
    ("Ceasefire only later.", "summary: No ceasefire before mobilisation stops. → Ceasefire only later.\n"),  # 39 + 21: LONG_TEXT
    ("Ceasefire only, later.", "summary:\n        was: No ceasefire before mobilisation stops.\n        now: Ceasefire only, later.\n"),
])
def test_a_text_field_is_given_on_one_line_up_to_its_limit_and_one_under_the_other_past_it(text, data_dir: Path, summary: str, told: str) -> None:
    edit(data_dir / "rounds" / JUNE / "russia.yaml", "    summary: No ceasefire before mobilisation stops.\n", f"    summary: {summary}\n")
    assert f"      {told}" in text("diff", MAY, JUNE)


def test_the_re_sourced_positions_list_the_parties_first_and_the_joint_agreements_last(text, data_dir: Path) -> None:
    july = copy_round_as(data_dir, JUNE, JULY)
    # A second source for a party's position and for a joint agreement: new evidence, no move.
    edit(july / "russia.yaml", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n      - {source: src-a}\n")
    edit(july / "round.yaml", "    summary: Hand over the bodies of the fallen.\n    status: agreed\n", "    summary: Hand over the bodies of the fallen.\n    status: agreed\n    notes: Both outlets report it.\n")
    out = text("diff", JUNE, JULY)
    section = out[out.index("Re-sourced") :].splitlines()
    assert section[1:3] == ["  Russia: ceasefire-preconditions", "  Joint agreements: remains-6000"], section


def test_a_comparison_where_only_the_rounds_facts_differ_says_the_positions_did_not(text, data_dir: Path) -> None:
    july = copy_round_as(data_dir, JUNE, JULY)
    edit(july / "round.yaml", "venue: Ciragan Palace\n", "venue: Dolmabahce Palace\n")
    out = text("diff", JUNE, JULY)
    assert "No differences in the positions; --all lists the unchanged." in out
    assert "venue: Ciragan Palace → Dolmabahce Palace" in out


def test_a_timeline_tells_each_change_against_the_version_just_before_it(text, data_dir: Path) -> None:
    """Implemented at June (on 25 May), superseded at July with the day kept: July's line tells
    the status it left as June gave it, with its day, not as May gave it."""
    edit(copy_round_as(data_dir, JUNE, JULY) / "round.yaml", "    status: implemented\n", "    status: superseded\n")
    told = [line.split(maxsplit=3)[3] for line in text("timeline", "prisoners").splitlines() if line.startswith("    ") and "2025  " in line]
    assert told == [
        "new      agreement, agreed",
        "changed  agreement, implemented 25 May 2025  status: agreed → implemented (25 May 2025)",
        "changed  agreement, superseded 25 May 2025  status: implemented (25 May 2025) → superseded (25 May 2025)",
    ]


def test_on_a_terminal_the_old_is_red_the_new_green_and_a_removed_positions_summary_dimmed(data_dir: Path) -> None:
    """The styles the text face gives its runs (what a terminal shows): a field's old value in
    red and its new in green, the summary of an added position plain and of a removed one dim."""
    from tracker.loader import load_dataset
    from tracker.report.comparison import compare
    from tracker.report.text import META, NEW, OLD, diff_text

    added = "Short local ceasefires to collect the dead."
    edit(data_dir / "rounds" / MAY / "russia.yaml", "positions:\n", (
        "positions:\n  - id: gone-offer\n    topic: ceasefire\n    kind: offer\n"
        "    summary: An offer the later round does not have.\n    evidence:\n      - {source: src-a}\n"
    ))  # fmt: skip
    parts = diff_text(compare(load_dataset(data_dir), MAY, JUNE)).parts
    styles = {text: style for text, style in parts}
    assert (styles["agreed"], styles["implemented (25 May 2025)"]) == (OLD, NEW)
    assert styles[added] == "" and styles["An offer the later round does not have."] == META


def _runs(styled) -> set[tuple[str, str]]:
    """The (text, style) runs of a styled report: what a terminal colours."""
    assert styled.parts
    return set(styled.parts)


def test_on_a_terminal_each_kind_of_row_and_value_has_its_colour(data_dir: Path) -> None:
    """The symbols in their bucket's colour, the rounds' facts old red and new green, a change
    in the record dim from its label to its values, a contested figure in its own colour, and
    what is only said beside (first on record, gone, a fact of one round's day) dim."""
    from tracker.loader import load_dataset
    from tracker.report.comparison import compare
    from tracker.report.text import CONTESTED, META, NEW, OLD, RECORD, diff_text

    runs = _runs(diff_text(compare(load_dataset(data_dir), MAY, JUNE), show_unchanged=True))
    assert {("+", "bold green"), ("-", "bold red"), ("~", "bold yellow"), ("=", "bold dim")} <= runs
    assert {("Dolmabahce Palace", OLD), ("Ciragan Palace", NEW)} <= runs
    assert {("summary:", "bold"), ("ceasefire length:", RECORD), ("30 days", RECORD), ("at least 30 days", RECORD)} <= runs
    assert {("evidence:", RECORD), ("1 citation; quote dropped: Rustem Umerov", RECORD)} <= runs
    assert ("(contested: 6,000: Outlet A; 12,000: Outlet B)", CONTESTED) in runs
    assert {("  first on record", META), ("not on record at 2 June 2025, Istanbul", META), (" (16 May 2025, Istanbul)", META)} <= runs
    backwards = [run for run in diff_text(compare(load_dataset(data_dir), JUNE, MAY)).parts if run[0].startswith("Note: ")]
    assert [style for _, style in backwards] == ["bold yellow"]


def test_on_a_terminal_a_fields_signs_values_and_flags_have_their_colours() -> None:
    """Gained '+' green and lost '-' red; a long field's old value red under 'was' and its new
    green under 'now'; '(contested)' in the contested colour and '(no longer contested)' dim."""
    from tracker.report.changes import FieldLine
    from tracker.report.text import CONTESTED, META, NEW, OLD, _field_change_lines

    def runs(line: FieldLine) -> list[tuple[str, str]]:
        return [run for styled in _field_change_lines(line) for run in styled.parts if run[1]]

    assert runs(FieldLine("conditions", "conditions", gained=("A",), lost=("B",))) == [
        ("conditions:", "bold"), ("+ ", NEW), ("conditions:", "bold"), ("- ", OLD),
    ]  # fmt: skip
    assert runs(FieldLine("summary", "summary", "before", "after", long=True)) == [("summary:", "bold"), ("before", OLD), ("after", NEW)]
    assert runs(FieldLine("bodies", "bodies", "6,000", "6,000 (B gives 12,000)", contested=True))[-1] == ("(contested)", CONTESTED)
    assert runs(FieldLine("bodies", "bodies", "6,000 (B gives 12,000)", "6,000", settled=True))[-1] == ("(no longer contested)", META)


def test_with_all_an_unchanged_position_is_its_summary_alone_and_an_added_one_has_its_facts(text, data_dir: Path) -> None:
    """--all lists what did not change by its summary: its figures and conditions are the same
    at both rounds, so only a position new to the comparison lists them."""
    copy_round_as(data_dir, JUNE, JULY)
    unchanged = text("diff", JUNE, JULY, "--all")
    assert "    = local-ceasefire (offer, stated)\n      Short local ceasefires to collect the dead.\n\nPrisoners of war\n" in unchanged
    added = text("diff", MAY, JUNE)
    assert "      Short local ceasefires to collect the dead.\n      ceasefire length: 2 to 3 days\n" in added


def test_on_a_terminal_the_re_sourced_list_names_its_parties_in_bold_and_its_ids_dim(data_dir: Path) -> None:
    from tracker.loader import load_dataset
    from tracker.report.comparison import compare
    from tracker.report.text import META, PARTY, diff_text

    july = copy_round_as(data_dir, JUNE, JULY)
    edit(july / "russia.yaml", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n", "    summary: No ceasefire before mobilisation stops.\n    evidence:\n      - {source: src-a}\n")
    runs = _runs(diff_text(compare(load_dataset(data_dir), JUNE, JULY)))
    assert {("Russia: ", PARTY), ("ceasefire-preconditions", META)} <= runs


def test_a_condition_written_as_a_sentence_loses_its_full_stop_inside_the_line() -> None:
    """'(new condition: The talks could go on past the date.).' read as two stops: an item's own
    full stop is dropped where the line goes on; an ellipsis stays."""
    from tracker.report.changes import FieldLine, line_words

    line = FieldLine("conditions", "conditions", gained=("The talks could go on past the date.",), lost=("Ukraine to wait…",))
    assert line_words(line) == "new condition: The talks could go on past the date; dropped condition: Ukraine to wait…"
