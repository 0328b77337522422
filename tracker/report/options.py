"""What the report commands share: their options, checking the names a user gives, printing.

Argument registration is kept free of the data model (pydantic is slow to import and every
command module is imported to build `tracker --help`); names are checked once the data is
loaded, where the valid ones are known and can be listed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.dataset import Dataset

EXIT_OK, EXIT_DIFFERENCES, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A name or an option the data does not know: printed, and the command exits 2."""


def usage_error(error: UsageError) -> int:
    print(f"tracker: {error}", file=sys.stderr)
    return EXIT_USAGE


def write(output: str, fallback: Callable[[], str] | None = None) -> None:
    """Plain output (JSON, Markdown, the brief), without Rich. Flushed here so a closed pipe is
    reported while the command can still handle it, not at interpreter exit.

    Where stdout cannot encode a character (PYTHONIOENCODING=latin-1, an old console), print
    `fallback` (JSON with \\u escapes) or the text with '?' in its place, rather than fail."""
    if not output.endswith("\n"):
        output += "\n"
    try:
        sys.stdout.write(output)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        sys.stdout.write(fallback() if fallback else output.encode(encoding, errors="replace").decode(encoding))
    sys.stdout.flush()


def add_format(parser: argparse.ArgumentParser, formats: Sequence[str], described: str = "") -> None:
    """--format with its choices and what each is for (from tracker.report.formats)."""
    described = f": {described}" if described else ""
    parser.add_argument(
        "-f", "--format", choices=formats, default=formats[0],
        help=f"output format (default: {formats[0]}){described}",
    )  # fmt: skip


def add_filters(parser: argparse.ArgumentParser, topic: bool = True) -> None:
    parser.add_argument(
        "-p", "--party", action="append", default=[], metavar="PARTY",
        help="only this party: its id, name or short name (repeatable, or comma-separated); `joint` for the joint agreements",
    )  # fmt: skip
    if topic:
        parser.add_argument(
            "-t", "--topic", action="append", default=[], metavar="TOPIC",
            help="only this topic: its id or title (repeatable, or comma-separated)",
        )  # fmt: skip


def split(values: Iterable[str] | None) -> list[str]:
    """`--party a,b --party c` -> [a, b, c]."""
    out: list[str] = []
    for value in values or ():
        names = [v.strip() for v in value.split(",") if v.strip()]
        if not names:  # `--party ''` would otherwise filter nothing out: everything, unasked
            raise UsageError(f"{value!r} names nothing: give a name, or leave the option out to take everything")
        out += names
    return list(dict.fromkeys(out))


def _fold(name: str) -> str:
    """How a typed name is matched: case and accents go, every script's letters stay
    ('Türkiye' -> 'turkiye', 'United States' -> 'united-states', 'Россия' -> 'россия')."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "-".join(folded.replace("_", " ").replace("-", " ").split())


def check_names(
    what: str, plural: str, given: Sequence[str], valid: Sequence[str], aliases: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """The ids the user named. An id matches as it is; failing that, an id, a name or a short
    name (`aliases`: (alias, id) pairs) matches regardless of case and accents, where only one
    id has it."""
    by_alias: dict[str, set[str]] = {}
    for alias, name in [(v, v) for v in valid] + list(aliases):
        if _fold(alias):
            by_alias.setdefault(_fold(alias), set()).add(name)
    resolved = []
    for name in given:
        if name not in valid:
            ids = by_alias.get(_fold(name), set())
            if len(ids) > 1:  # said as a round is: which ones it could be, never 'unknown'
                raise UsageError(f"{what} {name!r} is ambiguous: it could be {', '.join(v for v in valid if v in ids)}")
            if ids:
                name = next(iter(ids))
        resolved.append(name)
    given = list(dict.fromkeys(resolved))
    unknown = [name for name in given if name not in valid]
    if unknown:
        import difflib

        names = ", ".join(repr(n) for n in unknown)
        hint = ""
        close = difflib.get_close_matches(unknown[0], list(valid), n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        noun = what if len(unknown) == 1 else plural
        raise UsageError(f"unknown {noun} {names}{hint}; the {plural} are: {', '.join(valid)}")
    return list(given)


def check_parties(dataset: Dataset, given: Iterable[str] | None) -> list[str]:
    from tracker.model import JOINT

    aliases = [(alias, p.id) for p in dataset.parties.values() for alias in (p.name, p.short) if alias]
    return check_names("party", "parties", split(given), [*dataset.parties, JOINT], aliases)


def check_topics(dataset: Dataset, given: Iterable[str] | None) -> list[str]:
    aliases = [(t.title, t.id) for t in dataset.topics.values()]
    return check_names("topic", "topics", split(given), list(dataset.topics), aliases)


def party_id(dataset: Dataset, name: str) -> str:
    """The party id a name, short name or id stands for (see check_names); as given if none."""
    try:
        return check_parties(dataset, [name])[0]
    except (UsageError, IndexError):
        return name


def topic_id(dataset: Dataset, name: str) -> str:
    try:
        return check_topics(dataset, [name])[0]
    except (UsageError, IndexError):
        return name


def resolve_round(dataset: Dataset, name: str) -> str:
    try:
        return dataset.resolve_round(name)
    except LookupError as exc:
        raise UsageError(str(exc.args[0] if exc.args else exc)) from None


def describe_filters(dataset: Dataset, **filters: Sequence[str]) -> str:
    """'party Russia; topics Ceasefire, Prisoners of war' for a report's heading."""
    from tracker.report.words import one_line

    parts = []
    for name, values in filters.items():
        if not values:
            continue
        if name == "party":
            shown = [one_line(dataset.party_name(v)) for v in values]
        elif name == "topic":
            shown = [one_line(dataset.topic_title(v)) for v in values]
        else:
            shown = [v.replace("_", " ") for v in values]
        label = name if len(values) == 1 else ("parties" if name == "party" else f"{name}s" if not name.endswith("s") else f"{name}es")
        parts.append(f"{label} {', '.join(shown)}")
    return "; ".join(parts)
