"""Plain words for values: figures, statuses, dates, field changes and the tally line.

Every format builds on these strings, so a figure reads the same in the text report, the
Markdown and the brief. Data is made safe here once: control characters (an escape code typed
into a YAML file) are shown as `\\x1b`, never passed to the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker.diff import CLASS_RANK, ChangeClass, FieldChange, PositionChange, RoundDiff, as_quantity, condition_text
from tracker.figures import MONTHS, amount_words
from tracker.model import JOINT, Claim, Kind, Position, PositionRef, Quantity, Round, Status

if TYPE_CHECKING:
    from tracker.dataset import Dataset

# C0 and C1 control characters except newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


NONE = "none"


def visible(value: Any) -> str:
    """Control characters as `\\x1b`-style escapes, so they show and never reach the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def one_line(value: Any) -> str:
    """Data text on one line: folded YAML and stray newlines collapsed to single spaces."""
    return " ".join(visible(value).split())


def human_date(value: dt.date | str) -> str:
    """'16 May 2025': unambiguous in every locale, and how a report would print it."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return visible(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else visible(value)


def round_place(dataset: Dataset, round_id: str) -> str:
    """'16 May 2025, Istanbul'."""
    data = dataset.rounds.get(round_id)
    if data is None:
        return visible(round_id)
    return f"{human_date(data.round.date)}, {one_line(data.round.place)}"


def round_phrase(rnd: Round, escape: Callable[[str], str], emphasis: str) -> str:
    """'*Second round of direct talks* (2 June 2025, Istanbul, Çırağan Palace)', or 'the round of
    2 June 2025 (Istanbul)' for a round without a title, in a format's markup: `emphasis` is its
    template for the title ('*{}*'), `escape` its escaping of text."""
    where = escape(rnd.place) + (f", {escape(rnd.venue)}" if rnd.venue else "")
    if rnd.title:
        return f"{emphasis.format(escape(rnd.title))} ({human_date(rnd.date)}, {where})"
    return f"the round of {human_date(rnd.date)} ({where})"


def returned_note(dataset: Dataset, round_id: str) -> str:
    """'back after a gap: last on record 16 May 2025, Istanbul'."""
    return f"back after a gap: last on record {round_place(dataset, round_id)}"


def kind_label(kind: Kind | str) -> str:
    return str(getattr(kind, "value", kind)).replace("_", " ")


def status_label(status: Status | str, date: Any = None) -> str:
    """'implemented (2025-05-25)', as a field change shows it."""
    label = str(getattr(status, "value", status))
    return f"{label} ({iso(date)})" if date else label


def position_status(position: Position) -> str:
    """'implemented 2025-05-25', for a position's heading."""
    label = position.status.value
    return f"{label} {iso(position.status_date)}" if position.status_date else label


