"""Renderers of a :class:`~sitrep.report.Report`: HTML, Markdown and PDF.

Article text is hostile input (titles, outlets, sentences, place names as written, URLs). So:

- HTML goes through Jinja2 with autoescape on (``data/report/report.html.j2``); the page has no script,
  its Content-Security-Policy forbids any, figures are PNG data URIs, and a URL becomes a link only when
  it is ``http(s)://``;
- Markdown escapes every article string (:func:`md_escape`): HTML's ``< > &`` as entities, Markdown's
  punctuation with backslashes, and line breaks folded, so a string can neither open a tag or a link nor
  start a heading, list or table row;
- PDF draws plain text with fpdf2 (no markup is interpreted), in the DejaVu Sans font that matplotlib
  ships, so non-Latin names print.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import ReportError
from ..records import Event
from . import Report, plural

# ------------------------------------------------------------------------------------------ shared text
_PRECISION = {2: " (within a week)", 3: " (within a month)"}


def when(e: Event) -> str:
    """The event's date with its precision, for people."""
    if e.event_date is None:
        return "date unknown"
    return e.event_date.isoformat() + _PRECISION.get(e.time_precision or 1, "")


def place(e: Event) -> str:
    """Where: the gazetteer's place and admin1, else the place as written, else 'place unknown'."""
    parts = [p for p in (e.location, e.admin1 if e.admin1 != e.location else None, e.country) if p]
    if parts:
        return ", ".join(parts)
    return e.location_raw or "place unknown"


def actors(e: Event) -> str:
    """'A against B' (or 'A', or 'actors not named')."""
    a1 = e.actor1 + (f" with {e.assoc_actor_1}" if e.assoc_actor_1 else "") if e.actor1 else None
    a2 = e.actor2 + (f" with {e.assoc_actor_2}" if e.assoc_actor_2 else "") if e.actor2 else None
    if a1 and a2:
        return f"{a1} against {a2}"
    return a1 or (f"against {a2}" if a2 else "Actors not named")


def toll(e: Event) -> str:
    """'21' or '21 (sources give 21 to 23)'."""
    if e.fatalities_low == e.fatalities_high == e.fatalities:
        return str(e.fatalities)
    return f"{e.fatalities} (sources give {e.fatalities_low} to {e.fatalities_high})"


def safe_url(url: str | None) -> bool:
    """Whether a URL may be a link: http(s) only (no ``javascript:``, ``data:``, relative paths)."""
    return bool(url) and re.match(r"(?i)^https?://[^\s<>\"']+$", url.strip()) is not None


def _figures(report: Report) -> dict[str, bytes]:
    from .figures import daily_png, map_png

    return {"map": map_png(report), "daily": daily_png(report)}


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# ------------------------------------------------------------------------------------------------- HTML
@cache
def _template():
    try:
        import jinja2
    except ImportError as exc:
        raise ReportError("the HTML report needs Jinja2: pip install 'sitrep[report]'") from exc
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(when=when, place=place, actors=actors, toll=toll, safe_url=safe_url, plural=plural)
    text = (resources.files("sitrep") / "data" / "report" / "report.html.j2").read_text(encoding="utf-8")
    return env.from_string(text)


def to_html(report: Report, *, figures: bool = True) -> str:
    """The report as one self-contained HTML page (no script; figures embedded as PNG data URIs)."""
    figs = {k: _data_uri(v) for k, v in _figures(report).items()} if figures else None
    return _template().render(r=report, figs=figs)


# --------------------------------------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")


