"""`tracker diff`, `show`, `rounds` and `timeline` as a user meets them: arguments, exit codes,
errors, colour and pipes, and what they import."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_round_as

from tracker.cli import main

MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-01-istanbul"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def tracker(data_dir: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter, its output piped."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TRACKER_DATA")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--data", str(data_dir), *args],
        capture_output=True, text=True, env=full_env, timeout=60, **kwargs,
    )  # fmt: skip


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """In-process: (exit code, stdout, stderr) of `tracker --data <fixture copy> ARGS`."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)

    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--data", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return cli


# --- choosing rounds --------------------------------------------------------------------------


def test_rounds_by_id_date_and_prefix(cli) -> None:
    expected = cli("diff", MAY, JUNE, "--format", "brief")
    assert expected[0] == 0 and expected[1].startswith("2 June 2025, Istanbul (since 16 May 2025, Istanbul): ")
    assert cli("diff", "--format", "brief") == expected
    assert cli("diff", "2025-05-16", "2025-06-02", "--format", "brief") == expected
    assert cli("diff", "2025-05", "--format", "brief") == expected  # FROM only: against the latest
    assert cli("show", "2025-05-16", "--format", "brief")[1] == f"{MAY}: 4 positions (Ukraine 2, Russia 1, joint 1)\n"


def test_exit_code_like_git_diff(cli) -> None:
    assert cli("diff", "--exit-code", "--format", "brief")[0] == 1
    assert cli("diff", JUNE, JUNE, "--exit-code", "--format", "brief")[0] == 0
    assert cli("diff", JUNE, JUNE, "--format", "brief")[1].endswith("Tally: 0 moved in substance; 5 unchanged.\n")
    # Filters narrow what counts as a difference.
    assert cli("diff", "--exit-code", "--topic", "ceasefire", "--party", "russia", "--format", "brief")[0] == 1
    code, out, _ = cli("diff", "--exit-code", "--party", "russia", "--topic", "political-process")
    assert code == 0 and "No differences." in out
    assert cli("diff", "--format", "brief")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "2024"], "no round '2024'; the rounds are: 2025-05-16-istanbul, 2025-06-02-istanbul"),
        (["diff", "2025"], "round '2025' is ambiguous: it could be 2025-05-16-istanbul, 2025-06-02-istanbul"),
        (["diff", "--party", "rusia"], "unknown party 'rusia' (did you mean 'russia'?); the parties are: ukraine, russia, turkey, joint"),
        (["diff", "--topic", "truce,prisoners"], "unknown topic 'truce'; the topics are: ceasefire, prisoners, remains, political-process"),
        (["show", "--kind", "demands"], "unknown kind 'demands' (did you mean 'demand'?); the kinds are: demand, precondition"),
        (["show", "--status", "done"], "unknown status 'done'; the statuses are: stated, agreed, rejected"),
        (["show", "1999-01-01"], "no round '1999-01-01'"),
        (["show", JUNE, "--id", "leaders-meeting"], "no position 'leaders-meeting' at 2025-06-02-istanbul; it is on record at 2025-05-16-istanbul"),
        (["show", "--id", "nothing-like-it"], "those at 2025-06-02-istanbul are: russia/ceasefire-preconditions, russia/local-ceasefire, ukraine/ceasefire-30-day, joint/exchange-1000, joint/remains-6000"),
        (["show", "--id", "local-ceasefires"], "no position 'local-ceasefires' in any round (did you mean 'local-ceasefire'?)"),
        (["show", "--id", "ua/local-ceasefire"], "no position 'ua/local-ceasefire' of Ukraine in any round; 'local-ceasefire' is a position of russia"),
        (["show", "--id", "rusia/local-ceasefire"], "unknown party 'rusia'"),
        (["timeline", "truce"], "unknown topic 'truce'; the topics are: ceasefire, prisoners, remains, political-process"),
        (["timeline", "--party", "nobody"], "unknown party 'nobody'; the parties are:"),
        (["diff", "--party", "nobody,noone"], "unknown parties 'nobody', 'noone'; the parties are:"),
    ],
)
def test_unknown_names_exit_2_and_list_the_valid_ones(cli, args: list[str], message: str) -> None:
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("tracker: ") and message in err


def test_an_id_two_parties_share_needs_the_party(cli, data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("id: local-ceasefire", "id: ceasefire-30-day"))
    code, _, err = cli("show", "--id", "ceasefire-30-day")
    assert code == 2 and "a position of more than one party" in err
    assert "russia/ceasefire-30-day" in err and "ukraine/ceasefire-30-day" in err
    code, out, _ = cli("show", "--id", "russia/ceasefire-30-day", "--format", "brief")
    assert code == 0 and out == "russia/ceasefire-30-day (offer, stated): Short local ceasefires to collect the dead.\n"
    assert cli("show", "--id", "ceasefire-30-day", "--party", "ukraine", "--format", "brief")[1].startswith("ukraine/")


