"""The situation report: a period and an area of the stored events, as HTML, Markdown or PDF.

Two public functions:

- :func:`build_report` selects the events (the store's filters: ``since``, ``until``, ``country``,
  ``admin1``) and gathers a :class:`Report`: totals by event type with fatalities low / best / high, the
  key events in date order with their citations, every contradiction between sources with who claimed
  what in which article, the per-day counts and the list of sources;
- :func:`render` turns a report into ``html`` (one self-contained file, figures as PNG data URIs, no
  script), ``md`` (Markdown) or ``pdf`` (bytes).

Every claim in a report is traceable: a key event cites each source (outlet, article id and title, the
quoted sentence, who the article says made the claim); a contradiction lists each value with its claimant
and article. Article text is hostile input: every string that comes from an article is escaped for the
output format (see :mod:`sitrep.report.formats`).

**Key events** are chosen by one documented rule (:data:`KEY_EVENT_RULE`): rank the events by best
fatalities, then independent sources, then grade (contested and confirmed events first), then the number
of sources; keep the first ``max_key_events``; show them in date order. The report says how many events
it does not show.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import ReportError
from ..records import Article, Event, Result

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "KEY_EVENT_RULE",
    "Citation",
    "ClaimedValue",
    "Contradiction",
    "DayCount",
    "KeyEvent",
    "Report",
    "SourceEntry",
    "TypeTotal",
    "build_report",
    "render",
]

#: output formats of :func:`render`.
FORMATS = ("html", "md", "pdf")

#: ACLED's six event types, in ACLED's order (the totals and the figures keep this order and colours).
EVENT_TYPES = (
    "Battles",
    "Violence against civilians",
    "Explosions/Remote violence",
    "Riots",
    "Protests",
    "Strategic developments",
)

#: how key events are chosen, said in the report itself.
KEY_EVENT_RULE = (
    "Key events are the {n} events with the most fatalities (best estimate), ties broken by more "
    "independent sources, then by grade (contested, then confirmed by a party, then independent sources, "
    "then single source), then by more sources; they are listed in date order."
)

# grade rank for the key-event rule: disputed and corroborated events matter more to a reader than a
# single uncontested report of the same toll
_GRADE_RANK = {"contested": 3, "confirmed_by_party": 2, "independent_sources": 1, "single_source": 0}

#: names of the fields of Event.conflicts, for people
FIELD_NAMES = {
    "event_date": "the date",
    "location": "the place",
    "fatalities": "the death toll",
    "sub_event_type": "the kind of event",
    "actor1": "who carried it out",
}


@dataclass(slots=True)
class TypeTotal:
    """Events of one event type (or all of them) and the sum of their fatalities."""

    event_type: str
    events: int = 0
    fatalities_low: int = 0
    fatalities: int = 0
    fatalities_high: int = 0
    #: events of this type whose sources disagree on the toll (its low and high differ)
    disputed_toll: int = 0


@dataclass(slots=True)
class Citation:
    """One article's report of an event: where it was read and what the article says."""

    article_id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    sentence: str
    claimed_by: str | None


@dataclass(slots=True)
class KeyEvent:
    """A key event of the report and its citations (one per source)."""

    event: Event
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class ClaimedValue:
    """One value of a disputed field, who claimed it and in which article."""

    value: str
    claimed_by: str | None
    party: bool
    article_id: str
    title: str | None
    outlet: str | None


@dataclass(slots=True)
class Contradiction:
    """Sources of one event disagree on one field; every value is kept with its claimant."""

    event_id: str
    event_date: date | None
    location: str | None
    event_type: str
    sub_event_type: str
    field: str
    #: the field for people ("the death toll")
    what: str
    values: list[ClaimedValue] = field(default_factory=list)


@dataclass(slots=True)
class DayCount:
    """The events of one day by event type, and their fatalities."""

    day: date
    by_type: dict[str, int] = field(default_factory=dict)
    fatalities_low: int = 0
    fatalities: int = 0
    fatalities_high: int = 0


@dataclass(slots=True)
class SourceEntry:
    """One article cited by the report, and how many of the report's events it reports."""

    article_id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    events: int = 0


