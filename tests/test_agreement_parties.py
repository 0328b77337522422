"""Who a new joint agreement is between, as a template's first guess (Dataset.agreement_parties):
the round's own last agreement first, then the latest earlier round's."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD_DATA

from tracker.loader import load_dataset

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def test_a_rounds_own_last_agreement_names_the_parties_first(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    path = root / "rounds" / MAY / "round.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("parties: [ukraine, russia]") == 1
    path.write_text(text.replace("parties: [ukraine, russia]", "parties: [russia, ukraine]"), encoding="utf-8")
    dataset = load_dataset(root)
    assert dataset.agreement_parties(MAY) == ["russia", "ukraine"]  # its own, in its order
    assert dataset.agreement_parties(JUNE) == ["ukraine", "russia"]  # June's own, not May's
