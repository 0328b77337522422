"""Only what the sources say, as of when they said it: the rules every sentence of a comparison
obeys (README, "How to read a comparison"), each held on the bundled record and on the examples
that broke it."""

from __future__ import annotations

import re

import pytest

from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.figures import figure_words, short_figure
from tracker.loader import load_dataset
from tracker.model import Claim, Quantity
from tracker.report import formats
from tracker.report.comparison import compare
from tracker.report.story import BRIEF_LINES, Section, _rejections, brief_lines, brief_order, restated
from tracker.report.terms import TERMS

MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-23-istanbul"


@pytest.fixture(scope="module")
def dataset():
    return bundled_dataset()


@pytest.fixture(scope="module")
def comparisons(dataset):
    ids = list(dataset.rounds)
    return [compare(dataset, a, b) for a, b in zip(ids, ids[1:])]


def faces(comparison) -> str:
    """Every face of a comparison, as text."""
    out = []
    for name in formats.choices("diff"):
        result = formats.render("diff", name, comparison, True)
        out.append(result.plain if hasattr(result, "plain") else str(result))
    return "\n".join(out)


# 1. A position carried forward is not a fresh event.


def test_again_only_where_the_later_rounds_own_reports_give_the_demand_and_its_refusal(comparisons) -> None:
    seen = 0
    for comparison in comparisons:
        for item in comparison.story.section(Section.rejected_again):
            assert item.position is not None and restated(item.position), item.text
            rejections = _rejections(comparison.dataset, item.position)
            assert not rejections or any(restated(r) for r in rejections), item.text
            seen += 1
        for item in comparison.story.section(Section.standing):
            assert "again" not in item.text and "as last reported on" in item.text
    assert seen


REFUSED = """  - id: ceasefire-30-day
    topic: ceasefire
    kind: demand
    status: rejected
    summary: A full and unconditional ceasefire of at least 30 days.
    evidence:
      - {source: src-a}
"""
REFUSAL = """  - id: refuses-ceasefire
    topic: ceasefire
    kind: rejection
    summary: No ceasefire of 30 days.
    responds_to:
      - {party: ukraine, position: ceasefire-30-day}
    evidence:
      - {source: src-a}
"""


def _refused_twice(data_dir, carried: str, story: bool = True) -> object:
    """Ukraine's demand refused by Russia in June and in a July round copied from June, with
    `carried` ('ukraine' or 'russia') carrying its side from June instead of restating it; its
    story, unless the caller changes the data further (then it validates and tells it itself)."""
    june = data_dir / "rounds" / JUNE
    (june / "ukraine.yaml").write_text("positions:\n" + REFUSED)
    (june / "russia.yaml").write_text((june / "russia.yaml").read_text() + REFUSAL)
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    july.mkdir()
    for path in june.iterdir():
        text = path.read_text().replace(JUNE, "2025-07-01-istanbul").replace("date: 2025-06-02", "date: 2025-07-01")
        if path.stem == carried:
            text = text.replace("  - id: ", f"  - carried_from: {JUNE}\n    id: ")
        (july / path.name).write_text(text)
    if not story:
        return None
    assert main(["--data", str(data_dir), "validate"]) == 0
    return compare(load_dataset(data_dir), JUNE, "2025-07-01-istanbul").story


@pytest.mark.parametrize(
    ("carried", "told"),
    [
        ("ukraine", "Ukraine's demand still stands as last reported on 2 June 2025, rejected by Russia: A full and unconditional ceasefire of at least 30 days."),
        ("russia", "Ukraine's demand still rejected by Russia as last reported on 2 June 2025: A full and unconditional ceasefire of at least 30 days."),
    ],
)
def test_a_demand_or_refusal_carried_from_june_stands_as_last_reported(data_dir, carried, told) -> None:
    """The day goes with what is carried: the demand's, or the refusal's."""
    story = _refused_twice(data_dir, carried)
    assert not story.section(Section.rejected_again)
    assert [item.text for item in story.section(Section.standing)] == [told]


