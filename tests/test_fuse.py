"""Tests of sitrep.fuse: clustering event mentions into events.

All records are illustrative, written by hand for these tests (no spaCy, no third-party text).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import replace
from datetime import date

import pytest

from sitrep.fuse import (
    ambiguous_capital,
    assign_event_ids,
    compatible,
    event_id_for,
    fuse,
    haversine_km,
    may_merge,
    relaxed_compatible,
    rules,
    support,
    supports,
)
from sitrep.records import (
    REFERENCE_EXTRACTOR,
    DateResolution,
    EventMention,
    Figure,
    GeoResult,
    PlaceMention,
)

# Illustrative coordinates: a town, a point ~5 km from it, and one ~30 km away.
TOWN = (35.00, 38.00)
NEAR = (35.04, 38.02)
FAR = (35.27, 38.00)


def geo(
    name: str, lat: float, lon: float, gid: int | None = None, precision: int = 1, conf: float = 0.9
) -> GeoResult:
    return GeoResult(
        raw=name, location=name, country="Syria", iso=760, admin1="Province A", latitude=lat, longitude=lon,
        geo_precision=precision, geonameid=gid, step="exact", confidence=conf,
    )  # fmt: skip


def mention(
    article: str = "a1",
    start: int = 0,
    *,
    event_type: str = "Explosions/Remote violence",
    sub: str = "Air/drone strike",
    day: date | None = date(2017, 4, 5),
    precision: int = 1,
    place: str | None = "Town A",
    at: tuple[float, float] | None = TOWN,
    gid: int | None = 101,
    geo_precision: int = 1,
    actor1: str | None = "Military Forces of Syria (2000-)",
    actor2: str | None = None,
    fatalities: int = 0,
    low: int | None = None,
    high: int | None = None,
    outlet: str | None = None,
    confidence: float = 0.5,
) -> EventMention:
    sentence = f"Illustrative{article}x{start}."  # no shared wording: mentions merge on their fields
    m = EventMention(
        mention_id=f"{article}:{start}",
        article_id=article,
        sentence=sentence,
        sentence_start=start,
        sentence_end=start + len(sentence),
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        date=DateResolution(
            date=day, precision=precision if day else None, method="explicit" if day else "none"
        ),
        place=PlaceMention(text=place, start=start + 5, end=start + 5 + len(place), relation="in", name=place)
        if place
        else None,
        geo=geo(place, *at, gid=gid, precision=geo_precision) if place and at else None,
        fatalities=fatalities,
        fatalities_low=fatalities if low is None else low,
        fatalities_high=fatalities if high is None else high,
        outlet=outlet or f"Outlet {article}",
        confidence=confidence,
    )
    if fatalities:
        m.figures.append(
            Figure(
                article_id=article,
                value=fatalities,
                low=m.fatalities_low,
                high=m.fatalities_high,
                qualifier="exact",
                counts="killed",
                subject=None,
                claimed_by=None,
                sentence=sentence,
                sentence_start=start,
                sentence_end=m.sentence_end,
                start=start,
                end=start + 2,
                text=str(fatalities),
                mention_id=m.mention_id,
            )  # fmt: skip
        )
    return m


def test_same_event_from_two_outlets_is_one_event_with_two_sources():
    single = fuse([mention("a1", fatalities=3)])
    other = mention("b2", 40, day=date(2017, 4, 6), at=NEAR, gid=None, fatalities=3)
    events = fuse([mention("a1", fatalities=3), other])
    assert len(events) == 1
    event = events[0]
    assert [s.article_id for s in event.sources] == ["a1", "b2"]
    assert [s.outlet for s in event.sources] == ["Outlet a1", "Outlet b2"]
    assert event.confidence > single[0].confidence


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(mention("b2", event_type="Battles", sub="Armed clash"), id="other-type"),
        pytest.param(mention("b2", day=date(2017, 4, 8)), id="3-days-apart"),
        pytest.param(mention("b2", day=date(2017, 4, 20), precision=2), id="coarse-but-15-days"),
        pytest.param(mention("b2", day=date(2017, 5, 2), precision=3), id="month-precision-other-month"),
        pytest.param(mention("b2", place="Town B", at=FAR, gid=202), id="30-km-apart"),
        pytest.param(mention("b2", at=(36.0, 38.0), gid=None), id="same-name-but-110-km"),
        pytest.param(mention("b2", actor1="Islamic State (Syria)"), id="actor-contradiction"),
        pytest.param(mention("b2", day=None, place="Town B", at=NEAR, gid=202), id="no-date-other-place"),
        pytest.param(
            mention("b2", day=None, sub="Shelling/artillery/missile attack"), id="no-date-other-sub-type"
        ),
        pytest.param(mention("b2", place=None), id="no-place"),
    ],
)
def test_incompatible_mentions_stay_apart(other):
    base = mention("a1")
    assert not compatible(base, other)
    assert len(fuse([base, other])) == 2


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(mention("b2", day=date(2017, 4, 6)), id="next-day"),
        pytest.param(mention("b2", day=date(2017, 4, 1), precision=2), id="week-precision"),
        pytest.param(mention("b2", at=NEAR, gid=None, place="Town A outskirts"), id="5-km"),
        pytest.param(mention("b2", at=None, gid=None), id="same-name-not-geocoded"),
        pytest.param(mention("b2", day=None), id="no-date-same-place-same-sub-type"),
        pytest.param(mention("b2", actor1=None), id="no-actor"),
        pytest.param(
            mention("b2", actor1="Islamic State (Syria)", actor2="Military Forces of Syria (2000-)"),
            id="swapped-actors",
        ),
    ],
)
def test_compatible_mentions_merge(other):
    assert compatible(mention("a1"), other)
    # compatible is not enough across articles: the same toll supports the merge
    assert len(fuse([mention("a1", fatalities=5), replace(other, fatalities=5)])) == 1


def test_within_one_article_merge_needs_same_place_date_and_sub_type():
    first = mention("a1", 0)
    assert len(fuse([first, mention("a1", 80)])) == 1
    assert len(fuse([first, mention("a1", 80, sub="Shelling/artillery/missile attack")])) == 2
    assert len(fuse([first, mention("a1", 80, day=date(2017, 4, 6))])) == 2
    assert len(fuse([first, mention("a1", 80, place="Town B", at=FAR, gid=202)])) == 2


def test_one_source_per_article_first_mention_kept():
    events = fuse([mention("a1", 120), mention("a1", 10), mention("b2", 0)])
    assert len(events) == 1
    assert [(s.article_id, s.mention_id) for s in events[0].sources] == [("a1", "a1:10"), ("b2", "b2:0")]
    assert len(events[0].mentions) == 3


def test_same_result_whatever_the_input_order():
    mentions = [
        mention("a1", 0, fatalities=2),
        mention("b2", 5, day=date(2017, 4, 6), fatalities=2),
        mention("c3", 9, place="Town B", at=FAR, gid=202),
        mention("c3", 90, event_type="Battles", sub="Armed clash"),
    ]
    expected = [(e.event_id, [m.mention_id for m in e.mentions]) for e in fuse(mentions)]
    assert len(expected) == 3
    for perm in itertools.permutations(mentions):
        assert [(e.event_id, [m.mention_id for m in e.mentions]) for e in fuse(list(perm))] == expected


def test_event_id_derives_from_smallest_mention_id():
    events = fuse([mention("b2", 5), mention("a1", 7)])
    digest = hashlib.sha1(b"a1:7").hexdigest()[:12]
    assert events[0].event_id == "SR" + digest == event_id_for(["b2:5", "a1:7"])


def test_fatalities_lowest_credible_report_across_sources():
    events = fuse(
        [
            mention("a1", 0, fatalities=12, low=12, high=15),
            mention("a1", 50, fatalities=14, low=14, high=14),  # same article, later update: its best is 14
            mention("b2", 0, fatalities=9, low=8, high=9),
            mention("c3", 0),  # no figure: not a report of zero deaths
        ]
    )
    assert len(events) == 1
    e = events[0]
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (9, 8, 15)


def test_date_is_earliest_of_most_precise_and_place_is_most_precise():
    events = fuse(
        [
            mention(
                "a1", day=date(2017, 4, 3), precision=2, geo_precision=2, at=NEAR, gid=None, fatalities=7
            ),
            mention("b2", day=date(2017, 4, 6), fatalities=7),
            mention("c3", day=date(2017, 4, 5), fatalities=7),
        ]
    )
    assert len(events) == 1
    e = events[0]
    assert (e.event_date, e.time_precision) == (date(2017, 4, 5), 1)
    assert (e.latitude, e.longitude, e.geo_precision) == (*TOWN, 1)
    assert e.location == "Town A" and e.country == "Syria" and e.iso == 760 and e.geo_step == "exact"


def test_sub_event_type_majority_then_specific():
    clash = dict(event_type="Battles", actor1=None, fatalities=3)
    events = fuse(
        [
            mention("a1", sub="Armed clash", **clash),
            mention("b2", sub="Government regains territory", **clash),
        ]
    )
    assert [e.sub_event_type for e in events] == ["Government regains territory"]
    events = fuse(
        [mention(x, sub="Armed clash", **clash) for x in ("a1", "b2")]
        + [mention("c3", sub="Government regains territory", **clash)]
    )
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_notes_summarise_fields_without_copying_prose():
    e = fuse([mention("a1", fatalities=4)])[0]
    assert e.notes.startswith("On 2017-04-05, ")
    assert "air/drone strike" in e.notes and "Town A" in e.notes and "4 people" in e.notes
    assert "Military Forces of Syria (2000-)" in e.notes
    assert "Illustrative sentence" not in e.notes
    assert e.notes.endswith(".") and e.notes.count(".") == 1
    undated = fuse([mention("a1", day=None, place=None)])[0]
    assert "unknown date" in undated.notes


def test_assign_event_ids_sets_figures():
    events = fuse([mention("a1", fatalities=2), mention("z9", place="Town B", at=FAR, gid=202, fatalities=1)])
    assign_event_ids(events)
    for e in events:
        assert e.mentions[0].figures and all(f.event_id == e.event_id for m in e.mentions for f in m.figures)


def test_complete_linkage_does_not_chain():
    # a-b are 1 day apart, b-c too, but a-c are 2 days apart: c must not join a's event.
    a = mention("a1", day=date(2017, 4, 5), fatalities=5)
    b = mention("b2", day=date(2017, 4, 6), fatalities=5)
    c = mention("c3", day=date(2017, 4, 7), fatalities=5)
    events = fuse([a, b, c])
    assert sorted(len(e.mentions) for e in events) == [1, 2]


def test_haversine():
    assert haversine_km(*TOWN, *TOWN) == 0
    assert 25 < haversine_km(*TOWN, *FAR) < 35


def test_empty():
    assert fuse([]) == []


def test_region_level_geocodes_need_same_sub_type():
    a = mention("a1", place="Province A", at=TOWN, gid=None, geo_precision=3)
    b = replace(
        mention("b2", place="Province A countryside", at=TOWN, gid=None, geo_precision=3),
        sub_event_type="Shelling/artillery/missile attack",
    )
    assert not compatible(a, b)


# --------------------------------------------------------------------- the rejoin pass (issue 5)

# A province centroid ~60 km from TOWN (beyond max_km), and a town of another province ~5 km from TOWN.
PROVINCE = (35.50, 38.20)


def province_level(m: EventMention, admin1: str = "Province A") -> EventMention:
    """``m`` geocoded to a province (as "in Province A" is): its centroid, no gazetteer id."""
    m.geo = replace(
        geo("Province A", *PROVINCE, gid=None, precision=3), admin1=admin1, step="admin", location=admin1
    )
    m.place = replace(m.place, text=admin1, name=admin1)
    return m


def country_level(m: EventMention, country: str = "Syria") -> EventMention:
    """``m`` geocoded to a country only (as "in Syria" is): no point."""
    m.geo = GeoResult(raw=country, location=country, country=country, step="country", confidence=0.3)
    m.place = replace(m.place, text=country, name=country)
    return m


def strongly_tied(article: str, **kw) -> EventMention:
    """A report of the illustrative strike: same day, same toll (support 1 + 1 + 1.5 = 3.5 with the sub-type)."""
    return mention(article, fatalities=21, **kw)


@pytest.mark.parametrize(
    "make, holds",
    [
        (lambda m: province_level(m), True),
        (lambda m: province_level(m, admin1="Province B"), False),  # another province
        (lambda m: country_level(m), True),
        (lambda m: country_level(m, country="Turkey"), False),  # another country
    ],
)
def test_a_province_or_country_holds_its_towns_under_the_relaxed_rules_only(make, holds):
    town = strongly_tied("a1")
    coarse = make(strongly_tied("b1"))
    assert not compatible(town, coarse)  # the strict rules are unchanged
    assert relaxed_compatible(town, coarse) is holds
    assert relaxed_compatible(coarse, town) is holds


def test_relaxed_rules_still_need_the_sub_type_the_dates_and_another_article():
    town = strongly_tied("a1")
    other_kind = province_level(strongly_tied("b1", sub="Shelling/artillery/missile attack"))
    week_later = province_level(strongly_tied("b2", day=date(2017, 4, 12)))
    same_article = province_level(strongly_tied("a1", start=50))
    assert not relaxed_compatible(town, other_kind)
    assert not relaxed_compatible(town, week_later)
    assert not relaxed_compatible(town, same_article)


def test_relaxed_rules_let_sources_name_different_actors():
    a = strongly_tied("a1")
    b = strongly_tied("b1", actor1="Opposition Rebels (Syria)")  # "the rebel-held town", misread
    assert not compatible(a, b)
    assert relaxed_compatible(a, b)


@pytest.mark.parametrize(
    "fatalities, joins",
    [(21, True), (0, False)],  # support 3.5 (day, sub-type, toll) reaches rejoin_min_support; 2.0 does not
)
def test_a_mention_left_alone_rejoins_the_event_it_is_strongly_tied_to(fatalities, joins):
    town = [strongly_tied("a1"), strongly_tied("c1", actor1=None)]
    alone = province_level(mention("b1", fatalities=fatalities))
    events = fuse([*town, alone])
    assert len(events) == (1 if joins else 2)
    if joins:
        event = events[0]
        assert event.location == "Town A" and event.geo_precision == 1  # the most precise place is kept
        assert {s.article_id for s in event.sources} == {"a1", "b1", "c1"}
        assert any(c.field == "location" for c in event.conflicts)


def test_the_rejoin_pass_only_moves_mentions_left_alone(monkeypatch):
    # two events of the strict rules, one placed at the town, one at its province: the rejoin pass
    # splits neither (the level merge, turned off here, is what joins them: see the next test)
    monkeypatch.setitem(rules(), "level_merge_min_links", 0)
    towns = [strongly_tied("a1"), strongly_tied("c1")]
    provinces = [province_level(strongly_tied("b1")), province_level(strongly_tied("d1"))]
    groups = sorted(sorted(m.mention_id for m in e.mentions) for e in fuse([*towns, *provinces]))
    assert groups == [["a1:0", "c1:0"], ["b1:0", "d1:0"]]
    # a mention left alone (the town, here) joins the province's event instead
    groups = sorted(sorted(m.mention_id for m in e.mentions) for e in fuse([towns[0], *provinces]))
    assert groups == [["a1:0", "b1:0", "d1:0"]]


@pytest.mark.parametrize(
    "coarse, joins",
    [
        (lambda m: province_level(m), True),  # the town's province: one event told at two levels
        (lambda m: province_level(m, admin1="Province B"), False),  # another province
        (lambda m: country_level(m), True),
        (lambda m: province_level(replace(m, actor1="Actor X")), False),  # other actors: two events
    ],
)
def test_one_event_told_at_the_town_and_at_its_province_is_one_event(coarse, joins):
    towns = [strongly_tied("a1"), strongly_tied("c1")]
    coarser = [coarse(strongly_tied("b1")), coarse(strongly_tied("d1"))]
    groups = sorted(sorted(m.mention_id for m in e.mentions) for e in fuse([*towns, *coarser]))
    if joins:
        assert groups == [["a1:0", "b1:0", "c1:0", "d1:0"]]
    else:
        assert groups == [["a1:0", "c1:0"], ["b1:0", "d1:0"]]


@pytest.mark.parametrize(
    "misread, joins",
    [
        # one source of the province's event names another perpetrator: its sources do not agree on one
        (["Actor X", None], True),
        # two sources name it: the province's event has a perpetrator of its own, another event
        (["Actor X", "Actor X"], False),
        # ... unless the town's sources name it as the other party ("X attacked Y" / "Y clashed with X")
        (["Opposition Rebels (Syria)", "Opposition Rebels (Syria)"], True),
    ],
)
def test_the_level_merge_weighs_actors_by_the_agreement_of_sources(misread, joins):
    towns = [strongly_tied("a1"), strongly_tied("c1", actor2="Opposition Rebels (Syria)")]
    coarser = [province_level(strongly_tied(a, actor1=x)) for a, x in zip(("b1", "d1"), misread, strict=True)]
    events = fuse([*towns, *coarser])
    assert (len(events) == 1) is joins


@pytest.mark.parametrize("need, joins", [(4, True), (5, False), (0, False)])
def test_the_level_merge_needs_enough_pairs_of_articles(monkeypatch, need, joins):
    # two town reports and two province reports, each tied to each: four pairs of articles across
    monkeypatch.setitem(rules(), "level_merge_min_links", need)
    towns = [strongly_tied("a1"), strongly_tied("c1")]
    provinces = [province_level(strongly_tied("b1")), province_level(strongly_tied("d1"))]
    events = fuse([*towns, *provinces])
    assert (len(events) == 1) is joins


def test_a_provincial_capital_named_bare_may_be_its_province():
    capital = strongly_tied("b1")
    capital.geo = replace(
        capital.geo, location="Province A", admin1="Province A", latitude=PROVINCE[0], longitude=PROVINCE[1]
    )
    capital.place = replace(capital.place, text="Province A", name="Province A")
    town = strongly_tied("a1")
    assert ambiguous_capital(capital) and not ambiguous_capital(town)
    assert relaxed_compatible(town, capital)
    # "Province A city" names the city: no longer ambiguous
    capital.place = replace(capital.place, text="Province A city")
    assert not ambiguous_capital(capital)


def test_the_same_village_the_gazetteer_lacks_supports_like_a_gazetteer_town():
    a, b = mention("a1", place="Hass", at=None), mention("b1", place="Hass", at=None)
    other = mention("c1", place="Kafr Ruma", at=None)
    assert a.geo is None and support(a, b) - support(a, other) == rules()["support"]["same_specific_place"]
    # a province named by both says less: no such support
    pa, pb = province_level(mention("a1")), province_level(mention("b1"))
    pa.place.kind = pb.place.kind = "admin1"
    pa.geo = pb.geo = None
    assert support(pa, pb) == support(a, other)


def _naive_clusters(mentions):
    """The unblocked definition of the clustering: first compatible cluster, in the canonical order."""
    clusters = []
    for m in sorted(mentions, key=lambda m: (m.article_id, m.sentence_start, m.mention_id)):
        for cluster in clusters:
            if all(compatible(m, o) for o in cluster) and any(supports(m, o) for o in cluster):
                cluster.append(m)
                break
        else:
            clusters.append([m])
    # the merge pass: two events one pair supports and every pair allows become one, until none is left
    changed = True
    while changed:
        changed = False
        clusters = sorted((sorted(c, key=_order_key) for c in clusters if c), key=lambda c: _order_key(c[0]))
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                a, b = clusters[i], clusters[j]
                if (
                    a
                    and b
                    and any(supports(x, y) for x in a for y in b)
                    and all(compatible(x, y) for x in a for y in b)
                ):
                    clusters[i], clusters[j] = sorted(a + b, key=_order_key), []
                    changed = True
        clusters = [c for c in clusters if c]
    # the rejoin pass: a mention left alone joins the most strongly supporting relaxed-compatible event
    threshold = float(rules()["rejoin_min_support"])
    for i in sorted(
        (i for i, c in enumerate(clusters) if len(c) == 1), key=lambda i: _order_key(clusters[i][0])
    ):
        if len(clusters[i]) != 1:
            continue
        m = clusters[i][0]
        scored = [
            (max(support(m, o) for o in c), -j)
            for j, c in enumerate(clusters)
            if j != i and c and all(relaxed_compatible(m, o) for o in c)
        ]
        if scored and max(scored)[0] >= threshold:
            clusters[-max(scored)[1]].append(m)
            clusters[i] = []
    return sorted(sorted(m.mention_id for m in c) for c in clusters if c)


def _order_key(m):
    return (m.article_id, m.sentence_start, m.mention_id)


@pytest.mark.parametrize("seed", range(5))
def test_blocking_gives_the_same_clusters_as_the_definition(seed):
    rng = random.Random(seed)
    towns = [("Town A", TOWN, 101), ("Town B", FAR, 202), ("Town C", NEAR, None)]
    mentions = []
    for i in range(60):
        name, at, gid = rng.choice(towns)
        day = rng.choice([None, *(date(2017, 4, d) for d in range(1, 20))])
        mentions.append(
            mention(
                f"a{rng.randrange(12)}",
                i * 10,
                day=day,
                precision=rng.choice([1, 1, 2, 3]),
                place=name,
                at=at,
                gid=gid,
                sub=rng.choice(["Air/drone strike", "Shelling/artillery/missile attack"]),
                actor1=rng.choice([None, "Actor X", "Actor Y"]),
                fatalities=rng.choice([0, 3, 3, 10]),
            )  # fmt: skip
        )
    got = sorted(sorted(m.mention_id for m in e.mentions) for e in fuse(mentions))
    assert got == _naive_clusters(mentions)


# --------------------------------------------------------------------- reconciliation (issue 5)


def test_disagreeing_tolls_are_kept_side_by_side_with_their_sources():
    a = mention("a1", fatalities=21)
    b = mention("b1", fatalities=23, low=23, high=25)
    b.claimed_by = "Syrian Observatory for Human Rights"
    (event,) = fuse([a, b])
    assert (event.fatalities_low, event.fatalities, event.fatalities_high) == (21, 21, 25)
    (conflict,) = [c for c in event.conflicts if c.field == "fatalities"]
    assert [(v.value, v.article_id, v.claimed_by) for v in conflict.values] == [
        (21, "a1", None),
        (23, "b1", "Syrian Observatory for Human Rights"),
    ]
    assert event.grade == "independent_sources"  # a small difference is how tolls are reported
    far = mention("c1", fatalities=60)
    (event,) = fuse([a, replace(far, date=a.date)])
    assert event.grade == "contested" and [c.field for c in event.conflicts] == ["fatalities"]


def test_agreeing_sources_have_no_conflict():
    (event,) = fuse([mention("a1", fatalities=5), mention("b1", 7, fatalities=5)])
    assert event.conflicts == []
    assert event.grade == "independent_sources" and event.independent_sources == 2


def test_date_conflict_is_listed():
    a, b = (
        mention("a1", day=date(2017, 4, 5), fatalities=2),
        mention("b1", day=date(2017, 4, 6), fatalities=2),
    )
    (event,) = fuse([a, b])
    (conflict,) = event.conflicts
    assert conflict.field == "event_date"
    assert {v.value for v in conflict.values} == {"2017-04-05", "2017-04-06"}


@pytest.mark.parametrize(
    "claimant,expected",
    [
        ("Amaq News Agency", (0, 0, 33)),  # a party's claim alone never sets fatalities
        ("Syrian Observatory for Human Rights", (33, 33, 33)),
    ],
)
def test_party_claim_does_not_set_fatalities_alone(claimant, expected):
    m = mention("a1", fatalities=33)
    m.claimed_by = claimant
    (event,) = fuse([m])
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == expected


def test_party_claim_with_an_independent_report_is_confirmed_by_party():
    a = mention("a1", fatalities=4)
    b = mention("b1", fatalities=4)
    b.claimed_by = "SANA"
    (event,) = fuse([a, b])
    assert event.fatalities == 4
    assert event.grade == "confirmed_by_party"
    (source,) = [s for s in event.sources if s.article_id == "b1"]
    assert source.claimed_by == "SANA"


def test_wire_copies_and_one_outlet_count_as_one_source():
    a, b, c = mention("a1"), mention("b1"), mention("c1", outlet="Outlet a1")
    b.sentence = a.sentence = "Warplanes struck the market of Town A on Tuesday, killing five, AFP said."
    c.sentence = "A different report of the raid on the market in its own words entirely."
    (event,) = fuse([a, b, c])
    assert len(event.sources) == 3
    assert event.independent_sources == 1  # b copies a's wording; c is a's outlet
    assert event.grade == "single_source"
    d = mention("d1")
    d.sentence = "Residents of Town A said jets bombed the main square in the morning hours."
    (event,) = fuse([a, b, c, d])
    assert event.independent_sources == 2
    assert event.confidence > fuse([a, b, c])[0].confidence


def test_capture_told_three_days_apart_is_one_event_with_a_date_conflict():
    kw = dict(
        event_type="Strategic developments", sub="Non-state actor overtakes territory", place="District A"
    )
    a = mention("a1", day=date(2017, 6, 7), **kw)  # "captured on Wednesday"
    b = mention("b1", day=date(2017, 6, 9), **kw)  # "captured on Friday"
    (event,) = fuse([a, b])
    assert len(event.sources) == 2
    assert [c.field for c in event.conflicts] == ["event_date"]
    # two air strikes on one town three days apart stay two events
    assert len(fuse([mention("a1", day=date(2017, 6, 7)), mention("b1", day=date(2017, 6, 10))])) == 2


def test_reports_of_one_city_on_one_day_need_support_to_merge():
    # two outlets, strikes on the same city the same day, different tolls and words: not enough to merge
    a = mention("a1", fatalities=3, geo_precision=2)
    b = mention("b1", fatalities=40, sub="Shelling/artillery/missile attack", geo_precision=2)
    a.sentence = "Jets struck the northern market district, killing three shoppers."
    b.sentence = "Artillery pounded the eastern quarters for hours; forty died."
    assert len(fuse([a, b])) == 2
    # the same toll and the same kind of strike on the same day: one event
    c = mention("c1", fatalities=3, geo_precision=2)
    c.sentence = "Three people died when aircraft bombed a market in the city."
    (event,) = fuse([a, c])
    assert {s.article_id for s in event.sources} == {"a1", "c1"}


# --------------------------------------------------------------------- stories (issue 5)


def _event(
    eid, day, at=TOWN, actors=("Military Forces of Syria (2000-)", "Opposition Rebels (Syria)"), prec=1
):
    from sitrep.records import Event

    return Event(
        event_id=eid, event_date=day, time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1=actors[0], actor2=actors[1], location="Town A", admin1="Province A", latitude=at[0],
        longitude=at[1], geo_precision=prec,
    )  # fmt: skip


def test_a_siege_told_over_weeks_is_one_story():
    from sitrep.fuse.stories import assign_stories

    chain = [_event(f"E{i}", date(2017, 4, 1 + 10 * i)) for i in range(3)]  # 10 days apart each
    other_side = _event("X1", date(2017, 4, 5), actors=("Islamic State (Syria)", "Civilians (Syria)"))
    elsewhere = _event("Y1", date(2017, 4, 6), at=FAR)  # 30 km away
    later = _event("Z1", date(2017, 6, 1))  # seven weeks after the last link
    province = _event("P1", date(2017, 4, 12), prec=3)  # a province centroid says too little
    events = [*chain, other_side, elsewhere, later, province]
    (story,) = assign_stories(events)
    assert story.event_ids == ["E0", "E1", "E2"]
    assert story.first_date == date(2017, 4, 1) and story.last_date == date(2017, 4, 21)
    assert story.title.startswith("Town A: armed clash")
    assert [e.story_id for e in events] == [story.story_id] * 3 + [None] * 4
    assert story.story_id.startswith("ST")


def test_a_lower_bound_toll_does_not_contradict_a_larger_one():
    from sitrep.fuse import support

    a = mention("a1", fatalities=58)
    b = mention("a2", fatalities=12)
    firm = support(a, b)
    b.figures[0].qualifier = "vague"  # "dozens" (12 by ACLED's convention) against 58
    assert support(a, b) == pytest.approx(firm + 1.0)
    b.figures[0].qualifier = "at_least"
    assert support(a, b) == pytest.approx(firm + 1.0)


def test_never_merges_across_years_even_a_retold_story():
    a = mention("a1", day=date(2013, 8, 21), fatalities=10)
    b = replace(mention("a2", day=date(2017, 4, 4), fatalities=10), sentence=a.sentence)  # word for word
    assert not compatible(a, b)
    assert len(fuse([a, b])) == 2
    weekly = replace(b, date=DateResolution(date=date(2014, 8, 20), precision=2, method="published"))
    assert len(fuse([a, weekly])) == 2


def _reference(m: EventMention, **changes) -> EventMention:
    return replace(m, extractor=REFERENCE_EXTRACTOR, mention_id=m.mention_id + ":ref0", **changes)


def test_a_reference_never_makes_an_event_of_its_own():
    ref = _reference(mention("a2", fatalities=58))
    assert fuse([ref]) == []
    assert fuse([ref, _reference(mention("a3", fatalities=58))]) == []  # nor with another reference


def test_a_reference_joins_an_event_as_a_source_and_changes_none_of_its_fields():
    report = mention("a1", fatalities=10, day=date(2017, 4, 4))
    alone = fuse([report])[0]
    ref = _reference(mention("a2", fatalities=8, day=date(2017, 4, 4)), claimed_by="Agency Z")  # lower toll
    (event,) = fuse([report, ref])
    assert event.event_id == alone.event_id
    assert (event.fatalities, event.event_date, event.sub_event_type) == (
        10,
        date(2017, 4, 4),
        alone.sub_event_type,
    )
    assert [s.article_id for s in event.sources] == ["a1", "a2"]
    assert event.sources[1].claimed_by == "Agency Z"
    assert {m.mention_id for m in event.mentions} == {report.mention_id, ref.mention_id}


def test_a_reference_needs_strong_support_and_compatibility():
    report = mention("a1", fatalities=10, day=date(2017, 4, 4))
    other_day = _reference(mention("a2", day=date(2017, 4, 9)))  # 5 days: incompatible at day precision
    other_town = _reference(mention("a3", place="Town B", at=FAR, gid=202))
    weak = _reference(
        mention("a4", sub="Shelling/artillery/missile attack", gid=None, at=NEAR, day=date(2017, 4, 5))
    )
    (event,) = fuse([report, other_day, other_town, weak])
    assert [m.mention_id for m in event.mentions] == [report.mention_id]


def test_a_reference_with_a_misread_actor_joins_the_event_its_sources_tell():
    # "... an attack which the United States says came from the army": the speaker read as the actor;
    # a reference of another article is not held to the actor it names
    event = [mention("a1", fatalities=58), mention("b1", fatalities=58)]
    ref = _reference(mention("c1", fatalities=58, actor1="Actor X"))
    assert not compatible(ref, event[0])  # the strict rule alone would keep it out
    (fused,) = fuse([*event, ref])
    assert ref.mention_id in {m.mention_id for m in fused.mentions}
    # the other ties are still needed: another day keeps it out
    late = _reference(mention("d1", fatalities=58, actor1="Actor X", day=date(2017, 4, 9)))
    (fused,) = fuse([*event, late])
    assert late.mention_id not in {m.mention_id for m in fused.mentions}


def test_the_merge_pass_joins_what_first_fit_split():
    """b1 comes before the report (c1) that ties it to a1's event: first-fit leaves it alone, the merge
    pass joins it (one pair supports, every pair allows); illustrative mentions."""
    a = mention("a1", fatalities=10)
    b = mention("b1", day=date(2017, 4, 6))  # a day later, no toll: too little support with a1 alone
    c = mention("c1", day=date(2017, 4, 6), fatalities=10)  # same day as b1, same toll as a1
    assert compatible(a, b) and not supports(b, a) and supports(c, a) and supports(c, b)
    (event,) = fuse([a, b, c])
    assert {s.article_id for s in event.sources} == {"a1", "b1", "c1"}


@pytest.mark.parametrize(
    ("text_a", "text_b", "same"),
    [
        ("Thursday", "Friday", False),  # each day written out: two days, two strikes
        ("late on Thursday", "Friday", True),  # a night-time strike is told on either day
        ("Thursday", "overnight", True),
    ],
)
def test_days_written_out_one_day_apart(text_a, text_b, same):
    a = mention("a1", fatalities=10)
    b = mention("b1", day=date(2017, 4, 6), fatalities=10)
    a.date = replace(a.date, method="weekday", text=text_a)
    b.date = replace(b.date, method="weekday" if text_b != "overnight" else "relative", text=text_b)
    assert compatible(a, b) is same
    assert (len(fuse([a, b])) == 1) is same


def test_a_reference_no_other_article_ties_joins_the_event_its_own_article_reports():
    """ "There was an enormous explosion" in a report of a bombing speaks about that bombing (illustrative)."""
    first = mention("a1", 100, sub="Suicide bomb", event_type="Explosions/Remote violence", fatalities=14)
    later = mention("a1", 900, sub="Air/drone strike", place="Town B", at=FAR, gid=202)  # another event
    week = DateResolution(date=date(2017, 4, 6), precision=2, method="published")
    quote = _reference(
        mention("a1", 400, sub="Remote explosive/landmine/IED", place=None), date=week
    )  # dated by the publication only, no place of its own
    events = fuse([first, later, quote])
    (bombing,) = [e for e in events if e.sub_event_type == "Suicide bomb"]
    assert quote.mention_id in {m.mention_id for m in bombing.mentions}
    # the nearest report before it, of its own article; never an event of another type or a written day
    elsewhere = _reference(mention("a1", 400, sub="Armed clash", event_type="Battles", place=None), date=week)
    assert all(
        elsewhere.mention_id not in {m.mention_id for m in e.mentions} for e in fuse([first, elsewhere])
    )
    dated = _reference(
        mention("a1", 400, sub="Remote explosive/landmine/IED", place=None, day=date(2017, 4, 1))
    )
    assert all(dated.mention_id not in {m.mention_id for m in e.mentions} for e in fuse([first, dated]))
    # and it keeps the parts of a store exact: the two are never in different parts
    assert may_merge(quote, first)


def test_a_gas_attack_is_spoken_about_only_by_a_reference_of_its_kind():
    """ "The regime continues to use prohibited weapons in bombing civilian areas", in a report of a gas
    attack, tells of the bombing campaign, not of the attack (illustrative)."""
    gas = mention("a1", 100, sub="Chemical weapon", event_type="Explosions/Remote violence", fatalities=70)
    week = DateResolution(date=date(2017, 4, 6), precision=2, method="published")
    bombing = _reference(mention("a1", 400, sub="Remote explosive/landmine/IED", place=None), date=week)
    assert all(bombing.mention_id not in {m.mention_id for m in e.mentions} for e in fuse([gas, bombing]))
    same_kind = _reference(
        mention("a1", 400, sub="Chemical weapon", event_type="Explosions/Remote violence", place=None),
        date=week,
    )
    (event,) = fuse([gas, same_kind])
    assert same_kind.mention_id in {m.mention_id for m in event.mentions}


def test_a_day_written_as_the_day_of_a_report_is_not_firm():
    """ "Strikes killed 10 people, a monitor said on Friday": the strikes may be Thursday's (illustrative)."""
    a = mention("a1", fatalities=10)
    a.date = replace(a.date, method="weekday", text="Thursday")
    b = replace(
        mention("b1", day=date(2017, 4, 6), fatalities=10),
        sentence="Strikes killed 10, a monitor said on Friday.",
    )
    b.date = replace(b.date, method="weekday", text="Friday")
    assert compatible(a, b)
    told = replace(b, sentence="Strikes on Friday killed 10, a monitor said.")
    assert not compatible(a, told)


