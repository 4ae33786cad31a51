"""Short links: "Copy short link" keeps the view's state in the store under a short id (``/regions?s=Xk3_9a``), and a
link with ``?s=<id>`` opens that view again.

The state is the page's query string: every view mirrors its choices in the URL (ui/choices.py), so the long link
and the short one open the same view. `restore_short_link` runs once per link, in app.py before the page: it puts
the kept query parameters where Streamlit's bound widgets read them and drops ``s``. When the store cannot keep a
new link (a read-only copy, a visitor not signed in where sign-in is required, a store fault) the control shows the
long link instead and says why.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from store import NotFoundError, ShortLinkStore, StoreError
from ui.data import table_store
from ui.user_text import markdown_text

SHORT_KEY = "s"  # the query parameter of a short link's id
FALLBACK_BASE_URL = "http://localhost:8501/"  # when the browser's URL is unknown (tests)
NOT_FOUND_TEXT = "This short link was not found"
# Compare treatments is kept as '' (the default page, served at '/'); app.py also names it 'start' and serves it at
# /compare.
COMPARE_PATHS = frozenset({"", "start", "compare"})


def short_links() -> ShortLinkStore:
    """The short links, in the same store (and under the same write guard) as the price tables."""
    return ShortLinkStore(table_store().db)


def current_query() -> str:
    """The view's query string as the address bar shows it, without ``s`` ('region=UK&options=a&options=b')."""
    params = st.query_params
    return urlencode([(key, value) for key in params if key != SHORT_KEY for value in params.get_all(key)])


def page_url(page_path: str) -> str:
    """This page's URL without its query ('http://host:8501/regions')."""
    url = st.context.url
    url = str(url).rstrip("/") if url else f"{FALLBACK_BASE_URL}{page_path}".rstrip("/")
    return url if urlsplit(url).path else f"{url}/"  # the root page as 'http://host:8501/'


def _opened_page() -> str | None:
    """The url_path of the page the browser asked for ('' for the default page at '/'), None when the URL is unknown
    (AppTest)."""
    url = st.context.url
    if not url:
        return None
    path = urlsplit(str(url)).path.strip("/")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")  # an app served under /<base>/
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base) :].strip("/")
    return "" if path in COMPARE_PATHS else path


def link_for(page_path: str) -> tuple[str, str | None]:
    """The short link of this view (``<page URL>?s=<id>``) and None, or the long link and why it is not short."""
    query, url = current_query(), page_url(page_path)
    try:
        link_id = short_links().save(page_path, query)
    except StoreError as exc:
        long_link = f"{url}?{query}" if query else url
        return long_link, f"A short link cannot be saved here: {exc} This is the full link instead."
    return f"{url}?{SHORT_KEY}={link_id}", None


def restore_short_link() -> None:
    """Open the view a ``?s=<id>`` link keeps: its query parameters replace ``s`` before any widget reads the URL.

    Call it in app.py before ``st.navigation``. An unknown id, a store that cannot be read, or an id kept for
    another page (a link whose page was edited) is said in one sentence and the page opens on its defaults.
    """
    link_id = st.query_params.get(SHORT_KEY)
    if link_id is None:
        return
    with get_session_state().query_params() as params:
        params.remove_param(SHORT_KEY)
        initial: dict[str, list[str]] = getattr(params, "_initial_query_params", {})
        initial.pop(SHORT_KEY, None)
    try:
        kept = short_links().load(str(link_id))
    except NotFoundError:
        st.warning(
            f"{NOT_FOUND_TEXT}: no view is kept under the id {markdown_text(repr(str(link_id)[:40]))} on this copy of "
            "the dashboard, so the page opens on its defaults.",
            icon=":material/link_off:",
        )
        return
    except StoreError as exc:
        st.warning(
            f"{NOT_FOUND_TEXT} in the store ({markdown_text(exc)}), so the page opens on its defaults.",
            icon=":material/link_off:",
        )
        return
    opened_at = _opened_page()
    kept_page = "" if kept.page in COMPARE_PATHS else kept.page
    if opened_at is not None and opened_at != kept_page:  # a link whose page part was edited
        st.warning(
            f"This short link keeps a view of another page, so this page opens on its defaults: "
            f"[open the view it keeps]({quote(kept_page) or '.'}?{SHORT_KEY}={quote(kept.link_id)}).",
            icon=":material/link_off:",
        )
        return
    values = parse_qs(kept.query, keep_blank_values=True)
    with get_session_state().query_params() as params:
        unbound = {key: v for key, v in values.items() if key != SHORT_KEY and not params.is_bound(key)}
        params.update(unbound)
        initial = getattr(params, "_initial_query_params", {})
        initial.update(unbound)


@st.fragment
def _short_link_fragment(page_path: str) -> None:
    if st.button(
        "Copy short link",
        key=f"short_link_{page_path or 'start'}",
        icon=":material/link:",
        help="Keeps this view's choices under a short id and shows a link to them; the copy button is at its right.",
    ):
        link, why_long = link_for(page_path)
        st.code(link, language=None, wrap_lines=True)
        if why_long:
            st.caption(markdown_text(why_long))


def short_link_control(page_path: str, container: Any = None) -> None:
    """The "Copy short link" button of the page at ``page_path`` (its url_path in app.py, '' for Compare), in the
    sidebar unless ``container`` is given; a click shows the link in a copyable box."""
    with container if container is not None else st.sidebar:
        _short_link_fragment(page_path)
