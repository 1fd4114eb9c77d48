"""The offline basemap: vendored Natural Earth country shapes as GeoJSON."""

from __future__ import annotations

import pytest

from sitrep.errors import BasemapError
from sitrep.export import basemap


def test_basemap_has_syria_and_neighbours_as_polygons():
    if not basemap.basemap_path().is_file():
        pytest.skip("basemap not vendored (make vendor)")
    fc = basemap.load_basemap()
    assert fc["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Syria", "Iraq", "Turkey", "Lebanon", "Jordan"} <= names
    assert len(names) > 200
    syria = basemap.load_basemap(["syria"])["features"]
    assert len(syria) == 1 and syria[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # Syria's outline lies within its bounding box (about 35.6-42.4 E, 32.3-37.4 N)
    ring = syria[0]["geometry"]["coordinates"][0]
    ring = ring[0] if syria[0]["geometry"]["type"] == "MultiPolygon" else ring
    assert all(35 < lon < 43 and 32 < lat < 38 for lon, lat in ring)
    # by ISO numeric id too, and the cached file is not changed by filtering
    assert [f["properties"]["name"] for f in basemap.load_basemap(["760"])["features"]] == ["Syria"]
    assert len(basemap.load_basemap()["features"]) == len(fc["features"])


def test_missing_basemap_is_a_typed_error(monkeypatch, tmp_path):
    monkeypatch.setattr(basemap, "basemap_path", lambda: tmp_path / "none.geojson")
    with pytest.raises(BasemapError, match="make vendor"):
        basemap.load_basemap()
