"""sitrep: news reports on armed conflict in; ACLED-style events, figures and sources out.

The Python API mirrors the CLI::

    import sitrep
    result = sitrep.extract(["articles/"], published=None)      # no store
    report = sitrep.ingest(["articles/"], db="sitrep.db")        # into a store, fused with what is there
    result = sitrep.events(db="sitrep.db", since=date(2017, 4, 1))
    sitrep.export.write(result, sys.stdout, "csv")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sitrep")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__", "extract", "ingest", "events", "process"]


def __getattr__(name: str):
    # The pipeline imports spaCy; load it only when the API is used, so `import sitrep` stays fast.
    if name in ("extract", "ingest", "events", "process"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
