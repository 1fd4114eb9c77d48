"""The report's figures, drawn with matplotlib's Agg backend (no display, no browser): PNG bytes.

- :func:`map_png`: the events as points coloured by event type and sized by fatalities, over the country
  boundaries of the offline basemap (``sitrep.export.basemap.load_basemap``) when it is installed, else
  over a plain latitude/longitude frame;
- :func:`daily_png`: stacked bars of events per day by event type, and the fatalities per day (best
  estimate, with the low-high range as a band) in a second panel.

No text from an article is drawn: only event types, dates, numbers and coordinates.
"""

from __future__ import annotations

import io
import logging
import math
from typing import Any

from ..errors import ReportError
from . import EVENT_TYPES, Report

log = logging.getLogger(__name__)

#: one colour per ACLED event type (colour-blind-safe Okabe-Ito palette)
COLOURS = {
    "Battles": "#D55E00",
    "Violence against civilians": "#CC79A7",
    "Explosions/Remote violence": "#0072B2",
    "Riots": "#E69F00",
    "Protests": "#009E73",
    "Strategic developments": "#999999",
}
_OTHER = "#444444"
_DPI = 110


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)  # never a GUI backend: reports are rendered on servers
        import matplotlib.pyplot as plt
    except ImportError as exc:  # the `report` extra is not installed
        raise ReportError("the report figures need matplotlib: pip install 'sitrep[report]'") from exc
    return plt


