"""Evaluation of sitrep against labelled data (``sitrep eval ...``)."""

from .acled import AcledReport, evaluate_acled

__all__ = ["AcledReport", "evaluate_acled"]
