"""The cache runs nothing, believes nothing it did not write, and reads only what the loader reads."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cache import codec, keys, store
from tracker.loader import load_dataset
from tracker.paths import find_sources_file

LATER = "2025-06-02-istanbul"


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_warned", False)
    return tmp_path / "cache"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_NO_CACHE"}
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--data", str(data_dir), *args], capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


class _Plant:
    """Unpickling this creates the marker file: what a planted .load did to a pickle cache."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_load_entry_runs_nothing(data_dir: Path, cache_on: Path, tmp_path: Path) -> None:
    load_dataset(data_dir)
    [entry] = cache_on.glob("*.load")
    first = entry.read_bytes().split(b"\n", 1)[0]
    marker = tmp_path / "it-ran"
    for header in (first, b" ".join(first.split()[:7])):  # with the MAC and without it
        entry.write_bytes(header + b"\n" + pickle.dumps(_Plant(marker)))
        assert load_dataset(data_dir).count_positions() == 9
        assert not marker.exists()


def test_entries_are_plain_data_with_a_mac(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    [entry] = cache_on.glob("*.load")
    header, _, body = entry.read_bytes().partition(b"\n")
    assert header.startswith(b"tracker-load ") and json.loads(body)["$"] == "Dataset"
    # A change that keeps it valid JSON, but not what tracker wrote: a miss, the data reloaded.
    entry.write_bytes(header + b"\n" + body.replace(b"Short local ceasefires", b"Tampered local ceasefires"))
    local = load_dataset(data_dir).rounds[LATER].by_key()[("russia", "local-ceasefire")]
    assert local.summary.startswith("Short local ceasefires")


def test_a_tampered_result_is_not_replayed(data_dir: Path, cache_on: Path) -> None:
    cold = run(data_dir, "diff")
    assert run(data_dir, "diff").stdout == cold.stdout
    [result] = cache_on.glob("*.result")
    mac, _, body = result.read_bytes().partition(b"\n")
    stored = json.loads(body)
    stored[4] = [[1, "\x1b]52;c;cm0gLXJmIH4=\x07 forged\n"]]
    result.write_bytes(mac + b"\n" + json.dumps(stored).encode())
    again = run(data_dir, "diff")
    assert again.stdout == cold.stdout and "forged" not in again.stdout


def test_folders_are_made_0700_and_files_0600(data_dir: Path, cache_on: Path) -> None:
    assert run(data_dir, "diff").returncode == 0
    assert cache_on.stat().st_mode & 0o777 == 0o700
    files = list(cache_on.iterdir())
    assert {p.suffix for p in files} >= {".load", ".result"}
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files), [(p.name, oct(p.stat().st_mode)) for p in files]


@pytest.mark.parametrize("mode", [0o777, 0o770], ids=["anyone", "group"])
def test_a_cache_folder_others_can_write_is_ignored_with_one_warning(data_dir: Path, cache_on: Path, mode: int) -> None:
    """Others: anyone at all, or the folder's group."""
    cold = run(data_dir, "diff")
    for entry in cache_on.iterdir():
        entry.unlink()
    os.chmod(cache_on, mode)
    for _ in range(2):
        warm = run(data_dir, "diff")
        assert warm.stdout == cold.stdout and warm.returncode == 0
        assert warm.stderr.count("warning: not using the cache") == 1
        assert f"others can write to it (mode {mode:04o})" in warm.stderr
    assert list(cache_on.iterdir()) == []


