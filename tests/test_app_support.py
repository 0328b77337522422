"""Factories and helpers for the app's tests: small datasets written as YAML files."""

from __future__ import annotations

import asyncio
import functools
import shutil
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import yaml
from conftest import GOOD_DATA, REPO

BUNDLED_DATA = REPO / "positions"

# A summary and a quote that would be markup, an unclosed bracket and an escape sequence if
# they were not shown literally.
MARKUP_SUMMARY = "[bold]Not bold[/bold] and an unclosed [ then \x1b[31mred? [link=https://x]y[/link] :smile:"
MARKUP_QUOTE = "[/] closing nothing [/x] and [@click=app.quit]quit[/]"


def app_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (the project has no asyncio plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


# How long a test waits for the state it expects before failing. Only a hang or a bug reaches it,
# so it is generous: a loaded machine makes a test slower, never wrong.
WAIT_SECONDS = 60.0

# Workers that wait on the user rather than work: the file watcher runs until the app stops; an
# "edit" flow waits while a dialog or an editor it opened is on top; the editor's close flow
# waits while its question is on top of the editor.
WATCHER_GROUP = "live-reload-watch"


def _waits_on_the_user(worker: Any, app: Any) -> bool:
    from tracker.app.screens.editor import EditorScreen

    if worker.group == WATCHER_GROUP:
        return True
    if worker.group == "edit":
        return len(app.screen_stack) > 1
    if worker.group == "editor-close":
        return not isinstance(app.screen, EditorScreen)
    return False


async def settle(pilot: Any, timeout: float = WAIT_SECONDS) -> None:
    """Wait until loading, comparing, saving and reloading have finished and their messages are
    handled; a flow that waits on a dialog or an editor counts as settled once that is on top."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        busy = [w for w in app.workers if not w.is_finished and not _waits_on_the_user(w, app)]
        if not busy:
            await pilot.pause()
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still working after {timeout:.0f} s: {busy}")
        await asyncio.sleep(0.01)


async def until(pilot: Any, condition: Callable[[], object], timeout: float = WAIT_SECONDS) -> None:
    """Wait until `condition()` holds (the app keeps running meanwhile); fail if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout:.0f} s: {getattr(condition, '__name__', condition)}")
        await asyncio.sleep(0.01)
        await pilot.pause()


async def watcher_ready(pilot: Any) -> None:
    """Wait until live reload's watcher sees changes (a change made before would be missed)."""
    await until(pilot, pilot.app.watcher.watch_ready.is_set)


async def palette_results(pilot: Any, expected: str = "") -> None:
    """Wait until the command palette has searched what was typed and found `expected`."""
    from textual.command import CommandList, CommandPalette

    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette), palette
    hits = palette.query_one(CommandList)

    def searched() -> bool:
        gathering = [w for w in pilot.app.workers if w.group == CommandPalette._GATHER_COMMANDS_GROUP and not w.is_finished]
        found = (str(option.prompt).lower() for option in hits.options)
        return not gathering and any(expected.lower() in prompt for prompt in found)

    await until(pilot, searched)


def said(app: Any) -> list[str]:
    """The message of every notification the app showed, expired or not (tests/conftest.py keeps them)."""
    return [str(n.message) for n in getattr(app, "said", [])]


def copy_good(tmp_path: Path) -> Path:
    target = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, target)
    return target


def add_position(root: Path, round_id: str, party: str, position: dict[str, Any]) -> None:
    path = root / "rounds" / round_id / f"{party}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {"positions": []}
    data["positions"].append(position)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


MARKUP_PARTY = "[b]Ukr\x1b[31maine[/b"
MARKUP_TOPIC = "[/]Cease [fire"


