"""The knowledge base's tables (SQLAlchemy Core). Migrations create them; code reads them here.

The full-text index is not listed: it differs by dialect and lives in `search.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A point in time, stored in UTC and always read back timezone-aware.

    A naive value is taken to be UTC already. SQLite has no time zones, so the offset
    is dropped there after converting; PostgreSQL keeps it in `timestamptz`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# `json`, not `jsonb`, on PostgreSQL: jsonb rewrites numbers (1e16 comes back as an
# integer), and a record must read back exactly as it was stored.
JSONValue = sa.JSON()

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("platform", sa.String),
    sa.Column("url", sa.String),
)

media = sa.Table(
    "media",
    metadata,
    sa.Column("sha256", sa.String, primary_key=True),
    sa.Column("mime_type", sa.String, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("source_id", sa.String, sa.ForeignKey("sources.id"), index=True),
    sa.Column("author", sa.String),
    sa.Column("published", UTCDateTime, index=True),
    sa.Column("url", sa.String, index=True),
    sa.Column("language", sa.String),
    sa.Column("platform", sa.String, nullable=False, index=True),
    sa.Column("account", sa.String),
    sa.Column("external_id", sa.String),
    sa.Column("format", sa.String, nullable=False),
    sa.Column("origin", sa.String, nullable=False),
    sa.Column("metadata", JSONValue, nullable=False),
    sa.Column("media_sha256", sa.String, sa.ForeignKey("media.sha256")),
    sa.Column("decode_errors", sa.Integer, nullable=False),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    # The older version at the same URL; each document is superseded at most once.
    sa.Column("supersedes", sa.String, sa.ForeignKey("documents.id"), unique=True),
    sa.Index(None, "platform", "external_id"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("kind", sa.String, nullable=False, index=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("key", sa.String, nullable=False, index=True),
    sa.Column("attributes", JSONValue, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

aliases = sa.Table(
    "aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("key", sa.String, nullable=False, index=True),
    sa.Column("script", sa.String, nullable=False),
    sa.Column("language", sa.String),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("seen_in", sa.String, sa.ForeignKey("documents.id")),
    sa.UniqueConstraint("entity_id", "name"),
)

external_ids = sa.Table(
    "external_ids",
    metadata,
    sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("scheme", sa.String, primary_key=True),
    sa.Column("value", sa.String, nullable=False),
    sa.UniqueConstraint("scheme", "value"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.String, nullable=False),
    sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), index=True),
    sa.Column("extractor", sa.String),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("type", sa.String, nullable=False, index=True),
    sa.Column("subject_id", sa.String, sa.ForeignKey("entities.id"), nullable=False, index=True),
    sa.Column("object_entity_id", sa.String, sa.ForeignKey("entities.id"), index=True),
    sa.Column("object_literal", sa.Text),
    sa.Column("place_id", sa.String, sa.ForeignKey("entities.id"), index=True),
    sa.Column("place_precision", sa.SmallInteger),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String),
    sa.Column("quantity_value", sa.Float),
    sa.Column("quantity_unit", sa.String),
    sa.Column("attributed_to_id", sa.String, sa.ForeignKey("entities.id"), index=True),
    sa.Column("hedge", sa.String, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("quote_start", sa.Integer, nullable=False),
    sa.Column("quote_end", sa.Integer, nullable=False),
    sa.Column("document_id", sa.String, sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("grade", sa.String),
    sa.Column("extractor", sa.String, nullable=False),
    sa.Column("review", sa.String, nullable=False),
    sa.Column("qualifiers", JSONValue, nullable=False),
    sa.Column("notes", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "date_start", "date_end"),
    # Control (migration 0004): the territory claims of places, types checked in the index.
    sa.Index(None, "place_id", "type"),
    sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
    sa.CheckConstraint(
        "object_entity_id IS NULL OR object_literal IS NULL", name="object_entity_or_literal"
    ),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("type", sa.String, nullable=False, index=True),
    sa.Column("place_id", sa.String, sa.ForeignKey("entities.id"), index=True),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "date_start", "date_end"),
)

event_claims = sa.Table(
    "event_claims",
    metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id"), primary_key=True, index=True),
    sa.Column("position", sa.Integer, nullable=False),
)

# Control periods (migration 0005): derived from the territory claims by
# `workflow.control.build_control`, rebuilt with the events. Each place's periods in date
# order, keyed by their first day; `evidence` and `others` list the observations behind a
# period (claim id, day, hedge, weight, document id, move, actor ids), so a period as of an
# earlier day can be cut back to what had been reported by then.
control_periods = sa.Table(
    "control_periods",
    metadata,
    sa.Column("place_id", sa.String, sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("start_day", sa.Date, primary_key=True),
    sa.Column("end_day", sa.Date),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("rule", sa.String, nullable=False),
    sa.Column("actor_id", sa.String),
    sa.Column("actors", JSONValue, nullable=False),
    sa.Column("held_by_id", sa.String),
    sa.Column("evidence", JSONValue, nullable=False),
    sa.Column("others", JSONValue, nullable=False),
)

# How many rows were ever added to or deleted from the claims and judgements: one row, kept
# by triggers (migration 0005), so derived tables can tell cheaply whether they still hold.
kb_revision = sa.Table(
    "kb_revision",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("claims", sa.BigInteger, nullable=False),
    sa.Column("judgements", sa.BigInteger, nullable=False),
)

# What each derived table was built from: `fingerprint` names the state of the knowledge
# base (`kb_revision`) when it was last rebuilt, so a
# reader can tell whether it still holds.
derived_tables = sa.Table(
    "derived_tables",
    metadata,
    sa.Column("name", sa.String, primary_key=True),
    sa.Column("fingerprint", sa.String, nullable=False),
    sa.Column("built_at", UTCDateTime, nullable=False),
)

judgements = sa.Table(
    "judgements",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("kind", sa.String, nullable=False, index=True),
    sa.Column("decision", sa.String, nullable=False),
    sa.Column("author", sa.String, nullable=False),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("undoes", sa.String, sa.ForeignKey("judgements.id"), index=True),
)

# The ids a judgement concerns (entities or claims), in order; a table so they can be indexed.
judgement_subjects = sa.Table(
    "judgement_subjects",
    metadata,
    sa.Column("judgement_id", sa.String, sa.ForeignKey("judgements.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("subject_id", sa.String, nullable=False, index=True),
)

# Watch rules and alerts. A rule is never deleted (its alerts keep pointing at it): removing
# it stamps `removed_at`. `kinds` lists the kinds of change the rule watches.
watch_rules = sa.Table(
    "watch_rules",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("target_id", sa.String, sa.ForeignKey("entities.id"), nullable=False, index=True),
    sa.Column("kinds", JSONValue, nullable=False),
    sa.Column("webhook_url", sa.String),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String, nullable=False),
    sa.Column("removed_at", UTCDateTime),
    sa.Column("removed_by", sa.String),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("rule_id", sa.String, sa.ForeignKey("watch_rules.id"), nullable=False, index=True),
    sa.Column("kind", sa.String, nullable=False, index=True),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("subject_id", sa.String, sa.ForeignKey("entities.id")),
    sa.Column("object_id", sa.String, sa.ForeignKey("entities.id")),
    sa.Column("place_id", sa.String, sa.ForeignKey("entities.id")),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)

# The claims behind an alert, in order; `role` says what each one is to the alert:
# "evidence", "contested" (a claim denying it) or "contradicted" (the accepted claim a
# contradiction goes against).
alert_claims = sa.Table(
    "alert_claims",
    metadata,
    sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id"), nullable=False, index=True),
    sa.Column("role", sa.String, nullable=False),
)

# Every attempt to deliver an alert to a webhook, kept: the newest is the alert's status.
alert_deliveries = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id"), nullable=False, index=True),
    sa.Column("url", sa.String, nullable=False),
    sa.Column("attempted_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("response_status", sa.Integer),
    sa.Column("error", sa.Text),
)

# Users of the web application. A user is never deleted (the audit log names them):
# disabling stamps `disabled_at`. Only an argon2 hash of the password is kept.
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False, unique=True),
    sa.Column("role", sa.String, nullable=False),
    sa.Column("password_hash", sa.String, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("disabled_at", UTCDateTime),
)

# Login sessions and API tokens keep only the SHA-256 of the secret the client holds, so a
# copy of the database lets nobody in. `csrf_token` is the session's form token.
web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("token_hash", sa.String, primary_key=True),
    sa.Column("user_id", sa.String, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("csrf_token", sa.String, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("ended_at", UTCDateTime),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("token_hash", sa.String, nullable=False, unique=True),
    sa.Column("user_id", sa.String, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("label", sa.String, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)

# Every login attempt, so throttling works across server processes.
login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("address", sa.String, nullable=False),
    sa.Column("attempted_at", UTCDateTime, nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index(None, "name", "attempted_at"),
    sa.Index(None, "address", "attempted_at"),
)

# Every write made through the web application or the `users` commands: who, what, when,
# and the record before and after (JSON, null when there was none).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("actor", sa.String, nullable=False, index=True),
    sa.Column("action", sa.String, nullable=False),
    sa.Column("target", sa.String, nullable=False, index=True),
    sa.Column("before", JSONValue),
    sa.Column("after", JSONValue),
)
