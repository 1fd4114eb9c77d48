"""Tables of the store and the ordered list of schema migrations.

Portable SQL only (SQLite and PostgreSQL): SQLAlchemy Core types, JSON kept in TEXT columns.
The ``meta`` table holds ``schema_version`` = the number of migrations applied; :func:`migrate` applies
the missing ones in order, each in its own transaction. A migration is a function of a connection and
must never change once released: add a new one instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ..errors import StoreError

log = logging.getLogger(__name__)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("content_hash", String(128), nullable=False),
    Column("title", Text),
    Column("outlet", String(255)),
    Column("url", Text),
    Column("published", Date),
    Column("published_source", String(32)),
    Column("language", String(32)),
    Column("status", String(255), nullable=False),
    Column("message", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("raw_text", Text),
    Column("offsets", Text),  # JSON list of [clean_start, raw_start, length]
    UniqueConstraint("content_hash", name="uq_articles_content_hash"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", String(255), primary_key=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("trigger", Text),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("actor2", Text),
    Column("assoc_actor_2", Text),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("date", Date),
    Column("date_precision", Integer),
    Column("date_text", Text),
    Column("date_method", String(32), nullable=False),
    Column("place", Text),  # JSON of PlaceMention or NULL
    Column("geo", Text),  # JSON of GeoResult (with candidates) or NULL
    # Geo fields as columns too, for SQL queries on mentions.
    Column("geo_location", Text),
    Column("geo_country", String(128)),
    Column("geo_admin1", Text),
    Column("geo_latitude", Float),
    Column("geo_longitude", Float),
    Column("geo_precision", Integer),
    Column("geonameid", Integer),
    Column("geo_step", String(32)),
    Column("fatalities", Integer, nullable=False),
    Column("fatalities_low", Integer, nullable=False),
    Column("fatalities_high", Integer, nullable=False),
    Column("claimed_by", Text),
    Column("outlet", String(255)),
    Column("extractor", String(64), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("ord", Integer, nullable=False),  # position in the article's list of mentions
    Column("retold", Text, nullable=False, server_default="[]"),  # v5: JSON list of [start, end]
)
Index("ix_mentions_article", mentions.c.article_id)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("ord", Integer, nullable=False),  # position in the article's list of figures
    # the mention whose `figures` list holds this figure (may differ from the figure's own mention_id field)
    Column("owner_mention_id", String(255)),
    Column("in_article_list", Boolean, nullable=False),  # also in ArticleExtraction.figures
    Column("mention_id", String(255)),
    Column("event_id", String(64)),
    Column("value", Integer, nullable=False),
    Column("low", Integer, nullable=False),
    Column("high", Integer, nullable=False),
    Column("qualifier", String(32), nullable=False),
    Column("counts", String(32), nullable=False),
    Column("subject", Text),
    Column("claimed_by", Text),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("extractor", String(64), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("is_subset", Boolean, nullable=False),
)
Index("ix_figures_article", figures.c.article_id)
Index("ix_figures_event", figures.c.event_id)

events = Table(
    "events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("event_date", Date),
    Column("time_precision", Integer),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("actor2", Text),
    Column("assoc_actor_2", Text),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("country", String(128)),
    Column("iso", Integer),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("admin3", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("location_raw", Text),
    Column("geo_step", String(32)),
    Column("fatalities", Integer, nullable=False),
    Column("fatalities_low", Integer, nullable=False),
    Column("fatalities_high", Integer, nullable=False),
    Column("notes", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("sources", Text, nullable=False),  # JSON list of Source (one per article)
    Column("conflicts", Text, nullable=False, server_default="[]"),  # JSON list of Conflict (v2)
    Column("independent_sources", Integer, nullable=False, server_default="1"),  # v2
    Column("grade", String(32), nullable=False, server_default="single_source"),  # v2
    Column("story_id", String(64)),  # v2
)
Index("ix_events_date", events.c.event_date)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(64), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("mention_id", String(255), primary_key=True),
    Column("ord", Integer, nullable=False),  # position in Event.mentions
)
Index("ix_event_sources_mention", event_sources.c.mention_id)

V1_TABLES = [articles, mentions, figures, events, event_sources]

#: every change fusion made to the stored events (v2): an analyst can follow an event id through merges,
#: splits and renames (ids derive from an event's mentions, so they change when the mentions do)
event_log = Table(
    "event_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),  # ISO 8601 UTC time of the re-fusion
    Column("action", String(16), nullable=False),  # created, joined, merged, split, renamed, removed
    Column("event_id", String(64), nullable=False),  # the event after the change (before, for removed)
    Column("previous", Text, nullable=False),  # JSON list of the event ids it came from
    Column("mentions", Integer, nullable=False),  # its number of mentions after the change
)
Index("ix_event_log_event", event_log.c.event_id)


def _v1_initial(conn: Connection) -> None:
    """Version 1: articles, mentions, figures, events, event_sources."""
    metadata.create_all(conn, tables=V1_TABLES, checkfirst=True)


def _v2_event_reconciliation(conn: Connection) -> None:
    """Version 2: events carry their conflicts, independent source count, grade and story; the event log.

    Existing rows get the neutral values; the next ingest re-fuses every event and fills them.
    """
    from sqlalchemy import inspect, text

    metadata.create_all(conn, tables=[event_log], checkfirst=True)
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    for name, ddl in (
        ("conflicts", "TEXT NOT NULL DEFAULT '[]'"),
        ("independent_sources", "INTEGER NOT NULL DEFAULT 1"),
        ("grade", "VARCHAR(32) NOT NULL DEFAULT 'single_source'"),
        ("story_id", "VARCHAR(64)"),
    ):
        if name not in have:  # a fresh database created the v2 table in version 1's create_all
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {name} {ddl}"))


superseded = Table(
    "superseded",
    metadata,
    Column("article_id", String(255), primary_key=True),
    Column("content_hash", String(128), primary_key=True),
)


def _v3_superseded(conn: Connection) -> None:
    """Version 3: the (id, content) pairs an article's later version replaced, so that re-reading an input
    (a run resumed after a crash) does not put the older version back."""
    metadata.create_all(conn, tables=[superseded], checkfirst=True)


#: an analyst's corrections (v4): who, when, what, old and new value; keyed by mentions (see
#: ``records.Correction``), applied after every fusion
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("who", String(255), nullable=False),
    Column("action", String(16), nullable=False),  # set, merge, split
    Column("event_id", String(64), nullable=False),
    Column("field", String(64)),
    Column("old", Text, nullable=False),  # JSON
    Column("new", Text, nullable=False),  # JSON
    Column("mention_ids", Text, nullable=False),  # JSON list
)


def _v4_corrections(conn: Connection) -> None:
    """Version 4: the analyst's corrections (``sitrep serve``), applied after every fusion."""
    metadata.create_all(conn, tables=[corrections], checkfirst=True)


