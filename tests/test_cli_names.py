"""What people type: rounds named as the app's palette names them, positions named the same way
by every command, called as a user types them."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tracker.cli import main
from tracker.loader import load_dataset
from tracker.round_names import FILLER, round_name, rounds_named

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


@pytest.fixture
def tracker(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """`tracker --data DIR ARGS` in the test process, as a user types it: its exit code, stdout and
    stderr. The names are the commands' own parsing; a real process would add only its start."""

    def run(data_dir: Path, *args: str, editor: str | None = None) -> SimpleNamespace:
        with monkeypatch.context() as env:
            env.delenv("VISUAL", raising=False)
            env.delenv("EDITOR", raising=False)
            if editor is not None:
                env.setenv("EDITOR", editor)
            capsys.readouterr()
            code = main(["--data", str(data_dir), *args])
            out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run


@pytest.mark.parametrize(
    ("names", "compared"),
    [
        (["may", "june"], (MAY, JUNE)),
        (["May", "2 June"], (MAY, JUNE)),
        (["first", "second"], (MAY, JUNE)),
        (["16 may 2025", "last"], (MAY, JUNE)),
        (["the first round", "jun"], (MAY, JUNE)),
    ],
)
def test_diff_takes_the_names_the_palette_finds_rounds_by(tracker, data_dir: Path, names: list[str], compared: tuple[str, str]) -> None:
    result = tracker(data_dir, "diff", *names, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["from"]["id"], document["to"]["id"]) == compared


def test_a_round_name_that_fits_several_or_none_says_so(tracker, data_dir: Path) -> None:
    result = tracker(data_dir, "show", "istanbul")
    assert result.returncode == 2
    assert result.stderr == f"tracker: round 'istanbul' is ambiguous: it could be {MAY}, {JUNE}\n"
    result = tracker(data_dir, "show", "august")
    assert result.returncode == 2
    assert "no round 'august'" in result.stderr and "words such as 'june', '2 june', 'third' or 'last'" in result.stderr


def test_every_word_of_the_palettes_name_of_a_round_finds_it(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert list(dataset.rounds) == [MAY, JUNE]
    for round_id in dataset.rounds:
        name = round_name(dataset, round_id)
        words = name.replace(",", " ").replace("(", " ").replace(")", " ").split()
        assert len(words) >= 6
        for word in [w for w in words if w not in FILLER]:  # "round" alone names none
            assert round_id in rounds_named(dataset, word), (word, name)
        assert rounds_named(dataset, name) == [round_id]


@pytest.mark.parametrize("named", ["ukraine/ceasefire-30-day", "Ukraine/ceasefire-30-day", "UA/ceasefire-30-day", "ceasefire-30-day"])
def test_show_and_edit_take_the_same_names_for_a_position(tracker, data_dir: Path, named: str) -> None:
    shown = tracker(data_dir, "show", "--id", named, "--format", "brief")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout.startswith("ukraine/ceasefire-30-day (")
    edited = tracker(data_dir, "edit", named, editor="true")
    assert (edited.returncode, edited.stdout) == (0, "no changes made\n"), edited.stderr


def test_edit_takes_the_round_by_name_and_the_party_by_its_short_name(tracker, data_dir: Path) -> None:
    edited = tracker(data_dir, "edit", "ceasefire-30-day", "--round", "may", "--party", "UA", editor="true")
    assert (edited.returncode, edited.stdout) == (0, "no changes made\n"), edited.stderr


def test_a_party_in_the_name_and_another_in_party_is_refused(tracker, data_dir: Path) -> None:
    result = tracker(data_dir, "edit", "ukraine/ceasefire-30-day", "--party", "russia", editor="true")
    assert result.returncode == 2
    assert result.stderr == "tracker: 'ukraine/ceasefire-30-day' names the party 'ukraine', but --party says russia\n"


def test_a_date_or_a_prefix_two_rounds_share_names_neither(data_dir: Path) -> None:
    from conftest import copy_round_as, edit

    edit(copy_round_as(data_dir, JUNE, "2025-06-02-ankara") / "round.yaml", "place: Istanbul", "place: Ankara")
    dataset = load_dataset(data_dir)
    for name in ("2025-06-02", "2025-06-02-", "2025-0"):
        with pytest.raises(LookupError, match=f"^round '{name}' is ambiguous: it could be 2025-"):
            dataset.resolve_round(name)
    assert dataset.resolve_round("2025-06-02-a") == "2025-06-02-ankara"


def test_a_prefix_of_several_ids_is_ambiguous_even_where_the_words_find_one_round() -> None:
    """'2' begins both ids, and is also the day of 2 June: an id is matched before words are."""
    from conftest import GOOD_DATA

    dataset = load_dataset(GOOD_DATA)
    assert rounds_named(dataset, "2") == [JUNE]
    with pytest.raises(LookupError, match=f"^round '2' is ambiguous: it could be {MAY}, {JUNE}$"):
        dataset.resolve_round("2")
