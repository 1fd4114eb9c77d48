"""The store: articles, mentions, figures and fused events in a SQL database (SQLAlchemy Core).

``Store.open(db)`` takes a file path or a database URL: ``None`` means ``./sitrep.db``, a path or
``sqlite:///path`` a SQLite file, ``sqlite://`` an in-memory database, ``postgresql://user@host/db`` a
PostgreSQL database (driver: ``pip install 'sitrep[postgres]'``). Only portable SQL is used (JSON in TEXT
columns); the test suite runs the store tests on both backends. The schema is created and migrated by sitrep
(:mod:`sitrep.store.schema`). Every write runs in one transaction: an interrupted run keeps every batch
already committed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, create_engine, delete, event, func, or_, select, update
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import StoreError
from ..records import ArticleExtraction, Correction, Event, EventChange, EventMention, Figure, Result
from . import codec
from .schema import (
    articles,
    corrections,
    event_log,
    event_sources,
    events,
    figures,
    mentions,
    meta,
    migrate,
    superseded,
)

log = logging.getLogger(__name__)

__all__ = ["Store", "DEFAULT_DB", "database_url"]

DEFAULT_DB = "sitrep.db"
#: SQLite waits this long (ms) for a lock held by another process before failing.
BUSY_TIMEOUT_MS = 10_000
#: rows per IN (...) clause: under every backend's bound-parameter limit.
_CHUNK = 500


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL of ``db``: a URL is kept, a file path becomes ``sqlite:///path``."""
    if db is None:
        db = DEFAULT_DB
    if "://" in db:
        # plain "postgresql://" / "postgres://" use the psycopg 3 driver (SQLAlchemy's default is psycopg2)
        for prefix in ("postgresql://", "postgres://"):
            if db.startswith(prefix):
                return "postgresql+psycopg://" + db[len(prefix) :]
        return db
    return "sqlite:///" + str(Path(db).expanduser())


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _sqlite_engine(url: str) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    if memory:
        # One shared connection, else every pooled connection would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not memory:
            # WAL: readers do not block the writer, and a crash mid-write leaves committed data intact.
            cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    return engine


