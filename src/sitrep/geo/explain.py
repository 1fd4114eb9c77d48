"""``sitrep geocode "TEXT"``: every place mention of a text, its candidates and the geocoder's choice."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import GeoCandidate, GeoResult, PlaceMention


@dataclass(slots=True)
class PlaceExplanation:
    """One place mention of the text and how the geocoder resolved it (the CLI prints these)."""

    sentence: str
    mention: PlaceMention
    result: GeoResult
    #: the gazetteer entries considered, best first (name, country, admin1, feature code, population, score)
    candidates: list[GeoCandidate] = field(default_factory=list)

    @property
    def step(self) -> str:
        return self.result.step

    def as_dict(self) -> dict:
        """A plain dict (for JSON output)."""
        m, r = self.mention, self.result
        return {
            "sentence": self.sentence,
            "text": m.text,
            "name": m.name,
            "start": m.start,
            "end": m.end,
            "relation": m.relation,
            "kind": m.kind,
            "is_event_location": m.is_event_location,
            "step": r.step,
            "location": r.location,
            "country": r.country,
            "admin1": r.admin1,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "geo_precision": r.geo_precision,
            "feature_code": r.feature_code,
            "confidence": r.confidence,
            "candidates": [
                {
                    "name": c.name,
                    "country_code": c.country_code,
                    "admin1": c.admin1,
                    "feature_code": c.feature_code,
                    "population": c.population,
                    "score": c.score,
                }
                for c in self.candidates
            ],
        }


def explain(text: str, nlp=None, geocoder=None, *, country_hint: str | None = None) -> list[PlaceExplanation]:
    """Find the place mentions of ``text`` (sentence by sentence) and resolve them, keeping the candidates.

    ``nlp`` defaults to :func:`sitrep.nlp.load`, ``geocoder`` to :func:`sitrep.geo.default_geocoder`.
    All places of the text are resolved in one call, so that they disambiguate each other.
    """
    from ..nlp import parse_texts
    from . import default_geocoder
    from .mentions import find_places

    if nlp is None:
        from ..nlp import load

        nlp = load()
    geocoder = geocoder or default_geocoder()
    doc = next(parse_texts(nlp, [text]))
    pairs: list[tuple[str, PlaceMention]] = []
    for sent in doc.sents:
        for p in find_places(sent):
            pairs.append((sent.text, p))
    results = geocoder.resolve([p for _, p in pairs], country_hint=country_hint)
    return [PlaceExplanation(s, p, r, list(r.candidates)) for (s, p), r in zip(pairs, results, strict=True)]
