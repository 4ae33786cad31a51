"""Plotly figures, one module per view; common layout in `common`."""
