"""Safe, position-aware YAML reading.

PyYAML's C parser builds the node tree; we construct plain Python values from it ourselves so
that every mapping key is checked for duplicates, every tag is checked against YAML's own safe
set, and every value can be traced back to its line and column when validation fails.
Anchors and aliases are refused outright: hand-curated data has no need for them, and they are
how "billion laughs" bombs are built.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
import os  # noqa: F401 - read_data_file lives in tracker.datafile; its callers and tests still reach os through here
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # The C parser is several times faster; fall back quietly where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tracker.datafile import MAX_FILE_BYTES, YamlProblem, file_kind, read_data_file  # re-exported: every reader names them here
from tracker.paths import link_out_of
from tracker.problems import cut, quote


class _ComposingLoader(_Loader):  # type: ignore[misc, valid-type]
    """The loader with cheaper per-node hooks; composing calls both for every node.

    Tag resolution runs regular expressions on each plain scalar, and a data file repeats the same
    keys and values (`id`, `topic`, `stated`, source ids) thousands of times: the tag found for
    a plain scalar is kept for the rest of the file. Without path resolvers (parse_yaml checks)
    descending into and out of nodes has nothing to track, and every other node has its kind's
    default tag, given here without the resolver's checks for them.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                tag = self._plain_tags.get(value)
                if tag is None:
                    tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
                return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# Limits on one data file, each far above real data (a party's file for one round is tens of
# kilobytes, about a thousand values) and low enough that a hostile file is refused within a
# second or two: libyaml composes about a megabyte a second, and each value costs work after it.
MAX_VALUES = 100_000
MAX_DEPTH = 100
# Searched from each line break: a literal first character keeps the scan fast on large files.
_DEEP_INDENT = re.compile(rf"\n[ \t?:-]{{{MAX_DEPTH * 2}}}")
_BRACKETS = re.compile(r"[\[\]{}]")
# What may come right before an anchor or alias token, besides whitespace (see _may_hold_anchor).
_BEFORE_ANCHOR = "[{,:?-\ufeff"
# What an anchor's or alias's name is made of: YAML's scanner reads these after `&` or `*`, and
# fails on a token with none of them ("did not find expected alphabetic or numeric character").
_ANCHOR_NAME = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")

_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# YAML 1.1 reads `1:30` as 90, `017` as 15, `0b101` as 5, `0x1F` as 31 and `.nan`, `.inf` as
# floats a report cannot print (JSON has no NaN). A plain scalar is a number only when written
# as one in plain decimal; anything else stays the text it is, which a number field refuses.
# Written as a person writes a number: no `+`, no point without a digit on each side (`+339`,
# `339.` and `.5` are text, as a spreadsheet or a reader might not take them for numbers).
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_FLOAT_MAX = int(sys.float_info.max)
_SHARED_TEXT = 64
"""Texts up to this length are interned as they are read (see _construct)."""
_NUMBER_FORMS = {"tag:yaml.org,2002:int": _PLAIN_INT, "tag:yaml.org,2002:float": _PLAIN_FLOAT}
_constructor = yaml.constructor.SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
}


@dataclass(slots=True)
class YamlDocument:
    """A file's value and the node tree it came from, for mapping data paths to positions."""

    value: Any
    root: Node | None
    text: str = ""
    """The text parsed; node marks index it by character."""
    _keys: dict[int, dict[Any, tuple[Node, Node]]] = field(default_factory=dict, repr=False, compare=False)
    """Each mapping node's keys, indexed when first looked up: one lookup per problem, and a
    file may have tens of thousands of them."""

    def _entry(self, node: MappingNode, part: Any) -> tuple[Node, Node] | None:
        index = self._keys.get(id(node))
        if index is None:
            index = self._keys[id(node)] = {}
            for key_node, value_node in node.value:
                try:
                    index.setdefault(key_node.value, (key_node, value_node))
                except TypeError:  # a key that is itself a list or a mapping
                    continue
        try:
            return index.get(part)
        except TypeError:
            return None

    def locate(self, loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        """The 1-based (line, col) of the value at `loc`, or of its nearest ancestor that exists.

        A scalar value is pointed at itself, a block by its key (or with `key=True`, always the
        key, as for an unknown field); a missing key by the mapping that should hold it.
        """
        node = self.root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for part in loc:
            if isinstance(node, MappingNode):
                found = self._entry(node, part)
                if found is None:
                    break
                key_node, value_node = found
                # Point at a scalar value itself; at the key of a block that spans lines.
                mark = value_node.start_mark if isinstance(value_node, ScalarNode) and not key else key_node.start_mark
                node = value_node
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)

    def node_at(self, loc: tuple[str | int, ...]) -> Node | None:
        node = self.root
        for part in loc:
            if isinstance(node, MappingNode):
                found = self._entry(node, part)
                node = found[1] if found is not None else None
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node


