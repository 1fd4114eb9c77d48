"""Score extraction against ACLED-coded rows: each row's ``notes`` read as an article.

The note is published on the row's ``event_date`` (so "On 2 June 2023" and weekdays resolve as a coder
would). Each note reports one event; sitrep's *primary* event for the note is the one read from the
earliest sentence after fusing the note's own mentions. Rows where sitrep finds no event count as wrong
in every accuracy figure (the figures are over all rows of the split, not over the found ones).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from ..fuse import fuse
from ..geo.distance import haversine_km
from ..records import Article, Event

#: ACLED rows up to this year were used for tuning; later rows are held out.
DEV_LAST_YEAR = 2021


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


@dataclass(slots=True)
class AcledReport:
    """The figures of one ``sitrep eval acled`` run."""

    path: str
    split: str
    rows: int = 0
    event_found: float = 0.0
    event_type_accuracy: float = 0.0
    sub_event_type_accuracy: float = 0.0
    fatalities_exact: float = 0.0
    event_date_exact: float = 0.0
    within_10km: float = 0.0
    precision1_within_10km: float = 0.0
    precision2_within_25km: float = 0.0
    admin1_agreement: float = 0.0
    actor_agreement: float = 0.0
    actor1_agreement: float = 0.0
    sub_event_confusion: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def to_text(self) -> str:
        lines = [f"ACLED evaluation of {self.path} (split: {self.split}, {self.rows} rows)"]
        for key in (
            "event_found",
            "event_type_accuracy",
            "sub_event_type_accuracy",
            "fatalities_exact",
            "event_date_exact",
            "within_10km",
            "precision1_within_10km",
            "precision2_within_25km",
            "admin1_agreement",
            "actor_agreement",
            "actor1_agreement",
        ):
            lines.append(f"  {key:<26} {getattr(self, key):.3f}")
        lines.append("  most common sub-type confusions (acled -> sitrep):")
        for pair, n in list(self.sub_event_confusion.items())[:8]:
            lines.append(f"    {n:5d}  {pair}")
        return "\n".join(lines)


def read_rows(path: str | Path, split: str = "all", limit: int | None = None) -> list[dict]:
    """ACLED export rows of ``split`` ("all", "dev" up to 2021, "test" from 2022), an even sample of ``limit``."""
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvalError(f"cannot read ACLED file {path}: {exc}") from exc
    if rows and "notes" not in rows[0]:
        raise EvalError(f"{path} has no 'notes' column: not an ACLED export")
    if split == "dev":
        rows = [r for r in rows if int(r["year"]) <= DEV_LAST_YEAR]
    elif split == "test":
        rows = [r for r in rows if int(r["year"]) > DEV_LAST_YEAR]
    if limit and len(rows) > limit:
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def _article(row: dict) -> Article:
    text = row["notes"]
    return Article(
        id=row["event_id_cnty"],
        text=text,
        published=datetime.strptime(row["event_date"], "%d %B %Y").date(),
        published_source="metadata",
        language="en",
        raw_text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        outlet="ACLED notes",
    )


def _primary(events: list[Event]) -> Event | None:
    if not events:
        return None
    return min(events, key=lambda e: min(m.sentence_start for m in e.mentions) if e.mentions else 0)


def evaluate_acled(
    path: str | Path,
    *,
    split: str = "all",
    limit: int | None = None,
    settings: Settings | None = None,
    progress=None,
) -> AcledReport:
    """Run the pipeline over each row's notes and compare with the row's coding."""
    from ..pipeline import process  # the pipeline imports every stage; keep `sitrep.eval` light to import

    rows = read_rows(path, split, limit)
    settings = settings or Settings()
    if settings.country_hint is None and rows:
        # an ACLED export is per country: that is the coder's focus, as a user's --country would be
        from ..geo.gazetteer import country_keys
        from ..geo.normalize import exact_key

        top = Counter(r["country"] for r in rows).most_common(1)[0][0]
        settings.country_hint = country_keys().get(exact_key(top))
    by_id = {r["event_id_cnty"]: r for r in rows}
    counts: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    p1 = p2 = 0
    for extraction in process((_article(r) for r in rows), settings=settings, progress=progress):
        row = by_id[extraction.article.id]
        event = _primary(fuse(extraction.mentions))
        precision = row["geo_precision"]
        p1 += precision == "1"
        p2 += precision == "2"
        if event is None:
            confusion[f"{row['sub_event_type']} -> (none)"] += 1
            counts["fatalities_exact"] += int(row["fatalities"] or 0) == 0
            continue
        counts["event_found"] += 1
        counts["event_type_accuracy"] += event.event_type == row["event_type"]
        counts["sub_event_type_accuracy"] += event.sub_event_type == row["sub_event_type"]
        if event.sub_event_type != row["sub_event_type"]:
            confusion[f"{row['sub_event_type']} -> {event.sub_event_type}"] += 1
        counts["fatalities_exact"] += event.fatalities == int(row["fatalities"] or 0)
        counts["event_date_exact"] += (
            event.event_date is not None and event.event_date.strftime("%d %B %Y") == row["event_date"]
        )
        counts["admin1_agreement"] += _norm(event.admin1) == _norm(row["admin1"])
        if event.latitude is not None and event.longitude is not None:
            km = haversine_km(
                event.latitude, event.longitude, float(row["latitude"]), float(row["longitude"])
            )
            counts["within_10km"] += km <= 10
            counts["precision1_within_10km"] += precision == "1" and km <= 10
            counts["precision2_within_25km"] += precision == "2" and km <= 25
        gold = {a for a in (row["actor1"], row["actor2"]) if a}
        found = {a for a in (event.actor1, event.actor2) if a}
        counts["actor_agreement"] += gold == found
        counts["actor1_agreement"] += row["actor1"] in found
    n = len(rows) or 1
    report = AcledReport(path=str(path), split=split, rows=len(rows))
    for key, value in counts.items():
        setattr(report, key, value / n)
    report.precision1_within_10km = counts["precision1_within_10km"] / (p1 or 1)
    report.precision2_within_25km = counts["precision2_within_25km"] / (p2 or 1)
    report.sub_event_confusion = dict(confusion.most_common(10))
    return report
