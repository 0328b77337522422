"""`tracker edit`, `tracker new-position` and `tracker new-round`, driven by scripted editors:
small Python programs set as $EDITOR that make valid, invalid or no edits."""

from __future__ import annotations

import io
import shutil
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.commands import edit as edit_command
from tracker.yamltext import HEADER_MARK
from tracker.problems import display_path

MAY = "rounds/2025-05-16-istanbul"
JUNE = "rounds/2025-06-02-istanbul"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, dot-files included: a failed operation must leave all of it as it was."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "drafts"
    monkeypatch.setenv("TRACKER_DRAFTS", str(folder))
    return folder


def kept(drafts: Path, path: Path) -> list[Path]:
    """The drafts kept of a data file."""
    return sorted((drafts / path.parent.name).glob(f"{path.stem}.*.yaml"))


class Editor:
    """A scripted editor: `body` runs with `path` (the file to edit) and `call` (1, 2, ...); every
    call's argv is logged, so tests can check the line it was opened at."""

    def __init__(self, folder: Path, body: str, name: str = "editor"):
        folder.mkdir(exist_ok=True)
        self.log = folder / f"{name}.log"
        self.script = folder / name
        self.script.write_text(
            f"#!{sys.executable}\n"
            "import json, sys\nfrom pathlib import Path\n"
            f"log = Path({str(self.log)!r})\n"
            "calls = log.read_text().splitlines() if log.exists() else []\n"
            "call = len(calls) + 1\n"
            "log.write_text(''.join(c + '\\n' for c in calls) + json.dumps(sys.argv[1:]) + '\\n')\n"
            "path = Path(sys.argv[-1])\n"
            "text = path.read_text()\n" + body + "\n"
        )
        self.script.chmod(0o755)

    @property
    def command(self) -> str:
        return shlex.quote(str(self.script))

    def calls(self) -> list[list[str]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []


@pytest.fixture
def run(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the CLI in-process on the test data with the given editor; returns (code, out, err)."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no questions asked

    def go(*args: str, editor: Editor | str | None = None) -> tuple[int, str, str]:
        if editor is None:
            monkeypatch.delenv("EDITOR", raising=False)
        else:
            monkeypatch.setenv("EDITOR", editor.command if isinstance(editor, Editor) else editor)
        code = main(["--data", str(data_dir), *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return go


# --- tracker edit ----------------------------------------------------------------------------------


def test_valid_edit_is_saved_and_only_that_line_changes(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('A meeting of the two presidents.', 'A meeting of presidents.'))", name="vim")
    code, out, _ = run("edit", "leaders-meeting", editor=editor)
    assert code == 0
    assert out == f"saved {display_path(path)}\n"
    after = snapshot(data_dir)
    assert after.pop(f"{MAY}/ukraine.yaml") == before.pop(f"{MAY}/ukraine.yaml").replace(b"of the two presidents", b"of presidents")
    assert after == before  # the comment line, the blank line, every other file: identical; no draft left
    assert editor.calls()[0][0] == "+14"  # opened at the position's line
    assert Path(editor.calls()[0][1]).parent == drafts / "2025-05-16-istanbul"
    assert kept(drafts, path) == []


def test_no_edit_says_so_and_leaves_nothing(data_dir: Path, run, tmp_path: Path) -> None:
    before = snapshot(data_dir)
    code, out, _ = run("edit", "ceasefire-30-day", editor=Editor(tmp_path / "bin", "pass"))
    assert (code, out) == (0, "no changes made\n")
    assert snapshot(data_dir) == before


def test_invalid_edit_reopens_with_the_problems_then_cancel_keeps_the_draft(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('kind: demand', 'kind: dmand'))", name="nano")
    code, out, err = run("edit", "ceasefire-30-day", "--round", "2025-06-02", editor=editor)
    assert code == 1 and out == ""
    (draft,) = kept(drafts, data_dir / JUNE / "ukraine.yaml")
    assert snapshot(data_dir) == before  # the data directory is byte-identical, no new file in it
    assert f"{display_path(draft)}:8:11: error: positions[0].kind: 'dmand' is not one of" in err
    assert f"your edit is kept in {display_path(draft)}" in err
    # The second call got the draft with the problems on top, opened at the problem's line.
    calls = editor.calls()
    assert len(calls) == 2 and calls[0][0] == "+2" and calls[1][0] == "+8"
    lines = draft.read_text().splitlines()
    assert lines[0].startswith(HEADER_MARK) and lines[7] == "    kind: dmand"


def test_errors_header_is_stripped_and_the_users_comments_kept(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    path = data_dir / MAY / "ukraine.yaml"
    before = path.read_bytes()
    body = (
        "if call == 1:\n"
        "    path.write_text(text.replace('kind: demand', 'kind: dmand').replace('  - id: leaders', '  # my note\\n  - id: leaders'))\n"
        "else:\n"
        f"    assert text.startswith({HEADER_MARK!r}) and 'dmand' in text\n"
        "    path.write_text(text.replace('kind: dmand', 'kind: demand'))\n"
    )
    editor = Editor(tmp_path / "bin", body)
    code, out, err = run("edit", "ceasefire-30-day", "--round", "2025-05-16", editor=editor)
    assert code == 0, err
    assert "not saved: 1 problem" in err
    assert path.read_bytes() == before.replace(b"  - id: leaders", b"  # my note\n  - id: leaders")
    assert not list(path.parent.glob(".*")) and kept(drafts, path) == []


def test_file_changed_on_disk_during_the_edit_is_refused(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    theirs = path.read_text().replace("No ceasefire before", "No truce before")
    body = (
        f"Path({str(path)!r}).write_text({theirs!r})  # someone else saves meanwhile\n"
        "path.write_text(text.replace('Short local ceasefires', 'Local ceasefires'))\n"
    )
    code, _, err = run("edit", "local-ceasefire", editor=Editor(tmp_path / "bin", body))
    assert code == 1
    assert path.read_text() == theirs  # their change stands
    (draft,) = kept(drafts, path)
    assert "changed on disk while you were editing" in err and display_path(draft) in err
    assert "Local ceasefires" in draft.read_text()
    assert "No ceasefire before" in draft.read_text()  # the user's version, whole, to compare
    assert not draft.read_text().startswith(HEADER_MARK)


def test_editor_failure_keeps_an_edited_draft(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    before = snapshot(data_dir)
    body = "path.write_text(text + '# half done\\n')\nsys.exit(3)\n"
    code, _, err = run("edit", "exchange-1000", "--round", "2025-05-16", editor=Editor(tmp_path / "bin", body))
    assert code == 1
    assert "the editor exited with status 3: nothing saved; your edit is kept in" in err
    assert snapshot(data_dir) == before
    (draft,) = kept(drafts, data_dir / MAY / "round.yaml")
    assert draft.read_text().endswith("# half done\n")
    code, _, err = run("edit", "exchange-1000", "--round", "2025-05-16", editor="false")
    assert code == 1 and f"an earlier draft of this file is kept in {display_path(draft)} (tracker edit … --resume continues from it)" in err
    assert kept(drafts, data_dir / MAY / "round.yaml") == [draft]  # nothing edited: nothing more kept


def test_resume_continues_from_the_kept_draft_and_removes_it_once_saved(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    path = data_dir / MAY / "round.yaml"
    half = "path.write_text(text.replace('Exchange 1,000 prisoners for 1,000.', 'Exchange 1,000 prisoners of war for 1,000.'))\nsys.exit(3)\n"
    assert run("edit", "exchange-1000", "--round", "2025-05-16", editor=Editor(tmp_path / "bin", half))[0] == 1
    (draft,) = kept(drafts, path)
    assert "prisoners of war for" in draft.read_text() and "prisoners of war for" not in path.read_text()
    code, _, err = run("edit", "exchange-1000", "--round", "2025-05-16", editor="true")  # the draft as it is
    assert code == 0 and "--resume continues from it" in err and path.read_text() != draft.read_text()
    code, out, err = run("edit", "exchange-1000", "--round", "2025-05-16", "--resume", editor="true")
    assert code == 0, err
    assert "prisoners of war for" in path.read_text()
    assert f"resuming the draft {display_path(draft)}" in err and "so it was removed" in err
    assert kept(drafts, path) == []
    code, _, err = run("edit", "exchange-1000", "--round", "2025-05-16", "--resume", editor="true")
    assert code == 2 and "nothing to resume" in err


def test_resume_refuses_a_draft_the_file_has_moved_on_from(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    """A conflict draft was begun on an older file: saving it whole would undo the other change."""
    path = data_dir / JUNE / "russia.yaml"
    theirs = path.read_text().replace("No ceasefire before", "No truce before")
    body = f"Path({str(path)!r}).write_text({theirs!r})\npath.write_text(text.replace('Short local ceasefires', 'Local ceasefires'))\n"
    assert run("edit", "local-ceasefire", editor=Editor(tmp_path / "bin", body))[0] == 1
    (draft,) = kept(drafts, path)
    code, _, err = run("edit", "local-ceasefire", "--resume", editor="true")
    assert code == 1 and "changed after the draft" in err and "diff " in err
    assert path.read_text() == theirs and kept(drafts, path) == [draft]


def test_resume_works_on_a_copy_and_keeps_the_draft_when_nothing_is_saved(data_dir: Path, run, tmp_path: Path, drafts: Path) -> None:
    path = data_dir / MAY / "round.yaml"
    half = "path.write_text(text.replace('Exchange 1,000 prisoners for 1,000.', 'Exchange 1,000 prisoners of war for 1,000.'))\nsys.exit(3)\n"
    assert run("edit", "exchange-1000", "--round", "2025-05-16", editor=Editor(tmp_path / "bin", half))[0] == 1
    (draft,) = kept(drafts, path)
    saved = draft.read_text()
    code, _, err = run("edit", "exchange-1000", "--round", "2025-05-16", "--resume", editor=Editor(tmp_path / "bin2", "path.write_text('')"))
    assert code == 1 and "emptied" in err
    assert draft.exists() and draft.read_text() == saved  # the kept draft is untouched


def test_emptied_draft_cancels(data_dir: Path, run, tmp_path: Path) -> None:
    before = snapshot(data_dir)
    code, _, err = run("edit", "local-ceasefire", editor=Editor(tmp_path / "bin", "path.write_text('')"))
    assert code == 1 and "edit cancelled" in err
    assert snapshot(data_dir) == before


def test_unattended_loop_is_bounded(data_dir: Path, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor that always leaves the file broken is run a bounded number of times, then the
    draft is kept. The bound is lowered for the test: each attempt starts an editor process."""
    assert edit_command.MAX_UNATTENDED_ATTEMPTS >= 3
    monkeypatch.setattr(edit_command, "MAX_UNATTENDED_ATTEMPTS", 3)
    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text + f'bad{call}: [\\n')")
    code, _, err = run("edit", "local-ceasefire", editor=editor)
    assert code == 1 and "your edit is kept in" in err
    assert len(editor.calls()) == edit_command.MAX_UNATTENDED_ATTEMPTS
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(("answer", "keep"), [("k\n", True), ("d\n", False), ("", True)])
def test_interactive_keep_or_discard(
    data_dir: Path, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drafts: Path, answer: str, keep: bool
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('kind: offer', 'kind: ofer'))")
    monkeypatch.setattr(sys, "stdin", Terminal(answer))
    code, _, err = run("edit", "local-ceasefire", editor=editor)
    assert code == 1
    assert "Edit again, keep the draft, or discard it?" in err
    assert len(editor.calls()) == 1
    assert len(kept(drafts, data_dir / JUNE / "russia.yaml")) == keep
    assert snapshot(data_dir) == before


def test_interactive_edit_again_then_save(data_dir: Path, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    body = "path.write_text(text.replace('kind: offer', 'kind: ofer') if call == 1 else text.replace('ofer', 'proposal'))"
    monkeypatch.setattr(sys, "stdin", Terminal("\n"))  # Enter: edit again
    code, out, _ = run("edit", "local-ceasefire", editor=Editor(tmp_path / "bin", body))
    assert code == 0 and out.startswith("saved")
    assert "kind: proposal" in (data_dir / JUNE / "russia.yaml").read_text()


def test_usage_errors(data_dir: Path, run) -> None:
    before = snapshot(data_dir)
    code, _, err = run("edit", "ceasefire-30-day")
    assert code == 2 and "no editor set: set $VISUAL or $EDITOR" in err
    code, _, err = run("edit", "ceasefire-30-dy", editor="true")
    assert code == 2 and "no position 'ceasefire-30-dy' in any round (did you mean 'ceasefire-30-day'?)" in err
    code, _, err = run("edit", "ceasefire-30-day", "--party", "russia", editor="true")
    assert code == 2 and "'ceasefire-30-day' is a position of ukraine" in err
    code, _, err = run("edit", "ceasefire-30-day", "--round", "2025-07", editor="true")
    assert code == 2 and "no round '2025-07'" in err
    code, _, err = run("edit", "x", "--party", "rusia", editor="true")
    assert code == 2 and "did you mean 'russia'" in err
    code, _, err = run("edit", "exchange-1000", editor="no-such-editor-here")
    assert code == 1 and "editor not found: 'no-such-editor-here'" in err
    assert snapshot(data_dir) == before


def test_same_id_for_two_parties_needs_party(data_dir: Path, run, tmp_path: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("id: local-ceasefire", "id: ceasefire-30-day"))
    code, _, err = run("edit", "ceasefire-30-day", editor="true")
    assert code == 2 and "say which, as russia/ceasefire-30-day or with --party" in err
    code, out, _ = run("edit", "ceasefire-30-day", "--party", "russia", editor="true")
    assert (code, out) == (0, "no changes made\n")


def test_invalid_data_before_the_edit_is_reported(data_dir: Path, run) -> None:
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("kind: offer", "kind: ofer"))
    code, _, err = run("edit", "local-ceasefire", editor="true")
    assert code == 1 and "russia.yaml:10:11: error" in err


def test_edit_as_a_real_process(data_dir: Path, tmp_path: Path) -> None:
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('kind: demand', 'kind: dmand'))", name="vi")
    env = {**os.environ, "EDITOR": editor.command, "TRACKER_DATA": str(data_dir)}
    env.pop("VISUAL", None)
    before = snapshot(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "edit", "ceasefire-30-day"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "kept in" in result.stderr
    assert snapshot(data_dir) == before


def test_edit_command_does_not_import_textual(data_dir: Path) -> None:
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"main(['--data', {str(data_dir)!r}, 'edit', 'ceasefire-30-day'])\n"
        "print('textual' in sys.modules)\n"
    )
    env = {**os.environ, "EDITOR": "true"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip().endswith("False")


# --- tracker new-position ------------------------------------------------------------------------


FILL = (
    "path.write_text(text.replace('NEW-ID', 'energy-truce').replace('kind: KIND', 'kind: proposal')"
    ".replace('topic: TOPIC', 'topic: ceasefire').replace('summary:  #', 'summary: No strikes on power plants.  #')"
    ".replace('SOURCE-ID', 'src-b').replace('# status: stated', 'status: rejected'))"
)


def test_new_position_filled_in_is_saved_without_the_help(data_dir: Path, run, tmp_path: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    before = path.read_text()
    editor = Editor(tmp_path / "bin", FILL, name="vim")
    code, out, err = run("new-position", "--party", "russia", "--topic", "ceasefire", editor=editor)
    assert code == 0, err
    after = path.read_text()
    assert after.startswith(before)
    assert after[len(before) :] == (
        "  - id: energy-truce\n"
        "    topic: ceasefire\n"
        "    kind: proposal\n"
        "    summary: No strikes on power plants.\n"
        "    status: rejected\n"
        "    put_forward: 2025-06-02\n"
        "    evidence:\n"
        "      - source: src-b\n"
    )
    assert editor.calls()[0][0] == "+18"  # the template's first line


def test_new_position_untouched_adds_nothing(data_dir: Path, run, tmp_path: Path) -> None:
    before = snapshot(data_dir)
    code, out, _ = run("new-position", "--party", "ukraine", editor=Editor(tmp_path / "bin", "pass"))
    assert (code, out) == (1, "no position added\n")
    assert snapshot(data_dir) == before


def test_new_position_half_filled_is_refused(data_dir: Path, run, tmp_path: Path) -> None:
    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('NEW-ID', 'energy-truce'))")
    code, _, err = run("new-position", "--party", "ukraine", editor=editor)
    assert code == 1
    assert "positions[1].kind: 'KIND' is not one of" in err and "evidence[0].source: 'SOURCE-ID'" in err
    assert snapshot(data_dir) == before


def test_new_position_for_a_party_without_a_file_creates_it(data_dir: Path, run, tmp_path: Path) -> None:
    code, _, err = run("new-position", "--party", "turkey", "--round", "2025-05-16", editor=Editor(tmp_path / "bin", FILL))
    assert code == 0, err
    text = (data_dir / MAY / "turkey.yaml").read_text()
    assert text.startswith("positions:\n  - id: energy-truce\n")
    (data_dir / MAY / "turkey.yaml").unlink()
    schema = "# yaml-language-server: $schema=../../../schema/party-round.schema.json\n"
    (data_dir / MAY / "ukraine.yaml").write_text(schema + (data_dir / MAY / "ukraine.yaml").read_text())
    assert run("new-position", "--party", "turkey", "--round", "2025-05-16", editor=Editor(tmp_path / "bin", FILL))[0] == 0
    assert (data_dir / MAY / "turkey.yaml").read_text().startswith(schema + "positions:\n  - id: energy-truce\n")


def test_new_position_for_a_party_without_a_file_half_filled_is_refused(data_dir: Path, run, tmp_path: Path) -> None:
    """The file does not exist yet: its template is checked all the same, and nothing is created."""
    before = snapshot(data_dir)
    editor = Editor(tmp_path / "bin", "path.write_text(text.replace('NEW-ID', 'energy-truce'))")
    code, _, err = run("new-position", "--party", "turkey", "--round", "2025-05-16", editor=editor)
    assert code == 1
    assert "/turkey." in err and "kind: 'KIND' is not one of" in err
    assert snapshot(data_dir) == before and not (data_dir / MAY / "turkey.yaml").exists()


def test_new_position_and_edit_take_a_party_by_name(data_dir: Path, run, tmp_path: Path) -> None:
    code, _, err = run("new-position", "--party", "Russia", "--topic", "Ceasefire", editor=Editor(tmp_path / "bin", FILL))
    assert code == 0, err
    assert "energy-truce" in (data_dir / JUNE / "russia.yaml").read_text()
    body = "path.write_text(text.replace('No strikes on power plants.', 'No strikes on energy sites.'))"
    code, _, err = run("edit", "energy-truce", "--party", "RU", editor=Editor(tmp_path / "bin2", body))
    assert code == 0, err
    assert "No strikes on energy sites." in (data_dir / JUNE / "russia.yaml").read_text()


def test_new_joint_agreement(data_dir: Path, run, tmp_path: Path) -> None:
    fill = FILL.replace("'kind: proposal'", "'kind: agreement'")
    code, _, err = run("new-position", "--party", "joint", "--topic", "prisoners", editor=Editor(tmp_path / "bin", fill))
    assert code == 0, err
    text = (data_dir / JUNE / "round.yaml").read_text()
    # The parties of the round's last agreement, in its order: not the mediator or the observer.
    assert "  - id: energy-truce\n    topic: prisoners\n    kind: agreement\n    parties: [ukraine, russia]\n" in text


def test_a_joint_agreement_without_one_before_it_is_between_the_principal_parties(data_dir: Path) -> None:
    from tracker.loader import load_dataset

    for folder in ("2025-05-16-istanbul", "2025-06-02-istanbul"):
        path = data_dir / "rounds" / folder / "round.yaml"
        text = path.read_text()
        path.write_text(text[: text.index("agreements:")] + text[text.index("agreements:") :].split("\n", 1)[0].replace("agreements:", "agreements: []") + "\n")
    (data_dir / "rounds" / "2025-06-02-istanbul" / "turkey.yaml").write_text("positions: []\n")
    dataset = load_dataset(data_dir)
    assert dataset.agreement_parties("2025-06-02-istanbul") == ["ukraine", "russia"]


def test_new_position_usage_errors(data_dir: Path, run) -> None:
    before = snapshot(data_dir)
    assert run("new-position", "--party", "ukraine")[0] == 2
    code, _, err = run("new-position", "--party", "ukrain", editor="true")
    assert code == 2 and "did you mean 'ukraine'" in err
    code, _, err = run("new-position", "--party", "ukraine", "--topic", "prisoner", editor="true")
    assert code == 2 and "did you mean 'prisoners'" in err
    assert snapshot(data_dir) == before


# --- tracker new-round -----------------------------------------------------------------------------


def test_new_round_copies_the_latest_round(data_dir: Path, run) -> None:
    before = snapshot(data_dir)
    code, out, err = run("new-round", "2025-07-23-istanbul", "--date", "2025-07-23")
    assert code == 0, err
    assert "copied from 2025-06-02-istanbul" in out and "update place, venue, duration (and its agreements)" in out
    assert "next: write the round's title and outcome in round.yaml: they say TO WRITE until you do" in out
    folder = data_dir / "rounds" / "2025-07-23-istanbul"
    assert (folder / "ukraine.yaml").read_bytes() == before[f"{JUNE}/ukraine.yaml"]
    assert run("validate")[0] == 0


def test_new_round_copies_only_the_data_files_the_loader_reads(data_dir: Path, run) -> None:
    """A hidden YAML file (an editor's or a curator's aside, which the loader skips) stays with
    the round it was in: copied, it would be one more file nobody reads in the new round."""
    june = data_dir / JUNE
    (june / ".scratch.yaml").write_text("positions: []\n", encoding="utf-8")
    code, _, err = run("new-round", "2025-07-23-istanbul", "--date", "2025-07-23")
    assert code == 0, err
    copied = sorted(p.name for p in (data_dir / "rounds" / "2025-07-23-istanbul").iterdir())
    assert copied == sorted(p.name for p in june.iterdir() if not p.name.startswith("."))
    assert "round.yaml" in copied


def test_new_round_elsewhere_on_the_same_day_takes_its_place_from_the_id(data_dir: Path, run) -> None:
    """Copied from the Istanbul round of 2 June, a round in Ankara that day is not the same
    meeting recorded twice: its place is the id's, and the copy says what still needs updating."""
    code, out, err = run("new-round", "2025-06-02-ankara", "--date", "2025-06-02", "--from", "2025-06-02-istanbul")
    assert code == 0, err
    text = (data_dir / "rounds" / "2025-06-02-ankara" / "round.yaml").read_text()
    assert "\nplace: Ankara\n" in text
    assert "# Copied from 2025-06-02-istanbul by `tracker new-round`" in text
    assert "place: Ankara, from the id" in out and "update venue, duration" in out
    assert run("validate")[0] == 0
    code, out, _ = run("new-round", "2025-06-02-abu-dhabi", "--date", "2025-06-02", "--from", "2025-06-02-istanbul")
    assert code == 0 and "\nplace: Abu Dhabi\n" in (data_dir / "rounds" / "2025-06-02-abu-dhabi" / "round.yaml").read_text()
    # On another day the id's words are not taken for a place: 'round-3' is no city.
    code, out, _ = run("new-round", "2025-07-30-round-3", "--date", "2025-07-30")
    assert code == 0 and "\nplace: Istanbul\n" in (data_dir / "rounds" / "2025-07-30-round-3" / "round.yaml").read_text()
    assert "update place," in out


def test_a_copied_round_is_a_warning_until_its_note_is_deleted(data_dir: Path, run) -> None:
    assert run("new-round", "2025-07-23-istanbul", "--date", "2025-07-23")[0] == 0
    code, out, _ = run("validate")
    assert code == 0
    assert "rounds/2025-07-23-istanbul/round.yaml:1:1: warning: copied from 2025-06-02-istanbul by `tracker new-round` and not reviewed yet" in out
    assert out.rstrip().endswith("0 problems, 1 warning")
    assert run("validate", "--strict")[0] == 1
    # Every report says so too, on stderr; and a problem elsewhere does not hide it.
    code, _, err = run("diff", "--format", "brief")
    assert code == 0 and "warning: copied from 2025-06-02-istanbul" in err
    broken = data_dir / JUNE / "russia.yaml"
    broken.write_text(broken.read_text().replace("kind: offer", "kind: ofer"))
    code, out, _ = run("validate")
    assert code == 1 and "warning: copied from" in out and out.rstrip().endswith("1 problem(s) in 1 file(s), 1 warning")
    broken.write_text(broken.read_text().replace("kind: ofer", "kind: offer"))
    # A copy of the unreviewed copy carries one note, naming the round it was copied from.
    assert run("new-round", "2025-08-01-istanbul", "--date", "2025-08-01")[0] == 0
    august = (data_dir / "rounds" / "2025-08-01-istanbul" / "round.yaml").read_text()
    assert august.count("# Copied from") == 1 and "# Copied from 2025-07-23-istanbul" in august
    shutil.rmtree(data_dir / "rounds" / "2025-08-01-istanbul")
    round_file = data_dir / "rounds" / "2025-07-23-istanbul" / "round.yaml"
    round_file.write_text("".join(line for line in round_file.read_text().splitlines(keepends=True)[3:]))
    # The note gone, the outcome left to write is still a warning, until it is written.
    code, out, _ = run("validate")
    assert code == 0 and "round.yaml:12:1: warning: not written yet: the round's outcome still says TO WRITE; write it" in out
    round_file.write_text(round_file.read_text().replace('"TO WRITE: what came of this round, in one line"', "Talks ended."))
    code, out, _ = run("validate", "--strict")
    assert code == 0 and "warning" not in out


def test_new_round_from_a_given_round(data_dir: Path, run) -> None:
    code, out, _ = run("new-round", "2025-07-23-istanbul", "--date", "2025-07-23", "--from", "2025-05-16")
    assert code == 0 and "copied from 2025-05-16-istanbul" in out
    copied = (data_dir / "rounds" / "2025-07-23-istanbul" / "ukraine.yaml").read_text()
    assert copied.startswith("# Ukraine at the first round.\n")


def test_new_round_on_a_rounds_own_day_copies_that_round_by_default(data_dir: Path, run) -> None:
    """'The latest round on or before --date': a second meeting on 2 June copies the first of it."""
    code, out, err = run("new-round", "2025-06-02-ankara", "--date", "2025-06-02")
    assert code == 0, err
    assert "copied from 2025-06-02-istanbul" in out


def test_new_round_refusals(data_dir: Path, run) -> None:
    before = snapshot(data_dir)
    code, _, err = run("new-round", "2025-06-02-istanbul", "--date", "2025-07-23")
    assert code == 1 and "already exists" in err
    code, _, err = run("new-round", "July", "--date", "2025-07-23")
    assert code == 2 and "not a valid round id" in err
    assert snapshot(data_dir) == before


def test_new_round_bad_date_and_rounds(data_dir: Path, run) -> None:
    before = snapshot(data_dir)
    with pytest.raises(SystemExit) as info:
        run("new-round", "x", "--date", "23/07/2025")
    assert info.value.code == 2
    code, _, err = run("new-round", "x", "--date", "2025-01-01")
    assert code == 2 and "no round on or before 2025-01-01" in err
    code, _, err = run("new-round", "x", "--date", "2025-07-01", "--from", "2024")
    assert code == 2 and "no round '2024'" in err
    assert snapshot(data_dir) == before


def test_ctrl_c_in_the_editor_does_not_interrupt_the_edit(data_dir: Path, tmp_path: Path) -> None:
    """Ctrl+C goes to the whole foreground process group; in Vim it only leaves insert mode."""
    body = (
        "import os, signal\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)  # the editor handles its own Ctrl+C\n"
        "os.killpg(os.getpgrp(), signal.SIGINT)\n"
        "path.write_text(text.replace('Short local ceasefires', 'Local ceasefires'))\n"
    )
    env = {**os.environ, "EDITOR": Editor(tmp_path / "bin", body).command, "TRACKER_DATA": str(data_dir)}
    env.pop("VISUAL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "edit", "local-ceasefire"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60, start_new_session=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "Local ceasefires" in (data_dir / JUNE / "russia.yaml").read_text()


def test_edit_on_data_that_does_not_load_says_where_to_start(data_dir: Path, run) -> None:
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("kind: offer", "kind: ofer"))
    before = snapshot(data_dir)
    code, _, err = run("edit", "local-ceasefire", editor="true")
    assert code == 1
    assert "ofer" in err and err.rstrip().endswith(f"starting with {path} line 10")
    assert snapshot(data_dir) == before
