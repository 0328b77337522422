"""Rich Text for the app's panes: positions, changes and round facts.

Everything taken from the data goes through `literal()`, never through markup: a summary that
reads `[bold]` or holds an escape character is shown as typed. This module imports Rich only, so
its output can be checked without starting the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tracker.diff import FieldChange, PositionChange, condition_text
from tracker.problems import display_path
from tracker.model import JOINT, Claim, Evidence, Kind, Position, PositionRef, Quantity, Round, Status

if TYPE_CHECKING:
    from tracker.loader import Dataset

# C0 and C1 control characters except newline and tab, which the panes lay out themselves.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

STATUS_STYLES = {
    Status.stated: "",
    Status.agreed: "bold green",
    Status.rejected: "bold red",
    Status.withdrawn: "dim",
    Status.superseded: "dim italic",
    Status.implemented: "bold cyan",
}

KIND_LABELS = {kind: kind.value.replace("_", " ") for kind in Kind}

SIGNS = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow"), "unchanged": ("=", "dim")}


def visible(value: str) -> str:
    """Control characters as `\\x1b`-style escapes, so they show and never reach the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def literal(value: Any, style: str = "", one_line: bool = False) -> Text:
    """Data as plain text: no markup, no emoji codes, control characters made visible."""
    text = visible(str(value))
    if one_line:
        text = " ".join(text.split())
    return Text(text, style=style, no_wrap=one_line, overflow="ellipsis" if one_line else None, end="")


def kind_label(kind: Kind) -> str:
    return KIND_LABELS[kind]


def status_text(position: Position, with_date: bool = True) -> Text:
    label = position.status.value
    if with_date and position.status_date is not None:
        label += f" {position.status_date.isoformat()}"
    return Text(label, style=STATUS_STYLES[position.status], no_wrap=True, end="")


def figure(quantity: Quantity) -> str:
    """A quantity's figure without what it counts: '≥30 days', '6,000 / 12,000 bodies ≠'."""
    unit = f" {quantity.unit}" if quantity.unit else ""
    if quantity.claims:
        values = " / ".join(dict.fromkeys(c.amount_text() for c in quantity.claims))
        return f"{values}{unit}{' ≠' if quantity.contested else ''}"
    per = " per side" if quantity.per == "side" else ""
    return f"{quantity.amount_text()}{unit}{per}"


def figures_line(position: Position) -> str:
    return visible("; ".join(figure(q) for q in position.quantities))


# --- a position in full -----------------------------------------------------------------------


def heading(title: str) -> Text:
    return Text(f"\n{title}\n", style="bold underline", end="")


def position_detail(dataset: Dataset, position: Position) -> Text:
    """Everything known about one position, for the detail pane."""
    out = Text(end="")
    out.append_text(literal(dataset.party_name(position.party), "bold"))
    out.append(" · ")
    out.append_text(literal(dataset.topic_title(position.topic), "bold"))
    out.append(" · ")
    out.append(kind_label(position.kind), "italic")
    out.append(" · ")
    out.append_text(status_text(position))
    out.append("\n")
    round_data = dataset.rounds.get(position.round)
    round_label = round_data.round.label if round_data else position.round
    out.append_text(literal(f"{position.id} · {round_label}", "dim"))
    out.append("\n\n")
    out.append_text(literal(position.summary))
    out.append("\n")
    if position.parties:
        out.append_text(heading("Agreed by"))
        out.append_text(literal(", ".join(dataset.party_name(p) for p in position.parties)))
        out.append("\n")
    if position.quantities:
        out.append_text(heading("Figures"))
        for quantity in position.quantities:
            out.append_text(quantity_text(dataset, quantity))
    if position.conditions:
        out.append_text(heading("Conditions"))
        for condition in position.conditions:
            out.append("• ")
            out.append_text(reference_text(dataset, position, condition))
            out.append("\n")
    if position.responds_to:
        out.append_text(heading("Responds to"))
        for ref in position.responds_to:
            out.append("• ")
            out.append_text(reference_text(dataset, position, ref))
            out.append("\n")
    out.append_text(heading("Evidence"))
    for number, evidence in enumerate(position.evidence, 1):
        out.append_text(evidence_text(dataset, evidence, number))
    if position.notes:
        out.append_text(heading("Notes"))
        out.append_text(literal(position.notes))
        out.append("\n")
    if position.origin is not None:
        out.append("\n")
        out.append_text(origin_text(position))
    return out


