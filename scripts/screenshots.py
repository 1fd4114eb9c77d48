#!/usr/bin/env python
"""Screenshots of the analyst's page for docs/ (headless Debian chromium driven by Playwright).

    .venv/bin/python scripts/screenshots.py [--fakes 150] [--out docs]

Ingests the illustrative demo articles (examples/articles) and, for a fuller map, the first N articles of
../shared/corpus/fakes.jsonl (read at run time, never copied) into a temporary store; serves it, with OCHA's
province boundaries from ../shared/gazetteer when present (read in place), on a free
127.0.0.1 port; saves
- docs/web-page.png: the map, timeline and table (events only: no article text is shown);
- docs/web-event.png: the panel of the demo air strike (our illustrative articles) after an analyst's
  fatalities correction: sources quoted with figures highlighted, conflicts, the correction's history.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from sitrep.pipeline import ingest
from sitrep.web.app import create_app
from sitrep.web.browser import launch
from sitrep.web.server import BackgroundServer

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "corpus" / "fakes.jsonl"
ADMIN1 = ROOT.parent / "shared" / "gazetteer" / "ocha_syr_admin_shp_2016" / "syr_admin1.shp"
TOKEN = "screenshot-token"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--fakes", type=int, default=150, help="FA-KES articles to add (0: the demo articles only)"
    )
    ap.add_argument("--out", default=str(ROOT / "docs"))
    args = ap.parse_args()
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "shots.db")
        inputs = [str(ROOT / "examples" / "articles")]
        if args.fakes and FAKES.exists():
            part = Path(tmp) / "fakes-part.jsonl"
            with FAKES.open(encoding="utf-8") as src:
                part.write_text("".join(itertools.islice(src, args.fakes)), encoding="utf-8")
            inputs.append(str(part))
        ingest(inputs, db=db)
        boundaries = ADMIN1 if ADMIN1.exists() else None  # OCHA's provinces, read in place
        app = create_app(db, TOKEN, export_dir=Path(tmp) / "exports", boundaries=boundaries)
        with BackgroundServer(app) as url, sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1600, "height": 960})
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / "web-page.png"))

            row = page.locator("#events tbody tr", has_text="Ma‘arrat an Nu‘mān").filter(
                has_text="2019-03-12"
            )
            row.first.click()
            page.wait_for_selector("#panel:not([hidden]) .mention")
            page.fill("#who", "Rana")
            page.fill("#token", TOKEN)
            page.select_option("#correct-form select[name=field]", "fatalities")
            page.fill("#correct-form input[name=value]", "19")
            page.click("#correct-form button[type=submit]")
            expect(page.locator("#panel dd[data-field=fatalities].corrected")).to_be_visible()
            page.reload()
            page.wait_for_selector("#panel:not([hidden]) #correction-log", timeout=30_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "web-event.png"))
            browser.close()
        app.state.store.close()
    print(f"wrote {out / 'web-page.png'} and {out / 'web-event.png'}")


if __name__ == "__main__":
    main()
