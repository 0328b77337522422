"""The HTML pages: valid HTML5 (a strict parser finds no error), the story first and every change
in it, hostile text shown as text, nothing fetched from elsewhere (a real browser draws it in
test_html_browser.py)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from conftest import REPO, copy_round_as
from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.diff import compare_rounds
from tracker.loader import load_dataset
from tracker.report.grouping import diff_entries
from tracker.report.comparison import of_diff
from tracker.report.html import diff_html, timeline_html
from tracker.report.sources import safe_url

html5lib = pytest.importorskip("html5lib")

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
    dataset = bundled_dataset()
    rounds = list(dataset.rounds)
    parse(diff_html(of_diff(dataset, compare_rounds(dataset, rounds[0], rounds[-1])), show_unchanged=True))
    from tracker.timeline import build_timeline

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


def test_the_matrix_tells_first_on_record_apart_from_new(page) -> None:
    """Not reported at the first round is not the same as new: the sources may have missed it."""
    tree = parse(page("diff", MAY, JUNE, "--format", "html"))
    matrix = next(t for t in tree.iter("table") if "matrix" in t.get("class", ""))
    cells = {tuple(text_of(td) for td in row)[0]: [text_of(td) for td in row][1:] for row in matrix.iter("tr")}
    assert cells["Ceasefire"][:2] == ["held1 position", "held2 positions, 1 first on record"]
    assert cells["Remains"][2] == "now on record1 position, 1 new"
    assert cells["Prisoners of war"][2] == "moved1 position, 1 changed"
    assert cells["Political process"][0] == "none on record now1 no longer on record"


def test_the_matrix_tells_a_position_back_after_a_gap(page, data_dir: Path) -> None:
    july = copy_round_as(data_dir, JUNE, "2025-07-01-istanbul")
    may = (data_dir / "rounds" / MAY / "ukraine.yaml").read_text()
    meeting = may[may.index("  - id: leaders-meeting") :].split("\n  - id:")[0].rstrip("\n") + "\n"
    (july / "ukraine.yaml").write_text((july / "ukraine.yaml").read_text().rstrip("\n") + "\n" + meeting)
    tree = parse(page("diff", JUNE, "2025-07-01-istanbul", "--format", "html"))
    matrix = next(t for t in tree.iter("table") if "matrix" in t.get("class", ""))
    cells = {[text_of(td) for td in row][0]: [text_of(td) for td in row][1:] for row in matrix.iter("tr")}
    assert cells["Political process"][0].endswith("1 position, 1 back after a gap")


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
    # The whole address must be one: a space or a control character after a good start is not.
    for url in ("javascript:alert(1)", "data:text/html,x", "https://x.org/\"onmouseover=", "file:///etc/passwd", "", None, "https://x.org/a b", "https://x.org/\x00", " https://x.org/",
                "https://x.org/a'b", "https://x.org/a<b", "https://x.org/a>b", "https://x.org/a\\b", "https://x.org/a`b"):
        assert safe_url(url) is None


def test_markdown_and_html_cite_the_same_sources_and_link_the_same_addresses(data_dir: Path) -> None:
    """One list and one rule (tracker.report.sources): an address one format would not link, the
    other does not link either, and both list the same documents in the same order."""
    from tracker.report.markdown import diff_markdown

    dataset = load_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    for url in ("https://example.org/a?x=(1)", 'https://x.org/"onmouseover=', "https://x.org/a'b", "https://x.org/a`b", "javascript:alert(1)"):
        dataset.sources["src-a"] = dataset.sources["src-a"].model_copy(update={"url": url})
        markdown = diff_markdown(of_diff(dataset, diff))
        tree = parse(diff_html(of_diff(dataset, diff)))
        section = next(s for s in tree.iter("section") if s.get("id") == "sources")
        linked_in_html = [a.get("href") for a in section.iter("a")]
        assert (f"](<{url}>)" in markdown) == (linked_in_html == [url]), url
        listed_in_html = [" ".join(text_of(item).split()) for item in section.iter("li")]
        listed_in_markdown = [line[2:].replace("*", "").replace("[", "").split("](")[0] for line in markdown.split("\n## Sources\n")[1].split("\n") if line.startswith("- ")]
        assert listed_in_html and listed_in_markdown == listed_in_html, url


def test_the_readme_shows_the_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](docs/html-report.png)" in readme
    data = (REPO / "docs" / "html-report.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 600