def test_a_title_two_topics_share_picks_neither(cli, data_dir: Path) -> None:
    topics = data_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("title: Remains", "title: Ceasefire"))
    code, out, err = cli("diff", "--topic", "Ceasefire", "--format", "brief")
    assert (code, out) == (2, "") and err == "tracker: topic 'Ceasefire' is ambiguous: it could be ceasefire, remains\n"
    assert cli("diff", "--topic", "remains", "--format", "brief")[0] == 0  # the id still is


def test_a_short_name_two_parties_share_picks_neither() -> None:
    """The loader refuses such parties; the rule itself holds too, for any list of names."""
    from tracker.report.options import UsageError, check_names

    aliases = [("RU", "russia"), ("RU", "rusland"), ("Russia", "russia")]
    with pytest.raises(UsageError, match="^party 'RU' is ambiguous: it could be russia, rusland$"):
        check_names("party", "parties", ["RU"], ["russia", "rusland"], aliases)
    assert check_names("party", "parties", ["russia", "RUSSIA"], ["russia", "rusland"], aliases) == ["russia"]


def test_a_name_matches_whatever_separates_its_words() -> None:
    """Case, accents, spaces, hyphens and underscores aside, as a shell user types a name."""
    from tracker.report.options import check_names

    aliases = [("United States", "usa"), ("Türkiye", "turkey")]
    typed = ["united_states", "UNITED-STATES", " united  states ", "turkiye", "TÜRKIYE"]
    assert [check_names("party", "parties", [name], ["usa", "turkey"], aliases) for name in typed] == [["usa"]] * 3 + [["turkey"]] * 2


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ([], "5 positions (Ukraine 1, Russia 2, joint 2)"),
        (["--topic", "remains"], "1 position (joint 1)"),
        (["--topic", "Prisoners of war"], "1 position (joint 1)"),
        (["--party", "RU"], "2 positions (Russia 2)"),
        (["--status", "implemented"], "1 position (joint 1)"),
        (["--kind", "demand"], "1 position (Ukraine 1)"),
    ],
)
def test_each_filter_of_show_alone_leaves_out_what_it_should(cli, args: list[str], shown: str) -> None:
    assert cli("show", *args, "--format", "brief") == (0, f"{JUNE}: {shown}\n", "")


def test_kinds_may_be_written_with_hyphens(cli) -> None:
    assert cli("show", "--kind", "red-line", "--format", "brief") == (0, f"{JUNE}: 0 positions\n", "")
    assert cli("show", "--kind", "offer", "--format", "brief")[1] == f"{JUNE}: 1 position (Russia 1)\n"


@pytest.mark.parametrize("command", [["diff"], ["show"], ["rounds"], ["timeline"], ["diff", "--format", "json"]])
def test_invalid_data_exits_2_with_the_loaders_errors(cli, data_dir: Path, command: list[str]) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("kind: offer", "kind: ofer"))
    (data_dir / "topics.yaml").write_text("topics: [")
    code, out, err = cli(*command)  # in the test process: a traceback would be an exception here
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert re.search(r"russia\.yaml:\d+:\d+: error: positions\[1\]\.kind: 'ofer' is not one of", err)
    assert re.search(r"topics\.yaml:\d+:\d+: error: YAML syntax", err)


def test_missing_data_directory(tmp_path: Path) -> None:
    result = tracker(tmp_path / "nowhere", "diff")
    assert result.returncode == 2 and "data directory not found" in result.stderr and "Traceback" not in result.stderr


def test_fewer_than_two_rounds(cli, data_dir: Path) -> None:
    shutil.rmtree(data_dir / "rounds" / JUNE)
    code, _, err = cli("diff")
    assert code == 2 and err == f"tracker: comparing needs two rounds; the data has only {MAY}\n"
    assert cli("diff", MAY, MAY, "--format", "brief")[0] == 0
    shutil.rmtree(data_dir / "rounds" / MAY)
    assert cli("diff")[2] == "tracker: comparing needs two rounds; the data has none\n"
    assert cli("show")[0] == 2
    assert cli("rounds") == (0, "No rounds.\n", "")
    assert cli("timeline")[0] == 0


def test_the_json_diff_says_what_narrowed_it(cli) -> None:
    assert "filters" not in json.loads(cli("diff", "--format", "json")[1])
    narrowed = json.loads(cli("diff", "--party", "Russia", "--topic", "ceasefire", "--format", "json")[1])
    assert narrowed["filters"] == {"parties": ["russia"], "topics": ["ceasefire"]}


