"""The loader on good data and on every class of bad input: each reports the exact place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.loader import bundled_data_dir, load_dataset
from tracker.model import JOINT, Status
from tracker.problems import DataError
from tracker.yamlread import MAX_FILE_BYTES

MAY = "rounds/2025-05-16-istanbul"
JUNE = "rounds/2025-06-02-istanbul"


def problems_of(root: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(DataError) as info:
        load_dataset(root)
    return [(p.file.relative_to(root).as_posix(), p.line, p.col, p.field, p.message) for p in info.value.problems]


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def replace(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- good data ----------------------------------------------------------------------------------


def test_good_data_loads_with_origins(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert list(dataset.rounds) == ["2025-05-16-istanbul", "2025-06-02-istanbul"]
    june = dataset.rounds["2025-06-02-istanbul"]
    local = june.by_key()[("russia", "local-ceasefire")]
    assert local.origin is not None
    assert local.origin.file == data_dir / JUNE / "russia.yaml"
    assert local.origin.line == 8  # the line of "- id: local-ceasefire"
    assert local.round == "2025-06-02-istanbul"
    exchange = june.by_key()[(JOINT, "exchange-1000")]
    assert exchange.status is Status.implemented
    assert exchange.status_date == dt.date(2025, 5, 25)


def test_contested_figure_is_recognised(data_dir: Path) -> None:
    june = load_dataset(data_dir).rounds["2025-06-02-istanbul"]
    remains = june.by_key()[(JOINT, "remains-6000")]
    assert remains.contested
    assert remains.quantities[0].display() == "bodies: contested: 6,000 / 12,000"
    assert not june.by_key()[("ukraine", "ceasefire-30-day")].contested


def test_rounds_resolve_by_id_date_and_prefix(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert dataset.resolve_round("2025-06-02") == "2025-06-02-istanbul"
    assert dataset.resolve_round("2025-05") == "2025-05-16-istanbul"
    with pytest.raises(LookupError, match="ambiguous"):
        dataset.resolve_round("2025-0")
    with pytest.raises(LookupError, match="the rounds are: 2025-05-16-istanbul, 2025-06-02-istanbul"):
        dataset.resolve_round("geneva")


def test_bundled_data_is_valid() -> None:
    dataset = load_dataset(bundled_data_dir())
    assert dataset.parties and dataset.topics and dataset.sources


# --- YAML-level problems -----------------------------------------------------------------------


def test_syntax_error_points_at_the_line(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "positions:\n  - id: [unclosed\n    topic: x\n")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert file == f"{JUNE}/russia.yaml"
    assert line == 3 and message.startswith("YAML syntax:")


def test_duplicate_key(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/ukraine.yaml", "    topic: ceasefire\n", "    topic: ceasefire\n    topic: prisoners\n")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert (file, line, col) == (f"{JUNE}/ukraine.yaml", 4, 5)
    assert "duplicate key 'topic' (first at line 3)" in message


def test_alias_bomb_is_refused_at_the_anchor(data_dir: Path) -> None:
    bomb = 'a: &a ["lol","lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]\n'
    write(data_dir, f"{JUNE}/russia.yaml", bomb)
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert (line, col) == (1, 4)
    assert "anchors" in message


def test_alias_without_anchor_text_is_still_checked(data_dir: Path) -> None:
    # An ampersand in prose triggers the anchor scan but is no anchor.
    replace(data_dir, f"{JUNE}/russia.yaml", "to collect the dead.", "to collect the dead & wounded *now*.")
    local = load_dataset(data_dir).rounds[JUNE.split("/")[-1]].by_key()[("russia", "local-ceasefire")]
    assert local.summary.endswith("to collect the dead & wounded *now*.")
    # With that prose in the file, a real anchor in it is still found.
    replace(data_dir, f"{JUNE}/russia.yaml", "kind: offer", "kind: &k offer")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert file == f"{JUNE}/russia.yaml" and "anchors" in message


def test_unsafe_tag(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", 'positions:\n  - !!python/object/apply:os.system ["echo pwned"]\n')
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert (line, col) == (2, 5)
    assert "python/object/apply" in message and "not allowed" in message


def test_custom_local_tag(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "positions: !mine []\n")
    [(_, line, col, _, message)] = problems_of(data_dir)
    assert (line, col) == (1, 12) and "'!mine' is not allowed" in message


def test_merge_key(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "positions: []\n<<: {notes: x}\n")
    [(_, line, _, _, message)] = problems_of(data_dir)
    assert line == 2 and "merge keys" in message


def test_empty_file(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "# nothing yet\n")
    assert problems_of(data_dir) == [(f"{JUNE}/russia.yaml", 1, 1, "", "the file is empty")]


def test_top_level_list(data_dir: Path) -> None:
    write(data_dir, "topics.yaml", "- ceasefire\n")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert file == "topics.yaml" and "expected a mapping" in message and "got a list" in message


def test_binary_file(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", b"positions:\n\x00\x01\x02")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert (line, col) == (2, 1) and "NUL byte" in message


def test_non_utf8_points_at_the_byte(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "positions:\n  - id: caf".encode() + b"\xe9\n")
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert (line, col) == (2, 12) and "not valid UTF-8 (byte 0xe9)" in message


def test_huge_file_is_refused_without_parsing(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", b"#" * (MAX_FILE_BYTES + 1))
    [(file, line, col, _, message)] = problems_of(data_dir)
    assert file == f"{JUNE}/russia.yaml" and f"over the {MAX_FILE_BYTES:,}-byte limit" in message


def test_deep_nesting_does_not_crash(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "positions: " + "[" * 100_000 + "\n")
    [(_, line, col, _, message)] = problems_of(data_dir)
    assert line == 1 and "nested too deeply" in message


def test_deep_indentation_does_not_crash(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/russia.yaml", "".join(" " * i + "-\n" for i in range(300)))
    [(_, line, _, _, message)] = problems_of(data_dir)
    assert line == 200 and "nested too deeply" in message


# --- schema problems -----------------------------------------------------------------------------


def test_unknown_enum_value_points_at_the_value(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "    status: agreed\n", "    status: agred\n")
    [(file, line, col, field, message)] = problems_of(data_dir)
    assert (file, line, col) == (f"{JUNE}/round.yaml", 30, 13)
    assert field == "agreements[1].status"
    assert message.startswith("'agred' is not one of stated, agreed,") and "did you mean 'agreed'" in message


def test_yaml_boolean_where_text_belongs(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/ukraine.yaml", "summary: A meeting of the two presidents.", "summary: no")
    [(_, line, col, field, message)] = problems_of(data_dir)
    assert (line, col, field) == (17, 14, "positions[1].summary")
    assert message == "expected text, got no (unquoted, YAML reads it as the boolean false): put the text in quotes"


def test_number_where_id_belongs(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/russia.yaml", "id: ceasefire-preconditions", "id: 2025")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert (line, field) == (2, "positions[0].id") and "got the number 2025" in message


def test_unknown_field_suggests_the_right_one(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/russia.yaml", "    summary:", "    sumary:")
    found = problems_of(data_dir)
    assert (f"{MAY}/russia.yaml", 5, 5, "positions[0].sumary", "unknown field 'sumary' (did you mean 'summary'?)") in found
    assert (f"{MAY}/russia.yaml", 2, 5, "positions[0].summary", "required field is missing") in found


def test_bad_date(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "date: 2025-06-02", "date: 2025-06-31")
    [(_, line, col, field, message)] = problems_of(data_dir)
    assert (line, col, field) == (2, 7, "") and "bad timestamp value '2025-06-31'" in message


def test_quoted_date_is_accepted(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "date: 2025-06-02", 'date: "2025-06-02"')
    assert load_dataset(data_dir).rounds["2025-06-02-istanbul"].round.date == dt.date(2025, 6, 2)


def test_number_or_date_union_gives_one_message(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/ukraine.yaml", "min: 30", "value: thirty")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert field == "positions[0].quantities[0].value"
    assert message == "expected a number or a date (YYYY-MM-DD), got the text 'thirty'"


def test_model_rules(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "    status: implemented\n    status_date: 2025-05-25\n", "    status: implemented\n")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert field == "agreements[0]" and "needs a `status_date`" in message


def test_evidence_is_required(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/ukraine.yaml", "    evidence:\n      - {source: src-a}\n", "    evidence: []\n")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert (line, field) == (8, "positions[0].evidence") and "at least 1" in message


# --- references and ids -----------------------------------------------------------------------


def test_duplicate_position_id(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "id: local-ceasefire", "id: ceasefire-preconditions")
    [(_, line, col, field, message)] = problems_of(data_dir)
    assert (line, col, field) == (8, 9, "positions[1].id")
    assert message == "duplicate id 'ceasefire-preconditions' (first used at line 2)"


def test_dangling_references_all_reported(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "topic: ceasefire\n    kind: offer", "topic: ceasfire\n    kind: offer")
    replace(data_dir, f"{JUNE}/russia.yaml", "{source: src-b}\n", "{source: src-z}\n")
    replace(data_dir, f"{JUNE}/russia.yaml", "{position: ceasefire-preconditions}", "{position: no-such-thing}")
    replace(data_dir, f"{JUNE}/round.yaml", "mediators: [turkey]", "mediators: [turky]")
    write(data_dir, f"{JUNE}/belarus.yaml", "positions: []\n")
    found = problems_of(data_dir)
    assert found == [
        (f"{JUNE}/belarus.yaml", 1, 1, "", "no party 'belarus' in parties.yaml (a position file is named after its party's id)"),
        (f"{JUNE}/round.yaml", 5, 13, "mediators[0]", "unknown party 'turky' (did you mean 'turkey'?)"),
        (f"{JUNE}/russia.yaml", 7, 18, "positions[0].evidence[0].source", "unknown source 'src-z': add it to the source catalogue (did you mean 'src-b'?)"),
        (f"{JUNE}/russia.yaml", 9, 12, "positions[1].topic", "unknown topic 'ceasfire' (did you mean 'ceasefire'?)"),
        (f"{JUNE}/russia.yaml", 15, 9, "positions[1].conditions[0]", "no position 'no-such-thing' of 'russia' in round '2025-06-02-istanbul'"),
    ]


def test_round_id_must_match_folder(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "id: 2025-06-02-istanbul", "id: 2025-06-02-geneva")
    found = problems_of(data_dir)
    assert (f"{JUNE}/round.yaml", 1, 5, "id", "'2025-06-02-geneva' does not match its folder name '2025-06-02-istanbul'") in found


def test_agreement_kind_belongs_to_round_file(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "kind: offer", "kind: agreement")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert (line, field) == (10, "positions[1].kind") and "joint agreements in round.yaml" in message


def test_broken_catalogue_is_reported_once(data_dir: Path) -> None:
    write(data_dir, "parties.yaml", "parties: [\n")
    found = problems_of(data_dir)
    assert [f for f, *_ in found] == ["parties.yaml"]


def test_missing_round_file(data_dir: Path) -> None:
    (data_dir / JUNE / "round.yaml").unlink()
    assert problems_of(data_dir) == [(f"{JUNE}/round.yaml", 1, 1, "", "file not found")]


def test_problems_sorted_and_all_reported(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/ukraine.yaml", "kind: proposal", "kind: proposl")
    replace(data_dir, f"{JUNE}/round.yaml", "status: agreed", "status: agred")
    write(data_dir, "topics.yaml", "topics: [\n")
    found = problems_of(data_dir)
    files = [f for f, *_ in found]
    assert files == sorted(files) and len(found) == 3


def test_loading_never_writes(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "status: agreed", "status: agred")
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    problems_of(data_dir)
    after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert before == after


def test_responds_to_must_name_a_real_position(data_dir: Path) -> None:
    replace(
        data_dir,
        f"{JUNE}/russia.yaml",
        "    conditions:\n      - {position: ceasefire-preconditions}\n",
        "    responds_to:\n      - {party: ukraine, position: ceasefire-30-day}\n      - {party: ukraine, position: ceasefire-60-day}\n",
    )
    [(file, line, col, field, message)] = problems_of(data_dir)
    assert (line, col, field) == (16, 9, "positions[1].responds_to[1]")
    assert message == "no position 'ceasefire-60-day' of 'ukraine' in round '2025-06-02-istanbul' (did you mean 'ceasefire-30-day'?)"


def test_date_ranges_and_mixed_bounds(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "min: 2, max: 3, unit: days", "min: 2025-06-20, max: 2025-06-30")
    local = load_dataset(data_dir).rounds["2025-06-02-istanbul"].by_key()[("russia", "local-ceasefire")]
    assert local.quantities[0].min == dt.date(2025, 6, 20)
    replace(data_dir, f"{JUNE}/russia.yaml", "max: 2025-06-30", "max: 30")
    [(_, line, _, field, message)] = problems_of(data_dir)
    assert field == "positions[1].quantities[0]" and "both be numbers or both be dates" in message


def test_data_directory_that_is_a_file(data_dir: Path) -> None:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir / "parties.yaml")
    [problem] = info.value.problems
    assert problem.message.startswith("this is a file, not a data directory: expected the folder that holds parties.yaml")


def test_catalogue_beside_a_data_directory_given_as_dot(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--data .` inside positions/ finds seeds/sources.yaml beside it, as `--data positions` does."""
    (data_dir.parent / "seeds").mkdir()
    (data_dir / "sources.yaml").rename(data_dir.parent / "seeds" / "sources.yaml")
    monkeypatch.chdir(data_dir)
    assert load_dataset(".").count_positions() == 9
    monkeypatch.chdir(data_dir / "rounds")
    assert load_dataset("..").count_positions() == 9


