"""The events between two rounds in the story of their comparison: one sentence each, in every
face, dated by the event's own day, narrowed by --party and --topic, each told by exactly one
comparison of neighbouring rounds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from tracker.cli import main
from tracker.loader import load_dataset
from tracker.diff import events_between, in_between
from tracker.report.between import tell_event
from tracker.report.comparison import compare
from tracker.report.story import Section

from test_reports import golden

EVENTS_DATA = Path(__file__).resolve().parent / "data" / "events"
MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-23-istanbul"
DATASET = load_dataset(EVENTS_DATA)


def diff(capsys, *args: str) -> str:
    assert main(["--data", str(EVENTS_DATA), "diff", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "brief", "html"])
@pytest.mark.parametrize("pair", [(MAY, JUNE), (JUNE, JULY)])
def test_events_fixture_golden(fmt: str, pair: tuple[str, str], capsys, monkeypatch, request) -> None:
    monkeypatch.chdir(EVENTS_DATA.parent)
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    suffix = {"text": "txt", "markdown": "md", "json": "json", "brief": "txt", "html": "html"}[fmt]
    out = diff(capsys, *pair, "--format", fmt).replace(str(EVENTS_DATA), "events")
    golden(request, f"events/diff-{pair[0][5:10]}-{pair[1][5:10]}-{fmt}.{suffix}", out)


def test_an_exchange_carried_out_between_the_rounds_is_told_by_its_own_days_under_its_agreement(capsys) -> None:
    out = diff(capsys, MAY, JUNE)
    assert "Between the rounds\n" in out
    assert (
        "Carried out from 23 to 25 May 2025: Ukraine and Russia exchanged 1,000 prisoners each over three days"
        " — 1,000 prisoners per side, under the agreement of 16 May 2025."
    ) in out
    assert "1 between the rounds" in out
    # the agreement of the first round is gone from the second, and what became of it is told
    assert "not on record at 2 June 2025, Istanbul; carried out between the rounds: from 23 to 25 May 2025\n" in out
    assert "not on record at 2 June 2025, Istanbul; carried out between the rounds: from 23 to 25 May 2025 |" in diff(capsys, MAY, JUNE, "--format", "markdown")
    assert "not on record at 2 June 2025, Istanbul; carried out between the rounds: from 23 to 25 May 2025</span>" in diff(capsys, MAY, JUNE, "--format", "html")


def test_an_agreement_outside_the_rounds_is_told_with_who_agreed(capsys) -> None:
    out = diff(capsys, JUNE, JULY, "--format", "brief")
    assert "Agreed on 20 June 2025 (Ukraine and Russia): The sides agreed, without a meeting, to exchange all the seriously wounded." in out.splitlines()


def test_an_announcement_by_a_mediator_alone_is_told_as_announced_by_it() -> None:
    event = DATASET.events[1].model_copy(update={"parties": ["turkey"]})
    assert tell_event(DATASET, event).text.startswith("Agreed on 20 June 2025 (announced by Türkiye): ")


def test_who_agreed_is_said_unless_the_summary_names_every_one_of_them() -> None:
    agreed = DATASET.events[1]
    one = agreed.model_copy(update={"summary": "Russia agreed to hand over all the seriously wounded."})
    assert tell_event(DATASET, one).text.startswith("Agreed on 20 June 2025 (Ukraine and Russia): Russia agreed")
    both = agreed.model_copy(update={"summary": "Ukraine and Russia agreed to exchange all the seriously wounded."})
    assert tell_event(DATASET, both).text.startswith("Agreed on 20 June 2025: Ukraine and Russia agreed")


def test_an_agreement_revived_outside_the_rounds_names_the_agreement_it_revives() -> None:
    carried = DATASET.events[0]
    revived = DATASET.events[1].model_copy(update={"under": carried.under})
    assert tell_event(DATASET, revived).text.endswith(", reviving the agreement of 16 May 2025.")
    assert tell_event(DATASET, carried).text.endswith(", under the agreement of 16 May 2025.")


def test_an_events_sentence_tells_at_most_two_of_its_figures_and_keeps_them_all() -> None:
    from tracker.model import Quantity

    figures = [Quantity.model_validate({"what": what, "value": value}) for what, value in (("wounded", 10), ("young", 20), ("others", 30))]
    told = tell_event(DATASET, DATASET.events[2].model_copy(update={"quantities": figures}))
    assert told.figures == ("10 wounded", "20 young", "30 others")
    assert " — 10 wounded; 20 young (Ukraine and Russia), under the agreement of 23 July 2025." in told.text
    assert "30 others" not in told.text


def test_read_backwards_the_same_events_are_told(capsys) -> None:
    forward = compare(DATASET, MAY, JUNE).story.section(Section.between)
    backward = compare(DATASET, JUNE, MAY).story.section(Section.between)
    assert [i.text for i in forward] == [i.text for i in backward] and forward


@pytest.mark.parametrize(
    ("args", "told"),
    [
        (("--party", "ukraine"), 1),
        (("--party", "turkey"), 0),
        (("--topic", "prisoners"), 1),
        (("--topic", "ceasefire"), 0),
    ],
)
def test_the_filters_narrow_the_events_as_they_narrow_the_positions(capsys, args: tuple[str, ...], told: int) -> None:
    out = diff(capsys, MAY, JUNE, *args, "--format", "json")
    import json

    document = json.loads(out)
    assert len(document["events"]) == document["headline"]["tally"]["between"] == told


def test_an_event_on_the_later_rounds_day_is_told_by_the_comparison_ending_there_and_not_the_next() -> None:
    first, second, third = (DATASET.rounds[r].round for r in (MAY, JUNE, JULY))
    assert in_between(second.date, first, second) and not in_between(second.date, second, third)
    assert not in_between(first.date, first, second)
    long_round = first.model_copy(update={"end_date": dt.date(2025, 5, 17)})  # after its last day, not its first
    assert not in_between(dt.date(2025, 5, 17), long_round, second) and in_between(dt.date(2025, 5, 18), long_round, second)


DAYS = st.dates(min_value=dt.date(2025, 5, 10), max_value=dt.date(2025, 8, 31))


PLAYGROUND = load_dataset(EVENTS_DATA)
"""A load of its own for the property below, whose events each example replaces: loading it again
for every example was most of the suite's slowest test."""


@settings(max_examples=60)
@given(st.lists(DAYS, min_size=1, max_size=6))
@example([dt.date(2025, 5, 16), dt.date(2025, 5, 17), dt.date(2025, 6, 2), dt.date(2025, 7, 23), dt.date(2025, 7, 24)])  # the edges
def test_every_event_between_two_rounds_is_told_once_by_their_comparison_and_by_no_other(days: list[dt.date]) -> None:
    template = DATASET.events[1]  # under no agreement: any day is a valid one
    events = [template.model_copy(update={"id": f"event-{i}", "date": day}) for i, day in enumerate(days)]
    dataset = PLAYGROUND
    dataset.events = sorted(events, key=lambda e: (e.date, e.id))
    ids = list(dataset.rounds)
    told: dict[str, list[tuple[str, str]]] = {}
    for a, b in zip(ids, ids[1:]):
        items = compare(dataset, a, b).story.section(Section.between)
        assert len(items) == len(events_between(dataset, a, b))
        for item in items:
            told.setdefault(item.id, []).append((a, b))
    for event in events:
        pairs = [(a, b) for a, b in zip(ids, ids[1:]) if dataset.rounds[a].round.days[1] < event.date <= dataset.rounds[b].round.date]
        assert told.get(event.id, []) == pairs
        assert len(pairs) <= 1
