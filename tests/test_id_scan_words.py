"""The ids read from a party file's lines (tracker.id_scan) at the edges of what YAML reads as
text: every word YAML reads as something else, and an id as long as an id may be."""

from __future__ import annotations

import pytest
import yaml

from tracker.id_scan import position_ids
from tracker.model import SLUG_MAX

# Each a slug, and each read by YAML (1.1, as the loader reads) as a boolean or as null.
YAML_WORDS = ["yes", "no", "true", "false", "on", "off", "null"]


@pytest.mark.parametrize("word", YAML_WORDS)
def test_an_id_yaml_reads_as_a_boolean_or_null_is_not_taken_from_the_lines(word: str) -> None:
    text = f"positions:\n  - id: first\n  - id: {word}\n"
    assert yaml.safe_load(text)["positions"][1]["id"] != word  # YAML's reading, not text
    assert position_ids(text) is None
    assert position_ids(f"positions:\n  - id: first\n  - id: {word}-not\n") == ["first", f"{word}-not"]


def test_an_id_as_long_as_an_id_may_be_is_taken_from_the_lines_and_one_longer_is_not() -> None:
    longest = "x" * SLUG_MAX
    assert position_ids(f"positions:\n  - id: {longest}\n") == [longest]
    assert position_ids(f"positions:\n  - id: {longest}x\n") is None


@pytest.mark.parametrize("indent", ["  \t topic: ceasefire", " \t# a comment", "    topic:\tceasefire"])
def test_a_tab_anywhere_makes_the_lines_untrusted(indent: str) -> None:
    """YAML refuses a tab in indentation, and the loader would report the file: its ids are never
    taken from its lines, wherever the tab is (one between a key and its value included)."""
    text = f"positions:\n  - id: first-one\n{indent}\n  - id: second-one\n"
    assert position_ids(text) is None
    assert position_ids(text.replace("\t", " ")) == ["first-one", "second-one"]
