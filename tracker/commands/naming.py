"""A position as a command names it: `ID` or `PARTY/ID`, the party by its id, name or short name.

Every command that names a position (`show --id`, `edit`) finds it here, so what one takes the
other takes too: `ukraine/ceasefire-30-day`, `UA/ceasefire-30-day`, `ceasefire-30-day --party
Ukraine`. Without a round, the latest round that has the position is the one meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.report.options import UsageError, check_parties

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.model import Position


def find_position(dataset: Dataset, wanted: str, *, round_id: str | None = None, parties: Sequence[str] = ()) -> Position:
    """The position `wanted` (ID or PARTY/ID) names, of one of `parties` if any are given, at
    `round_id` or else at the latest round that has it. A UsageError says why there is none or
    which parties to choose from when the id is more than one party's."""
    party, _, position_id = wanted.rpartition("/")
    if party:
        named = check_parties(dataset, [party])
        if parties and not set(named) & set(parties):
            raise UsageError(f"{wanted!r} names the party {party!r}, but --party says {', '.join(parties)}")
        parties = named
    rounds = [round_id] if round_id is not None else list(reversed(dataset.rounds))

    def of_parties(position: Position) -> bool:
        return position.id == position_id and (not parties or position.party in parties)

    for rid in rounds:
        matches = [p for p in dataset.rounds[rid].positions if of_parties(p)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            choices = ", ".join(f"{p.party}/{p.id}" for p in matches)
            raise UsageError(
                f"{position_id!r} is a position of more than one party at {rid}: say which, "
                f"as {matches[0].party}/{position_id} or with --party ({choices})"
            )
    of = f" of {', '.join(dataset.party_name(p) for p in parties)}" if parties else ""
    where = f"at {round_id}" if round_id is not None else "in any round"
    elsewhere = [rid for rid in dataset.rounds if any(of_parties(p) for p in dataset.rounds[rid].positions)]
    if elsewhere:
        raise UsageError(f"no position {wanted!r}{of} {where}; it is on record at {', '.join(elsewhere)}")
    owners = sorted({p.party for p in dataset.all_positions() if p.id == position_id})
    if owners:
        raise UsageError(f"no position {wanted!r}{of} {where}; {position_id!r} is a position of {', '.join(owners)}")
    import difflib

    at = rounds[0]
    listed = [f"{p.party}/{p.id}" for p in dataset.rounds[at].positions if not parties or p.party in parties]
    names = listed if party else [name.partition("/")[2] for name in listed]
    close = difflib.get_close_matches(wanted, sorted(set(names)), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise UsageError(
        f"no position {wanted!r}{of} {where}{hint}; a position is named ID or PARTY/ID, and those at {at} are: {', '.join(listed) or '(none)'}"
    )
