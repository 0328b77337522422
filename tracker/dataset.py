"""A loaded data directory: the Dataset every command, report and screen works on.

What the loader makes of the YAML once it is checked, and the questions asked of it (a round by
id, date or prefix; a party's or a topic's name; who an agreement is between). Kept apart from
the loader so that what holds the data can be named, stored and rebuilt (tracker.cache keeps
a valid load) without the machinery that reads and checks the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tracker.model import JOINT, Event, Party, Position, Round, Source, Topic
from tracker.problems import Problem


@dataclass(slots=True)
class RoundData:
    """A round's facts and everything stated at it."""

    round: Round
    folder: Path
    positions: list[Position] = field(default_factory=list)
    """Every party's positions, then the joint agreements (party `joint`), in file order."""
    files: dict[str, Path] = field(default_factory=dict)
    """Party id -> the file its positions come from (`joint` -> round.yaml)."""
    key_set: frozenset[tuple[str, str]] | None = field(default=None, repr=False, compare=False)
    """Cache of keys()."""
    key_index: dict[tuple[str, str], Position] | None = field(default=None, repr=False, compare=False)
    """Cache of by_key()."""

    @property
    def id(self) -> str:
        return self.round.id

    def by_key(self) -> dict[tuple[str, str], Position]:
        """Each position by (party, id), made once, as keys(): a story looks up every changed
        position's earlier version here, and making it anew at each lookup made a comparison of
        two 5,000-position rounds take seconds. Shared: read it, never change it."""
        if self.key_index is None:
            self.key_index = {p.key: p for p in self.positions}
        return self.key_index

    def keys(self) -> frozenset[tuple[str, str]]:
        """The (party, id) of every position, made once: the positions do not change after a load."""
        if self.key_set is None:
            self.key_set = frozenset(p.key for p in self.positions)
        return self.key_set

    def find(self, key: tuple[str, str]) -> Position | None:
        """The position with this (party, id), if any: what a reference to it shows."""
        return self.by_key().get(key)

    def key_order(self) -> Mapping[tuple[str, str], object]:
        """The (party, id) of every position in file order, as the keys of a mapping (which
        answers `in` at once): what a check of references needs of a round, which an unread
        round answers without reading its positions."""
        return self.by_key()

    def parties(self) -> list[str]:
        return list(dict.fromkeys(p.party for p in self.positions))


_POSITIONS = RoundData.__dict__["positions"]  # the slot itself, under the property below


class UnreadRound(RoundData):
    """A round whose party files are not read until its positions are asked for: a comparison
    reads the two rounds it compares, and of the others their facts (round.yaml, with their
    joint agreements) and, when it needs them, the ids of their positions, which `scan` finds
    from the files' lines (tracker.id_scan) without parsing them. `read` reads the party files
    in full, as a load does; it raises DataError when they have problems."""

    __slots__ = ("_read", "_scan", "_scanned", "_read_file", "_files_read")

    def __init__(
        self,
        round: Round,
        folder: Path,
        agreements: list[Position],
        files: dict[str, Path],
        read: Callable[[Mapping[str, Path]], list[Position]],
        scan: Callable[[Path], list[str] | None],
    ) -> None:
        RoundData.__init__(self, round, folder, agreements, files)
        self._read: Callable[[], list[Position]] | None = lambda: read(files)
        self._read_file = read
        self._files_read: dict[str, dict[tuple[str, str], Position]] = {}
        self._scan = scan
        self._scanned: dict[tuple[str, str], None] | None = None

    @property  # type: ignore[override]
    def positions(self) -> list[Position]:
        if self._read is not None:
            _POSITIONS.__set__(self, self._read() + _POSITIONS.__get__(self))
            self._read = None
        return _POSITIONS.__get__(self)

    @positions.setter
    def positions(self, value: list[Position]) -> None:
        _POSITIONS.__set__(self, value)

    @property
    def is_read(self) -> bool:
        return self._read is None

    def find(self, key: tuple[str, str]) -> Position | None:
        """Reads only the file of the key's party: a comparison shows what a condition of a
        position it compares refers to, often a position of an earlier round."""
        party = key[0]
        if self._read is None:
            return self.by_key().get(key)
        if party == JOINT or party not in self.files:  # an agreement (in round.yaml), or no file
            return next((p for p in reversed(_POSITIONS.__get__(self)) if p.key == key), None)
        return self._file(party).get(key)

    def _file(self, party: str) -> dict[tuple[str, str], Position]:
        """One party's file, read in full once, by key."""
        if party not in self._files_read:
            self._files_read[party] = {p.key: p for p in self._read_file({party: self.files[party]})}
        return self._files_read[party]

    def key_order(self) -> Mapping[tuple[str, str], object]:
        if self._read is None:
            return self.by_key()
        if self._scanned is not None:
            return self._scanned
        keys: dict[tuple[str, str], None] = {}
        for party, path in self.files.items():
            if party == JOINT:
                continue
            ids = self._scan(path)
            # A layout whose lines cannot be trusted: that file is read as a load reads it.
            keys.update(dict.fromkeys((party, i) for i in ids) if ids is not None else dict.fromkeys(self._file(party)))
        keys.update(dict.fromkeys(p.key for p in _POSITIONS.__get__(self)))  # the joint agreements
        self._scanned = keys
        return keys

    def keys(self) -> frozenset[tuple[str, str]]:
        if self.key_set is None:
            self.key_set = frozenset(self.key_order())
        return self.key_set


