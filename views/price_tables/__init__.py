"""The "Price tables" page: edit, check, keep, import, export and share the tables every figure comes from."""
