"""Facts of the bundled dataset that the fifth fact-check of the late-2025 rounds corrected.

Each test pins one correction of the rounds from the Kremlin meeting of 6 August 2025 to
Mar-a-Lago on 28 December 2025: a round's record is as of that round, a figure that changed
away from the table carries its day, and an answer names what it answers.
"""

from __future__ import annotations

from bundled_support import brief, dataset, position

from tracker.model import Position

KREMLIN_AUG, ANCHORAGE, WHITE_HOUSE = "2025-08-06-moscow", "2025-08-15-anchorage", "2025-08-18-washington"
JULY, GENEVA, HALLANDALE, MOSCOW_DEC = "2025-07-23-istanbul", "2025-11-23-geneva", "2025-11-30-hallandale-beach", "2025-12-02-moscow"
MIAMI_LATE_DEC, PALM_BEACH = "2025-12-19-miami", "2025-12-28-palm-beach"


def agreement(round_id: str, agreement_id: str) -> Position | None:
    return next((a for a in dataset().rounds[round_id].round.agreements if a.id == agreement_id), None)


def test_the_august_summit_is_agreed_at_the_kremlin_and_carried_out_at_anchorage() -> None:
    """Agreed on 6-7 August and held on 15 August: the Kremlin round says agreed, Anchorage
    carried out, and the 6 August comparison does not tell an event of nine days later."""
    kremlin, held = agreement(KREMLIN_AUG, "putin-trump-summit"), agreement(ANCHORAGE, "putin-trump-summit")
    assert kremlin is not None and kremlin.status == "agreed" and kremlin.status_date is None
    assert held is not None and held.status == "implemented" and str(held.status_date) == "2025-08-15"
    assert "15 August" not in brief(JULY, KREMLIN_AUG)
    assert "Carried out on 15 August 2025" in brief(KREMLIN_AUG, ANCHORAGE)


def test_the_ten_day_ceasefire_demand_is_replaced_after_anchorage() -> None:
    """AP: Trump dropped his ceasefire demand for a full peace accord on 16 August. The demand is
    superseded that day, so the comparison tells a move, not only something new."""
    demand = position(ANCHORAGE, "united-states", "sanctions-threat")
    assert demand is not None and demand.status == "superseded" and str(demand.status_date) == "2025-08-16"
    assert "business-standard-2025-08-18" in {e.source for e in demand.evidence}
    assert "The United States' demand moved" in brief(KREMLIN_AUG, ANCHORAGE)


def test_a_putin_zelensky_meeting_first_is_a_move_of_the_three_way_meeting() -> None:
    """On 18 August the three-way meeting comes after a Putin-Zelensky meeting: a new first
    step, a change of substance, not a rewording."""
    meeting = position(WHITE_HOUSE, "united-states", "trilateral-leaders-meeting")
    assert meeting is not None and any("Putin and Zelensky" in str(c) for c in meeting.conditions)
    assert "The United States' proposal moved: A meeting of Putin and Zelensky" in brief(ANCHORAGE, WHITE_HOUSE)


def test_the_plan_after_geneva_is_no_longer_counted_at_twenty_eight() -> None:
    """Zelensky, 24 November: 'no longer 28'; unnamed sources give 19. The cut happened at Geneva,
    so Geneva records it (the 19 on unnamed sources, as the brief says), and the Geneva revision
    no longer says no report counts it. Zelensky's 20 of 2 December is of the text 'developed in
    Geneva and then further refined in Florida': Hallandale tells 19 -> 20, Moscow keeps it."""
    plan = position(GENEVA, "united-states", "us-peace-plan")
    assert plan is not None and plan.carried_from is None
    [points] = [q for q in plan.quantities if q.what == "points in the plan"]
    assert str(points.as_of) == "2025-11-24" and {c.value for c in points.claims} == {19}
    assert any("no longer 28" in (e.quote or "") for e in plan.evidence)
    assert "19 on unnamed sources" in plan.summary
    florida = position(HALLANDALE, "united-states", "us-peace-plan")
    assert florida is not None and any("refined in Florida" in (e.quote or "") for e in florida.evidence)
    assert "no new count" not in (florida.notes or "")
    [revision] = [d for d in dataset().rounds[GENEVA].round.documents if d.id == "us-plan-2025-11-geneva"]
    assert "no report of these days gives its points" not in (revision.notes or "")
    assert "as last reported on 24 November" not in (revision.notes or "")
    assert "cut at Geneva from 28 points to 19 on unnamed sources" in brief(WHITE_HOUSE, GENEVA)
    assert "19, as last reported on 24 November 2025 → 20, as last reported on 2 December 2025" in brief(GENEVA, HALLANDALE)
    assert "points in the plan" not in brief(HALLANDALE, MOSCOW_DEC)


def test_the_palm_beach_working_groups_say_where_and_on_whose_word_in_the_brief() -> None:
    """Agreed in the Putin-Trump call before the meeting, known from Ushakov alone: the brief,
    which keeps a summary's first clause, says so."""
    line = next(line for line in brief(MIAMI_LATE_DEC, PALM_BEACH).splitlines() if "working groups" in line)
    assert "Putin-Trump call" in line and "Ushakov's word alone" in line


def test_palm_beach_records_the_guarantees_term_and_the_referendum_offer() -> None:
    """Zelensky, 29 December: 15 years in the documents, extendable, and he asked for 30-50;
    on 23 December he first set a ceasefire of at least 60 days for a referendum (told to Axios
    on the 26th), which Ushakov's refusal of a temporary ceasefire answers."""
    offer = position(PALM_BEACH, "united-states", "nato-like-guarantees")
    assert offer is not None
    assert [(q.value, q.unit) for q in offer.quantities if q.what == "term of the guarantees"] == [(15, "years")]
    ask = position(PALM_BEACH, "ukraine", "guarantees-term-30-50")
    assert ask is not None and [(q.min, q.max) for q in ask.quantities] == [(30, 50)]
    assert [r.position for r in ask.responds_to] == ["nato-like-guarantees"]
    referendum = position(PALM_BEACH, "ukraine", "referendum-ceasefire-60-days")
    assert referendum is not None and str(referendum.put_forward) == "2025-12-23" and referendum.status == "rejected"
    assert [q.min for q in referendum.quantities] == [60]
    refusal = position(PALM_BEACH, "russia", "no-temporary-ceasefire")
    assert refusal is not None and refusal.kind == "rejection"
    assert [(r.party, r.position) for r in refusal.responds_to] == [("ukraine", "referendum-ceasefire-60-days")]
