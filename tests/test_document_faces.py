"""A plan's point and the documents a round first put to the parties are told by every face of
a comparison: a stance on a point without its point reads as a stance on nothing."""

from __future__ import annotations

from pathlib import Path

from tracker.cli import main

from test_round_structure import JUNE, with_structure

MAY, JUNE_ID = "2025-05-16-istanbul", "2025-06-02-istanbul"
STANCE = """  - id: stance-on-point-7
    topic: prisoners
    kind: proposal
    summary: Point 7 to cover civilians too.
    point: {document: plan-a, number: 7}
    evidence:
      - {source: src-a}
"""


def _diff(data_dir: Path, fmt: str, capsys) -> str:
    assert main(["--data", str(data_dir), "diff", MAY, JUNE_ID, "--format", fmt]) == 0
    return capsys.readouterr().out


def test_every_face_names_the_point_a_stance_is_on(data_dir: Path, capsys) -> None:
    with_structure(data_dir)
    path = data_dir / JUNE / "ukraine.yaml"
    path.write_text(path.read_text().rstrip("\n") + "\n" + STANCE)
    said = {fmt: _diff(data_dir, fmt, capsys) for fmt in ("text", "markdown", "html")}
    assert "on: point 7 of The first plan" in said["text"]
    assert "**on:** point 7 of The first plan" in said["markdown"]
    assert "<strong>on:</strong> point 7 of The first plan" in said["html"]


def test_the_documents_a_round_put_to_the_parties_are_among_its_facts(data_dir: Path, capsys) -> None:
    with_structure(data_dir)
    for fmt in ("text", "markdown", "html"):
        out = _diff(data_dir, fmt, capsys)
        assert "documents first put to the parties" in out.lower(), fmt
        assert "The first plan; The plan revised" in out, fmt
