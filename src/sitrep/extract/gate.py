"""The event gate: a small learnt model that decides whether a sentence the rules typed as an event
reports one.

The trigger rules of :mod:`sitrep.extract.events` find what kind of event a sentence speaks of; they are
poor at telling a sentence that *reports* an event ("warplanes struck the town on Monday, killing 12")
from one that only *speaks about* one (a denial, a judgement, an inquiry's finding, a general remark on
"groups fighting in Syria's war"). The gate is a logistic regression over features of the parse (where the
trigger sits, the governing verb's tense and lemma, modal and speech verbs, first-person voice, whether the
sentence gives a number, a place or a day), the sentence's lemmas and, when the gate file's
``tensor_scale`` is above 0, the mean of the spaCy model's ``doc.tensor`` over the trigger's neighbourhood
(:func:`tensor_features`: 96 numbers the pipeline computes anyway). It was trained by
``sitrep train gate`` on the labelled snippets of ``tests/data`` (our labels over FA-KES sentences; see
``tests/data/README.md``); the weights are a data file, ``data/event_gate.json``.

The gate's figures on the development snippets are in-sample; ``bench/gate_cv.py`` gives honest ones, each
fold's snippets run through the pipeline with a gate trained without them (2026-12-02, 3 fold cuts: weighted
F1 0.861 with the tensor features against 0.849 without, the gate decision 0.862 / 0.858 cross-validated
accuracy). The tensor features are tied to the model's weights: retrain the gate when the model changes.

The gate only removes candidates; it never adds an event or changes a type. ``Settings.event_gate = False``
(``SITREP_EVENT_GATE=0``) turns it off, which is how ``sitrep eval`` measures rules against rules + gate.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Span

from .events import EventCandidate

log = logging.getLogger(__name__)

__all__ = ["Gate", "features", "load_gate", "train", "GATE_FILE"]

GATE_FILE = "event_gate.json"


@functools.cache
def _words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/gate.yml``."""
    import yaml

    raw = yaml.safe_load((resources.files("sitrep") / "data" / "gate.yml").read_text(encoding="utf-8"))
    return {k: frozenset(str(w).lower() for w in v) for k, v in raw.items()}


_PLACE_ENTS = frozenset(["GPE", "LOC", "FAC"])


