"""The source check at its edges: why a figure cited by several sources could not be checked, what
a claim's or a delegation's wording is called when it is not found, a catalogue entry that
names the sources folder itself, and a hidden folder or file under rounds/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit

from tracker.cli import main


def validate(talks: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data", str(talks), "validate"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def party_file(root: Path) -> Path:
    return next(root.glob("rounds/*/party-a.yaml"))


def round_file(root: Path) -> Path:
    return next(root.glob("rounds/*/round.yaml"))


def add_sources(root: Path, entries: str) -> None:
    edit(root / "sources.yaml", "sources:\n", f"sources:\n{entries}")


def test_a_figure_none_of_whose_sources_is_at_hand_says_the_reason_that_tells_most(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cited by a source known only by its address (no local text, as expected) and by one whose
    local text has gone missing: the missing text is the reason given, whichever is cited first."""
    add_sources(talks, "  - {id: web-only, outlet: Web, title: Online only, published: 2026-01-02, url: 'https://example.org/a'}\n"
                       "  - {id: lost, outlet: Lost, title: Copy lost, published: 2026-01-03, file: lost.txt}\n")  # fmt: skip
    edit(party_file(talks), "      - source: example-report\n        speaker: Jane Doe  # a quote needs its speaker\n        quote: We propose a 30-day ceasefire, starting at once", "      - source: web-only\n      - source: lost")
    code, out = validate(talks, capsys)
    assert code == 1  # the catalogue names a file the folder does not hold
    summary = next(line for line in out.splitlines() if line.startswith("sources: "))
    assert "1 figure not checked: its local text is missing" in summary
    assert "not checked: no local text" not in summary


def test_a_claims_wording_not_in_its_source_is_called_a_raw_wording_not_a_quote(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        party_file(talks),
        "        value: 30\n        unit: days\n        raw: 30-day",
        "        unit: days\n        claims:\n          - {source: example-report, value: 30, raw: 30-day}\n"
        "          - {source: example-report, value: 60, raw: 60-day truce}",
    )
    code, out = validate(talks, capsys)
    assert code == 1
    [line] = [line for line in out.splitlines() if "error" in line]
    assert "positions[0].quantities[0].claims[1].raw: `raw` wording not found in the text of 'example-report'" in line


def test_a_delegations_size_is_checked_against_its_sources(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(round_file(talks), "    head: Jane Doe\n", "    head: Jane Doe\n    size: {what: members, value: 12, raw: twelve members}\n")
    code, out = validate(talks, capsys)
    assert code == 1
    [line] = [line for line in out.splitlines() if "error" in line]
    assert "delegations[0].size.raw: `raw` wording not found in the text of 'example-report'" in line
    assert "sources: 1 quote and 3 figures checked" in out


def test_a_catalogue_file_that_is_the_sources_folder_itself_is_outside_it(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(talks / "sources.yaml", "file: example-report.txt", "file: .")
    code, out = validate(talks, capsys)
    assert code == 1
    assert "file: '.' is outside the sources folder" in out


def test_a_hidden_folder_under_rounds_is_no_more_checked_than_it_is_loaded(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An editor's or a backup's hidden copy of a round is not data: the loader skips it, and
    the source check neither reads it nor counts what it cites."""
    code, out = validate(talks, capsys)
    assert code == 0
    summary = next(line for line in out.splitlines() if line.startswith("sources: "))
    hidden = talks / "rounds" / ".first-round-backup"
    shutil.copytree(party_file(talks).parent, hidden)
    edit(hidden / "party-a.yaml", "quote: We propose a 30-day ceasefire, starting at once", "quote: Words the source never had")
    code, out = validate(talks, capsys)
    assert code == 0, out
    assert next(line for line in out.splitlines() if line.startswith("sources: ")) == summary


def test_a_hidden_file_in_a_round_folder_is_no_more_checked_than_it_is_loaded(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An editor's hidden copy of a party's file beside it, named .yaml too: skipped by the
    loader, and by the source check."""
    code, out = validate(talks, capsys)
    assert code == 0
    summary = next(line for line in out.splitlines() if line.startswith("sources: "))
    hidden = party_file(talks).with_name(".party-a.yaml")
    shutil.copyfile(party_file(talks), hidden)
    edit(hidden, "quote: We propose a 30-day ceasefire, starting at once", "quote: Words the source never had")
    code, out = validate(talks, capsys)
    assert code == 0, out
    assert next(line for line in out.splitlines() if line.startswith("sources: ")) == summary


def test_a_local_text_of_exactly_the_size_limit_is_read_and_one_byte_over_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from tracker import provenance

    monkeypatch.setattr(provenance, "MAX_TEXT_BYTES", 16)  # the limit's edge, not 8 MiB of text
    (tmp_path / "at.txt").write_bytes(b"a" * 16)
    (tmp_path / "over.txt").write_bytes(b"a" * 17)
    texts = provenance._Texts(tmp_path, {"at": SimpleNamespace(file="at.txt"), "over": SimpleNamespace(file="over.txt")})
    at = texts.get("at")
    assert at is not None and at.plain == "a" * 16 and "at" not in texts.reasons
    assert texts.get("over") is None and texts.reasons["over"] == "its local text is over 8 MiB"


def test_a_figure_found_in_none_of_its_two_texts_names_both(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cited by two sources whose texts are both at hand and found in neither: the problem names
    both texts, not only the first (with one text at hand it names that one)."""
    add_sources(talks, "  - {id: second, outlet: Second, title: A second report, published: 2026-01-02, file: second.txt}\n")
    (talks / "sources" / "second.txt").write_text("The delegations met for two hours.\n", encoding="utf-8")
    edit(party_file(talks), "        raw: 30-day", "        raw: thirty-day")
    edit(party_file(talks), "      - source: example-report\n", "      - source: second\n      - source: example-report\n")
    code, out = validate(talks, capsys)
    assert code == 1
    [line] = [line for line in out.splitlines() if "raw` wording not found" in line]
    assert "`raw` wording not found in the texts of 'second', 'example-report'" in line
