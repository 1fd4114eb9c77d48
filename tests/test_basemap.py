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


def _square_shapefile(tmp_path):
    shapefile = pytest.importorskip("shapefile")
    base = str(tmp_path / "squares")
    with shapefile.Writer(base, shapeType=shapefile.POLYGON) as w:
        w.field("NAME_EN", "C", 50)
        w.field("PCODE", "C", 10)
        w.poly([[[36.0, 35.0], [36.5, 35.0], [36.5, 35.5], [36.0, 35.5], [36.0, 35.0]]])
        w.record("Illustrative square", "XX01")
    return base + ".shp"


def test_boundaries_from_a_shapefile_or_geojson(tmp_path):
    shp = basemap.load_boundaries(_square_shapefile(tmp_path))
    (f,) = shp["features"]
    assert f["properties"] == {"name": "Illustrative square", "pcode": "XX01"}
    assert f["geometry"]["type"] == "Polygon" and [36.5, 35.5] in f["geometry"]["coordinates"][0]
    geo = tmp_path / "b.geojson"
    geo.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"},'
        ' "geometry": {"type": "Point", "coordinates": [36.123456789, 35.987654321]}}]}'
    )
    assert basemap.load_boundaries(geo)["features"][0]["geometry"]["coordinates"] == [36.1235, 35.9877]
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(BasemapError):
        basemap.load_boundaries(bad)
    with pytest.raises(BasemapError):
        basemap.load_boundaries(tmp_path / "missing.shp")


@pytest.mark.shared
def test_ocha_admin1_shapefile():
    from tests.conftest import GAZETTEER, need

    path = need(GAZETTEER / "ocha_syr_admin_shp_2016" / "syr_admin1.shp")
    names = {f["properties"]["name"] for f in basemap.load_boundaries(path)["features"]}
    assert len(names) == 14 and {"Aleppo", "Idleb", "Deir-ez-Zor"} <= names


def test_served_boundaries(tmp_path, web_db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app

    with TestClient(create_app(web_db)) as plain:
        assert plain.get("/api/boundaries").status_code == 404
        assert plain.get("/api/meta").json()["boundaries"] is False
    with TestClient(create_app(web_db, boundaries=_square_shapefile(tmp_path))) as client:
        assert client.get("/api/meta").json()["boundaries"] is True
        assert (
            client.get("/api/boundaries").json()["features"][0]["properties"]["name"] == "Illustrative square"
        )
