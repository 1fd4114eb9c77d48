"""Place-name normalisation: the keys the gazetteer index is built on.

``exact_key`` only folds case, diacritics and punctuation; ``alias_key`` also applies the transliteration
rules of ``data/geo_translit.yml`` (article prefixes, Ain/Ayn/Ein, q/k, ou/u, doubled letters, vowels) so
that the spellings of one Arabic name that English-language outlets use meet on one key.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from importlib import resources
from typing import Any

import yaml

_APOSTROPHES = "'’‘`´ʿʾʼʻ\u02bc\u02bb"
_PUNCT_RE = re.compile(r"[^a-z0-9 ]+")
_SPACE_RE = re.compile(r"\s+")


@functools.lru_cache(maxsize=8)
def load_data(name: str) -> dict[str, Any]:
    """Load (once) a YAML data file of ``sitrep.data``."""
    text = resources.files("sitrep.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = load_data("geo_translit.yml")
    return {
        "articles": frozenset(data.get("articles", [])),
        "words": {_fold(k): _fold(v) for k, v in (data.get("word_equivalents") or {}).items()},
        "letters": [tuple(pair) for pair in data.get("letter_rules", [])],
        "vowels": set(data.get("vowels", "aeiou")),
        "semi": set(data.get("semi_vowels", "")),
        "final_h": bool(data.get("drop_final_h_after_vowel", True)),
    }


def rules_version() -> str:
    """A short hash of the transliteration rules: stored keys are stale when it changes."""
    text = resources.files("sitrep.data").joinpath("geo_translit.yml").read_bytes()
    return hashlib.sha1(text + _CODE_VERSION.encode()).hexdigest()[:12]


# bump when the key algorithm below changes (the data file hash covers the rules)
_CODE_VERSION = "1"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = text.replace("-", " ").replace("_", " ")
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` folds to ASCII (skip Arabic, Cyrillic, ... alternate names)."""
    folded = unicodedata.normalize("NFKD", text)
    return all(ord(ch) < 128 or unicodedata.combining(ch) or not ch.isalpha() for ch in folded) and any(
        ch.isalpha() for ch in text
    )


def exact_key(name: str) -> str:
    """Case-, diacritic- and punctuation-folded name ("Deir ez-Zor" -> "deir ez zor")."""
    return _fold(name)


def _word_mid(word: str, rules: dict[str, Any]) -> str:
    word = rules["words"].get(word, word)
    for src, dst in rules["letters"]:
        word = word.replace(src, dst)
    word = re.sub(r"(.)\1+", r"\1", word)
    if rules["final_h"] and len(word) > 2 and word.endswith("h") and word[-2] in rules["vowels"]:
        word = word[:-1]
    return word


def _words(name: str, rules: dict[str, Any]) -> list[str]:
    words = exact_key(name).split()
    # drop article words before another word; keep a lone word ("As" is not a place, but do not empty it)
    return [w for i, w in enumerate(words) if w and not (w in rules["articles"] and i + 1 < len(words))]


def mid_key(name: str) -> str:
    """The transliteration rules without the vowel folding ("Dayr az Zawr" -> "deir zawr"): for checks."""
    rules = _rules()
    return " ".join(_word_mid(w, rules) for w in _words(name, rules))


def _word_key(word: str, rules: dict[str, Any]) -> str:
    word = rules["words"].get(word, word)
    for src, dst in rules["letters"]:
        word = word.replace(src, dst)
    # doubled letters ("Raqqa", "Tall") carry no information in transliteration
    word = re.sub(r"(.)\1+", r"\1", word)
    if rules["final_h"] and len(word) > 2 and word.endswith("h") and word[-2] in rules["vowels"]:
        word = word[:-1]
    out: list[str] = []
    vowels, semi = rules["vowels"], rules["semi"]
    for i, ch in enumerate(word):
        # a semi-vowel next to a vowel is part of the vowel ("Zawr", "Dayr", "Sweida"), not word-initially
        is_v = ch in vowels or (
            ch in semi and i > 0 and (word[i - 1] in vowels or word[i + 1 : i + 2] in vowels)
        )
        if is_v:
            if not out or out[-1] != "*":
                out.append("*")
        else:
            out.append(ch)
    return "".join(out)


def alias_key(name: str) -> str:
    """Transliteration-normalised key: "Ar-Raqqah", "Raqqa", "Rakka" -> "r*k*"."""
    rules = _rules()
    return " ".join(_word_key(w, rules) for w in _words(name, rules))
