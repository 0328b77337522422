"""The YAML reader on its own, in process: where a problem is placed and how it is worded.

The loader's and the hostile-file tests check the same paths end to end, several of them through
a `tracker` subprocess; these pin the reader's own answers so that a change to one is caught by a
test that names it (and by a mutation run, which only sees in-process tests)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tracker import yamlread
from tracker.yamlread import YamlProblem, decode, parse_yaml, read_data_file


def problem(text: str) -> tuple[int, int, str]:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    return info.value.line, info.value.col, info.value.message


# --- syntax errors: where, and what the parser was in the middle of ---------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: [1, 2\n", (2, 1), "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)"),
        ("key: 'open\n", (2, 1), "YAML syntax: found unexpected end of stream (while scanning a quoted scalar at line 1, column 6)"),
        ("a:\n  - b\n c: d\n", (3, 2), "YAML syntax: did not find expected key (while parsing a block mapping at line 1, column 1)"),
    ],
)
def test_a_syntax_error_names_its_place_and_the_construct_it_broke(text: str, where: tuple[int, int], message: str) -> None:
    line, col, said = problem(text)
    assert ((line, col), said) == (where, message)


def test_brackets_nested_as_deep_as_allowed_are_read_and_one_level_more_is_refused_at_its_bracket() -> None:
    deepest = yamlread.MAX_DEPTH
    value = parse_yaml("a: " + "[" * deepest + "]" * deepest + "\n").value["a"]
    for _ in range(deepest - 1):
        [value] = value
    assert value == []
    line, col, message = problem("a: " + "[" * (deepest + 1) + "]" * (deepest + 1) + "\n")
    assert (line, col) == (1, 4 + deepest) and message == f"nested too deeply: more than {deepest} levels of brackets"


def test_a_colon_inside_plain_text_gets_the_hint_to_quote_it() -> None:
    line, col, said = problem("summary: Ukraine to be neutral: no NATO\n")
    assert (line, col) == (1, 31)
    assert said == (
        "YAML syntax: mapping values are not allowed in this context; "
        "if this is text with ': ' in it, put it in quotes (else check the indentation)"
    )


# --- bytes that are not UTF-8 text: the line and column of the first bad byte -----------------


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (b"a: 1\nb: \xff\n", (2, 4), "not valid UTF-8 (byte 0xff); save the file as UTF-8"),
        (b"\xe9t\xe9: 1\n", (1, 1), "not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"ok: 1\n\nx: \x00", (3, 4), "binary data: the file contains a NUL byte; expected UTF-8 text"),
    ],
)
def test_bad_bytes_are_placed_exactly(data: bytes, where: tuple[int, int], message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        decode(data)
    assert ((info.value.line, info.value.col), info.value.message) == (where, message)


def test_a_byte_order_mark_is_allowed_and_dropped() -> None:
    assert decode("\ufeffa: 1\n".encode()) == "a: 1\n"


# --- only regular files are read, each said for what it is --------------------------------------


def test_a_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    assert yamlread.file_kind(tmp_path.stat().st_mode) == "a folder"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, "a named pipe (FIFO), not a regular file: not read"),  # and not waited on
        (lambda path: path.symlink_to(path), "a link that loops back on itself: not a data file"),
    ],
)
def test_what_is_not_a_regular_file_is_refused_for_what_it_is(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "russia.yaml"
    make(path)
    with pytest.raises(YamlProblem) as info:
        read_data_file(path)
    assert info.value.message == message


def test_a_socket_is_named_as_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError as exc:  # a path too long for a socket on this system
            pytest.skip(f"cannot make a socket here: {exc}")
        assert yamlread.file_kind(path.stat().st_mode) == "a socket"


def test_a_device_is_named_as_a_device() -> None:
    assert yamlread.file_kind(os.stat("/dev/null").st_mode) == "a device"


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 10)
    assert read_data_file(path, max_bytes=10) == b"#" * 10
    with pytest.raises(YamlProblem) as info:
        read_data_file(path, max_bytes=9)
    assert info.value.message == "file is 10 bytes, over the 9-byte limit for a data file"


# --- anchors: prose with & and * is read once; an anchor or alias is found ----------------------


@pytest.mark.parametrize(
    "text", ["summary: Q&A and R&D, 3*4\n", "note: rock&roll*\n", "a: b\n", "outlet: Banking & Finance\n", "note: 5 * 4 = 20\n", "a: b &\n"]
)
def test_prose_with_ampersands_and_stars_holds_no_anchor(text: str) -> None:
    assert not yamlread._may_hold_anchor(text)
    assert parse_yaml(text).value is not None


@pytest.mark.parametrize(
    ("text", "where", "word"),
    [
        ("&a x: 1\n", (1, 1), "anchors"),
        ("a: &x 1\n", (1, 4), "anchors"),
        ("a: 1\nb: [*x]\n", (2, 5), "aliases"),
        ("a: 1\nb: {c: *x}\n", (2, 8), "aliases"),
        ("a:\n- *b\n", (2, 3), "aliases"),
        ("? &k a\n: 1\n", (1, 3), "anchors"),
    ],
)
def test_an_anchor_or_alias_is_found_wherever_it_may_start(text: str, where: tuple[int, int], word: str) -> None:
    assert yamlread._may_hold_anchor(text)
    line, col, said = problem(text)
    assert (line, col) == where and said.startswith(word)


# --- characters YAML does not allow: placed, named, on one line ---------------------------------


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ("a: 1\nb: \x07\n", (2, 4), "U+0007"),
        ('a: 1\nb: "x\x1by"\n', (2, 6), "U+001B"),
        ("a: &x 1\nb: \x07\n", (2, 4), "U+0007"),  # found while looking for anchors
    ],
)
def test_a_control_character_is_placed_and_named(text: str, where: tuple[int, int], code: str) -> None:
    line, col, said = problem(text)
    assert (line, col) == where
    assert said == f"character {code} is not allowed in YAML; remove it, or write it as \\u{code[2:]} inside double quotes"


@pytest.mark.parametrize(
    ("text", "where", "token"),
    [("a: & x\n", (1, 5), "an anchor at line 1, column 4"), ("a: [* ]\n", (1, 6), "an alias at line 1, column 5"), ("a: 1\n---\nb: *\n", (3, 5), "an alias at line 3, column 4")],
)
def test_an_anchor_or_alias_without_a_name_is_a_syntax_error_where_it_is(text: str, where: tuple[int, int], token: str) -> None:
    """Not looked for before composing (no name follows the `&` or `*`): composing fails on it,
    and the event check then places it, the second document's included."""
    assert not yamlread._may_hold_anchor(text)
    line, col, said = problem(text)
    assert (line, col) == where
    assert said == f"YAML syntax: did not find expected alphabetic or numeric character (while scanning {token})"


def test_a_syntax_error_in_a_file_with_anchors_is_still_placed() -> None:
    assert problem("a: [1\nb: &x 2\n")[:2] == (2, 2)


def test_equal_short_texts_are_one_object_and_long_ones_are_kept_as_read() -> None:
    """A load keeps the same ids, topics and statuses thousands of times: each is held once."""
    long = "x" * (yamlread._SHARED_TEXT + 1)
    value = parse_yaml(f"a: stated\nb: [stated, 'stated']\nc: {long}\nd: {long}\n").value
    assert value["a"] is value["b"][0] is value["b"][1]
    assert value["c"] == value["d"] and value["c"] is not value["d"]


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="needs Linux's /proc")
def test_a_file_longer_than_its_stated_size_is_read_to_its_end() -> None:
    """A data file is read in one read of the size its metadata states (plus a byte), not of the
    whole limit; a file with more than that (a kernel's file states 0 bytes) is read on."""
    from tracker.datafile import read_data_file

    path = Path("/proc/self/cmdline")
    assert path.stat().st_size == 0
    assert read_data_file(path) == path.read_bytes() != b""
