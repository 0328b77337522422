"""Every picture the docs show, made from the bundled data by one command:

    python docs/make_pictures.py

- The app's screens are SVGs taken by Textual's own screenshot machinery, as the snapshot tests
  take theirs (tests/test_app_snapshots.py): the same app, the same steps to the screen, the same
  normalised SVG, on the bundled data instead of the test dataset. A picture here and the snapshot
  of the same screen can be compared line by line.
- The HTML report (`tracker diff --format html`) is drawn by headless Chromium into a PNG. A
  browser does not draw the same bytes twice, so beside the PNG is a digest of what it was drawn
  from: the data, the page, the browser's version and the window's size.

tests/test_docs_pictures.py fails when a picture checked in is no longer what this would make: it
renders each screen again (in the test process, no terminal), and for the PNG compares the digest
of the current data and page (no browser needed). Run this, look at the pictures, commit them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = "python docs/make_pictures.py"
# Every function takes the repository's top folder (`root`): its data is `positions/` there, the
# pictures are where the docs link them. The tests run them on a copy of the test dataset too.

if str(REPO) not in sys.path:  # run as a script from a checkout: its own tracker first
    sys.path.insert(0, str(REPO))


class PictureError(Exception):
    """A picture could not be made: said in one line, without a traceback."""


# --- the app's screens ---------------------------------------------------------------------------


# How long `loaded` waits for the workers before it fails: only a hang reaches it.
LOAD_SECONDS = 60.0


async def loaded(pilot) -> None:  # noqa: ANN001 - textual.pilot.Pilot, imported only when drawing
    """The data loaded and every worker done, the search inputs' cursors still: a screen as it stays.
    It waits for that however long a busy machine takes, and fails rather than let a screen be
    drawn half-loaded."""
    import time

    deadline = time.monotonic() + LOAD_SECONDS
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = [w for w in pilot.app.workers if not w.is_finished]
        if not busy:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"still loading after {LOAD_SECONDS:.0f} s: {busy}")
    for search in pilot.app.screen.query("Input"):
        search.cursor_blink = False


async def compared(pilot) -> None:  # noqa: ANN001
    """`c` from browse: the latest round compared with the one before, its story shown above the list."""
    await loaded(pilot)
    await pilot.press("c")
    await loaded(pilot)


async def back_to(pilot, wanted: Callable[[str, str | None], bool]) -> None:  # noqa: ANN001
    """Browse the latest round that shows what a picture is for (`wanted(round, previous)`), so the
    picture keeps showing it when a round with less on record is added after it: `[` as a user would."""
    await loaded(pilot)
    ids = list(pilot.app.dataset.rounds)
    for back in range(len(ids)):
        index = len(ids) - 1 - back
        if wanted(ids[index], ids[index - 1] if index else None):
            break
    else:
        back = 0
    for _ in range(back):
        await pilot.press("[")
        await loaded(pilot)


async def a_move(pilot) -> None:  # noqa: ANN001
    """Compare, the story shown, with the first position that moved in substance highlighted: the
    latest two rounds between which a position moved."""
    from tracker.app.widgets.virtual_table import VirtualTable
    from tracker.report.comparison import compare

    def moved(row) -> bool:  # noqa: ANN001 - a topic's heading or an entry of the comparison
        return getattr(row, "change", None) is not None and row.change.substantive

    def has_a_move(round_id: str, previous: str | None) -> bool:
        return previous is not None and compare(pilot.app.dataset, previous, round_id).tally.moved > 0

    await back_to(pilot, has_a_move)
    await pilot.press("c")
    await loaded(pilot)
    # Where nothing moved in substance, the cursor stays on the first row.
    pilot.app.screen.query_one("#changes", VirtualTable).move_to(moved)
    await pilot.pause()


async def contested_figure(pilot) -> None:  # noqa: ANN001
    """Browse with a contested figure highlighted, so the detail pane shows who gives which."""
    from tracker.app.widgets.virtual_table import VirtualTable

    await back_to(pilot, lambda round_id, _: any(p.contested for p in pilot.app.dataset.rounds[round_id].positions))
    pilot.app.screen.query_one("#positions", VirtualTable).move_to(lambda p: p.contested)
    await pilot.pause()


@dataclass(frozen=True)
class Screen:
    file: str
    """Its path in the repository, as the docs link it."""
    size: tuple[int, int]
    steps: Callable[..., Awaitable[None]]


SCREENS = [
    Screen("docs/compare.svg", (120, 40), a_move),
    Screen("docs/browse.svg", (120, 40), contested_figure),
]


def normalize_svg(svg: str) -> str:
    """The SVG without the random id Rich gives each export, as the snapshot tests keep theirs."""
    from pytest_textual_snapshot import normalize_svg as normalised

    return normalised(svg)


def render_screen(screen: Screen, root: Path = REPO) -> str:
    """The screen drawn now, from the data, as an SVG."""
    from textual._doc import take_svg_screenshot

    from tracker.app import TrackerApp

    # The panes show file paths relative to the working directory; no key remapped from outside.
    with contextlib.chdir(root):
        app = TrackerApp(root / "positions", keymap={}, live_reload=False)
        return normalize_svg(take_svg_screenshot(app=app, terminal_size=screen.size, run_before=screen.steps))


# --- the HTML report, in a browser ---------------------------------------------------------------

PAGE_PNG = "docs/html-report.png"
PAGE_DIGEST = "docs/html-report.json"
PAGE_ARGS = ("diff", "--format", "html")
WINDOW = (1000, 1700)


def render_page(root: Path = REPO) -> str:
    """What `tracker diff --format html` prints on the data."""
    from tracker.cli import main

    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out):
        code = main(["--data", "positions", *PAGE_ARGS])
    if code != 0:
        raise PictureError(f"tracker {' '.join(PAGE_ARGS)} exited {code}")
    return out.getvalue()


def data_files(root: Path) -> list[Path]:
    """The files the report is made from: the positions and the source catalogue."""
    from tracker.paths import find_sources_file

    files = sorted((root / "positions").rglob("*.yaml"))
    catalogue = find_sources_file(root / "positions")
    return files if catalogue is None or catalogue in files else [*files, catalogue]


def sha256(chunks: list[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "big") + chunk)
    return digest.hexdigest()


def page_inputs(page: str, root: Path = REPO) -> dict[str, object]:
    """What the PNG shows depends on, but the browser: compared by the test, which has none."""
    files = [part for path in data_files(root) for part in (path.relative_to(root).as_posix().encode(), path.read_bytes())]
    return {
        "command": "tracker " + " ".join(PAGE_ARGS),
        "window": list(WINDOW),
        "data": sha256(files),
        "page": sha256([page.encode("utf-8")]),
    }


def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_version(path: str) -> str:
    done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
)  # fmt: skip
"""No network, no sandbox (root in CI), nothing fetched or updated; with a fresh profile per run."""


def run_chromium(path: str, profile: Path, *args: str) -> tuple[int, bytes, bytes]:
    """Headless Chromium with FLAGS and a fresh profile: (exit code, stdout, stderr). Its whole
    process group is ended if it hangs. The browser tests run it the same way."""
    command = [path, *FLAGS, f"--user-data-dir={profile}", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return process.returncode, out, err


def draw(path: str, html_file: Path, png: Path, profile: Path, window: tuple[int, int] = WINDOW) -> None:
    """Headless Chromium draws the page into a PNG."""
    width, height = window
    # The screenshot waits until the page has loaded and laid out.
    _, _, err = run_chromium(path, profile, "--virtual-time-budget=10000", f"--window-size={width},{height}", f"--screenshot={png}", html_file.as_uri())
    if not png.is_file():
        raise PictureError("Chromium drew no picture:\n" + err.decode(errors="replace")[-2000:])


def write_page_digest(page: str, browser_name: str, root: Path = REPO) -> None:
    """What the PNG was drawn from, beside it."""
    digest = {"made by": COMMAND, **page_inputs(page, root), "browser": browser_name}
    (root / PAGE_DIGEST).write_text(json.dumps(digest, indent=2) + "\n", encoding="utf-8", newline="\n")


def make_page_picture(root: Path = REPO) -> None:
    path = browser()
    if path is None:
        raise PictureError("no Chromium on PATH to draw the HTML report (Debian: apt-get install chromium)")
    page = render_page(root)
    with tempfile.TemporaryDirectory(prefix="tracker-pictures-") as scratch:
        html_file = Path(scratch) / "report.html"
        html_file.write_text(page, encoding="utf-8")
        png = Path(scratch) / "report.png"
        draw(path, html_file, png, Path(scratch) / "profile")
        shutil.copyfile(png, root / PAGE_PNG)
    write_page_digest(page, browser_version(path), root)


def write_screens(root: Path = REPO) -> None:
    for screen in SCREENS:
        (root / screen.file).write_text(render_screen(screen, root), encoding="utf-8", newline="\n")
        print(f"wrote {screen.file}")


# --- what is out of date -------------------------------------------------------------------------


def stale_pictures(root: Path = REPO) -> list[str]:
    """The pictures checked in that are not what this command would make now: a screen whose SVG
    is not what the app draws, the PNG when its digest is not that of the data and the page now.
    The browser's version is kept in the digest to say what drew it, and not compared: a machine
    with another Chromium (or none, as in CI) would otherwise find every picture stale."""
    stale = []
    for screen in SCREENS:
        path = root / screen.file
        kept = normalize_svg(path.read_text(encoding="utf-8")) if path.is_file() else None
        if kept != render_screen(screen, root):
            stale.append(screen.file)
    digest = root / PAGE_DIGEST
    kept_inputs = json.loads(digest.read_text(encoding="utf-8")) if digest.is_file() else {}
    now = page_inputs(render_page(root), root)
    if not (root / PAGE_PNG).is_file() or any(kept_inputs.get(key) != value for key, value in now.items()):
        stale.append(PAGE_PNG)
    return stale


def pictures_linked(page: Path, root: Path = REPO) -> list[str]:
    """The local pictures a Markdown page shows, as paths from the repository's top."""
    targets = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"", page.read_text(encoding="utf-8"))
    found = [a or b for a, b in targets]
    return [(page.parent / t).resolve().relative_to(root).as_posix() for t in found if "://" not in t]


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__.strip())
        return 0 if argv in (["-h"], ["--help"]) else 2
    os.environ["TRACKER_NO_CACHE"] = "1"  # drawn from the data, never from a cached report
    try:
        write_screens()
        make_page_picture()
    except PictureError as error:
        print(f"make_pictures: {error}", file=sys.stderr)
        return 1
    print(f"wrote {PAGE_PNG} and {PAGE_DIGEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
