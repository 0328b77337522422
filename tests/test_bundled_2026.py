"""Facts of the bundled dataset that a fact-check of the 2026 rounds corrected.

Each test pins one correction, so that a later edit of the data cannot bring the error back
unnoticed: a meeting of delegations the stored reports give is a round, a delegation lists
whom its round's reports name, and a summary says what its sources say.
"""

from __future__ import annotations

import datetime as dt

from bundled_support import dataset

from tracker.model import Status


def test_kostyukov_sat_for_russia_at_geneva_on_peskovs_word() -> None:
    """RBC (16 February): Peskov named Kostyukov beside Medinsky and Galuzin."""
    [russia] = [d for d in dataset().rounds["2026-02-17-geneva"].round.delegations if d.party == "russia"]
    assert {"Vladimir Medinsky", "Mikhail Galuzin", "Igor Kostyukov"} <= set(russia.members)
    assert "rbc-2026-02-16" in {e.source for e in russia.evidence}
    # Peskov's word on the eve is borne out by a report of the day itself (Interfax, 17 February).
    assert "interfax-2026-02-17" in {e.source for e in russia.evidence}


def test_the_5_february_exchange_says_civilians_came_home() -> None:
    """Zelensky: civilians came home with the soldiers; the summary the timeline shows says so."""
    [swap] = [a for a in dataset().rounds["2026-02-04-abu-dhabi"].round.agreements if a.id == "exchange-157-for-157"]
    assert "civilians" in swap.summary


def test_the_united_states_meeting_each_side_apart_in_2026_are_rounds() -> None:
    """Miami (17-18 January), Davos (20 and 21 January), Florida (31 January and 11 March) and Miami
    (21-22 March): each with who met and when, from its own days' reports."""
    expected = {
        "2026-01-17-miami": (dt.date(2026, 1, 17), dt.date(2026, 1, 18), {"ukraine", "united-states"}),
        "2026-01-20-davos": (dt.date(2026, 1, 20), None, {"russia", "united-states"}),
        "2026-01-21-davos": (dt.date(2026, 1, 21), None, {"ukraine", "united-states"}),
        "2026-01-31-florida": (dt.date(2026, 1, 31), None, {"russia", "united-states"}),
        "2026-03-11-florida": (dt.date(2026, 3, 11), None, {"russia", "united-states"}),
        "2026-03-21-miami": (dt.date(2026, 3, 21), dt.date(2026, 3, 22), {"ukraine", "united-states"}),
    }
    for round_id, (start, end, sides) in expected.items():
        meeting = dataset().rounds[round_id].round
        assert (meeting.date, meeting.end_date) == (start, end), round_id
        assert {d.party for d in meeting.delegations} == sides, round_id


def test_the_miami_agreement_to_meet_in_davos_was_carried_out_there() -> None:
    """Agreed on 18 January on Umerov's word, carried out when the teams met in Davos."""
    [agreed] = [a for a in dataset().rounds["2026-01-17-miami"].round.agreements if a.id == "davos-next-stage"]
    [done] = [a for a in dataset().rounds["2026-01-21-davos"].round.agreements if a.id == "davos-next-stage"]
    assert agreed.status is Status.agreed
    assert (done.status, done.status_date) == (Status.implemented, dt.date(2026, 1, 21))


def test_dmitrievs_davos_meeting_is_a_round_with_its_length_and_no_positions() -> None:
    """TASS and RIA (20 January): Dmitriev with Witkoff and Kushner for more than two hours at
    the USA House; neither side named its topics, so no position is on record."""
    davos = dataset().rounds["2026-01-20-davos"]
    [us] = [d for d in davos.round.delegations if d.party == "united-states"]
    assert set(us.members) == {"Steve Witkoff", "Jared Kushner"}
    assert davos.round.venue is not None and "USA House" in davos.round.venue
    assert davos.round.duration is not None and davos.round.duration.raw == "more than two hours"
    assert davos.positions == []


