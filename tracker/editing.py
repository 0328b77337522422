"""Editing data files safely: text edits only, validated in memory, written atomically.

The tool never re-serialises a person's YAML. Every change here is an edit of the file's text, so
comments, key order and layout stay byte-for-byte theirs outside the lines that were edited.
A save is refused unless the whole dataset validates with the new text in place, and unless the
file on disk is still the one that was read; nothing is ever left half-written.

Drafts sit beside the file they belong to, as a dot-file with the same extension
(`rounds/<round>/.ukraine.draft.yaml`): editors then treat them as YAML, relative paths such as
a `yaml-language-server: $schema=` line still resolve, `diff ukraine.yaml .ukraine.draft.yaml`
is one command, and they survive a reboot (a temp folder may not). The loader skips dot-files.

Nothing here imports Textual: the app and the command line share this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tracker.loader import ROUND_FILE, Dataset, load_dataset
from tracker.model import Kind, Status, is_slug
from tracker.problems import DataError, Problem, display_path
from tracker.yamlread import YamlDocument, YamlProblem, parse_yaml

BOM = "\ufeff"
# The line breaks libyaml counts, so line numbers here agree with the loader's.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


class EditError(Exception):
    """An edit that cannot go ahead; the message says why, in the user's terms."""


class EditorNotSet(EditError):
    pass


# --- files on disk ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was read: the save refuses if its content has changed.

    Content decides (size, then sha256): a `touch` or a checkout that rewrites the same bytes
    loses nobody's work, so it is not a conflict.
    """

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, mtime_ns: int) -> Fingerprint:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, data: bytes) -> bool:
        return len(data) == self.size and hashlib.sha256(data).hexdigest() == self.sha256


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A data file's text as read for editing. `fingerprint` is None for a file not yet created."""

    path: Path
    text: str
    fingerprint: Fingerprint | None

    def changed_on_disk(self) -> bool:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return self.fingerprint is not None
        return self.fingerprint is None or not self.fingerprint.matches(data)


def read_for_edit(path: Path) -> LoadedFile:
    """The file's text (line endings and a BOM kept) and its fingerprint; a missing file reads as
    empty, to be created on save."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
    except FileNotFoundError:
        return LoadedFile(path, "", None)
    except OSError as exc:
        raise EditError(f"cannot read {display_path(path)}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{display_path(path)} is not UTF-8 text (byte {exc.start}); save it as UTF-8 first") from None
    return LoadedFile(path, text, Fingerprint.of(data, mtime_ns))


def atomic_write(path: Path, data: str | bytes) -> Fingerprint:
    """Replace `path` with `data` so that readers see the old file or the new one, never a mix.

    Temp file in the same folder (a rename is only atomic within one file system), flush, fsync,
    the old file's mode, os.replace, then fsync the folder so the rename itself survives a crash.
    A symlink is written through, not replaced. If anything fails, the temp file is removed and
    the original is untouched. The temp name starts with '.' and ends in '.tmp', so even a kill
    before the rename leaves nothing the loader would read.
    """
    payload = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)
    return Fingerprint.of(payload, target.stat().st_mtime_ns)


def _fsync_folder(folder: Path) -> None:
    with suppress(OSError):  # not every platform or file system can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    try:  # Linux reports it without changing it, which is safe with threads
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- drafts -----------------------------------------------------------------------------------


def draft_name_for(path: Path, number: int = 1) -> Path:
    suffix = "" if number == 1 else f"-{number}"
    return path.with_name(f".{path.stem}.draft{suffix}{path.suffix or '.yaml'}")


def drafts_of(path: Path) -> list[Path]:
    """Drafts of this file kept from earlier edits."""
    if not path.parent.is_dir():
        return []
    pattern = re.compile(rf"^\.{re.escape(path.stem)}\.draft(-\d+)?{re.escape(path.suffix or '.yaml')}$")
    found = [(int(m.group(1)[1:]) if m.group(1) else 1, p) for p in path.parent.iterdir() if (m := pattern.match(p.name))]
    return [p for _, p in sorted(found)]


def write_draft(path: Path, text: str) -> Path:
    """A new draft of `path` holding `text`; an existing draft is never overwritten."""
    mode = 0o666 & ~_umask()
    with suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
    for number in range(1, 1000):
        draft = draft_name_for(path, number)
        try:
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        except OSError as exc:
            raise EditError(f"cannot write a draft beside {display_path(path)}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8", "surrogateescape"))
            handle.flush()
            os.fsync(handle.fileno())
        return draft
    raise EditError(f"too many drafts of {display_path(path)}; remove the old ones")  # pragma: no cover


def _read_text(path: Path) -> str:
    # surrogateescape: a draft saved in the wrong encoding still round-trips byte for byte, and
    # the loader then reports the bad byte at its line and column.
    return path.read_bytes().decode("utf-8", "surrogateescape")


# --- validation and saving --------------------------------------------------------------------


@dataclass(slots=True)
class Validation:
    dataset: Dataset | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_text(root: Path, path: Path, text: str) -> Validation:
    """Load the whole dataset with `text` in place of `path`'s content, without writing it."""
    try:
        return Validation(load_dataset(root, overrides={path: text}), [])
    except DataError as exc:
        return Validation(None, exc.problems)


