"""`tracker init`: a new dataset of one's own that validates as it is, and never over one's files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.loader import load_dataset


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_new_dataset_validates_as_it_is_and_is_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "init", "mytalks")
    assert code == 0
    today = dt.date.today().isoformat()
    assert out.startswith(f"created mytalks/: parties.yaml, topics.yaml, sources.yaml, sources/, rounds/{today}-first-round/\n")
    root = tmp_path / "mytalks"
    assert (root / "sources.yaml").is_file() and (root / "sources" / "example-report.txt").is_file()
    # Moved anywhere, it still validates: nothing points outside the folder.
    moved = tmp_path / "elsewhere" / "deep" / "talks"
    moved.parent.mkdir(parents=True)
    root.rename(moved)
    dataset = load_dataset(moved)
    assert list(dataset.rounds) == [f"{today}-first-round"]
    assert dataset.rounds[f"{today}-first-round"].round.date == dt.date.today()
    assert dataset.texts == moved / "sources"
    code, out, _ = run(capsys, "--data", str(moved), "validate")
    assert code == 0, out
    assert "0 problems" in out


def test_every_template_file_explains_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", str(tmp_path / "new"))[0] == 0
    for path in (tmp_path / "new").rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} has no comment at its top"


def test_the_example_is_the_bundled_data_with_its_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "istanbul"
    code, out, _ = run(capsys, "init", str(target), "--example")
    assert code == 0
    assert "rounds/2025-05-16-istanbul/" in out
    copy, bundled = load_dataset(target), bundled_dataset()
    assert copy.sources_file == target / "sources.yaml"
    assert list(copy.rounds) == list(bundled.rounds)
    assert list(copy.sources) == list(bundled.sources)
    assert run(capsys, "--data", str(target), "validate")[0] == 0


@pytest.mark.parametrize("what", ["a file in it", "a dot-file in it", "a file"])
def test_it_refuses_anything_but_a_new_or_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str) -> None:
    target = tmp_path / "mine"
    if what == "a file":
        target.write_text("notes\n")
    else:
        target.mkdir()
        (target / ("notes.txt" if what == "a file in it" else ".git")).write_text("mine\n")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = run(capsys, "init", str(target))
    assert code == 2 and out == ""
    assert "init writes only into a new or empty folder" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, no staging left


def test_an_empty_folder_is_filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert run(capsys, "init", str(target))[0] == 0
    assert (target / "parties.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]  # the staging folder is gone


def test_a_full_disk_during_init_example_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os
    import shutil

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", full)
    code, out, err = run(capsys, "init", "--example", str(tmp_path / "talks"))
    assert code == 1
    [line] = err.splitlines()
    assert "No space left on device (and " in line and len(line) < 300, line
    assert not list(tmp_path.iterdir())  # nothing left behind


def test_a_staging_folder_left_by_a_killed_init_is_removed_by_the_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    left = tmp_path / ".talks.abcd1234.init"
    left.mkdir()
    (left / "parties.yaml").write_text("x")
    os.utime(left, (1_000_000_000, 1_000_000_000))
    assert run(capsys, "init", str(tmp_path / "talks"))[0] == 0
    assert not left.exists() and (tmp_path / "talks" / "parties.yaml").is_file()
