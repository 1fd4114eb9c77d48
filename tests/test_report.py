"""The situation report (issue 7): totals, filters, key events with citations, contradictions, and hostile
article text that must stay inert in HTML, Markdown and PDF.

The hand-built events below are illustrative (invented); the model-backed cases ingest the illustrative
articles of examples/ plus a crafted hostile article written here.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.errors import ReportError
from sitrep.records import Article, ClaimValue, Conflict, Event, Result, Source
from sitrep.report import build_report, render
from sitrep.report.figures import map_png
from sitrep.report.formats import md_escape, safe_url

# Hostile strings, as an article (title, outlet, URL, sentence, place as written) could carry them.
XSS = [
    "<script>alert('s')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(2)">click</a>',
    "<svg onload=alert(3)>",
    "</title><script>alert(4)</script>",
    "[link](javascript:alert(5))",
    "<iframe src=javascript:alert(6)></iframe>",
    '" onmouseover="alert(7)',
]
HOSTILE = " ".join(XSS)


def _event(
    eid, day, etype, sub, fat, low, high, *, country="Syria", admin1="Idleb", sources=(), conflicts=(), **kw
):
    return Event(
        event_id=eid,
        event_date=day,
        time_precision=1 if day else None,
        event_type=etype,
        sub_event_type=sub,
        country=country,
        admin1=admin1,
        fatalities=fat,
        fatalities_low=low,
        fatalities_high=high,
        sources=list(sources),
        conflicts=list(conflicts),
        independent_sources=max(len(sources), 1),
        grade="contested" if conflicts else ("independent_sources" if len(sources) > 1 else "single_source"),
        **kw,
    )


@pytest.fixture
def result() -> Result:
    """Six illustrative events in two countries, one of them with hostile strings everywhere."""
    arts = [
        Article(id="a1", text="", title="Strikes on a market " + HOSTILE, outlet="Outlet " + XSS[1],
                url="javascript:alert(document.cookie)", published=date(2019, 3, 13)),
        Article(id="a2", text="", title="Market toll rises", outlet="Local news", url="https://example.org/a2",
                published=date(2019, 3, 14)),
        Article(id="a3", text="", title="Clashes in the east", outlet="Monitor", published=date(2019, 3, 15)),
        Article(id="a4", text="", title="Protest", outlet="Monitor", published=date(2019, 3, 16)),
        Article(id="a5", text="", title="Shelling in Mosul", outlet="Wire", published=date(2019, 3, 20)),
    ]  # fmt: skip
    s1 = Source("a1", arts[0].outlet, "Air strikes killed 21 civilians " + HOSTILE, "Observatory " + XSS[0])
    s2 = Source("a2", "Local news", "Twenty-three civilians were killed in the market.", "civil defence")
    toll = Conflict(
        "fatalities", [ClaimValue(21, "a1", s1.claimed_by), ClaimValue(23, "a2", "civil defence")]
    )
    where = Conflict(
        "location",
        [
            ClaimValue("Maarat " + XSS[2], "a1", None),
            ClaimValue("Kafr Nabl", "a2", "civil defence", party=True),
        ],
    )
    events = [
        _event("E1", date(2019, 3, 12), "Explosions/Remote violence", "Air/drone strike", 21, 21, 23,
               sources=[s1, s2], conflicts=[toll, where], location="Maarat " + XSS[3], latitude=35.65,
               longitude=36.68, actor1="Air force " + XSS[4], notes=HOSTILE),
        _event("E2", date(2019, 3, 14), "Battles", "Armed clash", 13, 13, 13, admin1="Deir-ez-Zor",
               sources=[Source("a3", "Monitor", "Clashes killed 13 fighters.", "Observatory")], latitude=34.7,
               longitude=40.83),
        _event("E3", date(2019, 3, 15), "Protests", "Peaceful protest", 0, 0, 0, admin1="Dara",
               sources=[Source("a4", "Monitor", "Hundreds protested.", "activists")]),
        _event("E4", date(2019, 3, 14), "Battles", "Armed clash", 2, 1, 5, admin1="Idleb",
               sources=[Source("a3", "Monitor", "Two fighters died in a clash.", None)], latitude=35.9,
               longitude=36.6),
        _event("E5", date(2019, 3, 20), "Explosions/Remote violence", "Shelling/artillery/missile attack", 4, 4, 4,
               country="Iraq", admin1="Nineveh", sources=[Source("a5", "Wire", "Shelling killed four.", None)],
               latitude=36.34, longitude=43.13),
        _event("E6", None, "Battles", "Armed clash", 1, 1, 1,
               sources=[Source("a3", "Monitor", "One fighter died.", None)]),
    ]  # fmt: skip
    return Result(articles=arts, events=events)


# ---------------------------------------------------------------------------------------------- content
def test_totals_equal_the_sums_of_the_events(result):
    report = build_report(result)
    assert report.total.events == len(result.events)
    for t in report.totals:
        mine = [e for e in result.events if e.event_type == t.event_type]
        assert t.events == len(mine)
        assert (t.fatalities_low, t.fatalities, t.fatalities_high) == (
            sum(e.fatalities_low for e in mine),
            sum(e.fatalities for e in mine),
            sum(e.fatalities_high for e in mine),
        )
        assert t.disputed_toll == sum(e.fatalities_low != e.fatalities_high for e in mine)
    assert sum(t.fatalities for t in report.totals) == report.total.fatalities
    assert {t.event_type for t in report.totals} == {e.event_type for e in result.events}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"since": date(2019, 3, 14)}, {"E2", "E3", "E4", "E5"}),
        ({"until": date(2019, 3, 14)}, {"E1", "E2", "E4"}),
        ({"since": date(2019, 3, 14), "until": date(2019, 3, 14)}, {"E2", "E4"}),
        ({"country": "iraq"}, {"E5"}),
        ({"country": "Syria", "admin1": "IDLEB"}, {"E1", "E4", "E6"}),
        ({"admin1": "Deir-ez-Zor"}, {"E2"}),
        ({"admin1": "Nowhere"}, set()),
    ],
)
def test_filters(result, filters, expected):
    report = build_report(result, **filters)
    assert {e.event_id for e in report.events} == expected
    assert {c.event_id for c in report.contradictions} == {"E1"} & expected
    assert {s.article_id for s in report.sources} == {s.article_id for e in report.events for s in e.sources}


def test_the_per_day_counts_cover_the_period_and_match_the_events(result):
    report = build_report(result, since=date(2019, 3, 10), until=date(2019, 3, 21))
    assert [d.day for d in report.days][0] == date(2019, 3, 10)
    assert len(report.days) == 12  # every day of the period, empty ones too
    assert sum(sum(d.by_type.values()) for d in report.days) == len(report.events) - report.undated
    assert sum(d.fatalities for d in report.days) == sum(e.fatalities for e in report.events if e.event_date)
    assert build_report(result).undated == 1  # E6 has no date: counted, not charted


def test_key_events_follow_the_rule_in_date_order_and_say_how_many_are_not_shown(result):
    report = build_report(result, max_key_events=3)
    ids = [k.event.event_id for k in report.key_events]
    # the three largest tolls (21, 13, 4), shown by date
    assert ids == ["E1", "E2", "E5"]
    assert report.not_shown == len(result.events) - 3
    assert "3 events with the most fatalities" in report.key_rule
    for k in report.key_events:
        assert len(k.citations) == len(k.event.sources) > 0
        for c, s in zip(k.citations, k.event.sources, strict=True):
            assert c.article_id == s.article_id and c.sentence == " ".join(s.sentence.split())
            assert c.title == next(a.title for a in result.articles if a.id == s.article_id)


def test_contradictions_keep_every_value_and_claimant(result):
    report = build_report(result)
    fields = {c.field: c for c in report.contradictions}
    assert set(fields) == {"fatalities", "location"}
    toll = fields["fatalities"]
    assert [(v.value, v.claimed_by, v.article_id) for v in toll.values] == [
        ("21", "Observatory " + XSS[0], "a1"),
        ("23", "civil defence", "a2"),
    ]
    assert toll.values[1].title == "Market toll rises" and toll.what == "the death toll"
    assert fields["location"].values[1].party is True


def test_a_bad_period_is_a_typed_error(result):
    with pytest.raises(ReportError):
        build_report(result, since=date(2019, 3, 20), until=date(2019, 3, 1))
    with pytest.raises(ReportError):
        render(build_report(result), "docx")


# ------------------------------------------------------------------------------------------ hostile text
class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr",
    "th", "td", "div", "img", "blockquote", "br", "span", "code", "ul", "ol", "li", "strong", "a",
}  # fmt: skip


def assert_inert_html(page: str) -> _Markup:
    parsed = _Markup()
    parsed.feed(page)
    parsed.close()
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "srcset"):
                assert re.match(r"^(https?://|data:image/png;base64,)", value or ""), (tag, name, value)
    assert sum(tag == "title" for tag, _ in parsed.tags) == 1
    assert "<script" not in page.lower()
    return parsed


def test_html_has_no_executable_markup_and_shows_the_hostile_text_as_text(result):
    page = render(build_report(result), "html", figures=False)
    parsed = assert_inert_html(page)
    text = "".join(parsed.text)
    for s in XSS:  # every hostile string is shown to the reader as text, not dropped
        assert s in text
    assert "javascript:alert(document.cookie)" in text  # the URL is shown, but is no link
    assert all(dict(a).get("href") != "javascript:alert(document.cookie)" for t, a in parsed.tags if t == "a")
    assert any(dict(a).get("href") == "https://example.org/a2" for t, a in parsed.tags if t == "a")
    assert "Content-Security-Policy" in page


def test_html_is_self_contained_with_the_figures_embedded(result):
    page = render(build_report(result), "html")
    parsed = assert_inert_html(page)
    imgs = [dict(a)["src"] for t, a in parsed.tags if t == "img"]
    assert len(imgs) == 2 and all(s.startswith("data:image/png;base64,") for s in imgs)
    assert not re.search(r"""(src|href)=["'](?!data:|https?://)""", page)  # nothing local or relative


