"""Editing in the app: the in-app editor (e), $EDITOR (E), a new position (n), a new round, and
live reload. Each test works on a copy of tests/data/good with comments added, and compares the
files byte for byte after every failed operation."""

from __future__ import annotations

import datetime as dt
import shlex
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from test_app_support import app_test, copy_good, settle, table_text, until, watcher_ready
from textual.widgets import Input

from tracker.app import TrackerApp
from tracker.app.editing import position_at
from tracker.app.live_reload import changed_files, is_data_change, live_reload_wanted
from tracker.app.screens.browse import BrowseScreen
from tracker.app.screens.confirm import ChoiceScreen
from tracker.app.screens.editor import EditorScreen, editable_as_is
from tracker.app.screens.new_round import NewRoundScreen
from tracker.loader import load_dataset

SIZE = (100, 32)
ROUND = "2025-06-02-istanbul"

# The fixture's file with a comment at the top, trailing comments, a blank line and a comment
# at the end: all of it must survive an edit of another line byte for byte.
UKRAINE = """\
# Ukraine at the second round.   (a comment of the curator's, spaces kept)
positions:
  - id: ceasefire-30-day   # the headline demand
    topic: ceasefire
    kind: demand
    summary: A full and unconditional ceasefire of at least 30 days.
    quantities:
      - {what: ceasefire length, min: 30, unit: days}  # the roadmap's figure
    evidence:
      - {source: src-a}

  # More to come after the next round.
"""
SUMMARY_LINE = 6  # 1-based, in UKRAINE
KIND_LINE = 5

EDITOR_SCRIPT = """\
import os, sys
path = sys.argv[-1]
with open(path, encoding="utf-8", newline="") as handle:
    text = handle.read()
with open(os.environ["EDIT_LOG"], "a", encoding="utf-8") as log:
    log.write(text + "\\n=====\\n")
if text.startswith("#|") and os.environ.get("EDIT_FIX"):
    text = text.replace(os.environ["EDIT_NEW"], os.environ["EDIT_FIX"])
else:
    text = text.replace(os.environ["EDIT_OLD"], os.environ["EDIT_NEW"], 1)
with open(path, "w", encoding="utf-8", newline="") as handle:
    handle.write(text)
"""


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "drafts"
    monkeypatch.setenv("TRACKER_DRAFTS", str(folder))
    return folder


