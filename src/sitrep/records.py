"""Typed records that flow through the pipeline.

Every record that sitrep outputs carries its provenance: the article it came from, the character span of
the sentence it was read from (offsets into ``Article.text``, the cleaned text, which ``Article.offsets``
maps back to the raw input), the extractor that produced it and a confidence.

The pipeline is::

    ingest -> Article -> clean -> Article.text -> nlp (spaCy Doc)
           -> extract -> EventMention + Figure -> geo -> GeoResult on the mention
           -> fuse -> Event (with Sources) -> store / export

Records are plain dataclasses with slots; the JSON output contract (see ``data/schema.json``) is produced
by :mod:`sitrep.export`, not by these classes, so internal fields can change without breaking users.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

#: ACLED qualifier vocabulary for figures.
QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "range", "vague")
#: What a figure counts.
COUNTS = ("killed", "injured", "strikes", "displaced", "people", "fighters", "missing", "arrested", "other")

#: ACLED time_precision: 1 = day, 2 = week (or a range of days), 3 = month.
TIME_PRECISION_DAY, TIME_PRECISION_WEEK, TIME_PRECISION_MONTH = 1, 2, 3
#: ACLED geo_precision: 1 = the town itself, 2 = near / part of a region, 3 = only the province / region.
GEO_PRECISION_TOWN, GEO_PRECISION_NEAR, GEO_PRECISION_REGION = 1, 2, 3

STATUS_OK = "ok"


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets in the cleaned text back to offsets in the raw input text.

    ``segments`` is a sorted list of ``(clean_start, raw_start, length)``: the cleaned text is the
    concatenation of raw slices (plus single ``"\\n"`` separators the cleaner may insert, which map to
    the raw offset of the following segment).
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_raw(self, clean_offset: int) -> int:
        """Raw-text offset of a cleaned-text offset (the identity when nothing was removed)."""
        if not self.segments:
            return clean_offset
        # segments are sorted by clean_start: bisect for the last one starting at or before the offset
        i = max(bisect.bisect_right(self.segments, (clean_offset, float("inf"), 0)) - 1, 0)
        clean_start, raw_start, length = self.segments[i]
        return raw_start + max(0, min(clean_offset - clean_start, length))


@dataclass(slots=True)
class Article:
    """One input article, after reading (and, once cleaned, with ``text`` the cleaned main text).

    ``status`` is ``"ok"`` or a short reason the article was rejected (``"empty"``, ``"binary"``,
    ``"not English (ar)"``, ``"unreadable: ..."``); ``message`` explains it for the user.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    #: where ``published`` came from: "metadata", "dateline", "default" (the --published option) or None.
    published_source: str | None = None
    language: str | None = None
    status: str = STATUS_OK
    message: str | None = None
    #: where the article was read from: "path", "path:line" or "<stdin>:line".
    origin: str | None = None
    #: the text as read, before cleaning (kept so that offsets stay traceable).
    raw_text: str | None = None
    offsets: OffsetMap = field(default_factory=OffsetMap)
    #: sha256 of the raw content; equal hashes mean "same content" for re-ingestion.
    content_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK


@dataclass(slots=True)
class DateResolution:
    """An event date resolved from text, with ACLED's time precision and how it was found."""

    date: date | None = None
    precision: int | None = None  # 1 day, 2 week, 3 month
    text: str | None = None  # the expression as written ("late on Monday")
    #: which step answered: "explicit", "weekday", "relative", "published", "article", or "none".
    method: str = "none"


@dataclass(slots=True)
class Figure:
    """A number the article reports about violence or its effects."""

    article_id: str
    value: int
    low: int
    high: int
    qualifier: str  # one of QUALIFIERS
    counts: str  # one of COUNTS
    subject: str | None
    claimed_by: str | None
    sentence: str
    sentence_start: int  # offsets of the sentence in Article.text
    sentence_end: int
    start: int  # offsets of the number expression in Article.text
    end: int
    text: str  # the number expression as written ("at least 21")
    extractor: str = "rules"
    confidence: float = 0.8
    #: True when the figure is a part of another figure in the sentence ("including three children").
    is_subset: bool = False
    event_id: str | None = None
    mention_id: str | None = None


@dataclass(slots=True)
class PlaceMention:
    """A place name in a sentence, and how the sentence relates the event to it."""

    text: str  # as written: "al-Mishlab", "Raqqa province"
    start: int  # offsets in Article.text
    end: int
    #: "in", "near", "north of", "outskirts", "from", "to", "province", "countryside", ...
    relation: str | None = None
    #: False when the sentence says the event did not happen there ("fled to", "advanced from").
    is_event_location: bool = True
    #: the name with the relation stripped ("Raqqa" for "rural Raqqa").
    name: str | None = None
    #: hint from the text: "admin1" for "X province", "neighbourhood", "landmark", ... or None.
    kind: str | None = None


@dataclass(slots=True)
class GeoCandidate:
    """One gazetteer entry considered for a place mention."""

    name: str
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    latitude: float
    longitude: float
    feature_code: str | None
    population: int = 0
    score: float = 0.0


@dataclass(slots=True)
class GeoResult:
    """The geocoder's answer for one place mention (or its abstention)."""

    raw: str  # the place string as written on the event
    location: str | None = None  # the gazetteer's name for the place
    country: str | None = None
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED's `iso` column
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    #: which step of the chain answered: "exact", "alias", "fuzzy", "admin", "country" or "none".
    step: str = "none"
    confidence: float = 0.0
    candidates: list[GeoCandidate] = field(default_factory=list)


#: ``EventMention.extractor`` of a reference mention (see ``ArticleExtraction.references``).
REFERENCE_EXTRACTOR = "reference"


