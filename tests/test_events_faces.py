"""The events beyond the comparison: the timeline's dated stages and its list of the others, its
span, `tracker events`, the export's tables of events, and the schema and codebook of the file."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.loader import load_dataset
from tracker.report.between import OUTSIDE_TITLE, tell_event
from tracker.timeline import build_timeline, event_span

EVENTS_DATA = Path(__file__).resolve().parent / "data" / "events"
MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-23-istanbul"
DATASET = load_dataset(EVENTS_DATA)
TOLD = {event.id: tell_event(DATASET, event).text for event in DATASET.events}


def run(capsys, *args: str) -> str:
    assert main(["--data", str(EVENTS_DATA), *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_an_agreements_row_has_its_stages_and_the_other_events_follow_the_rows() -> None:
    timeline = build_timeline(DATASET, topics=["prisoners"])
    stages = {row.id: [e.id for e in row.stages] for row in timeline.rows}
    assert stages == {"exchange-1000": ["exchange-2025-05-23"], "exchange-1200": ["exchange-2025-08-14"]}
    assert [e.id for e in timeline.events] == ["wounded-2025-06-20"]


def test_the_timeline_runs_on_to_the_last_event_only_when_it_ends_at_the_latest_round() -> None:
    first, latest = DATASET.rounds[MAY].round.date, DATASET.rounds[JULY].round.date
    assert event_span(DATASET, [MAY, JUNE, JULY]) == (first, None)
    # ending before the latest round: to the day before the next one
    assert event_span(DATASET, [MAY, JUNE]) == (first, latest.replace(day=22))
    two = build_timeline(DATASET, rounds=[MAY, JUNE])
    assert [e.id for row in two.rows for e in row.stages] == ["exchange-2025-05-23"]
    assert [e.id for e in two.events] == ["wounded-2025-06-20"]
    # from its first round: an event before it is not told
    late = build_timeline(DATASET, rounds=[JUNE, JULY])
    told = [e.id for row in late.rows for e in row.stages] + [e.id for e in late.events]
    assert sorted(told) == ["exchange-2025-08-14", "wounded-2025-06-20"]


def test_tracker_timeline_prisoners_reaches_the_last_exchange_in_every_format(capsys) -> None:
    text = run(capsys, "timeline", "prisoners")
    assert f"    ↳ {TOLD['exchange-2025-08-14']}\n" in text
    assert f"{OUTSIDE_TITLE}\n  • {TOLD['wounded-2025-06-20']}\n" in text
    markdown = run(capsys, "timeline", "prisoners", "--format", "markdown")
    assert f"## {OUTSIDE_TITLE}\n\n- {TOLD['wounded-2025-06-20']}" in markdown
    assert f"<br>↳ {TOLD['exchange-2025-08-14']}" in markdown
    page = run(capsys, "timeline", "prisoners", "--format", "html")
    assert f"<h2>{OUTSIDE_TITLE}</h2>" in page and "14 August 2025" in page
    document = json.loads(run(capsys, "timeline", "prisoners", "--format", "json"))
    assert [[s["id"] for s in row["stages"]] for row in document["rows"]] == [["exchange-2025-05-23"], ["exchange-2025-08-14"]]
    assert [e["text"] for e in document["events"]] == [TOLD["wounded-2025-06-20"]]


def test_tracker_events_lists_them_dated_and_narrowed(capsys) -> None:
    text = run(capsys, "events")
    assert [line[2:] for line in text.splitlines() if line.startswith("• ")] == list(TOLD.values())
    assert "No events on record." in run(capsys, "events", "--topic", "ceasefire")
    assert run(capsys, "events", "--party", "turkey").endswith("No events on record.\n")
    document = json.loads(run(capsys, "events", "--format", "json"))
    assert [e["id"] for e in document["events"]] == list(TOLD)
    assert document["events"][0]["origin"] == {"file": "events.yaml", "line": 3}
    markdown = run(capsys, "events", "--format", "markdown")
    assert markdown.startswith("# Events between rounds\n") and "(`wounded-2025-06-20`)" in markdown
    assert main(["--data", str(EVENTS_DATA), "events", "--topic", "nowhere"]) == 2
    assert "unknown topic 'nowhere'" in capsys.readouterr().err


def test_the_export_has_a_table_of_events_of_their_figures_and_of_their_evidence(capsys, tmp_path: Path) -> None:
    assert main(["--data", str(EVENTS_DATA), "export", str(tmp_path / "out")]) == 0
    capsys.readouterr()

    def table(name: str) -> list[dict]:
        with open(tmp_path / "out" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    events = table("events")
    assert [(e["id"], e["date"], e["end_date"], e["under_round"], e["under_id"]) for e in events] == [
        ("exchange-2025-05-23", "2025-05-23", "2025-05-25", MAY, "exchange-1000"),
        ("wounded-2025-06-20", "2025-06-20", "", "", ""),
        ("exchange-2025-08-14", "2025-08-14", "", JULY, "exchange-1200"),
    ]
    assert [(f["event"], f["value"], f["raw"]) for f in table("event_figures")] == [
        ("exchange-2025-05-23", "1000", "1,000 prisoners each"), ("exchange-2025-08-14", "84", "84 prisoners a side"),
    ]  # fmt: skip
    assert [(e["event"], e["speaker"]) for e in table("event_evidence")] == [
        ("exchange-2025-05-23", "Volodymyr Zelensky"), ("wounded-2025-06-20", "Rustem Umerov"), ("exchange-2025-08-14", ""),
    ]  # fmt: skip
    # narrowed by topic and party as the positions are
    for args, kept in ((("--topic", "ceasefire"), 0), (("--topic", "prisoners"), 3), (("--party", "turkey"), 0)):
        folder = tmp_path / "-".join(args)
        assert main(["--data", str(EVENTS_DATA), "export", str(folder), *args]) == 0
        capsys.readouterr()
        with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == kept, args
    # narrowed to the rounds' span as their timeline is: May and June keep what came before July
    assert main(["--data", str(EVENTS_DATA), "export", str(tmp_path / "may"), "--round", MAY, "--round", JUNE]) == 0
    capsys.readouterr()
    with open(tmp_path / "may" / "events.csv", encoding="utf-8", newline="") as handle:
        assert [e["id"] for e in csv.DictReader(handle)] == ["exchange-2025-05-23", "wounded-2025-06-20"]


def test_tracker_schema_events_describes_the_file_and_validates_the_test_data(capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    assert main(["schema", "events"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "events.schema.json"
    import yaml

    jsonschema.validate(json.loads(json.dumps(yaml.safe_load((EVENTS_DATA / "events.yaml").read_text()), default=str)), schema)
    kept = (Path(__file__).resolve().parent.parent / "schema" / "events.schema.json").read_text(encoding="utf-8")
    assert json.loads(kept) == schema
    assert main(["schema", str(EVENTS_DATA / "events.yaml")]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == "events.schema.json"


def test_an_events_file_with_a_problem_is_left_out_of_what_can_still_be_shown(tmp_path: Path) -> None:
    from tracker.problems import DataError

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    path = root / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("topic: prisoners", "topic: prisonerz", 1), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset(root)
    partial = raised.value.partial
    assert partial is not None and list(partial.rounds) == [MAY, JUNE, JULY] and partial.events == []


def _wounded_on(tmp_path: Path, day: str):
    """The events test data with the June agreement moved to `day`, loaded."""
    from conftest import edit

    root = tmp_path / "events"
    shutil.copytree(EVENTS_DATA, root)
    edit(root / "events.yaml", "id: wounded-2025-06-20\n    date: 2025-06-20", f"id: wounded-2025-06-20\n    date: {day}")
    return load_dataset(root)


def test_an_event_on_the_last_day_of_the_span_is_told_by_the_timeline_and_kept_by_the_export(tmp_path: Path) -> None:
    from tracker.export.event_tables import event_rows
    from tracker.export.tables import Selection

    dataset = _wounded_on(tmp_path, "2025-07-22")  # the day before the July round: May to June's last
    assert event_span(dataset, [MAY, JUNE])[1].isoformat() == "2025-07-22"
    assert [e.id for e in build_timeline(dataset, rounds=[MAY, JUNE]).events] == ["wounded-2025-06-20"]
    kept = event_rows(dataset, Selection(rounds=(MAY, JUNE)))["events"]
    assert [row["id"] for row in kept] == ["exchange-2025-05-23", "wounded-2025-06-20"]


def test_an_event_on_the_first_day_of_the_span_is_told_by_the_timeline_and_kept_by_the_export(tmp_path: Path) -> None:
    from tracker.export.event_tables import event_rows
    from tracker.export.tables import Selection

    dataset = _wounded_on(tmp_path, "2025-06-02")  # the June round's own day: its span's first
    assert event_span(dataset, [JUNE])[0].isoformat() == "2025-06-02"
    assert [e.id for e in build_timeline(dataset, rounds=[JUNE]).events] == ["wounded-2025-06-20"]
    assert [row["id"] for row in event_rows(dataset, Selection(rounds=(JUNE,)))["events"]] == ["wounded-2025-06-20"]
    assert build_timeline(dataset, rounds=[MAY]).events == ()  # the day after May's span


def test_tracker_events_party_keeps_an_event_any_of_whose_parties_is_named(capsys) -> None:
    text = run(capsys, "events", "--party", "ukraine")
    assert [line[2:] for line in text.splitlines() if line.startswith("• ")] == list(TOLD.values())


def test_a_figure_without_claims_has_a_source_only_when_its_event_cites_one(tmp_path: Path) -> None:
    from conftest import edit

    from tracker.export.event_tables import event_rows
    from tracker.export.tables import Selection

    def figure(root: Path) -> dict:
        rows = event_rows(load_dataset(root), Selection())["event_figures"]
        return next(row for row in rows if row["event"] == "exchange-2025-05-23")

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    assert (figure(root)["source"], figure(root)["sources"]) == ("src-b", "src-b")
    edit(root / "events.yaml", "        quote: We are bringing our people home\n", "        quote: We are bringing our people home\n      - {source: src-c}\n")
    two = figure(root)
    assert two["source"] is None and two["sources"].split("; ") == ["src-b", "src-c"]


def test_the_party_joint_keeps_the_events_under_joint_agreements_in_every_face(capsys) -> None:
    """`--party joint` kept the events under joint agreements in a comparison, but none in
    `tracker events`, the export or a timeline's loose events: one rule now narrows them all."""
    from tracker.diff import events_between
    from tracker.export.event_tables import event_rows
    from tracker.export.tables import Selection

    under_joint = [e.id for e in DATASET.events if e.under is not None and e.under.party == "joint"]
    assert under_joint and all("joint" not in e.parties for e in DATASET.events)
    text = run(capsys, "events", "--party", "joint")
    assert [line[2:] for line in text.splitlines() if line.startswith("• ")] == [TOLD[i] for i in under_joint]
    assert [row["id"] for row in event_rows(DATASET, Selection(parties=("joint",)))["events"]] == under_joint
    rounds = list(DATASET.rounds)
    between = [e.id for a, b in zip(rounds, rounds[1:]) for e in events_between(DATASET, a, b, parties=["joint"])]
    assert set(between) <= set(under_joint)


