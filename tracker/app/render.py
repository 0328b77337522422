"""Rich Text for the app's panes: positions, changes and round facts.

Everything taken from the data goes through `literal()`, never through markup: a summary that
reads `[bold]` or holds an escape character is shown as typed. This module imports Rich only, so
its output can be checked without starting the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.diff import FieldChange, PositionChange
from tracker.figures import figure_words, short_figure
from tracker.model import JOINT, Kind, Position, Quantity, Round, Status
from tracker.problems import display_path
from tracker.report import position_view as pv
from tracker.report.changes import compact_changes, field_label, field_line
from tracker.report.position_view import (  # noqa: F401  (answers_index: the app's indexes use it)
    L_STATUS,
    AnswerKey,
    EvidenceView,
    FigureView,
    HistoryLine,
    PositionView,
    Step,
    answers_index,
    evidence_view,
    position_view,
)
from tracker.report.words import CLASS_WORDS, ClaimParts, claim_parts, delegation_size, human_date, kind_label, plural, round_place, visible
from tracker.report.words import source_name as words_source_name
from tracker.report.words import round_facts as round_facts_words

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.problems import Problem

STATUS_STYLES = {
    Status.stated: "",
    Status.agreed: "bold green",
    Status.rejected: "bold red",
    Status.withdrawn: "dim",
    Status.superseded: "dim italic",
    Status.implemented: "bold cyan",
}

KIND_LABELS = {kind: kind_label(kind) for kind in Kind}

SIGNS = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow"), "unchanged": ("=", "dim")}


def literal(value: Any, style: str = "", one_line: bool = False) -> Text:
    """Data as plain text: no markup, no emoji codes, control characters made visible."""
    text = visible(str(value))
    if one_line:
        text = " ".join(text.split())
    return Text(text, style=style, no_wrap=one_line, overflow="ellipsis" if one_line else None, end="")


def round_label(dataset: Dataset, round_id: str | None, short: bool = False) -> str:
    """A round as the command line writes it, '2 June 2025, Istanbul' (report.words), or short,
    its day and month: '2 June'. Never the ISO date, which is the data's, not the reader's."""
    data = dataset.rounds.get(round_id or "")
    if data is None:
        return visible(round_id or "?")
    if short:
        return " ".join(human_date(data.round.date).split()[:2])
    return round_place(dataset, data.round.id)


def status_text(position: Position, with_date: bool = True) -> Text:
    label = position.status.value
    if with_date and position.status_date is not None:
        label += f" {human_date(position.status_date)}"
    return Text(label, style=STATUS_STYLES[position.status], no_wrap=True, end="")


def short_figure_text(quantity: Quantity) -> str:
    """A figure in symbols, for narrow places: '≥30 days', '6,000 (or 12,000)'."""
    return visible(short_figure(quantity))


def figure_in_words(dataset: Dataset, quantity: Quantity) -> str:
    """A figure as a reader says it, with who says otherwise: '6,000 bodies (Newslooks also
    gives 12,000)', 'about an hour (also reported as under an hour, just over an hour)'."""
    return visible(figure_words(quantity, lambda source: words_source_name(dataset, source)))


def figures_line(dataset: Dataset, position: Position) -> str:
    return "; ".join(figure_in_words(dataset, q) for q in position.quantities)


def figure_forms(dataset: Dataset, position: Position) -> tuple[str, ...]:
    """A position's figures for a table cell, fullest first (see VirtualTable's Alternatives):
    in words; then the contested ones still in words, the rest in symbols; then all in symbols."""
    words = [figure_in_words(dataset, q) for q in position.quantities]
    symbols = [short_figure_text(q) for q in position.quantities]
    mixed = [w if q.contested else s for q, w, s in zip(position.quantities, words, symbols)]
    return tuple(dict.fromkeys("; ".join(form) for form in (words, mixed, symbols)))


# --- a pane's document -------------------------------------------------------------------------


Piece = Text | str | tuple[str, str]
"""A piece of a line: Text, plain str (never markup), or (str, style)."""


