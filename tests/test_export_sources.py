"""The export's `source` and `sources` of a figure: a figure given once rests on its subject's
evidence as a whole, so it names one `source` only where the subject cites one."""

from __future__ import annotations

from pathlib import Path

from tracker.export import Selection, build_tables
from tracker.loader import load_dataset

JUNE = "2025-06-02-istanbul"


def _figure_rows(data_dir: Path, position_id: str) -> list[dict]:
    rows = build_tables(load_dataset(data_dir), Selection())["figures"]
    return [row for row in rows if row["about"] == "position" and row["id"] == position_id]


def test_a_figure_whose_subject_cites_several_sources_names_no_one_of_them(data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    old = "    quantities:\n      - {what: ceasefire length, min: 2, max: 3, unit: days, raw: 2 to 3 days}\n    conditions:\n      - {position: ceasefire-preconditions}\n    evidence:\n      - {source: src-b}\n"
    assert old in text
    path.write_text(text.replace(old, old + "      - {source: src-a}\n"))
    [row] = _figure_rows(data_dir, "local-ceasefire")
    assert (row["source"], row["sources"]) == (None, "src-b; src-a")


def test_a_figure_whose_subject_cites_one_source_names_it(data_dir: Path) -> None:
    [row] = _figure_rows(data_dir, "local-ceasefire")
    assert (row["source"], row["sources"]) == ("src-b", "src-b")
