"""`tracker rounds`: the rounds with their date, place, delegation heads and position counts."""

from __future__ import annotations

import argparse

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.formats import choices, choices_help
    from tracker.report.options import add_format

    parser = sub.add_parser(
        "rounds",
        help="the rounds: date, place, delegations, position counts",
        description="List the rounds in order: date, place and venue, mediators, the heads of\n"
        "the delegations, the outcome, and how many positions each party holds.",
        epilog="examples:\n  tracker rounds\n  tracker rounds --format json | jq '.rounds[].id'",
        formatter_class=HelpFormatter,
    )
    add_format(parser, choices("rounds"), choices_help("rounds"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import load_or_report

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    from tracker.report.formats import output

    output("rounds", args.format, dataset)
    return 0
