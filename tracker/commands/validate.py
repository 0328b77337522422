"""`tracker validate`: check every data file and report every problem at once.

Only the data directory's helpers are imported at the top: when every file is as it was at the
last valid load (tracker.cache), the answer comes from the cache without importing the loader,
the models or pydantic's BaseModel. Problems are never cached; they always come from a load.
"""

from __future__ import annotations

import argparse

from tracker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter, describe_data_dir, existing_data_dir
from tracker.problems import DataError


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
        epilog="example:\n  tracker --data positions validate",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary line")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too (a round copied and not reviewed, a rejection of nothing)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = existing_data_dir(args, bundled=False)
    if root is None:
        return EXIT_USAGE
    from tracker import cache

    warnings: list = []
    counts = cache.valid_counts(root)
    if counts is None:
        from tracker.loader import load_dataset

        try:
            dataset = load_dataset(root)
        except DataError as exc:
            for problem in sorted(exc.problems + exc.warnings):
                print(problem.format())
            files = len({p.file for p in exc.problems})
            if not args.quiet:
                noted = f", {len(exc.warnings)} warning{'s' * (len(exc.warnings) != 1)}" if exc.warnings else ""
                print(f"checked {describe_data_dir(root)}: {exc.count} problem(s) in {files} file(s){noted}")
            return EXIT_PROBLEMS
        counts, warnings = cache.counts(dataset)[:3], dataset.warnings
    for warning in warnings:
        print(warning.format())
    if not args.quiet:
        rounds, parties, positions = counts
        noted = f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
        print(f"checked {describe_data_dir(root)}: {rounds} round{'s' * (rounds != 1)}, {parties} parties, {positions} positions, 0 problems{noted}")
    return EXIT_PROBLEMS if warnings and args.strict else EXIT_OK
