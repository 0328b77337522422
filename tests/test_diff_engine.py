"""The comparison engine: examples on the fixture data, and properties on generated rounds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from json_shape import check

from bundled_support import dataset as bundled_dataset

from tracker.diff import (
    is_new_since,
    Bucket,
    ChangeClass,
    FieldChange,
    RoundDiff,
    compare_position,
    compare_positions,
    compare_rounds,
    returned_positions,
    sort_key,
)
from tracker.dataset import Dataset, RoundData
from tracker.loader import load_dataset
from tracker.model import JOINT, Claim, Delegation, Evidence, Kind, Party, Position, PositionRef, Quantity, Round, Source, Status, Topic
from tracker.report.comparison import of_diff
from tracker.report.records import diff_document
from tracker.timeline import Step, build_timeline

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"
PARTIES = ("ukraine", "russia", JOINT)
TOPICS = ("ceasefire", "prisoners", "remains")
SOURCES = ("src-a", "src-b")
IDS = ("ceasefire-30-day", "local-ceasefire", "exchange", "remains", "memorandum")


# --- examples on the fixture data ---------------------------------------------------------------


def test_rounds_compared_again_use_their_kept_indexes_and_tell_the_same(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compare_rounds pairs positions through each round's index by key, made once with the
    round: a second comparison reads no position's key again, and tells what the positions'
    own comparison tells, in the same order."""
    dataset = load_dataset(data_dir)
    first = compare_rounds(dataset, MAY, JUNE)
    assert first == compare_positions(dataset.rounds[MAY].positions, dataset.rounds[JUNE].positions, MAY, JUNE)
    reads: list[Position] = []
    key = Position.key
    monkeypatch.setattr(Position, "key", property(lambda self: reads.append(self) or key.fget(self)))
    again = compare_rounds(dataset, MAY, JUNE)
    assert again == first and [p.key for p in again.unchanged] == [p.key for p in first.unchanged]
    reads.clear()
    compare_rounds(dataset, JUNE, MAY)
    assert reads == []


def test_fixture_comparison(data_dir: Path) -> None:
    diff = compare_rounds(load_dataset(data_dir), MAY, JUNE)
    assert [p.key for p in diff.added] == [("russia", "local-ceasefire"), (JOINT, "remains-6000")]
    assert [p.key for p in diff.removed] == [("ukraine", "leaders-meeting")]
    assert [p.key for p in diff.unchanged] == [("russia", "ceasefire-preconditions")]
    by_key = {c.key: c for c in diff.changed}
    ceasefire = by_key[("ukraine", "ceasefire-30-day")]
    assert [c.field for c in ceasefire.changes] == ["summary", "quantities[ceasefire length]", "evidence"]
    length = ceasefire.field("quantities[ceasefire length]")
    assert length is not None and length.old["value"] == 30 and length.new["min"] == 30
    exchange = by_key[(JOINT, "exchange-1000")]
    assert [(c.field, c.old, c.new) for c in exchange.changes] == [
        ("status", "agreed", "implemented"),
        ("status_date", None, "2025-05-25"),
    ]
    # The status moved; the ceasefire demand was reworded and a second source gave a figure
    # compatible with the first (30 days, at least 30 days): not a move.
    assert exchange.change_class is ChangeClass.substance and exchange.substantive
    assert ceasefire.change_class is ChangeClass.wording and not ceasefire.substantive
    assert length.change_class is ChangeClass.record


