"""The actor-pair ranker: a small learnt model that re-chooses ACLED's actor1 / actor2 of an event mention
among the actors its sentence names.

The role rules of :mod:`sitrep.extract.actors` (``assign_roles``, ``other_side``, ``fill_unidentified``)
pick one pair; the ranker scores every ordered pair of the sentence's candidate actors (each actor
mention's canonical name, the rules' own choices, the unidentified armed group, or no actor) with a
conditional logit over generic features: the syntactic role of each side relative to the trigger, its
position and clause, kind and bloc, whether the rules chose it, and a prior (how often ACLED's coders name
that actor at all in the training rows). It keeps the rules' pair unless its best pair is more likely by
``margin`` (it abstains to the rules when unsure).

The weights are a data file, ``data/actor_ranker.json``, trained by ``sitrep train actors`` on ACLED
notes of the development years only (:mod:`sitrep.eval.actors`). ``Settings.actor_ranker = False``
(``SITREP_ACTOR_RANKER=0``) turns it off.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from ..records import ActorPairCandidate as PairCandidate
from .actors import NOT_A_SIDE, ActorMention, _effective, _related, _subordinate, generic_name

log = logging.getLogger(__name__)

__all__ = ["PairCandidate", "Ranker", "candidate_pairs", "load_ranker", "train", "RANKER_FILE"]

RANKER_FILE = "actor_ranker.json"

#: at most this many distinct actor names of the sentence are candidates (text order)
_MAX_NAMES = 7
#: and at most this many more named in the next sentences
_MAX_NEARBY = 2
_BREAK = re.compile(r"(;|\b(?:following|after|which|while|when|whereas|before|during|amid|and)\b|,)", re.I)


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4+"


def _prior_bucket(count: int) -> str:
    if count <= 0:
        return "0"
    return str(min(4, int(math.log10(count)) + 1))  # 1-9, 10-99, 100-999, 1000+


def _clauses_between(sent: Span, a: ActorMention, trigger: Token) -> int:
    doc = sent.doc
    lo, hi = sorted((a.token_end, trigger.i)) if a.token_end <= trigger.i else (trigger.i + 1, a.token_start)
    return len(_BREAK.findall(doc[lo:hi].text)) if hi > lo else 0


def _slot_features(
    prefix: str,
    name: str | None,
    mentions: list[ActorMention],
    order: int,
    sent: Span,
    trigger: Token,
    rule1: str | None,
    rule2: str | None,
    unidentified: str | None,
) -> dict[str, float]:
    """Features of ``name`` standing in slot ``prefix`` ("a1" / "a2")."""
    f: dict[str, float] = {}
    if name is None:
        f[f"{prefix}:none"] = 1.0
        return f
    if name == rule1:
        f[f"{prefix}:rule1"] = 1.0
    if name == rule2:
        f[f"{prefix}:rule2"] = 1.0
    if name == unidentified:
        f[f"{prefix}:unidentified"] = 1.0
    if not mentions:
        f[f"{prefix}:not_in_sentence"] = 1.0
        return f
    f[f"{prefix}:order={min(order, 3)}"] = 1.0
    f[f"{prefix}:count={_bucket(len(mentions))}"] = 1.0
    best = mentions[0]
    eff = [_effective(m, trigger) for m in mentions]
    for m in eff:
        f[f"{prefix}:role={m.role}"] = 1.0
        if _related(m.governor, trigger):
            f[f"{prefix}:related"] = 1.0
            f[f"{prefix}:related_role={m.role}"] = 1.0
        if m.governor == trigger.i:
            f[f"{prefix}:gov_is_trigger"] = 1.0
    f[f"{prefix}:kind={best.kind}"] = 1.0
    f[f"{prefix}:bloc_known={best.bloc is not None}"] = 1.0
    before = best.token_end <= trigger.i
    f[f"{prefix}:before_trigger={before}"] = 1.0
    f[f"{prefix}:clauses={_bucket(_clauses_between(sent, best, trigger))}"] = 1.0
    if _subordinate(sent, best, trigger):
        f[f"{prefix}:subordinate"] = 1.0
    if best.role == "modifier" and best.head_governor is not None:
        head = sent.doc[best.governor] if best.governor is not None else None
        if head is not None:
            f[f"{prefix}:modifies={head.lemma_.lower()}"] = 1.0
    return f


def candidate_pairs(
    sent: Span,
    trigger: Token,
    actors: list[ActorMention],
    event_type: str,
    sub_event_type: str,
    rule1: str | None,
    rule2: str | None,
    country: str,
    nearby: Sequence[ActorMention] = (),
) -> list[PairCandidate]:
    """Every ordered (actor1, actor2) choice for the mention of ``trigger`` with its features.

    The names are those of ``actors`` (the sentence's actor mentions, text order, at most ``_MAX_NAMES``),
    the rules' pair ``rule1`` / ``rule2``, the unidentified armed group, and up to ``_MAX_NEARBY`` more
    named in ``nearby`` (the next sentences' actor mentions); actor2 may be none; both sides may be one actor
    (an intra-group clash). The rules' pair is always among the candidates.
    """
    unidentified = generic_name("unidentified", country)
    by_name: dict[str, list[ActorMention]] = {}
    for a in actors:
        if a.name in by_name or len(by_name) < _MAX_NAMES:
            by_name.setdefault(a.name, []).append(a)
    order = {n: i for i, n in enumerate(by_name)}
    names: list[str] = list(by_name)
    for extra in (rule1, rule2, unidentified):
        if extra is not None and extra not in names:
            names.append(extra)
    # names the sentence does not hold but the next ones do (the rules' own continuations included)
    near: dict[str, ActorMention] = {}
    for a in nearby:
        new = a.name not in by_name and a.name not in near and a.role not in NOT_A_SIDE
        if new and (a.name in names or sum(n not in names for n in near) < _MAX_NEARBY):
            near[a.name] = a
    names += [n for n in near if n not in names]
    slot: dict[tuple[str, str | None], dict[str, float]] = {}
    for prefix in ("a1", "a2"):
        for n in [*names, None]:
            slot[(prefix, n)] = _slot_features(
                prefix,
                n,
                by_name.get(n, []) if n else [],
                order.get(n, 9),
                sent,
                trigger,
                rule1,
                rule2,
                unidentified,
            )
            if n in near:
                slot[(prefix, n)][f"{prefix}:nearby"] = 1.0
                slot[(prefix, n)][f"{prefix}:nearby_kind={near[n].kind}"] = 1.0
                slot[(prefix, n)][f"{prefix}:nearby_role={near[n].role}"] = 1.0
    out = []
    for n1 in names:
        m1 = by_name.get(n1, [])
        if m1 and n1 != rule1 and all(_effective(a, trigger).role == "holder" for a in m1):
            continue  # named only as the holder of a place ("the rebel-held town"): never the perpetrator
        for n2 in [*names, None]:
            f = {"bias": 1.0, **slot[("a1", n1)], **slot[("a2", n2)]}
            f[f"type={event_type}"] = 1.0
            if n1 == rule1 and n2 == rule2:
                f["rules_pair"] = 1.0
            if {n1, n2} == {rule1, rule2}:
                f["rules_pair_any_order"] = 1.0
            m2 = by_name.get(n2, []) if n2 else []
            if n2 == n1:
                f["same_actor"] = 1.0
            if m1 and m2:
                b1, b2 = m1[0].bloc, m2[0].bloc
                if b1 is not None and b2 is not None:
                    f["same_bloc" if b1 == b2 else "other_bloc"] = 1.0
                f[f"a1_first={m1[0].token_start < m2[0].token_start}"] = 1.0
            k1 = m1[0].kind if m1 else "generic"
            k2 = m2[0].kind if m2 else ("none" if n2 is None else "generic")
            f[f"sub={sub_event_type}|a2kind={k2}"] = 1.0
            f[f"sub={sub_event_type}|a1kind={k1}"] = 1.0
            r1 = _effective(m1[0], trigger).role if m1 else "generic"
            r2 = _effective(m2[0], trigger).role if m2 else ("none" if n2 is None else "generic")
            f[f"roles={r1}|{r2}"] = 1.0
            out.append(PairCandidate(n1, n2, f, country))
    return out


_PERIOD = re.compile(r"\s*\(\d{4}-\d{0,4}\)$")


_PLACE_MILITIA = re.compile(r"^.+ (Communal|Tribal) Militia")


def prior_key(name: str, country: str) -> str:
    """``name`` with its country, period and place taken out ("Military Forces of {country}",
    "Unidentified Armed Group ({country})", "{place} Communal Militia ({country})"), so that a prior learnt
    from one country's rows carries over to another's, and from one village's militia to another's."""
    key = _PLACE_MILITIA.sub(r"{place} \1 Militia", _PERIOD.sub("", name))
    return key.replace(country, "{country}") if country else key


def prior_features(cand: PairCandidate, prior: dict[str, int]) -> dict[str, float]:
    """The prior of each side of ``cand``: how often ACLED's coders name that actor in the training rows
    (log-bucketed, see :func:`prior_key`; kept apart from :func:`candidate_pairs` so that
    cross-validation takes it from the training folds only)."""
    f = {}
    for prefix, name in (("a1", cand.actor1), ("a2", cand.actor2)):
        if name is not None:
            f[f"{prefix}:prior={_prior_bucket(prior.get(prior_key(name, cand.country), 0))}"] = 1.0
    return f


@dataclass(slots=True)
class Ranker:
    """A conditional logit over :func:`candidate_pairs` features, with the actor prior it was trained with."""

    weights: dict[str, float]
    prior: dict[str, int]
    margin: float = 0.0
    #: the ACLED event types of its training rows: it re-chooses only the pairs of mentions of these
    #: types (a ranker that saw only battles knows nothing of who attacks civilians); empty: every type
    event_types: tuple[str, ...] = ()
    meta: dict | None = None

    def score(self, cand: PairCandidate) -> float:
        """The model's (unnormalised) log-score of one pair."""
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in cand.features.items()) + sum(
            w.get(k, 0.0) * v for k, v in prior_features(cand, self.prior).items()
        )

    def choose(
        self,
        pairs: Sequence[PairCandidate],
        rule1: str | None,
        rule2: str | None,
        event_type: str | None = None,
    ) -> tuple[str | None, str | None]:
        """The chosen pair: the best-scoring one when its probability beats the rules' pair by ``margin``,
        else the rules' pair (also for an ``event_type`` the ranker was not trained on)."""
        if not pairs or (self.event_types and event_type not in self.event_types):
            return rule1, rule2
        scores = [self.score(p) for p in pairs]
        top = max(scores)
        z = sum(math.exp(s - top) for s in scores)
        best = max(range(len(pairs)), key=lambda i: scores[i])
        rules = next((i for i, p in enumerate(pairs) if p.actor1 == rule1 and p.actor2 == rule2), None)
        if rules is None:
            return pairs[best].actor1, pairs[best].actor2
        gain = (math.exp(scores[best] - top) - math.exp(scores[rules] - top)) / z
        if best == rules or gain <= self.margin:
            return rule1, rule2
        return pairs[best].actor1, pairs[best].actor2

    def to_json(self) -> str:
        """The model as JSON (weights sorted and rounded, the prior sorted: a stable, diffable data file)."""
        payload = {
            "model": "conditional logit over sitrep.extract.ranker.candidate_pairs features",
            "margin": self.margin,
            "event_types": list(self.event_types),
            "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-5},
            "prior": dict(sorted(self.prior.items())),
            "meta": self.meta or {},
        }
        return json.dumps(payload, indent=1) + "\n"


def read_ranker(path: str | Path) -> Ranker:
    """A ranker from a JSON file written by :meth:`Ranker.to_json`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Ranker(
        weights=dict(data["weights"]),
        prior={k: int(v) for k, v in data.get("prior", {}).items()},
        margin=float(data.get("margin", 0.0)),
        event_types=tuple(data.get("event_types", ())),
        meta=data.get("meta"),
    )


@functools.cache
def load_ranker() -> Ranker | None:
    """The packaged ranker (``data/actor_ranker.json``), or None when the file is absent (rules only)."""
    ref = resources.files("sitrep") / "data" / RANKER_FILE
    if not ref.is_file():
        log.info("no %s in the package: actor pairs are the rules' own", RANKER_FILE)
        return None
    with resources.as_file(ref) as path:
        return read_ranker(path)


def train(
    groups: Sequence[Sequence[dict[str, float]]],
    gold: Sequence[int],
    *,
    l2: float = 1.0,
    min_count: int = 3,
    iterations: int = 1000,
    rate: float = 1.0,
) -> dict[str, float]:
    """Weights of the conditional logit fitted on candidate ``groups`` (each candidate's feature dict,
    prior included) and the index of each group's
    right pair (``gold``; groups whose right pair is not a candidate must be left out by the caller).

    Full-batch gradient descent on the L2-regularised log loss, over a sparse (COO) design: deterministic,
    numpy only. Features seen in fewer than ``min_count`` groups are dropped.
    """
    import numpy as np

    counts: dict[str, int] = {}
    for g in groups:
        for k in {k for c in g for k in c}:
            counts[k] = counts.get(k, 0) + 1
    vocab = sorted(k for k, n in counts.items() if n >= min_count)
    index = {k: i for i, k in enumerate(vocab)}
    rows, cols, vals, group_of, is_gold = [], [], [], [], []
    r = 0
    for gi, (g, y) in enumerate(zip(groups, gold, strict=True)):
        for ci, c in enumerate(g):
            for k, v in c.items():
                j = index.get(k)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(v)
            group_of.append(gi)
            is_gold.append(1.0 if ci == y else 0.0)
            r += 1
    rows_a, cols_a, vals_a = np.asarray(rows), np.asarray(cols), np.asarray(vals, dtype=float)
    grp, y_a = np.asarray(group_of), np.asarray(is_gold)
    n_groups = max(1, len(groups))
    w = np.zeros(len(vocab))
    for _ in range(iterations):
        s = np.bincount(rows_a, weights=w[cols_a] * vals_a, minlength=r)
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, grp, s)
        e = np.exp(s - top[grp])
        z = np.bincount(grp, weights=e, minlength=n_groups)
        p = e / z[grp]
        g = p - y_a
        grad = np.bincount(cols_a, weights=g[rows_a] * vals_a, minlength=len(vocab)) / n_groups
        w -= rate * (grad + l2 * w / n_groups)
    return dict(zip(vocab, w.tolist(), strict=True))