def origin_text(position: Position) -> Text:
    assert position.origin is not None
    where = f"{display_path(position.origin.file)}:{position.origin.line}"
    return literal(where, "dim")


def quantity_text(dataset: Dataset, quantity: Quantity, indent: str = "") -> Text:
    out = Text(end="")
    out.append(indent + "• ")
    out.append_text(literal(quantity.what, "bold"))
    out.append(": ")
    if quantity.claims:
        if quantity.contested:
            out.append("contested", "bold yellow")
            out.append(f" — {len(quantity.claims)} claims\n")
        else:
            out.append_text(literal(figure(quantity)))
            out.append(" (the sources agree)\n")
        for claim in quantity.claims:
            out.append_text(claim_text(dataset, quantity, claim, indent + "    "))
    else:
        out.append_text(literal(figure(quantity)))
        if quantity.raw:
            out.append_text(literal(f"  “{quantity.raw}”", "dim"))
        out.append("\n")
    return out


def claim_text(dataset: Dataset, quantity: Quantity, claim: Claim, indent: str) -> Text:
    unit = f" {quantity.unit}" if quantity.unit else ""
    out = Text(indent + "◦ ", end="")
    out.append_text(literal(claim.amount_text() + unit, "yellow"))
    out.append(" — ")
    out.append_text(source_label(dataset, claim.source))
    if claim.speaker:
        out.append_text(literal(f", {claim.speaker}"))
    if claim.raw:
        out.append_text(literal(f"  “{claim.raw}”", "dim"))
    out.append("\n")
    if claim.note:
        out.append_text(literal(f"{indent}  {claim.note}", "dim"))
        out.append("\n")
    return out


def source_label(dataset: Dataset, source_id: str) -> Text:
    source = dataset.sources.get(source_id)
    if source is None:
        return literal(source_id, "italic")
    return literal(f"{source.outlet}, {source.published.isoformat()}", "italic")


def evidence_text(dataset: Dataset, evidence: Evidence, number: int) -> Text:
    out = Text(f"{number}. ", end="")
    source = dataset.sources.get(evidence.source)
    if source is None:
        out.append_text(literal(evidence.source, "italic"))
    else:
        out.append_text(literal(source.outlet, "bold"))
        out.append(", ")
        out.append_text(literal(source.published.isoformat()))
        out.append(" — ")
        out.append_text(literal(source.title, "italic"))
    out.append("\n")
    if evidence.quote:
        out.append("   “")
        out.append_text(literal(evidence.quote, "italic"))
        out.append("”")
        if evidence.speaker:
            out.append(" — ")
            out.append_text(literal(evidence.speaker, "bold"))
        out.append("\n")
    elif evidence.speaker:
        out.append("   speaker: ")
        out.append_text(literal(evidence.speaker))
        out.append("\n")
    if evidence.note:
        out.append_text(literal(f"   {evidence.note}", "dim"))
        out.append("\n")
    return out


def reference_text(dataset: Dataset, position: Position, condition: str | PositionRef) -> Text:
    if isinstance(condition, str):
        return literal(condition)
    round_id = condition.round or position.round
    party = condition.party or position.party
    target = dataset.rounds[round_id].by_key().get((party, condition.position)) if round_id in dataset.rounds else None
    out = literal(condition_text(condition), "italic")
    if target is not None:
        out.append(": ")
        out.append_text(literal(f"{dataset.party_name(party, short=True)} — {target.summary}", one_line=True))
    return out


# --- changes ----------------------------------------------------------------------------------