def test_a_reference_of_its_own_article_joins_the_story_the_article_tells():
    """The article tells a bombing in two sentences and an air strike just before the quote: the quote
    speaks about the bombing, the event that holds most of the article's reports (illustrative)."""
    kind = {"sub": "Suicide bomb", "event_type": "Explosions/Remote violence"}
    told = [mention("a1", 100, fatalities=14, **kind), mention("a1", 200, fatalities=14, **kind)]
    strike = mention("a1", 350, place="Town B", at=FAR, gid=202)
    week = DateResolution(date=date(2017, 4, 6), precision=2, method="published")
    quote = _reference(mention("a1", 400, sub="Remote explosive/landmine/IED", place=None), date=week)
    events = fuse([*told, strike, quote])
    (bombing,) = [e for e in events if e.sub_event_type == "Suicide bomb"]
    assert {m.mention_id for m in bombing.mentions} == {"a1:100", "a1:200", quote.mention_id}


@pytest.mark.parametrize(
    "ref_place, joins",
    [
        ({}, True),  # the town the event's first source names
        ({"place": "Town B", "at": FAR, "gid": 202}, False),  # another town: the town's source vetoes it
    ],
)
def test_a_reference_naming_the_town_joins_an_event_told_at_its_province(ref_place, joins):
    # "Maaret Harmeh is close to the town of Khan Sheikhoun where a chemical attack killed nearly 90 on
    # April 4" (in substance) beside reports that give the town and only the province; illustrative mentions
    town, province = strongly_tied("a1"), province_level(strongly_tied("b1"))
    (event,) = fuse([town, province])
    ref = _reference(strongly_tied("c1", **ref_place))
    assert not compatible(ref, province)  # the strict rule alone would keep it out
    fused = fuse([town, province, ref])
    joined = [e for e in fused if ref.mention_id in {m.mention_id for m in e.mentions}]
    assert bool(joined) is joins
    if joins:
        assert {s.article_id for s in joined[0].sources} == {"a1", "b1", "c1"}
        assert joined[0].event_id == event.event_id


