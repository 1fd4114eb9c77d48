"""Property-based fuzzing (Hypothesis) of the readers, the cleaner, the figure parser, the date resolver and
the place-name normaliser: generated inputs, no unhandled exception, and the properties each one promises.

Each target runs a fixed number of examples (derandomised, so CI is reproducible) and records how many it
ran; ``FUZZED`` totals them and the last test checks the total (issue 8 asks for 10,000 or more in CI).
The fragments are illustrative, written for these tests.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sitrep.clean import clean_text  # noqa: E402
from sitrep.config import Settings  # noqa: E402
from sitrep.geo.normalize import alias_key, exact_key, mid_key  # noqa: E402
from sitrep.ingest.reader import _from_bytes, _from_json_line  # noqa: E402
from sitrep.records import QUALIFIERS  # noqa: E402

#: examples run per target (five targets: 2,000 each, 10,000 in all)
PER_TARGET = 2000
FUZZED: dict[str, int] = {}
_SETTINGS = dict(
    max_examples=PER_TARGET,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

_WORDS = [
    "at least", "more than", "about", "up to", "dozens of", "hundreds", "tens of thousands", "several",
    "a quarter of a million", "half a million", "21", "1,000,000,000", "3.5", "10 to 15", "two or three",
    "eight", "twenty-one", "a hundred", "0", "-4", "civilians", "fighters", "killed", "wounded", "were",
    "people", "including", "children", "air strikes", "rockets", "displaced", "arrested", "missing",
    "on Monday", "late on Tuesday", "overnight", "yesterday", "last week", "earlier this month",
    "on 4 April 2017", "in March", "2011", "since 2014", "31 February", "0000-00-00", "the Observatory said",
    "according to activists", "in Raqqa", "Deir ez-Zor", "\u0627\u0644\u0631\u0642\u0629", "\u200f", "\u202e",
    ".", ",", "\n", "\n\n", '"', "(AFP)", "Show Full Article", "Related Video:", "\ufffd", "\x00",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_WORDS) | st.text(max_size=12), max_size=30).map(" ".join)


def _count(name: str) -> None:
    FUZZED[name] = FUZZED.get(name, 0) + 1


def _checked_article(article, origin: str) -> None:
    """What every reader promises: an Article with a status, a one-line message when rejected, and a
    cleaned text whose offsets map back into the raw text."""
    assert article.status
    if article.ok:
        assert article.text.strip() and article.language in (None, "en", "und")
        if article.offsets is not None and article.raw_text is not None:
            for i in (0, len(article.text) // 2, len(article.text)):
                assert 0 <= article.offsets.to_raw(i) <= len(article.raw_text)
    else:
        assert article.message and "\n" not in article.message
    assert article.origin.startswith(origin)


def test_fuzz_readers():
    small = Settings(max_article_chars=5_000, max_file_bytes=20_000)

    @settings(**_SETTINGS)
    @given(
        st.one_of(
            st.binary(max_size=3_000),
            _TEXT.map(lambda t: t.encode("utf-8")),
            _TEXT.map(lambda t: t.encode("cp1256", errors="replace")),
            _TEXT.map(
                lambda t: f"<html><head><title>{t[:40]}</title></head><body><p>{t}</p></body></html>".encode()
            ),
            st.builds(
                lambda t, p, i: json.dumps({"id": i, "text": t, "published": p}).encode(),
                _TEXT,
                st.sampled_from(["0000-00-00", "2017-04-05", "9999-12-31", "", "yesterday", "2017-02-31"]),
                st.one_of(st.text(max_size=8), st.integers()),
            ),
        ),
        st.sampled_from(["txt", "html", "jsonl"]),
    )
    def run(data: bytes, kind: str) -> None:
        _count("readers")
        if kind == "jsonl":
            article = _from_json_line(data + b"\n", "fuzz:1", None, small)
        else:
            article = _from_bytes(data, kind, "fuzz", None, small)
        _checked_article(article, "fuzz")
        if article.published is not None:
            assert date(1900, 1, 1) <= article.published <= date.today()

    run()


def test_fuzz_cleaner():
    @settings(**_SETTINGS)
    @given(st.one_of(_TEXT, st.text(max_size=400)))
    def run(raw: str) -> None:
        _count("cleaner")
        clean, offsets = clean_text(raw)
        assert clean == clean.strip()
        # every cleaned character comes from the raw text, in order
        positions = [offsets.to_raw(i) for i in range(len(clean))]
        assert positions == sorted(positions) and all(0 <= p < max(1, len(raw)) for p in positions)

    run()


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load

    return load()


@pytest.mark.model
def test_fuzz_figure_parser(nlp):
    from sitrep.extract.figures import find_figures

    @settings(**_SETTINGS)
    @given(_TEXT)
    def run(text: str) -> None:
        _count("figures")
        doc = nlp(text)
        for sent in doc.sents:
            for f in find_figures(sent, "fuzz"):
                assert f.qualifier in QUALIFIERS
                assert 0 <= f.low <= f.value <= f.high or f.qualifier == "range" and f.low <= f.high
                assert doc.text[f.start : f.end] == f.text
                assert sent.start_char <= f.start <= f.end <= sent.end_char

    run()


def test_fuzz_date_resolver():
    import spacy

    from sitrep.extract.dates import resolve_date

    blank = spacy.blank("en")  # the resolver reads the sentence text only

    @settings(**_SETTINGS)
    @given(_TEXT, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
    def run(text: str, published: date | None) -> None:
        _count("dates")
        r = resolve_date(blank(text)[:], published)
        assert r.method in ("explicit", "weekday", "relative", "published", "article", "none")
        if r.date is None:
            return
        assert r.precision in (1, 2, 3)
        if r.method in ("weekday", "relative") and published is not None:
            # a weekday or "yesterday"/"last week" is on or before publication (a stated future is not
            # fuzzed here: the fragments hold no "next")
            assert r.date <= published + timedelta(days=7)

    run()


def test_fuzz_place_normaliser():
    @settings(**_SETTINGS)
    @given(st.one_of(_TEXT, st.text(max_size=60), st.sampled_from(["Raqqa", "Ar-Raqqah", "Deir ez-Zor", ""])))
    def run(name: str) -> None:
        _count("normaliser")
        for fn in (exact_key, mid_key, alias_key):
            key = fn(name)
            assert isinstance(key, str) and key == key.strip() and "  " not in key
        folded = exact_key(name)
        assert exact_key(folded) == folded  # folding twice changes nothing
        assert folded == folded.lower()

    run()


def test_fuzzed_inputs_total():
    """Runs after the targets above (file order): CI fuzzes at least 10,000 generated inputs."""
    ran = dict(FUZZED)
    print(f"\nfuzzed inputs: {sum(ran.values())} ({', '.join(f'{k} {v}' for k, v in sorted(ran.items()))})")
    if "figures" not in ran:
        pytest.skip("the model-backed target did not run")
    assert sum(ran.values()) >= 10_000, ran
