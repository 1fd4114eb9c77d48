"""The offline basemap: country boundaries as a GeoJSON FeatureCollection.

The shapes are Natural Earth's 1:50m countries (public domain), shipped by the npm package ``world-atlas``
as TopoJSON and converted to GeoJSON at build time by ``scripts/vendor-web.sh`` (``make vendor``) into
``sitrep/web/static/vendor/countries.geojson``; nothing is fetched at run time. The web page draws them
under the event markers; a report can draw them with matplotlib.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import BasemapError

log = logging.getLogger(__name__)

__all__ = ["basemap_path", "load_basemap"]


def basemap_path() -> Path:
    """Where the vendored country boundaries are (the file may be missing before ``make vendor``)."""
    return Path(str(resources.files("sitrep.web").joinpath("static", "vendor", "countries.geojson")))


@cache
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fp:
        return json.load(fp)


def load_basemap(countries: list[str] | None = None) -> dict:
    """The country boundaries: a GeoJSON FeatureCollection, one feature per country with
    ``properties.name`` (Natural Earth's English short name) and ``id`` (ISO 3166-1 numeric, as a string).

    ``countries`` keeps only those names or numeric ids (case-insensitive names). Raises
    :class:`~sitrep.errors.BasemapError` when the vendored file is missing. The returned dict is a fresh
    shallow copy: callers may filter its features without changing the cached file.
    """
    path = basemap_path()
    if not path.is_file():
        raise BasemapError(f"the basemap {path} is missing: run `make vendor` (scripts/vendor-web.sh)")
    data = _load(str(path))
    features = data["features"]
    if countries is not None:
        wanted = {c.casefold() for c in countries}
        features = [
            f
            for f in features
            if str(f.get("id", "")).casefold() in wanted
            or str(f.get("properties", {}).get("name", "")).casefold() in wanted
        ]
    log.debug("basemap: %d country shapes", len(features))
    return {"type": "FeatureCollection", "features": list(features)}
