"""Fusing a store part by part (sitrep.fuse.parts) gives the events of fusing every mention at once.

All records are illustrative, written by hand for these tests (no spaCy, no third-party text).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from sitrep.export import to_dict
from sitrep.fuse import fuse
from sitrep.fuse.parts import independent_parts
from sitrep.pipeline import _fused, refuse_store
from sitrep.records import (
    Article,
    ArticleExtraction,
    DateResolution,
    EventMention,
    Figure,
    GeoResult,
    OffsetMap,
    PlaceMention,
)
from sitrep.store import Store

# Illustrative places: (name, geonameid, lat, lon), on a grid whose neighbours are about 4 km apart.
PLACES = [(f"Town {i}", 100 + i, 33.0 + 0.04 * (i % 6), 36.0 + 0.3 * (i // 6)) for i in range(30)]
TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"]
WORDS += ["lima", "mike", "november", "oscar", "papa"]


def _mention(rng: random.Random, article: str, k: int, day: date | None, sentence: str) -> EventMention:
    name, gid, lat, lon = rng.choice(PLACES)
    event_type, sub = rng.choice(TYPES)
    placed = rng.random() < 0.85
    toll = rng.choice([0, 0, 3, 5, 12])
    start = 100 * k
    m = EventMention(
        mention_id=f"{article}:{start}", article_id=article, sentence=sentence, sentence_start=start,
        sentence_end=start + len(sentence), event_type=event_type, sub_event_type=sub,
        actor1=rng.choice(["Military Forces of Syria (2000-)", "Group X", None]), actor2=None,
        date=DateResolution(day, 1 if day else None, "on Sunday" if day else None, "weekday" if day else "none"),
        place=PlaceMention(name, start + 1, start + 1 + len(name), "in", True, name, None) if placed else None,
        geo=GeoResult(
            raw=name, location=name, country="Syria", iso=760, admin1="Province A", latitude=lat,
            longitude=lon, geo_precision=1, geonameid=gid, step="exact", confidence=0.9,
        ) if placed and rng.random() < 0.9 else None,
        fatalities=toll, fatalities_low=toll, fatalities_high=toll, outlet=f"Outlet {article[-1]}",
        confidence=0.6,
    )  # fmt: skip
    if toll:
        m.figures.append(
            Figure(
                article_id=article,
                value=toll,
                low=toll,
                high=toll,
                qualifier="exact",
                counts="killed",
                subject="civilians",
                claimed_by=None,
                sentence=sentence,
                sentence_start=start,
                sentence_end=start + len(sentence),
                start=start,
                end=start + 2,
                text=str(toll),
                confidence=0.7,
                is_subset=False,
                mention_id=m.mention_id,
            )  # fmt: skip
        )
    return m


def corpus(seed: int = 7, articles: int = 120) -> list[ArticleExtraction]:
    """Illustrative articles whose events spread over three years, in bursts (several reports of one
    week), with undated mentions, shared wording (a story retold) and one-article pairs."""
    rng = random.Random(seed)
    bursts = [date(2015, 1, 1) + timedelta(days=rng.randrange(3 * 365)) for _ in range(12)]
    # one wire story retold per burst (made-up words: no two bursts' stories share one)
    stories = {b: " ".join(f"{w}{i}" for w in rng.sample(WORDS, 8)) for i, b in enumerate(bursts)}
    out = []
    for a in range(articles):
        aid = f"art{a:03d}"
        body = f"Illustrative article {aid}."
        art = Article(
            id=aid, text=body, title=aid, outlet=f"Outlet {aid[-1]}", url=None, published=None,
            published_source=None, language="en", status="ok", message=None, origin=f"{aid}.txt",
            raw_text=body, offsets=OffsetMap([(0, 0, len(body))]), content_hash=f"hash-{aid}",
        )  # fmt: skip
        base = rng.choice(bursts)
        mentions = []
        for k in range(rng.randint(1, 3)):
            day = None if rng.random() < 0.02 else base + timedelta(days=rng.randint(-2, 2))
            sentence = stories[base] if rng.random() < 0.4 else f"Illustrative {aid} {k} {rng.random()}"
            mentions.append(_mention(rng, aid, k, day, sentence))
        out.append(ArticleExtraction(art, mentions, [f for m in mentions for f in m.figures]))
    return out


def _sorted(mentions: list[EventMention]):
    """The mentions as parting reads them: by event type, then date (undated last)."""
    return lambda: sorted(mentions, key=lambda m: (m.event_type, m.date.date is None, m.date.date or 0))


def _groups(events) -> set[frozenset[str]]:
    return {frozenset(m.mention_id for m in e.mentions) for e in events}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fusing_each_part_gives_the_events_of_fusing_all(seed):
    mentions = [m for x in corpus(seed) for m in x.mentions]
    parts = independent_parts(_sorted(mentions), max_size=1)
    assert len(parts) > 5  # the bursts are weeks apart: the parts must split them
    assert sorted(i for p in parts for i in p) == sorted(m.mention_id for m in mentions)
    by_id = {m.mention_id: m for m in mentions}
    whole = fuse(mentions)
    assert any(len(e.mentions) > 1 for e in whole)  # the corpus does fuse across articles
    parted = [e for p in parts for e in fuse([by_id[i] for i in p])]
    assert _groups(parted) == _groups(whole)
    assert sorted(e.event_id for e in parted) == sorted(e.event_id for e in whole)


def _coarsen(rng: random.Random, mentions: list[EventMention]) -> None:
    """Geocode some mentions to their province (a centroid ~100 km from every town) or their country
    (no point), as "in Province A" or "in Syria" are: the rejoin pass may join them to any town in it."""
    for m in mentions:
        if m.geo is None or m.place is None:
            continue
        r = rng.random()
        if r < 0.15:
            m.geo = GeoResult(
                raw="Province A", location="Province A", country="Syria", iso=760, admin1="Province A",
                latitude=34.5, longitude=37.5, geo_precision=3, step="admin", confidence=0.7,
            )  # fmt: skip
        elif r < 0.25:
            m.geo = GeoResult(raw="Syria", location="Syria", country="Syria", iso=760, step="country")


@pytest.mark.parametrize("seed", [4, 5])
def test_parts_keep_a_province_or_country_with_the_towns_it_holds(seed):
    mentions = [m for x in corpus(seed) for m in x.mentions]
    _coarsen(random.Random(seed), mentions)
    parts = independent_parts(_sorted(mentions), max_size=1)
    by_id = {m.mention_id: m for m in mentions}
    whole = fuse(mentions)
    parted = [e for p in parts for e in fuse([by_id[i] for i in p])]
    assert _groups(parted) == _groups(whole)


def test_an_undated_copy_of_a_dated_report_elsewhere_stays_in_its_part():
    rng = random.Random(5)
    text = "alpha bravo charlie delta echo foxtrot golf hotel"
    dated = _mention(rng, "artA", 0, date(2016, 5, 1), text)
    undated = _mention(rng, "artB", 0, None, text)
    undated.place, undated.geo, undated.event_type = None, None, dated.event_type
    far = _mention(rng, "artC", 0, date(2018, 5, 1), "Illustrative other words entirely")
    parts = independent_parts(_sorted([dated, undated, far]), max_size=1)
    together = [p for p in parts if "artA:0" in p][0]
    assert "artB:0" in together and "artC:0" not in together


def test_corrections_keep_their_mentions_in_one_part():
    rng = random.Random(9)
    a = _mention(rng, "artA", 0, date(2016, 5, 1), "Illustrative one")
    b = _mention(rng, "artB", 0, date(2018, 5, 1), "Illustrative two")
    assert len(independent_parts(_sorted([a, b]), max_size=1)) == 2
    assert len(independent_parts(_sorted([a, b]), [["artA:0", "artB:0"]], max_size=1)) == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request, tmp_path):
    if request.param == "postgresql":
        first = request.getfixturevalue("postgres_db")
        return first, f"sqlite:///{tmp_path / 'whole.db'}"
    return f"sqlite:///{tmp_path / 'parts.db'}", f"sqlite:///{tmp_path / 'whole.db'}"


def test_store_refused_by_parts_equals_full_refusion(two_stores, monkeypatch):
    import sitrep.fuse.parts as parts_module

    # small parts, so that the store really fuses many of them one at a time
    real = parts_module.independent_parts
    monkeypatch.setattr(
        "sitrep.pipeline.independent_parts", lambda keys, together=(): real(keys, together, max_size=3)
    )
    parted_db, whole_db = two_stores
    extractions = corpus(11, 90)
    out = []
    for db, parted in ((parted_db, True), (whole_db, False)):
        with Store.open(db) as store:
            for i in range(0, len(extractions), 30):  # three batches, re-fused after each as ingest does
                store.add_extractions(extractions[i : i + 30])
                changes = refuse_store(store) if parted else store.refuse(_fused)
            result = store.query()
            history = {e.event_id: [c.action for c in store.event_history(e.event_id)] for e in result.events}
        assert changes is not None
        out.append((json.dumps(to_dict(result), sort_keys=True, default=str), history))
    assert len(json.loads(out[0][0])["events"]) > 10
    assert out[0] == out[1]
