"""Score figures, attribution and event dates on labelled sentences (``sitrep eval facts``).

The labels file holds references into a corpus, never text: one JSON object per line with ``article_id``,
``start``, ``end`` (character offsets of one sentence in the corpus ``text`` field as distributed),
``sha1`` (of that sentence, to tell apart records that share an id), ``split`` and the labels:

- ``figures``: every casualty or effect figure of the sentence, ``{"text", "value", "low", "high",
  "qualifier", "counts", "subset"}`` (``text`` is the expression as written, qualifier words included);
- ``claimed_by``: the party the sentence attributes its report to, normalised (or null);
- ``event_date`` / ``date_precision``: the date of the main event the sentence reports, resolved against
  the publication date, when the sentence itself gives a time expression (else null);
- ``has_event``: whether the sentence reports an event at all.

Each labelled article is run through the normal pipeline whole (context matters to dates and to "he
said"), and sitrep's figures, claimants and dates on that sentence are compared with the labels:

- figures: a gold figure is found when a sitrep figure overlaps its text; found figures are scored on
  value, low/high, qualifier and counts (and all four at once); sitrep figures that overlap no gold figure
  are false positives (precision);
- attribution: over the sentences where sitrep reports an event or a figure, the claimant sitrep gives
  (null or a party) against the label; names are compared after the attribution aliases of
  ``data/attribution.yml`` (so "the Observatory" and "Syrian Observatory for Human Rights" agree);
- dates: over the sentences labelled with a date on which sitrep reports an event, the event date (and its
  precision) against the label; and how often sitrep claims a date read from the text ("explicit",
  "weekday", "relative") for a sentence whose label has none.
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
from ..records import Article, EventMention, Figure

log = logging.getLogger(__name__)

SPLITS = ("dev", "test", "all")
#: date methods that say the date was read from the sentence's own words
TEXT_DATE_METHODS = frozenset(["explicit", "weekday", "relative"])


@dataclass(slots=True)
class FactsReport:
    """The figures of one ``sitrep eval facts`` run."""

    path: str
    split: str
    sentences: int = 0
    # figures
    gold_figures: int = 0
    figures_found: float = 0.0  # recall: gold figures overlapped by a sitrep figure
    figures_precision: float = 0.0  # sitrep figures on the sentences that overlap a gold figure
    value_accuracy: float = 0.0  # among found figures
    range_accuracy: float = 0.0  # low and high
    qualifier_accuracy: float = 0.0
    counts_accuracy: float = 0.0
    all_fields_accuracy: float = 0.0
    # attribution
    attribution_sentences: int = 0
    attribution_accuracy: float = 0.0
    attribution_precision: float = 0.0  # sitrep's non-null claimants that are right
    attribution_recall: float = 0.0  # gold claimants sitrep gives
    # dates
    dated_sentences: int = 0
    date_accuracy: float = 0.0
    date_precision_accuracy: float = 0.0
    undated_sentences: int = 0
    date_invented: float = 0.0  # share of undated-label sentences where sitrep reads a date from the text
    errors: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(asdict(self), indent=2)

    def to_text(self) -> str:
        """The report as a plain-text summary."""
        lines = [
            f"Facts evaluation of {self.path} (split: {self.split}, {self.sentences} sentences)",
            f"  figures: {self.gold_figures} labelled",
            f"    found (recall)           {self.figures_found:.3f}",
            f"    precision                {self.figures_precision:.3f}",
            f"    value right (of found)   {self.value_accuracy:.3f}",
            f"    low/high right           {self.range_accuracy:.3f}",
            f"    qualifier right          {self.qualifier_accuracy:.3f}",
            f"    counts right             {self.counts_accuracy:.3f}",
            f"    all four right           {self.all_fields_accuracy:.3f}",
            f"  attribution: {self.attribution_sentences} sentences with a sitrep event or figure",
            f"    claimed_by right         {self.attribution_accuracy:.3f}",
            f"    precision / recall       {self.attribution_precision:.3f} / {self.attribution_recall:.3f}",
            f"  dates: {self.dated_sentences} labelled dated sentences with a sitrep event",
            f"    event date right         {self.date_accuracy:.3f}",
            f"    time precision right     {self.date_precision_accuracy:.3f}",
            f"    undated sentences given a date read from text: {self.date_invented:.3f}"
            f" (of {self.undated_sentences})",
        ]
        for kind, items in self.errors.items():
            if items:
                lines.append(f"  {kind}: {len(items)} (e.g. {', '.join(items[:5])})")
        return "\n".join(lines)


def read_facts(path: str | Path, split: str = "test") -> list[dict]:
    """The labelled sentence references of ``split`` ("dev", "test" or "all")."""
    if split not in SPLITS:
        raise EvalError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    try:
        with open(path, encoding="utf-8") as fh:
            items = [json.loads(line) for line in fh if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read sentence labels {path}: {exc}") from exc
    need = {"article_id", "start", "end", "sha1", "figures", "claimed_by", "event_date", "split"}
    for item in items:
        missing = need - item.keys()
        if missing:
            raise EvalError(f"{path}: a label line lacks {sorted(missing)}")
    return [i for i in items if split == "all" or i["split"] == split]


def sentence_sha1(text: str) -> str:
    """The hash that ties a label to its sentence (the label file holds no text)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _articles(corpus_path: str | Path, items: list[dict], settings: Settings) -> tuple[list[Article], dict]:
    """The corpus articles the labels point into (the record whose sentence hash matches) and, per label,
    the index of its article."""
    from ..ingest.reader import _from_json_line

    wanted: dict[str, list[int]] = {}
    for k, item in enumerate(items):
        wanted.setdefault(item["article_id"], []).append(k)
    articles: list[Article] = []
    owner: dict[int, int] = {}
    try:
        with open(corpus_path, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                ks = [
                    k
                    for k in wanted.get(rec.get("id"), [])
                    if k not in owner
                    and sentence_sha1(rec["text"][items[k]["start"] : items[k]["end"]]) == items[k]["sha1"]
                ]
                if not ks:
                    continue
                article = _from_json_line(line, f"{corpus_path}:{n}", None, settings)
                article.id = f"{article.id}#{n}"  # records sharing an id stay apart
                for k in ks:
                    owner[k] = len(articles)
                articles.append(article)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read corpus {corpus_path}: {exc}") from exc
    if len(owner) < len(items):
        lost = [items[k]["article_id"] for k in range(len(items)) if k not in owner]
        raise EvalError(f"{len(lost)} labelled sentences are not in {corpus_path} (e.g. {lost[0]})")
    return articles, owner


def _raw(article: Article, start: int, end: int) -> tuple[int, int]:
    if article.offsets is None:
        return start, end
    return article.offsets.to_raw(start), article.offsets.to_raw(end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _party(name: str | None) -> str | None:
    """A claimant name as the attribution aliases normalise it (free names compared case-insensitively)."""
    from ..extract.attribution import normalise_party

    if not name:
        return None
    return (normalise_party(name) or name).strip().lower()


def evaluate_facts(
    path_labels: str | Path,
    corpus_path: str | Path,
    *,
    split: str = "test",
    settings: Settings | None = None,
    progress=None,
) -> FactsReport:
    """Run the pipeline over the labelled sentences' articles and score figures, claimants and dates."""
    from ..pipeline import process

    settings = settings or Settings()
    items = read_facts(path_labels, split)
    articles, owner = _articles(corpus_path, items, settings)
    figures: dict[str, list[tuple[tuple[int, int], Figure]]] = {}
    mentions: dict[str, list[tuple[tuple[int, int], EventMention]]] = {}
    for extraction in process(articles, settings=settings, progress=progress):
        art = extraction.article
        figures[art.id] = [(_raw(art, f.start, f.end), f) for f in extraction.figures]
        mentions[art.id] = [(_raw(art, m.sentence_start, m.sentence_end), m) for m in extraction.mentions]
    rep = FactsReport(path=str(path_labels), split=split, sentences=len(items))
    c: Counter[str] = Counter()
    errors: dict[str, list[str]] = {
        "figure_missed": [],
        "figure_wrong": [],
        "claim_wrong": [],
        "date_wrong": [],
    }
    for k, item in enumerate(items):
        art = articles[owner[k]]
        ref = f"{item['article_id']}:{item['start']}"
        span = (item["start"], item["end"])
        mine = [(s, f) for s, f in figures.get(art.id, []) if _overlap(s, span) > 0]
        sentence = art.raw_text[item["start"] : item["end"]] if art.raw_text else ""
        matched: set[int] = set()
        for g in item["figures"]:
            c["gold"] += 1
            at = sentence.find(g["text"])
            gspan = (item["start"] + at, item["start"] + at + len(g["text"])) if at >= 0 else span
            hit = next(
                ((i, f) for i, (s, f) in enumerate(mine) if i not in matched and _overlap(s, gspan) > 0), None
            )
            if hit is None:
                errors["figure_missed"].append(f"{ref}:{g['text']}")
                continue
            i, f = hit
            matched.add(i)
            c["found"] += 1
            value_ok = f.value == g["value"]
            range_ok = (f.low, f.high) == (g.get("low", g["value"]), g.get("high", g["value"]))
            qual_ok = f.qualifier == g["qualifier"]
            counts_ok = f.counts == g["counts"]
            c["value"] += value_ok
            c["range"] += range_ok
            c["qualifier"] += qual_ok
            c["counts"] += counts_ok
            c["all"] += value_ok and range_ok and qual_ok and counts_ok
            if not (value_ok and range_ok and qual_ok and counts_ok):
                errors["figure_wrong"].append(
                    f"{ref}:{g['text']}={g['value']}/{g['qualifier']}/{g['counts']}"
                    f" got {f.value}/{f.qualifier}/{f.counts}"
                )
        c["predicted"] += len(mine)
        c["predicted_right"] += len(matched)
        # the sentence's events: mentions whose sentence overlaps the labelled one most
        ms = sorted(
            ((_overlap(s, span), m) for s, m in mentions.get(art.id, []) if _overlap(s, span) > 0),
            key=lambda x: -x[0],
        )
        event = ms[0][1] if ms else None
        if event is not None or mine:
            c["att_sentences"] += 1
            if event is not None:
                got = event.claimed_by
            else:
                got = next((f.claimed_by for _, f in mine if f.claimed_by), None)
            gold = _party(item["claimed_by"])
            pred = _party(got)
            c["att_right"] += gold == pred
            c["att_pred"] += pred is not None
            c["att_pred_right"] += pred is not None and gold == pred
            c["att_gold"] += gold is not None
            c["att_gold_found"] += gold is not None and gold == pred
            if gold != pred:
                errors["claim_wrong"].append(f"{ref}: {item['claimed_by']!r} got {got!r}")
        if event is not None:
            if item.get("event_date"):
                c["dated"] += 1
                gold_date = date.fromisoformat(item["event_date"])
                right = event.date.date == gold_date
                c["date_right"] += right
                c["date_prec_right"] += right and event.date.precision == item.get("date_precision")
                if not right:
                    errors["date_wrong"].append(f"{ref}: {item['event_date']} got {event.date.date}")
            else:
                c["undated"] += 1
                c["invented"] += event.date.method in TEXT_DATE_METHODS
    rep.gold_figures = c["gold"]
    rep.figures_found = round(c["found"] / c["gold"], 4) if c["gold"] else 0.0
    rep.figures_precision = round(c["predicted_right"] / c["predicted"], 4) if c["predicted"] else 0.0
    for key, name in (
        ("value", "value_accuracy"),
        ("range", "range_accuracy"),
        ("qualifier", "qualifier_accuracy"),
        ("counts", "counts_accuracy"),
        ("all", "all_fields_accuracy"),
    ):
        setattr(rep, name, round(c[key] / c["found"], 4) if c["found"] else 0.0)
    rep.attribution_sentences = c["att_sentences"]
    rep.attribution_accuracy = round(c["att_right"] / c["att_sentences"], 4) if c["att_sentences"] else 0.0
    rep.attribution_precision = round(c["att_pred_right"] / c["att_pred"], 4) if c["att_pred"] else 0.0
    rep.attribution_recall = round(c["att_gold_found"] / c["att_gold"], 4) if c["att_gold"] else 0.0
    rep.dated_sentences = c["dated"]
    rep.date_accuracy = round(c["date_right"] / c["dated"], 4) if c["dated"] else 0.0
    rep.date_precision_accuracy = round(c["date_prec_right"] / c["dated"], 4) if c["dated"] else 0.0
    rep.undated_sentences = c["undated"]
    rep.date_invented = round(c["invented"] / c["undated"], 4) if c["undated"] else 0.0
    rep.errors = errors
    return rep
