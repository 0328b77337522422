"""What every command needs: the data directory, the dataset, and a console for output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.paths import default_data_dir
from tracker.problems import DataError, display_path

if TYPE_CHECKING:  # the loader imports pydantic and the models: only a command that loads pays
    from tracker.loader import Dataset

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A usage problem: the message is printed and the command exits 2."""


def data_dir(args: argparse.Namespace) -> Path:
    return args.data if getattr(args, "data", None) is not None else default_data_dir()


def existing_data_dir(args: argparse.Namespace) -> Path | None:
    """The data directory, or None after saying it does not exist."""
    root = data_dir(args)
    if not root.is_dir():
        print(f"tracker: data directory not found: {display_path(root)}", file=sys.stderr)
        return None
    return root


def load_or_report(args: argparse.Namespace, exit_code: int = EXIT_USAGE) -> Dataset | int:
    """The dataset, or an exit code after printing every problem to stderr."""
    root = existing_data_dir(args)
    if root is None:
        return EXIT_USAGE
    from tracker.loader import load_dataset

    try:
        return load_dataset(root)
    except DataError as exc:
        print(exc.format(), file=sys.stderr)
        print(f"tracker: {len(exc.problems)} problem(s) in {display_path(root)}; run `tracker validate` after fixing them", file=sys.stderr)
        return exit_code
