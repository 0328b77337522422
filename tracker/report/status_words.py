"""A status in words: when it was reached, and on whose account.

An agreement is carried out on a day, in stages over several, or only reported as carried out
on a day the sources give for no event. Where not every party to a joint agreement reported it
carried out (`status_by`: only Russia called the exchanges of the wounded over), every telling
of the status says whose account it is, so that no face tells one side's word as both sides'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.model import Event, EventKind, Position, Status
from tracker.report.words import days_span, human_date, party_names, possessive, round_place

if TYPE_CHECKING:
    from tracker.dataset import Dataset


def as_reported(day: Any) -> str:
    """'as reported on 5 March 2026': a status known only from a report's day, in the same words
    wherever it is told (a heading, a field change, the story's sentence)."""
    return f"as reported on {human_date(day)}"


def status_label(status: Status | str, date: Any = None, reported: Any = None) -> str:
    """'implemented (25 May 2025)', or with only a report's day 'implemented (as reported on 23
    July 2025)': as a field change shows it."""
    label = str(getattr(status, "value", status))
    if date:
        return f"{label} ({human_date(date)})"
    return f"{label} ({as_reported(reported)})" if reported else label


def position_status(dataset: Dataset, position: Position) -> str:
    """'implemented 25 May 2025' ('agreed, as reported on 5 March 2026'; 'implemented 23 July
    2025, in Russia's account'), for a heading."""
    label = position.status.value
    if position.status_date:
        label = f"{label} {human_date(position.status_date)}"
    elif position.status_reported:
        label = f"{label}, {as_reported(position.status_reported)}"
    return label + account(dataset, position)


def carried_out_words(dataset: Dataset, position: Position, on: str = "") -> str:
    """'carried out 25 May 2025' ('carried out on 25 May 2025' with `on="on "`, as a sentence
    says it), 'carried out in stages, 9 to 16 June 2025', 'reported on 23 July 2025 as carried
    out, in stages since 9 June 2025': an event's day is never a report's. Reported carried out
    by some of its parties only: '…, in Russia's account'."""
    return _carried_out(position, on) + account(dataset, position)


def account(dataset: Dataset, position: Position) -> str:
    """', in Russia's account' for a status that not every party to the agreement reported
    (`status_by`); nothing when all did, or when the field is not given."""
    by = position.status_by
    if not by or set(by) >= set(position.parties):
        return ""
    return f", in {possessive(party_names(dataset, by))} account"


def _carried_out(position: Position, on: str) -> str:
    since = position.status_since
    if position.status_date is not None:
        if since is not None and since != position.status_date:
            return f"carried out in stages, {days_span(since, position.status_date)}"
        return f"carried out {on}{human_date(position.status_date)}"
    if position.status_reported is not None:
        stages = f", in stages since {human_date(since)}" if since is not None else ""
        return f"reported on {human_date(position.status_reported)} as carried out{stages}"
    return "carried out"


def milestones(dataset: Dataset, cells: Sequence[Any], stages: Sequence[Event] = ()) -> str:
    """When an agreement (or any position) was reached and carried out, from a timeline row:
    'agreed at 16 May 2025, Istanbul; carried out 25 May 2025'. With no round recording it
    carried out, a stage its sources say completed it (`completes`) tells it: 'agreed at 17 to 18
    February 2026, Geneva; carried out in stages, 5 to 6 March 2026'."""
    agreed = next((c for c in cells if c.position is not None and c.position.status is Status.agreed), None)
    done = next((c for c in cells if c.position is not None and c.position.status is Status.implemented), None)
    parts = []
    if agreed is not None:
        parts.append(f"agreed at {round_place(dataset, agreed.round)}")
    if done is not None:
        said = carried_out_words(dataset, done.position)
        parts.append(said if said != "carried out" else f"carried out by {round_place(dataset, done.round)}")
    elif (completed := _completed_by(stages)) is not None:
        parts.append(completed)
    return "; ".join(parts)


def _completed_by(stages: Sequence[Event]) -> str | None:
    """'carried out in stages, 5 to 6 March 2026', from the first stage to the one that completed
    the agreement; one stage over days 'carried out from 23 to 25 May 2025'; all on one day
    'carried out 6 March 2026'. None when no stage completed it."""
    last = next((e for e in stages if e.completes and e.kind is EventKind.carried_out), None)
    if last is None:
        return None
    done = [e for e in stages if e.kind is EventKind.carried_out and e.date <= last.date]
    first, end = min(e.date for e in done), last.days[1]
    if first == end:
        return f"carried out {human_date(end)}"
    return f"carried out from {days_span(first, end)}" if len(done) == 1 else f"carried out in stages, {days_span(first, end)}"
