"""Score event classification on labelled news snippets (``sitrep eval events``).

The labels file holds references into a corpus, never text: one JSON object per line with
``article_id``, ``start``, ``end`` (character offsets into the corpus ``text`` field as distributed),
``label`` (an ACLED sub-event type, or ``"none"`` when the snippet reports no political-violence or
demonstration event) and ``split`` (``"dev"`` for tuning, ``"test"`` held out). See ``tests/data/README.md``.
A line may instead carry its own ``text`` (and an optional ISO ``published`` date): a user's own
labelled snippets need no corpus.

Each snippet is run through the normal pipeline as an article of its own (cleaned as ingest would,
published on the corpus article's date); the prediction is the sub-type of the first event mention
sitrep extracts, ``"none"`` when it extracts none. Following CASE 2021 task 2 practice the headline
figure is the F1 of each gold sub-type weighted by its support; "none" is reported separately and kept
out of that average (a system that said "none" everywhere would otherwise score well).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from ..records import Article

log = logging.getLogger(__name__)

NONE = "none"
SPLITS = ("dev", "test", "all")


@dataclass(slots=True)
class ClassScores:
    """Precision, recall, F1 and gold support of one label."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(slots=True)
class SnippetReport:
    """The figures of one ``sitrep eval events`` run."""

    path: str
    split: str
    snippets: int = 0
    #: F1 over the gold sub-types (not "none"), each weighted by its gold support.
    weighted_f1: float = 0.0
    #: unweighted mean F1 over the gold sub-types (not "none").
    macro_f1: float = 0.0
    #: share of snippets whose label (sub-type or "none") was predicted exactly.
    accuracy: float = 0.0
    #: F1 of the "none" class (no event reported).
    none_f1: float = 0.0
    per_class: dict[str, ClassScores] = field(default_factory=dict)
    #: most common errors, "gold -> predicted": count.
    confusion: dict[str, int] = field(default_factory=dict)
    #: every wrong snippet: its id (``id`` of the line, else article id and offsets), gold, predicted.
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(asdict(self), indent=2)

    def to_text(self, errors: bool = False) -> str:
        """The report as a plain-text table; ``errors`` lists every wrong snippet after it."""
        lines = [
            f"Event snippet evaluation of {self.path} (split: {self.split}, {self.snippets} snippets)",
            f"  weighted_f1 (sub-types)  {self.weighted_f1:.3f}",
            f"  macro_f1 (sub-types)     {self.macro_f1:.3f}",
            f"  accuracy (incl. none)    {self.accuracy:.3f}",
            f"  none_f1                  {self.none_f1:.3f}",
            "  per class:                         P      R     F1  support",
        ]
        for label, s in sorted(self.per_class.items(), key=lambda kv: (-kv[1].support, kv[0])):
            lines.append(
                f"    {label[:32]:<32} {s.precision:5.2f}  {s.recall:5.2f}  {s.f1:5.2f}  {s.support:5d}"
            )
        lines.append("  most common confusions (gold -> sitrep):")
        for pair, n in self.confusion.items():
            lines.append(f"    {n:5d}  {pair}")
        if errors:
            lines.append(f"  wrong snippets ({len(self.errors)}):")
            for e in self.errors:
                lines.append(f"    {e['id']}  {e['gold']} -> {e['predicted']}")
        return "\n".join(lines)


