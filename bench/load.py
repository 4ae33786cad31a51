"""Load: 20 browser sessions at once clicking through every view of one server.

One server (its own temp store), one headless Chromium with one context per session. Each session
opens the app, then for every view clicks its link in the sidebar navigation, waits until the view
is drawn (status not running, every expected chart drawn), checks that no exception is shown, and
clicks an unselected region pill when the view has one (waiting for that rerun too). A rerun counts as done
when the script state goes running -> notRunning, or when the page shows its outcome while the script is not
running (the URL names the new region; the new view's URL and title), as a fast rerun under load can pass
without the running state ever being drawn. Meanwhile the
server's resident memory (process tree) is sampled every 0.2 s. Afterwards the server log is
searched for tracebacks and errors. Every wait has a timeout and the whole run a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from bench.browser import (
    APP,
    ARM_RERUN_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICK_TARGETS,
    READY_JS,
    VIEWS,
    expected_charts,
)
from bench.figures import Figure, judged
from bench.server import streamlit_server, tree_rss_bytes

SESSIONS = 20
MEMORY_LIMIT_MB = 500
STEP_TIMEOUT_MS = 300_000
RETRY_TIMEOUT_MS = 60_000
DEADLINE_S = 1_200
LOG_ALARMS = ("Traceback", "Error", "Exception")


@dataclass
class SessionResult:
    """What one session saw."""

    rendered: int = 0  # views drawn completely
    clicks: int = 0  # widget changes whose rerun finished
    exceptions: int = 0  # stException elements seen
    errors: list[str] = field(default_factory=list)  # failures (timeouts...)


# A rerun is over when the script state went running -> notRunning. Under load the browser can take the
# server's "started" and "finished" messages in one go and never show the running state, though the rerun
# happened; so it is also over when the page shows its outcome and the script is not running: for a region pill
# the URL names the clicked region; for a link to a view the URL is that view's and its title is drawn.
RERUN_SEEN_JS = """(want) => {
  const r = window.__benchRerun;
  if (r && r.end !== null && r.start !== null) return true;
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale=true]')) return false;
  if (want.region !== null) return new URLSearchParams(location.search).get('region') === want.region;
  const h1 = document.querySelector('h1');
  return want.path !== null && location.pathname.replace(/\\/$/, '') === want.path.replace(/\\/$/, '')
    && !!h1 && h1.innerText.trim() === want.title;
}"""


class StepFailed(Exception):
    """A step that did not finish; the message says what the page showed."""


async def _settle_after_click(
    page: Page,
    selector: str,
    expected: int,
    path: str | None,
    timeout_ms: float = STEP_TIMEOUT_MS,
    title: str | None = None,
) -> None:
    """Click the first element matching `selector` (a link to the view at `path` titled `title`, or a widget),
    wait for the rerun to end and the view to be drawn."""
    target = page.locator(selector).first
    region = (await target.inner_text(timeout=timeout_ms)).strip() if selector == CLICK_TARGETS[0] else None
    await page.evaluate(ARM_RERUN_JS)
    await target.click(timeout=timeout_ms)
    await page.wait_for_function(
        RERUN_SEEN_JS, arg={"region": region, "path": path, "title": title}, polling=100, timeout=timeout_ms
    )
    if path is not None:
        await page.wait_for_url(
            lambda url: url.split("?")[0].rstrip("/").endswith(path.rstrip("/")), timeout=timeout_ms
        )
    await page.wait_for_function(READY_JS, arg=expected, polling=100, timeout=timeout_ms)


PAGE_STATE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return JSON.stringify({url: location.pathname + location.search,
    state: app && app.getAttribute('data-test-script-state'),
    plots: plots.length, drawn: plots.filter(p => p.querySelector('.main-svg')).length,
    skeletons: document.querySelectorAll('[data-testid=stSkeleton]').length, h1: !!document.querySelector('h1'),
    checked: [...document.querySelectorAll('[data-testid=stSidebar] button[aria-checked=true]')].map(b => b.innerText),
    rerun: window.__benchRerun || null});
}"""


async def _page_state(page: Page) -> str:
    """What the page showed when a wait timed out (script state, charts drawn, rerun record), for the report."""
    try:
        return await page.evaluate(PAGE_STATE_JS)
    except Exception as exc:  # noqa: BLE001 - diagnostics only
        return f"unreadable ({type(exc).__name__})"


