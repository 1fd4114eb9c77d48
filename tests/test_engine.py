"""The Dask engine (sitrep.engine): a LocalCluster of 2 workers gives the one-process run's results."""

from __future__ import annotations

import builtins
import itertools
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, FAKES

from sitrep.config import Settings
from sitrep.errors import EngineError
from sitrep.pipeline import events, extract, ingest


def _inputs(tmp_path: Path) -> list[str]:
    """The demo articles, plus 40 FA-KES articles when ../shared is beside the checkout."""
    inputs = [str(EXAMPLES)]
    if FAKES.exists():
        sample = tmp_path / "fakes40.jsonl"
        with open(FAKES, encoding="utf-8") as fh:
            sample.write_text("".join(itertools.islice(fh, 0, 400, 10)), encoding="utf-8")
        inputs.append(str(sample))
    return inputs


def _stored(db: str) -> tuple[list, list]:
    result = events(db)
    evs = sorted(
        (
            e.event_id,
            e.event_type,
            e.sub_event_type,
            e.event_date,
            e.location,
            e.latitude,
            e.fatalities,
            tuple(sorted((s.article_id, s.sentence_start) for s in e.sources)),
        )
        for e in result.events
    )
    figs = sorted((f.article_id, f.start, f.value, f.qualifier, f.counts, f.event_id) for f in result.figures)
    return evs, figs


@pytest.mark.model
def test_dask_local_cluster_equals_one_process(tmp_path):
    pytest.importorskip("distributed")
    inputs = _inputs(tmp_path)
    one = str(tmp_path / "one.db")
    dask = str(tmp_path / "dask.db")
    a = ingest(inputs, one)
    b = ingest(inputs, dask, settings=Settings(engine="dask", workers=2, batch_size=8))
    assert (a.read, a.stored, a.events) == (b.read, b.stored, b.events) and a.events > 0
    assert _stored(one) == _stored(dask)
    # the articles already stored are skipped before any work is shipped to the cluster
    again = ingest(inputs, dask, settings=Settings(engine="dask", workers=2))
    assert again.stored == 0 and again.unchanged == a.read


def test_missing_distributed_is_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(EngineError, match=r"sitrep\[dask\]"):
        extract([str(EXAMPLES)], settings=Settings(engine="dask"))


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(EngineError, match="unknown engine"):
        extract([str(EXAMPLES)], settings=Settings(engine="spark"))
