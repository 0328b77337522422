"""The validators a load runs, derived from the format's definition and kept as a file.

pydantic turns each model of tracker.format_definition into a core schema, which pydantic_core
compiles into a validator. Making those schemas takes pydantic's model machinery, its plugin
lookup and building every model: most of a short command's start-up, each run, for the same
result. So the schemas are made once, here, and kept in tracker/core_schema.json, with the
classes they make instances of and the functions they call named rather than held: a model's
class becomes the plain class of the same name in tracker.model, a function one of
tracker.format_rules. tests/test_core_schema.py fails when the file is not what the models make
now (`python -m tracker.core_schema` writes it again), and checks that both refuse the same
input with the same messages.

What pydantic keeps for the JSON Schema (`metadata`) is left out: a validator never reads it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
import re
from enum import Enum
from pathlib import Path
from typing import Any

from tracker import format_rules

SCHEMA_FILE = Path(__file__).with_name("core_schema.json")

# pydantic names a definition after its class and the class's address in memory.
_REF = re.compile(r"^tracker\.[a-z_.]+\.([A-Za-z]+):\d+$")


# --- made from the models ---------------------------------------------------------------------


def make() -> dict[str, Any]:
    """Each model's core schema as plain data, by the model's name."""
    from tracker import format_definition

    from pydantic._internal._config import ConfigWrapper

    made: dict[str, Any] = {}
    for model in format_definition.MODELS:
        model.model_rebuild(force=True)  # each made afresh, whatever this process built before
        config = ConfigWrapper(model.model_config).core_config(title=model.__name__)  # as pydantic builds it
        made[model.__name__] = {"schema": _plain(model.__pydantic_core_schema__), "config": _plain(dict(config))}
    return made


def render() -> str:
    return json.dumps(make(), indent=None, separators=(",", ":"), ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "metadata":
                continue
            if key in ("ref", "schema_ref") and isinstance(item, str):
                found = _REF.match(item)
                if found is None:
                    raise ValueError(f"a reference of a form not known: {item!r}")
                item = found.group(1)
            out[key] = _plain(item)
        return out
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return {"$member": [type(value).__name__, value.name]}
    if isinstance(value, type) and issubclass(value, Enum):
        return {"$enum": value.__name__}
    if isinstance(value, type) and issubclass(value, BaseModel):
        return {"$class": value.__name__}
    if value is list:
        return {"$factory": "list"}
    if callable(value):
        if getattr(format_rules, getattr(value, "__name__", ""), None) is not value:
            raise ValueError(f"a validator outside tracker.format_rules: {value!r}")
        return {"$function": value.__name__}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in a core schema")


# --- read back, for tracker.model -------------------------------------------------------------

_kept: dict[str, Any] | None = None


def kept(name: str) -> Any:
    """The core schema of the record `name` as the file keeps it (classes and functions named)."""
    global _kept
    if _kept is None:
        _kept = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return _kept[name]["schema"]


def schema_of(name: str, classes: Mapping[str, type]) -> tuple[Any, Any]:
    """The core schema of the record `name` and its config, each model named taken from `classes`
    (tracker.model's)."""
    kept(name)
    assert _kept is not None
    return _resolve(_kept[name]["schema"], classes), _kept[name]["config"]


def _resolve(value: Any, classes: Mapping[str, type]) -> Any:
    if isinstance(value, list):
        return [_resolve(item, classes) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        [(key, name)] = value.items()
        if key == "$class":
            return classes[name]
        if key in ("$function", "$enum"):
            return getattr(format_rules, name)
        if key == "$member":
            return getattr(format_rules, name[0])[name[1]]
        if key == "$factory":
            return list
    return {key: _resolve(item, classes) for key, item in value.items()}


if __name__ == "__main__":
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE.name}")
