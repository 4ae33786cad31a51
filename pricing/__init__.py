"""Pricing core of the treatment cost-comparison dashboard: pure functions, no Streamlit, no I/O in formulas.

Wings: `patient/` (a course, its range, packages, memberships, maintenance, paying over time), `clinic/` (a
device, its financing, the projection, tax, menus), `tables/` (schema, validation, loading). Shared by both
wings at this root: `currency` (conversion) and `finance` (the annuity). `cli/` is `python -m pricing`.
See docs/architecture.md.
"""