@dataclass(slots=True)
class Report:
    """A situation report for a period and an area (see :func:`build_report`)."""

    since: date | None
    until: date | None
    country: str | None
    admin1: str | None
    #: every event of the period and area, in date order (undated last)
    events: list[Event] = field(default_factory=list)
    #: one total per event type present, in ACLED's order
    totals: list[TypeTotal] = field(default_factory=list)
    total: TypeTotal = field(default_factory=lambda: TypeTotal("All events"))
    key_events: list[KeyEvent] = field(default_factory=list)
    #: events of the period not shown as key events
    not_shown: int = 0
    key_rule: str = ""
    contradictions: list[Contradiction] = field(default_factory=list)
    #: one entry per day from the first to the last day of the period (days without events included)
    days: list[DayCount] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    #: events without a date (in the totals, not in the per-day chart)
    undated: int = 0
    #: events without coordinates (in the totals, not on the map)
    unmapped: int = 0
    generated: datetime | None = None

    @property
    def title(self) -> str:
        """The report's title: area and period."""
        area = ", ".join(x for x in (self.admin1, self.country) if x) or "All areas"
        return f"Situation report: {area}, {period_text(self.since, self.until, self.days)}"


def plural(n: int, word: str) -> str:
    """'1 event', '2 events'."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def period_text(since: date | None, until: date | None, days: list[DayCount] | None = None) -> str:
    """The period of a report for people ("2019-03-12 to 2019-03-16")."""
    first = since or (days[0].day if days else None)
    last = until or (days[-1].day if days else None)
    if first is None and last is None:
        return "all dates"
    return f"{first.isoformat() if first else 'start'} to {last.isoformat() if last else 'now'}"


# ------------------------------------------------------------------------------------------------ build
def _filter(result: Result, since, until, country, admin1, event_type) -> Result:
    """:meth:`Store.query`'s filters over a :class:`Result` in memory (same semantics)."""

    def same(a: str | None, b: str | None) -> bool:
        return (a or "").strip().lower() == b.strip().lower()

    def keep(e: Event) -> bool:
        if (since or until) and e.event_date is None:
            return False
        if since and e.event_date < since:
            return False
        if until and e.event_date > until:
            return False
        if country and not same(e.country, country):
            return False
        if admin1 and not same(e.admin1, admin1):
            return False
        return not event_type or same(e.event_type, event_type) or same(e.sub_event_type, event_type)

    kept = [e for e in result.events if keep(e)]
    kept.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id))
    return Result(articles=result.articles, events=kept, figures=result.figures)


def _citation(source, articles: dict[str, Article]) -> Citation:
    a = articles.get(source.article_id)
    return Citation(
        article_id=source.article_id,
        title=a.title if a else None,
        outlet=source.outlet or (a.outlet if a else None),
        published=a.published if a else None,
        url=a.url if a else None,
        sentence=" ".join(source.sentence.split()),
        claimed_by=source.claimed_by,
    )


def _key_rank(e: Event) -> tuple:
    return (
        -e.fatalities,
        -e.independent_sources,
        -_GRADE_RANK.get(e.grade, 0),
        -len(e.sources),
        e.event_date or date.max,
        e.event_id,
    )


