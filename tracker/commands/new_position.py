"""`tracker new-position --party P`: add a commented template to the party's file and edit it.

The template goes into the draft, never straight into the file: its placeholders fail validation
on purpose, so it is saved only once it has been filled in.
"""

from __future__ import annotations

import argparse
import sys

from tracker.commands.common import EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter, load_or_report
from tracker.commands.edit import check_editor, edit_loop
from tracker.editing.files import read_for_edit
from tracker.editing.session import EditSession
from tracker.model import JOINT
from tracker.problems import suggest
from tracker.yamltext import EditError, insert_position, position_template


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new-position",
        help="add a position from a commented template, in $EDITOR",
        description="Insert a commented template for a new position into a party's file for a round "
        f"(`--party {JOINT}`: a joint agreement in round.yaml) and open it in $VISUAL or $EDITOR, as "
        "`tracker edit` does. The placeholders (NEW-ID, KIND, SOURCE-ID, ...) must be filled in "
        "before it can be saved; quit without changing anything and nothing is added.",
        epilog="examples:\n  tracker new-position --party ukraine --topic prisoners\n  tracker new-position --party joint --round 2025-06-02",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("-p", "--party", metavar="PARTY", required=True, help=f"the party whose position it is, or `{JOINT}`")
    parser.add_argument("-r", "--round", metavar="ROUND", help="the round: id, date, unique id prefix or words such as june, third (default: the latest round)")
    parser.add_argument("-t", "--topic", metavar="TOPIC", help="its topic; the template then goes after that topic's last position")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (code := check_editor()) is not None:
        return code
    dataset = load_or_report(args, EXIT_PROBLEMS, bundled=False)
    if isinstance(dataset, int):
        return dataset
    from tracker.report.options import party_id, topic_id

    party = party_id(dataset, args.party)
    topic = topic_id(dataset, args.topic) if args.topic is not None else None
    problem = None
    if not dataset.rounds:
        problem = "there are no rounds yet; create one with `tracker new-round`"
    elif party != JOINT and party not in dataset.parties:
        choices = [*dataset.parties, JOINT]
        problem = f"no party {party!r}; the parties are: {', '.join(choices)}{suggest(party, choices)}"
    elif topic is not None and topic not in dataset.topics:
        problem = f"no topic {topic!r}; the topics are: {', '.join(dataset.topics)}{suggest(topic, list(dataset.topics))}"
    if problem is None:
        try:
            round_id = dataset.resolve_round(args.round) if args.round else dataset.latest()[0]
        except LookupError as exc:
            problem = str(exc)
    if problem is not None:
        print(f"tracker: {problem}", file=sys.stderr)
        return EXIT_USAGE
    data = dataset.rounds[round_id]
    path = data.files.get(party) or data.folder / f"{party}.yaml"
    first = round_id == dataset.round_ids()[0]  # nothing earlier to be new against
    template = position_template(
        topic=topic, topics=list(dataset.topics), joint=party == JOINT, parties=dataset.agreement_parties(round_id),
        put_forward=None if first else data.round.date.isoformat(),
    )  # fmt: skip
    try:
        loaded = read_for_edit(path)
        start = loaded.text if loaded.fingerprint is not None else _schema_line(data.files.values())
        insertion = insert_position(start, template, joint=party == JOINT, after_topic=topic)
        session = EditSession.start(dataset.root, loaded, template=insertion)
    except EditError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return edit_loop(session, unchanged="no position added", unchanged_code=EXIT_PROBLEMS)


def _schema_line(siblings) -> str:
    """For a party's first file at a round: the editor schema line its neighbours start with."""
    for path in sorted(siblings):
        if path.name == "round.yaml":
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                first = handle.readline()
        except (OSError, UnicodeDecodeError):
            continue
        if first.startswith("# yaml-language-server: $schema="):
            return first if first.endswith("\n") else first + "\n"
    return ""
