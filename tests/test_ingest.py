"""Ingest: every reader, every bad-input kind, publication dates, language; FA-KES read in place.

Fixtures are tiny illustrative texts written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.ingest import detect_language, read_inputs

FAKES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "fakes.jsonl"

EN = (
    "An air strike killed five civilians in the town of Saraqib on Monday, a monitor said. "
    "The Observatory said two children were among the dead and that rescue workers were searching the rubble."
)
AR = (
    "قالت مصادر محلية إن غارة جوية استهدفت بلدة في ريف إدلب صباح اليوم وأسفرت عن مقتل خمسة مدنيين "
    "وإصابة آخرين بجروح. وأضافت المصادر أن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض."
)
FR = (
    "Le gouvernement a annoncé que les forces de sécurité ont été déployées dans la ville pour la nuit "
    "et que les habitants sont invités à rester chez eux selon la police."
)
RU = "Правительство заявило, что силы безопасности были развернуты в городе на ночь и останутся там."
HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Strike kills five in Saraqib | Example Wire</title>
<meta property="og:site_name" content="Example Wire"><meta name="date" content="2019-03-04">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Strike kills five in Saraqib</h1><p>{p1}</p><p>{p2}</p></article>
<footer>Follow us on Twitter. Copyright 2019 Example Wire.</footer></body></html>"""


def one(paths, **kw):
    arts = list(read_inputs([str(p) for p in paths], **kw))
    assert len(arts) == 1
    return arts[0]


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- readers ------------------------------------------------------------------------------------------


def test_txt_reader(tmp_path):
    p = write(tmp_path / "a.txt", f"\nStrike kills five in Saraqib\n\n{EN}\n")
    a = one([p])
    assert a.ok and a.status == "ok" and a.message is None
    assert a.title == "Strike kills five in Saraqib"
    assert a.language == "en"
    assert a.origin == str(p)
    assert a.id.startswith("art-") and len(a.id) == 20
    assert len(a.content_hash) == 64
    assert a.raw_text.startswith("\nStrike") and a.text.startswith("Strike kills five")
    assert EN in a.text


def test_same_content_same_id_and_hash(tmp_path):
    a = one([write(tmp_path / "a.txt", EN)])
    b = one([write(tmp_path / "b.txt", EN)])
    assert (a.id, a.content_hash) == (b.id, b.content_hash)


def test_html_reader(tmp_path):
    p = write(tmp_path / "page.html", HTML.format(p1=EN, p2="Residents said the jets returned at dawn."))
    a = one([p])
    assert a.ok, a.message
    assert a.title == "Strike kills five in Saraqib"
    assert a.outlet == "Example Wire"
    assert (a.published, a.published_source) == (date(2019, 3, 4), "metadata")
    assert "Saraqib on Monday" in a.text
    assert "Home" not in a.text and "Copyright" not in a.text


def test_jsonl_reader_with_one_broken_line(tmp_path):
    lines = [
        json.dumps({"id": "x1", "title": "Strike", "text": EN, "published": "2016-05-02", "outlet": "wire"}),
        '{"id": "x2", "text": "unterminated',
        json.dumps({"text": EN.replace("five", "six"), "url": "https://example.org/a"}),
    ]
    p = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n\n")
    arts = list(read_inputs([str(p)]))
    assert [a.status for a in arts] == ["ok", "bad json", "ok"]
    assert [a.origin for a in arts] == [f"{p}:1", f"{p}:2", f"{p}:3"]
    assert arts[0].id == "x1" and arts[0].outlet == "wire" and arts[0].published == date(2016, 5, 2)
    assert arts[0].published_source == "metadata"
    assert arts[1].message and "\n" not in arts[1].message
    assert arts[2].id.startswith("art-") and arts[2].url == "https://example.org/a"


def test_jsonl_html_field(tmp_path):
    line = json.dumps({"id": "h1", "html": HTML.format(p1=EN, p2="Residents fled north.")})
    a = one([write(tmp_path / "h.jsonl", line)])
    assert a.ok and a.id == "h1" and a.outlet == "Example Wire"


def test_directory_is_walked_recursively_and_sorted(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    write(tmp_path / "b" / "deeper" / "z.txt", EN)
    write(tmp_path / "b" / "a.htm", HTML.format(p1=EN, p2="Residents fled."))
    write(tmp_path / "a.txt", EN)
    write(tmp_path / "notes.md", EN)  # not an input suffix: skipped in a directory
    write(tmp_path / "c.jsonl", json.dumps({"text": EN}) + "\n" + json.dumps({"text": EN}))
    arts = list(read_inputs([str(tmp_path)]))
    origins = [a.origin for a in arts]
    assert origins == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'c.jsonl'}:1",
        f"{tmp_path / 'c.jsonl'}:2",
        str(tmp_path / "b" / "a.htm"),
        str(tmp_path / "b" / "deeper" / "z.txt"),
    ]
    assert all(a.ok for a in arts)


