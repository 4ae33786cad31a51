"""Browser benchmarks in headless Chromium: page open until every chart is drawn, and reruns in a real server.

Page open: from navigation start (the page's `performance.timeOrigin`) until Streamlit's status says
not running (`[data-testid=stApp][data-test-script-state=notRunning]`), the title is shown, and every
`.js-plotly-plot` (at least as many as the view draws in AppTest) holds its `.main-svg`. Each view is
opened several times, each time in a new tab (a new Streamlit session) of one browser context (so the
static files come from the browser cache, as on a second visit), after one warm-up visit per page.
The baseline is bench/bare_page.py (a title and one Plotly chart), served by its own server and
measured in the same run. Each figure also says when the page saw its first script run start and end,
which splits the time into loading the front end, the server's script run, and drawing.

Rerun in a real server: from the pointer pressing a region pill in the sidebar (Price tables: the key
that sets or clears its region filter) until the status goes from running back to not running (a
MutationObserver on the status attribute records both), i.e. the script run as a user sees it, round trip
over loopback included.

`editor_usability` does the same for the Price tables editor: a filter change, clearing it, a cell edit.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.figures import Figure, judged, ms
from bench.server import ROOT, streamlit_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-proxy-server",
]
BARE_PAGE = ROOT / "bench" / "bare_page.py"
APP = ROOT / "app.py"


@dataclass(frozen=True)
class View:
    """A view as the browser opens it and as AppTest switches to it."""

    name: str
    path: str  # URL path on the server
    page: str  # script, for AppTest's switch_page


VIEWS: tuple[View, ...] = (
    View("Compare treatments", "/", "views/compare_treatments/page.py"),
    View("Regions", "/regions", "views/regions/page.py"),
    View("Clinic planner", "/clinic", "views/clinic_planner/page.py"),
    View("Real-world payback", "/real-world", "views/real_world_payback/page.py"),
    View("Price tables", "/price-tables", "views/price_tables/page.py"),
    View("Method", "/about", "views/method_and_sources/page.py"),
)

# The control each view's change is timed on (see CLICK_TARGETS); default the region pill in the sidebar.
WIDGETS = {"/price-tables": "region filter", "/real-world": "what the first tab compares"}

# Targets of issue 18 (README, "Speed"), judged on the same run's bare page where they are ratios.
SETTLED_RATIO = 1.3  # a page settles within 1.3x the bare page
CHANGE_RATIO = 2.0  # a control change is drawn within 2x the bare page's select-box redraw...
CHANGE_S = 0.3  # ...and within 300 ms (median)
EDIT_S = 0.5  # a cell edit in a price grid, until the page has run again
FIRST_VISIT_S = 3.0  # a first visit (empty browser cache, new session) until the page has settled

# performance.now() once the page is drawn, else false (polled by Playwright on animation frames).
READY_JS = """(expected) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('h1')) return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;
  if (document.querySelector('[data-stale=true]')) return false;  // the previous run's elements, about to go
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length < expected) return false;
  for (const plot of plots) { if (!plot.querySelector('.main-svg')) return false; }
  return performance.now();
}"""

# Arms a recorder: the time of the next `event` (pointerdown unless given), and of the status returning to
# notRunning after running.
ARM_RERUN_JS = """(event) => {
  const app = document.querySelector('[data-testid=stApp]');
  const rec = {start: null, running: false, end: null};
  window.__benchRerun = rec;
  document.addEventListener(event || 'pointerdown', () => { if (rec.start === null) rec.start = performance.now(); },
                            {capture: true, once: true});
  const observer = new MutationObserver((records) => {
    for (const r of records) { if (r.oldValue === 'running') rec.running = true; }
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' || state === 'rerunRequested') rec.running = rec.running || state === 'running';
    if (state === 'notRunning' && rec.running && rec.end === null) {
      rec.end = performance.now(); observer.disconnect();
    }
  });
  observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
}"""

# Installed in every page before it loads: when the first script run started and ended, as the page saw it.
FIRST_RUN_JS = """(() => {
  const rec = {started: null, ended: null};
  window.__benchFirstRun = rec;
  const watch = () => {
    const app = document.querySelector('[data-testid=stApp]');
    if (!app) { setTimeout(watch, 5); return; }
    const seen = (state) => {
      if (state === 'running' && rec.started === null) rec.started = performance.now();
      if (state === 'notRunning' && rec.started !== null && rec.ended === null) rec.ended = performance.now();
    };
    seen(app.getAttribute('data-test-script-state'));
    new MutationObserver((records) => {
      for (const r of records) { seen(r.oldValue); }
      seen(app.getAttribute('data-test-script-state'));
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
  };
  watch();
})();"""

RERUN_DONE_JS = "() => { const r = window.__benchRerun; return r && r.end !== null && r.start !== null; }"

# Seconds from the armed event until the rerun has ended AND the page is drawn again (READY_JS), else false.
CHANGE_DRAWN_JS = (
    "(expected) => { const r = window.__benchRerun; if (!r || r.end === null || r.start === null) return false;"
    " const ready = (" + READY_JS + ")(expected); return ready ? (Math.max(ready, r.end) - r.start) / 1000 : false; }"
)

# Seconds from the armed event until the chosen tab (its label) shows a drawn chart and no run is in progress, else
# false. A tab that draws only when chosen has an empty panel until its rerun has drawn the chart.
TAB_DRAWN_JS = """(label) => {
  const r = window.__benchRerun; if (!r || r.start === null) return false;
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const tab = [...document.querySelectorAll('[role=tab][aria-selected=true]')].find(t => t.textContent.includes(label));
  const panel = tab && document.getElementById(tab.getAttribute('aria-controls'));
  if (!panel || !panel.querySelector('.js-plotly-plot .main-svg')) return false;
  return (performance.now() - r.start) / 1000;
}"""

# A widget to change: an unselected region pill in the sidebar, else any unselected pill on the page, else an
# unselected button of a segmented control in view (Real-world payback: what its first tab compares).
CLICK_TARGETS = (
    "[data-testid=stSidebar] [role=radiogroup][aria-label=Region] button[aria-checked=false]",
    "[role=radiogroup] button[data-variant=pills][aria-checked=false]",
    "[role=radiogroup][aria-label=Compare] button[data-variant=segmented_control][aria-checked=false]",
)

# In-page tabs whose charts are drawn only when open (a fragment rerun draws the chosen tab's chart).
CHART_TABS = {
    "/": ("Cost vs downtime", "How sure (P10-P90)", "Total cost"),
    "/clinic": ("Cash and payback", "What moves profit", "Cost per session"),
    "/regions": ("Price per session", "Course total"),
}


def launch(playwright: Playwright) -> Browser:
    """Debian's headless Chromium, no network beyond what the pages ask of the loopback server."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def expected_charts(view: View, timeout: float = 120) -> int:
    """How many Plotly charts the view draws with the current store (counted by AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    if view.page != "views/compare_treatments/page.py":
        at.switch_page(view.page).run()
    return len(at.get("plotly_chart"))


@dataclass(frozen=True)
class PageOpen:
    """Seconds from navigation start: the first script run started and ended (as the page saw it), all drawn."""

    run_started: float
    run_ended: float
    drawn: float


def time_to_drawn(context: BrowserContext, url: str, expected: int, timeout_ms: float = 60_000) -> PageOpen:
    """Open `url` in a new tab and time it until drawn (see READY_JS); the tab is closed after."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = page.wait_for_function(READY_JS, arg=expected, polling="raf", timeout=timeout_ms)
        drawn = float(handle.json_value())
        first = page.evaluate("() => window.__benchFirstRun")
        exceptions = page.locator("[data-testid=stException]").count()
        if exceptions:
            raise RuntimeError(f"{url}: {exceptions} exception(s) shown on the page")
        return PageOpen(float(first["started"] or 0) / 1000, float(first["ended"] or 0) / 1000, drawn / 1000)
    finally:
        page.close()


def rerun_after_change(page: Page, turn: int, timeout_ms: float = 60_000, expected: int = 0) -> float | None:
    """Seconds from changing a widget until the status is not running again and the page is drawn (every chart
    holds its svg, no stale element); None if there is none to change.

    The widget is an unselected region pill (pressed), else the first multiselect (the Price tables filter):
    region US chosen on even turns, removed again on odd ones (timed from the key that does it).
    """
    target = next((page.locator(s).first for s in CLICK_TARGETS if page.locator(s).count()), None)
    if target is not None:
        page.evaluate(ARM_RERUN_JS)
        target.click(timeout=timeout_ms)
    elif page.locator("[data-testid=stMultiSelect]").count():
        page.locator("[data-testid=stMultiSelect]").first.click(timeout=timeout_ms)
        if turn % 2 == 0:
            page.keyboard.type("US")
        page.evaluate(ARM_RERUN_JS, "keydown")
        page.keyboard.press("Enter" if turn % 2 == 0 else "Backspace")
    else:
        return None
    drawn = page.wait_for_function(CHANGE_DRAWN_JS, arg=expected, polling="raf", timeout=timeout_ms)
    seconds = float(drawn.json_value())
    page.keyboard.press("Escape")
    return seconds


# bench/bare_page.py's series, in the order of its select box (its script runs too fast for the page to show a
# running state, so the redraw is seen in the chart's data instead).
BARE_SERIES = ([3, 1, 2], [1, 2, 3], [2, 3, 1])
BARE_REDRAWN_JS = (
    "(wanted) => { const r = window.__benchRerun; if (!r || r.start === null) return false;"
    " const plot = document.querySelector('.js-plotly-plot');"
    " if (!plot || !plot.data || JSON.stringify(Array.from(plot.data[0].y)) !== JSON.stringify(wanted)) return false;"
    " const ready = (" + READY_JS + ")(1); return ready ? (ready - r.start) / 1000 : false; }"
)


def tab_switches(
    context: BrowserContext, url: str, labels: tuple[str, ...], expected: int, rounds: int = 2
) -> list[float] | str:
    """Seconds from choosing each tab in `labels` (`rounds` times over) until the page is drawn again; the first
    choice waits until the page has drawn its `expected` charts (a click during the first run can be lost)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_function(READY_JS, arg=expected, polling="raf", timeout=60_000)
        times = []
        for label in labels * rounds:
            page.wait_for_timeout(300)  # as a person would: the tab bar is drawn again after each change
            page.evaluate(ARM_RERUN_JS)
            page.get_by_role("tab").filter(has_text=label).first.click()
            try:
                drawn = page.wait_for_function(TAB_DRAWN_JS, arg=label, polling="raf", timeout=30_000)
            except PlaywrightTimeoutError:
                return f"{label}: not drawn within 30 s ({page.evaluate('() => window.__benchRerun')})"
            times.append(float(drawn.json_value()))
        return times
    finally:
        page.close()


def bare_select_redraw(context: BrowserContext, url: str, repeats: int, timeout_ms: float = 60_000) -> list[float]:
    """The bare page: seconds from choosing another series in its select box until its one chart is drawn again."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(READY_JS, arg=1, polling="raf", timeout=timeout_ms)
        times = []
        for turn in range(repeats):
            page.locator("[data-testid=stSelectbox]").first.click()
            option = page.locator("[role=option]").nth((turn + 1) % 3)
            option.wait_for(timeout=timeout_ms)
            wanted = BARE_SERIES[(turn + 1) % 3]
            page.evaluate(ARM_RERUN_JS)
            option.click()
            times.append(
                float(
                    page.wait_for_function(BARE_REDRAWN_JS, arg=wanted, polling="raf", timeout=timeout_ms).json_value()
                )
            )
        return times
    finally:
        page.close()


class StepTimeout(Exception):
    """A rerun that did not finish in time; the message says how far it got, e.g. '> 300 s (still running)'."""


def editor_usability(
    context: BrowserContext, url: str, timeout_ms: float = 180_000, open_only: bool = False
) -> dict[str, float | str]:
    """The Price tables view in the browser: seconds to the editor drawn, and for the rerun after choosing one
    region in its filter ("filter"), after clearing it ("unfilter"), and after editing a cell ("edit"), as
    seen in the browser (only the opening when `open_only`). A step that times out gets its message instead, and the
    later steps are skipped."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    ready = READY_JS.replace(
        "return performance.now();",
        "return document.querySelector('[data-testid=stDataFrame] canvas') ? performance.now() : false;",
    )
    out: dict[str, float | str] = {}
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        out["open"] = float(page.wait_for_function(ready, arg=0, polling="raf", timeout=timeout_ms).json_value()) / 1000
        if open_only:
            return out
        step = "filter"
        page.locator("[data-testid=stMultiSelect]").first.click()
        page.keyboard.type("US")
        out[step] = _rerun_on_key(page, "Enter", ready, timeout_ms)  # one region: its 8 rows
        step = "unfilter"
        out[step] = _rerun_on_key(page, "Backspace", ready, timeout_ms)  # the whole table again
        page.keyboard.press("Escape")
        step = "edit"
        grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
        if grid is not None:
            cell = (grid["x"] + 400, grid["y"] + 52)  # first row, price_typical
            page.mouse.click(*cell)  # focus the grid and select the cell
            page.wait_for_timeout(300)
            page.mouse.dblclick(*cell)  # open the cell's editor
            cell_editor = page.locator("#portal .gdg-clip-region").locator("input, textarea").first
            cell_editor.wait_for(timeout=timeout_ms)
            page.wait_for_function(
                "() => document.activeElement && document.activeElement.closest('#portal')",
                polling="raf",
                timeout=timeout_ms,
            )
            page.keyboard.press("Control+A")
            page.keyboard.type("301")
            # Enter before the editor holds the text commits the old value (no change, no rerun)
            page.wait_for_function(
                "(el) => el.value === '301'", arg=cell_editor.element_handle(), polling="raf", timeout=timeout_ms
            )
            page.wait_for_timeout(300)
            out[step] = _rerun_on_key(page, "Enter", ready, timeout_ms)
    except StepTimeout as timeout:
        out[step] = str(timeout)
    finally:
        page.close()
    return out


def _recorded(page: Page) -> float:
    record = page.evaluate("() => window.__benchRerun")
    return (float(record["end"]) - float(record["start"])) / 1000


def _rerun_on_key(page: Page, key: str, ready: str, timeout_ms: float) -> float:
    """Seconds from pressing `key` until the rerun it starts has finished; waits for the page to be drawn."""
    page.evaluate(ARM_RERUN_JS, "keydown")
    page.keyboard.press(key)
    try:
        page.wait_for_function(RERUN_DONE_JS, polling="raf", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        record = page.evaluate("() => window.__benchRerun")
        state = "still running" if record and record["running"] else "no rerun started"
        raise StepTimeout(f"> {timeout_ms / 1000:.0f} s ({state})") from None
    seconds = _recorded(page)
    page.wait_for_function(ready, arg=0, polling="raf", timeout=timeout_ms)
    return seconds


def reruns_in_browser(
    context: BrowserContext, url: str, expected: int, repeats: int, timeout_ms: float = 30_000
) -> list[float] | str:
    """Reruns after a widget change on one open page of the view (empty if it has no widget to change); what went
    wrong instead when a change was not drawn within `timeout_ms`."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=60_000)
        page.wait_for_function(READY_JS, arg=expected, polling="raf", timeout=60_000)
        times = []
        for turn in range(repeats):
            try:
                seconds = rerun_after_change(page, turn, timeout_ms, expected=expected)
            except PlaywrightTimeoutError:
                record = page.evaluate(
                    "() => [window.__benchRerun, document.querySelectorAll('.js-plotly-plot').length]"
                )
                return f"not drawn within {timeout_ms / 1000:.0f} s (rerun {record[0]}, {record[1]} chart(s))"
            if seconds is None:
                break
            times.append(seconds)
        return times
    finally:
        page.close()


def new_context(browser: Browser) -> BrowserContext:
    """A context with an empty cache, a desktop viewport and the first-run recorder."""
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(60_000)
    context.add_init_script(FIRST_RUN_JS)
    return context


@contextmanager
def browser_context() -> Iterator[BrowserContext]:
    """One headless Chromium and one context (closed afterwards)."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield new_context(browser)
        finally:
            browser.close()


def first_visits(context: BrowserContext, url: str, expected: int, repeats: int) -> list[float]:
    """Seconds to settled for `repeats` first visits: each in a new context of the same browser (empty cache:
    the front end's files downloaded and compiled, a new session) on a server that has served before."""
    browser = context.browser
    if browser is None:
        raise RuntimeError("the context has no browser")
    times = []
    for _ in range(repeats):
        fresh = new_context(browser)
        try:
            times.append(time_to_drawn(fresh, url, expected).drawn)
        finally:
            fresh.close()
    return times


def page_times(context: BrowserContext, url: str, expected: int, repeats: int, warm_up: bool = True) -> PageOpen:
    """One warm-up visit (unless `warm_up` is false), then `repeats` timed visits; the median of each time."""
    if warm_up:
        time_to_drawn(context, url, expected)
    opens = [time_to_drawn(context, url, expected) for _ in range(repeats)]
    return PageOpen(*(statistics.median(getattr(o, f) for o in opens) for f in ("run_started", "run_ended", "drawn")))


def breakdown(page: PageOpen) -> str:
    """'script ran 0.9-1.3 s' (from navigation start)."""
    return f"first script run {page.run_started:.2f}-{page.run_ended:.2f} s"


def change_figure(view: View, times: list[float] | str, bare_change: float, widget: str = "") -> Figure:
    """The row of a view's control change: median drawn time against the bare page's select-box redraw."""
    widget = widget or WIDGETS.get(view.path, "region pill")
    what = f"browser: {view.name}, control change ({widget}) to the page drawn again"
    target = f"<= {CHANGE_RATIO:g}x bare and < {CHANGE_S * 1000:.0f} ms"
    if isinstance(times, str):
        return Figure(what, times, target, False)
    if not times:
        return Figure(what, "n/a (no control)", target)
    change = statistics.median(times)
    return Figure(
        what,
        f"{ms(change)} = {change / bare_change:.2f}x bare select box",
        target,
        change <= CHANGE_RATIO * bare_change and change < CHANGE_S,
    )


def _seconds(value: float | str | None) -> str:
    return ms(value) if isinstance(value, float) else str(value or "n/a")


def run(smoke: bool, store_dir: Path) -> list[Figure]:
    """Per view: settled seconds and the ratio to the bare page of the same run, the control change drawn against
    the bare page's select-box redraw; first visits; a cell edit in the Price tables grid.

    Smoke: one visit (no warm-up) of the bare page and the Compare view, no reruns, nothing judged.
    """
    views = VIEWS[:1] if smoke else VIEWS
    repeats = 1 if smoke else 5
    expected = {view.name: expected_charts(view) for view in views}
    env = {"COSTDASH_DATA_DIR": str(store_dir)}
    out: list[Figure] = []
    with tempfile.TemporaryDirectory() as logs, browser_context() as context:
        with streamlit_server(BARE_PAGE, Path(logs) / "bare.log", env) as bare_server:
            bare = page_times(context, bare_server.url, 1, repeats, warm_up=not smoke)
            bare_change = 0.0 if smoke else statistics.median(bare_select_redraw(context, bare_server.url, 7))
        out.append(
            Figure(
                "browser: bare page (1 Plotly chart), open to drawn",
                f"{ms(bare.drawn)} ({breakdown(bare)})",
                "baseline",
            )
        )
        if not smoke:
            out.append(
                Figure("browser: bare page, select box changed to its chart drawn again", ms(bare_change), "baseline")
            )
        with streamlit_server(APP, Path(logs) / "app.log", env) as server:
            if not smoke:  # the server has served a session before (as after any earlier visitor)
                time_to_drawn(context, server.url + VIEWS[0].path, expected[VIEWS[0].name])
                first = statistics.median(first_visits(context, server.url + VIEWS[0].path, expected[VIEWS[0].name], 3))
                out.append(
                    Figure(
                        "browser: first visit (empty browser cache, new session) to Compare settled",
                        f"{first:.2f} s",
                        f"< {FIRST_VISIT_S:g} s",
                        judged(smoke, first < FIRST_VISIT_S),
                    )
                )
            for view in views:
                opened = page_times(context, server.url + view.path, expected[view.name], repeats, warm_up=not smoke)
                ratio = opened.drawn / bare.drawn
                out.append(
                    Figure(
                        f"browser: {view.name}, open to settled ({expected[view.name]} chart(s) drawn)",
                        f"{ms(opened.drawn)} = {ratio:.2f}x bare ({breakdown(opened)})",
                        f"<= {SETTLED_RATIO:g}x bare",
                        judged(smoke, ratio <= SETTLED_RATIO),
                    )
                )
            if not smoke:
                for view in views:
                    times = reruns_in_browser(context, server.url + view.path, expected[view.name], 7)
                    out.append(change_figure(view, times, bare_change))
                    if view.path in CHART_TABS:
                        tabs = tab_switches(context, server.url + view.path, CHART_TABS[view.path], expected[view.name])
                        out.append(change_figure(view, tabs, bare_change, "chart tab, drawn when chosen"))
                edits = [editor_usability(context, server.url + "/price-tables") for _ in range(3)]
                edit_times = [float(e["edit"]) for e in edits if isinstance(e.get("edit"), float)]
                edit = statistics.median(edit_times) if edit_times else None
                out.append(
                    Figure(
                        "browser: Price tables (shipped size), edit a cell to the page run again (3 edits)",
                        _seconds(edit) if edit is not None else "; ".join(_seconds(e.get("edit")) for e in edits),
                        f"< {EDIT_S * 1000:.0f} ms",
                        edit is not None and edit < EDIT_S,
                    )
                )
            log = server.log_text()
        if "Traceback" in log:
            raise RuntimeError("the app server logged a traceback:\n" + log[-3000:])
    return out
