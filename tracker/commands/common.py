"""What every command needs: the data directory, the dataset, and a console for output."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.paths import bundled_data_dir, default_data_dir, is_bundled, local_data_dir, looks_like_data
from tracker.problems import DataError, display_path

if TYPE_CHECKING:  # the loader imports pydantic and the models: only a command that loads pays
    from tracker.dataset import Dataset

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """A paragraph written on one line is wrapped to the terminal; one with line breaks of its
    own (the examples, a hand-wrapped description) is printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        paragraphs = []
        for paragraph in text.split("\n\n"):
            if "\n" in paragraph.strip("\n"):
                paragraphs.append("".join(indent + line for line in paragraph.splitlines(keepends=True)))
            else:
                paragraphs.append(textwrap.fill(paragraph, width, initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(paragraphs)


class CommandError(Exception):
    """A usage problem: the message is printed and the command exits 2."""


def data_dir(args: argparse.Namespace) -> Path:
    return args.data if getattr(args, "data", None) is not None else default_data_dir()


FALLBACK_NOTE = "no data directory here or above, so this is the dataset bundled with tracker; give --data DIR for yours"


def uses_bundled_fallback(args: argparse.Namespace) -> bool:
    """Whether nothing names a data directory, so the bundled dataset stands in."""
    return getattr(args, "data", None) is None and local_data_dir() is None


def existing_data_dir(args: argparse.Namespace, bundled: bool = True) -> Path | None:
    """The data directory, or None after saying why there is none: it does not exist, it is a
    file, or (with `bundled=False`: validate, and the commands that write) nothing names one and
    the bundled dataset would stand in. When it does stand in, a terminal is told so on stderr."""
    explicit = getattr(args, "data", None)
    root = explicit if explicit is not None else local_data_dir()
    if root is None and bundled:
        if sys.stderr.isatty():
            print(f"tracker: {FALLBACK_NOTE}", file=sys.stderr)
        root = bundled_data_dir()
    if root is None:
        print(
            "tracker: no data directory here: no positions/ folder here or in any folder above, "
            "and neither --data nor $TRACKER_DATA names one",
            file=sys.stderr,
        )
        print(
            "tracker: run it where positions/ is, or give --data DIR "
            f"(the dataset bundled with tracker is {display_path(bundled_data_dir())})",
            file=sys.stderr,
        )
        return None
    try:
        os.stat(root)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):  # too long, a loop, no permission
            print(f"tracker: cannot use the data directory {display_path(root)}: {exc.strerror or exc}", file=sys.stderr)
            return None
    if not root.is_dir():
        if root.exists():
            above = _data_dir_above(root)
            hint = f"; did you mean --data {display_path(above)}?" if above is not None else ""
            print(
                f"tracker: {display_path(root)} is a file, not a data directory: expected the folder "
                f"that holds parties.yaml, topics.yaml and rounds/{hint}",
                file=sys.stderr,
            )
        else:
            named = " (named by $TRACKER_DATA)" if explicit is None and os.environ.get("TRACKER_DATA") else ""
            print(f"tracker: data directory not found: {display_path(root)}{named}", file=sys.stderr)
        return None
    if not looks_like_data(root):
        # A folder inside a data directory (its rounds/, one round): say which one was meant,
        # rather than list every file the loader would miss. An empty folder is a new dataset.
        above = _data_dir_above(Path(os.path.abspath(root)) / "parties.yaml")
        if above is not None and above != Path(os.path.abspath(root)):
            print(
                f"tracker: {display_path(root)} is not a data directory: it has no parties.yaml and no "
                f"rounds/; did you mean --data {display_path(above)}?",
                file=sys.stderr,
            )
            return None
    return root


def _data_dir_above(path: Path) -> Path | None:
    """The data directory a data file is in (parties.yaml, or rounds/<id>/<file>.yaml), if any."""
    for folder in list(path.parents)[:3]:
        if looks_like_data(folder):
            return folder
    return None


def describe_data_dir(root: Path) -> str:
    """The data directory as a summary names it: relative to the current directory when inside
    it, with a closing separator; and whether it is the dataset bundled with tracker."""
    shown = display_path(Path(os.path.abspath(root)))
    if not shown.endswith(os.sep):
        shown += os.sep
    return f"{shown} (the dataset bundled with tracker)" if is_bundled(root) else shown


def load_or_report(
    args: argparse.Namespace,
    exit_code: int = EXIT_USAGE,
    bundled: bool = True,
    only: Callable[[Dataset], Collection[str] | None] | None = None,
) -> Dataset | int:
    """The dataset, or an exit code after printing every problem to stderr. `bundled=False` for
    a command that writes: it never changes the bundled dataset because it found no other.
    `only`: the rounds the command needs (see loader.load_dataset)."""
    root = existing_data_dir(args, bundled=bundled)
    if root is None:
        return EXIT_USAGE
    from tracker.loader import load_dataset

    try:
        dataset = load_dataset(root, only=only)
    except DataError as exc:
        report_problems(exc, root)
        if not bundled:
            # The editing commands check an edit against the whole dataset, so it must load.
            first = exc.problems[0]
            print(
                f"tracker: an edit is checked against the whole dataset, so fix these first in your editor, "
                f"starting with {display_path(first.file)} line {first.line}",
                file=sys.stderr,
            )
        return exit_code
    # A round copied and not reviewed reads as real data in every report: say so each time.
    for warning in dataset.warnings[:2]:
        print(warning.format(), file=sys.stderr)
    if len(dataset.warnings) > 2:
        print(f"tracker: and {len(dataset.warnings) - 2} more warning(s): `tracker validate` lists them", file=sys.stderr)
    return dataset


def report_problems(exc: DataError, root: Path) -> None:
    """Every problem of a load, then how many and what to do."""
    print(exc.format(), file=sys.stderr)
    print(f"tracker: {exc.count} problem(s) in {display_path(root)}; run `tracker validate` after fixing them", file=sys.stderr)
