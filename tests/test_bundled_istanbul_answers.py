"""Facts of the three Istanbul rounds that a fifth fact-check corrected: what Russia put at the
June table, the days the US deadlines were set, who answered Russia's pauses, and how far the
sources agree on the June days and on Russia's July refusal.

Each test fails on the data before its fix.
"""

from __future__ import annotations

from bundled_support import dataset, position

JUNE, JULY, KREMLIN = "2025-06-02-istanbul", "2025-07-23-istanbul", "2025-08-06-moscow"


def story(earlier: str, later: str) -> str:
    """The comparison as `tracker diff` prints it."""
    from tracker.diff import compare_rounds
    from tracker.report.comparison import of_diff
    from tracker.report.text import diff_text

    return diff_text(of_diff(dataset(), compare_rounds(dataset(), earlier, later))).plain


def test_russias_terms_for_a_leaders_meeting_were_put_in_june() -> None:
    """Medinsky told Putin on 4 June (Anadolu) that the delegation had put his terms for a
    leaders' meeting at the talks: July restates them, it does not put them on record first."""
    from tracker.diff import compare_rounds

    june = position(JUNE, "russia", "leaders-meeting-to-finalise")
    july = position(JULY, "russia", "leaders-meeting-to-finalise")
    assert june is not None and july is not None and june.summary == july.summary
    assert any(e.source == "aa-2025-06-04" and e.quote for e in june.evidence)
    assert [(r.party, r.position) for r in june.responds_to] == [("ukraine", "leaders-meeting")]
    comparison = compare_rounds(dataset(), JUNE, JULY)
    assert ("russia", "leaders-meeting-to-finalise") not in {p.key for p in comparison.added}
    assert "First on record" not in (july.notes or "")


def test_each_us_deadline_carries_the_day_it_was_set() -> None:
    """50 days set on 14 July, 10 days on 29 July, both away from any table. Each round's own
    reports give its figure (24 July the 50 days, Anadolu of 6 August the 10 days), so neither is
    'as last reported on': the day each was set is in its condition. The comparison still says
    when the deadline moved."""
    july = position(JULY, "united-states", "sanctions-threat")
    assert july is not None
    [fifty] = [q for q in july.quantities if q.what == "deadline"]
    assert (fifty.value, fifty.as_of) == (50, None)
    assert any("14 July 2025" in str(c) for c in july.conditions)
    kremlin = position(KREMLIN, "united-states", "sanctions-threat")
    assert kremlin is not None
    [ten] = [q for q in kremlin.quantities if q.what == "deadline"]
    assert (ten.value, ten.as_of) == (10, None)
    assert any("29 July 2025" in str(c) for c in kremlin.conditions)
    text = story(JULY, KREMLIN)
    assert "14 July 2025" in text and "29 July 2025" in text
    # the July round carries Russia's four regions as last reported on 2 June; no deadline is
    assert not [line for line in text.splitlines() if "as last reported on" in line and "deadline" in line]


def test_ukraine_answered_russias_pauses_without_refusing_them() -> None:
    """Tykhyi (The Gaze, citing Ukrainska Pravda): the pauses are not a ceasefire. An answer
    that does not refuse them (a demand for a real ceasefire, not a rejection), on one
    secondary source; Russia's proposal is not marked rejected."""
    answer = position(JULY, "ukraine", "pauses-not-a-ceasefire")
    assert answer is not None
    assert [(r.party, r.position) for r in answer.responds_to] == [("russia", "local-ceasefires")]
    assert any(e.source == "thegaze-2025-07-23" and e.speaker == "Heorhii Tykhyi" for e in answer.evidence)
    assert "secondary" in (answer.notes or "")
    pauses = position(JULY, "russia", "local-ceasefires")
    assert pauses is not None and pauses.status != "rejected"
    assert answer.kind == "demand"
    assert "Russia's short pauses are not the ceasefire Ukraine asks for" in story(JUNE, JULY)


