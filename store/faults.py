"""Translation of database driver errors into one-sentence :class:`StoreFault` errors."""

from __future__ import annotations

from store.errors import (
    StoreCorruptError,
    StoreFault,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

# (words in the driver message, SQLSTATE codes, error class, message template)
_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], type[StoreFault], str], ...] = (
    (
        ("database is locked", "database table is locked", "busy"),
        ("55P03", "40P01", "57014"),
        StoreLockedError,
        "The data store {where} is busy with someone else's change; try again in a moment.",
    ),
    (
        ("readonly", "read-only"),
        ("25006", "42501"),
        StoreReadOnlyError,
        "The data store {where} is read-only, so changes cannot be saved.",
    ),
    (
        ("database or disk is full", "no space left", "disk full", "could not extend file"),
        ("53100",),
        StoreFullError,
        "The data store {where} is full, so the change was not saved; free some disk space and try again.",
    ),
    (
        ("not a database", "malformed", "file is encrypted"),
        ("XX001", "XX002"),
        StoreCorruptError,
        "The data store {where} is damaged or is not a SQLite database; move it aside to start a fresh one.",
    ),
    (
        ("unable to open", "disk i/o error", "connection", "could not connect", "no such file"),
        ("08000", "08001", "08003", "08004", "08006", "3D000", "28000", "28P01"),
        StoreUnavailableError,
        "The data store {where} cannot be opened.",
    ),
)


def first_line(exc: BaseException) -> str:
    """The driver's own message, first line only."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def fault_for(exc: BaseException, where: str) -> StoreFault:
    """The :class:`StoreFault` that describes a driver error ``exc`` on the store at ``where``."""
    orig = getattr(exc, "orig", None) or exc
    text = first_line(exc)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    for words, codes, error_class, template in _RULES:
        if sqlstate in codes or any(word in text.lower() for word in words):
            return error_class(template.format(where=where), detail=text)
    return StoreUnavailableError(f"The data store {where} could not complete the request ({text}).", detail=text)
