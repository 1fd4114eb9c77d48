"""The extract stage: events, actors, figures, dates, places and attribution of one article.

``extract_article(doc, article, settings)`` works sentence by sentence over the spaCy ``Doc`` of
``article.text`` and returns an :class:`~sitrep.records.ArticleExtraction`: one
:class:`~sitrep.records.EventMention` per event a sentence reports (``place`` set, ``geo`` not yet) and
every :class:`~sitrep.records.Figure` of the article (those of an event sentence carry its ``mention_id``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date

from spacy.tokens import Doc, Span

from ..config import Settings
from ..geo.gazetteer import admin1_country_keys, country_keys, major_city_keys
from ..geo.mentions import find_places, names_a_side
from ..geo.normalize import alias_key, exact_key
from ..ingest.dateline import find_dateline
from ..nlp import register_extensions
from ..records import (
    REFERENCE_EXTRACTOR,
    TIME_PRECISION_WEEK,
    Article,
    ArticleExtraction,
    DateResolution,
    EventMention,
    Figure,
    PlaceMention,
)
from .actors import ActorMention, country_name, default_country, fill_unidentified, find_actors
from .attribution import find_claimant
from .dates import resolve_date
from .events import EventCandidate, classify, is_background, taxonomy
from .figures import fatalities, find_figures
from .gate import load_gate
from .ranker import candidate_pairs, load_ranker

log = logging.getLogger(__name__)

__all__ = ["extract_article", "article_country"]

# The country itself and its institutions count; nationalities of people ("including Iraqis") do not.
_COUNTRY_WORDS = {
    "Syria": re.compile(r"\bSyria\b|\bSyrian (?:forces|army|government|regime|troops|military|Democratic)"),
    "Iraq": re.compile(
        r"\bIraq\b|\bIraqi (?:forces|army|government|troops|security|police|military|Kurdistan)"
    ),
}


#: "in Mali", "across Syria": a country named as where something happens.
_LOCATIVE = re.compile(r"\b(?:in|inside|across|throughout|into)\s+(?:the\s+)?$", re.I)


def article_country(text: str, places: list[PlaceMention] | None = None, default: str | None = None) -> str:
    """The country an article is about, for ACLED's "(Syria)"-style actor names.

    Counted: the country's own institutions named in the text ("Syrian army", for the countries of
    ``_COUNTRY_WORDS``) and the event places of ``places`` that are a country or a major city ("Kherson",
    "in Mali"; a "Britain-based monitor" is no event place). Nationalities do not count: foreign forces
    are named by them. With no evidence, or when ``default`` (the user's focus country, else
    ``actors.yml``'s) ties for first, ``default`` it is.
    """
    default = default or default_country()
    counts: Counter[str] = Counter({c: len(rx.findall(text)) for c, rx in _COUNTRY_WORDS.items()})
    countries, cities, provinces = country_keys(), major_city_keys(), admin1_country_keys()
    for p in places or []:
        if not p.is_event_location:
            continue
        key = exact_key(p.name or p.text)
        if key in countries and not _LOCATIVE.search(text, max(0, p.start - 24), p.start):
            continue  # a country named as a side ("pro-Iran militias", "U.S. forces"), not as where
        code = countries.get(key) or cities.get(key) or provinces.get(alias_key(p.name or p.text))
        if code is None:
            continue
        name = country_name(code)
        if name is not None:
            counts[name] += 1
    ranked = counts.most_common()
    if not ranked or ranked[0][1] == 0:
        return default
    top = ranked[0][1]
    leaders = [c for c, n in ranked if n == top]
    if default in leaders or len(leaders) > 1:
        return default
    return leaders[0]


def _foreign(place: PlaceMention, country: str | None) -> bool:
    """Whether ``place`` is a country or a major city (``major_city_keys``) of another country than
    ``country`` (the article's). Villages and provinces the lists do not hold are not known foreign."""
    if not country:
        return False
    key = exact_key(place.name or place.text)
    code = country_keys().get(key) or major_city_keys().get(key)
    if code is None:
        return False
    name = country_name(code)
    return name is not None and name != country


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the text repeats the title at its head (FA-KES, many scrapes): that span is not read twice."""
    title = (article.title or "").strip()
    if len(title) < 12:
        return None
    pos = article.text.find(title, 0, 400 + len(title))
    if pos < 0:
        pos = article.text.lower().find(title.lower(), 0, 400 + len(title))
    return (pos, pos + len(title)) if pos >= 0 else None


def _sentences(doc: Doc, title: tuple[int, int] | None) -> list[Span]:
    """The Doc's sentences, with the repeated title cut away."""
    out = []
    for sent in doc.sents:
        if title is not None and sent.start_char < title[1] and sent.end_char > title[0]:
            if sent.end_char <= title[1] + 1:
                continue  # the title itself
            rest = doc.char_span(title[1], sent.end_char, alignment_mode="expand")
            if rest is None or not rest.text.strip(" .\n"):
                continue
            sent = rest
        if sent.text.strip():
            out.append(sent)
    return out


def _names(actors: list[ActorMention]) -> str | None:
    seen: list[str] = []
    for a in actors:
        if a.name not in seen:
            seen.append(a.name)
    return "; ".join(seen) or None


def _paragraph(text: str, offset: int) -> int:
    """Index of the paragraph (blank-line or newline separated) holding ``offset``."""
    return text.count("\n", 0, offset)


def _nearest_place(places: list[PlaceMention], at: int) -> PlaceMention | None:
    ranked = _ranked_places(places, at, None)
    return ranked[0] if ranked else None


def _ranked_places(places: list[PlaceMention], at: int, fallback: PlaceMention | None) -> list[PlaceMention]:
    """The sentence's event-location places, nearest to the trigger first, then the article's main place."""
    located = sorted(
        (p for p in places if p.is_event_location),
        key=lambda p: (min(abs(p.start - at), abs(p.end - at)), p.start),
    )
    if fallback is not None and fallback not in located:
        located.append(fallback)
    return located


def extract_article(doc: Doc, article: Article, settings: Settings | None = None) -> ArticleExtraction:
    """Events (with actors, date, place, figures, fatalities, claimant) and figures of one article.

    ``doc`` is the spaCy Doc of ``article.text``. Background sentences give no event; the title repeated
    at the head of the text is read once; an undated event sentence takes the date of the preceding dated
    sentence of its paragraph when that one reports the same kind of event, else the publication date
    (ACLED week precision, method "published").
    """
    settings = settings or Settings()
    register_extensions()
    doc._.sitrep_article_id = article.id
    doc._.sitrep_published = article.published
    result = ArticleExtraction(article=article)
    dl = find_dateline(article.text)
    skip = (dl[1], dl[2]) if dl else None
    sents = _sentences(doc, _title_span(article))
    gate = load_gate() if settings.event_gate else None

    # First pass: places of every sentence, for the article's country and its most frequent place.
    places = [find_places(s) for s in sents]
    result.places = [p for plist in places for p in plist]
    if doc.has_extension("sitrep_country") and not doc._.sitrep_country:
        focus = country_name(settings.country_hint) if settings.country_hint else None
        doc._.sitrep_country = article_country(article.text, result.places, focus)
    country = doc._.sitrep_country if doc.has_extension("sitrep_country") else None
    country = country or article_country(article.text, result.places, default_country())
    for p in result.places:
        if p.is_event_location and p.relation is None and (_foreign(p, country) or names_a_side(doc, p)):
            # "Washington accuses the regime", "government ally Russia": a foreign state named with no
            # word of place is a side, not where the event of an article about another country happened;
            # so is any capital speaking or allied ("Damascus denies", "its Damascus ally")
            p.is_event_location = False
    freq: Counter[str] = Counter()
    first_of: dict[str, PlaceMention] = {}
    for plist in places:
        for p in plist:
            # the article's main place, the fallback of a sentence that names none, is in its country:
            # talks "in Geneva" or a statement "in Moscow" do not place the strikes they are about
            if p.is_event_location and not _foreign(p, country):
                key = (p.name or p.text).lower()
                freq[key] += 1
                first_of.setdefault(key, p)
    article_place = first_of[freq.most_common(1)[0][0]] if freq else None

    # mention id -> (sentence, trigger token index, the sentence's actor mentions), for the actor ranker
    contexts: dict[str, tuple[Span, int, list[ActorMention], int]] = {}
    sentence_actors: dict[int, list[ActorMention]] = {}  # sentence index -> its actor mentions
    # (paragraph, event_type) -> the date of the latest dated event sentence
    dated: dict[tuple[int, str], DateResolution] = {}
    capped = False
    last_event_sent = -10  # index of the latest sentence that produced or continued an event
    recent: tuple[int, str] | None = None  # the latest claimant named, for "it said" / "the group added"
    speakers: dict[str, str] = {}  # a described person's party, for "Moumtzis said" later in the article
    for i, (sent, sent_places) in enumerate(zip(sents, places, strict=True)):
        figures = find_figures(sent, article.id)
        previous = recent[1] if recent is not None and i - recent[0] <= _ANAPHORA_GAP else None
        claimant = find_claimant(sent, previous=previous, speakers=speakers)
        if claimant:
            recent = (i, claimant)
            for f in figures:
                if f.claimed_by is None:
                    f.claimed_by = claimant
        result.figures.extend(figures)
        if capped:
            continue
        sent_actors = sentence_actors[i] = find_actors(sent)
        cands = classify(sent, actors=sent_actors)
        dropped: list = []
        if cands and gate is not None:
            kept = [c for c in cands if gate.keep(sent, c)]
            dropped = [c for c in cands if c not in kept]
            cands = kept
        if dropped and settings.reference_mentions:
            _references(
                result, sent, dropped, figures, sent_places, article, article_place, skip, claimant, settings
            )
        prev = result.mentions[-1] if result.mentions and i - last_event_sent <= _CONTINUATION_GAP else None
        if not cands:
            # "Another 40 people were wounded." / "1 fatality.": a toll that follows an event belongs to it
            if (
                prev is not None
                and figures
                and not _other_place(sent_places, prev, None)
                and not is_background(sent, article.published)
            ):
                own = resolve_date(sent, article.published, skip=skip)
                if own.method == "none" or own.date == prev.date.date:
                    _continue(prev, figures, claimant, sent)
                    last_event_sent = i
            continue
        if sent.has_extension("sitrep_claimed_by"):
            sent._.sitrep_claimed_by = claimant
        own = resolve_date(sent, article.published, skip=skip)
        para = _paragraph(article.text, sent.start_char)
        owner = _assign_figures(figures, cands)
        here: tuple[EventMention, EventCandidate] | None = None  # this sentence's first event
        for k, cand in enumerate(cands):
            if len(result.mentions) >= settings.max_events_per_article:
                log.info("article %s: capped at %d events", article.id, settings.max_events_per_article)
                capped = True
                break
            mine = [f for f, o in zip(figures, owner, strict=True) if o == k]
            if here is not None and _exchange(sent, here[1], cand):
                # "regime forces shelled the plain, while rebel snipers killed two soldiers": both sides
                # firing in one report is one armed clash between them (ACLED)
                first = here[0]
                first.event_type, first.sub_event_type = "Battles", "Armed clash"
                if first.actor2 is None or first.actor2 == first.actor1:
                    first.actor2 = cand.actor1.name
                _continue(first, mine, claimant)
                continue
            if prev is not None and _responds(sent, prev, cand, own):
                # "X shelled the town; Y responded by shelling X's positions": an exchange of fire is one
                # armed clash between the two (ACLED)
                prev.event_type, prev.sub_event_type = "Battles", "Armed clash"
                if prev.actor2 is None and cand.actor1 is not None and cand.actor1.name != prev.actor1:
                    prev.actor2 = cand.actor1.name
                _continue(prev, mine, claimant, sent)
                last_event_sent = i
                continue
            if prev is not None and _meets_the_protest(prev, cand, own, sent_places):
                # "Thousands gathered in Minsk to protest the results. OMON units dispersed the crowd with
                # stun grenades.": the intervention, force or riot of the next sentence is the protest's
                # (ACLED codes one event, of the sub-type the protest became)
                prev.event_type, prev.sub_event_type = cand.event_type, cand.sub_event_type
                prev.civilian_targeting = cand.civilian_targeting
                if cand.actor1 is not None:
                    prev.actor1 = cand.actor1.name
                if cand.actor2 is not None:
                    prev.actor2 = cand.actor2.name
                _continue(prev, mine, claimant, sent)
                last_event_sent = i
                continue
            if prev is not None and _continues(prev, cand, own, sent_places):
                # an anaphoric retelling ("the strikes hit a market", "23 bodies were pulled out")
                _continue(prev, mine, claimant, sent)
                # the retelling may name who did it ("warplanes of the regime carried out the strikes")
                if prev.actor1 is None and cand.actor1 is not None:
                    prev.actor1 = cand.actor1.name
                if prev.actor2 is None and cand.actor2 is not None and cand.actor2.name != prev.actor1:
                    prev.actor2 = cand.actor2.name
                last_event_sent = i
                continue
            if (
                cand.present_tense
                # the present perfect of a capture, an arrest or a deal reports it ("authorities have arrested
                # a French national"), as news does; of violence it may sum up a war ("have killed hundreds")
                and not (
                    cand.present_perfect
                    and (cand.role == "territory" or cand.event_type == "Strategic developments")
                )
                # a headline tells the news in the present ("RSF seizes Wad Madani as army pulls out"):
                # a line with no closing punctuation is one
                and not _headline(sent)
                and own.method == "none"
                and all(f.qualifier == "vague" for f in mine)
                and not any(p.is_event_location for p in sent_places)
            ):
                # "the strikes have claimed hundreds of lives", "the coalition is conducting air strikes":
                # a present-tense report with no place, date or exact toll of its own is a state of affairs
                # (a place taken "has been" taken: the present perfect of a capture reports the capture)
                continue
            mention_id = f"{article.id}:{sent.start_char}" + (f":{k}" if k else "")
            ranked = _ranked_places(sent_places, cand.start, article_place)
            result.place_candidates[mention_id] = ranked
            when = _event_date(own, dated.get((para, cand.sub_event_type)), article.published)
            if own.method != "none":
                dated[(para, cand.sub_event_type)] = own
            for f in mine:
                f.mention_id = mention_id
                if f.claimed_by is None:
                    f.claimed_by = claimant
            result.mentions.append(
                _mention(mention_id, article, sent, cand, when, ranked, mine, claimant, settings)
            )
            contexts[mention_id] = (sent, cand.token, sent_actors, i)
            if here is None:
                here = (result.mentions[-1], cand)
            last_event_sent = i
    # sides the article never names are ACLED's unidentified armed group (after continuations had their say)
    country = doc._.sitrep_country if doc.has_extension("sitrep_country") and doc._.sitrep_country else None
    for m in result.mentions:
        m.actor1, m.actor2 = fill_unidentified(m.event_type, m.actor1, m.actor2, country or default_country())
    _rank_actors(result, contexts, sentence_actors, country or default_country(), settings)
    log.debug("article %s: %d events, %d figures", article.id, len(result.mentions), len(result.figures))
    return result


#: how many sentences after a mention's own offer the actor ranker candidates
_RANKER_NEARBY = 2


def _rank_actors(
    result: ArticleExtraction,
    contexts: dict[str, tuple[Span, int, list[ActorMention], int]],
    sentence_actors: dict[int, list[ActorMention]],
    country: str,
    settings: Settings,
) -> None:
    """Score each mention's candidate actor pairs (kept in ``result.actor_candidates``) and, with the
    learnt ranker on, let it re-choose the pair where it is surer than the rules (``extract.ranker``)."""
    ranker = load_ranker() if settings.actor_ranker else None
    if ranker is None and not settings.keep_actor_candidates:
        return
    for m in result.mentions:
        ctx = contexts.get(m.mention_id)
        if ctx is None:
            continue
        sent, tok, actors, i = ctx
        # the sentences right after often name the other side ("19 HTS and 15 HNDZ fighters were killed")
        nearby = [a for k in range(i + 1, i + 1 + _RANKER_NEARBY) for a in sentence_actors.get(k, [])]
        pairs = candidate_pairs(
            sent, sent.doc[tok], actors, m.event_type, m.sub_event_type, m.actor1, m.actor2, country, nearby
        )
        if settings.keep_actor_candidates:
            result.actor_candidates[m.mention_id] = pairs
        if ranker is not None:
            m.actor1, m.actor2 = ranker.choose(pairs, m.actor1, m.actor2, m.event_type)


def _mention(
    mention_id: str,
    article: Article,
    sent: Span,
    cand: EventCandidate,
    when: DateResolution,
    ranked: list[PlaceMention],
    figures: list[Figure],
    claimant: str | None,
    settings: Settings,
    *,
    extractor: str = "rules",
) -> EventMention:
    """The event mention a candidate of ``sent`` makes, with its figures' toll."""
    best, low, high = fatalities(figures, settings.max_event_fatalities)
    return EventMention(
        mention_id=mention_id,
        article_id=article.id,
        sentence=sent.text,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        event_type=cand.event_type,
        sub_event_type=cand.sub_event_type,
        trigger=cand.trigger,
        actor1=cand.actor1.name if cand.actor1 else None,
        assoc_actor_1=_names(cand.assoc_actor_1),
        actor2=cand.actor2.name if cand.actor2 else None,
        assoc_actor_2=_names(cand.assoc_actor_2),
        civilian_targeting=cand.civilian_targeting,
        date=when,
        place=ranked[0] if ranked else None,
        figures=figures,
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        claimed_by=claimant,
        outlet=article.outlet,
        extractor=extractor,
        confidence=cand.confidence,
    )


_EXCHANGE_TYPES = frozenset({"Battles", "Explosions/Remote violence"})


def _exchange(sent: Span, first: EventCandidate, cand: EventCandidate) -> bool:
    """Whether ``cand`` is the other side firing back in the sentence of ``first``: both are fire
    (battles, shelling, strikes), their perpetrators are of two sides, and a word of simultaneity or
    answer links them ("while", "whilst", "as", "in response": ``taxonomy.yml`` ``exchange_links``)."""
    if first.event_type not in _EXCHANGE_TYPES or cand.event_type not in _EXCHANGE_TYPES:
        return False
    a, b = first.actor1, cand.actor1
    if a is None or b is None or a.bloc is None or b.bloc is None or a.bloc == b.bloc:
        return False
    between = sent.doc.text[first.end : cand.start].lower()
    return any(re.search(rf"\b{re.escape(w)}\b", between) for w in taxonomy().exchange_links)


def _responds(sent: Span, prev: EventMention, cand: EventCandidate, own: DateResolution) -> bool:
    """Whether ``cand`` is the other side's answer to the event ``prev`` ("... responded by shelling",
    "in retaliation"), on the same day: the two make one exchange of fire."""
    low = sent.text.lower()
    tax = taxonomy()
    # "Israeli warplanes struck X. Regime air defences engaged the missiles": an air strike met by air
    # defence fire is an exchange too
    defended = prev.sub_event_type in ("Air/drone strike", "Armed clash") and any(
        w in low for w in tax.air_defence_words
    )
    if prev.event_type not in _EXCHANGE_TYPES or (cand.event_type not in _EXCHANGE_TYPES and not defended):
        return False
    if own.method != "none" and prev.date.date is not None and own.date != prev.date.date:
        return False
    if cand.actor1 is not None and prev.actor1 is not None and cand.actor1.name == prev.actor1:
        return False  # the same side again: another attack, not an answer
    if defended:
        return True
    words = tax.response_words
    doc = sent.doc
    tok = doc[cand.token] if 0 <= cand.token < len(doc) else sent.root
    heads = [tok, *list(tok.ancestors)[:3]]
    if any(h.lemma_.lower() in words for h in heads):
        return True
    return any(f"in {w}" in low for w in ("response", "retaliation", "reply"))


def _references(
    result: ArticleExtraction,
    sent: Span,
    cands: list,
    figures: list,
    sent_places: list[PlaceMention],
    article: Article,
    article_place: PlaceMention | None,
    skip: tuple[int, int] | None,
    claimant: str | None,
    settings: Settings,
) -> None:
    """Keep the candidates the gate dropped as reference mentions of ``result`` (see
    ``ArticleExtraction.references``): a sentence that speaks about an event ("the draft condemns the
    August 21 attack", "the attack that killed 58") may still say which event, and then its outlet is one
    more source of it. Only a date written in the sentence dates it; else it is the publication week.
    Its figures stay unowned: a reference never sets an event's toll. ``claimant`` is the sentence's, as
    the article loop read it (with the "it said" anaphora)."""
    own = resolve_date(sent, article.published, skip=skip)
    owner = _assign_figures(figures, cands)
    for k, cand in enumerate(cands):
        mine = [f for f, o in zip(figures, owner, strict=True) if o == k]
        mention_id = f"{article.id}:{sent.start_char}:ref{k}"
        ranked = _ranked_places(sent_places, cand.start, article_place)
        result.place_candidates[mention_id] = ranked
        when = _event_date(own, None, article.published)
        ref = _mention(
            mention_id,
            article,
            sent,
            cand,
            when,
            ranked,
            mine,
            claimant,
            settings,
            extractor=REFERENCE_EXTRACTOR,
        )
        # a reference never owns figures nor names associated actors
        ref.figures, ref.assoc_actor_1, ref.assoc_actor_2 = [], None, None
        result.references.append(ref)


#: a sentence at most this many sentences after an event may continue it.
_CONTINUATION_GAP = 2
#: "it said" refers to a claimant named at most this many sentences before.
_ANAPHORA_GAP = 2


def _place_key(place: PlaceMention | None) -> str | None:
    return (place.name or place.text).lower() if place is not None else None


def _other_place(places: list[PlaceMention], prev: EventMention, at: int | None) -> bool:
    """True when the sentence puts its event somewhere else than ``prev``."""
    located = [p for p in places if p.is_event_location]
    if not located:
        return False
    nearest = _nearest_place(located, at) if at is not None else located[0]
    return _place_key(nearest) != _place_key(prev.place)


def _headline(sent: Span) -> bool:
    """Whether ``sent`` is a headline: a line of its own with no closing punctuation."""
    text = sent.text.rstrip()
    return bool(text) and text[-1] not in ".!?\"'”’)»:;," and "\n" not in text


def _meets_the_protest(
    prev: EventMention, cand: EventCandidate, own: DateResolution, places: list[PlaceMention]
) -> bool:
    """Whether ``cand`` (a protest met by an intervention or force, or a riot) tells what became of the
    peaceful protest ``prev`` told just before: same day (or undated) and no other place."""
    return (
        prev.sub_event_type == "Peaceful protest"
        and cand.event_type in ("Protests", "Riots")
        and cand.sub_event_type not in ("Peaceful protest", "Mob violence")
        and (own.method == "none" or own.date == prev.date.date)
        and not _other_place(places, prev, cand.start)
    )


def _continues(
    prev: EventMention, cand: EventCandidate, own: DateResolution, places: list[PlaceMention]
) -> bool:
    """Whether ``cand`` retells ``prev`` rather than reporting a new event.

    News text tells one event over several sentences; a follow-up sentence with no date of its own (or the
    same date), no other place, and either the same sub-type or only a generic act of violence ("were
    killed", "the attack") is the same event. A new date, a new place or a different kind of event is not.
    """
    if own.method != "none" and own.date != prev.date.date:
        return False
    if _other_place(places, prev, cand.start):
        return False
    return cand.role == "violence" or cand.sub_event_type == prev.sub_event_type


def _continue(
    prev: EventMention, figures: list[Figure], claimant: str | None, sent: Span | None = None
) -> None:
    """Add a follow-up sentence's figures to ``prev`` and recompute its toll; the sentence joins the
    mention's ``retold`` spans (``None``: the mention's own sentence).

    The figures keep the follow-up sentence's own claimant: one that attributes nothing ("Another 11 were
    killed in clashes") does not put its figures in the mouth of the party the event was attributed to
    (tests/data/README.md); "it said" has already resolved to that party in ``claimant``."""
    if sent is not None and sent.start_char != prev.sentence_start:
        span = (sent.start_char, sent.end_char)
        if span not in prev.retold:
            prev.retold.append(span)
    for f in figures:
        f.mention_id = prev.mention_id
        if f.claimed_by is None:
            f.claimed_by = claimant
    prev.figures.extend(figures)
    prev.fatalities, prev.fatalities_low, prev.fatalities_high = fatalities(prev.figures)
    if prev.claimed_by is None:
        prev.claimed_by = claimant


def _assign_figures(figures: list[Figure], cands: list[EventCandidate]) -> list[int]:
    """For each figure, the index of the candidate whose trigger is nearest (one event: all of them)."""
    if len(cands) == 1:
        return [0] * len(figures)
    out = []
    for f in figures:
        dist = [min(abs(f.start - c.start), abs(f.start - c.end)) for c in cands]
        out.append(dist.index(min(dist)))
    return out


def _event_date(
    own: DateResolution, previous: DateResolution | None, published: date | None
) -> DateResolution:
    if own.method != "none":
        return own
    if previous is not None:
        return DateResolution(
            date=previous.date, precision=previous.precision, text=previous.text, method=previous.method
        )
    if published is None:
        return DateResolution(method="none")
    # An undated event in a news report happened at most days before publication.
    return DateResolution(date=published, precision=TIME_PRECISION_WEEK, text=None, method="published")
