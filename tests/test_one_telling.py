"""One telling in every face: each fact has one home, and every face renders it the same way.

- The field registry (tracker.fields) knows every field of a position: a field added to the
  model is compared, classed and worded, or the first test here fails.
- One comparison (tracker.report.comparison) gives the same counts and the same class of each
  change to every format of the registry (tracker.report.formats) and to the matrix.
- One rule decides whether a figure's sources differ (model.claims_differ), whatever prints it.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json

import pytest

from bundled_support import dataset as bundled_dataset

from tracker import fields
from tracker.diff import ChangeClass, compare_position
from tracker.loader import bundled_data_dir, load_dataset
from tracker.model import Claim, Evidence, Position, Quantity
from tracker.report import changes, formats, words
from tracker.report.comparison import compare
from tracker.report.story import Section
from tracker.report.styled import Styled


@pytest.fixture(scope="module")
def dataset():
    return bundled_dataset()


def pairs(dataset) -> list[tuple[str, str]]:
    ids = list(dataset.rounds)
    assert len(ids) >= 3  # the bundled record has at least the three Istanbul rounds
    return list(zip(ids, ids[1:]))


# --- the field registry ---------------------------------------------------------------------


def test_every_field_of_a_position_is_in_the_registry_or_set_aside_with_a_reason() -> None:
    model_fields = set(Position.model_fields)
    registered = set(fields.FIELDS) | set(fields.NOT_COMPARED)
    assert model_fields - registered == set(), "a field of the model no comparison would see: add it to tracker.fields"
    assert registered - model_fields == set(), "the registry names a field the model does not have"
    assert all(reason for reason in fields.NOT_COMPARED.values())


BASE = {"id": "p", "topic": "ceasefire", "kind": "demand", "summary": "A ceasefire.", "evidence": [{"source": "s"}]}
OTHER_VALUES = {
    "topic": "prisoners",
    "kind": "proposal",
    "summary": "A ceasefire of thirty days, monitored.",
    "status": "rejected",
    "status_date": dt.date(2025, 6, 2),
    "status_since": dt.date(2025, 6, 9),
    "status_reported": dt.date(2025, 7, 23),
    "parties": ["russia"],
    "status_by": ["russia"],
    "notes": "Reported once.",
    "put_forward": dt.date(2025, 5, 1),
    "carried_from": "2025-05-16-istanbul",
    "track": "military",
    "point": {"document": "us-plan", "number": 7},
    "conditions": ["Mobilisation halted first."],
    "responds_to": [{"position": "other"}],
    "evidence": [{"source": "s"}, {"source": "t"}],
}
# What a field needs beside it, the same in the old and the new position.
CONTEXT = {"status_by": {"parties": ["ukraine", "russia"], "status": "implemented", "status_date": dt.date(2025, 6, 9)}}


@pytest.mark.parametrize("spec", [s for s in fields.POSITION_FIELDS if s.change_class is not None], ids=lambda s: s.name)
def test_each_registered_field_is_compared_classed_and_worded_as_the_registry_says(spec, dataset) -> None:
    assert spec.name in OTHER_VALUES, f"give the test a second value of {spec.name}"
    base = {**BASE, **CONTEXT.get(spec.name, {})}
    old = Position.model_validate(base)
    new = Position.model_validate({**base, spec.name: OTHER_VALUES[spec.name]})
    found = compare_position(old, new)
    assert [c.field for c in found] == [spec.name]
    assert found[0].change_class is spec.change_class
    from tracker.diff import PositionChange

    line = changes.field_line(dataset, PositionChange(old, new, found), found[0])
    assert line.label == spec.label
    assert changes.line_words(line).startswith(spec.label) or line.gained or line.lost


def test_a_figure_is_classed_by_whether_its_values_still_agree(dataset) -> None:
    def with_figure(**amount) -> Position:
        return Position.model_validate({**BASE, "quantities": [{"what": "ceasefire length", "unit": "days", **amount}]})

    thirty, at_least, sixty = with_figure(value=30), with_figure(min=30), with_figure(value=60)
    assert compare_position(thirty, at_least)[0].change_class is ChangeClass.record
    assert compare_position(thirty, sixty)[0].change_class is ChangeClass.substance


# --- one comparison, every face ----------------------------------------------------------------


def render(subject: str, name: str, *args) -> str:
    result = formats.render(subject, name, *args)
    if isinstance(result, Styled):
        return result.plain
    if isinstance(result, dict):
        return json.dumps(result)
    return result


def test_every_format_of_a_comparison_is_registered_once() -> None:
    names = [f.name for f in formats.FORMATS]
    assert len(names) == len(set(names))
    assert formats.choices("diff") == ("text", "markdown", "json", "brief", "html")
    for fmt in formats.FORMATS:
        for subject in fmt.renders:
            assert callable(formats.renderer(subject, fmt.name)), (fmt.name, subject)


def test_one_comparison_tells_the_same_counts_and_classes_in_every_face(dataset) -> None:
    same_counts_and_classes_in_every_face(dataset)


def test_the_events_between_the_rounds_are_counted_and_told_alike_in_every_face() -> None:
    from pathlib import Path

    events = load_dataset(Path(__file__).resolve().parent / "data" / "events")
    told = same_counts_and_classes_in_every_face(events)
    last = list(events.rounds.values())[-1].round.date
    # each event once, in the comparison of its neighbouring rounds; one after the last round in none
    assert told == len([e for e in events.events if e.date <= last]) == len(events.events) - 1


def same_counts_and_classes_in_every_face(dataset) -> int:
    """Checks every comparison of neighbouring rounds; returns how many events they told."""
    between = 0
    for first, second in pairs(dataset):
        comparison = compare(dataset, first, second)
        tally = comparison.tally
        changed = tally.changed_words()
        assert tally.changed == len(comparison.diff.changed)
        text = render("diff", "text", comparison, False)
        markdown = render("diff", "markdown", comparison, False)
        page = html.unescape(render("diff", "html", comparison, False))
        brief = render("diff", "brief", comparison, False)
        document = formats.render("diff", "json", comparison, False)
        # The tally, in the same words, in every face that prints it.
        for face in (text, markdown):
            assert changed in face, (first, second)
        for face in (page, brief):
            assert tally.words() in face, (first, second)
        assert brief.splitlines()[-1] == f"Tally: {tally.words()}."
        # JSON: the same numbers, and each changed position of the class the comparison gives it.
        head = document["headline"]["tally"]
        assert head["moved"] == tally.moved and head["substance"] == tally.substance
        summary = document["summary"]
        assert (summary["changed_substance"], summary["changed_wording"], summary["changed_record"]) == (tally.substance, tally.wording, tally.record)
        classes = comparison.change_classes()
        assert {(c["party"], c["id"]): c["class"] for c in document["changed"]} == {k: v.value for k, v in classes.items()}
        # The re-sourced ones are listed as such in text and Markdown, and nowhere as moves.
        moved_ids = {item.id for item in comparison.story.section(Section.moved)}
        for key, cls in classes.items():
            if cls is ChangeClass.record:
                assert key[1] not in moved_ids
        # The matrix's moves are the story's.
        story_moves = {(i.party, i.topic) for i in comparison.story.items if i.section in (Section.agreed, Section.carried_out, Section.moved, Section.new)}
        matrix_moves = {(c.party, row.topic) for row in comparison.matrix().rows for c in row.cells if c.moved}
        assert matrix_moves == story_moves, (first, second)
        # The events between the rounds: the same lines and the same count in every face.
        items = comparison.story.section(Section.between)
        assert head["between"] == tally.between == len(items) == len(document["events"])
        assert [e["text"] for e in document["events"]] == [item.text for item in items]
        # The brief holds at most 12 lines, and tells several events in one line (see the test
        # of that line below): its tally (above) is what must agree.
        shown = (text, markdown, page) + (() if "more items" in brief or len(items) > 1 else (brief,))
        for item in items:
            for face in shown:
                assert " ".join(item.text.split()) in " ".join(face.replace("\\", "").split()), (first, second, item.text)
        between += len(items)
    return between


def test_a_change_is_worded_the_same_in_the_story_the_reports_and_the_timeline(dataset) -> None:
    seen = 0
    for first, second in pairs(dataset):
        comparison = compare(dataset, first, second)
        text = render("diff", "text", comparison, True)
        for item in comparison.story.section(Section.moved):
            assert item.change is not None
            for fc in item.change.changes:
                if fc.change_class is ChangeClass.substance and fc.field != "status_date":
                    words = changes.line_words(changes.field_line(dataset, item.change, fc))
                    assert words in item.detail  # the story's detail
                    assert words in changes.compact_changes(dataset, item.change)  # the timeline's cell
                    seen += 1
        assert text
    assert seen, "no move in the bundled record to check"


# --- one rule for figures ----------------------------------------------------------------------


def test_figures_that_agree_are_not_contested_in_any_face(dataset, capsys) -> None:
    agree = Quantity(what="ceasefire length", unit="days", claims=[Claim(source="a", value=30), Claim(source="b", min=30)])
    differ = Quantity(what="bodies", claims=[Claim(source="a", value=6000), Claim(source="b", value=12000)])
    assert not agree.contested and differ.contested
    from tracker.cli import main

    assert main(["show", "--id", "ukraine/ceasefire-30-day"]) == 0
    shown = capsys.readouterr().out
    assert "30 days" in shown and "contested" not in shown
    assert main(["rounds"]) == 0
    may = capsys.readouterr().out.split("\n\n")[0]
    assert "less than two hours" in may and "contested" not in may


def test_a_figure_keeps_its_sources_words_in_short_too() -> None:
    from tracker.figures import figure_words, short_figure

    nearly = Quantity(what="children", claims=[Claim(source="a", value=339), Claim(source="b", max=400, raw="nearly 400")])
    assert "nearly 400" in figure_words(nearly) and "at most" not in figure_words(nearly)
    assert nearly.contested  # 'nearly 400' is 360 to 400 at the least: not 339
    assert short_figure(nearly) == "339 or nearly 400"
    agree = Quantity(what="children", claims=[Claim(source="a", value=339), Claim(source="b", min=330, max=340)])
    assert short_figure(agree) == "339"  # an exact count stays exact: no '≈'
    assert short_figure(Quantity(what="x", max=400, raw="nearly 400")) == "nearly 400"


def test_the_evidence_of_a_position_is_worded_by_source(dataset) -> None:
    a = Evidence(source="s").model_dump(mode="json")
    assert changes.evidence_change(dataset, [a], [a, a]) == "1 → 2 citations; cited more: s"


@pytest.mark.usefixtures("dataset")
def test_the_app_tells_the_comparison_the_reports_tell(dataset) -> None:
    """The compare screen holds the comparison the reports print, and its header counts the
    changed positions in the tally's words."""
    import asyncio

    from test_app_support import settle

    from tracker.app import TrackerApp

    ids = list(dataset.rounds)
    expected = compare(dataset, ids[-2], ids[-1])

    async def run() -> None:
        app = TrackerApp(bundled_data_dir())
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            shown = app.screen.comparison
            assert shown is not None and (shown.from_round, shown.to_round) == (ids[-2], ids[-1])
            assert shown.tally == expected.tally
            assert [i.text for i in shown.story.items] == [i.text for i in expected.story.items]
            header = app.screen.query_one("#compare-summary").plain
            changed = expected.tally.changed_words()
            # '3 changed (1 moved in substance, …)' is told in the header from its bracket;
            # where nothing changed (the latest rounds of 2026 share no position), '0 changed'.
            assert (changed[changed.index("(") :] if "(" in changed else changed) in header

    asyncio.run(run())


