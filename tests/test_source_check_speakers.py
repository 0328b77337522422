"""The source check's speakers: named by the last word of their name, accents and case aside; one
the text does not name is a warning at the speaker, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli import main
from tracker.loader import load_dataset
from tracker.provenance import check


def _text(root: Path, old: str, new: str) -> None:
    path = root / "sources" / "example-report.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(root: Path):
    dataset = load_dataset(root)
    return check(root, dataset.sources, dataset.texts, dataset.sources_file)


def test_a_speaker_the_text_names_by_surname_alone_is_named(talks: Path) -> None:
    _text(talks, "said Jane Doe, who", "said Ms DOE, who")
    report = _check(talks)
    assert report.checked["quote"] == 1
    assert (report.problems, report.warnings) == ([], [])


def test_a_speaker_the_text_names_by_first_name_alone_is_a_warning(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _text(talks, "said Jane Doe, who", "said Jane, who")
    report = _check(talks)
    assert report.problems == []
    [warning] = report.warnings
    assert (warning.field, warning.severity) == ("positions[0].evidence[0].speaker", "warning")
    assert "'Jane Doe' is not named in the text of 'example-report' (example-report.txt)" in warning.message
    assert main(["--data", str(talks), "validate"]) == 0  # a warning does not fail validation
    assert "Jane Doe" in capsys.readouterr().out