async def one_session(browser: Browser, base_url: str, expected: dict[str, int]) -> SessionResult:
    """Open the app, visit every view through the sidebar, change a widget on each; never raises."""
    result = SessionResult()
    context = await browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    try:
        page = await context.new_page()
        await page.goto(base_url + "/", wait_until="commit", timeout=STEP_TIMEOUT_MS)
        await page.wait_for_function(READY_JS, arg=expected[VIEWS[0].name], polling=100, timeout=STEP_TIMEOUT_MS)
        for view in VIEWS:
            try:
                if view is not VIEWS[0]:
                    link = f"[data-testid=stSidebarNav] a[href='{base_url}{view.path}']"
                    await _settle_after_click(page, link, expected[view.name], view.path, title=view.name)
                result.rendered += 1
                result.exceptions += await page.locator("[data-testid=stException]").count()
                for selector in CLICK_TARGETS:
                    if await page.locator(selector).count():
                        try:
                            await _settle_after_click(page, selector, expected[view.name], None)
                        except PlaywrightTimeoutError as exc:
                            # Still a failed step; a second click tells a lost click from a stuck page.
                            state = await _page_state(page)
                            try:
                                await _settle_after_click(page, selector, expected[view.name], None, RETRY_TIMEOUT_MS)
                                again = "a second click then reran"
                            except PlaywrightTimeoutError:
                                again = "a second click did not rerun either"
                            raise StepFailed(f"no rerun after a click ({again}) [page then: {state}]") from exc
                        result.clicks += 1
                        result.exceptions += await page.locator("[data-testid=stException]").count()
                        break
            except Exception as exc:  # noqa: BLE001 - a failed step is reported, the others go on
                shown = await page.locator("[data-testid=stException]").count()
                result.exceptions += shown
                said = (
                    str(exc)
                    if isinstance(exc, StepFailed)
                    else (str(exc).splitlines()[0][:200] + f" [page then: {await _page_state(page)}]")
                )
                result.errors.append(
                    f"{view.name}: {type(exc).__name__}: {said}" + (f" ({shown} exception(s) shown)" if shown else "")
                )
    except Exception as exc:  # noqa: BLE001
        result.errors.append(f"open: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()
    return result


async def _sample_memory(pid: int, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss_bytes(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.2)


async def run_sessions(
    base_url: str, pid: int, expected: dict[str, int], sessions: int
) -> tuple[list[SessionResult], int, float]:
    """All sessions at once in one browser; returns their results, the server's peak RSS, and the wall time."""
    peak, stop = [tree_rss_bytes(pid)], asyncio.Event()
    sampler = asyncio.create_task(_sample_memory(pid, peak, stop))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            start = time.perf_counter()
            results = await asyncio.wait_for(
                asyncio.gather(*(one_session(browser, base_url, expected) for _ in range(sessions))), DEADLINE_S
            )
            wall = time.perf_counter() - start
        finally:
            await browser.close()
            stop.set()
            await sampler
    return list(results), peak[0], wall


def log_alarms(log: str) -> list[str]:
    """Lines of the server log that mention a traceback, an error or an exception."""
    return [line for line in log.splitlines() if any(word in line for word in LOG_ALARMS)]


def first_error(log: str) -> str:
    """The exception line ending the first traceback in the log ('' if none)."""
    lines = log.splitlines()
    for start, line in enumerate(lines):
        if line.startswith("Traceback"):
            for later in lines[start + 1 :]:
                if later and not later.startswith((" ", "Traceback", "During handling", "The above exception")):
                    return later.strip()
    return ""


def run(smoke: bool, store_dir: Path, sessions: int = SESSIONS) -> list[Figure]:
    """The load figures (not part of smoke runs)."""
    expected = {view.name: expected_charts(view) for view in VIEWS}
    with (
        tempfile.TemporaryDirectory() as logs,
        streamlit_server(APP, Path(logs) / "app.log", {"COSTDASH_DATA_DIR": str(store_dir)}) as server,
    ):
        idle = tree_rss_bytes(server.process.pid)
        results, peak, wall = asyncio.run(run_sessions(server.url, server.process.pid, expected, sessions))
        log = server.log_text()
        alarms = log_alarms(log)
        if alarms:
            print(f"load: the server log (its alarms are reported in the table):\n{log}", file=sys.stderr)
    views = len(VIEWS) * sessions
    rendered = sum(r.rendered for r in results)
    exceptions = sum(r.exceptions for r in results)
    failures = [e for r in results for e in r.errors]
    clicks = sum(r.clicks for r in results)
    all_ok = rendered == views and not exceptions and not failures and not alarms
    out = [
        Figure(
            f"load: {sessions} sessions at once, views drawn / widget reruns / exceptions on pages",
            f"{rendered}/{views} / {clicks} / {exceptions} in {wall:.0f} s",
            "every page renders, 0 exceptions",
            judged(smoke, rendered == views and not exceptions and not failures),
        ),
        Figure(
            "load: server log lines with Traceback/Error/Exception",
            f"{len(alarms)}" + (f" (first error: {(first_error(log) or alarms[0])[:160]})" if alarms else ""),
            "0",
            judged(smoke, not alarms),
        ),
        Figure(
            "load: server memory (RSS), idle / peak",
            f"{idle / 2**20:.0f} MB / {peak / 2**20:.0f} MB",
            f"< {MEMORY_LIMIT_MB} MB",
            judged(smoke, peak / 2**20 < MEMORY_LIMIT_MB),
        ),
    ]
    if failures:
        print("load: failed steps:\n" + "\n".join(failures), file=sys.stderr)
        out.append(Figure("load: failed steps", f"{len(failures)} (first: {failures[0]})", "0", judged(smoke, all_ok)))
    return out
