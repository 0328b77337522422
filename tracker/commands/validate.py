"""`tracker validate`: check every data file and report every problem at once.

Only the data directory's helpers are imported at the top: when every file is as it was at the
last valid load (tracker.cache.loads), the answer comes from the cache without importing the loader,
the models or pydantic_core. Problems are never cached; they always come from a load.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
from pathlib import Path

from tracker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter, describe_data_dir, existing_data_dir
from tracker.problems import DataError, display_path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check every data file; exit 1 if there are problems",
        description="Check every data file: YAML syntax, fields, and references between files. "
        "Every problem is listed as file:line:col, sorted, then a line naming the data directory "
        "checked. Warnings (a round copied by new-round and not reviewed yet, a rejection that names "
        "nothing it rejects) are listed too but do not fail the check unless --strict. The exit code "
        "is 0 when the data is valid, 1 when problems were found, 2 for a "
        "usage error. Unlike the commands that only read, validate never falls back on the dataset "
        "bundled with tracker: with no --data, no $TRACKER_DATA and no data directory here or in a "
        "folder above, it exits 2, so a hook run in the wrong folder fails instead of passing on "
        "data that is not yours.",
        epilog="examples:\n  tracker --data positions validate\n  tracker --data positions validate --sources ../shared/seeds",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary line")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too (a round copied and not reviewed, a rejection of nothing)")
    parser.add_argument(
        "--sources",
        metavar="DIR",
        type=Path,
        help="the folder of your copies of the sources' texts: every quote and figure is checked against them "
        "(default: $TRACKER_SOURCES, else `texts:` in the source catalogue)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = existing_data_dir(args, bundled=False)
    if root is None:
        return EXIT_USAGE
    explicit = args.sources or (Path(os.environ["TRACKER_SOURCES"]) if os.environ.get("TRACKER_SOURCES") else None)
    if explicit is not None:
        named = "--sources" if args.sources else "$TRACKER_SOURCES"
        try:
            found = stat.S_ISDIR(os.stat(explicit).st_mode)
        except OSError as exc:  # missing, or a name too long, a loop, no permission
            found = False
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                print(f"tracker: cannot use the sources folder {display_path(explicit)} (named by {named}): {exc.strerror or exc}", file=sys.stderr)
                return EXIT_USAGE
        if not found:
            print(f"tracker: sources folder not found: {display_path(explicit)} (named by {named})", file=sys.stderr)
            return EXIT_USAGE
    from tracker.cache import loads

    # Checking against the sources needs the dataset; without any sources folder the counts of
    # the last valid load answer alone (it knows whether its catalogue named one).
    counts = None if explicit is not None else loads.valid_counts(root)
    if counts is not None:
        return _report(args, root, counts, [], None)
    from tracker.loader import load_dataset

    from tracker import provenance

    # Each file parsed once: quotes and figures are checked on the load's own parse of each file.
    checker = provenance.Checker(root, args.sources)
    try:
        dataset = load_dataset(root, documents=checker)
        problems: list = []
        count = 0
    except DataError as exc:
        dataset, problems = exc.partial, exc.problems
        warnings = exc.warnings
        count = exc.count  # the list is capped per file; the count is not
    else:
        warnings = dataset.warnings
    checked = None
    if dataset is not None:
        # Every round file is checked, those with problems too: one run says all.
        checked = checker.report(dataset.sources, dataset.texts, dataset.sources_file)
        problems = problems + checked.problems
        count += len(checked.problems)
        warnings = sorted(warnings + checked.warnings)
    if problems:
        for problem in sorted(problems + warnings):
            print(problem.format())
        if not args.quiet:
            if checked is not None:
                print(checked.summary())
            files = len({p.file for p in problems})
            print(f"checked {describe_data_dir(root)}: {count} problem(s) in {files} file(s){_noted(warnings)}")
        return EXIT_PROBLEMS
    counted = loads.counts(dataset)
    return _report(args, root, (*counted[:3], counted[5]), warnings, checked)


def _report(args: argparse.Namespace, root: Path, counts, warnings: list, checked) -> int:
    for warning in warnings:
        print(warning.format())
    if not args.quiet:
        print(checked.summary() if checked is not None else NO_SOURCES)
        rounds, parties, positions, events = counts
        told = f", {events} event{'s' * (events != 1)}" if events else ""  # a record without events.yaml says nothing of them
        print(f"checked {describe_data_dir(root)}: {rounds} round{'s' * (rounds != 1)}, {parties} parties, {positions} positions{told}, 0 problems{_noted(warnings)}")
    return EXIT_PROBLEMS if warnings and args.strict else EXIT_OK


def _noted(warnings: list) -> str:
    return f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""


NO_SOURCES = "sources: quotes and figures not checked: no sources folder (give --sources DIR, set $TRACKER_SOURCES, or `texts:` in the source catalogue)"