def _in_the_country(m: EventMention) -> EventMention:
    """``m`` told only "in Syria" (a country-level geocode, no point)."""
    country = GeoResult(raw="Syria", location=None, country="Syria", iso=760, step="country", confidence=0.5)
    return replace(m, place=PlaceMention(text="Syria", start=m.sentence_start + 5, end=m.sentence_start + 10,
                                         relation="in", name="Syria"), geo=country)  # fmt: skip


def test_a_reference_to_a_rare_kind_of_event_joins_the_one_the_news_is_full_of():
    """ "1,500 people have fallen victim to the chemical attack in Syria": no town, no toll, no day, but
    one chemical attack is what every outlet reports that week (illustrative mentions)."""
    chem = {"sub": "Chemical weapon", "day": date(2017, 4, 4)}
    event = [mention(a, **chem) for a in ("a1", "b1", "c1")]
    ref = _reference(_in_the_country(mention("r1", sub="Chemical weapon", day=date(2017, 4, 6), precision=2)))
    (fused,) = fuse([*event, ref])
    assert ref.mention_id in {m.mention_id for m in fused.mentions}
    # a second chemical attack as widely reported that week makes "the chemical attack" ambiguous
    other = {"sub": "Chemical weapon", "day": date(2017, 4, 5), "place": "Town B", "at": FAR, "gid": 202}
    rival = [mention(a, **other) for a in ("e1", "f1", "g1")]
    fused = fuse([*event, *rival, ref])
    assert len(fused) == 2 and all(ref.mention_id not in {m.mention_id for m in e.mentions} for e in fused)
    # a common kind of event is never named by its kind alone: an air strike reference stays out
    strikes = [replace(m, sub_event_type="Air/drone strike") for m in event]
    (fused,) = fuse([*strikes, replace(ref, sub_event_type="Air/drone strike")])
    assert ref.mention_id not in {m.mention_id for m in fused.mentions}


def test_the_same_city_says_less_than_the_same_town():
    """Two reports of clashes in one big city six days apart, one dated only by its publication week: a
    city is fought over every day, so the city and the kind alone do not make them one (illustrative)."""
    from sitrep.records import GeoCandidate

    def in_city(m: EventMention, population: int) -> EventMention:
        g = replace(m.geo, candidates=[GeoCandidate(name="Town A", geonameid=101, country_code="SY",
                                                     admin1="Province A", latitude=TOWN[0], longitude=TOWN[1],
                                                     feature_code="PPL", population=population, score=1.0)])  # fmt: skip
        return replace(m, geo=g)

    clash = {"event_type": "Battles", "sub": "Armed clash"}
    a = mention("a1", day=date(2016, 10, 13), fatalities=10, **clash)
    b = mention("b1", day=date(2016, 10, 7), precision=2, fatalities=12, **clash)  # a close toll
    assert supports(in_city(a, 5_000), in_city(b, 5_000))  # a town: one event
    assert not supports(in_city(a, 2_000_000), in_city(b, 2_000_000))  # a city: not enough
    assert len(fuse([in_city(a, 2_000_000), in_city(b, 2_000_000)])) == 2
