"""Facts of the bundled dataset that the fifteenth fact-check of the late-2025 rounds corrected.

Kyiv, 20 November 2025, is a round: the US military delegation handed Zelensky the US plan there
and the two teams agreed to work on its points. So the plan is put forward at Kyiv, and Geneva,
three days later, tells what changed since Kyiv rather than the plan as new.
"""

from __future__ import annotations

from bundled_support import brief, dataset, position

NEW_YORK, KYIV, GENEVA = "2025-08-29-new-york", "2025-11-20-kyiv", "2025-11-23-geneva"
HALLANDALE, BERLIN = "2025-11-30-hallandale-beach", "2025-12-14-berlin"


def test_kyiv_is_a_round_between_new_york_and_geneva() -> None:
    """Driscoll's delegation with Zelensky; Umerov in the wider meeting rests on an unnamed
    source, and the round says so where it lists him."""
    rounds = list(dataset().rounds)
    assert rounds.index(KYIV) == rounds.index(NEW_YORK) + 1 == rounds.index(GENEVA) - 1
    kyiv = dataset().rounds[KYIV].round
    by_party = {d.party: d for d in kyiv.delegations}
    assert by_party["united-states"].head == "Daniel Driscoll"
    assert "Rustem Umerov" in by_party["ukraine"].members
    assert any("unnamed source" in (e.note or "") for e in by_party["ukraine"].evidence)


def test_the_us_plan_is_put_forward_at_kyiv_not_at_geneva() -> None:
    """The plan's document belongs to the round where it was first put to Ukraine, and the
    teams' agreement to work on it is carried out at Geneva."""
    plan = position(KYIV, "united-states", "us-peace-plan")
    assert plan is not None and str(plan.put_forward) == "2025-11-20"
    assert "us-plan-2025-11" in {d.id for d in dataset().rounds[KYIV].round.documents}
    assert "us-plan-2025-11" not in {d.id for d in dataset().rounds[GENEVA].round.documents}
    kyiv_brief = brief(NEW_YORK, KYIV)
    assert "New from the United States (proposal): Ukraine and Russia to end the war on the US plan" in kyiv_brief
    assert "Ukraine and the United States agreed: The Ukrainian and US teams to work on the points" in kyiv_brief
    geneva_brief = brief(KYIV, GENEVA)
    assert "New from the United States (proposal)" not in geneva_brief
    assert "First on record from the United States" not in geneva_brief
    assert "points in the plan: 28 → 19" in geneva_brief


def test_the_signing_timetable_says_whose_word_it_is() -> None:
    """Only an unnamed US official spoke of a timetable at Kyiv: the summary's first words say so."""
    deadline = position(KYIV, "united-states", "plan-deadline")
    assert deadline is not None and deadline.summary.startswith("On an unnamed US official's word")


def test_quotes_come_from_pages_that_print_them() -> None:
    """Lytvyn's words of 14 December as Reuters's word-for-word copy prints them, not Anewz's
    rewording; the Hallandale length no longer rests on one source."""
    berlin = dataset().rounds[BERLIN].round
    [lytvyn] = [e for e in berlin.evidence if e.speaker == "Dmytro Lytvyn"]
    assert lytvyn.source == "newspub-2025-12-14" and lytvyn.quote is not None and lytvyn.quote.startswith("They went on")
    hallandale = dataset().rounds[HALLANDALE].round
    assert "newsmax-2025-11-30" in {e.source for e in hallandale.evidence}
    assert not any("the one source for the length" in (e.note or "") for e in hallandale.evidence)