def test_dmitrievs_evening_at_the_geneva_hotel_says_whom_he_met() -> None:
    """Kommersant (26 February): just over two hours at the US delegation's hotel, for talks with
    Witkoff and Kushner (RIA, TASS; RIA again on 12 March). A round of its own beside the
    US-Ukrainian round of that day and place, the two told apart by their delegations."""
    geneva = dataset().rounds["2026-02-26-geneva"].round
    assert {"kommersant-2026-02-26", "ria-2026-03-12"} <= {e.source for e in geneva.evidence}
    assert geneva.notes is not None and "Dmitriev met Witkoff and Kushner" in geneva.notes
    assert "no report says whom he met" not in geneva.notes
    assert "not as a round of its own" not in geneva.notes
    evening = dataset().rounds["2026-02-26-geneva-russia-us"].round
    assert (evening.date, evening.place) == (geneva.date, geneva.place)
    assert {d.party for d in evening.delegations} == {"russia", "united-states"}
    assert {"kommersant-2026-02-26", "ria-2026-03-12"} <= {e.source for d in evening.delegations for e in d.evidence}
    assert evening.duration is None


def test_the_florida_meeting_of_11_march_gives_dmitrievs_account_of_its_subject() -> None:
    """Anadolu and Report.az (12 March): Dmitriev said it was on economic cooperation and the
    energy markets; Witkoff named no topics; nothing on Ukraine reported."""
    florida = dataset().rounds["2026-03-11-florida"].round
    assert florida.outcome is not None and "economic cooperation" in florida.outcome
    assert "Nothing on Ukraine" in florida.outcome
    assert {"anews-2026-03-12", "report-az-2026-03-12"} <= {e.source for e in florida.evidence}
    [stay] = [a for a in florida.agreements if a.id == "stay-in-touch"]
    assert "interfax-2026-03-12" in {e.source for e in stay.evidence}


def test_both_florida_meetings_with_dmitriev_give_the_city_the_russian_agencies_give() -> None:
    """TASS (31 January) and RIA (12 March) say Miami; the ids keep Witkoff's Florida."""
    for round_id in ("2026-01-31-florida", "2026-03-11-florida"):
        meeting = dataset().rounds[round_id].round
        assert meeting.place == "Miami", round_id
        assert meeting.notes is not None and "Miami" in meeting.notes, round_id


def test_ukraines_guarantees_demand_in_miami_still_answers_the_us_offer_and_did_not_move() -> None:
    """The US has no position on record in Miami; the link names Palm Beach, where the offer
    is last on record, so the comparison does not count a move that no report gives."""
    from tracker.diff import compare_rounds

    [demand] = [p for p in dataset().rounds["2026-01-17-miami"].positions if p.id == "security-guarantees" and p.party == "ukraine"]
    [link] = demand.responds_to
    assert (link.position, link.party, link.round) == ("nato-like-guarantees", "united-states", "2025-12-28-palm-beach")
    [change] = [c for c in compare_rounds(dataset(), "2025-12-28-palm-beach", "2026-01-17-miami").changed if c.key == demand.key]
    assert not change.substantive


def test_no_quote_rests_on_a_page_whose_stored_copy_lacks_it() -> None:
    """The RBC (18 January) and OstroV (22 March) wordings of Umerov's posts were not found in a
    stored copy of those pages: what he wrote is told in a note, not quoted."""
    for round_id, source in (("2026-01-17-miami", "rbc-2026-01-18"), ("2026-03-21-miami", "ostro-2026-03-22")):
        meeting = dataset().rounds[round_id].round
        cited = [e for e in meeting.evidence if e.source == source]
        assert cited, round_id
        assert all(e.quote is None for e in cited), round_id


