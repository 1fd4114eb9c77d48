"""End to end in headless Chromium (Debian's, driven by Playwright): ingest a small corpus, start the server,
open the page, see the markers, filter by type, brush the timeline, open an event, correct its fatalities,
reload, see the correction and its history; a crafted article never runs script in the page."""

from __future__ import annotations

import pytest
from tests.conftest import require_browser

pytestmark = [pytest.mark.model, pytest.mark.browser]
TOKEN = "e2e-token"


@pytest.fixture
def site(web_store_copy, tmp_path):
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    from sitrep.web.app import create_app
    from sitrep.web.browser import launch
    from sitrep.web.server import BackgroundServer

    app = create_app(web_store_copy, TOKEN, export_dir=tmp_path / "exports")
    with BackgroundServer(app) as url, sync_playwright() as pw:
        browser = launch(pw, chromium)
        page = browser.new_page(viewport={"width": 1500, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on(
            "console",
            lambda m: (
                problems.append(f"console: {m.text}")
                if m.type == "error" and "favicon" not in m.text and "404" not in m.text
                else None
            ),
        )
        # nothing may be fetched from outside this server (no CDN, no tiles)
        outside: list[str] = []
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(url)
                else (outside.append(route.request.url), route.abort())
            ),
        )
        yield url, page, problems, outside
        browser.close()
    app.state.store.close()


def expect(locator):
    # Playwright's expect polls with selectors: the page's CSP (no eval) forbids wait_for_function strings
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def _ready(page, url, hash_=""):
    page.goto(f"{url}/{hash_}")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)


def _markers(page) -> int:
    """Events drawn on the map: single markers plus the counts shown on clusters."""
    singles = page.locator("path.sitrep-marker").count()
    clustered = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    return singles + clustered


def test_page_end_to_end(site):
    url, page, problems, outside = site
    _ready(page, url)
    rows = page.locator("#events tbody tr")
    total = rows.count()
    assert total == 4
    assert _markers(page) == 4  # every event of the corpus has coordinates
    assert page.locator("path.basemap").count() >= 5  # the country boundaries in view are drawn

    # filter by type
    page.select_option("#filters select[name=type]", "Battles")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(1)
    assert page.locator("#events tbody tr td:nth-child(2)").inner_text().strip() == "Armed clash"
    assert _markers(page) == 1
    page.click("#filters button[type=reset]")
    expect(rows).to_have_count(total)

    # brushing the timeline's first days filters the table and the map
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 40)
    page.mouse.up()
    expect(page.locator("#brush-note")).not_to_be_empty()
    brushed = rows.count()
    assert 0 < brushed < total and _markers(page) == brushed
    page.click("#clear-brush")
    expect(rows).to_have_count(total)

    # open the air strike that two outlets report: every source quoted, figures highlighted, conflicts
    page.locator("#events tbody tr", has_text="Air/drone strike").filter(has_text="2019-03-12").click()
    page.wait_for_selector("#panel:not([hidden]) .mention")
    assert page.locator("#panel .mention").count() == 2
    marks = page.locator("#panel .mention mark").all_inner_texts()
    assert "at least 21" in marks and "Twenty-three" in marks
    assert "Syrian Observatory for Human Rights" in page.locator("#panel").inner_text()
    assert page.locator("#panel table.conflicts").inner_text().count("—") == 2
    event_id = page.evaluate("location.hash").removeprefix("#event=")
    machine = page.locator("#panel dd[data-field=fatalities]").inner_text()
    assert machine.startswith("21 ")

    # correct its fatalities
    page.fill("#who", "Rana (e2e)")
    page.fill("#token", TOKEN)
    page.select_option("#correct-form select[name=field]", "fatalities")
    page.fill("#correct-form input[name=value]", "19")
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("#panel dd[data-field=fatalities].corrected")

    # reload: the correction and its history are there
    page.reload()
    page.wait_for_selector("body[data-ready=true]", state="attached")
    page.wait_for_selector("#panel:not([hidden]) dd[data-field=fatalities].corrected")
    assert page.locator("#panel dd[data-field=fatalities]").inner_text().startswith("19 ")
    log = page.locator("#correction-log").inner_text()
    assert "Rana (e2e)" in log and "Fatalities" in log and "21" in log and "19" in log
    assert page.locator(f"#events tbody tr[data-event-id={event_id}] td.num").first.inner_text() == "19"

    assert problems == [] and outside == []


def test_crafted_article_never_runs_script(site):
    url, page, problems, outside = site
    _ready(page, url)
    page.locator("#events tbody tr", has_text="Air/drone strike").filter(has_text="2019-03-18").click()
    page.wait_for_selector("#panel:not([hidden]) .mention")
    panel = page.locator("#panel").inner_text()
    assert "<img src=x onerror=" in panel and "<script>" in panel  # shown as text
    page.click("#panel a.article-link")
    page.wait_for_selector("#article:not([hidden]) .text")
    article = page.locator("#article").inner_text()
    assert "<script>window.__pwned" in article and "<svg onload=" in article
    # nothing of the article became an element, a handler ran, or a javascript: link was made
    for where in ("#panel", "#article"):
        assert page.locator(f"{where} img, {where} script, {where} svg").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.wait_for_timeout(300)  # an onerror handler of a broken image would have run by now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert problems == [] and outside == []


def test_merge_and_split_in_the_panel(site):
    url, page, problems, outside = site
    _ready(page, url)
    rows = page.locator("#events tbody tr")
    total = rows.count()
    protest_id = page.locator("#events tbody tr", has_text="Peaceful protest").get_attribute("data-event-id")
    page.locator("#events tbody tr", has_text="Armed clash").click()
    page.wait_for_selector("#panel:not([hidden]) .mention")
    page.fill("#token", TOKEN)
    page.fill("#merge-with", protest_id)
    page.click("#panel button:has-text('Merge')")
    expect(rows).to_have_count(total - 1)
    expect(page.locator("#panel .mention")).to_have_count(2)
    assert "merge" in page.locator("#correction-log").inner_text()
    # split the protest's report off again
    page.locator("#panel .mention", has_text="protested").locator("input.split-pick").check()
    page.click("#panel button:has-text('Split ticked mentions off')")
    expect(rows).to_have_count(total)
    expect(page.locator("#panel .mention")).to_have_count(1)
    assert "split" in page.locator("#correction-log").inner_text()
    assert problems == [] and outside == []
