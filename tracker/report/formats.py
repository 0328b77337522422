"""The output formats: each registered once, with what it renders and how it is printed.

A format is a name mapped to its renderers, one per subject a command prints (a comparison, one
position, a round's positions, the rounds, the timeline), each named as "module:function" so a
command imports only the renderer it prints with. Every renderer of a subject takes the same
arguments; `diff`, `show`, `rounds`, `timeline` and `events` take their `--format` choices and help from
here, and the tests loop over this table. A new format is one renderer module and one line here.

    subject     the renderer's arguments
    diff        (comparison, show_unchanged)
    position    (dataset, position)
    positions   (dataset, round_id, positions, filters)
    rounds      (dataset)
    timeline    (dataset, timeline, title)
    events      (dataset, events, title)
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple


class Format(NamedTuple):
    name: str
    help: str
    renders: dict[str, str]
    """Subject -> 'module:function'."""
    prints: str = "plain"
    """How the result is printed: 'plain' text as it is, 'styled' text (coloured on a terminal
    through Rich), 'json' a document."""


FORMATS: tuple[Format, ...] = (
    Format(
        "text",
        "for reading in a terminal; coloured there, plain when piped",
        {
            "diff": "tracker.report.text:diff_text",
            "position": "tracker.report.text:position_detail_text",
            "positions": "tracker.report.text:positions_text",
            "rounds": "tracker.report.text:rounds_text",
            "timeline": "tracker.report.timeline:timeline_for_reading",
            "events": "tracker.report.text:events_text",
        },
        prints="styled",
    ),
    Format(
        "markdown",
        "a report to publish",
        {
            "diff": "tracker.report.markdown:diff_markdown",
            "position": "tracker.report.markdown:position_markdown",
            "positions": "tracker.report.markdown:positions_markdown",
            "timeline": "tracker.report.markdown:timeline_markdown",
            "events": "tracker.report.markdown:events_markdown",
        },
    ),
    Format(
        "json",
        "for scripts (docs/json-format.md)",
        {
            "diff": "tracker.report.records:diff_document",
            "position": "tracker.report.records:position_document",
            "positions": "tracker.report.records:positions_document",
            "rounds": "tracker.report.records:rounds_document",
            "timeline": "tracker.report.records:timeline_document",
            "events": "tracker.report.records:events_document",
        },
        prints="json",
    ),
    Format(
        "brief",
        "a few plain lines to paste",
        {
            "diff": "tracker.report.formats:diff_brief",
            "position": "tracker.report.formats:position_brief",
            "positions": "tracker.report.formats:positions_brief",
        },
    ),
    Format(
        "html",
        "one self-contained web page",
        {"diff": "tracker.report.html:diff_html", "timeline": "tracker.report.html:timeline_html"},
    ),
)

BY_NAME = {f.name: f for f in FORMATS}


def choices(subject: str) -> tuple[str, ...]:
    """The formats that render a subject, the default first."""
    return tuple(f.name for f in FORMATS if subject in f.renders)


def choices_help(subject: str) -> str:
    """'text (for reading …), markdown (a report to publish), …' for a command's --help."""
    return "; ".join(f"{f.name}: {f.help}" for f in FORMATS if subject in f.renders)


def renderer(subject: str, name: str) -> Any:
    module, function = BY_NAME[name].renders[subject].split(":")
    return getattr(importlib.import_module(module), function)


def render(subject: str, name: str, *args: Any) -> Any:
    """What the format makes of the subject: a string, styled text or a JSON document."""
    return renderer(subject, name)(*args)


def output(subject: str, name: str, *args: Any) -> None:
    """Render and print, each format the way it is printed."""
    from tracker.report.options import write

    result = render(subject, name, *args)
    how = BY_NAME[name].prints
    if how == "json":
        from tracker.report.records import dumps

        write(dumps(result), fallback=lambda: dumps(result, ascii_only=True))
    elif how == "styled":
        from tracker.report.console import print_renderable, print_text
        from tracker.report.styled import Styled

        # Styled text is coloured on a terminal and plain when piped; a table (the timeline on a
        # terminal) is drawn as it is.
        print_text(result) if isinstance(result, Styled) else print_renderable(result)
    else:
        write(result)


# --- the brief's renderers ----------------------------------------------------------------------


def diff_brief(comparison: Any, show_unchanged: bool = False) -> str:
    """The story alone, in at most 12 lines; the filters said first, so a pasted brief never
    passes for the whole comparison."""
    from tracker.report.story import BRIEF_LINES, brief_lines

    filters = comparison.filters
    lines = brief_lines(comparison.story, limit=BRIEF_LINES - bool(filters))
    return "\n".join(([f"Only {filters}."] if filters else []) + lines)


def position_brief(dataset: Any, position: Any) -> str:
    from tracker.report.words import one_line

    return f"{position.party}/{position.id} ({position.kind.value}, {position.status.value}): {one_line(position.summary)}"


def positions_brief(dataset: Any, round_id: str, positions: Any, filters: str = "") -> str:
    from tracker.report.words import positions_brief as brief

    return brief(round_id, positions, dataset)
