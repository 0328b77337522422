"""Pydantic's validation errors, told as a curator's problems: `file:line:col: field: message`.

Pydantic speaks of its own types and paths (`positions.3.status`, `literal_error`, a union's
member tags); a curator needs the place in the file, the field as written, what was expected in
plain words, what YAML made of an unquoted value (`no` is false, `1:30` is the number 90), and the
name they probably meant. One problem per offending value, however many union alternatives
failed on it; a file with thousands stops at MAX_LISTED_PER_FILE and counts the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import ValidationError
from yaml.nodes import ScalarNode

from tracker.problems import MAX_LISTED_PER_FILE, Problem, cut, dotted, more_problems, quote, suggest
from tracker.yamlread import YamlDocument, describe_type


def validation_problems(path: Path, doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    """One problem per offending value; union alternatives are folded into one message."""
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        loc = _data_loc(doc.value, error["loc"], missing=error["type"] == "missing")
        grouped.setdefault(loc, []).append(error)
    # Text that YAML read as a one-key mapping (`- Ukraine must: stop mobilising`), where text or
    # a reference {position: …} may go: one problem, not the reference's missing fields too.
    text_like = {
        loc for loc, errors in grouped.items()
        if errors[0]["type"] in _EXPECTED and isinstance(v := errors[0].get("input"), dict) and len(v) == 1 and not _looks_like_ref(v)
    }  # fmt: skip
    # Every proper prefix of a loc with problems: one set, so each check below is a lookup, not
    # a scan of all the others (a file may have tens of thousands of problems).
    parents = {loc[:i] for loc in grouped for i in range(len(loc))}
    problems: list[Problem] = []
    hidden: list[tuple] = []
    for loc, errors in grouped.items():
        if any(loc[:i] in text_like for i in range(len(loc))):
            continue
        if len(problems) >= MAX_LISTED_PER_FILE:
            # Only counted: one line stands for the rest (worded problems cost a suggestion each).
            hidden.append(loc)
            continue
        kind = errors[0]["type"]
        value = errors[0].get("input")
        meant_as_ref = isinstance(value, dict) and _looks_like_ref(value)
        if kind in _EXPECTED and meant_as_ref and loc in parents:
            # A union (text, or a reference {position: …}): the value is a reference with
            # problems of its own, reported below; that it is not text is no news.
            continue
        line, col = doc.locate(loc if kind != "missing" else loc[:-1], key=kind == "extra_forbidden")
        message = _message(errors, _plain_scalar(doc, loc, errors[0]))
        if kind in _EXPECTED and isinstance(value, dict) and not meant_as_ref and len(value) == 1:
            message += " (text with ': ' in it must be put in quotes)"  # `- Ukraine must: stop mobilising`
        problems.append(Problem(path, line, col, dotted(loc), message))
    if hidden:
        problems.append(more_problems(path, *doc.locate(hidden[0]), len(hidden)))
    return problems


def _looks_like_ref(value: dict) -> bool:
    """A mapping meant as a reference {position, party, round}, if with a misspelt key."""
    import difflib  # only a file with problems gets here

    return any(isinstance(k, str) and difflib.get_close_matches(k, ("position", "party", "round"), n=1, cutoff=0.75) for k in value)


def _plain_scalar(doc: YamlDocument, loc: tuple, error: dict[str, Any]) -> str | None:
    """The value as written, when YAML read an unquoted scalar as something other than text
    (`no` as false, `1:30` as 90, `2025-05-16` as a date): messages quote what the user wrote."""
    if isinstance(error.get("input"), (str, list, dict)) or error.get("input") is None:
        return None
    node = doc.node_at(loc)
    if isinstance(node, ScalarNode) and not node.style:  # plain: not quoted, not a block
        return node.value
    return None


def _data_loc(value: Any, loc: tuple, missing: bool) -> tuple:
    """Keep the parts of a pydantic loc that name places in the data; drop union member tags."""
    kept: list[Any] = []
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(value, dict) and part in value:
            value = value[part]
            kept.append(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            kept.append(part)
        elif missing and i == len(parts) - 1:
            kept.append(part)
        # otherwise a union member name such as 'str' or 'function-after[...]': skip it
    return tuple(kept)


def _message(errors: list[dict[str, Any]], raw: str | None = None) -> str:
    if len(errors) > 1:
        expected = []
        for error in errors:
            kind = _EXPECTED.get(error["type"])
            if kind and kind not in expected:
                expected.append(kind)
        if expected:
            return f"expected {' or '.join(expected)}, got {_got(errors[0]['input'], raw)}"
        # Several distinct problems with one value (e.g. a mapping failing both union members).
        return "; ".join(dict.fromkeys(_one_message(e, raw) for e in errors))
    return _one_message(errors[0], raw)


def _got(value: Any, raw: str | None) -> str:
    """How a value reads back: 'the number 90'; and where that is not what was written,
    '1:30 (unquoted, YAML reads it as the number 90)'."""
    read = describe_type(value)
    same = raw == str(value) or (isinstance(value, bool) and raw is not None and raw.lower() == str(value).lower())
    if raw is None or same or (hasattr(value, "isoformat") and raw == value.isoformat()):
        return read
    return f"{cut(raw)} (unquoted, YAML reads it as {read})"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
    "date_from_datetime_inexact": "a date",
    "literal_error": None,
}

_FIELD_NAMES: set[str] = set()


def _field_names() -> set[str]:
    if not _FIELD_NAMES:
        from tracker import model
        from tracker.plain_model import PlainModel

        for name in dir(model):
            obj = getattr(model, name)
            if isinstance(obj, type) and issubclass(obj, PlainModel) and obj is not PlainModel and not name.startswith("_"):
                _FIELD_NAMES.update(obj.model_fields)
    return _FIELD_NAMES


def _text_pattern() -> str:
    from tracker.model import TEXT_PATTERN

    return TEXT_PATTERN


def _one_message(error: dict[str, Any], raw: str | None = None) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = error["loc"][-1]
        return f"unknown field {quote(name)}{suggest(str(name), _field_names())}"
    if kind == "enum" or kind == "literal_error":
        expected = ctx.get("expected", "")
        shown = raw if raw is not None else value  # `kind: no` is 'no', not False
        choices = [e.strip(chr(39)) for e in expected.replace(" or ", ", ").split(", ")]
        return f"{quote(shown)} is not one of {expected.replace(chr(39), '')}{suggest(str(shown), choices)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _text_pattern():
        return (
            f"{quote(value)} begins with {value.lstrip()[:1]!r}: a spreadsheet opening the CSV export would run it "
            "as a formula; begin the text with a word (or write a minus as '−', a plus as 'plus')"
        )
    if kind == "string_pattern_mismatch":
        return f"{quote(value)} is not a valid id: use lower-case letters, digits and '-' (e.g. 'ceasefire-30-day')"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return message.replace(f"got {describe_type(value)}", f"got {_got(value, raw)}", 1)
    if kind in _EXPECTED and _EXPECTED[kind]:
        hint = ""
        if isinstance(value, bool) and raw is not None and raw.lower() not in ("true", "false"):
            hint = ": put the text in quotes"
        elif isinstance(value, bool):
            hint = " (YAML reads yes/no/on/off/true/false as booleans: put the text in quotes)"
        elif kind == "string_type" and error["loc"] and error["loc"][-1] == "round" and hasattr(value, "isoformat"):
            hint = ": a round is named by its id, its folder's name (e.g. '2025-05-16-istanbul')"
        elif kind == "string_type" and isinstance(value, (int, float)):
            hint = ": put the text in quotes"
        return f"expected {_EXPECTED[kind]}, got {_got(value, raw)}{hint}"
    return error["msg"]
