"""The offline basemap: country boundaries as a GeoJSON FeatureCollection.

The shapes are Natural Earth's 1:50m countries (public domain), shipped by the npm package ``world-atlas``
as TopoJSON and converted to GeoJSON at build time by ``scripts/vendor-web.sh`` (``make vendor``) into
``sitrep/web/static/vendor/countries.geojson``; nothing is fetched at run time. The web page draws them
under the event markers; a report can draw them with matplotlib.
"""

from __future__ import annotations

import json
import logging
import os
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import BasemapError

log = logging.getLogger(__name__)

__all__ = ["basemap_path", "load_basemap", "load_boundaries"]


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


def load_boundaries(path: str | os.PathLike) -> dict:
    """Admin boundaries the user gives (never shipped with sitrep): a shapefile (``.shp``, read with
    pyshp; e.g. OCHA's ``syr_admin1.shp``) or a GeoJSON FeatureCollection, as a GeoJSON FeatureCollection
    whose features carry ``properties.name`` (the shapefile's ``NAME_EN``/``name`` field, when present).
    Coordinates are rounded to 4 decimals (about 10 m: enough under event markers, a smaller page).
    Raises :class:`~sitrep.errors.BasemapError` when the file cannot be read."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".shp":
            try:
                import shapefile  # pyshp
            except ImportError as exc:
                raise BasemapError("reading a shapefile needs pyshp: pip install 'sitrep[web]'") from exc
            with shapefile.Reader(str(path)) as reader:
                names = [f[0] for f in reader.fields[1:]]
                features = []
                for shape_record in reader.iterShapeRecords():
                    props = dict(zip(names, shape_record.record, strict=False))
                    name = next(
                        (props[k] for k in ("NAME_EN", "name", "NAME", "ADM1_EN") if props.get(k)), None
                    )
                    features.append(
                        {
                            "type": "Feature",
                            "properties": {"name": name, "pcode": props.get("PCODE")},
                            "geometry": _rounded(shape_record.shape.__geo_interface__),
                        }
                    )
            data = {"type": "FeatureCollection", "features": features}
        else:
            with path.open(encoding="utf-8") as fp:
                data = json.load(fp)
            if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
                raise BasemapError(f"{path} is not a GeoJSON FeatureCollection")
            for f in data["features"]:
                f["geometry"] = _rounded(f.get("geometry"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BasemapError(f"cannot read the boundaries {path}: {exc}") from exc
    except Exception as exc:  # pyshp raises its own ShapefileException
        if type(exc).__name__ == "ShapefileException":
            raise BasemapError(f"cannot read the boundaries {path}: {exc}") from exc
        raise
    log.info("boundaries: %d shapes from %s", len(data["features"]), path)
    return data


def _rounded(geometry: dict | None) -> dict | None:
    if geometry is None:
        return None

    def walk(c):
        if c and isinstance(c[0], int | float):
            return [round(float(x), 4) for x in c]
        return [walk(x) for x in c]

    return {"type": geometry["type"], "coordinates": walk(list(geometry["coordinates"]))}
