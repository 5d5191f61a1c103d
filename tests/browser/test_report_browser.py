"""The dashboard in a real browser: headless Chromium driven by playwright.

Opens the report generated from the synthetic results document (and, when one
exists, from a real results file given in $CLAIMS_REPORT_RESULTS), checks the
page renders without console errors, that filtering by verdict and by text hides
table rows, records the load time, and saves a screenshot to the test's temp dir.

Needs the python package ``playwright`` (pip install -e '.[browser]'; its own
browser download is not needed) and a Chromium binary: $CHROMIUM, else
/usr/bin/chromium (Debian: apt-get install chromium).  Skipped with the reason
when either is missing.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_report_fixture import make_baseline, make_doc  # noqa: E402

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
LOAD_BUDGET_S = 2.0      # the target; recorded, not asserted against a wall clock


def _chromium() -> str | None:
    for cand in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser")):
        if cand and Path(cand).exists():
            return cand
    return None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("python package 'playwright' is not installed (pip install -e '.[browser]')")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary found ($CHROMIUM, /usr/bin/chromium; Debian: apt-get install chromium)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=LAUNCH_ARGS, headless=True)
        except Exception as e:  # e.g. a chromium too old or too new for this playwright
            pytest.skip(f"chromium at {exe} could not be launched by playwright: {e}".splitlines()[0])
        yield b
        b.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    t0 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    load_s = time.perf_counter() - t0
    nav = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0] || {})")
    return page, errors, requests, load_s, json.loads(nav)


def _visible_rows(page) -> int:
    return page.eval_on_selector_all("#claims-table tbody tr.claim-row", "rs => rs.filter(r => !r.hidden).length")


def test_report_renders_filters_and_loads_fast(browser, tmp_path, record_property):
    from reports.render import write_all
    doc = make_doc()
    write_all(doc, tmp_path, baseline=make_baseline())
    page, errors, requests, load_s, nav = _open(browser, tmp_path / "report.html")

    assert errors == [], errors
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests   # no network
    n = len(doc["claims"])
    assert _visible_rows(page) == n
    assert page.locator("svg.plot").count() > 0 and page.locator("svg.depgraph").count() == 1
    # mathtext-rendered statement is visible once its claim is opened
    page.click("#expand-all")
    box = page.locator("details.claim svg.math").first.bounding_box()
    assert box and box["width"] > 5 and box["height"] > 5

    # filter by verdict
    page.select_option("#filter-verdict", "refuted")
    want = sum(c["verdict"] == "refuted" for c in doc["claims"])
    assert _visible_rows(page) == want < n
    assert page.eval_on_selector_all("#claims-table tbody tr.claim-row",
                                     "rs => rs.filter(r => !r.hidden).every(r => r.dataset.verdict === 'refuted')")
    # filter by text (combined with verdict, then alone)
    page.select_option("#filter-verdict", "")
    page.fill("#filter-text", "paper3")
    assert _visible_rows(page) == sum("paper3" in c["id"] for c in doc["claims"])
    page.fill("#filter-text", "no claim is called this")
    assert _visible_rows(page) == 0
    assert "0 of" in page.inner_text("#shown-count")
    page.click("#filter-reset")
    assert _visible_rows(page) == n

    # sorting by verdict puts verified first
    page.click("#claims-table thead th:nth-child(4)")
    first = page.eval_on_selector("#claims-table tbody tr", "r => r.dataset.verdict")
    assert first == "verified"

    # a link into a collapsed claim opens it
    page.click("#collapse-all")
    page.click("#claims-table a[href='#c-fam_a.paper1.lemma_base']")
    assert page.eval_on_selector("#c-fam_a\\.paper1\\.lemma_base", "d => d.open")
    assert errors == [], errors

    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    dom_ms = nav.get("domContentLoadedEventEnd")
    load_ms = nav.get("loadEventEnd")
    record_property("load_s", round(load_s, 3))
    record_property("dom_content_loaded_ms", dom_ms)
    record_property("load_event_end_ms", load_ms)
    record_property("report_bytes", (tmp_path / "report.html").stat().st_size)
    record_property("screenshot", str(shot))
    print(f"\nreport {(tmp_path / 'report.html').stat().st_size} bytes; page.goto->load {load_s:.3f}s "
          f"(budget {LOAD_BUDGET_S}s); DOMContentLoaded {dom_ms} ms, load event {load_ms} ms; screenshot {shot}")
    if os.environ.get("CLAIMS_REPORT_SCREENSHOT"):      # a copy for people to look at
        shutil.copyfile(shot, os.environ["CLAIMS_REPORT_SCREENSHOT"])
    page.close()


@pytest.mark.skipif(not os.environ.get("CLAIMS_REPORT_RESULTS"),
                    reason="set CLAIMS_REPORT_RESULTS=path/to/results.json to open the report of a real run")
def test_real_results_report(browser, tmp_path, record_property):
    from reports.render import write_all
    doc = json.loads(Path(os.environ["CLAIMS_REPORT_RESULTS"]).read_text())
    write_all(doc, tmp_path)
    size = (tmp_path / "report.html").stat().st_size
    assert size < 5 * 1024 * 1024, f"report of the full run is {size} bytes (issue 10 limit: 5 MB)"
    page, errors, requests, load_s, nav = _open(browser, tmp_path / "report.html")
    assert errors == [], errors
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
    assert _visible_rows(page) == len(doc["claims"])
    shot = tmp_path / "report_real.png"
    page.screenshot(path=str(shot), full_page=False)
    record_property("load_s", round(load_s, 3))
    record_property("report_bytes", size)
    print(f"\nreal report: {len(doc['claims'])} claims, {size} bytes; page.goto->load {load_s:.3f}s "
          f"(budget {LOAD_BUDGET_S}s); load event {nav.get('loadEventEnd')} ms; screenshot {shot}")
    if os.environ.get("CLAIMS_REPORT_SCREENSHOT"):
        dest = Path(os.environ["CLAIMS_REPORT_SCREENSHOT"])
        shutil.copyfile(shot, dest.with_name(dest.stem + "_real" + dest.suffix))
    page.close()
