"""The store behaves the same on SQLite and PostgreSQL, and two ingests writing one store at once lose nothing.

The articles are illustrative, written for these tests. PostgreSQL cases use the throwaway server that
`make test` starts (scripts/test-postgres.sh); they skip without one, and fail in CI where
SITREP_REQUIRE_POSTGRES=1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from sitrep.pipeline import events, ingest

TOWNS = ["Kafr Nabl", "Saraqib", "Ariha", "Maarat al-Numan", "Jisr al-Shughur", "Khan Shaykhun", "Binnish"]


def _articles(n: int, offset: int = 0) -> list[dict]:
    """Illustrative wire-style reports: one air strike each, on different towns and days."""
    out = []
    for k in range(offset, offset + n):
        town = TOWNS[k % len(TOWNS)]
        day = 3 + k
        out.append(
            {
                "id": f"illustrative-{k}",
                "title": f"Strikes hit {town}",
                "published": f"2019-05-{day:02d}",
                "text": f"Air strikes by government warplanes killed {k + 2} civilians in the town of {town} "
                f"in Idlib province on Monday, the Syrian Observatory for Human Rights said.\n\n"
                f"Rescue workers said {k + 4} people were wounded in the strikes on {town}.",
            }
        )
    return out


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def _summary(db: str) -> list[tuple]:
    return sorted(
        (
            e.event_id,
            e.event_type,
            e.sub_event_type,
            e.fatalities,
            e.location,
            tuple(sorted(s.article_id for s in e.sources)),
        )
        for e in events(db).events
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_db")
    return str(tmp_path / "store.db")


@pytest.mark.model
def test_postgresql_store_gives_the_sqlite_events(tmp_path, postgres_db):
    sqlite = str(tmp_path / "demo.db")
    a = ingest([str(EXAMPLES)], sqlite)
    b = ingest([str(EXAMPLES)], postgres_db)
    assert (a.stored, a.events) == (b.stored, b.events) and a.events > 0
    assert _summary(sqlite) == _summary(postgres_db)
    # re-ingesting changes nothing on either backend
    assert ingest([str(EXAMPLES)], postgres_db).stored == 0
    assert _summary(sqlite) == _summary(postgres_db)


@pytest.mark.model
def test_two_ingests_at_once_lose_nothing(tmp_path, db):
    first = _write(tmp_path / "first.jsonl", _articles(5))
    second = _write(tmp_path / "second.jsonl", _articles(5, offset=3))  # two articles in both
    cmd = [sys.executable, "-m", "sitrep.cli", "ingest"]
    procs = [
        subprocess.Popen(
            [*cmd, str(p), "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for p in (first, second)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    # one store, written by both: the same events as one ingest of everything
    reference = str(tmp_path / "reference.db")
    ingest([str(_write(tmp_path / "all.jsonl", _articles(8)))], reference)
    assert _summary(db) == _summary(reference)
    assert len({s.article_id for e in events(db).events for s in e.sources}) == 8
