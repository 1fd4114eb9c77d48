"""Boilerplate removal that keeps every character of the cleaned text traceable to the raw text.

The cleaner never rewrites text: it decides which raw character spans to *drop* (furniture, duplicate
captions, surplus whitespace) and the cleaned text is the concatenation of the kept raw slices, with a
single ``"\\n"`` inserted where a removal (or a headline/dateline boundary) would otherwise glue two words
together. :class:`~sitrep.records.OffsetMap` records the kept slices.

Real scraped corpora are often one line per article, so every rule works at sentence level as well as at
line level; sentences come from a light regex splitter (:func:`split_sentences`), not spaCy, for speed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from sitrep.clean.rules import CleanRules, load_rules
from sitrep.ingest.dateline import find_dateline
from sitrep.records import OffsetMap

log = logging.getLogger(__name__)

#: a sentence-final punctuation run (with closing quotes/brackets), then whitespace, then a likely start.
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.*$")
_LINE = re.compile(r"[^\n]+")
_WS_RUN = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")
#: a clock time right after a head dateline ("Fri 07 Apr 2017 at 0914 Homs ...").
_TIME_AFTER_DATE = re.compile(r"(?:\s*(?:at\s*)?\d{1,2}:?\d{2}(?:\s*(?:GMT|UTC|am|pm))?)?", re.I)
#: a dash after a parenthesised agency name makes it a dateline ("BEIRUT (AFP) -"), not a caption credit.
_DATELINE_DASH = re.compile(r"\s*[-\u2013\u2014]")
#: glue spans (mojibake inside a word) must not get a separator.
_GLUE = re.compile(r"^(?:\ufffd|ï¿½)+$")
#: the longest sentence taken for a photo caption; longer ones are body text, only the credit goes.
_MAX_CAPTION = 400

Span = tuple[int, int, bool]  # (raw start, raw end, needs a separator when both sides are non-space)


def split_sentences(text: str, *, abbreviations: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` spans of lines and sentences (whitespace excluded).

    A newline always ends a unit; inside a line a sentence ends at ``.``/``!``/``?`` (and closing
    quotes) followed by whitespace and a capital, digit or opening quote, unless the word before the
    period is an abbreviation ("Gen.", "U.S.") or a single initial.
    """
    abbr = frozenset(abbreviations) if abbreviations is not None else load_rules().abbreviations
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        ls, le = line.span()
        start = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            if text[m.start()] == ".":
                w = _WORD_BEFORE.search(text, max(ls, m.start() - 30), m.start() + 1)
                word = w.group(1).lower().rstrip(".") if w else ""
                if word in abbr or (len(word) == 1 and word.isalpha()):
                    continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, le))
    out = []
    for s, e in spans:
        seg = text[s:e]
        stripped = seg.strip()
        if stripped:
            s2 = s + (len(seg) - len(seg.lstrip()))
            out.append((s2, s2 + len(stripped)))
    return out


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _head_label_spans(raw: str, rules: CleanRules) -> list[Span]:
    start = _skip_ws(raw, 0)
    for rx in rules.head_labels:
        m = rx.match(raw, start)
        # only a label that introduces a date: "Published February 18 2015", not "Published reports ..."
        if m and m.end() > start and re.search(r"\d", raw[m.end() : m.end() + 25]):
            return [(m.start(), _skip_ws(raw, m.end()), False)]
    return []


def _inline_spans(raw: str, rules: CleanRules) -> list[Span]:
    spans = []
    for rx in rules.inline:
        for m in rx.finditer(raw):
            if m.end() > m.start():
                glue = bool(_GLUE.match(m.group()))
                spans.append((m.start(), m.end() if glue else _skip_ws(raw, m.end()), not glue))
    return spans


def _is_prose(text: str, rules: CleanRules) -> bool:
    """A real sentence of running text, as opposed to a headline list or a footer line."""
    if not text or text.rstrip("\"'\u201d\u2019)]")[-1:] not in (".", "!", "?"):
        return False
    words = _TOKEN.findall(text)
    if len(words) < rules.prose_min_words:
        return False
    if sum(1 for w in words if w.lower().strip(".,;:\"'") in rules.list_body_words) < 2:
        return False
    return not any(rx.fullmatch(text) for rx in rules.drop_units)


def _tail_span(raw: str, units: list[tuple[int, int]], rules: CleanRules) -> list[Span]:
    lo = int(len(raw) * rules.tail_after_fraction)
    first = None
    for rx in rules.tail_markers:
        m = rx.search(raw, lo)
        if m and (first is None or m.start() < first):
            first = m.start()
    for rx in rules.weak_tail_markers:
        for m in rx.finditer(raw, lo, first if first is not None else len(raw)):
            if not any(_is_prose(raw[s:e], rules) for s, e in units if s >= m.end()):
                first = m.start()
                break
    return [(first, len(raw), True)] if first is not None else []


