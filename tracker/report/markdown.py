"""Markdown reports a person can publish: a heading with both rounds, a short list of what changed
in plain sentences, then a table per topic.

Everything taken from the data is escaped: a `|` cannot break a table, a `*` or `[` cannot turn
into emphasis or a link, `$` cannot start a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.diff import Bucket, PositionChange, RoundDiff, Timeline
from tracker.model import JOINT, Kind, Position, Status, is_slug
from tracker.report import words
from tracker.report.grouping import WORDS, Entry, diff_entries, group_entries, group_positions

if TYPE_CHECKING:
    from tracker.loader import Dataset

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")

NEW_KIND = {
    Kind.demand: "made a new demand",
    Kind.precondition: "set a new precondition",
    Kind.proposal: "made a new proposal",
    Kind.offer: "made a new offer",
    Kind.concession: "made a concession",
    Kind.rejection: "voiced a new rejection",
    Kind.red_line: "drew a new red line",
    Kind.commitment: "made a new commitment",
    Kind.agreement: "agreed",
}

STATUS_NOW = {
    Status.agreed: "was agreed",
    Status.rejected: "was rejected",
    Status.withdrawn: "was withdrawn",
    Status.superseded: "was superseded",
    Status.implemented: "was carried out",
}

STATUS_SUFFIX = {
    Status.agreed: "agreed",
    Status.rejected: "rejected",
    Status.withdrawn: "withdrawn",
    Status.superseded: "superseded",
    Status.implemented: "carried out",
}


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


def _quote(text: str) -> str:
    return f"“{md(text.rstrip('.'))}”"


def _party_label(dataset: Dataset, party: str) -> str:
    return "Joint" if party == JOINT else md(dataset.party_name(party))


# --- a round comparison -----------------------------------------------------------------------


def diff_markdown(dataset: Dataset, diff: RoundDiff, show_unchanged: bool = False, filters: str = "") -> str:
    first, second = dataset.rounds[diff.from_round].round, dataset.rounds[diff.to_round].round
    out = [
        f"# {md(words.round_place(dataset, diff.from_round))} → {md(words.round_place(dataset, diff.to_round))}",
        "",
        f"Positions stated at {_round_phrase(first)} compared with {_round_phrase(second)}.",
    ]
    if words.backwards(dataset, diff):
        out += ["", f"**Note:** {md(words.BACKWARDS_NOTE)}."]
    if filters:
        hint = words.joint_hint(dataset, diff)
        out += ["", f"Only {md(filters)}" + (f" {md(hint)}." if hint else ".")]
    out += ["", f"**{md(words.tally(diff))}.**"]
    facts = words.round_fact_changes(dataset, diff)
    if facts:
        first, second = (words.human_date(dataset.rounds[r].round.date) for r in (diff.from_round, diff.to_round))
        out += ["", "## The rounds", ""]
        for what, old, new in facts:
            label = md(what[:1].upper() + what[1:])
            if words.UNRECORDED in (old, new):  # only one round gives it: no change to claim
                given, missing = (new, first) if old == words.UNRECORDED else (old, second)
                out.append(f"- {label}: {md(given)} (not recorded for {missing})")
            else:
                out.append(f"- {label}: {md(old)} → {md(new)}")
    out += ["", "## What changed"]
    sections = what_changed(dataset, diff)
    for title, sentences in sections:
        out += ["", f"### {title}", ""] + [f"- {sentence}" for sentence in sentences]
    if not sections:
        out += ["", "Nothing: no position was added, removed or changed."]
    entries = diff_entries(dataset, diff, show_unchanged)
    for group in group_entries(entries):
        out += ["", f"## {md(dataset.topic_title(group.topic))}", ""]
        rows = [_diff_row(dataset, diff, entry) for entry in group.entries()]
        out += _table(["Change", "Party", "Position", "Details"], rows)
    cited = [e.position for e in entries] + [e.change.old for e in entries if e.change is not None]
    out += _sources_section(dataset, cited)
    return "\n".join(out) + "\n"


def _sources_section(dataset: Dataset, positions: Sequence[Position]) -> list[str]:
    """'## Sources': every document the positions cite, in the catalogue's order, linked."""
    ids = {e.source for p in positions for e in p.evidence}
    ids |= {c.source for p in positions for q in p.quantities for c in q.claims}
    listed = [source for source_id, source in dataset.sources.items() if source_id in ids]
    unknown = sorted(ids - set(dataset.sources))
    if not listed and not unknown:
        return []
    return ["", "## Sources", ""] + [f"- {_source_line(s)}" for s in listed] + [f"- {md(s)}" for s in unknown]