def _png(fig: Any) -> bytes:
    plt = _pyplot()
    buf = io.BytesIO()
    # no metadata beyond the software name, so the same report gives the same bytes
    fig.savefig(buf, format="png", dpi=_DPI, bbox_inches="tight", pad_inches=0.1, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def basemap() -> dict | None:
    """The offline country boundaries (GeoJSON), or None when the basemap is not installed."""
    try:
        from ..export.basemap import load_basemap
    except ImportError:
        log.info("no basemap module: the map is drawn without boundaries")
        return None
    try:
        return load_basemap()
    except Exception as exc:  # a missing or broken vendored file must not stop the report
        log.warning("basemap unavailable (%s): the map is drawn without boundaries", exc)
        return None


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer and inner rings of a Polygon or MultiPolygon, as lists of [lon, lat]."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(lon0, lon1, lat0, lat1) around the points, at least 3 degrees wide, padded by 15 %."""
    if not points:
        return (-180.0, 180.0, -60.0, 80.0)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    w, h = max(lon1 - lon0, 3.0), max(lat1 - lat0, 3.0)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    w, h = w * 1.3, h * 1.3
    return (cx - w / 2, cx + w / 2, max(cy - h / 2, -90.0), min(cy + h / 2, 90.0))


def marker_size(fatalities: int) -> float:
    """Marker area (points^2): grows with the square root of the toll, so area follows the count."""
    return 30.0 + 30.0 * math.sqrt(max(fatalities, 0))


def map_png(report: Report, *, boundaries: dict | None | bool = True) -> bytes:
    """The map of the report's events (PNG). ``boundaries``: a GeoJSON FeatureCollection, ``True`` to load
    the installed basemap, ``False``/``None`` for none."""
    plt = _pyplot()
    geo = basemap() if boundaries is True else (boundaries or None)
    placed = [e for e in report.events if e.latitude is not None and e.longitude is not None]
    lon0, lon1, lat0, lat1 = _extent([(e.longitude, e.latitude) for e in placed])
    fig, ax = plt.subplots(figsize=(8.0, 5.2))
    if geo:
        from matplotlib.collections import PolyCollection

        polys = []
        for feature in geo.get("features", []):
            for ring in _rings(feature.get("geometry") or {}):
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                # only shapes near the view: a world basemap has ~250 of them
                if (
                    xs
                    and max(xs) >= lon0 - 5
                    and min(xs) <= lon1 + 5
                    and max(ys) >= lat0 - 5
                    and min(ys) <= lat1 + 5
                ):
                    polys.append(list(zip(xs, ys, strict=True)))
        ax.add_collection(
            PolyCollection(polys, facecolors="#F2F0EB", edgecolors="#8C8C8C", linewidths=0.6, zorder=0)
        )
        ax.set_facecolor("#DDEBF2")
        # country names at the middle of each country's largest ring, when that is in view
        for feature in geo.get("features", []):
            rings = _rings(feature.get("geometry") or {})
            name = (feature.get("properties") or {}).get("name")
            if not rings or not name:
                continue
            big = max(rings, key=len)
            cx = (min(p[0] for p in big) + max(p[0] for p in big)) / 2
            cy = (min(p[1] for p in big) + max(p[1] for p in big)) / 2
            if lon0 < cx < lon1 and lat0 < cy < lat1:
                ax.text(
                    cx,
                    cy,
                    str(name),
                    fontsize=8,
                    color="#6E6E6E",
                    ha="center",
                    va="center",
                    zorder=1,
                    clip_on=True,
                )
    for kind in [*EVENT_TYPES, *sorted({e.event_type for e in placed} - set(EVENT_TYPES))]:
        pts = [e for e in placed if e.event_type == kind]
        if not pts:
            continue
        ax.scatter(
            [e.longitude for e in pts],
            [e.latitude for e in pts],
            s=[marker_size(e.fatalities) for e in pts],
            c=COLOURS.get(kind, _OTHER),
            alpha=0.75,
            edgecolors="white",
            linewidths=0.7,
            label=f"{kind} ({len(pts)})",
            zorder=3,
        )
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    # equirectangular with the parallels' scale at the middle latitude, so shapes are not squashed
    ax.set_aspect(1 / max(math.cos(math.radians((lat0 + lat1) / 2)), 0.2))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(True, linewidth=0.3, alpha=0.5)
    title = f"{len(placed)} events placed"
    if report.unmapped:
        title += f" ({report.unmapped} without coordinates not shown)"
    ax.set_title(title + "; marker area grows with fatalities", fontsize=9)
    if placed:
        # beside the map, so it hides no event
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False, labelspacing=1.2)
    else:
        ax.text(0.5, 0.5, "no events with coordinates", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return _png(fig)


def daily_png(report: Report) -> bytes:
    """The per-day chart (PNG): events per day stacked by type, fatalities per day below."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(8.0, 4.6), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    days = [d.day for d in report.days]
    if not days:
        top.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=top.transAxes)
    else:
        kinds = [k for k in EVENT_TYPES if any(d.by_type.get(k) for d in report.days)]
        kinds += sorted({k for d in report.days for k in d.by_type} - set(EVENT_TYPES))
        base = [0] * len(days)
        for kind in kinds:
            counts = [d.by_type.get(kind, 0) for d in report.days]
            top.bar(days, counts, bottom=base, color=COLOURS.get(kind, _OTHER), label=kind, width=0.8)
            base = [b + c for b, c in zip(base, counts, strict=True)]
        # legends beside the panels, never over the bars
        top.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        top.yaxis.get_major_locator().set_params(integer=True)
        top.set_ylim(0, max(max(base), 1) * 1.15)
        best = [d.fatalities for d in report.days]
        # bars of the best estimate; whiskers from the lowest to the highest figure the sources give
        bottom.bar(days, best, width=0.8, color="#4D4D4D", label="best estimate")
        spread = [d for d in report.days if d.fatalities_low != d.fatalities_high]
        if spread:  # only days whose sources disagree get a whisker
            bottom.errorbar(
                [d.day for d in spread],
                [d.fatalities for d in spread],
                yerr=[
                    [d.fatalities - d.fatalities_low for d in spread],
                    [d.fatalities_high - d.fatalities for d in spread],
                ],
                fmt="none",
                ecolor="#C0392B",
                elinewidth=1.0,
                capsize=2,
                label="low-high range",
            )
        bottom.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        bottom.set_ylim(bottom=0)
        import matplotlib.dates as mdates

        # one tick per day on short periods (matplotlib's default puts ticks at noon), else automatic
        locator = mdates.DayLocator() if len(days) <= 16 else mdates.AutoDateLocator(minticks=4, maxticks=12)
        bottom.xaxis.set_major_locator(locator)
        bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    top.set_ylabel("events")
    bottom.set_ylabel("fatalities")
    title = "Events and fatalities per day"
    if report.undated:
        title += f" ({report.undated} undated events not shown)"
    top.set_title(title, fontsize=9)
    fig.tight_layout()
    return _png(fig)
