"""The user's own editor: the command that opens a file at a line in $VISUAL or $EDITOR, and
running it in this terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from tracker.yamltext import EditError


class EditorNotSet(EditError):
    pass


_PLUS_LINE = {"vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "pico", "emacs", "emacsclient", "kak", "joe", "mg", "ne", "micro"}
_GOTO_FLAG = {"code": "--wait", "code-insiders": "--wait", "codium": "--wait", "cursor": "--wait"}  # code --wait -g f:l
_FILE_COLON_LINE = {"subl": "--wait", "hx": None, "helix": None, "zed": "--wait"}


def editor_command(path: Path, line: int | None = None, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens `path` at `line` in $VISUAL or $EDITOR, split like a shell would.

    Editors that would return at once (`code`, `subl`) get their wait flag, or the loop could
    not see the edit.
    """
    env = os.environ if env is None else env
    name, value = next(((n, env[n]) for n in ("VISUAL", "EDITOR") if env.get(n, "").strip()), (None, ""))
    if name is None:
        raise EditorNotSet(f"no editor set: set $VISUAL or $EDITOR, {_editor_hint()}")
    try:
        argv = shlex.split(value)
    except ValueError as exc:
        raise EditorNotSet(f"cannot read ${name} ({value!r}): {exc}") from None
    program = Path(argv[0]).name.removesuffix(".exe")
    file = str(path)
    flag = _GOTO_FLAG.get(program) or _FILE_COLON_LINE.get(program)
    wait = [] if flag is None or {"--wait", "-w"} & set(argv) else [flag]  # with or without a line to go to
    if line is None or line < 1:
        return argv + wait + [file]
    if program in _PLUS_LINE:
        return argv + [f"+{line}", file]
    if program in _GOTO_FLAG:
        return argv + wait + ["-g", f"{file}:{line}"]
    if program in _FILE_COLON_LINE:
        return argv + wait + [f"{file}:{line}"]
    return argv + [file]


SUGGESTED_EDITORS = ("nano", "micro", "vim", "nvim", "vi", "emacs", "hx", "code", "mg", "ne", "ed")
"""Editors to suggest, in the order a newcomer would rather meet them; only one on PATH is named."""


def _editor_hint(which=shutil.which) -> str:
    """`e.g. export EDITOR=vim`, naming an editor that is installed here, or what to do when none is."""
    for program in SUGGESTED_EDITORS:
        if which(program):
            example = f"{program} --wait" if program == "code" else program
            return f"e.g. `export EDITOR={shlex.quote(example)}` ({program} is installed here)"
    return "the command of your editor; none of " + ", ".join(SUGGESTED_EDITORS) + " is installed here"


def run_editor(argv: Sequence[str]) -> int:
    """Run the editor in this terminal and return its exit status.

    Ctrl+C reaches every process in the terminal's foreground group. In Vim it leaves insert mode,
    so it must not interrupt us, and subprocess.run would kill the editor on KeyboardInterrupt.
    As git does, the interrupt is held off while the editor runs: by a handler, not SIG_IGN,
    because an ignored signal would stay ignored in the editor too.
    """
    hold = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: None) if hold else None
    try:
        return subprocess.run(list(argv), check=False).returncode
    except FileNotFoundError:
        raise EditError(f"editor not found: {argv[0]!r} (from $VISUAL or $EDITOR)") from None
    except PermissionError:
        raise EditError(f"cannot run the editor {argv[0]!r}: permission denied") from None
    finally:
        if hold and previous is not None:
            signal.signal(signal.SIGINT, previous)
