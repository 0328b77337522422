"""Command options at their edges, called in the test process (tracker.cli.main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOOD_DATA

from tracker.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data", str(GOOD_DATA), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("kind", ["red line", "red-line", "red_line", "Red Line"])
def test_show_takes_a_kind_written_with_a_space_or_a_hyphen(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, err = run(capsys, "show", "--kind", kind, "--format", "markdown")
    assert (code, err) == (0, "")
    assert "Only kind red line." in out


def test_export_records_the_rounds_chosen_in_the_datas_order_whatever_order_they_are_named_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "out"), "--round", "2025-06-02", "--round", "2025-05-16")
    assert (code, err) == (0, "")
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["tracker"]["selection"]["rounds"] == ["2025-05-16-istanbul", "2025-06-02-istanbul"]


def test_export_counts_an_empty_table_as_0_rows_and_a_table_of_one_as_1_row(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Türkiye chairs the first round and states no position: its export has no positions."""
    code, out, err = run(capsys, "export", str(tmp_path / "out"), "--party", "turkey")
    assert (code, err) == (0, "")
    lines = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert lines["positions.csv"].endswith(" 0 rows")
    assert lines["parties.csv"].endswith(" rows") and not lines["parties.csv"].endswith(" 1 rows")
    from tracker.commands.export import summary
    from tracker.export import Exported

    assert "  1 row\n" in summary(Exported(tmp_path, {"one": 1, "other": 2}), "csv") + "\n"


def test_validate_strict_fails_only_on_warnings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The test data has no warnings: --strict passes it as plain validate does."""
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    code, out, _ = run(capsys, "validate", "--strict")
    assert code == 0 and "0 problems" in out and "warning" not in out


def test_a_report_names_two_warnings_and_counts_only_those_past_two(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    from conftest import copy_round_as

    note = "# Copied from 2025-01-01-nowhere by `tracker new-round`: review it, then delete this note\n"
    for folder in sorted((data_dir / "rounds").iterdir()):
        path = folder / "round.yaml"
        path.write_text(note + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--data", str(data_dir), "diff"]) in (0, 1)
    err = capsys.readouterr().err
    assert err.count("warning: copied from") == 2 and "more warning(s)" not in err
    copy_round_as(data_dir, "2025-06-02-istanbul", "2025-07-01-istanbul")
    assert main(["--data", str(data_dir), "diff"]) in (0, 1)
    err = capsys.readouterr().err
    assert err.count("warning: copied from") == 2 and "tracker: and 1 more warning(s): `tracker validate` lists them" in err
