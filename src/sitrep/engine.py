"""Scale-out: the nlp, extract and geo stages on a Dask cluster (``--engine dask [--scheduler ADDRESS]``).

The input is cut into the same batches as on one machine; each batch is one Dask task that runs
:func:`sitrep.pipeline.process` on a worker (the model and the gazetteer are loaded once per worker
process and kept). Results come back in input order, so what lands in the store — and the fusion, which
runs once over the whole store after the extractions are stored — is the same as a one-process run.
At most ``2 x workers`` batches are in flight: the corpus is streamed, never held.

Without ``scheduler`` a ``distributed.LocalCluster`` of ``Settings.workers`` processes (one thread each)
is started for the run. With ``scheduler`` (``tcp://host:8786``) the run uses that cluster: its workers
need sitrep and the same spaCy model installed. They read the gazetteer of the store only when the store
is a server database they can reach (PostgreSQL); with a SQLite store they use the embedded gazetteer.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .config import Settings
from .errors import EngineError
from .records import Article, ArticleExtraction

log = logging.getLogger(__name__)

__all__ = ["process_dask"]


def _client(settings: Settings):  # noqa: ANN202 - distributed types are optional
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(
            "--engine dask needs Dask's distributed scheduler: pip install 'sitrep[dask]'"
        ) from exc
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler {settings.scheduler}: {exc}") from exc
    # Dask's scheduler and nannies log every connection at INFO: keep sitrep's own log readable
    # (distributed sets its own logger to INFO on import; -vv shows it all again)
    quiet = (
        logging.DEBUG if logging.getLogger("sitrep").getEffectiveLevel() <= logging.DEBUG else logging.WARNING
    )
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(quiet)
    cluster = LocalCluster(
        n_workers=max(1, settings.workers),
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clash with another run's dashboard
        silence_logs=logging.WARNING,
    )
    return Client(cluster), cluster


def _worker_db(db: str | None, settings: Settings) -> str | None:
    """The store whose gazetteer the workers read: a local SQLite file only on a local cluster."""
    from .store import database_url

    if db is None or not settings.scheduler or not database_url(db).startswith("sqlite"):
        return db
    log.info("remote Dask workers cannot read the SQLite store %s: they use the embedded gazetteer", db)
    return None


def process_dask(
    articles: Iterable[Article],
    *,
    settings: Settings,
    db: str | None = None,
    progress=None,
) -> Iterator[ArticleExtraction]:
    """:func:`sitrep.pipeline.process` over a Dask cluster, batch by batch, results in input order."""
    from .pipeline import _batches, _worker_batch

    client, cluster = _client(settings)
    one = replace(settings, workers=1, engine="local", scheduler=None)
    worker_db = _worker_db(db, settings)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or settings.workers)
        pending: deque = deque()
        for batch in _batches(articles, settings.batch_size):
            future = client.submit(_worker_batch, (batch, one, worker_db), pure=False)
            pending.append((future, batch))
            if len(pending) >= 2 * n_workers:
                yield from _collect(*pending.popleft(), progress)
        while pending:
            yield from _collect(*pending.popleft(), progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(future, batch: list[Article], progress) -> Iterator[ArticleExtraction]:  # noqa: ANN001
    """The extractions of one batch; a batch whose task failed (a lost worker, after Dask's retries)
    becomes a per-article error, and the run goes on."""
    try:
        extractions = future.result()
    except Exception as exc:  # the task's own exception, re-raised by Dask
        log.error("a Dask task failed on %d articles: %s", len(batch), exc)
        extractions = []
        for article in batch:
            if article.ok:
                article.status, article.message = "error", f"worker failed: {exc}"
            extractions.append(ArticleExtraction(article))
    for extraction in extractions:
        if progress:
            progress(extraction.article)
        yield extraction