class Outcome(StrEnum):
    SAVED = "saved"
    NO_CHANGES = "no-changes"
    INVALID = "invalid"
    STILL_INVALID = "still-invalid"  # the editor handed back the same invalid text: a cancel
    CONFLICT = "conflict"
    EMPTIED = "emptied"  # the user emptied the draft: a cancel, as in `kubectl edit`


@dataclass(slots=True)
class EditResult:
    outcome: Outcome
    message: str
    """One line for the user, ready to print or notify."""
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None
    """After a save: the dataset as validated, i.e. as now on disk."""
    loaded: LoadedFile | None = None
    """After a save: the file as written, the base for the next save."""
    draft: Path | None = None
    """Where the user's edit is kept when it was not saved."""


def save_text(root: Path, loaded: LoadedFile, text: str, template: Insertion | None = None) -> EditResult:
    """The in-app save: validate the dataset with `text` in memory; if valid and the file on disk
    is still the one that was loaded, write it atomically. Never writes invalid data; on a
    conflict the edit is kept in a draft beside the file. `template`: the new-position template
    inserted into this text, whose help comments are dropped on save."""
    path = loaded.path
    if text == loaded.text:
        return EditResult(Outcome.NO_CHANGES, "no changes made")
    if loaded.changed_on_disk():
        draft = write_draft(path, text)
        return EditResult(Outcome.CONFLICT, conflict_message(path, draft), draft=draft)
    check = validate_text(root, path, text)
    if not check.ok:
        count = len(check.problems)
        return EditResult(Outcome.INVALID, f"not saved: {count} problem{'s' * (count != 1)}", check.problems)
    text, check = _without_help(root, path, text, check, template)
    fingerprint = _write_or_keep(path, text)
    return EditResult(Outcome.SAVED, f"saved {display_path(path)}", dataset=check.dataset, loaded=LoadedFile(path, text, fingerprint))


def _without_help(root: Path, path: Path, text: str, check: Validation, template: Insertion | None) -> tuple[str, Validation]:
    """Drop the template's help before writing. The text was validated with it, so problems
    point at the lines the user sees; the dataset returned must match the file as written."""
    if template is None or (plain := remove_template_help(text, template)) == text:
        return text, check
    plain_check = validate_text(root, path, plain)
    return (plain, plain_check) if plain_check.ok else (text, check)


def _write_or_keep(path: Path, text: str, draft: Path | None = None) -> Fingerprint:
    try:
        return atomic_write(path, text)
    except OSError as exc:
        kept = draft if draft is not None else write_draft(path, text)
        raise EditError(f"cannot write {display_path(path)}: {exc.strerror or exc}; your edit is kept in {display_path(kept)}") from None


def conflict_message(path: Path, draft: Path) -> str:
    return (
        f"{display_path(path)} changed on disk while you were editing, so your edit was not saved; "
        f"it is kept in {display_path(draft)} (compare: diff {shlex.quote(display_path(path))} {shlex.quote(display_path(draft))})"
    )


