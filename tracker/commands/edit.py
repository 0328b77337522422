"""`tracker edit ID`: edit a position's file in $EDITOR, as `kubectl edit` does it.

The editor works on a draft, kept outside the data directory. On save the whole dataset is
validated with the draft's text in memory: invalid, and the editor reopens with the problems as
marked comment lines at the top; valid, and the file is replaced atomically, unless it changed on
disk meanwhile.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from tracker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter, load_or_report
from tracker.editing.drafts import draft_base_matches, drafts_of, latest_draft, remove_draft
from tracker.editing.external_editor import editor_command, run_editor
from tracker.editing.files import read_for_edit
from tracker.editing.saving import Outcome
from tracker.editing.session import EditSession
from tracker.model import JOINT
from tracker.problems import display_path
from tracker.yamltext import EditError, position_lines, strip_problem_header

EXIT_INTERRUPTED = 130
# Without a terminal to ask on, the editor is reopened after each invalid save (as kubectl
# does) until it hands back the text unchanged; this bounds a script that never converges.
MAX_UNATTENDED_ATTEMPTS = 10


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "edit",
        help="edit a position in $EDITOR; saved only if the data stays valid",
        description="Open the file that holds a position in $VISUAL or $EDITOR, at the position's line, "
        "on a draft copy. When you save and quit, the whole dataset is checked with your edit: if it "
        "has problems, the editor reopens with them listed at the top (quit without changing anything "
        "to stop; your draft is kept); if it is valid, the file is replaced atomically, unless it was "
        "changed on disk meanwhile, in which case your edit is kept as a draft. Exit status: 0 saved "
        "or nothing changed, 1 cancelled or left invalid, 2 usage error.",
        epilog="examples:\n"
        "  tracker edit ceasefire-30-day\n"
        "  tracker edit ukraine/ceasefire-30-day --round 2025-05-16\n"
        "  tracker edit ceasefire-30-day --round may --party Ukraine\n"
        "  EDITOR='code --wait' tracker edit exchange-1000 --party joint",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("id", metavar="ID", help="the position: its id, or PARTY/ID with the party's id, name or short name")
    parser.add_argument("-r", "--round", metavar="ROUND", help="the round: id, date, unique id prefix or words such as june, third (default: the latest round with the position)")
    parser.add_argument("-p", "--party", metavar="PARTY", help=f"whose position it is (`{JOINT}` for a joint agreement); needed when several parties use the id")
    parser.add_argument(
        "--resume", action="store_true",
        help="start from the latest draft kept of the position's file (an edit left invalid or not saved); it is removed once saved",
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (code := check_editor()) is not None:
        return code
    dataset = load_or_report(args, EXIT_PROBLEMS, bundled=False)
    if isinstance(dataset, int):
        return dataset
    from tracker.commands.naming import find_position
    from tracker.report.options import UsageError, check_parties, resolve_round

    try:
        round_id = resolve_round(dataset, args.round) if args.round is not None else None
        position = find_position(dataset, args.id, round_id=round_id, parties=check_parties(dataset, args.party and [args.party]))
    except UsageError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return EXIT_USAGE
    assert position.origin is not None
    resumed = None
    try:
        loaded = read_for_edit(position.origin.file)
        found = position_lines(loaded.text, position.id, joint=position.party == JOINT)
        text = None
        if args.resume:
            kept = drafts_of(loaded.path)
            if not kept:
                print(f"tracker: no draft of {display_path(loaded.path)} is kept: nothing to resume", file=sys.stderr)
                return EXIT_USAGE
            resumed = latest_draft(kept)
            if draft_base_matches(resumed, loaded.text) is False:
                # Saved over the file, the draft would undo what changed in it since.
                print(
                    f"tracker: {display_path(loaded.path)} changed after the draft {display_path(resumed)} was begun, "
                    "so resuming it would undo those changes; carry your edit over by hand: "
                    f"diff {shlex.quote(display_path(loaded.path))} {shlex.quote(str(resumed))}",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
            text = strip_problem_header(resumed.read_bytes().decode("utf-8", "surrogateescape"))
            note(f"resuming the draft {display_path(resumed)}")
        session = EditSession.start(
            dataset.root, loaded, line=found.start if found else position.origin.line, text=text
        )
    except (EditError, OSError) as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if resumed is not None:
        session.earlier_drafts = [d for d in session.earlier_drafts if d != resumed]
        session.initial = loaded.text  # the resumed text is an edit: saving it as it is saves it
    code = edit_loop(session)
    if resumed is not None and code == EXIT_OK and session.loaded is not loaded:  # saved
        remove_draft(resumed)
        note(f"the resumed draft is in the file now, so it was removed: {display_path(resumed)}")
    return code


def check_editor() -> int | None:
    """Fail before any draft is written when there is no editor to run."""
    try:
        editor_command(Path("-"))
    except EditError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return None


def edit_loop(session: EditSession, *, unchanged: str = "no changes made", unchanged_code: int = EXIT_OK, interactive: bool | None = None) -> int:
    """Editor, validate, save; on problems: edit again, keep the draft, or discard it.

    Asks which when stdin is a terminal; otherwise reopens the editor until it changes nothing.
    """
    if interactive is None:
        interactive = sys.stdin.isatty()
    if session.earlier_drafts:
        count, latest = len(session.earlier_drafts), display_path(latest_draft(session.earlier_drafts))
        kept = "an earlier draft of this file is kept" if count == 1 else f"{count} earlier drafts of this file are kept, the latest"
        note(f"note: {kept} in {latest} (tracker edit … --resume continues from it)")
    attempts = 0
    try:
        while True:
            status = run_editor(session.editor_command())
            if status != 0:
                if session.has_edits():
                    note(session.kept_message(f"the editor exited with status {status}: nothing saved"))
                else:
                    session.discard()
                    note(f"the editor exited with status {status}: nothing saved")
                return EXIT_PROBLEMS
            result = session.apply()
            if result.outcome is Outcome.SAVED:
                print(result.message)
                return EXIT_OK
            if result.outcome is Outcome.NO_CHANGES:
                print(unchanged)
                return unchanged_code
            if result.outcome is not Outcome.INVALID:  # conflict, emptied, still invalid
                note(result.message)
                return EXIT_PROBLEMS
            for line in session.problem_lines():
                print(line, file=sys.stderr)
            note(result.message)
            attempts += 1
            choice = ask() if interactive else ("edit" if attempts < MAX_UNATTENDED_ATTEMPTS else "keep")
            if choice == "keep":
                note(session.kept_message())
                return EXIT_PROBLEMS
            if choice == "discard":
                session.discard()
                note("edit discarded: nothing saved")
                return EXIT_PROBLEMS
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        if session.has_edits():
            note(session.kept_message("interrupted: nothing saved"))
        else:
            session.discard()
            note("interrupted: nothing saved")
        return EXIT_INTERRUPTED
    except EditError as exc:
        note(str(exc))
        if session.has_edits():
            if "kept in" not in str(exc):
                note(session.kept_message())
        else:
            session.discard()
        return EXIT_PROBLEMS
    finally:
        session.keep()  # the session is over: a draft left is one to resume now


def ask() -> str:
    """Edit again, keep the draft, or discard it. End of input keeps the draft: never lose work."""
    while True:
        sys.stderr.write("Edit again, keep the draft, or discard it? [E/k/d] ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:
            sys.stderr.write("\n")
            return "keep"
        choice = {"": "edit", "e": "edit", "edit": "edit", "k": "keep", "keep": "keep", "d": "discard", "discard": "discard"}.get(answer.strip().lower())
        if choice:
            return choice


def note(message: str) -> None:
    print(f"tracker: {message}", file=sys.stderr)
