"""Readers for every input kind (.txt, .html/.htm, .jsonl, directories, ``-`` for JSONL on stdin).

Every input item becomes one :class:`~sitrep.records.Article`, rejected items included: a bad file or a
broken JSON line gets ``status`` (a short code) and ``message`` (one line for the user) and the batch
goes on. Items are yielded one at a time; JSONL is read line by line, so a corpus is never held whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from sitrep import clean as _clean  # module import: sitrep.clean itself imports sitrep.ingest.dateline
from sitrep.config import Settings
from sitrep.errors import ArticleRejected
from sitrep.ingest.dateline import find_dateline
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.language import detect_language
from sitrep.records import STATUS_OK, Article, OffsetMap

log = logging.getLogger(__name__)

#: input suffixes read when walking a directory, and the reader for each
SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
#: an article needs at least this many words to be worth extracting ("Aleppo." is not an article)
MIN_WORDS = 3
#: Latin-script text this long whose language cannot be told is rejected as "not English (und)";
#: shorter undecided text is let through (headlines carry few function words)
UNDECIDED_MIN_WORDS = 30
#: a word has a letter ("0:0:0" is no text of three words)
_WORD = re.compile(r"\w*[^\W\d_]\w*")
_MAX_TITLE = 300

# Short status codes (see records.Article.status).
MISSING, UNREADABLE, EMPTY, BINARY = "missing", "unreadable", "empty", "binary"
TOO_LARGE, TOO_SHORT, BAD_JSON, BAD_ENCODING = "too large", "too short", "bad json", "bad encoding"


def read_inputs(
    inputs: Iterable[str], *, published: date | None = None, settings: Settings | None = None
) -> Iterator[Article]:
    """Yield one :class:`Article` per input item, in input order (directories sorted, recursively).

    ``inputs`` mixes paths of ``.txt``, ``.html``/``.htm`` and ``.jsonl`` files, directories, and ``"-"``
    (JSONL on stdin). ``published`` is the fallback publication date when neither metadata nor a
    dateline gives one. Rejected items are yielded too (``status != "ok"``); this never raises for a
    bad item.
    """
    settings = settings or Settings()
    for item in inputs:
        item = str(item)
        if item == "-":
            stream = getattr(sys.stdin, "buffer", None) or _EncodedLines(sys.stdin)
            yield from _read_jsonl_stream(stream, "<stdin>", published, settings)
            continue
        path = Path(item)
        try:
            exists, is_dir = path.exists(), path.is_dir()
        except OSError as exc:  # e.g. a path below a directory we may not search
            yield _rejected(item, UNREADABLE, f"cannot access {item}: {exc.strerror or exc}")
            continue
        if not exists:
            yield _rejected(item, MISSING, f"no such file or directory: {item}")
        elif is_dir:
            yield from _read_dir(path, published, settings)
        else:
            yield from _read_file(path, published, settings)


class _EncodedLines:
    """A binary ``readline`` over a text stream (stdin replaced by a StringIO, as in tests)."""

    def __init__(self, stream: IO[str]):
        self._stream = stream

    def readline(self, limit: int = -1) -> bytes:
        return self._stream.readline(limit).encode("utf-8")


# --- paths --------------------------------------------------------------------------------------------


def _read_dir(root: Path, published: date | None, settings: Settings) -> Iterator[Article]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from _walk_errors(errors)
        dirnames.sort()  # os.walk follows this order: deterministic output
        for name in sorted(filenames):
            if Path(name).suffix.lower() in SUFFIXES:
                yield from _read_file(Path(dirpath) / name, published, settings)
    yield from _walk_errors(errors)


def _walk_errors(errors: list[OSError]) -> Iterator[Article]:
    while errors:
        exc = errors.pop(0)
        where = str(exc.filename or "?")
        yield _rejected(where, UNREADABLE, f"cannot read directory {where}: {exc.strerror or exc}")


def _read_file(path: Path, published: date | None, settings: Settings) -> Iterator[Article]:
    origin = str(path)
    kind = SUFFIXES.get(path.suffix.lower(), "txt")  # an explicitly named file of another suffix: text
    try:
        size = path.stat().st_size
        if kind == "jsonl":
            with path.open("rb") as fh:
                yield from _read_jsonl_stream(fh, origin, published, settings)
            return
        if size > settings.max_file_bytes:
            yield _rejected(
                origin, TOO_LARGE, f"file is {size} bytes, over the limit of {settings.max_file_bytes}"
            )
            return
        data = path.read_bytes()
    except PermissionError as exc:
        yield _rejected(origin, UNREADABLE, f"permission denied: {exc.filename or origin}")
        return
    except OSError as exc:
        yield _rejected(origin, UNREADABLE, f"cannot read {origin}: {exc.strerror or exc}")
        return
    yield _from_bytes(data, kind, origin, published, settings)


def _from_bytes(data: bytes, kind: str, origin: str, published: date | None, settings: Settings) -> Article:
    if not data.strip():
        return _rejected(origin, EMPTY, "empty file")
    try:
        text, _encoding = decode_bytes(data, html=kind == "html")
    except ArticleRejected as exc:
        return _rejected(origin, exc.status, exc.message, content_hash=_sha(data))
    if kind == "html":
        return _from_html(text, origin=origin, published=published, settings=settings)
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    return _article(
        text,
        origin=origin,
        title=title[:_MAX_TITLE] if title else None,
        published=published,
        settings=settings,
    )


# --- JSONL --------------------------------------------------------------------------------------------


def _read_jsonl_stream(fh: Any, name: str, published: date | None, settings: Settings) -> Iterator[Article]:
    limit = settings.max_file_bytes
    lineno = 0
    while True:
        try:
            line = fh.readline(limit + 1)
        except OSError as exc:
            yield _rejected(f"{name}:{lineno + 1}", UNREADABLE, f"read error: {exc.strerror or exc}")
            return
        if not line:
            return
        lineno += 1
        origin = f"{name}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield _rejected(origin, TOO_LARGE, f"line is over the limit of {limit} bytes")
            continue
        if not line.strip():
            continue  # blank lines separate nothing and are not items
        yield _from_json_line(line, origin, published, settings)


def _from_json_line(line: bytes, origin: str, published: date | None, settings: Settings) -> Article:
    try:
        text_line, _ = decode_bytes(line)
    except ArticleRejected as exc:
        return _rejected(origin, exc.status, exc.message, content_hash=_sha(line))
    try:
        obj = json.loads(text_line)
    except json.JSONDecodeError as exc:
        return _rejected(
            origin, BAD_JSON, f"broken JSON: {exc.msg} (column {exc.colno})", content_hash=_sha(line)
        )
    if not isinstance(obj, dict):
        return _rejected(origin, BAD_JSON, f"expected a JSON object, got {type(obj).__name__}")
    given_id = obj.get("id")
    fields = {k: obj.get(k) for k in ("text", "html", "title", "url", "outlet", "published")}
    bad = [k for k, v in fields.items() if v is not None and not isinstance(v, str)]
    if given_id is not None and not isinstance(given_id, str | int):
        bad.append("id")
    if bad:
        return _rejected(origin, BAD_JSON, f"field(s) {', '.join(bad)} must be strings", given_id=given_id)
    meta_date = _parse_iso(fields["published"], origin) if fields["published"] else None
    common = {
        "origin": origin,
        "given_id": str(given_id) if given_id is not None else None,
        "url": fields["url"] or None,
        "outlet": fields["outlet"] or None,
        "published": published,
        "settings": settings,
        "meta_date": meta_date,
    }
    if fields["text"] and fields["text"].strip():
        title = (fields["title"] or "").strip() or None
        return _article(fields["text"], title=title, **common)
    if fields["html"] and fields["html"].strip():
        return _from_html(fields["html"], title=(fields["title"] or "").strip() or None, **common)
    return _rejected(origin, EMPTY, "no 'text' or 'html' in the JSON object", given_id=common["given_id"])


# --- HTML ---------------------------------------------------------------------------------------------


def _from_html(
    html: str,
    *,
    origin: str,
    published: date | None,
    settings: Settings,
    title: str | None = None,
    given_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    meta_date: date | None = None,
) -> Article:
    content_hash = _sha(html.encode("utf-8"))
    if len(html) > settings.max_file_bytes:
        return _rejected(origin, TOO_LARGE, f"HTML is over the limit of {settings.max_file_bytes} characters")
    import trafilatura  # imported lazily: heavy, and only HTML input needs it

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup: reject, go on
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        return _rejected(
            origin, EMPTY, f"HTML could not be parsed: {type(exc).__name__}", content_hash=content_hash
        )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return _rejected(
            origin, EMPTY, "no main text found in the HTML", content_hash=content_hash, given_id=given_id
        )
    if meta_date is None:
        meta_date = _html_date(doc, html, origin)
    return _article(
        text,
        origin=origin,
        title=title or getattr(doc, "title", None),
        given_id=given_id,
        url=url or getattr(doc, "url", None),
        outlet=outlet or getattr(doc, "sitename", None),
        published=published,
        settings=settings,
        meta_date=meta_date,
        content_hash=content_hash,
    )


def _html_date(doc: Any, html: str, origin: str) -> date | None:
    found = getattr(doc, "date", None)
    if not found:
        try:
            from htmldate import find_date

            found = find_date(html, extensive_search=False, original_date=True)
        except Exception:  # htmldate is a best-effort fallback
            log.debug("htmldate failed on %s", origin, exc_info=True)
            found = None
    return _parse_iso(found, origin) if found else None


# --- building the article -----------------------------------------------------------------------------


def _article(
    text: str,
    *,
    origin: str,
    published: date | None,
    settings: Settings,
    title: str | None = None,
    given_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    meta_date: date | None = None,
    content_hash: str | None = None,
) -> Article:
    """Check, clean and date one decoded text; the result's status says whether it is usable."""
    content_hash = content_hash or _sha(text.encode("utf-8"))
    art_id = given_id or f"art-{content_hash[:16]}"
    base: dict[str, Any] = {
        "id": art_id,
        "title": title,
        "outlet": outlet,
        "url": url,
        "origin": origin,
        "content_hash": content_hash,
    }
    if not text.strip():
        return Article(text="", status=EMPTY, message="empty text", **base)
    if len(text) > settings.max_article_chars:
        return Article(
            text="",
            status=TOO_LARGE,
            message=f"text is {len(text)} characters, over the limit of {settings.max_article_chars}",
            **base,
        )
    cleaned, offsets = _clean.clean_text(text, title=title)
    base.update(raw_text=text, offsets=offsets)
    if not cleaned.strip():
        return Article(
            text=cleaned, status=EMPTY, message="nothing left after removing page furniture", **base
        )
    n_words = len(_WORD.findall(cleaned))
    if n_words < MIN_WORDS:
        return Article(text=cleaned, status=TOO_SHORT, message=f"only {n_words} word(s)", **base)
    lang, _conf = detect_language(cleaned)
    if lang is None and n_words >= UNDECIDED_MIN_WORDS:
        lang = "und"
    base["language"] = lang
    if lang is not None and lang != "en":
        return Article(
            text=cleaned, status=f"not English ({lang})", message=f"language detected: {lang}", **base
        )
    pub, source = _publication_date(meta_date, _body(text, title), published, origin)
    return Article(text=cleaned, status=STATUS_OK, published=pub, published_source=source, **base)


