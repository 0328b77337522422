"""The story of a comparison: what truly moved between two rounds, built once as data.

`build_story(dataset, diff)` answers the questions every face of a comparison asks (the text and
Markdown reports, the JSON headline, the brief, the HTML export and the app) so that each of them
only renders the answer:

- the outcome of each round, as its `round.yaml` words it;
- the joint agreements reached, each with its main figure in words;
- what was carried out (an agreement or a commitment now `implemented`);
- what was done, agreed or declared between the rounds (the events dated between them: report.between);
- the positions that moved in substance, by party: a reworded summary, a second source or a new
  note is not a move (see `tracker.diff.ChangeClass`);
- standing demands rejected again;
- what is *new* (the data says it was put forward after the first round: `put_forward`), what is
  only *first on record* (the first round's sources did not report it), and what is back after a
  gap;
- the tally: substance counted apart from wording and record.

Everything here is plain text and plain data: no markup, no styles, no terminal. A renderer
escapes the text for its format (Markdown, HTML) and lays it out. Ids are kept beside the words
for the faces that link or select (`StoryItem.party`, `.id`), never inside them.

Never overstated: a position absent from the first round is `new` only when its `put_forward`
date is after that round; without it, it is `first on record`. A joint agreement is reported as
reached at the comparison's rounds unless its `put_forward` or `carried_from` says it came earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tracker.diff import ChangeClass, PositionChange, RoundDiff, carried_out_between, compare_position, events_between, is_new_since, returned_positions, sort_key
from tracker.model import JOINT, Event, Position, Status
from tracker.report.between import between_line, position_figures, tell_event
from tracker.report.changes import change_words
from tracker.report.refusals import folded_refusals, rejected_again as _rejected_again, rejected_by as _rejected_by, rejections as _rejections
from tracker.report.status_words import as_reported, carried_out_words
from tracker.report.terms import TERMS
from tracker.report.words import QUIET, absent_from, carried_since, changed_words, first_clause, human_date, is_carried_out, last_on_record, one_line, party_names, possessive, returned_note, round_place, sentence_start, source_name

if TYPE_CHECKING:
    from tracker.dataset import Dataset

STORY_VERSION = 1
"""The version of the headline's shape in JSON (`headline.version`)."""


class Novelty(StrEnum):
    """What a position on record at the second round and not at the first is."""

    new = "new"
    """Put forward after the first round (its `put_forward` date says so), or a joint agreement
    reached since."""
    first_on_record = "first_on_record"
    """The first round's sources did not report it; the data does not say it is new."""
    returned = "returned"
    """On record at a round before the first: back after a gap."""
    standing = "standing"
    """On record before the first round and carried (`carried_from`) to the second from a round no
    later: not said again, so it still stands as last reported, and is not back."""


class Section(StrEnum):
    """The parts of the headline, in the order they are told."""

    agreed = "agreed"
    carried_out = "carried_out"
    between = "between"
    moved = "moved"
    rejected_again = "rejected_again"
    new = "new"
    figures_given = "figures_given"
    first_on_record = "first_on_record"
    returned = "returned"
    standing = "standing"


SECTION_TITLES = {
    Section.agreed: "Agreed",
    Section.carried_out: "Carried out",
    Section.between: "Between the rounds",
    Section.moved: "Moved in substance",
    Section.rejected_again: "Rejected again",
    Section.new: "New",
    Section.figures_given: "Figures first on record",
    Section.first_on_record: "First on record",
    Section.returned: "Back on record after a gap",
    Section.standing: "Still standing, as last reported",
}