def test_markdown_escapes_article_strings(result):
    md = render(build_report(result), "md", figures=False)
    assert "<" not in md.replace("<https://example.org/a2>", "")  # the one autolink is the http(s) URL
    assert "](javascript:" not in md
    assert "&lt;script&gt;" in md
    assert md_escape("[x](javascript:alert(1))") == r"\[x\]\(javascript:alert\(1\)\)"
    assert md_escape("a\n# heading\n- item") == r"a \# heading - item"
    for c in build_report(result).contradictions:  # every claimed value is in the text, escaped
        for v in c.values:
            assert md_escape(v.value) in md and md_escape(v.claimed_by or "not attributed") in md


def test_safe_url_allows_only_http():
    assert safe_url("https://example.org/x") and safe_url("HTTP://example.org")
    for bad in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "/etc/passwd",
        "https://a/<b>",
        None,
    ):
        assert not safe_url(bad)


def test_pdf_renders_with_the_text_and_the_figures(result):
    from pypdf import PdfReader

    report = build_report(result)
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert len(reader.pages) >= 2
    assert "Key events" in text and "Contradictions between sources" in text
    for k in report.key_events:
        assert k.event.event_id in text
    assert "Observatory <script>alert('s')</script>" in text  # drawn as plain text, not interpreted
    assert sum(len(p.images) for p in reader.pages) == 2  # the map and the per-day chart