def _list_spans(raw: str, rules: CleanRules) -> list[Span]:
    """Inline keyword lists after a label ("Tags Syria Aleppo airstrikes The regime ...")."""
    spans = []
    for rx in rules.list_labels:
        for m in rx.finditer(raw):
            end = m.end()  # no recognisable end: only the label goes
            caps: list[int] = []  # starts of capitalised tokens seen so far
            for k, tok in enumerate(_TOKEN.finditer(raw, m.end())):
                if k >= rules.list_max_words or "\n" in raw[m.end() : tok.start()]:
                    break
                word = tok.group().strip("\"'()[],;:")
                if k > 0 and word in rules.list_openers:
                    end = tok.start()
                    break
                if k > 0 and word in rules.list_body_words:
                    # prose has begun: its sentence started at the last capitalised word
                    if caps and caps[-1] > m.end():
                        end = caps[-1]
                    break
                if word[:1].isupper():
                    caps.append(tok.start())
                if tok.group()[-1] in ".!?":
                    end = tok.end()
                    break
            spans.append((m.start(), _skip_ws(raw, end), True))
    return spans


def _caption_spans(raw: str, units: list[tuple[int, int]], rules: CleanRules) -> list[Span]:
    spans = []
    for rx in rules.caption_credits:
        for m in rx.finditer(raw):
            after = raw[m.end() : m.end() + 3]
            if _DATELINE_DASH.match(raw, m.end()):
                continue
            # a credit ends a caption: it is followed by a new sentence (or the end), not by prose
            if after.strip() and not re.match(r"\s+[\"'(\[]?[A-Z0-9]", raw[m.end() : m.end() + 4]):
                continue
            # the caption is the sentence the credit closes (or the one before it, "... city. (AFP)")
            idx = max((i for i, (s, _e) in enumerate(units) if s <= m.start()), default=None)
            cap_start = m.start()
            if idx is not None:
                s, _e = units[idx]
                if not raw[s : m.start()].strip() and idx > 0:
                    s = units[idx - 1][0]
                cap_start = s
            if cap_start <= _skip_ws(raw, 0):
                # at the article head the "caption sentence" swallowed headline and dateline: keep them
                dl = find_dateline(raw[cap_start : m.start()])
                if dl is not None:
                    cap_start = _skip_ws(raw, cap_start + dl[2])
            if m.start() - cap_start > _MAX_CAPTION:
                cap_start = m.start()
            spans.append((cap_start, _skip_ws(raw, m.end()), True))
    return spans


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", s.lower()).split())


def _unit_spans(raw: str, units: list[tuple[int, int]], masked: list[Span], rules: CleanRules) -> list[Span]:
    spans = []
    seen: set[str] = set()
    for s, e in units:
        text = raw[s:e]
        drop = any(rx.fullmatch(text) for rx in rules.drop_units)
        if not drop:
            rest = _subtract(s, e, masked)
            visible = "".join(raw[a:b] for a, b in rest)
            # nothing left once inline furniture is gone, or what is left is furniture
            drop = not re.search(r"\w", visible) or any(
                rx.fullmatch(visible.strip()) for rx in rules.drop_units
            )
        if not drop:
            key = _norm(text)
            if len(key) >= rules.duplicate_min_chars:
                if key in seen:
                    drop = True  # a repeated caption or a page printed twice: keep the first
                seen.add(key)
        if drop:
            spans.append((s, _skip_ws(raw, e), True))
    # whole repeated lines (multi-line input): same rule as sentences
    seen_lines: set[str] = set()
    for line in _LINE.finditer(raw):
        key = _norm(line.group())
        if len(key) >= rules.duplicate_min_chars:
            if key in seen_lines:
                spans.append((line.start(), line.end(), True))
            seen_lines.add(key)
    return spans


def _subtract(s: int, e: int, spans: list[Span]) -> list[tuple[int, int]]:
    """The parts of ``[s, e)`` not covered by ``spans`` (sorted, merged)."""
    out = []
    cur = s
    for a, b, _sep in spans:
        if b <= cur or a >= e:
            continue
        if a > cur:
            out.append((cur, a))
        cur = max(cur, b)
    if cur < e:
        out.append((cur, e))
    return out


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for a, b, sep in sorted(spans):
        if merged and a <= merged[-1][1]:
            pa, pb, psep = merged[-1]
            merged[-1] = (pa, max(pb, b), psep or sep)
        else:
            merged.append((a, b, sep))
    return merged


