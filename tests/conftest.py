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
