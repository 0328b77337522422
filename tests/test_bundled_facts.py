"""Facts of the bundled dataset that a fact-check of the three Istanbul rounds corrected.

Each test pins one correction, so that a later edit of the data cannot bring the error back
unnoticed: what a source says is filed under what it is about, a position says only what its
round's own sources say, and a figure keeps its source's words.
"""

from __future__ import annotations

from bundled_support import dataset, position

from tracker.model import Position, claims_differ

MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-23-istanbul"


def test_the_childrens_list_is_counted_only_by_the_sources_that_count_the_list() -> None:
    """DW's "hundreds of children" counts the children taken, not the names on Ukraine's list.
    In June the 339 is Newslooks' and Medinsky's as Espreso gives it from RIA, each saying so;
    in July it is Yermak's own count of 24 July (Interfax-Ukraine), not Newslooks' of 2 June."""
    june = {("newslooks-2025-06-02", "a list of 339 names"), ("espreso-2025-06-02", "a list of 339 names")}
    for round_id, listing in ((JUNE, june), (JULY, {("interfax-ua-2025-07-24", "The initial list of 339 names")})):
        children = position(round_id, "ukraine", "children-return")
        assert children is not None, round_id
        [listed] = [q for q in children.quantities if "list handed" in q.what]
        claims = {(c.source, c.raw) for c in listed.claims}
        assert claims == listing | {("rustavi2-2025-06-02", "nearly 400 abducted Ukrainian children")}, round_id
    [newslooks] = [c for q in position(JUNE, "ukraine", "children-return").quantities for c in q.claims if c.source == "newslooks-2025-06-02"]
    assert "secondary" in (newslooks.note or "")


def test_ukraines_call_for_sanctions_in_june_is_the_may_one() -> None:
    """The June reports (the Guardian, Zelensky's Vilnius speech) tie sanctions to Russia not
    agreeing to a ceasefire, as in May: the position stands, it did not move."""
    may = position(MAY, "ukraine", "sanctions-pressure")
    june = position(JUNE, "ukraine", "sanctions-pressure")
    assert may is not None and june is not None
    assert june.conditions == may.conditions == ["Russia rejects a full and unconditional ceasefire"]
    assert june.summary == may.summary


def test_the_july_delegation_is_the_one_the_decree_names() -> None:
    """Decree No. 539/2025 of 22 July (Ukrinform, NV) names Ukraine's members; Yermak is not one."""
    [ukraine] = [d for d in dataset().rounds[JULY].round.delegations if d.party == "ukraine"]
    assert "Andriy Yermak" not in ukraine.members
    assert {"Rustem Umerov", "Sergiy Kyslytsya", "Vadym Skibitskyi", "Oleksandr Bevz"} <= set(ukraine.members)
    assert {"ukrinform-2025-07-22", "nv-2025-07-23"} <= {e.source for e in ukraine.evidence}


def test_the_buffer_zone_is_context_not_a_position_of_the_june_round() -> None:
    """No source says Putin's buffer zone was put to Ukraine at the talks; its own note called
    it a threat. It is told among the round's facts, not filed as a Russian position."""
    assert position(JUNE, "russia", "buffer-zone") is None
    june = dataset().rounds[JUNE].round
    assert "ukrainska-pravda-2025-05-22" in {e.source for e in june.evidence}
    assert "buffer zone" in (june.notes or "")


def test_the_2022_framework_is_on_record_in_may_only() -> None:
    """No June or July source mentions the 2022 Istanbul framework, so neither Russia's demand
    to return to it nor Ukraine's rejection is shown as standing or 'rejected again' there."""
    assert position(MAY, "russia", "return-to-2022-framework") is not None
    assert position(MAY, "ukraine", "reject-2022-framework") is not None
    for round_id in (JUNE, JULY):
        assert position(round_id, "russia", "return-to-2022-framework") is None, round_id
        assert position(round_id, "ukraine", "reject-2022-framework") is None, round_id


def test_civilians_in_the_july_exchanges_are_told_side_by_side_not_as_agreed() -> None:
    """Only Fidan and a TASS source speak of an agreement; Medinsky put it as a Russian
    proposal and Kyslytsya said civilians are not part of the exchanges agreed."""
    agreements = {a.id for a in dataset().rounds[JULY].round.agreements}
    assert "civilians-in-exchanges" not in agreements
    kursk = position(JULY, "russia", "kursk-civilians")
    civilians = position(JULY, "ukraine", "civilians-return")
    assert kursk is not None and civilians is not None
    assert any(e.speaker == "Sergiy Kyslytsya" for e in civilians.evidence)


def test_the_june_handover_of_the_dead_is_told_as_it_ran_mostly_one_way() -> None:
    """Over 6,000 bodies went to Ukraine by 16 June and 78 to Russia (Medinsky, TASS): the
    record gives both counts, not one exchange 'by Ukraine and Russia' of equal numbers. The
    line that tells it carried out leads with what was done (6,057 in Ukraine's count, 6,060 in
    Russia's; 78 the other way), not with the 6,000 a side agreed on 2 June."""
    [remains] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "remains-handover"]
    counts = {q.what: q for q in remains.quantities}
    [to_russia] = [q for what, q in counts.items() if what.startswith("bodies of Russian soldiers handed to Russia in the June stages")]
    assert to_russia.value == 78 and to_russia.raw == "78 bodies of Russian soldiers"
    assert "one way" in (remains.notes or "")
    [line] = [x for x in _june_july_text().splitlines() if "Carried out in stages" in x and "bodies of soldiers" in x]
    assert "6,057" in line and "6,060" in line and ": 78" in line, line
    assert "6,000 bodies per side" not in line, line


