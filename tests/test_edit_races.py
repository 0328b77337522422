"""No edit lost: two editors of one file, and drafts kept where nobody else can reach them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import tracker.editing.drafts as drafts_module
import tracker.editing.saving as saving_module
import tracker.editing.session as session_module
from tracker.editing.drafts import DraftsNotPrivate, write_draft
from tracker.editing.files import read_for_edit
from tracker.editing.saving import Outcome, save_text
from tracker.editing.session import EditSession

JUNE = "rounds/2025-06-02-istanbul"
FIRST = "No ceasefire before mobilisation stops."
SECOND = "Short local ceasefires to collect the dead."

# A scripted editor: it announces its draft, waits until the other editor has its own, makes its
# change, and waits until the other has made its change before it exits, so that both sessions
# save at once. Files in SYNC are the only clock; a deadline turns a hang into a failure.
EDITOR = """
import os, sys, time
from pathlib import Path
me, other, sync = os.environ["ME"], os.environ["OTHER"], Path(os.environ["SYNC"])
draft = Path(sys.argv[-1])

def wait_for(name):
    deadline = time.monotonic() + 60
    while not (sync / name).exists():
        if time.monotonic() > deadline:
            sys.exit(f"{me}: {name} never came")
        time.sleep(0.002)

(sync / f"started-{me}").write_text(str(draft))
wait_for(f"started-{other}")
text = draft.read_text()
draft.write_text(text.replace(os.environ["OLD"], os.environ["NEW"]))
(sync / f"edited-{me}").touch()
wait_for(f"edited-{other}")
"""


@pytest.fixture(autouse=True)
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "drafts"
    monkeypatch.setenv("TRACKER_DRAFTS", str(folder))
    return folder


def start_edit(data_dir: Path, tmp_path: Path, me: str, other: str, position: str, old: str, new: str) -> subprocess.Popen:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    env = {
        **os.environ, "EDITOR": f"{sys.executable} {script}", "ME": me, "OTHER": other, "SYNC": str(tmp_path / "sync"),
        "OLD": old, "NEW": new, "VISUAL": "",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "--data", str(data_dir), "edit", position, "--party", "russia"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_two_tracker_edits_of_one_file_lose_no_edit(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "sync").mkdir()
    path = data_dir / JUNE / "russia.yaml"
    original = path.read_text()
    assert FIRST in original and SECOND in original
    a = start_edit(data_dir, tmp_path, "a", "b", "ceasefire-preconditions", FIRST, "Edited by A.")
    b = start_edit(data_dir, tmp_path, "b", "a", "local-ceasefire", SECOND, "Edited by B.")
    results = {name: (p.wait(timeout=120), *p.communicate()) for name, p in (("a", a), ("b", b))}
    drafts = {name: Path((tmp_path / "sync" / f"started-{name}").read_text()) for name in "ab"}
    assert drafts["a"] != drafts["b"], "two sessions shared one draft"
    codes = sorted(code for code, _, _ in results.values())
    assert codes == [0, 1], results
    (winner,) = [name for name, (code, _, _) in results.items() if code == 0]
    loser = "b" if winner == "a" else "a"
    _, out, err = results[loser]
    assert "changed on disk while you were editing, so your edit was not saved" in err
    assert str(drafts[loser]) in err
    saved = path.read_text()
    assert f"Edited by {winner.upper()}." in saved and f"Edited by {loser.upper()}." not in saved
    kept = drafts[loser].read_text()
    assert f"Edited by {loser.upper()}." in kept  # the loser's edit, kept to carry over
    assert "saved" in results[winner][1] and "saved" not in out


def test_an_in_app_save_rechecks_the_file_under_the_lock_before_replacing_it(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another save lands while this one validates: the app's save sees it, and keeps its edit."""
    path = data_dir / JUNE / "russia.yaml"
    loaded = read_for_edit(path)
    validate = saving_module.validate_text

    def validate_while_another_save_lands(root: Path, file: Path, text: str):
        check = validate(root, file, text)
        monkeypatch.setattr(saving_module, "validate_text", validate)  # one other save, validated as usual
        other = read_for_edit(path)
        assert save_text(root, other, other.text.replace(SECOND, "Saved by the other editor.")).outcome is Outcome.SAVED
        return check

    monkeypatch.setattr(saving_module, "validate_text", validate_while_another_save_lands)
    result = save_text(data_dir, loaded, loaded.text.replace(FIRST, "Mine."))
    assert result.outcome is Outcome.CONFLICT
    assert "Saved by the other editor." in path.read_text() and "Mine." not in path.read_text()
    assert result.draft is not None and "Mine." in result.draft.read_text()


