"""The data format's single definition: one pydantic model per record a curator writes.

Every file is validated against the models here; the JSON Schema (`tracker schema`), the
codebook in docs/schema.md and the validators a load runs (tracker/core_schema.json, made from
these models by tracker.core_schema) are all derived from them. A load reads its records into
the plain classes of tracker.model, which validate with the same core schema without paying for
pydantic's model machinery; the definitions are imported only to derive from them.

YAML 1.1 turns `no` into False, `1:30` into 90 and `2025-06-02` into a date. The models are
strict wherever such a coercion would hide a mistake: a string field never accepts a bool or a
number, so `id: no` is an error rather than the id "False"."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from tracker.format_rules import (
    SLUG_MAX,
    SLUG_PATTERN,
    TEXT_PATTERN,
    JOINT,
    EventKind,
    Kind,
    Origin,
    Role,
    Status,
    check_claim,
    check_position,
    check_quantity,
    iso_date,
    number_or_date,
    quote_needs_speaker,
    source_findable,
)

Slug = Annotated[
    StrictStr,
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX),
    Field(description="Lower-case letters, digits, '-' or '_', e.g. `ceasefire-30-day`."),
]
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, pattern=TEXT_PATTERN)]
Date = Annotated[
    _dt.date,
    BeforeValidator(iso_date),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
NumberOrDate = Annotated[
    StrictInt | StrictFloat | _dt.date,
    BeforeValidator(number_or_date),
    Field(json_schema_extra={"anyOf": [{"type": "number"}, {"type": "string", "format": "date"}]}),
]


class _Model(BaseModel):
    # defer_build: only what is derived from a model (a schema, the codebook) builds it.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


# --- catalogues -------------------------------------------------------------------------------


class Party(_Model):
    """A party to the talks, a mediator or an observer."""

    id: Slug
    name: Text
    short: Text = Field(description="Short name for tables, e.g. `UA`.")
    role: Role
    definite: bool = Field(False, description="The name takes 'the' in a sentence: 'from the United States' (tables give the name alone).")


class PartiesFile(_Model):
    """`parties.yaml`."""

    parties: list[Party] = Field(min_length=1)


class Topic(_Model):
    """One area of the negotiation, e.g. prisoners or territory."""

    id: Slug
    title: Text
    scope: Text = Field(description="One line: what belongs under this topic.")


class TopicsFile(_Model):
    """`topics.yaml`."""

    topics: list[Topic] = Field(min_length=1)


class Source(_Model):
    """A source document the data cites. The text itself is not copied into the project."""

    id: Slug
    outlet: Text
    title: Text
    published: Date
    updated: Date | None = None
    file: Text | None = Field(
        default=None,
        description="A local copy of the document's text: its path in the sources folder (see `texts`), e.g. `000_c1e9030bd691f8ba.txt`.",
    )
    url: Text | None = Field(default=None, description="The document's address (http or https).")
    notes: Text | None = None

    _findable = model_validator(mode="after")(source_findable)


class SourcesFile(_Model):
    """The source catalogue: `sources.yaml` in the data directory (or `seeds/sources.yaml` beside it)."""

    texts: Text | None = Field(
        default=None,
        description=(
            "The folder of your own copies of the sources' texts (each entry's `file`), relative to this file. "
            "With it, `tracker validate` checks every quote and figure against the text it cites. "
            "`--sources DIR` or `$TRACKER_SOURCES` take its place."
        ),
    )
    sources: list[Source] = Field(min_length=1)


# --- positions --------------------------------------------------------------------------------


class Evidence(_Model):
    """Where a statement is reported. A `quote` is only the exact words of a named speaker."""

    source: Slug = Field(description="Id of an entry in the source catalogue.")
    quote: Text | None = Field(default=None, description="Verbatim words of `speaker` as the source prints them.")
    speaker: Text | None = Field(default=None, description="Who said it, as the source names them.")
    note: Text | None = Field(default=None, description="What this source says, in your own words.")

    _quote_needs_speaker = model_validator(mode="after")(quote_needs_speaker)


class _Amount(_Model):
    """An exact value, a range, or `scope: all`."""

    value: NumberOrDate | None = None
    min: NumberOrDate | None = Field(default=None, description="Lower bound, inclusive: a number or a date.")
    max: NumberOrDate | None = Field(default=None, description="Upper bound, inclusive: a number or a date.")
    scope: Literal["all"] | None = Field(default=None, description="`all` for 'all-for-all' style quantities.")
    raw: Text | None = Field(default=None, description="The figure as the source words it, e.g. `2 to 3 days`.")

class Claim(_Amount):
    """One source's version of a figure the sources word differently or disagree on."""

    source: Slug = Field(description="Id of the source that gives this figure.")
    speaker: Text | None = Field(default=None, description="Who gave the figure, if the source says.")
    note: Text | None = None
    as_of: Date | None = Field(
        default=None,
        description=(
            "The day this source's figure holds for, in a running count (bodies returned so far): claims "
            "of different days are a count that grew, told in order, not a disagreement."
        ),
    )
    per: Literal["side", "total"] | None = Field(
        default=None,
        description="Per side or in total, where this source counts otherwise than the figure's `per`: 12,000 in total is 6,000 a side.",
    )

    _check = model_validator(mode="after")(check_claim)