def test_july_local_ceasefires_keep_the_july_wording_and_the_unn_quote_its_subject() -> None:
    """July's pauses are along the line of contact, not June's 'certain areas of the front';
    Umerov's UNN words of 16 May are about political prisoners, children and civilians."""
    july = position(JULY, "russia", "local-ceasefires")
    assert july is not None and "line of contact" in july.summary and "particular sectors" not in july.summary
    pows = position(MAY, "ukraine", "prisoners-all-for-all")
    civilians = position(MAY, "ukraine", "civilians-return")
    assert pows is not None and civilians is not None
    assert "unn-2025-05-16" not in {e.source for e in pows.evidence}
    assert "unn-2025-05-16" in {e.source for e in civilians.evidence}


def test_no_quote_rests_on_a_page_whose_stored_copy_lacks_it() -> None:
    """The News.az quotes of Medinsky and AP's quote of Kyslytsia were found in no stored copy
    of their pages: they are gone, and the CNA note of the July remains offer is our own words."""
    quoted = {
        (e.source, e.speaker)
        for rd in dataset().rounds.values()
        for p in rd.positions
        for e in p.evidence
        if e.quote
    }
    assert not any(source == "newsaz-2025-05-16" for source, _ in quoted)
    assert ("ap-2025-05-16", "Serhii Kyslytsia") not in quoted
    more = position(JULY, "russia", "more-remains")
    assert more is not None
    assert not any("had offered to return the bodies of 3,000" in (e.note or "") for e in more.evidence)


def test_a_figure_the_july_reports_do_not_repeat_is_as_last_reported() -> None:
    """Umerov restated the ceasefire demand after the July talks (LIGA.net) without the 30 days:
    the position is restated, not carried, and its figure is the one last reported, on 2 June.
    (The children's list is not one: Yermak gave its 339 names again on 24 July.)"""
    for position_id, what in (("ceasefire-30-day", "ceasefire length"),):
        restated = position(JULY, "ukraine", position_id)
        assert restated is not None, position_id
        assert restated.carried_from is None, position_id
        assert "liga-2025-07-23" in {e.source for e in restated.evidence}, position_id
        [figure] = [q for q in restated.quantities if what in q.what]
        assert str(figure.as_of) == "2025-06-02", position_id


def test_every_figure_no_source_of_its_round_gives_says_as_of_when() -> None:
    """A position restated at a round (not carried) whose figure only earlier reports give
    keeps the figure as of the last of them; one its round's own reports give has no as_of."""
    checked = 0
    for round_id in (JUNE, JULY):
        rd = dataset().rounds[round_id]
        for p in rd.positions:
            if p.carried_from is not None:
                continue
            for q in p.quantities:
                if not q.claims:
                    continue
                checked += 1
                days = [dataset().sources[c.source].published for c in q.claims]
                of_the_round = any(abs((day - rd.round.date).days) <= 3 for day in days)
                if of_the_round:
                    assert q.as_of is None, (round_id, p.party, p.id, q.what)
                else:
                    assert q.as_of is not None and q.as_of >= max(days), (round_id, p.party, p.id, q.what)
    assert checked


def test_the_june_figures_of_the_july_agreements_are_as_of_their_last_report() -> None:
    """No July report says the exchanges of the wounded are all for all (Umerov's June words)
    or gives the number of bodies agreed in June: it is as the reports of 2 June gave it, not
    dated 16 June, a day none of its sources is of."""
    agreements = {a.id: a for a in dataset().rounds[JULY].round.agreements}
    [all_for_all] = [q for q in agreements["exchange-wounded-sick"].quantities if q.scope == "all"]
    assert all_for_all.scope == "all" and str(all_for_all.as_of) == "2025-06-02"
    [agreed] = [q for q in agreements["remains-handover"].quantities if q.what == "bodies"]
    assert str(agreed.as_of) == "2025-06-02"
    assert {dataset().sources[c.source].published for c in agreed.claims} == {agreed.as_of}


def test_a_position_a_july_report_restates_is_not_carried() -> None:
    """Zelensky's post of 23 July (Firstpost) restates the return of all prisoners, and Erdoğan
    renewed his offer to host the leaders on 25 July (Kyiv Independent): neither is carried."""
    for party, position_id, source in (
        ("ukraine", "prisoners-all-for-all", "firstpost-2025-07-24"),
        ("turkey", "leaders-summit-in-turkey", "kyiv-independent-2025-07-25"),
    ):
        restated = position(JULY, party, position_id)
        assert restated is not None, position_id
        assert restated.carried_from is None, position_id
        assert source in {e.source for e in restated.evidence}, position_id
    carried = position(JULY, "ukraine", "rejects-territorial-demands")
    assert carried is not None and carried.carried_from == JUNE


def test_the_bodies_returned_since_june_are_a_count_by_day_in_each_sources_words() -> None:
    """More than 6,000 (Umerov) by 16 June, around 7,000 by 23 July (Medinsky to Anadolu): one
    count that grew, not sources that disagree (Medinsky's 6,060 stands beside Ukraine's 6,057
    as the June stages' count); Russia's 78 bodies received are as of 16 June, which no July
    report updates."""
    [remains] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "remains-handover"]
    [returned] = [q for q in remains.quantities if q.what == "bodies returned to Ukraine since June"]
    by_source = {c.source: (str(c.as_of), c.raw) for c in returned.claims}
    assert by_source == {
        "ukrainska-pravda-2025-06-16": ("2025-06-16", "more than 6,000 bodies"),
        "anews-2025-07-23": ("2025-07-23", "around 7,000 bodies"),
    }
    assert not claims_differ(returned)
    [june] = [q for q in remains.quantities if q.what.startswith("bodies handed to Ukraine in the June stages")]
    assert {c.source: c.value for c in june.claims} == {"ukrainska-pravda-2025-06-16-bodies": 6057, "tass-2025-06-16": 6060}
    [to_russia] = [q for q in remains.quantities if q.what.startswith("bodies of Russian soldiers handed to Russia in the June stages")]
    assert str(to_russia.as_of) == "2025-06-16"


