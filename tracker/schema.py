"""JSON Schemas for the data files, derived from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from tracker.format_definition import EventsFile, PartiesFile, PartyRoundFile, Round, SourcesFile, TopicsFile

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "party-round": (PartyRoundFile, "rounds/<round-id>/<party-id>.yaml: one party's positions at one round"),
    "round": (Round, "rounds/<round-id>/round.yaml: a round's facts and joint agreements"),
    "parties": (PartiesFile, "parties.yaml"),
    "topics": (TopicsFile, "topics.yaml"),
    "sources": (SourcesFile, "the source catalogue (seeds/sources.yaml)"),
    "events": (EventsFile, "events.yaml: what was done, agreed or declared between rounds, each dated by its own day"),
}

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def json_schema(name: str) -> dict:
    model, description = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "description": description,
        **schema,
    }


def render(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"
