"""HTML pages a newsroom can publish: one self-contained file, the story first.

A page holds everything it needs: its styles inline, no scripts, no fonts, images or anything
else fetched. It reads on a phone (the tables fold into cards on a narrow screen) and prints
(links spelled out, colours kept, rows never split across pages).

Everything taken from the data is escaped once, by `_t`: a summary that reads `<script>` shows
as text, control characters (an escape code typed into a YAML file) show as `\\x1b`, and only
http(s) addresses become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tracker import __version__
from tracker.diff import Bucket, ChangeClass, RoundDiff
from tracker.matrix import Matrix, MatrixCell, Movement, Standing, Step
from tracker.model import JOINT, Position, Quantity
from tracker.report import changes, words
from tracker.report.status_words import milestones
from tracker.report import position_view as pv
from tracker.report.between import OUTSIDE_TITLE, STAGE_MARK, gone_words, tell_event
from tracker.report.grouping import WORDS, Entry, group_entries
from tracker.report.markdown import NOVELTY_WORDS
from tracker.report.position_view import position_view
from tracker.report.sources import cited_sources
from tracker.report.story import Section, Story, terms_used
from tracker.timeline import Timeline, TimelineCell

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.report.comparison import Comparison

# Noncharacters and lone surrogates: not allowed in an HTML document.
_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff\ud800-\udfff]")


def _t(value: Any) -> str:
    """Data as HTML text: control characters made visible, markup escaped."""
    text = words.visible(value)
    text = _NONCHARACTER.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return html.escape(text, quote=True)


def _line(value: Any) -> str:
    """Data as HTML text on one line."""
    return _t(" ".join(words.visible(value).split()))


# --- the page -----------------------------------------------------------------------------------

CSS = """
:root { --ink: #1a1a1a; --muted: #5c5c5c; --rule: #d6d3cc; --paper: #fffdf8; --accent: #8a1c1c;
  --added: #e3f1e0; --added-ink: #1d5e1d; --removed: #f7e1df; --removed-ink: #8a1c1c;
  --changed: #fbf0d2; --changed-ink: #6e5300; --held: #f0efeb; --quiet: #fafaf7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1rem 3rem; background: var(--paper); color: var(--ink);
  font: 1rem/1.5 Georgia, "Times New Roman", serif; }