def test_the_12000_bodies_are_6000_a_side_added_together_not_a_contest() -> None:
    """Newslooks' lead retells Reuters', whose text has the sides exchanging 6,000 bodies each:
    its 12,000 is the two sides' 6,000 in all, one figure with Umerov's 6,000-for-6,000, not a
    contest. What differs is the direction (Russia: one way), said in the notes; the catalogue
    says Newslooks retells Reuters."""
    for round_id in (JUNE, JULY):
        [remains] = [a for a in dataset().rounds[round_id].round.agreements if a.id == "remains-handover"]
        [bodies] = [q for q in remains.quantities if q.what == "bodies"]
        per = {(c.source, c.value): c.per for c in bodies.claims}
        assert per[("zmina-2025-06-02", 6000)] == "side", round_id
        assert per[("newslooks-2025-06-02", 12000)] == "total", round_id
        assert bodies.per == "side" and not claims_differ(bodies), round_id
        assert "one way" in (remains.notes or ""), round_id
    assert "Reuters" in (dataset().sources["newslooks-2025-06-02"].notes or "")


def test_an_outcome_is_dated_by_its_event_and_otherwise_by_the_report_that_gave_it() -> None:
    """Russia's 1,000 soldiers rest on Zelensky's post of 23 July that more than 1,000 had come
    home over all the stages since 9 June: reported then, not done that day. The May swap ran
    from 23 to 25 May (Kyiv Independent); the June handover of the dead ended on 16 June."""
    commitment = position(JULY, "russia", "exchange-at-least-1000")
    assert commitment is not None
    assert commitment.status_date is None
    assert str(commitment.status_reported) == "2025-07-23" and str(commitment.status_since) == "2025-06-09"
    figure = commitment.quantities[0]
    assert str(figure.as_of) == "2025-06-02"
    june = {a.id: a for a in dataset().rounds[JUNE].round.agreements}
    swap = june["exchange-1000-for-1000"]
    assert (str(swap.status_since), str(swap.status_date)) == ("2025-05-23", "2025-05-25")
    [remains] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "remains-handover"]
    assert str(remains.status_date) == "2025-06-16" and remains.status_reported is None


def test_each_stage_of_an_agreement_carried_out_is_dated_by_its_own_day() -> None:
    """The May exchange in three stages (390, 307 and 303, 23 to 25 May), the June handover of
    the dead in five (11 to 16 June, 6,057 in Ukraine's count), the June exchanges of prisoners
    in nine (9 June to 23 July): each stage an event of its own day under the agreement, with
    figures that add up to the totals the sources give. The rounds keep the agreement and its
    status, not the stages' figures again."""
    june = {a.id: a for a in dataset().rounds[JUNE].round.agreements}
    july = {a.id: a for a in dataset().rounds[JULY].round.agreements}

    def stages(position_id: str) -> list:
        return [e for e in dataset().events if e.under and e.under.position == position_id]

    may = stages("exchange-1000-for-1000")
    assert [str(e.date) for e in may] == ["2025-05-23", "2025-05-24", "2025-05-25"]
    assert [e.quantities[0].value for e in may] == [390, 307, 303] and sum(e.quantities[0].value for e in may) == 1000
    assert [q.value for q in june["exchange-1000-for-1000"].quantities] == [1000]
    remains = july["remains-handover"]
    assert (str(remains.status_since), str(remains.status_date)) == ("2025-06-11", "2025-06-16")
    handovers = stages("remains-handover")
    assert [str(e.date) for e in handovers] == ["2025-06-11", "2025-06-13", "2025-06-14", "2025-06-15", "2025-06-16"]
    [june_count] = [q for q in remains.quantities if "Ukraine's count" in q.what]
    [ukraine_total] = [c.value for c in june_count.claims if c.source == "ukrainska-pravda-2025-06-16-bodies"]
    assert sum(e.quantities[0].value for e in handovers) == ukraine_total == 6057
    assert not any(" June 2025" in q.what or " July 2025" in q.what for q in remains.quantities)
    exchanges = stages("exchange-young-soldiers") + stages("exchange-wounded-sick")
    assert len(exchanges) == 9 and (str(exchanges[0].date), str(exchanges[-1].date)) == ("2025-06-09", "2025-07-23")
    assert not any(q.what == "stages carried out" for q in july["exchange-wounded-sick"].quantities)


def test_a_remark_reported_from_inside_the_room_says_on_whose_word() -> None:
    """Medinsky's 'fight forever' rests on an unnamed source (The Economist's Carroll), the threat
    to take more regions on reports the TV host Popov confirmed: told as notes that say whose
    word it is, never as a quote of his."""
    [mt] = [e for e in dataset().rounds[MAY].round.evidence if e.source == "moscow-times-2025-05-16" and e.note]
    assert "unnamed" in mt.note
    quotes = [e.quote for e in dataset().rounds[MAY].round.evidence if e.source == "moscow-times-2025-05-16" and e.quote]
    assert quotes and not any("forever" in q for q in quotes)
    threat = position(MAY, "russia", "withdrawal-four-regions")
    assert threat is not None
    # The threat: reports the host confirmed, their source not named (and never Carroll's).
    [note] = [e.note for e in threat.evidence if e.source == "moscow-times-2025-05-16" and e.note]
    assert "Popov" in note and "naming no one" in note and "Carroll" not in note


def test_the_us_threat_at_23_july_is_the_july_ultimatum_and_moved_in_substance() -> None:
    """The July reports (Firstpost, CNA) give Trump's ultimatum as an end to the war within 50
    days or very severe tariffs, not June's 'move the talks forward': the position moved."""
    from tracker.diff import compare_rounds

    june = position(JUNE, "united-states", "sanctions-threat")
    july = position(JULY, "united-states", "sanctions-threat")
    assert june is not None and july is not None
    assert "end the war" in july.summary and "move the talks" not in july.summary
    assert "tariffs" in july.summary
    assert july.conditions != june.conditions
    assert not any("slow-walks" in str(c) for c in july.conditions)
    [change] = [c for c in compare_rounds(dataset(), JUNE, JULY).changed if c.key == july.key]
    assert change.substantive


