"""`tracker events`: what was done or agreed between rounds (events.yaml), dated, in order."""

from __future__ import annotations

import argparse

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)

EPILOG = """\
Each event is told in the sentence a comparison of the rounds either side of it tells it in,
dated by its own day (not the day it was reported).

examples:
  tracker events
  tracker events --topic prisoners
  tracker events --party ukraine --format markdown
  tracker events --format json | jq '.events[].date'
"""


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.formats import choices, choices_help
    from tracker.report.options import add_filters, add_format

    parser = sub.add_parser(
        "events",
        help="what was done or agreed between rounds, dated",
        description="The events of events.yaml in date order: exchanges carried out, agreements\n"
        "announced or revived outside the rounds, each with the agreement it carries out.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    add_filters(parser)
    add_format(parser, choices("events"), choices_help("events"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import load_or_report
    from tracker.report.options import UsageError, check_parties, check_topics, describe_filters, usage_error

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    try:
        topics = check_topics(dataset, args.topic)
        parties = check_parties(dataset, args.party)
    except UsageError as error:
        return usage_error(error)
    from tracker.diff import event_matches

    events = [e for e in dataset.events if event_matches(e, parties, topics)]
    title = "Events between rounds"
    filters = describe_filters(dataset, topic=topics, party=parties)
    if filters:
        title += f": {filters}"
    from tracker.report.formats import output

    output("events", args.format, dataset, events, title)
    return 0
