"""What happened between two rounds, in words: one home for how an event is told.

An event (tracker.event_rules) is dated by its own day and, when it carries out or revives an
agreement, tied to that agreement's round. Every face tells it in the same sentence: the story of
a comparison (`Between the rounds`, in the text, Markdown, HTML and JSON reports, the brief and the
app), the timeline's stages and its list of events, and `tracker events`. Which events fall
between two rounds is tracker.diff's rule (`events_between`), one for the story and the matrix.

- carried out: 'Carried out on 24 August 2025: an exchange of 146 prisoners a side (Ukraine and
  Russia), under the agreement of 23 July 2025.'
- agreed: 'Agreed on 8 May 2026: …', and ', reviving the agreement of …' when it revives one;
  one known only by the day it was announced (`announced`): 'Agreed on or before 29 January
  2026 (announced by the United States that day): …'.
- declared: 'Declared on 11 April 2026 (Russia): …', one side's own step (a unilateral truce).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.figures import figure_words, short_figure
from tracker.diff import events_between
from tracker.model import JOINT, EventKind, Role
from tracker.report.words import days_span, first_clause, human_date, not_on_record_words, one_line, party_names, possessive, round_days, sentence_start, source_name

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Event, Position

OUTSIDE_TITLE = "Done, agreed or declared outside the rounds"
"""The heading of the timeline's events under no agreement of its rows, in every face."""

STAGE_MARK = "↳"
"""What opens an agreement's dated stage under its row in the timeline, in every face."""

LABELS = {EventKind.carried_out: "Carried out", EventKind.agreed: "Agreed", EventKind.declared: "Declared"}
"""What opens an event's sentence, by its kind."""

SENTENCE_FIGURES = 2
"""At most this many figures in an event's sentence, as in the story's."""


@dataclass(frozen=True, slots=True)
class EventTelling:
    """An event in words: who, what, when, its figures, what it is under, and the whole sentence."""

    who: str
    """'Ukraine and Russia', or 'announced by the United States' for a mediator's announcement."""
    what: str
    """The summary's first clause."""
    when: str
    """'on 24 August 2025', 'from 23 to 25 May 2025'."""
    figures: tuple[str, ...]
    figures_short: tuple[str, ...]
    under: str
    """'under the agreement of 23 July 2025', 'reviving the agreement of …', or ''."""
    text: str


def event_days(event: Event) -> str:
    """'24 August 2025', '23 to 25 May 2025' for an event over several days, or 'on or before 29
    January 2026' for one known only by the day it was announced (`announced`)."""
    first, last = event.days
    if event.announced:
        return f"on or before {human_date(first)}"
    return human_date(first) if first == last else days_span(first, last)


def event_when(event: Event) -> str:
    """'on 24 August 2025', 'from 23 to 25 May 2025', 'on or before 29 January 2026': the days
    (event_days) as a sentence says them."""
    days = event_days(event)
    return days if event.announced else f"{'on' if event.days[0] == event.days[1] else 'from'} {days}"


def event_who(dataset: Dataset, event: Event) -> str:
    """Who did or agreed it: an agreement only a mediator, a host or an observer is named for was
    announced by them, not agreed by them."""
    names = party_names(dataset, event.parties)
    roles = {getattr(dataset.parties.get(p), "role", Role.party) for p in event.parties}
    if event.kind is EventKind.agreed and Role.party not in roles:
        return f"announced by {names}"
    return names


def under_words(dataset: Dataset, event: Event) -> str:
    """What agreement it carries out or revives, by its round's day (and its party, when it is
    one party's own undertaking rather than a joint agreement)."""
    under = event.under
    if under is None:
        return ""
    data = dataset.rounds.get(under.round)
    day = round_days(data.round) if data is not None else under.round  # all its days: no source dates an agreement within them
    whose = "the agreement" if under.party == JOINT else f"{possessive(one_line(dataset.party_name(under.party, in_text=True)))} undertaking"
    verb = "under" if event.kind is EventKind.carried_out else "reviving"
    return f"{verb} {whose} of {day}"


