"""`tracker` and `tracker tui` from the shell: they start the app, or say plainly why not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import GOOD_DATA


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def test_without_a_terminal_says_so() -> None:
    for args in ((), ("tui",)):
        result = run("--data", str(GOOD_DATA), *args)
        assert result.returncode == 2
        assert "needs a terminal" in result.stderr and "Traceback" not in result.stderr


def test_missing_data_directory(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "nowhere"), "tui")
    assert result.returncode == 2
    assert "data directory not found" in result.stderr and "Traceback" not in result.stderr


def test_tui_is_listed_with_help() -> None:
    assert "tui" in run("--help").stdout
    assert "TRACKER_KEYS" in run("tui", "--help").stdout


def test_matrix_and_app_logic_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import tracker.matrix\n"
        "from tracker.loader import load_dataset\n"
        f"d = load_dataset({str(GOOD_DATA)!r})\n"
        "tracker.matrix.build_matrix(d, *d.round_ids())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_error_in_the_app_is_one_plain_line(monkeypatch) -> None:
    import io

    from rich.console import Console

    from tracker.app import TrackerApp

    monkeypatch.delenv("TRACKER_DEBUG", raising=False)
    app = TrackerApp(GOOD_DATA)
    output = io.StringIO()
    app.error_console = Console(file=output, width=200)
    app._exception = ValueError("[bold]boom")
    app._exit_renderables.append("Traceback (most recent call last): ...")
    app._print_error_renderables()
    assert output.getvalue().splitlines() == [
        "tracker: internal error: ValueError: [bold]boom",
        "tracker: this is a bug; run again with TRACKER_DEBUG=1 for the traceback and report it",
    ]
