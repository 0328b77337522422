"""The loader's messages where a name is close to a right one: a party file named after no party."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import GOOD_DATA

from tracker.loader import load_dataset
from tracker.problems import DataError

JUNE = "2025-06-02-istanbul"


def test_a_party_file_named_after_no_party_suggests_the_party_it_is_close_to(tmp_path: Path) -> None:
    root = tmp_path / "positions"
    shutil.copytree(GOOD_DATA, root)
    folder = root / "rounds" / JUNE
    (folder / "russia.yaml").rename(folder / "rusia.yaml")
    with pytest.raises(DataError) as caught:
        load_dataset(root)
    messages = [p.message for p in caught.value.problems if p.file.name == "rusia.yaml"]
    assert messages == ["no party 'rusia' in parties.yaml (a position file is named after its party's id) (did you mean 'russia'?)"]