def _source_line(source) -> str:
    """'DW, 2 June 2025, [*Title*](<https://…>)': the title linked when the catalogue gives a web
    address (http or https only, so a report never carries a script link)."""
    title = f"*{md(source.title)}*"
    url = source.url or ""
    if re.fullmatch(r"https?://[\x21-\x7e]+", url) and not re.search(r"[<>\\]", url):  # printable ASCII
        title = f"[{title}](<{url}>)"
    return f"{md(source.outlet)}, {words.human_date(source.published)}, {title}"


def _round_phrase(rnd) -> str:
    """'*Second round of direct talks* (2 June 2025, Istanbul, Çırağan Palace)'."""
    where = md(rnd.place) + (f", {md(rnd.venue)}" if rnd.venue else "")
    if rnd.title:
        return f"*{md(rnd.title)}* ({words.human_date(rnd.date)}, {where})"
    return f"the round of {words.human_date(rnd.date)} ({where})"


def what_changed(dataset: Dataset, diff: RoundDiff) -> list[tuple[str, list[str]]]:
    """Sentences, one per addition, removal and change in substance, under short headings:
    the joint agreements, positions that moved, new positions, positions back on record after a
    gap, positions no longer on record."""
    sections: dict[str, list[str]] = {"Agreements": [], "Positions that moved": [], "New positions": [], "Back on record": [], "No longer on record": []}
    record_only = 0
    for entry in diff_entries(dataset, diff):
        joint = entry.position.party == JOINT
        if entry.bucket is Bucket.added:
            if entry.returned_from is not None:
                sentence, section = _returned_sentence(dataset, entry.position, entry.returned_from), "Back on record"
            else:
                sentence, section = _added_sentence(dataset, entry.position), "New positions"
            sections["Agreements" if joint else section].append(sentence)
        elif entry.bucket is Bucket.removed:
            sections["Agreements" if joint else "No longer on record"].append(_removed_sentence(dataset, entry.position, diff.to_round))
        elif entry.change is not None and entry.change.substantive:
            sections["Agreements" if joint else "Positions that moved"].append(_changed_sentence(dataset, entry.change))
        elif entry.change is not None:
            record_only += 1
    if record_only:
        noun = "position has" if record_only == 1 else "positions have"
        sections.setdefault("Re-sourced", []).append(f"{record_only} {noun} new evidence or notes but no change in substance (see the tables).")
    return [(title, sentences) for title, sentences in sections.items() if sentences]


def _subject(dataset: Dataset, position: Position) -> str:
    if position.party == JOINT:
        return "The agreement"
    return f"{md(words.possessive(dataset.party_name(position.party)))} {words.kind_label(position.kind)}"


def _status_suffix(position: Position) -> str:
    label = STATUS_SUFFIX.get(position.status)
    if label is None:
        return ""
    date = f" {words.human_date(position.status_date)}" if position.status_date else ""
    return f" ({label}{date})"


def _contested(dataset: Dataset, position: Position) -> str:
    notes = [f" The sources disagree on {md(q.what)}: {md(words.contested_note(q, dataset))}." for q in position.quantities if q.contested]
    return "".join(notes)


def _added_sentence(dataset: Dataset, position: Position) -> str:
    summary = md(position.summary)
    if position.party == JOINT:
        who = md(words.party_names(dataset, position.parties)) or "The parties"
        verb = "agreed and carried out" if position.status is Status.implemented else "agreed" if position.status is Status.agreed else f"put forward a joint {words.kind_label(position.kind)} ({position.status.value})"
        date = f" ({words.human_date(position.status_date)})" if position.status is Status.implemented and position.status_date else ""
        return f"{who} {verb}{date}: {summary}{_contested(dataset, position)}"
    who = md(dataset.party_name(position.party))
    return f"{who} {NEW_KIND[position.kind]}: {summary}{_status_suffix(position)}{_contested(dataset, position)}"