def test_the_stage_that_completed_an_agreement_tells_it_carried_out_in_every_face(tmp_path: Path, capsys) -> None:
    """No round records the July exchange carried out; its last stage says it completed it
    (`completes`): the row's milestone tells it carried out, from its first stage to that one, in
    the text, Markdown, HTML and JSON alike. A stage that did not complete it leaves it agreed."""
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    stage = "    evidence:\n      - {source: src-c, note: The exchange as reported.}\n"
    last = (
        "  - id: exchange-2025-08-24\n    date: 2025-08-24\n    kind: carried_out\n    topic: prisoners\n"
        "    parties: [ukraine, russia]\n    summary: The last stage of the July exchange.\n"
        "    under: {round: 2025-07-23-istanbul, position: exchange-1200}\n" + stage
    )
    edit(root / "events.yaml", stage, stage + last)

    def faces() -> list[str]:
        out = []
        for fmt in ("text", "markdown", "html", "json"):
            assert main(["--data", str(root), "timeline", "prisoners", "--format", fmt]) == 0
            out.append(capsys.readouterr().out)
        return out

    agreed = "agreed at 23 July 2025, Istanbul"
    text, markdown, html, document = faces()
    assert f"    {agreed}\n" in text and "carried out in stages" not in text
    edit(root / "events.yaml", "position: exchange-1200}\n", "position: exchange-1200}\n    completes: true\n")
    told = f"{agreed}; carried out in stages, 14 to 24 August 2025"
    text, markdown, html, document = faces()
    assert f"    {told}\n" in text
    assert f"*{told}*" in markdown and told in html
    rows = {row["id"]: row for row in json.loads(document)["rows"]}
    assert rows["exchange-1200"]["milestone"] == told
    assert [e.get("completes") for e in rows["exchange-1200"]["stages"]] == [None, True]
    assert rows["exchange-1000"]["milestone"] == "agreed at 16 May 2025, Istanbul"