class Quantity(_Amount):
    """A figure in a position: '30 days', '6,000 bodies', 'all-for-all', 'aged 18 to 25'."""

    what: Text = Field(description="What is counted, e.g. `ceasefire length`, `bodies`.")
    unit: Text | None = None
    per: Literal["side", "total"] | None = Field(default=None, description="Per side, or in total.")
    claims: list[Claim] = Field(default_factory=list, description="Each source's figure, when they differ.")
    as_of: Date | None = Field(
        default=None,
        description=(
            "The day of the last report that gives this figure, when that is not the round's own: a position "
            "restated without its figure keeps the figure as last reported before the round, and is told so "
            "('30 days, as last reported on 2 June 2025'); a figure given only after the round is dated by that report."
        ),
    )

    _check = model_validator(mode="after")(check_quantity)


class PositionRef(_Model):
    """A reference to another position, by default of the same party in the same round."""

    position: Slug = Field(description="The id of the position referred to.")
    party: Slug | None = Field(default=None, description="Its party; default: the same party.")
    round: Slug | None = Field(default=None, description="Its round; default: the same round.")


Condition = Annotated[Text | PositionRef, Field(union_mode="left_to_right")]


class DocumentPoint(_Model):
    """A numbered point of a document put to the talks (see a round's `documents`)."""

    document: Slug = Field(description="The id of the document, as a round's `documents` gives it; ids are unique across rounds.")
    number: StrictInt = Field(ge=1, description="The point's number in the document.")

