"""Provenance of the bundled dataset: every citation resolves and every quote is verbatim.

The source texts are not part of this repository. They live in the shared seeds folder beside
it (`<repo>/../shared/seeds/`); the checks that need them are skipped, with the reason, when
that folder is absent (set TRACKER_SEEDS to point at it from elsewhere). The quotes and figures
are checked by tracker.provenance, as `tracker validate --sources` checks a curator's: a
catalogued source with a `url` and no local `file` has no text here, so its quotes are counted,
not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import os
import re
import shutil
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from bundled_support import dataset as bundled_dataset

from tracker import provenance
from tracker.dataset import Dataset
from tracker.loader import bundled_data_dir
from tracker.provenance import fold_name, normalise
from tracker.model import Evidence, Kind, Position, Status

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("TRACKER_SEEDS") or REPO.parent / "shared" / "seeds")
"""The seed texts: beside the repository, or where TRACKER_SEEDS says (a git worktree elsewhere)."""
MAX_QUOTE_CHARS = 300  # "one sentence or two"
COPIED_RUN = 8  # this many consecutive words shared with a source is copying, not paraphrase

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"source texts not found: expected the shared seeds folder at {SEEDS}",
)


@dataclass(frozen=True)
class Citation:
    where: str
    source: str
    quote: str | None = None
    speaker: str | None = None
    raw: str | None = None
    """A claim's figure in the source's own words."""


def dataset() -> Dataset:
    return bundled_dataset()


@cache
def seed_text(file_name: str) -> str:
    return normalise((SEEDS / file_name).read_text(encoding="utf-8"))


def _evidence(where: str, items: list[Evidence]) -> Iterator[Citation]:
    for i, item in enumerate(items):
        yield Citation(f"{where} evidence[{i}]", item.source, item.quote, item.speaker)


def _claims(where: str, quantity) -> Iterator[Citation]:
    if quantity is None:
        return
    for i, claim in enumerate(quantity.claims):
        yield Citation(f"{where} {quantity.what!r} claims[{i}]", claim.source, None, claim.speaker, claim.raw)


def citations(data: Dataset) -> list[Citation]:
    """Every place the bundled data cites a source: positions, agreements and round facts."""
    found: list[Citation] = []
    for round_id, rd in data.rounds.items():
        rnd = rd.round
        found += _evidence(f"{round_id} round", list(rnd.evidence))
        found += _claims(f"{round_id} duration", rnd.duration)
        if rnd.chair is not None:
            found += _evidence(f"{round_id} chair", list(rnd.chair.evidence))
        for d in rnd.delegations:
            found += _evidence(f"{round_id} delegation {d.party}", list(d.evidence))
            found += _claims(f"{round_id} delegation {d.party} size", d.size)
        for position in rd.positions:
            where = f"{round_id} {position.party}/{position.id}"
            found += _evidence(where, list(position.evidence))
            for quantity in position.quantities:
                found += _claims(where, quantity)
    return found


# --- the normaliser can tell a quote from a near miss -------------------------------------


def test_normaliser_sets_aside_only_what_a_web_page_cannot_keep_steady() -> None:
    assert normalise("  We  agreed\n to\u00a0 exchange\t") == "We agreed to exchange"
    text = normalise("He said: \u201cIt didn\u2019t end negatively,\u201d and left.")
    # Typographic quotes and apostrophes, dashes and spacing are set aside ...
    assert "It didn't end negatively" in text and normalise("It didn\u2019t end\u00a0negatively") in text
    assert normalise("a 30\u2013day truce") == "a 30-day truce"
    assert normalise("a cease\u00adfire") == "a ceasefire"  # a soft hyphen: a line break's, invisible
    # ... a changed word or another case is not.
    assert "It didn't end badly" not in text
    assert "it didn't end negatively" not in text
    assert fold_name("Erdoğan") == fold_name("ERDOGAN")


def test_a_quote_is_found_in_order_from_the_texts_first_word() -> None:
    """The parts around an elision are found in turn, each after the one before, the first
    from the very start of the text (what mutmut found unheld in _quoted)."""
    text = "They said that we met in Istanbul"
    assert provenance._quoted("They said", text)
    assert not provenance._quoted("\u2026 words no source printed", text)  # an elision first leaves the rest to check
    assert not provenance._quoted("Istanbul \u2026 in", text)  # out of order, though close by
    assert provenance._quoted("we met \u2026 Istanbul", text + ", then we met again")  # the first 'we met', not the last


def test_the_closest_passage_starts_where_the_shared_words_line_up() -> None:
    """From a single word in common at the text's start; none when no word is shared or the
    text is empty; cut to the limit with an ellipsis, and whole when it is exactly the limit."""
    closest = provenance._closest
    assert closest("We said so", "We met in Istanbul") == "We met in"
    assert closest("nothing shared", "We met in Istanbul") == ""
    assert closest("anything", "") == ""
    assert closest("a b c", "a b c", limit=5) == "a b c"
    assert closest("a b c", "a b c", limit=4) == "a b\u2026"


# --- the data ------------------------------------------------------------------------------


def test_bundled_data_loads_and_cites_something() -> None:
    data = dataset()
    assert data.rounds, "the bundled dataset has no rounds"
    found = citations(data)
    assert found, "no citations found: the walk over the data is broken"
    assert any(c.quote for c in found), "no quotes found: the walk over the data is broken"


def test_every_cited_source_is_in_the_catalogue() -> None:
    data = dataset()
    missing = [f"{c.where}: {c.source}" for c in citations(data) if c.source not in data.sources]
    assert not missing, "sources not in seeds/sources.yaml:\n" + "\n".join(missing)


def test_every_cited_source_can_be_found() -> None:
    """A reader can find every cited source: by its address, or by its local document."""
    data = dataset()
    cited = {c.source for c in citations(data)} & set(data.sources)
    unfindable = sorted(s for s in cited if not data.sources[s].url and not data.sources[s].file)
    assert not unfindable, "cited sources with neither a `url` nor a `file`: " + ", ".join(unfindable)
    bad = sorted(
        f"{s}: {data.sources[s].url}"
        for s in cited
        if data.sources[s].url and not data.sources[s].url.startswith(("https://", "http://"))
    )
    assert not bad, "addresses that are not http(s):\n" + "\n".join(bad)


def test_quotes_are_short_and_have_a_speaker() -> None:
    bad = []
    for c in citations(dataset()):
        if c.quote is None:
            continue
        if not c.speaker:
            bad.append(f"{c.where}: quote without a speaker")
        if len(normalise(c.quote)) > MAX_QUOTE_CHARS:
            bad.append(f"{c.where}: quote longer than {MAX_QUOTE_CHARS} characters")
    assert not bad, "\n".join(bad)


def _target(data: Dataset, position: Position, ref) -> Position | None:
    round_id = ref.round or position.round
    party = ref.party or position.party
    rd = data.rounds.get(round_id)
    if rd is None:
        return None
    return next((p for p in rd.positions if p.party == party and p.id == ref.position), None)


def test_every_rejection_names_what_it_rejects_and_that_is_marked_rejected() -> None:
    """A rejection points at the position it refuses, and that position's status says so.

    Without the link the comparison cannot show a refusal beside the demand it answers; a
    refused demand left `stated` reads as still open.
    """
    data = dataset()
    problems = []
    for rd in data.rounds.values():
        for position in rd.positions:
            if position.kind is not Kind.rejection:
                continue
            where = f"{position.round} {position.party}/{position.id}"
            if not position.responds_to:
                problems.append(f"{where}: a rejection without `responds_to`")
            for ref in position.responds_to:
                target = _target(data, position, ref)
                if target is None:
                    problems.append(f"{where}: responds_to {ref.position!r} does not resolve")
                elif target.status is not Status.rejected:
                    problems.append(
                        f"{where}: rejects {target.party}/{target.id}, whose status is {target.status.value!r}"
                    )
    assert not problems, "\n".join(problems)


# --- own words: summaries and notes are not copied from a source -------------------------

QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')
"""Words a note puts in double quotation marks are marked as the source's, and not counted."""