def test_an_agreement_completed_in_one_stage_is_told_carried_out_on_its_days_not_in_stages(tmp_path: Path, capsys) -> None:
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    edit(root / "events.yaml", "position: exchange-1000\n", "position: exchange-1000\n    completes: true\n")
    assert main(["--data", str(root), "timeline", "prisoners"]) == 0
    assert "    agreed at 16 May 2025, Istanbul; carried out from 23 to 25 May 2025\n" in capsys.readouterr().out
    edit(root / "events.yaml", "    end_date: 2025-05-25\n", "")
    assert main(["--data", str(root), "timeline", "prisoners"]) == 0
    assert "    agreed at 16 May 2025, Istanbul; carried out 23 May 2025\n" in capsys.readouterr().out


def test_a_delegation_given_only_as_a_minimum_is_counted_in_members() -> None:
    from tracker.model import Quantity
    from tracker.report.words import delegation_size

    size = Quantity.model_validate({"what": "delegation size", "min": 12})
    assert delegation_size(size, DATASET) == "at least 12 members"


def test_an_event_under_an_agreement_of_a_round_over_days_names_all_its_days(tmp_path: Path) -> None:
    """No source dates Geneva's 500 for 500 within its round of 17-18 February: an event under it
    is 'under the agreement of 17 to 18 February 2026', not of its first day."""
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    edit(root / "rounds" / MAY / "round.yaml", "date: 2025-05-16\n", "date: 2025-05-16\nend_date: 2025-05-17\n")
    dataset = load_dataset(root)
    [stage] = [e for e in dataset.events if e.id == "exchange-2025-05-23"]
    assert tell_event(dataset, stage).text.endswith(", under the agreement of 16 to 17 May 2025.")