def test_russias_claim_on_the_childrens_list_and_yermaks_answer_are_on_record_in_july() -> None:
    """Russia said at the round it had worked through the list, 50 names being adults' (Sputnik);
    Yermak answered on 24 July (Interfax-Ukraine): the offer is not 'unchanged', and Ukraine's
    demand carries his rebuttal."""
    offer = position(JULY, "russia", "children-return-conditional")
    assert offer is not None
    assert offer.carried_from is None
    assert "unchanged" not in (offer.notes or "")
    assert {"sputnik-2025-07-23", "sputnik-2025-07-27", "interfax-ua-2025-07-24"} <= {e.source for e in offer.evidence}
    assert [q.value for q in offer.quantities if "adults" in q.what] == [50]
    demand = position(JULY, "ukraine", "children-return")
    assert demand is not None
    [rebuttal] = [e for e in demand.evidence if e.source == "interfax-ua-2025-07-24"]
    assert rebuttal.speaker == "Andriy Yermak" and "does not correspond to reality" in (rebuttal.quote or "")
    counts = {q.what: (q.value, q.min, q.raw) for q in demand.quantities if "Yermak" in q.what}
    assert set(counts.values()) == {(6, None, "only six children"), (None, 200, "more than 200 children")}
    sources = dataset().sources
    assert sources["interfax-ua-2025-07-24"].url == "https://en.interfax.com.ua/news/general/1090363.html"
    assert "20250727" in (sources["sputnik-2025-07-27"].url or "")


def test_the_14_august_swap_is_not_a_figure_of_the_july_agreement() -> None:
    """No report ties the swap of 14 August (84 a side, mostly civilians in Ukraine's count) to
    the 1,200-a-side deal: it is an event under no agreement, its notes say why, and the deal
    carries only the figure agreed at the round."""
    agreements = {a.id: a for a in dataset().rounds[JULY].round.agreements}
    deal = agreements["exchange-1200-for-1200"]
    assert [q.min for q in deal.quantities] == [1200]
    [august] = [e for e in dataset().events if e.id == "exchange-2025-08-14"]
    assert august.under is None and august.quantities[0].value == 84
    assert "No report ties it" in (august.notes or "")
    assert "14 and 24 August" in (deal.notes or "")


def test_medinsky_called_the_july_truce_a_proposal_made_again() -> None:
    """BGNES quotes Medinsky: 'Once again, we have proposed…' the 24-48-hour truce."""
    truces = position(JULY, "russia", "local-ceasefires")
    assert truces is not None
    [quoted] = [e for e in truces.evidence if e.source == "bgnes-2025-07-23"]
    assert quoted.speaker == "Vladimir Medinsky"
    assert (quoted.quote or "").startswith("Once again, we have proposed to the Ukrainian side")
    assert "again" in (truces.notes or "")
    # The move (two to three days, now one to two) is told as the proposal made again.
    assert "proposed again" in truces.summary.split(",", 2)[1]


def test_nearly_400_is_an_approximate_400_that_differs_from_the_339_names() -> None:
    """'nearly 400' is never 'at most 400': encoded as a bound it agreed with 339, though the
    two are counts of one list that cannot both be right."""
    from tracker.figures import figure_words

    for round_id in (JUNE, JULY):
        children = position(round_id, "ukraine", "children-return")
        assert children is not None, round_id
        [listed] = [q for q in children.quantities if "list handed" in q.what]
        [nearly] = [c for c in listed.claims if c.source == "rustavi2-2025-06-02"]
        assert (nearly.value, nearly.max) == (400, None), round_id
        assert claims_differ(listed), round_id
        assert "nearly 400" in figure_words(listed), round_id


def test_no_approximate_figure_of_the_istanbul_rounds_is_encoded_as_a_bound() -> None:
    """'nearly', 'almost', 'about', 'around', 'some' make a figure approximate, not a bound."""
    import re

    approximate = re.compile(r"^(nearly|almost|about|around|some|roughly|approximately)\b", re.IGNORECASE)
    seen = 0
    for round_id in (MAY, JUNE, JULY):
        rd = dataset().rounds[round_id]
        quantities = [q for p in rd.positions for q in p.quantities]
        quantities += [q for a in rd.round.agreements for q in a.quantities]
        if rd.round.duration is not None:
            quantities.append(rd.round.duration)
        for q in quantities:
            for amount in [q, *q.claims]:
                if amount.raw and approximate.match(amount.raw.strip()):
                    seen += 1
                    assert amount.value is not None, (round_id, q.what, amount.raw)
    assert seen


def test_meeting_lengths_keep_their_sources_words() -> None:
    """16 May: TRT's 'about 1 hour and 45 minutes' and The Moscow Times' 'just over 90
    minutes'; 23 July: A News gives approximate times, so no exact length in its name."""
    may = dataset().rounds[MAY].round.duration
    july = dataset().rounds[JULY].round.duration
    assert may is not None and july is not None
    raws = {(c.source, c.raw) for c in may.claims}
    assert ("trt-world-2025-05-16", "about 1 hour and 45 minutes") in raws
    assert ("moscow-times-2025-05-16", "just over 90 minutes") in raws
    anews = [c for c in july.claims if c.source == "anews-2025-07-23"]
    assert all(c.value is None for c in anews)


def test_the_research_note_ties_no_swap_to_istanbul_without_a_report_saying_so() -> None:
    """The 14 August swap is under no named deal; the 2 October one has reports of its day."""
    from pathlib import Path

    note = (Path(__file__).parent.parent / "docs" / "research" / "after-july-2025.md").read_text(encoding="utf-8")
    [august] = [line for line in note.splitlines() if line.startswith("| 14 Aug 2025 |")]
    assert "the Istanbul agreements" not in august
    assert "no report of the day found" not in note