def terms_used(story: Story) -> list[tuple[str, str]]:
    """The terms of ours the story uses, each with what it means: read from its sections and its
    tally, never from the data's own words (a summary that says 'a new round' uses no term)."""
    used = {
        "first on record": bool(story.section(Section.first_on_record)),
        "new": bool(story.section(Section.new)),
        "rejected again": bool(story.section(Section.rejected_again)),
        "still standing": bool(story.section(Section.standing)),
        "re-sourced": bool(story.tally.record),
        "reworded": bool(story.tally.wording),
        "carried out": bool(story.section(Section.carried_out)) or story.tally.substance > story.tally.moved,
        "not at the later round": bool(story.tally.absent),
    }
    return [(term, meaning) for term, meaning in TERMS.items() if used.get(term, False)]


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    round: str
    label: str
    """'2 June 2025, Istanbul'."""
    outcome: str
    """The round's `outcome`, on one line."""


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One line of the headline: a position, who holds it, what happened, in plain words."""

    section: Section
    party: str
    """The party id; `joint` for a joint agreement."""
    id: str
    topic: str
    who: str
    """'Russia', or who agreed: 'Ukraine and Russia'."""
    what: str
    """The position in a few words: the first clause of its summary."""
    figures: tuple[str, ...]
    """Its figures in words, those its summary does not already say: '6,000 bodies (Newslooks
    also gives 12,000)'."""
    figures_short: tuple[str, ...]
    """The same figures in the symbolic form, for narrow spaces: '6,000 (or 12,000)'."""
    detail: str = ""
    """What moved ('status: stated → implemented'), when it was carried out, who rejected it."""
    text: str = ""
    """The whole item as one sentence, with its party and figure: what a brief prints."""
    reach: int = 0
    """How many outlets report it at the later round: the brief leads with what most reported."""
    position: Position | None = field(default=None, compare=False, repr=False)
    change: PositionChange | None = field(default=None, compare=False, repr=False)
    event: Event | None = field(default=None, compare=False, repr=False)
    """Of a line between the rounds: the event it tells (`id` is the event's, `party` its first party's)."""


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts behind the headline. The sections' items are counted as the headline tells
    them; `substance`, `wording` and `record` count the changed positions by class: only
    substance is a move."""

    agreed: int
    carried_out: int
    moved: int
    between: int
    """The events told between the rounds: done, agreed or declared outside them, not positions."""
    rejected_again: int
    new: int
    first_on_record: int
    returned: int
    not_on_record: int
    absent: int
    """Of `not_on_record`, those of a party that was not at the later round at all: no difference."""
    figures_given: int
    standing: int
    substance: int
    wording: int
    record: int
    unchanged: int

    @property
    def changed(self) -> int:
        return self.substance + self.wording + self.record

    def changed_words(self) -> str:
        """The changed positions by class, as every face counts them: '29 changed (3 moved in
        substance, 2 carried out, 0 reworded, 24 re-sourced)'."""
        return changed_words(self.changed, self.moved, self.substance - self.moved, self.wording, self.record)

    def words(self) -> str:
        """'4 agreed, 3 carried out, 0 moved in substance, 2 rejected again, 16 first on record,
        3 no longer on record; not moves: 2 reworded, 6 re-sourced; 0 unchanged'."""
        parts = [
            (self.agreed, "agreed"),
            (self.carried_out, "carried out"),
            (self.between, "between the rounds"),
            (self.moved, "moved in substance"),
            (self.rejected_again, "rejected again"),
            (self.new, "new"),
            (self.figures_given, "with a figure first on record"),
            (self.first_on_record, "first on record"),
            (self.returned, "back after a gap"),
            (self.not_on_record - self.absent, "no longer on record"),
            (self.absent, f"not on record because a party to {'it' if self.absent == 1 else 'them'} was not at the later round"),
            (self.standing, "still standing as last reported"),
        ]
        said = ", ".join(f"{count} {label}" for count, label in parts if count or label == "moved in substance")
        apart = f"not moves: {self.wording} reworded, {self.record} re-sourced" if self.wording or self.record else ""
        return "; ".join(p for p in (said, apart, f"{self.unchanged} unchanged") if p)


