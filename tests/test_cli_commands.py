"""Commands as a new user meets them, called as they type them: `schema` given a file's path,
`new-round` leaving nothing of the old round passing for the new one's, `new-position`'s
template and editor hint, `export`'s account of what it wrote."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tracker.cli import main

JUNE = "2025-06-02-istanbul"


@pytest.fixture
def tracker(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]):
    """`tracker ARGS` in the test process: its exit code, and what it and the editor it starts
    write to stdout and stderr (captured at the file descriptors, where the editor writes)."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> SimpleNamespace:
        with monkeypatch.context() as patched:
            for name, value in (env or {}).items():
                patched.setenv(name, value)
            if cwd is not None:
                patched.chdir(cwd)
            capfd.readouterr()
            code = main(list(args))
            out, err = capfd.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (f"rounds/{JUNE}/round.yaml", "round"),
        (f"rounds/{JUNE}/russia.yaml", "party-round"),
        (f"rounds/{JUNE}/new-party.yaml", "party-round"),  # a file not written yet
        ("parties.yaml", "parties"),
        ("topics.yaml", "topics"),
        ("sources.yaml", "sources"),
    ],
)
def test_schema_takes_a_files_path_and_says_which_kind_it_found(tracker, data_dir: Path, path: str, kind: str) -> None:
    result = tracker("schema", str(data_dir / path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["$id"] == f"{kind}.schema.json"
    assert result.stderr.startswith(f"tracker: {data_dir / path} is a {kind} file: ")


def test_a_party_file_is_known_by_its_rounds_folder_or_by_a_round_file_beside_it(tmp_path: Path) -> None:
    from tracker.commands.schema import kind_of_path

    # A round's folder not made yet: under rounds/ is enough.
    assert kind_of_path(str(tmp_path / "rounds" / "2025-07-23-istanbul" / "ukraine.yaml")) == "party-round"
    # A round's files copied elsewhere: a round.yaml beside it is enough.
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "round.yaml").write_text("id: 2025-07-23-istanbul\n")
    assert kind_of_path(str(copy / "ukraine.yaml")) == "party-round"
    assert kind_of_path(str(tmp_path / "elsewhere" / "ukraine.yaml")) is None


def test_schema_by_kind_prints_the_schema_alone(tracker, data_dir: Path) -> None:
    result = tracker("schema", "round")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["$id"] == "round.schema.json"


def test_schema_of_what_is_no_data_file_says_what_it_takes(tracker, data_dir: Path) -> None:
    result = tracker("schema", str(data_dir / "notes.txt"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"tracker: cannot tell which kind of data file '{data_dir / 'notes.txt'}' is; give its path")
    assert "Traceback" not in result.stderr
    assert tracker("schema", "rond").stderr.rstrip().endswith("(did you mean 'round'?)")


def test_a_new_round_reports_no_outcome_of_the_round_it_was_copied_from(tracker, data_dir: Path) -> None:
    made = tracker("--data", str(data_dir), "new-round", "2025-07-23-istanbul", "--date", "2025-07-23")
    assert made.returncode == 0, made.stderr
    assert "next: write the round's title and outcome in round.yaml" in made.stdout
    brief = tracker("--data", str(data_dir), "diff", "--format", "brief")
    assert brief.returncode == 0, brief.stderr
    assert "New exchanges agreed." not in brief.stdout.splitlines()[0]  # June's outcome, not July's
    assert brief.stdout.startswith("23 July 2025, Istanbul (since 2 June 2025, Istanbul): TO WRITE: what came of this round")
    assert "warning: copied from 2025-06-02-istanbul by `tracker new-round`" in brief.stderr
    checked = tracker("--data", str(data_dir), "validate")
    assert checked.returncode == 0 and "1 warning" in checked.stdout


def test_new_positions_template_at_a_later_round_says_when_it_was_put_forward(tracker, data_dir: Path) -> None:
    # `cat` as the editor shows the draft and changes nothing, so nothing is added.
    later = tracker("--data", str(data_dir), "new-position", "--party", "russia", env={"EDITOR": "cat", "VISUAL": ""})
    assert (later.returncode, later.stdout.splitlines()[-1]) == (1, "no position added"), later.stderr
    assert "    put_forward: 2025-06-02  # the day it was first put forward; delete the line if not at this round\n" in later.stdout
    # At the first round there is nothing earlier for it to be new against.
    first = tracker("--data", str(data_dir), "new-position", "--party", "russia", "--round", "first", env={"EDITOR": "cat", "VISUAL": ""})
    assert first.returncode == 1 and "- id: NEW-ID" in first.stdout and "put_forward" not in first.stdout


def test_without_an_editor_the_hint_names_one_that_is_installed(tracker, data_dir: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "micro").write_text("#!/bin/sh\n")
    (bin_dir / "micro").chmod(0o755)
    env = {"EDITOR": "", "VISUAL": "", "PATH": str(bin_dir)}
    result = tracker("--data", str(data_dir), "edit", "ceasefire-30-day", env=env)
    assert result.returncode == 2
    assert result.stderr == "tracker: no editor set: set $VISUAL or $EDITOR, e.g. `export EDITOR=micro` (micro is installed here)\n"
    (bin_dir / "micro").unlink()
    result = tracker("--data", str(data_dir), "new-position", "--party", "russia", env=env)
    assert result.returncode == 2 and "none of nano, micro, vim" in result.stderr and "is installed here" in result.stderr
