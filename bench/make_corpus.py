"""Make a synthetic dataset in the real data layout, for benchmarks.

    python bench/make_corpus.py OUT --rounds R --parties P --positions N --seed S

writes OUT/parties.yaml, OUT/topics.yaml, OUT/sources.yaml and, for every round,
OUT/rounds/<round-id>/round.yaml (the round's facts and joint agreements) and one
OUT/rounds/<round-id>/<party-id>.yaml per party.

N is the number of positions in each party's file at each round, so a round holds P × N
positions plus its joint agreements (N // 100 of them, at least one). The same arguments always
give byte-identical files. The text is synthetic (a fixed vocabulary, fictional parties), but it
has the shape of the curated data: summaries of one or two sentences, quotes with speakers,
figures with units, figures the sources disagree on (`claims`), conditions that are text or
references to other positions (same party, another party, an earlier round), `responds_to`
links, notes, comments and folded long lines.

Between two rounds each party's positions churn as a curated record does: about 4% are dropped,
as many new ones are added, about 12% change (a reworded summary, a new status, another figure,
one more source), and the rest carry over unchanged with the same id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GENERATOR_VERSION = 1
STAMP = ".corpus.json"
"""Written into OUT: the arguments that made it, so a benchmark can reuse a corpus it already has."""

DROP_RATE, CHANGE_RATE = 0.04, 0.12
WIDTH = 96
START = dt.date(2025, 1, 7)

PARTY_NAMES = [
    ("aurelia", "Aurelia", "AU"), ("borvania", "Borvania", "BV"), ("caldoria", "Caldoria", "CD"), ("dravenia", "Dravenia", "DR"),
    ("esterland", "Esterland", "ES"), ("falmoria", "Falmoria", "FA"), ("galvonia", "Galvonia", "GV"), ("hestria", "Hestria", "HE"),
    ("ilvaria", "Ilvaria", "IL"), ("karvenia", "Karvenia", "KV"), ("lorvath", "Lorvath", "LV"), ("morania", "Morania", "MO"),
]
TOPICS = [
    ("ceasefire", "Ceasefire", "A general or local halt to hostilities, its length, extent and monitoring."),
    ("ceasefire-preconditions", "Ceasefire preconditions", "What a party requires before it will agree to a ceasefire."),
    ("prisoners", "Prisoners of war", "Exchanges of prisoners of war and detained civilians."),
    ("remains", "Remains of the fallen", "The handover of the bodies of soldiers killed in action."),
    ("children", "Deported children", "The return of children taken across the line of contact."),
    ("humanitarian", "Humanitarian issues", "Corridors, evacuations, medical access and aid deliveries."),
    ("territory", "Territory", "Claims to, recognition of, and withdrawal from territory."),
    ("security-guarantees", "Security guarantees", "Guarantees by third states and their enforcement."),
    ("sanctions", "Sanctions", "Lifting, easing or keeping economic sanctions."),
    ("energy", "Energy infrastructure", "Strikes on power plants, grids and pipelines; moratoria."),
    ("black-sea", "Maritime navigation", "Shipping lanes, ports and the safety of merchant vessels."),
    ("nuclear-safety", "Nuclear safety", "The safety of nuclear plants near the front and their control."),
    ("monitoring", "Monitoring and verification", "Who monitors an agreement and how violations are reported."),
    ("political-process", "Political process", "Memoranda, summits, the format and the next round of talks."),
    ("elections", "Elections and legitimacy", "Elections, mandates and who may sign an agreement."),
    ("reconstruction", "Reconstruction", "Funds, frozen assets and rebuilding damaged areas."),
    ("military-limits", "Limits on armed forces", "Caps on troops and weapons, neutrality and alliances."),
    ("language-religion", "Language and religion", "The status of languages and churches."),
    ("accountability", "Accountability", "War crimes, tribunals, amnesty and compensation."),
    ("displaced-people", "Displaced people", "The return of refugees and internally displaced people."),
]
PLACES = [
    ("geneva", "Geneva", "Palais des Nations"), ("istanbul", "Istanbul", "Dolmabahce Palace"),
    ("vienna", "Vienna", "Hofburg"), ("riyadh", "Riyadh", "Diriyah Palace"),
    ("doha", "Doha", "Sheraton Grand"), ("oslo", "Oslo", "Holmenkollen Park"),
    ("helsinki", "Helsinki", "Finlandia Hall"), ("baku", "Baku", "Gulustan Palace"),
]
OUTLETS = [
    ("herald", "The Herald"), ("courier", "Daily Courier"), ("wire", "Wire Service"), ("post", "Evening Post"),
    ("observer", "The Observer"), ("gazette", "Gazette"), ("bulletin", "News Bulletin"), ("chronicle", "Chronicle"),
]
FIRST = ["Anton", "Boris", "Clara", "Daria", "Emil", "Fedor", "Greta", "Hanna", "Igor", "Jana", "Karl", "Lena", "Marek", "Nadia", "Oleg", "Petra", "Roman", "Sofia", "Taras", "Vera"]
LAST = ["Adler", "Brandt", "Cernik", "Dunaev", "Esterhaz", "Falk", "Gorsky", "Horvat", "Ilyin", "Janek", "Kovac", "Lindqvist", "Moroz", "Novak", "Orlov", "Petrenko", "Rudnik", "Sokol", "Tomic", "Varga"]
TITLES = ["Foreign Minister", "Defence Minister", "Presidential aide", "Deputy Foreign Minister", "Chief of staff", "Spokesperson", "Head of intelligence", "Ambassador"]

ACTORS = ["the other side", "the mediators", "both delegations", "the monitoring mission", "third states", "the guarantors", "the joint commission", "international observers"]
VERBS = ["halt", "withdraw", "exchange", "return", "guarantee", "monitor", "suspend", "verify", "restore", "open", "release", "lift", "freeze", "reduce"]
OBJECTS = [
    "all strikes on energy infrastructure", "heavy artillery from the line of contact", "prisoners of war on an all-for-all basis",
    "the remains of the fallen", "deported children to their families", "humanitarian corridors for civilians", "sanctions on grain and fertiliser exports",
    "shipping in the southern ports", "the nuclear plant to international control", "troops behind the agreed line", "sea mines in the shipping lanes",
    "the frozen assets held abroad", "the ban on church property", "civilian detainees held since the start of the war", "the rail link across the border",
]
QUALIFIERS = [
    "within thirty days of signature", "under international monitoring", "in stages, region by region", "only after a full ceasefire holds",
    "as a first step towards a settlement", "without preconditions", "subject to verification by the mediators", "before the next round",
    "on condition that the other side reciprocates", "for an initial period, to be extended by agreement", "as part of a wider package",
]
CLAUSES = [
    "It drops the demand made at the previous round", "The delegation called this a final offer", "The mediators described the proposal as workable",
    "The other side said it would study the text", "Officials gave no timetable", "Several sources report the same wording",
    "The statement came at the closing press conference", "A written version was handed over at the meeting", "It repeats a line from earlier talks",
    "The head of delegation set out the terms in a Q&A with reporters",
]
QUOTES = [
    "We are ready to {verb} {obj} {qual}",
    "Our position has not changed: we will not {verb} {obj}",
    "There can be no agreement unless {actor} {verb} {obj}",
    "We proposed to {verb} {obj}, and we are waiting for an answer",
    "This is not a concession, it is a humanitarian step",
    "The door to talks remains open, but {actor} must {verb} {obj} {qual}",
]
NOTE_OPENERS = [
    "Sources differ on the timing", "The outlet cites two officials present at the talks", "Reported second-hand, through a briefing by the mediators",
    "Not repeated in the official readout", "The figure is given as approximate", "The wording changed between the draft and the final text",
]
CONDITION_TEXTS = [
    "a full ceasefire along the whole line of contact", "verification by an agreed monitoring mission", "an exchange of lists of detainees beforehand",
    "the release of civilian detainees", "guarantees from at least two third states", "approval by parliament", "a halt to new mobilisation",
    "access for the Red Cross to all detention sites", "a meeting of the heads of state",
]
QUANTITY_KINDS = [
    ("prisoners released", "prisoners", [500, 1000, 1200, 2000, 6000], "side"),
    ("ceasefire length", "days", [3, 7, 14, 30, 60, 90], None),
    ("bodies returned", "bodies", [600, 1212, 3000, 6000], None),
    ("buffer zone width", "km", [5, 10, 15, 20, 30], None),
    ("children returned", "children", [100, 339, 600, 1000], None),
    ("monitoring mission size", "observers", [50, 200, 400, 1500], None),
    ("civilians evacuated", "people", [2500, 8000, 12000], None),
    ("energy strike moratorium", "days", [30, 60, 90], None),
    ("withdrawal distance", "km", [10, 25, 50], None),
    ("delegation members", "people", [6, 8, 12, 14], None),
]
ID_WORDS = ["general", "local", "staged", "full", "partial", "joint", "monitored", "unconditional", "first", "second", "wounded", "young",
            "civilian", "southern", "northern", "port", "grain", "power", "bodies", "lists", "summit", "memorandum", "corridor", "zone",
            "guarantees", "deadline", "review", "access", "exchange", "return"]
KINDS = ["demand", "precondition", "proposal", "offer", "concession", "rejection", "red_line", "commitment"]
COMMENTS = [
    "Sources disagree on the wording; the summary follows the official readout.",
    "Carried over: no source reports a change at this round.",
    "Check against the transcript once it is published.",
    "The quote is from the press conference, not the talks themselves.",
]


@dataclass
class Party:
    id: str
    name: str
    short: str
    role: str
    people: list[tuple[str, str]]  # (name, title) of the party's spokespeople


@dataclass
class RoundInfo:
    index: int
    id: str
    date: dt.date
    place: tuple[str, str, str]
    sources: list[str]


@dataclass
class Corpus:
    """Everything generated so far; `state[party]` is the party's positions at the current round."""

    rng: random.Random
    parties: list[Party]
    rounds: list[RoundInfo] = field(default_factory=list)
    state: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    history: list[dict[str, set[str]]] = field(default_factory=list)
    """Per round: party (and `joint`) -> the ids it had, for references to earlier rounds."""
    used_ids: dict[str, set[str]] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: {"added": 0, "removed": 0, "changed": 0, "positions": 0, "files": 0, "bytes": 0})


