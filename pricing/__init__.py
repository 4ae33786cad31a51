"""Pricing core of the treatment cost-comparison dashboard: pure functions, no Streamlit, no I/O in formulas.

Modules: schema and tables (data and validation), currency, packages (cheapest plan), course (a patient's
course), uncertainty (Monte Carlo, sensitivity), device (clinic economics), compare (courses side by side),
menu (suggested prices), cli (python -m pricing).
"""