def test_the_july_russian_delegation_is_named_by_a_source_of_the_day() -> None:
    """Medinsky, Galuzin, Kostyukov and Fomin: Sputnik of 23 July names them on arrival."""
    [russia] = [d for d in dataset().rounds[JULY].round.delegations if d.party == "russia"]
    assert {"Mikhail Galuzin", "Igor Kostyukov", "Alexander Fomin"} <= set(russia.members)
    assert "sputnik-2025-07-23-arrival" in {e.source for e in russia.evidence}
    assert str(dataset().sources["sputnik-2025-07-23-arrival"].published) == "2025-07-23"


def test_each_meetings_length_has_one_real_conflict_and_one_wording_per_figure() -> None:
    """2 June: DW's summary box (under an hour) and Reuters' lead as Newslooks copies it (barely
    an hour, an hour at most) against just over an hour; 23 July: Firstpost's hour against 40
    minutes and under an hour. Agreeing claims are not a contest, and one figure is not listed
    under several wordings."""
    for round_id, odd_ones in ((JUNE, {"under an hour", "barely an hour"}), (JULY, {"one-hour-long meeting"})):
        duration = dataset().rounds[round_id].round.duration
        assert duration is not None and claims_differ(duration), round_id
        wordings: dict[tuple, set[str]] = {}
        for claim in duration.claims:
            wordings.setdefault((claim.value, claim.min, claim.max), set()).add(claim.raw or "")
        assert all(len(raws) == 1 for raws in wordings.values()), (round_id, wordings)
        rest = duration.model_copy(update={"claims": [c for c in duration.claims if c.raw not in odd_ones]})
        assert len(rest.claims) == len(duration.claims) - len(odd_ones) and not claims_differ(rest), round_id


def test_the_june_exchanges_are_told_as_carried_out_in_stages() -> None:
    """Nine stages, 9 June to 23 July, with Zelensky's count first, not Putin's figures from one
    reprint. The young soldiers' exchange is told as carried out; the wounded and sick in
    Russia's account, since only Russia called them done."""
    from tracker.diff import compare_rounds

    agreements = {a.id: a for a in dataset().rounds[JULY].round.agreements}
    wounded, young = agreements["exchange-wounded-sick"], agreements["exchange-young-soldiers"]
    # Only Russia called the wounded-and-sick exchanges over on 23 July (Ukraine said they go on):
    # reported as carried out that day, not dated as done.
    assert (wounded.status, str(wounded.status_since), str(wounded.status_reported)) == ("implemented", "2025-06-09", "2025-07-23")
    assert wounded.status_date is None and wounded.status_by == ["russia"]
    assert (young.status, str(young.status_since), str(young.status_reported)) == ("implemented", "2025-06-09", "2025-07-23")
    assert young.status_by == ["russia"]
    assert not any("Putin" in q.what for q in wounded.quantities[:2])
    changed = {c.key: c for c in compare_rounds(dataset(), JUNE, JULY).changed}
    assert changed[("joint", "exchange-young-soldiers")].substantive
    assert changed[("joint", "exchange-wounded-sick")].substantive


def test_the_june_age_band_is_one_band_worded_three_ways() -> None:
    """Umerov's 18 to 25 and the reporters' 'under the age of 25' (DW's summary, NPR's
    paraphrase) are one band, not a contest; NPR's paraphrase is not Umerov speaking."""
    for round_id in (JUNE, JULY):
        [young] = [a for a in dataset().rounds[round_id].round.agreements if a.id == "exchange-young-soldiers"]
        [ages] = [q for q in young.quantities if q.what == "age of the young prisoners"]
        assert not claims_differ(ages), round_id
        [npr] = [c for c in ages.claims if c.source == "npr-2025-06-02"]
        assert npr.speaker is None, round_id


def test_russias_thousand_is_reached_on_each_sides_own_count() -> None:
    """On 23 July Zelensky counted people ('our people'), not soldiers, and Medinsky over 2,400
    exchanged in all (dpa via MIA): Russia did give a number, so the record does not say it gave
    none."""
    kept = position(JULY, "russia", "exchange-at-least-1000")
    assert kept is not None
    assert "gave no number" not in (kept.notes or "") and "count alone" not in (kept.notes or "")
    [russian] = [q for q in kept.quantities if "Medinsky's count" in q.what]
    assert (russian.min, russian.raw) == (2400, "over 2,400")
    assert "mia-2025-07-24" in {e.source for e in kept.evidence}
    assert "aa-2025-06-04" in {e.source for e in kept.evidence}


def test_ukraines_leaders_meeting_moved_in_substance_in_july() -> None:
    """Two leaders in June, perhaps three (Umerov: the US president might join), four in July
    (Trump and Erdoğan taking part) and a later deadline: a move, not a rewording."""
    from tracker.diff import compare_rounds

    changed = {c.key: c for c in compare_rounds(dataset(), JUNE, JULY).changed}
    meeting = changed[("ukraine", "leaders-meeting")]
    assert meeting.substantive
    def leaders(version: Position) -> list:
        return [(q.value, q.min, q.max) for q in version.quantities if q.what == "leaders to meet"]

    assert (leaders(meeting.old), leaders(meeting.new)) == ([(None, 2, 3)], [(4, None, None)])


def test_what_became_of_the_july_deal_is_on_record() -> None:
    """The 1,200-a-side deal stalled after 2 October: Umerov went to Istanbul on 11 November to
    unblock it ("There was an agreement") and on 15 November said the sides agreed to activate
    the Istanbul agreements, the release of 1,200 Ukrainians: an event of 15 November under the
    deal, which the round's notes point to."""
    [deal] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "exchange-1200-for-1200"]
    [revival] = [e for e in dataset().events if e.id == "revival-2025-11-15"]
    assert revival.under is not None and (revival.under.round, revival.under.position) == (JULY, deal.id)
    quoted = {e.source: e for e in revival.evidence if e.quote}
    assert quoted["interfax-ua-2025-11-11"].speaker == quoted["unn-2025-11-15"].speaker == "Rustem Umerov"
    assert "activate the Istanbul agreements" in (quoted["unn-2025-11-15"].quote or "")
    sources = dataset().sources
    assert str(sources["interfax-ua-2025-11-11"].published) == "2025-11-11"
    assert str(sources["unn-2025-11-15"].published) == "2025-11-15"
    assert [q.value for q in revival.quantities] == [1200]
    assert "15 November 2025" in (deal.notes or "") and "later" not in " ".join(q.what for q in deal.quantities)


