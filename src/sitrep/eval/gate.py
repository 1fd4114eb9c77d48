"""Training the event gate (``sitrep train gate``) from labelled sentence references.

Each labelled item (``article_id``, ``start``, ``end``, ``label``; see ``tests/data/README.md``) is read from
the corpus, cleaned and parsed as an article of its own, as ``sitrep eval events`` does. Its first sentence
that the trigger rules type as an event gives one training example: the gate's features of that candidate,
and 1 when the label is an event sub-type, 0 when it is ``none``. Items the rules find no event in teach the
gate nothing (it only ever removes candidates) and are skipped; ``unsure`` items are skipped.

Only ``dev`` and ``train`` items are used: the ``test`` snippets of ``event_snippets.jsonl`` stay held out.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from .events import NONE, _item_id, read_labels, snippet_articles

log = logging.getLogger(__name__)

__all__ = ["GateTraining", "gate_examples", "train_gate"]

TRAIN_SPLITS = ("dev", "train")


@dataclass(slots=True)
class GateTraining:
    """What one ``sitrep train gate`` run did."""

    items: int = 0
    examples: int = 0
    positives: int = 0
    #: k-fold cross-validated accuracy of the gate on the examples, and of always keeping (the rules alone)
    cv_accuracy: float = 0.0
    keep_all_accuracy: float = 0.0
    output: str = ""
    sources: list[str] = field(default_factory=list)


def acled_examples(
    path: str | Path, limit: int, settings: Settings | None = None, *, tensor_scale: float = 0.0
) -> tuple[list[dict[str, float]], list[int], list[str]]:
    """Positive examples from ACLED notes of the development years (every note reports an event): the
    first sentence of each note that the rules type as an event, for ``limit`` evenly spaced rows.

    News wire and ACLED's coder notes are written differently ("On 5 May 2021, regime forces shelled ...");
    a gate that saw only wire sentences learns to doubt the notes' terse style.
    """
    from ..extract import _sentences
    from ..extract.actors import find_actors
    from ..extract.events import classify
    from ..extract.gate import features
    from ..nlp import load, parse
    from .acled import _article as acled_article
    from .acled import read_rows

    settings = settings or Settings()
    rows = read_rows(path, "dev", limit)
    nlp = load(settings.spacy_model)
    xs: list[dict[str, float]] = []
    refs: list[str] = []
    articles = [acled_article(r) for r in rows]
    for doc, article in parse(nlp, ((a.text, a) for a in articles), batch_size=32):
        doc._.sitrep_published = article.published
        for sent in _sentences(doc, None):
            cands = classify(sent, actors=find_actors(sent))
            if cands:
                xs.append(features(sent, cands[0], tensor_scale=tensor_scale))
                refs.append(f"acled:{article.id}")
                break
    return xs, [1] * len(xs), refs


def gate_examples(
    label_files: list[str | Path],
    corpus_path: str | Path,
    settings: Settings | None = None,
    *,
    tensor_scale: float = 0.0,
) -> tuple[list[dict[str, float]], list[int], list[str]]:
    """(features, labels, references) of the training items of ``label_files``."""
    from ..extract import _sentences, _title_span
    from ..extract.actors import find_actors
    from ..extract.events import classify
    from ..extract.gate import features
    from ..nlp import load, parse

    settings = settings or Settings()
    items = []
    for path in label_files:
        items.extend(i for i in read_labels(path, "all") if i.get("split", "dev") in TRAIN_SPLITS)
    items = [i for i in items if i["label"] != "unsure"]
    articles = snippet_articles(items, corpus_path)
    nlp = load(settings.spacy_model)
    xs: list[dict[str, float]] = []
    ys: list[int] = []
    refs: list[str] = []
    pairs = ((a.text, (a, i)) for a, i in zip(articles, items, strict=True) if a.ok)
    for doc, (article, item) in parse(nlp, pairs, batch_size=32):
        doc._.sitrep_published = article.published
        for sent in _sentences(doc, _title_span(article)):
            cands = classify(sent, actors=find_actors(sent))
            if cands:
                xs.append(features(sent, cands[0], tensor_scale=tensor_scale))
                ys.append(0 if item["label"] == NONE else 1)
                # the fold of an item hashes this reference: keep its form, or the folds move
                refs.append(f"{item['article_id']}:{item['start']}" if "text" not in item else _item_id(item))
                break
    return xs, ys, refs


def _fold(ref: str, k: int) -> int:
    return int(hashlib.sha256(ref.encode()).hexdigest(), 16) % k


def train_gate(
    label_files: list[str | Path],
    corpus_path: str | Path,
    output: str | Path,
    *,
    folds: int = 5,
    l2: float = 1.0,
    acled: str | Path | None = None,
    acled_rows: int = 300,
    tensor_scale: float = 0.0,
    min_type_examples: int = 0,
    settings: Settings | None = None,
) -> GateTraining:
    """Train the event gate on ``label_files`` (and, with ``acled``, on ``acled_rows`` development-year
    ACLED notes as events) and write it to ``output``; report cross-validated accuracy on the labelled
    sentences (the ACLED examples are always in the training folds, never scored)."""
    from ..extract.gate import accuracy, train

    xs, ys, refs = gate_examples(label_files, corpus_path, settings, tensor_scale=tensor_scale)
    extra_x: list[dict[str, float]] = []
    extra_y: list[int] = []
    if acled is not None:
        extra_x, extra_y, _ = acled_examples(acled, acled_rows, settings, tensor_scale=tensor_scale)
    if not xs or len(set(ys)) < 2:
        raise EvalError("the labelled items give no usable training examples (need events and non-events)")
    right = 0.0
    for k in range(folds):
        tr = [i for i, r in enumerate(refs) if _fold(r, folds) != k]
        te = [i for i, r in enumerate(refs) if _fold(r, folds) == k]
        if not te:
            continue
        g = train(
            [xs[i] for i in tr] + extra_x, [ys[i] for i in tr] + extra_y, l2=l2, tensor_scale=tensor_scale
        )
        right += accuracy(g, [xs[i] for i in te], [ys[i] for i in te]) * len(te)
    report = GateTraining(
        items=len(refs),
        examples=len(xs),
        positives=sum(ys),
        cv_accuracy=round(right / len(xs), 4),
        keep_all_accuracy=round(sum(ys) / len(ys), 4),
        output=str(output),
        sources=[str(p) for p in label_files],
    )
    meta = {
        "trained_on": [Path(p).name for p in label_files],
        "examples": len(xs),
        "positives": sum(ys),
        "l2": l2,
        "cv_accuracy": report.cv_accuracy,
        "acled_notes": len(extra_x),
    }
    gate = train(
        xs + extra_x,
        ys + extra_y,
        l2=l2,
        meta=meta,
        tensor_scale=tensor_scale,
        min_type_examples=min_type_examples,
    )
    Path(output).write_text(gate.to_json(), encoding="utf-8")
    log.info("event gate: %d examples, cv accuracy %.3f -> %s", len(xs), report.cv_accuracy, output)
    return report
