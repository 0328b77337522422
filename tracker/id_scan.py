"""The ids of a party file's positions, read from its lines without parsing the YAML.

A comparison of two rounds reads those two in full, but it needs more of the rounds before them
than their facts: an added position that was on record at an earlier round has returned, it is
not new (diff.last_on_record), which takes the ids of every earlier round's positions. Parsing
every earlier file for them cost several times the comparison itself; finding the lines that
start the positions costs a few percent of a parse.

The lines are trusted only where they cannot mean anything else. A file is read this way when it
is laid out as a person or `tracker new-round` writes it: one top-level `positions:` key with a
block list under it, every item opening with `- id: <slug>` on its own line at one indentation,
every other line at that indentation or less a comment or another top-level key, no line breaks
YAML reads that a regular expression would not (tabs, carriage returns, Unicode breaks), no
document markers or directives, and no quoted text left open at the end of a line (the one way
a line at the list's indentation can sit inside a value: block texts, `>-` or `|`, and the
lines that continue a plain text are indented deeper than the item's `- `, and YAML refuses an
item inside brackets). Anything else answers None, and the caller reads the file in full: the
ids are then the loader's own.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from tracker.model import SLUG_MAX, is_slug

# Breaks and characters under which a line is not what a regular expression takes it for.
_ODD_CHARACTERS = "\t\r\x85\u2028\u2029\ufeff"
# A quoted text opened on a line and not closed on it (it may span lines), its first character
# first, which the regular expression engine looks for fastest. Only a quote after a space or at
# the start of a line opens one in block style. (One opened in a flow list after a comma cannot
# hide an item: YAML refuses `- ` inside brackets, so the line is an error, not a value.)
_OPEN_QUOTES = (
    re.compile(r"""\"(?<![^ \n]\")(?:[^"\\\n]|\\.)*\\?$""", re.MULTILINE),
    re.compile(r"'(?<![^ \n]')(?:[^'\n]|'')*$", re.MULTILINE),
)
# Lines that start at the first column and are not comments: the file's top-level keys.
_TOP = re.compile(r"\n[^ #\n][^\n]*")
_POSITIONS = re.compile(r"positions:(?:[ ]*|[ ]+#.*)")
# A plain key: not a list item, a quoted key, a document marker (`---`, `...`) or a directive.
_KEY = re.compile(r"[A-Za-z_][\w-]*:(?: |$)")


def position_ids(text: str) -> list[str] | None:
    """The ids of the positions in a party file's text, in file order; None when its layout is
    not one whose lines can be trusted (see the module's docstring)."""
    text = "\n" + text
    if any(c in text for c in _ODD_CHARACTERS):
        return None
    if any(pattern.search(text) for pattern in _OPEN_QUOTES):
        return None
    tops = list(_TOP.finditer(text))
    heads = [m for m in tops if _POSITIONS.fullmatch(m.group(), 1)]
    if len(heads) != 1 or not all(_KEY.match(m.group(), 1) for m in tops):
        return None
    head = heads[0]
    later = [m.start() for m in tops if m.start() > head.start()]
    section = text[head.end() : later[0] if later else len(text)]
    first = re.search(r"\n( +)(?=[^ #\n])", section)
    if first is None:  # nothing but comments under `positions:`
        return []
    indent = first.group(1)
    # A line deeper than the item's keys right after `- id: x` would continue the id's text.
    if re.search(rf"\n{indent}- id: [^\n]*\n(?:[ ]*\n)*{indent}   ", section):
        return None
    # Every line at the list's indentation or less (comments aside) must open an item as written.
    shallow = re.findall(rf"\n {{0,{len(indent)}}}[^ #\n]", section)
    ids = re.findall(rf"\n{indent}- id: ([^ #\n]+)[ ]*(?:[ ]#[^\n]*)?$", section, re.MULTILINE)
    if len(shallow) != len(ids) or not _plain_texts(ids):
        return None
    return ids


def _plain_texts(ids: list[str]) -> bool:
    """Whether YAML reads each unquoted id as this very text, and it is an id: `yes`, `null`,
    `2025-06-02` or `10` are read as other things, and an id the model would refuse is left to
    the loader to report. A slug that starts with a letter is text unless it is one of YAML's
    words (its resolvers start from the first character), which answers most at once."""
    if _WORDS.intersection(ids) or (ids and max(map(len, ids)) > SLUG_MAX):
        return False
    return bool(_LETTER_FIRST_SLUGS.fullmatch("\n".join(ids) + "\n")) or all(map(_plain_text, ids))


_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
_LETTER_FIRST_SLUGS = re.compile(r"(?:[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*\n)*")


@lru_cache(maxsize=1024)
def _plain_text(value: str) -> bool:
    return is_slug(value) and yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
