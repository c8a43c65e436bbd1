"""Judgements: a person's or the resolver's recorded decision, undoable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from allegiance.model.ids import content_id


class JudgementKind(StrEnum):
    SAME_AS = "same-as"
    NOT_SAME_AS = "not-same-as"
    CLAIM_REVIEW = "claim-review"
    ACCOUNT_LINK = "account-link"


@dataclass(frozen=True, slots=True)
class Judgement:
    """Who decided what about which records, when and why.

    `subjects` are the ids judged (two entities, or one claim); `decision` is the outcome
    (for a claim review: accepted, rejected or edited). A judgement is undone by a later
    one whose `undoes` names it; nothing is deleted.
    """

    kind: JudgementKind
    subjects: tuple[str, ...]
    decision: str
    author: str
    created: datetime
    reason: str = ""
    undoes: str | None = None

    @property
    def id(self) -> str:
        return content_id(
            "jdg",
            self.kind.value,
            *self.subjects,
            self.decision,
            self.author,
            _utc(self.created).isoformat(),
            self.undoes,
        )


def _utc(moment: datetime) -> datetime:
    """The same moment in UTC (a naive value is taken as UTC), so ids do not depend on zones."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
