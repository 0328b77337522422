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
    """Signing on a tight timetable rests on those who spoke of signing: the US Army spokesman
    (RBC-Ukraine) and a US official to Axios, and the brief's line names them. Davis, listed with
    the US side, is quoted from Suspilne on a deal as soon as possible, not on signing. The date
    is Reuters's unnamed sources' word, and the notes say so."""
    deadline = position(KYIV, "united-states", "plan-deadline")
    assert deadline is not None and not deadline.summary.startswith("On an unnamed")
    assert "spokesman" in deadline.summary.split(";")[0] and "Davis" in deadline.summary.split(";")[1]
    sources = {e.source for e in deadline.evidence}
    assert {"tsn-2025-11-20", "unn-2025-11-20", "tribuneindia-2025-11-21", "rbc-ua-2025-11-20-butler"} <= sources
    [davis] = [e for e in deadline.evidence if e.speaker == "Julie Davis"]
    assert davis.source == "novyny-live-2025-11-20" and "графік" in (davis.quote or "")
    assert "27 November" in (deadline.notes or "") and "unnamed" in (deadline.notes or "")
    line = next(l for l in brief(NEW_YORK, KYIV).splitlines() if l.startswith("New from the United States (demand)"))
    assert "spokesman" in line
    us = {d.party: d for d in dataset().rounds[KYIV].round.delegations}["united-states"]
    assert "Julie Davis" in us.members


def test_geneva_quotes_of_21_november_cite_stored_pages() -> None:
    """Zelensky's words on dignity and freedom are Reuters's, quoted, not told in our words for
    want of a copy; 'alternatives' cites Interfax-Ukraine, which prints them."""
    dignity = position(GENEVA, "ukraine", "dignity-and-freedom")
    assert dignity is not None
    [quoted] = [e for e in dignity.evidence if e.quote]
    assert quoted.source == "caliber-2025-11-21" and quoted.quote.startswith("I will fight 24/7")
    alternatives = position(GENEVA, "ukraine", "alternatives-to-us-plan")
    assert alternatives is not None
    assert "interfax-ua-2025-11-21-zelensky" in {e.source for e in alternatives.evidence}
    assert "straitstimes-2025-11-21" not in {e.source for e in alternatives.evidence}


def test_quotes_come_from_pages_that_print_them() -> None:
    """Lytvyn's words of 14 December as Reuters's word-for-word copy prints them, not Anewz's
    rewording; the Hallandale length no longer rests on one source."""
    berlin = dataset().rounds[BERLIN].round
    [lytvyn] = [e for e in berlin.evidence if e.speaker == "Dmytro Lytvyn"]
    assert lytvyn.source == "newspub-2025-12-14" and lytvyn.quote is not None and lytvyn.quote.startswith("They went on")
    hallandale = dataset().rounds[HALLANDALE].round
    assert "newsmax-2025-11-30" in {e.source for e in hallandale.evidence}
    assert not any("the one source for the length" in (e.note or "") for e in hallandale.evidence)


def test_the_december_groups_make_up_is_not_told() -> None:
    """Ushakov gave the 28 December groups' subjects only, their format due in early January: no
    note calls the security group agreed then Russian-US."""
    rounds = dataset().rounds
    [december] = [a for a in rounds["2025-12-28-palm-beach"].round.agreements if a.id == "working-groups"]
    [january] = [a for a in rounds["2026-01-22-moscow"].round.agreements if a.id == "trilateral-security-group"]
    assert "early January" in (december.notes or "") and "early January" in (january.notes or "")
    assert "was Russian-US" not in (january.notes or "")
    assert "now with Ukraine" not in (december.notes or "")


def test_umerovs_words_are_quoted_where_the_stored_copy_prints_them() -> None:
    """The Davos next stage (TASS's copy on Mail.ru) and the leaders'-level contacts (the Kyiv
    Independent), with no note adding words the page does not say."""
    [davos] = [a for a in dataset().rounds["2026-01-17-miami"].round.agreements if a.id == "davos-next-stage"]
    assert any(e.source == "tass-2026-01-18" and e.speaker == "Rustem Umerov" and e.quote for e in davos.evidence)
    leaders = position("2026-01-06-paris", "ukraine", "leaders-level-contacts")
    assert leaders is not None
    [kyiv_independent] = [e for e in leaders.evidence if e.source == "kyivindependent-2026-01-07"]
    assert kyiv_independent.quote == "further contacts at the leaders' level involving Ukraine, European partners, and the United States"
