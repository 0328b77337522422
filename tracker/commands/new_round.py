"""`tracker new-round ID --date D`: start a round as a text copy of the previous one."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from tracker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter, load_or_report
from tracker.editing.new_round import scaffold_round
from tracker.model import SLUG_MAX, is_slug
from tracker.problems import DataError, display_path, quote
from tracker.round_rules import TO_WRITE
from tracker.yamltext import EditError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new-round",
        help="start a round by copying the previous round's files",
        description="Create rounds/ID/ by copying the previous round's files as text, comments and "
        "layout kept, with the new id and date set in round.yaml: every party's positions carry "
        "forward with their ids, ready to be updated. Refuses to overwrite an existing round, and "
        "removes the new round again if the data does not validate with it.",
        epilog="examples:\n  tracker new-round 2025-07-23-istanbul --date 2025-07-23\n"
        "  tracker new-round 2025-07-23-istanbul --date 2025-07-23 --from 2025-05-16",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("id", metavar="ID", help="the new round's id, also its folder name, e.g. 2025-07-23-istanbul")
    parser.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="the day the round was held")
    parser.add_argument("--from", dest="source", metavar="ROUND", help="the round to copy (default: the latest round on or before --date)")
    parser.set_defaults(func=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    if not is_slug(args.id):
        print(f"tracker: {quote(args.id)} is not a valid round id: use at most {SLUG_MAX} lower-case letters, digits and '-', e.g. '2025-07-23-istanbul'", file=sys.stderr)
        return EXIT_USAGE
    dataset = load_or_report(args, EXIT_PROBLEMS, bundled=False)
    if isinstance(dataset, int):
        return dataset
    if args.source is not None:
        try:
            source = dataset.resolve_round(args.source)
        except LookupError as exc:
            print(f"tracker: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        earlier = [rid for rid, data in dataset.rounds.items() if data.round.date <= args.date]
        if not earlier:
            print(f"tracker: no round on or before {args.date} to copy; name one with --from", file=sys.stderr)
            return EXIT_USAGE
        source = earlier[-1]
    try:
        new = scaffold_round(dataset, args.id, args.date, source)
    except EditError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except DataError as exc:
        print(exc.format(), file=sys.stderr)
        print("tracker: the new round did not validate, so it was removed again; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"created round {args.id}, copied from {source}:")
    for path in new.files:
        print(f"  {display_path(path)}")
    if new.place is not None:
        print(f"place: {new.place}, from the id")
    print(f"next: write the round's title and outcome in round.yaml: they say {TO_WRITE.rstrip(':')} until you do, and `tracker validate` warns")
    if new.to_update:
        print(f"also: round.yaml still describes {source}: update {', '.join(new.to_update)} (and its agreements)")
    print("then each party's positions: what changed, what is new, what was dropped; `tracker diff` shows the result")
    return EXIT_OK