def tell_event(dataset: Dataset, event: Event) -> EventTelling:
    """The event in words (see the module's docstring)."""
    who = event_who(dataset, event)
    what = first_clause(event.summary)
    figures, short = position_figures(dataset, _as_position(event))
    when = event_when(event)
    under = under_words(dataset, event)
    shown = list(figures[:SENTENCE_FIGURES])
    figure = f" — {'; '.join(shown)}" if shown else ""
    label = LABELS[event.kind]
    names = [one_line(dataset.party_name(p, in_text=True)) for p in event.parties]
    announced = who.startswith("announced")
    aside = "" if not announced and all(n.casefold() in what.casefold() for n in names) else f" ({who}{' that day' if announced and event.announced else ''})"
    if event.kind is not EventKind.carried_out:
        text = f"{label} {when}{aside}: {what}{figure}"
    else:
        text = f"{label} {when}: {what}{figure}{aside}"
    text += f", {under}" if under else ""
    text = sentence_start(text.rstrip(" ."))
    return EventTelling(who, what, when, figures, short, under, text if text.endswith(("…", "?", "!")) else text + ".")


def gone_words(dataset: Dataset, from_round: str, to_round: str, position: Position) -> str:
    """What a face says of a position of the first round that the second does not have: 'not on
    record at …', and for an agreement carried out or revived between the rounds, what became of
    it ('; carried out between the rounds: from 23 to 25 May 2025'), so an agreement carried out in
    between is not told as only gone."""
    gone = not_on_record_words(dataset, to_round, position)
    stages = [e for e in events_between(dataset, from_round, to_round) if e.under is not None and e.under.round == position.round and e.under.key == position.key]
    for kind, label in ((EventKind.carried_out, "carried out"), (EventKind.agreed, "revived")):
        days = [event_when(e) for e in stages if e.kind is kind]
        if days:
            gone += f"; {label} between the rounds: {', '.join(days)}"
    return gone


def _as_position(event: Event) -> Any:
    """What position_figures reads of a record, an event has: its quantities and summary."""
    return event


# --- the figures a summary does not say (the story's rule, for positions and events alike) ----


def _said_in(summary: str, words: str) -> bool:
    """Whether a figure's words are in the summary already ('all for all')."""
    def norm(text: str) -> str:
        return " ".join(text.casefold().replace("-", " ").replace(",", "").split())

    return norm(words) in norm(summary)


def position_figures(dataset: Dataset, position: Position, only: Collection[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A position's figures in words and in short, leaving out those its summary already says
    (and, given `only`, those that count anything else). A figure counting more than a word
    ('age of the young prisoners', a date) is named."""
    words, short = [], []
    for quantity in position.quantities:
        if only is not None and quantity.what not in only:
            continue
        said = figure_words(quantity, lambda source: source_name(dataset, source))
        if _said_in(position.summary, said):
            continue
        what = one_line(quantity.what)
        # Named unless its words already say what it counts ('6,000 bodies'): a bare date or
        # a source's '1,000-for-1,000' alone does not.
        named = said if what.casefold() in said.casefold() else f"{what}: {said}"
        words.append(one_line(named))
        short.append(one_line(f"{what}: {short_figure(quantity)}"))
    return tuple(words), tuple(short)


def between_line(items: list[Any]) -> str:
    """Several events between the rounds (the story's items) as one line of the brief: 'Between the rounds (14 August
    to 20 November 2025), 7 carried out or agreed: 14 August 2025, an exchange of prisoners, 84
    per side; …; and 4 more.' Each is told whole in the comparison, and dated here as there (its
    days, 'on or before' an announcement's day); the count names the kinds among them."""
    events = [item.event for item in items if item.event is not None]
    days = sorted(day for event in events for day in event.days)
    span = human_date(days[0]) if days[0] == days[-1] else days_span(days[0], days[-1])
    told = [f"{event_days(item.event)}, {item.what[:1].lower()}{item.what[1:]}" for item in items[:BETWEEN_NAMED] if item.event is not None]
    more = f"; and {len(items) - BETWEEN_NAMED} more" if len(items) > BETWEEN_NAMED else ""
    kinds = [LABELS[kind].lower() for kind in EventKind if any(event.kind is kind for event in events)]
    done = " or ".join(kinds) if len(kinds) < 3 else f"{kinds[0]}, {kinds[1]} or {kinds[2]}"
    return f"Between the rounds ({span}), {len(items)} {done}: {'; '.join(told)}{more}."


BETWEEN_NAMED = 3
"""How many of the events between the rounds the brief's one line names."""