def possessive(name: str) -> str:
    """"Russia's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def party_names(dataset: Dataset, parties: Sequence[str]) -> str:
    names = [one_line(dataset.party_name(p)) for p in parties]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def source_name(dataset: Dataset, source_id: str) -> str:
    source = dataset.sources.get(source_id)
    return one_line(source.outlet) if source is not None else visible(source_id)


# --- figures ----------------------------------------------------------------------------------


class ClaimParts(NamedTuple):
    """One source's figure as every report lists it: the amount in words ('under 25 years'), who
    gives it ('NPR, 2 June 2025'), the speaker, the source's own words and the curator's note.
    Plain text, made visible; each format escapes it for its own markup."""

    amount: str
    source: str
    speaker: str
    raw: str
    note: str


def claim_parts(dataset: Dataset, quantity: Quantity, claim: Claim) -> ClaimParts:
    source = dataset.sources.get(claim.source)
    name = f"{one_line(source.outlet)}, {human_date(source.published)}" if source is not None else visible(claim.source)
    # In words, not the source's own: its wording is quoted beside it.
    amount = one_line(amount_words(claim, quantity.unit, prefer_raw=False))
    return ClaimParts(amount, name, one_line(claim.speaker or ""), one_line(claim.raw or ""), one_line(claim.note or ""))


def claim_line(parts: ClaimParts, escape: Callable[[str], str], strong: str, note: str) -> str:
    """'under 25 years: NPR, 2 June 2025 (Umerov), “under the age of 25”' and the note, in a
    format's markup: `strong` and `note` are its templates for the amount and the note
    ('**{}**', '. {}'), `escape` its escaping of text."""
    line = f"{strong.format(escape(parts.amount))}: {escape(parts.source)}"
    if parts.speaker:
        line += f" ({escape(parts.speaker)})"
    if parts.raw:
        line += f", “{escape(parts.raw)}”"
    if parts.note:
        line += note.format(escape(parts.note))
    return line


def figure(quantity: Quantity, flag: bool = True) -> str:
    """A quantity's figure without what it counts: '≥30 days', '1,000 per side',
    'contested: 6,000 / 12,000 bodies' (without the flag where the caller says more)."""
    unit = f" {quantity.unit}" if quantity.unit else ""
    if quantity.claims:
        values = " / ".join(dict.fromkeys(c.amount_text() for c in quantity.claims))
        prefix = "contested: " if quantity.contested and flag else ""
        return visible(f"{prefix}{values}{unit}")
    per = " per side" if quantity.per == "side" else ""
    return visible(f"{quantity.amount_text()}{unit}{per}")


def figure_line(quantity: Quantity) -> str:
    """'ceasefire length: 2–3 days'."""
    return f"{one_line(quantity.what)}: {figure(quantity)}"


def figure_with_sources(quantity: Quantity, dataset: Dataset) -> str:
    """A figure; a contested one as who gives which: 'contested: 60 minutes: DW; ≤60 minutes: NPR'."""
    if quantity.contested:
        return f"contested: {contested_note(quantity, dataset)}"
    return figure(quantity)


def contested_note(quantity: Quantity, dataset: Dataset) -> str:
    """Who gives which figure, in words: '6,000 bodies: DW, NPR; 12,000 bodies: Newslooks',
    'less than two hours: AP, BBC; 1 hour 45 minutes: TRT World'."""
    by_value: dict[str, list[str]] = {}
    for claim in quantity.claims:
        names = by_value.setdefault(visible(amount_words(claim, quantity.unit)), [])
        name = source_name(dataset, claim.source)
        if name not in names:
            names.append(name)
    return "; ".join(f"{value}: {', '.join(names)}" for value, names in by_value.items())


# --- field changes ----------------------------------------------------------------------------


class FieldLine(NamedTuple):
    """One field's change, in words. Either `old` → `new`, a list of items gained and lost,
    or a single remark (`text`)."""

    field: str
    label: str
    old: str | None = None
    new: str | None = None
    gained: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    text: str | None = None
    long: bool = False
    """Old and new are long texts: print them one under the other."""
    record: bool = False
    """A change in the record (evidence, notes), not in what the party holds."""
    contested: bool = False
    """The new figure is one the sources disagree on."""
    sources: str | None = None
    """For a contested figure, who gives which figure: '6,000: DW; 12,000: Newslooks'."""
    settled: bool = False
    """The old figure was contested and the new one is not."""


FIELD_LABELS = {
    "topic": "topic",
    "kind": "kind",
    "summary": "summary",
    "status": "status",
    "status_date": "status date",
    "parties": "agreed by",
    "notes": "notes",
    "conditions": "conditions",
    "responds_to": "responds to",
    "evidence": "evidence",
    "put_forward": "put forward",
    "carried_from": "carried from",
}

LONG_TEXT = 60

QUANTITY_PARTS = {"raw": "wording as reported", "per": "per side or in total", "claims": "sources", "value": "value", "min": "lower bound", "max": "upper bound"}


def field_label(name: str) -> str:
    """A changed field as a reader calls it: 'quantities[ceasefire length]' is 'ceasefire length',
    'status_date' 'status date'."""
    if name.startswith("quantities[") and name.endswith("]"):
        return one_line(name[len("quantities[") : -1])
    return FIELD_LABELS.get(name, name)


def field_lines(dataset: Dataset, change: PositionChange) -> list[FieldLine]:
    """A change's fields in words: what the party holds first, then its evidence and notes."""
    lines: list[FieldLine] = []
    status = change.field("status")
    for fc in change.changes:
        if fc.field == "status_date" and status is not None:
            continue  # told with the status: 'agreed → implemented (2025-05-25)'
        line = _field_line(dataset, change, fc)
        lines.append(line._replace(record=fc.change_class is ChangeClass.record))
    return [line for line in lines if not line.record] + [line for line in lines if line.record]