OWN_WORDS_FIELDS = frozenset({"summary", "note", "notes", "outcome", "conditions"})


def words(text: str) -> list[str]:
    """Lower-case words, with punctuation and the kind of apostrophe folded away."""
    return re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", text.casefold().replace("\u2019", "'"))


def runs(text: str, length: int = COPIED_RUN) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def own_words(value, where: str) -> Iterator[tuple[str, str]]:
    """Every summary, note and outcome text under `value` (a model dump), with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in OWN_WORDS_FIELDS:
                for i, text in enumerate(item if isinstance(item, list) else [item]):
                    if isinstance(text, str):
                        yield f"{where}.{key}" + (f"[{i}]" if isinstance(item, list) else ""), text
            elif key not in ("quote", "raw"):
                yield from own_words(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from own_words(item, f"{where}[{i}]")


def dataset_own_words(data: Dataset) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for round_id, rd in data.rounds.items():
        found += own_words(rd.round.model_dump(exclude={"agreements"}), round_id)
        for position in rd.positions:
            found += own_words(position.model_dump(), f"{round_id} {position.party}/{position.id}")
    for source in data.sources.values():
        found += own_words(source.model_dump(), f"source {source.id}")
    return found


def copied_runs(text: str, source_runs: set[tuple[str, ...]]) -> list[str]:
    return [" ".join(run) for run in sorted(runs(QUOTED.sub(" ", text)) & source_runs)]


def test_a_copied_run_is_found_and_a_paraphrase_is_not() -> None:
    source = runs("Russia rejected this proposal at the peace negotiations in Istanbul, according to Kyiv.")
    assert copied_runs("He said Russia rejected this proposal at the peace negotiations in June.", source)
    assert not copied_runs("Kyiv says Moscow turned the proposal down at the Istanbul talks.", source)
    assert not copied_runs('As one outlet put it, "Russia rejected this proposal at the peace negotiations".', source)
    assert words("Russia\u2019s delegation, (Medinsky)") == ["russia's", "delegation", "medinsky"]


@needs_seeds
def test_summaries_and_notes_are_in_our_own_words() -> None:
    """No summary, note or outcome shares eight consecutive words with a local source text."""
    data = dataset()
    source_runs: set[tuple[str, ...]] = set()
    for source in data.sources.values():
        if source.file is not None:
            source_runs |= runs(seed_text(source.file))
    assert source_runs, "no local source text was read"
    texts = dataset_own_words(data)
    assert texts, "no summaries or notes found: the walk over the data is broken"
    copied = [f"{where}: {run!r}" for where, text in texts for run in copied_runs(text, source_runs)]
    assert not copied, f"summaries and notes sharing {COPIED_RUN}+ consecutive words with a source:\n" + "\n".join(copied)


# --- every quote and figure against the source texts: tracker.provenance, as `tracker validate` --


@cache
def source_check() -> provenance.Report:
    data = dataset()
    return provenance.check(data.root, data.sources, SEEDS, data.sources_file)


@needs_seeds
def test_every_quote_and_figure_is_in_its_source() -> None:
    """Every catalogued file exists; every quote is in its source word for word; every figure's
    wording in a source it cites. Sources known only by their address are counted, not checked."""
    report = source_check()
    assert report.checked["quote"] and report.checked["figure"], "nothing was checked: the walk over the data is broken"
    assert not report.problems, "\n".join(p.format() for p in report.problems) + "\n" + report.summary()


@needs_seeds
def test_every_speaker_is_named_in_the_source() -> None:
    """A cheap check against misattribution: the speaker's surname occurs in the cited text."""
    assert not source_check().warnings, "\n".join(w.format() for w in source_check().warnings)


@needs_seeds
def test_a_wrong_quote_would_be_caught(tmp_path: Path) -> None:
    """The check is not vacuous: a quote with words added is reported at its line, and nothing else."""
    copy = tmp_path / "positions"
    shutil.copytree(bundled_data_dir(), copy)
    data = dataset()
    for path in sorted(copy.glob("rounds/*/*.yaml")):
        original = path.read_text(encoding="utf-8")
        for match in re.finditer(r"^\s+quote: ([^>|'\"\s].*\S)$", original, re.M):
            path.write_text(original[: match.end(1)] + " and then some words no source printed" + original[match.end(1) :], encoding="utf-8")
            report = provenance.check(copy, data.sources, SEEDS, data.sources_file)
            if report.problems:
                [problem] = report.problems
                assert (problem.file, problem.line) == (path, original.count("\n", 0, match.start(1)) + 1)
                assert "quote not found in the text of" in problem.message and "the closest passage" in problem.message
                return
            path.write_text(original, encoding="utf-8")  # its source has no local text: try the next
    pytest.fail("no quote from a source with a local text was found to doctor")
