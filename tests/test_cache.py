"""The cache: a hit only when every byte is the same, never for invalid data; a command answered
from it prints exactly what it would have printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cache import keys, loads, results
from tracker.cli import main
from tracker.commands.validate import NO_SOURCES as NO_SOURCES_LINE
from tracker.loader import load_dataset
from tracker.problems import DataError

NO_SOURCES = NO_SOURCES_LINE + "\n"  # validate says whether quotes were checked against the sources


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_load_comes_from_the_cache_and_equals_the_first(data_dir: Path, cache_on: Path) -> None:
    first = load_dataset(data_dir)
    assert len(list(cache_on.glob("*.load"))) == 1
    second = load_dataset(data_dir)
    assert second is not first
    assert second.rounds.keys() == first.rounds.keys()
    for rid in first.rounds:
        a, b = first.rounds[rid].positions, second.rounds[rid].positions
        assert [(p.key, p.origin, p.round) for p in a] == [(p.key, p.origin, p.round) for p in b]
        assert a == b
        # Restored with the digest of its text, as the loader stamped it: unchanged positions of
        # two rounds are still known equal without comparing their fields.
        assert a and all(p.has_same_text(q) for p, q in zip(a, b))
        assert all(p.model_fields_set == q.model_fields_set for p, q in zip(a, b))


def test_a_kept_record_without_all_its_fields_is_refused() -> None:
    from tracker.model import PositionRef

    kept = PositionRef.model_validate({"position": "p"})
    assert PositionRef.restore(dict(kept.__dict__), {"position"}, {}) == kept
    for fields in ({"position": "p"}, {**kept.__dict__, "extra": 1}):
        with pytest.raises(ValueError, match="not the fields of PositionRef"):
            PositionRef.restore(fields, {"position"}, {})


def test_any_change_is_a_miss(data_dir: Path, cache_on: Path) -> None:
    load_dataset(data_dir)
    path = data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"
    stat = path.stat()
    text = path.read_text()
    path.write_text(text.replace("collect the dead", "collect the deaf"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: content decides
    local = load_dataset(data_dir).rounds["2025-06-02-istanbul"].by_key()[("russia", "local-ceasefire")]
    assert "deaf" in local.summary


def test_a_catalogue_beside_the_data_folder_is_part_of_the_key(data_dir: Path, cache_on: Path) -> None:
    """The bundled layout: seeds/sources.yaml beside positions/, outside the folder the key walks."""
    seeds = data_dir.parent / "seeds"
    seeds.mkdir()
    catalogue = seeds / "sources.yaml"
    shutil.move(data_dir / "sources.yaml", catalogue)
    assert load_dataset(data_dir).sources["src-a"].title == "Report A"
    stat = catalogue.stat()
    catalogue.write_text(catalogue.read_text().replace("title: Report A", "title: Report Z"))
    os.utime(catalogue, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert load_dataset(data_dir).sources["src-a"].title == "Report Z"


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
    [entry] = cache_on.glob("*.load")
    entry.write_bytes(b"not a pickle")
    assert load_dataset(data_dir).count_positions() == 9


def test_validate_from_cache_builds_no_validators(data_dir: Path, cache_on: Path) -> None:
    """The point of the cache: a warm `tracker validate` does not build the validators."""
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"assert main(['--data', {str(data_dir)!r}, 'validate', '-q']) == 0\n"
        "from tracker.plain_model import validators_built\n"
        "print(validators_built() > 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_NO_CACHE"}
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


# --- whole commands answered from the cache ---------------------------------------------------

# Runs the command line as the `tracker` script does, then says on stderr, after a NUL, which of
# the expensive modules the run imported.
RUN = (
    "import sys\nfrom tracker.cli import main\ncode = main(sys.argv[1:])\nsys.stdout.flush()\n"
    "heavy = ('pydantic.main', 'tracker.model', 'tracker.loader', 'yaml', 'pydantic', 'pydantic_core', 'rich', 'tempfile')\n"
    "sys.stderr.write('\\0' + ' '.join(m for m in heavy if m in sys.modules))\nsys.exit(code)\n"
)
OUTPUT_ENVIRON = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "COLORTERM", "COLUMNS", "LINES", "TRACKER_DATA")
PLAIN: dict[str, str] = {}
COLOUR = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100"}
NO_COLOUR_TERMINAL = {**COLOUR, "NO_COLOR": "1"}
LATER = "2025-06-02-istanbul"


class Run:
    def __init__(self, done: subprocess.CompletedProcess[bytes]):
        self.stdout, self.code = done.stdout, done.returncode
        self.stderr, _, imported = done.stderr.rpartition(b"\0")
        self.imported = imported.decode().split()

    @property
    def output(self) -> tuple[bytes, bytes, int]:
        return self.stdout, self.stderr, self.code


def tracker(args: list[str], cache_dir: Path | None, extra: dict[str, str] = PLAIN, cwd: Path | None = None) -> Run:
    """One whole process; without cache_dir, cold (TRACKER_NO_CACHE=1)."""
    env = {k: v for k, v in os.environ.items() if k not in OUTPUT_ENVIRON and not k.startswith("TRACKER_")}
    env.update(extra)
    if cache_dir is None:
        env["TRACKER_NO_CACHE"] = "1"
    else:
        env["TRACKER_CACHE_DIR"] = str(cache_dir)
    return Run(subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, env=env, cwd=cwd, timeout=120))


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "brief"])
def test_a_warm_diff_prints_byte_for_byte_what_a_cold_one_does(data_dir: Path, cache_on: Path, fmt: str) -> None:
    args = ["--data", str(data_dir), "diff", "--format", fmt]
    environments = (PLAIN, COLOUR, NO_COLOUR_TERMINAL)
    cold = [tracker(args, None, extra) for extra in environments]
    assert all(run.code == 0 and run.stdout for run in cold)
    if fmt == "text":  # three different outputs, so none may answer for another
        assert len({run.stdout for run in cold}) == 3
        assert b"\x1b[3" in cold[1].stdout and b"\x1b[3" not in cold[2].stdout and b"\x1b[" not in cold[0].stdout
    for _ in range(2):  # the first pass keeps each result, the second is answered from the cache
        warm = [tracker(args, cache_on, extra) for extra in environments]
        assert [run.output for run in warm] == [run.output for run in cold]
    assert all("tracker.model" not in run.imported for run in warm)
    assert all("tracker.model" in run.imported for run in cold)
    # A replayed answer does not even import the libraries: the cache key reads their versions from their files.
    assert all(run.imported == [] for run in warm)


def test_a_warm_diff_with_exit_code_keeps_its_exit_code(data_dir: Path, cache_on: Path) -> None:
    args = ["--data", str(data_dir), "diff", "--format", "brief", "--exit-code"]
    cold = tracker(args, None)
    assert cold.code == 1
    tracker(args, cache_on)
    warm = tracker(args, cache_on)
    assert warm.output == cold.output and "tracker.loader" not in warm.imported


def test_a_report_from_the_kept_load_imports_neither_yaml_nor_pydantic_core(data_dir: Path, cache_on: Path) -> None:
    """Another width, so the output is not kept but the load is: the load cache answers, and the
    reading of the files (PyYAML, pydantic_core, the rules) is never imported."""
    args = ["--data", str(data_dir), "diff", "--format", "brief"]
    cold = tracker(args, None)
    assert {"yaml", "pydantic_core", "tracker.loader"} <= set(cold.imported)
    tracker(args, cache_on, {"COLUMNS": "81"})
    warm = tracker(args, cache_on, {"COLUMNS": "82"})
    assert warm.output == cold.output
    assert "tracker.loader" in warm.imported and "tracker.model" in warm.imported  # the load, not a replay
    assert "yaml" not in warm.imported and "pydantic_core" not in warm.imported
    # It keeps its output for the next run (a temporary file, renamed) without tempfile and shutil.
    assert "tempfile" not in warm.imported
    replayed = tracker(args, cache_on, {"COLUMNS": "82"})
    assert replayed.output == cold.output and replayed.imported == []  # what it kept is answered


def test_other_reports_are_answered_from_the_cache_too(data_dir: Path, cache_on: Path) -> None:
    for args in (["rounds"], ["show", "--format", "json"], ["timeline", "--format", "markdown"], ["show", "--id", "nope"]):
        args = ["--data", str(data_dir), *args]
        cold = tracker(args, None)
        tracker(args, cache_on)
        warm = tracker(args, cache_on)
        assert warm.output == cold.output
        assert ("tracker.loader" in warm.imported) == (cold.code != 0)  # a failure is never kept


def test_the_width_and_the_directory_are_part_of_the_key(data_dir: Path, cache_on: Path, tmp_path: Path) -> None:
    args = ["--data", str(data_dir), "diff"]
    narrow, wide = {**COLOUR, "COLUMNS": "60"}, {**COLOUR, "COLUMNS": "140"}
    assert tracker(args, cache_on, narrow).output != tracker(args, cache_on, wide).output
    assert tracker(args, cache_on, wide).output == tracker(args, None, wide).output
    # Paths are printed relative to the current directory when they are below it.
    show = ["--data", str(data_dir), "show", "--id", "ukraine/ceasefire-30-day"]
    inside, outside = data_dir.parent, tmp_path / "elsewhere"
    outside.mkdir()
    from_inside, from_outside = tracker(show, cache_on, cwd=inside), tracker(show, cache_on, cwd=outside)
    assert from_inside.stdout != from_outside.stdout
    assert from_outside.output == tracker(show, None, cwd=outside).output
    assert tracker(show, cache_on, cwd=inside).output == from_inside.output == tracker(show, None, cwd=inside).output


def test_a_warm_validate_imports_neither_pydantic_models_nor_the_loader(data_dir: Path, cache_on: Path) -> None:
    first = tracker(["--data", str(data_dir), "validate"], cache_on)
    # Cold, the load validates with pydantic_core alone: pydantic's model machinery is never imported.
    assert "tracker.model" in first.imported and "pydantic.main" not in first.imported
    for args in (["--data", str(data_dir), "validate"], ["--data", str(data_dir), "validate", "-q"]):
        cold, warm = tracker(args, None), tracker(args, cache_on)
        assert warm.output == cold.output
        summary = (NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n").encode()
        assert cold.code == 0 and warm.stdout == (b"" if "-q" in args else summary)
        assert warm.imported == []
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"main(['--data', {str(data_dir)!r}, 'validate'])\n"
        "print('pydantic.main' in sys.modules, 'tracker.model' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_NO_CACHE"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "False False"


def test_a_diff_after_validate_reuses_the_load_and_validate_after_a_diff_is_warm(data_dir: Path, cache_on: Path) -> None:
    tracker(["--data", str(data_dir), "diff"], cache_on)
    assert tracker(["--data", str(data_dir), "validate"], cache_on).imported == []


def _one_byte(data_dir: Path) -> None:
    path = data_dir / "rounds" / LATER / "ukraine.yaml"
    path.write_bytes(path.read_bytes().replace(b"30 days", b"31 days"))


def _add(data_dir: Path) -> None:
    (data_dir / "rounds" / LATER / "turkey.yaml").write_text(
        "positions:\n  - id: host-talks\n    topic: ceasefire\n    kind: offer\n"
        "    summary: Offers to host further talks.\n    evidence:\n      - {source: src-a}\n"
    )


def _remove(data_dir: Path) -> None:
    (data_dir / "rounds" / LATER / "russia.yaml").unlink()


def _link_a_round(data_dir: Path) -> None:
    """The rounds folder becomes a link to a copy (inside the data directory: links out of it
    are not followed), in which one byte then changes: the loader follows the link, so the key
    must too."""
    rounds = data_dir / "elsewhere" / "rounds"
    shutil.move(data_dir / "rounds", rounds)
    (data_dir / "rounds").symlink_to(rounds)
    tracker(["--data", str(data_dir), "diff", "--format", "json"], data_dir.parent / "cache")
    _one_byte(data_dir)


@pytest.mark.parametrize("change", [_one_byte, _add, _remove, _link_a_round])
def test_any_change_to_the_data_is_a_miss_for_every_command(data_dir: Path, cache_on: Path, change) -> None:
    commands = [["diff", "--format", "json"], ["validate"], ["show", "--format", "json"]]
    before = [tracker(["--data", str(data_dir), *args], cache_on) for args in commands]
    change(data_dir)
    cold = [tracker(["--data", str(data_dir), *args], None) for args in commands]
    warm = [tracker(["--data", str(data_dir), *args], cache_on) for args in commands]
    assert [run.output for run in warm] == [run.output for run in cold]
    assert cold[0].output != before[0].output
    assert all(run.code == 0 for run in cold)


def test_invalid_data_is_never_answered_from_the_cache(data_dir: Path, cache_on: Path) -> None:
    for args in (["validate"], ["diff"]):
        assert tracker(["--data", str(data_dir), *args], cache_on).code == 0
    path = data_dir / "rounds" / LATER / "russia.yaml"
    stat = path.stat()
    text = path.read_text()
    assert "kind: offer" in text
    path.write_text(text.replace("kind: offer", "kind: ofer"))  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for _ in range(2):
        validate = tracker(["--data", str(data_dir), "validate"], cache_on)
        assert validate.code == 1 and b"ofer" in validate.stdout and b"problem(s)" in validate.stdout
        diff = tracker(["--data", str(data_dir), "diff"], cache_on)
        assert diff.code == 2 and b"ofer" in diff.stderr and diff.stdout == b""


def test_corrupt_cache_files_are_misses(data_dir: Path, cache_on: Path) -> None:
    args = [["--data", str(data_dir), "diff"], ["--data", str(data_dir), "validate"]]
    cold = [tracker(a, None) for a in args]
    for a in args:
        tracker(a, cache_on)
    for garbage in (b"", b"not marshal", b"tracker-load 2 " + b"0" * 40 + b" x y z\n"):
        for entry in [*cache_on.glob("*.result"), *cache_on.glob("*.load")]:
            entry.write_bytes(garbage)
        assert [tracker(a, cache_on).output for a in args] == [run.output for run in cold]


def test_no_cache_leaves_nothing(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))  # TRACKER_NO_CACHE=1 stays
    assert main(["--data", str(data_dir), "diff"]) == 0
    assert main(["--data", str(data_dir), "validate"]) == 0
    assert not (tmp_path / "cache").exists()


def test_the_cache_holds_a_bounded_number_of_entries(data_dir: Path, cache_on: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(results, "MAX_RESULTS", 3)
    monkeypatch.setattr(loads, "MAX_LOADS", 2)
    names: list[str] = []
    for party in ("ukraine", "russia", "joint", "ukraine", "ukraine,russia", "russia,joint"):
        before = {p.name for p in cache_on.glob("*.result")}
        assert main(["--data", str(data_dir), "show", "--party", party]) == 0
        after = {p.name for p in cache_on.glob("*.result")}
        names += sorted(after - before)
        assert len(after) <= 3
        for entry in cache_on.glob("*.result"):  # time passes (file times are coarser than a run)
            stamp = entry.stat().st_mtime - 10
            os.utime(entry, (stamp, stamp))
    # Answering from an entry counts as a use: the least recently used go first.
    ukraine, russia, joint, both, last = names
    assert {p.name for p in cache_on.glob("*.result")} == {ukraine, both, last}
    for copy in range(3):
        shutil.copytree(data_dir, tmp_path / f"copy{copy}")
        load_dataset(tmp_path / f"copy{copy}")
        assert len(list(cache_on.glob("*.load"))) <= 2
    assert len(list(cache_on.glob("*.load"))) == 2


def test_a_file_changed_while_a_command_reads_it_is_not_kept(data_dir: Path, cache_on: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The key is taken before the files are read; if one changes in between, the command saw
    other data than the key says, so nothing it made is kept under that key."""
    from tracker import reading

    path = data_dir / "rounds" / LATER / "russia.yaml"
    invalid = path.read_text().replace("kind: offer", "kind: ofer")
    path.write_text(invalid)
    assert main(["--data", str(data_dir), "validate"]) == 1
    original = reading.Loader.load

    def fixed_while_loading(self):
        path.write_text(invalid.replace("kind: ofer", "kind: offer"))
        return original(self)

    monkeypatch.setattr(reading.Loader, "load", fixed_while_loading)
    assert main(["--data", str(data_dir), "validate"]) == 0
    path.write_text(invalid)
    assert main(["--data", str(data_dir), "diff", "--format", "json"]) == 0
    monkeypatch.setattr(reading.Loader, "load", original)
    path.write_text(invalid)
    capsys.readouterr()
    assert main(["--data", str(data_dir), "validate"]) == 1
    assert "ofer" in capsys.readouterr().out
    assert main(["--data", str(data_dir), "diff", "--format", "json"]) == 2
    assert "ofer" in capsys.readouterr().err


