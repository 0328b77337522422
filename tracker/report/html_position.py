"""One position in full as an HTML page: the view every report gives (tracker.report.position_view),
laid out on the comparison page's paper, with its escaping (`_t`) and its rule for links."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from tracker.report import position_view as pv
from tracker.report import words
from tracker.report.html import _figure_item, _page, _t
from tracker.report.sources import safe_url
from tracker.report.position_view import PositionView, position_view

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Position


def position_html(dataset: Dataset, position: Position) -> str:
    """One position in full as a page: the view every report gives, laid out."""
    return view_html(position_view(dataset, position))


def view_html(view: PositionView) -> str:
    title = f"{_t(view.party)} · {_t(view.id)}"
    body = [
        "<header>",
        '<p class="kicker">A position in full</p>',
        f'<h1>{_t(view.party)} · <span class="id">{_t(view.id)}</span></h1>',
        f'<p class="dek">{_t(view.summary)}</p>',
        "</header>",
        "<ul>" + "".join(f"<li><strong>{_t(label)}:</strong> {_t(value)}</li>" for label, value in view.facts) + "</ul>",
    ]
    if view.figures:
        items = []
        for figure in view.figures:
            claims = [words.claim_line(claim, _t, "<strong>{}</strong>", '<span class="meta">. {}</span>') for claim in figure.claims]
            listed = "<ul>" + "".join(f"<li>{c}</li>" for c in claims) + "</ul>" if claims else ""
            items.append(f"<li>{_figure_item(figure)}{listed}</li>")
        body += [f"<section><h2>{pv.FIGURES}</h2>", "<ul>" + "".join(items) + "</ul>", "</section>"]
    for title_, items_ in ((pv.CONDITIONS, view.conditions), (pv.ANSWERS, view.answers), (pv.ANSWERED_BY, view.answered_by)):
        if items_:
            body += [f"<section><h2>{title_}</h2>", "<ul>" + "".join(f"<li>{_t(item)}</li>" for item in items_) + "</ul>", "</section>"]
    if view.history:
        lines = [f"<li><strong>{_t(h.round)}</strong>: {_t(h.words)}</li>" if h.here else f"<li>{_t(h.round)}: {_t(h.words)}</li>" for h in view.history]
        body += [f"<section><h2>{pv.HISTORY}</h2>", "<ul>" + "".join(lines) + "</ul>", "</section>"]
    body += [f"<section><h2>{pv.EVIDENCE}</h2>", '<ol class="sources">', *(f"<li>{_evidence_item(e)}</li>" for e in view.evidence), "</ol>", "</section>"]
    if view.notes:
        body += [f"<section><h2>{pv.NOTES}</h2>", f"<p>{_t(view.notes)}</p>", "</section>"]
    return _page(title, body)


def _evidence_item(evidence: pv.EvidenceView) -> str:
    out = _t(evidence.source)
    if evidence.title:
        cite = f"<cite>{_t(evidence.title)}</cite>"
        url = safe_url(evidence.url)
        out += f', <a href="{html.escape(url, quote=True)}" rel="noreferrer">{cite}</a>' if url else f", {cite}"
    if evidence.quote:
        out += f"<br>“{_t(evidence.quote)}” — {_t(evidence.speaker)}"
    elif evidence.speaker:
        out += f"<br>speaker: {_t(evidence.speaker)}"
    if evidence.note:
        out += f'<span class="meta">{_t(evidence.note)}</span>'
    return out
