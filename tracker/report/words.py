"""Plain words for values: figures, statuses, dates, field changes and the tally line.

Every format builds on these strings, so a figure reads the same in the text report, the
Markdown and the brief. Data is made safe here once: control characters (an escape code typed
into a YAML file) are shown as `\\x1b`, never passed to the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker.diff import CLASS_RANK, ChangeClass, PositionChange, RoundDiff, condition_text
from tracker.figures import MONTHS, amount_words, figure_words, giver
from tracker.dataset import absent_from
from tracker.model import JOINT, Claim, Document, Kind, Position, PositionRef, Quantity, Round, Status

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


def round_days(rnd: Round) -> str:
    """'16 May 2025', or '4 to 5 February 2026' for a round over several days."""
    first, last = rnd.days
    return human_date(first) if first == last else days_span(first, last)


def days_span(first: dt.date, last: dt.date) -> str:
    """'23 to 25 May 2025', '30 May to 2 June 2025', '16 May 2025 to 20 May 2026': each month and
    year the days span named once. Rounds, events and stages are told in these words."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {human_date(last)}"
    if first.year == last.year:
        return f"{human_date(first).rsplit(' ', 1)[0]} to {human_date(last)}"
    return f"{human_date(first)} to {human_date(last)}"


def round_facts(dataset: Dataset, rnd: Round) -> list[tuple[str, str]]:
    """A round's facts as every face lists them, label and words: its days, place and venue,
    host, mediators, tracks, the documents first put to the parties there, and its chair.
    (`tracker rounds` and the app's round view add delegations, duration and outcome.)"""
    facts = [("date", round_days(rnd)), ("place", one_line(rnd.place) + (f", {one_line(rnd.venue)}" if rnd.venue else ""))]
    if rnd.host:
        host = dataset.parties.get(rnd.host)
        facts.append(("host", one_line(host.name if host is not None else rnd.host)))
    if rnd.mediators:
        facts.append(("mediators", party_names(dataset, rnd.mediators, in_text=False)))
    if rnd.tracks:
        facts.append(("tracks", "; ".join(one_line(t.title) for t in rnd.tracks)))
    if rnd.documents:
        facts.append(("documents", "; ".join(document_words(dataset, d) for d in rnd.documents)))
    if rnd.chair is not None:
        title = f", {one_line(rnd.chair.title)}" if rnd.chair.title else ""
        facts.append(("chair", f"{one_line(rnd.chair.person)}{title} ({one_line(dataset.party_name(rnd.chair.party))})"))
    return facts


def document_words(dataset: Dataset, document: Document) -> str:
    """'The US 28-point peace plan (United States, 20 November 2025; 5 points on record)'."""
    about = [one_line(dataset.party_name(document.author))] if document.author else []
    if document.date is not None:
        about.append(human_date(document.date))
    said = ", ".join(about)
    if document.points:
        said += ("; " if said else "") + plural(len(document.points), "point") + " on record"
    return one_line(document.title) + (f" ({said})" if said else "")


def not_on_record_words(dataset: Dataset, round_id: str, position: Position, short: bool = False) -> str:
    """'not on record at 30 November 2025, Hallandale Beach', and where its party (or a party to
    a joint agreement) was not at that round, that it took no part in it: the rule 'Missing is
    not a difference'. One wording for every face; `short`, for a narrow column that names the
    round already: 'not on record', or where a party was away, 'Russia took no part' (that it is
    not on record there goes without saying)."""
    absent = absent_from(dataset, round_id, position)
    if short:
        return f"{party_names(dataset, absent)} took no part" if absent else "not on record"
    took = f"; {party_names(dataset, absent)} took no part in that round" if absent else ""
    return f"not on record at {round_place(dataset, round_id)}{took}"


def round_place(dataset: Dataset, round_id: str) -> str:
    """'16 May 2025, Istanbul'; '4 to 5 February 2026, Abu Dhabi' for a round over days; and for
    one of two meetings of different sides on one day in one place, its sides: '(RU–US)'."""
    data = dataset.rounds.get(round_id)
    if data is None:
        return visible(round_id)
    return f"{round_days(data.round)}, {one_line(data.round.place)}{_sides(dataset, data)}"


