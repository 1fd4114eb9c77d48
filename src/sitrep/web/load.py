"""A bounded load test of a running sitrep server: N API requests from this process, latency percentiles.

Used by ``scripts/loadtest.py`` (which starts ``sitrep serve`` in a second process) and by the tests (which
check that no request fails, never a time). Only loopback addresses are accepted as targets.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import quote, urlsplit

__all__ = ["LoadReport", "run_load", "wait_until_up", "serve_in_subprocess"]


@dataclass(slots=True)
class LoadReport:
    """What :func:`run_load` measured (latencies in milliseconds)."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    by_route: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def _loopback(host: str) -> None:
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"the load test only targets this machine (127.0.0.0/8, ::1), not {host!r}")


def _percentile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return 0.0
    # nearest-rank percentile: the smallest value with at least q of the samples at or below it
    rank = max(1, min(len(sorted_ms), int(-(-q * len(sorted_ms) // 1))))
    return round(sorted_ms[rank - 1], 2)


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    """Wait until ``url``/api/meta answers 200 (a server starting in another process)."""
    parts = urlsplit(url)
    _loopback(parts.hostname or "")
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", "/api/meta")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"no sitrep server answered at {url}")
        time.sleep(0.2)


def run_load(url: str, requests: int = 1000, timeout: float = 30.0) -> LoadReport:
    """Send ``requests`` GET requests (a fixed mix of the page's API calls: the event list unfiltered and
    filtered, event panels, articles, the vocabularies) to the server at ``url`` over one keep-alive
    connection, one after the other, and measure each one's latency. A request fails when it does not
    answer 200 with a JSON body. The loop is bounded by ``requests``."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    _loopback(host)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def get(path: str) -> tuple[int, bytes]:
        nonlocal conn
        try:
            conn.request("GET", path, headers={"Accept": "application/json"})
            r = conn.getresponse()
            return r.status, r.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            raise

    _, body = get("/api/events")
    events = json.loads(body)["events"]
    ids = [e["event_id"] for e in events][:50] or ["SR000000000000"]
    articles: list[str] = []
    for eid in ids[:10]:
        _, body = get(f"/api/events/{eid}")
        articles += [m["article_id"] for m in json.loads(body).get("mentions", [])]
    articles = articles or ["none"]
    routes = [
        ("events", lambda i: "/api/events"),
        ("events?type", lambda i: "/api/events?type=Battles"),
        ("events?since", lambda i: "/api/events?since=2015-01-01&until=2019-12-31&conflicts=true"),
        ("event", lambda i: f"/api/events/{ids[i % len(ids)]}"),
        ("event", lambda i: f"/api/events/{ids[(i * 7) % len(ids)]}"),
        ("article", lambda i: f"/api/article?id={quote(articles[i % len(articles)])}"),
        ("meta", lambda i: "/api/meta"),
        ("events?place", lambda i: "/api/events?place=idlib"),
    ]
    report = LoadReport()
    latencies: list[float] = []
    start = time.perf_counter()
    for i in range(requests):
        name, path = routes[i % len(routes)]
        t0 = time.perf_counter()
        try:
            status, body = get(path(i))
            ok = status == 200 and body[:1] in (b"{", b"[")
        except (OSError, http.client.HTTPException) as exc:
            status, ok = 0, False
            body = str(exc).encode()
        latencies.append((time.perf_counter() - t0) * 1000)
        report.requests += 1
        report.by_route[name] = report.by_route.get(name, 0) + 1
        if not ok:
            report.errors += 1
            if len(report.error_samples) < 5:
                report.error_samples.append(f"{status} {path(i)}: {body[:200]!r}")
    report.seconds = round(time.perf_counter() - start, 3)
    conn.close()
    latencies.sort()
    report.p50_ms = _percentile(latencies, 0.50)
    report.p95_ms = _percentile(latencies, 0.95)
    report.p99_ms = _percentile(latencies, 0.99)
    report.max_ms = round(latencies[-1], 2) if latencies else 0.0
    return report


class serve_in_subprocess:  # noqa: N801 - used as a context manager, like open()
    """``with serve_in_subprocess(db) as url:`` runs ``sitrep serve --db DB`` on a free 127.0.0.1 port in a
    second process, and stops that process (only it) when the block ends."""

    def __init__(self, db: str, token: str | None = None):
        self.db, self.token = db, token
        self.proc = None

    def __enter__(self) -> str:
        import os
        import subprocess
        import sys

        from .server import free_port

        port = free_port()
        env = dict(os.environ)
        if self.token:
            env["SITREP_TOKEN"] = self.token
        else:
            env.pop("SITREP_TOKEN", None)
        cmd = [sys.executable, "-m", "sitrep.cli", "serve", "--db", self.db, "--port", str(port)]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url)
        except TimeoutError:
            self.__exit__()
            raise
        return url

    def __exit__(self, *exc: object) -> None:
        import subprocess

        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()
