"""Cross-article event coreference: cluster :class:`EventMention`\\ s into ACLED-style :class:`Event`\\ s.

Rules (thresholds in ``data/fuse.yml``):

- two mentions can merge only if they have the same ``event_type``, compatible dates, places and actors
  (see :func:`compatible`); a cluster is formed greedily with *complete linkage* (a mention joins a
  cluster only if it is compatible with every member), over the mentions sorted by ``mention_id``, so the
  result does not depend on the input order;
- within one article, two mentions merge only if they also share place, date and sub-event type;
- a mention left alone by that pass may then join the event it is most strongly supported by under
  relaxed rules (a province or country holds its towns, actors may differ; see :func:`_rejoin`);
- ``event_id`` is ``"SR"`` + a short hash of the cluster's smallest ``mention_id``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, lru_cache
from importlib import resources

import yaml

from ..extract.attribution import is_party_to_conflict
from ..geo.distance import haversine_km
from ..geo.normalize import alias_key
from ..records import (
    REFERENCE_EXTRACTOR,
    TIME_PRECISION_MONTH,
    ClaimValue,
    Conflict,
    Event,
    EventMention,
    Source,
)

log = logging.getLogger(__name__)

__all__ = [
    "fuse",
    "build_event",
    "assign_event_ids",
    "compatible",
    "relaxed_compatible",
    "may_merge",
    "support",
    "supports",
    "wording_overlap",
    "event_id_for",
    "make_notes",
    "haversine_km",
]


@cache
def rules() -> dict:
    """The fusion rules of ``data/fuse.yml``."""
    return yaml.safe_load(resources.files("sitrep.data").joinpath("fuse.yml").read_text(encoding="utf-8"))


def event_id_for(mention_ids: Iterable[str]) -> str:
    """The stable id of the event made of these mentions: "SR" + 12 hex digits of sha1(smallest id)."""
    return "SR" + hashlib.sha1(min(mention_ids).encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=100_000)  # called for every pair of mentions compared; bounded for long runs
def _norm(text: str | None) -> str:
    """Normalised place / actor string: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def _raw_place(m: EventMention) -> str:
    if m.place is None:
        return ""
    return _norm(m.place.name or m.place.text)


def _coords(m: EventMention) -> tuple[float, float] | None:
    if m.geo is not None and m.geo.latitude is not None and m.geo.longitude is not None:
        return m.geo.latitude, m.geo.longitude
    return None


def _same_known_place(a: EventMention, b: EventMention) -> bool:
    """Same gazetteer entry or same place string (both must have a place)."""
    ga, gb = a.geo, b.geo
    if ga is not None and gb is not None and ga.geonameid is not None and ga.geonameid == gb.geonameid:
        return True
    ra, rb = _raw_place(a), _raw_place(b)
    return bool(ra) and ra == rb


def _places_compatible(a: EventMention, b: EventMention) -> bool:
    r = rules()
    ca, cb = _coords(a), _coords(b)
    if ca is not None and cb is not None:
        km = haversine_km(*ca, *cb)
        if km > r["max_km"]:
            return False  # never merge far apart, whatever the strings say
        if _same_known_place(a, b):
            return True
        if km <= r["merge_km"]:
            # Region-level geocodes (province centroids) say little: equal coordinates are not enough.
            coarse = max(a.geo.geo_precision or 1, b.geo.geo_precision or 1) >= 3
            return not coarse or a.sub_event_type == b.sub_event_type
        return False
    return _same_known_place(a, b)


def _territory_window(a: EventMention, b: EventMention, days: int) -> bool:
    """One change of territory at one place, told days apart by different sources."""
    r = rules()
    return (
        a.sub_event_type == b.sub_event_type
        and a.sub_event_type in r["territory_sub_event_types"]
        and days <= r["max_days_territory"]
        and _same_known_place(a, b)
    )


def _dates_compatible(a: EventMention, b: EventMention) -> bool | None:
    """True / False when both dates are known; None when either is unknown."""
    da, db = a.date.date, b.date.date
    if da is None or db is None:
        return None
    r = rules()
    days = abs((da - db).days)
    pa, pb = a.date.precision or 1, b.date.precision or 1
    if _territory_window(a, b, days):
        return True
    if pa == 1 and pb == 1:
        if days == 1 and _firm_day(a) and _firm_day(b):
            return False  # "on Thursday" / "on Friday", each written out: two days, two events
        return days <= r["max_days_day_precision"]
    if days > r["max_days_coarse_precision"]:
        return False
    if TIME_PRECISION_MONTH in (pa, pb):
        return (da.year, da.month) == (db.year, db.month)
    return True


def _firm_day(m: EventMention) -> bool:
    """Whether the mention's day is written in its text as a weekday or a date with no word of the edge of
    a day ("late on Monday", "overnight", "early Sunday", "Thursday night") and not as the day of a report
    ("the monitor said on Friday"): a night-time event is told on either day, a report comes a day after
    the event, and a date reckoned from the publication ("yesterday") shifts with the time zone."""
    d = m.date
    if d.method not in ("weekday", "explicit") or not d.text:
        return False
    words = set(re.findall(r"[a-z]+", d.text.casefold()))
    if words & _day_edge_words():
        return False
    # "a monitor said on Friday": the day of the report, the event may be the day before
    return not _report_day(d.text).search(m.sentence)


@cache
def _day_edge_words() -> frozenset[str]:
    return frozenset(rules()["day_edge_words"])


@lru_cache(maxsize=256)
def _report_day(text: str) -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in rules()["report_day_verbs"])
    return re.compile(rf"\b(?:{verbs})\s+(?:on\s+)?{re.escape(text)}\b", re.IGNORECASE)