def _governing(tok):  # noqa: ANN001, ANN202 - spaCy tokens
    """The verb a trigger belongs to: itself if a verb, else the nearest verb above it."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


#: tokens on each side of the trigger whose tensor rows make the trigger's neighbourhood vector
NEIGHBOURHOOD = 3


def tensor_features(sent: Span, cand: EventCandidate, scale: float) -> dict[str, float]:
    """Dense features from the spaCy model's shared token-to-vector output (``doc.tensor``, one row per
    token): its mean over the trigger's neighbourhood (``NEIGHBOURHOOD`` tokens on each side, within the
    sentence), scaled to length ``scale``, as ``tn0``, ``tn1``, ... The pipeline computes the tensor
    anyway, so they cost nothing at run time; they let the gate see the context of the trigger beyond the
    lemmas it was trained on. (The mean over the whole sentence, added as well, made the gate worse:
    dev weighted F1 cross-validated by ``bench/gate_cv.py`` 0.845 against 0.860 with the neighbourhood
    alone, 0.844 with no tensor features.) Empty when the doc has no tensor."""
    import numpy as np

    doc = sent.doc
    t = doc.tensor
    if scale <= 0 or t is None or getattr(t, "ndim", 0) != 2 or t.shape[0] != len(doc) or not t.shape[1]:
        return {}
    i = cand.token if sent.start <= cand.token < sent.end else sent.root.i
    rows = t[max(sent.start, i - NEIGHBOURHOOD) : min(sent.end, i + NEIGHBOURHOOD + 1)]
    v = np.asarray(rows, dtype=float).mean(axis=0)
    norm = float(np.linalg.norm(v))
    if norm > 0:
        v = v * (scale / norm)
    return {f"tn{j}": float(x) for j, x in enumerate(v)}


def features(sent: Span, cand: EventCandidate, *, tensor_scale: float = 0.0) -> dict[str, float]:
    """The gate's features of candidate ``cand`` in sentence ``sent`` (name -> value); with
    ``tensor_scale > 0`` also the dense :func:`tensor_features`."""
    words = _words()
    speech, first_person, days = words["speech_verbs"], words["first_person"], words["day_words"]
    doc = sent.doc
    tok = doc[cand.token] if 0 <= cand.token < len(doc) else sent.root
    gov = _governing(tok)
    root = sent.root
    f: dict[str, float] = {
        f"type={cand.event_type}": 1.0,
        f"trig_dep={tok.dep_}": 1.0,
        f"gov={gov.lemma_.lower()}": 1.0,
        f"gov_tag={gov.tag_}": 1.0,
        f"root={root.lemma_.lower()}": 1.0,
        f"root_tag={root.tag_}": 1.0,
    }
    if tok.i == root.i or gov.i == root.i:
        f["trigger_in_main_clause"] = 1.0
    if root.lemma_.lower() in speech and gov.i != root.i:
        f["reported_under_speech_verb"] = 1.0
    for flag in (
        "present_tense",
        "present_perfect",
        "independent",
        "in_relative_clause",
        "civilian_targeting",
    ):
        if getattr(cand, flag):
            f[flag] = 1.0
    if cand.actor1 is not None:
        f["has_actor1"] = 1.0
    if cand.actor2 is not None:
        f["has_actor2"] = 1.0
    lemmas = set()
    for t in sent:
        low = t.lower_
        if t.like_num or any(c.isdigit() for c in low):
            f["has_number"] = 1.0
        if low in days:
            f["has_day"] = 1.0
        if low in first_person:
            f["first_person"] = 1.0
        if t.tag_ == "MD":
            f["modal"] = 1.0
        if t.dep_ == "neg":
            f["negation"] = 1.0
        if t.ent_type_ in _PLACE_ENTS:
            f["has_place"] = 1.0
        if t.is_alpha and not t.is_stop and len(low) > 2:
            lemmas.add(t.lemma_.lower())
        if low in speech or t.lemma_.lower() in speech:
            f["speech_verb"] = 1.0
    if "?" in sent.text:
        f["question"] = 1.0
    if any(q in sent.text for q in ('"', "\u201c", "\u201d")):
        f["quote"] = 1.0
    f[f"len={min(len(sent) // 10, 5)}"] = 1.0
    for lemma in lemmas:
        f[f"w={lemma}"] = 1.0
    if tensor_scale > 0:
        f.update(tensor_features(sent, cand, tensor_scale))
    return f


@dataclass(slots=True)
class Gate:
    """A logistic regression over :func:`features`: ``p(reports an event)``."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    meta: dict | None = None
    #: length of the dense tensor feature vectors (0: the gate reads no tensor features)
    tensor_scale: float = 0.0
    #: training examples of each event type (None: not recorded, every candidate is judged)
    type_examples: dict[str, int] | None = None
    #: the gate judges only candidates of an event type it was trained on this many examples of
    min_type_examples: int = 0

    def judges(self, cand: EventCandidate) -> bool:
        """Whether the gate has seen enough training examples of the candidate's event type to judge it.
        Trained on one war's news, it has seen hardly a protest or a riot: there its weights only say
        what sentences without a toll, a day or a place look like in war reports, and a protest snippet
        ("Police used tear gas to disperse a protest by students") is no such sentence."""
        if self.type_examples is None or self.min_type_examples <= 0:
            return True
        return self.type_examples.get(cand.event_type, 0) >= self.min_type_examples

    def probability(self, sent: Span, cand: EventCandidate) -> float:
        """The model's probability that ``sent`` reports the event ``cand``."""
        f = features(sent, cand, tensor_scale=self.tensor_scale)
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, sent: Span, cand: EventCandidate) -> bool:
        """Whether the candidate passes the gate (always, for a type the gate does not judge)."""
        return not self.judges(cand) or self.probability(sent, cand) >= self.threshold

    def to_json(self) -> str:
        """The model as JSON (weights sorted, rounded: a stable, diffable data file)."""
        payload = {
            "model": "logistic regression over sitrep.extract.gate.features",
            "threshold": self.threshold,
            "tensor_scale": self.tensor_scale,
            "min_type_examples": self.min_type_examples,
            "type_examples": self.type_examples,
            "bias": round(self.bias, 6),
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-6},
            "meta": self.meta or {},
        }
        return json.dumps(payload, indent=1, sort_keys=False) + "\n"


