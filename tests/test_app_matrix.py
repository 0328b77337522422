"""The topic × party matrix (tracker.matrix): who moved, where the topic stands."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import GOOD_DATA
from test_app_support import add_position, copy_good

from tracker.loader import load_dataset
from tracker.matrix import Movement, Standing, build_matrix, movement_of
from tracker.model import JOINT

OLD, NEW = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_rows_columns_and_cells() -> None:
    dataset = load_dataset(GOOD_DATA)
    matrix = build_matrix(dataset, OLD, NEW)
    assert matrix.parties == ("ukraine", "russia", JOINT)  # Türkiye states nothing; joint last
    assert [r.topic for r in matrix.rows] == ["ceasefire", "prisoners", "remains", "political-process"]
    ceasefire = matrix.rows[0]
    assert [p.id for p in ceasefire.cell("russia").before] == ["ceasefire-preconditions"]
    # New and changed positions first, so a cell that shows only a few shows the movement.
    assert [p.id for p in ceasefire.cell("russia").after] == ["local-ceasefire", "ceasefire-preconditions"]
    assert [s.value for s in ceasefire.cell("russia").steps] == ["new", "same"]
    assert ceasefire.cell("russia").movement is Movement.moved  # an offer added
    # Reworded, and a second source's 'at least 30 days' for 30 days: not a move.
    assert ceasefire.cell("ukraine").movement is Movement.held
    assert ceasefire.cell(JOINT).movement is Movement.absent
    assert ceasefire.standing is Standing.apart
    assert set(ceasefire.movers) == {"russia"}
    by_topic = {r.topic: r for r in matrix.rows}
    assert by_topic["prisoners"].standing is Standing.agreed  # the exchange was carried out
    assert by_topic["remains"].cell(JOINT).movement is Movement.new
    assert by_topic["political-process"].cell("ukraine").movement is Movement.dropped
    assert [p.id for p in by_topic["political-process"].cell("ukraine").dropped] == ["leaders-meeting"]
    assert by_topic["political-process"].standing is Standing.silent


def test_agreed_means_an_agreement_on_the_topic_not_an_event_of_the_round(tmp_path: Path) -> None:
    """Memoranda exchanged at the table are carried out on the round's day: an event, so the
    topic is not 'agreed' on their account; an exchange agreed and carried out since is."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(GOOD_DATA, data)
    round_file = data / "rounds" / NEW / "round.yaml"
    round_file.write_text(round_file.read_text().replace("status_date: 2025-05-25", "status_date: 2025-06-02"))
    dataset = load_dataset(data)
    by_topic = {r.topic: r for r in build_matrix(dataset, OLD, NEW).rows}
    assert by_topic["prisoners"].standing is not Standing.agreed
    assert {r.topic: r for r in build_matrix(load_dataset(GOOD_DATA), OLD, NEW).rows}["prisoners"].standing is Standing.agreed


def test_same_round_twice_nobody_moves() -> None:
    dataset = load_dataset(GOOD_DATA)
    matrix = build_matrix(dataset, NEW, NEW)
    cells = [c for r in matrix.rows for c in r.cells]
    assert matrix.rows and all(r.cells for r in matrix.rows)
    assert {c.movement for c in cells} == {Movement.held, Movement.absent}  # some held: not all empty
    assert all(not r.movers for r in matrix.rows)


def test_filters_keep_only_asked_parties_and_topics() -> None:
    dataset = load_dataset(GOOD_DATA)
    matrix = build_matrix(dataset, OLD, NEW, parties=["russia"], topics=["ceasefire"])
    assert matrix.parties == ("russia",)
    assert [r.topic for r in matrix.rows] == ["ceasefire"]
    # Each filter alone narrows too.
    assert [r.topic for r in build_matrix(dataset, OLD, NEW, topics=["ceasefire"]).rows] == ["ceasefire"]
    assert build_matrix(dataset, OLD, NEW, parties=["ukraine"]).parties == ("ukraine",)


def test_new_evidence_alone_is_not_a_move(tmp_path: Path) -> None:
    root = copy_good(tmp_path)
    path = root / "rounds" / NEW / "russia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{source: src-b}", "{source: src-a}", 1), encoding="utf-8")
    dataset = load_dataset(root)
    before = dataset.rounds[OLD].by_key()[("russia", "ceasefire-preconditions")]
    after = dataset.rounds[NEW].by_key()[("russia", "ceasefire-preconditions")]
    assert before.evidence != after.evidence
    assert movement_of([before], [after]) is Movement.held