def _boundary_spans(raw: str, title: str | None) -> list[Span]:
    """Separators after a head dateline and after a headline that runs into the first sentence.

    Scraped one-line articles glue "12 February 2015 Casualties mount ..." or a headline without a
    period to the lede; a ``"\\n"`` there keeps the sentence splitter (and spaCy) from merging them.
    """
    spans = []
    dl = find_dateline(raw)
    if dl is not None:
        t = _TIME_AFTER_DATE.match(raw, dl[2])
        end = t.end() if t else dl[2]
        ws = _skip_ws(raw, end)
        if (
            end < ws < len(raw)
            and "\n" not in raw[end:ws]
            and (raw[ws].isupper() or raw[ws].isdigit() or raw[ws] in "\"'")
        ):
            spans.append((end, ws, True))
    if title and title.strip():
        head = raw[: len(title) + 200].lower()
        i = head.find(title.strip().lower())
        if i >= 0:
            end = i + len(title.strip())
            ws = _skip_ws(raw, end)
            if (
                end < ws < len(raw)
                and "\n" not in raw[end:ws]
                and raw[end - 1] not in ".!?:"
                and raw[ws].isupper()
            ):
                spans.append((end, ws, True))
    return spans


def _assemble(raw: str, drops: list[Span]) -> tuple[str, OffsetMap]:
    """Concatenate the kept raw slices, collapsing whitespace runs to one raw character."""
    pieces: list[str] = []
    segments: list[list[int]] = []
    clean_len = 0
    last_char = ""  # last character emitted ("" at start)
    pending_sep = False

    def emit(raw_start: int, length: int) -> None:
        nonlocal clean_len, last_char
        if (
            segments
            and segments[-1][1] + segments[-1][2] == raw_start
            and segments[-1][0] + segments[-1][2] == clean_len
        ):
            segments[-1][2] += length
        else:
            segments.append([clean_len, raw_start, length])
        pieces.append(raw[raw_start : raw_start + length])
        clean_len += length
        last_char = raw[raw_start + length - 1]

    pos = 0
    kept: list[tuple[int, int, bool]] = []  # (start, end, separator needed before it)
    for a, b, sep in drops:
        if a > pos:
            kept.append((pos, a, False))
        kept.append((a, a, sep))  # zero-width marker carrying the separator flag
        pos = max(pos, b)
    if pos < len(raw):
        kept.append((pos, len(raw), False))

    for s, e, sep in kept:
        if s == e:
            pending_sep = pending_sep or sep
            continue
        i = s
        for ws in _WS_RUN.finditer(raw, s, e):
            if ws.start() > i:
                if pending_sep and last_char and not last_char.isspace():
                    pieces.append("\n")
                    clean_len += 1
                    last_char = "\n"
                pending_sep = False
                emit(i, ws.start() - i)
            if last_char and not last_char.isspace():
                run = ws.group()
                # keep one raw character of the run: a newline if there is one (a line break), else a space
                k = run.find("\n")
                if k < 0:
                    k = run.find(" ")
                emit(ws.start() + max(k, 0), 1)
                pending_sep = False
            i = ws.end()
        if e > i:
            if pending_sep and last_char and not last_char.isspace():
                pieces.append("\n")
                clean_len += 1
                last_char = "\n"
            pending_sep = False
            emit(i, e - i)
    text = "".join(pieces)
    # whitespace runs are single characters by now: at most one trails, and it ends the last segment
    if text and text[-1].isspace():
        text = text[:-1]
        segments[-1][2] -= 1
        if segments[-1][2] == 0:
            segments.pop()
    return text, OffsetMap(segments=[tuple(s) for s in segments])


def clean_text(raw: str, *, title: str | None = None) -> tuple[str, OffsetMap]:
    """Return the main text of ``raw`` without scraped furniture, and the map back to ``raw``.

    Removes furniture lines/sentences (share/subscribe/follow, "Read more", tag lists, copyright and
    publisher notes, photo captions with their credit, page tails after "Related news"...), sentences or
    lines repeated verbatim (keeping the first) and surplus whitespace. Patterns live in
    ``data/boilerplate.yml``. ``title``, when known, lets the cleaner separate a headline that runs into
    the first sentence. Every character of the result comes from ``raw`` except single ``"\\n"``
    separators; ``OffsetMap.to_raw`` maps cleaned offsets back.
    """
    if not raw:
        return "", OffsetMap()
    rules = load_rules()
    units = split_sentences(raw, abbreviations=rules.abbreviations)
    drops: list[Span] = []
    drops += _head_label_spans(raw, rules)
    drops += _inline_spans(raw, rules)
    drops += _tail_span(raw, units, rules)
    drops += _list_spans(raw, rules)
    drops += _caption_spans(raw, units, rules)
    masked = _merge(drops)
    drops += _unit_spans(raw, units, masked, rules)
    drops += _boundary_spans(raw, title)
    text, offsets = _assemble(raw, _merge(drops))
    log.debug("cleaner kept %d of %d characters", len(text), len(raw))
    return text, offsets
