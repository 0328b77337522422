"""The data the app shows: the messages that bring a load to the app, the search indexes built
with it, and what a screen or the editing may read of it (`ShownData`).

Screens and editing name `ShownData` rather than the app, so the app can import them without
them importing it back: the app is the one place that holds the data, and it fits this shape.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from tracker.app.filtering import SearchIndex, search_text
from tracker.diff import sort_key
from tracker.model import JOINT, Position

if TYPE_CHECKING:
    from tracker.app.render import AnswerKey
    from tracker.dataset import Dataset
    from tracker.problems import Problem


class ShownData(Protocol):
    """The data as last loaded, as the app holds it for its screens."""

    data_dir: Path
    dataset: Dataset | None
    """None until a load succeeded."""
    indexes: dict[str, SearchIndex]
    problems: list[Problem]
    generation: int
    """Counts successful loads; a screen that has seen this generation is up to date."""

    def answered_by(self, position: Position) -> list[Position]: ...

    def history(self, position: Position) -> list[tuple[str, Position | None]]: ...


class DataLoaded(Message):
    def __init__(
        self,
        dataset: Dataset,
        indexes: dict[str, SearchIndex],
        answers: dict[AnswerKey, list[Position]],
        seconds: float,
        notice: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__()
        self.dataset, self.indexes, self.answers, self.seconds = dataset, indexes, answers, seconds
        self.notice = notice
        """What to tell the user once shown; None: the usual 'Reloaded …', '': nothing (after a save)."""
        self.problems = list(problems)
        """The problems of the files left out: `dataset` is then only the rounds that are whole."""


class DataFailed(Message):
    """Nothing could be loaded: the errors screen lists why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)


class ReloadFailed(Message):
    """A reload after a change on disk found problems: the data shown stays as last loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


def build_indexes(dataset: Dataset) -> dict[str, SearchIndex]:
    """Each round's positions in display order (topic, party, file order) with their search text.
    The texts come later (`DeferredSearchIndex`): the first screen shows rows, not a search."""
    names = {party: dataset.party_name(party) for party in [*dataset.parties, JOINT]}
    return {rid: DeferredSearchIndex(sorted(data.positions, key=lambda p: sort_key(dataset, p)), names) for rid, data in dataset.rounds.items()}


class DeferredSearchIndex(SearchIndex):
    """A SearchIndex whose search texts are made when first read, not with the index: at 10,000
    positions they take most of a second, which the first screen need not wait for. The app
    makes them off the event loop once the rows are drawn (`TrackerApp.on_data_loaded`); a
    search that comes first makes them itself, or waits for the worker already at it."""

    def __init__(self, positions: Sequence[Position], party_names: Mapping[str, str] | None = None):
        self.positions = list(positions)
        self._names = party_names or {}
        self._texts: list[str] | None = None
        self._making = threading.Lock()
        # Position.key reads pydantic private attributes, slow in a per-keystroke loop.
        self.index_of = {p.key: i for i, p in enumerate(self.positions)}

    @property
    def texts(self) -> list[str]:  # type: ignore[override]
        if self._texts is None:
            with self._making:
                if self._texts is None:
                    names = self._names
                    self._texts = [search_text(p, names.get(p.party, "")) for p in self.positions]
        return self._texts
