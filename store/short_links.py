"""Short links: a view's state (its page and query string) kept under a short id, so ``/regions?s=Xk3_9a`` opens
the view a long link would.

Ids are 8 URL-safe characters from :mod:`secrets` (48 random bits); the same page and query saved twice get the
same id. A query is at most ``MAX_QUERY_LENGTH`` characters. The table is created with the store's other tables
(store/db_tables.py), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exc, insert, select

from store.db_tables import short_links as sl
from store.engine import Database
from store.errors import InvalidRequestError, NotFoundError

MAX_QUERY_LENGTH = 16_000  # characters of query string; a configured Clinic planner link is a few thousand
MAX_PAGE_LENGTH = 64
ID_BYTES = 6  # 6 random bytes -> 8 URL-safe base64 characters
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{6,8}")
_TRIES = 5  # new ids tried when one is taken (1 in 2**48 each)


@dataclass(frozen=True)
class ShortLink:
    """What a short id stands for: the page's url_path ('' for the default page) and its query string."""

    link_id: str
    page: str
    query: str


def _state_key(page: str, query: str) -> str:
    return hashlib.sha256(f"{page}\n{query}".encode()).hexdigest()


def new_link_id() -> str:
    """A fresh id: 8 characters of A-Z, a-z, 0-9, '-' and '_'."""
    return secrets.token_urlsafe(ID_BYTES)


def valid_link_id(text: str) -> bool:
    """Whether ``text`` has the shape of an id (6-8 URL-safe characters); says nothing of whether it is kept."""
    return bool(ID_PATTERN.fullmatch(text))


class ShortLinkStore:
    """Save a view's state under a short id, and read it back."""

    def __init__(self, database: Database | str | None = None) -> None:
        self.db = database if isinstance(database, Database) else Database(database)

    def save(self, page: str, query: str) -> str:
        """The id of ``page`` with ``query`` (a query string without '?'): the one it already has, else a new one.

        InvalidRequestError when the query is longer than MAX_QUERY_LENGTH characters or the page name longer than
        MAX_PAGE_LENGTH; a StoreFault when the store cannot be written (read-only, locked, full)."""
        page, query = str(page).strip("/"), str(query).lstrip("?")
        if len(query) > MAX_QUERY_LENGTH:
            raise InvalidRequestError(
                f"This view's settings are too long to keep under a short link ({len(query):,} characters; at most "
                f"{MAX_QUERY_LENGTH:,})."
            )
        if len(page) > MAX_PAGE_LENGTH or "\x00" in page + query:
            raise InvalidRequestError("This page cannot be kept under a short link.")
        key = _state_key(page, query)
        with self.db.reading() as conn:
            kept = conn.execute(select(sl.c.link_id).where(sl.c.state_key == key)).scalar_one_or_none()
        if kept is not None:
            return str(kept)
        for _ in range(_TRIES):
            link_id = new_link_id()
            try:
                with self.db.writing() as conn:
                    values = {"link_id": link_id, "page": page, "query": query, "state_key": key}
                    conn.execute(insert(sl).values(**values, created_at=datetime.now(UTC)))
                return link_id
            except exc.IntegrityError:
                with self.db.reading() as conn:  # saved by someone else meanwhile, or the id was taken
                    kept = conn.execute(select(sl.c.link_id).where(sl.c.state_key == key)).scalar_one_or_none()
                if kept is not None:
                    return str(kept)
        raise InvalidRequestError("No free short id was found; try again.")

    def load(self, link_id: str) -> ShortLink:
        """The page and query kept under ``link_id``; NotFoundError when there is none."""
        link_id = str(link_id).strip()
        if not valid_link_id(link_id):
            raise NotFoundError("There is no short link with this id.")
        with self.db.reading() as conn:
            row = conn.execute(select(sl).where(sl.c.link_id == link_id)).one_or_none()
        if row is None:
            raise NotFoundError(f"There is no short link {link_id!r}.")
        return ShortLink(str(row.link_id), str(row.page), str(row.query))
