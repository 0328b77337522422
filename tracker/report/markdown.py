"""Markdown reports a person can publish: a heading with both rounds, a short list of what changed
in plain sentences, then a table per topic.

Everything taken from the data is escaped: a `|` cannot break a table, a `*` or `[` cannot turn
into emphasis or a link, `$` cannot start a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.diff import Bucket, ChangeClass, PositionChange, RoundDiff, sort_key
from tracker.model import JOINT, Event, Position, Round, Source, is_slug
from tracker.report import changes, words
from tracker.report.status_words import milestones, position_status
from tracker.report import position_view as pv
from tracker.report.between import OUTSIDE_TITLE, STAGE_MARK, gone_words, tell_event
from tracker.report.grouping import WORDS, Entry, group_entries, group_positions
from tracker.report.position_view import EvidenceView, PositionView, position_view
from tracker.report.sources import CitedSource, cite, cited_sources, safe_url
from tracker.report.story import Novelty, Section, Story, terms_used
from tracker.timeline import Timeline

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.report.comparison import Comparison

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")

NOVELTY_WORDS = {Novelty.new: "new", Novelty.first_on_record: "first on record", Novelty.returned: "returned", Novelty.standing: "still standing"}


def md(value: object) -> str:
    """Data as literal Markdown text on one line."""
    text = words.one_line(value)
    return _ENTITY.sub("&amp;", _SPECIAL.sub(r"\\\1", text))


def _code(value: str) -> str:
    return f"`{value}`" if is_slug(value) else md(value)


def _cell(lines: Sequence[str]) -> str:
    return "<br>".join(line for line in lines if line) or " "


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _party_label(dataset: Dataset, party: str) -> str:
    return "Joint" if party == JOINT else md(dataset.party_name(party))


# --- a round comparison -----------------------------------------------------------------------


def diff_markdown(comparison: Comparison, show_unchanged: bool = False) -> str:
    """The story first (a headline a journalist can paste), then a table per topic, then what was
    only re-sourced, the facts of the rounds and the sources cited. `show_unchanged` (--all)
    also gives the unchanged positions, the re-sourced ones in their topics and every field."""
    dataset, diff, story, filters = comparison.dataset, comparison.diff, comparison.story, comparison.filters
    first, second = dataset.rounds[diff.from_round].round, dataset.rounds[diff.to_round].round
    out = [
        f"# {md(words.round_place(dataset, diff.from_round))} → {md(words.round_place(dataset, diff.to_round))}",
        "",
        f"Positions stated at {_round_phrase(first)} compared with {_round_phrase(second)}.",
    ]
    if comparison.backwards:
        out += ["", f"**Note:** {md(words.BACKWARDS_NOTE)}."]
    if filters:
        hint = words.joint_hint(dataset, diff)
        out += ["", f"Only {md(filters)}" + (f" {md(hint)}." if hint else ".")]
    out += story_markdown(story)
    entries = comparison.shown(show_unchanged, include_record=show_unchanged)
    for group in group_entries(entries):
        out += ["", f"## {md(dataset.topic_title(group.topic))}", ""]
        rows = [_diff_row(dataset, diff, entry, full=show_unchanged) for entry in group.entries()]
        out += _table(["Change", "Party", "Position", "Details"], rows)
    resourced = [] if show_unchanged else comparison.resourced()
    if resourced:
        out += ["", "## Re-sourced", "", "New evidence or notes, nothing moved (`--all` gives the detail):", ""]
        by_party: dict[str, list[str]] = {}
        for change in sorted(resourced, key=lambda c: sort_key(dataset, c.new)):
            by_party.setdefault(change.party, []).append(_code(change.id))
        order = [p for p in (*dataset.parties, JOINT) if p in by_party] + sorted(set(by_party) - {*dataset.parties, JOINT})
        out += [f"- {_party_label(dataset, party)}: {', '.join(by_party[party])}" for party in order]
    facts = words.round_fact_changes(dataset, diff)
    once = words.round_facts_once(dataset, diff)
    if facts or once:
        out += ["", "## The rounds", ""]
        for what, old, new in facts:
            out.append(f"- {md(what[:1].upper() + what[1:])}: {md(old)} → {md(new)}")
        if once:  # what only one round records is not a change
            out += ([""] if facts else []) + ["Recorded for one round only (not a change):", ""]
            out += [f"- {md(what[:1].upper() + what[1:])}: {md(value)} ({md(day)})" for what, value, day in once]
    out += ["", f"*Positions: {md(words.tally(diff))}.*"]
    cited = [e.position for e in entries] + [e.change.old for e in entries if e.change is not None]
    out += _sources_section(dataset, cited)
    return "\n".join(out) + "\n"


def story_markdown(story: Story) -> list[str]:
    """The headline: each round's outcome, the story's sections as lists of plain sentences, and
    its tally; every sentence carries its party and figure, and no id."""
    out = [""]
    out += [f"**{md(o.label)}:** {md(o.outcome)}  " for o in story.outcomes]
    out[-1] = out[-1].rstrip()
    out += ["", "## What moved"]
    for section, title, items in story.sections():
        if section in (Section.new, Section.first_on_record, Section.returned):
            items = tuple(item for _, group in story.by_party(section) for item in group)  # party by party
        out += ["", f"### {title}", ""] + [f"- {md(item.text)}" for item in items]
    if not story.section(Section.moved) and not story.quiet:
        out += ["", f"Moved in substance: {story.nothing_moved()}."]
    if story.quiet:
        out += ["", words.QUIET]
    out += ["", f"*In all: {md(story.tally.words())}.*"]
    terms = terms_used(story)
    if terms:  # our words, explained where they are read
        out += ["", "*Words used here:* " + "; ".join(f"*{md(term)}*: {md(meaning)}" for term, meaning in terms) + "."]
    return out


def _sources_section(dataset: Dataset, positions: Sequence[Position]) -> list[str]:
    """'## Sources': every document the positions cite, in the catalogue's order, linked."""
    cited = cited_sources(dataset, positions)
    return ["", "## Sources", ""] + [f"- {_cited_line(c)}" for c in cited] if cited else []


