"""Named scenarios: a saved set of the dashboard's choices (JSON values), kept in the store."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, exc, insert, select, update

from store.db_tables import AnyRow
from store.db_tables import scenarios as sc
from store.engine import Database
from store.errors import DuplicateNameError, InvalidRequestError, NotFoundError, NotOwnerError

MAX_NAME_LENGTH = 200
# The owner (the signed-in user who saved a scenario) is kept in the scenario's content under this key, so stores
# made before owners existed need no new column; a scenario without an owner may be changed by anyone.
OWNER_KEY = "_owner"
# Invisible characters that change what is shown (bidirectional overrides and isolates) or that a database may
# refuse (NUL in PostgreSQL text): a name is typed by a person and shown to others.
_HIDDEN = re.compile(r"[\u202a-\u202e\u2066-\u2069\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario's name and when it was created and last saved (UTC)."""

    name: str
    created_at: datetime
    updated_at: datetime


def _without_format_characters(text: str) -> str:
    """``text`` without Unicode format characters (category Cf: zero-width space and joiners, direction marks,
    soft hyphen, byte-order mark, word joiner), which show nothing but make two equal-looking names differ."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _clean_name(name: str) -> str:
    """The name as kept and shown: spaces collapsed, format characters left out, NFC (composed accents).

    Bidirectional overrides and control characters are refused (they change what others are shown); a name
    with nothing visible left is refused."""
    collapsed = " ".join(str(name).split())
    if hidden := _HIDDEN.search(collapsed):
        code = f"U+{ord(hidden.group()):04X}"
        raise InvalidRequestError(f"A scenario name cannot contain the invisible character {code}.")
    cleaned = " ".join(unicodedata.normalize("NFC", _without_format_characters(collapsed)).split())
    if not cleaned:
        raise InvalidRequestError(
            "A scenario needs a name"
            + (" that shows something: this one is only invisible characters." if collapsed else ".")
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidRequestError(f"A scenario name can have at most {MAX_NAME_LENGTH} characters.")
    return cleaned


def _name_key(name: str) -> str:
    """What makes two names the same scenario: NFKC (full-width and other compatibility forms as plain letters),
    ignoring case, after `_clean_name` (issue 19 item 6: lookalike names)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", _clean_name(name)).casefold())


def _legacy_name_key(name: str) -> str:
    """The key stores saved before `_name_key` normalised (case-folded, spaces collapsed), so older scenarios are
    still found by their name."""
    return " ".join(str(name).split()).casefold()