# --- The rounds of 24 July to 31 December 2025, as a fact-check of August and December corrected ---

WASHINGTON, ANCHORAGE, KREMLIN_AUG = "2025-08-18-washington", "2025-08-15-anchorage", "2025-08-06-moscow"
HALLANDALE, MOSCOW_DEC, MIAMI_DEC, PALM_BEACH = (
    "2025-11-30-hallandale-beach", "2025-12-02-moscow", "2025-12-04-miami", "2025-12-28-palm-beach",
)


def test_the_white_house_meeting_of_18_august_is_a_round_with_both_teams() -> None:
    """Interfax-Ukraine names both teams at the White House on 18 August: it is recorded, as
    Palm Beach is, from its own days' reports."""
    meeting = dataset().rounds[WASHINGTON].round
    assert str(meeting.date) == "2025-08-18" and meeting.host == "united-states"
    teams = {d.party: d for d in meeting.delegations}
    assert {"Andriy Yermak", "Rustem Umerov", "Serhiy Kyslytsya", "Pavlo Palisa", "Oksana Markarova"} <= set(teams["ukraine"].members)
    assert {"JD Vance", "Marco Rubio", "Steve Witkoff", "Keith Kellogg", "Susie Wiles"} <= set(teams["united-states"].members)
    assert all(e.source == "interfax-ua-2025-08-18" for d in teams.values() for e in d.evidence)
    guarantees = position(WASHINGTON, "ukraine", "security-guarantees")
    assert guarantees is not None and guarantees.evidence[0].speaker == "Volodymyr Zelensky"


def test_the_plans_twenty_points_are_zelenskys_and_follow_the_nineteen() -> None:
    """Zelensky's 20 (2 December) carries his name and source. He said the 20 points were
    developed in Geneva and refined in Florida, so Hallandale Beach tells 19 -> 20 (dated 2
    December) and Moscow keeps the 20 unchanged, not a count given for the first time."""
    from tracker.diff import compare_rounds

    for round_id in (MOSCOW_DEC, MIAMI_DEC):
        plan = position(round_id, "united-states", "us-peace-plan")
        assert plan is not None
        [points] = [q for q in plan.quantities if q.what == "points in the plan"]
        assert {(c.value, c.source, c.speaker) for c in points.claims} == {
            (20, "ukrainska-pravda-2025-12-02", "Volodymyr Zelensky"), (20, "fakty-2025-12-02", "Volodymyr Zelensky"),
        }, round_id
    hallandale = position(HALLANDALE, "united-states", "us-peace-plan")
    assert hallandale is not None
    [kept] = [q for q in hallandale.quantities if q.what == "points in the plan"]
    assert ({c.value for c in kept.claims}, str(kept.as_of)) == ({20}, "2025-12-02")
    assert ("united-states", "us-peace-plan") in {c.key for c in compare_rounds(dataset(), "2025-11-23-geneva", HALLANDALE).changed}


def test_ukraines_three_way_meeting_at_anchorage_is_its_july_proposal_back() -> None:
    """Ukraine proposed a Zelensky-Putin meeting with Trump and Erdogan on 23 July: its support
    for a three-way meeting in August is that position back on record, not new."""
    from tracker.diff import compare_rounds, returned_positions

    assert position(ANCHORAGE, "ukraine", "trilateral-meeting-support") is None
    diff = compare_rounds(dataset(), KREMLIN_AUG, ANCHORAGE)
    assert returned_positions(dataset(), diff)[("ukraine", "leaders-meeting")] == "2025-07-23-istanbul"


def test_who_asked_for_the_august_summit_is_told_both_ways() -> None:
    """'At the suggestion of the US side' is Ushakov's; the White House (Leavitt) said the
    Russians wished to meet. The three-way idea is not Ushakov's account alone."""
    [summit] = [a for a in dataset().rounds[KREMLIN_AUG].round.agreements if a.id == "putin-trump-summit"]
    assert "in Ushakov's account" in summit.summary and "White House" in summit.summary
    assert "yenisafak-2025-08-06" in {e.source for e in summit.evidence}
    trilateral = position(KREMLIN_AUG, "united-states", "trilateral-leaders-meeting")
    assert trilateral is not None and "Known only from" not in (trilateral.notes or "")
    assert {"yenisafak-2025-08-06", "i24news-2025-08-06"} <= {e.source for e in trilateral.evidence}


def test_zelenskys_ninety_percent_at_palm_beach_is_on_record() -> None:
    """SunStar and PTC News carry Zelensky's 90 percent for the 20-point plan; AFP's 95 for him
    is kept beside it, each source's own figure."""
    plan = position(PALM_BEACH, "united-states", "us-peace-plan")
    assert plan is not None
    [share] = [q for q in plan.quantities if q.what == "share of the plan agreed"]
    assert {(c.source, c.value) for c in share.claims} == {("sunstar-2025-12-29", 90), ("ptcnews-2025-12-29", 90), ("tag24-2025-12-29", 95)}
    assert all(c.speaker == "Volodymyr Zelensky" for c in share.claims)
    assert "pravda.ru" not in (dataset().rounds[PALM_BEACH].round.notes or "")


def test_dmitriev_sat_for_russia_on_2_december() -> None:
    """RBC (3 December) names Dmitriev at the talks beside Ushakov."""
    [russia] = [d for d in dataset().rounds[MOSCOW_DEC].round.delegations if d.party == "russia"]
    assert "Kirill Dmitriev" in russia.members
    assert "rbc-2025-12-03" in {e.source for e in russia.evidence}