def _source_line(source: Source) -> str:
    return _cited_line(cite(source))


def _cited_line(cited: CitedSource) -> str:
    """'DW, 2 June 2025, [*Title*](<https://…>)': the title linked where the address may be."""
    if not cited.in_catalogue:
        return md(cited.id)
    title = f"*{md(cited.title)}*"
    if cited.url is not None:
        title = f"[{title}](<{cited.url}>)"
    return f"{md(cited.outlet)}, {cited.date}, {title}"


def _round_phrase(rnd: Round) -> str:
    return words.round_phrase(rnd, md, "*{}*")


def _diff_row(dataset: Dataset, diff: RoundDiff, entry: Entry, full: bool = True) -> list[str]:
    position = entry.position
    about = _cell([md(position.summary), f"*{words.kind_label(position.kind)}, {md(position_status(dataset, position))}* · {_code(position.id)}"])
    if entry.change is not None:
        lines = changes.field_lines(dataset, entry.change)
        details = [_detail_line(line) for line in lines if full or not line.record]
        folded = [] if full else [md(name) for name in changes.also_updated(lines)]
        if folded:
            details.append(f"*also updated: {', '.join(folded)}*")
    elif entry.bucket is Bucket.added:
        details = _facts(dataset, position)
        if entry.returned_from is not None:
            details.insert(0, md(words.returned_note(dataset, entry.returned_from, position)))
    elif entry.bucket is Bucket.removed:
        details = [md(gone_words(dataset, diff.from_round, diff.to_round, position))]
    else:
        details = []
    word = NOVELTY_WORDS[entry.novelty] if entry.novelty is not None else WORDS[entry.bucket]
    if entry.change is not None and entry.change.change_class is not ChangeClass.substance:
        # reworded or re-sourced: the position did not move
        word = words.REWORDED if entry.change.change_class is ChangeClass.wording else words.RESOURCED
    return [f"{entry.symbol} {word}", _party_label(dataset, position.party), about, _cell(details)]


def _detail_line(line: changes.FieldLine) -> str:
    label = f"*{md(line.label)}:*" if line.record else f"**{md(line.label)}:**"
    if line.text is not None:
        return f"{label} {md(line.text)}"
    if line.gained or line.lost:
        return "<br>".join([f"{label} + {md(i)}" for i in line.gained] + [f"{label} − {md(i)}" for i in line.lost])
    flag = ""
    if line.contested:
        flag = " ⚠ contested"
    elif line.settled:
        flag = " (no longer contested)"
    return f"{label} {md(line.old)} → {md(line.new)}{flag}"


def _facts(dataset: Dataset, position: Position) -> list[str]:
    facts = []
    if position.parties:
        facts.append(f"**agreed by:** {md(words.party_names(dataset, position.parties, in_text=False))}")
    for quantity in position.quantities:
        flag = f" ⚠ contested ({md(words.contested_note(quantity, dataset))})" if quantity.contested else ""
        facts.append(f"**{md(quantity.what)}:** {md(words.figure(quantity, flag=False))}{flag}")
    for condition in position.conditions:
        facts.append(f"**condition:** {md(words.reference(dataset, position, condition, full=True))}")
    for ref in position.responds_to:
        facts.append(f"**responds to:** {md(words.reference(dataset, position, ref, full=True))}")
    if position.point is not None:
        facts.append(f"**on:** {md(changes.point_words(dataset, position.point))}")
    return facts


# --- a round's positions ----------------------------------------------------------------------


