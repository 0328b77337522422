"""The text format, as styled text: a round comparison, a round's positions, one position in full,
the rounds.

Every row carries a symbol (`+` added, `-` removed, `~` changed, `=` unchanged) so the report
reads the same without colour; the styles only add to it. Data goes in through `words` (control
characters made visible) and into `Styled` runs as plain strings, never as markup. `Styled`
becomes Rich Text only when a terminal shows it, so piped reports never import Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.diff import Bucket, ChangeClass, PositionChange, sort_key
from tracker.model import JOINT, Event, Position
from tracker.report import changes, words
from tracker.report.status_words import position_status
from tracker.report import position_view as pv
from tracker.report.between import gone_words, tell_event
from tracker.report.grouping import Entry, TopicGroup, group_entries, group_positions
from tracker.report.position_view import PositionView, Step, position_view
from tracker.report.story import Novelty, Section, Story, StoryItem
from tracker.report.styled import Styled

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.report.comparison import Comparison

STYLES = {Bucket.added: "green", Bucket.removed: "red", Bucket.changed: "yellow", Bucket.unchanged: "dim"}
OLD, NEW, CONTESTED, RECORD = "red", "green", "bold magenta", "dim"
TOPIC, PARTY, ID, META = "bold underline", "bold", "bold", "dim"

INDENT_PARTY, INDENT_ENTRY, INDENT_BODY = "  ", "    ", "      "


def styled(*parts: str | tuple[str, str]) -> Styled:
    """A line from plain strings and (string, style) pairs; no markup is ever parsed."""
    text = Styled(end="")
    for part in parts:
        if isinstance(part, tuple):
            text.append(part[0], part[1])
        else:
            text.append(part)
    return text


def join_lines(lines: Sequence[Styled]) -> Styled:
    return Styled.join(lines)


# --- a round comparison -----------------------------------------------------------------------


def diff_text(comparison: Comparison, show_unchanged: bool = False) -> Styled:
    """The story first (outcomes, agreements, what was carried out, moved, rejected again, new),
    then the changes by topic, then what was only re-sourced and the facts of the rounds; ends
    with the one-line tally. `show_unchanged` (--all) also gives every re-sourced change and
    every field in full, and the unchanged positions."""
    dataset, diff, story, filters = comparison.dataset, comparison.diff, comparison.story, comparison.filters
    lines = [
        styled(("Changes from ", "bold"), (words.round_place(dataset, diff.from_round), "bold"),
              (" to ", "bold"), (words.round_place(dataset, diff.to_round), "bold")),
        styled((f"{diff.from_round} → {diff.to_round}", META)),
    ]  # fmt: skip
    reverse = comparison.backwards
    if reverse:
        lines.append(styled((f"Note: {words.BACKWARDS_NOTE}", "bold yellow")))
    if filters:
        hint = words.joint_hint(dataset, diff)
        lines.append(styled((f"only {filters}" + (f" {hint}" if hint else ""), META)))
    lines += story_lines(story)
    facts = words.round_fact_changes(dataset, diff)
    groups = group_entries(comparison.shown(show_unchanged, include_record=show_unchanged))
    resourced = [] if show_unchanged else comparison.resourced()
    if diff.is_empty:
        none = "No differences in the positions" if facts else "No differences"
        lines += [Styled(""), Styled(f"{none}." if groups or not diff.unchanged else f"{none}; --all lists the unchanged.")]
    elif groups:
        lines += [Styled(""), styled(("The changes by topic", TOPIC))]
    def entry_lines(dataset: Dataset, entry: Entry) -> list[Styled]:
        lines = _diff_entry_lines(dataset, entry, full=show_unchanged)
        if entry.bucket is Bucket.removed:
            lines.append(styled(INDENT_BODY, (gone_words(dataset, diff.from_round, diff.to_round, entry.position), META)))
        return lines

    for group in groups:
        lines.append(Styled(""))
        lines += _topic_lines(dataset, group, entry_lines)
    if resourced:
        lines += [Styled(""), styled(("Re-sourced", TOPIC), ("  new evidence or notes, nothing moved (--all for the detail)", META))]
        for party, party_changes in _by_party(dataset, resourced):
            ids = ", ".join(words.visible(c.id) for c in party_changes)
            lines.append(styled(INDENT_PARTY, (f"{party}: ", PARTY), (ids, META)))
    once = words.round_facts_once(dataset, diff)
    if facts or once:
        lines += [Styled(""), styled(("The rounds", TOPIC))]
        for what, old, new in facts:
            lines.append(styled("  ", (f"{what}: ", "bold"), (old, OLD), " → ", (new, NEW)))
        if once:  # what only one round records is not a change
            lines.append(styled("  ", (ONCE_HEADING, META)))
            for what, value, day in once:
                lines.append(styled("    ", (f"{what}: ", "bold"), value, (f" ({day})", META)))
    lines += [Styled(""), styled(words.brief_line(diff, filters, reverse))]
    return join_lines(lines)


ONCE_HEADING = "Recorded for one round only (not a change):"


def _by_party(dataset: Dataset, changes: Sequence[PositionChange]) -> list[tuple[str, list[PositionChange]]]:
    groups: dict[str, list[PositionChange]] = {}
    for change in sorted(changes, key=lambda c: sort_key(dataset, c.new)):
        name = "Joint agreements" if change.party == JOINT else words.one_line(dataset.party_name(change.party))
        groups.setdefault(name, []).append(change)
    order = {name: i for i, name in enumerate(words.one_line(dataset.party_name(p)) for p in dataset.parties)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def story_lines(story: Story) -> list[Styled]:
    """The headline: each round's outcome, then the story's sections, then its tally."""
    lines: list[Styled] = [Styled("")]
    for outcome in story.outcomes:
        lines.append(styled((f"{outcome.label}: ", "bold"), outcome.outcome))
    for section, title, items in story.sections():
        lines += [Styled(""), styled((title, TOPIC))]
        if section in (Section.new, Section.first_on_record, Section.returned):
            for who, group in story.by_party(section):
                lines.append(styled(INDENT_PARTY, (who, PARTY)))
                for item in group:
                    lines.append(styled(INDENT_ENTRY, "• ", _item_words(item)))
        else:
            for item in items:
                lines.append(styled(INDENT_PARTY, "• ", item.text))
    if not story.section(Section.moved) and not story.quiet:
        lines += [Styled(""), styled(("Moved in substance: ", "bold"), story.nothing_moved(), (_not_moves(story), META))]
    if story.quiet:
        lines += [Styled(""), styled(words.QUIET)]
    lines += [Styled(""), styled(("In all: ", "bold"), story.tally.words())]
    return lines


def _not_moves(story: Story) -> str:
    tally = story.tally
    parts = [f"{tally.wording} reworded" if tally.wording else "", f"{tally.record} re-sourced" if tally.record else ""]
    said = ", ".join(p for p in parts if p)
    return f" ({said}: not moves)" if said else ""


def _item_words(item: StoryItem) -> str:
    figure = f" — {'; '.join(item.figures)}" if item.figures else ""
    kind = item.position.kind.value.replace("_", " ") if item.position is not None else ""
    return f"{item.what}{figure}" + (f" ({kind})" if kind else "")


def _topic_lines(dataset: Dataset, group: TopicGroup, entry_lines) -> list[Styled]:
    lines = [styled((words.one_line(dataset.topic_title(group.topic)), TOPIC))]
    for party in group.parties:
        name = "Joint agreements" if party.party == JOINT else words.one_line(dataset.party_name(party.party))
        lines.append(styled(INDENT_PARTY, (name, PARTY)))
        for entry in party.entries:
            lines += entry_lines(dataset, entry)
    return lines


def _header(dataset: Dataset, symbol: str, style: str, position: Position) -> Styled:
    return styled(
        INDENT_ENTRY,
        (symbol, f"bold {style}".strip()),
        " ",
        (words.visible(position.id), ID),
        (f" ({words.kind_label(position.kind)}, {position_status(dataset, position)})", META),
    )


def _diff_entry_lines(dataset: Dataset, entry: Entry, full: bool = True) -> list[Styled]:
    position, style = entry.position, STYLES[entry.bucket]
    lines = [_header(dataset, entry.symbol, style, position)]
    if entry.novelty is Novelty.first_on_record:
        lines[0].append("  first on record", META)
    if entry.change is None:
        summary_style = "" if entry.bucket is Bucket.added else META
        lines.append(styled(INDENT_BODY, (words.one_line(position.summary), summary_style)))
        if entry.returned_from is not None:
            lines.append(styled(INDENT_BODY, (words.returned_note(dataset, entry.returned_from, entry.position), META)))
        if entry.bucket is Bucket.added:
            lines += _facts(dataset, position)
        return lines
    change = entry.change
    cls = change.change_class
    if cls is not ChangeClass.substance:  # reworded or re-sourced: said, and not a move
        lines[0].append(f"  {words.REWORDED if cls is ChangeClass.wording else words.RESOURCED}", META)
    if change.field("summary") is None:
        lines.append(styled(INDENT_BODY, (words.one_line(position.summary), META)))
    fields = changes.field_lines(dataset, change)
    for field in fields:
        if full or not field.record:
            lines += _field_change_lines(field)
    folded = [] if full else changes.also_updated(fields)
    if folded:
        lines.append(styled(INDENT_BODY, (f"also updated: {', '.join(folded)} (--all for the detail)", META)))
    return lines


def _field_change_lines(field: changes.FieldLine) -> list[Styled]:
    label_style = RECORD if field.record else "bold"
    label = (f"{field.label}:", label_style)
    if field.text is not None:
        return [styled(INDENT_BODY, label, " ", (field.text, RECORD if field.record else ""))]
    if field.gained or field.lost:
        return [styled(INDENT_BODY, label, " ", ("+ ", NEW), item) for item in field.gained] + [
            styled(INDENT_BODY, label, " ", ("- ", OLD), item) for item in field.lost
        ]
    old_style, new_style = (RECORD, RECORD) if field.record else (OLD, NEW)
    flag: list[str | tuple[str, str]] = []
    if field.contested:
        flag = ["  ", ("(contested)", CONTESTED)]
    elif field.settled:
        flag = ["  ", ("(no longer contested)", META)]
    if field.long:
        return [
            styled(INDENT_BODY, label),
            styled(INDENT_BODY, "  was: ", (field.old or "", old_style)),
            styled(INDENT_BODY, "  now: ", (field.new or "", new_style), *flag),
        ]
    return [styled(INDENT_BODY, label, " ", (field.old or "", old_style), " → ", (field.new or "", new_style), *flag)]


def _facts(dataset: Dataset, position: Position, indent: str = INDENT_BODY) -> list[Styled]:
    """Figures, conditions and who agreed: what a reader needs beside the summary."""
    lines = []
    if position.parties:
        lines.append(styled(indent, ("agreed by: ", "bold"), words.party_names(dataset, position.parties, in_text=False)))
    for quantity in position.quantities:
        line = styled(indent, (f"{words.one_line(quantity.what)}: ", "bold"), words.figure(quantity, flag=False))
        if quantity.contested:
            line.append("  ")
            line.append(f"(contested: {words.contested_note(quantity, dataset)})", CONTESTED)
        lines.append(line)
    for condition in position.conditions:
        lines.append(styled(indent, ("condition: ", "bold"), words.reference(dataset, position, condition, full=True)))
    for ref in position.responds_to:
        lines.append(styled(indent, ("responds to: ", "bold"), words.reference(dataset, position, ref, full=True)))
    if position.point is not None:
        lines.append(styled(indent, ("on: ", "bold"), changes.point_words(dataset, position.point)))
    return lines


# --- a round's positions ----------------------------------------------------------------------


def positions_text(dataset: Dataset, round_id: str, positions: Sequence[Position], filters: str = "") -> Styled:
    rnd = dataset.rounds[round_id].round
    title = f": {words.one_line(rnd.title)}" if rnd.title else ""
    count = len(positions)
    lines = [
        styled((words.round_place(dataset, round_id) + title, "bold")),
        styled((f"{round_id} · {count} position{'s' * (count != 1)}", META)),
    ]
    if filters:
        lines.append(styled((f"only {filters}", META)))
    if not positions:
        lines += [Styled(""), Styled("No positions match.")]
    for group in group_positions(dataset, positions):
        lines.append(Styled(""))
        lines += _topic_lines(dataset, group, _show_entry_lines)
    return join_lines(lines)


def _show_entry_lines(dataset: Dataset, entry: Entry) -> list[Styled]:
    position = entry.position
    return [
        _header(dataset, "•", "", position),
        styled(INDENT_BODY, words.one_line(position.summary)),
        *_facts(dataset, position),
    ]


# --- one position in full ---------------------------------------------------------------------


def position_detail_text(dataset: Dataset, position: Position) -> Styled:
    """Everything recorded about one position (see tracker.report.position_view), laid out."""
    return view_text(position_view(dataset, position))


HISTORY_STYLES = {Step.first: NEW, Step.back: NEW, Step.gone: OLD, Step.same: META, Step.changed: META, Step.moved: "yellow"}


def view_text(view: PositionView) -> Styled:
    lines = [styled((view.party, PARTY), " · ", (view.id, ID)), Styled(""), styled(view.summary), Styled("")]
    width = max(len(label) for label, _ in view.facts) + 1
    lines += [styled("  ", (f"{label}:".ljust(width), META), " ", value) for label, value in view.facts]
    if view.figures:
        lines += [Styled(""), styled((pv.FIGURES, TOPIC))]
        for figure in view.figures:
            lines += _figure_lines(figure)
    for title, items in ((pv.CONDITIONS, view.conditions), (pv.ANSWERS, view.answers), (pv.ANSWERED_BY, view.answered_by)):
        if items:
            lines += [Styled(""), styled((title, TOPIC))]
            lines += [styled("  • ", item) for item in items]
    if view.history:
        lines += [Styled(""), styled((pv.HISTORY, TOPIC))]
        width = max(len(h.round) for h in view.history)
        for h in view.history:
            lines.append(styled("  ▸ " if h.here else "  · ", (h.round.ljust(width), "bold" if h.here else ""), "  ", (h.words, HISTORY_STYLES[h.step])))
    lines += [Styled(""), styled((pv.EVIDENCE, TOPIC))]
    for number, evidence in enumerate(view.evidence, 1):
        title = [" — ", (evidence.title, "italic")] if evidence.title else []
        lines.append(styled(f"  {number}. ", (evidence.source, "bold"), *title))
        if evidence.quote:
            lines.append(styled("     “", (evidence.quote, "italic"), "” — ", (evidence.speaker, "bold")))
        elif evidence.speaker:
            lines.append(styled("     speaker: ", evidence.speaker))
        if evidence.note:
            lines.append(styled("     ", (evidence.note, META)))
        if evidence.url:
            lines.append(styled("     ", (evidence.url, META)))
    if view.notes:
        lines += [Styled(""), styled((pv.NOTES, TOPIC)), styled("  ", view.notes)]
    if view.origin:
        lines += [Styled(""), styled(("defined at: ", META), view.origin)]
    return join_lines(lines)


def _figure_lines(figure: pv.FigureView) -> list[Styled]:
    raw = f"  “{figure.raw}”" if figure.raw else ""
    lines = [styled("  • ", (f"{figure.what}: ", "bold"), (figure.words, CONTESTED if figure.contested else ""), (raw, META))]
    for claim in figure.claims:
        # As words.claim_line says it: 'under 25 years: NPR, 2 June 2025 (Umerov), “under the age of 25”. note'
        parts: list[str | tuple[str, str]] = ["      ", (claim.amount, "bold"), ": ", claim.source]
        if claim.speaker:
            parts.append(f" ({claim.speaker})")
        if claim.raw:
            parts.append((f", “{claim.raw}”", META))
        if claim.note:
            parts.append((f". {claim.note}", META))
        lines.append(styled(*parts))
    return lines


# --- the rounds -------------------------------------------------------------------------------


def rounds_text(dataset: Dataset) -> Styled:
    """Every round with its date, place, delegation heads and how many positions it holds."""
    lines: list[Styled] = []
    for round_id, data in dataset.rounds.items():
        rnd = data.round
        if lines:
            lines.append(Styled(""))
        lines.append(styled((round_id, "bold"), (f"  {words.one_line(rnd.title)}" if rnd.title else "", META)))
        facts = words.round_facts(dataset, rnd)
        for delegation in rnd.delegations:
            title = f", {words.one_line(delegation.head_title)}" if delegation.head_title else ""
            size = f" ({words.delegation_size(delegation.size, dataset)})" if delegation.size is not None else ""
            facts.append((words.one_line(dataset.party_name(delegation.party)), f"{words.one_line(delegation.head)}{title}{size}"))
        if rnd.duration is not None:
            facts.append(("duration", words.figure_with_sources(rnd.duration, dataset)))
        counts = words.party_counts(dataset, data.positions)
        facts.append(("positions", f"{len(data.positions)}" + (f" ({counts})" if counts else "")))
        facts.append(("outcome", words.one_line(rnd.outcome)))
        width = max(len(label) for label, _ in facts) + 1
        lines += [styled("  ", (f"{label}:".ljust(width), META), " ", value) for label, value in facts]
    if not lines:
        lines.append(Styled("No rounds."))
    return join_lines(lines)


def events_text(dataset: Dataset, events: Sequence[Event], title: str) -> Styled:
    """`tracker events`: each event in its sentence, in date order, with its id and topic."""
    lines = [styled((title, "bold"))]
    if not events:
        lines.append(Styled("No events on record."))
    for event in events:
        lines.append(styled("• ", tell_event(dataset, event).text))
        lines.append(styled(INDENT_PARTY, (f"{event.id} · {words.one_line(dataset.topic_title(event.topic))}", META)))
    return join_lines(lines)