def test_a_cache_file_others_can_write_is_ignored(data_dir: Path, cache_on: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_dataset(data_dir)
    [entry] = cache_on.glob("*.load")
    os.chmod(entry, 0o666)
    calls = []
    real = codec.decode
    codec.decode = lambda *a: calls.append(1) or real(*a)  # type: ignore[assignment]
    try:
        assert load_dataset(data_dir).count_positions() == 9
    finally:
        codec.decode = real  # type: ignore[assignment]
    assert calls == []
    assert capsys.readouterr().err.count("warning: not using the cache") == 1
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a load of its own


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder to another user takes root")
def test_a_cache_folder_of_another_user_is_ignored(data_dir: Path, cache_on: Path) -> None:
    cache_on.mkdir(mode=0o700)
    os.chown(cache_on, 4242, 4242)
    warm = run(data_dir, "validate")
    assert warm.returncode == 0 and "belongs to another user (uid 4242)" in warm.stderr
    assert list(cache_on.iterdir()) == []


# --- the key reads what the loader reads ------------------------------------------------------


def key(data_dir: Path) -> str:
    return keys.content_key(data_dir, find_sources_file(data_dir))


def test_the_key_ignores_git_dot_folders_and_links_out(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "usr"
    outside.mkdir()
    (outside / "big.yaml").write_text("a: 1\n")
    (data_dir / ".git").mkdir()
    (data_dir / ".git" / "pack").write_bytes(b"x" * 1000)
    (data_dir / "docs").symlink_to(outside)
    (data_dir / "rounds" / LATER / ".hidden").mkdir()
    before = key(data_dir)
    (data_dir / ".git" / "pack").write_bytes(b"y" * 2000)
    (outside / "big.yaml").write_text("a: 2\n")
    (outside / "more.yaml").write_text("b: 1\n")
    (data_dir / "rounds" / LATER / ".hidden" / "x").write_text("x")
    if hasattr(os, "mkfifo"):
        os.mkfifo(data_dir / ".git" / "fifo")  # read, it would hang
    assert key(data_dir) == before
    names = [os.fsdecode(name) for name, _ in keys._read_by_loader(data_dir, find_sources_file(data_dir))]
    assert not any(".git" in n or str(outside) in n or "docs" in n for n in names)


def test_a_party_file_linked_out_is_named_in_the_key_not_read(data_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("positions: []\n")
    party = data_dir / "rounds" / LATER / "turkey.yaml"
    party.symlink_to(secret)
    before = key(data_dir)
    secret.write_text("positions: [changed]\n")
    assert key(data_dir) == before
    os.environ["TRACKER_FOLLOW_LINKS"] = "1"
    try:
        assert key(data_dir) != before  # followed on request: then it is read, and keyed
    finally:
        del os.environ["TRACKER_FOLLOW_LINKS"]


def test_a_rounds_folder_linked_out_has_its_files_named_not_read(data_dir: Path, tmp_path: Path) -> None:
    """Only links are followed to their real paths when the key lists the files: a plain file
    in a folder that leads out of the data directory is out of it too."""
    outside = tmp_path / "elsewhere"
    (data_dir / "rounds").rename(outside)
    (data_dir / "rounds").symlink_to(outside)
    (outside / "stray.yaml").write_text("a: 1\n")
    entries = dict(keys._read_by_loader(data_dir, find_sources_file(data_dir)))
    assert entries[os.fsencode(data_dir / "rounds" / "stray.yaml")] == b"outside"
    assert entries[os.fsencode(data_dir / "rounds" / LATER)] == b"outside"
    before = key(data_dir)
    (outside / "stray.yaml").write_text("a: 2\n")
    assert key(data_dir) == before


def test_the_key_changes_with_every_file_the_loader_reads(data_dir: Path) -> None:
    before = key(data_dir)
    for path in [data_dir / "parties.yaml", data_dir / "topics.yaml", find_sources_file(data_dir), data_dir / "rounds" / LATER / "russia.yaml"]:
        assert path is not None
        text = path.read_bytes()
        path.write_bytes(text + b"# a comment\n")
        assert key(data_dir) != before, path
        path.write_bytes(text)
    (data_dir / "rounds" / LATER / "notes.txt").write_text("x")  # reported by the loader: named
    assert key(data_dir) != before


def test_the_key_reads_a_party_file_named_yml_as_the_loader_does(data_dir: Path) -> None:
    """A party file may end in .yml: a change of its text that keeps its size changes the key."""
    path = data_dir / "rounds" / LATER / "russia.yaml"
    path = path.rename(path.with_suffix(".yml"))
    assert [p.party for p in load_dataset(data_dir).rounds[LATER].positions if p.party == "russia"]
    before = key(data_dir)
    text = path.read_text()
    assert "mobilisation" in text
    path.write_text(text.replace("mobilisation", "Mobilisation"))  # the same size
    assert key(data_dir) != before


def test_the_key_reads_a_file_of_exactly_the_size_limit_as_the_loader_does(data_dir: Path) -> None:
    """A file of exactly MAX_FILE_BYTES is read by the loader, so a change of its text that keeps
    its size changes the key; one byte more, it is only named with its size."""
    from tracker.datafile import MAX_FILE_BYTES

    path = data_dir / "rounds" / LATER / "russia.yaml"
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text)))
    assert len(load_dataset(data_dir).rounds[LATER].positions) > 0  # read, not refused
    before = key(data_dir)
    path.write_bytes(text.replace(b"mobilisation", b"Mobilisation") + b"#" * (MAX_FILE_BYTES - len(text)))
    assert key(data_dir) != before

def test_a_key_handed_over_is_taken_once_and_only_for_the_data_directory_it_was_taken_of(data_dir: Path, cache_on: Path, tmp_path: Path) -> None:
    """A report hands its key to the load it makes; a load of another directory hashes its own."""
    other = tmp_path / "other"
    shutil.copytree(data_dir, other)
    (other / "parties.yaml").write_bytes((other / "parties.yaml").read_bytes() + b"# another\n")
    keys.hand_over(data_dir, "handed")
    assert keys.key_for_load(other) == keys.data_key(other) != "handed"
    keys.hand_over(data_dir, "handed")
    assert keys.key_for_load(data_dir) == "handed"
    assert keys.key_for_load(data_dir) == keys.data_key(data_dir)  # once

def test_a_result_renamed_to_another_commands_entry_is_not_replayed_for_it(data_dir: Path, cache_on: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its MAC is good, but what it answers (the arguments, the terminal) is written inside it:
    the output of `rounds` is never printed for `diff`, whatever the file is called."""
    from tracker.cache.results import Result

    rounds = Result.start(data_dir, ["rounds"])
    diff = Result.start(data_dir, ["diff"])
    assert rounds is not None and diff is not None and rounds.path != diff.path
    with rounds.recording():
        print("the rounds")
    rounds.keep(0)
    capsys.readouterr()
    assert Result.start(data_dir, ["rounds"]).replay() == 0 and capsys.readouterr().out == "the rounds\n"
    shutil.copyfile(rounds.path, diff.path)
    assert diff.replay() is None and capsys.readouterr().out == ""

def test_a_key_file_is_trusted_only_at_exactly_its_32_bytes(tmp_path: Path) -> None:
    made = store.user_key(tmp_path, create=True)
    assert made is not None and len(made) == 32
    assert store.user_key(tmp_path, create=False) == made
    key_file = tmp_path / "key"
    for size in (31, 33, 64):
        key_file.write_bytes(made[:size] if size < 32 else made + bytes(size - 32))
        os.chmod(key_file, 0o600)
        assert store.user_key(tmp_path, create=False) is None, size
