"""The rules a round and its positions keep beyond their schema, each told as problems.

The models say what a single value may be; these say what the values must be together: a round
whose folder name begins with a date is on that date, one meeting is one round, only the joint
agreements in round.yaml are agreements, a rejection names what it rejects, and a round copied
by `tracker new-round` is reviewed before it is believed. Each rule is a function of what was
read, returning the problems it finds; the loader decides where they go.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.model import Kind, Party, Position, Round
from tracker.paths import ROUND_FILE
from tracker.problems import Problem, dotted, quote
from tracker.yamlread import YamlDocument

if TYPE_CHECKING:
    from tracker.dataset import RoundData

_DATE_PREFIX = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")
# The note `tracker new-round` puts at the top of a copied round.yaml (see editing._copy_note).
_COPY_NOTE = re.compile(r"^# Copied from (\S+) by `tracker new-round`", re.M)


TO_WRITE = "TO WRITE:"
"""How a copied round's title and outcome begin until they are written: `tracker new-round` puts
it there instead of the source round's, which the new round would otherwise report as its own."""

_TO_WRITE = re.compile(r"""^(title|outcome):[ \t]*["']?""" + re.escape(TO_WRITE), re.M)


def copy_not_reviewed(path: Path, text: str) -> Problem | None:
    """A warning where a round.yaml still carries the note `tracker new-round` put in it, or a
    title or outcome it left to write."""
    note = _COPY_NOTE.search(text)
    if note is None:
        unwritten = list(_TO_WRITE.finditer(text))
        if not unwritten:
            return None
        line = text.count("\n", 0, unwritten[0].start()) + 1
        fields = " and ".join(found.group(1) for found in unwritten)
        return Problem(
            path, line, 1, "",
            f"not written yet: the round's {fields} still {'say' if len(unwritten) > 1 else 'says'} {TO_WRITE.rstrip(':')}; write {'them' if len(unwritten) > 1 else 'it'}",
            severity="warning",
        )  # fmt: skip
    line = text.count("\n", 0, note.start()) + 1
    return Problem(
        path, line, 1, "",
        f"copied from {note.group(1)} by `tracker new-round` and not reviewed yet: update what still "
        "describes that round (title, place, venue, chair, delegations, outcome, agreements, comments) and each "
        "party's positions, then delete this note",
        severity="warning",
    )  # fmt: skip


def date_in_name(path: Path, name: str, date: dt.date, where: tuple[int, int]) -> Problem | None:
    """A round id (its folder name) that begins with a date, as `2025-06-02-istanbul` does,
    must begin with the round's own date: rounds are looked up by date and sorted by it.
    `where`: the line and column of the round's date."""
    match = _DATE_PREFIX.match(name)
    if match is None:
        return None
    try:
        named = dt.date.fromisoformat(match.group(1))
    except ValueError:
        named = None
    if named == date:
        return None
    if named is None:
        message = f"the round's folder name {name!r} begins with {match.group(1)!r}, which is not a date; name it after the round's date, {date}"
    else:
        message = (
            f"{date} is not the date the round's folder name {name!r} begins with ({named}): "
            "correct the date, or rename the folder and the round's id"
        )
    return Problem(path, *where, "date", message)


def one_meeting_one_round(loaded: list[RoundData], misdated: Container[str], date_marks: Mapping[str, tuple[int, int]]) -> list[Problem]:
    """Two rounds on the same day in the same place are one meeting recorded twice (a folder
    copied and not updated, or two names for it), unless their delegations say they are two
    meetings: the US envoys met Ukraine's delegation and, apart, Russia's, in one Geneva hotel on
    26 February 2026. Rounds that record no delegation, or the same sides, are one meeting. A
    round whose date already disagrees with its folder name (`misdated`) is left out: that is the
    problem to fix first. `date_marks`: folder name -> the line and column of its round.yaml's date."""
    problems = []
    seen: dict[tuple[Any, str], list[RoundData]] = {}
    for data in loaded:
        if data.folder.name in misdated:
            continue
        meeting = (data.round.date, " ".join(data.round.place.casefold().split()))
        sides = _sides(data)
        earlier = next((e for e in seen.get(meeting, []) if not sides or not _sides(e) or _sides(e) == sides), None)
        seen.setdefault(meeting, []).append(data)
        if earlier is not None:
            line, col = date_marks.get(data.folder.name, (1, 1))
            problems.append(Problem(
                data.folder / ROUND_FILE, line, col, "date",
                f"round {earlier.folder.name!r} has the same date and place ({data.round.date}, {quote(data.round.place)}): "
                "a meeting is one round; keep one folder, or tell them apart by `place` or by their `delegations`",
            ))  # fmt: skip
    return problems


