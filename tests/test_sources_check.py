"""`tracker validate` checks quotes and figures against the curator's own copies of the sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit

from tracker.cli import main
from tracker.loader import load_dataset
from tracker.provenance import check, normalise, sources_folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def party_file(root: Path) -> Path:
    return next(root.glob("rounds/*/party-a.yaml"))


def test_everything_checkable_is_checked_and_counted(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 0
    assert f"sources: 1 quote and 2 figures checked against the texts in {talks / 'sources'}" in out


def test_a_misquote_is_reported_with_the_closest_passage(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(party_file(talks), "starting at once", "starting right away")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    [line] = [l for l in out.splitlines() if "error" in l]
    assert ":16:16: error: positions[0].evidence[0].quote: quote not found in the text of 'example-report' (example-report.txt)" in line
    assert "the closest passage: '\"We propose a 30-day ceasefire, starting at once,\"'" in line


def test_typographic_quotes_dashes_and_spacing_do_not_count(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = talks / "sources" / "example-report.txt"
    edit(text, '"We propose a 30-day ceasefire, starting at once,"', "\u201cWe propose a 30\u2011day\nceasefire,  starting at once,\u201d")
    edit(party_file(talks), "quote: We propose", "quote: \u2018We propose")
    edit(party_file(talks), "starting at once", "starting at once\u2019")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1  # the quote marks the curator added are not in the text: still a miss
    edit(party_file(talks), "quote: \u2018We propose", "quote: We propose")
    edit(party_file(talks), "starting at once\u2019", "starting at once")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 0, out


def test_an_elision_stands_for_words_left_out_in_order(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(party_file(talks), "quote: We propose a 30-day ceasefire, starting at once", "quote: We propose a 30-day ceasefire [...] at once")
    assert run(capsys, "--data", str(talks), "validate")[0] == 0
    edit(party_file(talks), "quote: We propose a 30-day ceasefire [...] at once", "quote: at once ... We propose")
    assert run(capsys, "--data", str(talks), "validate")[0] == 1  # the parts are there, but not in that order


def test_a_figure_wording_not_in_its_sources_is_an_error_and_case_is_free(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    round_file = next(talks.glob("rounds/*/round.yaml"))
    edit(round_file, "raw: two hours", "raw: Two Hours")
    assert run(capsys, "--data", str(talks), "validate")[0] == 0
    edit(round_file, "raw: Two Hours", "raw: two full hours")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "duration.raw: `raw` wording not found in the text of 'example-report'" in out


def test_a_source_with_a_url_only_is_counted_not_checked(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(talks / "sources.yaml", "    file: example-report.txt  # sources/example-report.txt\n    # url:", "    url:")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 0
    assert "sources: nothing checked against the texts in" in out
    assert "1 quote and 2 figures not checked: no local text" in out


def test_a_missing_local_text_is_an_error_at_its_entry(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (talks / "sources" / "example-report.txt").unlink()
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert f"sources.yaml:12:11: error: sources[0].file: 'example-report.txt' is not in the sources folder ({talks / 'sources'})" in out
    assert "not checked: its local text is missing" in out


def test_a_file_outside_the_sources_folder_is_never_read(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("We propose a 30-day ceasefire, starting at once. The password is hunter2.\n")
    edit(talks / "sources.yaml", "file: example-report.txt", "file: ../../secret.txt")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "'../../secret.txt' is outside the sources folder" in out
    (talks / "sources" / "link.txt").symlink_to(secret)
    edit(talks / "sources.yaml", "file: ../../secret.txt", "file: link.txt")
    edit(party_file(talks), "starting at once", "and the password is")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "hunter2" not in out and "'link.txt' is outside the sources folder" in out


def test_the_folder_comes_from_the_option_then_the_environment_then_the_catalogue(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "copies"
    elsewhere.mkdir()
    (elsewhere / "example-report.txt").write_text("Nothing of the sort.\n")
    assert sources_folder(talks / "sources") == (talks / "sources", "`texts` in the source catalogue")
    monkeypatch.setenv("TRACKER_SOURCES", str(elsewhere))
    assert sources_folder(talks / "sources")[0] == elsewhere
    assert run(capsys, "--data", str(talks), "validate")[0] == 1  # checked against the other copy
    assert run(capsys, "--data", str(talks), "validate", "--sources", str(talks / "sources"))[0] == 0
    code, _, err = run(capsys, "--data", str(talks), "validate", "--sources", str(tmp_path / "nowhere"))
    assert code == 2 and "sources folder not found" in err


def test_without_a_sources_folder_it_says_nothing_was_checked(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    code, out, _ = run(capsys, "--data", str(data_dir), "validate")
    assert code == 0
    assert "sources: quotes and figures not checked: no sources folder" in out


def test_a_file_with_schema_errors_still_has_its_quotes_checked(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(party_file(talks), "kind: proposal", "kind: proposl")
    edit(party_file(talks), "starting at once", "starting tomorrow")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "positions[0].kind: 'proposl' is not one of" in out
    assert "positions[0].evidence[0].quote: quote not found" in out


def test_the_check_is_a_core_function(talks: Path) -> None:
    dataset = load_dataset(talks)
    report = check(talks, dataset.sources, dataset.texts, dataset.sources_file)
    assert (report.problems, report.warnings) == ([], [])
    assert report.checked == {"quote": 1, "figure": 2}
    assert normalise("\u201cIt\u2019s  a\u00a0two\u2013day\u201d") == "\"It's a two-day\""


def test_a_figure_whose_sources_are_not_all_at_hand_is_counted_not_failed(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The words may be in a cited source without a local text: not checked, never an error."""
    (talks / "sources.yaml").write_text((talks / "sources.yaml").read_text() + "  - id: web-report\n    outlet: Web\n    title: A web report\n    published: 2026-01-02\n    url: https://example.org/report\n")
    round_file = next(talks.glob("rounds/*/round.yaml"))
    edit(round_file, "raw: two hours  #", "raw: two hours of talks  #")
    edit(round_file, "evidence:\n  - source: example-report\n    note: The delegations", "evidence:\n  - source: web-report\n  - source: example-report\n    note: The delegations")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 0, out  # the words are not in the local text, but may be in the web report's
    assert "duration.raw" not in out
    assert "1 figure not checked: no local text" in out


