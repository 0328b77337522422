"""Loading a data directory into a Dataset, reporting every problem at once.

Layout of a data directory (`positions/`):

    parties.yaml                       parties, mediators and observers
    topics.yaml                        the topics positions are filed under
    rounds/<round-id>/round.yaml       the round's facts and joint agreements
    rounds/<round-id>/<party-id>.yaml  one party's positions at that round

The source catalogue is `sources.yaml` inside the data directory, or `seeds/sources.yaml`
beside it (the layout of this project's own repository).
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import gc
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from hashlib import blake2b
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from tracker import figure_check
from tracker.cache import keys, loads
from tracker.dataset import Dataset, RoundData
from tracker.model import (
    JOINT,
    Kind,
    Origin,
    PartiesFile,
    PartyRoundFile,
    Position,
    PositionRef,
    Round,
    Source,
    SourcesFile,
    TopicsFile,
    is_slug,
)
from tracker.paths import bundled_data_dir, default_data_dir, find_sources_file  # re-exported
from tracker.problems import MAX_LISTED_PER_FILE, DataError, Problem, more_problems, quote
from tracker.yamlread import (
    BidiControl,
    YamlDocument,
    YamlProblem,
    decode,
    describe_type,
    file_kind,
    find_bidi_controls,
    parse_yaml,
    read_yaml_file,
)

ROUND_FILE = "round.yaml"
_DATE_PREFIX = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")
M = TypeVar("M", bound=BaseModel)


# --- entry point ------------------------------------------------------------------------------


def load_dataset(root: Path | str, overrides: Mapping[Path, str] | None = None) -> Dataset:
    """Load and check a data directory. Raises DataError with every problem found.

    `overrides` maps existing files to text read in place of their content: an editor validates
    an edit this way before anything is written.
    """
    # Loading makes millions of small objects that all stay alive. The cyclic collector would
    # scan them again and again as they pile up (on a large data directory that costs more than
    # parsing), and none of them is garbage yet, so it waits until the load is done. Then what
    # is alive is frozen: later full collections skip it (one scan of 100,000 positions takes
    # seconds). Reference counting still frees it; the next load hands it back to the collector.
    global _frozen_after_load
    collecting = gc.isenabled()
    if 0 < gc.get_freeze_count() <= _frozen_after_load:
        gc.unfreeze()  # only our own freeze (it shrinks as its objects are freed; others' would add)
    _frozen_after_load = 0
    gc.disable()
    root = Path(root)
    key = None
    try:
        if not overrides and root.is_dir():
            key = keys.data_key(root)
            cached = loads.read(root, key) if key is not None else None
            if cached is not None:
                return cached
        dataset = _Loader(root, overrides).load()
        if key is not None:
            loads.write(root, key, dataset)
        return dataset
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                _frozen_after_load = gc.get_freeze_count()
            gc.enable()


_frozen_after_load = 0
"""How many objects load_dataset froze, while that freeze stands."""


class _Loader:
    def __init__(self, root: Path, overrides: Mapping[Path, str] | None = None):
        self.root = root
        self.overrides = {Path(p).resolve(): text for p, text in (overrides or {}).items()}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # References to positions, checked once every round is loaded: (where, the referring
        # position's party and round, the reference).
        self.refs: list[tuple[Problem, str, str, PositionRef]] = []
        # Positions that say they carry over an earlier round's: (where, position).
        self.carried: list[tuple[Problem, Position]] = []
        # (round, party) files that failed, and (round, None) for rounds whose round.yaml did.
        self.unreadable: set[tuple[str, str | None]] = set()
        # Every round read, by folder: two folders may claim one id, and the dataset keeps one.
        self.loaded: list[RoundData] = []
        # Rounds whose date is not the one their folder name begins with (reported already).
        self.misdated: set[str] = set()
        # Folder name -> the line and column of its round.yaml's date.
        self.date_marks: dict[str, tuple[int, int]] = {}
        self.texts: Path | None = None

    def problem(self, file: Path, line: int, col: int, field: str, message: str) -> None:
        self.problems.append(Problem(file, line, col, field, message))

    def warning(self, file: Path, line: int, col: int, field: str, message: str) -> None:
        self.warnings.append(Problem(file, line, col, field, message, severity="warning"))

    def load(self) -> Dataset:
        root = self.root
        if not root.is_dir():
            if root.exists():
                raise DataError([Problem(root, 1, 1, "", "this is a file, not a data directory: expected the folder that holds parties.yaml, topics.yaml and rounds/")])
            raise DataError([Problem(root, 1, 1, "", "data directory not found")])
        parties = self._catalogue(root / "parties.yaml", PartiesFile, "parties")
        topics = self._catalogue(root / "topics.yaml", TopicsFile, "topics")
        sources_file = find_sources_file(root)
        if sources_file is None:
            self.problem(root / "sources.yaml", 1, 1, "", "no source catalogue: expected sources.yaml here or seeds/sources.yaml beside this folder")
            sources: dict[str, Source] = _Unreadable()
        else:
            sources = self._catalogue(sources_file, SourcesFile, "sources")
        if not isinstance(parties, _Unreadable) and JOINT in parties:
            self.problem(root / "parties.yaml", 1, 1, "parties", f"the id {JOINT!r} is reserved for joint agreements")

        self.parties, self.topics, self.sources = parties, topics, sources
        rounds = self._rounds(root / "rounds")
        dataset = Dataset(root, parties, topics, sources, rounds, sources_file, self.texts)
        self._check_condition_refs(dataset)
        self._check_carried_from()
        dataset.warnings = sorted(self.warnings)
        if self.problems:
            raise DataError(self.problems, self.warnings, partial=self._partial(dataset))
        return dataset

    def _partial(self, dataset: Dataset) -> Dataset | None:
        """What can still be shown when there are problems: the rounds none of whose files has
        one. None when a catalogue (parties, topics, sources) has problems: every round leans on
        them, so none can be shown as it stands."""
        bad = {p.file for p in self.problems}
        catalogues = [self.root / "parties.yaml", self.root / "topics.yaml", dataset.sources_file or self.root / "sources.yaml"]
        if any(isinstance(c, _Unreadable) for c in (dataset.parties, dataset.topics, dataset.sources)) or bad & set(catalogues):
            return None
        if any(f == self.root or f == self.root / "rounds" for f in bad):
            return None
        rounds = {rid: data for rid, data in dataset.rounds.items() if not any(f.parent == data.folder for f in bad)}
        return Dataset(dataset.root, dataset.parties, dataset.topics, dataset.sources, rounds, dataset.sources_file, dataset.texts, list(dataset.warnings))

    # -- files ---------------------------------------------------------------------------------

    def _read(self, path: Path) -> YamlDocument | None:
        try:
            override = self.overrides.get(path.resolve()) if self.overrides else None
            if override is None:
                # Links out of the data directory are not followed (the catalogue found beside
                # it may link within its own folder).
                doc = read_yaml_file(path, base=self.root if path.is_relative_to(self.root) else path.parent)
            else:  # the same checks as a file's bytes get (surrogateescape: bad bytes stay bad)
                doc = parse_yaml(decode(override.encode("utf-8", "surrogateescape")))
        except YamlProblem as exc:
            self.problem(path, exc.line, exc.col, "", exc.message)
            return None
        except FileNotFoundError:
            self.problem(path, 1, 1, "", "file not found")
            return None
        except RecursionError:
            self.problem(path, 1, 1, "", "the YAML is nested too deeply")
            return None
        except OSError as exc:
            self.problem(path, 1, 1, "", f"cannot read: {exc.strerror or exc}")
            return None
        for control in find_bidi_controls(doc):
            self.problem(path, control.line, control.col, _dotted(control.loc or ()), _bidi_message(control))
        if doc.value is None:
            self.problem(path, 1, 1, "", "the file is empty")
            return None
        if not isinstance(doc.value, dict):
            line, col = doc.locate(())
            self.problem(path, line, col, "", f"expected a mapping of fields at the top of the file, got {describe_type(doc.value)}")
            return None
        return doc

    def _validate(self, path: Path, doc: YamlDocument, model: type[M]) -> M | None:
        try:
            return model.model_validate(doc.value)
        except ValidationError as exc:
            self.problems.extend(validation_problems(path, doc, exc))
            return None

    def _catalogue(self, path: Path, model: type[BaseModel], key: str) -> dict[str, Any]:
        doc = self._read(path)
        if doc is None:
            return _Unreadable()
        parsed = self._validate(path, doc, model)
        if isinstance(parsed, SourcesFile) and parsed.texts is not None:
            self.texts = path.parent / parsed.texts
        if parsed is None:
            # Keep what is valid so cross-references are still checked against it.
            return self._salvage(doc, key, model.model_fields[key].annotation.__args__[0])  # type: ignore[union-attr]
        items: dict[str, Any] = {}
        for index, item in enumerate(getattr(parsed, key)):
            if item.id in items:
                self._duplicate(path, doc, (key, index, "id"), item.id, (key, list(items).index(item.id), "id"))
            items[item.id] = item
        return items

    def _salvage(self, doc: YamlDocument, key: str, item_model: type[BaseModel]) -> dict[str, Any]:
        items: dict[str, Any] = {}
        if not isinstance(doc.value.get(key), list):
            return _Unreadable()
        raw = doc.value.get(key)
        for entry in raw if isinstance(raw, list) else []:
            try:
                item = item_model.model_validate(entry)
            except ValidationError:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    items.setdefault(entry["id"], None)
                continue
            items.setdefault(item.id, item)  # type: ignore[attr-defined]
        return items

    def _duplicate(self, path: Path, doc: YamlDocument, loc: tuple, value: str, first_loc: tuple) -> None:
        line, col = doc.locate(loc)
        first_line, _ = doc.locate(first_loc)
        self.problem(path, line, col, _dotted(loc), f"duplicate id {quote(value)} (first used at line {first_line})")

    # -- rounds --------------------------------------------------------------------------------

    def _rounds(self, rounds_dir: Path) -> dict[str, RoundData]:
        if not rounds_dir.is_dir():
            self.problem(rounds_dir, 1, 1, "", "no rounds folder: expected rounds/<round-id>/round.yaml")
            return {}
        loaded: list[RoundData] = []
        for folder in sorted(p for p in rounds_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            data = self._round(folder)
            if data is not None:
                loaded.append(data)
        for stray in sorted(rounds_dir.glob("*.y*ml")):
            self.problem(stray, 1, 1, "", "files belong in a round's folder: rounds/<round-id>/<file>.yaml")
        for entry in sorted(rounds_dir.iterdir()):  # a round named by a broken link or a FIFO: said, not skipped
            if not entry.name.startswith(".") and (why := _not_a_folder_or_file(entry)):
                self.problem(entry, 1, 1, "", f"{why}: rounds/ holds a folder for each round")
        loaded.sort(key=lambda d: (d.round.date, d.round.id))
        self._check_one_meeting_one_round(loaded)
        self.loaded = loaded
        return {d.round.id: d for d in loaded}

    def _check_one_meeting_one_round(self, loaded: list[RoundData]) -> None:
        """Two rounds on the same day in the same place are one meeting recorded twice (a folder
        copied and not updated, or two names for it). A round whose date already disagrees with
        its folder name is left out: that is the problem to fix first."""
        first: dict[tuple[Any, str], RoundData] = {}
        for data in loaded:
            if data.folder.name in self.misdated:
                continue
            meeting = (data.round.date, " ".join(data.round.place.casefold().split()))
            earlier = first.setdefault(meeting, data)
            if earlier is not data:
                line, col = self.date_marks.get(data.folder.name, (1, 1))
                self.problem(
                    data.folder / ROUND_FILE, line, col, "date",
                    f"round {earlier.folder.name!r} has the same date and place ({data.round.date}, {data.round.place!r}): "
                    "a meeting is one round; keep one folder, or tell them apart by `place`",
                )

    def _round(self, folder: Path) -> RoundData | None:
        round_path = folder / ROUND_FILE
        doc = self._read(round_path)
        rnd = self._validate(round_path, doc, Round) if doc else None
        if doc is not None and (note := _COPY_NOTE.search(doc.text)):
            line = doc.text.count("\n", 0, note.start()) + 1
            self.warning(
                round_path, line, 1, "",
                f"copied from {note.group(1)} by `tracker new-round` and not reviewed yet: update what still "
                "describes that round (title, place, venue, chair, delegations, outcome, agreements, comments) and each "
                "party's positions, then delete this note",
            )  # fmt: skip
        party_files = self._round_entries(folder)
        if self.overrides:
            # A file an editor is about to create (a party's first position at a round) is
            # checked as if it were there already.
            here = folder.resolve()
            party_files += [
                folder / p.name for p in self.overrides
                if p.parent == here and p.suffix in (".yaml", ".yml") and p.name != ROUND_FILE and not p.exists()
            ]  # fmt: skip
        party_files.sort()
        positions: list[Position] = []
        files: dict[str, Path] = {}
        for path in party_files:
            party = path.stem
            if party not in self.parties:
                self.problem(path, 1, 1, "", f"no party {party!r} in parties.yaml (a position file is named after its party's id){_suggest(party, self.parties)}")
            positions.extend(self._party_file(path, party, folder.name))
            files[party] = path
        if doc is not None:
            self._check_refs(round_path, doc, (), _ROUND_REFS, _ROUND_FIGURES)
            raw = doc.value.get("agreements")
            for index, item in enumerate(raw if isinstance(raw, list) else []):
                if isinstance(item, dict):
                    self._check_position_refs(round_path, doc, ("agreements", index), item, JOINT, folder.name)
        if rnd is None or doc is None:
            self.unreadable.add((folder.name, None))
            if doc is not None:  # its agreements that are valid on their own: their ids and kinds
                self._salvage_positions(round_path, doc, "agreements", JOINT, folder.name)
            return None
        if rnd.id != folder.name:
            line, col = doc.locate(("id",))
            self.problem(round_path, line, col, "id", f"{rnd.id!r} does not match its folder name {folder.name!r}")
        self.date_marks[folder.name] = doc.locate(("date",))
        self._check_date_in_name(round_path, folder.name, rnd.date)
        agreements = self._own_positions(round_path, doc, rnd.agreements, JOINT, rnd.id, ("agreements",))
        files[JOINT] = round_path
        rnd._origin = Origin(round_path, 1, 1)
        return RoundData(rnd, folder, positions + agreements, files)

    def _round_entries(self, folder: Path) -> list[Path]:
        """The party files of a round's folder; every other entry is reported, none is skipped
        unseen. Dot-files are helpers, not data: temp files of a save, macOS `._` copies, editors'
        files. Only regular files are read: a FIFO or a device would block, a folder named like a
        party file is not one."""
        party_files = []
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name == ROUND_FILE:
                continue
            try:
                mode = entry.stat().st_mode
            except OSError as exc:
                self.problem(entry, 1, 1, "", f"{_unreachable(entry, exc)}: a round's folder holds round.yaml and <party-id>.yaml files")
                continue
            if not stat.S_ISREG(mode):
                self.problem(entry, 1, 1, "", f"{file_kind(mode)}, not a data file: a round's folder holds round.yaml and <party-id>.yaml files")
            elif entry.suffix in (".yaml", ".yml"):
                party_files.append(entry)
            else:
                self.problem(entry, 1, 1, "", "not a data file: a round's folder holds round.yaml and <party-id>.yaml files")
        return party_files

    def _check_date_in_name(self, path: Path, name: str, date: dt.date) -> None:
        """A round id (its folder name) that begins with a date, as `2025-06-02-istanbul` does,
        must begin with the round's own date: rounds are looked up by date and sorted by it."""
        match = _DATE_PREFIX.match(name)
        if match is None:
            return
        try:
            named = dt.date.fromisoformat(match.group(1))
        except ValueError:
            named = None
        if named == date:
            return
        self.misdated.add(name)
        line, col = self.date_marks[name]
        if named is None:
            message = f"the round's folder name {name!r} begins with {match.group(1)!r}, which is not a date; name it after the round's date, {date}"
        else:
            message = (
                f"{date} is not the date the round's folder name {name!r} begins with ({named}): "
                "correct the date, or rename the folder and the round's id"
            )
        self.problem(path, line, col, "date", message)

    def _party_file(self, path: Path, party: str, round_id: str) -> list[Position]:
        doc = self._read(path)
        if doc is None:
            self.unreadable.add((round_id, party))
            return []
        raw = doc.value.get("positions")
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(item, dict):
                self._check_position_refs(path, doc, ("positions", index), item, party, round_id)
        parsed = self._validate(path, doc, PartyRoundFile)
        if parsed is None:
            self.unreadable.add((round_id, party))
            self._salvage_positions(path, doc, "positions", party, round_id)
            return []
        return self._own_positions(path, doc, parsed.positions, party, round_id, ("positions",))

    def _salvage_positions(self, path: Path, doc: YamlDocument, key: str, party: str, round_id: str) -> None:
        """In a file that failed its schema, still check the positions that are valid on their
        own (their ids, kinds, parties), so one run reports all."""
        raw = doc.value.get(key) if isinstance(doc.value, dict) else None
        items = raw if isinstance(raw, list) else []
        valid = [(i, pos) for i, item in enumerate(items) if (pos := _valid_position(item))]
        self._own_positions(path, doc, [p for _, p in valid], party, round_id, (key,), [i for i, _ in valid])
        self._raw_duplicates(path, doc, items, (key,), {i for i, _ in valid})

    def _raw_duplicates(self, path: Path, doc: YamlDocument, items: list, base: tuple, checked: set[int]) -> None:
        """Duplicate ids where some of the items did not validate (the valid ones among
        themselves are checked with their positions): by the id as written."""
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            position_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(position_id, str):
                continue
            if position_id in first and not (index in checked and first[position_id] in checked):
                self._duplicate(path, doc, base + (index, "id"), position_id, base + (first[position_id], "id"))
            first.setdefault(position_id, index)

    def _own_positions(
        self,
        path: Path,
        doc: YamlDocument,
        positions: Sequence[Position],
        party: str,
        round_id: str,
        base: tuple,
        indexes: Sequence[int] | None = None,
    ) -> list[Position]:
        """Stamp each position with its party, round and origin, and check its references.
        `indexes`: where each position is in the file's list, when some items were left out."""
        list_node = doc.node_at(base)
        nodes = list_node.value if list_node is not None else []
        # A %TAG directive could give the same text another meaning in another file.
        digests = not (doc.text.startswith("%") or "\n%" in doc.text)
        seen: dict[str, int] = {}
        for index, position in zip(indexes if indexes is not None else range(len(positions)), positions):
            node = nodes[index] if index < len(nodes) else None
            mark = node.start_mark if node is not None else None
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            # Straight into pydantic's store: its __setattr__ costs more than the rest of this loop.
            position.__pydantic_private__.update(  # type: ignore[union-attr]
                _party=party,
                _round=round_id,
                _origin=Origin(path, line, col),
                _source=(_source_digest(doc.text, node), position.__dict__) if digests and node is not None else None,
            )
            loc = base + (index,)
            if position.id in seen:
                self._duplicate(path, doc, loc + ("id",), position.id, base + (seen[position.id], "id"))
            else:
                seen[position.id] = index
            self._check_position(path, doc, position, loc, joint=party == JOINT)
            if position.carried_from is not None:
                line, col = doc.locate(loc + ("carried_from",))
                self.carried.append((Problem(path, line, col, _dotted(loc + ("carried_from",)), ""), position))
        return list(positions)

    def _check_position(self, path: Path, doc: YamlDocument, position: Position, loc: tuple, joint: bool) -> None:
        def report(sub: tuple, message: str) -> None:
            line, col = doc.locate(loc + sub)
            self.problem(path, line, col, _dotted(loc + sub), message)

        if position.kind is Kind.rejection and not position.responds_to:
            line, col = doc.locate(loc + ("kind",))
            self.warning(path, line, col, _dotted(loc + ("kind",)), "a rejection names what it rejects: add `responds_to` (see positions/README.md)")
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

    # -- references and figures, checked on the values as read ---------------------------------
    # On the YAML's values rather than the models, so that a file (or a position) with a schema
    # error has its references and figures checked in the same run: every problem at once.

    def _check_position_refs(self, path: Path, doc: YamlDocument, loc: tuple, raw: dict, party: str, round_id: str) -> None:
        self._check_refs(path, doc, loc, _POSITION_REFS, _POSITION_FIGURES, raw)
        for key in ("conditions", "responds_to"):
            items = raw.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue  # a condition in words
                try:
                    ref = PositionRef.model_validate(item)
                except ValidationError:
                    continue  # reported as a schema error; the reference is not clear enough to look up
                line, col = doc.locate(loc + (key, i))
                self.refs.append((Problem(path, line, col, _dotted(loc + (key, i)), ""), party, round_id, ref))

    def _check_refs(self, path: Path, doc: YamlDocument, base: tuple, refs: tuple, amounts: tuple, value: Any = None) -> None:
        value = doc.value if value is None else value
        for pattern, catalogue in refs:
            for loc, ref in _walk(value, pattern):
                if not isinstance(ref, str) or not is_slug(ref):
                    continue  # not an id: a schema error says so
                known = {"party": self.parties, "topic": self.topics, "source": self.sources}[catalogue]
                if ref in known:
                    continue
                line, col = doc.locate(base + loc)
                if catalogue == "source":
                    message = f"unknown source {ref!r}: add it to the source catalogue{_suggest(ref, known)}"
                else:
                    message = f"unknown {catalogue} {ref!r}{_suggest(ref, known)}"
                self.problem(path, line, col, _dotted(base + loc), message)
        for pattern in amounts:
            for loc, quantity in _walk(value, pattern):
                if not isinstance(quantity, dict):
                    continue
                unit = quantity.get("unit") if isinstance(quantity.get("unit"), str) else None
                claims = quantity.get("claims")
                figures = [(loc, quantity)] + [(loc + ("claims", i), c) for i, c in enumerate(claims if isinstance(claims, list) else [])]
                for where, figure in figures:
                    if isinstance(figure, dict) and (found := figures_mismatch(figure, unit)):
                        field, message = found
                        line, col = doc.locate(base + where + (field,))
                        self.problem(path, line, col, _dotted(base + where + (field,)), message)

    def _check_condition_refs(self, dataset: Dataset) -> None:
        """Runs last: a condition may refer to a position in any round.

        Rounds are found by folder name, which is what a party file's positions take as their
        round. A round.yaml whose `id` is not its folder name is reported once, there; its
        declared id finds the round too, so the references that follow from it are not errors.
        """
        keys = {data.folder.name: data.by_key() for data in self.loaded}
        for data in self.loaded:
            keys.setdefault(data.round.id, keys[data.folder.name])
        for where, own_party, own_round, condition in self.refs:
            round_id = condition.round or own_round
            party = condition.party or own_party
            if (round_id, None) in self.unreadable or (round_id, party) in self.unreadable:
                continue  # that file's own problems are reported already
            if condition.party and party != JOINT and party not in self.parties:
                message = f"unknown party {party!r}{_suggest(party, [*self.parties, JOINT])}"
            elif round_id not in keys:
                message = f"unknown round {round_id!r}{_suggest(round_id, keys)}"
            elif (party, condition.position) not in keys[round_id]:
                theirs = [pid for p, pid in keys[round_id] if p == party]
                message = f"no position {condition.position!r} of {party!r} in round {round_id!r}{_suggest(condition.position, theirs)}"
            else:
                continue
            self.problems.append(Problem(where.file, where.line, where.col, where.field, message))

    def _check_carried_from(self) -> None:
        """`carried_from` names a round of the data held before the position's own: a position
        carries over what was said earlier, never what is said later."""
        dates = {data.folder.name: data.round.date for data in self.loaded}
        for data in self.loaded:
            dates.setdefault(data.round.id, data.round.date)
        for where, position in self.carried:
            earlier, own = position.carried_from, dates.get(position.round)
            if earlier not in dates:
                message = f"unknown round {earlier!r}{_suggest(earlier or '', dates)}"
            elif own is not None and dates[earlier] >= own:
                message = f"round {earlier!r} ({dates[earlier]}) is not earlier than this round ({own}): `carried_from` names an earlier round"
            else:
                continue
            self.problems.append(Problem(where.file, where.line, where.col, where.field, message))