# --- a delegation's size --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "said"),
    [
        ("12 people led by Defence Minister Rustem Umierov", 12, "12 members"),
        ("14-member delegation", 14, "14 members"),
        ("a total of 14 people", 14, "14 members"),
        ("about 12 people", 12, "about 12 people"),
    ],
)
def test_a_delegations_size_is_said_once_with_what_it_counts(dataset, raw, value, said):
    """'(14-member delegation members)' said what was counted twice; the app said it a third way;
    'rounds' said '12 members' for one round and '14-member delegation' for the next. One form
    for every round, the source's words only where they are approximate."""
    from tracker.report.words import delegation_size

    size = Quantity(what="delegation members", value=value, raw=raw)
    assert delegation_size(size, dataset) == said


def test_every_face_gives_a_delegations_size_in_the_same_words(dataset):
    """`tracker rounds` and the app's round facts say each delegation's size as words.delegation_size does."""
    from rich.console import Console

    from tracker.app.render import round_facts
    from tracker.report.words import delegation_size

    text = str(formats.render("rounds", "text", dataset))
    checked = 0
    for round_id, data in dataset.rounds.items():
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(round_facts(dataset, round_id))
        app = console.export_text()
        for delegation in data.round.delegations:
            if delegation.size is not None:
                said = delegation_size(delegation.size, dataset)
                assert f"({said})" in text
                assert f"— {said}" in app
                checked += 1
    assert checked >= 3, "the bundled record gives some delegations' sizes"


