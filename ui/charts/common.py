"""Layout shared by every figure: readable at laptop and phone width, hover with exact figures, and the table of
its figures one click away (the chart's text alternative)."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.drawn_when_open import lazy_expander, showing
from ui.user_text import markdown_text

PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


TITLE_LINE_CHARS = 48  # a title line fits a 390 px phone screen (about 350 px of plot) at TITLE_FONT_PX
TITLE_FONT_PX = 15
TITLE_LINE_PX = 20  # height of one title line, pixels


_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAGGED_LINE = re.compile(r"^<(\w+)>([^<]*)</\1>$")
SMALL_TEXT_TAGS = {"sup": 1.3, "sub": 1.3}  # more characters fit a line of this smaller text


def wrapped_title(title: str, width: int = TITLE_LINE_CHARS) -> str:
    """`title` broken into lines of at most `width` characters with <br> (Plotly does not wrap titles). Its own lines
    are kept; a line that is one tag (a '<sup>subtitle</sup>') is wrapped inside it, each piece in the tag; a line
    with other markup is kept whole."""
    lines: list[str] = []
    for line in _BREAK_TAG.split(title):
        tagged = _TAGGED_LINE.match(line)
        if tagged:
            chunk = int(width * SMALL_TEXT_TAGS.get(tagged[1].lower(), 1.0))
            pieces = textwrap.wrap(tagged[2], width=chunk, break_long_words=False, break_on_hyphens=False)
            lines += [f"<{tagged[1]}>{piece}</{tagged[1]}>" for piece in pieces] or [line]
        elif "<" in line:
            lines.append(line)
        else:
            lines += textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False) or [line]
    return "<br>".join(lines)


def tidy(fig: go.Figure, title: str, height: int = 420, legend_bottom: bool = True) -> go.Figure:
    """Title (wrapped to fit a phone, the top margin grown with its lines), margins, axes that make room for their
    labels, and a legend under the plot (so a narrow screen keeps the plot width)."""
    text = wrapped_title(title)
    lines = text.count("<br>") + 1
    fig.update_layout(
        title={"text": text, "x": 0, "xanchor": "left", "font": {"size": TITLE_FONT_PX}},
        height=height + TITLE_LINE_PX * (lines - 1),
        margin={"l": 10, "r": 10, "t": 30 + TITLE_LINE_PX * lines, "b": 30},
        hoverlabel={"namelength": -1},
        legend=(
            {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0} if legend_bottom else {}
        ),
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def legend_key(fig: go.Figure, name: str, marker: dict[str, object], kind: str = "bar") -> None:
    """A legend entry with a neutral swatch, for traces whose bars carry the options' own colours."""
    if kind == "bar":
        fig.add_bar(x=[None], y=[None], name=name, marker=marker, showlegend=True, hoverinfo="skip")
    else:
        fig.add_scatter(x=[None], y=[None], name=name, mode="markers", marker=marker, hoverinfo="skip")


# ---- The text alternative: the figures of a chart as a table -------------------------------------------------

FIGURES_LABEL = "Figures in this chart"
_EXTRA = re.compile(r"<extra>.*?</extra>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_FIELD = re.compile(r"%\{([^}:|]+)(?:[:|]([^}]*))?\}")
_HIDDEN_HOVER = {"skip", "none"}


def plain_text(label: object) -> str:
    """A Plotly label as plain text: <br> becomes '; ', other tags are dropped, entities resolved
    ('<b>A &amp; B</b><br>3 USD' -> 'A & B; 3 USD')."""
    text = _BREAK_TAG.sub("; ", _EXTRA.sub("", str(label)))
    return html.unescape(_TAG.sub("", text)).strip(" ;")


def _number_text(value: float) -> str:
    """'1,234' (whole units from 100 up), '7.5', '0.25'."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _marks(number: str, separators: str) -> str:
    """A number written with '.' and ',' in the chart's own marks (layout.separators: decimal, then group)."""
    if len(separators) < 2 or separators[:2] == ".,":
        return number
    return number.translate(str.maketrans(".,", separators[:2]))


