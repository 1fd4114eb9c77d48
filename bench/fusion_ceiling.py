"""How far can fusion's rules go on the labelled pairs? The pair-level ceiling of its compatibility and support.

    .venv/bin/python bench/fusion_ceiling.py [--split dev|test|all]

Runs the pipeline over the articles of the labelled fusion pairs (``tests/data/fusion_pairs.jsonl``) and
takes each pair's two mentions as ``sitrep eval fusion`` does. It prints, for the pairs labelled `same`
and `different`:

- how many have both sides :func:`sitrep.fuse.compatible` and linked (:func:`sitrep.fuse.supports`, or a
  reference's :func:`sitrep.fuse._specific_support` reaching ``reference_min_support``): what any
  clustering over these links can merge directly;
- the figures of ``fuse`` itself, and of the transitive closure of the links over all the split's mentions
  (single linkage: every chain of linked compatible pairs merged). The closure merges a superset of what
  complete linkage merges, so its recall bounds that of any clustering built on fusion's links;
- the ROC AUC, over the compatible pairs, of :func:`sitrep.fuse.support` against a logistic regression
  over the same items (sub-type, day, town, tolls, wording) scored by leave-one-out on the split: whether
  learnt weights would order the pairs better than the hand-set ones.

Two flags measure the same under relaxed rules (patched into ``sitrep.fuse`` for the run only):
``--containment`` (a province or country counts as compatible with a town it holds, same sub-type needed,
as for two province-level geocodes) and ``--no-actor-veto`` (different actor1 across articles no longer
rules a merge out). It is a measurement, not part of sitrep.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


sys.path.insert(0, str(Path(__file__).resolve().parent))
from fusion_embeddings import auc  # noqa: E402 - the sibling bench script's ROC AUC (it imports no torch at load)


def features(a, b) -> list[float]:
    """The items of :func:`sitrep.fuse.support`, unweighted."""
    from sitrep import fuse as F

    r = F.rules()
    same_sub = a.sub_event_type == b.sub_event_type
    da, db = a.date.date, b.date.date
    day_precision = (
        da is not None and db is not None and (a.date.precision or 1) == 1 == (b.date.precision or 1)
    )
    days = abs((da - db).days) if day_precision else None
    ga, gb = a.geo, b.geo
    town = bool(
        ga
        and gb
        and ga.geonameid is not None
        and ga.geonameid == gb.geonameid
        and ga.geo_precision == 1 == gb.geo_precision
    )
    fa, fb = a.fatalities, b.fatalities
    ratio = max(fa, fb) / min(fa, fb) if fa > 0 and fb > 0 else None
    return [
        F.wording_overlap(a, b),
        float(same_sub),
        float(same_sub and a.sub_event_type in r["distinctive_sub_event_types"]),
        float(days == 0),
        float(days == 1),
        float(town),
        float(ratio == 1),
        float(ratio is not None and 1 < ratio <= 1.5),
        float(ratio is not None and ratio > 3),
    ]


def fit_logistic(x, y, l2: float = 1.0, steps: int = 3000):
    """Weights (bias last) of an L2-regularised logistic regression, by gradient descent (numpy arrays)."""
    import numpy as np

    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + l2 * np.r_[w[:-1], 0.0]
        w -= 0.5 * grad / len(y)
    return w


def relax(containment: bool, actor_veto: bool) -> None:
    """Patch the relaxed rules of the flags into ``sitrep.fuse`` (its functions look them up by name)."""
    from sitrep import fuse as F

    places, actors = F._places_compatible, F._actors_compatible

    def relaxed_places(a, b) -> bool:
        if F._contains(a, b) or F._contains(b, a):  # fuse's own containment rule
            return a.sub_event_type == b.sub_event_type
        return places(a, b)

    def relaxed_actors(a, b) -> bool:
        return a.article_id != b.article_id or actors(a, b)

    if containment:
        F._places_compatible = relaxed_places
    if not actor_veto:
        F._actors_compatible = relaxed_actors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument("--pairs", default=str(ROOT / "tests" / "data" / "fusion_pairs.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("--containment", action="store_true", help="a province/country holds its towns")
    ap.add_argument("--no-actor-veto", action="store_true", help="actor1 mismatch across articles allowed")
    args = ap.parse_args()
    relax(args.containment, not args.no_actor_veto)

    from sitrep import fuse as F
    from sitrep.config import Settings
    from sitrep.eval.fusion import _articles, _side, mention_spans, read_pairs
    from sitrep.fuse import UnionFind

    settings = Settings()
    pairs = read_pairs(args.pairs, args.split)
    ids = {p[s]["article_id"] for p in pairs for s in ("a", "b")}
    mentions, spans = mention_spans(_articles(args.corpus, ids, settings), settings)

    ref_min = float(F.rules()["reference_min_support"])

    def linked(a, b) -> bool:
        """The link fusion can use between two compatible mentions (references: as ``_attach`` does)."""
        if F.is_reference(a) and F.is_reference(b):
            return False
        if F.is_reference(a) or F.is_reference(b):
            return a.article_id != b.article_id and (
                F._is_copy(a, b)
                or (a.sub_event_type == b.sub_event_type and F._specific_support(a, b) >= ref_min)
            )
        return F.supports(a, b)

    # the transitive closure of the links over all mentions of the split (blocked by event type and week)
    closure = UnionFind(m.mention_id for m in mentions)
    window = int(F.rules()["max_days_coarse_precision"])
    by_type: dict[str, list] = {}
    for m in mentions:
        by_type.setdefault(m.event_type, []).append(m)
    for group in by_type.values():
        # dated mentions in date order, each compared with those of the last `window` days and the undated
        dated = sorted((m for m in group if m.date.date), key=lambda m: m.date.date)
        undated = [m for m in group if not m.date.date]
        for i, a in enumerate(dated):
            j = i - 1
            while j >= 0 and (a.date.date - dated[j].date.date).days <= window:
                if F.compatible(a, dated[j]) and linked(a, dated[j]):
                    closure.union(a.mention_id, dated[j].mention_id)
                j -= 1
        for i, a in enumerate(undated):
            for b in dated + undated[i + 1 :]:
                if F.compatible(a, b) and linked(a, b):
                    closure.union(a.mention_id, b.mention_id)
    event_of = {m.mention_id: e.event_id for e in F.fuse(mentions) for m in e.mentions}

    table: Counter = Counter()
    outcome: Counter = Counter()
    scored_hand, rows = [], []
    for p in pairs:
        gold = p["label"] == "same"
        a, b = _side(p["a"], spans), _side(p["b"], spans)
        if a is None or b is None:
            table[(gold, "a side not found")] += 1
            continue
        comp = F.compatible(a, b)
        table[
            (
                gold,
                "compatible and linked"
                if comp and linked(a, b)
                else "compatible"
                if comp
                else "incompatible",
            )
        ] += 1
        fused = event_of.get(a.mention_id, a) == event_of.get(b.mention_id, b)
        closed = closure.root(a.mention_id) == closure.root(b.mention_id)
        outcome[("fuse", gold, fused)] += 1
        outcome[("closure", gold, closed)] += 1
        if comp:
            scored_hand.append((gold, F.support(a, b)))
            rows.append((features(a, b), gold))

    print(f"split {args.split}: {len(pairs)} pairs, {len(mentions)} mentions")
    for gold in (True, False):
        label = "same" if gold else "different"
        parts = ", ".join(f"{k} {v}" for (g, k), v in sorted(table.items()) if g == gold)
        print(f"  {label}: {parts}")
    for name in ("fuse", "closure"):
        tp, fp, fn = outcome[(name, True, True)], outcome[(name, False, True)], outcome[(name, True, False)]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(
            f"  {name:<8} precision {precision:.3f} recall {recall:.3f} ({tp} of {tp + fp} predicted right)"
        )
    import numpy as np

    x = np.array([r[0] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    loo = []
    for i in range(len(rows)):
        keep = np.arange(len(rows)) != i
        w = fit_logistic(x[keep], y[keep])
        loo.append((bool(y[i]), float(np.r_[x[i], 1.0] @ w)))
    print(
        f"  compatible pairs {len(rows)}: ROC AUC of support {auc(scored_hand):.3f}, "
        f"of a logistic regression over its items (leave-one-out) {auc(loo):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