class Position(_Model):
    """One stated position of a party at a round, or one joint agreement of the round."""

    id: Slug = Field(description="Stable across rounds: the same id in two rounds is the same position.")
    topic: Slug = Field(description="Id of a topic in topics.yaml.")
    kind: Kind = Field(description="What sort of position this is: see `kind` above.")
    summary: Text = Field(description="The position in one or two sentences, in your own words.")
    status: Status = Field(default=Status.stated, description="Where it stands: see `status` above. Default `stated`.")
    status_date: Date | None = Field(
        default=None,
        description="When the status took effect (the event's own day, the last day of one in stages); `implemented` needs it or `status_reported`.",
    )
    status_since: Date | None = Field(
        default=None, description="The first day of a status reached in stages (an exchange over several days), with `status_date` its last."
    )
    status_reported: Date | None = Field(
        default=None,
        description=(
            "The day of the first report that gives the status as reached, when the sources give no day for the "
            "event itself: told as 'reported on … as carried out', never as the day it happened."
        ),
    )
    parties: list[Slug] = Field(default_factory=list, description="Joint agreements only: who agreed.")
    status_by: list[Slug] = Field(
        default_factory=list,
        description=(
            "Joint agreements only: the parties that reported the status reached, when not all of `parties` did "
            "(only Russia called the exchanges over): told as 'in Russia's account'. Default: all of them."
        ),
    )
    quantities: list[Quantity] = Field(default_factory=list, description="The figures in the position.")
    conditions: list[Condition] = Field(default_factory=list, description="What it depends on: text, or a reference to another position.")
    responds_to: list[PositionRef] = Field(
        default_factory=list,
        description="The positions this one answers, e.g. a rejection of the other side's demand.",
    )
    evidence: list[Evidence] = Field(min_length=1, description="Where it is reported; at least one.")
    notes: Text | None = Field(default=None, description="Context, caveats, disagreements between sources.")
    put_forward: Date | None = Field(
        default=None,
        description=(
            "When the party first put this position forward, where the sources say. A position not on record "
            "at an earlier round is reported as *new* only when this date is after that round; without it, "
            "it is *first on record* (the earlier round's sources did not report it)."
        ),
    )
    carried_from: Slug | None = Field(
        default=None,
        description=(
            "The id of an earlier round whose position this one carries over unchanged, when this round's "
            "sources say it still stands without restating it (cite them in `evidence`)."
        ),
    )
    track: Slug | None = Field(default=None, description="The working group or track it was put in: the id of one of its round's `tracks`.")
    point: DocumentPoint | None = Field(default=None, description="The point of a document (a plan, of any round's `documents`) it is a stance on.")

    _party: str = PrivateAttr(default="")
    _round: str = PrivateAttr(default="")
    _origin: Origin | None = PrivateAttr(default=None)
    _source: tuple[bytes, dict[str, Any]] | None = PrivateAttr(default=None)
    """Set by the loader: a digest of the position's YAML text, and the fields read from it."""

    _check = model_validator(mode="after")(check_position)


class PartyRoundFile(_Model):
    """`rounds/<round-id>/<party-id>.yaml`: one party's positions at one round."""

    positions: list[Position] = Field(default_factory=list)
    notes: Text | None = None


# --- rounds -----------------------------------------------------------------------------------


class Delegation(_Model):
    """A party's delegation at a round: who led it, how large it was."""

    party: Slug
    head: Text = Field(description="Who led the delegation.")
    head_title: Text | None = Field(default=None, description="The head's office, e.g. `Defence Minister`.")
    size: Quantity | None = Field(default=None, description="How many people it had.")
    members: list[Text] = Field(default_factory=list, description="Other named members.")
    evidence: list[Evidence] = Field(default_factory=list)


class Chair(_Model):
    """Who chaired or presided over a round."""

    party: Slug
    person: Text
    title: Text | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Track(_Model):
    """A working group or track within a round: the political and the military groups."""

    id: Slug
    title: Text
    evidence: list[Evidence] = Field(default_factory=list)


class Point(_Model):
    """One numbered point of a document."""

    number: StrictInt = Field(ge=1)
    summary: Text = Field(description="What the point says, in your own words.")
    evidence: list[Evidence] = Field(default_factory=list)


class Document(_Model):
    """A plan or framework negotiated point by point, kept with the round it was first put to the
    parties at; positions of any round refer to its points (a position's `point`)."""

    id: Slug = Field(description="Unique across all rounds, e.g. `us-plan-2025-11`.")
    title: Text
    author: Slug | None = Field(default=None, description="The party that drafted it, if the sources say.")
    date: Date | None = Field(default=None, description="When it was first reported or published.")
    revises: Slug | None = Field(default=None, description="The id of the document this one revises.")
    points: list[Point] = Field(default_factory=list, description="Its numbered points, those the sources report.")
    evidence: list[Evidence] = Field(min_length=1)
    notes: Text | None = None


