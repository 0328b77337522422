"""Shared fixtures: a writable copy of the small test dataset."""

from __future__ import annotations

import copy
import inspect
import os
import shutil
from types import SimpleNamespace
from pathlib import Path

import pytest
from hypothesis import settings
from textual import _text_area_theme
from textual.app import App

TESTS = Path(__file__).resolve().parent
GOOD_DATA = TESTS / "data" / "good"
REPO = TESTS.parent

# Subprocesses (`python -m tracker`) run the package these tests belong to, first on their path,
# even where another copy is installed: a mutation run (mutmut) tests a changed copy of it.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test loads for real (and its subprocesses too); tests/test_cache.py turns it on."""
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")


# Property tests: no per-example time limit (a wall-clock limit fails on a loaded machine, not on a
# bug), and the same examples every run, so a run fails only on a change of code. A contributor
# looking for new counter-examples runs `HYPOTHESIS_PROFILE=explore pytest tests/test_diff_engine.py`.
settings.register_profile("suite", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

_TEXT_AREA_THEMES = copy.deepcopy(_text_area_theme._BUILTIN_THEMES)


@pytest.fixture(autouse=True)
def _text_area_themes_as_shipped() -> None:
    """Textual's TextArea fills its built-in themes in from the CSS of the text areas that draw
    with them, and the themes are shared by the whole process: each test starts from them as
    shipped, so a screen (and its snapshot) does not depend on which tests ran before it."""
    _text_area_theme._BUILTIN_THEMES.update(copy.deepcopy(_TEXT_AREA_THEMES))


_NOTIFY = App.notify
_NOTIFY_SIGNATURE = inspect.signature(App.notify)


def _notify_and_keep(self: App, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - App.notify's own
    said = _NOTIFY_SIGNATURE.bind(self, *args, **kwargs)
    said.apply_defaults()
    self.__dict__.setdefault("said", []).append(SimpleNamespace(**{k: v for k, v in said.arguments.items() if k != "self"}))
    return _NOTIFY(self, *args, **kwargs)


@pytest.fixture(autouse=True)
def _notifications_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notification an app shows is also kept in `app.said`: a test asks what was said
    without racing the notification's timeout, which a loaded machine can outlast."""
    monkeypatch.setattr(App, "notify", _notify_and_keep)


def copy_round_as(root: Path, source: str, new_id: str) -> Path:
    """A later round made by copying `source`'s folder, its round.yaml given the new id and the
    date the id begins with; returns the new folder."""
    folder = root / "rounds" / new_id
    shutil.copytree(root / "rounds" / source, folder)
    round_file = folder / "round.yaml"
    old_date, new_date = source[:10], new_id[:10]
    round_file.write_text(round_file.read_text().replace(source, new_id).replace(f"date: {old_date}", f"date: {new_date}"))
    return folder


# The test data's two rounds (tests/data): most story and brief tests compare them.
TEST_MAY, TEST_JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def append_to_june(data_dir: Path, party: str, yaml: str) -> None:
    """Positions added at the end of a party's file of the test data's June round."""
    path = data_dir / "rounds" / TEST_JUNE / f"{party}.yaml"
    path.write_text(path.read_text().rstrip("\n") + "\n" + yaml)


def may_to_june_story(data_dir: Path):
    """The story of the test data's May to June comparison, loaded afresh."""
    from tracker.diff import compare_rounds
    from tracker.loader import load_dataset
    from tracker.report.story import build_story

    dataset = load_dataset(data_dir)
    return build_story(dataset, compare_rounds(dataset, TEST_MAY, TEST_JUNE))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of tests/data/good."""
    target = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, target)
    return target


@pytest.fixture
def talks(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dataset from `tracker init`: Jane Doe's quote and two figures, each with a local text."""
    from tracker.cli import main

    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    assert main(["init", str(tmp_path / "talks")]) == 0
    capsys.readouterr()
    return tmp_path / "talks"


def edit(path: Path, old: str, new: str) -> None:
    """A file with one text replaced, which must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers for every core. A Pilot test spends much of its time waiting for the
    app between keys, and many tests wait on a `tracker` process or a browser, so one worker per
    core leaves the cores idle: on 2 cores, idle, the suite of 1,301 tests took 183 s with three
    workers and 173 s with four (two once measured 213 s for a smaller suite)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 * cores


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs in tests/golden/ from what the reports print now",
    )