def round_dated(dataset: Dataset, round_id: str) -> str:
    """A round by its days, as a column of rounds gives it: '26 February 2026'; with its place
    where another round has the same days ('22 January 2026, Davos'), and its sides where that
    round met in the same place too ('26 February 2026, Geneva (RU–US)')."""
    data = dataset.rounds[round_id]
    days = round_days(data.round)
    if any(r is not data and round_days(r.round) == days for r in dataset.rounds.values()):
        return round_place(dataset, round_id)
    return days


def _sides(dataset: Dataset, data: Any) -> str:
    """' (RU–US)' for one of two meetings of different sides on one day in one place, else ''."""
    twins = [r for r in dataset.rounds.values() if r is not data and r.round.date == data.round.date and r.round.place == data.round.place]
    sides = [one_line(dataset.party_name(d.party, short=True)) for d in data.round.delegations]
    return f" ({'–'.join(sides)})" if twins and sides else ""


def round_phrase(rnd: Round, escape: Callable[[str], str], emphasis: str) -> str:
    """'*Second round of direct talks* (2 June 2025, Istanbul, Çırağan Palace)', or 'the round of
    2 June 2025 (Istanbul)' for a round without a title, in a format's markup: `emphasis` is its
    template for the title ('*{}*'), `escape` its escaping of text."""
    where = escape(rnd.place) + (f", {escape(rnd.venue)}" if rnd.venue else "")
    if rnd.title:
        return f"{emphasis.format(escape(rnd.title))} ({round_days(rnd)}, {where})"
    return f"the round of {round_days(rnd)} ({where})"


def last_on_record(dataset: Dataset, round_id: str, key: tuple[str, str] | None = None) -> str:
    """When a position was last on record: '16 May 2025, Istanbul', the round it was filed with;
    or, when its data dates it after that round's last day (`put_forward`: a statement made the
    day after a round is filed with it), that day first: '24 November 2025 (after the round of
    23 November 2025, Geneva)'. A statement's day is not its round's."""
    where = round_place(dataset, round_id)
    data = dataset.rounds.get(round_id)
    position = data.find(key) if data is not None and key is not None else None
    if position is not None and position.put_forward is not None and position.put_forward > data.round.days[1]:
        return f"{human_date(position.put_forward)} (after the round of {where})"
    return where


def carried_since(dataset: Dataset, position: Position, round_id: str) -> bool:
    """Whether a position is carried (`carried_from`) from a round no later than `round_id`: its
    own round's reports do not restate it, so where it was missing in between it still stands as
    last reported, and is not back."""
    carried = dataset.rounds.get(position.carried_from or "")
    here = dataset.rounds.get(round_id)
    return carried is not None and here is not None and carried.round.date <= here.round.date


def returned_note(dataset: Dataset, round_id: str, position: Position) -> str:
    """For a position on record before the first round of a comparison (at `round_id`, the latest
    that has it) and not at it: 'back after a gap: last on record 16 May 2025, Istanbul' (see
    last_on_record); or, when the later round only carries it, 'still stands as last reported on
    19 December 2025': a carried position was not said again."""
    if carried_since(dataset, position, round_id):
        return f"still stands as last reported on {human_date(dataset.rounds[position.carried_from].round.date)}"
    return f"back after a gap: last on record {last_on_record(dataset, round_id, position.key)}"


def kind_label(kind: Kind | str) -> str:
    return str(getattr(kind, "value", kind)).replace("_", " ")


def sentence_start(text: str) -> str:
    """Text as it begins a sentence or a heading: 'the United States agreed' → 'The United States agreed'."""
    return text[:1].upper() + text[1:]


