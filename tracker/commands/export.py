"""`tracker export OUTDIR`: the dataset as tidy tables (CSV or Parquet) with datapackage.json."""

from __future__ import annotations

import argparse
import sys

from tracker.commands.common import HelpFormatter

EPILOG = """\
The folder is created (with its parents) and appears whole or not at all. A folder that holds
anything is never written into; --force replaces an earlier export, and only that.
The tables and their columns are described in docs/export.md.

examples:
  tracker export out/                              every table as CSV, with datapackage.json
  tracker export --format parquet out/             the same as Parquet, for pandas, R or DuckDB
  tracker export --party russia --topic prisoners out/
  tracker export --round 2025-06-02 out/           one round (and how it moved since the one before)
  tracker export --force out/                      replace an earlier export in out/
  frictionless validate out/datapackage.json       check the files against their description
"""


def register(sub: argparse._SubParsersAction) -> None:
    from tracker.report.options import add_filters, add_format

    parser = sub.add_parser(
        "export",
        help="the dataset as tidy tables (CSV or Parquet) for analysis",
        description="Write the dataset as tables, one row per observation (positions per round, figures,\n"
        "evidence, rounds, agreements, sources...), described by a Frictionless Data Package.",
        epilog=EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("outdir", nargs="?", metavar="OUTDIR", help="a new or empty folder to write into")
    add_filters(parser)
    parser.add_argument(
        "-r", "--round", action="append", default=[], metavar="ROUND",
        help="only this round: its id, date, a unique prefix or words such as june, third (repeatable, or comma-separated)",
    )  # fmt: skip
    add_format(parser, ("csv", "parquet"))
    parser.add_argument("--force", action="store_true", help="replace an earlier export in OUTDIR")
    parser.add_argument("--codebook", action="store_true", help="print the tables' codebook (docs/export.md) instead")
    parser.set_defaults(func=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.codebook:
        from tracker.export.codebook import render_export_codebook

        sys.stdout.write(render_export_codebook())
        return 0
    if args.outdir is None:
        args.parser.error("the folder to write into, OUTDIR, is required (or --codebook)")

    from tracker.commands.common import EXIT_PROBLEMS, load_or_report
    from tracker.report.options import UsageError, check_parties, check_topics, resolve_round, split, usage_error

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    try:
        rounds = list(dict.fromkeys(resolve_round(dataset, name) for name in split(args.round)))
        parties = check_parties(dataset, args.party)
        topics = check_topics(dataset, args.topic)
    except UsageError as error:
        return usage_error(error)
    if args.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            print("tracker: --format parquet needs pyarrow: pip install pyarrow", file=sys.stderr)
            return EXIT_PROBLEMS

    from tracker.export import ExportError, Selection, export_dataset
    from tracker.problems import display_path

    selection = Selection(tuple(sorted(rounds, key=list(dataset.rounds).index)), tuple(parties), tuple(topics))
    target = Path(args.outdir)
    try:
        written = export_dataset(dataset, target, args.format, selection, force=args.force)
    except ExportError as error:
        print(f"tracker: {error}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"tracker: cannot write {display_path(target)}: {error.strerror or error}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(summary(written, args.format))
    return 0


def summary(written, fmt: str) -> str:
    """What was written, where, and how many rows: the folder as given back to the user, each
    file with its rows, and the package that describes them."""
    from tracker.problems import display_path

    folder = display_path(written.folder)
    lines = [f"wrote {len(written.rows)} tables ({fmt}) and datapackage.json to {folder}{'' if folder.endswith('/') else '/'}:"]
    width = max(len(f"{name}.{fmt}") for name in written.rows)
    for name, count in written.rows.items():
        lines.append(f"  {f'{name}.{fmt}':<{width}}  {count:>6,} row{'' if count == 1 else 's'}")
    total = sum(written.rows.values())
    lines.append(f"  {'':<{width}}  {total:>6,} rows in all; every column is described in datapackage.json (and by `tracker export --codebook`)")
    return "\n".join(lines)