def test_a_label_gives_a_party_its_name_alone_as_a_sentence_gives_it_the(dataset):
    """'host: United States' and 'mediators: the United States' in one listing told one name two
    ways: a label's value names a party as a table does; a sentence says 'the United States'."""
    from tracker.report.words import party_names

    text = str(formats.render("rounds", "text", dataset))
    assert "mediators:     United States" in text and ": the United States" not in text
    assert party_names(dataset, ["ukraine", "united-states"]) == "Ukraine and the United States"
    assert party_names(dataset, ["ukraine", "united-states"], in_text=False) == "Ukraine and United States"


# --- what a change also updated --------------------------------------------------------------


def test_also_updated_names_a_few_figures_and_counts_many():
    """The text report listed thirteen figure names in one 'also updated' line; past three
    figures their number is given instead, once, where the first of them stood."""
    from tracker.report.changes import NAMED_FIGURES, FieldLine, also_updated

    def figure(name: str) -> FieldLine:
        return FieldLine(f"quantities[{name}]", name, record=True)

    notes, evidence = FieldLine("notes", "notes", record=True), FieldLine("evidence", "evidence", record=True)
    held = FieldLine("summary", "summary")  # what the party holds: told above, not folded
    few = [figure(f"bodies {n}") for n in range(NAMED_FIGURES)]
    assert also_updated([held, notes, *few, evidence]) == ["notes", *[f.label for f in few], "evidence"]
    many = [figure(f"bodies {n}") for n in range(NAMED_FIGURES + 1)]
    assert also_updated([held, notes, *many, notes, evidence]) == ["notes", f"{NAMED_FIGURES + 1} figures", "evidence"]