# --- text ------------------------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    text = f"{rng.choice(['Calls on', 'Asks', 'Expects', 'Wants'])} {actor} to {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.7:
        text += f", {rng.choice(QUALIFIERS)}"
    return text + "."


def _summary(rng: random.Random, kind: str) -> str:
    verb = {
        "demand": "Demands that",
        "precondition": "Will only move forward if",
        "proposal": "Proposes that",
        "offer": "Offers that",
        "concession": "Accepts, as a step back from its earlier line, that",
        "rejection": "Rejects the demand that",
        "red_line": "Will never accept that",
        "commitment": "Undertakes that",
        "agreement": "Both sides agree that",
    }[kind]
    text = f"{verb} {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(QUALIFIERS)}."
    if rng.random() < 0.45:
        text += f" {rng.choice(CLAUSES)}."
    return text


def _quote(rng: random.Random) -> str:
    template = rng.choice(QUOTES)
    return template.format(verb=rng.choice(VERBS), obj=rng.choice(OBJECTS), qual=rng.choice(QUALIFIERS), actor=rng.choice(ACTORS))


def _note(rng: random.Random) -> str:
    text = f"{rng.choice(NOTE_OPENERS)}. {_sentence(rng)}"
    if rng.random() < 0.4:
        text += f" {rng.choice(CLAUSES)}."
    return text


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# --- records ---------------------------------------------------------------------------------