def _known(name: str | None) -> str:
    """The normalised actor name, or "" for none or an unidentified group (which any named actor may be)."""
    norm = _norm(name)
    return "" if norm.startswith("unidentified") else norm


def _actors_compatible(a: EventMention, b: EventMention) -> bool:
    a1, b1 = _known(a.actor1), _known(b.actor1)
    if not a1 or not b1 or a1 == b1:
        return True
    # The same event told from the other side: "X attacked Y" / "Y clashed with X".
    return a1 == _norm(b.actor2) or _norm(a.actor2) == b1


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(rules()["wording_stopwords"])


@lru_cache(maxsize=100_000)  # bounded: a large store's sentences must not all stay in memory
def _content_words(sentence: str) -> frozenset[str]:
    stop = _stopwords()
    return frozenset(w for w in re.findall(r"[a-z0-9]+", sentence.casefold()) if len(w) > 2 and w not in stop)


def wording_overlap(a: EventMention, b: EventMention) -> float:
    """Jaccard overlap of the content words of the two mentions' sentences (0..1)."""
    wa, wb = _content_words(a.sentence), _content_words(b.sentence)
    union = wa | wb
    return len(wa & wb) / len(union) if union else 0.0


def support(a: EventMention, b: EventMention) -> float:
    """How strongly two mentions of different articles say they report one event (weights in
    ``data/fuse.yml``, ``support``): same sub-type, same day, same town (a gazetteer town, or the same
    name of a place the gazetteer lacks), the same toll, shared wording."""
    w = rules()["support"]
    s = w["wording"] * wording_overlap(a, b)
    if a.sub_event_type == b.sub_event_type:
        s += w["same_sub_event_type"]
        if a.sub_event_type in rules()["distinctive_sub_event_types"]:
            s += w["distinctive_sub_event_type"]
    da, db = a.date.date, b.date.date
    if da is not None and db is not None and (a.date.precision or 1) == 1 and (b.date.precision or 1) == 1:
        days = abs((da - db).days)
        if days and _territory_window(a, b, days):
            days = 0  # one capture told on different days: as good as the same day
        s += w["same_day"] if days == 0 else (w["adjacent_day"] if days == 1 else 0.0)
    ga, gb = a.geo, b.geo
    if (
        ga is not None
        and gb is not None
        and ga.geonameid is not None
        and ga.geonameid == gb.geonameid
        and ga.geo_precision == 1
        and gb.geo_precision == 1
    ) or _same_unknown_place(a, b):
        # a city that is a province's or the country's capital is struck somewhere every day of a war:
        # the same city says less than the same town
        city = ga is not None and _is_city(ga)
        s += w.get("same_city", w["same_specific_place"]) if city else w["same_specific_place"]
    fa, fb = a.fatalities, b.fatalities
    if fa > 0 and fb > 0:
        ratio = max(fa, fb) / min(fa, fb)
        if ratio == 1:
            s += w["same_fatalities"]
        elif ratio <= 1.5:
            s += w["close_fatalities"]
        elif ratio > 3 and not _lower_bound(a if fa < fb else b):
            # "dozens" or "at least 12" against 58 is no contradiction: only a firm smaller toll is
            s += w["far_fatalities"]
    return s


_CITY_CODES = frozenset(["PPLA", "PPLC"])


def _is_city(g) -> bool:  # noqa: ANN001 - a GeoResult
    """Whether the geocoded place is a city (a provincial capital or the capital, or at least
    ``city_population`` people by the gazetteer)."""
    if (g.feature_code or "") in _CITY_CODES:
        return True
    need = int(rules().get("city_population", 0))
    return need > 0 and any(
        c.geonameid == g.geonameid and (c.population or 0) >= need for c in g.candidates or ()
    )


def _same_unknown_place(a: EventMention, b: EventMention) -> bool:
    """Both name the same place ("the village of Hass") that the gazetteer does not know (no geocode):
    as specific a tie as one gazetteer town. Provinces and other kinds of place say less."""
    if a.place is None or b.place is None or a.place.kind is not None or b.place.kind is not None:
        return False
    if any(m.geo is not None and m.geo.step not in ("none", "context") for m in (a, b)):
        return False
    name = _raw_place(a)
    return bool(name) and name == _raw_place(b)


_LOWER_BOUND_QUALIFIERS = frozenset(["vague", "at_least", "more_than"])


def _lower_bound(m: EventMention) -> bool:
    """Whether the mention's toll is only a lower bound ("dozens", "at least 12", "more than 20")."""
    return any(
        f.value == m.fatalities and f.qualifier in _LOWER_BOUND_QUALIFIERS
        for f in m.figures
        if f.counts == "killed"
    )


def _is_copy(a: EventMention, b: EventMention) -> bool:
    return wording_overlap(a, b) >= float(rules()["copy_min_overlap"])


def compatible(a: EventMention, b: EventMention, *, actors: bool = True) -> bool:
    """Whether two mentions may report the same event: nothing in them rules it out (with
    ``actors=False``, nothing but the actors of two articles; see :func:`_consensus_actors_compatible`).

    Two mentions of different articles are merged by :func:`fuse` only when they are compatible with
    every mention of the event and one of them gives enough :func:`support`.
    """
    if a.event_type != b.event_type:
        return False
    dates = _dates_compatible(a, b)
    if a.article_id != b.article_id and dates is not False and _is_copy(a, b):
        return True  # one story retold: the place each article's context gave it may differ
    if a.article_id == b.article_id:
        # One article tells two events apart by place, date or kind; absent place/date count as shared.
        if a.sub_event_type != b.sub_event_type or a.date.date != b.date.date:
            return False
        if (a.place is None) != (b.place is None):
            return False
        if a.place is not None and not _places_compatible(a, b):
            return False
        return _actors_compatible(a, b)
    if dates is False:
        return False
    if dates is None and not (_same_known_place(a, b) and a.sub_event_type == b.sub_event_type):
        return False
    return _places_compatible(a, b) and (not actors or _actors_compatible(a, b))


