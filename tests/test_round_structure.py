"""The round's shape the talks after July 2025 need: rounds over several days, a host that is no
party, a mediator that states positions, working groups, and positions on a plan's points. Each
new field loads, and each misuse is reported at its place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tracker.loader import load_dataset
from tracker.model import Role
from tracker.report.changes import point_words

from test_loader import problems_of, replace, write

JUNE = "rounds/2025-06-02-istanbul"
ROUND = f"{JUNE}/round.yaml"

TRACKS = """tracks:
  - id: military
    title: Military working group
  - id: political
    title: Political working group
"""
DOCUMENTS = """documents:
  - id: plan-a
    title: The first plan
    author: turkey
    date: 2025-05-30
    points:
      - {number: 1, summary: A ceasefire.}
      - {number: 7, summary: An exchange of prisoners.}
    evidence:
      - {source: src-a}
  - id: plan-b
    title: The plan revised
    revises: plan-a
    points:
      - {number: 1, summary: A monitored ceasefire.}
    evidence:
      - {source: src-a}
"""


def with_structure(root: Path) -> None:
    replace(root, ROUND, "outcome: New exchanges agreed.\n", "outcome: New exchanges agreed.\n" + TRACKS + DOCUMENTS)


def test_a_round_over_several_days_keeps_both_days(data_dir: Path) -> None:
    replace(data_dir, ROUND, "date: 2025-06-02\n", "date: 2025-06-02\nend_date: 2025-06-03\n")
    june = load_dataset(data_dir).rounds["2025-06-02-istanbul"].round
    assert june.days == (dt.date(2025, 6, 2), dt.date(2025, 6, 3))


def test_a_last_day_before_the_first_is_reported_at_it(data_dir: Path) -> None:
    replace(data_dir, ROUND, "date: 2025-06-02\n", "date: 2025-06-02\nend_date: 2025-06-01\n")
    assert problems_of(data_dir) == [(ROUND, 3, 11, "end_date", "the round's last day (2025-06-01) is before its first (`date`, 2025-06-02)")]


def test_a_host_is_a_name_or_a_party_with_the_role_host(data_dir: Path) -> None:
    replace(data_dir, "parties.yaml", "role: mediator}\n", "role: mediator}\n  - {id: uae, name: United Arab Emirates, short: AE, role: host}\n")
    replace(data_dir, ROUND, "venue: Ciragan Palace\n", "venue: Ciragan Palace\nhost: uae\n")
    dataset = load_dataset(data_dir)
    assert dataset.rounds["2025-06-02-istanbul"].round.host == "uae"
    assert dataset.parties["uae"].role is Role.host
    replace(data_dir, ROUND, "host: uae\n", "host: Swiss Confederation\n")  # a name in words: no catalogue entry needed
    assert load_dataset(data_dir).rounds["2025-06-02-istanbul"].round.host == "Swiss Confederation"


def test_a_host_written_as_an_id_must_be_a_party(data_dir: Path) -> None:
    replace(data_dir, ROUND, "venue: Ciragan Palace\n", "venue: Ciragan Palace\nhost: turkye\n")
    assert problems_of(data_dir) == [(ROUND, 5, 7, "host", "unknown party 'turkye' (did you mean 'turkey'?)")]


def test_a_mediator_may_state_positions_at_the_round(data_dir: Path) -> None:
    write(data_dir, f"{JUNE}/turkey.yaml", "positions:\n  - id: host-again\n    topic: ceasefire\n    kind: offer\n    summary: Offers to host the next round.\n    evidence:\n      - {source: src-a}\n")
    june = load_dataset(data_dir).rounds["2025-06-02-istanbul"]
    assert "turkey" in june.round.mediators
    assert ("turkey", "host-again") in june.by_key()


def test_a_position_names_a_track_of_its_round(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: offer\n", "    kind: offer\n    track: military\n")
    june = load_dataset(data_dir).rounds["2025-06-02-istanbul"]
    assert june.by_key()[("russia", "local-ceasefire")].track == "military"
    assert [t.id for t in june.round.tracks] == ["military", "political"]


def test_an_unknown_track_is_reported_at_it(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: offer\n", "    kind: offer\n    track: militray\n")
    assert problems_of(data_dir) == [
        (f"{JUNE}/russia.yaml", 11, 12, "positions[1].track", "unknown track 'militray' of round '2025-06-02-istanbul' (did you mean 'military'?)")
    ]


def test_a_track_at_a_round_without_tracks_says_to_add_them(data_dir: Path) -> None:
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: offer\n", "    kind: offer\n    track: military\n")
    (found,) = problems_of(data_dir)
    assert found[:4] == (f"{JUNE}/russia.yaml", 11, 12, "positions[1].track")
    assert "names no `tracks`" in found[4]


def test_a_track_named_twice_is_reported(data_dir: Path) -> None:
    replace(data_dir, ROUND, "outcome: New exchanges agreed.\n", "outcome: New exchanges agreed.\n" + TRACKS + "  - {id: military, title: Again}\n")
    assert problems_of(data_dir) == [(ROUND, 18, 10, "tracks[2].id", "track 'military' is named twice in this round")]


def test_a_position_on_a_document_point_is_said_by_the_documents_title(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: offer\n", "    kind: offer\n    point: {document: plan-b, number: 1}\n")
    dataset = load_dataset(data_dir)
    position = dataset.rounds["2025-06-02-istanbul"].by_key()[("russia", "local-ceasefire")]
    assert (position.point.document, position.point.number) == ("plan-b", 1)
    assert point_words(dataset, position.point) == "point 1 of The plan revised"
    revised = dataset.rounds["2025-06-02-istanbul"].round.documents[1]
    assert revised.revises == "plan-a"


def test_a_point_of_a_document_in_another_round_is_found(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{MAY}/ukraine.yaml", "    kind: ", "    point: {document: plan-a, number: 7}\n    kind: ")
    may = load_dataset(data_dir).rounds["2025-05-16-istanbul"]
    assert [str(p.point) for p in may.positions if p.point] == ["point 7 of plan-a"]


def test_an_unknown_document_or_point_is_reported_at_it(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{JUNE}/russia.yaml", "    kind: offer\n", "    kind: offer\n    point: {document: plan-c, number: 1}\n")
    (found,) = problems_of(data_dir)
    assert found == (f"{JUNE}/russia.yaml", 11, 5, "positions[1].point", "unknown document 'plan-c' (did you mean 'plan-b'?)")
    replace(data_dir, f"{JUNE}/russia.yaml", "plan-c, number: 1", "plan-a, number: 3")
    (found,) = problems_of(data_dir)
    assert found[4] == "document 'plan-a' has no point 3 on record (points given: 1, 7)"


def test_a_revision_of_an_unknown_document_and_a_point_given_twice_are_reported(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, ROUND, "    revises: plan-a\n", "    revises: plan-x\n")
    replace(data_dir, ROUND, "      - {number: 7, summary: An exchange of prisoners.}\n", "      - {number: 1, summary: Again.}\n")
    found = problems_of(data_dir)
    assert (ROUND, 25, 18, "documents[0].points[1].number", "point 1 of 'plan-a' is given twice") in found
    assert (ROUND, 30, 14, "documents[1].revises", "unknown document 'plan-x' (did you mean 'plan-b'?)") in found


def test_a_document_id_is_one_document_in_all_rounds(data_dir: Path) -> None:
    with_structure(data_dir)
    replace(data_dir, f"{MAY}/round.yaml", "outcome:", DOCUMENTS.replace("plan-b", "plan-c") + "outcome:")
    found = problems_of(data_dir)
    assert any(p[3] == "documents[0].id" and "is also given in round" in p[4] for p in found), found


MAY = "rounds/2025-05-16-istanbul"


def test_a_round_over_several_days_is_named_by_its_days(data_dir: Path) -> None:
    from tracker.report.words import round_place

    replace(data_dir, ROUND, "date: 2025-06-02\n", "date: 2025-06-02\nend_date: 2025-06-03\n")
    dataset = load_dataset(data_dir)
    assert round_place(dataset, "2025-06-02-istanbul") == "2 to 3 June 2025, Istanbul"
    assert round_place(dataset, "2025-05-16-istanbul") == "16 May 2025, Istanbul"


def test_a_rounds_days_name_each_month_and_year_they_span() -> None:
    from tracker.model import Round
    from tracker.report.words import round_days

    def days(first: dt.date, last: dt.date) -> str:
        return round_days(Round(id="r", date=first, end_date=last, place="Istanbul", outcome="Talks held."))

    assert days(dt.date(2025, 6, 2), dt.date(2025, 6, 3)) == "2 to 3 June 2025"
    assert days(dt.date(2025, 5, 30), dt.date(2025, 6, 2)) == "30 May to 2 June 2025"
    assert days(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == "30 December 2025 to 2 January 2026"
    # The same month of two years is two months: both years said.
    assert days(dt.date(2025, 6, 30), dt.date(2026, 6, 2)) == "30 June 2025 to 2 June 2026"


def test_the_days_of_an_event_or_a_stage_name_each_month_and_year_they_span() -> None:
    """words.days_span, which a round, an event over several days and an agreement carried out in
    stages are all told by."""
    from tracker.report.words import days_span

    assert days_span(dt.date(2025, 5, 23), dt.date(2025, 5, 25)) == "23 to 25 May 2025"
    assert days_span(dt.date(2025, 5, 30), dt.date(2025, 6, 2)) == "30 May to 2 June 2025"
    assert days_span(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == "30 December 2025 to 2 January 2026"
    assert days_span(dt.date(2025, 6, 30), dt.date(2026, 6, 2)) == "30 June 2025 to 2 June 2026"
    assert days_span(dt.date(2025, 5, 16), dt.date(2026, 5, 20)) == "16 May 2025 to 20 May 2026"


def test_a_round_that_ends_on_the_day_it_starts_is_a_round_of_one_day(data_dir: Path) -> None:
    replace(data_dir, ROUND, "date: 2025-06-02\n", "date: 2025-06-02\nend_date: 2025-06-02\n")
    june = load_dataset(data_dir).rounds["2025-06-02-istanbul"].round
    assert june.days == (dt.date(2025, 6, 2), dt.date(2025, 6, 2))


def test_a_round_with_its_title_and_outcome_to_write_says_both_still_say_it() -> None:
    from tracker.round_rules import copy_not_reviewed

    one = copy_not_reviewed(Path("round.yaml"), 'id: x\noutcome: "TO WRITE: what came of it"\n')
    assert one is not None and "the round's outcome still says TO WRITE; write it" in one.message
    both = copy_not_reviewed(Path("round.yaml"), 'id: x\ntitle: "TO WRITE: its title"\noutcome: "TO WRITE: what came of it"\n')
    assert both is not None and (both.line, both.severity) == (2, "warning")
    assert "the round's title and outcome still say TO WRITE; write them" in both.message


def test_the_copy_note_is_reported_at_its_own_line() -> None:
    from tracker.round_rules import copy_not_reviewed

    text = "# A comment of the curator's.\n\n# Copied from 2025-05-16-istanbul by `tracker new-round` on 2025-06-01.\nid: x\n"
    found = copy_not_reviewed(Path("round.yaml"), text)
    assert found is not None and (found.line, found.col, found.severity) == (3, 1, "warning")
    assert found.message.startswith("copied from 2025-05-16-istanbul by `tracker new-round`")
