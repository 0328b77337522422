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
        epilog="examples:\n  tracker schema > party-round.schema.json\n  tracker schema round\n"
        "  tracker schema positions/rounds/2025-06-02-istanbul/round.yaml   the kind is told by the path\n"
        "  tracker schema --codebook > docs/schema.md",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "file", nargs="?", default="party-round", metavar="FILE",
        help=f"which file's schema: a kind ({', '.join(sorted(SCHEMAS))}) or a data file's path (default: party-round)",
    )  # fmt: skip
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
    kind = args.file if args.file in SCHEMAS else kind_of_path(args.file)
    if kind is None:
        from tracker.problems import suggest

        print(
            f"tracker: cannot tell which kind of data file {args.file!r} is; give its path "
            f"(rounds/<round-id>/<party-id>.yaml, round.yaml, parties.yaml, topics.yaml, sources.yaml, events.yaml) "
            f"or a kind: {', '.join(sorted(SCHEMAS))}{suggest(args.file, sorted(SCHEMAS))}",
            file=sys.stderr,
        )
        return 2
    if kind != args.file:
        # On stderr: stdout stays the schema alone, to redirect into a file.
        print(f"tracker: {args.file} is a {kind} file: {SCHEMAS[kind][1]}", file=sys.stderr)
    sys.stdout.write(render(kind))
    return 0


NAMED_FILES = {"round.yaml": "round", "parties.yaml": "parties", "topics.yaml": "topics", "sources.yaml": "sources", "events.yaml": "events"}


def kind_of_path(given: str) -> str | None:
    """The kind of data file a path names, by its name and folder: round.yaml, parties.yaml,
    topics.yaml, sources.yaml, and any other YAML file in a round's folder (rounds/<id>/, or
    beside a round.yaml) is a party's positions. The file need not exist yet."""
    from pathlib import Path

    path = Path(given)
    if path.name in NAMED_FILES:
        return NAMED_FILES[path.name]
    if path.suffix not in (".yaml", ".yml"):
        return None
    folder = path.parent
    if folder.parent.name == "rounds" or (folder / "round.yaml").is_file():
        return "party-round"
    return None