def _place_level(m: EventMention) -> str | None:
    """How precise the mention's geocode is: "country" (a country, no point), "admin" (a province's or
    district's centroid), "town" (a gazetteer place), or None (no geocode, an abstention)."""
    g = m.geo
    if g is None or not g.country:
        return None
    if g.step == "country":
        return "country"
    if g.latitude is None or g.longitude is None:
        return None
    # "context": a place the gazetteer lacks, put at its article's province (sitrep.pipeline)
    return "admin" if g.step in ("admin", "context") else "town"


def ambiguous_capital(m: EventMention) -> bool:
    """Whether the mention names a provincial capital by its bare name, which is also its province's
    ("in Idlib", "rebel-held Idlib"): the text may mean the province as well as the city, so the
    mention may be a less precise account of a town of that province (see :func:`_contains`)."""
    g, p = m.geo, m.place
    if g is None or p is None or p.kind is not None or _place_level(m) != "town" or not g.admin1:
        return False
    return p.text.strip() == (p.name or "").strip() and alias_key(g.location or "") == alias_key(g.admin1)


def _contains(broad: EventMention, fine: EventMention) -> bool:
    """Whether ``broad``'s place is a country or a province that holds ``fine``'s place (the gazetteer's
    country and admin1 of the finer one): a less precise account of one place, not another place. A
    provincial capital named bare (:func:`ambiguous_capital`) counts as its province here."""
    outer, inner = _place_level(broad), _place_level(fine)
    if outer == "town" and ambiguous_capital(broad):
        outer = "admin"
    if outer is None or inner is None or broad.geo.country != fine.geo.country:
        return False
    if outer == "country":
        return inner != "country"
    return (
        outer == "admin"
        and inner == "town"
        and bool(broad.geo.admin1)
        and broad.geo.admin1 == fine.geo.admin1
    )


