"""Demo of the situation report on real data: a period of the FA-KES corpus (../shared, not in the repo).

Ingests the FA-KES articles published in the period (optionally only those FA-KES files under one
location) into a temporary store, then writes the report of one admin1 area as HTML and PDF under out/
(gitignored: the report quotes article sentences, which must not be committed).

    .venv/bin/python scripts/report_fakes_demo.py --since 2016-07-01 --until 2016-08-31 \
        --location aleppo --admin1 Aleppo
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep import pipeline  # noqa: E402
from sitrep.report import build_report, render  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("--since", type=date.fromisoformat, required=True)
    ap.add_argument("--until", type=date.fromisoformat, required=True)
    ap.add_argument("--location", default=None, help="FA-KES 'location' field to keep (e.g. aleppo)")
    ap.add_argument("--admin1", default=None, help="the report's admin1 area as stored (e.g. Aleppo)")
    ap.add_argument("--out", default=str(ROOT / "out" / "report-fakes"), help="output path without suffix")
    args = ap.parse_args()

    kept = []
    with open(args.corpus, encoding="utf-8") as fp:
        for line in fp:
            row = json.loads(line)
            day = date.fromisoformat(row["published"][:10]) if row.get("published") else None
            if day is None or not args.since <= day <= args.until:
                continue
            if args.location and row.get("location") != args.location:
                continue
            kept.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "period.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
        db = str(Path(tmp) / "period.db")
        t0 = time.perf_counter()
        ingested = pipeline.ingest([str(feed)], db=db)
        t1 = time.perf_counter()
        report = build_report(
            db,
            since=args.since,
            until=args.until,
            admin1=args.admin1,
            generated=datetime.now(UTC).replace(microsecond=0),
        )
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        for fmt in ("html", "pdf", "md"):
            body = render(report, fmt)
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            out.with_suffix(f".{fmt}").write_bytes(data)
        t2 = time.perf_counter()
    print(
        f"{len(kept)} articles, {ingested.events} events stored in {t1 - t0:.1f} s; report: "
        f"{report.total.events} events, {len(report.key_events)} key, {len(report.contradictions)} "
        f"contradictions, {len(report.sources)} sources; rendered html+pdf+md in {t2 - t1:.1f} s -> {out}.*"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
