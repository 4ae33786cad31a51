"""The dashboard's shell helpers: data access, shared choices, formatting, charts and exports.

Nothing here computes money: figures come from `pricing`; these modules only fetch, format and draw.
"""
