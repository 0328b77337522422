"""Every key of every screen, at the first round and at the last: the app keeps running, and
stepping through the rounds stops at either end."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_round_as
from test_app_support import app_test, copy_good, settle, until

from tracker.app import TrackerApp
from tracker.app.screens.browse import BrowseScreen
from tracker.app.screens.compare import CompareScreen

SIZE = (100, 32)
MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-01-istanbul"


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """The test data with a third round, so a step can land between the ends too."""
    root = copy_good(tmp_path)
    copy_round_as(root, JUNE, JULY)
    return root


async def _press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@app_test
async def test_browse_steps_through_the_rounds_and_stops_at_either_end(three: Path) -> None:
    app = TrackerApp(three)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen) and screen.round_id == JULY  # it opens on the last
        seen = []
        for key in ("]", "[", "[", "[", "]", "]", "]"):
            await _press(pilot, key)
            seen.append(screen.round_id)
        assert seen == [JULY, JUNE, MAY, MAY, JUNE, JULY, JULY]
        assert app.is_running


@app_test
async def test_compare_steps_either_round_and_stops_at_either_end(three: Path) -> None:
    app = TrackerApp(three)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CompareScreen) and (screen.from_round, screen.to_round) == (JUNE, JULY)
        seen = []
        for key in ("}", "]", "]", "[", "[", "[", "[", "{", "{", "{", "}"):
            await _press(pilot, key)
            seen.append((screen.from_round, screen.to_round))
        assert seen == [
            (JUNE, JULY), (JULY, JULY), (JULY, JULY), (JUNE, JULY), (MAY, JULY), (MAY, JULY), (MAY, JULY),
            (MAY, JUNE), (MAY, MAY), (MAY, MAY), (MAY, JUNE),
        ]  # fmt: skip
        assert app.is_running


# Every binding but those that leave the app (quit, $EDITOR); the app's own on either screen.
APP_KEYS = ("question_mark", "exclamation_mark", "ctrl+p", "ctrl+r")
BROWSE_KEYS = ("slash", "r", "left_square_bracket", "right_square_bracket", "p", "t", "k", "s", "x", "f", "e", "n", "escape")
COMPARE_KEYS = (
    "slash", "m", "u", "1", "2", "left_square_bracket", "right_square_bracket", "left_curly_bracket",
    "right_curly_bracket", "s", "p", "t", "x", "w", "f", "h", "escape",
)  # fmt: skip
# What shows or acts on the round(s) at hand: a round picked, stepped, swapped, its facts, its
# positions edited or exported.
ROUND_KEYS = {"r", "1", "2", "left_square_bracket", "right_square_bracket", "left_curly_bracket", "right_curly_bracket", "s", "f", "e", "n", "w"}


async def _back_to(pilot, screen) -> None:
    """Close whatever the key opened (a picker, a dialog, the editor, the search box)."""
    for _ in range(5):
        if pilot.app.screen is screen and not screen.query("Input:focus"):
            return
        await _press(pilot, "escape")
    assert pilot.app.screen is screen, f"still on {pilot.app.screen!r}"


# One end per test, so that no worker holds the whole walk (about a minute on 2 busy cores) and
# the suite's wall time is not bounded by it. At the first round the matrix stands for the
# comparison, as it did when one test walked both ends: its keys at the last round left the matrix on.
ENDS = [("browse", "last"), ("browse", "first"), ("compare", "last"), ("matrix", "last"), ("matrix", "first")]


@pytest.mark.parametrize(("where", "end"), ENDS, ids=[f"{w}-{e}" for w, e in ENDS])
@app_test
async def test_every_key_at_the_first_and_the_last_round_keeps_the_app_running(three: Path, where: str, end: str) -> None:
    app = TrackerApp(three)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = BROWSE_KEYS
        if where != "browse":
            await _press(pilot, "c")
            keys = COMPARE_KEYS
        if where == "matrix":
            await _press(pilot, "m")
        screen = app.screen
        bindings = {b.key for b in type(screen).BINDINGS} - {"E"}
        assert bindings <= set(keys) | {"e", "E", "n"}, "a key this test does not press"
        if end == "first":  # every round back to the first
            await _press(pilot, *["left_square_bracket", "left_curly_bracket"] * 3)
            assert (screen.round_id if where == "browse" else (screen.from_round, screen.to_round)) in (MAY, (MAY, MAY))
        # A step past the end first, while the round(s) shown are still at that end; at the
        # first round, only the keys that act on the round (the rest are pressed at the last).
        outward = [k for k in keys if k.startswith("right" if end == "last" else "left")]
        pressed = (*keys, *APP_KEYS) if end == "last" else [k for k in keys if k in ROUND_KEYS]
        for key in (*outward, *pressed):
            await _press(pilot, key)
            await _back_to(pilot, screen)
            assert app.is_running and app.return_code is None, key
        assert isinstance(app.screen, BrowseScreen if where == "browse" else CompareScreen)
