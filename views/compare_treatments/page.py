"""Compare treatments: the whole course per option in one region, ranked, with ranges and downtime."""

from views.compare_treatments.layout import render

render()