# Bidirectional embeddings, overrides and isolates: they reorder how the text after them is
# shown, so a terminal or an editor can show something other than what the file says ("Trojan
# Source"). The plain marks U+200E and U+200F only nudge neutral characters, and names written
# right to left need them: they are allowed.
# Invisible characters no script needs are refused with them: the zero-width space, the word
# joiner and the invisible operators, a zero-width no-break space past the start of the file, and
# the tag characters. Each makes two texts that read the same differ (a name `--party` cannot
# find, a changed summary that looks unchanged). The joiners U+200C and U+200D (Persian, the
# Indic scripts, emoji) and the marks U+200E, U+200F and U+061C are allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f]")


@dataclass(frozen=True, slots=True)
class BidiControl:
    """The first bidirectional control of one value (or one comment line), 1-based."""

    line: int
    col: int
    loc: tuple[str | int, ...] | None
    """Where in the data the value is; None outside every value (a comment)."""
    char: str
    count: int
    """How many there are in that value or comment line."""


def find_bidi_controls(doc: YamlDocument) -> list[BidiControl]:
    """Every value, key or comment line holding a bidirectional control, at the first of them.

    The text is searched for the characters themselves; a double-quoted value can also write one
    as an escape (`"\\u202e"`), found in the values and reported at the value's start."""
    text = doc.text
    raw = [m.start() for m in BIDI_CONTROLS.finditer(text)]
    if not raw and "\\u" not in text and "\\U" not in text:
        return []
    scalars: list[tuple[ScalarNode, tuple[str | int, ...]]] = []
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(doc.root, ())] if doc.root is not None else []
    while stack:
        node, loc = stack.pop()
        if isinstance(node, ScalarNode):
            if BIDI_CONTROLS.search(node.value):
                scalars.append((node, loc))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.append((key_node, loc + (key_node.value,)))
                stack.append((value_node, loc + (key_node.value,)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    controls: list[BidiControl] = []
    claimed: set[int] = set()  # indexes into raw of the controls inside a value
    for node, loc in scalars:
        start, end = node.start_mark.index, node.end_mark.index
        first = bisect.bisect_left(raw, start)
        inside = first < len(raw) and raw[first] < end
        chars = BIDI_CONTROLS.findall(node.value)
        line, col = _text_position(text, raw[first]) if inside else (node.start_mark.line + 1, node.start_mark.column + 1)
        controls.append(BidiControl(line, col, loc, chars[0], len(chars)))
        if inside:
            claimed.update(range(first, bisect.bisect_left(raw, end)))
    comments: dict[int, list[int]] = {}
    for offset in (o for n, o in enumerate(raw) if n not in claimed):  # outside every value: in a comment
        comments.setdefault(text.count("\n", 0, offset), []).append(offset)
    for offsets in comments.values():
        line, col = _text_position(text, offsets[0])
        controls.append(BidiControl(line, col, None, text[offsets[0]], len(offsets)))
    return sorted(controls, key=lambda c: (c.line, c.col))


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed), with the line and column of the first bad byte."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise _at_offset(data, offset, "binary data: the file contains a NUL byte; expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _at_offset(data, exc.start, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def _at_offset(data: bytes, offset: int, message: str) -> YamlProblem:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return YamlProblem(line, col, message)


def read_yaml_file(path: Path, max_bytes: int = MAX_FILE_BYTES, base: Path | None = None) -> YamlDocument:
    """Read one YAML file. Raises YamlProblem (with a position) or OSError.

    `base`: the folder the file must stay inside (the data directory): a link out of it is not
    followed (see paths.link_out_of). Only a regular file is read: it is opened without
    blocking and checked before a byte is read, so a FIFO or a link to /dev/stdin is reported,
    never waited on."""
    if base is not None and (why := link_out_of(path, base)):
        raise YamlProblem(1, 1, why)
    return parse_yaml(decode(read_data_file(path, max_bytes)))


def parse_yaml(text: str) -> YamlDocument:
    _refuse_deep_nesting(text)
    unchecked = "&" in text or "*" in text
    if unchecked and _may_hold_anchor(text):
        _refuse_anchors(text)
        unchecked = False
    try:
        root = yaml.compose(text, Loader=_Loader if _Loader.yaml_path_resolvers else _ComposingLoader)
    except yaml.MarkedYAMLError as exc:
        if unchecked:
            # The event check reads the whole stream, past a second document where composing
            # stops; run it so a broken file is reported as it always has been.
            _refuse_anchors(text)
        raise _from_marked(exc) from None
    except yaml.YAMLError as exc:  # a character YAML does not allow: the reader's error is unmarked
        raise _unmarked(text, exc) from None
    if root is None:
        return YamlDocument(None, None)
    _refuse_too_many_values(root)
    return YamlDocument(_construct(root), root, text)


def _refuse_too_many_values(root: Node) -> None:
    """Refuse a file of more than MAX_VALUES keys, items and values before any is built or checked:
    300,000 unknown keys would each become a problem to count."""
    budget = MAX_VALUES
    todo = [root]
    while todo:
        node = todo.pop()
        budget -= 1
        if node.__class__ is MappingNode:
            budget -= len(node.value)  # the keys
            todo.extend(value for _, value in node.value)
        elif node.__class__ is SequenceNode:
            todo.extend(node.value)
        if budget < 0:
            raise _mark_problem(node.start_mark, f"over {MAX_VALUES:,} values in one file, the limit for a data file; split it or trim it")


def _refuse_deep_nesting(text: str) -> None:
    """libyaml's composer recurses in C and crashes the process on very deep nesting, so refuse
    it before parsing. Real data nests a handful of levels; MAX_DEPTH is far beyond that."""
    deep_indent = _DEEP_INDENT.search("\n" + text)
    if deep_indent is not None:
        offset = deep_indent.start()  # the line's start in `text`, the added break being one before
        line = text.count("\n", 0, offset) + 1
        raise YamlProblem(line, 1, f"nested too deeply: indentation over {MAX_DEPTH} columns")
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            col = offset - (text.rfind("\n", 0, offset) + 1) + 1
            raise YamlProblem(line, col, f"nested too deeply: more than {MAX_DEPTH} levels of brackets")


def _may_hold_anchor(text: str) -> bool:
    """False when no `&` or `*` in the text can start an anchor or alias token: those only begin
    a node, at the start of a line or after whitespace or an indicator, and a name follows them.
    Prose such as "Q&A", "R&D" or "Banking & Finance" holds none, so such a file is parsed once,
    not a second time event by event. (Where a `&` or `*` without a name begins a node, composing
    fails on it, and parse_yaml runs the event check then, as for any file it did not check.)"""
    for char in "&*":
        index = text.find(char)
        while index != -1:
            starts_node = index == 0 or text[index - 1].isspace() or text[index - 1] in _BEFORE_ANCHOR
            if starts_node and text[index + 1 : index + 2] in _ANCHOR_NAME:
                return True
            index = text.find(char, index + 1)
    return False


def _refuse_anchors(text: str) -> None:
    """Only run when the text could hold an anchor: a parse of the events gives exact positions."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise _mark_problem(event.start_mark, "aliases (*name) are not allowed in data files; write the value out")
            if getattr(event, "anchor", None) is not None:
                raise _mark_problem(event.start_mark, "anchors (&name) are not allowed in data files; write the value out")
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except yaml.YAMLError as exc:  # e.g. a control character, which the reader rejects unmarked
        raise _unmarked(text, exc) from None


def _unmarked(text: str, exc: yaml.YAMLError) -> YamlProblem:
    """The reader's errors give an offset, not a mark: a character YAML does not allow."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, (int, str)) and 0 <= exc.position <= len(text):
        line, col = _text_position(text, exc.position)
        code = f"U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X}"
        return YamlProblem(line, col, f"character {code} is not allowed in YAML; remove it, or write it as \\u{code[2:]} inside double quotes")
    return YamlProblem(1, 1, " ".join(str(exc).split()))


def _mark_problem(mark: Any, message: str) -> YamlProblem:
    return YamlProblem(mark.line + 1, mark.column + 1, message)


def _from_marked(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        ctx = exc.context_mark
        message = f"{message} ({exc.context} at line {ctx.line + 1}, column {ctx.column + 1})"
    if exc.problem and exc.problem.startswith("mapping values are not allowed"):
        # `summary: Ukraine to be neutral: no NATO` reads as a key inside a value.
        message += "; if this is text with ': ' in it, put it in quotes (else check the indentation)"
    message = f"YAML syntax: {message}"
    if mark is None:
        return YamlProblem(1, 1, message)
    return YamlProblem(mark.line + 1, mark.column + 1, message)


def _construct(node: Node) -> Any:
    kind, tag = node.__class__, node.tag
    if kind is ScalarNode and tag == _STR:  # most nodes: text needs no building
        # The same short texts (ids, topics, statuses, source ids, names) recur in every position
        # a load keeps: one object for each (3 MB less for 10,000 positions, and no slower).
        value = node.value
        return sys.intern(value) if len(value) <= _SHARED_TEXT else value
    if tag not in _SAFE_TAGS:
        raise _mark_problem(node.start_mark, f"tag {tag!r} is not allowed; data files use plain YAML values only")
    if kind is ScalarNode:
        form = _NUMBER_FORMS.get(tag)
        if form is not None and not form.fullmatch(node.value):
            return node.value  # `1:30`, `017`, `0x1F`, `.nan`: text, refused where a number goes
        try:
            value = _SCALAR_BUILDERS[tag](node)
            if isinstance(value, float) and not math.isfinite(value):
                return node.value  # 1.0e999 reads as infinity
            if isinstance(value, int) and not isinstance(value, bool) and not -_FLOAT_MAX <= value <= _FLOAT_MAX:
                return node.value  # 1 and 309 zeros: no float holds it, and figures are compared as floats
            return value
        except (ValueError, yaml.YAMLError) as exc:
            raise _mark_problem(node.start_mark, f"bad {tag.rsplit(':', 1)[-1]} value {quote(node.value)}: {exc}") from None
    if kind is SequenceNode:
        return [_construct(child) for child in node.value]
    if kind is MappingNode:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _mark_problem(key_node.start_mark, "merge keys (<<) are not allowed in data files")
                key = _construct(key_node)
                if isinstance(key, (list, dict)):
                    raise _mark_problem(key_node.start_mark, "a mapping key must be a plain value")
            if key in result:
                first = next(k for k, _ in node.value if k is not key_node and _same_key(k, key))
                raise _mark_problem(
                    key_node.start_mark,
                    f"duplicate key {key!r} (first at line {first.start_mark.line + 1}); each key may appear once",
                )
            result[key] = _construct(value_node)
        return result
    raise _mark_problem(node.start_mark, "unsupported YAML node")  # pragma: no cover


def _same_key(node: Node, key: Any) -> bool:
    try:
        return _construct(node) == key
    except YamlProblem:
        return False


def describe_type(value: Any) -> str:
    """How a YAML value reads back to the curator, for error messages."""
    if value is None:
        return "an empty value (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {cut(repr(value))}"
    if isinstance(value, _dt.datetime):
        return "a date and time"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {quote(value)}"
