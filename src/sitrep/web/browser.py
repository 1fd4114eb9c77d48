"""Debian's headless Chromium driven by Playwright, for the page's end-to-end test and its screenshots.

Playwright's own browser downloads are never used (``playwright install`` fetches a build from outside the
package registries): the system's ``chromium`` (Debian package; ``scripts/test-browser.sh`` installs it) is
launched through ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "chromium_path", "launch"]

#: no sandbox (root in CI), no GPU, and nothing that would reach the network on its own
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium executable: ``SITREP_CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium`` on PATH."""
    for candidate in (os.environ.get("SITREP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch(playwright, executable: str | None = None):
    """A headless Chromium browser from a ``sync_playwright()`` context."""
    path = executable or chromium_path()
    if path is None:
        raise FileNotFoundError("no chromium executable (apt-get install chromium, or set SITREP_CHROMIUM)")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