def test_text_and_markdown_fold_the_same_record_changes(dataset):
    """Both reports say 'also updated' with the same names for the same change."""
    import re

    comparison = compare(dataset, "2025-06-02-istanbul", "2025-07-23-istanbul")
    text = render("diff", "text", comparison, False)
    markdown = render("diff", "markdown", comparison, False)
    in_text = re.findall(r"also updated: (.*?) \(--all for the detail\)", text)
    in_markdown = [line.replace("\\", "") for line in re.findall(r"\*also updated: (.*?)\*", markdown)]
    assert in_text and sorted(in_text) == sorted(in_markdown)
    assert any(re.search(r"\b\d+ figures\b", line) for line in in_text)


# --- a round's facts ------------------------------------------------------------------------


def test_rounds_and_the_app_list_a_rounds_facts_in_the_same_words(dataset):
    """The app gave a round over two days its first day only, and left out its host, tracks and
    documents; `tracker rounds` left out the chair's party. Both list words.round_facts."""
    from rich.console import Console

    from tracker.app.render import round_facts
    from tracker.report.words import round_facts as facts

    text = str(formats.render("rounds", "text", dataset))
    seen: set[str] = set()
    for round_id, data in dataset.rounds.items():
        console = Console(width=1000, record=True, file=io.StringIO())
        console.print(round_facts(dataset, round_id))
        app = " ".join(console.export_text().split())
        for label, said in facts(dataset, data.round):
            assert f"{label}:" in text and said in text, (round_id, label)
            assert f"{label.capitalize()} {said}" in app or f"{label.capitalize()}: {said}" in app, (round_id, label, said)
            seen.add(label)
    assert {"date", "place", "host", "mediators", "tracks", "documents", "chair"} <= seen
    assert "23 to 24 January 2026" in text