def md_escape(text: object) -> str:
    """An article string made inert in Markdown: one line, HTML entities, Markdown punctuation escaped."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # what Markdown could read as syntax (emphasis, links, images, code, headings, tables, strike-through)
    # gets a backslash; a string never starts a line here (it always follows a prefix), so `-`, `+`, `1.`
    # and `>` cannot start a list or a quote, and `<` is already an entity, so no tag or autolink opens
    return _MD_SPECIAL.sub(r"\\\1", s)


def to_markdown(report: Report, *, figures: bool = True) -> str:
    """The report in Markdown (figures, when kept, embedded as PNG data URIs)."""
    m = md_escape
    r = report
    out: list[str] = [f"# {m(r.title)}", ""]
    meta = f"{plural(r.total.events, 'event')} from {plural(len(r.sources), 'article')}."
    if r.generated:
        meta += f" Generated {r.generated.strftime('%Y-%m-%d %H:%M UTC')} by sitrep."
    out += [meta, "", "## Totals by event type", ""]
    if r.totals:
        out += [
            "| Event type | Events | Fatalities low | best | high | Events with a disputed toll |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for t in [*r.totals, r.total]:
            name = m(t.event_type) if t is not r.total else f"**{m(t.event_type)}**"
            out.append(
                f"| {name} | {t.events} | {t.fatalities_low} | {t.fatalities} | {t.fatalities_high} | {t.disputed_toll} |"
            )
        out += [
            "",
            '"best" follows ACLED\'s rule (the most conservative reported figure); "low" and "high" are '
            "the lowest and highest figures the sources give.",
        ]
    else:
        out.append("No events in this period and area.")
    if figures:
        figs = _figures(r)
        out += ["", "## Map and days", "", f"![Map of the events]({_data_uri(figs['map'])})", ""]
        out += [f"![Events and fatalities per day]({_data_uri(figs['daily'])})"]
    out += [
        "",
        "## Key events",
        "",
        r.key_rule + (f" {r.not_shown} other events are not shown." if r.not_shown else ""),
    ]
    for k in r.key_events:
        e = k.event
        out += [
            "",
            f"### {m(when(e))} · {m(e.sub_event_type)} · {m(place(e))} ({m(e.grade.replace('_', ' '))})",
            "",
            f"{m(actors(e))}. Fatalities: {m(toll(e))}. {plural(len(e.sources), 'source')}, "
            f"{e.independent_sources} independent. Event {m(e.event_id)}.",
        ]
        for c in k.citations:
            who = f"; attributed to {m(c.claimed_by)}" if c.claimed_by else ""
            pub = f", {c.published.isoformat()}" if c.published else ""
            out += [
                "",
                f"> “{m(c.sentence)}”  ",
                f"> — {m(c.outlet or 'unknown outlet')}{pub}: {m(c.title or 'untitled')} "
                f"(article {m(c.article_id)}){who}",
            ]
    if not r.key_events:
        out += ["", "No events."]
    out += ["", "## Contradictions between sources", ""]
    if r.contradictions:
        for c in r.contradictions:
            day = f" of {c.event_date.isoformat()}" if c.event_date else ""
            loc = f" in {m(c.location)}" if c.location else ""
            out.append(
                f"- **{m(c.what.capitalize())}** of the {m(c.sub_event_type.lower())}{day}{loc} ({m(c.event_id)}):"
            )
            for v in c.values:
                party = " (a party to the fighting)" if v.party else ""
                out.append(
                    f"  - {m(v.value)} — {m(v.claimed_by or 'not attributed')}{party}, in "
                    f"{m(v.outlet or 'unknown outlet')}: {m(v.title or 'untitled')} (article {m(v.article_id)})"
                )
    else:
        out.append("The sources of the period's events do not contradict each other.")
    out += ["", "## Sources", ""]
    for i, s in enumerate(r.sources, 1):
        pub = f", {s.published.isoformat()}" if s.published else ""
        title = m(s.title or "untitled")
        # a link only for http(s); the URL is escaped inside <...> so it cannot break out of it
        link = f" <{s.url.strip().replace('<', '%3C').replace('>', '%3E')}>" if safe_url(s.url) else ""
        out.append(
            f"{i}. {m(s.outlet or 'unknown outlet')}{pub}: {title}{link} (article {m(s.article_id)}; "
            f"{plural(s.events, 'event')})"
        )
    if not r.sources:
        out.append("No sources.")
    if r.undated or r.unmapped:
        out += [
            "",
            f"{r.undated} events have no date (not in the per-day chart); {r.unmapped} have no coordinates (not on the map).",
        ]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------------------- PDF
def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def to_pdf(report: Report, *, figures: bool = True) -> bytes:
    """The report as PDF bytes (A4, fpdf2; text drawn as plain text, never as markup)."""
    try:
        from fpdf import FPDF
        from fpdf.enums import XPos, YPos
    except ImportError as exc:
        raise ReportError("the PDF report needs fpdf2: pip install 'sitrep[report]'") from exc
    import io

    r = report
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    fonts = _font_dir()
    pdf.add_font("dejavu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("dejavu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.set_title(r.title)
    pdf.set_creator("sitrep")
    if r.generated:
        pdf.set_creation_date(r.generated)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(s: str, size: float = 9.5, style: str = "", gap: float = 1.2, indent: float = 0.0) -> None:
        # control characters (tabs, bells, NULs from a scraped page) have no glyph: print them as spaces
        s = "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch for ch in s)
        pdf.set_font("dejavu", style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.45, s, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    def heading(s: str) -> None:
        if pdf.get_y() > pdf.h - 40:  # no heading alone at the foot of a page
            pdf.add_page()
        pdf.ln(2)
        text(s, 13, "B", gap=2)

    text(r.title, 16, "B", gap=2)
    meta = f"{plural(r.total.events, 'event')} from {plural(len(r.sources), 'article')}."
    if r.generated:
        meta += f" Generated {r.generated.strftime('%Y-%m-%d %H:%M UTC')} by sitrep."
    text(meta, 9, "I")

    heading("Totals by event type")
    if r.totals:
        cols = (62, 18, 30, 18, 18, 34)
        head = ("Event type", "Events", "Fatalities low", "best", "high", "Disputed toll")
        pdf.set_font("dejavu", "B", 8.5)
        for w, h in zip(cols, head, strict=True):
            pdf.cell(w, 6, h, border=1, align="L" if h == "Event type" else "R")
        pdf.ln()
        for t in [*r.totals, r.total]:
            pdf.set_font("dejavu", "B" if t is r.total else "", 8.5)
            row = (t.event_type, t.events, t.fatalities_low, t.fatalities, t.fatalities_high, t.disputed_toll)
            for i, (w, v) in enumerate(zip(cols, row, strict=True)):
                pdf.cell(w, 6, str(v), border=1, align="L" if i == 0 else "R")
            pdf.ln()
        pdf.ln(1)
        text(
            '"best" follows ACLED\'s rule (the most conservative reported figure); "low" and "high" are the '
            "lowest and highest figures the sources give.",
            8,
            "I",
        )
    else:
        text("No events in this period and area.")

    if figures:
        figs = _figures(r)
        heading("Map and days")
        for key in ("map", "daily"):
            png = figs[key]
            px_w, px_h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # PNG IHDR
            w = width * 0.9
            if pdf.get_y() + w * px_h / px_w > pdf.h - 15:
                pdf.add_page()
            img = io.BytesIO(png)
            pdf.image(img, x=pdf.l_margin + (width - w) / 2, w=w)
            pdf.ln(2)

    heading("Key events")
    text(r.key_rule + (f" {r.not_shown} other events are not shown." if r.not_shown else ""), 8, "I")
    for k in r.key_events:
        e = k.event
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        text(f"{when(e)} · {e.sub_event_type} · {place(e)} [{e.grade.replace('_', ' ')}]", 10, "B", gap=0.5)
        text(
            f"{actors(e)}. Fatalities: {toll(e)}. {plural(len(e.sources), 'source')}, "
            f"{e.independent_sources} independent. Event {e.event_id}.",
            9,
        )
        for c in k.citations:
            text(f"“{c.sentence}”", 8.5, "I", gap=0.3, indent=5)
            pub = f", {c.published.isoformat()}" if c.published else ""
            who = f"; attributed to {c.claimed_by}" if c.claimed_by else ""
            text(
                f"— {c.outlet or 'unknown outlet'}{pub}: {c.title or 'untitled'} (article {c.article_id}){who}",
                7.5,
                indent=5,
            )
        pdf.ln(1.5)
    if not r.key_events:
        text("No events.")

    heading("Contradictions between sources")
    if r.contradictions:
        for c in r.contradictions:
            day = f" of {c.event_date.isoformat()}" if c.event_date else ""
            loc = f" in {c.location}" if c.location else ""
            text(
                f"{c.what.capitalize()} of the {c.sub_event_type.lower()}{day}{loc} ({c.event_id}):",
                9,
                "B",
                gap=0.3,
            )
            for v in c.values:
                party = " (a party to the fighting)" if v.party else ""
                text(
                    f"• {v.value} — {v.claimed_by or 'not attributed'}{party}, in {v.outlet or 'unknown outlet'}: "
                    f"{v.title or 'untitled'} (article {v.article_id})",
                    8.5,
                    gap=0.3,
                    indent=5,
                )
            pdf.ln(1)
    else:
        text("The sources of the period's events do not contradict each other.")

    heading("Sources")
    for i, s in enumerate(r.sources, 1):
        pub = f", {s.published.isoformat()}" if s.published else ""
        url = f" {s.url}" if s.url else ""
        text(
            f"{i}. {s.outlet or 'unknown outlet'}{pub}: {s.title or 'untitled'}{url} (article {s.article_id}; "
            f"{plural(s.events, 'event')})",
            8.5,
            gap=0.6,
        )
    if not r.sources:
        text("No sources.")
    if r.undated or r.unmapped:
        text(
            f"{r.undated} events have no date (not in the per-day chart); {r.unmapped} have no coordinates (not on the map).",
            8,
            "I",
        )
    return bytes(pdf.output())


RENDERERS: dict[str, Callable[..., str | bytes]] = {"html": to_html, "md": to_markdown, "pdf": to_pdf}

__all__ = [
    "RENDERERS",
    "to_html",
    "to_markdown",
    "to_pdf",
    "md_escape",
    "safe_url",
    "when",
    "place",
    "actors",
    "toll",
]