@dataclass(slots=True)
class Dataset:
    """A data directory, loaded and checked: its catalogues, and its rounds in order."""

    root: Path
    parties: dict[str, Party]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    rounds: dict[str, RoundData]
    """In chronological order (date, then id)."""
    sources_file: Path | None = None
    texts: Path | None = None
    """The folder of the curator's copies of the sources (the catalogue's `texts`, resolved
    against the catalogue's folder); tracker.provenance checks quotes against them."""
    warnings: list[Problem] = field(default_factory=list)
    """What is valid but likely not what the curator meant (a round copied and not reviewed);
    `tracker validate` lists them, sorted."""
    events: list[Event] = field(default_factory=list)
    """What was done, agreed or declared between rounds (events.yaml), in date order (then id)."""
    events_file: Path | None = None
    """The events file read, if the data has one."""

    def round_ids(self) -> list[str]:
        return list(self.rounds)

    def latest(self, count: int = 1) -> list[str]:
        return list(self.rounds)[-count:]

    def party_name(self, party_id: str, short: bool = False, in_text: bool = False) -> str:
        """The party's name; `in_text`, as a sentence says it ('the United States')."""
        if party_id == JOINT:
            return "Joint"
        party = self.parties.get(party_id)
        if party is None:
            return party_id
        if short:
            return party.short
        return f"the {party.name}" if in_text and party.definite else party.name

    def topic_title(self, topic_id: str) -> str:
        topic = self.topics.get(topic_id)
        return topic.title if topic else topic_id

    def resolve_round(self, name: str) -> str:
        """A round by id, by date (YYYY-MM-DD), by unique id prefix, or by the words the app's
        command palette finds it by: its month, day, year, place or place in the order ('june',
        '2 june', 'third', 'last'; see tracker.round_names). Raises LookupError."""
        if name in self.rounds:
            return name
        by_date = [rid for rid, data in self.rounds.items() if data.round.date.isoformat() == name]
        if len(by_date) == 1:
            return by_date[0]
        by_prefix = [rid for rid in self.rounds if rid.startswith(name)]
        if len(by_prefix) == 1:
            return by_prefix[0]
        from tracker.round_names import rounds_named

        by_name = [] if by_date or by_prefix else rounds_named(self, name)
        if len(by_name) == 1:
            return by_name[0]
        candidates = by_date or by_prefix or by_name
        if candidates:
            raise LookupError(f"round {name!r} is ambiguous: it could be {', '.join(candidates)}")
        raise LookupError(
            f"no round {name!r}; the rounds are: {', '.join(self.rounds) or '(none)'} "
            "(name one by its id, its date, a prefix of its id, or words such as 'june', '2 june', 'third' or 'last')"
        )

    def agreement_parties(self, round_id: str) -> list[str]:
        """Who a new joint agreement at a round is between, as a template's first guess: the
        parties of the round's last agreement (else of the latest earlier round's), else the
        principal parties (role `party`) on record at the round, else all of them. Not the
        mediators and observers: they are party to no agreement of the sides."""
        ids = list(self.rounds)
        for rid in reversed(ids[: ids.index(round_id) + 1] if round_id in self.rounds else ids):
            agreed = [p.parties for p in self.rounds[rid].positions if p.party == JOINT and p.parties]
            if agreed:
                return list(agreed[-1])
        principals = [pid for pid, party in self.parties.items() if party is not None and party.role.value == "party"]
        present = set(self.rounds[round_id].parties()) if round_id in self.rounds else set()
        return [p for p in principals if p in present] or principals

    def all_positions(self) -> Iterable[Position]:
        for data in self.rounds.values():
            yield from data.positions

    def count_positions(self) -> int:
        return sum(len(data.positions) for data in self.rounds.values())


def at_round(dataset: Dataset, round_id: str, party: str) -> bool:
    """Whether a party was at a round as the data records it: a delegation, the chair, the host
    or a mediator's seat. A round that lists no delegations is known by what it holds instead: a
    party's file of positions, a joint agreement it is party to. Where delegations are listed,
    neither puts a party at the table: its file holds what it said from afar (Ukraine's answer to
    the Anchorage summit), an agreement may have been made away from it (Russia's with the
    United States in the call before Mar-a-Lago). Joint agreements are always of their round."""
    data = dataset.rounds[round_id]
    rnd = data.round
    if party == JOINT or party in rnd.mediators or rnd.host == party or (rnd.chair is not None and rnd.chair.party == party):
        return True
    if rnd.delegations:
        return any(d.party == party for d in rnd.delegations)
    return party in data.files or any(party in p.parties for p in data.positions if p.party == JOINT)


def absent_from(dataset: Dataset, round_id: str, position: Position) -> list[str]:
    """The parties of a position that were not at a round (at_round): its party, or for a joint
    agreement those of its parties. Where any is missing, the position's absence there is no
    difference: the agreement could not have been made again without it."""
    parties = position.parties if position.party == JOINT else [position.party]
    return [party for party in parties if not at_round(dataset, round_id, party)]