def possessive(name: str) -> str:
    """"Russia's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def party_names(dataset: Dataset, parties: Sequence[str], in_text: bool = True) -> str:
    """'Ukraine and the United States' in a sentence; `in_text` off, as a label's value gives
    names, like a table: 'Ukraine and United States' beside 'host: United States'."""
    names = [one_line(dataset.party_name(p, in_text=in_text)) for p in parties]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def source_name(dataset: Dataset, source_id: str, dated: bool = False) -> str:
    """A source as readers know it: its outlet ('DW'), `dated` with its date ('DW, 2 June 2025');
    its id only when the catalogue lacks it."""
    source = dataset.sources.get(source_id)
    if source is None:
        return visible(source_id)
    return f"{one_line(source.outlet)}, {human_date(source.published)}" if dated else one_line(source.outlet)


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
    """A quantity's figure in its sources' words, without what it counts: 'at least 30 days',
    '1,000 per side', '6,000 (Newslooks also gives 12,000)', 'contested: …' (without the flag
    where the caller says more). The words are tracker.figures', as every face says them."""
    if quantity.contested:  # who gives which is the caller's to say (see contested_note)
        unit = f" {quantity.unit}" if quantity.unit else ""
        words = " or ".join(dict.fromkeys(amount_words(c, quantity.unit, prefer_raw=False).removesuffix(unit) for c in quantity.claims)) + unit
        return visible(f"contested: {words}" if flag else words)
    return visible(figure_words(quantity, noun=False))


def figure_with_sources(quantity: Quantity, dataset: Dataset) -> str:
    """A figure; a contested one as who gives which: 'contested: 60 minutes: DW; ≤60 minutes: NPR'."""
    if quantity.contested:
        return f"contested: {contested_note(quantity, dataset)}"
    return figure(quantity)


def delegation_size(quantity: Quantity, dataset: Dataset) -> str:
    """A delegation's size as every face says it, in one form for every round: '14 members'
    whether the source says '14-member delegation' or 'a total of 14 people'; the source's words
    only where they are approximate ('about 12 members'); 'members, contested: 11: TASS; 12: AP'."""
    if quantity.contested:
        return f"members, {figure_with_sources(quantity, dataset)}"
    said = visible(amount_words(quantity, quantity.unit, prefer_raw=False)) if not quantity.claims and quantity.as_of is None else figure(quantity)
    return f"{said} members" if said[-1:].isdigit() else said


def contested_note(quantity: Quantity, dataset: Dataset) -> str:
    """Who gives which figure, in words: '6,000 bodies: DW, NPR; 12,000 bodies: Newslooks',
    'less than two hours: AP, BBC; 1 hour 45 minutes: TRT World'. By the figure, not by how
    each source writes it: '6,000-for-6,000' is listed with the 6,000 of the others, as
    `figure` words it ('6,000 or 12,000')."""
    by_value: dict[str, list[str]] = {}
    for claim in quantity.claims:
        names = by_value.setdefault(visible(amount_words(claim, quantity.unit, prefer_raw=False)), [])
        name = giver(claim, lambda source: source_name(dataset, source))
        if name not in names:
            names.append(name)
    return "; ".join(f"{value}: {', '.join(names)}" for value, names in by_value.items())


_CLAUSE_END = re.compile(r"(?<=[\w)])(?:;|:| —| – |\. )\s")
WHAT_MAX = 120


def first_clause(summary: str) -> str:
    """A summary's first clause, without its closing full stop: 'Hand over the bodies of soldiers
    killed in action' from 'Hand over …: Russia to return …'. At most about WHAT_MAX characters,
    cut at a word."""
    text = one_line(summary)
    match = _CLAUSE_END.search(text)
    if match is not None and match.start() >= 20:
        text = text[: match.start()]
    text = text.rstrip(" .;:,")
    if len(text) > WHAT_MAX:  # asides go first: '(the roadmap says at least 30)'
        text = " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())
    if len(text) > WHAT_MAX:
        text = _cut(text)
    return text


QUIET = "Nothing was agreed, carried out, moved, rejected again or put on record."
"""What every face says of a comparison with nothing to tell (the story's `quiet`)."""


# Words a cut line must not end on: 'whose terms Kyiv sees as…' leaves the reader guessing.
_DANGLING = frozenset(
    "a about across after against along among an and around as at before behind between beyond but by during for from in into its near no nor of off on onto or over per since than that the their through to toward towards under until upon via which who whose with within without".split()
)