def test_map_draws_with_and_without_boundaries(result, monkeypatch):
    report = build_report(result)
    square = {"type": "Polygon", "coordinates": [[[35, 32], [42, 32], [42, 37], [35, 37], [35, 32]]]}
    shapes = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": square, "properties": {}}],
    }
    with_shapes = map_png(report, boundaries=shapes)
    without = map_png(report, boundaries=False)
    assert with_shapes.startswith(b"\x89PNG") and without.startswith(b"\x89PNG")
    assert with_shapes != without
    # a missing basemap file must not stop the report: the map is drawn without boundaries
    import sitrep.export.basemap as bm
    from sitrep.errors import BasemapError

    def missing(*a, **k):
        raise BasemapError("absent")

    monkeypatch.setattr(bm, "load_basemap", missing)
    assert map_png(report) == without


# ------------------------------------------------------------------------------- through the pipeline
HOSTILE_ARTICLES = [
    {
        "id": "hostile-1",
        "title": "<script>alert('title')</script> Strike",
        "outlet": "<img src=x onerror=alert(1)>",
        "url": "javascript:alert(document.cookie)",
        "published": "2019-03-14",
        "text": "Air strikes killed 7 civilians in the town of Maarat al-Numan in Idlib province on Tuesday "
        "<script>alert('x')</script> <a href=\"javascript:alert(2)\">click</a>, the Syrian Observatory for "
        "Human Rights said.",
    }
]  # illustrative, crafted for this test


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from tests.conftest import EXAMPLES

    from sitrep import pipeline

    tmp = tmp_path_factory.mktemp("report")
    feed = tmp / "hostile.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in HOSTILE_ARTICLES) + "\n", encoding="utf-8")
    db = str(tmp / "report.db")
    pipeline.ingest([str(EXAMPLES), str(feed)], db=db)
    return db