@pytest.mark.parametrize(
    "make_stdin",
    [
        pytest.param(
            lambda data: io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"), id="binary"
        ),
        pytest.param(io.StringIO, id="text-only"),
    ],
)
def test_stdin_jsonl(monkeypatch, make_stdin):
    data = json.dumps({"id": "s1", "text": EN}) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", make_stdin(data))
    arts = list(read_inputs(["-"]))
    assert [(a.id, a.status, a.origin) for a in arts][0] == ("s1", "ok", "<stdin>:1")
    assert (arts[1].status, arts[1].origin) == ("bad json", "<stdin>:2")


def test_read_inputs_is_lazy(tmp_path):
    gen = read_inputs([str(tmp_path / "missing.txt"), str(write(tmp_path / "a.txt", EN))])
    assert next(gen).status == "missing"  # yields before reading the next input
    assert next(gen).ok


# --- bad input ----------------------------------------------------------------------------------------


def _utf16_truncated(tmp_path):
    return write(tmp_path / "u.txt", b"\xff\xfe" + "Five killed".encode("utf-16-le") + b"\x00\xd8")


BAD_INPUTS = [
    pytest.param(lambda d: d / "nope.txt", {}, "missing", id="missing"),
    pytest.param(lambda d: write(d / "e.txt", ""), {}, "empty", id="empty-file"),
    pytest.param(lambda d: write(d / "w.txt", "  \n\t \n"), {}, "empty", id="whitespace-file"),
    pytest.param(
        lambda d: write(d / "b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        {},
        "binary",
        id="binary",
    ),
    pytest.param(
        lambda d: write(d / "big.txt", EN * 20), {"max_file_bytes": 1000}, "too large", id="file-too-large"
    ),
    pytest.param(
        lambda d: write(d / "long.txt", EN * 5), {"max_article_chars": 600}, "too large", id="text-too-long"
    ),
    pytest.param(lambda d: write(d / "one.txt", "Aleppo"), {}, "too short", id="one-word"),
    pytest.param(_utf16_truncated, {}, "bad encoding", id="bad-encoding"),
    pytest.param(lambda d: write(d / "fr.txt", FR), {}, "not English (fr)", id="french"),
    pytest.param(lambda d: write(d / "ru.txt", RU), {}, "not English (ru)", id="russian"),
    pytest.param(lambda d: write(d / "bad.jsonl", '{"text": '), {}, "bad json", id="broken-json"),
    pytest.param(lambda d: write(d / "arr.jsonl", "[1, 2]"), {}, "bad json", id="json-not-object"),
    pytest.param(lambda d: write(d / "num.jsonl", '{"text": 42}'), {}, "bad json", id="json-text-not-string"),
    pytest.param(lambda d: write(d / "nt.jsonl", '{"id": "q"}'), {}, "empty", id="json-without-text"),
    pytest.param(
        lambda d: write(d / "blank.html", "<html><body></body></html>"), {}, "empty", id="html-no-text"
    ),
]


@pytest.mark.parametrize(("make", "settings", "status"), BAD_INPUTS)
def test_bad_input_is_rejected_not_raised(tmp_path, make, settings, status):
    path = make(tmp_path)
    arts = list(
        read_inputs([str(path), str(write(tmp_path / "good.txt", EN))], settings=Settings(**settings))
    )
    assert [a.status for a in arts] == [status, "ok"]  # the batch goes on
    bad = arts[0]
    assert not bad.ok and bad.message and "\n" not in bad.message
    assert bad.origin.startswith(str(path)) and bad.id


def test_cp1256_arabic_page_is_decoded_then_rejected_as_arabic(tmp_path):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
        f"<title>غارة على إدلب</title></head><body><article><h1>غارة على إدلب</h1><p>{AR}</p><p>{AR}</p>"
        "</article></body></html>"
    )
    p = write(tmp_path / "ar.html", page.encode("cp1256"))
    a = one([p])
    assert a.status == "not English (ar)" and a.language == "ar"
    assert "إدلب" in a.text  # decoded, not mojibake


def test_cp1256_text_without_declaration_is_detected(tmp_path):
    a = one([write(tmp_path / "ar.txt", (AR + "\n" + AR).encode("cp1256"))])
    assert a.status == "not English (ar)"
    assert "غارة" in a.raw_text


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_and_directory_real_permissions(tmp_path):
    f = write(tmp_path / "locked.txt", EN)
    d = tmp_path / "lockeddir"
    d.mkdir()
    write(d / "x.txt", EN)
    f.chmod(0)
    d.chmod(0)
    try:
        statuses = [a.status for a in read_inputs([str(f), str(d)])]
    finally:
        f.chmod(0o644)
        d.chmod(0o755)
    assert statuses == ["unreadable", "unreadable"]


