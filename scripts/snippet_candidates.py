"""Draw candidate event snippets for a labelled event set (``tests/data/event_snippets2.jsonl``).

The rule looks only at the corpus text, never at sitrep's output or code (see tests/data/README.md,
sections ``event_snippets.jsonl`` and ``event_snippets2.jsonl``):

1. **Segmentation.** Each FA-KES article's ``text`` is split into sentences at ``.``/``!``/``?`` followed
   by whitespace and a capital or a quote; the first sentence (dateline + headline) is skipped; sentences
   of 40-350 characters (whitespace trimmed) are kept; a sentence whose text already appeared (syndicated
   copies) is kept once, and a sentence whose text appears in an excluded article or as an excluded
   sentence is not kept at all.
2. **Keyword families.** One family per ACLED sub-type that might occur in Syrian-war news, and one per
   "no event" theme (FAMILIES below). The keywords only choose *candidates*: the labels are read, never
   derived from them. A sentence can match several families; it is drawn at most once.
3. **Sampling.** Each family's pool is shuffled with ``--seed``; families are visited round-robin in the
   order of FAMILIES, each visit drawing the next sentence of that family not drawn yet from an article
   with fewer than ``--per-article`` sentences drawn, until a family has ``--per-family`` sentences or
   is empty, or ``--n`` sentences are drawn in all. With ``--fill``, when every family is capped or empty
   and fewer than ``--n`` are drawn, a second round-robin pass goes on without the family cap (the
   article cap still holds) until ``--n`` are drawn or no article slot is left; the first pass is the same
   with or without ``--fill``.

``--exclude FILE`` (repeatable) skips every article a label file refers to (``article_id``, and
``a.article_id`` / ``b.article_id`` of fusion pairs). ``--exclude-sentences FILE`` (repeatable) skips only
the sentences of a label file (any sentence overlapping one of its spans in an article of that id), for
files whose whole articles cannot all be excluded. ``event_snippets2.jsonl`` was drawn with

    python scripts/snippet_candidates.py --seed 20261203 --n 260 --fill \\
        --exclude tests/data/event_snippets.jsonl --exclude tests/data/event_train.jsonl \\
        --exclude tests/data/event_train2.jsonl --exclude-sentences tests/data/facts.jsonl \\
        --exclude-sentences tests/data/facts2.jsonl --exclude-sentences tests/data/fusion_pairs.jsonl

Prints one JSON reference per line: ``{"article_id", "start", "end", "sha1", "family"}`` (no text;
``sha1`` of the snippet tells apart the corpus records that share an id). With ``--show`` the snippet
text, the title and the 300 characters before it are added, for the labeller's eyes only: never commit
that output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c\u2018])")

# (family, pattern): matched case-insensitively against the sentence.
FAMILIES: list[tuple[str, str]] = [
    (
        "air_strike",
        r"\bair ?strikes?\b|\bair ?raids?\b|\bwarplanes?\b|\bjets?\b|\bhelicopters?\b|"
        r"\bbarrel bombs?\b|\baerial\b|\bdrone strikes?\b|\bbombed\b|\bsorties\b",
    ),
    (
        "shelling",
        r"\bshell(?:s|ed|ing)\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b|"
        r"\bprojectiles?\b|\bbombard\w*",
    ),
    ("chemical", r"\bchemical\b|\bsarin\b|\bchlorine\b|\bgas attack|\btoxic\b|\bnerve agent"),
    ("suicide", r"\bsuicide\b|\bself-detonat\w*|\bblew (?:him|her)self"),
    (
        "ied_landmine",
        r"\bcar bombs?\b|\bexplosive device|\bieds?\b|\blandmines?\b|\bmines?\b|\bbooby|"
        r"\bblasts?\b|\bexplosions?\b|\bdetonat\w*|\bbomb (?:went off|exploded)",
    ),
    (
        "clash",
        r"\bclash(?:es|ed)?\b|\bfighting\b|\bbattles?\b|\bfirefight|\bexchange of fire|"
        r"\bfought\b|\bambush\w*",
    ),
    (
        "capture_gov",
        r"\b(?:army|troops|government forces|regime forces|syrian forces|pro-government)\b"
        r".{0,60}\b(?:captured|recaptured|retook|regained|seized|took control|liberated|restored|"
        r"entered)\b|\brecaptur\w*|\bretak\w*|\bliberat\w*",
    ),
    (
        "capture_nonstate",
        r"\b(?:rebels?|militants?|insurgents?|islamic state|isis|isil|daesh|"
        r"jihadists?|nusra|fighters|sdf|kurdish|terrorists?)\b.{0,60}\b(?:captured|seized|took control|"
        r"overran|stormed|advanced into)\b|\boverr?an\b|\bfell to\b",
    ),
    ("abduction", r"\babduct\w*|\bkidnap\w*|\bhostages?\b|\btaken captive|\bdisappear\w*"),
    ("arrest", r"\barrest\w*|\bdetain\w*|\bdetention\b|\bcustody\b|\brounded up"),
    ("protest", r"\bprotest\w*|\bdemonstrat\w*|\brall(?:y|ies|ied)\b|\bmarched\b|\bsit-in"),
    (
        "agreement",
        r"\bagreements?\b|\bdeal\b|\bceasefire\b|\bcease-fire\b|\btruce\b|\breconciliation\b|"
        r"\baccord\b|\bsigned\b",
    ),
    (
        "looting",
        r"\bloot\w*|\bplunder\w*|\btorched\b|\bset fire|\bset on fire|\bransack\w*|"
        r"\bdemolish\w*|\bbulldoz\w*",
    ),
    (
        "interception",
        r"\bshot down\b|\bshoot down|\bintercept\w*|\bdowned\b|\bdismantl\w*|\bdefus\w*|"
        r"\bair defen[cs]es?\b",
    ),
    ("base", r"\bbases?\b|\bheadquarters\b|\boutposts?\b|\bdeploy\w*|\bestablish\w*"),
    (
        "withdrawal",
        r"\bwithdr[ae]w\w*|\bevacuat\w*|\bpull(?:ed)? out|\bbuses\b|\bretreat\w*|"
        r"\bsurrender\w*",
    ),
    (
        "group_change",
        r"\bmerge[dr]?\b|\bmerger\b|\bnew (?:group|coalition|alliance|faction)|"
        r"\bdefect\w*|\bpledged allegiance|\bdisband\w*|\bsplit from|\brebrand\w*|\bjoined forces",
    ),
    (
        "killing_civilians",
        r"\bexecut\w*|\bmassacre\w*|\bgunmen\b|\bshot dead\b|\bbehead\w*|"
        r"\bmurder\w*|\bsnipers?\b|\bopened fire",
    ),
    ("grenade", r"\bgrenades?\b"),
    ("sexual_violence", r"\brape[ds]?\b|\bsexual\b|\bsex slaves?\b"),
    ("riot_mob", r"\briots?\b|\brioters?\b|\bmob\b|\blynch\w*|\bangry crowd"),
    # "no event" families
    (
        "humanitarian_aid",
        r"\bhumanitarian\b|\baid\b|\bconvoys?\b|\bfood\b|\bmedical supplies|"
        r"\brefugees?\b|\bunhcr\b|\bred crescent\b|\bunicef\b|\bwfp\b",
    ),
    (
        "diplomacy",
        r"\btalks\b|\bnegotiat\w*|\bgeneva\b|\bastana\b|\bsecurity council\b|"
        r"\bforeign minister\b|\bsummit\b|\benvoy\b|\bresolution\b|\bkerry\b|\blavrov\b",
    ),
    (
        "statements",
        r"\bdenied\b|\bdenies\b|\bcondemn\w*|\baccus\w*|\bstatement\b|\bwarned\b|"
        r"\brejected\b|\bcalled on\b|\bblamed\b",
    ),
    (
        "history_background",
        r"\bsince 20\d\d\b|\bbegan in\b|\buprising\b|\bcivil war\b|\bhas killed\b|"
        r"\bhave been killed\b|\byears? ago\b|\bconflict erupted|\bbroke out in",
    ),
    (
        "crime_courts",
        r"\bcourt\b|\btrial\b|\bsentenced\b|\bprosecut\w*|\bwar crimes?\b|\bjudge\b|"
        r"\btribunal\b|\binvestigat\w*",
    ),
    (
        "economy",
        r"\beconom\w*|\boil\b|\bcurrency\b|\bprices?\b|\btrade\b|\breconstruction\b|"
        r"\bfuel\b|\belectricity\b|\binvestment\b",
    ),
    (
        "disasters",
        r"\bearthquake\b|\bfloods?\b|\bstorms?\b|\bsnow\b|\bwinter\b|\bepidemic\b|"
        r"\bcholera\b|\bdisease\b|\bpolio\b|\bfreezing\b",
    ),
]
COMPILED = [(name, re.compile(pat, re.I)) for name, pat in FAMILIES]


def sentences(text: str):
    """(start, end) of each sentence of ``text``, whitespace trimmed."""
    start = 0
    spans = []
    for m in SENT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        yield a, b


def refs(path: str):
    """(article_id, start, end) of every item of a label file (both sides of fusion pairs)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            item = json.loads(line)
            for x in (item, item.get("a"), item.get("b")):
                if isinstance(x, dict) and x.get("article_id"):
                    yield x["article_id"], x.get("start"), x.get("end")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("--n", type=int, default=260)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--per-family", type=int, default=12)
    ap.add_argument("--per-article", type=int, default=2)
    ap.add_argument(
        "--exclude", action="append", default=[], help="label file whose articles are skipped (repeatable)"
    )
    ap.add_argument(
        "--exclude-sentences",
        action="append",
        default=[],
        help="label file whose sentences (overlapping spans) are skipped (repeatable)",
    )
    ap.add_argument(
        "--fill",
        action="store_true",
        help="after the capped pass, go on drawing without the family cap (up to --n)",
    )
    ap.add_argument(
        "--show",
        action="store_true",
        help="add text, title and 300 characters of context (labeller's eyes only)",
    )
    args = ap.parse_args()

    excluded: set[str] = {aid for path in args.exclude for aid, _, _ in refs(path)}
    ex_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for path in args.exclude_sentences:
        for aid, s, e in refs(path):
            ex_spans[aid].append((s, e))

    records = []
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))

    # Texts that must not come back: sentences of excluded articles and excluded sentences.
    banned: set[str] = set()
    for rec in records:
        text = rec["text"]
        for a, b in sentences(text):
            if rec["id"] in excluded or any(a < e and s < b for s, e in ex_spans.get(rec["id"], [])):
                banned.add(text[a:b])

    seen: set[str] = set()
    pools: dict[str, list[tuple]] = {name: [] for name, _ in FAMILIES}
    info: dict[tuple, dict] = {}
    for rec in records:
        if rec["id"] in excluded:
            continue
        text = rec["text"]
        for k, (a, b) in enumerate(sentences(text)):
            s = text[a:b]
            if k == 0 or not 40 <= len(s) <= 350 or s in seen or s in banned:
                continue
            if any(a < e and st < b for st, e in ex_spans.get(rec["id"], [])):
                continue
            seen.add(s)
            ref = (rec["id"], a, b, hashlib.sha1(s.encode("utf-8")).hexdigest())
            info[ref] = {"text": s, "title": rec.get("title"), "before": text[max(0, a - 300) : a]}
            for name, rx in COMPILED:
                if rx.search(s):
                    pools[name].append(ref)

    rng = random.Random(args.seed)
    for name, _ in FAMILIES:
        rng.shuffle(pools[name])
    taken: dict[str, int] = defaultdict(int)
    per_article: dict[str, int] = defaultdict(int)
    drawn: list[tuple] = []
    chosen: set[tuple] = set()
    for cap in (args.per_family, None) if args.fill else (args.per_family,):
        progress = True
        while len(drawn) < args.n and progress:
            progress = _draw_round(pools, cap, args, taken, per_article, drawn, chosen)

    for name, (article_id, start, end, sha1) in drawn:
        out = {"article_id": article_id, "start": start, "end": end, "sha1": sha1, "family": name}
        if args.show:
            out.update(info[(article_id, start, end, sha1)])
        print(json.dumps(out, ensure_ascii=False))


def _draw_round(pools, cap, args, taken, per_article, drawn, chosen) -> bool:
    """One round-robin visit of the families; True when something was drawn."""
    progress = False
    for name, _ in FAMILIES:
        if len(drawn) >= args.n or (cap is not None and taken[name] >= cap):
            continue
        pool = pools[name]
        while pool:
            ref = pool.pop()
            if ref in chosen or per_article[ref[0]] >= args.per_article:
                continue
            chosen.add(ref)
            per_article[ref[0]] += 1
            taken[name] += 1
            drawn.append((name, ref))
            progress = True
            break
    return progress


if __name__ == "__main__":
    main()
