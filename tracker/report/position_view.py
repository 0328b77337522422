"""One position in full, as plain data: what `tracker show --id`, its Markdown, the HTML page
and the app's detail pane all tell, built once here and only laid out by each of them.

A `PositionView` holds strings in words (dates as '1 June 2025', figures as a reader says them,
references with what they point at) made visible by `words`, and no markup: each face escapes
and styles them its own way. A fact added here and left out of a face fails the test that
renders one position in every face (tests/test_position_view.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from tracker import fields
from tracker.dataset import absent_from
from tracker.diff import ChangeClass, PositionChange, compare_position
from tracker.figures import figure_words
from tracker.model import JOINT, Evidence, Position, PositionRef, Quantity
from tracker.problems import display_path
from tracker.report import changes, words

if TYPE_CHECKING:
    from tracker.dataset import Dataset

# The headings of a position in full, the same in every face.
FIGURES, CONDITIONS, ANSWERS, ANSWERED_BY = "Figures", "Conditions", "Responds to", "Answered by"
HISTORY, EVIDENCE, NOTES = "History", "Evidence", "Notes"


class FigureView(NamedTuple):
    """A figure: what it counts, the figure in words ('6,000 bodies (Outlet B also gives
    12,000)'), the source's own wording where it says more than the words, and each source's
    claim (see words.claim_line for how a line of one reads)."""

    what: str
    words: str
    raw: str
    claims: tuple[words.ClaimParts, ...]
    contested: bool
    """The sources give it differently: for a face's colour; the words already say who gives which."""


class EvidenceView(NamedTuple):
    """One citation: who published it and when ('DW, 2 June 2025'; the id when the catalogue
    lacks it), the title, the address as given, the quote, its speaker and the curator's note."""

    source: str
    title: str
    url: str
    quote: str
    speaker: str
    note: str


class Step(enum.Enum):
    """What a history line is, for a face's colour: its words say the same."""

    first = "first"
    back = "back"
    gone = "gone"
    same = "same"
    changed = "changed"
    """Reworded or re-sourced: not a move."""
    moved = "moved"


class HistoryLine(NamedTuple):
    """One round (or a run of rounds where nothing happened) in the position's history:
    '2 June 2025', 'summary reworded; ceasefire length, evidence updated'."""

    round: str
    words: str
    step: Step
    here: bool
    """The round of the position shown."""


@dataclass(frozen=True)
class PositionView:
    party: str
    """'Ukraine', 'Joint agreement'."""
    id: str
    summary: str
    facts: tuple[tuple[str, str], ...]
    """(label, value): topic, kind, status, status date, round, put forward, carried from, agreed by."""
    figures: tuple[FigureView, ...]
    conditions: tuple[str, ...]
    answers: tuple[str, ...]
    """What the position responds to, each with the summary it points at."""
    answered_by: tuple[str, ...]
    """The positions that respond to this one, in the same words."""
    history: tuple[HistoryLine, ...]
    evidence: tuple[EvidenceView, ...]
    notes: str
    origin: str
    """Where the position is written ('positions/rounds/…/ukraine.yaml:3'), '' when it is not
    from a file: a pointer for the curator, not a fact of the position; the published faces
    (Markdown, HTML) leave it out."""

    def fact(self, label: str) -> str:
        return next((value for name, value in self.facts if name == label), "")

    @property
    def heading(self) -> str:
        """'Ukraine · ceasefire-30-day'."""
        return f"{self.party} · {self.id}"

    @property
    def kind_and_status(self) -> str:
        """'agreement, implemented 25 May 2025': the short form beside a summary."""
        status = " ".join(v for v in (self.fact(L_STATUS), self.fact(L_STATUS_DATE)) if v)
        return f"{self.fact(L_KIND)}, {status}"


L_TOPIC, L_KIND, L_STATUS, L_STATUS_DATE = (fields.label(f) for f in ("topic", "kind", "status", "status_date"))
L_ROUND = "round"
L_PUT_FORWARD, L_CARRIED_FROM, L_PARTIES = (fields.label(f) for f in ("put_forward", "carried_from", "parties"))

History = Sequence[tuple[str, Position | None]]
"""The same position (party and id) at every round in order, None where it is not on record."""


def position_view(
    dataset: Dataset, position: Position, answered_by: Iterable[Position] | None = None, history: History | None = None
) -> PositionView:
    """Everything recorded about one position. `answered_by` (the positions whose `responds_to`
    names it, see answers_index) and `history` are found in the dataset when not given; the app
    passes its own indexes', and a compact face passes () for neither."""
    party = "Joint agreement" if position.party == JOINT else words.one_line(dataset.party_name(position.party))
    if answered_by is None:
        answered_by = answers_index(dataset).get((position.round, position.party, position.id), [])
    if history is None:
        history = [(rid, data.by_key().get(position.key)) for rid, data in dataset.rounds.items()]
    return PositionView(
        party=party,
        id=words.visible(position.id),
        summary=words.one_line(position.summary),
        facts=_facts(dataset, position),
        figures=tuple(figure_view(dataset, q) for q in position.quantities),
        conditions=tuple(words.reference(dataset, position, c, full=True) for c in position.conditions),
        answers=tuple(words.reference(dataset, position, r, full=True) for r in position.responds_to),
        answered_by=tuple(_answer(dataset, position, a) for a in answered_by),
        history=history_lines(dataset, position, history),
        evidence=tuple(evidence_view(dataset, e) for e in position.evidence),
        notes=words.one_line(position.notes or ""),
        origin=f"{display_path(position.origin.file)}:{position.origin.line}" if position.origin is not None else "",
    )