def _to_json(choices: Mapping[str, Any]) -> str:
    if not isinstance(choices, Mapping):
        raise InvalidRequestError("A scenario's choices must be a dictionary.")
    try:
        return json.dumps(dict(choices), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidRequestError(
            "A scenario can only hold text, numbers, true/false, lists and dictionaries.", detail=str(error)
        ) from None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _info(row: AnyRow) -> ScenarioInfo:
    return ScenarioInfo(row.name, _utc(row.created_at), _utc(row.updated_at))


def _owner_of(row: AnyRow) -> str | None:
    content = json.loads(row.content)
    owner = content.get(OWNER_KEY) if isinstance(content, dict) else None
    return str(owner) if owner else None


def _check_owner(row: AnyRow, owner: str | None, action: str) -> None:
    """Only the owner may change an owned scenario; one without an owner is open to everyone."""
    kept = _owner_of(row)
    if kept is not None and kept != owner:
        raise NotOwnerError(f"Only {kept} can {action} the scenario {row.name!r}: it is theirs.")


class ScenarioStore:
    """Save, load, list, rename and delete scenarios; names are unique ignoring case and extra spaces."""

    def __init__(self, database: Database | str | None = None) -> None:
        self.db = database if isinstance(database, Database) else Database(database)

    def save(
        self, name: str, choices: Mapping[str, Any], *, overwrite: bool = False, owner: str | None = None
    ) -> ScenarioInfo:
        """Save ``choices`` under ``name``; DuplicateNameError if it exists and ``overwrite`` is false,
        NotOwnerError if it belongs to another ``owner`` (the signed-in user; None when nobody signs in)."""
        kept = {k: v for k, v in dict(choices).items() if k != OWNER_KEY} if isinstance(choices, Mapping) else choices
        if owner and isinstance(kept, dict):
            kept[OWNER_KEY] = owner
        name, content, now = _clean_name(name), _to_json(kept), datetime.now(UTC)
        try:
            with self.db.writing() as conn:
                existing = self._find(conn, name)
                if existing is not None:
                    _check_owner(existing, owner, "replace")
                if existing is None:
                    values = {"name": name, "name_key": _name_key(name), "created_at": now}
                    conn.execute(insert(sc).values(**values, content=content, updated_at=now))
                    return ScenarioInfo(name, now, now)
                if not overwrite:
                    raise DuplicateNameError(f"A scenario called {existing.name!r} already exists.")
                changes = {"name": name, "name_key": _name_key(name), "content": content, "updated_at": now}
                conn.execute(update(sc).where(sc.c.id == existing.id).values(changes))
                return ScenarioInfo(name, _utc(existing.created_at), now)
        except exc.IntegrityError:
            raise DuplicateNameError(f"A scenario called {name!r} already exists.") from None

    def load(self, name: str) -> dict[str, Any]:
        """The choices saved under ``name``."""
        with self.db.reading() as conn:
            row = self._get(conn, name)
        choices: dict[str, Any] = json.loads(row.content)  # saved from a mapping by `save`
        choices.pop(OWNER_KEY, None)
        return choices

    def owner(self, name: str) -> str | None:
        """Who saved scenario ``name`` while signed in (None when nobody was)."""
        with self.db.reading() as conn:
            return _owner_of(self._get(conn, name))

    def list_scenarios(self) -> list[ScenarioInfo]:
        """All scenarios, sorted by name ignoring case."""
        with self.db.reading() as conn:
            rows = conn.execute(select(sc).order_by(sc.c.name_key)).all()
        return [_info(row) for row in rows]

    def rename(self, old_name: str, new_name: str, *, owner: str | None = None) -> ScenarioInfo:
        """Give scenario ``old_name`` the name ``new_name`` (NotOwnerError if another user owns it)."""
        new_name = _clean_name(new_name)
        try:
            with self.db.writing() as conn:
                row = self._get(conn, old_name)
                _check_owner(row, owner, "rename")
                other = self._find(conn, new_name)
                if other is not None and other.id != row.id:
                    raise DuplicateNameError(f"A scenario called {other.name!r} already exists.")
                changes = {"name": new_name, "name_key": _name_key(new_name)}
                conn.execute(update(sc).where(sc.c.id == row.id).values(changes))
        except exc.IntegrityError:
            raise DuplicateNameError(f"A scenario called {new_name!r} already exists.") from None
        return ScenarioInfo(new_name, _utc(row.created_at), _utc(row.updated_at))

    def delete(self, name: str, *, owner: str | None = None) -> None:
        """Delete scenario ``name``; NotFoundError if there is none, NotOwnerError if another user owns it."""
        with self.db.writing() as conn:
            row = self._find(conn, name)
            if row is None:
                raise NotFoundError(f"There is no scenario called {_clean_name(name)!r}.")
            _check_owner(row, owner, "delete")
            conn.execute(delete(sc).where(sc.c.id == row.id))

    @staticmethod
    def _find(conn: Connection, name: str) -> AnyRow | None:
        keys = {_name_key(name), _legacy_name_key(name)}
        rows = conn.execute(select(sc).where(sc.c.name_key.in_(keys))).all()
        return next((row for row in rows if row.name_key == _name_key(name)), rows[0] if rows else None)

    def _get(self, conn: Connection, name: str) -> AnyRow:
        row = self._find(conn, name)
        if row is None:
            raise NotFoundError(f"There is no scenario called {_clean_name(name)!r}.")
        return row
