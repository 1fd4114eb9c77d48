"""An analyst's corrections: stored with who/when/old/new, applied after every fusion, exported."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sitrep import pipeline as sitrep
from sitrep.cli import main
from sitrep.corrections import (
    apply_corrections,
    correct_event,
    export_corrections,
    merge_events,
    normalise_value,
    safe_export_path,
    split_event,
)
from sitrep.errors import CorrectionError, NotFound
from sitrep.fuse import event_id_for
from sitrep.records import Correction, DateResolution, EventMention
from sitrep.store import Store

# A third report of the demo air strike (illustrative, written for this test): it joins that event and
# would move its machine toll.
MORE = {
    "id": "demo-more-1",
    "title": "Maarat toll rises",
    "outlet": "Another Wire (illustrative)",
    "published": "2019-03-13",
    "text": "Air strikes killed 30 civilians in the town of Maarat al-Numan in Idlib province on Tuesday, "
    "medics said.",
}


def _event_at(db: str, place_part: str):
    return next(e for e in sitrep.events(db=db).events if place_part in (e.location or e.location_raw or ""))


@pytest.mark.model
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_corrections_survive_reingest_and_refusion(examples, tmp_path, request, backend):
    # PostgreSQL: the throwaway server of `make test` (skipped without one, a failure in CI)
    db = str(tmp_path / "s.db") if backend == "sqlite" else request.getfixturevalue("postgres_db")
    sitrep.ingest([str(examples)], db=db)
    strike = next(e for e in sitrep.events(db=db).events if e.sub_event_type == "Air/drone strike")
    machine_toll = strike.fatalities
    clash = next(e for e in sitrep.events(db=db).events if e.sub_event_type == "Armed clash")
    protest = next(e for e in sitrep.events(db=db).events if e.sub_event_type == "Peaceful protest")
    with Store.open(db) as store:
        c = correct_event(store, strike.event_id, "fatalities", 19, who="Rana")
        assert (c.old, c.new, c.who, c.field) == (machine_toll, 19, "Rana", "fatalities")
        merge = merge_events(store, [clash.event_id, protest.event_id], who="Rana")
    after = sitrep.events(db=db).events
    assert len(after) == 2
    merged = next(e for e in after if e.event_id == merge.new)
    assert {m.mention_id for m in merged.mentions} == {
        m.mention_id for m in clash.mentions + protest.mentions
    }
    assert next(e for e in after if e.sub_event_type == "Air/drone strike").fatalities == 19

    # more articles: the machine re-fuses (the strike gains a source with a higher toll), corrections hold
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps(MORE) + "\n", encoding="utf-8")
    report = sitrep.ingest([str(more)], db=db)
    assert report.stored == 1
    after = sitrep.events(db=db).events
    strike_now = next(e for e in after if e.sub_event_type == "Air/drone strike")
    assert "demo-more-1" in {s.article_id for s in strike_now.sources}  # the new report joined
    assert strike_now.fatalities == 19
    assert strike_now.fatalities_high >= 30  # the sources' range still shows what they said
    assert any(e.event_id == merge.new for e in after)
    # re-fusing again with nothing new changes nothing
    sitrep.ingest([str(more)], db=db)
    assert [(e.event_id, e.fatalities) for e in sitrep.events(db=db).events] == [
        (e.event_id, e.fatalities) for e in after
    ]
    with Store.open(db) as store:
        fixes = store.corrections()
        doc = export_corrections(store)
    assert [c.action for c in fixes] == ["set", "merge"]
    assert [c["who"] for c in doc["corrections"]] == ["Rana", "Rana"]
    assert doc["corrections"][0]["old"] == machine_toll and doc["corrections"][0]["new"] == 19


@pytest.mark.model
def test_split_keeps_mentions_apart_and_cli_exports(examples, tmp_path):
    db = str(tmp_path / "s.db")
    sitrep.ingest([str(examples)], db=db)
    strike = next(e for e in sitrep.events(db=db).events if e.sub_event_type == "Air/drone strike")
    assert len(strike.sources) == 2
    part = [strike.mentions[-1].mention_id]
    with Store.open(db) as store:
        c = split_event(store, strike.event_id, part, who="Ana")
        with pytest.raises(CorrectionError):
            split_event(store, c.new[1], part)  # nothing left behind
        with pytest.raises(NotFound):
            correct_event(store, "SRnope", "fatalities", 3)
    ids = {e.event_id for e in sitrep.events(db=db).events}
    assert set(c.new) <= ids
    sitrep.ingest([str(examples)], db=db)  # nothing new: the split holds
    out = tmp_path / "corrections.json"
    with pytest.raises(SystemExit) as exit_:
        main(["corrections", "export", "--db", db, "-o", str(out)], standalone_mode=True)
    assert exit_.value.code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(c["action"], c["who"], c["mention_ids"]) for c in doc["corrections"]] == [("split", "Ana", part)]


def _mention(mid: str, article: str, day: int, toll: int = 0) -> EventMention:
    return EventMention(
        mention_id=mid,
        article_id=article,
        sentence=f"sentence {mid}",
        sentence_start=0,
        sentence_end=10,
        event_type="Battles",
        sub_event_type="Armed clash",
        date=DateResolution(date(2020, 1, day), 1, None, "explicit"),
        fatalities=toll,
        fatalities_low=toll,
        fatalities_high=toll,
    )


def test_apply_corrections_follows_mentions_not_ids():
    from sitrep.fuse import build_event

    a, b, c = _mention("a:0", "a", 1, 5), _mention("b:0", "b", 1, 7), _mention("c:0", "c", 9)
    events = [build_event([a, b]), build_event([c])]
    set_toll = Correction("set", events[0].event_id, ["a:0", "b:0"], "x", "t", "fatalities", 5, 6, 1)
    merge = Correction("merge", "?", ["a:0", "b:0", "c:0"], "x", "t", None, [], None, 2)
    out = apply_corrections(events, [set_toll, merge])
    assert len(out) == 1 and out[0].fatalities == 6 and out[0].event_id == event_id_for(["a:0"])
    # the event regrouped by the machine (a alone): the toll follows the mention it holds most of
    out = apply_corrections([build_event([a]), build_event([b]), build_event([c])], [set_toll])
    assert sorted(e.fatalities for e in out) == [0, 6, 7]  # a tie goes to the first event (by date, id)
    split = Correction("split", "?", ["b:0"], "x", "t", None, ["a:0", "b:0"], None, 3)
    out = apply_corrections([build_event([a, b, c])], [split])
    assert sorted(sorted(m.mention_id for m in e.mentions) for e in out) == [["a:0", "c:0"], ["b:0"]]
    # a correction whose mentions are gone applies to nothing (and breaks nothing)
    gone = Correction("set", "?", ["z:0"], "x", "t", "fatalities", 1, 2, 4)
    assert [e.fatalities for e in apply_corrections([build_event([c])], [gone])] == [0]


@pytest.mark.parametrize(
    "field,value",
    [
        ("fatalities", -1),
        ("fatalities", 2.5),
        ("fatalities", "many"),
        ("fatalities", True),
        ("event_date", "2019-13-01"),
        ("event_date", 20190101),
        ("sub_event_type", "Picnic"),
        ("place", {"location": "X", "latitude": 100, "longitude": 1}),
        ("place", {"location": "X", "latitude": 1}),
        ("place", {"location": ""}),
        ("place", {"location": "X", "evil": 1}),
        ("actor1", "x" * 300),
        ("notes", "anything"),
    ],
)
def test_bad_corrections_are_refused(field, value):
    with pytest.raises(CorrectionError):
        normalise_value(field, value)


def test_good_values_are_normalised():
    assert normalise_value("fatalities", "12") == 12
    assert normalise_value("event_date", " 2019-03-12 ") == "2019-03-12"
    assert normalise_value("actor1", "  ") is None
    place = normalise_value("place", {"location": "Kafr Nabl", "latitude": "35.61", "longitude": 36.56})
    assert place == {
        "location": "Kafr Nabl",
        "latitude": 35.61,
        "longitude": 36.56,
        "admin1": None,
        "country": None,
    }


@pytest.mark.parametrize(
    "name",
    ["../x.json", "/etc/passwd", "a/b.json", "..", "x.exe", "", ".hidden.json", "a\\b.json", "x.json\x00"],
)
def test_export_paths_cannot_escape_their_folder(tmp_path, name):
    with pytest.raises(CorrectionError):
        safe_export_path(tmp_path, name)


def test_export_path_inside_folder(tmp_path):
    assert (
        safe_export_path(tmp_path, "corrections-2026.json") == (tmp_path / "corrections-2026.json").resolve()
    )
    # a symlink planted in the folder that points out of it is refused
    (tmp_path / "link.json").symlink_to("/etc/hostname")
    with pytest.raises(CorrectionError):
        safe_export_path(tmp_path, "link.json")
