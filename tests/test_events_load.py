"""The events file (events.yaml): read by every load, checked all at once, its quotes checked
against the sources, kept by the load cache, and read by a comparison that reads only two rounds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tracker import reading
from tracker.cli import main
from tracker.dataset import UnreadRound
from tracker.loader import load_dataset
from tracker.model import EventKind

REPO = Path(__file__).resolve().parent.parent
EVENTS_DATA = REPO / "tests" / "data" / "events"


@pytest.fixture
def events_dir(tmp_path: Path) -> Path:
    """A writable copy of the test data with events."""
    return Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))


def edit_events(root: Path, old: str, new: str) -> None:
    path = root / "events.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_events_are_read_in_date_order_with_where_each_was_written() -> None:
    dataset = load_dataset(EVENTS_DATA)
    assert [e.id for e in dataset.events] == ["exchange-2025-05-23", "wounded-2025-06-20", "exchange-2025-08-14"]
    first, agreed, last = dataset.events
    assert first.kind is EventKind.carried_out and agreed.kind is EventKind.agreed
    assert first.days == (dt.date(2025, 5, 23), dt.date(2025, 5, 25))
    assert first.under is not None and (first.under.round, first.under.key) == ("2025-05-16-istanbul", ("joint", "exchange-1000"))
    assert agreed.under is None
    assert [(e.origin.file.name, e.origin.line, e.origin.col) for e in dataset.events] == [
        ("events.yaml", 3, 5), ("events.yaml", 19, 5), ("events.yaml", 29, 5),
    ]  # fmt: skip
    assert dataset.events_file == EVENTS_DATA / "events.yaml"


def test_a_data_directory_without_an_events_file_has_no_events(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert dataset.rounds and dataset.events == [] and dataset.events_file is None


BROKEN = {
    # (old, new): the problems it makes, as `file:line:col: error: field: message` ends, one a line
    ("end_date: 2025-05-25", "end_date: 2025-05-20"): "events.yaml:5:15: error: events[0].end_date: the event's last day (2025-05-20) is before its first (`date`, 2025-05-23)",
    ("id: wounded-2025-06-20", "id: exchange-2025-05-23"): "events.yaml:19:9: error: events[1].id: duplicate id 'exchange-2025-05-23' (first used at line 3)",
    ("topic: prisoners\n    parties: [ukraine, russia]\n    summary: The sides", "topic: prisonerz\n    parties: [ukraine, rusia]\n    summary: The sides"): "events.yaml:22:12: error: events[1].topic: unknown topic 'prisonerz' (did you mean 'prisoners'?)\n"
    "events.yaml:23:24: error: events[1].parties[1]: unknown party 'rusia' (did you mean 'russia'?)",
    ("position: exchange-1200", "position: exchange-1300"): "events.yaml:37:17: error: events[2].under.position: no position 'exchange-1300' of 'joint' in round '2025-07-23-istanbul' (did you mean 'exchange-1200'?)",
    ("round: 2025-05-16-istanbul", "round: 2025-05-17-istanbul"): "events.yaml:11:14: error: events[0].under.round: unknown round '2025-05-17-istanbul' (did you mean '2025-05-16-istanbul'?)",
    ("{source: src-c, note: The exchange as reported.}", "{source: src-z, note: The exchange as reported.}"): "events.yaml:42:18: error: events[2].evidence[0].source: unknown source 'src-z': add it to the source catalogue (did you mean 'src-c'?)",
}


def test_every_problem_of_the_events_file_is_told_at_once_where_it_is(events_dir: Path, capsys) -> None:
    for old, new in BROKEN:
        edit_events(events_dir, old, new)
    code = main(["--data", str(events_dir), "validate"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    told = [line.split("/events/", 1)[1] for line in (out + err).splitlines() if ": error: " in line]
    expected = [line for made in BROKEN.values() for line in made.splitlines()]
    assert told == sorted(expected, key=lambda line: int(line.split(":")[1]))  # in the file's order


def test_an_event_that_breaks_the_schema_leaves_the_others_checked(events_dir: Path, capsys) -> None:
    edit_events(events_dir, "kind: agreed", "kind: done")
    edit_events(events_dir, "end_date: 2025-05-25", "end_date: 2025-05-20")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    told = [line.split("/events/", 1)[1] for line in (out + err).splitlines() if ": error: " in line]
    assert told == [
        "events.yaml:5:15: error: events[0].end_date: the event's last day (2025-05-20) is before its first (`date`, 2025-05-23)",
        "events.yaml:21:11: error: events[1].kind: 'done' is not one of carried_out, agreed or declared",
    ]


def test_an_event_under_an_agreement_is_not_dated_before_its_round(events_dir: Path, capsys) -> None:
    edit_events(events_dir, "date: 2025-08-14", "date: 2025-07-22")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    assert (
        "events.yaml:30:11: error: events[2].date: the event (2025-07-22) is dated before the round it is under "
        "('2025-07-23-istanbul', 2025-07-23): an event carries out or revives an agreement already made"
    ) in out + err
    edit_events(events_dir, "date: 2025-07-22", "date: 2025-07-23")  # on the round's own day: fine
    assert main(["--data", str(events_dir), "validate"]) == 0


def test_an_under_into_a_round_or_a_file_that_failed_is_not_reported_again(events_dir: Path, capsys) -> None:
    """The round's own problem is the one to fix: what an event under it names follows from it."""
    path = events_dir / "rounds" / "2025-07-23-istanbul" / "round.yaml"
    for old, new, where in (
        ("place: Istanbul", "place: [Istanbul]", "2025-07-23-istanbul/round.yaml:3:"),  # the round.yaml
        ("    status: agreed\n", "    status: agred\n", "2025-07-23-istanbul/round.yaml:12:"),  # its joint agreements
    ):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert main(["--data", str(events_dir), "validate"]) == 1
        out, err = capsys.readouterr()
        told = [line.split("/events/", 1)[1] for line in (out + err).splitlines() if ": error: " in line]
        assert len(told) == 1 and told[0].startswith(f"rounds/{where}"), told
        path.write_text(text, encoding="utf-8")


