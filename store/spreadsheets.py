"""Spreadsheets as people write them: friendly column headers, and options, regions and indications by name.

An owner's own sheet says "Region", "Option", "Typical", "Price (GBP)" and "RF microneedling" where the table
says region_id, option_id, price_typical and rf_mn. Headers are matched ignoring case, spaces, underscores,
hyphens and a trailing bracket ("Typical (GBP)"), first to the column names (the labels the editor shows), then
to the friendly labels below. A reference cell (region, option, indication, currency) is matched by id or by
name, ignoring case and spaces, against the tables in force.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd

from store.schema_columns import TABLE_COLUMNS

# Friendly labels per column, in the order they are tried; a label already taken by a column name is skipped.
COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    "region_id": ("region", "region code", "country"),
    "option_id": ("option", "treatment", "treatment option"),
    "indication_id": ("indication", "concern"),
    "device_id": ("device",),
    "price_low": ("low", "low price", "lowest", "lowest price", "price from", "min"),
    "price_typical": ("typical", "typical price", "price", "price per session", "session price"),
    "price_high": ("high", "high price", "highest", "highest price", "price to", "max"),
    "package_sessions": ("sessions", "sessions in package", "package size", "sessions in the package"),
    "package_price": ("package price", "price", "bundle price"),
    "package_expiry_months": ("expiry", "expiry months", "valid for months", "months to use"),
    "currency": ("currency code", "ccy"),
    "units_per_usd": ("rate", "units per usd", "per usd", "rate per usd"),
    "as_of": ("date", "as of", "rate date"),
    "sessions_min": ("min sessions", "fewest sessions"),
    "sessions_typical": ("typical sessions",),
    "sessions_max": ("max sessions", "most sessions"),
    "interval_weeks": ("interval", "weeks between sessions"),
    "estimate": ("estimate?", "estimated"),
    "note": ("notes", "comment", "comments"),
    "source": ("sources",),
}

# Reference columns: the table and column their values come from, and the column holding the names.
REFERENCES: dict[str, tuple[str, str, str]] = {
    "region_id": ("regions", "region_id", "name"),
    "option_id": ("options", "option_id", "name"),
    "indication_id": ("indications", "indication_id", "name"),
}
_BRACKET = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")


def normal_header(name: Any) -> str:
    """A header as it is compared: 'Typical (GBP)' -> 'typical', ' Region ID ' -> 'region_id'.

    >>> normal_header("Typical (GBP)"), normal_header("\\ufeffRegion ID"), normal_header("price-low")
    ('typical', 'region_id', 'price_low')
    """
    text = str(name or "").replace("\ufeff", "").strip()
    text = _BRACKET.sub("", text) or text
    return re.sub(r"[\s_\-]+", "_", text.lower()).strip("_")


def header_names(table: str) -> dict[str, str]:
    """Normal header -> column of ``table``: the column names first, then each column's friendly labels."""
    names = {normal_header(name): name for name, _ in TABLE_COLUMNS[table]}
    for name, _ in TABLE_COLUMNS[table]:
        for label in COLUMN_LABELS.get(name, ()):
            names.setdefault(normal_header(label), name)
    return names


def _normal_value(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def reference_lookup(table: str, column: str, tables: Mapping[str, pd.DataFrame]) -> dict[str, str] | None:
    """Normal id or name -> id for a reference ``column`` of ``table``; None when it refers to no table here (its
    own key, or the referenced table is not given)."""
    if column not in REFERENCES:
        return None
    source, id_column, name_column = REFERENCES[column]
    frame = tables.get(source)
    if source == table or frame is None or id_column not in frame.columns:
        return None
    lookup: dict[str, str] = {}
    names = frame[name_column] if name_column in frame.columns else frame[id_column]
    for identifier, name in zip(frame[id_column], names, strict=True):
        lookup.setdefault(_normal_value(str(name)), str(identifier))
    for identifier in frame[id_column]:
        lookup[_normal_value(str(identifier))] = str(identifier)  # an id wins over a name spelled like it
    return lookup


def resolve_reference(value: str, lookup: Mapping[str, str]) -> str | None:
    """The id ``value`` names (by id or name, any case), '' for an empty cell, None when it names nothing."""
    if not value.strip():
        return ""
    return lookup.get(_normal_value(value))


def currency_code(value: str) -> str:
    """A three-letter currency code in capitals ('gbp' -> 'GBP'); other text as it is."""
    text = value.strip()
    return text.upper() if _CURRENCY_CODE.fullmatch(text) else value
