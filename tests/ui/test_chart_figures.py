"""The shared chart helpers (ui.charts.common): titles wrapped to fit a phone, and the table of a chart's figures (its
text alternative) built from the traces a user can hover."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.charts.common import TITLE_LINE_CHARS, figure_table, legend_key, plain_text, tidy, wrapped_title
from ui.user_text import chart_text


def test_long_titles_wrap_and_the_top_margin_makes_room() -> None:
    title = "Course total: median and P10-P90 of simulated courses; bars at typical prices, by part"
    lines = wrapped_title(title).split("<br>")
    assert len(lines) == 2 and all(len(line) <= TITLE_LINE_CHARS for line in lines)
    assert " ".join(lines) == title
    one, two = tidy(go.Figure(), "Short"), tidy(go.Figure(), title, height=400)
    assert two.layout.margin.t > one.layout.margin.t and two.layout.height > 400
    assert two.layout.xaxis.automargin and two.layout.yaxis.automargin


def test_a_subtitle_wraps_inside_its_tag_and_other_markup_is_kept() -> None:
    wrapped = wrapped_title("Name: sessions<br><sup>" + "word " * 30 + "end</sup>")
    lines = wrapped.split("<br>")
    assert lines[0] == "Name: sessions" and len(lines) >= 3
    assert all(line.startswith("<sup>") and line.endswith("</sup>") for line in lines[1:])
    assert wrapped_title("<b>bold</b> and " + "x " * 40) == "<b>bold</b> and " + "x " * 40


def test_the_table_has_each_hoverable_point_with_its_hover_text() -> None:
    fig = go.Figure()
    legend_key(fig, "Sessions (typical)", {"color": "#888"})  # hover skipped: not a figure
    name = chart_text("<a href='x'>Pen</a> & roller")
    fig.add_bar(
        y=[name, "CO2"],
        x=[1234.4, 20.25],
        orientation="h",
        name="Sessions",
        customdata=[["3 x 400"], ["2 x 10"]],
        hovertemplate="<b>%{y}</b><br>Sessions %{x:,.0f} USD<br>Plan: %{customdata[0]}<extra></extra>",
    )
    fig.add_bar(y=[name, "CO2"], x=[500.0, 300.0], base=[900.0, 1700.0], orientation="h", name="P10-P90")
    fig.update_layout(xaxis_title="Course total (USD)")
    table = figure_table(fig)
    assert list(table.columns) == ["Series", "Course total (USD)", "Label", "Details"]
    assert len(table) == 4
    first = table.iloc[0]
    assert first["Label"] == "<a href='x'>Pen</a> & roller"  # shown as typed, not as markup
    assert first["Course total (USD)"] == "1,234"
    assert first["Details"] == "<a href='x'>Pen</a> & roller; Sessions 1,234 USD; Plan: 3 x 400"
    assert table.iloc[1]["Course total (USD)"] == "20.25"
    assert list(table.loc[table["Series"] == "P10-P90", "Course total (USD)"]) == ["900-1,400", "1,700-2,000"]


def test_a_map_trace_gives_its_hover_text_and_outlines_are_left_out() -> None:
    fig = go.Figure()
    fig.add_scattergeo(lon=[1, 2], lat=[3, 4], mode="lines", name="Land", hoverinfo="skip")
    fig.add_scattergeo(
        lon=[10, 20], lat=[50, 60], name="Course total", customdata=[["Germany", 900.0], ["Japan", 1500.4]],
        hovertemplate="%{customdata[0]}: %{customdata[1]:,.0f} EUR<extra></extra>",
    )
    table = figure_table(fig)
    assert list(table["Details"]) == ["Germany: 900 EUR", "Japan: 1,500 EUR"]
    assert set(table["Series"]) == {"Course total"}


def test_numbers_carry_the_charts_own_marks() -> None:
    fig = go.Figure(go.Bar(x=["DE"], y=[1234.4], customdata=[[0.25]], hovertemplate="%{y:,.2f} EUR, %{customdata[0]}"))
    fig.update_layout(separators=",.")
    table = figure_table(fig)
    assert table.iloc[0]["y"] == "1.234" and table.iloc[0]["Details"] == "1.234,40 EUR, 0,25"


def test_plain_text_resolves_plotly_markup() -> None:
    assert plain_text("<b>A &amp; B</b><br>3 USD<extra>x</extra>") == "A & B; 3 USD"
    assert plain_text(chart_text("50% <i>")) == "50% <i>"


def test_an_axis_drawn_without_a_title_is_named_in_the_table_and_money_hovers_read_as_the_page() -> None:
    """The clinic's cash chart has no y title (its title says it): the table names the column, not 'y'; its hover
    writes the sign before the symbol and India's lakh grouping ('-₹12,34,567', where Plotly would write
    '₹-1,234,567')."""
    import numpy as np

    from ui.charts.clinic import CashLine, cumulative_cash

    line = CashLine("d1", "co2", "CO2", np.arange(3), np.array([-1_234_567.4, -1_000.0, 2_000.0]), 2)
    table = figure_table(cumulative_cash([line], {"co2": "#000"}, "INR"))
    assert list(table.columns) == ["Series", "Months from purchase", "Cash so far (INR)", "Details"]
    assert table["Details"].iloc[0] == "CO2; Month 0; Cash so far: -₹12,34,567"
    assert table["Details"].iloc[-1] == "CO2; Pays back in month 2; Cash so far: ₹2,000"