class Store:
    """Articles, mentions, figures and events in a database; use :meth:`open`, then :meth:`close`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating and migrating as needed) the store at ``db``: a path or a database URL."""
        url = database_url(db)
        try:
            if url.startswith("sqlite"):
                engine = _sqlite_engine(url)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            migrate(engine)
        except ImportError as exc:
            raise StoreError(
                f"cannot open the store {db or DEFAULT_DB}: its database driver is missing ({exc.name}); "
                "for PostgreSQL: pip install 'sitrep[postgres]'"
            ) from exc
        except (SQLAlchemyError, ArgumentError, OSError) as exc:
            raise StoreError(f"cannot open the store {db or DEFAULT_DB}: {exc}") from exc
        log.debug("store open: %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ articles and extractions
    def has_content(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        return self.content_owner(content_hash) is not None

    def content_owner(self, content_hash: str) -> str | None:
        """The id of the stored article with this content hash, if any."""
        with self._read() as conn:
            q = select(articles.c.id).where(articles.c.content_hash == content_hash).limit(1)
            row = conn.execute(q).first()
            return row.id if row is not None else None

    def add_extractions(self, extractions: list[ArticleExtraction]) -> int:
        """Store articles (rejected ones too) with their mentions and figures, in ONE transaction.

        An article whose content hash is already stored is skipped (re-adding changes nothing); an article
        whose id is stored with another content replaces it, and the replaced version is remembered so that
        meeting it again (an input re-read after a crash) does not bring it back. Returns the number of articles written.
        If anything fails, nothing of this batch is stored and :class:`StoreError` is raised.
        """
        written = 0
        with self._write("add extractions") as conn:
            # two ingests may bring the same article at once: without the store's write lock both would
            # see it absent and PostgreSQL would reject the second insert (SQLite serialises writers anyway)
            self._lock(conn)
            for extraction in extractions:
                if self._add_one(conn, extraction):
                    written += 1
        return written

    def is_superseded(self, article_id: str, content_hash: str) -> bool:
        """Whether this version of the article was replaced by a later version under the same id."""
        with self._read() as conn:
            return self._superseded(conn, article_id, content_hash)

    @staticmethod
    def _superseded(conn: Any, article_id: str, content_hash: str) -> bool:
        q = select(superseded.c.article_id).where(
            superseded.c.article_id == article_id, superseded.c.content_hash == content_hash
        )
        return conn.execute(q).first() is not None

    def _add_one(self, conn: Any, extraction: ArticleExtraction) -> bool:
        article = extraction.article
        row = codec.article_row(article)
        if row["content_hash"] and self._superseded(conn, article.id, row["content_hash"]):
            return False  # an older version met again (an input re-read): the later one stays
        twin = conn.execute(
            select(articles.c.id).where(articles.c.content_hash == row["content_hash"])
        ).first()
        if twin is not None:
            if twin.id == article.id or twin.id < article.id:
                return False
            # the same text under another id: the smallest id is kept, so that what is stored does not
            # depend on the order the copies arrived in
            self._delete_article(conn, twin.id)
        old = conn.execute(select(articles.c.content_hash).where(articles.c.id == article.id)).first()
        if old is not None:
            log.warning("article %s changed content: replacing its stored version", article.id)
            if old.content_hash and not self._superseded(conn, article.id, old.content_hash):
                conn.execute(superseded.insert().values(article_id=article.id, content_hash=old.content_hash))
            self._delete_article(conn, article.id)
        conn.execute(articles.insert(), [row])
        # reference mentions (extractor "reference") are stored with the reporting ones, after them, so
        # that re-fusing the store attaches them as the eval and `sitrep extract` do; they hold no figures
        stored = extraction.mentions + extraction.references
        mention_rows = [codec.mention_row(m, i) for i, m in enumerate(stored)]
        if mention_rows:
            conn.execute(mentions.insert(), mention_rows)
        # A figure may sit both in the article's list and in a mention's list (the same object or an
        # equal copy): store it once, remembering the mention that holds it.
        listed = list(extraction.figures)
        owners: list[str | None] = [None] * len(listed)
        in_list = [True] * len(listed)
        for m in extraction.mentions:
            for f in m.figures:
                same = next((i for i, g in enumerate(listed) if g is f), None)
                if same is None:
                    same = next((i for i, g in enumerate(listed) if g == f and owners[i] is None), None)
                if same is None:
                    listed.append(f)
                    owners.append(m.mention_id)
                    in_list.append(False)
                elif owners[same] is None:
                    owners[same] = m.mention_id
        rows = [codec.figure_row(f, i, owners[i], in_list[i]) for i, f in enumerate(listed)]
        if rows:
            conn.execute(figures.insert(), rows)
        return True

    @staticmethod
    def _delete_article(conn: Any, article_id: str) -> None:
        conn.execute(delete(figures).where(figures.c.article_id == article_id))
        conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
        conn.execute(delete(articles).where(articles.c.id == article_id))

    def all_mentions(self) -> list[EventMention]:
        """Every stored event mention (with its figures and geo), by article then position."""
        with self._read() as conn:
            rows = conn.execute(select(mentions).order_by(mentions.c.article_id, mentions.c.ord)).all()
            by_owner = self._figures_by_owner(conn, None)
        return [codec.mention_from_row(r, by_owner.get(r.mention_id, [])) for r in rows]

    @staticmethod
    def _figures_by_owner(conn: Any, figure_rows: Iterable | None) -> dict[str, list[Figure]]:
        if figure_rows is None:
            q = select(figures).where(figures.c.owner_mention_id.is_not(None))
            figure_rows = conn.execute(q.order_by(figures.c.article_id, figures.c.ord))
        out: dict[str, list[Figure]] = {}
        for r in figure_rows:
            if r.owner_mention_id is not None:
                out.setdefault(r.owner_mention_id, []).append(codec.figure_from_row(r))
        return out

    # ------------------------------------------------------------------ events
    def replace_events(self, new_events: list[Event]) -> list[EventChange]:
        """Replace every stored event by ``new_events`` (one transaction); sets ``figures.event_id``.

        Returns (and records in the event log) what changed: events created, joined by new reports,
        merged, split, renamed or removed.
        """
        with self._write("replace events") as conn:
            return self._replace_logged(conn, new_events)

    def refuse(
        self,
        fuse: Callable[[list[EventMention], list[Correction]], list[Event]],
        add_corrections: Sequence[Correction] = (),
        *,
        partition: Callable[[Callable[[], Iterable[Any]], list[list[str]]], list[list[str]]] | None = None,
        finish: Callable[[list[Event]], Any] | None = None,
    ) -> list[EventChange]:
        """Re-fuse the store: read every mention and the analyst's corrections, fuse with
        ``fuse(mentions, corrections)`` and replace the events, all in one transaction that first takes the
        store's write lock. ``add_corrections`` are stored first, in the same transaction (an analyst's edit
        and the events it changes are committed together, or neither is).

        With ``partition`` (e.g. :func:`sitrep.fuse.parts.independent_parts`, given a function that reads the
        mentions without their figures, sorted by event type and date, and the corrections' mention-id sets), the mentions are
        read and fused one independent part at a time, so that memory does not grow with the store: only
        one part's mentions and events are held, plus ids. ``fuse`` then runs per part and ``finish`` (e.g.
        the stories) once over every event, stripped of its mentions, sources and conflicts; what it
        changes of ``story_id`` is stored.

        Two processes ingesting into one store at once then re-fuse one after the other, each over every
        mention committed before it; reading the mentions outside the lock would let a slower process
        write events fused from a stale set of mentions over the other's.
        """
        with self._write("re-fuse events") as conn:
            self._lock(conn)
            for c in add_corrections:
                c.id = conn.execute(
                    corrections.insert().values(**codec.correction_row(c))
                ).inserted_primary_key[0]
            fixes = [
                codec.correction_from_row(r)
                for r in conn.execute(select(corrections).order_by(corrections.c.id))
            ]
            if partition is None:
                by_owner = self._figures_by_owner(conn, None)
                # rows are turned into mentions as they come: never all the rows and all the mentions at once
                rows = conn.execute(select(mentions).order_by(mentions.c.article_id, mentions.c.ord))
                found = [codec.mention_from_row(r, by_owner.pop(r.mention_id, [])) for r in rows]
                del by_owner
                new_events = fuse(found, fixes)
                if finish is not None:
                    finish(new_events)
                changes = self._replace_logged(conn, new_events)
            else:
                changes = self._refuse_parts(conn, fuse, fixes, partition, finish)
            # the fingerprint of the mentions these events were fused from (see fusion_current)
            fingerprint = self._fingerprint(conn)
            where = meta.c.key == "fused_mentions"
            if conn.execute(select(meta.c.key).where(where)).first() is None:
                conn.execute(meta.insert().values(key="fused_mentions", value=fingerprint))
            else:
                conn.execute(update(meta).where(where).values(value=fingerprint))
            return changes

    def _refuse_parts(
        self,
        conn: Any,
        fuse: Callable[[list[EventMention], list[Correction]], list[Event]],
        fixes: list[Correction],
        partition: Callable[[Callable[[], Iterable[Any]], list[list[str]]], list[list[str]]],
        finish: Callable[[list[Event]], Any] | None,
    ) -> list[EventChange]:
        """:meth:`refuse` one independent part of the mentions at a time (same events, same log)."""

        def stream() -> Iterator[EventMention]:
            # sorted as parting needs (event type, date): one date window of mentions at a time is enough
            q = select(mentions).order_by(mentions.c.event_type, mentions.c.date, mentions.c.mention_id)
            for r in conn.execute(q):
                yield codec.mention_from_row(r, [])

        parts = partition(stream, [list(c.mention_ids) for c in fixes])
        before = self._event_members(conn)
        self._clear_events(conn)
        after: dict[str, set[str]] = {}
        event_of: dict[str, str] = {}
        stubs: list[Event] = []
        for part in parts:
            wanted = set(part)
            rows: list[Any] = []
            owned: dict[str, list[Figure]] = {}
            for chunk in _chunks(part):
                rows += conn.execute(select(mentions).where(mentions.c.mention_id.in_(chunk))).all()
                q = select(figures).where(figures.c.owner_mention_id.in_(chunk))
                for fr in conn.execute(q.order_by(figures.c.article_id, figures.c.ord)):
                    owned.setdefault(fr.owner_mention_id, []).append(codec.figure_from_row(fr))
            rows.sort(key=lambda r: (r.article_id, r.ord))
            found = [codec.mention_from_row(r, owned.get(r.mention_id, [])) for r in rows]
            del rows, owned
            mine = [c for c in fixes if wanted.intersection(c.mention_ids)]
            part_events = fuse(found, mine)
            del found
            self._insert_events(conn, part_events)
            for e in part_events:
                mids = {m.mention_id for m in e.mentions}
                after[e.event_id] = mids
                for mid in mids:
                    event_of[mid] = e.event_id
                e.mentions, e.sources, e.conflicts = [], [], []  # keep what the stories read, not the text
                stubs.append(e)
        if finish is not None:
            finish(stubs)
            params = [{"eid": e.event_id, "sid": e.story_id} for e in stubs if e.story_id is not None]
            if params:
                stmt = (
                    update(events)
                    .where(events.c.event_id == bindparam("eid"))
                    .values(story_id=bindparam("sid"))
                )
                conn.execute(stmt, params)
        self._link_figures(conn, event_of)
        changes = event_changes(before, after)
        self._log_changes(conn, changes)
        return changes

    @staticmethod
    def _lock(conn: Any) -> None:
        """Take the store's write lock for the rest of the transaction: a write first, so that SQLite takes
        its write lock and PostgreSQL a row lock that serialises the writers (each later statement of the
        transaction then sees what the other committed)."""
        conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=meta.c.value))

    def fusion_current(self) -> bool:
        """Whether the stored events were fused from the mentions stored now.

        False after a run that stored articles but was killed before its re-fusion (the next run then
        re-fuses even when it has nothing new to store), and for a store that was never fused.
        """
        with self._read() as conn:
            fused = conn.execute(select(meta.c.value).where(meta.c.key == "fused_mentions")).scalar()
            return fused is not None and fused == self._fingerprint(conn)

    @staticmethod
    def _fingerprint(conn: Any) -> str:
        """A digest of which articles (id and content) are stored: what the events are fused from."""
        digest = hashlib.sha1()
        for aid, chash in conn.execute(
            select(articles.c.id, articles.c.content_hash).order_by(articles.c.id)
        ):
            digest.update(f"{aid}\t{chash}\n".encode())
        return digest.hexdigest()

    def _replace_logged(self, conn: Any, new_events: list[Event]) -> list[EventChange]:
        before = self._event_members(conn)
        changes = event_changes(before, {e.event_id: {m.mention_id for m in e.mentions} for e in new_events})
        self._log_changes(conn, changes)
        self._replace_events(conn, new_events)
        return changes

    @staticmethod
    def _log_changes(conn: Any, changes: list[EventChange]) -> None:
        if changes:
            conn.execute(
                event_log.insert(),
                [
                    {
                        "at": c.at,
                        "action": c.action,
                        "event_id": c.event_id,
                        "previous": json.dumps(c.previous),
                        "mentions": c.mentions,
                    }
                    for c in changes
                ],
            )

    def event_history(self, event_id: str) -> list[EventChange]:
        """Every logged change that made ``event_id`` or came from it, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(event_log)
                .where(or_(event_log.c.event_id == event_id, event_log.c.previous.contains(f'"{event_id}"')))
                .order_by(event_log.c.id)
            )
            return [EventChange(r.at, r.action, r.event_id, json.loads(r.previous), r.mentions) for r in rows]

    @staticmethod
    def _replace_events(conn: Any, new_events: list[Event]) -> None:
        Store._clear_events(conn)
        links = Store._insert_events(conn, new_events)
        if links:
            Store._link_figures(conn, {link["mention_id"]: link["event_id"] for link in links})

    @staticmethod
    def _event_members(conn: Any) -> dict[str, set[str]]:
        """Stored event id -> the ids of its mentions (what the event log compares against)."""
        members: dict[str, set[str]] = {}
        for eid, mid in conn.execute(select(event_sources.c.event_id, event_sources.c.mention_id)):
            members.setdefault(eid, set()).add(mid)
        return members

    @staticmethod
    def _clear_events(conn: Any) -> None:
        conn.execute(delete(event_sources))
        conn.execute(delete(events))
        conn.execute(update(figures).values(event_id=None))

    @staticmethod
    def _insert_events(conn: Any, new_events: list[Event]) -> list[dict]:
        """Write ``new_events`` and their mention links; the links written."""
        for chunk in _chunks(new_events, 1000):  # the rows of all events are never built at once
            conn.execute(events.insert(), [codec.event_row(e) for e in chunk])
        links = [
            {"event_id": e.event_id, "mention_id": m.mention_id, "ord": i}
            for e in new_events
            for i, m in enumerate(e.mentions)
        ]
        if links:
            conn.execute(event_sources.insert(), links)
        return links

    @staticmethod
    def _link_figures(conn: Any, event_of: dict[str, str]) -> None:
        """Set each figure's event: the event of the mention that holds it (or, with no holder, that it
        names). Matched here and written by primary key: an UPDATE per link that searched the figures by
        mention grew with links x figures, the slowest part of re-fusing a large store."""
        rows = conn.execute(select(figures.c.id, figures.c.owner_mention_id, figures.c.mention_id))
        params = [
            {"fid": fid, "eid": event_of[key]}
            for fid, owner, mid in rows
            if (key := owner if owner is not None else mid) in event_of
        ]
        if params:
            stmt = update(figures).where(figures.c.id == bindparam("fid")).values(event_id=bindparam("eid"))
            conn.execute(stmt, params)

    def has_events(self) -> bool:
        """Whether any fused event is stored."""
        with self._read() as conn:
            return conn.execute(select(events.c.event_id).limit(1)).first() is not None

    def count_events(self) -> int:
        """The number of stored events."""
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(events)).scalar_one()

    @staticmethod
    def _conditions(
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
        country: str | None = None,
        actor: str | None = None,
        admin1: str | None = None,
        place: str | None = None,
        grade: str | None = None,
        has_conflicts: bool | None = None,
        event_id: str | None = None,
    ) -> list:
        # every value is a bound parameter: no SQL is built from the filters' text
        conds = []
        if since is not None:
            conds.append(events.c.event_date >= since)
        if until is not None:
            conds.append(events.c.event_date <= until)
        if event_type:
            t = event_type.strip().lower()
            conds.append(or_(func.lower(events.c.event_type) == t, func.lower(events.c.sub_event_type) == t))
        if country:
            conds.append(func.lower(events.c.country) == country.strip().lower())
        if admin1:
            conds.append(func.lower(events.c.admin1) == admin1.strip().lower())
        if actor:
            a = actor.strip().lower()
            cols = (events.c.actor1, events.c.actor2, events.c.assoc_actor_1, events.c.assoc_actor_2)
            conds.append(or_(*(func.lower(c).contains(a, autoescape=True) for c in cols)))
        if place:
            p = place.strip().lower()
            cols = (
                events.c.location,
                events.c.location_raw,
                events.c.admin1,
                events.c.admin2,
                events.c.country,
            )
            conds.append(or_(*(func.lower(c).contains(p, autoescape=True) for c in cols)))
        if grade:
            conds.append(events.c.grade == grade)
        if has_conflicts is not None:
            conds.append(events.c.conflicts != "[]" if has_conflicts else events.c.conflicts == "[]")
        if event_id is not None:
            conds.append(events.c.event_id == event_id)
        return conds

    def list_events(self, **filters: Any) -> list[Event]:
        """The stored events matching the filters of :meth:`query` (plus ``place``: a case-insensitive
        substring of the location, the place as written, admin1/admin2 or the country; ``grade``;
        ``has_conflicts``), without their mentions, articles or figures: what a map or a table needs."""
        conds = self._conditions(**filters)
        with self._read() as conn:
            q = (
                select(events)
                .where(*conds)
                .order_by(events.c.event_date.is_(None), events.c.event_date, events.c.event_id)
            )
            return [codec.event_from_row(r) for r in conn.execute(q).all()]

    def get_event(self, event_id: str) -> Result | None:
        """The stored event ``event_id`` with its mentions, articles and figures, or None."""
        result = self.query(event_id=event_id)
        return result if result.events else None

    def get_article(self, article_id: str) -> Any | None:
        """The stored article ``article_id`` (an :class:`~sitrep.records.Article`), or None."""
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return codec.article_from_row(row) if row is not None else None

    def corrections(self) -> list[Correction]:
        """Every stored correction, in the order they were made (and are applied)."""
        with self._read() as conn:
            rows = conn.execute(select(corrections).order_by(corrections.c.id)).all()
        return [codec.correction_from_row(r) for r in rows]

    def query(
        self,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
        country: str | None = None,
        actor: str | None = None,
        admin1: str | None = None,
        **more: Any,
    ) -> Result:
        """The stored events matching every given filter, with their articles and figures.

        Dates are inclusive (events without a date are left out when a date filter is given);
        ``event_type`` matches the event type or the sub-event type, ``country`` the country and
        ``admin1`` the admin1 name as stored, all case-insensitively; ``actor`` is a case-insensitive
        substring of actor1, actor2 or an associated actor (more filters: see :meth:`list_events`).
        Without filters the result holds every stored article (rejected ones too) and figure; with
        filters, the articles that report the events and the figures of the events.
        """
        conds = self._conditions(since, until, event_type, country, actor, admin1, **more)
        filtered = bool(conds)
        with self._read() as conn:
            q = (
                select(events)
                .where(*conds)
                .order_by(events.c.event_date.is_(None), events.c.event_date, events.c.event_id)
            )
            result = Result(events=[codec.event_from_row(r) for r in conn.execute(q).all()])
            ids = [e.event_id for e in result.events]
            links: list[Any] = []
            for chunk in _chunks(ids):
                links += conn.execute(select(event_sources).where(event_sources.c.event_id.in_(chunk))).all()
            mention_ids = sorted({link.mention_id for link in links})
            mention_rows: dict[str, Any] = {}
            for chunk in _chunks(mention_ids):
                for r in conn.execute(select(mentions).where(mentions.c.mention_id.in_(chunk))).all():
                    mention_rows[r.mention_id] = r
            if filtered:
                article_ids = sorted(
                    {r.article_id for r in mention_rows.values()}
                    | {s.article_id for e in result.events for s in e.sources}
                )
                figure_rows: list[Any] = []
                for chunk in _chunks(article_ids):
                    figure_rows += conn.execute(select(figures).where(figures.c.article_id.in_(chunk))).all()
                article_rows: list[Any] = []
                for chunk in _chunks(article_ids):
                    article_rows += conn.execute(select(articles).where(articles.c.id.in_(chunk))).all()
            else:
                figure_rows = conn.execute(select(figures)).all()
                article_rows = conn.execute(select(articles)).all()
        figure_rows.sort(key=lambda r: (r.article_id, r.ord))
        article_rows.sort(key=lambda r: r.id)
        # Build each figure once, so that mention.figures and result.figures hold the same objects.
        objects = {r.id: codec.figure_from_row(r) for r in figure_rows}
        owned: dict[str, list[Figure]] = {}
        for r in figure_rows:
            if r.owner_mention_id is not None:
                owned.setdefault(r.owner_mention_id, []).append(objects[r.id])
        built = {mid: codec.mention_from_row(r, owned.get(mid, [])) for mid, r in mention_rows.items()}
        by_event: dict[str, list[tuple[int, EventMention]]] = {}
        for link in links:
            if link.mention_id in built:
                by_event.setdefault(link.event_id, []).append((link.ord, built[link.mention_id]))
        event_ids = set(ids)
        for e in result.events:
            e.mentions = [m for _, m in sorted(by_event.get(e.event_id, []), key=lambda p: p[0])]
        result.articles = [codec.article_from_row(r) for r in article_rows]
        result.figures = [
            objects[r.id]
            for r in figure_rows
            if r.in_article_list and (not filtered or r.event_id in event_ids)
        ]
        return result

    # ------------------------------------------------------------------ transactions
    def _read(self):
        return _Txn(self.engine, "read", write=False)

    def _write(self, what: str):
        return _Txn(self.engine, what, write=True)


class _Txn:
    """A transaction that turns database errors into :class:`StoreError` (rolled back on any error)."""

    def __init__(self, engine: Engine, what: str, write: bool):
        self.engine, self.what, self.write = engine, what, write
        self._ctx = None

    def __enter__(self):
        try:
            self._ctx = self.engine.begin() if self.write else self.engine.connect()
            return self._ctx.__enter__()
        except SQLAlchemyError as exc:
            raise StoreError(f"store: cannot {self.what}: {exc}") from exc

    def __exit__(self, exc_type, exc, tb):
        try:
            self._ctx.__exit__(exc_type, exc, tb)
        except SQLAlchemyError as err:
            raise StoreError(f"store: cannot {self.what}: {err}") from err
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"store: cannot {self.what}: {exc}") from exc
        return False


def event_changes(before: dict[str, set[str]], after: dict[str, set[str]]) -> list[EventChange]:
    """What turned the events ``before`` (event id -> mention ids) into ``after``; unchanged events are
    left out. An event whose mentions were all stored before under one id keeps its history through
    "renamed" when its id changed (ids derive from the mentions)."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    owner = {mid: eid for eid, mids in before.items() for mid in mids}
    parts: dict[str, set[str]] = {}  # old id -> new ids holding its mentions
    for new_id, mids in after.items():
        for mid in mids:
            if mid in owner:
                parts.setdefault(owner[mid], set()).add(new_id)
    out: list[EventChange] = []
    for new_id, mids in sorted(after.items()):
        olds = sorted({owner[m] for m in mids if m in owner})
        if not olds:
            action = "created"
        elif len(olds) > 1:
            action = "merged"
        elif len(parts[olds[0]]) > 1:
            action = "split"
        elif olds[0] != new_id:
            action = "renamed"
        elif mids != before[new_id]:
            action = "joined"
        else:
            continue
        out.append(EventChange(at, action, new_id, olds, len(mids)))
    for old_id in sorted(set(before) - set(parts)):
        out.append(EventChange(at, "removed", old_id, [old_id], 0))
    return out
