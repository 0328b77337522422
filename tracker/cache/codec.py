"""A Dataset as plain data (JSON), and back, for the cache of loads.

JSON with tagged objects: {"$": "Position", "f": {fields}, "p": {private attributes}}. Decoding
builds only the classes named in _classes() (the model's, the Dataset's two dataclasses), a
record restored with its fields as kept (`PlainModel.restore`, which checks they are its
fields): the values were validated when the load was made, and the MAC says this is that load;
no code of the file's choosing runs, whatever it says. Never a pickle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _classes() -> dict[str, Any]:
    from dataclasses import is_dataclass

    from enum import StrEnum

    from tracker import dataset, format_rules, model
    from tracker.plain_model import PlainModel
    from tracker.problems import Problem

    found: dict[str, Any] = {"Dataset": dataset.Dataset, "RoundData": dataset.RoundData, "Problem": Problem, "Origin": model.Origin}
    for name in dir(model):
        obj = getattr(model, name)
        if isinstance(obj, type) and obj.__module__ in (model.__name__, format_rules.__name__):
            if issubclass(obj, (PlainModel, StrEnum)) or is_dataclass(obj):
                found[name] = obj
    return found


def encode(value: Any) -> Any:
    import dataclasses
    import datetime as dt
    from enum import Enum

    from tracker.plain_model import PlainModel

    if isinstance(value, Enum):  # before str: the model's enums are StrEnums
        return {"$": type(value).__name__, "v": value.value}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value  # never NaN: allow_nan=False refuses it, and the load is not kept
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, PlainModel):
        private = dict(value.__pydantic_private__ or {})
        source = private.pop("_source", None)
        out = {"$": type(value).__name__, "f": {k: encode(v) for k, v in value.__dict__.items()}}
        out["set"] = sorted(value.model_fields_set)
        out["p"] = {k: encode(v) for k, v in private.items()}
        if source is not None:
            out["src"] = source[0].hex()
        return out
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # Origin
        return {"$": type(value).__name__, "t": [encode(v) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in ("key_set", "key_index")}
        return {"$": type(value).__name__, "d": fields}
    if isinstance(value, dict):
        return {"$": "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$": "tuple", "t": [encode(v) for v in value]}
    if isinstance(value, Path):
        return {"$": "path", "v": os.fsdecode(value)}
    if isinstance(value, dt.datetime):
        raise TypeError("a date and time in a valid load")  # the model refuses them
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the cache")


def decode(text: str | bytes, classes: dict[str, Any] | None = None) -> Any:
    """What encode made, back from its JSON text. Each tagged object is made as the parser reads
    it (object_hook: innermost first), so no second walk over the whole load."""
    import datetime as dt
    import json

    from tracker.plain_model import PlainModel

    classes = classes if classes is not None else _classes()
    paths: dict[str, Path] = {}  # every position of a file names the same path: one object

    def made(value: dict[str, Any]) -> Any:
        tag = value.get("$")
        if tag is None:  # the fields of a record or a dataclass, already made
            return value
        if tag == "dict":
            return {k: v for k, v in value["items"]}
        if tag == "tuple":
            return tuple(value["t"])
        if tag == "path":
            found = paths.get(value["v"])
            if found is None:
                found = paths[value["v"]] = Path(value["v"])
            return found
        if tag == "date":
            return dt.date.fromisoformat(value["v"])
        cls = classes[tag]  # a KeyError for any name not on the list: a miss
        if "v" in value:
            return cls(value["v"])
        if "t" in value:
            return cls(*value["t"])
        if "d" in value:
            return cls(**value["d"])
        if not issubclass(cls, PlainModel):
            raise ValueError("not a record")
        fields, private = value["f"], value["p"]
        if "src" in value:
            private["_source"] = (bytes.fromhex(value["src"]), fields)
        return cls.restore(fields, set(value["set"]), private)

    return json.loads(text, object_hook=made)