def test_a_demand_and_refusal_both_restated_are_rejected_again(data_dir) -> None:
    story = _refused_twice(data_dir, carried="nobody")
    assert [item.text for item in story.section(Section.rejected_again)] == [
        "Ukraine's demand rejected again by Russia: A full and unconditional ceasefire of at least 30 days."
    ]


ANSWER = """  - id: no-ceasefire-first
    topic: ceasefire
    kind: {kind}
    summary: A settlement first, a ceasefire after.
    responds_to:
      - {{party: ukraine, position: ceasefire-30-day}}
    evidence:
      - {{source: src-a}}
"""


@pytest.mark.parametrize(("kind", "by"), [("red_line", " by Russia"), ("demand", " by Russia"), ("offer", "")])
def test_a_red_line_or_counter_demand_answering_a_refused_demand_is_the_rounds_refusal(data_dir, kind, by) -> None:
    """The June round of the bundled record refused Russia's demand for recognition in Ukraine's
    written terms, a position answering it, while the rejection of 16 May was only carried: that
    round's own reports give the refusal, so it is rejected again, not still standing as of May.
    An offer in answer is not a refusal."""
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    _refused_twice(data_dir, carried="russia", story=False)
    (july / "russia.yaml").write_text((july / "russia.yaml").read_text() + ANSWER.format(kind=kind))
    assert main(["--data", str(data_dir), "validate"]) == 0
    story = compare(load_dataset(data_dir), JUNE, "2025-07-01-istanbul").story
    refused = "A full and unconditional ceasefire of at least 30 days."
    if by:
        assert [item.text for item in story.section(Section.rejected_again)] == [f"Ukraine's demand rejected again{by}: {refused}"]
        assert not story.section(Section.standing)
    else:
        assert not story.section(Section.rejected_again)
        assert [item.text for item in story.section(Section.standing)] == [f"Ukraine's demand still rejected by Russia as last reported on 2 June 2025: {refused}"]


# 2. A report's date is not an event's date.


def test_an_outcome_reported_done_is_not_dated_as_done(comparisons) -> None:
    june_july = comparisons[1].story
    texts = [item.text for item in june_july.section(Section.carried_out)]
    soldiers = next(t for t in texts if "1,000 soldiers" in t)
    assert soldiers.startswith("Reported on 23 July 2025 as carried out, in stages since 9 June 2025")
    # What was done that day is the ninth stage of the June exchanges, an event dated by its own
    # day (positions/events.yaml); the commitment only reported done that day is not told so.
    done_that_day = [line for line in faces(comparisons[1]).splitlines() if "Carried out on 23 July 2025" in line]
    assert done_that_day and all("ninth stage" in line for line in done_that_day)
    # The field change and the heading say it the same way: the report's day, as a report's.
    detail = formats.render("diff", "text", comparisons[1], True).plain
    assert "status: stated → implemented (as reported on 23 July 2025)" in detail
    # The commitment's heading says the report's day; the June exchanges, whose ninth and last
    # stage was that day, are the ones dated 23 July.
    assert "exchange-at-least-1000 (commitment, implemented, as reported on 23 July 2025)" in detail
    assert "exchange-at-least-1000 (commitment, implemented 23 July 2025)" not in detail



def test_an_agreement_leads_with_what_was_agreed_not_with_what_came_after(dataset, comparisons) -> None:
    """The July 2025 agreement gives the 1,200 a side agreed at the round and nothing after it:
    the exchange of October and the activation again in November are dated events under it."""
    agreed = next(item for item in comparisons[1].story.section(Section.agreed) if item.id == "exchange-1200-for-1200")
    assert len(agreed.figures) == 1 and agreed.figures[0].endswith("at least 1,200 per side")
    assert "later" not in agreed.text and agreed.text.endswith("prisoners of war to be released: at least 1,200 per side.")
    under = [event for event in dataset.events if event.under and event.under.position == "exchange-1200-for-1200"]
    assert [(event.date.isoformat(), event.under.round) for event in under] == [("2025-10-02", JULY), ("2025-11-15", JULY)]


# 3. A figure is told in its source's words.


