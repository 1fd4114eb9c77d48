"""Tests of sitrep.store: round-trips, idempotence, migrations, queries and transactions.

All records are illustrative, written by hand for these tests. The backend fixture lists the databases
the store supports: SQLite in memory and in a file, and PostgreSQL (a fresh database per test on the server
that `make test` starts; skipped without one, a failure in CI).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Column, Connection, Integer, inspect, select, text

from sitrep.errors import StoreError
from sitrep.fuse import assign_event_ids, fuse
from sitrep.records import (
    Article,
    ArticleExtraction,
    DateResolution,
    EventMention,
    Figure,
    GeoCandidate,
    GeoResult,
    OffsetMap,
    PlaceMention,
)
from sitrep.store import Store, database_url
from sitrep.store.schema import MIGRATIONS, SCHEMA_VERSION, meta, migrate, schema_version

BACKENDS = ["sqlite-memory", "sqlite-file", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite-memory":
        return "sqlite://"
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_db")
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as s:
        yield s


def figure(article: str, start: int, value: int, mention_id: str | None, counts: str = "killed") -> Figure:
    return Figure(
        article_id=article, value=value, low=value, high=value + 2, qualifier="at_least", counts=counts,
        subject="civilians", claimed_by="a monitor", sentence="Illustrative.", sentence_start=start,
        sentence_end=start + 13, start=start + 1, end=start + 3, text=f"at least {value}",
        confidence=0.75, is_subset=False, mention_id=mention_id,
    )  # fmt: skip


def extraction(
    article: str,
    *,
    day: date = date(2020, 3, 1),
    sub: str = "Air/drone strike",
    event_type: str = "Explosions/Remote violence",
    actor1: str = "Military Forces of Russia (2000-)",
    country: str = "Syria",
    content: str | None = None,
    status: str = "ok",
) -> ArticleExtraction:
    """An illustrative article with one geocoded event mention (with a figure) and one loose figure."""
    body = content or f"Illustrative article {article} about a strike in Town A."
    a = Article(
        id=article, text=body, title=f"Title {article}", outlet=f"Outlet {article}", url=f"https://example.org/{article}",
        published=day, published_source="metadata", language="en", status=status,
        message=None if status == "ok" else "illustrative rejection", origin=f"{article}.txt", raw_text="  " + body,
        offsets=OffsetMap([(0, 2, len(body))]), content_hash=f"hash-{article}-{body}",
    )  # fmt: skip
    if status != "ok":
        return ArticleExtraction(a)
    mid = f"{article}:0"
    fig = figure(article, 0, 5, mid)
    loose = figure(article, 40, 300, None, counts="displaced")
    g = GeoResult(
        raw="Town A", location="Town A", country=country, iso=760, country_code="SY", admin1="Province A",
        admin2="District A", admin3=None, latitude=35.123456789, longitude=38.987654321, geo_precision=1,
        geonameid=101, feature_code="PPL", step="exact", confidence=0.9,
        candidates=[GeoCandidate("Town A", 101, "SY", "01", 35.123456789, 38.987654321, "PPL", 1200, 0.9)],
    )  # fmt: skip
    m = EventMention(
        mention_id=mid, article_id=article, sentence=body, sentence_start=0, sentence_end=len(body),
        event_type=event_type, sub_event_type=sub, trigger="strike", actor1=actor1, assoc_actor_1=None,
        actor2="Civilians (Syria)", civilian_targeting=True,
        date=DateResolution(day, 1, "on Sunday", "weekday"),
        place=PlaceMention("Town A", 37, 43, "in", True, "Town A", None), geo=g, figures=[fig],
        fatalities=5, fatalities_low=5, fatalities_high=7, claimed_by="a monitor", outlet=f"Outlet {article}",
        confidence=0.6, retold=[(200, 260), (261, 300)],
    )  # fmt: skip
    return ArticleExtraction(a, [m], [fig, loose])


def test_round_trip_of_mentions_with_figures_and_geo(store):
    items = [extraction("a1"), extraction("b2", day=date(2020, 3, 2))]
    assert store.add_extractions(items) == 2
    got = store.all_mentions()
    assert got == [m for x in items for m in x.mentions]
    assert got[0].geo.candidates[0].population == 1200
    assert got[0].figures[0].text == "at least 5"
    assert got[0].retold == [(200, 260), (261, 300)]  # the sentences folded into the mention


def test_reference_mentions_are_stored_and_refusion_attaches_them(store):
    """`sitrep ingest` must fuse what `sitrep extract` and the fusion eval fuse: references included."""
    from sitrep.records import REFERENCE_EXTRACTOR

    reporting = extraction("a1")
    cited = extraction("b2")  # another article speaks ABOUT a1's strike: same day, town and toll
    ref = replace(cited.mentions[0], extractor=REFERENCE_EXTRACTOR, figures=[], mention_id="b2:r0")
    cited.mentions, cited.references, cited.figures = [], [ref], []
    assert store.add_extractions([reporting, cited]) == 2
    got = store.all_mentions()
    assert [m.extractor for m in got] == ["rules", REFERENCE_EXTRACTOR]
    assert got[1] == ref
    store.refuse(lambda ms, _fixes: fuse(ms))
    (event,) = store.query().events
    assert {s.article_id for s in event.sources} == {"a1", "b2"}
    assert event.event_id == fuse(reporting.mentions)[0].event_id  # a reference sets no field, not the id


def test_readding_same_content_changes_nothing(store):
    assert store.add_extractions([extraction("a1")]) == 1
    assert store.has_content(extraction("a1").article.content_hash)
    assert not store.has_content("nope")
    assert store.add_extractions([extraction("a1")]) == 0
    result = store.query()
    assert len(result.articles) == 1 and len(result.figures) == 2
    assert len(store.all_mentions()) == 1


def test_same_id_new_content_replaces_article(store):
    store.add_extractions([extraction("a1")])
    assert store.add_extractions([extraction("a1", content="Illustrative corrected text in Town A.")]) == 1
    result = store.query()
    assert [a.text for a in result.articles] == ["Illustrative corrected text in Town A."]
    assert len(store.all_mentions()) == 1 and len(result.figures) == 2


def test_a_replaced_version_met_again_does_not_come_back(store):
    # an input re-read after a crash meets the old version again: the later one stays
    store.add_extractions([extraction("a1")])
    store.add_extractions([extraction("a1", content="Illustrative corrected text in Town A.")])
    assert store.is_superseded("a1", extraction("a1").article.content_hash)
    assert store.add_extractions([extraction("a1")]) == 0
    assert [a.text for a in store.query().articles] == ["Illustrative corrected text in Town A."]


def test_rejected_articles_are_stored_with_status(store):
    assert store.add_extractions([extraction("bad", status="empty"), extraction("a1")]) == 2
    articles = {a.id: a for a in store.query().articles}
    assert articles["bad"].status == "empty" and articles["bad"].message == "illustrative rejection"
    assert articles["a1"].offsets.segments == [(0, 2, len(articles["a1"].text))]
    assert articles["a1"] == extraction("a1").article


def test_events_round_trip_and_figure_event_ids(store):
    items = [extraction("a1"), extraction("b2")]
    store.add_extractions(items)
    events = fuse(store.all_mentions())
    assign_event_ids(events)
    assert len(events) == 1
    store.replace_events(events)
    assert store.has_events() and store.count_events() == 1
    result = store.query()
    assert len(result.events) == 1
    got = result.events[0]
    assert got.sources == events[0].sources
    assert [m.mention_id for m in got.mentions] == [m.mention_id for m in events[0].mentions]
    for field in (
        "event_id",
        "event_date",
        "sub_event_type",
        "latitude",
        "notes",
        "confidence",
        "fatalities",
    ):
        assert getattr(got, field) == getattr(events[0], field)
    by_value = {f.value: f for f in result.figures}
    assert by_value[5].event_id == got.event_id  # the event's figure
    assert by_value[300].event_id is None  # a loose figure of the article
    # mention.figures and result.figures share objects
    assert any(f is got.mentions[0].figures[0] for f in result.figures)
    store.replace_events([])
    assert not store.has_events() and all(f.event_id is None for f in store.query().figures)


@pytest.fixture
def filled(store):
    store.add_extractions(
        [
            extraction("a1", day=date(2020, 3, 1)),
            extraction("b2", day=date(2020, 3, 10), event_type="Battles", sub="Armed clash", actor1="Islamic State (Syria)"),
            extraction("c3", day=date(2020, 4, 1), country="Iraq", actor1="Military Forces of Iraq (2018-2020)"),
        ]
    )  # fmt: skip
    store.replace_events(fuse(store.all_mentions()))
    return store


@pytest.mark.parametrize(
    "filters, articles",
    [
        ({}, ["a1", "b2", "c3"]),
        ({"since": date(2020, 3, 10)}, ["b2", "c3"]),
        ({"until": date(2020, 3, 10)}, ["a1", "b2"]),
        ({"since": date(2020, 3, 2), "until": date(2020, 3, 31)}, ["b2"]),
        ({"event_type": "battles"}, ["b2"]),
        ({"event_type": "AIR/DRONE STRIKE"}, ["a1", "c3"]),
        ({"country": "iraq"}, ["c3"]),
        ({"actor": "islamic state"}, ["b2"]),
        ({"actor": "civilians"}, ["a1", "b2", "c3"]),
        ({"actor": "100%_"}, []),
        ({"event_type": "Battles", "country": "Iraq"}, []),
    ],
)
def test_query_filters(filled, filters, articles):
    result = filled.query(**filters)
    assert sorted(s.article_id for e in result.events for s in e.sources) == articles
    assert sorted(a.id for a in result.articles) == articles
    event_ids = {e.event_id for e in result.events}
    assert all(f.event_id in event_ids for f in result.figures) or not filters


def test_failed_batch_is_rolled_back_and_earlier_batches_kept(store):
    store.add_extractions([extraction("a1")])
    broken = extraction("b2")
    broken.mentions.append(broken.mentions[0])  # the same mention_id twice: a primary key violation
    with pytest.raises(StoreError):
        store.add_extractions([extraction("c3"), broken])
    assert [a.id for a in store.query().articles] == ["a1"]  # c3 was in the failed batch too
    assert [m.mention_id for m in store.all_mentions()] == ["a1:0"]
    assert store.add_extractions([extraction("c3")]) == 1


def test_migration_from_empty_database(db_url):
    with Store.open(db_url) as store:
        with store.engine.connect() as conn:
            assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
        tables = set(inspect(store.engine).get_table_names())
        assert {"meta", "articles", "mentions", "figures", "events", "event_sources"} <= tables

        # A later migration is applied once, in order, and recorded.
        calls = []

        def v2(conn: Connection) -> None:
            calls.append(1)
            conn.execute(text("ALTER TABLE events ADD COLUMN extra INTEGER"))

        assert migrate(store.engine, [*MIGRATIONS, v2]) == SCHEMA_VERSION + 1
        assert migrate(store.engine, [*MIGRATIONS, v2]) == SCHEMA_VERSION + 1
        assert calls == [1]
        assert "extra" in {c["name"] for c in inspect(store.engine).get_columns("events")}
        # This sitrep does not know version 2: refuse rather than misread the data.
        with pytest.raises(StoreError):
            migrate(store.engine)


def test_failed_migration_keeps_previous_version(store):
    def broken(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        migrate(store.engine, [*MIGRATIONS, broken])
    with store.engine.connect() as conn:
        assert schema_version(conn) == SCHEMA_VERSION
        assert conn.execute(select(meta.c.value)).scalar_one() == str(SCHEMA_VERSION)


def test_reopen_file_store_keeps_data(tmp_path):
    path = tmp_path / "sitrep.db"
    with Store.open(str(path)) as store:
        store.add_extractions([extraction("a1")])
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() > 0
    with Store.open(f"sqlite:///{path}") as store:
        assert [m.mention_id for m in store.all_mentions()] == ["a1:0"]


@pytest.mark.parametrize(
    "db, url",
    [(None, "sqlite:///sitrep.db"), ("x/y.db", "sqlite:///x/y.db"), ("sqlite://", "sqlite://"),
     ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"), ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
     ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db")],
)  # fmt: skip
def test_database_url(db, url):
    assert database_url(db) == url


@pytest.mark.parametrize("db", ["nosuchdriver://x", "/nonexistent-dir/sub/sitrep.db"])
def test_open_errors_are_store_errors(db):
    with pytest.raises(StoreError):
        Store.open(db)


def test_geo_tables_can_share_the_engine(store):
    # The geo helper creates its own gaz_ tables in the same database.
    from sqlalchemy import MetaData, Table

    md = MetaData()
    Table("gaz_test", md, Column("id", Integer, primary_key=True))
    md.create_all(store.engine)
    assert "gaz_test" in inspect(store.engine).get_table_names()


def test_figure_copies_stored_once_and_mention_only_figures_kept(store):
    x = extraction("a1")
    m = x.mentions[0]
    only_in_mention = figure("a1", 60, 2, m.mention_id, counts="injured")
    m.figures = [replace(m.figures[0]), only_in_mention]  # an equal copy of the listed figure, and a new one
    store.add_extractions([x])
    assert store.all_mentions()[0].figures == m.figures
    assert [f.value for f in store.query().figures] == [5, 300]  # the article's own list
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM figures")).scalar_one() == 3


def test_version_1_store_gains_the_reconciliation_columns(tmp_path):
    # a store written by sitrep before schema version 2: its events table lacks the v2 columns
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store.open(url) as store:
        store.add_extractions([extraction("a1")])
        store.replace_events(fuse(store.all_mentions()))
        with store.engine.begin() as conn:
            for column in ("conflicts", "independent_sources", "grade"):
                conn.execute(text(f"ALTER TABLE events DROP COLUMN {column}"))
            conn.execute(meta.update().values(value="1"))
    with Store.open(url) as store:
        with store.engine.connect() as conn:
            assert schema_version(conn) == SCHEMA_VERSION
        columns = {c["name"] for c in inspect(store.engine).get_columns("events")}
        assert {"conflicts", "independent_sources", "grade"} <= columns
        for event in store.query().events:
            assert event.grade in ("single_source", "independent_sources") and event.conflicts == []


@pytest.mark.parametrize(
    "before,after,expected",
    [
        ({}, {"E1": {"m1"}}, [("created", "E1", [])]),
        ({"E1": {"m1"}}, {"E1": {"m1", "m2"}}, [("joined", "E1", ["E1"])]),
        ({"E1": {"m1"}, "E2": {"m2"}}, {"E1": {"m1", "m2", "m3"}}, [("merged", "E1", ["E1", "E2"])]),
        (
            {"E1": {"m1", "m2"}},
            {"E1": {"m1"}, "E2": {"m2"}},
            [("split", "E1", ["E1"]), ("split", "E2", ["E1"])],
        ),
        ({"E2": {"m2"}}, {"E1": {"m1", "m2"}}, [("renamed", "E1", ["E2"])]),
        ({"E1": {"m1"}}, {}, [("removed", "E1", ["E1"])]),
        ({"E1": {"m1"}}, {"E1": {"m1"}}, []),
    ],
)
def test_event_changes(before, after, expected):
    from sitrep.store import event_changes

    assert [(c.action, c.event_id, c.previous) for c in event_changes(before, after)] == expected


def test_replace_events_logs_merges_and_history_follows_them(store):
    store.add_extractions([extraction("a1"), extraction("b2")])
    first, second = (fuse([m]) for m in store.all_mentions())
    assert [c.action for c in store.replace_events(first + second)] == ["created", "created"]
    (merged,) = fuse(store.all_mentions())  # one event: same strike, same day, same town, same toll
    (change,) = store.replace_events([merged])
    assert change.action == "merged" and change.event_id == merged.event_id
    assert change.previous == sorted([first[0].event_id, second[0].event_id])
    assert [c.action for c in store.event_history(second[0].event_id)] == ["created", "merged"]
    assert store.replace_events([merged]) == []  # nothing changed: nothing logged


def test_copies_of_one_text_keep_the_smallest_id_whatever_the_order(store):
    def copy(article_id):
        x = extraction(article_id, content="Illustrative text told twice, word for word.")
        x.article.content_hash = "hash-of-the-shared-text"
        return x

    store.add_extractions([copy("b2")])
    assert store.add_extractions([copy("c3")]) == 0  # a larger id: a copy, skipped
    assert store.add_extractions([copy("a1")]) == 1  # a smaller id replaces it
    assert [a.id for a in store.query().articles] == ["a1"]
    assert store.content_owner("hash-of-the-shared-text") == "a1"
    assert [m.article_id for m in store.all_mentions()] == ["a1"]