@pytest.fixture
def data(tmp_path: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_good(tmp_path)
    ukraine_file(root).write_text(UKRAINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # paths shown as positions/rounds/…
    return root


def ukraine_file(root: Path) -> Path:
    return root / "rounds" / ROUND / "ukraine.yaml"


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def drafts_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file()) if folder.exists() else []


async def wait_until(pilot, condition) -> bool:
    await until(pilot, condition)
    return True


async def select(pilot, party: str, position_id: str, round_id: str = ROUND) -> None:
    await settle(pilot)
    assert await pilot.app.editing.reveal(round_id, (party, position_id))
    await pilot.pause()


def editor(app: TrackerApp) -> EditorScreen:
    assert isinstance(app.screen, EditorScreen), app.screen
    return app.screen


def notifications(app: TrackerApp) -> str:
    """Every notification the app showed so far, expired or not."""
    return "\n".join(f"{n.title} {n.message}" for n in getattr(app, "said", []))


def shown(app: TrackerApp) -> str:
    """The notifications on screen now."""
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


def positions_text(app: TrackerApp) -> str:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return table_text(screen.query_one("#positions"))


# -- e: the in-app editor --------------------------------------------------------------------------


@app_test
async def test_e_opens_the_file_at_the_position_and_a_valid_save_changes_only_that_line(data: Path) -> None:
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        screen = editor(app)
        text_area = screen.text_area
        assert text_area.text == UKRAINE
        assert text_area.cursor_location == (2, 0)  # the position's `- id:` line
        await pilot.press("down", "down", "down", "end", *" Monitored.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Saved" in screen.query_one("#editor-status").plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "at least 30 days. Monitored." in positions_text(app)
        assert app.selected_position is not None and app.selected_position.id == "ceasefire-30-day"
    old, new = UKRAINE.splitlines(keepends=True), ukraine_file(data).read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(old) == len(new)
    assert [i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b] == [SUMMARY_LINE]
    assert new[SUMMARY_LINE - 1] == "    summary: A full and unconditional ceasefire of at least 30 days. Monitored.\n"


@app_test
async def test_e_keeps_windows_line_endings(data: Path) -> None:
    ukraine_file(data).write_bytes(UKRAINE.replace("\n", "\r\n").encode("utf-8"))
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("down", "down", "down", "end", *" Monitored.", "ctrl+s")
        await settle(pilot)
    saved = ukraine_file(data).read_bytes()
    assert saved == UKRAINE.replace("days.\n", "days. Monitored.\n").replace("\n", "\r\n").encode("utf-8")


def test_a_file_mixing_line_endings_is_not_opened_in_the_app_editor() -> None:
    assert editable_as_is("a: 1\r\nb: 2\r\n") and editable_as_is("a: 1\nb: 2") and editable_as_is("")
    assert not editable_as_is("a: 1\r\nb: 2\n")


@app_test
async def test_invalid_save_lists_the_problem_writes_nothing_and_jumps_to_it(data: Path) -> None:
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        screen = editor(app)
        await pilot.press("down", "down", "end", *["backspace"] * 5, *"mand")
        assert "kind: dmand" in screen.text_area.text
        edited = screen.text_area.text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert files_of(data) == before
        assert screen.text_area.text == edited  # the buffer is kept
        problems = screen.query_one("#editor-problems")
        assert problems.display and problems.option_count == 1
        label = problems.get_option_at_index(0).prompt.plain
        assert label.startswith(f"line {KIND_LINE}:11") and "'dmand'" in label and "did you mean 'demand'" in label
        assert "Not saved" in screen.query_one("#editor-status").plain
        screen.text_area.move_cursor((0, 0))
        await pilot.press("shift+tab")  # to the list of problems
        assert problems.has_focus
        await pilot.press("enter")
        assert screen.text_area.cursor_location == (KIND_LINE - 1, 10)
        assert screen.text_area.has_focus
        screen.text_area.move_cursor((0, 0))
        await pilot.press("f8")
        assert screen.text_area.cursor_location == (KIND_LINE - 1, 10)
        # put right, the buffer is the file again and the list goes
        await pilot.press("right", "e", "ctrl+s")
        await settle(pilot)
        assert "No changes" in screen.query_one("#editor-status").plain
        assert problems.has_class("hidden")
    assert ukraine_file(data).read_text(encoding="utf-8") == UKRAINE


@app_test
async def test_a_file_changed_on_disk_is_not_overwritten_and_the_edit_kept_as_a_draft(data: Path, drafts: Path) -> None:
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        screen = editor(app)
        await pilot.press("down", "down", "down", "end", *" Mine.")
        theirs = UKRAINE.replace("# More to come", "# Someone else's line")
        ukraine_file(data).write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ukraine_file(data).read_text(encoding="utf-8") == theirs
        [draft] = drafts_in(drafts)
        assert draft.read_text(encoding="utf-8") == screen.text_area.text
        assert "days. Mine." in screen.text_area.text
        assert "changed on disk" in screen.query_one("#editor-status").plain
        assert draft.name in notifications(app)
        await pilot.press("escape")  # the edit is in the draft: closing need not ask
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


@app_test
async def test_escape_with_changes_asks_before_discarding(data: Path, drafts: Path) -> None:
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)

        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"x", "escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("escape")  # esc in the question: back to editing
        await until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert editor(app).text_area.text.startswith("# Ukraine") and "x" in editor(app).text_area.text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("k")  # keep a draft
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen))
        await settle(pilot)
        [draft] = drafts_in(drafts)
        assert "x" in draft.read_text(encoding="utf-8") and draft.name in notifications(app)

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # the kept draft is offered
        await pilot.press("f")  # the file as it is
        await settle(pilot)
        await pilot.press(*"y", "escape", "d")  # discard
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
    assert files_of(data) == before
    assert len(drafts_in(drafts)) == 1


