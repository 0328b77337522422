"""The editing core: atomic saves, conflict checks, validation in memory, and text-only edits
that keep every byte outside the edited lines."""

from __future__ import annotations

import datetime as dt
import os
import time
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tracker.editing.drafts import drafts_of, write_draft
from tracker.editing.external_editor import EditorNotSet, editor_command
from tracker.editing.files import atomic_write, read_for_edit
from tracker.editing.new_round import scaffold_round
from tracker.editing.saving import Outcome, save_text, validate_text
from tracker.editing.session import EditSession
from tracker.loader import load_dataset
from tracker.model import JOINT
from tracker.problems import DataError, Problem
from tracker.yamltext import (
    HEADER_MARK,
    EditError,
    LineRange,
    add_problem_header,
    insert_position,
    position_lines,
    position_template,
    set_scalar,
    split_lines,
    strip_problem_header,
)

MAY = "rounds/2025-05-16-istanbul"
JUNE = "rounds/2025-06-02-istanbul"


@pytest.fixture(autouse=True)
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Drafts go to a folder of the test's own, never the user's state folder."""
    folder = tmp_path / "drafts"
    monkeypatch.setenv("TRACKER_DRAFTS", str(folder))
    return folder


def draft_of(drafts: Path, path: Path) -> Path:
    (draft,) = (drafts / path.parent.name).glob(f"{path.stem}.*.yaml")
    return draft


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, dot-files included, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fill_template(text: str, *, topic: str = "ceasefire") -> str:
    return (
        text.replace("NEW-ID", "energy-truce")
        .replace("topic: TOPIC", f"topic: {topic}")
        .replace("kind: KIND", "kind: proposal")
        .replace("summary:  #", "summary: A halt to strikes on energy sites.  #")
        .replace("SOURCE-ID", "src-a")
    )


# --- the loader hook ----------------------------------------------------------------------------


def test_loader_reads_an_override_instead_of_the_file(data_dir: Path) -> None:
    path = data_dir / JUNE / "ukraine.yaml"
    before = path.read_bytes()
    edited = before.decode().replace("at least 30 days", "at least 60 days")
    dataset = load_dataset(data_dir, overrides={path: edited})
    position = dataset.rounds["2025-06-02-istanbul"].by_key()[("ukraine", "ceasefire-30-day")]
    assert position.summary == "A full and unconditional ceasefire of at least 60 days."
    assert path.read_bytes() == before
    # A relative spelling of the same file is the same file.
    relative = Path(os.path.relpath(path))
    bad = edited.replace("kind: demand", "kind: dmand")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir, overrides={relative: bad})
    assert [(p.file, p.line) for p in info.value.problems] == [(path, 4)]


def test_loader_override_gets_the_same_byte_checks(data_dir: Path) -> None:
    path = data_dir / JUNE / "ukraine.yaml"
    latin1 = path.read_bytes().replace(b"days}", b"d\xe9ys}").decode("utf-8", "surrogateescape")
    with pytest.raises(DataError) as info:
        load_dataset(data_dir, overrides={path: latin1})
    assert "not valid UTF-8 (byte 0xe9)" in info.value.problems[0].message


def test_loader_skips_dot_files_in_a_round(data_dir: Path) -> None:
    (data_dir / JUNE / "._ukraine.yaml").write_bytes(b"\x00\x05\x16\x07")  # macOS AppleDouble
    (data_dir / JUNE / ".ukraine.yaml.x1y2.tmp").write_text("half-writ")
    assert len(load_dataset(data_dir).rounds) == 2


# --- atomic writes and the on-disk check ----------------------------------------------------------


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "ukraine.yaml"
    path.write_text("positions: []\n")
    path.chmod(0o640)
    fingerprint = atomic_write(path, "positions: []  # new\n")
    assert path.read_text() == "positions: []  # new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ukraine.yaml"]
    assert read_for_edit(path).fingerprint == fingerprint


def test_atomic_write_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.yaml", "x: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


def test_crash_between_write_and_rename_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ukraine.yaml"
    path.write_bytes(b"# mine\npositions: []\n")
    before = snapshot(tmp_path)

    def crash(src: str, dst: str) -> None:
        assert Path(src).read_bytes() == b"replacement\n"  # written in full before the rename
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(path, "replacement\n")
    assert snapshot(tmp_path) == before


def kill_during_save(path: Path, when: str) -> None:
    """Save `path` in a real process that is killed at `when` (os.fsync: while writing; os.replace:
    after writing, before the rename)."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from tracker.editing.files import atomic_write\n"
        f"os.{when} = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"atomic_write(Path({str(path)!r}), 'half')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == -9