def test_an_agreement_completed_by_stages_of_one_day_is_told_on_that_day() -> None:
    """Two stages on the same day are no span: 'carried out 23 May 2025', not '23 to 23 May'."""
    from tracker.model import Event
    from tracker.report.status_words import milestones

    def stage(event_id: str, completes: bool) -> Event:
        return Event.model_validate({
            "id": event_id, "date": "2025-05-23", "kind": "carried_out", "topic": "prisoners", "parties": ["ukraine"],
            "summary": "A stage.", "completes": completes or None, "evidence": [{"source": "src-b"}],
        })  # fmt: skip

    assert milestones(DATASET, (), (stage("first", False), stage("last", True))) == "carried out 23 May 2025"


def test_an_agreement_known_by_the_day_it_was_announced_is_told_on_or_before_it_in_every_face(tmp_path: Path, capsys) -> None:
    """An agreement no source dates, only its announcement (`announced`), is 'agreed on or before'
    that day, not 'on' it: in `tracker events` (text and JSON) and in the story between two rounds;
    a mediator's announcement says it was made that day."""
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    assert TOLD["wounded-2025-06-20"].startswith("Agreed on 20 June 2025 (Ukraine and Russia): The sides agreed")
    edit(root / "events.yaml", "    summary: The sides agreed, without a meeting,", "    announced: true\n    summary: The sides agreed, without a meeting,")
    told = "Agreed on or before 20 June 2025 (Ukraine and Russia): The sides agreed, without a meeting, to exchange all the seriously wounded."
    assert main(["--data", str(root), "events"]) == 0
    assert f"• {told}" in capsys.readouterr().out
    assert main(["--data", str(root), "events", "--format", "json"]) == 0
    [record] = [e for e in json.loads(capsys.readouterr().out)["events"] if e["id"] == "wounded-2025-06-20"]
    assert record["announced"] is True and record["text"] == told
    assert main(["--data", str(root), "export", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    with open(tmp_path / "out" / "events.csv", encoding="utf-8", newline="") as handle:
        assert {e["id"]: e["announced"] for e in csv.DictReader(handle)} == {
            "exchange-2025-05-23": "false", "wounded-2025-06-20": "true", "exchange-2025-08-14": "false",
        }  # fmt: skip
    assert main(["--data", str(root), "diff", JUNE, JULY, "--format", "brief"]) == 0
    assert "on or before 20 June 2025" in capsys.readouterr().out
    edit(root / "events.yaml", "    parties: [ukraine, russia]\n    announced", "    parties: [turkey]\n    announced")
    dataset = load_dataset(root)
    [event] = [e for e in dataset.events if e.id == "wounded-2025-06-20"]
    assert tell_event(dataset, event).text.startswith("Agreed on or before 20 June 2025 (announced by Türkiye that day): ")


def test_a_truce_one_side_declared_is_told_declared_by_it_in_every_face(tmp_path: Path, capsys) -> None:
    """An event of kind `declared` (one side's own step, no agreement) opens 'Declared on …', names
    who declared it, and is listed with the events outside the rounds' agreements."""
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))
    truce = (
        "  - id: truce-2025-06-21\n    date: 2025-06-21\n    kind: declared\n    topic: prisoners\n"
        "    parties: [russia]\n    summary: A truce of two days around the exchanges, declared by Moscow alone.\n"
        "    evidence:\n      - {source: src-c, note: As reported.}\n"
    )
    edit(root / "events.yaml", "  - id: exchange-2025-08-14\n", truce + "  - id: exchange-2025-08-14\n")
    told = "Declared on 21 June 2025 (Russia): A truce of two days around the exchanges, declared by Moscow alone."
    assert main(["--data", str(root), "events"]) == 0
    assert f"• {told}" in capsys.readouterr().out
    assert main(["--data", str(root), "timeline", "prisoners"]) == 0
    text = capsys.readouterr().out
    assert OUTSIDE_TITLE == "Done, agreed or declared outside the rounds"
    assert text.index(OUTSIDE_TITLE) < text.index(told)
    assert main(["--data", str(root), "diff", JUNE, JULY, "--format", "json"]) == 0
    [record] = [e for e in json.loads(capsys.readouterr().out)["events"] if e["id"] == "truce-2025-06-21"]
    assert record["kind"] == "declared" and record["text"] == told


