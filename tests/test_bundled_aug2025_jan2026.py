"""Facts of the bundled dataset that the fact-check of August 2025 to January 2026 corrected.

Each test pins one correction: two meetings it found (New York, 29 August 2025; Davos, 22
January 2026), Putin's November account of Abu Dhabi, Ukraine's answer at the White House, and
two events between the rounds; the seventeenth check: the tariff on India of 6 August, AP's one
region, and the US three-way meeting first on record.
"""

from __future__ import annotations

from bundled_support import brief, dataset, position

ANCHORAGE, WHITE_HOUSE, NEW_YORK = "2025-08-15-anchorage", "2025-08-18-washington", "2025-08-29-new-york"
DAVOS_UMEROV, DAVOS_LEADERS, MOSCOW_JAN, ABU_DHABI = (
    "2026-01-21-davos", "2026-01-22-davos", "2026-01-22-moscow", "2026-01-23-abu-dhabi",
)


def test_putins_november_account_has_a_us_representative_not_the_two_sides_apart() -> None:
    """Anadolu: Putin said a US administration representative attended the Abu Dhabi meeting of
    November 2025. The outcome said the security services had met 'apart'."""
    meeting = dataset().rounds[ABU_DHABI].round
    assert "apart" not in meeting.outcome
    assert "US administration representative" in meeting.outcome
    assert "in the UAE foreign ministry's words" in meeting.outcome
    assert "anews-2025-11-27" in {e.source for e in meeting.evidence}


def test_davos_on_22_january_is_a_round_with_both_teams_before_the_kremlin_that_night() -> None:
    """Trump and Zelensky met with their teams (the presidential office's photographs; KUNA for
    the envoys), the standard of Washington and Palm Beach. It comes before the Kremlin meeting
    of the same day, and Ukraine's one position is Zelensky's account of the guarantees."""
    order = list(dataset().rounds)
    assert order.index(DAVOS_UMEROV) < order.index(DAVOS_LEADERS) < order.index(MOSCOW_JAN)
    meeting = dataset().rounds[DAVOS_LEADERS].round
    teams = {d.party: d for d in meeting.delegations}
    assert teams["united-states"].head == "Donald Trump" and teams["ukraine"].head == "Volodymyr Zelensky"
    assert {"Kyrylo Budanov", "Rustem Umerov", "Serhiy Kyslytsya", "David Arakhamia"} <= set(teams["ukraine"].members)
    assert {"Marco Rubio", "Steve Witkoff", "Jared Kushner"} <= set(teams["united-states"].members)
    guarantees = position(DAVOS_LEADERS, "ukraine", "security-guarantees")
    assert guarantees is not None and any(e.speaker == "Volodymyr Zelensky" for e in guarantees.evidence)
    assert not meeting.agreements
    assert "Back on record from Ukraine (demand" in brief(DAVOS_UMEROV, DAVOS_LEADERS)


def test_ukraine_accepted_a_meeting_with_putin_first_at_the_white_house() -> None:
    """Zelensky after the talks: ready for a bilateral meeting with Putin, then a trilateral one.
    The comparison tells Ukraine's move, not its three-way meeting dropped."""
    offer = position(WHITE_HOUSE, "ukraine", "leaders-meeting")
    assert offer is not None and any("Putin" in str(c) for c in offer.conditions)
    assert "pravda-2025-08-19" in {e.source for e in offer.evidence}
    assert "Ukraine's offer moved" in brief(ANCHORAGE, WHITE_HOUSE)


def test_yermaks_new_york_meeting_is_a_round_and_ukraines_offer_stands() -> None:
    """Yermak and Kyslytsya met Witkoff in New York on 29 August (Yermak's posts): a round of one
    side's account, Ukraine's leaders-meeting unchanged from the White House."""
    meeting = dataset().rounds[NEW_YORK].round
    teams = {d.party: d for d in meeting.delegations}
    assert teams["ukraine"].head == "Andriy Yermak" and "Serhiy Kyslytsya" in teams["ukraine"].members
    assert teams["united-states"].head == "Steve Witkoff"
    told = brief(WHITE_HOUSE, NEW_YORK)
    assert "Ukraine's offer moved" not in told and "2 re-sourced" in told


def test_new_york_records_yermaks_account_of_the_guarantees_and_of_no_pressure_on_territory() -> None:
    """After the meeting Yermak said the US side put no pressure on territory and that Witkoff
    confirmed guarantees like Article 5 (LIGA, RBC-Ukraine, TSN): both sides' guarantee positions
    are on record there, the US one said to be Yermak's account, and the outcome tells it."""
    meeting = dataset().rounds[NEW_YORK].round
    assert "no pressure on Ukraine over territory" in meeting.outcome and "Article 5" in meeting.outcome
    help_ = position(NEW_YORK, "united-states", "security-help")
    assert help_ is not None and help_.summary.startswith("In Yermak's account")
    guarantees = position(NEW_YORK, "ukraine", "security-guarantees")
    assert guarantees is not None and any(e.speaker == "Andriy Yermak" for e in guarantees.evidence)
    assert "foxnews-2025-08-29" in {e.source for e in meeting.evidence}


