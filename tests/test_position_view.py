"""One position in full, built once (tracker.report.position_view) and told the same in every face:
the text report, the Markdown, the HTML page and the app's detail pane."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from test_app_support import add_position, copy_good

from tracker.app.render import position_detail
from tracker.loader import load_dataset
from tracker.report import position_view as pv
from tracker.report.html_position import position_html
from tracker.report.markdown import position_markdown
from tracker.report.position_view import answers_index, position_view
from tracker.report.text import position_detail_text

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"

EVERY_FIELD = {
    "id": "every-field",
    "topic": "prisoners",
    "kind": "agreement",
    "parties": ["ukraine", "russia"],
    "summary": "Exchange the wounded first.",
    "status": "implemented",
    "status_date": "2025-06-10",
    "put_forward": "2025-05-20",
    "carried_from": MAY,
    "quantities": [
        {
            "what": "wounded",
            "claims": [
                {"source": "src-a", "value": 300, "speaker": "Rustem Umerov", "raw": "three hundred", "note": "said at the press conference"},
                {"source": "src-b", "value": 500},
            ],
        },
        {"what": "rounds of exchange", "value": 2, "raw": "two separate rounds of exchanges of the wounded"},
    ],
    "conditions": ["the lists are checked by the Red Cross", {"position": "ceasefire-30-day", "party": "ukraine"}],
    "responds_to": [{"position": "ceasefire-preconditions", "party": "russia"}],
    "evidence": [
        {"source": "src-a", "quote": "The wounded go first.", "speaker": "Rustem Umerov", "note": "the first exchange date"},
        {"source": "src-b", "speaker": "Vladimir Medinsky"},
    ],
    "notes": "The lists were exchanged on the day.",
}


def _add_agreement(root: Path, round_id: str, agreement: dict[str, Any]) -> None:
    path = root / "rounds" / round_id / "round.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("agreements", []).append(agreement)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def full(tmp_path: Path):
    """A dataset where one joint agreement has every field filled, was agreed at the round before
    (its history) and is answered by a Russian position."""
    root = copy_good(tmp_path)
    sources = root / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("file: a.txt", "file: a.txt\n    url: https://example.org/report-a"), encoding="utf-8")
    _add_agreement(root, JUNE, EVERY_FIELD)
    earlier = {k: v for k, v in EVERY_FIELD.items() if k not in ("status_date", "carried_from", "put_forward")}
    _add_agreement(root, MAY, {**earlier, "status": "agreed", "summary": "Exchange the wounded."})
    add_position(root, JUNE, "russia", {
        "id": "wounded-welcome", "topic": "prisoners", "kind": "offer", "summary": "Welcomes the exchange of the wounded.",
        "responds_to": [{"position": "every-field", "party": "joint"}], "evidence": [{"source": "src-b"}],
    })  # fmt: skip
    dataset = load_dataset(root)
    return dataset, dataset.rounds[JUNE].by_key()[("joint", "every-field")]


def strings(value: Any) -> Iterator[str]:
    """Every piece of text a view holds, walking its fields: a field added to the view is in it."""
    if isinstance(value, str):
        if value:
            yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name))
    elif isinstance(value, tuple):  # NamedTuples and tuples of them
        for item in value:
            yield from strings(item)


def _flat(text: str) -> str:
    return " ".join(text.split())


def faces(dataset, position) -> dict[str, str]:
    """The position in full as each face tells it, as plain text on one line."""
    history = [(rid, data.by_key().get(position.key)) for rid, data in dataset.rounds.items()]
    answered_by = answers_index(dataset).get((position.round, position.party, position.id), [])
    console = Console(width=400, record=True, color_system=None)
    console.print(position_detail(dataset, position, answered_by, history))
    page = position_html(dataset, position)
    body = page[page.index("<body>") : page.index("<footer>")]
    return {
        "text": _flat(position_detail_text(dataset, position).plain),
        "markdown": _flat(position_markdown(dataset, position).replace("**", "")),
        # A link's address is in the page as its href (and printed beside it).
        "html": _flat(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'<a href="([^"]*)"', r" \1 <a", body)))),
        "app": _flat(console.export_text()),
    }


def test_every_face_tells_every_fact_of_the_view(full) -> None:
    dataset, position = full
    view = position_view(dataset, position)
    # The position fills every field of the view: none is left empty and so untested.
    empty = [f.name for f in dataclasses.fields(view) if not getattr(view, f.name)]
    assert empty == []
    labels = [label for label, _ in view.facts]
    assert labels == ["topic", "kind", "status", "status date", "round", "agreed by", "put forward", "carried from"]  # the registry's order
    assert view.fact("status date") == "10 June 2025" and view.fact("put forward") == "20 May 2025"
    assert view.fact("carried from") == "16 May 2025, Istanbul"
    told = list(strings(view))
    assert len(told) > 30
    headings = [pv.FIGURES, pv.CONDITIONS, pv.ANSWERS, pv.ANSWERED_BY, pv.HISTORY, pv.EVIDENCE, pv.NOTES]
    for face, text in faces(dataset, position).items():
        # The origin is where the curator edits it: the published faces leave it out.
        wanted = [s for s in told if face in ("text", "app") or s != view.origin]
        missing = [s for s in wanted + headings if _flat(s) not in text]
        assert missing == [], f"the {face} face leaves out {missing}"


def test_the_view_words_answers_and_claims_as_the_reports_do(full) -> None:
    dataset, position = full
    view = position_view(dataset, position)
    assert view.answered_by == ("Russia's offer “Welcomes the exchange of the wounded”",)
    assert view.answers == ("Russia's precondition “No ceasefire before mobilisation stops”",)
    assert view.conditions[0] == "the lists are checked by the Red Cross"
    wounded = view.figures[0]
    assert wounded.words == "300 wounded (Outlet B also gives 500)" and wounded.contested
    assert wounded.claims[0].source == "Outlet A, 2 June 2025"  # a date in words, as every face gives it
    assert view.figures[1].raw == "two separate rounds of exchanges of the wounded"
    assert [(h.round, h.words, h.here) for h in view.history] == [
        ("16 May 2025", "first on record", False),
        ("2 June 2025", "summary: Exchange the wounded. → Exchange the wounded first.; status: agreed → implemented (10 June 2025); put forward, carried from updated", True),
    ]
    assert view.evidence[0].url == "https://example.org/report-a"
    assert view.kind_and_status == "agreement, implemented 10 June 2025"


def test_the_html_page_links_only_web_addresses(full) -> None:
    dataset, position = full
    assert '<a href="https://example.org/report-a" rel="noreferrer"><cite>Report A</cite></a>' in position_html(dataset, position)
    assert "[*Report A*](<https://example.org/report-a>)" in position_markdown(dataset, position)
    dataset.sources["src-a"] = dataset.sources["src-a"].model_copy(update={"url": "javascript:alert(1)"})
    assert "<a href" not in position_html(dataset, position)
    assert "](<" not in position_markdown(dataset, position)


def test_history_folds_quiet_rounds_and_tells_same_day_rounds_apart() -> None:
    from test_diff_engine import _dataset, _position, _stamped

    base = _position("demand")
    rounds = [[_stamped(base.model_copy(), "russia", f"r{n}")] for n in range(1, 5)]
    dataset = _dataset(*rounds)
    dataset.rounds["r4"].round = dataset.rounds["r4"].round.model_copy(update={"date": dataset.rounds["r3"].round.date, "place": "Ankara"})
    history = [(rid, data.positions[0]) for rid, data in dataset.rounds.items()]
    lines = pv.history_lines(dataset, history[1][1], history)
    assert [(h.round, h.words, h.here) for h in lines] == [
        ("16 May 2025", "first on record", False),
        ("16 June 2025", "the same", True),
        ("16 July 2025, Istanbul – 16 July 2025, Ankara", "the same", False),
    ]
    assert pv.history_lines(dataset, history[0][1], history[:1]) == ()  # one round: no history to tell


def test_the_app_counts_the_fields_of_a_change_it_lists() -> None:
    """A status date that changed with its status is told with the status: the detail pane said
    '2 fields changed: status' for one field listed."""
    from tracker.app.render import change_detail
    from tracker.diff import PositionChange, compare_position

    from conftest import GOOD_DATA

    dataset = load_dataset(GOOD_DATA)
    old = next(p for p in dataset.rounds[JUNE].positions if p.status.value == "stated")
    new = old.model_copy(update={"status": "rejected", "status_date": dataset.rounds[JUNE].round.date})
    change = PositionChange(old, new, compare_position(old, new))
    assert {c.field for c in change.changes} >= {"status", "status_date"}
    out = Console(width=200, record=True)
    out.print(change_detail(dataset, change))
    said = out.export_text()
    listed = re.search(r"(\d+) fields? changed: (.*)", said)
    assert listed is not None
    assert int(listed.group(1)) == len(listed.group(2).split(", ")) and "status" in listed.group(2).split(", ")


def test_on_a_terminal_the_text_face_colours_the_history_the_figures_and_the_evidence(full) -> None:
    """The styles of `tracker show --id` on a terminal: the round shown in bold among the rest,
    a history line in the colour of its step, a contested figure in its own colour, and the
    sources' wordings, notes and addresses dim beside the quote in italics."""
    from tracker.report.text import CONTESTED, META, NEW, OLD

    dataset, position = full
    parts = position_detail_text(dataset, position).parts
    runs = set(parts)
    assert {("16 May 2025", ""), ("2 June 2025", "bold"), ("first on record", NEW)} <= runs
    assert [style for text, style in parts if text.startswith("summary: Exchange the wounded.")] == ["yellow"]  # moved
    assert ("300 wounded (Outlet B also gives 500)", CONTESTED) in runs and ("2", "") in runs
    assert {(", “three hundred”", META), (". said at the press conference", META), ("  “two separate rounds of exchanges of the wounded”", META)} <= runs
    assert {("The wounded go first.", "italic"), ("the first exchange date", META), ("https://example.org/report-a", META)} <= runs
    gone = dataset.rounds[MAY].by_key()[("ukraine", "leaders-meeting")]
    assert ("not on record", OLD) in set(position_detail_text(dataset, gone).parts)


