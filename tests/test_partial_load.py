"""A comparison reads the two rounds it compares, and tells exactly what a whole load tells.

Without the load cache, `tracker diff` reads in full only the party files of the rounds it
compares (loader.load_dataset's `only`); of the others it reads their round.yaml, the ids of
their positions from their lines (tracker.id_scan), and a party file only when the report shows
a position of it (a condition pointing at an earlier round). These tests hold the output to a
whole load's, byte for byte, in every format and for every pair of rounds.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tracker import loader, reading
from tracker.cli import main
from tracker.dataset import UnreadRound
from tracker.id_scan import position_ids
from tracker.loader import load_dataset
from tracker.model import PositionRef
from tracker.report.formats import choices

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "positions"
FORMATS = choices("diff")


def diff_output(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data", str(root), "diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


# The bundled data's whole load, made once per process: it is only the reference the partial
# loads are held to (those are made afresh every time), and the bundled files never change.
_BUNDLED_WHOLE: list = []


@pytest.fixture
def whole_loads(monkeypatch: pytest.MonkeyPatch):
    """Every load reads every round, as before comparisons read only theirs."""
    original = loader.load_dataset

    def whole(root, overrides=None, documents=None, only=None):
        if overrides or documents or Path(root).resolve() != BUNDLED.resolve():
            return original(root, overrides, documents)
        if not _BUNDLED_WHOLE:
            _BUNDLED_WHOLE.append(original(root))
        return _BUNDLED_WHOLE[0]

    def use(on: bool) -> None:
        monkeypatch.setattr(loader, "load_dataset", whole if on else original)

    return use


def same_as_whole(capsys, whole_loads, root: Path, *args: str, compared: tuple[str, ...] = ()) -> str:
    """The diff's output read as it is and with a whole load: the same. With `compared`, the
    rounds the diff reads: then the warnings on stderr are of those rounds' files only (the
    others are not read), the rest the same."""
    whole_loads(False)
    partial = diff_output(capsys, root, *args)
    whole_loads(True)
    full = diff_output(capsys, root, *args)
    whole_loads(False)
    if not compared:
        assert partial == full, args
        return partial[1]
    assert partial[:2] == full[:2], args
    warned = re.findall(r"rounds/([^/]+)/[^/:]+\.yaml:\d+:\d+: warning", partial[2])
    assert warned and set(warned) <= set(compared)
    return partial[1]


def _pairs(rounds: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Every pair of neighbouring rounds once, in turn forward and backward, the last pair both
    ways, and the first round with the middle and the last: every round is compared with each of
    its neighbours, and across the record, at half the cost of each pair both ways and without
    the square of the rounds that every pair would cost as the record grows. In three runs, so
    that no one test holds a worker for long."""
    forward = [(a, b) for a, b in zip(rounds, rounds[1:])]
    return {
        "forward": list(dict.fromkeys([*forward[::2], forward[-1]])),
        "backward": list(dict.fromkeys([(b, a) for a, b in [*forward[1::2], forward[-1]]])),
        "across": [(rounds[0], rounds[-1]), (rounds[0], rounds[len(rounds) // 2])],
    }


SAMPLE_EVERY = 4


def sampled(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every SAMPLE_EVERY-th pair and the last: what a report of a pair draws from a partial load
    is held for every pair by the JSON (--all, each pair forward or backward); the other formats
    only render it, so a bounded sample holds them without a cost that grows with
    every round the record gains."""
    return list(dict.fromkeys([*pairs[::SAMPLE_EVERY], pairs[-1]]))


@pytest.mark.parametrize("pairs", ["forward", "backward", "across"])
def test_every_round_compared_is_told_as_a_whole_load_tells_it(capsys, whole_loads, pairs: str) -> None:
    rounds = list(load_dataset(BUNDLED).rounds)
    assert len(rounds) >= 3
    every = _pairs(rounds)
    neighbours = set(zip(rounds, rounds[1:]))
    assert {*every["forward"], *((a, b) for b, a in every["backward"])} == neighbours
    assert every[pairs]
    for first, second in every[pairs]:  # JSON holds everything the story and the changes say
        assert same_as_whole(capsys, whole_loads, BUNDLED, first, second, "--format", "json", "--all")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_pair_of_neighbouring_rounds_in_each_format_is_told_as_a_whole_load_tells_it(capsys, whole_loads, fmt: str) -> None:
    rounds = list(load_dataset(BUNDLED).rounds)
    assert len(FORMATS) >= 5
    assert same_as_whole(capsys, whole_loads, BUNDLED, "--format", fmt)
    if fmt == "json":
        return  # its neighbours, with --all, are the forward and backward pairs of the test above
    for first, second in sampled(list(zip(rounds, rounds[1:]))):
        assert same_as_whole(capsys, whole_loads, BUNDLED, first, second, "--format", fmt, "--all")


def test_a_comparison_narrowed_by_party_or_topic_is_told_as_a_whole_load_tells_it(capsys, whole_loads) -> None:
    assert same_as_whole(capsys, whole_loads, BUNDLED, "june", "third", "--party", "russia")
    assert same_as_whole(capsys, whole_loads, BUNDLED, "--party", "ukraine", "--topic", "ceasefire", "--format", "markdown")


def test_a_usage_problem_is_said_as_before(capsys, whole_loads) -> None:
    for args in (["nowhere"], ["may", "nowhere"], ["2025"]):
        whole_loads(False)
        partial = diff_output(capsys, BUNDLED, *args)
        whole_loads(True)
        assert partial == diff_output(capsys, BUNDLED, *args)
        assert partial[0] == 2 and partial[2]


def _drop(text: str, position_id: str) -> str:
    """A party file's text without one position."""
    start = text.index(f"  - id: {position_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return text[:start] + (text[end + 1 :] if end != -1 else "")


@pytest.fixture(scope="module")
def corpus_with_a_return(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A generated corpus of four rounds where a position of the first is off the record at the
    third and back at the fourth: the diff of the last two must call it back after a gap."""
    sys.path.insert(0, str(REPO / "bench"))
    import make_corpus

    root = tmp_path_factory.mktemp("corpus") / "c"
    make_corpus.make_corpus(root, rounds=4, parties=3, positions=40, seed=3)
    dataset = load_dataset(root)
    first, _, third, fourth = dataset.rounds
    every = [data.keys() for data in dataset.rounds.values()]
    referred = {
        (ref.party or p.party, ref.position)
        for data in dataset.rounds.values()
        for p in data.positions
        for ref in [*p.responds_to, *p.conditions]
        if isinstance(ref, PositionRef)
    }
    party, position_id = next(
        key for key in sorted(every[0] & every[2] & every[3]) if key[0] != "joint" and key not in referred
    )
    path = dataset.rounds[third].files[party]
    path.write_text(_drop(path.read_text(encoding="utf-8"), position_id), encoding="utf-8")
    assert (party, position_id) not in load_dataset(root).rounds[third].keys()
    return root, third, fourth


def party_files_read(monkeypatch) -> list[Path]:
    """The party files the loader reads from now on, in order (a list it keeps adding to)."""
    read: list[Path] = []
    original = reading.Loader._party_file

    def recorded(self, path, party, round_id):
        read.append(path)
        return original(self, path, party, round_id)

    monkeypatch.setattr(reading.Loader, "_party_file", recorded)
    return read


def test_a_position_back_after_a_gap_is_found_without_reading_the_earlier_rounds(capsys, whole_loads, corpus_with_a_return, monkeypatch) -> None:
    root, third, fourth = corpus_with_a_return
    read = party_files_read(monkeypatch)
    both = (third, fourth)
    text = same_as_whole(capsys, whole_loads, root, "--format", "text", "--all", compared=both)
    assert "back after a gap" in text
    for fmt in FORMATS:
        assert same_as_whole(capsys, whole_loads, root, "--format", fmt, compared=both)

    # Of the rounds not compared, a party file is read only for a position the report shows.
    read.clear()
    dataset = load_dataset(root, only=lambda _: {third, fourth})
    assert {p.parent.name for p in read} == {third, fourth}
    earlier = [data for rid, data in dataset.rounds.items() if rid not in (third, fourth)]
    assert earlier and all(isinstance(data, UnreadRound) and not data.is_read for data in earlier)
    whole = load_dataset(root)
    assert all(dataset.rounds[rid].keys() == whole.rounds[rid].keys() for rid in whole.rounds)
    assert all(not data.is_read for data in earlier)  # the keys came from the files' lines


def test_an_unread_round_with_problems_is_reported_when_a_report_reads_it(capsys, data_dir: Path) -> None:
    rounds = sorted(p.name for p in (data_dir / "rounds").iterdir())
    later = data_dir / "rounds" / rounds[1] / "russia.yaml"
    earlier = data_dir / "rounds" / rounds[0] / "russia.yaml"
    broken = earlier.read_text(encoding="utf-8").replace("kind: ", "kind: ofer-", 1)
    earlier.write_text(broken, encoding="utf-8")
    code, out, err = diff_output(capsys, data_dir, rounds[1], rounds[1])  # the earlier round is not read
    assert code == 0 and "ofer" not in err
    # A condition of the later round pointing into the broken file: its position is shown, so read.
    text = later.read_text(encoding="utf-8")
    first_id = re.search(r"^  - id: (\S+)", earlier.read_text(encoding="utf-8"), re.MULTILINE)[1]
    text = text.replace("\n    topic:", f"\n    conditions:\n      - {{position: {first_id}, round: {rounds[0]}}}\n    topic:", 1)
    later.write_text(text, encoding="utf-8")
    code, out, err = diff_output(capsys, data_dir, rounds[0], rounds[1])
    assert code == 2 and re.search(r"russia\.yaml:\d+:\d+: error: .*ofer", err)



def test_an_unread_round_read_after_the_load_raises_its_own_problems(data_dir: Path) -> None:
    from tracker.problems import DataError

    rounds = sorted(p.name for p in (data_dir / "rounds").iterdir())
    earlier = data_dir / "rounds" / rounds[0] / "russia.yaml"
    earlier.write_text(earlier.read_text(encoding="utf-8").replace("kind: ", "kind: ofer-", 1), encoding="utf-8")
    dataset = load_dataset(data_dir, only=lambda _: [rounds[1]])  # the earlier round's problems not yet read
    unread = dataset.rounds[rounds[0]]
    assert isinstance(unread, UnreadRound) and not unread.is_read
    with pytest.raises(DataError) as info:
        _ = unread.positions
    assert [p.file.name for p in info.value.problems] == ["russia.yaml"]
    assert "ofer" in info.value.problems[0].message


# --- the ids from the lines -------------------------------------------------------------------


def yaml_ids(text: str) -> list[str]:
    value = yaml.safe_load(text) or {}
    return [item["id"] for item in value.get("positions") or []]


PLAIN = """# a comment
positions:
  - id: first-one
    topic: ceasefire
    summary: >-
      A text over
      two lines, with 'quotes' and "quotes" closed and [a list] too.
    evidence:
      - source: a   # a comment
        quote: "closed"

  # between items
  - id: second_one  # its comment
    conditions: [a, b]
    notes: |
      - id: not-an-item
notes: >-
  about the file
  - id: not-an-item-either
"""

# Texts whose lines could be taken for items they are not, or whose ids YAML reads otherwise:
# the lines are not trusted (None), the file is read in full.
UNTRUSTED = [
    PLAIN.replace('quote: "closed"', 'quote: "open\n  - id: inside-a-quote\n    "'),
    PLAIN.replace('quote: "closed"', 'quote: "open\\\n  - id: after-an-escaped-break\n    "'),
    PLAIN.replace("summary: >-", "summary: 'a\n  - id: inside-single-quotes\n    '"),
    PLAIN.replace("conditions: [a, b]", "conditions: [a,\n  - id: inside-a-list\n  ]"),
    PLAIN.replace("conditions: [a, b]", "conditions: [a, [b]\n  - id: inside-a-nested-list\n  ]"),
    PLAIN.replace("conditions: [a, b]", 'conditions: [x, "]", [y]\n  - id: behind-a-quoted-bracket\n  ]'),
    PLAIN.replace("conditions: [a, b]", "conditions: {a: 1,\n  - id: inside-a-map\n  }"),
    "notes: \"a\npositions:\n  - id: fake\n\"\npositions:\n  - id: real\n",
    "positions: x\n  - id: continues-a-text\n",
    "positions:\n  - id: yes\n",
    "positions:\n  - id: 2025-06-02\n",
    "positions:\n  - id: 10\n",
    "positions:\n  - id: Not-A-Slug\n",
    "positions:\n  - id: " + "x" * 81 + "\n",
    "positions:\n  - topic: x\n    id: second-key\n",
    "positions:\n  - id: one\n     continued\n",
    "positions:\n- id: no-indent\n",
    "positions:\n  - id: one\n- id: less-indented\n",
    "positions:\n\t- id: tab\n",
    "positions:\r\n  - id: crlf\r\n",
    "positions:\n  - id: one\u2028  - id: a-unicode-break\n",
    "---\npositions:\n  - id: one\n",
    "%YAML 1.1\n---\npositions:\n  - id: one\n",
    "positions:\n  - id: one\n---\npositions:\n  - id: two\n",
    "positions:\n  - id: 'quoted'\n",
    "positions:\n  - id: &a anchored\n",
    "positions:\n  - id: !!str tagged\n",
    "positions:\n  - id: one\n  - two\n",
    "positions:\n  - {id: flow}\n",
    "positions: []\n",
    '"positions":\n  - id: quoted-key\n',
]
# Texts laid out plainly whose lines are trusted: the ids are YAML's.
TRUSTED = [
    PLAIN,
    "notes: |\n  - id: in-a-note\npositions:\n  - id: real\n",
    "positions:\n  - id: real\nnotes: |\n  - id: in-a-note\n",
    "positions:\n  - id: one\n    quote: Russia [will] withdraw, she said\n  - id: two  # a comment\n",
    "positions:\n",
    "positions:  # none yet\n  # none\n",
    "positions:\n    - id: deeper\n      topic: x\n\n    - id: a_b-1\n",
    "positions:\n  - id: 2nd-round\n  - id: 3-way\n",
]


def test_the_ids_from_the_lines_are_the_yaml_ids_or_none() -> None:
    assert position_ids(PLAIN) == ["first-one", "second_one"]
    for text in TRUSTED:
        assert position_ids(text) == yaml_ids(text), text
    assert position_ids(TRUSTED[3]) == ["one", "two"]
    for text in UNTRUSTED:
        assert position_ids(text) is None, text


def test_the_ids_of_the_bundled_and_generated_files_come_from_their_lines(corpus_with_a_return) -> None:
    root, _, _ = corpus_with_a_return
    files = [p for folder in (BUNDLED, root) for p in sorted((folder / "rounds").glob("*/*.yaml")) if p.name != "round.yaml"]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert position_ids(text) == yaml_ids(text), path


def test_a_file_whose_lines_are_not_trusted_is_read_alone_for_its_ids(corpus_with_a_return, tmp_path: Path, monkeypatch) -> None:
    source, third, fourth = corpus_with_a_return
    root = tmp_path / "c"
    shutil.copytree(source, root)
    first = sorted((root / "rounds").iterdir())[0]
    odd = next(path for path in sorted(first.glob("*.yaml")) if path.name != "round.yaml")
    odd.write_bytes(odd.read_bytes().replace(b"\n", b"\r\n"))  # the same YAML, other line breaks
    assert position_ids(odd.read_bytes().decode("utf-8")) is None
    read = party_files_read(monkeypatch)
    dataset = load_dataset(root, only=lambda _: {third, fourth})
    whole = load_dataset(root, only=lambda _: None)
    read.clear()
    assert all(dataset.rounds[rid].keys() == whole.rounds[rid].keys() for rid in whole.rounds)
    assert read == [odd]
