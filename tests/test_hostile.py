"""Hostile data: what a pull request could put in a data directory must not hang tracker, act
on the terminal, leak another file, or cost more than linear time to report."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tracker import yamlread
from tracker.loader import load_dataset
from tracker.problems import MAX_LISTED_PER_FILE, DataError, Problem, quote, safe_text
from tracker.report.records import dumps

MAY = "rounds/2025-05-16-istanbul"
JUNE = "rounds/2025-06-02-istanbul"
SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" * 20 + "\nTHE-END-OF-THE-SECRET\n"
# Seconds after which a command counts as hung (it should take well under one; the bound is
# generous for a loaded machine, and a hang never ends).
HUNG = 30


def tracker(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, timeout=HUNG,
        stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})},
    )  # fmt: skip


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        load_dataset(root)
    return info.value.problems


def no_escape_codes(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text, text


# --- escape codes: made safe at one place -----------------------------------------------------


def test_escape_codes_in_file_and_field_names_are_shown_escaped(data_dir: Path) -> None:
    title = "\x1b]0;owned\x07"
    (data_dir / MAY / f"note{title}.txt").write_text("x")
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("    kind: offer\n", "    kind: offer\n    \"bad\\e]0;owned\\a\": 1\n"))
    result = tracker("validate", "--data", str(data_dir))
    assert result.returncode == 1
    no_escape_codes(result.stdout + result.stderr)
    assert "note\\x1b]0;owned\\x07.txt:1:1: error: not a data file" in result.stdout
    assert "bad\\x1b]0;owned\\x07" in result.stdout


def test_a_data_directory_named_with_escape_codes_is_echoed_escaped(tmp_path: Path) -> None:
    result = tracker("diff", "--data", str(tmp_path / "e\x1b[31m\x9b2J"))
    assert result.returncode != 0
    no_escape_codes(result.stderr)
    assert "e\\x1b[31m\\x9b2J" in result.stderr


def test_problem_format_escapes_path_field_and_message() -> None:
    problem = Problem(Path("a\x1b[2Jb.yaml"), 1, 2, "x\x07", "got \u202e and \x85")
    assert problem.format() == "a\\x1b[2Jb.yaml:1:2: error: x\\x07: got \\u202e and \\x85"
    assert safe_text("tab\tand\nnewline") == "tab\tand\nnewline"


# --- links and excerpts ---------------------------------------------------------------------


def link_party_file_to_a_secret(data_dir: Path, tmp_path: Path) -> Path:
    secret = tmp_path / "id_ed25519"
    secret.write_text(SECRET)
    party = data_dir / JUNE / "russia.yaml"
    party.unlink()
    party.symlink_to(secret)
    return secret


def test_a_party_file_linked_out_of_the_data_directory_is_not_read(data_dir: Path, tmp_path: Path) -> None:
    secret = link_party_file_to_a_secret(data_dir, tmp_path)
    result = tracker("validate", "--data", str(data_dir))
    assert result.returncode == 1
    assert "outside the data directory: not followed" in result.stdout
    assert "b3Bl" not in result.stdout + result.stderr
    assert secret.read_text() == SECRET  # nothing written through the link


def test_a_link_followed_on_request_is_quoted_as_an_excerpt_only(data_dir: Path, tmp_path: Path) -> None:
    link_party_file_to_a_secret(data_dir, tmp_path)
    result = tracker("validate", "--data", str(data_dir), env={"TRACKER_FOLLOW_LINKS": "1"})
    assert result.returncode == 1
    assert "expected a mapping of fields at the top of the file, got the text" in result.stdout
    assert "THE-END-OF-THE-SECRET" not in result.stdout + result.stderr
    assert len(result.stdout) < 1000


def test_a_link_inside_the_data_directory_is_followed(data_dir: Path) -> None:
    (data_dir / "parties-real.yml.txt").write_bytes((data_dir / "parties.yaml").read_bytes())
    (data_dir / "parties.yaml").unlink()
    (data_dir / "parties.yaml").symlink_to("parties-real.yml.txt")
    assert "russia" in load_dataset(data_dir).parties


def test_quote_cuts_a_long_value_to_an_excerpt() -> None:
    assert quote("short") == "'short'"
    long = quote("x" * 5000)
    assert long.startswith("'xxx") and long.endswith("… (5,000 characters)") and len(long) < 100


# --- every entry of a round folder is read or reported, nothing hangs ------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_special_entries_in_a_round_folder_are_reported_not_read(data_dir: Path) -> None:
    may, june = data_dir / MAY, data_dir / JUNE
    os.mkfifo(may / "turkey.yaml")
    (june / "turkey.yaml").symlink_to("/dev/stdin")
    (may / "united-states.yaml").mkdir()
    (june / "united-states.yaml").symlink_to("missing.yaml")
    (june / "loop.yaml").symlink_to("loop.yaml")
    result = tracker("validate", "--data", str(data_dir))
    assert result.returncode == 1
    out = result.stdout
    assert f"{MAY}/turkey.yaml:1:1: error: a named pipe (FIFO), not a data file" in out
    assert f"{JUNE}/turkey.yaml:1:1: error: a " in out  # a device or a pipe: whatever stdin is
    assert f"{MAY}/united-states.yaml:1:1: error: a folder, not a data file" in out
    assert f"{JUNE}/united-states.yaml:1:1: error: a link to nothing" in out
    assert f"{JUNE}/loop.yaml:1:1: error: a link that loops back on itself" in out
    assert "5 problem(s) in 5 file(s)" in out
    diff = tracker("diff", "--data", str(data_dir))  # every command, not only validate
    assert diff.returncode != 0 and "named pipe" in diff.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_special_entries_in_the_rounds_folder_are_reported(data_dir: Path) -> None:
    rounds = data_dir / "rounds"
    os.mkfifo(rounds / "2025-07-23-istanbul")
    (rounds / "2025-08-01-geneva").symlink_to("nowhere")
    (rounds / "README.md").write_text("notes of the curators")  # a plain file stays allowed
    found = sorted((p.file.name, p.message) for p in problems_of(data_dir))
    assert found == [
        ("2025-07-23-istanbul", "a named pipe (FIFO): rounds/ holds a folder for each round"),
        ("2025-08-01-geneva", "a link to nothing: rounds/ holds a folder for each round"),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_a_catalogue_file_is_reported_not_waited_on(data_dir: Path) -> None:
    (data_dir / "topics.yaml").unlink()
    os.mkfifo(data_dir / "topics.yaml")
    result = tracker("validate", "--data", str(data_dir))
    assert result.returncode == 1
    assert "topics.yaml:1:1: error: a named pipe (FIFO), not a regular file: not read" in result.stdout


# --- many problems: linear, and capped per file ----------------------------------------------


class _CountingList(list):
    """A mapping node's entries, counting how many are looked at."""

    seen = 0

    def __iter__(self):
        for item in list.__iter__(self):
            _CountingList.seen += 1
            yield item


