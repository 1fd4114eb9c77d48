"""Tests of sitrep.export: the JSON contract and its schema, the ACLED CSV, GeoJSON.

All records are illustrative, written by hand for these tests.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import yaml

from sitrep.export import (
    ACLED_COLUMNS,
    FORMATS,
    SITREP_COLUMNS,
    ContractError,
    schema,
    to_dict,
    to_geojson,
    validate,
    write,
)
from sitrep.export import acled as acled_conv
from sitrep.records import Article, Event, Figure, Result, Source

#: the ACLED dev set beside the checkout (read in place; the test skips when it is absent).
ACLED = (
    Path(__file__).resolve().parents[1].parent / "shared" / "acled-dev" / "acled_syria_battles_2019-2023.csv"
)

ACLED_TYPES = {
    "Battles": 3,
    "Explosions/Remote violence": 6,
    "Violence against civilians": 3,
    "Protests": 3,
    "Riots": 2,
    "Strategic developments": 8,
}


def event(eid: str = "SR000000000001", *, coords: bool = True, **kw) -> Event:
    base = dict(
        event_id=eid, event_date=date(2019, 5, 4), time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", actor1="Military Forces of Russia (2000-)", actor2="Civilians (Syria)",
        civilian_targeting=True, country="Syria", iso=760, admin1="Province A", admin2="District A",
        location="Town A", latitude=35.5 if coords else None, longitude=36.6 if coords else None,
        geo_precision=1 if coords else None, location_raw="Town A", geo_step="exact", fatalities=3,
        fatalities_low=3, fatalities_high=5, notes="On 2019-05-04, air/drone strike in Town A, killing 3 people.",
        sources=[Source("a1", "Outlet One", "Illustrative.", None, "a1:0", 0, 13),
                 Source("b2", "Outlet Two", "Illustrative too.", "a monitor", "b2:4", 4, 21),
                 Source("c3", "Outlet One", "Illustrative three.", None, "c3:0", 0, 19)],
        confidence=0.75,
    )  # fmt: skip
    base.update(kw)
    return Event(**base)


def result() -> Result:
    articles = [
        Article(
            id="a1",
            text="Illustrative.",
            title="T",
            outlet="Outlet One",
            published=date(2019, 5, 4),
            language="en",
        ),
        Article(id="bad", text="", status="empty", message="no text"),
    ]
    fig = Figure(
        article_id="a1", value=3, low=3, high=5, qualifier="range", counts="killed", subject="civilians",
        claimed_by=None, sentence="Illustrative.", sentence_start=0, sentence_end=13, start=2, end=5, text="3 to 5",
        event_id="SR000000000001", mention_id="a1:0",
    )  # fmt: skip
    return Result(
        articles=articles,
        events=[event(), event("SR000000000002", coords=False, country=None, iso=None)],
        figures=[fig],
    )


def test_json_output_follows_the_schema():
    doc = to_dict(result())
    validate(doc)
    assert set(doc) == {"articles", "events", "figures"}
    e = doc["events"][0]
    assert e["event_date"] == "2019-05-04" and e["civilian_targeting"] is True and e["iso"] == 760
    assert doc["articles"][1]["status"] == "empty" and doc["articles"][0]["published"] == "2019-05-04"
    assert e["sources"][1] == {
        "article_id": "b2", "outlet": "Outlet Two", "sentence": "Illustrative too.", "claimed_by": "a monitor",
        "mention_id": "b2:4", "sentence_start": 4, "sentence_end": 21,
    }  # fmt: skip
    buf = io.StringIO()
    write(result(), buf, "json")
    assert json.loads(buf.getvalue()) == doc


@pytest.mark.parametrize(
    "path, value",
    [
        (("events", 0, "event_type"), "Airstrike"),
        (
            ("events", 0, "sub_event_type"),
            "Armed clash",
        ),  # a Battles sub-type under Explosions/Remote violence
        (("events", 0, "civilian_targeting"), "Civilian targeting"),
        (("events", 0, "event_date"), "04 May 2019"),
        (("events", 0, "time_precision"), 4),
        (("events", 0, "latitude"), 123.0),
        (("figures", 0, "qualifier"), "roughly"),
        (("figures", 0, "counts"), "dead"),
        (("articles", 0, "unexpected"), 1),
    ],
)
def test_validate_rejects_contract_violations(path, value):
    doc = to_dict(result())
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ContractError) as exc:
        validate(doc)
    assert str(path[0]) in str(exc.value)


def test_validate_rejects_missing_field():
    doc = to_dict(result())
    del doc["events"][0]["fatalities"]
    with pytest.raises(ContractError):
        validate(doc)


def test_schema_enumerates_acled_taxonomy():
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    ev = s["$defs"]["event"]
    assert set(ev["properties"]["event_type"]["enum"]) == set(ACLED_TYPES)
    subs = ev["properties"]["sub_event_type"]["enum"]
    assert len(subs) == len(set(subs)) == 25
    per_type = {
        rule["if"]["properties"]["event_type"]["const"]: rule["then"]["properties"]["sub_event_type"]["enum"]
        for rule in ev["allOf"]
    }
    assert {t: len(v) for t, v in per_type.items()} == ACLED_TYPES
    assert sorted(x for v in per_type.values() for x in v) == sorted(subs)
    # Every sub-type named by the disorder mapping exists.
    assert set(acled_conv.conventions()["disorder_type"]["by_sub_event_type"]) <= set(subs)
    assert set(acled_conv.conventions()["disorder_type"]["by_event_type"]) == set(ACLED_TYPES)


def read_csv(res: Result) -> tuple[list[str], list[dict]]:
    buf = io.StringIO()
    write(res, buf, "csv")
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    return list(reader.fieldnames), list(reader)


def test_csv_has_acled_columns_first_then_sitrep_columns():
    header, rows = read_csv(result())
    assert len(ACLED_COLUMNS) == 31
    assert header == list(ACLED_COLUMNS + SITREP_COLUMNS)
    assert len(rows) == 2  # one row per event; articles and figures are not in the CSV
    row = rows[0]
    assert (
        row["event_id_cnty"] == "SR000000000001"
        and row["event_date"] == "2019-05-04"
        and row["year"] == "2019"
    )
    assert row["disorder_type"] == "Political violence"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "7", "78")
    assert row["region"] == "Middle East" and row["iso"] == "760"
    assert row["source"] == "Outlet One; Outlet Two"  # each outlet once
    assert row["source_ids"] == "a1; b2; c3" and row["sources_count"] == "3"
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == ("3", "3", "5")
    assert rows[1]["latitude"] == "" and rows[1]["region"] == ""


@pytest.mark.shared
def test_csv_columns_match_an_acled_export():
    if not ACLED.exists():
        pytest.skip(f"{ACLED} is absent")
    with ACLED.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert list(ACLED_COLUMNS) == header


@pytest.mark.parametrize(
    "event_type, sub, disorder",
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_type(event_type, sub, disorder):
    assert acled_conv.disorder_type(event_type, sub) == disorder


@pytest.mark.parametrize(
    "actor, country, inter",
    [
        ("Military Forces of Syria (2000-)", "Syria", 1),
        ("Military Forces of Syria (2000-) Military Intelligence", "Syria", 1),
        ("Military Forces of Iraq (2018-2020)", "Syria", 8),
        ("Military Forces of the United States (2021-)", "Iraq", 8),
        ("Police Forces of Iraq (2018-2020)", "Iraq", 1),
        ("Islamic State (Iraq)", "Iraq", 2),
        ("Unidentified Armed Group (Syria)", "Syria", 3),
        ("Militia (Pro-Government)", "Syria", 3),
        ("Example Communal Militia (Syria)", "Syria", 4),
        ("Rioters (Syria)", "Syria", 5),
        ("Protesters (Iraq)", "Iraq", 6),
        ("Civilians (Syria)", "Syria", 7),
        ("Some Name Nobody Knows", "Syria", None),
        (None, "Syria", None),
    ],
)
def test_inter_codes(actor, country, inter):
    assert acled_conv.inter_code(actor, country) == inter


@pytest.mark.parametrize(
    "i1, i2, code", [(1, 3, "13"), (3, 1, "13"), (2, None, "20"), (None, None, ""), (7, 7, "77")]
)
def test_interaction(i1, i2, code):
    assert acled_conv.interaction(i1, i2) == code


def test_geojson_points_in_lon_lat_order_and_omitted_count():
    res = result()
    gj = to_geojson(res)
    assert gj["type"] == "FeatureCollection" and gj["sitrep_omitted"] == 1
    (feature,) = gj["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.6, 35.5]}
    assert feature["id"] == "SR000000000001"
    assert isinstance(feature["properties"]["sources"], list)
    # The properties follow the event contract.
    validate({"articles": [], "events": [feature["properties"]], "figures": []})
    buf = io.StringIO()
    write(res, buf, "geojson")
    assert json.loads(buf.getvalue()) == gj


def test_unknown_format_is_a_typed_error():
    assert FORMATS == ("json", "csv", "geojson", "table")
    with pytest.raises(ContractError):
        write(result(), io.StringIO(), "xml")


def test_table_lists_every_event_with_its_sources():
    res = result()
    text = io.StringIO()
    write(res, text, "table")
    out = text.getvalue()
    for event in res.events:
        assert event.sub_event_type in out
        for src in event.sources:
            assert src.sentence.strip() in out


def test_empty_result():
    doc = to_dict(Result())
    validate(doc)
    assert doc == {"articles": [], "events": [], "figures": []}
    header, rows = read_csv(Result())
    assert rows == [] and header[0] == "event_id_cnty"


def test_schema_file_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())


def test_acled_export_data_is_consistent():
    data = yaml.safe_load(
        resources.files("sitrep.data").joinpath("acled_export.yml").read_text(encoding="utf-8")
    )
    for country, info in data["countries"].items():
        assert info["region"] and isinstance(info["iso"], int), country
    assert set(data["inter"]["kinds"].values()) <= set(range(1, 9))


def test_schema_taxonomy_matches_the_extractor_taxonomy():
    path = resources.files("sitrep.data").joinpath("taxonomy.yml")
    if not path.is_file():
        pytest.skip("data/taxonomy.yml is not there yet")
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8")).get("event_types")
    ev = schema()["$defs"]["event"]
    per_type = {
        r["if"]["properties"]["event_type"]["const"]: r["then"]["properties"]["sub_event_type"]["enum"]
        for r in ev["allOf"]
    }
    assert {k: list(v) for k, v in taxonomy.items()} == per_type