def test_parties_and_topics_by_the_names_the_reports_print(cli) -> None:
    """Ids, names and short names, in any case and with or without accents."""
    by_id = cli("diff", "--party", "russia,turkey", "--topic", "ceasefire,prisoners", "--format", "json")[1]
    for party, topic in (("Russia,Türkiye", "Ceasefire,prisoners of war"), ("RU,tr", "CEASEFIRE,Prisoners Of War"), ("russia,turkiye", "ceasefire,prisoners")):
        code, out, err = cli("diff", "--party", party, "--topic", topic, "--format", "json")
        assert (code, err) == (0, "") and out == by_id, (party, topic)
    assert cli("diff", "-p", "Russia", "-p", "RU", "--format", "brief")[1].startswith("Only party Russia.\n")


def test_names_in_any_script_match_only_their_own_party(cli, data_dir: Path) -> None:
    parties = data_dir / "parties.yaml"
    parties.write_text(parties.read_text().replace("name: Russia,", "name: Россия,"))
    assert cli("diff", "--party", "россия", "--format", "brief")[1].startswith("Only party Россия.\n")
    code, _, err = cli("diff", "--party", "Україна")
    assert code == 2 and err.startswith("tracker: unknown party 'Україна'")


def test_a_third_round(cli, data_dir: Path) -> None:
    """A new round dropped in: the default comparison moves on to it; the timeline grows."""
    july = data_dir / "rounds" / JULY
    shutil.copytree(data_dir / "rounds" / JUNE, july)
    round_file = july / "round.yaml"
    round_file.write_text(round_file.read_text().replace(JUNE, JULY).replace("date: 2025-06-02", "date: 2025-07-01").replace("status: agreed", "status: implemented\n    status_date: 2025-06-10"))
    (july / "ukraine.yaml").write_text((july / "ukraine.yaml").read_text().replace("min: 30", "min: 60"))
    code, out, _ = cli("diff")
    assert code == 0
    assert f"{JUNE} → {JULY}: 0 added, 0 removed, 2 changed (1 moved in substance, 1 carried out, 0 reworded, 0 re-sourced), 3 unchanged" in out
    assert "ceasefire length: at least 30 days → at least 60 days" in out
    assert "status: agreed → implemented (10 June 2025)" in out
    timeline = json.loads(cli("timeline", "remains", "--format", "json")[1])
    assert [r["id"] for r in timeline["rounds"]] == [MAY, JUNE, JULY]
    assert [c["step"] for c in timeline["rows"][0]["cells"]] == ["absent", "new", "changed"]
    text = cli("timeline", "remains")[1]
    assert "agreed at 2 June 2025, Istanbul; carried out 10 June 2025" in text
    assert cli("diff", MAY, "--format", "brief")[1].startswith("Since 16 May 2025, Istanbul: 2 June 2025, Istanbul: ")


def test_a_position_back_after_a_gap_is_not_called_new(cli, data_dir: Path) -> None:
    """Ukraine's leaders' meeting proposal: on record in May, not in June, back in July."""
    july = copy_round_as(data_dir, JUNE, JULY)
    may = (data_dir / "rounds" / MAY / "ukraine.yaml").read_text()
    meeting = may[may.index("  - id: leaders-meeting") :].split("\n  - id:")[0].rstrip("\n") + "\n"
    (july / "ukraine.yaml").write_text((july / "ukraine.yaml").read_text().rstrip("\n") + "\n" + meeting)
    code, out, _ = cli("diff")
    assert code == 0, out
    assert "+ leaders-meeting" in out
    assert "back after a gap: last on record 16 May 2025, Istanbul" in out
    brief = cli("diff", "--format", "markdown")[1]
    assert "- Back on record from Ukraine (proposal; last on record 16 May 2025, Istanbul): " in brief
    assert "made a new proposal" not in brief and "### New\n" not in brief
    assert "### Back on record after a gap" in brief and "| + returned | Ukraine |" in brief
    added = json.loads(cli("diff", "--format", "json")[1])["added"]
    assert [(a["id"], a.get("returned_from")) for a in added] == [("leaders-meeting", MAY)]
    timeline = json.loads(cli("timeline", "--party", "ukraine", "--format", "json")[1])
    row = next(r for r in timeline["rows"] if r["id"] == "leaders-meeting")
    assert [c["step"] for c in row["cells"]] == ["new", "dropped", "returned"]
    # May's record names no date it was put forward: first on record there, not new.
    assert [c.get("novelty") for c in row["cells"]] == ["first_on_record", None, "returned"]
    assert "returned" in cli("timeline", "--party", "ukraine")[1]
    # Between May and July it was there both times: nothing to flag.
    assert "back after a gap" not in cli("diff", MAY, JULY)[1]


