"""Facts of the bundled dataset that a tenth fact-check of the rounds from Berlin to Geneva corrected.

Each test pins one correction, so that a later edit of the data cannot bring the error back
unnoticed: a position a round's own reports give is on record at that round, and "last on
record" then names it.
"""

from __future__ import annotations

from bundled_support import brief, dataset, position

PALM_BEACH, FLORIDA_JAN, ABU_DHABI_FEB = "2025-12-28-palm-beach", "2026-01-31-florida", "2026-02-04-abu-dhabi"
GENEVA_FEB = "2026-02-17-geneva"


def test_the_free_economic_zone_is_on_record_at_palm_beach_and_geneva() -> None:
    """PTC News, 29 December: Trump, asked about the zone, called it unresolved but closer. Kyiv
    Post on Zelensky's Axios interview of 17 February: the US mediators' proposal of a
    demilitarized free economic zone during the Geneva talks."""
    at_palm_beach = position(PALM_BEACH, "united-states", "free-economic-zone")
    assert at_palm_beach is not None and "ptcnews-2025-12-29" in {e.source for e in at_palm_beach.evidence}
    at_geneva = position(GENEVA_FEB, "united-states", "free-economic-zone")
    assert at_geneva is not None and "kyivpost-1lurer-2026-02-18" in {e.source for e in at_geneva.evidence}
    line = next(line for line in brief(FLORIDA_JAN, ABU_DHABI_FEB).splitlines() if "free economic zone" in line)
    assert "last on record 28 December 2025, Palm Beach" in line


def test_ukraines_word_on_exchanges_after_geneva_is_on_record_there() -> None:
    """Zelensky's post of 20 February, on his team's report from Geneva: POW exchanges must go on.
    The commitment is Geneva's, so 26 February restates it rather than bringing it back."""
    commitment = position(GENEVA_FEB, "ukraine", "keep-freeing-captives")
    assert commitment is not None
    assert "POW exchanges must continue" in {e.quote for e in commitment.evidence}
    assert "Back on record from Ukraine (commitment" not in brief(GENEVA_FEB, "2026-02-26-geneva")


def test_berlin_records_zelenskys_non_recognition_of_occupied_donbas() -> None:
    """Interfax-Ukraine, 16 December: neither de jure nor de facto will Ukraine recognize the
    occupied part of Donbas as Russian, said at the end of the Berlin talks."""
    demand = position("2025-12-14-berlin", "ukraine", "no-recognition-of-occupation")
    assert demand is not None and "Donbas" in demand.summary
    assert "interfax-ua-2025-12-16" in {e.source for e in demand.evidence}


def test_the_november_handover_says_reports_tie_it_to_istanbul() -> None:
    """Interfax (as Radio Svoboda gives it) puts the handover of 20 November within the Istanbul
    agreements; the note says so rather than that no report ties it to one."""
    [handover] = [e for e in dataset().events if e.id == "bodies-2025-11-20"]
    assert handover.under is None
    assert "svoboda-2025-11-20" in {e.source for e in handover.evidence}
    assert "no report names" not in handover.notes


def test_medinskys_500_for_500_is_quoted_from_a_page_that_has_his_words() -> None:
    """No stored copy of The Citizen's page was found; NEWS.ru quotes his post word for word."""
    [swap] = [a for a in dataset().rounds[GENEVA_FEB].round.agreements if a.id == "exchange-500-for-500"]
    [quoted] = [e for e in swap.evidence if e.speaker == "Vladimir Medinsky" and e.quote]
    assert quoted.source == "news-ru-2026-03-05" and "500 на 500" in quoted.quote


def test_the_us_free_economic_zone_is_on_record_at_every_us_ukrainian_meeting_whose_reports_give_it() -> None:
    """Zelensky spoke of the US zone after Miami (11 December), after Berlin (16 December,
    Interfax-Ukraine) and at Miami (20 December); Trump called it unresolved at Palm Beach: no
    meeting between them reads it 'not on record'."""
    for round_id in ("2025-12-04-miami", "2025-12-14-berlin", "2025-12-19-miami", PALM_BEACH):
        assert position(round_id, "united-states", "free-economic-zone") is not None, round_id
    berlin = position("2025-12-14-berlin", "united-states", "free-economic-zone")
    assert berlin is not None and {e.source for e in berlin.evidence} == {"interfax-ua-2025-12-16"}


def test_the_anchorage_deadline_is_told_as_last_reported_before_it_ran_out() -> None:
    """The summit's reports give no deadline: the 10 days stand as Anadolu last gave them on 6
    August, two days before they ran out, and the summary says they had run out."""
    threat = position("2025-08-15-anchorage", "united-states", "sanctions-threat")
    assert threat is not None and "run out on 8 August" in threat.summary
    [deadline] = threat.quantities
    assert (deadline.value, str(deadline.as_of)) == (10, "2025-08-06")


def test_umerovs_words_on_a_leaders_meeting_on_23_july_are_cited_as_written_before_the_talks() -> None:
    meeting = position("2025-07-23-istanbul", "ukraine", "leaders-meeting")
    assert meeting is not None
    cited = {e.source for e in meeting.evidence if e.quote and e.quote.startswith("We were ready for it yesterday")}
    assert cited == {"unn-2025-07-23-umerov"}


def test_the_us_free_trade_zone_of_davos_is_on_record_apart_from_the_donbas_zone() -> None:
    """Zelensky on the Davos meeting of 22 January: Trump backs a free trade zone with Ukraine, a
    matter of trade, not the Donbas zone (AP ran the two together)."""
    offer = position("2026-01-22-davos", "united-states", "free-trade-zone")
    assert offer is not None and offer.topic == "sanctions-economy" and "in Zelensky's account" in offer.summary
    assert position("2026-01-22-davos", "united-states", "free-economic-zone") is None


def test_the_article_5_like_guarantees_are_first_on_record_at_berlin_not_new() -> None:
    """A draft of them was reported on 21 November, before Miami: Berlin, where the offer of a vote
    in Congress is first reported, gives them as first on record, with no day put forward."""
    for round_id in ("2025-12-14-berlin", "2025-12-19-miami", PALM_BEACH):
        offer = position(round_id, "united-states", "nato-like-guarantees")
        assert offer is not None and offer.put_forward is None, round_id
    berlin = position("2025-12-14-berlin", "united-states", "nato-like-guarantees")
    assert berlin is not None and "bblv-2025-11-21" in {e.source for e in berlin.evidence}


def test_the_kremlin_confirmed_trumps_request_on_kyiv_not_the_pause() -> None:
    """Peskov confirmed Trump's request 'for a week until Feb 1'; Reuters read his answer as a yes,
    Anadolu has him declining to say whether Putin agreed."""
    [pause] = [e for e in dataset().events if e.id == "agreed-2026-01-29-kyiv-strikes"]
    assert "confirmed the pause" not in pause.summary and "confirmed the request" in pause.summary
    assert "anews-2026-01-30" in {e.source for e in pause.evidence}


def test_the_clock_times_of_2_june_rest_on_tass_as_well() -> None:
    june = dataset().rounds["2025-06-02-istanbul"].round
    assert "tass-2025-06-02-clock" in {e.source for e in june.evidence}