def relaxed_compatible(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions of different articles may report one event under the rules of the rejoin
    pass (see :func:`_rejoin`): :func:`compatible`, except that a province or country counts as the
    place of a town it holds (same sub-type needed, as for two province-level geocodes) and that the
    two sources may name different actors (a misread actor, "the rebel-held town", is a common error)."""
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return False
    dates = _dates_compatible(a, b)
    if dates is False:
        return False
    if dates is None and not (_same_known_place(a, b) and a.sub_event_type == b.sub_event_type):
        return False
    if _is_copy(a, b) or _places_compatible(a, b):
        return True
    return a.sub_event_type == b.sub_event_type and (_contains(a, b) or _contains(b, a))


def may_merge(a: EventMention, b: EventMention) -> bool:
    """Whether a rule of :func:`fuse` may put the two mentions in one event: :func:`compatible`, or the
    link of the rejoin pass (:func:`relaxed_compatible` with support reaching ``rejoin_min_support``: a
    mention it moves is so tied to at least one member of its new event), or a reference of another
    article compatible but for its actors (see :func:`_attach`). What :mod:`sitrep.fuse.parts`
    must keep in one part; the support condition keeps a country-level mention ("in Syria") from chaining
    every event of the country into one part."""
    if compatible(a, b) or _anchors(a, b) or _anchors(b, a):
        return True
    one_reference = is_reference(a) is not is_reference(b)
    if one_reference and a.article_id != b.article_id and compatible(a, b, actors=False):
        return True
    if (
        one_reference
        and relaxed_compatible(a, b)
        and _specific_support(a, b) >= float(rules()["reference_min_support"])
    ):
        return True  # the link by which _attach lets a reference join an event holding its town
    if (
        one_reference
        and a.sub_event_type == b.sub_event_type
        and a.sub_event_type in rules()["distinctive_sub_event_types"]
        and relaxed_compatible(a, b)
    ):
        return True  # the link by which _salient_event lets a reference of a rare kind join an event
    threshold = rules().get("rejoin_min_support")
    return threshold is not None and relaxed_compatible(a, b) and support(a, b) >= float(threshold)


def _order(m: EventMention) -> tuple:
    """A total order on mentions that does not depend on the input order."""
    return (m.article_id, m.sentence_start, m.mention_id)


def supports(m: EventMention, other: EventMention) -> bool:
    """The link that lets ``m`` join ``other``'s event: one article's own mentions need only be compatible
    (:func:`compatible` has the stricter same-article rule); another article's need enough support."""
    if m.article_id == other.article_id:
        return True
    return _is_copy(m, other) or support(m, other) >= float(rules()["min_support"])


def _blocked(
    m: EventMention,
    by_type: dict[str, list[int]],
    by_day: dict[tuple[str, int], set[int]],
    undated: dict[str, set[int]],
    window: int,
) -> list[int]:
    """The indices of the events a mention may join, by blocking: for an undated mention every event of
    its type; for a dated one those with a member of its type dated within ``window`` days and those the
    caller filed in ``undated`` (events with no dated member, or with an undated one); any other event has
    a member dated too far away, which would veto the merge."""
    if m.date.date is None:
        return by_type.get(m.event_type, [])
    day = m.date.date.toordinal()
    near: set[int] = set(undated.get(m.event_type, ()))
    for d in range(day - window, day + window + 1):
        near |= by_day.get((m.event_type, d), set())
    return sorted(near)


def _file(
    i: int, m: EventMention, by_day: dict[tuple[str, int], set[int]], undated: dict[str, set[int]]
) -> None:
    """File event ``i`` under its member ``m`` for :func:`_blocked`: by (event type, day), or as undated."""
    if m.date.date is None:
        undated.setdefault(m.event_type, set()).add(i)
    else:
        by_day.setdefault((m.event_type, m.date.date.toordinal()), set()).add(i)


def _blocking_index(
    clusters: list[list[EventMention]],
) -> tuple[dict[str, list[int]], dict[tuple[str, int], set[int]], dict[str, set[int]]]:
    """The maps :func:`_blocked` reads (by type, by type and day, undated), over non-empty ``clusters``."""
    by_type: dict[str, list[int]] = {}
    by_day: dict[tuple[str, int], set[int]] = {}
    undated: dict[str, set[int]] = {}
    for i, c in enumerate(clusters):
        by_type.setdefault(c[0].event_type, []).append(i)
        for m in c:
            _file(i, m, by_day, undated)
    return by_type, by_day, undated


def _cluster(mentions: list[EventMention]) -> list[list[EventMention]]:
    """Greedy clustering: a mention joins the first event it is compatible with in every mention (complete
    linkage: nothing rules the merge out) and that one of those mentions supports (see :func:`support`).

    Blocking keeps this fast on large stores without changing the result: a cluster is a candidate for a
    dated mention only if it has a member dated within ``max_days_coarse_precision`` days (any member
    farther away would veto the merge anyway) or has no dated member at all.
    """
    window = int(rules()["max_days_coarse_precision"])
    clusters: list[list[EventMention]] = []
    by_day: dict[tuple[str, int], set[int]] = {}  # (event_type, day ordinal) -> clusters with a member then
    undated: dict[str, set[int]] = {}  # event_type -> clusters with no dated member
    by_type: dict[str, list[int]] = {}
    for m in sorted(mentions, key=_order):
        candidates = _blocked(m, by_type, by_day, undated, window)
        for index in candidates:
            cluster = clusters[index]
            if all(compatible(m, other) for other in cluster) and any(
                supports(m, other) for other in cluster
            ):
                cluster.append(m)
                break
        else:
            index = len(clusters)
            clusters.append([m])
            by_type.setdefault(m.event_type, []).append(index)
            undated.setdefault(m.event_type, set()).add(index)
        if m.date.date is not None:
            undated.get(m.event_type, set()).discard(index)
            by_day.setdefault((m.event_type, m.date.date.toordinal()), set()).add(index)
    return clusters


def _merge_until_fixed(
    clusters: list[list[EventMention]], joins: Callable[[list[EventMention], list[EventMention]], bool]
) -> list[list[EventMention]]:
    """Join events while ``joins(here, there)`` says two may be one: events are taken in the canonical
    order of their first mention and each absorbs, in that order, every later event it may (among those
    blocking leaves it); this repeats until nothing changes, so the result does not depend on input order."""
    window = int(rules()["max_days_coarse_precision"])
    out = [sorted(c, key=_order) for c in clusters]
    changed = True
    while changed:
        changed = False
        out = sorted((c for c in out if c), key=lambda c: _order(c[0]))
        by_type, by_day, undated = _blocking_index(out)
        for i in range(len(out)):
            if not out[i]:
                continue
            candidates: set[int] = set()
            for m in out[i]:
                candidates.update(_blocked(m, by_type, by_day, undated, window))
            for j in sorted(c for c in candidates if c > i):
                here, there = out[i], out[j]
                if there and joins(here, there):
                    out[i] = sorted(here + there, key=_order)
                    out[j] = []
                    changed = True
    return [c for c in out if c]


def _merge_clusters(clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """Join events of the first pass that one rule of that pass would have joined had their mentions come
    in another order: every pair across the two is :func:`compatible` (complete linkage) and one pair
    :func:`supports` the merge. First-fit clustering puts a mention in the first event it fits; when the
    mention that ties two events together comes after both have formed, the first pass leaves one
    real-world event told in two (a bombardment of one town reported by four outlets, split two and two).
    """

    def joins(here: list[EventMention], there: list[EventMention]) -> bool:
        return any(supports(a, b) for a in here for b in there) and all(
            compatible(a, b) for a in here for b in there
        )

    return _merge_until_fixed(clusters, joins)


def _level_compatible(a: EventMention, b: EventMention) -> bool:
    """:func:`compatible`, or one account less precise than the other: of two articles,
    :func:`relaxed_compatible` with actors that agree (a province or country holds the other's town); of
    one article, the same
    sub-type on the same day told once at the town and once at its province ("the town of Khan Sheikhoun",
    "in northern Idlib province")."""
    if compatible(a, b):
        return True
    if a.article_id != b.article_id:
        return relaxed_compatible(a, b) and _actors_compatible(a, b)
    return (
        a.event_type == b.event_type
        and a.sub_event_type == b.sub_event_type
        and a.date.date is not None
        and a.date.date == b.date.date
        and (_contains(a, b) or _contains(b, a))
    )


def _merge_levels(clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """Join events that tell one event at different levels of place: one event told at the town by some
    outlets, at the province or the country by others, forms one event per level under complete linkage,
    because a province's centroid is no town. Two events join when at least ``level_merge_min_links``
    pairs of different articles both :func:`supports` and :func:`may_merge` (so that
    :mod:`sitrep.fuse.parts` keeps them in one part), every pair across them is :func:`_level_compatible`
    but for the actors of two articles (:func:`relaxed_compatible`), and the perpetrators their sources
    agree on do not differ (:func:`_consensus_actors_compatible`): with a dozen sources, one misread actor
    would otherwise keep one event in two."""
    need = int(rules().get("level_merge_min_links", 0))
    if need <= 0:
        return clusters

    def joins(here: list[EventMention], there: list[EventMention]) -> bool:
        if not _consensus_actors_compatible(here, there):  # cheap: before the pairs across
            return False
        links = {
            (a.article_id, b.article_id)
            for a in here
            for b in there
            if a.article_id != b.article_id and supports(a, b) and may_merge(a, b)
        }
        return len(links) >= need and all(
            _level_compatible(a, b) if a.article_id == b.article_id else relaxed_compatible(a, b)
            for a in here
            for b in there
        )

    return _merge_until_fixed(clusters, joins)


def _consensus_actor(cluster: list[EventMention]) -> str:
    """The actor1 most of the cluster's articles name, if at least ``consensus_min_articles`` name it
    (normalised; else ""): what the event's sources agree on of its perpetrator. One source's actor is
    no consensus: a misread actor ("the rebel-held town" as the attacker) is a common error."""
    per_article: dict[str, set[str]] = {}
    for m in cluster:
        if name := _known(m.actor1):
            per_article.setdefault(m.article_id, set()).add(name)
    counts = Counter(name for names in per_article.values() for name in names)
    firm = [n for n, k in counts.items() if k >= int(rules()["consensus_min_articles"])]
    return min(firm, key=lambda n: (-counts[n], n)) if firm else ""


def _consensus_actors_compatible(here: list[EventMention], there: list[EventMention]) -> bool:
    """Whether two events' perpetrators agree by the majority of their sources (see
    :func:`_consensus_actor`): the same, one unknown, or one's perpetrator named as a party by a source of
    the other ("X attacked Y" / "Y clashed with X"). One misread actor no longer vetoes the join; the
    events' majorities must agree instead."""
    a, b = _consensus_actor(here), _consensus_actor(there)
    if not a or not b or a == b:
        return True
    return any(_norm(m.actor2) == a for m in there) or any(_norm(m.actor2) == b for m in here)


def _majority(values: list[str | None]) -> str | None:
    """Most frequent non-empty value; ties go to the earliest (in ``values`` order)."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)


def _sub_event_type(cluster: list[EventMention]) -> str:
    counts = Counter(m.sub_event_type for m in cluster)
    generic = set(rules()["generic_sub_event_types"])
    # Majority first, then specific over generic, then the first mention's order.
    order = {s: i for i, s in reversed(list(enumerate(m.sub_event_type for m in cluster)))}
    return min(counts, key=lambda s: (-counts[s], s in generic, order[s]))


def _date(cluster: list[EventMention]) -> tuple[date | None, int | None]:
    dated = [m.date for m in cluster if m.date.date is not None]
    if not dated:
        return None, None
    best = min(dated, key=lambda d: (d.precision or 1, d.date))
    return best.date, best.precision or 1


def _best_geo_mention(cluster: list[EventMention]) -> EventMention | None:
    geocoded = [m for m in cluster if _coords(m) is not None]
    if not geocoded:
        return None
    return min(geocoded, key=lambda m: (m.geo.geo_precision or 3, -(m.geo.confidence or 0.0)))


def _fatalities(cluster: list[EventMention]) -> tuple[int, int, int]:
    """ACLED's rule: the lowest credible figure across sources; each article counts with its highest report.

    A mention with no figure (0) is not a report of zero deaths, so it is left out. A figure claimed by a
    party to the fighting (its own media, "an IS-affiliated agency said") is kept in the range but never
    sets ``fatalities`` on its own: only reports of other claimants do.
    """
    per_article: dict[str, int] = {}
    lows, highs = [], []
    for m in cluster:
        if m.fatalities > 0 or m.fatalities_high > 0:
            lows.append(m.fatalities_low)
            highs.append(m.fatalities_high)
            if not is_party_to_conflict(m.claimed_by):
                per_article[m.article_id] = max(per_article.get(m.article_id, 0), m.fatalities)
    if not highs:
        return 0, 0, 0
    best = min(per_article.values()) if per_article else 0
    return best, min(lows + [best]), max(highs + [best])


def _words(sentence: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", sentence.casefold()))


class UnionFind:
    """Disjoint sets over hashable items (sources that are copies of one story, events of one story)."""

    def __init__(self, items: Iterable) -> None:
        self._parent = {x: x for x in items}

    def root(self, x):
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def union(self, a, b) -> None:
        self._parent[self.root(a)] = self.root(b)

    def groups(self) -> list[list]:
        """The sets, each in the items' order, in the order of their first item."""
        out: dict = {}
        for x in self._parent:
            out.setdefault(self.root(x), []).append(x)
        return list(out.values())


def _independent_sources(cluster: list[EventMention]) -> int:
    """Sources after merging one outlet's articles and copies of one story (near-identical sentences)."""
    firsts: dict[str, EventMention] = {}
    for m in cluster:
        firsts.setdefault(m.article_id, m)
    items = list(firsts.values())
    sets = UnionFind(range(len(items)))
    threshold = float(rules()["copy_min_jaccard"])
    words = [_words(m.sentence) for m in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            same_outlet = items[i].outlet and items[i].outlet == items[j].outlet
            union = words[i] | words[j]
            copy = bool(union) and len(words[i] & words[j]) / len(union) >= threshold
            if same_outlet or copy:
                sets.union(i, j)
    return len(sets.groups())


def _conflicts(cluster: list[EventMention]) -> list[Conflict]:
    """Every field on which the cluster's articles disagree, each article's value side by side."""
    per_article: dict[str, EventMention] = {}
    tolls: dict[str, EventMention] = {}
    for m in cluster:
        per_article.setdefault(m.article_id, m)
        if m.fatalities > 0 and m.fatalities > (
            tolls[m.article_id].fatalities if m.article_id in tolls else 0
        ):
            tolls[m.article_id] = m
    getters = {
        "event_date": (per_article, lambda m: m.date.date.isoformat() if m.date.date else None),
        "location": (
            per_article,
            lambda m: (
                (m.geo.location if m.geo is not None and m.geo.location else None)
                or (m.place.text if m.place is not None else None)
            ),
        ),
        "fatalities": (tolls, lambda m: m.fatalities),
        "sub_event_type": (per_article, lambda m: m.sub_event_type),
        "actor1": (per_article, lambda m: m.actor1 if _known(m.actor1) else None),
    }
    out: list[Conflict] = []
    for name, (mentions, get) in getters.items():
        values = [
            ClaimValue(get(m), m.article_id, m.claimed_by, is_party_to_conflict(m.claimed_by))
            for m in sorted(mentions.values(), key=_order)
            if get(m) is not None
        ]
        if name == "actor1":
            # a source told from the other side names the same two actors the other way round
            pairs = {
                frozenset({_norm(m.actor1), _norm(m.actor2)}) for m in mentions.values() if _known(m.actor1)
            }
            if len(pairs) <= 1:
                continue
        if len({_norm(str(v.value)) for v in values}) > 1:
            out.append(Conflict(name, values))
    return out


def _grade(cluster: list[EventMention], independent: int, conflicts: list[Conflict]) -> str:
    """Airwars-like grade: contested (sources disagree on what, where or when, or on the toll by more than
    ``contested_toll_ratio``), confirmed by a party, two or more independent sources, single source."""
    for c in conflicts:
        if c.field in ("event_date", "location", "sub_event_type"):
            return "contested"
        if c.field == "fatalities":
            tolls = [int(v.value) for v in c.values]
            # 21 against 23 is how tolls are reported; 21 against 60 is two accounts
            if max(tolls) > rules()["contested_toll_ratio"] * min(tolls):
                return "contested"
    parties = {m.article_id for m in cluster if is_party_to_conflict(m.claimed_by)}
    others = {m.article_id for m in cluster} - parties
    if parties and others:
        return "confirmed_by_party"
    return "independent_sources" if independent >= 2 else "single_source"


def make_notes(event: Event) -> str:
    """A one-sentence summary of the event built from its fields, e.g.
    "On 2017-04-05, air/drone strike by X in Y, killing 3 people." (templates in ``data/fuse.yml``)."""
    t = rules()["notes"]
    parts = {
        "date": t["date"].format(date=event.event_date.isoformat())
        if event.event_date
        else t["date_unknown"],
        "what": event.sub_event_type.lower() if event.sub_event_type else event.event_type.lower(),
        "by": t["by"].format(actor1=event.actor1) if event.actor1 else "",
        "against": t["against"].format(actor2=event.actor2) if event.actor2 else "",
        "where": "",
        "killing": "",
    }
    place = event.location or event.location_raw
    if place:
        key = "where_near" if (event.geo_precision or 1) >= 2 else "where"
        parts["where"] = t[key].format(location=place)
    if event.fatalities == 1:
        parts["killing"] = t["killing_one"]
    elif event.fatalities > 1:
        parts["killing"] = t["killing_many"].format(fatalities=event.fatalities)
    return t["template"].format(**parts)


def _confidence(cluster: list[EventMention], independent: int) -> float:
    base = sum(m.confidence for m in cluster) / len(cluster)
    return round(min(rules()["max_confidence"], 1 - (1 - base) ** independent), 3)


def _event(cluster: list[EventMention], references: list[EventMention] = ()) -> Event:
    """The event of ``cluster``; ``references`` only add mentions and sources (and count as sources), they
    set no field."""
    ordered = sorted(cluster, key=_order)
    event_date, precision = _date(ordered)
    # a source that names the actor beats one that could not ("Unidentified Armed Group")
    named = [m.actor1 for m in ordered if _known(m.actor1)]
    actor1 = _majority(named or [m.actor1 for m in ordered])
    # Sources may tell the event from either side ("X attacked Y" / "Y clashed with X"): a swapped source's
    # actor1 is the other side. Both sides may be one actor (an intra-group clash).
    actor2 = _majority([m.actor1 if m.actor2 == actor1 and m.actor1 != actor1 else m.actor2 for m in ordered])
    fatalities, low, high = _fatalities(ordered)
    refs = sorted(references, key=_order)
    independent = _independent_sources(ordered + refs)
    conflicts = _conflicts(ordered)
    event = Event(
        event_id=event_id_for(m.mention_id for m in ordered),
        event_date=event_date,
        time_precision=precision,
        event_type=ordered[0].event_type,
        sub_event_type=_sub_event_type(ordered),
        actor1=actor1,
        assoc_actor_1=_majority([m.assoc_actor_1 for m in ordered]),
        actor2=actor2,
        assoc_actor_2=_majority([m.assoc_actor_2 for m in ordered]),
        civilian_targeting=any(m.civilian_targeting for m in ordered),
        fatalities=fatalities,
        fatalities_low=low,
        fatalities_high=high,
        mentions=ordered,
        confidence=_confidence(ordered, independent),
        conflicts=conflicts,
        independent_sources=independent,
        grade=_grade(ordered, independent, conflicts),
    )
    geo_mention = _best_geo_mention(ordered)
    placed = next((m for m in ordered if m.place is not None), None)
    if geo_mention is not None:
        g = geo_mention.geo
        event.country, event.iso, event.location = g.country, g.iso, g.location
        event.admin1, event.admin2, event.admin3 = g.admin1, g.admin2, g.admin3
        event.latitude, event.longitude, event.geo_precision = g.latitude, g.longitude, g.geo_precision
        event.geo_step, event.location_raw = (
            g.step,
            g.raw or (geo_mention.place.text if geo_mention.place else None),
        )
    elif placed is not None:
        event.location_raw = placed.place.text
        if placed.geo is not None:  # abstained geocode: keep the step and any country it found
            event.geo_step, event.country, event.iso = placed.geo.step, placed.geo.country, placed.geo.iso
    seen: set[str] = set()
    # one source per article: its first mention of the event (a reporting one before any reference)
    for m in ordered + refs:
        if m.article_id in seen:
            continue
        seen.add(m.article_id)
        event.sources.append(
            Source(
                m.article_id,
                m.outlet,
                m.sentence,
                m.claimed_by,
                m.mention_id,
                m.sentence_start,
                m.sentence_end,
            )
        )
    event.mentions = sorted(ordered + refs, key=_order)
    event.notes = make_notes(event)
    return event


def is_reference(m: EventMention) -> bool:
    """Whether ``m`` only speaks about an event (see ``ArticleExtraction.references``)."""
    return m.extractor == REFERENCE_EXTRACTOR


def _specific_support(a: EventMention, b: EventMention) -> float:
    """:func:`support` without what only says the kind of event: what ties two sentences to ONE event (the
    day, the town, the toll, the wording). A sentence that speaks about chemical attacks in general shares
    the kind with every chemical attack."""
    w = rules()["support"]
    s = support(a, b)
    if a.sub_event_type == b.sub_event_type:
        s -= w["same_sub_event_type"]
        if a.sub_event_type in rules()["distinctive_sub_event_types"]:
            s -= w["distinctive_sub_event_type"]
    return s


def _rejoin(clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """A second pass for the mentions the first left alone: each (in the canonical order) joins the event
    it is most strongly supported by (:func:`support` of a member reaching ``rejoin_min_support``, stricter
    than ``min_support``) when it is :func:`relaxed_compatible` with every member of another article and
    the event holds no mention of its own article.

    Only mentions left alone move, so the first pass's events are never split nor reshuffled: the
    relaxed rules (a province holds its towns, actors may differ) can only add a source to an event.
    """
    threshold = rules().get("rejoin_min_support")
    if threshold is None:
        return clusters
    threshold = float(threshold)
    window = int(rules()["max_days_coarse_precision"])
    out = [list(c) for c in clusters]
    # blocking, as in _attach: a dated mention looks only at events with a member dated within the
    # window or with an undated member (any other member would veto it anyway)
    by_type, by_day, undated = _blocking_index(out)
    alone = sorted((i for i, c in enumerate(out) if len(c) == 1), key=lambda i: _order(out[i][0]))
    for i in alone:
        if len(out[i]) != 1:  # another mention left alone joined it: it is an event now
            continue
        m = out[i][0]
        candidates = _blocked(m, by_type, by_day, undated, window)
        best, best_link = None, threshold
        for j in candidates:
            cluster = out[j]
            if j == i or not cluster:
                continue
            link = max(support(m, o) for o in cluster)
            stronger = link > best_link or (best is None and link >= best_link)  # ties: the earlier event
            if stronger and all(relaxed_compatible(m, o) for o in cluster):
                best, best_link = j, link
        if best is not None:
            out[best].append(m)
            out[i] = []
            _file(best, m, by_day, undated)
    return [c for c in out if c]


def _anchors(ref: EventMention, m: EventMention) -> bool:
    """Whether the reporting mention ``m`` of ``ref``'s own article may be the event the reference speaks
    about: same event type, both dated at most ``max_days_coarse_precision`` apart, the reference dated
    only by the publication (or on ``m``'s day), and no other place ("There was an enormous explosion",
    "the attack was likely carried out by government warplanes", in a report of that bombing)."""
    if not is_reference(ref) or is_reference(m) or ref.article_id != m.article_id:
        return False
    if ref.event_type != m.event_type or ref.date.date is None or m.date.date is None:
        return False
    if abs((ref.date.date - m.date.date).days) > int(rules()["max_days_coarse_precision"]):
        return False
    if ref.date.method != "published" and ref.date.date != m.date.date:
        return False
    if ref.place is None:
        return True
    return _same_known_place(ref, m) or _contains(ref, m) or _contains(m, ref) or _places_compatible(ref, m)


def _own_article_event(
    ref: EventMention, own: dict[tuple[str, str], list[tuple[int, EventMention]]], clusters
) -> int | None:
    """The event of the reporting mention of the reference's own article it speaks about (see
    :func:`_anchors`): the event that holds the most of the article's such mentions (the story the article
    tells), then the nearest such mention before it in the text, else after it; the event must not hold a
    mention dated too far from the reference (which would veto it). A mention of a sub-type of
    ``anchor_own_kind_only`` (fuse.yml) anchors only references of its own sub-type."""
    distinct = set(rules().get("anchor_own_kind_only", []))
    found = [
        (i, m)
        for i, m in own.get((ref.article_id, ref.event_type), [])
        if _anchors(ref, m)
        and all(_dates_compatible(ref, o) is not False for o in clusters[i])
        # "the regime continues to use prohibited weapons in bombing civilian areas", in a report of a gas
        # attack: a distinctive kind of event is spoken about only by a reference of its own kind
        and (m.sub_event_type == ref.sub_event_type or m.sub_event_type not in distinct)
    ]
    if not found:
        return None
    # the article's main event (the most of its mentions), then the nearest report before the reference
    weight = Counter(i for i, _ in found)
    return min(
        found,
        key=lambda x: (
            -weight[x[0]],
            x[1].sentence_start > ref.sentence_start,
            abs(x[1].sentence_start - ref.sentence_start),
            x[1].mention_id,
        ),
    )[0]


def _salient_event(
    ref: EventMention, candidates: Iterable[int], clusters: list[list[EventMention]]
) -> int | None:
    """The event a reference of a distinctive kind names by its kind alone ("1,500 people have fallen
    victim to the chemical attack", "the symptoms pinpoint a chemical attack"): of the events of that
    sub-type it is compatible with (actors aside, as in :func:`_attach`), the one that at least
    ``salient_min_articles`` articles report and at least ``salient_ratio`` times as many as any other.
    A definite description of a rare kind of event refers to the one the news is full of; with two such
    events in the window it is ambiguous and the reference stays out."""
    need = int(rules().get("salient_min_articles", 0))
    if need <= 0 or ref.sub_event_type not in rules()["distinctive_sub_event_types"]:
        return None
    reach: list[tuple[int, int]] = []  # (articles, event index)
    for i in candidates:
        cluster = clusters[i]
        if not any(
            m.article_id != ref.article_id
            and m.sub_event_type == ref.sub_event_type
            and (compatible(ref, m, actors=False) or relaxed_compatible(ref, m))
            for m in cluster
        ):
            continue
        if all(compatible(ref, m, actors=False) or relaxed_compatible(ref, m) for m in cluster):
            reach.append((len({m.article_id for m in cluster}), i))
    if not reach:
        return None
    reach.sort(key=lambda x: (-x[0], x[1]))
    top, index = reach[0]
    runner_up = reach[1][0] if len(reach) > 1 else 0
    if top >= need and top >= float(rules()["salient_ratio"]) * runner_up:
        return index
    return None


def _attach(references: list[EventMention], clusters: list[list[EventMention]]) -> list[list[EventMention]]:
    """For each cluster, the reference mentions that join it: a reference joins the cluster it is
    compatible with in every (reporting) mention (but for the actors another article names: what a
    reference names as the actor is often its speaker, "which the United States says came from ...") and
    whose mention of another article supports it most,
    of the same sub-type, with at least ``reference_min_support`` of :func:`_specific_support`; failing
    that, the event its own article reports (:func:`_own_article_event`); it never starts an event nor
    joins another reference."""
    threshold = float(rules()["reference_min_support"])
    window = int(rules()["max_days_coarse_precision"])
    # blocking, as in _cluster: a dated reference looks only at events with a member dated within the
    # window or with an undated member (any other member would veto it anyway)
    by_type, by_day, undated = _blocking_index(clusters)
    attached: list[list[EventMention]] = [[] for _ in clusters]
    own: dict[tuple[str, str], list[tuple[int, EventMention]]] = {}  # (article, event type) -> its events
    for i, c in enumerate(clusters):
        for m in c:
            own.setdefault((m.article_id, m.event_type), []).append((i, m))
    for ref in sorted(references, key=_order):
        candidates = _blocked(ref, by_type, by_day, undated, window)
        best, best_link = None, 0.0
        for i in candidates:
            cluster = clusters[i]
            link = max(
                (
                    float("inf") if _is_copy(ref, m) else _specific_support(ref, m)
                    for m in cluster
                    if m.article_id != ref.article_id and m.sub_event_type == ref.sub_event_type
                ),
                default=0.0,
            )
            # actors aside (compatible's rule for one article still holds them to its own mentions'):
            # what a reference names as the actor is often its speaker
            # a province or the country holds its towns, as in the rejoin pass: the event's other
            # sources may give only "Idlib" for the town the reference names ("Khan Sheikhoun, where a
            # chemical attack killed nearly 90 on April 4")
            if (
                link >= threshold
                and link > best_link
                and all(compatible(ref, m, actors=False) or relaxed_compatible(ref, m) for m in cluster)
            ):
                best, best_link = i, link
        if best is None:
            # no other article ties it to an event: the event its own article reports, if one fits
            best = _own_article_event(ref, own, clusters)
        if best is None:
            # ... else the one event of its rare kind that every outlet is reporting ("the chemical attack")
            best = _salient_event(ref, candidates, clusters)
        if best is not None:
            attached[best].append(ref)
    return attached


def fuse(mentions: list[EventMention]) -> list[Event]:
    """Cluster event mentions (from one or many articles) into events, one :class:`Source` per article.

    Reference mentions (:func:`is_reference`) only join events of reporting mentions as extra sources
    (see :func:`_attach`); one that joins none is left out. Events come sorted by date (unknown last), then
    id; mentions keep their figures.
    """
    reporting = [m for m in mentions if not is_reference(m)]
    references = [m for m in mentions if is_reference(m)]
    clusters = _rejoin(_merge_levels(_merge_clusters(_cluster(reporting))))
    extra = _attach(references, clusters) if references else [[] for _ in clusters]
    events = [_event(c, r) for c, r in zip(clusters, extra, strict=True)]
    events.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id))
    log.debug("fused %d mentions into %d events", len(mentions), len(events))
    return events


def build_event(mentions: list[EventMention]) -> Event:
    """The event made of exactly these mentions, fields chosen as :func:`fuse` chooses them (an analyst's
    merge or split regroups mentions that fusion grouped otherwise)."""
    return _event(list(mentions))


def assign_event_ids(events: list[Event]) -> None:
    """Set ``Figure.event_id`` on every figure of every mention of ``events``."""
    for event in events:
        for mention in event.mentions:
            for figure in mention.figures:
                figure.event_id = event.event_id