def build_report(
    source: Store | Result | str | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    country: str | None = None,
    admin1: str | None = None,
    event_type: str | None = None,
    max_key_events: int = 10,
    generated: datetime | None = None,
) -> Report:
    """Gather the situation report of the events between ``since`` and ``until`` (inclusive) in an area.

    ``source`` is an open :class:`~sitrep.store.Store`, a store URL or path (``None``: the default
    store), or a :class:`~sitrep.records.Result` (from :func:`sitrep.extract`), filtered in memory the
    way :meth:`Store.query` filters. ``country`` and ``admin1`` match the events' country and admin1
    names case-insensitively; ``event_type`` an event type or sub-event type. ``generated`` (a time) is
    printed on the report when given. Raises :class:`~sitrep.errors.ReportError` on a bad period or
    limit, :class:`~sitrep.errors.StoreError` when the store cannot be read.
    """
    if since and until and since > until:
        raise ReportError(f"the period is empty: since {since} is after until {until}")
    if max_key_events < 0:
        raise ReportError("max_key_events must be 0 or more")
    filters = dict(since=since, until=until, country=country, admin1=admin1, event_type=event_type)
    if isinstance(source, Result):
        result = _filter(source, **filters)
    else:
        from ..store import Store

        if isinstance(source, Store):
            result = source.query(**filters)
        else:
            with Store.open(source) as store:
                result = store.query(**filters)
    articles = {a.id: a for a in result.articles}
    report = Report(since=since, until=until, country=country, admin1=admin1, generated=generated)
    report.events = list(result.events)
    if report.events:  # the area as stored ("Idleb" for --admin1 idleb)
        report.country = country and report.events[0].country
        report.admin1 = admin1 and report.events[0].admin1
    log.info("report: %d events, %d articles", len(report.events), len(articles))

    # totals by type, in ACLED's order (an unknown type, if any, after them)
    totals: dict[str, TypeTotal] = {}
    for e in report.events:
        for t in (totals.setdefault(e.event_type, TypeTotal(e.event_type)), report.total):
            t.events += 1
            t.fatalities_low += e.fatalities_low
            t.fatalities += e.fatalities
            t.fatalities_high += e.fatalities_high
            t.disputed_toll += e.fatalities_low != e.fatalities_high
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    report.totals = sorted(totals.values(), key=lambda t: (order.get(t.event_type, len(order)), t.event_type))

    # key events: the documented rule, shown in date order
    chosen = sorted(report.events, key=_key_rank)[:max_key_events]
    chosen.sort(key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id))
    report.key_events = [KeyEvent(e, [_citation(s, articles) for s in e.sources]) for e in chosen]
    report.not_shown = len(report.events) - len(chosen)
    report.key_rule = KEY_EVENT_RULE.format(n=max_key_events)

    # every contradiction of every event of the period, not only of the key events
    for e in report.events:
        for c in e.conflicts:
            values = []
            for v in c.values:
                a = articles.get(v.article_id)
                values.append(
                    ClaimedValue(
                        value="unknown" if v.value is None else str(v.value),
                        claimed_by=v.claimed_by,
                        party=bool(v.party),
                        article_id=v.article_id,
                        title=a.title if a else None,
                        outlet=a.outlet if a else None,
                    )
                )
            report.contradictions.append(
                Contradiction(
                    event_id=e.event_id,
                    event_date=e.event_date,
                    location=e.location or e.location_raw,
                    event_type=e.event_type,
                    sub_event_type=e.sub_event_type,
                    field=c.field,
                    what=FIELD_NAMES.get(c.field, c.field),
                    values=values,
                )
            )

    # per day, over the whole period (empty days included, so the chart's time axis is true)
    dated = [e for e in report.events if e.event_date is not None]
    report.undated = len(report.events) - len(dated)
    report.unmapped = sum(1 for e in report.events if e.latitude is None or e.longitude is None)
    if dated or (since and until):
        first = since or min(e.event_date for e in dated)
        last = until or max(e.event_date for e in dated)
        if (last - first).days > 3660:
            raise ReportError(f"the period {first} to {last} is longer than ten years: give a shorter period")
        by_day = {
            first + timedelta(days=i): DayCount(first + timedelta(days=i))
            for i in range((last - first).days + 1)
        }
        for e in dated:
            d = by_day[e.event_date]
            d.by_type[e.event_type] = d.by_type.get(e.event_type, 0) + 1
            d.fatalities_low += e.fatalities_low
            d.fatalities += e.fatalities
            d.fatalities_high += e.fatalities_high
        report.days = list(by_day.values())

    # sources: every article that reports an event of the report
    counts = Counter(aid for e in report.events for aid in {s.article_id for s in e.sources})
    for aid, n in counts.items():
        a = articles.get(aid)
        outlet = (
            a.outlet
            if a
            else next((s.outlet for e in report.events for s in e.sources if s.article_id == aid), None)
        )
        report.sources.append(
            SourceEntry(
                article_id=aid,
                title=a.title if a else None,
                outlet=outlet,
                published=a.published if a else None,
                url=a.url if a else None,
                events=n,
            )
        )
    report.sources.sort(key=lambda s: ((s.outlet or "").lower(), s.published or date.min, s.article_id))
    return report


def render(report: Report, fmt: str, *, figures: bool = True) -> str | bytes:
    """The report as ``html`` or ``md`` (a str) or ``pdf`` (bytes).

    ``figures=False`` leaves out the map and the per-day chart (faster; the tables stay). Raises
    :class:`~sitrep.errors.ReportError` for an unknown format or when the ``report`` extra (matplotlib,
    fpdf2, Jinja2) is not installed.
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    from . import formats

    return formats.RENDERERS[fmt](report, figures=figures)
