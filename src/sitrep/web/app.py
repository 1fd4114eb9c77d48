"""The web server of ``sitrep serve``: a JSON API and one page (``static/index.html``).

Routes are thin shells over library functions (:mod:`sitrep.browse`, :mod:`sitrep.corrections`).
Reading is open; every write route needs the analysts' token given at ``serve`` time, sent as
``Authorization: Bearer TOKEN`` and compared in constant time (without a token the server is read-only).
Filters are typed and validated (a bad date is a 422). Queries are SQLAlchemy expressions with bound
parameters only. Responses carry security headers: a Content-Security-Policy without inline script or
style, nosniff, no framing, no referrer. Article text travels as JSON text and the page inserts it as text
nodes only, so nothing from an article can run script in the page.
"""

from __future__ import annotations

import hmac
import json
import logging
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import browse
from ..corrections import (
    correct_event,
    export_corrections,
    merge_events,
    safe_export_path,
    split_event,
    write_corrections,
)
from ..errors import BasemapError, CorrectionError, NotFound, SitrepError, StoreError
from ..export import basemap
from ..records import GRADES
from ..store import Store

log = logging.getLogger(__name__)

__all__ = ["create_app", "SECURITY_HEADERS"]

STATIC = Path(__file__).parent / "static"

#: headers on every response. CSP: only this server's own scripts, styles, images and API; no inline
#: script or style, no plug-ins, no framing, no form posts elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=()",
}

EVENT_ID = r"^SR[0-9a-f]{12}$"
Text = Annotated[str | None, Query(max_length=200)]


