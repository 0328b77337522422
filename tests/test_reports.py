"""The printed reports: golden outputs for every format, and the rules each format keeps.

Goldens live in tests/golden/. After an intended change in a report, regenerate them with
`pytest tests/test_reports.py --update-goldens` and read the diff before committing it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from json_shape import check
from rich.console import Console
from rich.text import Text

from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.diff import compare_rounds
from tracker.loader import load_dataset
from tracker.report import changes, words
from tracker.report.console import hang
from tracker.report.markdown import diff_markdown, md, positions_markdown
from tracker.report.comparison import of_diff
from tracker.report.records import diff_document
from tracker.report.story import brief_lines, build_story
from tracker.report.text import diff_text, positions_text

GOLDEN = Path(__file__).resolve().parent / "golden"
MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


@pytest.fixture
def run(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run `tracker --data <copy of tests/data/good> ARGS` as piped output; return stdout.

    The working directory is the copy's parent, so paths print as `positions/rounds/...`."""
    monkeypatch.chdir(data_dir.parent)
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, code: int = 0) -> str:
        assert main(["--data", "positions", *args]) == code
        captured = capsys.readouterr()
        assert captured.err == ""
        return captured.out

    return run


def golden(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-goldens"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no golden file {name}: run pytest --update-goldens"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden output; if the change is intended, run pytest --update-goldens"


GOLDEN_CASES = {
    "diff.txt": ["diff"],
    "diff-all.txt": ["diff", "--all"],
    "diff-reverse.txt": ["diff", JUNE, MAY],
    "diff-filtered.txt": ["diff", "--party", "russia,joint", "--topic", "ceasefire", "--topic", "remains"],
    "diff.md": ["diff", "--format", "markdown"],
    "diff-reverse.md": ["diff", JUNE, MAY, "--format", "markdown"],
    "diff-all.md": ["diff", "--format", "markdown", "--all"],
    "diff.json": ["diff", "--format", "json"],
    "diff-brief.txt": ["diff", "--format", "brief"],
    "show.txt": ["show"],
    "show-may-ukraine.txt": ["show", "2025-05-16", "--party", "ukraine"],
    "show.md": ["show", "--format", "markdown"],
    "show.json": ["show", "--format", "json"],
    "show-brief.txt": ["show", "--format", "brief"],
    "show-id.txt": ["show", "--id", "remains-6000"],
    "show-id-may.txt": ["show", "2025-05", "--id", "ukraine/ceasefire-30-day"],
    "show-id.md": ["show", "--id", "remains-6000", "--format", "markdown"],
    "show-id.json": ["show", "--id", "remains-6000", "--format", "json"],
    "rounds.txt": ["rounds"],
    "rounds.json": ["rounds", "--format", "json"],
    "timeline.txt": ["timeline"],
    "timeline-ceasefire.txt": ["timeline", "ceasefire", "--party", "ukraine"],
    "timeline.md": ["timeline", "--format", "markdown"],
    "timeline.json": ["timeline", "prisoners", "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_output(name: str, run, request: pytest.FixtureRequest, data_dir: Path) -> None:
    args = GOLDEN_CASES[name]
    output = run(*args)
    assert "\x1b" not in output
    golden(request, f"good/{name}", output)
    if name.endswith(".json"):
        document = json.loads(output)
        kind = {"diff": "diff", "rounds": "rounds", "timeline": "timeline"}.get(args[0]) or ("show_position" if "--id" in args else "show")
        assert check(document, kind) == []


# --- what each format must say ------------------------------------------------------------------


def test_text_diff_reads_without_colour(run) -> None:
    out = run("diff", "--all")
    lines = out.splitlines()
    assert "    + local-ceasefire (offer, stated)  first on record" in lines
    assert "    - leaders-meeting (proposal, stated)" in lines
    assert "    ~ ceasefire-30-day (demand, stated)  reworded" in lines
    assert "    = ceasefire-preconditions (precondition, stated)" in lines
    assert "      ceasefire length: 30 days → at least 30 days" in lines
    assert "      status: agreed → implemented (25 May 2025)" in lines
    assert any("bodies: 6,000 or 12,000" in line and "contested" in line for line in lines)
    assert lines[-1] == f"{MAY} → {JUNE}: 2 added, 1 removed, 2 changed (0 moved in substance, 1 carried out, 1 reworded, 0 re-sourced), 1 unchanged"
    # The story first; then grouped by topic in the order of topics.yaml, then by party; the
    # facts of the rounds last.
    order = [line for line in lines if line and not line.startswith(" ") and line[0].isupper()]
    assert order[1:4] == ["Agreed", "Carried out", "First on record"]
    detail = order[order.index("The changes by topic") + 1 :]
    assert detail == ["Ceasefire", "Prisoners of war", "Remains", "Political process", "The rounds"]
    assert "  venue: Dolmabahce Palace → Ciragan Palace" in lines
    assert "=" not in {line.strip()[:1] for line in run("diff").splitlines()}


def test_reverse_diff_mirrors_the_forward_one(run) -> None:
    out = run("diff", JUNE, MAY)
    assert "    - local-ceasefire (offer, stated)" in out
    assert "    + leaders-meeting (proposal, stated)" in out
    assert "      status: implemented (25 May 2025) → agreed" in out
    assert out.rstrip().endswith(": 1 added, 2 removed, 2 changed (1 moved in substance, 1 reworded, 0 re-sourced), 1 unchanged")
    assert "Note: the later round comes first" in out
    assert run("diff", JUNE, MAY, "--format", "brief").startswith("Read backwards: the later round comes first.\n")
    assert "backwards" not in run("diff", MAY, JUNE) + run("diff", MAY, JUNE, "--format", "brief")
    assert run("diff", "--party", "russia", "--format", "brief").startswith("Only party Russia.\n")


def test_markdown_is_a_publishable_report(run) -> None:
    out = run("diff", "--format", "markdown")
    assert out.startswith("# 16 May 2025, Istanbul → 2 June 2025, Istanbul\n")
    assert "Dolmabahce Palace" in out and "Ciragan Palace" in out
    what_moved = out.split("## What moved\n", 1)[1].split("\n## ", 1)[0].splitlines()
    assert [line for line in what_moved if line.startswith("### ")] == ["### Agreed", "### Carried out", "### First on record"]
    assert "- Carried out on 25 May 2025, as agreed by Ukraine and Russia: Exchange 1,000 prisoners for 1,000 — 1,000 prisoners per side." in what_moved
    assert "- First on record from Russia (offer): Short local ceasefires to collect the dead — ceasefire length: 2 to 3 days." in what_moved
    assert "- Ukraine and Russia agreed: Hand over the bodies of the fallen — 6,000 bodies (Outlet B also gives 12,000)." in what_moved
    assert "made a new" not in out  # the data does not say it is new: it is first on record
    assert "## Ceasefire" in out and "| Change | Party | Position | Details |" in out


def test_the_tally_counts_evidence_only_changes(data_dir: Path) -> None:
    june = data_dir / "rounds" / JUNE / "russia.yaml"
    june.write_text(june.read_text().replace("      - {source: src-b}\n", "      - {source: src-b}\n      - {source: src-a}\n", 1))
    dataset = load_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    assert words.tally(diff) == "2 added, 1 removed, 3 changed (0 moved in substance, 1 carried out, 1 reworded, 1 re-sourced), 0 unchanged"
    # Re-sourced changes come last, by party, and in full only with --all.
    assert "## Re-sourced\n\nNew evidence or notes, nothing moved (`--all` gives the detail):\n\n- Russia: `ceasefire-preconditions`\n" in diff_markdown(of_diff(dataset, diff))
    assert "| ~ re-sourced | Russia |" in diff_markdown(of_diff(dataset, diff), show_unchanged=True)
    assert "  Russia: ceasefire-preconditions" in diff_text(of_diff(dataset, diff)).plain
    assert "~ ceasefire-preconditions (precondition, stated)  re-sourced" in diff_text(of_diff(dataset, diff), show_unchanged=True).plain
    # With --all they are told in their topics, and not listed again at the end.
    assert "## Re-sourced" not in diff_markdown(of_diff(dataset, diff), show_unchanged=True)
    assert "\nRe-sourced  " not in diff_text(of_diff(dataset, diff), show_unchanged=True).plain


def test_evidence_changes_are_told_by_source_document(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    dataset.sources["src-c"] = dataset.sources["src-a"].model_copy(update={"id": "src-c", "published": words.dt.date(2025, 6, 5)})
    a, b, c = {"source": "src-a"}, {"source": "src-b"}, {"source": "src-c"}
    # A source cited twice and now once is still cited: nothing dropped.
    assert changes.evidence_change(dataset, [a, {**a, "quote": "Q", "speaker": "S"}, b], [a, b]) == "3 → 2 citations; cited less: Outlet A; quote dropped: S"
    assert changes.evidence_change(dataset, [a], [a, {**a, "note": "p. 2"}]) == "1 → 2 citations; cited more: Outlet A"
    # Same documents, as often: whose citation was revised, or that only the order changed.
    assert changes.evidence_change(dataset, [a, b], [{**a, "note": "p. 3"}, b]) == "2 citations; revised: Outlet A"
    assert changes.evidence_change(dataset, [a, b], [b, a]) == "2 citations; reordered"
    # Two documents of one outlet are told apart by their dates.
    assert changes.evidence_change(dataset, [a, b], [c, b]) == "2 citations; new: Outlet A, 5 June 2025; dropped: Outlet A, 2 June 2025"
    assert changes.evidence_change(dataset, [b], [b, c]) == "1 → 2 citations; new: Outlet A"
    # … and by their ids when the dates are the same too.
    dataset.sources["src-c"] = dataset.sources["src-c"].model_copy(update={"published": words.dt.date(2025, 6, 2)})
    assert changes.evidence_change(dataset, [a], [c]) == "1 citation; new: Outlet A, 2 June 2025 (src-c); dropped: Outlet A, 2 June 2025 (src-a)"


def test_a_figure_becoming_or_ceasing_to_be_contested_is_told_with_its_sources(data_dir: Path) -> None:
    """remains-6000 gives 6,000 (src-a) and 12,000 (src-b) bodies; a July round settles on 6,000."""
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    july.mkdir()
    june = (data_dir / "rounds" / JUNE / "round.yaml").read_text()
    settled = june.replace(JUNE, "2025-07-01-istanbul").replace("date: 2025-06-02", "date: 2025-07-01")
    settled = settled.replace("        claims:\n          - {source: src-a, value: 6000}\n          - {source: src-b, value: 12000}\n", "        value: 6000\n")
    (july / "round.yaml").write_text(settled)
    dataset = load_dataset(data_dir)
    # 6,000 can be true at both rounds: no move, a change in the record, told in full with --all.
    comparison = of_diff(dataset, compare_rounds(dataset, JUNE, "2025-07-01-istanbul"))
    assert "0 moved in substance" in diff_text(comparison).plain and "1 re-sourced" in diff_text(comparison).plain
    forward = diff_text(comparison, show_unchanged=True).plain
    assert "bodies: 6,000 (Outlet B also gives 12,000) → 6,000  (no longer contested)" in forward
    backward = of_diff(dataset, compare_rounds(dataset, "2025-07-01-istanbul", JUNE))
    assert "bodies: 6,000 → 6,000 (Outlet B also gives 12,000)  (contested)" in diff_text(backward, show_unchanged=True).plain
    assert "*bodies:* 6,000 → 6,000 (Outlet B also gives 12,000) ⚠ contested" in diff_markdown(backward, show_unchanged=True)


def test_markdown_links_sources_by_web_address_only(data_dir: Path) -> None:
    """A report to publish names its sources with links; only http(s) addresses become links."""
    dataset = load_dataset(data_dir)
    for source_id, url in (("src-a", "https://example.org/a?x=(1)"), ("src-b", "javascript:alert(1)")):
        dataset.sources[source_id] = dataset.sources[source_id].model_copy(update={"url": url})
    report = diff_markdown(of_diff(dataset, compare_rounds(dataset, MAY, JUNE)))
    sources = report[report.index("\n## Sources\n") :].splitlines()[3:]
    assert sources == ["- Outlet A, 2 June 2025, [*Report A*](<https://example.org/a?x=(1)>)", "- Outlet B, 3 June 2025, *Report B*"]
    assert "javascript:" not in report
    # Control characters or a backslash in an address: named, never linked (nor sent raw to a terminal).
    for url in ("https://p.dw.com/x\x1b]0;PWNED\x07", "https://example.com/a\\"):
        dataset.sources["src-a"] = dataset.sources["src-a"].model_copy(update={"url": url})
        report = diff_markdown(of_diff(dataset, compare_rounds(dataset, MAY, JUNE)))
        assert "- Outlet A, 2 June 2025, *Report A*" in report and "\x1b" not in report and "](<" not in report


def test_a_figure_that_prints_the_same_says_what_changed(data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    july.mkdir()
    for name in ("round.yaml", "russia.yaml", "ukraine.yaml"):
        text = (data_dir / "rounds" / JUNE / name).read_text()
        (july / name).write_text(text.replace(JUNE, "2025-07-01-istanbul").replace("date: 2025-06-02", "date: 2025-07-01"))
    # Said in the same words (the source's), but now counted per side: say what changed.
    path.write_text(path.read_text().replace("unit: days, raw: 2 to 3 days", "unit: days, per: total, raw: 2 to 3 days"))
    dataset = load_dataset(data_dir)
    out = diff_text(of_diff(dataset, compare_rounds(dataset, JUNE, "2025-07-01-istanbul")), show_unchanged=True).plain
    assert "ceasefire length: 2 to 3 days (only its per side or in total changed)" in out
    assert "2 to 3 days → 2 to 3 days" not in out
    report = diff_markdown(of_diff(dataset, compare_rounds(dataset, JUNE, "2025-07-01-istanbul")), show_unchanged=True)
    assert "ceasefire length:** 2 to 3 days (only its per side or in total changed)" in report and "None" not in report


def test_the_rounds_facts_follow_the_filters_and_ignore_the_order_of_claims(data_dir: Path) -> None:
    july = data_dir / "rounds" / "2025-07-01-istanbul"
    july.mkdir()
    june = (data_dir / "rounds" / JUNE / "round.yaml").read_text()
    reordered = june.replace(
        "    - {source: src-a, max: 60, raw: under an hour}\n    - {source: src-b, min: 60, raw: over an hour}\n",
        "    - {source: src-b, min: 60, raw: over an hour}\n    - {source: src-a, max: 60, raw: under an hour}\n",
    )
    assert reordered != june
    (july / "round.yaml").write_text(reordered.replace(JUNE, "2025-07-01-istanbul").replace("date: 2025-06-02", "date: 2025-07-01"))
    dataset = load_dataset(data_dir)
    assert words.round_fact_changes(dataset, compare_rounds(dataset, JUNE, "2025-07-01-istanbul")) == []
    may_june = compare_rounds(dataset, MAY, JUNE)

    def facts(diff) -> list[str]:  # what differs, and what only one round records (said apart)
        return [what for what, _, _ in words.round_fact_changes(dataset, diff) + words.round_facts_once(dataset, diff)]

    everything = facts(may_june)
    assert "Ukraine's delegation head" in everything and "Russia's delegation head" in everything
    russia = facts(may_june.filtered(parties=["russia"]))
    assert "Russia's delegation head" in russia and "Ukraine's delegation head" not in russia and "venue" in russia
    assert facts(may_june.filtered(topics=["ceasefire"])) == []
    # What one round records and the other does not is never a change.
    assert all(words.UNRECORDED not in (old, new) for _, old, new in words.round_fact_changes(dataset, may_june))


def test_a_party_filter_says_the_joint_agreements_are_left_out(run) -> None:
    assert "only party Russia (the joint agreements Russia is party to are left out: add --party joint)" in run("diff", "--party", "russia")
    assert "left out" not in run("diff", "--party", "russia,joint") + run("diff", "--party", "turkey")


# --- data is never markup, never an escape code -------------------------------------------------

HOSTILE = "[bold red]loud[/] | *star* _under_ `code` <b>html</b> $x$ &amp; \x1b[31mred\x1b[0m ~~gone~~"


def _hostile_dataset(data_dir: Path):
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text().replace("summary: Short local ceasefires to collect the dead.", f"summary: {json.dumps(HOSTILE)}")
    path.write_text(text)
    return load_dataset(data_dir)


def test_text_shows_data_literally(data_dir: Path) -> None:
    dataset = _hostile_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    console = Console(force_terminal=True, color_system="standard", width=400, record=True)
    console.print(diff_text(of_diff(dataset, diff)))
    shown = console.export_text()
    assert "[bold red]loud[/] | *star*" in shown
    assert "\\x1b[31mred\\x1b[0m" in shown  # made visible, not sent to the terminal
    plain = diff_text(of_diff(dataset, diff)).plain + positions_text(dataset, JUNE, dataset.rounds[JUNE].positions).plain
    assert "\x1b" not in plain


def test_markdown_escapes_data(data_dir: Path) -> None:
    dataset = _hostile_dataset(data_dir)
    out = diff_markdown(of_diff(dataset, compare_rounds(dataset, MAY, JUNE))) + positions_markdown(dataset, JUNE, dataset.rounds[JUNE].positions)
    assert "\x1b" not in out
    assert md(HOSTILE) in out
    assert md("a | b") == "a \\| b"
    assert md("*x* _y_ [z](u) <b> `c` $m$ ~s~") == "\\*x\\* \\_y\\_ \\[z\\](u) \\<b\\> \\`c\\` \\$m\\$ \\~s\\~"
    assert md("R&amp;D & co") == "R&amp;amp;D & co"
    columns = None
    for line in out.splitlines():  # every row of a table has as many cells as its header
        pipes = len(re.findall(r"(?<!\\)\|", line))
        if not line.startswith("|"):
            columns = None
        elif columns is None:
            columns = pipes
        else:
            assert pipes == columns, f"a table row lost its shape: {line}"


def test_json_keeps_data_as_it_is(data_dir: Path) -> None:
    dataset = _hostile_dataset(data_dir)
    document = json.loads(json.dumps(diff_document(of_diff(dataset, compare_rounds(dataset, MAY, JUNE)))))
    assert document["added"][0]["summary"] == HOSTILE
    assert check(document, "diff") == []


def test_long_lines_wrap_under_their_indentation() -> None:
    console = Console(width=40, force_terminal=True)
    text = Text("    + an-id (offer, stated)\n      " + "word " * 20 + "\n      summary:\n        was: " + "old " * 15)
    lines = hang(text, console).plain.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[0] == "    + an-id (offer, stated)"
    assert lines[1].startswith("      word") and lines[2].startswith("        word")
    was = lines.index("      summary:") + 1
    assert lines[was].startswith("        was: old") and lines[was + 1].startswith("             old")


def test_a_delegation_fact_of_a_party_named_with_an_s_takes_the_apostrophe_alone(data_dir: Path) -> None:
    """'United States' delegation head', never 'United States's': the facts of two rounds name a
    party's delegation with the same possessive as every other sentence."""
    parties = data_dir / "parties.yaml"
    parties.write_text(parties.read_text().replace("name: Ukraine,", "name: United States,"))
    dataset = load_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    facts = [what for what, _, _ in words.round_fact_changes(dataset, diff) + words.round_facts_once(dataset, diff)]
    assert "United States' delegation head" in facts
    assert not any("States's" in what for what in facts)


def test_two_meetings_of_different_lengths_differ_even_where_their_words_could_both_be_true(data_dir: Path) -> None:
    """'roughly four hours' at one meeting and 'nearly five hours' at the next are two meetings'
    lengths, not two sources on one figure: that both could be true of one meeting (240 minutes
    is under 300) does not make them the same length. The same amount worded otherwise is."""
    may = data_dir / "rounds" / MAY / "round.yaml"
    june = data_dir / "rounds" / JUNE / "round.yaml"
    duration = june.read_text()[june.read_text().index("duration:") : june.read_text().index("outcome:")]
    june.write_text(june.read_text().replace(duration, "duration: {what: duration, unit: minutes, max: 300, raw: nearly five hours}\n"))
    may.write_text(may.read_text().replace("mediators:", "duration: {what: duration, unit: minutes, value: 240, raw: roughly four hours}\nmediators:"))
    dataset = load_dataset(data_dir)
    changes = {what: (old, new) for what, old, new in words.round_fact_changes(dataset, compare_rounds(dataset, MAY, JUNE))}
    assert "roughly four hours" in changes["length of the meeting"][0] and "nearly five hours" in changes["length of the meeting"][1]
    june.write_text(june.read_text().replace("max: 300, raw: nearly five hours", "value: 240, raw: four hours"))
    dataset = load_dataset(data_dir)
    assert "length of the meeting" not in [what for what, _, _ in words.round_fact_changes(dataset, compare_rounds(dataset, MAY, JUNE))]


def test_words() -> None:
    assert words.human_date("2025-06-02") == "2 June 2025"
    assert words.possessive("United States") == "United States'" and words.possessive("Russia") == "Russia's"
    assert words.visible("a\x1bb\x07") == "a\\x1bb\\x07"
    assert words.one_line("a\n  b\tc") == "a b c"


# --- the bundled dataset: 16 May → 2 June -------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():

    dataset = bundled_dataset()
    return dataset, compare_rounds(dataset, MAY, JUNE)


def _block(text: str, header: str) -> str:
    """The lines of one entry of a text report: its header and the indented lines below it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(header))
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    return "\n".join(block)


def test_bundled_may_to_june_in_every_format(bundled) -> None:
    """What a reader must find in the May → June comparison, in each format."""
    dataset, diff = bundled
    document = json.loads(json.dumps(diff_document(of_diff(dataset, diff))))
    assert check(document, "diff") == []
    added = {(p["party"], p["id"]): p for p in document["added"]}
    changed = {(c["party"], c["id"]): {f["field"]: (f["from"], f["to"]) for f in c["changes"]} for c in document["changed"]}

    # Russia's new short local ceasefire offer, 2 to 3 days.
    local = added[("russia", "local-ceasefires")]
    assert local["topic"] == "ceasefire" and local["quantities"][0]["min"] == 2 and local["quantities"][0]["max"] == 3
    # The new all-for-all exchanges and the remains handover, agreed jointly.
    for key in [("joint", "exchange-wounded-sick"), ("joint", "exchange-young-soldiers")]:
        assert added[key]["status"] == "agreed" and added[key]["quantities"][0]["scope"] == "all"
    remains = added[("joint", "remains-handover")]
    # 6,000 a side and Reuters' 12,000 in all are one figure: agreed, not contested.
    assert remains["status"] == "agreed" and not remains.get("contested")
    # The children: demanded on 16 May, the list of names handed over on 2 June.
    children = changed[("ukraine", "children-return")]
    assert "quantities[children named on the list handed to Russia]" in children
    # The memoranda: agreed on 16 May, carried out on 2 June; one record, not one per party.
    assert changed[("joint", "ceasefire-terms-in-writing")]["status"] == ("agreed", "implemented")
    assert ("ukraine", "memorandum") not in added and ("russia", "memorandum") not in changed
    # The May exchange, carried out on 25 May.
    may_exchange = changed[("joint", "exchange-1000-for-1000")]
    assert may_exchange["status"] == ("agreed", "implemented") and may_exchange["status_date"] == (None, "2025-05-25")

    text = diff_text(of_diff(dataset, diff)).plain
    assert "ceasefire length: two to three days" in _block(text, "+ local-ceasefires")
    assert "status: agreed → implemented (25 May 2025)" in _block(text, "~ exchange-1000-for-1000")
    assert "status: agreed → implemented (2 June 2025)" in _block(text, "~ ceasefire-terms-in-writing")
    # The list's count is given for the first time: new evidence for a standing demand, told in
    # the story, not a move from 'none'.
    story = text.split("The changes by topic")[0]
    assert "A figure first on record for Ukraine's demand" in story and "339" in story and "none → 339" not in text
    # Umerov's 6,000 a side and Reuters' 12,000 in all are one figure, not a contest.
    remains_block = _block(text, "+ remains-handover")
    assert "contested" not in remains_block and "6,000 per side (also reported as 12,000 in all)" in remains_block
    counts = document["summary"]
    tally = f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed"
    assert text.rstrip().splitlines()[-1].startswith(f"{MAY} → {JUNE}: {tally}")
    assert words.brief_line(diff).startswith(f"{MAY} → {JUNE}: {tally}")

    report = diff_markdown(of_diff(dataset, diff))
    assert report.startswith("# 16 May 2025, Istanbul → 2 June 2025, Istanbul\n")
    story = report.split("## What moved\n", 1)[1].split("\n## ", 1)[0]
    # New only where the data says so (put_forward); else first on record. Never "made a new".
    assert re.search(r"- (New|First on record) from Russia \(proposal\): Short ceasefires .* 2 to 3 days|two to three days", story)
    assert "- Carried out in stages, 23 to 25 May 2025, as agreed by Ukraine and Russia: Each side to release 1,000 prisoners" in story
    assert "- Carried out on 2 June 2025, as agreed by Ukraine and Russia: Each side to set out in writing" in story  # the memoranda
    assert "- Ukraine and Russia agreed: Exchange all severely wounded" in story
    assert "- Ukraine and Russia agreed: Hand over the bodies of soldiers killed in action — 6,000 bodies" in story
    assert re.search(r"- A figure first on record for Ukraine's demand: Russia to return the Ukrainian children .*children named on the list handed to Russia: 339", story)  # the list: new evidence, not a move
    assert "made a new" not in report
    # Ukraine's ceasefire demand was reworded and re-sourced, not moved.
    assert "ceasefire-30-day" not in story and "Ukraine's demand rejected again by Russia: A full, unconditional ceasefire" in story
    for topic in ("Ceasefire", "Prisoners of war", "Remains of the fallen", "Deported children", "Political process"):
        assert f"\n## {topic}\n" in report


def test_bundled_story_comes_first_and_the_brief_is_short(bundled) -> None:
    """The first 80-column screenful of the text report holds no meeting length, no citation
    count and no notes diff; the brief is at most 12 plain lines with no ids."""
    dataset, diff = bundled
    console = Console(width=80, force_terminal=False, no_color=True, record=True)
    console.print(diff_text(of_diff(dataset, diff)))
    screen = "\n".join(console.export_text().splitlines()[:24])
    assert "2 June 2025, Istanbul:" in screen
    for leak in ("length of the meeting", "citation", "notes:", "was:", "minutes"):
        assert leak not in screen, leak
    brief = brief_lines(build_story(dataset, diff))
    assert len(brief) <= 12
    ids = {p.id for p in (*diff.added, *diff.removed, *diff.unchanged)} | {c.id for c in diff.changed}
    assert not any(re.search(rf"\b{re.escape(i)}\b", line) for i in ids if "-" in i for line in brief)
    assert "6,000 bodies" in "\n".join(brief) and "Ukraine and Russia agreed" in "\n".join(brief)
    assert not any("\x1b" in line or "**" in line for line in brief)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "brief"])
def test_bundled_may_to_june_golden(fmt: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled comparison as a journalist reads it; both rounds named, so a later round
    added to the data does not change it."""
    from tracker.loader import bundled_data_dir

    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data", str(bundled_data_dir()), "diff", MAY, JUNE, "--format", fmt]) == 0
    output = capsys.readouterr().out
    assert "\x1b" not in output
    suffix = {"text": "txt", "markdown": "md", "json": "json", "brief": "txt"}[fmt]
    golden(request, f"bundled/diff-{fmt}.{suffix}", output)


@pytest.mark.parametrize(
    ("extra", "section", "said"),
    [
        ("", "first_on_record", "First on record from Russia (offer): "),
        ("    put_forward: 2025-05-20\n", "new", "New from Russia (offer): "),
        ("    put_forward: 2025-05-16\n", "first_on_record", "First on record from Russia (offer): "),  # at the round: not new since
        ("    put_forward: 2025-05-20\n    carried_from: 2025-05-16-istanbul\n", "first_on_record", "First on record from Russia"),
    ],
)
def test_a_position_is_new_only_when_the_data_says_so(data_dir: Path, extra: str, section: str, said: str) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    anchor = "    summary: Short local ceasefires to collect the dead.\n"
    path.write_text(text.replace(anchor, anchor + extra, 1))
    dataset = load_dataset(data_dir)
    diff = compare_rounds(dataset, MAY, JUNE)
    story = build_story(dataset, diff)
    item = next(i for i in story.items if i.id == "local-ceasefire")
    assert item.section.value == section and item.text.startswith(said)
    document = diff_document(of_diff(dataset, diff))
    assert next(a for a in document["added"] if a["id"] == "local-ceasefire")["novelty"] == section
    assert ("\n### New\n" in diff_markdown(of_diff(dataset, diff))) == (section == "new")


def test_every_field_a_change_can_name_reads_as_words() -> None:
    from tracker.model import Position
    from tracker.report.changes import field_label

    raw = {name: field_label(name) for name in Position.model_fields if "_" in field_label(name)}
    assert raw == {}
