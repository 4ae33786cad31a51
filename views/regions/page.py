"""Regions: one option in every region, in one currency: where a course is cheaper, where a price sits."""

from views.regions.layout import render

render()
