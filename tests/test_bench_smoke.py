"""The benchmark's code paths at tiny sizes, so they cannot rot. No timing is asserted here:
bench/run.py measures; this checks that the corpus is valid and every measurement runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.diff import compare_rounds
from tracker.loader import load_dataset

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import make_corpus  # noqa: E402
import run as bench  # noqa: E402

TINY = bench.Sizes(
    process_reps=1, load_reps=1, compare_reps=1, timeline_reps=1, app_reps=1, keystrokes=3, corpus=(3, 2, 30), app_corpus=(1, 2, 20), scale_reps=1
)


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_valid_with_churn_between_rounds(tmp_path: Path) -> None:
    stats = make_corpus.make_corpus(tmp_path / "c", rounds=3, parties=3, positions=30, seed=5)
    dataset = load_dataset(tmp_path / "c")  # raises DataError with every problem if invalid
    assert len(dataset.rounds) == 3 and len(dataset.parties) == 3
    # N positions per party per round, plus the round's joint agreements (N // 100, at least one)
    assert all(len(data.positions) == 3 * 30 + 1 for data in dataset.rounds.values())
    assert stats["positions"] == dataset.count_positions()
    first, second, _ = dataset.rounds
    diff = compare_rounds(dataset, first, second)
    assert diff.added and diff.removed and diff.changed and len(diff.unchanged) > len(diff.changed)
    positions = list(dataset.all_positions())
    assert any(p.contested for p in positions)
    assert any(e.quote and e.speaker for p in positions for e in p.evidence)
    assert any(not isinstance(c, str) for p in positions for c in p.conditions)
    assert any(p.responds_to for p in positions)
    text = (tmp_path / "c" / "rounds" / second / "aurelia.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ") and ">-\n" in text  # comments and folded long lines, as curators write


def test_same_text_shortcut_changes_no_comparison(tmp_path: Path) -> None:
    """The loader's digest lets carried-over positions skip the field-by-field comparison; the
    result must be the same as comparing every field, and a modified copy must never match."""
    make_corpus.make_corpus(tmp_path / "c", rounds=3, parties=2, positions=40, seed=9)
    dataset = load_dataset(tmp_path / "c")
    ids = list(dataset.rounds)

    def outcome() -> list:
        diffs = [compare_rounds(dataset, a, b) for a, b in zip(ids, ids[1:])]
        return [([p.key for p in d.added], [p.key for p in d.removed], [(c.key, c.changes) for c in d.changed], [p.key for p in d.unchanged]) for d in diffs]

    first, second = (dataset.rounds[i].by_key() for i in ids[:2])
    carried = [(first[k], p) for k, p in second.items() if k in first and first[k].has_same_text(p)]
    assert len(carried) > len(second) // 2  # the shortcut is taken for most positions
    old, new = carried[0]
    edited = new.model_copy(update={"summary": new.summary + " Amended."})
    assert not old.has_same_text(edited) and not edited.has_same_text(old)
    with_shortcut = outcome()
    for position in dataset.all_positions():
        position.__pydantic_private__["_source"] = None
    assert outcome() == with_shortcut


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    make_corpus.make_corpus(tmp_path / "a", rounds=2, parties=2, positions=15, seed=3)
    make_corpus.make_corpus(tmp_path / "b", rounds=2, parties=2, positions=15, seed=3)
    make_corpus.make_corpus(tmp_path / "c", rounds=2, parties=2, positions=15, seed=4)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert files_of(tmp_path / "a") != files_of(tmp_path / "c")
    assert make_corpus.stamp_matches(tmp_path / "a", 2, 2, 15, 3)
    assert not make_corpus.stamp_matches(tmp_path / "a", 2, 2, 15, 4)


def test_corpus_never_writes_into_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        make_corpus.make_corpus(tmp_path, rounds=1, parties=1, positions=1, seed=1)
    assert make_corpus.main([str(tmp_path), "--rounds", "1"]) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# What each part's rows of the report say, where the tiny sizes make it known.
REPORTED = {
    "load": "load + validate, 3 rounds x 2 parties x 30 positions",
    "compare": "compare_rounds, two rounds of 61 and 61 positions",
    "scale": "tracker diff --format brief, two latest rounds, 3 rounds x 2 parties x 30 positions",
}


# One part per test: together they take a while (each starts processes), and xdist spreads them.
# The hostile files at a size that runs the part's code in a moment: their full sizes are held
# to their promise by tests/test_hostile.py, and timed by the benchmark.
TINY_HOSTILE = (("3 unknown keys in one position", lambda t: t.replace(bench._POSITION, bench._POSITION + "    k0: 1\n    k1: 1\n    k2: 1\n", 1)),)


@pytest.mark.parametrize("part", bench.PARTS)
def test_every_part_runs_once(tmp_path: Path, part: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "HOSTILE", TINY_HOSTILE)
    results = bench.run([part], TINY, tmp_path, log=lambda message: None)
    assert results and {r.part for r in results} == {part}
    for result in results:
        if result.note.startswith("skipped"):
            continue
        assert result.samples and all(s > 0 for s in result.samples), result
        assert not result.floor or result.ratio is not None
    report = bench.table(results)
    assert REPORTED.get(part, "") in report


def test_percentile() -> None:
    assert bench.percentile([5.0], 95) == 5.0
    assert bench.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert bench.percentile([float(i) for i in range(1, 101)], 95) == pytest.approx(95.05)


def test_one_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """Startup cost: `tracker validate` must not pay for the editor's or the reports' modules,
    and the help must still list every command."""
    import subprocess

    data = REPO / "tests" / "data" / "good"
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"code = main(['--da', {str(data)!r}, 'validate', '-q'])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(('tracker.commands.', 'tracker.editing', 'tracker.report', 'textual', 'rich'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "0 ['tracker.commands.common', 'tracker.commands.validate']"
    helped = subprocess.run([sys.executable, "-m", "tracker", "--help"], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert all(command in helped.stdout for command in ("validate", "diff", "new-round", "schema"))


@pytest.mark.parametrize("command", [["validate"], ["diff", "--format", "brief"]])
def test_a_command_on_valid_data_imports_nothing_only_help_or_a_problem_needs(tmp_path: Path, command: list[str]) -> None:
    """Startup cost: argparse's help formatter asks the terminal's width through shutil (and its
    compression modules), the close matches of a misspelt key need difflib, and the matrix is
    drawn by the app and the HTML report only; a run that prints no help, finds no problem and
    draws no matrix needs none of them."""
    data = REPO / "tests" / "data" / "good"
    code = (
        "import io, sys\nfrom tracker.cli import main\n"
        f"sys.stdout = io.StringIO()\ncode = main(['--data', {str(data)!r}, *{command!r}])\nsys.stdout = sys.__stdout__\n"
        "print(code, sorted(m for m in ('shutil', 'difflib', 'bz2', 'lzma', 'tracker.matrix') if m in sys.modules))\n"
    )
    env = {**os.environ, "TRACKER_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    assert out.stdout.strip() == "0 []"


def test_each_hostile_case_is_the_bundled_data_with_only_its_file_made_hostile(tmp_path: Path) -> None:
    """The hostile rows once timed the bundled data as it is plus a missing source catalogue: the
    party file they changed had lost the position they add to, and the copies were not beside
    the catalogue. Each copy now differs in its one file, and is valid without that change."""
    from tracker.cli import main
    from tracker.paths import bundled_data_dir

    bundled = bundled_data_dir()
    copies = bench.hostile_copies(bundled, tmp_path)
    assert list(copies) == [name for name, _ in bench.HOSTILE]
    for target in copies.values():
        original = bundled / target.relative_to(target.parents[2])
        assert target.stat().st_size > original.stat().st_size
    target = next(iter(copies.values()))
    target.write_bytes((bundled / target.relative_to(target.parents[2])).read_bytes())
    assert main(["--data", str(target.parents[2]), "validate", "-q"]) == 0


def test_app_part_is_skipped_without_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bench, "app_available", lambda: False)
    [result] = bench.measure_app(tmp_path, tmp_path, reps=1)
    assert result.note == "skipped: app not available" and not result.samples
    assert "skipped: app not available" in bench.table([result])