def test_a_document_is_named_with_its_author_day_and_points_on_record(dataset):
    from tracker.report.words import document_words

    [plan] = [d for data in dataset.rounds.values() for d in data.round.documents if d.id == "us-plan-2025-11"]
    said = document_words(dataset, plan)
    assert said.startswith(plan.title) and "20 November 2025" in said
    assert f"{len(plan.points)} points on record" in said


# --- a position back after a gap, or no longer on record ------------------------------------


def test_back_after_a_gap_and_not_on_record_are_said_in_one_wording_in_every_face(dataset):
    """Text, Markdown and HTML gave 'not on record' three ways ('at 30 November 2025, Hallandale
    Beach', 'on 30 November 2025', 'on the second round'), and the story and the app their own
    'last on record'. Each face now prints words.not_on_record_words and words.returned_note. A
    position only carried to the later round (`carried_from`) was told as back on record, as if
    said again: it still stands as last reported, in the story and every face."""
    from tracker.report import words

    seen = {"returned": 0, "removed": 0, "standing": 0}
    for first, second in pairs(dataset):
        comparison = compare(dataset, first, second)
        faces = {
            "text": render("diff", "text", comparison, False),
            "markdown": render("diff", "markdown", comparison, False).replace("\\", ""),
            "html": html.unescape(render("diff", "html", comparison, False)),
        }
        stories = {i.position.key: i for i in comparison.story.section(Section.returned)}
        standing = {i.position.key: i for i in comparison.story.section(Section.standing)}
        for entry in comparison.shown():
            if entry.returned_from is None:
                continue
            key = entry.position.key
            note = words.returned_note(dataset, entry.returned_from, entry.position)
            for name, face in faces.items():
                assert note in face, (first, second, key, name)
            if key in stories:  # a returned agreement may be told as agreed or carried out instead
                assert note == f"back after a gap: last on record {words.last_on_record(dataset, entry.returned_from, key)}"
                assert stories[key].detail.split("; since then: ")[0] == note.removeprefix("back after a gap: ")
                seen["returned"] += 1
            elif key in standing:
                assert note == standing[key].detail == f"still stands as last reported on {words.human_date(dataset.rounds[entry.position.carried_from].round.date)}"
                seen["standing"] += 1
        for position in comparison.diff.removed:
            said = words.not_on_record_words(dataset, second, position)
            for name, face in faces.items():
                assert said in face, (first, second, position.key, name)
            seen["removed"] += 1
    assert seen["returned"] and seen["removed"] and seen["standing"], seen


def test_a_statement_made_after_its_round_is_last_on_record_on_its_own_day(dataset):
    """A position filed with a round but put forward after that round's last day (Russia's 'no'
    to the European changes, said the day after the Geneva round of 23 November 2025) is last on
    record on that day, with its round named after it; any other on its round's days."""
    from tracker.report import words

    later = [(r, p) for r, data in dataset.rounds.items() for p in data.positions if p.put_forward and p.put_forward > data.round.days[1]]
    assert later, "no position in the bundled record said after its round"
    for round_id, position in later:
        said = words.last_on_record(dataset, round_id, position.key)
        assert said == f"{words.human_date(position.put_forward)} (after the round of {words.round_place(dataset, round_id)})"
    on_the_day = next(p for r, data in dataset.rounds.items() for p in data.positions if p.put_forward is None)
    round_id = next(r for r, data in dataset.rounds.items() if data.find(on_the_day.key) is on_the_day)
    assert words.last_on_record(dataset, round_id, on_the_day.key) == words.round_place(dataset, round_id)


