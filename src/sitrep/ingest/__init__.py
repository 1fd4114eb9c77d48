"""Ingest stage: read inputs into :class:`~sitrep.records.Article` records (``read_inputs``)."""

from sitrep.ingest.dateline import find_dateline
from sitrep.ingest.language import detect_language
from sitrep.ingest.reader import read_inputs

__all__ = ["detect_language", "find_dateline", "read_inputs"]
