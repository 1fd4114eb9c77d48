"""Score figures, attribution and event dates on labelled sentences (``sitrep eval facts``).

The labels file (``tests/data/facts.jsonl``, see ``tests/data/README.md``) holds references into a corpus,
never text: one JSON object per line with ``article_id``, ``start``, ``end`` (character offsets of one
sentence in the corpus ``text`` field as distributed), ``sha1`` (of that sentence, to tell apart corpus
records that share an id), ``split`` (``dev`` for tuning, ``test`` held out) and the labels:

- ``figures``: every casualty or effect figure of the sentence, ``{"value", "low", "high", "qualifier",
  "counts", "subject"}`` (``subject`` the head noun of whom the figure counts, or null when generic);
- ``claimed_by``: the party the article attributes the sentence's report to, one canonical name, or null;
  ``claim_unsure: true`` keeps the item out of attribution scoring;
- ``event_date`` / ``date_precision``: the date of the event the sentence reports, resolved against the
  corpus publication date, when the sentence itself dates it (else null); ``date_unsure: true`` keeps the
  item out of date scoring.

Each labelled article is run whole through the normal pipeline (context matters to "it said" and to
dates) and sitrep's output on the labelled sentence is compared with the labels:

- figures: sitrep's figures whose span lies in the sentence against the gold figures; a figure matches when
  value, qualifier and counts are equal (one-to-one); precision, recall and F1 over all sentences. The
  subject of matched figures is right when the gold head noun is a word of sitrep's subject (or both are
  null), reported separately;
- attribution: sitrep's claimant of the sentence is the claimant of its figures, else of the event mention
  read from it, else none. Names are compared after ``normalise_party`` (the aliases of
  ``data/attribution.yml``), case-insensitively. Accuracy over all sentences (none = none counts as
  right), and precision / recall of "attributed or not";
- dates: over the sentences labelled with a date, the date of the event mention sitrep reads from the
  sentence, or of the mention it folded the sentence into (``retold``: a follow-up toll, a retelling),
  exact match, and exact match with the precision; over the sentences labelled undated on which
  sitrep reports an event, how often sitrep claims a date read from the text ("explicit", "weekday",
  "relative": the dateline, a caption or a background year taken for the event date).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from ..records import Article, EventMention, Figure
from .events import read_label_lines

log = logging.getLogger(__name__)

#: date methods that say the date was read from the sentence's own words
TEXT_DATE_METHODS = frozenset(["explicit", "weekday", "relative"])
#: how many examples of each error kind the report keeps
_EXAMPLES = 200


@dataclass(slots=True)
class FactsReport:
    """The figures of one ``sitrep eval facts`` run."""

    path: str
    split: str
    sentences: int = 0
    # figures
    gold_figures: int = 0
    predicted_figures: int = 0
    figure_precision: float = 0.0
    figure_recall: float = 0.0
    figure_f1: float = 0.0
    #: of the matched figures, share whose subject agrees
    subject_accuracy: float = 0.0
    # attribution
    attribution_sentences: int = 0
    attribution_accuracy: float = 0.0
    #: of the sentences sitrep attributes, share the labels attribute too ("attributed or not")
    attributed_precision: float = 0.0
    #: of the sentences the labels attribute, share sitrep attributes
    attributed_recall: float = 0.0
    #: of the sentences both attribute, share naming the same party
    party_accuracy: float = 0.0
    # dates
    dated_sentences: int = 0
    #: labelled dated sentences on which sitrep reports an event
    dated_with_event: int = 0
    date_accuracy: float = 0.0  # exact date, over dated_with_event
    date_precision_accuracy: float = 0.0  # exact date and precision, over dated_with_event
    undated_with_event: int = 0
    #: share of undated-label sentences with a sitrep event whose date sitrep read from the text
    date_invented: float = 0.0
    errors: dict[str, list[str]] = field(default_factory=dict)
    error_counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(asdict(self), indent=2)

    def to_text(self) -> str:
        """The report as a plain-text summary."""
        lines = [
            f"Facts evaluation of {self.path} (split: {self.split}, {self.sentences} sentences)",
            f"  figures: {self.gold_figures} labelled, {self.predicted_figures} found by sitrep"
            " (match = value, qualifier and counts)",
            f"    precision / recall / F1   {self.figure_precision:.3f} / {self.figure_recall:.3f}"
            f" / {self.figure_f1:.3f}",
            f"    subject right (matched)   {self.subject_accuracy:.3f}",
            f"  attribution: {self.attribution_sentences} sentences",
            f"    claimed_by right          {self.attribution_accuracy:.3f}",
            f"    attributed P / R          {self.attributed_precision:.3f} / {self.attributed_recall:.3f}",
            f"    same party (both attrib.) {self.party_accuracy:.3f}",
            f"  dates: {self.dated_sentences} labelled dated sentences, {self.dated_with_event} with a sitrep event",
            f"    event date right          {self.date_accuracy:.3f}",
            f"    date and precision right  {self.date_precision_accuracy:.3f}",
            f"    undated sentences given a date read from the text: {self.date_invented:.3f}"
            f" (of {self.undated_with_event})",
        ]
        for kind, items in self.errors.items():
            n = self.error_counts.get(kind, len(items))
            if n:
                lines.append(f"  {kind}: {n}")
                lines.extend(f"    {e}" for e in items[:8])
        return "\n".join(lines)


def read_facts(path: str | Path, split: str = "test") -> list[dict]:
    """The labelled sentence references of ``split`` ("dev", "test" or "all")."""
    need = {"article_id", "start", "end", "sha1", "figures", "claimed_by", "event_date", "split"}
    return read_label_lines(path, split, need, "sentence labels")


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
    return article.offsets.to_raw(start), article.offsets.to_raw(end)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _party(name: str | None) -> str | None:
    """A claimant name as the attribution aliases normalise it (free names compared case-insensitively)."""
    from ..extract.attribution import normalise_party

    if not name:
        return None
    return (normalise_party(name) or name).strip().lower()


_NAME_FILLERS = frozenset(["the", "of", "in", "a", "an", "al", "for", "and", "s"])


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", name.lower()) if w and w not in _NAME_FILLERS}


def same_party(gold: str | None, predicted: str | None) -> bool:
    """Whether sitrep's claimant names the labelled party: equal after the attribution aliases, or -- for
    parties no alias knows -- every word of the label is in sitrep's phrase ("civil administration of
    Idlib" names "Idlib civil administration"), or sitrep's phrase of two or more words is part of the
    label ("documentation office" of "Douma documentation office")."""
    g, p = _party(gold), _party(predicted)
    if g is None or p is None:
        return g is None and p is None
    if g == p:
        return True
    gw, pw = _name_words(g), _name_words(p)
    return bool(gw) and (gw <= pw or (len(pw) >= 2 and pw <= gw))


def _stem(word: str) -> str:
    word = word.lower().strip(".,'\"’")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def subject_agrees(gold: str | None, predicted: str | None) -> bool:
    """Whether sitrep's subject phrase names the labelled head noun ("children" in "three children"), or
    both are none; plural and singular forms agree."""
    if not gold or not predicted:
        return not gold and not predicted
    return _stem(gold.split()[-1]) in {_stem(w) for w in predicted.replace("-", " ").split()}


def _key(f: dict | Figure) -> tuple:
    if isinstance(f, dict):
        return (f["value"], f["qualifier"], f["counts"])
    return (f.value, f.qualifier, f.counts)


def _describe(f: dict | Figure) -> str:
    if isinstance(f, dict):
        return f"{f['value']}/{f['qualifier']}/{f['counts']}/{f.get('subject')}"
    return f"{f.value}/{f.qualifier}/{f.counts}/{f.subject}"


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate_facts(
    path_labels: str | Path,
    corpus_path: str | Path,
    *,
    split: str = "test",
    settings: Settings | None = None,
    progress=None,
) -> FactsReport:
    """Run the pipeline over the labelled sentences' articles and score figures, claimants and dates."""
    from ..pipeline import process  # the pipeline imports every stage; keep `sitrep.eval` light to import

    settings = settings or Settings()
    items = read_facts(path_labels, split)
    articles, owner = _articles(corpus_path, items, settings)
    figures: dict[str, list[tuple[tuple[int, int], Figure]]] = {}
    mentions: dict[str, list[tuple[tuple[int, int], EventMention]]] = {}
    # the sentences folded into a mention (a retelling, a later toll): their event is that mention's
    retold: dict[str, list[tuple[tuple[int, int], EventMention]]] = {}
    for extraction in process(articles, settings=settings, progress=progress):
        art = extraction.article
        figures[art.id] = [(_raw(art, f.start, f.end), f) for f in extraction.figures]
        mentions[art.id] = [(_raw(art, m.sentence_start, m.sentence_end), m) for m in extraction.mentions]
        retold[art.id] = [(_raw(art, s, e), m) for m in extraction.mentions for s, e in m.retold]
    rep = FactsReport(path=str(path_labels), split=split, sentences=len(items))
    c: Counter[str] = Counter()
    errors: dict[str, list[str]] = {
        "figure_missed": [],
        "figure_spurious": [],
        "subject_wrong": [],
        "claim_wrong": [],
        "date_wrong": [],
        "date_invented": [],
        "dated_no_event": [],
    }
    for k, item in enumerate(items):
        art = articles[owner[k]]
        ref = f"{item['article_id']}:{item['start']}"
        span = (item["start"], item["end"])
        mine = [f for s, f in figures.get(art.id, []) if s[0] >= span[0] and s[1] <= span[1]]
        sentence = (art.raw_text or "")[span[0] : span[1]]
        gold = list(item["figures"])
        # one-to-one matching on (value, qualifier, counts)
        left = list(mine)
        pairs: list[tuple[dict, Figure]] = []
        missed: list[dict] = []
        for g in gold:
            hit = next((f for f in left if _key(f) == _key(g)), None)
            if hit is None:
                missed.append(g)
            else:
                left.remove(hit)
                pairs.append((g, hit))
        c["gold"] += len(gold)
        c["pred"] += len(mine)
        c["match"] += len(pairs)
        for g, f in pairs:
            ok = subject_agrees(g.get("subject"), f.subject)
            c["subject"] += ok
            if not ok:
                errors["subject_wrong"].append(f"{ref}: {g.get('subject')!r} got {f.subject!r}")
        for g in missed:
            got = ", ".join(_describe(f) for f in left) or "nothing"
            errors["figure_missed"].append(f"{ref}: {_describe(g)} (unmatched sitrep: {got})")
        for f in left:
            errors["figure_spurious"].append(f"{ref}: {_describe(f)} ({f.text!r})")

        ms = sorted(
            ((_overlap(s, span), m) for s, m in mentions.get(art.id, []) if _overlap(s, span) > 0),
            key=lambda x: -x[0],
        )
        event = ms[0][1] if ms else None
        if not item.get("claim_unsure"):
            got = next((f.claimed_by for f in mine if f.claimed_by), None)
            if got is None and event is not None:
                got = event.claimed_by
            g_party, p_party = _party(item["claimed_by"]), _party(got)
            same = same_party(item["claimed_by"], got)
            c["att"] += 1
            c["att_right"] += same
            c["att_pred"] += p_party is not None
            c["att_gold"] += g_party is not None
            c["att_both"] += g_party is not None and p_party is not None
            c["att_same"] += g_party is not None and p_party is not None and same
            if not same:
                errors["claim_wrong"].append(f"{ref}: {item['claimed_by']!r} got {got!r}")
        if event is None:
            # a sentence sitrep folded into another's event ("Three civilians were killed ... on Wednesday
            # night" after the report it retells) has that event's date; its claimant stays its own
            folded = sorted(
                ((_overlap(s, span), m) for s, m in retold.get(art.id, []) if _overlap(s, span) > 0),
                key=lambda x: -x[0],
            )
            event = folded[0][1] if folded else None
        if not item.get("date_unsure"):
            if item.get("event_date"):
                c["dated"] += 1
                if event is None:
                    errors["dated_no_event"].append(f"{ref}: {item['event_date']}")
                else:
                    c["dated_event"] += 1
                    right = event.date.date == date.fromisoformat(item["event_date"])
                    c["date_right"] += right
                    c["date_prec_right"] += right and event.date.precision == item.get("date_precision")
                    if not (right and event.date.precision == item.get("date_precision")):
                        errors["date_wrong"].append(
                            f"{ref}: {item['event_date']}/{item.get('date_precision')} got"
                            f" {event.date.date}/{event.date.precision} ({event.date.method}"
                            f" {event.date.text!r})"
                        )
            elif event is not None:
                c["undated_event"] += 1
                # a date read from this sentence's own words (not one inherited from an earlier sentence)
                if event.date.method in TEXT_DATE_METHODS and (event.date.text or "") in sentence:
                    c["invented"] += 1
                    errors["date_invented"].append(
                        f"{ref}: got {event.date.date} ({event.date.method} {event.date.text!r})"
                    )
    rep.gold_figures, rep.predicted_figures = c["gold"], c["pred"]
    rep.figure_precision = _ratio(c["match"], c["pred"])
    rep.figure_recall = _ratio(c["match"], c["gold"])
    p, r = rep.figure_precision, rep.figure_recall
    rep.figure_f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    rep.subject_accuracy = _ratio(c["subject"], c["match"])
    rep.attribution_sentences = c["att"]
    rep.attribution_accuracy = _ratio(c["att_right"], c["att"])
    rep.attributed_precision = _ratio(c["att_both"], c["att_pred"])
    rep.attributed_recall = _ratio(c["att_both"], c["att_gold"])
    rep.party_accuracy = _ratio(c["att_same"], c["att_both"])
    rep.dated_sentences, rep.dated_with_event = c["dated"], c["dated_event"]
    rep.date_accuracy = _ratio(c["date_right"], c["dated_event"])
    rep.date_precision_accuracy = _ratio(c["date_prec_right"], c["dated_event"])
    rep.undated_with_event = c["undated_event"]
    rep.date_invented = _ratio(c["invented"], c["undated_event"])
    rep.error_counts = {kind: len(v) for kind, v in errors.items()}
    rep.errors = {kind: v[:_EXAMPLES] for kind, v in errors.items()}
    return rep