class Round(_Model):
    """`rounds/<round-id>/round.yaml`: the facts of one round and its joint agreements."""

    id: Slug = Field(description="The round's folder name, e.g. `2025-06-02-istanbul`.")
    title: Text | None = None
    date: Date = Field(description="The day it was held, its first day if it ran over several; an id that begins with a date begins with this one.")
    end_date: Date | None = Field(default=None, description="Its last day, when it ran over several days.")
    place: Text = Field(description="The city. One meeting is one round: no two rounds share a date and a place.")
    venue: Text | None = Field(default=None, description="The building.")
    host: Text | None = Field(default=None, description="Who hosted it: a party id (role `host` if it is no side and no mediator) or a name; an id-like value must be a party's id.")
    mediators: list[Slug] = Field(default_factory=list, description="Party ids of the mediators; a mediator may also state positions (a file of its own).")
    tracks: list[Track] = Field(default_factory=list, description="Working groups or tracks within the round; a position names one in `track`.")
    documents: list[Document] = Field(default_factory=list, description="Documents first put to the parties at this round: plans and their revisions.")
    chair: Chair | None = None
    delegations: list[Delegation] = Field(default_factory=list)
    duration: Quantity | None = Field(default=None, description="How long the meeting lasted.")
    outcome: Text = Field(description="The outcome in one line.")
    agreements: list[Position] = Field(default_factory=list, description="Joint agreements: positions of kind `agreement`.")
    evidence: list[Evidence] = Field(default_factory=list, description="Sources for the round's facts.")
    notes: Text | None = None

    _origin: Origin | None = PrivateAttr(default=None)


# --- events -----------------------------------------------------------------------------------


class AgreementRef(_Model):
    """The agreement an event carries out or revives: a position of kind `agreement` of a round."""

    round: Slug = Field(description="The id of the round that holds the agreement.")
    position: Slug = Field(description="The agreement's id in that round.")
    party: Slug = Field(default=JOINT, description="Whose position it is; default `joint` (the round's agreements in round.yaml).")


class Event(_Model):
    """Something done, agreed or declared between rounds, dated by its own day: an exchange carried out in
    stages after the round that agreed it, an agreement announced on a day with no talks."""

    id: Slug = Field(description="Unique among the events, e.g. `exchange-2025-08-24`.")
    date: Date = Field(description="The day it happened (not the day it was reported); its first day if it ran over several; with `announced`, the day it was announced.")
    end_date: Date | None = Field(default=None, description="Its last day, when it ran over several days.")
    announced: bool | None = Field(
        default=None,
        description=(
            "`true` when no source gives the day it happened, only the day it was announced: `date` is that day, "
            "and every face tells it as done or agreed 'on or before' it. Not with `end_date`."
        ),
    )
    kind: EventKind = Field(description="`carried_out` (something done), `agreed` (an agreement reached outside a round) or `declared` (a step one side declared on its own, such as a unilateral truce).")
    topic: Slug = Field(description="Id of a topic in topics.yaml.")
    parties: list[Slug] = Field(min_length=1, description="Who carried it out, who agreed, or who declared it: party ids, at least one.")
    summary: Text = Field(description="What happened in one or two sentences, in your own words.")
    under: AgreementRef | None = Field(
        default=None,
        description="The agreement this event carries out or revives (an agreement of a round, not dated after the event).",
    )
    completes: bool | None = Field(
        default=None,
        description=(
            "`true` on the stage its sources say completed the agreement it carries out (`under`): the timeline "
            "then tells the agreement carried out, from its first stage to this one, though no later round records it."
        ),
    )
    quantities: list[Quantity] = Field(default_factory=list, description="The figures of the event, as a position's.")
    evidence: list[Evidence] = Field(min_length=1, description="Where it is reported; at least one.")
    notes: Text | None = Field(default=None, description="Context, caveats, disagreements between sources.")

    _origin: Origin | None = PrivateAttr(default=None)


class EventsFile(_Model):
    """`events.yaml`: what was done, agreed or declared between rounds (optional: no file, no events)."""

    events: list[Event] = Field(default_factory=list)


MODELS: tuple[type[_Model], ...] = (
    Party, PartiesFile, Topic, TopicsFile, Source, SourcesFile, Evidence, Claim, Quantity, PositionRef,
    DocumentPoint, Position, PartyRoundFile, Delegation, Chair, Track, Point, Document, Round,
    AgreementRef, Event, EventsFile,
)  # fmt: skip
"""Every record of the format, each made a class of tracker.model of the same name."""
