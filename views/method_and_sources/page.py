"""Method and sources: how every figure is computed, and where the default data comes from."""

from views.method_and_sources.layout import render

render()