def test_unreadable_file_permission_error(tmp_path, monkeypatch):
    p = write(tmp_path / "locked.txt", EN)

    def deny(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    a = one([p])
    assert a.status == "unreadable" and "permission denied" in a.message


def test_unreadable_subdirectory_is_one_item_and_walk_goes_on(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", EN)
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "secret")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk)
    arts = list(read_inputs([str(tmp_path)]))
    assert [a.status for a in arts] == ["unreadable", "ok"]
    assert arts[0].origin.endswith("secret")


# --- publication date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "text", "default", "expected", "source"),
    [
        ("2016-05-02", EN, date(2020, 1, 1), date(2016, 5, 2), "metadata"),
        ("2016-05-02T10:20:00Z", EN, None, date(2016, 5, 2), "metadata"),
        (None, "Wed 05 Apr 2017 " + EN, date(2020, 1, 1), date(2017, 4, 5), "dateline"),
        (None, EN, date(2020, 1, 1), date(2020, 1, 1), "default"),
        (None, EN, None, None, None),
        ("0000-00-00", "BEIRUT, April 5, 2017 (AFP) - " + EN, None, date(2017, 4, 5), "dateline"),
        ("1850-01-01", EN, date(2020, 1, 1), date(2020, 1, 1), "default"),
        ((date.today() + timedelta(days=40)).isoformat(), EN, None, None, None),
        # a text that opens with a later date than its metadata's was not published before that date:
        # the metadata is wrong (scraped listings often carry another day), the dateline is the text's own
        ("2013-08-15", "August 22 2013 1849 UTC+3 " + EN, None, date(2013, 8, 22), "dateline"),
        # an earlier dateline is the day the story was filed, the metadata its (later) publication
        ("2013-08-22", "August 15 2013 " + EN, None, date(2013, 8, 22), "metadata"),
    ],
)
def test_publication_date_precedence(tmp_path, caplog, meta, text, default, expected, source):
    obj = {"text": text} | ({"published": meta} if meta else {})
    with caplog.at_level(logging.INFO, logger="sitrep.ingest"):
        a = one([write(tmp_path / "d.jsonl", json.dumps(obj))], published=default)
    assert a.ok
    assert (a.published, a.published_source) == (expected, source)
    if meta and source != "metadata":  # the metadata's date was not used: the log says why
        assert any("ignoring" in r.getMessage() or "dateline" in r.getMessage() for r in caplog.records)


# --- language -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (EN, "en"),
        (FR, "fr"),
        (
            "Die Regierung hat mitgeteilt, dass die Sicherheitskräfte in der Stadt eingesetzt wurden und nicht abziehen.",
            "de",
        ),
        (
            "El gobierno anunció que las fuerzas de seguridad fueron desplegadas en la ciudad para la noche.",
            "es",
        ),
        (AR, "ar"),
        ("دولت اعلام کرد که نیروهای امنیتی برای شب در شهر مستقر شدند و گشت زنی ادامه دارد.", "fa"),
        (RU, "ru"),
        ("Уряд заявив, що сили безпеки були розгорнуті в місті на ніч і залишаться там.", "uk"),
        ("政府宣布，安全部队已在该市部署过夜，并将继续在街道上巡逻。", "zh"),
        ("Aleppo", None),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text)[0] == lang


def test_english_with_arabic_quotes_stays_english():
    text = EN + " The banner read «" + "غارة" + "» in Arabic. " + EN.replace("five", "nine")
    assert detect_language(text)[0] == "en"


# --- the real corpus, read in place -------------------------------------------------------------------


@pytest.mark.shared
def test_fakes_corpus_reads_without_exception():
    if not FAKES.exists():
        pytest.skip(f"{FAKES} is absent (../shared is not beside the checkout)")
    arts = list(read_inputs([str(FAKES)]))
    assert len(arts) == 804
    ok = [a for a in arts if a.ok]
    print(f"FA-KES: {len(ok)} of {len(arts)} articles ok")
    assert len(ok) >= 780
    assert all(a.published is not None for a in ok)
    removed = sum(len(a.raw_text) - len(a.text) for a in ok)
    assert 0 < removed < 0.2 * sum(len(a.raw_text) for a in ok)
    # offsets stay traceable on real text
    for a in ok[:200]:
        for cs, rs, n in a.offsets.segments:
            assert a.raw_text[rs : rs + n] == a.text[cs : cs + n]
