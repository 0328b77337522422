"""What a cache entry is keyed by: the content of every file a load reads, and tracker's code.

A hit must be exactly as trustworthy as doing the work again, so the key (`data_key`) is a hash
of the names and bytes of every file the loader would read, of what it would only name (a
folder, a link out of the data directory, a file over its size limit), of the source catalogue
wherever it lives, and of the versions of tracker's code, pydantic, PyYAML and Python.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from tracker.cache.store import FORMAT, blake2b, cache_dir
from tracker.paths import FOLLOW_LINKS_ENV, find_sources_file


def data_key(root: Path) -> str | None:
    """The content key of a data directory and its source catalogue; None when the cache is off
    or a file cannot be read (then nothing is cached for it)."""
    if cache_dir() is None:
        return None
    try:
        return content_key(root, find_sources_file(root))
    except Exception:
        return None


_handed: tuple[str, str] | None = None


def hand_over(root: Path | None, key: str | None) -> None:
    """Keep the key a report took of `root` as it began (tracker.cache.results) for the load made
    while it runs, and forget it after (None): the files were hashed moments before anything was
    read, and a load kept under that key is the data that key names. Taken once
    (`key_for_load`); the checks made after a read (is the key still the same?) always hash the
    files again."""
    global _handed
    _handed = None if root is None or key is None else (os.path.abspath(root), key)


def key_for_load(root: Path) -> str | None:
    """The key handed over for this data directory, once; else data_key(root), hashed now."""
    global _handed
    handed, _handed = _handed, None
    if handed is not None and handed[0] == os.path.abspath(root) and cache_dir() is not None:
        return handed[1]
    return data_key(root)


def content_key(root: Path, sources_file: Path | None) -> str:
    """A digest of what the loader reads (see _read_by_loader: the names and kinds of the entries
    it looks at, the bytes of the files it would read), the catalogue, and the versions of the
    code that decides what a load and a report make of them. Nothing else under the data
    directory is read: not .git, not a dot-folder, not what a link out of it points to."""
    digest = blake2b(digest_size=20)
    digest.update(_versions().encode())
    digest.update(f"{FOLLOW_LINKS_ENV}={os.environ.get(FOLLOW_LINKS_ENV, '')}\0".encode())
    for name, kind in _read_by_loader(root, sources_file):
        digest.update(kind + b" " + name + b"\0")
        if kind == b"f":
            from tracker.datafile import read_data_file

            digest.update(blake2b(read_data_file(Path(os.fsdecode(name))), digest_size=20).digest())
    return digest.hexdigest()


def _read_by_loader(root: Path, sources_file: Path | None) -> list[tuple[bytes, bytes]]:
    """The entries the loader looks at, each with its kind: the catalogues, every entry of
    rounds/ and of each round's folder, the events file (a file it would read is `f`; one it reports by name
    only, a folder, a link out of the data directory or a file over its size limit, is named
    with what it is). Mirrors tracker.loader: what it skips (dot-files) is skipped here."""
    from tracker.paths import link_out_of
    from tracker.datafile import MAX_FILE_BYTES

    entries: list[tuple[bytes, bytes]] = []

    def add(path: Path, base: Path, folder_inside: bool = True) -> None:
        """`folder_inside`: the folder `path` is in does not lead out of `base`. Then an entry
        that is not a link does not either (its real path is its folder's, plus its name), and
        only a link needs link_out_of's real paths: a dozen system calls a file, for every file
        at every run."""
        name = os.fsencode(path)
        try:
            info = os.lstat(path)
            linked = stat.S_ISLNK(info.st_mode)
            if linked:
                info = os.stat(path)
        except OSError as error:  # missing, a dangling or looping link: named, with why
            entries.append((name, b"missing %d" % (error.errno or 0)))
            return
        if not stat.S_ISREG(info.st_mode):
            entries.append((name, b"special %d" % stat.S_IFMT(info.st_mode)))
        elif (linked or not folder_inside) and link_out_of(path, base):
            entries.append((name, b"outside"))
        elif info.st_size > MAX_FILE_BYTES or path.suffix not in (".yaml", ".yml"):
            entries.append((name, b"unread %d" % info.st_size))
        else:
            entries.append((name, b"f"))

    for name in ("parties.yaml", "topics.yaml", "events.yaml"):  # no events file: named as missing
        add(root / name, root)
    if sources_file is not None:
        add(sources_file, root if sources_file.is_relative_to(root) else sources_file.parent)
    rounds = root / "rounds"
    if rounds.is_dir():
        rounds_inside = link_out_of(rounds, root) is None
        for folder in sorted(rounds.iterdir()):
            if folder.name.startswith("."):
                continue
            if not folder.is_dir():
                add(folder, root, rounds_inside)
                continue
            if link_out_of(folder, root):  # the loader does not enter it
                entries.append((os.fsencode(folder), b"outside"))
                continue
            entries.append((os.fsencode(folder), b"d"))
            for entry in sorted(folder.iterdir()):
                if not entry.name.startswith("."):
                    add(entry, root)
    else:
        entries.append((os.fsencode(rounds), b"no rounds"))
    return entries


_versions_text: str | None = None


def _versions() -> str:
    global _versions_text
    if _versions_text is None:
        from tracker import __version__

        libraries = "|".join(_library_version(name, file) for name, file in (("pydantic", "version.py"), ("yaml", "__init__.py")))
        _versions_text = f"{FORMAT}|{__version__}|{libraries}|{sys.version}|{_code_digest()}"
    return _versions_text


def _library_version(package: str, file: str) -> str:
    """The digest of the file that states a library's version (pydantic's VERSION, PyYAML's
    __version__), read without importing the library: a command answered from the cache
    would otherwise pay for importing pydantic and yaml just to read two strings."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        try:
            return blake2b(Path(folder, file).read_bytes(), digest_size=12).hexdigest()
        except OSError:
            continue
    return f"{package}?"


def _code_digest(package: Path | None = None) -> str:
    """Tracker's own code outside the app (the model, the loader, the cache, the reports and the
    commands), so a changed rule or report in a development checkout is a miss too."""
    package = package or Path(__file__).resolve().parent.parent
    digest = blake2b(digest_size=12)
    for folder in (package, package / "cache", package / "report", package / "commands"):
        for path in sorted([*folder.glob("*.py"), *folder.glob("*.json")]):
            digest.update(os.fsencode(path.relative_to(package)) + b"\0")
            digest.update(blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()
