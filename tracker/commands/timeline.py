"""`tracker timeline [TOPIC]`: every round side by side for a topic or a party."""

from __future__ import annotations

import argparse

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)

FORMATS = ("text", "markdown", "json", "html")

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
    add_format(parser, FORMATS)
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
    if args.format == "json":
        from tracker.report.options import write
        from tracker.report.records import dumps, timeline_document

        document = timeline_document(dataset, timeline)
        write(dumps(document), fallback=lambda: dumps(document, ascii_only=True))
    elif args.format == "html":
        from tracker.report.html import timeline_html
        from tracker.report.options import write

        write(timeline_html(dataset, timeline, title))
    elif args.format == "markdown":
        from tracker.report.markdown import timeline_markdown
        from tracker.report.options import write

        write(timeline_markdown(dataset, timeline, title))
    else:
        from tracker.report.console import is_terminal, print_renderable, print_text

        if is_terminal():
            from tracker.report.timeline import timeline_table

            print_renderable(timeline_table(dataset, timeline, title))
        else:
            from tracker.report.timeline import timeline_text

            print_text(timeline_text(dataset, timeline, title))
    return 0