def test_approximate_words_stay_approximate_and_no_face_invents_a_symbol(dataset) -> None:
    nearly = Quantity(what="children", claims=[Claim(source="a", value=339), Claim(source="b", max=400, raw="nearly 400")])
    assert "nearly 400" in figure_words(nearly) and "at most 400" not in figure_words(nearly)
    assert figure_words(Quantity(what="bodies", value=7000, raw="around 7,000 bodies")) == "around 7,000 bodies"
    assert short_figure(Quantity(what="age", unit="years", max=24, raw="under the age of 25")) == "under 25 years"
    assert figure_words(Quantity(what="date", max="2025-08-31", raw="by the end of August")) == "by the end of August"
    symbols = re.compile("[≤≥<>≈]")
    for data in dataset.rounds.values():
        for position in data.positions:
            for quantity in position.quantities:
                assert not symbols.search(short_figure(quantity)), (position.id, short_figure(quantity))
                assert not symbols.search(figure_words(quantity)), (position.id, figure_words(quantity))


# 4. Agreeing is not contesting; a later figure is not a contest.


def test_a_running_count_is_told_as_it_grew_not_as_a_contest(dataset) -> None:
    count = Quantity(
        what="bodies",
        claims=[Claim(source="a", value=6000, as_of="2025-06-16"), Claim(source="b", value=7000, raw="about 7,000", as_of="2025-07-23")],
    )
    assert not count.contested
    assert figure_words(count) == "6,000 bodies by 16 June 2025; then about 7,000 by 23 July 2025"
    total = Quantity(what="bodies", per="side", claims=[Claim(source="a", value=6000), Claim(source="b", value=12000, per="total")])
    assert not total.contested and "12,000 in all" in figure_words(total)
    july = dataset.rounds[JULY].by_key()[("joint", "remains-handover")]
    returned = next(q for q in july.quantities if q.claims and any(c.as_of for c in q.claims))
    assert not returned.contested and "; then " in figure_words(returned)



def test_one_figure_written_two_ways_is_listed_once_among_those_contested(dataset) -> None:
    """'6,000-for-6,000' (ZMINA) and 'these 6,000' are the 6,000 of DW and NPR worded otherwise:
    who gives which lists them with it, and sets apart only the 12,000 that disagrees."""
    from tracker.report.words import contested_note, figure

    bodies = Quantity(
        what="bodies",
        claims=[
            Claim(source="dw", value=6000, raw="6,000 bodies of fallen soldiers"),
            Claim(source="zmina", value=6000, per="side", raw="6,000-for-6,000"),
            Claim(source="up", value=6000, raw="these 6,000"),
            Claim(source="newslooks", value=12000, raw="the bodies of 12,000 dead soldiers"),
        ],
    )
    assert bodies.contested
    assert contested_note(bodies, dataset) == "6,000: dw, zmina, up; 12,000: newslooks"
    assert figure(bodies, flag=False) == "6,000 or 12,000"
    june = dataset.rounds[JUNE].by_key()[("joint", "remains-handover")].quantities[0]
    assert "6,000-for-6,000" not in contested_note(june, dataset)
    # Listed by the figure, a wording that makes it approximate is kept: 'barely an hour'.
    hour = Quantity(what="length", unit="minutes", claims=[Claim(source="a", value=60, raw="barely an hour"), Claim(source="b", max=59, raw="under an hour")])
    assert contested_note(hour, dataset) == "barely an hour: a; under an hour: b"

# 5. Moving needs substance on both sides.


def test_a_figure_first_given_is_not_a_move_from_none(comparisons) -> None:
    from tracker.report import changes

    figures_given = 0
    for comparison in comparisons:
        for change in comparison.diff.changed:
            for fc in change.changes:
                if fc.field.startswith("quantities["):
                    words = changes.line_words(changes.field_line(comparison.dataset, change, fc))
                    assert "none" not in words, words
                    figures_given += fc.old is None
        moved = {item.id for item in comparison.story.section(Section.moved)}
        assert "children-return" not in moved
    assert figures_given


# 6. Missing is not a difference.


def test_what_one_round_does_not_record_is_not_a_change(comparisons) -> None:
    for comparison in comparisons:
        text = formats.render("diff", "text", comparison, False).plain
        rounds = text.split("\nThe rounds\n")[-1] if "\nThe rounds\n" in text else ""
        changes = rounds.split("Recorded for one round only")[0]
        assert "not recorded" not in changes


