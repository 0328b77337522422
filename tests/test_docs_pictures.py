"""The pictures the docs show are what `python docs/make_pictures.py` makes from the data now.

Each screen is drawn again here, in the test process, and compared with its SVG; the PNG of the
HTML report is not drawn again (CI has no browser): the digest of the data and of the page the
command prints now is compared with the one kept beside it. A failure names the stale pictures
and the command that remakes them.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import GOOD_DATA, REPO

sys.path.insert(0, str(REPO / "docs"))

import make_pictures  # noqa: E402

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "positions" / "README.md"]
MADE = [screen.file for screen in make_pictures.SCREENS] + [make_pictures.PAGE_PNG]


def stale_message(stale: list[str]) -> str:
    return (
        f"stale pictures: {', '.join(stale)}: they no longer show what the data and the app make now. "
        f"Remake them with `{make_pictures.COMMAND}` (the PNG needs Chromium: apt-get install chromium), "
        "look at them, and commit them."
    )


def test_every_picture_the_docs_show_is_current() -> None:
    stale = make_pictures.stale_pictures(REPO)
    assert not stale, stale_message(stale)


def test_every_picture_the_docs_show_is_made_by_the_command() -> None:
    shown = {picture for page in PAGES if page.is_file() for picture in make_pictures.pictures_linked(page, REPO)}
    assert shown, "no pictures found in the docs"
    assert sorted(shown - set(MADE)) == [], f"shown in the docs but not made by `{make_pictures.COMMAND}`"
    assert sorted(set(MADE) - shown) == [], f"made by `{make_pictures.COMMAND}` but shown nowhere"


def test_the_readme_shows_the_story_first_then_the_browse_screen() -> None:
    readme = make_pictures.pictures_linked(REPO / "README.md", REPO)
    assert readme[:2] == ["docs/compare.svg", "docs/browse.svg"]


@pytest.fixture
def pictures_of_test_data(tmp_path: Path) -> Path:
    """A repository of the small test dataset with its pictures made as the command makes them
    (the PNG a stand-in: the digest says what it would have been drawn from)."""
    shutil.copytree(GOOD_DATA, tmp_path / "positions")
    (tmp_path / "docs").mkdir()
    make_pictures.write_screens(tmp_path)
    (tmp_path / make_pictures.PAGE_PNG).write_bytes(b"\x89PNG\r\n\x1a\n")
    make_pictures.write_page_digest(make_pictures.render_page(tmp_path), "a browser", tmp_path)
    return tmp_path


def test_a_change_to_the_data_names_the_pictures_it_makes_stale(pictures_of_test_data: Path) -> None:
    root = pictures_of_test_data
    rounds = root / "positions" / "rounds" / "2025-06-02-istanbul"
    # Freshly made, the PNG's digest is that of the data and the page now (that the screens are
    # current is the step below: a comment changes none of them; each screen is drawn only there).
    kept = json.loads((root / make_pictures.PAGE_DIGEST).read_text(encoding="utf-8"))
    now = make_pictures.page_inputs(make_pictures.render_page(root), root)
    assert now and all(kept.get(key) == value for key, value in now.items()), "freshly made pictures are stale"

    # A comment changes no screen and no report, but the PNG is kept as drawn from other data.
    round_file = rounds / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8") + "# a note of the curator's\n", encoding="utf-8")
    assert make_pictures.stale_pictures(root) == [make_pictures.PAGE_PNG]

    # Ukraine's ceasefire demand is in the browse screen's list, the compare screen's, and the report.
    ukraine = rounds / "ukraine.yaml"
    text = ukraine.read_text(encoding="utf-8")
    assert "summary: A full and unconditional ceasefire" in text
    ukraine.write_text(text.replace("A full and unconditional ceasefire", "A full, unconditional ceasefire", 1), encoding="utf-8")
    stale = make_pictures.stale_pictures(root)
    assert stale == MADE
    message = stale_message(stale)
    assert "docs/compare.svg, docs/browse.svg, docs/html-report.png" in message
    assert "`python docs/make_pictures.py`" in message


def test_the_digest_says_what_drew_the_page_and_from_what() -> None:
    digest = json.loads((REPO / make_pictures.PAGE_DIGEST).read_text(encoding="utf-8"))
    assert digest["made by"] == make_pictures.COMMAND
    assert digest["command"] == "tracker diff --format html"
    assert digest["browser"].strip()
    assert len(digest["data"]) == len(digest["page"]) == 64
