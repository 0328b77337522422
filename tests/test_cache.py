"""The load cache: a hit only when every byte is the same, never for invalid data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tracker.loader import load_dataset
from tracker.problems import DataError


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_load_comes_from_the_cache_and_equals_the_first(data_dir: Path, cache_on: Path) -> None:
    first = load_dataset(data_dir)
    assert len(list(cache_on.glob("*.pickle"))) == 1
    second = load_dataset(data_dir)
    assert second is not first
    assert second.rounds.keys() == first.rounds.keys()
    for rid in first.rounds:
        a, b = first.rounds[rid].positions, second.rounds[rid].positions
        assert [(p.key, p.origin, p.round) for p in a] == [(p.key, p.origin, p.round) for p in b]
        assert a == b


def test_any_change_is_a_miss(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    path = data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"
    stat = path.stat()
    text = path.read_text()
    path.write_text(text.replace("collect the dead", "collect the deaf"))
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: content decides
    local = load_dataset(data_dir).rounds["2025-06-02-istanbul"].by_key()[("russia", "local-ceasefire")]
    assert "deaf" in local.summary


def test_invalid_data_is_never_served_from_the_cache(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    path = data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"
    path.write_text(path.read_text().replace("kind: offer", "kind: ofer"))
    with pytest.raises(DataError):
        load_dataset(data_dir)
    with pytest.raises(DataError):
        load_dataset(data_dir)


def test_a_new_file_is_a_miss(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    (data_dir / "rounds" / "2025-06-02-istanbul" / "belarus.yaml").write_text("positions: []\n")
    with pytest.raises(DataError):
        load_dataset(data_dir)


def test_a_corrupt_cache_is_ignored(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    [entry] = cache_on.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_dataset(data_dir).count_positions() == 9


def test_validate_from_cache_builds_no_validators(data_dir: Path, cache_on: Path) -> None:
    """The point of the cache: a warm `tracker validate` does not build pydantic's validators."""
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"assert main(['--data', {str(data_dir)!r}, 'validate', '-q']) == 0\n"
        "from tracker.model import PartyRoundFile\n"
        "print(PartyRoundFile.__pydantic_complete__)\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "TRACKER_NO_CACHE"}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.strip() == "True"
    assert warm.stdout.strip() == "False"


def test_serializer_free_dump_matches_pydantic(data_dir: Path) -> None:
    """Reports dump changed fields without building pydantic's serializer; it must agree."""
    from tracker.diff import _plain_model
    from tracker.loader import bundled_data_dir

    for root in (data_dir, bundled_data_dir()):
        dataset = load_dataset(root)
        models = [*dataset.all_positions(), *(r.round for r in dataset.rounds.values()), *dataset.sources.values()]
        for model in models:
            assert _plain_model(model) == model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