def _cell(value: object, separators: str = ".,") -> str:
    """One value of a trace as text for the table ('' for a missing one), numbers in the chart's marks."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _marks(_number_text(float(value)), separators)
    return plain_text(value)


def _points(values: Any) -> list[Any] | None:
    """A trace attribute as a list with one item per point, or None when it is not an array."""
    if values is None or isinstance(values, (str, bytes, dict)):
        return None
    if isinstance(values, (pd.Series, pd.DataFrame)):
        values = values.to_numpy()
    if isinstance(values, np.ndarray):
        return list(values.tolist())  # Python numbers, and rows as lists
    if isinstance(values, Sequence):
        return list(values)
    return None


class _Trace:
    """A trace's arrays read once (reading a Plotly property validates and copies it: once per point is slow)."""

    def __init__(self, trace: Any, separators: str) -> None:
        self.trace = trace
        self.name = str(trace.name or "")
        self.separators = separators
        self._arrays: dict[str, list[Any] | None] = {}

    def points(self, attribute: str) -> list[Any] | None:
        if attribute not in self._arrays:
            has = attribute in self.trace
            self._arrays[attribute] = _points(getattr(self.trace, attribute)) if has else None
        return self._arrays[attribute]

    def get(self, attribute: str) -> Any:
        return getattr(self.trace, attribute) if attribute in self.trace else None


_Part = str | tuple[str, int | None, str | None]  # literal text, or (attribute, index, format) of a field


def _literal(markup: str) -> str:
    """Plotly markup between fields as plain text (tags dropped, <br> as '; ', entities resolved)."""
    return html.unescape(_TAG.sub("", _BREAK_TAG.sub("; ", markup)))


def _compiled(template: str) -> list[_Part]:
    """A hovertemplate split once into literal text and fields ('%{customdata[1]:,.0f}' -> ('customdata', 1,
    ',.0f'); '%{fullData.name}' -> ('name', None, None))."""
    template = _EXTRA.sub("", template)
    parts: list[_Part] = []
    last = 0
    for field in _FIELD.finditer(template):
        parts.append(_literal(template[last : field.start()]))
        name = field[1].strip()
        parsed = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", name)
        if name in ("fullData.name", "data.name"):
            parts.append(("name", None, None))
        elif parsed:
            attribute = {"location": "locations", "label": "labels", "value": "values"}.get(parsed[1], parsed[1])
            parts.append((attribute, int(parsed[2]) if parsed[2] is not None else None, field[2]))
        last = field.end()
    parts.append(_literal(template[last:]))
    return parts


def _value(trace: _Trace, attribute: str, index: int | None, i: int) -> object:
    """The value of a field at point `i`."""
    if attribute == "name":
        return trace.name
    points = trace.points(attribute)
    if points is None or i >= len(points):
        return ""
    value = points[i]
    if index is not None:
        row = _points(value)
        return row[index] if row is not None and index < len(row) else ""
    return value


def _formatted(value: object, spec: str | None, separators: str) -> str:
    """`value` with a d3 number format Python shares (',.0f', '.1%'), else as plain text; numbers in `separators`."""
    if spec and isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        try:
            return _marks(format(float(value), spec), separators)
        except ValueError:
            pass
    return _cell(value, separators)


def _hover_text(trace: _Trace, compiled: list[_Part] | None, i: int) -> str:
    """What the hover box of point `i` says, as plain text ('' without a hovertemplate); `compiled`: the trace's
    one template, compiled (None when it has one per point, or none)."""
    if compiled is None:
        points = trace.points("hovertemplate")
        template = points[i] if points is not None and i < len(points) else ""
        if not template:
            return ""
        compiled = _compiled(str(template))
    marks = trace.separators
    text = "".join(p if isinstance(p, str) else _formatted(_value(trace, *p[:2], i), p[2], marks) for p in compiled)
    return text.strip(" ;")


TABLE_AXIS_NAMES = "table_axis_names"  # the key in layout.meta of name_axes_in_table's names


def name_axes_in_table(fig: go.Figure, **names: str) -> go.Figure:
    """Names for the figure table's columns of axes drawn without a title (the chart's title says it), e.g.
    `name_axes_in_table(fig, y="Cash so far (USD)")`: a screen reader reads that, not 'y'. Kept in layout.meta."""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, TABLE_AXIS_NAMES: {**meta.get(TABLE_AXIS_NAMES, {}), **names}})
    return fig


