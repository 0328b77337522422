"""`tracker diff [FROM] [TO]`: what moved between two rounds.

Only argparse is imported at the top: every command module is imported to build the parser, and
a report pays only for what it prints (no Rich for JSON, Markdown or the brief).
"""

from __future__ import annotations

import argparse
import sys

from tracker.commands.common import HelpFormatter

CACHEABLE = True  # same data, arguments and terminal: the same report (see tracker.cli)

EPILOG = """\
Rounds are named by id, by date, by a unique prefix of the id, or by the words the app finds
them by: month, day, place or order ("may", "2 June", "third", "last"). Without FROM and TO
the two latest rounds are compared; with FROM only, FROM is compared with the latest round.

The report opens with the story: each round's outcome, the agreements reached, what was carried
out, what moved in substance, what was rejected again, and what is new or only first on record.
A reworded summary or a new source is not a move: changes are counted as substance, wording
(reworded) or record (re-sourced). --format brief is that story alone, in at most 12 lines.

symbols: + added  - removed  ~ changed  = unchanged (with --all)

words:
  {terms}

examples:
  tracker diff
  tracker diff 2025-05-16 2025-06-02 --party russia --topic ceasefire
  tracker diff may june
  tracker diff --format markdown > report.md
  tracker diff --format json | jq '.changed[].id'
  tracker diff --format brief --exit-code
  tracker diff --format html > may-june.html      one page to publish or print
"""


def _terms() -> str:
    """Our words, as the story's legend explains them (tracker.report.story.TERMS), for --help."""
    from tracker.report.terms import TERMS

    return "\n  ".join(f"{term}: {meaning}" for term, meaning in TERMS.items())


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.formats import choices, choices_help
    from tracker.report.options import add_filters, add_format

    parser = sub.add_parser(
        "diff",
        help="what changed between two rounds",
        description="Compare the positions of two rounds: what was added, removed or changed,\n"
        "field by field. Positions are matched by their declared (party, id).",
        epilog=EPILOG.format(terms=_terms()),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("from_round", nargs="?", metavar="FROM", help="the earlier round (default: the one before TO)")
    parser.add_argument("to_round", nargs="?", metavar="TO", help="the later round (default: the latest)")
    add_filters(parser)
    add_format(parser, choices("diff"), choices_help("diff"))
    parser.add_argument("-a", "--all", action="store_true", help="list the unchanged positions too")
    parser.add_argument(
        "--exit-code", action="store_true", help="exit 1 when there are differences, 0 when there are none (like git diff)"
    )
    parser.set_defaults(func=run)


def pick_rounds(dataset, from_name: str | None, to_name: str | None) -> tuple[str, str]:
    from tracker.report.options import UsageError, resolve_round

    rounds = list(dataset.rounds)
    if from_name is None:
        if len(rounds) < 2:
            found = f"only {rounds[0]}" if rounds else "none"
            raise UsageError(f"comparing needs two rounds; the data has {found}")
        return rounds[-2], rounds[-1]
    first = resolve_round(dataset, from_name)
    second = resolve_round(dataset, to_name) if to_name is not None else rounds[-1]
    return first, second


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_USAGE, load_or_report, report_problems
    from tracker.problems import DataError
    from tracker.report.options import (
        EXIT_DIFFERENCES,
        EXIT_OK,
        UsageError,
        check_parties,
        check_topics,
        usage_error,
    )

    def compared(outline) -> set[str] | None:
        """The rounds to read: the two compared (a usage problem is said after a whole load)."""
        try:
            return set(pick_rounds(outline, args.from_round, args.to_round))
        except (UsageError, LookupError):
            return None

    dataset = load_or_report(args, only=compared)
    if isinstance(dataset, int):
        return dataset
    try:
        from_round, to_round = pick_rounds(dataset, args.from_round, args.to_round)
        parties = check_parties(dataset, args.party)
        topics = check_topics(dataset, args.topic)
    except UsageError as error:
        return usage_error(error)

    from tracker.report.comparison import compare
    from tracker.report.formats import output

    if from_round == to_round:
        print(f"tracker: note: {from_round} is compared with itself: everything is unchanged", file=sys.stderr)
    try:
        comparison = compare(dataset, from_round, to_round, parties, topics)
        output("diff", args.format, comparison, args.all)
    except DataError as exc:  # a round not compared, read for a position it refers to
        report_problems(exc, dataset.root)
        return EXIT_USAGE
    diff = comparison.diff
    return EXIT_DIFFERENCES if args.exit_code and not diff.is_empty else EXIT_OK