def test_palm_beach_keeps_ushakovs_working_groups_and_a_contested_length() -> None:
    """Ushakov's account: two working groups agreed (security, economy), from the Kremlin's own
    text where quoted; the length is about three hours (Babel) or roughly two (Firstpost)."""
    meeting = dataset().rounds[PALM_BEACH].round
    [groups] = [a for a in meeting.agreements if a.id == "working-groups"]
    assert set(groups.parties) == {"russia", "united-states"}
    assert meeting.duration is not None and claims_differ(meeting.duration)
    assert {c.source for c in meeting.duration.claims} >= {"babel-2025-12-28", "firstpost-2025-12-29"}
    ceasefire = position(PALM_BEACH, "russia", "no-temporary-ceasefire")
    assert ceasefire is not None and "60-day" in ceasefire.summary
    assert ceasefire.evidence[0].source == "kremlin-2025-12-28"


def test_the_sixth_of_december_is_told_as_the_reports_tell_it() -> None:
    """Reuters reports a call on 6 December, not that the session became one; AFP announced a
    third day; Zelensky's post has Umerov and Hnatov on the call."""
    meeting = dataset().rounds[MIAMI_DEC].round
    assert "became, in Reuters" not in (meeting.notes or "")
    assert {"aletihad-2025-12-06", "unn-2025-12-06"} <= {e.source for e in meeting.evidence}
    assert str(meeting.end_date) == "2025-12-05"


# A second check of the three Istanbul rounds: each test fails on the data before its fix.


def _june_july_text() -> str:
    from tracker.diff import compare_rounds
    from tracker.report.comparison import of_diff
    from tracker.report.text import diff_text

    return diff_text(of_diff(dataset(), compare_rounds(dataset(), JUNE, JULY))).plain


def test_the_us_president_was_already_in_ukraines_june_leaders_meeting() -> None:
    """Umerov on 2 June (Interfax-Ukraine, whose stored report carries his words; Censor.NET's
    page, not stored, gives the days): the US president may take part, from 20 to 30 June. July
    moves the deadline and adds Erdoğan: the comparison does not say 2 → 4, and the July outcome
    names Trump and Erdoğan as the position does."""
    june = position(JUNE, "ukraine", "leaders-meeting")
    assert june is not None and "US president might join" in june.summary
    assert any(e.source == "interfax-ukraine-2025-06-02-next" and "including the US President" in (e.quote or "") for e in june.evidence)
    assert str(dataset().sources["censor-2025-06-02"].published) == "2025-06-02"
    outcome = dataset().rounds[JULY].round.outcome or ""
    assert "Trump and Erdoğan" in outcome
    text = _june_july_text()
    assert "leaders to meet: 2 → 4" not in text and "leaders to meet: 2 to 3 → 4" in text


def test_the_swaps_after_july_say_which_deal_each_side_named() -> None:
    """24 August: Ukraine's 'agreements in Istanbul', no round named; Russia named no deal: an
    event under no agreement. 2 October: Russia's defence ministry named the agreements of 23
    July (Reuters, EFE): an event under the July deal. The research note's 24 August row rests
    on Interfax-Ukraine, not Hürriyet or Sputnik."""
    from pathlib import Path

    events = {e.id: e for e in dataset().events}
    august, october = events["exchange-2025-08-24"], events["exchange-2025-10-02"]
    assert august.under is None
    assert "names no round" in " ".join((august.notes or "").split()) and "Russia named no deal" in (august.notes or "")
    assert october.under is not None and (october.under.round, october.under.position) == (JULY, "exchange-1200-for-1200")
    assert {"btvnovinite-2025-10-02", "abc-py-2025-10-02"} <= {e.source for e in october.evidence}
    note = (Path(__file__).parent.parent / "docs" / "research" / "after-july-2025.md").read_text(encoding="utf-8")
    [row] = [line for line in note.splitlines() if line.startswith("| 24 Aug 2025 |")]
    assert "Interfax-Ukraine" in row and "no round named" in row


def test_the_june_exchanges_are_reported_done_by_russia_alone() -> None:
    """Russia: the June agreements fulfilled, exchanges of the wounded to go on along the front;
    Ukraine did not call them over. The research note tells the same status as the data
    (implemented at 23 July), and the ninth stage keeps its own words, not a bare 9."""
    from pathlib import Path

    [wounded] = [a for a in dataset().rounds[JULY].round.agreements if a.id == "exchange-wounded-sick"]
    assert "Neither side called the exchanges over" not in (wounded.notes or "")
    assert "reported done by" in (wounded.notes or "") and "Ukraine did not call them over" in (wounded.notes or "")
    note = (Path(__file__).parent.parent / "docs" / "research" / "istanbul-2025.md").read_text(encoding="utf-8")
    assert "stay `agreed`" not in note and "are `implemented` at 23 July" in note
    rules = (Path(__file__).parent.parent / "positions" / "README.md").read_text(encoding="utf-8")
    assert "stays `agreed`, with the progress" not in rules
    assert "ninth stage of the exchange" in " ".join(e.quote or "" for e in wounded.evidence)
    assert "The ninth stage of the June exchanges" in _june_july_text()


def test_russias_thousand_says_who_reports_it_met() -> None:
    """Reached on Zelensky's count (more than 1,000 people) and on Medinsky's (over 2,400 in
    all): the comparison line shows Zelensky's beside Medinsky's pledge, and no longer says
    Russia gave no number."""
    commitment = position(JULY, "russia", "exchange-at-least-1000")
    assert commitment is not None
    [count] = [q for q in commitment.quantities if "Zelensky's count" in q.what]
    assert count.min == 1000 and count.raw == "more than 1,000 of our people"
    text = _june_july_text()
    assert "in Zelensky's count: more than 1,000 of our people" in text and "gave no number" not in text


def test_the_july_length_is_one_conflict_of_two_figures() -> None:
    """bne's 40 minutes agrees with A News's and WION's 'less than an hour': only Firstpost's
    hour differs, so two figures are contested, not three."""
    from tracker.report.words import contested_note

    duration = dataset().rounds[JULY].round.duration
    assert duration is not None and claims_differ(duration)
    note = contested_note(duration, dataset())
    assert note.count(": ") == 2 and "Firstpost" in note and "less than an hour" not in note
    [bne] = [c for c in duration.claims if c.source == "intellinews-2025-07-24"]
    assert "A News" in (bne.note or "") and "WION" in (bne.note or "")


