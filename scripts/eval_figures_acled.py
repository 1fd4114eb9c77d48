"""Measure sitrep's figures and dates on ACLED notes (the ACLED dev set under ../shared, read in place).

For each sampled row: fatalities(find_figures(s) for every sentence s of the note) vs the `fatalities`
column (exact match), and resolve_date on the first sentence that has a date vs `event_date`.

    .venv/bin/python scripts/eval_figures_acled.py --years 2019-2021 --sample 1500
    .venv/bin/python scripts/eval_figures_acled.py --years 2022-2023 --sample 0     # held-out, all rows
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import re
import sys
from datetime import datetime
from pathlib import Path

from sitrep.extract.dates import resolve_date
from sitrep.extract.figures import fatalities, find_figures
from sitrep.nlp import load

# ACLED splits one multi-location fight into one row per location and writes the split in the note
# ("Total fatalities of 47 are split as follows: 3 A, 3 B ..."): the row's count is a share that the
# text of the note does not tie to the row, so these rows are also reported apart.
SPLIT = re.compile(r"split|divided|distributed|spread evenly|coded to (?:each|that location)", re.I)
DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/acled-dev/acled_syria_battles_2019-2023.csv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT)
    ap.add_argument("--years", default="2019-2021", help="inclusive range, e.g. 2019-2021")
    ap.add_argument("--sample", type=int, default=1500, help="rows to sample (0 = all)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--errors", type=int, default=0, help="print this many mismatches")
    args = ap.parse_args()
    lo, hi = (int(y) for y in args.years.split("-"))
    with args.csv.open(encoding="utf-8") as fp:
        rows = [r for r in csv.DictReader(fp) if lo <= int(r["year"]) <= hi]
    if args.sample and args.sample < len(rows):
        rows = random.Random(args.seed).sample(rows, args.sample)
    nlp = load()
    fat_ok = date_ok = date_found = 0
    plain = plain_ok = 0
    errors = []
    diffs: collections.Counter[str] = collections.Counter()
    for row, doc in zip(rows, nlp.pipe(r["notes"] for r in rows), strict=True):
        figs = []
        resolved = None
        for sent in doc.sents:
            figs.extend(find_figures(sent, row["event_id_cnty"]))
            if resolved is None:
                res = resolve_date(sent, None)
                if res.method != "none":
                    resolved = res
        best = fatalities(figs)[0]
        gold = int(row["fatalities"])
        is_split = bool(SPLIT.search(row["notes"]))
        plain += not is_split
        plain_ok += not is_split and best == gold
        if best == gold:
            fat_ok += 1
        else:
            diffs["over" if best > gold else "under"] += 1
            errors.append((gold, best, row["notes"], figs))
        gold_date = datetime.strptime(row["event_date"], "%d %B %Y").date()
        if resolved is not None and resolved.date is not None:
            date_found += 1
            date_ok += resolved.date == gold_date
    n = len(rows)
    print(f"rows={n} years={args.years} fatalities exact={fat_ok / n:.3f} ({fat_ok}/{n}) {dict(diffs)}")
    print(f"  rows without a multi-location split: exact={plain_ok / max(plain, 1):.3f} ({plain_ok}/{plain})")
    print(
        f"dates: exact={date_ok / n:.3f} ({date_ok}/{n}); on rows whose note has a date: "
        f"{date_ok / max(date_found, 1):.3f} ({date_ok}/{date_found})"
    )
    for gold, best, note, figs in errors[: args.errors]:
        print(f"\n gold={gold} got={best}: {note}")
        for f in figs:
            print(f"    {f.text!r} {f.value} {f.qualifier} {f.counts} subj={f.subject!r} sub={f.is_subset}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
