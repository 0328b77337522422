"""Where the data is: the default data directory and the source catalogue beside it.

Kept apart from the loader (which imports pydantic and builds the models) so that a command
answered from the cache finds its data without paying for either; `tracker.loader` re-exports
these names.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """$TRACKER_DATA, else the nearest data directory from here up (see local_data_dir), else
    the dataset bundled with the tool."""
    return local_data_dir() or bundled_data_dir()


def local_data_dir() -> Path | None:
    """$TRACKER_DATA, else the nearest data directory from here up, as git finds its repository:
    at each folder from the current one up, its `positions/` subfolder, then the folder itself
    (run from inside positions/ or one of its rounds); above the current folder only one with
    parties.yaml and rounds/, and not past a git repository's top or the home folder. None when
    there is none: the bundled dataset then stands in, except for validate and the commands
    that write."""
    env = os.environ.get("TRACKER_DATA")
    if env:
        return Path(env)
    for local in (Path("positions"), Path(".")):
        if looks_like_data(local):
            return local
    try:
        here = Path.cwd()
    except OSError:  # the current folder was deleted
        return None
    home = Path(os.path.expanduser("~"))
    folder = here
    # Above the current folder, only a folder with its parties.yaml counts (a stray rounds/ is
    # not a dataset), and the search stops at a repository's top or the home folder: a hook run
    # in another project never finds this one's data.
    while not _is_top(folder, home) and folder.parent != folder:
        folder = folder.parent
        for candidate in (folder / "positions", folder):
            if _is_data(candidate):
                return candidate
    return None


def _is_top(folder: Path, home: Path) -> bool:
    try:
        return (folder / ".git").exists() or folder == home
    except OSError:
        return True


def _is_data(root: Path) -> bool:
    try:
        return (root / "parties.yaml").is_file() and (root / "rounds").is_dir()
    except OSError:
        return False


def looks_like_data(root: Path) -> bool:
    """A folder with parties.yaml or rounds/: a data directory, or one being started."""
    try:
        return (root / "parties.yaml").is_file() or (root / "rounds").is_dir()
    except OSError:
        return False


def bundled_data_dir() -> Path:
    package = Path(__file__).resolve().parent
    wheel_copy = package / "_bundled" / "positions"
    if wheel_copy.is_dir():
        return wheel_copy
    return package.parent / "positions"  # a source checkout or an editable install


def is_bundled(root: Path) -> bool:
    """Whether `root` is the dataset that ships with the tool (in a source checkout, that is the
    checkout's own positions/)."""
    try:
        return root.resolve() == bundled_data_dir().resolve()
    except OSError:
        return False


ROUND_FILE = "round.yaml"
EVENTS_FILE = "events.yaml"
"""What was done, agreed or declared between rounds: optional, at the top of the data directory."""
"""A round's own file in its folder (rounds/<round-id>/round.yaml), beside its parties' files."""


def find_sources_file(root: Path) -> Path | None:
    # `.` and `..` have no parent of their own to look beside: `--data .` run inside positions/.
    beside = root.parent if root.name not in ("", "..") else Path(os.path.abspath(root)).parent
    for candidate in (root / "sources.yaml", beside / "seeds" / "sources.yaml"):
        if candidate.is_file():
            return candidate
    return None


FOLLOW_LINKS_ENV = "TRACKER_FOLLOW_LINKS"
"""Set to 1 to follow links that lead out of the data directory (see link_out_of)."""


def link_out_of(path: Path, base: Path) -> str | None:
    """Why `path` is not read, when a link takes it out of `base` (the data directory); else None.

    Data can come from someone else (a pull request), and a file linked to ~/.ssh/id_ed25519 or
    a .env would otherwise be read as data and quoted in its error messages. Links that stay
    inside the data directory are followed; links out of it only with TRACKER_FOLLOW_LINKS=1.
    """
    if os.environ.get(FOLLOW_LINKS_ENV, "") not in ("", "0"):
        return None
    try:
        real = os.path.realpath(path, strict=True)
        inside = os.path.realpath(base, strict=True)
    except OSError:
        return None  # missing or looping: reading it says so
    if real == inside or real.startswith(inside.rstrip(os.sep) + os.sep):
        return None
    return (
        "a link to a file outside the data directory: not followed, so that data cannot make tracker "
        f"read (and quote) another file; set {FOLLOW_LINKS_ENV}=1 to follow links out of it"
    )
