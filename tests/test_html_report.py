"""The HTML pages: valid HTML5 (a strict parser finds no error), the story first and every change
in it, hostile text shown as text, nothing fetched from elsewhere, and a real browser draws it."""

from __future__ import annotations

import json
import struct
import sys
import zlib
from pathlib import Path

import pytest

from conftest import REPO
from tracker.cli import main
from tracker.diff import compare_rounds
from tracker.loader import bundled_data_dir, load_dataset
from tracker.report.grouping import diff_entries
from tracker.report.html import diff_html, safe_url, timeline_html

html5lib = pytest.importorskip("html5lib")

sys.path.insert(0, str(REPO / "docs"))
import make_pictures  # noqa: E402  (how the docs' picture of the page is drawn)

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"
HOSTILE = '<script>alert(1)</script> <b>bold</b> &amp; \x1b[31mred\x1b[0m "quoted" \ufffe'


def parse(page: str):
    """The page's tree; html5lib in strict mode raises on the first parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def text_of(element) -> str:
    return "".join(element.itertext())


@pytest.fixture
def page(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """`tracker --data <copy> ARGS`'s output."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str) -> str:
        assert main(["--data", str(data_dir), *args]) == 0
        return capsys.readouterr().out

    return run


def test_the_comparison_is_valid_html5_with_the_story_first_and_every_change(page, data_dir: Path) -> None:
    document = page("diff", "--format", "html")
    tree = parse(document)
    sections = [s.get("id") for s in tree.iter("section")]
    assert sections[0] == "headline", "the story comes first"
    assert {"changes", "matrix", "sources"} <= set(sections)
    dataset = load_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    rows = {row.get("id"): row for row in tree.iter("tr") if row.get("id")}
    entries = diff_entries(dataset, diff)
    assert entries
    for entry in entries:
        row = rows[f"{entry.position.party}--{entry.position.id}"]
        assert " ".join(entry.position.summary.split()) in " ".join(text_of(row).split())
        if entry.change is not None:  # old and new side by side
            assert " ".join(entry.change.old.summary.split()) in " ".join(text_of(row).split())


def test_the_bundled_comparison_and_timeline_are_valid_html5() -> None:
    dataset = load_dataset(bundled_data_dir())
    rounds = list(dataset.rounds)
    parse(diff_html(dataset, compare_rounds(dataset, rounds[0], rounds[-1]), show_unchanged=True))
    from tracker.diff import build_timeline

    tree = parse(timeline_html(dataset, build_timeline(dataset), "Timeline"))
    assert len([r for r in tree.iter("tr")]) > len(dataset.topics)


def test_the_timeline_holds_every_position(page, data_dir: Path) -> None:
    tree = parse(page("timeline", "--format", "html"))
    text = " ".join(text_of(tree).split())
    for position in load_dataset(data_dir).all_positions():
        assert position.id in text and " ".join(position.summary.split()) in text


def test_a_contested_figure_says_who_gives_which(page) -> None:
    tree = parse(page("diff", "--format", "html"))
    contested = next(s for s in tree.iter("section") if s.get("id") == "contested")
    text = text_of(contested)
    assert "6,000" in text and "12,000" in text


def test_the_matrix_is_a_coloured_table(page) -> None:
    tree = parse(page("diff", "--format", "html"))
    matrix = next(t for t in tree.iter("table") if "matrix" in t.get("class", ""))
    classes = {td.get("class") for td in matrix.iter("td")}
    assert {"m-new", "m-absent"} <= classes
    style = text_of(next(tree.iter("style")))
    assert ".m-new { background" in style and "@media print" in style and "@media (max-width" in style


