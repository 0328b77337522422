"""Quotes and figures checked against the curator's own copies of the sources they cite.

A catalogue entry may name a local copy of its document's text (`file`, a path in the sources
folder). The sources folder is, in this order: `tracker validate --sources DIR`,
`$TRACKER_SOURCES`, or the catalogue's own `texts:` setting (relative to the catalogue file, and
only inside the catalogue's folder: the loader refuses one outside it, so the data never names a
folder of the user's to read).

What is checked, on every round file as read (a file with schema errors too, so one run says
all), against the text of the source each item cites:

- a `quote` is in its source's text verbatim: the same words, the same case. Only what a copy
  of a web page cannot keep steady is normalised: typographic quotes and apostrophes ("' ‘ ’ “ ”),
  dashes (‐ – — …), and any run of whitespace. An elision (`...`, `…`, `[…]`) in a quote stands
  for words left out: the parts around it must each be there, in order;
- the `raw` wording of a claim is in the text of the claim's source, and the `raw` wording of a
  figure without claims is in the text of one of the sources its record cites (in any case: a
  figure may begin a sentence in the source and not in the data);
- a quote's `speaker` is named in the source (the last word of the name, accents and case
  aside): a warning, since a source may name a speaker by their office alone.

A miss is an error at the quote (or `raw`), with the closest passage of the text. A catalogue
entry whose `file` is not in the sources folder is an error at the entry. What cannot be checked
(a source with a url and no local text) is counted, never silently passed.

A source file is read only inside the sources folder: a `file` that is absolute or climbs out of
it (`../`, or a symlink leading outside) is refused and never read, so a catalogue from someone
else's pull request cannot have the tool print a passage of another file on your machine. It is
read as a data file is (a regular file only, opened without blocking, bounded), and a message
quotes at most an excerpt of it or of any value (problems.EXCERPT_CHARS).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tracker.paths import EVENTS_FILE, link_out_of
from tracker.problems import EXCERPT_CHARS, Problem, dotted, quote
from tracker.yamlread import YamlDocument, YamlProblem, decode, read_data_file, read_yaml_file

ENV = "TRACKER_SOURCES"
MAX_TEXT_BYTES = 8 * 1024 * 1024  # a source's local text: a transcript may be long

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00ad": None,  # a soft hyphen is invisible on the page
})  # fmt: skip
_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.|\u2026)\s*")


def normalise(text: str) -> str:
    """The text with typographic quotes and dashes made plain and whitespace collapsed; case,
    words and every other character kept."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLD).split())