def test_kill_before_the_rename_leaves_the_original(data_dir: Path) -> None:
    path = data_dir / JUNE / "ukraine.yaml"
    before = path.read_bytes()
    kill_during_save(path, "replace")
    assert path.read_bytes() == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
    assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")  # what a kill at that instant leaves ...
    assert len(load_dataset(data_dir).rounds) == 2  # ... is never read as data


def test_kill_while_writing_leaves_nothing(data_dir: Path) -> None:
    from tracker.editing.files import _open_temp

    fd, name = _open_temp(data_dir / "probe")
    os.close(fd)
    if name is not None:
        os.unlink(name)
        pytest.skip("no O_TMPFILE here: the temp file has a name from the start")
    before = snapshot(data_dir)
    kill_during_save(data_dir / JUNE / "ukraine.yaml", "fsync")
    assert snapshot(data_dir) == before


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "a: 2\n")
    assert link.is_symlink() and real.read_text() == "a: 2\n"


def test_changed_on_disk_is_decided_by_content(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n")
    loaded = read_for_edit(path)
    os.utime(path, ns=(1, 1))  # touched, same bytes: nobody's work is at stake
    assert not loaded.changed_on_disk()
    path.write_text("a: 2\n")
    assert loaded.changed_on_disk()
    path.unlink()
    assert loaded.changed_on_disk()
    absent = read_for_edit(tmp_path / "new.yaml")
    assert absent.fingerprint is None and not absent.changed_on_disk()


def test_read_for_edit_keeps_line_endings_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    loaded = read_for_edit(path)
    assert loaded.text == "\ufeffa: 1\r\nb: 2\r\n"
    atomic_write(path, loaded.text)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 1\r\nb: 2\r\n"


def test_read_for_edit_refuses_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: \xe9\n")
    with pytest.raises(EditError, match="not UTF-8"):
        read_for_edit(path)


# --- the in-app save -------------------------------------------------------------------------------


def test_save_text_valid_saves_and_returns_the_new_dataset(data_dir: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    loaded = read_for_edit(path)
    text = loaded.text.replace("A meeting of the two presidents.", "A meeting of the two presidents soon.")
    result = save_text(data_dir, loaded, text)
    assert result.outcome is Outcome.SAVED
    assert path.read_text() == text
    assert result.dataset is not None
    assert result.dataset.rounds["2025-05-16-istanbul"].by_key()[("ukraine", "leaders-meeting")].summary.endswith("soon.")
    assert result.loaded is not None and not result.loaded.changed_on_disk()
    # The returned file is the base for the next save in the same editor.
    again = save_text(data_dir, result.loaded, text.replace("soon.", "soon!"))
    assert again.outcome is Outcome.SAVED


def test_save_text_invalid_writes_nothing(data_dir: Path) -> None:
    before = snapshot(data_dir)
    path = data_dir / MAY / "ukraine.yaml"
    loaded = read_for_edit(path)
    result = save_text(data_dir, loaded, loaded.text.replace("kind: proposal", "kind: proposl"))
    assert result.outcome is Outcome.INVALID and result.message == "not saved: 1 problem"
    assert [(p.file, p.line, p.field) for p in result.problems] == [(path, 16, "positions[1].kind")]
    assert "did you mean 'proposal'" in result.problems[0].message
    assert snapshot(data_dir) == before


def test_save_text_of_a_change_only_in_blank_space_saves_it(data_dir: Path) -> None:
    """A newline added at the end is an edit like any other, not 'no changes made'."""
    path = data_dir / MAY / "ukraine.yaml"
    loaded = read_for_edit(path)
    result = save_text(data_dir, loaded, loaded.text + "\n")
    assert result.outcome is Outcome.SAVED and path.read_text(encoding="utf-8") == loaded.text + "\n"
    assert save_text(data_dir, result.loaded, result.loaded.text).outcome is Outcome.NO_CHANGES

def test_save_text_invalid_elsewhere_is_reported_there(data_dir: Path) -> None:
    """Renaming a position another file refers to breaks that file: the whole dataset is checked."""
    before = snapshot(data_dir)
    path = data_dir / JUNE / "russia.yaml"
    loaded = read_for_edit(path)
    text = loaded.text.replace("- id: ceasefire-preconditions", "- id: ceasefire-terms", 1)
    result = save_text(data_dir, loaded, text)
    assert result.outcome is Outcome.INVALID
    assert "no position 'ceasefire-preconditions'" in result.problems[0].message
    assert snapshot(data_dir) == before


def test_save_text_refuses_when_the_file_changed_on_disk(data_dir: Path, drafts: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    loaded = read_for_edit(path)
    theirs = loaded.text.replace("# Ukraine at the first round.", "# Edited elsewhere.")
    path.write_text(theirs)
    mine = loaded.text.replace("A meeting of the two presidents.", "A summit.")
    result = save_text(data_dir, loaded, mine)
    assert result.outcome is Outcome.CONFLICT
    assert path.read_text() == theirs
    assert result.draft == draft_of(drafts, path)
    assert result.draft.read_text() == mine
    assert "changed on disk" in result.message and str(result.draft) in result.message


def test_save_text_unchanged(data_dir: Path) -> None:
    loaded = read_for_edit(data_dir / MAY / "ukraine.yaml")
    assert save_text(data_dir, loaded, loaded.text).outcome is Outcome.NO_CHANGES


def test_save_text_write_failure_keeps_the_edit(data_dir: Path, monkeypatch: pytest.MonkeyPatch, drafts: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    before = path.read_bytes()
    loaded = read_for_edit(path)
    mine = loaded.text.replace("A meeting", "One meeting")

    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(EditError, match="No space left on device; your edit is kept in") as info:
        save_text(data_dir, loaded, mine)
    assert path.read_bytes() == before
    assert draft_of(drafts, path).read_text() == mine
    assert "Traceback" not in str(info.value)


def test_validate_text_does_not_touch_disk(data_dir: Path) -> None:
    before = snapshot(data_dir)
    path = data_dir / JUNE / "ukraine.yaml"
    assert validate_text(data_dir, path, "positions: [\n").problems[0].message.startswith("YAML syntax")
    assert validate_text(data_dir, path, path.read_text()).ok
    assert snapshot(data_dir) == before


# --- drafts --------------------------------------------------------------------------------------


def test_drafts_never_overwrite_each_other(tmp_path: Path, drafts: Path) -> None:
    path = tmp_path / "2025-06-02-istanbul" / "ukraine.yaml"
    first = write_draft(path, "one")
    second = write_draft(path, "two")
    assert first.parent == drafts / "2025-06-02-istanbul"
    assert first.name.startswith("ukraine.") and second.name == first.name.replace(".yaml", "-2.yaml")
    assert first.read_text() == "one" and second.read_text() == "two"
    assert drafts_of(path) == [first, second]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    # The same round and party in another data directory is another file, with its own drafts.
    assert drafts_of(tmp_path / "elsewhere" / "2025-06-02-istanbul" / "ukraine.yaml") == []


def test_saving_the_same_text_again_keeps_one_draft(data_dir: Path, drafts: Path) -> None:
    # ctrl+s pressed again after a conflict: the edit is kept once, not once per press.
    path = data_dir / MAY / "ukraine.yaml"
    loaded = read_for_edit(path)
    path.write_text(loaded.text.replace("# Ukraine at the first round.", "# Edited elsewhere."))
    mine = loaded.text.replace("A meeting of the two presidents.", "A summit.")
    first = save_text(data_dir, loaded, mine).draft
    second = save_text(data_dir, loaded, mine).draft
    assert first is not None and first == second and drafts_of(path) == [first]
    third = save_text(data_dir, loaded, mine.replace("A summit.", "A summit soon.")).draft
    assert third not in (None, first) and drafts_of(path) == [first, third]


# --- positions in the text -------------------------------------------------------------------------


def test_position_lines_agree_with_the_loader(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    for data in dataset.rounds.values():
        for position in data.positions:
            assert position.origin is not None
            text = position.origin.file.read_text()
            found = position_lines(text, position.id, joint=position.party == JOINT)
            assert found is not None and found.start == position.origin.line


def test_position_lines_end_at_the_last_line_of_the_item(data_dir: Path) -> None:
    text = (data_dir / MAY / "ukraine.yaml").read_text()
    lines = text.splitlines()
    first = position_lines(text, "ceasefire-30-day")
    assert first is not None and lines[first.end - 1] == "        quote: We want a ceasefire."  # not the blank line after
    last = position_lines(text, "leaders-meeting")
    assert last is not None and (last.start, last.end) == (14, 19)
    assert position_lines(text, "no-such-id") is None
    assert position_lines("positions: [", "x") is None


def test_position_lines_include_comments_indented_under_the_item() -> None:
    text = "positions:\n  - id: a\n    s: |\n      text\n\n    # about a\n\n  # about b\n  - id: b\n"
    found = position_lines(text, "a")
    assert found is not None and (found.start, found.end) == (2, 6)
    # A comment at the dash's indentation introduces the next item; a blank line ends the item.
    assert position_lines(text.replace("\n    # about a\n", "\n"), "a") == LineRange(2, 4)


# --- new positions ---------------------------------------------------------------------------------


def unchanged_outside(old: str, new: str, inserted: range) -> bool:
    """True when `new` is `old` with lines inserted at `inserted` (0-based) and nothing else changed."""
    new_lines = split_lines(new)
    kept = new_lines[: inserted.start] + new_lines[inserted.stop :]
    return "".join(kept) == old


def test_insert_position_keeps_every_other_byte(data_dir: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    text = path.read_text()
    template = position_template(topic=None, topics=["ceasefire", "prisoners"])
    insertion = insert_position(text, template)
    # The file separates its positions with a blank line, so the template gets one too.
    assert unchanged_outside(text, insertion.text, range(insertion.lines.start - 2, insertion.lines.end))
    lines = insertion.text.splitlines()
    assert lines[insertion.lines.start - 1] == "  - id: NEW-ID  # lower-case words joined by '-'; keep the id in later rounds"
    assert lines[insertion.lines.start - 2] == ""
    assert insertion.lines.end == len(lines)


def test_inserted_template_is_invalid_until_filled_then_valid(data_dir: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    text = path.read_text()
    dataset = load_dataset(data_dir)
    insertion = insert_position(text, position_template(topic=None, topics=list(dataset.topics)))
    check = validate_text(data_dir, path, insertion.text)
    fields = {p.field for p in check.problems}
    assert fields == {"positions[2].id", "positions[2].topic", "positions[2].kind", "positions[2].summary", "positions[2].evidence[0].source"}
    assert all(insertion.lines.start <= p.line <= insertion.lines.end for p in check.problems)
    assert validate_text(data_dir, path, fill_template(insertion.text)).ok


def test_insert_after_the_last_position_on_the_topic(data_dir: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    text = path.read_text()
    text = text.replace("  - id: local-ceasefire\n    topic: ceasefire", "  - id: local-ceasefire\n    topic: remains")
    insertion = insert_position(text, position_template(topic="ceasefire", topics=[]), after_topic="ceasefire")
    assert insertion.lines.start == 8  # right after ceasefire-preconditions (lines 2-7), no blank style
    assert unchanged_outside(text, insertion.text, range(7, insertion.lines.end))
    assert "  - id: local-ceasefire" in insertion.text.splitlines()[insertion.lines.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "positions:\n  - id: NEW-ID"),
        ("notes: none yet\n", "notes: none yet\npositions:\n  - id: NEW-ID"),
        ("positions: []  # filled later\nnotes: x\n", "positions:  # filled later\n  - id: NEW-ID"),
        ("positions:\nnotes: x\n", "positions:\n  - id: NEW-ID"),
        ("positions:\n- id: a\n  topic: t\n", "- id: a\n  topic: t\n- id: NEW-ID"),
        ("positions:\r\n  - id: a\r\n", "  - id: a\r\n  - id: NEW-ID"),
        ("positions:\n  - id: a", "  - id: a\n  - id: NEW-ID"),
    ],
)
def test_insert_position_in_odd_files(text: str, expected: str) -> None:
    insertion = insert_position(text, position_template(topic="t", topics=[]))
    assert expected in insertion.text
    assert insertion.text.splitlines()[insertion.lines.start - 1].lstrip().startswith("- id: NEW-ID")


def test_insert_position_refuses_what_it_cannot_do_by_text() -> None:
    template = position_template(topic="t", topics=[])
    with pytest.raises(EditError, match="YAML error at line 2"):
        insert_position("positions: [", template)
    with pytest.raises(EditError, match="inline"):
        insert_position("positions: [{id: a}]\n", template)
    with pytest.raises(EditError, match="not a list"):
        insert_position("positions: none\n", template)


def test_joint_template_goes_into_agreements(data_dir: Path) -> None:
    path = data_dir / MAY / "round.yaml"
    text = path.read_text()
    template = position_template(topic="prisoners", topics=[], joint=True, parties=["ukraine", "russia"])
    insertion = insert_position(text, template, joint=True)
    assert unchanged_outside(text, insertion.text, range(insertion.lines.start - 1, insertion.lines.end))
    filled = fill_template(insertion.text).replace("kind: proposal", "kind: agreement")
    assert validate_text(path.parents[2], path, filled).ok


# --- the problems header --------------------------------------------------------------------------


def test_problem_header_round_trip_keeps_the_users_comments(data_dir: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    text = path.read_text().replace("kind: demand", "kind: dmand")
    problems = validate_text(data_dir, path, text).problems
    marked, size = add_problem_header(text, problems, path)
    assert marked.startswith(HEADER_MARK) and marked.endswith(text)
    shown = marked.splitlines()
    # The problem's line number is where the problem is in the marked file.
    assert f"line {problems[0].line + size}:" in shown[2]
    assert shown[problems[0].line + size - 1] == "    kind: dmand"
    assert strip_problem_header(marked) == text
    assert strip_problem_header(text) == text  # "# Ukraine at the first round." stays


def test_problem_header_keeps_crlf() -> None:
    text = "a: 1\r\n"
    marked, _ = add_problem_header(text, [Problem(Path("x"), 1, 1, "a", "bad")], Path("x"))
    assert "\n" not in marked.replace("\r\n", "")
    assert strip_problem_header(marked) == text


# --- new rounds -------------------------------------------------------------------------------------


def test_set_scalar_keeps_quotes_and_comments() -> None:
    text = 'id: "old"  # the folder\ndate: 2025-06-02 # when\n'
    new = set_scalar(set_scalar(text, "id", "new", as_text=True), "date", "2025-07-23", as_text=False)
    assert new == 'id: "new"  # the folder\ndate: 2025-07-23 # when\n'
    assert set_scalar("id: old\n", "id", "2025-07-23", as_text=True) == 'id: "2025-07-23"\n'


@given(st.text(alphabet=st.sampled_from('ab "\\\'#:-é'), max_size=12))
@example('say "hi" \\ back\\')
def test_set_scalar_escapes_what_its_quotes_need(value: str) -> None:
    """Whatever the value, the quoted scalar reads back as exactly that value, the rest untouched."""
    for quoted in ('id: "old"  # the folder\nplace: x\n', "id: 'old'  # the folder\nplace: x\n"):
        new = set_scalar(quoted, "id", value, as_text=True)
        assert yaml.safe_load(new) == {"id": value, "place": "x"}, new
        assert new.startswith("id: " + quoted[4]) and new.endswith(quoted[4] + "  # the folder\nplace: x\n")


def test_scaffold_round_copies_the_files_as_text(data_dir: Path) -> None:
    (data_dir / JUNE / "ukraine.yaml").write_text("# kept comment\n" + (data_dir / JUNE / "ukraine.yaml").read_text())
    dataset = load_dataset(data_dir)
    before = snapshot(data_dir)
    new = scaffold_round(dataset, "2025-07-23-istanbul", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    folder = data_dir / "rounds" / "2025-07-23-istanbul"
    assert new.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == ["round.yaml", "russia.yaml", "ukraine.yaml"]
    for name in ("russia.yaml", "ukraine.yaml"):
        assert (folder / name).read_bytes() == before[f"{JUNE}/{name}"]
    old_round = before[f"{JUNE}/round.yaml"].decode()
    expected = old_round.replace("id: 2025-06-02-istanbul", "id: 2025-07-23-istanbul", 1).replace("date: 2025-06-02", "date: 2025-07-23", 1)
    # The outcome is the new round's to write, never the old one's passing for it.
    expected = expected.replace("outcome: New exchanges agreed.", 'outcome: "TO WRITE: what came of this round, in one line"', 1)
    note = (
        "# Copied from 2025-06-02-istanbul by `tracker new-round`: write the title and the outcome (they say TO WRITE);\n"
        "# the place, venue, chair, delegations, duration, agreements and comments still describe 2025-06-02-istanbul.\n"
        "# Update them, then delete this note.\n"
    )
    expected = note + expected
    assert (folder / "round.yaml").read_text() == expected
    assert {k: v for k, v in snapshot(data_dir).items() if not k.startswith("rounds/2025-07-23")} == before
    after = load_dataset(data_dir)
    assert list(after.rounds)[-1] == "2025-07-23-istanbul"
    assert len(after.rounds["2025-07-23-istanbul"].positions) == len(dataset.rounds["2025-06-02-istanbul"].positions)
    assert new.to_update == ["place", "venue", "duration"]
    assert not [p for p in (data_dir / "rounds").iterdir() if p.name.startswith(".")]  # no staging left


def test_scaffold_round_refuses_an_existing_round(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    (data_dir / "rounds" / "2025-07-23-istanbul").mkdir()  # even an empty folder is someone's
    before = snapshot(data_dir)
    with pytest.raises(EditError, match="already exists"):
        scaffold_round(dataset, "2025-07-23-istanbul", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    with pytest.raises(EditError, match="already exists"):
        scaffold_round(dataset, "2025-05-16-istanbul", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    with pytest.raises(EditError, match="not a valid round id"):
        scaffold_round(dataset, "July round", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    assert snapshot(data_dir) == before
    assert (data_dir / "rounds" / "2025-07-23-istanbul").is_dir()


def test_scaffold_round_that_does_not_validate_is_removed(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.editing.new_round as new_round

    dataset = load_dataset(data_dir)
    before = snapshot(data_dir)
    # A round id that YAML reads as a date must still come out as text in round.yaml; make the
    # textual update go wrong on purpose to see the round removed again.
    monkeypatch.setattr(new_round, "set_scalar", lambda text, key, value, as_text: text)
    with pytest.raises(DataError) as info:
        scaffold_round(dataset, "2025-07-23-istanbul", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    assert "does not match its folder name" in info.value.problems[0].message
    assert snapshot(data_dir) == before
    assert sorted(p.name for p in (data_dir / "rounds").iterdir()) == ["2025-05-16-istanbul", "2025-06-02-istanbul"]


# --- the editor command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+12", "f.yaml"]),
        ("/usr/bin/nvim -u NONE", ["/usr/bin/nvim", "-u", "NONE", "+12", "f.yaml"]),
        ("nano", ["nano", "+12", "f.yaml"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "f.yaml"]),
        ("code --wait", ["code", "--wait", "-g", "f.yaml:12"]),
        ("code", ["code", "--wait", "-g", "f.yaml:12"]),
        ("subl -w", ["subl", "-w", "f.yaml:12"]),
        ("hx", ["hx", "f.yaml:12"]),
        ("'/opt/My Editor/ed' --flag", ["/opt/My Editor/ed", "--flag", "f.yaml"]),
    ],
)
def test_editor_command_opens_at_the_line(editor: str, expected: list[str]) -> None:
    assert editor_command(Path("f.yaml"), 12, {"EDITOR": editor}) == expected


@pytest.mark.parametrize("line", [0, -1, None])
def test_editor_command_opens_a_file_with_no_line_to_go_to_at_its_top(line: int | None) -> None:
    """A problem of the whole file (line 0) opens it as it is: `vim +0` would be a line that is not there."""
    assert editor_command(Path("f.yaml"), line, {"EDITOR": "vim"}) == ["vim", "f.yaml"]


@pytest.mark.parametrize(("editor", "expected"), [
    ("code", ["code", "--wait", "f.yaml"]),
    ("subl", ["subl", "--wait", "f.yaml"]),
    ("zed", ["zed", "--wait", "f.yaml"]),
    ("code -w", ["code", "-w", "f.yaml"]),
    ("hx", ["hx", "f.yaml"]),
])  # fmt: skip
def test_an_editor_that_returns_at_once_waits_even_with_no_line_to_go_to(editor: str, expected: list[str]) -> None:
    """Without its wait flag `code` returns at once, and the edit loop would read the file before
    the user has touched it: a file opened at its top needs the flag as much as one opened at a line."""
    assert editor_command(Path("f.yaml"), None, {"EDITOR": editor}) == expected

def test_with_no_editor_set_the_hint_names_one_installed_here_and_codes_wait_flag() -> None:
    from tracker.editing.external_editor import _editor_hint

    assert _editor_hint(lambda program: "/usr/bin/code" if program == "code" else None) == "e.g. `export EDITOR='code --wait'` (code is installed here)"
    assert _editor_hint(lambda program: f"/usr/bin/{program}" if program in ("vim", "code") else None).startswith("e.g. `export EDITOR=vim`")
    assert _editor_hint(lambda program: None).startswith("the command of your editor; none of nano, micro")


def test_the_latest_draft_is_the_one_written_last_not_the_highest_numbered(tmp_path: Path) -> None:
    from tracker.editing.drafts import latest_draft

    drafts = [tmp_path / "f.yaml", tmp_path / "f-2.yaml", tmp_path / "f-3.yaml"]
    for age, draft in zip((30, 10, 20), drafts):  # seconds ago: the middle one is the newest
        draft.write_text("positions: []\n", encoding="utf-8")
        os.utime(draft, (time.time() - age,) * 2)
    assert latest_draft(drafts) == drafts[1]

def test_editor_command_prefers_visual_and_explains_when_unset() -> None:
    assert editor_command(Path("f.yaml"), None, {"VISUAL": "vim", "EDITOR": "nano"}) == ["vim", "f.yaml"]
    assert editor_command(Path("f.yaml"), 3, {"VISUAL": " ", "EDITOR": "nano"}) == ["nano", "+3", "f.yaml"]
    with pytest.raises(EditorNotSet, match=r"set \$VISUAL or \$EDITOR"):
        editor_command(Path("f.yaml"), 1, {})
    with pytest.raises(EditorNotSet, match="cannot read"):
        editor_command(Path("f.yaml"), 1, {"EDITOR": "vim 'unclosed"})


# --- the edit session (the loop's engine) ------------------------------------------------------


def test_session_invalid_then_fixed(data_dir: Path, drafts: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    before = path.read_bytes()
    session = EditSession.start(data_dir, path, line=14)
    assert session.draft == draft_of(drafts, path)
    assert session.draft.read_bytes() == before
    session.draft.write_text(before.decode().replace("kind: proposal", "kind: proposl"))
    result = session.apply()
    assert result.outcome is Outcome.INVALID and path.read_bytes() == before
    marked = session.draft.read_text().splitlines()
    assert marked[0].startswith(HEADER_MARK) and marked[session.line - 1] == "    kind: proposl"
    # Quitting without a change after seeing the problems is a cancel; the draft stays.
    assert session.apply().outcome is Outcome.STILL_INVALID
    assert session.draft.exists() and path.read_bytes() == before
    session.draft.write_text(session.draft.read_text().replace("proposl", "proposal").replace("presidents.", "presidents soon."))
    result = session.apply()
    assert result.outcome is Outcome.SAVED
    assert path.read_bytes() == before.replace(b"presidents.", b"presidents soon.")
    assert not session.draft.exists()


def test_session_emptied_and_unchanged(data_dir: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    session = EditSession.start(data_dir, path)
    assert session.apply().outcome is Outcome.NO_CHANGES and not session.draft.exists()
    session = EditSession.start(data_dir, path)
    session.draft.write_text("\n")
    assert session.apply().outcome is Outcome.EMPTIED and not session.draft.exists()


def test_a_new_positions_template_given_back_untouched_is_no_changes(data_dir: Path) -> None:
    """The template is not valid as it stands, yet quitting the editor without filling it in is
    a cancel: nothing validated, nothing saved, no problems shown."""
    path = data_dir / MAY / "ukraine.yaml"
    before = path.read_bytes()
    loaded = read_for_edit(path)
    template = insert_position(loaded.text, position_template(topic="ceasefire", topics=[]))
    session = EditSession.start(data_dir, loaded, template=template)
    result = session.apply()
    assert (result.outcome, result.message) == (Outcome.NO_CHANGES, "no changes made")
    assert not session.draft.exists() and path.read_bytes() == before


def test_scaffold_round_failing_rename_leaves_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_dataset(data_dir)
    before = snapshot(data_dir)

    def crash(src: str, dst: str) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "rename", crash)
    with pytest.raises(EditError, match="Input/output error; nothing was changed"):
        scaffold_round(dataset, "2025-07-23-istanbul", dt.date(2025, 7, 23), "2025-06-02-istanbul")
    assert snapshot(data_dir) == before
    assert sorted(p.name for p in (data_dir / "rounds").iterdir()) == ["2025-05-16-istanbul", "2025-06-02-istanbul"]


# --- the template's help --------------------------------------------------------------------------


def test_in_app_save_of_a_template_drops_its_help(data_dir: Path) -> None:
    path = data_dir / JUNE / "ukraine.yaml"
    loaded = read_for_edit(path)
    insertion = insert_position(loaded.text, position_template(topic="ceasefire", topics=[]))
    filled = fill_template(insertion.text).replace("# note: what the source says, in your own words", "# my own comment")
    result = save_text(data_dir, loaded, filled, template=insertion)
    assert result.outcome is Outcome.SAVED
    saved = path.read_text()
    assert result.loaded is not None and result.loaded.text == saved  # the app shows this text
    assert saved.startswith(loaded.text)
    assert saved[len(loaded.text) :] == (
        "  - id: energy-truce\n"
        "    topic: ceasefire\n"
        "    kind: proposal\n"
        "    summary: A halt to strikes on energy sites.\n"
        "    evidence:\n"
        "      - source: src-a\n"
        "        # my own comment\n"  # a help line the user changed is theirs now
    )
    assert result.dataset is not None
    new = result.dataset.rounds["2025-06-02-istanbul"].by_key()[("ukraine", "energy-truce")]
    assert new.origin is not None and new.origin.line == 10  # origins match the file as written


def test_in_app_save_of_an_unfilled_template_is_refused(data_dir: Path) -> None:
    path = data_dir / JUNE / "ukraine.yaml"
    before = snapshot(data_dir)
    loaded = read_for_edit(path)
    insertion = insert_position(loaded.text, position_template(topic=None, topics=["ceasefire"]))
    result = save_text(data_dir, loaded, insertion.text, template=insertion)
    assert result.outcome is Outcome.INVALID and len(result.problems) == 5
    assert snapshot(data_dir) == before


def test_position_lines_with_crlf_and_bom() -> None:
    text = "\ufeff# c\r\npositions:\r\n  - id: a\r\n    topic: t\r\n\r\n  - id: b\r\n    topic: t\r\n"
    assert position_lines(text, "a") == LineRange(3, 4)
    assert position_lines(text, "b") == LineRange(6, 7)
    insertion = insert_position(text, position_template(topic="t", topics=[]))
    assert insertion.text.startswith(text + "\r\n  - id: NEW-ID")
    assert "\n" not in insertion.text.replace("\r\n", "")


def test_text_edits_on_the_bundled_data(tmp_path: Path) -> None:
    """The real files, with their comments and quirks: positions are found at the loader's lines, and
    a filled-in template validates in every file, every other byte kept (on a copy: read-only)."""
    import shutil

    from tracker.loader import bundled_data_dir

    source = bundled_data_dir()
    root = tmp_path / "positions"
    shutil.copytree(source, root)
    if (source.parent / "seeds").is_dir():
        shutil.copytree(source.parent / "seeds", tmp_path / "seeds")
    dataset = load_dataset(root)
    edits: dict[Path, str] = {}
    for round_id, data in dataset.rounds.items():
        for position in data.positions:
            assert position.origin is not None
            found = position_lines(position.origin.file.read_text(), position.id, joint=position.party == JOINT)
            assert found is not None and found.start == position.origin.line, position.key
        for party, path in data.files.items():
            text = path.read_text()
            topic = next(iter(dataset.topics))
            template = position_template(topic=topic, topics=[], joint=party == JOINT, parties=["ukraine", "russia"])
            insertion = insert_position(text, template, joint=party == JOINT, after_topic=topic)
            lines = split_lines(insertion.text)
            start = insertion.lines.start - 1
            if start and not lines[start - 1].strip() and "".join(lines[: start - 1] + lines[insertion.lines.end :]) == text:
                pass  # inserted with a blank line before it, as the file separates its positions
            elif start and lines[start - 1] == ("agreements" if party == JOINT else "positions") + ":\n":
                # the file had no such list (a round that reached no agreement): its key comes first
                assert "".join(lines[: start - 1] + lines[insertion.lines.end :]) == text, path
            else:
                assert "".join(lines[:start] + lines[insertion.lines.end :]) == text, path
            filled = fill_template(insertion.text).replace("energy-truce", "zz-editing-test").replace("src-a", next(iter(dataset.sources)))
            if party == JOINT:
                filled = filled.replace("kind: proposal", "kind: agreement")
            edits[path] = filled
    # Validating loads the whole record, so every file's edit is validated in one load that reads
    # each edit in place of its file (a problem names the file); one through the editor's own call.
    assert len(edits) == sum(len(data.files) for data in dataset.rounds.values()) > 10
    last = next(reversed(dataset.rounds))
    one = next(path for party, path in dataset.rounds[last].files.items() if party != JOINT)
    assert validate_text(root, one, edits[one]).ok, one
    try:
        load_dataset(root, overrides=edits)
    except DataError as exc:
        pytest.fail("\n".join(str(problem) for problem in exc.problems))


def test_drafts_fall_back_to_the_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("TRACKER_DRAFTS", str(blocked / "drafts"))  # cannot be created
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    draft = write_draft(tmp_path / "r" / "ukraine.yaml", "mine")
    assert draft.read_text() == "mine" and (tmp_path / "tmp") in draft.parents


def test_drafts_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.editing.drafts import drafts_dir

    monkeypatch.delenv("TRACKER_DRAFTS")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")
    assert drafts_dir() == tmp_path / ".local" / "state" / "tracker" / "drafts"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert drafts_dir() == tmp_path / "state" / "tracker" / "drafts"


def test_a_session_has_edits_only_once_its_draft_differs_from_both_the_file_and_the_text_it_started_from(data_dir: Path, drafts: Path) -> None:
    """A template or a text handed to the editor is not the user's work until they change it: a
    session quit on it untouched keeps no draft for them."""
    path = data_dir / MAY / "ukraine.yaml"
    loaded = path.read_text(encoding="utf-8")
    started = loaded.replace("presidents.", "presidents soon.")
    session = EditSession.start(data_dir, path, text=started)
    assert not session.has_edits()
    session.draft.write_text(loaded, encoding="utf-8")
    assert not session.has_edits()
    session.draft.write_text(started.replace("soon.", "now."), encoding="utf-8")
    assert session.has_edits()
