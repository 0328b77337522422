"""`tracker init [DIR]`: start a dataset of one's own, one that validates as it is.

The new data directory is self-contained: its source catalogue is `sources.yaml` inside it, and
its copies of the sources in `sources/` beside that, so `tracker --data DIR validate` passes
wherever the folder is moved. The files are written into a hidden folder next to DIR and
renamed into place in one step: an interrupted init leaves nothing the loader would read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from tracker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, HelpFormatter
from tracker.problems import display_path
from tracker.staging import INIT, make_staging, release

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "dataset"
ROUND_PLACEHOLDER = "ROUND"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "init",
        help="start a new data directory that validates as it is",
        description="Create a new data directory: parties.yaml, topics.yaml, a source catalogue "
        "(sources.yaml) with a folder for your copies of the sources (sources/), and one round from "
        "a commented template, dated today. Every file says what to replace; the whole validates "
        "as it is. With --example, a copy of the dataset bundled with tracker instead (the Istanbul "
        "talks of 2025, with its catalogue). Refuses to write into a folder that is not empty.",
        epilog="examples:\n  tracker init mytalks\n  tracker --data mytalks validate\n  tracker init istanbul --example",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("dir", metavar="DIR", nargs="?", type=Path, help="the new data directory (default: --data, else ./positions)")
    parser.add_argument("--example", action="store_true", help="copy the bundled Istanbul dataset instead of the template")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = args.dir or getattr(args, "data", None) or Path("positions")
    try:
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            what = "a file" if not target.is_dir() else "a folder that is not empty"
            print(f"tracker: {display_path(target)} is {what}: init writes only into a new or empty folder", file=sys.stderr)
            return EXIT_USAGE
        here = target.is_dir() and os.path.samefile(target, ".")
    except OSError as exc:  # a name too long, no permission
        print(f"tracker: cannot create {display_path(target)}: {_why(exc)}", file=sys.stderr)
        return EXIT_USAGE
    parent = Path(os.path.abspath(target)).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging, held = make_staging(parent, f".{target.name}.", ".init", INIT)
    except OSError as exc:
        print(f"tracker: cannot create {display_path(target)}: {_why(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        written = _example(staging) if args.example else _template(staging, dt.date.today())
        os.chmod(staging, 0o777 & ~_umask())
        _fsync_tree(staging)  # on disk before the rename makes it the data, or a crash may leave it empty
        if here:
            # The current folder cannot be renamed over (and a shell in it would be left in a
            # deleted folder): its entries are moved in, each in one step.
            for entry in sorted(staging.iterdir()):
                os.replace(entry, Path.cwd() / entry.name)
            staging.rmdir()
        else:
            os.replace(staging, target)  # over an empty folder, or to a new name: one step either way
        _fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"tracker: cannot create {display_path(target)}: {_why(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        release(held)
    shown = display_path(target)
    print(f"created {shown}/: {', '.join(written)}")
    if args.example:
        print(f"next: tracker --data {shown} rounds")
    else:
        print(f"next: replace the examples in each file (they say how), then tracker --data {shown} validate")
    return EXIT_OK


def _template(folder: Path, today: dt.date) -> list[str]:
    round_id = f"{today.isoformat()}-first-round"
    for path in sorted(TEMPLATE.rglob("*")):
        relative = path.relative_to(TEMPLATE)
        out = folder / Path(*(round_id if part == ROUND_PLACEHOLDER else part for part in relative.parts))
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "round.yaml":
            text = text.replace(f"id: {ROUND_PLACEHOLDER}", f"id: {round_id}").replace("date: DATE", f"date: {today.isoformat()}")
        out.write_text(text, encoding="utf-8")
    return ["parties.yaml", "topics.yaml", "sources.yaml", "sources/", f"rounds/{round_id}/"]


def _example(folder: Path) -> list[str]:
    from tracker.paths import bundled_data_dir, find_sources_file

    bundled = bundled_data_dir()
    shutil.copytree(bundled, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    catalogue = find_sources_file(bundled)
    if catalogue is not None and catalogue.parent != bundled:
        shutil.copyfile(catalogue, folder / "sources.yaml")
    rounds = sorted(p.name for p in (folder / "rounds").iterdir() if p.is_dir())
    return ["parties.yaml", "topics.yaml", "sources.yaml", *(f"rounds/{r}/" for r in rounds)]


def _why(exc: OSError) -> str:
    """What went wrong, in a line: a copy that failed on many files (a full disk) says the first."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        first = exc.args[0][0]
        reason = str(first[-1]) if isinstance(first, tuple) else str(first)
        more = len(exc.args[0]) - 1
        return reason + (f" (and {more} more file{'s' * (more != 1)})" if more else "")
    return exc.strerror or str(exc)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
