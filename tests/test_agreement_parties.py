"""Who a new joint agreement is between, as a template's first guess (Dataset.agreement_parties):
the round's own last agreement first, then the latest earlier round's."""

from __future__ import annotations

import shutil
from pathlib import Path

from tracker.loader import load_dataset

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_a_rounds_own_last_agreement_names_the_parties_first(data_dir: Path) -> None:
    root = data_dir
    path = root / "rounds" / MAY / "round.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("parties: [ukraine, russia]") == 1
    path.write_text(text.replace("parties: [ukraine, russia]", "parties: [russia, ukraine]"), encoding="utf-8")
    dataset = load_dataset(root)
    assert dataset.agreement_parties(MAY) == ["russia", "ukraine"]  # its own, in its order
    assert dataset.agreement_parties(JUNE) == ["ukraine", "russia"]  # June's own, not May's


def test_of_a_rounds_agreements_the_last_names_the_parties(data_dir: Path) -> None:
    root = data_dir
    path = root / "rounds" / JUNE / "round.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("parties: [ukraine, russia]") == 2
    path.write_text(text[::-1].replace("parties: [ukraine, russia]"[::-1], "parties: [russia, ukraine]"[::-1], 1)[::-1], encoding="utf-8")
    assert load_dataset(root).agreement_parties(JUNE) == ["russia", "ukraine"]


def test_without_an_agreement_to_go_by_the_principal_parties_at_the_round_are_named(data_dir: Path) -> None:
    root = data_dir
    first = root / "rounds" / "2025-05-01-ankara"
    first.mkdir()
    (first / "round.yaml").write_text("id: 2025-05-01-ankara\ndate: 2025-05-01\nplace: Ankara\noutcome: Talks held.\n", encoding="utf-8")
    shutil.copy(root / "rounds" / MAY / "ukraine.yaml", first / "ukraine.yaml")
    assert load_dataset(root).agreement_parties("2025-05-01-ankara") == ["ukraine"]  # not Russia, not at it; nor Türkiye, a mediator