def test_the_briefs_one_line_of_events_dates_them_as_their_sentences_do_and_names_their_kinds(tmp_path: Path, capsys) -> None:
    """Several events between two rounds are one line of the brief: each dated as its own sentence
    dates it (all its days; 'on or before' an announcement's day), the count naming the kinds
    among them."""
    from conftest import edit

    root = Path(shutil.copytree(EVENTS_DATA, tmp_path / "events"))

    def line() -> str:
        assert main(["--data", str(root), "diff", MAY, JULY, "--format", "brief"]) == 0
        [folded] = [text for text in capsys.readouterr().out.splitlines() if text.startswith("Between the rounds (")]
        return folded

    assert line().startswith("Between the rounds (23 May to 20 June 2025), 2 carried out or agreed: 23 to 25 May 2025, ")
    edit(root / "events.yaml", "    summary: The sides agreed, without a meeting,", "    announced: true\n    summary: The sides agreed, without a meeting,")
    assert "; on or before 20 June 2025, the sides agreed, without a meeting," in line()
    truce = (
        "  - id: truce-2025-06-21\n    date: 2025-06-21\n    kind: declared\n    topic: prisoners\n"
        "    parties: [russia]\n    summary: A truce of two days, declared by Moscow alone.\n"
        "    evidence:\n      - {source: src-c, note: As reported.}\n"
    )
    edit(root / "events.yaml", "  - id: exchange-2025-08-14\n", truce + "  - id: exchange-2025-08-14\n")
    assert ", 3 carried out, agreed or declared: " in line()
