"""What the export's rows say of a round's chair and of how each position moved: each column
holds its own fact (tracker.export.tables)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD_DATA

from tracker.export.tables import build_tables
from tracker.loader import load_dataset

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_a_rounds_chair_is_named_by_party_person_and_title_each_in_its_column() -> None:
    rounds = {row["round"]: row for row in build_tables(load_dataset(GOOD_DATA))["rounds"]}
    may = rounds[MAY]
    assert (may["chair_party"], may["chair_person"], may["chair_title"]) == ("turkey", "Hakan Fidan", "Foreign Minister")
    assert rounds[JUNE]["chair_person"] is None and rounds[JUNE]["chair_title"] is None


def test_a_reworded_position_and_a_re_sourced_one_are_told_apart(tmp_path: Path) -> None:
    """Ukraine's ceasefire demand is reworded on 2 June; Russia's precondition, given a new
    source, only re-sourced: neither moved, and the export names which it was."""
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    path = root / "rounds" / JUNE / "russia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{source: src-b}", "{source: src-a}", 1), encoding="utf-8")
    rows = {(row["round"], row["party"], row["id"]): row for row in build_tables(load_dataset(root))["positions"]}
    reworded = rows[(JUNE, "ukraine", "ceasefire-30-day")]
    assert reworded["movement"] == "reworded" and "summary" in reworded["changed_fields"]
    resourced = rows[(JUNE, "russia", "ceasefire-preconditions")]
    assert resourced["movement"] == "re_sourced" and resourced["changed_fields"] == "evidence"


def test_the_joint_agreements_are_a_row_of_the_parties_table_with_a_role_of_their_own() -> None:
    parties = {row["id"]: row for row in build_tables(load_dataset(GOOD_DATA))["parties"]}
    assert parties["joint"] == {"id": "joint", "name": "Joint agreements", "short": "Joint", "role": "joint"}
    assert {parties[p]["role"] for p in ("ukraine", "russia")} == {"party"}


def test_the_chairs_evidence_is_a_row_under_the_chairs_party(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    path = root / "rounds" / MAY / "round.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Foreign Minister}", "title: Foreign Minister, evidence: [{source: src-b}]}", 1), encoding="utf-8")
    rows = [row for row in build_tables(load_dataset(root))["evidence"] if row["about"] == "chair"]
    assert [(row["round"], row["party"], row["id"], row["citation"], row["source"]) for row in rows] == [(MAY, "turkey", None, 1, "src-b")]
