"""End to end through the CLI, in-process: the demo articles in, the output contract out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.export import validate

pytestmark = pytest.mark.model

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def extracted():
    from tests.conftest import EXAMPLES

    res = run("extract", str(EXAMPLES), "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_extract_json_validates_against_the_schema(extracted):
    validate(extracted)
    assert {a["status"] for a in extracted["articles"]} == {"ok"}
    assert len(extracted["articles"]) == 5


def test_one_strike_told_by_two_outlets_is_one_event_with_two_sources(extracted):
    strikes = [e for e in extracted["events"] if e["sub_event_type"] == "Air/drone strike"]
    assert strikes, extracted["events"]
    fused = max(strikes, key=lambda e: len(e["sources"]))
    outlets = {s["article_id"] for s in fused["sources"]}
    assert len(outlets) >= 2
    assert fused["admin1"] and "idl" in fused["admin1"].lower()
    # ACLED's rule: the most conservative reported toll; the range keeps the others.
    assert fused["fatalities"] == 21 and fused["fatalities_high"] >= 23
    for source in fused["sources"]:
        assert source["sentence"]


def test_figures_are_traceable(extracted):
    wounded = [f for f in extracted["figures"] if f["counts"] == "injured"]
    assert any(f["value"] == 40 for f in wounded)
    for f in extracted["figures"]:
        assert f["sentence"] and f["article_id"]


def test_non_event_text_gives_no_event(extracted):
    assert not [
        e for e in extracted["events"] if any(s["article_id"] == "demo-diplomacy" for s in e["sources"])
    ]


def test_csv_has_acled_columns_first(examples):
    res = run("extract", str(examples), "--format", "csv")
    assert res.exit_code == 0
    header = next(csv.reader(io.StringIO(res.stdout)))
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS


def test_geojson_is_a_feature_collection(examples):
    res = run("extract", str(examples), "--format", "geojson")
    doc = json.loads(res.stdout)
    assert doc["type"] == "FeatureCollection"
    for feature in doc["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_stdin_jsonl_and_bad_items_go_on(tmp_path):
    good = {
        "id": "a1",
        "published": "2019-03-15",
        "text": "Gunmen killed three civilians in the town of Azaz in Aleppo province on Thursday, activists said.",
    }
    stdin = json.dumps(good) + "\n{broken json\n"
    res = run("extract", "-", str(tmp_path / "missing.txt"), "--format", "json", input=stdin)
    assert res.exit_code == 1  # something failed, the rest was done
    doc = json.loads(res.stdout)
    statuses = {a["status"] for a in doc["articles"]}
    assert "ok" in statuses and len(statuses) >= 2
    assert doc["events"]


def test_ingest_is_idempotent_and_events_export_matches(tmp_path, examples):
    db = str(tmp_path / "s.db")
    first = run("ingest", str(examples), "--db", db)
    assert first.exit_code == 0, first.output
    events1 = json.loads(run("events", "--db", db).stdout)
    second = run("ingest", str(examples), "--db", f"sqlite:///{db}")
    assert "0 stored" in second.stderr
    events2 = json.loads(run("events", "--db", db).stdout)
    assert events1 == events2
    validate(events1)
    assert [e["event_id"] for e in events1["events"]] == [e["event_id"] for e in events2["events"]]


def test_events_filters(tmp_path, examples):
    db = str(tmp_path / "s.db")
    run("ingest", str(examples), "--db", db)
    everything = json.loads(run("events", "--db", db).stdout)["events"]
    battles = json.loads(run("events", "--db", db, "--type", "Battles").stdout)["events"]
    assert battles and all(e["event_type"] == "Battles" for e in battles)
    assert len(battles) < len(everything)
    late = json.loads(run("events", "--db", db, "--since", "2019-03-14").stdout)["events"]
    assert all(e["event_date"] >= "2019-03-14" for e in late if e["event_date"])
    bad = run("events", "--db", db, "--since", "yesterday")
    assert bad.exit_code == 2


def test_a_new_article_is_fused_with_what_is_stored(tmp_path, examples):
    db = str(tmp_path / "s.db")
    run("ingest", str(examples / "wire_maarat.txt"), "--db", db)
    run("ingest", str(examples / "local_maarat.html"), "--db", db)
    stepwise = json.loads(run("events", "--db", db).stdout)["events"]
    strike = max(stepwise, key=lambda e: len(e["sources"]))
    assert len(strike["sources"]) == 2
    at_once = str(tmp_path / "once.db")
    run("ingest", str(examples / "wire_maarat.txt"), str(examples / "local_maarat.html"), "--db", at_once)
    assert stepwise == json.loads(run("events", "--db", at_once).stdout)["events"]
    # the second article joined the first one's event: the log says so, and history shows it
    res = run("history", strike["event_id"], "--db", db)
    assert res.exit_code == 0
    actions = [line.split()[1] for line in res.stdout.splitlines()]
    assert actions[0] == "created" and actions[-1] in ("joined", "renamed", "merged")
    assert run("history", "SRnotanevent", "--db", db).exit_code == 1
    res = run("stories", "--db", db, "--json")
    assert res.exit_code == 0 and isinstance(json.loads(res.stdout), list)


def test_workers_give_the_same_result_as_one_process(tmp_path, examples):
    one = json.loads(run("extract", str(examples)).stdout)
    two = json.loads(run("extract", str(examples), "--workers", "2").stdout)
    assert two == one and one["events"]
    db = str(tmp_path / "w.db")
    assert run("ingest", str(examples), "--db", db, "--workers", "2").exit_code == 0
    stored = json.loads(run("events", "--db", db).stdout)
    assert [e["event_id"] for e in stored["events"]] == [e["event_id"] for e in one["events"]]


def test_workers_keep_input_order_across_batches(examples):
    from sitrep import pipeline
    from sitrep.config import Settings
    from sitrep.export import to_dict

    one = to_dict(pipeline.extract([str(examples)], settings=Settings(batch_size=2, workers=1)))
    two = to_dict(pipeline.extract([str(examples)], settings=Settings(batch_size=2, workers=2)))
    assert two == one
    assert len(one["articles"]) == 5  # three batches over two workers


def test_serve_binds_the_machine_only_by_default_and_needs_a_token_to_write():
    from click.testing import CliRunner

    from sitrep.cli import main

    out = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--host" in out and "127.0.0.1" in out and "--token" in out and "read-only" in out


def test_model_thread_gives_the_same_result_across_batches(examples):
    """The model parsing the next batch in a second thread (``nlp_thread``) changes nothing in the output."""
    from sitrep import pipeline
    from sitrep.config import Settings
    from sitrep.export import to_dict

    def run_with(thread: bool) -> tuple[dict, dict[str, float]]:
        timings: dict[str, float] = {}
        settings = Settings(batch_size=2, workers=1, nlp_thread=thread)
        articles = pipeline.read_inputs([str(examples)], settings=settings)
        extractions = list(pipeline.process(articles, settings=settings, timings=timings))
        result = pipeline.Result(articles=[e.article for e in extractions])
        result.events = pipeline._fused([m for e in extractions for m in e.mentions])
        return to_dict(result), timings

    serial, _ = run_with(False)
    threaded, timings = run_with(True)
    assert len(serial["articles"]) == 5  # three batches: the next one is parsed while one is extracted
    assert threaded == serial and serial["events"]
    assert {"read", "nlp", "extract", "geo"} <= set(timings)
