"""The browse filter: fields, words, and narrowing a previous result as the query grows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOOD_DATA
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tracker.app.filtering import PositionFilter, SearchIndex, narrows
from tracker.loader import load_dataset

INDEX = SearchIndex(load_dataset(GOOD_DATA).rounds["2025-06-02-istanbul"].positions)


def ids(criteria: PositionFilter) -> list[str]:
    return [p.id for p in INDEX.select(criteria)]


def test_fields_and_words() -> None:
    assert ids(PositionFilter(party="russia")) == ["ceasefire-preconditions", "local-ceasefire"]
    assert ids(PositionFilter(status="implemented")) == ["exchange-1000"]
    assert ids(PositionFilter(query="COLLECT dead")) == ["local-ceasefire"]  # words in any order, any case
    assert ids(PositionFilter(query="collect nothing-like-this")) == []
    assert ids(PositionFilter(kind="offer", query="ceasefire")) == ["local-ceasefire"]
    assert len(ids(PositionFilter())) == len(INDEX)


def test_narrows_only_when_typing_on() -> None:
    assert narrows(PositionFilter(query="cease"), PositionFilter(query="ceasefire 30"))
    assert not narrows(PositionFilter(query="ceasefire"), PositionFilter(query="cease"))
    assert not narrows(PositionFilter(query="a", party="russia"), PositionFilter(query="ab"))


@pytest.mark.parametrize(("field", "value"), [("party", "russia"), ("topic", "ceasefire"), ("kind", "offer"), ("status", "agreed")])
def test_a_filter_field_changed_is_not_typing_on_whichever_field(field: str, value: str) -> None:
    """Matches kept from before a field changed would be the old field's: each is compared."""
    assert not narrows(PositionFilter(query="a"), PositionFilter(query="ab", **{field: value}))
    assert not narrows(PositionFilter(query="a", **{field: value}), PositionFilter(query="ab"))
    assert narrows(PositionFilter(query="a", **{field: value}), PositionFilter(query="ab", **{field: value}))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aceiflnorst 0126,", max_size=7), st.text(alphabet="aceiflnorst 0126,", max_size=7))
def test_narrowed_search_equals_full_search(start: str, more: str) -> None:
    before, after = PositionFilter(query=start), PositionFilter(query=start + more)
    assume(narrows(before, after))
    within = INDEX.select_indices(before)
    assert INDEX.select_indices(after, within) == INDEX.select_indices(after)


def test_a_figure_is_found_however_its_thousands_are_written() -> None:
    for query in ("6000", "6,000", "6 000", "6\u202f000", "12000", "12,000 bodies"):
        assert ids(PositionFilter(query=query)) == ["remains-6000"], query
    assert ids(PositionFilter(query="1000 prisoners")) == ["exchange-1000"]  # the summary writes 1,000
    assert ids(PositionFilter(query="60,00")) == []  # half a number is not a number
    # Only a whole number is ungrouped: the digits around a separator are its groups, no more.
    from tracker.app.filtering import ungrouped

    assert ungrouped("16 000 of 2025 000 and 1,0000, 6 000") == "16000 of 2025 000 and 1,0000, 6000"
    # Typing a number on is narrowing only as searched: "6,00" then "6,000" searches anew.
    assert narrows(PositionFilter(query="6 000"), PositionFilter(query="6 000 bod"))
    assert not narrows(PositionFilter(query="6,00"), PositionFilter(query="6,000"))


def test_a_figure_the_data_writes_with_spaces_is_found_written_without() -> None:
    """'6 000', '6\u00a0000' and '6,000' in the data are all 6000 to the search."""
    positions = load_dataset(GOOD_DATA).rounds["2025-06-02-istanbul"].positions
    model = next(p for p in positions if p.id == "local-ceasefire")
    written = {"space": "6 000", "no-break": "6\u00a0000", "thin": "6\u202f000", "comma": "6,000"}
    index = SearchIndex([model.model_copy(update={"id": name, "summary": f"Return {text} bodies.", "quantities": []}) for name, text in written.items()])
    assert [p.id for p in index.select(PositionFilter(query="6000"))] == list(written)
    assert [p.id for p in index.select(PositionFilter(query="6000 bodies"))] == list(written)


def test_search_reads_quotes_and_notes(tmp_path: Path) -> None:
    from test_app_support import MARKUP_QUOTE, markup_dataset

    dataset = load_dataset(markup_dataset(tmp_path))
    index = SearchIndex(dataset.rounds["2025-06-02-istanbul"].positions)
    assert [p.id for p in index.select(PositionFilter(query=MARKUP_QUOTE[:12]))] == ["markup-test"]
    assert [p.id for p in index.select(PositionFilter(query="[red]note"))] == ["markup-test"]


def test_search_finds_a_party_by_id_or_name_and_a_position_by_id() -> None:
    from conftest import GOOD_DATA

    from tracker.app.data import build_indexes
    from tracker.app.filtering import PositionFilter
    from tracker.loader import load_dataset

    dataset = load_dataset(GOOD_DATA)
    index = build_indexes(dataset)["2025-06-02-istanbul"]
    russia = {p.key for p in index.positions if p.party == "russia"}
    for query in ("russia", "Russia", "RU"):
        assert russia <= {p.key for p in index.select(PositionFilter(query=query))}, query
    assert [p.id for p in index.select(PositionFilter(query="ceasefire-preconditions"))] == ["ceasefire-preconditions"]


def test_the_search_texts_are_made_after_the_index_and_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first screen needs the rows in order, not their search texts (most of a second at
    10,000 positions): build_indexes leaves them to the first read, which gives the same texts."""
    from tracker.app import data, filtering
    from tracker.app.data import build_indexes

    dataset = load_dataset(GOOD_DATA)
    made: list[str] = []
    real = filtering.search_text

    def counted(position, party_name=""):  # type: ignore[no-untyped-def]
        made.append(position.id)
        return real(position, party_name)

    monkeypatch.setattr(filtering, "search_text", counted)
    monkeypatch.setattr(data, "search_text", counted)
    indexes = build_indexes(dataset)
    assert indexes and made == []
    for rid, index in indexes.items():
        names = {party: dataset.party_name(party) for party in [*dataset.parties, "joint"]}
        assert index.texts == [real(p, names.get(p.party, "")) for p in index.positions]
        assert index.select(PositionFilter(query="ceasefire")) == [p for p, t in zip(index.positions, index.texts) if "ceasefire" in t]
    assert len(made) == dataset.count_positions()