def test_one_party_alone_is_one_sided(tmp_path: Path) -> None:
    root = copy_good(tmp_path)
    add_position(root, NEW, "ukraine", {"id": "talks-again", "topic": "political-process", "kind": "proposal", "summary": "Meet again.", "evidence": [{"source": "src-a"}]})
    matrix = build_matrix(load_dataset(root), OLD, NEW)
    row = next(r for r in matrix.rows if r.topic == "political-process")
    assert row.standing is Standing.one_sided
    assert row.cell("ukraine").movement is Movement.moved


def test_the_topic_summary_explains_the_standing_and_tells_new_from_moved() -> None:
    from rich.console import Console

    from tracker.app.widgets.matrix_table import topic_summary

    from tracker.report.comparison import compare

    dataset = load_dataset(GOOD_DATA)
    matrix = compare(dataset, OLD, NEW).matrix()
    by_topic = {r.topic: r for r in matrix.rows}

    def summary(topic: str) -> str:
        console = Console(width=120, record=True)
        console.print(topic_summary(dataset, matrix, by_topic[topic], lambda r: r[:10]))
        return console.export_text()

    shown = summary("remains")
    assert "agreed: a joint agreement on this topic is in force" in shown
    assert "Moved in substance since 2025-05-16: Joint" in shown  # an agreement reached is a move
    # Russia's offer is only first on record: the story does not call it a move, nor does the matrix.
    ceasefire = by_topic["ceasefire"]
    assert ceasefire.cell("russia").steps[0].value == "first_on_record" and not ceasefire.cell("russia").moved
    assert "Moved in substance" not in summary("ceasefire") and "Nobody moved" in summary("ceasefire")


def _plain(renderable) -> str:
    from rich.console import Console

    console = Console(width=100, record=True, file=open(os.devnull, "w"), color_system=None)
    console.print(renderable)
    return console.export_text()


def test_a_cell_shows_as_many_positions_as_it_has_lines_and_counts_the_rest() -> None:
    from tracker.app.widgets.matrix_table import MATRIX_CELL_LINES, cell_text

    model = load_dataset(GOOD_DATA).rounds[NEW].positions[0]
    many = tuple(model.model_copy(update={"id": f"p{n}", "summary": f"Point {n}."}) for n in range(MATRIX_CELL_LINES + 1))
    at_limit = cell_text(many[:MATRIX_CELL_LINES], None).plain
    assert "more" not in at_limit  # a cell exactly full says all it holds, never "+1 more"
    assert all(f"Point {n}." in at_limit for n in range(MATRIX_CELL_LINES))
    over = cell_text(many, None).plain
    assert [f"Point {n}." in over for n in range(MATRIX_CELL_LINES + 1)] == [True] * (MATRIX_CELL_LINES - 1) + [False, False]
    assert over.endswith("+2 more")  # the line the count takes leaves two out


def test_a_cell_over_its_limit_counts_what_it_leaves_out_and_what_is_no_longer_on_record() -> None:
    """Past its lines, the count of positions left out says the dropped ones too, on its one line;
    within them, the dropped ones have a line of their own."""
    from tracker.app.widgets.matrix_table import MATRIX_CELL_LINES, cell_text
    from tracker.matrix import MatrixCell, Step

    model = load_dataset(GOOD_DATA).rounds[NEW].positions[0]
    many = tuple(model.model_copy(update={"id": f"p{n}", "summary": f"Point {n}."}) for n in range(MATRIX_CELL_LINES + 1))
    gone = (model.model_copy(update={"id": "gone"}),) * 2

    def cell(after: tuple) -> MatrixCell:
        return MatrixCell(model.party, (), after, Movement.moved, (Step.new,) * len(after), gone)

    assert cell_text(many, cell(many)).plain.splitlines()[-1] == "  +2 more, −2 not on record"
    within = cell_text(many[:2], cell(many[:2])).plain
    assert within.splitlines()[-1] == "− 2 not on record" and "more" not in within


def test_the_cell_detail_calls_a_reworded_position_reworded_not_changed() -> None:
    from tracker.app.widgets.matrix_table import cell_detail

    dataset = load_dataset(GOOD_DATA)
    matrix = build_matrix(dataset, OLD, NEW)
    ceasefire = matrix.rows[0]
    ukraine = _plain(cell_detail(dataset, matrix, ceasefire, ceasefire.cell("ukraine"), lambda round_id, *_: round_id))
    assert "reworded, not moved: summary" in ukraine and "changed:" not in ukraine
    prisoners = next(r for r in matrix.rows if r.topic == "prisoners")
    joint = _plain(cell_detail(dataset, matrix, prisoners, prisoners.cell(JOINT), lambda round_id, *_: round_id))
    assert "changed: status" in joint  # carried out since: a move