def _field_line(dataset: Dataset, change: PositionChange, fc: FieldChange) -> FieldLine:
    name = fc.field
    if name.startswith("quantities["):
        old, new = as_quantity(fc.old), as_quantity(fc.new)
        what = (new or old).what if (new or old) else name[len("quantities[") : -1]
        if old and new and figure(old) == figure(new) and not (old.contested or new.contested):
            # The same figure printed twice says nothing: say what about it changed.
            keys = [k for k in dict.fromkeys([*fc.old, *fc.new]) if fc.old.get(k) != fc.new.get(k)]
            named = ", ".join(QUANTITY_PARTS.get(k, k) for k in keys)
            return FieldLine(name, one_line(what), text=f"{figure(new, flag=False)} (only its {named} changed)")
        return FieldLine(
            name,
            one_line(what),
            figure(old, flag=False) if old else NONE,
            figure(new, flag=False) if new else NONE,
            contested=bool(new and new.contested),
            sources=contested_note(new, dataset) if new and new.contested else None,
            settled=bool(old and old.contested and new and not new.contested),
        )
    label = FIELD_LABELS.get(name, name)
    if name == "status":
        date_change = change.field("status_date")
        old_date = date_change.old if date_change else change.old.status_date
        new_date = date_change.new if date_change else change.new.status_date
        return FieldLine(name, label, status_label(fc.old, old_date), status_label(fc.new, new_date))
    if name == "topic":
        return FieldLine(name, label, one_line(dataset.topic_title(fc.old)), one_line(dataset.topic_title(fc.new)))
    if name == "kind":
        return FieldLine(name, label, kind_label(fc.old), kind_label(fc.new))
    if name == "parties":
        return FieldLine(name, label, party_names(dataset, fc.old) or NONE, party_names(dataset, fc.new) or NONE)
    if name in ("conditions", "responds_to"):
        old_items = [reference(dataset, change.old, item) for item in fc.old]
        new_items = [reference(dataset, change.new, item) for item in fc.new]
        gained = tuple(i for i in new_items if i not in old_items)
        lost = tuple(i for i in old_items if i not in new_items)
        if not gained and not lost:
            return FieldLine(name, label, text="reordered")
        return FieldLine(name, label, gained=gained, lost=lost)
    if name == "evidence":
        return FieldLine(name, label, text=evidence_change(dataset, fc.old, fc.new), record=True)
    old = one_line(fc.old) if fc.old is not None else NONE
    new = one_line(fc.new) if fc.new is not None else NONE
    return FieldLine(name, label, old, new, long=len(old) + len(new) > LONG_TEXT, record=name == "notes")


