"""Select new FA-KES candidate sentences for labelling the event gate (issue 3).

Reproducible: the same corpus, taxonomy and reference files give the same candidates. The rule is the
one of ``tests/data/event_train.jsonl`` (see tests/data/README.md), with a new seed:

* sentences split at ``.``/``!``/``?`` followed by whitespace and a capital or a quote, the first
  sentence of each article (dateline + headline) skipped, kept when 40-350 characters long;
* kept when a word's crude stem (lower case, one of the suffixes -ing/-ed/-es/-s removed, at least four
  letters left) starts the first token of a trigger phrase of ``data/taxonomy.yml``;
* syndicated duplicates (identical sentence text) kept once;
* excluded: every article of ``event_snippets.jsonl`` (all splits) and of ``fusion_pairs.jsonl``, and
  every sentence already in ``event_train.jsonl`` (same offsets, same text, or overlapping offsets);
* at most two sentences per article, drawn at random.

Prints one JSON reference per line ``{"article_id", "start", "end"}`` (no text). With ``--show`` it
prints the text too, for the labeller's eyes only: never commit that output.

    python scripts/select_gate_sentences.py --corpus ../shared/corpus/fakes.jsonl -n 500 > /tmp/cands.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261201
# A sentence ends at ./!/? followed by whitespace and a capital or a quote (the splitter the
# snippet set was built with, tests/data/README.md step 1).
_BOUNDARY = re.compile(r"[.!?](?=\s+[A-Z\"'\u201c\u2018])")
_WORD = re.compile(r"[A-Za-z]+")
_SUFFIXES = ("ing", "ed", "es", "s")


def split(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character offsets of the sentences of ``text`` (whitespace trimmed)."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def stem(word: str) -> str:
    """Crude stem: lower case, one common suffix removed when at least four letters remain."""
    w = word.lower()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def trigger_heads(taxonomy: Path) -> list[str]:
    """First tokens of every trigger phrase of the taxonomy (lower case, hyphens as spaces)."""
    data = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))
    heads = set()
    for entry in data["triggers"]:
        for phrase in entry.get("phrases", []):
            heads.add(phrase.lower().replace("-", " ").split()[0])
    return sorted(heads)


def has_trigger(sentence: str, heads: list[str]) -> bool:
    """True when a word's crude stem (four letters or more) starts a trigger phrase's first token."""
    for word in _WORD.findall(sentence):
        st = stem(word)
        if len(st) < 4:
            continue
        if any(h.startswith(st) for h in heads):
            return True
    return False


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("-n", type=int, default=500, help="number of candidates (default 500)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--show", action="store_true", help="also print the text (labeller only)")
    args = ap.parse_args(argv)

    data = ROOT / "tests" / "data"
    excluded_articles = {r["article_id"] for r in _read_jsonl(data / "event_snippets.jsonl")}
    for pair in _read_jsonl(data / "fusion_pairs.jsonl"):
        excluded_articles.add(pair["a"]["article_id"])
        excluded_articles.add(pair["b"]["article_id"])
    train = _read_jsonl(data / "event_train.jsonl")
    train_spans = {(r["article_id"], r["start"], r["end"]) for r in train}

    heads = trigger_heads(ROOT / "src" / "sitrep" / "data" / "taxonomy.yml")
    articles = _read_jsonl(Path(args.corpus))
    by_id = {a["id"]: a for a in articles}
    seen_text = set()
    for r in train:
        if r["article_id"] in by_id:
            seen_text.add(by_id[r["article_id"]]["text"][r["start"] : r["end"]])

    per_article: dict[str, list[tuple[int, int, str]]] = {}
    for art in articles:  # corpus order: the first copy of a syndicated sentence is the one kept
        aid = art["id"]
        if aid in excluded_articles:
            continue
        text = art["text"]
        for s, e in split(text)[1:]:
            sent = text[s:e]
            if not 40 <= len(sent) <= 350 or (aid, s, e) in train_spans or sent in seen_text:
                continue
            if not has_trigger(sent, heads):
                continue
            seen_text.add(sent)
            per_article.setdefault(aid, []).append((s, e, sent))

    rng = random.Random(args.seed)
    pool = []
    for aid in sorted(per_article):
        sents = per_article[aid]
        pool.extend((aid, s, e, t) for s, e, t in rng.sample(sents, min(2, len(sents))))
    rng.shuffle(pool)
    # A few spans of event_train.jsonl end one character later (a trailing space) than this splitter's,
    # so the exact-offset check above misses them: skip any sentence overlapping a training sentence.
    # Done after the draw so that the random stream (and hence the labelled set) does not depend on it.
    train_by_article: dict[str, list[tuple[int, int]]] = {}
    for aid, s, e in train_spans:
        train_by_article.setdefault(aid, []).append((s, e))
    chosen = []
    for aid, s, e, t in pool:
        if len(chosen) == args.n:
            break
        if any(s < te and ts < e for ts, te in train_by_article.get(aid, [])):
            continue
        chosen.append((aid, s, e, t))
    for aid, s, e, t in chosen:
        assert by_id[aid]["text"][s:e] == t
        rec = {"article_id": aid, "start": s, "end": e}
        if args.show:
            rec["text"] = t
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(pool)} eligible sentences, {len(chosen)} chosen", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
