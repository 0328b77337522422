"""What the topic × party matrix calls a move, on every face: the comparison's story decides, and a
matrix built without a story (tracker.matrix alone) reaches the same answer by the same rule."""

from __future__ import annotations

import re

from bundled_support import dataset as bundled_dataset
from conftest import GOOD_DATA

from tracker.loader import load_dataset
from tracker.matrix import Movement, Step, build_matrix, movement_of
from tracker.report.comparison import compare
from tracker.report.story import Section

OLD, NEW = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_a_cell_whose_positions_were_all_dropped_is_no_move_on_any_face() -> None:
    """Ukraine's one position on the political process at 16 May is not on record on 2 June: the
    story tells no move (only a position no longer on record), the JSON counts it so, the HTML
    says 'none on record now', the app's topic summary says 'not on record any more', and a
    matrix built without the story says the same."""
    from rich.console import Console

    from tracker.app.widgets.matrix_table import topic_summary
    from tracker.report.html import diff_html
    from tracker.report.records import diff_document

    dataset = load_dataset(GOOD_DATA)
    comparison = compare(dataset, OLD, NEW)
    told, bare = comparison.matrix(), build_matrix(dataset, OLD, NEW)
    for matrix in (told, bare):
        row = {r.topic: r for r in matrix.rows}["political-process"]
        cell = row.cell("ukraine")
        assert [p.id for p in cell.dropped] == ["leaders-meeting"] and not cell.after
        assert cell.movement is Movement.dropped
        assert not cell.moved and "ukraine" not in row.movers
    headline = diff_document(comparison)["headline"]
    assert not [i for i in headline["items"] if (i["party"], i["topic"]) == ("ukraine", "political-process")]
    assert headline["tally"]["not_on_record"] == 1
    page = diff_html(comparison)
    matrix_html = page[page.index('<section id="matrix">') :]
    row_html = next(r for r in matrix_html.split("<tr>") if "Political process" in r or "political" in r.lower())
    assert re.search(r'class="m-dropped"><strong>none on record now</strong><span class="meta">1 no longer on record</span>', row_html)
    console = Console(width=200, record=True)
    console.print(topic_summary(dataset, bare, {r.topic: r for r in bare.rows}["political-process"], lambda r: r))
    said = console.export_text()
    assert "Not on record any more since" in said and "Moved in substance" not in said
    assert "Nobody moved" in said


def test_a_position_no_longer_on_record_beside_others_held_is_no_move() -> None:
    """Two positions at the first round, one of them at the second, nothing else changed: the
    party held, as the story tells it (not on record is not a move), with or without the story."""
    positions = load_dataset(GOOD_DATA).rounds[NEW].positions
    a, b = (positions[0].model_copy(update={"id": name, "summary": f"Point {name}."}) for name in "ab")
    assert movement_of([a, b], [a]) is Movement.held
    assert movement_of([a, b], [a, b]) is Movement.held
    assert movement_of([a], [a, b]) is Movement.moved
    assert movement_of([a, b], []) is Movement.dropped


def test_a_matrix_without_the_story_calls_the_same_cells_moves_as_the_story_does() -> None:
    """The one rule (tracker.matrix.MOVES): a position put forward, or changed in substance, is a
    move; one first on record, back after a gap or no longer on record is not. Over every pair of
    neighbouring rounds of the bundled data, given only what the story calls first on record, a
    matrix built without the story marks exactly the cells the story tells as moves."""
    dataset = bundled_dataset()
    ids = list(dataset.rounds)
    assert len(ids) >= 3
    compared = 0
    for older, newer in zip(ids, ids[1:]):
        comparison = compare(dataset, older, newer)
        first = {(i.party, i.id) for i in comparison.story.items if i.section is Section.first_on_record}
        told = comparison.matrix()
        bare = build_matrix(dataset, older, newer, first_on_record=first)
        assert [r.topic for r in told.rows] == [r.topic for r in bare.rows]
        for told_row, bare_row in zip(told.rows, bare.rows):
            for t, b in zip(told_row.cells, bare_row.cells):
                assert (t.party, t.moved, t.movement, t.steps) == (b.party, b.moved, b.movement, b.steps), (older, newer, told_row.topic)
                compared += 1
    assert compared > 100
    # Every kind of step is among them, so the rule is tried on each.
    steps = {s for older, newer in zip(ids, ids[1:]) for r in build_matrix(dataset, older, newer).rows for c in r.cells for s in c.steps}
    assert {Step.new, Step.returned, Step.changed, Step.same} <= steps
