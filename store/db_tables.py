"""SQLAlchemy Core definitions of the store's own database tables."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
"""A row of one of these tables as `select(table)` returns it (its columns are not typed)."""

table_versions = Table(
    "costdash_table_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(64), nullable=False),
    Column("version_no", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("note", Text, nullable=False),
    Column("action", String(16), nullable=False),  # defaults / save / restore / reset
    Column("source_version", Integer, nullable=True),  # the version a restore copied
    Column("row_count", Integer, nullable=False),
    Column("rows_added", Integer, nullable=False),
    Column("rows_changed", Integer, nullable=False),
    Column("rows_removed", Integer, nullable=False),
    Column("content", Text, nullable=False),
    UniqueConstraint("table_name", "version_no", name="uq_costdash_table_version"),
)

scenarios = Table(
    "costdash_scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False, unique=True),  # case-folded name
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

short_links = Table(
    "costdash_short_links",
    metadata,
    Column("link_id", String(16), primary_key=True),  # 6-8 URL-safe characters from `secrets`
    Column("page", String(64), nullable=False),  # the page's url_path in app.py ("" for the default page)
    Column("query", Text, nullable=False),  # the view's query string, at most store.short_links.MAX_QUERY_LENGTH
    Column("state_key", String(64), nullable=False, unique=True),  # sha256 of page and query: one id per state
    Column("created_at", DateTime(timezone=True), nullable=False),
)