def reference(dataset: Dataset, position: Position, item: Any, full: bool = False) -> str:
    """A condition or a reference as words: 'Russia's precondition ceasefire-preconditions',
    `full` adding the summary of what it points at."""
    if isinstance(item, str):
        return one_line(item)
    try:
        ref = PositionRef.model_validate(item)
    except ValueError:
        return one_line(item)
    round_id = ref.round or position.round
    party = ref.party or position.party
    target = dataset.rounds[round_id].by_key().get((party, ref.position)) if round_id in dataset.rounds else None
    if target is None:
        return visible(condition_text(ref))
    label = f"{possessive(one_line(dataset.party_name(party)))} {kind_label(target.kind)} {visible(ref.position)}"
    if ref.round and ref.round != position.round:
        label += f" at {round_place(dataset, ref.round)}"
    return f"{label}: “{one_line(target.summary)}”" if full else label


def evidence_change(dataset: Dataset, old: list[dict], new: list[dict]) -> str:
    """'2 → 4 citations; new: DW, NPR; new quote: Vladimir Medinsky'."""
    # By source document, not by citation: a source cited twice and now once is still cited.
    before = Counter(e.get("source") for e in old)
    after = Counter(e.get("source") for e in new)
    parts = [f"{len(old)} → {plural(len(new), 'citation')}" if len(old) != len(new) else plural(len(new), "citation")]
    named = _source_names(dataset, list(before) + [s for s in after if s not in before])
    for label, sources in (
        ("new", [s for s in after if s not in before]),
        ("dropped", [s for s in before if s not in after]),
        ("cited more", [s for s in after if 0 < before[s] < after[s]]),
        ("cited less", [s for s in before if 0 < after[s] < before[s]]),
    ):
        if sources:
            parts.append(f"{label}: " + ", ".join(named[s] for s in sources))
    for label, first, second in (("new quote", new, old), ("quote dropped", old, new)):
        others = {(e.get("speaker"), e.get("quote")) for e in second if e.get("quote")}
        speakers = [one_line(e.get("speaker") or "?") for e in first if e.get("quote") and (e.get("speaker"), e.get("quote")) not in others]
        if speakers:
            parts.append(f"{label}: " + ", ".join(dict.fromkeys(speakers)))
    if len(parts) == 1:
        # Same documents, as often cited, same quotes: a note or a location changed. Say whose.
        def by_source(items: list[dict]) -> dict[Any, list[str]]:
            grouped: dict[Any, list[str]] = {}
            for item in items:
                grouped.setdefault(item.get("source"), []).append(repr(sorted(item.items())))
            return {source: sorted(texts) for source, texts in grouped.items()}

        old_by, new_by = by_source(old), by_source(new)
        revised = [named[s] for s in after if s in before and old_by.get(s) != new_by.get(s)]
        parts.append("revised: " + ", ".join(revised) if revised else "reordered")
    return "; ".join(parts)


def _source_names(dataset: Dataset, source_ids: Sequence[str]) -> dict[str, str]:
    """Each source by its outlet; where two of them share an outlet, with its date as well
    ('DW, 16 May 2025'), and its id if that is not enough."""
    outlets = Counter(source_name(dataset, s) for s in source_ids)
    names = {}
    for source_id in source_ids:
        name = source_name(dataset, source_id)
        source = dataset.sources.get(source_id)
        if outlets[name] > 1 and source is not None:
            name = f"{name}, {human_date(source.published)}"
        names[source_id] = name
    dated = Counter(names.values())
    return {s: f"{n} ({visible(s)})" if dated[n] > 1 else n for s, n in names.items()}


UNRECORDED = "not recorded"
"""A fact the data does not give for a round: not a fact that there was none."""