def test_a_position_back_after_a_gap_says_what_moved_since_its_last_record(dataset):
    """Ukraine's leaders' meeting came back at Anchorage an offer, last on record a proposal; the
    story said only when it was last on record, as if it came back the same."""
    from tracker.diff import compare_position
    from tracker.report.changes import change_words

    seen = 0
    for first, second in pairs(dataset):
        comparison = compare(dataset, first, second)
        for item in comparison.story.section(Section.returned):
            back = next(r for r in reversed(list(dataset.rounds)[: list(dataset.rounds).index(first)]) if dataset.rounds[r].find(item.position.key))
            last = dataset.rounds[back].find(item.position.key)
            moved = [c for c in compare_position(last, item.position) if c.change_class is ChangeClass.substance and not c.field.startswith("responds_to")]
            if moved:
                from tracker.diff import PositionChange

                said = change_words(dataset, PositionChange(last, item.position, tuple(moved)), (ChangeClass.substance,))
                assert item.detail.endswith(f"; since then: {said}"), (first, second, item.detail)
                seen += 1
            else:
                assert "since then" not in item.detail
    assert seen, "no position in the bundled record came back changed"


def test_the_brief_tells_what_was_done_between_the_rounds_in_one_line_it_does_not_squeeze_out(dataset):
    """Seven exchanges and handovers between the Washington and Geneva rounds were counted in the
    brief's tally and told in none of its lines: the outlets' most reported items came first."""
    import re

    from tracker.report.story import brief_lines

    seen = 0
    for first, second in pairs(dataset):
        story = compare(dataset, first, second).story
        between = story.section(Section.between)
        lines = brief_lines(story)
        folded = [line for line in lines if line.startswith("Between the rounds (")]
        if len(between) > 1:
            assert len(folded) == 1, (first, second)
            assert re.search(rf"\), {len(between)} (carried out|agreed|declared)((, | or )(agreed|declared))*: ", folded[0])
            assert lines.index(folded[0]) == len(story.outcomes) - (1 if len(story.outcomes) > 1 and story.outcomes[0].round == first else 0), lines
            assert not any(item.text in lines for item in between)
            seen += 1
        else:
            assert not folded
    assert seen, "no pair of rounds with several events between them"


def test_two_meetings_of_one_day_and_place_are_told_apart_by_their_sides(dataset):
    """The US envoys met Ukraine's delegation and, apart, Russia's in Geneva on 26 February 2026:
    a comparison of the two read '26 February 2026, Geneva to 26 February 2026, Geneva'."""
    from tracker.report import words

    twins = [(a, b) for a in dataset.rounds for b in dataset.rounds if a < b and dataset.rounds[a].round.date == dataset.rounds[b].round.date and dataset.rounds[a].round.place == dataset.rounds[b].round.place]
    assert twins, "no two meetings of one day and place in the bundled record"
    for a, b in twins:
        assert words.round_place(dataset, a) != words.round_place(dataset, b)
        assert words.round_place(dataset, a).startswith(f"{words.round_days(dataset.rounds[a].round)}, ")
    lone = next(r for r in dataset.rounds if not any(r in pair for pair in twins))
    assert "(" not in words.round_place(dataset, lone)


def test_two_meetings_of_one_day_are_compared_forwards_in_either_order(dataset):
    """Neither of two meetings of one day is the later: no comparison of them is backwards in
    time, and it says no 'the later round comes first'."""
    from types import SimpleNamespace

    from tracker.report import words

    twins = [(a, b) for a in dataset.rounds for b in dataset.rounds if a != b and dataset.rounds[a].round.date == dataset.rounds[b].round.date]
    assert twins, "no two meetings of one day in the bundled record"
    for a, b in twins:
        assert not words.backwards(dataset, SimpleNamespace(from_round=a, to_round=b)), (a, b)
    ids = list(dataset.rounds)
    assert words.backwards(dataset, SimpleNamespace(from_round=ids[1], to_round=ids[0]))