def test_hostile_text_is_shown_as_text_and_nothing_is_fetched(page, data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    path.write_text(path.read_text().replace("summary: Short local ceasefires to collect the dead.", f"summary: {json.dumps(HOSTILE)}"))
    sources = data_dir / "sources.yaml"
    text = sources.read_text()
    text = text.replace("    file: a.txt\n", "    file: a.txt\n    url: \"javascript:alert(1)//https://x.org\"\n")
    text = text.replace("    file: b.txt\n", "    file: b.txt\n    url: \"https://example.org/b?x=1&y=2\"\n")
    text = text.replace("title: Report B", "title: \"Report <i>B</i>\"")
    sources.write_text(text)
    for args in (("diff", "--format", "html"), ("timeline", "--format", "html")):
        document = page(*args)
        tree = parse(document)
        assert not list(tree.iter("script")) and not list(tree.iter("b")), "data never becomes markup"
        shown = text_of(tree)
        assert "<script>alert(1)</script> <b>bold</b> &amp;" in shown
        assert "\\x1b[31mred" in shown and "\x1b" not in document, "escape codes shown, never passed on"
        assert "\\ufffe" in shown
        for element in tree.iter():
            assert element.get("src") is None and element.tag not in ("link", "img", "iframe", "object", "embed")
            href = element.get("href")
            assert href is None or href.startswith(("https://", "http://")), href
        assert "Report <i>B</i>" in shown and not list(tree.iter("i"))
        assert [a.get("href") for a in tree.iter("a")] == ["https://example.org/b?x=1&y=2"]
        style = text_of(next(tree.iter("style")))
        assert "url(" not in style and "@import" not in style


def test_only_web_addresses_become_links() -> None:
    assert safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for url in ("javascript:alert(1)", "data:text/html,x", "https://x.org/\"onmouseover=", "file:///etc/passwd", "", None):
        assert safe_url(url) is None


# --- in a real browser -------------------------------------------------------------------------------


def _browser() -> str | None:
    return make_pictures.browser()


def screenshot(html_file: Path, png: Path, width: int, height: int, profile: Path) -> None:
    """Headless Chromium draws the page as it draws the README's picture (docs/make_pictures.py)."""
    browser = _browser()
    assert browser is not None
    make_pictures.draw(browser, html_file, png, profile, (width, height))


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 0xFF
        previous = line
        rgb = bytes(line) if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(rgb)
    return width, height, rows


def _pixels(rows: list[bytes], top: int, bottom: int):
    for row in rows[top:bottom]:
        for i in range(0, len(row), 3):
            yield row[i], row[i + 1], row[i + 2]


@pytest.mark.skipif(_browser() is None, reason="no headless Chromium here (Debian: apt-get install chromium)")
def test_a_browser_draws_the_page_story_first(page, tmp_path: Path) -> None:
    html_file = tmp_path / "may-june.html"
    html_file.write_text(page("diff", "--format", "html"), encoding="utf-8")
    png = tmp_path / "page.png"
    screenshot(html_file, png, 1000, 900, tmp_path / "profile")
    width, height, rows = read_png(png)
    assert (width, height) == (1000, 900)
    # The title region: dark ink of the heading in the top 120 pixels.
    ink = sum(1 for r, g, b in _pixels(rows, 0, 120) if r + g + b < 150)
    assert ink > 500, "no heading drawn at the top"
    # The story box: its accent rule (#8a1c1c) drawn across the page, below the heading.
    accent = sum(1 for r, g, b in _pixels(rows, 0, height) if abs(r - 0x8A) < 12 and abs(g - 0x1C) < 12 and abs(b - 0x1C) < 12)
    assert accent > 2000, "the story's box is not drawn"
    # Not blank: something drawn on most of the first screen's lines (text, rules, coloured cells).
    background = rows[0][:3]
    drawn = sum(1 for row in rows if any(abs(row[i] - background[0]) + abs(row[i + 1] - background[1]) + abs(row[i + 2] - background[2]) > 60 for i in range(0, len(row), 3)))
    assert drawn > height // 4, f"{drawn} of {height} lines drawn"


def test_the_readme_shows_the_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](docs/html-report.png)" in readme
    data = (REPO / "docs" / "html-report.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 600