def markup_dataset(tmp_path: Path) -> Path:
    """A summary, quote, note, party name, topic title and venue that look like markup."""
    root = copy_good(tmp_path)
    for name, key, field, value in (("parties.yaml", "parties", "name", MARKUP_PARTY), ("topics.yaml", "topics", "title", MARKUP_TOPIC)):
        data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
        data[key][0][field] = value
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    round_file = root / "rounds" / "2025-06-02-istanbul" / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace("venue: Ciragan Palace", 'venue: "[red]Palace[/"'), encoding="utf-8")
    add_position(
        root,
        "2025-06-02-istanbul",
        "ukraine",
        {
            "id": "markup-test",
            "topic": "ceasefire",
            "kind": "demand",
            "summary": MARKUP_SUMMARY,
            "evidence": [{"source": "src-a", "quote": MARKUP_QUOTE, "speaker": "[i]Someone"}],
            "notes": "[red]note[/red]",
        },
    )
    return root


def broken_dataset(tmp_path: Path, catalogue: bool = False) -> Path:
    """The good dataset with a typo in the second round's russia.yaml (the first round can still
    be shown), or with `catalogue`, in parties.yaml (then nothing can)."""
    root = copy_good(tmp_path)
    path = root / ("parties.yaml" if catalogue else "rounds/2025-06-02-istanbul/russia.yaml")
    old, new = ("role: party", "role: partie") if catalogue else ("kind: precondition", "kind: precondtion")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return root


def large_dataset(tmp_path: Path, count: int = 10_000, rounds: int = 1) -> Path:
    """`count` positions per round, spread over two parties and the good dataset's topics."""
    root = tmp_path / "large"
    root.mkdir()
    for name in ("parties.yaml", "topics.yaml", "sources.yaml"):
        shutil.copy(GOOD_DATA / name, root / name)
    topics = ["ceasefire", "prisoners", "remains", "political-process"]
    words = ["ceasefire", "prisoners", "exchange", "memorandum", "monitoring", "territory", "sanctions", "children"]
    for r in range(rounds):
        round_id = f"2025-0{r + 1}-01-round"
        folder = root / "rounds" / round_id
        folder.mkdir(parents=True)
        (folder / "round.yaml").write_text(
            yaml.safe_dump({"id": round_id, "date": f"2025-0{r + 1}-01", "place": "Istanbul", "outcome": "Talks held."}),
            encoding="utf-8",
        )
        for p, party in enumerate(("ukraine", "russia")):
            positions = [
                {
                    "id": f"position-{i}",
                    "topic": topics[i % len(topics)],
                    "kind": "demand" if i % 3 else "offer",
                    "summary": f"Position {i} about {words[i % len(words)]} and {words[(i * 7) % len(words)]} number {i * 31 % 997}.",
                    "quantities": [{"what": "days", "value": i % 90}] if i % 5 == 0 else [],
                    "evidence": [{"source": "src-a", "note": f"Reported as item {i}."}],
                }
                for i in range(p, count, 2)
            ]
            (folder / f"{party}.yaml").write_text(yaml.safe_dump({"positions": positions}, sort_keys=False), encoding="utf-8")
    return root


def screen_text(app: Any) -> str:
    """Everything the app shows right now, as text."""
    from textual.widgets import DataTable

    from tracker.app.widgets.panes import Bar, DetailPane
    from tracker.app.widgets.virtual_table import VirtualTable

    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, (Bar, DetailPane)) and widget.display:
            parts.append(widget.plain)
        elif isinstance(widget, VirtualTable) and widget.display:
            parts.append(table_text(widget))
        elif isinstance(widget, DataTable) and widget.display:
            for row in range(widget.row_count):
                parts.append(" | ".join(str(getattr(c, "plain", c)) for c in widget.get_row_at(row)))
    return "\n".join(parts)


def table_text(table: Any) -> str:
    """Every row of a VirtualTable as its cells' plain text (not just the rows on screen)."""
    lines = []
    for row in table.rows:
        cells = table.renderer(row)
        lines.append(cells.plain if hasattr(cells, "plain") else " | ".join(c.plain for c in cells))
    return "\n".join(lines)
