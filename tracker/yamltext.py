"""Edits of a YAML file's text that keep every other byte: comments, order and layout stay the
curator's. Positions are found through the parser's node tree (so lines agree with the loader's),
and changed by inserting or replacing text, never by dumping YAML.
"""

from __future__ import annotations

import json

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tracker.model import Kind, Status
from tracker.problems import Problem
from tracker.yamlread import YamlDocument, YamlProblem, parse_yaml

BOM = "\ufeff"
# The line breaks libyaml counts, so line numbers here agree with the loader's.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


class EditError(Exception):
    """An edit that cannot go ahead; the message says why, in the user's terms."""


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


def position_template(
    *, topic: str | None, topics: Sequence[str], joint: bool = False, parties: Sequence[str] = (), put_forward: str | None = None
) -> Template:
    """A new position's lines with their help. `put_forward`: the round's date, for a round after
    the first, where a position added is most likely put forward at that round; without the
    field it would be reported as only first on record (see Position.put_forward)."""
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
    ]
    if put_forward is not None:
        rows.append((f"  put_forward: {put_forward}", "the day it was first put forward; delete the line if not at this round"))
    rows += [
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


def insert_position(text: str, template: Template, *, joint: bool = False, after_topic: str | None = None) -> Insertion:
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
        if same_file(problem.file, path):
            head.append(f"{HEADER_MARK}   line {problem.line + size}:{problem.col}: {problem_text(problem)}")
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


def problem_text(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def same_file(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


# --- one value ----------------------------------------------------------------------------------


def set_scalar(text: str, key: str, value: str, *, as_text: bool) -> str:
    """Replace one top-level scalar's value in the text, keeping its quotes and everything else."""
    bom = BOM if text.startswith(BOM) else ""
    body = text.removeprefix(bom)
    doc = _parse(body, f"set `{key}`")
    node = doc.node_at((key,)) if isinstance(doc.root, MappingNode) else None
    if not isinstance(node, ScalarNode):
        raise EditError(f"cannot set `{key}`: it is not a one-line value")
    if node.style in ("|", ">") and as_text:
        # A block scalar (`outcome: >-` and its lines) becomes one quoted line; the line break
        # the block ended with is kept.
        replaced = body[node.start_mark.index : node.end_mark.index]
        new = json.dumps(value, ensure_ascii=False) + ("\n" if replaced.endswith("\n") else "")
        return bom + body[: node.start_mark.index] + new + body[node.end_mark.index :]
    if node.style in ("|", ">"):
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
