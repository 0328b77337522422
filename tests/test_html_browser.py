"""The HTML report in a real browser: headless Chromium draws the page and measures it. The story
is on top, the matrix's cells are in colour, and at a phone's width nothing runs off the page.

Chromium is Debian's `chromium` (`apt-get install chromium`); .ci/run installs it and sets
TRACKER_REQUIRE_BROWSER=1, so in CI a missing browser fails these tests instead of skipping them.
Elsewhere they are skipped, with the reason, where there is none.
"""

from __future__ import annotations

import html
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import REPO

BUNDLED = REPO / "positions"

sys.path.insert(0, str(REPO / "docs"))
import make_pictures  # noqa: E402  (Chromium found and run as the docs' picture of the page is drawn)

PHONE, DESKTOP = 375, 1000
"""CSS pixels: a small phone, and a laptop's window."""

MATRIX_STATES = ("m-moved", "m-held", "m-new", "m-dropped", "m-absent")


def _browser() -> str | None:
    return make_pictures.browser()


@pytest.fixture
def browser() -> str:
    found = _browser()
    if found is None:
        why = "no headless Chromium here (Debian: apt-get install chromium; see the README's Development section)"
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail(why + ", and TRACKER_REQUIRE_BROWSER is set")
        pytest.skip(why)
    return found


def run_browser(browser: str, profile: Path, *args: str) -> str:
    """Chromium's stdout (see make_pictures.run_chromium)."""
    code, out, err = make_pictures.run_chromium(browser, profile, *args)
    assert code == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def report() -> str:
    """The comparison of the bundled dataset's second and third rounds as one page: the widest
    matrix the data has (every party, and the joint agreements), and one with a cell in every
    state (June to July has a topic a party no longer has anything on record for; May to June,
    since Ukraine's civilians' demand stands at June, has none)."""
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--data", str(BUNDLED), "diff", "june", "july", "--format", "html"],
        capture_output=True, text=True, check=True, timeout=300, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    return result.stdout


# --- measuring the laid-out page --------------------------------------------------------------------

# Run inside the page once it is laid out: where the heading and the story are, each matrix cell's
# colour, and every element that reaches past the right edge without a scrolling box to hold it.
PROBE = """
(function () {
  var root = document.documentElement, box = function (e) { return e.getBoundingClientRect(); };
  function held(e) {
    for (var p = e.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  }
  var past = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var b = box(e);
    if (b.width > 0 && b.right > root.clientWidth + 0.5 && !held(e)) {
      past.push(e.tagName.toLowerCase() + "." + e.className + ": " + (e.textContent || "").slice(0, 40));
    }
  });
  var story = document.getElementById("headline");
  var out = {
    viewport: innerWidth, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth,
    h1: box(document.querySelector("h1")).bottom,
    firstSection: document.querySelector("section").id,
    storyHeading: story ? story.querySelector("h2").textContent : null,
    storyTop: story ? box(story.querySelector("h2")).top : null,
    cells: Array.prototype.map.call(document.querySelectorAll("table.matrix td"), function (c) {
      return [c.className, getComputedStyle(c).backgroundColor];
    }),
    past: past.slice(0, 20)
  };
  var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""

# Headless Chromium's window is at least 500 pixels wide, so a phone's width is an iframe of
# that width; its page (srcdoc: the same origin) is read from the outer page once loaded.
FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="page" style="border:0;width:{width}px;height:900px" srcdoc="{page}"></iframe>
<script>window.addEventListener("load", function () {{
  var probe = document.getElementById("page").contentDocument.getElementById("probe");
  var out = document.createElement("pre"); out.id = "measured"; out.textContent = probe ? probe.textContent : "{{}}";
  document.body.appendChild(out);
}});</script></body></html>"""


def measure(browser: str, page: str, width: int, tmp_path: Path) -> dict:
    """The page laid out `width` CSS pixels wide, as PROBE measures it (from Chromium's DOM dump)."""
    probed = page.replace("</body>", f"<script>{PROBE}</script></body>")
    frame = tmp_path / f"frame-{width}.html"
    frame.write_text(FRAME.format(width=width, page=html.escape(probed, quote=True)), encoding="utf-8")
    dom = run_browser(
        browser, tmp_path / f"profile-{width}", "--window-size=1200,1000", "--virtual-time-budget=10000", "--dump-dom", frame.as_uri()
    )
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    assert measured.get("viewport") == width, measured
    return measured


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_story_is_on_top_of_the_first_screen(browser: str, report: str, width: int, tmp_path: Path) -> None:
    measured = measure(browser, report, width, tmp_path)
    assert measured["firstSection"] == "headline", "the story is the page's first section"
    assert measured["storyHeading"] == "What moved"
    # Right under the page's heading, well within the first screen, at either width.
    assert measured["h1"] < measured["storyTop"] < 450, measured


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_matrix_cells_are_in_colour(browser: str, report: str, width: int, tmp_path: Path) -> None:
    cells = measure(browser, report, width, tmp_path)["cells"]
    colour_of: dict[str, set[str]] = {}
    for classes, colour in cells:
        state = next((c for c in classes.split() if c in MATRIX_STATES), None)
        if state is not None:
            colour_of.setdefault(state, set()).add(colour)
    assert set(colour_of) == set(MATRIX_STATES), colour_of
    for state, colours in colour_of.items():
        assert len(colours) == 1, (state, colours)  # one state, one colour
        (colour,) = colours
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)"), (state, colour)
    # Each state its own colour: the matrix reads at a glance.
    assert len({next(iter(c)) for c in colour_of.values()}) == len(MATRIX_STATES)


def test_nothing_runs_off_a_phones_screen(browser: str, report: str, tmp_path: Path) -> None:
    measured = measure(browser, report, PHONE, tmp_path)
    assert measured["scrollWidth"] <= measured["clientWidth"], "the page scrolls sideways on a phone"
    assert measured["past"] == [], "cut at the right edge: " + "; ".join(measured["past"])


def test_the_check_for_a_page_too_wide_can_fail(browser: str, report: str, tmp_path: Path) -> None:
    """The measure sees what a reader would: a page made wider than a phone is caught."""
    too_wide = report.replace("</head>", "<style>.dek { min-width: 600px; }</style></head>")
    measured = measure(browser, too_wide, PHONE, tmp_path)
    assert measured["scrollWidth"] > measured["clientWidth"] and any(p.startswith("p.dek") for p in measured["past"])


# --- the picture itself -------------------------------------------------------------------------------


def test_a_browser_draws_the_page_story_first(browser: str, report: str, tmp_path: Path) -> None:
    html_file = tmp_path / "may-june.html"
    html_file.write_text(report, encoding="utf-8")
    png = tmp_path / "page.png"
    run_browser(
        browser, tmp_path / "profile", "--virtual-time-budget=10000",  # waits until the page has loaded and laid out
        f"--window-size={DESKTOP},900", f"--screenshot={png}", html_file.as_uri(),
    )  # fmt: skip
    width, height, rows = read_png(png)
    assert (width, height) == (DESKTOP, 900)
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
