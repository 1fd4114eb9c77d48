"""Typed exceptions raised by the library; the CLI turns them into one-line errors and exit codes."""


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""

    exit_code = 3


class InputError(SitrepError):
    """An input could not be read at all (missing path, unreadable directory)."""

    exit_code = 1


class ArticleRejected(SitrepError):
    """One article was rejected; ``status`` is the short reason stored on the article."""

    exit_code = 1

    def __init__(self, status: str, message: str | None = None):
        super().__init__(message or status)
        self.status = status
        self.message = message or status


class ModelNotFound(SitrepError):
    """The configured spaCy model is not installed."""


class StoreError(SitrepError):
    """The database could not be opened, migrated or written."""


class GazetteerError(SitrepError):
    """A gazetteer file could not be imported."""


class EvalError(SitrepError):
    """An evaluation set could not be read."""


class EngineError(SitrepError):
    """The execution engine (a Dask cluster) is unavailable or misconfigured."""


class BasemapError(SitrepError):
    """The vendored basemap (country boundaries) is missing: run ``make vendor``."""


class NotFound(SitrepError):
    """An event, article or correction asked for is not stored."""

    exit_code = 1


class CorrectionError(SitrepError):
    """An analyst's correction is invalid (unknown field, bad value, events that cannot be merged)."""

    exit_code = 2


class ReportError(SitrepError):
    """A situation report could not be built or rendered (bad period, unknown format, missing extra)."""