# --- lines and positions in a file's text -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineRange:
    """1-based, inclusive."""

    start: int
    end: int


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks, split where YAML (and so the loader) counts a new line."""
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def newline_of(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group() if match and match.group() in ("\n", "\r\n", "\r") else "\n"


def _parse(text: str, what: str) -> YamlDocument:
    try:
        return parse_yaml(text.removeprefix(BOM))
    except YamlProblem as exc:
        raise EditError(f"cannot {what}: the file has a YAML error at line {exc.line}, column {exc.col}: {exc.message}") from None


def _list_node(doc: YamlDocument, key: str) -> Node | None:
    return doc.node_at((key,)) if isinstance(doc.root, MappingNode) else None


def position_lines(text: str, position_id: str, *, joint: bool = False) -> LineRange | None:
    """The lines of a position (a joint agreement in round.yaml with `joint`), or None."""
    try:
        doc = parse_yaml(text.removeprefix(BOM))
    except YamlProblem:
        return None
    items = _list_node(doc, "agreements" if joint else "positions")
    if not isinstance(items, SequenceNode):
        return None
    lines = split_lines(text)
    for item in items.value:
        if isinstance(item, MappingNode) and _scalar_of(item, "id") == position_id:
            return _item_lines(lines, item)
    return None


def _scalar_of(mapping: MappingNode, key: str) -> str | None:
    for key_node, value_node in mapping.value:
        if key_node.value == key and isinstance(value_node, ScalarNode):
            return value_node.value
    return None


def _item_lines(lines: list[str], item: Node) -> LineRange:
    """From the item's first line to its last line of content, plus comment lines indented under
    it (a comment at the dash's indentation introduces the next item, so it is not included)."""
    start = item.start_mark.line
    end = probe = _last_content_line(lines, item)
    while probe + 1 < len(lines):
        probe += 1
        stripped = lines[probe].lstrip(" ")
        if not stripped.strip():
            continue  # blank lines belong to the item only if one of its comments follows
        if not stripped.startswith("#") or len(lines[probe]) - len(stripped) < item.start_mark.column:
            break
        end = probe
    return LineRange(start + 1, end + 1)


def _last_content_line(lines: list[str], node: Node) -> int:
    """0-based line of the node's last character. A block mapping's or sequence's end mark is where
    the next token starts, past comments and blank lines, so descend to the last leaf instead."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1  # block scalars (`|`) end after their trailing blank lines
    return max(line, node.start_mark.line)


# --- new positions ----------------------------------------------------------------------------

# Placeholders that fail validation on purpose, so a template saved unfilled is caught, with a
# message that names the field.
NEW_ID, CHOOSE_KIND, CHOOSE_TOPIC, SOURCE_ID = "NEW-ID", "KIND", "TOPIC", "SOURCE-ID"


@dataclass(frozen=True, slots=True)
class Template:
    """A commented new position. `lines` are relative to the list's dash column, the first starting
    with '- '. Its help (trailing comments, and whole comment lines that show optional fields) is
    removed again when it is saved, except where the user changed it: uncommenting `# status:`
    keeps the field and drops its help."""

    lines: tuple[str, ...]
    help_comments: frozenset[str]
    help_lines: frozenset[str]


def position_template(*, topic: str | None, topics: Sequence[str], joint: bool = False, parties: Sequence[str] = ()) -> Template:
    kinds = [k.value for k in Kind if (k is Kind.agreement) == joint]
    rows = [(f"- id: {NEW_ID}", "lower-case words joined by '-'; keep the id in later rounds")]
    rows.append((f"  topic: {topic}", "") if topic else (f"  topic: {CHOOSE_TOPIC}", f"one of: {', '.join(topics)}"))
    if joint:
        rows += [("  kind: agreement", ""), (f"  parties: [{', '.join(parties)}]", "who agreed")]
    else:
        rows.append((f"  kind: {CHOOSE_KIND}", f"{', '.join(kinds[:-1])} or {kinds[-1]}"))
    rows += [
        ("  summary:", "the position in one or two sentences, in your own words"),
        (f"  # status: {'agreed' if joint else 'stated'}", ", ".join(s.value for s in Status)),
        ("  # quantities:", "the figures in it"),
        ("  #   - {what: ceasefire length, value: 30, unit: days}", ""),
        ("  evidence:", ""),
        (f"    - source: {SOURCE_ID}", "an id from the source catalogue"),
        ("      # note: what the source says, in your own words", ""),
        ("      # speaker: who said it", "a quote needs its speaker"),
        ("      # quote: their exact words", ""),
    ]
    lines = tuple(code + (f"  # {help}" if help else "") for code, help in rows)
    return Template(
        lines,
        frozenset(f"  # {help}" for _, help in rows if help),
        frozenset(line for line in lines if line.lstrip().startswith("#")),
    )


def remove_template_help(text: str, insertion: Insertion) -> str:
    """The text without the template's help, wherever the user left it as it was inserted."""
    out = []
    for line in split_lines(text):
        body = line.rstrip("\r\n")
        if body in insertion.help_lines:
            continue
        for comment in insertion.help_comments:
            if body.endswith(comment) and body[: -len(comment)].strip():
                line = body[: -len(comment)] + line[len(body) :]
                break
        out.append(line)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Insertion:
    text: str
    lines: LineRange
    """Where the inserted template is in the new text; the cursor goes to its first line."""
    help_comments: frozenset[str] = frozenset()
    help_lines: frozenset[str] = frozenset()
    """The template's help as inserted (indented), for remove_template_help."""


def insert_position(text: str, template: Sequence[str], *, joint: bool = False, after_topic: str | None = None) -> Insertion:
    """Insert a template (see position_template) at the end of the file's positions list, or after
    the last position on `after_topic`, indented like its neighbours. Every other line is kept."""
    key = "agreements" if joint else "positions"
    bom = BOM if text.startswith(BOM) else ""
    body = text.removeprefix(bom)
    doc = _parse(body, "add a position")
    if doc.root is not None and not isinstance(doc.root, MappingNode):
        raise EditError("cannot add a position: the file does not hold a mapping of fields")
    nl = newline_of(body)
    lines = split_lines(body)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    items = _list_node(doc, key)
    if items is None and not _has_key(doc, key):
        # No such key yet: start the list at the end of the file.
        lines += [f"{key}:{nl}"]
        return _insert_lines(bom, lines, len(lines), template, 2, False, nl)
    if isinstance(items, SequenceNode) and items.value and not items.flow_style:
        anchor = items.value[-1]
        if after_topic:
            same = [i for i in items.value if isinstance(i, MappingNode) and _scalar_of(i, "topic") == after_topic]
            anchor = same[-1] if same else anchor
        dash = _dash_column(lines, items.value[0])
        spaced = any(_blank_before(lines, item) for item in items.value[1:])
        return _insert_lines(bom, lines, _item_lines(lines, anchor).end, template, dash, spaced, nl)
    if isinstance(items, SequenceNode) and items.value:
        raise EditError(f"cannot add a position: `{key}` is written inline ([...]); write it as a block list first")
    if items is not None and (isinstance(items, SequenceNode) or items.tag.endswith(":null")):
        # `positions: []`, `positions:` or `positions: ~`: drop the empty value, list under the key.
        key_line = _key_node(doc, key).start_mark.line
        line = lines[key_line]
        start, end = items.start_mark, items.end_mark
        if start.line == end.line == key_line and end.index > start.index:
            line = line[: start.column].rstrip(" ") + line[end.column :]
            lines[key_line] = line
        return _insert_lines(bom, lines, key_line + 1, template, 2, False, nl)
    raise EditError(f"cannot add a position: `{key}` is not a list")


def _has_key(doc: YamlDocument, key: str) -> bool:
    return isinstance(doc.root, MappingNode) and _key_node(doc, key) is not None


def _key_node(doc: YamlDocument, key: str) -> Node | None:
    assert isinstance(doc.root, MappingNode)
    return next((k for k, _ in doc.root.value if k.value == key), None)


def _dash_column(lines: list[str], item: Node) -> int:
    line = lines[item.start_mark.line]
    dash = line.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else max(item.start_mark.column - 2, 0)


def _blank_before(lines: list[str], item: Node) -> bool:
    line = item.start_mark.line
    return line > 0 and not lines[line - 1].strip()


def _insert_lines(bom: str, lines: list[str], at: int, template: Template, dash: int, spaced: bool, nl: str) -> Insertion:
    """Insert after the first `at` lines."""
    pad = " " * dash
    block = ([nl] if spaced else []) + [pad + t + nl for t in template.lines]
    first = at + (2 if spaced else 1)
    new = lines[:at] + block + lines[at:]
    help_lines = frozenset(pad + line for line in template.help_lines)
    return Insertion(bom + "".join(new), LineRange(first, first + len(template.lines) - 1), template.help_comments, help_lines)


# --- the problems header of the edit loop ----------------------------------------------------

HEADER_MARK = "#|"
MAX_HEADER_PROBLEMS = 30


def add_problem_header(text: str, problems: Sequence[Problem], path: Path) -> tuple[str, int]:
    """Put the problems at the top of the text as marked comment lines; also returns how many lines
    were added, so problem lines can be shown as they read in the draft."""
    nl = newline_of(text)
    count = len(problems)
    shown = list(problems[:MAX_HEADER_PROBLEMS])
    size = 1 + len(shown) + (count > len(shown)) + 2
    head = [f"{HEADER_MARK} tracker: not saved: {count} problem{'s' * (count != 1)}. Fix, save and quit to try again;"]
    head.append(f"{HEADER_MARK} quit without saving to stop (your edit is kept). These {HEADER_MARK} lines are removed on save.")
    for problem in shown:
        if _same_file(problem.file, path):
            head.append(f"{HEADER_MARK}   line {problem.line + size}:{problem.col}: {_what(problem)}")
        else:
            head.append(f"{HEADER_MARK}   {problem.format()}")
    if count > len(shown):
        head.append(f"{HEADER_MARK}   … and {count - len(shown)} more (tracker validate lists them all)")
    head.append("")
    bom = BOM if text.startswith(BOM) else ""
    return bom + nl.join(head) + nl + text.removeprefix(bom), size


def strip_problem_header(text: str) -> str:
    """Remove the marked lines the edit loop put at the top (and the blank line after them); the
    user's own comments, anywhere, are kept."""
    bom = BOM if text.startswith(BOM) else ""
    lines = split_lines(text.removeprefix(bom))
    count = 0
    while count < len(lines) and lines[count].startswith(HEADER_MARK):
        count += 1
    if count and count < len(lines) and not lines[count].strip():
        count += 1
    return bom + "".join(lines[count:])


def _what(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def _same_file(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


# --- new rounds -------------------------------------------------------------------------------


def set_scalar(text: str, key: str, value: str, *, as_text: bool) -> str:
    """Replace one top-level scalar's value in the text, keeping its quotes and everything else."""
    bom = BOM if text.startswith(BOM) else ""
    body = text.removeprefix(bom)
    doc = _parse(body, f"set `{key}`")
    node = doc.node_at((key,)) if isinstance(doc.root, MappingNode) else None
    if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
        raise EditError(f"cannot set `{key}`: it is not a one-line value")
    if node.style == '"':
        new = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif node.style == "'":
        new = "'" + value.replace("'", "''") + "'"
    elif as_text and yaml.safe_load(value) != value:
        new = '"' + value + '"'  # e.g. an id that YAML would read as a date or a number
    else:
        new = value
    return bom + body[: node.start_mark.index] + new + body[node.end_mark.index :]


@dataclass(slots=True)
class NewRound:
    folder: Path
    files: list[Path]
    source: str
    to_update: list[str]
    """Fields of round.yaml copied from the source round that describe that round, not this one."""


def scaffold_round(dataset: Dataset, round_id: str, date: dt.date, source: str) -> NewRound:
    """Create rounds/<round_id>/ as a text copy of the source round's files (comments and layout
    kept) with `id` and `date` set, so every party's positions carry forward with their ids.

    Refuses an existing round. The files are written into a hidden folder, which is then renamed
    into place, so a crash leaves nothing the loader reads; if the dataset does not validate with
    the new round, it is removed again (DataError).
    """
    if not is_slug(round_id):
        raise EditError(f"{round_id!r} is not a valid round id: use lower-case letters, digits and '-', e.g. '2025-07-23-istanbul'")
    if source not in dataset.rounds:
        raise EditError(f"no round {source!r} to copy")
    rounds_dir = dataset.root / "rounds"
    folder = rounds_dir / round_id
    if folder.exists() or folder.is_symlink() or round_id in dataset.rounds:
        raise EditError(f"round {round_id!r} already exists ({display_path(folder)}); nothing was changed")
    source_data = dataset.rounds[source]
    files = sorted(
        p for p in source_data.folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )
    round_text = (source_data.folder / ROUND_FILE).read_bytes().decode("utf-8")
    round_text = set_scalar(round_text, "id", round_id, as_text=True)
    round_text = set_scalar(round_text, "date", date.isoformat(), as_text=False)
    staging = Path(tempfile.mkdtemp(prefix=f".{round_id}.new-", dir=rounds_dir))
    try:
        for path in files:
            data = round_text.encode("utf-8") if path.name == ROUND_FILE else path.read_bytes()
            (staging / path.name).write_bytes(data)
            shutil.copymode(path, staging / path.name)
            with open(staging / path.name, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(staging, stat.S_IMODE(source_data.folder.stat().st_mode))
        if folder.exists():
            raise EditError(f"round {round_id!r} already exists ({display_path(folder)}); nothing was changed")
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync_folder(rounds_dir)
    try:
        load_dataset(dataset.root)
    except DataError as exc:
        mine = [p for p in exc.problems if folder in p.file.parents]
        if mine:
            shutil.rmtree(folder, ignore_errors=True)
            raise DataError(mine) from None
    described = ("title", "venue", "chair", "delegations", "duration", "outcome", "evidence", "notes", "place")
    present = [k for k in described if _top_level_key(round_text, k)]
    return NewRound(folder, [folder / p.name for p in files], source, present)


def _top_level_key(text: str, key: str) -> bool:
    return re.search(rf"^{re.escape(key)}\s*:", text.removeprefix(BOM), re.MULTILINE) is not None


# --- the external editor ----------------------------------------------------------------------

_PLUS_LINE = {"vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "pico", "emacs", "emacsclient", "kak", "joe", "mg", "ne", "micro"}
_GOTO_FLAG = {"code": "--wait", "code-insiders": "--wait", "codium": "--wait", "cursor": "--wait"}  # code --wait -g f:l
_FILE_COLON_LINE = {"subl": "--wait", "hx": None, "helix": None, "zed": "--wait"}


def editor_command(path: Path, line: int | None = None, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens `path` at `line` in $VISUAL or $EDITOR, split like a shell would.

    Editors that would return at once (`code`, `subl`) get their wait flag, or the loop could
    not see the edit.
    """
    env = os.environ if env is None else env
    name, value = next(((n, env[n]) for n in ("VISUAL", "EDITOR") if env.get(n, "").strip()), (None, ""))
    if name is None:
        raise EditorNotSet("no editor set: set $VISUAL or $EDITOR, e.g. `export EDITOR=nano` (or `EDITOR=\"code --wait\"`)")
    try:
        argv = shlex.split(value)
    except ValueError as exc:
        raise EditorNotSet(f"cannot read ${name} ({value!r}): {exc}") from None
    program = Path(argv[0]).name.removesuffix(".exe")
    file = str(path)
    if line is None or line < 1:
        return argv + [file]
    if program in _PLUS_LINE:
        return argv + [f"+{line}", file]
    if program in _GOTO_FLAG:
        wait = [] if {"--wait", "-w"} & set(argv) else [_GOTO_FLAG[program]]
        return argv + wait + ["-g", f"{file}:{line}"]
    if program in _FILE_COLON_LINE:
        flag = _FILE_COLON_LINE[program]
        wait = [] if flag is None or {"--wait", "-w"} & set(argv) else [flag]
        return argv + wait + [f"{file}:{line}"]
    return argv + [file]


def run_editor(argv: Sequence[str]) -> int:
    """Run the editor in this terminal and return its exit status."""
    try:
        return subprocess.run(list(argv), check=False).returncode
    except FileNotFoundError:
        raise EditError(f"editor not found: {argv[0]!r} (from $VISUAL or $EDITOR)") from None
    except PermissionError:
        raise EditError(f"cannot run the editor {argv[0]!r}: permission denied") from None


# --- the edit loop, shared by `tracker edit`, `tracker new-position` and the app -------------


class EditSession:
    """One file edited in $EDITOR through a draft, as `kubectl edit` does it.

        session = EditSession.start(root, path, line=12)
        while True:
            run_editor(session.editor_command())   # the app: inside App.suspend()
            result = session.apply()
            if result.outcome is not Outcome.INVALID:
                break                              # saved, no changes, conflict, cancelled
            # ask: edit again (loop) / keep draft (session.keep()) / discard (session.discard())

    The draft is the working copy. After an invalid attempt it holds the problems as marked
    comment lines at the top, which apply() strips again; the editor reopens at the first one.
    """

    def __init__(self, root: Path, loaded: LoadedFile, draft: Path, text: str, line: int | None, template: Insertion | None = None):
        self.root = root
        self.template = template
        self.loaded = loaded
        self.draft = draft
        self.line = line
        self.initial = text
        self.presented = text
        """The text the editor was last given, without the header."""
        self.problems: list[Problem] = []
        self.header_lines = 0
        self.earlier_drafts: list[Path] = []

    @classmethod
    def start(
        cls, root: Path, file: Path | LoadedFile, *, line: int | None = None, text: str | None = None, template: Insertion | None = None
    ) -> EditSession:
        """Write the file's draft and start. `file` is a path, or the file as already read, so that
        `text` or a `template` inserted into that text is saved against that same version."""
        loaded = file if isinstance(file, LoadedFile) else read_for_edit(file)
        earlier = drafts_of(loaded.path)
        if template is not None:
            text, line = template.text, line or template.lines.start
        start = loaded.text if text is None else text
        session = cls(root, loaded, write_draft(loaded.path, start), start, line, template)
        session.earlier_drafts = earlier
        return session

    @property
    def path(self) -> Path:
        return self.loaded.path

    def editor_command(self, env: Mapping[str, str] | None = None) -> list[str]:
        return editor_command(self.draft, self.line, env)

    def has_edits(self) -> bool:
        """Whether the draft holds work of the user's: anything but the file or the starting text."""
        try:
            text = strip_problem_header(_read_text(self.draft))
        except FileNotFoundError:
            return False
        return text not in (self.loaded.text, self.initial)

    def apply(self) -> EditResult:
        """Read back the draft after the editor returned: validate, and save if valid."""
        try:
            text = strip_problem_header(_read_text(self.draft))
        except FileNotFoundError:
            raise EditError(f"the draft {display_path(self.draft)} is gone; nothing was saved") from None
        if not text.strip():
            self.discard()
            return EditResult(Outcome.EMPTIED, "the draft was emptied: edit cancelled, nothing saved")
        if text == self.loaded.text or (text == self.initial and not self.problems):
            self.discard()
            return EditResult(Outcome.NO_CHANGES, "no changes made")
        if self.problems and text == self.presented:
            return EditResult(Outcome.STILL_INVALID, self.kept_message("edit cancelled: nothing saved"), self.problems, draft=self.draft)
        if self.loaded.changed_on_disk():
            atomic_write(self.draft, text)  # the plain edit, ready to compare with the new file
            return EditResult(Outcome.CONFLICT, conflict_message(self.path, self.draft), draft=self.draft)
        check = validate_text(self.root, self.path, text)
        if not check.ok:
            self.presented, self.problems = text, check.problems
            marked, self.header_lines = add_problem_header(text, check.problems, self.path)
            atomic_write(self.draft, marked)
            own = [p.line for p in check.problems if _same_file(p.file, self.path)]
            self.line = (min(own) + self.header_lines) if own else 1
            count = len(check.problems)
            return EditResult(Outcome.INVALID, f"not saved: {count} problem{'s' * (count != 1)}", check.problems, draft=self.draft)
        text, check = _without_help(self.root, self.path, text, check, self.template)
        fingerprint = _write_or_keep(self.path, text, self.draft)
        self.loaded = LoadedFile(self.path, text, fingerprint)
        self.discard()
        return EditResult(Outcome.SAVED, f"saved {display_path(self.path)}", dataset=check.dataset, loaded=self.loaded)

    def problem_lines(self) -> list[str]:
        """The last problems, with lines of the edited file pointing into the draft as shown."""
        out = []
        for problem in self.problems:
            if _same_file(problem.file, self.path):
                where = f"{display_path(self.draft)}:{problem.line + self.header_lines}:{problem.col}"
                out.append(f"{where}: {problem.severity}: {_what(problem)}")
            else:
                out.append(problem.format())
        return out

    def keep(self) -> Path:
        return self.draft

    def discard(self) -> None:
        with suppress(FileNotFoundError):
            self.draft.unlink()

    def kept_message(self, prefix: str = "not saved") -> str:
        return f"{prefix}; your edit is kept in {display_path(self.draft)}"


def suggest(value: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