def test_evidence_and_notes_alone_are_not_substantive(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    position = dataset.rounds[JUNE].by_key()[("russia", "ceasefire-preconditions")]
    resourced = position.model_copy(update={"notes": "Now also reported by B.", "evidence": [*position.evidence, Evidence(source="src-a")]})
    changes = compare_position(position, resourced)
    assert [c.field for c in changes] == ["notes", "evidence"]
    diff = compare_positions([position], [_stamped(resourced, "russia")])
    assert len(diff.changed) == 1 and not diff.changed[0].substantive


def test_responds_to_is_compared() -> None:
    before = _position("rejection", responds_to=[])
    after = before.model_copy(update={"responds_to": [PositionRef(position="ceasefire-30-day", party="ukraine")]})
    assert [c.field for c in compare_position(before, after)] == ["responds_to"]


def test_a_reference_to_another_record_of_the_same_position_is_no_change() -> None:
    """At June `{position: x, party: ukraine}` means June's record; at July, naming June's round, or
    leaving it implicit (July's record of the same id), answers the same position."""
    before = _stamped(_position("rejection", responds_to=[PositionRef(position="ceasefire-30-day", party="ukraine")]), "russia", "june")
    after = _stamped(before.model_copy(update={"responds_to": [PositionRef(position="ceasefire-30-day", party="ukraine", round="june")]}), "russia", "july")
    assert compare_position(before, after) == ()
    implicit = _stamped(before.model_copy(), "russia", "july")
    assert compare_position(before, implicit) == ()
    other = _stamped(before.model_copy(update={"responds_to": [PositionRef(position="ceasefire-60-day", party="ukraine", round="june")]}), "russia", "july")
    assert [c.field for c in compare_position(before, other)] == ["responds_to"]
    other_party = _stamped(before.model_copy(update={"responds_to": [PositionRef(position="ceasefire-30-day", party="united-states")]}), "russia", "july")
    assert [c.field for c in compare_position(before, other_party)] == ["responds_to"]


def test_quantities_match_by_what_they_count_not_by_order() -> None:
    days = Quantity(what="length", value=30, unit="days")
    bodies = Quantity(what="bodies", value=6000)
    before = _position("demand", quantities=[days, bodies])
    assert compare_position(before, before.model_copy(update={"quantities": [bodies, days]})) == ()
    longer = before.model_copy(update={"quantities": [Quantity(what="length", min=30, unit="days"), bodies]})
    assert [c.field for c in compare_position(before, longer)] == ["quantities[length]"]
    dropped = before.model_copy(update={"quantities": [days]})
    assert compare_position(before, dropped) == (FieldChange("quantities[bodies]", {"value": 6000, "what": "bodies"}, None),)


def test_figures_counting_the_same_thing_are_the_first_the_second_and_so_on() -> None:
    """The first of them keeps its plain name; the second is '#2', never '#1' (which would read
    as the first)."""
    first, second = Quantity(what="bodies", value=6000), Quantity(what="bodies", value=20)
    before = _position("demand", quantities=[first, second])
    later = before.model_copy(update={"quantities": [first, Quantity(what="bodies", value=25)]})
    assert [c.field for c in compare_position(before, later)] == ["quantities[bodies #2]"]
    third = before.model_copy(update={"quantities": [first, second, Quantity(what="bodies", value=3)]})
    assert [c.field for c in compare_position(before, third)] == ["quantities[bodies #3]"]


def test_timeline_steps(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    rows = {(r.party, r.id): r for r in build_timeline(dataset).rows}
    assert [c.step for c in rows[(JOINT, "exchange-1000")].cells] == [Step.new, Step.changed]
    assert [c.step for c in rows[("ukraine", "leaders-meeting")].cells] == [Step.new, Step.dropped]
    assert [c.step for c in rows[("russia", "local-ceasefire")].cells] == [Step.absent, Step.new]
    assert [c.step for c in rows[("russia", "ceasefire-preconditions")].cells] == [Step.new, Step.same]
    only = build_timeline(dataset, topics=["prisoners"])
    assert [(r.party, r.id) for r in only.rows] == [(JOINT, "exchange-1000")]


def test_a_timeline_reads_each_position_once_and_makes_no_index_of_a_round(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_timeline finds every version of every position in one pass over the rounds'
    positions, the filters applied as it goes: each position's key is read once, and no round's
    index by key is made (a timeline of one topic keeps only that topic's positions; the load
    made those of the rounds its references name)."""
    dataset = load_dataset(data_dir)
    indexes = [data.key_index for data in dataset.rounds.values()]
    assert None in indexes
    reads: list[Position] = []
    key = Position.key
    monkeypatch.setattr(Position, "key", property(lambda self: reads.append(self) or key.fget(self)))
    only = build_timeline(dataset, topics=["prisoners"])
    assert [(r.party, r.id) for r in only.rows] == [(JOINT, "exchange-1000")]
    assert all(data.key_index is index for data, index in zip(dataset.rounds.values(), indexes, strict=True))
    reads.clear()
    whole = build_timeline(dataset)
    assert len(whole.rows) > 1 and sorted(map(id, reads)) == sorted(map(id, dataset.all_positions()))
    assert all(data.key_index is index for data, index in zip(dataset.rounds.values(), indexes, strict=True))


# --- generated rounds ---------------------------------------------------------------------------


def _position(kind: str, **fields) -> Position:
    return _stamped(Position(id="p", topic="ceasefire", kind=kind, summary="s", evidence=[Evidence(source="src-a")], **fields), "russia")


def _stamped(position: Position, party: str, round_id: str = "") -> Position:
    position._party, position._round = party, round_id
    return position


words = st.sampled_from(["thirty days", "all for all", "a list of 339 children", "memoranda", "[bold]x[/]", "a | b"])
amounts = st.one_of(
    st.fixed_dictionaries({"value": st.integers(0, 20_000)}),
    st.fixed_dictionaries({"min": st.integers(0, 50)}),
    st.fixed_dictionaries({"min": st.integers(0, 5), "max": st.integers(6, 60)}),
    st.just({"scope": "all"}),
    st.just({"max": dt.date(2025, 6, 30)}),
)
claims = st.builds(lambda a, source: Claim(source=source, **a), amounts, st.sampled_from(SOURCES))
quantities = st.one_of(
    st.builds(lambda what, a, unit: Quantity(what=what, unit=unit, **a), st.sampled_from(["length", "bodies", "prisoners"]), amounts, st.sampled_from([None, "days"])),
    st.builds(lambda what, c: Quantity(what=what, claims=c), st.sampled_from(["bodies", "age"]), st.lists(claims, min_size=2, max_size=3)),
)
evidence = st.builds(
    lambda source, quoted, note: Evidence(source=source, quote="We agreed." if quoted else None, speaker="Umerov" if quoted else None, note=note),
    st.sampled_from(SOURCES), st.booleans(), st.one_of(st.none(), words),
)  # fmt: skip
conditions = st.one_of(words, st.builds(lambda p: PositionRef(position=p), st.sampled_from(IDS)))


@st.composite
def positions(draw, party: str, position_id: str) -> Position:
    status = draw(st.sampled_from(list(Status)))
    kind = Kind.agreement if party == JOINT else draw(st.sampled_from([k for k in Kind if k is not Kind.agreement]))
    return Position(
        id=position_id,
        topic=draw(st.sampled_from(TOPICS)),
        kind=kind,
        summary=draw(words),
        status=status,
        status_date=dt.date(2025, 5, 25) if status is Status.implemented else draw(st.one_of(st.none(), st.just(dt.date(2025, 6, 2)))),
        parties=["ukraine", "russia"] if party == JOINT else [],
        quantities=draw(st.lists(quantities, max_size=2)),
        conditions=draw(st.lists(conditions, max_size=2)),
        evidence=draw(st.lists(evidence, min_size=1, max_size=3)),
        notes=draw(st.one_of(st.none(), words)),
    )


@st.composite
def round_pairs(draw) -> tuple[list[Position], list[Position]]:
    """Two rounds over a shared pool of keys: some positions in one round only, some in both,
    kept as they were or redrawn."""
    keys = draw(st.lists(st.tuples(st.sampled_from(PARTIES), st.sampled_from(IDS)), unique=True, max_size=10))
    first: list[Position] = []
    second: list[Position] = []
    for party, position_id in keys:
        where = draw(st.sampled_from(["first", "second", "both-same", "both-redrawn"]))
        position = draw(positions(party, position_id))
        if where in ("first", "both-same", "both-redrawn"):
            first.append(_stamped(position, party, "r1"))
        if where == "both-same":
            second.append(_stamped(position.model_copy(), party, "r2"))
        elif where in ("second", "both-redrawn"):
            second.append(_stamped(draw(positions(party, position_id)), party, "r2"))
    return draw(st.permutations(first)), draw(st.permutations(second))


def _keys(items) -> list[tuple[str, str]]:
    return [p.key for p in items]


@settings(suppress_health_check=[HealthCheck.too_slow])  # building rounds is slow on a busy machine
@given(round_pairs())
def test_a_round_compared_with_itself_is_empty(pair) -> None:
    first, _ = pair
    diff = compare_positions(first, first)
    assert diff.is_empty
    assert not diff.added and not diff.removed and not diff.changed
    assert _keys(diff.unchanged) == _keys(first)


@settings(suppress_health_check=[HealthCheck.too_slow])  # building rounds is slow on a busy machine
@given(round_pairs())
def test_swapping_the_rounds_swaps_added_and_removed_and_flips_each_change(pair) -> None:
    first, second = pair
    forward, backward = compare_positions(first, second), compare_positions(second, first)
    assert sorted(_keys(forward.added)) == sorted(_keys(backward.removed))
    assert sorted(_keys(forward.removed)) == sorted(_keys(backward.added))
    assert sorted(_keys(forward.unchanged)) == sorted(_keys(backward.unchanged))
    back = {c.key: c for c in backward.changed}
    assert set(back) == {c.key for c in forward.changed}
    for change in forward.changed:
        flipped = change.flipped()
        assert sorted(map(_as_tuple, back[change.key].changes)) == sorted(map(_as_tuple, flipped.changes))
        assert back[change.key].old is change.new and back[change.key].new is change.old


def _as_tuple(change: FieldChange) -> tuple[str, str, str]:
    return (change.field, json.dumps(change.old, sort_keys=True), json.dumps(change.new, sort_keys=True))


@settings(suppress_health_check=[HealthCheck.too_slow])  # building rounds is slow on a busy machine
@given(round_pairs())
def test_every_position_lands_in_exactly_one_bucket(pair) -> None:
    first, second = pair
    diff = compare_positions(first, second)
    seen: dict[tuple[str, str], list[Bucket]] = {}
    for bucket, position, _ in diff.buckets():
        seen.setdefault(position.key, []).append(bucket)
    assert all(len(buckets) == 1 for buckets in seen.values())
    assert set(seen) == set(_keys(first)) | set(_keys(second))
    assert {k for k, b in seen.items() if b == [Bucket.added]} == set(_keys(second)) - set(_keys(first))
    assert {k for k, b in seen.items() if b == [Bucket.removed]} == set(_keys(first)) - set(_keys(second))
    for change in diff.changed:
        assert change.changes and compare_position(change.old, change.new) == change.changes
    for position in diff.unchanged:
        before = next(p for p in first if p.key == position.key)
        assert compare_position(before, position) == ()
    assert sum(diff.summary().values()) == len(seen)


@settings(suppress_health_check=[HealthCheck.too_slow])  # building rounds is slow on a busy machine
@given(round_pairs(), st.lists(st.sampled_from(PARTIES), max_size=2), st.lists(st.sampled_from(TOPICS), max_size=2))
def test_filtering_keeps_exactly_the_matching_entries(pair, parties, topics) -> None:
    diff = compare_positions(*pair)
    kept = diff.filtered(parties, topics)

    def matches(p: Position) -> bool:
        return (not parties or p.party in parties) and (not topics or p.topic in topics)

    assert _keys(kept.added) == [p.key for p in diff.added if matches(p)]
    assert _keys(kept.removed) == [p.key for p in diff.removed if matches(p)]
    assert [c.key for c in kept.changed] == [c.key for c in diff.changed if matches(c.old) or matches(c.new)]


def test_a_position_that_moved_to_another_topic_is_kept_by_either_topics_filter() -> None:
    # The generated rounds rarely redraw a position under another topic; a filter on the topic
    # it left must still show that it changed (it left the topic), as one on the topic it joined.
    before = _stamped(Position(id="p", topic="ceasefire", kind="demand", summary="s", evidence=[Evidence(source="src-a")]), "russia", "r1")
    after = _stamped(Position(id="p", topic="prisoners", kind="demand", summary="s", evidence=[Evidence(source="src-a")]), "russia", "r2")
    diff = compare_positions([before], [after])
    assert [c.key for c in diff.changed] == [("russia", "p")]
    for topic in ("ceasefire", "prisoners"):
        assert [c.key for c in diff.filtered(topics=[topic]).changed] == [("russia", "p")], topic
    assert diff.filtered(topics=["remains"]).changed == ()


def _dataset(*rounds: list[Position], away: dict[str, str] | None = None) -> Dataset:
    """Rounds r1, r2, … a month apart, with the given positions; both parties' delegations at
    each, but for a party `away` from a round (round id → party)."""

    def round_data(round_id: str, day: dt.date, items: list[Position]) -> RoundData:
        there = [p for p in ("ukraine", "russia") if (away or {}).get(round_id) != p]
        delegations = [Delegation(party=p, head=f"Head of {p}") for p in there]
        rnd = Round(id=round_id, date=day, place="Istanbul", outcome="Talks held.", mediators=["turkey"], delegations=delegations)
        return RoundData(rnd, Path(round_id), list(items))

    return Dataset(
        root=Path("."),
        parties={p: Party(id=p, name=p.title(), short=p[:2].upper(), role="party") for p in ("ukraine", "russia")},
        topics={t: Topic(id=t, title=t.title(), scope="The topic.") for t in TOPICS},
        sources={s: Source(id=s, outlet=s.upper(), title="T", published=dt.date(2025, 6, 2), file=f"{s}.txt") for s in SOURCES},
        rounds={f"r{n}": round_data(f"r{n}", dt.date(2025, 4 + n, 16), items) for n, items in enumerate(rounds, 1)},
    )


@given(st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=1, max_size=3))
def test_timeline_steps_follow_each_position_across_gaps(presence) -> None:
    """Per position, which of four rounds it is on record at; the steps must say new only the first
    time, returned after a gap, dropped only right after a round it was at."""
    rounds: list[list[Position]] = [[] for _ in range(4)]
    for number, at in enumerate(presence):
        for index, present in enumerate(at):
            if present:
                rounds[index].append(_stamped(_position("demand").model_copy(update={"id": f"p{number}"}), "russia", f"r{index + 1}"))
    dataset = _dataset(*rounds)
    rows = {row.id: row for row in build_timeline(dataset).rows}
    for number, at in enumerate(presence):
        if not any(at):
            assert f"p{number}" not in rows
            continue
        expected, before, seen = [], False, False
        for present in at:
            if present:
                expected.append(Step.same if before else Step.returned if seen else Step.new)
                seen = True
            else:
                expected.append(Step.dropped if before else Step.absent)
            before = present
        assert [c.step for c in rows[f"p{number}"].cells] == expected


def test_a_position_of_a_party_away_from_the_next_round_is_dropped_where_it_is_back_at_the_table() -> None:
    """Missing is not a difference: Russia took no part in r2, so its position is not 'not on
    record' there, but at r3, the first round it was at again without it."""
    position = _stamped(_position("demand"), "russia", "r1")
    dataset = _dataset([position], [], [], away={"r2": "russia"})
    [row] = build_timeline(dataset).rows
    assert [c.step for c in row.cells] == [Step.new, Step.absent, Step.dropped]


@example([[True, True, False, False, True]], 3, 4)  # on record at r1 and r2: back from r2
@example([[True, True, False, False, True], [True, False, False, False, True]], 3, 4)  # from r2 and r1
@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=1, max_size=3), st.integers(0, 3), st.integers(1, 4))
def test_a_returned_position_names_the_latest_round_it_was_on_record_at(presence, first, second) -> None:
    """Compared forward, a position added that was on record before the first round is back
    after a gap, from the latest such round; one never on record before is new."""
    first, second = sorted((first, second))
    if first == second:
        return
    rounds: list[list[Position]] = [[] for _ in range(5)]
    for number, at in enumerate(presence):
        for index, present in enumerate(at):
            if present:
                rounds[index].append(_stamped(_position("demand").model_copy(update={"id": f"p{number}"}), "russia", f"r{index + 1}"))
    dataset = _dataset(*rounds)
    diff = compare_rounds(dataset, f"r{first + 1}", f"r{second + 1}")
    expected = {}
    for number, at in enumerate(presence):
        if at[second] and not at[first] and any(at[:first]):
            latest = max(index for index in range(first) if at[index])
            expected[("russia", f"p{number}")] = f"r{latest + 1}"
    assert returned_positions(dataset, diff) == expected


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])  # one shape: a few dozen inputs show it
@given(round_pairs())
def test_json_output_has_the_documented_shape(pair) -> None:
    dataset = _dataset(*pair)
    document = diff_document(of_diff(dataset, compare_rounds(dataset, "r1", "r2")))
    assert check(json.loads(json.dumps(document)), "diff") == []
    assert list(document) == ["schema_version", "from", "to", "headline", "events", "added", "removed", "changed", "unchanged", "summary"]
    counts = {k: len(document[k]) for k in ("added", "removed", "changed", "unchanged")}
    by_class = {f"changed_{cls.value}": sum(c["class"] == cls.value for c in document["changed"]) for cls in ChangeClass}
    assert document["summary"] == {**counts, "changed_record_only": sum(c["record_only"] for c in document["changed"]), **by_class}
    for change in document["changed"]:
        assert change["record_only"] == (change["class"] == "record")
        ranks = {"record": 0, "wording": 1, "substance": 2}
        assert change["class"] == max((c["class"] for c in change["changes"]), key=ranks.__getitem__)
    assert len(document["headline"]["brief"]) <= 12


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(round_pairs(), st.data())
def test_evidence_or_notes_alone_never_count_as_substance(pair, data) -> None:
    """Whatever a position holds, changing only its evidence and notes (adding a source,
    rewording a note, dropping a citation) is a change in the record, never a move."""
    first, _ = pair
    assume(first)  # a round with no positions would assert nothing
    for position in first:
        update = {}
        if data.draw(st.booleans(), label="new notes"):
            update["notes"] = data.draw(st.one_of(st.none(), words), label="notes")
        if not update or data.draw(st.booleans(), label="new evidence"):
            update["evidence"] = data.draw(st.lists(evidence, min_size=1, max_size=3), label="evidence")
        resourced = _stamped(position.model_copy(update=update), position.party, "r2")
        diff = compare_positions([position], [resourced])
        assert not diff.added and not diff.removed and len(diff.changed) + len(diff.unchanged) == 1
        for change in diff.changed:
            assert change.change_class is ChangeClass.record and not change.substantive
            assert all(c.change_class is ChangeClass.record for c in change.changes)
        assert diff.class_counts()[ChangeClass.substance] == 0


