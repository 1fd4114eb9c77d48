"""Draw the candidate sentences of ``tests/data/facts.jsonl`` (the figures / attribution / dates set).

The rule looks only at the corpus text, never at sitrep's output (see tests/data/README.md):

1. each FA-KES article's ``text`` is split into sentences at ``.``/``!``/``?`` followed by whitespace and a
   capital or a quote; the first sentence (dateline + headline) is skipped; sentences of 40-350 characters
   are kept, and a sentence whose text already appeared (syndicated copies) is kept once;
2. a sentence is a candidate when a number (digits, a number word, or a vague quantity word) stands at
   most 6 words before or after a casualty / effect word (CUES below);
3. candidates are grouped by (outlet, publication year); groups are visited round-robin in a seeded
   random order and each visit draws one random candidate of an article not yet drawn twice, until
   ``--n`` candidates are drawn.

``--exclude FILE`` (repeatable) skips every article a label file refers to (the second set, facts2.jsonl,
was drawn with ``--seed 20261203 --n 150`` excluding every article of the other label files).

Prints one JSON reference per line: ``{"article_id", "start", "end", "sha1"}`` (no text; ``sha1`` of the
sentence tells apart the corpus records that share an id).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict

SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")
NUMBER = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|hundreds|thousand|thousands|dozen|dozens|tens|scores|several|many|a few)\b",
    re.I,
)
CUES = re.compile(
    r"\b(?:kill\w*|dead|death\w*|died|dies|die|wound\w*|injur\w*|casualt\w*|lives|bodies|"
    r"fatalit\w*|displac\w*|fled|flee\w*|refugees|missing|arrest\w*|detain\w*|abduct\w*|kidnap\w*|"
    r"strikes?|raids?|sorties|shells|rockets|missiles|barrel bombs|toll|martyr\w*|executed|beheaded)\b",
    re.I,
)
WORD = re.compile(r"\S+")


def sentences(text: str):
    """(start, end) of each sentence of ``text``."""
    start = 0
    for m in SENT.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def is_candidate(s: str) -> bool:
    """A number within 6 words of a casualty / effect cue."""
    words = [(m.start(), m.end()) for m in WORD.finditer(s)]

    def word_index(pos: int) -> int:
        return next((k for k, (a, b) in enumerate(words) if a <= pos < b), -1)

    nums = {word_index(m.start()) for m in NUMBER.finditer(s)}
    cues = {word_index(m.start()) for m in CUES.finditer(s)}
    return any(abs(a - b) <= 6 for a in nums for b in cues if a >= 0 and b >= 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="../shared/corpus/fakes.jsonl")
    ap.add_argument("--n", type=int, default=280)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="a label file (JSON lines with article_id, or fusion pairs with a/b) whose articles are "
        "skipped; repeatable",
    )
    args = ap.parse_args()
    excluded: set[str] = set()
    for path in args.exclude:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    item = json.loads(line)
                    excluded.update(
                        x["article_id"] if isinstance(x, dict) else x
                        for x in (item.get("article_id"), item.get("a"), item.get("b"))
                        if x
                    )
    seen: set[str] = set()
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in excluded:
                continue
            text = rec["text"]
            for k, (a, b) in enumerate(sentences(text)):
                s = text[a:b].strip()
                if k == 0 or not 40 <= len(s) <= 350 or s in seen:
                    continue
                seen.add(s)
                if is_candidate(s):
                    a2 = a + text[a:b].index(s)
                    key = (rec.get("outlet") or "", str(rec.get("published") or "")[:4])
                    groups[key].append(
                        (rec["id"], a2, a2 + len(s), hashlib.sha1(s.encode("utf-8")).hexdigest())
                    )
    rng = random.Random(args.seed)
    keys = sorted(groups)
    rng.shuffle(keys)
    for key in keys:
        rng.shuffle(groups[key])
    per_article: dict[str, int] = defaultdict(int)
    drawn: list[tuple] = []
    while len(drawn) < args.n and any(groups.values()):
        for key in keys:
            pool = groups[key]
            while pool:
                ref = pool.pop()
                if per_article[ref[0]] < 2:
                    per_article[ref[0]] += 1
                    drawn.append(ref)
                    break
            if len(drawn) >= args.n:
                break
    for article_id, start, end, sha1 in drawn:
        print(json.dumps({"article_id": article_id, "start": start, "end": end, "sha1": sha1}))


if __name__ == "__main__":
    main()
