"""The app on partly broken data: the rounds that load are browsed and compared, a banner says
which files are left out, and the problems are a key (`!`) away."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_round_as
from test_app_flows import SIZE, positions_table, settle
from test_app_support import app_test, copy_good

from tracker.app import TrackerApp
from tracker.app.screens.browse import BrowseScreen
from tracker.app.screens.compare import CompareScreen
from tracker.app.screens.errors import ErrorsScreen
from tracker.app.widgets.banner import ProblemsBanner
from tracker.app.widgets.panes import DetailPane

MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-23-istanbul"


def three_rounds_the_last_broken(tmp_path: Path) -> Path:
    root = copy_good(tmp_path)
    folder = copy_round_as(root, JUNE, JULY)
    path = folder / "russia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: offer", "kind: ofer"), encoding="utf-8")
    return root


def banner(app: TrackerApp) -> ProblemsBanner:
    return app.screen.query_one(ProblemsBanner)


@app_test
async def test_the_rounds_that_load_are_browsed_and_compared_under_a_banner(tmp_path: Path) -> None:
    app = TrackerApp(three_rounds_the_last_broken(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert list(app.dataset.rounds) == [MAY, JUNE]
        assert app.screen.round_id == JUNE and positions_table(app).row_count == 5
        shown = banner(app)
        assert shown.display
        assert shown.plain == f"⚠ 1 problem in rounds/{JULY}/russia.yaml: the rounds in it are left out. ! lists the problems"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert (app.screen.from_round, app.screen.to_round) == (MAY, JUNE)
        assert banner(app).display
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, ErrorsScreen)
        assert f"{JULY}/russia.yaml:10:11: error: positions[1].kind: 'ofer' is not one of" in app.screen.query_one(DetailPane).plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)


@app_test
async def test_once_fixed_the_banner_goes_and_the_round_is_back(tmp_path: Path) -> None:
    root = three_rounds_the_last_broken(tmp_path)
    app = TrackerApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert banner(app).display
        path = root / "rounds" / JULY / "russia.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("kind: ofer", "kind: offer"), encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert list(app.dataset.rounds) == [MAY, JUNE, JULY]
        assert not banner(app).display and app.problems == []
        await pilot.press("exclamation_mark")  # nothing to list: stays
        assert isinstance(app.screen, BrowseScreen)


@app_test
async def test_whole_data_shows_no_banner(tmp_path: Path) -> None:
    app = TrackerApp(copy_good(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not banner(app).display
        assert app.problem_note == ""