@dataclass(frozen=True, slots=True)
class Story:
    from_round: str
    to_round: str
    from_label: str
    to_label: str
    backwards: bool
    """The later round comes first: read 'new' as 'what the earlier round had'."""
    filters: tuple[tuple[str, ...], tuple[str, ...]]
    """The party and topic ids the comparison is narrowed to (empty: all)."""
    outcomes: tuple[RoundOutcome, ...]
    """Each round's outcome, from the first round to the second in time."""
    items: tuple[StoryItem, ...]
    """In headline order: by section, then topic and party as the reports order them."""
    tally: Tally

    def section(self, section: Section) -> tuple[StoryItem, ...]:
        return tuple(item for item in self.items if item.section is section)

    def sections(self) -> list[tuple[Section, str, tuple[StoryItem, ...]]]:
        """The sections that have items: (section, title, items)."""
        out = []
        for section in Section:
            items = self.section(section)
            if items:
                out.append((section, SECTION_TITLES[section], items))
        return out

    def by_party(self, section: Section) -> list[tuple[str, tuple[StoryItem, ...]]]:
        """A section's items by party (their order kept): who moved, and how. Each party named
        as a heading begins ('The United States')."""
        groups: dict[str, list[StoryItem]] = {}
        for item in self.section(section):
            groups.setdefault(sentence_start(item.who), []).append(item)
        return [(who, tuple(items)) for who, items in groups.items()]

    def nothing_moved(self) -> str:
        """What 'Moved in substance' says when no position is in that section: nothing besides
        what was carried out, when that is where the changes in substance are."""
        return "nothing besides what was carried out" if self.tally.substance else "nothing"

    @property
    def quiet(self) -> bool:
        """Nothing agreed, carried out, moved, rejected again or added."""
        return not self.items


# --- building it ------------------------------------------------------------------------------


def build_story(dataset: Dataset, diff: RoundDiff) -> Story:
    """The story of a (possibly filtered) comparison; see the module's docstring."""
    first, second = dataset.rounds[diff.from_round].round, dataset.rounds[diff.to_round].round
    backwards = first.date > second.date
    earlier = first if not backwards else second
    returned = returned_positions(dataset, diff)
    items: list[tuple[tuple, StoryItem]] = []
    answers: dict[str, dict[tuple[str, str], list[Position]]] = {}  # round -> the rejections answering each position

    def add(section: Section, position: Position, change: PositionChange | None = None, detail: str = "") -> None:
        item = _item(dataset, section, position, change, detail, earlier.date, answers)
        items.append(((list(Section).index(section), *sort_key(dataset, position)), item))

    for position in diff.added:
        novelty = novelty_of(position, earlier.date, returned.get(position.key), dataset)
        if position.party == JOINT and novelty is Novelty.new and position.status in (Status.agreed, Status.implemented):
            if position.status is Status.implemented:
                add(Section.carried_out, position, detail=carried_out_words(dataset, position))
            else:
                add(Section.agreed, position)
        elif carried_out_between(position, first.date, second.date):
            add(Section.carried_out, position, detail=carried_out_words(dataset, position))
        elif novelty is Novelty.standing:
            add(Section.standing, position, detail=returned_note(dataset, returned[position.key], position))
        elif novelty is Novelty.returned:
            add(Section.returned, position, detail=_returned_detail(dataset, position, returned[position.key]))
        else:
            add(Section.new if novelty is Novelty.new else Section.first_on_record, position)
    for change in diff.changed:
        if not change.substantive:
            if _rejected_again(change.old, change.new):
                _add_refused(dataset, add, change.new, change, answers)
            elif first_given(change):
                add(Section.figures_given, change.new, change, first_given(change))
            continue
        if is_carried_out(change):
            add(Section.carried_out, change.new, change, carried_out_words(dataset, change.new))
        else:
            add(Section.moved, change.new, change, moved_detail(dataset, change))
    for position in diff.unchanged:
        before = dataset.rounds[diff.from_round].by_key().get(position.key)
        if before is not None and _rejected_again(before, position):
            _add_refused(dataset, add, position, None, answers)
    for event in events_between(dataset, diff.from_round, diff.to_round, diff.parties, diff.topics):
        told = tell_event(dataset, event)
        item = StoryItem(Section.between, event.parties[0], event.id, event.topic, told.who, told.what, told.figures, told.figures_short, told.when, told.text, event=event)
        items.append(((list(Section).index(Section.between), event.date, event.id), item))
    classes = diff.class_counts()
    refused = [item.position for _, item in items if item.position is not None and (item.section is Section.rejected_again or _refused_only(item.section, item.position, item.detail))]
    folded = folded_refusals(dataset, refused, answers)  # one refusal, one line
    ordered = [item for _, item in sorted(items, key=lambda pair: pair[0]) if not (item.section in (Section.new, Section.first_on_record, Section.returned) and (item.party, item.id) in folded)]

    def count(section: Section) -> int:
        return sum(item.section is section for item in ordered)

    tally = Tally(
        agreed=count(Section.agreed),
        carried_out=count(Section.carried_out),
        between=count(Section.between),
        moved=count(Section.moved),
        rejected_again=count(Section.rejected_again),
        new=count(Section.new),
        first_on_record=count(Section.first_on_record),
        returned=count(Section.returned),
        not_on_record=len(diff.removed),
        absent=sum(bool(absent_from(dataset, diff.to_round, p)) for p in diff.removed),
        figures_given=count(Section.figures_given),
        standing=count(Section.standing),
        substance=classes[ChangeClass.substance],
        wording=classes[ChangeClass.wording],
        record=classes[ChangeClass.record],
        unchanged=len(diff.unchanged),
    )
    return Story(
        from_round=diff.from_round,
        to_round=diff.to_round,
        from_label=round_place(dataset, diff.from_round),
        to_label=round_place(dataset, diff.to_round),
        backwards=backwards,
        filters=(tuple(diff.parties), tuple(diff.topics)),
        outcomes=_outcomes(dataset, diff),
        items=tuple(ordered),
        tally=tally,
    )