def _cut(text: str) -> str:
    """A text longer than WHAT_MAX cut to it, with '…': at the last comma of its second half, so
    that a whole phrase ends the line ('… the 2022 Istanbul negotiating framework…'); else at a
    word, never after a word that leads into what was cut, nor after a bare number ('with 20…')."""
    head = text[: WHAT_MAX + 1]
    comma = head.rfind(", ")
    if comma >= WHAT_MAX // 2:
        return text[:comma] + "…"
    words = head[:WHAT_MAX].split(" ")[:-1] if head[WHAT_MAX:] not in ("", " ") else head[:WHAT_MAX].split(" ")
    while len(words) > 1 and (words[-1].casefold() in _DANGLING or words[-1].strip(",;:").isdigit()):
        words.pop()
    return " ".join(words).rstrip(" ,;:") + "…"


def reference(dataset: Dataset, position: Position, item: Any, full: bool = False) -> str:
    """A condition or a reference as words: 'Russia's precondition “Ukraine to halt mobilisation”',
    `full` adding the summary of what it points at."""
    if isinstance(item, str):
        return one_line(item)
    try:
        ref = PositionRef.model_validate(item)
    except ValueError:
        return one_line(item)
    round_id = ref.round or position.round
    party = ref.party or position.party
    target = dataset.rounds[round_id].find((party, ref.position)) if round_id in dataset.rounds else None
    if target is None:
        return visible(condition_text(ref))
    label = f"{possessive(one_line(dataset.party_name(party, in_text=True)))} {kind_label(target.kind)} “{first_clause(target.summary)}”"
    if ref.round and ref.round != position.round:
        label += f" at {round_place(dataset, ref.round)}"
    return f"{label}: {one_line(target.summary)}" if full and first_clause(target.summary) != one_line(target.summary).rstrip(" .") else label


UNRECORDED = "not recorded"
"""A fact the data does not give for a round: not a fact that there was none."""


def round_fact_changes(dataset: Dataset, diff: RoundDiff) -> list[tuple[str, str, str]]:
    """(what, at the first round, at the second) for each fact of the rounds that both record and
    that differs: venue, mediators, chair, each delegation's head and size, the length of the
    meeting. What one round does not record is not a change (see round_facts_once)."""
    return [(what, old, new) for what, old, new in _round_facts(dataset, diff) if UNRECORDED not in (old, new)]


def round_facts_once(dataset: Dataset, diff: RoundDiff) -> list[tuple[str, str, str]]:
    """(what, value, the day of the round that records it) for each fact only one of the two
    rounds records: said apart, never as a change."""
    days = [round_place(dataset, r) for r in (diff.from_round, diff.to_round)]
    return [
        (what, new, days[1]) if old == UNRECORDED else (what, old, days[0])
        for what, old, new in _round_facts(dataset, diff)
        if UNRECORDED in (old, new)
    ]


def _round_facts(dataset: Dataset, diff: RoundDiff) -> list[tuple[str, str, str]]:
    """Every fact of the two rounds that differs between them, a missing one as UNRECORDED. The
    date and the place are in every comparison's heading already. A comparison narrowed to
    topics has none; one narrowed to parties, only those parties' delegations."""
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
        return delegation_size(delegation.size, dataset) if delegation is not None and delegation.size else UNRECORDED

    def host(rnd: Any) -> str:
        if not rnd.host:
            return UNRECORDED
        party = dataset.parties.get(rnd.host)
        return one_line(party.name if party is not None else rnd.host)

    def tracks(rnd: Any) -> str:
        return "; ".join(one_line(t.title) for t in rnd.tracks) if rnd.tracks else UNRECORDED

    def documents(rnd: Any) -> str:
        return "; ".join(one_line(d.title) for d in rnd.documents) if rnd.documents else UNRECORDED

    facts = [
        ("venue", one_line(first.venue) if first.venue else UNRECORDED, one_line(second.venue) if second.venue else UNRECORDED),
        ("host", host(first), host(second)),
        ("mediators", party_names(dataset, first.mediators, in_text=False) or UNRECORDED, party_names(dataset, second.mediators, in_text=False) or UNRECORDED),
        ("chair", chair(first), chair(second)),
        ("tracks", tracks(first), tracks(second)),
        ("documents first put to the parties", documents(first), documents(second)),
    ]
    before = {d.party: d for d in first.delegations}
    after = {d.party: d for d in second.delegations}
    for party in dict.fromkeys([*before, *after]):
        if diff.parties and party not in diff.parties:
            continue
        name = sentence_start(one_line(dataset.party_name(party, in_text=True)))  # a label, said as a sentence begins
        facts.append((f"{possessive(name)} delegation head", head(before.get(party)), head(after.get(party))))
        old, new = before.get(party), after.get(party)
        if not _same_figure(old.size if old else None, new.size if new else None):
            facts.append((f"{possessive(name)} delegation size", size(old), size(new)))
    if not _same_figure(first.duration, second.duration):
        length = [figure_with_sources(r.duration, dataset) if r.duration else UNRECORDED for r in (first, second)]
        facts.append(("length of the meeting", length[0], length[1]))
    return [(what, old, new) for what, old, new in facts if old != new]