def test_the_code_key_covers_the_reports_and_commands_but_not_the_app(tmp_path: Path) -> None:
    package = tmp_path / "tracker"
    shutil.copytree(Path(keys.__file__).parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    original = keys._code_digest(package)
    for changed in ("model.py", "dataset.py", "schema_problems.py", "report/text.py", "commands/diff.py", "cache/codec.py"):
        path = package / changed
        text = path.read_bytes()
        path.write_bytes(text + b"\n")
        assert keys._code_digest(package) != original, changed
        path.write_bytes(text)
    app = next((package / "app").glob("*.py"))
    app.write_bytes(app.read_bytes() + b"\n")
    assert keys._code_digest(package) == original


def test_validate_counts_the_events_cold_and_from_the_cache(tmp_path: Path, cache_on: Path) -> None:
    """The summary names the events beside the rounds and positions, the same whether the load
    is read afresh or its counts come from the cache; a record without events says nothing of them."""
    root = tmp_path / "events"
    shutil.copytree(Path(__file__).resolve().parent / "data" / "events", root)
    catalogue = root / "sources.yaml"
    catalogue.write_text("".join(line for line in catalogue.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("texts:")), encoding="utf-8")
    from tracker.loader import load_dataset

    events = len(load_dataset(root).events)
    assert events > 1
    cold = tracker(["--data", str(root), "validate"], None)
    tracker(["--data", str(root), "validate"], cache_on)
    warm = tracker(["--data", str(root), "validate"], cache_on)
    assert f" positions, {events} events, 0 problems".encode() in cold.stdout
    assert warm.output == cold.output and "tracker.loader" not in warm.imported


def test_a_report_from_the_kept_load_hashes_the_data_once_as_it_begins_and_once_after(
    data_dir: Path, cache_on: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The load looks the dataset up under the key the report took as it began, instead of hashing
    every file a second time; the check before keeping the output still hashes them again."""
    args = ["--data", str(data_dir), "diff", "--format", "brief"]
    monkeypatch.setenv("COLUMNS", "81")
    assert main(args) == 0  # keeps the load
    hashed: list[Path] = []
    content_key = keys.content_key
    monkeypatch.setattr(keys, "content_key", lambda root, sources: hashed.append(root) or content_key(root, sources))
    monkeypatch.setenv("COLUMNS", "82")  # another width: the output is not kept, the load is
    capsys.readouterr()
    assert main(args) == 0
    assert capsys.readouterr().out.strip()
    assert hashed == [data_dir, data_dir]


def test_the_key_handed_to_a_report_s_load_is_forgotten_when_it_ends(data_dir: Path, cache_on: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A later load in the same process (the app, a test) hashes the files as they are then."""
    assert main(["--data", str(data_dir), "diff", "--format", "brief"]) == 0
    path = data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"
    stat = path.stat()
    path.write_text(path.read_text().replace("collect the dead", "collect the deaf"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    local = load_dataset(data_dir).rounds["2025-06-02-istanbul"].by_key()[("russia", "local-ceasefire")]
    assert "deaf" in local.summary


def test_a_replay_writes_each_run_of_output_to_the_stream_it_went_to(data_dir: Path, cache_on: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Writes to one stream in a row are kept as one; a write to the other stream in between
    starts another, so stdout's text after a warning on stderr is replayed on stdout."""
    argv = ["diff", "--format", "brief"]
    recorded = results.Result.start(data_dir, argv)
    assert recorded is not None
    with recorded.recording():
        print("before", end="")
        print(" and still before")
        print("a warning", file=sys.stderr)
        print("after")
    recorded.keep(0)
    assert capsys.readouterr() == ("before and still before\nafter\n", "a warning\n")
    replayed = results.Result.start(data_dir, argv)
    assert replayed is not None and replayed.replay() == 0
    assert capsys.readouterr() == ("before and still before\nafter\n", "a warning\n")


def test_prune_removes_a_temporary_entry_left_a_day_ago_and_not_one_being_written(tmp_path: Path) -> None:
    """A `.entry-` file is an entry still being written, by this process or another; only one
    older than a day is one a killed process left behind."""
    from tracker.cache import store

    fresh, stale = tmp_path / ".entry-fresh.tmp", tmp_path / ".entry-stale.tmp"
    for path in (fresh, stale):
        path.write_bytes(b"half an entry")
    day_and_more = stale.stat().st_mtime - store._STALE_TEMP_SECONDS - 60
    os.utime(stale, (day_and_more, day_and_more))
    store.prune(tmp_path, ".result", 8)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name]
