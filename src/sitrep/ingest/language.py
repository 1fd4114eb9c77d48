"""A light, dependency-free language identifier: Unicode script shares, then function-word shares.

Good enough to tell English news from Arabic, Russian, Chinese, French, German, Spanish ... pages, which
is all ingest needs (only English articles go on to the English spaCy model). Lists live in
``data/languages.yml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import yaml

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
#: how much text is enough to judge: the head of a long article says as much as the whole.
_SAMPLE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class _LangData:
    starts: tuple[int, ...]  # sorted range starts for bisect
    ranges: tuple[tuple[int, int, str], ...]  # (start, end, script)
    script_lang: dict[str, str]
    markers: dict[str, dict[str, frozenset[str]]]
    words: dict[str, frozenset[str]]
    script_min_share: float
    marker_min_share: float
    english_min_share: float
    min_letters: int


@functools.lru_cache(maxsize=1)
def _data() -> _LangData:
    raw = yaml.safe_load(resources.files("sitrep").joinpath("data/languages.yml").read_text(encoding="utf-8"))
    ranges = sorted(
        (int(lo), int(hi), name) for name, spec in raw["scripts"].items() for lo, hi in spec["ranges"]
    )
    return _LangData(
        starts=tuple(r[0] for r in ranges),
        ranges=tuple(ranges),
        script_lang={name: str(spec["lang"]) for name, spec in raw["scripts"].items()},
        markers={
            script: {lang: frozenset(str(chars)) for lang, chars in langs.items()}
            for script, langs in (raw.get("script_markers") or {}).items()
        },
        words={lang: frozenset(str(w).lower() for w in ws) for lang, ws in raw["function_words"].items()},
        script_min_share=float(raw.get("script_min_share", 0.5)),
        marker_min_share=float(raw.get("marker_min_share", 0.01)),
        english_min_share=float(raw.get("english_min_share", 0.12)),
        min_letters=int(raw.get("min_letters", 20)),
    )


def _script(ch: str, d: _LangData) -> str:
    cp = ord(ch)
    if cp < 0x250:  # Basic Latin .. Latin Extended-B
        return "latin"
    i = bisect.bisect_right(d.starts, cp) - 1
    if i >= 0 and d.ranges[i][0] <= cp <= d.ranges[i][1]:
        return d.ranges[i][2]
    if 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    return "other"


def detect_language(text: str) -> tuple[str | None, float]:
    """Return ``(ISO 639-1 code, confidence)`` for ``text``, or ``(None, 0.0)`` when it cannot be judged.

    Non-Latin scripts decide by themselves (Arabic script -> "ar", or "fa"/"ur" when their own letters
    appear; Cyrillic -> "ru"/"uk"/...; Han -> "zh"; ...). Latin-script text is scored by the share of its
    words that are function words of each language; English needs ``english_min_share``.
    """
    d = _data()
    sample = text[:_SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < d.min_letters:
        return None, 0.0
    scripts = Counter(_script(ch, d) for ch in letters)
    # Japanese mixes Han and kana: any real share of kana makes it Japanese
    if scripts.get("kana", 0) >= 0.1 * len(letters):
        return "ja", scripts["kana"] / len(letters)
    script, count = scripts.most_common(1)[0]
    share = count / len(letters)
    if script != "latin":
        if share < d.script_min_share:
            return None, share
        if script == "other":
            return None, share
        lang = d.script_lang[script]
        script_letters = [ch for ch in letters if _script(ch, d) == script]
        for marked, chars in d.markers.get(script, {}).items():
            hits = sum(1 for ch in script_letters if ch in chars)
            if hits >= max(1, d.marker_min_share * len(script_letters)):
                lang = marked
                break
        return lang, share
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None, 0.0
    scores = {lang: sum(1 for w in words if w in ws) / len(words) for lang, ws in d.words.items()}
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    if best == "en" and scores["en"] < d.english_min_share:
        return None, scores["en"]
    return best, scores[best]
