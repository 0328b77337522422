"""The HTML page's parts at their edges: which column says what of a change, which figures are
contested, what a narrowed comparison leaves out, how many rounds a timeline names, under which
round's day a fact of the rounds is told, a comparison where nothing happened, and a timeline's
cells where a position was dropped or not yet on record."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import GOOD_DATA

from tracker.loader import load_dataset
from tracker.report.comparison import compare
from tracker.report.html import diff_html, timeline_html
from tracker.timeline import build_timeline

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    return root


def _section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start : page.index("</section>", start)]


def _row(page: str, party: str, position: str) -> tuple[str, str]:
    """The first and the second column of a change's row."""
    row = re.search(rf'<tr [^>]*id="{party}--{position}">(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td [^>]*>(.*?)</td>", row.group(1), re.S)
    return cells[-2], cells[-1]


def test_a_changed_position_shows_what_it_lost_in_the_first_column_and_what_it_gained_in_the_second(tmp_path: Path) -> None:
    """Conditions lost are marked − beside the first round, those gained + beside the second;
    a remark on the change as a whole ('1 → 2 citations') is told once, beside the second."""
    root = _copy(tmp_path)
    for round_id, condition, sources in ((MAY, "Mobilisation stops first", "{source: src-b}"), (JUNE, "Western arms deliveries end", "{source: src-b}\n      - {source: src-a}")):
        path = root / "rounds" / round_id / "russia.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("    evidence:\n      - {source: src-b}", f"    conditions:\n      - {condition}\n    evidence:\n      - {sources}", 1)
        path.write_text(text, encoding="utf-8")
    page = diff_html(compare(load_dataset(root), MAY, JUNE))
    before, after = _row(page, "russia", "ceasefire-preconditions")
    assert "− Mobilisation stops first" in before and "Mobilisation stops first" not in after
    assert "+ Western arms deliveries end" in after and "Western arms deliveries end" not in before
    assert "1 → 2 citations" in after and "citations" not in before


def test_the_contested_figures_include_those_of_positions_that_did_not_change() -> None:
    """The bodies to hand over (6,000 or 12,000) are contested on 2 June whether or not the
    agreement changed: a round compared with itself still lists them."""
    page = diff_html(compare(load_dataset(GOOD_DATA), JUNE, JUNE))
    contested = _section(page, "contested")
    assert "Hand over the bodies of the fallen." in contested
    assert "6,000" in contested and "12,000" in contested


def test_a_round_length_the_sources_dispute_is_listed_unless_the_comparison_is_narrowed_to_parties(tmp_path: Path) -> None:
    """The length of the meeting is the round's, no party's: listed among the contested figures
    of the whole comparison, not of one narrowed to a party."""
    root = _copy(tmp_path)
    path = root / "rounds" / JUNE / "round.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{source: src-b, min: 60, raw: over an hour}", "{source: src-b, min: 120, raw: over two hours}"), encoding="utf-8")
    dataset = load_dataset(root)
    assert dataset.rounds[JUNE].round.duration.contested
    assert "<strong>The round</strong>" in _section(diff_html(compare(dataset, MAY, JUNE)), "contested")
    narrowed = diff_html(compare(dataset, MAY, JUNE, parties=["russia"]))
    assert "<strong>The round</strong>" not in narrowed


def test_a_timeline_page_counts_its_rounds_not_its_rows() -> None:
    dataset = load_dataset(GOOD_DATA)
    timeline = build_timeline(dataset)
    assert len(timeline.rows) != len(timeline.rounds) == 2
    page = timeline_html(dataset, timeline, "Timeline")
    assert re.search(r'<p class="dek">2 rounds: 16 May 2025, Istanbul; 2 June 2025, Istanbul\.</p>', page)


def test_a_fact_of_the_rounds_that_changed_is_told_under_each_rounds_day(tmp_path: Path) -> None:
    page = diff_html(compare(load_dataset(_copy(tmp_path)), MAY, JUNE))
    rounds = _section(page, "rounds")
    assert '<th scope="col">16 May 2025</th><th scope="col">2 June 2025</th>' in rounds
    assert '<td data-label="16 May 2025">Dolmabahce Palace</td><td data-label="2 June 2025">Ciragan Palace</td>' in rounds


def test_a_comparison_where_nothing_happened_says_so_and_not_that_nothing_moved(tmp_path: Path) -> None:
    dataset = load_dataset(_copy(tmp_path))
    quiet = diff_html(compare(dataset, JUNE, JUNE))
    assert "Nothing was agreed, carried out, moved, rejected again or put on record." in quiet
    assert "Moved in substance" not in quiet
    busy = diff_html(compare(dataset, MAY, JUNE))
    assert "Moved in substance: nothing besides what was carried out." in busy
    assert "Nothing was agreed" not in busy  # something was: only a quiet comparison says so