def _unreachable(entry: Path, exc: OSError) -> str:
    """Why an entry of a folder cannot be opened: a broken link, a loop, no permission."""
    if exc.errno == errno.ELOOP:
        return "a link that loops back on itself"
    return "a link to nothing" if entry.is_symlink() else f"cannot be read ({exc.strerror or exc})"


def _not_a_folder_or_file(entry: Path) -> str | None:
    """What an entry is when it is neither a folder nor a regular file (None when it is one)."""
    try:
        mode = entry.stat().st_mode
    except OSError as exc:
        return _unreachable(entry, exc)
    return None if stat.S_ISDIR(mode) or stat.S_ISREG(mode) else file_kind(mode)


# Where a file refers to the catalogues: paths into its values ("*": every item of a list).
_POSITION_REFS = (
    (("topic",), "topic"),
    (("parties", "*"), "party"),
    (("evidence", "*", "source"), "source"),
    (("quantities", "*", "claims", "*", "source"), "source"),
)
_ROUND_REFS = (
    (("mediators", "*"), "party"),
    (("chair", "party"), "party"),
    (("chair", "evidence", "*", "source"), "source"),
    (("delegations", "*", "party"), "party"),
    (("delegations", "*", "evidence", "*", "source"), "source"),
    (("delegations", "*", "size", "claims", "*", "source"), "source"),
    (("duration", "claims", "*", "source"), "source"),
    (("evidence", "*", "source"), "source"),
)
# Where the figures are, each checked against its own words (tracker.figure_check), with its claims.
_POSITION_FIGURES = (("quantities", "*"),)
_ROUND_FIGURES = (("delegations", "*", "size"), ("duration",))