def _returned_sentence(dataset: Dataset, position: Position, last_round: str) -> str:
    when = words.round_place(dataset, last_round)
    return f"{_subject(dataset, position)} is back on record, last seen {md(when)}: {md(position.summary)}{_status_suffix(position)}{_contested(dataset, position)}"


def _removed_sentence(dataset: Dataset, position: Position, to_round: str) -> str:
    when = words.human_date(dataset.rounds[to_round].round.date)
    return f"{_subject(dataset, position)} is not on record on {when}: {md(position.summary)}"


# A status moving on from these reads as news ('was carried out'); any other move is told as it is.
_OPEN = (Status.stated, Status.agreed)


def _changed_sentence(dataset: Dataset, change: PositionChange) -> str:
    old, new = change.old, change.new
    head = "changed"
    if change.field("status") is not None:
        if old.status in _OPEN and new.status is not Status.stated:
            head = STATUS_NOW[new.status]
            if new.status_date is not None and new.status is Status.implemented:
                head += f" on {words.human_date(new.status_date)}"
            elif new.status_date is not None:
                head += f" ({words.human_date(new.status_date)})"
        else:
            head = f"went from {old.status.value} to {new.status.value}"
    lines = sorted(words.field_lines(dataset, change), key=lambda line: line.field == "summary")  # rewording last
    clauses = [clause for line in lines if (clause := _clause(line, change))]
    subject = _subject(dataset, old if change.field("kind") else new)
    if not clauses:
        return f"{subject} {head}: {md(new.summary)}{_contested(dataset, new)}"
    return f"{subject} {head}: {'; '.join(clauses)}. Now: {md(new.summary)}{_contested(dataset, new)}"


def _clause(line: words.FieldLine, change: PositionChange) -> str:
    if line.record or line.field in ("status",):
        return ""
    if line.field == "summary":
        return f"reworded (was: {_quote(change.old.summary)})"
    if line.field.startswith("quantities[") and line.text is not None:
        return f"{md(line.label)} {md(line.text)}"
    if line.field.startswith("quantities["):
        flag = " (contested)" if line.contested else " (no longer contested)" if line.settled else ""
        if line.old == words.NONE:
            return f"now gives {md(line.label)}: {md(line.new)}{flag}"
        if line.new == words.NONE:
            return f"no longer gives {md(line.label)} (was {md(line.old)})"
        return f"{md(line.label)} {md(line.old)} → {md(line.new)}{flag}"
    if line.field in ("conditions", "responds_to"):
        if line.text:
            return f"{line.label} {line.text}"
        noun = "condition" if line.field == "conditions" else "answer to"
        gained = [f"new {noun} {_quote(item)}" for item in line.gained]
        lost = [f"dropped {noun} {_quote(item)}" for item in line.lost]
        return "; ".join(gained + lost)
    if line.field == "topic":
        return f"moved from {md(line.old)} to {md(line.new)}"
    return f"{md(line.label)} {md(line.old)} → {md(line.new)}"


def _diff_row(dataset: Dataset, diff: RoundDiff, entry: Entry) -> list[str]:
    position = entry.position
    about = _cell([md(position.summary), f"*{words.kind_label(position.kind)}, {md(words.position_status(position))}* · {_code(position.id)}"])
    if entry.change is not None:
        details = [_detail_line(line) for line in words.field_lines(dataset, entry.change)]
    elif entry.bucket is Bucket.added:
        details = _facts(dataset, position)
        if entry.returned_from is not None:
            details.insert(0, md(words.returned_note(dataset, entry.returned_from)))
    elif entry.bucket is Bucket.removed:
        details = [f"not on record on {words.human_date(dataset.rounds[diff.to_round].round.date)}"]
    else:
        details = []
    word = "returned" if entry.returned_from is not None else WORDS[entry.bucket]
    if entry.change is not None and not entry.change.substantive:
        word = "re-sourced"  # only its evidence or notes changed: the position did not move
    return [f"{entry.symbol} {word}", _party_label(dataset, position.party), about, _cell(details)]


