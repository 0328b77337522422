"""The bundled dataset as the tests of its facts read it: loaded once per process, a position
by its round, party and id, and the brief of two of its rounds."""

from __future__ import annotations

from functools import cache

from tracker.dataset import Dataset
from tracker.diff import compare_rounds
from tracker.loader import bundled_data_dir, load_dataset
from tracker.model import Position
from tracker.report.comparison import of_diff
from tracker.report.formats import diff_brief


@cache
def dataset() -> Dataset:
    return load_dataset(bundled_data_dir())


def position(round_id: str, party: str, position_id: str) -> Position | None:
    return next((p for p in dataset().rounds[round_id].positions if p.party == party and p.id == position_id), None)


def brief(earlier: str, later: str) -> str:
    return diff_brief(of_diff(dataset(), compare_rounds(dataset(), earlier, later)))
