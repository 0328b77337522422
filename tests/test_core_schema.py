"""The plain classes a load makes (tracker.model) against the format's definition
(tracker.format_definition): the same validators, kept in a file that is what the models make
now, accepting and refusing the same input with the same messages, and behaving alike after."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st
from pydantic_core import ValidationError

from tracker import core_schema, format_definition as definition, model as loaded
from tracker.loader import bundled_data_dir
from tracker.plain_model import REQUIRED
from tracker.yamlread import parse_yaml

REPO = Path(__file__).resolve().parent.parent


def _documents() -> list[tuple[str, Any]]:
    """Every data file of the bundled data and the test data, parsed, with the record it holds."""
    found = []
    roots = [bundled_data_dir(), REPO / "tests" / "data" / "good", REPO / "tests" / "data" / "events"]
    files = [p for root in roots for p in sorted(root.rglob("*.yaml"))] + [REPO / "seeds" / "sources.yaml"]
    for path in files:
        name = {"parties.yaml": "PartiesFile", "topics.yaml": "TopicsFile", "sources.yaml": "SourcesFile", "round.yaml": "Round", "events.yaml": "EventsFile"}
        record = name.get(path.name, "PartyRoundFile")
        value = parse_yaml(path.read_text(encoding="utf-8")).value
        if isinstance(value, dict):
            found.append((record, value))
    return found


DOCUMENTS = _documents()


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    # A value error's context holds the exception itself, equal to another only by its words.
    return [{**e, "ctx": {k: str(v) for k, v in (e.get("ctx") or {}).items()}} for e in exc.errors(include_url=False)]


def _outcome(cls: Any, value: Any) -> tuple[str, Any]:
    try:
        made = cls.model_validate(value)
    except ValidationError as exc:
        return "refused", (exc.title, _errors(exc), str(exc))
    dumps = [made.model_dump(**options) for options in DUMPS]
    return "accepted", (repr(made), str(made), dumps, made.model_fields_set)


DUMPS: list[dict[str, Any]] = [
    {},
    {"mode": "json"},
    {"mode": "json", "exclude_none": True},
    {"mode": "json", "exclude_none": True, "exclude_defaults": True},
    {"exclude_unset": True},
]


def _same(record: str, value: Any) -> tuple[str, Any]:
    theirs = _outcome(getattr(definition, record), value)
    ours = _outcome(getattr(loaded, record), value)
    assert ours == theirs
    return ours


def test_the_kept_core_schema_is_what_the_models_make() -> None:
    assert core_schema.SCHEMA_FILE.read_text(encoding="utf-8") == core_schema.render(), (
        "tracker/core_schema.json is out of date: run `python -m tracker.core_schema`"
    )


def test_the_kept_core_schema_does_not_depend_on_what_was_built_before() -> None:
    """pydantic builds a model from those already built, once per process: `tracker schema` (the
    party-round file first, so Round finds Position built) must not change what is made. A
    fresh interpreter, since this process has built them all already."""
    code = (
        "from tracker.schema import SCHEMAS, json_schema\n"
        "for name in SCHEMAS: json_schema(name)\n"
        "from tracker import core_schema\n"
        "print(core_schema.render() == core_schema.SCHEMA_FILE.read_text(encoding='utf-8'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert done.stdout.strip() == "True"


def test_every_model_has_a_class_with_its_fields_defaults_and_private_attributes() -> None:
    assert {m.__name__ for m in definition.MODELS} == set(core_schema.make())
    for model in definition.MODELS:
        cls = getattr(loaded, model.__name__)
        assert list(cls.model_fields) == list(model.model_fields)
        for name, info in model.model_fields.items():
            ours = cls.model_fields[name]
            assert (ours.default is REQUIRED and ours.default_factory is None) == info.is_required()
            assert ours.default_factory is info.default_factory
            if not info.is_required() and info.default_factory is None:
                assert ours.default == info.default
        assert cls._private_defaults == {name: attr.default for name, attr in model.__private_attributes__.items()}


def test_every_data_file_reads_the_same() -> None:
    assert len(DOCUMENTS) >= 20
    outcomes = [_same(record, value)[0] for record, value in DOCUMENTS]
    assert set(outcomes) == {"accepted"}


HOSTILE: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, float("inf"), "", " ", "  padded text  ", "=cmd", "-3", "@x", "+1", "Ab", "a" * 81, "all", "side",
    "total", "stated", "implemented", "demand", "agreement", "party", "2025-13-01", "2025-06-02", " 2025-06-02 ",
    dt.date(2025, 6, 2), dt.date(1999, 1, 1), dt.datetime(2025, 6, 2, 10, 0), [], [1], ["x"], [{}], {}, {"position": "x"},
    {"position": "x", "party": "y", "round": "z"}, {"x": 1}, {"source": "s"}, {"source": "s", "quote": "q"},
    {"what": "days", "value": 1}, {"what": "days", "min": 5, "max": 2}, {"what": "d", "claims": [{"source": "a", "value": 1}]},
    {"document": "d", "number": 0},
]  # fmt: skip


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, path + (index,))
    return found


def _at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, Any]:
    record, document = draw(st.sampled_from(DOCUMENTS))
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if not path:
            if action == "add":
                document["unknown"] = draw(st.sampled_from(HOSTILE))
            continue
        parent, last = _at(document, path[:-1]), path[-1]
        target = parent[last]
        if action == "delete" and isinstance(parent, dict):
            del parent[last]
        elif action == "delete":
            parent.pop(last)
        elif action == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "id", "source", "status", "min", "claims", "per", "as_of"]))] = draw(st.sampled_from(HOSTILE))
        elif action == "add" and isinstance(target, list):
            target.append(copy.deepcopy(target[0]) if target and draw(st.booleans()) else draw(st.sampled_from(HOSTILE)))
        else:
            parent[last] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
    return record, document


@settings(max_examples=300)
@given(_mutated())
def test_hostile_changes_to_the_data_are_refused_or_accepted_alike(case: tuple[str, Any]) -> None:
    _same(*case)


@pytest.mark.parametrize("record", ["Position", "PositionRef", "Quantity", "Claim", "Evidence", "Party", "Source", "Topic", "DocumentPoint"])
@given(value=st.one_of(st.sampled_from(HOSTILE), st.dictionaries(st.sampled_from(["id", "source", "what", "value", "position", "number", "url"]), st.sampled_from(HOSTILE), max_size=4)))
def test_each_record_alone_refuses_alike(record: str, value: Any) -> None:
    _same(record, value)


def test_records_compare_copy_hash_and_refuse_changes_alike() -> None:
    for record, value in DOCUMENTS:
        ours, theirs = getattr(loaded, record).model_validate(value), getattr(definition, record).model_validate(value)
        for a, b in ((ours, theirs), *_children(ours, theirs)):
            assert [(k, repr(v)) for k, v in a] == [(k, repr(v)) for k, v in b]
            assert _hash(a) == _hash(b)
            assert (a == a.model_copy()) is (b == b.model_copy()) is True
            assert repr(copy.deepcopy(a)) == repr(copy.deepcopy(b)) and (copy.deepcopy(a) == a) is (copy.deepcopy(b) == b) is True
            assert pickle.loads(pickle.dumps(a)) == a and repr(pickle.loads(pickle.dumps(a))) == repr(b)
            first = next(iter(type(b).model_fields))
            changed, changed_theirs = a.model_copy(update={first: "other"}), b.model_copy(update={first: "other"})
            assert repr(changed) == repr(changed_theirs) and changed.model_fields_set == changed_theirs.model_fields_set
            assert (changed == a) is (changed_theirs == b)
            assert (a.model_copy(update={"unknown": 1}) == a) is (b.model_copy(update={"unknown": 1}) == b)
            with pytest.raises(ValidationError) as ours_refused:
                setattr(a, first, "other")
            with pytest.raises(ValidationError) as theirs_refused:
                setattr(b, first, "other")
            assert _errors(ours_refused.value) == _errors(theirs_refused.value)


def _children(ours: Any, theirs: Any) -> list[tuple[Any, Any]]:
    found = []
    for name in type(theirs).model_fields:
        a, b = getattr(ours, name), getattr(theirs, name)
        pairs = list(zip(a, b)) if isinstance(a, list) else [(a, b)]
        for x, y in pairs:
            if isinstance(y, definition.BaseModel):
                found += [(x, y), *_children(x, y)]
    return found


def _hash(value: Any) -> Any:
    try:
        return hash(value)
    except TypeError as exc:
        return str(exc)
