"""The pipeline: ingest -> clean -> nlp -> extract -> geo -> fuse -> store / export.

Three public operations, each a thin chain of the stages; the CLI and the Python API call these:

- :func:`extract` runs everything on some inputs and returns a :class:`~sitrep.records.Result` (no store);
- :func:`ingest` runs the same pipeline into a store, fusing new articles with what is already there;
- :func:`events` reads what is stored back, with filters.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from . import nlp as nlp_stage
from .config import Settings
from .corrections import apply_corrections
from .errors import EngineError
from .extract import extract_article
from .fuse import assign_event_ids, fuse
from .fuse.parts import independent_parts
from .fuse.stories import Story, assign_stories
from .fuse.stories import stories as find_stories
from .geo import Geocoder, default_geocoder
from .geo.gazetteer import country_keys
from .geo.geocoder import pick_event_location
from .geo.normalize import exact_key
from .ingest import read_inputs
from .records import (
    Article,
    ArticleExtraction,
    Correction,
    Event,
    EventChange,
    EventMention,
    GeoResult,
    PlaceMention,
    Result,
)
from .store import DEFAULT_DB, Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: called once per article read (ok or rejected): used by the CLI for its progress bar.
ProgressCallback = Callable[[Article], None]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def country_hint_for(places: list[PlaceMention], default: str | None = None) -> str | None:
    """The geocoder's country hint (ISO alpha-2) for an article: the country its event places name most
    often (a "Britain-based monitor" does not count), else ``default`` (the user's focus country).

    Not :func:`sitrep.extract.article_country`, which names the country for ACLED's actor suffixes.
    """
    keys = country_keys()
    # only countries the text puts events in ("in Iraq"): "US warplanes" and the "US-led coalition" name
    # a party, not a place
    named = Counter(
        keys[k]
        for p in places
        if p.is_event_location and p.relation and (k := exact_key(p.name or p.text)) in keys
    )
    return named.most_common(1)[0][0] if named else default


def geocode_mentions(
    extraction: ArticleExtraction, geocoder: Geocoder, country_hint: str | None = None
) -> None:
    """Place every mention of ONE article.

    All candidate places of the article are resolved in one call (one name means one place in an article,
    and "X town in Dara countryside" narrows X to Dara); each mention then takes its first candidate that
    resolved to a place, else to an admin area, else keeps its first candidate with whatever the chain said.
    """

    def candidates(mention: EventMention) -> list[PlaceMention]:
        return extraction.place_candidates.get(mention.mention_id) or (
            [mention.place] if mention.place else []
        )

    placed = extraction.mentions + extraction.references
    unique: dict[tuple[int, int, str], PlaceMention] = {}
    for mention in placed:
        for place in candidates(mention):
            unique.setdefault((place.start, place.end, place.text), place)
    if not unique:
        return
    keys = list(unique)
    hint = country_hint_for(extraction.places, country_hint)
    answers = dict(zip(keys, geocoder.resolve([unique[k] for k in keys], country_hint=hint), strict=True))
    context: GeoResult | None = None
    for mention in placed:
        cands = candidates(mention)
        if not cands:
            continue
        results = [answers[(p.start, p.end, p.text)] for p in cands]
        picked = pick_event_location(cands, results, (mention.sentence_start, mention.sentence_end))
        mention.place, mention.geo = picked if picked else (cands[0], results[0])
        if picked is None and mention.geo.step == "none":
            # a place the gazetteer does not know ("Castello Road", a village it lacks): the province its
            # article is about, by the places that did resolve (the chain's admin step, from context)
            if context is None:
                context = _context_area(extraction, answers, geocoder, hint) or GeoResult(raw="")
            if context.step == "admin":
                mention.geo = replace(
                    context,
                    raw=mention.geo.raw,
                    step=CONTEXT_STEP,
                    confidence=min(context.confidence, CONTEXT_CONFIDENCE),
                )


#: the geocoding step of a place the gazetteer lacks, placed at the province its article's places are in
CONTEXT_STEP = "context"
CONTEXT_CONFIDENCE = 0.4


def _context_area(
    extraction: ArticleExtraction,
    answers: dict[tuple[int, int, str], GeoResult],
    geocoder: Geocoder,
    hint: str | None,
) -> GeoResult | None:
    """The province (admin1 centroid) most of the article's resolved event places lie in, or None when
    none resolved or two provinces tie (then the context does not say where the unknown place is). Only
    the places the article's events were read with count (``answers``): resolving every place the article
    names put more events at a province and merged more of them wrongly (fusion development pairs:
    precision 0.952 -> 0.930)."""
    counts: Counter[tuple[str, str]] = Counter()
    for p in extraction.places:
        r = answers.get((p.start, p.end, p.text))
        if (
            p.is_event_location
            and r is not None
            and r.step in ("exact", "alias", "fuzzy", "admin")
            and r.admin1
        ):
            counts[(r.country_code or "", r.admin1)] += 1
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    (cc, admin1), _ = ranked[0]
    area = PlaceMention(
        text=admin1, start=0, end=len(admin1), relation="province", name=admin1, kind="admin1"
    )
    (result,) = geocoder.resolve([area], country_hint=cc or hint)
    return result if result.step == "admin" and result.country_code == cc else None


def process(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    geocoder: Geocoder | None = None,
    progress: ProgressCallback | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[ArticleExtraction]:
    """Run nlp, extract and geo over ``articles``, yielding one :class:`ArticleExtraction` per article.

    Rejected articles pass through with no mentions. Articles are streamed in batches of
    ``settings.batch_size`` through ``nlp.pipe(..., as_tuples=True)``, so memory stays flat.
    ``timings``, when given, accumulates the seconds spent in each stage ("read", "nlp", "extract",
    "geo"; "read" includes cleaning), for the benchmark. With ``settings.nlp_thread`` the model runs on
    the next batch in a second thread while this one is extracted: "nlp" is then the time spent waiting
    for it.
    """
    settings = settings or Settings()
    nlp = nlp_stage.load(settings.spacy_model)
    geocoder = geocoder or default_geocoder()
    clock = timings if timings is not None else {}
    tick = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal tick
        now = time.perf_counter()
        clock[stage] = clock.get(stage, 0.0) + now - tick
        tick = now

    def parse(batch: list[Article]) -> dict[str, Doc]:
        ok = [a for a in batch if a.ok]
        docs = {}
        for doc, article in nlp_stage.parse(nlp, ((a.text, a) for a in ok), batch_size=settings.batch_size):
            doc._.sitrep_article_id = article.id
            doc._.sitrep_published = article.published
            docs[article.id] = doc
        return docs

    for batch, docs in _parsed(_batches(articles, settings.batch_size), parse, settings.nlp_thread, lap):
        for article in batch:
            if not article.ok:
                extraction = ArticleExtraction(article)
            else:
                try:
                    extraction = extract_article(docs[article.id], article, settings)
                    lap("extract")
                    geocode_mentions(extraction, geocoder, settings.country_hint)
                    lap("geo")
                except Exception as exc:  # one bad article must not stop the batch
                    log.exception("extraction failed on article %s", article.id)
                    article.status, article.message = "error", f"extraction failed: {exc}"
                    extraction = ArticleExtraction(article)
            if progress:
                progress(article)
            yield extraction
            tick = time.perf_counter()  # the consumer's time (storing, fusing) is not this stage's


def _parsed(
    batches: Iterator[list[Article]],
    parse: Callable[[list[Article]], dict[str, Doc]],
    thread: bool,
    lap: Callable[[str], None],
) -> Iterator[tuple[list[Article], dict[str, Doc]]]:
    """Each batch with its Docs. With ``thread``, the next batch is read and handed to a model thread
    before this one is yielded, so the model parses batch k+1 while the caller extracts batch k (at most
    two batches are in memory). The model's own loops release the GIL; reading and extracting do not."""
    if not thread:
        for batch in batches:
            lap("read")
            docs = parse(batch)
            lap("nlp")
            yield batch, docs
        return
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-nlp") as model:
        pending: deque[tuple[list[Article], cf.Future]] = deque()
        for batch in batches:
            pending.append((batch, model.submit(parse, batch)))
            lap("read")
            if len(pending) > 1:
                done, future = pending.popleft()
                docs = future.result()
                lap("nlp")  # only the time spent waiting for the model thread
                yield done, docs
        while pending:
            done, future = pending.popleft()
            docs = future.result()
            lap("nlp")
            yield done, docs


_WORKER_GEOCODER: dict[str, Geocoder] = {}


def _worker_batch(args: tuple[list[Article], Settings, str | None]) -> list[ArticleExtraction]:
    """One batch in a worker process (its model and gazetteer are loaded once per process)."""
    batch, settings, db = args
    if db not in _WORKER_GEOCODER:
        engine = Store.open(db).engine if db else None
        _WORKER_GEOCODER[db] = default_geocoder(engine)
    one = replace(settings, workers=1, nlp_thread=False)  # one batch: nothing to overlap
    return list(process(batch, settings=one, geocoder=_WORKER_GEOCODER[db]))


def process_parallel(
    articles: Iterable[Article],
    *,
    settings: Settings,
    db: str | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[ArticleExtraction]:
    """:func:`process` over ``settings.workers`` processes, batch by batch, results in input order.

    Each worker loads the model and the gazetteer once (``db``: the store whose imported gazetteer the
    geocoder uses). At most two batches per worker are in flight, so memory stays bounded.
    """
    import concurrent.futures as cf
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no copied model or open store
    with cf.ProcessPoolExecutor(max_workers=settings.workers, mp_context=ctx) as pool:
        pending: list[cf.Future] = []
        batches = _batches(articles, settings.batch_size)
        for batch in batches:
            pending.append(pool.submit(_worker_batch, (batch, settings, db)))
            if len(pending) >= 2 * settings.workers:
                yield from _done(pending.pop(0), progress)
        while pending:
            yield from _done(pending.pop(0), progress)


def _done(future, progress: ProgressCallback | None) -> Iterator[ArticleExtraction]:
    for extraction in future.result():
        if progress:
            progress(extraction.article)
        yield extraction


def _stage(
    articles: Iterable[Article],
    settings: Settings,
    *,
    geocoder: Geocoder | None = None,
    db: str | None = None,
    progress: ProgressCallback | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[ArticleExtraction]:
    if settings.engine == "dask":
        from .engine import process_dask

        return process_dask(articles, settings=settings, db=db, progress=progress)
    if settings.engine != "local":
        raise EngineError(f"unknown engine {settings.engine!r}: use local or dask")
    if settings.workers > 1:
        return process_parallel(articles, settings=settings, db=db, progress=progress)
    return process(articles, settings=settings, geocoder=geocoder, progress=progress, timings=timings)


def extract(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Result:
    """Read ``inputs`` (paths, directories, ``-``), extract and fuse events; nothing is stored."""
    settings = settings or Settings()
    result = Result()
    mentions: list[EventMention] = []
    articles = read_inputs(inputs, published=published, settings=settings)
    for extraction in _stage(articles, settings, progress=progress):
        result.articles.append(extraction.article)
        result.figures.extend(extraction.figures)
        mentions.extend(extraction.mentions)
        mentions.extend(extraction.references)  # fusion attaches them to events, never makes one of them
    result.events = _fused(mentions)
    return result


def _fused(mentions: list[EventMention], corrections: list[Correction] | None = None) -> list[Event]:
    """Fusion as every operation does it: events, the analyst's corrections (a corrected field is never
    the machine's), their ids on the figures, and their stories."""
    events = fuse(mentions)
    if corrections:
        events = apply_corrections(events, corrections)
    assign_event_ids(events)
    assign_stories(events)
    return events


def _fused_part(mentions: list[EventMention], corrections: list[Correction] | None = None) -> list[Event]:
    """:func:`_fused` of one independent part of a store (stories are chained over all parts after)."""
    events = fuse(mentions)
    if corrections:
        events = apply_corrections(events, corrections)
    assign_event_ids(events)
    return events


def refuse_store(store: Store, add_corrections: Iterable[Correction] = ()) -> list[EventChange]:
    """Re-fuse every mention of ``store`` (storing ``add_corrections`` first), one independent part of the
    mentions at a time (:func:`sitrep.fuse.parts.independent_parts`): the same events as fusing them all
    at once, with memory that does not grow with the store."""
    return store.refuse(
        _fused_part, list(add_corrections), partition=independent_parts, finish=assign_stories
    )


@dataclass(slots=True)
class IngestReport:
    """What one :func:`ingest` run did."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0  # already stored with the same content
    failed: list[Article] = field(default_factory=list)
    events: int = 0
    #: what re-fusion did to the stored events: action ("created", "merged", ...) -> count
    changes: dict[str, int] = field(default_factory=dict)


def ingest(
    inputs: Iterable[str],
    db: str | None = None,
    *,
    published: date | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    timings: dict[str, float] | None = None,
) -> IngestReport:
    """Run the pipeline on ``inputs`` into the store ``db`` and re-fuse the stored events.

    Articles whose content is already stored are skipped before any NLP (re-ingesting changes nothing).
    Each batch of articles is committed in one transaction, so an interrupted run keeps what it stored.
    """
    settings = settings or Settings()
    report = IngestReport()
    with Store.open(db) as store:
        geocoder = default_geocoder(store.engine)

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            for article in articles:
                report.read += 1
                owner = store.content_owner(article.content_hash) if article.content_hash else None
                if (owner is not None and owner <= article.id) or (
                    article.content_hash and store.is_superseded(article.id, article.content_hash)
                ):
                    # stored already (a copy under a larger id is replaced, so order does not matter)
                    report.unchanged += 1
                    if progress:
                        progress(article)
                    continue
                yield article

        stream = _stage(
            fresh(read_inputs(inputs, published=published, settings=settings)),
            settings,
            geocoder=geocoder,
            db=db or DEFAULT_DB,
            progress=progress,
            timings=timings,
        )
        clock = timings if timings is not None else {}
        for batch in _batches(stream, settings.batch_size):
            t0 = time.perf_counter()
            written = store.add_extractions(batch)
            clock["store"] = clock.get("store", 0.0) + time.perf_counter() - t0
            report.stored += written
            report.unchanged += len(batch) - written  # copies of a text met in the same batch
            report.failed.extend(e.article for e in batch if not e.article.ok)
        t0 = time.perf_counter()
        if report.stored or not store.fusion_current():
            for change in refuse_store(store):
                report.changes[change.action] = report.changes.get(change.action, 0) + 1
        clock["fuse"] = clock.get("fuse", 0.0) + time.perf_counter() - t0
        report.events = store.count_events()
    return report


def stories(db: str | None = None, *, min_events: int = 2) -> list[Story]:
    """The stories (offensives, sieges: events chained over time on one place) of the stored events."""
    with Store.open(db) as store:
        found = find_stories(store.query().events)
    return [s for s in found if len(s.event_ids) >= min_events]


def history(event_id: str, db: str | None = None) -> list[EventChange]:
    """The logged changes that made ``event_id`` or came from it (merges, splits, renames), oldest first."""
    with Store.open(db) as store:
        return store.event_history(event_id)


def events(
    db: str | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    event_type: str | None = None,
    country: str | None = None,
    actor: str | None = None,
    admin1: str | None = None,
) -> Result:
    """Return the stored events (with their articles and figures) that match the filters."""
    with Store.open(db) as store:
        return store.query(
            since=since, until=until, event_type=event_type, country=country, actor=actor, admin1=admin1
        )