@app_test
async def test_quitting_with_changes_asks_and_can_keep_them_as_a_draft(data: Path, drafts: Path) -> None:
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"x", "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("e")  # don't quit
        await until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("k")
        await settle(pilot)
    [draft] = drafts_in(drafts)
    assert draft.read_text(encoding="utf-8") == UKRAINE.replace("  - id:", "x  - id:")
    assert app.editing.exit_notes == [f"tracker: not saved; your edit is kept in {draft.relative_to(Path.cwd())}"]
    assert files_of(data) == before


class _NotHandled(Exception):
    pass


def _not_handled(signum: int, frame: object) -> None:
    raise _NotHandled(f"signal {signum} reached the process: the app did not handle it")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
@app_test
async def test_the_terminal_closing_keeps_the_edit_and_the_next_start_offers_it(data: Path, drafts: Path, signum: int) -> None:
    """SIGHUP (the terminal closed) or SIGTERM ends the app, but an edit not saved is on disk in
    a draft first; `e` on the file at the next start offers it, and saving it removes it."""
    before = files_of(data)
    previous = signal.signal(signum, _not_handled)  # the default would end the test process
    try:
        app = TrackerApp(data)
        async with app.run_test(size=SIZE) as pilot:
            await select(pilot, "ukraine", "ceasefire-30-day")
            await pilot.press("e")
            await settle(pilot)
            await pilot.press(*"x")
            await until(pilot, lambda: editor(app).modified)
            os.kill(os.getpid(), signum)
            await until(pilot, lambda: app.return_code is not None)
    finally:
        signal.signal(signum, previous)
    assert app.return_code == 128 + signum
    [draft] = drafts_in(drafts)
    edited = UKRAINE.replace("  - id:", "x  - id:")
    assert draft.read_text(encoding="utf-8") == edited
    assert app.editing.exit_notes == [f"tracker: not saved; your edit is kept in {draft.relative_to(Path.cwd())} (e on it in tracker offers it)"]
    assert files_of(data) == before

    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("r")
        await settle(pilot)
        assert editor(app).text_area.text == edited
        fixed = UKRAINE.replace("A full and unconditional", "A full")
        editor(app).text_area.text = fixed  # the stray x out, and a real change
        await pilot.press("ctrl+s")
        await until(pilot, lambda: editor(app).saved)
        await pilot.press("escape")
        await until(pilot, lambda: not drafts_in(drafts))  # the draft is in the file now
    assert ukraine_file(data).read_text(encoding="utf-8") == fixed


# -- E: $EDITOR --------------------------------------------------------------------------------


@pytest.fixture
def scripted_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR set to a script that replaces $EDIT_OLD by $EDIT_NEW (and, when the draft comes
    back with problems listed, $EDIT_NEW by $EDIT_FIX); every text it was given is logged."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    log = tmp_path / "editor.log"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.setenv("EDIT_LOG", str(log))
    return log


