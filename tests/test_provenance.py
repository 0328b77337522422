"""Provenance of the bundled dataset: every citation resolves and every quote is verbatim.

The source texts are not part of this repository. They live in the shared seeds folder beside
it (`<repo>/../shared/seeds/`); the checks that need them are skipped, with the reason, when
that folder is absent (set TRACKER_SEEDS to point at it from elsewhere). A catalogued source with a `url` and no local `file` has no text here:
its quotes cannot be checked word for word, and the checks below pass over them and say how
many they passed over.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from tracker.loader import Dataset, bundled_data_dir, load_dataset
from tracker.model import Evidence, Kind, Position, Quantity, Status

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("TRACKER_SEEDS") or REPO.parent / "shared" / "seeds")
"""The seed texts: beside the repository, or where TRACKER_SEEDS says (a git worktree elsewhere)."""
MAX_QUOTE_CHARS = 300  # "one sentence or two"
COPIED_RUN = 8  # this many consecutive words shared with a source is copying, not paraphrase

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"source texts not found: expected the shared seeds folder at {SEEDS}",
)


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) into one space.

    Nothing else is folded: case, punctuation, and curly versus straight quotes must match
    the source exactly.
    """
    return " ".join(text.split())


def fold_name(text: str) -> str:
    """Case- and accent-insensitive form for matching names (Erdoğan / Erdogan)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Citation:
    where: str
    source: str
    quote: str | None = None
    speaker: str | None = None
    raw: str | None = None
    """A claim's figure in the source's own words."""


@cache
def dataset() -> Dataset:
    return load_dataset(bundled_data_dir())


@cache
def seed_text(file_name: str) -> str:
    return normalise((SEEDS / file_name).read_text(encoding="utf-8"))


def local_text(data: Dataset, source_id: str) -> str | None:
    """The source's text, whitespace collapsed, or None when it has no local copy."""
    source = data.sources.get(source_id)
    if source is None or source.file is None:
        return None
    return seed_text(source.file)


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


def test_normaliser_collapses_whitespace_only() -> None:
    assert normalise("  We  agreed\n to\u00a0 exchange\t") == "We agreed to exchange"
    text = normalise("He said: \u201cIt didn\u2019t end negatively,\u201d and left.")
    assert "It didn\u2019t end negatively" in text
    # Straight for curly apostrophe, a changed word, different case: none of these match.
    assert "It didn't end negatively" not in text
    assert "It didn\u2019t end badly" not in text
    assert "it didn\u2019t end negatively" not in text
    assert fold_name("Erdoğan") == fold_name("ERDOGAN")


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


@needs_seeds
def test_every_catalogue_file_exists() -> None:
    local = [s for s in dataset().sources.values() if s.file is not None]
    assert local, "no catalogue entry has a local file: the seed texts are not catalogued"
    missing = [f"{s.id}: {s.file}" for s in local if not (SEEDS / s.file).is_file()]
    assert not missing, f"catalogue entries whose file is not in {SEEDS}:\n" + "\n".join(missing)


@needs_seeds
def test_every_quote_is_verbatim_in_its_source() -> None:
    """Every quote from a source with a local text is in that text, word for word.

    Quotes from sources known only by their address are passed over and counted in the
    message; at least one quote must be checked, or the walk is broken.
    """
    data = dataset()
    wrong, checked, unchecked = [], 0, 0
    for c in citations(data):
        if c.quote is None or c.source not in data.sources:
            continue
        text = local_text(data, c.source)
        if text is None:
            unchecked += 1
            continue
        checked += 1
        if normalise(c.quote) not in text:
            wrong.append(f"{c.where}: not found in {data.sources[c.source].file}: {c.quote!r}")
    assert checked, "no quote from a local source text was checked"
    assert not wrong, (
        f"quotes that are not verbatim in their source ({checked} checked, {unchecked} from "
        "sources without a local text passed over):\n" + "\n".join(wrong)
    )


@needs_seeds
def test_every_claim_keeps_its_sources_wording() -> None:
    """A contested figure's `raw` is the wording of the source the claim cites (when it has a local text)."""
    data = dataset()
    wrong, checked = [], 0
    for c in citations(data):
        if c.raw is None or c.source not in data.sources:
            continue
        text = local_text(data, c.source)
        if text is None:
            continue
        checked += 1
        if normalise(c.raw).casefold() not in text.casefold():
            wrong.append(f"{c.where}: {c.raw!r} is not in {data.sources[c.source].file}")
    assert checked, "no claim from a local source text was checked"
    assert not wrong, "claims whose `raw` is not the source's wording:\n" + "\n".join(wrong)


def single_figures(data: Dataset) -> Iterator[tuple[str, Quantity, set[str]]]:
    """Every uncontested figure with the sources its record cites: (where, quantity, sources)."""
    for round_id, rd in data.rounds.items():
        rnd = rd.round
        if rnd.duration is not None and not rnd.duration.claims:
            yield f"{round_id} duration", rnd.duration, {e.source for e in rnd.evidence}
        for d in rnd.delegations:
            if d.size is not None and not d.size.claims:
                yield f"{round_id} delegation {d.party} size", d.size, {e.source for e in d.evidence}
        for position in rd.positions:
            for quantity in position.quantities:
                if not quantity.claims:
                    where = f"{round_id} {position.party}/{position.id} {quantity.what!r}"
                    yield where, quantity, {e.source for e in position.evidence}


@needs_seeds
def test_every_figure_keeps_the_wording_of_a_source_it_cites() -> None:
    """An uncontested figure's `raw` is the wording of one of the sources its record cites.

    A figure whose words are in no cited source was either mistyped or taken from a source
    the record does not name: both leave a reader unable to check it.
    """
    data = dataset()
    wrong = []
    for where, quantity, sources in single_figures(data):
        if quantity.raw is None:
            continue
        texts = [local_text(data, s) for s in sources]
        if None in texts:
            continue  # a cited source without a local text may hold the words
        if not any(normalise(quantity.raw).casefold() in text.casefold() for text in texts):
            wrong.append(f"{where}: {quantity.raw!r} is in none of {sorted(sources)}")
    assert not wrong, "figures whose `raw` is not in a cited source:\n" + "\n".join(wrong)


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


@needs_seeds
def test_every_speaker_is_named_in_the_source() -> None:
    """A cheap check against misattribution: the speaker's surname occurs in the cited text."""
    data = dataset()
    wrong = []
    for c in citations(data):
        if not c.speaker or local_text(data, c.source) is None:
            continue
        surname = fold_name(c.speaker.split()[-1])
        if surname not in fold_name(local_text(data, c.source)):
            wrong.append(f"{c.where}: {c.speaker!r} is not named in {data.sources[c.source].file}")
    assert not wrong, "\n".join(wrong)


@needs_seeds
def test_a_wrong_quote_would_be_caught() -> None:
    """The verbatim check is not vacuous: a real quote matches, a doctored one does not."""
    data = dataset()
    quoted = [c for c in citations(data) if c.quote and local_text(data, c.source) is not None]
    assert quoted
    sample = quoted[0]
    text = local_text(data, sample.source)
    assert normalise(sample.quote) in text
    assert normalise(sample.quote) + " and then some words no source printed" not in text


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
