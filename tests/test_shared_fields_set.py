"""Records given the same fields hold one fields set (tracker.plain_model._SharedFieldsSet): a
load of 100,000 positions holds some 360,000 records, and a set each was more memory than their
fields. Sharing must not let one record's change reach another."""

from __future__ import annotations

from pathlib import Path

from tracker.loader import load_dataset

GOOD = Path(__file__).parent / "data" / "good"


def test_positions_given_the_same_fields_hold_one_fields_set_and_a_copy_changes_only_its_own() -> None:
    positions = [p for data in load_dataset(GOOD).rounds.values() for p in data.positions]
    plain = [p for p in positions if p.model_fields_set == {"id", "kind", "topic", "summary", "evidence"}]
    assert len(plain) >= 2
    first, second = plain[:2]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    evidence = [e for p in positions for e in p.evidence]
    assert len({id(e.__pydantic_fields_set__) for e in evidence}) < len(evidence)

    copied = first.model_copy(update={"notes": "a note"})
    assert copied.model_fields_set == {"id", "kind", "topic", "summary", "evidence", "notes"}
    assert first.model_fields_set == second.model_fields_set == {"id", "kind", "topic", "summary", "evidence"}