def _axis_title(fig: go.Figure, trace: Any, axis: str, values: list[Any] | None) -> str:
    """The title of the axis a trace is drawn on ('x' -> layout.xaxis, 'x2' -> layout.xaxis2); without one, the name
    given by name_axes_in_table, else 'Label' for an axis of names, else the letter."""
    ref = getattr(trace, f"{axis}axis", None) if f"{axis}axis" in trace else None
    layout_axis = getattr(fig.layout, f"{axis}axis{str(ref or axis)[1:]}", None)
    title = getattr(getattr(layout_axis, "title", None), "text", None)
    if title:
        return plain_text(title)
    named = fig.layout.meta.get(TABLE_AXIS_NAMES, {}) if isinstance(fig.layout.meta, dict) else {}
    if axis in named:
        return plain_text(named[axis])
    return "Label" if values and any(isinstance(v, str) for v in values) else axis


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The figures of a chart, one row per point of every trace a user can hover: the trace's name ('Series'), its x
    and y (columns named by the axis titles; a bar with a base gives 'from-to'), z ('Value') and the text of its
    hover box ('Details'); columns that stay empty are dropped. Legend keys and outlines (hover skipped) are left
    out. Text is plain (tags and entities of Plotly labels resolved); numbers carry the chart's decimal and group
    marks (layout.separators), as its hover does."""
    rows: list[dict[str, str]] = []
    separators = str(fig.layout.separators or ".,")
    for plotted in fig.data:
        trace = _Trace(plotted, separators)
        hoverinfo = trace.get("hoverinfo")
        if isinstance(hoverinfo, str) and hoverinfo in _HIDDEN_HOVER:
            continue
        arrays = {a: trace.points(a) for a in ("x", "y", "z", "lat")}
        count = max((len(v) for v in arrays.values() if v is not None), default=0)
        base = trace.points("base")
        horizontal = trace.get("orientation") == "h"
        titles = {axis: _axis_title(fig, plotted, axis, arrays[axis]) for axis in ("x", "y")}
        template = trace.get("hovertemplate")
        compiled = _compiled(template) if isinstance(template, str) and template else None
        for i in range(count):
            values = {a: v[i] if v is not None and i < len(v) else None for a, v in arrays.items()}
            if all(value is None for value in values.values()):
                continue
            row = {"Series": plain_text(trace.name)}
            for axis in ("x", "y"):
                value = values[axis]
                start = base[i] if base is not None and i < len(base) else None
                if start is not None and isinstance(value, (int, float)) and (axis == "x") == horizontal:
                    row[titles[axis]] = f"{_cell(start, separators)}-{_cell(start + value, separators)}"
                else:
                    row[titles[axis]] = _cell(value, separators)
            row["Value"] = _cell(values["z"], separators)
            row["Details"] = _hover_text(trace, compiled, i) if template is not None else ""
            rows.append(row)
    table = pd.DataFrame(rows).fillna("")
    return table.loc[:, [c for c in table.columns if table[c].astype(bool).any()]] if len(table) else table


def figures_name(chart_key: str) -> str:
    """The name of a chart's "Figures in this chart" expander (`open_key` of it is True while it is open)."""
    return f"{chart_key}.figures"


def show_chart(fig: go.Figure, *, key: str, config: dict[str, object] | None = None, **kwargs: Any) -> None:
    """The chart, and under it an expander "Figures in this chart" holding the table of its figures
    (`figure_table`), its text alternative for a screen reader or a small screen; the table is drawn only
    while the expander is open (`figures_name(key)`)."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG if config is None else config, key=key, **kwargs)
    table = figure_table(fig)
    if table.empty:
        return
    figures = lazy_expander(FIGURES_LABEL, figures_name(key), icon=":material/table:")
    if not showing(figures):
        return
    title = plain_text(fig.layout.title.text or "the chart")
    with figures:
        # st.table renders its cells as Markdown: text from the editable tables is escaped to show as typed.
        st.table(
            table.map(markdown_text).rename(columns=markdown_text),
            hide_index=True,
            alt=f"Figures of the chart: {title}",
        )
