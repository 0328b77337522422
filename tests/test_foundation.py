"""The command line's contract (exit codes, no tracebacks), import hygiene and the schema copies."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.commands.validate import NO_SOURCES as NO_SOURCES_LINE
from tracker.schema import SCHEMAS, render

REPO = Path(__file__).resolve().parent.parent

NO_SOURCES = NO_SOURCES_LINE + "\n"  # validate says whether quotes were checked against the sources


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tracker ARGS`: for what only a process shows (its entry point, a traceback)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("TRACKER_DATA", None) if env is None or "TRACKER_DATA" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=60
    )


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> SimpleNamespace:
    """`tracker ARGS` in the test process, from the folder `cwd`, with `env` added to the
    environment (and $TRACKER_DATA unset unless `env` sets it): how a command finds its data is
    its own code, which a process would only start."""
    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.pop("TRACKER_DATA", None)
        os.environ.update(env or {})
        with contextlib.chdir(cwd or os.getcwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse's own exits
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import tracker, tracker.model, tracker.loader, tracker.diff, tracker.schema, tracker.cli\n"
        "from tracker.loader import load_dataset, bundled_data_dir\n"
        "load_dataset(bundled_data_dir())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_validate_command_does_not_import_textual(data_dir: Path) -> None:
    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"code = main(['--data', {str(data_dir)!r}, 'validate', '-q'])\n"
        "assert code == 0, code\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_validate_ok(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data_dir), "validate"]) == 0
    assert capsys.readouterr().out == NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"


def test_validate_problems_exit_1_and_list_all(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"
    path.write_text(path.read_text().replace("kind: offer", "kind: ofer").replace("topic: ceasefire\n    kind: precondition", "topic: truce\n    kind: precondition"))
    assert main(["--data", str(data_dir), "validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("russia.yaml:3:12: error: positions[0].topic: unknown topic 'truce'")
    assert lines[1].endswith("russia.yaml:10:11: error: positions[1].kind: 'ofer' is not one of demand, precondition, proposal, offer, concession, rejection, red_line, commitment or agreement (did you mean 'offer'?)")
    assert lines[2:] == [NO_SOURCES.rstrip("\n"), f"checked {data_dir}{os.sep}: 2 problem(s) in 1 file(s)"]


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    missing = run_process("--data", str(tmp_path / "nowhere"), "validate")
    assert missing.returncode == 2
    assert "data directory not found" in missing.stderr and "Traceback" not in missing.stderr
    bad_option = run_process("validate", "--frobnicate")
    assert bad_option.returncode == 2 and "Traceback" not in bad_option.stderr


def test_bad_data_never_gives_a_traceback(data_dir: Path) -> None:
    (data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml").write_bytes(b"positions: [" + b"[" * 200_000)
    (data_dir / "topics.yaml").write_bytes(b"\xff\xfe")
    result = run_process("--data", str(data_dir), "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "russia.yaml:1:" in result.stdout and "topics.yaml:1:1:" in result.stdout


def test_data_dir_from_environment_and_cwd(data_dir: Path, tmp_path: Path) -> None:
    by_env = run_cli("validate", env={"TRACKER_DATA": str(data_dir)})
    assert by_env.stdout == NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"
    (data_dir.parent / "elsewhere").mkdir()
    by_cwd = run_cli("validate", cwd=data_dir.parent)  # ./positions exists there
    assert by_cwd.stdout == NO_SOURCES + f"checked positions{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"


def test_no_subcommand_never_crashes() -> None:
    result = run_process("--help")
    assert result.returncode == 0 and "validate" in result.stdout


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schema_matches_the_models(name: str) -> None:
    checked_in = REPO / "schema" / f"{name}.schema.json"
    assert checked_in.read_text(encoding="utf-8") == render(name), (
        f"schema/{name}.schema.json is out of date: run `tracker schema {name} > schema/{name}.schema.json`"
    )
    json.loads(checked_in.read_text(encoding="utf-8"))


def test_schema_command_prints_party_round_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "PartyRoundFile"
    position = schema["$defs"]["Position"]
    assert position["additionalProperties"] is False
    assert set(position["required"]) == {"id", "topic", "kind", "summary", "evidence"}


def test_codebook_is_in_sync_with_models_and_data() -> None:
    from tracker.codebook import render_codebook

    expected = render_codebook(bundled_dataset())
    assert (REPO / "docs" / "schema.md").read_text(encoding="utf-8") == expected, (
        "docs/schema.md is out of date: run `tracker schema --codebook > docs/schema.md`"
    )
    for kind in ("demand", "precondition", "agreement", "implemented", "claims", "responds_to"):
        assert f"`{kind}`" in expected


def test_the_codebook_has_a_section_for_every_model_a_data_file_holds() -> None:
    """Tracks, documents and their points were in the files and the JSON Schema but not in the
    codebook: every model reachable from a data file's fields has its section."""
    import typing

    from pydantic import BaseModel

    from tracker.codebook import SECTIONS
    from tracker.format_definition import Party, Position, Round, Source, Topic

    def models(annotation: typing.Any) -> set[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return {annotation}
        return {m for arg in typing.get_args(annotation) for m in models(arg)}

    reachable: set[type[BaseModel]] = set()
    todo = [Round, Position, Party, Topic, Source]
    while todo:
        model = todo.pop()
        if model in reachable:
            continue
        reachable.add(model)
        for info in model.model_fields.values():
            todo += models(info.annotation)
    documented = {model for model, _ in SECTIONS}
    assert {m.__name__ for m in reachable - documented} == set()
    # Each section opens with its model's first paragraph, whole: not cut at a line's end.
    from tracker.codebook import render_codebook

    codebook = render_codebook(bundled_dataset())
    for model, _ in SECTIONS:
        assert " ".join((model.__doc__ or "").strip().split("\n\n")[0].split()) in codebook, model.__name__


def test_data_option_after_the_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith(NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds, 3 parties, 9 positions")
    assert main(["--data", str(data_dir / "missing"), "validate", "--data", str(data_dir)]) == 0


def test_validate_names_the_directory_it_checked(data_dir: Path) -> None:
    """Relative to the current directory when inside it, as the problems' paths are."""
    inside = run_cli("validate", "--data", str(data_dir / "rounds" / ".."), cwd=data_dir.parent)
    assert inside.stdout == NO_SOURCES + f"checked positions{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"
    (data_dir / "topics.yaml").write_text("topics: [\n")
    from_data = run_cli("validate", "--data", ".", cwd=data_dir)
    assert from_data.returncode == 1
    assert from_data.stdout.startswith("topics.yaml:2:1: error: ")
    assert from_data.stdout.endswith(f"\nchecked .{os.sep}: 1 problem(s) in 1 file(s)\n")


def test_run_from_inside_the_data_directory_uses_it(data_dir: Path) -> None:
    """`cd positions && tracker …` means this data, not the bundled dataset."""
    checked = run_cli("validate", cwd=data_dir)
    assert checked.returncode == 0 and checked.stdout == NO_SOURCES + f"checked .{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"
    listed = run_cli("rounds", "--format", "json", cwd=data_dir)
    assert sum(r["positions"]["total"] for r in json.loads(listed.stdout)["rounds"]) == 9  # the bundled data has more
    # From a round's folder, the data directory above it is found, as git finds a repository.
    deep = run_cli("validate", cwd=data_dir / "rounds" / "2025-06-02-istanbul")
    assert deep.returncode == 0 and deep.stdout == NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds, 3 parties, 9 positions, 0 problems\n"
    # And from a folder beside positions/ (a notes folder in the project), through its parent.
    (data_dir.parent / "notes").mkdir()
    assert run_cli("validate", cwd=data_dir.parent / "notes").stdout.startswith(NO_SOURCES + f"checked {data_dir}{os.sep}: 2 rounds")


def test_the_search_upwards_stops_at_a_repository_and_skips_stray_folders(tmp_path: Path) -> None:
    """Above the current folder only a real data directory counts, and not past a git top."""
    import shutil

    from conftest import GOOD_DATA

    stray = tmp_path / "stray"
    (stray / "rounds").mkdir(parents=True)
    (stray / "project" / "src").mkdir(parents=True)
    assert run_cli("validate", cwd=stray / "project" / "src").returncode == 2  # a bare rounds/ is not data
    outer = tmp_path / "outer"
    data_dir = outer / "positions"
    shutil.copytree(GOOD_DATA, data_dir)
    assert run_cli("validate", cwd=outer / "positions" / "rounds").returncode == 0  # found from below
    (outer / "repo" / ".git").mkdir(parents=True)
    (outer / "repo" / "src").mkdir()
    assert run_cli("validate", cwd=outer / "repo" / "src").returncode == 2  # another project's data
    assert run_cli("--data", str(data_dir), "validate", cwd=outer / "repo" / "src").returncode == 0
    assert run_cli("validate", cwd=outer / "repo").returncode == 2  # at the repository's top, as a hook runs


def test_validate_refuses_to_stand_the_bundled_data_in_for_yours(tmp_path: Path) -> None:
    """A pre-commit hook run where there is no data must fail, not pass on the bundled dataset;
    the other commands still open the bundled dataset, as a first run of the app does."""
    from tracker.paths import bundled_data_dir

    nothing_here = run_cli("validate", cwd=tmp_path)
    assert nothing_here.returncode == 2 and nothing_here.stdout == ""
    assert nothing_here.stderr.startswith(
        "tracker: no data directory here: no positions/ folder here or in any folder above, and neither --data nor $TRACKER_DATA names one\n"
    )
    assert "give --data DIR" in nothing_here.stderr and str(bundled_data_dir()) in nothing_here.stderr
    assert run_cli("rounds", cwd=tmp_path).returncode == 0
    # The commands that write refuse too: they never change the bundled dataset for want of yours.
    before = sorted((p, p.stat().st_mtime_ns) for p in bundled_data_dir().rglob("*"))
    env = {"EDITOR": "true"}
    for command in (["edit", "local-ceasefires"], ["new-position", "--party", "russia"], ["new-round", "2026-01-09-geneva", "--date", "2026-01-09"]):
        refused = run_cli(*command, cwd=tmp_path, env=env)
        assert refused.returncode == 2 and refused.stderr.startswith("tracker: no data directory here: "), command
    assert sorted((p, p.stat().st_mtime_ns) for p in bundled_data_dir().rglob("*")) == before
    missing = run_cli("rounds", cwd=tmp_path, env={"TRACKER_DATA": str(tmp_path / "nope")})
    assert missing.returncode == 2 and missing.stderr == "tracker: data directory not found: nope (named by $TRACKER_DATA)\n"  # relative to the current folder
    asked_for = run_cli("validate", "--data", str(bundled_data_dir()), cwd=tmp_path)
    assert asked_for.returncode == 0
    assert asked_for.stdout.startswith(NO_SOURCES + f"checked {bundled_data_dir()}{os.sep} (the dataset bundled with tracker): ")


def test_a_terminal_is_told_when_the_bundled_dataset_stands_in(tmp_path: Path) -> None:
    """On a terminal, stderr says the data shown is the bundled dataset; piped, nothing is added."""
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATA"}
    with subprocess.Popen([sys.executable, "-m", "tracker", "rounds"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=follower) as process:
        os.close(follower)
        process.stdout.read()
        assert process.wait(timeout=60) == 0
    said = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed once the process is gone
            break
        if not chunk:
            break
        said += chunk
    os.close(leader)
    assert said.decode().strip() == "tracker: no data directory here or above, so this is the dataset bundled with tracker; give --data DIR for yours"
    assert run_cli("rounds", cwd=tmp_path).stderr == ""


def test_data_directory_given_as_a_folder_inside_one(data_dir: Path) -> None:
    """`--data positions/rounds` is one line naming the folder meant, not a problem per file."""
    for inner in (data_dir / "rounds", data_dir / "rounds" / "2025-06-02-istanbul"):
        result = run_cli("--data", str(inner), "validate")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == f"tracker: {inner} is not a data directory: it has no parties.yaml and no rounds/; did you mean --data {data_dir}?\n"


def test_data_directory_given_as_a_file(data_dir: Path) -> None:
    for file in (data_dir / "parties.yaml", data_dir / "rounds" / "2025-06-02-istanbul" / "russia.yaml"):
        result = run_cli("--data", str(file), "validate")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (
            f"tracker: {file} is a file, not a data directory: expected the folder that holds "
            f"parties.yaml, topics.yaml and rounds/; did you mean --data {data_dir}?\n"
        )
    lone = data_dir.parent / "notes.txt"
    lone.write_text("")
    result = run_cli("diff", "--data", str(lone))
    assert result.returncode == 2 and "notes.txt is a file, not a data directory" in result.stderr and "did you mean" not in result.stderr
