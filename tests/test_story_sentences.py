"""The story's sentences at their edges: who agreed when three parties did, a position with more
figures than a sentence carries, one that ends in an abbreviation, a figure the summary
already says, one that ends in a question or an exclamation, and a summary cut at its first
clause."""

from __future__ import annotations

from pathlib import Path

from conftest import append_to_june as _append, may_to_june_story as _story

from tracker.report.story import Section, brief_lines

MAY, JUNE = "2025-05-16-istanbul", "2025-06-02-istanbul"


def _item(data_dir: Path, position_id: str):
    [item] = [item for item in _story(data_dir).items if item.id == position_id]
    return item


def _us_and_talks_agreed_by(data_dir: Path, parties: str, definite: bool = False) -> None:
    """The United States added as a mediator, and a June agreement to meet again by `parties`."""
    path = data_dir / "parties.yaml"
    usa = "{id: usa, name: United States, short: US, role: mediator" + (", definite: true}" if definite else "}")
    path.write_text(path.read_text().rstrip("\n") + f"\n  - {usa}\n")
    path = data_dir / "rounds" / JUNE / "round.yaml"
    path.write_text(path.read_text().replace("agreements:\n", (
        "agreements:\n  - id: talks-go-on\n    topic: prisoners\n    kind: agreement\n"
        f"    parties: [{parties}]\n    summary: Meet again.\n    status: agreed\n"
        "    evidence:\n      - {source: src-a}\n"
    ), 1))  # fmt: skip


def test_three_parties_that_agreed_are_named_as_a_list(data_dir: Path) -> None:
    _us_and_talks_agreed_by(data_dir, "ukraine, russia, usa")
    item = _item(data_dir, "talks-go-on")
    assert item.section is Section.agreed
    assert item.who == "Ukraine, Russia and United States"
    assert item.text == "Ukraine, Russia and United States agreed: Meet again."