def novelty_of(position: Position, earlier_date: dt.date, returned_from: str | None, dataset: Dataset | None = None) -> Novelty:
    """New, first on record, or back after a gap, for a position not on record at the round of
    `earlier_date` (the rule is the engine's is_new_since)."""
    if returned_from is not None:
        return Novelty.standing if dataset is not None and carried_since(dataset, position, returned_from) else Novelty.returned
    return Novelty.new if is_new_since(position, earlier_date, dataset) else Novelty.first_on_record


def _refused_only(section: Section, position: Position, detail: str) -> bool:
    """A move that is only the other side's refusal of it: its status changed to rejected."""
    return section is Section.moved and position.status is Status.rejected and detail.startswith("status: ") and ";" not in detail


def restated(position: Position) -> bool:
    """Whether the position's own round reports it, rather than carrying it from an earlier
    round (`carried_from`): only then may a comparison say it was said, refused or held *again*."""
    return position.carried_from is None


def last_reported(dataset: Dataset, position: Position) -> dt.date:
    """The day a position carried from an earlier round was last reported: that round's day."""
    carried = dataset.rounds.get(position.carried_from or "")
    return carried.round.date if carried is not None else dataset.rounds[position.round].round.date


def _add_refused(dataset: Dataset, add, position: Position, change: PositionChange | None, answers: dict) -> None:
    """A demand refused at both rounds: 'rejected again' only where the later round's own reports
    give both the demand and a refusal of it; otherwise it stands as last reported."""
    rejections = _rejections(dataset, position, answers)
    by = _rejected_by(dataset, position, answers)
    if restated(position) and (not rejections or any(restated(r) for r in rejections)):
        add(Section.rejected_again, position, change, by)
        return
    refused = f"rejected {by}" if by else "rejected"
    if not restated(position):  # the demand itself is not in the later round's reports
        detail = f"still stands as last reported on {human_date(last_reported(dataset, position))}, {refused}"
    else:  # the demand is, its refusal is not: the refusal is what stands as last reported
        when = max(last_reported(dataset, r) for r in rejections if not restated(r))
        detail = f"still {refused} as last reported on {human_date(when)}"
    add(Section.standing, position, change, detail)


def figures_first_given(change: PositionChange) -> list[str]:
    """What the figures given at the later round and not the earlier count ('deadline')."""
    gained = [fc.field for fc in change.changes if fc.field.startswith("quantities[") and fc.old is None and fc.new is not None]
    return [f[len("quantities[") : -1] for f in gained]


def first_given(change: PositionChange) -> str:
    """For a change only in the record: the figures given at the later round and not the earlier
    ('deadline'), named; empty when there are none. A figure first given is new evidence for
    a position that stands, not a figure that moved from none."""
    return ", ".join(figures_first_given(change))


def _returned_detail(dataset: Dataset, position: Position, last_round: str) -> str:
    """'last on record 15 August 2025, Anchorage', and what moved in substance since that last
    record ('; since then: new condition: …'): back after a gap is not the same position unless
    it is."""
    last = dataset.rounds[last_round].find(position.key)
    # What it answers is told where it stands now: an answer to a position of the round between is
    # not a move of its own.
    changes = tuple(c for c in compare_position(last, position) if not c.field.startswith("responds_to")) if last is not None else ()
    since = moved_detail(dataset, PositionChange(last, position, changes)) if changes else ""
    return f"last on record {last_on_record(dataset, last_round, position.key)}" + (f"; since then: {since}" if since else "")