def _detail_line(line: words.FieldLine) -> str:
    label = f"*{md(line.label)}:*" if line.record else f"**{md(line.label)}:**"
    if line.text is not None:
        return f"{label} {md(line.text)}"
    if line.gained or line.lost:
        return "<br>".join([f"{label} + {md(i)}" for i in line.gained] + [f"{label} − {md(i)}" for i in line.lost])
    flag = ""
    if line.contested:
        flag = f" ⚠ contested ({md(line.sources)})" if line.sources else " ⚠ contested"
    elif line.settled:
        flag = " (no longer contested)"
    return f"{label} {md(line.old)} → {md(line.new)}{flag}"


def _facts(dataset: Dataset, position: Position) -> list[str]:
    facts = []
    if position.parties:
        facts.append(f"**agreed by:** {md(words.party_names(dataset, position.parties))}")
    for quantity in position.quantities:
        flag = f" ⚠ contested ({md(words.contested_note(quantity, dataset))})" if quantity.contested else ""
        facts.append(f"**{md(quantity.what)}:** {md(words.figure(quantity, flag=False))}{flag}")
    for condition in position.conditions:
        facts.append(f"**condition:** {md(words.reference(dataset, position, condition, full=True))}")
    for ref in position.responds_to:
        facts.append(f"**responds to:** {md(words.reference(dataset, position, ref, full=True))}")
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
                md(words.position_status(e.position)),
                _cell(_facts(dataset, e.position)[:] or [" "]),
            ]
            for e in group.entries()
        ]
        out += _table(["Party", "Position", "Kind", "Status", "Details"], rows)
    out += _sources_section(dataset, positions)
    return "\n".join(out) + "\n"


def position_markdown(dataset: Dataset, position: Position) -> str:
    party = "Joint agreement" if position.party == JOINT else md(dataset.party_name(position.party))
    out = [
        f"# {party}: {md(position.summary)}",
        "",
        f"{md(dataset.topic_title(position.topic))} · {words.kind_label(position.kind)} · "
        f"{md(words.position_status(position))} · {md(words.round_place(dataset, position.round))} · {_code(position.id)}",
    ]
    facts = _facts(dataset, position)
    if facts:
        out += [""] + [f"- {fact}" for fact in facts]
    for quantity in position.quantities:
        if not quantity.claims:
            continue
        # Each source's figure, in its own words, as `show --id` prints them.
        out += ["", f"## {md(quantity.what[:1].upper() + quantity.what[1:])}: each source's figure", ""]
        unit = f" {quantity.unit}" if quantity.unit else ""
        for claim in quantity.claims:
            source = dataset.sources.get(claim.source)
            name = f"{md(source.outlet)}, {words.human_date(source.published)}" if source else md(claim.source)
            line = f"- **{md(claim.amount_text() + unit)}**: {name}"
            if claim.raw:
                line += f", “{md(claim.raw)}”"
            if claim.speaker:
                line += f" ({md(claim.speaker)})"
            if claim.note:
                line += f". {md(claim.note)}"
            out.append(line)
    out += ["", "## Evidence", ""]
    for evidence in position.evidence:
        source = dataset.sources.get(evidence.source)
        name = _source_line(source) if source else md(evidence.source)
        parts = [name]
        if evidence.quote:
            parts.append(f"“{md(evidence.quote)}” ({md(evidence.speaker or '')})")
        if evidence.note:
            parts.append(md(evidence.note))
        out.append("- " + ": ".join(parts))
    if position.notes:
        out += ["", "## Notes", "", md(position.notes)]
    return "\n".join(out) + "\n"


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
                lines = [f"*{words.step_word(cell)}:* {words.kind_label(p.kind)}, {md(words.position_status(p))}", md(p.summary)]
                if cell.changes and previous is not None:
                    lines.append(f"*{md(words.compact_changes(dataset, PositionChange(previous, p, cell.changes)))}*")
                cells.append(_cell(lines))
                previous = p
            milestone = words.milestones(dataset, row.cells)
            about = _cell([_code(row.id), f"*{md(milestone)}*" if milestone else ""])
            table.append([_party_label(dataset, row.party), about, *cells])
        out += _table(header, table)
    if not timeline.rows:
        out += ["", "Nothing on record."]
    return "\n".join(out) + "\n"