SHOWN_APART = frozenset({"summary", "notes"})
"""Fields of one value that the view gives a place of their own, not a line among the facts."""


def _facts(dataset: Dataset, position: Position) -> tuple[tuple[str, str], ...]:
    """Every field of one value that the position gives, in the field registry's order and words
    (tracker.fields), the round after its status: a field the model gains is shown here with no
    change to any face."""
    facts = []
    for spec in fields.POSITION_FIELDS:
        value = getattr(position, spec.name)
        if spec.shape is fields.Shape.value and spec.name not in SHOWN_APART and value is not None and value != []:
            facts.append((spec.label, changes.value_words(dataset, spec.said, value)))
        if spec.name == "status_reported":  # the round, after when its status took effect
            facts.append((L_ROUND, words.round_place(dataset, position.round)))
    return tuple(facts)


def figure_view(dataset: Dataset, quantity: Quantity) -> FigureView:
    text = words.one_line(figure_words(quantity, lambda source: words.source_name(dataset, source)))
    raw = words.one_line(quantity.raw or "")
    return FigureView(
        what=words.one_line(quantity.what),
        words=text,
        raw=raw if raw and not quantity.claims and raw != text else "",
        claims=tuple(words.claim_parts(dataset, quantity, claim) for claim in quantity.claims),
        contested=quantity.contested,
    )


def _answer(dataset: Dataset, position: Position, answer: Position) -> str:
    """An answering position as a reference from this one: 'Russia's rejection refuses-30-day:
    “Refuses the 30-day ceasefire.”', with its round where it is another."""
    ref = PositionRef(position=answer.id, party=answer.party, round=answer.round if answer.round != position.round else None)
    return words.reference(dataset, position, ref, full=True)


def evidence_view(dataset: Dataset, evidence: Evidence) -> EvidenceView:
    source = dataset.sources.get(evidence.source)
    if source is None:
        name, title, url = words.visible(evidence.source), "", ""
    else:
        name, title, url = f"{words.one_line(source.outlet)}, {words.human_date(source.published)}", words.one_line(source.title), words.visible(source.url or "")
    return EvidenceView(name, title, url, words.one_line(evidence.quote or ""), words.one_line(evidence.speaker or ""), words.one_line(evidence.note or ""))


AnswerKey = tuple[str, str, str]
"""(round, party, position id)."""


def answers_index(dataset: Dataset) -> dict[AnswerKey, list[Position]]:
    """Who answered what: for each position, the positions whose `responds_to` names it."""
    answers: dict[AnswerKey, list[Position]] = {}
    for data in dataset.rounds.values():
        for position in data.positions:
            for ref in position.responds_to:
                key = (ref.round or position.round, ref.party or position.party, ref.position)
                answers.setdefault(key, []).append(position)
    return answers


def history_lines(dataset: Dataset, position: Position, history: History) -> tuple[HistoryLine, ...]:
    """What happened to the position at each round, from the first it is on record; runs of
    rounds where nothing happened read as one line ('16 May 2025 – 2 June 2025  the same').
    Nothing when the data has one round only."""
    steps: list[tuple[str, str, Step]] = []
    previous: Position | None = None  # the last version on record, until told not on record
    seen = gap = False
    for round_id, current in history:
        if current is None:
            # Missing is not a difference: a round its parties took no part in says nothing of it
            # (as the timeline tells it); it is not on record at the first round they were at.
            if previous is not None and not absent_from(dataset, round_id, previous):
                steps.append((round_id, "not on record", Step.gone))
                previous = None
            gap = seen
            continue
        if not seen:
            steps.append((round_id, "first on record", Step.first))
        elif gap or previous is None:
            steps.append((round_id, "back on record", Step.back))
        else:
            field_changes = compare_position(previous, current)
            change = PositionChange(previous, current, field_changes)
            if not field_changes:
                steps.append((round_id, "the same", Step.same))
            else:
                moved = change.change_class is ChangeClass.substance
                steps.append((round_id, changes.compact_changes(dataset, change), Step.moved if moved else Step.changed))
        seen, gap, previous = True, False, current
    if len(history) < 2:  # one round: nothing to tell round by round
        return ()
    dates = [dataset.rounds[r].round.date if r in dataset.rounds else None for r, _, _ in steps]

    def label(round_id: str, date) -> str:
        if date is None:
            return words.visible(round_id)
        if dates.count(date) > 1:  # two rounds on one day: say which
            return words.round_place(dataset, round_id)
        return words.human_date(date)

    lines: list[HistoryLine] = []
    run_start: str | None = None
    for (round_id, what, step), date in zip(steps, dates):
        here = round_id == position.round
        if step is Step.same and not here and lines and lines[-1].step is Step.same and not lines[-1].here:
            first = run_start or lines[-1].round
            lines[-1] = HistoryLine(f"{first} – {label(round_id, date)}", what, step, False)
            run_start = first
            continue
        run_start = None
        lines.append(HistoryLine(label(round_id, date), what, step, here))
    return tuple(lines)