def test_a_timeline_says_not_on_record_where_a_position_was_dropped_and_a_dash_before_it_was_on_record(tmp_path: Path) -> None:
    dataset = load_dataset(_copy(tmp_path))
    page = timeline_html(dataset, build_timeline(dataset), "Timeline")

    def cell(position: str, round_label: str) -> str:
        row = re.search(rf'<tr><th scope="row">(?:(?!</tr>).)*?{position}</span></th>(.*?)</tr>', page, re.S)
        assert row is not None
        found = re.search(rf'<td data-label="{round_label}" class="([^"]*)">(.*?)</td>', row.group(1), re.S)
        assert found is not None
        return f"{found.group(1)}: {found.group(2)}"

    assert cell("leaders-meeting", "2 June 2025, Istanbul") == 'step-dropped: <span class="gone">not on record</span>'
    assert cell("local-ceasefire", "16 May 2025, Istanbul") == "step-absent: —"


def test_only_a_comparison_read_backwards_carries_the_note_that_says_so() -> None:
    dataset = load_dataset(GOOD_DATA)
    note = '<p class="note"><strong>Note:</strong> the later round comes first'
    assert note in diff_html(compare(dataset, JUNE, MAY))
    assert "<strong>Note:</strong>" not in diff_html(compare(dataset, MAY, JUNE))


def test_a_party_filter_says_the_joint_agreements_it_leaves_out() -> None:
    dataset = load_dataset(GOOD_DATA)
    hint = "(the joint agreements Russia is party to are left out: add --party joint)"
    assert f'<p class="note">Only party Russia {hint}.</p>' in diff_html(compare(dataset, MAY, JUNE, parties=["russia"]))
    assert "left out" not in diff_html(compare(dataset, MAY, JUNE, parties=["russia", "joint"]))


def test_the_sources_include_those_only_the_earlier_version_of_a_change_cites(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "rounds" / JUNE / "ukraine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{source: src-a}", "{source: src-b}"), encoding="utf-8")
    page = diff_html(compare(load_dataset(root), MAY, JUNE, parties=["ukraine"], topics=["ceasefire"]))
    sources = _section(page, "sources")
    assert "Outlet A" in sources and "Outlet B" in sources  # May's version cited Outlet A, June's Outlet B


def test_a_timeline_dims_a_re_sourced_cell_as_unchanged_and_not_a_reworded_one(tmp_path: Path) -> None:
    from conftest import edit

    root = _copy(tmp_path)
    before = "summary: No ceasefire before mobilisation stops.\n    evidence:\n      - {source: src-b}"
    edit(root / "rounds" / JUNE / "russia.yaml", before, before.replace("src-b", "src-a"))
    dataset = load_dataset(root)
    page = timeline_html(dataset, build_timeline(dataset), "Timeline")

    def css(position: str) -> str:
        row = re.search(rf'<tr><th scope="row">(?:(?!</tr>).)*?{position}</span></th>(.*?)</tr>', page, re.S)
        assert row is not None
        found = re.search(r'<td data-label="2 June 2025, Istanbul" class="([^"]*)">', row.group(1))
        assert found is not None
        return found.group(1)

    assert "re-sourced" in page and "reworded" in page
    assert css("ceasefire-preconditions") == "step-same"  # re-sourced: the same position, newly sourced
    assert css("ceasefire-30-day") == "step-changed"  # reworded


def test_sources_the_catalogue_lacks_are_listed_after_it_sorted_by_id(data_dir: Path) -> None:
    """Both reports list the cited documents in the catalogue's order, then the ids the
    catalogue does not have (a partial load) in one order, whatever order a set gives them."""
    from types import SimpleNamespace

    from tracker.report.sources import cited_sources

    unknown = ["src-zz", "src-mm", "src-ab", "src-yy", "src-cd", "src-ef"]
    cites = [SimpleNamespace(source=s) for s in ["src-b", *unknown, "src-a"]]
    position = SimpleNamespace(evidence=cites, quantities=[])
    listed = cited_sources(load_dataset(data_dir), [position])
    assert [s.id for s in listed] == ["src-a", "src-b", *sorted(unknown)]
    assert [s.in_catalogue for s in listed] == [True, True] + [False] * len(unknown)


def test_a_figure_that_became_contested_is_flagged_in_the_new_column_only() -> None:
    """The flag says what the later round's sources do: the old value was not contested then (and a
    figure no longer contested says so beside its new value, not its old one)."""
    from tracker.report.changes import FieldLine
    from tracker.report.html import _field_list

    became = [FieldLine("quantities", "bodies", old="6,000", new="6,000 or 12,000", contested=True)]
    assert "contested" not in _field_list(became, old=True)
    assert '<span class="contested">contested</span>' in _field_list(became, old=False)
    settled = [FieldLine("quantities", "bodies", old="6,000 or 12,000", new="6,000", settled=True)]
    assert "no longer contested" not in _field_list(settled, old=True)
    assert "(no longer contested)" in _field_list(settled, old=False)