@pytest.mark.parametrize("texts", ["../../secrets", "/", "../../../../../../../../"])
def test_a_texts_folder_outside_the_data_is_refused_and_never_read(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], texts: str) -> None:
    """A pull request's catalogue cannot point the check at ~/.ssh and have a key quoted back."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "id_ed25519").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ THE-END-OF-THE-KEY\n")
    file = "id_ed25519" if texts.startswith("..") and "secrets" in texts else str(secrets / "id_ed25519").lstrip("/")
    edit(talks / "sources.yaml", "texts: sources", f"texts: {texts}")
    edit(talks / "sources.yaml", "file: example-report.txt", f"file: {file}")
    edit(party_file(talks), "starting at once", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ THE-END")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert f"sources.yaml:6:8: error: texts: {texts!r} names a folder outside the catalogue's folder" in out
    assert "b3BlbnNz" not in out.replace("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ THE-END", "")
    assert "OPENSSH" not in out and "closest passage" not in out


def test_a_texts_folder_linked_outside_the_data_is_refused(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "example-report.txt").write_text("Nothing like the quote. OPENSSH secret.\n")
    (talks / "linked").symlink_to(elsewhere)
    edit(talks / "sources.yaml", "texts: sources", "texts: linked")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "error: texts: 'linked' is a link to a folder outside the catalogue's folder" in out
    assert "OPENSSH" not in out
    (talks / "linked").unlink()
    (talks / "linked").symlink_to(talks / "sources")  # a link that stays inside is followed
    assert run(capsys, "--data", str(talks), "validate")[0] == 0


def test_the_closest_passage_is_an_excerpt(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = talks / "sources" / "example-report.txt"
    edit(text, "starting at once,", "starting at once, " + " ".join(f"word{i}" for i in range(100)))
    edit(party_file(talks), "quote: We propose a 30-day ceasefire, starting at once", "quote: We propose a 30-day ceasefire, starting at once " + " ".join(f"word{i}" for i in range(99)) + " nope")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    [passage] = [line.split("the closest passage: ", 1)[1] for line in out.splitlines() if "the closest passage" in line]
    assert passage.startswith("'\"We propose a 30-day") and len(passage) <= 60 + 3, passage


@pytest.mark.parametrize("spelling", ['"texts": sources', "? texts\n: sources", "\ufefftexts: sources"])
def test_a_cached_load_never_skips_the_check_a_fresh_run_makes(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    """Whether the quotes are checked is the parsed catalogue's answer, however `texts` is written."""
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    catalogue = talks / "sources.yaml"
    body = catalogue.read_text(encoding="utf-8").split("texts: sources", 1)[1].split("\n", 1)[1]
    catalogue.write_text(f"{spelling}\n{body}", encoding="utf-8")
    assert run(capsys, "--data", str(talks), "validate")[0] == 0
    edit(party_file(talks), "starting at once", "starting right away")
    for _ in range(2):
        code, out, _ = run(capsys, "--data", str(talks), "validate")
        assert code == 1 and "quote not found" in out, out