def round_fact_changes(dataset: Dataset, diff: RoundDiff) -> list[tuple[str, str, str]]:
    """(what, at the first round, at the second) for each fact of the rounds that differs: venue,
    mediators, chair, each delegation's head and size, the length of the meeting. The date and
    the place are in every comparison's heading already. A comparison narrowed to topics has
    none; one narrowed to parties, only those parties' delegations."""
    if diff.topics:
        return []
    from_round, to_round = diff.from_round, diff.to_round
    first, second = dataset.rounds[from_round].round, dataset.rounds[to_round].round

    def chair(rnd: Any) -> str:
        if rnd.chair is None:
            return UNRECORDED
        return one_line(rnd.chair.person) + (f", {one_line(rnd.chair.title)}" if rnd.chair.title else "")

    def head(delegation: Any) -> str:
        if delegation is None:
            return UNRECORDED
        return one_line(delegation.head) + (f", {one_line(delegation.head_title)}" if delegation.head_title else "")

    def size(delegation: Any) -> str:
        return figure_with_sources(delegation.size, dataset) if delegation is not None and delegation.size else UNRECORDED

    facts = [
        ("venue", one_line(first.venue) if first.venue else UNRECORDED, one_line(second.venue) if second.venue else UNRECORDED),
        ("mediators", party_names(dataset, first.mediators) or UNRECORDED, party_names(dataset, second.mediators) or UNRECORDED),
        ("chair", chair(first), chair(second)),
    ]
    before = {d.party: d for d in first.delegations}
    after = {d.party: d for d in second.delegations}
    for party in dict.fromkeys([*before, *after]):
        if diff.parties and party not in diff.parties:
            continue
        name = one_line(dataset.party_name(party))
        facts.append((f"{name}'s delegation head", head(before.get(party)), head(after.get(party))))
        old, new = before.get(party), after.get(party)
        if _figure_key(old.size if old else None) != _figure_key(new.size if new else None):  # claims in any order
            facts.append((f"{name}'s delegation size", size(old), size(new)))
    if _figure_key(first.duration) != _figure_key(second.duration):
        length = [figure_with_sources(r.duration, dataset) if r.duration else UNRECORDED for r in (first, second)]
        facts.append(("length of the meeting", length[0], length[1]))
    return [(what, old, new) for what, old, new in facts if old != new]


def _figure_key(quantity: Quantity | None) -> Any:
    """A figure as compared: its claims in any order are the same claims."""
    if quantity is None:
        return None
    claims = sorted(repr(sorted(c.model_dump(mode="json").items())) for c in quantity.claims)
    return (repr(sorted(quantity.model_dump(mode="json", exclude={"claims"}).items())), claims)


RESOURCED = "re-sourced"
REWORDED = "reworded"
STEP_NAMES = {"new": "new", "returned": "returned", "changed": "changed", "same": "same", "dropped": "not on record", "absent": "—"}


def step_word(cell: Any) -> str:
    """A timeline step as printed: a change only in evidence or notes is 're-sourced', not a move;
    'dropped' is 'not on record' (the sources do not report it there); a position first reported
    at a round is 'new' only where the data says it was put forward there."""
    if cell.step.value == "new" and not cell.new:
        return "first on record"
    if cell.step.value == "changed" and cell.changes:
        cls = max((c.change_class for c in cell.changes), key=CLASS_RANK.__getitem__)
        if cls is ChangeClass.record:
            return RESOURCED
        if cls is ChangeClass.wording:
            return REWORDED
    return STEP_NAMES[cell.step.value]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


# --- the tally --------------------------------------------------------------------------------


def tally(diff: RoundDiff) -> str:
    """'22 added, 3 removed, 10 changed (2 in substance, 2 reworded, 6 re-sourced), 0 unchanged':
    only the changes in substance are moves (see tracker.diff.ChangeClass)."""
    counts = diff.summary()
    changed = f"{counts['changed']} changed"
    if diff.changed:
        classes = diff.class_counts()
        changed += f" ({classes[ChangeClass.substance]} in substance, {classes[ChangeClass.wording]} reworded, {classes[ChangeClass.record]} re-sourced)"
    return f"{counts['added']} added, {counts['removed']} removed, {changed}, {counts['unchanged']} unchanged"


