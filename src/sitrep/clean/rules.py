"""The cleaner's patterns, loaded once from ``data/boilerplate.yml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from sitrep.errors import SitrepError


@dataclass(frozen=True, slots=True)
class CleanRules:
    """Compiled boilerplate patterns (see ``data/boilerplate.yml`` for what each list means)."""

    drop_units: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]
    head_labels: tuple[re.Pattern[str], ...]
    caption_credits: tuple[re.Pattern[str], ...]
    tail_markers: tuple[re.Pattern[str], ...]
    weak_tail_markers: tuple[re.Pattern[str], ...]
    prose_min_words: int
    list_labels: tuple[re.Pattern[str], ...]
    list_max_words: int
    list_openers: frozenset[str]
    list_body_words: frozenset[str]
    abbreviations: frozenset[str]
    duplicate_min_chars: int
    tail_after_fraction: float


def _compile(patterns: list[str], flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns or []:
        try:
            out.append(re.compile(p, flags))
        except re.error as exc:  # a typo in the data file must name the pattern, not crash obscurely
            raise SitrepError(f"boilerplate.yml: bad pattern {p!r}: {exc}") from exc
    return tuple(out)


@functools.lru_cache(maxsize=1)
def load_rules() -> CleanRules:
    """Load and compile ``data/boilerplate.yml`` (cached)."""
    text = resources.files("sitrep").joinpath("data/boilerplate.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return CleanRules(
        drop_units=_compile(data.get("drop_units")),
        inline=_compile(data.get("inline")),
        head_labels=_compile(data.get("head_labels")),
        caption_credits=_compile(data.get("caption_credits")),
        tail_markers=_compile(data.get("tail_markers")),
        weak_tail_markers=_compile(data.get("weak_tail_markers")),
        prose_min_words=int(data.get("prose_min_words", 8)),
        # list labels are case-sensitive on purpose: "Tags Syria ..." but not "tags" in prose
        list_labels=_compile(data.get("list_labels"), flags=0),
        list_max_words=int(data.get("list_max_words", 40)),
        list_openers=frozenset(str(w) for w in data.get("list_openers") or ()),
        list_body_words=frozenset(str(w) for w in data.get("list_body_words") or ()),
        abbreviations=frozenset(str(a).lower() for a in data.get("abbreviations") or ()),
        duplicate_min_chars=int(data.get("duplicate_min_chars", 25)),
        tail_after_fraction=float(data.get("tail_after_fraction", 0.5)),
    )
