"""A new round as a text copy of an earlier one: every party's positions carry forward with their
ids, comments and layout, and the round is moved into place whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tracker.dataset import Dataset
from tracker.editing.files import fsync_folder
from tracker.loader import load_dataset
from tracker.model import SLUG_MAX, is_slug
from tracker.staging import NEW_ROUND, make_staging, release
from tracker.paths import ROUND_FILE
from tracker.problems import DataError, display_path, quote
from tracker.round_rules import TO_WRITE
from tracker.yamlread import parse_yaml
from tracker.yamltext import BOM, EditError, set_scalar


@dataclass(slots=True)
class NewRound:
    folder: Path
    files: list[Path]
    source: str
    to_update: list[str]
    """Fields of round.yaml copied from the source round that describe that round, not this one."""
    place: str | None = None
    """The place, when it was taken from the id rather than copied."""


def scaffold_round(dataset: Dataset, round_id: str, date: dt.date, source: str) -> NewRound:
    """Create rounds/<round_id>/ as a text copy of the source round's files (comments and layout
    kept) with `id` and `date` set, so every party's positions carry forward with their ids.

    Refuses an existing round. The files are written into a hidden folder, which is then renamed
    into place, so a crash leaves nothing the loader reads; if the dataset does not validate with
    the new round, it is removed again (DataError).
    """
    if not is_slug(round_id):
        raise EditError(f"{quote(round_id)} is not a valid round id: use at most {SLUG_MAX} lower-case letters, digits and '-', e.g. '2025-07-23-istanbul'")
    if source not in dataset.rounds:
        raise EditError(f"no round {source!r} to copy")
    rounds_dir = dataset.root / "rounds"
    folder = rounds_dir / round_id
    if folder.exists() or folder.is_symlink() or round_id in dataset.rounds:
        raise EditError(f"round {round_id!r} already exists ({display_path(folder)}); nothing was changed")
    source_data = dataset.rounds[source]
    files = sorted(
        p for p in source_data.folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )
    round_text = (source_data.folder / ROUND_FILE).read_bytes().decode("utf-8")
    round_text = set_scalar(round_text, "id", round_id, as_text=True)
    round_text = set_scalar(round_text, "date", date.isoformat(), as_text=False)
    place = _place_from_id(round_id, date)
    if place is not None and source_data.round.date == date and _slug(source_data.round.place) != _slug(place):
        # '2025-06-02-ankara' copied from the Istanbul round of that day: with Istanbul's place
        # it would be that meeting recorded twice. The id names the place. (On another day the
        # id's words may name anything, 'round-3': the place is left to update.)
        round_text = set_scalar(round_text, "place", place, as_text=True)
    else:
        place = None
    # The source round's title and outcome would pass for this round's in every report: what is
    # left to write says so instead (and `tracker validate` warns while it does).
    keys = parse_yaml(round_text.removeprefix(BOM)).value
    if "title" in keys:
        round_text = set_scalar(round_text, "title", f"{TO_WRITE} this round's title", as_text=True)
    round_text = set_scalar(round_text, "outcome", f"{TO_WRITE} what came of this round, in one line", as_text=True)
    round_text = _copy_note(round_text, source)
    if "\r\n" in round_text:  # a CRLF file stays CRLF: the note and any line added get its endings
        round_text = round_text.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        staging, held = make_staging(rounds_dir, f".{round_id}.new-", "", NEW_ROUND)
        try:
            _move_in(staging, folder, files, round_text)
        finally:
            release(held)
    except OSError as exc:
        raise EditError(f"cannot create {display_path(folder)}: {exc.strerror or exc}; nothing was changed") from None
    try:
        load_dataset(dataset.root)
    except DataError as exc:
        # The data was valid before, so every problem now is the new round's doing, wherever it
        # is reported (a clash of date and place is reported at the other round's file).
        os.rename(folder, staging)  # out of the loader's sight at once, then removed
        shutil.rmtree(staging, ignore_errors=True)
        raise DataError(exc.problems) from None
    described = {"place", "venue", "chair", "delegations", "duration", "evidence", "notes"}
    to_update = [k for k in keys if k in described and not (k == "place" and place is not None)]
    return NewRound(folder, [folder / p.name for p in files], source, to_update, place)


def _place_from_id(round_id: str, date: dt.date) -> str | None:
    """'2025-07-23-abu-dhabi' → 'Abu Dhabi': the place a round id names after its date."""
    prefix = date.isoformat() + "-"
    if not round_id.startswith(prefix) or len(round_id) == len(prefix):
        return None
    return " ".join(word.capitalize() for word in round_id[len(prefix) :].split("-"))


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def _copy_note(round_text: str, source: str) -> str:
    """A comment at the top of the copy (after the schema line) saying what it still describes."""
    note = (
        f"# Copied from {source} by `tracker new-round`: write the title and the outcome (they say {TO_WRITE.rstrip(':')});\n"
        f"# the place, venue, chair, delegations, duration, agreements and comments still describe {source}.\n"
        "# Update them, then delete this note.\n"
    )
    bom = BOM if round_text.startswith(BOM) else ""
    body = round_text.removeprefix(bom)
    # A copy of a copy not reviewed yet: one note, naming the round copied now.
    body = re.sub(r"^# Copied from \S+ by `tracker new-round`:.*\n(?:(?:# (?!.*delete this note).*\n){0,2}# .*delete this note\.\n)?", "", body, flags=re.M)
    first, _, rest = body.partition("\n")
    if first.startswith("# yaml-language-server:"):
        return f"{bom}{first}\n{note}{rest}"
    return f"{bom}{note}{body}"


def _move_in(staging: Path, folder: Path, files: list[Path], round_text: str) -> None:
    """Write the round into the hidden staging folder, then rename it into place."""
    try:
        for path in files:
            target = staging / path.name
            target.write_bytes(round_text.encode("utf-8") if path.name == ROUND_FILE else path.read_bytes())
            shutil.copymode(path, target)
            with open(target, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(staging, stat.S_IMODE(files[0].parent.stat().st_mode))
        if folder.exists():
            raise FileExistsError(17, "it already exists")
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    fsync_folder(folder.parent)