def moved_detail(dataset: Dataset, change: PositionChange) -> str:
    """What moved, in words, substance only: 'status: stated → rejected; ceasefire length: 30
    days → 60 days; new condition: …' (the words are report.words', as every face says them)."""
    return change_words(dataset, change, (ChangeClass.substance,))


# --- words ------------------------------------------------------------------------------------

def _kind_words(position: Position) -> str:
    return position.kind.value.replace("_", " ")


def reach(dataset: Dataset, position: Position, since: dt.date) -> int:
    """How many outlets report the position after `since` (the earlier round's day): its own
    round's reports, not the ones before."""
    outlets = set()
    for evidence in position.evidence:
        source = dataset.sources.get(evidence.source)
        if source is not None and source.published > since:
            outlets.add(source_name(dataset, evidence.source))
    return len(outlets)


def _item(dataset: Dataset, section: Section, position: Position, change: PositionChange | None, detail: str, since: dt.date, answers: dict) -> StoryItem:
    joint = position.party == JOINT
    who = party_names(dataset, position.parties) if joint and position.parties else one_line(dataset.party_name(position.party, in_text=True))
    what = first_clause(position.summary)
    # A line about figures given for the first time shows those, not the ones given before.
    only = figures_first_given(change) if section is Section.figures_given and change is not None else None
    figures, figures_short = position_figures(dataset, position, only)
    text = _sentence(dataset, section, who, joint, position, what, figures, detail, answers)
    return StoryItem(
        section, position.party, position.id, position.topic, who, what, figures, figures_short, detail, text,
        reach(dataset, position, since), position, change,
    )  # fmt: skip


SENTENCE_FIGURES = 2


def _sentence(dataset: Dataset, section: Section, who: str, joint: bool, position: Position, what: str, figures: Sequence[str], detail: str, answers: dict) -> str:
    """The item as a sentence a news item can carry: with its party and figure, no id; at most
    SENTENCE_FIGURES figures, so that a line stays a sentence (the rest are in the details)."""
    shown = list(figures[:SENTENCE_FIGURES]) + ([f"{len(figures) - SENTENCE_FIGURES} more {'figure' if len(figures) - SENTENCE_FIGURES == 1 else 'figures'} in the details"] if len(figures) > SENTENCE_FIGURES else [])
    figure = f" — {'; '.join(shown)}" if shown else ""
    kind = _kind_words(position)
    if section is Section.agreed:
        # An agreement first reported after its round says when ('as reported on 5 March 2026').
        when = f", {as_reported(position.status_reported)}" if position.status_reported else ""
        return _end(f"{who} agreed{when}: {what}{figure}")
    if section is Section.carried_out:
        # Joint: who agreed it, not who carried it out (Russia and the United States agreed a
        # meeting that all three delegations held).
        by = f"as agreed by {who}" if joint else f"by {who} (its {kind})"
        when = carried_out_words(dataset, position, on="on ")
        sep = ", " if joint or "," in when else " "
        return _end(f"{when[:1].upper()}{when[1:]}{sep}{by}: {what}{figure}")
    if section is Section.standing:
        return _end(f"{possessive(who)} {kind} {detail}: {what}{figure}")
    if section is Section.figures_given:
        # The figures follow with their labels; the labels alone only when none is shown.
        named = "" if figure else f" ({detail})"
        return _end(f"A figure first on record for {possessive(who)} {kind}{named}: {what}{figure}")
    if section is Section.moved:
        if _refused_only(section, position, detail):  # refused, not moved
            return _end(f"{possessive(who)} {kind} rejected {_rejected_by(dataset, position, answers)}".rstrip() + f": {what} ({detail})")
        return _end(f"{possessive(who)} {kind} moved: {what}" + (f" ({detail})" if detail else ""))
    if section is Section.rejected_again:
        by = f" {detail}" if detail else ""
        return _end(f"{possessive(who)} {kind} rejected again{by}: {what}{figure}")
    label = {Section.new: "New", Section.returned: "Back on record"}.get(section, "First on record")
    aside = f"{kind}; {detail}" if detail else kind
    return _end(f"{label} from {who} ({aside}): {what}{figure}")