def _sides(data: RoundData) -> frozenset[str]:
    """The parties a round's delegations came from."""
    return frozenset(d.party for d in data.round.delegations)


def position_rules(path: Path, doc: YamlDocument, position: Position, loc: tuple, joint: bool) -> list[Problem]:
    """What a position's kind and parties must be, for a party's own position or a joint
    agreement (`joint`); `loc`: where the position is in the file."""
    problems = []

    def report(sub: tuple, message: str, severity: str = "error") -> None:
        line, col = doc.locate(loc + sub)
        problems.append(Problem(path, line, col, dotted(loc + sub), message, severity=severity))

    if position.kind is Kind.rejection and not position.responds_to:
        report(("kind",), "a rejection names what it rejects: add `responds_to` (see positions/README.md)", "warning")
    if joint:
        if position.kind is not Kind.agreement:
            report(("kind",), f"a joint agreement has kind `agreement`, not {position.kind.value!r}")
        if not position.parties:
            report(("parties",), "a joint agreement names the `parties` that agreed to it")
    else:
        if position.kind is Kind.agreement:
            report(("kind",), "kind `agreement` is for the joint agreements in round.yaml; a party's own position is a commitment, offer, …")
        if position.parties:
            report(("parties",), "`parties` is only for joint agreements in round.yaml")
    return problems


# --- the parties' names ---------------------------------------------------------------------------

# Scripts whose letters look like Latin ones: a word mixing them with Latin reads as one name and
# is another ('Russiа' with a Cyrillic а).
_LOOKALIKE_SCRIPTS = {"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"}


def party_names(path: Path, doc: YamlDocument, parties: list[Party]) -> list[Problem]:
    """Each party's id, name and short name tell it apart from every other party's, as `--party`
    and the reports name it (case, accents, spaces and dashes aside), and no word of a name mixes
    Latin letters with look-alike letters of another script."""
    problems: list[Problem] = []
    seen: dict[str, tuple[int, str]] = {}
    for index, party in enumerate(parties):
        for field in ("id", "name", "short"):
            value = getattr(party, field)
            loc = ("parties", index, field)
            if field != "id" and (mixed := _mixed_script(value)):
                line, col = doc.locate(loc)
                problems.append(Problem(path, line, col, dotted(loc), f"{quote(value)} mixes Latin letters with {mixed} in one word: it reads as another name, which --party and search cannot find"))
            key = _name_key(value)
            first = seen.setdefault(key, (index, field))
            if first[0] != index:
                line, col = doc.locate(loc)
                other = parties[first[0]]
                problems.append(Problem(path, line, col, dotted(loc), f"{quote(value)} is also the {first[1]} of {quote(other.id)}: --party and the reports could not tell the two apart; give each party its own name and short name"))
    return problems


def _name_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "-".join(folded.replace("_", " ").replace("-", " ").split())


def _mixed_script(name: str) -> str:
    """'Cyrillic letters (U+0430 CYRILLIC SMALL LETTER A)' when a word mixes them with Latin ones."""
    for word in re.findall(r"\w+", name):
        scripts = {unicodedata.name(c, "").split(" ")[0]: c for c in word if c.isalpha()}
        odd = [scripts[s] for s in _LOOKALIKE_SCRIPTS if s in scripts]
        if "LATIN" in scripts and odd:
            char = odd[0]
            return f"{unicodedata.name(char).split(' ')[0].title()} letters (U+{ord(char):04X} {unicodedata.name(char)})"
    return ""


# --- a round's days, tracks and documents ---------------------------------------------------------


def round_shape(path: Path, doc: YamlDocument, rnd: Round) -> list[Problem]:
    """What a round's own parts must be together: its last day not before its first, and its
    tracks, documents and each document's points named once each."""
    problems = []

    def report(loc: tuple, message: str) -> None:
        line, col = doc.locate(loc)
        problems.append(Problem(path, line, col, dotted(loc), message))

    if rnd.end_date is not None and rnd.end_date < rnd.date:
        report(("end_date",), f"the round's last day ({rnd.end_date}) is before its first (`date`, {rnd.date})")
    for field, items in (("tracks", rnd.tracks), ("documents", rnd.documents)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                report((field, index, "id"), f"{field[:-1]} {quote(item.id)} is named twice in this round")
            seen.add(item.id)
    for d_index, document in enumerate(rnd.documents):
        numbers: set[int] = set()
        for p_index, point in enumerate(document.points):
            if point.number in numbers:
                report(("documents", d_index, "points", p_index, "number"), f"point {point.number} of {quote(document.id)} is given twice")
            numbers.add(point.number)
        if document.revises == document.id:
            report(("documents", d_index, "revises"), f"document {quote(document.id)} cannot revise itself")
    return problems
