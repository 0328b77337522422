"""`tracker tui` (and `tracker` alone): open the app on the data directory."""

from __future__ import annotations

import argparse
import sys

from tracker.commands.common import EXIT_USAGE, HelpFormatter, existing_data_dir, uses_bundled_fallback

EXIT_INTERNAL = 3  # as tracker.cli reports an internal error


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "tui",
        help="open the app (the default when no command is given)",
        description="Browse the positions of each round, compare two rounds and see the topic × party "
        "matrix. Press ? in the app for every key, ctrl+p for its commands. Keys can be remapped by "
        "their id (shown on the ? screen) with TRACKER_KEYS, e.g. TRACKER_KEYS='quit=ctrl+q,search=f'.",
        epilog="examples:\n  tracker\n  tracker --data ~/talks/positions tui",
        formatter_class=HelpFormatter,
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fallback = uses_bundled_fallback(args)
    root = existing_data_dir(args)
    if root is None:
        return EXIT_USAGE
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        print("tracker: the app needs a terminal; for printed output see `tracker --help`", file=sys.stderr)
        return EXIT_USAGE
    # Imported here so that the other commands never pay for Textual.
    from tracker.app import TrackerApp

    notice = "No data directory here or above, so this is the dataset bundled with tracker, shown read only. Start tracker with --data DIR for yours." if fallback else None
    app = TrackerApp(root, notice=notice, read_only=fallback)
    app.run()
    for note in app.editing.exit_notes:  # e.g. where an edit not saved was kept
        print(note, file=sys.stderr)
    if app.return_code and app.return_code > 128:  # stopped by a signal, its edits kept
        return app.return_code
    # A non-zero return code means the app stopped on an error of its own (reported already).
    return EXIT_INTERNAL if app.return_code else 0