def party_counts(dataset: Dataset, positions: Sequence[Position]) -> str:
    """'Ukraine 10, Russia 9, joint 6': parties in catalogue order, the joint agreements last."""
    counts: dict[str, int] = {}
    for position in positions:
        counts[position.party] = counts.get(position.party, 0) + 1
    known = [p for p in (*dataset.parties, JOINT) if p in counts]
    order = known + sorted(set(counts) - set(known))
    return ", ".join(f"{'joint' if p == JOINT else one_line(dataset.party_name(p))} {counts[p]}" for p in order)


def positions_brief(round_id: str, positions: Sequence[Position], dataset: Dataset) -> str:
    """'2025-06-02-istanbul: 35 positions (Ukraine 10, Russia 9, joint 6)'."""
    parts = party_counts(dataset, positions)
    return f"{round_id}: {plural(len(positions), 'position')}" + (f" ({parts})" if parts else "")


def brief_line(diff: RoundDiff, filters: str = "", backwards: bool = False) -> str:
    """The tally with the two rounds, a line that stands on its own: it says when the later
    round comes first and which filters narrowed it."""
    direction = " (backwards in time)" if backwards else ""
    only = f" (only {filters})" if filters else ""
    return f"{diff.from_round} → {diff.to_round}{direction}: {tally(diff)}{only}"


def joint_hint(dataset: Dataset, diff: RoundDiff) -> str:
    """Narrowed to parties without `joint`, while joint agreements at either round bind one of
    them: '(the joint agreements Russia is party to are left out: add --party joint)'."""
    if not diff.parties or JOINT in diff.parties:
        return ""
    wanted = set(diff.parties)
    for round_id in (diff.from_round, diff.to_round):
        data = dataset.rounds.get(round_id)
        if data is not None and any(p.party == JOINT and wanted & set(p.parties) for p in data.positions):
            names = party_names(dataset, list(diff.parties))
            verb = "is" if len(diff.parties) == 1 else "are"
            return f"(the joint agreements {names} {verb} party to are left out: add --party joint)"
    return ""


def backwards(dataset: Dataset, diff: RoundDiff) -> bool:
    """Whether the comparison starts from the later round: its 'added' were dropped in time."""
    first, second = dataset.rounds.get(diff.from_round), dataset.rounds.get(diff.to_round)
    return first is not None and second is not None and first.round.date > second.round.date


BACKWARDS_NOTE = "the later round comes first: 'added' is what the earlier round had and the later one did not"


def compact_changes(dataset: Dataset, change: PositionChange) -> str:
    """A change on one line for a timeline cell: 'ceasefire length: 30 days → ≥30 days;
    summary reworded; evidence, notes updated'."""
    parts, record = [], []
    for line in field_lines(dataset, change):
        if line.record:
            record.append(line.label)
        elif line.text is not None:
            parts.append(f"{line.label} {line.text}")
        elif line.gained or line.lost:
            parts.append(f"{line.label}: " + ", ".join([f"+{i}" for i in line.gained] + [f"-{i}" for i in line.lost]))
        elif line.long:
            parts.append(f"{line.label} reworded")
        else:
            parts.append(f"{line.label}: {line.old} → {line.new}" + (" (contested)" if line.contested else " (no longer contested)" if line.settled else ""))
    if record:
        parts.append(f"{', '.join(record)} updated")
    return "; ".join(parts)


def milestones(dataset: Dataset, cells: Sequence[Any]) -> str:
    """When an agreement (or any position) was reached and carried out, from a timeline row:
    'agreed at 16 May 2025, Istanbul; carried out 25 May 2025'."""
    agreed = next((c for c in cells if c.position is not None and c.position.status is Status.agreed), None)
    done = next((c for c in cells if c.position is not None and c.position.status is Status.implemented), None)
    parts = []
    if agreed is not None:
        parts.append(f"agreed at {round_place(dataset, agreed.round)}")
    if done is not None:
        date = done.position.status_date
        parts.append(f"carried out {human_date(date)}" if date else f"carried out by {round_place(dataset, done.round)}")
    return "; ".join(parts)