def _same_figure(old: Quantity | None, new: Quantity | None) -> bool:
    """Whether two rounds' figures say the same amount, however worded ('14' and '14-member
    delegation'). These are facts of two meetings, not two sources on one figure: 'roughly four
    hours' and 'nearly five hours' could both be true of one meeting, but two meetings that
    lasted them differ."""
    if old is None or new is None:
        return old is new
    return _figure_key(old) == _figure_key(new) or _amounts(old) == _amounts(new)


def _amounts(quantity: Quantity) -> Any:
    """A figure's amounts, its own and its claims' in any order, without their wording or sources."""

    def amount(figure: Any) -> tuple:
        return tuple(repr(getattr(figure, name)) for name in ("value", "min", "max", "scope", "per"))

    return (quantity.unit, amount(quantity), sorted(amount(claim) for claim in quantity.claims))


def _figure_key(quantity: Quantity | None) -> Any:
    """A figure as compared: its claims in any order are the same claims."""
    if quantity is None:
        return None
    claims = sorted(repr(sorted(c.model_dump(mode="json").items())) for c in quantity.claims)
    return (repr(sorted(quantity.model_dump(mode="json", exclude={"claims"}).items())), claims)


RESOURCED = "re-sourced"
REWORDED = "reworded"
CLASS_WORDS = {ChangeClass.substance: "moved in substance", ChangeClass.wording: REWORDED, ChangeClass.record: RESOURCED}
"""A changed position by its class, as the tally counts it."""
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


def changed_words(changed: int, moved: int, carried_out: int, reworded: int, resourced: int) -> str:
    """'29 changed (3 moved in substance, 2 carried out, 0 reworded, 24 re-sourced)': a change in
    substance is a move unless it is an agreement or commitment carried out."""
    if not changed:
        return "0 changed"
    parts = [f"{moved} moved in substance"] + ([f"{carried_out} carried out"] if carried_out else [])
    return f"{changed} changed ({', '.join(parts)}, {reworded} reworded, {resourced} re-sourced)"


def is_carried_out(change: PositionChange) -> bool:
    """A change in substance that is the position now carried out: told as carried out, not as
    a move."""
    return change.substantive and change.new.status is Status.implemented and change.old.status is not Status.implemented


def change_counts(changes: Sequence[PositionChange]) -> tuple[int, int, int, int, int]:
    """(changed, moved, carried out, reworded, re-sourced) of some changed positions, as the
    tally counts them (for a part of a comparison, such as what a search finds)."""
    moved = sum(c.substantive and not is_carried_out(c) for c in changes)
    carried = sum(is_carried_out(c) for c in changes)
    reworded = sum(c.change_class is ChangeClass.wording for c in changes)
    return len(changes), moved, carried, reworded, len(changes) - moved - carried - reworded


def tally(diff: RoundDiff) -> str:
    """'22 added, 3 removed, 10 changed (2 moved in substance, 2 reworded, 6 re-sourced), 0
    unchanged': only the changes in substance are moves (see tracker.diff.ChangeClass)."""
    counts = diff.summary()
    changed = changed_words(*change_counts(diff.changed))
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