@dataclass(slots=True)
class EventMention:
    """One event as read from one sentence (or a few adjacent sentences) of one article."""

    mention_id: str  # stable: f"{article_id}:{sentence_start}"
    article_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    event_type: str
    sub_event_type: str
    trigger: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    civilian_targeting: bool = False
    date: DateResolution = field(default_factory=DateResolution)
    place: PlaceMention | None = None
    geo: GeoResult | None = None
    figures: list[Figure] = field(default_factory=list)
    #: fatalities of this mention: ACLED's most conservative total over its figures (0 when none).
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    claimed_by: str | None = None
    outlet: str | None = None
    extractor: str = "rules"
    confidence: float = 0.5
    #: (start, end) clean-text offsets of the article's other sentences folded into this mention: the
    #: follow-up sentences that retell it, add to its toll or tell the other side's fire (provenance)
    retold: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    """One article's report of an event."""

    article_id: str
    outlet: str | None
    sentence: str
    claimed_by: str | None
    mention_id: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


@dataclass(slots=True)
class ClaimValue:
    """One source's value of a field the sources of an event disagree on."""

    value: str | int | None
    article_id: str
    claimed_by: str | None = None
    #: the claimant is a party to the fighting or its media (its figures are claims, not reports)
    party: bool = False


@dataclass(slots=True)
class Conflict:
    """A field whose sources disagree, with every source's value side by side (never averaged)."""

    field: str
    values: list[ClaimValue] = field(default_factory=list)


#: confidence grades of an event, in the spirit of Airwars' grading
GRADES = ("single_source", "independent_sources", "confirmed_by_party", "contested")


@dataclass(slots=True)
class Event:
    """A fused event in ACLED's schema, listing every source that reports it."""

    event_id: str
    event_date: date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    civilian_targeting: bool = False
    country: str | None = None
    iso: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    #: the place string as written in the source sentence(s).
    location_raw: str | None = None
    #: which geocoding step answered ("exact", "alias", ...).
    geo_step: str | None = None
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    notes: str = ""
    sources: list[Source] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    confidence: float = 0.5
    #: the fields whose sources disagree (date, place, fatalities, actors, sub-type), each value with its source
    conflicts: list[Conflict] = field(default_factory=list)
    #: sources after copies of one wire story (near-identical sentences) and one outlet count as one
    independent_sources: int = 1
    #: one of :data:`GRADES`
    grade: str = "single_source"
    #: the story (offensive, siege) the event belongs to, see ``sitrep.fuse.stories``; None when alone
    story_id: str | None = None


@dataclass(slots=True)
class EventChange:
    """One change fusion made to the stored events (``Store.event_history``)."""

    at: str  # ISO 8601 UTC
    #: "created", "joined" (new reports), "merged" (a report bridged events), "split", "renamed" (the id
    #: follows the event's mentions) or "removed"
    action: str
    event_id: str
    previous: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass(slots=True)
class ActorPairCandidate:
    """One ordered (actor1, actor2) choice for an event mention, with the actor-pair ranker's features."""

    actor1: str | None
    actor2: str | None
    features: dict[str, float] = field(default_factory=dict)
    #: the country of the article (for the ranker's prior, which is kept per country-free name)
    country: str = ""


@dataclass(slots=True)
class ArticleExtraction:
    """What the extract stage read from one article."""

    article: Article
    mentions: list[EventMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    #: for each mention id, the places its sentence names, most likely event location first; the geo
    #: stage resolves them together and picks one (not stored: ``EventMention.place`` keeps the choice).
    place_candidates: dict[str, list[PlaceMention]] = field(default_factory=dict)
    #: every place the article names (event locations or not): the geo stage's context.
    places: list[PlaceMention] = field(default_factory=list)
    #: sentences that speak ABOUT an event rather than report it ("the resolution condemns the August 21
    #: attack"), as mentions with ``extractor == REFERENCE_EXTRACTOR``: fusion lets them join an event as
    #: extra sources, never create one (they are not in ``mentions`` and give no figures).
    references: list[EventMention] = field(default_factory=list)
    #: for each mention id, the ordered (actor1, actor2) choices the actor-pair ranker scored, with their
    #: features (``sitrep.extract.ranker``; kept for training it, not stored).
    actor_candidates: dict[str, list[ActorPairCandidate]] = field(default_factory=dict)


@dataclass(slots=True)
class Result:
    """The output of a run: articles (with their status), fused events and all figures."""

    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def failed(self) -> list[Article]:
        return [a for a in self.articles if not a.ok]


#: what an analyst's correction does: set one field, merge events, or split an event
CORRECTION_ACTIONS = ("set", "merge", "split")


@dataclass(slots=True)
class Correction:
    """One analyst's change to the fused events, kept with who made it, when, and the old and new value.

    A correction is keyed by mentions, not by event id (event ids derive from an event's mentions and change
    when fusion regroups them): ``mention_ids`` are the event's mentions when the correction was made
    ("set"), the mentions of every merged event ("merge"), or the mentions split off ("split"). It is
    applied after every fusion (:func:`sitrep.corrections.apply_corrections`), so the machine never
    overwrites it.
    """

    action: str  # one of CORRECTION_ACTIONS
    event_id: str  # the event's id when the correction was made (merge: the id of the merged event)
    mention_ids: list[str]
    who: str
    at: str  # ISO 8601 UTC
    field: str | None = None  # "set": the field changed
    old: object = None  # JSON value: "set" the field's value before; "merge" the events' ids; "split" the event's mentions
    new: object = None  # JSON value: "set" the new value; "merge" / "split": the resulting event ids
    id: int | None = None  # the store's sequence number (the order corrections are applied in)
