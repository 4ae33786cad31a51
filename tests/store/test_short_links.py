"""Short links: a view's page and query kept under a short URL-safe id, one id per state, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Database, InvalidRequestError, NotFoundError, ShortLinkStore, StoreReadOnlyError
from store.short_links import MAX_QUERY_LENGTH, ShortLink, valid_link_id

QUERY = "region=UK&indication=Acne+scars&options=Fractional+CO2+laser&options=RF+microneedling&extras=40"


@pytest.fixture
def links(database: Database) -> ShortLinkStore:
    return ShortLinkStore(database)


def test_save_and_load_round_trip(links: ShortLinkStore) -> None:
    link_id = links.save("regions", QUERY)
    assert valid_link_id(link_id) and len(link_id) == 8
    assert all(c.isalnum() or c in "-_" for c in link_id)
    assert links.load(link_id) == ShortLink(link_id, "regions", QUERY)


def test_same_state_reuses_its_id_and_another_state_gets_another(links: ShortLinkStore) -> None:
    first = links.save("regions", QUERY)
    assert links.save("/regions", "?" + QUERY) == first  # the same page and query, written another way
    assert links.save("clinic", QUERY) != first  # the same query on another page
    assert links.save("regions", QUERY + "&currency=EUR") != first
    assert links.save("", "") != first  # the default page with nothing chosen is a state too


def test_ids_are_random(links: ShortLinkStore) -> None:
    ids = {links.save("regions", f"extras={n}") for n in range(40)}
    assert len(ids) == 40


def test_unknown_or_malformed_id_is_not_found(links: ShortLinkStore) -> None:
    links.save("regions", QUERY)
    with pytest.raises(NotFoundError, match="no short link 'abcdef12'"):
        links.load("abcdef12")
    for shaped_wrong in ("", "abc", "abcdefghijk", "abc/../x", "abc def", "' OR 1=1 --"):
        with pytest.raises(NotFoundError, match="no short link"):
            links.load(shaped_wrong)


def test_query_length_is_capped(links: ShortLinkStore) -> None:
    longest = "x=" + "a" * (MAX_QUERY_LENGTH - 2)
    assert links.load(links.save("clinic", longest)).query == longest
    with pytest.raises(InvalidRequestError, match="too long"):
        links.save("clinic", longest + "a")
    with pytest.raises(InvalidRequestError):
        links.save("p" * 65, "a=1")


def test_unicode_query_is_kept(links: ShortLinkStore) -> None:
    query = "your_price=12&note=Cl%C3%ADnica+%E2%80%94+S%C3%A3o+Paulo&name=Zoë ✓"
    assert links.load(links.save("regions", query)).query == query


def test_read_only_store_refuses_new_links_but_reads_kept_ones(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    writable = ShortLinkStore(f"sqlite:///{path}")
    kept = writable.save("regions", QUERY)
    writable.db.dispose()
    read_only = ShortLinkStore(Database(f"sqlite:///file:{path}?mode=ro&uri=true", busy_timeout_ms=100))
    assert read_only.load(kept).query == QUERY
    assert read_only.save("regions", QUERY) == kept  # already kept: nothing to write
    with pytest.raises(StoreReadOnlyError):
        read_only.save("regions", QUERY + "&extras=1")
    read_only.db.dispose()


def test_write_guard_refuses_new_links(links: ShortLinkStore) -> None:
    links.db.write_guard = lambda: "This copy of the dashboard is read-only."
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        links.save("regions", QUERY)