def fold_name(text: str) -> str:
    """Case- and accent-insensitive form for matching names (Erdoğan / Erdogan)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sources_folder(catalogue_texts: Path | None, explicit: Path | None = None) -> tuple[Path | None, str]:
    """The sources folder and what named it: `--sources`, `$TRACKER_SOURCES`, or the catalogue's
    `texts` setting (already resolved against the catalogue's folder)."""
    if explicit is not None:
        return explicit, "--sources"
    if os.environ.get(ENV):
        return Path(os.environ[ENV]), f"${ENV}"
    if catalogue_texts is not None:
        return catalogue_texts, "`texts` in the source catalogue"
    return None, ""


@dataclass
class Report:
    """What checking against the sources found."""

    folder: Path | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    """'quote' and 'figure': how many were checked against a text."""
    unchecked: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(what, why) -> how many could not be: ('quote', 'no local text')."""

    def summary(self) -> str:
        """One line for `tracker validate`: what was checked against what, and what was not."""
        if self.folder is None:
            return f"sources: quotes and figures not checked: no sources folder (give --sources DIR, set ${ENV}, or `texts:` in the source catalogue)"
        parts = []
        checked = _counted(self.checked)
        parts.append(f"{checked or 'nothing'} checked against the texts in {_shown(self.folder)}")
        for why in dict.fromkeys(why for _, why in self.unchecked):
            counts = Counter({what: n for (what, reason), n in self.unchecked.items() if reason == why})
            parts.append(f"{_counted(counts)} not checked: {why}")
        return "sources: " + "; ".join(parts)


def check(
    root: Path,
    sources: Mapping[str, Any],
    folder: Path | None,
    catalogue_file: Path | None = None,
    files: Iterable[Path] | None = None,
    done: Checker | None = None,
) -> Report:
    """Check every quote and figure in the round files of `root` (or `files`) against the local
    texts of the `sources` (id -> catalogue entry) they cite. `done`: the files a load has
    checked already as it parsed them (Checker), taken as they are rather than parsed again."""
    report = Report(folder)
    texts = done.texts if done is not None and done.texts is not None else _Texts(folder, sources)
    if folder is not None and catalogue_file is not None:
        report.problems += texts.missing_files(catalogue_file)
    for path in sorted(files) if files is not None else round_files(root):
        part = done.files.get(path) if done is not None else None
        if part is not None:
            report.problems += part.problems
            report.warnings += part.warnings
            report.checked.update(part.checked)
            report.unchecked.update(part.unchecked)
            continue
        try:
            # The loader's reader and its rule: a file linked out of the data directory is not read.
            doc = read_yaml_file(path, base=root)
        except (YamlProblem, OSError, RecursionError, ValueError):
            continue  # the loader reports it
        if not isinstance(doc.value, dict):
            continue
        for item in _citations(doc.value, path):
            _check_one(report, texts, path, doc, item)
    return report


class Checker:
    """The check of quotes and figures done on the load's own parse of each round file
    (load_dataset's `documents`): `tracker validate` parses every file once, and keeps no parsed
    file for later. `report` gives what `check` gives, in the same order."""

    def __init__(self, root: Path, explicit: Path | None = None):
        self.root, self.explicit = root, explicit
        self.sources: Mapping[str, Any] | None = None
        self.folder: Path | None = None
        self.texts: _Texts | None = None
        self.files: dict[Path, Report] = {}

    def catalogues(self, sources: Mapping[str, Any], texts: Path | None) -> None:
        self.sources = sources
        self.folder, _ = sources_folder(texts, self.explicit)
        self.texts = _Texts(self.folder, sources)

    def round_file(self, path: Path, doc: YamlDocument) -> None:
        if self.texts is None or not isinstance(doc.value, dict):
            return
        part = self.files[path] = Report(self.folder)
        for item in _citations(doc.value, path):
            _check_one(part, self.texts, path, doc, item)

    def report(self, sources: Mapping[str, Any], texts: Path | None, catalogue_file: Path | None) -> Report:
        """Every round file checked: those the load handed over as they were checked, the rest
        (a load answered by the cache hands none) read and checked now."""
        folder, _ = sources_folder(texts, self.explicit)
        same = self.sources is sources and folder == self.folder
        return check(self.root, sources, folder, catalogue_file, done=self if same else None)


def round_files(root: Path) -> list[Path]:
    """The files with quotes the loader reads: the round files (a round folder linked out of the
    data directory is not entered: the loader reports it), and the events file if there is one."""
    rounds = root / "rounds"
    events = [root / EVENTS_FILE] if (root / EVENTS_FILE).is_file() else []
    if not rounds.is_dir():
        return events
    return events + sorted(
        p for folder in rounds.iterdir() if folder.is_dir() and not folder.name.startswith(".") and not link_out_of(folder, root)
        for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
    )  # fmt: skip


# --- what cites what ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Citation:
    loc: tuple
    kind: str
    """'quote', 'speaker', 'claim' (a claim's raw) or 'figure' (a figure's raw)."""
    text: str
    sources: tuple[str, ...]


def _citations(value: dict, path: Path) -> Iterator[_Citation]:
    records: list[tuple[tuple, Any, tuple[tuple, ...]]] = []
    if path.parent.parent.name != "rounds":  # the events file, at the top of the data
        records += [(("events", i), e, _quantities(e)) for i, e in _items(value.get("events"))]
    elif path.name == "round.yaml":
        records.append(((), value, (("duration",),)))
        records.append((("chair",), value.get("chair"), ()))
        for i, delegation in _items(value.get("delegations")):
            records.append((("delegations", i), delegation, (("size",),)))
        records += [(("agreements", i), a, _quantities(a)) for i, a in _items(value.get("agreements"))]
    else:
        records += [(("positions", i), p, _quantities(p)) for i, p in _items(value.get("positions"))]
    for loc, record, figures in records:
        if not isinstance(record, dict):
            continue
        cited = []
        for i, evidence in _items(record.get("evidence")):
            source = evidence.get("source") if isinstance(evidence, dict) else None
            if not isinstance(source, str):
                continue
            cited.append(source)
            for key in ("quote", "speaker"):
                if isinstance(evidence.get(key), str) and evidence[key].strip():
                    yield _Citation(loc + ("evidence", i, key), key, evidence[key], (source,))
        for figure_loc in figures:
            figure = _get(record, figure_loc)
            if not isinstance(figure, dict):
                continue
            if isinstance(figure.get("raw"), str) and figure["raw"].strip():
                yield _Citation(loc + figure_loc + ("raw",), "figure", figure["raw"], tuple(dict.fromkeys(cited)))
            for ci, claim in _items(figure.get("claims")):
                if isinstance(claim, dict) and isinstance(claim.get("source"), str):
                    if isinstance(claim.get("raw"), str) and claim["raw"].strip():
                        yield _Citation(loc + figure_loc + ("claims", ci, "raw"), "claim", claim["raw"], (claim["source"],))
                    if isinstance(claim.get("speaker"), str) and claim["speaker"].strip():
                        yield _Citation(loc + figure_loc + ("claims", ci, "speaker"), "speaker", claim["speaker"], (claim["source"],))


def _quantities(record: Any) -> tuple[tuple, ...]:
    quantities = record.get("quantities") if isinstance(record, dict) else None
    return tuple(("quantities", i) for i, _ in _items(quantities))


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _get(value: Any, loc: tuple) -> Any:
    for part in loc:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return value


# --- checking -----------------------------------------------------------------------------------


def _check_one(report: Report, texts: _Texts, path: Path, doc: YamlDocument, item: _Citation) -> None:
    what = "quote" if item.kind in ("quote", "speaker") else "figure"
    available = [(s, t) for s in item.sources if (t := texts.get(s)) is not None]
    if not available:
        if item.kind != "speaker" and item.sources:
            report.unchecked[(what, texts.why_not(item.sources))] += 1
        return
    line, col = doc.locate(item.loc)
    field_name = dotted(item.loc)
    if item.kind == "speaker":
        surname = fold_name(item.text.split()[-1])
        if not any(surname in text.folded_name for _, text in available):
            source, text = available[0]
            report.warnings.append(Problem(path, line, col, field_name, f"{quote(item.text)} is not named in the text of {source!r} ({text.name})", severity="warning"))
        return
    report.checked[what] += 1
    if item.kind == "quote":
        found = any(_quoted(item.text, text.plain) for _, text in available)
    else:
        found = any(normalise(item.text).casefold() in text.folded for _, text in available)
    if found:
        return
    if item.kind == "figure" and len(available) < len(item.sources):
        # Not in the texts at hand, but a cited source without one may hold the words.
        report.checked[what] -= 1
        report.unchecked[(what, texts.why_not(tuple(s for s in item.sources if texts.get(s) is None)))] += 1
        return
    source, text = available[0]
    closest = _closest(normalise(item.text), text.plain)
    where = f"the text of {source!r} ({text.name})" if len(available) == 1 else f"the texts of {', '.join(repr(s) for s, _ in available)}"
    label = "quote" if item.kind == "quote" else "`raw` wording"
    message = f"{label} not found in {where}"
    if closest:
        message += f"; the closest passage: {closest!r}"
    report.problems.append(Problem(path, line, col, field_name, message))


def _quoted(quote: str, text: str) -> bool:
    """The quote is in the text, each part around an elision in turn."""
    start = 0
    for part in _ELISION.split(normalise(quote)):
        if not part:
            continue
        found = text.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True


_WORDS = re.compile(r"\S+")


def _closest(wanted: str, text: str, limit: int = EXCERPT_CHARS) -> str:
    """The passage of `text` most like `wanted`: around the longest run of words they share."""
    from difflib import SequenceMatcher  # only a quote not found gets here

    words = [(m.start(), m.end(), m.group().casefold()) for m in _WORDS.finditer(text)]
    want = wanted.casefold().split()
    if not words or not want:
        return ""
    matcher = SequenceMatcher(None, [w for _, _, w in words], want, autojunk=False)
    match = matcher.find_longest_match(0, len(words), 0, len(want))
    if match.size == 0:
        return ""
    first = max(0, match.a - match.b)
    last = min(len(words), first + len(want)) - 1
    passage = text[words[first][0] : words[last][1]]
    return passage if len(passage) <= limit else passage[: limit - 1] + "…"


@dataclass
class _Text:
    name: str
    plain: str

    @cached_property
    def folded(self) -> str:
        return self.plain.casefold()

    @cached_property
    def folded_name(self) -> str:
        return fold_name(self.plain)


class _Texts:
    """The local texts of the catalogue's sources, each read once, only from inside the folder."""

    def __init__(self, folder: Path | None, sources: Mapping[str, Any]):
        self.folder = folder
        self.sources = sources
        self.cache: dict[str, _Text | None] = {}
        self.reasons: dict[str, str] = {}

    def get(self, source_id: str) -> _Text | None:
        if source_id not in self.cache:
            self.cache[source_id] = self._read(source_id)
        return self.cache[source_id]

    def why_not(self, source_ids: tuple[str, ...]) -> str:
        for source_id in source_ids:
            self.get(source_id)
        reasons = [self.reasons.get(s, "no local text") for s in source_ids]
        return next((r for r in reasons if r != "no local text"), "no local text")

    def _read(self, source_id: str) -> _Text | None:
        entry = self.sources.get(source_id)
        file = getattr(entry, "file", None)
        if entry is None or file is None:
            return None  # an unknown source is the loader's to report; one with a url only: no local text
        if self.folder is None:
            return None
        path = self._inside(file)
        if path is None or not path.is_file():
            self.reasons[source_id] = "its local text is missing"
            return None
        try:
            # Opened without blocking and checked before a byte is read, as a data file is: a
            # FIFO or a device (/proc/kmsg) is refused, never waited on.
            if path.stat().st_size > MAX_TEXT_BYTES:
                self.reasons[source_id] = "its local text is over 8 MiB"
                return None
            data = read_data_file(path, MAX_TEXT_BYTES)
        except (OSError, YamlProblem) as exc:
            self.reasons[source_id] = f"its local text cannot be read ({exc.message if isinstance(exc, YamlProblem) else exc.strerror or exc})"
            return None
        try:
            text = decode(data)
        except YamlProblem:
            self.reasons[source_id] = "its local text cannot be read as UTF-8"
            return None
        return _Text(file, normalise(text))

    def _inside(self, file: str) -> Path | None:
        """The file's path, if it is inside the sources folder once links are followed."""
        assert self.folder is not None
        if os.path.isabs(file):
            return None
        try:
            folder = self.folder.resolve()
            path = (self.folder / file).resolve()
        except (OSError, RuntimeError):
            return None
        return path if path.is_relative_to(folder) and path != folder else None

    def missing_files(self, catalogue_file: Path) -> list[Problem]:
        """An error at each catalogue entry whose `file` is not in the folder (or lies outside it)."""
        problems = []
        doc = None
        for index, (source_id, entry) in enumerate(self.sources.items()):
            file = getattr(entry, "file", None)
            if file is None:
                continue
            path = self._inside(file)
            if path is not None and path.is_file():
                continue
            if doc is None:
                try:
                    doc = read_yaml_file(catalogue_file)
                except (YamlProblem, OSError):
                    return []
            loc = _entry_loc(doc, source_id)
            line, col = doc.locate(loc)
            if path is None:
                message = f"{file!r} is outside the sources folder ({_shown(self.folder)}): a source's file is a path inside it, never read elsewhere"
            else:
                message = f"{file!r} is not in the sources folder ({_shown(self.folder)})"
            problems.append(Problem(catalogue_file, line, col, dotted(loc), message))
        return problems


def _entry_loc(doc: YamlDocument, source_id: str) -> tuple:
    entries = doc.value.get("sources") if isinstance(doc.value, dict) else None
    for index, entry in _items(entries):
        if isinstance(entry, dict) and entry.get("id") == source_id:
            return ("sources", index, "file")
    return ("sources",)


def _counted(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {what}{'s' * (n != 1)}" for what, n in sorted(counts.items(), key=lambda kv: kv[0] != "quote") if n]
    return " and ".join(parts)


def _shown(folder: Path | None) -> str:
    from tracker.problems import display_path

    return display_path(folder) if folder is not None else ""
