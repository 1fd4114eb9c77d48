"""Re-fusion of a large store (issue 6): the time and peak RSS of ``Store.refuse``.

    python bench/refuse.py STORE.db [--times 10] [--whole] [--keep OUT.db]

Works on a copy of the SQLite store ``STORE.db`` (any store ``sitrep ingest`` made), in which the articles,
mentions and figures are repeated ``--times`` times under new ids and content hashes (as the bench's
copies of the corpus are), then re-fused once: part by part as ``sitrep ingest`` does
(``pipeline.refuse_store``), or with ``--whole`` every mention at once (the way before). Prints the rows, the seconds, the CPU seconds and the
peak RSS before and after. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path


def _copy_rows(db: Path, times: int) -> list[int]:
    conn = sqlite3.connect(db)

    def new_id(value: str | None, j: int) -> str | None:
        if value is None:
            return None
        article, _, rest = value.partition(":")  # mention ids are "<article id>:<offset>[:k]"
        return f"{article}-x{j}:{rest}"

    def article(d: dict, j: int) -> dict:
        d["id"] += f"-x{j}"
        d["content_hash"] += f"-x{j}"
        return d

    def mention(d: dict, j: int) -> dict:
        d["mention_id"], d["article_id"] = new_id(d["mention_id"], j), d["article_id"] + f"-x{j}"
        return d

    def figure(d: dict, j: int) -> dict:
        d["id"], d["event_id"], d["article_id"] = None, None, d["article_id"] + f"-x{j}"
        d["mention_id"], d["owner_mention_id"] = new_id(d["mention_id"], j), new_id(d["owner_mention_id"], j)
        return d

    for table, fix in (("articles", article), ("mentions", mention), ("figures", figure)):
        cols = [r[1] for r in conn.execute(f"pragma table_info({table})")]
        rows = [dict(zip(cols, r, strict=True)) for r in conn.execute(f"select * from {table}")]
        marks = ",".join("?" * len(cols))
        for j in range(1, times):
            conn.executemany(
                f"insert into {table} ({','.join(cols)}) values ({marks})",
                [tuple(d[c] for c in cols) for d in (fix(dict(r), j) for r in rows)],
            )
    conn.commit()
    counts = [
        conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "mentions", "figures")
    ]
    conn.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--times", type=int, default=10)
    ap.add_argument("--whole", action="store_true", help="fuse every mention at once (no parts)")
    ap.add_argument("--keep", type=Path, help="keep the re-fused store here (to compare two runs)")
    args = ap.parse_args()

    from sitrep.pipeline import _fused, refuse_store
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "refuse.db"
        shutil.copy(args.store, db)
        articles, mentions, figures = _copy_rows(db, args.times)
        store = Store.open(str(db))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0, c0 = time.perf_counter(), time.process_time()
        if args.whole:
            store.refuse(_fused)
        else:
            refuse_store(store)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        events = store.count_events()
        store.close()
        if args.keep:
            shutil.copy(db, args.keep)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "mode": "whole" if args.whole else "parts",
                "articles": articles,
                "mentions": mentions,
                "figures": figures,
                "events": events,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "peak_rss_mb_before": round(before),
                "peak_rss_mb_after": round(peak),
            }
        )
    )


if __name__ == "__main__":
    main()
