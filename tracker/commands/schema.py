"""`tracker schema`: the JSON Schema of a data file, for editors' YAML language servers."""

from __future__ import annotations

import argparse
import sys

from tracker.commands.common import HelpFormatter
from tracker.schema import SCHEMAS, render


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of a data file",
        description="Print the JSON Schema of a data file (default: a party-round file), for an "
        "editor's YAML language server. Copies are kept in the repository's schema/ folder.",
        epilog="examples:\n  tracker schema > party-round.schema.json\n  tracker schema round\n  tracker schema --codebook > docs/schema.md",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("file", nargs="?", default="party-round", choices=sorted(SCHEMAS), help="which file's schema (default: party-round)")
    parser.add_argument("--codebook", action="store_true", help="print the codebook (docs/schema.md) instead, with examples from the data")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.codebook:
        from tracker.codebook import render_codebook
        from tracker.commands.common import load_or_report

        dataset = load_or_report(args)
        if isinstance(dataset, int):
            return dataset
        sys.stdout.write(render_codebook(dataset))
        return 0
    sys.stdout.write(render(args.file))
    return 0