h1, h2, h3, .kicker, table, .tally, footer, .legend { font-family: "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .6rem; }
h2 { font-size: 1.3rem; border-top: 3px solid var(--ink); padding-top: .5rem; margin: 2.2rem 0 .8rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
.kicker { color: var(--accent); text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; font-weight: bold; margin: 0; }
.dek { color: var(--muted); font-size: 1.1rem; margin: 0 0 1rem; }
.note { border-left: 4px solid var(--accent); padding: .3rem .8rem; background: #fff; }
.headline { border: 1px solid var(--rule); border-top: 4px solid var(--accent); background: #fff; padding: .4rem 1.2rem 1rem; }
.headline h2 { border: 0; margin-top: .6rem; }
.headline h3 { margin: 1rem 0 .3rem; }
.headline ul { margin: 0; padding-left: 1.2rem; }
.headline li { margin: .25rem 0; }
.tally { font-size: .9rem; color: var(--muted); }
.outcomes dt { font-weight: bold; font-family: "Helvetica Neue", Arial, sans-serif; font-size: .9rem; }
.outcomes dd { margin: 0 0 .5rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .4rem 0 1rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .45rem .5rem; text-align: left; vertical-align: top; }
tbody th { font-weight: normal; }
thead th { border-bottom: 2px solid var(--ink); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
td ul { margin: .2rem 0 0; padding-left: 1rem; }
.meta { display: block; color: var(--muted); font-size: .8rem; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); }
.badge { display: inline-block; border-radius: 3px; padding: 0 .35rem; font-size: .75rem; font-weight: bold; white-space: nowrap; }
.added .badge, .step-new .badge, .step-returned .badge { background: var(--added); color: var(--added-ink); }
.removed .badge, .step-dropped .badge { background: var(--removed); color: var(--removed-ink); }
.changed .badge, .step-changed .badge { background: var(--changed); color: var(--changed-ink); }
.unchanged .badge, .resourced .badge, .step-same .badge { background: var(--held); color: var(--muted); }
.gone { color: var(--muted); font-style: italic; }
.contested { color: var(--removed-ink); font-weight: bold; }
table.changes { table-layout: fixed; }
.changes thead th:nth-child(1) { width: 7.5rem; } .changes thead th:nth-child(2) { width: 7.5rem; }
.matrix td, .matrix th { text-align: center; }
.matrix th[scope=row] { text-align: left; }
.m-moved { background: var(--changed); } .m-new { background: var(--added); } .m-dropped { background: var(--removed); }
.m-held { background: var(--held); } .m-absent { background: var(--quiet); color: var(--muted); }
.s-agreed { color: var(--added-ink); font-weight: bold; } .s-apart { color: var(--removed-ink); font-weight: bold; }
.s-one-sided { color: var(--changed-ink); } .s-open, .s-silent { color: var(--muted); }
.legend { font-size: .8rem; color: var(--muted); }
.legend span { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border: 1px solid var(--rule); }
.timeline td { min-width: 11rem; }
.step-dropped, .step-absent { color: var(--muted); }
.sources li { margin: .3rem 0; }
a { color: var(--accent); }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; font-size: .8rem; color: var(--muted); }
@media (max-width: 40rem) {
  body { padding: 1rem .75rem 2rem; }
  h1 { font-size: 1.45rem; }
  table.cards, table.cards tbody, table.cards tr, table.cards td, table.cards th { display: block; width: 100%; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border: 1px solid var(--rule); border-radius: 4px; margin: 0 0 .8rem; padding: .3rem .5rem; background: #fff; }
  table.cards td, table.cards th { border: 0; padding: .25rem 0; }
  table.cards td[data-label]::before { content: attr(data-label); display: block; font-size: .7rem; text-transform: uppercase;
    letter-spacing: .04em; color: var(--muted); }
}
@media print {
  @page { margin: 1.5cm; }
  body { max-width: none; padding: 0; background: #fff; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, .headline { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  .sources a[href]::after { content: " <" attr(href) ">"; font-size: .8em; color: var(--muted); word-break: break-all; }
}
"""


def _page(title: str, body: Sequence[str]) -> str:
    """A whole document. `title` is already escaped; so is every line of `body`."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="tracker {_t(__version__)}">',
            f"<title>{title}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            *body,
            f"<footer>Made with tracker {_t(__version__)} from hand-curated data; every statement is tied to the sources listed.</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _table(classes: str, header: Sequence[str], rows: Iterable[str], caption: str = "") -> list[str]:
    out = ['<div class="table-wrap">', f'<table class="{classes}">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>")
    out += ["<tbody>", *rows, "</tbody>", "</table>", "</div>"]
    return out


def _td(label: str, content: str, classes: str = "") -> str:
    """A cell that, on a phone, shows its column's name above it (`label` is escaped)."""
    cls = f' class="{classes}"' if classes else ""
    return f'<td data-label="{label}"{cls}>{content}</td>'


# --- a comparison -------------------------------------------------------------------------------


def diff_html(comparison: Comparison, show_unchanged: bool = False) -> str:
    """`tracker diff --format html`: the story (tracker.report.story, built once, rendered here),
    the rounds' facts, the changes by topic with the old and new side by side, the contested
    figures, the matrix, the sources."""
    dataset, diff, story, filters = comparison.dataset, comparison.diff, comparison.story, comparison.filters
    first_label = words.round_place(dataset, diff.from_round)
    second_label = words.round_place(dataset, diff.to_round)
    title = f"{_line(first_label)} → {_line(second_label)}"
    first, second = dataset.rounds[diff.from_round].round, dataset.rounds[diff.to_round].round
    body = [
        "<header>",
        '<p class="kicker">What moved between two rounds of talks</p>',
        f"<h1>{title}</h1>",
        f'<p class="dek">Positions stated at {_round_phrase(first)} compared with {_round_phrase(second)}.</p>',
    ]
    if comparison.backwards:
        body.append(f'<p class="note"><strong>Note:</strong> {_t(words.BACKWARDS_NOTE)}.</p>')
    if filters:
        hint = words.joint_hint(dataset, diff)
        body.append(f'<p class="note">Only {_line(filters)}' + (f" {_line(hint)}" if hint else "") + ".</p>")
    body.append("</header>")
    body += _headline(story)
    body += _round_facts(dataset, diff)
    entries = comparison.shown(show_unchanged)
    body += _changes(dataset, diff, entries)
    body += _contested_section(dataset, diff)
    body += _matrix_section(dataset, comparison.matrix())
    cited = [e.position for e in entries] + [e.change.old for e in entries if e.change is not None]
    body += _sources_section(dataset, cited)
    return _page(title, body)


def _round_phrase(rnd: Any) -> str:
    return words.round_phrase(rnd, _line, "<em>{}</em>")


def _headline(story: Story) -> list[str]:
    """The story first: each round's outcome, then what moved, in plain lines a journalist can
    paste (each carries its party and figure), then the tally."""
    out = ['<section class="headline" id="headline">', "<h2>What moved</h2>", '<dl class="outcomes">']
    out += [f"<dt>{_line(o.label)}</dt><dd>{_line(o.outcome)}</dd>" for o in story.outcomes]
    out.append("</dl>")
    for section, title, items in story.sections():
        if section in (Section.new, Section.first_on_record, Section.returned):
            items = tuple(item for _, group in story.by_party(section) for item in group)  # party by party
        out.append(f"<h3>{_t(title)}</h3>")
        out.append("<ul>" + "".join(f"<li>{_line(item.text)}</li>" for item in items) + "</ul>")
    if not story.section(Section.moved) and not story.quiet:
        out.append(f"<p>Moved in substance: {_t(story.nothing_moved())}.</p>")
    if story.quiet:
        out.append(f"<p>{words.QUIET}</p>")
    out.append(f'<p class="tally">In all: {_line(story.tally.words())}.</p>')
    terms = terms_used(story)
    if terms:  # our words, explained where they are read
        out.append('<dl class="legend">' + "".join(f"<dt>{_t(term)}</dt><dd>{_line(meaning)}</dd>" for term, meaning in terms) + "</dl>")
    out.append("</section>")
    return out


def _round_facts(dataset: Dataset, diff: RoundDiff) -> list[str]:
    facts = words.round_fact_changes(dataset, diff)
    once = words.round_facts_once(dataset, diff)
    if not facts and not once:
        return []
    first, second = (words.round_dated(dataset, r) for r in (diff.from_round, diff.to_round))
    rows = [
        f'<tr><th scope="row"><strong>{_line(what[:1].upper() + what[1:])}</strong></th>{_td(_t(first), _line(old))}{_td(_t(second), _line(new))}</tr>'
        for what, old, new in facts
    ]
    out = ['<section id="rounds">', "<h2>The rounds</h2>"]
    if rows:
        out += _table("cards", ["", _t(first), _t(second)], rows)
    if once:  # what only one round records is not a change
        out.append('<p class="meta">Recorded for one round only (not a change):</p><ul>')
        out += [f"<li><strong>{_line(what[:1].upper() + what[1:])}:</strong> {_line(value)} ({_t(day)})</li>" for what, value, day in once]
        out.append("</ul>")
    return out + ["</section>"]


def _changes(dataset: Dataset, diff: RoundDiff, entries: Sequence[Entry]) -> list[str]:
    first, second = (words.round_dated(dataset, r) for r in (diff.from_round, diff.to_round))
    out = ['<section id="changes">', "<h2>What changed, topic by topic</h2>"]
    groups = group_entries(entries)
    if not groups:
        out.append("<p>Nothing: no position was added, removed or changed.</p>")
    for group in groups:
        out.append(f"<h3>{_line(dataset.topic_title(group.topic))}</h3>")
        rows = [_change_row(dataset, diff, entry, first, second) for entry in group.entries()]
        out += _table("cards changes", ["Party", "Change", _t(first), _t(second)], rows)
    out.append("</section>")
    return out


def _change_row(dataset: Dataset, diff: RoundDiff, entry: Entry, first: str, second: str) -> str:
    position = entry.position
    word = NOVELTY_WORDS[entry.novelty] if entry.novelty is not None else WORDS[entry.bucket]
    css = entry.bucket.value
    if entry.change is not None and entry.change.change_class is not ChangeClass.substance:
        # Reworded or re-sourced: the position did not move.
        word = words.REWORDED if entry.change.change_class is ChangeClass.wording else words.RESOURCED
        css = "resourced"
    if entry.bucket is Bucket.added:
        if entry.returned_from is not None:
            before = f'<span class="gone">{_line(words.returned_note(dataset, entry.returned_from, position))}</span>'
        else:
            before = '<span class="gone">not on record</span>'
        after = _position_block(dataset, position)
    elif entry.bucket is Bucket.removed:
        before = _position_block(dataset, position)
        after = f'<span class="gone">{_t(gone_words(dataset, diff.from_round, diff.to_round, position))}</span>'
    elif entry.change is not None:
        lines = changes.field_lines(dataset, entry.change)
        before = _position_block(dataset, entry.change.old, figures=False) + _field_list(lines, old=True)
        after = _position_block(dataset, entry.change.new, figures=False) + _field_list(lines, old=False)
    else:
        before = after = _position_block(dataset, position)
    party = "<strong>Joint</strong>" if position.party == JOINT else f"<strong>{_line(dataset.party_name(position.party))}</strong>"
    badge = f'<span class="badge">{entry.symbol} {_t(word)}</span>'
    return (
        f'<tr class="{css}" id="{_t(f"{position.party}--{position.id}")}">'
        f'<th scope="row">{party}</th>{_td("Change", badge)}{_td(_t(first), before)}{_td(_t(second), after)}</tr>'
    )


def _position_block(dataset: Dataset, position: Position, figures: bool = True, show_id: bool = True) -> str:
    """A position in a table cell: the view of it in full (tracker.report.position_view) cut to
    what a comparison needs beside it, in the same words."""
    view = position_view(dataset, position, answered_by=(), history=())
    out = [f"{_t(view.summary)}"]
    meta = _t(view.kind_and_status)
    if show_id:
        meta += f' · <span class="id">{_t(view.id)}</span>'
    out.append(f'<span class="meta">{meta}</span>')
    facts = []
    if view.fact(pv.L_PARTIES):
        facts.append(f"<strong>{_t(pv.L_PARTIES)}:</strong> {_t(view.fact(pv.L_PARTIES))}")
    if figures:
        facts += [_figure_item(figure) for figure in view.figures]
    facts += [f"<strong>condition:</strong> {_t(item)}" for item in view.conditions]
    facts += [f"<strong>responds to:</strong> {_t(item)}" for item in view.answers]
    if position.point is not None:
        facts.append(f"<strong>on:</strong> {_t(changes.point_words(dataset, position.point))}")
    if facts:
        out.append("<ul>" + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    return "".join(out)


def _figure_item(figure: pv.FigureView) -> str:
    said = f'<span class="contested">{_t(figure.words)}</span>' if figure.contested else _t(figure.words)
    raw = f' <span class="meta">“{_t(figure.raw)}”</span>' if figure.raw else ""
    return f"<strong>{_t(figure.what)}:</strong> {said}{raw}"


def _field_list(lines: Sequence[changes.FieldLine], old: bool) -> str:
    """A changed position's fields, the old values in the first column and the new in the second."""
    items = []
    for line in lines:
        if line.field == "summary":
            continue  # the summaries head both columns
        label = f"<strong>{_line(line.label)}:</strong>"
        if line.text is not None:
            if not old:  # a remark on the change as a whole ('3 → 4 citations'): told once, in the new column
                items.append(f"{label} {_line(line.text)}")
        elif line.gained or line.lost:
            shown = line.lost if old else line.gained
            sign = "−" if old else "+"
            items += [f"{label} {sign} {_line(item)}" for item in shown]
        else:
            value = line.old if old else line.new
            flag = ""
            if not old and line.contested:
                flag = ' <span class="contested">contested</span>'
            elif not old and line.settled:
                flag = " (no longer contested)"
            items.append(f"{label} {_line(value)}{flag}")
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else ""


def _contested_section(dataset: Dataset, diff: RoundDiff) -> list[str]:
    """Every figure the sources disagree on at the second round: who says what, in whose words."""
    keep = diff.filtered(diff.parties, diff.topics) if (diff.parties or diff.topics) else diff
    positions = [p for p in (*keep.added, *(c.new for c in keep.changed), *keep.unchanged)]
    from tracker.diff import sort_key

    positions.sort(key=lambda p: sort_key(dataset, p))
    rows = []
    for position in positions:
        for quantity in position.quantities:
            if quantity.contested:
                rows.append(_claims_row(dataset, _party_and_position(dataset, position), quantity))
    rnd = dataset.rounds[diff.to_round].round
    if rnd.duration is not None and rnd.duration.contested and not diff.parties:
        rows.append(_claims_row(dataset, f"<strong>The round</strong><span class=\"meta\">{_line(words.round_place(dataset, rnd.id))}</span>", rnd.duration))
    if not rows:
        return []
    return [
        '<section id="contested">',
        "<h2>Contested figures</h2>",
        f"<p>Figures the sources give differently at {_t(words.round_place(dataset, diff.to_round))}: every version is kept, none is settled.</p>",
        *_table("cards", ["Position", "Figure", "Who says what"], rows),
        "</section>",
    ]


def _party_and_position(dataset: Dataset, position: Position) -> str:
    party = "Joint" if position.party == JOINT else _line(dataset.party_name(position.party))
    return f"<strong>{party}</strong>: {_line(position.summary)}"


def _claims_row(dataset: Dataset, subject: str, quantity: Quantity) -> str:
    claims = []
    for claim in quantity.claims:
        line = words.claim_line(words.claim_parts(dataset, quantity, claim), _line, "<strong>{}</strong>", '<span class="meta">{}</span>')
        claims.append(f"<li>{line}</li>")
    return f'<tr><th scope="row">{subject}</th>{_td("Figure", _line(quantity.what))}{_td("Who says what", "<ul>" + "".join(claims) + "</ul>")}</tr>'


MOVEMENT_WORDS = {
    Movement.moved: "moved",
    Movement.held: "held",
    Movement.new: "now on record",
    Movement.dropped: "none on record now",
    Movement.absent: "—",
}
STANDING_WORDS = {
    Standing.agreed: "a joint agreement is in force",
    Standing.apart: "two or more parties state positions, no agreement in force",
    Standing.one_sided: "only one party states a position",
    Standing.open: "joint agreements on record, none agreed or carried out",
    Standing.silent: "nobody states anything",
}


def _matrix_section(dataset: Dataset, matrix: Matrix) -> list[str]:
    if not matrix.rows:
        return []
    header = ["Topic"] + ["Joint" if p == JOINT else _line(dataset.party_name(p)) for p in matrix.parties] + ["Where it stands"]
    rows = []
    for row in matrix.rows:
        cells = [f'<th scope="row"><strong>{_line(dataset.topic_title(row.topic))}</strong></th>']
        for party in matrix.parties:
            name = "Joint" if party == JOINT else _line(dataset.party_name(party))
            cells.append(_td(name, _matrix_cell(row.cell(party)), f"m-{row.cell(party).movement.value}"))
        standing = row.standing
        cells.append(_td("Where it stands", f'<span class="s-{standing.value}">{_t(standing.value)}</span>'))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    since = words.round_dated(dataset, matrix.from_round)
    now = words.round_dated(dataset, matrix.to_round)
    legend = " ".join(
        f'<span class="m-{m.value}">{_t(MOVEMENT_WORDS[m] if m is not Movement.absent else "nothing on record")}</span>'
        for m in Movement
    )
    standings = "; ".join(f"<strong>{_t(s.value)}</strong>: {_t(STANDING_WORDS[s])}" for s in Standing)
    return [
        '<section id="matrix">',
        "<h2>Where the parties stand</h2>",
        f"<p>Each party on each topic on {_t(now)}, and how that moved since {_t(since)}.</p>",
        f'<p class="legend">{legend}</p>',
        *_table("cards matrix", header, rows),
        f'<p class="legend">{standings}.</p>',
        "</section>",
    ]


def _matrix_cell(cell: MatrixCell) -> str:
    if cell.movement is Movement.absent:
        return "—"
    counts = []
    if cell.after:
        counts.append(words.plural(len(cell.after), "position"))
    # Not on record at the first round is not the same as new: the sources may not have reported it.
    for step, label in ((Step.new, "new"), (Step.first_on_record, "first on record"), (Step.returned, "back after a gap"), (Step.changed, "changed")):
        n = sum(s is step for s in cell.steps)
        if n:
            counts.append(f"{n} {label}")
    if cell.dropped:
        counts.append(f"{len(cell.dropped)} no longer on record")
    return f"<strong>{_t(MOVEMENT_WORDS[cell.movement])}</strong><span class=\"meta\">{_t(', '.join(counts))}</span>"


def _sources_section(dataset: Dataset, positions: Sequence[Position]) -> list[str]:
    """Every document the positions cite, in the catalogue's order, linked where it has an address."""
    cited = cited_sources(dataset, positions)
    if not cited:
        return []
    items = []
    for source in cited:
        if not source.in_catalogue:
            items.append(f"<li>{_line(source.id)}</li>")
            continue
        title = f"<cite>{_line(source.title)}</cite>"
        if source.url is not None:
            title = f'<a href="{html.escape(source.url, quote=True)}" rel="noreferrer">{title}</a>'
        items.append(f"<li>{_line(source.outlet)}, {source.date}, {title}</li>")
    return ['<section id="sources">', "<h2>Sources</h2>", '<ol class="sources">', *items, "</ol>", "</section>"]


# --- the timeline -------------------------------------------------------------------------------

STEP_CSS = {"new": "step-new", "returned": "step-returned", "changed": "step-changed", "same": "step-same", "dropped": "step-dropped", "absent": "step-absent"}


def timeline_html(dataset: Dataset, timeline: Timeline, title: str) -> str:
    """`tracker timeline --format html`: a table per topic, a row per position, a column per round."""
    heading = _line(title)
    labels = [words.round_place(dataset, r) for r in timeline.rounds]
    body = [
        "<header>",
        '<p class="kicker">Positions round by round</p>',
        f"<h1>{heading}</h1>",
        f'<p class="dek">{_t(words.plural(len(timeline.rounds), "round"))}: {_line("; ".join(labels))}.</p>',
        "</header>",
    ]
    topics: dict[str, list] = {}
    for row in timeline.rows:
        topics.setdefault(row.topic, []).append(row)
    for topic, rows in topics.items():
        body.append(f"<h2>{_line(dataset.topic_title(topic))}</h2>")
        table_rows = []
        for row in rows:
            party = "Joint" if row.party == JOINT else _line(dataset.party_name(row.party))
            milestone = milestones(dataset, row.cells, row.stages)
            head = f'<th scope="row"><strong>{party}</strong><span class="meta id">{_t(row.id)}</span>'
            if milestone:
                head += f'<span class="meta">{_line(milestone)}</span>'
            head += "".join(f'<span class="meta">{STAGE_MARK} {_line(tell_event(dataset, event).text)}</span>' for event in row.stages)
            head += "</th>"
            cells = []
            previous: Position | None = None
            for cell, label in zip(row.cells, labels):
                css = "step-same" if cell.position is not None and words.step_word(cell) == "re-sourced" else STEP_CSS[cell.step.value]
                cells.append(_td(_t(label), _timeline_cell(dataset, cell, previous), css))
                if cell.position is not None:
                    previous = cell.position
            table_rows.append("<tr>" + head + "".join(cells) + "</tr>")
        body += _table("cards timeline", ["Party", *(_t(label) for label in labels)], table_rows)
    if not timeline.rows:
        body.append("<p>Nothing on record.</p>")
    if timeline.events:
        body.append(f"<h2>{_t(OUTSIDE_TITLE)}</h2>")
        body.append("<ul>" + "".join(f"<li>{_line(tell_event(dataset, event).text)}</li>" for event in timeline.events) + "</ul>")
    cited = [c.position for row in timeline.rows for c in row.cells if c.position is not None]
    body += _sources_section(dataset, cited)
    return _page(heading, body)


def _timeline_cell(dataset: Dataset, cell: TimelineCell, previous: Position | None) -> str:
    if cell.position is None:
        return '<span class="gone">not on record</span>' if cell.step.value == "dropped" else "—"
    position = cell.position
    out = f'<span class="badge">{_t(words.step_word(cell))}</span> ' + _position_block(dataset, position, show_id=False)
    if cell.changes and previous is not None:
        from tracker.diff import PositionChange

        out += f'<span class="meta">{_line(changes.compact_changes(dataset, PositionChange(previous, position, cell.changes)))}</span>'
    return out