@app_test
async def test_external_editor_valid_edit_is_saved(data: Path, drafts: Path, scripted_editor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIT_OLD", "of at least 30 days.")
    monkeypatch.setenv("EDIT_NEW", "of at least 30 days, monitored.")
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("E")
        await settle(pilot)
        assert "days, monitored." in positions_text(app)
        assert "Saved" in notifications(app)
        assert app.selected_position is not None and app.selected_position.id == "ceasefire-30-day"
    assert scripted_editor.read_text(encoding="utf-8").startswith(UKRAINE)  # it edited the file's text
    assert ukraine_file(data).read_text(encoding="utf-8") == UKRAINE.replace("30 days.", "30 days, monitored.")
    assert drafts_in(drafts) == []


@app_test
async def test_external_editor_invalid_edit_asks_and_discard_leaves_everything_as_it_was(
    data: Path, drafts: Path, scripted_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDIT_OLD", "kind: demand")
    monkeypatch.setenv("EDIT_NEW", "kind: dmand")
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        body = app.screen.query_one("#choice-body").plain
        assert "'dmand'" in body and ":11: error: positions[0].kind" in body
        labels = app.screen.query_one("#choice-options")
        assert [labels.get_option_at_index(i).prompt.plain[3:].split(" ")[0] for i in range(labels.option_count)] == ["Edit", "Keep", "Discard"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "discarded" in notifications(app)
    assert files_of(data) == before
    assert drafts_in(drafts) == []


@app_test
async def test_external_editor_edit_again_reopens_with_the_problems_and_then_saves(
    data: Path, drafts: Path, scripted_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDIT_OLD", "kind: demand")
    monkeypatch.setenv("EDIT_NEW", "kind: dmand")
    monkeypatch.setenv("EDIT_FIX", "kind: proposal")
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("e")  # edit again
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.selected_position is not None and app.selected_position.kind.value == "proposal"
    second = scripted_editor.read_text(encoding="utf-8").split("\n=====\n")[1]
    assert second.startswith("#| tracker: not saved: 1 problem") and "'dmand'" in second
    assert ukraine_file(data).read_text(encoding="utf-8") == UKRAINE.replace("kind: demand", "kind: proposal")
    assert drafts_in(drafts) == []


@app_test
async def test_external_editor_keep_draft(data: Path, drafts: Path, scripted_editor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIT_OLD", "kind: demand")
    monkeypatch.setenv("EDIT_NEW", "kind: dmand")
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape")  # esc keeps the draft: it never throws work away
        await settle(pilot)
        [draft] = drafts_in(drafts)
        assert "kind: dmand" in draft.read_text(encoding="utf-8")
        assert draft.name in notifications(app)
    assert files_of(data) == before


@app_test
async def test_external_editor_not_set_says_so_and_writes_nothing(data: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "no editor set" in notifications(app) and "$EDITOR" in notifications(app)
    assert files_of(data) == before
    assert not drafts.exists()


# -- n: a new position ---------------------------------------------------------------------------


@app_test
async def test_n_inserts_the_template_and_saves_it_once_filled_in(data: Path) -> None:
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("n")
        await settle(pilot)
        screen = editor(app)
        text_area = screen.text_area
        row = text_area.cursor_location[0]
        assert text_area.document.get_line(row).startswith("  - id: NEW-ID  # ")
        assert "    topic: ceasefire\n" in text_area.text  # the selected position's topic
        assert files_of(data) == before  # nothing written before it is filled in
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert files_of(data) == before
        assert screen.query_one("#editor-problems").option_count == 4  # id, kind, summary, source
        for old, new in (("NEW-ID", "monitoring-mission"), ("KIND", "proposal"), ("SOURCE-ID", "src-b")):
            start = text_area.text.index(old)
            text_area.replace(new, text_area.document.get_location_from_index(start), text_area.document.get_location_from_index(start + len(old)))
        summary = text_area.text.index("summary:", text_area.text.index("monitoring-mission")) + len("summary:")
        text_area.insert(" International monitors.", text_area.document.get_location_from_index(summary))
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = ukraine_file(data).read_text(encoding="utf-8")
        assert text_area.text == saved  # the template's help left the buffer with the file
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.selected_position is not None and app.selected_position.id == "monitoring-mission"
        assert "International monitors." in positions_text(app)
    assert saved.startswith(UKRAINE.split("\n\n")[0] + "\n")  # the first position's lines as they were
    assert saved.endswith("\n  # More to come after the next round.\n")
    added = saved[len(UKRAINE.split("\n\n")[0]) + 1 :]
    assert "#" not in added.replace("# More to come after the next round.", "")  # help comments gone
    assert "  - id: monitoring-mission\n    topic: ceasefire\n    kind: proposal\n" in added
    position = load_dataset(data).rounds[ROUND].by_key()[("ukraine", "monitoring-mission")]
    assert position.summary == "International monitors." and position.evidence[0].source == "src-b"


@app_test
async def test_n_closed_without_filling_in_adds_nothing(data: Path) -> None:
    before = files_of(data)
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # the untouched template is not the user's work: no question
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "No position added" in notifications(app)
    assert files_of(data) == before


@app_test
async def test_palette_new_position_goes_to_browse_and_uses_the_position_shown(data: Path) -> None:
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "russia", "local-ceasefire")
        await pilot.press("c")
        await settle(pilot)
        await app.editing.palette_new_position()
        await settle(pilot)
        screen = editor(app)
        assert screen.path == data / "rounds" / ROUND / "russia.yaml"
        assert "NEW-ID" in screen.text_area.text and "    topic: ceasefire\n" in screen.text_area.text


@app_test
async def test_n_asks_whose_position_when_nothing_is_shown(data: Path) -> None:
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.set_filter(query="nothing matches this")
        await pilot.pause()
        assert app.selected_position is None
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickerScreen"
        await pilot.press("end", "enter")  # the last choice: a joint agreement
        await settle(pilot)
        screen = editor(app)
        assert screen.path.name == "round.yaml"
        row = screen.text_area.cursor_location[0]
        assert screen.text_area.document.get_line(row).startswith("  - id: NEW-ID")
        assert "    kind: agreement\n" in screen.text_area.text


# -- new round -------------------------------------------------------------------------------------


@app_test
async def test_new_round_from_the_dialog(data: Path) -> None:
    app = TrackerApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.editing.new_round()
        await pilot.pause()
        assert isinstance(app.screen, NewRoundScreen)
        # The id is suggested from the date and the latest round's place, and follows the date.
        round_id = app.screen.query_one("#new-round-id", Input)
        assert round_id.value == f"{dt.date.today().isoformat()}-istanbul"
        await pilot.press("tab", "ctrl+u", *"2025-07-23")
        assert round_id.value == "2025-07-23-istanbul"
        await pilot.press("shift+tab", "ctrl+u", *"2025-06-02-istanbul", "enter")
        assert isinstance(app.screen, NewRoundScreen)  # an existing round: said in the dialog
        assert "already exists" in str(app.screen.query_one("#new-round-source").content)
        await pilot.press("ctrl+u", *"2025-07-23-istanbul", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.round_id == "2025-07-23-istanbul"
        assert "ceasefire-30-day" in {p.id for p in app.dataset.rounds["2025-07-23-istanbul"].positions}
    folder = data / "rounds" / "2025-07-23-istanbul"
    assert (folder / "ukraine.yaml").read_text(encoding="utf-8") == UKRAINE  # comments carried over
    assert "date: 2025-07-23" in (folder / "round.yaml").read_text(encoding="utf-8")


# -- live reload -------------------------------------------------------------------------------------


@app_test
async def test_live_reload_picks_up_an_external_change_and_keeps_the_selection(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "russia", "local-ceasefire")
        generation = app.generation
        await watcher_ready(pilot)
        path = data / "rounds" / ROUND / "russia.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("to collect the dead.", "to collect the fallen."), encoding="utf-8")
        assert await wait_until(pilot, lambda: app.generation > generation)
        assert "to collect the fallen." in positions_text(app)
        assert app.selected_position is not None and app.selected_position.key == ("russia", "local-ceasefire")
        assert "russia.yaml" in notifications(app)
    assert app.watcher._stop.is_set()  # stopped with the app


@app_test
async def test_live_reload_of_invalid_data_keeps_the_last_good_data_and_says_where(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        dataset, generation = app.dataset, app.generation
        await watcher_ready(pilot)
        ukraine_file(data).write_text(UKRAINE.replace("kind: demand", "kind: dmand"), encoding="utf-8")
        assert await wait_until(pilot, lambda: "dmand" in notifications(app))
        assert "rounds/2025-06-02-istanbul/ukraine.yaml:5:11: error:" in notifications(app)
        assert app.dataset is dataset and app.generation == generation
        assert isinstance(app.screen, BrowseScreen) and "A full and unconditional ceasefire" in positions_text(app)
        # The title bar keeps saying so after the notice has gone.
        bar = app.screen.query_one("#round-bar")
        assert "1 problem in the files: showing the last good data" in bar.plain
        ukraine_file(data).write_text(UKRAINE.replace("kind: demand", "kind: proposal"), encoding="utf-8")
        assert await wait_until(pilot, lambda: app.generation > generation)
        assert app.selected_position is not None and app.selected_position.kind.value == "proposal"
        assert "dmand" not in shown(app)  # the warning went with the problem
        assert "problem" not in bar.plain


@app_test
async def test_the_stale_data_warning_goes_when_a_reload_by_hand_succeeds(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        generation = app.generation
        await watcher_ready(pilot)
        ukraine_file(data).write_text(UKRAINE.replace("kind: demand", "kind: dmand"), encoding="utf-8")
        assert await wait_until(pilot, lambda: "dmand" in notifications(app))
        app.watcher._stop.set()  # from here on only ctrl+r reloads
        await until(pilot, lambda: all(w.is_finished for w in app.workers if w.group == "live-reload-watch"))
        ukraine_file(data).write_text(UKRAINE.replace("kind: demand", "kind: proposal"), encoding="utf-8")
        await pilot.press("ctrl+r")
        assert await wait_until(pilot, lambda: app.generation > generation)
        assert "dmand" not in shown(app)


@app_test
async def test_the_editor_lists_the_problems_already_in_its_file(data: Path) -> None:
    """A reload found a problem on disk; e on a position of that file lists it from the start."""
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await watcher_ready(pilot)
        ukraine_file(data).write_text(UKRAINE.replace("kind: demand", "kind: dmand"), encoding="utf-8")
        assert await wait_until(pilot, lambda: "dmand" in notifications(app))
        await pilot.press("e")
        assert await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert [p.line for p in app.screen.problems] == [5]
        assert "dmand" in str(app.screen.query_one("#editor-problems").get_option_at_index(0).prompt)


@app_test
async def test_live_reload_follows_a_data_folder_deleted_and_made_again(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    backup = data.parent / "backup"
    shutil.copytree(data, backup)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "russia", "local-ceasefire")
        await watcher_ready(pilot)
        shutil.rmtree(data)
        assert await wait_until(pilot, lambda: "problem" in app.screen.query_one("#round-bar").plain)
        generation = app.generation
        shutil.copytree(backup, data)
        path = data / "rounds" / ROUND / "russia.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("to collect the dead.", "to collect the fallen."), encoding="utf-8")
        assert await wait_until(pilot, lambda: app.generation > generation)
        assert "to collect the fallen." in positions_text(app)
        # And it is watched again: a later change is picked up too.
        generation = app.generation
        await watcher_ready(pilot)
        path.write_text(path.read_text(encoding="utf-8").replace("to collect the fallen.", "to collect the killed."), encoding="utf-8")
        assert await wait_until(pilot, lambda: app.generation > generation)
        assert "to collect the killed." in positions_text(app)
        assert app.watcher.watching


@app_test
async def test_the_apps_own_save_does_not_reload_it_again(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await watcher_ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("down", "down", "down", "end", *" Monitored.", "ctrl+s")
        await settle(pilot)
        generation = app.generation  # the save showed its own validated data
        assert "Monitored." in ukraine_file(data).read_text(encoding="utf-8")
        # The watcher reports the save, and its reload (had it not been skipped) has finished.
        await until(pilot, lambda: any(ukraine_file(data).resolve() in burst for burst in app.watcher.changes_seen))
        await settle(pilot)
        assert app.generation == generation
        assert "Reloaded" not in notifications(app)
        assert isinstance(app.screen, EditorScreen)


@app_test
async def test_an_open_editor_follows_the_file_until_it_is_edited_then_warns(data: Path) -> None:
    app = TrackerApp(data, live_reload=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "ukraine", "ceasefire-30-day")
        await watcher_ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = editor(app)
        theirs = UKRAINE.replace("# More to come", "# Pulled from upstream:")
        ukraine_file(data).write_text(theirs, encoding="utf-8")
        assert await wait_until(pilot, lambda: screen.text_area.text == theirs)
        assert "read again" in screen.query_one("#editor-status").plain
        await pilot.press(*"x")
        ukraine_file(data).write_text(UKRAINE, encoding="utf-8")
        assert await wait_until(pilot, lambda: "changed on disk" in screen.query_one("#editor-status").plain)
        assert screen.text_area.text.replace("x", "", 1) == theirs  # the edit is not touched


def test_live_reload_is_off_headless_and_by_environment_unless_asked_for() -> None:
    assert live_reload_wanted(None, headless=False, environ={})
    assert not live_reload_wanted(None, headless=True, environ={})
    assert not live_reload_wanted(None, headless=False, environ={"TRACKER_LIVE_RELOAD": "0"})
    assert live_reload_wanted(True, headless=True, environ={"TRACKER_LIVE_RELOAD": "0"})
    assert not live_reload_wanted(False, headless=False, environ={})


def test_what_the_watcher_counts_as_a_data_change(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    sources = tmp_path / "seeds" / "sources.yaml"
    changed = [
        root / "parties.yaml",
        root / "rounds" / ROUND / "russia.yaml",
        root / "rounds" / ROUND,  # a round folder moved in or out
        sources,
    ]
    ignored = [
        root / "rounds" / ROUND / ".russia.yaml.1a2b3c4d.tmp",  # an interrupted save's temp file
        root / "rounds" / ROUND / ".russia.yaml.swp",
        root / "rounds" / ROUND / "russia.yaml~",
        root / "rounds" / ".2025-07-23-istanbul.new-x1" / "round.yaml",  # a round being created
        root / "rounds" / ROUND / "notes.txt",
        tmp_path / "seeds" / "000_abc.txt",
        tmp_path / "elsewhere.yaml",
    ]
    assert [p for p in changed if not is_data_change(root, sources, p)] == []
    assert [p for p in ignored if is_data_change(root, sources, p)] == []


def test_reload_notice_names_a_few_files(tmp_path: Path) -> None:
    rounds = tmp_path / "rounds"
    one = {rounds / ROUND / "russia.yaml", rounds / ROUND, rounds}
    assert changed_files(one) == "russia.yaml"  # the folders that changed with it are not named
    many = {rounds / ROUND / f"{name}.yaml" for name in ("a", "b", "c", "d", "e")} | {rounds}
    assert changed_files(many) == "a.yaml, b.yaml, c.yaml and 2 more"
    assert changed_files({rounds / ROUND}) == ROUND  # a round folder alone: its name


def test_position_at_finds_the_position_a_line_is_in(data: Path) -> None:
    dataset = load_dataset(data)
    path = ukraine_file(data)
    assert position_at(dataset, path, 1) is None  # the comment above the list
    assert position_at(dataset, path, 3).id == "ceasefire-30-day"
    assert position_at(dataset, path, SUMMARY_LINE).id == "ceasefire-30-day"
    joint = data / "rounds" / ROUND / "round.yaml"
    assert position_at(dataset, joint, 1) is None
    assert position_at(dataset, joint, 400).party == "joint"


# -- snapshots of the editor -----------------------------------------------------------------------


async def open_editor(pilot) -> None:
    await select(pilot, "ukraine", "ceasefire-30-day")
    await pilot.press("e")
    await settle(pilot)
    text_area = editor(pilot.app).text_area
    await until(pilot, lambda: text_area.has_focus)
    text_area.cursor_blink = False  # the cursor shown for good, whatever the blink's phase was
    # TextArea's line cache does not key on focus: a line drawn before the focus came would be
    # shown again without its cursor. Styles "updated" clears that cache.
    text_area.notify_style_update()
    text_area.refresh()
    await pilot.pause()


def test_snapshot_editor(snap_compare, data: Path) -> None:
    assert snap_compare(TrackerApp(data), terminal_size=SIZE, run_before=open_editor)


def test_snapshot_editor_with_problems(snap_compare, data: Path) -> None:
    async def with_problems(pilot) -> None:
        await open_editor(pilot)
        await pilot.press("down", "down", "end", *["backspace"] * 5, *"mand")
        await pilot.press("down", "end", *" [bold]not markup[/", "ctrl+s")
        await settle(pilot)
        await pilot.press("f8")
        await pilot.pause()

    assert snap_compare(TrackerApp(data), terminal_size=SIZE, run_before=with_problems)
