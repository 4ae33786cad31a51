"""Shared fixtures of the store tests: small shipped-default CSVs and a store per backend.

The store fixtures run on SQLite and, when ``COSTDASH_TEST_PG_URL`` is set,
also on PostgreSQL (each test in its own schema, dropped afterwards).
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store import Database, ScenarioStore, TableStore
from store.schema_columns import TABLE_COLUMNS, column_names

PG_URL = os.environ.get("COSTDASH_TEST_PG_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason="COSTDASH_TEST_PG_URL is not set")),
]
PROVENANCE = {
    "source": "https://example.org/a ; https://example.org/b",
    "year": "2025",
    "quality": "[clinic]",
    "estimate": "no",
    "note": "",
}

DEFAULT_ROWS: dict[str, list[dict[str, object]]] = {
    "prices": [
        {
            "region_id": "US",
            "option_id": "co2",
            "price_low": 1500,
            "price_typical": 2500,
            "price_high": 4000,
            "currency": "USD",
            "unit": "per session, full face",
        },
        {
            "region_id": "US",
            "option_id": "mn_pen",
            "price_low": 200,
            "price_typical": 350,
            "price_high": 700,
            "currency": "USD",
            "unit": "per session, full face",
        },
        {
            "region_id": "DE",
            "option_id": "co2",
            "price_low": 800.5,
            "price_typical": 1200,
            "price_high": 2000,
            "currency": "EUR",
            "unit": "per session, full face",
        },
    ],
    "fx": [
        {"currency": "USD", "units_per_usd": 1, "as_of": "2025-06-30"},
        {"currency": "EUR", "units_per_usd": 0.925, "as_of": "2025-06-30"},
    ],
    "safety": [
        {"option_id": "all", "topic": "skin_type", "text": "Darker skin: higher risk of pigment change."},
        {"option_id": "co2", "topic": "side_effect", "text": "Redness for 1-3 weeks, sometimes longer."},
    ],
}


def _generic_row(table: str) -> dict[str, object]:
    samples = {"text": "x", "number": 1.5, "integer": 2, "date": "2025-01-01", "yesno": "no"}
    return {name: samples[kind] for name, kind in TABLE_COLUMNS[table]}


def write_csv(path: Path, table: str, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=column_names(table))
        writer.writeheader()
        writer.writerows({**PROVENANCE, **row} for row in rows)


@pytest.fixture
def defaults_dir(tmp_path: Path) -> Path:
    """A folder of shipped-default CSVs for all nine tables."""
    folder = tmp_path / "defaults"
    folder.mkdir()
    for table in TABLE_COLUMNS:
        rows = DEFAULT_ROWS.get(table) or [{**_generic_row(table), **PROVENANCE}]
        write_csv(folder / f"{table}.csv", table, rows)
    return folder


@pytest.fixture(scope="session")
def pg_admin():
    """An engine on the test PostgreSQL database (session-wide)."""
    engine = create_engine(PG_URL)
    yield engine
    engine.dispose()


def _pg_schema_url(request: pytest.FixtureRequest) -> Iterator[str]:
    admin = request.getfixturevalue("pg_admin")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))  # generated name, not user text
    yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'store.sqlite'}"
    else:
        yield from _pg_schema_url(request)


@pytest.fixture
def database(store_url: str) -> Iterator[Database]:
    db = Database(store_url, busy_timeout_ms=300)
    yield db
    db.dispose()


@pytest.fixture
def store(database: Database, defaults_dir: Path) -> TableStore:
    return TableStore(database, defaults_dir=defaults_dir, author="alice")


@pytest.fixture
def scenarios(database: Database) -> ScenarioStore:
    return ScenarioStore(database)
