"""Shared fixtures: a writable copy of the small test dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
GOOD_DATA = TESTS / "data" / "good"
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test loads for real (and its subprocesses too); tests/test_cache.py turns it on."""
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")


def copy_round_as(root: Path, source: str, new_id: str) -> Path:
    """A later round made by copying `source`'s folder, its round.yaml given the new id and the
    date the id begins with; returns the new folder."""
    folder = root / "rounds" / new_id
    shutil.copytree(root / "rounds" / source, folder)
    round_file = folder / "round.yaml"
    old_date, new_date = source[:10], new_id[:10]
    round_file.write_text(round_file.read_text().replace(source, new_id).replace(f"date: {old_date}", f"date: {new_date}"))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of tests/data/good."""
    target = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs in tests/golden/ from what the reports print now",
    )