def test_the_june_days_are_one_reading_of_umerovs_words() -> None:
    """Censor.NET and Politico read 20 to 30 June as the leaders' days, Interfax-Ukraine and AFP
    as the next round's: the leaders' meeting gives the days as claims of the sources that read
    them so, and says the other reading."""
    meeting = position(JUNE, "ukraine", "leaders-meeting")
    assert meeting is not None
    [days] = [q for q in meeting.quantities if q.what.startswith("proposed date")]
    assert "one reading of two" in days.what  # the comparisons show the figure's name, not its notes
    assert {c.source for c in days.claims} == {"censor-2025-06-02", "politico-eu-2025-06-02"}
    assert "Interfax-Ukraine" in (meeting.notes or "") and "next-round" in (meeting.notes or "")
    nxt = position(JUNE, "ukraine", "next-round")
    assert nxt is not None and "interfax-ukraine-2025-06-02-next" in {e.source for e in nxt.evidence}
    july = position(JULY, "ukraine", "leaders-meeting")
    assert july is not None and "reading" in (july.notes or "")


def test_russias_july_refusal_says_only_what_the_july_reports_say() -> None:
    """The July reports give the ceasefire Russia refused no length and name no US proposal."""
    refusal = position(JULY, "russia", "rejects-unconditional-ceasefire")
    assert refusal is not None
    assert "30-day" not in refusal.summary and "US" not in refusal.summary


def test_zelenskys_ninth_stage_is_quoted_from_a_stored_copy() -> None:
    """Voz's page is not among the stored copies; Censor.NET's, which is, gives his post."""
    [wounded] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "exchange-wounded-sick"]
    quoted = {e.source for e in wounded.evidence if e.quote}
    assert "censor-2025-07-23" in quoted and "voz-2025-07-23" not in quoted


def test_the_fifty_day_condition_carries_its_day() -> None:
    """The July condition is shown alone in the June-July comparison: it says when the 50 days
    were given (14 July 2025, as the deadline figure's as_of)."""
    threat = position(JULY, "united-states", "sanctions-threat")
    assert threat is not None
    assert [str(c) for c in threat.conditions] == ["the war has not ended within the 50 days Trump gave on 14 July 2025"]


def test_russias_june_count_cites_anadolus_own_page_per_side() -> None:
    """Anadolu (aa.com.tr, 23 July): 'an earlier exchange involving 1,200 prisoners of war from
    each side', which says dpa's 'over 2,400' counts both sides."""
    thousand = position(JULY, "russia", "exchange-at-least-1000")
    assert thousand is not None
    [anadolu] = [q for q in thousand.quantities if "Anadolu" in q.what]
    assert (anadolu.value, anadolu.per, anadolu.raw) == (1200, "side", "1,200 prisoners of war from each side")
    assert "aa-2025-07-23" in {e.source for e in thousand.evidence}
    assert "per side or in all, it does not say" not in " ".join(q.what for q in thousand.quantities)


def test_the_july_1200_a_side_is_quoted_from_the_speaker_who_said_it() -> None:
    """Firstpost alone gave Medinsky's words of at least 1,200 a side as Umerov's; Ukrainska
    Pravda, which carries both heads' briefings, quotes them from Medinsky, and Umerov's own words
    were of more than 1,200 people. The figure keeps the quoted words."""
    deal = position(JULY, "joint", "exchange-1200-for-1200")
    assert deal is not None
    quoted = {(e.source, e.speaker) for e in deal.evidence if e.quote}
    assert ("ukrainska-pravda-2025-07-24", "Vladimir Medinsky") in quoted
    assert ("ukrainska-pravda-2025-07-24", "Rustem Umerov") in quoted
    assert not any(e.source == "firstpost-2025-07-24" and e.quote for e in deal.evidence)
    [released] = deal.quantities
    assert (released.min, released.per, released.raw) == (1200, "side", "at least 1,200 POWs from each side")
    assert any(released.raw in (e.quote or "") for e in deal.evidence if e.speaker == "Vladimir Medinsky")


def test_putins_offer_of_more_bodies_is_quoted_in_his_own_words() -> None:
    """Putin's offer of 19 June is quoted from RT's Russian text, which has his 'about 3,000',
    not from IANS's English reprint of Xinhua ('another 3,000'), and no note calls that reprint
    the only stored report. The round's own figure, Medinsky's 3,000, is unchanged."""
    more = position(JULY, "russia", "more-remains")
    assert more is not None
    [putin] = [e for e in more.evidence if e.speaker == "Vladimir Putin"]
    assert (putin.source, putin.quote) == ("rt-2025-06-19", "Готовы ещё около 3 тыс. отдать сейчас.")
    assert not any("only stored" in (e.note or "") for e in more.evidence)
    [offered] = more.quantities
    assert offered.value == 3000 and str(more.put_forward) == "2025-06-19"
