"""Cross-validated event classification of the development snippets with the learnt event gate.

    .venv/bin/python bench/gate_cv.py [--folds 5] [--l2 1.0] [--errors]

The packaged gate is trained on the `dev` snippets, so ``sitrep eval events --split dev`` with the gate is an
in-sample figure. This script gives the honest development figure: the dev snippets are cut into folds (the
hash of ``article_id:start``, as ``sitrep train gate`` does); for each fold a gate is trained exactly as
``sitrep train gate`` trains it (the `train` items, the ACLED notes and the dev snippets of the other folds),
and the snippets of that fold are run through the normal pipeline with that gate. The pooled predictions
are scored like ``sitrep eval events``. ``--errors`` prints every error (gold -> predicted, the gate's
probability and the snippet, for reading on the terminal: nothing is written). Test items are never read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, nargs="*", default=[1.0])
    ap.add_argument("--labels", default=str(ROOT / "tests" / "data" / "event_snippets.jsonl"))
    ap.add_argument("--train", nargs="*", default=[str(ROOT / "tests" / "data" / "event_train.jsonl")])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument(
        "--acled", default=str(ROOT.parent / "shared" / "acled-dev" / "acled_syria_battles_2019-2023.csv")
    )
    ap.add_argument("--acled-rows", type=int, default=300)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument(
        "--scales", type=float, nargs="*", default=[0.0], help="tensor feature scales to compare (0: none)"
    )
    ap.add_argument("--repeats", type=int, default=1, help="fold cuts of the gate decision's accuracy")
    ap.add_argument(
        "--min-type-examples",
        type=int,
        default=20,
        help="the gate judges only event types with this many training examples (as sitrep train gate)",
    )
    ap.add_argument("--eval-repeats", type=int, default=1, help="fold cuts of the pipeline evaluation")
    ap.add_argument("--thresholds", type=float, nargs="*", default=[0.5], help="gate thresholds to compare")
    ap.add_argument("--decision-only", action="store_true", help="only the gate decision's accuracy")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from sitrep.config import Settings
    from sitrep.eval.gate import acled_examples, gate_examples

    settings = Settings()
    settings.event_gate = False
    xs1, ys, refs = gate_examples([args.labels, *args.train], args.corpus, settings, tensor_scale=1.0)
    ax1, ay, _ = (
        acled_examples(args.acled, args.acled_rows, settings, tensor_scale=1.0)
        if args.acled
        else ([], [], [])
    )
    for scale in args.scales:
        xs, ax = _rescale(xs1, scale), _rescale(ax1, scale)
        for l2 in args.l2:
            print(f"== tensor scale {scale}, l2 {l2}")
            run(args, xs, ys, refs, ax, ay, scale, l2)
    return 0


def _rescale(examples: list[dict[str, float]], scale: float) -> list[dict[str, float]]:
    """Examples whose tensor features (computed at scale 1) are at ``scale`` (dropped at 0)."""
    out = []
    for ex in examples:
        row = {}
        for k, v in ex.items():
            if k.startswith("tn") and k[2:].isdigit():
                if scale > 0:
                    row[k] = v * scale
            else:
                row[k] = v
        out.append(row)
    return out


def run(args, xs, ys, refs, ax, ay, scale, l2) -> None:  # noqa: ANN001 - a bench script
    """Cross-validate one gate configuration and print its figures."""
    import sitrep.extract as extract_mod
    from sitrep.config import Settings
    from sitrep.eval.events import NONE, _article, read_corpus, read_labels, score
    from sitrep.eval.gate import _fold
    from sitrep.extract import gate as gate_mod
    from sitrep.extract.gate import accuracy
    from sitrep.pipeline import process

    # the gate's own decision, cross-validated over every labelled example (dev snippets and train items)
    # (``--repeats`` re-cuts the folds with salted hashes, for a steadier figure)
    accs = []
    for salt in range(args.repeats):
        right = 0.0
        for k in range(args.folds):
            tr = [n for n, r in enumerate(refs) if _fold(f"{r}#{salt}" if salt else r, args.folds) != k]
            te = [n for n, r in enumerate(refs) if _fold(f"{r}#{salt}" if salt else r, args.folds) == k]
            g = gate_mod.train([xs[n] for n in tr] + ax, [ys[n] for n in tr] + ay, l2=l2, tensor_scale=scale)
            right += accuracy(g, [xs[n] for n in te], [ys[n] for n in te]) * len(te)
        accs.append(right / len(xs))
    print(f"gate decision cv accuracy {sum(accs) / len(accs):.3f} over {len(xs)} examples, {len(accs)} cuts")
    if args.decision_only:
        return

    dev = read_labels(args.labels, "dev")
    corpus = read_corpus(args.corpus, {i["article_id"] for i in dev})
    arts = [_article(n, i, corpus[i["article_id"]]) for n, i in enumerate(dev)]
    gold = [i["label"] for i in dev]

    def predict(subset: list[int], gate) -> dict[int, str]:  # noqa: ANN001
        extract_mod.load_gate = lambda gate=gate: gate  # what extract_article calls
        s = Settings()
        s.event_gate = gate is not None
        out = {}
        for n, ex in zip(subset, process([arts[n] for n in subset], settings=s), strict=True):
            ms = sorted(ex.mentions, key=lambda m: (m.sentence_start, m.mention_id))
            out[n] = ms[0].sub_event_type if ms else NONE
        return out

    every = list(range(len(dev)))
    rules_by = predict(every, None)
    rules = [rules_by[n] for n in every]
    _, weighted, macro, acc, none_f1 = score(gold, rules)
    print(
        f"{'rules alone':22s} weighted {weighted:.3f}  macro {macro:.3f}  accuracy {acc:.3f}  none-F1 {none_f1:.3f}"
    )
    # predictions[threshold][salt] = list of predicted labels
    predictions: dict[float, list[list[str]]] = {t: [] for t in args.thresholds}
    for salt in range(args.eval_repeats):
        cut = {
            n: _fold(f"{dev_refs_n}#{salt}" if salt else dev_refs_n, args.folds)
            for n, dev_refs_n in enumerate(f"{i['article_id']}:{i['start']}" for i in dev)
        }
        got: dict[float, dict[int, str]] = {t: {} for t in args.thresholds}
        for k in range(args.folds):
            held = {f"{dev[n]['article_id']}:{dev[n]['start']}" for n in every if cut[n] == k}
            tr = [n for n, r in enumerate(refs) if r not in held]
            gate = gate_mod.train(
                [xs[n] for n in tr] + ax,
                [ys[n] for n in tr] + ay,
                l2=l2,
                tensor_scale=scale,
                min_type_examples=args.min_type_examples,
            )
            subset = [n for n in every if cut[n] == k]
            for t in args.thresholds:
                gate.threshold = t
                got[t].update(predict(subset, gate))
        for t in args.thresholds:
            predictions[t].append([got[t][n] for n in every])
    for t in args.thresholds:
        runs = [score(gold, p)[1:] for p in predictions[t]]
        avg = [sum(r[j] for r in runs) / len(runs) for j in range(4)]
        print(
            f"gate t={t:<4} ({len(runs)} cuts)   weighted {avg[0]:.3f}  macro {avg[1]:.3f}  accuracy {avg[2]:.3f}  "
            f"none-F1 {avg[3]:.3f}"
        )
    pred = predictions[args.thresholds[0]][0]
    conf = Counter(f"{g} -> {p}" for g, p in zip(gold, pred, strict=True) if g != p)
    kinds = Counter(
        "none->X" if g == NONE else "X->none" if p == NONE else "X->Y"
        for g, p in zip(gold, pred, strict=True)
        if g != p
    )
    print(f"error kinds (t={args.thresholds[0]}, first cut):", dict(kinds))
    for pair, n in conf.most_common(15):
        print(f"  {n:3d}  {pair}")
    if args.errors:
        for n in every:
            if pred[n] != gold[n]:
                print(
                    f"[{gold[n]} -> {pred[n]} | rules {rules[n]}] {arts[n].text.replace(chr(10), ' ')[:300]}"
                )


if __name__ == "__main__":
    sys.exit(main())
