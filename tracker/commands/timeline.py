"""`tracker timeline [TOPIC]`: every round side by side for a topic or a party."""

from __future__ import annotations

import argparse

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)

EPILOG = """\
On a terminal the timeline is a table with a column per round; piped or redirected it is a
list, one line per position per round, so it reads in a file and greps well.

examples:
  tracker timeline prisoners
  tracker timeline --party russia
  tracker timeline ceasefire --party ukraine --party russia
  tracker timeline prisoners --format markdown > prisoners.md
  tracker timeline --format html > timeline.html
"""


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.formats import choices, choices_help
    from tracker.report.options import add_filters, add_format

    parser = sub.add_parser(
        "timeline",
        help="every round side by side for a topic or a party",
        description="What each party held on a topic at every round, and when an agreement was\n"
        "reached or carried out. Without TOPIC, every topic (narrow it with --party).",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help="a topic id (see topics.yaml)")
    add_filters(parser, topic=False)
    add_format(parser, choices("timeline"), choices_help("timeline"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import load_or_report
    from tracker.report.options import UsageError, check_parties, check_topics, describe_filters, usage_error

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    try:
        topics = check_topics(dataset, [args.topic] if args.topic else [])
        parties = check_parties(dataset, args.party)
    except UsageError as error:
        return usage_error(error)

    from tracker.timeline import build_timeline

    timeline = build_timeline(dataset, parties=parties, topics=topics)
    title = "Timeline"
    filters = describe_filters(dataset, topic=topics, party=parties)
    if filters:
        title += f": {filters}"
    from tracker.report.formats import output

    output("timeline", args.format, dataset, timeline, title)
    return 0