def test_timeline_json_says_new_only_where_the_data_says_put_forward_there(cli, data_dir: Path) -> None:
    path = data_dir / "rounds" / MAY / "ukraine.yaml"
    text = path.read_text()
    start = text.index("  - id: leaders-meeting")
    path.write_text(text[:start] + "  - put_forward: 2025-05-16\n    id: leaders-meeting" + text[start + len("  - id: leaders-meeting"):])
    timeline = json.loads(cli("timeline", "--party", "ukraine", "--format", "json")[1])
    row = next(r for r in timeline["rows"] if r["id"] == "leaders-meeting")
    assert (row["cells"][0]["step"], row["cells"][0]["novelty"]) == ("new", "new")
    assert all("novelty" not in c for c in row["cells"][1:])


# --- colour, pipes and tracebacks ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["diff", "--all"], ["show"], ["show", "--id", "remains-6000"], ["rounds"], ["timeline"]])
def test_piped_output_has_no_escape_codes(data_dir: Path, command: list[str]) -> None:
    result = tracker(data_dir, *command)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout and "\x1b" not in result.stdout


def _colours(output: str) -> set[str]:
    codes = {code for params in SGR.findall(output) for code in params.split(";") if code}
    return {c for c in codes if re.fullmatch(r"3[0-8]|4[0-8]|9[0-7]|10[0-7]", c)}


def test_colour_on_a_terminal_and_none_with_no_color(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal would get
    monkeypatch.setenv("COLUMNS", "100")
    _, coloured, _ = cli("diff")
    assert "32" in _colours(coloured)  # `+` rows in green
    assert "~ ceasefire-30-day" in SGR.sub("", coloured)
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = cli("diff")
    assert _colours(plain) == set()
    assert SGR.sub("", plain) == SGR.sub("", coloured)


def test_timeline_is_a_table_on_a_terminal(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = cli("timeline", "prisoners")
    shown = SGR.sub("", out)
    assert "─" in shown
    header = next(line for line in shown.splitlines() if "16 May 2025, Istanbul" in line)
    assert "2 June 2025, Istanbul" in header  # the rounds side by side
    assert all(len(line) <= 120 for line in shown.splitlines())


def test_timeline_table_never_cuts_an_id(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns the position column is narrower than `ceasefire-preconditions`: the id
    folds onto a second line after its hyphen, whole, never mid-word nor with an ellipsis."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    shown = SGR.sub("", cli("timeline", "ceasefire")[1])
    assert "…" not in shown
    first_column = [line[2:18].strip() for line in shown.splitlines()]
    assert "ceasefire-" in first_column and "preconditions" in first_column


@pytest.mark.parametrize("command", [["diff", "--all"], ["diff", "--format", "json"], ["show"], ["timeline"], ["rounds"]])
def test_a_reader_that_leaves_early_is_no_error(data_dir: Path, command: list[str]) -> None:
    """`tracker diff | head -1`: the pipe closes before the command writes."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--data", str(data_dir), *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    process.stdout.close()  # the reader is gone before the first write
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_head_in_a_shell_pipeline(data_dir: Path) -> None:
    result = subprocess.run(
        f"{sys.executable} -m tracker --data '{data_dir}' diff --all | head -1",
        shell=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout == "Changes from 16 May 2025, Istanbul to 2 June 2025, Istanbul\n"
    assert result.stderr == ""


# --- what the commands import -------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["diff"], ["diff", "--format", "json"], ["diff", "--format", "markdown"], ["show"], ["show", "--id", "remains-6000"], ["rounds"], ["timeline"]],
)
def test_report_commands_do_not_import_textual(data_dir: Path, command: list[str]) -> None:
    code = (
        "import io, sys\n"
        "from tracker.cli import main\n"
        f"status = main(['--data', {str(data_dir)!r}, *{command!r}])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(status, 'textual' in sys.modules, any(m.split('.')[0] == 'rich' for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    status, textual, rich = result.stdout.splitlines()[-1].split()
    assert status == "0" and textual == "False"
    # Piped, every report is plain text: Rich is only loaded to style a terminal.
    assert rich == "False"


def test_an_output_that_cannot_encode_the_text(data_dir: Path) -> None:
    """A latin-1 pipe: JSON falls back to \\u escapes (the same data), text to '?'."""
    (data_dir / "rounds" / JUNE / "round.yaml").write_text(
        (data_dir / "rounds" / JUNE / "round.yaml").read_text().replace("Ciragan Palace", "Çırağan Palace")
    )
    normal = tracker(data_dir, "diff", "--format", "json")
    narrow = tracker(data_dir, "diff", "--format", "json", env={"PYTHONIOENCODING": "latin-1"})
    assert narrow.returncode == 0 and narrow.stderr == ""
    assert "\\u0131" in narrow.stdout and json.loads(narrow.stdout) == json.loads(normal.stdout)
    text = tracker(data_dir, "diff", env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1")
    assert text.returncode == 0 and text.stderr == ""
    assert f"{MAY} ? {JUNE}: 2 added" in text.stdout