figures_mismatch = figure_check.mismatch


def _walk(value: Any, pattern: tuple, loc: tuple = ()) -> Iterable[tuple[tuple, Any]]:
    """(loc, value) of every place in `value` that `pattern` names."""
    if not pattern:
        yield loc, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, rest, loc + (i,))
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest, loc + (head,))


# The note `tracker new-round` puts at the top of a copied round.yaml (see editing._copy_note).
_COPY_NOTE = re.compile(r"^# Copied from (\S+) by `tracker new-round`", re.M)


def _bidi_message(control: BidiControl) -> str:
    name = unicodedata.name(control.char, "a bidirectional control")
    where = "this comment" if control.loc is None else "this text"
    more = f" (and {control.count - 1} more in {where})" if control.count > 1 else ""
    return (
        f"U+{ord(control.char):04X} {name}{more}: a bidirectional control reorders how the text is "
        "displayed, so a terminal or an editor shows something other than what the file says; "
        "remove it (the marks U+200E and U+200F are fine)"
    )


def _source_digest(text: str, node: Any) -> bytes:
    """A digest of a position's YAML text and the column it starts at: the same text at the same
    column reads as the same values (see Position.has_same_text)."""
    start, end = node.start_mark.index, node.end_mark.index
    return blake2b(f"{node.start_mark.column}:{text[start:end]}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _valid_position(raw: Any) -> Position | None:
    try:
        return Position.model_validate(raw)
    except ValidationError:
        return None


class _Unreadable(dict):
    """A catalogue whose file could not be read: every id counts as known, so one broken
    parties.yaml is reported once instead of once per reference to a party."""

    def __contains__(self, key: object) -> bool:
        return True


# --- pydantic errors -> curator-friendly problems --------------------------------------------


def validation_problems(path: Path, doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    """One problem per offending value; union alternatives are folded into one message."""
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        loc = _data_loc(doc.value, error["loc"], missing=error["type"] == "missing")
        grouped.setdefault(loc, []).append(error)
    # Text that YAML read as a one-key mapping (`- Ukraine must: stop mobilising`), where text or
    # a reference {position: …} may go: one problem, not the reference's missing fields too.
    text_like = {
        loc for loc, errors in grouped.items()
        if errors[0]["type"] in _EXPECTED and isinstance(v := errors[0].get("input"), dict) and len(v) == 1 and not _looks_like_ref(v)
    }  # fmt: skip
    # Every proper prefix of a loc with problems: one set, so each check below is a lookup, not
    # a scan of all the others (a file may have tens of thousands of problems).
    parents = {loc[:i] for loc in grouped for i in range(len(loc))}
    problems: list[Problem] = []
    hidden: list[tuple] = []
    for loc, errors in grouped.items():
        if any(loc[:i] in text_like for i in range(len(loc))):
            continue
        if len(problems) >= MAX_LISTED_PER_FILE:
            # Only counted: one line stands for the rest (worded problems cost a suggestion each).
            hidden.append(loc)
            continue
        kind = errors[0]["type"]
        value = errors[0].get("input")
        meant_as_ref = isinstance(value, dict) and _looks_like_ref(value)
        if kind in _EXPECTED and meant_as_ref and loc in parents:
            # A union (text, or a reference {position: …}): the value is a reference with
            # problems of its own, reported below; that it is not text is no news.
            continue
        line, col = doc.locate(loc if kind != "missing" else loc[:-1], key=kind == "extra_forbidden")
        message = _message(errors, _plain_scalar(doc, loc, errors[0]))
        if kind in _EXPECTED and isinstance(value, dict) and not meant_as_ref and len(value) == 1:
            message += " (text with ': ' in it must be put in quotes)"  # `- Ukraine must: stop mobilising`
        problems.append(Problem(path, line, col, _dotted(loc), message))
    if hidden:
        problems.append(more_problems(path, *doc.locate(hidden[0]), len(hidden)))
    return problems


def _looks_like_ref(value: dict) -> bool:
    """A mapping meant as a reference {position, party, round}, if with a misspelt key."""
    return any(isinstance(k, str) and difflib.get_close_matches(k, ("position", "party", "round"), n=1, cutoff=0.75) for k in value)


def _plain_scalar(doc: YamlDocument, loc: tuple, error: dict[str, Any]) -> str | None:
    """The value as written, when YAML read an unquoted scalar as something other than text
    (`no` as false, `1:30` as 90, `2025-05-16` as a date): messages quote what the user wrote."""
    if isinstance(error.get("input"), (str, list, dict)) or error.get("input") is None:
        return None
    node = doc.node_at(loc)
    if isinstance(node, ScalarNode) and not node.style:  # plain: not quoted, not a block
        return node.value
    return None


def _data_loc(value: Any, loc: tuple, missing: bool) -> tuple:
    """Keep the parts of a pydantic loc that name places in the data; drop union member tags."""
    kept: list[Any] = []
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(value, dict) and part in value:
            value = value[part]
            kept.append(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            kept.append(part)
        elif missing and i == len(parts) - 1:
            kept.append(part)
        # otherwise a union member name such as 'str' or 'function-after[...]': skip it
    return tuple(kept)


def _message(errors: list[dict[str, Any]], raw: str | None = None) -> str:
    if len(errors) > 1:
        expected = []
        for error in errors:
            kind = _EXPECTED.get(error["type"])
            if kind and kind not in expected:
                expected.append(kind)
        if expected:
            return f"expected {' or '.join(expected)}, got {_got(errors[0]['input'], raw)}"
        # Several distinct problems with one value (e.g. a mapping failing both union members).
        return "; ".join(dict.fromkeys(_one_message(e, raw) for e in errors))
    return _one_message(errors[0], raw)


def _got(value: Any, raw: str | None) -> str:
    """How a value reads back: 'the number 90'; and where that is not what was written,
    '1:30 (unquoted, YAML reads it as the number 90)'."""
    read = describe_type(value)
    same = raw == str(value) or (isinstance(value, bool) and raw is not None and raw.lower() == str(value).lower())
    if raw is None or same or (hasattr(value, "isoformat") and raw == value.isoformat()):
        return read
    return f"{raw} (unquoted, YAML reads it as {read})"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
    "date_from_datetime_inexact": "a date",
    "literal_error": None,
}

_FIELD_NAMES: set[str] = set()


def _field_names() -> set[str]:
    if not _FIELD_NAMES:
        from tracker import model

        for name in dir(model):
            obj = getattr(model, name)
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                _FIELD_NAMES.update(obj.model_fields)
    return _FIELD_NAMES


def _one_message(error: dict[str, Any], raw: str | None = None) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = error["loc"][-1]
        return f"unknown field {quote(name)}{_suggest(str(name), _field_names())}"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        shown = raw if raw is not None else value  # `kind: no` is 'no', not False
        choices = [e.strip(chr(39)) for e in expected.replace(" or ", ", ").split(", ")]
        return f"{quote(shown)} is not one of {expected.replace(chr(39), '')}{_suggest(str(shown), choices)}"
    if kind == "string_pattern_mismatch":
        return f"{quote(value)} is not a valid id: use lower-case letters, digits and '-' (e.g. 'ceasefire-30-day')"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return message.replace(f"got {describe_type(value)}", f"got {_got(value, raw)}", 1)
    if kind in _EXPECTED and _EXPECTED[kind]:
        hint = ""
        if isinstance(value, bool) and raw is not None and raw.lower() not in ("true", "false"):
            hint = ": put the text in quotes"
        elif isinstance(value, bool):
            hint = " (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"
        elif kind == "string_type" and error["loc"] and error["loc"][-1] == "round" and hasattr(value, "isoformat"):
            hint = ": a round is named by its id, its folder's name (e.g. '2025-05-16-istanbul')"
        elif kind == "string_type" and isinstance(value, (int, float)):
            hint = ": put the text in quotes"
        return f"expected {_EXPECTED[kind]}, got {_got(value, raw)}{hint}"
    return error["msg"]


def _suggest(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _dotted(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