def test_the_quote_check_reads_no_file_the_loader_refuses(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A party file linked out of the data directory is refused by the loader; the quote check
    uses the same reader and rule, so a value in it (a token as `speaker:`) is never printed."""
    token = "ghp_" + "TOKEN0123456789" * 7
    party = party_file(talks)
    outside = tmp_path / "outside.yaml"
    outside.write_text(party.read_text().replace("speaker: Jane Doe", f"speaker: {token}"))
    party.unlink()
    party.symlink_to(outside)
    code, out, err = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "outside the data directory: not followed" in out
    assert "TOKEN0123" not in out + err


def test_a_round_folder_linked_out_of_the_data_directory_is_not_listed(talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = next(talks.glob("rounds/*"))
    outside = tmp_path / "elsewhere"
    folder.rename(outside)
    (outside / "private-notes-of-the-user.yaml").write_text("x: 1\n")
    folder.symlink_to(outside)
    code, out, err = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert f"{folder.name}:1:1: error: a link to a folder outside the data directory: not followed" in out
    assert "private-notes" not in out + err and "party-a" not in out + err


def test_a_long_value_is_quoted_as_an_excerpt_in_every_message(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_raw = "31 days " + "and more words " * 400
    edit(party_file(talks), "raw: 30-day", f"raw: {long_raw}")
    edit(party_file(talks), "speaker: Jane Doe", "speaker: " + "Someone " * 20 + "Else")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "does not agree with `raw`: '31 days and more" in out
    assert "characters)" in out
    assert all(len(line) < 400 for line in out.splitlines()), max(out.splitlines(), key=len)


@pytest.fixture
def every_kind(talks: Path) -> Path:
    """`talks` with a quote in the chair's evidence and in a delegation's, and a figure whose
    sources disagree, each claim in its own source's words: every kind of citation checked."""
    (talks / "sources.yaml").write_text((talks / "sources.yaml").read_text() + "  - id: second-report\n    outlet: Second\n    title: A second report\n    published: 2026-01-02\n    file: second-report.txt\n")
    (talks / "sources" / "second-report.txt").write_text('The talks ran for three hours, Second says. "The talks were useful," the Mediator said.\n"We are ready to meet again," said Jane Doe.\n')
    round_file = next(talks.glob("rounds/*/round.yaml"))
    edit(round_file, "  evidence:\n    - source: example-report\ndelegations:", "  evidence:\n    - source: second-report\n      speaker: The Mediator\n      quote: The talks were useful\ndelegations:")
    edit(round_file, "      - source: example-report\n        note: Jane Doe led", "      - source: second-report\n        speaker: Jane Doe\n        quote: We are ready to meet again\n      - source: example-report\n        note: Jane Doe led")
    edit(round_file, "  value: 120\n  unit: minutes\n  raw: two hours", "  unit: minutes\n  claims:\n    - {source: example-report, value: 120, raw: two hours}\n    - {source: second-report, value: 180, raw: three hours}\n  raw: two hours")
    return talks


def _source_check(root: Path):
    dataset = load_dataset(root)
    return check(root, dataset.sources, dataset.texts, dataset.sources_file)


def test_every_kind_of_quote_and_claim_is_checked_and_counted(every_kind: Path) -> None:
    report = _source_check(every_kind)
    assert (report.problems, report.warnings) == ([], [])
    # The position's quote, the chair's, the delegation's; the position's figure, the
    # duration's own words and each of its two claims.
    assert report.checked == {"quote": 3, "figure": 4}


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("quote: The talks were useful", "quote: The talks were fruitful", "chair.evidence[0].quote"),
        ("quote: We are ready to meet again", "quote: We are ready to sign", "delegations[0].evidence[0].quote"),
        ("raw: three hours}", "raw: four hours}", "duration.claims[1].raw"),
    ],
)
def test_a_miss_in_any_kind_of_citation_is_an_error_at_its_field(every_kind: Path, old: str, new: str, field: str) -> None:
    edit(next(every_kind.glob("rounds/*/round.yaml")), old, new)
    if "hours" in new:  # keep the figure agreeing with its own words: only the source check may object
        edit(next(every_kind.glob("rounds/*/round.yaml")), "value: 180, raw: four hours", "value: 240, raw: four hours")
    report = _source_check(every_kind)
    assert [p.field for p in report.problems] == [field]


def test_a_quote_must_be_in_its_source_in_the_same_case(talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README: 'a quote must be in the text word for word, in the same case' (a figure's
    words need not be: see above)."""
    edit(party_file(talks), "quote: We propose a 30-day ceasefire", "quote: we propose a 30-day Ceasefire")
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 1
    assert "positions[0].evidence[0].quote: quote not found in the text of 'example-report'" in out


def test_validate_parses_each_file_once(talks: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The quotes are checked on the documents the load parsed, not on a second parse of each file."""
    from collections import Counter

    from tracker import yamlread

    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    parsed: Counter[str] = Counter()
    real = yamlread.parse_yaml

    def counted(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed[text] += 1
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yamlread, "parse_yaml", counted)
    code, out, _ = run(capsys, "--data", str(talks), "validate")
    assert code == 0 and "2 figures checked" in out
    assert len(parsed) >= 4  # parties, topics, sources, a round file and a party file
    assert max(parsed.values()) == 1, [text[:60] for text, n in parsed.items() if n > 1]


def test_a_chair_or_delegation_quote_without_a_local_text_is_counted_unchecked(every_kind: Path) -> None:
    sources = every_kind / "sources.yaml"
    sources.write_text(sources.read_text().replace("    file: second-report.txt\n", "    url: https://example.org/second\n"))
    report = _source_check(every_kind)
    assert report.problems == []
    assert report.checked == {"quote": 1, "figure": 3}  # the position's quote; its figure, the duration's words, one claim
    assert sum(n for (what, _), n in report.unchecked.items() if what == "quote") == 2
    assert sum(n for (what, _), n in report.unchecked.items() if what == "figure") == 1
