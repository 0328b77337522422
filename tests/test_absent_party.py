"""A party that was not at the later round at all (no delegation, seat or statement on record):
its positions missing there are no difference ('Missing is not a difference'), and every face
says so instead of counting them as no longer on record."""

from __future__ import annotations

from pathlib import Path

from tracker.cli import main
from tracker.diff import compare_rounds
from tracker.loader import load_dataset
from tracker.report.story import build_story

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"
ABSENT = "Türkiye took no part in that round"
OFFER = "positions:\n  - id: host-again\n    topic: ceasefire\n    kind: offer\n    summary: Offers to host the next round.\n    evidence:\n      - {source: src-a}\n"


def _edit(data_dir: Path, round_id: str, old: str, new: str) -> None:
    path = data_dir / "rounds" / round_id / "round.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _turkey_in_may_only(data_dir: Path) -> None:
    """Türkiye states a position in May and has no seat, file or agreement in June."""
    (data_dir / "rounds" / MAY / "turkey.yaml").write_text(OFFER)
    _edit(data_dir, JUNE, "mediators: [turkey]\n", "")


def _tally(data_dir: Path):
    dataset = load_dataset(data_dir)
    return build_story(dataset, compare_rounds(dataset, MAY, JUNE)).tally


def test_a_party_absent_from_the_later_round_is_counted_apart(data_dir: Path) -> None:
    before = _tally(data_dir)
    _turkey_in_may_only(data_dir)
    tally = _tally(data_dir)
    assert (tally.absent, tally.not_on_record) == (1, before.not_on_record + 1)
    assert f"{before.not_on_record} no longer on record, 1 not on record because a party to it was not at the later round" in tally.words()


def test_a_mediator_at_the_round_that_said_nothing_on_record_is_not_absent(data_dir: Path) -> None:
    (data_dir / "rounds" / MAY / "turkey.yaml").write_text(OFFER)
    tally = _tally(data_dir)
    assert tally.absent == 0
    assert f"{tally.not_on_record} no longer on record" in tally.words()
    assert "not at the later round" not in tally.words()


def test_a_party_to_the_rounds_agreements_was_at_it(data_dir: Path) -> None:
    """Russia's June file gone, no delegation recorded: its June agreements still put it there."""
    (data_dir / "rounds" / JUNE / "russia.yaml").unlink()
    assert _tally(data_dir).absent == 0
    _edit(data_dir, JUNE, "parties: [ukraine, russia]", "parties: [ukraine]")
    _edit(data_dir, JUNE, "parties: [ukraine, russia]", "parties: [ukraine]")
    assert _tally(data_dir).absent > 0


def test_every_face_says_the_party_was_not_there(data_dir: Path, capsys) -> None:
    _turkey_in_may_only(data_dir)
    for fmt in ("text", "markdown", "html"):
        assert main(["--data", str(data_dir), "diff", MAY, JUNE, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert ABSENT in out, fmt
        assert "not at the later round" in out, fmt


def test_a_party_at_both_rounds_is_told_as_before(data_dir: Path, capsys) -> None:
    assert main(["--data", str(data_dir), "diff", MAY, JUNE]) == 0
    out = capsys.readouterr().out
    assert "took no part in that round" not in out
    assert "not at the later round" not in out


def test_a_joint_agreement_of_a_party_absent_from_the_later_round_is_no_difference(data_dir: Path, capsys) -> None:
    """An agreement Ukraine and Türkiye made in May, Türkiye not at the June round: the agreement
    could not have been made again there, so it is counted apart and every face names Türkiye.
    Joint agreements were always counted as no longer on record, their parties never named."""
    _turkey_in_may_only(data_dir)
    (data_dir / "rounds" / MAY / "turkey.yaml").unlink()
    before = _tally(data_dir)
    _edit(
        data_dir, MAY, "agreements:\n",
        "agreements:\n  - id: host-next-round\n    topic: ceasefire\n    kind: agreement\n    parties: [ukraine, turkey]\n"
        "    summary: Türkiye to host the next round.\n    status: agreed\n    evidence:\n      - {source: src-a}\n",
    )
    tally = _tally(data_dir)
    assert (tally.absent, tally.not_on_record) == (before.absent + 1, before.not_on_record + 1)
    for fmt in ("text", "markdown", "html"):
        assert main(["--data", str(data_dir), "diff", MAY, JUNE, "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert ABSENT in out, fmt


def test_the_compare_lists_column_says_the_party_took_no_part(data_dir: Path) -> None:
    """The app's list of changes said 'not on record' alone where every other face says the party
    took no part; its short form, for a narrow column under the round's name, says who took no
    part, which implies the rest ('not on record; Russia too…' was cut at the column's width)."""
    from tracker.report.words import not_on_record_words

    _turkey_in_may_only(data_dir)
    dataset = load_dataset(data_dir)
    [gone] = [p for p in compare_rounds(dataset, MAY, JUNE).removed if p.party == "turkey"]
    assert not_on_record_words(dataset, JUNE, gone, short=True) == "Türkiye took no part"
    assert not_on_record_words(dataset, JUNE, gone) == f"not on record at 2 June 2025, Istanbul; {ABSENT}"


def test_a_file_of_positions_puts_a_party_at_a_round_only_where_no_delegations_are_listed(data_dir: Path) -> None:
    """Türkiye's June file holds what it said from afar: where the round lists its delegations and
    Türkiye has none (and no seat), it was not there, as Ukraine was not at Anchorage whatever it
    said the next day. A round that lists no delegations is known only by its files."""
    from tracker.dataset import at_round

    _turkey_in_may_only(data_dir)
    (data_dir / "rounds" / JUNE / "turkey.yaml").write_text(OFFER.replace("host-again", "spoke-from-afar"))
    assert at_round(load_dataset(data_dir), JUNE, "turkey")
    _edit(data_dir, JUNE, "outcome:", "delegations:\n  - {party: ukraine, head: Rustem Umerov}\n  - {party: russia, head: Vladimir Medinsky}\noutcome:")
    dataset = load_dataset(data_dir)
    assert not at_round(dataset, JUNE, "turkey") and at_round(dataset, JUNE, "russia")
    assert _tally(data_dir).absent == 1


def test_an_agreement_made_away_from_a_round_that_lists_delegations_does_not_seat_its_parties(data_dir: Path) -> None:
    """Russia's June agreements put it at a round known only by what it holds; once the round
    lists who sat at the table and Russia is not among them, an agreement it made elsewhere (as
    with the United States in the call before Mar-a-Lago) does not seat it."""
    from tracker.dataset import at_round

    (data_dir / "rounds" / JUNE / "russia.yaml").unlink()
    assert at_round(load_dataset(data_dir), JUNE, "russia")
    _edit(data_dir, JUNE, "outcome:", "delegations:\n  - {party: ukraine, head: Rustem Umerov}\noutcome:")
    dataset = load_dataset(data_dir)
    assert not at_round(dataset, JUNE, "russia") and at_round(dataset, JUNE, "ukraine")


def test_a_position_of_a_party_absent_from_a_round_is_not_called_not_on_record_in_its_history(data_dir: Path) -> None:
    """The history of `tracker show --id` follows the same rule: where its party took no part,
    nothing is said; the line stays the one of the round it was last on record at."""
    from tracker.report.position_view import position_view

    _turkey_in_may_only(data_dir)
    dataset = load_dataset(data_dir)
    offer = dataset.rounds[MAY].by_key()[("turkey", "host-again")]
    assert [(h.words, h.step.value) for h in position_view(dataset, offer).history] == [("first on record", "first")]