def test_a_sentence_counts_the_figures_it_leaves_to_the_details(data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    path.write_text(path.read_text().rstrip("\n") + "\n" + (
        "  - id: three-figures\n    topic: prisoners\n    kind: offer\n    summary: An exchange in stages.\n"
        "    quantities:\n      - {what: wounded, value: 100}\n      - {what: young, value: 200}\n      - {what: others, value: 300}\n"
        "    evidence:\n      - {source: src-b}\n"
    ))  # fmt: skip
    item = _item(data_dir, "three-figures")
    assert item.figures == ("100 wounded", "200 young", "300 others")
    assert item.text.endswith(": An exchange in stages — 100 wounded; 200 young; 1 more figure in the details.")


def test_a_sentence_that_ends_in_an_abbreviation_has_one_full_stop(data_dir: Path) -> None:
    _append(data_dir, "russia", (
        "  - id: civilians\n    topic: prisoners\n    kind: offer\n    summary: Release civilians.\n"
        "    quantities:\n      - {what: people, value: 1000, raw: 1000 etc.}\n    evidence:\n      - {source: src-b}\n"
    ))  # fmt: skip
    assert _item(data_dir, "civilians").text == "First on record from Russia (offer): Release civilians — people: 1000 etc."


def test_a_figure_the_summary_says_without_its_thousands_separator_is_not_said_twice(data_dir: Path) -> None:
    _append(data_dir, "russia", (
        "  - id: bodies\n    topic: remains\n    kind: offer\n    summary: Return 6000 bodies.\n"
        "    quantities:\n      - {what: bodies, value: 6000}\n    evidence:\n      - {source: src-b}\n"
    ))  # fmt: skip
    item = _item(data_dir, "bodies")
    assert item.figures == ()
    assert item.text == "First on record from Russia (offer): Return 6000 bodies."


def test_a_sentence_that_ends_in_a_question_or_an_exclamation_gets_no_full_stop(data_dir: Path) -> None:
    for position_id, summary in (("who-pays", "Who pays for the rebuilding?"), ("never", "Not one step back!")):
        _append(data_dir, "russia", f"  - id: {position_id}\n    topic: ceasefire\n    kind: demand\n    summary: {summary}\n    evidence:\n      - {{source: src-b}}\n")
    assert _item(data_dir, "who-pays").text == "First on record from Russia (demand): Who pays for the rebuilding?"
    assert _item(data_dir, "never").text == "First on record from Russia (demand): Not one step back!"


def test_a_name_that_takes_the_is_said_with_it_and_a_sentence_begins_with_a_capital(data_dir: Path) -> None:
    """'First on record from United States' and 'United States' proposal' read as a telegram:
    a party marked `definite` is 'the United States' in a sentence, and 'The' where it begins one."""
    _us_and_talks_agreed_by(data_dir, "usa, ukraine", definite=True)
    (data_dir / "rounds" / JUNE / "usa.yaml").write_text(
        "positions:\n  - id: more-talks\n    topic: prisoners\n    kind: proposal\n    summary: More talks.\n    evidence:\n      - {source: src-b}\n"
    )
    assert _item(data_dir, "talks-go-on").text == "The United States and Ukraine agreed: Meet again."
    assert _item(data_dir, "more-talks").text == "First on record from the United States (proposal): More talks."
    # A party heading in the story's sections begins with a capital as a sentence does.
    story = _story(data_dir)
    assert "The United States" in [who for who, _ in story.by_party(Section.first_on_record)]


def test_a_summary_is_cut_at_its_first_clause_from_twenty_characters_on() -> None:
    from tracker.report.words import first_clause

    # 'Exchange the wounded' is 20 characters: a clause long enough to say what the position is.
    assert first_clause("Exchange the wounded; and then all others.") == "Exchange the wounded"
    # One character shorter, it is too short to stand alone: the summary goes on.
    assert first_clause("Exchange the wounde; and then all others.") == "Exchange the wounde; and then all others"


def test_a_long_clause_is_cut_after_a_whole_phrase_not_mid_thought() -> None:
    from tracker.report.words import WHAT_MAX, first_clause

    # A comma in the second half of the limit ends the line with the phrase before it.
    framework = "Rejects Russia's insistence on going back to the 2022 Istanbul negotiating framework, " + "whose terms Kyiv sees as a capitulation " * 2
    assert first_clause(framework) == "Rejects Russia's insistence on going back to the 2022 Istanbul negotiating framework…"
    # No such comma: cut at a word, never after one that leads into what was cut ('sees as…'),
    # nor after a bare number ('with 20…'), and never past the limit.
    plain = "Kyiv and Moscow to swap prisoners under the deal of July in the defence ministry's own words and its own count with 20 civilians more"
    cut = first_clause(plain)
    assert cut == "Kyiv and Moscow to swap prisoners under the deal of July in the defence ministry's own words and its own count…"
    assert len(cut) <= WHAT_MAX + 1
    leading = "A meeting of the leaders " + "on the terms that Ukraine sees " * 3 + "as"
    assert not first_clause(leading + " final and more words after it").removesuffix("…").endswith((" as", " that", " the"))
    # Nor after a preposition of place or time ('reach Russia around…').
    schemes = "The United States to help shut the schemes by which foreign parts for Russia's missiles reach Russia around the sanctions of its allies"
    assert first_clause(schemes) == "The United States to help shut the schemes by which foreign parts for Russia's missiles reach Russia…"
    # A clause may end after a closing bracket: '(Medinsky, via TASS); five of …' is cut there.
    assert first_clause("A handover of 19 bodies to Russia (Medinsky, via TASS); five of them died in captivity.") == (
        "A handover of 19 bodies to Russia (Medinsky, via TASS)"
    )


def test_a_summary_of_exactly_the_limit_keeps_its_aside_and_is_not_cut() -> None:
    from tracker.report.words import WHAT_MAX, first_clause

    summary = "Exchange the wounded (the roadmap says at least 30) " + "and then all the others in stages " * 4
    summary = summary[:WHAT_MAX].rstrip() + "x" * (WHAT_MAX - len(summary[:WHAT_MAX].rstrip()))
    assert len(summary) == WHAT_MAX
    assert first_clause(summary) == summary
    # One character over, the aside goes first, and that is enough.
    assert first_clause(summary + "y") == " ".join((summary + "y").replace("(the roadmap says at least 30)", "").split())


def _june_exchange_done(data_dir: Path, status_by: str) -> None:
    """A June agreement of Ukraine and Russia reported carried out on 20 June, by `status_by`."""
    path = data_dir / "rounds" / JUNE / "round.yaml"
    path.write_text(path.read_text().replace("agreements:\n", (
        "agreements:\n  - id: wounded-swap\n    topic: prisoners\n    kind: agreement\n"
        "    parties: [ukraine, russia]\n    summary: Exchange the wounded.\n    status: implemented\n"
        f"    status_date: 2025-06-20\n{status_by}    evidence:\n      - {{source: src-a}}\n"
    ), 1))  # fmt: skip


def test_an_agreement_one_side_called_done_is_told_in_that_sides_account(data_dir: Path) -> None:
    """Only Russia called it done: the line says so, after the day and before who agreed it, in
    the sentence and in the detail every face shows."""
    _june_exchange_done(data_dir, "    status_by: [russia]\n")
    item = _item(data_dir, "wounded-swap")
    assert item.section is Section.carried_out
    assert item.detail == "carried out 20 June 2025, in Russia's account"
    assert item.text == "Carried out on 20 June 2025, in Russia's account, as agreed by Ukraine and Russia: Exchange the wounded."


def test_an_agreement_every_side_called_done_names_no_account(data_dir: Path) -> None:
    _june_exchange_done(data_dir, "    status_by: [russia, ukraine]\n")
    assert _item(data_dir, "wounded-swap").text == "Carried out on 20 June 2025, as agreed by Ukraine and Russia: Exchange the wounded."


def test_status_by_names_only_parties_to_a_carried_out_agreement(data_dir: Path) -> None:
    from tracker.loader import load_dataset
    from tracker.problems import DataError

    _june_exchange_done(data_dir, "    status_by: [turkey]\n")
    try:
        load_dataset(data_dir)
    except DataError as error:
        messages = [str(problem) for problem in error.problems]
    else:
        raise AssertionError("a status_by outside the parties loaded")
    assert any("`status_by` names turkey, not among the agreement's `parties`" in m for m in messages), messages


def test_a_reference_names_the_round_only_when_it_is_another_round(data_dir: Path) -> None:
    from tracker.loader import load_dataset
    from tracker.report.words import reference

    _append(data_dir, "russia", (
        "  - id: bodies-first\n    topic: prisoners\n    kind: precondition\n"
        "    summary: Hand over the bodies of the dead first; then talk of a ceasefire.\n"
        "    evidence:\n      - {source: src-b}\n"
    ))  # fmt: skip
    dataset = load_dataset(data_dir)
    position = dataset.rounds[JUNE].find(("russia", "local-ceasefire"))
    assert position is not None
    preconditions = "Russia's precondition “No ceasefire before mobilisation stops”"
    assert reference(dataset, position, {"position": "ceasefire-preconditions"}) == preconditions
    assert reference(dataset, position, {"position": "ceasefire-preconditions", "round": JUNE}) == preconditions
    assert reference(dataset, position, {"position": "ceasefire-preconditions", "round": MAY}) == f"{preconditions} at 16 May 2025, Istanbul"
    # In full, the summary follows only where the quoted clause is not all of it.
    assert reference(dataset, position, {"position": "ceasefire-preconditions"}, full=True) == preconditions
    assert reference(dataset, position, {"position": "bodies-first"}, full=True) == (
        "Russia's precondition “Hand over the bodies of the dead first”: Hand over the bodies of the dead first; then talk of a ceasefire."
    )


def test_an_agreement_first_reported_after_its_round_says_when(data_dir: Path) -> None:
    """Geneva's 500 for 500 was reported as agreed there on 5 March: its line says so, so that a
    reader does not take the round's own reports to have given it."""
    path = data_dir / "rounds" / JUNE / "round.yaml"
    path.write_text(path.read_text().replace("agreements:\n", (
        "agreements:\n  - id: later-swap\n    topic: prisoners\n    kind: agreement\n"
        "    parties: [ukraine, russia]\n    summary: Exchange 500 for 500.\n    status: agreed\n"
        "    status_reported: 2025-06-20\n    evidence:\n      - {source: src-a}\n"
    ), 1))  # fmt: skip
    item = _item(data_dir, "later-swap")
    assert item.section is Section.agreed
    assert item.text == "Ukraine and Russia agreed, as reported on 20 June 2025: Exchange 500 for 500."
    # The heading of a position (the timeline's cell, the full report) says it in the same words.
    from tracker.loader import load_dataset
    from tracker.report.status_words import position_status

    [swap] = [p for p in load_dataset(data_dir).rounds[JUNE].positions if p.id == "later-swap"]
    assert position_status(load_dataset(data_dir), swap) == "agreed, as reported on 20 June 2025"


def test_a_demand_the_other_side_refused_is_told_rejected_by_it_not_moved(data_dir: Path) -> None:
    """Russia's precondition, stated at both rounds, is refused at the second by Ukraine: its
    status changed, so it counts as moved in substance, but its sentence says who refused it,
    not that Russia moved."""
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    path.write_text(text.replace("    summary: No ceasefire before mobilisation stops.\n", "    summary: No ceasefire before mobilisation stops.\n    status: rejected\n", 1))
    path = data_dir / "rounds" / JUNE / "ukraine.yaml"
    path.write_text(path.read_text().rstrip("\n") + (
        "\n  - id: no-preconditions\n    topic: ceasefire\n    kind: rejection\n    summary: Rejects Russia's precondition.\n"
        "    responds_to:\n      - {party: russia, position: ceasefire-preconditions}\n    evidence:\n      - {source: src-a}\n"
    ))  # fmt: skip
    item = _item(data_dir, "ceasefire-preconditions")
    assert item.section is Section.moved
    assert item.text == "Russia's precondition rejected by Ukraine: No ceasefire before mobilisation stops (status: stated → rejected)."
    # One refusal, one line: Ukraine's rejection is not told again as new on its own.
    story = _story(data_dir)
    assert not [i for i in story.items if i.id == "no-preconditions"]
    assert all("Rejects Russia's precondition" not in line for line in brief_lines(story))
