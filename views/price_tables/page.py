"""Price tables: edit, check, keep, import, export and share the tables every figure comes from."""

from views.price_tables.layout import render

render()