# 7. The brief leads with what mattered that day, and hides nothing that answers it.


def test_the_brief_leads_with_what_most_outlets_of_the_round_reported(comparisons) -> None:
    for comparison in comparisons:
        story = comparison.story
        order = brief_order(story)
        assert sorted(map(id, order)) == sorted(map(id, story.items))  # every item, once
        answers = {id(i) for i in order if i.position is not None and any((r.round or i.position.round) == i.position.round and (r.party or i.position.party, r.position) in {(o.party, o.id) for o in order} for r in i.position.responds_to)}
        leads = [i.reach for i in order if id(i) not in answers]
        assert leads == sorted(leads, reverse=True)
        lines = brief_lines(story)
        assert len(lines) <= BRIEF_LINES
        more = [line for line in lines if line.startswith("And ")]
        if more:
            shown = len(lines) - 2 - 1  # the outcome, the tally, the closing line
            between = len(story.section(Section.between))
            if between > 1:  # told in one line
                shown += between - 1
            assert more[0].startswith(f"And {len(story.items) - shown} more item")
        assert all(len(line) < 700 for line in lines)  # a sentence, not a paragraph


def test_an_answer_is_told_beside_what_it_answers(comparisons) -> None:
    may_june = comparisons[0].story
    order = brief_order(may_june)
    ids = [(i.party, i.id) for i in order]
    answer = ids.index(("russia", "children-return-conditional"))
    assert ids[answer - 1] == ("ukraine", "children-return")


# 8. Plain words, explained.


def test_our_words_are_explained_where_they_are_read(comparisons, capsys) -> None:
    june_july = comparisons[1]
    markdown = formats.render("diff", "markdown", june_july, False)
    page = formats.render("diff", "html", june_july, False)
    for term in ("first on record", "still standing", "re-sourced"):
        assert f"*{term}*: {TERMS[term]}" in markdown.replace("\\", "")
        assert f"<dt>{term}</dt>" in page
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for term, meaning in TERMS.items():
        assert f"{term}: {' '.join(meaning.split())}" in help_text


def test_the_readme_and_the_codebook_state_each_rule() -> None:
    from conftest import REPO

    from tracker.report.terms import RULES

    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    codebook = " ".join((REPO / "docs" / "schema.md").read_text(encoding="utf-8").split())
    for title, rule in RULES:
        stated = f"**{title}.** {' '.join(rule.split())}"
        assert stated in readme, f"the README does not state the rule {title!r}"
        assert stated in codebook, f"the codebook does not state the rule {title!r}: run tracker schema --codebook > docs/schema.md"


def test_the_legend_follows_the_story_not_the_datas_words(comparisons) -> None:
    """'A new round of talks soon' in a summary uses none of our terms: only sections and the
    tally decide which are explained."""
    for comparison in comparisons:
        story = comparison.story
        markdown = formats.render("diff", "markdown", comparison, False)
        assert ("*new*:" in markdown) == bool(story.section(Section.new))
        assert ("*still standing*:" in markdown) == bool(story.section(Section.standing))


def test_a_refusal_carried_from_two_rounds_stands_as_of_the_latest_of_them(data_dir) -> None:
    """Two refusals of the demand carried into July, one last reported in May and one in June:
    what stands is as of June, the latest report of a refusal."""
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    _refused_twice(data_dir, carried="russia", story=False)
    may_refusal = REFUSAL.replace("refuses-ceasefire", "refused-in-may").replace("  - id: ", f"  - carried_from: {MAY}\n    id: ")
    (july / "russia.yaml").write_text((july / "russia.yaml").read_text() + may_refusal)
    assert main(["--data", str(data_dir), "validate"]) == 0
    story = compare(load_dataset(data_dir), JUNE, "2025-07-01-istanbul").story
    assert [item.text for item in story.section(Section.standing)] == [
        "Ukraine's demand still rejected by Russia as last reported on 2 June 2025: A full and unconditional ceasefire of at least 30 days."
    ]