def test_a_joint_cell_says_each_agreements_status_unless_simply_agreed() -> None:
    from tracker.app.widgets.matrix_table import cell_text

    joint = tuple(p for p in load_dataset(GOOD_DATA).rounds[NEW].positions if p.party == JOINT)
    assert [p.status.value for p in joint] == ["implemented", "agreed"]
    assert cell_text(joint, None, width=80, joint=True).plain.splitlines() == [
        "implemented: Exchange 1,000 prisoners for 1,000.",
        "Hand over the bodies of the fallen.",
    ]


def test_a_party_that_only_dropped_a_position_held_and_a_cell_shows_changes_before_the_same() -> None:
    """A position no longer stated is no move, as every face tells it (test_matrix_moves.py), but
    the cell keeps it; a cell lists what is new, then what changed, then what stayed, each in
    file order."""
    from tracker.matrix import Step, make_cell

    positions = load_dataset(GOOD_DATA).rounds[NEW].positions
    a, b, c = (positions[0].model_copy(update={"id": name, "summary": f"Point {name}."}) for name in "abc")
    assert movement_of([a, b], [a]) is Movement.held
    assert [p.id for p in make_cell(a.party, (a, b), (a,)).dropped] == ["b"]
    assert movement_of([a, b], [a, b]) is Movement.held
    moved_c = c.model_copy(update={"kind": "demand" if c.kind.value != "demand" else "offer"})
    cell = make_cell(a.party, (a, b, c), (a, b, moved_c), first_on_record=())
    assert [(p.id, s) for p, s in zip(cell.after, cell.steps)] == [("c", Step.changed), ("a", Step.same), ("b", Step.same)]


def test_a_mediators_positions_do_not_make_a_topic_contested() -> None:
    """Türkiye (a mediator) and one party stating positions on a topic: one-sided, not apart."""
    from tracker.matrix import MatrixCell, standing_of

    dataset = load_dataset(GOOD_DATA)
    said = dataset.rounds[NEW].positions[0]
    cells = [MatrixCell("ukraine", (), (said,), Movement.new), MatrixCell("turkey", (), (said,), Movement.new)]
    assert standing_of(dataset, cells) is Standing.one_sided
    cells[1] = MatrixCell("russia", (), (said,), Movement.new)
    assert standing_of(dataset, cells) is Standing.apart
    # Only a joint position, not agreed (proposed together, say): open, not agreed nor one-sided.
    joint = said.model_copy(update={"party": JOINT, "status": "stated"})
    assert standing_of(dataset, [MatrixCell(JOINT, (), (joint,), Movement.new)]) is Standing.open
    assert standing_of(dataset, [MatrixCell("turkey", (), (said,), Movement.new)]) is Standing.one_sided


def test_an_agreement_first_on_record_and_carried_out_between_the_rounds_is_a_move(tmp_path: Path) -> None:
    root = copy_good(tmp_path)
    path = root / "rounds" / NEW / "round.yaml"
    agreement = (
        "  - id: talks-resume\n    topic: political-process\n    kind: agreement\n    parties: [ukraine, russia]\n"
        "    summary: Resume the talks.\n    status: implemented\n    status_date: 2025-05-25\n    evidence:\n      - {source: src-a}\n"
    )
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: remains-6000\n", agreement + "  - id: remains-6000\n", 1), encoding="utf-8")
    dataset = load_dataset(root)
    # Without the story's moves, the cell's steps decide: first on record is no move, but an
    # agreement carried out between the rounds is one, however it came on record.
    matrix = build_matrix(dataset, OLD, NEW, first_on_record={(JOINT, "talks-resume")})
    cell = next(r for r in matrix.rows if r.topic == "political-process").cell(JOINT)
    assert [p.id for p in cell.after] == ["talks-resume"]
    assert cell.moved


def test_a_cell_lists_a_position_first_on_record_with_the_new_ones_before_the_changed() -> None:
    from tracker.matrix import Step, make_cell

    dataset = load_dataset(GOOD_DATA)
    may, june = dataset.rounds[OLD].by_key(), dataset.rounds[NEW].by_key()
    # Agreed, then carried out: changed in substance; and an agreement first on record after it.
    changed, first = june[(JOINT, "exchange-1000")], june[(JOINT, "remains-6000")]
    cell = make_cell(JOINT, (may[(JOINT, "exchange-1000")],), (changed, first), first_on_record={first.key})
    assert [p.id for p in cell.after] == ["remains-6000", "exchange-1000"]
    assert cell.steps == (Step.first_on_record, Step.changed)
