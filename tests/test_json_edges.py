"""The JSON documents at their edges: the filters a comparison was narrowed by, and the novelty
of what a comparison read backwards adds."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD_DATA

from tracker.loader import load_dataset
from tracker.report.comparison import compare
from tracker.report.records import diff_document, position_document

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"
EVENTS_DATA = Path(__file__).resolve().parent / "data" / "events"


def test_a_comparison_narrowed_by_one_kind_of_filter_says_so() -> None:
    dataset = load_dataset(GOOD_DATA)
    assert diff_document(compare(dataset, MAY, JUNE, parties=["russia"]))["filters"] == {"parties": ["russia"], "topics": []}
    assert diff_document(compare(dataset, MAY, JUNE, topics=["ceasefire"]))["filters"] == {"parties": [], "topics": ["ceasefire"]}
    assert "filters" not in diff_document(compare(dataset, MAY, JUNE))


def test_read_backwards_what_is_added_is_new_or_first_on_record_since_the_earlier_round(tmp_path: Path) -> None:
    """June compared with May: May's positions are the ones added, and whether each is new is
    measured from the earlier round (May), as the story measures it: the JSON says what the
    story says of each."""
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    path = root / "rounds" / MAY / "ukraine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    kind: proposal\n", "    kind: proposal\n    put_forward: 2025-05-20\n", 1), encoding="utf-8")
    comparison = compare(load_dataset(root), JUNE, MAY)
    assert comparison.backwards
    added = {record["id"]: record["novelty"] for record in diff_document(comparison)["added"]}
    told = {item.id: item.section.value for item in comparison.story.items}
    assert added == {"leaders-meeting": "new"}
    assert told["leaders-meeting"] == "new"


def test_a_comparison_lists_every_event_between_its_rounds_the_first_included() -> None:
    dataset = load_dataset(EVENTS_DATA)
    one = diff_document(compare(dataset, MAY, JUNE))["events"]
    assert [e["id"] for e in one] == ["exchange-2025-05-23"]
    both = diff_document(compare(dataset, MAY, "2025-07-23-istanbul"))["events"]
    assert [e["id"] for e in both] == ["exchange-2025-05-23", "wounded-2025-06-20"]
    assert all(e["text"] for e in both)
    # Narrowed to a topic, the event is the story's first item: it is listed all the same.
    narrowed = diff_document(compare(dataset, MAY, JUNE, topics=["prisoners"]))
    assert narrowed["headline"]["items"][0]["section"] == "between"
    assert [e["id"] for e in narrowed["events"]] == ["exchange-2025-05-23"]


def test_a_position_in_full_names_the_sources_of_its_evidence_and_of_its_figures_claims(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    path = root / "rounds" / JUNE / "round.yaml"
    # Both claims from one outlet, the evidence from the other: each must be named.
    path.write_text(path.read_text(encoding="utf-8").replace("{source: src-a, value: 6000}", "{source: src-b, value: 6000}", 1), encoding="utf-8")
    dataset = load_dataset(root)
    document = position_document(dataset, dataset.rounds[JUNE].by_key()[("joint", "remains-6000")])
    assert list(document["sources"]) == ["src-a", "src-b"]
    assert document["sources"]["src-a"]["outlet"] == "Outlet A"


def test_a_changed_position_is_named_by_its_later_version(data_dir: Path) -> None:
    """A position moved to another topic is listed under the topic it is in now, as every other
    face groups it, not the one it left."""
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    assert "  - id: ceasefire-preconditions\n    topic: ceasefire\n" in text
    path.write_text(text.replace("  - id: ceasefire-preconditions\n    topic: ceasefire\n", "  - id: ceasefire-preconditions\n    topic: prisoners\n", 1))
    changed = diff_document(compare(load_dataset(data_dir), MAY, JUNE))["changed"]
    [entry] = [c for c in changed if c["id"] == "ceasefire-preconditions"]
    assert entry["topic"] == "prisoners"
    assert {"field": "topic", "from": "ceasefire", "to": "prisoners"}.items() <= next(c for c in entry["changes"] if c["field"] == "topic").items()
