"""The learnt event gate (sitrep.extract.gate) and its training (sitrep.eval.gate)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import FAKES, ROOT, need

from sitrep.config import Settings
from sitrep.extract import extract_article
from sitrep.extract import gate as gate_mod
from sitrep.extract.actors import find_actors
from sitrep.extract.events import classify
from sitrep.extract.gate import Gate, accuracy, features, load_gate, read_gate, train
from sitrep.records import Article


def test_training_is_deterministic_and_learns_a_separable_rule():
    # toy examples: "speech" marks a non-event, "number" an event; "noise" is in both
    xs = [{"number": 1.0, "noise": 1.0}] * 10 + [{"speech": 1.0, "noise": 1.0}] * 10 + [{"rare": 1.0}]
    ys = [1] * 10 + [0] * 10 + [1]
    a, b = train(xs, ys), train(xs, ys)
    assert a.weights == b.weights and a.bias == b.bias
    assert a.weights["number"] > 0 > a.weights["speech"]
    assert "rare" not in a.weights  # seen once: dropped, it could only memorise
    assert accuracy(a, xs[:20], ys[:20]) == 1.0


def test_gate_json_round_trip(tmp_path: Path):
    g = Gate(weights={"x": 0.5, "y": -1.25}, bias=0.1, threshold=0.4, meta={"examples": 3})
    path = tmp_path / "gate.json"
    path.write_text(g.to_json(), encoding="utf-8")
    back = read_gate(path)
    assert back.weights == g.weights and back.bias == g.bias and back.threshold == 0.4


def test_packaged_gate_is_trained_and_documented():
    g = load_gate()
    assert g is not None and len(g.weights) > 50
    assert g.meta["examples"] >= 100 and 0.5 < g.meta["cv_accuracy"] <= 1.0


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


def _sent(nlp, text: str):
    doc = nlp(text)
    sent = next(iter(doc.sents))
    cands = classify(sent, actors=find_actors(sent))
    assert cands, text
    return sent, cands[0]


@pytest.mark.model
def test_features_read_the_parse(nlp):
    sent, cand = _sent(nlp, "Warplanes struck the market in Douma on Monday, killing 12 civilians.")
    f = features(sent, cand)
    assert f["has_number"] == f["has_day"] == 1.0
    assert "trigger_in_main_clause" in f and "speech_verb" not in f
    sent, cand = _sent(nlp, "The minister said that the army had carried out the chemical attack.")
    f = features(sent, cand)
    assert f["speech_verb"] == 1.0 and f["reported_under_speech_verb"] == 1.0
    assert "has_number" not in f


@pytest.mark.model
@pytest.mark.parametrize("scale", [0.0, 1.0, 2.0])
def test_tensor_features_are_the_trigger_neighbourhood_at_the_given_length(nlp, scale):
    sent, cand = _sent(nlp, "Warplanes struck the market in Douma on Monday, killing 12 civilians.")
    dense = {k: v for k, v in features(sent, cand, tensor_scale=scale).items() if k.startswith("tn")}
    assert len(dense) == (sent.doc.tensor.shape[1] if scale else 0)
    assert sum(v * v for v in dense.values()) == pytest.approx(scale * scale, rel=1e-6)
    # the lexical features do not change
    lexical = {k: v for k, v in features(sent, cand, tensor_scale=scale).items() if not k.startswith("tn")}
    assert lexical == features(sent, cand)


def test_tensor_scale_is_kept_in_the_gate_file(tmp_path: Path):
    g = Gate(weights={"tn0": 0.5, "w=strike": 1.0}, bias=0.0, tensor_scale=2.0)
    path = tmp_path / "gate.json"
    path.write_text(g.to_json(), encoding="utf-8")
    assert read_gate(path).tensor_scale == 2.0
    assert read_gate(path).weights == g.weights


def test_packaged_gate_reads_the_features_it_was_trained_with():
    # the packaged gate is lexical (tensor_scale 0: it must not depend on one model's tensor width);
    # a gate trained with tensor features has their weights and reads them back
    g = load_gate()
    assert g is not None
    assert (g.tensor_scale > 0) == any(k.startswith("tn") for k in g.weights)


@pytest.mark.model
def test_the_gate_only_removes_candidates(nlp, monkeypatch):
    text = "Warplanes struck the market in Douma on Monday, killing 12 civilians."
    article = Article(id="a", text=text, published=date(2020, 3, 3), language="en")
    rules = extract_article(nlp(text), article, Settings(event_gate=False))
    assert rules.mentions
    for threshold, kept in ((0.0, len(rules.mentions)), (1.01, 0)):
        fake = Gate(weights={}, bias=0.0, threshold=threshold)
        monkeypatch.setattr(gate_mod, "load_gate", lambda fake=fake: fake)
        monkeypatch.setattr("sitrep.extract.load_gate", lambda fake=fake: fake)
        got = extract_article(nlp(text), article, Settings(event_gate=True))
        assert len(got.mentions) == kept
        if kept:
            assert [m.sub_event_type for m in got.mentions] == [m.sub_event_type for m in rules.mentions]


def test_training_counts_the_examples_of_each_event_type(tmp_path: Path):
    xs = [{"type=Battles": 1.0, "number": 1.0}] * 6 + [{"type=Protests": 1.0, "speech": 1.0}] * 2
    g = train(xs, [1] * 6 + [0] * 2, min_type_examples=3)
    assert g.type_examples == {"Battles": 6, "Protests": 2} and g.min_type_examples == 3
    path = tmp_path / "gate.json"
    path.write_text(g.to_json(), encoding="utf-8")
    back = read_gate(path)
    assert back.type_examples == g.type_examples and back.min_type_examples == 3


@pytest.mark.model
def test_the_gate_does_not_judge_a_type_it_has_hardly_seen(nlp, monkeypatch):
    # a gate that drops everything it judges, trained on battles only: a protest passes it
    never = Gate(weights={}, bias=0.0, threshold=1.01, type_examples={"Battles": 50}, min_type_examples=20)
    monkeypatch.setattr("sitrep.extract.load_gate", lambda: never)
    for text, kept in (
        ("Police used tear gas to disperse a protest by students in the capital.", 1),
        ("Government forces clashed with rebels near the town on Monday.", 0),
    ):
        article = Article(id="a", text=text, published=date(2020, 3, 3), language="en")
        got = extract_article(nlp(text), article, Settings(event_gate=True))
        assert len(got.mentions) == kept, text
    # with no counts recorded (an older gate file), every candidate is judged
    never.type_examples = None
    text = "Police used tear gas to disperse a protest by students in the capital."
    article = Article(id="a", text=text, published=date(2020, 3, 3), language="en")
    assert not extract_article(nlp(text), article, Settings(event_gate=True)).mentions


@pytest.mark.shared
@pytest.mark.model
def test_training_from_labelled_references(tmp_path: Path):
    from sitrep.eval.gate import train_gate

    labels = ROOT / "tests" / "data" / "event_snippets.jsonl"
    small = tmp_path / "labels.jsonl"
    items = [json.loads(x) for x in labels.read_text(encoding="utf-8").splitlines() if x.strip()]
    dev = [i for i in items if i["split"] == "dev"][:60]
    held = [i for i in items if i["split"] == "test"][:5]
    small.write_text("".join(json.dumps(i) + "\n" for i in dev + held), encoding="utf-8")
    out = tmp_path / "gate.json"
    report = train_gate([small], need(FAKES), out, folds=3)
    assert 0 < report.examples <= 60  # held-out items are never trained on
    assert 0 < report.positives < report.examples
    assert read_gate(out).meta["examples"] == report.examples


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.mark.parametrize("name", ["event_train.jsonl", "event_train2.jsonl"])
def test_training_labels_hold_references_only(name: str):
    from sitrep.extract.events import taxonomy

    items = _jsonl(ROOT / "tests" / "data" / name)
    assert len(items) >= 300
    allowed = set(taxonomy().sub_to_type) | {"none", "event", "unsure"}
    for item in items:
        assert set(item) == {"article_id", "start", "end", "label", "split"}
        assert item["label"] in allowed and item["split"] == "train" and 0 <= item["start"] < item["end"]
    # no training sentence comes from an article of the held-out snippets
    snippets = ROOT / "tests" / "data" / "event_snippets.jsonl"
    held = {json.loads(x)["article_id"] for x in snippets.read_text().splitlines() if '"test"' in x}
    assert not held & {i["article_id"] for i in items}


def test_second_training_batch_is_disjoint_from_the_other_label_sets():
    data = ROOT / "tests" / "data"
    second = _jsonl(data / "event_train2.jsonl")
    # no article of any snippet (dev or test) nor of a fusion pair, as tests/data/README.md says
    excluded = {i["article_id"] for i in _jsonl(data / "event_snippets.jsonl")}
    for pair in _jsonl(data / "fusion_pairs.jsonl"):
        excluded |= {pair["a"]["article_id"], pair["b"]["article_id"]}
    assert not excluded & {i["article_id"] for i in second}
    # no sentence overlapping one of the first batch, at most two sentences per article
    first: dict[str, list[tuple[int, int]]] = {}
    for i in _jsonl(data / "event_train.jsonl"):
        first.setdefault(i["article_id"], []).append((i["start"], i["end"]))
    per_article: dict[str, int] = {}
    for i in second:
        assert not any(i["start"] < e and s < i["end"] for s, e in first.get(i["article_id"], []))
        per_article[i["article_id"]] = per_article.get(i["article_id"], 0) + 1
    assert max(per_article.values()) <= 2


@pytest.mark.shared
@pytest.mark.model
def test_acled_notes_join_the_training_as_events(tmp_path: Path):
    from tests.conftest import ACLED

    from sitrep.eval.gate import acled_examples

    xs, ys, refs = acled_examples(need(ACLED), 12)
    assert 8 <= len(xs) <= 12 and set(ys) == {1}
    assert all(r.startswith("acled:") for r in refs)