def test_a_figures_own_wording_is_shown_only_where_it_says_more_than_the_figure_in_words(full) -> None:
    """'2 to 3 days' worded '2 to 3 days' is said once; 'two separate rounds of exchanges of the
    wounded' beside '2' is kept."""
    dataset, position = full
    local = dataset.rounds[JUNE].by_key()[("russia", "local-ceasefire")]
    (figure,) = position_view(dataset, local).figures
    assert (figure.words, figure.raw) == ("2 to 3 days", "")
    assert position_view(dataset, position).figures[1].raw == "two separate rounds of exchanges of the wounded"


def test_a_run_of_rounds_where_nothing_happened_is_one_line_but_never_swallows_the_round_shown(tmp_path: Path) -> None:
    """Three rounds of 'the same' read as one line from the first of them to the last; shown at
    the middle one, that round keeps a line of its own."""
    from conftest import copy_round_as

    root = copy_good(tmp_path)
    copy_round_as(root, JUNE, "2025-07-01-istanbul")
    copy_round_as(root, JUNE, "2025-08-01-istanbul")
    dataset = load_dataset(root)

    def history(round_id: str) -> list[tuple[str, str, bool]]:
        position = dataset.rounds[round_id].by_key()[("russia", "ceasefire-preconditions")]
        return [(h.round, h.words, h.here) for h in position_view(dataset, position).history]

    assert history(MAY) == [("16 May 2025", "first on record", True), ("2 June 2025 – 1 August 2025", "the same", False)]
    assert history("2025-07-01-istanbul") == [
        ("16 May 2025", "first on record", False), ("2 June 2025", "the same", False),
        ("1 July 2025", "the same", True), ("1 August 2025", "the same", False),
    ]  # fmt: skip
