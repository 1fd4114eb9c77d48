"""Gazetteer import into the store's gaz_ tables: tiny illustrative files, and ../shared/gazetteer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import StaticPool

from sitrep.errors import GazetteerError
from sitrep.geo import Geocoder
from sitrep.geo.gazetteer import Gazetteer, gaz_admin, gaz_names, gaz_places
from sitrep.geo.importer import import_gazetteer, recognise

GAZETTEER = Path(__file__).resolve().parents[2] / "shared" / "gazetteer"


def need(path: Path) -> Path:
    """Skip cleanly when ../shared is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def _memory_engine():
    return create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    """The store's engine on each backend: gazetteer tables live in the store."""
    if request.param == "sqlite":
        yield _memory_engine()
        return
    from sitrep.store import Store

    store = Store.open(request.getfixturevalue("postgres_db"))
    yield store.engine
    store.close()


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


# illustrative rows in the GeoNames formats (invented ids, approximate coordinates)
GEONAMES_ROW = "\t".join(
    [
        "9000001",
        "Tall Hamis",
        "Tall Hamis",
        "Tal Hamis,Tel Hamees",
        "36.65",
        "41.56",
        "P",
        "PPL",
        "SY",
        "",
        "01",
        "9100",
        "",
        "",
        "4000",
        "",
        "350",
        "Asia/Damascus",
        "2020-01-01",
    ]
)
HILL_ROW = "\t".join(
    [
        "9000002",
        "Tall Hamis",
        "Tall Hamis",
        "",
        "36.70",
        "41.60",
        "T",
        "HLL",
        "SY",
        "",
        "01",
        "",
        "",
        "",
        "0",
        "",
        "400",
        "Asia/Damascus",
        "2020-01-01",
    ]
)
ADMIN1 = "SY.01\tAl-Hasakah\tAl-Hasakah\t1000001\nSY.09\tAleppo\tAleppo\t1000002\n"
ADMIN2 = "SY.01.9100\tQamishli District\tQamishli District\t1000003\n"


@pytest.fixture
def tiny_dir(tmp_path):
    (tmp_path / "SY.txt").write_text(GEONAMES_ROW + "\n" + HILL_ROW + "\n", encoding="utf-8")
    (tmp_path / "admin1CodesASCII.txt").write_text(ADMIN1, encoding="utf-8")
    (tmp_path / "admin2Codes.txt").write_text(ADMIN2, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a gazetteer\n", encoding="utf-8")
    return tmp_path


def test_import_directory_is_idempotent_and_keeps_feature_codes(tiny_dir, caplog, engine):
    with caplog.at_level(logging.INFO, logger="sitrep.geo.importer"):
        report = import_gazetteer(tiny_dir, engine)
    assert report.places == 2 and report.admin_units == 3
    assert [s for s, _ in report.skipped] == [str(tiny_dir / "notes.md")]
    assert "notes.md" in caplog.text
    counts = (_count(engine, gaz_places), _count(engine, gaz_names), _count(engine, gaz_admin))
    import_gazetteer(tiny_dir, engine)
    assert (_count(engine, gaz_places), _count(engine, gaz_names), _count(engine, gaz_admin)) == counts
    with engine.connect() as conn:
        rows = conn.execute(
            select(gaz_places.c.feature_code, gaz_places.c.admin2).order_by(gaz_places.c.id)
        ).all()
    assert sorted(r[0] for r in rows) == ["HLL", "PPL"]
    assert ("PPL", "Qamishli District") in [tuple(r) for r in rows]


def test_imported_entries_resolve_and_town_beats_hill(tiny_dir, engine):
    from sitrep.records import PlaceMention

    import_gazetteer(tiny_dir, engine)
    geocoder = Geocoder([Gazetteer(engine)])
    (r,) = geocoder.resolve(
        [PlaceMention("Tel Hamees", 0, 10, relation="in", name="Tel Hamees")], country_hint="SY"
    )
    assert r.feature_code == "PPL" and r.admin1 == "Al-Hasakeh" and r.admin2 == "Qamishli District"


def test_single_file_and_errors(tiny_dir, tmp_path):
    engine = _memory_engine()
    report = import_gazetteer(tiny_dir / "SY.txt", engine)
    assert report.places == 2
    with pytest.raises(GazetteerError):
        import_gazetteer(tmp_path / "missing.txt", engine)


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("SY.txt", GEONAMES_ROW + "\n", "geonames"),
        ("admin1CodesASCII.txt", ADMIN1, "admin1codes"),
        ("readme.txt", "hello\n", None),
        ("x.csv", "location_id,place_id,governorate,district,name_en\n", "iom"),
    ],
)
def test_recognise(tmp_path, name, content, kind):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    assert recognise(p) == kind


@pytest.mark.shared
def test_import_shared_gazetteer_into_memory_store():
    path = need(GAZETTEER)
    engine = _memory_engine()
    report = import_gazetteer(path, engine)
    kinds = {f.kind for f in report.files}
    assert {"geonames", "admin1codes", "admin2codes", "ocha", "opensyria", "iom"} <= kinds
    assert report.places > 1000
    n = _count(engine, gaz_places)
    again = import_gazetteer(path, engine)
    assert _count(engine, gaz_places) == n and again.places == report.places
    # imported neighbourhoods carry admin1 names in the OCHA spelling
    with engine.connect() as conn:
        admin1s = set(
            conn.execute(select(gaz_places.c.admin1).where(gaz_places.c.country_code == "SY")).scalars()
        )
    assert {"Aleppo", "Deir-ez-Zor", "Ar-Raqqa", "Idleb"} <= admin1s
    from sitrep.records import PlaceMention

    geocoder = Geocoder([Gazetteer(engine)])
    mention = PlaceMention("Aleppo countryside", 0, 18, relation="countryside", name="Aleppo", kind="admin1")
    (r,) = geocoder.resolve([mention], country_hint="SY")
    assert (r.step, r.admin1, r.geo_precision, r.iso) == ("admin", "Aleppo", 2, 760)
