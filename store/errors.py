"""Exceptions raised by the store; each message is one plain sentence.

``StoreFault`` and its subclasses mean the store itself cannot be used right now
(the app keeps working on the last good tables). The other ``StoreError``
subclasses are answers to a particular request (a conflict, a missing name).
"""

from __future__ import annotations

from datetime import datetime


class StoreError(Exception):
    """Base class of every error the store raises; ``str()`` is a one-sentence message."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # the driver's own first line, for logs only

    def __str__(self) -> str:
        return self.message


class StoreFault(StoreError):
    """The store cannot be read or written at the moment."""


class StoreLockedError(StoreFault):
    """Another connection holds the lock for longer than the busy timeout."""


class StoreReadOnlyError(StoreFault):
    """The store can be read but not written."""


class StoreFullError(StoreFault):
    """The disk (or the database's size limit) is full: the store can be read but a save does not fit."""


class StoreUnavailableError(StoreFault):
    """The store cannot be opened: missing folder, unreadable file, unreachable server."""


class StoreSettingError(StoreUnavailableError):
    """A deployment setting (COSTDASH_DATABASE_URL, COSTDASH_DATA_DIR) cannot be used: the message names the setting
    and what is wrong with it, never a password. Any caller (the app, ``python -m store``) prints it as it is."""


class StoreCorruptError(StoreFault):
    """The store file is not a usable SQLite database (or is empty, or fails SQLite's quick_check)."""


class DefaultsMissingError(StoreError):
    """A table has no version and its shipped CSV cannot be read."""


class ConflictError(StoreError):
    """Someone saved a newer version since the editor loaded its copy."""

    def __init__(self, table: str, version_no: int, author: str, saved_at: datetime, base_version: int | None) -> None:
        when = saved_at.strftime("%Y-%m-%d %H:%M UTC")
        who = author or "someone"
        super().__init__(
            f"{who} saved version {version_no} of {table} at {when}, after the version "
            f"{base_version} you started from; reload it or save anyway."
        )
        self.table = table
        self.version_no = version_no
        self.author = author
        self.saved_at = saved_at
        self.base_version = base_version


class NotFoundError(StoreError, LookupError):
    """A requested version or scenario does not exist."""


class DuplicateNameError(StoreError):
    """A scenario with that name already exists."""


class NotOwnerError(StoreError, PermissionError):
    """A signed-in user tried to change a scenario another user owns."""


class InvalidRequestError(StoreError, ValueError):
    """The request itself is unusable (unknown table, empty name, unserialisable value)."""


class ImportRejectedError(ValueError):
    """An uploaded file cannot be imported at all (too large, unreadable, no header)."""
