"""Snapshots of the main screens at the three sizes the app is made for, from the fixed test
dataset (tests/data/good), so an edit to the bundled data does not change them.

80×24 is the smallest terminal the app supports (stacked panes, the fewest columns), 120×40 a
common one (still stacked), 200×50 a wide one (side by side, every column whole). After an
intended change, regenerate them with `pytest tests/test_app_snapshots.py --snapshot-update`
and look at the SVGs (tests/__snapshots__/) before committing them.
"""

from __future__ import annotations

import sys

import pytest
from conftest import GOOD_DATA, REPO

from tracker.app import TrackerApp

# The steps to a screen at rest are those the docs' pictures take (docs/make_pictures.py), so a
# picture in the docs and the snapshot of the same screen differ only by their data.
sys.path.insert(0, str(REPO / "docs"))
from make_pictures import compared, contested_figure, loaded  # noqa: E402

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"), pytest.param((200, 50), id="200x50")]
MIDDLE = (100, 30)


@pytest.fixture(autouse=True)
def _from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # The panes show file paths relative to the working directory.
    monkeypatch.chdir(REPO)


def make_app() -> TrackerApp:
    return TrackerApp(GOOD_DATA)


@pytest.mark.parametrize("size", SIZES)
def test_browse(snap_compare, size: tuple[int, int]) -> None:
    # The contested figure highlighted, so the detail pane shows its claims. At 80×24 every
    # footer key, "q Quit" included, must fit too.
    assert snap_compare(make_app(), terminal_size=size, run_before=contested_figure)


@pytest.mark.parametrize("size", SIZES)
def test_compare(snap_compare, size: tuple[int, int]) -> None:
    async def changed(pilot) -> None:
        await compared(pilot)
        await pilot.press("down", "down")

    assert snap_compare(make_app(), terminal_size=size, run_before=changed)


@pytest.mark.parametrize("size", SIZES)
def test_matrix(snap_compare, size: tuple[int, int]) -> None:
    async def agreements(pilot) -> None:
        await compared(pilot)
        await pilot.press("m", "down", "right")  # the joint agreements on prisoners
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=agreements)


@pytest.mark.parametrize("size", SIZES)
def test_facts(snap_compare, size: tuple[int, int]) -> None:
    async def facts(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=facts)


def test_help(snap_compare) -> None:
    async def help_screen(pilot) -> None:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=MIDDLE, run_before=help_screen)


class _Worker:
    """A worker that needs `turns` of the event loop, more than Textual's wait returns for."""

    def __init__(self, turns: float) -> None:
        self.turns = turns

    @property
    def is_finished(self) -> bool:
        return self.turns <= 0

    is_running = property(lambda self: not self.is_finished)


class _Workers(list):
    async def wait_for_complete(self) -> None:
        pass


class _Pilot:
    """Just what `loaded` uses of a Pilot: the app's workers, its screen, a pause."""

    def __init__(self, *turns: float) -> None:
        self.app = type("App", (), {})()
        self.app.workers = _Workers(_Worker(t) for t in turns)
        self.app.screen = type("Screen", (), {"query": lambda self, _: []})()
        self.pauses = 0

    async def pause(self) -> None:
        self.pauses += 1
        for worker in self.app.workers:
            worker.turns -= 1


def test_a_screen_is_taken_only_once_every_worker_is_done() -> None:
    """`loaded` waits for the state, however many turns a slow machine needs, instead of giving
    up after a few and letting a half-drawn screen be taken."""
    import asyncio

    pilot = _Pilot(25, 3)
    asyncio.run(loaded(pilot))
    assert pilot.pauses >= 25 and all(w.is_finished for w in pilot.app.workers)


def test_a_load_that_never_ends_fails_loudly_rather_than_being_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its limit (only a hang reaches it), `loaded` raises, naming what is still busy: a
    screen is never taken half-drawn, however long the wait was."""
    import asyncio

    import make_pictures

    monkeypatch.setattr(make_pictures, "LOAD_SECONDS", 0.0)
    pilot = _Pilot(float("inf"))
    with pytest.raises(RuntimeError, match="still loading after 0 s"):
        asyncio.run(loaded(pilot))
    assert pilot.pauses >= 1 and not pilot.app.workers[0].is_finished
