"""Score cross-article event fusion on labelled pairs of sentences (``sitrep eval fusion``).

The labels file holds references into a corpus, never text: one JSON object per line,
``{"pair_id", "a": {"article_id", "start", "end"}, "b": {...}, "label": "same" | "different", "split"}``,
where ``start``/``end`` are character offsets of a sentence in the corpus ``text`` field as distributed.
See ``tests/data/README.md`` for how the pairs were drawn and labelled.

Every article a pair refers to is run through the normal pipeline and all their mentions are fused
together, as ``sitrep extract`` would fuse them. Each side of a pair is the mention whose sentence (its
own or one folded into it, ``EventMention.retold``) overlaps the referenced span most (a reference mention, see ``ArticleExtraction.references``, counts
only when fusion attached it to an event); the pair is predicted "same" when both sides are found and end
in one event. Pairwise precision and recall are over the labelled pairs (a side sitrep read no event from
counts as "not merged").
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from ..records import Article, EventMention

log = logging.getLogger(__name__)

SAME, DIFFERENT = "same", "different"


@dataclass(slots=True)
class FusionReport:
    """The figures of one ``sitrep eval fusion`` run."""

    path: str
    split: str
    pairs: int = 0
    gold_same: int = 0
    predicted_same: int = 0
    true_positives: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    #: pairs of which a side had no event mention in sitrep's output
    side_not_found: int = 0
    articles: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def to_text(self) -> str:
        lines = [f"fusion evaluation of {self.path} (split: {self.split}, {self.pairs} pairs)"]
        for key in ("gold_same", "predicted_same", "true_positives", "side_not_found", "articles"):
            lines.append(f"  {key:<20} {getattr(self, key)}")
        for key in ("precision", "recall", "f1"):
            lines.append(f"  {key:<20} {getattr(self, key):.3f}")
        for kind, ids in self.errors.items():
            lines.append(f"  {kind}: {', '.join(ids[:20])}{' ...' if len(ids) > 20 else ''}")
        return "\n".join(lines)


def read_pairs(path: str | Path, split: str = "test") -> list[dict]:
    """The labelled pairs of ``split`` ("dev", "test" or "all")."""
    try:
        with open(path, encoding="utf-8") as fh:
            items = [json.loads(line) for line in fh if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read fusion pairs {path}: {exc}") from exc
    bad = [i.get("pair_id") for i in items if i.get("label") not in (SAME, DIFFERENT)]
    if bad:
        raise EvalError(f"{len(bad)} pairs in {path} have no same/different label (e.g. {bad[0]})")
    return [i for i in items if split == "all" or i.get("split") == split]


def _articles(corpus_path: str | Path, ids: set[str], settings: Settings) -> list[Article]:
    from ..ingest.reader import _from_json_line

    out: list[Article] = []
    try:
        with open(corpus_path, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                if json.loads(line).get("id") in ids:
                    out.append(_from_json_line(line, f"{corpus_path}:{n}", None, settings))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read corpus {corpus_path}: {exc}") from exc
    missing = ids - {a.id for a in out}
    if missing:
        raise EvalError(f"{len(missing)} labelled articles are not in {corpus_path} (e.g. {min(missing)})")
    return out


def _side(ref: dict, mentions: dict[str, list[tuple[int, int, EventMention]]]) -> EventMention | None:
    """The mention of the article whose sentence (raw offsets) overlaps the referenced span most."""
    best, best_overlap = None, 0
    for start, end, m in mentions.get(ref["article_id"], []):
        overlap = min(end, ref["end"]) - max(start, ref["start"])
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def mention_spans(
    articles: list, settings: Settings, progress=None
) -> tuple[list[EventMention], dict[str, list[tuple[int, int, EventMention]]]]:
    """Run the pipeline over ``articles``: every mention (references included), and per article id the
    (start, end, mention) of each mention's sentences (its own and those folded into it, ``retold``) in
    raw-text offsets (what the labelled pairs cite)."""
    from ..pipeline import process

    spans: dict[str, list[tuple[int, int, EventMention]]] = {}
    mentions: list[EventMention] = []
    for extraction in process(articles, settings=settings, progress=progress):
        art = extraction.article
        for m in extraction.mentions + extraction.references:
            mentions.append(m)
            # the mention's own sentence and those folded into it (retellings, later tolls)
            for start, end in [(m.sentence_start, m.sentence_end), *m.retold]:
                if art.offsets is not None:
                    start, end = art.offsets.to_raw(start), art.offsets.to_raw(end)
                spans.setdefault(art.id, []).append((start, end, m))
    return mentions, spans


def evaluate_fusion(
    path_pairs: str | Path,
    corpus_path: str | Path,
    *,
    split: str = "test",
    settings: Settings | None = None,
    progress=None,
) -> FusionReport:
    """Run the pipeline over the articles of the labelled pairs, fuse, and score pairwise decisions."""
    from ..fuse import fuse

    settings = settings or Settings()
    pairs = read_pairs(path_pairs, split)
    ids = {p[s]["article_id"] for p in pairs for s in ("a", "b")}
    articles = _articles(corpus_path, ids, settings)
    mentions, spans = mention_spans(articles, settings, progress)
    event_of = {m.mention_id: e.event_id for e in fuse(mentions) for m in e.mentions}
    rep = FusionReport(path=str(path_pairs), split=split, pairs=len(pairs), articles=len(articles))
    errors: dict[str, list[str]] = {"false_merge": [], "missed_merge": []}
    counts = Counter()
    for p in pairs:
        a, b = _side(p["a"], spans), _side(p["b"], spans)
        if a is None or b is None:
            counts["side_not_found"] += 1
        predicted = (
            a is not None and b is not None and event_of.get(a.mention_id, a) == event_of.get(b.mention_id, b)
        )
        gold = p["label"] == SAME
        counts["gold_same"] += gold
        counts["predicted_same"] += predicted
        counts["tp"] += gold and predicted
        if predicted and not gold:
            errors["false_merge"].append(p["pair_id"])
        elif gold and not predicted:
            errors["missed_merge"].append(p["pair_id"])
    rep.gold_same, rep.predicted_same, rep.true_positives = (
        counts["gold_same"],
        counts["predicted_same"],
        counts["tp"],
    )
    rep.side_not_found = counts["side_not_found"]
    rep.precision = round(rep.true_positives / rep.predicted_same, 4) if rep.predicted_same else 0.0
    rep.recall = round(rep.true_positives / rep.gold_same, 4) if rep.gold_same else 0.0
    total = rep.precision + rep.recall
    rep.f1 = round(2 * rep.precision * rep.recall / total, 4) if total else 0.0
    rep.errors = errors
    return rep