def test_the_shape_check_can_fail(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    document = json.loads(json.dumps(diff_document(of_diff(dataset, compare_rounds(dataset, MAY, JUNE)))))
    assert check(document, "diff") == []
    document["added"][0]["surprise"] = 1
    del document["summary"]["changed"]
    document["changed"][0]["changes"][0].pop("from")
    errors = check(document, "diff")
    assert "$.added[0]: unexpected key 'surprise'" in errors
    assert "$.summary: missing 'changed'" in errors
    assert "$.changed[0].changes[0]: missing 'from'" in errors


def _put_forward(data_dir: Path, round_id: str, party: str, position_id: str, date: str) -> None:
    path = data_dir / "rounds" / round_id / f"{party}.yaml"
    text = path.read_text()
    assert f"  - id: {position_id}\n" in text
    path.write_text(text.replace(f"  - id: {position_id}\n", f"  - id: {position_id}\n    put_forward: {date}\n", 1))


@pytest.mark.parametrize(
    ("put_forward", "new"),
    [("2025-06-01", True), ("2025-05-17", True), ("2025-05-16", False), ("2025-05-01", False)],
)
def test_a_position_first_on_record_later_is_new_when_put_forward_after_the_round_before(
    data_dir: Path, put_forward: str, new: bool
) -> None:
    _put_forward(data_dir, JUNE, "russia", "local-ceasefire", put_forward)
    [cell] = [row.cells[1] for row in build_timeline(load_dataset(data_dir)).rows if row.id == "local-ceasefire"]
    assert (cell.step, cell.new) == (Step.new, new)


@pytest.mark.parametrize(("put_forward", "new"), [("2025-05-16", True), ("2025-05-15", False)])
def test_at_the_first_round_new_means_put_forward_that_day_or_after(data_dir: Path, put_forward: str, new: bool) -> None:
    _put_forward(data_dir, MAY, "ukraine", "leaders-meeting", put_forward)
    [cell] = [row.cells[0] for row in build_timeline(load_dataset(data_dir)).rows if row.id == "leaders-meeting"]
    assert (cell.step, cell.new) == (Step.new, new)


def test_at_the_first_round_only_a_joint_agreement_is_new_without_a_date(data_dir: Path) -> None:
    first = {(row.party, row.id): row.cells[0] for row in build_timeline(load_dataset(data_dir)).rows}
    on_record = {key: cell.new for key, cell in first.items() if cell.step is Step.new}
    assert on_record and any(party == JOINT for party, _ in on_record)
    assert on_record == {key: key[0] == JOINT for key in on_record}


def test_a_timeline_of_chosen_rounds_starts_at_the_first_chosen(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    timeline = build_timeline(dataset, rounds=[JUNE])
    assert timeline.rounds == (JUNE,)
    assert timeline.rows and all(len(row.cells) == 1 and row.cells[0].round == JUNE for row in timeline.rows)
    # A position on record in May and June is the first step of this view, not a change.
    kept = {p.key for p in dataset.rounds[MAY].positions} & {p.key for p in dataset.rounds[JUNE].positions}
    assert kept and all(row.cells[0].step is Step.new for row in timeline.rows if (row.party, row.id) in kept)


def test_a_position_carried_from_a_round_is_new_only_if_that_round_is_after_the_one_compared(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    may, june = dataset.rounds[MAY].round.date, dataset.rounds[JUNE].round.date
    agreement = next(p for p in dataset.rounds[JUNE].positions if p.party == JOINT)
    assert is_new_since(agreement, may, dataset)  # a joint agreement, no dates: reached where recorded
    assert not is_new_since(agreement.model_copy(update={"carried_from": MAY}), may, dataset)
    assert is_new_since(agreement.model_copy(update={"carried_from": JUNE}), may, dataset)
    assert not is_new_since(agreement.model_copy(update={"carried_from": JUNE}), june, dataset)
    assert not is_new_since(agreement.model_copy(update={"carried_from": "2024-01-01-nowhere"}), may, dataset)
    assert not is_new_since(agreement.model_copy(update={"carried_from": JUNE}), may)  # no data to look it up in


def test_rows_sort_by_topic_then_party_with_joint_last_then_line(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    base = dataset.rounds[JUNE].positions[0]
    topics, parties = list(dataset.topics), list(dataset.parties)

    def variant(topic: str, party: str, line: int | None) -> Position:
        # The party and the origin are the loader's to set (private), not fields a copy updates.
        position = _stamped(base.model_copy(update={"topic": topic}), party, JUNE)
        position.__pydantic_private__["_origin"] = None if line is None else base.origin._replace(line=line)
        return position

    first = variant(topics[0], parties[0], 9)
    later_line = variant(topics[0], parties[0], 20)
    other_party = variant(topics[0], parties[1], 1)
    stranger = variant(topics[0], "stranger", 1)
    joint = variant(topics[0], JOINT, 1)
    next_topic = variant(topics[1], parties[0], 1)
    unknown_topic = variant("not-a-topic", parties[0], 1)
    no_origin = variant(topics[0], parties[0], None)
    expected = [no_origin, first, later_line, other_party, stranger, joint, next_topic, unknown_topic]
    assert [(p.topic, p.party, p.origin.line if p.origin else 0) for p in expected] == [
        (topics[0], parties[0], 0), (topics[0], parties[0], 9), (topics[0], parties[0], 20), (topics[0], parties[1], 1),
        (topics[0], "stranger", 1), (topics[0], JOINT, 1), (topics[1], parties[0], 1), ("not-a-topic", parties[0], 1),
    ]  # fmt: skip
    # Compared by identity: positions with the same fields are equal whatever their party and line.
    assert [id(p) for p in sorted(expected[::-1], key=lambda p: sort_key(dataset, p))] == [id(p) for p in expected]


def test_round_diff_of_nothing() -> None:
    diff = RoundDiff("a", "b")
    assert diff.is_empty and diff.summary() == {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}


def test_the_timeline_calls_a_position_new_only_where_the_data_says_it_was_put_forward(data_dir: Path) -> None:
    from tracker.report.words import step_word

    dataset = load_dataset(data_dir)
    rows = {(r.party, r.id): r for r in build_timeline(dataset).rows}
    offer = rows[("russia", "local-ceasefire")].cells[1]
    assert offer.step is Step.new and step_word(offer) == "first on record"  # no put_forward: only first reported
    may = min(r.round.date for r in dataset.rounds.values())
    assert is_new_since(offer.position.model_copy(update={"put_forward": may + dt.timedelta(days=1)}), may, dataset)
    assert not is_new_since(offer.position.model_copy(update={"put_forward": may}), may, dataset)
    agreement = rows[(JOINT, "exchange-1000")].cells[0]
    assert step_word(agreement) == "new"  # a joint agreement is reached at the round that records it


def test_the_quick_dump_is_pydantics_for_every_model_of_the_bundled_data() -> None:
    """diff._plain_model stands in for model_dump(mode="json", exclude_none=True,
    exclude_defaults=True); it reads each class's defaults once, and must stay the same dump."""
    from tracker.diff import _plain_model
    from tracker.plain_model import PlainModel

    def models(value):  # type: ignore[no-untyped-def]
        if isinstance(value, PlainModel):
            yield value
            for name in type(value).model_fields:
                yield from models(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from models(item)

    dataset = bundled_dataset()
    found = [m for data in dataset.rounds.values() for m in models([data.round, data.positions])]
    assert len({type(m) for m in found}) >= 6
    for model in found * 2:  # the second time from the classes' kept defaults
        assert _plain_model(model) == model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def test_a_rounds_positions_by_key_are_mapped_once(data_dir: Path) -> None:
    """A story looks up the earlier version of every changed position: mapping the round anew
    for each lookup made the comparison of two 5,000-position rounds quadratic."""
    for data in load_dataset(data_dir).rounds.values():
        assert data.positions
        assert data.by_key() is data.by_key()
        assert data.by_key() == {p.key: p for p in data.positions}


def test_the_rejections_answering_a_position_are_found_by_index_as_by_scanning() -> None:
    """The story finds the refusals that answer a position through an index of each round,
    made once; it must find what a scan of the round finds, in the same order: the other
    parties' rejections of it, and, when it is refused, their other refusing positions that
    answer it (a red line, a counter-demand)."""
    from tracker.loader import bundled_data_dir
    from tracker.report.refusals import REFUSING
    from tracker.report.refusals import rejections as _rejections

    dataset = load_dataset(bundled_data_dir())
    answers: dict = {}
    found = beyond = 0
    for data in dataset.rounds.values():
        for position in data.positions:
            scanned = [
                other
                for other in data.positions
                if other.party != position.party
                and (other.kind is Kind.rejection or (position.status is Status.rejected and other.kind in REFUSING))
                for ref in other.responds_to
                if (ref.round or other.round) == position.round and (ref.party or other.party) == position.party and ref.position == position.id
            ]
            assert _rejections(dataset, position, answers) == scanned
            found += len(scanned)
            beyond += sum(other.kind is not Kind.rejection for other in scanned)
    assert found > beyond > 0, "rejections, and a refusal of another kind, to find"


def test_a_timeline_row_is_under_the_topic_its_position_has_last(data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "ukraine.yaml"
    path.write_text(path.read_text().replace("    topic: ceasefire\n", "    topic: prisoners\n", 1))
    rows = {(row.party, row.id): row for row in build_timeline(load_dataset(data_dir)).rows}
    assert rows[("ukraine", "ceasefire-30-day")].topic == "prisoners"
    assert rows[("ukraine", "leaders-meeting")].topic == "political-process"  # on record in May only