def _end(text: str) -> str:
    """A sentence closed once: 'bring it…' is not followed by a full stop."""
    text = text.removesuffix(".")
    text = sentence_start(text)  # 'the United States agreed' begins a sentence
    return text if text.endswith(("…", "?", "!")) else text + "."


def _outcomes(dataset: Dataset, diff: RoundDiff) -> tuple[RoundOutcome, ...]:
    """The outcome of every round from the earlier of the two to the later, in time."""
    ids = list(dataset.rounds)
    first, second = sorted((diff.from_round, diff.to_round), key=lambda r: (dataset.rounds[r].round.date, ids.index(r)))
    low, high = dataset.rounds[first].round.date, dataset.rounds[second].round.date
    chosen = [r for r in ids if low <= dataset.rounds[r].round.date <= high and (r in (first, second) or low < dataset.rounds[r].round.date < high)]
    chosen.sort(key=lambda r: (dataset.rounds[r].round.date, ids.index(r)))
    return tuple(RoundOutcome(r, round_place(dataset, r), one_line(dataset.rounds[r].round.outcome)) for r in chosen)


# --- the brief --------------------------------------------------------------------------------

BRIEF_LINES = 12


def brief_order(story: Story) -> list[StoryItem]:
    """The items as the brief tells them: what most of the later round's outlets reported first
    (StoryItem.reach), the order of the sections breaking ties; an answer at the same round (a
    rejection, an offer in reply) right after what it answers."""
    section_rank = {section: i for i, section in enumerate(Section)}
    ranked = sorted(enumerate(story.items), key=lambda pair: (-pair[1].reach, section_rank[pair[1].section], pair[0]))
    items = [item for _, item in ranked]
    by_key = {(item.party, item.id): item for item in items}
    answers: dict[tuple[str, str], list[StoryItem]] = {}
    for item in items:
        position = item.position
        if position is None:
            continue
        for ref in position.responds_to:
            target = (ref.party or position.party, ref.position)
            if (ref.round or position.round) == position.round and target in by_key and target != (item.party, item.id):
                answers.setdefault(target, []).append(item)
                break
    placed = {id(a) for found in answers.values() for a in found}
    ordered: list[StoryItem] = []
    for item in items:
        if id(item) in placed:
            continue
        ordered.append(item)
        ordered += answers.get((item.party, item.id), [])
    return ordered


def brief_lines(story: Story, limit: int = BRIEF_LINES) -> list[str]:
    """The headline in at most `limit` plain lines, for a news item: the later round's outcome,
    then one sentence an item, what most of that round's outlets reported first (see
    brief_order), then the tally. What does not fit is counted, in items, in a closing line
    that says where to find it."""
    earlier = story.to_round if story.backwards else story.from_round
    later = [o for o in story.outcomes if o.round != earlier] or list(story.outcomes[-1:])
    since = story.to_label if story.backwards else story.from_label
    head = [f"{o.label} (since {since}): {o.outcome}" if len(later) == 1 else f"{o.label}: {o.outcome}" for o in later]
    if len(later) > 1:
        head[0] = f"Since {since}: {head[0]}"
    if story.backwards:
        head.insert(0, "Read backwards: the later round comes first.")
    tally = f"Tally: {story.tally.words()}."
    room = max(limit - len(head) - 1, 1)
    items = brief_order(story)
    lines = [item.text for item in items] or [QUIET]
    between = [item for item in items if item.section is Section.between]
    if len(between) > 1:  # what was done between the rounds leads, in one line, not squeezed out
        items = [item for item in items if item.section is not Section.between]
        lines = [between_line(between)] + [item.text for item in items]
        items = [between[0], *items]
    if len(lines) > room:
        shown = room - 1
        rest = len(items) - shown
        lines = lines[:shown] + [f"And {rest} more {'item' if rest == 1 else 'items'}: tracker diff gives the whole comparison."]
    return (head + lines + [tally])[:limit]


__all__ = [
    "BRIEF_LINES", "TERMS", "terms_used", "brief_order", "STORY_VERSION", "Novelty", "RoundOutcome", "Section",
    "SECTION_TITLES", "Story", "StoryItem", "Tally", "brief_lines", "build_story", "first_clause", "moved_detail",
    "novelty_of", "position_figures",
]  # fmt: skip