def read_gate(path: str | Path) -> Gate:
    """A gate from a JSON file written by :meth:`Gate.to_json`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Gate(
        weights=dict(data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data.get("threshold", 0.5)),
        meta=data.get("meta"),
        tensor_scale=float(data.get("tensor_scale", 0.0)),
        type_examples=data.get("type_examples"),
        min_type_examples=int(data.get("min_type_examples", 0)),
    )


@functools.cache
def load_gate() -> Gate | None:
    """The packaged gate (``data/event_gate.json``), or None when the file is absent (no gating)."""
    ref = resources.files("sitrep") / "data" / GATE_FILE
    if not ref.is_file():
        log.warning("no %s in the package: the event gate is off", GATE_FILE)
        return None
    with resources.as_file(ref) as path:
        return read_gate(path)


def train(
    examples: Sequence[dict[str, float]],
    labels: Sequence[int],
    *,
    l2: float = 1.0,
    min_count: int = 2,
    iterations: int = 400,
    threshold: float = 0.5,
    meta: dict | None = None,
    tensor_scale: float = 0.0,
    min_type_examples: int = 0,
) -> Gate:
    """Fit the gate on feature dicts and 0/1 labels (1 = the sentence reports an event).

    Plain full-batch gradient descent on the L2-regularised log loss: deterministic, no extra dependency.
    Features seen in fewer than ``min_count`` examples are dropped (they would only memorise sentences).
    ``tensor_scale`` is recorded in the gate: the scale the examples' tensor features were computed with.
    The examples of each event type (their ``type=`` feature) are counted: the gate judges only the types
    it saw ``min_type_examples`` examples of (see :meth:`Gate.judges`).
    """
    import numpy as np

    type_examples: dict[str, int] = {}
    for ex in examples:
        for k in ex:
            if k.startswith("type="):
                type_examples[k[5:]] = type_examples.get(k[5:], 0) + 1

    counts: dict[str, int] = {}
    for ex in examples:
        for k in ex:
            counts[k] = counts.get(k, 0) + 1
    vocab = sorted(k for k, n in counts.items() if n >= min_count)
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(examples), len(vocab)))
    for r, ex in enumerate(examples):
        for k, v in ex.items():
            if k in index:
                x[r, index[k]] = v
    y = np.asarray(labels, dtype=float)
    w = np.zeros(len(vocab))
    b = 0.0
    n = max(1, len(y))
    rate = 0.5
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = p - y
        w -= rate * (x.T @ g / n + l2 * w / n)
        b -= rate * g.mean()
    return Gate(
        weights=dict(zip(vocab, w.tolist(), strict=True)),
        bias=float(b),
        threshold=threshold,
        meta=meta,
        tensor_scale=tensor_scale,
        type_examples=dict(sorted(type_examples.items())),
        min_type_examples=min_type_examples,
    )


def accuracy(gate: Gate, examples: Iterable[dict[str, float]], labels: Iterable[int]) -> float:
    """Share of examples the gate gets right (for cross-validation)."""
    right = total = 0
    for ex, y in zip(examples, labels, strict=True):
        z = gate.bias + sum(gate.weights.get(k, 0.0) * v for k, v in ex.items())
        right += int((z >= math.log(gate.threshold / (1 - gate.threshold))) == bool(y))
        total += 1
    return right / total if total else 0.0
