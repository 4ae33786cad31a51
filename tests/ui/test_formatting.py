"""Text for figures on the page (ui.formatting): tables in whole units as the text beside them, a chart's money as
hover text, and the marks of a chart's numbers."""

from __future__ import annotations

import pandas as pd

from pricing.money_text import NBSP
from ui.formatting import money, money_text_columns, money_whole, plot_separators


def test_money_columns_as_hover_text_and_plot_separators_follow_the_locale() -> None:
    frame = pd.DataFrame({"p50": [1234.0, -49_000.0], "n": [3, 4]}, index=[7, 8])
    texts = money_text_columns(frame, ["p50"], "EUR")
    assert texts["p50"].tolist() == [f"1.234{NBSP}€", f"-49.000{NBSP}€"] and list(texts.index) == [7, 8]
    assert money_text_columns(frame, ["p50"], "GBP", 2)["p50"].tolist() == ["£1,234.00", "-£49,000.00"]
    assert list(money_text_columns(frame, ["p50"], "XYZ").columns) == ["p50"]
    assert plot_separators("EUR") == ",." and plot_separators("GBP") == ".,"


def test_a_table_in_whole_units_reads_as_the_text_beside_it() -> None:
    values = pd.Series([1114.5, -0.5, 2.4, 2.5], index=[3, 4, 5, 6], name="p50")
    whole = money_whole(values)
    assert whole.tolist() == [1115.0, -1.0, 2.0, 3.0] and list(whole.index) == [3, 4, 5, 6]
    assert values.round(0).tolist() == [1114.0, -0.0, 2.0, 2.0]  # what pandas alone would show
    assert money(1114.5, "GBP") == f"£{whole.iloc[0]:,.0f}"