def test_two_meetings_of_one_day_and_place_are_two_dates_in_a_timeline(dataset):
    """The timeline's column of days said '26 February 2026' twice, one row for each meeting
    in Geneva, and '22 January 2026' twice, for Davos and Moscow."""
    from tracker.report import words
    from tracker.report.timeline import timeline_text
    from tracker.timeline import build_timeline

    dated = [words.round_dated(dataset, r) for r in dataset.rounds]
    assert len(dated) == len(set(dated)), "two rounds dated alike"
    plain = timeline_text(dataset, build_timeline(dataset, topics=["prisoners"]), "Prisoners").plain
    for round_id in dataset.rounds:
        if words.round_dated(dataset, round_id) != words.round_days(dataset.rounds[round_id].round):
            assert words.round_dated(dataset, round_id) in plain


def test_a_statement_on_a_later_day_of_its_round_is_last_on_record_at_the_round(data_dir) -> None:
    """Put forward on the second day of a round of two days: at the round, not after it; the day
    after its last day: after it."""
    from conftest import TEST_JUNE, edit
    from tracker.report import words

    edit(data_dir / "rounds" / TEST_JUNE / "round.yaml", "date: 2025-06-02\n", "date: 2025-06-02\nend_date: 2025-06-03\n")
    party_file = data_dir / "rounds" / TEST_JUNE / "russia.yaml"
    edit(party_file, "    kind: offer\n", "    kind: offer\n    put_forward: 2025-06-03\n")
    key = ("russia", "local-ceasefire")
    dataset = load_dataset(data_dir)
    assert words.last_on_record(dataset, TEST_JUNE, key) == words.round_place(dataset, TEST_JUNE)
    edit(party_file, "put_forward: 2025-06-03", "put_forward: 2025-06-04")
    dataset = load_dataset(data_dir)
    assert words.last_on_record(dataset, TEST_JUNE, key) == f"4 June 2025 (after the round of {words.round_place(dataset, TEST_JUNE)})"


def test_a_positions_history_is_not_on_record_only_where_its_parties_were(dataset):
    """Missing is not a difference: the app's and `show`'s history of a position said 'not on
    record' at the Russia-US meeting in Geneva, which Ukraine took no part in, where the
    timeline says nothing of it."""
    from tracker.report.position_view import history_lines
    from tracker.timeline import Step, build_timeline

    [row] = [r for r in build_timeline(dataset).rows if (r.party, r.id) == ("ukraine", "energy-strikes-pause")]
    away = [c.round for c in row.cells if c.step is Step.absent]
    assert "2026-02-26-geneva-russia-us" in away
    position = row.latest
    history = [(rid, data.by_key().get(position.key)) for rid, data in dataset.rounds.items()]
    lines = history_lines(dataset, position, history)
    gone = [line.round for line in lines if line.words == "not on record"]
    dropped = [words.human_date(dataset.rounds[c.round].round.date) for c in row.cells if c.step is Step.dropped]
    assert gone == dropped == ["17 February 2026"]
    assert not any("RU–US" in line.round for line in lines)


def test_a_comparison_with_nothing_to_tell_says_so_in_the_same_words_in_every_face(data_dir) -> None:
    """A round compared with itself: the brief, the text, Markdown and HTML all say there was
    nothing to tell in one sentence, and none says 'Moved in substance'; a comparison with
    something to tell never says it."""
    from tracker.loader import load_dataset
    from tracker.report.comparison import compare
    from tracker.report.formats import render
    from tracker.report.words import QUIET

    dataset = load_dataset(data_dir)
    june = "2025-06-02-istanbul"
    for fmt in ("brief", "text", "markdown", "html"):
        quiet = str(render("diff", fmt, compare(dataset, june, june)))
        assert QUIET in quiet and "Moved in substance" not in quiet, fmt
        busy = str(render("diff", fmt, compare(dataset, "2025-05-16-istanbul", june)))
        assert QUIET not in busy, fmt