def read_label_lines(path: str | Path, split: str, need: set[str], what: str) -> list[dict]:
    """The JSON-lines label references of ``split`` ("dev", "test" or "all") whose every line has the keys
    ``need`` (an item without a ``split`` is a ``dev`` item); ``what`` names the file in errors."""
    if split not in SPLITS:
        raise EvalError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    try:
        with open(path, encoding="utf-8") as fh:
            items = [json.loads(line) for line in fh if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read {what} {path}: {exc}") from exc
    for item in items:
        missing = need - item.keys()
        if missing:
            raise EvalError(f"{path}: a label line lacks {sorted(missing)}")
    return [i for i in items if split == "all" or i.get("split", "dev") == split]


REFERENCE_KEYS = frozenset({"article_id", "start", "end"})


def read_labels(path: str | Path, split: str = "all") -> list[dict]:
    """The labelled snippets of ``split`` ("dev", "test" or "all"): references into a corpus, or lines
    that carry their own ``text``."""
    items = read_label_lines(path, split, {"label"}, "snippet labels")
    for item in items:
        if "text" not in item and not item.keys() >= REFERENCE_KEYS:
            missing = sorted(REFERENCE_KEYS - item.keys())
            raise EvalError(f"{path}: a label line has no text and lacks {missing}")
    return items


def _item_id(item: dict) -> str:
    if "id" in item:
        return str(item["id"])
    if "text" in item:
        return "(inline)"
    return f"{item['article_id']}[{item['start']}:{item['end']}]"


def read_corpus(path: str | Path, ids: set[str]) -> dict[str, dict]:
    """The corpus records (JSON lines with ``id``, ``text``, ``published``) whose id is in ``ids``."""
    out: dict[str, dict] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("id") in ids:
                    out[rec["id"]] = rec
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read corpus {path}: {exc}") from exc
    return out


def _article(n: int, item: dict, rec: dict | None = None) -> Article:
    """The snippet as an article: the corpus record's slice, or the line's own text (``rec`` None)."""
    from ..clean import clean_text

    if rec is None:
        rec = {"id": item.get("id"), "published": item.get("published", "")}
        raw = str(item["text"])
    else:
        raw = rec["text"][item["start"] : item["end"]]
    text, offsets = clean_text(raw)
    published = None
    try:
        published = date.fromisoformat(str(rec.get("published", ""))[:10])
    except ValueError:
        log.debug("no publication date for %s", rec.get("id"))
    return Article(
        id=f"snippet-{n}",
        text=text,
        published=published,
        published_source="metadata" if published else None,
        language="en",
        raw_text=raw,
        offsets=offsets,
        content_hash=hashlib.sha256(raw.encode()).hexdigest(),
        outlet=rec.get("outlet"),
        status="ok" if text.strip() else "empty",
    )


def snippet_articles(items: list[dict], corpus_path: str | Path | None) -> list[Article]:
    """One article per labelled snippet, in order; the corpus is read only for reference lines."""
    refs = {i["article_id"] for i in items if "text" not in i}
    corpus: dict[str, dict] = {}
    if refs:
        if corpus_path is None:
            raise EvalError("the labels point into a corpus: give its path")
        corpus = read_corpus(corpus_path, refs)
        missing = refs - corpus.keys()
        if missing:
            raise EvalError(
                f"{len(missing)} labelled articles are not in {corpus_path} (e.g. {min(missing)})"
            )
    return [
        _article(n, item, None if "text" in item else corpus[item["article_id"]])
        for n, item in enumerate(items)
    ]


def score(gold: list[str], pred: list[str]) -> tuple[dict[str, ClassScores], float, float, float, float]:
    """Per-class scores, weighted F1 and macro F1 over the gold sub-types (not "none"), accuracy and
    the F1 of "none"."""
    per: dict[str, ClassScores] = {}
    support = Counter(gold)
    predicted = Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    for label in sorted(set(gold) | set(pred)):
        p = hits[label] / predicted[label] if predicted[label] else 0.0
        r = hits[label] / support[label] if support[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[label] = ClassScores(round(p, 4), round(r, 4), round(f, 4), support[label])
    subs = [lab for lab in support if lab != NONE]
    total = sum(support[lab] for lab in subs)
    weighted = sum(per[lab].f1 * support[lab] for lab in subs) / total if total else 0.0
    macro = sum(per[lab].f1 for lab in subs) / len(subs) if subs else 0.0
    accuracy = sum(hits.values()) / len(gold) if gold else 0.0
    none_f1 = per[NONE].f1 if NONE in per else 0.0
    return per, weighted, macro, accuracy, none_f1


def evaluate_snippets(
    path_labels: str | Path,
    corpus_path: str | Path,
    *,
    split: str = "test",
    settings: Settings | None = None,
    progress=None,
) -> SnippetReport:
    """Run the pipeline over each labelled snippet of ``split`` and score the predicted sub-types."""
    from ..pipeline import process  # the pipeline imports every stage; keep `sitrep.eval` light to import

    items = read_labels(path_labels, split)
    articles = snippet_articles(items, corpus_path)
    predicted: dict[str, str] = {}
    for extraction in process(articles, settings=settings or Settings(), progress=progress):
        mentions = sorted(extraction.mentions, key=lambda m: (m.sentence_start, m.mention_id))
        predicted[extraction.article.id] = mentions[0].sub_event_type if mentions else NONE
    gold = [i["label"] for i in items]
    pred = [predicted.get(a.id, NONE) for a in articles]
    per, weighted, macro, accuracy, none_f1 = score(gold, pred)
    confusion = Counter(f"{g} -> {p}" for g, p in zip(gold, pred, strict=True) if g != p)
    errors = [
        {"id": _item_id(i), "gold": g, "predicted": p}
        for i, g, p in zip(items, gold, pred, strict=True)
        if g != p
    ]
    return SnippetReport(
        path=str(path_labels),
        split=split,
        snippets=len(items),
        weighted_f1=round(weighted, 4),
        macro_f1=round(macro, 4),
        accuracy=round(accuracy, 4),
        none_f1=round(none_f1, 4),
        per_class=per,
        confusion=dict(confusion.most_common(10)),
        errors=errors,
    )
