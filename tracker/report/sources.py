"""The documents a report cites, and which of their addresses become links: one list and one rule
for the Markdown and the HTML reports, which only render them, each escaping for its own markup.

A report's sources are data from the catalogue, written by whoever curated it: an address becomes
a link only when it is a web address that cannot end the link early in either format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.report.words import human_date

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Position, Source

# http or https, then printable ASCII to the end: never a script link (`javascript:`, `data:`),
# a control character or a space.
_WEB_ADDRESS = re.compile(r"https?://[\x21-\x7e]+")
# What could close a link early: `<`, `>` and `\` a Markdown link `[…](<…>)`, the quotes and the
# backtick an HTML attribute. Both formats refuse all of them, so a report links the same
# sources whichever format it is in.
_ENDS_A_LINK = re.compile(r"[<>\"'\\`]")


def safe_url(url: str | None) -> str | None:
    """The address when it may be a link (http or https, in printable ASCII, nothing that could
    end the link early), else None."""
    if url and _WEB_ADDRESS.fullmatch(url) and not _ENDS_A_LINK.search(url):
        return url
    return None


@dataclass(frozen=True, slots=True)
class CitedSource:
    """One document a report cites, as its list of sources gives it. A source the catalogue does
    not have has its id alone."""

    id: str
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    """When it was published, in words: '2 June 2025'."""
    url: str | None = None
    """Its address when it may be a link (safe_url), else None."""

    @property
    def in_catalogue(self) -> bool:
        return self.outlet is not None


def cite(source: Source) -> CitedSource:
    """A catalogue entry as a report cites it."""
    return CitedSource(source.id, source.outlet, source.title, human_date(source.published), safe_url(source.url))


def cited_sources(dataset: Dataset, positions: Iterable[Position]) -> list[CitedSource]:
    """Every document the positions cite (their evidence and their figures' claims), in the
    catalogue's order, then the ids the catalogue does not have, sorted."""
    positions = list(positions)
    ids = {e.source for p in positions for e in p.evidence}
    ids |= {c.source for p in positions for q in p.quantities for c in q.claims}
    listed = [cite(source) for source_id, source in dataset.sources.items() if source_id in ids]
    return listed + [CitedSource(source_id) for source_id in sorted(ids - set(dataset.sources))]
