"""Reading a data directory's files into a Dataset, reporting every problem at once: the work
of tracker.loader.load_dataset when the load cache has no valid load of the directory.

Here: finding the files (every entry that is not one is reported, none skipped unseen),
reading each once, validating it against its model, keeping what is valid when a file is not
(so one run reports all), ids unique within a file, and stamping each position with where it
was read. The rules a round and its positions keep beyond their schema are tracker.round_rules;
the wording of schema errors is tracker.schema_problems; the references between files and the
figures are checked by tracker.references; the events file by tracker.event_rules.

Kept apart from the entry point so that a load answered by the cache imports none of it: not
PyYAML, not pydantic_core, not the rules.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from hashlib import blake2b
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic_core import ValidationError

from tracker.dataset import Dataset, RoundData, UnreadRound
from tracker.event_rules import EVENTS_FILE, check_unders, read_events
from tracker.model import (
    JOINT,
    Origin,
    PartiesFile,
    Party,
    PartyRoundFile,
    Position,
    Round,
    Source,
    SourcesFile,
    Topic,
    TopicsFile,
)
from tracker.paths import ROUND_FILE, find_sources_file, link_out_of
from tracker.plain_model import PlainModel
from tracker.problems import DataError, Problem, dotted, quote, suggest
from tracker.references import References
from tracker.round_rules import (
    copy_not_reviewed,
    date_in_name,
    one_meeting_one_round,
    party_names,
    position_rules,
    round_shape,
)
from tracker.schema_problems import validation_problems
from tracker.yamlread import (
    BidiControl,
    YamlDocument,
    YamlProblem,
    decode,
    describe_type,
    file_kind,
    find_bidi_controls,
    parse_yaml,
    read_data_file,
    read_yaml_file,
)

M = TypeVar("M", bound=PlainModel)

# What each catalogue lists, for keeping the valid entries of a file that is not.
_ITEMS: dict[str, type[PlainModel]] = {"parties": Party, "topics": Topic, "sources": Source}


class DocumentSink(Protocol):
    """What load_dataset hands a check that works on the same parse (its `documents`)."""

    def catalogues(self, sources: Mapping[str, Source], texts: Path | None) -> None: ...

    def round_file(self, path: Path, doc: YamlDocument) -> None: ...


class Loader:
    def __init__(
        self,
        root: Path,
        overrides: Mapping[Path, str] | None = None,
        documents: DocumentSink | None = None,
        only: Callable[[Dataset], Collection[str] | None] | None = None,
    ):
        self.root = root
        self.only = only
        self.loading = True
        self.documents = documents
        self.overrides = {Path(p).resolve(): text for p, text in (overrides or {}).items()}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
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
        if self.documents is not None:
            self.documents.catalogues(sources, self.texts)
        self.references = References(parties, topics, sources, self.problems)
        rounds = self._rounds(root / "rounds")
        events = read_events(self, root)
        dataset = Dataset(root, parties, topics, sources, rounds, sources_file, self.texts, events=events.events, events_file=events.path)
        if self.only is not None:
            wanted = self.only(dataset)
            for round_id, data in rounds.items():
                if wanted is None or round_id in wanted:
                    data.positions  # noqa: B018 - read now: their problems are this load's
        self.references.check_across_rounds(self.loaded, self.unreadable)
        self.problems += check_unders(events, self.loaded, self.unreadable, parties)
        self.loading = False
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
        # An events file with problems: its events are left out rather than half told.
        events = [] if dataset.events_file in bad else dataset.events
        return Dataset(
            dataset.root, dataset.parties, dataset.topics, dataset.sources, rounds, dataset.sources_file, dataset.texts,
            list(dataset.warnings), events=events, events_file=dataset.events_file,
        )  # fmt: skip

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
            self.problem(path, control.line, control.col, dotted(control.loc or ()), _bidi_message(control))
        if doc.value is None:
            self.problem(path, 1, 1, "", "the file is empty")
            return None
        if not isinstance(doc.value, dict):
            line, col = doc.locate(())
            self.problem(path, line, col, "", f"expected a mapping of fields at the top of the file, got {describe_type(doc.value)}")
            return None
        if self.documents is not None and override is None and (path.parent.parent == self.root / "rounds" or path == self.root / EVENTS_FILE):
            self.documents.round_file(path, doc)
        return doc

    def _validate(self, path: Path, doc: YamlDocument, model: type[M]) -> M | None:
        try:
            return model.model_validate(doc.value)
        except ValidationError as exc:
            self.problems.extend(validation_problems(path, doc, exc))
            return None

    def _catalogue(self, path: Path, model: type[PlainModel], key: str) -> dict[str, Any]:
        doc = self._read(path)
        if doc is None:
            return _Unreadable()
        parsed = self._validate(path, doc, model)
        if isinstance(parsed, SourcesFile) and parsed.texts is not None:
            self.texts = self._texts_folder(path, doc, parsed.texts)
        if isinstance(parsed, PartiesFile):
            self.problems += party_names(path, doc, parsed.parties)
        if parsed is None:
            # Keep what is valid so cross-references are still checked against it.
            return self._salvage(doc, key, _ITEMS[key])
        items: dict[str, Any] = {}
        for index, item in enumerate(getattr(parsed, key)):
            if item.id in items:
                self._duplicate(path, doc, (key, index, "id"), item.id, (key, list(items).index(item.id), "id"))
            items[item.id] = item
        return items

    def _texts_folder(self, path: Path, doc: YamlDocument, texts: str) -> Path | None:
        """The catalogue's sources folder, if it is inside the catalogue's own folder (the data
        directory, or the seeds folder beside it); else a problem at `texts` and None. A folder the
        data names outside itself would let a pull request have validate quote any file on the
        machine as "the closest passage"; a folder of the user's own is named by --sources or
        $TRACKER_SOURCES."""
        folder = path.parent / texts
        climbs = os.path.isabs(texts) or os.path.normpath(texts).split(os.sep)[0] == os.pardir
        if not climbs and not link_out_of(folder, path.parent):
            return folder
        line, col = doc.locate(("texts",))
        self.problem(
            path, line, col, "texts",
            f"{quote(texts)} {'names' if climbs else 'is a link to'} a folder outside the catalogue's folder: "
            "source texts are read only from inside the data (name a folder of your own with --sources DIR "
            "or $TRACKER_SOURCES)",
        )  # fmt: skip
        return None

    def _salvage(self, doc: YamlDocument, key: str, item_model: type[PlainModel]) -> dict[str, Any]:
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
        self.problem(path, line, col, dotted(loc), f"duplicate id {quote(value)} (first used at line {first_line})")

    # -- rounds --------------------------------------------------------------------------------

    def _rounds(self, rounds_dir: Path) -> dict[str, RoundData]:
        if not rounds_dir.is_dir():
            self.problem(rounds_dir, 1, 1, "", "no rounds folder: expected rounds/<round-id>/round.yaml")
            return {}
        loaded: list[RoundData] = []
        for folder in sorted(p for p in rounds_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if why := link_out_of(folder, self.root):  # its file names are not listed either
                self.problem(folder, 1, 1, "", why.replace("a link to a file", "a link to a folder", 1))
                continue
            data = self._round(folder)
            if data is not None:
                loaded.append(data)
        for stray in sorted(rounds_dir.glob("*.y*ml")):
            self.problem(stray, 1, 1, "", "files belong in a round's folder: rounds/<round-id>/<file>.yaml")
        for entry in sorted(rounds_dir.iterdir()):  # a round named by a broken link or a FIFO: said, not skipped
            if not entry.name.startswith(".") and (why := _not_a_folder_or_file(entry)):
                self.problem(entry, 1, 1, "", f"{why}: rounds/ holds a folder for each round")
        loaded.sort(key=lambda d: (d.round.date, d.round.id))
        self.problems += one_meeting_one_round(loaded, self.misdated, self.date_marks)
        self.loaded = loaded
        return {d.round.id: d for d in loaded}

    def _round(self, folder: Path) -> RoundData | None:
        round_path = folder / ROUND_FILE
        doc = self._read(round_path)
        rnd = self._validate(round_path, doc, Round) if doc else None
        if doc is not None and (note := copy_not_reviewed(round_path, doc.text)):
            self.warnings.append(note)
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
                self.problem(path, 1, 1, "", f"no party {party!r} in parties.yaml (a position file is named after its party's id){suggest(party, self.parties)}")
            if self.only is None:
                positions.extend(self._party_file(path, party, folder.name))
            files[party] = path
        if doc is not None:
            self.references.check_round_file(round_path, doc)
            raw = doc.value.get("agreements")
            for index, item in enumerate(raw if isinstance(raw, list) else []):
                if isinstance(item, dict):
                    self.references.check_position(round_path, doc, ("agreements", index), item, JOINT, folder.name)
        if rnd is None or doc is None:
            self.unreadable.add((folder.name, None))
            if doc is not None:  # its agreements that are valid on their own: their ids and kinds
                self._salvage_positions(round_path, doc, "agreements", JOINT, folder.name)
            return None
        if rnd.id != folder.name:
            line, col = doc.locate(("id",))
            self.problem(round_path, line, col, "id", f"{rnd.id!r} does not match its folder name {folder.name!r}")
        self.date_marks[folder.name] = doc.locate(("date",))
        if misdated := date_in_name(round_path, folder.name, rnd.date, self.date_marks[folder.name]):
            self.misdated.add(folder.name)
            self.problems.append(misdated)
        self.problems.extend(round_shape(round_path, doc, rnd))
        agreements = self._own_positions(round_path, doc, rnd.agreements, JOINT, rnd.id, ("agreements",))
        files[JOINT] = round_path
        rnd._origin = Origin(round_path, 1, 1)
        if self.only is not None:
            return UnreadRound(rnd, folder, agreements, files, lambda some: self._party_files(folder.name, some), self._scan)
        return RoundData(rnd, folder, positions + agreements, files)

    def _party_files(self, round_id: str, files: Mapping[str, Path]) -> list[Position]:
        """An unread round's party files, read and checked as a load reads them: while loading,
        their problems are the load's; after, they are raised (DataError) on their own."""
        before = len(self.problems)
        positions = [p for party, path in files.items() if party != JOINT for p in self._party_file(path, party, round_id)]
        if not self.loading and len(self.problems) > before:
            raise DataError(self.problems[before:])
        return positions

    def _scan(self, path: Path) -> list[str] | None:
        """The ids of a party file's positions from its lines (tracker.id_scan), read as the
        loader reads a file; None when it cannot be read or its lines cannot be trusted."""
        from tracker.id_scan import position_ids

        try:
            if link_out_of(path, self.root):
                return None
            return position_ids(decode(read_data_file(path)))
        except (YamlProblem, OSError):
            return None

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

    def _party_file(self, path: Path, party: str, round_id: str) -> list[Position]:
        doc = self._read(path)
        if doc is None:
            self.unreadable.add((round_id, party))
            return []
        raw = doc.value.get("positions")
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(item, dict):
                self.references.check_position(path, doc, ("positions", index), item, party, round_id)
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
            # Straight into the private store: __setattr__ costs more than the rest of this loop.
            position.__pydantic_private__.update(
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
            for found in position_rules(path, doc, position, loc, joint=party == JOINT):
                (self.warnings if found.severity == "warning" else self.problems).append(found)
            if position.carried_from is not None:
                line, col = doc.locate(loc + ("carried_from",))
                self.references.note_carried(Problem(path, line, col, dotted(loc + ("carried_from",)), ""), position)
        return list(positions)


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


def _bidi_message(control: BidiControl) -> str:
    name = unicodedata.name(control.char, "a bidirectional control")
    where = "this comment" if control.loc is None else "this text"
    more = f" (and {control.count - 1} more in {where})" if control.count > 1 else ""
    if not ("\u202a" <= control.char <= "\u202e" or "\u2066" <= control.char <= "\u2069"):
        return (
            f"U+{ord(control.char):04X} {name}{more}: an invisible character makes two texts that read the same "
            "differ (a name --party cannot find, a change a comparison cannot show); remove it (the joiners "
            "U+200C, U+200D and the marks U+200E, U+200F that scripts need are fine)"
        )
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
