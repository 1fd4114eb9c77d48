#!/usr/bin/env python
"""Load test of the web server (issue 8): `sitrep serve` in a second process on 127.0.0.1, then a bounded
loop of API requests from this one; prints the requests served, errors and latency percentiles.

    .venv/bin/python scripts/loadtest.py --db out/demo.db --requests 1000 [--json out/load.json]

With no --db, the demo articles are ingested into a temporary store first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sitrep.pipeline import ingest
from sitrep.web.load import run_load, serve_in_subprocess

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to serve (default: the demo articles in a temporary store)")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--json", help="also write the report as JSON here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "demo.db")
            ingest([str(ROOT / "examples" / "articles")], db=db)
        with serve_in_subprocess(db) as url:
            report = run_load(url, args.requests)
    print(
        f"{report.requests} requests to {db} in {report.seconds:.2f} s, {report.errors} errors; latency ms: "
        f"p50 {report.p50_ms}, p95 {report.p95_ms}, p99 {report.p99_ms}, max {report.max_ms}"
    )
    print("by route: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_route.items())))
    for sample in report.error_samples:
        print("error:", sample)
    if args.json:
        Path(args.json).write_text(report.to_json() + "\n", encoding="utf-8")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