def test_the_miami_note_on_exchanges_points_to_the_events() -> None:
    """The exchanges after the Miami talks are events under no agreement: the note names their
    days and points to `tracker events`, not to the research note."""
    [captives] = [p for p in dataset().rounds["2026-03-21-miami"].positions if p.id == "keep-freeing-captives"]
    assert captives.notes is not None and "research note" not in captives.notes
    after = [e for e in dataset().events if e.topic == "prisoners" and e.kind.value == "carried_out" and str(e.date) > "2026-03-22"]
    assert [str(e.date) for e in after] == ["2026-04-11", "2026-04-24", "2026-05-15"] and all(e.under is None for e in after)
    assert "11 and 24 April and 15 May 2026" in captives.notes and "`tracker events`" in captives.notes


def test_the_paris_talks_of_6_7_january_are_a_round() -> None:
    """Witkoff (TASS, 6 January), Zelensky (Interfax-Ukraine) and Umerov (Vedomosti, the Kyiv
    Independent, 7 January): three sessions in two days, both delegations named."""
    paris = dataset().rounds["2026-01-06-paris"]
    assert (paris.round.date, paris.round.end_date) == (dt.date(2026, 1, 6), dt.date(2026, 1, 7))
    delegations = {d.party: d for d in paris.round.delegations}
    assert set(delegations) == {"ukraine", "united-states"}
    assert {"Rustem Umerov", "Andrii Hnatov", "Kyrylo Budanov"} <= set(delegations["ukraine"].members)
    assert {"Steve Witkoff", "Jared Kushner", "Charles Kushner", "Josh Gruenbaum"} == set(delegations["united-states"].members)
    assert paris.round.agreements == []
    # Dmitriev's meeting of 7 January rests on one unnamed source: told, not a round.
    assert not any(r.round.date == dt.date(2026, 1, 7) for r in dataset().rounds.values())


def test_agreements_of_the_2026_rounds_are_dated_within_their_round() -> None:
    """An agreement carried out after its round stays agreed there (status_date no later than
    the round's last day); the round that reports it done says so."""
    for round_id, data in dataset().rounds.items():
        if not round_id.startswith("2026-"):
            continue
        last = data.round.end_date or data.round.date
        for agreement in data.round.agreements:
            if agreement.status_date is not None:
                assert agreement.status_date <= last, (round_id, agreement.id)
    [agreed] = [a for a in dataset().rounds["2026-01-22-moscow"].round.agreements if a.id == "trilateral-security-group"]
    [done] = [a for a in dataset().rounds["2026-01-23-abu-dhabi"].round.agreements if a.id == "trilateral-security-group"]
    assert agreed.status is Status.agreed
    assert (done.status, done.status_date) == (Status.implemented, dt.date(2026, 1, 23))


def test_the_500_for_500_exchange_is_agreed_at_geneva_and_dated_by_its_report() -> None:
    """First given as agreed at Geneva on 5 March, carried out on 5-6 March, after the round;
    expected from 20 February (Zelensky), which the note says instead of 'no report'. The
    agreement is dated by its report; its figure is not 'last reported' after the round."""
    [swap] = [a for a in dataset().rounds["2026-02-17-geneva"].round.agreements if a.id == "exchange-500-for-500"]
    assert swap.status is Status.agreed and swap.status_reported == dt.date(2026, 3, 5)
    [size] = swap.quantities
    assert (size.value, size.as_of) == (500, None)
    assert "news-az-2026-02-20" in {e.source for e in swap.evidence}
    assert swap.notes is not None and "No report of the round's own days" not in swap.notes


def test_zelenskys_account_of_the_monitoring_is_on_record_at_geneva() -> None:
    """RFE/RL (18 February): the military had almost agreed on monitoring, with the United States."""
    geneva = dataset().rounds["2026-02-17-geneva"]
    [monitoring] = [p for p in geneva.positions if p.party == "ukraine" and p.id == "us-monitoring"]
    assert "rferl-2026-02-18" in {e.source for e in monitoring.evidence}
    assert geneva.round.outcome is not None and "monitoring" in geneva.round.outcome
    assert "details not given" not in geneva.round.outcome


