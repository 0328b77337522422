"""The data model: the single definition of the YAML format.

Every file a curator writes is validated against one of the models here; the JSON Schema
(`tracker schema`) and the codebook in docs/schema.md are derived from them.

YAML 1.1 turns `no` into False, `1:30` into 90 and `2025-06-02` into a date. The models are
strict wherever such a coercion would hide a mistake: a string field never accepts a bool or a
number, so `id: no` is an error rather than the id "False"."""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

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

from tracker.agreement import claims_differ
from tracker.problems import cut, quote

# A pseudo party that owns a round's joint agreements, so they compare like any party's positions.
JOINT = "joint"

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
SLUG_MAX = 80
_SLUG_RE = re.compile(SLUG_PATTERN)

Slug = Annotated[
    StrictStr,
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX),
    Field(description="Lower-case letters, digits, '-' or '_', e.g. `ceasefire-30-day`."),
]
FORMULA_START = "=+-@"
"""A text may not begin with these: a spreadsheet opening the CSV export would run the cell as a
formula (`=HYPERLINK(...)` sends the row's data to an address), the rule OWASP gives for CSV
injection. Refused here rather than altered in the export, so what pandas reads stays the data."""
TEXT_PATTERN = r"^[^=+\-@]"
Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1, pattern=TEXT_PATTERN)]


def _read_as(value: Any) -> str:
    """'the number 90', 'the boolean false', 'a list': how a value reads back to the curator."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {cut(repr(value))}"
    if value is None:
        return "an empty value (null)"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _iso_date(value: Any) -> Any:
    """Accept a quoted ISO date as well as YAML's own date scalar; reject datetimes and numbers."""
    if isinstance(value, _dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{quote(value)} is not a date in the form YYYY-MM-DD") from None
    if isinstance(value, _dt.date):
        return value
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_read_as(value)}")


Date = Annotated[
    _dt.date,
    BeforeValidator(_iso_date),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
Number = StrictInt | StrictFloat


def _number_or_date(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, _dt.date)):
        raise ValueError(f"expected a number or a date (YYYY-MM-DD), got {_read_as(value)}")
    if isinstance(value, str):
        try:
            return _iso_date(value)
        except ValueError:
            raise ValueError(f"expected a number or a date (YYYY-MM-DD), got the text {quote(value)}") from None
    return value


NumberOrDate = Annotated[
    StrictInt | StrictFloat | _dt.date,
    BeforeValidator(_number_or_date),
    Field(json_schema_extra={"anyOf": [{"type": "number"}, {"type": "string", "format": "date"}]}),
]


class Kind(StrEnum):
    demand = "demand"
    precondition = "precondition"
    proposal = "proposal"
    offer = "offer"
    concession = "concession"
    rejection = "rejection"
    red_line = "red_line"
    commitment = "commitment"
    agreement = "agreement"


class Status(StrEnum):
    stated = "stated"
    agreed = "agreed"
    rejected = "rejected"
    withdrawn = "withdrawn"
    superseded = "superseded"
    implemented = "implemented"


KIND_MEANINGS = {
    Kind.demand: "what a party insists the other side do",
    Kind.precondition: "what a party requires before it will take a step (e.g. agree a ceasefire)",
    Kind.proposal: "a suggestion put to the talks: a format, a date, a mechanism",
    Kind.offer: "something a party says it is willing to give or do",
    Kind.concession: "a step back from an earlier position",
    Kind.rejection: "a party's refusal of the other side's demand or proposal",
    Kind.red_line: "a point a party says it will never give up",
    Kind.commitment: "a party's own undertaking, made alone",
    Kind.agreement: "a joint agreement of the round (round.yaml only)",
}

STATUS_MEANINGS = {
    Status.stated: "put forward, not (yet) accepted or refused",
    Status.agreed: "accepted by the other side, or jointly agreed",
    Status.rejected: "refused by the other side",
    Status.withdrawn: "dropped by the party that made it",
    Status.superseded: "replaced by a newer position (say which in `notes` or `conditions`)",
    Status.implemented: "carried out; `status_date` says when",
}


class Role(StrEnum):
    party = "party"
    mediator = "mediator"
    observer = "observer"
    host = "host"


class Origin(NamedTuple):
    """Where a record was read from: 1-based line and column."""

    file: Path
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class _Model(BaseModel):
    # defer_build: a command that finds its data in the cache (tracker.cache) never pays for
    # building the validators, which is most of pydantic's start-up cost.
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

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if self.file is None and self.url is None:
            raise ValueError("a source needs a `url`, a local `file`, or both, so that a reader can find it")
        return self


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

    @model_validator(mode="after")
    def _quote_needs_speaker(self) -> Evidence:
        if self.quote is not None and self.speaker is None:
            raise ValueError("a quote needs the `speaker` whose words it is")
        return self