def _count_node_visits(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = yaml.compose

    def counting(*args, **kwargs):
        root = compose(*args, **kwargs)
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                node.value = _CountingList(node.value)
                stack.extend(v for _, v in list.__iter__(node.value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return root

    monkeypatch.setattr(yamlread.yaml, "compose", counting)


def test_thirty_thousand_unknown_keys_cost_linear_work_and_list_a_hundred(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = 30_000
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("    topic: ceasefire\n", "    topic: ceasefire\n" + "".join(f"    k{i}: 1\n" for i in range(keys)), 1))
    _count_node_visits(monkeypatch)
    _CountingList.seen = 0
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    # Looking each problem up by scanning its mapping would visit keys² / 2 = 450 million entries.
    assert _CountingList.seen < 20 * keys
    error = info.value
    assert error.count == keys
    listed = [p for p in error.problems if p.file == path]
    assert len(listed) == MAX_LISTED_PER_FILE + 1
    assert listed[-1].format().endswith(f"note: … and {keys - MAX_LISTED_PER_FILE:,} more problems in this file")


def _compose_recorded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text composed from now on."""
    composed: list[int] = []
    compose = yamlread.yaml.compose

    def recording(text: str, *args: object, **kwargs: object) -> object:
        composed.append(len(text))
        return compose(text, *args, **kwargs)

    monkeypatch.setattr(yamlread.yaml, "compose", recording)
    return composed


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 300,000 unknown keys make a 4.4 MB file: composing it alone took libyaml 4 seconds.
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("    topic: ceasefire\n", "    topic: ceasefire\n" + "".join(f"    k{i}: 1\n" for i in range(300_000)), 1))
    composed = _compose_recorded(monkeypatch)
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    assert composed and max(composed) < yamlread.MAX_FILE_BYTES  # the other files only
    [problem] = [p for p in info.value.problems if p.file == path]
    assert (problem.line, problem.col) == (1, 1)
    assert f"over the {yamlread.MAX_FILE_BYTES:,}-byte limit for a data file" in problem.message
    assert info.value.count == 1


def test_a_file_of_too_many_values_is_refused_before_any_is_built(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Within the size limit, yet each of 60,000 unknown keys would be a problem to make and count.
    keys = 60_000
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text() + "junk:\n" + "".join(f"  k{i}: 1\n" for i in range(keys)))
    assert path.stat().st_size < yamlread.MAX_FILE_BYTES
    built: list[object] = []
    construct = yamlread._construct
    monkeypatch.setattr(yamlread, "_construct", lambda node: built.append(node) or construct(node))
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    [problem] = [p for p in info.value.problems if p.file == path]
    assert f"over {yamlread.MAX_VALUES:,} values in one file" in problem.message
    assert problem.line > 1  # where the count passed the limit
    assert info.value.count == 1
    # Nothing of the refused file was built: every node built belongs to the other files.
    assert len(built) < keys


def test_a_file_just_within_the_value_limit_is_read_and_every_problem_counted(data_dir: Path) -> None:
    keys = (yamlread.MAX_VALUES - 2_000) // 2  # the file's own values leave room for these
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("    topic: ceasefire\n", "    topic: ceasefire\n" + "".join(f"    k{i}: 1\n" for i in range(keys)), 1))
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    assert info.value.count == keys
    assert not [p for p in info.value.problems if "values in one file" in p.message]


def test_validate_counts_every_problem_and_lists_a_capped_number(data_dir: Path) -> None:
    path = data_dir / JUNE / "russia.yaml"
    path.write_text(path.read_text() + "".join(f"x{i}: 1\n" for i in range(300)))
    result = tracker("validate", "--data", str(data_dir))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_LISTED_PER_FILE + 3
    assert lines[-3].endswith("note: … and 200 more problems in this file")
    assert lines[-2].startswith("sources: ")  # whether quotes were checked against the sources
    assert lines[-1].endswith("300 problem(s) in 1 file(s)")


# --- numbers: decimal only, never NaN ---------------------------------------------------------


@pytest.mark.parametrize("written", ["1:30", "017", "0b101", "0x1F", ".nan", ".inf", "-.inf", "1.0e999", "1_000", "!!float .nan", "+339", "339.", ".5"])
def test_yaml_1_1_numbers_are_refused_in_number_fields(data_dir: Path, written: str) -> None:
    path = data_dir / JUNE / "russia.yaml"
    text = path.read_text()
    assert "min: 2," in text
    path.write_text(text.replace("min: 2,", f"min: {written},"))
    problems = problems_of(data_dir)
    assert [p.field for p in problems] == ["positions[1].quantities[0].min"], problems
    assert written.split()[-1] in problems[0].message


HUGE = "1" + "0" * 309  # past the largest float


@pytest.mark.parametrize("command", [["validate"], ["diff"], ["diff", "--format", "json"], ["diff", "--format", "html"], ["show"], ["rounds"], ["timeline", "prisoners"], ["export", "OUT"]])
def test_a_huge_integer_is_a_problem_at_its_value_not_an_internal_error(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    from tracker.cli import main

    path = data_dir / JUNE / "round.yaml"
    text = path.read_text()
    assert "value: 1000, per: side" in text
    path.write_text(text.replace("value: 1000, per: side", f"value: {HUGE}, per: side"))
    code = main(["--data", str(data_dir), *[str(tmp_path / "out") if part == "OUT" else part for part in command]])
    out, err = capsys.readouterr()
    assert code == (1 if command == ["validate"] else 2), out + err  # the data's problem, never an internal error (3)
    assert "internal error" not in out + err
    assert "round.yaml:22:34: error: agreements[" in out + err and "(310 characters)" in out + err
    assert HUGE[:80] not in out + err  # quoted as an excerpt


def test_a_huge_number_where_text_goes_is_quoted_as_an_excerpt(data_dir: Path) -> None:
    path = data_dir / JUNE / "round.yaml"
    text = path.read_text()
    assert "value: 1000, per: side" in text
    path.write_text(text.replace("{what: prisoners, value: 1000, per: side", "{what: " + HUGE[:300] + ", value: 1000, per: side"))
    [problem] = problems_of(data_dir)
    assert "got the number 1000000" in problem.message and "… (300 characters)" in problem.message


@pytest.mark.parametrize(("written", "value"), [("12", 12), ("-3", -3), ("0", 0), ("2.5", 2.5), ("-0.5", -0.5), ("1.5e+3", 1500.0)])
def test_plain_decimal_numbers_still_read_as_numbers(written: str, value: float) -> None:
    assert yamlread.parse_yaml(f"a: {written}").value == {"a": value}


def test_json_output_is_strict_and_escapes_c1_controls_and_separators() -> None:
    text = dumps({"a": "x\x85y\x9b\u2028\u2029z", "b": "Çırağan"})
    assert "\\u0085" in text and "\\u009b" in text and "\\u2028" in text and "\\u2029" in text
    assert not any(ch in text for ch in "\x85\x9b\u2028\u2029")
    assert json.loads(text)["a"] == "x\x85y\x9b\u2028\u2029z" and "Çırağan" in text
    with pytest.raises(ValueError):
        dumps({"a": math.nan})


# --- new rounds and long names ------------------------------------------------------------------


def test_new_round_keeps_a_crlf_round_file_crlf(data_dir: Path) -> None:
    source = data_dir / JUNE / "round.yaml"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    result = tracker("--data", str(data_dir), "new-round", "2025-07-23-istanbul", "--date", "2025-07-23")
    assert result.returncode == 0, result.stderr
    copied = (data_dir / "rounds" / "2025-07-23-istanbul" / "round.yaml").read_bytes()
    assert b"# Copied from" in copied
    assert copied.count(b"\n") == copied.count(b"\r\n")


@pytest.mark.parametrize("command", ["validate", "diff", "show", "rounds", "timeline", "new-round"])
def test_an_over_long_data_path_is_a_clear_message(tmp_path: Path, command: str) -> None:
    extra = ["x", "--date", "2025-07-23"] if command == "new-round" else []
    result = tracker("--data", str(tmp_path / ("a" * 300)), command, *extra)
    assert result.returncode in (1, 2), result.stderr
    assert "internal error" not in result.stderr and "cannot use the data directory" in result.stderr
    assert "File name too long" in result.stderr


def test_an_over_long_round_id_is_a_clear_message(data_dir: Path) -> None:
    before = sorted(p.name for p in (data_dir / "rounds").iterdir())
    result = tracker("--data", str(data_dir), "new-round", "2025-07-23-" + "b" * 300, "--date", "2025-07-23")
    assert result.returncode == 2
    assert "is not a valid round id: use at most 80" in result.stderr and "(311 characters)" in result.stderr
    assert sorted(p.name for p in (data_dir / "rounds").iterdir()) == before


def test_an_edit_with_many_problems_counts_them_all(data_dir: Path) -> None:
    from tracker.editing.files import read_for_edit
    from tracker.editing.saving import Outcome, save_text

    path = data_dir / JUNE / "russia.yaml"
    loaded = read_for_edit(path)
    result = save_text(data_dir, loaded, loaded.text + "".join(f"x{i}: 1\n" for i in range(150)))
    assert result.outcome is Outcome.INVALID and result.message == "not saved: 150 problems"
    assert len(result.problems) == MAX_LISTED_PER_FILE + 1


@pytest.mark.parametrize("command", [["diff", "--party", ""], ["diff", "--topic", ","], ["show", "--kind", " "], ["timeline", "--party", ""], ["export", "--round", "", "OUT"]])
def test_an_empty_filter_is_a_usage_error_not_everything(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    from tracker.cli import main

    code = main(["--data", str(data_dir), *[str(tmp_path / "out") if part == "OUT" else part for part in command]])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "names nothing: give a name, or leave the option out to take everything" in err
    assert not (tmp_path / "out").exists()


def test_a_round_id_with_a_trailing_newline_is_not_an_id(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.cli import main

    code = main(["--data", str(data_dir), "new-round", "2025-09-01-x\n", "--date", "2025-09-01"])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert not any("\n" in p.name for p in (data_dir / "rounds").iterdir())


@pytest.mark.parametrize("how", ["init", "--sources", "$TRACKER_SOURCES"])
def test_an_over_long_path_anywhere_is_a_clear_message(data_dir: Path, tmp_path: Path, how: str) -> None:
    long = str(tmp_path / ("a" * 5000))
    if how == "init":
        result = tracker("init", long)
    elif how == "--sources":
        result = tracker("--data", str(data_dir), "validate", "--sources", long)
    else:
        result = tracker("--data", str(data_dir), "validate", env={"TRACKER_SOURCES": long})
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "File name too long" in result.stderr


def test_init_in_the_current_empty_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = subprocess.run([sys.executable, "-m", "tracker", "init", "."], capture_output=True, text=True, timeout=HUNG, cwd=here)
    assert result.returncode == 0, result.stderr
    assert (here / "parties.yaml").is_file() and (here / "rounds").is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left
    assert subprocess.run([sys.executable, "-m", "tracker", "--data", str(here), "validate"], capture_output=True, timeout=HUNG).returncode == 0


def test_a_regular_file_that_would_wait_for_data_is_refused_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc/kmsg is a regular file whose read, opened without blocking, has nothing to give
    (reading it in a test would take the kernel's messages from the system log): the same answer
    is made here by a read that returns None, as a non-blocking read then does."""
    path = tmp_path / "kmsg"
    path.write_text("x")

    class WouldBlock:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            return None

    real = os.fdopen
    from tracker import datafile  # where a data file is read, apart from the YAML machinery

    monkeypatch.setattr(datafile.os, "fdopen", lambda fd, mode: WouldBlock(real(fd, mode)))
    with pytest.raises(yamlread.YamlProblem) as info:
        yamlread.read_data_file(path)
    assert "would wait for data" in info.value.message


def test_a_file_with_one_problem_past_the_limit_lists_the_limit_and_counts_the_one() -> None:
    """At most MAX_LISTED_PER_FILE problems of a file are listed, exactly: one more is counted in
    a last line, not listed; another file's problems are capped on their own."""
    from tracker.problems import cap_per_file

    one, other = Path("one.yaml"), Path("other.yaml")
    problems = [Problem(one, n, 1, "f", "bad") for n in range(1, MAX_LISTED_PER_FILE + 2)] + [Problem(other, 1, 1, "f", "bad")]
    capped = cap_per_file(problems)
    assert sum(p.file == one and not p.more for p in capped) == MAX_LISTED_PER_FILE
    [more] = [p for p in capped if p.more]
    assert (more.file, more.more, more.message) == (one, 1, "… and 1 more problem in this file")
    assert sum(p.file == other for p in capped) == 1
    exactly = cap_per_file(problems[:MAX_LISTED_PER_FILE])
    assert len(exactly) == MAX_LISTED_PER_FILE and not any(p.more for p in exactly)