def test_abu_dhabi_agreed_to_meet_again_the_next_weekend() -> None:
    """AFP (24 January): Ukraine and Russia agreed to a second round the next weekend; the US
    official's 1 February lives with that agreement alone, not again as a US proposal. The
    round met late, on 4-5 February (Zelensky, 1 February; Peskov, 2 February): there the same
    agreement is carried out."""
    abu_dhabi = dataset().rounds["2026-01-23-abu-dhabi"]
    [again] = [a for a in abu_dhabi.round.agreements if a.id == "next-trilateral-round"]
    assert set(again.parties) == {"ukraine", "russia"} and again.status is Status.agreed
    assert not [p for p in abu_dhabi.positions if p.party == "united-states" and p.id == "more-trilateral-talks"]
    february = dataset().rounds["2026-02-04-abu-dhabi"]
    [held] = [a for a in february.round.agreements if a.id == "next-trilateral-round"]
    assert held.status is Status.implemented and str(held.status_date) == "2026-02-04"
    assert "late" in held.summary and {"report-az-2026-02-01", "lbc-2026-02-02"} <= {e.source for e in held.evidence}


def test_the_us_side_at_abu_dhabi_in_february_is_eucoms() -> None:
    """EUCOM (Anadolu) and CBS, 5 February: Witkoff, Kushner, Driscoll and Grynkewich; Witkoff's
    readout gives 157 a side, so his 314 is the total."""
    meeting = dataset().rounds["2026-02-04-abu-dhabi"].round
    [us] = [d for d in meeting.delegations if d.party == "united-states"]
    assert {"Steve Witkoff", "Jared Kushner", "Daniel Driscoll", "Alexus Grynkewich"} == set(us.members)
    [swap] = [a for a in meeting.agreements if a.id == "exchange-157-for-157"]
    assert swap.notes is not None and "did not say whether his\n" not in swap.notes and "157 to be released by each side" in swap.notes


def test_ushakov_on_territory_is_cited_from_interfax() -> None:
    """Interfax (23 January), the wire itself, not an unnamed wire's copy in the Hindustan Times."""
    [territory] = [p for p in dataset().rounds["2026-01-22-moscow"].positions if p.id == "territory-first"]
    sources = {e.source for e in territory.evidence}
    assert "interfax-2026-01-23" in sources and "hindustantimes-2026-01-23" not in sources


def test_the_easter_exchange_gives_its_size_as_the_uaes_totals_leave_it() -> None:
    """No stored report of 11 April gives the size: the one figure is what the UAE's counts of
    6 March (WAM) and 24 April leave for one mediation in between, and says so."""
    [easter] = [e for e in dataset().events if e.id == "exchange-2026-04-11"]
    [figure] = easter.quantities
    assert figure.value == 350 and "running totals" in figure.what and figure.raw is None
    assert {"wam-2026-03-07", "voiceofemirates-2026-04-24"} <= {e.source for e in easter.evidence}


def test_trumps_post_says_both_presidents_agreed() -> None:
    """GB News quotes the post of 8 May: Trump thanks Putin and Zelensky for agreeing; only the
    capitals' own confirmations rest on reprints of AP."""
    events = {e.id: e for e in dataset().events}
    for event_id in ("agreed-2026-05-08-exchange", "agreed-2026-05-08-ceasefire"):
        event = events[event_id]
        assert event.parties == ["united-states"], event_id
        assert "gbnews-2026-05-08" in {e.source for e in event.evidence}, event_id
        assert "rests on AP at second hand" not in (event.notes or ""), event_id
    quotes = [e.quote or "" for e in events["agreed-2026-05-08-exchange"].evidence]
    assert any("its agreement by President Vladimir Putin and President Volodymyr Zelenskyy" in q for q in quotes)
