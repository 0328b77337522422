"""The command palette's own commands (ctrl+p): rounds, comparisons, filters, export, reload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tracker.app.data import ShownData
from tracker.app.render import KIND_LABELS, visible
from tracker.model import JOINT, KIND_MEANINGS, Kind, Status
from tracker.round_names import round_name

if TYPE_CHECKING:
    from tracker.app.editing import Editing
    from tracker.app.screens.browse import BrowseScreen
    from tracker.app.screens.compare import CompareScreen

Command = tuple[str, Callable[[], Awaitable[None] | None], str]
"""Text shown, what it does, help line. The palette reads strings as markup: names from the
data are passed as Content or escaped."""


def markup_literal(text: str) -> str:
    """Text the palette parses as markup, made to show as typed (textual's escape misses `[/x`)."""
    return text.replace("[", "\\[")


def highlight_literal(matcher: Matcher, text: str) -> Content:
    """The matched letters highlighted, as `Matcher.highlight` does, without reading the text as
    markup: a name such as "Sanctions [draft]" shows whole, and a stray `[/x` cannot end the search."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class AppDiscoveryHit(DiscoveryHit):
    """The palette lists the hits of an empty search by score, every discovery hit 0 and in the
    order the providers happen to answer: the app's own commands score 1, so they come first."""

    @property
    def score(self) -> float:
        return 1.0


class PaletteHost(ShownData, Protocol):
    """What the palette's commands use of the app: its data, screens, actions and editing."""

    current_mode: str
    editing: Editing

    def action_reload(self) -> None: ...

    def action_browse(self) -> None: ...

    def action_help(self) -> None: ...

    async def show_browse(self) -> BrowseScreen: ...

    async def show_compare(self) -> CompareScreen: ...


class TrackerCommands(Provider):
    @property
    def tracker(self) -> PaletteHost:
        return self.app  # type: ignore[return-value]

    def _on_compare(self) -> bool:
        from tracker.app.screens.compare import CompareScreen

        return isinstance(self.screen, CompareScreen) or self.tracker.current_mode == "compare"

    def commands(self) -> Iterator[Command]:
        app = self.tracker
        dataset = app.dataset
        yield ("Reload data", app.action_reload, f"read {app.data_dir} again")
        if dataset is None:
            return
        yield ("Browse positions", app.action_browse, "the positions of one round")
        ids = dataset.round_ids()
        if len(ids) >= 2:
            yield ("Compare the two latest rounds", partial(self._compare, ids[-2], ids[-1], False), f"{ids[-2]} → {ids[-1]}")
            yield ("Matrix of the two latest rounds", partial(self._compare, ids[-2], ids[-1], True), "topics × parties at both rounds")
        yield ("Export comparison as Markdown…", self._export, "write the comparison on the compare screen to a file")
        yield ("New position…", app.editing.palette_new_position, "a commented template in the party's file, in the editor")
        yield ("New round…", app.editing.new_round, "start a round as a copy of the latest one's files")
        yield ("Show round facts", self._facts, "date, venue, chair, delegations, joint agreements")
        yield ("Toggle unchanged positions", self._toggle_unchanged, "on the compare screen")
        yield ("Clear filters", self._clear_filters, "party, topic, kind and status")
        yield ("Help: every key of the app", app.action_help, "the ? screen")
        for round_id in ids:
            yield (f"Switch round: {round_name(dataset, round_id)}", partial(self._switch_round, round_id), f"browse {round_id}")
        for i, older in enumerate(ids):
            for newer in ids[i + 1 :]:
                label = f"Compare rounds: {round_name(dataset, older)} → {round_name(dataset, newer)}"
                yield (label, partial(self._compare, older, newer, None), f"{older} → {newer}")
        for party in [*dataset.parties, JOINT]:
            yield (f"Filter by party: {dataset.party_name(party)}", partial(self._filter, "party", party), party)
        for topic_id, topic in dataset.topics.items():
            yield (f"Filter by topic: {topic.title}", partial(self._filter, "topic", topic_id), topic_id)
        # Kind and status: the browse table's filters (the comparison filters by party and topic).
        for kind in Kind:
            yield (f"Filter by kind: {KIND_LABELS[kind]}", partial(self._filter_browse, "kind", kind.value), KIND_MEANINGS.get(kind, kind.value))
        for status in Status:
            yield (f"Filter by status: {status.value}", partial(self._filter_browse, "status", status.value), "positions of the round browsed")

    def _commands(self) -> Iterator[Command]:
        # Names from the data: control characters made visible, never sent to the terminal.
        for text, command, help_text in self.commands():
            yield visible(text), command, visible(help_text)

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            if not text.startswith(("Switch round", "Compare rounds", "Filter by")):
                yield AppDiscoveryHit(Text(text), command, text=text, help=markup_literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        # Textual's fuzzy score is at most 4 per letter of the query: lifted above that, the
        # app's own commands come before Textual's generic ones, each kind in its own order.
        lift = 4 * len(query) + 1
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(lift + score, highlight_literal(matcher, text), command, text=text, help=markup_literal(help_text))

    # -- what the commands do ------------------------------------------------------------------

    async def _switch_round(self, round_id: str) -> None:
        screen = await self.tracker.show_browse()
        screen.set_round(round_id)

    async def _compare(self, older: str, newer: str, matrix: bool | None) -> None:
        screen = await self.tracker.show_compare()
        screen.set_rounds(older, newer)
        if matrix is not None and screen.matrix_view != matrix:
            screen.action_toggle_matrix()

    async def _filter(self, field: str, value: str) -> None:
        if self._on_compare():
            screen = await self.tracker.show_compare()
            screen.set_filter(**{field: value})
        else:
            browse = await self.tracker.show_browse()
            browse.set_filter(**{field: value})

    async def _filter_browse(self, field: str, value: str) -> None:
        browse = await self.tracker.show_browse()
        browse.set_filter(**{field: value})

    async def _clear_filters(self) -> None:
        if self._on_compare():
            (await self.tracker.show_compare()).action_clear_filters()
        else:
            (await self.tracker.show_browse()).action_clear_filters()

    async def _export(self) -> None:
        screen = await self.tracker.show_compare()
        screen.action_export_markdown()

    async def _toggle_unchanged(self) -> None:
        (await self.tracker.show_compare()).action_toggle_unchanged()

    async def _facts(self) -> None:
        if self._on_compare():
            (await self.tracker.show_compare()).action_round_facts()
        else:
            (await self.tracker.show_browse()).action_round_facts()
