"""Docs that run: every `tracker` command in a shell block of README.md and docs/*.md is run
here, and must exit as the page says.

- Each block runs in a sandbox of its own: a copy of the bundled data laid out as in this
  repository (`positions/`, `seeds/sources.yaml`), the current folder its top; `cd` in a block
  carries over to the block's next commands.
- A `sh` block's commands must exit 0. In a `console` block, a command is a line after `$ `, and
  its output what follows: it must exit 1 if the output shows an `error:`, else 0, and every
  `error:`/`warning:` line it shows must be printed (line and column aside, so that an edit to
  the data above it does not break the page).
- A comment `<!-- docs-test: in FILE: "OLD" -> "NEW" -->` right before a block makes that change
  in the sandbox first: how a page shows a problem without the data having it.
- $EDITOR (and a `code` on PATH, for `EDITOR="code --wait"`) is a script that fills in a new
  position's template and changes nothing else, so the editing commands run as a curator's would.
- A `tracker new-round ID` example creates its round, and `tracker export … OUTDIR` its folder:
  what it creates is removed before it runs, so alternatives in one block each run.
- The source texts, `../shared/seeds` beside the repository, are linked in at the same place in
  the sandbox; a block that names them is skipped, with the reason, where they are absent.
- `tracker` alone (or `tracker tui`) opens the app: not run here (the Pilot tests drive it).

Commands run in-process (tracker.cli.main); only the editor is a subprocess, as for a curator.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.paths import bundled_data_dir, find_sources_file

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SEEDS = REPO.parent / "shared" / "seeds"
_FENCE = re.compile(r"^```(\w*)\s*$")
_SETUP = re.compile(r'^<!-- docs-test: in (\S+): "(.*)" -> "(.*)" -->$')
_WHERE = re.compile(r":\d+:\d+: (error|warning): ")


@dataclass
class Command:
    line: int
    text: str
    expected: int = 0
    shown: list[str] = field(default_factory=list)
    """The error and warning lines the page shows it printing."""


@dataclass
class Block:
    page: Path
    line: int
    commands: list[Command]
    setup: list[tuple[str, str, str]]

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(REPO).as_posix()}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            fence = _FENCE.match(lines[i])
            if fence is None:
                i += 1
                continue
            start, lang = i, fence.group(1)
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            body = lines[start + 1 : end]
            setup = []
            j = start - 1
            while j >= 0 and (m := _SETUP.match(lines[j])):
                setup.insert(0, m.groups())
                j -= 1
            commands = _console(body, start + 2) if lang == "console" else _shell(body, start + 2) if lang in ("sh", "bash", "shell") else []
            if any(_is_tracker(c.text) for c in commands):
                found.append(Block(page, start + 1, commands, setup))
            i = end + 1
    return found


def _shell(body: list[str], first: int) -> list[Command]:
    return [Command(first + n, line.strip()) for n, line in enumerate(body) if line.strip() and not line.strip().startswith("#")]


def _console(body: list[str], first: int) -> list[Command]:
    commands: list[Command] = []
    for n, line in enumerate(body):
        if line.startswith("$ "):
            commands.append(Command(first + n, line[2:].strip()))
        elif commands and _WHERE.search(line):
            commands[-1].shown.append(line)
            if ": error: " in line:
                commands[-1].expected = 1
    return commands


def _words(text: str) -> list[str]:
    return shlex.split(text, comments=True)


def _is_tracker(text: str) -> bool:
    words = [w for w in _words(text) if not re.match(r"^[A-Z_]+=", w)]
    return bool(words) and words[0] == "tracker"


def _opens_the_app(words: list[str]) -> bool:
    rest = [w for w in words[1:] if w.startswith("-") is False]
    return not rest or rest[0] == "tui"


EDITOR = """\
import re, sys
from pathlib import Path
arg = sys.argv[-1]
path = Path(arg)
if not path.exists() and re.search(r":\\d+$", arg):
    path = Path(arg.rsplit(":", 1)[0])
text = path.read_text(encoding="utf-8")
if "NEW-ID" in text:  # a new position's template: filled in as a curator would
    text = (text.replace("NEW-ID", "docs-example").replace("kind: KIND", "kind: proposal")
            .replace("topic: TOPIC", "topic: ceasefire").replace("summary:  #", "summary: An example.  #")
            .replace("SOURCE-ID", "dw-2025-06-02"))
    path.write_text(text, encoding="utf-8")
"""


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    shutil.copytree(bundled_data_dir(), work / "positions")
    catalogue = find_sources_file(bundled_data_dir())
    assert catalogue is not None
    (work / "seeds").mkdir()
    shutil.copyfile(catalogue, work / "seeds" / "sources.yaml")
    if SEEDS.is_dir():
        (tmp_path / "shared").mkdir()
        (tmp_path / "shared" / "seeds").symlink_to(SEEDS)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("editor", "code"):
        script = bin_dir / name
        script.write_text(f"#!{sys.executable}\n{EDITOR}")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("EDITOR", str(bin_dir / "editor"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("TRACKER_DATA", raising=False)
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    monkeypatch.setenv("TRACKER_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no questions asked
    monkeypatch.chdir(work)
    return work


ALL = blocks()


def test_the_pages_have_examples_to_run() -> None:
    pages = {b.page.name for b in ALL}
    assert {"README.md", "editing.md"} <= pages
    assert sum(len(b.commands) for b in ALL) >= 15


@pytest.mark.parametrize("block", ALL, ids=[b.id for b in ALL])
def test_every_example_runs_as_the_page_says(block: Block, sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if any("../shared/seeds" in c.text for c in block.commands) and not SEEDS.is_dir():
        pytest.skip(f"source texts not found: expected the shared seeds folder at {SEEDS}")
    for name, old, new in block.setup:
        path = sandbox / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{block.id}: the docs-test comment wants {old!r} in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    for command in block.commands:
        where = f"{block.page.name}:{command.line}: {command.text}"
        words = _words(command.text)
        if words[0] == "cd":
            monkeypatch.chdir(Path(words[1]))
            continue
        if not _is_tracker(command.text):
            continue
        with monkeypatch.context() as env:
            while re.match(r"^[A-Z_]+=", words[0]):
                name, _, value = words.pop(0).partition("=")
                env.setenv(name, value)
            if _opens_the_app(words):
                continue
            # Alternatives in one block each create what they write: a new round, an export's folder.
            if words[1:2] == ["new-round"]:
                shutil.rmtree(sandbox / "positions" / "rounds" / words[2], ignore_errors=True)
            if words[1:2] == ["export"] and not words[-1].startswith("-"):
                shutil.rmtree(Path(words[-1]), ignore_errors=True)
            target = None
            if "|" in words:
                words = words[: words.index("|")]  # what reads the output is not ours to run
            if ">" in words:
                at = words.index(">")
                words, target = words[:at], words[at + 1]
            code = main(words[1:])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, where
        if target is not None:
            Path(target).write_text(out, encoding="utf-8")
        assert code == command.expected, f"{where}: exit {code}, the page says {command.expected}\n{out}{err}"
        printed = {_WHERE.sub(":L:C: \\1: ", line) for line in out.splitlines()}
        for shown in command.shown:
            assert _WHERE.sub(":L:C: \\1: ", shown) in printed, f"{where}: the page shows\n  {shown}\nbut it printed\n{out}"