def _v5_retold(conn: Connection) -> None:
    """Version 5: a mention keeps the spans of the sentences folded into it (``EventMention.retold``).

    Existing rows get an empty list; re-extracting their article fills it."""
    from sqlalchemy import inspect, text

    have = {c["name"] for c in inspect(conn).get_columns("mentions")}
    if "retold" not in have:  # a fresh database created it in version 1's create_all
        conn.execute(text("ALTER TABLE mentions ADD COLUMN retold TEXT NOT NULL DEFAULT '[]'"))


#: The migrations, in order; ``schema_version`` = how many have been applied.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_event_reconciliation,
    _v3_superseded,
    _v4_corrections,
    _v5_retold,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """The schema version stored in ``meta`` (0 for an empty database)."""
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def _set_version(conn: Connection, number: int) -> None:
    where = meta.c.key == "schema_version"
    if conn.execute(select(meta.c.key).where(where)).first() is None:
        conn.execute(meta.insert().values(key="schema_version", value=str(number)))
    else:
        conn.execute(meta.update().where(where).values(value=str(number)))


def _lock(conn: Connection) -> None:
    """Serialise schema migrations between processes (PostgreSQL: a transaction-scoped advisory lock)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


#: the advisory lock key of sitrep's schema migrations (any constant shared by all sitrep processes)
_MIGRATION_LOCK = 7_042_017


def migrate(engine: Engine, migrations: list[Callable[[Connection], None]] | None = None) -> int:
    """Bring the database to the latest schema; returns the version reached.

    Each migration runs in its own transaction together with the version bump, so an interrupted
    migration leaves the previous version intact. Two processes opening a new store at once do not both
    migrate it: PostgreSQL serialises them with an advisory lock; on SQLite the loser of the race retries
    and finds the work done.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    for attempt in range(5):
        try:
            return _migrate(engine, migrations)
        except (OperationalError, IntegrityError, ProgrammingError) as exc:
            if attempt == 4:
                raise
            log.info("schema migration met another process (%s); retrying", type(exc).__name__)
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _migrate(engine: Engine, migrations: list[Callable[[Connection], None]]) -> int:
    with engine.begin() as conn:
        _lock(conn)
        metadata.create_all(conn, tables=[meta], checkfirst=True)
        version = schema_version(conn)
    if version > len(migrations):
        raise StoreError(
            f"the database has schema version {version}, newer than this sitrep ({len(migrations)}): upgrade sitrep"
        )
    while version < len(migrations):
        with engine.begin() as conn:
            _lock(conn)
            version = schema_version(conn)  # another process may have migrated meanwhile
            if version >= len(migrations):
                break
            migration = migrations[version]
            migration(conn)
            _set_version(conn, version + 1)
        version += 1
        log.info("store migrated to schema version %d (%s)", version, migration.__name__)
    return len(migrations)