def _body(text: str, title: str | None) -> str:
    """The text after a leading title line: a dateline opens the body, not the headline."""
    head = text.lstrip()
    if title and head.startswith(title):
        return head[len(title) :].lstrip()
    return text


def _publication_date(
    meta_date: date | None, raw: str, default: date | None, origin: str
) -> tuple[date | None, str | None]:
    found = find_dateline(raw)
    dated = _sane_date(found[0], "dateline", origin) if found is not None else None
    if meta_date is not None:
        if dated is not None and dated > meta_date:
            # a text is not published before the date it opens with: the metadata is wrong (scraped
            # listings often carry another day), and relative dates in the text count from the dateline
            log.info(
                "%s: dateline %s is later than the metadata date %s: using the dateline",
                origin,
                dated,
                meta_date,
            )
            return dated, "dateline"
        return meta_date, "metadata"
    if dated is not None:
        return dated, "dateline"
    if default is not None:
        return default, "default"
    return None, None


def _parse_iso(value: str, origin: str) -> date | None:
    try:
        d = date.fromisoformat(value.strip()[:10])
    except ValueError:
        log.warning("%s: ignoring unreadable publication date %r", origin, value)
        return None
    return _sane_date(d, "publication date", origin)


def _sane_date(d: date, what: str, origin: str) -> date | None:
    """``d`` unless it is absurd (before 1900 or in the future), logged and dropped then."""
    if d.year < 1900 or d > date.today():
        log.warning("%s: ignoring implausible %s %s", origin, what, d.isoformat())
        return None
    return d


def _rejected(
    origin: str, status: str, message: str, *, content_hash: str = "", given_id: Any = None
) -> Article:
    art_id = str(given_id) if given_id is not None else f"err-{_sha(origin.encode('utf-8'))[:16]}"
    log.info("%s: rejected (%s): %s", origin, status, message)
    return Article(
        id=art_id,
        text="",
        status=status,
        message=message,
        origin=origin,
        content_hash=content_hash,
        offsets=OffsetMap(),
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
