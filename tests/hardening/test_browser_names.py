"""In Chromium: hostile names in every name column make no request leave the app's own address, and a typed
/compare?... link opens the Compare page (issue 19, items 1 and 9).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from browser.conftest import _free_port, _healthy, _stop, app_command, browser, wait_for_app  # noqa: F401  (fixture by name)

from hardening.hostile import ROOT
from hardening.test_names_and_links import LINK_NAME, _save_hostile_names

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def named_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, every region, option, device and indication name hostile."""
    folder = tmp_path_factory.mktemp("named-server")
    _save_hostile_names(folder)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COSTDASH_DATA_DIR": str(folder)}
    env.pop("COSTDASH_DATABASE_URL", None)
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen(
            app_command(port),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base_url):
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(server)


def _requests_while_showing(chromium: object, url: str) -> tuple[list[str], str, object]:
    """Every request the page makes while it loads and settles; the page's text; the page (still open)."""
    page = chromium.new_page(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(60_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(1_500)
    return requests, page.inner_text("body"), page


def _outside(requests: list[str], base_url: str) -> list[str]:
    own = urlsplit(base_url).netloc
    return [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own]


@pytest.mark.parametrize("path", ["/real-world?rw_loaded_source=My+own+figures", "/compare?b_ext=true&b_pay=true"])
def test_no_request_leaves_the_app_with_hostile_names(named_server: str, browser: object, path: str) -> None:  # noqa: F811
    """Before the fix: the room-minutes labels fetched ![t](http://127.0.0.1:9/n.png) on Real-world payback."""
    requests, text, page = _requests_while_showing(browser, named_server + path)
    try:
        assert "127.0.0.1:9" in text, "the hostile names are not on the page"
        assert not _outside(requests, named_server), _outside(requests, named_server)[:5]
        links = page.evaluate(
            """() => Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href') || '')
                .filter(h => h.includes('127.0.0.1:9') || h.includes('example.com'))"""
        )
        assert not links, links
        assert page.get_by_test_id("stException").count() == 0
    finally:
        page.close()


def test_a_typed_compare_link_opens_the_compare_page(named_server: str, browser: object) -> None:  # noqa: F811
    """Before the fix: /compare?... said "Page not found" (the default page answered only at /)."""
    requests, text, page = _requests_while_showing(browser, named_server + "/compare?region=DE&b_ext=true")
    try:
        assert "Page not found" not in text and "page not found" not in text.lower()
        assert "region=DE" in page.url and "/compare" in page.url, page.url
        assert page.get_by_role("heading", name="Compare treatments").count() or "Compare" in text
        assert page.get_by_test_id("stException").count() == 0
    finally:
        page.close()
    assert LINK_NAME  # the same store as the test above