class Doc:
    """The lines of a pane, with hanging indents: a wrapped bullet or field lines up under itself."""

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []

    def line(self, *pieces: Piece, indent: int = 0) -> Doc:
        text = Text.assemble(*pieces)
        self.parts.append(Padding(text, (0, 0, 0, indent)) if indent else text)
        return self

    def item(self, bullet: str, *pieces: Piece, indent: int = 0, bullet_style: str = "") -> Doc:
        """A bullet whose text wraps under the text, not under the bullet."""
        grid = Table.grid(expand=True)
        grid.add_column(width=len(bullet) + 1, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(bullet, style=bullet_style), Text.assemble(*pieces, end=""))
        self.parts.append(Padding(grid, (0, 0, 0, indent)) if indent else grid)
        return self

    def fields(self, rows: Sequence[tuple[str, Piece]]) -> Doc:
        width = max((len(label) for label, _ in rows), default=0)
        grid = Table.grid(expand=True)
        grid.add_column(width=width + 1, no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for label, value in rows:
            grid.add_row(label, Text.assemble(value, end=""))
        self.parts.append(grid)
        return self

    def blank(self) -> Doc:
        self.parts.append(Text())
        return self

    def heading(self, title: str) -> Doc:
        return self.blank().line((title, "bold underline"))

    def add(self, other: Doc) -> Doc:
        self.parts.extend(other.parts)
        return self

    def render(self) -> Group:
        return Group(*self.parts)


# --- a position in full -----------------------------------------------------------------------


HISTORY_STYLES = {Step.first: "green", Step.back: "green", Step.gone: "red", Step.same: "dim", Step.changed: "dim", Step.moved: "yellow"}


def position_doc(
    dataset: Dataset, position: Position, answered_by: Sequence[Position] = (), history: Sequence[tuple[str, Position | None]] = ()
) -> Doc:
    """Everything known about one position, for the detail pane: the view every report gives
    (tracker.report.position_view), laid out. `answered_by` are the positions whose
    `responds_to` names this one (see answers_index); `history` is the same position at every
    round (see TrackerApp.history)."""
    return view_doc(position_view(dataset, position, answered_by, history))


def view_doc(view: PositionView) -> Doc:
    doc = Doc()
    doc.line(literal(view.party, "bold"), " · ", literal(view.id, "bold"))
    doc.blank().line(literal(view.summary)).blank()
    status_style = {s.value: style for s, style in STATUS_STYLES.items()}
    doc.fields([(label, literal(value, status_style.get(value, "") if label == L_STATUS else "")) for label, value in view.facts])
    if view.figures:
        doc.heading(pv.FIGURES)
        for figure in view.figures:
            doc.add(figure_doc(figure))
    for title, items in ((pv.CONDITIONS, view.conditions), (pv.ANSWERS, view.answers), (pv.ANSWERED_BY, view.answered_by)):
        if items:
            doc.heading(title)
            for item in items:
                doc.item("•", literal(item))
    if view.history:
        history_doc(view.history, doc)
    doc.heading(pv.EVIDENCE)
    for number, evidence in enumerate(view.evidence, 1):
        doc.add(evidence_doc(evidence, number))
    if view.notes:
        doc.heading(pv.NOTES).line(literal(view.notes))
    if view.origin:
        doc.blank().line(literal(view.origin, "dim"))
    return doc


def history_doc(history: Sequence[HistoryLine], doc: Doc) -> None:
    """'History': what happened to the position at each round, the round shown marked ▸."""
    doc.heading(pv.HISTORY)
    width = max(len(line.round) for line in history)
    for line in history:
        doc.item("▸" if line.here else "·", literal(line.round.ljust(width), "bold" if line.here else ""), "  ", literal(line.words, HISTORY_STYLES[line.step]))


def position_detail(
    dataset: Dataset, position: Position, answered_by: Sequence[Position] = (), history: Sequence[tuple[str, Position | None]] = ()
) -> Group:
    return position_doc(dataset, position, answered_by, history).render()


def figure_doc(figure: FigureView, indent: int = 0) -> Doc:
    """The figure in words; where sources are cited for it, each one's claim below."""
    doc = Doc()
    raw = literal(f"  “{figure.raw}”", "dim") if figure.raw else ""
    doc.item("•", literal(figure.what, "bold"), ": ", literal(figure.words, "yellow" if figure.contested else ""), raw, indent=indent)
    for claim in figure.claims:
        doc.add(claim_doc(claim, indent + 2))
    return doc


def claim_doc(claim: ClaimParts, indent: int) -> Doc:
    """One source's figure as words.claim_line says it: 'under 25 years: NPR, 2 June 2025
    (Umerov), “under the age of 25”', the note below."""
    pieces: list[Piece] = [literal(claim.amount, "yellow"), ": ", literal(claim.source, "italic")]
    if claim.speaker:
        pieces.append(literal(f" ({claim.speaker})"))
    if claim.raw:
        pieces.append(literal(f", “{claim.raw}”", "dim"))
    if claim.note:
        pieces.append(literal(f"\n{claim.note}", "dim"))
    return Doc().item("◦", *pieces, indent=indent)


def evidence_doc(evidence: EvidenceView, number: int) -> Doc:
    """Outlet, date and title; the quote with its speaker; the note; the address."""
    pieces: list[Piece] = [literal(evidence.source, "bold")]
    if evidence.title:
        pieces += [" — ", literal(evidence.title, "italic")]
    if evidence.quote:
        pieces += ["\n“", literal(evidence.quote, "italic"), "” — ", literal(evidence.speaker, "bold")]
    elif evidence.speaker:
        pieces += ["\nspeaker: ", literal(evidence.speaker)]
    if evidence.note:
        pieces += [literal(f"\n{evidence.note}", "dim")]
    if evidence.url:
        pieces += [literal(f"\n{evidence.url}", "dim")]
    return Doc().item(f"{number}.", *pieces)


def source_name(dataset: Dataset, source_id: str) -> str:
    """A source as readers know it, 'DW, 2025-06-02'; its id only when the catalogue lacks it."""
    return words_source_name(dataset, source_id, dated=True)


# --- changes ----------------------------------------------------------------------------------


def change_doc(dataset: Dataset, change: PositionChange, fc: FieldChange) -> Doc:
    """One field's change as the reports word it (report.changes.field_line): the old and the new
    value, the items gained and lost, or what changed about it."""
    line = field_line(dataset, change, fc)
    label = f"{line.label} (in the record)" if line.record else line.label
    doc = Doc().line(literal(label, "bold"))
    if line.text is not None:
        doc.item("~", literal(line.text, "dim" if line.record else ""), indent=2)
    elif line.gained or line.lost:
        for item in line.lost:
            doc.item("−", literal(item, "red"), indent=2)
        for item in line.gained:
            doc.item("+", literal(item, "green"), indent=2)
    else:
        doc.item("−", literal(line.old, "red"), indent=2)
        doc.item("+", literal(line.new, "green"), indent=2)
    return doc


def change_detail(dataset: Dataset, change: PositionChange, answered_by: Sequence[Position] = ()) -> Group:
    doc = Doc()
    word = CLASS_WORDS[change.change_class]
    doc.line((f"~ {word} ", "bold yellow"), literal(f"{dataset.party_name(change.party)} · {change.id}", "bold"))
    # A status date that changed with the status is told with it: one field, counted and listed once.
    told = [c for c in change.changes if not (c.field == "status_date" and change.field("status") is not None)]
    doc.line(literal(f"{plural(len(told), 'field')} changed: {', '.join(field_label(c.field) for c in told)}", "dim"))
    for field_change in told:
        doc.blank().add(change_doc(dataset, change, field_change))
    doc.heading("Now")
    doc.add(position_doc(dataset, change.new, answered_by))
    return doc.render()


def changed_fields(dataset: Dataset, change: PositionChange) -> str:
    """A change on one line for a table cell, as the timeline says it: 'status: stated →
    rejected; summary reworded; evidence updated'."""
    return compact_changes(dataset, change)


# --- round facts ------------------------------------------------------------------------------


def round_facts(dataset: Dataset, round_id: str) -> Group:
    """A round's facts and its joint agreements."""
    data = dataset.rounds[round_id]
    rnd: Round = data.round
    doc = Doc().line(literal(rnd.title or round_label(dataset, round_id), "bold")).blank()
    rows: list[tuple[str, Piece]] = [(label.capitalize(), literal(said)) for label, said in round_facts_words(dataset, rnd)]
    if rnd.duration:
        rows.append(("Duration", literal(figure_in_words(dataset, rnd.duration))))
    rows.append(("Outcome", literal(rnd.outcome)))
    doc.fields(rows)
    joint = [p for p in data.positions if p.party == JOINT]
    doc.heading(f"Joint agreements ({len(joint)})")
    if not joint:
        doc.line(("none recorded", "dim"))
    for position in joint:
        pieces = [literal(dataset.topic_title(position.topic), "bold"), " — ", status_text(position), "\n", literal(position.summary)]
        if position.quantities:
            pieces.append(literal("\n" + figures_line(dataset, position), "dim"))
        doc.item("•", *pieces)
    if rnd.delegations:
        doc.heading("Delegations")
        for delegation in rnd.delegations:
            title = f", {delegation.head_title}" if delegation.head_title else ""
            pieces: list[Piece] = [literal(dataset.party_name(delegation.party), "bold"), ": ", literal(f"{delegation.head}{title}")]
            if delegation.size is not None:
                pieces.append(literal(f" — {delegation_size(delegation.size, dataset)}", "dim"))
            if delegation.members:
                pieces.append(literal("\nmembers: " + ", ".join(delegation.members), "dim"))
            doc.item("•", *pieces)
    # Who came before how long they met: the duration's claims are detail, the delegations facts.
    if rnd.duration and rnd.duration.claims:
        doc.heading("Duration, as each source gives it")
        for claim in rnd.duration.claims:
            doc.add(claim_doc(claim_parts(dataset, rnd.duration, claim), 0))
    if rnd.evidence:
        doc.heading("Sources")
        for number, evidence in enumerate(rnd.evidence, 1):
            doc.add(evidence_doc(evidence_view(dataset, evidence), number))
    if rnd.notes:
        doc.heading("Notes").line(literal(rnd.notes))
    if rnd.origin is not None:
        doc.blank().line(literal(display_path(rnd.origin.file), "dim"))
    return doc.render()


def short_summary(text: str, width: int) -> str:
    """`text` on one line of `width`, cut with an ellipsis after a whole word where one ends in
    the last two thirds of the room, so a cut cell does not read as another word ('t…')."""
    flat = " ".join(visible(text).split())
    if len(flat) <= width:
        return flat
    cut = flat[: max(width - 1, 0)]
    space = cut.rfind(" ")
    if flat[len(cut)] != " " and space > width // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


PROBLEMS_SHOWN = 2  # in a notification, which must not cover the screen at 80x24


def problems_summary(problems: Sequence[Problem]) -> str:
    """The first problems as file:line:col lines, and how many more. Paths are from the current
    directory, as `tracker validate`, the errors screen and the editor give them."""
    lines = [p.format() for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"… and {len(problems) - PROBLEMS_SHOWN} more (tracker validate lists them all)")
    return visible("\n".join(lines))
