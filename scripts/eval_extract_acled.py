"""Measure sitrep's extract stage on the ACLED dev set (each row's notes read as one article).

Usage: .venv/bin/python scripts/eval_extract_acled.py [--split dev|test] [--limit N] [--errors N]

dev = rows of 2019-2021 (tuning), test = rows of 2022-2023 (held out). Reports the share of rows with an
event found, sub_event_type accuracy of the first event, and actor agreement (exact ACLED names; "base"
also accepts our generic state name for an ACLED unit name such as "Military Forces of Syria (2000-)
4th Armored Division").
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from sitrep.extract import extract_article
from sitrep.nlp import load
from sitrep.records import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared/acled-dev/acled_syria_battles_2019-2023.csv"


def base(name: str | None) -> str | None:
    if name is None:
        return None
    return re.sub(r"^((?:Military|Police) Forces of [^)]*\)).*$", r"\1", name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", default=str(DEFAULT))
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args()
    with open(args.path, encoding="utf-8") as fp:
        rows = [r for r in csv.DictReader(fp) if (int(r["year"]) <= 2021) == (args.split == "dev")]
    if args.limit:
        random.Random(0).shuffle(rows)
        rows = rows[: args.limit]
    nlp = load()
    t0 = time.time()
    n = found = sub_ok = pair_exact = pair_base = a1_exact = a1_base = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    arts = []
    for r in rows:
        published = datetime.strptime(r["event_date"], "%d %B %Y").date()
        arts.append(Article(id=r["event_id_cnty"], text=r["notes"], published=published))
    for r, art, doc in zip(rows, arts, nlp.pipe([a.text for a in arts], batch_size=64), strict=True):
        n += 1
        ex = extract_article(doc, art)
        if not ex.mentions:
            confusion[(r["sub_event_type"], "-")] += 1
            errors.append(("none", r))
            continue
        found += 1
        m = ex.mentions[0]
        confusion[(r["sub_event_type"], m.sub_event_type)] += 1
        if m.sub_event_type == r["sub_event_type"]:
            sub_ok += 1
        else:
            errors.append((m.sub_event_type, r))
        gold = {r["actor1"] or None, r["actor2"] or None}
        ours = {m.actor1, m.actor2}
        pair_exact += gold == ours
        pair_base += {base(x) for x in gold} == {base(x) for x in ours}
        a1_exact += m.actor1 == r["actor1"]
        a1_base += base(m.actor1) == base(r["actor1"])
        if gold != ours and args.errors:
            errors.append((f"actors {m.actor1} | {m.actor2}", r))
    dt = time.time() - t0
    print(f"split={args.split} rows={n} time={dt:.1f}s")
    print(f"event found      {found / n:.3f}")
    print(f"sub-type acc     {sub_ok / n:.3f} (of found: {sub_ok / max(found, 1):.3f})")
    print(f"actors pair      exact {pair_exact / n:.3f}  base {pair_base / n:.3f}")
    print(f"actor1           exact {a1_exact / n:.3f}  base {a1_base / n:.3f}")
    for (g, p), c in confusion.most_common(12):
        print(f"  {c:6d}  {g} -> {p}")
    if args.errors:
        random.Random(1).shuffle(errors)
        for what, r in errors[: args.errors]:
            print(
                f"\n[{what}] gold={r['sub_event_type']} | {r['actor1']} | {r['actor2']}\n  {r['notes'][:300]}"
            )


if __name__ == "__main__":
    main()
