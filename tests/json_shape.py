"""A small JSON Schema checker for the documented output shape (docs/json-format.md).

It understands the keywords that schema uses: $ref, allOf, anyOf, const, enum, type, pattern,
minLength, minimum, required, properties, additionalProperties, unevaluatedProperties (for
properties evaluated by `properties` here and in `allOf`), items and minItems.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "json-format.md"

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


@cache
def documented_schema() -> dict[str, Any]:
    """The JSON Schema block under the 'JSON Schema' heading of docs/json-format.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## JSON Schema\n", 1)[1]
    block = section.split("```json\n", 1)[1].split("\n```", 1)[0]
    return json.loads(block)


def check(instance: Any, definition: str) -> list[str]:
    """Every way `instance` departs from `$defs/<definition>`; empty when it conforms."""
    root = documented_schema()
    return _check(instance, {"$ref": f"#/$defs/{definition}"}, root, "$")


def _resolve(ref: str, root: dict) -> dict:
    assert ref.startswith("#/"), ref
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def _evaluated(schema: dict, root: dict) -> set[str]:
    names = set(schema.get("properties", {}))
    if "$ref" in schema:
        names |= _evaluated(_resolve(schema["$ref"], root), root)
    for sub in schema.get("allOf", []):
        names |= _evaluated(sub, root)
    return names


def _check(value: Any, schema: dict, root: dict, path: str) -> list[str]:
    errors: list[str] = []
    if "$ref" in schema:
        errors += _check(value, _resolve(schema["$ref"], root), root, path)
    for sub in schema.get("allOf", []):
        errors += _check(value, sub, root, path)
    if "anyOf" in schema and all(_check(value, sub, root, path) for sub in schema["anyOf"]):
        errors.append(f"{path}: matches none of the alternatives")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            return errors + [f"{path}: expected {schema['type']}, got {type(value).__name__}"]
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: shorter than {schema['minLength']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "minimum" in schema:
        if value < schema["minimum"]:
            errors.append(f"{path}: {value} is below {schema['minimum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += _check(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}: missing {name!r}")
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                errors += _check(item, properties[name], root, f"{path}.{name}")
            elif "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    errors.append(f"{path}: unexpected key {name!r}")
                elif isinstance(extra, dict):
                    errors += _check(item, extra, root, f"{path}.{name}")
        if schema.get("unevaluatedProperties") is False:
            known = _evaluated(schema, root)
            errors += [f"{path}: unexpected key {name!r}" for name in value if name not in known]
    return errors
