"""Training the actor-pair ranker (``sitrep train actors``) on ACLED notes of the development years.

Each development-year row's notes are read as an article (as ``sitrep eval acled`` does) with the ranker
off; the first mention of the note's primary event gives one group of candidate pairs
(:func:`sitrep.extract.ranker.candidate_pairs`) and the coder's (actor1, actor2) tells which one is right.
Notes whose right pair is not among the candidates teach the ranker nothing (it can only choose among
them) but still count, as wrong, in the cross-validated figures. Rows from 2022 on (the ``test`` split)
are never read.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import EvalError
from ..fuse import fuse
from ..records import ActorPairCandidate
from .acled import _article, _primary, read_rows

log = logging.getLogger(__name__)

__all__ = ["ActorExample", "ActorTraining", "actor_examples", "train_actors"]


@dataclass(slots=True)
class ActorExample:
    """One note: its candidate pairs, the rules' pair and the coder's pair."""

    ref: str
    pairs: list[ActorPairCandidate]
    rules: tuple[str | None, str | None]
    gold: tuple[str | None, str | None]
    #: sitrep's event type of the mention
    event_type: str = ""

    def agrees(self, pair: tuple[str | None, str | None]) -> bool:
        """Whether ``pair`` is the coder's pair in either order (``sitrep eval acled``'s actor agreement)."""
        return {a for a in pair if a} == {a for a in self.gold if a}

    def gold_index(self) -> int | None:
        """Index of the candidate that is the coder's pair (in the coder's order first), None if absent."""
        exact = next((i for i, p in enumerate(self.pairs) if (p.actor1, p.actor2) == self.gold), None)
        if exact is not None:
            return exact
        return next((i for i, p in enumerate(self.pairs) if self.agrees((p.actor1, p.actor2))), None)


@dataclass(slots=True)
class ActorTraining:
    """What one ``sitrep train actors`` run did."""

    rows: int = 0
    examples: int = 0
    #: share of notes whose coder's pair is among the candidates (the most any ranker can reach)
    oracle: float = 0.0
    #: k-fold cross-validated agreement of the rules' pair and of the ranker (with the chosen margin)
    rules_agreement: float = 0.0
    ranker_agreement: float = 0.0
    margin: float = 0.0
    by_margin: dict[str, float] = field(default_factory=dict)
    output: str = ""


def actor_examples(
    path: str | Path, limit: int | None = None, settings: Settings | None = None
) -> tuple[list[ActorExample], list[dict]]:
    """The examples of the development-year rows of ``path`` (an even sample of ``limit``) and the rows."""
    from ..pipeline import process

    rows = read_rows(path, "dev", limit)
    if not rows:
        raise EvalError(f"{path} has no development-year rows")
    settings = settings or Settings()
    settings.actor_ranker = False
    settings.keep_actor_candidates = True
    if settings.country_hint is None:
        from ..geo.gazetteer import country_keys
        from ..geo.normalize import exact_key

        top = Counter(r["country"] for r in rows).most_common(1)[0][0]
        settings.country_hint = country_keys().get(exact_key(top))
    by_id = {r["event_id_cnty"]: r for r in rows}
    out = []
    for extraction in process((_article(r) for r in rows), settings=settings):
        row = by_id[extraction.article.id]
        event = _primary(fuse(extraction.mentions))
        if event is None or not event.mentions:
            continue
        first = min(event.mentions, key=lambda m: (m.sentence_start, m.mention_id))
        pairs = extraction.actor_candidates.get(first.mention_id, [])
        out.append(
            ActorExample(
                ref=row["event_id_cnty"],
                pairs=pairs,
                rules=(first.actor1, first.actor2),
                gold=(row["actor1"] or None, row["actor2"] or None),
                event_type=first.event_type,
            )
        )
    return out, rows


def actor_prior(rows: list[dict], refs: set[str] | None = None) -> dict[str, int]:
    """How often each actor is actor1 or actor2 in ``rows`` (those of ``refs`` only, when given), by
    :func:`sitrep.extract.ranker.prior_key` (the name without its country and period)."""
    from ..extract.ranker import prior_key

    prior: Counter[str] = Counter()
    for r in rows:
        if refs is None or r["event_id_cnty"] in refs:
            prior.update(prior_key(a, r["country"]) for a in (r["actor1"], r["actor2"]) if a)
    return dict(prior)


def _fold(ref: str, k: int) -> int:
    return int(hashlib.sha256(ref.encode()).hexdigest(), 16) % k


def _fit(examples: list[ActorExample], prior: dict[str, int], l2: float) -> dict[str, float]:
    from ..extract.ranker import prior_features, train

    groups, gold = [], []
    for ex in examples:
        y = ex.gold_index()
        if y is None:
            continue
        groups.append([{**p.features, **prior_features(p, prior)} for p in ex.pairs])
        gold.append(y)
    return train(groups, gold, l2=l2)


MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


def train_actors(
    path: str | Path,
    output: str | Path,
    *,
    folds: int = 5,
    l2: float = 1.0,
    limit: int | None = None,
    settings: Settings | None = None,
) -> ActorTraining:
    """Train the actor-pair ranker on the development-year rows of the ACLED file ``path`` and write it to
    ``output``; choose its abstention margin and report rules vs ranker agreement by k-fold
    cross-validation over the notes."""
    from ..extract.ranker import Ranker

    examples, rows = actor_examples(path, limit, settings)
    # the ranker learns who fights whom in the event types the coders' rows are of, and keeps to them
    types = tuple(sorted({r["event_type"] for r in rows if r.get("event_type")}))
    right: Counter[float] = Counter()
    for k in range(folds):
        train_ex = [e for e in examples if _fold(e.ref, folds) != k]
        test_ex = [e for e in examples if _fold(e.ref, folds) == k]
        if not test_ex:
            continue
        prior = actor_prior(rows, {e.ref for e in train_ex})
        weights = _fit(train_ex, prior, l2)
        for margin in MARGINS:
            ranker = Ranker(weights=weights, prior=prior, margin=margin, event_types=types)
            right[margin] += sum(e.agrees(ranker.choose(e.pairs, *e.rules, e.event_type)) for e in test_ex)
    n = len(examples) or 1
    by_margin = {str(m): round(right[m] / n, 4) for m in MARGINS}
    margin = max(MARGINS, key=lambda m: (right[m], m))
    report = ActorTraining(
        rows=len(rows),
        examples=len(examples),
        oracle=round(sum(e.gold_index() is not None for e in examples) / n, 4),
        rules_agreement=round(sum(e.agrees(e.rules) for e in examples) / n, 4),
        ranker_agreement=by_margin[str(margin)],
        margin=margin,
        by_margin=by_margin,
        output=str(output),
    )
    prior = actor_prior(rows)
    meta = {
        "trained_on": f"{Path(path).name} (split dev, {len(rows)} rows)",
        "examples": len(examples),
        "l2": l2,
        "folds": folds,
        "cv_rules_agreement": report.rules_agreement,
        "cv_ranker_agreement": report.ranker_agreement,
        "oracle": report.oracle,
    }
    ranker = Ranker(
        weights=_fit(examples, prior, l2), prior=prior, margin=margin, event_types=types, meta=meta
    )
    Path(output).write_text(ranker.to_json(), encoding="utf-8")
    log.info(
        "actor ranker: %d notes, cv agreement rules %.3f -> ranker %.3f (margin %.2f) -> %s",
        len(examples),
        report.rules_agreement,
        report.ranker_agreement,
        margin,
        output,
    )
    return report