def test_russias_donetsk_demand_of_august_is_the_four_regions_demand_narrowed_and_refused_again() -> None:
    """Zelensky said on 12 August that Putin wanted the rest of Donetsk, as Witkoff relayed it
    after the Kremlin meeting; at Anchorage unnamed sources (FT, Reuters) gave the demand. It is
    the four-regions withdrawal of May to July cut down to Donetsk, so it keeps that id and the
    brief tells it as moved (4 regions → Donetsk); Ukraine's refusal keeps its own id of May and
    is told as restated ('reiterated', AP), not new. Each summary's first clause says whose
    account it is."""
    kremlin = position("2025-08-06-moscow", "russia", "withdrawal-four-regions")
    assert kremlin is not None and kremlin.summary.startswith("In Zelensky's account")
    summit = position(ANCHORAGE, "russia", "withdrawal-four-regions")
    assert summit is not None and summit.summary.startswith("In the accounts of unnamed sources")
    assert summit.status == "rejected"
    assert position(ANCHORAGE, "russia", "withdrawal-donbas") is None
    refusal = position(ANCHORAGE, "ukraine", "rejects-territorial-demands")
    assert refusal is not None and any(e.quote == "We will not leave Donbas. We cannot do this." for e in refusal.evidence)
    assert "reiterated" in (refusal.notes or "")
    moved = brief("2025-07-23-istanbul", "2025-08-06-moscow")
    assert "Russia's demand moved: In Zelensky's account" in moved and "4, as last reported on 2 June 2025 → 1)" in moved
    assert "also gives 2" not in moved  # Zelensky's "Donbas" is a word, not a count: AP's reading is the figure
    told = brief("2025-08-06-moscow", ANCHORAGE)
    assert "New from Ukraine (rejection)" not in told
    # One refusal, one line: Ukraine's rejection is told in the line of the demand it refuses.
    assert "Russia's demand rejected again by Ukraine" in told and "Back on record from Ukraine (rejection" not in told


def test_the_october_exchange_gives_both_sides_civilians_and_whose_tie_it_is() -> None:
    """Russia's defence ministry also received 20 civilians (Anadolu), and the tie to the July
    deal is its word: the summary's first clause, which the tool shows, says so."""
    exchange = next(e for e in dataset().events if e.id == "exchange-2025-10-02")
    assert exchange.summary.startswith("In Russia's defence ministry's words")
    assert "20 civilians returned to each side" in exchange.summary


def test_the_december_handover_notes_medinskys_istanbul_agreements() -> None:
    """The Kyiv Independent has Medinsky putting the 19 December handover under the Istanbul
    agreements; the note no longer says no report ties it to one."""
    handover = next(e for e in dataset().events if e.id == "bodies-2025-12-19")
    assert "Istanbul agreements" in (handover.notes or "") and handover.under is None
    assert "kyiv-independent-2025-12-19" in {e.source for e in handover.evidence}


def test_the_one_region_at_the_kremlin_is_aps_reading_beside_zelenskys_donbas() -> None:
    """The 1 is AP's reading, in AP's words; Zelensky gave no count ('Donbas'), so no count is
    put in his name: the note gives his own word."""
    position_ = position("2025-08-06-moscow", "russia", "withdrawal-four-regions")
    [regions] = position_.quantities
    assert (regions.value, regions.raw, regions.claims) == (1, "the rest of Ukraine's Donetsk region", [])
    assert '"Donbas"' in position_.notes and "AP's reading" in position_.summary


def test_the_tariff_on_india_of_6_august_is_an_event_on_a_buyer_not_on_russia() -> None:
    """Hours after the Kremlin meeting Trump ordered an extra 25% on Indian goods over Russian oil
    (AFP), from 27 August: an event of the US under the threat's topic, its first clause saying
    it fell on a buyer, not on Russia; the US threat at Moscow points to it."""
    tariff = next(e for e in dataset().events if e.id == "india-tariff-2025-08-06")
    assert str(tariff.date) == "2025-08-06" and tariff.kind.value == "carried_out"
    assert tariff.parties == ["united-states"] and tariff.topic == "sanctions-economy"
    assert tariff.summary.startswith("Trump ordered an extra 25% tariff on Indian goods over India's purchases of Russian oil, not on Russia")
    assert tariff.evidence[0].source == "malaymail-2025-08-07"
    assert str(tariff.quantities[1].value) == "2025-08-27"
    assert "india-tariff-2025-08-06" in position("2025-08-06-moscow", "united-states", "sanctions-threat").notes
    assert "Carried out on 6 August 2025: Trump ordered an extra 25% tariff" in brief("2025-07-23-istanbul", "2025-08-06-moscow")


def test_the_us_three_way_meeting_at_the_kremlin_is_first_on_record_not_new() -> None:
    """The White House was open to a meeting of the three on 2 June (LIGA): not new at Moscow."""
    told = brief("2025-07-23-istanbul", "2025-08-06-moscow")
    assert "First on record from the United States (proposal): A meeting of the three leaders" in told
    assert "New from the United States" not in told
    meeting = position("2025-08-06-moscow", "united-states", "trilateral-leaders-meeting")
    assert meeting.put_forward is None and "liga-2025-06-02" in {e.source for e in meeting.evidence}


def test_the_kremlin_demand_cites_its_first_report_the_wall_street_journals_of_8_august() -> None:
    """Four days before Zelensky's account, officials briefed by Trump and Witkoff gave the demand
    to the Wall Street Journal: all of Donetsk region, for a full ceasefire."""
    demand = position("2025-08-06-moscow", "russia", "withdrawal-four-regions")
    assert "pravda-2025-08-09-wsj" in {e.source for e in demand.evidence}
    assert "first reported on 8 August by the Wall Street Journal" in " ".join(demand.notes.split())