def positions_markdown(dataset: Dataset, round_id: str, positions: Sequence[Position], filters: str = "") -> str:
    rnd = dataset.rounds[round_id].round
    out = [f"# {md(words.round_place(dataset, round_id))}" + (f": {md(rnd.title)}" if rnd.title else ""), ""]
    out.append(f"{len(positions)} position{'s' * (len(positions) != 1)} on record.")
    if filters:
        out.append(f"Only {md(filters)}.")
    for group in group_positions(dataset, positions):
        out += ["", f"## {md(dataset.topic_title(group.topic))}", ""]
        rows = [
            [
                _party_label(dataset, e.position.party),
                _cell([md(e.position.summary), _code(e.position.id)]),
                words.kind_label(e.position.kind),
                md(position_status(dataset, e.position)),
                _cell(_facts(dataset, e.position)[:] or [" "]),
            ]
            for e in group.entries()
        ]
        out += _table(["Party", "Position", "Kind", "Status", "Details"], rows)
    out += _sources_section(dataset, positions)
    return "\n".join(out) + "\n"


def position_markdown(dataset: Dataset, position: Position) -> str:
    """Everything recorded about one position (see tracker.report.position_view), as a page."""
    return view_markdown(position_view(dataset, position))


def view_markdown(view: PositionView) -> str:
    out = [f"# {md(view.party)} · {_code(view.id)}", "", md(view.summary), ""]
    out += [f"- **{md(label)}:** {md(value)}" for label, value in view.facts]
    if view.figures:
        out += ["", f"## {pv.FIGURES}", ""]
        for figure in view.figures:
            raw = f" “{md(figure.raw)}”" if figure.raw else ""
            out.append(f"- **{md(figure.what)}:** {md(figure.words)}{raw}")
            out += ["  - " + words.claim_line(claim, md, "**{}**", ". {}") for claim in figure.claims]
    for title, items in ((pv.CONDITIONS, view.conditions), (pv.ANSWERS, view.answers), (pv.ANSWERED_BY, view.answered_by)):
        if items:
            out += ["", f"## {title}", ""] + [f"- {md(item)}" for item in items]
    if view.history:
        out += ["", f"## {pv.HISTORY}", ""]
        out += [f"- **{md(h.round)}:** {md(h.words)}" if h.here else f"- {md(h.round)}: {md(h.words)}" for h in view.history]
    out += ["", f"## {pv.EVIDENCE}", ""]
    for evidence in view.evidence:
        out.append("- " + ": ".join(_evidence_parts(evidence)))
    if view.notes:
        out += ["", f"## {pv.NOTES}", "", md(view.notes)]
    return "\n".join(out) + "\n"


def _evidence_parts(evidence: EvidenceView) -> list[str]:
    """'Outlet A, 2 June 2025, [*Report A*](<https://…>)', the quote and its speaker, the note."""
    source = md(evidence.source)
    if evidence.title:
        title = f"*{md(evidence.title)}*"
        url = safe_url(evidence.url)  # the one rule for links (report.sources)
        source += f", [{title}](<{url}>)" if url is not None else f", {title}"
    parts = [source]
    if evidence.quote:
        parts.append(f"“{md(evidence.quote)}” — {md(evidence.speaker)}")
    elif evidence.speaker:
        parts.append(f"speaker: {md(evidence.speaker)}")
    if evidence.note:
        parts.append(md(evidence.note))
    return parts


# --- the timeline -----------------------------------------------------------------------------


def timeline_markdown(dataset: Dataset, timeline: Timeline, title: str) -> str:
    """A table per topic: a row per position, a column per round."""
    out = [f"# {md(title)}"]
    header = ["Party", "Position"] + [md(words.round_place(dataset, r)) for r in timeline.rounds]
    topics: dict[str, list] = {}
    for row in timeline.rows:
        topics.setdefault(row.topic, []).append(row)
    for topic, rows in topics.items():
        out += ["", f"## {md(dataset.topic_title(topic))}", ""]
        table = []
        for row in rows:
            cells = []
            previous = None
            for cell in row.cells:
                if cell.position is None:
                    cells.append("not on record" if cell.step.value == "dropped" else "—")
                    continue
                p = cell.position
                lines = [f"*{words.step_word(cell)}:* {words.kind_label(p.kind)}, {md(position_status(dataset, p))}", md(p.summary)]
                if cell.changes and previous is not None:
                    lines.append(f"*{md(changes.compact_changes(dataset, PositionChange(previous, p, cell.changes)))}*")
                cells.append(_cell(lines))
                previous = p
            milestone = milestones(dataset, row.cells, row.stages)
            stages = [f"{STAGE_MARK} {md(tell_event(dataset, event).text)}" for event in row.stages]
            about = _cell([_code(row.id), f"*{md(milestone)}*" if milestone else "", *stages])
            table.append([_party_label(dataset, row.party), about, *cells])
        out += _table(header, table)
    if not timeline.rows:
        out += ["", "Nothing on record."]
    if timeline.events:
        out += ["", f"## {OUTSIDE_TITLE}", ""] + [f"- {md(tell_event(dataset, event).text)}" for event in timeline.events]
    return "\n".join(out) + "\n"


def events_markdown(dataset: Dataset, events: Sequence[Event], title: str) -> str:
    """`tracker events --format markdown`: each event in its sentence, in date order."""
    out = [f"# {md(title)}", ""]
    out += [f"- {md(tell_event(dataset, event).text)} ({_code(event.id)})" for event in events] or ["No events on record."]
    return "\n".join(out) + "\n"