@pytest.mark.model
def test_store_report_filters_by_admin1_and_period(store):
    from sitrep import pipeline

    everything = pipeline.events(store).events
    idleb = build_report(store, admin1="idleb")
    assert idleb.events and {e.admin1 for e in idleb.events} == {"Idleb"}
    assert len(idleb.events) == sum(e.admin1 == "Idleb" for e in everything)
    assert idleb.admin1 == "Idleb"
    first = min(e.event_date for e in everything if e.event_date)
    one_day = build_report(store, since=first, until=first)
    assert {e.event_date for e in one_day.events} == {first}
    assert build_report(store, country="syria").total.events == sum(e.country == "Syria" for e in everything)


@pytest.mark.model
def test_a_crafted_article_cannot_run_script_in_the_report(store):
    report = build_report(store)
    hostile = [c for k in report.key_events for c in k.citations if c.article_id == "hostile-1"]
    assert hostile and "<script>" in hostile[0].sentence  # the hostile text reached the report...
    page = render(report, "html", figures=False)
    parsed = assert_inert_html(page)  # ...and stays inert
    assert "<script>alert('x')</script>" in "".join(parsed.text)
    assert "onerror" not in "".join(v or "" for _, attrs in parsed.tags for _, v in attrs)


@pytest.mark.model
def test_cli_writes_each_format(store, tmp_path):
    runner = CliRunner()
    md = runner.invoke(main, ["report", "--db", store, "--format", "md", "--no-figures", "--admin1", "Idleb"])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Situation report") and "Idleb" in md.output
    out = tmp_path / "r.pdf"
    pdf = runner.invoke(main, ["report", "--db", store, "--format", "pdf", "-o", str(out), "--no-figures"])
    assert pdf.exit_code == 0, pdf.output
    assert out.read_bytes().startswith(b"%PDF")
    assert runner.invoke(main, ["report", "--db", store, "--format", "pdf"]).exit_code == 2  # needs -o
    bad = runner.invoke(main, ["report", "--db", store, "--since", "2019-03-20", "--until", "2019-03-01"])
    assert bad.exit_code == 3 and "Error:" in bad.output


@pytest.mark.model
def test_events_command_filters_by_admin1(store):
    runner = CliRunner()
    every = json.loads(runner.invoke(main, ["events", "--db", store]).output)["events"]
    idleb = json.loads(runner.invoke(main, ["events", "--db", store, "--admin1", "idleb"]).output)["events"]
    assert idleb and {e["admin1"] for e in idleb} == {"Idleb"}
    assert len(idleb) == sum(e["admin1"] == "Idleb" for e in every) < len(every)


def test_an_empty_report_renders_in_every_format(result):
    report = build_report(result, admin1="Nowhere")
    assert report.total.events == 0 and not report.key_events and not report.days
    page = render(report, "html")
    assert_inert_html(page)
    assert "No events in this period and area." in page
    assert "No events in this period and area." in render(report, "md", figures=False)
    assert render(report, "pdf").startswith(b"%PDF")