def _evidence(corpus: Corpus, party: Party | None, rnd: RoundInfo) -> dict[str, Any]:
    rng = corpus.rng
    item: dict[str, Any] = {"source": rng.choice(rnd.sources)}
    if party is not None and rng.random() < 0.35:
        speaker, _title = rng.choice(party.people)
        item["quote"] = _quote(rng)
        item["speaker"] = speaker
        if rng.random() < 0.25:
            item["note"] = _note(rng)
    else:
        item["note"] = _note(rng)
    return item


def _amount(rng: random.Random, values: list[int]) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.65:
        value = rng.choice(values)
        return {"value": value, "raw": f"about {value:,}"} if rng.random() < 0.3 else {"value": value}
    if roll < 0.85:
        low = rng.choice(values)
        high = low * rng.choice([2, 3])
        return {"min": low, "max": high, "raw": f"{low:,} to {high:,}"}  # the words agree with the figure
    if roll < 0.93:
        low = rng.choice(values)
        return {"min": low, "raw": f"at least {low:,}"}
    return {"scope": "all", "raw": "all-for-all"}


def _quantity(corpus: Corpus, rnd: RoundInfo, contested: bool) -> dict[str, Any]:
    rng = corpus.rng
    what, unit, values, per = rng.choice(QUANTITY_KINDS)
    quantity: dict[str, Any] = {"what": what}
    if contested:
        claims = []
        for source in rng.sample(rnd.sources, k=min(len(rnd.sources), rng.choice([2, 2, 3]))):
            claim: dict[str, Any] = {"source": source, "value": rng.choice(values)}
            if rng.random() < 0.3:
                claim["note"] = f"{rng.choice(NOTE_OPENERS)}."
            claims.append(claim)
        quantity["claims"] = claims
    else:
        quantity.update(_amount(rng, values))
    quantity["unit"] = unit
    if per and "scope" not in quantity and rng.random() < 0.6:
        quantity["per"] = per
    order = ["what", "value", "min", "max", "scope", "unit", "per", "raw", "claims"]
    return {k: quantity[k] for k in order if k in quantity}


