"""Bytes to text: BOMs, UTF-8, declared HTML charsets, then charset-normalizer; binary detection."""

from __future__ import annotations

import codecs
import logging
import re

from sitrep.errors import ArticleRejected

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: bytes that never occur in text files (C0 controls other than tab, newline, form feed, carriage return)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
#: a text whose share of control characters exceeds this is binary, not text
_MAX_CONTROL_SHARE = 0.05
_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (the start of a file) is not text: NUL bytes or many control characters."""
    head = data[:_SNIFF]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False  # UTF-16/32 text has NULs but announces itself
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Order: a byte-order mark; UTF-8; for HTML the ``<meta charset>`` the page declares; then
    charset-normalizer's best guess (which handles e.g. Windows-1256 Arabic pages).
    Raises :class:`ArticleRejected` ("binary" or "bad encoding") when no decoding is credible.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ArticleRejected(
                    "bad encoding", f"invalid {enc} after a byte-order mark: {exc.reason}"
                ) from exc
    if looks_binary(data):
        raise ArticleRejected("binary", "binary content (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore")
            try:
                return data.decode(declared), codecs.lookup(declared).name
            except (LookupError, UnicodeDecodeError):
                log.debug("declared charset %r does not decode the page", declared)
    from charset_normalizer import from_bytes  # imported lazily: only needed for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise ArticleRejected("bad encoding", "not valid UTF-8 and no other encoding fits")
    text = str(best)
    log.info("decoded non-UTF-8 input as %s", best.encoding)
    return text, best.encoding
