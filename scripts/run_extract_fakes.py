"""Run the extract stage over the FA-KES corpus and summarise it (sub-type distribution, wall time).

Usage: .venv/bin/python scripts/run_extract_fakes.py [--path ../shared/corpus/fakes.jsonl] [--sample N]

Prints the distribution of sub-event types over all articles, the wall time, and N random events
(sentence, sub-type, actors, date, place, fatalities) to eyeball for plausibility.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sitrep.extract import extract_article
from sitrep.nlp import load
from sitrep.records import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpus/fakes.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", default=str(DEFAULT))
    ap.add_argument("--sample", type=int, default=30)
    args = ap.parse_args()
    with open(args.path, encoding="utf-8") as fp:
        items = [json.loads(line) for line in fp if line.strip()]
    arts = [
        Article(
            id=it["id"],
            text=it["text"],
            title=it.get("title"),
            outlet=it.get("outlet"),
            published=date.fromisoformat(it["published"][:10]) if it.get("published") else None,
        )
        for it in items
    ]
    nlp = load()
    t0 = time.time()
    mentions, figures, with_event = [], 0, 0
    for art, doc in zip(arts, nlp.pipe([a.text for a in arts], batch_size=32), strict=True):
        ex = extract_article(doc, art)
        mentions.extend(ex.mentions)
        figures += len(ex.figures)
        with_event += bool(ex.mentions)
    dt = time.time() - t0
    print(
        f"articles={len(arts)} with_event={with_event} mentions={len(mentions)} figures={figures} time={dt:.1f}s"
    )
    for (et, st), n in Counter((m.event_type, m.sub_event_type) for m in mentions).most_common():
        print(f"  {n:5d}  {et} / {st}")
    random.Random(0).shuffle(mentions)
    for m in mentions[: args.sample]:
        place = m.place.text if m.place else None
        print(
            f"\n[{m.sub_event_type}] a1={m.actor1} a2={m.actor2} civ={m.civilian_targeting} "
            f"date={m.date.date}/{m.date.method} place={place} fat={m.fatalities} trig={m.trigger!r}\n  {m.sentence[:260]}"
        )


if __name__ == "__main__":
    main()
