"""Does a new file of gate training labels help the event gate? (issue 3)

Cross-validates the gate on the examples of the BASE label files only, with the same folds as
``sitrep train gate``, once trained on the base training folds and once with every example of the NEW
label files added to each training fold (the ACLED notes, with ``--acled``, are in every training fold).
The scored examples are the same in both runs, so the two accuracies are comparable, which the
``sitrep train gate`` figure on a larger set is not. Only ``dev``/``train`` items are used.

    python scripts/gate_label_value.py --base tests/data/event_snippets.jsonl tests/data/event_train.jsonl \
        --new tests/data/event_train2.jsonl --acled ../shared/acled-dev/acled_syria_battles_2019-2023.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sitrep.eval.gate import _fold, acled_examples, gate_examples
from sitrep.extract.gate import accuracy, train

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", nargs="+", required=True)
    ap.add_argument("--new", nargs="+", required=True)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("--acled")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0, help="L2 strength of both gates (default 1.0)")
    args = ap.parse_args(argv)

    bx, by, brefs = gate_examples(args.base, args.corpus)
    nx, ny, _ = gate_examples(args.new, args.corpus)
    ex, ey = ([], [])
    if args.acled:
        ex, ey, _ = acled_examples(args.acled, 300)
    right = {"base": 0.0, "base+new": 0.0}
    for k in range(args.folds):
        tr = [i for i, r in enumerate(brefs) if _fold(r, args.folds) != k]
        te = [i for i, r in enumerate(brefs) if _fold(r, args.folds) == k]
        txs, tys = [bx[i] for i in tr], [by[i] for i in tr]
        sx, sy = [bx[i] for i in te], [by[i] for i in te]
        right["base"] += accuracy(train(txs + ex, tys + ey, l2=args.l2), sx, sy) * len(te)
        right["base+new"] += accuracy(train(txs + nx + ex, tys + ny + ey, l2=args.l2), sx, sy) * len(te)
    print(f"scored: {len(bx)} base examples ({sum(by)} events); new examples: {len(nx)} ({sum(ny)} events)")
    print(f"keep every candidate: {sum(by) / len(by):.3f}")
    for name, r in right.items():
        print(f"cross-validated accuracy, trained on {name}: {r / len(bx):.3f}")
    # The other way round: how well a gate trained on the base alone reads the new examples.
    g = train(bx + ex, by + ey, l2=args.l2)
    print(
        f"gate trained on base, accuracy on the new examples: {accuracy(g, nx, ny):.3f} "
        f"(keep every candidate: {sum(ny) / len(ny):.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
