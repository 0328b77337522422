"""The "New round…" dialog: the new round's id and date, checked before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tracker.app.render import literal
from tracker.model import is_slug
from tracker.report.words import human_date

NewRoundAnswer = tuple[str, dt.date, str]
"""The new round's id, its date, and the round to copy."""


def source_round(rounds: Sequence[tuple[str, dt.date]], date: dt.date) -> str | None:
    """The round a new one held on `date` starts from: the latest on or before it (as
    `tracker new-round` chooses). `rounds` in chronological order."""
    earlier = [round_id for round_id, held in rounds if held <= date]
    return earlier[-1] if earlier else None


class NewRoundScreen(ModalScreen[NewRoundAnswer | None]):
    """Asks for the id and the date; the files are copied from the latest round on or before it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new_round.cancel")]

    def __init__(self, rounds: Sequence[tuple[str, dt.date]], today: dt.date | None = None) -> None:
        super().__init__()
        self.rounds = list(rounds)
        self.today = today or dt.date.today()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("New round"), classes="dialog-title")
            yield Label(Text("Id, also its folder name (lower-case letters, digits and -):"))
            yield Input(self.suggested_id(self.today), id="new-round-id")
            yield Label(Text("Date (YYYY-MM-DD):"))
            yield Input(self.today.isoformat(), id="new-round-date")
            yield Label(Text(""), id="new-round-source")
            yield Label(Text("enter create · tab next field · esc cancel", style="dim"), classes="dialog-hint")

    def suggested_id(self, date: dt.date | None) -> str:
        """The date and the place of the latest round's id: `2025-06-02-istanbul` suggests
        `<date>-istanbul`. Selected on focus, so typing replaces it."""
        latest = self.rounds[-1][0] if self.rounds else ""
        place = re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", latest) or "round"
        return f"{(date or self.today).isoformat()}-{place}"

    def on_mount(self) -> None:
        self._suggestion = self.suggested_id(self.today)
        self.query_one("#new-round-id", Input).focus()
        self._describe_source()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "new-round-date":
            # The suggested id follows the date until the id is typed by hand.
            id_input = self.query_one("#new-round-id", Input)
            date = self._date()
            if date is not None and id_input.value == self._suggestion:
                self._suggestion = id_input.value = self.suggested_id(date)
        self._describe_source()

    def _date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.query_one("#new-round-date", Input).value.strip())
        except ValueError:
            return None

    def _describe_source(self) -> None:
        date = self._date()
        source = source_round(self.rounds, date) if date else None
        if source:
            line = literal(f"Starts as a copy of {source}: every party's positions carry forward, comments kept.", "dim")
        else:
            line = Text("")
        self.query_one("#new-round-source", Label).update(line)

    def _problem(self, round_id: str, date: dt.date | None) -> str | None:
        if not round_id:
            return "Type the new round's id."
        if not is_slug(round_id):
            return f"{round_id!r} is not a valid id: use lower-case letters, digits and '-', e.g. 2025-07-23-istanbul."
        if round_id in {r for r, _ in self.rounds}:
            return f"Round {round_id} already exists."
        if date is None:
            return "The date must read YYYY-MM-DD."
        if source_round(self.rounds, date) is None:
            return f"No round on or before {human_date(date)} to copy (tracker new-round --from can copy a later one)."
        return None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        round_id = self.query_one("#new-round-id", Input).value.strip()
        date = self._date()
        problem = self._problem(round_id, date)
        if problem is not None:
            self.query_one("#new-round-source", Label).update(literal(problem, "bold red"))
            return
        assert date is not None
        source = source_round(self.rounds, date)
        assert source is not None
        self.dismiss((round_id, date, source))

    def action_cancel(self) -> None:
        self.dismiss(None)