def _new_id(corpus: Corpus, owner: str, topic: str) -> str:
    rng = corpus.rng
    used = corpus.used_ids.setdefault(owner, set())
    base = f"{topic}-{rng.choice(ID_WORDS)}-{rng.choice(ID_WORDS)}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _new_position(corpus: Corpus, party: Party | None, rnd: RoundInfo) -> dict[str, Any]:
    """A party's position (or, with party None, a joint agreement) without references yet."""
    rng = corpus.rng
    topic = rng.choice(TOPICS)[0]
    kind = "agreement" if party is None else rng.choice(KINDS)
    position: dict[str, Any] = {"id": _new_id(corpus, party.id if party else "joint", topic), "topic": topic, "kind": kind}
    position["summary"] = _summary(rng, kind)
    if party is None:
        position["parties"] = [p.id for p in corpus.parties if p.role == "party"]
        position["status"] = rng.choice(["agreed", "agreed", "implemented"])
    elif rng.random() < 0.25:
        position["status"] = rng.choice(["agreed", "rejected", "withdrawn", "superseded", "implemented"])
    if position.get("status") == "implemented":
        position["status_date"] = rnd.date
    if rng.random() < 0.3:
        count = 1 if rng.random() < 0.8 else 2
        position["quantities"] = [_quantity(corpus, rnd, contested=rng.random() < 0.15) for _ in range(count)]
    position["evidence"] = [_evidence(corpus, party, rnd) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    if rng.random() < 0.25:
        position["notes"] = _note(rng)
    if rng.random() < 0.08:
        position["_comment"] = rng.choice(COMMENTS)
    return _ordered(position)


_FIELD_ORDER = ["id", "topic", "kind", "summary", "status", "status_date", "parties", "quantities", "conditions", "responds_to", "evidence", "notes"]


def _ordered(position: dict[str, Any]) -> dict[str, Any]:
    return {k: position[k] for k in ["_comment", *_FIELD_ORDER] if k in position}


def _reorder(position: dict[str, Any]) -> None:
    """Fields in the order curators write them, in place (other rounds' state shares the dict)."""
    fields = _ordered(position)
    position.clear()
    position.update(fields)


def _add_references(corpus: Corpus, owner: str, position: dict[str, Any]) -> None:
    """Conditions and responses pointing at positions that exist at the current round (or earlier)."""
    rng = corpus.rng
    others = [p.id for p in corpus.parties if p.id != owner and corpus.state.get(p.id)]
    if rng.random() < 0.3:
        conditions: list[Any] = []
        for _ in range(rng.choice([1, 1, 2])):
            roll = rng.random()
            own = [i for i in corpus.state[owner] if i != position["id"]]
            if roll < 0.55 or not own:
                conditions.append(rng.choice(CONDITION_TEXTS))
            elif roll < 0.8:
                conditions.append({"position": rng.choice(own)})
            elif roll < 0.92 and others:
                party = rng.choice(others)
                conditions.append({"position": rng.choice(list(corpus.state[party])), "party": party})
            elif len(corpus.history) >= 1:
                back = rng.randrange(len(corpus.history))
                earlier = corpus.rounds[back]
                ids = sorted(corpus.history[back].get(owner, ()))
                if ids:
                    conditions.append({"position": rng.choice(ids), "round": earlier.id})
        if conditions:
            position["conditions"] = conditions
    if owner != "joint" and others and rng.random() < 0.2:
        party = rng.choice(others)
        position["responds_to"] = [{"position": rng.choice(list(corpus.state[party])), "party": party}]
    _reorder(position)


def _change(corpus: Corpus, party: Party | None, position: dict[str, Any], rnd: RoundInfo) -> None:
    """A change as curators record one: reworded, a new status, another figure, one more source."""
    rng = corpus.rng
    roll = rng.random()
    if roll < 0.3:
        position["summary"] = _summary(rng, position["kind"])
    elif roll < 0.5 and party is not None:
        position["status"] = rng.choice(["agreed", "rejected", "withdrawn", "superseded", "implemented"])
        if position["status"] == "implemented":
            position["status_date"] = rnd.date
        else:
            position.pop("status_date", None)
    elif roll < 0.7:
        quantities = position.setdefault("quantities", [])
        if quantities and "value" in quantities[0]:
            quantities[0]["value"] = quantities[0]["value"] + rng.choice([1, 10, 100])
            if "raw" in quantities[0]:  # a new figure is reported in new words
                quantities[0]["raw"] = f"about {quantities[0]['value']:,}"
        else:
            quantities.append(_quantity(corpus, rnd, contested=rng.random() < 0.15))
    elif roll < 0.9:
        position["evidence"].append(_evidence(corpus, party, rnd))
    else:
        position["notes"] = _note(rng)
    _reorder(position)


def _drop_dangling(corpus: Corpus, owner: str, position: dict[str, Any]) -> bool:
    """Remove references to positions dropped at this round; True when the position changed."""
    def alive(ref: Any) -> bool:
        if not isinstance(ref, dict) or "round" in ref:
            return True  # text, or a fixed earlier round
        return ref["position"] in corpus.state.get(ref.get("party", owner), {})

    changed = False
    for key in ("conditions", "responds_to"):
        if key in position:
            kept = [ref for ref in position[key] if alive(ref)]
            if len(kept) != len(position[key]):
                changed = True
                if kept:
                    position[key] = kept
                else:
                    del position[key]
    return changed


def _next_round(corpus: Corpus, positions: int) -> None:
    rng = corpus.rng
    index = len(corpus.rounds)
    date = START if index == 0 else corpus.rounds[-1].date + dt.timedelta(days=rng.randint(10, 35))
    place = rng.choice(PLACES)
    sources = [f"{slug}-{date.isoformat()}" for slug, _ in rng.sample(OUTLETS, k=6)]
    rnd = RoundInfo(index, f"{date.isoformat()}-{place[0]}", date, place, sources)
    corpus.rounds.append(rnd)
    owners: list[tuple[str, Party | None, int]] = [(p.id, p, positions) for p in corpus.parties]
    owners.append(("joint", None, max(1, positions // 100)))

    fresh: list[tuple[str, dict[str, Any]]] = []
    changed: set[tuple[str, str]] = set()
    for owner, party, count in owners:
        current = corpus.state.setdefault(owner, {})
        if current:
            ids = list(current)
            dropped = rng.sample(ids, k=round(len(ids) * DROP_RATE))
            for pid in dropped:
                del current[pid]
            corpus.stats["removed"] += len(dropped)
            for pid in rng.sample(list(current), k=round(len(current) * CHANGE_RATE)):
                _change(corpus, party, current[pid], rnd)
                changed.add((owner, pid))
        while len(current) < count:
            position = _new_position(corpus, party, rnd)
            current[position["id"]] = position
            fresh.append((owner, position))
        if index > 0:
            corpus.stats["added"] += sum(1 for o, _ in fresh if o == owner)
    # References last, when every party's positions at this round are known.
    for owner, position in fresh:
        _add_references(corpus, owner, position)
    for owner, _party, _count in owners:
        for pid, position in corpus.state[owner].items():
            if _drop_dangling(corpus, owner, position):
                changed.add((owner, pid))
    if index > 0:
        corpus.stats["changed"] += len(changed)
    corpus.history.append({owner: set(ids) for owner, ids in corpus.state.items()})


# --- YAML text -------------------------------------------------------------------------------

_STR_TAG = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _plain_ok(text: str) -> bool:
    """Whether `text` can be written unquoted and still read back as this same text."""
    if not text or text != text.strip() or text[0] in _INDICATORS or "\n" in text:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return _resolver.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def _foldable(text: str) -> bool:
    """Whether a folded block (`>-`) reads back as exactly `text`: one line, single spaces."""
    return bool(text) and text == text.strip() and "\n" not in text and "  " not in text and "\t" not in text


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _scalar_lines(prefix: str, value: Any, content_indent: int) -> list[str]:
    """`prefix` + the value; long text as a folded block (`>-`), the way curators write it."""
    if isinstance(value, str) and len(prefix) + len(value) > WIDTH and _foldable(value):
        lines, line = [prefix + ">-"], ""
        for word in value.split(" "):
            if line and content_indent + len(line) + 1 + len(word) > WIDTH:
                lines.append(" " * content_indent + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(" " * content_indent + line)
        return lines
    return [prefix + _scalar(value)]


def _mapping_lines(mapping: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for key, value in mapping.items():
        if key.startswith("_"):
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_mapping_lines(value, indent + 2))
        elif isinstance(value, list):
            if all(isinstance(v, str) and _plain_ok(v) for v in value) and key in ("parties", "mediators"):
                lines.append(f"{pad}{key}: [{', '.join(value)}]")
                continue
            lines.append(f"{pad}{key}:")
            for item in value:
                lines.extend(_item_lines(item, indent + 2))
        else:
            lines.extend(_scalar_lines(f"{pad}{key}: ", value, indent + 2))
    return lines


def _item_lines(item: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict):
        lines = [f"{pad}# {item['_comment']}"] if "_comment" in item else []
        inner = _mapping_lines(item, indent + 2)
        inner[0] = f"{pad}- {inner[0][indent + 2:]}"
        return lines + inner
    return _scalar_lines(f"{pad}- ", item, indent + 2)


def _document(header: list[str], body: dict[str, Any], spaced: str | None = None) -> str:
    """The file's text; items of the list `spaced` are separated by blank lines, as in the data."""
    lines = [f"# {line}" for line in header]
    for key, value in body.items():
        if key == spaced:
            lines.append(f"{key}:")
            for i, item in enumerate(value):
                if i:
                    lines.append("")
                lines.extend(_item_lines(item, 2))
        else:
            lines.extend(_mapping_lines({key: value}, 0))
    return "\n".join(lines) + "\n"


def _write(corpus: Corpus, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    corpus.stats["files"] += 1
    corpus.stats["bytes"] += len(data)


# --- files -----------------------------------------------------------------------------------


def _write_catalogues(corpus: Corpus, out: Path, seed: int) -> None:
    notice = f"Synthetic data made by bench/make_corpus.py (seed {seed}): not real statements."
    parties = [{"id": p.id, "name": p.name, "short": p.short, "role": p.role} for p in corpus.parties]
    _write(corpus, out / "parties.yaml", _document(["Parties to the talks, mediators and observers.", notice], {"parties": parties}, "parties"))
    topics = [{"id": tid, "title": title, "scope": scope} for tid, title, scope in TOPICS]
    _write(corpus, out / "topics.yaml", _document(["The topics positions are filed under.", notice], {"topics": topics}, "topics"))
    rng = corpus.rng
    sources = []
    for rnd in corpus.rounds:
        for source in rnd.sources:
            slug = source[: -len(rnd.date.isoformat()) - 1]
            outlet = dict(OUTLETS)[slug]
            entry: dict[str, Any] = {
                "id": source,
                "outlet": outlet,
                "title": f"Talks in {rnd.place[1]}: {rng.choice(OBJECTS)} on the table",
                "published": rnd.date,
                "file": f"{len(sources):03d}_{rng.getrandbits(64):016x}.txt",
            }
            if rng.random() < 0.6:
                entry["url"] = f"https://{slug}.example/{rnd.date.year}/{rnd.date.month:02d}/{source}"
            if rng.random() < 0.3:
                entry["notes"] = _note(rng)
            sources.append(entry)
    _write(corpus, out / "sources.yaml", _document(["The source catalogue: one entry per source document the data cites.", notice], {"sources": sources}, "sources"))


def _round_facts(corpus: Corpus, rnd: RoundInfo) -> dict[str, Any]:
    rng = corpus.rng
    mediators = [p for p in corpus.parties if p.role == "mediator"]
    facts: dict[str, Any] = {
        "id": rnd.id,
        "title": f"Round {rnd.index + 1} of direct talks",
        "date": rnd.date,
        "place": rnd.place[1],
        "venue": rnd.place[2],
    }
    if mediators:
        facts["mediators"] = [p.id for p in mediators]
        person, title = mediators[0].people[0]
        facts["chair"] = {"party": mediators[0].id, "person": person, "title": title, "evidence": [_evidence(corpus, None, rnd)]}
    delegations = []
    for party in (p for p in corpus.parties if p.role == "party"):
        head, title = party.people[0]
        delegation: dict[str, Any] = {"party": party.id, "head": head, "head_title": title}
        if rng.random() < 0.5:
            delegation["size"] = {"what": "delegation members", "value": rng.choice([6, 8, 12, 14]), "unit": "people"}
        delegation["members"] = [name for name, _ in party.people[1:]]
        delegation["evidence"] = [_evidence(corpus, party, rnd) for _ in range(rng.choice([1, 2]))]
        delegations.append(delegation)
    facts["delegations"] = delegations
    claims = [{"source": source, "value": rng.choice([45, 60, 90, 120])} for source in rng.sample(rnd.sources, k=2)]
    claims[0] = {"source": claims[0]["source"], "min": 60, "raw": "just over an hour"}  # "over": a lower bound
    facts["duration"] = {"what": "duration", "unit": "minutes", "claims": claims}
    facts["outcome"] = f"{_sentence(rng)} No ceasefire; the next round is to follow."
    facts["agreements"] = list(corpus.state["joint"].values())
    facts["evidence"] = [_evidence(corpus, None, rnd) for _ in range(2)]
    return facts


def _write_round(corpus: Corpus, out: Path, rnd: RoundInfo, seed: int) -> None:
    folder = out / "rounds" / rnd.id
    header = [f"Round {rnd.index + 1}: {rnd.place[1]}, {rnd.date.isoformat()}.", f"Synthetic data made by bench/make_corpus.py (seed {seed})."]
    _write(corpus, folder / "round.yaml", _document(header, _round_facts(corpus, rnd), "agreements"))
    corpus.stats["positions"] += len(corpus.state["joint"])
    for party in corpus.parties:
        positions = list(corpus.state[party.id].values())
        header = [f"{party.name} at round {rnd.index + 1}, {rnd.date.isoformat()}: {len(positions)} positions."]
        _write(corpus, folder / f"{party.id}.yaml", _document(header, {"positions": positions}, "positions"))
        corpus.stats["positions"] += len(positions)


def _parties(rng: random.Random, count: int) -> list[Party]:
    parties = []
    for i in range(count):
        if i < len(PARTY_NAMES):
            pid, name, short = PARTY_NAMES[i]
        else:
            pid, name, short = f"party-{i + 1}", f"Party {i + 1}", f"P{i + 1}"
        role = "party" if i < 2 else "mediator" if i == 2 else ("party" if i % 2 else "observer")
        people = [(_person(rng), rng.choice(TITLES)) for _ in range(rng.randint(3, 6))]
        parties.append(Party(pid, name, short, role, people))
    return parties


def make_corpus(out: Path, rounds: int, parties: int, positions: int, seed: int) -> dict[str, int]:
    """Write the corpus into `out` (empty, or a corpus made by this tool); return its statistics."""
    if rounds < 1 or parties < 1 or positions < 1:
        raise ValueError("rounds, parties and positions must each be at least 1")
    _clear(out)
    corpus = Corpus(random.Random(seed), [])
    corpus.parties = _parties(corpus.rng, parties)
    for _ in range(rounds):
        _next_round(corpus, positions)
        _write_round(corpus, out, corpus.rounds[-1], seed)
    _write_catalogues(corpus, out, seed)
    stamp = {"generator": GENERATOR_VERSION, "rounds": rounds, "parties": parties, "positions": positions, "seed": seed}
    (out / STAMP).write_text(json.dumps(stamp | {"stats": corpus.stats}, indent=1) + "\n", encoding="utf-8")
    return corpus.stats


def stamp_matches(out: Path, rounds: int, parties: int, positions: int, seed: int) -> bool:
    """True when `out` holds a complete corpus made with these arguments by this generator."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = {"generator": GENERATOR_VERSION, "rounds": rounds, "parties": parties, "positions": positions, "seed": seed}
    return all(stamp.get(k) == v for k, v in wanted.items())


def _clear(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / STAMP).is_file():
            raise FileExistsError(f"{out} is not empty and was not made by make_corpus.py; choose a new folder")
        for name in ("parties.yaml", "topics.yaml", "sources.yaml", STAMP):
            (out / name).unlink(missing_ok=True)
        shutil.rmtree(out / "rounds", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the folder to write (empty, or made by this tool before)")
    parser.add_argument("--rounds", type=int, default=20, help="number of rounds (default 20)")
    parser.add_argument("--parties", type=int, default=5, help="number of parties, each with a file per round (default 5)")
    parser.add_argument("--positions", type=int, default=1000, help="positions per party per round (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; same arguments, same files (default 1)")
    args = parser.parse_args(argv)
    try:
        stats = make_corpus(args.out, args.rounds, args.parties, args.positions, args.seed)
    except (ValueError, OSError) as exc:
        print(f"make_corpus: {exc}", file=sys.stderr)
        return 2
    print(
        f"{args.out}: {args.rounds} rounds, {args.parties} parties, {stats['positions']:,} positions in {stats['files']} files "
        f"({stats['bytes'] / 1e6:.1f} MB); between rounds {stats['added']:,} added, {stats['removed']:,} removed, {stats['changed']:,} changed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
