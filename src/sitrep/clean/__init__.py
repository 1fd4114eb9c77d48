"""Clean stage: boilerplate removal with offsets kept (``clean_text(raw) -> (text, OffsetMap)``)."""

from sitrep.clean.cleaner import clean_text, split_sentences

__all__ = ["clean_text", "split_sentences"]
