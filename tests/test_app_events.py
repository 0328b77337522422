"""The app's comparison screen tells what was done or agreed between its rounds, in the words
and the count of every other face: it renders the same story."""

from __future__ import annotations

from pathlib import Path

from test_app_support import app_test, settle, until
from textual.widgets import Static

from tracker.app import TrackerApp
from tracker.app.screens.compare import CompareScreen
from tracker.loader import load_dataset
from tracker.report.between import tell_event

EVENTS_DATA = Path(__file__).resolve().parent / "data" / "events"
SIZE = (120, 40)


def story_text(screen: CompareScreen) -> str:
    return " ".join(str(screen.query_one("#compare-story-text", Static).render()).split())


@app_test
async def test_the_comparison_screen_shows_the_lines_between_its_rounds_and_counts_them() -> None:
    dataset = load_dataset(EVENTS_DATA)
    told = {event.id: tell_event(dataset, event).text for event in dataset.events}
    app = TrackerApp(EVENTS_DATA)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await until(pilot, lambda: screen.story is not None)
        assert (screen.from_round, screen.to_round) == ("2025-06-02-istanbul", "2025-07-23-istanbul")
        text = story_text(screen)
        assert f"• {told['wounded-2025-06-20']}" in text
        assert told["exchange-2025-05-23"] not in text and told["exchange-2025-08-14"] not in text
        assert "1 between the rounds" in text
        # one round earlier on the left: the comparison of May and July tells both events in between
        await pilot.press("left_square_bracket")
        # (two of them: told in one line, as the brief tells them)
        await until(pilot, lambda: screen.from_round == "2025-05-16-istanbul" and "2 between the rounds" in story_text(screen))
        text = story_text(screen)
        assert "2 carried out or agreed: 23 to 25 May 2025, " in text and "; 20 June 2025, " in text
        assert told["exchange-2025-08-14"] not in text  # after the last round: in no comparison