def test_an_under_must_name_an_agreement_not_a_partys_position(events_dir: Path, capsys) -> None:
    edit_events(events_dir, "position: exchange-1200\n      party: joint", "position: memorandum\n      party: russia")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "events[2].under.position: 'memorandum' of 'russia' in round '2025-07-23-istanbul' is a proposal, not an agreement" in out + err


def test_the_quotes_and_figures_of_the_events_are_checked_against_the_sources_and_counted(events_dir: Path, capsys) -> None:
    assert main(["--data", str(events_dir), "validate"]) == 0
    out, err = capsys.readouterr()
    # two quotes of events (and their speakers' names), and the two figures the events word
    assert "sources: 2 quotes and 2 figures checked" in out + err
    edit_events(events_dir, "quote: We are bringing our people home", "quote: We bring our people home")
    edit_events(events_dir, 'raw: "1,000 prisoners each"', 'raw: "1,000 prisoners a day"')
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "events.yaml:18:16: error: events[0].evidence[0].quote: quote not found in the text of 'src-b'" in out + err
    assert "events.yaml:14:56: error: events[0].quantities[0].raw:" in out + err


def test_a_comparison_of_two_rounds_reads_the_events_file_and_no_other_rounds_party_files(monkeypatch) -> None:
    read: list[Path] = []
    original = reading.Loader._read

    def recorded(self, path):
        read.append(path)
        return original(self, path)

    monkeypatch.setattr(reading.Loader, "_read", recorded)
    dataset = load_dataset(EVENTS_DATA, only=lambda _: {"2025-06-02-istanbul", "2025-07-23-istanbul"})
    names = {str(p.relative_to(EVENTS_DATA)) for p in read}
    assert "events.yaml" in names and {"parties.yaml", "topics.yaml", "sources.yaml"} <= names
    party_files = {n for n in names if n.startswith("rounds/") and not n.endswith("round.yaml")}
    assert party_files == {"rounds/2025-06-02-istanbul/ukraine.yaml", "rounds/2025-07-23-istanbul/russia.yaml"}
    first = dataset.rounds["2025-05-16-istanbul"]
    assert isinstance(first, UnreadRound) and not first.is_read  # its agreement, under an event, is in round.yaml
    assert [e.id for e in dataset.events] == [e.id for e in load_dataset(EVENTS_DATA).events]


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_events_are_kept_by_the_load_cache_and_a_change_to_them_is_a_miss(events_dir: Path, cache_on: Path) -> None:
    first = load_dataset(events_dir)
    second = load_dataset(events_dir)
    assert second is not first and len(list(cache_on.glob("*.load"))) == 1
    assert second.events == first.events and second.events
    assert [e.origin for e in second.events] == [e.origin for e in first.events]
    assert second.events_file == first.events_file
    edit_events(events_dir, "A first stage of the July exchange", "The first stage of the July exchange")
    assert load_dataset(events_dir).events[-1].summary.startswith("The first stage")
    (events_dir / "events.yaml").unlink()
    assert load_dataset(events_dir).events == []


def test_an_event_that_ends_on_the_day_it_starts_is_an_event_of_one_day(events_dir: Path) -> None:
    edit_events(events_dir, "end_date: 2025-05-25", "end_date: 2025-05-23")
    first = load_dataset(events_dir).events[0]
    assert first.days == (dt.date(2025, 5, 23), dt.date(2025, 5, 23))


def test_only_a_stage_carried_out_under_an_agreement_can_complete_it(events_dir: Path, capsys) -> None:
    edit_events(events_dir, "    summary: The sides agreed, without a meeting,", "    completes: true\n    summary: The sides agreed, without a meeting,")
    edit_events(events_dir, "position: exchange-1000\n", "position: exchange-1000\n    completes: true\n")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    lines = [line.removeprefix(f"{events_dir}/") for line in (out + err).splitlines() if "error" in line]
    assert lines == [
        "events.yaml:25:16: error: events[1].completes: `completes` marks the stage that completed the agreement "
        "it carries out: only on a `carried_out` event with an `under`"
    ]


def test_an_event_dated_by_its_announcement_has_one_day(events_dir: Path, capsys) -> None:
    """`announced` dates an event by the one day it was announced: with an `end_date` as well it is
    a problem at the field, and a clean file has none."""
    edit_events(events_dir, "    summary: The sides agreed, without a meeting,", "    announced: true\n    summary: The sides agreed, without a meeting,")
    assert main(["--data", str(events_dir), "validate"]) == 0
    capsys.readouterr()
    edit_events(events_dir, "    announced: true\n", "    announced: true\n    end_date: 2025-06-21\n")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    lines = [line.removeprefix(f"{events_dir}/") for line in (out + err).splitlines() if "error" in line]
    assert lines == ["events.yaml:24:16: error: events[1].announced: `announced` dates an event by the one day it was announced: not with `end_date`"]


def test_a_declared_event_is_one_sides_own_step_under_no_agreement(events_dir: Path, capsys) -> None:
    edit_events(events_dir, "    kind: carried_out\n", "    kind: declared\n")
    assert main(["--data", str(events_dir), "validate"]) == 1
    out, err = capsys.readouterr()
    lines = [line.removeprefix(f"{events_dir}/") for line in (out + err).splitlines() if "error" in line]
    assert lines == ["events.yaml:10:5: error: events[0].under: a `declared` event is one side's own step: it carries out or revives no agreement (no `under`)"]