def test_a_session_loses_a_race_keeps_its_draft(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_dir / JUNE / "russia.yaml"
    edit = EditSession.start(data_dir, path)
    edit.draft.write_text(edit.loaded.text.replace(FIRST, "Mine."))
    other = read_for_edit(path)
    validate = session_module.validate_text

    def validate_while_another_save_lands(root: Path, file: Path, text: str):
        check = validate(root, file, text)
        monkeypatch.setattr(session_module, "validate_text", validate)
        assert save_text(root, other, other.text.replace(SECOND, "Theirs.")).outcome is Outcome.SAVED
        return check

    monkeypatch.setattr(session_module, "validate_text", validate_while_another_save_lands)
    result = edit.apply()
    assert result.outcome is Outcome.CONFLICT
    assert "Theirs." in path.read_text() and "Mine." in edit.draft.read_text()


def test_two_sessions_on_one_unchanged_file_get_drafts_of_their_own(data_dir: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    one, two = EditSession.start(data_dir, path), EditSession.start(data_dir, path)
    assert one.draft != two.draft
    two.draft.write_text(two.loaded.text.replace(SECOND, "Two's edit."))
    one.discard()  # a session that ends without changes removes only its own draft
    assert two.draft.exists() and two.apply().outcome is Outcome.SAVED


def test_a_live_sessions_draft_is_never_pointed_to_as_a_kept_one(data_dir: Path) -> None:
    """Two edits of one file at once: the second is not told that the first one's draft, still
    being edited, is a kept draft to resume; once the first ends keeping it, it is."""
    from tracker.editing.drafts import drafts_of

    path = data_dir / JUNE / "russia.yaml"
    one = EditSession.start(data_dir, path)
    two = EditSession.start(data_dir, path)
    assert one.draft not in two.earlier_drafts
    assert drafts_of(path) == [] and sorted(drafts_of(path, live=True)) == sorted([one.draft, two.draft])
    one.keep()
    assert drafts_of(path) == [one.draft]
    two.discard()
    three = EditSession.start(data_dir, path)
    assert three.earlier_drafts == [one.draft]
    three.discard()


# --- private drafts ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o720, 0o740, 0o710, 0o704, 0o701], ids=oct)
def test_a_drafts_folder_others_can_write_is_refused(drafts: Path, data_dir: Path, mode: int) -> None:
    """Its group as much as everyone (docs/security.md): any bit but the owner's is refused."""
    drafts.mkdir(mode=0o700)
    os.chmod(drafts, mode)
    with pytest.raises(DraftsNotPrivate, match=rf"not: others can use it \(mode {mode:04o}\); make it private: chmod 700"):
        write_draft(data_dir / JUNE / "russia.yaml", "text")
    assert list(drafts.iterdir()) == []


def test_a_drafts_folder_that_is_a_link_is_refused(drafts: Path, tmp_path: Path, data_dir: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    drafts.symlink_to(elsewhere)
    with pytest.raises(DraftsNotPrivate, match="it is a link or a file, not a folder"):
        write_draft(data_dir / JUNE / "russia.yaml", "text")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder to another user takes root")
def test_a_drafts_folder_of_another_user_is_refused(drafts: Path, data_dir: Path) -> None:
    drafts.mkdir(mode=0o700)
    os.chown(drafts, 4242, 4242)
    with pytest.raises(DraftsNotPrivate, match=r"belongs to another user \(uid 4242\)"):
        write_draft(data_dir / JUNE / "russia.yaml", "text")


def test_drafts_and_their_folders_are_created_private(drafts: Path, data_dir: Path) -> None:
    draft = write_draft(data_dir / JUNE / "russia.yaml", "text", base="old")
    for made in (drafts, draft.parent):
        assert made.stat().st_mode & 0o777 == 0o700
    assert draft.stat().st_mode & 0o777 == 0o600
    assert draft.with_name(draft.name + ".base").stat().st_mode & 0o777 == 0o600


def test_a_link_planted_where_a_draft_goes_is_never_written_through(drafts: Path, data_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    path = data_dir / JUNE / "russia.yaml"
    folder_name, stem = drafts_module._draft_name(path)
    (drafts / folder_name).mkdir(parents=True, mode=0o700)
    os.chmod(drafts, 0o700)
    (drafts / folder_name / f"{stem}.yaml").symlink_to(victim)
    (drafts / folder_name / f"{stem}-2.yaml.base").symlink_to(victim)
    draft = write_draft(path, "mine", base="old")
    assert draft.name == f"{stem}-2.yaml" and draft.read_text() == "mine"
    assert victim.read_text() == "precious"


def test_the_temp_folder_fallback_is_refused_when_someone_else_made_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("TRACKER_DRAFTS", str(blocked / "drafts"))  # cannot be created
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    planted = tmp_path / "tmp" / f"tracker-drafts-{os.getuid()}"
    planted.mkdir(parents=True)
    os.chmod(planted, 0o777)  # pre-created by another user, open to all
    with pytest.raises(DraftsNotPrivate):
        write_draft(tmp_path / "r" / "ukraine.yaml", "mine")
    assert list(planted.iterdir()) == []


def test_tracker_edit_refuses_a_drafts_folder_that_is_not_private(drafts: Path, data_dir: Path) -> None:
    drafts.mkdir(mode=0o700)
    os.chmod(drafts, 0o757)
    before = (data_dir / JUNE / "russia.yaml").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--data", str(data_dir), "edit", "local-ceasefire"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        env={**os.environ, "EDITOR": "true", "VISUAL": ""},
    )  # fmt: skip
    assert result.returncode == 1
    assert "drafts are kept only in a private folder" in result.stderr and "Traceback" not in result.stderr
    assert (data_dir / JUNE / "russia.yaml").read_bytes() == before and list(drafts.iterdir()) == []


def test_a_private_file_is_written_beside_itself_and_renamed_over_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new text goes to a temporary file in the same private folder, never the system's
    temporary folder (shared, and on another filesystem, where the rename would not be atomic)."""
    folder = tmp_path / "drafts"
    folder.mkdir(mode=0o700)
    elsewhere = tmp_path / "tmp"
    elsewhere.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
    renamed: list[tuple[Path, Path]] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renamed.append((Path(src), Path(dst))), real(src, dst))[1])
    target = folder / "draft.yaml"
    drafts_module.write_private(target, b"text\n")
    assert target.read_bytes() == b"text\n" and list(elsewhere.iterdir()) == []
    [(src, dst)] = renamed
    assert (src.parent, dst) == (folder, target)
    assert sorted(p.name for p in folder.iterdir()) == ["draft.yaml"]
