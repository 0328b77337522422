"""The command line. Each subcommand lives in tracker/commands/<name>.py and registers itself.

Nothing here imports Textual: only `tracker` with no subcommand (or `tracker tui`) pays for it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tracker import __version__

# Order is the order of `tracker --help`.
COMMAND_MODULES = (
    "tui",
    "init",
    "validate",
    "rounds",
    "show",
    "diff",
    "timeline",
    "events",
    "export",
    "edit",
    "new_round",
    "new_position",
    "schema",
)

EPILOG = """\
examples:
  tracker                          open the app on the data
  tracker init mytalks             start a dataset of your own
  tracker validate                 check every data file, report all problems
  tracker diff                     what changed between the two latest rounds
  tracker diff 2025-05-16 2025-06-02 --format markdown > report.md
  tracker --data ~/talks/positions validate

The data directory is --data, else $TRACKER_DATA, else the nearest one from here up
(at each folder its positions/, then the folder itself), else the Istanbul 2025
dataset that ships with the tool (not for validate and the commands that write,
which then refuse).
"""


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 2 with a one-line hint, as argparse does, never a traceback."""

    _width_unused = False

    def add_argument(self, *args, **kwargs):
        # argparse makes a help formatter for each argument added, to check its metavar, and one
        # to name the subcommands in their usage (`tracker`); a formatter asks the terminal for
        # its width, which imports shutil and its compression modules (about 4 ms at every
        # start). Neither uses the width: only help and error messages do.
        return self._without_width(super().add_argument, *args, **kwargs)

    def add_subparsers(self, **kwargs):
        return self._without_width(super().add_subparsers, **kwargs)

    def _without_width(self, method, *args, **kwargs):
        self._width_unused = True
        try:
            return method(*args, **kwargs)
        finally:
            self._width_unused = False

    def _get_formatter(self) -> argparse.HelpFormatter:
        if self._width_unused:
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """With `command` (a module name) only that command is registered, so running one command
    imports nothing the others need: `tracker validate` never loads the editor's modules."""
    parser = _Parser(
        prog="tracker",
        description="Follow the parties' stated positions in negotiations, round by round.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tracker {__version__}")
    parser.add_argument("--data", metavar="DIR", type=Path, help="the data directory (default: see below)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMAND_MODULES if command is None else (command,):
        module = importlib.import_module(f"tracker.commands.{name}")
        before = set(sub.choices)
        module.register(sub)
        for added in set(sub.choices) - before:
            # `tracker validate --data DIR` works as well as `tracker --data DIR validate`;
            # SUPPRESS keeps a --data given before the command when none is given after it.
            sub.choices[added].add_argument(
                "--data", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="the data directory"
            )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stderr = sys.stderr
    if stderr is None or isinstance(stderr, SafeStream):
        return _main(argv)
    # Every message to stderr (ours, argparse's echo of an argument, an OSError's file name)
    # may hold text from the data or the file system: made safe here, at one place. Reports on
    # stdout make their data safe as they render it (report.words), keeping their colours.
    sys.stderr = SafeStream(stderr)
    try:
        return _main(argv)
    finally:
        if isinstance(sys.stderr, SafeStream):
            sys.stderr = stderr


def _main(argv: list[str]) -> int:
    parser = build_parser(_command_module(argv))
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        tui = _default_command(parser)
        if tui is None:
            parser.print_help()
            return 0
        func = tui
    try:
        return _run(func, args, argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tracker diff | head`: the reader left; that is not an error. Point stdout at devnull
        # so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of ours: say so plainly; the traceback only when asked
        if os.environ.get("TRACKER_DEBUG"):
            raise
        print(f"tracker: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("tracker: this is a bug; run again with TRACKER_DEBUG=1 for the traceback and report it", file=sys.stderr)
        return 3


class SafeStream:
    """A text stream whose writes go through problems.safe_text: no escape code passes."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from tracker.problems import safe_text

        self._stream.write(safe_text(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _run(func, args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run the command. A report command (its module says CACHEABLE) is answered from
    tracker.cache when the data, the arguments and the terminal are as they were at a run that
    succeeded; else it runs, and what it wrote is kept for next time if it succeeded: exit 0, or
    1 with --exit-code (there were differences; the report is complete)."""
    if not getattr(sys.modules.get(func.__module__), "CACHEABLE", False):
        return int(func(args) or 0)
    from tracker.cache.results import Result
    from tracker.commands.common import data_dir

    result = Result.start(data_dir(args), argv)
    if result is None:
        return int(func(args) or 0)
    code = result.replay()
    if code is not None:
        return code
    with result.recording():
        code = int(func(args) or 0)
    if code == 0 or (code == 1 and getattr(args, "exit_code", False)):
        result.keep(code)
    return code


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command the arguments name; None when none is named or help is asked
    for before it (then every command is registered, for the help and the error messages)."""
    args = iter(argv)
    for arg in args:
        if arg in ("-h", "--help", "--"):
            return None
        if len(arg) > 2 and "--data".startswith(arg):  # --data DIR, or an abbreviation of it
            next(args, None)
        elif not arg.startswith("-"):
            name = arg.replace("-", "_")
            return name if name in COMMAND_MODULES and arg == name.replace("_", "-") else None
    return None


def _default_command(parser: argparse.ArgumentParser):
    try:
        module = importlib.import_module("tracker.commands.tui")
    except ModuleNotFoundError:
        return None
    return module.run
