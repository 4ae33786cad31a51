"""The "Compare treatments" page: the whole course per option in one region, ranked, with ranges and downtime."""