class SecurityHeaders:
    """ASGI middleware that adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in self.headers if k not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class FieldCorrection(BaseModel):
    field: str = Field(max_length=64)
    value: Any = None
    who: str | None = Field(default=None, max_length=100)


class Merge(BaseModel):
    event_ids: list[Annotated[str, Field(pattern=EVENT_ID)]] = Field(min_length=2, max_length=50)
    who: str | None = Field(default=None, max_length=100)


class Split(BaseModel):
    mention_ids: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=500)
    who: str | None = Field(default=None, max_length=100)


class Export(BaseModel):
    name: str = Field(max_length=100)
    what: Literal["corrections", "events"] = "corrections"


@cache
def _basemap_bytes() -> bytes:
    return json.dumps(basemap.load_basemap(), separators=(",", ":")).encode()


def create_app(
    db: str | None = None,
    token: str | None = None,
    *,
    export_dir: str | Path | None = None,
    store: Store | None = None,
    boundaries: str | Path | None = None,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The web application over the store ``db`` (or an open ``store``). ``token``: the analysts' token
    that write routes require (None: read-only). ``export_dir``: the folder exports are written to
    (default ``./exports``); export names cannot leave it. ``boundaries``: admin boundaries to draw (a
    shapefile or GeoJSON the user gives, see :func:`sitrep.export.basemap.load_boundaries`).
    ``allowed_hosts``: the only Host headers answered (others get a 400), so that a web page elsewhere
    cannot reach a server on 127.0.0.1 by pointing its own name at it (DNS rebinding)."""
    admin = (
        json.dumps(basemap.load_boundaries(boundaries), separators=(",", ":")).encode()
        if boundaries is not None
        else None
    )
    store = store or Store.open(db)
    exports = Path(export_dir) if export_dir is not None else Path("exports")
    app = FastAPI(title="sitrep", docs_url=None, redoc_url=None)  # the docs pages load a CDN: off
    app.state.store = store
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(CorrectionError)
    async def _bad_correction(_request: Request, exc: CorrectionError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(SitrepError)
    async def _unavailable(_request: Request, exc: SitrepError) -> JSONResponse:
        log.error("request failed: %s", exc)
        status = 503 if isinstance(exc, StoreError | BasemapError) else 500
        return JSONResponse({"detail": str(exc)}, status_code=status)

    def analyst(authorization: Annotated[str | None, Header(max_length=500)] = None) -> None:
        """Write routes: the token given at serve time, compared in constant time."""
        if token is None:
            raise HTTPException(403, "this server is read-only: start it with --token to allow corrections")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(
                401, "a valid analyst token is needed", headers={"WWW-Authenticate": "Bearer"}
            )

    write = [Depends(analyst)]

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/api/meta")
    def meta() -> dict:
        return {**browse.facets(), "editable": token is not None, "boundaries": admin is not None}

    @app.get("/api/events")
    def list_events(
        since: date | None = None,
        until: date | None = None,
        type: Text = None,  # noqa: A002 - the page's parameter name
        actor: Text = None,
        place: Text = None,
        grade: Literal[GRADES] | None = None,  # type: ignore[valid-type]
        conflicts: bool | None = None,
    ) -> dict:
        if since and until and since > until:
            raise HTTPException(422, "since is after until")
        return browse.event_summaries(
            store,
            since=since,
            until=until,
            event_type=type,
            actor=actor,
            place=place,
            grade=grade,
            has_conflicts=conflicts,
        )

    @app.get("/api/events/{event_id}")
    def event(event_id: Annotated[str, PathParam(pattern=EVENT_ID)]) -> dict:
        return browse.event_detail(store, event_id)

    @app.get("/api/article")
    def article(id: Annotated[str, Query(min_length=1, max_length=300)]) -> dict:  # noqa: A002
        return browse.article_view(store, id)

    @app.get("/api/basemap")
    def basemap_route() -> Response:
        return Response(_basemap_bytes(), media_type="application/geo+json")

    @app.get("/api/boundaries")
    def boundaries_route() -> Response:
        if admin is None:
            raise HTTPException(404, "no admin boundaries: start the server with --boundaries PATH")
        return Response(admin, media_type="application/geo+json")

    @app.get("/api/corrections")
    def corrections() -> dict:
        return export_corrections(store)

    @app.post("/api/events/{event_id}/corrections", dependencies=write, status_code=201)
    def correct(event_id: Annotated[str, PathParam(pattern=EVENT_ID)], body: FieldCorrection) -> dict:
        c = correct_event(store, event_id, body.field, body.value, who=body.who)
        return {"correction": _dict(c), "event_id": event_id}

    @app.post("/api/merge", dependencies=write, status_code=201)
    def merge(body: Merge) -> dict:
        c = merge_events(store, body.event_ids, who=body.who)
        return {"correction": _dict(c), "event_id": c.new}

    @app.post("/api/events/{event_id}/split", dependencies=write, status_code=201)
    def split(event_id: Annotated[str, PathParam(pattern=EVENT_ID)], body: Split) -> dict:
        c = split_event(store, event_id, body.mention_ids, who=body.who)
        return {"correction": _dict(c), "event_ids": c.new}

    @app.post("/api/exports", dependencies=write, status_code=201)
    def export(body: Annotated[Export, Body()]) -> dict:
        exports.mkdir(parents=True, exist_ok=True)
        path = safe_export_path(exports, body.name)
        if body.what == "corrections":
            write_corrections(store, path)
        else:
            from ..export import write as write_events

            with open(path, "w", encoding="utf-8") as fp:
                fmt = {".csv": "csv", ".geojson": "geojson"}.get(path.suffix, "json")
                write_events(store.query(), fp, fmt)
        return {"name": path.name, "bytes": path.stat().st_size}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _dict(c: Any) -> dict:
    from dataclasses import asdict

    return asdict(c)


def serve(
    db: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    export_dir: str | None = None,
    boundaries: str | None = None,
) -> None:
    """Run the web server (uvicorn) until interrupted. Binds to 127.0.0.1 unless told otherwise."""
    import uvicorn

    loopback = host in ("127.0.0.1", "localhost", "::1")
    if not loopback:
        log.warning("serving on %s: the page and its API are reachable from other machines", host)
    if token is None:
        log.warning("no --token: the page is read-only (corrections need a token)")
    # on the loopback address only the machine's own names are answered (no DNS rebinding)
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]"] if loopback else None
    app = create_app(db, token, export_dir=export_dir, boundaries=boundaries, allowed_hosts=hosts)
    uvicorn.run(app, host=host, port=port, log_level="warning")