def value_text(value: Any) -> str:
    """A field's JSON-ready value (as FieldChange holds it) in one readable line."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(value_text(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        if "what" in value:
            try:
                return Quantity.model_validate(value).display()
            except ValueError:
                pass
        if "position" in value:
            try:
                return condition_text(PositionRef.model_validate(value))
            except ValueError:
                pass
        if "source" in value:
            words = [value["source"]]
            words += [f"“{value['quote']}” — {value.get('speaker', '')}"] if "quote" in value else []
            words += [value["note"]] if "note" in value else []
            return ": ".join(words)
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return str(value)


def change_lines(change: FieldChange) -> Text:
    out = Text(end="")
    out.append_text(literal(change.field, "bold"))
    out.append("\n")
    out.append("  − ", "red")
    out.append_text(literal(value_text(change.old), "red"))
    out.append("\n")
    out.append("  + ", "green")
    out.append_text(literal(value_text(change.new), "green"))
    out.append("\n")
    return out


def change_detail(dataset: Dataset, change: PositionChange) -> Text:
    out = Text(end="")
    out.append("~ changed ", "bold yellow")
    out.append_text(literal(f"{dataset.party_name(change.party)} · {change.id}", "bold"))
    out.append("\n")
    fields = ", ".join(c.field for c in change.changes)
    out.append_text(literal(f"{len(change.changes)} field(s): {fields}", "dim"))
    out.append("\n\n")
    for field_change in change.changes:
        out.append_text(change_lines(field_change))
        out.append("\n")
    out.append_text(heading("Now"))
    out.append_text(position_detail(dataset, change.new))
    return out


def changed_fields(change: PositionChange) -> str:
    """A short line for a table cell: 'status stated→rejected, summary'."""
    parts = []
    for field_change in change.changes:
        if field_change.field in ("status", "kind", "topic", "status_date"):
            parts.append(f"{field_change.field} {value_text(field_change.old)}→{value_text(field_change.new)}")
        else:
            parts.append(field_change.field)
    return visible(", ".join(parts))


# --- round facts ------------------------------------------------------------------------------


def round_facts(dataset: Dataset, round_id: str) -> Text:
    """A round's facts and its joint agreements."""
    data = dataset.rounds[round_id]
    rnd: Round = data.round
    out = Text(end="")
    out.append_text(literal(rnd.title or rnd.label, "bold"))
    out.append("\n")
    rows: list[tuple[str, str]] = [("Date", rnd.date.isoformat()), ("Place", rnd.place)]
    if rnd.venue:
        rows.append(("Venue", rnd.venue))
    if rnd.mediators:
        rows.append(("Mediators", ", ".join(dataset.party_name(m) for m in rnd.mediators)))
    if rnd.chair:
        title = f", {rnd.chair.title}" if rnd.chair.title else ""
        rows.append(("Chair", f"{rnd.chair.person}{title} ({dataset.party_name(rnd.chair.party)})"))
    if rnd.duration:
        rows.append(("Duration", figure(rnd.duration)))
    rows.append(("Outcome", rnd.outcome))
    for label, value in rows:
        out.append(f"{label:<10} ", "bold")
        out.append_text(literal(value))
        out.append("\n")
    if rnd.duration and rnd.duration.claims:
        for claim in rnd.duration.claims:
            out.append_text(claim_text(dataset, rnd.duration, claim, " " * 11))
    if rnd.delegations:
        out.append_text(heading("Delegations"))
        for delegation in rnd.delegations:
            out.append_text(literal(dataset.party_name(delegation.party), "bold"))
            out.append(": ")
            title = f", {delegation.head_title}" if delegation.head_title else ""
            out.append_text(literal(f"{delegation.head}{title}"))
            if delegation.size is not None:
                out.append_text(literal(f" — {figure(delegation.size)} {delegation.size.what}", "dim"))
            out.append("\n")
            if delegation.members:
                out.append_text(literal("  members: " + ", ".join(delegation.members), "dim"))
                out.append("\n")
    joint = [p for p in data.positions if p.party == JOINT]
    out.append_text(heading(f"Joint agreements ({len(joint)})"))
    if not joint:
        out.append("none recorded\n", "dim")
    for position in joint:
        out.append("• ")
        out.append_text(literal(dataset.topic_title(position.topic), "bold"))
        out.append(" — ")
        out.append_text(status_text(position))
        out.append("\n  ")
        out.append_text(literal(position.summary))
        out.append("\n")
        if position.quantities:
            out.append_text(literal("  " + figures_line(position), "dim"))
            out.append("\n")
    if rnd.evidence:
        out.append_text(heading("Sources"))
        for number, evidence in enumerate(rnd.evidence, 1):
            out.append_text(evidence_text(dataset, evidence, number))
    if rnd.notes:
        out.append_text(heading("Notes"))
        out.append_text(literal(rnd.notes))
        out.append("\n")
    if rnd.origin is not None:
        out.append("\n")
        out.append_text(literal(display_path(rnd.origin.file), "dim"))
    return out


def join_texts(parts: Iterable[Text], separator: str = "") -> Text:
    return Text(separator, end="").join(parts)


def short_summary(text: str, width: int) -> str:
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


def party_list(dataset: Dataset, parties: Sequence[str]) -> str:
    return ", ".join(dataset.party_name(p, short=True) for p in parties)
