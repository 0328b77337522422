"""What the data format states in code rather than in a field's type: its words (the kinds,
statuses and roles), its patterns, how a YAML value is read as a date or a number, and the checks
a record keeps across its fields.

Shared by the format's definition (tracker.format_definition, the pydantic models) and by the
classes a load makes (tracker.model), which are validated by the same functions: pydantic's core
schema names them (tracker/core_schema.json). Imports neither pydantic nor the models, so a
command pays for neither to read them."""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from tracker.problems import cut, quote

# A pseudo party that owns a round's joint agreements, so they compare like any party's positions.
JOINT = "joint"

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
SLUG_MAX = 80
_SLUG_RE = re.compile(SLUG_PATTERN)

FORMULA_START = "=+-@"
"""A text may not begin with these: a spreadsheet opening the CSV export would run the cell as a
formula (`=HYPERLINK(...)` sends the row's data to an address), the rule OWASP gives for CSV
injection. Refused here rather than altered in the export, so what pandas reads stays the data."""
TEXT_PATTERN = r"^[^=+\-@]"


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(_SLUG_RE.fullmatch(value))  # match's `$` passes a trailing newline


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


class EventKind(StrEnum):
    carried_out = "carried_out"
    agreed = "agreed"
    declared = "declared"


EVENT_KIND_MEANINGS = {
    EventKind.carried_out: "something done between rounds: an exchange, a handover of bodies, a return of children",
    EventKind.agreed: "an agreement reached, announced or revived outside a round (with `under`, it revives or extends that agreement)",
    EventKind.declared: "a step one side declared on its own outside a round, no other side agreeing to it: a unilateral truce (no `under`)",
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


# --- reading a value --------------------------------------------------------------------------


def read_as(value: Any) -> str:
    """'the number 90', 'the boolean false', 'a list': how a value reads back to the curator."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {cut(repr(value))}"
    if value is None:
        return "an empty value (null)"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def iso_date(value: Any) -> Any:
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
    raise ValueError(f"expected a date (YYYY-MM-DD), got {read_as(value)}")


def number_or_date(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, _dt.date)):
        raise ValueError(f"expected a number or a date (YYYY-MM-DD), got {read_as(value)}")
    if isinstance(value, str):
        try:
            return iso_date(value)
        except ValueError:
            raise ValueError(f"expected a number or a date (YYYY-MM-DD), got the text {quote(value)}") from None
    return value


# --- checks across a record's fields (pydantic's "after" validators) -------------------------


def source_findable(source: Any) -> Any:
    if source.file is None and source.url is None:
        raise ValueError("a source needs a `url`, a local `file`, or both, so that a reader can find it")
    return source


def quote_needs_speaker(evidence: Any) -> Any:
    if evidence.quote is not None and evidence.speaker is None:
        raise ValueError("a quote needs the `speaker` whose words it is")
    return evidence


def amount_key(amount: Any) -> tuple:
    return (amount.value, amount.min, amount.max, amount.scope)


def check_amount(amount: Any, *, required: bool) -> None:
    low, high = amount.min, amount.max
    has_range = low is not None or high is not None
    given = sum([amount.value is not None, has_range, amount.scope is not None])
    if given > 1:
        raise ValueError("give one of `value`, `min`/`max` or `scope`, not several")
    if required and given == 0:
        raise ValueError("give `value`, `min`/`max`, `scope: all`, or several `claims`")
    if low is not None and high is not None:
        if isinstance(low, _dt.date) != isinstance(high, _dt.date):
            raise ValueError("`min` and `max` must both be numbers or both be dates")
    if low is not None and high is not None and low > high:
        raise ValueError(f"`min` ({low}) is greater than `max` ({high})")


def check_claim(claim: Any) -> Any:
    check_amount(claim, required=True)
    return claim


def check_quantity(quantity: Any) -> Any:
    if quantity.claims:
        if amount_key(quantity) != (None, None, None, None):
            raise ValueError("a contested figure gives its values in `claims` only")
        if len(quantity.claims) < 2:
            raise ValueError("`claims` records a disagreement: give at least two")
    else:
        check_amount(quantity, required=True)
    return quantity


def check_position(position: Any) -> Any:
    if position.status is Status.implemented and position.status_date is None and position.status_reported is None:
        raise ValueError("status `implemented` needs a `status_date` (the day it happened) or `status_reported` (the day a report said so)")
    if position.status_since is not None and position.status_date is not None and position.status_since > position.status_date:
        raise ValueError(f"`status_since` ({position.status_since}) is after `status_date` ({position.status_date})")
    others = [party for party in position.status_by if party not in position.parties]
    if others:
        raise ValueError(f"`status_by` names {', '.join(others)}, not among the agreement's `parties`")
    if position.status_by and position.status is not Status.implemented:
        raise ValueError("`status_by` says who reported an agreement carried out: it needs status `implemented`")
    return position
