"""`tracker schema`: the JSON Schema of a data file, for editors' YAML language servers."""

from __future__ import annotations

import argparse
import sys

from tracker.schema import SCHEMAS, render


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of a data file",
        description="Print the JSON Schema of a data file (default: a party-round file), for an "
        "editor's YAML language server. Copies are kept in the repository's schema/ folder.",
        epilog="example:\n  tracker schema > party-round.schema.json\n  tracker schema round",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", default="party-round", choices=sorted(SCHEMAS), help="which file's schema (default: party-round)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(render(args.file))
    return 0
