"""`tracker show [ROUND]`: the positions of one round, or one position in full with `--id`."""

from __future__ import annotations

import argparse

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)

EPILOG = """\
examples:
  tracker show                                 every position at the latest round
  tracker show 2025-05-16 --party russia       Russia's positions at the 16 May round
  tracker show --topic prisoners --status agreed
  tracker show --id local-ceasefires           one position with its evidence and quotes
  tracker show --id ukraine/ceasefire-30-day   a party's position, where two share an id
  tracker show --id UA/ceasefire-30-day        the same, the party by its short name
"""


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.formats import choices, choices_help
    from tracker.report.options import add_filters, add_format

    parser = sub.add_parser(
        "show",
        help="the positions of a round, or one position in full",
        description="List the positions of one round (default: the latest), grouped by topic and\n"
        "party, or show one position in full with --id.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("round", nargs="?", metavar="ROUND", help="a round by id, date, unique prefix or words such as june, 2 June, third (default: the latest)")
    add_filters(parser)
    parser.add_argument("-k", "--kind", action="append", default=[], help="only this kind, e.g. demand (repeatable)")
    parser.add_argument("-s", "--status", action="append", default=[], help="only this status, e.g. agreed (repeatable)")
    parser.add_argument(
        "--id", metavar="ID",
        help="one position in full: its id, or PARTY/ID with the party's id, name or short name (default round: the latest that has it)",
    )  # fmt: skip
    add_format(parser, choices("positions"), choices_help("positions"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import load_or_report
    from tracker.report.options import UsageError, check_names, check_parties, check_topics, describe_filters, split, usage_error

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    from tracker.model import Kind, Status

    try:
        if not dataset.rounds:
            raise UsageError("the data has no rounds yet")
        if args.round is None:
            round_id = dataset.latest()[0]
        else:
            from tracker.report.options import resolve_round

            round_id = resolve_round(dataset, args.round)
        parties = check_parties(dataset, args.party)
        topics = check_topics(dataset, args.topic)
        # `red-line` and `red line` name the kind `red_line` too.
        kinds = check_names("kind", "kinds", [k.replace("-", "_").replace(" ", "_") for k in split(args.kind)], [k.value for k in Kind])
        statuses = check_names("status", "statuses", split(args.status), [s.value for s in Status])
        if args.id is not None:
            from tracker.commands.naming import find_position

            # Without a round, the latest round that has the position, as `tracker edit` takes it.
            position = find_position(dataset, args.id, round_id=round_id if args.round is not None else None, parties=parties)
            return print_position(dataset, position, args.format)
    except UsageError as error:
        return usage_error(error)

    positions = [
        p
        for p in dataset.rounds[round_id].positions
        if (not parties or p.party in parties)
        and (not topics or p.topic in topics)
        and (not kinds or p.kind.value in kinds)
        and (not statuses or p.status.value in statuses)
    ]
    filters = describe_filters(dataset, party=parties, topic=topics, kind=kinds, status=statuses)
    print_positions(dataset, round_id, positions, args.format, filters)
    return 0


def print_position(dataset, position, output_format: str) -> int:
    from tracker.report.formats import output

    output("position", output_format, dataset, position)
    return 0


def print_positions(dataset, round_id: str, positions, output_format: str, filters: str) -> None:
    from tracker.report.formats import output

    output("positions", output_format, dataset, round_id, positions, filters)
