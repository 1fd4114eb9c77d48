"""Shared fixtures: paths to the demo articles and to ../shared (tests that need it skip when absent)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from sitrep.geo.gazetteer import PlaceRow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"
FAKES = SHARED / "corpus" / "fakes.jsonl"
ACLED = SHARED / "acled-dev" / "acled_syria_battles_2019-2023.csv"
GAZETTEER = SHARED / "gazetteer"


def need(path: Path) -> Path:
    """Skip the calling test cleanly when a ../shared file is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside the checkout)")
    return path


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


def place_row(name, cc, a1, lat, lon, *, fc="PPL", pop=0, names=(), source="fixture", gid=None) -> PlaceRow:
    """One gazetteer row for the tiny illustrative gazetteers of the geo tests."""
    return PlaceRow(
        source=source,
        source_id=f"{cc}:{name}:{fc}:{lat}",
        name=name,
        latitude=lat,
        longitude=lon,
        country_code=cc,
        admin1_code=a1,
        feature_code=fc,
        population=pop,
        geonameid=gid,
        names=list(names),
    )


# ---------------------------------------------------------------------------------------------- PostgreSQL
# `make test` starts a throwaway server (scripts/test-postgres.sh) and passes its URL here; without one the
# PostgreSQL cases skip, except where SITREP_REQUIRE_POSTGRES=1 (CI), which makes a missing server a failure.
POSTGRES = os.environ.get("SITREP_TEST_POSTGRES", "")


def _require_postgres() -> str:
    if not POSTGRES:
        if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                "SITREP_REQUIRE_POSTGRES=1 but SITREP_TEST_POSTGRES is unset (scripts/test-postgres.sh)"
            )
        pytest.skip("no PostgreSQL server for the tests (run them with `make test`)")
    return POSTGRES


@pytest.fixture
def postgres_db():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards); its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(_require_postgres())
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # name built here, never from input
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# ---------------------------------------------------------------------------------------------- browser
# `make test` installs Debian's chromium (scripts/test-browser.sh) and passes its path in SITREP_CHROMIUM;
# without one the browser tests skip, except where SITREP_REQUIRE_BROWSER=1 (CI), which makes that a failure.
def require_browser() -> str:
    """The chromium executable for the browser tests (skip, or fail in CI, when there is none)."""
    from sitrep.web.browser import chromium_path

    path = chromium_path()
    missing = None
    if path is None:
        missing = "no chromium for the browser tests (run them with `make test`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is not installed (pip install -e '.[dev]')"
    if missing:
        if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SITREP_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    return path


WEB_DATA = ROOT / "tests" / "data" / "web"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """A SQLite store of the demo articles plus the hostile test article (built once; tests copy it)."""
    from sitrep.pipeline import ingest

    db = str(tmp_path_factory.mktemp("web") / "web.db")
    ingest([str(EXAMPLES), str(WEB_DATA / "hostile.jsonl")], db=db)
    return db


@pytest.fixture
def web_store_copy(web_db, tmp_path) -> str:
    """A private copy of :func:`web_db` that a test may correct."""
    import shutil

    from sitrep.store import Store

    # checkpoint the WAL so that the file copy holds everything
    with Store.open(web_db) as store, store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    target = tmp_path / "web.db"
    shutil.copy(web_db, target)
    return str(target)