class _Amount(_Model):
    """An exact value, a range, or `scope: all`."""

    value: NumberOrDate | None = None
    min: NumberOrDate | None = Field(default=None, description="Lower bound, inclusive: a number or a date.")
    max: NumberOrDate | None = Field(default=None, description="Upper bound, inclusive: a number or a date.")
    scope: Literal["all"] | None = Field(default=None, description="`all` for 'all-for-all' style quantities.")
    raw: Text | None = Field(default=None, description="The figure as the source words it, e.g. `2 to 3 days`.")

    def amount_text(self) -> str:
        if self.scope == "all":
            return "all"
        if self.value is not None:
            return _fmt(self.value)
        if self.min is not None and self.max is not None:
            return f"{_fmt(self.min)}–{_fmt(self.max)}"
        if self.min is not None:
            return f"≥{_fmt(self.min)}"
        if self.max is not None:
            return f"≤{_fmt(self.max)}"
        return self.raw or "?"

    def _amount_key(self) -> tuple:
        return (self.value, self.min, self.max, self.scope)

    def _check_amount(self, *, required: bool) -> None:
        has_range = self.min is not None or self.max is not None
        given = sum([self.value is not None, has_range, self.scope is not None])
        if given > 1:
            raise ValueError("give one of `value`, `min`/`max` or `scope`, not several")
        if required and given == 0:
            raise ValueError("give `value`, `min`/`max`, `scope: all`, or several `claims`")
        if self.min is not None and self.max is not None:
            if isinstance(self.min, _dt.date) != isinstance(self.max, _dt.date):
                raise ValueError("`min` and `max` must both be numbers or both be dates")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min}) is greater than `max` ({self.max})")


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


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

    @model_validator(mode="after")
    def _check(self) -> Claim:
        self._check_amount(required=True)
        return self


class Quantity(_Amount):
    """A figure in a position: '30 days', '6,000 bodies', 'all-for-all', 'aged 18 to 25'."""

    what: Text = Field(description="What is counted, e.g. `ceasefire length`, `bodies`.")
    unit: Text | None = None
    per: Literal["side", "total"] | None = Field(default=None, description="Per side, or in total.")
    claims: list[Claim] = Field(default_factory=list, description="Each source's figure, when they differ.")
    as_of: Date | None = Field(
        default=None,
        description=(
            "The day of the last report that gives this figure, when that is before this round: a position "
            "restated without its figure keeps the figure as last reported, and is told so ('30 days, as "
            "reported on 2 June')."
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> Quantity:
        if self.claims:
            if self._amount_key() != (None, None, None, None):
                raise ValueError("a contested figure gives its values in `claims` only")
            if len(self.claims) < 2:
                raise ValueError("`claims` records a disagreement: give at least two")
        else:
            self._check_amount(required=True)
        return self

    @property
    def contested(self) -> bool:
        """Whether its sources give figures that cannot all be true (claims_differ: the one
        rule every face follows)."""
        return claims_differ(self)

    def display(self) -> str:
        """'6,000 bodies', or 'contested: 6,000 / 12,000 bodies'."""
        unit = f" {self.unit}" if self.unit else ""
        if self.claims:
            values = " / ".join(dict.fromkeys(c.amount_text() for c in self.claims))
            prefix = "contested: " if self.contested else ""
            return f"{self.what}: {prefix}{values}{unit}"
        per = f" per {self.per}" if self.per == "side" else ""
        return f"{self.what}: {self.amount_text()}{unit}{per}"


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

    def __str__(self) -> str:
        return f"point {self.number} of {self.document}"


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

    @model_validator(mode="after")
    def _check(self) -> Position:
        if self.status is Status.implemented and self.status_date is None and self.status_reported is None:
            raise ValueError("status `implemented` needs a `status_date` (the day it happened) or `status_reported` (the day a report said so)")
        if self.status_since is not None and self.status_date is not None and self.status_since > self.status_date:
            raise ValueError(f"`status_since` ({self.status_since}) is after `status_date` ({self.status_date})")
        return self

    # Read straight from pydantic's store: `self._party` goes through BaseModel.__getattr__, a few
    # microseconds each, and comparisons, tables and searches read these for every position.
    @property
    def party(self) -> str:
        return self.__pydantic_private__["_party"]  # type: ignore[index]

    @property
    def round(self) -> str:
        return self.__pydantic_private__["_round"]  # type: ignore[index]

    @property
    def origin(self) -> Origin | None:
        return self.__pydantic_private__["_origin"]  # type: ignore[index]

    @property
    def key(self) -> tuple[str, str]:
        return (self.__pydantic_private__["_party"], self.id)  # type: ignore[index]

    @property
    def contested(self) -> bool:
        return any(q.contested for q in self.quantities)

    def has_same_text(self, other: Position) -> bool:
        """True when the loader read both from the same YAML text, so their fields are equal: a
        quick answer for the many positions that carry over unchanged. A copy (model_copy with an
        update) has fields of its own, not the ones the digest was taken with, so never matches."""
        mine, theirs = self.__pydantic_private__["_source"], other.__pydantic_private__["_source"]  # type: ignore[index]
        return (
            mine is not None
            and theirs is not None
            and mine[1] is self.__dict__
            and theirs[1] is other.__dict__
            and mine[0] == theirs[0]
        )


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

    @property
    def origin(self) -> Origin | None:
        return self._origin

    @property
    def label(self) -> str:
        return f"{self.date.isoformat()} {self.place}"

    @property
    def days(self) -> tuple[_dt.date, _dt.date]:
        """Its first and last day (the same day for a one-day round)."""
        return (self.date, self.end_date or self.date)


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(_SLUG_RE.fullmatch(value))  # match's `$` passes a trailing newline


# Re-exported for type hints elsewhere.
__all__ = [  # fmt: skip
    "JOINT", "Chair", "Claim", "Condition", "Delegation", "Document", "DocumentPoint", "Evidence", "Kind",
    "Origin", "PartiesFile", "Party", "PartyRoundFile", "Point", "Position", "PositionRef", "Quantity",
    "Role", "Round", "Source", "SourcesFile", "Status", "Topic", "TopicsFile", "Track", "is_slug",
]