# --- rounds: ids, dates and places ----------------------------------------------------------------


def copy_round(root: Path, source: str, folder: str) -> None:
    """A copy of a round under another folder name, its id set to match (nothing else changed)."""
    import shutil

    shutil.copytree(root / source, root / "rounds" / folder)
    replace(root, f"rounds/{folder}/round.yaml", f"id: {Path(source).name}", f"id: {folder}")


def test_round_date_must_be_the_date_its_id_begins_with(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/round.yaml", "date: 2025-06-02", "date: 2025-06-03")
    assert problems_of(data_dir) == [
        (
            f"{JUNE}/round.yaml", 2, 7, "date",
            "2025-06-03 is not the date the round's folder name '2025-06-02-istanbul' begins with (2025-06-02): "
            "correct the date, or rename the folder and the round's id",
        )
    ]  # fmt: skip


def test_round_id_beginning_with_no_real_date(data_dir: Path) -> None:
    copy_round(data_dir, JUNE, "2025-06-31-istanbul")
    assert problems_of(data_dir) == [
        (
            "rounds/2025-06-31-istanbul/round.yaml", 2, 7, "date",
            "the round's folder name '2025-06-31-istanbul' begins with '2025-06-31', which is not a date; "
            "name it after the round's date, 2025-06-02",
        )
    ]  # fmt: skip


def test_round_ids_without_a_date_are_not_checked_against_it(data_dir: Path) -> None:
    copy_round(data_dir, JUNE, "istanbul-3")
    replace(data_dir, "rounds/istanbul-3/round.yaml", "date: 2025-06-02", "date: 2025-07-23")
    assert list(load_dataset(data_dir).rounds)[-1] == "istanbul-3"


def test_two_rounds_on_the_same_day_in_the_same_place(data_dir: Path) -> None:
    copy_round(data_dir, JUNE, "2025-06-02-istanbul-2")
    replace(data_dir, "rounds/2025-06-02-istanbul-2/round.yaml", "place: Istanbul", "place: ' istanbul'")
    assert problems_of(data_dir) == [
        (
            "rounds/2025-06-02-istanbul-2/round.yaml", 2, 7, "date",
            "round '2025-06-02-istanbul' has the same date and place (2025-06-02, 'istanbul'): "
            "a meeting is one round; keep one folder, or tell them apart by `place` or by their `delegations`",
        )
    ]  # fmt: skip
    replace(data_dir, "rounds/2025-06-02-istanbul-2/round.yaml", "place: ' istanbul'", "place: Istanbul, Dolmabahçe")
    assert list(load_dataset(data_dir).rounds) == ["2025-05-16-istanbul", "2025-06-02-istanbul", "2025-06-02-istanbul-2"]


def _delegations(data_dir: Path, round_id: str, *parties: str) -> None:
    path = data_dir / round_id / "round.yaml"
    path.write_text(path.read_text() + "delegations:\n" + "".join(f"  - {{party: {p}, head: Someone}}\n" for p in parties))


def test_two_meetings_of_different_sides_on_one_day_in_one_place_are_two_rounds(data_dir: Path) -> None:
    """The US envoys met Ukraine's delegation and, apart, Russia's in one Geneva hotel on one day:
    two rounds. The same sides on record at both, or none at one, is one meeting recorded twice."""
    copy_round(data_dir, JUNE, "2025-06-02-istanbul-2")
    _delegations(data_dir, JUNE, "ukraine", "turkey")
    _delegations(data_dir, "rounds/2025-06-02-istanbul-2", "russia", "turkey")
    assert list(load_dataset(data_dir).rounds)[-2:] == ["2025-06-02-istanbul", "2025-06-02-istanbul-2"]
    path = data_dir / "rounds" / "2025-06-02-istanbul-2" / "round.yaml"
    path.write_text(path.read_text().replace("  - {party: russia, head: Someone}\n", "  - {party: ukraine, head: Someone}\n"))
    assert [p[:4] for p in problems_of(data_dir) if p[3] == "date"] == [("rounds/2025-06-02-istanbul-2/round.yaml", 2, 7, "date")]


def test_a_round_that_records_no_delegation_is_the_same_meeting_as_one_that_does(data_dir: Path) -> None:
    """Sides on record at one round only cannot tell two meetings apart: one meeting recorded twice."""
    copy_round(data_dir, JUNE, "2025-06-02-istanbul-2")
    _delegations(data_dir, "rounds/2025-06-02-istanbul-2", "russia", "turkey")
    assert [p[:4] for p in problems_of(data_dir) if p[3] == "date"] == [("rounds/2025-06-02-istanbul-2/round.yaml", 2, 7, "date")]


def test_a_copied_round_folder_is_reported_at_its_id_and_date_only(data_dir: Path) -> None:
    """A round folder copied and not updated: its id and date are wrong; the references in its
    files, and it being the same meeting as the round it was copied from, follow from those."""
    import shutil

    shutil.copytree(data_dir / JUNE, data_dir / "rounds" / "2025-07-23-istanbul")
    assert [(f, line, field) for f, line, _, field, _ in problems_of(data_dir)] == [
        ("rounds/2025-07-23-istanbul/round.yaml", 1, "id"),
        ("rounds/2025-07-23-istanbul/round.yaml", 2, "date"),
    ]


def test_a_wrong_round_id_is_reported_once(data_dir: Path) -> None:
    """The positions of the round's party files are checked against the round found by its folder:
    a mistyped `id` is one problem, not one more for every reference in the round."""
    replace(data_dir, f"{JUNE}/round.yaml", "id: 2025-06-02-istanbul", "id: 2025-06-02-instanbul")
    replace(
        data_dir,
        f"{JUNE}/ukraine.yaml",
        "    evidence:\n      - {source: src-a}\n",
        "    evidence:\n      - {source: src-a}\n    responds_to:\n      - {party: russia, position: local-ceasefire}\n"
        "      - {party: russia, position: local-ceasefire, round: 2025-06-02-istanbul}\n",
    )
    assert problems_of(data_dir) == [
        (f"{JUNE}/round.yaml", 1, 5, "id", "'2025-06-02-instanbul' does not match its folder name '2025-06-02-istanbul'"),
    ]
    # A reference that is wrong on its own account is still reported.
    replace(data_dir, f"{JUNE}/ukraine.yaml", "position: local-ceasefire}", "position: local-ceasefires}")
    assert problems_of(data_dir)[1][3:] == (
        "positions[0].responds_to[0]",
        "no position 'local-ceasefires' of 'russia' in round '2025-06-02-istanbul' (did you mean 'local-ceasefire'?)",
    )


# --- bidirectional controls ("Trojan Source") -----------------------------------------------------

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_control_in_text_is_reported_where_it_is(data_dir: Path, char: str) -> None:
    replace(data_dir, f"{MAY}/ukraine.yaml", "summary: A meeting of the two presidents.", f"summary: A meeting of the {char}two presidents.")
    [(file, line, col, field, message)] = problems_of(data_dir)
    assert (file, line, col, field) == (f"{MAY}/ukraine.yaml", 17, 31, "positions[1].summary")
    assert message.startswith(f"U+{ord(char):04X} ") and "bidirectional control" in message
    assert char not in message  # the message itself must not reorder the terminal


def test_bidi_controls_in_a_comment_an_escape_and_a_catalogue(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "positions:\n", "# \u202eevil\u202c comment\npositions:\n")
    replace(data_dir, "topics.yaml", "title: Ceasefire", 'title: "Cease\\u2067fire\\u2069"')
    found = problems_of(data_dir)
    assert [(f, line, col, field) for f, line, col, field, _ in found] == [
        (f"{JUNE}/russia.yaml", 1, 3, ""),
        ("topics.yaml", 2, 28, "topics[0].title"),
    ]
    assert found[0][4].startswith("U+202E RIGHT-TO-LEFT OVERRIDE (and 1 more in this comment): ")
    assert found[1][4].startswith("U+2067 RIGHT-TO-LEFT ISOLATE (and 1 more in this text): ")


def test_bidi_control_in_an_edit_is_refused_before_it_is_written(data_dir: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    text = path.read_text(encoding="utf-8").replace("to collect the dead.", "to collect the \u2066dead.")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir, overrides={path: text})
    assert [p.message[:6] for p in info.value.problems] == ["U+2066"]


def test_right_to_left_marks_are_allowed(data_dir: Path) -> None:
    replace(data_dir, "parties.yaml", "name: Türkiye", "name: \u200fتركيا\u200e (Türkiye)")
    assert load_dataset(data_dir).parties["turkey"].name == "\u200fتركيا\u200e (Türkiye)"


INVISIBLE = ["\u200b", "\u2060", "\u2063", "\ufeff", "\U000e0041"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_in_text_is_reported_where_it_is(data_dir: Path, char: str) -> None:
    """One rule for invisible characters: those no script needs are refused, as the bidi
    controls are, so `Rus<ZWSP>sia` never passes for a name that reads as `Russia`."""
    replace(data_dir, f"{MAY}/ukraine.yaml", "summary: A meeting of the two presidents.", f"summary: A meeting of the {char}two presidents.")
    [(file, line, col, field, message)] = problems_of(data_dir)
    assert (file, line, col, field) == (f"{MAY}/ukraine.yaml", 17, 31, "positions[1].summary")
    assert message.startswith(f"U+{ord(char):04X} ") and "an invisible character" in message
    assert char not in message


def test_the_joiners_scripts_need_are_allowed(data_dir: Path) -> None:
    replace(data_dir, "parties.yaml", "name: Türkiye", "name: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0915\u094d\u200d\u0937 (Türkiye)")
    assert "\u200c" in load_dataset(data_dir).parties["turkey"].name


@pytest.mark.parametrize(("old", "new", "col", "field", "said"), [
    ("name: Russia, short: RU", "name: Ukraine, short: RU", 24, "parties[1].name", "'Ukraine' is also the id of 'ukraine'"),
    ("name: Russia, short: RU", "name: Russia, short: ua", 39, "parties[1].short", "'ua' is also the short of 'ukraine'"),
    ("name: Türkiye, short: TR", "name: Turkiye, short: UKRAINE", 40, "parties[2].short", "'UKRAINE' is also the id of 'ukraine'"),
])
def test_two_parties_that_the_command_line_cannot_tell_apart(data_dir: Path, old: str, new: str, col: int, field: str, said: str) -> None:
    replace(data_dir, "parties.yaml", old, new)
    found = problems_of(data_dir)
    assert [(f, line, c, fd) for f, line, c, fd, _ in found] == [("parties.yaml", found[0][1], col, field)], found
    assert found[0][4].startswith(said) and "could not tell the two apart" in found[0][4]


def test_a_name_mixing_latin_and_cyrillic_letters_in_a_word(data_dir: Path) -> None:
    replace(data_dir, "parties.yaml", "name: Russia, short: RU", "name: Russi\u0430, short: RU")
    [(file, line, col, field, message)] = problems_of(data_dir)
    assert (file, field) == ("parties.yaml", "parties[1].name")
    assert "mixes Latin letters with Cyrillic letters (U+0430 CYRILLIC SMALL LETTER A) in one word" in message
    replace(data_dir, "parties.yaml", "name: Russi\u0430, short: RU", "name: \u0420\u043e\u0441\u0441\u0438\u044f (Russia), short: RU")
    assert load_dataset(data_dir).parties["russia"].name.endswith("(Russia)")  # two scripts, each word in one


# --- one run reports everything it can ------------------------------------------------------------


def test_what_yaml_read_is_told_as_written(data_dir: Path) -> None:
    """`kind: no` and `status_date: 1:30` are quoted as the user wrote them, with what YAML
    made of them; a round given as a date is told how rounds are named."""
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: precondition\n", "    kind: no\n    status_date: 1:30\n")
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - {position: ceasefire-30-day, party: ukraine, round: 2025-05-16}")
    messages = {field: message for _, _, _, field, message in problems_of(data_dir)}
    assert messages["positions[0].kind"].startswith("'no' is not one of demand, precondition,")
    # YAML 1.1 would read 1:30 as the number 90; tracker reads numbers in plain decimal only.
    assert messages["positions[0].status_date"] == "'1:30' is not a date in the form YYYY-MM-DD"
    assert messages["positions[1].conditions[0].round"] == (
        "expected text, got the date 2025-05-16: a round is named by its id, its folder's name (e.g. '2025-05-16-istanbul')"
    )
    # The condition is a mapping with a problem of its own: that it is not text is not reported.
    assert "positions[1].conditions[0]" not in messages


def test_a_file_with_a_broken_position_still_has_its_other_positions_checked(data_dir: Path) -> None:
    """One invalid position hides neither the duplicate ids nor the references of the others."""
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: precondition\n", "    kind: wish\n")
    replace(data_dir, f"{JUNE}/russia.yaml", "  - id: local-ceasefire\n", "  - id: ceasefire-preconditions\n")
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - {position: ceasefire-30-day, party: ukrane}")
    found = [(field, message) for _, _, _, field, message in problems_of(data_dir)]
    assert found == [
        ("positions[0].kind", "'wish' is not one of demand, precondition, proposal, offer, concession, rejection, red_line, commitment or agreement"),
        ("positions[1].id", "duplicate id 'ceasefire-preconditions' (first used at line 2)"),
        ("positions[1].conditions[0]", "unknown party 'ukrane' (did you mean 'ukraine'?)"),
    ]


def test_a_reference_to_a_joint_agreement_names_the_party_joint(data_dir: Path) -> None:
    """`joint` is no party of parties.yaml, yet a reference may name it: a condition on an agreement."""
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - {position: ceasefire-preconditions}\n      - {party: joint, position: remains-6000}")
    dataset = load_dataset(data_dir)
    [offer] = [p for p in dataset.rounds["2025-06-02-istanbul"].positions if p.id == "local-ceasefire"]
    assert [(c.party, c.position) for c in offer.conditions if not isinstance(c, str)] == [(None, "ceasefire-preconditions"), ("joint", "remains-6000")]
    replace(data_dir, f"{JUNE}/russia.yaml", "position: remains-6000}", "position: remains-600}")
    assert [(f, m) for _, _, _, f, m in problems_of(data_dir)] == [
        ("positions[1].conditions[1]", "no position 'remains-600' of 'joint' in round '2025-06-02-istanbul' (did you mean 'remains-6000'?)"),
    ]


def test_text_with_a_colon_is_told_to_be_quoted(data_dir: Path) -> None:
    """`- Ukraine must: stop` and `summary: a: b` are text YAML read otherwise: one clear problem."""
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - Ukraine must: stop mobilisation")
    assert [(f, m) for _, _, _, f, m in problems_of(data_dir)] == [
        ("positions[1].conditions[0]", "expected text, got a mapping (text with ': ' in it must be put in quotes)"),
    ]
    replace(data_dir, f"{JUNE}/russia.yaml", "summary: No ceasefire before", "summary: No ceasefire: before")
    [(_, _, _, _, message)] = problems_of(data_dir)
    assert message.startswith("YAML syntax: mapping values are not allowed") and "if this is text with ': ' in it, put it in quotes" in message


def test_a_reference_with_a_problem_is_not_also_called_not_text(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - {position: ceasefire-preconditions, rnd: x}")
    assert [(f, m) for _, _, _, f, m in problems_of(data_dir)] == [("positions[1].conditions[0].rnd", "unknown field 'rnd' (did you mean 'round'?)")]


def test_true_where_text_belongs_is_said_once(data_dir: Path) -> None:
    replace(data_dir, f"{MAY}/ukraine.yaml", "summary: A meeting of the two presidents.", "summary: True")
    [(_, _, _, _, message)] = problems_of(data_dir)
    assert message == "expected text, got the boolean true (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"


def test_a_rejection_of_nothing_is_a_warning(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: precondition\n", "    kind: rejection\n")
    dataset = load_dataset(data_dir)
    assert [(w.field, w.severity, w.message) for w in dataset.warnings] == [
        ("positions[0].kind", "warning", "a rejection names what it rejects: add `responds_to` (see positions/README.md)")
    ]


def test_a_misspelt_reference_is_told_as_one(data_dir: Path) -> None:
    """`- positon: x` is a reference with a typo, not text to quote."""
    replace(data_dir, f"{JUNE}/russia.yaml", "      - {position: ceasefire-preconditions}", "      - positon: ceasefire-preconditions")
    found = [(f, m) for _, _, _, f, m in problems_of(data_dir)]
    assert ("positions[1].conditions[0].positon", "unknown field 'positon' (did you mean 'position'?)") in found
    assert not any("quotes" in m or "expected text" in m for _, m in found)


# --- carried over ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carried_from", "message"),
    [
        ("2025-05-16-istanbl", "unknown round '2025-05-16-istanbl' (did you mean '2025-05-16-istanbul'?)"),
        ("2025-06-02-istanbul", "round '2025-06-02-istanbul' (2025-06-02) is not earlier than this round (2025-06-02): `carried_from` names an earlier round"),
    ],
)
def test_carried_from_names_an_earlier_round(data_dir: Path, carried_from: str, message: str) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "    summary: No ceasefire before mobilisation stops.\n",
            f"    summary: No ceasefire before mobilisation stops.\n    carried_from: {carried_from}\n")  # fmt: skip
    assert problems_of(data_dir) == [(f"{JUNE}/russia.yaml", 6, 19, "positions[0].carried_from", message)]


def test_carried_from_in_a_round_whose_round_file_failed_is_left_to_that_problem(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "    summary: No ceasefire before mobilisation stops.\n",
            "    summary: No ceasefire before mobilisation stops.\n    carried_from: 2025-05-16-istanbul\n")  # fmt: skip
    replace(data_dir, f"{JUNE}/round.yaml", "place: Istanbul", "place: [Istanbul]")
    assert [(file, field) for file, _, _, field, _ in problems_of(data_dir)] == [(f"{JUNE}/round.yaml", "place")]


def test_carried_from_an_earlier_round_loads(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "    summary: No ceasefire before mobilisation stops.\n",
            "    summary: No ceasefire before mobilisation stops.\n    carried_from: 2025-05-16-istanbul\n    put_forward: 2025-03-11\n")  # fmt: skip
    position = load_dataset(data_dir).rounds["2025-06-02-istanbul"].by_key()[("russia", "ceasefire-preconditions")]
    assert position.carried_from == "2025-05-16-istanbul" and position.put_forward == dt.date(2025, 3, 11)