def test_the_july_hour_is_noted_as_contradicted_by_the_clock_times() -> None:
    """Anadolu's correspondent timed the meeting by the clock (around 8.37 to around 9.16 p.m.).
    Those approximate times give no exact length in Anadolu's words, so they are no claim of
    their own; they bear out bne's 40 minutes, and Firstpost's hour is noted as contradicted by
    them, as the 2 June loose phrases are by that day's clock times."""
    duration = dataset().rounds[JULY].round.duration
    assert duration is not None
    [bne] = [c for c in duration.claims if c.source == "intellinews-2025-07-24"]
    [hour] = [c for c in duration.claims if c.source == "firstpost-2025-07-24"]
    assert "8.37" in (bne.note or "") and "9.16" in (bne.note or "")
    assert "contradicted by Anadolu's clock times" in " ".join((hour.note or "").split())


def test_the_bodies_deal_gives_russias_reading_beside_umerovs() -> None:
    """6,000 a side, 12,000 in all (Umerov; Reuters), and 6,000 one way as Russia gave it
    (Medinsky): both on the line that tells the deal agreed, and Reuters is not called Kyiv."""
    for round_id in (JUNE, JULY):
        [remains] = [a for a in dataset().rounds[round_id].round.agreements if a.id == "remains-handover"]
        [one_way] = [q for q in remains.quantities if q.what.startswith("bodies one way, as Russia gives the deal")]
        assert one_way.value == 6000 and one_way.raw == "the remains of 6,000 Ukrainian soldiers", round_id
        assert "Kyiv's account" not in (remains.notes or ""), round_id
    from tracker.diff import compare_rounds
    from tracker.report.comparison import of_diff
    from tracker.report.text import diff_text

    may_june = diff_text(of_diff(dataset(), compare_rounds(dataset(), MAY, JUNE))).plain
    [agreed] = [x for x in may_june.splitlines() if "agreed: Hand over the bodies" in x]
    assert "bodies one way, as Russia gives the deal (Medinsky; any Russian dead Ukraine holds taken back): 6,000" in agreed


def test_ukraines_demand_to_free_its_civilians_is_on_record_at_june_from_its_written_terms() -> None:
    """Reuters' reading of the document Ukraine brought on 2 June lists the release of the
    civilian hostages Russia holds: June records the demand, so July restates it rather than
    telling it back after a gap."""
    from tracker.diff import compare_rounds

    june = position(JUNE, "ukraine", "civilians-return")
    assert june is not None and "anewz-2025-06-01" in {e.source for e in june.evidence}
    july = position(JULY, "ukraine", "civilians-return")
    assert july is not None and "do not report it" not in (july.notes or "")
    for a, b in ((MAY, JUNE), (JUNE, JULY)):
        diff = compare_rounds(dataset(), a, b)
        assert not any(p.party == "ukraine" and p.id == "civilians-return" for p in list(diff.added) + list(diff.removed)), (a, b)


def test_the_handover_of_19_august_gives_russias_count_and_both_sides_links() -> None:
    """AFP: 19 Russian bodies came back that day (a Russian official) and Medinsky put it under
    the Istanbul agreements; Ukraine spoke of 'previous agreements'. The record gives the 19 as
    Russia's count, Medinsky's own in TASS's quote of his post, and no longer says no report
    gives it."""
    [event] = [e for e in dataset().events if e.id == "bodies-2025-08-19"]
    assert {(q.what, q.value) for q in event.quantities} >= {("bodies handed to Russia (Medinsky, via TASS)", 19)}
    assert {"brecorder-2025-08-19", "tass-mail-2025-08-19"} <= {e.source for e in event.evidence}
    assert "unnamed Russian sources" not in (event.notes or "")
    assert "Russia's count" in event.summary and "no report gives Russia's count" not in (event.notes or "")
    assert event.under is None


def test_the_length_of_2_june_includes_the_one_timing_by_the_clock() -> None:
    """Türkiye Today gives the meeting's start and end (about 2:43 to 3:57 p.m.): 74 minutes,
    beside the loose phrases, each of those that it contradicts saying so."""
    duration = dataset().rounds[JUNE].round.duration
    assert duration is not None
    [timed] = [c for c in duration.claims if c.source == "turkiyetoday-2025-06-02"]
    assert timed.value == 74 and "3:57 p.m." in (timed.raw or "")
    for claim in duration.claims:
        if claim.max is not None and claim.max <= 60:
            assert "contradict" in (claim.note or ""), claim.raw


def test_russias_1000_soldiers_are_reported_reached_by_russia_not_by_both_sides() -> None:
    """On 23 July Ukraine counted more than 1,000 'of our people', civilians among them, not
    soldiers: the note says Russia reported the commitment reached, and gives Zelensky's count
    of soldiers only from 28 July (Babel)."""
    commitment = position(JULY, "russia", "exchange-at-least-1000")
    assert commitment is not None
    assert "by both sides" not in (commitment.notes or "")
    assert "Reported as reached by Russia" in (commitment.notes or "")
    assert "babel-2025-07-28" in {e.source for e in commitment.evidence}


def test_an_agreement_reported_after_its_round_is_dated_by_its_report_not_its_figure() -> None:
    """Geneva's 500 a side was given on 5 March, when the exchange was reported as agreed there:
    the agreement says so ('agreed, as reported on 5 March 2026'), and its figure is not told as
    'last reported' on a day after the round, as if the round had given it and later reports kept it."""
    geneva = position("2026-02-17-geneva", "joint", "exchange-500-for-500")
    assert geneva is not None and str(geneva.status_reported) == "2026-03-05"
    assert [q.as_of for q in geneva.quantities] == [None]
